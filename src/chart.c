/*
 * chart: line charts in a cell buffer.
 *
 * The plot area is a grid of dots: 2 x 4 per cell in braille (U+2800 plus
 * one bit per dot), 1 x 1 in ASCII. Each series is drawn as straight
 * segments between its yearly points; where series share a cell the dots
 * merge and the later series gives the cell its role (colour).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "util.h"

/* Insert thousands separators into the digits of S (in place, LEN room). */
static void
group_digits(char *s, size_t len)
{
	char	 tmp[64], *p = s;
	size_t	 nd = 0, j = 0;

	if (*p == '-' || *p == '+')
		p++;
	while (p[nd] >= '0' && p[nd] <= '9')
		nd++;
	if (nd <= 3 || strlen(s) + nd / 3 + 1 > len || strlen(s) >= sizeof tmp)
		return;
	for (size_t i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			tmp[j++] = ',';
		tmp[j++] = p[i];
	}
	snprintf(tmp + j, sizeof tmp - j, "%s", p + nd);
	snprintf(p, len - (size_t)(p - s), "%s", tmp);
}

/*
 * The digits of |V| at precision LEVEL: 0 as exact as a screen needs
 * (whole numbers below a million in full), each level after shorter.
 */
static void
digits(char *num, size_t len, double a, int level)
{
	static const struct {
		double		 at;
		const char	*suf;
	} big[] = { { 1e12, "tn" }, { 1e9, "bn" }, { 1e6, "m" }, { 1e3, "k" } };
	int	nbig = level == 0 ? 3 : 4;	/* "k" only when shortening */

	for (int i = 0; i < nbig; i++)
		if (a >= big[i].at * (1 - 5e-4)) {
			double	x = a / big[i].at;
			int	prec = level == 0 ? 2 : level == 1 ?
			    (x >= 100 ? 0 : 1) : 0;

			if (x >= 1000 && i == 0)
				prec = 0;
			snprintf(num, len, "%.*f%s", prec, x, big[i].suf);
			return;
		}
	if (a == rint(a) || a >= 1000)
		snprintf(num, len, "%.0f", a);
	else if (a >= 100)
		snprintf(num, len, "%.*f", level == 0 ? 1 : 0, a);
	else if (a >= 1)
		snprintf(num, len, "%.*f", level == 0 ? 2 : level == 1 ? 1 : 0,
		    a);
	else {
		/* Fixed point with two or three significant figures. */
		int	lead = (int)floor(-log10(a)), prec;

		prec = lead + (level == 0 ? 3 : level == 1 ? 2 : 1);
		if (prec > 9)
			prec = 9;
		snprintf(num, len, "%.*f", prec, a);
	}
	if (level == 0)
		group_digits(num, len);
}

/* The number at precision LEVEL with its sign and unit. */
static void
number_at(char *out, size_t len, double v, const char *unit, bool sign,
    int level)
{
	char		 num[64];
	double		 a = fabs(v);
	const char	*pre = "", *suf = "", *sp = "", *sg;

	digits(num, sizeof num, a, level);
	if (strspn(num, "0.,") == strlen(num))
		v = 0;
	sg = v < 0 ? "-" : sign && v > 0 ? "+" : "";
	if (level < 3 && unit != NULL && strcmp(unit, "£") == 0)
		pre = unit;
	else if (level < 3 && unit != NULL && strcmp(unit, "%") == 0)
		suf = unit;
	else if (level < 2 && unit != NULL && unit[0] != '\0') {
		suf = unit;
		sp = " ";
	}
	snprintf(out, len, "%s%s%s%s%s", sg, pre, num, sp, suf);
}

/* V as 0 when it is rounding noise against SCALE (or is tiny). */
static double
denoise(double v, double scale)
{
	if (!isfinite(scale) || scale < 0)
		scale = 0;
	if (fabs(v) <= scale * 1e-9 || fabs(v) < 1e-12)
		return 0;
	return v;
}

char *
chart_number(char *out, size_t len, double v, const char *unit, bool sign)
{
	if (isnan(v))
		snprintf(out, len, "n/a");
	else if (isinf(v))
		snprintf(out, len, "%s", v > 0 ? "too big" : "-too big");
	else
		number_at(out, len, denoise(v, 0), unit, sign, 0);
	return out;
}

