/*
 * Warm workers (pool_new, pool_start): a recompute served by a pool must
 * give exactly the numbers a one-off worker (job_project) gives, whatever
 * the recomputes before it did: moved levers, a global the rules bumped,
 * the CPU they used, an endless loop or a memory bomb that was stopped, a
 * cancel, a worker killed from outside, a crew of workers trading states,
 * a script edited on disk. The scripts and baselines are written to a
 * temporary folder; the shipped business_rates.lua is read from the
 * source tree.
 */
#include "config.h"

#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "baseline.h"
#include "cli.h"
#include "job.h"
#include "results.h"
#include "scenario.h"
#include "util.h"

#include "check.h"
#include "proc-cpu.h"

static char *dir;
static pid_t owner;		/* workers must not clean up */
static volatile sig_atomic_t sigpipes;

/* A small script with every kind of lever, an assumption and random(). */
static const char mine_lua[] =
    "scenario { title = \"Pool\", baseline = \"areas.csv\", id = \"code\",\n"
    "  start = 2025, years = 6 }\n"
    "assume \"g\" { value = 0.02 }\n"
    "lever \"rate\" { kind = \"slider\", min = 0, max = 1, step = 0.1,\n"
    "  default = 0.3 }\n"
    "lever \"mode\" { kind = \"choice\", options = { \"a\", \"b\", \"c\" } }\n"
    "lever \"boost\" { kind = \"toggle\" }\n"
    "lever \"pot\" { kind = \"split\", parts = { {\"x\", 60}, {\"y\", 40} } }\n"
    "output \"v\" { }\n"
    "output \"w\" { total = \"mean\" }\n"
    "output \"r\" { total = \"none\" }\n"
    "function project(area, prev, L, year)\n"
    "  local v = (prev.v or area.pop) * (1 + A.g + L.rate / 10)\n"
    "  if L.mode == \"b\" then v = v * 1.01\n"
    "  elseif L.mode == \"c\" then v = v - 3 end\n"
    "  if L.boost then v = v + 7 end\n"
    "  return { v = v, w = L.pot.x * area.pop / 100 + year / 3,\n"
    "    r = math.random() * 1.0 }\n"
    "end\n";

/* The same declarations, other rules (same length as mine_lua). */
static const char mine_body_lua[] =
    "scenario { title = \"Pool\", baseline = \"areas.csv\", id = \"code\",\n"
    "  start = 2025, years = 6 }\n"
    "assume \"g\" { value = 0.02 }\n"
    "lever \"rate\" { kind = \"slider\", min = 0, max = 1, step = 0.1,\n"
    "  default = 0.3 }\n"
    "lever \"mode\" { kind = \"choice\", options = { \"a\", \"b\", \"c\" } }\n"
    "lever \"boost\" { kind = \"toggle\" }\n"
    "lever \"pot\" { kind = \"split\", parts = { {\"x\", 60}, {\"y\", 40} } }\n"
    "output \"v\" { }\n"
    "output \"w\" { total = \"mean\" }\n"
    "output \"r\" { total = \"none\" }\n"
    "function project(area, prev, L, year)\n"
    "  local v = (prev.v or area.pop) * (1 + A.g + L.rate / 10)\n"
    "  if L.mode == \"b\" then v = v * 1.01\n"
    "  elseif L.mode == \"c\" then v = v - 3 end\n"
    "  if L.boost then v = v + 7 end\n"
    "  return { v = v, w = L.pot.x * area.pop / 100 + year / 3,\n"
    "    r = math.random() * 2.0 }\n"
    "end\n";

/* A global and an upvalue bumped by every call: a fresh state each time. */
static const char counter_lua[] =
    "scenario { title = \"Counter\", baseline = \"areas.csv\", id = \"code\",\n"
    "  start = 2025, years = 4 }\n"
    "lever \"k\" { kind = \"slider\", min = 0, max = 10, step = 1 }\n"
    "output \"global\" { }\n"
    "output \"upvalue\" { }\n"
    "local calls = 0\n"
    "function project(area, prev, L, year)\n"
    "  COUNT = (COUNT or 0) + 1\n"
    "  calls = calls + 1\n"
    "  return { global = COUNT, upvalue = calls + L.k }\n"
    "end\n";

/* A counting loop of A.n turns: CPU time on demand. */
static const char burn_lua[] =
    "scenario { title = \"Burn\", baseline = \"one.csv\", id = \"code\",\n"
    "  start = 2025, years = 1 }\n"
    "assume \"n\" { value = 1000 }\n"
    "output \"v\" { }\n"
    "function project(area, prev, L, year)\n"
    "  local s = 0\n"
    "  for i = 1, A.n do s = s + i % 7 end\n"
    "  return { v = s }\n"
    "end\n";

/* Levers that make project spin forever or eat memory. */
static const char hostile_lua[] =
    "scenario { title = \"Hostile\", baseline = \"areas.csv\", id = \"code\",\n"
    "  start = 2025, years = 3 }\n"
    "lever \"spin\" { kind = \"toggle\" }\n"
    "lever \"bomb\" { kind = \"toggle\" }\n"
    "lever \"k\" { kind = \"slider\", min = 0, max = 10, step = 1,\n"
    "  default = 1 }\n"
    "output \"v\" { }\n"
    "function project(area, prev, L, year)\n"
    "  if L.spin then while true do end end\n"
    "  if L.bomb then\n"
    "    local t = {}\n"
    "    for i = 1, 1e9 do t[i] = string.rep(\"x\", 100000) .. i end\n"
    "  end\n"
    "  return { v = (prev.v or area.pop) * (1 + L.k / 100) }\n"
    "end\n";

/* Settle across a few hundred areas; a toggle makes one area fail. */
static const char crew_lua[] =
    "scenario { title = \"Crew\", baseline = \"many.csv\", id = \"code\",\n"
    "  start = 2025, years = 6 }\n"
    "assume \"g\" { value = 0.03 }\n"
    "lever \"tax\" { kind = \"slider\", min = 0, max = 0.5, step = 0.05,\n"
    "  default = 0.1 }\n"
    "lever \"fail\" { kind = \"toggle\" }\n"
    "output \"pop\" { }\n"
    "output \"share\" { total = \"none\" }\n"
    "output \"grant\" { }\n"
    "function project(area, prev, L, year)\n"
    "  if L.fail and year == 2028 and area.id == \"A0150\" then\n"
    "    error(\"boom in \" .. area.id)\n"
    "  end\n"
    "  local pop = (prev.pop or area.pop) * (1 + A.g) + math.random()\n"
    "  return { pop = pop, share = 0, grant = prev.grant or 0,\n"
    "    tag = area.name, hist = { pop, year } }\n"
    "end\n"
    "function settle(year, states, L)\n"
    "  local total = 0\n"
    "  for _, id in ipairs(AREAS) do total = total + states[id].pop end\n"
    "  local pot, n = total * L.tax, 0\n"
    "  for _ in ipairs(AREAS) do n = n + 1 end\n"
    "  for _, id in ipairs(AREAS) do\n"
    "    local st = states[id]\n"
    "    st.share = st.pop / total\n"
    "    st.grant = st.grant + pot / n - L.tax * st.pop\n"
    "    st.pop = st.pop + st.grant * 0.01 + st.hist[2] % 3\n"
    "  end\n"
    "end\n";

/*
 * Declarations called again from project (as lever "again" says), in the
 * middle year, for the first area and the third (one in each part of a
 * crew of two): refused with a message naming the line, as a one-off
 * worker refuses them, new names and old alike.
 */
static const char redecl_lua[] =
    "scenario { title = \"Redeclare\", baseline = \"areas.csv\",\n"
    "  id = \"code\", start = 2025, years = 3 }\n"
    "lever \"again\" { kind = \"choice\", options = { \"none\", \"scenario\",\n"
    "  \"output\", \"newoutput\", \"lever\", \"newlever\" } }\n"
    "lever \"k\" { kind = \"slider\", min = 0, max = 10, step = 1 }\n"
    "output \"v\" { }\n"
    "function project(area, prev, L, year)\n"
    "  if year == 2027 and (area.id == \"A1\" or area.id == \"C3\") then\n"
    "    if L.again == \"scenario\" then\n"
    "      scenario { title = \"Again\", start = 2030, years = 1 }\n"
    "    elseif L.again == \"output\" then output \"v\" { }\n"
    "    elseif L.again == \"newoutput\" then output \"y\" { }\n"
    "    elseif L.again == \"lever\" then lever \"k\" { kind = \"toggle\" }\n"
    "    elseif L.again == \"newlever\" and area.id == \"C3\" then\n"
    "      lever \"x\" { kind = \"toggle\" }\n"
    "    end\n"
    "  end\n"
    "  return { v = (prev.v or area.pop) * (1 + L.k / 100) }\n"
    "end\n";

