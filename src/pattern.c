/*
 * pattern: Lua 5.4's pattern language, matched by a backtracking matcher
 * that counts its steps, and wrappers that charge the instruction budget
 * for the other long loops inside one C call (string.rep, table.concat,
 * table.sort, table.move). See pattern.h.
 *
 * The matcher works as Lua's does: match() walks the pattern, recursing
 * for captures, quantifiers and alternatives, to a depth of MATCH_DEPTH;
 * a single character class (a literal, '.', %x, [set]) is tried by
 * single(). Each call of match() and single() is a step. The steps of one
 * C call are charged PATTERN_CHUNK at a time, so a pattern that would
 * backtrack for hours stops within the rule call's budget, with the same
 * message as a loop.
 *
 * Longer than most files here on purpose: it follows Lua's lstrlib.c
 * function by function (matcher, find, match, gmatch, gsub), so that the
 * two can be read side by side, and test_pattern holds it to Lua's own.
 */
#include "config.h"

#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "pattern.h"

#define ESC		'%'
#define SPECIALS	"^$*+?.([%-"
#define MAX_CAPTURES	32		/* LUA_MAXCAPTURES */
#define MATCH_DEPTH	200		/* MAXCCALLS in Lua's lstrlib.c */
#define CAP_UNFINISHED	(-1)
#define CAP_POSITION	(-2)

struct state {
	lua_State		*L;
	struct pattern_budget	*budget;
	const char		*src;		/* the subject */
	const char		*src_end;
	const char		*p_end;		/* end of the pattern */
	int			 depth;		/* recursion left */
	int			 level;		/* captures open or closed */
	uint32_t		 steps;		/* not charged yet */
	struct {
		const char	*init;
		ptrdiff_t	 len;
	} cap[MAX_CAPTURES];
};

static struct pattern_budget *
budget_of(lua_State *L)
{
	return lua_touserdata(L, lua_upvalueindex(1));
}

/* Charge N steps at once (a loop whose length is known). */
static void
charge(lua_State *L, struct pattern_budget *b, uint64_t n)
{
	if (n > 0)
		b->charge(L, b->ud, n);
}

/* One step of matching; every PATTERN_CHUNK of them are charged. */
static void
step(struct state *ms)
{
	if (++ms->steps >= PATTERN_CHUNK) {
		ms->steps = 0;
		charge(ms->L, ms->budget, PATTERN_CHUNK);
	}
}

static const char *match(struct state *, const char *, const char *);

static int
class_match(int c, int cl)
{
	int	res;

	switch (tolower(cl)) {
	case 'a': res = isalpha(c); break;
	case 'c': res = iscntrl(c); break;
	case 'd': res = isdigit(c); break;
	case 'g': res = isgraph(c); break;
	case 'l': res = islower(c); break;
	case 'p': res = ispunct(c); break;
	case 's': res = isspace(c); break;
	case 'u': res = isupper(c); break;
	case 'w': res = isalnum(c); break;
	case 'x': res = isxdigit(c); break;
	default: return cl == c;
	}
	if (isupper(cl))
		res = !res;
	return res;
}

/* Is C in the set [...] from P (at '[') to EC (at ']')? */
static int
set_match(int c, const char *p, const char *ec)
{
	int	sig = 1;

	if (p[1] == '^') {
		sig = 0;
		p++;
	}
	while (++p < ec) {
		if (*p == ESC) {
			p++;
			if (class_match(c, (unsigned char)*p))
				return sig;
		} else if (p[1] == '-' && p + 2 < ec) {
			p += 2;
			if ((unsigned char)p[-2] <= c && c <= (unsigned char)*p)
				return sig;
		} else if ((unsigned char)*p == c)
			return sig;
	}
	return !sig;
}

/* The end of the single character class starting at P. */
static const char *
class_end(struct state *ms, const char *p)
{
	switch (*p++) {
	case ESC:
		if (p == ms->p_end)
			luaL_error(ms->L, "malformed pattern (ends with '%%')");
		return p + 1;
	case '[':
		if (*p == '^')
			p++;
		do {
			if (p == ms->p_end)
				luaL_error(ms->L, "malformed pattern (missing "
				    "']')");
			if (*(p++) == ESC && p < ms->p_end)
				p++;
		} while (*p != ']');
		return p + 1;
	default:
		return p;
	}
}

