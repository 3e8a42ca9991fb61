/*
 * view-overlay: what is drawn on top: the help, the option, compare,
 * reference and focus lists, prompts and questions, the error panel.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrib.h"
#include "baseline.h"
#include "chart.h"
#include "focus.h"
#include "scenario.h"
#include "util.h"
#include "view.h"
#include "view-int.h"

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

void
view_draw_errors(const struct view_model *m, struct cells *s, struct view_rect r)
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
	case OVERLAY_TABLE:
		return m->table != NULL ? m->table->nrows : 0;
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
			char		*cn = focus_column_name(col);

			cells_printf(s, x, y, w, ROLE_NORMAL, "%s: %s  (%zu)",
			    cn, focus_value_name(m->bl, col,
			    v->groups[k].value), v->groups[k].count);
			free(cn);
		}
		return;
	default:
		return;
	}
}

/*
 * One lever's (or the total's) share for the focus: all areas, one area,
 * or the areas of a group added up (for an output whose total is a sum).
 */
static double
attrib_for(const struct view_model *m, long j, size_t year, size_t out)
{
	const struct focus	*f = &m->ss->focus;
	size_t			 n, *rows;
	double			 v = 0;

	if (f->kind == FOCUS_ALL || (f->kind == FOCUS_GROUP &&
	    m->sc->outputs[out].total != TOTAL_SUM))
		return j < 0 ? attrib_change(m->attr, ATTRIB_TOTAL, year, out) :
		    attrib_value(m->attr, (size_t)j, ATTRIB_TOTAL, year, out);
	rows = focus_rows(m->bl, f, &n);
	for (size_t k = 0; k < n; k++)
		v += j < 0 ? attrib_change(m->attr, (long)rows[k], year, out) :
		    attrib_value(m->attr, (size_t)j, (long)rows[k], year, out);
	free(rows);
	return v;
}

/* Which lever did it: a bar per changed lever, then the whole change. */
static void
draw_attrib(const struct view_model *m, struct cells *s)
{
	const struct scenario	*sc = m->sc;
	size_t			 out = view_output(m), year = view_year(m);
	const struct output	*o = &sc->outputs[out];
	size_t			 nch = m->attr != NULL ?
	    attrib_nchanged(m->attr) : 0;
	int			 w = s->w - 4 < 90 ? s->w - 4 : 90;
	int			 h = (int)nch + 7, x, y, labw = 0, numw = 12;
	double			 big = 0, total;
	char			*fname, *title, a[48];

	if (h > s->h - 2)
		h = s->h - 2;
	x = (s->w - w) / 2;
	y = (s->h - h) / 2;
	cells_fill(s, x, y, w, h, ' ', ROLE_NORMAL);
	fname = focus_name(m->bl, &m->ss->focus);
	title = xasprintf("Which lever did it: %s, %s, %d, vs %s", o->label,
	    fname, sc->start + 1 + (int)year, m->ref_name);
	cells_box(s, x, y, w, h, title, ROLE_BORDER_ACTIVE);
	free(title);
	free(fname);
	cells_put(s, x + 2, y + h - 2, w - 4, "Shapley values: each lever's "
	    "average effect over every order of moving them. Esc closes.",
	    ROLE_DIM);
	if (m->attr == NULL || nch == 0) {
		cells_put(s, x + 2, y + 2, w - 4, "No lever differs from the "
		    "reference: nothing to split.", ROLE_NORMAL);
		return;
	}
	if (m->attr_busy || !attrib_complete(m->attr)) {
		cells_printf(s, x + 2, y + 2, w - 4, ROLE_BUSY, "computing "
		    "%zu runs...", attrib_runs(m->attr));
		return;
	}
	if (m->ss->focus.kind == FOCUS_GROUP && o->total != TOTAL_SUM)
		cells_put(s, x + 2, y + h - 3, w - 4, "(for all areas: this "
		    "output's total is not a sum)", ROLE_DIM);
	for (size_t j = 0; j < nch; j++) {
		const struct lever	*lv = &sc->levers[attrib_lever(m->attr,
		    j)];
		int			 lw = cells_width(s, lv->label);

		labw = lw > labw ? lw : labw;
		big = fmax(big, fabs(attrib_for(m, (long)j, year, out)));
	}
	total = attrib_for(m, -1, year, out);
	big = fmax(big, fabs(total));
	if (cells_width(s, "Total change") > labw)
		labw = cells_width(s, "Total change");
	labw++;
	if (labw > w / 3)
		labw = w / 3;
	for (size_t j = 0; j <= nch && (int)j < h - 4; j++) {
		int		 row = y + 1 + (int)j + (j == nch);
		double		 d = j < nch ? attrib_for(m, (long)j, year, out) :
		    total;
		const char	*label = j < nch ? sc->levers[attrib_lever(
		    m->attr, j)].label : "Total change";
		int		 barw = w - 4 - labw - numw - 2, len, mid;

		cells_put(s, x + 2, row, labw, label, j < nch ? ROLE_NORMAL :
		    ROLE_HEADING);
		chart_number_fit(a, sizeof a, s, numw - 1, d, big, o->unit,
		    true);
		cells_put(s, x + 2 + labw + numw - cells_width(s, a), row,
		    numw, a, view_change_role(o, d, big * 1e-9));
		/* a bar from the middle: right for a rise, left for a fall */
		if (barw < 4 || !(big > 0))
			continue;
		mid = x + 2 + labw + numw + 1 + barw / 2;
		len = (int)lround(fabs(d) / big * (barw / 2));
		cells_fill(s, d >= 0 ? mid : mid - len, row, len, 1, s->utf8 ?
		    0x2588 : '#', view_change_role(o, d, big * 1e-9) ==
		    ROLE_DIM ? ROLE_BAR : view_change_role(o, d, big * 1e-9));
		cells_set(s, mid, row, s->utf8 ? 0x2502 : '|', ROLE_BORDER);
	}
}