static const char areas_csv[] =
    "code,name,pop\n"
    "A1,Alpha,1000\n"
    "B2,Beta,2500\n"
    "C3,Gamma,730\n"
    "D4,Delta,12\n"
    "E5,Epsilon,99999\n";

static const char one_csv[] = "code,name,pop\nX1,Only,1\n";

#define CREW_AREAS	240

static void
on_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

static void
sleep_ms(long ms)
{
	struct timespec	ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* CPU seconds of this process's reaped children. */
static double
child_cpu(void)
{
	struct rusage	ru;

	getrusage(RUSAGE_CHILDREN, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static char *
path(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static void
write_file(const char *name, const char *text)
{
	char	*p = path(name), *tmp = xasprintf("%s.tmp", p);
	FILE	*f;

	if ((f = fopen(tmp, "w")) == NULL || fputs(text, f) == EOF ||
	    fclose(f) == EOF) {
		fprintf(stderr, "test_pool: cannot write %s\n", tmp);
		exit(99);
	}
	if (rename(tmp, p) == -1) {
		fprintf(stderr, "test_pool: cannot rename %s\n", tmp);
		exit(99);
	}
	free(tmp);
	free(p);
}

static bool
diag_has(const struct diag *d, const char *s)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->msgs[i], s) != NULL)
			return true;
	return false;
}

static bool
same(const struct results *a, const struct results *b)
{
	return a != NULL && b != NULL && a->nareas == b->nareas &&
	    a->nyears == b->nyears && a->noutputs == b->noutputs &&
	    memcmp(a->v, b->v, a->nareas * a->nyears * a->noutputs *
	    sizeof *a->v) == 0;
}

/* Load SCRIPT (in the temporary folder unless absolute) and its baseline. */
static void
load(const char *script, const struct limits *lim, struct scenario **sc,
    struct baseline **bl)
{
	struct diag	 d = { 0 };
	char		*p = script[0] == '/' ? xstrdup(script) : path(script);

	if (cli_load(p, NULL, 0, lim, sc, bl, &d) == -1) {
		fprintf(stderr, "test_pool: cannot load %s:\n", p);
		diag_print(&d, stderr);
		exit(99);
	}
	free(p);
}

static struct settings *
settings(const struct scenario *sc, const char *const *set, uint64_t seed)
{
	struct settings	*st = settings_new(sc);
	char		*cause = NULL;

	for (; set != NULL && *set != NULL; set++)
		if (settings_set(sc, st, *set, &cause) == -1) {
			fprintf(stderr, "test_pool: %s: %s\n", *set, cause);
			exit(99);
		}
	st->seed = seed;
	return st;
}

/* The reference: a one-off worker. */
static struct results *
expect(const struct scenario *sc, const struct baseline *bl,
    const struct settings *st, const struct limits *lim)
{
	struct diag	 d = { 0 };
	struct results	*res;

	if ((res = job_project(sc, bl, st, lim, &d)) == NULL) {
		fprintf(stderr, "test_pool: job_project %s:\n", sc->path);
		diag_print(&d, stderr);
		exit(99);
	}
	return res;
}

/* Wait for J as the screen does: poll its descriptor until it is done. */
static void
wait_job(struct job *j)
{
	while (!job_poll(j)) {
		struct pollfd	pfd = { job_fd(j), POLLIN, 0 };

		poll(&pfd, 1, (int)ceil(job_remaining(j) * 1000));
		if (job_remaining(j) <= 0)
			break;		/* job_finish enforces the limit */
	}
}

/* One recompute from P; the problems in D are printed unless QUIET. */
static int
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
		fprintf(stderr, "test_pool: unexpected failure:\n");
		diag_print(d, stderr);
	}
	return rc;
}

/* A recompute from P that must succeed with exactly WANT. */
static bool
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

/* The pids of this process's children (Linux /proc), at most MAX. */
static size_t
children(pid_t *pids, size_t max)
{
	DIR		*dp;
	struct dirent	*e;
	size_t		 n = 0;
	pid_t		 self = getpid();

	if ((dp = opendir("/proc")) == NULL)
		return 0;
	while ((e = readdir(dp)) != NULL && n < max) {
		char	 file[300], line[1024], *rp;
		FILE	*f;
		long	 ppid;
		char	 state;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(file, sizeof file, "/proc/%s/stat", e->d_name);
		if ((f = fopen(file, "r")) == NULL)
			continue;
		if (fgets(line, sizeof line, f) != NULL &&
		    (rp = strrchr(line, ')')) != NULL &&
		    sscanf(rp + 1, " %c %ld", &state, &ppid) == 2 &&
		    ppid == (long)self && state != 'Z')
			pids[n++] = (pid_t)atol(e->d_name);
		fclose(f);
	}
	closedir(dp);
	return n;
}

/* After pool_free every worker must be gone and reaped. */
static void
check_no_children(const char *what)
{
	int	status;
	pid_t	pid = waitpid(-1, &status, WNOHANG);

	if (pid != -1 || errno != ECHILD) {
		fprintf(stderr, "test_pool: %s: a worker is left after "
		    "pool_free (waitpid: %ld)\n", what, (long)pid);
		failures++;
		/* reap what is ours so the next test starts clean */
		while (waitpid(-1, &status, WNOHANG) > 0)
			;
	}
}

/*
 * 1. business_rates.lua and a small script: 12 recomputes on one warm
 * worker, cycling through default and moved settings, each exactly what a
 * one-off worker gives.
 */
static void
test_equal_one(const char *script, const char *const *const *sets,
    size_t nsets, const uint64_t *seeds)
{
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*st[8];
	struct results	*want[8];
	struct pool	*p;
	int		 bad = 0;

	load(script, &lim, &sc, &bl);
	for (size_t i = 0; i < nsets; i++) {
		st[i] = settings(sc, sets[i], seeds[i]);
		want[i] = expect(sc, bl, st[i], &lim);
		/* a pool that ignored the settings would fail below */
		if (i > 0)
			CHECK(!same(want[0], want[i]));
	}
	if ((p = pool_new(sc, bl, &lim, 1)) == NULL) {
		CHECK(!"pool_new");
		goto out;
	}
	for (size_t k = 0; k < 12; k++)
		if (!recompute_same(p, st[k % nsets], want[k % nsets])) {
			fprintf(stderr, "test_pool: %s: recompute %zu "
			    "(settings %zu) differs from job_project\n",
			    script, k, k % nsets);
			bad++;
		}
	CHECK(bad == 0);
	pool_free(p);
	check_no_children(script);
out:
	for (size_t i = 0; i < nsets; i++) {
		settings_free(st[i]);
		results_free(want[i]);
	}
	baseline_free(bl);
	scenario_free(sc);
}

static void
test_equal(const char *srcdir)
{
	static const char *const br0[] = { NULL };
	static const char *const br1[] = { "local_share=0.75", "levy_cap=0",
	    "pooling=county", NULL };
	static const char *const br2[] = { "reset=partial", "reset_year=2030",
	    "honour_pilots=on", "multiplier=frozen", NULL };
	static const char *const br3[] = { "safety_net_threshold=0.975",
	    "cpi=0.03", NULL };
	static const char *const *const br[] = { br0, br1, br2, br3 };
	static const uint64_t brseed[] = { 0, 0, 0, 0 };
	static const char *const m0[] = { NULL };
	static const char *const m1[] = { "rate=0.8", "mode=b", "pot.x=20",
	    NULL };
	static const char *const m2[] = { "boost=on", "mode=c", "g=0.05",
	    NULL };
	static const char *const *const m[] = { m0, m1, m2, m0 };
	static const uint64_t mseed[] = { 0, 0, 0, 7 };	/* only the seed */
	char	*script;

	script = xasprintf("%s/scenarios/business_rates.lua", srcdir);
	test_equal_one(script, br, nitems(br), brseed);
	free(script);
	test_equal_one("mine.lua", m, nitems(m), mseed);
}

