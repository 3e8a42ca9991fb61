/*
 * test_fmt: fmt_double against the implementation it replaced (kept here
 * as the oracle: the first of %.15g, %.16g, %.17g that strtod reads back
 * as the same double), byte for byte, over random bit patterns, random
 * decimals, and the hard cases: subnormals, the extremes, powers of two
 * and ten and their neighbours, exact ties at 15, 16 and 17 digits,
 * values where %g switches to exponent form, signs, zeros, non-finite
 * values and buffers too short for the text. Every text must also read
 * back as the double. FMT_TEST_COUNT (default 2000000) sets how many
 * random bit patterns.
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "check.h"

static uint64_t	rng = 88172645463325252ULL;
static long	checked, fast, shown;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static char *
oracle(char *out, size_t len, double v)
{
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(out, len, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			break;
	}
	return out;
}

/* V and -V: fmt_double as the oracle, fmt_fast as well when it answers. */
static void
check_one(double v)
{
	char	want[64], got[64], quick[FMT_FAST_LEN];
	size_t	n;

	for (int sign = 0; sign < 2; sign++, v = -v) {
		oracle(want, sizeof want, v);
		memset(got, 'x', sizeof got);
		fmt_double(got, sizeof got, v);
		checked++;
		n = fmt_fast(quick, v);
		if (n > 0) {
			fast++;
			CHECK(n == strlen(quick) && strcmp(quick, want) == 0);
		}
		if (strcmp(got, want) != 0 || (isfinite(v) &&
		    strtod(got, NULL) != v)) {
			if (shown++ < 20)
				fprintf(stderr, "%a: got %s, want %s\n", v,
				    got, want);
			failures++;
		}
	}
}

static double
from_bits(uint64_t x)
{
	double	v;

	memcpy(&v, &x, sizeof v);
	return v;
}

static void
test_special(void)
{
	static const double cases[] = {
		0.0, 1.0, 0.5, 0.1, 0.2, 0.3, 0.1 + 0.2, 1320, 1e15, 1e16,
		1e17, 1e21, 1e22, 1e23, 9007199254740992.0,
		9007199254740993.0, 9007199254740994.0, 5e-324, 1e-323,
		2.2250738585072014e-308, 2.2250738585072009e-308,
		4.9406564584124654e-324, DBL_MIN, DBL_MAX, DBL_EPSILON,
		DBL_TRUE_MIN, 1.7976931348623157e308, 123456789012345.0,
		1234567890123456.0, 12345678901234567.0, 999999999999999.0,
		9999999999999998.0, 99999999999999984.0, 0.0001, 0.00001,
		0.000123456789012345, 1e-5, 9.9999999999999995e-05,
		1e-4 - 1e-20, 299792458, 6.02214076e23, 1.602176634e-19,
		2.718281828459045, 3.141592653589793, 0.30000000000000004,
		1e100, 1e-100, 1e300, 1e-300, 1e308, 1e-308, 4.35, 2.675,
		1.005, 1000000000000000.5, 100000000000000.5, 0.3,
		8.41e21, 5.0e-310, 1.5e-323, 7e-322, 33554432.0,
		4503599627370496.5, 4503599627370497.0,
	};
	char	buf[64];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_one(cases[i]);
	check_one(INFINITY);
	check_one(NAN);
	check_one(from_bits(0x7ff0000000000001ULL));
	check_one(from_bits(0x000fffffffffffffULL));
	check_one(from_bits(0x0010000000000000ULL));
	check_one(from_bits(0x7fefffffffffffffULL));
	CHECK(strcmp(fmt_double(buf, sizeof buf, -0.0), "-0") == 0);
	CHECK(strcmp(fmt_double(buf, sizeof buf, 0.0), "0") == 0);
	CHECK(strcmp(fmt_double(buf, sizeof buf, 1e15), "1e+15") == 0);
	CHECK(strcmp(fmt_double(buf, sizeof buf, 5e-324),
	    "4.94065645841247e-324") == 0);
	CHECK(strcmp(fmt_double(buf, sizeof buf, 9007199254740993.0),
	    "9007199254740992") == 0);
	CHECK(strcmp(fmt_double(buf, sizeof buf, 1234567890123456.0),
	    "1234567890123456") == 0);
	CHECK(strcmp(fmt_double(buf, sizeof buf, 0.0001), "0.0001") == 0);
	CHECK(strcmp(fmt_double(buf, sizeof buf, 0.00001), "1e-05") == 0);
	CHECK(strcmp(fmt_double(buf, sizeof buf, -INFINITY), "-inf") == 0);
}

