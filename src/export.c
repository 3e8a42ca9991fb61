/*
 * export: CSV, JSON and table writers over one results set. Totals are
 * computed here from results_total; groups are the distinct values of a
 * baseline text column, in order of first appearance.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "chart.h"
#include "dist.h"
#include "export.h"
#include "file.h"
#include "results.h"
#include "scenario.h"
#include "util.h"

/* The areas of each group: distinct values of COL, first-seen order. */
struct groups {
	size_t		  n;
	const char	**name;
	size_t		**rows;
	size_t		 *nrows;
};

static void
groups_build(struct groups *g, const struct baseline *bl, long col)
{
	memset(g, 0, sizeof *g);
	if (col < 0)
		return;
	for (size_t i = 0; i < bl->nrows; i++) {
		const char	*v = baseline_text(bl, i, (size_t)col);
		size_t		 k;

		if (v == NULL)
			v = "(none)";
		for (k = 0; k < g->n; k++)
			if (strcmp(g->name[k], v) == 0)
				break;
		if (k == g->n) {
			g->name = xreallocarray(g->name, g->n + 1,
			    sizeof *g->name);
			g->rows = xreallocarray(g->rows, g->n + 1,
			    sizeof *g->rows);
			g->nrows = xreallocarray(g->nrows, g->n + 1,
			    sizeof *g->nrows);
			g->name[k] = v;
			g->rows[k] = NULL;
			g->nrows[k] = 0;
			g->n++;
		}
		g->rows[k] = xreallocarray(g->rows[k], g->nrows[k] + 1,
		    sizeof **g->rows);
		g->rows[k][g->nrows[k]++] = i;
	}
}

static void
groups_free(struct groups *g)
{
	for (size_t k = 0; k < g->n; k++)
		free(g->rows[k]);
	free(g->rows);
	free(g->nrows);
	free(g->name);
}

/* One tidy row: id, name, calendar year, output, value. */
struct row_sink {
	FILE	*f;
	bool	 first;		/* JSON: no comma before the first row */
	bool	 formulas;	/* CSV: text that looks like a formula as it is */
	const char *option;	/* CSV: the option column's value; NULL: none */
	void	 (*row)(struct row_sink *, const char *, const char *, int,
		    const char *, double);
	/*
	 * CSV: the texts rows repeat, quoted and guarded once: the last
	 * area's "option,id,name," (for the pointers it was made from, so
	 * the strings a row is given must stay put while rows are written:
	 * baseline text, literals, group names) and each output's name
	 * (OUTS, as the scenario has them).
	 */
	const char	 *last_opt, *last_id, *last_name;
	struct buf	  area;
	const struct scenario *sc;
	char		**outs;
	size_t		  next_out;	/* where the next row's output likely is */
};

/* Every area's rows, area by area, year by year, output by output. */
static void
each_area_row(struct row_sink *k, const struct scenario *sc,
    const struct baseline *bl, const struct results *r)
{
	for (size_t i = 0; i < r->nareas; i++)
		for (size_t y = 0; y < r->nyears; y++)
			for (size_t o = 0; o < r->noutputs; o++)
				k->row(k, baseline_text(bl, i, bl->id_col),
				    baseline_text(bl, i, bl->name_col),
				    sc->start + 1 + (int)y, sc->outputs[o].name,
				    *results_at(r, i, y, o));
}

/*
 * A total, with OVER set when it overflowed: beyond the largest double
 * (inf), or a sum of +inf and -inf (NaN where a sum or mean is due).
 */
static double
total_of(const struct results *r, const struct scenario *sc,
    const struct baseline *bl, const size_t *rows, size_t nrows, size_t o,
    size_t y, bool *over)
{
	double	v = results_total(r, sc, bl, rows, nrows, o, y);
	size_t	n = rows != NULL ? nrows : r->nareas;

	*over = isinf(v) || (isnan(v) && n > 0 &&
	    (sc->outputs[o].total == TOTAL_SUM ||
	    sc->outputs[o].total == TOTAL_MEAN));
	return *over ? INFINITY : v;
}

