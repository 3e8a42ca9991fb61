/*
 * focus: which areas the screen looks at, and their names. The focus is
 * every area, a group (the areas whose column holds a value) or one area;
 * a group named by a code column is shown by the paired name column
 * ("county_code" by "county_name") or by the area whose id the code is.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "focus.h"
#include "session.h"
#include "util.h"

long
focus_area(const struct baseline *bl, const char *id)
{
	for (size_t r = 0; r < bl->nrows; r++) {
		const char	*t = baseline_text(bl, r, bl->id_col);

		if (t != NULL && strcmp(t, id) == 0)
			return (long)r;
	}
	return -1;
}

size_t *
focus_rows(const struct baseline *bl, const struct focus *f, size_t *n)
{
	size_t	*rows;
	long	 c, r;

	*n = 0;
	switch (f->kind) {
	case FOCUS_ALL:
		*n = bl->nrows;
		return NULL;
	case FOCUS_AREA:
		rows = xcalloc(1, sizeof *rows);
		if ((r = focus_area(bl, f->value)) >= 0)
			rows[(*n)++] = (size_t)r;
		return rows;
	case FOCUS_GROUP:
		break;
	}
	rows = xcalloc(bl->nrows + 1, sizeof *rows);
	if ((c = baseline_column(bl, f->column)) >= 0)
		for (size_t i = 0; i < bl->nrows; i++) {
			const char	*t = baseline_text(bl, i, (size_t)c);

			if (t != NULL && strcmp(t, f->value) == 0)
				rows[(*n)++] = i;
		}
	return rows;
}

/*
 * The column a code column COL is named by: "county_code" by
 * "county_name", when the baseline has both; else -1.
 */
long
focus_name_column(const struct baseline *bl, size_t col)
{
	const char	*h = bl->header[col];
	size_t		 n = strlen(h);
	char		*want;
	long		 c;

	if (n < 6 || strcmp(h + n - 5, "_code") != 0)
		return -1;
	want = xasprintf("%.*s_name", (int)(n - 5), h);
	c = baseline_column(bl, want);
	free(want);
	return c;
}

/*
 * A name for VALUE of group column COLUMN: from the paired name column, or
 * the name of the area whose id it is (an upper tier's own row); else the
 * value itself.
 */
const char *
focus_value_name(const struct baseline *bl, const char *column,
    const char *value)
{
	long		 c = baseline_column(bl, column), nc, r;
	const char	*t;

	if (c >= 0 && (nc = focus_name_column(bl, (size_t)c)) >= 0)
		for (size_t i = 0; i < bl->nrows; i++) {
			t = baseline_text(bl, i, (size_t)c);
			if (t != NULL && strcmp(t, value) == 0) {
				t = baseline_text(bl, i, (size_t)nc);
				return t != NULL ? t : value;
			}
		}
	if ((r = focus_area(bl, value)) >= 0 &&
	    (t = baseline_text(bl, (size_t)r, bl->name_col)) != NULL)
		return t;
	return value;
}

/* A column's name for people: "county_code" is "county". */
char *
focus_column_name(const char *column)
{
	size_t	n = strlen(column);

	if (n > 5 && strcmp(column + n - 5, "_code") == 0)
		return xasprintf("%.*s", (int)(n - 5), column);
	return xstrdup(column);
}

char *
focus_name(const struct baseline *bl, const struct focus *f)
{
	long		 r;
	const char	*name;

	switch (f->kind) {
	case FOCUS_ALL:
		break;
	case FOCUS_GROUP: {
		char	*col = focus_column_name(f->column), *text;

		text = xasprintf("%s: %s", col, focus_value_name(bl, f->column,
		    f->value));
		free(col);
		return text;
	}
	case FOCUS_AREA:
		if ((r = focus_area(bl, f->value)) < 0)
			return xasprintf("%s (not in the baseline)", f->value);
		name = baseline_text(bl, (size_t)r, bl->name_col);
		return xstrdup(name != NULL ? name : f->value);
	}
	return xstrdup("All areas");
}
