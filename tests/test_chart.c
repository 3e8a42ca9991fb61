/*
 * The chart over whole input spaces: every straight line inside a 64x64
 * box of dots ends at its end point with the expected number of dots, each
 * a king's move from the last; and chart_draw finishes and stays inside its
 * box for every box size up to 250x80 and many kinds of series. At every
 * size, with and without Unicode and braille: the year labels step by a
 * regular stride from the first year, each under a tick; the selected year
 * is marked; every series shows its own glyph at its yearly values.
 */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <stdbool.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cells.h"
#include "chart.h"
#include "util.h"

#include "check.h"

#define BOX	64

struct walk {
	int	x, y;		/* the last dot */
	int	n;		/* dots so far */
	int	limit;		/* more than this is a runaway */
	int	bad;		/* a dot not next to the last one */
};

static void
step(void *arg, int x, int y)
{
	struct walk	*w = arg;

	if (w->n > 0 && (abs(x - w->x) > 1 || abs(y - w->y) > 1 ||
	    (x == w->x && y == w->y)))
		w->bad++;
	w->x = x;
	w->y = y;
	w->n++;
}

static int
max(int a, int b)
{
	return a > b ? a : b;
}

/* Every segment between two dots of the box. */
static void
test_lines(void)
{
	long	wrong = 0;

	for (int x0 = 0; x0 < BOX; x0++)
	for (int y0 = 0; y0 < BOX; y0++)
	for (int x1 = 0; x1 < BOX; x1++)
	for (int y1 = 0; y1 < BOX; y1++) {
		struct walk	w = { 0 };
		int		want = max(abs(x1 - x0), abs(y1 - y0)) + 1;
		int		n = chart_line(x0, y0, x1, y1, step, &w);

		if (n != want || w.n != want || w.bad != 0 || w.x != x1 ||
		    w.y != y1) {
			if (wrong++ < 10)
				fprintf(stderr, "line (%d,%d)-(%d,%d): %d dots,"
				    " want %d, ends at (%d,%d)\n", x0, y0, x1,
				    y1, w.n, want, w.x, w.y);
		}
	}
	CHECK(wrong == 0);
	/* Far ends outside any screen still end. */
	{
		struct walk	w = { 0 };

		CHECK(chart_line(-5000, 3, 7000, -2000, step, &w) == 12001);
		CHECK(w.x == 7000 && w.y == -2000 && w.bad == 0);
	}
}

/* A series shape for test case K over N years. */
static void
series(double *y, int n, int k)
{
	for (int i = 0; i < n; i++) {
		switch (k % 8) {
		case 0: y[i] = i; break;
		case 1: y[i] = -1e9 * i * i; break;
		case 2: y[i] = 7.45e-9 * (i % 3); break;
		case 3: y[i] = 42; break;
		case 4: y[i] = i == n / 2 ? NAN : sin(i) * 1e6; break;
		case 5: y[i] = i % 2 ? 1e300 : -1e300; break;
		case 6: y[i] = i % 2 ? INFINITY : 3; break;
		default: y[i] = (double)((i * 7919 + k * 31) % 97) - 48; break;
		}
	}
}

/* chart_draw at every size, with writes only inside its box. */
static void
test_sizes(void)
{
	double			 y[5][12], blo[12], bhi[12];
	struct chart_series	 ser[5];
	long			 outside = 0;

	memset(ser, 0, sizeof ser);
	for (int k = 0; k < 5; k++) {
		ser[k].y = y[k];
		ser[k].role = (enum role)(ROLE_SERIES0 + k);
		ser[k].marker = (char)('1' + k);
	}
	for (int utf8 = 0; utf8 < 2; utf8++)
	for (int w = 1; w <= 250; w += w < 40 ? 1 : 3)
	for (int h = 1; h <= 80; h += h < 20 ? 1 : 3) {
		struct cells	s;
		int		kind = w * 131 + h;
		int		n = 1 + kind % 11, nser = 1 + kind % 5;

		for (int k = 0; k < nser; k++) {
			series(y[k], n, kind + k);
			ser[k].n = (size_t)n;
		}
		/* every third chart: a band around the first series, some
		 * years without one */
		ser[0].lo = ser[0].hi = NULL;
		if (kind % 3 == 0) {
			for (int i = 0; i < n; i++) {
				blo[i] = i == n / 3 ? NAN : y[0][i] - 1e6 * i;
				bhi[i] = y[0][i] + 2e6 * (i % 4);
			}
			ser[0].lo = blo;
			ser[0].hi = bhi;
		}
		cells_init(&s, w + 4, h + 4, utf8);
		chart_draw(&s, 2, 2, w, h, ser, (size_t)nser, 2025,
		    kind % (n + 1) - 1, "£");
		for (int j = 0; j < s.h; j++)
			for (int i = 0; i < s.w; i++)
				if ((i < 2 || j < 2 || i >= w + 2 ||
				    j >= h + 2) && cells_at(&s, i, j)->ch != ' ' &&
				    outside++ == 0) {
					fprintf(stderr, "chart %dx%d (%d years,"
					    " %d series, case %d) drew at %d,%d:\n",
					    w, h, n, nser, kind, i, j);
					cells_dump(&s, stderr);
				}
		cells_free(&s);
	}
	CHECK(outside == 0);
}

