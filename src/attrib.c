/*
 * attrib: Shapley attribution and one-at-a-time sensitivity as batches.
 *
 * Every run is reduced to a vector of cells, each area's (area, year,
 * output) values followed by the totals (year, output; NAN where the
 * output has none), and taken as its difference from run 0, the reference,
 * so that rounding is relative to the change and not to the level.
 *
 * Exact: run s is the subset whose bits are set, and with w(k) =
 * k! (m-k-1)! / m!, lever j's share is the sum over s of w(|s|-1) d(s)
 * when j is in s, less w(|s|) d(s) when it is not. Sampled: run
 * 1 + p m + t moves the first t+1 levers of random order p; lever
 * perm[t]'s share gains d(that run) - d(the run before), averaged over the
 * orders. Runs arrive in order (batch.h), so the sums are the same
 * whatever the number of workers.
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrib.h"
#include "baseline.h"
#include "batch.h"
#include "cli.h"
#include "dist.h"
#include "export.h"
#include "job.h"
#include "results.h"
#include "runlimits.h"
#include "scenario.h"
#include "util.h"

/* The most numbers attribution or sensitivity keeps (8 bytes each). */
#define ATTRIB_MAX_VALUES	((size_t)1 << 28)

/* Lever I of DST := lever I of SRC. */
static void
lever_take(const struct scenario *sc, struct settings *dst,
    const struct settings *src, size_t i)
{
	double	*parts = dst->levers[i].parts;

	dst->levers[i] = src->levers[i];
	dst->levers[i].parts = parts;
	if (parts != NULL)
		memcpy(parts, src->levers[i].parts,
		    sc->levers[i].nparts * sizeof *parts);
}

/* Cells of a run: areas x years x outputs, then years x outputs totals. */
static size_t
cells_of(const struct scenario *sc, const struct baseline *bl)
{
	return (bl->nrows + 1) * (size_t)sc->years * sc->noutputs;
}

static void
cells_fill(const struct scenario *sc, const struct baseline *bl,
    const struct results *r, double *x)
{
	size_t	n = bl->nrows * (size_t)sc->years * sc->noutputs;

	memcpy(x, r->v, n * sizeof *x);
	for (size_t y = 0; y < (size_t)sc->years; y++)
		for (size_t o = 0; o < sc->noutputs; o++)
			x[n + y * sc->noutputs + o] =
			    sc->outputs[o].total == TOTAL_NONE ? NAN :
			    results_total(r, sc, bl, NULL, 0, o, y);
}

/* The cell of AREA (or ATTRIB_TOTAL), YEAR, OUTPUT; -1 if none. */
static long
cell_index(const struct scenario *sc, const struct baseline *bl, long area,
    size_t year, size_t output)
{
	size_t	a;

	if (year >= (size_t)sc->years || output >= sc->noutputs)
		return -1;
	if (area == ATTRIB_TOTAL)
		a = bl->nrows;
	else if (area < 0 || (size_t)area >= bl->nrows)
		return -1;
	else
		a = (size_t)area;
	return (long)((a * (size_t)sc->years + year) * sc->noutputs + output);
}

struct attrib {
	const struct scenario	*sc;
	const struct baseline	*bl;
	struct settings		*ref, *cur;
	size_t			 m;		/* changed levers */
	size_t			*lever;		/* [m]: their indices */
	bool			 exact;
	size_t			 perms;
	uint64_t		 seed;
	size_t			 nruns, done;
	size_t			 ncells;
	double			*v0;		/* run 0 */
	double			*d;		/* this run less run 0 */
	double			*prev;		/* sampled: the run before */
	double			*phi;		/* [j][cell] */
	double			*sq;		/* sampled: [j][cell] */
	double			*change;	/* the whole change */
	double			 w[ATTRIB_EXACT_MAX + 1];
	size_t			*perm;		/* sampled: order p */
	size_t			 perm_of;	/* which p perm holds */
	bool			*in;		/* [m] scratch */
};

