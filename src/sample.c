/*
 * sample: draws in the parent, recomputes on warm workers, quantiles in the
 * parent. A store keeps, for each cell (area or total, year, output), the
 * value of every sample k at v[k * ncells + cell] (a sample's values
 * together, as they arrive; the cells of an area are in results order); a
 * sample not yet in is marked in `in`, so quantiles over the samples so
 * far refine as they arrive.
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "batch.h"
#include "cli.h"
#include "dist.h"
#include "export.h"
#include "job.h"
#include "results.h"
#include "runlimits.h"
#include "sample.h"
#include "scenario.h"
#include "util.h"

size_t
sample_uncertain(const struct scenario *sc)
{
	size_t	n = 0;

	for (size_t i = 0; i < sc->nassumptions; i++)
		if (sc->assumptions[i].dist.kind != DIST_NONE)
			n++;
	return n;
}

void
sample_draw(const struct scenario *sc, const struct settings *base,
    uint64_t seed, size_t k, struct settings *out)
{
	struct rng	r;

	if (out != base) {
		for (size_t i = 0; i < sc->nlevers; i++) {
			double	*parts = out->levers[i].parts;

			out->levers[i] = base->levers[i];
			out->levers[i].parts = parts;
			if (parts != NULL)
				memcpy(parts, base->levers[i].parts,
				    sc->levers[i].nparts * sizeof *parts);
		}
		out->seed = base->seed;
	}
	rng_seed(&r, seed, k);
	for (size_t i = 0; i < sc->nassumptions; i++) {
		const struct distribution	*d = &sc->assumptions[i].dist;
		double				 u = rng_unit(&r);

		/* one set away from its declared value is held there */
		out->assumptions[i] = d->kind == DIST_NONE ||
		    base->assumptions[i] != sc->assumptions[i].value ?
		    base->assumptions[i] : dist_quantile(d, u);
	}
}

double
sample_quantile(const double *x, size_t n, double p)
{
	double	h, lo;
	size_t	i;

	if (n == 0)
		return NAN;
	h = (double)(n - 1) * (p < 0 ? 0 : p > 1 ? 1 : p);
	lo = floor(h);
	i = (size_t)lo;
	if (i + 1 >= n)
		return x[n - 1];
	return x[i] + (h - lo) * (x[i + 1] - x[i]);
}

struct sample_store {
	const struct scenario	*sc;
	const struct baseline	*bl;
	size_t			 n;		/* samples */
	size_t			 count;		/* in so far */
	bool			*in;		/* [n] */
	long			 areas_of;	/* SAMPLE_EVERY, _NONE, or one */
	size_t			 nareas, nyears, noutputs;
	size_t			 aout;		/* outputs kept per area-year */
	size_t			 ncells;
	double			*v;		/* [k][cell] */
	/* sample_start's: what each sample is drawn around */
	struct settings		*base;
	uint64_t		 seed;
};

struct sample_store *
sample_store_new(const struct scenario *sc, const struct baseline *bl,
    size_t n, long areas_of)
{
	struct sample_store	*s = xcalloc(1, sizeof *s);
	size_t			 cells;

	s->sc = sc;
	s->bl = bl;
	s->n = n;
	s->areas_of = areas_of >= (long)sc->noutputs ? SAMPLE_NONE : areas_of;
	s->nareas = s->areas_of == SAMPLE_NONE ? 0 : bl->nrows;
	s->nyears = (size_t)sc->years;
	s->noutputs = sc->noutputs;
	s->aout = s->areas_of == SAMPLE_EVERY ? s->noutputs : 1;
	cells = s->ncells = s->nareas * s->nyears * s->aout +
	    s->nyears * s->noutputs;
	s->in = xcalloc(n > 0 ? n : 1, sizeof *s->in);
	s->v = xreallocarray(NULL, cells > 0 ? cells : 1,
	    (n > 0 ? n : 1) * sizeof *s->v);
	return s;
}

void
sample_store_free(struct sample_store *s)
{
	if (s == NULL)
		return;
	settings_free(s->base);
	free(s->in);
	free(s->v);
	free(s);
}

/* Sample K's value of CELL. */
static inline double *
store_at(const struct sample_store *s, size_t cell, size_t k)
{
	return &s->v[k * s->ncells + cell];
}

