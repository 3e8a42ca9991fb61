/*
 * rules-sandbox: the Lua state a script runs in, and its limits.
 *
 * The allocator refuses to grow the heap past the memory cap, and a count
 * hook raises an error once a rule call has run more instructions than its
 * budget; the hook keeps raising on every later tick, so a pcall in the
 * script cannot swallow it. In a worker with a large budget (the default)
 * a call runs without the hook until a CPU-time timer finds it still
 * running at its second tick: almost every call ends long before, and the
 * hook costs a third of a projection. What these cannot stop (a pattern match inside
 * one C call, a crash in Lua itself) the worker's process limits do.
 *
 * The sandbox table is the _ENV of every chunk: the base functions that
 * cannot escape, math (with a random deterministic per seed, area and
 * year), string (its patterns charged to the budget, pattern.c), table and
 * utf8. Lever values and assumptions reach rules guarded or proxied, so a
 * rule cannot change them.
 */
#include "config.h"

#include <sys/time.h>

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "dist.h"
#include "pattern.h"
#include "rules-int.h"
#include "rules.h"
#include "runlimits.h"
#include "scenario.h"
#include "util.h"

#define MESSAGE_MAX	2000		/* bytes of an error message kept */

/* The allocator: refuse to grow the heap past the memory cap. */
void *
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
void
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

/*
 * The lazy hook. The worker's timer (rules_tick_start) ticks every TICK_US
 * of user CPU. WATCHED is the state whose calls are counted lazily, CALLS
 * counts its calls begun; a tick that finds the same call running as the
 * tick before sets the hook (lua_sethook is made to be called from a
 * signal handler), and from then on the call is counted as in full.
 */
static struct rules *volatile	watched;
static volatile sig_atomic_t	calls;		/* wraps, never overflows */
#define CALLS_MASK		0x3fffffff
static bool			ticking;	/* the timer runs in this process */

static void
on_tick(int sig)
{
	static sig_atomic_t	 seen = -1;
	struct rules		*r = watched;
	sig_atomic_t		 n = calls;

	(void)sig;
	if (r == NULL || r->armed)
		return;
	if (n != seen) {
		seen = n;
		return;
	}
	r->armed = 1;
	lua_sethook(r->L, rules_hook, LUA_MASKCOUNT, HOOK_EVERY);
}

/* A child of a ticking process has no timer (fork does not keep it). */
static void
tick_forked(void)
{
	ticking = false;
	watched = NULL;
}

void
rules_tick_start(void)
{
	static bool		 once;
	struct sigaction	 sa;
	struct itimerval	 it = { { 0, TICK_US }, { 0, TICK_US } };

	if (!once && pthread_atfork(NULL, NULL, tick_forked) == 0)
		once = true;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_tick;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	ticking = once && sigaction(SIGVTALRM, &sa, NULL) == 0 &&
	    setitimer(ITIMER_VIRTUAL, &it, NULL) == 0;
}

void
rules_watch(struct rules *r)
{
	r->lazy = ticking && r->lim.instructions >= LAZY_BUDGET;
	if (!r->lazy)
		lua_sethook(r->L, rules_hook, LUA_MASKCOUNT, HOOK_EVERY);
	else {
		/* Lua run outside a call (a metamethod from C) is watched
		 * too: the timer sets the hook if it runs on */
		watched = r;
		calls = (calls + 1) & CALLS_MASK;
	}
}

void
rules_unwatch(const struct rules *r)
{
	if (watched == r)
		watched = NULL;
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

int
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
int
rules_call(struct rules *r, int nargs, int nres)
{
	lua_State	*L = r->L;
	int		 base, status;

	base = lua_gettop(L) - nargs;
	lua_pushcfunction(L, rules_msgh);
	lua_insert(L, base);
	r->used = 0;
	r->over = false;
	if (r->lazy) {
		watched = r;
		calls = (calls + 1) & CALLS_MASK;
		if (r->armed) {		/* the last call ran long */
			lua_sethook(L, NULL, 0, 0);
			r->armed = 0;
		}
	}
	status = lua_pcall(L, nargs, nres, base);
	lua_remove(L, base);
	return status;
}

/* The message for a failed call, with the limit named if one was hit. */
char *
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

static int
rules_random(lua_State *L)
{
	struct rules	*r = rules_from(L);
	uint64_t	 x = rng_splitmix(&r->rng);
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

void
rules_reseed(struct rules *r, uint64_t seed, uint64_t area, uint64_t year)
{
	r->rng = seed ^ (area * 0x9e3779b97f4a7c15ULL) ^
	    (year * 0xc2b2ae3d27d4eb4fULL);
	rng_splitmix(&r->rng);
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
void
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
void
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
int
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
void
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
