/*
 * view-table: the table pane: every area of the focus with its value, its
 * change against the reference (gains and losses as the output's better
 * direction says) and each compared option; a national figure once.
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
#include "focus.h"
#include "results.h"
#include "sample.h"
#include "scenario.h"
#include "util.h"
#include "view.h"
#include "view-int.h"

/* Table pane */

/* "78%" for the share P of worlds better off; "same" when neither UP nor
 * DOWN is ever seen. */
static const char *
chance_text(const struct view_model *m, size_t out, double up, double down,
    char *buf, size_t len)
{
	double	p = view_direction(&m->sc->outputs[out]) < 0 ? down : up;

	if (isnan(up) || isnan(down))
		return NULL;
	if (up == 0 && down == 0)
		snprintf(buf, len, "same");
	else if (p > 0 && p < 0.005)
		snprintf(buf, len, "<1%%");
	else if (p < 1 && p > 0.995)
		snprintf(buf, len, ">99%%");
	else
		snprintf(buf, len, "%.0f%%", p * 100);
	return buf;
}

/* Both bands' samples are there for output OUT. */
static bool
chance_ready(const struct view_model *m, size_t out)
{
	return m->fan != NULL && m->fan_ref != NULL && m->fan_output == out &&
	    sample_store_count(m->fan) >= 2 && sample_store_count(m->fan_ref) >= 2;
}

const char *
view_chance(const struct view_model *m, long area, size_t year, size_t out,
    double tol, char *buf, size_t len)
{
	if (!chance_ready(m, out))
		return NULL;
	return chance_text(m, out, sample_store_share_above(m->fan, m->fan_ref,
	    area, year, out, tol), sample_store_share_above(m->fan_ref, m->fan,
	    area, year, out, tol), buf, len);
}

const char *
view_chance_rows(const struct view_model *m, const size_t *rows, size_t n,
    size_t year, size_t out, double tol, char *buf, size_t len)
{
	size_t		 ns, both = 0, up = 0, down = 0;
	double		*a, *b;
	const char	*text = NULL;

	if (!chance_ready(m, out))
		return NULL;
	ns = sample_store_size(m->fan);
	if (sample_store_size(m->fan_ref) != ns)
		return NULL;
	a = xcalloc(ns + 1, sizeof *a);
	b = xcalloc(ns + 1, sizeof *b);
	if (sample_store_totals(m->fan, rows, n, year, out, a) &&
	    sample_store_totals(m->fan_ref, rows, n, year, out, b)) {
		for (size_t k = 0; k < ns; k++) {
			if (isnan(a[k]) || isnan(b[k]))
				continue;
			both++;
			up += a[k] - b[k] > tol;
			down += b[k] - a[k] > tol;
		}
		if (both > 0)
			text = chance_text(m, out, (double)up / (double)both,
			    (double)down / (double)both, buf, len);
	}
	free(a);
	free(b);
	return text;
}

static const char *const sort_names[SORT_COUNT] = {
	"biggest gain first", "biggest loss first", "highest value first",
	"by name"
};

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
	bool			 chance;	/* of being better off */
	bool			 option;	/* a compared option */
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

/* Append the estimate mark "*" to A (or a space, keeping columns even). */
static void
add_mark(char *a, size_t len, bool estimated)
{
	size_t	n = strlen(a);

	if (n + 1 < len) {
		a[n] = estimated ? '*' : ' ';
		a[n + 1] = '\0';
	}
}

/*
 * Bytes of the words the compared options' names (the option columns of
 * COLS) share at their start, when a name is too wide for its column:
 * "Option A" and "Option B" are headed "A" and "B". 0 when nothing need go.
 */
static size_t
option_prefix(const struct cells *s, const struct column *cols, size_t n)
{
	size_t		 len = SIZE_MAX, nopt = 0;
	bool		 tight = false;
	const char	*first = NULL;

	for (size_t c = 0; c < n; c++) {
		const char	*h = cols[c].head;
		size_t		 k = 0;

		if (!cols[c].option)
			continue;
		if (cells_width(s, h) > cols[c].w - 1)
			tight = true;
		if (nopt++ == 0) {
			first = h;
			len = strlen(h);
			continue;
		}
		while (k < len && h[k] != '\0' && h[k] == first[k])
			k++;
		len = k;
	}
	if (!tight || nopt < 2 || first == NULL)
		return 0;
	/* back to the end of a word */
	while (len > 0 && first[len - 1] != ' ')
		len--;
	return len;
}

void
view_draw_table(struct view *v, const struct view_model *m, struct cells *s,
    struct view_rect r)
{
	const struct scenario	*sc = m->sc;
	const struct baseline	*bl = m->bl;
	size_t			 out = view_output(m), year = view_year(m);
	const struct output	*o = &sc->outputs[out];
	struct column		 cols[2 + SESSION_MAX_COMPARE];
	const struct results	*all[3 + SESSION_MAX_COMPARE];
	const struct results	*ref = view_fits(m, m->ref) ? m->ref : NULL;
	double			*val, *chg, scale, tol;
	size_t			 ncols = 0, gain = 0, loss = 0, same = 0;
	int			 iw = r.w - 2, x = r.x + 1, rows = r.h - 4;
	int			 namew, ncol_fit, sel_pos = -1, dir = view_direction(o);
	char			*title, a[48];
	/* the output flagging an area's figure as an estimate, or -1 */
	long			 est = o->estimate != NULL ?
	    scenario_output(sc, o->estimate) : -1;
	/* "£m" and the like: cells in pounds ("£13.0bn"), never "13.04m" of
	 * millions */
	const char		*money = chart_money(o->unit) > 0 ? o->unit :
	    NULL;

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
	if (!view_fits(m, m->res) || rows < 1) {
		cells_put(s, x + 1, r.y + 1, iw - 1, m->computing ?
		    "computing..." : "no results yet", ROLE_BUSY);
		return;
	}
	if (m->ss->focus.kind == FOCUS_GROUP)
		v->rows = focus_rows(bl, &m->ss->focus, &v->nrows);
	else {
		v->nrows = bl->nrows;
		v->rows = xcalloc(bl->nrows + 1, sizeof *v->rows);
		for (size_t i = 0; i < bl->nrows; i++)
			v->rows[i] = i;
	}

