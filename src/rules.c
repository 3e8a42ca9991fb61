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
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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
#include "dist.h"
#include "pattern.h"
#include "results.h"
#include "rules.h"
#include "runlimits.h"
#include "scenario.h"
#include "util.h"
#include "wire.h"

#define HOOK_EVERY	1000
#define MESSAGE_MAX	2000		/* bytes of an error message kept */
#define DECL_MAX	1000		/* levers, assumptions, outputs, options */
#define DECL_TEXT_MAX	(64u << 10)	/* a label or description */
#define DECL_PROBLEMS_MAX 100		/* declaration problems listed */
#define SCRIPT_MAX	(8u << 20)
/*
 * The collector's pause, in percent: a cycle starts when the heap reaches
 * this much of what the last one left alive. Lua's 200 re-marks the area
 * tables, alive for the whole projection, too often: at 400 a projection
 * is about a fifth faster for a sixth more memory (doc/performance.md).
 * The memory cap still holds: at the cap Lua collects in full and retries.
 */
#define GC_PAUSE	400

struct rules {
	lua_State		*L;
	struct scenario		*sc;
	struct diag		*diag;
	struct limits		 lim;
	size_t			 mem;
	uint64_t		 used;
	bool			 over;
	bool			 scenario_seen;
	bool			 sealed;	/* the top level has run */
	const char		*full_said;	/* kind over DECL_MAX, reported */
	size_t			 nproblems;	/* declaration problems found */
	int			 guards_ref;	/* {table, copy, name} triples */
	int			 prep_ref;	/* rules_prepare's tables */
	const struct baseline	*prep_bl;	/* ... for these areas */
	size_t			 prep_lo, prep_hi;
	bool			 strict;	/* proxies: every write caught */
	bool			 tampered;	/* a guard found a write */
	struct pattern_budget	 budget;	/* long C calls charge here */
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

/* Work done inside one C call (pattern.c), counted as instructions. */
static void
rules_charge(lua_State *L, void *ud, uint64_t n)
{
	struct rules	*r = ud;

	r->used = n > UINT64_MAX - r->used ? UINT64_MAX : r->used + n;
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
	_Exit(WORKER_PANIC);
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
	const char	*msg, *cut;
	size_t		 n, len;

	if (status == LUA_ERRMEM)
		return xasprintf("%s: memory limit of %zu MB reached (raise it "
		    "with --max-memory)", r->sc->path, r->lim.memory >> 20);
	if ((msg = lua_tostring(r->L, -1)) == NULL)
		msg = "unknown error";
	/* a message is for people: a megabyte of it helps nobody */
	len = strlen(msg);
	cut = len > MESSAGE_MAX ? " [...]" : "";
	if (len > MESSAGE_MAX)
		len = MESSAGE_MAX;
	n = strlen(r->sc->path);
	if ((strncmp(msg, r->sc->path, n) == 0 && msg[n] == ':') ||
	    strncmp(msg, "...", 3) == 0)
		return xasprintf("%.*s%s", (int)len, msg, cut);
	/* raised where no line is known: name the script at least */
	return xasprintf("%s: %.*s%s%s", r->sc->path, (int)len, msg, cut,
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

	lua_Unsigned	 span;

	switch (lua_gettop(L)) {
	case 0:
		lua_pushnumber(L, (double)(x >> 11) * 0x1.0p-53);
		return 1;
	case 1:
		lo = 1;
		hi = luaL_checkinteger(L, 1);
		if (hi == 0) {		/* as Lua: every bit random */
			lua_pushinteger(L, (lua_Integer)x);
			return 1;
		}
		break;
	case 2:
		lo = luaL_checkinteger(L, 1);
		hi = luaL_checkinteger(L, 2);
		break;
	default:
		return luaL_error(L, "wrong number of arguments to 'random'");
	}
	luaL_argcheck(L, lo <= hi, lua_gettop(L), "interval is empty");
	/* in unsigned arithmetic: math.mininteger..math.maxinteger is a
	 * span of 2^64 values, which neither a modulus nor a signed sum
	 * may hold */
	span = (lua_Unsigned)hi - (lua_Unsigned)lo;
	if (span != ~(lua_Unsigned)0)
		x %= span + 1;
	lua_pushinteger(L, (lua_Integer)((lua_Unsigned)lo + x));
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

/*
 * A script's message handler, called through this guard. An error raised
 * by the count hook calls the handler from inside the hook, where no hook
 * runs: a handler that loops there would never be stopped. So once over
 * budget the handler is skipped and the budget error passes as it is.
 */
static int
rules_msgh_guard(lua_State *L)
{
	if (rules_from(L)->over)
		return 1;
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

/* xpcall that lets the budget error through, even from the handler. */
static int
rules_xpcall(lua_State *L)
{
	int	n = lua_gettop(L), status;

	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushvalue(L, 2);
	lua_pushcclosure(L, rules_msgh_guard, 1);
	lua_replace(L, 2);
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

	struct buf	 b = { 0 };

	if (!r->lim.print)
		return 0;
	for (int i = 1; i <= n; i++) {
		size_t		 len;
		const char	*s;

		if (lua_type(L, i) == LUA_TSTRING || lua_type(L, i) == LUA_TNUMBER) {
			s = lua_tolstring(L, i, &len);
			safe_add(&b, s, len, SAFE_LINES);	/* no escapes */
		} else
			buf_adds(&b, luaL_typename(L, i));
		if (i < n)
			buf_addc(&b, '\t');
	}
	buf_addc(&b, '\n');
	fwrite(b.data, 1, b.len, stderr);
	buf_free(&b);
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

/*
 * Guard the table on top of the stack (L, A, a split lever) without a
 * proxy, so rules read it at full speed: new keys and metatables are
 * refused at once (with the rule's line), and a copy kept aside catches a
 * rule overwriting an existing value when rules_guards_intact looks.
 */
static void
rules_guard(struct rules *r, const char *name, const char *what)
{
	lua_State	*L = r->L;
	int		 t = lua_gettop(L);
	lua_Integer	 n;

	lua_createtable(L, 0, 2);
	lua_pushstring(L, what);
	lua_pushcclosure(L, rules_readonly, 1);
	lua_setfield(L, -2, "__newindex");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, t);

	lua_rawgeti(L, LUA_REGISTRYINDEX, r->guards_ref);
	n = (lua_Integer)lua_rawlen(L, -1);
	lua_pushvalue(L, t);
	lua_rawseti(L, -2, n + 1);
	lua_newtable(L);			/* the copy */
	lua_pushnil(L);
	while (lua_next(L, t) != 0) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, -4);
	}
	lua_rawseti(L, -2, n + 2);
	lua_pushstring(L, name);
	lua_rawseti(L, -2, n + 3);
	lua_pop(L, 1);
}

/* Check that no rule overwrote a guarded value; -1 with the problem. */
static int
rules_guards_intact(struct rules *r, const char *when, struct diag *diag)
{
	lua_State	*L = r->L;
	lua_Integer	 n;
	int		 top = lua_gettop(L), rc = 0;

	lua_rawgeti(L, LUA_REGISTRYINDEX, r->guards_ref);
	n = (lua_Integer)lua_rawlen(L, -1);
	for (lua_Integer i = 1; i + 2 <= n && rc == 0; i += 3) {
		lua_rawgeti(L, top + 1, i);		/* the table */
		lua_rawgeti(L, top + 1, i + 1);		/* its copy */
		lua_pushnil(L);
		while (lua_next(L, top + 3) != 0) {
			lua_pushvalue(L, -2);
			lua_rawget(L, top + 2);
			if (!lua_rawequal(L, -1, -2)) {
				lua_rawgeti(L, top + 1, i + 2);
				diag_add(diag, "%s: a rule changed %s.%s %s: lever "
				    "values and assumptions are read-only in "
				    "rules", r->sc->path, lua_tostring(L, -1),
				    lua_type(L, -4) == LUA_TSTRING ?
				    lua_tostring(L, -4) : "?", when);
				rc = -1;
				r->tampered = true;
				lua_pop(L, 2);
				break;
			}
			lua_pop(L, 2);
		}
		lua_settop(L, top + 1);
	}
	lua_settop(L, top);
	return rc;
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
	/* pattern matching and other long C loops count against the budget,
	 * as string methods too: replaced before the sandbox copies them */
	r->budget = (struct pattern_budget){ rules_charge, r };
	lua_getglobal(L, LUA_STRLIBNAME);
	lua_getglobal(L, LUA_TABLIBNAME);
	pattern_install(L, -2, -1, &r->budget);
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
	struct decl		 d = { r, 1, "assumption",
	    lua_tostring(L, lua_upvalueindex(1)),
	    (int)lua_tointeger(L, lua_upvalueindex(2)), false };
	struct assumption	 a = { 0 };

	decl_open(L);

	if (lua_type(L, 1) != LUA_TTABLE) {
		decl_problem(&d, "write assume \"%s\" { value = ... }", d.name);
		return 0;
	}
	if (decl_full(&d, sc->nassumptions, "assumptions"))
		return 0;
	decl_known(&d, fields, nitems(fields));
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
	struct decl	 d = { r, 1, "lever", lua_tostring(L, lua_upvalueindex(1)),
	    (int)lua_tointeger(L, lua_upvalueindex(2)), false };
	struct lever	 lv = { 0 };
	char		*kind, *display;
	size_t		 k;

	decl_open(L);

	if (lua_type(L, 1) != LUA_TTABLE) {
		decl_problem(&d, "write lever \"%s\" { kind = ... }", d.name);
		return 0;
	}
	if (decl_full(&d, sc->nlevers, "levers"))
		return 0;
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
	    "total", "weight", "better", "estimate" };
	static const char *const totals[] = { "sum", "mean", "weighted mean",
	    "none" };
	static const char *const betters[] = { "higher", "lower", "neither" };
	struct rules	*r = rules_from(L);
	struct scenario	*sc = r->sc;
	struct decl	 d = { r, 1, "output", lua_tostring(L, lua_upvalueindex(1)),
	    (int)lua_tointeger(L, lua_upvalueindex(2)), false };
	struct output	 o = { 0 };
	char		*total, *better;
	size_t		 k;

	decl_open(L);

	if (lua_type(L, 1) != LUA_TTABLE) {
		decl_problem(&d, "write output \"%s\" { label = ... }", d.name);
		return 0;
	}
	if (decl_full(&d, sc->noutputs, "outputs"))
		return 0;
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

/* --- modules --------------------------------------------------------------- */

#define MODULE_NAME_MAX	200

/* Is NAME a module name: identifiers joined by single dots? */
static bool
module_name_ok(const char *name)
{
	bool	start = true;

	if (strlen(name) > MODULE_NAME_MAX)
		return false;
	for (const char *s = name; *s != '\0'; s++) {
		if (*s == '.' && !start)
			start = true;
		else if (isalpha((unsigned char)*s) || *s == '_' ||
		    (!start && isdigit((unsigned char)*s)))
			start = false;
		else
			return false;
	}
	return !start;
}

/*
 * require "lib.name": run lib/name.lua, found in the script's own folder
 * tree, once per state, and return what it returned (true for nil or
 * false).
 * The module is text, runs with the script's _ENV under the same budget and
 * memory cap, and only while the top level runs. Its resolved path must lie
 * inside the resolved folder, so no symbolic link leads out of the tree.
 * Upvalue 1 is the cache: module name to result, false while loading (and
 * after a failed load, so a pcall cannot half-load a module twice).
 */
static int
rules_require(lua_State *L)
{
	struct rules	*r = rules_from(L);
	const char	*name = luaL_checkstring(L, 1), *slash, *dir, *file;
	char		 rel[MODULE_NAME_MAX + 8], rdir[PATH_MAX], rfile[PATH_MAX];
	char		*text;
	struct diag	 d = { 0 };
	size_t		 len, n;
	bool		 inside;
	int		 status;

	if (!module_name_ok(name))
		return luaL_error(L, "require \"%s\": a module name is words "
		    "of letters, digits and _ joined by dots, such as "
		    "\"lib.appraisal\" for lib/appraisal.lua in the "
		    "scenario's folder; paths are refused", name);
	lua_settop(L, 1);
	switch (lua_getfield(L, lua_upvalueindex(1), name)) {
	case LUA_TNIL:
		break;
	case LUA_TBOOLEAN:
		if (!lua_toboolean(L, -1))
			return luaL_error(L, "require \"%s\": the module "
			    "requires itself, directly or through others, or "
			    "failed when first required", name);
		/* FALLTHROUGH */
	default:
		return 1;
	}
	if (r->sealed)
		return luaL_error(L, "require \"%s\" belongs at the top level "
		    "of the script, not inside project or settle", name);
	n = (size_t)snprintf(rel, sizeof rel, "%s.lua", name);
	for (size_t i = 0; i + 4 < n; i++)
		if (rel[i] == '.')
			rel[i] = '/';
	if ((slash = strrchr(r->sc->path, '/')) == NULL)
		lua_pushliteral(L, ".");
	else
		lua_pushlstring(L, r->sc->path, (size_t)(slash - r->sc->path));
	dir = lua_tostring(L, -1);
	file = lua_pushfstring(L, "%s/%s", dir, rel);
	if (realpath(dir, rdir) == NULL || realpath(file, rfile) == NULL)
		return luaL_error(L, "require \"%s\": cannot find %s: %s",
		    name, file, strerror(errno));
	/* below the folder, and no hidden folder or file on the way */
	n = strlen(rdir);
	inside = strncmp(rfile, rdir, n) == 0 && (rfile[n] == '/' || n == 1);
	for (const char *p = rfile + n; inside && *p != '\0'; p++)
		if (*p == '/' && p[1] == '.')
			inside = false;
	if (!inside)
		return luaL_error(L, "require \"%s\": %s leads outside the "
		    "scenario's folder %s (or into a hidden one); modules must "
		    "lie inside it", name, file, rdir);
	if ((text = read_script(rfile, &len, &d)) == NULL) {
		lua_pushfstring(L, "require \"%s\": %s", name, d.msgs[0]);
		diag_clear(&d);
		return lua_error(L);
	}
	lua_pushfstring(L, "@%s", file);
	status = luaL_loadbufferx(L, text, len, lua_tostring(L, -1), "t");
	free(text);
	if (status != LUA_OK) {
		if (strstr(lua_tostring(L, -1), "binary chunk") != NULL)
			return luaL_error(L, "require \"%s\": %s is compiled "
			    "Lua bytecode; lever only runs modules as text",
			    name, file);
		return lua_error(L);
	}
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->env_ref);
	lua_setupvalue(L, -2, 1);
	lua_pushboolean(L, 0);
	lua_setfield(L, lua_upvalueindex(1), name);
	lua_call(L, 0, 1);
	if (!lua_toboolean(L, -1)) {		/* nil or false: true */
		lua_pop(L, 1);
		lua_pushboolean(L, 1);
	}
	lua_pushvalue(L, -1);
	lua_setfield(L, lua_upvalueindex(1), name);
	return 1;
}

/* Give the sandbox its require, with an empty cache. */
static void
rules_modules(struct rules *r)
{
	lua_State	*L = r->L;

	lua_rawgeti(L, LUA_REGISTRYINDEX, r->env_ref);
	lua_newtable(L);
	lua_pushcclosure(L, rules_require, 1);
	lua_setfield(L, -2, "require");
	lua_pop(L, 1);
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
	r->project_ref = r->settle_ref = r->guards_ref = LUA_NOREF;
	r->prep_ref = LUA_NOREF;
	r->sc = xcalloc(1, sizeof *r->sc);
	r->sc->path = xstrdup(script);
	if ((r->L = lua_newstate(rules_alloc, r)) == NULL)
		fatal("cannot create a Lua state");
	*(struct rules **)lua_getextraspace(r->L) = r;
	lua_atpanic(r->L, rules_panic);
	lua_setwarnf(r->L, NULL, NULL);
	lua_gc(r->L, LUA_GCINC, GC_PAUSE, 0, 0);
	rules_sandbox(r);
	rules_declarations(r);
	rules_modules(r);

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
	r->sealed = true;
	rules_check(r);
	if (diag->n > before)
		goto fail;
	return r;
fail:
	if (r->nproblems > DECL_PROBLEMS_MAX)
		diag_add(diag, "%s: ... and %zu more problems in the "
		    "declarations", script, r->nproblems - DECL_PROBLEMS_MAX);
	rules_close(r);
	return NULL;
}

void
rules_set_strict(struct rules *r)
{
	r->strict = true;
}

bool
rules_tampered(const struct rules *r)
{
	return r->tampered;
}

size_t
rules_memory(const struct rules *r)
{
	return r->mem;
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

/*
 * Push a table of one baseline row: every non-missing cell, id and name.
 * KEYS holds the header names (then "id", "name") and IDS the ids, as Lua
 * strings made once, so no cell costs a C string lookup.
 */
static void
push_row(lua_State *L, const struct baseline *bl, size_t row, int keys,
    int ids)
{
	const char	*name = baseline_text(bl, row, bl->name_col);

	lua_createtable(L, 0, (int)bl->ncols + 2);
	for (size_t c = 0; c < bl->ncols; c++) {
		const char	*t = baseline_text(bl, row, c);

		if (bl->type[c] == COL_NUMBER) {
			double	v = baseline_num(bl, row, c);

			if (isnan(v))
				continue;
			lua_rawgeti(L, keys, (lua_Integer)c + 1);
			lua_pushnumber(L, v);
		} else if (t != NULL) {
			lua_rawgeti(L, keys, (lua_Integer)c + 1);
			lua_pushstring(L, t);
		} else
			continue;
		lua_rawset(L, -3);
	}
	lua_rawgeti(L, keys, (lua_Integer)bl->ncols + 1);
	lua_rawgeti(L, ids, (lua_Integer)row + 1);
	lua_rawset(L, -3);
	lua_rawgeti(L, keys, (lua_Integer)bl->ncols + 2);
	if (name != NULL)
		lua_pushstring(L, name);
	else
		lua_pushliteral(L, "");
	lua_rawset(L, -3);
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
			{
				char	*name = xasprintf("L.%s", lv->name);

				if (r->strict)
					rules_make_readonly(r, "a split lever");
				else
					rules_guard(r, name, "a split lever");
				free(name);
			}
			break;
		}
		lua_setfield(L, -2, lv->name);
	}
	if (r->strict)
		rules_make_readonly(r, "L (the lever values)");
	else
		rules_guard(r, "L", "L (the lever values)");
}

