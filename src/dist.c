/*
 * dist: distributions of assumptions and the random numbers that draw them.
 * Every draw is an inverse cumulative distribution function applied to one
 * uniform number, so a sample is a vector of uniforms, one per assumption.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dist.h"
#include "util.h"

static const struct dist_info kinds[] = {
	{ DIST_NONE, "none", { NULL }, 0 },
	{ DIST_NORMAL, "normal", { "mean", "sd" }, 2 },
	{ DIST_LOGNORMAL, "lognormal", { "meanlog", "sdlog" }, 2 },
	{ DIST_TRIANGULAR, "triangular", { "min", "mode", "max" }, 3 },
	{ DIST_UNIFORM, "uniform", { "min", "max" }, 2 },
	{ DIST_EMPIRICAL, "empirical", { NULL }, 0 }
};

const struct dist_info *
dist_find(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 1; i < nitems(kinds); i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

const struct dist_info *
dist_info(enum dist_kind k)
{
	for (size_t i = 0; i < nitems(kinds); i++)
		if (kinds[i].kind == k)
			return &kinds[i];
	return &kinds[0];
}

const char *
dist_kinds(void)
{
	return "normal, lognormal, triangular, uniform or empirical";
}

int
dist_check(const struct distribution *d, double value, char **cause)
{
	const double	*p = d->p;
	double		 lo = -INFINITY, hi = INFINITY;

	*cause = NULL;
	switch (d->kind) {
	case DIST_NONE:
		return 0;
	case DIST_NORMAL:
	case DIST_LOGNORMAL:
		if (!(p[1] > 0)) {
			*cause = xasprintf("'%s' must be more than 0",
			    d->kind == DIST_NORMAL ? "sd" : "sdlog");
			return -1;
		}
		if (d->kind == DIST_LOGNORMAL)
			lo = 0;
		break;
	case DIST_TRIANGULAR:
		if (!(p[0] < p[2])) {
			*cause = xasprintf("'min' must be less than 'max'");
			return -1;
		}
		if (p[1] < p[0] || p[1] > p[2]) {
			*cause = xasprintf("'mode' must lie from 'min' to "
			    "'max'");
			return -1;
		}
		lo = p[0];
		hi = p[2];
		break;
	case DIST_UNIFORM:
		if (!(p[0] < p[1])) {
			*cause = xasprintf("'min' must be less than 'max'");
			return -1;
		}
		lo = p[0];
		hi = p[1];
		break;
	case DIST_EMPIRICAL:
		if (d->nvalues == 0) {
			*cause = xasprintf("'values' must list at least one "
			    "number");
			return -1;
		}
		lo = hi = d->values[0];
		for (size_t i = 0; i < d->nvalues; i++) {
			if (!isfinite(d->values[i])) {
				*cause = xasprintf("values[%zu] must be a "
				    "finite number", i + 1);
				return -1;
			}
			lo = fmin(lo, d->values[i]);
			hi = fmax(hi, d->values[i]);
		}
		break;
	}
	if (d->kind == DIST_LOGNORMAL && !(value > 0)) {
		*cause = xasprintf("a lognormal value is more than 0, but "
		    "'value' is %g", value);
		return -1;
	}
	if (value < lo || value > hi) {
		*cause = xasprintf("'value' %g lies outside the distribution "
		    "(%g to %g)", value, lo, hi);
		return -1;
	}
	return 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void
dist_sort(struct distribution *d)
{
	if (d->kind == DIST_EMPIRICAL && d->nvalues > 1)
		qsort(d->values, d->nvalues, sizeof *d->values, cmp_double);
}

/*
 * The standard normal quantile: Acklam's rational approximations (relative
 * error below 1.2e-9) refined by one step of Halley's method against erfc,
 * which brings it to the precision of erfc itself.
 */