	/* The columns: current, change, the chance of being better off
	 * (with bands), then each compared option. */
	cols[ncols++] = (struct column){ .res = m->res, .head = "current" };
	if (ref != NULL || m->ref_name != NULL)
		cols[ncols++] = (struct column){ .res = ref, .head = "change",
		    .change = true };
	if (ref != NULL && v->nrows > 0 && view_chance(m, (long)v->rows[0],
	    year, out, 0, a, sizeof a) != NULL)
		cols[ncols++] = (struct column){ .res = ref, .head = "chance",
		    .chance = true };
	for (size_t k = 0; k < m->ss->ncompare &&
	    ncols < nitems(cols); k++) {
		if (m->ref_name != NULL &&
		    strcmp(m->ss->compare[k], m->ref_name) == 0)
			continue;
		cols[ncols++] = (struct column){ .res = view_fits(m, m->cmp[k]) ?
		    m->cmp[k] : NULL, .head = m->ss->compare[k], .option = true };
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
			    o->unit, true), view_change_role(o, d, tol));
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
	/* The focused area is the selected one until another is chosen. */
	if (v->area_sel == SIZE_MAX && m->ss->focus.kind == FOCUS_AREA &&
	    focus_area(bl, m->ss->focus.value) >= 0)
		v->area_sel = (size_t)focus_area(bl, m->ss->focus.value);
	if (v->pane == PANE_TABLE && v->area_sel == SIZE_MAX && v->nrows > 0)
		v->area_sel = v->rows[0];

	/* Summary, then headings. */
	if (ref != NULL) {
		/* Arrows where no way is better, else gains and losses. */
		const char	*up = dir == 0 ? "\xe2\x86\x91" :
		    "\xe2\x96\xb2";
		const char	*down = dir == 0 ? "\xe2\x86\x93" :
		    "\xe2\x96\xbc";
		int		 lx = 1;

		lx += cells_printf(s, x + lx, r.y + 1, iw - lx,
		    dir == 0 ? ROLE_NORMAL : ROLE_GAIN, "%s %zu %s",
		    s->utf8 ? up : "+", gain, dir == 0 ? "up" : "gain");
		lx += cells_printf(s, x + lx, r.y + 1, iw - lx,
		    dir == 0 ? ROLE_NORMAL : ROLE_LOSS, "  %s %zu %s",
		    s->utf8 ? down : "-", loss, dir == 0 ? "down" : "lose");
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

		for (size_t k = 0; cols[c].res != NULL && !cols[c].chance &&
		    k < v->nrows; k++) {
			size_t	i = v->rows[k];
			double	d = cols[c].change ? chg[i] :
			    *results_at(cols[c].res, i, year, out);
			int	nw = cells_width(s, chart_number_fit(a, sizeof a,
			    s, 40, d, scale, money, cols[c].change));

			if (nw > w)
				w = nw;
		}
		if (cells_width(s, cols[c].head) > w)
			w = cells_width(s, cols[c].head) < 12 ?
			    cells_width(s, cols[c].head) : 12;
		/* a value column keeps a cell for the estimate mark */
		cols[c].w = w + 1 + (est >= 0 && !cols[c].change &&
		    !cols[c].chance);
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
	cells_put(s, x + 1, r.y + 2, namew - 1, est >= 0 && namew > 20 ?
	    "Area  (* estimate)" : "Area", ROLE_HEADING);
	{
		int	cx = x + 1 + namew;
		size_t	skip = option_prefix(s, cols, (size_t)ncol_fit);

		for (int c = 0; c < ncol_fit; c++) {
			int	hw;

			if (cols[c].option)
				cols[c].head += skip;
			hw = cells_width(s, cols[c].head);

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
	if (sel_pos >= 0)
		view_scroll_to(&v->table_top, sel_pos, rows);
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
			else if (cols[c].chance) {
				if (view_chance(m, (long)area, year, out, tol, a,
				    sizeof a) == NULL)
					snprintf(a, sizeof a, "...");
				role = strcmp(a, "same") == 0 ? ROLE_DIM :
				    ROLE_NORMAL;
			} else if (cols[c].change) {
				chart_number_fit(a, sizeof a, s, cols[c].w - 1,
				    chg[area], scale, money, true);
				role = view_change_role(o, chg[area], tol);
				if (dir == 0)
					role = ROLE_NORMAL;
			} else if (est >= 0) {
				/* "12.3*": an estimate; "12.3 " the rest */
				chart_number_fit(a, sizeof a, s, cols[c].w - 2,
				    *results_at(cols[c].res, area, year, out),
				    scale, money, false);
				add_mark(a, sizeof a, *results_at(
				    cols[c].res, area, year, (size_t)est) != 0);
			} else
				chart_number_fit(a, sizeof a, s, cols[c].w - 1,
				    *results_at(cols[c].res, area, year, out),
				    scale, money, false);
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
