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
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "baseline.h"
#include "chart.h"
#include "results.h"
#include "scenario.h"
#include "util.h"
#include "view.h"

static const char *const sort_names[SORT_COUNT] = {
	"biggest gain first", "biggest loss first", "highest value first",
	"by name"
};

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

static long	name_column(const struct baseline *, size_t);

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
		    bl->type[c] != COL_TEXT || name_column(bl, c) >= 0)
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

static long
find_area(const struct baseline *bl, const char *id)
{
	for (size_t r = 0; r < bl->nrows; r++) {
		const char	*t = baseline_text(bl, r, bl->id_col);

		if (t != NULL && strcmp(t, id) == 0)
			return (long)r;
	}
	return -1;
}

size_t *
view_focus_rows(const struct baseline *bl, const struct focus *f, size_t *n)
{
	size_t	*rows;
	long	 c, r;

	*n = 0;
	switch (f->kind) {
	case FOCUS_ALL:
		*n = bl->nrows;
		return NULL;
	case FOCUS_AREA:
		rows = xcalloc(1, sizeof *rows);
		if ((r = find_area(bl, f->value)) >= 0)
			rows[(*n)++] = (size_t)r;
		return rows;
	case FOCUS_GROUP:
		break;
	}
	rows = xcalloc(bl->nrows + 1, sizeof *rows);
	if ((c = baseline_column(bl, f->column)) >= 0)
		for (size_t i = 0; i < bl->nrows; i++) {
			const char	*t = baseline_text(bl, i, (size_t)c);

			if (t != NULL && strcmp(t, f->value) == 0)
				rows[(*n)++] = i;
		}
	return rows;
}

/*
 * The column a code column COL is named by: "county_code" by
 * "county_name", when the baseline has both; else -1.
 */
static long
name_column(const struct baseline *bl, size_t col)
{
	const char	*h = bl->header[col];
	size_t		 n = strlen(h);
	char		*want;
	long		 c;

	if (n < 6 || strcmp(h + n - 5, "_code") != 0)
		return -1;
	want = xasprintf("%.*s_name", (int)(n - 5), h);
	c = baseline_column(bl, want);
	free(want);
	return c;
}

/*
 * A name for VALUE of group column COLUMN: from the paired name column, or
 * the name of the area whose id it is (an upper tier's own row); else the
 * value itself.
 */
static const char *
group_value_name(const struct baseline *bl, const char *column,
    const char *value)
{
	long		 c = baseline_column(bl, column), nc, r;
	const char	*t;

	if (c >= 0 && (nc = name_column(bl, (size_t)c)) >= 0)
		for (size_t i = 0; i < bl->nrows; i++) {
			t = baseline_text(bl, i, (size_t)c);
			if (t != NULL && strcmp(t, value) == 0) {
				t = baseline_text(bl, i, (size_t)nc);
				return t != NULL ? t : value;
			}
		}
	if ((r = find_area(bl, value)) >= 0 &&
	    (t = baseline_text(bl, (size_t)r, bl->name_col)) != NULL)
		return t;
	return value;
}

/* A column's name for people: "county_code" is "county". */
static char *
group_column_name(const char *column)
{
	size_t	n = strlen(column);

	if (n > 5 && strcmp(column + n - 5, "_code") == 0)
		return xasprintf("%.*s", (int)(n - 5), column);
	return xstrdup(column);
}

char *
view_focus_name(const struct baseline *bl, const struct focus *f)
{
	long		 r;
	const char	*name;

	switch (f->kind) {
	case FOCUS_ALL:
		break;
	case FOCUS_GROUP: {
		char	*col = group_column_name(f->column), *text;

		text = xasprintf("%s: %s", col, group_value_name(bl, f->column,
		    f->value));
		free(col);
		return text;
	}
	case FOCUS_AREA:
		if ((r = find_area(bl, f->value)) < 0)
			return xasprintf("%s (not in the baseline)", f->value);
		name = baseline_text(bl, (size_t)r, bl->name_col);
		return xstrdup(name != NULL ? name : f->value);
	}
	return xstrdup("All areas");
}

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

static void
choice_bar(struct cells *s, int x, int y, int w, const struct lever *lv,
    size_t chosen)
{
	int	need = 0, at = 0;

	/* Every option, the chosen one in brackets; else "< 2/5 >". */
	for (size_t j = 0; j < lv->noptions; j++)
		need += cells_width(s, lv->options[j]) + 1;
	if (need + 1 > w) {
		cells_printf(s, x, y, w, ROLE_DIM, "%s %zu/%zu %s",
		    s->utf8 ? "\xe2\x97\x80" : "<", chosen + 1, lv->noptions,
		    s->utf8 ? "\xe2\x96\xb6" : ">");
		return;
	}
	for (size_t j = 0; j < lv->noptions; j++) {
		enum role	role = j == chosen ? ROLE_BAR : ROLE_DIM;

		if (j == chosen)
			at += cells_put(s, x + at, y, w - at, "[", role);
		at += cells_put(s, x + at, y, w - at, lv->options[j], role);
		if (j == chosen)
			at += cells_put(s, x + at, y, w - at, "]", role);
		else
			at++;
	}
}

