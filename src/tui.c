/*
 * tui: the workshop screen's event loop.
 *
 * One context (struct tui) holds everything: the scenario and baseline, the
 * session (session.c), the view state (view.c), the terminal (term.c) and
 * up to five recomputes in flight (current settings, the reference, three
 * more compared options), each a forked worker (job.c). The loop blocks in
 * ppoll() on the terminal and the workers' pipes, with signals unblocked
 * only there; keys map to actions through a const table; handlers change
 * the model and set flags; only the loop draws and saves.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/time.h>

#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "baseline.h"
#include "cells.h"
#include "cli.h"
#include "export.h"
#include "job.h"
#include "keys.h"
#include "results.h"
#include "scenario.h"
#include "session.h"
#include "term.h"
#include "tui.h"
#include "util.h"
#include "view.h"

/* Recomputes: the current settings, the reference, the compared options. */
enum { SLOT_CUR, SLOT_REF, SLOT_CMP, NSLOTS = SLOT_CMP + SESSION_MAX_COMPARE };
#define MAX_JOBS 2

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

struct filestamp {
	bool		ok;
	dev_t		dev;
	ino_t		ino;
	off_t		size;
	struct timespec	mtime;
};

struct tui {
	char			*script;
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
	struct filestamp	 script_stamp, base_stamp;
	const char		**help;
	size_t			 nhelp;
	volatile bool		 hang_draw;	/* LEVER_TEST_HANG_DRAW */
	double			 tick;		/* seconds between file checks */
};

/*
 * Signal handlers only set these; the loop acts on them. The one exception
 * is a hangup or terminate while the screen is being drawn: the session
 * was saved just before, so the handler puts the terminal back and ends
 * the program there and then, whatever the drawing is doing. A drawing
 * that runs for DRAW_LIMIT seconds of CPU is stopped the same way.
 */
static volatile sig_atomic_t got_hup, got_term, drawing;
static struct termios	saved_tty;
static bool		have_tty;

#define DRAW_LIMIT	5

static void
leave_now(int sig)
{
	static const char reset[] = "\033[?1000l\033[?1002l\033[0m\033[?25h"
	    "\033[?1049l\r\n";
	static const char slow[] = "lever: drawing the screen took over 5 "
	    "seconds and was stopped; the session is saved. Please report it "
	    "with the scenario and the window size.\n";
	ssize_t	rc;

	if (have_tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	rc = write(STDOUT_FILENO, reset, sizeof reset - 1);
	if (sig == SIGPROF)
		rc = write(STDERR_FILENO, slow, sizeof slow - 1);
	(void)rc;
	_exit(sig == SIGPROF ? EXIT_INTERNAL : 128 + sig);
}

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		got_hup = 1;
	else if (sig != SIGPROF)
		got_term = 1;
	if (drawing && sig != SIGINT)
		leave_now(sig);
}

/* What a prompt or question is for. */
enum purpose {
	P_SAVE, P_RENAME, P_EXPORT, P_FIND, P_LEVER_VALUE, P_ASSUME_VALUE,
	P_QUIT, P_DELETE, P_OVERWRITE
};

