/*
 * seat-int: what the facilitator's side of a workshop shares between
 * seat.c (the socket, the participants' connections and messages) and
 * seat-room.c (the room's record: votes, proposals and predictions, their
 * lines in the session, and the lists the facilitator's screen shows).
 */
#ifndef LEVER_SEAT_INT_H
#define LEVER_SEAT_INT_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

#include "session.h"
#include "util.h"

struct tui;
struct view_table;

struct client {
	int		 fd;
	unsigned long	 id;
	uid_t		 uid;
	char		*user;
	bool		 hello;
	bool		 dead;
	bool		 slow;
	bool		 mute;		/* no hello in time */
	double		 since;		/* when it connected */
	struct buf	 in;
	struct buf	 out;
	size_t		 out_off;
	size_t		 allowance;	/* backlog allowed past the snapshot */
	struct settings	*want;		/* a what-if waiting for the worker */
};

/* One vote per participant's user, kept when they leave and rejoin. */
struct vote {
	uid_t	 uid;
	char	*user;
	char	*option;
};

/* A participant's guess at a prediction's answer. */
struct guess {
	uid_t	 uid;
	char	*user;
	double	 value;
};

/*
 * "What will happen to OUTPUT (for FOCUS, in YEAR) if TEXT?": asked by the
 * facilitator, guessed by participants (one guess per user, private to the
 * facilitator's count until the reveal), then revealed against the room's
 * results. BEFORE is the value when it was asked.
 */
struct prediction {
	unsigned	 id;
	char		*text;
	char		*output;	/* the output's name */
	int		 year;		/* 0-based */
	struct focus	 focus;
	double		 before;
	bool		 revealed;
	double		 result;
	struct guess	*guesses;
	size_t		 nguesses;
};

struct seat {
	char			*name;
	struct vote		*votes;
	size_t			 nvotes;
	struct prediction	*preds;		/* the last may be open */
	size_t			 npreds;
	bool			 record_dirty;	/* the session's copy is old */
	bool			 hangup;	/* the facilitator's terminal */
	struct buf		 sent_opts;	/* the last options message */
	char			*path;
	int			 lfd;
	uid_t			*allow;
	size_t			 nallow;
	bool			 group;
	gid_t			 gid;
	size_t			 per_user;	/* connections one user may hold */
	double			 hello_wait;	/* seconds */
	struct client		*c[SEAT_MAX];
	size_t			 n;
	unsigned long		 next_id;
	size_t			 rr;
	struct pool		*pool;
	struct job		*job;
	unsigned long		 job_for;
	struct settings		*job_st;
	struct settings		*sent_cur;
	struct settings		*sent_have;
	unsigned		 sent_gen;
	bool			 sent;
	bool			 resend;	/* the scenario was reloaded */
};


/* seat-room.c */
size_t	 room_votes_for(const struct seat *, const char *option);
/* USER's (one per UID) vote is now OPTION (owned by the room). */
void	 room_vote(struct seat *, uid_t, const char *user, char *option);
/* The open prediction (asked, not revealed), or NULL. */
struct prediction *room_open(struct seat *);
/* Ask TEXT about T's output, focus and year; NULL and *CAUSE if not now. */
struct prediction *room_ask(struct tui *, const char *text, char **cause);
/* USER's guess at the open prediction; false when none is open. */
bool	 room_guess(struct seat *, uid_t, const char *user, double value);
/* Reveal the open prediction against the room's results; NULL and
 * *CAUSE when it cannot be now. */
struct prediction *room_reveal(struct tui *, char **cause);
/* "Jobs, All areas, 2030": what P asks about. */
char	*room_what(const struct tui *, const struct prediction *);
/* The question as participants see it. */
char	*room_question(struct tui *, const struct prediction *);
/* The facilitator's lists: the proposals, a revealed prediction. */
void	 room_proposals_table(struct tui *, struct view_table *);
void	 room_reveal_table(struct tui *, const struct prediction *,
	    struct view_table *);
/* The record to and from the session's "seat" lines. */
void	 room_save(struct tui *);
void	 room_load(struct tui *);
void	 room_free(struct seat *);

#endif
