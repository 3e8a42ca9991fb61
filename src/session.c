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
 *	end-of-session
 *
 * Current and option blocks hold every value; undo and redo blocks only the
 * values that differ from the defaults. A file without the first or the
 * last line is damaged (truncated) and is set aside.
 */
#include "config.h"

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
#include <unistd.h>

#include "scenario.h"
#include "session.h"
#include "util.h"

#define SESSION_MAGIC	"lever-session 1"
#define SESSION_END	"end-of-session"

char *
session_state_dir(void)
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
	return xasprintf("/tmp/lever-state-%lu", (unsigned long)getuid());
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
    const char *state_dir)
{
	struct session	*ss = xcalloc(1, sizeof *ss);
	char		 abs[PATH_MAX], *dir, *base, *dot;
	const char	*slash;
	uint64_t	 h = 14695981039346656037ULL;

	ss->sc = sc;
	ss->script = xstrdup(realpath(script, abs) != NULL ? abs : script);
	for (const char *p = ss->script; *p != '\0'; p++) {
		h ^= (unsigned char)*p;
		h *= 1099511628211ULL;
	}
	slash = strrchr(ss->script, '/');
	base = clean_name(slash != NULL ? slash + 1 : ss->script);
	if ((dot = strrchr(base, '.')) != NULL && dot != base)
		*dot = '\0';
	for (char *p = base; *p != '\0'; p++)
		if (*p == ' ')
			*p = '_';
	dir = state_dir != NULL ? xstrdup(state_dir) : session_state_dir();
	ss->path = xasprintf("%s/%s-%016llx.session", dir, base,
	    (unsigned long long)h);
	free(dir);
	free(base);
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
session_free(struct session *ss)
{
	if (ss == NULL)
		return;
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
	free(ss->script);
	free(ss->path);
	free(ss);
}

static void
push(struct settings ***v, size_t *n, struct settings *st)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = st;
}