/* 2. Nothing a recompute leaves in its Lua state reaches the next. */
static void
test_no_leak(const char *srcdir)
{
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*st;
	struct results	*first = NULL, *want;
	struct pool	*p;
	struct diag	 d = { 0 };
	int		 bad = 0;

	load("counter.lua", &lim, &sc, &bl);
	st = settings_new(sc);
	want = expect(sc, bl, st, &lim);
	/* within one recompute the counter does count every call */
	CHECK(*results_at(want, bl->nrows - 1, want->nyears - 1, 0) ==
	    (double)(bl->nrows * want->nyears));
	if ((p = pool_new(sc, bl, &lim, 1)) == NULL) {
		CHECK(!"pool_new");
		goto out;
	}
	CHECK(recompute(p, st, &first, &d, false) == 0);
	CHECK(same(first, want));
	for (int k = 0; k < 10; k++)
		if (!recompute_same(p, st, first)) {
			fprintf(stderr, "test_pool: counter: recompute %d "
			    "differs from the first\n", k + 2);
			bad++;
		}
	CHECK(bad == 0);
	pool_free(p);
	check_no_children("counter");
out:
	diag_clear(&d);
	results_free(first);
	results_free(want);
	settings_free(st);
	baseline_free(bl);
	scenario_free(sc);
}

/* The most CPU any live worker of this process has used, or -1. */
static double
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
 * 3. The CPU limit is granted afresh per recompute: with a 1 s limit (a
 * one-off worker may use 2 s of CPU), recomputes of about 0.2 s of CPU
 * each, at least 6 of them, on one warm worker until it has used 3.5 s,
 * more than one grant of RLIMIT_CPU would allow it over its life. Each
 * is short beside the 1 s wall-clock limit, which a loaded machine
 * stretches.
 */
static void
test_cpu_fresh(const char *srcdir)
{
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*st;
	struct results	*want;
	struct pool	*p;
	double		 c0, t, base, n = 1e7, most = -1;
	long		 ni;
	int		 ok = 0, runs;

	lim.seconds = 1;
	lim.instructions = UINT64_C(1) << 50;
	load("burn.lua", &lim, &sc, &bl);
	st = settings_new(sc);

	/* calibrate: CPU seconds of a one-off worker with and without n */
	st->assumptions[0] = 0;
	c0 = child_cpu();
	results_free(expect(sc, bl, st, &lim));
	base = child_cpu() - c0;
	st->assumptions[0] = n;
	c0 = child_cpu();
	results_free(expect(sc, bl, st, &lim));
	t = child_cpu() - c0 - base;
	if (t < 0.005)
		t = 0.005;
	ni = (long)(n * 0.2 / t);
	if (ni > 2000000000L)
		ni = 2000000000L;
	st->assumptions[0] = (double)ni;
	want = expect(sc, bl, st, &lim);

	if ((p = pool_new(sc, bl, &lim, 1)) == NULL) {
		CHECK(!"pool_new");
		goto out;
	}
	for (runs = 1; runs <= 40; runs++) {
		struct diag	 d = { 0 };
		struct results	*res;

		if (recompute(p, st, &res, &d, false) == 0 &&
		    same(res, want))
			ok++;
		else
			fprintf(stderr, "test_pool: burn: recompute %d "
			    "failed\n", runs);
		results_free(res);
		diag_clear(&d);
		most = worker_cpu();
		if (runs >= 6 && (most >= 3.5 || (most < 0 && runs >= 20)))
			break;
	}
	if (runs > 40)
		runs = 40;
	CHECK(ok == runs);
	/* the test means something only if one worker burned past a grant */
	if (most >= 0 && most < 3.5) {
		fprintf(stderr, "test_pool: burn: no warm worker used more "
		    "than %.2f s of CPU in %d recomputes (n=%ld)\n", most, runs,
		    ni);
		failures++;
	}
	pool_free(p);
	check_no_children("burn");
out:
	results_free(want);
	settings_free(st);
	baseline_free(bl);
	scenario_free(sc);
}

/* A hostile recompute on P fails, naming WHAT; the next one is right. */
static void
hostile_then_good(struct pool *p, const struct settings *bad,
    const struct settings *good, const struct results *want,
    const char *what, const char *expect_msg)
{
	struct diag	 d = { 0 };
	struct results	*res;
	double		 t0 = monotonic();

	CHECK(recompute(p, bad, &res, &d, true) == -1);
	CHECK(res == NULL);
	if (!diag_has(&d, expect_msg) || !diag_has(&d, "hostile.lua")) {
		fprintf(stderr, "test_pool: %s: expected a message with "
		    "\"%s\" naming the script, got:\n", what, expect_msg);
		diag_print(&d, stderr);
		failures++;
	}
	if (monotonic() - t0 > 5) {
		fprintf(stderr, "test_pool: %s: took %.1f s to stop\n", what,
		    monotonic() - t0);
		failures++;
	}
	diag_clear(&d);
	results_free(res);
	if (!recompute_same(p, good, want)) {
		fprintf(stderr, "test_pool: the recompute after %s is wrong\n",
		    what);
		failures++;
	}
}

/* 4. An endless loop and a memory bomb are stopped; the pool recovers. */
static void
test_hostile(const char *srcdir)
{
	static const char *const spin[] = { "spin=on", NULL };
	static const char *const bomb[] = { "bomb=on", NULL };
	static const char *const k3[] = { "k=3", NULL };
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*sspin, *sbomb, *sgood, *sk3;
	struct results	*want, *want3;
	struct pool	*p;

	lim.seconds = 1;
	lim.instructions = UINT64_C(1) << 50;	/* the time limit must act */
	lim.memory = (size_t)32 << 20;
	load("hostile.lua", &lim, &sc, &bl);
	sspin = settings(sc, spin, 0);
	sbomb = settings(sc, bomb, 0);
	sgood = settings(sc, NULL, 0);
	sk3 = settings(sc, k3, 0);
	want = expect(sc, bl, sgood, &lim);
	want3 = expect(sc, bl, sk3, &lim);
	if ((p = pool_new(sc, bl, &lim, 1)) == NULL) {
		CHECK(!"pool_new");
		goto out;
	}
	CHECK(recompute_same(p, sgood, want));
	hostile_then_good(p, sspin, sgood, want, "an endless loop",
	    "time limit");
	hostile_then_good(p, sbomb, sk3, want3, "a memory bomb",
	    "memory limit");
	/* two in a row, then good again */
	hostile_then_good(p, sspin, sk3, want3, "an endless loop (2)",
	    "time limit");
	{
		struct diag	 d = { 0 };
		struct results	*res;

		CHECK(recompute(p, sbomb, &res, &d, true) == -1);
		CHECK(diag_has(&d, "memory limit"));
		diag_clear(&d);
		results_free(res);
	}
	hostile_then_good(p, sspin, sgood, want, "a loop after a bomb",
	    "time limit");
	CHECK(recompute_same(p, sk3, want3));
	pool_free(p);
	check_no_children("hostile");
out:
	results_free(want);
	results_free(want3);
	settings_free(sspin);
	settings_free(sbomb);
	settings_free(sgood);
	settings_free(sk3);
	baseline_free(bl);
	scenario_free(sc);
}

