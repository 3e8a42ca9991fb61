/*
 * util: allocation that cannot fail (it aborts with a message instead),
 * growable byte buffers, and diagnostics: the list of problems a loader or
 * checker found, each already formatted as "FILE:LINE[:COLUMN]: message".
 */
#ifndef LEVER_UTIL_H
#define LEVER_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fmt.h"

#define nitems(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xrealloc(void *, size_t);
void *xreallocarray(void *, size_t, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
char *xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));

/*
 * "WHO: message" on stderr, made safe for the terminal (a message may
 * quote a script or a file), as the command-line tools report.
 */
void util_say(const char *who, const char *, ...)
    __attribute__((format(printf, 2, 3)));
void util_vsay(const char *who, const char *, va_list)
    __attribute__((format(printf, 2, 0)));

/* Called before aborting on allocation failure (the TUI restores the terminal). */
void util_set_fatal_hook(void (*)(void));
void fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
/* In a worker: fatal ends the process with _exit(STATUS), not abort. */
void util_set_fatal_exit(int status);
/*
 * Make sure descriptors 0, 1 and 2 are open (on /dev/null if they were
 * closed), so that no pipe or file opened later lands on one of them.
 */
void util_reserve_fds(void);

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
	bool	  system;	/* one is the system's failure, not the input's */
};
void diag_add(struct diag *, const char *, ...) __attribute__((format(printf, 2, 3)));
void diag_print(const struct diag *, void *fp);
void diag_clear(struct diag *);

/*
 * Text from a script, a baseline or a session file on its way to a
 * terminal (stdout, stderr, the screen) goes through here, and only here:
 * C0 controls (ESC among them), DEL, C1 controls (U+0080..U+009F, CSI and
 * OSC among them), bytes that are not UTF-8, and in a locale that is not
 * UTF-8 every byte past ASCII, become '?'. SAFE_LINES keeps newline and
 * tab. Files (CSV, JSON) keep their exact bytes and never come here.
 */
#define SAFE_LINES	0x1
void	 safe_add(struct buf *, const char *, size_t, unsigned flags);
char	*safe_text(const char *, unsigned flags);
void	 safe_fputs(const char *, void *fp, unsigned flags);
/* Length of the valid UTF-8 character at S (N bytes left), else 0. */
size_t	 utf8_len(const void *s, size_t n);
/* Offset of the first byte of S that is not valid UTF-8, or N. */
size_t	 utf8_valid(const void *s, size_t n);
/* The same as utf8_len, and the code point in *CP (which may be NULL). */
size_t	 utf8_decode(const void *s, size_t n, uint32_t *cp);
/* Write CP as UTF-8 into OUT (4 bytes of room), unterminated; its length. */
size_t	 utf8_encode(char *out, uint32_t cp);

/* The 64-bit FNV-1a hash of S, for hash tables (not for security). */
uint64_t fnv1a(const char *s);

/* Seconds on the monotonic clock, for timeouts and durations. */
double monotonic(void);

#endif
