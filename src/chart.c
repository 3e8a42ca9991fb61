/*
 * chart: line charts in a cell buffer.
 *
 * The plot area is a grid of dots: 2 x 4 per cell in braille (U+2800 plus
 * one bit per dot), 1 x 1 in ASCII. Each series is drawn as straight
 * segments between its yearly points; where series share a cell the dots
 * merge and the later series gives the cell its role (colour).
 */
#include "config.h"

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

double
chart_money(const char *unit)
{
	static const struct {
		const char	*unit;
		double		 scale;
	} money[] = { { "\xc2\xa3k", 1e3 }, { "\xc2\xa3m", 1e6 },
	    { "\xc2\xa3" "bn", 1e9 } };

	for (size_t i = 0; unit != NULL && i < sizeof money / sizeof *money;
	    i++)
		if (strcmp(unit, money[i].unit) == 0)
			return money[i].scale;
	return 0;
}

/* The number at precision LEVEL with its sign and unit. */
static void
number_at(char *out, size_t len, double v, const char *unit, bool sign,
    int level)
{
	char		 num[64];
	double		 a = fabs(v);
	const char	*pre = "", *suf = "", *sp = "", *sg;

	char		 paren[64];
	double		 money = chart_money(unit);

	/* "£m" and the like: the number in pounds, so "£2.05tn", not
	 * "2.05m £m" */
	if (money > 0) {
		a *= money;
		unit = "\xc2\xa3";
	}
	digits(num, sizeof num, a, level);
	if (strspn(num, "0.,") == strlen(num))
		v = 0;
	sg = v < 0 ? "-" : sign && v > 0 ? "+" : "";
	if (level < 3 && unit != NULL && strcmp(unit, "\xc2\xa3") == 0)
		pre = unit;
	else if (level < 3 && unit != NULL && strcmp(unit, "%") == 0)
		suf = unit;
	else if (level < 2 && unit != NULL && unit[0] >= '0' &&
	    unit[0] <= '9') {
		/* a scale ("0-10") in brackets, so it does not read as a
		 * range */
		snprintf(paren, sizeof paren, "(%s)", unit);
		suf = paren;
		sp = " ";
	} else if (level < 2 && unit != NULL && unit[0] != '\0') {
		suf = unit;
		sp = " ";
	}
	snprintf(out, len, "%s%s%s%s%s", sg, pre, num, sp, suf);
}

/*
 * V as 0 when it is rounding noise: within a billionth of SCALE (the
 * largest magnitude around it), or under CHART_NOISE outright, which no
 * policy output shown to three or four figures means.
 */
double
chart_denoise(double v, double scale)
{
	if (!isfinite(scale) || scale < 0)
		scale = 0;
	if (fabs(v) <= scale * 1e-9 || fabs(v) < CHART_NOISE)
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
		number_at(out, len, chart_denoise(v, 0), unit, sign, 0);
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
		v = chart_denoise(v, scale);
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
dot(struct plot *p, int dx, int dy, enum role role, uint32_t marker)
{
	int	cx = dx / p->dw, cy = dy / p->dh;

	if (cx < 0 || cy < 0 || cx >= p->w || cy >= p->h)
		return;
	if (p->bits != NULL) {
		p->bits[cy * p->w + cx] |= braille_bit[dy % 4][dx % 2];
		cells_set(p->s, p->x + cx, p->y + cy,
		    0x2800 + p->bits[cy * p->w + cx], role);
	} else
		cells_set(p->s, p->x + cx, p->y + cy, marker, role);
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
	uint32_t	 marker;
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
    uint32_t marker)
{
	struct pen	pen = { p, role, marker };

	chart_line(x0, y0, x1, y1, pen_dot, &pen);
}

/* Series markers: one glyph per series, the same on the chart and in the
 * legend, so that series read apart without colour. */
static const char *const glyph_utf8[] = {
	"\xe2\x97\x8f", "\xe2\x97\x8b", "\xe2\x97\x86", "\xe2\x97\x87",
	"\xe2\x96\xa0", "\xe2\x96\xa1"
};
static const uint32_t glyph_code[] = {
	0x25cf, 0x25cb, 0x25c6, 0x25c7, 0x25a0, 0x25a1
};
static const char glyph_ascii[] = "*ox#@%";

const char *
chart_glyph(const struct cells *s, size_t k)
{
	static const char *const ascii[] = { "*", "o", "x", "#", "@", "%" };

	k %= nitems(glyph_code);
	return s->utf8 ? glyph_utf8[k] : ascii[k];
}

static uint32_t
glyph(const struct cells *s, size_t k)
{
	k %= nitems(glyph_code);
	return s->utf8 ? glyph_code[k] : (uint32_t)glyph_ascii[k];
}

/* Do series A and B hold the same values? */
static bool
same_values(const struct chart_series *a, const struct chart_series *b)
{
	if (a->n != b->n || a->n == 0)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->y[i] != b->y[i] && !(isnan(a->y[i]) && isnan(b->y[i])))
			return false;
	return true;
}

