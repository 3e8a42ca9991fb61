/*
 * rules-project: the projection. For every year, project(area, prev, L,
 * year) for each area, then settle(year, states, L) over all of them if the
 * script has one, reading every declared output raw (no metamethods) into
 * the results.
 */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "baseline.h"
#include "results.h"
#include "rules.h"
#include "rules-int.h"
#include "scenario.h"
#include "util.h"
#include "wire.h"

/*
 * Area tables. project's area, and its prev in the first year, are tables
 * of one baseline row. At small-area scale a table of every column makes
 * every field read a cache miss in hundreds of MB, so each carries only
 * the columns the rules name (field names found among the constants of
 * project, settle and the Lua functions they reach), plus id and name;
 * any other column is fetched on its first read by the tables' shared
 * metatable (its __index, then kept in the table) and pairs sees every
 * column, as before. The metatable is protected; a table a rule returns as
 * its state is filled out and loses the metatable, so states are plain
 * tables as they always were.
 */

/* Push cell ROW, COL as the area table holds it; false if it is missing. */
static bool
push_cell(lua_State *L, const struct baseline *bl, size_t row, size_t col)
{
	const char	*t;

	if (bl->type[col] == COL_NUMBER) {
		double	v = baseline_num(bl, row, col);

		if (isnan(v))
			return false;
		lua_pushnumber(L, v);
		return true;
	}
	if ((t = baseline_text(bl, row, col)) == NULL)
		return false;
	lua_pushstring(L, t);
	return true;
}

/*
 * The row and column for key K of area table T (upvalues: the columns by
 * name, the rows by table); false unless both are in the prepared
 * baseline.
 */
static bool
area_cell(lua_State *L, int t, int k, size_t *row, size_t *col)
{
	const struct baseline	*bl = rules_from(L)->prep_bl;
	lua_Integer		 c, i;

	if (bl == NULL || lua_type(L, k) != LUA_TSTRING)
		return false;
	lua_pushvalue(L, k);
	lua_rawget(L, lua_upvalueindex(1));
	c = lua_tointeger(L, -1);
	lua_pushvalue(L, t);
	lua_rawget(L, lua_upvalueindex(2));
	i = lua_tointeger(L, -1);
	lua_pop(L, 2);
	if (c < 1 || (size_t)c > bl->ncols || i < 1 ||
	    (size_t)i > bl->nrows ||
	    strcmp(bl->header[c - 1], lua_tostring(L, k)) != 0)
		return false;
	*row = (size_t)i - 1;
	*col = (size_t)c - 1;
	return true;
}

/* __index of area tables: a column not carried, kept once read. */
static int
area_index(lua_State *L)
{
	size_t	row, col;

	if (!area_cell(L, 1, 2, &row, &col) ||
	    !push_cell(L, rules_from(L)->prep_bl, row, col))
		return 0;
	lua_pushvalue(L, 2);
	lua_pushvalue(L, -2);
	lua_rawset(L, 1);
	return 1;
}

/*
 * Put into the area table at T every column it lacks (COLUMNS: the columns
 * by name; ROWOF: the rows by table).
 */
static void
area_fill(lua_State *L, int t, int columns, int rowof)
{
	const struct baseline	*bl = rules_from(L)->prep_bl;
	lua_Integer		 i, c;

	t = lua_absindex(L, t);
	lua_pushvalue(L, t);
	lua_rawget(L, rowof);
	i = lua_tointeger(L, -1);
	lua_pop(L, 1);
	if (bl == NULL || i < 1 || (size_t)i > bl->nrows)
		return;
	lua_pushnil(L);
	while (lua_next(L, columns) != 0) {
		c = lua_tointeger(L, -1);
		lua_pop(L, 1);
		lua_pushvalue(L, -1);
		if (lua_rawget(L, t) == LUA_TNIL && c >= 1 &&
		    (size_t)c <= bl->ncols &&
		    strcmp(bl->header[c - 1], lua_tostring(L, -2)) == 0 &&
		    push_cell(L, bl, (size_t)i - 1, (size_t)c - 1)) {
			lua_pushvalue(L, -3);
			lua_insert(L, -2);
			lua_rawset(L, t);
		}
		lua_pop(L, 1);
	}
}