struct attrib *
attrib_new(const struct scenario *sc, const struct baseline *bl,
    const struct settings *ref, const struct settings *cur, uint64_t seed,
    size_t permutations)
{
	struct attrib	*a = xcalloc(1, sizeof *a);

	a->sc = sc;
	a->bl = bl;
	a->ref = settings_copy(sc, ref);
	a->cur = settings_copy(sc, cur);
	/* assumptions (and the seed of math.random) as the current has them */
	memcpy(a->ref->assumptions, cur->assumptions,
	    sc->nassumptions * sizeof *cur->assumptions);
	a->ref->seed = cur->seed;
	a->lever = xcalloc(sc->nlevers + 1, sizeof *a->lever);
	for (size_t i = 0; i < sc->nlevers; i++)
		if (settings_lever_differs(sc, ref, cur, i))
			a->lever[a->m++] = i;
	a->exact = a->m <= ATTRIB_EXACT_MAX;
	a->perms = permutations > 0 ? permutations : 200;
	a->seed = seed;
	if (a->exact) {
		double	fact[ATTRIB_EXACT_MAX + 1] = { 1 };

		for (size_t k = 1; k <= a->m; k++)
			fact[k] = fact[k - 1] * (double)k;
		for (size_t k = 0; k < a->m; k++)
			a->w[k] = fact[k] * fact[a->m - k - 1] / fact[a->m];
		a->nruns = (size_t)1 << a->m;
	} else
		a->nruns = 1 + a->perms * a->m;
	a->ncells = cells_of(sc, bl);
	a->v0 = xcalloc(a->ncells, sizeof *a->v0);
	a->d = xcalloc(a->ncells, sizeof *a->d);
	a->change = xcalloc(a->ncells, sizeof *a->change);
	a->phi = xcalloc(a->ncells, (a->m > 0 ? a->m : 1) * sizeof *a->phi);
	if (!a->exact) {
		a->prev = xcalloc(a->ncells, sizeof *a->prev);
		a->sq = xcalloc(a->ncells, a->m * sizeof *a->sq);
		a->perm = xcalloc(a->m, sizeof *a->perm);
		a->perm_of = SIZE_MAX;
	}
	a->in = xcalloc(a->m + 1, sizeof *a->in);
	return a;
}

void
attrib_free(struct attrib *a)
{
	if (a == NULL)
		return;
	settings_free(a->ref);
	settings_free(a->cur);
	free(a->lever);
	free(a->v0);
	free(a->d);
	free(a->prev);
	free(a->phi);
	free(a->sq);
	free(a->change);
	free(a->perm);
	free(a->in);
	free(a);
}

/* Random order P of the changed levers: Fisher-Yates on stream P. */
static void
attrib_order(struct attrib *a, size_t p)
{
	struct rng	r;

	if (a->perm_of == p)
		return;
	rng_seed(&r, a->seed, p);
	for (size_t i = 0; i < a->m; i++)
		a->perm[i] = i;
	for (size_t i = a->m - 1; i > 0; i--) {
		size_t	j = (size_t)(rng_unit(&r) * (double)(i + 1));
		size_t	t = a->perm[i];

		if (j > i)
			j = i;
		a->perm[i] = a->perm[j];
		a->perm[j] = t;
	}
	a->perm_of = p;
}

/* Which changed levers run I moves, into a->in. */
static void
attrib_moved(struct attrib *a, size_t i)
{
	memset(a->in, 0, a->m * sizeof *a->in);
	if (a->exact) {
		for (size_t j = 0; j < a->m; j++)
			a->in[j] = (i >> j) & 1;
		return;
	}
	if (i == 0)
		return;
	attrib_order(a, (i - 1) / a->m);
	for (size_t t = 0; t <= (i - 1) % a->m; t++)
		a->in[a->perm[t]] = true;
}

static struct settings *
attrib_settings(void *arg, size_t i)
{
	struct attrib	*a = arg;
	struct settings	*st = settings_copy(a->sc, a->ref);

	attrib_moved(a, i);
	for (size_t j = 0; j < a->m; j++)
		if (a->in[j])
			lever_take(a->sc, st, a->cur, a->lever[j]);
	return st;
}

static int
attrib_result(void *arg, size_t i, const struct results *r)
{
	struct attrib	*a = arg;
	size_t		 n = a->ncells;

	a->done = i + 1;
	if (i == 0) {
		cells_fill(a->sc, a->bl, r, a->v0);
		return 0;
	}
	cells_fill(a->sc, a->bl, r, a->d);
	for (size_t c = 0; c < n; c++)
		a->d[c] -= a->v0[c];
	if (a->exact) {
		size_t	k = 0;

		for (size_t j = 0; j < a->m; j++)
			k += (i >> j) & 1;
		for (size_t j = 0; j < a->m; j++) {
			double	*phi = a->phi + j * n;
			double	 w = (i >> j) & 1 ? a->w[k - 1] : -a->w[k];

			for (size_t c = 0; c < n; c++)
				phi[c] += w * a->d[c];
		}
		if (k == a->m)
			memcpy(a->change, a->d, n * sizeof *a->d);
		return 0;
	}
	{
		size_t	t = (i - 1) % a->m, j;
		double	*phi, *sq;

		attrib_order(a, (i - 1) / a->m);
		j = a->perm[t];
		phi = a->phi + j * n;
		sq = a->sq + j * n;
		if (t == 0)
			memset(a->prev, 0, n * sizeof *a->prev);
		for (size_t c = 0; c < n; c++) {
			double	marg = a->d[c] - a->prev[c];

			phi[c] += marg;
			sq[c] += marg * marg;
		}
		memcpy(a->prev, a->d, n * sizeof *a->d);
		if (t == a->m - 1)
			memcpy(a->change, a->d, n * sizeof *a->d);
	}
	return 0;
}

