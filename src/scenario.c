/*
 * scenario: the declarations as C data (freed, copied and compared through
 * one table of fields a struct, which the wire format goes through too),
 * and settings (lever and assumption values) with the rules for changing
 * them: ranges, options, and the proportional rebalancing of split levers.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "util.h"

/*
 * The fields tables (scenario.h). An enum field is read and written as an
 * unsigned int: every enum here has no negative value.
 */
_Static_assert(sizeof(enum lever_kind) == sizeof(unsigned) &&
    sizeof(enum dist_kind) == sizeof(unsigned) &&
    sizeof(enum total_kind) == sizeof(unsigned) &&
    sizeof(enum better) == sizeof(unsigned), "enum fields as unsigned");

#define ONE(k, s, m)	{ .kind = (k), .off = offsetof(struct s, m) }
#define ENUM(s, m, top)	{ .kind = FIELD_ENUM, .off = offsetof(struct s, m), \
			    .max = (top) }
#define MANY(k, s, m, n) { .kind = (k), .off = offsetof(struct s, m), \
			    .count = offsetof(struct s, n) }

static const struct scenario_field top_table[] = {
	ONE(FIELD_STR, scenario, path),
	ONE(FIELD_STR, scenario, title),
	ONE(FIELD_STR, scenario, description),
	ONE(FIELD_STR_OPT, scenario, baseline),
	ONE(FIELD_STR, scenario, id_col),
	ONE(FIELD_STR, scenario, name_col),
	ONE(FIELD_INT, scenario, start),
	ONE(FIELD_INT, scenario, years),
	ONE(FIELD_BOOL, scenario, has_settle)
};

static const struct scenario_field lever_table[] = {
	ONE(FIELD_STR, lever, name),
	ONE(FIELD_STR, lever, label),
	ONE(FIELD_STR, lever, group),
	ONE(FIELD_STR, lever, description),
	ONE(FIELD_STR, lever, unit),
	ENUM(lever, kind, LEVER_SPLIT),
	ONE(FIELD_INT, lever, line),
	ONE(FIELD_BOOL, lever, percent),
	ONE(FIELD_NUM, lever, min),
	ONE(FIELD_NUM, lever, max),
	ONE(FIELD_NUM, lever, step),
	ONE(FIELD_NUM, lever, def),
	MANY(FIELD_STRS, lever, options, noptions),
	ONE(FIELD_SIZE, lever, def_option),
	ONE(FIELD_BOOL, lever, def_on),
	{ .kind = FIELD_PARTS, .off = offsetof(struct lever, parts),
	    .count = offsetof(struct lever, nparts),
	    .shares = offsetof(struct lever, def_parts) }
};

static const struct scenario_field assumption_table[] = {
	ONE(FIELD_STR, assumption, name),
	ONE(FIELD_STR, assumption, label),
	ONE(FIELD_STR, assumption, unit),
	ONE(FIELD_STR, assumption, source),
	ONE(FIELD_STR, assumption, description),
	ONE(FIELD_NUM, assumption, value),
	ONE(FIELD_INT, assumption, line),
	ENUM(assumption, dist.kind, DIST_EMPIRICAL),
	ONE(FIELD_NUM, assumption, dist.p[0]),
	ONE(FIELD_NUM, assumption, dist.p[1]),
	ONE(FIELD_NUM, assumption, dist.p[2]),
	MANY(FIELD_NUMS, assumption, dist.values, dist.nvalues)
};

static const struct scenario_field output_table[] = {
	ONE(FIELD_STR, output, name),
	ONE(FIELD_STR, output, label),
	ONE(FIELD_STR, output, unit),
	ONE(FIELD_STR, output, description),
	ENUM(output, total, TOTAL_NONE),
	ONE(FIELD_STR_OPT, output, weight),
	ENUM(output, better, BETTER_NEITHER),
	ONE(FIELD_STR_OPT, output, estimate),
	ONE(FIELD_INT, output, line)
};

