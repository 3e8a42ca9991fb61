/*
 * sweep: `lever sweep` (lever merge is in sweep-merge.c).
 *
 * A sweep is a list of dimensions (struct dim: a lever, a split lever's
 * part or an assumption, with the values it takes) and a numbering of the
 * points: in a grid, mixed radix with the first --grid varying slowest; in
 * a Latin hypercube, K points drawn once from the seed. Point P's settings
 * are the defaults with every --set and then the point's values applied,
 * as lever run --set would. The points of this shard are started on a
 * warm pool (job.h), two at a time by default, and written in order as
 * they finish, each point's rows exactly as lever run writes them with
 * the swept values in front.
 *
 * The output is written in place, flushed after each point, so that an
 * interrupt (SIGINT, SIGTERM, SIGHUP) leaves whole points; --resume checks
 * the header is this sweep's, counts the whole points (CSV-aware, a quoted
 * name may hold a newline), cuts off a partial one and continues.
 *
 * Why one file of this length: a sweep's grid, its shards, the header that
 * identifies it, resume and the run loop share the one struct sweep and
 * must agree byte for byte; merging lives apart in sweep-merge.c.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "batch.h"
#include "cli.h"
#include "dist.h"
#include "export.h"
#include "file.h"
#include "job.h"
#include "results.h"
#include "sample.h"
#include "scenario.h"
#include "sha256.h"
#include "sweep.h"
#include "sweep-int.h"
#include "util.h"

#define SWEEP_MAX_POINTS 10000000u	/* a batch keeps a pointer per point */

struct dim {
	char	 *name;		/* lever, "lever.part" or assumption */
	char	**values;	/* the values it takes, as text */
	size_t	  nvalues;
	bool	  range;	/* --lhs: anywhere in lo..hi */
	double	  lo, hi;
};

struct sweep {
	const char	 *script, *baseline, *out, *summary;
	char		**sets;
	size_t		  nsets;
	char		**grids;
	size_t		  ngrids;
	char		**outnames;
	size_t		  noutnames;
	size_t		  lhs;		/* 0: a grid */
	unsigned long long seed;
	bool		  seeded, resume, totals, totals_only, formulas;
	size_t		  shard_k, shard_n;
	unsigned	  workers;
	struct limits	  lim;

	struct scenario	 *sc;
	struct baseline	 *bl;
	struct dim	 *dims;
	size_t		  ndims;
	size_t		 *sel;		/* outputs written */
	size_t		  nsel;
	char		**lhs_values;	/* [point * ndims + dim] */
	size_t		  total, from, count, rows;
	char		 *header;	/* the comment line */
	char		 *columns;	/* the CSV header line */
	char		**area_text;	/* [area]: "id,name," as written */
	char		**yo_text;	/* [year * nsel + k]: "year,output," */
	/* --samples N: each point sampled N times, written as stats */
	size_t		  nsamples;
	const char	 *quantiles;
	struct sample_stats stats;
};

static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	interrupted = sig;
}

/* A message on stderr, made safe for the terminal. */
void
sweep_say(const char *cmd, const char *fmt, ...)
{
	va_list	 ap;
	char	 who[64];

	snprintf(who, sizeof who, "lever %s", cmd);
	va_start(ap, fmt);
	util_vsay(who, fmt, ap);
	va_end(ap);
}

/* Random numbers for the Latin hypercube: splitmix64, in [0, 1). */
static double
lhs_unit(uint64_t *s)
{
	return (double)(rng_splitmix(s) >> 11) / 9007199254740992.0;
}

/* A number as a grid value: at most 12 significant digits, so that
 * 0.1 + 2 * 0.1 is "0.3". */
static char *
num_text(double v)
{
	char	*t = xasprintf("%.12g", v);

	return strcmp(t, "-0") == 0 ? (free(t), xstrdup("0")) : t;
}

static void
dim_add_value(struct dim *d, char *v)
{
	d->values = xreallocarray(d->values, d->nvalues + 1, sizeof *d->values);
	d->values[d->nvalues++] = v;
}

static bool
parse_num(const char *s, double *out)
{
	char	*end;

	if (*s == '\0')
		return false;
	errno = 0;
	*out = strtod(s, &end);
	return *end == '\0' && errno == 0 && isfinite(*out);
}

/*
 * Parse one --grid SPEC into D: NAME=LO:HI:STEP, NAME=V1,V2,..., or (for
 * --lhs, or a choice or toggle) NAME alone or NAME=LO:HI. -1 after a
 * message.
 */
