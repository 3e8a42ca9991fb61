/*
 * view-levers: the levers pane (slider bars, a split's stacked bar and its
 * parts, a choice's options, a toggle) and the assumptions pane.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "scenario.h"
#include "util.h"
#include "view.h"
#include "view-int.h"

/* Lever pane */

static void
slider_bar(struct cells *s, int x, int y, int w, double f, bool active)
{
	static const uint32_t eighths[] = { 0, 0x258f, 0x258e, 0x258d,
	    0x258c, 0x258b, 0x258a, 0x2589 };
	int	full, rest;

	if (w < 3)
		return;
	if (!(f >= 0))
		f = 0;
	if (f > 1)
		f = 1;
	if (!s->utf8) {
		cells_set(s, x, y, '[', ROLE_DIM);
		cells_set(s, x + w - 1, y, ']', ROLE_DIM);
		full = (int)lround(f * (w - 2));
		cells_fill(s, x + 1, y, full, 1, '#', ROLE_BAR);
		cells_fill(s, x + 1 + full, y, w - 2 - full, 1, '-', ROLE_DIM);
		return;
	}
	full = (int)(f * w * 8 + 0.5);
	rest = full % 8;
	full /= 8;
	cells_fill(s, x, y, full, 1, 0x2588, ROLE_BAR);
	cells_fill(s, x + full, y, w - full, 1, 0x2500, ROLE_DIM);
	if (rest > 0 && full < w)
		cells_set(s, x + full, y, eighths[rest], ROLE_BAR);
	(void)active;
}

/* Stacked bar of a split: each part a run of its initial, alternating. */
static void
split_bar(struct cells *s, int x, int y, int w, const struct lever *lv,
    const double *parts)
{
	double	acc = 0;
	int	at = 0;

	for (size_t j = 0; j < lv->nparts; j++) {
		int	end;

		acc += parts[j];
		end = (int)lround(acc / 100 * w);
		if (j == lv->nparts - 1)
			end = w;
		for (; at < end; at++)
			cells_set(s, x + at, y, (unsigned char)(lv->parts[j][0]),
			    j % 2 == 0 ? ROLE_BAR : ROLE_SELECTED);
	}
}

/* Cells the list of a choice's options takes, the chosen in brackets. */
static int
choice_width(const struct cells *s, const struct lever *lv)
{
	int	need = 1;

	for (size_t j = 0; j < lv->noptions; j++)
		need += cells_width(s, lv->options[j]) + 1;
	return need;
}

static void
choice_bar(struct cells *s, int x, int y, int w, const struct lever *lv,
    size_t chosen)
{
	int	at = 0;

	/* Every option, the chosen one in brackets; else "< 2/5 >". */
	if (choice_width(s, lv) > w) {
		char	pos[64];

		snprintf(pos, sizeof pos, "%s %zu/%zu %s", s->utf8 ?
		    "\xe2\x97\x80" : "<", chosen + 1, lv->noptions, s->utf8 ?
		    "\xe2\x96\xb6" : ">");
		if (cells_width(s, pos) <= w)	/* whole or not at all */
			cells_put(s, x, y, w, pos, ROLE_DIM);
		return;
	}
	for (size_t j = 0; j < lv->noptions; j++) {
		enum role	role = j == chosen ? ROLE_BAR : ROLE_DIM;

		if (j == chosen)
			at += cells_put(s, x + at, y, w - at, "[", role);
		at += cells_put(s, x + at, y, w - at, lv->options[j], role);
		if (j == chosen)
			at += cells_put(s, x + at, y, w - at, "]", role);
		at++;
	}
}

void
view_draw_levers(struct view *v, const struct view_model *m, struct cells *s,
    struct view_rect r)
{
	const struct scenario	*sc = m->sc;
	const struct settings	*st = m->ss->cur;
	bool			 active = v->pane == PANE_LEVERS;
	int			 iw = r.w - 2, rows = r.h - 2, labw, valw = 8;
	int			 barw = iw / 4;

