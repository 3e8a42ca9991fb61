/*
 * pool-lib: the folder, loading, reference results, recomputes and the
 * /proc readers that the warm-worker tests share (pool-lib.h).
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "cli.h"
#include "job.h"
#include "results.h"
#include "scenario.h"
#include "util.h"

#define CHECK_EXTERN
#include "check.h"
#include "pool-lib.h"
#include "proc-cpu.h"

#define WAIT_MS		60000	/* a hang, not a slow machine */
#define HANG_SECONDS	900	/* a whole test program, however loaded */

volatile sig_atomic_t sigpipes;

static char	*dir;
static pid_t	 owner;		/* workers must not clean up */

static void
on_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

char *
path(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

void
write_file(const char *name, const char *text)
{
	char	*p = path(name), *tmp = xasprintf("%s.tmp", p);
	FILE	*f;

	if ((f = fopen(tmp, "w")) == NULL || fputs(text, f) == EOF ||
	    fclose(f) == EOF) {
		fprintf(stderr, "cannot write %s\n", tmp);
		exit(99);
	}
	if (rename(tmp, p) == -1) {
		fprintf(stderr, "cannot rename %s\n", tmp);
		exit(99);
	}
	free(tmp);
	free(p);
}

/* The text of file P (caller frees); exits 99 if it can't be read. */
static char *
slurp(const char *p)
{
	struct buf	 b = { 0 };
	FILE		*f;
	int		 c;

	if ((f = fopen(p, "r")) == NULL) {
		fprintf(stderr, "cannot read %s\n", p);
		exit(99);
	}
	while ((c = getc(f)) != EOF)
		buf_addc(&b, (char)c);
	fclose(f);
	buf_addc(&b, '\0');
	return b.data;
}

char *
read_file(const char *name)
{
	char	*p = path(name), *text = slurp(p);

	free(p);
	return text;
}

bool
diag_has(const struct diag *d, const char *s)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->msgs[i], s) != NULL)
			return true;
	return false;
}

bool
same_diag(const struct diag *d, const struct diag *e)
{
	if (d->n != e->n)
		return false;
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->msgs[i], e->msgs[i]) != 0)
			return false;
	return true;
}

bool
same(const struct results *a, const struct results *b)
{
	return a != NULL && b != NULL && a->nareas == b->nareas &&
	    a->nyears == b->nyears && a->noutputs == b->noutputs &&
	    memcmp(a->v, b->v, a->nareas * a->nyears * a->noutputs *
	    sizeof *a->v) == 0;
}

void
load(const char *script, const struct limits *lim, struct scenario **sc,
    struct baseline **bl)
{
	struct diag	 d = { 0 };
	char		*p = script[0] == '/' ? xstrdup(script) : path(script);

	if (cli_load(p, NULL, 0, lim, sc, bl, &d) == -1) {
		fprintf(stderr, "cannot load %s:\n", p);
		diag_print(&d, stderr);
		exit(99);
	}
	free(p);
}

struct settings *
settings(const struct scenario *sc, const char *const *set, uint64_t seed)
{
	struct settings	*st = settings_new(sc);
	char		*cause = NULL;

	for (; set != NULL && *set != NULL; set++)
		if (settings_set(sc, st, *set, &cause) == -1) {
			fprintf(stderr, "%s: %s\n", *set, cause);
			exit(99);
		}
	st->seed = seed;
	return st;
}

struct results *
expect(const struct scenario *sc, const struct baseline *bl,
    const struct settings *st, const struct limits *lim)
{
	struct limits	 loose = *lim;
	struct diag	 d = { 0 };
	struct results	*res;

	if (loose.seconds < limits_default.seconds)
		loose.seconds = limits_default.seconds;
	if ((res = job_project(sc, bl, st, &loose, &d)) == NULL) {
		fprintf(stderr, "job_project %s:\n", sc->path);
		diag_print(&d, stderr);
		exit(99);
	}
	return res;
}

void
wait_job(struct job *j)
{
	while (!job_poll(j)) {
		struct pollfd	pfd = { job_fd(j), POLLIN, 0 };

		poll(&pfd, 1, (int)ceil(job_remaining(j) * 1000));
		if (job_remaining(j) <= 0)
			break;		/* job_finish enforces the limit */
	}
}

