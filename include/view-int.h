/*
 * view-int: what the screen's pane files share (see view.c).
 */
#ifndef LEVER_VIEW_INT_H
#define LEVER_VIEW_INT_H

#include <stdbool.h>

#include "cells.h"
#include "view.h"

struct output;
struct results;

void	 view_draw_levers(struct view *, const struct view_model *,
	    struct cells *, struct view_rect);
void	 view_draw_assumptions(struct view *, const struct view_model *,
	    struct cells *, struct view_rect);
void	 view_draw_chart(struct view *, const struct view_model *,
	    struct cells *, struct view_rect);
void	 view_draw_table(struct view *, const struct view_model *,
	    struct cells *, struct view_rect);
void	 view_draw_errors(const struct view_model *, struct cells *,
	    struct view_rect);
void	 view_draw_overlay(struct view *, const struct view_model *,
	    struct cells *);

/* Move *TOP the least that shows line SEL among the ROWS from it. */
void	 view_scroll_to(int *top, int sel, int rows);
/* R holds results of the scenario and baseline shown. */
bool	 view_fits(const struct view_model *, const struct results *r);
/* +1 when higher is better for O, -1 when lower is, 0 for neither. */
int	 view_direction(const struct output *o);
/* The role of a change D of output O: gain, loss or neither within TOL. */
enum role view_change_role(const struct output *o, double d, double tol);
/*
 * In how many of the sampled worlds AREA (or SAMPLE_TOTAL) is better off
 * in output OUT and YEAR with the current settings than with the
 * reference (for an output with no better direction: higher), by more
 * than TOL: "78%", "<1%", ">99%", or "same" when neither is ever above
 * the other, into BUF. NULL when there are no such samples (bands off,
 * or the reference's not begun).
 */
const char *view_chance(const struct view_model *, long area, size_t year,
	    size_t out, double tol, char *buf, size_t len);
/* The same for the N areas ROWS totalled as the output declares. */
const char *view_chance_rows(const struct view_model *, const size_t *rows,
	    size_t n, size_t year, size_t out, double tol, char *buf,
	    size_t len);

#endif