static int
parse_grid(struct sweep *s, const char *spec, struct dim *d)
{
	const struct scenario	*sc = s->sc;
	const char		*eq = strchr(spec, '=');
	char			*base, *dot;
	const struct lever	*lv = NULL;
	long			 i;
	int			 rc = -1;

	memset(d, 0, sizeof *d);
	d->name = eq != NULL ? xstrndup(spec, (size_t)(eq - spec)) :
	    xstrdup(spec);
	base = xstrdup(d->name);
	if ((dot = strchr(base, '.')) != NULL)
		*dot = '\0';
	if ((i = scenario_lever(sc, base)) >= 0)
		lv = &sc->levers[i];
	else if (scenario_assumption(sc, base) < 0 || dot != NULL) {
		sweep_say("sweep", "--grid %s: the scenario has no lever or "
		    "assumption '%s'", spec, d->name);
		goto out;
	}
	if (eq == NULL) {
		if (lv != NULL && lv->kind == LEVER_CHOICE) {
			for (size_t j = 0; j < lv->noptions; j++)
				dim_add_value(d, xstrdup(lv->options[j]));
		} else if (lv != NULL && lv->kind == LEVER_TOGGLE) {
			dim_add_value(d, xstrdup("false"));
			dim_add_value(d, xstrdup("true"));
		} else if (lv != NULL && lv->kind == LEVER_SLIDER && s->lhs > 0) {
			d->range = true;
			d->lo = lv->min;
			d->hi = lv->max;
		} else if (lv != NULL && lv->kind == LEVER_SLIDER &&
		    lv->step > 0) {
			for (size_t k = 0; lv->min + (double)k * lv->step <=
			    lv->max + lv->step * 1e-9; k++)
				dim_add_value(d, num_text(lv->min +
				    (double)k * lv->step));
		} else {
			sweep_say("sweep", "--grid %s: give the values, as %s=LO:HI:STEP "
			    "or %s=V1,V2,...", spec, spec, spec);
			goto out;
		}
	} else if (strchr(eq + 1, ':') != NULL) {
		char	*t = xstrdup(eq + 1), *p2 = strchr(t, ':'), *p3;
		double	 lo, hi, step = 0;

		*p2++ = '\0';
		if ((p3 = strchr(p2, ':')) != NULL)
			*p3++ = '\0';
		if (!parse_num(t, &lo) || !parse_num(p2, &hi) || hi < lo ||
		    (p3 != NULL && (!parse_num(p3, &step) || !(step > 0)))) {
			sweep_say("sweep", "--grid %s: write LO:HI:STEP with numbers, "
			    "LO <= HI and STEP > 0", spec);
			free(t);
			goto out;
		}
		free(t);
		if (p3 == NULL && s->lhs == 0) {
			sweep_say("sweep", "--grid %s: a grid needs a step "
			    "(LO:HI:STEP); a range alone is for --lhs", spec);
			goto out;
		}
		if (p3 == NULL) {
			d->range = true;
			d->lo = lo;
			d->hi = hi;
		} else {
			if ((hi - lo) / step > SWEEP_MAX_POINTS) {
				sweep_say("sweep", "--grid %s: too many values", spec);
				goto out;
			}
			for (size_t k = 0; lo + (double)k * step <=
			    hi + step * 1e-9; k++)
				dim_add_value(d, num_text(lo + (double)k * step));
		}
	} else {
		const char	*p = eq + 1, *c;

		do {
			c = strchr(p, ',');
			dim_add_value(d, c != NULL ?
			    xstrndup(p, (size_t)(c - p)) : xstrdup(p));
			p = c != NULL ? c + 1 : NULL;
		} while (p != NULL);
	}
	/* every value must be one --set would take */
	for (size_t k = 0; k < d->nvalues + (d->range ? 2 : 0); k++) {
		struct settings	*st = settings_new(sc);
		char		*a, *cause = NULL, *v;

		v = k < d->nvalues ? xstrdup(d->values[k]) :
		    num_text(k == d->nvalues ? d->lo : d->hi);
		a = xasprintf("%s=%s", d->name, v);
		if (settings_set(sc, st, a, &cause) == -1) {
			sweep_say("sweep", "--grid %s: %s", spec, cause);
			free(cause);
			free(a);
			free(v);
			settings_free(st);
			goto out;
		}
		free(a);
		free(v);
		settings_free(st);
	}
	rc = 0;
out:
	free(base);
	return rc;
}

static void
dims_free(struct sweep *s)
{
	for (size_t i = 0; i < s->ndims; i++) {
		for (size_t k = 0; k < s->dims[i].nvalues; k++)
			free(s->dims[i].values[k]);
		free(s->dims[i].values);
		free(s->dims[i].name);
	}
	free(s->dims);
	if (s->lhs_values != NULL)
		for (size_t i = 0; i < s->lhs * s->ndims; i++)
			free(s->lhs_values[i]);
	free(s->lhs_values);
}

/* The Latin hypercube: in each dimension every one of K strata once. */
static void
make_lhs(struct sweep *s)
{
	uint64_t	 rng = s->seed ^ 0x6c65766572ULL;	/* "lever" */
	size_t		 k = s->lhs, *perm = xcalloc(k, sizeof *perm);

	s->lhs_values = xcalloc(k * s->ndims, sizeof *s->lhs_values);
	for (size_t d = 0; d < s->ndims; d++) {
		const struct dim	*dm = &s->dims[d];

		for (size_t i = 0; i < k; i++)
			perm[i] = i;
		for (size_t i = k; i > 1; i--) {
			size_t	j = (size_t)(rng_splitmix(&rng) % i);
			size_t	t = perm[i - 1];

			perm[i - 1] = perm[j];
			perm[j] = t;
		}
		for (size_t i = 0; i < k; i++) {
			double	u = ((double)perm[i] + lhs_unit(&rng)) /
				    (double)k;
			char	*v;

			if (dm->range) {
				double	x = dm->lo + u * (dm->hi - dm->lo);

				v = num_text(fmin(dm->hi, fmax(dm->lo, x)));
			} else {
				size_t	j = (size_t)(u * (double)dm->nvalues);

				v = xstrdup(dm->values[j < dm->nvalues ? j :
				    dm->nvalues - 1]);
			}
			s->lhs_values[i * s->ndims + d] = v;
		}
	}
	free(perm);
}

/* The values of point P, one per dimension (not to be freed). */
static void
point_values(const struct sweep *s, size_t p, const char **out)
{
	if (s->lhs > 0) {
		for (size_t d = 0; d < s->ndims; d++)
			out[d] = s->lhs_values[p * s->ndims + d];
		return;
	}
	for (size_t d = s->ndims; d-- > 0;) {
		out[d] = s->dims[d].values[p % s->dims[d].nvalues];
		p /= s->dims[d].nvalues;
	}
}

/* Point P's settings: the defaults, every --set, then the point's values. */
static struct settings *
point_settings(const struct sweep *s, size_t p)
{
	const char	**v = xcalloc(s->ndims + 1, sizeof *v);
	char		**sets = xcalloc(s->nsets + s->ndims + 1, sizeof *sets);
	struct settings	 *st = settings_new(s->sc);
	size_t		  n = 0;

	if (s->seeded)
		st->seed = s->seed;
	point_values(s, p, v);
	for (size_t i = 0; i < s->nsets; i++)
		sets[n++] = xstrdup(s->sets[i]);
	for (size_t d = 0; d < s->ndims; d++)
		sets[n++] = xasprintf("%s=%s", s->dims[d].name, v[d]);
	if (cli_apply_sets(s->sc, st, sets, n) == -1) {
		settings_free(st);
		st = NULL;
	}
	for (size_t i = 0; i < n; i++)
		free(sets[i]);
	free(sets);
	free(v);
	return st;
}

/* Point P's swept values, as the first columns of each of its rows. */
static void
point_prefix(const struct sweep *s, size_t p, struct buf *pre)
{
	const char	**v = xcalloc(s->ndims + 1, sizeof *v);
	FILE		 *m;

	point_values(s, p, v);
	/* through a memory stream: the same quoting */
	if ((m = open_memstream(&pre->data, &pre->len)) == NULL)
		fatal("open_memstream: %s", strerror(errno));
	for (size_t d = 0; d < s->ndims; d++) {
		export_csv_text(m, v[d], s->formulas);
		fputc(',', m);
	}
	fclose(m);
	free(v);
}

