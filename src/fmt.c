/*
 * fmt: the text of a double, as %.15g, %.16g or %.17g (the first that
 * reads back as the same double), without printf or strtod.
 *
 * A finite double is m * 2^e with m an integer below 2^53. Scaled by 10^n
 * to Y = m * 2^e * 10^n in [10^16, 10^17), its integer part is 17
 * significant digits. Y is computed as a 128-bit fixed-point number with
 * 64 fraction bits from a 128-bit 10^n (include/fmt-pow10.h, rounded
 * down), so the true Y lies in [y, y + 2) units of 2^-64. That is enough
 * to round Y to 15, 16 or 17 digits, and to decide whether the rounded
 * digits D read back as the double: strtod rounds to the nearest double,
 * so they do when D lies within half a gap of m * 2^e on its side (the gap
 * below a power of two is half the one above). Whenever Y lies within the
 * error of a rounding point or D within it of a half gap, fmt_fast gives
 * up and fmt_double asks printf and strtod as it always did; that happens
 * for ties and for a few exact values, about never for measured ones.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"

#ifdef __SIZEOF_INT128__

typedef unsigned __int128 u128;

#include "fmt-pow10.h"

/* "00" to "99" */
static const char fmt_pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233"
    "34353637383940414243444546474849505152535455565758596061626364656667"
    "6869707172737475767778798081828384858687888990919293949596979899";

#define E16	10000000000000000ULL
#define E17	100000000000000000ULL

/*
 * M * 10^N * 2^E, times 2^64, rounded down, through the table's 10^N:
 * the true value lies in [result, result + 2). False if out of reach.
 */
static bool
fmt_scale(uint64_t m, int e, int n, u128 *out)
{
	const struct fmt_pow10	*p;
	u128			 lo, hi, mid;
	uint64_t		 w0, w1, w2;
	int			 sh;

	if (n < FMT_POW10_MIN || n > FMT_POW10_MAX)
		return false;
	p = &fmt_pow10[n - FMT_POW10_MIN];
	lo = (u128)m * p->lo;
	hi = (u128)m * p->hi;
	w0 = (uint64_t)lo;
	mid = (lo >> 64) + (uint64_t)hi;
	w1 = (uint64_t)mid;
	w2 = (uint64_t)(hi >> 64) + (uint64_t)(mid >> 64);
	/* the product w2:w1:w0 times 2^(p->e + e + 64) */
	sh = -(p->e + e + 64);
	if (sh >= 64 && sh < 128)
		*out = (((u128)w2 << 64) | w1) >> (sh - 64);
	else if (sh > 0 && sh < 64 && (w2 >> sh) == 0)
		*out = ((u128)w2 << (128 - sh)) |
		    ((((u128)w1 << 64) | w0) >> sh);
	else
		return false;
	return true;
}

/* Half of 2^E (the gap above m * 2^E) scaled as fmt_scale scales by 10^N. */
static bool
fmt_half_gap(int e, int n, u128 *out)
{
	const struct fmt_pow10	*p = &fmt_pow10[n - FMT_POW10_MIN];
	int			 sh = -(p->e + e - 1 + 64);

	if (sh <= 0 || sh >= 128)
		return false;
	*out = (((u128)p->hi << 64) | p->lo) >> sh;
	return true;
}

/*
 * Whether digits D (scaled as Y, times 2^64) read back as the double whose
 * scaled value is Y, with half gaps HI above and LO below: 1 yes, 0 no, -1
 * too close to tell.
 */
static int
fmt_reads_back(u128 d, u128 y, u128 hi, u128 lo)
{
	u128	diff;

	if (d >= y) {
		/* the true distance is in (diff - 2, diff] */
		diff = d - y;
		if (diff < hi)
			return 1;
		if (diff >= hi + 4)
			return 0;
		return -1;
	}
	/* the true distance is in [diff, diff + 2) */
	diff = y - d;
	if (diff + 2 <= lo)
		return 1;
	if (diff >= lo + 2)
		return 0;
	return -1;
}

