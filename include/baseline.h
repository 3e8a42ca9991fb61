/*
 * baseline: a CSV file of per-area indicators read into a typed table.
 *
 * Rows are areas, columns are indicators addressed by header name. Every
 * cell keeps its text (trimmed; NULL when empty or a missing-value marker);
 * a column whose non-empty cells all parse as numbers is a number column and
 * also has the parsed doubles (NAN where the cell is missing). The id and
 * name columns are always text.
 */
#ifndef LEVER_BASELINE_H
#define LEVER_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

struct diag;

enum col_type {
	COL_NUMBER,
	COL_TEXT
};

struct baseline {
	char		 *path;
	char		  delimiter;
	size_t		  nrows;
	size_t		  ncols;
	char		**header;	/* ncols */
	enum col_type	 *type;		/* ncols */
	char		**text;		/* nrows * ncols; NULL = missing */
	double		 *num;		/* nrows * ncols; NAN = missing or text */
	size_t		 *line;		/* nrows: line each row starts on */
	size_t		  id_col;
	size_t		  name_col;
};

struct baseline_opts {
	char		 delimiter;	/* 0: detect ',' ';' or tab */
	const char	*id;		/* id column name; NULL: "id" */
	const char	*name;		/* name column name; NULL: "name" */
};

/*
 * Read PATH. On failure return NULL and add every problem found to DIAG as
 * "PATH:LINE:COLUMN: message" (COLUMN is the 1-based field number), each
 * saying what to do about it.
 */
struct baseline *baseline_load(const char *path, const struct baseline_opts *,
		    struct diag *);
void		 baseline_free(struct baseline *);
/*
 * A table built elsewhere (wire_get_baseline): owns FIELDS' arrays and
 * ARENA, which the text cells point into. When BAD, frees them all and
 * returns NULL.
 */
struct baseline	*baseline_assemble(const struct baseline *fields, char *arena,
		    bool bad);

/* Index of the column called NAME, or -1. */
long		 baseline_column(const struct baseline *, const char *name);

static inline const char *
baseline_text(const struct baseline *b, size_t row, size_t col)
{
	return b->text[row * b->ncols + col];
}

static inline double
baseline_num(const struct baseline *b, size_t row, size_t col)
{
	return b->num[row * b->ncols + col];
}

/*
 * Parse one cell as a spreadsheet writes numbers: surrounding spaces,
 * thousands separators ("1,234,567"), a leading currency sign ("£", "$",
 * "€"), a trailing "%" (kept as written: "12.5%" is 12.5), accounting
 * negatives "(1,234)". Return true and set *out when S is a number.
 */
bool		 baseline_parse_number(const char *s, double *out);

/* True when S is empty or a missing-value marker ("NA", "..", "[x]", ...). */
bool		 baseline_is_missing(const char *s);

#endif