/* Is C a tick on the axis (the selected one counts)? */
static bool
is_tick(uint32_t c)
{
	return c == 0x252c || c == 0x253c || c == '+' || c == '^';
}

static bool
is_sel_tick(uint32_t c)
{
	return c == 0x253c || c == '^';
}

struct label {
	int	x, w;		/* first cell and width */
	int	year;
	int	role;
};

/* The year labels on row Y, X0..X1 of S. */
static int
labels(struct cells *s, int y, int x0, int x1, struct label *lab, int max)
{
	int	nl = 0;

	for (int i = x0; i < x1; i++) {
		struct cell	*c = cells_at(s, i, y);
		int		 j = i, v = 0;

		if (c->ch < '0' || c->ch > '9')
			continue;
		while (j < x1 && cells_at(s, j, y)->ch >= '0' &&
		    cells_at(s, j, y)->ch <= '9')
			v = v * 10 + (int)(cells_at(s, j++, y)->ch - '0');
		if (nl < max)
			lab[nl++] = (struct label){ i, j - i, v, c->role };
		i = j;
	}
	return nl;
}

/* Which chart, for messages. */
static char	 what[128];

static void
fail_dump(struct cells *s, const char *why)
{
	fprintf(stderr, "%s: %s\n", what, why);
	cells_dump(s, stderr);
	failures++;
}

/* The marks of one chart of NSER series over N years from FIRST, year SEL
 * selected, in a box at 2,2 of W x H. */
static int
check_marks(struct cells *s, int w, int h, int n, int nser, int first,
    int sel, bool spread)
{
	struct label	 lab[64];
	int		 nl, lrow = 2 + h - 1, axis = h >= 6 ? 2 + h - 2 : lrow;
	int		 corner = -1, stride, ticks = 0, seltick = -1;

	for (int i = 2; i < 2 + w && corner < 0; i++)
		if (cells_at(s, i, axis)->ch == 0x2514 ||
		    cells_at(s, i, axis)->ch == '+')
			corner = i;
	if (corner < 0 && h >= 6) {
		fail_dump(s, "no axis");
		return 1;
	}
	/* Labels: the first year, then a regular stride. */
	nl = labels(s, lrow, 2, 2 + w, lab, 64);
	if (nl == 0) {
		fail_dump(s, "no year labels");
		return 1;
	}
	if (lab[0].year != first) {
		fail_dump(s, "the first label is not the first year");
		return 1;
	}
	stride = nl > 1 ? lab[1].year - lab[0].year : n;
	for (int k = 0; k < nl; k++) {
		if (lab[k].year != first + k * stride || lab[k].year >=
		    first + n || stride < 1) {
			fail_dump(s, "labels not at a regular stride");
			return 1;
		}
		if (k > 1 && abs((lab[k].x - lab[0].x) -
		    k * (lab[1].x - lab[0].x)) > k) {
			fail_dump(s, "labels not evenly spaced");
			return 1;
		}
		if ((lab[k].year - first == sel) !=
		    (lab[k].role == ROLE_SELECTED)) {
			fail_dump(s, "the selected year's label is not marked"
			    " (or another is)");
			return 1;
		}
	}
	if (w >= 20 && lab[nl - 1].year + stride < first + n) {
		fail_dump(s, "labels stop short of the last year");
		return 1;
	}
	if (h < 6)
		return 0;
	/* Ticks: every year, or every labelled year; each label on one. */
	for (int i = corner + 1; i < 2 + w; i++)
		if (is_tick(cells_at(s, i, axis)->ch)) {
			ticks++;
			if (is_sel_tick(cells_at(s, i, axis)->ch)) {
				if (seltick >= 0) {
					fail_dump(s, "two selected ticks");
					return 1;
				}
				seltick = i;
			}
		}
	/* (crowded, the selected year's tick may be one more) */
	if (ticks != n && ticks != (n - 1) / stride + 1 &&
	    ticks != (n - 1) / stride + 2) {
		fail_dump(s, "ticks neither every year nor every label");
		return 1;
	}
	if (spread && ticks != n) {
		fail_dump(s, "room for every year's tick, but not all shown");
		return 1;
	}
	for (int k = 0; k < nl; k++)
		if (!is_tick(cells_at(s, lab[k].x + (lab[k].w - 1) / 2,
		    axis)->ch)) {
			fail_dump(s, "a year label not under a tick");
			return 1;
		}
	/* The selected year: its tick, between the labels around it, and a
	 * line up the plot (behind the series). */
	if (sel < 0) {
		if (seltick >= 0) {
			fail_dump(s, "a year marked with none selected");
			return 1;
		}
		return 0;
	}
	if (seltick < 0) {
		fail_dump(s, "the selected year is not marked");
		return 1;
	}
	for (int k = 0; k < nl; k++) {
		int	yi = lab[k].year - first;

		int	c = lab[k].x + (lab[k].w - 1) / 2;

		/* (crowded, neighbouring years may share a cell) */
		if ((yi < sel && (c > seltick || (spread && c == seltick))) ||
		    (yi > sel && (c < seltick || (spread && c == seltick))) ||
		    (yi == sel && c != seltick)) {
			fail_dump(s, "the selected year marked at the wrong "
			    "place");
			return 1;
		}
	}
	for (int r = 2; r < axis; r++)
		if (cells_at(s, seltick, r)->ch == ' ') {
			fail_dump(s, "a gap in the selected year's line");
			return 1;
		}
	(void)nser;
	return 0;
}