void
view_table_clear(struct view_table *tb)
{
	free(tb->title);
	free(tb->header);
	for (size_t i = 0; i < tb->nrows; i++)
		free(tb->rows[i]);
	free(tb->rows);
	free(tb->note);
	free(tb->hint);
	memset(tb, 0, sizeof *tb);
}

#define TABLE_COLS	8

/* The cells of ROW (a copy, cut at its tabs) and how many. */
static size_t
table_cells(const char *row, char **buf, const char *cell[TABLE_COLS])
{
	size_t	n = 0;
	char	*p;

	*buf = xstrdup(row);
	for (p = *buf; n < TABLE_COLS; n++) {
		cell[n] = p;
		if ((p = strchr(p, '\t')) == NULL) {
			n++;
			break;
		}
		*p++ = '\0';
	}
	return n;
}

/* One row in columns: the first takes what the others leave. */
static void
table_row(struct cells *s, int x, int y, int w, const char *row,
    const int *colw, size_t ncol, enum role role)
{
	const char	*cell[TABLE_COLS];
	char		*buf;
	size_t		 n = table_cells(row, &buf, cell);
	int		 first = w;

	for (size_t c = 1; c < ncol; c++)
		first -= colw[c] + 2;
	if (first < 4)
		first = 4;
	cells_put(s, x, y, first, cell[0], role);
	x += first;
	for (size_t c = 1; c < n && c < ncol; c++) {
		int	cw = cells_width(s, cell[c]);

		/* right-aligned: numbers read down */
		x += 2;
		if (x + colw[c] > s->w)
			break;
		cells_put(s, x + (cw < colw[c] ? colw[c] - cw : 0), y,
		    colw[c], cell[c], role);
		x += colw[c];
	}
	free(buf);
}

/* OVERLAY_TABLE: the model's rows, lined up, in a box that fits. */
static void
draw_table_overlay(struct view *v, const struct view_model *m,
    struct cells *s)
{
	const struct view_table	*tb = m->table;
	int			 colw[TABLE_COLS] = { 0 }, w, h, x, y, rows;
	int			 want = 0, top;
	size_t			 ncol = 1, n = tb->nrows;