/* Every power of two and of ten in range, and the doubles either side. */
static void
test_powers(void)
{
	char	s[32];

	for (int e = -1074; e <= 1023; e++) {
		double v = ldexp(1, e);

		check_one(v);
		check_one(nextafter(v, 0));
		check_one(nextafter(v, INFINITY));
	}
	for (int e = -323; e <= 308; e++) {
		double v;

		snprintf(s, sizeof s, "1e%d", e);
		v = strtod(s, NULL);
		if (!(fabs(v) < 1e300))
			continue;
		check_one(v);
		check_one(nextafter(v, 0));
		check_one(nextafter(v, INFINITY));
		for (int d = 2; d <= 9; d++) {
			snprintf(s, sizeof s, "%de%d", d, e);
			check_one(strtod(s, NULL));
		}
	}
}

/* Around 10^14 to 10^18, where %.15g, %.16g and %.17g go to exponent form. */
static void
test_exponent_edges(void)
{
	for (int e = 13; e <= 18; e++) {
		double v = pow(10, e), w = v, u = v;

		for (int i = 0; i < 200; i++) {
			w = nextafter(w, 0);
			u = nextafter(u, INFINITY);
			check_one(w);
			check_one(u);
			check_one(v - i);
			check_one(v + i);
			check_one(v - i - 0.5);
		}
	}
}

/*
 * Doubles exactly halfway between two D-digit decimals: c / 2^(n+1) with
 * c odd, whose value times 10^n is c * 5^n / 2 with D digits before the
 * point; printf must settle the tie.
 */
static void
test_ties(void)
{
	uint64_t	p5 = 1;

	for (int n = 0; n <= 22; n++, p5 *= 5) {
		for (int d = 14; d <= 16; d++) {
			double	lo = 2 * pow(10, d) / (double)p5;
			double	hi = 2 * pow(10, d + 1) / (double)p5;

			if (lo > 9007199254740991.0 || hi - lo < 4)
				continue;
			if (hi > 9007199254740991.0)
				hi = 9007199254740991.0;
			for (int i = 0; i < 200; i++) {
				uint64_t c = (uint64_t)lo +
				    next() % (uint64_t)(hi - lo);

				c |= 1;
				check_one(ldexp((double)c, -(n + 1)));
				check_one(ldexp((double)c, -(n + 1)) * 1024);
			}
		}
	}
}

/* Decimals of 1 to 17 digits at every scale, and sums and products. */
static void
test_decimals(void)
{
	char	s[48];
	long	c0 = checked, f0 = fast;

	for (int i = 0; i < 400000; i++) {
		int		digits = 1 + (int)(next() % 17);
		uint64_t	m = next() % 100000000000000000ULL;
		int		e = (int)(next() % 640) - 330;
		double		v;

		while (m >= 10 && digits < 17 && next() % 4 != 0)
			m /= 10;
		if (i % 2)
			e = (int)(next() % 40) - 20;
		snprintf(s, sizeof s, "%llue%d", (unsigned long long)m, e);
		v = strtod(s, NULL);
		if (!(fabs(v) < 1e300))
			continue;
		check_one(v);
		check_one(v * 1.1);
		check_one(v + 0.1);
		check_one(v / 3);
	}
	printf("decimals: %ld of %ld settled without printf\n", fast - f0,
	    checked - c0);
	CHECK(fast - f0 >= (checked - c0) / 1000 * 980);
}

/*
 * Random bit patterns. About 0.2% of them are exact ties (integers past
 * 2^53 and halves, which printf must settle); the rest the arithmetic
 * alone must settle, or the fast path would hardly be used.
 */
static void
test_random_bits(long count)
{
	long	c0 = checked, f0 = fast;

	for (long i = 0; i < count; i++)
		check_one(from_bits(next()));
	CHECK(fast - f0 >= (checked - c0) / 1000 * 995);
}

/* A buffer too short for the text: truncated exactly as before. */
static void
test_short_buffers(void)
{
	char	want[64], got[64];

	for (int i = 0; i < 20000; i++) {
		double	v = i % 2 ? from_bits(next()) : (double)(next() %
		    100000) / 1000;
		size_t	len = 1 + next() % 26;

		memset(want, 'x', sizeof want);
		memset(got, 'x', sizeof got);
		oracle(want, len, v);
		fmt_double(got, len, v);
		CHECK(strcmp(want, got) == 0);
	}
}

int
main(void)
{
	const char	*s = getenv("FMT_TEST_COUNT");
	long		 count = s != NULL ? atol(s) : 2000000;

	test_special();
	test_powers();
	test_exponent_edges();
	test_ties();
	test_decimals();
	test_random_bits(count);
	test_short_buffers();
	printf("test_fmt: %ld values, %ld (%.4f%%) settled without printf, "
	    "%d failures\n", checked, fast, 100.0 * fast / checked, failures);
	return failures == 0 ? 0 : 1;
}
