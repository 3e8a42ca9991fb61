/*
 * job: scenario evaluation in a forked worker process.
 *
 * The parent forks; the child sees the baseline, scenario and settings
 * through fork (copy-on-write), sets its own CPU and address-space limits,
 * runs the rules and writes wire messages to a pipe, then exits. The parent
 * reads the pipe without blocking (job_poll, for the TUI's event loop) or
 * waits (job_finish), killing the worker when the wall-clock limit passes.
 * Whatever the worker does, the parent gets either results or a message.
 *
 * A projection may be split across several workers (struct limits.workers,
 * LEVER_WORKERS, else one per CPU up to two), each with its own Lua state
 * and limits, projecting a contiguous slice of the areas (rules.h). They
 * write results straight into a shared mapping the parent made before
 * forking. Worker 0 is the only one that talks to the parent: the others
 * report to it over their own pipes (and, with settle, trade states with
 * it every year), and it sends the parent the problem one worker would
 * have met first, then DONE once every worker has finished.
 */
#include <sys/mman.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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

#define JOB_MAX_WORKERS	16
#define JOB_EXIT_PEER	75	/* worker 0: another worker died */
/*
 * Below this many areas one worker is used unless told otherwise: starting
 * a second (fork, Lua state, script, area tables: several ms of CPU) costs
 * more than the share of the work it takes. Scenarios with settle also get
 * one: sending states to worker 0 and back every year costs more than the
 * second worker saves in every shipped scenario (doc/performance.md).
 */
#define JOB_SPLIT_AREAS	1000

#define JOB_PIPE_MAX	(64u << 20)

struct job {
	pid_t			 pids[JOB_MAX_WORKERS];
	size_t			 nworkers;
	int			 fd;
	enum job_mode		 mode;
	char			*script;
	struct limits		 lim;
	struct buf		 in;
	bool			 eof;
	bool			 watchdog;
	bool			 flood;		/* sent more than JOB_PIPE_MAX */
	double			 deadline;
	size_t			 nareas;
	size_t			 nyears;
	size_t			 noutputs;
	double			*map;		/* results, shared with workers */
	size_t			 maplen;
};

/* What a worker knows of the others (see rules_part). */
struct crew {
	size_t		 part;
	size_t		 nparts;
	size_t		 bounds[JOB_MAX_WORKERS + 1];
	int		 up[JOB_MAX_WORKERS];	/* to worker 0; there from k */
	int		 down[JOB_MAX_WORKERS];	/* from worker 0; there to k */
	struct buf	 report[JOB_MAX_WORKERS];
	bool		 reported[JOB_MAX_WORKERS];
	bool		 dead[JOB_MAX_WORKERS];
};

#define CREW_STATES	'M'	/* a message of the rules' own (rules.c) */
#define CREW_REPORT	'R'	/* a worker's outcome: see report_put */

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

