/*
 * rules: the Lua side of a scenario. Runs only inside a worker process.
 *
 * One sandboxed state per script. The script's chunk gets its own _ENV (the
 * sandbox table, never the real globals); its top level declares the
 * scenario through scenario{}, assume "x" {}, lever "x" {} and output "x" {},
 * which this file turns into a struct scenario, checking each declaration and
 * noting its line. The projection then calls the script's project() and
 * settle() functions, reading every returned output raw (no metamethods).
 *
 * Limits: the allocator refuses to grow the heap past the memory cap, and a
 * count hook raises an error once a rule call has run more instructions than
 * its budget; the hook keeps raising on every later tick, so a pcall in the
 * script cannot swallow it. What these cannot stop (a pattern match inside
 * one C call, a crash in Lua itself) the worker's process limits do.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "baseline.h"
#include "job.h"
#include "results.h"
#include "rules.h"
#include "scenario.h"
#include "util.h"

#define HOOK_EVERY	1000
#define SCRIPT_MAX	(8u << 20)

struct rules {
	lua_State		*L;
	struct scenario		*sc;
	struct diag		*diag;
	struct limits		 lim;
	size_t			 mem;
	uint64_t		 used;
	bool			 over;
	bool			 scenario_seen;
	int			 env_ref;
	int			 project_ref;
	int			 settle_ref;
	uint64_t		 rng;
};

static struct rules *
rules_from(lua_State *L)
{
	return *(struct rules **)lua_getextraspace(L);
}

/* The allocator: refuse to grow the heap past the memory cap. */
static void *
rules_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct rules	*r = ud;
	void		*p;

	if (ptr == NULL)
		osize = 0;
	if (nsize == 0) {
		free(ptr);
		r->mem -= osize;
		return NULL;
	}
	if (nsize > osize && r->mem + (nsize - osize) > r->lim.memory)
		return NULL;
	if ((p = realloc(ptr, nsize)) == NULL)
		return NULL;
	r->mem = r->mem - osize + nsize;
	return p;
}

static int rules_reraise(lua_State *);

/* Count hook: once over budget, every later tick raises again. */
static void
rules_hook(lua_State *L, lua_Debug *ar)
{
	struct rules	*r = rules_from(L);

	(void)ar;
	r->used += HOOK_EVERY;
	if (r->used > r->lim.instructions) {
		r->over = true;
		rules_reraise(L);
	}
}

static int
rules_panic(lua_State *L)
{
	const char	*msg = lua_tostring(L, -1);

	fprintf(stderr, "lever: Lua panic: %s\n", msg ? msg : "?");
	_Exit(70);
}

/*
 * Message handler: keep string errors, never call __tostring on others, and
 * give errors raised inside C (C stack overflow, a table thrown by error())
 * the script line they came from.
 */
static int
rules_msgh(lua_State *L)
{
	lua_Debug	 ar;
	const char	*msg;
	size_t		 n;

	if (lua_type(L, 1) != LUA_TSTRING)
		lua_pushfstring(L, "error object is a %s value",
		    luaL_typename(L, 1));
	msg = lua_tostring(L, -1);
	for (int level = 1; lua_getstack(L, level, &ar); level++) {
		if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0)
			continue;
		n = strlen(ar.short_src);
		if (strncmp(msg, ar.short_src, n) != 0 || msg[n] != ':')
			lua_pushfstring(L, "%s:%d: %s", ar.short_src,
			    ar.currentline, msg);
		break;
	}
	return 1;
}

/* Call the function below NARGS arguments with the budget reset. */
static int
rules_call(struct rules *r, int nargs, int nres)
{
	lua_State	*L = r->L;
	int		 base, status;

	base = lua_gettop(L) - nargs;
	lua_pushcfunction(L, rules_msgh);
	lua_insert(L, base);
	r->used = 0;
	r->over = false;
	status = lua_pcall(L, nargs, nres, base);
	lua_remove(L, base);
	return status;
}

