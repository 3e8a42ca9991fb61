/*
 * rules-decl: the declarations a script's top level makes, read into its
 * struct scenario. scenario { ... } once; assume "x" { ... }, lever "x"
 * { ... } and output "x" { ... } as often as needed, each checked field by
 * field and noted with its line. A declaration's problems are gathered, not
 * raised, so one run lists them all (up to DECL_PROBLEMS_MAX).
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "dist.h"
#include "rules-int.h"
#include "scenario.h"
#include "util.h"

#define DECL_MAX	1000		/* levers, assumptions, outputs, options */
#define DECL_TEXT_MAX	(64u << 10)	/* a label or description */

/* A declaration being read: its table, kind, name and line. */
struct decl {
	struct rules	*r;
	int		 t;
	const char	*what;		/* "lever", "output", ... */
	const char	*name;
	int		 line;
	bool		 bad;
};

static void decl_problem(struct decl *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
decl_problem(struct decl *d, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	d->bad = true;
	/* a flood of problems is held outside the Lua memory cap: count
	 * those past the first DECL_PROBLEMS_MAX and say how many */
	if (d->r->nproblems++ >= DECL_PROBLEMS_MAX)
		return;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (d->name != NULL)
		diag_add(d->r->diag, "%s:%d: %s '%s': %s", d->r->sc->path,
		    d->line, d->what, d->name, msg);
	else
		diag_add(d->r->diag, "%s:%d: %s: %s", d->r->sc->path, d->line,
		    d->what, msg);
	free(msg);
}

/* Refuse fields not in ALLOWED: a typo must not pass silently. */
static void
decl_known(struct decl *d, const char *const *allowed, size_t n)
{
	lua_State	*L = d->r->L;

	lua_pushnil(L);
	while (lua_next(L, d->t) != 0) {
		bool	ok = false;

		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING) {
			decl_problem(d, "fields must be named (found a %s key)",
			    luaL_typename(L, -1));
			continue;
		}
		for (size_t i = 0; i < n; i++)
			if (strcmp(lua_tostring(L, -1), allowed[i]) == 0)
				ok = true;
		if (!ok)
			decl_problem(d, "unknown field '%s'", lua_tostring(L, -1));
	}
}

/* Push field KEY raw; return its type. */
static int
decl_get(struct decl *d, const char *key)
{
	lua_pushstring(d->r->L, key);
	return lua_rawget(d->r->L, d->t);
}

static char *
decl_string(struct decl *d, const char *key, const char *def)
{
	lua_State	*L = d->r->L;
	char		*s = def != NULL ? xstrdup(def) : NULL;
	int		 t = decl_get(d, key);

	if (t == LUA_TSTRING && lua_rawlen(L, -1) > DECL_TEXT_MAX)
		decl_problem(d, "'%s' is longer than %u KB", key,
		    DECL_TEXT_MAX >> 10);
	else if (t == LUA_TSTRING) {
		free(s);
		s = xstrdup(lua_tostring(L, -1));
	} else if (t != LUA_TNIL)
		decl_problem(d, "'%s' must be text, not a %s", key,
		    lua_typename(L, t));
	lua_pop(L, 1);
	return s;
}

static bool
decl_number(struct decl *d, const char *key, double *out)
{
	lua_State	*L = d->r->L;
	int		 t = decl_get(d, key);
	bool		 found = false;

	if (t == LUA_TNUMBER) {
		*out = lua_tonumber(L, -1);
		if (!isfinite(*out))
			decl_problem(d, "'%s' must be a finite number", key);
		else
			found = true;
	} else if (t != LUA_TNIL)
		decl_problem(d, "'%s' must be a number, not a %s", key,
		    lua_typename(L, t));
	lua_pop(L, 1);
	return found;
}

/* Refuse a declaration past the limit on how many there may be (once). */
static bool
decl_full(struct decl *d, size_t n, const char *what)
{
	if (n < DECL_MAX)
		return false;
	if (d->r->full_said != what)
		decl_problem(d, "more than %d %s; a scenario may declare at "
		    "most %d", DECL_MAX, what, DECL_MAX);
	d->r->full_said = what;
	return true;
}

