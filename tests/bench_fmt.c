/*
 * bench_fmt: fmt_double against the way lever formatted numbers before
 * (printf's %.15g, %.16g, %.17g, each read back with strtod until one is
 * the same double), on the same million doubles of the kind lever writes
 * (money, rates, scores: random magnitudes times awkward fractions).
 * Prints the nanoseconds per number of each and their ratio, best of
 * five alternating rounds.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fmt.h"
#include "util.h"

#define N	1000000

static char *
fmt_printf(char *out, size_t len, double v)
{
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(out, len, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			break;
	}
	return out;
}

static double
ns_each(char *(*f)(char *, size_t, double), const double *v, size_t *sum)
{
	char	buf[32];
	double	t0 = monotonic();

	for (size_t i = 0; i < N; i++)
		*sum += strlen(f(buf, sizeof buf, v[i]));
	return (monotonic() - t0) * 1e9 / N;
}

int
main(void)
{
	double		*v = xcalloc(N, sizeof *v), old = 1e9, new = 1e9, t;
	uint64_t	 x = 1;
	size_t		 sum = 0;

	for (size_t i = 0; i < N; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		v[i] = (double)(x >> 20) / 1000.0 * ((double)(x & 7) + 0.37);
	}
	for (int round = 0; round < 5; round++) {
		if ((t = ns_each(fmt_printf, v, &sum)) < old)
			old = t;
		if ((t = ns_each(fmt_double, v, &sum)) < new)
			new = t;
	}
	printf("fmt_double %.0f ns a number, printf and strtod %.0f ns: %.1fx "
	    "faster (%zu bytes)\n", new, old, old / new, sum / 10);
	free(v);
	return 0;
}
