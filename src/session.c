/*
 * session: the facilitator's work, kept safe on disk.
 *
 * The file is line-oriented text, written whole after every change:
 *
 *	lever-session 1
 *	script /abs/path/scenario.lua
 *	output retained
 *	year -1
 *	focus all | focus group COLUMN<TAB>VALUE | focus area ID
 *	loaded Option B
 *	compare Option A
 *	begin current | begin option NAME | begin undo | begin redo
 *	local_share=0.75
 *	pot.skills=30
 *	end
 *	seat vote\t1001\tjo\tOption A
 *	end-of-session
 *
 * Current and option blocks hold every value; undo and redo blocks only the
 * values that differ from the defaults. A file without the first or the
 * last line is damaged (truncated) and is set aside, under a name no
 * earlier set-aside file has.
 *
 * Since version 2 every name and value is escaped (backslash, then n, r,
 * t, \\ or xHH for any control byte), so a choice option or an option
 * name holding a newline cannot break a line; version 1 files are still
 * read as they are. Version 3 adds "seat" lines, a workshop's record
 * (votes, proposals, predictions) that seat.c writes and reads; versions 1
 * and 2 load with none. The file is opened without following a link and
 * without blocking, and must be a regular file of the user's own, in a
 * state directory that is the user's alone; loading is linear, and a file
 * holds at most SESSION_MAX_BYTES, SESSION_MAX_OPTIONS options and
 * SESSION_MAX_UNDO undo and redo steps.
 *
 * One screen owns a session at a time: session_lock takes an flock on
 * FILE.lock (holding the owner's pid, terminal and start), and a second
 * screen is told who holds it and runs read-only, saving nothing.
 *
 * Why one file of this length: the format is read and written here side
 * by side (every line kind's writer next to its reader), with the safe
 * open, the lock and the bounds that guard it; split, a change to the
 * format would have to be made in two places.
 */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "file.h"
#include "scenario.h"
#include "session.h"
#include "util.h"

#define SESSION_MAGIC1	"lever-session 1"
#define SESSION_MAGIC2	"lever-session 2"
#define SESSION_MAGIC	"lever-session 3"
#define SESSION_END	"end-of-session"

/*
 * With no home directory at all: a new folder of this process's own
 * (mkdtemp, mode 0700, a name nobody can guess or make first). The
 * session lasts for this run only; session_load says so.
 */
static char *
private_dir(void)
{
	const char	*tmp = getenv("TMPDIR");
	char		*d;

	if (tmp == NULL || tmp[0] != '/')
		tmp = "/tmp";
	d = xasprintf("%s/lever-state-%lu.XXXXXX", tmp,
	    (unsigned long)getuid());
	if (mkdtemp(d) == NULL) {
		free(d);
		d = xasprintf("/tmp/lever-state-%lu.XXXXXX",
		    (unsigned long)getuid());
		if (mkdtemp(d) == NULL)
			fatal("cannot make a private state directory: %s",
			    strerror(errno));
	}
	return d;
}