/* TOTAL rows (when ALL) and GROUP rows, for outputs that have a total. */
static void
each_total_row(struct row_sink *k, bool all, const struct scenario *sc,
    const struct baseline *bl, const struct results *r,
    const struct groups *g)
{
	for (size_t y = 0; y < r->nyears; y++)
		for (size_t o = 0; o < r->noutputs; o++) {
			int	year = sc->start + 1 + (int)y;
			double	v;
			bool	over;

			if (sc->outputs[o].total == TOTAL_NONE)
				continue;
			/* an overflow is a row without a value (export_overflow
			 * says which), never a silent 0 */
			v = total_of(r, sc, bl, NULL, 0, o, y, &over);
			if (all && !isnan(v))
				k->row(k, "TOTAL", "All areas", year,
				    sc->outputs[o].name, v);
			for (size_t gi = 0; gi < g->n; gi++) {
				v = total_of(r, sc, bl, g->rows[gi],
				    g->nrows[gi], o, y, &over);
				if (!isnan(v))
					k->row(k, "GROUP", g->name[gi], year,
					    sc->outputs[o].name, v);
			}
		}
}

/* Must S be quoted in a CSV field (a comma, quote, line end, or a space
 * at either end that a reader would trim)? */
static bool
csv_needs_quotes(const char *s)
{
	return strpbrk(s, ",\"\r\n") != NULL || s[0] == ' ' ||
	    (s[0] != '\0' && s[strlen(s) - 1] == ' ');
}

