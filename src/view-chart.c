/*
 * view-chart: the chart pane: the headline (the focus total this year and
 * its change against the reference), the chart of the current settings,
 * the reference and the compared options, and its legend.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "chart.h"
#include "focus.h"
#include "results.h"
#include "sample.h"
#include "scenario.h"
#include "util.h"
#include "view.h"
#include "view-int.h"

/* Chart pane */

/* +1 when higher is better for output O, -1 when lower is, 0 for neither. */
int
view_direction(const struct output *o)
{
	return o->better == BETTER_LOWER ? -1 : o->better == BETTER_NEITHER ?
	    0 : 1;
}

/* The role of a change D of output O against a tolerance TOL. */
enum role
view_change_role(const struct output *o, double d, double tol)
{
	double	g = view_direction(o) == 0 ? 0 : view_direction(o) * d;

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

bool
view_fits(const struct view_model *m, const struct results *r)
{
	return r != NULL && r->nareas == m->bl->nrows &&
	    r->nyears == (size_t)m->sc->years &&
	    r->noutputs == m->sc->noutputs;
}

static int
cmp_value(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * The middle 90% of the samples in FAN of output OUT for AREA, or for the
 * NGRP areas GRP totalled (a group), into BAND[0] (the 5th percentile each
 * year) and BAND[1] (the 95th); the series' name NAME with what the band
 * is: "current, middle 90% of 37/200 samples" while they arrive.
 */
static char *
band_of(const struct scenario *sc, const struct sample_store *fan, long area,
    const size_t *grp, size_t ngrp, size_t out, size_t want,
    const char *name, double *band[2])
{
	size_t	 ns = sample_store_size(fan);
	double	*v = xcalloc(ns + 1, sizeof *v);

	for (size_t e = 0; e < 2; e++)
		band[e] = xcalloc((size_t)sc->years + 1, sizeof *band[e]);
	for (size_t t = 0; t < (size_t)sc->years; t++) {
		size_t	m = 0;

		if (grp == NULL) {
			band[0][t] = sample_store_quantile(fan, area, t, out,
			    0.05);
			band[1][t] = sample_store_quantile(fan, area, t, out,
			    0.95);
			continue;
		}
		band[0][t] = band[1][t] = NAN;
		if (!sample_store_totals(fan, grp, ngrp, t, out, v))
			continue;
		for (size_t k = 0; k < ns; k++)
			if (!isnan(v[k]))
				v[m++] = v[k];
		qsort(v, m, sizeof *v, cmp_value);
		if (m > 0) {
			band[0][t] = sample_quantile(v, m, 0.05);
			band[1][t] = sample_quantile(v, m, 0.95);
		}
	}
	free(v);
	return xasprintf("%s, middle 90%% of %zu/%zu samples", name,
	    sample_store_count(fan), want);
}

/*
 * After the headline, from X in W cells of row Y: how sure the change is,
 * "  78% chance better off" (or "higher", for an output with no better
 * direction), when there are bands and it fits whole.
 */
static void
headline_chance(const struct view_model *m, struct cells *s, int x, int y,
    int w, size_t year, size_t out)
{
	long		 area;
	char		 p[16], *text;
	const char	*what = view_direction(&m->sc->outputs[out]) == 0 ?
	    "higher" : "better off", *got;

	if (m->ss->focus.kind == FOCUS_GROUP) {
		size_t	 n, *rows = focus_rows(m->bl, &m->ss->focus, &n);

		got = view_chance_rows(m, rows, n, year, out, CHART_NOISE, p,
		    sizeof p);
		free(rows);
	} else if (m->ss->focus.kind == FOCUS_AREA) {
		if ((area = focus_area(m->bl, m->ss->focus.value)) < 0)
			return;		/* not in this baseline */
		got = view_chance(m, area, year, out, CHART_NOISE, p, sizeof p);
	} else
		got = view_chance(m, SAMPLE_TOTAL, year, out, CHART_NOISE, p,
		    sizeof p);
	if (got == NULL || strcmp(p, "same") == 0)
		return;
	text = xasprintf("  %s chance %s", p, what);
	if (cells_width(s, text) <= w)
		cells_put(s, x, y, w, text, ROLE_DIM);
	free(text);
}

void
view_draw_chart(struct view *v, const struct view_model *m, struct cells *s,
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
	char			*band_name[2] = { NULL, NULL };
	double			*band[2][2] = { { NULL, NULL }, { NULL, NULL } };
	int			 iw = r.w - 2, x = r.x + 1, lx;
	double			 scale = 0;
	static const char	 markers[] = "*o2345";

	fname = focus_name(m->bl, &m->ss->focus);
	title = xasprintf("%s%s%s%s - %s - vs %s", o->label[0] ? o->label :
	    o->name, o->unit[0] ? " (" : "", o->unit, o->unit[0] ? ")" : "",
	    fname, m->ref_name);
	cells_box(s, r.x, r.y, r.w, r.h, title, v->pane == PANE_CHART ?
	    ROLE_BORDER_ACTIVE : ROLE_BORDER);
	free(title);
	free(fname);
	if (r.h < 5)
		return;
	rows = focus_rows(m->bl, &m->ss->focus, &nrows);
	/* Current settings, the reference, then the compared options. */
	ys[nser] = view_fits(m, m->res) ? series(m, m->res, rows, nrows, out) :
	    NULL;
	names[nser++] = "current";
	ys[nser] = view_fits(m, m->ref) ? series(m, m->ref, rows, nrows, out) :
	    NULL;
	names[nser++] = m->ref_name;
	for (size_t k = 0; k < m->ss->ncompare; k++) {
		if (strcmp(m->ss->compare[k], m->ref_name) == 0)
			continue;
		ys[nser] = view_fits(m, m->cmp[k]) ? series(m, m->cmp[k], rows,
		    nrows, out) : NULL;
		names[nser++] = m->ss->compare[k];
	}
	for (size_t k = 0; k < nser; k++)
		ser[k] = (struct chart_series){ .y = ys[k], .n = ys[k] ?
		    (size_t)sc->years : 0, .role = (enum role)(ROLE_SERIES0 +
		    k), .marker = markers[k] };
	free(rows);

	/* Rounding noise is drawn and shown as 0 (the bands' too, below). */
	{
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
				lx += cells_printf(s, x + 1 + lx, r.y + 1,
				    iw - 1 - lx, ROLE_DIM, "same as %s",
				    names[1]);
			else {
				lx += cells_put(s, x + 1 + lx, r.y + 1,
				    iw - 1 - lx, chart_number_fit(b, sizeof b, s,
				    iw - 1 - lx, d, fmax(fabs(now),
				    fabs(ys[1][year])), o->unit, true),
				    view_change_role(o, d, fmax(CHART_NOISE, 1e-9 *
				    fmax(fabs(now), fabs(ys[1][year])))));
				lx += cells_printf(s, x + 1 + lx, r.y + 1,
				    iw - 1 - lx, ROLE_DIM, " vs %s", names[1]);
			}
			headline_chance(m, s, x + 1 + lx, r.y + 1, iw - 1 - lx,
			    year, out);
		}
	} else
		cells_put(s, x + 1, r.y + 1, iw - 1, m->computing ?
		    "computing..." : "no results yet", ROLE_BUSY);
	/* The bands: the middle 90% of the samples so far, around the
	 * current settings and the reference (drawn with the same draws). */
	{
		const struct sample_store	*fan[2] = { m->fan, m->fan_ref };
		long	area = m->ss->focus.kind == FOCUS_AREA ?
		    focus_area(m->bl, m->ss->focus.value) : SAMPLE_TOTAL;
		size_t	ngrp = 0, *grp = m->ss->focus.kind == FOCUS_GROUP ?
		    focus_rows(m->bl, &m->ss->focus, &ngrp) : NULL;

		for (size_t k = 0; k < 2; k++) {
			if ((m->ss->focus.kind == FOCUS_GROUP && grp == NULL) ||
			    fan[k] == NULL || m->fan_output != out ||
			    ys[k] == NULL || sample_store_count(fan[k]) < 2)
				continue;
			band_name[k] = band_of(sc, fan[k], area, grp, ngrp, out,
			    m->fan_want, names[k], band[k]);
			for (int t = 0; t < sc->years; t++)
				for (size_t e = 0; e < 2; e++)
					band[k][e][t] = chart_denoise(
					    band[k][e][t], scale);
			ser[k].lo = band[k][0];
			ser[k].hi = band[k][1];
			names[k] = band_name[k];
		}
		free(grp);
	}
	chart_draw(s, x, r.y + 2, iw, r.h - 4, ser, nser, sc->start + 1,
	    (int)year, o->unit);
	chart_legend(s, x + 1, r.y + r.h - 2, iw - 1, ser, names, nser);
	for (size_t k = 0; k < nser; k++)
		free(ys[k]);
	for (size_t k = 0; k < 2; k++) {
		free(band[k][0]);
		free(band[k][1]);
		free(band_name[k]);
	}
}
