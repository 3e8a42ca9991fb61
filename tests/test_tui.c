/*
 * Unit tests of the workshop screen's model and renderer, without a
 * terminal: session save/load/damage handling, number formats, and the
 * screen rendered into a cell buffer and compared with golden text
 * (LEVER_UPDATE_GOLDEN=1 rewrites the golden files).
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "cells.h"
#include "chart.h"
#include "cli.h"
#include "export.h"
#include "job.h"
#include "results.h"
#include "scenario.h"
#include "session.h"
#include "util.h"

#include "check.h"
#include "view.h"

static char	*script;	/* the test scenario */

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

static void
spit(const char *path, const char *text)
{
	FILE	*f = fopen(path, "w");

	if (f == NULL) {
		fprintf(stderr, "cannot write %s\n", path);
		exit(99);
	}
	fputs(text, f);
	fclose(f);
}

static void
test_numbers(void)
{
	char	b[64];

	CHECK(strcmp(chart_number(b, sizeof b, 25500, "jobs", false),
	    "25,500 jobs") == 0);
	CHECK(strcmp(chart_number(b, sizeof b, 2500, NULL, true),
	    "+2,500") == 0);
	CHECK(strcmp(chart_number(b, sizeof b, -1234567, "£", false),
	    "-£1.23m") == 0);
	CHECK(strcmp(chart_number(b, sizeof b, 28.08e9, "£", false),
	    "£28.08bn") == 0);
	CHECK(strcmp(chart_number(b, sizeof b, 69.75, "%", false),
	    "69.75%") == 0);
	CHECK(strcmp(chart_number(b, sizeof b, 0, NULL, true), "0") == 0);
}

