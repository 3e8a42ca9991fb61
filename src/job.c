/*
 * job: scenario evaluation in a forked worker process.
 *
 * The parent forks; the child sees the baseline, scenario and settings
 * through fork (copy-on-write), sets its own CPU and address-space limits,
 * runs the rules and writes wire messages to a pipe, then exits. The parent
 * reads the pipe without blocking (job_poll, for the TUI's event loop) or
 * waits (job_finish), killing the worker when the wall-clock limit passes.
 * Whatever the worker does, the parent gets either results or a message.
 */
#include <sys/resource.h>
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
#include <time.h>
#include <unistd.h>

#include "baseline.h"
#include "job.h"
#include "results.h"
#include "rules.h"
#include "scenario.h"
#include "util.h"
#include "wire.h"

#if defined(__SANITIZE_ADDRESS__)
#define JOB_NO_RLIMIT_AS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JOB_NO_RLIMIT_AS 1
#endif
#endif

const struct limits limits_default = {
	.instructions = 100000000,	/* per rule call: about a second */
	.memory = (size_t)512 << 20,
	.seconds = 60,
	.print = false,
};

struct job {
	pid_t			 pid;
	int			 fd;
	enum job_mode		 mode;
	char			*script;
	struct limits		 lim;
	struct buf		 in;
	bool			 eof;
	bool			 watchdog;
	double			 deadline;
	size_t			 nareas;
	size_t			 nyears;
	size_t			 noutputs;
};

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
write_all(int fd, const void *p, size_t len)
{
	const char	*s = p;

	while (len > 0) {
		ssize_t	n = write(fd, s, len);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(74);
		s += n;
		len -= (size_t)n;
	}
}

static void
send_message(int fd, enum wire_type type, const void *p, size_t len)
{
	struct buf	b = { 0 };

	wire_message(&b, type, p, len);
	write_all(fd, b.data, b.len);
	buf_free(&b);
}

/* Process limits for the worker: CPU seconds and address space. */
static void
child_limits(const struct limits *lim)
{
	struct rlimit	rl;

	rl.rlim_cur = (rlim_t)ceil(lim->seconds) + 1;
	rl.rlim_max = rl.rlim_cur + 2;
	setrlimit(RLIMIT_CPU, &rl);
	rl.rlim_cur = rl.rlim_max = 0;
	setrlimit(RLIMIT_CORE, &rl);
#ifndef JOB_NO_RLIMIT_AS
	{
		FILE		*f = fopen("/proc/self/statm", "r");
		unsigned long	 pages = 0;

		if (f != NULL) {
			if (fscanf(f, "%lu", &pages) != 1)
				pages = 0;
			fclose(f);
		}
		rl.rlim_cur = rl.rlim_max = (rlim_t)pages *
		    (rlim_t)sysconf(_SC_PAGESIZE) + lim->memory + (256u << 20);
		setrlimit(RLIMIT_AS, &rl);
	}
#endif
}

static void
child_main(int fd, enum job_mode mode, const char *script,
    const struct scenario *sc, const struct baseline *bl,
    const struct settings *st, const struct limits *lim)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE,
	    SIGWINCH, SIGTSTP, SIGCONT, SIGCHLD };
	struct diag	 d = { 0 };
	struct rules	*r;
	struct buf	 b = { 0 }, mine = { 0 };
	int		 null;

	for (size_t i = 0; i < nitems(sigs); i++)
		signal(sigs[i], SIG_DFL);
	if ((null = open("/dev/null", O_RDWR)) != -1) {
		dup2(null, STDIN_FILENO);
		if (!lim->print)
			dup2(null, STDERR_FILENO);
		dup2(null, STDOUT_FILENO);
		if (null > STDERR_FILENO)
			close(null);
	}
	child_limits(lim);

	if ((r = rules_open(script, lim, &d)) != NULL) {
		wire_put_scenario(&b, rules_scenario(r));
		send_message(fd, WIRE_SCENARIO, b.data, b.len);
	}
	if (r != NULL && mode == JOB_PROJECT) {
		const struct scenario	*now_sc = rules_scenario(r);
		struct results		*res;

		wire_put_scenario(&mine, sc);
		if (mine.len != b.len || memcmp(mine.data, b.data, b.len) != 0)
			diag_add(&d, "%s: the scenario's declarations changed "
			    "since it was loaded; load it again", script);
		else {
			res = results_new(bl->nrows, (size_t)now_sc->years,
			    now_sc->noutputs);
			if (rules_project(r, bl, st, res, &d) == 0) {
				size_t	total = bl->nrows * res->nyears *
				    res->noutputs, chunk = 1u << 17;

				for (size_t i = 0; i < total; i += chunk) {
					size_t	n = total - i < chunk ?
					    total - i : chunk;

					send_message(fd, WIRE_RESULTS,
					    res->v + i, n * sizeof *res->v);
				}
			}
		}
	}
	for (size_t i = 0; i < d.n; i++)
		send_message(fd, WIRE_PROBLEM, d.msgs[i], strlen(d.msgs[i]));
	send_message(fd, WIRE_DONE, NULL, 0);
	_exit(d.n > 0 ? 1 : 0);
}

