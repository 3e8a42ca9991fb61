/*
 * scenario: the declarations as C data (copied and compared field by
 * field), and settings (lever and assumption values) with the rules for
 * changing them: ranges, options, and the proportional rebalancing of
 * split levers.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "util.h"

static void
lever_free(struct lever *lv)
{
	free(lv->name);
	free(lv->label);
	free(lv->group);
	free(lv->description);
	free(lv->unit);
	for (size_t i = 0; i < lv->noptions; i++)
		free(lv->options[i]);
	free(lv->options);
	for (size_t i = 0; i < lv->nparts; i++)
		free(lv->parts[i]);
	free(lv->parts);
	free(lv->def_parts);
}

void
scenario_free(struct scenario *sc)
{
	if (sc == NULL)
		return;
	for (size_t i = 0; i < sc->nlevers; i++)
		lever_free(&sc->levers[i]);
	for (size_t i = 0; i < sc->nassumptions; i++) {
		struct assumption	*a = &sc->assumptions[i];

		free(a->name);
		free(a->label);
		free(a->unit);
		free(a->source);
		free(a->description);
		free(a->dist.values);
	}
	for (size_t i = 0; i < sc->noutputs; i++) {
		struct output	*o = &sc->outputs[i];

		free(o->name);
		free(o->label);
		free(o->unit);
		free(o->description);
		free(o->weight);
		free(o->estimate);
	}
	free(sc->levers);
	free(sc->assumptions);
	free(sc->outputs);
	for (size_t i = 0; i < sc->nmodules; i++)
		free(sc->modules[i]);
	free(sc->modules);
	free(sc->path);
	free(sc->title);
	free(sc->description);
	free(sc->baseline);
	free(sc->id_col);
	free(sc->name_col);
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

struct scenario *
scenario_copy(const struct scenario *from)
{
	struct scenario	*sc = xcalloc(1, sizeof *sc);

	*sc = *from;
	sc->path = copy_str(from->path);
	sc->title = copy_str(from->title);
	sc->description = copy_str(from->description);
	sc->baseline = copy_str(from->baseline);
	sc->id_col = copy_str(from->id_col);
	sc->name_col = copy_str(from->name_col);
	sc->levers = from->nlevers > 0 ?
	    xcalloc(from->nlevers, sizeof *sc->levers) : NULL;
	for (size_t i = 0; i < from->nlevers; i++) {
		const struct lever	*f = &from->levers[i];
		struct lever		*lv = &sc->levers[i];

		*lv = *f;
		lv->name = copy_str(f->name);
		lv->label = copy_str(f->label);
		lv->group = copy_str(f->group);
		lv->description = copy_str(f->description);
		lv->unit = copy_str(f->unit);
		lv->options = copy_strs(f->options, f->noptions);
		lv->parts = copy_strs(f->parts, f->nparts);
		lv->def_parts = copy_nums(f->def_parts, f->nparts);
	}
	sc->assumptions = from->nassumptions > 0 ?
	    xcalloc(from->nassumptions, sizeof *sc->assumptions) : NULL;
	for (size_t i = 0; i < from->nassumptions; i++) {
		const struct assumption	*f = &from->assumptions[i];
		struct assumption	*a = &sc->assumptions[i];

		*a = *f;
		a->name = copy_str(f->name);
		a->label = copy_str(f->label);
		a->unit = copy_str(f->unit);
		a->source = copy_str(f->source);
		a->description = copy_str(f->description);
		a->dist.values = copy_nums(f->dist.values, f->dist.nvalues);
	}
	sc->outputs = from->noutputs > 0 ?
	    xcalloc(from->noutputs, sizeof *sc->outputs) : NULL;
	for (size_t i = 0; i < from->noutputs; i++) {
		const struct output	*f = &from->outputs[i];
		struct output		*o = &sc->outputs[i];

		*o = *f;
		o->name = copy_str(f->name);
		o->label = copy_str(f->label);
		o->unit = copy_str(f->unit);
		o->description = copy_str(f->description);
		o->weight = copy_str(f->weight);
		o->estimate = copy_str(f->estimate);
	}
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
same_lever(const struct lever *a, const struct lever *b)
{
	return same_str(a->name, b->name) && same_str(a->label, b->label) &&
	    same_str(a->group, b->group) &&
	    same_str(a->description, b->description) &&
	    same_str(a->unit, b->unit) && a->kind == b->kind &&
	    a->line == b->line && a->percent == b->percent &&
	    same_nums(&a->min, &b->min, 1) && same_nums(&a->max, &b->max, 1) &&
	    same_nums(&a->step, &b->step, 1) &&
	    same_nums(&a->def, &b->def, 1) && a->noptions == b->noptions &&
	    same_strs(a->options, b->options, a->noptions) &&
	    a->def_option == b->def_option && a->def_on == b->def_on &&
	    a->nparts == b->nparts &&
	    same_strs(a->parts, b->parts, a->nparts) &&
	    same_nums(a->def_parts, b->def_parts, a->nparts);
}

static bool
same_assumption(const struct assumption *a, const struct assumption *b)
{
	return same_str(a->name, b->name) && same_str(a->label, b->label) &&
	    same_str(a->unit, b->unit) && same_str(a->source, b->source) &&
	    same_str(a->description, b->description) &&
	    same_nums(&a->value, &b->value, 1) && a->line == b->line &&
	    a->dist.kind == b->dist.kind &&
	    same_nums(a->dist.p, b->dist.p, nitems(a->dist.p)) &&
	    a->dist.nvalues == b->dist.nvalues &&
	    same_nums(a->dist.values, b->dist.values, a->dist.nvalues);
}

static bool
same_output(const struct output *a, const struct output *b)
{
	return same_str(a->name, b->name) && same_str(a->label, b->label) &&
	    same_str(a->unit, b->unit) &&
	    same_str(a->description, b->description) && a->total == b->total &&
	    same_str(a->weight, b->weight) && a->better == b->better &&
	    same_str(a->estimate, b->estimate) && a->line == b->line;
}

bool
scenario_equal(const struct scenario *a, const struct scenario *b)
{
	if (!same_str(a->path, b->path) || !same_str(a->title, b->title) ||
	    !same_str(a->description, b->description) ||
	    !same_str(a->baseline, b->baseline) ||
	    !same_str(a->id_col, b->id_col) ||
	    !same_str(a->name_col, b->name_col) || a->start != b->start ||
	    a->years != b->years || a->has_settle != b->has_settle ||
	    a->nlevers != b->nlevers || a->nassumptions != b->nassumptions ||
	    a->noutputs != b->noutputs || a->nmodules != b->nmodules ||
	    !same_strs(a->modules, b->modules, a->nmodules))
		return false;
	for (size_t i = 0; i < a->nlevers; i++)
		if (!same_lever(&a->levers[i], &b->levers[i]))
			return false;
	for (size_t i = 0; i < a->nassumptions; i++)
		if (!same_assumption(&a->assumptions[i], &b->assumptions[i]))
			return false;
	for (size_t i = 0; i < a->noutputs; i++)
		if (!same_output(&a->outputs[i], &b->outputs[i]))
			return false;
	return true;
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
