/*
 * tui-int: what the workshop screen's three files share. tui.c runs the
 * loop (signals, drawing, saving, waiting); tui-compute.c keeps the
 * recomputes and reloads an edited script; tui-keys.c turns keys and
 * prompts into changes of the session and the view.
 */
#ifndef LEVER_TUI_INT_H
#define LEVER_TUI_INT_H

#include <sys/types.h>

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cells.h"
#include "file.h"
#include "job.h"
#include "session.h"
#include "util.h"
#include "view.h"

/*
 * Recomputes: the current settings, the reference, the compared options,
 * and the next step of the lever last moved, computed ahead (SLOT_AHEAD)
 * while the room looks, into the results kept (kept.h).
 */
enum { SLOT_CUR, SLOT_REF, SLOT_CMP,
    SLOT_AHEAD = SLOT_CMP + SESSION_MAX_COMPARE, NSLOTS };
#define MAX_JOBS 2
/*
 * The bands' samples run on both cores where a warm worker is small (at
 * most this many area-years), with one more warm worker in the pool so
 * that a key's recompute still finds one; past it, on one, beside the
 * screen's own two.
 */
#define EXTRAS_SMALL	100000

struct slot {
	struct settings	*have;		/* what res was computed from */
	struct settings	*running;	/* what the job computes */
	struct job	*job;
	struct results	*res;
	double		 started;	/* when the job started */
	double		 took;		/* the last good recompute, seconds */
};

/*
 * A recompute no longer wanted runs on while it is young (under twice as
 * long as the last good one, and at least this many seconds): killing it
 * would cost its warm worker, and the next recompute would start cold.
 * The keys pressed meanwhile make one recompute when it ends. An older
 * one (a script stuck in a loop, say) is killed.
 */
#define YOUNG_MIN	0.25


/* The samples of one option for the bands: the store, its run, what was
 * sampled and for which output; STARTED once its run has begun. */
enum { FAN_CUR, FAN_REF, NFANS };
struct fan {
	struct sample_store	*store;
	struct batch		*batch;
	struct settings		*of;
	size_t			 output;
	bool			 started;
};

struct tui {
	char			*script;
	char			*baseline;	/* --baseline; NULL: the script's */
	struct limits		 lim;
	struct scenario		*sc;
	struct baseline		*bl;
	struct session		*ss;
	struct view		 v;
	struct cells		 cells;
	struct term		*term;
	bool			 utf8, braille;
	struct slot		 slot[NSLOTS];
	struct pool		*pool;		/* warm workers for the slots */
	struct job		*reload_job;	/* describing an edited script */
	struct diag		 errors;
	char			*message;
	char			*save_cause;	/* the last save failed */
	bool			 dirty;		/* session to save */
	bool			 quit;
	struct file_stamp	 script_stamp, base_stamp;
	struct file_stamp	*mod_stamp;	/* [sc->nmodules] */
	const char		**help;
	size_t			 nhelp;
	volatile bool		 hang_draw;	/* LEVER_TEST_HANG_DRAW */
	/* Bands (b): samples of the current settings, then the reference's
	 * with the same draws, on the pool. */
	bool			 bands;
	struct fan		 fan[NFANS];
	/* Which lever did it (a): the attribution, and its runs. */
	struct attrib		*attr;
	struct batch		*attr_batch;
	/* Which assumption matters (t): the tornado, and its runs. */
	struct sensitivity	*sens;
	struct batch		*sens_batch;
	/* Results kept by settings; the way the last move went (+1 or -1),
	 * the step ahead computed first. */
	struct kept		*kept;
	long			 ahead_dir;
	/* the settings at which a step computed ahead failed: no more is
	 * computed ahead until they change */
	struct settings		*ahead_hold;
	double			 tick;		/* seconds between file checks */
	unsigned		 res_gen;	/* new results for SLOT_CUR */

	/* Workshop seats (seat.h): the facilitator's, or a participant's. */
	struct seat		*seat;
	struct seat_proposal	*props;		/* as they came in */
	size_t			 nprops;
	struct join		*join;
	struct view_table	 table;		/* OVERLAY_TABLE's rows */
};