static bool
valid_name(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return false;
	for (s++; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

/* Line of the script statement calling the declaration function. */
static int
caller_line(lua_State *L)
{
	lua_Debug	ar;

	if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar))
		return ar.currentline;
	return 0;
}

static bool
name_taken(const struct scenario *sc, const char *name)
{
	return scenario_lever(sc, name) >= 0 ||
	    scenario_assumption(sc, name) >= 0;
}

/*
 * Declarations belong to the script's top level: once it has run, the
 * declarations are fixed, and project or settle may not add to them.
 */
static void
decl_open(lua_State *L)
{
	if (rules_from(L)->sealed)
		luaL_error(L, "declarations (scenario, assume, lever, output) "
		    "belong at the top level of the script, not inside "
		    "project or settle");
}

/*
 * The second half of `KEYWORD "name" { ... }` begun: D for the WHAT named
 * in the upvalues, its table's fields checked against FIELDS (the first
 * shown in the hint when there is no table). False when there is nothing
 * to read: no table, or N (PLURAL) declared already, the most there may be.
 */
static bool
decl_begin(lua_State *L, struct decl *d, const char *keyword,
    const char *what, size_t n, const char *plural,
    const char *const *fields, size_t nfields)
{
	*d = (struct decl){ rules_from(L), 1, what,
	    lua_tostring(L, lua_upvalueindex(1)),
	    (int)lua_tointeger(L, lua_upvalueindex(2)), false };
	decl_open(L);

	if (lua_type(L, 1) != LUA_TTABLE) {
		decl_problem(d, "write %s \"%s\" { %s = ... }", keyword,
		    d->name, fields[0]);
		return false;
	}
	if (decl_full(d, n, plural))
		return false;
	decl_known(d, fields, nfields);
	return true;
}

static int
decl_scenario(lua_State *L)
{
	static const char *const fields[] = { "title", "description",
	    "baseline", "id", "name", "start", "years" };
	struct rules	*r = rules_from(L);
	struct scenario	*sc = r->sc;
	struct decl	 d = { r, 1, "scenario", NULL, caller_line(L), false };
	double		 v;

	decl_open(L);

	if (lua_type(L, 1) != LUA_TTABLE) {
		decl_problem(&d, "write scenario { title = ..., start = ... }");
		return 0;
	}
	if (r->scenario_seen) {
		decl_problem(&d, "declared twice");
		return 0;
	}
	r->scenario_seen = true;
	decl_known(&d, fields, nitems(fields));
	sc->title = decl_string(&d, "title", NULL);
	if (sc->title == NULL) {
		decl_problem(&d, "a title is required");
		sc->title = xstrdup("(untitled)");
	}
	sc->description = decl_string(&d, "description", "");
	sc->baseline = decl_string(&d, "baseline", NULL);
	sc->id_col = decl_string(&d, "id", "id");
	sc->name_col = decl_string(&d, "name", "name");
	if (!decl_number(&d, "start", &v))
		decl_problem(&d, "'start' (the baseline's year, e.g. 2025) is "
		    "required");
	else if (v != floor(v) || v < 1000 || v > 9999)
		decl_problem(&d, "'start' must be a year such as 2025");
	else
		sc->start = (int)v;
	sc->years = 10;
	if (decl_number(&d, "years", &v)) {
		if (v != floor(v) || v < 1 || v > 100)
			decl_problem(&d, "'years' must be a whole number "
			    "from 1 to 100");
		else
			sc->years = (int)v;
	}
	return 0;
}

