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

struct scenario;
struct tui;

#define SEAT_VERSION	1
#define SEAT_MAGIC	"lever-seats"
#define SEAT_MAX	64		/* participants at once */
#define SEAT_NAME_MAX	64		/* a workshop's or a proposal's name */
#define SEAT_IN_MAX	(64 << 10)	/* a participant's message */
#define SEAT_BACKLOG	(8 << 20)	/* unsent bytes past the snapshot */
#define SEAT_PROPOSALS	100		/* kept for the facilitator */
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
	SEAT_VOTE = 'V'		/* participant: the name of an option */
};

struct seat_opts {
	char	*name;
	char	*dir;		/* NULL: the per-user runtime folder */
	char	*allow;		/* user,user,... */
	char	*per_user;	/* --per-user N; NULL: SEAT_PER_USER */
};

struct seat_proposal {
	char		*name;
	char		*from;
	struct settings	*st;
};

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
/* Make proposal I a saved option of the session; false when it cannot. */
bool	 seat_adopt(struct tui *, size_t i);

/* join.c: a participant's screen. */
int	 join_main(int argc, char **argv);

#endif
