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
#include "results.h"
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
 * The focus of the attribution and the tornado: all areas (the output's
 * total), one area, or a group's areas, totalled as the output declares
 * (a sum, a mean, a weighted mean: each linear, so the total of the shares
 * is the share of the total) from per-area values gathered in TMP.
 */
struct pick {
	long		 area;		/* ATTRIB_TOTAL or an area */
	size_t		*rows;		/* a group's areas, or NULL */
	size_t		 n;
	double		*tmp[3];	/* for a group: a value per area */
};

/* False when the focus has no figure of output OUT (a group's, when the
 * output has no total; an area no longer in the baseline). */
static bool
pick_init(struct pick *p, const struct view_model *m, size_t out)
{
	const struct focus	*f = &m->ss->focus;

	memset(p, 0, sizeof *p);
	p->area = ATTRIB_TOTAL;
	if (f->kind == FOCUS_AREA)
		return (p->area = focus_area(m->bl, f->value)) >= 0;
	if (f->kind != FOCUS_GROUP)
		return true;
	if (m->sc->outputs[out].total == TOTAL_NONE)
		return false;
	p->rows = focus_rows(m->bl, f, &p->n);
	for (size_t i = 0; i < 3; i++)
		p->tmp[i] = xcalloc(m->bl->nrows + 1, sizeof *p->tmp[i]);
	return p->rows != NULL;
}

static void
pick_free(struct pick *p)
{
	free(p->rows);
	for (size_t i = 0; i < 3; i++)
		free(p->tmp[i]);
}

/* The group's total of output OUT from TMP[I]. */
static double
pick_total(const struct pick *p, const struct view_model *m, size_t i,
    size_t out)
{
	return results_total_of(m->sc, m->bl, p->rows, p->n, m->bl->nrows, out,
	    p->tmp[i], 1);
}

/* One lever's (or, J < 0, the total's) share for the focus. */
static double
attrib_for(const struct view_model *m, struct pick *p, long j, size_t year,
    size_t out)
{
	if (p->rows == NULL)
		return j < 0 ? attrib_change(m->attr, p->area, year, out) :
		    attrib_value(m->attr, (size_t)j, p->area, year, out);
	for (size_t k = 0; k < p->n; k++)
		p->tmp[0][p->rows[k]] = j < 0 ? attrib_change(m->attr,
		    (long)p->rows[k], year, out) : attrib_value(m->attr,
		    (size_t)j, (long)p->rows[k], year, out);
	return pick_total(p, m, 0, out);
}

/*
 * A framed box for the attribution or the tornado, centred: W up to 90
 * cells, NBARS rows of bars and EXTRA rows more (frame, note, headings);
 * its title and its closing note. Returns false (drawing nothing) when the
 * screen is too small for a box.
 */
static bool
bars_box(struct view *v, const struct view_model *m, struct cells *s,
    const char *what, const char *note, size_t nbars, int extra, int *xp,
    int *yp, int *wp, int *hp)
{
	const struct output	*o = &m->sc->outputs[view_output(m)];
	int			 w = s->w - 4 < 90 ? s->w - 4 : 90;
	int			 h = (int)(nbars > 40 ? 40 : nbars) + extra;
	char			*fname, *title;

	if (h > s->h - 2)
		h = s->h - 2;
	v->box = (struct view_rect){ 0, 0, 0, 0 };
	if (s->w < 24 || h < 5)		/* a box under 20 cells wide */
		return false;
	*xp = (s->w - w) / 2;
	*yp = (s->h - h) / 2;
	cells_fill(s, *xp, *yp, w, h, ' ', ROLE_NORMAL);
	fname = focus_name(m->bl, &m->ss->focus);
	title = xasprintf("%s: %s, %s, %d", what, o->label[0] ? o->label :
	    o->name, fname, m->sc->start + 1 + (int)view_year(m));
	cells_box(s, *xp, *yp, w, h, title, ROLE_BORDER_ACTIVE);
	free(title);
	free(fname);
	cells_put(s, *xp + 2, *yp + h - 2, w - 4, note, ROLE_DIM);
	*wp = w;
	*hp = h;
	v->box = (struct view_rect){ *xp, *yp, w, h };
	return true;
}

/* The widest of the N LABELS and EXTRA, plus a gap; at most a third of W. */
static int
label_width(const struct cells *s, int w, const char *extra,
    const char *const *labels, size_t n)
{
	int	lw = extra != NULL ? cells_width(s, extra) : 0;

	for (size_t j = 0; j < n; j++)
		if (cells_width(s, labels[j]) > lw)
			lw = cells_width(s, labels[j]);
	lw++;
	return lw > w / 3 ? w / 3 : lw;
}

/*
 * On row Y, in the bar area from X, BARW wide, whose middle stands for no
 * change: a bar for the change D of output O on the scale BIG (the
 * largest magnitude shown), right for a rise, left for a fall, in GLYPH.
 */