/* distribution = { kind = "normal", mean = ..., sd = ... }: see dist.h. */
static void
decl_distribution(struct decl *d, struct assumption *a)
{
	lua_State		*L = d->r->L;
	struct decl		 t = *d;
	const struct dist_info	*k;
	const char		*fields[5] = { "kind" };
	char			*kind, *cause;
	size_t			 n = 1;

	if (decl_get(d, "distribution") == LUA_TNIL)
		goto out;
	t.what = "distribution of assumption";
	if (lua_type(L, -1) != LUA_TTABLE) {
		decl_problem(&t, "write distribution = { kind = \"normal\", "
		    "mean = ..., sd = ... }");
		goto out;
	}
	t.t = lua_gettop(L);
	kind = decl_string(&t, "kind", NULL);
	if ((k = dist_find(kind)) == NULL)
		decl_problem(&t, "'kind' must be %s", dist_kinds());
	free(kind);
	if (k == NULL)
		goto out;
	a->dist.kind = k->kind;
	for (size_t i = 0; i < k->nparams; i++) {
		fields[n++] = k->params[i];
		if (!decl_number(&t, k->params[i], &a->dist.p[i]))
			decl_problem(&t, "a number '%s' is required",
			    k->params[i]);
	}
	if (k->kind == DIST_EMPIRICAL) {
		fields[n++] = "values";
		if (decl_get(&t, "values") != LUA_TTABLE)
			decl_problem(&t, "'values' must be a list of numbers, "
			    "such as values = { 0.01, 0.02, 0.04 }");
		else if ((a->dist.nvalues = (size_t)lua_rawlen(L, -1)) >
		    DECL_MAX * 1000)
			decl_problem(&t, "'values' lists more than %d numbers",
			    DECL_MAX * 1000);
		else {
			a->dist.values = xcalloc(a->dist.nvalues,
			    sizeof *a->dist.values);
			for (size_t i = 0; i < a->dist.nvalues; i++) {
				lua_rawgeti(L, -1, (lua_Integer)i + 1);
				if (lua_type(L, -1) == LUA_TNUMBER)
					a->dist.values[i] = lua_tonumber(L, -1);
				else
					a->dist.values[i] = NAN;
				lua_pop(L, 1);
			}
		}
		if (a->dist.values == NULL)
			a->dist.nvalues = 0;
		lua_pop(L, 1);
	}
	decl_known(&t, fields, n);
	if (!t.bad && !d->bad &&
	    dist_check(&a->dist, a->value, &cause) == -1) {
		decl_problem(&t, "%s", cause);
		free(cause);
	}
	dist_sort(&a->dist);
out:
	if (t.bad)
		d->bad = true;
	lua_pop(L, 1);
}

/* The second half of `assume "name" { ... }`. */
static int
decl_assume(lua_State *L)
{
	static const char *const fields[] = { "value", "unit", "source",
	    "description", "label", "distribution" };
	struct rules		*r = rules_from(L);
	struct scenario		*sc = r->sc;
	struct decl		 d;
	struct assumption	 a = { 0 };

	if (!decl_begin(L, &d, "assume", "assumption", sc->nassumptions,
	    "assumptions", fields, nitems(fields)))
		return 0;
	if (!decl_number(&d, "value", &a.value))
		decl_problem(&d, "a number 'value' is required");
	decl_distribution(&d, &a);
	a.name = xstrdup(d.name);
	a.label = decl_string(&d, "label", d.name);
	a.unit = decl_string(&d, "unit", "");
	a.source = decl_string(&d, "source", "");
	a.description = decl_string(&d, "description", "");
	a.line = d.line;
	if (name_taken(sc, a.name))
		decl_problem(&d, "the name is already used by a lever or "
		    "assumption");
	sc->assumptions = xreallocarray(sc->assumptions, sc->nassumptions + 1,
	    sizeof *sc->assumptions);
	sc->assumptions[sc->nassumptions++] = a;
	return 0;
}

static void
decl_slider(struct decl *d, struct lever *lv)
{
	bool	have_min = decl_number(d, "min", &lv->min);
	bool	have_max = decl_number(d, "max", &lv->max);

	if (!have_min || !have_max) {
		decl_problem(d, "a slider needs numbers 'min' and 'max'");
		lv->min = 0;
		lv->max = 1;
	} else if (lv->min >= lv->max)
		decl_problem(d, "min (%g) must be less than max (%g)",
		    lv->min, lv->max);
	if (!decl_number(d, "step", &lv->step))
		lv->step = lv->max / 20 - lv->min / 20;	/* finite: -1e308..1e308 */
	else if (lv->step <= 0)
		decl_problem(d, "step must be more than 0");
	if (!decl_number(d, "default", &lv->def))
		lv->def = lv->min;
	else if (lv->def < lv->min || lv->def > lv->max)
		decl_problem(d, "default %g is outside min..max (%g..%g)",
		    lv->def, lv->min, lv->max);
}