struct batch *
attrib_start(struct pool *p, struct attrib *a, size_t running)
{
	a->done = 0;
	return batch_new(p, a->nruns, running, attrib_settings, attrib_result,
	    a);
}

size_t
attrib_runs(const struct attrib *a)
{
	return a->nruns;
}

size_t
attrib_nchanged(const struct attrib *a)
{
	return a->m;
}

size_t
attrib_lever(const struct attrib *a, size_t j)
{
	return a->lever[j];
}

bool
attrib_exact(const struct attrib *a)
{
	return a->exact;
}

bool
attrib_complete(const struct attrib *a)
{
	return a->done == a->nruns;
}

double
attrib_value(const struct attrib *a, size_t j, long area, size_t year,
    size_t output)
{
	long	c = cell_index(a->sc, a->bl, area, year, output);

	if (c < 0 || j >= a->m || !attrib_complete(a))
		return NAN;
	return a->phi[j * a->ncells + (size_t)c] /
	    (a->exact ? 1 : (double)a->perms);
}

double
attrib_stderr(const struct attrib *a, size_t j, long area, size_t year,
    size_t output)
{
	long	c = cell_index(a->sc, a->bl, area, year, output);
	double	p = (double)a->perms, mean, var;

	if (c < 0 || j >= a->m || !attrib_complete(a))
		return NAN;
	if (a->exact)
		return 0;
	if (a->perms < 2)
		return INFINITY;
	mean = a->phi[j * a->ncells + (size_t)c] / p;
	var = (a->sq[j * a->ncells + (size_t)c] - p * mean * mean) / (p - 1);
	return sqrt(var > 0 ? var / p : 0);
}

double
attrib_change(const struct attrib *a, long area, size_t year, size_t output)
{
	long	c = cell_index(a->sc, a->bl, area, year, output);

	if (c < 0 || !attrib_complete(a))
		return NAN;
	return a->m == 0 ? 0 : a->change[c];
}

/* Write with EO's hook to -o FILE or standard output: an exit code. */
static int
write_rows(const char *output, int (*fn)(FILE *, void *), void *arg,
    const struct scenario *sc, const struct settings *st,
    const struct baseline *bl, struct diag *diag)
{
	struct export_opts	 eo = { .format = FORMAT_CSV, .group_col = -1,
	    .special = true, .write = fn, .write_arg = arg };
	char			*cause;

	if (output == NULL || strcmp(output, "-") == 0) {
		if (export_write(stdout, &eo, sc, st, bl, NULL) == -1) {
			fprintf(stderr, "lever: standard output: writing the "
			    "results failed: %s\n", strerror(errno));
			return EXIT_INTERNAL;
		}
	} else if (export_file(output, &eo, sc, st, bl, NULL, &cause) == -1) {
		diag_add(diag, "%s", cause);
		free(cause);
		return EXIT_INTERNAL;
	}
	return EXIT_OK;
}

/* The id, name, year and output fields of a row, and the comma after. */
static void
row_start(FILE *f, bool formulas, const char *id, const char *name,
    int year, const char *output)
{
	export_csv_text(f, id, formulas);
	fputc(',', f);
	export_csv_text(f, name, formulas);
	fprintf(f, ",%d,", year);
	export_csv_field(f, output);
	fputc(',', f);
}

struct attrib_out {
	const struct attrib_opts	*o;
	const struct attrib		*a;
};

