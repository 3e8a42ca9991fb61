/*
 * util: allocation that cannot fail (it aborts with a message instead),
 * growable byte buffers, and diagnostics: the list of problems a loader or
 * checker found, each already formatted as "FILE:LINE[:COLUMN]: message".
 */
#ifndef LEVER_UTIL_H
#define LEVER_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#define nitems(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xrealloc(void *, size_t);
void *xreallocarray(void *, size_t, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
char *xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));

/* Called before aborting on allocation failure (the TUI restores the terminal). */
void util_set_fatal_hook(void (*)(void));
void fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};
void buf_add(struct buf *, const void *, size_t);
void buf_addc(struct buf *, char);
void buf_adds(struct buf *, const char *);
void buf_printf(struct buf *, const char *, ...) __attribute__((format(printf, 2, 3)));
void buf_free(struct buf *);

struct diag {
	char	**msgs;
	size_t	  n;
};
void diag_add(struct diag *, const char *, ...) __attribute__((format(printf, 2, 3)));
void diag_print(const struct diag *, void *fp);
void diag_clear(struct diag *);

/* Seconds on the monotonic clock, for timeouts and durations. */
double monotonic(void);

/* Shortest decimal text that reads back as exactly the same double. */
char *fmt_double(char *out, size_t len, double);

#endif
