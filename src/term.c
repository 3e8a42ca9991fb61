/*
 * term: curses in one place. Each role of the cell buffer has a colour
 * (foreground, background, attribute) and a monochrome attribute; the
 * monochrome column is used when the terminal has no colours or NO_COLOR is
 * set. Input is read with wget_wch in no-delay mode after the caller's
 * poll() says stdin is readable, so nothing here blocks (but for the rest
 * of an escape sequence, SEQ_WAIT_MS at most per character). Escape
 * sequences curses does not know are dropped whole, never taken as keys.
 * A terminal that cannot address the cursor is refused.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include <curses.h>

#include "cells.h"
#include "term.h"
#include "util.h"

/* How long the rest of an escape sequence may take to arrive, its longest
 * run of parameters, and how much of what follows an ESC can be put back. */
#define SEQ_WAIT_MS	30
#define SEQ_MAX		32
#define SEQ_KEEP	64

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
	{ ROLE_BAND0,		COLOR_YELLOW, -1, A_DIM, A_NORMAL },
	{ ROLE_BAND1,		COLOR_CYAN, -1, A_DIM, A_NORMAL },
};

struct term *
term_open(char **cause)
{
	struct term	*t;
	SCREEN		*scr;
	const char	*nc = getenv("NO_COLOR"), *name = getenv("TERM");
	char		*cup;

	if (name == NULL || name[0] == '\0')
		name = "(unset)";
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*cause = xstrdup("the workshop screen needs a terminal; use "
		    "lever run for batch work");
		return NULL;
	}
	if ((scr = newterm(NULL, stdout, stdin)) == NULL) {
		*cause = xasprintf("cannot use terminal type '%s'; set TERM "
		    "to your terminal's type, or use lever run SCENARIO.lua "
		    "--format table", name);
		return NULL;
	}
	/*
	 * A terminal that cannot move the cursor (TERM=dumb, a hard-copy
	 * or generic type) would show a blank screen and hand escape
	 * sequences over as keys: refuse it before anything is drawn.
	 */
	cup = tigetstr("cup");
	if (cup == NULL || cup == (char *)-1 || tigetflag("hc") > 0 ||
	    tigetflag("gn") > 0) {
		endwin();
		delscreen(scr);
		*cause = xasprintf("terminal type '%s' cannot move the cursor, "
		    "which the workshop screen needs; set TERM to your "
		    "terminal's type (for example xterm-256color), or use "
		    "lever run SCENARIO.lua --format table", name);
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

/*
 * What followed an ESC, kept so that it can be put back when it turns out
 * not to be a sequence: the Esc key and keys typed at once after it.
 */
struct seq {
	wint_t	 c[SEQ_KEEP];
	int	 rc[SEQ_KEEP];
	int	 n;
};

/* The next character of an escape sequence: it follows at once, so wait
 * a little at most. */
static int
seq_next(struct seq *q, wint_t *wc)
{
	int	rc;

	wtimeout(stdscr, SEQ_WAIT_MS);
	rc = wget_wch(stdscr, wc);
	nodelay(stdscr, TRUE);
	if (rc != ERR && q->n < SEQ_KEEP) {
		q->c[q->n] = *wc;
		q->rc[q->n++] = rc;
	}
	return rc;
}

/* Not a sequence after all: put back what followed the ESC. */
static void
seq_put_back(struct seq *q)
{
	while (q->n > 0) {
		q->n--;
		if (q->rc[q->n] == KEY_CODE_YES)
			ungetch((int)q->c[q->n]);
		else
			unget_wch((wchar_t)q->c[q->n]);
	}
}

/*
 * After an ESC that curses did not make a key of: read the rest of a
 * sequence (CSI, SS3, OSC, DCS, APC, PM, SOS; a mouse report) and drop it
 * whole, so that none of its characters acts as a key. Anything else,
 * or a sequence that stops short, was typed: the ESC is the Esc key, and
 * what followed it is put back to be read as keys. True then.
 */
static bool
escape_alone(void)
{
	struct seq	q = { .n = 0 };
	wint_t		wc, first = 0;
	int		rc = seq_next(&q, &wc);

	if (rc == ERR)
		return true;
	if (rc == KEY_CODE_YES)
		goto typed;
	switch (wc) {
	case '[':			/* CSI: parameters, then a final */
		for (int i = 0; i < SEQ_MAX; i++) {
			if (seq_next(&q, &wc) != OK)
				goto typed;
			if (i == 0)
				first = wc;
			if (wc >= 0x40 && wc <= 0x7e) {
				/* An X10 mouse report: three bytes follow. */
				if (wc == 'M' && first == 'M')
					for (int j = 0; j < 3; j++)
						if (seq_next(&q, &wc) == ERR)
							break;
				return false;
			}
			if (wc < 0x20 || wc > 0x3f)
				goto typed;
		}
		goto typed;
	case 'O':			/* SS3 and one character */
		if (seq_next(&q, &wc) == OK && wc > 0x20 && wc < 0x7f)
			return false;
		goto typed;
	case ']': case 'P': case '_': case '^': case 'X':
		/* Strings: up to BEL or ESC \. One longer than anyone types
		 * at once is a string whatever follows. */
		for (int i = 0; i < SEQ_MAX * 32; i++) {
			if ((rc = seq_next(&q, &wc)) != OK)
				break;
			if (wc == 0x07)
				return false;
			if (wc == 0x1b) {
				if (seq_next(&q, &wc) == OK && wc == '\\')
					return false;
				break;
			}
		}
		if (q.n < SEQ_KEEP)
			goto typed;
		return false;
	default:
		goto typed;
	}
typed:
	seq_put_back(&q);
	return true;
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
		if (rc == OK && wc == 0x1b && !escape_alone())
			continue;
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
