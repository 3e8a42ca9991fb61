/*
 * results: a projection's numbers, area x year x output, exactly as the rules
 * computed them, plus totals across any subset of areas.
 */
#ifndef LEVER_RESULTS_H
#define LEVER_RESULTS_H

#include <stddef.h>

struct baseline;
struct scenario;

struct results {
	size_t	 nareas;
	size_t	 nyears;	/* years 1..nyears: calendar start+1 .. start+nyears */
	size_t	 noutputs;
	double	*v;		/* [area][year][output] */
};

static inline double *
results_at(const struct results *r, size_t area, size_t year, size_t output)
{
	return &r->v[(area * r->nyears + year) * r->noutputs + output];
}

struct results	*results_new(size_t nareas, size_t nyears, size_t noutputs);
void		 results_free(struct results *);
/* A copy of R (NULL for NULL). */
struct results	*results_copy(const struct results *);

/*
 * The total of OUTPUT in YEAR (0-based) over the areas whose index is in ROWS
 * (all areas when ROWS is NULL), as the output declares: sum, mean or
 * weighted mean by a baseline column. NAN when there is nothing to total.
 */
/*
 * The same over values laid out at a stride: area I's value of OUTPUT is
 * V[I * STRIDE], for NAREAS areas (a results' column, or a sample's).
 */
double		 results_total_of(const struct scenario *,
		    const struct baseline *, const size_t *rows, size_t nrows,
		    size_t nareas, size_t output, const double *v,
		    size_t stride);
double		 results_total(const struct results *, const struct scenario *,
		     const struct baseline *, const size_t *rows, size_t nrows,
		     size_t output, size_t year);

#endif