/* Set A, SCENARIO and AREAS in the sandbox. */
static void
push_globals(struct rules *r, const struct baseline *bl,
    const struct settings *st)
{
	const struct scenario	*sc = r->sc;
	lua_State		*L = r->L;

	lua_newtable(L);
	luaL_unref(L, LUA_REGISTRYINDEX, r->guards_ref);
	r->guards_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->env_ref);
	lua_createtable(L, 0, (int)sc->nassumptions);
	for (size_t i = 0; i < sc->nassumptions; i++) {
		lua_pushnumber(L, st->assumptions[i]);
		lua_setfield(L, -2, sc->assumptions[i].name);
	}
	if (r->strict)
		rules_make_readonly(r, "A (the assumptions)");
	else
		rules_guard(r, "A", "A (the assumptions)");
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

/*
 * A projection runs in one worker or is split across several (rules.h): a
 * part projects a contiguous slice of the areas. Without settle the parts
 * never meet. With settle, after each year every other part sends its
 * slice's states to part 0 (a flat encoding: numbers, strings and booleans
 * under string, number or boolean keys), part 0 runs settle over all the
 * areas, reads every output, and sends the settled states back. A state
 * that cannot travel so (a nested table, a metatable, a table shared by two
 * areas or with the area row) makes the parts stop with RULES_SERIAL, and
 * the caller runs the projection again in one worker.
 */