double
dist_normal_quantile(double u)
{
	static const double a[] = { -3.969683028665376e+01,
	    2.209460984245205e+02, -2.759285104469687e+02,
	    1.383577518672690e+02, -3.066479806614716e+01,
	    2.506628277459239e+00 };
	static const double b[] = { -5.447609879822406e+01,
	    1.615858368580409e+02, -1.556989798598866e+02,
	    6.680131188771972e+01, -1.328068155288572e+01 };
	static const double c[] = { -7.784894002430293e-03,
	    -3.223964580411365e-01, -2.400758277161838e+00,
	    -2.549732539343734e+00, 4.374664141464968e+00,
	    2.938163982698783e+00 };
	static const double d[] = { 7.784695709041462e-03,
	    3.224671290700398e-01, 2.445134137142996e+00,
	    3.754408661907416e+00 };
	const double	 plow = 0.02425;
	double		 q, r, x, e, h;

	if (!(u > 0))
		return -INFINITY;
	if (!(u < 1))
		return INFINITY;
	if (u < plow || u > 1 - plow) {
		q = sqrt(-2 * log(u < plow ? u : 1 - u));
		x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q +
		    c[4]) * q + c[5]) /
		    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
		if (u > plow)
			x = -x;
	} else {
		q = u - 0.5;
		r = q * q;
		x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r +
		    a[4]) * r + a[5]) * q /
		    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r +
		    b[4]) * r + 1);
	}
	/* Halley: the error in probability, over the density */
	e = 0.5 * erfc(-x / sqrt(2)) - u;
	h = e * 2.5066282746310002 * exp(x * x / 2);	/* sqrt(2 pi) */
	return x - h / (1 + x * h / 2);
}

double
dist_quantile(const struct distribution *d, double u)
{
	const double	*p = d->p;
	double		 span, f;
	size_t		 i;

	switch (d->kind) {
	case DIST_NORMAL:
		return p[0] + p[1] * dist_normal_quantile(u);
	case DIST_LOGNORMAL:
		return exp(p[0] + p[1] * dist_normal_quantile(u));
	case DIST_TRIANGULAR:
		span = p[2] - p[0];
		f = (p[1] - p[0]) / span;
		if (u < f)
			return p[0] + sqrt(u * span * (p[1] - p[0]));
		return p[2] - sqrt((1 - u) * span * (p[2] - p[1]));
	case DIST_UNIFORM:
		return p[0] + u * (p[1] - p[0]);
	case DIST_EMPIRICAL:
		/* each value a share 1/n: the smallest whose share reaches u */
		i = (size_t)(u * (double)d->nvalues);
		return d->values[i < d->nvalues ? i : d->nvalues - 1];
	case DIST_NONE:
		break;
	}
	return NAN;
}

char *
dist_format(const struct distribution *d)
{
	const struct dist_info	*k = dist_info(d->kind);
	struct buf		 b = { 0 };
	char			 num[32];

	buf_adds(&b, k->name);
	if (d->kind == DIST_EMPIRICAL)
		buf_printf(&b, " (%zu values)", d->nvalues);
	for (size_t i = 0; i < k->nparams; i++)
		buf_printf(&b, "%s%s %s", i == 0 ? " (" : ", ", k->params[i],
		    fmt_double(num, sizeof num, d->p[i]));
	if (k->nparams > 0)
		buf_addc(&b, ')');
	buf_addc(&b, '\0');
	return b.data;
}

uint64_t
rng_splitmix(uint64_t *state)
{
	uint64_t	z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t	x = stream ^ 0x6a09e667f3bcc909ULL;

	/* hash the stream, then the seed with it: no two (seed, stream)
	 * pairs start splitmix64 at neighbouring states */
	x = rng_splitmix(&x) ^ seed;
	x = rng_splitmix(&x);
	for (size_t i = 0; i < 4; i++)
		r->s[i] = rng_splitmix(&x);
}

static inline uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t
rng_next(struct rng *r)
{
	uint64_t	*s = r->s;
	uint64_t	 out = rotl(s[1] * 5, 7) * 9;
	uint64_t	 t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

double
rng_unit(struct rng *r)
{
	return ((double)(rng_next(r) >> 11) + 0.5) * 0x1.0p-53;
}
