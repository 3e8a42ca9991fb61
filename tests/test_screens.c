/*
 * Every shipped scenario (every .lua file in scenarios/) on the workshop screen at many
 * sizes, from 60x15 to 250x80 and the sizes people use (80x24, a projector
 * at 120x40 to 240x70), through every output and year, with 0 to 4 options
 * compared, focus on all areas, a group or one area, in UTF-8 (with and
 * without braille) and ASCII.
 * Results are computed once per scenario; then each screen is rendered
 * with view_render(), as the workshop screen draws it, and checked:
 *
 *   - the render ends (an alarm turns a drawing loop that never ends into
 *     a failure naming the screen);
 *   - the title and status rows are there, every pane's frame is whole
 *     (nothing drawn over it from inside or out);
 *   - no number is in scientific notation ("7.45e-09"), "inf" or "nan";
 *   - every number in the table and the chart's headline is a whole
 *     number ("13.04m", "-£3.17m", "+2,500", "69.75%"): nothing cut short;
 *   - the chart's legend shows each series' marker (chart_glyph).
 *
 * A scenario whose assumptions declare distributions is drawn again with
 * bands (a few samples of the current settings and the reference), the
 * table's chance column, and the attribution and tornado overlays, every
 * output at every named size and at sizes across the range: an overlay
 * inside the screen, its numbers whole.
 *
 * LEVER_SCREENS_DUMP=DIR writes the named sizes' screens there to look at.
 */
#include "config.h"

#include <sys/stat.h>

#include <glob.h>
#include <locale.h>
#include <regex.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attrib.h"
#include "baseline.h"
#include "batch.h"
#include "cells.h"
#include "chart.h"
#include "cli.h"
#include "job.h"
#include "results.h"
#include "sample.h"
#include "scenario.h"
#include "session.h"
#include "util.h"
#include "view.h"

#include "check.h"

/* The sizes people use, checked in full; and the extremes. */
static const int named[][2] = {
	{ 60, 15 }, { 80, 24 }, { 120, 40 }, { 120, 45 }, { 132, 43 },
	{ 150, 45 }, { 160, 48 }, { 200, 60 }, { 240, 70 }, { 250, 80 },
	{ 60, 80 }, { 250, 15 }
};

/* What is being drawn, for the alarm and for failures. */
static char	 what[256];
static long	 screens;
/* Screens with what the uncertainty adds, seen: the table's chance
 * column, the reference's band in the legend, a tornado's central
 * figure, an attribution's total. */
static long	 seen_chance, seen_band, seen_tornado, seen_attrib;

static void
on_alarm(int sig)
{
	static const char	msg[] = "test_screens: a render never ended: ";

	(void)sig;
	(void)!write(STDERR_FILENO, msg, sizeof msg - 1);
	(void)!write(STDERR_FILENO, what, strlen(what));
	(void)!write(STDERR_FILENO, "\n", 1);
	_exit(1);
}

static regex_t	 sci, number;

/* Each kind of failure is shown with its first screen, then counted. */
static struct kind {
	const char	*why;
	long		 n;
} kinds[16];

static void
fail_screen(struct cells *s, const char *why, int row)
{
	size_t	k;

	failures++;
	for (k = 0; k < nitems(kinds) && kinds[k].why != NULL; k++)
		if (strncmp(kinds[k].why, why, 20) == 0)
			break;
	if (k == nitems(kinds))
		return;
	if (kinds[k].n++ == 0) {
		kinds[k].why = xstrdup(why);
		fprintf(stderr, "%s: %s (row %d):\n", what, why, row);
		cells_dump(s, stderr);
	}
}

/* Is C a frame character (a box edge, corner or tee)? */
static bool
frame(uint32_t c, bool vertical)
{
	if (c == '+' || (vertical ? c == '|' : c == '-'))
		return true;
	if (vertical)
		return c == 0x2502 || c == 0x250c || c == 0x2510 ||
		    c == 0x2514 || c == 0x2518 || c == 0x251c || c == 0x2524;
	return c == 0x2500 || c == 0x250c || c == 0x2510 || c == 0x2514 ||
	    c == 0x2518 || c == 0x252c || c == 0x2534;
}