/* Lay out P digits DIG with the leading one's decimal exponent X as %.Pg. */
static size_t
fmt_layout(char *out, bool neg, const char *dig, int p, int x)
{
	char	*s = out;
	int	 nd = p, i, ax;

	while (nd > 1 && dig[nd - 1] == '0')
		nd--;
	if (neg)
		*s++ = '-';
	if (x < -4 || x >= p) {
		*s++ = dig[0];
		if (nd > 1) {
			*s++ = '.';
			memcpy(s, dig + 1, nd - 1);
			s += nd - 1;
		}
		*s++ = 'e';
		*s++ = x < 0 ? '-' : '+';
		ax = x < 0 ? -x : x;
		if (ax >= 100)
			*s++ = '0' + ax / 100;
		*s++ = '0' + ax / 10 % 10;
		*s++ = '0' + ax % 10;
	} else if (x >= 0) {
		for (i = 0; i <= x; i++)
			*s++ = i < nd ? dig[i] : '0';
		if (nd > x + 1) {
			*s++ = '.';
			memcpy(s, dig + x + 1, nd - x - 1);
			s += nd - x - 1;
		}
	} else {
		*s++ = '0';
		*s++ = '.';
		for (i = 0; i < -x - 1; i++)
			*s++ = '0';
		memcpy(s, dig, nd);
		s += nd;
	}
	*s = '\0';
	return (size_t)(s - out);
}

size_t
fmt_fast(char *out, double v)
{
	static const uint64_t	 pow10[] = { 1, 10, 100 };
	uint64_t		 bits, frac, m, q, nq, r;
	u128			 y, hi, lo, half, rr;
	bool			 neg;
	int			 be, e, e2, z, k, n, p, x, tries, i, back;
	int64_t			 t;
	char			 dig[17];

	memcpy(&bits, &v, sizeof bits);
	neg = (bits >> 63) != 0;
	be = (int)(bits >> 52 & 0x7ff);
	frac = bits & ((1ULL << 52) - 1);
	if (be == 0x7ff)
		return 0;
	if (be == 0 && frac == 0)
		return (size_t)(stpcpy(out, neg ? "-0" : "0") - out);
	if (be == 0) {
		m = frac;
		e = -1074;
	} else {
		m = frac | 1ULL << 52;
		e = be - 1075;
	}
	z = __builtin_clzll(m) - 11;
	e2 = e - z;

	/* v is in [2^(e2 + 52), 2^(e2 + 53)): guess its decimal exponent */
	t = (int64_t)(e2 + 52) * 646456993;	/* log10(2) * 2^31 */
	k = (int)(t >= 0 ? t >> 31 : -((-t + (1LL << 31) - 1) >> 31));
	n = 16 - k;
	for (tries = 0;; tries++) {
		if (tries == 3 || !fmt_scale(m << z, e2, n, &y))
			return 0;
		if ((uint64_t)(y >> 64) < E16)
			n++;
		else if ((uint64_t)(y >> 64) >= E17)
			n--;
		else
			break;
	}
	if (!fmt_half_gap(e, n, &hi))
		return 0;
	lo = (frac == 0 && be > 1) ? hi >> 1 : hi;

	for (p = 15;; p++) {
		q = pow10[17 - p];
		/* by constants, which the compiler turns into multiplications */
		nq = (uint64_t)(y >> 64);
		nq = p == 15 ? nq / 100 : p == 16 ? nq / 10 : nq;
		r = (uint64_t)(y >> 64) - nq * q;
		rr = (u128)r << 64 | (uint64_t)y;
		half = (u128)q << 63;
		if (rr > half)
			nq++;
		else if (rr + 2 > half)
			return 0;
		if (p == 17)
			break;
		back = fmt_reads_back((u128)(nq * q) << 64, y, hi, lo);
		if (back < 0)
			return 0;
		if (back > 0)
			break;
	}
	x = 16 - n;
	if (nq == E17 / q) {
		nq /= 10;
		x++;
	}
	for (i = p - 2; i >= 0; i -= 2) {
		memcpy(dig + i, fmt_pairs + 2 * (nq % 100), 2);
		nq /= 100;
	}
	if (i == -1)
		dig[0] = (char)('0' + nq);
	return fmt_layout(out, neg, dig, p, x);
}

#else

size_t
fmt_fast(char *out, double v)
{
	(void)out;
	(void)v;
	return 0;
}

#endif

char *
fmt_double(char *out, size_t len, double v)
{
	char	buf[FMT_FAST_LEN];
	size_t	n;

	n = fmt_fast(buf, v);
	if (n > 0 && n < len) {
		memcpy(out, buf, n + 1);
		return out;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(out, len, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			break;
	}
	return out;
}