	cells_box(s, r.x, r.y, r.w, r.h, "Levers",
	    active ? ROLE_BORDER_ACTIVE : ROLE_BORDER);
	v->lever_y0 = r.y + 1;
	if (rows <= 0)
		return;
	view_scroll_to(&v->lever_top, (int)v->lever_sel, rows);
	if (v->lever_sel == 1 && v->lever_top == 1)
		v->lever_top = 0;	/* keep the first heading in view */
	/*
	 * Values as wide as the widest (up to a third of the pane), labels
	 * as wide as the longest where the bar keeps 7 cells; the bar takes
	 * the rest. A label is cut only when there is no room.
	 */
	{
		int	maxlab = 0, maxval = 0;

		for (size_t k = 0; k < v->nitems; k++) {
			const struct view_item	*it = &v->items[k];
			const struct lever	*lv = &sc->levers[it->lever];
			char			*val;
			int			 w;

			if (it->kind == 0)
				continue;
			w = it->kind == 2 ? 4 + cells_width(s,
			    lv->parts[it->part]) : 2 + cells_width(s, lv->label);
			if (w > maxlab)
				maxlab = w;
			/* a choice's value may use its bar's room instead */
			if (it->kind == 1 && lv->kind != LEVER_SPLIT &&
			    lv->kind != LEVER_CHOICE) {
				val = settings_format(sc, st, it->lever);
				if (cells_width(s, val) > maxval)
					maxval = cells_width(s, val);
				free(val);
			}
		}
		valw = maxval + 1 > 6 ? maxval + 1 : 6;
		if (valw > iw / 3)
			valw = iw / 3;
		if (barw < 7)
			barw = iw < 40 ? 6 : 7;
		labw = iw - valw - 1 - barw;
		/* On a narrow pane a label that would be cut takes the bar's
		 * room first: the words matter more than the bar. */
		if (labw < maxlab + 1 && iw < 40)
			labw = iw - valw - 1 < maxlab + 1 ? iw - valw - 1 :
			    maxlab + 1;
		if (labw > maxlab + 1)
			labw = maxlab + 1;
	}
	for (int i = 0; i < rows; i++) {
		size_t			 k = (size_t)(v->lever_top + i);
		const struct view_item	*it;
		const struct lever	*lv;
		int			 y = r.y + 1 + i, x = r.x + 1, barx, vw;
		char			*val;

		if (k >= v->nitems)
			break;
		it = &v->items[k];
		if (it->kind == 0) {
			cells_put(s, x, y, iw, it->group, ROLE_HEADING);
			continue;
		}
		lv = &sc->levers[it->lever];
		/* A label keeps one cell of space before its value. */
		if (it->kind == 2) {
			cells_put(s, x + 4, y, labw - 5, lv->parts[it->part],
			    ROLE_NORMAL);
			val = xasprintf("%.4g%%",
			    st->levers[it->lever].parts[it->part]);
		} else {
			cells_put(s, x + 2, y, labw - 3, lv->label, ROLE_NORMAL);
			if (lv->kind == LEVER_SPLIT)
				val = xstrdup("100%");
			else
				val = settings_format(sc, st, it->lever);
		}
		/*
		 * Right-aligned in its column; a wider one (a choice's name)
		 * takes the bar's room, whose "< 1/3 >" then goes; cut only
		 * when even that is too narrow (in cells, not bytes).
		 */
		vw = cells_width(s, val);
		barx = x + labw + valw + 1;
		barw = iw - labw - valw - 1;
		if (it->kind == 1 && lv->kind == LEVER_CHOICE &&
		    choice_width(s, lv) <= iw - labw) {
			/* every option fits: the list alone, the chosen one
			 * in brackets, not the value and the list */
			choice_bar(s, x + labw, y, iw - labw, lv,
			    st->levers[it->lever].choice);
			barw = 0;
		} else if (vw > valw) {
			if (vw > iw - labw) {
				/* the value whole at the row's end; the label
				 * gives way to it */
				int	indent = it->kind == 2 ? 4 : 2;

				if (vw > iw - indent - 1)
					vw = iw - indent - 1;
				cells_fill(s, x + indent, y, iw - indent, 1, ' ',
				    ROLE_NORMAL);
				cells_put(s, x + indent, y, iw - indent - vw - 1,
				    it->kind == 2 ? lv->parts[it->part] :
				    lv->label, ROLE_NORMAL);
				cells_put(s, x + iw - vw, y, vw, val,
				    ROLE_NORMAL);
				barw = 0;
			} else
				cells_put(s, x + labw, y, vw, val, ROLE_NORMAL);
			barx = x + labw + vw + 1;
			barw = iw - labw - vw - 1;
		} else
			cells_put(s, x + labw + valw - vw, y, vw, val,
			    ROLE_NORMAL);
		free(val);
		if (barw >= 4) {
			const struct lever_value *lvv = &st->levers[it->lever];

			if (it->kind == 2)
				slider_bar(s, barx, y, barw,
				    lvv->parts[it->part] / 100, active);
			else if (lv->kind == LEVER_SLIDER)
				slider_bar(s, barx, y, barw, lv->max > lv->min ?
				    (lvv->num - lv->min) / (lv->max - lv->min) :
				    0, active);
			else if (lv->kind == LEVER_SPLIT)
				split_bar(s, barx, y, barw, lv, lvv->parts);
			else if (lv->kind == LEVER_CHOICE)
				choice_bar(s, barx, y, barw, lv, lvv->choice);
			else
				cells_put(s, barx, y, barw, lvv->on ? "[x]" :
				    "[ ]", lvv->on ? ROLE_BAR : ROLE_DIM);
		}
		if (k == v->lever_sel) {
			if (active)
				cells_paint(s, x, y, labw + valw, ROLE_SELECTED);
			cells_set(s, x, y, s->utf8 ? 0x25b8 : '>',
			    active ? ROLE_SELECTED : ROLE_HEADING);
		}
	}
}