/* Every token with a digit in TEXT must be a whole number. */
static void
check_numbers(struct cells *s, const char *text, int row)
{
	char	*copy = xstrdup(text), *tok, *save = NULL;

	for (tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		char	why[160];

		/* Words ("vs", a unit such as "ktCO2e") are not numbers. */
		if (strpbrk(tok, "0123456789") == NULL ||
		    (tok[0] >= 'a' && tok[0] <= 'z') ||
		    (tok[0] >= 'A' && tok[0] <= 'Z' && strncmp(tok, "GBP",
		    3) != 0))
			continue;
		if (regexec(&number, tok, 0, NULL, 0) != 0) {
			snprintf(why, sizeof why, "'%s' is not a whole number",
			    tok);
			fail_screen(s, why, row);
		}
	}
	free(copy);
}

/* The text of row Y between X0 and X1 (exclusive), UTF-8. */
static char *
span(struct cells *s, int y, int x0, int x1)
{
	struct cells	 one;
	char		*row;

	cells_init(&one, x1 - x0, 1, s->utf8);
	for (int x = x0; x < x1; x++)
		*cells_at(&one, x - x0, 0) = *cells_at(s, x, y);
	row = cells_row(&one, 0);
	cells_free(&one);
	return row;
}

/* Blank every UNIT in TEXT ("(2025 = 100)" is not a number). */
static void
strip_unit(char *text, const char *unit)
{
	char	*u;

	if (unit[0] != '\0' && unit[0] != '%' && strcmp(unit, "\xc2\xa3") != 0)
		while ((u = strstr(text, unit)) != NULL)
			memset(u, ' ', strlen(unit));
}

/* An overlay of bars: inside the screen, framed, its numbers whole. */
static void
check_box(struct view *v, const struct view_model *m, struct cells *s)
{
	struct view_rect	b = v->box;

	if (b.w <= 0)
		return;		/* no room for it: nothing drawn */
	if (b.x < 0 || b.y < 0 || b.x + b.w > s->w || b.y + b.h > s->h) {
		fail_screen(s, "an overlay outside the screen", b.y);
		return;
	}
	for (int y = b.y; y < b.y + b.h; y++) {
		char	*text;

		if (!frame(cells_at(s, b.x, y)->ch, true) ||
		    !frame(cells_at(s, b.x + b.w - 1, y)->ch, true)) {
			fail_screen(s, "an overlay's side drawn over", y);
			break;
		}
		if (y == b.y || y == b.y + b.h - 1)
			continue;
		text = span(s, y, b.x + 1, b.x + b.w - 1);
		seen_tornado += strstr(text, "central: ") != NULL;
		seen_attrib += strstr(text, "Total change ") != NULL;
		strip_unit(text, m->sc->outputs[view_output(m)].unit);
		if (regexec(&sci, text, 0, NULL, 0) == 0)
			fail_screen(s, "a number in scientific notation, inf "
			    "or nan", y);
		check_numbers(s, text, y);
		free(text);
	}
}