/* Does the character at S match the class P..EP? */
static int
single(struct state *ms, const char *s, const char *p, const char *ep)
{
	int	c;

	step(ms);
	if (s >= ms->src_end)
		return 0;
	c = (unsigned char)*s;
	switch (*p) {
	case '.':
		return 1;
	case ESC:
		return class_match(c, (unsigned char)p[1]);
	case '[':
		return set_match(c, p, ep - 1);
	default:
		return (unsigned char)*p == c;
	}
}

static const char *
balance(struct state *ms, const char *s, const char *p)
{
	int	b, e, cont = 1;

	if (p >= ms->p_end - 1)
		luaL_error(ms->L, "malformed pattern (missing arguments to "
		    "'%%b')");
	if (*s != *p)
		return NULL;
	b = *p;
	e = p[1];
	while (++s < ms->src_end) {
		step(ms);
		if (*s == e) {
			if (--cont == 0)
				return s + 1;
		} else if (*s == b)
			cont++;
	}
	return NULL;
}

static const char *
max_expand(struct state *ms, const char *s, const char *p, const char *ep)
{
	ptrdiff_t	i = 0;

	while (single(ms, s + i, p, ep))
		i++;
	for (; i >= 0; i--) {
		const char	*res = match(ms, s + i, ep + 1);

		if (res != NULL)
			return res;
	}
	return NULL;
}

static const char *
min_expand(struct state *ms, const char *s, const char *p, const char *ep)
{
	for (;;) {
		const char	*res = match(ms, s, ep + 1);

		if (res != NULL)
			return res;
		if (!single(ms, s, p, ep))
			return NULL;
		s++;
	}
}

static const char *
start_capture(struct state *ms, const char *s, const char *p, int what)
{
	const char	*res;

	if (ms->level >= MAX_CAPTURES)
		luaL_error(ms->L, "too many captures");
	ms->cap[ms->level].init = s;
	ms->cap[ms->level].len = what;
	ms->level++;
	if ((res = match(ms, s, p)) == NULL)
		ms->level--;
	return res;
}

static const char *
end_capture(struct state *ms, const char *s, const char *p)
{
	const char	*res;
	int		 l;

	for (l = ms->level - 1; l >= 0; l--)
		if (ms->cap[l].len == CAP_UNFINISHED)
			break;
	if (l < 0)
		luaL_error(ms->L, "invalid pattern capture");
	ms->cap[l].len = s - ms->cap[l].init;
	if ((res = match(ms, s, p)) == NULL)
		ms->cap[l].len = CAP_UNFINISHED;
	return res;
}

static const char *
back_reference(struct state *ms, const char *s, int l)
{
	size_t	len;

	l -= '1';
	if (l < 0 || l >= ms->level || ms->cap[l].len == CAP_UNFINISHED)
		luaL_error(ms->L, "invalid capture index %%%d", l + 1);
	len = (size_t)ms->cap[l].len;
	charge(ms->L, ms->budget, len / 64);
	if ((size_t)(ms->src_end - s) >= len &&
	    memcmp(ms->cap[l].init, s, len) == 0)
		return s + len;
	return NULL;
}