/* 5. A cancelled recompute costs nothing to the next. */
static void
test_cancel(const char *srcdir)
{
	static const char *const spin[] = { "spin=on", NULL };
	static const char *const k3[] = { "k=3", NULL };
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*sspin, *sgood, *sk3;
	struct results	*want, *want3;
	struct pool	*p;
	struct diag	 d = { 0 };
	struct job	*j;

	lim.seconds = 10;	/* the cancel, not the limit, stops it */
	lim.instructions = UINT64_C(1) << 50;
	load("hostile.lua", &lim, &sc, &bl);
	sspin = settings(sc, spin, 0);
	sgood = settings(sc, NULL, 0);
	sk3 = settings(sc, k3, 0);
	want = expect(sc, bl, sgood, &lim);
	want3 = expect(sc, bl, sk3, &lim);
	if ((p = pool_new(sc, bl, &lim, 1)) == NULL) {
		CHECK(!"pool_new");
		goto out;
	}
	CHECK(recompute_same(p, sgood, want));

	/* a busy worker, cancelled while it spins */
	if ((j = pool_start(p, sspin, &d)) != NULL) {
		struct pollfd	pfd = { job_fd(j), POLLIN, 0 };

		poll(&pfd, 1, 200);
		CHECK(!job_poll(j));
		job_cancel(j);
	} else
		CHECK(!"pool_start (spin)");
	CHECK(recompute_same(p, sk3, want3));

	/* cancelled at once, before the worker can have begun */
	if ((j = pool_start(p, sspin, &d)) != NULL)
		job_cancel(j);
	CHECK(recompute_same(p, sgood, want));

	/* cancelled after it is done but before job_finish */
	if ((j = pool_start(p, sk3, &d)) != NULL) {
		wait_job(j);
		job_cancel(j);
	}
	CHECK(recompute_same(p, sgood, want));

	/* twice in a row, a good one cancelled, then good */
	if ((j = pool_start(p, sspin, &d)) != NULL)
		job_cancel(j);
	if ((j = pool_start(p, sk3, &d)) != NULL)
		job_cancel(j);
	CHECK(recompute_same(p, sk3, want3));
	CHECK(recompute_same(p, sgood, want));
	CHECK(d.n == 0);
	diag_print(&d, stderr);
	pool_free(p);
	check_no_children("cancel");
out:
	diag_clear(&d);
	results_free(want);
	results_free(want3);
	settings_free(sspin);
	settings_free(sgood);
	settings_free(sk3);
	baseline_free(bl);
	scenario_free(sc);
}

/*
 * 6. Two members, three recomputes at once (the third on a one-off
 * worker), finished in another order than started; twice.
 */
static void
test_concurrent(const char *srcdir)
{
	static const char *const s1[] = { "rate=0.9", "pot.x=10", NULL };
	static const char *const s2[] = { "mode=c", "boost=on", NULL };
	static const char *const *const sets[] = { NULL, s1, s2 };
	static const int order[] = { 2, 0, 1 };
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*st[3];
	struct results	*want[3];
	struct pool	*p;

	load("mine.lua", &lim, &sc, &bl);
	for (int i = 0; i < 3; i++) {
		st[i] = settings(sc, sets[i], (uint64_t)i);
		want[i] = expect(sc, bl, st[i], &lim);
	}
	if ((p = pool_new(sc, bl, &lim, 2)) == NULL) {
		CHECK(!"pool_new");
		goto out;
	}
	for (int round = 0; round < 2; round++) {
		struct job	*j[3];
		struct diag	 d = { 0 };
		bool		 done[3] = { false, false, false };
		int		 left = 3;
		double		 t0 = monotonic();

		for (int i = 0; i < 3; i++)
			if ((j[i] = pool_start(p, st[i], &d)) == NULL) {
				fprintf(stderr, "test_pool: concurrent: "
				    "pool_start %d failed\n", i);
				diag_print(&d, stderr);
				failures++;
				done[i] = true;
				left--;
			}
		while (left > 0 && monotonic() - t0 < 20) {
			struct pollfd	pfd[3];
			nfds_t		n = 0;

			for (int i = 0; i < 3; i++)
				if (!done[i])
					pfd[n++] = (struct pollfd){
					    job_fd(j[i]), POLLIN, 0 };
			poll(pfd, n, 100);
			for (int i = 0; i < 3; i++)
				if (!done[i] && job_poll(j[i])) {
					done[i] = true;
					left--;
				}
		}
		for (int k = 0; k < 3; k++) {
			int		 i = order[(k + round) % 3];
			struct results	*res = NULL;

			if (j[i] == NULL)
				continue;
			if (job_finish(j[i], NULL, &res, &d) == -1) {
				diag_print(&d, stderr);
				diag_clear(&d);
			}
			if (!same(res, want[i])) {
				fprintf(stderr, "test_pool: concurrent: round "
				    "%d job %d differs from job_project\n",
				    round, i);
				failures++;
			}
			results_free(res);
		}
		diag_clear(&d);
	}
	/* and one at a time afterwards */
	for (int i = 0; i < 3; i++)
		CHECK(recompute_same(p, st[i], want[i]));
	pool_free(p);
	check_no_children("concurrent");
out:
	for (int i = 0; i < 3; i++) {
		settings_free(st[i]);
		results_free(want[i]);
	}
	baseline_free(bl);
	scenario_free(sc);
}

/*
 * Kill all of P's idle warm workers (ALL), or one of them, from outside:
 * the next recompute must be right, as the pool replaces them. Every
 * child of this process is then a worker of P.
 */
static void
kill_workers(struct pool *p, const struct settings *st,
    const struct results *want, bool all, const char *what)
{
	pid_t	pids[64], victim = 0;
	size_t	n = children(pids, nitems(pids));

	if (n == 0) {
		fprintf(stderr, "test_pool: %s: no warm worker found in "
		    "/proc; skipped\n", what);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (all)
			kill(pids[i], SIGKILL);
		else if (pids[i] > victim)
			victim = pids[i];
	}
	if (!all)
		kill(victim, SIGKILL);
	sleep_ms(100);
	if (!recompute_same(p, st, want)) {
		fprintf(stderr, "test_pool: %s: the recompute after killing "
		    "%s warm worker(s) is wrong\n", what, all ? "all" : "one");
		failures++;
	}
	CHECK(recompute_same(p, st, want));
}

/*
 * 7. A crew of two workers trading states every year (settle) gives what
 * one worker gives; an error in a middle year names the script; the crew
 * recovers. Also: a crew member killed while idle is replaced.
 */
static void
test_crew(const char *srcdir)
{
	static const char *const tax[] = { "tax=0.3", NULL };
	static const char *const fail[] = { "fail=on", NULL };
	struct limits	 lim = limits_default, one;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*s0, *stax, *sfail;
	struct results	*want, *wanttax, *res, *two;
	struct pool	*p;
	struct diag	 d = { 0 };

	lim.workers = 2;
	one = lim;
	one.workers = 1;
	load("crew.lua", &lim, &sc, &bl);
	CHECK(bl->nrows == CREW_AREAS && sc->has_settle);
	s0 = settings(sc, NULL, 3);
	stax = settings(sc, tax, 3);
	sfail = settings(sc, fail, 3);
	want = expect(sc, bl, s0, &one);
	wanttax = expect(sc, bl, stax, &one);
	two = expect(sc, bl, s0, &lim);
	CHECK(same(want, two));		/* one-off crews agree already */
	results_free(two);
	if ((p = pool_new(sc, bl, &lim, 1)) == NULL) {
		CHECK(!"pool_new");
		goto out;
	}
	for (int k = 0; k < 4; k++) {
		CHECK(recompute_same(p, s0, want));
		CHECK(recompute_same(p, stax, wanttax));
	}
	for (int k = 0; k < 2; k++) {
		CHECK(recompute(p, sfail, &res, &d, true) == -1);
		CHECK(res == NULL);
		if (!diag_has(&d, "crew.lua") || !diag_has(&d, "boom in A0150")) {
			fprintf(stderr, "test_pool: crew: expected the error "
			    "naming crew.lua, got:\n");
			diag_print(&d, stderr);
			failures++;
		}
		diag_clear(&d);
		results_free(res);
		CHECK(recompute_same(p, stax, wanttax));
		CHECK(recompute_same(p, s0, want));
	}
	kill_workers(p, s0, want, false, "crew");
	pool_free(p);
	check_no_children("crew");
out:
	results_free(want);
	results_free(wanttax);
	settings_free(s0);
	settings_free(stax);
	settings_free(sfail);
	baseline_free(bl);
	scenario_free(sc);
}

/*
 * 8. The script edited on disk: new declarations are refused with a
 * message until the file is restored; new rules under the same
 * declarations, however they were written, are what a one-off worker
 * would run. And job_finish hands out the description, as for any job.
 */
