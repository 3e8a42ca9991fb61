/*
 * test_lazy: the lazily counted instruction budget (src/rules-sandbox.c).
 * In a process whose timer runs (rules_tick_start, as a worker's), a state
 * with the default budget starts its calls without the count hook; a call
 * that runs on gets the hook from the timer, and the next call starts
 * without it again. A small budget is counted from the start, and a child
 * forked from a ticking process, which has no timer, counts from the start
 * too. That the endless loops are still stopped at the default budget is
 * tests/hostile.sh's.
 */
#include "config.h"

#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <lua.h>

#include "check.h"
#include "rules.h"
#include "rules-int.h"
#include "runlimits.h"
#include "util.h"

static const char script[] =
    "scenario { title = \"Lazy\", baseline = \"none.csv\", start = 2024,\n"
    "  years = 1 }\n"
    "output \"x\" {}\n"
    "function project(area, prev, L, year) return { x = 1 } end\n"
    "function spin(n) local s = 0 for i = 1, n do s = s + i end\n"
    "  return s end\n";

/* Call the script's function NAME with N: the call's status. */
static int
call(struct rules *r, const char *name, lua_Integer n)
{
	int	status;

	lua_rawgeti(r->L, LUA_REGISTRYINDEX, r->env_ref);
	lua_getfield(r->L, -1, name);
	lua_remove(r->L, -2);
	lua_pushinteger(r->L, n);
	status = rules_call(r, 1, 1);
	lua_settop(r->L, 0);
	return status;
}

static struct rules *
open_with(const char *path, uint64_t budget)
{
	struct limits	 lim = limits_default;
	struct diag	 d = { 0 };
	struct rules	*r;

	lim.instructions = budget;
	if ((r = rules_open(path, &lim, &d)) == NULL) {
		diag_print(&d, stderr);
		exit(99);
	}
	diag_clear(&d);
	return r;
}

int
main(void)
{
	char		 path[] = "/tmp/test_lazy.XXXXXX";
	int		 fd = mkstemp(path);
	struct rules	*r;
	pid_t		 pid;
	int		 st;

	if (fd == -1 || write(fd, script, sizeof script - 1) !=
	    (ssize_t)(sizeof script - 1)) {
		perror("test_lazy");
		return 99;
	}
	close(fd);
	rules_tick_start();

	/* the default budget: lazy; a long call is hooked, a short not */
	r = open_with(path, limits_default.instructions);
	CHECK(r->lazy);
	CHECK(!r->armed);
	CHECK(call(r, "spin", 20000000) == LUA_OK);	/* ~0.1 s of CPU */
	CHECK(r->armed);
	CHECK(lua_gethook(r->L) != NULL);
	CHECK(call(r, "spin", 10) == LUA_OK);
	CHECK(!r->armed);
	CHECK(lua_gethook(r->L) == NULL);
	rules_close(r);

	/* a small budget: counted from the start, and met */
	r = open_with(path, 1000000);
	CHECK(!r->lazy);
	CHECK(lua_gethook(r->L) != NULL);
	CHECK(call(r, "spin", 10) == LUA_OK);
	CHECK(call(r, "spin", 20000000) != LUA_OK && r->over);
	rules_close(r);

	/* a child has no timer: the default budget is counted in full */
	if ((pid = fork()) == 0) {
		r = open_with(path, limits_default.instructions);
		_exit(!r->lazy && lua_gethook(r->L) != NULL ? 0 : 1);
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0);

	unlink(path);
	if (failures > 0)
		fprintf(stderr, "test_lazy: %d check(s) failed\n", failures);
	return failures > 0;
}
