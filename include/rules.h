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

struct baseline;
struct diag;
struct limits;
struct results;
struct scenario;
struct settings;

struct rules;

struct rules		*rules_open(const char *script, const struct limits *,
			    struct diag *);
const struct scenario	*rules_scenario(const struct rules *);
/* Run the projection; on failure return -1 with the problem in DIAG. */
int			 rules_project(struct rules *, const struct baseline *,
			    const struct settings *, struct results *,
			    struct diag *);
void			 rules_close(struct rules *);

#endif
