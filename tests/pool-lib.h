/*
 * pool-lib: what the tests of warm workers (pool_new, pool_start in
 * src/job.c) share. Each test program (test_pool_same.c, _recover.c,
 * _cpu.c) is a table of tests run by pool_main in a temporary folder under
 * $TMPDIR holding a copy of tests/data/pool (scripts and baselines; see its
 * README). Nothing here sleeps to let something happen: the tests wait for
 * what they need (a process's state in /proc, its CPU time, a job's
 * descriptor), and no test asserts how long anything took.
 */
#ifndef LEVER_TESTS_POOL_LIB_H
#define LEVER_TESTS_POOL_LIB_H

#include <sys/types.h>

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "job.h"

struct baseline;
struct diag;
struct results;
struct scenario;
struct settings;

#define CREW_AREAS	240	/* rows of many.csv */

struct pool_test {
	const char	 *name;
	void		(*fn)(const char *srcdir);
};

/*
 * Run TESTS in a fresh temporary folder and report each; the exit status
 * for make check.
 */
int		 pool_main(const char *prog, const struct pool_test *tests,
		    size_t ntests);

/* Writes to a dead worker this process has survived (SIGPIPE counted). */
extern volatile sig_atomic_t sigpipes;

/* NAME in the temporary folder (caller frees). */
char		*path(const char *name);
/* Write NAME in the temporary folder, replacing it by rename. */
void		 write_file(const char *name, const char *text);
/* The text of NAME in the temporary folder (caller frees). */
char		*read_file(const char *name);

bool		 diag_has(const struct diag *, const char *);
/* The same messages, in the same order? */
bool		 same_diag(const struct diag *, const struct diag *);
/* Results of the same shape with bitwise the same numbers? */
bool		 same(const struct results *, const struct results *);

/* Load SCRIPT (in the temporary folder unless absolute) and its baseline. */
void		 load(const char *script, const struct limits *,
		    struct scenario **, struct baseline **);
/* Settings with the "name=value" list SET (NULL-terminated) and SEED. */
struct settings	*settings(const struct scenario *, const char *const *set,
		    uint64_t seed);
/*
 * The reference: a one-off worker (job_project) under LIM, given at least
 * the default wall-clock limit, since it is not what is tested.
 */
struct results	*expect(const struct scenario *, const struct baseline *,
		    const struct settings *, const struct limits *);

/* Wait for J as the screen does: poll its descriptor until it is done. */
void		 wait_job(struct job *);
/* One recompute from the pool; the problems are printed unless QUIET. */
int		 recompute(struct pool *, const struct settings *,
		    struct results **, struct diag *, bool quiet);
/*
 * As recompute, but waiting for the worker however long it takes: no
 * wall-clock watchdog (job_finish enforces it only on a job not done yet),
 * for the tests of the CPU limit, which a loaded machine must not fail.
 */
int		 recompute_unwatched(struct pool *, const struct settings *,
		    struct results **, struct diag *);
/* A recompute from the pool that must succeed with exactly WANT. */
bool		 recompute_same(struct pool *, const struct settings *,
		    const struct results *want);

/* The pids of this process's live children (Linux /proc), at most MAX. */
size_t		 children(pid_t *, size_t max);
/* After pool_free every worker must be gone and reaped. */
void		 check_no_children(const char *what);
/* CPU seconds of this process's reaped children. */
double		 child_cpu(void);
/* The most CPU any live worker of this process has used, or -1. */
double		 worker_cpu(void);
/*
 * Wait until process PID is in one of the /proc states STATES ("S":
 * asleep, waiting for work; "T": stopped; "Z": dead, not yet reaped) or
 * gone; false if it is not within a minute (a hang, not a slow machine).
 */
bool		 wait_state(pid_t, const char *states);
/* Wait until PID has used CPU seconds past SECS; false as wait_state. */
bool		 wait_cpu(pid_t, double secs);
/*
 * Wait until every live child is asleep (a warm worker waiting for its
 * next recompute, its state prepared); false as wait_state.
 */
bool		 wait_workers_idle(void);
/*
 * Kill all of the pool's idle warm workers (ALL), or one of them, from
 * outside and wait until they are dead: the next recompute must be right,
 * as the pool replaces them. Every child of this process is a worker.
 */
void		 kill_workers(struct pool *, const struct settings *,
		    const struct results *want, bool all, const char *what);

#endif