/* Ticks, the selected year and the glyphs, at every size. */
static void
test_marks(void)
{
	double			 y[6][16];
	struct chart_series	 ser[6];
	long			 bad = 0, charts = 0;

	for (int mode = 0; mode < 3; mode++)
	for (int w = 12; w <= 250; w += w < 60 ? 1 : 3)
	for (int h = 3; h <= 80; h += h < 20 ? 1 : 4) {
		struct cells	s;
		int		kind = w * 131 + h * 7 + mode;
		int		n = 1 + kind % 16, nser = 1 + kind % 6;
		int		sel = kind % (n + 1) - 1;
		int		first = kind % 9 == 0 ? 998 : 2026;
		bool		spread;

		for (int k = 0; k < nser; k++) {
			/* Series far apart: no two share a cell. */
			for (int i = 0; i < n; i++)
				y[k][i] = 100.0 * (nser - k) + (i % 3);
			ser[k] = (struct chart_series){ .y = y[k],
			    .n = (size_t)n, .role = (enum role)(ROLE_SERIES0 +
			    k) };
		}
		cells_init(&s, w + 4, h + 4, mode > 0);
		s.braille = mode == 2;
		snprintf(what, sizeof what, "chart %dx%d, %d years from %d, "
		    "year %d selected, %d series, %s", w, h, n, first, sel,
		    nser, mode == 0 ? "ASCII" : mode == 1 ? "Unicode" :
		    "braille");
		chart_draw(&s, 2, 2, w, h, ser, (size_t)nser, first, sel,
		    "£");
		charts++;
		/* Every year a cell of its own: plot width 2 per year. */
		spread = w - 12 >= 2 * n;
		if (bad < 5)
			bad += check_marks(&s, w, h, n, nser, first, sel,
			    spread);
		/* Glyphs: room for every series and year apart. */
		if (h >= 6 + 4 * nser && spread && bad < 5)
			for (int k = 0; k < nser; k++) {
				const char	*g = chart_glyph(&s, (size_t)k);
				int		 count = 0;

				for (int j = 2; j < 2 + h; j++) {
					char	*row = cells_row(&s, j);

					for (char *p = row; (p = strstr(p, g))
					    != NULL; p += strlen(g))
						count++;
					free(row);
				}
				if (mode == 2 ? count != n : count < n) {
					char	why[64];

					snprintf(why, sizeof why, "series %d: "
					    "%d of %d glyphs", k, count, n);
					fail_dump(&s, why);
					bad++;
				}
			}
		cells_free(&s);
	}
	CHECK(bad == 0);
	CHECK(charts > 10000);
	/* Six glyphs apart, each one cell wide, in both character sets. */
	for (int utf8 = 0; utf8 < 2; utf8++) {
		struct cells	s;

		cells_init(&s, 4, 4, utf8);
		for (size_t a = 0; a < 6; a++) {
			CHECK(cells_width(&s, chart_glyph(&s, a)) == 1);
			for (size_t b = 0; b < a; b++)
				CHECK(strcmp(chart_glyph(&s, a),
				    chart_glyph(&s, b)) != 0);
		}
		cells_free(&s);
	}
}