void
chart_legend(struct cells *s, int x, int y, int w,
    const struct chart_series *ser, const char *const *names, size_t nser)
{
	const char	*name[CHART_MAX_SERIES];
	size_t		 same[CHART_MAX_SERIES], pre = 0;
	int		 cap = 0, nsame = 0, used, lx;
	bool		 annot = true;

	if (nser > CHART_MAX_SERIES)
		nser = CHART_MAX_SERIES;
	for (size_t k = 0; k < nser; k++) {
		name[k] = names[k];
		same[k] = k;
		for (size_t j = 0; j < k && same[k] == k; j++)
			if (same_values(&ser[j], &ser[k]))
				same[k] = j;
		nsame += same[k] < k;
	}
	/* Options named alike ("Option A", "Option B") lose what they
	 * share ("A", "B") before any name is cut. */
	used = (int)nser * 4 - 2 + 5 * nsame;
	for (size_t k = 0; k < nser; k++)
		used += cells_width(s, name[k]);
	if (nser > 3 && used > w) {
		pre = strlen(name[2]);
		for (size_t k = 3; k < nser; k++) {
			size_t	i = 0;

			while (i < pre && name[k][i] == name[2][i])
				i++;
			pre = i;
		}
		while (pre > 0 && name[2][pre - 1] != ' ')
			pre--;
		for (size_t k = 2; k < nser; k++)
			if (name[k][pre] == '\0')
				pre = 0;
		for (size_t k = 2; k < nser && pre > 0; k++)
			name[k] += pre;
	}
	/* Then the longest names are cut first, to three cells; then the
	 * "(=●)" go; then names shorten further. */
	for (size_t k = 0; k < nser; k++)
		if (cells_width(s, name[k]) > cap)
			cap = cells_width(s, name[k]);
	for (;;) {
		used = (int)nser * 4 - 2 + (annot ? 5 * nsame : 0);
		for (size_t k = 0; k < nser; k++)
			used += cells_width(s, name[k]) < cap ?
			    cells_width(s, name[k]) : cap;
		if (used <= w || (cap <= 1 && !annot))
			break;
		if (annot && nsame > 0 && cap <= 3)
			annot = false;
		else if (cap > 1)
			cap--;
		else
			annot = false;
	}
	lx = 0;
	for (size_t k = 0; k < nser; k++) {
		if (k > 0)
			lx += cells_put(s, x + lx, y, w - lx, "  ", ROLE_NORMAL);
		lx += cells_put(s, x + lx, y, w - lx, chart_glyph(s, k),
		    ser[k].role);
		lx += cells_put(s, x + lx, y, w - lx, " ", ROLE_NORMAL);
		lx += cells_put(s, x + lx, y, cap < w - lx ? cap : w - lx,
		    name[k], ROLE_NORMAL);
		if (annot && same[k] < k) {
			lx += cells_put(s, x + lx, y, w - lx, " (=", ROLE_DIM);
			lx += cells_put(s, x + lx, y, w - lx,
			    chart_glyph(s, same[k]), ser[same[k]].role);
			lx += cells_put(s, x + lx, y, w - lx, ")", ROLE_DIM);
		}
	}
}

/* The year ticks and labels: which years are labelled and where. */
struct ticks {
	int	 n;		/* years */
	int	*cx;		/* cell of each year, from the plot's left */
	int	 lw;		/* cells of a year label */
	int	 stride;	/* every STRIDE-th year from the first is labelled */
};

/* Left edge of year I's label, from the plot's left. */
static int
tick_label_x(const struct ticks *t, int i)
{
	return t->cx[i] - (t->lw - 1) / 2;
}

/* True when labels every STRIDE years leave a gap between each other. */
static bool
stride_fits(const struct ticks *t, int stride)
{
	for (int i = 0; i + stride < t->n; i += stride)
		if (tick_label_x(t, i + stride) < tick_label_x(t, i) +
		    t->lw + 1)
			return false;
	return true;
}

