/*
 * view: the workshop screen, drawn into cells.
 *
 *	 title bar: scenario, output and year, "computing..."
 *	+-Levers---------++-Chart: output, focus-----------------+
 *	| group          ||  value axis, ten years, legend       |
 *	|  label value ##|+-Areas: output, year, sort------------+
 *	|  ...           ||  area  value  change  compared...    |
 *	+----------------++--------------------------------------+
 *	 help line: what the selected thing is
 *	 status line: focus, option, messages, key hints
 *
 * Assumptions share the left column with the levers: stacked below them on
 * tall screens, in their place (Tab) on short ones. Overlays (help, option
 * lists, prompts) and the error panel are drawn last, on top.
 *
 * This file lays the panes out and handles keys and clicks; each pane is
 * drawn in a file of its own: view-levers.c (levers and assumptions),
 * view-chart.c, view-table.c, view-overlay.c (lists, prompts, errors).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "baseline.h"
#include "focus.h"
#include "scenario.h"
#include "util.h"
#include "view.h"
#include "view-int.h"

void
view_init(struct view *v)
{
	memset(v, 0, sizeof *v);
	v->area_sel = SIZE_MAX;
}

void
view_free(struct view *v)
{
	free(v->items);
	free(v->groups);
	free(v->rows);
	memset(v, 0, sizeof *v);
}

static void
add_item(struct view *v, int kind, size_t lever, size_t part,
    const char *group)
{
	v->items = xreallocarray(v->items, v->nitems + 1, sizeof *v->items);
	v->items[v->nitems++] = (struct view_item){ kind, lever, part, group };
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void
view_bind(struct view *v, const struct scenario *sc, const struct baseline *bl)
{
	bool	*done = xcalloc(sc->nlevers + 1, sizeof *done);

	free(v->items);
	v->items = NULL;
	v->nitems = 0;
	/* Levers grouped in the order their groups first appear. */
	for (size_t i = 0; i < sc->nlevers; i++) {
		const char	*g = sc->levers[i].group;

		if (done[i])
			continue;
		add_item(v, 0, i, SIZE_MAX, g[0] != '\0' ? g : "Levers");
		for (size_t j = i; j < sc->nlevers; j++) {
			if (done[j] || strcmp(sc->levers[j].group, g) != 0)
				continue;
			done[j] = true;
			add_item(v, 1, j, SIZE_MAX, g);
			if (sc->levers[j].kind == LEVER_SPLIT)
				for (size_t k = 0; k < sc->levers[j].nparts; k++)
					add_item(v, 2, j, k, g);
		}
	}
	free(done);
	if (v->lever_sel >= v->nitems || (v->nitems > 0 &&
	    v->items[v->lever_sel].kind == 0))
		v->lever_sel = v->nitems > 1 ? 1 : 0;
	if (v->assume_sel >= sc->nassumptions)
		v->assume_sel = 0;

	/* Text columns with a few distinct values: groups to focus on. */
	free(v->groups);
	v->groups = NULL;
	v->ngroups = 0;
	for (size_t c = 0; c < bl->ncols; c++) {
		const char	**vals;
		size_t		  n = 0, distinct = 0;

		if (c == bl->id_col || c == bl->name_col ||
		    bl->type[c] != COL_TEXT || focus_name_column(bl, c) >= 0)
			continue;
		vals = xcalloc(bl->nrows + 1, sizeof *vals);
		for (size_t r = 0; r < bl->nrows; r++)
			if (baseline_text(bl, r, c) != NULL)
				vals[n++] = baseline_text(bl, r, c);
		qsort(vals, n, sizeof *vals, cmp_str);
		for (size_t i = 0; i < n; i++)
			if (i == 0 || strcmp(vals[i], vals[i - 1]) != 0)
				distinct++;
		if (distinct >= 2 && distinct <= 40 && distinct < n) {
			for (size_t i = 0; i < n; i++) {
				if (i > 0 && strcmp(vals[i], vals[i - 1]) == 0) {
					v->groups[v->ngroups - 1].count++;
					continue;
				}
				v->groups = xreallocarray(v->groups,
				    v->ngroups + 1, sizeof *v->groups);
				v->groups[v->ngroups++] =
				    (struct view_group){ c, vals[i], 1 };
			}
		}
		free(vals);
	}
	if (v->area_sel != SIZE_MAX && v->area_sel >= bl->nrows)
		v->area_sel = SIZE_MAX;
}