struct proj {
	struct rules		*r;
	const struct baseline	*bl;
	const struct settings	*st;
	struct results		*res;
	struct rules_part	*part;
	struct diag		*diag;
	size_t			 lo, hi;	/* the areas this part projects */
	int			 ids, areas, prevs, curs, levers, names;
};

enum {
	PHASE_PROJECT,
	PHASE_SETTLE,
	PHASE_OUTPUT
};

/* Messages between parts: the first byte says what follows. */
#define MSG_STATES	'S'	/* states follow */
#define MSG_STOP	'X'	/* a part failed or is gone: stop quietly */
#define MSG_SERIAL	'F'	/* states cannot travel: run in one worker */
#define MSG_DONE	'D'	/* the last year is settled */

/* Larger messages of states are not sent: one worker does the work. */
#define STATES_MAX	((size_t)1 << 30)

/* Encoded values. */
#define VAL_INT		'i'
#define VAL_FLOAT	'f'
#define VAL_TRUE	't'
#define VAL_FALSE	'n'
#define VAL_STR		's'	/* a new string: length, bytes */
#define VAL_STRREF	'r'	/* a string sent before in this message */

static void
fail_at(struct proj *p, int year, int phase, size_t area)
{
	p->part->fail_year = year;
	p->part->fail_phase = phase;
	p->part->fail_area = area;
}