/*
 * Read back a formatted number: sign, "£", digits with "," and ".", a
 * k/m/bn/tn suffix; the rest (units) ignored. NAN when it holds none.
 */
static double
read_back(const char *s, double *ulp)
{
	double	sign = 1, v = 0, frac = 0, scale = 1;
	bool	any = false, dot = false;

	if (*s == '-' || *s == '+')
		sign = *s++ == '-' ? -1 : 1;
	if (strncmp(s, "\xc2\xa3", 2) == 0)
		s += 2;
	for (; (*s >= '0' && *s <= '9') || *s == ',' || *s == '.'; s++) {
		if (*s == ',')
			continue;
		if (*s == '.') {
			dot = true;
			continue;
		}
		any = true;
		if (dot) {
			scale /= 10;
			frac += (*s - '0') * scale;
		} else
			v = v * 10 + (*s - '0');
	}
	*ulp = scale;
	if (strncmp(s, "tn", 2) == 0)
		*ulp *= 1e12, v = (v + frac) * 1e12, frac = 0;
	else if (strncmp(s, "bn", 2) == 0)
		*ulp *= 1e9, v = (v + frac) * 1e9, frac = 0;
	else if (*s == 'm')
		*ulp *= 1e6, v = (v + frac) * 1e6, frac = 0;
	else if (*s == 'k')
		*ulp *= 1e3, v = (v + frac) * 1e3, frac = 0;
	return any ? sign * (v + frac) : NAN;
}

/*
 * Numbers in cells of every width from 3 to 14, for values across twenty
 * orders of magnitude and four units: never wider than the cell, never in
 * scientific notation, never cut (what shows reads back within rounding),
 * rounding noise against the scale shown as 0.
 */
static void
test_numbers(void)
{
	static const char *const units[] = { NULL, "\xc2\xa3", "%", "jobs" };
	long	bad = 0;

	for (int utf8 = 0; utf8 < 2; utf8++) {
		struct cells	s;

		cells_init(&s, 1, 1, utf8);
		for (double mag = 1e-5; mag < 1e15; mag *= 3.7)
		for (int k = 0; k < 7; k++)
		for (int sg = -1; sg <= 1; sg += 2)
		for (size_t u = 0; u < nitems(units); u++)
		for (int w = 3; w <= 14; w++) {
			double	v = sg * mag * (1 + k * 0.137), back, ulp;
			char	out[64];

			chart_number_fit(out, sizeof out, &s, w, v, 0,
			    units[u], sg > 0);
			back = read_back(out, &ulp);
			/* What shows is V rounded to its last digit. */
			if (cells_width(&s, out) > w || strchr(out, 'e') ||
			    (out[0] != '#' && !(fabs(back - v) <=
			    ulp * 0.5 * (1 + 1e-9) + fabs(v) * 1e-12))) {
				if (bad++ < 10)
					fprintf(stderr, "number %.17g in %d "
					    "cells: '%s'\n", v, w, out);
			}
		}
		cells_free(&s);
	}
	CHECK(bad == 0);
	{
		struct cells	s;
		char		out[64];

		cells_init(&s, 1, 1, true);
		CHECK(strcmp(chart_number_fit(out, sizeof out, &s, 10, 7.45e-9,
		    0, NULL, false), "0") == 0);
		CHECK(strcmp(chart_number_fit(out, sizeof out, &s, 10, -3.17e-5,
		    1e6, "\xc2\xa3", true), "\xc2\xa3" "0") == 0);
		CHECK(strcmp(chart_number_fit(out, sizeof out, &s, 7, 7.45e-3,
		    0, NULL, false), "0.00745") == 0);
		CHECK(strcmp(chart_number_fit(out, sizeof out, &s, 6,
		    -1234567, 0, "\xc2\xa3", false), "-\xc2\xa3" "1.2m") == 0);
		CHECK(strcmp(chart_number_fit(out, sizeof out, &s, 9, 123456,
		    0, NULL, true), "+123,456") == 0);
		CHECK(strcmp(chart_number_fit(out, sizeof out, &s, 6, 123456,
		    0, NULL, true), "+123k") == 0);
		/* money in millions is shown in pounds; a scale in brackets */
		CHECK(strcmp(chart_number(out, sizeof out, 2.05e6,
		    "\xc2\xa3m", false), "\xc2\xa3" "2.05tn") == 0);
		CHECK(strcmp(chart_number(out, sizeof out, -13.04,
		    "\xc2\xa3m", true), "-\xc2\xa3" "13.04m") == 0);
		CHECK(strcmp(chart_number(out, sizeof out, 7.47, "0-10",
		    false), "7.47 (0-10)") == 0);
		cells_free(&s);
	}
}

