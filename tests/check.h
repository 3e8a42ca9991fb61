/*
 * check.h: CHECK for the C test programs: a condition that does not hold
 * is reported with its file and line and counted in failures, and the test
 * goes on. A test program of several files counts in one place: the file
 * with main defines failures; the others define CHECK_EXTERN first.
 */
#ifndef LEVER_TESTS_CHECK_H
#define LEVER_TESTS_CHECK_H

#include <stdio.h>

#ifdef CHECK_EXTERN
extern int failures;
#else
int failures;
#endif

#define CHECK(c) do {							\
	if (!(c)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,	\
		    __LINE__, #c);					\
		failures++;						\
	}								\
} while (0)

#endif
