/*
 * test_kept: the results the screen keeps by settings (kept.h): how many
 * fit the byte budget, found by every part of the settings (a lever, an
 * assumption, the seed), the oldest unused going first, copies that
 * nothing outside changes, and forgetting on a reload.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "baseline.h"
#include "check.h"
#include "cli.h"
#include "kept.h"
#include "results.h"
#include "runlimits.h"
#include "scenario.h"
#include "util.h"

/* Results of SC for N areas, every value V. */
static struct results *
filled(const struct scenario *sc, size_t n, double v)
{
	struct results	*r = results_new(n, (size_t)sc->years, sc->noutputs);

	for (size_t i = 0; i < n * r->nyears * r->noutputs; i++)
		r->v[i] = v;
	return r;
}

/* The value kept for ST, or -1 if none. */
static double
kept_value(struct kept *k, const struct settings *st)
{
	const struct results	*r = kept_find(k, st);

	return r != NULL ? r->v[0] : -1;
}

static void
test_room(const struct scenario *sc)
{
	size_t		 each = (size_t)sc->years * sc->noutputs * sizeof(double);
	struct kept	*k;

	k = kept_new(sc, 5);
	CHECK(kept_room(k) == KEPT_MAX);
	kept_free(k);
	/* three areas' worth of budget each: three kept */
	k = kept_new(sc, KEPT_BYTES / each / 3);
	CHECK(kept_room(k) == 3);
	kept_free(k);
	/* one would not leave room for the next: none */
	k = kept_new(sc, KEPT_BYTES / each / 2 + 1);
	CHECK(kept_room(k) == 0);
	{
		struct settings	*st = settings_new(sc);
		struct results	*r = filled(sc, KEPT_BYTES / each / 2 + 1, 1);

		kept_put(k, st, r);
		CHECK(kept_find(k, st) == NULL);
		results_free(r);
		settings_free(st);
	}
	kept_free(k);
	CHECK(kept_room(NULL) == 0);
}

static void
test_keys(const struct scenario *sc)
{
	struct kept	*k = kept_new(sc, 5);
	struct settings	*a = settings_new(sc), *b, *c, *s;
	struct results	*r;
	long		 inv = scenario_lever(sc, "invest");

	CHECK(inv >= 0 && sc->nassumptions > 0);
	if (inv < 0 || sc->nassumptions == 0)
		return;
	b = settings_copy(sc, a);
	b->assumptions[0] += 1;
	c = settings_copy(sc, a);
	c->seed += 1;
	s = settings_copy(sc, a);
	s->levers[inv].num += 10;
	CHECK(kept_find(k, a) == NULL);
	r = filled(sc, 5, 1);
	kept_put(k, a, r);
	r->v[0] = 99;		/* a copy was kept */
	CHECK(kept_value(k, a) == 1);
	results_free(r);
	CHECK(kept_find(k, b) == NULL);	/* an assumption differs */
	CHECK(kept_find(k, c) == NULL);	/* the seed differs */
	CHECK(kept_find(k, s) == NULL);	/* a lever differs */
	r = filled(sc, 5, 2);
	kept_put(k, s, r);
	results_free(r);
	CHECK(kept_value(k, a) == 1 && kept_value(k, s) == 2);
	/* the same settings again keep the first results */
	r = filled(sc, 5, 3);
	kept_put(k, s, r);
	results_free(r);
	CHECK(kept_value(k, s) == 2);
	kept_clear(k);
	CHECK(kept_find(k, a) == NULL && kept_find(k, s) == NULL);
	settings_free(a);
	settings_free(b);
	settings_free(c);
	settings_free(s);
	kept_free(k);
}

/* Full: the one unused longest goes, a find counting as a use. */
static void
test_oldest(const struct scenario *sc)
{
	struct kept	*k = kept_new(sc, 5);
	struct settings	*st[KEPT_MAX + 2];
	long		 inv = scenario_lever(sc, "invest");

	if (inv < 0)
		return;
	for (size_t i = 0; i < KEPT_MAX + 2; i++) {
		st[i] = settings_new(sc);
		st[i]->levers[inv].num = (double)i;
	}
	for (size_t i = 0; i < KEPT_MAX; i++) {
		struct results	*r = filled(sc, 5, (double)i);

		kept_put(k, st[i], r);
		results_free(r);
	}
	for (size_t i = 0; i < KEPT_MAX; i++)
		CHECK(kept_value(k, st[i]) == (double)i);
	/* all used in order: 0 is the oldest; use it, and 1 becomes so */
	CHECK(kept_value(k, st[0]) == 0);
	{
		struct results	*r = filled(sc, 5, 100);

		kept_put(k, st[KEPT_MAX], r);
		results_free(r);
		r = filled(sc, 5, 101);
		kept_put(k, st[KEPT_MAX + 1], r);
		results_free(r);
	}
	CHECK(kept_value(k, st[0]) == 0);
	CHECK(kept_find(k, st[1]) == NULL);
	CHECK(kept_find(k, st[2]) == NULL);
	for (size_t i = 3; i < KEPT_MAX; i++)
		CHECK(kept_value(k, st[i]) == (double)i);
	CHECK(kept_value(k, st[KEPT_MAX]) == 100);
	CHECK(kept_value(k, st[KEPT_MAX + 1]) == 101);
	for (size_t i = 0; i < KEPT_MAX + 2; i++)
		settings_free(st[i]);
	kept_free(k);
}

int
main(void)
{
	const char	*srcdir = getenv("top_srcdir");
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct diag	 d = { 0 };
	char		*script;

	if (srcdir == NULL || *srcdir == '\0') {
		fprintf(stderr, "test_kept: top_srcdir is not set (make "
		    "check sets it)\n");
		return 99;
	}
	script = xasprintf("%s/tests/data/tui/test.lua", srcdir);
	if (cli_load(script, NULL, 0, &lim, &sc, &bl, &d) == -1) {
		diag_print(&d, stderr);
		free(script);
		return 99;
	}
	test_room(sc);
	test_keys(sc);
	test_oldest(sc);
	baseline_free(bl);
	scenario_free(sc);
	free(script);
	if (failures > 0)
		fprintf(stderr, "test_kept: %d check(s) failed\n", failures);
	return failures > 0;
}