/* Match pattern P at S: the end of the match, or NULL. */
static const char *
match(struct state *ms, const char *s, const char *p)
{
	const char	*ep;

	if (ms->depth-- == 0)
		luaL_error(ms->L, "pattern too complex");
again:
	step(ms);
	if (p == ms->p_end)
		goto out;
	switch (*p) {
	case '(':
		if (p[1] == ')')
			s = start_capture(ms, s, p + 2, CAP_POSITION);
		else
			s = start_capture(ms, s, p + 1, CAP_UNFINISHED);
		goto out;
	case ')':
		s = end_capture(ms, s, p + 1);
		goto out;
	case '$':
		if (p + 1 != ms->p_end)
			break;
		s = s == ms->src_end ? s : NULL;
		goto out;
	case ESC:
		switch (p[1]) {
		case 'b':
			if ((s = balance(ms, s, p + 2)) != NULL) {
				p += 4;
				goto again;
			}
			goto out;
		case 'f': {
			char	prev;

			p += 2;
			if (*p != '[')
				luaL_error(ms->L, "missing '[' after '%%f' in "
				    "pattern");
			ep = class_end(ms, p);
			prev = s == ms->src ? '\0' : s[-1];
			if (!set_match((unsigned char)prev, p, ep - 1) &&
			    set_match((unsigned char)*s, p, ep - 1)) {
				p = ep;
				goto again;
			}
			s = NULL;
			goto out;
		}
		case '0': case '1': case '2': case '3': case '4':
		case '5': case '6': case '7': case '8': case '9':
			if ((s = back_reference(ms, s, (unsigned char)p[1])) !=
			    NULL) {
				p += 2;
				goto again;
			}
			goto out;
		}
		break;
	}
	/* a single character class, perhaps with a quantifier */
	ep = class_end(ms, p);
	if (!single(ms, s, p, ep)) {
		if (*ep == '*' || *ep == '?' || *ep == '-') {
			p = ep + 1;
			goto again;
		}
		s = NULL;
		goto out;
	}
	switch (*ep) {
	case '?': {
		const char	*res = match(ms, s + 1, ep + 1);

		if (res != NULL)
			s = res;
		else {
			p = ep + 1;
			goto again;
		}
		break;
	}
	case '+':
		s = max_expand(ms, s + 1, p, ep);
		break;
	case '*':
		s = max_expand(ms, s, p, ep);
		break;
	case '-':
		s = min_expand(ms, s, p, ep);
		break;
	default:
		s++;
		p = ep;
		goto again;
	}
out:
	ms->depth++;
	return s;
}

/* Push capture I of the match S..E (the whole match if there are none). */
static size_t
capture(struct state *ms, int i, const char *s, const char *e,
    const char **cap)
{
	if (i >= ms->level) {
		if (i != 0)
			luaL_error(ms->L, "invalid capture index %%%d", i + 1);
		*cap = s;
		return (size_t)(e - s);
	}
	if (ms->cap[i].len == CAP_UNFINISHED)
		luaL_error(ms->L, "unfinished capture");
	*cap = ms->cap[i].init;
	if (ms->cap[i].len == CAP_POSITION) {
		lua_pushinteger(ms->L, (ms->cap[i].init - ms->src) + 1);
		return (size_t)-1;
	}
	return (size_t)ms->cap[i].len;
}

static void
push_capture(struct state *ms, int i, const char *s, const char *e)
{
	const char	*cap;
	size_t		 len = capture(ms, i, s, e, &cap);

	if (len != (size_t)-1)
		lua_pushlstring(ms->L, cap, len);
}

static int
push_captures(struct state *ms, const char *s, const char *e)
{
	int	n = ms->level == 0 && s != NULL ? 1 : ms->level;

	luaL_checkstack(ms->L, n, "too many captures");
	for (int i = 0; i < n; i++)
		push_capture(ms, i, s, e);
	return n;
}

static void
state_init(struct state *ms, lua_State *L, const char *s, size_t ls,
    const char *p, size_t lp)
{
	ms->L = L;
	ms->budget = budget_of(L);
	ms->src = s;
	ms->src_end = s + ls;
	ms->p_end = p + lp;
	ms->steps = 0;
}

static void
state_again(struct state *ms)
{
	ms->level = 0;
	ms->depth = MATCH_DEPTH;
}

/* The steps not charged yet, at the end of a call. */
static void
state_done(struct state *ms)
{
	charge(ms->L, ms->budget, ms->steps);
	ms->steps = 0;
}

/* A relative string position as Lua's string functions take it. */
static size_t
position(lua_Integer pos, size_t len)
{
	if (pos > 0)
		return (size_t)pos;
	if (pos == 0)
		return 1;
	if (pos < -(lua_Integer)len)
		return 1;
	return len + (size_t)pos + 1;
}

static int
no_specials(const char *p, size_t l)
{
	size_t	upto = 0;

	do {
		if (strpbrk(p + upto, SPECIALS) != NULL)
			return 0;
		upto += strlen(p + upto) + 1;
	} while (upto <= l);
	return 1;
}