int
recompute(struct pool *p, const struct settings *st, struct results **res,
    struct diag *d, bool quiet)
{
	struct job	*j;
	int		 rc;

	*res = NULL;
	if ((j = pool_start(p, st, d)) == NULL)
		rc = -1;
	else {
		CHECK(job_fd(j) >= 0);
		wait_job(j);
		rc = job_finish(j, NULL, res, d);
	}
	if (rc == -1 && !quiet) {
		fprintf(stderr, "unexpected failure:\n");
		diag_print(d, stderr);
	}
	return rc;
}

int
recompute_unwatched(struct pool *p, const struct settings *st,
    struct results **res, struct diag *d)
{
	struct job	*j;
	int		 rc;

	*res = NULL;
	if ((j = pool_start(p, st, d)) == NULL)
		rc = -1;
	else {
		while (!job_poll(j)) {
			struct pollfd	pfd = { job_fd(j), POLLIN, 0 };

			poll(&pfd, 1, -1);
		}
		rc = job_finish(j, NULL, res, d);
	}
	if (rc == -1) {
		fprintf(stderr, "unexpected failure:\n");
		diag_print(d, stderr);
	}
	return rc;
}

bool
recompute_same(struct pool *p, const struct settings *st,
    const struct results *want)
{
	struct diag	 d = { 0 };
	struct results	*res;
	bool		 ok;

	ok = recompute(p, st, &res, &d, false) == 0 && same(res, want);
	results_free(res);
	diag_clear(&d);
	return ok;
}

/* The state letter and parent of process PID from /proc; '\0' if gone. */
static char
proc_state(pid_t pid, long *ppid)
{
	char	 file[64], line[1024], *rp, state = '\0';
	FILE	*f;

	snprintf(file, sizeof file, "/proc/%ld/stat", (long)pid);
	if ((f = fopen(file, "r")) == NULL)
		return '\0';
	if (fgets(line, sizeof line, f) == NULL ||
	    (rp = strrchr(line, ')')) == NULL ||
	    sscanf(rp + 1, " %c %ld", &state, ppid) != 2)
		state = '\0';
	fclose(f);
	return state;
}

size_t
children(pid_t *pids, size_t max)
{
	DIR		*dp;
	struct dirent	*e;
	size_t		 n = 0;
	pid_t		 self = getpid();

	if ((dp = opendir("/proc")) == NULL)
		return 0;
	while ((e = readdir(dp)) != NULL && n < max) {
		pid_t	pid;
		long	ppid;
		char	state;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		pid = (pid_t)atol(e->d_name);
		if ((state = proc_state(pid, &ppid)) != '\0' &&
		    ppid == (long)self && state != 'Z')
			pids[n++] = pid;
	}
	closedir(dp);
	return n;
}

void
check_no_children(const char *what)
{
	int	status;
	pid_t	pid = waitpid(-1, &status, WNOHANG);

	if (pid != -1 || errno != ECHILD) {
		fprintf(stderr, "%s: a worker is left after pool_free "
		    "(waitpid: %ld)\n", what, (long)pid);
		failures++;
		/* reap what is ours so the next test starts clean */
		while (waitpid(-1, &status, WNOHANG) > 0)
			;
	}
}

