/*
 * Warm workers recover and keep clean (pool_new, pool_start, job_cancel):
 * an endless loop or a memory bomb stopped, a recompute cancelled, workers
 * killed from outside, a worker replaced after a failed recompute, no
 * descriptor but a worker's own, and pool_start never waiting on a worker.
 * Scripts and baselines: tests/data/pool.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "job.h"
#include "results.h"
#include "scenario.h"
#include "util.h"

#include "check.h"
#include "pool-lib.h"
#include "proc-cpu.h"

/*
 * An endless loop and a memory bomb are stopped; the pool recovers. Each
 * stop is one that nothing else can make: the wall-clock watchdog (1 s)
 * for a loop when nothing else limits it; the memory limit for a bomb, and
 * the instruction budget for a loop, under a wall-clock limit of a minute.
 * Each case: the recomputes in order, each a hostile one (with the message
 * it must give) or a good one that must then be right.
 */
static void
test_hostile(const char *srcdir)
{
	enum { GOOD, K3, SPIN, BOMB };
	static const char *const sets[][2] = {
		[GOOD] = { NULL }, [K3] = { "k=3", NULL },
		[SPIN] = { "spin=on", NULL }, [BOMB] = { "bomb=on", NULL },
	};
	static const struct {
		const char	*what;
		double		 seconds;
		uint64_t	 instructions;
		int		 order[8];	/* ends at -1 */
		const char	*msg[8];
	} cases[] = {
		{ "watchdog", 1, UINT64_C(1) << 50,
		    { GOOD, SPIN, GOOD, SPIN, K3, SPIN, SPIN, -1 },
		    { [1] = "time limit", [3] = "time limit",
		      [5] = "time limit", [6] = "time limit" } },
		{ "in the worker", 60, 20000000,
		    { GOOD, BOMB, K3, BOMB, BOMB, SPIN, GOOD, -1 },
		    { [1] = "memory limit", [3] = "memory limit",
		      [4] = "memory limit", [5] = "instruction budget" } },
	};
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*st[4];
	struct results	*want[4];

	for (size_t c = 0; c < nitems(cases); c++) {
		struct limits	 lim = limits_default;
		struct pool	*p;
		int		 last_good = GOOD;

		lim.seconds = cases[c].seconds;
		lim.instructions = cases[c].instructions;
		lim.memory = (size_t)8 << 20;
		load("hostile.lua", &lim, &sc, &bl);
		for (int k = 0; k < 4; k++) {
			st[k] = settings(sc, sets[k], 0);
			want[k] = k == GOOD || k == K3 ?
			    expect(sc, bl, st[k], &lim) : NULL;
		}
		if ((p = pool_new(sc, bl, &lim, 1)) == NULL)
			CHECK(!"pool_new");
		for (int i = 0; p != NULL && cases[c].order[i] != -1; i++) {
			int		 k = cases[c].order[i];
			struct diag	 d = { 0 };
			struct results	*res;

			if (cases[c].msg[i] == NULL) {
				if (!recompute_same(p, st[k], want[k])) {
					fprintf(stderr, "hostile: %s: recompute "
					    "%d is wrong\n", cases[c].what, i);
					failures++;
				}
				last_good = k;
				continue;
			}
			CHECK(recompute(p, st[k], &res, &d, true) == -1);
			CHECK(res == NULL);
			if (!diag_has(&d, cases[c].msg[i]) ||
			    !diag_has(&d, "hostile.lua")) {
				fprintf(stderr, "hostile: %s: recompute %d: "
				    "expected a message with \"%s\" naming "
				    "the script, got:\n", cases[c].what, i,
				    cases[c].msg[i]);
				diag_print(&d, stderr);
				failures++;
			}
			diag_clear(&d);
			results_free(res);
		}
		/* and right once more after the last */
		if (p != NULL)
			CHECK(recompute_same(p, st[last_good], want[last_good]));
		pool_free(p);
		check_no_children("hostile");
		for (int k = 0; k < 4; k++) {
			settings_free(st[k]);
			results_free(want[k]);
		}
		baseline_free(bl);
		scenario_free(sc);
	}
}