/* One point's rows: the swept values, then as lever run writes them. */
static void
write_point(FILE *f, const struct sweep *s, size_t p, const struct results *r)
{
	const struct scenario	*sc = s->sc;
	const struct baseline	*bl = s->bl;
	struct buf		  pre = { 0 };
	char			  num[40];

	point_prefix(s, p, &pre);
	if (!s->totals_only)
		for (size_t a = 0; a < r->nareas; a++)
			for (size_t y = 0; y < r->nyears; y++)
				for (size_t k = 0; k < s->nsel; k++) {
					double	x = *results_at(r, a, y, s->sel[k]);

					fwrite(pre.data, 1, pre.len, f);
					fputs(s->area_text[a], f);
					fputs(s->yo_text[y * s->nsel + k], f);
					if (isfinite(x))
						fputs(fmt_double(num,
						    sizeof num, x), f);
					fputc('\n', f);
				}
	if (s->totals || s->totals_only)
		for (size_t y = 0; y < r->nyears; y++)
			for (size_t k = 0; k < s->nsel; k++) {
				double	x;

				if (sc->outputs[s->sel[k]].total == TOTAL_NONE)
					continue;
				x = results_total(r, sc, bl, NULL, 0, s->sel[k],
				    y);
				fwrite(pre.data, 1, pre.len, f);
				fprintf(f, "TOTAL,All areas,%d,",
				    sc->start + 1 + (int)y);
				export_csv_field(f, sc->outputs[s->sel[k]].name);
				fprintf(f, ",%s\n", isfinite(x) ?
				    fmt_double(num, sizeof num, x) : "");
			}
	free(pre.data);
}

/*
 * The stat rows of one cell (AREA or SAMPLE_TOTAL, YEAR, the Kth output
 * written) of a point's samples, after PRE and the cell's id, name, year
 * and output (CELL): as lever run --samples writes them. A cell with no
 * value in any sample has its rows all the same, empty.
 */
static void
write_stats(FILE *f, const struct sweep *s, const struct buf *pre,
    const char *cell, const struct sample_store *st, long area, size_t year,
    size_t k, double *v, double *tmp)
{
	double	stat[SAMPLE_MAX_STATS + 1];
	bool	any;
	char	num[40];

	any = sample_store_values(st, area, year, s->sel[k], v) &&
	    sample_stats_of(&s->stats, v, s->nsamples, tmp, stat);
	for (size_t i = 0; i <= s->stats.nps; i++) {
		fwrite(pre->data, 1, pre->len, f);
		fputs(cell, f);
		fprintf(f, "%s,%s\n", i < s->stats.nps ? s->stats.names[i] :
		    "mean", any && isfinite(stat[i]) ? fmt_double(num,
		    sizeof num, stat[i]) : "");
	}
}

/* One point's rows from its samples: each cell's quantiles and mean. */
static void
write_point_samples(FILE *f, const struct sweep *s, size_t p,
    const struct sample_store *st)
{
	const struct scenario	*sc = s->sc;
	struct buf		 pre = { 0 };
	double			*v = xcalloc(s->nsamples, sizeof *v);
	double			*tmp = xcalloc(s->nsamples, sizeof *tmp);

	point_prefix(s, p, &pre);
	for (size_t a = 0; !s->totals_only && a < s->bl->nrows; a++)
		for (size_t y = 0; y < (size_t)sc->years; y++)
			for (size_t k = 0; k < s->nsel; k++) {
				char	*cell = xasprintf("%s%s", s->area_text[a],
				    s->yo_text[y * s->nsel + k]);

				write_stats(f, s, &pre, cell, st, (long)a, y, k,
				    v, tmp);
				free(cell);
			}
	for (size_t y = 0; (s->totals || s->totals_only) &&
	    y < (size_t)sc->years; y++)
		for (size_t k = 0; k < s->nsel; k++) {
			char	*cell;

			if (sc->outputs[s->sel[k]].total == TOTAL_NONE)
				continue;
			cell = xasprintf("TOTAL,All areas,%s",
			    s->yo_text[y * s->nsel + k]);
			write_stats(f, s, &pre, cell, st, SAMPLE_TOTAL, y, k, v,
			    tmp);
			free(cell);
		}
	free(pre.data);
	free(v);
	free(tmp);
}

/* The texts every point repeats, quoted and guarded once. */
static void
make_texts(struct sweep *s)
{
	const struct baseline	*bl = s->bl;
	size_t			 ny = (size_t)s->sc->years, len;
	FILE			*m;

	s->area_text = xcalloc(bl->nrows + 1, sizeof *s->area_text);
	for (size_t a = 0; a < bl->nrows; a++) {
		if ((m = open_memstream(&s->area_text[a], &len)) == NULL)
			fatal("open_memstream: %s", strerror(errno));
		export_csv_text(m, baseline_text(bl, a, bl->id_col), s->formulas);
		fputc(',', m);
		export_csv_text(m, baseline_text(bl, a, bl->name_col), s->formulas);
		fputc(',', m);
		fclose(m);
	}
	s->yo_text = xcalloc(ny * s->nsel + 1, sizeof *s->yo_text);
	for (size_t y = 0; y < ny; y++)
		for (size_t k = 0; k < s->nsel; k++) {
			if ((m = open_memstream(&s->yo_text[y * s->nsel + k],
			    &len)) == NULL)
				fatal("open_memstream: %s", strerror(errno));
			fprintf(m, "%d,", s->sc->start + 1 + (int)y);
			export_csv_field(m, s->sc->outputs[s->sel[k]].name);
			fputc(',', m);
			fclose(m);
		}
}

static void
texts_free(struct sweep *s)
{
	for (size_t a = 0; s->area_text != NULL && a < s->bl->nrows; a++)
		free(s->area_text[a]);
	free(s->area_text);
	for (size_t i = 0; s->yo_text != NULL &&
	    i < (size_t)s->sc->years * s->nsel; i++)
		free(s->yo_text[i]);
	free(s->yo_text);
}

/* Rows of one point. */
static size_t
rows_per_point(const struct sweep *s)
{
	size_t	n = 0, tot = 0;

	for (size_t k = 0; k < s->nsel; k++)
		tot += s->sc->outputs[s->sel[k]].total != TOTAL_NONE;
	if (!s->totals_only)
		n = s->bl->nrows * (size_t)s->sc->years * s->nsel;
	if (s->totals || s->totals_only)
		n += (size_t)s->sc->years * tot;
	/* with --samples, a row per stat: the quantiles, then the mean */
	return s->nsamples > 0 ? n * (s->stats.nps + 1) : n;
}

