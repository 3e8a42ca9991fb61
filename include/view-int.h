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

/* R holds results of the scenario and baseline shown. */
bool	 view_fits(const struct view_model *, const struct results *r);
/* +1 when higher is better for O, -1 when lower is, 0 for neither. */
int	 view_direction(const struct output *o);
/* The role of a change D of output O: gain, loss or neither within TOL. */
enum role view_change_role(const struct output *o, double d, double tol);

#endif
