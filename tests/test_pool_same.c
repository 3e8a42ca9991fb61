/*
 * Warm workers give what a one-off worker gives (pool_new, pool_start;
 * job_project is the reference): recomputes cycling through moved levers,
 * nothing kept from one recompute's Lua state to the next, several at once,
 * a crew of workers trading states, a script edited on disk, declarations
 * called from a rule. Scripts and baselines: tests/data/pool.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "baseline.h"
#include "job.h"
#include "results.h"
#include "scenario.h"
#include "util.h"

#include "check.h"
#include "pool-lib.h"

/*
 * business_rates.lua and a small script: 12 recomputes on one warm
 * worker, cycling through default and moved settings, each exactly what a
 * one-off worker gives.
 */
static void
test_equal_one(const char *script, const char *const *const *sets,
    size_t nsets, const uint64_t *seeds)
{
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*st[8];
	struct results	*want[8];
	struct pool	*p;
	int		 bad = 0;

	load(script, &lim, &sc, &bl);
	for (size_t i = 0; i < nsets; i++) {
		st[i] = settings(sc, sets[i], seeds[i]);
		want[i] = expect(sc, bl, st[i], &lim);
		/* a pool that ignored the settings would fail below */
		if (i > 0)
			CHECK(!same(want[0], want[i]));
	}
	if ((p = pool_new(sc, bl, &lim, 1)) == NULL) {
		CHECK(!"pool_new");
		goto out;
	}
	for (size_t k = 0; k < 12; k++)
		if (!recompute_same(p, st[k % nsets], want[k % nsets])) {
			fprintf(stderr, "%s: recompute %zu "
			    "(settings %zu) differs from job_project\n",
			    script, k, k % nsets);
			bad++;
		}
	CHECK(bad == 0);
	pool_free(p);
	check_no_children(script);
out:
	for (size_t i = 0; i < nsets; i++) {
		settings_free(st[i]);
		results_free(want[i]);
	}
	baseline_free(bl);
	scenario_free(sc);
}

static void
test_equal(const char *srcdir)
{
	static const char *const br0[] = { NULL };
	static const char *const br1[] = { "local_share=0.75", "levy_cap=0",
	    "pooling=county", NULL };
	static const char *const br2[] = { "reset=partial", "reset_year=2030",
	    "honour_pilots=on", "multiplier=frozen", NULL };
	static const char *const br3[] = { "safety_net_threshold=0.975",
	    "cpi=0.03", NULL };
	static const char *const *const br[] = { br0, br1, br2, br3 };
	static const uint64_t brseed[] = { 0, 0, 0, 0 };
	static const char *const m0[] = { NULL };
	static const char *const m1[] = { "rate=0.8", "mode=b", "pot.x=20",
	    NULL };
	static const char *const m2[] = { "boost=on", "mode=c", "g=0.05",
	    NULL };
	static const char *const *const m[] = { m0, m1, m2, m0 };
	static const uint64_t mseed[] = { 0, 0, 0, 7 };	/* only the seed */
	char	*script;

	script = xasprintf("%s/scenarios/business_rates.lua", srcdir);
	test_equal_one(script, br, nitems(br), brseed);
	free(script);
	test_equal_one("mine.lua", m, nitems(m), mseed);
}

/* Nothing a recompute leaves in its Lua state reaches the next. */
static void
test_no_leak(const char *srcdir)
{
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*st;
	struct results	*first = NULL, *want;
	struct pool	*p;
	struct diag	 d = { 0 };
	int		 bad = 0;

	load("counter.lua", &lim, &sc, &bl);
	st = settings_new(sc);
	want = expect(sc, bl, st, &lim);
	/* within one recompute the counter does count every call */
	CHECK(*results_at(want, bl->nrows - 1, want->nyears - 1, 0) ==
	    (double)(bl->nrows * want->nyears));
	if ((p = pool_new(sc, bl, &lim, 1)) == NULL) {
		CHECK(!"pool_new");
		goto out;
	}
	CHECK(recompute(p, st, &first, &d, false) == 0);
	CHECK(same(first, want));
	for (int k = 0; k < 10; k++)
		if (!recompute_same(p, st, first)) {
			fprintf(stderr, "counter: recompute %d "
			    "differs from the first\n", k + 2);
			bad++;
		}
	CHECK(bad == 0);
	pool_free(p);
	check_no_children("counter");
out:
	diag_clear(&d);
	results_free(first);
	results_free(want);
	settings_free(st);
	baseline_free(bl);
	scenario_free(sc);
}