/* A cancelled recompute costs nothing to the next. */
static void
test_cancel(const char *srcdir)
{
	static const char *const spin[] = { "spin=on", NULL };
	static const char *const k3[] = { "k=3", NULL };
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*sspin, *sgood, *sk3;
	struct results	*want, *want3;
	struct pool	*p;
	struct diag	 d = { 0 };
	struct job	*j;

	lim.seconds = 10;	/* the cancel, not the limit, stops it */
	lim.instructions = UINT64_C(1) << 50;
	load("hostile.lua", &lim, &sc, &bl);
	sspin = settings(sc, spin, 0);
	sgood = settings(sc, NULL, 0);
	sk3 = settings(sc, k3, 0);
	want = expect(sc, bl, sgood, &lim);
	want3 = expect(sc, bl, sk3, &lim);
	if ((p = pool_new(sc, bl, &lim, 1)) == NULL) {
		CHECK(!"pool_new");
		goto out;
	}
	CHECK(recompute_same(p, sgood, want));

	/*
	 * A busy worker, cancelled while it spins: once it has used a tenth
	 * of a second more CPU than it had, it is in the loop (its state was
	 * prepared long before; that takes a millisecond).
	 */
	{
		pid_t	pid[2];
		double	before;

		CHECK(wait_workers_idle());
		if (children(pid, nitems(pid)) == 1) {
			before = proc_cpu(pid[0]);
			if ((j = pool_start(p, sspin, &d)) != NULL) {
				CHECK(wait_cpu(pid[0], before + 0.1));
				CHECK(!job_poll(j));
				job_cancel(j);
			} else
				CHECK(!"pool_start (spin)");
		} else
			CHECK(!"one warm worker");
	}
	CHECK(recompute_same(p, sk3, want3));

	/* cancelled at once, before the worker can have begun */
	if ((j = pool_start(p, sspin, &d)) != NULL)
		job_cancel(j);
	CHECK(recompute_same(p, sgood, want));

	/* cancelled after it is done but before job_finish */
	if ((j = pool_start(p, sk3, &d)) != NULL) {
		wait_job(j);
		job_cancel(j);
	}
	CHECK(recompute_same(p, sgood, want));

	/* twice in a row, a good one cancelled, then good */
	if ((j = pool_start(p, sspin, &d)) != NULL)
		job_cancel(j);
	if ((j = pool_start(p, sk3, &d)) != NULL)
		job_cancel(j);
	CHECK(recompute_same(p, sk3, want3));
	CHECK(recompute_same(p, sgood, want));
	CHECK(d.n == 0);
	diag_print(&d, stderr);
	pool_free(p);
	check_no_children("cancel");
out:
	diag_clear(&d);
	results_free(want);
	results_free(want3);
	settings_free(sspin);
	settings_free(sgood);
	settings_free(sk3);
	baseline_free(bl);
	scenario_free(sc);
}

/* Warm workers killed from outside while idle. */
static void
test_killed(const char *srcdir)
{
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*st;
	struct results	*want;
	struct pool	*p;

	load("mine.lua", &lim, &sc, &bl);
	st = settings(sc, NULL, 5);
	want = expect(sc, bl, st, &lim);
	if ((p = pool_new(sc, bl, &lim, 2)) == NULL) {
		CHECK(!"pool_new");
		goto out;
	}
	CHECK(recompute_same(p, st, want));
	kill_workers(p, st, want, true, "killed");
	kill_workers(p, st, want, true, "killed again");
	pool_free(p);
	check_no_children("killed");
out:
	results_free(want);
	settings_free(st);
	baseline_free(bl);
	scenario_free(sc);
}

/*
 * P's warm worker after a recompute that failed as BAD makes it fail (with
 * MSG) is gone and reaped at once, and the next recompute, right, is
 * served by a new one: a failure may leave the worker's heap grown to the
 * memory limit, or worse.
 */