static void
attrib_rows(FILE *f, const struct attrib_out *w, long area, size_t y,
    size_t o)
{
	const struct attrib	*a = w->a;
	const struct scenario	*sc = a->sc;
	const struct baseline	*bl = a->bl;
	char			 num[32];

	for (size_t j = 0; j < a->m; j++) {
		double	v = attrib_value(a, j, area, y, o);

		if (isnan(v))
			continue;
		row_start(f, w->o->formulas, area == ATTRIB_TOTAL ? "TOTAL" :
		    baseline_text(bl, (size_t)area, bl->id_col),
		    area == ATTRIB_TOTAL ? "All areas" :
		    baseline_text(bl, (size_t)area, bl->name_col),
		    sc->start + 1 + (int)y, sc->outputs[o].name);
		export_csv_field(f, sc->levers[a->lever[j]].name);
		fprintf(f, ",%s", isfinite(v) ? fmt_double(num, sizeof num, v) :
		    "");
		if (!a->exact) {
			double	se = attrib_stderr(a, j, area, y, o);

			fprintf(f, ",%s", isfinite(se) ?
			    fmt_double(num, sizeof num, se) : "");
		}
		fputc('\n', f);
	}
}

static int
attrib_write(FILE *f, void *arg)
{
	const struct attrib_out	*w = arg;
	const struct scenario	*sc = w->a->sc;

	fputs(w->a->exact ? "id,name,year,output,lever,value\n" :
	    "id,name,year,output,lever,value,se\n", f);
	for (size_t i = 0; i < w->a->bl->nrows && !ferror(f); i++)
		for (size_t y = 0; y < (size_t)sc->years; y++)
			for (size_t o = 0; o < sc->noutputs; o++)
				attrib_rows(f, w, (long)i, y, o);
	for (size_t y = 0; y < (size_t)sc->years && w->o->totals; y++)
		for (size_t o = 0; o < sc->noutputs; o++)
			attrib_rows(f, w, ATTRIB_TOTAL, y, o);
	return ferror(f) ? -1 : 0;
}

/* A pool for a batch: runs side by side, each on one worker. */
static struct pool *
batch_pool(const struct scenario *sc, const struct baseline *bl,
    const struct limits *lim, size_t *running)
{
	struct limits	one = *lim;

	*running = batch_workers(lim);
	one.workers = 1;
	return pool_new(sc, bl, &one, *running);
}

/* Say which levers the failed run I had moved. */
static void
attrib_said(struct diag *diag, struct attrib *a, size_t i)
{
	struct buf	b = { 0 };
	size_t		said = 0;

	if (i >= a->nruns)
		return;
	attrib_moved(a, i);
	for (size_t j = 0; j < a->m; j++)
		if (a->in[j])
			buf_printf(&b, "%s%s", said++ > 0 ? ", " : "",
			    a->sc->levers[a->lever[j]].name);
	buf_addc(&b, '\0');
	diag_add(diag, "%s: that was the run with %s%s", a->sc->path,
	    said > 0 ? "these levers as set, the rest at their defaults: " :
	    "every lever at its default", b.data);
	buf_free(&b);
}

int
attrib_cli(const struct attrib_opts *o, const struct scenario *sc,
    const struct baseline *bl, const struct settings *st,
    const struct limits *lim, struct diag *diag)
{
	struct settings		*ref = settings_new(sc);
	struct attrib		*a;
	struct attrib_out	 w;
	struct pool		*p = NULL;
	struct batch		*b = NULL;
	size_t			 running;
	int			 rc = EXIT_INPUT;

	a = attrib_new(sc, bl, ref, st, st->seed, o->permutations);
	settings_free(ref);
	if (a->m > 0 && cells_of(sc, bl) > ATTRIB_MAX_VALUES / (a->m + 4)) {
		fprintf(stderr, "lever: --attribute over %zu levers would keep "
		    "more than %zu numbers for %zu areas\n", a->m,
		    ATTRIB_MAX_VALUES, bl->nrows);
		rc = EXIT_USAGE;
		goto out;
	}
	if (a->m == 0)
		fprintf(stderr, "lever: no lever differs from its default: "
		    "there is nothing to attribute\n");
	else if (!a->exact)
		fprintf(stderr, "lever: %zu levers differ from their defaults: "
		    "more than %d, so the shares are estimated over %zu random "
		    "orders (%zu runs); the se column is each share's standard "
		    "error\n", a->m, ATTRIB_EXACT_MAX, a->perms, a->nruns);
	if (a->m > 0) {
		p = batch_pool(sc, bl, lim, &running);
		b = attrib_start(p, a, running);
		if (batch_run(b, diag) == -1) {
			attrib_said(diag, a, batch_failed(b));
			goto out;
		}
	} else
		a->done = a->nruns;
	w.o = o;
	w.a = a;
	rc = write_rows(o->output, attrib_write, &w, sc, st, bl, diag);
out:
	batch_free(b);
	pool_free(p);
	attrib_free(a);
	return rc;
}