static void
change_bar(struct cells *s, int x, int y, int barw, const struct output *o,
    double d, double big, uint32_t glyph)
{
	int		mid = x + barw / 2;
	int		len = (int)lround(fabs(d) / big * (barw / 2));
	enum role	role = view_change_role(o, d, big * 1e-9);

	if (len > barw / 2)
		len = barw / 2;
	cells_fill(s, d >= 0 ? mid : mid - len, y, len, 1, glyph,
	    role == ROLE_DIM ? ROLE_BAR : role);
}

/* Which lever did it: a bar per changed lever, then the whole change. */
static void
draw_attrib(struct view *v, const struct view_model *m, struct cells *s)
{
	const struct scenario	*sc = m->sc;
	size_t			 out = view_output(m), year = view_year(m);
	const struct output	*o = &sc->outputs[out];
	size_t			 nch = m->attr != NULL ?
	    attrib_nchanged(m->attr) : 0;
	struct pick		 pick;
	int			 w, h, x, y, labw, numw = 12;
	double			 big = 0, total, *share;
	const char		**label;
	char			 a[48], *what;

	what = xasprintf("Which lever did it vs %s", m->ref_name);
	if (!bars_box(v, m, s, what, "Shapley values: each lever's effect "
	    "averaged over all orders  Esc closes", nch, 6,
	    &x, &y, &w, &h)) {
		free(what);
		return;
	}
	free(what);
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
	if (!pick_init(&pick, m, out)) {
		pick_free(&pick);
		cells_put(s, x + 2, y + 2, w - 4, "This output has no figure "
		    "for the focus.", ROLE_NORMAL);
		return;
	}
	share = xcalloc(nch + 1, sizeof *share);
	label = xcalloc(nch + 1, sizeof *label);
	for (size_t j = 0; j < nch; j++) {
		label[j] = sc->levers[attrib_lever(m->attr, j)].label;
		share[j] = attrib_for(m, &pick, (long)j, year, out);
		big = fmax(big, fabs(share[j]));
	}
	total = attrib_for(m, &pick, -1, year, out);
	pick_free(&pick);
	big = fmax(big, fabs(total));
	labw = label_width(s, w, "Total change", label, nch);
	for (size_t j = 0; j <= nch && (int)j < h - 4; j++) {
		int		 row = y + 1 + (int)j + (j == nch);
		double		 d = j < nch ? share[j] : total;
		int		 barw = w - 4 - labw - numw - 2;

		cells_put(s, x + 2, row, labw, j < nch ? label[j] :
		    "Total change", j < nch ? ROLE_NORMAL : ROLE_HEADING);
		chart_number_fit(a, sizeof a, s, numw - 1, d, big, o->unit,
		    true);
		cells_put(s, x + 2 + labw + numw - cells_width(s, a), row,
		    numw, a, view_change_role(o, d, big * 1e-9));
		if (barw < 4 || !(big > 0))
			continue;
		change_bar(s, x + 2 + labw + numw + 1, row, barw, o, d, big,
		    s->utf8 ? 0x2588 : '#');
		cells_set(s, x + 2 + labw + numw + 1 + barw / 2, row, s->utf8 ?
		    0x2502 : '|', ROLE_BORDER);
	}
	free(share);
	free(label);
}

/*
 * The focus's central, low and high case of output OUT in YEAR with the
 * tornado's assumption J moved. False when there is no such value.
 */
static bool
sens_for(const struct view_model *m, struct pick *p, size_t j, size_t year,
    size_t out, double v[3])
{
	if (p->rows == NULL)
		return attrib_sensitivity_values(m->sens, j, p->area, year, out,
		    &v[0], &v[1], &v[2]) == 0;
	for (size_t k = 0; k < p->n; k++) {
		size_t	i = p->rows[k];

		if (attrib_sensitivity_values(m->sens, j, (long)i, year, out,
		    &p->tmp[0][i], &p->tmp[1][i], &p->tmp[2][i]) == -1)
			return false;
	}
	for (size_t i = 0; i < 3; i++)
		v[i] = pick_total(p, m, i, out);
	return !isnan(v[0]);
}

/*
 * Which assumption matters: a tornado. Each uncertain assumption at its
 * low and its high case in turn, the rest central, largest swing first:
 * the change from the central figure drawn from the middle, the low case
 * light and the high case solid.
 */
