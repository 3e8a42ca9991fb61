/*
 * cells: the in-memory screen. A row-major array of cells; every write is
 * clipped to the screen, so callers can draw without bounds checks.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cells.h"
#include "util.h"

void
cells_init(struct cells *s, int w, int h, bool utf8)
{
	s->w = w > 0 ? w : 0;
	s->h = h > 0 ? h : 0;
	s->utf8 = utf8;
	s->braille = utf8;
	s->c = xcalloc((size_t)s->w * (size_t)s->h + 1, sizeof *s->c);
	cells_clear(s);
}

void
cells_free(struct cells *s)
{
	free(s->c);
	s->c = NULL;
}

void
cells_clear(struct cells *s)
{
	for (int i = 0; i < s->w * s->h; i++) {
		s->c[i].ch = ' ';
		s->c[i].role = ROLE_NORMAL;
	}
}

struct cell *
cells_at(struct cells *s, int x, int y)
{
	if (x < 0 || y < 0 || x >= s->w || y >= s->h)
		return NULL;
	return &s->c[y * s->w + x];
}

void
cells_set(struct cells *s, int x, int y, uint32_t ch, enum role role)
{
	struct cell	*c = cells_at(s, x, y);

	if (c != NULL) {
		c->ch = ch;
		c->role = (uint8_t)role;
	}
}

void
cells_paint(struct cells *s, int x, int y, int n, enum role role)
{
	for (int i = 0; i < n; i++) {
		struct cell	*c = cells_at(s, x + i, y);

		if (c != NULL)
			c->role = (uint8_t)role;
	}
}

void
cells_fill(struct cells *s, int x, int y, int w, int h, uint32_t ch,
    enum role role)
{
	for (int j = 0; j < h; j++)
		for (int i = 0; i < w; i++)
			cells_set(s, x + i, y + j, ch, role);
}

/* Decode one UTF-8 sequence; invalid bytes decode as U+FFFD. */
static uint32_t
decode(const unsigned char **sp)
{
	const unsigned char	*s = *sp;
	uint32_t		 cp;
	size_t			 n;

	if ((n = utf8_decode(s, strnlen((const char *)s, 4), &cp)) == 0) {
		*sp = s + 1;
		return 0xfffd;
	}
	*sp = s + n;
	return cp;
}

/* ASCII stand-ins for the characters scenario text commonly holds. */
static const char *
translit(uint32_t cp)
{
	switch (cp) {
	case 0xa3:	return "GBP";
	case 0x20ac:	return "EUR";
	case 0x2013: case 0x2014: case 0x2212: return "-";
	case 0x2018: case 0x2019: return "'";
	case 0x201c: case 0x201d: return "\"";
	case 0x2026:	return "...";
	case 0xd7:	return "x";
	case 0x2265:	return ">=";
	case 0x2264:	return "<=";
	case 0xa0:	return " ";
	default:	return "?";
	}
}

/* Call FN for every cell character S becomes; stop when it returns false. */
static int
walk(const struct cells *s, const char *text, int max,
    void (*fn)(void *, uint32_t), void *arg)
{
	const unsigned char	*p = (const unsigned char *)text;
	int			 n = 0;

	while (*p != '\0' && n < max) {
		uint32_t	cp = decode(&p);

		/* Controls (C0, DEL, C1) never reach the terminal; nor do
		 * the invisible controls that reorder text (bidi). */
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			cp = ' ';
		else if ((cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e ||
		    cp == 0x200f || cp == 0x061c)
			cp = '?';
		if (cp < 0x80) {
			if (fn != NULL)
				fn(arg, cp);
			n++;
		} else if (s->utf8) {
			int	wd = wcwidth((wchar_t)cp);

			if (fn != NULL)
				fn(arg, wd == 1 ? cp : '?');
			n++;
		} else {
			for (const char *t = translit(cp); *t != '\0' &&
			    n < max; t++, n++)
				if (fn != NULL)
					fn(arg, (unsigned char)*t);
		}
	}
	return n;
}

struct putter {
	struct cells	*s;
	int		 x, y;
	enum role	 role;
};

static void
put_one(void *arg, uint32_t cp)
{
	struct putter	*p = arg;

	cells_set(p->s, p->x++, p->y, cp, p->role);
}

int
cells_put(struct cells *s, int x, int y, int max, const char *text,
    enum role role)
{
	struct putter	p = { s, x, y, role };

	if (text == NULL || y < 0 || y >= s->h)
		return 0;
	if (max < 0)
		max = 0;
	return walk(s, text, max, put_one, &p);
}

int
cells_printf(struct cells *s, int x, int y, int max, enum role role,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*t;
	int	 n;

	va_start(ap, fmt);
	t = xvasprintf(fmt, ap);
	va_end(ap);
	n = cells_put(s, x, y, max, t, role);
	free(t);
	return n;
}

int
cells_width(const struct cells *s, const char *text)
{
	return text == NULL ? 0 : walk(s, text, 1 << 30, NULL, NULL);
}

void
cells_box(struct cells *s, int x, int y, int w, int h, const char *title,
    enum role role)
{
	uint32_t	hz = s->utf8 ? 0x2500 : '-', vt = s->utf8 ? 0x2502 : '|';
	uint32_t	tl = s->utf8 ? 0x250c : '+', tr = s->utf8 ? 0x2510 : '+';
	uint32_t	bl = s->utf8 ? 0x2514 : '+', br = s->utf8 ? 0x2518 : '+';

	if (w < 2 || h < 2)
		return;
	cells_fill(s, x + 1, y, w - 2, 1, hz, role);
	cells_fill(s, x + 1, y + h - 1, w - 2, 1, hz, role);
	cells_fill(s, x, y + 1, 1, h - 2, vt, role);
	cells_fill(s, x + w - 1, y + 1, 1, h - 2, vt, role);
	cells_set(s, x, y, tl, role);
	cells_set(s, x + w - 1, y, tr, role);
	cells_set(s, x, y + h - 1, bl, role);
	cells_set(s, x + w - 1, y + h - 1, br, role);
	if (title != NULL && w > 6) {
		int	n = cells_put(s, x + 2, y, w - 6, " ", role);

		n += cells_put(s, x + 2 + n, y, w - 5 - n, title,
		    role == ROLE_BORDER_ACTIVE ? ROLE_BORDER_ACTIVE :
		    ROLE_HEADING);
		cells_put(s, x + 2 + n, y, 1, " ", role);
	}
}

char *
cells_row(const struct cells *s, int y)
{
	struct buf	b = { 0 };
	int		end = s->w;
	char		u[4];

	if (y >= 0 && y < s->h) {
		while (end > 0 && s->c[y * s->w + end - 1].ch == ' ')
			end--;
		for (int x = 0; x < end; x++)
			buf_add(&b, u, utf8_encode(u, s->c[y * s->w + x].ch));
	}
	buf_addc(&b, '\0');
	return b.data;
}

void
cells_dump(const struct cells *s, FILE *f)
{
	for (int y = 0; y < s->h; y++) {
		char	*row = cells_row(s, y);

		fprintf(f, "%s\n", row);
		free(row);
	}
}
