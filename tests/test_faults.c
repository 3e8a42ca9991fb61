/*
 * Faults in the session file. SIGKILL during a session save, at every
 * step of it in turn: a child saves a growing session a few times and is
 * killed at a chosen step of its last save (the test wraps the calls an
 * atomic write makes, so the step is reached, not guessed at by a timer);
 * after every kill the session file must load whole (never set aside as
 * damaged) and hold the last save whose rename took place. Then sessions lost or planted: names holding newlines, damage
 * twice, a FIFO at the session and export paths, a session planted in a
 * shared state directory, no home folder, a session past the limits, and
 * two screens on one session.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "cli.h"
#include "export.h"
#include "job.h"
#include "results.h"
#include "scenario.h"
#include "session.h"
#include "util.h"


static int	 failures;

#define CHECK(c) do {							\
	if (!(c)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,	\
		    __LINE__, #c);					\
		failures++;						\
	}								\
} while (0)

/*
 * The steps of file_write_atomic() a save can be killed at. The test links
 * with -Wl,--wrap for the calls below, so a child dies at the step itself.
 * Killed before the rename, the previous save stands; after it, the new.
 */
enum kill_at {
	AT_MADE,	/* the temporary file made, empty */
	AT_WRITTEN,	/* the text written to it, not synced */
	AT_SYNCED,	/* the temporary file synced */
	AT_RENAMING,	/* just before the rename */
	AT_RENAMED,	/* just after it, the folder not yet synced */
	AT_FOLDER,	/* the folder synced */
	AT_COUNT
};

static const char *const kill_names[AT_COUNT] = {
	"the temporary file made", "its text written", "it synced",
	"before the rename", "after the rename", "the folder synced"
};

/* Rounds of kills: every step, in a child's 1st to 4th save. */
#define ROUNDS	(AT_COUNT * 4)

static int	 armed = -1;	/* the step this process dies at, or -1 */
static int	 fsyncs;	/* fsync calls in the armed save */

int	__real_fchmod(int, mode_t);
int	__real_fflush(FILE *);
int	__real_fsync(int);
int	__real_rename(const char *, const char *);
int	__wrap_fchmod(int, mode_t);
int	__wrap_fflush(FILE *);
int	__wrap_fsync(int);
int	__wrap_rename(const char *, const char *);

static void
reached(enum kill_at at)
{
	if ((int)at == armed)
		raise(SIGKILL);
}

int
__wrap_fchmod(int fd, mode_t mode)
{
	int	rc = __real_fchmod(fd, mode);

	reached(AT_MADE);
	return rc;
}

int
__wrap_fflush(FILE *f)
{
	int	rc = __real_fflush(f);

	reached(AT_WRITTEN);
	return rc;
}

int
__wrap_fsync(int fd)
{
	int	rc = __real_fsync(fd);

	reached(fsyncs++ == 0 ? AT_SYNCED : AT_FOLDER);
	return rc;
}

int
__wrap_rename(const char *from, const char *to)
{
	int	rc;

	reached(AT_RENAMING);
	rc = __real_rename(from, to);
	reached(AT_RENAMED);
	return rc;
}

/* The lever value of the test's Nth save: two saves in a row differ. */
static double
saved_value(unsigned n)
{
	return (double)(n % 11) * 10;
}

/*
 * Round by round, a child saves the session SAVES times (1 to 4), a new
 * lever value each time, and dies at one step of its last save; the
 * session must then load whole, holding the value of the last save that
 * got as far as its rename (or none, before the first).
 */