static void
check_screen(struct view *v, const struct view_model *m, struct cells *s,
    size_t nseries)
{
	char	*row;

	screens++;
	/* Title and status rows. */
	row = cells_row(s, 0);
	if (strstr(row, "lever") == NULL)
		fail_screen(s, "no title row", 0);
	free(row);
	row = cells_row(s, s->h - 1);
	if (strstr(row, "option") == NULL)
		fail_screen(s, "no status row", s->h - 1);
	free(row);
	/* An overlay cuts the words of the panes under it ("CPI inf"): its
	 * box is checked instead. */
	if (v->overlay != OVERLAY_NONE) {
		check_box(v, m, s);
		return;
	}
	for (int y = 0; y < s->h; y++) {
		row = cells_row(s, y);
		seen_chance += strstr(row, " chance") != NULL &&
		    strstr(row, "current") != NULL;
		seen_band += strstr(row, "defaults, middle 90%") != NULL;
		if (regexec(&sci, row, 0, NULL, 0) == 0)
			fail_screen(s, "a number in scientific notation, inf "
			    "or nan", y);
		free(row);
	}
	/* Frames whole: the side edges and the bottom of every pane. */
	for (int p = 0; p < PANE_COUNT; p++) {
		struct view_rect	r = v->rect[p];

		if (r.w <= 0 || r.h <= 0)
			continue;
		if (r.x < 0 || r.y < 0 || r.x + r.w > s->w ||
		    r.y + r.h > s->h) {
			fail_screen(s, "a pane outside the screen", r.y);
			continue;
		}
		for (int y = r.y; y < r.y + r.h; y++)
			if (!frame(cells_at(s, r.x, y)->ch, true) ||
			    !frame(cells_at(s, r.x + r.w - 1, y)->ch, true)) {
				fail_screen(s, "a pane's side drawn over", y);
				break;
			}
		for (int x = r.x; x < r.x + r.w; x++)
			if (!frame(cells_at(s, x, r.y + r.h - 1)->ch, false)) {
				fail_screen(s, "a pane's bottom drawn over",
				    r.y + r.h - 1);
				break;
			}
	}
	/* Numbers in the table rows (right of the area names) and in the
	 * chart's headline. */
	{
		struct view_rect	t = v->rect[PANE_TABLE];

		for (int y = v->table_y0; t.w > 0 && y < t.y + t.h - 1; y++) {
			/* The numbers are right-aligned after the name. */
			char	*text = span(s, y, t.x + 1, t.x + t.w - 1);
			char	*cut = strstr(text, "  ");

			if (cut != NULL)
				check_numbers(s, cut, y);
			free(text);
		}
	}
	if (m->res != NULL && v->rect[PANE_CHART].w > 0 &&
	    v->rect[PANE_CHART].h >= 5) {
		struct view_rect	c = v->rect[PANE_CHART];
		char			*text = span(s, c.y + 1, c.x + 1,
					    c.x + c.w - 1), *colon;

		/* "2035: £14.53bn  +£1.2m vs defaults", a unit such as
		 * "0-10" taken out. */
		if ((colon = strchr(text, ':')) != NULL) {
			strip_unit(colon, m->sc->outputs[view_output(m)].unit);
			check_numbers(s, colon + 1, c.y + 1);
		}
		free(text);
		/* The legend: every series' marker. */
		text = span(s, c.y + c.h - 2, c.x + 1, c.x + c.w - 1);
		for (size_t k = 0; k < nseries; k++)
			if (strstr(text, chart_glyph(s, k)) == NULL) {
				char	why[64];

				snprintf(why, sizeof why, "series %zu's marker "
				    "not in the legend", k);
				fail_screen(s, why, c.y + c.h - 2);
			}
		free(text);
	}
}

/* Settings for option J: every lever somewhere else. */
static struct settings *
variant(const struct scenario *sc, int j)
{
	static const double	 at[] = { 0.75, 0.25, 1, 0, 0.5, 0.9 };
	struct settings		*st = settings_new(sc);

	for (size_t i = 0; i < sc->nlevers; i++) {
		const struct lever	*lv = &sc->levers[i];
		struct lever_value	*val = &st->levers[i];

		switch (lv->kind) {
		case LEVER_SLIDER:
			val->num = lv->min + (lv->max - lv->min) * at[j % 6];
			if (lv->step > 0)
				val->num = lv->min + lv->step * (double)(long)
				    ((val->num - lv->min) / lv->step + 0.5);
			if (val->num > lv->max)
				val->num = lv->max;
			break;
		case LEVER_CHOICE:
			if (lv->noptions > 0)
				val->choice = (lv->def_option + (size_t)j + 1) %
				    lv->noptions;
			break;
		case LEVER_TOGGLE:
			val->on = j % 2 == 0 ? !lv->def_on : lv->def_on;
			break;
		case LEVER_SPLIT:
			break;
		}
	}
	return st;
}

struct run {
	const char		*name;
	struct scenario		*sc;
	struct baseline		*bl;
	struct session		*ss;
	struct results		*ref, *cur, *opt[SESSION_MAX_COMPARE];
	struct view		 v;
	struct view_model	 m;
	struct diag		 d;
	const char		*dump;
	enum overlay		 overlay;	/* drawn over the panes */
};

/* Set up the screen's state: NCMP compared, FOCUS 0 all, 1 a group, 2 an
 * area; output OUT, year YEAR. */