/* The message for a failed call, with the limit named if one was hit. */
static char *
rules_error(struct rules *r, int status)
{
	const char	*msg;
	size_t		 n;

	if (status == LUA_ERRMEM)
		return xasprintf("%s: memory limit of %zu MB reached (raise it "
		    "with --max-memory)", r->sc->path, r->lim.memory >> 20);
	if ((msg = lua_tostring(r->L, -1)) == NULL)
		msg = "unknown error";
	n = strlen(r->sc->path);
	if ((strncmp(msg, r->sc->path, n) == 0 && msg[n] == ':') ||
	    strncmp(msg, "...", 3) == 0)
		return xstrdup(msg);
	/* raised where no line is known: name the script at least */
	return xasprintf("%s: %s%s", r->sc->path, msg,
	    strcmp(msg, "C stack overflow") == 0 ? " (nesting or recursion "
	    "through C functions, such as gsub, sort, tostring or "
	    "metamethods, is too deep)" : "");
}

/* --- random numbers: deterministic per seed, area and year ------------- */

static uint64_t
splitmix(uint64_t *s)
{
	uint64_t	z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int
rules_random(lua_State *L)
{
	struct rules	*r = rules_from(L);
	uint64_t	 x = splitmix(&r->rng);
	lua_Integer	 lo, hi;

	switch (lua_gettop(L)) {
	case 0:
		lua_pushnumber(L, (double)(x >> 11) * 0x1.0p-53);
		return 1;
	case 1:
		lo = 1;
		hi = luaL_checkinteger(L, 1);
		break;
	case 2:
		lo = luaL_checkinteger(L, 1);
		hi = luaL_checkinteger(L, 2);
		break;
	default:
		return luaL_error(L, "wrong number of arguments to 'random'");
	}
	luaL_argcheck(L, lo <= hi, lua_gettop(L), "interval is empty");
	lua_pushinteger(L, lo + (lua_Integer)(x % ((lua_Unsigned)hi - (lua_Unsigned)lo + 1)));
	return 1;
}

static void
rules_reseed(struct rules *r, uint64_t seed, uint64_t area, uint64_t year)
{
	r->rng = seed ^ (area * 0x9e3779b97f4a7c15ULL) ^
	    (year * 0xc2b2ae3d27d4eb4fULL);
	splitmix(&r->rng);
}

/* setmetatable, refusing __gc (finalizers run with the hook off). */
static int
rules_setmetatable(lua_State *L)
{
	int	t = lua_type(L, 2);

	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
	if (t == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		if (lua_rawget(L, 2) != LUA_TNIL)
			return luaL_error(L, "metatables with __gc are not "
			    "allowed in scenarios");
		lua_pop(L, 1);
	}
	if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
		return luaL_error(L, "cannot change a protected metatable");
	lua_settop(L, 2);
	lua_setmetatable(L, 1);
	return 1;
}

/* Raise the budget error again: once over budget, nothing may catch it. */
static int
rules_reraise(lua_State *L)
{
	struct rules	*r = rules_from(L);
	char		 msg[200];

	snprintf(msg, sizeof msg, "instruction budget exceeded: a rule call "
	    "ran more than %llu instructions (an endless loop? raise the "
	    "limit with --max-instructions)",
	    (unsigned long long)r->lim.instructions);
	return luaL_error(L, "%s", msg);
}

/* pcall that lets the budget error through. */
static int
rules_pcall(lua_State *L)
{
	int	status;

	luaL_checkany(L, 1);
	status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
	if (rules_from(L)->over)
		return rules_reraise(L);
	lua_pushboolean(L, status == LUA_OK);
	lua_insert(L, 1);
	return lua_gettop(L);
}

/* xpcall that lets the budget error through, even from the handler. */
static int
rules_xpcall(lua_State *L)
{
	int	n = lua_gettop(L), status;

	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushboolean(L, 1);
	lua_pushvalue(L, 1);
	lua_rotate(L, 3, 2);
	status = lua_pcall(L, n - 2, LUA_MULTRET, 2);
	if (rules_from(L)->over)
		return rules_reraise(L);
	lua_pushboolean(L, status == LUA_OK);
	lua_replace(L, 3);
	return lua_gettop(L) - 2;
}

/* print: to stderr when the caller allows it (lever run), else nowhere. */
static int
rules_print(lua_State *L)
{
	struct rules	*r = rules_from(L);
	int		 n = lua_gettop(L);

	if (!r->lim.print)
		return 0;
	for (int i = 1; i <= n; i++) {
		size_t		 len;
		const char	*s;

		if (lua_type(L, i) == LUA_TSTRING || lua_type(L, i) == LUA_TNUMBER) {
			s = lua_tolstring(L, i, &len);
			fwrite(s, 1, len, stderr);
		} else
			fputs(luaL_typename(L, i), stderr);
		if (i < n)
			fputc('\t', stderr);
	}
	fputc('\n', stderr);
	return 0;
}

static int
rules_readonly(lua_State *L)
{
	return luaL_error(L, "%s is read-only in rules",
	    lua_tostring(L, lua_upvalueindex(1)));
}

/* Iterator of a read-only proxy: walks the table behind it (upvalue 1). */
static int
rules_proxy_next(lua_State *L)
{
	lua_settop(L, 2);
	if (lua_next(L, lua_upvalueindex(1)))
		return 2;
	lua_pushnil(L);
	return 1;
}

/* __pairs of a read-only proxy: iterate the table behind it without
 * handing that table to the script (pairs' second result is the proxy). */
static int
rules_proxy_pairs(lua_State *L)
{
	if (!lua_getmetatable(L, 1))
		return luaL_error(L, "not a proxy");
	lua_pushliteral(L, "__index");
	lua_rawget(L, -2);
	lua_pushcclosure(L, rules_proxy_next, 1);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

/* Replace the table on top of the stack with a read-only proxy of it. */
static void
rules_make_readonly(struct rules *r, const char *what)
{
	lua_State	*L = r->L;

	lua_newtable(L);			/* proxy */
	lua_createtable(L, 0, 4);		/* metatable */
	lua_pushvalue(L, -3);
	lua_setfield(L, -2, "__index");
	lua_pushstring(L, what);
	lua_pushcclosure(L, rules_readonly, 1);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, rules_proxy_pairs);
	lua_setfield(L, -2, "__pairs");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
	lua_remove(L, -2);
}

/* --- the sandbox ---------------------------------------------------------- */

static const char *const base_allowed[] = {
	"assert", "error", "ipairs", "next", "pairs", "select", "tonumber", "tostring", "type", "rawequal", "rawget",
	"rawlen", "getmetatable", "_VERSION",
};

/* Copy library LIB (already loaded in the real globals) into ENV, minus SKIP. */
static void
rules_copy_lib(lua_State *L, int env, const char *lib, const char *const *skip,
    size_t nskip)
{
	lua_getglobal(L, lib);
	lua_newtable(L);
	lua_pushnil(L);
	while (lua_next(L, -3) != 0) {
		bool	drop = false;

		for (size_t i = 0; i < nskip; i++)
			if (lua_type(L, -2) == LUA_TSTRING &&
			    strcmp(lua_tostring(L, -2), skip[i]) == 0)
				drop = true;
		if (drop) {
			lua_pop(L, 1);
			continue;
		}
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, -4);
	}
	lua_setfield(L, env, lib);
	lua_pop(L, 1);
}