static void
test_edited(const char *srcdir)
{
	static const char *const m1[] = { "rate=0.6", "boost=on", NULL };
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*s0, *s1;
	struct results	*want0, *want1, *body, *res;
	struct pool	*p;
	struct diag	 d = { 0 };
	char		*text;

	write_file("edit.lua", mine_lua);
	load("edit.lua", &lim, &sc, &bl);
	s0 = settings(sc, NULL, 0);
	s1 = settings(sc, m1, 0);
	want0 = expect(sc, bl, s0, &lim);
	want1 = expect(sc, bl, s1, &lim);
	if ((p = pool_new(sc, bl, &lim, 1)) == NULL) {
		CHECK(!"pool_new");
		goto out;
	}
	CHECK(recompute_same(p, s0, want0));
	CHECK(recompute_same(p, s1, want1));

	/* a new lever */
	text = xasprintf("%slever \"extra\" { kind = \"toggle\" }\n", mine_lua);
	write_file("edit.lua", text);
	free(text);
	for (int k = 0; k < 2; k++) {
		CHECK(recompute(p, s0, &res, &d, true) == -1);
		CHECK(res == NULL);
		if (!diag_has(&d, "declarations")) {
			fprintf(stderr, "test_pool: edited: expected a message "
			    "about the declarations, got:\n");
			diag_print(&d, stderr);
			failures++;
		}
		diag_clear(&d);
		results_free(res);
	}
	write_file("edit.lua", mine_lua);
	CHECK(recompute_same(p, s1, want1));
	CHECK(recompute_same(p, s0, want0));

	/* the same declarations, other rules: as a one-off worker */
	write_file("edit.lua", mine_body_lua);
	body = expect(sc, bl, s0, &lim);
	CHECK(!same(body, want0));
	CHECK(recompute_same(p, s0, body));
	results_free(body);
	write_file("edit.lua", mine_lua);
	CHECK(recompute_same(p, s0, want0));

	/*
	 * Edited in place, to the same size, its time stamp put back (as cp
	 * -p, rsync -t or tar do): still what a one-off worker runs.
	 */
	{
		char		*e = path("edit.lua");
		struct stat	 sb;
		struct timespec	 ts[2];
		FILE		*f;

		sleep_ms(300);	/* the worker has prepared its next state */
		if (stat(e, &sb) == 0 && (f = fopen(e, "r+")) != NULL) {
			fputs(mine_body_lua, f);
			fclose(f);
			ts[0] = sb.st_atim;
			ts[1] = sb.st_mtim;
			utimensat(AT_FDCWD, e, ts, 0);
			body = expect(sc, bl, s0, &lim);
			CHECK(!same(body, want0));
			if (!recompute_same(p, s0, body)) {
				fprintf(stderr, "test_pool: edited: a script "
				    "edited in place with its mtime kept "
				    "still runs as before in the pool\n");
				failures++;
			}
			results_free(body);
		} else
			CHECK(!"edit.lua in place");
		free(e);
	}

	/* the description is handed out as by a one-off job */
	{
		struct scenario	*desc = NULL;
		struct job	*j;

		write_file("edit.lua", mine_lua);
		if ((j = pool_start(p, s0, &d)) != NULL) {
			CHECK(job_finish(j, &desc, &res, &d) == 0);
			CHECK(same(res, want0));
			CHECK(desc != NULL && desc->nlevers == sc->nlevers &&
			    strcmp(desc->title, sc->title) == 0);
			scenario_free(desc);
			results_free(res);
		} else
			CHECK(!"pool_start");
		diag_clear(&d);
	}
	pool_free(p);
	check_no_children("edited");
out:
	results_free(want0);
	results_free(want1);
	settings_free(s0);
	settings_free(s1);
	baseline_free(bl);
	scenario_free(sc);
}

/* 9. Warm workers killed from outside while idle. */
static void
test_killed(const char *srcdir)
{
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*st;
	struct results	*want;
	struct pool	*p;

	load("mine.lua", &lim, &sc, &bl);
	st = settings(sc, NULL, 5);
	want = expect(sc, bl, st, &lim);
	if ((p = pool_new(sc, bl, &lim, 2)) == NULL) {
		CHECK(!"pool_new");
		goto out;
	}
	CHECK(recompute_same(p, st, want));
	kill_workers(p, st, want, true, "killed");
	kill_workers(p, st, want, true, "killed again");
	pool_free(p);
	check_no_children("killed");
out:
	results_free(want);
	settings_free(st);
	baseline_free(bl);
	scenario_free(sc);
}

/* Do D and E hold the same messages, in the same order? */
static bool
same_diag(const struct diag *d, const struct diag *e)
{
	if (d->n != e->n)
		return false;
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->msgs[i], e->msgs[i]) != 0)
			return false;
	return true;
}

/*
 * 10. Declarations called from project on a warm worker, whose state was
 * opened and prepared ahead (with a diag long gone by the time project
 * runs): refused with the message a one-off worker gives, naming the script
 * and the line, never a crash; several times in a row, on one worker and on
 * a crew of two; and the recomputes after them are right.
 */
static void
test_redeclare(const char *srcdir)
{
	static const struct {
		const char	*set;
		const char	*msg;	/* NULL: accepted */
	} cases[] = {
		{ "again=scenario", "redecl.lua:10: declarations (scenario, "
		    "assume, lever, output) belong at the top level" },
		{ "again=output", "redecl.lua:11: declarations" },
		{ "again=newoutput", "redecl.lua:12: declarations" },
		{ "again=lever", "redecl.lua:13: declarations" },
		{ "again=newlever", "redecl.lua:15: declarations" },
	};
	static const char *const k3[] = { "k=3", NULL };
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*sgood, *sk3;
	struct results	*want, *want3;

	load("redecl.lua", &lim, &sc, &bl);
	sgood = settings(sc, NULL, 0);
	sk3 = settings(sc, k3, 0);
	want = expect(sc, bl, sgood, &lim);
	want3 = expect(sc, bl, sk3, &lim);
	for (unsigned workers = 1; workers <= 2; workers++) {
		struct pool	*p;

		lim.workers = workers;
		if ((p = pool_new(sc, bl, &lim, 1)) == NULL) {
			CHECK(!"pool_new");
			continue;
		}
		CHECK(recompute_same(p, sgood, want));
		for (size_t c = 0; c < nitems(cases); c++) {
			const char	*set[] = { cases[c].set, NULL };
			struct settings	*st = settings(sc, set, 0);
			struct diag	 one = { 0 };
			struct results	*ref;

			/* what a one-off worker says */
			ref = job_project(sc, bl, st, &lim, &one);
			if (cases[c].msg != NULL ? ref != NULL ||
			    !diag_has(&one, cases[c].msg) : ref == NULL) {
				fprintf(stderr, "test_pool: redeclare: %s: "
				    "job_project %s:\n", cases[c].set,
				    ref == NULL ? "failed" : "succeeded");
				diag_print(&one, stderr);
				failures++;
			}
			/* three in a row, a good one, then again */
			for (int k = 0; k < 4; k++) {
				struct diag	 d = { 0 };
				struct results	*res;
				int		 rc;

				if (k == 3)
					CHECK(recompute_same(p, sk3, want3));
				rc = recompute(p, st, &res, &d, true);
				if (cases[c].msg != NULL ? rc != -1 ||
				    !same_diag(&d, &one) ||
				    diag_has(&d, "crashed") : rc != 0 ||
				    !same(res, ref)) {
					fprintf(stderr, "test_pool: redeclare: "
					    "%s (%u worker(s), recompute %d): "
					    "expected what job_project gives, "
					    "got %d:\n", cases[c].set, workers,
					    k + 1, rc);
					diag_print(&d, stderr);
					failures++;
				}
				diag_clear(&d);
				results_free(res);
			}
			CHECK(recompute_same(p, sgood, want));
			results_free(ref);
			diag_clear(&one);
			settings_free(st);
		}
		pool_free(p);
		check_no_children("redeclare");
	}
	results_free(want);
	results_free(want3);
	settings_free(sgood);
	settings_free(sk3);
	baseline_free(bl);
	scenario_free(sc);
}

/*
 * CPU seconds a turn of burn.lua's counting loop takes, on this machine
 * unloaded (measured once).
 */
static double
turn_cost(void)
{
	static double	 cost;
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*st;
	double		 c0, base, t = -1, n = 1e7;

	if (cost > 0)
		return cost;
	lim.instructions = UINT64_C(1) << 50;
	load("burn.lua", &lim, &sc, &bl);
	st = settings_new(sc);
	st->assumptions[0] = 0;
	c0 = child_cpu();
	results_free(expect(sc, bl, st, &lim));
	base = child_cpu() - c0;
	/* the faster of two: another load on the machine only slows it */
	st->assumptions[0] = n;
	for (int k = 0; k < 2; k++) {
		c0 = child_cpu();
		results_free(expect(sc, bl, st, &lim));
		if (t < 0 || child_cpu() - c0 - base < t)
			t = child_cpu() - c0 - base;
	}
	cost = (t < 0.005 ? 0.005 : t) / n;
	settings_free(st);
	baseline_free(bl);
	scenario_free(sc);
	return cost;
}

