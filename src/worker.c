/*
 * worker: what runs inside a worker process, after fork.
 *
 * A worker resets its signals, puts /dev/null on its standard descriptors,
 * closes every other descriptor but its own pipes, and sets its own CPU and
 * address-space limits; then it runs the rules and writes wire messages to
 * the parent (worker 0) or to worker 0 (the others), and exits with one of
 * the statuses of runlimits.h. The others report their outcome to worker 0
 * over their own pipes (and, with settle, trade states with it every
 * year); worker 0 sends the parent the problem one worker would have met
 * first.
 *
 * A warm worker (pool.c) waits for settings on a socket, serves them in a
 * fresh Lua state, sends its messages and DONE, and waits again. Only the
 * Lua state is new each time; the process, its heap and its baseline pages
 * are reused, which is most of the cost of a small recompute.
 */
#include "config.h"

#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "file.h"
#include "job-int.h"
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

/* A message to the parent; a worker whose parent is gone ends. */
static void
send_message(int fd, enum wire_type type, const void *p, size_t len)
{
	if (wire_write(fd, type, p, len) == -1)
		_exit(WORKER_ORPHAN);	/* the parent is gone */
}

static int
crew_send(void *ctx, size_t peer, const void *p, size_t len)
{
	struct crew	*c = ctx;

	return wire_write(c->part == 0 ? c->down[peer] : c->up[0],
	    WIRE_STATES, p, len);
}

/* Receive the rules' next message; a report or a dead peer is -1. */
static int
crew_recv(void *ctx, size_t peer, struct buf *b)
{
	struct crew	*c = ctx;
	enum wire_type	 type;

	if (c->part != 0)
		return wire_read(c->down[0], &type, b) == -1 ||
		    type != WIRE_STATES ? -1 : 0;
	if (c->reported[peer] || c->dead[peer])
		return -1;
	if (wire_read(c->up[peer], &type, b) == -1) {
		c->dead[peer] = true;
		return -1;
	}
	if (type == WIRE_STATES)
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
	enum wire_type	 type;
	char		 stop = 'X';
	bool		 alive = true;

	for (size_t k = 1; k < c->nparts; k++) {
		while (!c->reported[k] && !c->dead[k]) {
			if (wire_read(c->up[k], &type, &b) == -1)
				c->dead[k] = true;
			else if (type == WIRE_STATES)
				wire_write(c->down[k], WIRE_STATES, &stop, 1);
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
void
worker_cpu_budget(const struct limits *lim, bool warm)
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
	if (ready == NULL && !scenario_equal(sc, rules_scenario(r))) {
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
		    !scenario_equal(sc, rules_scenario(strict))) {
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
void
worker_close_others(int *keep, size_t nkeep)
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
void
worker_setup(const struct limits *lim, size_t nparts, pid_t parent)
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
	rules_tick_start();
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
size_t
worker_run(int fd, enum job_mode mode, bool warm, const char *script,
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
			wire_write(c->up[0], WIRE_REPORT, b.data, b.len);
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

/* Open SCRIPT for part C's next recompute; NULL if it has any problem. */
static struct rules *
child_prepare(const char *script, const struct scenario *sc,
    const struct baseline *bl, const struct limits *lim,
    const struct crew *c, struct file_stamp *sb)
{
	struct rules	*r;
	struct diag	 d = { 0 };

	/* the script's stamp, to notice an edit before the recompute */
	file_stamp(script, sb);
	if (!sb->ok)
		return NULL;
	if ((r = rules_open(script, lim, &d)) != NULL &&
	    !scenario_equal(sc, rules_scenario(r))) {
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
void
worker_serve(int fd, int req, const char *script, const struct scenario *sc,
    const struct baseline *bl, const struct limits *lim,
    const struct crew *crew, double *map, const unsigned char *set,
    size_t setlen)
{
	struct rules	*ready = NULL;
	struct file_stamp was, now;
	bool		 large = bl->nrows * (size_t)sc->years > POOL_SMALL;
	bool		 heavy = large, idle = false;
	char		 bell;

	for (;;) {
		struct wire_reader	 rd;
		struct settings		*st;
		struct crew		 c = *crew;
		ssize_t			 n;

		if (ready == NULL && !idle) {
			worker_cpu_budget(lim, true);
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
		rd = (struct wire_reader){ set, setlen, false };
		if (bell != POOL_REQUEST ||
		    (st = wire_get_settings_sized(&rd, sc)) == NULL)
			_exit(WORKER_REQUEST);
		if (ready != NULL)
			file_stamp(script, &now);
		if (ready != NULL && !file_stamp_same(&was, &now)) {
			rules_close(ready);	/* edited since: afresh */
			ready = NULL;
		}
		worker_cpu_budget(lim, true);
		worker_run(fd, JOB_PROJECT, true, script, ready, sc, bl, st,
		    lim, &c, map);
		ready = NULL;			/* worker_run closed it */
		settings_free(st);
		if (!cpu_to_spare(lim))
			_exit(0);		/* retired: see DONE_RETIRE */
		if (!heavy)
			give_back(POOL_KEEP);
	}
}