/* Build the sandbox table every chunk gets as its _ENV. */
static void
rules_sandbox(struct rules *r)
{
	static const char *const math_skip[] = { "random", "randomseed" };
	static const char *const string_skip[] = { "dump" };
	lua_State	*L = r->L;
	int		 env;

	luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
	luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
	luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
	luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
	luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
	lua_pop(L, 5);

	/* string methods reach the real string table: no dump there either */
	lua_getglobal(L, LUA_STRLIBNAME);
	lua_pushnil(L);
	lua_setfield(L, -2, "dump");
	lua_pop(L, 1);
	lua_pushliteral(L, "");
	lua_getmetatable(L, -1);
	lua_pushliteral(L, "string");
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 2);

	lua_newtable(L);
	env = lua_gettop(L);
	for (size_t i = 0; i < nitems(base_allowed); i++) {
		lua_getglobal(L, base_allowed[i]);
		lua_setfield(L, env, base_allowed[i]);
	}
	lua_pushcfunction(L, rules_setmetatable);
	lua_setfield(L, env, "setmetatable");
	lua_pushcfunction(L, rules_print);
	lua_setfield(L, env, "print");
	lua_pushcfunction(L, rules_pcall);
	lua_setfield(L, env, "pcall");
	lua_pushcfunction(L, rules_xpcall);
	lua_setfield(L, env, "xpcall");
	rules_copy_lib(L, env, LUA_MATHLIBNAME, math_skip, nitems(math_skip));
	lua_getfield(L, env, LUA_MATHLIBNAME);
	lua_pushcfunction(L, rules_random);
	lua_setfield(L, -2, "random");
	lua_pop(L, 1);
	rules_copy_lib(L, env, LUA_STRLIBNAME, string_skip, nitems(string_skip));
	rules_copy_lib(L, env, LUA_TABLIBNAME, NULL, 0);
	rules_copy_lib(L, env, LUA_UTF8LIBNAME, NULL, 0);
	lua_pushvalue(L, env);
	lua_setfield(L, env, "_G");
	r->env_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