static void
draw_levers(struct view *v, const struct view_model *m, struct cells *s,
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
	if ((int)v->lever_sel < v->lever_top)
		v->lever_top = (int)v->lever_sel;
	if ((int)v->lever_sel >= v->lever_top + rows)
		v->lever_top = (int)v->lever_sel - rows + 1;
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
			if (it->kind == 1 && lv->kind != LEVER_SPLIT) {
				val = settings_format(sc, st, it->lever);
				if (cells_width(s, val) > maxval)
					maxval = cells_width(s, val);
				free(val);
			}
		}
		valw = maxval > valw ? maxval : valw;
		if (valw > iw / 3)
			valw = iw / 3;
		if (barw < 7)
			barw = 7;
		labw = iw - valw - 1 - barw;
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
		if (it->kind == 2) {
			cells_put(s, x + 4, y, labw - 4, lv->parts[it->part],
			    ROLE_NORMAL);
			val = xasprintf("%.4g%%",
			    st->levers[it->lever].parts[it->part]);
		} else {
			cells_put(s, x + 2, y, labw - 2, lv->label, ROLE_NORMAL);
			if (lv->kind == LEVER_SPLIT)
				val = xstrdup("100%");
			else
				val = settings_format(sc, st, it->lever);
		}
		/* Right-aligned; too wide (in cells, not bytes): cut. */
		vw = cells_width(s, val);
		if (vw > valw)
			vw = valw;
		cells_put(s, x + labw + valw - vw, y, vw, val, ROLE_NORMAL);
		free(val);
		barx = x + labw + valw + 1;
		barw = iw - labw - valw - 1;
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