static void
replaced_after(struct pool *p, const struct settings *good,
    const struct results *want, const struct settings *bad, const char *msg,
    const char *what)
{
	pid_t		 pids[8], old;
	struct diag	 d = { 0 };
	struct results	*res;
	size_t		 n;

	CHECK(recompute_same(p, good, want));
	if ((n = children(pids, nitems(pids))) == 0) {
		fprintf(stderr, "%s: no warm worker found in "
		    "/proc; skipped\n", what);
		return;
	}
	if (n != 1) {
		fprintf(stderr, "%s: %zu warm workers, not 1\n",
		    what, n);
		failures++;
		return;
	}
	old = pids[0];
	CHECK(recompute(p, bad, &res, &d, true) == -1);
	if (!diag_has(&d, msg)) {
		fprintf(stderr, "%s: expected \"%s\", got:\n", what,
		    msg);
		diag_print(&d, stderr);
		failures++;
	}
	diag_clear(&d);
	results_free(res);
	if (kill(old, 0) == 0 || errno != ESRCH) {
		int	status;

		fprintf(stderr, "%s: the worker that served the "
		    "failed recompute (pid %ld) is %s\n", what, (long)old,
		    waitpid(old, &status, WNOHANG) == old ? "a zombie" :
		    "still running");
		failures++;
	}
	CHECK(children(pids, nitems(pids)) == 0);
	if (!recompute_same(p, good, want)) {
		fprintf(stderr, "%s: the recompute after the failed "
		    "one is wrong\n", what);
		failures++;
	}
	if ((n = children(pids, nitems(pids))) != 1 || pids[0] == old) {
		fprintf(stderr, "%s: the next recompute was not "
		    "served by a new worker (%zu worker(s), pid %ld, was %ld)\n",
		    what, n, n > 0 ? (long)pids[0] : -1L, (long)old);
		failures++;
	}
}

/*
 * A recompute that fails, for an error in the rules or the memory
 * limit, costs its worker: the next is served by a new one.
 */
static void
test_replaced(const char *srcdir)
{
	static const char *const fail[] = { "fail=on", NULL };
	static const char *const bomb[] = { "bomb=on", NULL };
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*good, *bad;
	struct results	*want;
	struct pool	*p;

	lim.workers = 1;
	load("crew.lua", &lim, &sc, &bl);
	good = settings(sc, NULL, 2);
	bad = settings(sc, fail, 2);
	want = expect(sc, bl, good, &lim);
	if ((p = pool_new(sc, bl, &lim, 1)) != NULL) {
		replaced_after(p, good, want, bad, "boom in A0150",
		    "replaced (error)");
		replaced_after(p, good, want, bad, "boom in A0150",
		    "replaced (error, again)");
		pool_free(p);
	} else
		CHECK(!"pool_new");
	check_no_children("replaced (error)");
	results_free(want);
	settings_free(good);
	settings_free(bad);
	baseline_free(bl);
	scenario_free(sc);

	lim = limits_default;
	lim.instructions = UINT64_C(1) << 50;	/* the memory limit acts */
	lim.memory = (size_t)32 << 20;
	load("hostile.lua", &lim, &sc, &bl);
	good = settings(sc, NULL, 0);
	bad = settings(sc, bomb, 0);
	want = expect(sc, bl, good, &lim);
	if ((p = pool_new(sc, bl, &lim, 1)) != NULL) {
		replaced_after(p, good, want, bad, "memory limit",
		    "replaced (memory)");
		pool_free(p);
	} else
		CHECK(!"pool_new");
	check_no_children("replaced (memory)");
	results_free(want);
	settings_free(good);
	settings_free(bad);
	baseline_free(bl);
	scenario_free(sc);
}

#define FDS_MAX	32

/*
 * What process PID holds open above the standard descriptors (Linux /proc),
 * at most FDS_MAX of them in LINKS ("pipe:[123]", a path...): how many, or
 * -1 if it can't be read.
 */
