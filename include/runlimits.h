/*
 * runlimits: the limits a run of the rules works under, set from the
 * command line (cli.c) and the defaults (limits_default, in job.c), obeyed
 * by the worker processes (worker.c) and by the Lua sandbox inside them
 * (rules-sandbox.c). Its own header so that neither of those includes the
 * other's.
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

/* --max-memory's bounds, in bytes: below 1 MB the sandbox cannot start. */
#define LIMITS_MEMORY_MIN	((size_t)1 << 20)
#define LIMITS_MEMORY_MAX	((size_t)1 << 40)

/*
 * How a worker process ends when no signal ends it; job.c tells the user
 * which of these was the script's doing, which lever's limits and which
 * the system's.
 */
enum worker_exit {
	WORKER_OK = 0,
	WORKER_PROBLEMS = 1,	/* the run found problems, sent as messages */
	WORKER_PANIC = 70,	/* Lua panicked: out of memory under the cap */
	WORKER_NOMEM = 71,	/* out of memory outside Lua (RLIMIT_AS) */
	WORKER_ORPHAN = 74,	/* the parent is gone */
	WORKER_PEER = 75,	/* worker 0: another worker died */
	WORKER_REQUEST = 76	/* a warm worker: a garbled request */
};

#endif