static void
test_kills(struct scenario *sc, const char *script, const char *dir)
{
	unsigned	 done = 0;	/* saves begun in earlier rounds */
	double		 last = -1;	/* the value on disk; -1: none yet */

	for (int round = 0; round < ROUNDS; round++) {
		enum kill_at	 at = (enum kill_at)(round % AT_COUNT);
		unsigned	 saves = 1 + (unsigned)(round / AT_COUNT);
		struct session	*ss;
		char		*cause = NULL;
		double		 want;
		pid_t		 pid;
		int		 rc;

		if ((pid = fork()) == -1)
			exit(99);
		if (pid == 0) {
			ss = session_new(sc, script, dir);
			session_load(ss, &cause);
			for (unsigned n = 0; n < saves; n++) {
				struct settings	*next = settings_copy(sc,
				    ss->cur);

				next->levers[0].num = saved_value(done + n);
				session_commit(ss, next);
				if (n == saves - 1) {
					armed = (int)at;
					fsyncs = 0;
				}
				if (session_save(ss, &cause) == -1)
					_exit(2);
			}
			_exit(3);	/* the step never came */
		}
		if (waitpid(pid, &rc, 0) == -1)
			exit(99);
		if (!WIFSIGNALED(rc) || WTERMSIG(rc) != SIGKILL) {
			fprintf(stderr, "round %d (%s): the saver was not "
			    "killed there (status %d)\n", round,
			    kill_names[at], rc);
			failures++;
		}
		if (at >= AT_RENAMED)
			want = saved_value(done + saves - 1);
		else if (saves > 1)
			want = saved_value(done + saves - 2);
		else
			want = last;
		done += saves;
		last = want;

		ss = session_new(sc, script, dir);
		rc = session_load(ss, &cause);
		if (rc == -1) {
			fprintf(stderr, "round %d (%s): %s\n", round,
			    kill_names[at], cause);
			failures++;
		} else if (rc == 0 ? want != -1 :
		    ss->cur->levers[0].num != want) {
			fprintf(stderr, "round %d (killed %s): loaded %g, "
			    "the last save renamed was %g\n", round,
			    kill_names[at], rc == 0 ? -1 : ss->cur->levers[0].num,
			    want);
			failures++;
		}
		free(cause);
		session_free(ss);
	}
}

static void
spit(const char *path, const char *text)
{
	FILE	*f = fopen(path, "w");

	if (f == NULL || fputs(text, f) == EOF || fclose(f) == EOF) {
		fprintf(stderr, "cannot write %s\n", path);
		exit(99);
	}
}

static char *
slurp(const char *path)
{
	struct buf	 b = { 0 };
	char		 chunk[4096];
	size_t		 n;
	FILE		*f = fopen(path, "r");

	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	buf_addc(&b, '\0');
	return b.data;
}

/* A scenario whose choice options hold a newline and a backslash. */
static struct scenario *
odd_scenario(const char *dir, char **script, struct baseline **bl)
{
	struct scenario	*sc;
	struct diag	 d = { 0 };
	char		*csv = xasprintf("%s/odd.csv", dir);

	*script = xasprintf("%s/odd.lua", dir);
	spit(csv, "id,name\nA,Alpha\n");
	spit(*script, "scenario { title = \"odd\", baseline = \"odd.csv\", "
	    "start = 2025, years = 1 }\n"
	    "lever \"c\" { kind = \"choice\", options = { \"a\", "
	    "\"two\\nlines\", \"back\\\\slash\\\\n\", \"tab\\there\" } }\n"
	    "output \"x\" { label = \"X\" }\n"
	    "function project(a, p, L, y) return { x = 1 } end\n");
	free(csv);
	if (cli_load(*script, NULL, 0, &limits_default, &sc, bl, &d) == -1) {
		diag_print(&d, stderr);
		exit(99);
	}
	return sc;
}

/* Names and values holding newlines, tabs and backslashes come back. */
static void
test_escapes(const char *dir)
{
	struct baseline	*bl;
	struct session	*ss, *back;
	char		*script, *cause = NULL, *state;
	struct scenario	*sc = odd_scenario(dir, &script, &bl);

	state = xasprintf("%s/escapes", dir);
	ss = session_new(sc, script, state);
	CHECK(session_lock(ss, &cause) == SESSION_HELD && cause == NULL);
	for (size_t k = 0; k < 4; k++) {
		struct settings	*next = settings_copy(sc, ss->cur);
		char		*name = xasprintf("Option %zu\nend\nbegin "
				    "current\\n", k);

		next->levers[0].choice = k;
		session_commit(ss, next);
		CHECK(session_option_save(ss, name));
		free(name);
	}
	session_set_focus(ss, FOCUS_GROUP, "name\t", "Al\npha\\");
	CHECK(session_save(ss, &cause) == 0);
	back = session_new(sc, script, state);
	CHECK(session_load(back, &cause) == 1 && cause == NULL);
	CHECK(back->nopts == 4);
	for (size_t k = 0; k < back->nopts && k < 4; k++) {
		CHECK(back->opts[k].st->levers[0].choice == k);
		/* control characters in option names are shown as spaces */
		CHECK(strcmp(back->opts[k].name, ss->opts[k].name) == 0);
	}
	CHECK(back->cur->levers[0].choice == 3);
	CHECK(back->nundo == 3);	/* choice 0 is the default: no step */
	CHECK(back->focus.kind == FOCUS_GROUP &&
	    strcmp(back->focus.column, ss->focus.column) == 0 &&
	    strcmp(back->focus.value, ss->focus.value) == 0);
	session_free(back);
	session_free(ss);
	scenario_free(sc);
	baseline_free(bl);
	free(script);
	free(state);
}