size_t
view_output(const struct view_model *m)
{
	long	i = m->ss->output ? scenario_output(m->sc, m->ss->output) : -1;

	return i >= 0 ? (size_t)i : 0;
}

size_t
view_year(const struct view_model *m)
{
	size_t	n = (size_t)m->sc->years;

	if (m->ss->year < 0 || (size_t)m->ss->year >= n)
		return n > 0 ? n - 1 : 0;
	return (size_t)m->ss->year;
}

/* Title, help and status lines */

static void
draw_lines(struct view *v, const struct view_model *m, struct cells *s)
{
	const struct scenario	*sc = m->sc;
	const struct session	*ss = m->ss;
	char			*fname, *opt, *text = NULL, buf[64];
	int			 at, y = s->h - 2;
	size_t			 lever, part;

	cells_fill(s, 0, 0, s->w, 1, ' ', ROLE_TITLE);
	at = cells_printf(s, 1, 0, s->w - 2, ROLE_TITLE, "lever: %s",
	    sc->title);
	if (m->computing)
		cells_put(s, s->w - 14, 0, 13, "computing...", ROLE_BUSY);
	else if (m->errors->n > 0)
		cells_put(s, s->w - 15, 0, 14, "script problem", ROLE_ERROR);
	/* Another screen owns the session: this one saves nothing. */
	if (ss->readonly)
		cells_printf(s, at + 3, 0, s->w - at - 20, ROLE_ERROR,
		    " READ-ONLY, nothing here is saved: the session is held "
		    "by %s ", ss->holder != NULL ? ss->holder :
		    "another screen");

	/* Help line: what the selected thing is. */
	if (v->pane == PANE_LEVERS && view_lever(v, &lever, &part)) {
		const struct lever	*lv = &sc->levers[lever];

		if (lv->description[0] != '\0')
			text = xasprintf("%s: %s", lv->label, lv->description);
		else if (lv->kind == LEVER_SLIDER && lv->percent)
			text = xasprintf("%s: %g%% to %g%% in steps of %g%%",
			    lv->label, lv->min * 100, lv->max * 100,
			    lv->step * 100);
		else if (lv->kind == LEVER_SLIDER)
			text = xasprintf("%s: %g to %g %s in steps of %g",
			    lv->label, lv->min, lv->max, lv->unit, lv->step);
		else
			text = xasprintf("%s", lv->label);
	} else if (v->pane == PANE_ASSUMPTIONS && sc->nassumptions > 0) {
		const struct assumption	*a = &sc->assumptions[v->assume_sel];

		fmt_double(buf, sizeof buf, a->value);
		text = xasprintf("%s (default %s%s%s). Source: %s%s%s",
		    a->name, buf, a->unit[0] ? " " : "", a->unit, a->source,
		    a->description[0] ? ". " : "", a->description);
	} else if (v->pane == PANE_CHART) {
		const struct output	*o = &sc->outputs[view_output(m)];

		text = xasprintf("%s%s%s  [ ] output  < > year  f focus",
		    o->label, o->description[0] ? ": " : "", o->description);
	} else if (v->pane == PANE_TABLE)
		text = xstrdup("Enter: focus on this area  /: find an area  "
		    "S: sort  < >: year  [ ]: output");
	if (text != NULL) {
		cells_put(s, 1, y, s->w - 2, text, ROLE_DIM);
		free(text);
	}

	/* Status line. */
	y = s->h - 1;
	cells_fill(s, 0, y, s->w, 1, ' ', ROLE_STATUS);
	fname = focus_name(m->bl, &ss->focus);
	opt = ss->loaded != NULL ? xasprintf("%s%s", ss->loaded,
	    session_modified(ss) ? " (modified)" : "") :
	    xstrdup(session_modified(ss) ? "unsaved" : "defaults");
	at = 1 + cells_printf(s, 1, y, s->w - 2, ROLE_STATUS,
	    "%s | option: %s", fname, opt);
	free(fname);
	free(opt);
	if (m->message != NULL && m->message[0] != '\0')
		at += cells_printf(s, at, y, s->w - at - 1, ROLE_STATUS,
		    " | %s", m->message);
	if (at < s->w - 16)
		cells_put(s, s->w - 15, y, 14, " ?:keys q:quit", ROLE_KEY);
}

