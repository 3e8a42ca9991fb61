/*
 * rules-states: the states of areas as they travel between the parts of a
 * projection (rules-project.c). A flat encoding: a count, then keys and
 * values, each numbers, strings or booleans; a string already sent in the
 * message goes as a reference to it. What cannot travel so (a nested
 * table, a metatable) makes rules_put_states return false.
 */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>

#include "rules-int.h"
#include "util.h"
#include "wire.h"

/* Larger messages of states are not sent: one worker does the work. */
#define STATES_MAX	((size_t)1 << 30)

/* Encoded values. */
#define VAL_INT		'i'
#define VAL_FLOAT	'f'
#define VAL_TRUE	't'
#define VAL_FALSE	'n'
#define VAL_STR		's'	/* a new string: length, bytes */
#define VAL_STRREF	'r'	/* a string sent before in this message */

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
bool
rules_put_states(lua_State *L, struct buf *b, int curs, size_t lo,
    size_t hi, const bool *replaced)
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
bool
rules_get_states(lua_State *L, struct wire_reader *rd, int curs, size_t lo,
    size_t hi, bool flagged)
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