/* The index of the cell for AREA (or SAMPLE_TOTAL), YEAR, OUTPUT; -1: none. */
static long
store_cell(const struct sample_store *s, long area, size_t year,
    size_t output)
{
	if (year >= s->nyears || output >= s->noutputs)
		return -1;
	if (area == SAMPLE_TOTAL)
		return (long)(s->nareas * s->nyears * s->aout +
		    year * s->noutputs + output);
	if (area < 0 || (size_t)area >= s->nareas)
		return -1;
	if (s->areas_of == SAMPLE_EVERY)
		return (long)(((size_t)area * s->nyears + year) * s->noutputs +
		    output);
	if ((long)output != s->areas_of)
		return -1;
	return (long)((size_t)area * s->nyears + year);
}

void
sample_store_put(struct sample_store *s, size_t k, const struct results *r)
{
	if (k >= s->n || s->in[k])
		return;
	/* an area's cells are in results order */
	if (s->areas_of == SAMPLE_EVERY)
		memcpy(store_at(s, 0, k), r->v,
		    s->nareas * s->nyears * s->noutputs * sizeof *s->v);
	else
		for (size_t a = 0; a < s->nareas; a++)
			for (size_t y = 0; y < s->nyears; y++)
				*store_at(s, a * s->nyears + y, k) = *results_at(r,
				    a, y, (size_t)s->areas_of);
	for (size_t y = 0; y < s->nyears; y++)
		for (size_t o = 0; o < s->noutputs; o++)
			*store_at(s, (size_t)store_cell(s, SAMPLE_TOTAL, y, o),
			    k) = s->sc->outputs[o].total == TOTAL_NONE ? NAN :
			    results_total(r, s->sc, s->bl, NULL, 0, o, y);
	s->in[k] = true;
	s->count++;
}

size_t
sample_store_count(const struct sample_store *s)
{
	return s->count;
}

