/*
 * tui-keys: keys, prompts and questions. A key maps to an action through
 * keys.c; an action changes the session (and so starts a recompute) or the
 * view; prompts read names, paths and values typed as the screen shows
 * them.
 *
 * Why one file of this length: every action a key can take on the
 * session and the view, with the prompts and questions they open, is one
 * switch over keys.c's actions; split, an action and its prompt's answer
 * would live apart.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "baseline.h"
#include "export.h"
#include "focus.h"
#include "keys.h"
#include "seat.h"
#include "report.h"
#include "sample.h"
#include "results.h"
#include "scenario.h"
#include "term.h"
#include "tui-int.h"

/* Changing settings */

/* Round V onto the lever's grid of steps, without binary noise. */
static double
snap(const struct lever *lv, double v)
{
	char	buf[40];

	if (lv->step > 0)
		v = lv->min + rint((v - lv->min) / lv->step) * lv->step;
	if (v < lv->min)
		v = lv->min;
	if (v > lv->max)
		v = lv->max;
	snprintf(buf, sizeof buf, "%.12g", v);
	return strtod(buf, NULL);
}

/* A step for an assumption: 1 for whole numbers, else a tenth of its size. */
static double
assume_step(double def)
{
	if (def == rint(def) && fabs(def) >= 1)
		return 1;
	if (def == 0)
		return 0.01;
	return pow(10, floor(log10(fabs(def))) - 1);
}

void
tui_changed(struct tui *t)
{
	t->dirty = true;
	tui_schedule(t);
}

struct settings *
tui_stepped(struct tui *t, const struct settings *from, long steps, bool reset,
    char **cause)
{
	const struct scenario	*sc = t->sc;
	struct settings		*next = settings_copy(sc, from);
	const struct lever	*lv;
	struct lever_value	*val;
	size_t			 lever, part;

	if (t->v.pane == PANE_ASSUMPTIONS) {
		size_t			 i = t->v.assume_sel;
		const struct assumption	*a = &sc->assumptions[i];
		char			 buf[40];

		if (i >= sc->nassumptions) {
			settings_free(next);
			return NULL;
		}
		if (reset)
			next->assumptions[i] = a->value;
		else {
			double	step = assume_step(a->value);

			next->assumptions[i] = rint(next->assumptions[i] /
			    step + (double)steps) * step;
			snprintf(buf, sizeof buf, "%.12g", next->assumptions[i]);
			next->assumptions[i] = strtod(buf, NULL);
		}
		return next;
	}
	if (!view_lever(&t->v, &lever, &part)) {
		settings_free(next);
		return NULL;
	}
	lv = &sc->levers[lever];
	val = &next->levers[lever];
	switch (lv->kind) {
	case LEVER_SLIDER:
		val->num = reset ? lv->def :
		    snap(lv, val->num + (double)steps * lv->step);
		break;
	case LEVER_CHOICE: {
		long	c = (long)val->choice + steps;

		if (reset)
			c = (long)lv->def_option;
		if (c < 0)
			c = 0;
		if (c >= (long)lv->noptions)
			c = (long)lv->noptions - 1;
		val->choice = (size_t)c;
		break;
	}
	case LEVER_TOGGLE:
		val->on = reset ? lv->def_on : steps > 0;
		break;
	case LEVER_SPLIT:
		if (reset)
			memcpy(val->parts, lv->def_parts,
			    lv->nparts * sizeof *val->parts);
		else if (part == SIZE_MAX) {
			*cause = xasprintf("move one of the parts below %s; "
			    "the others rebalance", lv->label);
			settings_free(next);
			return NULL;
		} else if (settings_split(sc, next, lever, part,
		    rint(val->parts[part] + (double)steps * lv->step),
		    NULL, cause) == -1) {
			settings_free(next);
			return NULL;
		}
		break;
	}
	return next;
}

/* Move what the cursor is on (the step ahead follows the way it went). */
static void
adjust(struct tui *t, long steps, bool reset)
{
	struct settings	*next;
	char		*cause = NULL;

	if ((next = tui_stepped(t, t->ss->cur, steps, reset, &cause)) ==
	    NULL) {
		if (cause != NULL)
			tui_say(t, "%s", cause);
		free(cause);
		return;
	}
	if (!reset && steps != 0)
		t->ahead_dir = steps > 0 ? 1 : -1;
	if (session_commit(t->ss, next))
		tui_changed(t);
}