/* The legend at every width: every series' glyph while there is room for
 * five cells a series, never past its width; options named alike told
 * apart by what differs; a series equal to an earlier one says so. */
static void
test_legend(void)
{
	static const char *const names[] = { "current", "defaults",
	    "Option A", "Option B", "Option C", "Option D" };
	double			 y[6][3];
	struct chart_series	 ser[6];
	long			 bad = 0;

	for (int k = 0; k < 6; k++) {
		for (int i = 0; i < 3; i++)
			y[k][i] = k == 3 ? 10 * 2 + i : 10 * k + i;
		ser[k] = (struct chart_series){ .y = y[k], .n = 3,
		    .role = (enum role)(ROLE_SERIES0 + k) };
	}
	for (int utf8 = 0; utf8 < 2; utf8++)
	for (size_t nser = 1; nser <= 6; nser++)
	for (int w = 1; w <= 120; w++) {
		struct cells	 s;
		char		*row;

		cells_init(&s, w + 4, 1, utf8);
		chart_legend(&s, 2, 0, w, ser, names, nser);
		row = cells_row(&s, 0);
		snprintf(what, sizeof what, "legend of %zu in %d cells, %s",
		    nser, w, utf8 ? "UTF-8" : "ASCII");
		for (int i = 0; i < s.w; i++)
			if ((i < 2 || i >= w + 2) &&
			    cells_at(&s, i, 0)->ch != ' ' && bad++ < 5)
				fail_dump(&s, "drawn outside its width");
		for (size_t k = 0; k < nser && w >= 5 * (int)nser - 2; k++) {
			const char	*g = chart_glyph(&s, k);
			const char	*p = strstr(row, g);

			/* The glyph, then a space and a name. */
			if ((p == NULL || p[strlen(g)] != ' ' ||
			    p[strlen(g) + 1] == ' ' ||
			    p[strlen(g) + 1] == '\0') && bad++ < 5)
				fail_dump(&s, "a series without its glyph and "
				    "name");
		}
		/* Option B has Option A's values: "(=x)" while it fits. */
		if (nser >= 4 && w >= 60 && strstr(row, utf8 ? "(=\xe2\x97\x86)" :
		    "(=x)") == NULL && bad++ < 5)
			fail_dump(&s, "an equal series not marked");
		/* Alike names shortened to what differs, not to "Opt". */
		if (nser >= 5 && w >= 4 * (int)nser + 2 && w < 60 &&
		    (strstr(row, " A") == NULL || strstr(row, " B") == NULL)
		    && bad++ < 5)
			fail_dump(&s, "options named alike not told apart");
		free(row);
		cells_free(&s);
	}
	CHECK(bad == 0);
}

/* Script text drawn into cells: no control or reordering character stays. */
static void
test_controls(void)
{
	for (int utf8 = 0; utf8 < 2; utf8++) {
		struct cells	 s;
		char		*row;

		cells_init(&s, 40, 1, utf8);
		cells_put(&s, 0, 0, 40, "a\x1b]0;title\x07" "b\xc2\x9b" "2J"
		    "c\xe2\x80\xae" "d\x7f" "e", ROLE_NORMAL);
		row = cells_row(&s, 0);
		CHECK(strchr(row, 0x1b) == NULL && strchr(row, 0x07) == NULL &&
		    strchr(row, 0x7f) == NULL);
		CHECK(strstr(row, "\xc2\x9b") == NULL);
		CHECK(strstr(row, "\xe2\x80\xae") == NULL);
		CHECK(strstr(row, "title") != NULL && strchr(row, 'e') != NULL);
		for (int x = 0; x < s.w; x++) {
			uint32_t	ch = cells_at(&s, x, 0)->ch;

			CHECK(ch >= 0x20 && ch != 0x7f && !(ch >= 0x80 &&
			    ch < 0xa0));
		}
		free(row);
		cells_free(&s);
	}
}