/* The grid's hash: everything that decides the points and their rows. */
static void
grid_hash(const struct sweep *s, char hex[65])
{
	struct buf	b = { 0 };

	buf_printf(&b, "mode %s %zu\n", s->lhs > 0 ? "lhs" : "grid", s->lhs);
	for (size_t i = 0; i < s->nsets; i++)
		buf_printf(&b, "set %s\n", s->sets[i]);
	for (size_t d = 0; d < s->ndims; d++) {
		const struct dim	*dm = &s->dims[d];

		buf_printf(&b, "dim %s\n", dm->name);
		if (dm->range)
			buf_printf(&b, "range %.17g %.17g\n", dm->lo, dm->hi);
		for (size_t k = 0; k < dm->nvalues; k++)
			buf_printf(&b, "value %s\n", dm->values[k]);
	}
	for (size_t k = 0; k < s->nsel; k++)
		buf_printf(&b, "output %s\n", s->sc->outputs[s->sel[k]].name);
	buf_printf(&b, "totals %d %d formulas %d\n", s->totals, s->totals_only,
	    s->formulas);
	if (s->nsamples > 0) {
		buf_printf(&b, "samples %zu", s->nsamples);
		for (size_t i = 0; i < s->stats.nps; i++)
			buf_printf(&b, " %.17g", s->stats.ps[i]);
		buf_printf(&b, "\n");
	}
	sha256_hex(b.data, b.len, hex);
	buf_free(&b);
}

/* The header line and the CSV column line; -1 after a message. */
static int
make_header(struct sweep *s)
{
	char		 hs[65], hb[65], hg[65];
	struct buf	 b = { 0 };
	FILE		*m;
	struct settings	*st = settings_new(s->sc);
	unsigned long long seed = s->seeded ? s->seed : st->seed;

	settings_free(st);
	if (sha256_file(s->sc->path, hs) == -1 ||
	    sha256_file(s->bl->path, hb) == -1) {
		sweep_say("sweep", "cannot read the scenario or baseline to hash "
		    "it: %s", strerror(errno));
		return -1;
	}
	grid_hash(s, hg);
	s->header = xasprintf(SWEEP_MAGIC "scenario=%s baseline=%s grid=%s "
	    "seed=%llu shard=%zu/%zu from=%zu count=%zu total=%zu rows=%zu\n",
	    hs, hb, hg, seed, s->shard_k, s->shard_n, s->from, s->count,
	    s->total, s->rows);
	if ((m = open_memstream(&b.data, &b.len)) == NULL)
		fatal("open_memstream: %s", strerror(errno));
	for (size_t d = 0; d < s->ndims; d++) {
		export_csv_field(m, s->dims[d].name);
		fputc(',', m);
	}
	fputs(s->nsamples > 0 ? "id,name,year,output,stat,value\n" :
	    "id,name,year,output,value\n", m);
	fclose(m);
	s->columns = b.data;
	return 0;
}

/*
 * Count the whole CSV records in the LEN bytes at P (a newline inside
 * quotes is not a record's end); *END is the offset after the last
 * whole record counted, up to MAX records.
 */
size_t
sweep_records(const char *p, size_t len, size_t max, size_t *end)
{
	size_t	n = 0;
	bool	quoted = false;

	*end = 0;
	for (size_t i = 0; i < len && n < max; i++) {
		if (p[i] == '"')
			quoted = !quoted;
		else if (p[i] == '\n' && !quoted) {
			n++;
			*end = i + 1;
		}
	}
	return n;
}

/* The whole file at PATH in memory (NULL, errno set, if unreadable). */
char *
sweep_slurp(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*text;

	if (f == NULL)
		return NULL;
	text = file_read_all(f, 0, len);
	fclose(f);
	return text;
}

/*
 * --resume: how many points of this shard FILE holds whole; the file is
 * cut after them. -1 after a message when FILE is another sweep's.
 */
static long
resume_points(const struct sweep *s, FILE *f)
{
	char	*text;
	size_t	 len, hl = strlen(s->header), cl = strlen(s->columns), end,
		 recs;

	/* through F: closing another descriptor of the file would drop
	 * the lock (fcntl locks are the process's, per file) */
	if (fseeko(f, 0, SEEK_SET) == -1 ||
	    (text = file_read_all(f, 0, &len)) == NULL) {
		sweep_say("sweep", "%s: %s", s->out, strerror(errno));
		return -1;
	}
	if (len < hl + cl || memcmp(text, s->header, hl) != 0 ||
	    memcmp(text + hl, s->columns, cl) != 0) {
		bool	empty = len == 0 || (len < hl &&
			    memcmp(text, s->header, len) == 0);

		free(text);
		if (empty)
			return 0;	/* cut off in its header: start again */
		sweep_say("sweep", "%s: not this sweep's output (another scenario, "
		    "baseline, grid, seed or shard, or not a sweep at all); "
		    "not resuming. Remove it, or give another -o", s->out);
		return -1;
	}
	if (s->rows == 0) {
		free(text);
		return 0;
	}
	recs = sweep_records(text + hl + cl, len - hl - cl, s->count * s->rows,
	    &end);
	recs -= recs % s->rows;
	/* the end of the last whole point */
	sweep_records(text + hl + cl, len - hl - cl, recs, &end);
	free(text);
	if (ftruncate(fileno(f), (off_t)(hl + cl + end)) == -1 ||
	    fseeko(f, 0, SEEK_END) == -1) {
		sweep_say("sweep", "%s: %s", s->out, strerror(errno));
		return -1;
	}
	return (long)(recs / s->rows);
}

/* Progress on a terminal: count, rate, time left. */
static void
progress(const struct sweep *s, size_t done, size_t start, double t0,
    bool last)
{
	static double	 shown;
	double		 now = monotonic(), rate, left;
	int		 width = 24, fill;

	if (!last && now - shown < 0.2)
		return;
	shown = now;
	rate = now > t0 ? (double)(done - start) / (now - t0) : 0;
	left = rate > 0 ? (double)(s->count - done) / rate : 0;
	fill = s->count > 0 ? (int)((double)width * (double)done /
	    (double)s->count) : width;
	fprintf(stderr, "\r[%.*s%*s] %zu/%zu points  %.1f/s  ETA %d:%02d ",
	    fill, "########################", width - fill, "", done,
	    s->count, rate, (int)(left / 60), (int)fmod(left, 60));
	if (last)
		fputc('\n', stderr);
}

/* What the batch's callbacks need. */
struct sweep_run {
	struct sweep	*s;
	FILE		*f;
	size_t		 first;		/* the shard's first point run now */
	bool		 tty;
	double		 t0;
	bool		 bad;		/* a point's settings were refused */
	size_t		 per;		/* runs a point: 1, or --samples */
	struct sample_store *store;	/* --samples: the point's so far */
};

/*
 * Run I's settings: point FIRST + I / PER of the shard; with --samples,
 * its sample I % PER (the same draws at every point: common random
 * numbers, so points differ by their levers, not by luck).
 */
