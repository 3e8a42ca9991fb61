/*
 * Warm workers and the CPU limit (pool_new, pool_start): the limit is
 * granted afresh for each recompute; under a hard limit (ulimit -t) a
 * worker with no whole grant left retires and a new one serves; a worker
 * stops itself at its limit even when the screen ignores SIGXCPU. The
 * recomputes run without the wall-clock watchdog (recompute_unwatched), so
 * that a loaded machine does not fail them. Scripts: tests/data/pool.
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
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

/* CPU seconds of one recompute of burn.lua */
#define BURN_SECONDS	0.1
#define MAX_RUNS	1000	/* a runaway, not a slow machine */

/*
 * CPU seconds a turn of burn.lua's counting loop takes, on this machine
 * unloaded (measured once).
 */
static double
turn_cost(void)
{
	static double	 cost;
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*st;
	double		 c0, base, t = -1, n = 1e7;

	if (cost > 0)
		return cost;
	lim.instructions = UINT64_C(1) << 50;
	load("burn.lua", &lim, &sc, &bl);
	st = settings_new(sc);
	st->assumptions[0] = 0;
	c0 = child_cpu();
	results_free(expect(sc, bl, st, &lim));
	base = child_cpu() - c0;
	/* the faster of two: another load on the machine only slows it */
	st->assumptions[0] = n;
	for (int k = 0; k < 2; k++) {
		c0 = child_cpu();
		results_free(expect(sc, bl, st, &lim));
		if (t < 0 || child_cpu() - c0 - base < t)
			t = child_cpu() - c0 - base;
	}
	cost = (t < 0.005 ? 0.005 : t) / n;
	settings_free(st);
	baseline_free(bl);
	scenario_free(sc);
	return cost;
}

/*
 * The CPU limit is granted afresh per recompute: with a 1 s limit (a grant
 * of 3 s of CPU past what a warm worker has used), recomputes of
 * BURN_SECONDS of CPU each on one warm worker until it has used 3.5 s, more
 * than one grant would allow it over its life; every one must succeed.
 */
static void
test_cpu_fresh(const char *srcdir)
{
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*st;
	struct results	*want;
	struct pool	*p;
	double		 most = -1;
	long		 ni = (long)(BURN_SECONDS / turn_cost());
	int		 ok = 0, runs;

	lim.seconds = 1;
	lim.instructions = UINT64_C(1) << 50;
	load("burn.lua", &lim, &sc, &bl);
	st = settings_new(sc);
	st->assumptions[0] = (double)ni;
	want = expect(sc, bl, st, &lim);

	if ((p = pool_new(sc, bl, &lim, 1)) == NULL) {
		CHECK(!"pool_new");
		goto out;
	}
	for (runs = 1; runs <= MAX_RUNS; runs++) {
		struct diag	 d = { 0 };
		struct results	*res;

		if (recompute_unwatched(p, st, &res, &d) == 0 &&
		    same(res, want))
			ok++;
		else
			fprintf(stderr, "cpu-fresh: recompute %d failed\n",
			    runs);
		results_free(res);
		diag_clear(&d);
		most = worker_cpu();
		if (runs >= 6 && (most >= 3.5 || (most < 0 && runs >= 20)))
			break;
	}
	if (runs > MAX_RUNS)
		runs = MAX_RUNS;
	CHECK(ok == runs);
	/* the test means something only if one worker burned past a grant */
	if (most >= 0 && most < 3.5) {
		fprintf(stderr, "cpu-fresh: no warm worker used more than "
		    "%.2f s of CPU in %d recomputes (n=%ld)\n", most, runs, ni);
		failures++;
	}
	pool_free(p);
	check_no_children("cpu-fresh");
out:
	results_free(want);
	settings_free(st);
	baseline_free(bl);
	scenario_free(sc);
}

/* test_cpu_hard in its own process, under a hard CPU limit of 5 s. */
static void
cpu_hard_child(void)
{
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*st;
	struct results	*want;
	struct pool	*p;
	pid_t		 seen[32];
	size_t		 nseen = 0;
	double		 c0, used = 0, live;
	long		 ni;
	int		 ok = 0, runs;

	lim.seconds = 1;
	lim.instructions = UINT64_C(1) << 50;
	load("burn.lua", &lim, &sc, &bl);
	st = settings_new(sc);
	ni = (long)(BURN_SECONDS / turn_cost());
	if (ni > 2000000000L)
		ni = 2000000000L;
	st->assumptions[0] = (double)ni;
	want = expect(sc, bl, st, &lim);
	c0 = child_cpu();
	if ((p = pool_new(sc, bl, &lim, 1)) == NULL) {
		CHECK(!"pool_new");
		goto out;
	}
	for (runs = 1; runs <= MAX_RUNS; runs++) {
		struct diag	 d = { 0 };
		struct results	*res;
		pid_t		 pids[4];
		bool		 known = false;

		if (recompute_unwatched(p, st, &res, &d) == 0 &&
		    same(res, want))
			ok++;
		else
			fprintf(stderr, "cpu-hard: recompute %d "
			    "failed\n", runs);
		results_free(res);
		diag_clear(&d);
		if (children(pids, nitems(pids)) == 1) {
			for (size_t i = 0; i < nseen; i++)
				known = known || seen[i] == pids[0];
			if (!known && nseen < nitems(seen))
				seen[nseen++] = pids[0];
		}
		/* what the workers have used, the live one too */
		live = worker_cpu();
		used = child_cpu() - c0 + (live > 0 ? live : 0);
		if (runs >= 14 && used >= 5.4)
			break;
	}
	if (runs > MAX_RUNS)
		runs = MAX_RUNS;
	CHECK(ok == runs);
	pool_free(p);
	check_no_children("cpu-hard");
	/* meaningful only if one worker could not have served them all */
	used = child_cpu() - c0;
	if (used < 5.2 || nseen < 2) {
		fprintf(stderr, "cpu-hard: %d recomputes used %.2f "
		    "s of CPU in %zu warm worker(s) (n=%ld)\n", runs, used,
		    nseen, ni);
		failures++;
	}
out:
	results_free(want);
	settings_free(st);
	baseline_free(bl);
	scenario_free(sc);
}

