/*
 * rules: the Lua side of a scenario, run only inside a worker process.
 *
 * rules_open builds a sandboxed Lua 5.4 state (only math, string, table,
 * utf8 and the base functions that cannot escape; a capped allocator; an
 * instruction budget per rule call that pcall cannot swallow), runs the
 * script's top level to collect its declarations into a struct scenario,
 * and checks them. rules_project then calls project() for every area and
 * year and settle() after each year, writing the declared outputs into a
 * struct results.
 */
#ifndef LEVER_RULES_H
#define LEVER_RULES_H

#include <stdbool.h>

#include <stddef.h>

struct baseline;
struct buf;
struct diag;
struct limits;
struct results;
struct scenario;
struct settings;

struct rules;

struct rules		*rules_open(const char *script, const struct limits *,
			    struct diag *);
/*
 * In a worker, once after fork: start the CPU-time timer (SIGVTALRM) that
 * lets a large instruction budget be counted lazily (rules-int.h).
 */
void			 rules_tick_start(void);
const struct scenario	*rules_scenario(const struct rules *);
/* Run the projection; on failure return -1 with the problem in DIAG. */
int			 rules_project(struct rules *, const struct baseline *,
			    const struct settings *, struct results *,
			    struct diag *);
void			 rules_close(struct rules *);
/* Bytes of Lua heap in use. */
size_t			 rules_memory(const struct rules *);
/*
 * Build ahead what projecting areas LO..HI of BL needs whatever the
 * settings (each area's table and its copy as the first prev), as a warm
 * worker does while it waits. It serves the next projection only; without
 * it, the projection builds them itself.
 */
void			 rules_prepare(struct rules *, const struct baseline *,
			    size_t lo, size_t hi);
/*
 * L and A are guarded, not proxied, for speed: a rule that overwrites a
 * value is caught after the year, without its line (rules_tampered).
 * Strict mode proxies them, so the write fails at once with its line.
 */
void			 rules_set_strict(struct rules *);
bool			 rules_tampered(const struct rules *);

/*
 * One part of a projection split across worker processes. Part K projects
 * areas BOUNDS[K] .. BOUNDS[K + 1] - 1 and writes their results; areas are
 * independent within a year. With settle, after each year every other part
 * sends its states to part 0 through SEND and RECV (whole messages to or
 * from a peer part; -1 when the peer is gone), which settles all the areas,
 * writes every area's results and sends the states back.
 */
struct rules_part {
	size_t		 part;
	size_t		 nparts;
	const size_t	*bounds;	/* nparts + 1 */
	void		*ctx;
	int		(*send)(void *ctx, size_t peer, const void *, size_t);
	int		(*recv)(void *ctx, size_t peer, struct buf *);
	int		 fail_year;	/* out: where a -1 return failed, */
	int		 fail_phase;	/* so that parts can report the */
	size_t		 fail_area;	/* failure one worker would meet first */
};
#define RULES_STOPPED	1	/* another part failed or is gone */
#define RULES_SERIAL	2	/* states can't travel: run in one worker */
/* 0, -1 with the problem in DIAG, RULES_STOPPED or RULES_SERIAL. */
int			 rules_project_part(struct rules *,
			    const struct baseline *, const struct settings *,
			    struct results *, struct rules_part *,
			    struct diag *);

#endif