/*
 * Two members, three recomputes at once (the third on a one-off
 * worker), finished in another order than started; twice.
 */
static void
test_concurrent(const char *srcdir)
{
	static const char *const s1[] = { "rate=0.9", "pot.x=10", NULL };
	static const char *const s2[] = { "mode=c", "boost=on", NULL };
	static const char *const *const sets[] = { NULL, s1, s2 };
	static const int order[] = { 2, 0, 1 };
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*st[3];
	struct results	*want[3];
	struct pool	*p;

	load("mine.lua", &lim, &sc, &bl);
	for (int i = 0; i < 3; i++) {
		st[i] = settings(sc, sets[i], (uint64_t)i);
		want[i] = expect(sc, bl, st[i], &lim);
	}
	if ((p = pool_new(sc, bl, &lim, 2)) == NULL) {
		CHECK(!"pool_new");
		goto out;
	}
	for (int round = 0; round < 2; round++) {
		struct job	*j[3];
		struct diag	 d = { 0 };
		bool		 done[3] = { false, false, false };
		int		 left = 3;

		for (int i = 0; i < 3; i++)
			if ((j[i] = pool_start(p, st[i], &d)) == NULL) {
				fprintf(stderr, "concurrent: "
				    "pool_start %d failed\n", i);
				diag_print(&d, stderr);
				failures++;
				done[i] = true;
				left--;
			}
		/* as the screen waits: until each is done or out of time */
		while (left > 0) {
			struct pollfd	pfd[3];
			nfds_t		n = 0;
			double		wait = 0;

			for (int i = 0; i < 3; i++)
				if (!done[i]) {
					pfd[n++] = (struct pollfd){
					    job_fd(j[i]), POLLIN, 0 };
					if (job_remaining(j[i]) > wait)
						wait = job_remaining(j[i]);
				}
			if (wait <= 0)
				break;	/* job_finish enforces the limit */
			poll(pfd, n, (int)ceil(wait * 1000));
			for (int i = 0; i < 3; i++)
				if (!done[i] && job_poll(j[i])) {
					done[i] = true;
					left--;
				}
		}
		for (int k = 0; k < 3; k++) {
			int		 i = order[(k + round) % 3];
			struct results	*res = NULL;

			if (j[i] == NULL)
				continue;
			if (job_finish(j[i], NULL, &res, &d) == -1) {
				diag_print(&d, stderr);
				diag_clear(&d);
			}
			if (!same(res, want[i])) {
				fprintf(stderr, "concurrent: round "
				    "%d job %d differs from job_project\n",
				    round, i);
				failures++;
			}
			results_free(res);
		}
		diag_clear(&d);
	}
	/* and one at a time afterwards */
	for (int i = 0; i < 3; i++)
		CHECK(recompute_same(p, st[i], want[i]));
	pool_free(p);
	check_no_children("concurrent");
out:
	for (int i = 0; i < 3; i++) {
		settings_free(st[i]);
		results_free(want[i]);
	}
	baseline_free(bl);
	scenario_free(sc);
}

/*
 * A crew of two workers trading states every year (settle) gives what
 * one worker gives; an error in a middle year names the script; the crew
 * recovers. Also: a crew member killed while idle is replaced.
 */
static void
test_crew(const char *srcdir)
{
	static const char *const tax[] = { "tax=0.3", NULL };
	static const char *const fail[] = { "fail=on", NULL };
	struct limits	 lim = limits_default, one;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*s0, *stax, *sfail;
	struct results	*want, *wanttax, *res, *two;
	struct pool	*p;
	struct diag	 d = { 0 };

	lim.workers = 2;
	one = lim;
	one.workers = 1;
	load("crew.lua", &lim, &sc, &bl);
	CHECK(bl->nrows == CREW_AREAS && sc->has_settle);
	s0 = settings(sc, NULL, 3);
	stax = settings(sc, tax, 3);
	sfail = settings(sc, fail, 3);
	want = expect(sc, bl, s0, &one);
	wanttax = expect(sc, bl, stax, &one);
	two = expect(sc, bl, s0, &lim);
	CHECK(same(want, two));		/* one-off crews agree already */
	results_free(two);
	if ((p = pool_new(sc, bl, &lim, 1)) == NULL) {
		CHECK(!"pool_new");
		goto out;
	}
	for (int k = 0; k < 4; k++) {
		CHECK(recompute_same(p, s0, want));
		CHECK(recompute_same(p, stax, wanttax));
	}
	for (int k = 0; k < 2; k++) {
		CHECK(recompute(p, sfail, &res, &d, true) == -1);
		CHECK(res == NULL);
		if (!diag_has(&d, "crew.lua") || !diag_has(&d, "boom in A0150")) {
			fprintf(stderr, "crew: expected the error "
			    "naming crew.lua, got:\n");
			diag_print(&d, stderr);
			failures++;
		}
		diag_clear(&d);
		results_free(res);
		CHECK(recompute_same(p, stax, wanttax));
		CHECK(recompute_same(p, s0, want));
	}
	kill_workers(p, s0, want, false, "crew");
	pool_free(p);
	check_no_children("crew");
out:
	results_free(want);
	results_free(wanttax);
	settings_free(s0);
	settings_free(stax);
	settings_free(sfail);
	baseline_free(bl);
	scenario_free(sc);
}