/* What a prompt or question is for. */
enum purpose {
	P_SAVE, P_RENAME, P_EXPORT, P_REPORT, P_FIND, P_LEVER_VALUE, P_ASSUME_VALUE,
	P_QUIT, P_DELETE, P_OVERWRITE, P_PROPOSE, P_VOTE, P_ASK, P_GUESS,
	P_PROPOSALS, P_REVEAL
};

struct seat;
struct seat_proposal;
struct join;
struct term_event;

/* tui.c */
void	 tui_say(struct tui *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 tui_model(struct tui *, struct view_model *);
void	 tui_fit_cells(struct tui *);
void	 tui_help_keys(struct tui *, size_t more);
/* tui-keys.c: FROM with what the cursor is on moved STEPS steps, or back
 * to its default (RESET); NULL when the cursor is on nothing or the move
 * is refused (*CAUSE, if set, says why). */
struct settings *tui_stepped(struct tui *, const struct settings *from,
	    long steps, bool reset, char **cause);
/* Free what T holds (seats, a participant's connection, workers, the
 * terminal): both screens' teardown. */
void	 tui_free(struct tui *);
/* What both screens (tui.c, join.c) start and loop with. */
void	 tui_view_start(struct tui *);
/*
 * The terminal, which a fatal error restores; false when it will not
 * open, said on stderr as PROG's.
 */
bool	 tui_open_term(struct tui *, const char *prog);
/*
 * ON catches SIGHUP, SIGTERM and SIGINT; those and SIGWINCH are blocked,
 * the mask before into OLD (what the loop waits with).
 */
void	 tui_catch_signals(void (*on)(int), sigset_t *old);
/* One event read from the terminal, acted on. */
void	 tui_event(struct tui *, const struct term_event *);

/* tui-compute.c: start, keep or cancel recomputes so each slot heads for
 * what it wants; take a finished one's results; follow edited files. */
void	 tui_schedule(struct tui *);
void	 tui_finish(struct tui *, struct slot *, size_t k);
void	 tui_slot_reset(struct slot *, bool keep_results);
bool	 tui_computing(const struct tui *);
/* Compute ahead a step of what the cursor is on, if a worker is spare. */
void	 tui_schedule_ahead(struct tui *);
/* Compute nothing ahead while the settings are AT (NULL: no such hold). */
void	 tui_ahead_hold(struct tui *, const struct settings *at);
void	 tui_check_files(struct tui *);
/* The modules the scenario required, as they are now. */
void	 tui_stamp_modules(struct tui *);
/* The screen's warm pool for its scenario and baseline; how many runs of
 * the bands go at once on it. */
struct pool *tui_pool_new(const struct tui *, const struct scenario *,
	    const struct baseline *);
size_t	 tui_extras_running(const struct baseline *, const struct scenario *);
void	 tui_reload_finish(struct tui *);
/* Bands and attribution: (re)start what is wanted for the current
 * settings, cancel what is not; poll their runs. */
#define TUI_SAMPLES	200
void	 tui_extras_schedule(struct tui *);
size_t	 tui_extras_fds(struct tui *, int *fds, size_t max, double *timeout);
void	 tui_extras_step(struct tui *);
void	 tui_extras_free(struct tui *);
void	 tui_attr_start(struct tui *);
void	 tui_sens_start(struct tui *);

/* join.c: a participant's screen heads for its what-if on the server. */
void	 join_schedule(struct tui *);
/* A key of the participant's own; false when the screen's keys take it. */
bool	 join_key(struct tui *, int key);
void	 join_propose(struct tui *, const char *name);
/* The vote prompt's title (NULL: no options yet); the vote sent. */
char	*join_vote_title(const struct tui *);
void	 join_vote(struct tui *, const char *text);
/* The participant's guess at the open question, as typed. */
void	 join_guess(struct tui *, const char *text);
/* The participant's settings are the room's (no what-if of their own). */
bool	 join_following(const struct tui *);
/* Close the participant's connection and free its state (none: nothing). */
void	 join_close(struct tui *);

/* tui-keys.c */
void	 tui_key(struct tui *, int key);
/* The session changed: save it and recompute. */
void	 tui_changed(struct tui *);

#endif