/* Write all of P to FD; -1 when the reader is gone. */
static int
put_all(int fd, const void *p, size_t len)
{
	const char	*s = p;

	while (len > 0) {
		ssize_t	n = write(fd, s, len);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Read exactly LEN bytes; -1 on end of file or error. */
static int
get_all(int fd, void *p, size_t len)
{
	char	*s = p;

	while (len > 0) {
		ssize_t	n = read(fd, s, len);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
crew_write(int fd, char type, const void *p, size_t len)
{
	struct buf	b = { 0 };
	int		rc;

	wire_message(&b, (enum wire_type)type, p, len);
	rc = put_all(fd, b.data, b.len);
	buf_free(&b);
	return rc;
}

static int
crew_read(int fd, char *type, struct buf *b)
{
	unsigned char	hdr[5];
	uint32_t	len;

	if (get_all(fd, hdr, sizeof hdr) == -1)
		return -1;
	*type = (char)hdr[0];
	memcpy(&len, hdr + 1, sizeof len);
	b->len = 0;
	buf_add(b, "", 0);
	if (b->cap < (size_t)len + 1)
		b->data = xrealloc(b->data, b->cap = (size_t)len + 1);
	if (get_all(fd, b->data, len) == -1)
		return -1;
	b->len = len;
	b->data[len] = '\0';
	return 0;
}

static int
crew_send(void *ctx, size_t peer, const void *p, size_t len)
{
	struct crew	*c = ctx;

	return crew_write(c->part == 0 ? c->down[peer] : c->up[0],
	    CREW_STATES, p, len);
}

/* Receive the rules' next message; a report or a dead peer is -1. */
static int
crew_recv(void *ctx, size_t peer, struct buf *b)
{
	struct crew	*c = ctx;
	char		 type;

	if (c->part != 0)
		return crew_read(c->down[0], &type, b) == -1 ||
		    type != CREW_STATES ? -1 : 0;
	if (c->reported[peer] || c->dead[peer])
		return -1;
	if (crew_read(c->up[peer], &type, b) == -1) {
		c->dead[peer] = true;
		return -1;
	}
	if (type == CREW_STATES)
		return 0;
	c->report[peer] = *b;
	c->reported[peer] = true;
	memset(b, 0, sizeof *b);
	return -1;
}

/* A worker's outcome: rules status, where it failed, its problems. */
struct outcome {
	int32_t		 rc;
	int32_t		 year;
	int32_t		 phase;
	uint64_t	 area;
	struct diag	 d;
};

static void
report_put(struct buf *b, const struct outcome *o)
{
	buf_add(b, &o->rc, sizeof o->rc);
	buf_add(b, &o->year, sizeof o->year);
	buf_add(b, &o->phase, sizeof o->phase);
	buf_add(b, &o->area, sizeof o->area);
	for (size_t i = 0; i < o->d.n; i++) {
		uint32_t	len = (uint32_t)strlen(o->d.msgs[i]);

		buf_add(b, &len, sizeof len);
		buf_add(b, o->d.msgs[i], len);
	}
}

static bool
report_get(const struct buf *b, struct outcome *o)
{
	const char	*p = b->data;
	size_t		 left = b->len;
	uint32_t	 len;

	if (left < 20)
		return false;
	memcpy(&o->rc, p, 4);
	memcpy(&o->year, p + 4, 4);
	memcpy(&o->phase, p + 8, 4);
	memcpy(&o->area, p + 12, 8);
	p += 20;
	left -= 20;
	while (left >= 4) {
		memcpy(&len, p, 4);
		if (left - 4 < len)
			return false;
		diag_add(&o->d, "%.*s", (int)len, p + 4);
		p += 4 + len;
		left -= 4 + (size_t)len;
	}
	return left == 0;
}

/* Does outcome A come before B in the order one worker would meet them? */
static bool
outcome_first(const struct outcome *a, const struct outcome *b)
{
	if (a->year != b->year)
		return a->year < b->year;
	if (a->phase != b->phase)
		return a->phase < b->phase;
	return a->area < b->area;
}

/*
 * Worker 0, after its own part: wait for every other worker's report
 * (telling any still trading states to stop), then decide the outcome.
 * Returns false if a worker died, and the parent explains that instead.
 */
static bool
crew_gather(struct crew *c, struct outcome *own)
{
	struct outcome	 o;
	struct buf	 b = { 0 };
	char		 type, stop = 'X';
	bool		 alive = true;

	for (size_t k = 1; k < c->nparts; k++) {
		while (!c->reported[k] && !c->dead[k]) {
			if (crew_read(c->up[k], &type, &b) == -1)
				c->dead[k] = true;
			else if (type == CREW_STATES)
				crew_write(c->down[k], CREW_STATES, &stop, 1);
			else {
				c->report[k] = b;
				c->reported[k] = true;
				memset(&b, 0, sizeof b);
			}
		}
		memset(&o, 0, sizeof o);
		if (c->dead[k] || !report_get(&c->report[k], &o)) {
			alive = false;
			diag_clear(&o.d);
			continue;
		}
		if (o.rc == -1 && (own->rc != -1 || outcome_first(&o, own))) {
			diag_clear(&own->d);
			*own = o;
		} else {
			if (o.rc == RULES_SERIAL && own->rc == 0)
				own->rc = RULES_SERIAL;
			diag_clear(&o.d);
		}
	}
	buf_free(&b);
	return alive;
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

/* Do the declarations of the script as it is now match SC's? */
static bool
same_declarations(const struct scenario *sc, const struct rules *r)
{
	struct buf	a = { 0 }, b = { 0 };
	bool		same;

	wire_put_scenario(&a, sc);
	wire_put_scenario(&b, rules_scenario(r));
	same = a.len == b.len && memcmp(a.data, b.data, a.len) == 0;
	buf_free(&a);
	buf_free(&b);
	return same;
}

/* Open SCRIPT and run part C of the projection into MAP. */
static struct rules *
child_project(const char *script, const struct scenario *sc,
    const struct baseline *bl, const struct settings *st,
    const struct limits *lim, struct crew *c, double *map,
    struct outcome *o)
{
	struct results		 res = { bl->nrows, (size_t)sc->years,
				    sc->noutputs, map };
	struct rules_part	 part = { c->part, c->nparts, c->bounds, c,
				    crew_send, crew_recv, 0, 0, 0 };
	struct rules		*r;

	o->rc = -1;
	o->year = INT32_MIN;
	if ((r = rules_open(script, lim, &o->d)) == NULL)
		return NULL;
	if (!same_declarations(sc, r)) {
		diag_add(&o->d, "%s: the scenario's declarations changed "
		    "since it was loaded; load it again", script);
		return r;
	}
	o->rc = rules_project_part(r, bl, st, &res, &part, &o->d);
	if (o->rc == -1 && rules_tampered(r) &&
	    !(sc->has_settle && c->nparts > 1)) {
		/* again with proxies, whose message names the line of the
		 * write; it replaces the first run's */
		struct rules	*strict;
		struct diag	 d = { 0 };

		if ((strict = rules_open(script, lim, &d)) != NULL) {
			rules_close(r);
			r = strict;
			rules_set_strict(r);
			part = (struct rules_part){ c->part, c->nparts,
			    c->bounds, c, crew_send, crew_recv, 0, 0, 0 };
			o->rc = rules_project_part(r, bl, st, &res, &part, &d);
			diag_clear(&o->d);
			o->d = d;
		} else
			diag_clear(&d);
	}
	o->year = part.fail_year;
	o->phase = part.fail_phase;
	o->area = part.fail_area;
	return r;
}

static void
child_main(int fd, enum job_mode mode, const char *script,
    const struct scenario *sc, const struct baseline *bl,
    const struct settings *st, const struct limits *lim, struct crew *c,
    double *map)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE,
	    SIGWINCH, SIGTSTP, SIGCONT, SIGCHLD };
	struct outcome	 o = { 0 };
	struct rules	*r;
	struct buf	 b = { 0 };
	sigset_t	 none;
	int		 null;

	for (size_t i = 0; i < nitems(sigs); i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);	/* the screen blocks some */
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);	/* no orphans if it dies */
#endif
	if (c->nparts > 1)
		signal(SIGPIPE, SIG_IGN);	/* a dead worker is noticed */
	if ((null = open("/dev/null", O_RDWR)) != -1) {
		dup2(null, STDIN_FILENO);
		if (!lim->print)
			dup2(null, STDERR_FILENO);
		dup2(null, STDOUT_FILENO);
		if (null > STDERR_FILENO)
			close(null);
	}
	child_limits(lim);

	if (mode == JOB_DESCRIBE) {
		if ((r = rules_open(script, lim, &o.d)) != NULL) {
			wire_put_scenario(&b, rules_scenario(r));
			send_message(fd, WIRE_SCENARIO, b.data, b.len);
		}
	} else {
		r = child_project(script, sc, bl, st, lim, c, map, &o);
		if (c->part != 0) {
			report_put(&b, &o);
			crew_write(c->up[0], CREW_REPORT, b.data, b.len);
			_exit(0);
		}
		if (r != NULL) {
			wire_put_scenario(&b, rules_scenario(r));
			send_message(fd, WIRE_SCENARIO, b.data, b.len);
		}
		if (c->nparts > 1 && !crew_gather(c, &o))
			_exit(JOB_EXIT_PEER);
		if (o.rc == RULES_SERIAL) {
			/* states can't travel: all areas here, afresh */
			rules_close(r);
			diag_clear(&o.d);
			c->nparts = 1;
			c->bounds[1] = bl->nrows;
			r = child_project(script, sc, bl, st, lim, c, map, &o);
		}
		if (o.rc != 0 && o.d.n == 0)
			diag_add(&o.d, "%s: the rules processes lost touch with "
			    "each other", script);
	}
	for (size_t i = 0; i < o.d.n; i++)
		send_message(fd, WIRE_PROBLEM, o.d.msgs[i],
		    strlen(o.d.msgs[i]));
	send_message(fd, WIRE_DONE, NULL, 0);
	_exit(o.d.n > 0 ? 1 : 0);
}

/*
 * How many workers to split a projection of NAREAS areas across: as asked
 * (struct limits, then LEVER_WORKERS), else two on a machine with two or
 * more CPUs when there are enough areas and no settle.
 */
static size_t
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

struct job *
job_start(enum job_mode mode, const char *script, const struct scenario *sc,
    const struct baseline *bl, const struct settings *st,
    const struct limits *lim, struct diag *diag)
{
	struct job	*j;
	struct crew	 c;
	int		 p[2] = { -1, -1 };
	int		 up[JOB_MAX_WORKERS][2], down[JOB_MAX_WORKERS][2];
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
	j = xcalloc(1, sizeof *j);
	j->nworkers = mode == JOB_PROJECT ?
	    job_workers(lim, bl->nrows, sc->has_settle) : 1;
	j->fd = -1;
	if (mode == JOB_PROJECT) {
		j->nareas = bl->nrows;
		j->nyears = (size_t)sc->years;
		j->noutputs = sc->noutputs;
		j->maplen = j->nareas * j->nyears * j->noutputs * sizeof(double);
		j->map = mmap(NULL, j->maplen > 0 ? j->maplen : 1,
		    PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (j->map == MAP_FAILED) {
			j->map = NULL;
			diag_add(diag, "%s: cannot map memory for the results: "
			    "%s", script, strerror(errno));
			free(j);
			return NULL;
		}
	}
	memset(&c, 0, sizeof c);
	c.nparts = j->nworkers;
	for (size_t k = 0; k <= c.nparts; k++)
		c.bounds[k] = mode == JOB_PROJECT ? bl->nrows * k / c.nparts : 0;
	for (size_t k = 0; k < JOB_MAX_WORKERS; k++)
		up[k][0] = up[k][1] = down[k][0] = down[k][1] = -1;
	if (pipe(p) == -1)
		goto fail;
	for (size_t k = 1; k < c.nparts; k++)
		if (pipe(up[k]) == -1 || pipe(down[k]) == -1)
			goto fail;
	fflush(NULL);
	for (size_t k = 0; k < c.nparts; k++) {
		if ((pid = fork()) == -1)
			goto fail;
		if (pid == 0) {
			c.part = k;
			close(p[0]);
			if (k != 0)
				close(p[1]);
			for (size_t i = 1; i < c.nparts; i++) {
				if (k == 0) {
					c.up[i] = up[i][0];
					c.down[i] = down[i][1];
					close(up[i][1]);
					close(down[i][0]);
				} else if (i == k) {
					c.up[0] = up[i][1];
					c.down[0] = down[i][0];
					close(up[i][0]);
					close(down[i][1]);
				} else {
					close(up[i][0]);
					close(up[i][1]);
					close(down[i][0]);
					close(down[i][1]);
				}
			}
			child_main(k == 0 ? p[1] : -1, mode, script, sc, bl, st,
			    lim, &c, j->map);
		}
		j->pids[k] = pid;
	}
	for (size_t k = 1; k < c.nparts; k++) {
		close_fd(&up[k][0]);
		close_fd(&up[k][1]);
		close_fd(&down[k][0]);
		close_fd(&down[k][1]);
	}
	close(p[1]);
	fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	j->fd = p[0];
	j->mode = mode;
	j->script = xstrdup(script);
	j->lim = *lim;
	j->deadline = now() + lim->seconds;
	return j;

fail:
	diag_add(diag, "%s: cannot start a worker: %s", script,
	    strerror(errno));
	for (size_t k = 0; k < JOB_MAX_WORKERS; k++) {
		if (j->pids[k] > 0) {
			kill(j->pids[k], SIGKILL);
			while (waitpid(j->pids[k], NULL, 0) == -1 &&
			    errno == EINTR)
				;
		}
		close_fd(&up[k][0]);
		close_fd(&up[k][1]);
		close_fd(&down[k][0]);
		close_fd(&down[k][1]);
	}
	close_fd(&p[0]);
	close_fd(&p[1]);
	if (j->map != NULL)
		munmap(j->map, j->maplen > 0 ? j->maplen : 1);
	free(j);
	return NULL;
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
		if (n > 0 && j->in.len + (size_t)n > JOB_PIPE_MAX) {
			/* declarations and messages are never this large */
			j->flood = true;
			for (size_t k = 0; k < j->nworkers; k++)
				kill(j->pids[k], SIGKILL);
			j->eof = true;
		} else if (n > 0)
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
	if (j->map != NULL)
		munmap(j->map, j->maplen > 0 ? j->maplen : 1);
	buf_free(&j->in);
	free(j->script);
	free(j);
}

void
job_cancel(struct job *j)
{
	if (j == NULL)
		return;
	for (size_t k = 0; k < j->nworkers; k++)
		kill(j->pids[k], SIGKILL);
	for (size_t k = 0; k < j->nworkers; k++)
		while (waitpid(j->pids[k], NULL, 0) == -1 && errno == EINTR)
			;
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
	size_t			 before = diag->n, pick = 0;
	bool			 done = false, killed[JOB_MAX_WORKERS] = { 0 };
	int			 status[JOB_MAX_WORKERS] = { 0 };

	while (!job_poll(j)) {
		struct pollfd	pfd = { j->fd, POLLIN, 0 };
		double		left = job_remaining(j);

		if (left <= 0) {
			j->watchdog = true;
			for (size_t k = 0; k < j->nworkers; k++)
				kill(j->pids[k], SIGKILL);
			break;
		}
		poll(&pfd, 1, (int)ceil(left * 1000));
	}
	/* worker 0 has gone: any other still running is of no more use */
	for (size_t k = 1; k < j->nworkers; k++)
		if (waitpid(j->pids[k], &status[k], WNOHANG) == 0) {
			kill(j->pids[k], SIGKILL);
			killed[k] = true;
		} else
			j->pids[k] = -1;
	for (size_t k = 0; k < j->nworkers; k++)
		while (j->pids[k] > 0 &&
		    waitpid(j->pids[k], &status[k], 0) == -1 && errno == EINTR)
			;
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
			break;
		default:
			diag_add(diag, "%s: garbled message from the rules "
			    "process", j->script);
			done = true;
		}
	}
	/* explain worker 0's end, or that of the worker it saw die */
	if (!done && WIFEXITED(status[0]) &&
	    WEXITSTATUS(status[0]) == JOB_EXIT_PEER)
		for (size_t k = j->nworkers - 1; k > 0; k--)
			if (!killed[k] && !(WIFEXITED(status[k]) &&
			    WEXITSTATUS(status[k]) == 0))
				pick = k;
	if (!done)
		explain_status(j, status[pick], diag);
	if (diag->n == before && sc == NULL)
		diag_add(diag, "%s: the rules process sent incomplete results",
		    j->script);
	if (diag->n == before && j->mode == JOB_PROJECT) {
		res = results_new(j->nareas, j->nyears, j->noutputs);
		if (j->maplen > 0)
			memcpy(res->v, j->map, j->maplen);
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
