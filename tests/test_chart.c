/*
 * The chart over whole input spaces: every straight line inside a 64x64
 * box of dots ends at its end point with the expected number of dots, each
 * a king's move from the last; and chart_draw finishes and stays inside its
 * box for every box size up to 250x80 and many kinds of series.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cells.h"
#include "chart.h"

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
	double			 y[5][12];
	struct chart_series	 ser[5];
	long			 outside = 0;

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
		cells_init(&s, w + 4, h + 4, utf8);
		chart_draw(&s, 2, 2, w, h, ser, (size_t)nser, 2025, "£");
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

int
main(void)
{
	/* A drawing loop that never ends fails here instead of hanging. */
	alarm(120);
	test_lines();
	test_sizes();
	if (failures > 0)
		fprintf(stderr, "%d check%s failed\n", failures,
		    failures == 1 ? "" : "s");
	return failures > 0;
}
