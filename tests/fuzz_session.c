/*
 * fuzz_session: the session loader against any bytes. Each input is
 * written as the session file of a scenario built here in C (a slider,
 * a choice whose options hold a newline and a backslash, a toggle, a
 * split, an assumption), then loaded. Whatever it holds: no crash, no
 * leak, a damaged file said so; a session that loads saves and loads back
 * the same; what loads is within the limits and finite.
 *
 * With libFuzzer (./configure --enable-fuzzing CC=clang, make fuzz) this
 * is a harness; built as tests/test_fuzz_session it runs a fixed number
 * of inputs from a fixed seed (valid sessions, mutated) under the
 * configured sanitizers in make check.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenario.h"
#include "session.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct scenario	*sc;
static char		*dir;
static int		 nloaded, ndamaged;

static struct scenario *
make_scenario(void)
{
	struct scenario	*s = xcalloc(1, sizeof *s);
	struct lever	*lv;

	s->path = xstrdup("/nonexistent/fuzz.lua");
	s->title = xstrdup("fuzz");
	s->start = 2025;
	s->years = 2;
	s->nlevers = 4;
	s->levers = xcalloc(4, sizeof *s->levers);
	lv = &s->levers[0];
	lv->name = xstrdup("s");
	lv->kind = LEVER_SLIDER;
	lv->min = -1e308;
	lv->max = 1e308;
	lv->step = 1e307;
	lv = &s->levers[1];
	lv->name = xstrdup("c");
	lv->kind = LEVER_CHOICE;
	lv->noptions = 3;
	lv->options = xcalloc(3, sizeof *lv->options);
	lv->options[0] = xstrdup("a");
	lv->options[1] = xstrdup("two\nlines");
	lv->options[2] = xstrdup("back\\slash\\n");
	lv = &s->levers[2];
	lv->name = xstrdup("t");
	lv->kind = LEVER_TOGGLE;
	lv = &s->levers[3];
	lv->name = xstrdup("p");
	lv->kind = LEVER_SPLIT;
	lv->nparts = 2;
	lv->parts = xcalloc(2, sizeof *lv->parts);
	lv->parts[0] = xstrdup("x");
	lv->parts[1] = xstrdup("y");
	lv->def_parts = xcalloc(2, sizeof *lv->def_parts);
	lv->def_parts[0] = lv->def_parts[1] = 50;
	lv->step = 5;
	for (size_t i = 0; i < 4; i++) {
		s->levers[i].label = xstrdup(s->levers[i].name);
		s->levers[i].group = xstrdup("");
		s->levers[i].description = xstrdup("");
		s->levers[i].unit = xstrdup("");
	}
	s->nassumptions = 1;
	s->assumptions = xcalloc(1, sizeof *s->assumptions);
	s->assumptions[0].name = xstrdup("a");
	s->assumptions[0].label = xstrdup("a");
	s->assumptions[0].unit = xstrdup("");
	s->assumptions[0].source = xstrdup("");
	s->assumptions[0].description = xstrdup("");
	s->assumptions[0].value = 1;
	s->noutputs = 1;
	s->outputs = xcalloc(1, sizeof *s->outputs);
	s->outputs[0].name = xstrdup("o");
	s->outputs[0].label = xstrdup("o");
	s->outputs[0].unit = xstrdup("");
	s->outputs[0].description = xstrdup("");
	return s;
}

/* Remove every file in the state directory (set-aside copies included). */
static void
empty_dir(void)
{
	DIR		*d = opendir(dir);
	struct dirent	*e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char	*p;

		if (e->d_name[0] == '.')
			continue;
		p = xasprintf("%s/%s", dir, e->d_name);
		unlink(p);
		free(p);
	}
	closedir(d);
}