size_t
sample_store_size(const struct sample_store *s)
{
	return s->n;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The samples in so far of CELL into OUT (room for n), sorted; how many. */
static size_t
store_sorted(const struct sample_store *s, long cell, double *out)
{
	size_t	m = 0;

	for (size_t k = 0; k < s->n; k++)
		if (s->in[k] && !isnan(*store_at(s, (size_t)cell, k)))
			out[m++] = *store_at(s, (size_t)cell, k);
	qsort(out, m, sizeof *out, cmp_double);
	return m;
}

double
sample_store_quantile(const struct sample_store *s, long area, size_t year,
    size_t output, double p)
{
	long	 cell = store_cell(s, area, year, output);
	double	*x, q;
	size_t	 m;

	if (cell < 0 || s->count == 0)
		return NAN;
	x = xcalloc(s->n, sizeof *x);
	m = store_sorted(s, cell, x);
	q = sample_quantile(x, m, p);
	free(x);
	return q;
}

double
sample_store_mean(const struct sample_store *s, long area, size_t year,
    size_t output)
{
	long	cell = store_cell(s, area, year, output);
	double	sum = 0;
	size_t	m = 0;

	if (cell < 0)
		return NAN;
	for (size_t k = 0; k < s->n; k++)
		if (s->in[k] && !isnan(*store_at(s, (size_t)cell, k))) {
			sum += *store_at(s, (size_t)cell, k);
			m++;
		}
	return m > 0 ? sum / (double)m : NAN;
}

bool
sample_store_totals(const struct sample_store *s, const size_t *rows,
    size_t n, size_t year, size_t output, double *v)
{
	long	c = store_cell(s, 0, year, output);

	if (c < 0 || s->nareas == 0 ||
	    s->sc->outputs[output].total == TOTAL_NONE)
		return false;
	for (size_t k = 0; k < s->n; k++)
		v[k] = s->in[k] ? results_total_of(s->sc, s->bl, rows, n,
		    s->nareas, output, store_at(s, (size_t)c, k),
		    s->nyears * s->aout) : NAN;
	return true;
}

double
sample_store_share_above(const struct sample_store *a,
    const struct sample_store *b, long area, size_t year, size_t output,
    double tol)
{
	long	ca = store_cell(a, area, year, output);
	long	cb = store_cell(b, area, year, output);
	size_t	both = 0, above = 0;

	if (ca < 0 || cb < 0)
		return NAN;
	for (size_t k = 0; k < a->n && k < b->n; k++) {
		double	x = *store_at(a, (size_t)ca, k);
		double	y = *store_at(b, (size_t)cb, k);

		if (!a->in[k] || !b->in[k] || isnan(x) || isnan(y))
			continue;
		both++;
		if (x - y > tol)
			above++;
	}
	return both > 0 ? (double)above / (double)both : NAN;
}

static struct settings *
sample_settings(void *arg, size_t k)
{
	struct sample_store	*s = arg;
	struct settings		*st = settings_copy(s->sc, s->base);

	sample_draw(s->sc, s->base, s->seed, k, st);
	return st;
}

static int
sample_result(void *arg, size_t k, const struct results *r)
{
	sample_store_put(arg, k, r);
	return 0;
}

struct batch *
sample_start(struct pool *p, const struct scenario *sc,
    const struct settings *st, uint64_t seed, size_t n, size_t running,
    struct sample_store *s)
{
	settings_free(s->base);
	s->base = settings_copy(sc, st);
	s->seed = seed;
	return batch_new(p, n < s->n ? n : s->n, running, sample_settings,
	    sample_result, s);
}

int
sample_stats_parse(const char *list, struct sample_stats *st)
{
	char	*copy = xstrdup(list != NULL ? list : "5,25,50,75,95");
	char	*tok, *save = NULL;
	double	**ps = &st->ps;
	char	***names = &st->names;
	size_t	*n = &st->nps;

	*ps = NULL;
	*names = NULL;
	*n = 0;
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		char	*end;
		double	 v;

		while (*tok == ' ')
			tok++;
		v = strtod(tok, &end);
		while (*end == ' ')
			*end++ = '\0';
		if (*tok == '\0' || *end != '\0' || !(v >= 0 && v <= 100)) {
			fprintf(stderr, "lever: --quantiles takes percentages "
			    "from 0 to 100 separated by commas, such as "
			    "5,25,50,75,95\n");
			goto bad;
		}
		if (*n == SAMPLE_MAX_STATS) {
			fprintf(stderr, "lever: --quantiles takes at most %d "
			    "percentages\n", SAMPLE_MAX_STATS);
			goto bad;
		}
		*ps = xreallocarray(*ps, *n + 1, sizeof **ps);
		*names = xreallocarray(*names, *n + 1, sizeof **names);
		(*ps)[*n] = v / 100;
		(*names)[(*n)++] = xasprintf("p%s", tok);
	}
	if (*n == 0) {
		fprintf(stderr, "lever: --quantiles needs at least one "
		    "percentage\n");
		goto bad;
	}
	free(copy);
	return 0;
bad:
	sample_stats_free(st);
	free(copy);
	return -1;
}

void
sample_stats_free(struct sample_stats *st)
{
	for (size_t i = 0; i < st->nps; i++)
		free(st->names[i]);
	free(st->names);
	free(st->ps);
	memset(st, 0, sizeof *st);
}

bool
sample_stats_of(const struct sample_stats *st, const double *v, size_t n,
    double *tmp, double *out)
{
	size_t	m = 0;
	double	sum = 0;

	for (size_t k = 0; k < n; k++)
		if (!isnan(v[k])) {
			sum += v[k];
			tmp[m++] = v[k];
		}
	if (m == 0)
		return false;
	qsort(tmp, m, sizeof *tmp, cmp_double);
	for (size_t i = 0; i < st->nps; i++)
		out[i] = sample_quantile(tmp, m, st->ps[i]);
	out[st->nps] = sum / (double)m;
	return true;
}

bool
sample_store_values(const struct sample_store *s, long area, size_t year,
    size_t output, double *v)
{
	long	c = store_cell(s, area, year, output);

	if (c < 0)
		return false;
	for (size_t k = 0; k < s->n; k++)
		v[k] = s->in[k] ? *store_at(s, (size_t)c, k) : NAN;
	return true;
}

/* What sample_write needs. */
struct sample_out {
	const struct sample_opts	*o;
	const struct sample_store	*s;
	const struct sample_store	*ref;	/* --change: less this */
	struct sample_stats		 st;
};

/*
 * The stat rows of one cell: each quantile, then the mean; with --change,
 * of the difference from the reference in the same sample, and the share
 * of samples in which that is better (as the output's better says).
 */