/* Prompts and questions */

static void
ask(struct tui *t, enum overlay kind, enum purpose p, const char *initial,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
ask(struct tui *t, enum overlay kind, enum purpose p, const char *initial,
    const char *fmt, ...)
{
	va_list	ap;

	t->v.overlay = kind;
	t->v.purpose = (int)p;
	va_start(ap, fmt);
	vsnprintf(t->v.title, sizeof t->v.title, fmt, ap);
	va_end(ap);
	snprintf(t->v.input, sizeof t->v.input, "%s", initial ? initial : "");
	t->v.input_fresh = t->v.input[0] != '\0';
}

static char *
next_option_name(const struct session *ss)
{
	for (int i = 0; i < 26; i++) {
		char	*n = xasprintf("Option %c", 'A' + i);

		if (session_option(ss, n) < 0)
			return n;
		free(n);
	}
	return xasprintf("Option %zu", ss->nopts + 1);
}

/*
 * What the screen shows, as options: the reference, the current settings
 * and each compared option that is not the reference, from the results
 * already computed. False (and said why) while one is still computing.
 */
static bool
shown_options(struct tui *t, struct report_option *opts, size_t *n)
{
	struct view_model	m;

	tui_model(t, &m);
	*n = 0;
	if (t->slot[SLOT_REF].res == NULL || t->slot[SLOT_CUR].res == NULL ||
	    t->slot[SLOT_REF].have == NULL || t->slot[SLOT_CUR].have == NULL) {
		tui_say(t, "not yet: the results are being computed");
		return false;
	}
	opts[(*n)++] = (struct report_option){ m.ref_name,
	    t->slot[SLOT_REF].have, t->slot[SLOT_REF].res };
	opts[(*n)++] = (struct report_option){ "current",
	    t->slot[SLOT_CUR].have, t->slot[SLOT_CUR].res };
	for (size_t k = 0; k < t->ss->ncompare; k++) {
		const struct slot	*s = &t->slot[SLOT_CMP + k];

		if (strcmp(t->ss->compare[k], m.ref_name) == 0)
			continue;
		if (s->res == NULL || s->have == NULL) {
			tui_say(t, "not yet: '%s' is being computed",
			    t->ss->compare[k]);
			return false;
		}
		opts[(*n)++] = (struct report_option){ t->ss->compare[k],
		    s->have, s->res };
	}
	return true;
}

static void
do_export(struct tui *t, const char *path)
{
	struct slot		*s = &t->slot[SLOT_CUR];
	struct export_opts	 eo = { .format = FORMAT_CSV, .group_col = -1 };
	struct report_option	 opts[2 + SESSION_MAX_COMPARE];
	const char		*names[2 + SESSION_MAX_COMPARE];
	const struct results	*res[2 + SESSION_MAX_COMPARE];
	size_t			 n;
	char			*cause;

	if (s->res == NULL || s->have == NULL) {
		tui_say(t, "nothing to export yet: the results are being "
		    "computed");
		return;
	}
	/* Comparing: the reference, the current settings and each option,
	 * with an option column. */
	if (t->ss->ncompare > 0) {
		if (!shown_options(t, opts, &n))
			return;
		for (size_t i = 0; i < n; i++) {
			names[i] = opts[i].name;
			res[i] = opts[i].res;
		}
		eo.noptions = n;
		eo.option_names = names;
		eo.option_results = res;
	}
	if (export_file(path, &eo, t->sc, s->have, t->bl, s->res,
	    &cause) == -1) {
		tui_say(t, "export: %s", cause);
		free(cause);
	} else if (eo.noptions > 0)
		tui_say(t, "exported %zu options (an option column) to %s",
		    eo.noptions, path);
	else
		tui_say(t, "exported %zu areas x %zu years to %s%s",
		    s->res->nareas, s->res->nyears, path,
		    settings_equal(t->sc, s->have, t->ss->cur) ? "" :
		    " (the last good results)");
}

/* The report of what is on screen, computed already: nothing waits. */
static void
do_report(struct tui *t, const char *path)
{
	struct report_option	 opts[2 + SESSION_MAX_COMPARE];
	size_t			 n, len = strlen(path);
	char			*cause;

	if (!shown_options(t, opts, &n))
		return;
	if (report_write(path, &(struct report){ .format = len > 3 &&
	    strcmp(path + len - 3, ".md") == 0 ? REPORT_MARKDOWN :
	    REPORT_HTML, .sc = t->sc, .bl = t->bl, .opts = opts,
	    .nopts = n }, &cause) == -1) {
		tui_say(t, "report: %s", cause);
		free(cause);
	} else
		tui_say(t, "wrote the report of %zu options to %s", n, path);
}

static void
quit(struct tui *t)
{
	if (t->save_cause == NULL)
		t->quit = true;
	else
		ask(t, OVERLAY_CONFIRM, P_QUIT, NULL, "The session could not "
		    "be saved. Quit and lose it? (y/n)");
}

static void
set_focus_area(struct tui *t, size_t area)
{
	const char	*id = baseline_text(t->bl, area, t->bl->id_col);
	struct focus	*f = &t->ss->focus;

	if (id == NULL)
		return;
	if (f->kind == FOCUS_AREA && strcmp(f->value, id) == 0)
		session_set_focus(t->ss, FOCUS_ALL, NULL, NULL);
	else
		session_set_focus(t->ss, FOCUS_AREA, NULL, id);
	t->dirty = true;
}

/* A slider value as the screen shows it: "92.5%", "60 £m", "3". */
static void
shown_value(char *buf, size_t len, const struct lever *lv, double v)
{
	if (lv->percent)
		snprintf(buf, len, "%.10g%%", v * 100);
	else if (lv->unit[0] != '\0')
		snprintf(buf, len, "%.10g %s", v, lv->unit);
	else
		snprintf(buf, len, "%.10g", v);
}

/*
 * Read TEXT typed for slider LV as the screen shows it, with or without
 * the unit: "97", "97%" and "97 %" are 0.97 for a lever shown in percent.
 */
static bool
read_shown(const struct lever *lv, const char *text, double *v)
{
	char	 buf[256], *end;
	size_t	 n;

	snprintf(buf, sizeof buf, "%s", text + strspn(text, " \t"));
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\t'))
		buf[--n] = '\0';
	if (lv->percent && n > 0 && buf[n - 1] == '%')
		buf[--n] = '\0';
	else if (!lv->percent && lv->unit[0] != '\0' &&
	    n >= strlen(lv->unit) &&
	    strcmp(buf + n - strlen(lv->unit), lv->unit) == 0)
		buf[n -= strlen(lv->unit)] = '\0';
	while (n > 0 && buf[n - 1] == ' ')
		buf[--n] = '\0';
	if (n == 0)
		return false;
	*v = strtod(buf, &end);
	if (*end != '\0' || !isfinite(*v))
		return false;
	if (lv->percent)
		*v /= 100;
	return true;
}

/* The prompt's Enter. */
static void
answer(struct tui *t, const char *text)
{
	struct view_model	 m;
	char			*assign, *cause = NULL;
	struct settings		*next;
	size_t			 lever, part;

	t->v.overlay = OVERLAY_NONE;
	switch ((enum purpose)t->v.purpose) {
	case P_SAVE:
		if (text[0] == '\0')
			return;
		if (session_option(t->ss, text) >= 0) {
			ask(t, OVERLAY_CONFIRM, P_OVERWRITE, text, "Option '%s' "
			    "exists. Replace it with the current settings? "
			    "(y/n)", text);
			return;
		}
		if (!session_option_save(t->ss, text)) {
			tui_say(t, "not saved: a session holds at most %d "
			    "options; delete one (o, then d) first",
			    SESSION_MAX_OPTIONS);
			break;
		}
		tui_say(t, "saved as '%s'", text);
		t->dirty = true;
		break;
	case P_RENAME:
		if (text[0] == '\0' || session_option(t->ss, text) >= 0) {
			tui_say(t, "not renamed: %s", text[0] ? "that name is taken"
			    : "a name is needed");
			return;
		}
		session_option_rename(t->ss, t->v.list_sel, text);
		t->dirty = true;
		t->v.overlay = OVERLAY_OPTIONS;
		break;
	case P_REPORT:
		if (text[0] != '\0')
			do_report(t, text);
		break;
	case P_EXPORT:
		if (text[0] != '\0')
			do_export(t, text);
		break;
	case P_FIND:
		tui_model(t, &m);
		if (!view_find(&t->v, &m, text)) {
			tui_say(t, "no area matches '%s'", text);
			break;
		}
		t->v.pane = PANE_TABLE;
		if (t->ss->focus.kind == FOCUS_GROUP) {
			size_t	 n, *rows = focus_rows(t->bl,
			    &t->ss->focus, &n);
			bool	 in = false;

			for (size_t k = 0; k < n; k++)
				in = in || rows[k] == t->v.area_sel;
			free(rows);
			if (!in) {
				session_set_focus(t->ss, FOCUS_ALL, NULL, NULL);
				t->dirty = true;
			}
		}
		tui_say(t, "found %s (Enter focuses on it)",
		    baseline_text(t->bl, t->v.area_sel, t->bl->name_col));
		break;
	case P_LEVER_VALUE:
	case P_ASSUME_VALUE:
		if (text[0] == '\0')
			break;
		next = settings_copy(t->sc, t->ss->cur);
		if (t->v.purpose == P_ASSUME_VALUE)
			assign = xasprintf("%s=%s",
			    t->sc->assumptions[t->v.assume_sel].name, text);
		else if (view_lever(&t->v, &lever, &part) && part != SIZE_MAX) {
			double	d;
			char	*end;

			d = strtod(text, &end);
			end += strspn(end, " %");
			if (*end != '\0' || !isfinite(d) || settings_split(t->sc, next, lever,
			    part, d, NULL, &cause) == -1) {
				tui_say(t, "%s", cause ? cause : "type a percentage");
				free(cause);
				settings_free(next);
				break;
			}
			if (session_commit(t->ss, next))
				tui_changed(t);
			break;
		} else {
			const struct lever	*lv = &t->sc->levers[lever];
			char			 lo[64], hi[64];
			double			 d;

			if (!read_shown(lv, text, &d) || d < lv->min ||
			    d > lv->max) {
				shown_value(lo, sizeof lo, lv, lv->min);
				shown_value(hi, sizeof hi, lv, lv->max);
				tui_say(t, "%s: type a number from %s to %s, not "
				    "'%s'", lv->label, lo, hi, text);
				settings_free(next);
				break;
			}
			assign = xasprintf("%s=%.17g", lv->name, d);
		}
		if (settings_set(t->sc, next, assign, &cause) == -1) {
			tui_say(t, "%s", cause);
			free(cause);
			settings_free(next);
		} else if (session_commit(t->ss, next))
			tui_changed(t);
		free(assign);
		break;
	case P_PROPOSE:
		join_propose(t, text);
		break;
	case P_VOTE:
		if (text[0] != '\0')
			join_vote(t, text);
		break;
	case P_ASK:
		seat_ask(t, text);
		break;
	case P_GUESS:
		join_guess(t, text);
		break;
	case P_QUIT:
	case P_DELETE:
	case P_OVERWRITE:
	case P_PROPOSALS:
	case P_REVEAL:
		break;
	}
}

/* p: the participant proposes; the facilitator adopts a proposal. */
static void
proposals(struct tui *t)
{

	if (t->join != NULL) {
		if (join_following(t)) {
			tui_say(t, "move a lever first: a proposal is your "
			    "what-if");
			return;
		}
		ask(t, OVERLAY_PROMPT, P_PROPOSE, NULL, "Propose your what-if "
		    "to the room as:");
		return;
	}
	if (t->nprops == 0 && t->seat != NULL) {
		char	*who = seat_who(t);

		tui_say(t, "no proposals have come in; %s", who);
		free(who);
		return;
	}
	seat_proposals(t);
}

/* The question's y. */
static void
confirm(struct tui *t)
{
	t->v.overlay = OVERLAY_NONE;
	switch ((enum purpose)t->v.purpose) {
	case P_QUIT:
		t->quit = true;
		break;
	case P_DELETE:
		if (t->v.list_sel >= t->ss->nopts)
			break;
		tui_say(t, "deleted '%s'", t->ss->opts[t->v.list_sel].name);
		session_option_delete(t->ss, t->v.list_sel);
		if (t->v.list_sel > 0 && t->v.list_sel >= t->ss->nopts)
			t->v.list_sel--;
		t->v.overlay = OVERLAY_OPTIONS;
		tui_changed(t);
		break;
	case P_OVERWRITE:
		if (!session_option_save(t->ss, t->v.input)) {
			tui_say(t, "not saved: a session holds at most %d "
			    "options; delete one (o, then d) first",
			    SESSION_MAX_OPTIONS);
			break;
		}
		tui_say(t, "saved as '%s'", t->v.input);
		tui_changed(t);
		break;
	default:
		break;
	}
}

static void
edit_input(struct tui *t, int key)
{
	char	*in = t->v.input;
	size_t	 len = strlen(in);

	/* The suggestion goes as a whole at the first key that edits. */
	if (t->v.input_fresh && (key == TERM_KEY_BACKSPACE ||
	    (key >= 0x20 && key < 0x110000 && key != 0x7f)))
		in[len = 0] = '\0';
	t->v.input_fresh = false;
	if (key == TERM_KEY_BACKSPACE) {
		while (len > 0 && (in[len - 1] & 0xc0) == 0x80)
			len--;
		if (len > 0)
			len--;
		in[len] = '\0';
	} else if (key == CTRL('u'))
		in[0] = '\0';
	else if (key >= 0x20 && key < 0x110000 && key != 0x7f) {
		char		 mb[8];
		mbstate_t	 ps;
		size_t		 n;

		memset(&ps, 0, sizeof ps);
		n = wcrtomb(mb, (wchar_t)key, &ps);
		if (n != (size_t)-1 && len + n < sizeof t->v.input) {
			memcpy(in + len, mb, n);
			in[len + n] = '\0';
		}
	}
}

/* Keys while an overlay is open. */
static void
overlay_key(struct tui *t, const struct view_model *m, int key)
{
	struct view	*v = &t->v;
	enum action	 a = keys_lookup(key);
	size_t		 n = view_list_len(v, m);

	if (v->overlay == OVERLAY_PROMPT) {
		if (key == TERM_KEY_ENTER) {
			char	text[sizeof v->input];

			snprintf(text, sizeof text, "%s", v->input);
			answer(t, text);
		} else if (key == 0x1b || key == CTRL('c') || key == CTRL('g')) {
			v->overlay = (enum purpose)v->purpose == P_RENAME ?
			    OVERLAY_OPTIONS : OVERLAY_NONE;
		} else
			edit_input(t, key);
		return;
	}
	if (v->overlay == OVERLAY_CONFIRM) {
		if (key == 'y' || key == 'Y')
			confirm(t);
		else if (key == 'n' || key == 'N' || key == 0x1b ||
		    key == 'q') {
			v->overlay = (enum purpose)v->purpose == P_DELETE ?
			    OVERLAY_OPTIONS : OVERLAY_NONE;
		}
		return;
	}
	switch (a) {
	case ACT_UP:
		view_move(v, m, -1);
		return;
	case ACT_DOWN:
		view_move(v, m, 1);
		return;
	case ACT_PGUP:
		view_move(v, m, -10);
		return;
	case ACT_PGDN:
		view_move(v, m, 10);
		return;
	case ACT_HOME:
		view_move(v, m, -(long)n);
		return;
	case ACT_END:
		view_move(v, m, (long)n);
		return;
	case ACT_ESCAPE:
	case ACT_QUIT:
		v->overlay = OVERLAY_NONE;
		return;
	case ACT_HELP:
		if (v->overlay == OVERLAY_HELP)
			v->overlay = OVERLAY_NONE;
		return;
	default:
		break;
	}
	if (n == 0 || v->list_sel >= n)
		return;
	switch (v->overlay) {
	case OVERLAY_OPTIONS:
		if (key == TERM_KEY_ENTER) {
			if (session_option_load(t->ss, v->list_sel))
				tui_changed(t);
			t->dirty = true;
			tui_say(t, "loaded '%s' (u undoes)",
			    t->ss->opts[v->list_sel].name);
			v->overlay = OVERLAY_NONE;
		} else if (key == 'r')
			ask(t, OVERLAY_PROMPT, P_RENAME,
			    t->ss->opts[v->list_sel].name, "Rename '%s' to:",
			    t->ss->opts[v->list_sel].name);
		else if (key == 'd' || key == TERM_KEY_DELETE)
			ask(t, OVERLAY_CONFIRM, P_DELETE, NULL, "Delete option "
			    "'%s'? (y/n)", t->ss->opts[v->list_sel].name);
		break;
	case OVERLAY_COMPARE:
		if (key == ' ' || key == TERM_KEY_ENTER) {
			if (!session_compare_toggle(t->ss, v->list_sel))
				tui_say(t, "four options are compared already");
			tui_changed(t);
		} else if (key == 'x') {
			while (t->ss->ncompare > 0)
				session_compare_toggle(t->ss, (size_t)
				    session_option(t->ss, t->ss->compare[0]));
			tui_changed(t);
		}
		break;
	case OVERLAY_REFERENCE:
		if (key == ' ' || key == TERM_KEY_ENTER) {
			session_set_reference(t->ss, v->list_sel == 0 ? NULL :
			    t->ss->opts[v->list_sel - 1].name);
			tui_say(t, "changes are now measured against %s",
			    t->ss->reference != NULL ? t->ss->reference :
			    "the defaults");
			v->overlay = OVERLAY_NONE;
			tui_changed(t);
		}
		break;
	case OVERLAY_TABLE:
		if ((enum purpose)v->purpose != P_PROPOSALS || t->join != NULL)
			break;
		if (key == TERM_KEY_ENTER || key == 'a') {
			v->overlay = OVERLAY_NONE;
			if (key == 'a')
				seat_adopt(t, v->list_sel);
			else
				seat_compare(t, v->list_sel);
		}
		break;
	case OVERLAY_FOCUS:
		if (key == TERM_KEY_ENTER) {
			if (v->list_sel == 0)
				session_set_focus(t->ss, FOCUS_ALL, NULL, NULL);
			else {
				const struct view_group	*g =
				    &v->groups[v->list_sel - 1];

				session_set_focus(t->ss, FOCUS_GROUP,
				    t->bl->header[g->column], g->value);
			}
			t->dirty = true;
			v->overlay = OVERLAY_NONE;
		}
		break;
	default:
		break;
	}
}

static void
step_output(struct tui *t, const struct view_model *m, long d)
{
	long	n = (long)t->sc->noutputs, i = (long)view_output(m) + d;

	if (n == 0)
		return;
	i = (i % n + n) % n;
	session_set_output(t->ss, t->sc->outputs[i].name);
	t->dirty = true;
}

static void
step_year(struct tui *t, const struct view_model *m, long d)
{
	long	y = (long)view_year(m) + d;

	if (y < 0)
		y = 0;
	if (y >= t->sc->years)
		y = t->sc->years - 1;
	t->ss->year = y == t->sc->years - 1 ? -1 : (int)y;
	t->dirty = true;
}

static bool
on_left(const struct view *v)
{
	return v->pane == PANE_LEVERS || v->pane == PANE_ASSUMPTIONS;
}

/*
 * The attribution and the tornado hold every output and year: the keys
 * that choose them pass through either to the screen.
 */
static bool
overlay_passes(const struct view *v, enum action a)
{
	return (v->overlay == OVERLAY_ATTRIB || v->overlay == OVERLAY_TORNADO) &&
	    (a == ACT_NEXT_OUTPUT || a == ACT_PREV_OUTPUT ||
	    a == ACT_NEXT_YEAR || a == ACT_PREV_YEAR);
}

void
tui_key(struct tui *t, int k)
{
	struct view_model	 m;
	struct view		*v = &t->v;
	enum action		 a = keys_lookup(k);
	size_t			 lever, part;

	tui_model(t, &m);
	if (v->overlay != OVERLAY_NONE && !overlay_passes(v, a)) {
		overlay_key(t, &m, k);
		return;
	}
	switch (a) {
	case ACT_NONE:
		break;
	case ACT_QUIT:
		quit(t);
		break;
	case ACT_HELP:
		v->overlay = OVERLAY_HELP;
		v->list_sel = 0;
		break;
	case ACT_NEXT_PANE:
	case ACT_PREV_PANE:
		v->pane = (enum pane)((v->pane + (a == ACT_NEXT_PANE ? 1 :
		    PANE_COUNT - 1)) % PANE_COUNT);
		break;
	case ACT_LEVERS:
		v->pane = PANE_LEVERS;
		break;
	case ACT_ASSUMPTIONS:
		v->pane = PANE_ASSUMPTIONS;
		break;
	case ACT_UP:
	case ACT_DOWN:
		if (v->pane == PANE_CHART)
			step_output(t, &m, a == ACT_UP ? -1 : 1);
		else
			view_move(v, &m, a == ACT_UP ? -1 : 1);
		break;
	case ACT_LEFT:
	case ACT_RIGHT:
		if (on_left(v))
			adjust(t, a == ACT_LEFT ? -1 : 1, false);
		else
			step_year(t, &m, a == ACT_LEFT ? -1 : 1);
		break;
	case ACT_INC:
	case ACT_DEC:
		if (!on_left(v))
			v->pane = v->left_assumptions ? PANE_ASSUMPTIONS :
			    PANE_LEVERS;
		adjust(t, a == ACT_INC ? 1 : -1, false);
		break;
	case ACT_PGUP:
	case ACT_PGDN:
		if (on_left(v))
			adjust(t, a == ACT_PGUP ? 10 : -10, false);
		else
			view_move(v, &m, a == ACT_PGUP ? -10 : 10);
		break;
	case ACT_HOME:
	case ACT_END:
		view_move(v, &m, a == ACT_HOME ? -100000 : 100000);
		break;
	case ACT_RESET:
		if (!on_left(v))
			v->pane = v->left_assumptions ? PANE_ASSUMPTIONS :
			    PANE_LEVERS;
		adjust(t, 0, true);
		break;
	case ACT_UNDO:
		if (session_undo(t->ss)) {
			tui_say(t, "undone (%zu more to undo)", t->ss->nundo);
			tui_changed(t);
		} else
			tui_say(t, "nothing to undo");
		break;
	case ACT_REDO:
		if (session_redo(t->ss)) {
			tui_say(t, "redone (%zu more to redo)", t->ss->nredo);
			tui_changed(t);
		} else
			tui_say(t, "nothing to redo");
		break;
	case ACT_SAVE: {
		char	*name = t->ss->loaded != NULL ?
		    xstrdup(t->ss->loaded) : next_option_name(t->ss);

		ask(t, OVERLAY_PROMPT, P_SAVE, name, "Save the current "
		    "settings as option:");
		free(name);
		break;
	}
	case ACT_OPTIONS:
	case ACT_COMPARE:
	case ACT_REFERENCE:
		v->overlay = a == ACT_OPTIONS ? OVERLAY_OPTIONS :
		    a == ACT_COMPARE ? OVERLAY_COMPARE : OVERLAY_REFERENCE;
		v->list_sel = 0;
		break;
	case ACT_EXPORT: {
		const char	*slash = strrchr(t->script, '/');
		char		*base = xstrdup(slash ? slash + 1 : t->script);
		char		*dot = strrchr(base, '.'), *name;

		if (dot != NULL)
			*dot = '\0';
		name = xasprintf("%s-results.csv", base);
		ask(t, OVERLAY_PROMPT, P_EXPORT, name, "Export the results "
		    "(CSV) to file:");
		free(name);
		free(base);
		break;
	}
	case ACT_REPORT: {
		const char	*slash = strrchr(t->script, '/');
		char		*base = xstrdup(slash ? slash + 1 : t->script);
		char		*dot = strrchr(base, '.'), *name, day[16];
		time_t		 now = time(NULL);
		struct tm	 tm;

		if (dot != NULL)
			*dot = '\0';
		strftime(day, sizeof day, "%Y-%m-%d", gmtime_r(&now, &tm));
		name = xasprintf("%s-report-%s.html", base, day);
		ask(t, OVERLAY_PROMPT, P_REPORT, name, "Write the report "
		    "(.html, or .md for Markdown) to file:");
		free(name);
		free(base);
		break;
	}
	case ACT_BANDS:
		if (sample_uncertain(t->sc) == 0) {
			tui_say(t, "no bands: no assumption of this scenario "
			    "declares a distribution");
			break;
		}
		t->bands = !t->bands;
		tui_say(t, t->bands ? "bands on: sampling %d worlds" :
		    "bands off", TUI_SAMPLES);
		break;
	case ACT_ATTRIB:
		v->overlay = OVERLAY_ATTRIB;
		v->list_sel = 0;
		tui_attr_start(t);
		break;
	case ACT_TORNADO:
		if (sample_uncertain(t->sc) == 0) {
			tui_say(t, "no tornado: no assumption of this scenario "
			    "declares a distribution");
			break;
		}
		v->overlay = OVERLAY_TORNADO;
		v->list_sel = 0;
		tui_sens_start(t);
		break;
	case ACT_FIND:
		ask(t, OVERLAY_PROMPT, P_FIND, NULL, "Find area (name or "
		    "code):");
		break;
	case ACT_ENTER:
		if (v->pane == PANE_TABLE && v->area_sel != SIZE_MAX)
			set_focus_area(t, v->area_sel);
		else if (v->pane == PANE_CHART) {
			v->overlay = OVERLAY_FOCUS;
			v->list_sel = 0;
		} else if (v->pane == PANE_ASSUMPTIONS &&
		    t->sc->nassumptions > 0) {
			char	buf[40];

			fmt_double(buf, sizeof buf,
			    t->ss->cur->assumptions[v->assume_sel]);
			ask(t, OVERLAY_PROMPT, P_ASSUME_VALUE, buf, "%s =",
			    t->sc->assumptions[v->assume_sel].label);
		} else if (v->pane == PANE_LEVERS &&
		    view_lever(v, &lever, &part)) {
			const struct lever	*lv = &t->sc->levers[lever];
			char			 buf[40];

			if (lv->kind == LEVER_SLIDER) {
				char	lo[64], hi[64];

				shown_value(buf, sizeof buf, lv,
				    t->ss->cur->levers[lever].num);
				shown_value(lo, sizeof lo, lv, lv->min);
				shown_value(hi, sizeof hi, lv, lv->max);
				ask(t, OVERLAY_PROMPT, P_LEVER_VALUE, buf,
				    "%s (%s to %s) =", lv->label, lo, hi);
			} else if (part != SIZE_MAX) {
				snprintf(buf, sizeof buf, "%.4g",
				    t->ss->cur->levers[lever].parts[part]);
				ask(t, OVERLAY_PROMPT, P_LEVER_VALUE, buf,
				    "%s: %s (percent) =", lv->label,
				    lv->parts[part]);
			} else if (lv->kind == LEVER_TOGGLE)
				adjust(t, t->ss->cur->levers[lever].on ? -1 : 1,
				    false);
			else if (lv->kind == LEVER_CHOICE)
				adjust(t, t->ss->cur->levers[lever].choice + 1 <
				    lv->noptions ? 1 : -(long)lv->noptions,
				    false);
		}
		break;
	case ACT_FOCUS:
		v->overlay = OVERLAY_FOCUS;
		v->list_sel = 0;
		break;
	case ACT_NEXT_OUTPUT:
	case ACT_PREV_OUTPUT:
		step_output(t, &m, a == ACT_NEXT_OUTPUT ? 1 : -1);
		break;
	case ACT_NEXT_YEAR:
	case ACT_PREV_YEAR:
		step_year(t, &m, a == ACT_NEXT_YEAR ? 1 : -1);
		break;
	case ACT_SORT:
		v->sort = (enum sort_key)((v->sort + 1) % SORT_COUNT);
		break;
	case ACT_ESCAPE:
		v->hide_errors = true;
		break;
	case ACT_PROPOSALS:
		proposals(t);
		break;
	case ACT_ROOM:
		break;		/* join_key's */
	case ACT_VOTE:
		if (t->join != NULL) {
			char	*title = join_vote_title(t);

			if (title == NULL)
				tui_say(t, "the facilitator has saved no "
				    "options to vote for");
			else
				ask(t, OVERLAY_PROMPT, P_VOTE, NULL, "%s",
				    title);
			free(title);
		} else {
			char	*tally = seat_tally(t);

			tui_say(t, "%s", tally);
			free(tally);
		}
		break;
	case ACT_QUESTION:
		if (t->seat == NULL) {
			tui_say(t, "questions are asked of the participants of "
			    "lever serve");
			break;
		}
		{
			char	*title = seat_ask_title(t);

			ask(t, OVERLAY_PROMPT, P_ASK, NULL, "%s", title);
			free(title);
		}
		break;
	case ACT_REVEAL:
		seat_reveal(t);
		break;
	case ACT_REDRAW:
		term_redraw(t->term);
		break;
	}
}

/* Drawing */
