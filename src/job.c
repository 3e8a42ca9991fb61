/*
 * job: scenario evaluation in a forked worker process, the parent's side.
 *
 * The parent forks a crew of workers (worker.c); the children see the
 * baseline, scenario and settings through fork (copy-on-write). The parent
 * reads worker 0's pipe without blocking (job_poll, for the TUI's event
 * loop) or waits (job_finish), killing the crew when the wall-clock limit
 * passes. Whatever the workers do, the parent gets either results or a
 * message.
 *
 * A projection may be split across several workers (struct limits.workers,
 * LEVER_WORKERS, else one per CPU up to two), each with its own Lua state
 * and limits, projecting a contiguous slice of the areas (rules.h). They
 * write results straight into a shared mapping the parent made before
 * forking. Worker 0 is the only one that talks to the parent, and sends
 * DONE once every worker has finished. A pool (pool.c) keeps crews warm
 * between recomputes.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "job.h"
#include "job-int.h"
#include "results.h"
#include "scenario.h"
#include "util.h"
#include "wire.h"

const struct limits limits_default = {
	.instructions = 100000000,	/* per rule call: about a second */
	.memory = (size_t)512 << 20,
	.seconds = 60,
	.print = false,
};

/*
 * Below this many areas one worker is used unless told otherwise: starting
 * a second (fork, Lua state, script, area tables: several ms of CPU) costs
 * more than the share of the work it takes. Scenarios with settle also get
 * one: sending states to worker 0 and back every year costs more than the
 * second worker saves in every shipped scenario (doc/performance.md).
 */
#define JOB_SPLIT_AREAS	1000

#define JOB_PIPE_MAX	(64u << 20)

/*
 * How many workers to split a projection of NAREAS areas across: as asked
 * (struct limits, then LEVER_WORKERS), else two on a machine with two or
 * more CPUs when there are enough areas and no settle.
 */
size_t
job_workers(const struct limits *lim, size_t nareas, bool settle)
{
	const char	*env = getenv("LEVER_WORKERS");
	long		 cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t		 n = lim->workers;

	if (n == 0 && env != NULL && *env != '\0') {
		char		*end;
		unsigned long	 v = strtoul(env, &end, 10);

		if (*end == '\0' && v > 0)
			n = v > JOB_MAX_WORKERS ? JOB_MAX_WORKERS : v;
	}
	if (n == 0)
		n = cpus >= 2 && nareas >= JOB_SPLIT_AREAS && !settle ? 2 : 1;
	if (n > JOB_MAX_WORKERS)
		n = JOB_MAX_WORKERS;
	if (n > nareas)
		n = nareas > 0 ? nareas : 1;
	return n;
}

static void
close_fd(int *fd)
{
	if (*fd != -1)
		close(*fd);
	*fd = -1;
}

/* Results live in the parent too: refuse what the memory limit would. */
bool
job_results_fit(const char *script, const struct scenario *sc,
    const struct baseline *bl, const struct limits *lim, struct diag *diag)
{
	if ((double)bl->nrows * sc->years * (double)sc->noutputs *
	    sizeof(double) <= (double)lim->memory)
		return true;
	diag_add(diag, "%s: the results would hold %zu areas x %d years x %zu "
	    "outputs, more than the memory limit of %zu MB allows (raise it "
	    "with --max-memory)", script, bl->nrows, sc->years, sc->noutputs,
	    lim->memory >> 20);
	return false;
}