/*
 * The strings already sent in a message, by address: short strings are
 * interned, so each field name is looked up once per message, not once per
 * area. (A long string sent twice is only sent in full twice.)
 */
struct sdict {
	const void	**key;
	uint32_t	 *val;
	size_t		  cap;
	size_t		  n;
};

static size_t
sdict_slot(const struct sdict *d, const void *p)
{
	size_t	i = (size_t)(((uintptr_t)p >> 4) * 0x9e3779b97f4a7c15ULL) &
		    (d->cap - 1);

	while (d->key[i] != NULL && d->key[i] != p)
		i = (i + 1) & (d->cap - 1);
	return i;
}

static void
sdict_add(struct sdict *d, const void *p, uint32_t v)
{
	if (2 * (d->n + 1) > d->cap) {
		struct sdict	old = *d;

		d->cap = old.cap ? 2 * old.cap : 256;
		d->key = xcalloc(d->cap, sizeof *d->key);
		d->val = xcalloc(d->cap, sizeof *d->val);
		d->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.key[i] != NULL)
				sdict_add(d, old.key[i], old.val[i]);
		free(old.key);
		free(old.val);
	}
	size_t	i = sdict_slot(d, p);

	d->key[i] = p;
	d->val[i] = v;
	d->n++;
}

/* Append the value at IDX; false when it cannot travel between parts. */
static bool
put_value(lua_State *L, struct buf *b, int idx, struct sdict *dict)
{
	union {
		lua_Integer	i;
		double		d;
		uint32_t	u;
	} v;
	size_t		 len;
	const char	*s;

	switch (lua_type(L, idx)) {
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx)) {
			buf_addc(b, VAL_INT);
			v.i = lua_tointeger(L, idx);
		} else {
			buf_addc(b, VAL_FLOAT);
			v.d = lua_tonumber(L, idx);
		}
		buf_add(b, &v, 8);
		return true;
	case LUA_TBOOLEAN:
		buf_addc(b, lua_toboolean(L, idx) ? VAL_TRUE : VAL_FALSE);
		return true;
	case LUA_TSTRING:
		s = lua_tolstring(L, idx, &len);
		if (dict->cap > 0 && dict->key[sdict_slot(dict, s)] == s) {
			v.u = dict->val[sdict_slot(dict, s)];
			buf_addc(b, VAL_STRREF);
			buf_add(b, &v.u, 4);
			return true;
		}
		if (len > UINT32_MAX)
			return false;
		sdict_add(dict, s, (uint32_t)dict->n + 1);
		v.u = (uint32_t)len;
		buf_addc(b, VAL_STR);
		buf_add(b, &v.u, 4);
		buf_add(b, s, len);
		return true;
	default:
		return false;
	}
}