/* A damaged session is set aside, never over one set aside before. */
static void
test_aside(const struct scenario *sc, const char *script, const char *dir)
{
	char		*state = xasprintf("%s/aside", dir), *cause = NULL;
	struct session	*ss = session_new(sc, script, state);
	char		*first, *second, *got;

	CHECK(session_save(ss, &cause) == 0);
	spit(ss->path, "lever-session 2\nfirst damage\n");
	CHECK(session_load(ss, &cause) == -1 && cause != NULL);
	free(cause);
	spit(ss->path, "lever-session 2\nsecond damage\n");
	CHECK(session_load(ss, &cause) == -1 && cause != NULL &&
	    strstr(cause, ".corrupt-2") != NULL);
	free(cause);
	first = xasprintf("%s.corrupt", ss->path);
	second = xasprintf("%s.corrupt-2", ss->path);
	got = slurp(first);
	CHECK(got != NULL && strstr(got, "first damage") != NULL);
	free(got);
	got = slurp(second);
	CHECK(got != NULL && strstr(got, "second damage") != NULL);
	free(got);
	/* --fresh sets aside the same way */
	CHECK(session_save(ss, &cause) == 0);
	got = session_set_aside(ss, "old", &cause);
	CHECK(got != NULL && cause == NULL);
	free(got);
	CHECK(session_save(ss, &cause) == 0);
	got = session_set_aside(ss, "old", &cause);
	CHECK(got != NULL && strstr(got, ".old-2") != NULL);
	free(got);
	free(first);
	free(second);
	session_free(ss);
	free(state);
}

/*
 * A FIFO at the session path and at the export path: refused at once,
 * not waited on (the alarm only ends a test that would hang for ever).
 */
static void
test_fifo(const struct scenario *sc, const struct baseline *bl,
    const char *script, const char *dir)
{
	char		*state = xasprintf("%s/fifo", dir), *cause = NULL;
	struct session	*ss = session_new(sc, script, state);
	struct settings	*st = settings_new(sc);
	struct results	*res = results_new(bl->nrows, (size_t)sc->years,
			    sc->noutputs);
	char		*out = xasprintf("%s/export.csv", dir);
	struct stat	 sb;

	CHECK(session_save(ss, &cause) == 0);
	unlink(ss->path);
	CHECK(mkfifo(ss->path, 0600) == 0);
	alarm(60);
	CHECK(session_load(ss, &cause) == -1 && cause != NULL &&
	    strstr(cause, "not a regular file") != NULL);
	free(cause);
	/* a link to a file elsewhere is not followed either */
	CHECK(symlink(script, ss->path) == 0);
	CHECK(session_load(ss, &cause) == -1 && cause != NULL &&
	    strstr(cause, "symbolic link") != NULL);
	free(cause);
	CHECK(mkfifo(out, 0600) == 0);
	CHECK(export_file(out, &(struct export_opts){ .format = FORMAT_CSV,
	    .group_col = -1 },
	    sc, st, bl, res, &cause) == -1 && cause != NULL);
	free(cause);
	CHECK(lstat(out, &sb) == 0 && S_ISFIFO(sb.st_mode));
	alarm(0);
	unlink(out);
	free(out);
	results_free(res);
	settings_free(st);
	session_free(ss);
	free(state);
}

/* A session planted in a state directory others can write is not read. */
static void
test_planted(const struct scenario *sc, const char *script, const char *dir)
{
	char		*state = xasprintf("%s/planted", dir), *cause = NULL;
	struct session	*ss = session_new(sc, script, state), *back;

	session_option_save(ss, "Planted");
	CHECK(session_save(ss, &cause) == 0);
	CHECK(chmod(state, 0777) == 0);
	back = session_new(sc, script, state);
	CHECK(session_load(back, &cause) == -1 && cause != NULL &&
	    strstr(cause, "not yours alone") != NULL);
	free(cause);
	CHECK(back->nopts == 0);
	CHECK(access(ss->path, F_OK) == 0);	/* left where it was */
	session_free(back);
	session_free(ss);
	free(state);
}

