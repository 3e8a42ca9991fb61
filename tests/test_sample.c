/*
 * test_sample: the pieces of uncertainty and attribution without the
 * command line: the generator, the normal quantile against erfc, each
 * kind's inverse distribution function, the checks on a declaration,
 * quantiles of a sample, draws that do not depend on the levers (common
 * random numbers), and samples of an option against itself on warm
 * workers (tests/data/samples/growth.lua).
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrib.h"
#include "baseline.h"
#include "batch.h"
#include "check.h"
#include "cli.h"
#include "dist.h"
#include "job.h"
#include "results.h"
#include "runlimits.h"
#include "sample.h"
#include "scenario.h"
#include "util.h"

static int
cmp_dbl(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static bool
near(double a, double b, double tol)
{
	return fabs(a - b) <= tol;
}

static void
test_rng(void)
{
	uint64_t	s = 0;
	struct rng	a, b, c;
	bool		differ = false;

	/* splitmix64's published first output from state 0 */
	CHECK(rng_splitmix(&s) == 0xe220a8397b1dcdafULL);
	rng_seed(&a, 42, 7);
	rng_seed(&b, 42, 7);
	rng_seed(&c, 42, 8);
	for (int i = 0; i < 1000; i++) {
		uint64_t	x = rng_next(&a), y = rng_next(&b);

		CHECK(x == y);
		if (rng_next(&c) != x)
			differ = true;
	}
	CHECK(differ);
	/* uniforms in (0, 1) with the right mean and variance */
	{
		double	sum = 0, sq = 0;
		int	n = 100000;

		rng_seed(&a, 1, 0);
		for (int i = 0; i < n; i++) {
			double	u = rng_unit(&a);

			CHECK(u > 0 && u < 1);
			sum += u;
			sq += u * u;
		}
		/* 5 standard errors: 1/sqrt(12 n) and about 1/sqrt(180 n) */
		CHECK(near(sum / n, 0.5, 5 * 0.000913));
		CHECK(near(sq / n - (sum / n) * (sum / n), 1.0 / 12, 5 * 0.000236));
	}
}

static void
test_normal_quantile(void)
{
	CHECK(dist_normal_quantile(0.5) == 0);
	CHECK(near(dist_normal_quantile(0.975), 1.959963984540054, 1e-14));
	CHECK(near(dist_normal_quantile(0.05), -1.6448536269514722, 1e-14));
	CHECK(near(dist_normal_quantile(1e-10), -6.361340902404056, 1e-12));
	CHECK(isinf(dist_normal_quantile(0)) && dist_normal_quantile(0) < 0);
	CHECK(isinf(dist_normal_quantile(1)) && dist_normal_quantile(1) > 0);
	/* the inverse of the normal distribution function, to 1e-15 */
	for (int i = 1; i < 2000; i++) {
		double	u = i / 2000.0;
		double	x = dist_normal_quantile(u);
		double	back = 0.5 * erfc(-x / sqrt(2));

		CHECK(near(back, u, 2e-15 + 4e-15 * u));
		CHECK(near(x, -dist_normal_quantile(1 - u), 1e-13));
	}
}

