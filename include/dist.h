/*
 * dist: what an assumption's value might be, and seeded random numbers to
 * draw it with. A distribution (struct distribution, scenario.h) is drawn
 * by its inverse cumulative distribution function from one uniform number
 * in (0, 1), so one uniform per assumption per sample is the whole of the
 * randomness: the same uniforms give the same world whatever the levers
 * (common random numbers), and a quantile of the distribution itself (a
 * low or high case) is the same function at a fixed point.
 *
 * The generator is xoshiro256** (Blackman and Vigna), seeded through
 * splitmix64 from a hash of (seed, stream): each stream is independent of
 * the others and of how many there are.
 */
#ifndef LEVER_DIST_H
#define LEVER_DIST_H

#include <stddef.h>
#include <stdint.h>

#include "scenario.h"

/* A kind as a script names it, and its parameters in struct distribution p. */
struct dist_info {
	enum dist_kind	 kind;
	const char	*name;		/* "normal", ... */
	const char	*params[3];	/* "mean", "sd"; empirical: none */
	size_t		 nparams;
};

/* The kind named NAME (NULL: none); the kind's own entry. */
const struct dist_info	*dist_find(const char *name);
const struct dist_info	*dist_info(enum dist_kind);
/* "normal, lognormal, triangular, uniform or empirical" */
const char		*dist_kinds(void);
/*
 * Is D a distribution the central VALUE could come from? -1 with *CAUSE
 * (to free) naming the parameter at fault and its valid range.
 */
int	 dist_check(const struct distribution *, double value, char **cause);
/* Sort an empirical distribution's values (dist_quantile needs them so). */
void	 dist_sort(struct distribution *);
/* The value below which a share U (0 < U < 1) of D lies. */
double	 dist_quantile(const struct distribution *, double u);
/* The standard normal's quantile, to full double precision. */
double	 dist_normal_quantile(double u);
/* "normal (mean 0.02, sd 0.005)": for a screen or a report. */
char	*dist_format(const struct distribution *);

struct rng {
	uint64_t	s[4];
};

/* One step of splitmix64 (Steele, Lea and Flood). */
uint64_t rng_splitmix(uint64_t *state);
/* Seed R for stream STREAM of SEED. */
void	 rng_seed(struct rng *, uint64_t seed, uint64_t stream);
uint64_t rng_next(struct rng *);
/* A uniform number in the open interval (0, 1), 53 bits. */
double	 rng_unit(struct rng *);

#endif