static void
setup(void)
{
	const char	*tmp = getenv("TMPDIR");

	if (sc != NULL)
		return;
	sc = make_scenario();
	dir = xasprintf("%s/fuzz_session.XXXXXX", tmp != NULL &&
	    *tmp == '/' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		abort();
}

/* The session holds only what it may: within the limits, finite. */
static void
check_loaded(const struct session *ss)
{
	if (ss->nopts > SESSION_MAX_OPTIONS || ss->nundo > SESSION_MAX_UNDO ||
	    ss->nredo > SESSION_MAX_UNDO || ss->ncompare > SESSION_MAX_COMPARE)
		abort();
	if (!settings_finite(sc, ss->cur))
		abort();
	for (size_t i = 0; i < ss->nopts; i++) {
		if (!settings_finite(sc, ss->opts[i].st))
			abort();
		for (size_t j = i + 1; j < ss->nopts && j < i + 50; j++)
			if (strcmp(ss->opts[i].name, ss->opts[j].name) == 0)
				abort();	/* an option twice */
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct session	*ss, *back;
	char		*cause = NULL;
	FILE		*f;
	int		 rc;

	setup();
	ss = session_new(sc, sc->path, dir);
	if ((f = fopen(ss->path, "w")) == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, f) != size)
		abort();
	if (fclose(f) != 0)
		abort();
	rc = session_load(ss, &cause);
	if (rc == -1 && cause == NULL)
		abort();		/* damaged without saying so */
	nloaded += rc == 1;
	ndamaged += rc == -1;
	free(cause);
	cause = NULL;
	check_loaded(ss);
	if (rc == 1) {
		/* what loads saves, and loads back the same */
		if (session_save(ss, &cause) != 0)
			abort();
		back = session_new(sc, sc->path, dir);
		if (session_load(back, &cause) != 1)
			abort();
		free(cause);
		cause = NULL;
		if (back->nopts != ss->nopts || back->nundo != ss->nundo ||
		    back->nredo != ss->nredo ||
		    back->ncompare != ss->ncompare ||
		    !settings_equal(sc, back->cur, ss->cur))
			abort();
		for (size_t i = 0; i < ss->nopts; i++)
			if (strcmp(back->opts[i].name, ss->opts[i].name) != 0 ||
			    !settings_equal(sc, back->opts[i].st,
			    ss->opts[i].st))
				abort();
		if ((back->loaded == NULL) != (ss->loaded == NULL) ||
		    (ss->loaded != NULL && strcmp(back->loaded,
		    ss->loaded) != 0))
			abort();
		if (back->focus.kind != ss->focus.kind)
			abort();
		session_free(back);
	}
	session_free(ss);
	empty_dir();
	return 0;
}

#ifdef FUZZ_SESSION_MAIN
static uint64_t	seed = 0x2545f4914f6cdd1dULL;

static unsigned
rnd(unsigned n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return n == 0 ? 0 : (unsigned)(seed % n);
}

/* A valid session to start from, with every kind of line. */
static char *
valid_session(void)
{
	struct session	*ss;
	struct settings	*next;
	char		*cause = NULL, *text;
	FILE		*f;
	struct buf	 b = { 0 };
	char		 chunk[4096];
	size_t		 n;

	setup();
	ss = session_new(sc, sc->path, dir);
	for (int i = 0; i < 6; i++) {
		next = settings_copy(sc, ss->cur);
		next->levers[0].num = i * 1e306;
		next->levers[1].choice = (size_t)i % 3;
		next->levers[2].on = i % 2;
		next->levers[3].parts[0] = 10 * i;
		next->levers[3].parts[1] = 100 - 10 * i;
		next->assumptions[0] = i + 0.5;
		session_commit(ss, next);
		text = xasprintf("Option %d\nwith\\n a line", i);
		session_option_save(ss, text);
		free(text);
	}
	session_undo(ss);
	session_compare_toggle(ss, 0);
	session_compare_toggle(ss, 2);
	session_set_focus(ss, FOCUS_GROUP, "region\t", "North\n");
	if (session_save(ss, &cause) != 0)
		abort();
	if ((f = fopen(ss->path, "r")) == NULL)
		abort();
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	buf_addc(&b, '\0');
	session_free(ss);
	empty_dir();
	return b.data;
}

int
main(int argc, char **argv)
{
	static const char *const bits[] = {
		"lever-session 1\n", "lever-session 2\n", "lever-session 3\n",
		"seat vote\\t1\\tu\\tX\n", "seat \\q\n", "seat \n",
		"end-of-session\n",
		"begin current\n", "begin option X\n", "begin undo\n",
		"begin redo\n", "end\n", "s=nan\n", "s=inf\n", "s=1e309\n",
		"p.x=nan\n", "p.x=-5\n", "c=two\\nlines\n", "c=\\x00\n",
		"c=\\q\n", "c=\\\n", "focus group a\tb\n", "focus area \\n\n",
		"compare X\n", "loaded X\n", "reference X\n", "year -99\n",
		"output o\n", "a=1e308\n", "\\x7f", "\n", "\t", "\\",
	};
	int	 rounds = argc > 1 ? atoi(argv[1]) : 3000;
	char	*valid = valid_session();
	size_t	 vlen = strlen(valid);

	for (int r = 0; r < rounds; r++) {
		struct buf	 b = { 0 };
		size_t		 from, len;

		/* a valid session cut, spliced and salted at random */
		from = rnd(4) == 0 ? rnd((unsigned)vlen) : 0;
		len = rnd(2) == 0 ? vlen - from : rnd((unsigned)(vlen - from +
		    1));
		buf_add(&b, valid + from, len);
		for (unsigned k = rnd(6); k > 0; k--) {
			const char	*bit = bits[rnd(sizeof bits /
					    sizeof bits[0])];
			size_t		 at = rnd((unsigned)b.len + 1);
			struct buf	 c = { 0 };

			/* mostly at the start of a line */
			while (rnd(4) != 0 && at > 0 && at < b.len &&
			    b.data[at - 1] != '\n')
				at++;

			buf_add(&c, b.data, at);
			buf_adds(&c, bit);
			buf_add(&c, b.data + at, b.len - at);
			buf_free(&b);
			b = c;
		}
		for (unsigned k = rnd(2) * rnd(3); k > 0 && b.len > 0; k--)
			b.data[rnd((unsigned)b.len)] = (char)rnd(256);
		if (rnd(3) == 0)
			buf_adds(&b, "end-of-session\n");
		LLVMFuzzerTestOneInput((const uint8_t *)(b.data ? b.data : ""),
		    b.len);
		buf_free(&b);
	}
	/* and the valid one, whole */
	LLVMFuzzerTestOneInput((const uint8_t *)valid, vlen);
	printf("%d random session files read without a fault: %d loaded "
	    "(saved and loaded back the same), %d set aside as damaged\n",
	    rounds + 1, nloaded, ndamaged);
	free(valid);
	rmdir(dir);
	free(dir);
	scenario_free(sc);
	/* the inputs must go on covering both */
	return nloaded < rounds / 20 || ndamaged < rounds / 20 ? 1 : 0;
}
#endif