static char *
state_dir(bool *temporary)
{
	const char	*x = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	struct passwd	*pw;

	if (x != NULL && x[0] == '/')
		return xasprintf("%s/lever", x);
	if ((home == NULL || home[0] == '\0') &&
	    (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	if (home != NULL && home[0] != '\0')
		return xasprintf("%s/.local/state/lever", home);
	if (temporary != NULL)
		*temporary = true;
	return private_dir();
}

char *
session_state_dir(void)
{
	return state_dir(NULL);
}

/* A name safe for one line of the file: no control characters. */
static char *
clean_name(const char *s)
{
	char	*t = xstrdup(s);

	for (char *p = t; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return t;
}

struct session *
session_new(const struct scenario *sc, const char *script,
    const char *dir_given)
{
	struct session	*ss = xcalloc(1, sizeof *ss);
	char		 abs[PATH_MAX], *dir, *base, *dot;
	const char	*slash;
	uint64_t	 h;

	ss->sc = sc;
	ss->script = xstrdup(realpath(script, abs) != NULL ? abs : script);
	h = fnv1a(ss->script);
	slash = strrchr(ss->script, '/');
	base = clean_name(slash != NULL ? slash + 1 : ss->script);
	if ((dot = strrchr(base, '.')) != NULL && dot != base)
		*dot = '\0';
	for (char *p = base; *p != '\0'; p++)
		if (*p == ' ')
			*p = '_';
	dir = dir_given != NULL ? xstrdup(dir_given) :
	    state_dir(&ss->temporary);
	ss->path = xasprintf("%s/%s-%016llx.session", dir, base,
	    (unsigned long long)h);
	free(dir);
	free(base);
	ss->lock_fd = -1;
	ss->cur = settings_new(sc);
	ss->focus.kind = FOCUS_ALL;
	ss->year = -1;
	if (sc->noutputs > 0)
		ss->output = xstrdup(sc->outputs[0].name);
	return ss;
}

static void
free_stack(struct settings **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		settings_free(v[i]);
	free(v);
}

static void
clear_compare(struct session *ss)
{
	for (size_t i = 0; i < ss->ncompare; i++)
		free(ss->compare[i]);
	ss->ncompare = 0;
}

void
session_seat_set(struct session *ss, char **lines, size_t n)
{
	for (size_t i = 0; i < ss->nseat; i++)
		free(ss->seat[i]);
	free(ss->seat);
	ss->seat = lines;
	ss->nseat = n;
}

void
session_free(struct session *ss)
{
	if (ss == NULL)
		return;
	session_seat_set(ss, NULL, 0);
	settings_free(ss->cur);
	for (size_t i = 0; i < ss->nopts; i++) {
		free(ss->opts[i].name);
		settings_free(ss->opts[i].st);
	}
	free(ss->opts);
	free_stack(ss->undo, ss->nundo);
	free_stack(ss->redo, ss->nredo);
	free(ss->loaded);
	free(ss->focus.column);
	free(ss->focus.value);
	free(ss->output);
	clear_compare(ss);
	free(ss->reference);
	if (ss->lock_fd != -1)
		close(ss->lock_fd);	/* and the lock with it */
	free(ss->holder);
	free(ss->script);
	free(ss->path);
	free(ss);
}

/* Push onto an undo or redo stack, its room doubling at each power of 2. */
static void
push(struct settings ***v, size_t *n, struct settings *st)
{
	if ((*n & (*n - 1)) == 0)
		*v = xreallocarray(*v, *n != 0 ? 2 * *n : 1, sizeof **v);
	(*v)[(*n)++] = st;
}

/* Forget the oldest undo steps past SESSION_MAX_UNDO. */
static void
trim_undo(struct session *ss)
{
	size_t	drop;

	if (ss->nundo <= SESSION_MAX_UNDO)
		return;
	drop = ss->nundo - SESSION_MAX_UNDO;
	for (size_t i = 0; i < drop; i++)
		settings_free(ss->undo[i]);
	memmove(ss->undo, ss->undo + drop, SESSION_MAX_UNDO * sizeof *ss->undo);
	ss->nundo = SESSION_MAX_UNDO;
}

bool
session_commit(struct session *ss, struct settings *next)
{
	/* a value that is NaN or infinite (a key held past a huge range, a
	 * prompt) is refused here, so the screen can never keep or save one */
	if (!settings_finite(ss->sc, next) ||
	    settings_equal(ss->sc, ss->cur, next)) {
		settings_free(next);
		return false;
	}
	push(&ss->undo, &ss->nundo, ss->cur);
	trim_undo(ss);
	ss->cur = next;
	free_stack(ss->redo, ss->nredo);
	ss->redo = NULL;
	ss->nredo = 0;
	return true;
}

bool
session_undo(struct session *ss)
{
	if (ss->nundo == 0)
		return false;
	push(&ss->redo, &ss->nredo, ss->cur);
	ss->cur = ss->undo[--ss->nundo];
	return true;
}

bool
session_redo(struct session *ss)
{
	if (ss->nredo == 0)
		return false;
	push(&ss->undo, &ss->nundo, ss->cur);
	ss->cur = ss->redo[--ss->nredo];
	return true;
}

long
session_option(const struct session *ss, const char *name)
{
	for (size_t i = 0; i < ss->nopts; i++)
		if (strcmp(ss->opts[i].name, name) == 0)
			return (long)i;
	return -1;
}

bool
session_option_save(struct session *ss, const char *name)
{
	char	*n = clean_name(name);
	long	 i = session_option(ss, n);

	if (i < 0 && ss->nopts >= SESSION_MAX_OPTIONS) {
		free(n);
		return false;
	}
	if (i >= 0) {
		settings_free(ss->opts[i].st);
		ss->opts[i].st = settings_copy(ss->sc, ss->cur);
		free(n);
	} else {
		ss->opts = xreallocarray(ss->opts, ss->nopts + 1,
		    sizeof *ss->opts);
		ss->opts[ss->nopts].name = n;
		ss->opts[ss->nopts].st = settings_copy(ss->sc, ss->cur);
		ss->nopts++;
		i = (long)ss->nopts - 1;
	}
	free(ss->loaded);
	ss->loaded = xstrdup(ss->opts[i].name);
	return true;
}

bool
session_option_load(struct session *ss, size_t i)
{
	bool	changed;

	if (i >= ss->nopts)
		return false;
	changed = session_commit(ss, settings_copy(ss->sc, ss->opts[i].st));
	free(ss->loaded);
	ss->loaded = xstrdup(ss->opts[i].name);
	return changed;
}

void
session_option_rename(struct session *ss, size_t i, const char *name)
{
	char	*n;

	if (i >= ss->nopts || name[0] == '\0' || session_option(ss, name) >= 0)
		return;
	n = clean_name(name);
	if (ss->loaded != NULL && strcmp(ss->loaded, ss->opts[i].name) == 0) {
		free(ss->loaded);
		ss->loaded = xstrdup(n);
	}
	for (size_t k = 0; k < ss->ncompare; k++)
		if (strcmp(ss->compare[k], ss->opts[i].name) == 0) {
			free(ss->compare[k]);
			ss->compare[k] = xstrdup(n);
		}
	if (ss->reference != NULL &&
	    strcmp(ss->reference, ss->opts[i].name) == 0)
		session_set_reference(ss, n);
	free(ss->opts[i].name);
	ss->opts[i].name = n;
}

static bool
session_compared(const struct session *ss, const char *name)
{
	for (size_t k = 0; k < ss->ncompare; k++)
		if (strcmp(ss->compare[k], name) == 0)
			return true;
	return false;
}

void
session_option_delete(struct session *ss, size_t i)
{
	if (i >= ss->nopts)
		return;
	if (session_compared(ss, ss->opts[i].name))
		session_compare_toggle(ss, i);
	if (ss->reference != NULL &&
	    strcmp(ss->reference, ss->opts[i].name) == 0)
		session_set_reference(ss, NULL);
	if (ss->loaded != NULL && strcmp(ss->loaded, ss->opts[i].name) == 0) {
		free(ss->loaded);
		ss->loaded = NULL;
	}
	free(ss->opts[i].name);
	settings_free(ss->opts[i].st);
	memmove(&ss->opts[i], &ss->opts[i + 1],
	    (ss->nopts - i - 1) * sizeof *ss->opts);
	ss->nopts--;
}

bool
session_modified(const struct session *ss)
{
	struct settings	*def;
	long		 i;
	bool		 same;

	if (ss->loaded != NULL && (i = session_option(ss, ss->loaded)) >= 0)
		return !settings_equal(ss->sc, ss->cur, ss->opts[i].st);
	def = settings_new(ss->sc);
	same = settings_equal(ss->sc, ss->cur, def);
	settings_free(def);
	return !same;
}

void
session_set_reference(struct session *ss, const char *name)
{
	char	*n = name != NULL ? xstrdup(name) : NULL;

	free(ss->reference);
	ss->reference = n;
}

bool
session_compare_toggle(struct session *ss, size_t i)
{
	const char	*name;

	if (i >= ss->nopts)
		return false;
	name = ss->opts[i].name;
	for (size_t k = 0; k < ss->ncompare; k++)
		if (strcmp(ss->compare[k], name) == 0) {
			free(ss->compare[k]);
			memmove(&ss->compare[k], &ss->compare[k + 1],
			    (ss->ncompare - k - 1) * sizeof *ss->compare);
			ss->ncompare--;
			return true;
		}
	if (ss->ncompare == SESSION_MAX_COMPARE)
		return false;
	ss->compare[ss->ncompare++] = xstrdup(name);
	return true;
}

void
session_set_focus(struct session *ss, enum focus_kind kind,
    const char *column, const char *value)
{
	free(ss->focus.column);
	free(ss->focus.value);
	ss->focus.kind = kind;
	ss->focus.column = column != NULL ? clean_name(column) : NULL;
	ss->focus.value = value != NULL ? clean_name(value) : NULL;
}

void
session_set_output(struct session *ss, const char *name)
{
	free(ss->output);
	ss->output = xstrdup(name);
}

/* Escaping */

/* Append S escaped: backslash, then n, r, t, \ or xHH for control bytes. */
static void
put_escaped(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char	c = (unsigned char)*s;

		if (c == '\\')
			buf_adds(b, "\\\\");
		else if (c == '\n')
			buf_adds(b, "\\n");
		else if (c == '\r')
			buf_adds(b, "\\r");
		else if (c == '\t')
			buf_adds(b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			buf_printf(b, "\\x%02x", c);
		else
			buf_addc(b, (char)c);
	}
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Undo put_escaped in place; false when S is not validly escaped. */
static bool
unescape(char *s)
{
	char	*o = s;

	for (; *s != '\0'; s++) {
		if (*s != '\\') {
			*o++ = *s;
			continue;
		}
		switch (*++s) {
		case '\\':
			*o++ = '\\';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'x':
			if (hexval(s[1]) < 0 || hexval(s[2]) < 0 ||
			    hexval(s[1]) * 16 + hexval(s[2]) == 0)
				return false;
			*o++ = (char)(hexval(s[1]) * 16 + hexval(s[2]));
			s += 2;
			break;
		default:
			return false;
		}
	}
	*o = '\0';
	return true;
}

/* Settings text */

static void
put_value(struct buf *b, const char *name, const char *part, double v)
{
	char	num[40];

	fmt_double(num, sizeof num, v);
	if (part != NULL)
		buf_printf(b, "%s.%s=%s\n", name, part, num);
	else
		buf_printf(b, "%s=%s\n", name, num);
}

char *
session_settings_text(const struct scenario *sc, const struct settings *st,
    const struct settings *def)
{
	struct buf	b = { 0 };

	for (size_t i = 0; i < sc->nlevers; i++) {
		const struct lever		*lv = &sc->levers[i];
		const struct lever_value	*v = &st->levers[i];
		const struct lever_value	*d = def ? &def->levers[i] : NULL;
		bool				 differ = false;

		switch (lv->kind) {
		case LEVER_SLIDER:
			if (d == NULL || d->num != v->num)
				put_value(&b, lv->name, NULL, v->num);
			break;
		case LEVER_CHOICE:
			/* an option is the script's text: escaped */
			if (d == NULL || d->choice != v->choice) {
				buf_printf(&b, "%s=", lv->name);
				put_escaped(&b, lv->options[v->choice]);
				buf_addc(&b, '\n');
			}
			break;
		case LEVER_TOGGLE:
			if (d == NULL || d->on != v->on)
				buf_printf(&b, "%s=%s\n", lv->name,
				    v->on ? "true" : "false");
			break;
		case LEVER_SPLIT:
			for (size_t j = 0; j < lv->nparts; j++)
				if (d == NULL || d->parts[j] != v->parts[j])
					differ = true;
			for (size_t j = 0; differ && j < lv->nparts; j++)
				put_value(&b, lv->name, lv->parts[j],
				    v->parts[j]);
			break;
		}
	}
	for (size_t i = 0; i < sc->nassumptions; i++)
		if (def == NULL || def->assumptions[i] != st->assumptions[i])
			put_value(&b, sc->assumptions[i].name, NULL,
			    st->assumptions[i]);
	buf_addc(&b, '\0');
	return b.data;
}

/* Apply settings lines, unescaping their values when ESCAPED. */
static void
apply_text(const struct scenario *sc, struct settings *st, const char *text,
    bool escaped)
{
	const char	*p = text, *nl;

	while (*p != '\0') {
		char	*line, *cause = NULL;

		nl = strchr(p, '\n');
		line = xstrndup(p, nl != NULL ? (size_t)(nl - p) : strlen(p));
		if ((!escaped || unescape(line)) &&
		    settings_set(sc, st, line, &cause) == -1)
			free(cause);
		free(line);
		p = nl != NULL ? nl + 1 : p + strlen(p);
	}
	/* Parts that no longer sum to 100 (parts renamed): the defaults. */
	for (size_t i = 0; i < sc->nlevers; i++) {
		const struct lever	*lv = &sc->levers[i];
		double			 sum = 0;

		if (lv->kind != LEVER_SPLIT)
			continue;
		for (size_t j = 0; j < lv->nparts; j++)
			sum += st->levers[i].parts[j];
		if (!isfinite(sum) || fabs(sum - 100) > 1e-6)
			memcpy(st->levers[i].parts, lv->def_parts,
			    lv->nparts * sizeof *lv->def_parts);
	}
}

void
session_settings_apply(const struct scenario *sc, struct settings *st,
    const char *text)
{
	apply_text(sc, st, text, true);
}

/* Saving */

static void
put_block(struct buf *b, const struct scenario *sc, const char *head,
    const char *name, const struct settings *st, const struct settings *def)
{
	char	*t = session_settings_text(sc, st, def);

	buf_printf(b, "begin %s", head);
	if (name != NULL) {
		buf_addc(b, ' ');
		put_escaped(b, name);
	}
	buf_printf(b, "\n%send\n", t);
	free(t);
}

/* A line "WORD VALUE" with VALUE escaped. */
static void
put_line(struct buf *b, const char *word, const char *value)
{
	buf_printf(b, "%s ", word);
	put_escaped(b, value);
	buf_addc(b, '\n');
}

static char *
session_text(const struct session *ss)
{
	struct buf	 b = { 0 };
	struct settings	*def = settings_new(ss->sc);

	buf_printf(&b, "%s\n", SESSION_MAGIC);
	put_line(&b, "script", ss->script);
	if (ss->output != NULL)
		put_line(&b, "output", ss->output);
	buf_printf(&b, "year %d\n", ss->year);
	switch (ss->focus.kind) {
	case FOCUS_ALL:
		buf_adds(&b, "focus all\n");
		break;
	case FOCUS_GROUP:
		buf_adds(&b, "focus group ");
		put_escaped(&b, ss->focus.column);
		buf_addc(&b, '\t');
		put_escaped(&b, ss->focus.value);
		buf_addc(&b, '\n');
		break;
	case FOCUS_AREA:
		put_line(&b, "focus area", ss->focus.value);
		break;
	}
	if (ss->loaded != NULL)
		put_line(&b, "loaded", ss->loaded);
	for (size_t i = 0; i < ss->ncompare; i++)
		put_line(&b, "compare", ss->compare[i]);
	if (ss->reference != NULL)
		put_line(&b, "reference", ss->reference);
	put_block(&b, ss->sc, "current", NULL, ss->cur, NULL);
	for (size_t i = 0; i < ss->nopts; i++)
		put_block(&b, ss->sc, "option", ss->opts[i].name,
		    ss->opts[i].st, NULL);
	for (size_t i = 0; i < ss->nundo; i++)
		put_block(&b, ss->sc, "undo", NULL, ss->undo[i], def);
	for (size_t i = 0; i < ss->nredo; i++)
		put_block(&b, ss->sc, "redo", NULL, ss->redo[i], def);
	for (size_t i = 0; i < ss->nseat; i++)
		put_line(&b, "seat", ss->seat[i]);
	buf_printf(&b, "%s\n", SESSION_END);
	settings_free(def);
	return b.data;
}

/*
 * Is the directory DIR the user's alone: a directory (not a link), owned
 * by the user, that nobody else can write? -1 with errno (EPERM) if not.
 */
static int
dir_private(const char *dir)
{
	struct stat	sb;

	if (lstat(dir, &sb) == -1)
		return -1;
	if (!S_ISDIR(sb.st_mode) || sb.st_uid != getuid() ||
	    (sb.st_mode & 022) != 0) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

/* The folder PATH is in (a new string). */
static char *
dir_of(const char *path)
{
	const char	*slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Make each missing directory of PATH's parent, mode 0700. */
static int
make_dirs(const char *path)
{
	char	*d = xstrdup(path), *slash;
	int	 rc = 0;

	if ((slash = strrchr(d, '/')) != NULL && slash != d) {
		*slash = '\0';
		for (char *p = d + 1; rc == 0; p++) {
			if (*p != '/' && *p != '\0')
				continue;
			char	c = *p;

			*p = '\0';
			if (mkdir(d, 0700) == -1 && errno != EEXIST)
				rc = -1;
			*p = c;
			if (c == '\0')
				break;
		}
	}
	/* the directory itself must be ours alone: not a link, not shared */
	if (rc == 0 && slash != NULL && slash != d)
		rc = dir_private(d);
	free(d);
	return rc;
}

/* Why the state directory of SS is refused, for a message. */
static char *
dir_refused(const struct session *ss, int err)
{
	char	*dir = dir_of(ss->path), *msg;

	if (err == EPERM)
		msg = xasprintf("the state directory %s is not yours alone (it "
		    "must be a directory of your own that nobody else can "
		    "write to, not a link)", dir);
	else
		msg = xasprintf("cannot use the state directory %s: %s", dir,
		    strerror(err));
	free(dir);
	return msg;
}

int
session_save(const struct session *ss, char **cause)
{
	char	*text;

	*cause = NULL;
	if (ss->readonly) {
		*cause = xasprintf("read-only: another lever has it (%s)",
		    ss->holder != NULL ? ss->holder : "details unknown");
		return -1;
	}
	if (make_dirs(ss->path) == -1) {
		char	*why = dir_refused(ss, errno);

		*cause = xasprintf("cannot save the session in %s: %s",
		    ss->path, why);
		free(why);
		return -1;
	}
	text = session_text(ss);
	if (file_write_data(ss->path, 0600, text, strlen(text)) != 0) {
		*cause = xasprintf("cannot save the session in %s: %s",
		    ss->path, strerror(errno));
		free(text);
		return -1;
	}
	free(text);
	return 0;
}

/*
 * Move PATH aside to PATH.SUFFIX, or PATH.SUFFIX-2, -3, ...: never over a
 * file set aside before. Returns the new name, or NULL with errno set.
 */
static char *
set_aside(const char *path, const char *suffix)
{
	for (int i = 1; i <= 1000; i++) {
		char	*to = i == 1 ? xasprintf("%s.%s", path, suffix) :
			    xasprintf("%s.%s-%d", path, suffix, i);
		struct stat	sb;

		/* link() never replaces a file that is there */
		if (link(path, to) == 0) {
			unlink(path);
			return to;
		}
		if (errno != EEXIST && errno != EPERM && errno != ENOTSUP &&
		    errno != EOPNOTSUPP && errno != EMLINK) {
			free(to);
			return NULL;
		}
		if (errno != EEXIST && lstat(to, &sb) == -1 &&
		    errno == ENOENT) {
			/* no hard links here: rename, having looked */
			if (rename(path, to) == 0)
				return to;
			free(to);
			return NULL;
		}
		free(to);
	}
	errno = EEXIST;
	return NULL;
}

char *
session_set_aside(struct session *ss, const char *suffix, char **cause)
{
	char	*to;

	*cause = NULL;
	if (ss->readonly) {
		*cause = xasprintf("the session is open in another lever (%s); "
		    "it was left as it is", ss->holder != NULL ? ss->holder :
		    "details unknown");
		return NULL;
	}
	if ((to = set_aside(ss->path, suffix)) == NULL && errno != ENOENT)
		*cause = xasprintf("cannot set %s aside: %s", ss->path,
		    strerror(errno));
	return to;
}

/* Loading */

/*
 * Read the session file without following a link and without blocking
 * (a FIFO planted there must not hang the screen): it must be a regular
 * file of the user's own, at most SESSION_MAX_BYTES. NULL with *ERR set
 * (ENOENT: no file) and *WHY for anything but a failed open.
 */
static char *
read_session(const char *path, int *err, char **why)
{
	struct stat	 sb;
	FILE		*f;
	char		*text;
	size_t		 len;
	int		 fd;

	*why = NULL;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW |
	    O_CLOEXEC)) == -1) {
		*err = errno;
		if (errno == ELOOP)
			*why = xstrdup("it is a symbolic link");
		return NULL;
	}
	if (fstat(fd, &sb) == -1) {
		*err = errno;
		close(fd);
		return NULL;
	}
	*err = EINVAL;
	if (!S_ISREG(sb.st_mode))
		*why = xstrdup("it is not a regular file (a pipe, device or "
		    "folder)");
	else if (sb.st_uid != getuid())
		*why = xstrdup("it belongs to another user");
	else if (sb.st_size > (off_t)SESSION_MAX_BYTES)
		*why = xasprintf("it is larger than %d MB",
		    SESSION_MAX_BYTES >> 20);
	if (*why != NULL) {
		close(fd);
		return NULL;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	if ((f = fdopen(fd, "rb")) == NULL) {
		*err = errno;
		close(fd);
		return NULL;
	}
	if ((text = file_read_all(f, SESSION_MAX_BYTES, &len)) == NULL &&
	    errno == EFBIG)
		*why = xasprintf("it is larger than %d MB",
		    SESSION_MAX_BYTES >> 20);
	else if (text == NULL)
		*err = errno;
	else
		*err = 0;
	fclose(f);
	return text;
}

static bool
starts(const char *line, const char *word, const char **rest)
{
	size_t	n = strlen(word);

	if (strncmp(line, word, n) != 0 || (line[n] != ' ' && line[n] != '\0'))
		return false;
	*rest = line[n] == ' ' ? line + n + 1 : line + n;
	return true;
}

/* The names of the options read so far, hashed: loading stays linear. */
struct nameset {
	const char	**v;
	size_t		  cap;
	size_t		  n;
};

/* Add NAME (kept by the caller); false if it is there already. */
static bool
nameset_add(struct nameset *ns, const char *name)
{
	size_t	i;

	if (2 * (ns->n + 1) > ns->cap) {
		struct nameset	old = *ns;

		ns->cap = old.cap ? 2 * old.cap : 64;
		ns->v = xcalloc(ns->cap, sizeof *ns->v);
		ns->n = 0;
		for (size_t k = 0; k < old.cap; k++)
			if (old.v[k] != NULL)
				nameset_add(ns, old.v[k]);
		free(old.v);
	}
	for (i = fnv1a(name) & (ns->cap - 1); ns->v[i] != NULL;
	    i = (i + 1) & (ns->cap - 1))
		if (strcmp(ns->v[i], name) == 0)
			return false;
	ns->v[i] = name;
	ns->n++;
	return true;
}

/* A value as written: unescaped (version 2), or NULL when garbled. */
static char *
value(const char *s, bool v2)
{
	char	*v = xstrdup(s);

	if (v2 && !unescape(v)) {
		free(v);
		return NULL;
	}
	return v;
}

/* How many undo blocks TEXT holds (to keep only the newest). */
static size_t
count_undo(const char *text)
{
	size_t	n = 0;

	/* line by line: strstr from each hit would read to the end again */
	for (const char *p = text; p != NULL; p = strchr(p, '\n'))
		if (strncmp(++p, "begin undo\n", 11) == 0)
			n++;
	return n;
}

/*
 * Parse TEXT into SS; -1 when it is not a whole session file. What was
 * past the limits is dropped and said in *NOTE.
 */
static int
parse(struct session *ss, char *text, char **note)
{
	const struct scenario	*sc = ss->sc;
	struct settings		*st = NULL;
	struct buf		 block = { 0 };
	struct nameset		 names = { 0 };
	char			*line, *next, *optname = NULL, *val = NULL;
	const char		*rest;
	int			 kind = 0;	/* 0 none, 1 cur, 2 opt, 3 undo,
						   4 redo, 5 skipped */
	bool			 ended = false, v2;
	size_t			 undo_skip, skipped_undo = 0, skipped_opts = 0;
	size_t			 skipped_redo = 0, skipped_seat = 0;

	if (strncmp(text, SESSION_MAGIC "\n", strlen(SESSION_MAGIC) + 1) == 0 ||
	    strncmp(text, SESSION_MAGIC2 "\n", strlen(SESSION_MAGIC2) + 1) == 0)
		v2 = true;
	else if (strncmp(text, SESSION_MAGIC1 "\n",
	    strlen(SESSION_MAGIC1) + 1) == 0)
		v2 = false;
	else
		return -1;
	undo_skip = count_undo(text);
	undo_skip = undo_skip > SESSION_MAX_UNDO ? undo_skip -
	    SESSION_MAX_UNDO : 0;
	for (line = text + strlen(SESSION_MAGIC) + 1; *line != '\0';
	    line = next) {
		if ((next = strchr(line, '\n')) == NULL)
			goto bad;	/* a last line without newline: cut off */
		*next++ = '\0';
		if (ended)
			goto bad;
		if (kind != 0) {
			if (strcmp(line, "end") != 0) {
				if (kind != 5) {
					buf_adds(&block, line);
					buf_addc(&block, '\n');
				}
				continue;
			}
			if (kind == 5) {
				kind = 0;
				continue;
			}
			buf_addc(&block, '\0');
			st = settings_new(sc);
			apply_text(sc, st, block.data, v2);
			block.len = 0;
			if (kind == 1) {
				settings_free(ss->cur);
				ss->cur = st;
			} else if (kind == 2) {
				if ((ss->nopts & (ss->nopts - 1)) == 0)
					ss->opts = xreallocarray(ss->opts,
					    ss->nopts ? 2 * ss->nopts : 1,
					    sizeof *ss->opts);
				ss->opts[ss->nopts].name = optname;
				ss->opts[ss->nopts++].st = st;
				optname = NULL;
			} else if (kind == 3)
				push(&ss->undo, &ss->nundo, st);
			else
				push(&ss->redo, &ss->nredo, st);
			kind = 0;
			continue;
		}
		if (strcmp(line, SESSION_END) == 0)
			ended = true;
		else if (starts(line, "output", &rest)) {
			if ((val = value(rest, v2)) == NULL)
				goto bad;
			if (scenario_output(sc, val) >= 0)
				session_set_output(ss, val);
		} else if (starts(line, "year", &rest))
			ss->year = atoi(rest) < -1 ? -1 : atoi(rest);
		else if (starts(line, "focus", &rest)) {
			const char	*v;
			char		*tab, *col;

			if (strcmp(rest, "all") == 0)
				session_set_focus(ss, FOCUS_ALL, NULL, NULL);
			else if (starts(rest, "area", &v) && *v != '\0') {
				if ((val = value(v, v2)) == NULL)
					goto bad;
				session_set_focus(ss, FOCUS_AREA, NULL, val);
			} else if (starts(rest, "group", &v) &&
			    (tab = strchr(v, '\t')) != NULL) {
				/* the tab between them is never escaped */
				*tab = '\0';
				col = value(v, v2);
				if (col == NULL || (val = value(tab + 1, v2)) ==
				    NULL) {
					free(col);
					goto bad;
				}
				session_set_focus(ss, FOCUS_GROUP, col, val);
				free(col);
			}
		} else if (starts(line, "loaded", &rest)) {
			if ((val = value(rest, v2)) == NULL)
				goto bad;
			free(ss->loaded);
			ss->loaded = clean_name(val);
		} else if (starts(line, "compare", &rest)) {
			if ((val = value(rest, v2)) == NULL)
				goto bad;
			if (ss->ncompare < SESSION_MAX_COMPARE)
				ss->compare[ss->ncompare++] = clean_name(val);
		} else if (starts(line, "seat", &rest)) {
			if ((val = value(rest, v2)) == NULL)
				goto bad;
			if (ss->nseat >= SESSION_MAX_SEAT)
				skipped_seat++;
			else {
				if ((ss->nseat & (ss->nseat - 1)) == 0)
					ss->seat = xreallocarray(ss->seat,
					    ss->nseat ? 2 * ss->nseat : 1,
					    sizeof *ss->seat);
				ss->seat[ss->nseat++] = val;
				val = NULL;
			}
		} else if (starts(line, "reference", &rest)) {
			if ((val = value(rest, v2)) == NULL)
				goto bad;
			session_set_reference(ss, val);
		} else if (starts(line, "begin", &rest)) {
			const char	*name;

			if (strcmp(rest, "current") == 0)
				kind = 1;
			else if (starts(rest, "option", &name) &&
			    *name != '\0') {
				if ((val = value(name, v2)) == NULL)
					goto bad;
				optname = clean_name(val);
				kind = 2;
				if (ss->nopts >= SESSION_MAX_OPTIONS) {
					skipped_opts++;
					kind = 5;
				} else if (!nameset_add(&names, optname))
					kind = 5;	/* a name twice */
				if (kind == 5) {
					free(optname);
					optname = NULL;
				}
			} else if (strcmp(rest, "undo") == 0) {
				kind = 3;
				if (undo_skip > 0) {
					undo_skip--;
					skipped_undo++;
					kind = 5;
				}
			} else if (strcmp(rest, "redo") == 0) {
				kind = 4;
				if (ss->nredo >= SESSION_MAX_UNDO) {
					skipped_redo++;
					kind = 5;
				}
			} else
				goto bad;
		}
		free(val);
		val = NULL;
		/* Other lines (a later version's) are skipped. */
	}
	if (!ended || kind != 0)
		goto bad;
	/* Forget compared or loaded options that are not there. */
	for (size_t k = 0; k < ss->ncompare; k++)
		if (session_option(ss, ss->compare[k]) < 0) {
			free(ss->compare[k]);
			memmove(&ss->compare[k], &ss->compare[k + 1],
			    (ss->ncompare - k - 1) * sizeof *ss->compare);
			ss->ncompare--;
			k--;
		}
	if (ss->loaded != NULL && session_option(ss, ss->loaded) < 0) {
		free(ss->loaded);
		ss->loaded = NULL;
	}
	if (ss->reference != NULL && session_option(ss, ss->reference) < 0)
		session_set_reference(ss, NULL);
	if (skipped_seat > 0)
		*note = xasprintf("the saved session held more than %d "
		    "records of its workshop: the last %zu were left out",
		    SESSION_MAX_SEAT, skipped_seat);
	else if (skipped_opts + skipped_undo + skipped_redo > 0)
		*note = xasprintf("the saved session held more than a session "
		    "may (%d options, %d undo and %d redo steps): %zu "
		    "option%s and %zu of the oldest undo steps were left out",
		    SESSION_MAX_OPTIONS, SESSION_MAX_UNDO, SESSION_MAX_UNDO,
		    skipped_opts, skipped_opts == 1 ? "" : "s",
		    skipped_undo + skipped_redo);
	buf_free(&block);
	free(names.v);
	return 0;
bad:
	free(val);
	free(optname);
	buf_free(&block);
	free(names.v);
	return -1;
}

/* Put SS back to a fresh session (after a damaged file). */
static void
reset(struct session *ss)
{
	settings_free(ss->cur);
	ss->cur = settings_new(ss->sc);
	for (size_t i = 0; i < ss->nopts; i++) {
		free(ss->opts[i].name);
		settings_free(ss->opts[i].st);
	}
	free(ss->opts);
	ss->opts = NULL;
	ss->nopts = 0;
	free_stack(ss->undo, ss->nundo);
	free_stack(ss->redo, ss->nredo);
	ss->undo = ss->redo = NULL;
	ss->nundo = ss->nredo = 0;
	free(ss->loaded);
	ss->loaded = NULL;
	clear_compare(ss);
	session_set_focus(ss, FOCUS_ALL, NULL, NULL);
	ss->year = -1;
	session_seat_set(ss, NULL, 0);
}

int
session_load(struct session *ss, char **cause)
{
	char	*text, *aside, *why = NULL, *note = NULL, *dir;
	int	 err;

	*cause = NULL;
	if (ss->temporary) {
		*cause = xasprintf("there is no home folder (no HOME and no "
		    "password entry): this session is kept in %s for this "
		    "run only; set XDG_STATE_HOME to keep it", ss->path);
		return -1;
	}
	/* a session planted in a directory others can write is not ours */
	dir = dir_of(ss->path);
	if (dir_private(dir) == -1 && errno != ENOENT) {
		char	*refused = dir_refused(ss, errno);

		*cause = xasprintf("%s; the saved session there was not read",
		    refused);
		free(refused);
		free(dir);
		return -1;
	}
	free(dir);
	if ((text = read_session(ss->path, &err, &why)) == NULL &&
	    why == NULL) {
		if (err == ENOENT)
			return 0;
		*cause = xasprintf("cannot read the session %s: %s; starting "
		    "anew", ss->path, strerror(err));
		return -1;
	}
	if (text != NULL && text[0] != '\0' && parse(ss, text, &note) == 0) {
		free(text);
		*cause = note;
		return 1;
	}
	free(text);
	reset(ss);
	if (ss->readonly)
		aside = NULL, errno = EBUSY;
	else
		aside = set_aside(ss->path, "corrupt");
	if (aside != NULL)
		*cause = xasprintf("the saved session was damaged%s%s; it was "
		    "set aside as %s and a new session started",
		    why != NULL ? ": " : "", why != NULL ? why : "", aside);
	else
		*cause = xasprintf("the saved session %s was damaged%s%s and "
		    "could not be set aside (%s); a new session started",
		    ss->path, why != NULL ? ": " : "", why != NULL ? why : "",
		    strerror(errno));
	free(why);
	free(aside);
	return -1;
}

/* Session ownership */

/* Who holds the lock, from the lock file FD, made safe to show. */
static char *
read_holder(int fd)
{
	char	buf[256];
	ssize_t	n = pread(fd, buf, sizeof buf - 1, 0);
	char	*nl;

	if (n <= 0)
		return xstrdup("details unknown");
	buf[n] = '\0';
	if ((nl = strchr(buf, '\n')) != NULL)
		*nl = '\0';
	return safe_text(buf, 0);
}

int
session_lock(struct session *ss, char **msg)
{
	char		*lock, host[256] = "", when[64] = "?", *tty;
	struct stat	 sb;
	struct buf	 b = { 0 };
	time_t		 now = time(NULL);
	struct tm	 tm;
	int		 fd;

	*msg = NULL;
	if (ss->lock_fd != -1)
		return SESSION_HELD;
	if (make_dirs(ss->path) == -1) {
		char	*why = dir_refused(ss, errno);

		*msg = xasprintf("cannot lock the session: %s", why);
		free(why);
		return SESSION_UNLOCKED;
	}
	lock = xasprintf("%s.lock", ss->path);
	fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC,
	    0600);
	if (fd == -1 || fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    sb.st_uid != getuid()) {
		*msg = xasprintf("cannot lock the session with %s: %s", lock,
		    fd == -1 ? strerror(errno) : "not a regular file of yours");
		if (fd != -1)
			close(fd);
		free(lock);
		return SESSION_UNLOCKED;
	}
	free(lock);
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno != EWOULDBLOCK) {
			*msg = xasprintf("cannot lock the session: %s",
			    strerror(errno));
			close(fd);
			return SESSION_UNLOCKED;
		}
		free(ss->holder);
		ss->holder = read_holder(fd);
		close(fd);
		ss->readonly = true;
		*msg = xasprintf("read-only: this session is open in another "
		    "lever (%s); nothing here is saved", ss->holder);
		return SESSION_BUSY;
	}
	gethostname(host, sizeof host - 1);
	if (gmtime_r(&now, &tm) != NULL)
		strftime(when, sizeof when, "%H:%M UTC", &tm);
	if ((tty = ttyname(STDIN_FILENO)) != NULL &&
	    strncmp(tty, "/dev/", 5) == 0)
		tty += 5;
	/* short: the second screen shows it on its status line */
	buf_printf(&b, "pid %ld, %s, since %s, on %s\n", (long)getpid(),
	    tty != NULL ? tty : "no terminal", when, host[0] != '\0' ? host :
	    "this machine");
	/* the lock holds even if the details cannot be written */
	if (ftruncate(fd, 0) == 0)
		(void)!pwrite(fd, b.data, b.len, 0);
	buf_free(&b);
	ss->lock_fd = fd;
	return SESSION_HELD;
}
/* Carry one set of settings over to a new scenario description. */
static struct settings *
carry(const struct scenario *from, const struct scenario *to,
    struct settings *st)
{
	char		*t = session_settings_text(from, st, NULL);
	struct settings	*n = settings_new(to);

	session_settings_apply(to, n, t);
	free(t);
	settings_free(st);
	return n;
}

void
session_rebind(struct session *ss, const struct scenario *sc)
{
	const struct scenario	*old = ss->sc;

	ss->cur = carry(old, sc, ss->cur);
	for (size_t i = 0; i < ss->nopts; i++)
		ss->opts[i].st = carry(old, sc, ss->opts[i].st);
	for (size_t i = 0; i < ss->nundo; i++)
		ss->undo[i] = carry(old, sc, ss->undo[i]);
	for (size_t i = 0; i < ss->nredo; i++)
		ss->redo[i] = carry(old, sc, ss->redo[i]);
	ss->sc = sc;
	if (ss->output == NULL || scenario_output(sc, ss->output) < 0) {
		free(ss->output);
		ss->output = sc->noutputs > 0 ? xstrdup(sc->outputs[0].name) :
		    NULL;
	}
}