/*
 * Under a hard CPU limit (ulimit -t 5) a warm worker can't be granted the
 * CPU limit afresh for ever: when no whole grant is left it retires after
 * its recompute, and a new worker serves the next. With a 1 s limit,
 * recomputes of BURN_SECONDS of CPU each, at least 14 and until they have
 * used 5.4 s in all: every one must succeed. In a process of its own, which
 * reports by its exit status, so that this one keeps its limits.
 */
static void
test_cpu_hard(const char *srcdir)
{
	pid_t	pid;
	int	status = 0;

	(void)turn_cost();		/* measured here, once */
	fflush(NULL);
	if ((pid = fork()) == -1) {
		CHECK(!"fork");
		return;
	}
	if (pid == 0) {
		struct rlimit	rl = { 5, 5 };

		alarm(300);
		if (setrlimit(RLIMIT_CPU, &rl) == -1) {
			perror("cpu-hard: setrlimit");
			_exit(99);
		}
		failures = 0;
		sigpipes = 0;
		cpu_hard_child();
		if (sigpipes > 0)
			fprintf(stderr, "cpu-hard: SIGPIPE %d "
			    "time(s)\n", (int)sigpipes);
		fflush(NULL);
		_exit(failures > 0 || sigpipes > 0 ? 1 : 0);
	}
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "cpu-hard: the test process %s %d\n",
		    WIFEXITED(status) ? "exited with" : "was killed by signal",
		    WIFEXITED(status) ? WEXITSTATUS(status) :
		    WTERMSIG(status));
		failures++;
	}
	check_no_children("cpu-hard");
}

/*
 * A warm worker stops itself at its CPU limit even when the screen ignores
 * SIGXCPU (workers reset it): the script is replaced by one whose top level
 * never ends, and a recompute started that nobody waits for, so no
 * watchdog stops the worker, which spins preparing or recomputing. In a
 * forked process that ignores SIGXCPU; the worker must end by SIGXCPU.
 */
static void
xcpu_child(void)
{
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*st;
	struct pool	*p = NULL;
	struct job	*j;
	struct diag	 d = { 0 };
	pid_t		 pids[8];
	char		*text;
	int		 status;

	signal(SIGXCPU, SIG_IGN);
	lim.seconds = 1;
	lim.instructions = UINT64_C(1) << 50;
	text = read_file("burn.lua");
	write_file("xcpu.lua", text);
	free(text);
	load("xcpu.lua", &lim, &sc, &bl);
	st = settings(sc, NULL, 0);
	if ((p = pool_new(sc, bl, &lim, 1)) == NULL) {
		CHECK(!"pool_new");
		goto out;
	}
	text = read_file("spin.lua");
	write_file("xcpu.lua", text);
	free(text);
	if ((j = pool_start(p, st, &d)) == NULL) {
		CHECK(!"pool_start");
		goto out;
	}
	if (children(pids, nitems(pids)) != 1) {
		CHECK(!"one warm worker");
		job_cancel(j);
		goto out;
	}
	while (waitpid(pids[0], &status, 0) == -1 && errno == EINTR)
		;
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGXCPU) {
		fprintf(stderr, "xcpu: the worker ended otherwise (status "
		    "%d)\n", status);
		failures++;
	}
	job_cancel(j);
out:
	diag_clear(&d);
	pool_free(p);
	settings_free(st);
	baseline_free(bl);
	scenario_free(sc);
}

static void
test_xcpu(const char *srcdir)
{
	pid_t	pid;
	int	status = 0;

	(void)srcdir;
	fflush(NULL);
	if ((pid = fork()) == -1) {
		CHECK(!"fork");
		return;
	}
	if (pid == 0) {
		alarm(300);
		failures = 0;
		xcpu_child();
		fflush(NULL);
		_exit(failures > 0 ? 1 : 0);
	}
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "xcpu: the test process ended with "
		    "status %d\n", status);
		failures++;
	}
	check_no_children("xcpu");
}

static const struct pool_test tests[] = {
	{ "cpu-fresh", test_cpu_fresh },
	{ "cpu-hard", test_cpu_hard },
	{ "xcpu", test_xcpu },
};

int
main(void)
{
	return pool_main("test_pool_cpu", tests, nitems(tests));
}