/* Plain search, charging for each place tried. */
static const char *
find_plain(lua_State *L, const char *s, size_t ls, const char *p, size_t lp)
{
	struct pattern_budget	*b = budget_of(L);
	const char		*init;
	uint64_t		 tried = 0;

	if (lp == 0)
		return s;
	if (lp > ls)
		return NULL;
	lp--;
	ls -= lp;
	while (ls > 0 && (init = memchr(s, *p, ls)) != NULL) {
		init++;
		tried += 1 + lp / 64;
		if (tried >= PATTERN_CHUNK) {
			charge(L, b, tried);
			tried = 0;
		}
		if (memcmp(init, p + 1, lp) == 0) {
			charge(L, b, tried);
			return init - 1;
		}
		ls -= (size_t)(init - s);
		s = init;
	}
	charge(L, b, tried + 1);
	return NULL;
}

static int
find_aux(lua_State *L, int find)
{
	size_t		 ls, lp, init;
	const char	*s = luaL_checklstring(L, 1, &ls);
	const char	*p = luaL_checklstring(L, 2, &lp);
	struct state	 ms;
	const char	*s1;
	int		 anchor;

	init = position(luaL_optinteger(L, 3, 1), ls) - 1;
	if (init > ls) {
		luaL_pushfail(L);
		return 1;
	}
	if (find && (lua_toboolean(L, 4) || no_specials(p, lp))) {
		const char	*at = find_plain(L, s + init, ls - init, p, lp);

		if (at != NULL) {
			lua_pushinteger(L, (at - s) + 1);
			lua_pushinteger(L, (lua_Integer)((size_t)(at - s) + lp));
			return 2;
		}
		luaL_pushfail(L);
		return 1;
	}
	s1 = s + init;
	if ((anchor = *p == '^')) {
		p++;
		lp--;
	}
	state_init(&ms, L, s, ls, p, lp);
	do {
		const char	*e;

		state_again(&ms);
		if ((e = match(&ms, s1, p)) != NULL) {
			state_done(&ms);
			if (find) {
				lua_pushinteger(L, (s1 - s) + 1);
				lua_pushinteger(L, e - s);
				return push_captures(&ms, NULL, NULL) + 2;
			}
			return push_captures(&ms, s1, e);
		}
	} while (s1++ < ms.src_end && !anchor);
	state_done(&ms);
	luaL_pushfail(L);
	return 1;
}

static int
str_find(lua_State *L)
{
	return find_aux(L, 1);
}

static int
str_match(lua_State *L)
{
	return find_aux(L, 0);
}

/* gmatch's state, in a userdata: the subject and pattern stay referenced
 * as gmatch's closure upvalues. */
struct gmatch {
	const char	*src;
	const char	*p;
	const char	*lastmatch;
	struct state	 ms;
};

static int
gmatch_aux(lua_State *L)
{
	struct gmatch	*gm = lua_touserdata(L, lua_upvalueindex(4));
	const char	*src;

	gm->ms.L = L;
	for (src = gm->src; src <= gm->ms.src_end; src++) {
		const char	*e;

		state_again(&gm->ms);
		if ((e = match(&gm->ms, src, gm->p)) != NULL &&
		    e != gm->lastmatch) {
			gm->src = gm->lastmatch = e;
			state_done(&gm->ms);
			return push_captures(&gm->ms, src, e);
		}
	}
	state_done(&gm->ms);
	return 0;
}

static int
str_gmatch(lua_State *L)
{
	size_t		 ls, lp, init;
	const char	*s = luaL_checklstring(L, 1, &ls);
	const char	*p = luaL_checklstring(L, 2, &lp);
	struct gmatch	*gm;

	init = position(luaL_optinteger(L, 3, 1), ls) - 1;
	if (init > ls)
		init = ls + 1;
	lua_settop(L, 2);
	gm = lua_newuserdatauv(L, sizeof *gm, 0);
	state_init(&gm->ms, L, s, ls, p, lp);
	gm->src = s + init;
	gm->p = p;
	gm->lastmatch = NULL;
	/* upvalues: the budget (as gmatch_aux's callers find it), the
	 * subject, the pattern, the state */
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_pushcclosure(L, gmatch_aux, 4);
	return 1;
}