static void
test_kinds(void)
{
	struct distribution	d = { 0 };
	double			v[] = { 30, 10, 20, 20 };
	char			*cause, *text;

	d.kind = DIST_UNIFORM;
	d.p[0] = 1;
	d.p[1] = 3;
	CHECK(dist_quantile(&d, 0.25) == 1.5);
	CHECK(dist_check(&d, 2, &cause) == 0);
	CHECK(dist_check(&d, 4, &cause) == -1 &&
	    strstr(cause, "outside the distribution (1 to 3)") != NULL);
	free(cause);

	d.kind = DIST_TRIANGULAR;
	d.p[0] = 0;
	d.p[1] = 1;
	d.p[2] = 4;
	CHECK(near(dist_quantile(&d, 0.25), 1, 1e-15));	/* the mode */
	CHECK(near(dist_quantile(&d, 0.5), 4 - sqrt(6), 1e-15));
	CHECK(dist_check(&d, 0, &cause) == 0);
	d.p[1] = 5;
	CHECK(dist_check(&d, 1, &cause) == -1 &&
	    strcmp(cause, "'mode' must lie from 'min' to 'max'") == 0);
	free(cause);

	d.kind = DIST_NORMAL;
	d.p[0] = 10;
	d.p[1] = 2;
	CHECK(near(dist_quantile(&d, 0.975), 10 + 2 * 1.959963984540054,
	    1e-13));
	d.p[1] = -1;
	CHECK(dist_check(&d, 10, &cause) == -1 &&
	    strcmp(cause, "'sd' must be more than 0") == 0);
	free(cause);

	d.kind = DIST_LOGNORMAL;
	d.p[0] = log(2);
	d.p[1] = 0.5;
	CHECK(near(dist_quantile(&d, 0.5), 2, 1e-15));
	CHECK(dist_check(&d, 0, &cause) == -1);
	free(cause);

	d.kind = DIST_EMPIRICAL;
	d.values = v;
	d.nvalues = nitems(v);
	dist_sort(&d);
	CHECK(v[0] == 10 && v[1] == 20 && v[3] == 30);
	CHECK(dist_quantile(&d, 0.1) == 10);
	CHECK(dist_quantile(&d, 0.3) == 20);
	CHECK(dist_quantile(&d, 0.74) == 20);
	CHECK(dist_quantile(&d, 0.76) == 30);
	CHECK(dist_quantile(&d, 1 - 1e-17) == 30);
	text = dist_format(&d);
	CHECK(strcmp(text, "empirical (4 values)") == 0);
	free(text);
	d.kind = DIST_NORMAL;
	d.p[0] = 0.02;
	d.p[1] = 0.005;
	text = dist_format(&d);
	CHECK(strcmp(text, "normal (mean 0.02, sd 0.005)") == 0);
	free(text);
	CHECK(dist_find("triangular")->nparams == 3);
	CHECK(dist_find("none") == NULL && dist_find("Normal") == NULL);
}

static void
test_quantile(void)
{
	double	x[] = { 1, 2, 3, 4 };

	CHECK(sample_quantile(x, 4, 0.5) == 2.5);
	CHECK(sample_quantile(x, 4, 0.25) == 1.75);
	CHECK(sample_quantile(x, 4, 0) == 1);
	CHECK(sample_quantile(x, 4, 1) == 4);
	CHECK(sample_quantile(x, 1, 0.3) == 1);
	CHECK(isnan(sample_quantile(x, 0, 0.3)));
}

/* A scenario in C: three assumptions, one lever; no worker needed. */
static void
test_draws(void)
{
	char			ln[] = "l", an[] = "a", bn[] = "b", cn[] = "c";
	struct lever		lv = { .name = ln, .kind = LEVER_SLIDER,
	    .min = 0, .max = 10, .step = 1 };
	struct assumption	as[3] = {
		{ .name = an, .value = 1, .dist = { DIST_NORMAL, { 1, 1 },
		    NULL, 0 } },
		{ .name = bn, .value = 5 },
		{ .name = cn, .value = 0.5, .dist = { DIST_UNIFORM, { 0, 1 },
		    NULL, 0 } },
	};
	struct scenario		sc = { .levers = &lv, .nlevers = 1,
	    .assumptions = as, .nassumptions = 3 };
	struct settings		*base = settings_new(&sc), *moved;
	struct settings		*x = settings_new(&sc), *y = settings_new(&sc);
	double			 c0;

	CHECK(sample_uncertain(&sc) == 2);
	moved = settings_copy(&sc, base);
	moved->levers[0].num = 7;
	sample_draw(&sc, base, 99, 3, x);
	sample_draw(&sc, moved, 99, 3, y);
	/* the same world whatever the levers; the levers kept */
	CHECK(x->assumptions[0] == y->assumptions[0]);
	CHECK(x->assumptions[2] == y->assumptions[2]);
	CHECK(x->assumptions[1] == 5 && y->assumptions[1] == 5);
	CHECK(x->levers[0].num == 0 && y->levers[0].num == 7);
	CHECK(x->assumptions[0] != 1);
	c0 = x->assumptions[2];
	/* another sample, another world */
	sample_draw(&sc, base, 99, 4, x);
	CHECK(x->assumptions[0] != y->assumptions[0]);
	/* giving b a distribution leaves a's and c's draws as they were */
	as[1].dist.kind = DIST_UNIFORM;
	as[1].dist.p[0] = 4;
	as[1].dist.p[1] = 6;
	sample_draw(&sc, base, 99, 3, x);
	CHECK(x->assumptions[0] == y->assumptions[0]);
	CHECK(x->assumptions[2] == c0);
	CHECK(x->assumptions[1] >= 4 && x->assumptions[1] <= 6);
	settings_free(base);
	settings_free(moved);
	settings_free(x);
	settings_free(y);
}

