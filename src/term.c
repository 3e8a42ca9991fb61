/*
 * term: curses in one place. Each role of the cell buffer has a colour
 * (foreground, background, attribute) and a monochrome attribute; the
 * monochrome column is used when the terminal has no colours or NO_COLOR is
 * set. Input is read with wget_wch in no-delay mode after the caller's
 * poll() says stdin is readable, so nothing here ever blocks.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include <curses.h>

#include "cells.h"
#include "term.h"
#include "util.h"

struct term {
	bool	 open;
	bool	 color;
	attr_t	 attr[ROLE_NROLES];
	short	 pair[ROLE_NROLES];
};

static const struct {
	enum role	role;
	short		fg, bg;
	attr_t		color_attr;
	attr_t		mono_attr;
} role_styles[] = {
	{ ROLE_NORMAL,		-1, -1, A_NORMAL, A_NORMAL },
	{ ROLE_TITLE,		COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	{ ROLE_BORDER,		COLOR_BLUE, -1, A_NORMAL, A_NORMAL },
	{ ROLE_BORDER_ACTIVE,	COLOR_CYAN, -1, A_BOLD, A_BOLD },
	{ ROLE_HEADING,		COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	{ ROLE_SELECTED,	-1, -1, A_REVERSE, A_REVERSE },
	{ ROLE_DIM,		-1, -1, A_NORMAL, A_NORMAL },
	{ ROLE_GAIN,		COLOR_GREEN, -1, A_BOLD, A_BOLD },
	{ ROLE_LOSS,		COLOR_RED, -1, A_BOLD, A_UNDERLINE },
	{ ROLE_BAR,		COLOR_CYAN, -1, A_NORMAL, A_BOLD },
	{ ROLE_SERIES0,		COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	{ ROLE_SERIES1,		COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	{ ROLE_SERIES2,		COLOR_MAGENTA, -1, A_NORMAL, A_NORMAL },
	{ ROLE_SERIES3,		COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	{ ROLE_SERIES4,		COLOR_RED, -1, A_NORMAL, A_NORMAL },
	{ ROLE_SERIES5,		COLOR_BLUE, -1, A_BOLD, A_BOLD },
	{ ROLE_ERROR,		COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE },
	{ ROLE_STATUS,		COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE },
	{ ROLE_KEY,		COLOR_BLACK, COLOR_WHITE, A_BOLD, A_REVERSE | A_BOLD },
	{ ROLE_BUSY,		COLOR_YELLOW, -1, A_BOLD, A_BOLD },
};

struct term *
term_open(char **cause)
{
	struct term	*t;
	const char	*nc = getenv("NO_COLOR");

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*cause = xstrdup("the workshop screen needs a terminal; use "
		    "lever run for batch work");
		return NULL;
	}
	if (newterm(NULL, stdout, stdin) == NULL) {
		*cause = xasprintf("cannot use terminal type '%s'",
		    getenv("TERM") != NULL ? getenv("TERM") : "(unset)");
		return NULL;
	}
	t = xcalloc(1, sizeof *t);
	t->open = true;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
	    | BUTTON5_PRESSED
#endif
	    , NULL);
	mouseinterval(0);
	t->color = has_colors() && (nc == NULL || nc[0] == '\0');
	if (t->color && start_color() == OK) {
		use_default_colors();
		for (size_t i = 0; i < nitems(role_styles); i++) {
			enum role	r = role_styles[i].role;
			short		pair = (short)(i + 1);

			if (role_styles[i].fg == -1 && role_styles[i].bg == -1)
				pair = 0;
			else if (pair < COLOR_PAIRS)
				init_pair(pair, role_styles[i].fg,
				    role_styles[i].bg);
			else
				pair = 0;
			t->pair[r] = pair;
			t->attr[r] = role_styles[i].color_attr;
		}
	} else {
		t->color = false;
		for (size_t i = 0; i < nitems(role_styles); i++)
			t->attr[role_styles[i].role] = role_styles[i].mono_attr;
	}
	return t;
}

void
term_close(struct term *t)
{
	if (t == NULL || !t->open)
		return;
	t->open = false;
	endwin();
}

void
term_emergency(void)
{
	if (!isendwin())
		endwin();
}

void
term_size(struct term *t, int *w, int *h)
{
	(void)t;
	getmaxyx(stdscr, *h, *w);
}

void
term_draw(struct term *t, const struct cells *s)
{
	for (int y = 0; y < s->h; y++)
		for (int x = 0; x < s->w; x++) {
			const struct cell	*c = &s->c[y * s->w + x];
			attr_t			 a = t->attr[c->role];
			short			 pair = t->pair[c->role];

			if (c->ch < 0x80) {
				mvaddch(y, x, (chtype)c->ch | a |
				    (chtype)COLOR_PAIR(pair));
			} else {
				cchar_t	cc;
				wchar_t	wc[2] = { (wchar_t)c->ch, L'\0' };

				setcchar(&cc, wc, a, pair, NULL);
				mvadd_wch(y, x, &cc);
			}
		}
	wnoutrefresh(stdscr);
	doupdate();
}

void
term_redraw(struct term *t)
{
	(void)t;
	clearok(curscr, TRUE);
}

static int
map_key(int k)
{
	switch (k) {
	case KEY_UP:		return TERM_KEY_UP;
	case KEY_DOWN:		return TERM_KEY_DOWN;
	case KEY_LEFT:		return TERM_KEY_LEFT;
	case KEY_RIGHT:		return TERM_KEY_RIGHT;
	case KEY_PPAGE:		return TERM_KEY_PGUP;
	case KEY_NPAGE:		return TERM_KEY_PGDN;
	case KEY_HOME:		return TERM_KEY_HOME;
	case KEY_END:		return TERM_KEY_END;
	case KEY_BTAB:		return TERM_KEY_BTAB;
	case KEY_ENTER:		return TERM_KEY_ENTER;
	case KEY_BACKSPACE:	return TERM_KEY_BACKSPACE;
	case KEY_DC:		return TERM_KEY_DELETE;
	case KEY_F(1):		return TERM_KEY_F1;
	default:		return TERM_KEY_OTHER;
	}
}

bool
term_read(struct term *t, struct term_event *ev)
{
	wint_t	wc;
	int	rc;

	for (;;) {
		rc = wget_wch(stdscr, &wc);
		if (rc == ERR)
			return false;
		memset(ev, 0, sizeof *ev);
		if (rc == OK) {
			ev->kind = TERM_KEY;
			ev->key = (int)wc;
			if (wc == '\r' || wc == '\n')
				ev->key = TERM_KEY_ENTER;
			else if (wc == 0x7f || wc == 0x08)
				ev->key = TERM_KEY_BACKSPACE;
			return true;
		}
		if (wc == KEY_RESIZE) {
			ev->kind = TERM_RESIZE;
			return true;
		}
		if (wc == KEY_MOUSE) {
			MEVENT	me;

			if (getmouse(&me) != OK)
				continue;
			ev->x = me.x;
			ev->y = me.y;
			if (me.bstate & BUTTON4_PRESSED) {
				ev->kind = TERM_WHEEL;
				ev->key = -1;
			}
#ifdef BUTTON5_PRESSED
			else if (me.bstate & BUTTON5_PRESSED) {
				ev->kind = TERM_WHEEL;
				ev->key = 1;
			}
#endif
			else if (me.bstate & (BUTTON1_PRESSED |
			    BUTTON1_CLICKED))
				ev->kind = TERM_MOUSE;
			else
				continue;
			return true;
		}
		ev->kind = TERM_KEY;
		ev->key = map_key((int)wc);
		(void)t;
		return true;
	}
}