static struct settings *
run_settings(void *arg, size_t i)
{
	struct sweep_run	*sr = arg;
	const struct scenario	*sc = sr->s->sc;
	struct settings		*st, *x;

	st = point_settings(sr->s, sr->s->from + sr->first + i / sr->per);
	if (st == NULL) {
		/* the message is out; run the defaults, refuse the result */
		sr->bad = true;
		st = settings_new(sc);
	}
	if (sr->s->nsamples > 0) {
		x = settings_copy(sc, st);
		sample_draw(sc, st, st->seed, i % sr->per, x);
		settings_free(st);
		st = x;
	}
	return st;
}

/* Run I's results, in order: a whole point written and flushed when its
 * last run is in. */
static int
run_result(void *arg, size_t i, const struct results *r)
{
	struct sweep_run	*sr = arg;
	struct sweep		*s = sr->s;
	size_t			 p = i / sr->per;

	if (sr->bad)
		return -1;
	if (s->nsamples == 0)
		write_point(sr->f, s, s->from + sr->first + p, r);
	else {
		sample_store_put(sr->store, i % sr->per, r);
		if (i % sr->per != sr->per - 1)
			return 0;
		write_point_samples(sr->f, s, s->from + sr->first + p,
		    sr->store);
		sample_store_free(sr->store);
		sr->store = sample_store_new(s->sc, s->bl, s->nsamples,
		    s->totals_only ? SAMPLE_NONE : SAMPLE_EVERY);
	}
	if (fflush(sr->f) == EOF) {
		sweep_say("sweep", "%s: writing failed: %s", s->out, strerror(errno));
		return -1;
	}
	if (sr->tty)
		progress(s, sr->first + p + 1, sr->first, sr->t0, false);
	return 0;
}

/*
 * Run points FIRST.. of this shard as a batch on a pool of warm workers
 * (batch.h: started in order, handed over in order) and write them to F.
 * Returns the points written, or -1 with the problem in DIAG. Stops
 * early, with the points finished so far written, when a signal arrives.
 */
static long
run_points(struct sweep *s, FILE *f, size_t first, struct diag *diag)
{
	size_t			 nw = s->workers > 0 ? s->workers : 2;
	struct sweep_run	 sr = { s, f, first, isatty(STDERR_FILENO),
				    monotonic(), false, s->nsamples > 0 ?
				    s->nsamples : 1, NULL };
	struct limits		 lim = s->lim;
	struct pool		*pool;
	struct batch		*b;
	size_t			 done, before = diag->n;
	int			 rc;

	lim.workers = 1;	/* the pool's members are the parallelism */
	pool = pool_new(s->sc, s->bl, &lim, nw);
	if (s->nsamples > 0)
		sr.store = sample_store_new(s->sc, s->bl, s->nsamples,
		    s->totals_only ? SAMPLE_NONE : SAMPLE_EVERY);
	b = batch_new(pool, (s->count - first) * sr.per, nw, run_settings,
	    run_result, &sr);
	while ((rc = batch_step(b, diag)) == 0 && !interrupted) {
		struct pollfd	pfd[16];
		int		fds[16], timeout;
		size_t		n = batch_fds(b, fds, nitems(fds), &timeout);

		for (size_t i = 0; i < n; i++) {
			pfd[i].fd = fds[i];
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
		}
		if (n > 0)
			poll(pfd, n, timeout);	/* EINTR: a signal, seen above */
	}
	done = batch_done(b) / sr.per;	/* whole points */
	batch_free(b);
	pool_free(pool);
	sample_store_free(sr.store);
	if (sr.tty)
		progress(s, first + done, first, sr.t0, true);
	if (rc == -1 && interrupted) {
		/* a worker stopped by the same ^C: not the script's fault */
		while (diag->n > before)
			free(diag->msgs[--diag->n]);
		rc = 0;
	}
	return rc == -1 ? -1 : (long)done;
}

