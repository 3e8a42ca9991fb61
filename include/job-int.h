/*
 * job-int.h: what the files of the job module share. job.c is the
 * parent's side of a job (starting a crew of workers, reading what worker 0
 * sends, the watchdog, explaining how a worker ended); worker.c is what
 * runs inside a worker (its set-up and limits, the rules, the messages
 * between workers, a warm worker's serve loop); pool.c keeps crews warm.
 * include/job.h is the public face.
 */
#ifndef LEVER_JOB_INT_H
#define LEVER_JOB_INT_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

#include "job.h"
#include "util.h"

struct rules;

#define JOB_MAX_WORKERS	16

/* The processes of one crew: a one-off job's, or a warm pool member's. */
struct member {
	pid_t			 pids[JOB_MAX_WORKERS];
	size_t			 nworkers;	/* 0: not running */
	int			 fd;		/* from worker 0 */
	int			 req[JOB_MAX_WORKERS];	/* warm: to each */
	double			*map;		/* results, shared */
	unsigned char		*set;		/* warm: settings, shared */
	size_t			 setlen;
	bool			 busy;
};

struct pool {
	const struct scenario	*sc;
	const struct baseline	*bl;
	struct limits		 lim;
	size_t			 nworkers;
	size_t			 maplen;
	size_t			 setlen;	/* length, then settings */
	struct member		*m;
	size_t			 nmembers;
};

struct job {
	struct member		 own;		/* a one-off job's crew */
	struct member		*m;		/* &own, or the pool's */
	struct pool		*pool;
	size_t			 scan;		/* warm: parsed up to here */
	int			 fd;
	enum job_mode		 mode;
	char			*script;
	struct limits		 lim;
	struct buf		 in;
	bool			 eof;
	bool			 done;		/* warm: DONE is in */
	bool			 watchdog;
	bool			 flood;		/* sent more than JOB_PIPE_MAX */
	double			 deadline;
	size_t			 nareas;
	size_t			 nyears;
	size_t			 noutputs;
	size_t			 maplen;
};

/* What a worker knows of the others (see rules_part). */
struct crew {
	size_t		 part;
	size_t		 nparts;
	size_t		 bounds[JOB_MAX_WORKERS + 1];
	int		 up[JOB_MAX_WORKERS];	/* to worker 0; there from k */
	int		 down[JOB_MAX_WORKERS];	/* from worker 0; there to k */
	struct buf	 report[JOB_MAX_WORKERS];
	bool		 reported[JOB_MAX_WORKERS];
	bool		 dead[JOB_MAX_WORKERS];
};

#define DONE_RETIRE	"R"	/* DONE from a warm worker that will exit */
#define POOL_REQUEST	'P'	/* the doorbell: settings are in */

/* job.c */
struct job	*job_new(enum job_mode, const char *script,
		    const struct scenario *, const struct baseline *,
		    const struct limits *);
/* How many workers to split a projection of NAREAS areas across. */
size_t		 job_workers(const struct limits *, size_t nareas,
		    bool settle);
/* Results live in the parent too: refuse what the memory limit would. */
bool		 job_results_fit(const char *script, const struct scenario *,
		    const struct baseline *, const struct limits *,
		    struct diag *);
/* Memory shared with the workers forked after this. */
void		*job_map_shared(size_t);
/* Fork N workers into M; 0, or -1 with errno set and nothing running. */
int		 job_member_spawn(struct member *m, size_t n, enum job_mode,
		    bool warm, const char *script, const struct scenario *,
		    const struct baseline *, const struct settings *,
		    const struct limits *);
/* Kill and reap the crew of M; STATUS and KILLED may be NULL. */
void		 job_member_stop(struct member *m, int *status, bool *killed);

/* worker.c: a worker's life after fork, in this order. */
void		 worker_close_others(int *keep, size_t nkeep);
void		 worker_setup(const struct limits *, size_t nparts,
		    pid_t parent);
/* A warm worker: serve recomputes until the pool goes; never returns. */
void		 worker_serve(int fd, int req, const char *script,
		    const struct scenario *, const struct baseline *,
		    const struct limits *, const struct crew *, double *map,
		    const unsigned char *set, size_t setlen);
void		 worker_cpu_budget(const struct limits *, bool warm);
/* One job; returns the number of problems. */
size_t		 worker_run(int fd, enum job_mode, bool warm,
		    const char *script, struct rules *ready,
		    const struct scenario *, const struct baseline *,
		    const struct settings *, const struct limits *,
		    struct crew *, double *map);

#endif
