/*
 * report: HTML and Markdown minutes of the options compared in a session.
 *
 * The document is built in a buffer (struct w) and written whole. Tables
 * and text go through one small set of writers (tab_*, w_text) that know
 * the format, so HTML and Markdown have the same content; every string
 * that comes from a script, a baseline or a session passes w_text, which
 * escapes it for the format. Charts are SVG (chart_svg), inline in HTML
 * and in files beside a Markdown report.
 *
 * What is computed here, from the results handed in: each output's total
 * over all areas by year (results_total), and for each option against the
 * reference each area's change in the last year, sorted into the areas
 * that gain and lose most (the output's "better" direction says which is
 * which); with samples, each option's 5/25/75/95% quantiles of the totals
 * as fan bands. Which options, and their results, come from the caller
 * (report-cli.c for `lever report` and the screen).
 *
 * Why one file of this length: HTML and Markdown are written by the same
 * walk over the options and outputs (settings, charts, winners and losers,
 * assumptions, footer); the SVG chart and the escaping are small parts of
 * it; the command line lives apart in report-cli.c.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "baseline.h"
#include "file.h"
#include "report.h"
#include "results.h"
#include "sample.h"
#include "scenario.h"
#include "sha256.h"
#include "util.h"

#define REPORT_TOP	5	/* areas in each winners and losers table */

/* Line colours (Okabe and Ito's, safe for colour blindness) and dashes,
 * so that options stay apart in print and in monochrome. */
static const char *const colours[] = { "#000000", "#0072B2", "#D55E00",
    "#009E73", "#CC79A7", "#E69F00", "#56B4E9" };
static const char *const dashes[] = { "", "7 4", "2 3", "9 3 2 3", "4 4",
    "1 2", "12 4" };

struct w {
	struct buf		 b;
	const struct report	*r;
	bool			 md;
	size_t			 ncols;		/* Markdown: the table's */
	size_t			 col;
	size_t			 nchart;	/* ids of charts so far */
};

/* Text from outside (script, baseline, session), escaped for the format. */
static void
w_text(struct w *w, const char *s)
{
	size_t	n, len;

	if (s == NULL)
		return;
	len = strlen(s);
	for (size_t i = 0; i < len; i += n) {
		unsigned char	c = (unsigned char)s[i];

		n = 1;
		if (c >= 0x80) {
			/* not UTF-8, or a C1 control (U+0080..U+009F: CSI
			 * among them, for a report shown on a terminal) */
			if ((n = utf8_len(s + i, len - i)) == 0 || (n == 2 &&
			    c == 0xc2 && (unsigned char)s[i + 1] < 0xa0)) {
				buf_adds(&w->b, "\xef\xbf\xbd");
				n = n == 0 ? 1 : n;
			} else
				buf_add(&w->b, s + i, n);
			continue;
		}
		if (c == '&')
			buf_adds(&w->b, "&amp;");
		else if (c == '<')
			buf_adds(&w->b, "&lt;");
		else if (c == '>')
			buf_adds(&w->b, "&gt;");
		else if (c == '"' && !w->md)
			buf_adds(&w->b, "&quot;");
		else if (c == '\'' && !w->md)
			buf_adds(&w->b, "&#39;");
		else if (c < 0x20 || c == 0x7f)
			buf_addc(&w->b, ' ');	/* newlines too: one line */
		else if (w->md && strchr("\\`*_[]#|~", c) != NULL) {
			buf_addc(&w->b, '\\');
			buf_addc(&w->b, (char)c);
		} else
			buf_addc(&w->b, (char)c);
	}
}

/* Markup of our own, written as it is. */
static void
w_lit(struct w *w, const char *s)
{
	buf_adds(&w->b, s);
}

/* Text of our own; numbers and words, never markup. */
static void w_fmt(struct w *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
w_fmt(struct w *w, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	w_text(w, s);
	free(s);
}

/* Numbers */

/* Digits of |V| rounded to a whole number, in groups of three. */
static void
grouped(struct buf *b, double v)
{
	char	 d[64];
	int	 n;

	n = snprintf(d, sizeof d, "%.0f", fabs(v));
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf_addc(b, ',');
		buf_addc(b, d[i]);
	}
}

static bool
is_money(const char *unit)
{
	return unit != NULL && strcmp(unit, "\xc2\xa3") == 0;
}

/* A value for a reader: "£32,252,416", "1,234 jobs", "0.7512 %". */
static char *
human(double v, const char *unit, bool sign)
{
	struct buf	b = { 0 };

	if (isnan(v))
		return xstrdup("n/a");
	if (v < 0 && !(fabs(v) < 0.5 && (fabs(v) >= 100 || is_money(unit))))
		buf_adds(&b, "\xe2\x88\x92");	/* minus sign */
	else if (sign && v > 0)
		buf_addc(&b, '+');
	if (is_money(unit))
		buf_adds(&b, "\xc2\xa3");
	if (fabs(v) >= 100 || is_money(unit))
		grouped(&b, v);
	else
		buf_printf(&b, "%.4g", fabs(v));
	if (unit != NULL && unit[0] != '\0' && !is_money(unit) &&
	    strcmp(unit, "count") != 0)
		buf_printf(&b, " %s", unit);
	buf_addc(&b, '\0');
	return b.data;
}