/* --summary OUTPUT: read the sweep back and say which points do best. */
static int
summarise(const struct sweep *s, const char *output)
{
	const struct scenario	*sc = s->sc;
	const struct baseline	*bl = s->bl;
	long			 o = scenario_output(sc, output);
	size_t			 k = 0, na = bl->nrows, ny = (size_t)sc->years;
	size_t			 len, hl, pos, best_i = 0, worst_i = 0;
	double			 dir, best = NAN, worst = NAN;
	double			*area;		/* [point][area]: sum over years */
	char			*text, **label;
	struct results		*r;
	const struct output	*out;
	size_t			*count, *bestp, same = 0, *tk, ntot = 0;
	size_t			 arearows = s->totals_only ? 0 :
				    bl->nrows * (size_t)sc->years * s->nsel;
	double			 v;

	for (k = 0; k < s->nsel; k++)
		if ((long)s->sel[k] == o)
			break;
	out = &sc->outputs[o];
	dir = out->better == BETTER_LOWER ? -1 : 1;
	if ((text = sweep_slurp(s->out, &len)) == NULL) {
		sweep_say("sweep", "%s: %s", s->out, strerror(errno));
		return -1;
	}
	hl = strlen(s->header) + strlen(s->columns);
	/* the TOTAL rows of a point: year by year, the outputs with totals */
	tk = xcalloc(s->nsel + 1, sizeof *tk);
	for (size_t j = 0; j < s->nsel; j++)
		if (sc->outputs[s->sel[j]].total != TOTAL_NONE)
			tk[ntot++] = j;
	if (ntot == 0)
		ntot = 1;
	area = xcalloc(s->count * na + 1, sizeof *area);
	label = xcalloc(s->count + 1, sizeof *label);
	r = results_new(na, ny, sc->noutputs);
	pos = hl;
	for (size_t p = 0; p < s->count; p++) {
		double	tot = 0;

		for (size_t row = 0; row < s->rows; row++) {
			size_t	end, start = pos;
			char	*comma;

			sweep_records(text + pos, len - pos, 1, &end);
			pos += end;
			if (row == 0) {
				/* the swept values: the first ndims fields */
				struct buf	 b = { 0 };
				const char	*q = text + start;

				for (size_t d = 0; d < s->ndims; d++) {
					const char	*e = q;
					bool		 quoted = false;

					while (*e != '\0' && (quoted ||
					    *e != ','))
						quoted ^= *e++ == '"';
					buf_printf(&b, "%s%s=%.*s", d ? ", " :
					    "", s->dims[d].name, (int)(e - q), q);
					q = *e == ',' ? e + 1 : e;
				}
				buf_addc(&b, '\0');
				label[p] = b.data;
			}
			if (row < arearows ? row % s->nsel != k :
			    !s->totals_only || tk[(row - arearows) % ntot] != k)
				continue;	/* another output's */
			text[pos - 1] = '\0';
			comma = strrchr(text + start, ',');
			v = comma != NULL && comma[1] != '\0' ?
			    strtod(comma + 1, NULL) : NAN;
			if (row < arearows)
				*results_at(r, row / (ny * s->nsel),
				    (row / s->nsel) % ny, (size_t)o) = v;
			else
				tot += v;	/* a TOTAL row of --totals-only */
		}
		for (size_t a = 0; arearows > 0 && a < na; a++)
			for (size_t y = 0; y < ny; y++)
				area[p * na + a] += *results_at(r, a, y,
				    (size_t)o);
		for (size_t y = 0; arearows > 0 && y < ny; y++)
			tot += results_total(r, sc, bl, NULL, 0, (size_t)o, y);
		if (out->total != TOTAL_SUM)
			tot /= (double)ny;
		if (isnan(best) || tot > best) {
			best = tot;
			best_i = p;
		}
		if (isnan(worst) || tot < worst) {
			worst = tot;
			worst_i = p;
		}
	}
	results_free(r);
	free(text);
	printf("%s (%s) over %zu points; %s of all areas, %s %d to %d\n",
	    out->name, out->label, s->count, out->total == TOTAL_SUM ?
	    "total" : "yearly total", out->total == TOTAL_SUM ? "summed over" :
	    "averaged over", sc->start + 1, sc->start + (int)ny);
	printf("  highest %.15g at %s\n", best, label[best_i]);
	printf("  lowest  %.15g at %s\n", worst, label[worst_i]);
	free(tk);
	if (arearows == 0) {
		printf("(which point does best by each area needs the areas' "
		    "rows: sweep without --totals-only)\n");
		for (size_t p = 0; p < s->count; p++)
			free(label[p]);
		free(label);
		free(area);
		return 0;
	}
	/* for each area, the point that does best by it (the first of
	 * equals); areas the same at every point are counted apart */
	count = xcalloc(s->count, sizeof *count);
	bestp = xcalloc(na + 1, sizeof *bestp);
	for (size_t a = 0; a < na; a++) {
		double	lo = area[a], hi = area[a];

		for (size_t p = 1; p < s->count; p++) {
			double	x = area[p * na + a];

			if (x * dir > area[bestp[a] * na + a] * dir)
				bestp[a] = p;
			lo = fmin(lo, x);
			hi = fmax(hi, x);
		}
		if (hi - lo <= 1e-9 * fmax(fabs(hi), fabs(lo)))
			bestp[a] = SIZE_MAX, same++;
		else
			count[bestp[a]]++;
	}
	printf("best for each area (%s is better, summed over the years; "
	    "%zu area%s the same at every point):\n", dir > 0 ? "higher" :
	    "lower", same, same == 1 ? " is" : "s are");
	for (size_t p = 0; p < s->count; p++) {
		size_t	shown = 0;

		if (count[p] == 0)
			continue;
		printf("  %s: %zu area%s (", label[p], count[p],
		    count[p] == 1 ? "" : "s");
		for (size_t a = 0; a < na && shown < 5; a++)
			if (bestp[a] == p) {
				char	*n = safe_text(baseline_text(bl, a,
				    bl->name_col) ? baseline_text(bl, a,
				    bl->name_col) : "?", 0);

				printf("%s%s", shown++ ? ", " : "", n);
				free(n);
			}
		printf("%s)\n", count[p] > 5 ? ", ..." : "");
	}
	for (size_t p = 0; p < s->count; p++)
		free(label[p]);
	free(label);
	free(count);
	free(bestp);
	free(area);
	return 0;
}

void
sweep_usage(FILE *f)
{
	fputs(
"usage: lever sweep SCENARIO.lua --grid NAME=LO:HI:STEP|NAME=V1,V2,...|NAME\n"
"                   [--grid ...] [--lhs K] [--seed N] [--shard K/N] [--resume]\n"
"                   [--set NAME=VALUE]... [--output NAME]... [--totals]\n"
"                   [--totals-only] [--summary OUTPUT] [--workers N]\n"
"                   [--samples N [--quantiles LIST]]\n"
"                   [--baseline FILE.csv] [limits] -o FILE.csv\n"
"       lever merge SHARD.csv... -o FILE.csv\n", f);
}

enum {
	OPT_BASELINE = 256, OPT_SET, OPT_GRID, OPT_LHS, OPT_SEED, OPT_SHARD,
	OPT_RESUME, OPT_OUTPUT, OPT_TOTALS, OPT_TOTALS_ONLY, OPT_SUMMARY,
	OPT_WORKERS, OPT_FORMULAS, OPT_MAXINSN, OPT_MAXMEM, OPT_TIMEOUT,
	OPT_SAMPLES, OPT_QUANTILES
};

static const struct option sweep_options[] = {
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "set", required_argument, NULL, OPT_SET },
	{ "grid", required_argument, NULL, OPT_GRID },
	{ "lhs", required_argument, NULL, OPT_LHS },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "resume", no_argument, NULL, OPT_RESUME },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "totals", no_argument, NULL, OPT_TOTALS },
	{ "totals-only", no_argument, NULL, OPT_TOTALS_ONLY },
	{ "summary", required_argument, NULL, OPT_SUMMARY },
	{ "workers", required_argument, NULL, OPT_WORKERS },
	{ "keep-formulas", no_argument, NULL, OPT_FORMULAS },
	{ "max-instructions", required_argument, NULL, OPT_MAXINSN },
	{ "max-memory", required_argument, NULL, OPT_MAXMEM },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "samples", required_argument, NULL, OPT_SAMPLES },
	{ "quantiles", required_argument, NULL, OPT_QUANTILES },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static bool
parse_size(const char *arg, size_t *out, size_t max)
{
	char			*end;
	unsigned long long	 v;

	if (arg[0] < '0' || arg[0] > '9')
		return false;
	errno = 0;
	v = strtoull(arg, &end, 10);
	if (*end != '\0' || errno != 0 || v > max)
		return false;
	*out = (size_t)v;
	return true;
}

