/*
 * job: one evaluation of a scenario script, run in a forked worker process
 * with CPU, memory and wall-clock limits, so that a hostile or broken script
 * can cost one recompute but never the process that owns the screen.
 *
 * A DESCRIBE job loads the script and sends back its declarations. A
 * PROJECT job does the same, then runs the projection with the given
 * settings on the given baseline and sends back the results. The parent
 * never runs Lua.
 */
#ifndef LEVER_JOB_H
#define LEVER_JOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runlimits.h"

struct baseline;
struct diag;
struct results;
struct scenario;
struct settings;

enum job_mode {
	JOB_DESCRIBE,
	JOB_PROJECT
};

struct job;

/*
 * Start a worker on SCRIPT. For JOB_PROJECT, SC (the description from an
 * earlier DESCRIBE), BL and ST are the inputs; the worker sees them through
 * fork. Returns NULL (with a message in DIAG) if the worker can't start.
 */
struct job	*job_start(enum job_mode, const char *script,
		    const struct scenario *sc, const struct baseline *bl,
		    const struct settings *st, const struct limits *,
		    struct diag *);
/* The descriptor to poll for readability while the job runs. */
int		 job_fd(const struct job *);
/* Read what the worker has sent so far without blocking; true when done. */
bool		 job_poll(struct job *);
/* Seconds until the watchdog kills the worker (poll timeout). */
double		 job_remaining(const struct job *);
/*
 * Wait for the job to end (enforcing the wall-clock limit), reap the worker
 * and free the job. On success return 0 and hand out the description and,
 * for PROJECT jobs, the results. On failure return -1 with every problem in
 * DIAG, each naming the script and line where known.
 */
int		 job_finish(struct job *, struct scenario **, struct results **,
		    struct diag *);
/* Kill the worker and free the job (a newer recompute supersedes it). */
void		 job_cancel(struct job *);

/*
 * A pool of warm workers for one loaded scenario, for recomputing again and
 * again (the screen). A warm worker is forked once and then serves one
 * recompute after another, each in a fresh Lua state with the CPU limit
 * granted afresh; it skips the fork, the cold heap and the page faults
 * that a new worker pays. A worker that dies, is stopped by a limit or is
 * cancelled is replaced at the next recompute. SC, BL and LIM must outlive
 * the pool, and every job started from it must end before pool_free.
 */
struct pool;

/* Up to MEMBERS recomputes at once (more start one-off workers). */
struct pool	*pool_new(const struct scenario *sc, const struct baseline *bl,
		    const struct limits *, size_t members);
/* As job_start(JOB_PROJECT, ...) on the scenario and baseline of P. */
struct job	*pool_start(struct pool *p, const struct settings *,
		    struct diag *);
/* How many recomputes P could start now on a warm (or warmable) worker. */
size_t		 pool_idle(const struct pool *p);
/* Stop the workers and free the pool. */
void		 pool_free(struct pool *);

/* Convenience: describe, or project, and wait. */
struct scenario	*job_describe(const char *script, const struct limits *,
		    struct diag *);
struct results	*job_project(const struct scenario *, const struct baseline *,
		    const struct settings *, const struct limits *,
		    struct diag *);

#endif
