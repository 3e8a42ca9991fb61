/*
 * attrib: which lever did it, and which assumption matters most.
 *
 * Attribution splits each output's change between two settings (the
 * reference and the current) among the levers that differ, by Shapley
 * values: lever j's share is its marginal effect averaged over every order
 * in which the changed levers could have been moved. With m changed levers
 * that takes the 2^m settings in which each changed lever is either at the
 * reference or at the current value; up to ATTRIB_EXACT_MAX levers every
 * one is run, beyond that random orders are (each of them m + 1 runs) and
 * each share has a standard error. Either way the shares add up to the
 * whole change (exactly, up to rounding), and an interaction of two levers
 * is split evenly between them. A split lever is one lever, all its parts
 * together. Assumptions stay as the current settings have them.
 *
 * Sensitivity moves one assumption at a time to the low and the high end
 * of its distribution (the 10th and 90th percentiles), every other input
 * central: the tornado.
 *
 * Both are batches (batch.h) on warm workers; the parent reduces the runs
 * as they arrive in order, keeping a few copies of the results, never all.
 */
#ifndef LEVER_ATTRIB_H
#define LEVER_ATTRIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct baseline;
struct batch;
struct diag;
struct limits;
struct pool;
struct scenario;
struct settings;

#define ATTRIB_EXACT_MAX	10
/* An area index for the totals over all areas (as SAMPLE_TOTAL). */
#define ATTRIB_TOTAL		(-1L)

struct attrib;

/*
 * The attribution of the change from REF to CUR (settings of SC): the
 * levers that differ, exactly when there are at most ATTRIB_EXACT_MAX, else
 * over PERMUTATIONS random orders drawn with SEED.
 */
struct attrib	*attrib_new(const struct scenario *, const struct baseline *,
		    const struct settings *ref, const struct settings *cur,
		    uint64_t seed, size_t permutations);
void		 attrib_free(struct attrib *);
/* The runs on POOL, at most RUNNING at once; poll as any batch. */
struct batch	*attrib_start(struct pool *, struct attrib *, size_t running);
/* How many runs it takes (2^m exact, 1 + P m sampled). */
size_t		 attrib_runs(const struct attrib *);
/* The changed levers: how many, and the Jth's index in SC's levers. */
size_t		 attrib_nchanged(const struct attrib *);
size_t		 attrib_lever(const struct attrib *, size_t j);
bool		 attrib_exact(const struct attrib *);
/* Is every run in (the values below are final)? */
bool		 attrib_complete(const struct attrib *);
/*
 * Changed lever J's share of the change in OUTPUT in YEAR (0-based) for
 * AREA or ATTRIB_TOTAL (the total's change, as the output totals: the
 * shares of a sum are the sums of the shares); NAN before the batch is
 * complete or where the output has no total.
 */
double		 attrib_value(const struct attrib *, size_t j, long area,
		    size_t year, size_t output);
/* Its standard error: 0 when exact. */
double		 attrib_stderr(const struct attrib *, size_t j, long area,
		    size_t year, size_t output);
/* The whole change, CUR's value less REF's, which the shares add up to. */
double		 attrib_change(const struct attrib *, long area, size_t year,
		    size_t output);

/*
 * The tornado for the settings ST: every assumption that declares a
 * distribution at its low and its high case in turn.
 */
struct sensitivity;

/* The percentiles of a distribution that are its low and high case. */
#define ATTRIB_SENS_LOW		0.1
#define ATTRIB_SENS_HIGH	0.9

struct sensitivity *attrib_sensitivity_new(const struct scenario *,
		    const struct baseline *, const struct settings *st);
void		 attrib_sensitivity_free(struct sensitivity *);
/* The 1 + 2 n runs on POOL, at most RUNNING at once. */
struct batch	*attrib_sensitivity_start(struct pool *, struct sensitivity *,
		    size_t running);
/* How many assumptions it moves; the Jth's index in SC's assumptions. */
size_t		 attrib_sensitivity_count(const struct sensitivity *);
size_t		 attrib_sensitivity_assumption(const struct sensitivity *,
		    size_t j);
bool		 attrib_sensitivity_complete(const struct sensitivity *);
/*
 * OUTPUT in YEAR for AREA (or ATTRIB_TOTAL) with everything central, and
 * with the Jth assumption at its low and high case; -1 if there is no
 * such value (yet).
 */
int		 attrib_sensitivity_values(const struct sensitivity *, size_t j,
		    long area, size_t year, size_t output, double *central,
		    double *low, double *high);
/* The Js in order of |high - low|, largest first, into ORDER; how many. */
size_t		 attrib_sensitivity_order(const struct sensitivity *,
		    long area, size_t year, size_t output, size_t *order);
/* The Jth assumption's low and high case of a figure (a tornado's bar). */
struct attrib_swing {
	size_t	j;
	double	lo, hi;
};
/* SW in that order: |hi - lo| largest first, then by J. */
void		 attrib_swing_sort(struct attrib_swing *sw, size_t n);

/* lever run --attribute / --sensitivity */
struct attrib_opts {
	bool		 totals;
	const char	*output;	/* -o: NULL or "-" standard output */
	bool		 formulas;
	size_t		 permutations;	/* beyond ATTRIB_EXACT_MAX; 0: 200 */
};
/* --attribute: the change from the defaults to ST; an exit code. */
int	 attrib_cli(const struct attrib_opts *, const struct scenario *,
	    const struct baseline *, const struct settings *,
	    const struct limits *, struct diag *);
/* --sensitivity: each uncertain assumption low and high around ST. */
int	 attrib_sensitivity_cli(const struct attrib_opts *,
	    const struct scenario *, const struct baseline *,
	    const struct settings *, const struct limits *, struct diag *);

#endif