/*
 * Write split.lua: 40 split levers of 1000 parts (about 0.1 s to declare)
 * and a top level that counts TURNS; load it, and return the CPU seconds
 * its top level took (as the worker that described it).
 */
static double
split_load(long turns, const struct limits *lim, struct scenario **sc,
    struct baseline **bl)
{
	char	*text;
	double	 c0;

	text = xasprintf(
	    "scenario { title = \"Split\", baseline = \"areas.csv\",\n"
	    "  id = \"code\", start = 2025, years = 2 }\n"
	    "for k = 1, 40 do\n"
	    "  local parts = {}\n"
	    "  for i = 1, 1000 do parts[i] = { \"p\" .. i, 0.1 } end\n"
	    "  lever (\"s\" .. k) { kind = \"split\", parts = parts }\n"
	    "end\n"
	    "output \"v\" { }\n"
	    "local s = 0\n"
	    "for i = 1, %ld do s = s + i %% 7 end\n"
	    "function project(area, prev, L, year)\n"
	    "  return { v = (prev.v or area.pop) + L.s1.p1 +\n"
	    "    2 * L.s40.p1000 + L.s20.p500 / 3 + s }\n"
	    "end\n", turns);
	write_file("split.lua", text);
	free(text);
	c0 = child_cpu();
	load("split.lua", lim, sc, bl);
	return child_cpu() - c0;
}

/*
 * 11. pool_start never waits on a worker: 40 split levers of 1000 parts
 * (settings of 320 KB, more than a socket holds) and a top level that
 * spends about 0.4 s, so that a worker is busy preparing its next state
 * for that long after each recompute. Right after one recompute ends,
 * pool_start must return at once, and the results must be right.
 */
static void
test_no_block(const char *srcdir)
{
	static const char *const moved[] = { "s1.p1=50", "s40.p1000=20",
	    "s20.p500=7", NULL };
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*st[2];
	struct results	*want[2];
	struct pool	*p;
	double		 top;
	long		 turns = (long)(0.3 / turn_cost());

	lim.instructions = UINT64_C(1) << 50;	/* the top level's loop */
	top = split_load(turns, &lim, &sc, &bl);
	CHECK(sc->nlevers == 40 && sc->levers[39].nparts == 1000);
	st[0] = settings(sc, NULL, 0);
	st[1] = settings(sc, moved, 0);
	want[0] = expect(sc, bl, st[0], &lim);
	want[1] = expect(sc, bl, st[1], &lim);
	CHECK(!same(want[0], want[1]));
	if ((p = pool_new(sc, bl, &lim, 1)) == NULL) {
		CHECK(!"pool_new");
		goto out;
	}
	CHECK(recompute_same(p, st[0], want[0]));
	for (int k = 1; k <= 3; k++) {
		struct diag	 d = { 0 };
		struct results	*res = NULL;
		struct job	*j;
		double		 t = monotonic(), took;

		/* the worker has just begun preparing the next state */
		j = pool_start(p, st[k % 2], &d);
		took = monotonic() - t;
		if (j == NULL) {
			fprintf(stderr, "test_pool: no-block: pool_start "
			    "failed:\n");
			diag_print(&d, stderr);
			failures++;
			diag_clear(&d);
			continue;
		}
		if (took >= 0.2) {
			fprintf(stderr, "test_pool: no-block: pool_start %d "
			    "took %.3f s (the worker's top level takes %.2f s "
			    "of CPU): it waited on the worker\n", k, took, top);
			failures++;
		}
		wait_job(j);
		/* meaningful only if the worker was busy all that time */
		if (monotonic() - t < 0.25) {
			fprintf(stderr, "test_pool: no-block: recompute %d was "
			    "done %.3f s after pool_start: the worker was not "
			    "busy preparing (top level: %.2f s of CPU)\n", k,
			    monotonic() - t, top);
			failures++;
		}
		if (job_finish(j, NULL, &res, &d) == -1 ||
		    !same(res, want[k % 2])) {
			fprintf(stderr, "test_pool: no-block: recompute %d "
			    "differs from job_project\n", k);
			diag_print(&d, stderr);
			failures++;
		}
		results_free(res);
		diag_clear(&d);
	}
	pool_free(p);
	check_no_children("no-block");
out:
	for (int i = 0; i < 2; i++) {
		settings_free(st[i]);
		results_free(want[i]);
	}
	baseline_free(bl);
	scenario_free(sc);
}

/*
 * P's warm worker after a recompute that failed as BAD makes it fail (with
 * MSG) is gone and reaped at once, and the next recompute, right, is
 * served by a new one: a failure may leave the worker's heap grown to the
 * memory limit, or worse.
 */
static void
replaced_after(struct pool *p, const struct settings *good,
    const struct results *want, const struct settings *bad, const char *msg,
    const char *what)
{
	pid_t		 pids[8], old;
	struct diag	 d = { 0 };
	struct results	*res;
	size_t		 n;

	CHECK(recompute_same(p, good, want));
	if ((n = children(pids, nitems(pids))) == 0) {
		fprintf(stderr, "test_pool: %s: no warm worker found in "
		    "/proc; skipped\n", what);
		return;
	}
	if (n != 1) {
		fprintf(stderr, "test_pool: %s: %zu warm workers, not 1\n",
		    what, n);
		failures++;
		return;
	}
	old = pids[0];
	CHECK(recompute(p, bad, &res, &d, true) == -1);
	if (!diag_has(&d, msg)) {
		fprintf(stderr, "test_pool: %s: expected \"%s\", got:\n", what,
		    msg);
		diag_print(&d, stderr);
		failures++;
	}
	diag_clear(&d);
	results_free(res);
	if (kill(old, 0) == 0 || errno != ESRCH) {
		int	status;

		fprintf(stderr, "test_pool: %s: the worker that served the "
		    "failed recompute (pid %ld) is %s\n", what, (long)old,
		    waitpid(old, &status, WNOHANG) == old ? "a zombie" :
		    "still running");
		failures++;
	}
	CHECK(children(pids, nitems(pids)) == 0);
	if (!recompute_same(p, good, want)) {
		fprintf(stderr, "test_pool: %s: the recompute after the failed "
		    "one is wrong\n", what);
		failures++;
	}
	if ((n = children(pids, nitems(pids))) != 1 || pids[0] == old) {
		fprintf(stderr, "test_pool: %s: the next recompute was not "
		    "served by a new worker (%zu worker(s), pid %ld, was %ld)\n",
		    what, n, n > 0 ? (long)pids[0] : -1L, (long)old);
		failures++;
	}
}

/*
 * 12. A recompute that fails, for an error in the rules or the memory
 * limit, costs its worker: the next is served by a new one.
 */
static void
test_replaced(const char *srcdir)
{
	static const char *const fail[] = { "fail=on", NULL };
	static const char *const bomb[] = { "bomb=on", NULL };
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*good, *bad;
	struct results	*want;
	struct pool	*p;

	lim.workers = 1;
	load("crew.lua", &lim, &sc, &bl);
	good = settings(sc, NULL, 2);
	bad = settings(sc, fail, 2);
	want = expect(sc, bl, good, &lim);
	if ((p = pool_new(sc, bl, &lim, 1)) != NULL) {
		replaced_after(p, good, want, bad, "boom in A0150",
		    "replaced (error)");
		replaced_after(p, good, want, bad, "boom in A0150",
		    "replaced (error, again)");
		pool_free(p);
	} else
		CHECK(!"pool_new");
	check_no_children("replaced (error)");
	results_free(want);
	settings_free(good);
	settings_free(bad);
	baseline_free(bl);
	scenario_free(sc);

	lim = limits_default;
	lim.instructions = UINT64_C(1) << 50;	/* the memory limit acts */
	lim.memory = (size_t)32 << 20;
	load("hostile.lua", &lim, &sc, &bl);
	good = settings(sc, NULL, 0);
	bad = settings(sc, bomb, 0);
	want = expect(sc, bl, good, &lim);
	if ((p = pool_new(sc, bl, &lim, 1)) != NULL) {
		replaced_after(p, good, want, bad, "memory limit",
		    "replaced (memory)");
		pool_free(p);
	} else
		CHECK(!"pool_new");
	check_no_children("replaced (memory)");
	results_free(want);
	settings_free(good);
	settings_free(bad);
	baseline_free(bl);
	scenario_free(sc);
}