bool
session_commit(struct session *ss, struct settings *next)
{
	if (settings_equal(ss->sc, ss->cur, next)) {
		settings_free(next);
		return false;
	}
	push(&ss->undo, &ss->nundo, ss->cur);
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

void
session_option_save(struct session *ss, const char *name)
{
	char	*n = clean_name(name);
	long	 i = session_option(ss, n);

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

bool
session_compared(const struct session *ss, const char *name)
{
	for (size_t k = 0; k < ss->ncompare; k++)
		if (strcmp(ss->compare[k], name) == 0)
			return true;
	return false;
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
			if (d == NULL || d->choice != v->choice)
				buf_printf(&b, "%s=%s\n", lv->name,
				    lv->options[v->choice]);
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

void
session_settings_apply(const struct scenario *sc, struct settings *st,
    const char *text)
{
	const char	*p = text, *nl;

	while (*p != '\0') {
		char	*line, *cause = NULL;

		nl = strchr(p, '\n');
		line = xstrndup(p, nl != NULL ? (size_t)(nl - p) : strlen(p));
		if (settings_set(sc, st, line, &cause) == -1)
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
		if (fabs(sum - 100) > 1e-6)
			memcpy(st->levers[i].parts, lv->def_parts,
			    lv->nparts * sizeof *lv->def_parts);
	}
}

/* Saving */

static void
put_block(struct buf *b, const struct scenario *sc, const char *head,
    const struct settings *st, const struct settings *def)
{
	char	*t = session_settings_text(sc, st, def);

	buf_printf(b, "begin %s\n%send\n", head, t);
	free(t);
}

static char *
session_text(const struct session *ss)
{
	struct buf	 b = { 0 };
	struct settings	*def = settings_new(ss->sc);

	buf_printf(&b, "%s\nscript %s\n", SESSION_MAGIC, ss->script);
	if (ss->output != NULL)
		buf_printf(&b, "output %s\n", ss->output);
	buf_printf(&b, "year %d\n", ss->year);
	switch (ss->focus.kind) {
	case FOCUS_ALL:
		buf_adds(&b, "focus all\n");
		break;
	case FOCUS_GROUP:
		buf_printf(&b, "focus group %s\t%s\n", ss->focus.column,
		    ss->focus.value);
		break;
	case FOCUS_AREA:
		buf_printf(&b, "focus area %s\n", ss->focus.value);
		break;
	}
	if (ss->loaded != NULL)
		buf_printf(&b, "loaded %s\n", ss->loaded);
	for (size_t i = 0; i < ss->ncompare; i++)
		buf_printf(&b, "compare %s\n", ss->compare[i]);
	if (ss->reference != NULL)
		buf_printf(&b, "reference %s\n", ss->reference);
	put_block(&b, ss->sc, "current", ss->cur, NULL);
	for (size_t i = 0; i < ss->nopts; i++) {
		char	*head = xasprintf("option %s", ss->opts[i].name);

		put_block(&b, ss->sc, head, ss->opts[i].st, NULL);
		free(head);
	}
	for (size_t i = 0; i < ss->nundo; i++)
		put_block(&b, ss->sc, "undo", ss->undo[i], def);
	for (size_t i = 0; i < ss->nredo; i++)
		put_block(&b, ss->sc, "redo", ss->redo[i], def);
	buf_printf(&b, "%s\n", SESSION_END);
	settings_free(def);
	return b.data;
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
	if (rc == 0 && slash != NULL && slash != d) {
		struct stat	sb;

		if (lstat(d, &sb) == -1)
			rc = -1;
		else if (!S_ISDIR(sb.st_mode) || sb.st_uid != getuid() ||
		    (sb.st_mode & 022) != 0) {
			errno = EPERM;
			rc = -1;
		}
	}
	free(d);
	return rc;
}

int
session_save(const struct session *ss, char **cause)
{
	char	*text = session_text(ss), *tmp;
	size_t	 len = strlen(text), off = 0;
	int	 fd, saved;

	*cause = NULL;
	if (make_dirs(ss->path) == -1) {
		*cause = xasprintf("cannot create the state directory for %s: "
		    "%s", ss->path, strerror(errno));
		free(text);
		return -1;
	}
	tmp = xasprintf("%s.XXXXXX", ss->path);
	if ((fd = mkstemp(tmp)) == -1) {
		*cause = xasprintf("cannot save the session in %s: %s",
		    ss->path, strerror(errno));
		free(tmp);
		free(text);
		return -1;
	}
	fchmod(fd, 0600);
	while (off < len) {
		ssize_t	n = write(fd, text + off, len - off);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	/* close the descriptor whatever failed: a save happens per change */
	if (off < len)
		saved = errno != 0 ? errno : EIO;
	else
		saved = fsync(fd) == -1 ? errno : 0;
	if (close(fd) == -1 && saved == 0)
		saved = errno;
	if (saved == 0 && rename(tmp, ss->path) == -1)
		saved = errno;
	if (saved != 0) {
		unlink(tmp);
		*cause = xasprintf("cannot save the session in %s: %s",
		    ss->path, strerror(saved));
		free(tmp);
		free(text);
		return -1;
	}
	free(tmp);
	free(text);
	return 0;
}

/* Loading */

static char *
read_file(const char *path, int *err)
{
	struct buf	 b = { 0 };
	char		 chunk[8192];
	size_t		 n;
	FILE		*f = fopen(path, "r");

	if (f == NULL) {
		*err = errno;
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > (64u << 20))
			break;
	}
	*err = ferror(f) ? EIO : 0;
	fclose(f);
	buf_addc(&b, '\0');
	return b.data;
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

/* Parse TEXT into SS; -1 when it is not a whole session file. */
static int
parse(struct session *ss, char *text)
{
	const struct scenario	*sc = ss->sc;
	struct settings		*st = NULL, *def = settings_new(sc);
	struct buf		 block = { 0 };
	char			*line, *next, *optname = NULL;
	const char		*rest;
	int			 kind = 0;	/* 0 none, 1 cur, 2 opt, 3 undo, 4 redo */
	bool			 ended = false;

	if (strncmp(text, SESSION_MAGIC "\n", strlen(SESSION_MAGIC) + 1) != 0)
		goto bad;
	for (line = text + strlen(SESSION_MAGIC) + 1; *line != '\0';
	    line = next) {
		if ((next = strchr(line, '\n')) == NULL)
			goto bad;	/* a last line without newline: cut off */
		*next++ = '\0';
		if (ended)
			goto bad;
		if (kind != 0) {
			if (strcmp(line, "end") != 0) {
				buf_adds(&block, line);
				buf_addc(&block, '\n');
				continue;
			}
			buf_addc(&block, '\0');
			st = settings_new(sc);
			session_settings_apply(sc, st, block.data);
			block.len = 0;
			if (kind == 1) {
				settings_free(ss->cur);
				ss->cur = st;
			} else if (kind == 2) {
				ss->opts = xreallocarray(ss->opts,
				    ss->nopts + 1, sizeof *ss->opts);
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
			if (scenario_output(sc, rest) >= 0)
				session_set_output(ss, rest);
		} else if (starts(line, "year", &rest))
			ss->year = atoi(rest) < -1 ? -1 : atoi(rest);
		else if (starts(line, "focus", &rest)) {
			const char	*v;
			char		*tab;

			if (strcmp(rest, "all") == 0)
				session_set_focus(ss, FOCUS_ALL, NULL, NULL);
			else if (starts(rest, "area", &v) && *v != '\0')
				session_set_focus(ss, FOCUS_AREA, NULL, v);
			else if (starts(rest, "group", &v) &&
			    (tab = strchr(v, '\t')) != NULL) {
				char	*col = xstrndup(v, (size_t)(tab - v));

				session_set_focus(ss, FOCUS_GROUP, col, tab + 1);
				free(col);
			}
		} else if (starts(line, "loaded", &rest)) {
			free(ss->loaded);
			ss->loaded = xstrdup(rest);
		} else if (starts(line, "compare", &rest)) {
			if (ss->ncompare < SESSION_MAX_COMPARE)
				ss->compare[ss->ncompare++] = xstrdup(rest);
		} else if (starts(line, "reference", &rest)) {
			session_set_reference(ss, rest);
		} else if (starts(line, "begin", &rest)) {
			const char	*name;

			if (strcmp(rest, "current") == 0)
				kind = 1;
			else if (starts(rest, "option", &name) &&
			    *name != '\0' && session_option(ss, name) < 0) {
				kind = 2;
				optname = xstrdup(name);
			} else if (strcmp(rest, "undo") == 0)
				kind = 3;
			else if (strcmp(rest, "redo") == 0)
				kind = 4;
			else
				goto bad;
		}
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
	buf_free(&block);
	settings_free(def);
	return 0;
bad:
	free(optname);
	buf_free(&block);
	settings_free(def);
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
}

int
session_load(struct session *ss, char **cause)
{
	char	*text, *aside;
	int	 err;

	*cause = NULL;
	if ((text = read_file(ss->path, &err)) == NULL) {
		if (err == ENOENT)
			return 0;
		*cause = xasprintf("cannot read the session %s: %s; starting "
		    "anew", ss->path, strerror(err));
		return -1;
	}
	if (err == 0 && strlen(text) == 0) {
		free(text);
		err = EINVAL;
	} else if (err == 0 && parse(ss, text) == 0) {
		free(text);
		return 1;
	} else
		free(text);
	reset(ss);
	aside = xasprintf("%s.corrupt", ss->path);
	if (rename(ss->path, aside) == 0)
		*cause = xasprintf("the saved session was damaged; it was set "
		    "aside as %s and a new session started", aside);
	else
		*cause = xasprintf("the saved session %s was damaged and could "
		    "not be set aside (%s); a new session started", ss->path,
		    strerror(errno));
	free(aside);
	return -1;
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