/* Assumptions pane */

void
view_draw_assumptions(struct view *v, const struct view_model *m, struct cells *s,
    struct view_rect r)
{
	const struct scenario	*sc = m->sc;
	bool			 active = v->pane == PANE_ASSUMPTIONS;
	int			 iw = r.w - 2, rows = r.h - 2, valw = 6;
	int			 unitw = 1, srcw = iw >= 100 ? iw / 3 : 0;
	int			 labw, maxlab = 0;

	/* Columns as wide as their widest entry, the label taking the rest. */
	for (size_t k = 0; k < sc->nassumptions; k++) {
		const struct assumption	*a = &sc->assumptions[k];
		char			 num[40];

		fmt_double(num, sizeof num, m->ss->cur->assumptions[k]);
		valw = cells_width(s, num) + 1 > valw ? cells_width(s, num) + 1 :
		    valw;
		unitw = cells_width(s, a->unit) > unitw ? cells_width(s,
		    a->unit) : unitw;
		maxlab = cells_width(s, a->label[0] ? a->label : a->name) >
		    maxlab ? cells_width(s, a->label[0] ? a->label : a->name) :
		    maxlab;
	}
	if (valw > 12)
		valw = 12;
	if (unitw > iw / 5)
		unitw = iw / 5;
	labw = iw - 1 - valw - 1 - unitw - srcw;
	if (srcw > 0 && labw > maxlab + 2) {
		srcw += labw - maxlab - 2;
		labw = maxlab + 2;
	}
	cells_box(s, r.x, r.y, r.w, r.h, "Assumptions",
	    active ? ROLE_BORDER_ACTIVE : ROLE_BORDER);
	v->assume_y0 = r.y + 1;
	if (rows <= 0)
		return;
	view_scroll_to(&v->assume_top, (int)v->assume_sel, rows);
	for (int i = 0; i < rows; i++) {
		size_t			 k = (size_t)(v->assume_top + i);
		const struct assumption	*a;
		int			 y = r.y + 1 + i, x = r.x + 1, nw;
		char			 num[40];
		bool			 changed;

		if (k >= sc->nassumptions)
			break;
		a = &sc->assumptions[k];
		changed = m->ss->cur->assumptions[k] != a->value;
		num[0] = changed ? '*' : ' ';
		fmt_double(num + 1, sizeof num - 1,
		    m->ss->cur->assumptions[k]);
		cells_put(s, x + 1, y, labw - 1,
		    a->label[0] ? a->label : a->name, ROLE_NORMAL);
		nw = cells_width(s, num);
		if (nw > valw)
			nw = valw;
		cells_put(s, x + labw + valw - nw, y, nw, num,
		    changed ? ROLE_HEADING : ROLE_NORMAL);
		cells_put(s, x + labw + valw + 1, y, unitw, a->unit, ROLE_DIM);
		if (srcw > 0)
			cells_put(s, x + labw + valw + 2 + unitw, y, srcw - 1,
			    a->source, ROLE_DIM);
		if (k == v->assume_sel) {
			if (active)
				cells_paint(s, x, y, labw + valw, ROLE_SELECTED);
			cells_set(s, x, y, s->utf8 ? 0x25b8 : '>',
			    active ? ROLE_SELECTED : ROLE_HEADING);
		}
	}
}
