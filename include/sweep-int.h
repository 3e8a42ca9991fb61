/*
 * sweep-int: what sweep.c and sweep-merge.c share: the header's first
 * words, messages, and reading a sweep's output back.
 */
#ifndef LEVER_SWEEP_INT_H
#define LEVER_SWEEP_INT_H

#include <stddef.h>
#include <stdio.h>

#define SWEEP_MAGIC	"# lever-sweep 1 "

/* "lever CMD: message" on stderr, made safe for the terminal. */
void	 sweep_say(const char *cmd, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * Count the whole CSV records in the LEN bytes at P (a newline inside
 * quotes is not a record's end); *END is the offset after the last whole
 * record counted, up to MAX records.
 */
size_t	 sweep_records(const char *p, size_t len, size_t max, size_t *end);
/* The whole file at PATH in memory (NULL, errno set, if unreadable). */
char	*sweep_slurp(const char *path, size_t *len);
void	 sweep_usage(FILE *);

#endif