char *
chart_number_fit(char *out, size_t len, const struct cells *s, int width,
    double v, double scale, const char *unit, bool sign)
{
	if (isnan(v) || isinf(v)) {
		chart_number(out, len, v, unit, sign);
		if (cells_width(s, out) > width)
			snprintf(out, len, "%s", isnan(v) ? "-" : "inf");
	} else {
		v = denoise(v, scale);
		for (int level = 0; level < 4; level++) {
			number_at(out, len, v, unit, sign, level);
			if (cells_width(s, out) <= width)
				return out;
		}
	}
	/* Never a number cut short: a cell too narrow for any form says so. */
	if (cells_width(s, out) > width) {
		int	n = width < 0 ? 0 : width >= (int)len ? (int)len - 1 :
		    width;

		memset(out, '#', (size_t)n);
		out[n] = '\0';
	}
	return out;
}

struct plot {
	struct cells	*s;
	int		 x, y, w, h;	/* in cells */
	int		 dw, dh;	/* dots per cell */
	uint8_t		*bits;		/* braille: dots per cell */
};

static const uint8_t braille_bit[4][2] = {
	{ 0x01, 0x08 }, { 0x02, 0x10 }, { 0x04, 0x20 }, { 0x40, 0x80 }
};

static void
dot(struct plot *p, int dx, int dy, enum role role, char marker)
{
	int	cx = dx / p->dw, cy = dy / p->dh;

	if (cx < 0 || cy < 0 || cx >= p->w || cy >= p->h)
		return;
	if (p->bits != NULL) {
		p->bits[cy * p->w + cx] |= braille_bit[dy % 4][dx % 2];
		cells_set(p->s, p->x + cx, p->y + cy,
		    0x2800 + p->bits[cy * p->w + cx], role);
	} else
		cells_set(p->s, p->x + cx, p->y + cy, (uint32_t)marker, role);
}

int
chart_line(int x0, int y0, int x1, int y1,
    void (*fn)(void *, int, int), void *arg)
{
	int	dx = abs(x1 - x0), dy = -abs(y1 - y0);
	int	sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, err = dx + dy;
	int	ndots = 0;

	/*
	 * Bresenham: both steps test the error as it was before either is
	 * taken. Each pass moves at least one coordinate one dot closer, so
	 * the loop ends within dx - dy passes; the bound is only a guard.
	 */
	for (int n = dx - dy; n >= 0; n--) {
		int	e2 = 2 * err;

		fn(arg, x0, y0);
		ndots++;
		if (x0 == x1 && y0 == y1)
			break;
		if (e2 >= dy) {
			err += dy;
			x0 += sx;
		}
		if (e2 <= dx) {
			err += dx;
			y0 += sy;
		}
	}
	return ndots;
}

struct pen {
	struct plot	*p;
	enum role	 role;
	char		 marker;
};

static void
pen_dot(void *arg, int x, int y)
{
	struct pen	*pen = arg;

	dot(pen->p, x, y, pen->role, pen->marker);
}

/* A straight line of dots from (x0,y0) to (x1,y1). */
static void
segment(struct plot *p, int x0, int y0, int x1, int y1, enum role role,
    char marker)
{
	struct pen	pen = { p, role, marker };

	chart_line(x0, y0, x1, y1, pen_dot, &pen);
}