	for (size_t i = 0; i <= n; i++) {
		const char	*row = i < n ? tb->rows[i] : tb->header;
		const char	*cell[TABLE_COLS];
		char		*buf;
		size_t		 k;

		if (row == NULL)
			continue;
		k = table_cells(row, &buf, cell);
		for (size_t c = 0; c < k; c++) {
			int	cw = cells_width(s, cell[c]);

			colw[c] = cw > colw[c] ? cw : colw[c];
		}
		ncol = k > ncol ? k : ncol;
		free(buf);
	}
	for (size_t c = 0; c < ncol; c++)
		want += colw[c] + (c > 0 ? 2 : 0);
	if (tb->title != NULL && cells_width(s, tb->title) + 4 > want)
		want = cells_width(s, tb->title) + 4;
	w = want + 4 < 60 ? 60 : want + 4;
	if (w > 120)
		w = 120;
	if (w > s->w - 4)
		w = s->w - 4;
	top = tb->header != NULL ? 1 : 0;
	rows = (int)n > 0 ? (int)n : 0;
	if (tb->note != NULL)
		rows += (cells_width(s, tb->note) + w - 5) / (w - 4) + (n > 0);
	if (rows < 1)
		rows = 1;
	if (rows + top > s->h - 6)
		rows = s->h - 6 - top;
	h = rows + top + 4;
	x = (s->w - w) / 2;
	y = (s->h - h) / 2;
	cells_fill(s, x, y, w, h, ' ', ROLE_NORMAL);
	cells_box(s, x, y, w, h, tb->title, ROLE_BORDER_ACTIVE);
	if (tb->header != NULL)
		table_row(s, x + 2, y + 1, w - 4, tb->header, colw, ncol,
		    ROLE_HEADING);
	{
		int	shown = (int)n < rows ? (int)n : rows;

		v->list = (struct view_rect){ x + 1, y + 1 + top, w - 2,
		    shown };
		if ((int)v->list_sel < v->list_top)
			v->list_top = (int)v->list_sel;
		if ((int)v->list_sel >= v->list_top + shown && shown > 0)
			v->list_top = (int)v->list_sel - shown + 1;
		for (int i = 0; i < shown; i++) {
			size_t	k = (size_t)(v->list_top + i);

			if (k >= n)
				break;
			table_row(s, x + 2, y + 1 + top + i, w - 4,
			    tb->rows[k], colw, ncol, ROLE_NORMAL);
			if (tb->select && k == v->list_sel)
				cells_paint(s, x + 1, y + 1 + top + i, w - 2,
				    ROLE_SELECTED);
		}
		if (tb->note != NULL && shown + (n > 0) < rows + 1) {
			int	ny = y + 1 + top + shown + (n > 0);

			wrap_lines(s, x + 2, ny, w - 4, y + h - 2, tb->note,
			    n > 0 ? ROLE_HEADING : ROLE_DIM, &ny);
		}
	}
	if (tb->hint != NULL)
		cells_put(s, x + 2, y + h - 2, w - 4, tb->hint, ROLE_DIM);
}

void
view_draw_overlay(struct view *v, const struct view_model *m, struct cells *s)
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
	case OVERLAY_ATTRIB:
		draw_attrib(m, s);
		return;
	case OVERLAY_TABLE:
		if (m->table != NULL)
			draw_table_overlay(v, m, s);
		return;
	case OVERLAY_PROMPT:
	case OVERLAY_CONFIRM: {
		/* a long title (a workshop's question) wraps */
		int	tl = 1, ty;

		for (const char *p = v->title; (int)strlen(p) > w - 4 &&
		    tl < s->h - 6; tl++) {
			int	cut = w - 4;

			while (cut > 0 && p[cut] != ' ')
				cut--;
			p += cut > 0 ? cut + 1 : w - 4;
		}
		h = 4 + tl;
		x = (s->w - w) / 2;
		y = (s->h - h) / 2;
		cells_fill(s, x, y, w, h, ' ', ROLE_NORMAL);
		cells_box(s, x, y, w, h, NULL, ROLE_BORDER_ACTIVE);
		wrap_lines(s, x + 2, y + 1, w - 4, y + 1 + tl, v->title,
		    ROLE_HEADING, &ty);
		y += tl - 1;
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
	}
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