static void
sample_rows(FILE *f, const struct sample_out *w, const char *id,
    const char *name, int year, size_t output, const double *cur,
    const double *ref, double *tmp, double *d)
{
	const struct sample_store	*s = w->s;
	const struct output		*out = &s->sc->outputs[output];
	size_t				 m = 0, better = 0, nps = w->st.nps;
	double				 v[SAMPLE_MAX_STATS + 2];
	char				 num[32];

	for (size_t k = 0; k < s->n; k++) {
		d[k] = NAN;
		if (!s->in[k] || (ref != NULL && !w->ref->in[k]))
			continue;
		d[k] = ref != NULL ? cur[k] - ref[k] : cur[k];
		if (isnan(d[k]))
			continue;
		m++;
		if (out->better == BETTER_HIGHER ? d[k] > 0 : d[k] < 0)
			better++;
	}
	if (!sample_stats_of(&w->st, d, s->n, tmp, v))
		return;
	v[nps + 1] = (double)better / (double)m;
	for (size_t i = 0; i < nps + 1 + (ref != NULL &&
	    out->better != BETTER_NEITHER); i++) {
		export_csv_text(f, id, w->o->formulas);
		fputc(',', f);
		export_csv_text(f, name, w->o->formulas);
		fprintf(f, ",%d,", year);
		export_csv_field(f, out->name);
		fprintf(f, ",%s,%s\n", i < nps ? w->st.names[i] : i == nps ?
		    "mean" : "better", isfinite(v[i]) ?
		    fmt_double(num, sizeof num, v[i]) : "");
	}
}

/* Cells gathered at once from every sample: a cache line's worth. */
#define SAMPLE_BLOCK	8

/* Gather cells C..C+NB-1 of every sample of S into G[j * n + k]. */
static void
sample_gather(const struct sample_store *s, size_t c, size_t nb, double *g)
{
	for (size_t k = 0; k < s->n; k++) {
		const double	*row = store_at(s, c, k);

		for (size_t j = 0; j < nb; j++)
			g[j * s->n + k] = row[j];
	}
}

static int
sample_write(FILE *f, void *arg)
{
	const struct sample_out		*w = arg;
	const struct sample_store	*s = w->s;
	const struct scenario		*sc = s->sc;
	const struct baseline		*bl = s->bl;
	size_t				 n = s->n, ny = s->nyears;
	size_t				 no = s->noutputs;
	double				*tmp = xcalloc(n, sizeof *tmp);
	double				*d = xcalloc(n, sizeof *d);
	double				*g = xcalloc(SAMPLE_BLOCK * n, sizeof *g);
	double				*gr = w->ref == NULL ? NULL :
	    xcalloc(SAMPLE_BLOCK * n, sizeof *gr);

	fputs("id,name,year,output,stat,value\n", f);
	/* cells in row order: areas by year by output, then the totals */
	for (size_t c = 0; c < s->ncells && !ferror(f); c += SAMPLE_BLOCK) {
		size_t	nb = s->ncells - c < SAMPLE_BLOCK ? s->ncells - c :
		    SAMPLE_BLOCK;

		sample_gather(s, c, nb, g);
		if (gr != NULL)
			sample_gather(w->ref, c, nb, gr);
		for (size_t j = 0; j < nb; j++) {
			size_t	cell = c + j, a = cell / (ny * no);
			size_t	y = cell / no % ny, o = cell % no;
			bool	total = a == s->nareas;

			if (total && (!w->o->totals ||
			    sc->outputs[o].total == TOTAL_NONE))
				continue;
			sample_rows(f, w, total ? "TOTAL" :
			    baseline_text(bl, a, bl->id_col), total ?
			    "All areas" : baseline_text(bl, a, bl->name_col),
			    sc->start + 1 + (int)y, o, g + j * n,
			    gr != NULL ? gr + j * n : NULL, tmp, d);
		}
	}
	free(tmp);
	free(d);
	free(g);
	free(gr);
	return ferror(f) ? -1 : 0;
}