void
export_csv_field(FILE *f, const char *s)
{
	if (s == NULL)
		return;
	if (!csv_needs_quotes(s)) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/*
 * Would a spreadsheet run S as a formula? Text starting with =, +, - or @
 * (or a tab or carriage return before one) that is not a number.
 */
static bool
formula_like(const char *s)
{
	double	v;

	if (s == NULL || strchr("=+-@\t\r", s[0]) == NULL || s[0] == '\0')
		return false;
	return !baseline_parse_number(s, &v);
}

/* A text field of the CSV: a formula-like one starts with ' unless kept. */
void
export_csv_text(FILE *f, const char *s, bool formulas)
{
	if (!formulas && formula_like(s)) {
		char	*t = xasprintf("'%s", s);

		export_csv_field(f, t);
		free(t);
	} else
		export_csv_field(f, s);
}

/* Append TEXT to B as export_csv_text writes it. */
static void
csv_text_buf(struct buf *b, const char *text, bool formulas)
{
	char	*guarded = NULL;

	if (text == NULL)
		return;
	if (!formulas && formula_like(text))
		text = guarded = xasprintf("'%s", text);
	if (!csv_needs_quotes(text))
		buf_adds(b, text);
	else {
		buf_addc(b, '"');
		for (const char *p = text; *p != '\0'; p++) {
			if (*p == '"')
				buf_addc(b, '"');
			buf_addc(b, *p);
		}
		buf_addc(b, '"');
	}
	free(guarded);
}

/* Output OUTPUT's name as written: found where the last row's was. */
static const char *
csv_output(struct row_sink *k, const char *output)
{
	size_t	n = k->sc->noutputs;

	for (size_t j = 0; j < n; j++) {
		size_t	o = (k->next_out + j) % n;

		if (k->sc->outputs[o].name == output) {
			k->next_out = o + 1;
			return k->outs[o];
		}
	}
	return NULL;
}

/* Append the decimal digits of Y to the line at P; the end. */
static char *
put_int(char *p, int y)
{
	char		 d[12];
	int		 n = 0;
	unsigned	 u = y < 0 ? 0u - (unsigned)y : (unsigned)y;

	do
		d[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (y < 0)
		*p++ = '-';
	while (n > 0)
		*p++ = d[--n];
	return p;
}

static void
csv_row(struct row_sink *k, const char *id, const char *name, int year,
    const char *output, double v)
{
	const char	*out = csv_output(k, output);
	char		 line[96], *p;
	size_t		 olen;

	if (k->area.len == 0 || id != k->last_id || name != k->last_name ||
	    k->option != k->last_opt) {
		k->area.len = 0;
		if (k->option != NULL) {
			csv_text_buf(&k->area, k->option, k->formulas);
			buf_addc(&k->area, ',');
		}
		csv_text_buf(&k->area, id, k->formulas);
		buf_addc(&k->area, ',');
		csv_text_buf(&k->area, name, k->formulas);
		buf_addc(&k->area, ',');
		k->last_opt = k->option;
		k->last_id = id;
		k->last_name = name;
	}
	fwrite(k->area.data, 1, k->area.len, k->f);
	/* year, output and value in one write, when the output fits */
	olen = out != NULL ? strlen(out) : SIZE_MAX;
	if (olen > sizeof line - 48) {
		fprintf(k->f, "%d,", year);
		export_csv_field(k->f, output);
		p = line;
		*p++ = ',';
	} else {
		p = put_int(line, year);
		*p++ = ',';
		memcpy(p, out, olen);
		p += olen;
		*p++ = ',';
	}
	/* a total that overflowed has no value (NA to R and pandas) */
	if (isfinite(v)) {
		fmt_double(p, 32, v);
		p += strlen(p);
	}
	*p++ = '\n';
	fwrite(line, 1, (size_t)(p - line), k->f);
}

static void
write_csv(FILE *f, const struct export_opts *o, const struct scenario *sc,
    const struct baseline *bl, const struct results *r,
    const struct groups *g)
{
	struct row_sink	k = { .f = f, .first = true, .formulas = o->formulas,
	    .row = csv_row, .sc = sc };

	k.outs = xcalloc(sc->noutputs + 1, sizeof *k.outs);
	for (size_t j = 0; j < sc->noutputs; j++) {
		struct buf	b = { 0 };

		csv_text_buf(&b, sc->outputs[j].name, true);
		buf_addc(&b, '\0');
		k.outs[j] = b.data;
	}
	if (o->noptions == 0) {
		fputs("id,name,year,output,value\n", f);
		each_area_row(&k, sc, bl, r);
		each_total_row(&k, o->totals, sc, bl, r, g);
	} else {
		/* Still tidy with options: one more column says whose row
		 * it is. */
		fputs("option,id,name,year,output,value\n", f);
		for (size_t i = 0; i < o->noptions; i++) {
			k.option = o->option_names[i];
			each_area_row(&k, sc, bl, o->option_results[i]);
			each_total_row(&k, o->totals, sc, bl,
			    o->option_results[i], g);
		}
	}
	for (size_t j = 0; j < sc->noutputs; j++)
		free(k.outs[j]);
	free(k.outs);
	buf_free(&k.area);
}

static void
json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s != NULL && *s != '\0'; s++) {
		unsigned char	c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void
json_number(FILE *f, double v)
{
	char	num[32];

	if (isfinite(v))
		fputs(fmt_double(num, sizeof num, v), f);
	else
		fputs("null", f);
}

static void
json_row(struct row_sink *k, const char *id, const char *name, int year,
    const char *output, double v)
{
	FILE	*f = k->f;

	fputs(k->first ? "\n    {\"id\": " : ",\n    {\"id\": ", f);
	k->first = false;
	json_string(f, id);
	fputs(", \"name\": ", f);
	json_string(f, name);
	fprintf(f, ", \"year\": %d, \"output\": ", year);
	json_string(f, output);
	fputs(", \"value\": ", f);
	json_number(f, v);
	fputc('}', f);
}

/* A member after an object's first: , "KEY": and the string or number. */
static void
json_str_member(FILE *f, const char *key, const char *s)
{
	fprintf(f, ", \"%s\": ", key);
	json_string(f, s);
}

static void
json_num_member(FILE *f, const char *key, double v)
{
	fprintf(f, ", \"%s\": ", key);
	json_number(f, v);
}

/* A split lever's parts as an object, each with its share in VALUES. */
static void
json_parts(FILE *f, const struct lever *lv, const double *values)
{
	fputc('{', f);
	for (size_t j = 0; j < lv->nparts; j++) {
		fputs(j ? ", " : "", f);
		json_string(f, lv->parts[j]);
		fputs(": ", f);
		json_number(f, values[j]);
	}
	fputc('}', f);
}

/* The start of a declaration's object: its name and label. */
static void
json_named(FILE *f, const char *name, const char *label)
{
	fputs("{\"name\": ", f);
	json_string(f, name);
	json_str_member(f, "label", label);
}

static void
json_lever(FILE *f, const struct lever *lv, const struct lever_value *v)
{
	json_named(f, lv->name, lv->label);
	fprintf(f, ", \"kind\": \"%s\"", scenario_kind_name(lv->kind));
	json_str_member(f, "group", lv->group);
	json_str_member(f, "unit", lv->unit);
	fputs(", \"value\": ", f);
	switch (lv->kind) {
	case LEVER_SLIDER:
		json_number(f, v->num);
		json_num_member(f, "min", lv->min);
		json_num_member(f, "max", lv->max);
		json_num_member(f, "default", lv->def);
		break;
	case LEVER_CHOICE:
		json_string(f, lv->options[v->choice]);
		fputs(", \"options\": [", f);
		for (size_t j = 0; j < lv->noptions; j++) {
			if (j)
				fputs(", ", f);
			json_string(f, lv->options[j]);
		}
		fputs("], \"default\": ", f);
		json_string(f, lv->options[lv->def_option]);
		break;
	case LEVER_TOGGLE:
		fputs(v->on ? "true" : "false", f);
		fputs(lv->def_on ? ", \"default\": true" :
		    ", \"default\": false", f);
		break;
	case LEVER_SPLIT:
		json_parts(f, lv, v->parts);
		fputs(", \"default\": ", f);
		json_parts(f, lv, lv->def_parts);
		break;
	}
	fputc('}', f);
}

/* An assumption's distribution (dist.h), when it has one. */
static void
json_distribution(FILE *f, const struct distribution *d)
{
	const struct dist_info	*k = dist_info(d->kind);

	if (d->kind == DIST_NONE)
		return;
	fprintf(f, ", \"distribution\": {\"kind\": \"%s\"", k->name);
	for (size_t i = 0; i < k->nparams; i++)
		json_num_member(f, k->params[i], d->p[i]);
	if (d->kind == DIST_EMPIRICAL) {
		fputs(", \"values\": [", f);
		for (size_t i = 0; i < d->nvalues; i++) {
			if (i > 0)
				fputs(", ", f);
			json_number(f, d->values[i]);
		}
		fputc(']', f);
	}
	fputc('}', f);
}

static void
write_json(FILE *f, const struct scenario *sc, const struct settings *st,
    const struct baseline *bl, const struct results *r,
    const struct groups *g)
{
	struct row_sink	k = { .f = f, .first = true, .formulas = true,
	    .row = json_row };

	fputs("{\n  \"scenario\": {\"title\": ", f);
	json_string(f, sc->title);
	json_str_member(f, "path", sc->path);
	json_str_member(f, "baseline", bl->path);
	fprintf(f, ", \"start\": %d, \"years\": %d, \"areas\": %zu, "
	    "\"seed\": %llu},\n", sc->start, sc->years, bl->nrows,
	    (unsigned long long)st->seed);
	fputs("  \"levers\": [", f);
	for (size_t i = 0; i < sc->nlevers; i++) {
		fputs(i ? ",\n    " : "\n    ", f);
		json_lever(f, &sc->levers[i], &st->levers[i]);
	}
	fputs("\n  ],\n  \"assumptions\": [", f);
	for (size_t i = 0; i < sc->nassumptions; i++) {
		const struct assumption	*a = &sc->assumptions[i];

		fputs(i ? ",\n    " : "\n    ", f);
		json_named(f, a->name, a->label);
		json_num_member(f, "value", st->assumptions[i]);
		json_num_member(f, "default", a->value);
		json_str_member(f, "unit", a->unit);
		json_str_member(f, "source", a->source);
		json_distribution(f, &a->dist);
		fputc('}', f);
	}
	fputs("\n  ],\n  \"outputs\": [", f);
	for (size_t i = 0; i < sc->noutputs; i++) {
		const struct output	*out = &sc->outputs[i];

		fputs(i ? ",\n    " : "\n    ", f);
		json_named(f, out->name, out->label);
		json_str_member(f, "unit", out->unit);
		fprintf(f, ", \"total\": \"%s\"",
		    scenario_total_name(out->total));
		if (out->weight != NULL)
			json_str_member(f, "weight", out->weight);
		fputc('}', f);
	}
	fputs("\n  ],\n  \"results\": [", f);
	each_area_row(&k, sc, bl, r);
	fputs("\n  ],\n  \"totals\": [", f);
	k.first = true;
	each_total_row(&k, true, sc, bl, r, g);
	fputs("\n  ]\n}\n", f);
}

/* A number for people: 1.23bn, 45.60m, 12345, 0.925; below 1e-6, 0. */
static char *
human(char *out, size_t len, double v, double scale)
{
	double	a;

	if (isnan(v))
		snprintf(out, len, "-");
	else if (isinf(v))
		snprintf(out, len, "overflow");
	else if ((a = fabs(chart_denoise(v, scale))) == 0)
		snprintf(out, len, "0");	/* rounding noise too */
	else if (a >= 1e9)
		snprintf(out, len, "%.2fbn", v / 1e9);
	else if (a >= 1e6)
		snprintf(out, len, "%.2fm", v / 1e6);
	else if (a >= 1e4)
		snprintf(out, len, "%.0f", v);
	else	/* never in scientific notation */
		chart_number(out, len, v, NULL, false);
	return out;
}

/*
 * A total for display: a sum that cancels to within rounding error of its
 * terms (a sum of tariffs and top-ups, say) shows as 0, not 4.4e-06.
 */
static double
display_total(const struct results *r, const struct scenario *sc,
    const struct baseline *bl, size_t k, size_t y)
{
	double	v, mag = 0;
	bool	over;

	v = total_of(r, sc, bl, NULL, 0, k, y, &over);
	if (sc->outputs[k].total != TOTAL_SUM || !isfinite(v))
		return v;
	for (size_t i = 0; i < r->nareas; i++)
		mag += fabs(*results_at(r, i, y, k));
	return fabs(v) <= mag * 1e-12 ? 0 : v;
}

static void
write_table(FILE *f, const struct scenario *sc, const struct settings *st,
    const struct baseline *bl, const struct results *r)
{
	enum { COLW = 13, PERBLOCK = 5 };
	char	num[32], *title, *path;

	/* a table is for a terminal: script and baseline text made safe */
	title = safe_text(sc->title, 0);
	path = safe_text(bl->path, 0);
	fprintf(f, "%s\n%zu areas from %s, %d-%d\n", title, bl->nrows,
	    path, sc->start + 1, sc->start + sc->years);
	free(title);
	free(path);
	for (size_t i = 0; i < sc->nlevers; i++) {
		char	*v = settings_format(sc, st, i), *sv = safe_text(v, 0);
		char	*label = safe_text(sc->levers[i].label, 0);

		fprintf(f, "  %-28.28s %s\n", label, sv);
		free(label);
		free(sv);
		free(v);
	}
	for (size_t k0 = 0; k0 < r->noutputs; k0 += PERBLOCK) {
		size_t	k1 = k0 + PERBLOCK < r->noutputs ? k0 + PERBLOCK :
		    r->noutputs;

		fprintf(f, "\n%-6s", "year");
		for (size_t k = k0; k < k1; k++)
			fprintf(f, " %*.*s", COLW, COLW, sc->outputs[k].name);
		fprintf(f, "\n%-6s", "");
		for (size_t k = k0; k < k1; k++) {
			static const char *const how[] = { "sum", "mean",
			    "w.mean", "" };
			char	unit[64];

			char	*u = safe_text(sc->outputs[k].unit, 0);

			snprintf(unit, sizeof unit, "%s %s",
			    how[sc->outputs[k].total], u);
			free(u);
			fprintf(f, " %*.*s", COLW, COLW, unit);
		}
		fputc('\n', f);
		for (size_t y = 0; y < r->nyears; y++) {
			fprintf(f, "%-6d", sc->start + 1 + (int)y);
			for (size_t k = k0; k < k1; k++) {
				/* noise is judged against the column's
				 * largest total */
				double	scale = 0;

				for (size_t t = 0; t < r->nyears; t++) {
					double	x = fabs(display_total(r, sc,
					    bl, k, t));

					if (isfinite(x) && x > scale)
						scale = x;
				}
				fprintf(f, " %*s", COLW, human(num, sizeof num,
				    display_total(r, sc, bl, k, y), scale));
			}
			fputc('\n', f);
		}
	}
}

char *
export_overflow(const struct export_opts *eo, const struct scenario *sc,
    const struct baseline *bl, const struct results *r)
{
	struct groups	 g;
	char		*msg = NULL;
	size_t		 n = 0;
	bool		 over;

	groups_build(&g, bl, eo->format == FORMAT_CSV ? eo->group_col : -1);
	for (size_t o = 0; o < r->noutputs; o++)
		for (size_t y = 0; y < r->nyears; y++) {
			if (sc->outputs[o].total == TOTAL_NONE)
				continue;
			for (size_t gi = 0; gi <= g.n; gi++) {
				if (gi == g.n && eo->format == FORMAT_CSV &&
				    !eo->totals)
					continue;
				total_of(r, sc, bl, gi < g.n ? g.rows[gi] :
				    NULL, gi < g.n ? g.nrows[gi] : 0, o, y,
				    &over);
				if (over && n++ == 0)
					msg = xasprintf("output '%s': the %s "
					    "for %s in %d is beyond the "
					    "largest number (over 1.8e308)",
					    sc->outputs[o].name,
					    sc->outputs[o].total == TOTAL_SUM ?
					    "total" : "mean", gi < g.n ?
					    g.name[gi] : "all areas",
					    sc->start + 1 + (int)y);
			}
		}
	groups_free(&g);
	if (n > 1) {
		char	*all = xasprintf("%s, and %zu more totals overflow",
			    msg, n - 1);

		free(msg);
		msg = all;
	}
	if (msg != NULL) {
		char	*all = xasprintf("%s; %s", msg, eo->format ==
			    FORMAT_TABLE ? "shown as 'overflow'" :
			    eo->format == FORMAT_JSON ? "written as null" :
			    "written with no value");

		free(msg);
		msg = all;
	}
	return msg;
}

int
export_write(FILE *f, const struct export_opts *o, const struct scenario *sc,
    const struct settings *st, const struct baseline *bl,
    const struct results *r)
{
	struct groups	g;

	if (o->write != NULL)
		return o->write(f, o->write_arg) == -1 || fflush(f) == EOF ||
		    ferror(f) ? -1 : 0;
	groups_build(&g, bl, o->group_col);
	switch (o->format) {
	case FORMAT_CSV:
		write_csv(f, o, sc, bl, r, &g);
		break;
	case FORMAT_JSON:
		write_json(f, sc, st, bl, r, &g);
		break;
	case FORMAT_TABLE:
		write_table(f, sc, st, bl, r);
		break;
	}
	groups_free(&g);
	if (fflush(f) == EOF || ferror(f))
		return -1;
	return 0;
}

/* Write to the pipe or device PATH (lever run -o /dev/stdout, a FIFO). */
static int
export_special(const char *path, const struct export_opts *o,
    const struct scenario *sc, const struct settings *st,
    const struct baseline *bl, const struct results *r, char **cause)
{
	FILE	*f;
	int	 fd;

	/* O_NONBLOCK: a FIFO nobody reads is an error, not a wait */
	if ((fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC)) == -1) {
		*cause = xasprintf("%s: cannot write: %s", path, errno == ENXIO ?
		    "it is a pipe that no program is reading" :
		    strerror(errno));
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	if ((f = fdopen(fd, "w")) == NULL) {
		*cause = xasprintf("%s: cannot write: %s", path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	if (export_write(f, o, sc, st, bl, r) == -1) {
		*cause = xasprintf("%s: writing the results failed: %s",
		    path, strerror(errno));
		fclose(f);
		return -1;
	}
	if (fclose(f) == EOF) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Write to PATH through a temporary file beside it, renamed when complete,
 * so a failure never leaves half a file. A file replaced keeps its mode
 * (and group, where the user may set it); a new one gets the umask's mode.
 * Devices and pipes (/dev/stdout, a FIFO) are written directly, never
 * replaced, and only when O->special allows them: the screen never does.
 */
/* What export_file hands file_write_atomic to write. */
struct export_args {
	const struct export_opts	*o;
	const struct scenario		*sc;
	const struct settings		*st;
	const struct baseline		*bl;
	const struct results		*r;
};

static int
export_fill(FILE *f, void *arg)
{
	const struct export_args	*a = arg;

	return export_write(f, a->o, a->sc, a->st, a->bl, a->r);
}

int
export_file(const char *path, const struct export_opts *o,
    const struct scenario *sc, const struct settings *st,
    const struct baseline *bl, const struct results *r, char **cause)
{
	struct export_args	 a = { o, sc, st, bl, r };
	struct stat		 sb;
	bool			 have;
	int			 rc;

	*cause = NULL;
	have = stat(path, &sb) == 0;
	if (have && !S_ISREG(sb.st_mode)) {
		if (o->special && !S_ISDIR(sb.st_mode))
			return export_special(path, o, sc, st, bl, r, cause);
		*cause = xasprintf("%s: not a regular file (%s); give the name "
		    "of a file to write", path, S_ISDIR(sb.st_mode) ?
		    "a folder" : "a pipe, device or socket");
		return -1;
	}
	if ((rc = file_write_atomic(path, FILE_KEEP_MODE, export_fill,
	    &a)) == FILE_NOT_MADE)
		*cause = xasprintf("%s: cannot write: %s", path,
		    strerror(errno));
	else if (rc == FILE_NOT_WRITTEN)
		*cause = xasprintf("%s: writing failed (%s); nothing was "
		    "written", path, strerror(errno));
	return rc == 0 ? 0 : -1;
}