/* Sample ST N times on P into a new store. */
static struct sample_store *
sampled(struct pool *p, const struct scenario *sc, const struct baseline *bl,
    const struct settings *st, size_t n, long areas_of)
{
	struct sample_store	*s = sample_store_new(sc, bl, n, areas_of);
	struct batch		*b = sample_start(p, sc, st, 5, n, 2, s);
	struct diag		 d = { 0 };

	CHECK(batch_run(b, &d) == 0);
	CHECK(batch_done(b) == n);
	diag_print(&d, stderr);
	diag_clear(&d);
	batch_free(b);
	CHECK(sample_store_count(s) == n);
	return s;
}

/* An option against itself: no spread at all; a lever's effect: no noise. */
static void
test_against_itself(const char *srcdir)
{
	struct limits		 lim = limits_default;
	struct scenario		*sc;
	struct baseline		*bl;
	struct diag		 d = { 0 };
	char			*script = xasprintf("%s/tests/data/samples/"
	    "growth.lua", srcdir);
	struct settings		*st;
	struct pool		*p;
	struct sample_store	*a, *b, *c;
	long			 y = -1, x = -1;
	char			*cause = NULL;
	struct sample_store	*d1;

	lim.workers = 1;
	if (cli_load(script, NULL, 0, &lim, &sc, &bl, &d) == -1) {
		diag_print(&d, stderr);
		CHECK(!"growth.lua loads");
		free(script);
		return;
	}
	x = scenario_output(sc, "x");
	y = scenario_output(sc, "y");
	p = pool_new(sc, bl, &lim, 2);
	st = settings_new(sc);
	a = sampled(p, sc, bl, st, 40, SAMPLE_EVERY);
	b = sampled(p, sc, bl, st, 40, y);
	CHECK(settings_set(sc, st, "extra=10", &cause) == 0);
	c = sampled(p, sc, bl, st, 40, SAMPLE_EVERY);
	d1 = sampled(p, sc, bl, st, 40, SAMPLE_NONE);
	for (long area = SAMPLE_TOTAL; area < (long)bl->nrows; area++)
		for (size_t yr = 0; yr < (size_t)sc->years; yr++) {
			/* the same option: never above, never below */
			CHECK(sample_store_share_above(a, b, area, yr,
			    (size_t)y, 0) == 0);
			CHECK(sample_store_share_above(b, a, area, yr,
			    (size_t)y, 0) == 0);
			CHECK(sample_store_quantile(a, area, yr, (size_t)y,
			    0.05) == sample_store_quantile(b, area, yr,
			    (size_t)y, 0.05));
			/* extra adds 10 to y in every sample: certainly a gain,
			   though y's own spread is wide */
			CHECK(sample_store_share_above(c, a, area, yr,
			    (size_t)y, 0) == 1);
			/* by 10, so not by more than 10.5, and a fall by
			   none */
			CHECK(sample_store_share_above(c, a, area, yr,
			    (size_t)y, 9.5) == 1);
			CHECK(sample_store_share_above(c, a, area, yr,
			    (size_t)y, 10.5) == 0);
			CHECK(sample_store_share_above(a, c, area, yr,
			    (size_t)y, 0) == 0);
			CHECK(sample_store_quantile(a, area, yr, (size_t)y,
			    0.95) - sample_store_quantile(a, area, yr,
			    (size_t)y, 0.05) > 5);
			/* and x, which it does not touch, is no gain */
			CHECK(sample_store_share_above(c, a, area, yr,
			    (size_t)x, 0) == 0);
		}
	CHECK(isnan(sample_store_quantile(a, 99, 0, 0, 0.5)));
	/* a group's samples: its areas added up (x) or their mean (y) */
	{
		size_t	 grp[2] = { 0, 2 };
		double	 g[40], one[40], two[40];

		CHECK(sample_store_size(a) == 40);
		CHECK(sample_store_totals(a, grp, 2, 1, (size_t)x, g));
		CHECK(sample_store_totals(a, grp, 1, 1, (size_t)x, one));
		CHECK(sample_store_totals(a, grp + 1, 1, 1, (size_t)x, two));
		for (size_t k = 0; k < 40; k++)
			CHECK(g[k] == one[k] + two[k] && one[k] > 0 &&
			    two[k] > 0);
		/* every sample alike in one store of one output (b) and of
		   every output (a) */
		CHECK(sample_store_totals(a, grp, 2, 3, (size_t)y, g));
		CHECK(sample_store_totals(b, grp, 2, 3, (size_t)y, one));
		for (size_t k = 0; k < 40; k++)
			CHECK(g[k] == one[k]);
		/* b keeps y's areas only; draws has no total */
		CHECK(!sample_store_totals(b, grp, 2, 3, (size_t)x, g));
		CHECK(!sample_store_totals(a, grp, 2, 3,
		    (size_t)scenario_output(sc, "draws"), g));
		/* all areas: the stored total */
		CHECK(sample_store_totals(a, NULL, 0, 2, (size_t)x, g));
		{
			double	sorted[40];

			memcpy(sorted, g, sizeof sorted);
			qsort(sorted, 40, sizeof *sorted, cmp_dbl);
			CHECK(sample_quantile(sorted, 40, 0.5) ==
			    sample_store_quantile(a, SAMPLE_TOTAL, 2,
			    (size_t)x, 0.5));
		}
	}
	/* a store of one output's areas, or of none: the totals all the same */
	CHECK(isnan(sample_store_quantile(b, 0, 0, (size_t)x, 0.5)));
	CHECK(isnan(sample_store_quantile(d1, 0, 0, (size_t)y, 0.5)));
	CHECK(sample_store_quantile(b, 2, 3, (size_t)y, 0.25) ==
	    sample_store_quantile(a, 2, 3, (size_t)y, 0.25));
	for (size_t yr = 0; yr < (size_t)sc->years; yr++)
		for (size_t o = 0; o < sc->noutputs; o++)
			CHECK(sample_store_mean(d1, SAMPLE_TOTAL, yr, o) ==
			    sample_store_mean(c, SAMPLE_TOTAL, yr, o) ||
			    sc->outputs[o].total == TOTAL_NONE);
	CHECK(sample_store_share_above(c, d1, SAMPLE_TOTAL, 0, (size_t)y,
	    0) == 0);
	sample_store_free(d1);
	sample_store_free(a);
	sample_store_free(b);
	sample_store_free(c);
	settings_free(st);
	pool_free(p);
	baseline_free(bl);
	scenario_free(sc);
	free(script);
}