/* Append the state at IDX: a count, then keys and values. */
static bool
put_state(lua_State *L, struct buf *b, int idx, struct sdict *dict)
{
	size_t		at;
	uint32_t	n = 0;

	if (lua_type(L, idx) != LUA_TTABLE || lua_getmetatable(L, idx))
		return false;
	at = b->len;
	buf_add(b, &n, 4);
	lua_pushnil(L);
	while (lua_next(L, idx) != 0) {
		if (!put_value(L, b, -2, dict) ||
		    !put_value(L, b, -1, dict)) {
			lua_pop(L, 2);
			return false;
		}
		lua_pop(L, 1);
		n++;
	}
	memcpy(b->data + at, &n, 4);
	return true;
}

/*
 * Encode MSG_STATES and the states CURS[LO..HI); false if they can't
 * travel. With REPLACED (by area), each state is preceded by a byte saying
 * whether settle put a new table in its place.
 */
static bool
put_states(lua_State *L, struct buf *b, int curs, size_t lo, size_t hi,
    const bool *replaced)
{
	struct sdict	dict = { 0 };
	bool		ok = true;

	buf_addc(b, MSG_STATES);
	for (size_t i = lo; i < hi && ok; i++) {
		if (replaced != NULL)
			buf_addc(b, replaced[i] ? 1 : 0);
		lua_rawgeti(L, curs, (lua_Integer)i + 1);
		ok = put_state(L, b, lua_gettop(L), &dict) &&
		    b->len < STATES_MAX;
		lua_pop(L, 1);
	}
	free(dict.key);
	free(dict.val);
	return ok;
}

/* Push the next encoded value; false (nothing pushed) when garbled. */
static bool
get_value(lua_State *L, struct wire_reader *rd, int dict, lua_Integer *ndict)
{
	union {
		lua_Integer	i;
		double		d;
		uint32_t	u;
	} v;
	char	t;

	if (!wire_get(rd, &t, 1))
		return false;
	switch (t) {
	case VAL_INT:
		if (!wire_get(rd, &v.i, 8))
			return false;
		lua_pushinteger(L, v.i);
		return true;
	case VAL_FLOAT:
		if (!wire_get(rd, &v.d, 8))
			return false;
		lua_pushnumber(L, v.d);
		return true;
	case VAL_TRUE:
	case VAL_FALSE:
		lua_pushboolean(L, t == VAL_TRUE);
		return true;
	case VAL_STRREF:
		if (!wire_get(rd, &v.u, 4) || v.u < 1 || v.u > *ndict)
			return rd->bad = true, false;
		lua_rawgeti(L, dict, v.u);
		return true;
	case VAL_STR:
		if (!wire_get(rd, &v.u, 4) || rd->len < v.u)
			return rd->bad = true, false;
		lua_pushlstring(L, (const char *)rd->p, v.u);
		rd->p += v.u;
		rd->len -= v.u;
		lua_pushvalue(L, -1);
		lua_rawseti(L, dict, ++*ndict);
		return true;
	}
	return rd->bad = true, false;
}

/* Make table ORIG hold exactly the fields of table FRESH. */
static void
update_in_place(lua_State *L, int orig, int fresh)
{
	lua_pushnil(L);
	while (lua_next(L, orig) != 0) {
		lua_pop(L, 1);
		lua_pushvalue(L, -1);
		if (lua_rawget(L, fresh) == LUA_TNIL) {
			lua_pushvalue(L, -2);
			lua_pushnil(L);
			lua_rawset(L, orig);
		}
		lua_pop(L, 1);
	}
	lua_pushnil(L);
	while (lua_next(L, fresh) != 0) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, orig);
	}
}

/*
 * Decode states into CURS[LO..HI): fresh tables, or with FLAGGED (states
 * coming back from settle) the tables already there updated in place
 * unless settle replaced them, so a state is the same table it would be
 * in one worker.
 */
static bool
get_states(lua_State *L, struct wire_reader *rd, int curs, size_t lo, size_t hi,
    bool flagged)
{
	lua_Integer	ndict = 0;
	uint32_t	n;
	int		dict, t;
	char		same = 0;

	lua_createtable(L, 64, 0);
	dict = lua_gettop(L);
	for (size_t i = lo; i < hi && !rd->bad; i++) {
		if (flagged && !wire_get(rd, &same, 1))
			break;
		same = flagged && same == 0;
		if (!wire_get(rd, &n, 4) || n > rd->len / 2)
			break;
		lua_createtable(L, 0, (int)n);
		t = lua_gettop(L);
		for (uint32_t k = 0; k < n; k++) {
			if (!get_value(L, rd, dict, &ndict))
				break;
			if (!get_value(L, rd, dict, &ndict) ||
			    lua_isnil(L, -2) || (lua_type(L, -2) == LUA_TNUMBER &&
			    isnan(lua_tonumber(L, -2)))) {
				rd->bad = true;
				break;
			}
			lua_rawset(L, t);
		}
		lua_settop(L, t);
		if (same && lua_rawgeti(L, curs, (lua_Integer)i + 1) ==
		    LUA_TTABLE) {
			update_in_place(L, t + 1, t);
			lua_settop(L, t - 1);
		} else {
			lua_settop(L, t);
			lua_rawseti(L, curs, (lua_Integer)i + 1);
		}
	}
	lua_settop(L, dict - 1);
	return !rd->bad && rd->len == 0;
}

