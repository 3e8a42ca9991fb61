/*
 * batch: many recomputes of one scenario on a pool of warm workers (job.h),
 * each with its own settings, their results handed over in the order of
 * the runs whatever order the workers finish in, so that anything reduced
 * from them is the same on any number of workers. Samples (sample.h) and
 * attribution (attrib.h) are batches. A batch never blocks unless asked
 * to: a screen polls batch_fds and calls batch_step.
 */
#ifndef LEVER_BATCH_H
#define LEVER_BATCH_H

#include <stddef.h>

struct diag;
struct limits;
struct pool;
struct results;
struct settings;

/* The settings of run I, for the batch to free. */
typedef struct settings	*(*batch_settings_fn)(void *arg, size_t i);
/* The results of run I (borrowed), runs in order; -1 stops the batch. */
typedef int		 (*batch_result_fn)(void *arg, size_t i,
			    const struct results *);

struct batch;

/*
 * N runs on POOL, at most RUNNING at once (no more than the pool's
 * members). Nothing starts until the first batch_step.
 */
struct batch	*batch_new(struct pool *, size_t n, size_t running,
		    batch_settings_fn, batch_result_fn, void *arg);
/*
 * The descriptors to poll for input (at most MAX into FDS; returns how
 * many) and how long to wait at most, in milliseconds (-1: no limit).
 */
size_t		 batch_fds(const struct batch *, int *fds, size_t max,
		    int *timeout);
/*
 * Without blocking: take the runs that have finished, hand their results
 * over in order and start more. Returns 1 when every run has been handed
 * over, 0 while some are to come, -1 when a run failed (its problems in
 * DIAG, which run it was from batch_failed; the batch is then over).
 */
int		 batch_step(struct batch *, struct diag *);
/* The run that failed (batch_step said -1), else the number of runs. */
size_t		 batch_failed(const struct batch *);
/* How many runs have been handed over. */
size_t		 batch_done(const struct batch *);
/* Step and poll until the batch is over: 0, or -1 as batch_step. */
int		 batch_run(struct batch *, struct diag *);
/* Cancel what is still running and free the batch. */
void		 batch_free(struct batch *);
/*
 * How many runs to have going at once: LIM's workers if set, else
 * LEVER_WORKERS, else one per CPU up to two.
 */
size_t		 batch_workers(const struct limits *);

#endif