#define FDS_MAX	32

/*
 * What process PID holds open above the standard descriptors (Linux /proc),
 * at most FDS_MAX of them in LINKS ("pipe:[123]", a path...): how many, or
 * -1 if it can't be read.
 */
static int
fds_of(pid_t pid, char (*links)[128])
{
	char		 dname[64];
	DIR		*dp;
	struct dirent	*e;
	int		 n = 0;

	snprintf(dname, sizeof dname, "/proc/%ld/fd", (long)pid);
	if ((dp = opendir(dname)) == NULL)
		return -1;
	while ((e = readdir(dp)) != NULL) {
		char	file[400];
		ssize_t	len;

		if (!isdigit((unsigned char)e->d_name[0]) ||
		    atol(e->d_name) <= STDERR_FILENO)
			continue;
		if (n < FDS_MAX) {
			snprintf(file, sizeof file, "%s/%s", dname, e->d_name);
			if ((len = readlink(file, links[n], 127)) < 0)
				len = 0;
			links[n][len] = '\0';
		}
		n++;
	}
	closedir(dp);
	return n;
}

/*
 * Is every warm worker of this process clean: at most MOST descriptors
 * above the standard ones, all pipes or sockets, and (SHARED false) none
 * shared with another worker? Say what is wrong unless QUIET.
 */
static bool
workers_clean(size_t want, int most, bool shared, bool quiet)
{
	static char	links[16][FDS_MAX][128];
	pid_t		pids[16];
	int		nfds[16];
	size_t		n = children(pids, nitems(pids));
	bool		clean = true;

	if (n != want) {
		if (!quiet)
			fprintf(stderr, "test_pool: fds: %zu warm workers, not "
			    "%zu\n", n, want);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		bool	bad;

		nfds[i] = fds_of(pids[i], links[i]);
		bad = nfds[i] < 0 || nfds[i] > most;
		for (int f = 0; f < nfds[i] && f < FDS_MAX; f++) {
			if (strncmp(links[i][f], "pipe:", 5) != 0 &&
			    strncmp(links[i][f], "socket:", 7) != 0)
				bad = true;
			for (size_t o = 0; !shared && o < i; o++)
				for (int g = 0; g < nfds[o] && g < FDS_MAX; g++)
					if (strcmp(links[i][f],
					    links[o][g]) == 0)
						bad = true;
		}
		if (bad && !quiet) {
			fprintf(stderr, "test_pool: fds: warm worker %ld holds "
			    "%d descriptor(s) above 2 (at most %d):",
			    (long)pids[i], nfds[i], most);
			for (int f = 0; f < nfds[i] && f < FDS_MAX; f++)
				fprintf(stderr, " %s", links[i][f]);
			fprintf(stderr, "\n");
		}
		if (bad)
			clean = false;
	}
	return clean;
}

/*
 * 13. A warm worker holds no descriptor but its own: not the files the
 * screen has open, nor another member's pipe and socket (the other would
 * not see end of file when the pool closes them). Two members of one
 * worker each, then of a crew of two.
 */
static void
test_fds(const char *srcdir)
{
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*st;
	struct results	*want;
	int		 extra[5];
	char		*areas;

	if (access("/proc/self/fd", F_OK) == -1) {
		fprintf(stderr, "test_pool: fds: no /proc/self/fd; skipped\n");
		return;
	}
	areas = path("areas.csv");
	for (size_t i = 0; i < nitems(extra); i++)
		if ((extra[i] = open(areas, O_RDONLY)) == -1) {
			fprintf(stderr, "test_pool: cannot open %s\n", areas);
			exit(99);
		}
	free(areas);
	load("mine.lua", &lim, &sc, &bl);
	st = settings(sc, NULL, 4);
	for (unsigned workers = 1; workers <= 2; workers++) {
		struct pool	*p;
		bool		 clean = false;

		lim.workers = workers;
		want = expect(sc, bl, st, &lim);
		if ((p = pool_new(sc, bl, &lim, 2)) == NULL) {
			CHECK(!"pool_new");
			results_free(want);
			continue;
		}
		/* both members at once, twice: each has run */
		for (int round = 0; round < 2; round++) {
			struct diag	 d = { 0 };
			struct job	*j[2];

			for (int i = 0; i < 2; i++)
				j[i] = pool_start(p, st, &d);
			for (int i = 0; i < 2; i++) {
				struct results	*res = NULL;

				if (j[i] == NULL) {
					CHECK(!"pool_start");
					continue;
				}
				wait_job(j[i]);
				CHECK(job_finish(j[i], NULL, &res, &d) == 0);
				CHECK(same(res, want));
				results_free(res);
			}
			diag_print(&d, stderr);
			diag_clear(&d);
		}
		/* a worker preparing has the script open for a moment */
		for (int k = 0; k < 20 && !clean; k++) {
			sleep_ms(50);
			clean = workers_clean(2 * workers, 2 * (int)workers,
			    workers > 1, true);
		}
		if (!clean) {
			fprintf(stderr, "test_pool: fds: two members of %u "
			    "worker(s) each:\n", workers);
			workers_clean(2 * workers, 2 * (int)workers,
			    workers > 1, false);
			failures++;
		}
		CHECK(recompute_same(p, st, want));
		pool_free(p);
		check_no_children("fds");
		results_free(want);
	}
	for (size_t i = 0; i < nitems(extra); i++)
		close(extra[i]);
	settings_free(st);
	baseline_free(bl);
	scenario_free(sc);
}

/* Test 14 in its own process, under a hard CPU limit of 5 s. */
static void
cpu_hard_child(void)
{
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*st;
	struct results	*want;
	struct pool	*p;
	pid_t		 seen[32];
	size_t		 nseen = 0;
	double		 c0, used = 0, live;
	long		 ni;
	int		 ok = 0, runs;

	lim.seconds = 1;
	lim.instructions = UINT64_C(1) << 50;
	load("burn.lua", &lim, &sc, &bl);
	st = settings_new(sc);
	ni = (long)(0.35 / turn_cost());
	if (ni > 2000000000L)
		ni = 2000000000L;
	st->assumptions[0] = (double)ni;
	want = expect(sc, bl, st, &lim);
	c0 = child_cpu();
	if ((p = pool_new(sc, bl, &lim, 1)) == NULL) {
		CHECK(!"pool_new");
		goto out;
	}
	for (runs = 1; runs <= 40; runs++) {
		struct diag	 d = { 0 };
		struct results	*res;
		pid_t		 pids[4];
		bool		 known = false;

		if (recompute(p, st, &res, &d, false) == 0 &&
		    same(res, want))
			ok++;
		else
			fprintf(stderr, "test_pool: cpu-hard: recompute %d "
			    "failed\n", runs);
		results_free(res);
		diag_clear(&d);
		if (children(pids, nitems(pids)) == 1) {
			for (size_t i = 0; i < nseen; i++)
				known = known || seen[i] == pids[0];
			if (!known && nseen < nitems(seen))
				seen[nseen++] = pids[0];
		}
		/* what the workers have used, the live one too */
		live = worker_cpu();
		used = child_cpu() - c0 + (live > 0 ? live : 0);
		if (runs >= 14 && used >= 5.4)
			break;
	}
	if (runs > 40)
		runs = 40;
	CHECK(ok == runs);
	pool_free(p);
	check_no_children("cpu-hard");
	/* meaningful only if one worker could not have served them all */
	used = child_cpu() - c0;
	if (used < 5.2 || nseen < 2) {
		fprintf(stderr, "test_pool: cpu-hard: %d recomputes used %.2f "
		    "s of CPU in %zu warm worker(s) (n=%ld)\n", runs, used,
		    nseen, ni);
		failures++;
	}
out:
	results_free(want);
	settings_free(st);
	baseline_free(bl);
	scenario_free(sc);
}