static void
draw_tornado(struct view *v, const struct view_model *m, struct cells *s)
{
	const struct scenario	*sc = m->sc;
	size_t			 out = view_output(m), year = view_year(m);
	const struct output	*o = &sc->outputs[out];
	size_t			 nq = m->sens != NULL ?
	    attrib_sensitivity_count(m->sens) : 0, nsw = 0;
	int			 w, h, x, y, labw, numw, barw;
	double			 big = 0, central = NAN, c[3];
	struct pick		 pick;
	bool			 ok;
	struct attrib_swing	*sw;	/* less the central */
	const char		**label;
	char			 a[48], note[160];

	snprintf(note, sizeof note, "%s at its p%.0f  %s at its p%.0f  (one "
	    "at a time, others central)  Esc closes",
	    s->utf8 ? "\xe2\x96\x91" : "-", ATTRIB_SENS_LOW * 100,
	    s->utf8 ? "\xe2\x96\x88" : "#", ATTRIB_SENS_HIGH * 100);
	if (!bars_box(v, m, s, "Which assumption matters", note, nq, 5, &x, &y,
	    &w, &h))
		return;
	if (m->sens == NULL || nq == 0) {
		cells_put(s, x + 2, y + 2, w - 4, "No assumption declares a "
		    "distribution: nothing to vary.", ROLE_NORMAL);
		return;
	}
	if (!attrib_sensitivity_complete(m->sens)) {
		cells_printf(s, x + 2, y + 2, w - 4, ROLE_BUSY, "computing "
		    "%zu runs...", 1 + 2 * nq);
		return;
	}
	sw = xcalloc(nq + 1, sizeof *sw);
	ok = pick_init(&pick, m, out);
	for (size_t j = 0; ok && j < nq; j++) {
		if (!sens_for(m, &pick, j, year, out, c))
			continue;
		central = c[0];
		sw[nsw++] = (struct attrib_swing){ j, c[1] - c[0],
		    c[2] - c[0] };
		big = fmax(big, fmax(fabs(c[1] - c[0]), fabs(c[2] - c[0])));
	}
	pick_free(&pick);
	if (nsw == 0) {
		cells_put(s, x + 2, y + 2, w - 4, "This output has no figure "
		    "for the focus.", ROLE_NORMAL);
		free(sw);
		return;
	}
	attrib_swing_sort(sw, nsw);
	label = xcalloc(nsw, sizeof *label);
	for (size_t k = 0; k < nsw; k++) {
		const struct assumption	*as = &sc->assumptions[
		    attrib_sensitivity_assumption(m->sens, sw[k].j)];

		label[k] = as->label[0] != '\0' ? as->label : as->name;
	}
	labw = label_width(s, w, NULL, label, nsw);
	numw = w >= 80 ? 14 : 11;
	cells_printf(s, x + 2, y + 1, w - 4, ROLE_HEADING, "central: %s",
	    chart_number(a, sizeof a, central, o->unit, false));
	if (!(big > 0) && 2 + (int)nsw < h - 2)
		cells_put(s, x + 2, y + 2 + (int)nsw, w - 4, "(none of them "
		    "moves this figure)", ROLE_DIM);
	barw = w - 4 - labw - 2 * numw - 2;
	for (size_t k = 0; k < nsw && (int)k < h - 5; k++) {
		int	row = y + 2 + (int)k, bx = x + 2 + labw + numw + 1;
		/* the figure's range, low end on the left: each case's
		 * change at the end of its bar */
		double	fall = fmin(sw[k].lo, sw[k].hi);
		double	rise = fmax(sw[k].lo, sw[k].hi);

		cells_put(s, x + 2, row, labw - 1, label[k], ROLE_NORMAL);
		chart_number_fit(a, sizeof a, s, numw - 1, fall, big, o->unit,
		    true);
		cells_put(s, x + 2 + labw + numw - 1 - cells_width(s, a), row,
		    numw, a, view_change_role(o, fall, big * 1e-9));
		chart_number_fit(a, sizeof a, s, numw - 1, rise, big, o->unit,
		    true);
		cells_put(s, bx + barw + 1, row, numw, a,
		    view_change_role(o, rise, big * 1e-9));
		if (barw < 4 || !(big > 0))
			continue;
		/* the longer case first, so that the shorter shows on it */
		if (fabs(sw[k].lo) >= fabs(sw[k].hi)) {
			change_bar(s, bx, row, barw, o, sw[k].lo, big,
			    s->utf8 ? 0x2591 : '-');
			change_bar(s, bx, row, barw, o, sw[k].hi, big,
			    s->utf8 ? 0x2588 : '#');
		} else {
			change_bar(s, bx, row, barw, o, sw[k].hi, big,
			    s->utf8 ? 0x2588 : '#');
			change_bar(s, bx, row, barw, o, sw[k].lo, big,
			    s->utf8 ? 0x2591 : '-');
		}
		cells_set(s, bx + barw / 2, row, s->utf8 ? 0x2502 : '|',
		    ROLE_BORDER);
	}
	free(sw);
	free(label);
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
		draw_attrib(v, m, s);
		return;
	case OVERLAY_TORNADO:
		draw_tornado(v, m, s);
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
	} else
		view_scroll_to(&v->list_top, (int)v->list_sel, rows);
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
