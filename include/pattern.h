/*
 * pattern: Lua's string patterns, matched with a step count, and the other
 * string and table functions whose whole work happens inside one C call.
 *
 * Lua's count hook runs only between Lua instructions, so a backtracking
 * pattern (nested .- over a long subject) or string.rep("", 1e18) runs
 * inside one call where no hook fires. These replacements do the same work
 * as Lua 5.4's own (same results, same messages) but report it: every
 * PATTERN_CHUNK steps of matching, and before a loop whose length they can
 * tell, they call the budget's charge function, which raises the budget
 * error once a rule call is over its instruction budget. Part of the rules
 * layer: runs only in workers.
 */
#ifndef LEVER_PATTERN_H
#define LEVER_PATTERN_H

#include <stdint.h>

#include <lua.h>

#define PATTERN_CHUNK	1024	/* steps counted between two charges */

struct pattern_budget {
	/* Count N steps as N instructions; raise a Lua error when over. */
	void	(*charge)(lua_State *, void *ud, uint64_t n);
	void	 *ud;
};

/*
 * Replace find, match, gmatch, gsub and rep in the string table at index
 * STR, and concat, insert, move, remove and sort in the table table at
 * index TAB, with versions that charge BUDGET (which must outlive the
 * state).
 */
void	pattern_install(lua_State *, int str, int tab,
	    struct pattern_budget *budget);

#endif