/* A band shows between its edges, and only there. */
static void
test_band(void)
{
	double			 y[5] = { 50, 50, 50, 50, 50 };
	double			 lo[5] = { 40, 40, 40, 40, 40 };
	double			 hi[5] = { 60, 60, 60, 60, 60 };
	double			 line[5] = { 0, 0, 0, 0, 100 };
	struct chart_series	 ser[2] = {
		{ .y = y, .n = 5, .role = ROLE_SERIES0, .lo = lo, .hi = hi },
		{ .y = line, .n = 5, .role = ROLE_SERIES1 }
	};

	for (int utf8 = 0; utf8 < 2; utf8++) {
		struct cells	s;
		int		inside = 0, beyond = 0;

		cells_init(&s, 60, 22, utf8);
		chart_draw(&s, 0, 0, 60, 22, ser, 2, 2025, -1, NULL);
		for (int j = 0; j < 20; j++)
			for (int i = 12; i < 50; i++)
				if (cells_at(&s, i, j)->role == ROLE_BAND0) {
					/* 0..100 over 20 rows: the band
					 * (40..60) is rows 7..12 */
					if (j >= 7 && j <= 12)
						inside++;
					else
						beyond++;
				}
		CHECK(inside > 20);
		CHECK(beyond == 0);
		cells_free(&s);
	}
}

/*
 * Two bands: the first series' (the current settings) in its role, the
 * second's (the reference) in the other, each between its own edges, and
 * the first's on top where they overlap; in text, '.' and ':'.
 */
static void
test_two_bands(void)
{
	double			 a[5] = { 30, 30, 30, 30, 30 };
	double			 alo[5] = { 20, 20, 20, 20, 20 };
	double			 ahi[5] = { 50, 50, 50, 50, 50 };
	double			 b[5] = { 70, 70, 70, 70, 70 };
	double			 blo[5] = { 40, 40, 40, 40, 40 };
	double			 bhi[5] = { 80, 80, 80, 80, 80 };
	double			 edge[5] = { 0, 0, 0, 0, 100 };
	struct chart_series	 ser[3] = {
		{ .y = a, .n = 5, .role = ROLE_SERIES0, .lo = alo, .hi = ahi },
		{ .y = b, .n = 5, .role = ROLE_SERIES1, .lo = blo, .hi = bhi },
		{ .y = edge, .n = 5, .role = ROLE_SERIES2 }
	};

	for (int utf8 = 0; utf8 < 2; utf8++) {
		struct cells	s;
		int		n0[20] = { 0 }, n1[20] = { 0 };

		cells_init(&s, 60, 22, utf8);
		chart_draw(&s, 0, 0, 60, 22, ser, 3, 2025, -1, NULL);
		for (int j = 0; j < 20; j++)
			for (int i = 12; i < 50; i++) {
				const struct cell	*c = cells_at(&s, i, j);

				if (c->role == ROLE_BAND0) {
					n0[j]++;
					CHECK(utf8 || c->ch == '.');
				} else if (c->role == ROLE_BAND1) {
					n1[j]++;
					CHECK(utf8 || c->ch == ':');
				}
			}
		/* 0..100 over 20 rows: the first band (20..50) is rows
		 * 10..16, the second (40..80) rows 4..12; in the overlap
		 * (rows 10..12) the first is on top */
		for (int j = 0; j < 20; j++) {
			if (j < 10 || j > 16)
				CHECK(n0[j] == 0);
			if (j < 4 || j > 12)
				CHECK(n1[j] == 0);
			/* (the lines are on rows 13 and 6) */
			if (j >= 7 && j <= 9)
				CHECK(n1[j] > 20 && n0[j] == 0);
			if (j >= 14 && j <= 15)
				CHECK(n0[j] > 20 && n1[j] == 0);
			if (j == 11)
				CHECK(n0[j] > n1[j]);
		}
		cells_free(&s);
	}
}

int
main(void)
{
	/* (UTF-8 text in cells needs a UTF-8 locale: wcwidth) */
	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
	/* A drawing loop that never ends fails here instead of hanging. */
	alarm(120);
	test_lines();
	test_sizes();
	test_numbers();
	test_controls();
	test_band();
	test_two_bands();
	test_marks();
	test_legend();
	if (failures > 0)
		fprintf(stderr, "%d check%s failed\n", failures,
		    failures == 1 ? "" : "s");
	return failures > 0;
}