/* Parse the command line into S; an exit status, or -1 to go on. */
static int
sweep_parse(struct sweep *s, int argc, char **argv)
{
	int	ch;

	memset(s, 0, sizeof *s);
	s->lim = limits_default;
	s->lim.print = true;
	s->shard_k = s->shard_n = 1;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "ho:", sweep_options,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_BASELINE:
			s->baseline = optarg;
			break;
		case OPT_SET:
			s->sets = xreallocarray(s->sets, s->nsets + 1,
			    sizeof *s->sets);
			s->sets[s->nsets++] = optarg;
			break;
		case OPT_GRID:
			s->grids = xreallocarray(s->grids, s->ngrids + 1,
			    sizeof *s->grids);
			s->grids[s->ngrids++] = optarg;
			break;
		case OPT_LHS:
			if (!parse_size(optarg, &s->lhs, SWEEP_MAX_POINTS) ||
			    s->lhs == 0) {
				sweep_say("sweep", "--lhs takes a number of points "
				    "from 1 to %u", SWEEP_MAX_POINTS);
				return EXIT_USAGE;
			}
			break;
		case OPT_SEED: {
			char	*end;

			errno = 0;
			s->seed = strtoull(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0) {
				sweep_say("sweep", "--seed takes a whole number");
				return EXIT_USAGE;
			}
			s->seeded = true;
			break;
		}
		case OPT_SHARD: {
			char	*slash = strchr(optarg, '/'), *k;

			k = slash != NULL ? xstrndup(optarg,
			    (size_t)(slash - optarg)) : NULL;
			if (k == NULL || !parse_size(k, &s->shard_k, 1000000) ||
			    !parse_size(slash + 1, &s->shard_n, 1000000) ||
			    s->shard_k < 1 || s->shard_k > s->shard_n) {
				sweep_say("sweep", "--shard takes K/N with 1 <= K <= "
				    "N, not '%s'", optarg);
				free(k);
				return EXIT_USAGE;
			}
			free(k);
			break;
		}
		case OPT_RESUME:
			s->resume = true;
			break;
		case OPT_OUTPUT:
			s->outnames = xreallocarray(s->outnames,
			    s->noutnames + 1, sizeof *s->outnames);
			s->outnames[s->noutnames++] = optarg;
			break;
		case OPT_TOTALS:
			s->totals = true;
			break;
		case OPT_TOTALS_ONLY:
			s->totals_only = true;
			break;
		case OPT_SUMMARY:
			s->summary = optarg;
			break;
		case OPT_SAMPLES:
			if (!parse_size(optarg, &s->nsamples, 100000) ||
			    s->nsamples == 0) {
				sweep_say("sweep", "--samples takes 1 to 100000");
				return EXIT_USAGE;
			}
			break;
		case OPT_QUANTILES:
			s->quantiles = optarg;
			break;
		case OPT_WORKERS: {
			size_t	w;

			if (!parse_size(optarg, &w, 64) || w == 0) {
				sweep_say("sweep", "--workers takes 1 to 64");
				return EXIT_USAGE;
			}
			s->workers = (unsigned)w;
			break;
		}
		case OPT_FORMULAS:
			s->formulas = true;
			break;
		case OPT_MAXINSN:
		case OPT_MAXMEM:
		case OPT_TIMEOUT:
			if (cli_limit_option(&s->lim, ch == OPT_MAXINSN ?
			    "--max-instructions" : ch == OPT_MAXMEM ?
			    "--max-memory" : "--timeout", optarg) == -1)
				return EXIT_USAGE;
			break;
		case 'o':
			s->out = optarg;
			break;
		case 'h':
			sweep_usage(stdout);
			return EXIT_OK;
		default:
			sweep_say("sweep", "unknown option or missing value: %s",
			    argv[optind - 1]);
			sweep_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		sweep_say("sweep", "give exactly one SCENARIO.lua");
		sweep_usage(stderr);
		return EXIT_USAGE;
	}
	s->script = argv[optind];
	if (s->ngrids == 0) {
		sweep_say("sweep", "give at least one --grid");
		return EXIT_USAGE;
	}
	if (s->out == NULL || strcmp(s->out, "-") == 0) {
		sweep_say("sweep", "give -o FILE.csv: a sweep writes a file it can "
		    "resume");
		return EXIT_USAGE;
	}
	if (s->quantiles != NULL && s->nsamples == 0) {
		sweep_say("sweep", "--quantiles goes with --samples N");
		return EXIT_USAGE;
	}
	if (s->nsamples > 0 && s->summary != NULL) {
		sweep_say("sweep", "--summary reads a sweep's values, not the "
		    "quantiles --samples writes; summarise the p50 or mean rows "
		    "yourself, or sweep without --samples");
		return EXIT_USAGE;
	}
	if (s->nsamples > 0 && sample_stats_parse(s->quantiles,
	    &s->stats) == -1)
		return EXIT_USAGE;
	return -1;
}