#undef ONE
#undef ENUM
#undef MANY

const struct scenario_fields scenario_top_fields = { top_table,
    nitems(top_table) };
const struct scenario_fields scenario_lever_fields = { lever_table,
    nitems(lever_table) };
const struct scenario_fields scenario_assumption_fields = { assumption_table,
    nitems(assumption_table) };
const struct scenario_fields scenario_output_fields = { output_table,
    nitems(output_table) };

/* The field OFF bytes into the struct at P; how many array field F holds. */
static void *
field_at(const void *p, size_t off)
{
	return (char *)p + off;
}

static size_t
field_count(const void *p, const struct scenario_field *f)
{
	return *(const size_t *)field_at(p, f->count);
}

static void
free_strs(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* What the fields of the struct at P own. */
static void
free_fields(const struct scenario_fields *t, void *p)
{
	for (const struct scenario_field *f = t->f; f < t->f + t->n; f++) {
		void	*x = field_at(p, f->off);

		switch (f->kind) {
		case FIELD_STR:
		case FIELD_STR_OPT:
			free(*(char **)x);
			break;
		case FIELD_STRS:
			free_strs(*(char ***)x, field_count(p, f));
			break;
		case FIELD_NUMS:
			free(*(double **)x);
			break;
		case FIELD_PARTS:
			free_strs(*(char ***)x, field_count(p, f));
			free(*(double **)field_at(p, f->shares));
			break;
		default:
			break;
		}
	}
}

/* N structs of SIZE at P, each with what its fields own. */
static void
free_array(const struct scenario_fields *t, void *p, size_t n, size_t size)
{
	for (size_t i = 0; i < n; i++)
		free_fields(t, (char *)p + i * size);
	free(p);
}

void
scenario_free(struct scenario *sc)
{
	if (sc == NULL)
		return;
	free_array(&scenario_lever_fields, sc->levers, sc->nlevers,
	    sizeof *sc->levers);
	free_array(&scenario_assumption_fields, sc->assumptions,
	    sc->nassumptions, sizeof *sc->assumptions);
	free_array(&scenario_output_fields, sc->outputs, sc->noutputs,
	    sizeof *sc->outputs);
	free_strs(sc->modules, sc->nmodules);
	free_fields(&scenario_top_fields, sc);
	free(sc);
}

/* Copying and comparing declarations, field by field. */

static char *
copy_str(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static char **
copy_strs(char *const *v, size_t n)
{
	char	**to = n > 0 ? xcalloc(n, sizeof *to) : NULL;

	for (size_t i = 0; i < n; i++)
		to[i] = copy_str(v[i]);
	return to;
}

static double *
copy_nums(const double *v, size_t n)
{
	double	*to = n > 0 ? xcalloc(n, sizeof *to) : NULL;

	if (n > 0)
		memcpy(to, v, n * sizeof *to);
	return to;
}

/* Make TO, a shallow copy of FROM, own copies of what FROM's fields own. */
static void
copy_fields(const struct scenario_fields *t, void *to, const void *from)
{
	for (const struct scenario_field *f = t->f; f < t->f + t->n; f++) {
		void	*y = field_at(to, f->off);
		void	*x = field_at(from, f->off);

		switch (f->kind) {
		case FIELD_STR:
		case FIELD_STR_OPT:
			*(char **)y = copy_str(*(char **)x);
			break;
		case FIELD_STRS:
			*(char ***)y = copy_strs(*(char ***)x,
			    field_count(from, f));
			break;
		case FIELD_NUMS:
			*(double **)y = copy_nums(*(double **)x,
			    field_count(from, f));
			break;
		case FIELD_PARTS:
			*(char ***)y = copy_strs(*(char ***)x,
			    field_count(from, f));
			*(double **)field_at(to, f->shares) = copy_nums(
			    *(double **)field_at(from, f->shares),
			    field_count(from, f));
			break;
		default:
			break;
		}
	}
}

/* A deep copy of N structs of SIZE at FROM. */
static void *
copy_array(const struct scenario_fields *t, const void *from, size_t n,
    size_t size)
{
	char	*to = n > 0 ? xcalloc(n, size) : NULL;

	for (size_t i = 0; i < n; i++) {
		memcpy(to + i * size, (const char *)from + i * size, size);
		copy_fields(t, to + i * size, (const char *)from + i * size);
	}
	return to;
}

struct scenario *
scenario_copy(const struct scenario *from)
{
	struct scenario	*sc = xcalloc(1, sizeof *sc);

	*sc = *from;
	copy_fields(&scenario_top_fields, sc, from);
	sc->levers = copy_array(&scenario_lever_fields, from->levers,
	    from->nlevers, sizeof *sc->levers);
	sc->assumptions = copy_array(&scenario_assumption_fields,
	    from->assumptions, from->nassumptions, sizeof *sc->assumptions);
	sc->outputs = copy_array(&scenario_output_fields, from->outputs,
	    from->noutputs, sizeof *sc->outputs);
	/* (NULL-terminated, as the wire reader leaves them) */
	if (from->modules != NULL) {
		sc->modules = xcalloc(from->nmodules + 1, sizeof *sc->modules);
		for (size_t i = 0; i < from->nmodules; i++)
			sc->modules[i] = copy_str(from->modules[i]);
	}
	return sc;
}

static bool
same_str(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

static bool
same_strs(char *const *a, char *const *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!same_str(a[i], b[i]))
			return false;
	return true;
}

/* The same bits: NaN is NaN, and -0 is not 0 (as on the wire). */
static bool
same_nums(const double *a, const double *b, size_t n)
{
	return n == 0 || memcmp(a, b, n * sizeof *a) == 0;
}

static bool
same_field(const struct scenario_field *f, const void *a, const void *b)
{
	const void	*x = field_at(a, f->off), *y = field_at(b, f->off);
	size_t		 n;

	switch (f->kind) {
	case FIELD_STR:
	case FIELD_STR_OPT:
		return same_str(*(char *const *)x, *(char *const *)y);
	case FIELD_INT:
		return *(const int *)x == *(const int *)y;
	case FIELD_BOOL:
		return *(const bool *)x == *(const bool *)y;
	case FIELD_ENUM:
		return *(const unsigned *)x == *(const unsigned *)y;
	case FIELD_SIZE:
		return *(const size_t *)x == *(const size_t *)y;
	case FIELD_NUM:
		return same_nums(x, y, 1);
	case FIELD_STRS:
	case FIELD_NUMS:
	case FIELD_PARTS:
		if ((n = field_count(a, f)) != field_count(b, f))
			return false;
		if (f->kind == FIELD_NUMS)
			return same_nums(*(double *const *)x,
			    *(double *const *)y, n);
		return same_strs(*(char **const *)x, *(char **const *)y, n) &&
		    (f->kind != FIELD_PARTS || same_nums(
		    *(double *const *)field_at(a, f->shares),
		    *(double *const *)field_at(b, f->shares), n));
	}
	return false;
}

static bool
same_fields(const struct scenario_fields *t, const void *a, const void *b)
{
	for (const struct scenario_field *f = t->f; f < t->f + t->n; f++)
		if (!same_field(f, a, b))
			return false;
	return true;
}

/* N structs of SIZE at A and at B, field by field. */
static bool
same_array(const struct scenario_fields *t, const void *a, const void *b,
    size_t n, size_t size)
{
	for (size_t i = 0; i < n; i++)
		if (!same_fields(t, (const char *)a + i * size,
		    (const char *)b + i * size))
			return false;
	return true;
}

bool
scenario_equal(const struct scenario *a, const struct scenario *b)
{
	return same_fields(&scenario_top_fields, a, b) &&
	    a->nlevers == b->nlevers && a->nassumptions == b->nassumptions &&
	    a->noutputs == b->noutputs && a->nmodules == b->nmodules &&
	    same_strs(a->modules, b->modules, a->nmodules) &&
	    same_array(&scenario_lever_fields, a->levers, b->levers,
	    a->nlevers, sizeof *a->levers) &&
	    same_array(&scenario_assumption_fields, a->assumptions,
	    b->assumptions, a->nassumptions, sizeof *a->assumptions) &&
	    same_array(&scenario_output_fields, a->outputs, b->outputs,
	    a->noutputs, sizeof *a->outputs);
}

const char *
scenario_kind_name(enum lever_kind k)
{
	static const char *const names[] = { "slider", "choice", "toggle",
	    "split" };

	return names[k];
}

const char *
scenario_total_name(enum total_kind k)
{
	static const char *const names[] = { "sum", "mean", "weighted mean",
	    "none" };

	return names[k];
}

long
scenario_lever(const struct scenario *sc, const char *name)
{
	for (size_t i = 0; i < sc->nlevers; i++)
		if (strcmp(sc->levers[i].name, name) == 0)
			return (long)i;
	return -1;
}

long
scenario_assumption(const struct scenario *sc, const char *name)
{
	for (size_t i = 0; i < sc->nassumptions; i++)
		if (strcmp(sc->assumptions[i].name, name) == 0)
			return (long)i;
	return -1;
}

long
scenario_output(const struct scenario *sc, const char *name)
{
	for (size_t i = 0; i < sc->noutputs; i++)
		if (strcmp(sc->outputs[i].name, name) == 0)
			return (long)i;
	return -1;
}

char *
scenario_baseline_path(const struct scenario *sc)
{
	const char	*slash;

	if (sc->baseline == NULL)
		return NULL;
	if (sc->baseline[0] == '/' || (slash = strrchr(sc->path, '/')) == NULL)
		return xstrdup(sc->baseline);
	return xasprintf("%.*s/%s", (int)(slash - sc->path), sc->path,
	    sc->baseline);
}

/*
 * Is REAL (a resolved path) ROOT itself or below it, with no component
 * below ROOT starting with '.' (no dot files or dot folders: ~/.ssh)?
 */
static bool
below(const char *real, const char *root)
{
	size_t	n = strlen(root);

	if (n > 1 && root[n - 1] == '/')
		n--;
	if (strncmp(real, root, n) != 0 || (real[n] != '/' &&
	    !(n == 1 && root[0] == '/')))
		return false;
	for (const char *p = real + n; *p != '\0'; p++)
		if (*p == '/' && p[1] == '.')
			return false;
	return true;
}

char *
scenario_open_path(const char *script, const char *name, char **cause)
{
	char		 sdir[PATH_MAX], real[PATH_MAX], data[PATH_MAX];
	char		*joined, *slash;
	const char	*roots[] = { sdir, LEVER_PKGDATADIR };

	*cause = NULL;
	if (realpath(script, sdir) == NULL) {
		*cause = xasprintf("%s: %s", script, strerror(errno));
		return NULL;
	}
	if ((slash = strrchr(sdir, '/')) != NULL)
		slash[slash == sdir ? 1 : 0] = '\0';
	joined = name[0] == '/' ? xstrdup(name) : xasprintf("%s/%s", sdir,
	    name);
	if (realpath(joined, real) == NULL)
		return joined;		/* the loader says what is wrong */
	for (size_t i = 0; i < nitems(roots); i++) {
		const char	*root = roots[i];

		if (i > 0 && realpath(roots[i], data) == NULL)
			continue;
		if (i > 0)
			root = data;
		if (below(real, root))
			return joined;
	}
	*cause = xasprintf("'%s' (%s) is %s the script's folder %s; a "
	    "script may only make lever open files in its own folder and "
	    "the folders below it (no hidden ones), or in lever's data "
	    "folder. If you trust this file, name it on the command line: "
	    "--baseline %s", name, real, strncmp(real, sdir, strlen(sdir)) == 0 &&
	    real[strlen(sdir)] == '/' ? "hidden in" : "outside",
	    sdir, real);
	free(joined);
	return NULL;
}

struct settings *
settings_new(const struct scenario *sc)
{
	struct settings	*st = xcalloc(1, sizeof *st);

	st->nlevers = sc->nlevers;
	st->levers = xcalloc(sc->nlevers, sizeof *st->levers);
	for (size_t i = 0; i < sc->nlevers; i++) {
		const struct lever	*lv = &sc->levers[i];
		struct lever_value	*v = &st->levers[i];

		v->num = lv->def;
		v->choice = lv->def_option;
		v->on = lv->def_on;
		if (lv->kind == LEVER_SPLIT) {
			v->parts = xcalloc(lv->nparts, sizeof *v->parts);
			memcpy(v->parts, lv->def_parts,
			    lv->nparts * sizeof *v->parts);
		}
	}
	st->nassumptions = sc->nassumptions;
	st->assumptions = xcalloc(sc->nassumptions, sizeof *st->assumptions);
	for (size_t i = 0; i < sc->nassumptions; i++)
		st->assumptions[i] = sc->assumptions[i].value;
	st->seed = 1;
	return st;
}

struct settings *
settings_copy(const struct scenario *sc, const struct settings *from)
{
	struct settings	*st = settings_new(sc);

	for (size_t i = 0; i < sc->nlevers; i++) {
		double	*parts = st->levers[i].parts;

		st->levers[i] = from->levers[i];
		st->levers[i].parts = parts;
		if (parts != NULL)
			memcpy(parts, from->levers[i].parts,
			    sc->levers[i].nparts * sizeof *parts);
	}
	memcpy(st->assumptions, from->assumptions,
	    sc->nassumptions * sizeof *st->assumptions);
	st->seed = from->seed;
	return st;
}

void
settings_free(struct settings *st)
{
	if (st == NULL)
		return;
	for (size_t i = 0; i < st->nlevers; i++)
		free(st->levers[i].parts);
	free(st->levers);
	free(st->assumptions);
	free(st);
}

bool
settings_lever_differs(const struct scenario *sc, const struct settings *a,
    const struct settings *b, size_t i)
{
	const struct lever		*lv = &sc->levers[i];
	const struct lever_value	*x = &a->levers[i], *y = &b->levers[i];

	switch (lv->kind) {
	case LEVER_SLIDER:
		return x->num != y->num;
	case LEVER_CHOICE:
		return x->choice != y->choice;
	case LEVER_TOGGLE:
		return x->on != y->on;
	case LEVER_SPLIT:
		for (size_t j = 0; j < lv->nparts; j++)
			if (x->parts[j] != y->parts[j])
				return true;
		return false;
	}
	return false;
}

bool
settings_equal(const struct scenario *sc, const struct settings *a,
    const struct settings *b)
{
	for (size_t i = 0; i < sc->nlevers; i++)
		if (settings_lever_differs(sc, a, b, i))
			return false;
	for (size_t i = 0; i < sc->nassumptions; i++)
		if (a->assumptions[i] != b->assumptions[i])
			return false;
	return a->seed == b->seed;
}

bool
settings_finite(const struct scenario *sc, const struct settings *st)
{
	for (size_t i = 0; i < sc->nlevers; i++) {
		if (!isfinite(st->levers[i].num))
			return false;
		for (size_t j = 0; sc->levers[i].kind == LEVER_SPLIT &&
		    j < sc->levers[i].nparts; j++)
			if (!isfinite(st->levers[i].parts[j]))
				return false;
	}
	for (size_t i = 0; i < sc->nassumptions; i++)
		if (!isfinite(st->assumptions[i]))
			return false;
	return true;
}

int
settings_split(const struct scenario *sc, struct settings *st, size_t lever,
    size_t part, double value, const bool *fixed, char **cause)
{
	const struct lever	*lv = &sc->levers[lever];
	double			*p = st->levers[lever].parts;
	double			 fixed_sum = 0, free_sum = 0, room;
	size_t			 nfree = 0;

	if (!isfinite(value)) {
		*cause = xasprintf("part '%s.%s' takes a percentage from 0 to "
		    "100", lv->name, lv->parts[part]);
		return -1;
	}
	if (value < 0)
		value = 0;
	if (value > 100)
		value = 100;
	for (size_t j = 0; j < lv->nparts; j++) {
		if (j == part)
			continue;
		if (fixed != NULL && fixed[j])
			fixed_sum += p[j];
		else {
			free_sum += p[j];
			nfree++;
		}
	}
	room = 100 - fixed_sum - value;
	if (room < -1e-9 || (nfree == 0 && fabs(room) > 1e-9)) {
		*cause = xasprintf("the parts of '%s' must sum to 100; with "
		    "%s at %g the others can't make it up", lv->name,
		    lv->parts[part], value);
		return -1;
	}
	if (room < 0)
		room = 0;
	p[part] = value;
	for (size_t j = 0; j < lv->nparts; j++) {
		if (j == part || (fixed != NULL && fixed[j]))
			continue;
		p[j] = free_sum > 0 ? p[j] * room / free_sum :
		    room / (double)nfree;
	}
	return 0;
}

static int
parse_double(const char *s, double *out)
{
	char	*end;

	*out = strtod(s, &end);
	return *s != '\0' && *end == '\0' && isfinite(*out) ? 0 : -1;
}

static int
set_lever(const struct scenario *sc, struct settings *st, size_t i,
    const char *part, const char *value, char **cause)
{
	const struct lever	*lv = &sc->levers[i];
	struct lever_value	*v = &st->levers[i];
	double			 d;

	if (part != NULL && lv->kind != LEVER_SPLIT) {
		*cause = xasprintf("lever '%s' has no parts", lv->name);
		return -1;
	}
	switch (lv->kind) {
	case LEVER_SLIDER:
		if (parse_double(value, &d) == -1 || d < lv->min ||
		    d > lv->max) {
			*cause = xasprintf("lever '%s' takes a number from %g "
			    "to %g, not '%s'", lv->name, lv->min, lv->max,
			    value);
			return -1;
		}
		v->num = d;
		return 0;
	case LEVER_CHOICE:
		for (size_t j = 0; j < lv->noptions; j++)
			if (strcmp(lv->options[j], value) == 0) {
				v->choice = j;
				return 0;
			}
		{
			struct buf	b = { 0 };

			for (size_t j = 0; j < lv->noptions; j++)
				buf_printf(&b, "%s%s", j ? ", " : "",
				    lv->options[j]);
			*cause = xasprintf("lever '%s' takes one of: %s (not "
			    "'%s')", lv->name, b.data, value);
			buf_free(&b);
		}
		return -1;
	case LEVER_TOGGLE:
		if (strcmp(value, "true") == 0 || strcmp(value, "on") == 0 ||
		    strcmp(value, "1") == 0)
			v->on = true;
		else if (strcmp(value, "false") == 0 ||
		    strcmp(value, "off") == 0 || strcmp(value, "0") == 0)
			v->on = false;
		else {
			*cause = xasprintf("lever '%s' takes true or false, "
			    "not '%s'", lv->name, value);
			return -1;
		}
		return 0;
	case LEVER_SPLIT:
		break;
	}
	if (part == NULL) {
		*cause = xasprintf("lever '%s' is a split: set one part, e.g. "
		    "%s.%s=40", lv->name, lv->name, lv->parts[0]);
		return -1;
	}
	for (size_t j = 0; j < lv->nparts; j++) {
		if (strcmp(lv->parts[j], part) != 0)
			continue;
		if (parse_double(value, &d) == -1 || d < 0 || d > 100) {
			*cause = xasprintf("part '%s.%s' takes a percentage "
			    "from 0 to 100, not '%s'", lv->name, part, value);
			return -1;
		}
		v->parts[j] = d;
		return 0;
	}
	{
		struct buf	b = { 0 };

		for (size_t j = 0; j < lv->nparts; j++)
			buf_printf(&b, "%s%s", j ? ", " : "", lv->parts[j]);
		*cause = xasprintf("lever '%s' has parts %s (not '%s')",
		    lv->name, b.data, part);
		buf_free(&b);
	}
	return -1;
}

/* The message for a name that is neither a lever nor an assumption. */
static char *
unknown_name(const struct scenario *sc, const char *name)
{
	struct buf	 lv = { 0 }, as = { 0 };
	char		*msg;

	for (size_t i = 0; i < sc->nlevers; i++)
		buf_printf(&lv, "%s%s", i ? ", " : "", sc->levers[i].name);
	for (size_t i = 0; i < sc->nassumptions; i++)
		buf_printf(&as, "%s%s", i ? ", " : "",
		    sc->assumptions[i].name);
	msg = xasprintf("'%s' is not a lever or assumption of this scenario "
	    "(levers: %s; assumptions: %s)", name,
	    lv.data != NULL ? lv.data : "none",
	    as.data != NULL ? as.data : "none");
	buf_free(&lv);
	buf_free(&as);
	return msg;
}

int
settings_set(const struct scenario *sc, struct settings *st,
    const char *assignment, char **cause)
{
	const char	*eq = strchr(assignment, '=');
	char		*name, *dot;
	long		 i;
	double		 d;
	int		 rc = -1;

	if (eq == NULL || eq == assignment) {
		*cause = xasprintf("'%s': write NAME=VALUE", assignment);
		return -1;
	}
	name = xstrndup(assignment, (size_t)(eq - assignment));
	if ((dot = strchr(name, '.')) != NULL)
		*dot++ = '\0';
	if ((i = scenario_lever(sc, name)) >= 0)
		rc = set_lever(sc, st, (size_t)i, dot, eq + 1, cause);
	else if ((i = scenario_assumption(sc, name)) >= 0 && dot != NULL)
		*cause = xasprintf("assumption '%s' has no parts", name);
	else if (i >= 0) {
		if (parse_double(eq + 1, &d) == -1)
			*cause = xasprintf("assumption '%s' takes a number, "
			    "not '%s'", name, eq + 1);
		else {
			st->assumptions[i] = d;
			rc = 0;
		}
	} else
		*cause = unknown_name(sc, name);
	free(name);
	return rc;
}

static void
format_number(struct buf *b, const struct lever *lv, double v)
{
	if (lv->percent)
		buf_printf(b, "%g%%", v * 100);
	else if (lv->unit[0] != '\0')
		buf_printf(b, "%g %s", v, lv->unit);
	else
		buf_printf(b, "%g", v);
}

char *
settings_format(const struct scenario *sc, const struct settings *st,
    size_t i)
{
	const struct lever		*lv = &sc->levers[i];
	const struct lever_value	*v = &st->levers[i];
	struct buf			 b = { 0 };

	switch (lv->kind) {
	case LEVER_SLIDER:
		format_number(&b, lv, v->num);
		break;
	case LEVER_CHOICE:
		buf_adds(&b, lv->options[v->choice]);
		break;
	case LEVER_TOGGLE:
		buf_adds(&b, v->on ? "on" : "off");
		break;
	case LEVER_SPLIT:
		for (size_t j = 0; j < lv->nparts; j++)
			buf_printf(&b, "%s%s %.4g%%", j ? ", " : "",
			    lv->parts[j], v->parts[j]);
		break;
	}
	return b.data;
}