/* --- sensitivity ------------------------------------------------------- */

/*
 * Run 0 is the settings as given; runs 1 + 2q and 2 + 2q put uncertain
 * assumption q (the qth with a distribution) at its low and high case.
 */
struct sensitivity {
	const struct scenario	*sc;
	const struct baseline	*bl;
	struct settings		*st;
	size_t			 nq;		/* uncertain assumptions */
	size_t			*q;		/* [nq]: their indices */
	size_t			 ncells;
	double			*v;		/* [run][cell]: 1 + 2 nq runs */
	size_t			 done;
};

struct sensitivity *
attrib_sensitivity_new(const struct scenario *sc, const struct baseline *bl,
    const struct settings *st)
{
	struct sensitivity	*s = xcalloc(1, sizeof *s);

	s->sc = sc;
	s->bl = bl;
	s->st = settings_copy(sc, st);
	s->ncells = cells_of(sc, bl);
	s->q = xcalloc(sc->nassumptions + 1, sizeof *s->q);
	for (size_t i = 0; i < sc->nassumptions; i++)
		if (sc->assumptions[i].dist.kind != DIST_NONE)
			s->q[s->nq++] = i;
	s->v = xreallocarray(NULL, s->ncells, (1 + 2 * s->nq) * sizeof *s->v);
	return s;
}

void
attrib_sensitivity_free(struct sensitivity *s)
{
	if (s == NULL)
		return;
	settings_free(s->st);
	free(s->q);
	free(s->v);
	free(s);
}

static struct settings *
sens_settings(void *arg, size_t i)
{
	struct sensitivity	*s = arg;
	struct settings		*st = settings_copy(s->sc, s->st);
	const struct assumption	*as;

	if (i > 0) {
		as = &s->sc->assumptions[s->q[(i - 1) / 2]];
		st->assumptions[s->q[(i - 1) / 2]] = dist_quantile(&as->dist,
		    (i - 1) % 2 == 0 ? ATTRIB_SENS_LOW : ATTRIB_SENS_HIGH);
	}
	return st;
}

static int
sens_result(void *arg, size_t i, const struct results *r)
{
	struct sensitivity	*s = arg;

	cells_fill(s->sc, s->bl, r, s->v + i * s->ncells);
	s->done = i + 1;
	return 0;
}

struct batch *
attrib_sensitivity_start(struct pool *p, struct sensitivity *s,
    size_t running)
{
	s->done = 0;
	return batch_new(p, 1 + 2 * s->nq, running, sens_settings,
	    sens_result, s);
}

size_t
attrib_sensitivity_count(const struct sensitivity *s)
{
	return s->nq;
}

bool
attrib_sensitivity_complete(const struct sensitivity *s)
{
	return s->done == 1 + 2 * s->nq;
}

int
attrib_sensitivity_values(const struct sensitivity *s, size_t j, long area,
    size_t year, size_t output, double *central, double *low, double *high)
{
	long	c = cell_index(s->sc, s->bl, area, year, output);
	size_t	n = s->ncells;

	if (c < 0 || j >= s->nq || !attrib_sensitivity_complete(s) ||
	    isnan(s->v[c]))
		return -1;
	*central = s->v[c];
	*low = s->v[(1 + 2 * j) * n + (size_t)c];
	*high = s->v[(2 + 2 * j) * n + (size_t)c];
	return 0;
}

size_t
attrib_sensitivity_assumption(const struct sensitivity *s, size_t j)
{
	return s->q[j];
}

static int
cmp_swing(const void *x, const void *y)
{
	const struct attrib_swing	*a = x, *b = y;
	double				 sa = fabs(a->hi - a->lo);
	double				 sb = fabs(b->hi - b->lo);

	if (sa != sb)
		return sa < sb ? 1 : -1;
	return (a->j > b->j) - (a->j < b->j);
}

void
attrib_swing_sort(struct attrib_swing *sw, size_t n)
{
	qsort(sw, n, sizeof *sw, cmp_swing);
}

