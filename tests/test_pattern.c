/*
 * The budgeted pattern functions (src/pattern.c) against Lua's own: random
 * subjects, patterns and replacements, from a fixed seed, each run through
 * string.find, match, gmatch and gsub of both, must give the same results
 * or the same error. Then the budget: a pattern that backtracks for hours,
 * string.rep("", 1e18) and table.move over 1e15 places stop at once with
 * the charge function's error.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "pattern.h"

#define CASES	8000

static int	 failures;
static uint64_t	 charged, limit = UINT64_MAX;

static void
charge(lua_State *L, void *ud, uint64_t n)
{
	(void)ud;
	charged += n;
	if (charged > limit)
		luaL_error(L, "over budget");
}

static struct pattern_budget	budget = { charge, NULL };

/* Run CODE (a function of s, p, r returning a string) in state L. */
static char *
run(lua_State *L, const char *code, const char *s, size_t ls, const char *p,
    size_t lp, const char *r)
{
	luaL_Buffer	 b;
	int		 n, top = lua_gettop(L);
	char		*out;

	if (luaL_loadstring(L, code) != LUA_OK) {
		fprintf(stderr, "%s\n", lua_tostring(L, -1));
		exit(99);
	}
	lua_pushlstring(L, s, ls);
	lua_pushlstring(L, p, lp);
	lua_pushstring(L, r);
	if (lua_pcall(L, 3, LUA_MULTRET, 0) != LUA_OK) {
		out = strdup(lua_tostring(L, -1) ? lua_tostring(L, -1) : "?");
		lua_settop(L, top);
		return out;
	}
	n = lua_gettop(L) - top;
	luaL_buffinit(L, &b);
	for (int i = 1; i <= n; i++) {
		size_t		 len;
		const char	*v = luaL_tolstring(L, top + i, &len);

		luaL_addlstring(&b, v, len);
		lua_pop(L, 1);
		luaL_addchar(&b, '|');
	}
	luaL_pushresult(&b);
	out = strdup(lua_tostring(L, -1));
	lua_settop(L, top);
	return out;
}

static lua_State *
state(int budgeted)
{
	lua_State	*L = luaL_newstate();

	luaL_openlibs(L);
	if (budgeted) {
		lua_getglobal(L, "string");
		lua_getglobal(L, "table");
		pattern_install(L, -2, -1, &budget);
		lua_pop(L, 2);
	}
	return L;
}

static uint64_t	seed = 0x9e3779b97f4a7c15ULL;

static unsigned
rnd(unsigned n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed % n);
}

static size_t
random_text(char *out, size_t max, const char *alphabet)
{
	size_t	n = rnd((unsigned)max), k = strlen(alphabet);

	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[rnd((unsigned)k)];
	out[n] = '\0';
	return n;
}

static const char *const codes[] = {
	"local s, p = ... return string.find(s, p)",
	"local s, p = ... return string.find(s, p, 3)",
	"local s, p = ... return string.find(s, p, -2, true)",
	"local s, p = ... return string.match(s, p)",
	"local s, p = ... return string.match(s, p, -4)",
	"local s, p = ... local t = {} for a, b in string.gmatch(s, p) do "
	    "t[#t + 1] = tostring(a) .. ':' .. tostring(b) end "
	    "return table.concat(t, ',')",
	"local s, p = ... local t = {} for a in string.gmatch(s, p, 2) do "
	    "t[#t + 1] = tostring(a) end return table.concat(t, ',')",
	"local s, p, r = ... return string.gsub(s, p, r)",
	"local s, p, r = ... return string.gsub(s, p, r, 2)",
	"local s, p = ... return string.gsub(s, p, { a = 'A', b = false })",
	"local s, p = ... return string.gsub(s, p, function(x, y) "
	    "return y and x .. y or nil end)",
	"local s, p = ... return (s):find(p)",
	"local s, p = ... local t = { s, p, 1, 2 } table.insert(t, 2, s) "
	    "table.insert(t, p) table.remove(t, 1) table.remove(t) "
	    "table.insert(t, #t + 1, 'z') return table.concat(t, '/')",
};

int
main(void)
{
	lua_State	*ref = state(0), *ours = state(1);
	char		 s[40], p[16], r[12];
	int		 same = 0;

	for (int i = 0; i < CASES; i++) {
		size_t	ls = random_text(s, sizeof s, "aab(b)c. %-"),
			lp = random_text(p, sizeof p,
			    "aabc.%%%()[]^$*+-?bfdws1201234-]");

		random_text(r, sizeof r, "ab%%%012x");
		for (size_t c = 0; c < sizeof codes / sizeof codes[0]; c++) {
			char	*a = run(ref, codes[c], s, ls, p, lp, r);
			char	*b = run(ours, codes[c], s, ls, p, lp, r);

			if (strcmp(a, b) != 0) {
				if (failures++ < 20)
					fprintf(stderr, "differ: %s\n  s='%s' "
					    "p='%s' r='%s'\n  lua:  %s\n  "
					    "ours: %s\n", codes[c], s, p, r, a,
					    b);
			} else
				same++;
			free(a);
			free(b);
		}
	}
	printf("%d of %d calls gave the same results as Lua's own\n", same,
	    same + failures);

	/* The budget stops what runs inside one C call. */
	{
		static const char *const long_calls[] = {
			"return string.rep('a', 1e5):find('.-.-.-.-.-.-.-b')",
			"return string.rep('a', 3000):match(string.rep('a-', "
			    "20) .. 'b')",
			"return string.rep('a', 1e5):gsub('.-.-.-b', '')",
			"for x in string.rep('a', 1e5):gmatch('.-.-.-b') do end",
			"return string.rep('', 1e18)",
			"return table.move({}, 1, 1e15, 2)",
			"local t = setmetatable({}, { __len = function() "
			    "return 1e15 end }) table.insert(t, 1, 1)",
			"local t = setmetatable({}, { __len = function() "
			    "return 1e15 end }) table.remove(t, 1)",
			"return string.rep('ab', 1e6):find(string.rep('ab', "
			    "5e5) .. 'c', 1, true)",
		};

		for (size_t c = 0; c < sizeof long_calls / sizeof long_calls[0];
		    c++) {
			charged = 0;
			limit = 10000000;
			if (luaL_dostring(ours, long_calls[c]) == LUA_OK ||
			    strstr(lua_tostring(ours, -1), "over budget") ==
			    NULL) {
				fprintf(stderr, "not stopped by the budget: %s: "
				    "%s\n", long_calls[c], lua_tostring(ours,
				    -1));
				failures++;
			}
			lua_settop(ours, 0);
		}
		limit = UINT64_MAX;
		printf("%zu long C calls stopped by the budget\n",
		    sizeof long_calls / sizeof long_calls[0]);
	}
	lua_close(ref);
	lua_close(ours);
	return failures > 0 ? 1 : 0;
}