static void
test_session(const struct scenario *sc, const char *dir)
{
	struct session	*ss, *back;
	struct settings	*next;
	char		*cause = NULL, *text, *path, *aside;
	long		 lv = scenario_lever(sc, "invest");
	struct stat	 sb;

	CHECK(lv >= 0);
	ss = session_new(sc, script, dir);
	CHECK(session_load(ss, &cause) == 0);

	next = settings_copy(sc, ss->cur);
	next->levers[lv].num = 70;
	CHECK(session_commit(ss, next));
	CHECK(!session_commit(ss, settings_copy(sc, ss->cur)));
	session_option_save(ss, "Option A");
	next = settings_copy(sc, ss->cur);
	CHECK(settings_split(sc, next, (size_t)scenario_lever(sc, "pot"), 0,
	    30, NULL, &cause) == 0);
	CHECK(session_commit(ss, next));
	session_option_save(ss, "Skills light");
	CHECK(session_compare_toggle(ss, 0));
	session_set_focus(ss, FOCUS_GROUP, "region", "North");
	session_set_output(ss, "per_head");
	ss->year = 2;
	CHECK(session_undo(ss));
	CHECK(session_modified(ss));
	CHECK(session_save(ss, &cause) == 0);
	CHECK(stat(ss->path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	CHECK(stat(dir, &sb) == 0 && (sb.st_mode & 0777) == 0700);

	back = session_new(sc, script, dir);
	CHECK(strcmp(back->path, ss->path) == 0);
	CHECK(session_load(back, &cause) == 1);
	CHECK(settings_equal(sc, back->cur, ss->cur));
	CHECK(back->nopts == 2 && strcmp(back->opts[1].name,
	    "Skills light") == 0);
	CHECK(back->opts[1].st->levers[scenario_lever(sc, "pot")].parts[0]
	    == 30);
	CHECK(back->nundo == ss->nundo && back->nredo == 1);
	CHECK(session_redo(back));
	CHECK(settings_equal(sc, back->cur, back->opts[1].st));
	CHECK(back->ncompare == 1 && strcmp(back->compare[0],
	    "Option A") == 0);
	CHECK(back->focus.kind == FOCUS_GROUP &&
	    strcmp(back->focus.value, "North") == 0);
	CHECK(strcmp(back->output, "per_head") == 0 && back->year == 2);
	CHECK(back->loaded != NULL && strcmp(back->loaded,
	    "Skills light") == 0);
	session_free(back);

	/* Truncated: set aside, a fresh session, a message. */
	path = xstrdup(ss->path);
	text = slurp(path);
	CHECK(text != NULL);
	text[strlen(text) * 2 / 3] = '\0';
	spit(path, text);
	free(text);
	back = session_new(sc, script, dir);
	CHECK(session_load(back, &cause) == -1);
	CHECK(cause != NULL && strstr(cause, ".corrupt") != NULL);
	free(cause);
	aside = xasprintf("%s.corrupt", path);
	CHECK(access(aside, F_OK) == 0 && access(path, F_OK) == -1);
	CHECK(back->nopts == 0 && back->nundo == 0);
	session_free(back);

	/* Garbage and an empty file: the same. */
	spit(path, "\x01\x02garbage\n");
	back = session_new(sc, script, dir);
	CHECK(session_load(back, &cause) == -1);
	free(cause);
	session_free(back);
	spit(path, "");
	back = session_new(sc, script, dir);
	CHECK(session_load(back, &cause) == -1);
	free(cause);
	session_free(back);
	/* Unknown levers and bad values are skipped, known ones kept. */
	spit(path, "lever-session 1\nbegin current\nnope=3\ninvest=banana\n"
	    "mode=high\nend\nbegin option X\ninvest=90\nend\n"
	    "end-of-session\n");
	back = session_new(sc, script, dir);
	CHECK(session_load(back, &cause) == 1);
	CHECK(back->cur->levers[scenario_lever(sc, "mode")].choice == 1);
	CHECK(back->cur->levers[lv].num == 50);
	CHECK(back->nopts == 1 && back->opts[0].st->levers[lv].num == 90);
	session_free(back);
	free(aside);
	free(path);

	/* A read-only state directory: a message, the session in memory. */
	if (geteuid() != 0) {
		char	*ro = xasprintf("%s/ro", dir);

		mkdir(ro, 0500);
		back = session_new(sc, script, ro);
		CHECK(session_save(back, &cause) == -1 && cause != NULL);
		free(cause);
		session_free(back);
		free(ro);
	}
	{
		char	*missing = xasprintf("%s/file", dir);

		spit(missing, "x");
		back = session_new(sc, script, missing);
		CHECK(session_save(back, &cause) == -1 && cause != NULL);
		free(cause);
		session_free(back);
		free(missing);
	}
	/* A state directory others can write to is refused, not used. */
	{
		char	*shared = xasprintf("%s/shared", dir);

		mkdir(shared, 0700);
		chmod(shared, 0777);
		back = session_new(sc, script, shared);
		CHECK(session_save(back, &cause) == -1 && cause != NULL);
		free(cause);
		session_free(back);
		free(shared);
	}
	/* With no HOME and no XDG_STATE_HOME: the user's home from passwd. */
	{
		char	*home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;
		char	*xdg = getenv("XDG_STATE_HOME") ?
			    xstrdup(getenv("XDG_STATE_HOME")) : NULL;
		char	*state;

		unsetenv("HOME");
		unsetenv("XDG_STATE_HOME");
		state = session_state_dir();
		CHECK(strncmp(state, "/tmp/", 5) != 0 ||
		    strstr(state, "lever-state-") != NULL);
		free(state);
		if (home != NULL)
			setenv("HOME", home, 1);
		if (xdg != NULL)
			setenv("XDG_STATE_HOME", xdg, 1);
		free(home);
		free(xdg);
	}
	session_free(ss);
}

/* Render and compare with (or write) a golden file. */
static void
golden(struct view *v, const struct view_model *m, int w, int h, bool utf8,
    const char *name)
{
	struct cells	 s;
	char		*got, *want, *path;
	FILE		*f;
	size_t		 len;
	const char	*srcdir = getenv("top_srcdir");

	cells_init(&s, w, h, utf8);
	view_render(v, m, &s);
	f = open_memstream(&got, &len);
	cells_dump(&s, f);
	fclose(f);
	cells_free(&s);
	path = xasprintf("%s/tests/data/tui/%s", srcdir ? srcdir : ".", name);
	if (getenv("LEVER_UPDATE_GOLDEN") != NULL)
		spit(path, got);
	want = slurp(path);
	if (want == NULL || strcmp(want, got) != 0) {
		fprintf(stderr, "%s differs; got:\n%s\n", path, got);
		failures++;
	}
	free(want);
	free(got);
	free(path);
}

static void
test_render(struct scenario *sc, struct baseline *bl, const char *dir)
{
	struct session		*ss = session_new(sc, script, dir);
	struct settings		*def = settings_new(sc), *next;
	struct results		*ref, *res;
	struct diag		 d = { 0 };
	struct view		 v;
	struct view_model	 m = { 0 };
	const char		*help[] = { "q quit" };
	long			 lv = scenario_lever(sc, "invest");

	ref = job_project(sc, bl, def, &limits_default, &d);
	next = settings_copy(sc, ss->cur);
	next->levers[lv].num = 60;
	session_commit(ss, next);
	res = job_project(sc, bl, ss->cur, &limits_default, &d);
	CHECK(ref != NULL && res != NULL);
	if (ref == NULL || res == NULL) {
		diag_print(&d, stderr);
		return;
	}
	view_init(&v);
	view_bind(&v, sc, bl);
	m.sc = sc;
	m.bl = bl;
	m.ss = ss;
	m.res = res;
	m.ref = ref;
	m.ref_name = "defaults";
	m.errors = &d;
	m.help = help;
	m.nhelp = 1;
	golden(&v, &m, 80, 24, false, "render-80x24.txt");
	golden(&v, &m, 80, 24, true, "render-80x24-utf8.txt");
	golden(&v, &m, 50, 12, false, "render-small.txt");
	/* The table pane and a group focus. */
	v.pane = PANE_TABLE;
	session_set_focus(ss, FOCUS_GROUP, "region", "South");
	golden(&v, &m, 100, 30, false, "render-south.txt");
	/* An error panel over the table, the old results kept. */
	diag_add(&d, "tests/data/tui/test.lua:31: attempt to index a nil "
	    "value (global 'L2')");
	golden(&v, &m, 80, 24, false, "render-error.txt");
	diag_clear(&d);
	/* A choice value is measured in cells, not in bytes (which split
	 * "é" and showed half the text), and shown whole where it fits. */
	{
		long		 mode = scenario_lever(sc, "mode");
		char		*was = sc->levers[mode].options[0], *row;
		struct cells	 s;
		bool		 seen = false;

		sc->levers[mode].options[0] = xstrdup("a\xc3\xa9\xc3\xa9"
		    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
		v.pane = PANE_LEVERS;
		cells_init(&s, 80, 24, true);
		view_render(&v, &m, &s);
		for (int y = 0; y < s.h; y++) {
			row = cells_row(&s, y);
			if (strstr(row, "Mode") != NULL)
				seen = strstr(row, "a\xc3\xa9\xc3\xa9\xc3\xa9"
				    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9") !=
				    NULL;
			free(row);
		}
		CHECK(seen);
		cells_free(&s);
		free(sc->levers[mode].options[0]);
		sc->levers[mode].options[0] = was;
	}
	/* The screen's export (e) writes the file with the umask's mode, as
	 * lever run -o does: not 0644 for a user whose umask is 077. */
	{
		char		*out = xasprintf("%s/export.csv", dir), *cause;
		struct stat	 sb;
		mode_t		 old = umask(077);

		CHECK(export_file(out, &(struct export_opts){
		    .format = FORMAT_CSV, .group_col = -1 }, sc, ss->cur, bl, res, &cause) == 0);
		CHECK(stat(out, &sb) == 0 && (sb.st_mode & 0777) == 0600);
		umask(022);
		unlink(out);
		CHECK(export_file(out, &(struct export_opts){
		    .format = FORMAT_CSV, .group_col = -1 }, sc, ss->cur, bl, res, &cause) == 0);
		CHECK(stat(out, &sb) == 0 && (sb.st_mode & 0777) == 0644);
		umask(old);
		unlink(out);
		free(out);
	}
	/* A wheel turn or a click while "Delete option?" is asked must not
	 * change which option the answer acts on. */
	{
		struct cells	s;

		session_option_save(ss, "One");
		session_option_save(ss, "Two");
		cells_init(&s, 80, 24, true);
		v.overlay = OVERLAY_OPTIONS;
		v.list_sel = 1;
		view_render(&v, &m, &s);
		v.overlay = OVERLAY_CONFIRM;
		view_move(&v, &m, -3);
		CHECK(v.list_sel == 1);
		CHECK(!view_click(&v, &m, v.list.x, v.list.y));
		CHECK(v.list_sel == 1);
		v.overlay = OVERLAY_PROMPT;
		view_move(&v, &m, -3);
		CHECK(v.list_sel == 1);
		v.overlay = OVERLAY_NONE;
		cells_free(&s);
	}

	view_free(&v);
	results_free(res);
	results_free(ref);
	settings_free(def);
	session_free(ss);
}

int
main(void)
{
	struct scenario	*sc;
	struct baseline	*bl;
	struct diag	 d = { 0 };
	char		 tmpl[] = "/tmp/lever-test-tui.XXXXXX", *dir;
	const char	*srcdir = getenv("top_srcdir");

	setlocale(LC_ALL, "");
	if (mkdtemp(tmpl) == NULL)
		return 99;
	dir = xasprintf("%s/state/lever", tmpl);
	script = xasprintf("%s/tests/data/tui/test.lua", srcdir ? srcdir : ".");
	if (cli_load(script, NULL, 0, &limits_default, &sc, &bl, &d) == -1) {
		diag_print(&d, stderr);
		return 99;
	}
	test_numbers();
	test_session(sc, dir);
	test_render(sc, bl, dir);
	scenario_free(sc);
	baseline_free(bl);
	free(script);
	free(dir);
	{
		char	*cmd = xasprintf("rm -rf '%s'", tmpl);

		if (system(cmd) != 0)
			failures++;
		free(cmd);
	}
	if (failures > 0)
		fprintf(stderr, "%d check%s failed\n", failures,
		    failures == 1 ? "" : "s");
	return failures > 0;
}
