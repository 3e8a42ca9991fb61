/*
 * rules-int.h: what the files of the rules module share (rules.c opens a
 * script, rules-sandbox.c is the state's limits and safe environment,
 * rules-decl.c reads the declarations, rules-project.c runs the projection
 * and its exchange between parts, rules-states.c encodes states for that
 * exchange). Compiled only with LUA_CFLAGS: include/rules.h is the public
 * face.
 */
#ifndef LEVER_RULES_INT_H
#define LEVER_RULES_INT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <lua.h>

#include "pattern.h"
#include "runlimits.h"

struct baseline;
struct buf;
struct diag;
struct scenario;
struct wire_reader;

#define HOOK_EVERY	1000
/*
 * The count hook costs a third of a projection: once one is set, Lua
 * traps to it on every instruction, whatever the count. With a budget of
 * at least LAZY_BUDGET instructions in a worker, a call starts without it;
 * a CPU-time timer ticks every TICK_US, and Lua code still running at its
 * second tick since the call began gets the hook (rules_watch).
 */
#define LAZY_BUDGET	100000000ULL
#define TICK_US		10000
#define DECL_PROBLEMS_MAX 100		/* declaration problems listed */

struct rules {
	lua_State		*L;
	struct scenario		*sc;
	struct diag		*diag;
	struct limits		 lim;
	size_t			 mem;
	uint64_t		 used;
	bool			 over;
	bool			 lazy;		/* the hook waits for the timer */
	volatile sig_atomic_t	 armed;		/* the timer set the hook */
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

static inline struct rules *
rules_from(lua_State *L)
{
	return *(struct rules **)lua_getextraspace(L);
}

/* Messages between parts: the first byte says what follows. */
#define MSG_STATES	'S'	/* states follow */
#define MSG_STOP	'X'	/* a part failed or is gone: stop quietly */
#define MSG_SERIAL	'F'	/* states cannot travel: run in one worker */
#define MSG_DONE	'D'	/* the last year is settled */

/* rules-sandbox.c */
void	*rules_alloc(void *, void *, size_t, size_t);
void	 rules_hook(lua_State *, lua_Debug *);
int	 rules_panic(lua_State *);
/* Call the function below NARGS arguments with the budget reset. */
int	 rules_call(struct rules *, int nargs, int nres);
/* Count R's instructions: from the start, or lazily (LAZY_BUDGET). */
void	 rules_watch(struct rules *);
/* R is closing: the timer forgets it. */
void	 rules_unwatch(const struct rules *);
/* The message for a failed call, with the limit named if one was hit. */
char	*rules_error(struct rules *, int status);
void	 rules_reseed(struct rules *, uint64_t seed, uint64_t area,
	    uint64_t year);
/* Replace the table on top of the stack with a read-only proxy of it. */
void	 rules_make_readonly(struct rules *, const char *what);
/* Guard the table on top of the stack; rules_guards_intact checks it. */
void	 rules_guard(struct rules *, const char *name, const char *what);
int	 rules_guards_intact(struct rules *, const char *when, struct diag *);
/* Build the sandbox table every chunk gets as its _ENV. */
void	 rules_sandbox(struct rules *);

/* rules-decl.c: scenario, assume, lever and output in the sandbox. */
void	 rules_declarations(struct rules *);

/* rules-states.c: states as they travel between parts. */
bool	 rules_put_states(lua_State *, struct buf *, int curs, size_t lo,
	    size_t hi, const bool *replaced);
bool	 rules_get_states(lua_State *, struct wire_reader *, int curs,
	    size_t lo, size_t hi, bool flagged);

#endif