/* Outputs written, dimensions, points and this shard's slice. */
static int
sweep_plan(struct sweep *s)
{
	if (s->noutnames == 0) {
		s->nsel = s->sc->noutputs;
		s->sel = xcalloc(s->nsel + 1, sizeof *s->sel);
		for (size_t k = 0; k < s->nsel; k++)
			s->sel[k] = k;
	} else {
		s->sel = xcalloc(s->noutnames, sizeof *s->sel);
		for (size_t k = 0; k < s->noutnames; k++) {
			long	o = scenario_output(s->sc, s->outnames[k]);

			if (o < 0) {
				sweep_say("sweep", "--output %s: the scenario has no "
				    "such output", s->outnames[k]);
				return EXIT_USAGE;
			}
			s->sel[s->nsel++] = (size_t)o;
		}
	}
	if (s->summary != NULL) {
		long	o = scenario_output(s->sc, s->summary);
		bool	in = false;

		for (size_t k = 0; o >= 0 && k < s->nsel; k++)
			in |= (long)s->sel[k] == o;
		if (o < 0 || !in || (s->totals_only &&
		    s->sc->outputs[o].total == TOTAL_NONE)) {
			sweep_say("sweep", "--summary %s: %s", s->summary, o < 0 ?
			    "the scenario has no such output" : !in ?
			    "the sweep must write its rows (--output)" :
			    "it has no total across areas");
			return EXIT_USAGE;
		}
	}
	s->dims = xcalloc(s->ngrids, sizeof *s->dims);
	for (size_t i = 0; i < s->ngrids; i++) {
		for (size_t j = 0; j < s->ndims; j++)
			if (strncmp(s->dims[j].name, s->grids[i],
			    strlen(s->dims[j].name)) == 0 &&
			    (s->grids[i][strlen(s->dims[j].name)] == '=' ||
			    s->grids[i][strlen(s->dims[j].name)] == '\0')) {
				sweep_say("sweep", "--grid %s: %s is swept already",
				    s->grids[i], s->dims[j].name);
				return EXIT_USAGE;
			}
		if (parse_grid(s, s->grids[i], &s->dims[s->ndims]) == -1) {
			free(s->dims[s->ndims].name);
			for (size_t k = 0; k < s->dims[s->ndims].nvalues; k++)
				free(s->dims[s->ndims].values[k]);
			free(s->dims[s->ndims].values);
			return EXIT_USAGE;
		}
		s->ndims++;
	}
	if (s->lhs > 0) {
		s->total = s->lhs;
		make_lhs(s);
	} else {
		s->total = 1;
		for (size_t d = 0; d < s->ndims; d++) {
			if (s->dims[d].nvalues == 0 || s->total >
			    SWEEP_MAX_POINTS / s->dims[d].nvalues) {
				sweep_say("sweep", "the grid has more than %u points",
				    SWEEP_MAX_POINTS);
				return EXIT_USAGE;
			}
			s->total *= s->dims[d].nvalues;
		}
	}
	if (s->nsamples > 0) {
		size_t	cells = s->totals_only ? (size_t)s->sc->years *
		    s->sc->noutputs : (s->bl->nrows + 1) * (size_t)s->sc->years *
		    s->sc->noutputs;

		if (s->total > SWEEP_MAX_POINTS / s->nsamples) {
			sweep_say("sweep", "%zu points of %zu samples each are "
			    "more than %u runs: take fewer points or samples",
			    s->total, s->nsamples, SWEEP_MAX_POINTS);
			return EXIT_USAGE;
		}
		if (cells > 0 && s->nsamples > SAMPLE_MAX_VALUES / cells) {
			sweep_say("sweep", "--samples %zu would keep %zu numbers "
			    "a point; at most %zu: take fewer samples, or "
			    "--totals-only", s->nsamples, s->nsamples * cells,
			    SAMPLE_MAX_VALUES);
			return EXIT_USAGE;
		}
		if (sample_uncertain(s->sc) == 0)
			sweep_say("sweep", "%s: no assumption declares a "
			    "distribution, so every sample is the central run",
			    s->sc->path);
	}
	s->from = s->total * (s->shard_k - 1) / s->shard_n;
	s->count = s->total * s->shard_k / s->shard_n - s->from;
	s->rows = rows_per_point(s);
	return -1;
}

int
sweep_main(int argc, char **argv)
{
	struct sweep		 s;
	struct diag		 diag = { 0 };
	struct sigaction	 sa, old[3];
	static const int	 sigs[3] = { SIGINT, SIGTERM, SIGHUP };
	FILE			*f = NULL;
	struct flock		 lk;
	long			 have = 0, n;
	int			 rc, fd;

	if ((rc = sweep_parse(&s, argc, argv)) != -1)
		goto out;
	rc = EXIT_INPUT;
	if (cli_load(s.script, s.baseline, 0, &s.lim, &s.sc, &s.bl,
	    &diag) == -1)
		goto out;
	{
		/* the --set values are checked once, before any point */
		struct settings	*st = settings_new(s.sc);
		char		**copy = xcalloc(s.nsets + 1, sizeof *copy);
		int		  bad;

		for (size_t i = 0; i < s.nsets; i++)
			copy[i] = xstrdup(s.sets[i]);
		bad = cli_apply_sets(s.sc, st, copy, s.nsets);
		for (size_t i = 0; i < s.nsets; i++)
			free(copy[i]);
		free(copy);
		settings_free(st);
		if (bad == -1) {
			rc = EXIT_USAGE;
			goto out;
		}
	}
	if ((rc = sweep_plan(&s)) != -1)
		goto out;
	rc = EXIT_INTERNAL;
	if (make_header(&s) == -1)
		goto out;
	make_texts(&s);
	/* no O_TRUNC before the lock: another sweep may be writing it */
	fd = open(s.out, O_RDWR | O_CREAT, 0666);
	if (fd == -1 || (f = fdopen(fd, "r+")) == NULL) {
		sweep_say("sweep", "%s: %s", s.out, strerror(errno));
		if (fd != -1)
			close(fd);
		goto out;
	}
	/*
	 * One writer at a time. An fcntl lock, not flock: it belongs to
	 * this process alone, so the workers forked later do not hold it
	 * and it goes the moment this process does, however it ends.
	 */
	memset(&lk, 0, sizeof lk);
	lk.l_type = F_WRLCK;
	lk.l_whence = SEEK_SET;
	if (fcntl(fd, F_SETLK, &lk) == -1) {
		sweep_say("sweep", "%s: %s", s.out, errno == EAGAIN ||
		    errno == EACCES ? "another lever sweep is writing it" :
		    strerror(errno));
		rc = EXIT_USAGE;
		goto out;
	}
	if (s.resume && (have = resume_points(&s, f)) == -1) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (have == 0) {
		if (ftruncate(fd, 0) == -1 || fseeko(f, 0, SEEK_SET) == -1) {
			sweep_say("sweep", "%s: %s", s.out, strerror(errno));
			goto out;
		}
		fputs(s.header, f);
		fputs(s.columns, f);
		fflush(f);
	} else if (isatty(STDERR_FILENO))
		fprintf(stderr, "lever sweep: resuming after %ld of %zu "
		    "points\n", have, s.count);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;	/* no SA_RESTART: poll returns */
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < nitems(sigs); i++)
		sigaction(sigs[i], &sa, &old[i]);
	n = run_points(&s, f, (size_t)have, &diag);
	for (size_t i = 0; i < nitems(sigs); i++)
		sigaction(sigs[i], &old[i], NULL);
	if (fflush(f) == EOF || fsync(fd) == -1) {
		sweep_say("sweep", "%s: writing failed: %s", s.out, strerror(errno));
		goto out;
	}
	if (n == -1) {
		rc = EXIT_INPUT;
		goto out;
	}
	if (interrupted) {
		sweep_say("sweep", "stopped: %zu of %zu points are in %s, each "
		    "whole; run the same command with --resume to finish",
		    (size_t)have + (size_t)n, s.count, s.out);
		rc = 128 + interrupted;
		goto out;
	}
	rc = EXIT_OK;
	if (s.summary != NULL) {
		fclose(f);
		f = NULL;
		if (summarise(&s, s.summary) == -1)
			rc = EXIT_INTERNAL;
	}
out:
	if (f != NULL)
		fclose(f);
	diag_print(&diag, stderr);
	diag_clear(&diag);
	if (s.bl != NULL)
		texts_free(&s);
	dims_free(&s);
	sample_stats_free(&s.stats);
	free(s.sel);
	free(s.header);
	free(s.columns);
	free(s.sets);
	free(s.grids);
	free(s.outnames);
	baseline_free(s.bl);
	scenario_free(s.sc);
	return rc;
}
