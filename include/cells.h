/*
 * cells: an in-memory screen of W x H cells, each one character (a Unicode
 * code point of display width 1) and a semantic role. Views draw into it;
 * term.c copies it to the terminal and cells_dump() writes it as text for
 * golden tests. Nothing here knows about curses.
 *
 * Roles say what a cell means, not how it looks: term.c maps each role to a
 * colour pair where the terminal has colours and to an attribute (bold,
 * reverse, underline, dim) where it does not.
 */
#ifndef LEVER_CELLS_H
#define LEVER_CELLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum role {
	ROLE_NORMAL,
	ROLE_TITLE,		/* title bar */
	ROLE_BORDER,		/* pane frame */
	ROLE_BORDER_ACTIVE,	/* frame of the pane with the keyboard */
	ROLE_HEADING,		/* group names, column headers */
	ROLE_SELECTED,		/* the selected row */
	ROLE_DIM,		/* secondary text: units, sources */
	ROLE_GAIN,		/* a change for the better */
	ROLE_LOSS,		/* a change for the worse */
	ROLE_BAR,		/* filled part of a slider */
	ROLE_SERIES0,		/* current settings on the chart */
	ROLE_SERIES1,		/* the reference */
	ROLE_SERIES2,		/* compared options 2..4 */
	ROLE_SERIES3,
	ROLE_SERIES4,
	ROLE_SERIES5,
	ROLE_ERROR,		/* script errors */
	ROLE_STATUS,		/* status line */
	ROLE_KEY,		/* key names in hints */
	ROLE_BUSY,		/* "computing" */
	ROLE_BAND0,		/* the band around the current settings */
	ROLE_BAND1,		/* ...and around the other series */
	ROLE_NROLES
};

struct cell {
	uint32_t	ch;
	uint8_t		role;
};

struct cells {
	int		 w, h;
	bool		 utf8;		/* may hold non-ASCII characters */
	bool		 braille;	/* the font has braille dots */
	struct cell	*c;
};

void	 cells_init(struct cells *, int w, int h, bool utf8);
void	 cells_free(struct cells *);
void	 cells_clear(struct cells *);
struct cell *cells_at(struct cells *, int x, int y);
void	 cells_set(struct cells *, int x, int y, uint32_t ch, enum role);
/* Set the role of a run of cells, keeping their characters. */
void	 cells_paint(struct cells *, int x, int y, int n, enum role);
void	 cells_fill(struct cells *, int x, int y, int w, int h, uint32_t ch,
	    enum role);
/*
 * Write UTF-8 text S at x,y, at most MAX cells (clipped to the screen too).
 * Without UTF-8, characters are transliterated ("£" becomes "GBP", dashes
 * "-") or shown as '?'. Return the number of cells written.
 */
int	 cells_put(struct cells *, int x, int y, int max, const char *s,
	    enum role);
int	 cells_printf(struct cells *, int x, int y, int max, enum role,
	    const char *, ...) __attribute__((format(printf, 6, 7)));
/* Cells the text would take (after transliteration). */
int	 cells_width(const struct cells *, const char *s);
/* A box frame with a title in the top edge. */
void	 cells_box(struct cells *, int x, int y, int w, int h,
	    const char *title, enum role);
/* The screen as text, one line per row, trailing spaces dropped. */
void	 cells_dump(const struct cells *, FILE *);
/* One row as UTF-8 text (caller frees). */
char	*cells_row(const struct cells *, int y);

#endif
