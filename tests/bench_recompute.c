/*
 * bench_recompute: the latency of one recompute after a lever move, done the
 * way the TUI does it: pool_start a recompute on a warm worker with the
 * changed settings, poll its descriptor until job_poll says it is done,
 * job_finish. With --cold every recompute forks a new worker (job_start),
 * as `lever run` does. With --ahead the lever walks on, step by step (back
 * at either end), as a facilitator holding a key moves it, and each move
 * is answered as the screen answers it: from the results kept (kept.h),
 * where the step was computed ahead while the room looked (not timed),
 * else by a recompute.
 *
 * usage: bench_recompute SCRIPT [--baseline F.csv] [--workers N] [--runs K]
 *            [--cold | --ahead]
 *
 * Between runs the first slider lever (else the first toggle or choice)
 * moves one step and back, so every recompute has settings unlike the last.
 * Prints one line of name=value pairs: areas, years, workers, runs, the
 * median, 95th percentile, best and worst latency in milliseconds, the
 * median CPU time of one recompute (this process and its workers, user and
 * system), and the peak resident memory of this process and of the largest
 * worker in kB.
 */
#include "config.h"

#include <sys/resource.h>

#include <math.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "baseline.h"
#include "cli.h"
#include "job.h"
#include "kept.h"
#include "results.h"
#include "scenario.h"
#include "util.h"

#include "proc-cpu.h"

/*
 * CPU seconds used so far by this process, its reaped workers and its
 * live (warm) workers.
 */
