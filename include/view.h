/*
 * view: the workshop screen drawn into a cell buffer. view_render() takes
 * the model (scenario, baseline, session, results: read only) and the view
 * state (which pane has the keyboard, what is selected, which overlay is
 * open) and draws every pane. It keeps scroll positions and what it drew
 * where, for key handling and mouse clicks. No curses here.
 */
#ifndef LEVER_VIEW_H
#define LEVER_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "cells.h"
#include "session.h"

struct attrib;
struct baseline;
struct diag;
struct sample_store;
struct sensitivity;
struct results;
struct scenario;

#define VIEW_MIN_W	60
#define VIEW_MIN_H	15

enum pane {
	PANE_LEVERS,
	PANE_CHART,
	PANE_TABLE,
	PANE_ASSUMPTIONS,
	PANE_COUNT
};

enum overlay {
	OVERLAY_NONE,
	OVERLAY_HELP,
	OVERLAY_OPTIONS,	/* load, rename, delete */
	OVERLAY_COMPARE,	/* choose up to four */
	OVERLAY_REFERENCE,	/* defaults or one option */
	OVERLAY_ATTRIB,		/* which lever did it */
	OVERLAY_TORNADO,	/* which assumption matters */
	OVERLAY_FOCUS,		/* all areas or a group */
	OVERLAY_PROMPT,		/* one line of text */
	OVERLAY_CONFIRM,	/* y or n */
	OVERLAY_TABLE		/* the model's rows (struct view_table) */
};

enum sort_key {
	SORT_GAIN,		/* largest gain first */
	SORT_LOSS,		/* largest loss first */
	SORT_VALUE,
	SORT_NAME,
	SORT_COUNT
};

/*
 * Rows for OVERLAY_TABLE, made by the model (a workshop's proposals, a
 * prediction's reveal): cells separated by '\t', lined up in columns, the
 * first taking what room is left. SELECT: rows are chosen with Up/Down.
 */
struct view_table {
	char	 *title;
	char	 *header;	/* a row of column names; NULL: none */
	char	**rows;
	size_t	  nrows;
	char	 *note;		/* under the rows (or instead of them) */
	char	 *hint;		/* the keys, on the last line */
	bool	  select;
};

/* What the model gives the view; everything may change between frames. */
struct view_model {
	const struct scenario	 *sc;
	const struct baseline	 *bl;
	const struct session	 *ss;
	const struct results	 *res;		/* current settings; NULL: none yet */
	const struct results	 *ref;		/* reference */
	const char		 *ref_name;	/* "defaults" or an option */
	const struct results	 *cmp[SESSION_MAX_COMPARE]; /* [0] is ref */
	bool			  computing;
	/* Uncertainty: samples of the current settings and of the
	 * reference, with the same draws (their output FAN_OUTPUT per area,
	 * every total), NULL when bands are off or not begun. */
	const struct sample_store *fan;
	const struct sample_store *fan_ref;
	size_t			  fan_output;
	size_t			  fan_want;	/* samples asked for */
	/* Attribution of the change from the reference, NULL when none;
	 * ATTR_BUSY while its runs are going. */
	const struct attrib	 *attr;
	bool			  attr_busy;
	/* The tornado of the current settings, NULL when none. */
	const struct sensitivity *sens;
	bool			  stale;	/* results are for older settings */
	const struct diag	 *errors;
	const char		 *message;	/* for the status line */
	const char *const	 *help;		/* lines of the help screen */
	size_t			  nhelp;
	const struct view_table	 *table;	/* OVERLAY_TABLE's rows */
};

/* A row of the lever pane. */
struct view_item {
	int		 kind;		/* 0 group heading, 1 lever, 2 split part */
	size_t		 lever;
	size_t		 part;
	const char	*group;
};

/* A group of areas the focus can be: COLUMN holds VALUE. */
struct view_group {
	size_t		 column;
	const char	*value;
	size_t		 count;
};

struct view_rect {
	int	x, y, w, h;
};

struct view {
	enum pane		 pane;
	bool			 left_assumptions; /* small screens: which left pane */
	size_t			 lever_sel;	/* index into items */
	size_t			 assume_sel;
	size_t			 area_sel;	/* baseline row; SIZE_MAX: none */
	enum sort_key		 sort;
	enum overlay		 overlay;
	size_t			 list_sel;
	char			 title[400];	/* prompt or question */
	char			 input[256];
	bool			 input_fresh;	/* a suggestion: typing replaces it */
	int			 purpose;	/* what the prompt is for (the caller's) */
	bool			 hide_errors;

	/* Built by view_bind from the scenario and baseline. */
	struct view_item	*items;
	size_t			 nitems;
	struct view_group	*groups;
	size_t			 ngroups;

	/* Kept by view_render for keys and clicks. */
	size_t			*rows;		/* table rows in order */
	size_t			 nrows;
	int			 lever_top, assume_top, table_top, list_top;
	struct view_rect	 rect[PANE_COUNT];
	struct view_rect	 list;		/* overlay list rows */
	struct view_rect	 box;		/* the bars overlay's frame */
	int			 lever_y0, assume_y0, table_y0;
};

void	 view_init(struct view *);
void	 view_free(struct view *);
/* Follow a (re)loaded scenario and baseline. */
void	 view_bind(struct view *, const struct scenario *,
	    const struct baseline *);
void	 view_render(struct view *, const struct view_model *, struct cells *);

/* Move the selection of the pane with the keyboard (or the open list). */
void	 view_move(struct view *, const struct view_model *, long delta);
/* The selected lever row; false when none. PART is SIZE_MAX for a lever. */
bool	 view_lever(const struct view *, size_t *lever, size_t *part);
/* Number of entries in the open list overlay. */
size_t	 view_list_len(const struct view *, const struct view_model *);
/* Select what is at X,Y; false when nothing is there. */
bool	 view_click(struct view *, const struct view_model *, int x, int y);
/* Index of the session's output (0 when it names none). */
size_t	 view_output(const struct view_model *);
/* The selected year, 0-based. */
size_t	 view_year(const struct view_model *);
/* Free what TABLE holds and empty it. */
void	 view_table_clear(struct view_table *);
/* Find the next area after the selected one whose name or id holds TEXT. */
bool	 view_find(struct view *, const struct view_model *, const char *text);

#endif
