/*
 * check.h: CHECK for the C test programs: a condition that does not hold
 * is reported with its file and line and counted in failures, and the test
 * goes on.
 */
#ifndef LEVER_TESTS_CHECK_H
#define LEVER_TESTS_CHECK_H

#include <stdio.h>

static int failures;

#define CHECK(c) do {							\
	if (!(c)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,	\
		    __LINE__, #c);					\
		failures++;						\
	}								\
} while (0)

#endif
