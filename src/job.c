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
 *
 * A pool keeps such a crew warm between recomputes: it waits for settings
 * on a socket, serves them in a fresh Lua state, sends its messages and
 * DONE, and waits again. Only the Lua state is new each time; the process,
 * its heap and its baseline pages are reused, which is most of the cost of
 * a small recompute.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/mman.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
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
/*
 * Below this many areas one worker is used unless told otherwise: starting
 * a second (fork, Lua state, script, area tables: several ms of CPU) costs
 * more than the share of the work it takes. Scenarios with settle also get
 * one: sending states to worker 0 and back every year costs more than the
 * second worker saves in every shipped scenario (doc/performance.md).
 */
#define JOB_SPLIT_AREAS	1000

#define JOB_PIPE_MAX	(64u << 20)

/* The processes of one crew: a one-off job's, or a warm pool member's. */
struct member {
	pid_t			 pids[JOB_MAX_WORKERS];
	size_t			 nworkers;	/* 0: not running */
	int			 fd;		/* from worker 0 */
	int			 req[JOB_MAX_WORKERS];	/* warm: to each */
	double			*map;		/* results, shared */
	unsigned char		*set;		/* warm: settings, shared */
	size_t			 setlen;
	bool			 busy;
};

struct pool {
	const struct scenario	*sc;
	const struct baseline	*bl;
	struct limits		 lim;
	size_t			 nworkers;
	size_t			 maplen;
	size_t			 setlen;	/* length, then settings */
	struct member		*m;
	size_t			 nmembers;
};