static void
say(struct tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
say(struct tui *t, const char *fmt, ...)
{
	va_list	ap;

	free(t->message);
	va_start(ap, fmt);
	t->message = xvasprintf(fmt, ap);
	va_end(ap);
}

/* Recomputing */

static bool
young(const struct slot *s)
{
	return monotonic() - s->started < fmax(YOUNG_MIN, 2 * s->took);
}

static const struct settings *
slot_want(struct tui *t, size_t k, struct settings **tmp)
{
	struct session	*ss = t->ss;
	long		 i;

	*tmp = NULL;
	if (k == SLOT_CUR)
		return ss->cur;
	if (k == SLOT_REF) {
		i = ss->reference != NULL ? session_option(ss, ss->reference) :
		    -1;
		return i >= 0 ? ss->opts[i].st : (*tmp = settings_new(t->sc));
	}
	/* A compared option that is the reference is computed once. */
	if (k - SLOT_CMP >= ss->ncompare || (ss->reference != NULL &&
	    strcmp(ss->compare[k - SLOT_CMP], ss->reference) == 0))
		return NULL;
	i = session_option(ss, ss->compare[k - SLOT_CMP]);
	return i >= 0 ? ss->opts[i].st : NULL;
}

static void
slot_reset(struct slot *s, bool keep_results)
{
	job_cancel(s->job);
	s->job = NULL;
	settings_free(s->running);
	settings_free(s->have);
	s->running = s->have = NULL;
	if (!keep_results) {
		results_free(s->res);
		s->res = NULL;
	}
}

/* Start, keep or cancel recomputes so each slot heads for what it wants. */
static void
schedule(struct tui *t)
{
	size_t	running = 0;

	for (size_t k = 0; k < NSLOTS; k++) {
		struct slot		*s = &t->slot[k];
		struct settings		*tmp;
		const struct settings	*want = slot_want(t, k, &tmp);

		if (want == NULL)
			slot_reset(s, false);
		else if (s->job != NULL && !settings_equal(t->sc, s->running,
		    want) && !young(s)) {
			job_cancel(s->job);	/* superseded */
			s->job = NULL;
			settings_free(s->running);
			s->running = NULL;
		}
		if (s->job != NULL)
			running++;
		settings_free(tmp);
	}
	for (size_t k = 0; k < NSLOTS && running < MAX_JOBS; k++) {
		struct slot		*s = &t->slot[k];
		struct settings		*tmp;
		const struct settings	*want = slot_want(t, k, &tmp);
		struct diag		 d = { 0 };

		if (want == NULL || s->job != NULL || (s->have != NULL &&
		    settings_equal(t->sc, s->have, want))) {
			settings_free(tmp);
			continue;
		}
		s->job = pool_start(t->pool, want, &d);
		s->started = monotonic();
		if (s->job == NULL) {
			diag_clear(&t->errors);
			t->errors = d;
			t->v.hide_errors = false;
			settings_free(s->have);
			s->have = settings_copy(t->sc, want);
		} else {
			s->running = settings_copy(t->sc, want);
			running++;
		}
		settings_free(tmp);
	}
}

/* A worker has finished (or run out of time): take its results. */
static void
finish(struct tui *t, struct slot *s, size_t k)
{
	struct diag	 d = { 0 };
	struct results	*res = NULL;

	settings_free(s->have);
	s->have = s->running;
	s->running = NULL;
	if (job_finish(s->job, NULL, &res, &d) == 0) {
		results_free(s->res);
		s->res = res;
		s->took = monotonic() - s->started;
		if (k == SLOT_CUR)
			diag_clear(&t->errors);
	} else {
		diag_clear(&t->errors);
		t->errors = d;
		t->v.hide_errors = false;
	}
	s->job = NULL;
}

static bool
computing(const struct tui *t)
{
	for (size_t k = 0; k < NSLOTS; k++)
		if (t->slot[k].job != NULL)
			return true;
	return false;
}

/* Reloading the scenario when it changes on disk */

static void
stamp(const char *path, struct filestamp *fs)
{
	struct stat	sb;

	memset(fs, 0, sizeof *fs);
	if (path == NULL || stat(path, &sb) == -1)
		return;
	fs->ok = true;
	fs->dev = sb.st_dev;
	fs->ino = sb.st_ino;
	fs->size = sb.st_size;
	fs->mtime = sb.st_mtim;
}

static bool
stamp_differs(const struct filestamp *a, const struct filestamp *b)
{
	return a->ok != b->ok || a->dev != b->dev || a->ino != b->ino ||
	    a->size != b->size || a->mtime.tv_sec != b->mtime.tv_sec ||
	    a->mtime.tv_nsec != b->mtime.tv_nsec;
}

/*
 * The script changed on disk: describe it again in a worker, without
 * blocking the keys (its top level may loop until a limit stops it).
 */
static void
reload(struct tui *t)
{
	struct diag	d = { 0 };

	job_cancel(t->reload_job);
	t->reload_job = job_start(JOB_DESCRIBE, t->script, NULL, NULL, NULL,
	    &t->lim, &d);
	if (t->reload_job == NULL) {
		diag_clear(&t->errors);
		t->errors = d;
		t->v.hide_errors = false;
	}
}

/* The new description is in: read its baseline and switch to it. */
static void
reload_finish(struct tui *t)
{
	struct scenario	*sc = NULL;
	struct baseline	*bl = NULL;
	struct diag	 d = { 0 };
	int		 rc;

	rc = job_finish(t->reload_job, &sc, NULL, &d);
	t->reload_job = NULL;
	if (rc == -1 || cli_load_baseline(sc, NULL, 0, &bl, &d) == -1) {
		scenario_free(sc);
		diag_clear(&t->errors);
		t->errors = d;
		t->v.hide_errors = false;
		say(t, "the scenario changed on disk and has a problem; "
		    "showing the last good results");
		return;
	}
	diag_clear(&t->errors);
	session_rebind(t->ss, sc);
	for (size_t k = 0; k < NSLOTS; k++)
		slot_reset(&t->slot[k], true);
	pool_free(t->pool);
	scenario_free(t->sc);
	baseline_free(t->bl);
	t->sc = sc;
	t->bl = bl;
	t->pool = pool_new(sc, bl, &t->lim, MAX_JOBS);
	view_bind(&t->v, sc, bl);
	stamp(t->bl->path, &t->base_stamp);
	t->dirty = true;
	say(t, "reloaded %s", t->script);
	schedule(t);
}

static void
check_files(struct tui *t)
{
	struct filestamp	a, b;

	stamp(t->script, &a);
	stamp(t->bl->path, &b);
	if (!stamp_differs(&a, &t->script_stamp) &&
	    !stamp_differs(&b, &t->base_stamp))
		return;
	t->script_stamp = a;
	t->base_stamp = b;
	reload(t);
}

/* Changing settings */

/* Round V onto the lever's grid of steps, without binary noise. */
static double
snap(const struct lever *lv, double v)
{
	char	buf[40];

	if (lv->step > 0)
		v = lv->min + rint((v - lv->min) / lv->step) * lv->step;
	if (v < lv->min)
		v = lv->min;
	if (v > lv->max)
		v = lv->max;
	snprintf(buf, sizeof buf, "%.12g", v);
	return strtod(buf, NULL);
}

/* A step for an assumption: 1 for whole numbers, else a tenth of its size. */
static double
assume_step(double def)
{
	if (def == rint(def) && fabs(def) >= 1)
		return 1;
	if (def == 0)
		return 0.01;
	return pow(10, floor(log10(fabs(def))) - 1);
}

static void
changed(struct tui *t)
{
	t->dirty = true;
	schedule(t);
}

static void
adjust(struct tui *t, long steps, bool reset)
{
	const struct scenario	*sc = t->sc;
	struct settings		*next = settings_copy(sc, t->ss->cur);
	size_t			 lever, part;
	char			*cause = NULL;

	if (t->v.pane == PANE_ASSUMPTIONS) {
		size_t			 i = t->v.assume_sel;
		const struct assumption	*a = &sc->assumptions[i];
		char			 buf[40];

		if (i >= sc->nassumptions) {
			settings_free(next);
			return;
		}
		if (reset)
			next->assumptions[i] = a->value;
		else {
			double	step = assume_step(a->value);

			next->assumptions[i] = rint(next->assumptions[i] /
			    step + (double)steps) * step;
			snprintf(buf, sizeof buf, "%.12g", next->assumptions[i]);
			next->assumptions[i] = strtod(buf, NULL);
		}
	} else if (!view_lever(&t->v, &lever, &part)) {
		settings_free(next);
		return;
	} else {
		const struct lever	*lv = &sc->levers[lever];
		struct lever_value	*val = &next->levers[lever];

		switch (lv->kind) {
		case LEVER_SLIDER:
			val->num = reset ? lv->def :
			    snap(lv, val->num + (double)steps * lv->step);
			break;
		case LEVER_CHOICE: {
			long	c = (long)val->choice + steps;

			if (reset)
				c = (long)lv->def_option;
			if (c < 0)
				c = 0;
			if (c >= (long)lv->noptions)
				c = (long)lv->noptions - 1;
			val->choice = (size_t)c;
			break;
		}
		case LEVER_TOGGLE:
			val->on = reset ? lv->def_on : steps > 0;
			break;
		case LEVER_SPLIT:
			if (reset)
				memcpy(val->parts, lv->def_parts,
				    lv->nparts * sizeof *val->parts);
			else if (part == SIZE_MAX)
				say(t, "move one of the parts below %s; the "
				    "others rebalance", lv->label);
			else if (settings_split(sc, next, lever, part,
			    rint(val->parts[part] + (double)steps * lv->step),
			    NULL, &cause) == -1) {
				say(t, "%s", cause);
				free(cause);
			}
			break;
		}
	}
	if (session_commit(t->ss, next))
		changed(t);
}

/* Prompts and questions */

static void
ask(struct tui *t, enum overlay kind, enum purpose p, const char *initial,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
ask(struct tui *t, enum overlay kind, enum purpose p, const char *initial,
    const char *fmt, ...)
{
	va_list	ap;

	t->v.overlay = kind;
	t->v.purpose = (int)p;
	va_start(ap, fmt);
	vsnprintf(t->v.title, sizeof t->v.title, fmt, ap);
	va_end(ap);
	snprintf(t->v.input, sizeof t->v.input, "%s", initial ? initial : "");
	t->v.input_fresh = t->v.input[0] != '\0';
}

static char *
next_option_name(const struct session *ss)
{
	for (int i = 0; i < 26; i++) {
		char	*n = xasprintf("Option %c", 'A' + i);

		if (session_option(ss, n) < 0)
			return n;
		free(n);
	}
	return xasprintf("Option %zu", ss->nopts + 1);
}

static void
do_export(struct tui *t, const char *path)
{
	struct slot	*s = &t->slot[SLOT_CUR];
	char		*cause;

	if (s->res == NULL || s->have == NULL) {
		say(t, "nothing to export yet: the results are being computed");
		return;
	}
	if (export_file(path, &(struct export_opts){ .format = FORMAT_CSV,
	    .group_col = -1 },
	    t->sc, s->have, t->bl, s->res, &cause) == -1) {
		say(t, "export: %s", cause);
		free(cause);
	} else
		say(t, "exported %zu areas x %zu years to %s%s",
		    s->res->nareas, s->res->nyears, path,
		    settings_equal(t->sc, s->have, t->ss->cur) ? "" :
		    " (the last good results)");
}

static void
quit(struct tui *t)
{
	if (t->save_cause == NULL)
		t->quit = true;
	else
		ask(t, OVERLAY_CONFIRM, P_QUIT, NULL, "The session could not "
		    "be saved. Quit and lose it? (y/n)");
}

static void
set_focus_area(struct tui *t, size_t area)
{
	const char	*id = baseline_text(t->bl, area, t->bl->id_col);
	struct focus	*f = &t->ss->focus;

	if (id == NULL)
		return;
	if (f->kind == FOCUS_AREA && strcmp(f->value, id) == 0)
		session_set_focus(t->ss, FOCUS_ALL, NULL, NULL);
	else
		session_set_focus(t->ss, FOCUS_AREA, NULL, id);
	t->dirty = true;
}

static void model(struct tui *, struct view_model *);

/* A slider value as the screen shows it: "92.5%", "60 £m", "3". */
static void
shown_value(char *buf, size_t len, const struct lever *lv, double v)
{
	if (lv->percent)
		snprintf(buf, len, "%.10g%%", v * 100);
	else if (lv->unit[0] != '\0')
		snprintf(buf, len, "%.10g %s", v, lv->unit);
	else
		snprintf(buf, len, "%.10g", v);
}

/*
 * Read TEXT typed for slider LV as the screen shows it, with or without
 * the unit: "97", "97%" and "97 %" are 0.97 for a lever shown in percent.
 */
static bool
read_shown(const struct lever *lv, const char *text, double *v)
{
	char	 buf[256], *end;
	size_t	 n;

	snprintf(buf, sizeof buf, "%s", text + strspn(text, " \t"));
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\t'))
		buf[--n] = '\0';
	if (lv->percent && n > 0 && buf[n - 1] == '%')
		buf[--n] = '\0';
	else if (!lv->percent && lv->unit[0] != '\0' &&
	    n >= strlen(lv->unit) &&
	    strcmp(buf + n - strlen(lv->unit), lv->unit) == 0)
		buf[n -= strlen(lv->unit)] = '\0';
	while (n > 0 && buf[n - 1] == ' ')
		buf[--n] = '\0';
	if (n == 0)
		return false;
	*v = strtod(buf, &end);
	if (*end != '\0' || !isfinite(*v))
		return false;
	if (lv->percent)
		*v /= 100;
	return true;
}

/* The prompt's Enter. */
static void
answer(struct tui *t, const char *text)
{
	struct view_model	 m;
	char			*assign, *cause = NULL;
	struct settings		*next;
	size_t			 lever, part;

	t->v.overlay = OVERLAY_NONE;
	switch ((enum purpose)t->v.purpose) {
	case P_SAVE:
		if (text[0] == '\0')
			return;
		if (session_option(t->ss, text) >= 0) {
			ask(t, OVERLAY_CONFIRM, P_OVERWRITE, text, "Option '%s' "
			    "exists. Replace it with the current settings? "
			    "(y/n)", text);
			return;
		}
		session_option_save(t->ss, text);
		say(t, "saved as '%s'", text);
		t->dirty = true;
		break;
	case P_RENAME:
		if (text[0] == '\0' || session_option(t->ss, text) >= 0) {
			say(t, "not renamed: %s", text[0] ? "that name is taken"
			    : "a name is needed");
			return;
		}
		session_option_rename(t->ss, t->v.list_sel, text);
		t->dirty = true;
		t->v.overlay = OVERLAY_OPTIONS;
		break;
	case P_EXPORT:
		if (text[0] != '\0')
			do_export(t, text);
		break;
	case P_FIND:
		model(t, &m);
		if (!view_find(&t->v, &m, text)) {
			say(t, "no area matches '%s'", text);
			break;
		}
		t->v.pane = PANE_TABLE;
		if (t->ss->focus.kind == FOCUS_GROUP) {
			size_t	 n, *rows = view_focus_rows(t->bl,
			    &t->ss->focus, &n);
			bool	 in = false;

			for (size_t k = 0; k < n; k++)
				in = in || rows[k] == t->v.area_sel;
			free(rows);
			if (!in) {
				session_set_focus(t->ss, FOCUS_ALL, NULL, NULL);
				t->dirty = true;
			}
		}
		say(t, "found %s (Enter focuses on it)",
		    baseline_text(t->bl, t->v.area_sel, t->bl->name_col));
		break;
	case P_LEVER_VALUE:
	case P_ASSUME_VALUE:
		if (text[0] == '\0')
			break;
		next = settings_copy(t->sc, t->ss->cur);
		if (t->v.purpose == P_ASSUME_VALUE)
			assign = xasprintf("%s=%s",
			    t->sc->assumptions[t->v.assume_sel].name, text);
		else if (view_lever(&t->v, &lever, &part) && part != SIZE_MAX) {
			double	d;
			char	*end;

			d = strtod(text, &end);
			end += strspn(end, " %");
			if (*end != '\0' || !isfinite(d) || settings_split(t->sc, next, lever,
			    part, d, NULL, &cause) == -1) {
				say(t, "%s", cause ? cause : "type a percentage");
				free(cause);
				settings_free(next);
				break;
			}
			if (session_commit(t->ss, next))
				changed(t);
			break;
		} else {
			const struct lever	*lv = &t->sc->levers[lever];
			char			 lo[64], hi[64];
			double			 d;

			if (!read_shown(lv, text, &d) || d < lv->min ||
			    d > lv->max) {
				shown_value(lo, sizeof lo, lv, lv->min);
				shown_value(hi, sizeof hi, lv, lv->max);
				say(t, "%s: type a number from %s to %s, not "
				    "'%s'", lv->label, lo, hi, text);
				settings_free(next);
				break;
			}
			assign = xasprintf("%s=%.17g", lv->name, d);
		}
		if (settings_set(t->sc, next, assign, &cause) == -1) {
			say(t, "%s", cause);
			free(cause);
			settings_free(next);
		} else if (session_commit(t->ss, next))
			changed(t);
		free(assign);
		break;
	case P_QUIT:
	case P_DELETE:
	case P_OVERWRITE:
		break;
	}
}

/* The question's y. */
static void
confirm(struct tui *t)
{
	t->v.overlay = OVERLAY_NONE;
	switch ((enum purpose)t->v.purpose) {
	case P_QUIT:
		t->quit = true;
		break;
	case P_DELETE:
		if (t->v.list_sel >= t->ss->nopts)
			break;
		say(t, "deleted '%s'", t->ss->opts[t->v.list_sel].name);
		session_option_delete(t->ss, t->v.list_sel);
		if (t->v.list_sel > 0 && t->v.list_sel >= t->ss->nopts)
			t->v.list_sel--;
		t->v.overlay = OVERLAY_OPTIONS;
		changed(t);
		break;
	case P_OVERWRITE:
		session_option_save(t->ss, t->v.input);
		say(t, "saved as '%s'", t->v.input);
		changed(t);
		break;
	default:
		break;
	}
}

static void
edit_input(struct tui *t, int key)
{
	char	*in = t->v.input;
	size_t	 len = strlen(in);

	/* The suggestion goes as a whole at the first key that edits. */
	if (t->v.input_fresh && (key == TERM_KEY_BACKSPACE ||
	    (key >= 0x20 && key < 0x110000 && key != 0x7f)))
		in[len = 0] = '\0';
	t->v.input_fresh = false;
	if (key == TERM_KEY_BACKSPACE) {
		while (len > 0 && (in[len - 1] & 0xc0) == 0x80)
			len--;
		if (len > 0)
			len--;
		in[len] = '\0';
	} else if (key == CTRL('u'))
		in[0] = '\0';
	else if (key >= 0x20 && key < 0x110000 && key != 0x7f) {
		char		 mb[8];
		mbstate_t	 ps;
		size_t		 n;

		memset(&ps, 0, sizeof ps);
		n = wcrtomb(mb, (wchar_t)key, &ps);
		if (n != (size_t)-1 && len + n < sizeof t->v.input) {
			memcpy(in + len, mb, n);
			in[len + n] = '\0';
		}
	}
}

/* Keys while an overlay is open. */
static void
overlay_key(struct tui *t, const struct view_model *m, int key)
{
	struct view	*v = &t->v;
	enum action	 a = keys_lookup(key);
	size_t		 n = view_list_len(v, m);

	if (v->overlay == OVERLAY_PROMPT) {
		if (key == TERM_KEY_ENTER) {
			char	text[sizeof v->input];

			snprintf(text, sizeof text, "%s", v->input);
			answer(t, text);
		} else if (key == 0x1b || key == CTRL('c') || key == CTRL('g')) {
			v->overlay = (enum purpose)v->purpose == P_RENAME ?
			    OVERLAY_OPTIONS : OVERLAY_NONE;
		} else
			edit_input(t, key);
		return;
	}
	if (v->overlay == OVERLAY_CONFIRM) {
		if (key == 'y' || key == 'Y')
			confirm(t);
		else if (key == 'n' || key == 'N' || key == 0x1b ||
		    key == 'q') {
			v->overlay = (enum purpose)v->purpose == P_DELETE ?
			    OVERLAY_OPTIONS : OVERLAY_NONE;
		}
		return;
	}
	switch (a) {
	case ACT_UP:
		view_move(v, m, -1);
		return;
	case ACT_DOWN:
		view_move(v, m, 1);
		return;
	case ACT_PGUP:
		view_move(v, m, -10);
		return;
	case ACT_PGDN:
		view_move(v, m, 10);
		return;
	case ACT_HOME:
		view_move(v, m, -(long)n);
		return;
	case ACT_END:
		view_move(v, m, (long)n);
		return;
	case ACT_ESCAPE:
	case ACT_QUIT:
		v->overlay = OVERLAY_NONE;
		return;
	case ACT_HELP:
		if (v->overlay == OVERLAY_HELP)
			v->overlay = OVERLAY_NONE;
		return;
	default:
		break;
	}
	if (n == 0 || v->list_sel >= n)
		return;
	switch (v->overlay) {
	case OVERLAY_OPTIONS:
		if (key == TERM_KEY_ENTER) {
			if (session_option_load(t->ss, v->list_sel))
				changed(t);
			t->dirty = true;
			say(t, "loaded '%s' (u undoes)",
			    t->ss->opts[v->list_sel].name);
			v->overlay = OVERLAY_NONE;
		} else if (key == 'r')
			ask(t, OVERLAY_PROMPT, P_RENAME,
			    t->ss->opts[v->list_sel].name, "Rename '%s' to:",
			    t->ss->opts[v->list_sel].name);
		else if (key == 'd' || key == TERM_KEY_DELETE)
			ask(t, OVERLAY_CONFIRM, P_DELETE, NULL, "Delete option "
			    "'%s'? (y/n)", t->ss->opts[v->list_sel].name);
		break;
	case OVERLAY_COMPARE:
		if (key == ' ' || key == TERM_KEY_ENTER) {
			if (!session_compare_toggle(t->ss, v->list_sel))
				say(t, "four options are compared already");
			changed(t);
		} else if (key == 'x') {
			while (t->ss->ncompare > 0)
				session_compare_toggle(t->ss, (size_t)
				    session_option(t->ss, t->ss->compare[0]));
			changed(t);
		}
		break;
	case OVERLAY_REFERENCE:
		if (key == ' ' || key == TERM_KEY_ENTER) {
			session_set_reference(t->ss, v->list_sel == 0 ? NULL :
			    t->ss->opts[v->list_sel - 1].name);
			say(t, "changes are now measured against %s",
			    t->ss->reference != NULL ? t->ss->reference :
			    "the defaults");
			v->overlay = OVERLAY_NONE;
			changed(t);
		}
		break;
	case OVERLAY_FOCUS:
		if (key == TERM_KEY_ENTER) {
			if (v->list_sel == 0)
				session_set_focus(t->ss, FOCUS_ALL, NULL, NULL);
			else {
				const struct view_group	*g =
				    &v->groups[v->list_sel - 1];

				session_set_focus(t->ss, FOCUS_GROUP,
				    t->bl->header[g->column], g->value);
			}
			t->dirty = true;
			v->overlay = OVERLAY_NONE;
		}
		break;
	default:
		break;
	}
}

static void
step_output(struct tui *t, const struct view_model *m, long d)
{
	long	n = (long)t->sc->noutputs, i = (long)view_output(m) + d;

	if (n == 0)
		return;
	i = (i % n + n) % n;
	session_set_output(t->ss, t->sc->outputs[i].name);
	t->dirty = true;
}

static void
step_year(struct tui *t, const struct view_model *m, long d)
{
	long	y = (long)view_year(m) + d;

	if (y < 0)
		y = 0;
	if (y >= t->sc->years)
		y = t->sc->years - 1;
	t->ss->year = y == t->sc->years - 1 ? -1 : (int)y;
	t->dirty = true;
}

static bool
on_left(const struct view *v)
{
	return v->pane == PANE_LEVERS || v->pane == PANE_ASSUMPTIONS;
}

static void
key(struct tui *t, int k)
{
	struct view_model	 m;
	struct view		*v = &t->v;
	enum action		 a = keys_lookup(k);
	size_t			 lever, part;

	model(t, &m);
	if (v->overlay != OVERLAY_NONE) {
		overlay_key(t, &m, k);
		return;
	}
	switch (a) {
	case ACT_NONE:
		break;
	case ACT_QUIT:
		quit(t);
		break;
	case ACT_HELP:
		v->overlay = OVERLAY_HELP;
		v->list_sel = 0;
		break;
	case ACT_NEXT_PANE:
	case ACT_PREV_PANE:
		v->pane = (enum pane)((v->pane + (a == ACT_NEXT_PANE ? 1 :
		    PANE_COUNT - 1)) % PANE_COUNT);
		break;
	case ACT_LEVERS:
		v->pane = PANE_LEVERS;
		break;
	case ACT_ASSUMPTIONS:
		v->pane = PANE_ASSUMPTIONS;
		break;
	case ACT_UP:
	case ACT_DOWN:
		if (v->pane == PANE_CHART)
			step_output(t, &m, a == ACT_UP ? -1 : 1);
		else
			view_move(v, &m, a == ACT_UP ? -1 : 1);
		break;
	case ACT_LEFT:
	case ACT_RIGHT:
		if (on_left(v))
			adjust(t, a == ACT_LEFT ? -1 : 1, false);
		else
			step_year(t, &m, a == ACT_LEFT ? -1 : 1);
		break;
	case ACT_INC:
	case ACT_DEC:
		if (!on_left(v))
			v->pane = v->left_assumptions ? PANE_ASSUMPTIONS :
			    PANE_LEVERS;
		adjust(t, a == ACT_INC ? 1 : -1, false);
		break;
	case ACT_PGUP:
	case ACT_PGDN:
		if (on_left(v))
			adjust(t, a == ACT_PGUP ? 10 : -10, false);
		else
			view_move(v, &m, a == ACT_PGUP ? -10 : 10);
		break;
	case ACT_HOME:
	case ACT_END:
		view_move(v, &m, a == ACT_HOME ? -100000 : 100000);
		break;
	case ACT_RESET:
		if (!on_left(v))
			v->pane = v->left_assumptions ? PANE_ASSUMPTIONS :
			    PANE_LEVERS;
		adjust(t, 0, true);
		break;
	case ACT_UNDO:
		if (session_undo(t->ss)) {
			say(t, "undone (%zu more to undo)", t->ss->nundo);
			changed(t);
		} else
			say(t, "nothing to undo");
		break;
	case ACT_REDO:
		if (session_redo(t->ss)) {
			say(t, "redone (%zu more to redo)", t->ss->nredo);
			changed(t);
		} else
			say(t, "nothing to redo");
		break;
	case ACT_SAVE: {
		char	*name = t->ss->loaded != NULL ?
		    xstrdup(t->ss->loaded) : next_option_name(t->ss);

		ask(t, OVERLAY_PROMPT, P_SAVE, name, "Save the current "
		    "settings as option:");
		free(name);
		break;
	}
	case ACT_OPTIONS:
	case ACT_COMPARE:
	case ACT_REFERENCE:
		v->overlay = a == ACT_OPTIONS ? OVERLAY_OPTIONS :
		    a == ACT_COMPARE ? OVERLAY_COMPARE : OVERLAY_REFERENCE;
		v->list_sel = 0;
		break;
	case ACT_EXPORT: {
		const char	*slash = strrchr(t->script, '/');
		char		*base = xstrdup(slash ? slash + 1 : t->script);
		char		*dot = strrchr(base, '.'), *name;

		if (dot != NULL)
			*dot = '\0';
		name = xasprintf("%s-results.csv", base);
		ask(t, OVERLAY_PROMPT, P_EXPORT, name, "Export the results "
		    "(CSV) to file:");
		free(name);
		free(base);
		break;
	}
	case ACT_FIND:
		ask(t, OVERLAY_PROMPT, P_FIND, NULL, "Find area (name or "
		    "code):");
		break;
	case ACT_ENTER:
		if (v->pane == PANE_TABLE && v->area_sel != SIZE_MAX)
			set_focus_area(t, v->area_sel);
		else if (v->pane == PANE_CHART) {
			v->overlay = OVERLAY_FOCUS;
			v->list_sel = 0;
		} else if (v->pane == PANE_ASSUMPTIONS &&
		    t->sc->nassumptions > 0) {
			char	buf[40];

			fmt_double(buf, sizeof buf,
			    t->ss->cur->assumptions[v->assume_sel]);
			ask(t, OVERLAY_PROMPT, P_ASSUME_VALUE, buf, "%s =",
			    t->sc->assumptions[v->assume_sel].label);
		} else if (v->pane == PANE_LEVERS &&
		    view_lever(v, &lever, &part)) {
			const struct lever	*lv = &t->sc->levers[lever];
			char			 buf[40];

			if (lv->kind == LEVER_SLIDER) {
				char	lo[64], hi[64];

				shown_value(buf, sizeof buf, lv,
				    t->ss->cur->levers[lever].num);
				shown_value(lo, sizeof lo, lv, lv->min);
				shown_value(hi, sizeof hi, lv, lv->max);
				ask(t, OVERLAY_PROMPT, P_LEVER_VALUE, buf,
				    "%s (%s to %s) =", lv->label, lo, hi);
			} else if (part != SIZE_MAX) {
				snprintf(buf, sizeof buf, "%.4g",
				    t->ss->cur->levers[lever].parts[part]);
				ask(t, OVERLAY_PROMPT, P_LEVER_VALUE, buf,
				    "%s: %s (percent) =", lv->label,
				    lv->parts[part]);
			} else if (lv->kind == LEVER_TOGGLE)
				adjust(t, t->ss->cur->levers[lever].on ? -1 : 1,
				    false);
			else if (lv->kind == LEVER_CHOICE)
				adjust(t, t->ss->cur->levers[lever].choice + 1 <
				    lv->noptions ? 1 : -(long)lv->noptions,
				    false);
		}
		break;
	case ACT_FOCUS:
		v->overlay = OVERLAY_FOCUS;
		v->list_sel = 0;
		break;
	case ACT_NEXT_OUTPUT:
	case ACT_PREV_OUTPUT:
		step_output(t, &m, a == ACT_NEXT_OUTPUT ? 1 : -1);
		break;
	case ACT_NEXT_YEAR:
	case ACT_PREV_YEAR:
		step_year(t, &m, a == ACT_NEXT_YEAR ? 1 : -1);
		break;
	case ACT_SORT:
		v->sort = (enum sort_key)((v->sort + 1) % SORT_COUNT);
		break;
	case ACT_ESCAPE:
		v->hide_errors = true;
		break;
	case ACT_REDRAW:
		term_redraw(t->term);
		break;
	}
}

/* Drawing */

static void
model(struct tui *t, struct view_model *m)
{
	memset(m, 0, sizeof *m);
	m->sc = t->sc;
	m->bl = t->bl;
	m->ss = t->ss;
	m->res = t->slot[SLOT_CUR].res;
	m->ref = t->slot[SLOT_REF].res;
	m->ref_name = t->ss->reference != NULL ? t->ss->reference :
	    "defaults";
	for (size_t k = 0; k < t->ss->ncompare; k++)
		m->cmp[k] = t->slot[SLOT_CMP + k].res;
	m->computing = computing(t);
	m->stale = t->slot[SLOT_CUR].have == NULL ||
	    !settings_equal(t->sc, t->slot[SLOT_CUR].have, t->ss->cur);
	m->errors = &t->errors;
	m->message = t->save_cause != NULL && t->message == NULL ?
	    t->save_cause : t->message;
	m->help = t->help;
	m->nhelp = t->nhelp;
}

/*
 * Draw with hangup and terminate deliverable and a CPU-time watchdog, so
 * nothing in the drawing can keep the program from ending (see leave_now).
 */
static void
draw(struct tui *t, const sigset_t *draw_mask)
{
	struct view_model	m;
	struct itimerval	watch = { { 0, 0 }, { DRAW_LIMIT, 0 } };
	struct itimerval	off = { { 0, 0 }, { 0, 0 } };
	sigset_t		loop_mask;
	int			w, h;

	term_size(t->term, &w, &h);
	if (w != t->cells.w || h != t->cells.h) {
		cells_free(&t->cells);
		cells_init(&t->cells, w, h, t->utf8);
		t->cells.braille = t->braille;
	}
	model(t, &m);
	drawing = 1;
	sigprocmask(SIG_SETMASK, draw_mask, &loop_mask);
	setitimer(ITIMER_PROF, &watch, NULL);
	view_render(&t->v, &m, &t->cells);
	while (t->hang_draw)
		;	/* tests: a drawing that never ends */
	term_draw(t->term, &t->cells);
	setitimer(ITIMER_PROF, &off, NULL);
	sigprocmask(SIG_SETMASK, &loop_mask, NULL);
	drawing = 0;
}

/* Setup and the loop */

static void
build_help(struct tui *t)
{
	t->help = xcalloc(keys_count() + 8, sizeof *t->help);
	for (size_t i = 0; i < keys_count(); i++)
		t->help[t->nhelp++] = xasprintf("%-11s %s",
		    keys_doc[i].keys, keys_doc[i].does);
	t->help[t->nhelp++] = xstrdup("");
	t->help[t->nhelp++] = xstrdup("In lists: Up/Down choose, Enter act, "
	    "Esc close. Mouse clicks select panes, levers and rows.");
	t->help[t->nhelp++] = xasprintf("The session is saved after every "
	    "change in %s", t->ss->path);
}

static void
save(struct tui *t)
{
	char	*cause;

	if (!t->dirty)
		return;
	t->dirty = false;
	if (session_save(t->ss, &cause) == -1) {
		if (t->save_cause == NULL)
			say(t, "session kept in memory, not saved: %s", cause);
		free(t->save_cause);
		t->save_cause = cause;
	} else if (t->save_cause != NULL) {
		free(t->save_cause);
		t->save_cause = NULL;
		say(t, "the session is saved again");
	}
}

static int
usage(void)
{
	fputs("usage: lever [--fresh] [--max-instructions N] [--max-memory MB] "
	    "[--timeout S] [SCENARIO.lua]\n", stderr);
	return EXIT_USAGE;
}

static int
parse_args(struct tui *t, int argc, char **argv, bool *fresh)
{
	const char	*script = NULL;

	for (int i = 1; i < argc; i++) {
		const char	*a = argv[i];

		if (strcmp(a, "--fresh") == 0)
			*fresh = true;
		else if (strcmp(a, "--max-instructions") == 0 ||
		    strcmp(a, "--max-memory") == 0 ||
		    strcmp(a, "--timeout") == 0) {
			if (i + 1 >= argc)
				return usage();
			if (cli_limit_option(&t->lim, a, argv[++i]) == -1)
				return EXIT_USAGE;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "lever: unknown option %s\n", a);
			return usage();
		} else if (script != NULL) {
			fprintf(stderr, "lever: give one SCENARIO.lua\n");
			return usage();
		} else
			script = a;
	}
	if (script != NULL)
		t->script = xstrdup(script);
	else if ((t->script = cli_default_scenario()) == NULL) {
		fprintf(stderr, "lever: the default scenario is not installed; "
		    "give a SCENARIO.lua\n");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static void
cleanup(struct tui *t)
{
	for (size_t k = 0; k < NSLOTS; k++)
		slot_reset(&t->slot[k], false);
	pool_free(t->pool);
	job_cancel(t->reload_job);
	term_close(t->term);
	free(t->term);
	cells_free(&t->cells);
	view_free(&t->v);
	session_free(t->ss);
	scenario_free(t->sc);
	baseline_free(t->bl);
	diag_clear(&t->errors);
	for (size_t i = 0; i < t->nhelp; i++)
		free((char *)t->help[i]);
	free(t->help);
	free(t->message);
	free(t->save_cause);
	free(t->script);
}

/* Wait for input, a worker or the file-check timer. */
static void
wait_events(struct tui *t, const sigset_t *mask, bool *input, bool *hangup)
{
	struct pollfd	 pfd[2 + NSLOTS];
	size_t		 n = 1, who[2 + NSLOTS];
	double		 timeout = t->tick;
	struct timespec	 ts;
	bool		 ended = false;
	int		 rc;

	pfd[0] = (struct pollfd){ STDIN_FILENO, POLLIN, 0 };
	for (size_t k = 0; k < NSLOTS; k++) {
		struct slot	*s = &t->slot[k];

		if (s->job == NULL)
			continue;
		if (job_remaining(s->job) < timeout)
			timeout = job_remaining(s->job);
		who[n] = k;
		pfd[n++] = (struct pollfd){ job_fd(s->job), POLLIN, 0 };
	}
	if (t->reload_job != NULL) {
		if (job_remaining(t->reload_job) < timeout)
			timeout = job_remaining(t->reload_job);
		who[n] = NSLOTS;
		pfd[n++] = (struct pollfd){ job_fd(t->reload_job), POLLIN, 0 };
	}
	ts.tv_sec = (time_t)timeout;
	ts.tv_nsec = (long)((timeout - (double)ts.tv_sec) * 1e9) + 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	*input = *hangup = false;
	if ((rc = ppoll(pfd, n, &ts, mask)) == -1 && errno == EINTR) {
		/* A resize: curses reports it as a key, at once. */
		*input = true;
		goto timers;
	}
	if (rc <= 0)
		goto timers;
	*input = (pfd[0].revents & POLLIN) != 0;
	*hangup = (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL)) != 0 &&
	    !*input;
	for (size_t i = 1; i < n; i++) {
		struct slot	*s = &t->slot[who[i]];

		if (who[i] == NSLOTS) {
			if (pfd[i].revents != 0 && job_poll(t->reload_job))
				reload_finish(t);
		} else if (pfd[i].revents != 0 && job_poll(s->job)) {
			finish(t, s, who[i]);
			ended = true;
		}
	}
timers:
	if (t->reload_job != NULL && job_remaining(t->reload_job) <= 0)
		reload_finish(t);	/* job_finish kills it */
	for (size_t k = 0; k < NSLOTS; k++) {
		struct slot	*s = &t->slot[k];

		if (s->job != NULL && job_remaining(s->job) <= 0) {
			finish(t, s, k);	/* the watchdog */
			ended = true;
		}
	}
	/* A worker is free: start what waited for one (MAX_JOBS). */
	if (ended)
		schedule(t);
}

int
tui_main(int argc, char **argv)
{
	struct tui		 t;
	struct diag		 d = { 0 };
	struct sigaction	 sa;
	sigset_t		 block, old, draw_mask;
	char			*cause = NULL;
	bool			 fresh = false;
	const char		*term_name = getenv("TERM");
	int			 rc, idle_reads = 0;

	memset(&t, 0, sizeof t);
	t.lim = limits_default;
	t.lim.print = false;
	if ((rc = parse_args(&t, argc, argv, &fresh)) != EXIT_OK) {
		free(t.script);
		return rc;
	}
	if (cli_load(t.script, NULL, 0, &t.lim, &t.sc, &t.bl, &d) == -1) {
		diag_print(&d, stderr);
		diag_clear(&d);
		free(t.script);
		return EXIT_INPUT;
	}
	stamp(t.script, &t.script_stamp);
	stamp(t.bl->path, &t.base_stamp);
	t.pool = pool_new(t.sc, t.bl, &t.lim, MAX_JOBS);
	t.ss = session_new(t.sc, t.script, NULL);
	{
		/* one screen owns a session; a second is read-only, says who */
		char	*lock;

		rc = session_lock(t.ss, &lock);
		if (fresh && rc != SESSION_BUSY) {
			char	*kept = session_set_aside(t.ss, "old", &cause);

			if (kept != NULL)
				say(&t, "a fresh session; the previous one is "
				    "kept as %s", kept);
			free(kept);
		} else if (!fresh && session_load(t.ss, &cause) == 1 &&
		    cause == NULL && t.ss->nundo + t.ss->nopts > 0)
			say(&t, "resumed the saved session (%zu option%s)",
			    t.ss->nopts, t.ss->nopts == 1 ? "" : "s");
		if (lock != NULL || cause != NULL)
			say(&t, "%s", lock != NULL ? lock : cause);
		free(lock);
		free(cause);
		cause = NULL;
	}
	view_init(&t.v);
	view_bind(&t.v, t.sc, t.bl);
	build_help(&t);
	t.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	t.braille = t.utf8 && (term_name == NULL ||
	    (strncmp(term_name, "linux", 5) != 0 &&
	    strncmp(term_name, "vt", 2) != 0));

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGPROF, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGWINCH);
	sigprocmask(SIG_BLOCK, &block, &old);
	draw_mask = old;
	sigaddset(&draw_mask, SIGINT);
	sigaddset(&draw_mask, SIGWINCH);
	sigdelset(&draw_mask, SIGHUP);
	sigdelset(&draw_mask, SIGTERM);
	sigdelset(&draw_mask, SIGPROF);
	have_tty = tcgetattr(STDIN_FILENO, &saved_tty) == 0;
	/* For tests: a drawing that never ends; a slower file-check timer. */
	t.hang_draw = getenv("LEVER_TEST_HANG_DRAW") != NULL;
	t.tick = getenv("LEVER_TEST_TICK") != NULL ?
	    atof(getenv("LEVER_TEST_TICK")) : 1.0;
	if (!(t.tick >= 0.01 && t.tick <= 3600))
		t.tick = 1.0;

	if ((t.term = term_open(&cause)) == NULL) {
		fprintf(stderr, "lever: %s\n", cause);
		free(cause);
		cleanup(&t);
		return EXIT_USAGE;
	}
	util_set_fatal_hook(term_emergency);
	t.dirty = true;
	schedule(&t);
	while (!t.quit && !got_hup && !got_term) {
		struct term_event	ev;
		bool			input, hangup, any = false;

		save(&t);
		draw(&t, &draw_mask);
		wait_events(&t, &old, &input, &hangup);
		if (hangup)
			break;
		while (input && term_read(t.term, &ev)) {
			struct view_model	m;

			any = true;
			if (ev.kind == TERM_KEY) {
				free(t.message);
				t.message = NULL;
				key(&t, ev.key);
			} else if (ev.kind == TERM_MOUSE) {
				model(&t, &m);
				view_click(&t.v, &m, ev.x, ev.y);
			} else if (ev.kind == TERM_WHEEL) {
				model(&t, &m);
				view_move(&t.v, &m, ev.key * 3);
			}
			if (t.quit)
				break;
		}
		/* Readable but nothing to read, again and again: gone. */
		idle_reads = input && !any ? idle_reads + 1 : 0;
		if (idle_reads > 100)
			break;
		check_files(&t);
	}
	save(&t);
	util_set_fatal_hook(NULL);
	cleanup(&t);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return EXIT_OK;
}
