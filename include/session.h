/*
 * session: what a facilitator would hate to lose. The current lever and
 * assumption values, the named options saved during the workshop, the undo
 * and redo history of every change, the focus (all areas, a group of areas,
 * one area), the selected output and year, and the options being compared.
 *
 * A session lives in one text file per scenario under the state directory
 * ($XDG_STATE_HOME/lever, else ~/.local/state/lever), written atomically
 * after every change. Values are stored by lever and assumption name, so a
 * session survives edits to the scenario: values of levers that still exist
 * are kept, the rest take their defaults. No curses here, no computing.
 */
#ifndef LEVER_SESSION_H
#define LEVER_SESSION_H

#include <stdbool.h>
#include <stddef.h>

struct scenario;
struct settings;

#define SESSION_MAX_COMPARE 4
/* What one session may hold; a file holding more loads with the rest
 * left out and a message (doc/limits.md). */
#define SESSION_MAX_OPTIONS 1000
#define SESSION_MAX_UNDO    10000	/* undo steps, and redo steps */
#define SESSION_MAX_BYTES   (64 << 20)
#define SESSION_MAX_SEAT    20000	/* a workshop's records (votes...) */

enum focus_kind {
	FOCUS_ALL,
	FOCUS_GROUP,		/* areas whose COLUMN holds VALUE */
	FOCUS_AREA		/* the area whose id is VALUE */
};

struct focus {
	enum focus_kind	 kind;
	char		*column;
	char		*value;
};

struct option {
	char		*name;
	struct settings	*st;
};

struct session {
	const struct scenario	 *sc;		/* not owned */
	char			 *script;	/* absolute path */
	char			 *path;		/* the session file */
	struct settings		 *cur;
	struct option		 *opts;
	size_t			  nopts;
	char			 *loaded;	/* option cur was saved as or loaded from */
	struct settings		**undo;
	size_t			  nundo;
	struct settings		**redo;
	size_t			  nredo;
	struct focus		  focus;
	char			 *output;	/* selected output's name */
	int			  year;		/* selected year, 0-based; -1: last */
	char			 *compare[SESSION_MAX_COMPARE];
	size_t			  ncompare;
	char			 *reference;	/* changes are against it; NULL: defaults */
	int			  lock_fd;	/* session_lock's; -1 */
	bool			  readonly;	/* another screen holds it */
	char			 *holder;	/* who, when read-only */
	bool			  temporary;	/* no home: kept for one run */
	/* The workshop's record (seat.c: votes, proposals, predictions),
	 * one line of text each, kept here as it is. */
	char			**seat;
	size_t			  nseat;
};

/* A session at the scenario's defaults, to be kept in STATE_DIR (NULL: the
 * usual state directory). */
struct session	*session_new(const struct scenario *, const char *script,
		    const char *state_dir);
void		 session_free(struct session *);
/* The state directory: $XDG_STATE_HOME/lever or ~/.local/state/lever. */
char		*session_state_dir(void);

/*
 * Make NEXT (owned by the session from now on) the current settings,
 * recording the old ones for undo. False (and NEXT freed) when nothing
 * changed, or when a value in NEXT is NaN or infinite (never kept).
 */
bool		 session_commit(struct session *, struct settings *next);
bool		 session_undo(struct session *);
bool		 session_redo(struct session *);

long		 session_option(const struct session *, const char *name);
/* Save the current settings as NAME (replacing an option of that name);
 * false when SESSION_MAX_OPTIONS options are saved already. */
bool		 session_option_save(struct session *, const char *name);
bool		 session_option_load(struct session *, size_t);
void		 session_option_rename(struct session *, size_t, const char *);
void		 session_option_delete(struct session *, size_t);
/* True when the current settings differ from the option they came from (or
 * from the defaults when they came from none). */
bool		 session_modified(const struct session *);
/* Toggle option I in the comparison; false when four are compared already. */
bool		 session_compare_toggle(struct session *, size_t);
/* Measure changes against option NAME (NULL: the scenario's defaults). */
void		 session_set_reference(struct session *, const char *name);

void		 session_set_focus(struct session *, enum focus_kind,
		    const char *column, const char *value);
void		 session_set_output(struct session *, const char *);

/*
 * One screen owns a session: call session_lock before session_load. It
 * takes an flock on the session file's FILE.lock (released when the
 * process ends, however it ends) and notes there who holds it.
 * SESSION_HELD: this screen owns the session. SESSION_BUSY: another lever
 * holds it; the session is read-only here (session_load reads it,
 * session_save and session_set_aside refuse) and *MSG names the holder,
 * for the screen to show. SESSION_UNLOCKED: no lock could be taken (the
 * state directory is refused or unwritable; *MSG says why); saving will
 * fail with its own message.
 */
enum {
	SESSION_HELD,
	SESSION_BUSY,
	SESSION_UNLOCKED
};
int		 session_lock(struct session *, char **msg);
/*
 * Move the session file aside as FILE.SUFFIX (or FILE.SUFFIX-2, -3, ...:
 * never over an earlier one), for --fresh. Returns the new name, or NULL:
 * no file (*CAUSE NULL), or *CAUSE says why (read-only here, ...).
 */
char		*session_set_aside(struct session *, const char *suffix,
		    char **cause);

/*
 * Write the session file atomically (temporary file in the same
 * directory, fsync, rename; mode 0600, directory 0700). On failure return
 * -1 and set *CAUSE; the session stays in memory.
 */
int		 session_save(const struct session *, char **cause);
/*
 * Read the session file (never following a link, never blocking: it must
 * be a regular file of the user's own, in a state directory of the user's
 * alone). Return 1 when a session was restored (with *CAUSE set if what
 * was past the limits was left out), 0 when there was none, -1 when the
 * file was unreadable or damaged: it is then set aside as FILE.corrupt
 * (or FILE.corrupt-2, ...; never over an earlier one) and *CAUSE says so.
 * Also -1, with nothing read or moved, when the state directory is not
 * the user's alone, or there is no home folder to keep a session in.
 */
int		 session_load(struct session *, char **cause);
/* Make LINES (N of them, owned by the session from now on) the
 * workshop's record, replacing the old. */
void		 session_seat_set(struct session *, char **lines, size_t n);
/* Follow a reloaded scenario: every stored value is carried over by name. */
void		 session_rebind(struct session *, const struct scenario *);

/* Settings as "NAME=VALUE" lines; with DEFAULTS only values differing. */
char		*session_settings_text(const struct scenario *,
		    const struct settings *, const struct settings *defaults);
/* Apply "NAME=VALUE" lines; unknown names and bad values are skipped. */
void		 session_settings_apply(const struct scenario *,
		    struct settings *, const char *text);

#endif