/* Add the replacement string (argument 3) for the match S..E to B. */
static void
add_string(struct state *ms, luaL_Buffer *b, const char *s, const char *e)
{
	size_t		 l;
	lua_State	*L = ms->L;
	const char	*news = lua_tolstring(L, 3, &l), *p;

	while ((p = memchr(news, ESC, l)) != NULL) {
		luaL_addlstring(b, news, (size_t)(p - news));
		p++;
		if (*p == ESC)
			luaL_addchar(b, *p);
		else if (*p == '0')
			luaL_addlstring(b, s, (size_t)(e - s));
		else if (isdigit((unsigned char)*p)) {
			const char	*cap;
			size_t		 len = capture(ms, *p - '1', s, e, &cap);

			if (len == (size_t)-1)
				luaL_addvalue(b);
			else
				luaL_addlstring(b, cap, len);
		} else
			luaL_error(L, "invalid use of '%c' in replacement "
			    "string", ESC);
		l -= (size_t)(p + 1 - news);
		news = p + 1;
	}
	luaL_addlstring(b, news, l);
}

/* Add the replacement for the match S..E; false if the match is kept. */
static int
add_value(struct state *ms, luaL_Buffer *b, const char *s, const char *e,
    int tr)
{
	lua_State	*L = ms->L;

	switch (tr) {
	case LUA_TFUNCTION:
		lua_pushvalue(L, 3);
		lua_call(L, push_captures(ms, s, e), 1);
		break;
	case LUA_TTABLE:
		push_capture(ms, 0, s, e);
		lua_gettable(L, 3);
		break;
	default:
		add_string(ms, b, s, e);
		return 1;
	}
	if (!lua_toboolean(L, -1)) {
		lua_pop(L, 1);
		luaL_addlstring(b, s, (size_t)(e - s));
		return 0;
	}
	if (!lua_isstring(L, -1))
		return luaL_error(L, "invalid replacement value (a %s)",
		    luaL_typename(L, -1));
	luaL_addvalue(b);
	return 1;
}

static int
str_gsub(lua_State *L)
{
	size_t		 srcl, lp;
	const char	*src = luaL_checklstring(L, 1, &srcl);
	const char	*p = luaL_checklstring(L, 2, &lp);
	const char	*lastmatch = NULL;
	int		 tr = lua_type(L, 3), anchor, changed = 0;
	lua_Integer	 max_s = luaL_optinteger(L, 4, (lua_Integer)srcl + 1);
	lua_Integer	 n = 0;
	struct state	 ms;
	luaL_Buffer	 b;

	luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING ||
	    tr == LUA_TFUNCTION || tr == LUA_TTABLE, 3,
	    "string/function/table");
	luaL_buffinit(L, &b);
	if ((anchor = *p == '^')) {
		p++;
		lp--;
	}
	state_init(&ms, L, src, srcl, p, lp);
	while (n < max_s) {
		const char	*e;

		state_again(&ms);
		if ((e = match(&ms, src, p)) != NULL && e != lastmatch) {
			n++;
			changed = add_value(&ms, &b, src, e, tr) | changed;
			src = lastmatch = e;
		} else if (src < ms.src_end)
			luaL_addchar(&b, *src++);
		else
			break;
		if (anchor)
			break;
	}
	state_done(&ms);
	if (!changed)
		lua_pushvalue(L, 1);
	else {
		luaL_addlstring(&b, src, (size_t)(ms.src_end - src));
		luaL_pushresult(&b);
	}
	lua_pushinteger(L, n);
	return 2;
}

/* Call the original function (upvalue 2) with the same arguments. */
static int
call_original(lua_State *L)
{
	int	n = lua_gettop(L);

	lua_pushvalue(L, lua_upvalueindex(2));
	lua_insert(L, 1);
	lua_call(L, n, LUA_MULTRET);
	return lua_gettop(L);
}

/* string.rep: a copy per repetition, even of "" (1e18 of them). */
static int
str_rep(lua_State *L)
{
	size_t		l, lsep = 0;
	lua_Integer	n;

	luaL_checklstring(L, 1, &l);
	n = luaL_checkinteger(L, 2);
	luaL_optlstring(L, 3, "", &lsep);
	if (n > 0) {
		uint64_t	each = l + lsep, cost;

		/* "" repeated allocates nothing: only the budget stops it.
		 * Else the result is allocated first, so the memory cap
		 * bounds the loop: a step per 64 copies and per 64 KB */
		if (each == 0)
			cost = (uint64_t)n / 16 + 1;
		else if ((uint64_t)n > (UINT64_C(1) << 62) / each)
			cost = 0;	/* "resulting string too large" */
		else
			cost = (uint64_t)n / 64 + 1 + (uint64_t)n * each /
			    65536;
		charge(L, budget_of(L), cost);
	}
	return call_original(L);
}