struct job {
	struct member		 own;		/* a one-off job's crew */
	struct member		*m;		/* &own, or the pool's */
	struct pool		*pool;
	size_t			 scan;		/* warm: parsed up to here */
	int			 fd;
	enum job_mode		 mode;
	char			*script;
	struct limits		 lim;
	struct buf		 in;
	bool			 eof;
	bool			 done;		/* warm: DONE is in */
	bool			 watchdog;
	bool			 flood;		/* sent more than JOB_PIPE_MAX */
	double			 deadline;
	size_t			 nareas;
	size_t			 nyears;
	size_t			 noutputs;
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

#define CREW_STATES	'M'	/* a message of the rules' own (rules-project.c) */
#define DONE_RETIRE	"R"	/* DONE from a warm worker that will exit */
#define CREW_REPORT	'R'	/* a worker's outcome: see report_put */

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

/* A message to the parent; a worker whose parent is gone ends. */
static void
send_message(int fd, enum wire_type type, const void *p, size_t len)
{
	struct buf	b = { 0 };

	wire_message(&b, type, p, len);
	if (put_all(fd, b.data, b.len) == -1)
		_exit(WORKER_ORPHAN);	/* the parent is gone */
	buf_free(&b);
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

/*
 * Where a warm worker's CPU limit ends when granted now: LIM's seconds
 * (rounded up, plus one) past the CPU time used so far (rounded up).
 */
static rlim_t
cpu_grant_end(const struct limits *lim)
{
	struct rusage	ru;
	rlim_t		used = 0;

	if (getrusage(RUSAGE_SELF, &ru) == 0)
		used = (rlim_t)ru.ru_utime.tv_sec + (rlim_t)ru.ru_stime.tv_sec;
	return used + 1 + (rlim_t)ceil(lim->seconds) + 1;
}

/*
 * The CPU limit, as LIM's seconds from now. A warm worker raises its soft
 * limit again before each recompute (a process may never raise its hard
 * limit, so it leaves that alone); a one-off worker also gets a hard limit
 * a little later, in case SIGXCPU does not end it.
 */
static void
cpu_budget(const struct limits *lim, bool warm)
{
	struct rlimit	rl;
	rlim_t		secs = (rlim_t)ceil(lim->seconds) + 1;

	if (!warm) {
		rl.rlim_cur = secs;
		rl.rlim_max = secs + 2;
	} else if (getrlimit(RLIMIT_CPU, &rl) == 0) {
		rl.rlim_cur = cpu_grant_end(lim);
		if (rl.rlim_max != RLIM_INFINITY && rl.rlim_cur > rl.rlim_max)
			rl.rlim_cur = rl.rlim_max;
	} else
		return;
	setrlimit(RLIMIT_CPU, &rl);
}

/*
 * Is there a whole CPU limit left under a finite hard limit (ulimit -t)?
 * A warm worker that has used it up retires, and a fresh one takes over.
 */
static bool
cpu_to_spare(const struct limits *lim)
{
	struct rlimit	rl;

	return getrlimit(RLIMIT_CPU, &rl) == -1 ||
	    rl.rlim_max == RLIM_INFINITY || cpu_grant_end(lim) <= rl.rlim_max;
}

/* Process limits for the worker: no core files; address space. */
static void
child_limits(const struct limits *lim)
{
	struct rlimit	rl;

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

/*
 * Open SCRIPT (or take READY, opened and prepared ahead, its declarations
 * checked) and run part C of the projection into MAP.
 */
static struct rules *
child_project(const char *script, struct rules *ready,
    const struct scenario *sc, const struct baseline *bl,
    const struct settings *st, const struct limits *lim, struct crew *c,
    double *map, struct outcome *o)
{
	struct results		 res = { bl->nrows, (size_t)sc->years,
				    sc->noutputs, map };
	struct rules_part	 part = { c->part, c->nparts, c->bounds, c,
				    crew_send, crew_recv, 0, 0, 0 };
	struct rules		*r;

	o->rc = -1;
	o->year = INT32_MIN;
	if ((r = ready) == NULL && (r = rules_open(script, lim, &o->d)) == NULL)
		return NULL;
	if (ready == NULL && !same_declarations(sc, r)) {
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

		if ((strict = rules_open(script, lim, &d)) != NULL &&
		    !same_declarations(sc, strict)) {
			rules_close(strict);
			strict = NULL;
		}
		if (strict != NULL) {
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

/* Close descriptors LO..HI. */
static void
close_span(unsigned lo, unsigned hi)
{
	long	max;

	if (lo > hi)
		return;
#if defined(__linux__) && defined(SYS_close_range)
	if (syscall(SYS_close_range, lo, hi, 0) == 0)
		return;
#endif
	if ((max = sysconf(_SC_OPEN_MAX)) < 0 || max > 4096)
		max = 4096;
	for (unsigned fd = lo; fd <= hi && fd < (unsigned)max; fd++)
		close((int)fd);
}

/*
 * Close every descriptor above the standard ones but the NKEEP in KEEP
 * (sorted here): a worker must not hold another's pipes or sockets (nor
 * the screen's files), or the other would not see end of file when the
 * pool closes it.
 */
static void
close_others(int *keep, size_t nkeep)
{
	unsigned	next = STDERR_FILENO + 1;

	for (size_t i = 1; i < nkeep; i++)
		for (size_t j = i; j > 0 && keep[j - 1] > keep[j]; j--) {
			int	t = keep[j];

			keep[j] = keep[j - 1];
			keep[j - 1] = t;
		}
	for (size_t i = 0; i < nkeep; i++) {
		if (keep[i] < (int)next)
			continue;
		close_span(next, (unsigned)keep[i] - 1);
		next = (unsigned)keep[i] + 1;
	}
	close_span(next, ~0U);
}

/* A worker's set-up: signals, standard descriptors, process limits. */
static void
child_setup(const struct limits *lim, size_t nparts, pid_t parent)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE,
	    SIGWINCH, SIGTSTP, SIGCONT, SIGCHLD, SIGXCPU, SIGXFSZ };
	sigset_t	none;
	int		null;

	for (size_t i = 0; i < nitems(sigs); i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);	/* the screen blocks some */
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);	/* no orphans if it dies */
#endif
	if (getppid() != parent)		/* it died before that */
		_exit(0);
	if (nparts > 1)
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
	/* out of memory outside Lua (the address-space limit): a status of
	 * its own, not an abort that would look like a crash */
	util_set_fatal_exit(WORKER_NOMEM);
}

/*
 * One job in a worker: describe, or project this worker's part. Worker 0
 * sends the parent the description (unless WARM: the pool has it), the
 * problems and DONE; the others report to worker 0. Returns the number
 * of problems.
 */
static size_t
child_run(int fd, enum job_mode mode, bool warm, const char *script,
    struct rules *ready, const struct scenario *sc, const struct baseline *bl,
    const struct settings *st, const struct limits *lim, struct crew *c,
    double *map)
{
	struct outcome	 o = { 0 };
	struct rules	*r;
	struct buf	 b = { 0 };
	size_t		 n;

	if (mode == JOB_DESCRIBE) {
		if ((r = rules_open(script, lim, &o.d)) != NULL) {
			wire_put_scenario(&b, rules_scenario(r));
			send_message(fd, WIRE_SCENARIO, b.data, b.len);
		}
	} else {
		r = child_project(script, ready, sc, bl, st, lim, c, map, &o);
		if (c->part != 0) {
			report_put(&b, &o);
			crew_write(c->up[0], CREW_REPORT, b.data, b.len);
			goto out;
		}
		if (r != NULL && !warm) {
			wire_put_scenario(&b, rules_scenario(r));
			send_message(fd, WIRE_SCENARIO, b.data, b.len);
		}
		if (c->nparts > 1 && !crew_gather(c, &o))
			_exit(WORKER_PEER);
		if (o.rc == RULES_SERIAL) {
			/* states can't travel: all areas here, afresh */
			rules_close(r);
			diag_clear(&o.d);
			c->nparts = 1;
			c->bounds[1] = bl->nrows;
			r = child_project(script, NULL, sc, bl, st, lim, c, map,
			    &o);
		}
		if (o.rc != 0 && o.d.n == 0)
			diag_add(&o.d, "%s: the rules processes lost touch with "
			    "each other", script);
	}
	for (size_t i = 0; i < o.d.n; i++)
		send_message(fd, WIRE_PROBLEM, o.d.msgs[i],
		    strlen(o.d.msgs[i]));
	if (warm && !cpu_to_spare(lim))
		send_message(fd, WIRE_DONE, DONE_RETIRE, 1);
	else
		send_message(fd, WIRE_DONE, NULL, 0);
out:
	n = o.d.n;
	rules_close(r);
	diag_clear(&o.d);
	buf_free(&b);
	for (size_t k = 0; k < JOB_MAX_WORKERS; k++)
		buf_free(&c->report[k]);
	return n;
}

#define POOL_REQUEST	'P'	/* the doorbell: settings are in */
/*
 * Past this many area-years, or this much Lua heap in the prepared state,
 * a warm worker is large: when it has waited POOL_IDLE seconds for a
 * recompute it gives its prepared state and heap back (at small-area scale
 * they hold hundreds of MB, and a facilitator who has stopped moving
 * levers needs none of it). A small worker keeps its prepared state, and
 * gives back what a recompute left free past POOL_KEEP bytes at once.
 */
#define POOL_SMALL	100000
#define POOL_KEEP	((size_t)64 << 20)
#define POOL_IDLE	60

/* The script's identity, to notice an edit since a state was prepared. */
static bool
script_stamp(const char *script, struct stat *sb)
{
	memset(sb, 0, sizeof *sb);
	return stat(script, sb) == 0;
}

static bool
same_stamp(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	    a->st_size == b->st_size &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	    a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	    a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
	    a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/* Open SCRIPT for part C's next recompute; NULL if it has any problem. */
static struct rules *
child_prepare(const char *script, const struct scenario *sc,
    const struct baseline *bl, const struct limits *lim,
    const struct crew *c, struct stat *sb)
{
	struct rules	*r;
	struct diag	 d = { 0 };

	if (!script_stamp(script, sb))
		return NULL;
	if ((r = rules_open(script, lim, &d)) != NULL &&
	    !same_declarations(sc, r)) {
		rules_close(r);
		r = NULL;
	}
	diag_clear(&d);		/* the recompute will open it and say */
	if (r != NULL)
		rules_prepare(r, bl, c->bounds[c->part],
		    c->bounds[c->part + 1]);
	return r;
}

/* Wait up to SECS for FD to be readable; false if the time passed. */
static bool
wait_readable(int fd, int secs)
{
	struct pollfd	pfd = { fd, POLLIN, 0 };

	return poll(&pfd, 1, secs * 1000) != 0;
}

/* Give free heap back to the system: all of it, or only when past KEEP. */
static void
give_back(size_t keep)
{
#ifdef __GLIBC__
#if __GLIBC_PREREQ(2, 33)
	if (keep > 0 && mallinfo2().fordblks <= keep)
		return;
#endif
	malloc_trim(0);
#else
	(void)keep;
#endif
}

/*
 * A warm worker: serve one recompute after another until the pool closes
 * REQ, each with its CPU limit afresh and a copy of the crew as it was.
 * The pool writes the settings into SET (a length, then the settings;
 * SETLEN bytes in all) and rings once on REQ, so it never waits on a
 * worker. While it waits the worker prepares the next recompute.
 */
static void
child_serve(int fd, int req, const char *script, const struct scenario *sc,
    const struct baseline *bl, const struct limits *lim,
    const struct crew *crew, double *map, const unsigned char *set,
    size_t setlen)
{
	struct rules	*ready = NULL;
	struct stat	 was, now;
	bool		 large = bl->nrows * (size_t)sc->years > POOL_SMALL;
	bool		 heavy = large, idle = false;
	char		 bell;

	for (;;) {
		struct wire_reader	 rd;
		struct settings		*st;
		struct crew		 c = *crew;
		uint32_t		 len;
		ssize_t			 n;

		if (ready == NULL && !idle) {
			cpu_budget(lim, true);
			ready = child_prepare(script, sc, bl, lim, crew, &was);
			heavy = large || (ready != NULL &&
			    rules_memory(ready) > POOL_KEEP);
		}
		if (heavy && ready != NULL && !wait_readable(req, POOL_IDLE)) {
			rules_close(ready);
			ready = NULL;
			give_back(0);
			idle = true;
			continue;
		}
		while ((n = read(req, &bell, 1)) == -1 && errno == EINTR)
			;
		if (n != 1)
			_exit(0);		/* the pool is gone */
		idle = false;
		memcpy(&len, set, sizeof len);
		rd = (struct wire_reader){ set + sizeof len, len, false };
		if (bell != POOL_REQUEST || len > setlen - sizeof len ||
		    (st = wire_get_settings(&rd, sc)) == NULL)
			_exit(WORKER_REQUEST);
		if (ready != NULL && (!script_stamp(script, &now) ||
		    !same_stamp(&was, &now))) {
			rules_close(ready);	/* edited since: afresh */
			ready = NULL;
		}
		cpu_budget(lim, true);
		child_run(fd, JOB_PROJECT, true, script, ready, sc, bl, st,
		    lim, &c, map);
		ready = NULL;			/* child_run closed it */
		settings_free(st);
		if (!cpu_to_spare(lim))
			_exit(0);		/* retired: see DONE_RETIRE */
		if (!heavy)
			give_back(POOL_KEEP);
	}
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

/* Results live in the parent too: refuse what the memory limit would. */
static bool
results_fit(const char *script, const struct scenario *sc,
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
static void *
map_shared(size_t len)
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
static void
member_stop(struct member *m, int *status, bool *killed)
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
static int
member_spawn(struct member *m, size_t n, enum job_mode mode, bool warm,
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
			close_others(keep, nkeep);
			child_setup(lim, n, parent);
			if (warm)
				child_serve(k == 0 ? p[1] : -1, req[k][1],
				    script, sc, bl, lim, &c, m->map, m->set,
				    m->setlen);
			cpu_budget(lim, false);
			_exit(child_run(k == 0 ? p[1] : -1, mode, false, script,
			    NULL, sc, bl, st, lim, &c, m->map) > 0 ?
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
	member_stop(m, NULL, NULL);
	errno = saved;
	return -1;
}

static struct job *
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

	if (mode == JOB_PROJECT && !results_fit(script, sc, bl, lim, diag))
		return NULL;
	j = job_new(mode, script, sc, bl, lim);
	if (mode == JOB_PROJECT && (j->own.map = map_shared(j->maplen)) ==
	    NULL) {
		diag_add(diag, "%s: cannot map memory for the results: %s",
		    script, strerror(errno));
		diag->system = true;
		job_free(j);
		return NULL;
	}
	if (member_spawn(&j->own, mode == JOB_PROJECT ?
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

struct pool *
pool_new(const struct scenario *sc, const struct baseline *bl,
    const struct limits *lim, size_t members)
{
	struct pool	*p = xcalloc(1, sizeof *p);

	p->sc = sc;
	p->bl = bl;
	p->lim = *lim;
	p->nworkers = job_workers(lim, bl->nrows, sc->has_settle);
	p->maplen = bl->nrows * (size_t)sc->years * sc->noutputs *
	    sizeof(double);
	{
		/* settings take the same room whatever their values */
		struct settings	*st = settings_new(sc);
		struct buf	 b = { 0 };

		wire_put_settings(&b, sc, st);
		p->setlen = sizeof(uint32_t) + b.len;
		buf_free(&b);
		settings_free(st);
	}
	p->nmembers = members > 0 ? members : 1;
	p->m = xcalloc(p->nmembers, sizeof *p->m);
	for (size_t i = 0; i < p->nmembers; i++)
		p->m[i].fd = -1;
	return p;
}

/*
 * Ring the warm crew of M (its settings are in place), starting it if it is
 * not running. One byte into an idle socket never blocks; without SIGPIPE,
 * a worker gone is EPIPE.
 */
static int
member_request(struct pool *p, struct member *m)
{
	char	bell = POOL_REQUEST;

	if (m->nworkers == 0 && member_spawn(m, p->nworkers, JOB_PROJECT, true,
	    p->sc->path, p->sc, p->bl, NULL, &p->lim) == -1)
		return -1;
	for (size_t k = 0; k < m->nworkers; k++) {
		ssize_t	n;

		while ((n = send(m->req[k], &bell, 1, MSG_NOSIGNAL |
		    MSG_DONTWAIT)) == -1 && errno == EINTR)
			;
		if (n != 1) {
			member_stop(m, NULL, NULL);
			errno = EPIPE;
			return -1;
		}
	}
	return 0;
}

struct job *
pool_start(struct pool *p, const struct settings *st, struct diag *diag)
{
	const struct scenario	*sc = p->sc;
	struct member		*m = NULL;
	struct buf		 set = { 0 };
	struct job		*j;
	uint32_t		 len;
	int			 rc;

	for (size_t i = 0; i < p->nmembers && m == NULL; i++)
		if (!p->m[i].busy && p->m[i].nworkers > 0)
			m = &p->m[i];
	for (size_t i = 0; i < p->nmembers && m == NULL; i++)
		if (!p->m[i].busy)
			m = &p->m[i];
	if (m == NULL)		/* all busy: a one-off worker */
		return job_start(JOB_PROJECT, sc->path, sc, p->bl, st, &p->lim,
		    diag);
	if (!results_fit(sc->path, sc, p->bl, &p->lim, diag))
		return NULL;
	if ((m->map == NULL && (m->map = map_shared(p->maplen)) == NULL) ||
	    (m->set == NULL && (m->set = map_shared(m->setlen =
	    p->setlen)) == NULL)) {
		diag_add(diag, "%s: cannot map memory for the results: %s",
		    sc->path, strerror(errno));
		diag->system = true;
		return NULL;
	}
	wire_put_settings(&set, sc, st);
	if (sizeof len + set.len != p->setlen)
		fatal("pool_start: settings of the wrong size");
	len = (uint32_t)set.len;
	memcpy(m->set, &len, sizeof len);
	memcpy(m->set + sizeof len, set.data, set.len);
	buf_free(&set);
	/* a worker that died while idle is replaced once */
	if ((rc = member_request(p, m)) == -1 && errno == EPIPE)
		rc = member_request(p, m);
	if (rc == -1) {
		diag_add(diag, "%s: cannot start a worker: %s", sc->path,
		    strerror(errno));
		diag->system = true;
		return NULL;
	}
	j = job_new(JOB_PROJECT, sc->path, sc, p->bl, &p->lim);
	j->pool = p;
	j->m = m;
	j->fd = m->fd;
	j->deadline = monotonic() + p->lim.seconds;
	m->busy = true;
	return j;
}

void
pool_free(struct pool *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nmembers; i++) {
		member_stop(&p->m[i], NULL, NULL);
		if (p->m[i].map != NULL)
			munmap(p->m[i].map, p->maplen > 0 ? p->maplen : 1);
		if (p->m[i].set != NULL)
			munmap(p->m[i].set, p->setlen);
	}
	free(p->m);
	free(p);
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
		member_stop(j->m, NULL, NULL);
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
		member_stop(m, status, killed);
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
	if (diag->n == before && j->pool != NULL && scp != NULL) {
		/* a warm worker sends no description: the pool's, copied */
		struct buf		b = { 0 };
		struct wire_reader	copy;

		wire_put_scenario(&b, j->pool->sc);
		copy = (struct wire_reader){ (const unsigned char *)b.data,
		    b.len, false };
		sc = wire_get_scenario(&copy);
		buf_free(&b);
	}
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