/*
 * The smallest regular stride whose labels do not touch; a stride that
 * also labels the last year when one at most twice as long does.
 */
static int
tick_stride(const struct ticks *t)
{
	int	s0 = 0;

	if (t->n <= 1)
		return 1;
	for (int s = 1; s < t->n && s0 == 0; s++)
		if (stride_fits(t, s))
			s0 = s;
	if (s0 == 0)
		return t->n;	/* the first year alone */
	for (int s = s0; s <= 2 * s0 && s < t->n; s++)
		if ((t->n - 1) % s == 0)
			return s;
	return s0;
}

void
chart_draw(struct cells *s, int x, int y, int w, int h,
    const struct chart_series *ser, size_t nser, int first_year, int sel,
    const char *unit)
{
	double		 lo = INFINITY, hi = -INFINITY;
	char		 lab[3][48], yr[16];
	int		 lw = 0, n = 0, rm, axis, lrow;
	struct plot	 p;
	struct ticks	 t;
	bool		 braille = s->braille, ticks_all = true;

	for (size_t k = 0; k < nser; k++) {
		if ((int)ser[k].n > n)
			n = (int)ser[k].n;
		for (size_t i = 0; i < ser[k].n; i++) {
			if (isfinite(ser[k].y[i])) {
				lo = fmin(lo, ser[k].y[i]);
				hi = fmax(hi, ser[k].y[i]);
			}
			if (ser[k].lo != NULL && isfinite(ser[k].lo[i]))
				lo = fmin(lo, ser[k].lo[i]);
			if (ser[k].hi != NULL && isfinite(ser[k].hi[i]))
				hi = fmax(hi, ser[k].hi[i]);
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
	if (unit != NULL && strcmp(unit, "£") != 0 && strcmp(unit, "%") != 0 &&
	    chart_money(unit) == 0)
		unit = NULL;
	chart_number(lab[0], sizeof lab[0], hi, unit, false);
	chart_number(lab[1], sizeof lab[1], (hi + lo) / 2, unit, false);
	chart_number(lab[2], sizeof lab[2], lo, unit, false);
	for (int i = 0; i < 3; i++)
		if (cells_width(s, lab[i]) > lw)
			lw = cells_width(s, lab[i]);
	if (lw > w / 3)
		lw = w / 3;

	/*
	 * Year labels are centred on their year; the plot leaves room on the
	 * right for the last one. With room, the axis carries a tick for
	 * every year and the labels go on the row below it; without, the
	 * labels go on the axis itself.
	 */
	snprintf(yr, sizeof yr, "%d", first_year + n - 1);
	t.lw = (int)strlen(yr);
	snprintf(yr, sizeof yr, "%d", first_year);
	if ((int)strlen(yr) > t.lw)
		t.lw = (int)strlen(yr);
	rm = t.lw - 1 - (t.lw - 1) / 2;
	if (w - lw - 1 - rm < 4)
		rm = 0;

	p.s = s;
	p.x = x + lw + 1;
	p.y = y;
	p.w = w - lw - 1 - rm;
	p.h = h >= 6 ? h - 2 : h - 1;
	p.dw = braille ? 2 : 1;
	p.dh = braille ? 4 : 1;
	p.bits = braille ? xcalloc((size_t)p.w * (size_t)p.h, 1) : NULL;
	axis = y + p.h;
	lrow = y + h - 1;

	t.n = n;
	t.cx = xcalloc((size_t)n, sizeof *t.cx);
	for (int i = 0; i < n; i++) {
		int	dx = n > 1 ? (int)lround((double)i * (p.w * p.dw - 1) /
			    (n - 1)) : p.w * p.dw / 2;

		t.cx[i] = dx / p.dw;
		if (i > 0 && t.cx[i] == t.cx[i - 1])
			ticks_all = false;
	}
	t.stride = tick_stride(&t);
	if (sel >= n)
		sel = n - 1;

	/* Axis with value labels at the top, middle and bottom rows. */
	for (int r = 0; r < p.h; r++)
		cells_set(s, x + lw, y + r, s->utf8 ? 0x2502 : '|', ROLE_BORDER);
	for (int i = 0; i < 3; i++) {
		/* The middle value's row is where the series would draw it;
		 * no label where it would share the top or bottom row. */
		int	r = i == 0 ? 0 : i == 1 ? (int)lround((p.h * p.dh - 1) /
			    2.0) / p.dh : p.h - 1;

		if (i == 1 && (r == 0 || r == p.h - 1))
			continue;
		/* A label is shown whole or not at all. */
		if (cells_width(s, lab[i]) <= lw)
			cells_put(s, x + lw - cells_width(s, lab[i]), y + r,
			    lw, lab[i], ROLE_DIM);
		cells_set(s, x + lw, y + r, s->utf8 ? 0x2524 : '+', ROLE_BORDER);
	}
	cells_set(s, x + lw, axis, s->utf8 ? 0x2514 : '+', ROLE_BORDER);
	cells_fill(s, p.x, axis, p.w, 1, s->utf8 ? 0x2500 : '-', ROLE_BORDER);

	/* Ticks: every year's, or the labelled ones' when years crowd. */
	if (lrow != axis)
		for (int i = 0; i < n; i++)
			if (ticks_all || i % t.stride == 0)
				cells_set(s, p.x + t.cx[i], axis, s->utf8 ?
				    0x252c : '+', ROLE_BORDER);
	/* The selected year: a dotted line up the plot, behind the series. */
	if (sel >= 0) {
		for (int r = 0; r < p.h; r++)
			cells_set(s, p.x + t.cx[sel], y + r, s->utf8 ? 0x250a :
			    ':', ROLE_DIM);
		if (lrow != axis)
			cells_set(s, p.x + t.cx[sel], axis, s->utf8 ? 0x253c :
			    '^', ROLE_SELECTED);
	}
	for (int i = 0; i < n; i += t.stride) {
		int	lx = p.x + tick_label_x(&t, i);

		snprintf(yr, sizeof yr, "%d", first_year + i);
		/* Whole or not at all. */
		if (lx < x || lx + (int)strlen(yr) > x + w)
			continue;
		cells_put(s, lx, lrow, (int)strlen(yr), yr, i == sel ?
		    ROLE_SELECTED : ROLE_DIM);
	}

	/*
	 * Bands first, under everything, the first series' last: every
	 * other dot (braille; the other series' bands on the dots between)
	 * or a '.' (text; ':' for the others) between the band's edges,
	 * straight between years.
	 */
	for (size_t k = nser; k-- > 0;) {
		int		 odd = k > 0;
		enum role	 role = k > 0 ? ROLE_BAND1 : ROLE_BAND0;

		if (ser[k].lo == NULL || ser[k].hi == NULL || n < 2)
			continue;
		for (int dx = 0; dx < p.w * p.dw; dx++) {
			double	f = (double)dx * (n - 1) / (p.w * p.dw - 1);
			int	i = (int)f, top, bot;
			double	a, b, u = f - i;

			if (i >= n - 1) {
				i = n - 2;
				u = 1;
			}
			if ((size_t)i + 1 >= ser[k].n)
				continue;
			a = ser[k].hi[i] + u * (ser[k].hi[i + 1] - ser[k].hi[i]);
			b = ser[k].lo[i] + u * (ser[k].lo[i + 1] - ser[k].lo[i]);
			if (!isfinite(a) || !isfinite(b))
				continue;
			top = (int)lround((hi - a) / (hi - lo) * (p.h * p.dh - 1));
			bot = (int)lround((hi - b) / (hi - lo) * (p.h * p.dh - 1));
			for (int dy = top; dy <= bot && dy - top <= p.h * p.dh;
			    dy++)
				if (!braille || (dx % 2 == odd &&
				    dy % 2 == odd))
					dot(&p, dx, dy, role, odd ? ':' : '.');
		}
	}

	/* Lines, so that the first series given ends on top... */
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
				    glyph(s, k));
			else
				dot(&p, dx, dy, ser[k].role, glyph(s, k));
			px = dx;
			py = dy;
		}
	}
	/* ...then each yearly value as its series' glyph, over every line. */
	for (size_t k = nser; k-- > 0;)
		for (size_t i = 0; i < ser[k].n; i++) {
			double	v = ser[k].y[i];
			int	cy;

			if (!isfinite(v))
				continue;
			cy = (int)lround((hi - v) / (hi - lo) *
			    (p.h * p.dh - 1)) / p.dh;
			if (cy >= 0 && cy < p.h && t.cx[i] < p.w)
				cells_set(s, p.x + t.cx[i], y + cy, glyph(s, k),
				    ser[k].role);
		}
	free(t.cx);
	free(p.bits);
}