static void
draw_assumptions(struct view *v, const struct view_model *m, struct cells *s,
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
	if ((int)v->assume_sel < v->assume_top)
		v->assume_top = (int)v->assume_sel;
	if ((int)v->assume_sel >= v->assume_top + rows)
		v->assume_top = (int)v->assume_sel - rows + 1;
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

/* Chart pane */

/* +1 when higher is better for output O, -1 when lower is, 0 for neither. */
static int
direction(const struct output *o)
{
	return o->better == BETTER_LOWER ? -1 : o->better == BETTER_NEITHER ?
	    0 : 1;
}

/* The role of a change D of output O against a tolerance TOL. */
static enum role
change_role(const struct output *o, double d, double tol)
{
	double	g = direction(o) == 0 ? 0 : direction(o) * d;

	return g > tol ? ROLE_GAIN : g < -tol ? ROLE_LOSS : ROLE_DIM;
}


static double *
series(const struct view_model *m, const struct results *res,
    const size_t *rows, size_t nrows, size_t out)
{
	double	*y = xcalloc(res->nyears + 1, sizeof *y);

	for (size_t t = 0; t < res->nyears; t++)
		y[t] = results_total(res, m->sc, m->bl, rows, nrows, out, t);
	return y;
}

static bool
fits(const struct view_model *m, const struct results *r)
{
	return r != NULL && r->nareas == m->bl->nrows &&
	    r->nyears == (size_t)m->sc->years &&
	    r->noutputs == m->sc->noutputs;
}

static void
draw_chart(struct view *v, const struct view_model *m, struct cells *s,
    struct view_rect r)
{
	const struct scenario	*sc = m->sc;
	size_t			 out = view_output(m), year = view_year(m);
	const struct output	*o = &sc->outputs[out];
	struct chart_series	 ser[2 + SESSION_MAX_COMPARE];
	double			*ys[2 + SESSION_MAX_COMPARE] = { 0 };
	const char		*names[2 + SESSION_MAX_COMPARE];
	size_t			 nser = 0, nrows, *rows;
	char			*title, *fname, a[48], b[48];
	int			 iw = r.w - 2, x = r.x + 1, lx;
	static const char	 markers[] = "*o2345";

	fname = view_focus_name(m->bl, &m->ss->focus);
	title = xasprintf("%s%s%s%s - %s - vs %s", o->label[0] ? o->label :
	    o->name, o->unit[0] ? " (" : "", o->unit, o->unit[0] ? ")" : "",
	    fname, m->ref_name);
	cells_box(s, r.x, r.y, r.w, r.h, title, v->pane == PANE_CHART ?
	    ROLE_BORDER_ACTIVE : ROLE_BORDER);
	free(title);
	free(fname);
	if (r.h < 5)
		return;
	rows = view_focus_rows(m->bl, &m->ss->focus, &nrows);
	/* Current settings, the reference, then the compared options. */
	ys[nser] = fits(m, m->res) ? series(m, m->res, rows, nrows, out) :
	    NULL;
	names[nser++] = "current";
	ys[nser] = fits(m, m->ref) ? series(m, m->ref, rows, nrows, out) :
	    NULL;
	names[nser++] = m->ref_name;
	for (size_t k = 0; k < m->ss->ncompare; k++) {
		if (strcmp(m->ss->compare[k], m->ref_name) == 0)
			continue;
		ys[nser] = fits(m, m->cmp[k]) ? series(m, m->cmp[k], rows,
		    nrows, out) : NULL;
		names[nser++] = m->ss->compare[k];
	}
	for (size_t k = 0; k < nser; k++)
		ser[k] = (struct chart_series){ ys[k], ys[k] ? (size_t)sc->years
		    : 0, (enum role)(ROLE_SERIES0 + k), markers[k] };
	free(rows);

	/* Rounding noise is drawn and shown as 0. */
	{
		double	scale = 0;

		for (size_t k = 0; k < nser; k++)
			for (int t = 0; ys[k] != NULL && t < sc->years; t++)
				if (isfinite(ys[k][t]))
					scale = fmax(scale, fabs(ys[k][t]));
		for (size_t k = 0; k < nser; k++)
			for (int t = 0; ys[k] != NULL && t < sc->years; t++)
				ys[k][t] = chart_denoise(ys[k][t], scale);
	}
	/* The headline: the focus total this year, and its change. */
	if (ys[0] != NULL) {
		double	now = ys[0][year];

		lx = cells_printf(s, x + 1, r.y + 1, iw - 1, ROLE_NORMAL, "%d: ",
		    sc->start + 1 + (int)year);
		lx += cells_put(s, x + 1 + lx, r.y + 1, iw - 1 - lx,
		    chart_number(a, sizeof a, now, o->unit, false),
		    ROLE_SERIES0);
		if (ys[1] != NULL) {
			double	d = now - ys[1][year];

			lx += cells_put(s, x + 1 + lx, r.y + 1, iw - 1 - lx,
			    "  ", ROLE_NORMAL);
			if (fabs(d) <= fmax(CHART_NOISE, 1e-9 * fmax(fabs(now),
			    fabs(ys[1][year]))))
				cells_printf(s, x + 1 + lx, r.y + 1, iw - 1 - lx,
				    ROLE_DIM, "same as %s", names[1]);
			else {
				lx += cells_put(s, x + 1 + lx, r.y + 1,
				    iw - 1 - lx, chart_number_fit(b, sizeof b, s,
				    iw - 1 - lx, d, fmax(fabs(now),
				    fabs(ys[1][year])), o->unit, true),
				    change_role(o, d, fmax(CHART_NOISE, 1e-9 *
				    fmax(fabs(now), fabs(ys[1][year])))));
				cells_printf(s, x + 1 + lx, r.y + 1, iw - 1 - lx,
				    ROLE_DIM, " vs %s", names[1]);
			}
		}
	} else
		cells_put(s, x + 1, r.y + 1, iw - 1, m->computing ?
		    "computing..." : "no results yet", ROLE_BUSY);
	chart_draw(s, x, r.y + 2, iw, r.h - 4, ser, nser, sc->start + 1,
	    (int)year, o->unit);
	chart_legend(s, x + 1, r.y + r.h - 2, iw - 1, ser, names, nser);
	for (size_t k = 0; k < nser; k++)
		free(ys[k]);
}

/* Table pane */

/* A table row while sorting: the area and what it is sorted by. */
struct sort_row {
	size_t		 area;
	double		 key;		/* NAN sorts last */
	const char	*name;
};

static int
cmp_rows(const void *pa, const void *pb)
{
	const struct sort_row	*a = pa, *b = pb;
	int			 r;

	if (isnan(a->key) != isnan(b->key))
		return isnan(a->key) ? 1 : -1;
	if (a->key > b->key)
		return -1;
	if (a->key < b->key)
		return 1;
	if ((r = strcasecmp(a->name, b->name)) != 0)
		return r;
	return a->area < b->area ? -1 : a->area > b->area;
}

/* Order V->rows as the sort key says. */
static void
sort_rows(struct view *v, const struct baseline *bl, const double *val,
    const double *chg, int dir)
{
	struct sort_row	*sr = xcalloc(v->nrows + 1, sizeof *sr);

	for (size_t k = 0; k < v->nrows; k++) {
		size_t		 i = v->rows[k];
		const char	*name = baseline_text(bl, i, bl->name_col);

		sr[k].area = i;
		sr[k].name = name != NULL ? name : "";
		switch (v->sort) {
		case SORT_GAIN:
			sr[k].key = isnan(chg[i]) ? val[i] : dir == 0 ?
			    chg[i] : dir * chg[i];
			break;
		case SORT_LOSS:
			sr[k].key = isnan(chg[i]) ? -val[i] : dir == 0 ?
			    -chg[i] : -dir * chg[i];
			break;
		case SORT_VALUE:
			sr[k].key = val[i];
			break;
		case SORT_NAME:
		case SORT_COUNT:
			sr[k].key = 0;
			break;
		}
	}
	qsort(sr, v->nrows, sizeof *sr, cmp_rows);
	for (size_t k = 0; k < v->nrows; k++)
		v->rows[k] = sr[k].area;
	free(sr);
}

/* A value column of the table: results and heading. */
struct column {
	const struct results	*res;		/* NULL: not computed yet */
	const char		*head;
	bool			 change;	/* current minus reference */
	int			 w;
};

/*
 * The largest magnitude of output OUT in any year over ROWS, in any of RES
 * (NULL entries skipped): the scale rounding noise is judged against.
 */
static double
scale_of(const struct results *const *res, size_t nres, const size_t *rows,
    size_t nrows, size_t out)
{
	double	sc = 0;

	for (size_t j = 0; j < nres; j++)
		for (size_t k = 0; res[j] != NULL && k < nrows; k++)
			for (size_t t = 0; t < res[j]->nyears; t++) {
				double	a = fabs(*results_at(res[j], rows[k], t,
				    out));

				if (isfinite(a) && a > sc)
					sc = a;
			}
	return sc;
}

/* True when every area of ROWS has the same value in R (a national figure). */
static bool
same_everywhere(const struct results *r, const size_t *rows, size_t nrows,
    size_t year, size_t out, double tol)
{
	double	first;

	if (r == NULL || nrows < 2)
		return false;
	first = *results_at(r, rows[0], year, out);
	for (size_t k = 1; k < nrows; k++) {
		double	x = *results_at(r, rows[k], year, out);

		if (!(fabs(x - first) <= tol) && !(isnan(x) && isnan(first)))
			return false;
	}
	return true;
}

/* Output OUT is one nonzero figure shared by every area of ROWS, every year. */
static bool
national(const struct results *r, const size_t *rows, size_t nrows,
    size_t out, double tol)
{
	bool	nonzero = false;

	for (size_t t = 0; r != NULL && t < r->nyears; t++) {
		if (!same_everywhere(r, rows, nrows, t, out, tol))
			return false;
		if (nrows > 0 && fabs(*results_at(r, rows[0], t, out)) > tol)
			nonzero = true;
	}
	return nonzero;
}

static void
draw_table(struct view *v, const struct view_model *m, struct cells *s,
    struct view_rect r)
{
	const struct scenario	*sc = m->sc;
	const struct baseline	*bl = m->bl;
	size_t			 out = view_output(m), year = view_year(m);
	const struct output	*o = &sc->outputs[out];
	struct column		 cols[2 + SESSION_MAX_COMPARE];
	const struct results	*all[3 + SESSION_MAX_COMPARE];
	const struct results	*ref = fits(m, m->ref) ? m->ref : NULL;
	double			*val, *chg, scale, tol;
	size_t			 ncols = 0, gain = 0, loss = 0, same = 0;
	int			 iw = r.w - 2, x = r.x + 1, rows = r.h - 4;
	int			 namew, ncol_fit, sel_pos = -1, dir = direction(o);
	char			*title, a[48];

	title = xasprintf("Areas, %d - %s", sc->start + 1 + (int)year,
	    dir == 0 && v->sort == SORT_GAIN ? "biggest rise first" :
	    dir == 0 && v->sort == SORT_LOSS ? "biggest fall first" :
	    sort_names[v->sort]);
	cells_box(s, r.x, r.y, r.w, r.h, title, v->pane == PANE_TABLE ?
	    ROLE_BORDER_ACTIVE : ROLE_BORDER);
	free(title);
	free(v->rows);
	v->rows = NULL;
	v->nrows = 0;
	v->table_y0 = r.y + 3;
	if (!fits(m, m->res) || rows < 1) {
		cells_put(s, x + 1, r.y + 1, iw - 1, m->computing ?
		    "computing..." : "no results yet", ROLE_BUSY);
		return;
	}
	if (m->ss->focus.kind == FOCUS_GROUP)
		v->rows = view_focus_rows(bl, &m->ss->focus, &v->nrows);
	else {
		v->nrows = bl->nrows;
		v->rows = xcalloc(bl->nrows + 1, sizeof *v->rows);
		for (size_t i = 0; i < bl->nrows; i++)
			v->rows[i] = i;
	}

	/* The columns: current, change, then each compared option. */
	cols[ncols++] = (struct column){ m->res, "current", false, 0 };
	if (ref != NULL || m->ref_name != NULL)
		cols[ncols++] = (struct column){ ref, "change", true, 0 };
	for (size_t k = 0; k < m->ss->ncompare &&
	    ncols < nitems(cols); k++) {
		if (m->ref_name != NULL &&
		    strcmp(m->ss->compare[k], m->ref_name) == 0)
			continue;
		cols[ncols++] = (struct column){ fits(m, m->cmp[k]) ?
		    m->cmp[k] : NULL, m->ss->compare[k], false, 0 };
	}
	for (size_t c = 0; c < ncols; c++)
		all[c] = cols[c].res;
	all[ncols] = ref;
	scale = scale_of(all, ncols + 1, v->rows, v->nrows, out);
	tol = fmax(scale * 1e-9, CHART_NOISE);

	val = xcalloc(bl->nrows + 1, sizeof *val);
	chg = xcalloc(bl->nrows + 1, sizeof *chg);
	for (size_t k = 0; k < v->nrows; k++) {
		size_t	i = v->rows[k];
		double	g;

		val[i] = *results_at(m->res, i, year, out);
		chg[i] = ref ? val[i] - *results_at(ref, i, year, out) : NAN;
		if (ref == NULL)
			continue;
		g = dir == 0 ? chg[i] : dir * chg[i];
		if (g > tol)
			gain++;
		else if (g < -tol)
			loss++;
		else
			same++;
	}

	/*
	 * A figure that is the same for every area in every year (and not
	 * zero throughout, which any change output is at the reference) is
	 * a national figure: shown once.
	 */
	if (national(m->res, v->rows, v->nrows, out, tol) &&
	    (ref == NULL || national(ref, v->rows, v->nrows, out, tol))) {
		double	now = val[v->rows[0]], d = chg[v->rows[0]];
		int	lx = 1, y = r.y + 1;

		lx += cells_put(s, x + lx, y, iw - lx, "The same for every "
		    "area: ", ROLE_DIM);
		cells_put(s, x + lx, y, iw - lx, chart_number_fit(a, sizeof a,
		    s, iw - lx, now, scale, o->unit, false), ROLE_SERIES0);
		if (ref != NULL) {
			lx = 1;
			y++;
			lx += cells_put(s, x + lx, y, iw - lx, "change ",
			    ROLE_DIM);
			lx += cells_put(s, x + lx, y, iw - lx,
			    chart_number_fit(a, sizeof a, s, iw - lx, d, scale,
			    o->unit, true), change_role(o, d, tol));
			cells_printf(s, x + lx, y, iw - lx, ROLE_DIM,
			    " vs %s", m->ref_name);
		}
		cells_put(s, x + 1, y + 1, iw - 1, "(a national figure: one "
		    "number, not one per area)", ROLE_DIM);
		v->nrows = 0;
		free(val);
		free(chg);
		return;
	}
	sort_rows(v, bl, val, chg, dir);
	if (v->pane == PANE_TABLE && v->area_sel == SIZE_MAX && v->nrows > 0)
		v->area_sel = v->rows[0];

	/* Summary, then headings. */
	if (ref != NULL) {
		int	lx = 1;

		if (dir == 0) {
			lx += cells_printf(s, x + lx, r.y + 1, iw - lx,
			    ROLE_NORMAL, "%s %zu up", s->utf8 ? "\xe2\x86\x91" :
			    "+", gain);
			lx += cells_printf(s, x + lx, r.y + 1, iw - lx,
			    ROLE_NORMAL, "  %s %zu down", s->utf8 ?
			    "\xe2\x86\x93" : "-", loss);
		} else {
			lx += cells_printf(s, x + lx, r.y + 1, iw - lx,
			    ROLE_GAIN, "%s %zu gain", s->utf8 ? "\xe2\x96\xb2" :
			    "+", gain);
			lx += cells_printf(s, x + lx, r.y + 1, iw - lx,
			    ROLE_LOSS, "  %s %zu lose", s->utf8 ?
			    "\xe2\x96\xbc" : "-", loss);
		}
		cells_printf(s, x + lx, r.y + 1, iw - lx, ROLE_DIM,
		    "  = %zu same  vs %s", same, m->ref_name);
	}

	/*
	 * Column widths: each as wide as its widest number in full (and at
	 * least its heading's 7 cells), the area column giving way first down
	 * to 12 cells, then the numbers shortening, then columns dropped from
	 * the right.
	 */
	for (size_t c = 0; c < ncols; c++) {
		int	w = 7;

		for (size_t k = 0; cols[c].res != NULL && k < v->nrows; k++) {
			size_t	i = v->rows[k];
			double	d = cols[c].change ? chg[i] :
			    *results_at(cols[c].res, i, year, out);
			int	nw = cells_width(s, chart_number_fit(a, sizeof a,
			    s, 40, d, scale, NULL, cols[c].change));

			if (nw > w)
				w = nw;
		}
		if (cells_width(s, cols[c].head) > w)
			w = cells_width(s, cols[c].head) < 12 ?
			    cells_width(s, cols[c].head) : 12;
		cols[c].w = w + 1;
	}
	ncol_fit = (int)ncols;
	for (;;) {
		int	used = 0;

		for (int c = 0; c < ncol_fit; c++)
			used += cols[c].w;
		namew = iw - 1 - used;
		if (namew >= 12)
			break;
		/* Shrink the widest column, down to 8 cells each. */
		{
			int	wide = -1;

			for (int c = 0; c < ncol_fit; c++)
				if (cols[c].w > 8 && (wide < 0 ||
				    cols[c].w > cols[wide].w))
					wide = c;
			if (wide >= 0) {
				cols[wide].w--;
				continue;
			}
		}
		if (ncol_fit == 1) {
			namew = 12;
			break;
		}
		ncol_fit--;
	}
	cells_put(s, x + 1, r.y + 2, namew - 1, "Area", ROLE_HEADING);
	{
		int	cx = x + 1 + namew;

		for (int c = 0; c < ncol_fit; c++) {
			int	hw = cells_width(s, cols[c].head);

			if (hw > cols[c].w - 1)
				hw = cols[c].w - 1;
			cells_put(s, cx + cols[c].w - hw, r.y + 2, hw,
			    cols[c].head, ROLE_HEADING);
			cx += cols[c].w;
		}
	}

	/* Rows, scrolled to keep the selected area in view. */
	for (size_t k = 0; k < v->nrows; k++)
		if (v->rows[k] == v->area_sel)
			sel_pos = (int)k;
	if (sel_pos >= 0) {
		if (sel_pos < v->table_top)
			v->table_top = sel_pos;
		if (sel_pos >= v->table_top + rows)
			v->table_top = sel_pos - rows + 1;
	}
	if (v->table_top > (int)v->nrows - rows)
		v->table_top = (int)v->nrows - rows;
	if (v->table_top < 0)
		v->table_top = 0;
	for (int i = 0; i < rows; i++) {
		size_t		 k = (size_t)(v->table_top + i), area;
		int		 y = r.y + 3 + i, cx = x + 1 + namew;
		const char	*name;

		if (k >= v->nrows)
			break;
		area = v->rows[k];
		name = baseline_text(bl, area, bl->name_col);
		if (name == NULL)
			name = baseline_text(bl, area, bl->id_col);
		cells_put(s, x + 1, y, namew - 1, name, ROLE_NORMAL);
		for (int c = 0; c < ncol_fit; c++) {
			enum role	 role = ROLE_NORMAL;
			int		 nw;

			if (cols[c].res == NULL)
				snprintf(a, sizeof a, "...");
			else if (cols[c].change) {
				chart_number_fit(a, sizeof a, s, cols[c].w - 1,
				    chg[area], scale, NULL, true);
				role = change_role(o, chg[area], tol);
				if (dir == 0)
					role = ROLE_NORMAL;
			} else
				chart_number_fit(a, sizeof a, s, cols[c].w - 1,
				    *results_at(cols[c].res, area, year, out),
				    scale, NULL, false);
			nw = cells_width(s, a);
			cells_put(s, cx + cols[c].w - nw, y, nw, a, role);
			cx += cols[c].w;
		}
		if (area == v->area_sel) {
			cells_paint(s, x, y, iw, v->pane == PANE_TABLE ?
			    ROLE_SELECTED : ROLE_HEADING);
			cells_set(s, x, y, s->utf8 ? 0x25b8 : '>',
			    v->pane == PANE_TABLE ? ROLE_SELECTED :
			    ROLE_HEADING);
		}
	}
	free(val);
	free(chg);
}

/* Overlays */

static void
wrap_lines(struct cells *s, int x, int y, int w, int maxy, const char *text,
    enum role role, int *yp)
{
	const char	*p = text;

	while (*p != '\0' && y < maxy) {
		size_t	len = strlen(p), cut = len;

		if ((int)len > w) {
			cut = (size_t)w;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = (size_t)w;
		}
		{
			char	*line = xstrndup(p, cut);

			cells_put(s, x, y++, w, line, role);
			free(line);
		}
		p += cut;
		while (*p == ' ')
			p++;
	}
	*yp = y;
}

static void
draw_errors(const struct view_model *m, struct cells *s, struct view_rect r)
{
	const struct diag	*d = m->errors;
	int			 y, h = r.h, need = 3;

	for (size_t i = 0; i < d->n; i++)
		need += 1 + (int)strlen(d->msgs[i]) / (r.w > 4 ? r.w - 4 : 1);
	if (need + 1 < h)
		h = need + 1;
	r.y += r.h - h;
	cells_fill(s, r.x, r.y, r.w, h, ' ', ROLE_ERROR);
	cells_box(s, r.x, r.y, r.w, h, "Script problem (Esc hides)",
	    ROLE_ERROR);
	y = r.y + 1;
	if (m->res != NULL)
		cells_put(s, r.x + 2, y++, r.w - 4, "Showing the last good "
		    "results.", ROLE_ERROR);
	for (size_t i = 0; i < d->n && y < r.y + h - 1; i++)
		wrap_lines(s, r.x + 2, y, r.w - 4, r.y + h - 1, d->msgs[i],
		    ROLE_ERROR, &y);
}

size_t
view_list_len(const struct view *v, const struct view_model *m)
{
	switch (v->overlay) {
	case OVERLAY_HELP:
		return m->nhelp;
	case OVERLAY_OPTIONS:
	case OVERLAY_COMPARE:
		return m->ss->nopts;
	case OVERLAY_REFERENCE:
		return m->ss->nopts + 1;
	case OVERLAY_FOCUS:
		return v->ngroups + 1;
	default:
		return 0;
	}
}

static void
list_row(const struct view *v, const struct view_model *m, struct cells *s,
    size_t k, int x, int y, int w)
{
	const struct session	*ss = m->ss;

	switch (v->overlay) {
	case OVERLAY_HELP:
		cells_put(s, x, y, w, m->help[k], ROLE_NORMAL);
		return;
	case OVERLAY_OPTIONS:
	case OVERLAY_COMPARE: {
		const char	*name = ss->opts[k].name;
		int		 at = 0;

		if (v->overlay == OVERLAY_COMPARE) {
			size_t	pos = 0;

			for (size_t j = 0; j < ss->ncompare; j++)
				if (strcmp(ss->compare[j], name) == 0)
					pos = j + 1;
			at = pos ? cells_printf(s, x, y, w, ROLE_BAR, "[%zu] ",
			    pos) : cells_put(s, x, y, w, "[ ] ", ROLE_DIM);
		}
		at += cells_put(s, x + at, y, w - at, name, ROLE_NORMAL);
		if (ss->loaded != NULL && strcmp(ss->loaded, name) == 0)
			cells_put(s, x + at, y, w - at, session_modified(ss) ?
			    "  (loaded, since changed)" : "  (loaded)", ROLE_DIM);
		return;
	}
	case OVERLAY_REFERENCE: {
		const char	*name = k == 0 ? NULL : ss->opts[k - 1].name;
		bool		 on = (name == NULL && ss->reference == NULL) ||
		    (name != NULL && ss->reference != NULL &&
		    strcmp(name, ss->reference) == 0);
		int		 at;

		at = cells_put(s, x, y, w, on ? "(*) " : "( ) ", on ?
		    ROLE_BAR : ROLE_DIM);
		cells_put(s, x + at, y, w - at, name != NULL ? name :
		    "defaults (the scenario as declared)", ROLE_NORMAL);
		return;
	}
	case OVERLAY_FOCUS:
		if (k == 0) {
			cells_put(s, x, y, w, "All areas", ROLE_NORMAL);
			return;
		}
		k--;
		{
			const char	*col = m->bl->header[v->groups[k].column];
			char		*cn = group_column_name(col);

			cells_printf(s, x, y, w, ROLE_NORMAL, "%s: %s  (%zu)",
			    cn, group_value_name(m->bl, col,
			    v->groups[k].value), v->groups[k].count);
			free(cn);
		}
		return;
	default:
		return;
	}
}

static void
draw_overlay(struct view *v, const struct view_model *m, struct cells *s)
{
	const char	*title = "", *hint = "";
	size_t		 n = view_list_len(v, m);
	int		 w = s->w - 4 < 72 ? s->w - 4 : 72, h, x, y, rows;

	switch (v->overlay) {
	case OVERLAY_HELP:
		title = "Keys";
		hint = "Up/Down scroll  Esc or ? close";
		break;
	case OVERLAY_OPTIONS:
		title = "Saved options";
		hint = "Enter load  r rename  d delete  Esc close";
		break;
	case OVERLAY_COMPARE:
		title = "Compare options (up to 4, beside the reference)";
		hint = "Space/Enter choose  x clear  Esc close";
		break;
	case OVERLAY_REFERENCE:
		title = "Measure changes against";
		hint = "Enter choose  Esc close";
		break;
	case OVERLAY_FOCUS:
		title = "Focus on";
		hint = "Enter choose  Esc close";
		break;
	case OVERLAY_PROMPT:
	case OVERLAY_CONFIRM:
		h = 5;
		x = (s->w - w) / 2;
		y = (s->h - h) / 2;
		cells_fill(s, x, y, w, h, ' ', ROLE_NORMAL);
		cells_box(s, x, y, w, h, NULL, ROLE_BORDER_ACTIVE);
		cells_put(s, x + 2, y + 1, w - 4, v->title, ROLE_HEADING);
		if (v->overlay == OVERLAY_PROMPT) {
			int	len = cells_width(s, v->input), off = 0;

			if (len > w - 6)
				off = len - (w - 6);
			cells_fill(s, x + 2, y + 2, w - 4, 1, ' ', ROLE_SELECTED);
			cells_put(s, x + 2, y + 2, w - 5,
			    v->input + (off > 0 && (size_t)off <
			    strlen(v->input) ? (size_t)off : 0), v->input_fresh ?
			    ROLE_BAR : ROLE_SELECTED);
			cells_set(s, x + 2 + len - off, y + 2, '_',
			    ROLE_SELECTED);
			cells_put(s, x + 2, y + 3, w - 4, v->input_fresh ?
			    "Enter OK  typing replaces the suggestion  Esc cancel" :
			    "Enter OK  Esc cancel", ROLE_DIM);
		} else
			cells_put(s, x + 2, y + 3, w - 4,
			    "y yes  n no", ROLE_DIM);
		return;
	case OVERLAY_NONE:
		return;
	}
	rows = (int)n > 0 ? (int)n : 1;
	if (rows > s->h - 6)
		rows = s->h - 6;
	h = rows + 4;
	x = (s->w - w) / 2;
	y = (s->h - h) / 2;
	cells_fill(s, x, y, w, h, ' ', ROLE_NORMAL);
	cells_box(s, x, y, w, h, title, ROLE_BORDER_ACTIVE);
	v->list = (struct view_rect){ x + 1, y + 1, w - 2, rows };
	if (v->overlay == OVERLAY_HELP) {
		/* Help scrolls; the selection is the top line. */
		if (v->list_sel + (size_t)rows > n)
			v->list_sel = n > (size_t)rows ? n - (size_t)rows : 0;
		v->list_top = (int)v->list_sel;
	} else {
		if ((int)v->list_sel < v->list_top)
			v->list_top = (int)v->list_sel;
		if ((int)v->list_sel >= v->list_top + rows)
			v->list_top = (int)v->list_sel - rows + 1;
	}
	if (n == 0)
		cells_put(s, x + 2, y + 1, w - 4, "No options saved yet: "
		    "press s to save the current settings as one.", ROLE_DIM);
	for (int i = 0; i < rows; i++) {
		size_t	k = (size_t)(v->list_top + i);

		if (k >= n)
			break;
		list_row(v, m, s, k, x + 2, y + 1 + i, w - 4);
		if (k == v->list_sel && v->overlay != OVERLAY_HELP)
			cells_paint(s, x + 1, y + 1 + i, w - 2, ROLE_SELECTED);
	}
	cells_put(s, x + 2, y + h - 2, w - 4, hint, ROLE_DIM);
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
	fname = view_focus_name(m->bl, &ss->focus);
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
	if (lw > 60)
		lw = 60;
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
		draw_levers(v, m, s, v->rect[PANE_LEVERS]);
	if (v->rect[PANE_ASSUMPTIONS].w > 0)
		draw_assumptions(v, m, s, v->rect[PANE_ASSUMPTIONS]);
	if (m->sc->noutputs > 0) {
		draw_chart(v, m, s, v->rect[PANE_CHART]);
		draw_table(v, m, s, v->rect[PANE_TABLE]);
	}
	draw_lines(v, m, s);
	if (m->errors->n > 0 && !v->hide_errors) {
		r = v->rect[PANE_TABLE];
		r.h += 0;
		draw_errors(m, s, r);
	}
	if (v->overlay != OVERLAY_NONE)
		draw_overlay(v, m, s);
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
