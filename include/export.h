/*
 * export: results written out as tidy CSV (id,name,year,output,value), JSON
 * (the same plus the scenario's levers, assumptions and outputs) or a table
 * for a terminal. Numbers in CSV and JSON read back to the same double.
 */
#ifndef LEVER_EXPORT_H
#define LEVER_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

struct baseline;
struct results;
struct scenario;
struct settings;

enum format {
	FORMAT_CSV,
	FORMAT_JSON,
	FORMAT_TABLE
};

struct export_opts {
	enum format	 format;
	bool		 totals;	/* add TOTAL rows */
	long		 group_col;	/* and GROUP rows by this column; -1: none */
	bool		 special;	/* export_file may write to a pipe or
					   device (lever run -o); the screen
					   never does: it must not block */
	bool		 formulas;	/* CSV: keep text a spreadsheet would
					   run as a formula (=, +, -, @ first)
					   as it is; by default it starts with
					   ' (numbers are never changed) */
	/*
	 * CSV with options (the screen's export while comparing): an
	 * "option" column first, and the rows of each of the NOPTIONS
	 * named results in turn, in place of the results given.
	 */
	size_t			 noptions;
	const char *const	*option_names;
	const struct results *const *option_results;
	/*
	 * Rows of another kind (lever run --samples, --attribute): WRITE
	 * (WRITE_ARG) writes them in place of the results, and export_file
	 * still writes the file whole or not at all.
	 */
	int			(*write)(FILE *, void *);
	void			*write_arg;
};

/* Write everything to F; -1 if writing failed (errno says why). */
int	export_write(FILE *, const struct export_opts *,
	    const struct scenario *, const struct settings *,
	    const struct baseline *, const struct results *);
/*
 * Write everything to the file PATH, whole or not at all (a temporary file
 * renamed into place, keeping the mode of a file it replaces; devices and
 * FIFOs written directly when O->special, else refused). On failure
 * return -1 with *CAUSE saying what went wrong, starting with PATH.
 */
int	export_file(const char *path, const struct export_opts *,
	    const struct scenario *, const struct settings *,
	    const struct baseline *, const struct results *, char **cause);
/*
 * A message naming the first total (or group total) that the export in
 * EO would show that overflowed (beyond the largest double), and how many
 * more; NULL if none. Such a total is written without a value (CSV), as
 * null (JSON) or as "overflow" (table), never as 0.
 */
char	*export_overflow(const struct export_opts *, const struct scenario *,
	    const struct baseline *, const struct results *);
/* Write one CSV field, quoted when it needs to be. */
void	export_csv_field(FILE *, const char *);
/* A text field from a script or baseline: formula-like text starts with '
   unless FORMULAS (see struct export_opts). */
void	export_csv_text(FILE *, const char *, bool formulas);

#endif
