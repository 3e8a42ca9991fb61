/* util: allocation, buffers, diagnostics, UTF-8, hashing. */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

static void (*fatal_hook)(void);
static int fatal_exit = -1;

void
util_set_fatal_exit(int status)
{
	fatal_exit = status;
}

void
util_reserve_fds(void)
{
	for (int fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF &&
		    open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) == -1)
			abort();	/* no /dev/null: nothing safe to do */
}

void
util_set_fatal_hook(void (*fn)(void))
{
	fatal_hook = fn;
}

void
fatal(const char *fmt, ...)
{
	va_list	ap;

	if (fatal_hook != NULL)
		fatal_hook();
	fputs("lever: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (fatal_exit >= 0)
		_exit(fatal_exit);
	abort();
}

void *
xmalloc(size_t n)
{
	void	*p = malloc(n == 0 ? 1 : n);

	if (p == NULL)
		fatal("out of memory allocating %zu bytes", n);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);

	if (p == NULL)
		fatal("out of memory allocating %zu x %zu bytes", n, size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n == 0 ? 1 : n);
	if (p == NULL)
		fatal("out of memory allocating %zu bytes", n);
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		fatal("allocation of %zu x %zu bytes overflows", n, size);
	return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list	 aq;
	int	 n;
	char	*p;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		fatal("bad format string");
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t	cap = b->cap ? b->cap : 256;

		while (cap < b->len + n + 1)
			cap *= 2;
		b->data = xrealloc(b->data, cap);
		b->cap = cap;
	}
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	buf_adds(b, s);
	free(s);
}

void
util_vsay(const char *who, const char *fmt, va_list ap)
{
	char	*msg = xvasprintf(fmt, ap);

	fprintf(stderr, "%s: ", who);
	safe_fputs(msg, stderr, 0);
	fputc('\n', stderr);
	free(msg);
}

void
util_say(const char *who, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	util_vsay(who, fmt, ap);
	va_end(ap);
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void
diag_add(struct diag *d, const char *fmt, ...)
{
	va_list	ap;

	d->msgs = xreallocarray(d->msgs, d->n + 1, sizeof *d->msgs);
	va_start(ap, fmt);
	d->msgs[d->n++] = xvasprintf(fmt, ap);
	va_end(ap);
}

/* Print each problem made safe for a terminal (safe_add). */
void
diag_print(const struct diag *d, void *fp)
{
	for (size_t i = 0; i < d->n; i++) {
		safe_fputs(d->msgs[i], fp, SAFE_LINES);
		fputc('\n', fp);
	}
}

void
diag_clear(struct diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->msgs[i]);
	free(d->msgs);
	d->msgs = NULL;
	d->n = 0;
	d->system = false;
}

double
monotonic(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

size_t
utf8_decode(const void *p, size_t n, uint32_t *cpp)
{
	const unsigned char	*s = p;
	unsigned int		 c = s[0];
	size_t			 len, i;
	uint32_t		 cp;

	if (c < 0x80) {
		if (cpp != NULL)
			*cpp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	if (cpp != NULL)
		*cpp = cp;
	return len;
}

size_t
utf8_len(const void *s, size_t n)
{
	return utf8_decode(s, n, NULL);
}

size_t
utf8_valid(const void *p, size_t n)
{
	const unsigned char	*s = p;
	size_t			 i = 0, len;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((len = utf8_len(s + i, n - i)) == 0)
			return i;
		i += len;
	}
	return n;
}

size_t
utf8_encode(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

uint64_t
fnv1a(const char *s)
{
	uint64_t	h = 14695981039346656037ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* Does the terminal take UTF-8? Else every byte past ASCII is suspect. */
static bool
utf8_locale(void)
{
	const char	*cs = nl_langinfo(CODESET);

	return cs != NULL && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0);
}

/*
 * The one filter between text from outside (a script, a baseline, a
 * session file) and a terminal. Kept: printable ASCII, and in a UTF-8
 * locale every valid UTF-8 character but the C1 controls U+0080..U+009F
 * (U+009B is CSI, U+009D OSC); with SAFE_LINES also newline and tab.
 * Everything else (C0 controls with ESC, DEL, C1, bytes that are not
 * UTF-8, any byte past ASCII in another locale) becomes one '?' each.
 */
void
safe_add(struct buf *b, const char *s, size_t n, unsigned flags)
{
	bool	utf8 = utf8_locale();
	size_t	i = 0, len;

	while (i < n) {
		unsigned char	c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f) {
			size_t	run = 1;

			while (i + run < n && (unsigned char)s[i + run] >= 0x20 &&
			    (unsigned char)s[i + run] < 0x7f)
				run++;
			buf_add(b, s + i, run);
			i += run;
		} else if (c < 0x80) {
			buf_addc(b, (flags & SAFE_LINES) && (c == '\n' ||
			    c == '\t') ? (char)c : '?');
			i++;
		} else if (!utf8 || (len = utf8_len(s + i, n - i)) == 0) {
			buf_addc(b, '?');
			i++;
		} else if (len == 2 && c == 0xc2 &&
		    (unsigned char)s[i + 1] < 0xa0) {
			buf_addc(b, '?');	/* C1 */
			i += 2;
		} else {
			buf_add(b, s + i, len);
			i += len;
		}
	}
	if (b->data == NULL)
		buf_add(b, "", 0);
}

char *
safe_text(const char *s, unsigned flags)
{
	struct buf	b = { 0 };

	safe_add(&b, s != NULL ? s : "", s != NULL ? strlen(s) : 0, flags);
	return b.data;
}

void
safe_fputs(const char *s, void *fp, unsigned flags)
{
	char	*t = safe_text(s, flags);

	fputs(t, fp);
	free(t);
}