void
chart_draw(struct cells *s, int x, int y, int w, int h,
    const struct chart_series *ser, size_t nser, int first_year,
    const char *unit)
{
	double		 lo = INFINITY, hi = -INFINITY;
	char		 lab[3][48];
	int		 lw = 0, n = 0;
	struct plot	 p;
	bool		 braille = s->braille;

	for (size_t k = 0; k < nser; k++) {
		if ((int)ser[k].n > n)
			n = (int)ser[k].n;
		for (size_t i = 0; i < ser[k].n; i++)
			if (isfinite(ser[k].y[i])) {
				lo = fmin(lo, ser[k].y[i]);
				hi = fmax(hi, ser[k].y[i]);
			}
	}
	if (w < 12 || h < 3)
		return;
	if (n == 0 || !isfinite(lo)) {
		cells_put(s, x + 1, y + h / 2, w - 2, "(no numbers to chart)",
		    ROLE_DIM);
		return;
	}
	if (hi - lo < fabs(hi) * 1e-9 || hi == lo) {
		double	pad = fabs(hi) > 0 ? fabs(hi) * 0.05 : 1;

		lo -= pad;
		hi += pad;
	}
	/* Short units on the axis; longer ones are in the chart's title. */
	if (unit != NULL && strcmp(unit, "£") != 0 && strcmp(unit, "%") != 0)
		unit = NULL;
	chart_number(lab[0], sizeof lab[0], hi, unit, false);
	chart_number(lab[1], sizeof lab[1], (hi + lo) / 2, unit, false);
	chart_number(lab[2], sizeof lab[2], lo, unit, false);
	for (int i = 0; i < 3; i++)
		if (cells_width(s, lab[i]) > lw)
			lw = cells_width(s, lab[i]);
	if (lw > w / 3)
		lw = w / 3;

	p.s = s;
	p.x = x + lw + 1;
	p.y = y;
	p.w = w - lw - 1;
	p.h = h - 1;
	p.dw = braille ? 2 : 1;
	p.dh = braille ? 4 : 1;
	p.bits = braille ? xcalloc((size_t)p.w * (size_t)p.h, 1) : NULL;

	/* Axis with value labels at the top, middle and bottom rows. */
	for (int r = 0; r < p.h; r++)
		cells_set(s, x + lw, y + r, s->utf8 ? 0x2502 : '|', ROLE_BORDER);
	for (int i = 0; i < 3; i++) {
		int	r = i == 0 ? 0 : i == 1 ? (p.h - 1) / 2 : p.h - 1;

		/* A label is shown whole or not at all. */
		if (cells_width(s, lab[i]) <= lw)
			cells_put(s, x + lw - cells_width(s, lab[i]), y + r,
			    lw, lab[i], ROLE_DIM);
		cells_set(s, x + lw, y + r, s->utf8 ? 0x2524 : '+', ROLE_BORDER);
	}
	cells_set(s, x + lw, y + p.h, s->utf8 ? 0x2514 : '+', ROLE_BORDER);
	cells_fill(s, p.x, y + p.h, p.w, 1, s->utf8 ? 0x2500 : '-', ROLE_BORDER);

	/* Year ticks: the last year always, others where they fit. */
	{
		int	step = 1, last_end = -1, final_x;

		while (step < n && (p.w * step) / (n > 1 ? n - 1 : 1) < 6)
			step++;
		final_x = p.x + (n > 1 ? p.w - 1 : p.w / 2) - 2;
		if (final_x + 4 > x + w)
			final_x = x + w - 4;
		for (int i = 0; i < n; i++) {
			int	cx = n > 1 ? i * (p.w - 1) / (n - 1) : p.w / 2;
			int	lx = i == n - 1 ? final_x : p.x + cx - 2;
			char	yr[16];

			if (i % step != 0 && i != n - 1)
				continue;
			if (lx < p.x)
				lx = p.x;
			if (lx <= last_end || (i != n - 1 && lx + 4 >= final_x))
				continue;
			snprintf(yr, sizeof yr, "%d", first_year + i);
			cells_put(s, lx, y + p.h, 4, yr, ROLE_DIM);
			last_end = lx + 4;
		}
	}

	/* Series, so that the first given ends on top. */
	for (size_t k = nser; k-- > 0;) {
		int	px = -1, py = -1;

		for (size_t i = 0; i < ser[k].n; i++) {
			double	v = ser[k].y[i];
			int	dx, dy;

			if (!isfinite(v)) {
				px = -1;
				continue;
			}
			dx = n > 1 ? (int)lround((double)i * (p.w * p.dw - 1) /
			    (n - 1)) : p.w * p.dw / 2;
			dy = (int)lround((hi - v) / (hi - lo) *
			    (p.h * p.dh - 1));
			if (px >= 0)
				segment(&p, px, py, dx, dy, ser[k].role,
				    ser[k].marker);
			else
				dot(&p, dx, dy, ser[k].role, ser[k].marker);
			px = dx;
			py = dy;
		}
	}
	free(p.bits);
}
