/*
 * seat: a workshop's seats. The facilitator's screen (lever serve) owns the
 * session and the workers and listens on a Unix-domain socket; each
 * participant (lever join, join.c) is a view of it that sends data only:
 * a private what-if's settings and named proposals. The protocol is in
 * doc/seats.md: frames of a type byte, a 32-bit length and a payload built
 * with wire.h. The server never waits on a participant: sockets are
 * non-blocking, and a participant whose unsent output grows past a bound is
 * dropped.
 */
#ifndef LEVER_SEAT_H
#define LEVER_SEAT_H

#include <sys/types.h>

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct scenario;
struct tui;

#define SEAT_VERSION	2
#define SEAT_MAGIC	"lever-seats"
#define SEAT_MAX	64		/* participants at once */
#define SEAT_NAME_MAX	64		/* a workshop's or a proposal's name */
#define SEAT_IN_MAX	(64 << 10)	/* a participant's message */
#define SEAT_BACKLOG	(8 << 20)	/* unsent bytes past the snapshot */
#define SEAT_PROPOSALS	100		/* waiting for the facilitator */
#define SEAT_KEPT	1000		/* proposals listed, waiting or not */
#define SEAT_GUESS_MAX	1e15		/* a guess's magnitude */
#define SEAT_POLLFDS	(SEAT_MAX + 2)
#define SEAT_PER_USER	4		/* connections one user may hold */
#define SEAT_HELLO_WAIT	5		/* seconds for a participant's hello */

enum seat_msg {
	SEAT_HELLO = 'H',	/* both ways: magic, version (server: name, host) */
	SEAT_REFUSED = 'X',	/* server: why, then it closes */
	SEAT_SNAPSHOT = 'N',	/* server: scenario, baseline */
	SEAT_ROOM = 'M',	/* server: the room's settings and results */
	SEAT_WHATIF = 'W',	/* participant: settings; server: results */
	SEAT_PROPOSE = 'P',	/* participant: a name and settings */
	SEAT_TEXT = 'T',	/* server: a line for the status line */
	SEAT_OPTIONS = 'O',	/* server: the saved options and their votes */
	SEAT_VOTE = 'V',	/* participant: the name of an option */
	SEAT_QUESTION = 'Q',	/* server: a prediction asked (or none) */
	SEAT_GUESS = 'G',	/* participant: a guess at the question */
	SEAT_REVEAL = 'A'	/* server: the guesses against the result */
};

struct seat_opts {
	char	*name;
	char	*dir;		/* NULL: the per-user runtime folder */
	char	*allow;		/* user,user,... */
	char	*per_user;	/* --per-user N; NULL: SEAT_PER_USER */
};

/* A participant's proposal; OPTION once it is saved as one (compared or
 * adopted), NULL while it waits. */
struct seat_proposal {
	char		*name;
	char		*from;
	struct settings	*st;
	time_t		 when;
	char		*option;
	bool		 adopted;
};

/* A prediction's reveal, as both screens list it (seat_reveal_table). */
struct seat_guess {
	const char	*user;
	double		 value;
	double		 error;		/* how far off: for the order */
};

struct seat_reveal {
	const char		*question;
	const char		*what;		/* "Jobs, All areas, 2030" */
	const char		*unit;
	double			 before;	/* when it was asked */
	double			 result;
	const struct seat_guess	*guesses;
	size_t			 n;
};

struct view_table;
/* The reveal as a list: the guesses, closest first, against the result. */
void	 seat_reveal_table(const struct seat_reveal *, struct view_table *);

/*
 * Take --name, --dir, --allow and --per-user (and their values) out of ARGV, leaving the
 * screen's own options. Returns 0, or -1 with *CAUSE.
 */
int	 seat_args(int *argc, char **argv, struct seat_opts *, char **cause);
void	 seat_opts_free(struct seat_opts *);
/* A valid workshop name: letters, digits, '.', '_', '-', not '.' first. */
bool	 seat_name_ok(const char *);
/* The default folder for sockets ($XDG_RUNTIME_DIR/lever, else
 * /tmp/lever-UID); created 0700 when MAKE. */
char	*seat_default_dir(bool make, char **cause);
/* DIR/NAME.sock, or NAME itself when it holds a '/'. */
char	*seat_path(const char *dir, const char *name);

/* Listen for T's workshop. Returns -1 with *CAUSE (and *STATUS, an exit
 * code) when it cannot. */
int	 seat_open(struct tui *, const struct seat_opts *, int *status,
	    char **cause);
void	 seat_close(struct tui *);
/* Descriptors to wait on (at most SEAT_POLLFDS) and the longest wait. */
size_t	 seat_pollfds(struct tui *, struct pollfd *, double *timeout);
/* Act on what the wait returned for those descriptors. */
void	 seat_events(struct tui *, const struct pollfd *, size_t);
/* Send the room's settings and results where they changed. */
void	 seat_sync(struct tui *);
/* The scenario was reloaded as SC (T still holds the old one). */
void	 seat_reload(struct tui *, const struct scenario *sc);
/* Who is in the workshop, for the status line. */
char	*seat_who(struct tui *);
/* The votes so far, for the status line. */
char	*seat_tally(struct tui *);
/* Proposal I as a saved option of the session: compared beside the room
 * (seat_compare) or loaded as the room's settings (seat_adopt); false
 * (and said why) when it cannot be. */
bool	 seat_compare(struct tui *, size_t i);
bool	 seat_adopt(struct tui *, size_t i);
/* The proposals list (p) was opened, or is open: fill T's table. */
void	 seat_proposals(struct tui *);
/* Predict, then reveal: ask the room TEXT about the output, focus and
 * year on the facilitator's screen; reveal the guesses against the
 * room's result. Both say on the status line what came of it. */
void	 seat_ask(struct tui *, const char *text);
void	 seat_reveal(struct tui *);
/* The title of the facilitator's prompt for a question. */
char	*seat_ask_title(struct tui *);
/* After the session is loaded: take the workshop's record from it. */
void	 seat_resume(struct tui *);
/* The facilitator's terminal hung up: tell participants to wait for the
 * workshop to resume, instead of that it ended. */
void	 seat_hangup(struct tui *);

/* join.c: a participant's screen. */
int	 join_main(int argc, char **argv);

#endif