void
view_render(struct view *v, const struct view_model *m, struct cells *s)
{
	int			 W = s->w, H = s->h, lw, bh, ch;
	struct view_rect	 r;

	cells_clear(s);
	memset(v->rect, 0, sizeof v->rect);
	if (W < VIEW_MIN_W || H < VIEW_MIN_H) {
		cells_printf(s, 0, 0, W, ROLE_ERROR, "Terminal too small: %dx%d",
		    W, H);
		cells_printf(s, 0, 1, W, ROLE_NORMAL, "lever needs %dx%d.",
		    VIEW_MIN_W, VIEW_MIN_H);
		cells_put(s, 0, 2, W, "Enlarge the window; q quits.",
		    ROLE_NORMAL);
		return;
	}
	bh = H - 3;
	lw = W * 2 / 5;
	if (lw < 28)
		lw = 28;
	/* wide screens give the levers and assumptions room for their
	 * labels, up to a third of the width */
	if (lw > (W >= 180 ? W / 3 : 60))
		lw = W >= 180 ? W / 3 : 60;
	if (v->pane == PANE_LEVERS)
		v->left_assumptions = false;
	else if (v->pane == PANE_ASSUMPTIONS)
		v->left_assumptions = true;
	if (H >= 40 && m->sc->nassumptions > 0) {
		int	lh = (int)v->nitems + 2;

		if (lh > bh * 3 / 5)
			lh = bh * 3 / 5;
		v->rect[PANE_LEVERS] = (struct view_rect){ 0, 1, lw, lh };
		v->rect[PANE_ASSUMPTIONS] =
		    (struct view_rect){ 0, 1 + lh, lw, bh - lh };
	} else if (v->left_assumptions)
		v->rect[PANE_ASSUMPTIONS] = (struct view_rect){ 0, 1, lw, bh };
	else
		v->rect[PANE_LEVERS] = (struct view_rect){ 0, 1, lw, bh };
	ch = bh * 11 / 20;
	if (ch < 7)
		ch = 7;
	v->rect[PANE_CHART] = (struct view_rect){ lw, 1, W - lw, ch };
	v->rect[PANE_TABLE] = (struct view_rect){ lw, 1 + ch, W - lw, bh - ch };

	if (v->rect[PANE_LEVERS].w > 0)
		view_draw_levers(v, m, s, v->rect[PANE_LEVERS]);
	if (v->rect[PANE_ASSUMPTIONS].w > 0)
		view_draw_assumptions(v, m, s, v->rect[PANE_ASSUMPTIONS]);
	if (m->sc->noutputs > 0) {
		view_draw_chart(v, m, s, v->rect[PANE_CHART]);
		view_draw_table(v, m, s, v->rect[PANE_TABLE]);
	}
	draw_lines(v, m, s);
	if (m->errors->n > 0 && !v->hide_errors) {
		r = v->rect[PANE_TABLE];
		view_draw_errors(m, s, r);
	}
	if (v->overlay != OVERLAY_NONE)
		view_draw_overlay(v, m, s);
}

/* Keys and clicks */

bool
view_lever(const struct view *v, size_t *lever, size_t *part)
{
	const struct view_item	*it;

	if (v->lever_sel >= v->nitems)
		return false;
	it = &v->items[v->lever_sel];
	if (it->kind == 0)
		return false;
	*lever = it->lever;
	*part = it->kind == 2 ? it->part : SIZE_MAX;
	return true;
}

void
view_scroll_to(int *top, int sel, int rows)
{
	if (sel < *top)
		*top = sel;
	if (sel >= *top + rows)
		*top = sel - rows + 1;
}

static size_t
clamp_move(size_t at, long delta, size_t n)
{
	long	to = (long)at + delta;

	if (n == 0)
		return 0;
	if (to < 0)
		to = 0;
	if (to >= (long)n)
		to = (long)n - 1;
	return (size_t)to;
}