/* Pointer set: is any state shared by two areas, or an area's own row? */
static int
cmp_ptr(const void *a, const void *b)
{
	uintptr_t	x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;

	return (x > y) - (x < y);
}

static bool
states_distinct(struct proj *p)
{
	lua_State	*L = p->r->L;
	size_t		 n = 0, cap = 2 * (p->hi - p->lo);
	uintptr_t	*v;
	bool		 ok = true;

	if (cap == 0)
		return true;
	v = xcalloc(cap, sizeof *v);
	for (size_t i = p->lo; i < p->hi; i++) {
		lua_rawgeti(L, p->curs, (lua_Integer)i + 1);
		v[n++] = (uintptr_t)lua_topointer(L, -1);
		lua_rawgeti(L, p->areas, (lua_Integer)i + 1);
		v[n++] = (uintptr_t)lua_topointer(L, -1);
		lua_pop(L, 2);
	}
	qsort(v, n, sizeof *v, cmp_ptr);
	for (size_t i = 1; i < n && ok; i++)
		ok = v[i] != v[i - 1];
	free(v);
	return ok;
}

/* Run project for this part's areas in YEAR; 0, or -1 with the problem. */
static int
project_year(struct proj *p, int year)
{
	struct rules		*r = p->r;
	const struct scenario	*sc = r->sc;
	lua_State		*L = r->L;
	char			 who[256], *msg;
	int			 status;

	for (size_t i = p->lo; i < p->hi; i++) {
		rules_reseed(r, p->st->seed, i, (uint64_t)year);
		lua_rawgeti(L, LUA_REGISTRYINDEX, r->project_ref);
		lua_rawgeti(L, p->areas, (lua_Integer)i + 1);
		lua_rawgeti(L, p->prevs, (lua_Integer)i + 1);
		lua_pushvalue(L, p->levers);
		lua_pushinteger(L, year);
		if ((status = rules_call(r, 4, 1)) != LUA_OK) {
			msg = rules_error(r, status);
			diag_add(p->diag, "%s\n  (in project for %s, year %d)",
			    msg, area_label(p->bl, i, who, sizeof who), year);
			free(msg);
			fail_at(p, year, PHASE_PROJECT, i);
			return -1;
		}
		if (lua_type(L, -1) != LUA_TTABLE) {
			lua_rawgeti(L, LUA_REGISTRYINDEX, r->project_ref);
			diag_add(p->diag, "%s:%d: project must return a table of "
			    "outputs, but for %s in %d it returned a %s",
			    sc->path, func_line(L, -1),
			    area_label(p->bl, i, who, sizeof who), year,
			    luaL_typename(L, -2));
			fail_at(p, year, PHASE_PROJECT, i);
			return -1;
		}
		lua_rawseti(L, p->curs, (lua_Integer)i + 1);
	}
	return 0;
}

/* Run settle(year, states, L) over every area and take back each state. */
static int
settle_year(struct proj *p, int year)
{
	struct rules		*r = p->r;
	const struct baseline	*bl = p->bl;
	lua_State		*L = r->L;
	int			 states, status;
	char			*msg;

	fail_at(p, year, PHASE_SETTLE, 0);
	lua_createtable(L, 0, (int)bl->nrows);
	states = lua_gettop(L);
	for (size_t i = 0; i < bl->nrows; i++) {
		lua_rawgeti(L, p->ids, (lua_Integer)i + 1);
		lua_rawgeti(L, p->curs, (lua_Integer)i + 1);
		lua_rawset(L, states);
	}
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->settle_ref);
	lua_pushinteger(L, year);
	lua_pushvalue(L, states);
	lua_pushvalue(L, p->levers);
	rules_reseed(r, p->st->seed, bl->nrows, (uint64_t)year);
	if ((status = rules_call(r, 3, 0)) != LUA_OK) {
		msg = rules_error(r, status);
		diag_add(p->diag, "%s\n  (in settle, year %d)", msg, year);
		free(msg);
		return -1;
	}
	for (size_t i = 0; i < bl->nrows; i++) {
		lua_rawgeti(L, p->ids, (lua_Integer)i + 1);
		if (lua_rawget(L, states) != LUA_TTABLE) {
			lua_rawgeti(L, LUA_REGISTRYINDEX, r->settle_ref);
			diag_add(p->diag, "%s:%d: settle left states[\"%s\"] as "
			    "a %s in %d; it must stay a table of outputs",
			    r->sc->path, func_line(L, -1),
			    baseline_text(bl, i, bl->id_col),
			    luaL_typename(L, -2), year);
			return -1;
		}
		lua_rawseti(L, p->curs, (lua_Integer)i + 1);
	}
	lua_settop(L, states - 1);
	return 0;
}