/* Attribution as the screen would call it: the shares add up, per area and total. */
static void
test_attrib(const char *srcdir)
{
	struct limits		 lim = limits_default;
	struct scenario		*sc;
	struct baseline		*bl;
	struct diag		 d = { 0 };
	char			*script = xasprintf("%s/tests/data/samples/"
	    "product.lua", srcdir);
	char			*cause = NULL;
	struct settings		*ref, *cur;
	struct pool		*p;
	struct attrib		*a;
	struct batch		*b;
	long			 prod;

	lim.workers = 1;
	if (cli_load(script, NULL, 0, &lim, &sc, &bl, &d) == -1) {
		diag_print(&d, stderr);
		CHECK(!"product.lua loads");
		free(script);
		return;
	}
	prod = scenario_output(sc, "prod");
	ref = settings_new(sc);
	cur = settings_new(sc);
	CHECK(settings_set(sc, cur, "a=3", &cause) == 0);
	CHECK(settings_set(sc, cur, "b=4", &cause) == 0);
	CHECK(settings_set(sc, cur, "c=true", &cause) == 0);
	a = attrib_new(sc, bl, ref, cur, 1, 0);
	CHECK(attrib_nchanged(a) == 3 && attrib_exact(a));
	CHECK(attrib_runs(a) == 8);
	CHECK(strcmp(sc->levers[attrib_lever(a, 2)].name, "c") == 0);
	CHECK(!attrib_complete(a) && isnan(attrib_value(a, 0, 0, 0, 0)));
	p = pool_new(sc, bl, &lim, 2);
	b = attrib_start(p, a, 2);
	CHECK(batch_run(b, &d) == 0);
	diag_print(&d, stderr);
	diag_clear(&d);
	batch_free(b);
	CHECK(attrib_complete(a));
	for (long area = ATTRIB_TOTAL; area < (long)bl->nrows; area++)
		for (size_t y = 0; y < (size_t)sc->years; y++)
			for (size_t o = 0; o < sc->noutputs; o++) {
				double	sum = 0, ch = attrib_change(a, area, y, o);

				for (size_t j = 0; j < 3; j++) {
					sum += attrib_value(a, j, area, y, o);
					CHECK(attrib_stderr(a, j, area, y, o) == 0);
				}
				CHECK(near(sum, ch, 1e-9 * fmax(1, fabs(ch))));
			}
	/* a b x0, all interaction: half each, none to c */
	CHECK(attrib_value(a, 0, 0, 0, (size_t)prod) == 600);
	CHECK(attrib_value(a, 1, 0, 0, (size_t)prod) == 600);
	CHECK(attrib_value(a, 2, 0, 0, (size_t)prod) == 0);
	CHECK(attrib_value(a, 0, ATTRIB_TOTAL, 1, (size_t)prod) == 6 * 390);
	CHECK(attrib_change(a, ATTRIB_TOTAL, 1, (size_t)prod) == 12 * 390);
	attrib_free(a);
	settings_free(ref);
	settings_free(cur);
	pool_free(p);
	baseline_free(bl);
	scenario_free(sc);
	free(script);
}