/* --- declarations ----------------------------------------------------------- */

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
	d->bad = true;
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

	if (t == LUA_TSTRING) {
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

static int
decl_scenario(lua_State *L)
{
	static const char *const fields[] = { "title", "description",
	    "baseline", "id", "name", "start", "years" };
	struct rules	*r = rules_from(L);
	struct scenario	*sc = r->sc;
	struct decl	 d = { r, 1, "scenario", NULL, caller_line(L), false };
	double		 v;

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

/* The second half of `assume "name" { ... }`. */
static int
decl_assume(lua_State *L)
{
	static const char *const fields[] = { "value", "unit", "source",
	    "description", "label" };
	struct rules		*r = rules_from(L);
	struct scenario		*sc = r->sc;
	struct decl		 d = { r, 1, "assumption",
	    lua_tostring(L, lua_upvalueindex(1)),
	    (int)lua_tointeger(L, lua_upvalueindex(2)), false };
	struct assumption	 a = { 0 };

	if (lua_type(L, 1) != LUA_TTABLE) {
		decl_problem(&d, "write assume \"%s\" { value = ... }", d.name);
		return 0;
	}
	decl_known(&d, fields, nitems(fields));
	if (!decl_number(&d, "value", &a.value))
		decl_problem(&d, "a number 'value' is required");
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

static const char *
lever_kind_name(enum lever_kind k)
{
	static const char *const names[] = { "slider", "choice", "toggle",
	    "split" };

	return names[k];
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
		lv->step = (lv->max - lv->min) / 20;
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
	struct decl	 d = { r, 1, "lever", lua_tostring(L, lua_upvalueindex(1)),
	    (int)lua_tointeger(L, lua_upvalueindex(2)), false };
	struct lever	 lv = { 0 };
	char		*kind, *display;
	size_t		 k;

	if (lua_type(L, 1) != LUA_TTABLE) {
		decl_problem(&d, "write lever \"%s\" { kind = ... }", d.name);
		return 0;
	}
	decl_known(&d, fields, nitems(fields));
	kind = decl_string(&d, "kind", NULL);
	for (k = 0; k <= LEVER_SPLIT; k++)
		if (kind != NULL && strcmp(kind, lever_kind_name(k)) == 0)
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
	    "total", "weight" };
	static const char *const totals[] = { "sum", "mean", "weighted mean",
	    "none" };
	struct rules	*r = rules_from(L);
	struct scenario	*sc = r->sc;
	struct decl	 d = { r, 1, "output", lua_tostring(L, lua_upvalueindex(1)),
	    (int)lua_tointeger(L, lua_upvalueindex(2)), false };
	struct output	 o = { 0 };
	char		*total;
	size_t		 k;

	if (lua_type(L, 1) != LUA_TTABLE) {
		decl_problem(&d, "write output \"%s\" { label = ... }", d.name);
		return 0;
	}
	decl_known(&d, fields, nitems(fields));
	o.name = xstrdup(d.name);
	o.line = d.line;
	o.label = decl_string(&d, "label", d.name);
	o.unit = decl_string(&d, "unit", "");
	o.description = decl_string(&d, "description", "");
	total = decl_string(&d, "total", "sum");
	for (k = 0; k < nitems(totals); k++)
		if (total != NULL && strcmp(total, totals[k]) == 0)
			break;
	if (k == nitems(totals)) {
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

static void
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

/* --- open ------------------------------------------------------------------ */

static char *
read_script(const char *path, size_t *len, struct diag *diag)
{
	FILE		*f;
	struct buf	 b = { 0 };
	char		 chunk[65536];
	size_t		 n;
	struct stat	 st;
	int		 fd;

	/* O_NONBLOCK: a FIFO given as the script must not hang the worker */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1 ||
	    (f = fdopen(fd, "rb")) == NULL) {
		diag_add(diag, "%s: cannot open the scenario: %s", path,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		return NULL;
	}
	if (fstat(fd, &st) == -1) {
		diag_add(diag, "%s: cannot read the scenario: %s", path,
		    strerror(errno));
		fclose(f);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_add(diag, "%s: this is %s, not a scenario script", path,
		    S_ISDIR(st.st_mode) ? "a folder" : "a pipe, device or "
		    "socket");
		fclose(f);
		return NULL;
	}
	if (st.st_size > (off_t)SCRIPT_MAX) {
		diag_add(diag, "%s: the scenario is %lld MB, larger than the "
		    "%u MB limit; is this the right file?", path,
		    (long long)(st.st_size >> 20), SCRIPT_MAX >> 20);
		fclose(f);
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > SCRIPT_MAX) {
			diag_add(diag, "%s: the scenario is larger than %u MB; "
			    "is this the right file?", path, SCRIPT_MAX >> 20);
			fclose(f);
			buf_free(&b);
			return NULL;
		}
	}
	if (ferror(f)) {
		diag_add(diag, "%s: cannot read the scenario: %s", path,
		    strerror(errno));
		fclose(f);
		buf_free(&b);
		return NULL;
	}
	fclose(f);
	if (b.data == NULL)
		buf_add(&b, "", 0);
	*len = b.len;
	return b.data;
}

/* Check what only the whole script can tell. */
static void
rules_check(struct rules *r)
{
	struct scenario	*sc = r->sc;
	lua_State	*L = r->L;

	if (!r->scenario_seen)
		diag_add(r->diag, "%s:1: no scenario { ... } declaration "
		    "(every scenario needs a title and a start year)",
		    sc->path);
	if (sc->noutputs == 0)
		diag_add(r->diag, "%s:1: no output declared (add output "
		    "\"name\" { label = ... })", sc->path);
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->env_ref);
	if (lua_getfield(L, -1, "project") != LUA_TFUNCTION)
		diag_add(r->diag, "%s:1: no function project(area, prev, L, "
		    "year) defined", sc->path);
	else
		r->project_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_settop(L, 0);
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->env_ref);
	switch (lua_getfield(L, -1, "settle")) {
	case LUA_TFUNCTION:
		r->settle_ref = luaL_ref(L, LUA_REGISTRYINDEX);
		sc->has_settle = true;
		break;
	case LUA_TNIL:
		break;
	default:
		diag_add(r->diag, "%s:1: settle must be a function", sc->path);
	}
	lua_settop(L, 0);
}

struct rules *
rules_open(const char *script, const struct limits *lim, struct diag *diag)
{
	struct rules	*r = xcalloc(1, sizeof *r);
	size_t		 before = diag->n, len;
	char		*text, *chunkname;
	int		 status;

	r->lim = *lim;
	r->diag = diag;
	r->project_ref = r->settle_ref = LUA_NOREF;
	r->sc = xcalloc(1, sizeof *r->sc);
	r->sc->path = xstrdup(script);
	if ((r->L = lua_newstate(rules_alloc, r)) == NULL)
		fatal("cannot create a Lua state");
	*(struct rules **)lua_getextraspace(r->L) = r;
	lua_atpanic(r->L, rules_panic);
	lua_setwarnf(r->L, NULL, NULL);
	rules_sandbox(r);
	rules_declarations(r);

	if ((text = read_script(script, &len, diag)) == NULL)
		goto fail;
	chunkname = xasprintf("@%s", script);
	status = luaL_loadbufferx(r->L, text, len, chunkname, "t");
	free(chunkname);
	free(text);
	if (status != LUA_OK) {
		char	*msg = rules_error(r, status);

		if (strstr(msg, "attempt to load a binary chunk") != NULL)
			diag_add(diag, "%s: this is compiled Lua bytecode, not "
			    "a scenario script; lever only runs scripts as text",
			    script);
		else
			diag_add(diag, "%s", msg);
		free(msg);
		goto fail;
	}
	lua_rawgeti(r->L, LUA_REGISTRYINDEX, r->env_ref);
	lua_setupvalue(r->L, -2, 1);
	lua_sethook(r->L, rules_hook, LUA_MASKCOUNT, HOOK_EVERY);
	if ((status = rules_call(r, 0, 0)) != LUA_OK) {
		char	*msg = rules_error(r, status);

		diag_add(diag, "%s", msg);
		free(msg);
		goto fail;
	}
	rules_check(r);
	if (diag->n > before)
		goto fail;
	return r;
fail:
	rules_close(r);
	return NULL;
}

const struct scenario *
rules_scenario(const struct rules *r)
{
	return r->sc;
}

void
rules_close(struct rules *r)
{
	if (r == NULL)
		return;
	if (r->L != NULL)
		lua_close(r->L);
	scenario_free(r->sc);
	free(r);
}

/* --- projection -------------------------------------------------------------- */

/* Push a table of one baseline row: every non-missing cell, id and name. */
static void
push_row(lua_State *L, const struct baseline *bl, size_t row)
{
	lua_createtable(L, 0, (int)bl->ncols + 2);
	for (size_t c = 0; c < bl->ncols; c++) {
		const char	*t = baseline_text(bl, row, c);

		if (bl->type[c] == COL_NUMBER) {
			double	v = baseline_num(bl, row, c);

			if (isnan(v))
				continue;
			lua_pushnumber(L, v);
		} else if (t != NULL)
			lua_pushstring(L, t);
		else
			continue;
		lua_setfield(L, -2, bl->header[c]);
	}
	lua_pushstring(L, baseline_text(bl, row, bl->id_col));
	lua_setfield(L, -2, "id");
	if (baseline_text(bl, row, bl->name_col) != NULL)
		lua_pushstring(L, baseline_text(bl, row, bl->name_col));
	else
		lua_pushstring(L, "");
	lua_setfield(L, -2, "name");
}

/* Push the read-only L table of lever values. */
static void
push_levers(struct rules *r, const struct settings *st)
{
	const struct scenario	*sc = r->sc;
	lua_State		*L = r->L;

	lua_createtable(L, 0, (int)sc->nlevers);
	for (size_t i = 0; i < sc->nlevers; i++) {
		const struct lever		*lv = &sc->levers[i];
		const struct lever_value	*v = &st->levers[i];

		switch (lv->kind) {
		case LEVER_SLIDER:
			lua_pushnumber(L, v->num);
			break;
		case LEVER_CHOICE:
			lua_pushstring(L, lv->options[v->choice]);
			break;
		case LEVER_TOGGLE:
			lua_pushboolean(L, v->on);
			break;
		case LEVER_SPLIT:
			lua_createtable(L, 0, (int)lv->nparts);
			for (size_t j = 0; j < lv->nparts; j++) {
				lua_pushnumber(L, v->parts[j]);
				lua_setfield(L, -2, lv->parts[j]);
			}
			rules_make_readonly(r, "a split lever");
			break;
		}
		lua_setfield(L, -2, lv->name);
	}
	rules_make_readonly(r, "L (the lever values)");
}

/* Set A, SCENARIO and AREAS in the sandbox. */
static void
push_globals(struct rules *r, const struct baseline *bl,
    const struct settings *st)
{
	const struct scenario	*sc = r->sc;
	lua_State		*L = r->L;

	lua_rawgeti(L, LUA_REGISTRYINDEX, r->env_ref);
	lua_createtable(L, 0, (int)sc->nassumptions);
	for (size_t i = 0; i < sc->nassumptions; i++) {
		lua_pushnumber(L, st->assumptions[i]);
		lua_setfield(L, -2, sc->assumptions[i].name);
	}
	rules_make_readonly(r, "A (the assumptions)");
	lua_setfield(L, -2, "A");
	lua_createtable(L, 0, 3);
	lua_pushstring(L, sc->title);
	lua_setfield(L, -2, "title");
	lua_pushinteger(L, sc->start);
	lua_setfield(L, -2, "start");
	lua_pushinteger(L, sc->years);
	lua_setfield(L, -2, "years");
	rules_make_readonly(r, "SCENARIO");
	lua_setfield(L, -2, "SCENARIO");
	lua_createtable(L, (int)bl->nrows, 0);
	for (size_t i = 0; i < bl->nrows; i++) {
		lua_pushstring(L, baseline_text(bl, i, bl->id_col));
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	rules_make_readonly(r, "AREAS");
	lua_setfield(L, -2, "AREAS");
	lua_pop(L, 1);
}

static const char *
area_label(const struct baseline *bl, size_t i, char *out, size_t len)
{
	const char	*name = baseline_text(bl, i, bl->name_col);

	snprintf(out, len, "%s (%s)", baseline_text(bl, i, bl->id_col),
	    name != NULL ? name : "");
	return out;
}

/* Line where the function at IDX was defined. */
static int
func_line(lua_State *L, int idx)
{
	lua_Debug	ar;

	lua_pushvalue(L, idx);
	if (!lua_getinfo(L, ">S", &ar))
		return 0;
	return ar.linedefined;
}

/* Report an output that is missing or not a finite number (on top). */
static void
bad_output(struct rules *r, const struct baseline *bl, size_t i, size_t o,
    int year, struct diag *diag)
{
	const struct scenario	*sc = r->sc;
	const struct output	*out = &sc->outputs[o];
	lua_State		*L = r->L;
	char			 who[256], what[64];
	int			 line;

	if (lua_type(L, -1) == LUA_TNIL)
		snprintf(what, sizeof what, "is missing");
	else if (lua_type(L, -1) == LUA_TNUMBER)
		snprintf(what, sizeof what, "is %g, not a finite number",
		    lua_tonumber(L, -1));
	else
		snprintf(what, sizeof what, "is a %s, not a number",
		    luaL_typename(L, -1));
	lua_rawgeti(L, LUA_REGISTRYINDEX, sc->has_settle ? r->settle_ref :
	    r->project_ref);
	line = func_line(L, -1);
	diag_add(diag, "%s:%d: output '%s' (declared at line %d) %s in the "
	    "state %s returned for %s in %d", sc->path, line, out->name,
	    out->line, what, sc->has_settle ? "project and settle" : "project",
	    area_label(bl, i, who, sizeof who), year);
}

/* Run settle(year, states, L) and take back each area's state. */
static int
settle_year(struct rules *r, const struct baseline *bl, uint64_t seed,
    int curs, int levers, int year, struct diag *diag)
{
	lua_State	*L = r->L;
	int		 states, status;
	char		*msg;

	lua_createtable(L, 0, (int)bl->nrows);
	states = lua_gettop(L);
	for (size_t i = 0; i < bl->nrows; i++) {
		lua_pushstring(L, baseline_text(bl, i, bl->id_col));
		lua_rawgeti(L, curs, (lua_Integer)i + 1);
		lua_rawset(L, states);
	}
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->settle_ref);
	lua_pushinteger(L, year);
	lua_pushvalue(L, states);
	lua_pushvalue(L, levers);
	rules_reseed(r, seed, bl->nrows, (uint64_t)year);
	if ((status = rules_call(r, 3, 0)) != LUA_OK) {
		msg = rules_error(r, status);
		diag_add(diag, "%s\n  (in settle, year %d)", msg, year);
		free(msg);
		return -1;
	}
	for (size_t i = 0; i < bl->nrows; i++) {
		const char	*id = baseline_text(bl, i, bl->id_col);

		lua_pushstring(L, id);
		if (lua_rawget(L, states) != LUA_TTABLE) {
			lua_rawgeti(L, LUA_REGISTRYINDEX, r->settle_ref);
			diag_add(diag, "%s:%d: settle left states[\"%s\"] as a "
			    "%s in %d; it must stay a table of outputs",
			    r->sc->path, func_line(L, -1), id,
			    luaL_typename(L, -2), year);
			return -1;
		}
		lua_rawseti(L, curs, (lua_Integer)i + 1);
	}
	lua_settop(L, states - 1);
	return 0;
}

int
rules_project(struct rules *r, const struct baseline *bl,
    const struct settings *st, struct results *res, struct diag *diag)
{
	const struct scenario	*sc = r->sc;
	lua_State		*L = r->L;
	int			 areas, prevs, curs, levers, names, status;
	char			 who[256], *msg;
	size_t			 n = bl->nrows;

	lua_settop(L, 0);
	if (!lua_checkstack(L, 16))
		fatal("Lua stack");
	push_globals(r, bl, st);
	lua_createtable(L, (int)n, 0);
	areas = lua_gettop(L);
	lua_createtable(L, (int)n, 0);
	prevs = lua_gettop(L);
	for (size_t i = 0; i < n; i++) {
		push_row(L, bl, i);
		lua_rawseti(L, areas, (lua_Integer)i + 1);
		push_row(L, bl, i);
		lua_rawseti(L, prevs, (lua_Integer)i + 1);
	}
	lua_createtable(L, (int)n, 0);
	curs = lua_gettop(L);
	push_levers(r, st);
	levers = lua_gettop(L);
	lua_createtable(L, (int)sc->noutputs, 0);
	names = lua_gettop(L);
	for (size_t o = 0; o < sc->noutputs; o++) {
		lua_pushstring(L, sc->outputs[o].name);
		lua_rawseti(L, names, (lua_Integer)o + 1);
	}

	for (int y = 0; y < sc->years; y++) {
		int	year = sc->start + 1 + y;

		for (size_t i = 0; i < n; i++) {
			rules_reseed(r, st->seed, i, (uint64_t)year);
			lua_rawgeti(L, LUA_REGISTRYINDEX, r->project_ref);
			lua_rawgeti(L, areas, (lua_Integer)i + 1);
			lua_rawgeti(L, prevs, (lua_Integer)i + 1);
			lua_pushvalue(L, levers);
			lua_pushinteger(L, year);
			if ((status = rules_call(r, 4, 1)) != LUA_OK) {
				msg = rules_error(r, status);
				diag_add(diag, "%s\n  (in project for %s, year "
				    "%d)", msg, area_label(bl, i, who,
				    sizeof who), year);
				free(msg);
				return -1;
			}
			if (lua_type(L, -1) != LUA_TTABLE) {
				lua_rawgeti(L, LUA_REGISTRYINDEX, r->project_ref);
				diag_add(diag, "%s:%d: project must return a "
				    "table of outputs, but for %s in %d it "
				    "returned a %s", sc->path, func_line(L, -1),
				    area_label(bl, i, who, sizeof who), year,
				    luaL_typename(L, -2));
				return -1;
			}
			lua_rawseti(L, curs, (lua_Integer)i + 1);
		}
		if (sc->has_settle && settle_year(r, bl, st->seed, curs, levers,
		    year, diag) == -1)
			return -1;
		for (size_t i = 0; i < n; i++) {
			lua_rawgeti(L, curs, (lua_Integer)i + 1);
			for (size_t o = 0; o < sc->noutputs; o++) {
				double	*out = results_at(res, i, (size_t)y, o);

				lua_rawgeti(L, names, (lua_Integer)o + 1);
				if (lua_rawget(L, -2) != LUA_TNUMBER ||
				    !isfinite(*out = lua_tonumber(L, -1))) {
					bad_output(r, bl, i, o, year, diag);
					return -1;
				}
				lua_pop(L, 1);
			}
			lua_pop(L, 1);
		}
		lua_pushvalue(L, curs);
		lua_replace(L, prevs);
		lua_createtable(L, (int)n, 0);
		lua_replace(L, curs);
	}
	lua_settop(L, 0);
	return 0;
}