/* Read every output of areas LO..HI in year index Y into the results. */
static int
read_outputs(struct proj *p, size_t lo, size_t hi, int y)
{
	struct rules		*r = p->r;
	const struct scenario	*sc = r->sc;
	lua_State		*L = r->L;
	int			 year = sc->start + 1 + y;

	for (size_t i = lo; i < hi; i++) {
		double	*out = results_at(p->res, i, (size_t)y, 0);

		lua_rawgeti(L, p->curs, (lua_Integer)i + 1);
		for (size_t o = 0; o < sc->noutputs; o++) {
			lua_rawgeti(L, p->names, (lua_Integer)o + 1);
			if (lua_rawget(L, -2) != LUA_TNUMBER ||
			    !isfinite(out[o] = lua_tonumber(L, -1))) {
				bad_output(r, p->bl, i, o, year, p->diag);
				fail_at(p, year, PHASE_OUTPUT, i);
				return -1;
			}
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
	return 0;
}

/* Send a one-byte message to PEER (part 0 to another part, or back). */
static void
send_byte(struct rules_part *part, size_t peer, char c)
{
	part->send(part->ctx, peer, &c, 1);
}

/*
 * Part 0 of several, after projecting its own areas in year index Y:
 * gather the other parts' states, settle, read every output, send the
 * states back. Returns 0, -1 (a problem here), RULES_STOPPED or RULES_SERIAL.
 */
static int
meet_as_settler(struct proj *p, int y, int own)
{
	struct rules_part	*part = p->part;
	const struct scenario	*sc = p->r->sc;
	lua_State		*L = p->r->L;
	struct buf		 in = { 0 }, *out;
	bool			*sent, *replaced, stop = false, serial = false;
	int			 year = sc->start + 1 + y, rc;
	size_t			 np = part->nparts, n = p->bl->nrows;
	const void		**before;

	sent = xcalloc(np, sizeof *sent);
	for (size_t k = 1; k < np; k++) {
		struct wire_reader	rd;

		in.len = 0;
		if (part->recv(part->ctx, k, &in) == -1 || in.len == 0) {
			stop = true;
			continue;
		}
		switch (in.data[0]) {
		case MSG_STATES:
			sent[k] = true;
			if (own != 0 || stop || serial)
				break;
			rd.p = (const unsigned char *)in.data + 1;
			rd.len = in.len - 1;
			rd.bad = false;
			if (!get_states(L, &rd, p->curs, part->bounds[k],
			    part->bounds[k + 1], false))
				stop = true;
			break;
		case MSG_SERIAL:
			serial = true;
			break;
		default:
			stop = true;
		}
	}
	buf_free(&in);
	if (own == 0 && !stop && !serial && !states_distinct(p))
		serial = true;
	if (own != 0 || stop || serial) {
		rc = own != 0 ? -1 : stop ? RULES_STOPPED : RULES_SERIAL;
		goto reply;
	}
	/* which states settle replaces, so the others keep their tables */
	before = xcalloc(n, sizeof *before);
	replaced = xcalloc(n, sizeof *replaced);
	for (size_t i = 0; i < n; i++) {
		lua_rawgeti(L, p->curs, (lua_Integer)i + 1);
		before[i] = lua_topointer(L, -1);
		lua_pop(L, 1);
	}
	if (settle_year(p, year) == -1 ||
	    read_outputs(p, 0, n, y) == -1) {
		free(before);
		free(replaced);
		rc = -1;
		goto reply;
	}
	for (size_t i = 0; i < n; i++) {
		lua_rawgeti(L, p->curs, (lua_Integer)i + 1);
		replaced[i] = lua_topointer(L, -1) != before[i];
		lua_pop(L, 1);
	}
	free(before);
	rc = 0;
	if (y + 1 == sc->years) {
		free(replaced);
		goto reply;
	}
	out = xcalloc(np, sizeof *out);
	for (size_t k = 1; k < np && !serial; k++)
		if (!put_states(L, &out[k], p->curs, part->bounds[k],
		    part->bounds[k + 1], replaced))
			serial = true;
	free(replaced);
	for (size_t k = 1; k < np; k++) {
		if (serial)
			send_byte(part, k, MSG_SERIAL);
		else
			part->send(part->ctx, k, out[k].data, out[k].len);
		buf_free(&out[k]);
		for (size_t i = part->bounds[k]; i < part->bounds[k + 1]; i++) {
			lua_pushnil(L);
			lua_rawseti(L, p->curs, (lua_Integer)i + 1);
		}
	}
	free(out);
	free(sent);
	return serial ? RULES_SERIAL : 0;
reply:
	for (size_t k = 1; k < np; k++)
		if (sent[k])
			send_byte(part, k, rc == 0 ? MSG_DONE : rc == RULES_SERIAL ?
			    MSG_SERIAL : MSG_STOP);
	free(sent);
	return rc;
}

/* Any other part, after projecting its areas: trade states with part 0. */
static int
meet_as_member(struct proj *p, int own)
{
	struct rules_part	*part = p->part;
	lua_State		*L = p->r->L;
	struct buf		 b = { 0 };
	struct wire_reader	 rd;
	int			 rc;

	if (own != 0) {
		send_byte(part, 0, MSG_STOP);
		return -1;
	}
	if (!states_distinct(p) ||
	    !put_states(L, &b, p->curs, p->lo, p->hi, NULL)) {
		buf_free(&b);
		send_byte(part, 0, MSG_SERIAL);
		return RULES_SERIAL;
	}
	if (part->send(part->ctx, 0, b.data, b.len) == -1) {
		buf_free(&b);
		return RULES_STOPPED;
	}
	b.len = 0;
	if (part->recv(part->ctx, 0, &b) == -1 || b.len == 0) {
		buf_free(&b);
		return RULES_STOPPED;
	}
	rd.p = (const unsigned char *)b.data + 1;
	rd.len = b.len - 1;
	rd.bad = false;
	switch (b.data[0]) {
	case MSG_STATES:
		rc = get_states(L, &rd, p->curs, p->lo, p->hi, true) ? 0 :
		    RULES_STOPPED;
		break;
	case MSG_DONE:
		rc = 0;
		break;
	case MSG_SERIAL:
		rc = RULES_SERIAL;
		break;
	default:
		rc = RULES_STOPPED;
	}
	buf_free(&b);
	return rc;
}

void
rules_prepare(struct rules *r, const struct baseline *bl, size_t lo,
    size_t hi)
{
	lua_State	*L = r->L;
	size_t		 n = bl->nrows;
	int		 top = lua_gettop(L), keys, ids, areas, prevs;

	if (!lua_checkstack(L, 16))
		fatal("Lua stack");
	/* building the tables makes no garbage: collecting now is waste */
	lua_gc(L, LUA_GCSTOP);
	/* the header names and the ids as Lua strings, made once */
	lua_createtable(L, (int)bl->ncols + 2, 0);
	keys = lua_gettop(L);
	for (size_t c = 0; c < bl->ncols; c++) {
		lua_pushstring(L, bl->header[c]);
		lua_rawseti(L, keys, (lua_Integer)c + 1);
	}
	lua_pushliteral(L, "id");
	lua_rawseti(L, keys, (lua_Integer)bl->ncols + 1);
	lua_pushliteral(L, "name");
	lua_rawseti(L, keys, (lua_Integer)bl->ncols + 2);
	lua_createtable(L, (int)n, 0);
	ids = lua_gettop(L);
	for (size_t i = 0; i < n; i++) {
		lua_pushstring(L, baseline_text(bl, i, bl->id_col));
		lua_rawseti(L, ids, (lua_Integer)i + 1);
	}
	lua_createtable(L, (int)n, 0);
	areas = lua_gettop(L);
	lua_createtable(L, (int)n, 0);
	prevs = lua_gettop(L);
	for (size_t i = lo; i < hi; i++) {
		push_row(L, bl, i, keys, ids);
		lua_rawseti(L, areas, (lua_Integer)i + 1);
		push_row(L, bl, i, keys, ids);
		lua_rawseti(L, prevs, (lua_Integer)i + 1);
	}
	lua_createtable(L, 4, 0);
	for (int k = 0; k < 4; k++) {
		lua_pushvalue(L, keys + k);
		lua_rawseti(L, -2, k + 1);
	}
	luaL_unref(L, LUA_REGISTRYINDEX, r->prep_ref);
	r->prep_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	r->prep_bl = bl;
	r->prep_lo = lo;
	r->prep_hi = hi;
	lua_settop(L, top);
	lua_gc(L, LUA_GCRESTART);
}

int
rules_project_part(struct rules *r, const struct baseline *bl,
    const struct settings *st, struct results *res, struct rules_part *part,
    struct diag *diag)
{
	const struct scenario	*sc = r->sc;
	lua_State		*L = r->L;
	struct proj		 p = { r, bl, st, res, part, diag, 0, 0, 0, 0,
				    0, 0, 0, 0 };
	size_t			 n = bl->nrows;
	bool			 meet = sc->has_settle && part->nparts > 1;
	int			 rc = 0;

	/* declarations called from rules report here, not where the script
	 * was opened (a warm worker opens it ahead, with a diag since gone) */
	r->diag = diag;
	if (res->nareas != n || res->nyears != (size_t)sc->years ||
	    res->noutputs != sc->noutputs) {
		diag_add(diag, "%s: the scenario's declarations changed since it "
		    "was loaded; load it again", sc->path);
		return -1;
	}
	p.lo = part->bounds[part->part];
	p.hi = part->bounds[part->part + 1];
	lua_settop(L, 0);
	if (!lua_checkstack(L, 32))
		fatal("Lua stack");
	if (r->prep_ref == LUA_NOREF || r->prep_bl != bl ||
	    r->prep_lo != p.lo || r->prep_hi != p.hi)
		rules_prepare(r, bl, p.lo, p.hi);
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->prep_ref);
	lua_rawgeti(L, 1, 2);
	p.ids = lua_gettop(L);
	lua_rawgeti(L, 1, 3);
	p.areas = lua_gettop(L);
	lua_rawgeti(L, 1, 4);
	p.prevs = lua_gettop(L);
	luaL_unref(L, LUA_REGISTRYINDEX, r->prep_ref);	/* used once */
	r->prep_ref = LUA_NOREF;
	/* building the tables makes no garbage: collecting now is waste */
	lua_gc(L, LUA_GCSTOP);
	push_globals(r, bl, st);
	lua_createtable(L, (int)n, 0);
	p.curs = lua_gettop(L);
	push_levers(r, st);
	p.levers = lua_gettop(L);
	lua_createtable(L, (int)sc->noutputs, 0);
	p.names = lua_gettop(L);
	for (size_t o = 0; o < sc->noutputs; o++) {
		lua_pushstring(L, sc->outputs[o].name);
		lua_rawseti(L, p.names, (lua_Integer)o + 1);
	}
	lua_gc(L, LUA_GCRESTART);

	for (int y = 0; y < sc->years && rc == 0; y++) {
		int	year = sc->start + 1 + y;

		rc = project_year(&p, year);
		if (rc == 0)
			rc = rules_guards_intact(r, "in project", diag);
		if (meet && part->part == 0)
			rc = meet_as_settler(&p, y, rc);
		else if (meet)
			rc = meet_as_member(&p, rc);
		else if (rc == 0 && sc->has_settle)
			rc = settle_year(&p, year) == -1 ||
			    read_outputs(&p, 0, n, y) == -1 ? -1 : 0;
		else if (rc == 0)
			rc = read_outputs(&p, p.lo, p.hi, y);
		if (rc == 0 && sc->has_settle && (!meet || part->part == 0))
			rc = rules_guards_intact(r, "in settle", diag);
		lua_pushvalue(L, p.curs);
		lua_replace(L, p.prevs);
		lua_createtable(L, (int)n, 0);
		lua_replace(L, p.curs);
	}
	lua_settop(L, 0);
	return rc;
}

static int
send_none(void *ctx, size_t peer, const void *p, size_t len)
{
	(void)ctx, (void)peer, (void)p, (void)len;
	return -1;
}

static int
recv_none(void *ctx, size_t peer, struct buf *b)
{
	(void)ctx, (void)peer, (void)b;
	return -1;
}

int
rules_project(struct rules *r, const struct baseline *bl,
    const struct settings *st, struct results *res, struct diag *diag)
{
	size_t			bounds[2] = { 0, bl->nrows };
	struct rules_part	part = { 0, 1, bounds, NULL, send_none,
				    recv_none, 0, 0, 0 };

	return rules_project_part(r, bl, st, res, &part, diag) == 0 ? 0 : -1;
}