/*
 * 14. Under a hard CPU limit (ulimit -t 5) a warm worker can't be granted
 * the CPU limit afresh for ever: when no whole grant is left it retires
 * after its recompute, and a new worker serves the next. With a 1 s limit,
 * recomputes of about 0.35 s of CPU each, at least 14 and until they have
 * used 5.4 s in all: every one must succeed. In a process of its own, which
 * reports by its exit status, so that this one keeps its limits.
 */
static void
test_cpu_hard(const char *srcdir)
{
	pid_t	pid;
	int	status = 0;

	(void)turn_cost();		/* measured here, once */
	fflush(NULL);
	if ((pid = fork()) == -1) {
		CHECK(!"fork");
		return;
	}
	if (pid == 0) {
		struct rlimit	rl = { 5, 5 };

		alarm(120);
		if (setrlimit(RLIMIT_CPU, &rl) == -1) {
			perror("test_pool: cpu-hard: setrlimit");
			_exit(99);
		}
		failures = 0;
		sigpipes = 0;
		cpu_hard_child();
		if (sigpipes > 0)
			fprintf(stderr, "test_pool: cpu-hard: SIGPIPE %d "
			    "time(s)\n", (int)sigpipes);
		fflush(NULL);
		_exit(failures > 0 || sigpipes > 0 ? 1 : 0);
	}
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "test_pool: cpu-hard: the test process %s %d\n",
		    WIFEXITED(status) ? "exited with" : "was killed by signal",
		    WIFEXITED(status) ? WEXITSTATUS(status) :
		    WTERMSIG(status));
		failures++;
	}
	check_no_children("cpu-hard");
}

/*
 * 15. A warm worker stops itself at its CPU limit even when the screen
 * ignores SIGXCPU (workers reset it): the script is replaced during a
 * recompute by one whose top level never ends, so the worker spins while
 * preparing the next recompute, when no watchdog is waiting on it. In a
 * forked process that ignores SIGXCPU; the worker must be gone within
 * 10 s (its limit: the CPU used so far, plus 4 s).
 */
static const char xcpu_slow_lua[] =
    "scenario { title = \"Slow\", baseline = \"one.csv\", id = \"code\",\n"
    "  start = 2025, years = 1 }\n"
    "output \"v\" { }\n"
    "function project(area, prev, L, year)\n"
    "  local x = 0\n"
    "  for i = 1, 3e7 do x = x + 1 end\n"
    "  return { v = x }\n"
    "end\n";
static const char xcpu_spin_lua[] =
    "while true do end\n";

static void
xcpu_child(void)
{
	struct limits	 lim = limits_default;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*st;
	struct pool	*p;
	struct job	*j;
	struct diag	 d = { 0 };
	pid_t		 pids[8];
	size_t		 n;
	double		 t0;
	bool		 gone = false;

	signal(SIGXCPU, SIG_IGN);
	lim.seconds = 2;
	lim.instructions = UINT64_C(1) << 50;
	write_file("xcpu.lua", xcpu_slow_lua);
	load("xcpu.lua", &lim, &sc, &bl);
	st = settings(sc, NULL, 0);
	p = pool_new(sc, bl, &lim, 1);
	if ((j = pool_start(p, st, &d)) == NULL) {
		CHECK(!"pool_start");
		goto out;
	}
	sleep_ms(100);
	write_file("xcpu.lua", xcpu_spin_lua);
	wait_job(j);
	CHECK(job_finish(j, NULL, NULL, &d) == 0);
	n = children(pids, nitems(pids));
	CHECK(n == 1);
	for (t0 = monotonic(); n == 1 && !gone && monotonic() - t0 < 10; sleep_ms(100)) {
		int	status;

		gone = waitpid(pids[0], &status, WNOHANG) == pids[0];
		if (gone && !(WIFSIGNALED(status) &&
		    WTERMSIG(status) == SIGXCPU)) {
			fprintf(stderr, "test_pool: xcpu: the worker ended "
			    "otherwise (status %d)\n", status);
			failures++;
		}
	}
	if (n == 1 && !gone) {
		fprintf(stderr, "test_pool: xcpu: a worker spinning with "
		    "SIGXCPU ignored is still there after 10 s\n");
		failures++;
	}
out:
	diag_clear(&d);
	pool_free(p);
	settings_free(st);
	baseline_free(bl);
	scenario_free(sc);
}

static void
test_xcpu(const char *srcdir)
{
	pid_t	pid;
	int	status = 0;

	(void)srcdir;
	fflush(NULL);
	if ((pid = fork()) == -1) {
		CHECK(!"fork");
		return;
	}
	if (pid == 0) {
		alarm(60);
		failures = 0;
		xcpu_child();
		fflush(NULL);
		_exit(failures > 0 ? 1 : 0);
	}
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "test_pool: xcpu: the test process ended with "
		    "status %d\n", status);
		failures++;
	}
	check_no_children("xcpu");
}

static const struct {
	const char	 *name;
	void		(*fn)(const char *);
} tests[] = {
	{ "equal", test_equal },
	{ "no-leak", test_no_leak },
	{ "cpu-fresh", test_cpu_fresh },
	{ "hostile", test_hostile },
	{ "cancel", test_cancel },
	{ "concurrent", test_concurrent },
	{ "crew", test_crew },
	{ "edited", test_edited },
	{ "killed", test_killed },
	{ "redeclare", test_redeclare },
	{ "no-block", test_no_block },
	{ "replaced", test_replaced },
	{ "fds", test_fds },
	{ "cpu-hard", test_cpu_hard },
	{ "xcpu", test_xcpu },
};

/* Remove the temporary folder, also on an early exit. */
static void
cleanup(void)
{
	static const char *const files[] = { "areas.csv", "one.csv",
	    "many.csv", "mine.lua", "counter.lua", "burn.lua", "hostile.lua",
	    "crew.lua", "edit.lua", "redecl.lua", "split.lua", "xcpu.lua" };

	if (dir == NULL || getpid() != owner)
		return;
	for (size_t i = 0; i < nitems(files); i++) {
		char	*p = path(files[i]);

		unlink(p);
		free(p);
	}
	rmdir(dir);
	free(dir);
	dir = NULL;
}

int
main(void)
{
	struct sigaction	 sa;
	struct buf		 many = { 0 };
	const char		*tmp = getenv("TMPDIR"), *srcdir;
	char			*tmpl;
	double			 t0 = monotonic();

	srcdir = getenv("top_srcdir");
	if (srcdir == NULL || *srcdir == '\0') {
		fprintf(stderr, "test_pool: top_srcdir is not set (make check "
		    "sets it)\n");
		return 99;
	}
	/* writing to a dead worker must not kill the screen: count it */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigpipe;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, NULL);

	tmpl = xasprintf("%s/lever-test-pool.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if ((dir = mkdtemp(tmpl)) == NULL) {
		perror("mkdtemp");
		return 99;
	}
	owner = getpid();
	atexit(cleanup);
	write_file("areas.csv", areas_csv);
	write_file("one.csv", one_csv);
	buf_adds(&many, "code,name,pop\n");
	for (int i = 0; i < CREW_AREAS; i++)
		buf_printf(&many, "A%04d,Area %d,%d\n", i, i,
		    1000 + (i * 7919) % 5000);
	buf_addc(&many, '\0');
	write_file("many.csv", many.data);
	buf_free(&many);
	write_file("mine.lua", mine_lua);
	write_file("counter.lua", counter_lua);
	write_file("burn.lua", burn_lua);
	write_file("hostile.lua", hostile_lua);
	write_file("crew.lua", crew_lua);
	write_file("redecl.lua", redecl_lua);

	for (size_t i = 0; i < nitems(tests); i++) {
		double	t = monotonic();
		int	f = failures;

		tests[i].fn(srcdir);
		fprintf(stderr, "test_pool: %-10s %s %.2f s\n", tests[i].name,
		    failures == f ? "ok  " : "FAIL", monotonic() - t);
	}
	if (sigpipes > 0) {
		fprintf(stderr, "test_pool: this process got SIGPIPE %d "
		    "time(s) (a write to a dead worker)\n", (int)sigpipes);
		failures++;
	}
	fprintf(stderr, "test_pool: %.1f s\n", monotonic() - t0);
	if (failures > 0) {
		fprintf(stderr, "test_pool: %d failure(s)\n", failures);
		return 1;
	}
	return 0;
}