/* Say which sample K failed, and what it drew. */
static void
sample_said(struct diag *diag, const struct scenario *sc,
    const struct settings *st, size_t k, size_t n)
{
	struct settings	*x = settings_copy(sc, st);
	struct buf	 b = { 0 };
	size_t		 said = 0;
	char		 num[32];

	if (k >= n) {
		settings_free(x);
		return;
	}
	sample_draw(sc, st, st->seed, k, x);
	for (size_t i = 0; i < sc->nassumptions; i++) {
		if (sc->assumptions[i].dist.kind == DIST_NONE)
			continue;
		if (said++ == 8) {
			buf_adds(&b, ", ...");
			break;
		}
		buf_printf(&b, "%s%s = %s", said > 1 ? ", " : "",
		    sc->assumptions[i].name,
		    fmt_double(num, sizeof num, x->assumptions[i]));
	}
	buf_addc(&b, '\0');
	diag_add(diag, "%s: that was sample %zu of %zu (--seed %llu), which "
	    "drew %s", sc->path, k + 1, n, (unsigned long long)st->seed,
	    b.data);
	buf_free(&b);
	settings_free(x);
}

int
sample_cli(const struct sample_opts *o, const struct scenario *sc,
    const struct baseline *bl, const struct settings *st,
    const struct limits *lim, struct diag *diag)
{
	struct export_opts	 eo = { .format = FORMAT_CSV, .group_col = -1,
	    .special = true };
	struct sample_out	 w = { o, NULL, NULL, { NULL, NULL, 0 } };
	struct limits		 one = *lim;
	struct sample_store	*s = NULL, *ref = NULL;
	struct settings		*def = NULL;
	struct pool		*p = NULL;
	struct batch		*b = NULL;
	size_t			 running = batch_workers(lim);
	size_t			 cells;
	int			 rc = EXIT_INPUT;
	char			*cause;

	if (sample_stats_parse(o->quantiles, &w.st) == -1)
		return EXIT_USAGE;
	cells = (bl->nrows + 1) * (size_t)sc->years * sc->noutputs;
	if (cells > 0 && o->n > SAMPLE_MAX_VALUES / cells /
	    (o->change ? 2 : 1)) {
		fprintf(stderr, "lever: --samples %zu would keep %zu numbers "
		    "for %zu areas; at most %zu: take fewer samples\n", o->n,
		    o->n * cells, bl->nrows, SAMPLE_MAX_VALUES);
		rc = EXIT_USAGE;
		goto out;
	}
	if (sample_uncertain(sc) == 0)
		fprintf(stderr, "lever: %s: no assumption declares a "
		    "distribution, so every sample is the central run\n",
		    sc->path);
	/* samples run side by side, each on one worker */
	one.workers = 1;
	p = pool_new(sc, bl, &one, running);
	s = sample_store_new(sc, bl, o->n, SAMPLE_EVERY);
	b = sample_start(p, sc, st, st->seed, o->n, running, s);
	if (batch_run(b, diag) == -1) {
		sample_said(diag, sc, st, batch_failed(b), o->n);
		goto out;
	}
	if (o->change) {
		/* the reference: every lever at its default, the rest as set */
		def = settings_new(sc);
		memcpy(def->assumptions, st->assumptions,
		    sc->nassumptions * sizeof *def->assumptions);
		def->seed = st->seed;
		ref = sample_store_new(sc, bl, o->n, SAMPLE_EVERY);
		batch_free(b);
		b = sample_start(p, sc, def, st->seed, o->n, running, ref);
		if (batch_run(b, diag) == -1) {
			sample_said(diag, sc, def, batch_failed(b), o->n);
			goto out;
		}
		w.ref = ref;
	}
	w.s = s;
	eo.write = sample_write;
	eo.write_arg = &w;
	if (o->output == NULL || strcmp(o->output, "-") == 0) {
		if (export_write(stdout, &eo, sc, st, bl, NULL) == -1) {
			fprintf(stderr, "lever: standard output: writing the "
			    "results failed: %s\n", strerror(errno));
			rc = EXIT_INTERNAL;
			goto out;
		}
	} else if (export_file(o->output, &eo, sc, st, bl, NULL,
	    &cause) == -1) {
		diag_add(diag, "%s", cause);
		free(cause);
		rc = EXIT_INTERNAL;
		goto out;
	}
	rc = EXIT_OK;
out:
	batch_free(b);
	pool_free(p);
	sample_store_free(s);
	sample_store_free(ref);
	settings_free(def);
	sample_stats_free(&w.st);
	return rc;
}