static void
state(struct run *r, size_t ncmp, int focus, size_t out, size_t year)
{
	struct session	*ss = r->ss;
	const char	*onames[] = { "Option A", "Option B", "Option C",
			    "Option D" };

	while (ss->ncompare > 0)
		session_compare_toggle(ss, (size_t)session_option(ss,
		    ss->compare[ss->ncompare - 1]));
	for (size_t k = 0; k < ncmp; k++)
		session_compare_toggle(ss, (size_t)session_option(ss,
		    onames[k]));
	memset(r->m.cmp, 0, sizeof r->m.cmp);
	for (size_t k = 0; k < ss->ncompare; k++)
		r->m.cmp[k] = r->opt[session_option(ss, ss->compare[k])];
	if (focus == 1 && r->v.ngroups > 0)
		session_set_focus(ss, FOCUS_GROUP,
		    r->bl->header[r->v.groups[0].column],
		    r->v.groups[0].value);
	else if (focus == 2 && r->bl->nrows > 0)
		session_set_focus(ss, FOCUS_AREA, NULL,
		    r->bl->text[(r->bl->nrows / 2) * r->bl->ncols +
		    r->bl->id_col]);
	else
		session_set_focus(ss, FOCUS_ALL, NULL, NULL);
	session_set_output(ss, r->sc->outputs[out].name);
	ss->year = year == (size_t)r->sc->years - 1 ? -1 : (int)year;
}

/* Character sets: LANG=C; UTF-8 with braille; UTF-8 without (TERM=vt100,
 * linux). */
static const char *const charset[] = { "ASCII", "UTF-8", "UTF-8-nobraille" };

static void
render(struct run *r, int w, int h, int cs, size_t ncmp, int focus,
    size_t out, size_t year, bool dump)
{
	struct cells	s;
	size_t		nseries;

	state(r, ncmp, focus, out, year);
	r->m.fan_output = out;
	snprintf(what, sizeof what, "%s at %dx%d, %s, output %s, year %zu, "
	    "%zu compared, focus %s", r->name, w, h, charset[cs],
	    r->sc->outputs[out].name, year, ncmp, focus == 0 ? "all" :
	    focus == 1 ? "group" : "area");
	cells_init(&s, w, h, cs > 0);
	s.braille = cs == 1;
	r->v.pane = (enum pane)((size_t)(w + h) % 3);
	r->v.overlay = r->overlay;
	/* Generous: a screen takes milliseconds, even under ASan on a
	 * loaded machine; the runs behind it are not timed. */
	alarm(30);
	view_render(&r->v, &r->m, &s);
	alarm(0);
	nseries = 2 + ncmp;	/* current, the reference, the compared */
	check_screen(&r->v, &r->m, &s, nseries);
	if (dump && r->dump != NULL) {
		char	*path = xasprintf("%s/%s-%dx%d-%s-o%zu-y%zu-c%zu-f%d.txt",
			    r->dump, r->name, w, h, charset[cs],
			    out, year, ncmp, focus);
		FILE	*f = fopen(path, "w");

		if (f != NULL) {
			cells_dump(&s, f);
			fclose(f);
		}
		free(path);
	}
	cells_free(&s);
}

static void
screens_of(struct run *r)
{
	size_t		nout = r->sc->noutputs, ny = (size_t)r->sc->years;
	unsigned	seed = 1;

	/* The named sizes: every output and year, compared options and
	 * focus in turn, both character sets. */
	for (size_t i = 0; i < nitems(named); i++)
		for (size_t o = 0; o < nout; o++)
			for (size_t y = 0; y < ny; y++) {
				size_t	turn = o * ny + y;

				render(r, named[i][0], named[i][1], (int)(turn % 3),
				    turn % 5, (int)(turn / 5 % 3), o, y,
				    y == 0 || y == ny - 1);
			}
	/* Every size from 60x15 to 250x80 (steps of 3 and 5), each with
	 * some output, year, comparison and focus. */
	for (int w = VIEW_MIN_W; w <= 250; w += 3)
		for (int h = VIEW_MIN_H; h <= 80; h += 5) {
			seed = seed * 1103515245 + 12345;
			render(r, w, h, (int)((seed >> 8) % 3), (seed >> 9) % 5,
			    (int)((seed >> 12) % 3), (seed >> 16) % nout,
			    (seed >> 20) % ny, false);
		}
}

/* Run batch B to its end; -1 (said) if it fails. */
static int
run_batch(struct run *r, struct batch *b, const char *task)
{
	int	rc = batch_run(b, &r->d);

	batch_free(b);
	if (rc == -1) {
		fprintf(stderr, "%s: %s failed:\n", r->name, task);
		diag_print(&r->d, stderr);
	}
	return rc;
}

