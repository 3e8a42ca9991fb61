/*
 * focus: the areas a focus (session.h) takes in, and names for people:
 * "All areas", "county: Kent", "Hartlepool". A question about the model,
 * asked by the screen and the report alike; nothing here draws.
 */
#ifndef LEVER_FOCUS_H
#define LEVER_FOCUS_H

#include <stddef.h>

struct baseline;
struct focus;

/* The row of the area with id ID, or -1. */
long	 focus_area(const struct baseline *, const char *id);
/* The areas in the focus (all: NULL with *N the count). Caller frees. */
size_t	*focus_rows(const struct baseline *, const struct focus *, size_t *n);
/* A name for the focus: "All areas", "county: Kent", "Hartlepool". */
char	*focus_name(const struct baseline *, const struct focus *);
/* The column naming code column COL ("county_name" for "county_code"),
 * or -1. */
long	 focus_name_column(const struct baseline *, size_t col);
/* A name for VALUE of group column COLUMN; VALUE itself when none. */
const char *focus_value_name(const struct baseline *, const char *column,
	    const char *value);
/* A column's name for people: "county_code" is "county". Caller frees. */
char	*focus_column_name(const char *column);

#endif