/* With no HOME, no XDG_STATE_HOME and no passwd entry: no shared name. */
static void
test_nohome(const struct scenario *sc, const char *script)
{
	pid_t	pid;
	int	st;

	if (geteuid() != 0) {
		printf("skip: no passwd entry (needs root to change uid)\n");
		return;
	}
	if ((pid = fork()) == 0) {
		struct session	*ss;
		struct stat	 sb;
		char		*cause = NULL, *d;
		int		 bad = 0;

		unsetenv("HOME");
		unsetenv("XDG_STATE_HOME");
		unsetenv("TMPDIR");
		if (setgid(54321) == -1 || setuid(54321) == -1)
			_exit(99);
		ss = session_new(sc, script, NULL);
		d = xstrndup(ss->path, (size_t)(strrchr(ss->path, '/') -
		    ss->path));
		bad |= strcmp(d, "/tmp/lever-state-54321") == 0;
		bad |= lstat(d, &sb) == -1 || sb.st_uid != 54321 ||
		    (sb.st_mode & 077) != 0;
		bad |= session_load(ss, &cause) != -1 || cause == NULL ||
		    strstr(cause, "no home folder") == NULL;
		_exit(bad ? 1 : 0);
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0);
	system("rm -rf /tmp/lever-state-54321.*");
}

/* Loading is linear and bounded: a file past the limits loads the rest. */
static void
test_bounds(const struct scenario *sc, const char *script, const char *dir)
{
	char		*state = xasprintf("%s/bounds", dir), *cause = NULL;
	struct session	*ss = session_new(sc, script, state);
	struct buf	 b = { 0 };
	double		 t0;

	CHECK(session_save(ss, &cause) == 0);
	buf_adds(&b, "lever-session 2\nbegin current\ninvest=10\nend\n");
	for (int i = 0; i < 150000; i++)
		buf_printf(&b, "begin option O%d\ninvest=%d\nend\n", i,
		    i % 100);
	for (int i = 0; i < 30000; i++)
		buf_printf(&b, "begin undo\ninvest=%d\nend\n", i % 100);
	buf_adds(&b, "end-of-session\n");
	spit(ss->path, b.data);
	buf_free(&b);
	t0 = monotonic();
	CHECK(session_load(ss, &cause) == 1 && cause != NULL &&
	    strstr(cause, "left out") != NULL);
	printf("a session of 150000 options and 30000 undo steps loaded in "
	    "%.2f s: %s\n", monotonic() - t0, cause);
	free(cause);
	CHECK(ss->nopts == SESSION_MAX_OPTIONS);
	CHECK(ss->nundo == SESSION_MAX_UNDO);
	/* the newest undo steps are the ones kept */
	CHECK(ss->nundo > 0 && ss->undo[ss->nundo - 1]->levers[0].num ==
	    (30000 - 1) % 100);
	CHECK(!session_option_save(ss, "one too many"));
	/* the undo history stays within its bound as changes go on */
	for (int i = 0; i < 10; i++) {
		struct settings	*next = settings_copy(sc, ss->cur);

		next->levers[0].num = i % 2 ? 20 : 30;
		session_commit(ss, next);
	}
	CHECK(ss->nundo == SESSION_MAX_UNDO);
	session_free(ss);
	free(state);
}