/*
 * The script edited on disk: new declarations are refused with a
 * message until the file is restored; new rules under the same
 * declarations, however they were written, are what a one-off worker
 * would run. And job_finish hands out the description, as for any job.
 */
static void
test_edited(const char *srcdir)
{
	static const char *const m1[] = { "rate=0.6", "boost=on", NULL };
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*s0, *s1;
	struct results	*want0, *want1, *body, *res;
	struct pool	*p;
	struct diag	 d = { 0 };
	char		*text, *mine_lua, *mine_body_lua;

	mine_lua = read_file("mine.lua");
	mine_body_lua = read_file("mine_body.lua");
	CHECK(strlen(mine_lua) == strlen(mine_body_lua));
	write_file("edit.lua", mine_lua);
	load("edit.lua", &lim, &sc, &bl);
	s0 = settings(sc, NULL, 0);
	s1 = settings(sc, m1, 0);
	want0 = expect(sc, bl, s0, &lim);
	want1 = expect(sc, bl, s1, &lim);
	if ((p = pool_new(sc, bl, &lim, 1)) == NULL) {
		CHECK(!"pool_new");
		goto out;
	}
	CHECK(recompute_same(p, s0, want0));
	CHECK(recompute_same(p, s1, want1));

	/* a new lever */
	text = xasprintf("%slever \"extra\" { kind = \"toggle\" }\n", mine_lua);
	write_file("edit.lua", text);
	free(text);
	for (int k = 0; k < 2; k++) {
		CHECK(recompute(p, s0, &res, &d, true) == -1);
		CHECK(res == NULL);
		if (!diag_has(&d, "declarations")) {
			fprintf(stderr, "edited: expected a message "
			    "about the declarations, got:\n");
			diag_print(&d, stderr);
			failures++;
		}
		diag_clear(&d);
		results_free(res);
	}
	write_file("edit.lua", mine_lua);
	CHECK(recompute_same(p, s1, want1));
	CHECK(recompute_same(p, s0, want0));

	/* the same declarations, other rules: as a one-off worker */
	write_file("edit.lua", mine_body_lua);
	body = expect(sc, bl, s0, &lim);
	CHECK(!same(body, want0));
	CHECK(recompute_same(p, s0, body));
	results_free(body);
	write_file("edit.lua", mine_lua);
	CHECK(recompute_same(p, s0, want0));

	/*
	 * Edited in place, to the same size, its time stamp put back (as cp
	 * -p, rsync -t or tar do): still what a one-off worker runs.
	 */
	{
		char		*e = path("edit.lua");
		struct stat	 sb;
		struct timespec	 ts[2];
		FILE		*f;

		/* the worker has prepared its next state from this file */
		CHECK(wait_workers_idle());
		if (stat(e, &sb) == 0 && (f = fopen(e, "r+")) != NULL) {
			fputs(mine_body_lua, f);
			fclose(f);
			ts[0] = sb.st_atim;
			ts[1] = sb.st_mtim;
			utimensat(AT_FDCWD, e, ts, 0);
			body = expect(sc, bl, s0, &lim);
			CHECK(!same(body, want0));
			if (!recompute_same(p, s0, body)) {
				fprintf(stderr, "edited: a script "
				    "edited in place with its mtime kept "
				    "still runs as before in the pool\n");
				failures++;
			}
			results_free(body);
		} else
			CHECK(!"edit.lua in place");
		free(e);
	}

	/* the description is handed out as by a one-off job */
	{
		struct scenario	*desc = NULL;
		struct job	*j;

		write_file("edit.lua", mine_lua);
		if ((j = pool_start(p, s0, &d)) != NULL) {
			CHECK(job_finish(j, &desc, &res, &d) == 0);
			CHECK(same(res, want0));
			CHECK(desc != NULL && desc->nlevers == sc->nlevers &&
			    strcmp(desc->title, sc->title) == 0);
			scenario_free(desc);
			results_free(res);
		} else
			CHECK(!"pool_start");
		diag_clear(&d);
	}
	pool_free(p);
	check_no_children("edited");
out:
	free(mine_lua);
	free(mine_body_lua);
	results_free(want0);
	results_free(want1);
	settings_free(s0);
	settings_free(s1);
	baseline_free(bl);
	scenario_free(sc);
}