static int
fds_of(pid_t pid, char (*links)[128])
{
	char		 dname[64];
	DIR		*dp;
	struct dirent	*e;
	int		 n = 0;

	snprintf(dname, sizeof dname, "/proc/%ld/fd", (long)pid);
	if ((dp = opendir(dname)) == NULL)
		return -1;
	while ((e = readdir(dp)) != NULL) {
		char	file[400];
		ssize_t	len;

		if (!isdigit((unsigned char)e->d_name[0]) ||
		    atol(e->d_name) <= STDERR_FILENO)
			continue;
		if (n < FDS_MAX) {
			snprintf(file, sizeof file, "%s/%s", dname, e->d_name);
			if ((len = readlink(file, links[n], 127)) < 0)
				len = 0;
			links[n][len] = '\0';
		}
		n++;
	}
	closedir(dp);
	return n;
}

/*
 * Is every warm worker of this process clean: at most MOST descriptors
 * above the standard ones, all pipes or sockets, and (SHARED false) none
 * shared with another worker? Say what is wrong unless QUIET.
 */
static bool
workers_clean(size_t want, int most, bool shared, bool quiet)
{
	static char	links[16][FDS_MAX][128];
	pid_t		pids[16];
	int		nfds[16];
	size_t		n = children(pids, nitems(pids));
	bool		clean = true;

	if (n != want) {
		if (!quiet)
			fprintf(stderr, "fds: %zu warm workers, not "
			    "%zu\n", n, want);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		bool	bad;

		nfds[i] = fds_of(pids[i], links[i]);
		bad = nfds[i] < 0 || nfds[i] > most;
		for (int f = 0; f < nfds[i] && f < FDS_MAX; f++) {
			if (strncmp(links[i][f], "pipe:", 5) != 0 &&
			    strncmp(links[i][f], "socket:", 7) != 0)
				bad = true;
			for (size_t o = 0; !shared && o < i; o++)
				for (int g = 0; g < nfds[o] && g < FDS_MAX; g++)
					if (strcmp(links[i][f],
					    links[o][g]) == 0)
						bad = true;
		}
		if (bad && !quiet) {
			fprintf(stderr, "fds: warm worker %ld holds "
			    "%d descriptor(s) above 2 (at most %d):",
			    (long)pids[i], nfds[i], most);
			for (int f = 0; f < nfds[i] && f < FDS_MAX; f++)
				fprintf(stderr, " %s", links[i][f]);
			fprintf(stderr, "\n");
		}
		if (bad)
			clean = false;
	}
	return clean;
}

/*
 * A warm worker holds no descriptor but its own: not the files the
 * screen has open, nor another member's pipe and socket (the other would
 * not see end of file when the pool closes them). Two members of one
 * worker each, then of a crew of two.
 */
static void
test_fds(const char *srcdir)
{
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*st;
	struct results	*want;
	int		 extra[5];
	char		*areas;

	if (access("/proc/self/fd", F_OK) == -1) {
		fprintf(stderr, "fds: no /proc/self/fd; skipped\n");
		return;
	}
	areas = path("areas.csv");
	for (size_t i = 0; i < nitems(extra); i++)
		if ((extra[i] = open(areas, O_RDONLY)) == -1) {
			fprintf(stderr, "cannot open %s\n", areas);
			exit(99);
		}
	free(areas);
	load("mine.lua", &lim, &sc, &bl);
	st = settings(sc, NULL, 4);
	for (unsigned workers = 1; workers <= 2; workers++) {
		struct pool	*p;
		bool		 clean = false;

		lim.workers = workers;
		want = expect(sc, bl, st, &lim);
		if ((p = pool_new(sc, bl, &lim, 2)) == NULL) {
			CHECK(!"pool_new");
			results_free(want);
			continue;
		}
		/* both members at once, twice: each has run */
		for (int round = 0; round < 2; round++) {
			struct diag	 d = { 0 };
			struct job	*j[2];

			for (int i = 0; i < 2; i++)
				j[i] = pool_start(p, st, &d);
			for (int i = 0; i < 2; i++) {
				struct results	*res = NULL;

				if (j[i] == NULL) {
					CHECK(!"pool_start");
					continue;
				}
				wait_job(j[i]);
				CHECK(job_finish(j[i], NULL, &res, &d) == 0);
				CHECK(same(res, want));
				results_free(res);
			}
			diag_print(&d, stderr);
			diag_clear(&d);
		}
		/* a worker preparing has the script open for a moment */
		CHECK(wait_workers_idle());
		clean = workers_clean(2 * workers, 2 * (int)workers,
		    workers > 1, true);
		if (!clean) {
			fprintf(stderr, "fds: two members of %u "
			    "worker(s) each:\n", workers);
			workers_clean(2 * workers, 2 * (int)workers,
			    workers > 1, false);
			failures++;
		}
		CHECK(recompute_same(p, st, want));
		pool_free(p);
		check_no_children("fds");
		results_free(want);
	}
	for (size_t i = 0; i < nitems(extra); i++)
		close(extra[i]);
	settings_free(st);
	baseline_free(bl);
	scenario_free(sc);
}