/* Levers are finite, always: a huge range, a typed nan, a key held. */
static void
test_finite(const char *dir)
{
	struct scenario	*sc;
	struct baseline	*bl;
	struct session	*ss;
	struct settings	*next;
	struct diag	 d = { 0 };
	char		*script = xasprintf("%s/huge.lua", dir), *cause = NULL;
	char		*csv = xasprintf("%s/huge.csv", dir);

	spit(csv, "id,name\nA,Alpha\n");
	spit(script, "scenario { title = \"huge\", baseline = \"huge.csv\", "
	    "start = 2025, years = 1 }\n"
	    "lever \"s\" { kind = \"slider\", min = -1e308, max = 1e308 }\n"
	    "lever \"p\" { kind = \"split\", parts = { {\"a\", 50}, "
	    "{\"b\", 50} } }\n"
	    "output \"x\" { label = \"X\" }\n"
	    "function project(a, p, L, y) return { x = 1 } end\n");
	if (cli_load(script, NULL, 0, &limits_default, &sc, &bl, &d) == -1) {
		diag_print(&d, stderr);
		exit(99);
	}
	CHECK(isfinite(sc->levers[0].step) && sc->levers[0].step > 0);
	/* twenty steps up from the minimum stay finite, and end at max */
	{
		double	v = sc->levers[0].min;

		for (int i = 0; i < 25; i++) {
			v += sc->levers[0].step;
			if (v > sc->levers[0].max)
				v = sc->levers[0].max;
			CHECK(isfinite(v));
		}
		CHECK(v == sc->levers[0].max);
	}
	ss = session_new(sc, script, dir);
	next = settings_copy(sc, ss->cur);
	CHECK(settings_split(sc, next, 1, 0, NAN, NULL, &cause) == -1 &&
	    cause != NULL);
	free(cause);
	CHECK(isfinite(next->levers[1].parts[0]));
	next->levers[0].num = NAN;
	CHECK(!session_commit(ss, next));
	next = settings_copy(sc, ss->cur);
	next->levers[0].num = INFINITY;
	CHECK(!session_commit(ss, next));
	CHECK(settings_set(sc, ss->cur, "s=nan", &cause) == -1);
	free(cause);
	CHECK(settings_set(sc, ss->cur, "p.a=nan", &cause) == -1);
	free(cause);
	CHECK(settings_finite(sc, ss->cur) && ss->nundo == 0);
	session_free(ss);
	scenario_free(sc);
	baseline_free(bl);
	free(script);
	free(csv);
}

/* Two screens on one session: the second is told, and saves nothing. */
static void
test_lock(const struct scenario *sc, const char *script, const char *dir)
{
	char		*state = xasprintf("%s/lock", dir), *msg = NULL;
	char		*cause = NULL, *pid = xasprintf("pid %ld,",
			    (long)getpid());
	struct session	*one = session_new(sc, script, state), *two, *three;

	CHECK(session_lock(one, &msg) == SESSION_HELD && msg == NULL);
	session_option_save(one, "D");
	CHECK(session_save(one, &cause) == 0);
	two = session_new(sc, script, state);
	CHECK(session_lock(two, &msg) == SESSION_BUSY && msg != NULL &&
	    strstr(msg, pid) != NULL && strstr(msg, "read-only") != NULL &&
	    strstr(msg, "nothing here is saved") != NULL);
	free(msg);
	CHECK(session_load(two, &cause) == 1 && two->nopts == 1);
	session_option_save(two, "E");
	CHECK(session_save(two, &cause) == -1 && cause != NULL &&
	    strstr(cause, pid) != NULL);
	free(cause);
	CHECK(session_set_aside(two, "old", &cause) == NULL && cause != NULL);
	free(cause);
	CHECK(session_save(one, &cause) == 0);
	session_free(one);	/* the first screen quits: the lock goes */
	three = session_new(sc, script, state);
	CHECK(session_lock(three, &msg) == SESSION_HELD);
	CHECK(session_load(three, &cause) == 1 && three->nopts == 1 &&
	    strcmp(three->opts[0].name, "D") == 0);
	session_free(three);
	session_free(two);
	free(pid);
	free(state);
}

int
main(void)
{
	struct scenario	*sc;
	struct baseline	*bl;
	struct diag	 d = { 0 };
	char		 tmpl[] = "/tmp/lever-test-faults.XXXXXX", *dir, *script;
	const char	*srcdir = getenv("top_srcdir");

	if (mkdtemp(tmpl) == NULL)
		return 99;
	dir = xasprintf("%s/state", tmpl);
	script = xasprintf("%s/tests/data/tui/test.lua", srcdir ? srcdir : ".");
	if (cli_load(script, NULL, 0, &limits_default, &sc, &bl, &d) == -1) {
		diag_print(&d, stderr);
		return 99;
	}
	test_kills(sc, script, dir);
	test_escapes(tmpl);
	test_aside(sc, script, tmpl);
	test_fifo(sc, bl, script, tmpl);
	test_planted(sc, script, tmpl);
	test_nohome(sc, script);
	test_bounds(sc, script, tmpl);
	test_lock(sc, script, tmpl);
	test_finite(tmpl);
	{
		char	*cmd = xasprintf("rm -rf '%s'", tmpl);

		if (system(cmd) != 0)
			failures++;
		free(cmd);
	}
	scenario_free(sc);
	baseline_free(bl);
	free(script);
	free(dir);
	if (failures > 0)
		return 1;
	printf("%d kills during saves, at every step of a save: the session "
	    "loaded whole every time; sessions are neither lost nor "
	    "planted\n", ROUNDS);
	return 0;
}