size_t
attrib_sensitivity_order(const struct sensitivity *s, long area, size_t year,
    size_t output, size_t *order)
{
	struct attrib_swing	*sw = xcalloc(s->nq + 1, sizeof *sw);
	size_t			 m = 0;

	for (size_t j = 0; j < s->nq; j++) {
		double	c, lo, hi;

		if (attrib_sensitivity_values(s, j, area, year, output, &c, &lo,
		    &hi) == -1)
			continue;
		sw[m++] = (struct attrib_swing){ j, lo, hi };
	}
	attrib_swing_sort(sw, m);
	for (size_t k = 0; k < m; k++)
		order[k] = sw[k].j;
	free(sw);
	return m;
}

struct sens_out {
	const struct attrib_opts	*o;
	const struct sensitivity	*s;
};

static void
sens_rows(FILE *f, const struct sens_out *w, long area, size_t y, size_t o,
    size_t *order)
{
	const struct sensitivity	*s = w->s;
	const struct scenario		*sc = s->sc;
	const struct baseline		*bl = s->bl;
	size_t				 m;
	char				 a[32], b[32], c[32];

	m = attrib_sensitivity_order(s, area, y, o, order);
	for (size_t k = 0; k < m; k++) {
		double	central, lo, hi;

		attrib_sensitivity_values(s, order[k], area, y, o, &central,
		    &lo, &hi);
		row_start(f, w->o->formulas, area == ATTRIB_TOTAL ? "TOTAL" :
		    baseline_text(bl, (size_t)area, bl->id_col),
		    area == ATTRIB_TOTAL ? "All areas" :
		    baseline_text(bl, (size_t)area, bl->name_col),
		    sc->start + 1 + (int)y, sc->outputs[o].name);
		export_csv_field(f, sc->assumptions[s->q[order[k]]].name);
		fprintf(f, ",%s,%s,%s\n", fmt_double(c, sizeof c, central),
		    fmt_double(a, sizeof a, lo), fmt_double(b, sizeof b, hi));
	}
}

static int
sens_write(FILE *f, void *arg)
{
	const struct sens_out	*w = arg;
	const struct scenario	*sc = w->s->sc;
	size_t			*order = xcalloc(w->s->nq + 1, sizeof *order);

	fputs("id,name,year,output,assumption,central,low,high\n", f);
	for (size_t i = 0; i < w->s->bl->nrows && !ferror(f); i++)
		for (size_t y = 0; y < (size_t)sc->years; y++)
			for (size_t o = 0; o < sc->noutputs; o++)
				sens_rows(f, w, (long)i, y, o, order);
	for (size_t y = 0; y < (size_t)sc->years && w->o->totals; y++)
		for (size_t o = 0; o < sc->noutputs; o++)
			sens_rows(f, w, ATTRIB_TOTAL, y, o, order);
	free(order);
	return ferror(f) ? -1 : 0;
}

int
attrib_sensitivity_cli(const struct attrib_opts *o,
    const struct scenario *sc, const struct baseline *bl,
    const struct settings *st, const struct limits *lim, struct diag *diag)
{
	struct sensitivity	*s = NULL;
	struct sens_out		 w;
	struct pool		*p = NULL;
	struct batch		*b = NULL;
	size_t			 running, nq = 0;
	int			 rc = EXIT_INPUT;

	for (size_t i = 0; i < sc->nassumptions; i++)
		if (sc->assumptions[i].dist.kind != DIST_NONE)
			nq++;
	if (nq == 0)
		fprintf(stderr, "lever: %s: no assumption declares a "
		    "distribution: there is nothing to move\n", sc->path);
	if (cells_of(sc, bl) > ATTRIB_MAX_VALUES / (1 + 2 * nq)) {
		fprintf(stderr, "lever: --sensitivity over %zu assumptions "
		    "would keep more than %zu numbers for %zu areas\n", nq,
		    ATTRIB_MAX_VALUES, bl->nrows);
		return EXIT_USAGE;
	}
	s = attrib_sensitivity_new(sc, bl, st);
	p = batch_pool(sc, bl, lim, &running);
	b = attrib_sensitivity_start(p, s, running);
	if (batch_run(b, diag) == -1) {
		size_t	i = batch_failed(b);

		if (i > 0 && i < 1 + 2 * s->nq)
			diag_add(diag, "%s: that was the run with %s at its "
			    "%s case", sc->path,
			    sc->assumptions[s->q[(i - 1) / 2]].name,
			    (i - 1) % 2 == 0 ? "low" : "high");
		goto out;
	}
	w.o = o;
	w.s = s;
	rc = write_rows(o->output, sens_write, &w, sc, st, bl, diag);
out:
	batch_free(b);
	pool_free(p);
	attrib_sensitivity_free(s);
	return rc;
}
