/*
 * batch: runs 0..n-1 start in order, at most `running` at a time and never
 * more than a window ahead of the first run not yet handed over; results
 * that arrive early wait in `early` until every run before them is in.
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "job.h"
#include "results.h"
#include "runlimits.h"
#include "scenario.h"
#include "util.h"

#define BATCH_MAX_RUNNING	16

struct batch {
	struct pool		*pool;
	size_t			 n;
	size_t			 running;	/* at most this many at once */
	batch_settings_fn	 settings;
	batch_result_fn		 result;
	void			*arg;

	struct job		*job[BATCH_MAX_RUNNING];
	size_t			 run[BATCH_MAX_RUNNING];	/* job k's run */
	size_t			 started;	/* runs 0..started-1 started */
	size_t			 done;		/* and 0..done-1 handed over */
	struct results		**early;	/* [n]: in, waiting for order */
	bool			 over;
	size_t			 failed;	/* the first run that failed, or n */
	struct diag		 why;		/* and its problems */
};

struct batch *
batch_new(struct pool *p, size_t n, size_t running, batch_settings_fn st,
    batch_result_fn res, void *arg)
{
	struct batch	*b = xcalloc(1, sizeof *b);

	b->pool = p;
	b->n = n;
	b->running = running < 1 ? 1 : running > BATCH_MAX_RUNNING ?
	    BATCH_MAX_RUNNING : running;
	b->settings = st;
	b->result = res;
	b->arg = arg;
	b->early = xcalloc(n > 0 ? n : 1, sizeof *b->early);
	b->failed = n;
	return b;
}

size_t
batch_fds(const struct batch *b, int *fds, size_t max, int *timeout)
{
	size_t	n = 0;
	double	wait = -1;

	for (size_t k = 0; k < b->running; k++) {
		double	left;

		if (b->job[k] == NULL)
			continue;
		if (n < max)
			fds[n++] = job_fd(b->job[k]);
		left = job_remaining(b->job[k]);
		if (wait < 0 || left < wait)
			wait = left;
	}
	*timeout = wait < 0 ? -1 : (int)ceil(wait * 1000);
	return n;
}

/* End the batch: cancel every run still going. */
static void
batch_stop(struct batch *b)
{
	for (size_t k = 0; k < b->running; k++) {
		job_cancel(b->job[k]);
		b->job[k] = NULL;
	}
	b->over = true;
}

/* Hand over what has arrived in order; -1 if the consumer said stop. */
static int
batch_deliver(struct batch *b, struct diag *diag)
{
	while (b->done < b->n && b->early[b->done] != NULL) {
		struct results	*r = b->early[b->done];
		int		 rc = b->result(b->arg, b->done, r);

		results_free(r);
		b->early[b->done++] = NULL;
		if (rc == -1) {
			diag_add(diag, "the batch was stopped at run %zu",
			    b->done);
			return -1;
		}
	}
	return 0;
}

/* Run I failed with the problems in D: keep them if it is the first. */
static void
batch_fail(struct batch *b, size_t i, struct diag *d)
{
	if (i < b->failed) {
		diag_clear(&b->why);
		b->why = *d;
		b->failed = i;
		/* runs after it no longer matter */
		for (size_t k = 0; k < b->running; k++)
			if (b->job[k] != NULL && b->run[k] > i) {
				job_cancel(b->job[k]);
				b->job[k] = NULL;
			}
	} else
		diag_clear(d);
	memset(d, 0, sizeof *d);
}

/*
 * After a failure, the batch ends when no run before the failed one is
 * still going, so the failure said is always the first in order, however
 * many workers there are.
 */
static bool
batch_settled(const struct batch *b)
{
	for (size_t k = 0; k < b->running; k++)
		if (b->job[k] != NULL && b->run[k] < b->failed)
			return false;
	return true;
}

int
batch_step(struct batch *b, struct diag *diag)
{
	size_t	window = 2 * b->running;

	if (b->over)
		return b->done == b->n ? 1 : -1;
	for (size_t k = 0; k < b->running; k++) {
		struct results	*r = NULL;
		struct diag	 d = { 0 };

		if (b->job[k] == NULL || (!job_poll(b->job[k]) &&
		    job_remaining(b->job[k]) > 0))
			continue;
		/* finished (or out of time: job_finish stops it) */
		if (job_finish(b->job[k], NULL, &r, &d) == -1) {
			b->job[k] = NULL;
			if (d.n == 0)
				diag_add(&d, "a recompute failed");
			batch_fail(b, b->run[k], &d);
			continue;
		}
		b->job[k] = NULL;
		b->early[b->run[k]] = r;
	}
	if (b->failed < b->n) {
		if (!batch_settled(b))
			return 0;
		for (size_t i = 0; i < b->why.n; i++)
			diag_add(diag, "%s", b->why.msgs[i]);
		if (b->why.system)
			diag->system = true;
		diag_clear(&b->why);
		batch_stop(b);
		return -1;
	}
	if (batch_deliver(b, diag) == -1) {
		batch_stop(b);
		return -1;
	}
	for (size_t k = 0; k < b->running; k++) {
		struct settings	*st;
		struct diag	 d = { 0 };

		if (b->job[k] != NULL)
			continue;
		if (b->started >= b->n || b->started >= b->done + window)
			break;
		st = b->settings(b->arg, b->started);
		b->job[k] = pool_start(b->pool, st, &d);
		settings_free(st);
		if (b->job[k] == NULL) {
			batch_fail(b, b->started, &d);
			return batch_step(b, diag);
		}
		b->run[k] = b->started++;
	}
	if (b->done == b->n) {
		b->over = true;
		return 1;
	}
	return 0;
}

size_t
batch_failed(const struct batch *b)
{
	return b->failed;
}

size_t
batch_done(const struct batch *b)
{
	return b->done;
}

int
batch_run(struct batch *b, struct diag *diag)
{
	int	rc;

	while ((rc = batch_step(b, diag)) == 0) {
		struct pollfd	pfd[BATCH_MAX_RUNNING];
		int		fds[BATCH_MAX_RUNNING], timeout;
		size_t		n = batch_fds(b, fds, nitems(fds), &timeout);

		for (size_t i = 0; i < n; i++) {
			pfd[i].fd = fds[i];
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
		}
		if (n > 0 && poll(pfd, n, timeout) == -1 && errno != EINTR) {
			diag_add(diag, "poll: %s", strerror(errno));
			batch_stop(b);
			return -1;
		}
	}
	return rc == 1 ? 0 : -1;
}

void
batch_free(struct batch *b)
{
	if (b == NULL)
		return;
	batch_stop(b);
	diag_clear(&b->why);
	for (size_t i = 0; i < b->n; i++)
		results_free(b->early[i]);
	free(b->early);
	free(b);
}

size_t
batch_workers(const struct limits *lim)
{
	const char	*env = getenv("LEVER_WORKERS");
	long		 cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (lim != NULL && lim->workers > 0)
		return lim->workers > BATCH_MAX_RUNNING ? BATCH_MAX_RUNNING :
		    lim->workers;
	if (env != NULL && *env != '\0') {
		char		*end;
		unsigned long	 v = strtoul(env, &end, 10);

		if (*end == '\0' && v > 0)
			return v > BATCH_MAX_RUNNING ? BATCH_MAX_RUNNING : v;
	}
	return cpus >= 2 ? 2 : 1;
}