/*
 * Declarations called from project on a warm worker, whose state was
 * opened and prepared ahead (with a diag long gone by the time project
 * runs): refused with the message a one-off worker gives, naming the script
 * and the line, never a crash; several times in a row, on one worker and on
 * a crew of two; and the recomputes after them are right.
 */
static void
test_redeclare(const char *srcdir)
{
	static const struct {
		const char	*set;
		const char	*msg;	/* NULL: accepted */
	} cases[] = {
		{ "again=scenario", "redecl.lua:10: declarations (scenario, "
		    "assume, lever, output) belong at the top level" },
		{ "again=output", "redecl.lua:11: declarations" },
		{ "again=newoutput", "redecl.lua:12: declarations" },
		{ "again=lever", "redecl.lua:13: declarations" },
		{ "again=newlever", "redecl.lua:15: declarations" },
	};
	static const char *const k3[] = { "k=3", NULL };
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*sgood, *sk3;
	struct results	*want, *want3;

	load("redecl.lua", &lim, &sc, &bl);
	sgood = settings(sc, NULL, 0);
	sk3 = settings(sc, k3, 0);
	want = expect(sc, bl, sgood, &lim);
	want3 = expect(sc, bl, sk3, &lim);
	for (unsigned workers = 1; workers <= 2; workers++) {
		struct pool	*p;

		lim.workers = workers;
		if ((p = pool_new(sc, bl, &lim, 1)) == NULL) {
			CHECK(!"pool_new");
			continue;
		}
		CHECK(recompute_same(p, sgood, want));
		for (size_t c = 0; c < nitems(cases); c++) {
			const char	*set[] = { cases[c].set, NULL };
			struct settings	*st = settings(sc, set, 0);
			struct diag	 one = { 0 };
			struct results	*ref;

			/* what a one-off worker says */
			ref = job_project(sc, bl, st, &lim, &one);
			if (cases[c].msg != NULL ? ref != NULL ||
			    !diag_has(&one, cases[c].msg) : ref == NULL) {
				fprintf(stderr, "redeclare: %s: "
				    "job_project %s:\n", cases[c].set,
				    ref == NULL ? "failed" : "succeeded");
				diag_print(&one, stderr);
				failures++;
			}
			/* three in a row, a good one, then again */
			for (int k = 0; k < 4; k++) {
				struct diag	 d = { 0 };
				struct results	*res;
				int		 rc;

				if (k == 3)
					CHECK(recompute_same(p, sk3, want3));
				rc = recompute(p, st, &res, &d, true);
				if (cases[c].msg != NULL ? rc != -1 ||
				    !same_diag(&d, &one) ||
				    diag_has(&d, "crashed") : rc != 0 ||
				    !same(res, ref)) {
					fprintf(stderr, "redeclare: "
					    "%s (%u worker(s), recompute %d): "
					    "expected what job_project gives, "
					    "got %d:\n", cases[c].set, workers,
					    k + 1, rc);
					diag_print(&d, stderr);
					failures++;
				}
				diag_clear(&d);
				results_free(res);
			}
			CHECK(recompute_same(p, sgood, want));
			results_free(ref);
			diag_clear(&one);
			settings_free(st);
		}
		pool_free(p);
		check_no_children("redeclare");
	}
	results_free(want);
	results_free(want3);
	settings_free(sgood);
	settings_free(sk3);
	baseline_free(bl);
	scenario_free(sc);
}

static const struct pool_test tests[] = {
	{ "equal", test_equal },
	{ "no-leak", test_no_leak },
	{ "concurrent", test_concurrent },
	{ "crew", test_crew },
	{ "edited", test_edited },
	{ "redeclare", test_redeclare },
};

int
main(void)
{
	return pool_main("test_pool_same", tests, nitems(tests));
}
