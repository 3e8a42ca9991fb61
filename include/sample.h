/*
 * sample: how sure we are. Sample k of a run with seed S sets each
 * assumption that declares a distribution to a draw from it, made in the
 * parent from stream k of S (dist.h): one uniform per assumption, in
 * declaration order, whether or not it has a distribution. An assumption
 * set to another value than the script's (--set, or edited on a screen)
 * is held at that value in every sample: it is no longer uncertain. Sample k is
 * therefore the same world whatever the levers (common random numbers),
 * and the difference between two options in sample k is not noise. The
 * recomputes run as a batch on warm workers (batch.h); a sample store
 * keeps what they computed and reduces it to quantiles in the parent.
 */
#ifndef LEVER_SAMPLE_H
#define LEVER_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct baseline;
struct batch;
struct diag;
struct export_opts;
struct limits;
struct pool;
struct results;
struct scenario;
struct settings;

/* The most numbers a store keeps (8 bytes each): 2 GB. */
#define SAMPLE_MAX_VALUES	((size_t)1 << 28)

/* How many assumptions declare a distribution. */
size_t	 sample_uncertain(const struct scenario *);
/* OUT (settings of SC) := BASE with sample K of SEED's draws. */
void	 sample_draw(const struct scenario *, const struct settings *base,
	    uint64_t seed, size_t k, struct settings *out);
/*
 * The P quantile (0 <= P <= 1) of the N values in SORTED (ascending),
 * interpolated between order statistics (R's type 7, numpy's default).
 */
double	 sample_quantile(const double *sorted, size_t n, double p);

/* Where the totals of every area are: an area index in the store's calls. */
#define SAMPLE_TOTAL	(-1L)

/*
 * The samples of one option, N of them: the totals over all areas of
 * every output that has one, and each area's values of the output
 * AREAS_OF (an output's index), of every output (SAMPLE_EVERY: 8 bytes
 * per area, year, output and sample; lever run's way) or of none
 * (SAMPLE_NONE: a fan chart of totals).
 */
#define SAMPLE_EVERY	(-1L)
#define SAMPLE_NONE	(-2L)

struct sample_store;

struct sample_store *sample_store_new(const struct scenario *,
		    const struct baseline *, size_t n, long areas_of);
void		 sample_store_free(struct sample_store *);
/* How many samples are in so far, and how many it has room for. */
size_t		 sample_store_count(const struct sample_store *);
size_t		 sample_store_size(const struct sample_store *);
/*
 * Over the samples in so far, for AREA (or SAMPLE_TOTAL), YEAR (0-based)
 * and OUTPUT: the P quantile, the mean; NAN if there are none (or the
 * output has no total, or the store keeps no such cell). The mean adds the samples in order of k, so it is
 * the same however they arrived.
 */
double		 sample_store_quantile(const struct sample_store *, long area,
		    size_t year, size_t output, double p);
double		 sample_store_mean(const struct sample_store *, long area,
		    size_t year, size_t output);
/*
 * Each sample's value of OUTPUT in YEAR over the N areas ROWS, totalled as
 * the output declares (results_total), into V[k] for the store's samples
 * in order of k (NAN for one not in yet). False when the store keeps no
 * such areas (or the output has no total).
 */
bool		 sample_store_totals(const struct sample_store *,
		    const size_t *rows, size_t n, size_t year, size_t output,
		    double *v);
/*
 * The share of the samples in both stores (two options sampled with the
 * same seed) in which A's value is higher than B's by more than TOL:
 * "78% chance this area is better off" for an output where higher is
 * better. NAN if none.
 */
double		 sample_store_share_above(const struct sample_store *a,
		    const struct sample_store *b, long area, size_t year,
		    size_t output, double tol);

/*
 * Sample the settings ST N times with SEED on POOL, at most RUNNING at
 * once, into STORE (which must have room for N). Poll the batch with
 * batch_fds and batch_step (or batch_run to wait); the store fills in
 * order of k as samples arrive; batch_free cancels.
 */
struct batch	*sample_start(struct pool *, const struct scenario *,
		    const struct settings *st, uint64_t seed, size_t n,
		    size_t running, struct sample_store *);

/* Keep RESULTS as sample K (the store fills however its runs are made);
 * a sample already in is kept. */
void		 sample_store_put(struct sample_store *, size_t k,
		    const struct results *);
/*
 * Each sample's value of one cell (AREA or SAMPLE_TOTAL, YEAR, OUTPUT)
 * into V[k], NAN for one not in; false when the store keeps no such cell.
 */
bool		 sample_store_values(const struct sample_store *, long area,
		    size_t year, size_t output, double *v);

/* What a cell's samples are reduced to: quantiles, then the mean. */
#define SAMPLE_MAX_STATS	64
struct sample_stats {
	double	 *ps;		/* the quantiles, 0 to 1 */
	char	**names;	/* their stat names: "p5", ... */
	size_t	  nps;
};
/*
 * Parse a --quantiles list ("5,25,50,75,95", the default when LIST is
 * NULL: percentages, 0 to 100) into ST; -1 with a message on stderr.
 */
int		 sample_stats_parse(const char *list, struct sample_stats *);
void		 sample_stats_free(struct sample_stats *);
/*
 * The N values V (NANs skipped, the mean added in order) reduced into OUT:
 * each quantile of ST, then the mean (nps + 1 values). TMP has room for
 * N. False when every value is NAN.
 */
bool		 sample_stats_of(const struct sample_stats *, const double *v,
		    size_t n, double *tmp, double *out);

/* lever run --samples N [--quantiles LIST] [--change] [--totals] */
struct sample_opts {
	size_t		 n;
	const char	*quantiles;	/* "5,25,50,75,95" when NULL */
	bool		 totals;	/* TOTAL rows too */
	const char	*output;	/* -o: NULL or "-" standard output */
	bool		 formulas;	/* --keep-formulas */
	bool		 change;	/* --change: less the defaults */
};
/* Run the samples and write id,name,year,output,stat,value: an exit code. */
int	 sample_cli(const struct sample_opts *, const struct scenario *,
	    const struct baseline *, const struct settings *,
	    const struct limits *, struct diag *);

#endif