/* A short axis label: "1.2bn", "350m", "12k". */
static char *
short_num(double v, const char *unit)
{
	const char	*money = is_money(unit) ? "\xc2\xa3" : "";
	const char	*minus = v < 0 ? "\xe2\x88\x92" : "";
	double		 a = fabs(v);

	if (a >= 1e9)
		return xasprintf("%s%s%.3gbn", minus, money, a / 1e9);
	if (a >= 1e6)
		return xasprintf("%s%s%.3gm", minus, money, a / 1e6);
	if (a >= 1e4)
		return xasprintf("%s%s%.3gk", minus, money, a / 1e3);
	return xasprintf("%s%s%.4g", minus, money, a);
}

/* Tables, the same calls for both formats */

static void
tab_open(struct w *w)
{
	w->ncols = 0;
	w_lit(w, w->md ? "\n**" : "<table>\n<caption>");
}

static void
tab_head(struct w *w)
{
	w_lit(w, w->md ? "**\n\n|" : "</caption>\n<thead><tr>");
}

static void
tab_col(struct w *w, const char *text, bool num)
{
	w->ncols++;
	if (w->md) {
		w_lit(w, " ");
		w_text(w, text);
		w_lit(w, " |");
		return;
	}
	w_lit(w, num ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
	w_text(w, text);
	w_lit(w, "</th>");
}

static void
tab_body(struct w *w)
{
	if (w->md) {
		w_lit(w, "\n|");
		for (size_t i = 0; i < w->ncols; i++)
			w_lit(w, "---|");
		w_lit(w, "\n");
	} else
		w_lit(w, "</tr></thead>\n<tbody>\n");
}

static void
tab_row(struct w *w, const char *head)
{
	if (w->md) {
		w_lit(w, "| ");
		w_text(w, head);
		w_lit(w, " |");
		return;
	}
	w_lit(w, "<tr><th scope=\"row\">");
	w_text(w, head);
	w_lit(w, "</th>");
}

/* A cell; VALUE, when not NAN, also goes into data-value exactly. */
static void
tab_cell(struct w *w, const char *text, bool num, bool strong, double value)
{
	char	v[40];

	if (w->md) {
		w_lit(w, strong ? " **" : " ");
		w_text(w, text);
		w_lit(w, strong ? "** |" : " |");
		return;
	}
	w_lit(w, "<td");
	if (num || strong)
		buf_printf(&w->b, " class=\"%s%s%s\"", num ? "num" : "",
		    num && strong ? " " : "", strong ? "changed" : "");
	if (!isnan(value))
		buf_printf(&w->b, " data-value=\"%s\"",
		    fmt_double(v, sizeof v, value));
	w_lit(w, ">");
	if (strong)
		w_lit(w, "<strong>");
	w_text(w, text);
	if (strong)
		w_lit(w, "</strong>");
	w_lit(w, "</td>");
}

static void
tab_row_end(struct w *w)
{
	w_lit(w, w->md ? "\n" : "</tr>\n");
}

static void
tab_close(struct w *w)
{
	w_lit(w, w->md ? "\n" : "</tbody>\n</table>\n");
}

static void
heading(struct w *w, int level, const char *id, const char *text)
{
	if (w->md) {
		buf_printf(&w->b, "\n%.*s ", level, "######");
		w_text(w, text);
		w_lit(w, "\n\n");
		return;
	}
	if (id != NULL)
		buf_printf(&w->b, "<h%d id=\"%s\">", level, id);
	else
		buf_printf(&w->b, "<h%d>", level);
	w_text(w, text);
	buf_printf(&w->b, "</h%d>\n", level);
}

static void
para_open(struct w *w)
{
	w_lit(w, w->md ? "\n" : "<p>");
}

static void
para_close(struct w *w)
{
	w_lit(w, w->md ? "\n" : "</p>\n");
}

static void
para(struct w *w, const char *text)
{
	if (text == NULL || text[0] == '\0')
		return;
	para_open(w);
	w_text(w, text);
	para_close(w);
}

/* The options' settings */

static const char *
lever_label(const struct lever *lv)
{
	return lv->label != NULL && lv->label[0] != '\0' ? lv->label : lv->name;
}

static void
section_levers(struct w *w)
{
	const struct report	*r = w->r;
	const struct scenario	*sc = r->sc;
	const struct settings	*ref = r->opts[0].st;
	size_t			 nsame = 0;
	bool			*changed = xcalloc(sc->nlevers + 1,
				    sizeof *changed);

	heading(w, 2, "options", "Options and their levers");
	for (size_t i = 0; i < sc->nlevers; i++)
		for (size_t k = 1; k < r->nopts; k++)
			if (settings_lever_differs(sc, r->opts[k].st, ref,
			    i))
				changed[i] = true;
	para_open(w);
	w_fmt(w, "%zu option%s compared against the reference, ",
	    r->nopts - 1, r->nopts == 2 ? "" : "s");
	w_lit(w, w->md ? "**" : "<strong>");
	w_text(w, r->opts[0].name);
	w_lit(w, w->md ? "**" : "</strong>");
	w_text(w, ". Values that differ from the reference are in bold.");
	para_close(w);
	for (size_t i = 0; i < sc->nlevers; i++)
		nsame += !changed[i];
	if (nsame < sc->nlevers) {
		tab_open(w);
		w_text(w, "Levers each option changes");
		tab_head(w);
		tab_col(w, "Lever", false);
		for (size_t k = 0; k < r->nopts; k++) {
			char	*h = k == 0 ? xasprintf("%s (reference)",
			    r->opts[0].name) : xstrdup(r->opts[k].name);

			tab_col(w, h, false);
			free(h);
		}
		tab_body(w);
		for (size_t i = 0; i < sc->nlevers; i++) {
			if (!changed[i])
				continue;
			tab_row(w, lever_label(&sc->levers[i]));
			for (size_t k = 0; k < r->nopts; k++) {
				char	*v = settings_format(sc, r->opts[k].st, i);

				tab_cell(w, v, false, k > 0 &&
				    settings_lever_differs(sc, r->opts[k].st,
				    ref, i), NAN);
				free(v);
			}
			tab_row_end(w);
		}
		tab_close(w);
	} else if (r->nopts > 1)
		para(w, "No option changes a lever.");
	if (nsame > 0) {
		bool	first = true;

		para_open(w);
		w_text(w, nsame == sc->nlevers ? "Every lever is as in the "
		    "reference: " : "Every other lever is as in the reference: ");
		for (size_t i = 0; i < sc->nlevers; i++) {
			char	*v;

			if (changed[i])
				continue;
			v = settings_format(sc, ref, i);
			if (!first)
				w_text(w, "; ");
			w_text(w, lever_label(&sc->levers[i]));
			w_text(w, " ");
			w_text(w, v);
			free(v);
			first = false;
		}
		w_text(w, ".");
		para_close(w);
	}
	free(changed);
}

/* Charts */

struct series {
	double	*v;		/* nyears totals */
};

/* A round step for about four intervals over LO..HI. */
static double
nice_step(double lo, double hi)
{
	double	raw = (hi - lo) / 4, mag, norm;

	if (!(raw > 0) || !isfinite(raw))
		return 1;
	mag = pow(10, floor(log10(raw)));
	norm = raw / mag;
	return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
}

/* Option K's samples, or NULL. */
static const struct sample_store *
band(const struct report *r, size_t k)
{
	return r->samples != NULL ? r->samples[k] : NULL;
}

/* The P quantile of option K's total of output O in year Y. */
static double
band_at(const struct report *r, size_t k, size_t y, size_t o, double p)
{
	return sample_store_quantile(band(r, k), SAMPLE_TOTAL, y, o, p);
}

/*
 * An SVG line chart of output O's yearly totals, one line per option.
 * STANDALONE: a file of its own (an XML declaration). Returns false (and
 * writes nothing) when the output has no totals.
 */
static bool
chart_svg(struct w *w, size_t o, bool standalone)
{
	const struct report	*r = w->r;
	const struct scenario	*sc = r->sc;
	const struct output	*out = &sc->outputs[o];
	size_t			 ny = r->opts[0].res->nyears, id = ++w->nchart;
	double			 lo = INFINITY, hi = -INFINITY, step, x0 = 86,
				 x1 = 624, y0 = 24, y1 = 214, width = 640;
	double			 height, *tot;
	bool			 md = w->md;

	if (out->total == TOTAL_NONE || ny == 0)
		return false;
	tot = xcalloc(r->nopts * ny, sizeof *tot);
	for (size_t k = 0; k < r->nopts; k++)
		for (size_t y = 0; y < ny; y++) {
			double	v = results_total(r->opts[k].res, sc, r->bl,
			    NULL, 0, o, y);

			tot[k * ny + y] = v;
			if (isfinite(v)) {
				lo = fmin(lo, v);
				hi = fmax(hi, v);
			}
			if (band(r, k) != NULL) {
				double	b0 = band_at(r, k, y, o, 0.05);
				double	b1 = band_at(r, k, y, o, 0.95);

				if (isfinite(b0) && isfinite(b1)) {
					lo = fmin(lo, b0);
					hi = fmax(hi, b1);
				}
			}
		}
	if (!isfinite(lo)) {
		free(tot);
		return false;
	}
	if (hi - lo <= 1e-9 * fmax(fabs(hi), fabs(lo))) {
		double	pad = fabs(hi) > 0 ? fabs(hi) * 0.1 : 1;

		lo -= pad;
		hi += pad;
	}
	step = nice_step(lo, hi);
	lo = floor(lo / step) * step;
	hi = ceil(hi / step) * step;
	height = y1 + 40 + 18 * (double)((r->nopts + 2) / 3);

	w->md = false;		/* inside SVG, XML escaping */
	if (standalone)
		w_lit(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	buf_printf(&w->b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
	    "role=\"img\" aria-labelledby=\"chart%zu-t chart%zu-d\" "
	    "font-family=\"Arial, Helvetica, sans-serif\" font-size=\"11\" "
	    "class=\"chart\">\n<title id=\"chart%zu-t\">", width, height, width,
	    height, id, id, id);
	w_text(w, out->label);
	w_fmt(w, ": total of all areas by year, %d to %d",
	    sc->start + 1, sc->start + (int)ny);
	buf_printf(&w->b, "</title>\n<desc id=\"chart%zu-d\">", id);
	w_fmt(w, "Line chart, one line per option. ");
	if (r->samples != NULL)
		w_fmt(w, "Shaded bands: the middle 50%% and 90%% of the "
		    "totals over %zu samples of the uncertain assumptions. ",
		    r->nsamples);
	for (size_t k = 0; k < r->nopts; k++) {
		char	*a = human(tot[k * ny], out->unit, false);
		char	*b = human(tot[k * ny + ny - 1], out->unit, false);

		w_text(w, r->opts[k].name);
		w_fmt(w, ": %s in %d, %s in %d", a, sc->start + 1, b,
		    sc->start + (int)ny);
		free(a);
		free(b);
		if (band(r, k) != NULL) {
			a = human(band_at(r, k, ny - 1, o, 0.05), out->unit,
			    false);
			b = human(band_at(r, k, ny - 1, o, 0.95), out->unit,
			    false);
			w_fmt(w, " (90%% of samples from %s to %s)", a, b);
			free(a);
			free(b);
		}
		w_text(w, ". ");
	}
	w_lit(w, "</desc>\n");
	buf_printf(&w->b, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" "
	    "fill=\"#ffffff\"/>\n", width, height);
	/* the value axis: grid lines and labels */
	for (double t = lo; t <= hi + step / 2; t += step) {
		double	 yy = y1 - (t - lo) / (hi - lo) * (y1 - y0);
		char	*lab = short_num(fabs(t) < step / 1e6 ? 0 : t,
			    out->unit);

		buf_printf(&w->b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"#d0d0d0\" stroke-width=\"1\"/>"
		    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
		    "fill=\"#333333\">", x0, yy, x1, yy, x0 - 6, yy + 4);
		w_text(w, lab);
		w_lit(w, "</text>\n");
		free(lab);
	}
	/* the year axis */
	for (size_t y = 0; y < ny; y++) {
		double	xx = ny == 1 ? (x0 + x1) / 2 :
			    x0 + (double)y / (double)(ny - 1) * (x1 - x0);

		buf_printf(&w->b, "<text x=\"%.1f\" y=\"%.1f\" "
		    "text-anchor=\"middle\" fill=\"#333333\">%d</text>\n", xx,
		    y1 + 16, sc->start + 1 + (int)y);
	}
	buf_printf(&w->b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
	    "y2=\"%.1f\" stroke=\"#333333\"/>\n", x0, y1, x1, y1);
	/* fan bands under the lines: 5-95% light, 25-75% darker */
	for (size_t k = 0; k < r->nopts; k++) {
		static const double	qs[2][2] = { { 0.05, 0.95 },
					    { 0.25, 0.75 } };

		if (band(r, k) == NULL)
			continue;
		for (size_t q = 0; q < 2; q++) {
			buf_printf(&w->b, "<polygon fill=\"%s\" "
			    "fill-opacity=\"%s\" stroke=\"none\" points=\"",
			    colours[k % nitems(colours)], q == 0 ? "0.12" :
			    "0.22");
			for (size_t i = 0; i < 2 * ny; i++) {
				size_t	y = i < ny ? i : 2 * ny - 1 - i;
				double	v = band_at(r, k, y, o,
					    qs[q][i < ny ? 1 : 0]);
				double	xx = ny == 1 ? (x0 + x1) / 2 : x0 +
					    (double)y / (double)(ny - 1) *
					    (x1 - x0);

				if (!isfinite(v))
					v = tot[k * ny + y];
				buf_printf(&w->b, "%s%.1f,%.1f", i ? " " : "",
				    xx, y1 - (v - lo) / (hi - lo) * (y1 - y0));
			}
			w_lit(w, "\"/>\n");
		}
	}
	/* one line per option */
	for (size_t k = 0; k < r->nopts; k++) {
		const char	*c = colours[k % nitems(colours)];
		const char	*d = dashes[k % nitems(dashes)];

		buf_printf(&w->b, "<polyline fill=\"none\" stroke=\"%s\" "
		    "stroke-width=\"2\"%s%s%s points=\"", c,
		    d[0] ? " stroke-dasharray=\"" : "", d, d[0] ? "\"" : "");
		for (size_t y = 0; y < ny; y++) {
			double	v = tot[k * ny + y];
			double	xx = ny == 1 ? (x0 + x1) / 2 :
				    x0 + (double)y / (double)(ny - 1) * (x1 - x0);

			if (isfinite(v))
				buf_printf(&w->b, "%s%.1f,%.1f", y ? " " : "",
				    xx, y1 - (v - lo) / (hi - lo) * (y1 - y0));
		}
		w_lit(w, "\"/>\n");
	}
	/* the legend, three to a row */
	for (size_t k = 0; k < r->nopts; k++) {
		double		 lx = x0 + (double)(k % 3) * 180;
		double		 ly = y1 + 38 + 18 * (double)(k / 3);
		const char	*c = colours[k % nitems(colours)];
		const char	*d = dashes[k % nitems(dashes)];

		buf_printf(&w->b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"%s%s%s/>"
		    "<text x=\"%.1f\" y=\"%.1f\" fill=\"#111111\">", lx, ly - 4,
		    lx + 28, ly - 4, c, d[0] ? " stroke-dasharray=\"" : "", d,
		    d[0] ? "\"" : "", lx + 34, ly);
		w_text(w, r->opts[k].name);
		w_lit(w, "</text>\n");
	}
	w_lit(w, "</svg>\n");
	w->md = md;
	free(tot);
	return true;
}

/* Outputs */

/* The yearly totals as a table: the chart's numbers, for every reader. */
static void
totals_table(struct w *w, size_t o)
{
	const struct report	*r = w->r;
	const struct scenario	*sc = r->sc;
	const struct output	*out = &sc->outputs[o];
	size_t			 ny = r->opts[0].res->nyears;

	tab_open(w);
	w_text(w, out->label);
	w_text(w, ": total of all areas by year");
	tab_head(w);
	tab_col(w, "Year", false);
	for (size_t k = 0; k < r->nopts; k++)
		tab_col(w, r->opts[k].name, true);
	for (size_t k = 0; k < r->nopts; k++)
		if (band(r, k) != NULL) {
			char	*h = xasprintf("%s: 5%% to 95%% of samples",
			    r->opts[k].name);

			tab_col(w, h, true);
			free(h);
		}
	tab_body(w);
	for (size_t y = 0; y < ny; y++) {
		char	yr[16];

		snprintf(yr, sizeof yr, "%d", sc->start + 1 + (int)y);
		tab_row(w, yr);
		for (size_t k = 0; k < r->nopts; k++) {
			double	 v = results_total(r->opts[k].res, sc, r->bl,
			    NULL, 0, o, y);
			char	*t = human(v, out->unit, false);

			tab_cell(w, t, true, false, v);
			free(t);
		}
		for (size_t k = 0; k < r->nopts; k++) {
			char	*a, *b, *t;

			if (band(r, k) == NULL)
				continue;
			a = human(band_at(r, k, y, o, 0.05), out->unit, false);
			b = human(band_at(r, k, y, o, 0.95), out->unit, false);
			t = xasprintf("%s to %s", a, b);
			tab_cell(w, t, true, false, NAN);
			free(a);
			free(b);
			free(t);
		}
		tab_row_end(w);
	}
	tab_close(w);
}

struct change {
	size_t	area;
	double	good;		/* the change, signed so that more is better */
};

static int
by_good(const void *a, const void *b)
{
	const struct change	*x = a, *y = b;

	if (x->good != y->good)
		return x->good > y->good ? -1 : 1;
	return x->area < y->area ? -1 : x->area > y->area;
}

static void
area_rows(struct w *w, const struct change *ch, size_t n, size_t o,
    size_t k)
{
	const struct report	*r = w->r;
	const struct baseline	*bl = r->bl;
	const struct output	*out = &r->sc->outputs[o];
	size_t			 y = r->opts[0].res->nyears - 1;

	for (size_t i = 0; i < n; i++) {
		size_t	 a = ch[i].area;
		double	 v0 = *results_at(r->opts[0].res, a, y, o);
		double	 v1 = *results_at(r->opts[k].res, a, y, o);
		char	*t;

		tab_row(w, baseline_text(bl, a, bl->name_col));
		tab_cell(w, baseline_text(bl, a, bl->id_col), false, false, NAN);
		t = human(v0, out->unit, false);
		tab_cell(w, t, true, false, v0);
		free(t);
		t = human(v1, out->unit, false);
		tab_cell(w, t, true, false, v1);
		free(t);
		t = human(v1 - v0, out->unit, true);
		tab_cell(w, t, true, false, v1 - v0);
		free(t);
		tab_row_end(w);
	}
}

static void
area_table(struct w *w, const char *title, size_t o, size_t k,
    const struct change *ch, size_t n)
{
	const struct report	*r = w->r;
	int			 year = r->sc->start + (int)r->opts[0].res->nyears;

	tab_open(w);
	w_text(w, title);
	w_fmt(w, " in %d: ", year);
	w_text(w, r->opts[k].name);
	w_text(w, " against ");
	w_text(w, r->opts[0].name);
	tab_head(w);
	tab_col(w, "Area", false);
	tab_col(w, "Code", false);
	tab_col(w, r->opts[0].name, true);
	tab_col(w, r->opts[k].name, true);
	tab_col(w, "Change", true);
	tab_body(w);
	area_rows(w, ch, n, o, k);
	tab_close(w);
}

/* Winners and losers of option K against the reference on output O. */
static void
winners_losers(struct w *w, size_t o, size_t k)
{
	const struct report	*r = w->r;
	const struct output	*out = &r->sc->outputs[o];
	const struct results	*r0 = r->opts[0].res, *r1 = r->opts[k].res;
	size_t			 y = r0->nyears - 1, n = 0, up = 0, down = 0;
	double			 dir = out->better == BETTER_LOWER ? -1 : 1;
	struct change		*ch = xcalloc(r0->nareas + 1, sizeof *ch);
	bool			 neither = out->better == BETTER_NEITHER;
	char			*h;

	for (size_t a = 0; a < r0->nareas; a++) {
		double	v0 = *results_at(r0, a, y, o), v1 = *results_at(r1, a, y, o);
		double	d = v1 - v0;

		if (!isfinite(d) || fabs(d) <= 1e-9 * fmax(fabs(v0), fabs(v1)))
			continue;
		ch[n].area = a;
		ch[n++].good = d * dir;
	}
	qsort(ch, n, sizeof *ch, by_good);
	for (size_t i = 0; i < n; i++) {
		up += ch[i].good > 0;
		down += ch[i].good < 0;
	}
	h = xasprintf("%s: %s against %s", out->label, r->opts[k].name,
	    r->opts[0].name);
	heading(w, 4, NULL, h);
	free(h);
	para_open(w);
	if (neither)
		w_fmt(w, "In %d, %zu area%s higher, %zu lower, %zu as in the "
		    "reference (this output is not better either way).",
		    r->sc->start + (int)r0->nyears, up, up == 1 ? " is" :
		    "s are", down, r0->nareas - n);
	else
		w_fmt(w, "In %d, %zu area%s better off, %zu worse off, %zu "
		    "unchanged (%s is better).", r->sc->start +
		    (int)r0->nyears, up, up == 1 ? " is" : "s are", down,
		    r0->nareas - n, dir > 0 ? "higher" : "lower");
	para_close(w);
	if (up > 0)
		area_table(w, neither ? "Largest increases" : "Gain most", o,
		    k, ch, up < REPORT_TOP ? up : REPORT_TOP);
	if (down > 0) {
		size_t	m = down < REPORT_TOP ? down : REPORT_TOP;
		struct change	*worst = xcalloc(m, sizeof *worst);

		for (size_t i = 0; i < m; i++)
			worst[i] = ch[n - 1 - i];
		area_table(w, neither ? "Largest decreases" : "Lose most", o,
		    k, worst, m);
		free(worst);
	}
	free(ch);
}

/* The file a Markdown report's chart of output O goes in. */
static char *
svg_name(const char *base, const struct output *out, size_t o)
{
	for (const char *p = out->name; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
			return xasprintf("%s-output%zu.svg", base, o + 1);
	return xasprintf("%s-%s.svg", base, out->name);
}

struct svgfile {
	char		*path;
	struct buf	 b;
};

static void
section_outputs(struct w *w, const char *svgbase, struct svgfile **files,
    size_t *nfiles)
{
	const struct report	*r = w->r;
	const struct scenario	*sc = r->sc;

	heading(w, 2, "outputs", "Outputs");
	for (size_t o = 0; o < sc->noutputs; o++) {
		const struct output	*out = &sc->outputs[o];
		char			*h, id[32];

		snprintf(id, sizeof id, "output%zu", o + 1);
		if (!w->md) {
			w_lit(w, "<section class=\"output\" data-output=\"");
			w_text(w, out->name);
			w_lit(w, "\">\n");
		}
		h = out->unit != NULL && out->unit[0] != '\0' ?
		    xasprintf("%s (%s)", out->label, out->unit) :
		    xstrdup(out->label);
		heading(w, 3, id, h);
		free(h);
		para(w, out->description);
		if (w->md) {
			struct w	sw = { { 0 }, r, false, 0, 0, w->nchart };

			if (svgbase != NULL && chart_svg(&sw, o, true)) {
				char	*path = svg_name(svgbase, out, o);
				char	*slash = strrchr(path, '/');

				w->nchart = sw.nchart;
				*files = xreallocarray(*files, *nfiles + 1,
				    sizeof **files);
				(*files)[*nfiles].path = path;
				(*files)[(*nfiles)++].b = sw.b;
				w_lit(w, "\n![");
				w_text(w, out->label);
				w_text(w, ": total of all areas by year, one "
				    "line per option");
				w_lit(w, "](");
				/* our own file name: safe characters only */
				w_lit(w, slash != NULL ? slash + 1 : path);
				w_lit(w, ")\n");
			} else
				buf_free(&sw.b);
		} else {
			w_lit(w, "<figure>\n");
			if (chart_svg(w, o, false)) {
				w_lit(w, "<figcaption>");
				w_text(w, out->label);
				w_text(w, ": total of all areas by year; the "
				    "numbers are in the table below.");
				w_lit(w, "</figcaption>\n");
			}
			w_lit(w, "</figure>\n");
		}
		if (out->total != TOTAL_NONE)
			totals_table(w, o);
		else
			para(w, "This output has no total across areas.");
		for (size_t k = 1; k < r->nopts; k++)
			winners_losers(w, o, k);
		if (!w->md)
			w_lit(w, "</section>\n");
	}
}

/* Assumptions */

static void
section_assumptions(struct w *w)
{
	const struct report	*r = w->r;
	const struct scenario	*sc = r->sc;
	bool			 any = false;

	heading(w, 2, "assumptions", "Assumptions");
	if (sc->nassumptions == 0) {
		para(w, "The scenario declares no assumptions.");
		return;
	}
	for (size_t k = 1; k < r->nopts; k++)
		for (size_t i = 0; i < sc->nassumptions; i++)
			if (r->opts[k].st->assumptions[i] !=
			    r->opts[0].st->assumptions[i])
				any = true;
	tab_open(w);
	w_text(w, "Assumptions, their values and sources");
	tab_head(w);
	tab_col(w, "Assumption", false);
	tab_col(w, any ? "Value (reference)" : "Value", true);
	tab_col(w, "Unit", false);
	tab_col(w, "Source", false);
	if (any)
		for (size_t k = 1; k < r->nopts; k++)
			tab_col(w, r->opts[k].name, true);
	tab_body(w);
	for (size_t i = 0; i < sc->nassumptions; i++) {
		const struct assumption	*a = &sc->assumptions[i];
		char			 v[40];

		tab_row(w, a->label != NULL && a->label[0] != '\0' ? a->label :
		    a->name);
		tab_cell(w, fmt_double(v, sizeof v, r->opts[0].st->assumptions[i]),
		    true, false, r->opts[0].st->assumptions[i]);
		tab_cell(w, a->unit, false, false, NAN);
		tab_cell(w, a->source != NULL && a->source[0] != '\0' ?
		    a->source : "(none given)", false, false, NAN);
		if (any)
			for (size_t k = 1; k < r->nopts; k++) {
				double	x = r->opts[k].st->assumptions[i];

				tab_cell(w, fmt_double(v, sizeof v, x), true,
				    x != r->opts[0].st->assumptions[i], x);
			}
		tab_row_end(w);
	}
	tab_close(w);
}

/* Reproducing the numbers */

/* ARG quoted for a POSIX shell when it needs to be. */
static void
shell_arg(struct buf *b, const char *arg)
{
	if (arg[0] != '\0' && strspn(arg, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.,/=:+@%") == strlen(arg)) {
		buf_adds(b, arg);
		return;
	}
	buf_addc(b, '\'');
	for (; *arg != '\0'; arg++)
		if (*arg == '\'')
			buf_adds(b, "'\\''");
		else
			buf_addc(b, *arg);
	buf_addc(b, '\'');
}

static void
set_arg(struct buf *b, const char *name, const char *part, const char *value)
{
	char	*a = part != NULL ? xasprintf("%s.%s=%s", name, part, value) :
		    xasprintf("%s=%s", name, value);

	buf_adds(b, " --set ");
	shell_arg(b, a);
	free(a);
}

/* `lever run` with the --set options that make ST from the defaults. */
static char *
run_command(const struct report *r, const struct settings *st)
{
	const struct scenario	*sc = r->sc;
	struct settings		*def = settings_new(sc);
	struct buf		 b = { 0 };
	char			 v[40];

	buf_adds(&b, "lever run ");
	shell_arg(&b, sc->path);
	for (size_t i = 0; i < sc->nlevers; i++) {
		const struct lever		*lv = &sc->levers[i];
		const struct lever_value	*x = &st->levers[i];

		if (!settings_lever_differs(sc, st, def, i))
			continue;
		switch (lv->kind) {
		case LEVER_SLIDER:
			set_arg(&b, lv->name, NULL, fmt_double(v, sizeof v,
			    x->num));
			break;
		case LEVER_CHOICE:
			set_arg(&b, lv->name, NULL, lv->options[x->choice]);
			break;
		case LEVER_TOGGLE:
			set_arg(&b, lv->name, NULL, x->on ? "true" : "false");
			break;
		case LEVER_SPLIT:
			for (size_t j = 0; j < lv->nparts; j++)
				set_arg(&b, lv->name, lv->parts[j],
				    fmt_double(v, sizeof v, x->parts[j]));
			break;
		}
	}
	for (size_t i = 0; i < sc->nassumptions; i++)
		if (st->assumptions[i] != def->assumptions[i])
			set_arg(&b, sc->assumptions[i].name, NULL,
			    fmt_double(v, sizeof v, st->assumptions[i]));
	if (st->seed != def->seed)
		buf_printf(&b, " --seed %llu", (unsigned long long)st->seed);
	{
		char	*named = scenario_baseline_path(sc);
		char	 a[PATH_MAX], c[PATH_MAX];

		if (named == NULL || realpath(named, a) == NULL ||
		    realpath(r->bl->path, c) == NULL || strcmp(a, c) != 0) {
			buf_adds(&b, " --baseline ");
			shell_arg(&b, r->bl->path);
		}
		free(named);
	}
	buf_addc(&b, '\0');
	settings_free(def);
	return b.data;
}

static void
today(const struct report *r, char *out, size_t len)
{
	const char	*sde = getenv("SOURCE_DATE_EPOCH");
	time_t		 t = time(NULL);
	struct tm	 tm;

	if (r->date != NULL) {
		snprintf(out, len, "%s", r->date);
		return;
	}
	if (sde != NULL && sde[0] != '\0')
		t = (time_t)strtoll(sde, NULL, 10);
	gmtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%d", &tm);
}

static void
section_footer(struct w *w)
{
	const struct report	*r = w->r;
	char			 hs[65], hb[65], date[64];

	if (sha256_file(r->sc->path, hs) == -1)
		snprintf(hs, sizeof hs, "(unreadable: %s)", strerror(errno));
	if (sha256_file(r->bl->path, hb) == -1)
		snprintf(hb, sizeof hb, "(unreadable: %s)", strerror(errno));
	today(r, date, sizeof date);
	if (!w->md)
		w_lit(w, "</main>\n<footer>\n");
	heading(w, 2, "reproduce", "Reproducing these numbers");
	para(w, "Each option's numbers come from lever run with these "
	    "settings on the same scenario and baseline:");
	if (!w->md)
		w_lit(w, "<ul>\n");
	for (size_t k = 0; k < r->nopts; k++) {
		char	*cmd = run_command(r, r->opts[k].st);

		w_lit(w, w->md ? "- " : "<li>");
		w_text(w, r->opts[k].name);
		w_lit(w, w->md ? ": `" : ": <code>");
		if (w->md) {
			/* inside a code span: no escapes, no backquotes */
			for (char *p = cmd; *p != '\0'; p++)
				if (*p == '`' || (unsigned char)*p < 0x20)
					*p = '\'';
			w_lit(w, cmd);
		} else
			w_text(w, cmd);
		w_lit(w, w->md ? "`\n" : "</code></li>\n");
		free(cmd);
	}
	if (!w->md)
		w_lit(w, "</ul>\n");
	tab_open(w);
	w_text(w, "Inputs");
	tab_head(w);
	tab_col(w, "Input", false);
	tab_col(w, "File", false);
	tab_col(w, "SHA-256", false);
	tab_body(w);
	tab_row(w, "Scenario");
	tab_cell(w, r->sc->path, false, false, NAN);
	tab_cell(w, hs, false, false, NAN);
	tab_row_end(w);
	tab_row(w, "Baseline");
	tab_cell(w, r->bl->path, false, false, NAN);
	tab_cell(w, hb, false, false, NAN);
	tab_row_end(w);
	/* the modules the script required hold rules too */
	for (size_t i = 0; i < r->sc->nmodules; i++) {
		if (sha256_file(r->sc->modules[i], hs) == -1)
			snprintf(hs, sizeof hs, "(unreadable: %s)",
			    strerror(errno));
		tab_row(w, "Module");
		tab_cell(w, r->sc->modules[i], false, false, NAN);
		tab_cell(w, hs, false, false, NAN);
		tab_row_end(w);
	}
	tab_close(w);
	para_open(w);
	w_fmt(w, "Written by lever %s on %s. ", PACKAGE_VERSION, date);
	w_fmt(w, "%zu areas, %zu years from %d.", r->bl->nrows,
	    r->opts[0].res->nyears, r->sc->start + 1);
	para_close(w);
	if (!w->md)
		w_lit(w, "</footer>\n");
}

static const char css[] =
"body{font-family:Arial,Helvetica,sans-serif;color:#111;background:#fff;"
"max-width:62rem;margin:1rem auto;padding:0 1rem;line-height:1.4}\n"
"h1{font-size:1.6rem}h2{font-size:1.3rem;border-bottom:1px solid #999;"
"margin-top:2rem}h3{font-size:1.1rem}h4{font-size:1rem;margin-bottom:.2rem}\n"
"table{border-collapse:collapse;margin:.4rem 0 1rem;font-size:.85rem}\n"
"th,td{border:1px solid #aaa;padding:.15rem .4rem;text-align:left;"
"vertical-align:top}\n"
"thead th{background:#eee}td.num,th.num{text-align:right;"
"font-variant-numeric:tabular-nums;white-space:nowrap}\n"
"td.changed{background:#fff2b3}caption{text-align:left;font-weight:bold;"
"padding:.2rem 0}\n"
"figure{margin:.5rem 0}figcaption{font-size:.85rem;color:#333}\n"
"svg.chart{max-width:100%;height:auto}code{word-break:break-all}\n"
"@media print{@page{size:A4;margin:14mm}body{max-width:none;margin:0;"
"padding:0;font-size:9.5pt}h2{break-before:auto}h2,h3,h4{break-after:avoid}"
"table,figure{break-inside:avoid}thead{display:table-header-group}"
"td.changed{background:none}a{color:inherit;text-decoration:none}}\n";

/* The whole document into W->b; Markdown charts into FILES. */
static void
render(struct w *w, const char *svgbase, struct svgfile **files,
    size_t *nfiles)
{
	const struct report	*r = w->r;
	const struct scenario	*sc = r->sc;
	char			 date[64];

	today(r, date, sizeof date);
	if (!w->md) {
		w_lit(w, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
		    "content=\"width=device-width, initial-scale=1\">\n"
		    "<meta name=\"generator\" content=\"lever " PACKAGE_VERSION
		    "\">\n<title>");
		w_text(w, sc->title);
		w_fmt(w, ": options compared, %s", date);
		w_lit(w, "</title>\n<style>\n");
		w_lit(w, css);
		w_lit(w, "</style>\n</head>\n<body>\n<header>\n");
	}
	heading(w, 1, NULL, sc->title);
	para(w, sc->description);
	para_open(w);
	w_fmt(w, "Options compared on %s. %zu areas from ", date,
	    r->bl->nrows);
	w_text(w, r->bl->path);
	w_fmt(w, ", %zu years from %d.", r->opts[0].res->nyears,
	    sc->start + 1);
	para_close(w);
	if (!w->md)
		w_lit(w, "</header>\n<main>\n");
	section_levers(w);
	section_outputs(w, svgbase, files, nfiles);
	section_assumptions(w);
	section_footer(w);
	if (!w->md)
		w_lit(w, "</body>\n</html>\n");
}

/* Write LEN bytes to PATH whole or not at all; -1 with *CAUSE. */
static int
write_atomic(const char *path, const void *data, size_t len, char **cause)
{
	struct stat	 sb;
	int		 rc;

	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		*cause = xasprintf("%s: not a regular file; give the name of a "
		    "file to write", path);
		return -1;
	}
	if ((rc = file_write_data(path, FILE_KEEP_MODE, data, len)) ==
	    FILE_NOT_MADE)
		*cause = xasprintf("%s: cannot write: %s", path, strerror(errno));
	else if (rc == FILE_NOT_WRITTEN)
		*cause = xasprintf("%s: writing failed (%s); nothing was "
		    "written", path, strerror(errno));
	return rc == 0 ? 0 : -1;
}

int
report_write_stream(FILE *f, const struct report *r, char **cause)
{
	struct w	w = { { 0 }, r, false, 0, 0, 0 };

	*cause = NULL;
	if (r->format != REPORT_HTML) {
		*cause = xstrdup("a Markdown report needs a file name (-o), "
		    "for its charts to go beside it");
		return -1;
	}
	render(&w, NULL, NULL, NULL);
	if (fwrite(w.b.data, 1, w.b.len, f) != w.b.len || fflush(f) == EOF) {
		*cause = xasprintf("writing the report failed: %s",
		    strerror(errno));
		buf_free(&w.b);
		return -1;
	}
	buf_free(&w.b);
	return 0;
}

int
report_write(const char *path, const struct report *r, char **cause)
{
	struct w	 w = { { 0 }, r, r->format == REPORT_MARKDOWN, 0, 0, 0 };
	struct svgfile	*files = NULL;
	size_t		 nfiles = 0;
	char		*base = NULL, *dot, *slash;
	int		 rc = 0;

	*cause = NULL;
	if (w.md) {
		base = xstrdup(path);
		dot = strrchr(base, '.');
		slash = strrchr(base, '/');
		if (dot != NULL && (slash == NULL || dot > slash + 1))
			*dot = '\0';
	}
	render(&w, base, &files, &nfiles);
	/* the charts first: a report never names a chart not written */
	for (size_t i = 0; i < nfiles && rc == 0; i++)
		rc = write_atomic(files[i].path, files[i].b.data,
		    files[i].b.len, cause);
	if (rc == 0)
		rc = write_atomic(path, w.b.data, w.b.len, cause);
	for (size_t i = 0; i < nfiles; i++) {
		free(files[i].path);
		buf_free(&files[i].b);
	}
	free(files);
	free(base);
	buf_free(&w.b);
	return rc;
}