static void
decl_choice(struct decl *d, struct lever *lv)
{
	lua_State	*L = d->r->L;
	char		*def;

	if (decl_get(d, "options") != LUA_TTABLE) {
		lua_pop(L, 1);
		decl_problem(d, "a choice needs options = { \"a\", \"b\", ... }");
		return;
	}
	for (lua_Integer i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; i++) {
		if (decl_full(d, lv->noptions, "options"))
			break;		/* the value and the table: popped below */
		if (lua_type(L, -1) != LUA_TSTRING) {
			decl_problem(d, "option %lld must be text",
			    (long long)i);
			lua_pop(L, 1);
			continue;
		}
		for (size_t j = 0; j < lv->noptions; j++)
			if (strcmp(lv->options[j], lua_tostring(L, -1)) == 0)
				decl_problem(d, "option '%s' is listed twice",
				    lv->options[j]);
		lv->options = xreallocarray(lv->options, lv->noptions + 1,
		    sizeof *lv->options);
		lv->options[lv->noptions++] = xstrdup(lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	lua_pop(L, 2);
	if (lv->noptions == 0) {
		decl_problem(d, "a choice needs at least one option");
		return;
	}
	def = decl_string(d, "default", lv->options[0]);
	lv->def_option = lv->noptions;
	for (size_t j = 0; j < lv->noptions; j++)
		if (def != NULL && strcmp(def, lv->options[j]) == 0)
			lv->def_option = j;
	if (lv->def_option == lv->noptions) {
		decl_problem(d, "default '%s' is not one of the options",
		    def ? def : "");
		lv->def_option = 0;
	}
	free(def);
}

static void
decl_toggle(struct decl *d, struct lever *lv)
{
	int	t = decl_get(d, "default");

	if (t == LUA_TBOOLEAN)
		lv->def_on = lua_toboolean(d->r->L, -1);
	else if (t != LUA_TNIL)
		decl_problem(d, "default must be true or false");
	lua_pop(d->r->L, 1);
}

static void
split_add(struct decl *d, struct lever *lv, const char *name, double v)
{
	if (decl_full(d, lv->nparts, "parts"))
		return;
	for (size_t j = 0; j < lv->nparts; j++)
		if (strcmp(lv->parts[j], name) == 0)
			decl_problem(d, "part '%s' is listed twice", name);
	if (!valid_name(name))
		decl_problem(d, "part name '%s' must be letters, digits and _",
		    name);
	if (!(v >= 0 && v <= 100))
		decl_problem(d, "part '%s' must be 0..100 (percent), not %g",
		    name, v);
	lv->parts = xreallocarray(lv->parts, lv->nparts + 1,
	    sizeof *lv->parts);
	lv->def_parts = xreallocarray(lv->def_parts, lv->nparts + 1,
	    sizeof *lv->def_parts);
	lv->parts[lv->nparts] = xstrdup(name);
	lv->def_parts[lv->nparts++] = v;
}

static int
cmp_part(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
decl_split(struct decl *d, struct lever *lv)
{
	lua_State	*L = d->r->L;
	double		 sum = 0;

	if (decl_get(d, "parts") != LUA_TTABLE) {
		lua_pop(L, 1);
		decl_problem(d, "a split needs parts = { {\"a\", 60}, "
		    "{\"b\", 40} } (percent)");
		return;
	}
	if (lua_rawlen(L, -1) > 0) {
		for (lua_Integer i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; i++) {
			if (lua_type(L, -1) != LUA_TTABLE ||
			    lua_rawgeti(L, -1, 1) != LUA_TSTRING ||
			    lua_rawgeti(L, -2, 2) != LUA_TNUMBER) {
				decl_problem(d, "part %lld must be "
				    "{\"name\", percent}", (long long)i);
				lua_settop(L, d->t + 1);
				continue;
			}
			split_add(d, lv, lua_tostring(L, -2),
			    lua_tonumber(L, -1));
			lua_settop(L, d->t + 1);
		}
	} else {
		lua_pushnil(L);
		while (lua_next(L, -2) != 0) {
			if (lua_type(L, -2) != LUA_TSTRING ||
			    lua_type(L, -1) != LUA_TNUMBER)
				decl_problem(d, "parts must map names to "
				    "percentages");
			else
				split_add(d, lv, lua_tostring(L, -2),
				    lua_tonumber(L, -1));
			lua_pop(L, 1);
		}
		/* a hash has no order: show the parts alphabetically */
		if (!d->bad) {
			char	**names = lv->parts;
			double	 *vals = xmalloc(lv->nparts * sizeof *vals);
			char	**sorted = xmalloc(lv->nparts * sizeof *sorted);

			memcpy(sorted, names, lv->nparts * sizeof *sorted);
			qsort(sorted, lv->nparts, sizeof *sorted, cmp_part);
			for (size_t i = 0; i < lv->nparts; i++)
				for (size_t j = 0; j < lv->nparts; j++)
					if (sorted[i] == names[j])
						vals[i] = lv->def_parts[j];
			free(lv->parts);
			free(lv->def_parts);
			lv->parts = sorted;
			lv->def_parts = vals;
		}
	}
	lua_pop(L, 1);
	if (lv->nparts < 2)
		decl_problem(d, "a split needs at least two parts");
	for (size_t j = 0; j < lv->nparts; j++)
		sum += lv->def_parts[j];
	if (lv->nparts >= 2 && fabs(sum - 100) > 1e-9)
		decl_problem(d, "parts must sum to 100 (they sum to %g)", sum);
	if (!decl_number(d, "step", &lv->step))
		lv->step = 5;
	else if (lv->step <= 0 || lv->step > 100)
		decl_problem(d, "step must be more than 0 and at most 100");
}

/* The second half of `lever "name" { kind = ..., ... }`. */
static int
decl_lever(lua_State *L)
{
	static const char *const fields[] = { "kind", "label", "group",
	    "description", "unit", "display", "min", "max", "step",
	    "default", "options", "parts" };
	struct rules	*r = rules_from(L);
	struct scenario	*sc = r->sc;
	struct decl	 d;
	struct lever	 lv = { 0 };
	char		*kind, *display;
	size_t		 k;

	if (!decl_begin(L, &d, "lever", "lever", sc->nlevers, "levers",
	    fields, nitems(fields)))
		return 0;
	kind = decl_string(&d, "kind", NULL);
	for (k = 0; k <= LEVER_SPLIT; k++)
		if (kind != NULL && strcmp(kind, scenario_kind_name(k)) == 0)
			break;
	if (k > LEVER_SPLIT) {
		decl_problem(&d, "unknown kind '%s' (use slider, choice, toggle "
		    "or split)", kind ? kind : "");
		free(kind);
		return 0;
	}
	free(kind);
	lv.kind = k;
	lv.name = xstrdup(d.name);
	lv.line = d.line;
	lv.label = decl_string(&d, "label", d.name);
	lv.group = decl_string(&d, "group", "");
	lv.description = decl_string(&d, "description", "");
	lv.unit = decl_string(&d, "unit", "");
	display = decl_string(&d, "display", NULL);
	if (display != NULL && strcmp(display, "percent") == 0)
		lv.percent = true;
	else if (display != NULL)
		decl_problem(&d, "display must be \"percent\" or absent");
	free(display);
	switch (lv.kind) {
	case LEVER_SLIDER:
		decl_slider(&d, &lv);
		break;
	case LEVER_CHOICE:
		decl_choice(&d, &lv);
		break;
	case LEVER_TOGGLE:
		decl_toggle(&d, &lv);
		break;
	case LEVER_SPLIT:
		decl_split(&d, &lv);
		break;
	}
	if (name_taken(sc, lv.name))
		decl_problem(&d, "the name is already used by a lever or "
		    "assumption");
	sc->levers = xreallocarray(sc->levers, sc->nlevers + 1,
	    sizeof *sc->levers);
	sc->levers[sc->nlevers++] = lv;
	return 0;
}

/* The second half of `output "name" { ... }`. */
static int
decl_output(lua_State *L)
{
	static const char *const fields[] = { "label", "unit", "description",
	    "total", "weight", "better", "estimate" };
	static const char *const betters[] = { "higher", "lower", "neither" };
	struct rules	*r = rules_from(L);
	struct scenario	*sc = r->sc;
	struct decl	 d;
	struct output	 o = { 0 };
	char		*total, *better;
	size_t		 k;

	if (!decl_begin(L, &d, "output", "output", sc->noutputs, "outputs",
	    fields, nitems(fields)))
		return 0;
	o.name = xstrdup(d.name);
	o.line = d.line;
	o.label = decl_string(&d, "label", d.name);
	o.unit = decl_string(&d, "unit", "");
	o.description = decl_string(&d, "description", "");
	total = decl_string(&d, "total", "sum");
	for (k = 0; k <= TOTAL_NONE; k++)
		if (total != NULL &&
		    strcmp(total, scenario_total_name(k)) == 0)
			break;
	if (k > TOTAL_NONE) {
		decl_problem(&d, "total must be \"sum\", \"mean\", \"weighted "
		    "mean\" or \"none\", not '%s'", total ? total : "");
		k = TOTAL_SUM;
	}
	free(total);
	o.total = k;
	o.weight = decl_string(&d, "weight", NULL);
	if (o.total == TOTAL_WMEAN && o.weight == NULL)
		decl_problem(&d, "a weighted mean needs weight = \"column\"");
	if (o.total != TOTAL_WMEAN && o.weight != NULL)
		decl_problem(&d, "weight is only for total = \"weighted mean\"");
	better = decl_string(&d, "better", "higher");
	for (k = 0; k < nitems(betters); k++)
		if (better != NULL && strcmp(better, betters[k]) == 0)
			break;
	if (k == nitems(betters)) {
		decl_problem(&d, "better must be \"higher\", \"lower\" or "
		    "\"neither\", not '%s'", better ? better : "");
		k = BETTER_HIGHER;
	}
	free(better);
	o.better = k;
	o.estimate = decl_string(&d, "estimate", NULL);
	if (o.estimate != NULL && !valid_name(o.estimate))
		decl_problem(&d, "estimate names an output, not '%s'",
		    o.estimate);
	if (scenario_output(sc, o.name) >= 0)
		decl_problem(&d, "declared twice");
	sc->outputs = xreallocarray(sc->outputs, sc->noutputs + 1,
	    sizeof *sc->outputs);
	sc->outputs[sc->noutputs++] = o;
	return 0;
}

/* The first half of `kind "name"`: return the function taking the table. */
static int
decl_named(lua_State *L)
{
	struct rules	*r = rules_from(L);
	const char	*what = lua_tostring(L, lua_upvalueindex(1));
	lua_CFunction	 fn = lua_tocfunction(L, lua_upvalueindex(2));
	struct decl	 d = { r, 1, what, NULL, caller_line(L), false };

	decl_open(L);

	if (lua_type(L, 1) != LUA_TSTRING || !valid_name(lua_tostring(L, 1))) {
		decl_problem(&d, "write %s \"name\" { ... } with a name made "
		    "of letters, digits and _", what);
		lua_pushstring(L, "?");
	} else
		lua_pushvalue(L, 1);
	lua_pushinteger(L, d.line);
	lua_pushcclosure(L, fn, 2);
	return 1;
}

void
rules_declarations(struct rules *r)
{
	static const struct {
		const char	*name;
		lua_CFunction	 fn;
	} named[] = {
		{ "assume", decl_assume },
		{ "lever", decl_lever },
		{ "output", decl_output },
	};
	lua_State	*L = r->L;

	lua_rawgeti(L, LUA_REGISTRYINDEX, r->env_ref);
	lua_pushcfunction(L, decl_scenario);
	lua_setfield(L, -2, "scenario");
	for (size_t i = 0; i < nitems(named); i++) {
		lua_pushstring(L, named[i].name);
		lua_pushcfunction(L, named[i].fn);
		lua_pushcclosure(L, decl_named, 2);
		lua_setfield(L, -2, named[i].name);
	}
	lua_pop(L, 1);
}