/*
 * pool_start never waits on a worker: with 40 split levers of 1000 parts
 * (settings of 320 KB, more than a socket holds), pool_start must return
 * while the pool's worker is stopped (SIGSTOP) and cannot read anything,
 * whether it was stopped waiting or preparing its next state; continued,
 * it gives the right results. A pool_start that waited would hang here
 * (pool_main's alarm ends the test).
 */
static void
test_no_block(const char *srcdir)
{
	static const char *const moved[] = { "s1.p1=50", "s40.p1000=20",
	    "s20.p500=7", NULL };
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*st[2];
	struct results	*want[2];
	struct pool	*p;

	load("split.lua", &lim, &sc, &bl);
	CHECK(sc->nlevers == 40 && sc->levers[39].nparts == 1000);
	st[0] = settings(sc, NULL, 0);
	st[1] = settings(sc, moved, 0);
	want[0] = expect(sc, bl, st[0], &lim);
	want[1] = expect(sc, bl, st[1], &lim);
	CHECK(!same(want[0], want[1]));
	if ((p = pool_new(sc, bl, &lim, 1)) == NULL) {
		CHECK(!"pool_new");
		goto out;
	}
	CHECK(recompute_same(p, st[0], want[0]));
	for (int k = 1; k <= 4; k++) {
		struct diag	 d = { 0 };
		struct results	*res = NULL;
		struct job	*j;
		pid_t		 pids[8];
		size_t		 n;

		/* first at once (still preparing), then once it waits */
		if (k > 2)
			CHECK(wait_workers_idle());
		n = children(pids, nitems(pids));
		CHECK(n >= 1);
		for (size_t i = 0; i < n; i++) {
			kill(pids[i], SIGSTOP);
			CHECK(wait_state(pids[i], "T"));
		}
		j = pool_start(p, st[k % 2], &d);
		CHECK(j == NULL || !job_poll(j));
		for (size_t i = 0; i < n; i++)
			kill(pids[i], SIGCONT);
		if (j == NULL) {
			fprintf(stderr, "no-block: pool_start failed:\n");
			diag_print(&d, stderr);
			failures++;
			diag_clear(&d);
			continue;
		}
		wait_job(j);
		if (job_finish(j, NULL, &res, &d) == -1 ||
		    !same(res, want[k % 2])) {
			fprintf(stderr, "no-block: recompute %d differs from "
			    "job_project\n", k);
			diag_print(&d, stderr);
			failures++;
		}
		results_free(res);
		diag_clear(&d);
	}
	pool_free(p);
	check_no_children("no-block");
out:
	for (int i = 0; i < 2; i++) {
		settings_free(st[i]);
		results_free(want[i]);
	}
	baseline_free(bl);
	scenario_free(sc);
}

static const struct pool_test tests[] = {
	{ "hostile", test_hostile },
	{ "cancel", test_cancel },
	{ "killed", test_killed },
	{ "replaced", test_replaced },
	{ "fds", test_fds },
	{ "no-block", test_no_block },
};

int
main(void)
{
	return pool_main("test_pool_recover", tests, nitems(tests));
}
