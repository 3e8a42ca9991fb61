/*
 * chart: a line chart of yearly values drawn into a cell buffer, with a
 * value axis and year ticks. Braille dots (2x4 per cell) where the screen
 * may hold Unicode, one marker character per column otherwise. Also the
 * number formats every view shares.
 */
#ifndef LEVER_CHART_H
#define LEVER_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "cells.h"

struct chart_series {
	const double	*y;		/* n values; NAN leaves a gap */
	size_t		 n;
	enum role	 role;
	char		 marker;	/* unused: series K is drawn with
					   chart_glyph(K) */
	const double	*lo, *hi;	/* a band around y (n values each,
					   NAN: none that year), or NULL:
					   the first series' in ROLE_BAND0
					   and dots ('.'), the others' in
					   ROLE_BAND1 and the dots between
					   (':'), the first on top */
};

/*
 * Draw SERIES (the first given on top) in the box X,Y,W,H: value labels on
 * the left formatted for UNIT, years FIRST_YEAR.. along the bottom at a
 * regular stride (a tick for every year where there is room), the year
 * SEL (0-based; -1: none) marked by a dotted line and its tick. Series K
 * is a line with chart_glyph(K) at each yearly value.
 */
void	 chart_draw(struct cells *, int x, int y, int w, int h,
	    const struct chart_series *, size_t nseries, int first_year,
	    int sel, const char *unit);

/*
 * The marker of series K, as UTF-8 text of one cell: "●" "○" "◆" "◇" "■"
 * "□" where the screen holds Unicode, "*" "o" "x" "#" "@" "%" otherwise
 * (then repeating). Legends show it beside the series' name.
 */
const char *chart_glyph(const struct cells *, size_t k);

#define CHART_MAX_SERIES	6

/*
 * The legend of SERIES named NAMES on row Y from X, in W cells: each
 * series' glyph (in its role) and name; a series with the same values as
 * one before it (so drawn under it) says so, "(=●)". When all do not fit,
 * options named alike lose the words they share ("Option A" -> "A"), then
 * the longest names are cut, then the "(=●)" go: every series keeps its
 * glyph while W allows five cells a series (glyph, space, a letter, gap).
 */
void	 chart_legend(struct cells *, int x, int y, int w,
	    const struct chart_series *, const char *const *names,
	    size_t nseries);

/*
 * Call FN(ARG, x, y) for each dot of the straight line from (X0,Y0) to
 * (X1,Y1), both ends included, each dot a king's move from the last; returns
 * the number of dots, max(|X1-X0|, |Y1-Y0|) + 1.
 */
int	 chart_line(int x0, int y0, int x1, int y1,
	    void (*fn)(void *, int, int), void *arg);

/*
 * A number for a screen cell: with the unit ("£1.25bn", "69.7%", "12 jobs"),
 * whole numbers below a million in full with thousands separators, larger
 * ones in k/m/bn with three or four significant figures. SIGNED adds "+".
 */
char	*chart_number(char *out, size_t len, double v, const char *unit,
	    bool sign);
/*
 * The same in at most WIDTH cells of S: a value within 1e-9 of SCALE (the
 * output's largest magnitude) of zero, or under CHART_NOISE, is 0; a number that does not fit is
 * shortened (k/m/bn, fewer decimals, then without its unit), never cut;
 * "###" only where no form fits. Never scientific notation.
 */
/* Pounds in a unit of "£k", "£m" or "£bn" (1e3, 1e6, 1e9); 0 for others. */
double	 chart_money(const char *unit);
/* Rounding noise is 0: under 1e-9 of SCALE, or under CHART_NOISE. */
#define CHART_NOISE	1e-4
double	 chart_denoise(double v, double scale);
char	*chart_number_fit(char *out, size_t len, const struct cells *s,
	    int width, double v, double scale, const char *unit, bool sign);

#endif