void
view_move(struct view *v, const struct view_model *m, long delta)
{
	/* A prompt or question acts on the list entry it was asked about. */
	if (v->overlay == OVERLAY_PROMPT || v->overlay == OVERLAY_CONFIRM)
		return;
	if (v->overlay != OVERLAY_NONE) {
		v->list_sel = clamp_move(v->list_sel, delta,
		    view_list_len(v, m));
		return;
	}
	switch (v->pane) {
	case PANE_LEVERS: {
		long	to = (long)v->lever_sel, step = delta < 0 ? -1 : 1;

		for (long moved = 0; moved != delta;) {
			long	next = to + step;

			while (next >= 0 && next < (long)v->nitems &&
			    v->items[next].kind == 0)
				next += step;
			if (next < 0 || next >= (long)v->nitems)
				break;
			to = next;
			moved += step;
		}
		v->lever_sel = (size_t)to;
		break;
	}
	case PANE_ASSUMPTIONS:
		v->assume_sel = clamp_move(v->assume_sel, delta,
		    m->sc->nassumptions);
		break;
	case PANE_TABLE: {
		size_t	pos = 0;

		if (v->nrows == 0)
			break;
		for (size_t k = 0; k < v->nrows; k++)
			if (v->rows[k] == v->area_sel)
				pos = k;
		if (v->area_sel == SIZE_MAX)
			delta = 0;
		v->area_sel = v->rows[clamp_move(pos, delta, v->nrows)];
		break;
	}
	case PANE_CHART:
	case PANE_COUNT:
		break;
	}
}

static bool
inside(struct view_rect r, int x, int y)
{
	return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

bool
view_click(struct view *v, const struct view_model *m, int x, int y)
{
	if (v->overlay == OVERLAY_PROMPT || v->overlay == OVERLAY_CONFIRM)
		return false;
	if (v->overlay != OVERLAY_NONE) {
		if (!inside(v->list, x, y))
			return false;
		v->list_sel = clamp_move((size_t)v->list_top,
		    y - v->list.y, view_list_len(v, m));
		return true;
	}
	for (int p = 0; p < PANE_COUNT; p++) {
		struct view_rect	r = v->rect[p];
		long			k;

		if (r.w == 0 || !inside(r, x, y))
			continue;
		v->pane = (enum pane)p;
		switch (p) {
		case PANE_LEVERS:
			k = v->lever_top + (y - v->lever_y0);
			if (y >= v->lever_y0 && k < (long)v->nitems &&
			    v->items[k].kind != 0)
				v->lever_sel = (size_t)k;
			break;
		case PANE_ASSUMPTIONS:
			k = v->assume_top + (y - v->assume_y0);
			if (y >= v->assume_y0 && k < (long)m->sc->nassumptions)
				v->assume_sel = (size_t)k;
			break;
		case PANE_TABLE:
			k = v->table_top + (y - v->table_y0);
			if (y >= v->table_y0 && k < (long)v->nrows)
				v->area_sel = v->rows[k];
			break;
		}
		return true;
	}
	return false;
}

static bool
contains(const char *hay, const char *needle)
{
	size_t	n = strlen(needle);

	if (hay == NULL)
		return false;
	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

bool
view_find(struct view *v, const struct view_model *m, const char *text)
{
	const struct baseline	*bl = m->bl;
	size_t			 n = bl->nrows, start;

	if (text[0] == '\0' || n == 0)
		return false;
	start = v->area_sel == SIZE_MAX ? 0 : v->area_sel + 1;
	/* An exact id first, then names and ids holding the text. */
	for (size_t i = 0; i < n; i++) {
		const char	*id = baseline_text(bl, i, bl->id_col);

		if (id != NULL && strcasecmp(id, text) == 0) {
			v->area_sel = i;
			return true;
		}
	}
	for (size_t k = 0; k < n; k++) {
		size_t	i = (start + k) % n;

		if (contains(baseline_text(bl, i, bl->name_col), text) ||
		    contains(baseline_text(bl, i, bl->id_col), text)) {
			v->area_sel = i;
			return true;
		}
	}
	return false;
}
