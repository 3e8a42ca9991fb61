/*
 * runlimits: the limits a run of the rules works under, set from the
 * command line (cli.c) and the defaults (limits_default, in job.c), obeyed
 * by the worker processes (job.c) and by the Lua sandbox inside them
 * (rules.c). Its own header so that neither of those includes the other's.
 */
#ifndef LEVER_RUNLIMITS_H
#define LEVER_RUNLIMITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct limits {
	uint64_t	instructions;	/* per rule call */
	size_t		memory;		/* bytes of Lua heap */
	double		seconds;	/* wall clock for the worker */
	bool		print;		/* let print() in rules write to stderr */
	unsigned	workers;	/* worker processes per projection;
					   0: LEVER_WORKERS, else 2 if there
					   are 2+ CPUs, 1000+ areas and no
					   settle */
};
extern const struct limits limits_default;

#endif