static int
area_next(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 2);
	if (lua_next(L, 1) != 0)
		return 2;
	lua_pushnil(L);
	return 1;
}

/* __pairs of area tables: every column, as a table of them all had. */
static int
area_pairs(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	area_fill(L, 1, lua_upvalueindex(1), lua_upvalueindex(2));
	lua_pushcfunction(L, area_next);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

static int
dump_add(lua_State *L, const void *p, size_t len, void *b)
{
	(void)L;
	buf_add(b, p, len);
	return 0;
}

/*
 * Append to B the bytecode of the Lua function at IDX (its constants hold
 * the field names it reads) and of every Lua function it reaches through
 * upvalues and tables, DEPTH steps at most; SEEN holds those visited.
 */
static void
dump_reachable(lua_State *L, int idx, struct buf *b, int seen, int depth)
{
	int	ty = lua_type(L, idx);

	if (depth == 0 || (ty != LUA_TFUNCTION && ty != LUA_TTABLE))
		return;
	idx = lua_absindex(L, idx);
	lua_pushvalue(L, idx);
	if (lua_rawget(L, seen) != LUA_TNIL) {
		lua_pop(L, 1);
		return;
	}
	lua_pop(L, 1);
	lua_pushvalue(L, idx);
	lua_pushboolean(L, 1);
	lua_rawset(L, seen);
	if (ty == LUA_TFUNCTION) {
		if (lua_iscfunction(L, idx))
			return;
		lua_pushvalue(L, idx);
		lua_dump(L, dump_add, b, 1);
		lua_pop(L, 1);
		for (int n = 1; lua_getupvalue(L, idx, n) != NULL; n++) {
			dump_reachable(L, -1, b, seen, depth - 1);
			lua_pop(L, 1);
		}
		return;
	}
	lua_pushnil(L);
	while (lua_next(L, idx) != 0) {
		dump_reachable(L, -1, b, seen, depth - 1);
		lua_pop(L, 1);
	}
}

/*
 * Which columns the area tables carry: those whose names occur in the
 * bytecode of project, settle and what they reach (a rule naming a column
 * any other way still reads it, through area_index).
 */
static bool *
columns_named(struct rules *r, const struct baseline *bl)
{
	lua_State	*L = r->L;
	struct buf	 b = { 0 };
	bool		*want = xcalloc(bl->ncols + 1, sizeof *want);

	lua_newtable(L);
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->project_ref);
	dump_reachable(L, -1, &b, lua_gettop(L) - 1, 6);
	lua_pop(L, 1);
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->settle_ref);
	dump_reachable(L, -1, &b, lua_gettop(L) - 1, 6);
	lua_pop(L, 2);
	for (size_t c = 0; c < bl->ncols; c++)
		want[c] = b.len > 0 && memmem(b.data, b.len, bl->header[c],
		    strlen(bl->header[c])) != NULL;
	buf_free(&b);
	return want;
}

/*
 * Push an area table of baseline row ROW: the columns WANT says, id and
 * name (KEYS holds the header names, then "id" and "name", and IDS the ids,
 * as Lua strings made once), with the area tables' metatable META.
 */