/* The length of the range I..J of a table function's arguments. */
static uint64_t
span(lua_State *L, int ai, int aj, lua_Integer defj)
{
	lua_Integer	i = luaL_optinteger(L, ai, 1);
	lua_Integer	j = luaL_optinteger(L, aj, defj);

	if (i > j)
		return 0;
	return (uint64_t)((lua_Unsigned)j - (lua_Unsigned)i) + 1;
}

/* table.concat: one step per element, plus the bytes copied. */
static int
tab_concat(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	charge(L, budget_of(L), span(L, 3, 4, (lua_Integer)lua_rawlen(L,
	    1)) / 4 + 1);
	return call_original(L);
}

/* table.move: a loop over f..e, whatever the table holds. */
static int
tab_move(lua_State *L)
{
	charge(L, budget_of(L), span(L, 2, 3, 0) / 4 + 1);
	return call_original(L);
}

/*
 * table.insert(t, pos, v) and table.remove(t, pos) shift every element
 * from pos to #t, and #t may come from a __len that says 1e15: charged
 * by the places shifted (appending and removing the last are free).
 */
static int
tab_insert(lua_State *L)
{
	lua_Integer	n, pos;

	if (lua_gettop(L) == 3) {
		luaL_checktype(L, 1, LUA_TTABLE);
		n = luaL_len(L, 1);
		pos = luaL_checkinteger(L, 2);
		if (pos >= 1 && pos <= n)
			charge(L, budget_of(L), ((lua_Unsigned)n -
			    (lua_Unsigned)pos) / 4 + 1);
	}
	return call_original(L);
}

static int
tab_remove(lua_State *L)
{
	lua_Integer	n, pos;

	if (lua_gettop(L) >= 2 && lua_type(L, 1) == LUA_TTABLE) {
		n = luaL_len(L, 1);
		pos = luaL_optinteger(L, 2, n);
		if (pos >= 1 && pos < n)
			charge(L, budget_of(L), ((lua_Unsigned)n -
			    (lua_Unsigned)pos) / 4 + 1);
	}
	return call_original(L);
}

/* table.sort: about n log n comparisons (a Lua comparator counts too). */
static int
tab_sort(lua_State *L)
{
	uint64_t	n, lg = 1;

	luaL_checktype(L, 1, LUA_TTABLE);
	n = lua_rawlen(L, 1);
	for (uint64_t m = n; m > 1; m >>= 1)
		lg++;
	charge(L, budget_of(L), n * lg / 4 + 1);
	return call_original(L);
}

void
pattern_install(lua_State *L, int str, int tab, struct pattern_budget *budget)
{
	/* each keeps the original as upvalue 2 (the wrappers call it) */
	static const struct {
		const char	*name;
		lua_CFunction	 fn;
	} strs[] = {
		{ "find", str_find },
		{ "match", str_match },
		{ "gmatch", str_gmatch },
		{ "gsub", str_gsub },
		{ "rep", str_rep },
	}, tabs[] = {
		{ "concat", tab_concat },
		{ "insert", tab_insert },
		{ "move", tab_move },
		{ "remove", tab_remove },
		{ "sort", tab_sort },
	};

	str = lua_absindex(L, str);
	tab = lua_absindex(L, tab);
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		lua_pushlightuserdata(L, budget);
		lua_getfield(L, str, strs[i].name);
		lua_pushcclosure(L, strs[i].fn, 2);
		lua_setfield(L, str, strs[i].name);
	}
	for (size_t i = 0; i < sizeof tabs / sizeof tabs[0]; i++) {
		lua_pushlightuserdata(L, budget);
		lua_getfield(L, tab, tabs[i].name);
		lua_pushcclosure(L, tabs[i].fn, 2);
		lua_setfield(L, tab, tabs[i].name);
	}
}