/* The tornado as a screen would draw it. */
static void
test_tornado(const char *srcdir)
{
	struct limits		 lim = limits_default;
	struct scenario		*sc;
	struct baseline		*bl;
	struct diag		 d = { 0 };
	char			*script = xasprintf("%s/tests/data/samples/"
	    "growth.lua", srcdir);
	struct settings		*st;
	struct pool		*p;
	struct sensitivity	*s;
	struct batch		*b;
	size_t			 order[8], draws;
	double			 c, lo, hi;

	lim.workers = 1;
	if (cli_load(script, NULL, 0, &lim, &sc, &bl, &d) == -1) {
		diag_print(&d, stderr);
		CHECK(!"growth.lua loads");
		free(script);
		return;
	}
	draws = (size_t)scenario_output(sc, "draws");
	st = settings_new(sc);
	s = attrib_sensitivity_new(sc, bl, st);
	CHECK(attrib_sensitivity_count(s) == 5);
	CHECK(attrib_sensitivity_assumption(s, 4) ==
	    (size_t)scenario_assumption(sc, "emp"));
	CHECK(!attrib_sensitivity_complete(s));
	CHECK(attrib_sensitivity_values(s, 0, 0, 0, 0, &c, &lo, &hi) == -1);
	p = pool_new(sc, bl, &lim, 2);
	b = attrib_sensitivity_start(p, s, 2);
	CHECK(batch_run(b, &d) == 0);
	diag_print(&d, stderr);
	diag_clear(&d);
	batch_free(b);
	CHECK(attrib_sensitivity_complete(s));
	/* draws = tri + 10 uni + 100 emp + 7000: emp, uni, tri, then none */
	CHECK(attrib_sensitivity_order(s, 2, 1, draws, order) == 5);
	CHECK(order[0] == 4 && order[1] == 3 && order[2] == 2 &&
	    order[3] == 0 && order[4] == 1);
	CHECK(attrib_sensitivity_values(s, 4, 2, 1, draws, &c, &lo, &hi) == 0);
	CHECK(c == 9021 && lo == 8021 && hi == 10021);
	CHECK(attrib_sensitivity_values(s, 3, ATTRIB_TOTAL, 1, draws, &c, &lo,
	    &hi) == -1);	/* draws has no total */
	attrib_sensitivity_free(s);
	settings_free(st);
	pool_free(p);
	baseline_free(bl);
	scenario_free(sc);
	free(script);
}

int
main(void)
{
	const char	*srcdir = getenv("top_srcdir");

	if (srcdir == NULL || *srcdir == '\0') {
		fprintf(stderr, "test_sample: top_srcdir is not set (make "
		    "check sets it)\n");
		return 99;
	}
	test_rng();
	test_normal_quantile();
	test_kinds();
	test_quantile();
	test_draws();
	test_against_itself(srcdir);
	test_attrib(srcdir);
	test_tornado(srcdir);
	if (failures > 0)
		fprintf(stderr, "test_sample: %d check(s) failed\n", failures);
	return failures > 0;
}