/*
 * The screen with uncertainty: bands of a few samples around the current
 * settings and the reference, the chance column, the attribution (over a
 * couple of random orders: every lever differs) and the tornado.
 */
static int
extras(struct run *r)
{
	enum { NS = 8 };
	struct pool		*p = pool_new(r->sc, r->bl, &limits_default, 2);
	struct settings		*def = settings_new(r->sc);
	struct sample_store	*fan = sample_store_new(r->sc, r->bl, NS,
				    SAMPLE_EVERY);
	struct sample_store	*fref = sample_store_new(r->sc, r->bl, NS,
				    SAMPLE_EVERY);
	struct sensitivity	*sens = attrib_sensitivity_new(r->sc, r->bl,
				    r->ss->cur);
	struct attrib		*attr = attrib_new(r->sc, r->bl, def,
				    r->ss->cur, 1, 2);
	static const enum overlay ov[] = { OVERLAY_NONE, OVERLAY_ATTRIB,
				    OVERLAY_TORNADO };
	size_t			 nout = r->sc->noutputs;
	unsigned		 seed = 7;
	int			 rc = -1;

	if (run_batch(r, sample_start(p, r->sc, r->ss->cur, 1, NS, 2, fan),
	    "samples") == -1 ||
	    run_batch(r, sample_start(p, r->sc, def, 1, NS, 2, fref),
	    "the reference's samples") == -1 ||
	    run_batch(r, attrib_sensitivity_start(p, sens, 2), "the tornado")
	    == -1 ||
	    run_batch(r, attrib_start(p, attr, 2), "the attribution") == -1)
		goto out;
	r->m.fan = fan;
	r->m.fan_ref = fref;
	r->m.fan_want = NS;
	r->m.sens = sens;
	r->m.attr = attr;
	for (size_t i = 0; i < nitems(named); i++)
		for (size_t o = 0; o < nout; o++)
			for (size_t k = 0; k < nitems(ov); k++) {
				r->overlay = ov[k];
				render(r, named[i][0], named[i][1],
				    (int)((o + k) % 3), (o + i) % 5,
				    (int)((o + k) % 3), o,
				    (size_t)r->sc->years - 1 - o %
				    (size_t)r->sc->years, false);
			}
	for (int w = VIEW_MIN_W; w <= 250; w += 7)
		for (int h = VIEW_MIN_H; h <= 80; h += 5) {
			seed = seed * 1103515245 + 12345;
			r->overlay = ov[(seed >> 6) % 3];
			render(r, w, h, (int)((seed >> 8) % 3), (seed >> 9) % 5,
			    (int)((seed >> 12) % 3), (seed >> 16) % nout,
			    (seed >> 20) % (size_t)r->sc->years, false);
		}
	rc = 0;
	printf("%s: uncertainty drawn: the chance column on %ld screens, "
	    "the reference's band on %ld, a tornado on %ld, an attribution "
	    "on %ld\n", r->name, seen_chance, seen_band, seen_tornado,
	    seen_attrib);
	CHECK(seen_chance > 0);
	CHECK(seen_band > 0);
	CHECK(seen_tornado > 0);
	CHECK(seen_attrib > 0);
	seen_chance = seen_band = seen_tornado = seen_attrib = 0;
out:
	r->overlay = OVERLAY_NONE;
	r->m.fan = r->m.fan_ref = NULL;
	r->m.sens = NULL;
	r->m.attr = NULL;
	attrib_free(attr);
	attrib_sensitivity_free(sens);
	sample_store_free(fan);
	sample_store_free(fref);
	settings_free(def);
	pool_free(p);
	return rc;
}