struct job *
job_start(enum job_mode mode, const char *script, const struct scenario *sc,
    const struct baseline *bl, const struct settings *st,
    const struct limits *lim, struct diag *diag)
{
	struct job	*j;
	int		 p[2];
	pid_t		 pid;

	/* results live in this process too: a script declaring thousands of
	 * outputs must not make it allocate more than the memory limit */
	if (mode == JOB_PROJECT && (double)bl->nrows * sc->years *
	    (double)sc->noutputs * sizeof(double) > (double)lim->memory) {
		diag_add(diag, "%s: the results would hold %zu areas x %d years "
		    "x %zu outputs, more than the memory limit of %zu MB allows "
		    "(raise it with --max-memory)", script, bl->nrows,
		    sc->years, sc->noutputs, lim->memory >> 20);
		return NULL;
	}
	if (pipe(p) == -1) {
		diag_add(diag, "%s: cannot start a worker: %s", script,
		    strerror(errno));
		return NULL;
	}
	fflush(NULL);
	if ((pid = fork()) == -1) {
		diag_add(diag, "%s: cannot start a worker: %s", script,
		    strerror(errno));
		close(p[0]);
		close(p[1]);
		return NULL;
	}
	if (pid == 0) {
		close(p[0]);
		child_main(p[1], mode, script, sc, bl, st, lim);
	}
	close(p[1]);
	fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	j = xcalloc(1, sizeof *j);
	j->pid = pid;
	j->fd = p[0];
	j->mode = mode;
	j->script = xstrdup(script);
	j->lim = *lim;
	j->deadline = now() + lim->seconds;
	if (mode == JOB_PROJECT) {
		j->nareas = bl->nrows;
		j->nyears = (size_t)sc->years;
		j->noutputs = sc->noutputs;
	}
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
	double	left = j->deadline - now();

	return left > 0 ? left : 0;
}

bool
job_poll(struct job *j)
{
	char	chunk[65536];
	ssize_t	n;

	while (!j->eof) {
		n = read(j->fd, chunk, sizeof chunk);
		if (n > 0)
			buf_add(&j->in, chunk, (size_t)n);
		else if (n == 0)
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

static void
job_free(struct job *j)
{
	close(j->fd);
	buf_free(&j->in);
	free(j->script);
	free(j);
}

void
job_cancel(struct job *j)
{
	if (j == NULL)
		return;
	kill(j->pid, SIGKILL);
	while (waitpid(j->pid, NULL, 0) == -1 && errno == EINTR)
		;
	job_free(j);
}

/* Explain how a worker ended when it did not end well. */
static void
explain_status(struct job *j, int status, struct diag *diag)
{
	if (j->watchdog)
		diag_add(diag, "%s: the rules were stopped after %g seconds "
		    "(the time limit; change it with --timeout). A rule is "
		    "taking too long: a loop or pattern match that never "
		    "ends?", j->script, j->lim.seconds);
	else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU)
		diag_add(diag, "%s: the rules used up their CPU time limit "
		    "(%g seconds; --timeout) and were stopped", j->script,
		    j->lim.seconds);
	else if (WIFSIGNALED(status))
		diag_add(diag, "%s: the rules process crashed (%s). The script "
		    "hit a fault in the Lua library (deep recursion or "
		    "memory?); the last good results are kept", j->script,
		    strsignal(WTERMSIG(status)));
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 70)
		diag_add(diag, "%s: the Lua interpreter gave up (a Lua panic, "
		    "usually out of memory: --max-memory)", j->script);
	else
		diag_add(diag, "%s: the rules process ended unexpectedly "
		    "(exit status %d)", j->script,
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int
job_finish(struct job *j, struct scenario **scp, struct results **resp,
    struct diag *diag)
{
	struct wire_reader	 rd, msg;
	enum wire_type		 type;
	struct scenario		*sc = NULL;
	struct results		*res = NULL;
	size_t			 before = diag->n, got = 0, want;
	bool			 done = false;
	int			 status = 0;

	while (!job_poll(j)) {
		struct pollfd	pfd = { j->fd, POLLIN, 0 };
		double		left = job_remaining(j);

		if (left <= 0) {
			j->watchdog = true;
			kill(j->pid, SIGKILL);
			break;
		}
		poll(&pfd, 1, (int)ceil(left * 1000));
	}
	while (waitpid(j->pid, &status, 0) == -1 && errno == EINTR)
		;
	if (j->mode == JOB_PROJECT)
		res = results_new(j->nareas, j->nyears, j->noutputs);
	want = j->nareas * j->nyears * j->noutputs;
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
		case WIRE_RESULTS:
			if (res == NULL || msg.len % sizeof(double) != 0 ||
			    got + msg.len / sizeof(double) > want) {
				diag_add(diag, "%s: garbled results from the "
				    "rules process", j->script);
				break;
			}
			memcpy(res->v + got, msg.p, msg.len);
			got += msg.len / sizeof(double);
			break;
		case WIRE_PROBLEM:
			diag_add(diag, "%.*s", (int)msg.len,
			    (const char *)msg.p);
			break;
		case WIRE_DONE:
			done = true;
			break;
		default:
			diag_add(diag, "%s: garbled message from the rules "
			    "process", j->script);
			done = true;
		}
	}
	if (!done)
		explain_status(j, status, diag);
	if (diag->n == before && (sc == NULL ||
	    (j->mode == JOB_PROJECT && got != want)))
		diag_add(diag, "%s: the rules process sent incomplete results",
		    j->script);
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