/* Memory shared with the workers forked after this. */
void *
job_map_shared(size_t len)
{
	void	*p = mmap(NULL, len > 0 ? len : 1, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/*
 * Kill the crew of M (workers still running after worker 0 has gone are of
 * no more use), reap it into STATUS and KILLED (which may be NULL), and
 * close its descriptors.
 */
void
job_member_stop(struct member *m, int *status, bool *killed)
{
	int	st = 0;

	for (size_t k = 0; k < m->nworkers; k++) {
		if (k > 0 && waitpid(m->pids[k], &st, WNOHANG) == m->pids[k]) {
			if (status != NULL)
				status[k] = st;
			m->pids[k] = -1;
			continue;
		}
		if (k > 0 && killed != NULL)
			killed[k] = true;
		kill(m->pids[k], SIGKILL);
	}
	for (size_t k = 0; k < m->nworkers; k++) {
		pid_t	got = -1;

		while (m->pids[k] > 0 && (got = waitpid(m->pids[k], &st, 0)) ==
		    -1 && errno == EINTR)
			;
		if (m->pids[k] > 0 && got == m->pids[k] && status != NULL)
			status[k] = st;
		m->pids[k] = -1;
		close_fd(&m->req[k]);
	}
	close_fd(&m->fd);
	m->nworkers = 0;
	m->busy = false;
}

/*
 * Fork N workers into M for MODE, WARM ones serving the pool's requests.
 * Returns 0, or -1 with errno set and nothing left running.
 */
int
job_member_spawn(struct member *m, size_t n, enum job_mode mode, bool warm,
    const char *script, const struct scenario *sc, const struct baseline *bl,
    const struct settings *st, const struct limits *lim)
{
	struct crew	 c;
	int		 p[2] = { -1, -1 };
	int		 up[JOB_MAX_WORKERS][2], down[JOB_MAX_WORKERS][2];
	int		 req[JOB_MAX_WORKERS][2];
	int		 saved;
	pid_t		 pid, parent = getpid();

	memset(&c, 0, sizeof c);
	c.nparts = n;
	for (size_t k = 0; k <= n; k++)
		c.bounds[k] = mode == JOB_PROJECT ? bl->nrows * k / n : 0;
	for (size_t k = 0; k < JOB_MAX_WORKERS; k++) {
		up[k][0] = up[k][1] = down[k][0] = down[k][1] = -1;
		req[k][0] = req[k][1] = -1;
		m->pids[k] = -1;
		m->req[k] = -1;
	}
	m->fd = -1;
	m->nworkers = 0;
	if (pipe(p) == -1)
		goto fail;
	for (size_t k = 0; k < n; k++)
		if ((k > 0 && (pipe(up[k]) == -1 || pipe(down[k]) == -1)) ||
		    (warm && socketpair(AF_UNIX, SOCK_STREAM, 0, req[k]) == -1))
			goto fail;
	fflush(NULL);
	for (size_t k = 0; k < n; k++) {
		if ((pid = fork()) == -1)
			goto fail;
		if (pid == 0) {
			int	keep[2 * JOB_MAX_WORKERS + 2];
			size_t	nkeep = 0;

			c.part = k;
			if (k == 0)
				keep[nkeep++] = p[1];
			if (warm)
				keep[nkeep++] = req[k][1];
			for (size_t i = 1; i < n; i++) {
				if (k == 0) {
					keep[nkeep++] = c.up[i] = up[i][0];
					keep[nkeep++] = c.down[i] = down[i][1];
				} else if (i == k) {
					keep[nkeep++] = c.up[0] = up[i][1];
					keep[nkeep++] = c.down[0] = down[i][0];
				}
			}
			worker_close_others(keep, nkeep);
			worker_setup(lim, n, parent);
			if (warm)
				worker_serve(k == 0 ? p[1] : -1, req[k][1],
				    script, sc, bl, lim, &c, m->map, m->set,
				    m->setlen);
			worker_cpu_budget(lim, false);
			_exit(worker_run(k == 0 ? p[1] : -1, mode, false,
			    script, NULL, sc, bl, st, lim, &c, m->map) > 0 ?
			    WORKER_PROBLEMS : WORKER_OK);
		}
		m->pids[k] = pid;
		m->nworkers = k + 1;
	}
	for (size_t k = 0; k < n; k++) {
		close_fd(&up[k][0]);
		close_fd(&up[k][1]);
		close_fd(&down[k][0]);
		close_fd(&down[k][1]);
		close_fd(&req[k][1]);
		m->req[k] = req[k][0];
	}
	close(p[1]);
	fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	m->fd = p[0];
	return 0;

fail:
	saved = errno;
	for (size_t k = 0; k < JOB_MAX_WORKERS; k++) {
		close_fd(&up[k][0]);
		close_fd(&up[k][1]);
		close_fd(&down[k][0]);
		close_fd(&down[k][1]);
		close_fd(&req[k][0]);
		close_fd(&req[k][1]);
	}
	close_fd(&p[1]);
	m->fd = p[0];
	job_member_stop(m, NULL, NULL);
	errno = saved;
	return -1;
}

struct job *
job_new(enum job_mode mode, const char *script, const struct scenario *sc,
    const struct baseline *bl, const struct limits *lim)
{
	struct job	*j = xcalloc(1, sizeof *j);

	j->m = &j->own;
	j->fd = j->own.fd = -1;
	j->mode = mode;
	j->script = xstrdup(script);
	j->lim = *lim;
	if (mode == JOB_PROJECT) {
		j->nareas = bl->nrows;
		j->nyears = (size_t)sc->years;
		j->noutputs = sc->noutputs;
		j->maplen = j->nareas * j->nyears * j->noutputs * sizeof(double);
	}
	return j;
}

static void
job_free(struct job *j)
{
	if (j->pool == NULL) {
		close_fd(&j->own.fd);
		if (j->own.map != NULL)
			munmap(j->own.map, j->maplen > 0 ? j->maplen : 1);
	}
	buf_free(&j->in);
	free(j->script);
	free(j);
}

struct job *
job_start(enum job_mode mode, const char *script, const struct scenario *sc,
    const struct baseline *bl, const struct settings *st,
    const struct limits *lim, struct diag *diag)
{
	struct job	*j;

	if (mode == JOB_PROJECT && !job_results_fit(script, sc, bl, lim, diag))
		return NULL;
	j = job_new(mode, script, sc, bl, lim);
	if (mode == JOB_PROJECT && (j->own.map = job_map_shared(j->maplen)) ==
	    NULL) {
		diag_add(diag, "%s: cannot map memory for the results: %s",
		    script, strerror(errno));
		diag->system = true;
		job_free(j);
		return NULL;
	}
	if (job_member_spawn(&j->own, mode == JOB_PROJECT ?
	    job_workers(lim, bl->nrows, sc->has_settle) : 1, mode, false,
	    script, sc, bl, st, lim) == -1) {
		diag_add(diag, "%s: cannot start a worker: %s", script,
		    strerror(errno));
		diag->system = true;
		job_free(j);
		return NULL;
	}
	j->fd = j->own.fd;
	j->deadline = monotonic() + lim->seconds;
	return j;
}

int
job_fd(const struct job *j)
{
	return j->fd;
}

double
job_remaining(const struct job *j)
{
	double	left = j->deadline - monotonic();

	return left > 0 ? left : 0;
}

/* A warm job ends with DONE, not end of file: look for it. */
static void
job_scan(struct job *j)
{
	struct wire_reader	rd, msg;
	enum wire_type		type;

	rd.p = (const unsigned char *)j->in.data + j->scan;
	rd.len = j->in.len - j->scan;
	rd.bad = false;
	while (!j->eof && wire_next(&rd, &type, &msg))
		if (type == WIRE_DONE)
			j->eof = j->done = true;
	j->scan = j->in.len - rd.len;
}

bool
job_poll(struct job *j)
{
	char	chunk[65536];
	ssize_t	n;

	while (!j->eof) {
		n = read(j->fd, chunk, sizeof chunk);
		if (n > 0 && j->in.len + (size_t)n > JOB_PIPE_MAX) {
			/* declarations and messages are never this large */
			j->flood = true;
			for (size_t k = 0; k < j->m->nworkers; k++)
				kill(j->m->pids[k], SIGKILL);
			j->eof = true;
		} else if (n > 0) {
			buf_add(&j->in, chunk, (size_t)n);
			if (j->pool != NULL)
				job_scan(j);
		} else if (n == 0)
			j->eof = true;
		else if (errno == EINTR)
			continue;
		else if (errno == EAGAIN || errno == EWOULDBLOCK)
			break;
		else
			j->eof = true;
	}
	return j->eof;
}

void
job_cancel(struct job *j)
{
	if (j == NULL)
		return;
	/* a warm crew that has already finished is kept */
	if (j->pool == NULL || !job_poll(j) || !j->done)
		job_member_stop(j->m, NULL, NULL);
	j->m->busy = false;
	job_free(j);
}

/* Explain how a worker ended when it did not end well. */
static void
explain_status(struct job *j, int status, struct diag *diag)
{
	if (j->flood)
		diag_add(diag, "%s: the rules sent more than %u MB of "
		    "declarations and messages, and were stopped", j->script,
		    JOB_PIPE_MAX >> 20);
	else if (j->watchdog)
		diag_add(diag, "%s: the rules were stopped after %g seconds "
		    "(the time limit; change it with --timeout). A rule is "
		    "taking too long: a loop or pattern match that never "
		    "ends?", j->script, j->lim.seconds);
	else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU)
		diag_add(diag, "%s: the rules used up their CPU time limit "
		    "(%g seconds; --timeout) and were stopped", j->script,
		    j->lim.seconds);
	else if (WIFSIGNALED(status) && (WTERMSIG(status) == SIGKILL ||
	    WTERMSIG(status) == SIGTERM || WTERMSIG(status) == SIGHUP ||
	    WTERMSIG(status) == SIGINT)) {
		/* lever kills only for the limits above: this came from
		 * outside (the out-of-memory killer, an administrator) */
		diag_add(diag, "%s: the rules process was killed from outside "
		    "lever (%s: the system's out-of-memory killer, or a "
		    "user); not a fault in the script", j->script,
		    strsignal(WTERMSIG(status)));
		diag->system = true;
	} else if (WIFSIGNALED(status))
		diag_add(diag, "%s: the rules process crashed (%s). The script "
		    "hit a fault in the Lua library (deep recursion or "
		    "memory?); the last good results are kept", j->script,
		    strsignal(WTERMSIG(status)));
	else if (WIFEXITED(status) && WEXITSTATUS(status) == WORKER_PANIC)
		diag_add(diag, "%s: the Lua interpreter gave up (a Lua panic, "
		    "usually out of memory: --max-memory)", j->script);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == WORKER_NOMEM)
		diag_add(diag, "%s: the rules process ran out of memory outside "
		    "the Lua heap (its address-space limit is the memory cap "
		    "of %zu MB plus 256 MB; raise it with --max-memory)",
		    j->script, j->lim.memory >> 20);
	else {
		diag_add(diag, "%s: the rules process ended unexpectedly "
		    "(exit status %d)", j->script,
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		diag->system = true;
	}
}

int
job_finish(struct job *j, struct scenario **scp, struct results **resp,
    struct diag *diag)
{
	struct wire_reader	 rd, msg;
	enum wire_type		 type;
	struct scenario		*sc = NULL;
	struct results		*res = NULL;
	struct member		*m = j->m;
	size_t			 before = diag->n, pick = 0;
	bool			 done = false, retire = false;
	bool			 killed[JOB_MAX_WORKERS] = { 0 };
	int			 status[JOB_MAX_WORKERS] = { 0 };

	while (!job_poll(j)) {
		struct pollfd	pfd = { j->fd, POLLIN, 0 };
		double		left = job_remaining(j);

		if (left <= 0) {
			j->watchdog = true;
			for (size_t k = 0; k < m->nworkers; k++)
				kill(m->pids[k], SIGKILL);
			break;
		}
		poll(&pfd, 1, (int)ceil(left * 1000));
	}
	rd.p = (const unsigned char *)j->in.data;
	rd.len = j->in.len;
	rd.bad = false;
	while (!done && wire_next(&rd, &type, &msg)) {
		switch (type) {
		case WIRE_SCENARIO:
			scenario_free(sc);
			if ((sc = wire_get_scenario(&msg)) == NULL)
				diag_add(diag, "%s: garbled scenario from the "
				    "rules process", j->script);
			break;
		case WIRE_PROBLEM:
			diag_add(diag, "%.*s", (int)msg.len,
			    (const char *)msg.p);
			break;
		case WIRE_DONE:
			done = true;
			retire = msg.len == 1 && msg.p[0] == DONE_RETIRE[0];
			break;
		default:
			diag_add(diag, "%s: garbled message from the rules "
			    "process", j->script);
			done = true;
		}
	}
	/* a warm crew stays for the next recompute unless it went wrong (a
	 * failed recompute may leave a heap grown to the memory cap) */
	if (j->pool == NULL || !done || retire || diag->n > before)
		job_member_stop(m, status, killed);
	m->busy = false;
	/* explain worker 0's end, or that of the worker it saw die */
	if (!done && WIFEXITED(status[0]) &&
	    WEXITSTATUS(status[0]) == WORKER_PEER)
		for (size_t k = JOB_MAX_WORKERS - 1; k > 0; k--)
			if (status[k] != 0 && !killed[k])
				pick = k;
	if (!done)
		explain_status(j, status[pick], diag);
	if (diag->n == before && sc == NULL && j->pool == NULL)
		diag_add(diag, "%s: the rules process sent incomplete results",
		    j->script);
	/* a warm worker sends no description: the pool's, copied */
	if (diag->n == before && j->pool != NULL && scp != NULL)
		sc = scenario_copy(j->pool->sc);
	if (diag->n == before && j->mode == JOB_PROJECT) {
		res = results_new(j->nareas, j->nyears, j->noutputs);
		if (j->maplen > 0)
			memcpy(res->v, m->map, j->maplen);
	}
	job_free(j);
	if (diag->n > before) {
		scenario_free(sc);
		results_free(res);
		return -1;
	}
	if (scp != NULL)
		*scp = sc;
	else
		scenario_free(sc);
	if (resp != NULL)
		*resp = res;
	else
		results_free(res);
	return 0;
}

struct scenario *
job_describe(const char *script, const struct limits *lim, struct diag *diag)
{
	struct job	*j;
	struct scenario	*sc;

	if ((j = job_start(JOB_DESCRIBE, script, NULL, NULL, NULL, lim,
	    diag)) == NULL)
		return NULL;
	if (job_finish(j, &sc, NULL, diag) == -1)
		return NULL;
	return sc;
}

struct results *
job_project(const struct scenario *sc, const struct baseline *bl,
    const struct settings *st, const struct limits *lim, struct diag *diag)
{
	struct job	*j;
	struct results	*res;

	if ((j = job_start(JOB_PROJECT, sc->path, sc, bl, st, lim,
	    diag)) == NULL)
		return NULL;
	if (job_finish(j, NULL, &res, diag) == -1)
		return NULL;
	return res;
}