static double
cpu(void)
{
	struct rusage	 self, kids;
	char		 path[64];
	long		 pid;
	double		 secs, t;
	FILE		*f;

	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	secs = (double)(self.ru_utime.tv_sec + self.ru_stime.tv_sec +
	    kids.ru_utime.tv_sec + kids.ru_stime.tv_sec) +
	    (double)(self.ru_utime.tv_usec + self.ru_stime.tv_usec +
	    kids.ru_utime.tv_usec + kids.ru_stime.tv_usec) / 1e6;
	snprintf(path, sizeof path, "/proc/self/task/%ld/children",
	    (long)getpid());
	if ((f = fopen(path, "r")) != NULL) {
		while (fscanf(f, "%ld", &pid) == 1)
			if ((t = proc_cpu((pid_t)pid)) > 0)
				secs += t;
		fclose(f);
	}
	return secs;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Move lever LV of ST to its K-th alternative value. */
static void
move_lever(const struct scenario *sc, struct settings *st, long lv, int k)
{
	const struct lever	*l = &sc->levers[lv];
	struct lever_value	*v = &st->levers[lv];

	switch (l->kind) {
	case LEVER_SLIDER:
		v->num = l->def + ((k & 1) ? l->step : 0);
		if (v->num > l->max)
			v->num = l->def - l->step;
		break;
	case LEVER_TOGGLE:
		v->on = (k & 1) ? !l->def_on : l->def_on;
		break;
	case LEVER_CHOICE:
		v->choice = (size_t)k % l->noptions;
		break;
	case LEVER_SPLIT:
		break;
	}
}

/* Move lever LV of ST one step on in direction *DIR, turning at an end. */
static void
walk_lever(const struct scenario *sc, struct settings *st, long lv, int *dir)
{
	const struct lever	*l = &sc->levers[lv];
	struct lever_value	*v = &st->levers[lv];

	switch (l->kind) {
	case LEVER_SLIDER:
		if (v->num + *dir * l->step > l->max + 1e-9 ||
		    v->num + *dir * l->step < l->min - 1e-9)
			*dir = -*dir;
		v->num += *dir * l->step;
		break;
	case LEVER_TOGGLE:
		v->on = !v->on;
		break;
	case LEVER_CHOICE:
		if ((*dir > 0 && v->choice + 1 >= l->noptions) ||
		    (*dir < 0 && v->choice == 0))
			*dir = -*dir;
		v->choice = (size_t)((long)v->choice + *dir);
		break;
	case LEVER_SPLIT:
		break;
	}
}

/* One recompute as the TUI does it; returns its latency in seconds. With
 * KEPT, its results are kept. */
static double
recompute(struct pool *pool, const struct scenario *sc,
    const struct baseline *bl, const struct settings *st,
    const struct limits *lim, struct kept *kept)
{
	struct diag	 d = { 0 };
	struct results	*res = NULL;
	struct job	*j;
	double		 t0 = monotonic(), t;

	if ((j = pool != NULL ? pool_start(pool, st, &d) : job_start(JOB_PROJECT,
	    sc->path, sc, bl, st, lim, &d)) == NULL) {
		diag_print(&d, stderr);
		exit(1);
	}
	while (!job_poll(j)) {
		struct pollfd	pfd = { job_fd(j), POLLIN, 0 };

		poll(&pfd, 1, (int)ceil(job_remaining(j) * 1000));
	}
	if (job_finish(j, NULL, &res, &d) == -1) {
		diag_print(&d, stderr);
		exit(1);
	}
	t = monotonic() - t0;
	if (kept != NULL)
		kept_put(kept, st, res);
	results_free(res);
	return t;
}

/* A move answered as the screen answers it: from the results kept, else
 * by a recompute; then the next step is computed ahead (not timed). */
static double
answer(struct pool *pool, const struct scenario *sc,
    const struct baseline *bl, struct settings *st, const struct limits *lim,
    struct kept *kept, long lv, int dir, int *hits)
{
	const struct results	*got;
	struct settings		*next;
	double			 t0 = monotonic(), t;

	if ((got = kept_find(kept, st)) != NULL) {
		results_free(results_copy(got));
		t = monotonic() - t0;
		++*hits;
	} else
		t = recompute(pool, sc, bl, st, lim, kept);
	next = settings_copy(sc, st);
	walk_lever(sc, next, lv, &dir);
	if (kept_find(kept, next) == NULL)
		recompute(pool, sc, bl, next, lim, kept);
	settings_free(next);
	return t;
}

int
main(int argc, char **argv)
{
	struct limits	 lim = limits_default;
	struct diag	 d = { 0 };
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*st;
	struct pool	*pool = NULL;
	struct rusage	 self, kids;
	const char	*script = NULL, *baseline = NULL;
	double		*t, *c, c0;
	long		 lv = -1;
	int		 runs = 50, dir = 1, hits = 0;
	bool		 cold = false, ahead = false;
	struct kept	*kept = NULL;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--baseline") == 0 && i + 1 < argc)
			baseline = argv[++i];
		else if (strcmp(argv[i], "--workers") == 0 && i + 1 < argc)
			lim.workers = (unsigned)atoi(argv[++i]);
		else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "--cold") == 0)
			cold = true;
		else if (strcmp(argv[i], "--ahead") == 0)
			ahead = true;
		else if (script == NULL && argv[i][0] != '-')
			script = argv[i];
		else {
			fprintf(stderr, "usage: bench_recompute SCRIPT "
			    "[--baseline F.csv] [--workers N] [--runs K] "
			    "[--cold | --ahead]\n");
			return 2;
		}
	}
	if (script == NULL || runs < 1 || (cold && ahead))
		return 2;
	if (cli_load(script, baseline, 0, &lim, &sc, &bl, &d) == -1) {
		diag_print(&d, stderr);
		return 1;
	}
	for (int kind = LEVER_SLIDER; kind <= LEVER_TOGGLE && lv < 0; kind++)
		for (size_t i = 0; i < sc->nlevers && lv < 0; i++)
			if (sc->levers[i].kind == (enum lever_kind)kind)
				lv = (long)i;
	st = settings_new(sc);
	t = xcalloc((size_t)runs, sizeof *t);
	c = xcalloc((size_t)runs, sizeof *c);
	if (!cold)
		pool = pool_new(sc, bl, &lim, 1);
	if (ahead && (lv < 0 || kept_room(kept = kept_new(sc,
	    bl->nrows)) == 0)) {
		fprintf(stderr, "bench_recompute: --ahead needs a lever and "
		    "results small enough to keep\n");
		return 1;
	}
	recompute(pool, sc, bl, st, &lim, kept);	/* warm the caches */
	for (int k = 0; k < runs; k++) {
		c0 = cpu();
		if (ahead) {
			walk_lever(sc, st, lv, &dir);
			t[k] = answer(pool, sc, bl, st, &lim, kept, lv, dir,
			    &hits);
		} else {
			if (lv >= 0)
				move_lever(sc, st, lv, k + 1);
			t[k] = recompute(pool, sc, bl, st, &lim, NULL);
		}
		c[k] = cpu() - c0;
	}
	kept_free(kept);
	qsort(t, (size_t)runs, sizeof *t, cmp_double);
	qsort(c, (size_t)runs, sizeof *c, cmp_double);
	pool_free(pool);		/* its workers' usage counts */
	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	printf("areas=%zu years=%d workers=%u runs=%d median_ms=%.3f "
	    "p95_ms=%.3f min_ms=%.3f max_ms=%.3f cpu_ms=%.3f self_rss_kb=%ld "
	    "worker_rss_kb=%ld", bl->nrows, sc->years, lim.workers, runs,
	    t[(runs - 1) / 2] * 1e3,
	    t[(size_t)ceil(0.95 * runs) - 1] * 1e3, t[0] * 1e3,
	    t[runs - 1] * 1e3, c[(runs - 1) / 2] * 1e3, self.ru_maxrss,
	    kids.ru_maxrss);
	if (ahead)
		printf(" kept=%d", hits);
	printf("\n");
	free(t);
	free(c);
	settings_free(st);
	baseline_free(bl);
	scenario_free(sc);
	return 0;
}