static int
run_scenario(const char *script, const char *dir, const char *dump)
{
	struct run	 r;
	struct settings	*def;
	const char	*help[] = { "q quit" };
	const char	*onames[] = { "Option A", "Option B", "Option C",
			    "Option D" };
	const char	*base = strrchr(script, '/');

	memset(&r, 0, sizeof r);
	r.name = base != NULL ? base + 1 : script;
	r.dump = dump;
	if (cli_load(script, NULL, 0, &limits_default, &r.sc, &r.bl,
	    &r.d) == -1) {
		diag_print(&r.d, stderr);
		return -1;
	}
	r.ss = session_new(r.sc, script, dir);
	/* Four saved options, each with different lever values; the
	 * current settings differ from the defaults too. */
	def = settings_new(r.sc);
	r.ref = job_project(r.sc, r.bl, def, &limits_default, &r.d);
	settings_free(def);
	for (int j = 0; j < SESSION_MAX_COMPARE; j++) {
		session_commit(r.ss, variant(r.sc, j));
		session_option_save(r.ss, onames[j]);
		r.opt[j] = job_project(r.sc, r.bl, r.ss->cur, &limits_default,
		    &r.d);
	}
	session_commit(r.ss, variant(r.sc, 4));
	r.cur = job_project(r.sc, r.bl, r.ss->cur, &limits_default, &r.d);
	if (r.ref == NULL || r.cur == NULL || r.opt[0] == NULL ||
	    r.opt[1] == NULL || r.opt[2] == NULL || r.opt[3] == NULL) {
		fprintf(stderr, "%s: cannot compute:\n", script);
		diag_print(&r.d, stderr);
		return -1;
	}
	view_init(&r.v);
	view_bind(&r.v, r.sc, r.bl);
	r.m.sc = r.sc;
	r.m.bl = r.bl;
	r.m.ss = r.ss;
	r.m.res = r.cur;
	r.m.ref = r.ref;
	r.m.ref_name = "defaults";
	r.m.errors = &r.d;
	r.m.help = help;
	r.m.nhelp = 1;

	screens_of(&r);
	if (sample_uncertain(r.sc) > 0 && extras(&r) == -1)
		return -1;

	view_free(&r.v);
	results_free(r.cur);
	results_free(r.ref);
	for (int j = 0; j < SESSION_MAX_COMPARE; j++)
		results_free(r.opt[j]);
	session_free(r.ss);
	scenario_free(r.sc);
	baseline_free(r.bl);
	diag_clear(&r.d);
	return 0;
}

int
main(void)
{
	const char	*srcdir = getenv("top_srcdir");
	const char	*dump = getenv("LEVER_SCREENS_DUMP");
	char		 tmpl[] = "/tmp/lever-test-screens.XXXXXX", *dir, *pat;
	glob_t		 g;
	struct sigaction sa;

	setlocale(LC_ALL, "");
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	if (regcomp(&sci, "[0-9]e[-+]?[0-9]|(^|[^a-z])(-?inf|nan)([^a-z]|$)",
	    REG_EXTENDED | REG_NOSUB | REG_ICASE) != 0 ||
	    /* [sign] [£ or GBP] digits [,ddd] [.d] [k m bn tn] [% or unit] */
	    regcomp(&number, "^([-+<>]|\xc2\xb1|\\+/-)?(\xc2\xa3|GBP)?"
	    "([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\\.[0-9]+)?(k|m|bn|tn)?%?"
	    "\\*?$",	/* "*": an estimate */
	    REG_EXTENDED | REG_NOSUB) != 0)
		return 99;
	if (mkdtemp(tmpl) == NULL)
		return 99;
	dir = xasprintf("%s/state", tmpl);
	if (dump != NULL)
		mkdir(dump, 0777);
	pat = xasprintf("%s/scenarios/*.lua", srcdir != NULL ? srcdir : ".");
	if (glob(pat, 0, NULL, &g) != 0 || g.gl_pathc == 0) {
		fprintf(stderr, "no scenarios in %s\n", pat);
		return 99;
	}
	for (size_t i = 0; i < g.gl_pathc; i++) {
		long	before = screens;

		if (run_scenario(g.gl_pathv[i], dir, dump) == -1)
			failures++;
		printf("%s: %ld screens\n", g.gl_pathv[i], screens - before);
	}
	globfree(&g);
	free(pat);
	{
		char	*cmd = xasprintf("rm -rf '%s'", tmpl);

		if (system(cmd) != 0)
			failures++;
		free(cmd);
	}
	free(dir);
	regfree(&sci);
	regfree(&number);
	for (size_t k = 0; k < nitems(kinds) && kinds[k].why != NULL; k++) {
		fprintf(stderr, "%ld screens: %s\n", kinds[k].n, kinds[k].why);
		free((char *)kinds[k].why);
	}
	if (failures > 0)
		fprintf(stderr, "%d check%s failed\n", failures,
		    failures == 1 ? "" : "s");
	return failures > 0;
}
