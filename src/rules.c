/*
 * rules: the Lua side of a scenario. Runs only inside a worker process.
 *
 * One sandboxed state per script (rules-sandbox.c). The script's chunk gets
 * its own _ENV (the sandbox table, never the real globals); its top level
 * declares the scenario through scenario{}, assume "x" {}, lever "x" {} and
 * output "x" {} (rules-decl.c), which make a struct scenario, and may
 * require modules from its own folder (here). The projection then calls the
 * script's project() and settle() functions (rules-project.c).
 *
 * This file opens a script: reads it, runs its top level under the limits,
 * checks what only the whole script can tell, and closes it.
 */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "file.h"
#include "rules.h"
#include "rules-int.h"
#include "scenario.h"
#include "util.h"

#define SCRIPT_MAX	(8u << 20)
/*
 * The collector's pause, in percent: a cycle starts when the heap reaches
 * this much of what the last one left alive. Lua's 200 re-marks the area
 * tables, alive for the whole projection, too often: at 400 a projection
 * is about a fifth faster for a sixth more memory (doc/performance.md).
 * The memory cap still holds: at the cap Lua collects in full and retries.
 */
#define GC_PAUSE	400

static char *
read_script(const char *path, size_t *len, struct diag *diag)
{
	FILE		*f;
	char		*text;
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
	if ((text = file_read_all(f, SCRIPT_MAX, len)) == NULL &&
	    errno == EFBIG)
		diag_add(diag, "%s: the scenario is larger than %u MB; is this "
		    "the right file?", path, SCRIPT_MAX >> 20);
	else if (text == NULL)
		diag_add(diag, "%s: cannot read the scenario: %s", path,
		    strerror(errno));
	fclose(f);
	return text;
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
	/* what else the screen watches and a report hashes */
	r->sc->modules = xreallocarray(r->sc->modules, r->sc->nmodules + 1,
	    sizeof *r->sc->modules);
	r->sc->modules[r->sc->nmodules++] = xstrdup(file);
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
	rules_watch(r);
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
	rules_unwatch(r);
	if (r->L != NULL)
		lua_close(r->L);
	scenario_free(r->sc);
	free(r);
}