static void
push_row(lua_State *L, const struct baseline *bl, size_t row,
    const bool *want, size_t nwant, int keys, int ids, int meta)
{
	const char	*name = baseline_text(bl, row, bl->name_col);

	lua_createtable(L, 0, (int)nwant + 2);
	for (size_t c = 0; c < bl->ncols; c++) {
		if (!want[c])
			continue;
		lua_rawgeti(L, keys, (lua_Integer)c + 1);
		if (push_cell(L, bl, row, c))
			lua_rawset(L, -3);
		else
			lua_pop(L, 1);
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
	lua_pushvalue(L, meta);
	lua_setmetatable(L, -2);
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
	int			 columns, rowof, meta;	/* area tables' */
};

enum {
	PHASE_PROJECT,
	PHASE_SETTLE,
	PHASE_OUTPUT
};

static void
fail_at(struct proj *p, int year, int phase, size_t area)
{
	p->part->fail_year = year;
	p->part->fail_phase = phase;
	p->part->fail_area = area;
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
		if (lua_getmetatable(L, -1)) {
			/* an area table as the state: a plain one, in full */
			if (lua_rawequal(L, -1, p->meta)) {
				area_fill(L, -2, p->columns, p->rowof);
				lua_pushnil(L);
				lua_setmetatable(L, -3);
			}
			lua_pop(L, 1);
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
			if (!rules_get_states(L, &rd, p->curs, part->bounds[k],
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
		if (!rules_put_states(L, &out[k], p->curs, part->bounds[k],
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
	    !rules_put_states(L, &b, p->curs, p->lo, p->hi, NULL)) {
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
		rc = rules_get_states(L, &rd, p->curs, p->lo, p->hi, true) ?
		    0 : RULES_STOPPED;
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
	size_t		 n = bl->nrows, nwant = 0;
	int		 top = lua_gettop(L), keys, ids, areas, prevs, columns;
	int		 rowof, meta;
	bool		*want;

	if (!lua_checkstack(L, 24))
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
	/* the columns by name (but id and name, always carried) */
	lua_createtable(L, 0, (int)bl->ncols);
	columns = lua_gettop(L);
	for (size_t c = 0; c < bl->ncols; c++) {
		if (strcmp(bl->header[c], "id") == 0 ||
		    strcmp(bl->header[c], "name") == 0)
			continue;
		lua_rawgeti(L, keys, (lua_Integer)c + 1);
		lua_pushinteger(L, (lua_Integer)c + 1);
		lua_rawset(L, columns);
	}
	lua_createtable(L, 0, 2 * (int)(hi - lo));
	rowof = lua_gettop(L);
	lua_createtable(L, 0, 3);
	meta = lua_gettop(L);
	lua_pushvalue(L, columns);
	lua_pushvalue(L, rowof);
	lua_pushcclosure(L, area_index, 2);
	lua_setfield(L, meta, "__index");
	lua_pushvalue(L, columns);
	lua_pushvalue(L, rowof);
	lua_pushcclosure(L, area_pairs, 2);
	lua_setfield(L, meta, "__pairs");
	lua_pushboolean(L, 0);
	lua_setfield(L, meta, "__metatable");
	want = columns_named(r, bl);
	for (size_t c = 0; c < bl->ncols; c++)
		nwant += want[c];
	for (size_t i = lo; i < hi; i++) {
		for (int k = 0; k < 2; k++) {
			push_row(L, bl, i, want, nwant, keys, ids, meta);
			lua_pushvalue(L, -1);
			lua_pushinteger(L, (lua_Integer)i + 1);
			lua_rawset(L, rowof);
			lua_rawseti(L, k == 0 ? areas : prevs,
			    (lua_Integer)i + 1);
		}
	}
	free(want);
	lua_createtable(L, 7, 0);
	for (int k = 0; k < 7; k++) {
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
				    0, 0, 0, 0, 0, 0, 0 };
	size_t			 n = bl->nrows;
	bool			 meet = sc->has_settle && part->nparts > 1;
	int			 rc = 0;
	/* rules_prepare's tables after the first (its keys), in its order */
	int			*const prepared[] = { &p.ids, &p.areas,
				    &p.prevs, &p.columns, &p.rowof, &p.meta };

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
	for (size_t k = 0; k < nitems(prepared); k++) {
		lua_rawgeti(L, 1, (lua_Integer)k + 2);
		*prepared[k] = lua_gettop(L);
	}
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
