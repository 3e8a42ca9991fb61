/*
 * term: the only module that talks to curses. It opens the terminal, copies
 * a cell buffer to the screen (roles become colour pairs, or attributes on
 * a monochrome terminal or when NO_COLOR is set) and reads keys, mouse
 * clicks and resizes.
 */
#ifndef LEVER_TERM_H
#define LEVER_TERM_H

#include <stdbool.h>

struct cells;

enum term_event_kind {
	TERM_KEY,
	TERM_MOUSE,		/* a click at x,y */
	TERM_WHEEL,		/* key is -1 (up) or +1 (down) */
	TERM_RESIZE
};

/* Keys that are not characters. */
enum {
	TERM_KEY_UP = 0x110000, TERM_KEY_DOWN, TERM_KEY_LEFT, TERM_KEY_RIGHT,
	TERM_KEY_PGUP, TERM_KEY_PGDN, TERM_KEY_HOME, TERM_KEY_END,
	TERM_KEY_BTAB, TERM_KEY_ENTER, TERM_KEY_BACKSPACE, TERM_KEY_DELETE,
	TERM_KEY_F1, TERM_KEY_OTHER
};

struct term_event {
	enum term_event_kind	kind;
	int			key;	/* a character or TERM_KEY_* */
	int			x, y;
};

struct term;

/* Take over the terminal; NULL with *CAUSE set when it can't be used. */
struct term	*term_open(char **cause);
/* Give the terminal back (safe to call twice, and from a fatal hook). */
void		 term_close(struct term *);
void		 term_size(struct term *, int *w, int *h);
/* Copy the buffer to the screen (curses sends only what changed). */
void		 term_draw(struct term *, const struct cells *);
/* Restore the terminal before aborting (util_set_fatal_hook). */
void		 term_emergency(void);
/* Repaint the whole screen at the next draw (Ctrl-L). */
void		 term_redraw(struct term *);
/* Read one pending event without waiting; false when there is none. */
bool		 term_read(struct term *, struct term_event *);

#endif