double
child_cpu(void)
{
	struct rusage	ru;

	getrusage(RUSAGE_CHILDREN, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

double
worker_cpu(void)
{
	pid_t	pids[16];
	size_t	n = children(pids, nitems(pids));
	double	most = -1, t;

	for (size_t i = 0; i < n; i++)
		if ((t = proc_cpu(pids[i])) > most)
			most = t;
	return most;
}

/*
 * Poll /proc until DONE(PID, ARG) holds, yielding a millisecond at a time;
 * false after WAIT_MS of those (a minute or more: a hang).
 */
static bool
wait_until(bool (*done)(pid_t, const void *), pid_t pid, const void *arg)
{
	for (int ms = 0; ms < WAIT_MS; ms++) {
		if (done(pid, arg))
			return true;
		poll(NULL, 0, 1);
	}
	return done(pid, arg);
}

static bool
in_state(pid_t pid, const void *arg)
{
	long	ppid;
	char	state = proc_state(pid, &ppid);

	return state == '\0' || strchr(arg, state) != NULL;
}

bool
wait_state(pid_t pid, const char *states)
{
	return wait_until(in_state, pid, states);
}

static bool
past_cpu(pid_t pid, const void *arg)
{
	double	t = proc_cpu(pid);

	return t < 0 || t > *(const double *)arg;
}

bool
wait_cpu(pid_t pid, double secs)
{
	return wait_until(past_cpu, pid, &secs);
}

bool
wait_workers_idle(void)
{
	pid_t	pids[64];
	size_t	n = children(pids, nitems(pids));
	bool	ok = true;

	for (size_t i = 0; i < n; i++)
		ok = wait_state(pids[i], "S") && ok;
	return ok;
}

void
kill_workers(struct pool *p, const struct settings *st,
    const struct results *want, bool all, const char *what)
{
	pid_t	pids[64], victim = 0;
	size_t	n = children(pids, nitems(pids));

	if (n == 0) {
		fprintf(stderr, "%s: no warm worker found in /proc; skipped\n",
		    what);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (all) {
			kill(pids[i], SIGKILL);
			CHECK(wait_state(pids[i], "Z"));
		} else if (pids[i] > victim)
			victim = pids[i];
	}
	if (!all) {
		kill(victim, SIGKILL);
		CHECK(wait_state(victim, "Z"));
	}
	if (!recompute_same(p, st, want)) {
		fprintf(stderr, "%s: the recompute after killing %s warm "
		    "worker(s) is wrong\n", what, all ? "all" : "one");
		failures++;
	}
	CHECK(recompute_same(p, st, want));
}

/* Remove the temporary folder, also on an early exit. */
static void
cleanup(void)
{
	DIR		*dp;
	struct dirent	*e;

	if (dir == NULL || getpid() != owner)
		return;
	if ((dp = opendir(dir)) != NULL) {
		while ((e = readdir(dp)) != NULL) {
			char	*p;

			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			p = path(e->d_name);
			unlink(p);
			free(p);
		}
		closedir(dp);
	}
	rmdir(dir);
	free(dir);
	dir = NULL;
}

/* Copy every file of tests/data/pool into the temporary folder. */
static void
copy_data(const char *srcdir)
{
	char		*from = xasprintf("%s/tests/data/pool", srcdir);
	DIR		*dp;
	struct dirent	*e;

	if ((dp = opendir(from)) == NULL) {
		fprintf(stderr, "cannot read %s\n", from);
		exit(99);
	}
	while ((e = readdir(dp)) != NULL) {
		char	*p, *text;

		if (e->d_name[0] == '.')
			continue;
		p = xasprintf("%s/%s", from, e->d_name);
		text = slurp(p);
		write_file(e->d_name, text);
		free(text);
		free(p);
	}
	closedir(dp);
	free(from);
}

int
pool_main(const char *prog, const struct pool_test *tests, size_t ntests)
{
	struct sigaction	 sa;
	const char		*tmp = getenv("TMPDIR");
	const char		*srcdir = getenv("top_srcdir");
	char			*tmpl;

	if (srcdir == NULL || *srcdir == '\0') {
		fprintf(stderr, "%s: top_srcdir is not set (make check sets "
		    "it)\n", prog);
		return 99;
	}
	/* writing to a dead worker must not kill the screen: count it */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigpipe;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, NULL);

	tmpl = xasprintf("%s/lever-%s.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp", prog);
	if ((dir = mkdtemp(tmpl)) == NULL) {
		perror("mkdtemp");
		return 99;
	}
	owner = getpid();
	atexit(cleanup);
	copy_data(srcdir);
	alarm(HANG_SECONDS);	/* a call that blocks for ever fails the test */

	for (size_t i = 0; i < ntests; i++) {
		int	f = failures;

		tests[i].fn(srcdir);
		fprintf(stderr, "%s: %-10s %s\n", prog, tests[i].name,
		    failures == f ? "ok" : "FAIL");
	}
	if (sigpipes > 0) {
		fprintf(stderr, "%s: this process got SIGPIPE %d time(s) (a "
		    "write to a dead worker)\n", prog, (int)sigpipes);
		failures++;
	}
	if (failures > 0) {
		fprintf(stderr, "%s: %d failure(s)\n", prog, failures);
		return 1;
	}
	return 0;
}
