/*
 * tui: the workshop screen's event loop.
 *
 * One context (struct tui, tui-int.h) holds everything: the scenario and
 * baseline, the session (session.c), the view state (view.c), the terminal
 * (term.c) and the recomputes in flight (tui-compute.c). The loop blocks in
 * ppoll() on the terminal and the workers' pipes, with signals unblocked
 * only there and while drawing; keys (tui-keys.c) change the model and set
 * flags; only the loop draws and saves.
 */
#include "config.h"

#include <sys/time.h>

#include <errno.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "baseline.h"
#include "cli.h"
#include "keys.h"
#include "kept.h"
#include "scenario.h"
#include "seat.h"
#include "term.h"
#include "tui.h"
#include "tui-int.h"

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

void
tui_say(struct tui *t, const char *fmt, ...)
{
	va_list	ap;

	free(t->message);
	va_start(ap, fmt);
	t->message = xvasprintf(fmt, ap);
	va_end(ap);
}
void
tui_model(struct tui *t, struct view_model *m)
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
	m->computing = tui_computing(t);
	m->stale = t->slot[SLOT_CUR].have == NULL ||
	    !settings_equal(t->sc, t->slot[SLOT_CUR].have, t->ss->cur);
	m->errors = &t->errors;
	m->message = t->save_cause != NULL && t->message == NULL ?
	    t->save_cause : t->message;
	m->help = t->help;
	m->nhelp = t->nhelp;
	m->fan = t->fan[FAN_CUR].store;
	m->fan_ref = t->fan[FAN_REF].store != NULL &&
	    t->fan[FAN_REF].output == t->fan[FAN_CUR].output ?
	    t->fan[FAN_REF].store : NULL;
	m->fan_output = t->fan[FAN_CUR].output;
	m->fan_want = TUI_SAMPLES;
	m->attr = t->attr;
	m->attr_busy = t->attr_batch != NULL;
	m->table = &t->table;
	m->sens = t->sens;
}

/* Size the cell buffer to the terminal (a resize makes a new one). */
void
tui_fit_cells(struct tui *t)
{
	int	w, h;

	term_size(t->term, &w, &h);
	if (w != t->cells.w || h != t->cells.h) {
		cells_free(&t->cells);
		cells_init(&t->cells, w, h, t->utf8);
		t->cells.braille = t->braille;
	}
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

	tui_fit_cells(t);
	tui_model(t, &m);
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

/* The help screen's lines: every key, a blank line, then room for MORE. */
void
tui_help_keys(struct tui *t, size_t more)
{
	t->help = xcalloc(keys_count() + 1 + more, sizeof *t->help);
	for (size_t i = 0; i < keys_count(); i++)
		t->help[t->nhelp++] = xasprintf("%-11s %s",
		    keys_doc[i].keys, keys_doc[i].does);
	t->help[t->nhelp++] = xstrdup("");
}

static void
build_help(struct tui *t)
{
	tui_help_keys(t, 2);
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
			tui_say(t, "session kept in memory, not saved: %s", cause);
		free(t->save_cause);
		t->save_cause = cause;
	} else if (t->save_cause != NULL) {
		free(t->save_cause);
		t->save_cause = NULL;
		tui_say(t, "the session is saved again");
	}
}

/*
 * Free everything T holds and give the terminal back: the facilitator's
 * screen (its workers and seats) or a participant's (lever join).
 */
void
tui_free(struct tui *t)
{
	seat_close(t);
	join_close(t);
	tui_extras_free(t);
	for (size_t k = 0; k < NSLOTS; k++)
		tui_slot_reset(&t->slot[k], false);
	kept_free(t->kept);
	tui_ahead_hold(t, NULL);
	pool_free(t->pool);
	job_cancel(t->reload_job);
	term_close(t->term);
	free(t->term);
	t->term = NULL;
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
	free(t->baseline);
	view_table_clear(&t->table);
	free(t->mod_stamp);
}

/*
 * The view of T's scenario and baseline; UTF-8 glyphs where the locale
 * says UTF-8, and braille too but on the console and vt terminals.
 */
void
tui_view_start(struct tui *t)
{
	const char	*term_name = getenv("TERM");

	view_init(&t->v);
	view_bind(&t->v, t->sc, t->bl);
	t->utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	t->braille = t->utf8 && (term_name == NULL ||
	    (strncmp(term_name, "linux", 5) != 0 &&
	    strncmp(term_name, "vt", 2) != 0));
}

bool
tui_open_term(struct tui *t, const char *prog)
{
	char	*cause;

	if ((t->term = term_open(&cause)) == NULL) {
		fprintf(stderr, "%s: %s\n", prog, cause);
		free(cause);
		return false;
	}
	util_set_fatal_hook(term_emergency);
	return true;
}

void
tui_catch_signals(void (*on)(int), sigset_t *old)
{
	struct sigaction	sa;
	sigset_t		block;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGWINCH);
	sigprocmask(SIG_BLOCK, &block, old);
}

/*
 * A key, a click or a turn of the wheel; a key clears the message, and on a
 * participant's screen goes to its own keys first.
 */
void
tui_event(struct tui *t, const struct term_event *ev)
{
	struct view_model	m;

	if (ev->kind == TERM_KEY) {
		free(t->message);
		t->message = NULL;
		if (t->join == NULL || !join_key(t, ev->key))
			tui_key(t, ev->key);
	} else if (ev->kind == TERM_MOUSE) {
		tui_model(t, &m);
		view_click(&t->v, &m, ev->x, ev->y);
	} else if (ev->kind == TERM_WHEEL) {
		tui_model(t, &m);
		view_move(&t->v, &m, ev->key * 3);
	}
}

/* Wait for input, a worker or the file-check timer. */
static void
wait_events(struct tui *t, const sigset_t *mask, bool *input, bool *hangup)
{
	struct pollfd	 pfd[2 + NSLOTS + 8 + SEAT_POLLFDS];
	size_t		 n = 1, who[2 + NSLOTS + 8], nseat, seat0;
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
	/* the bands' and the attribution's runs: stepped after any wake */
	{
		int	fds[8];
		size_t	nf = tui_extras_fds(t, fds, nitems(fds), &timeout);

		for (size_t i = 0; i < nf; i++) {
			who[n] = NSLOTS + 1;
			pfd[n++] = (struct pollfd){ fds[i], POLLIN, 0 };
		}
	}
	seat0 = n;
	nseat = seat_pollfds(t, pfd + n, &timeout);
	n += nseat;
	if (timeout < 0)
		timeout = 0;
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
	for (size_t i = 1; i < seat0; i++) {
		if (who[i] == NSLOTS + 1)
			continue;	/* tui_extras_step, below */
		if (who[i] == NSLOTS) {
			if (pfd[i].revents != 0 && job_poll(t->reload_job))
				tui_reload_finish(t);
		} else if (pfd[i].revents != 0 &&
		    job_poll(t->slot[who[i]].job)) {
			tui_finish(t, &t->slot[who[i]], who[i]);
			ended = true;
		}
	}
timers:
	if (rc <= 0)
		for (size_t i = seat0; i < n; i++)
			pfd[i].revents = 0;
	seat_events(t, pfd + seat0, nseat);
	if (t->reload_job != NULL && job_remaining(t->reload_job) <= 0)
		tui_reload_finish(t);	/* job_finish kills it */
	for (size_t k = 0; k < NSLOTS; k++) {
		struct slot	*s = &t->slot[k];

		if (s->job != NULL && job_remaining(s->job) <= 0) {
			tui_finish(t, s, k);	/* the watchdog */
			ended = true;
		}
	}
	/* A worker is free: start what waited for one (MAX_JOBS). */
	if (ended)
		tui_schedule(t);
	tui_extras_step(t);
}

int
tui_main(int argc, char **argv)
{
	struct tui		 t;
	struct diag		 d = { 0 };
	struct sigaction	 sa;
	sigset_t		 old, draw_mask;
	char			*cause = NULL;
	bool			 fresh = false, serve = false, lost = false;
	struct seat_opts	 sopts = { 0 };
	int			 rc, idle_reads = 0;

	memset(&t, 0, sizeof t);
	t.lim = limits_default;
	t.lim.print = false;
	if (strcmp(argv[0], "serve") == 0) {
		/* lever serve: the screen's options and the workshop's */
		serve = true;
		if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
		    strcmp(argv[1], "-h") == 0)) {
			cli_usage(stdout);
			return EXIT_OK;
		}
		if (seat_args(&argc, argv, &sopts, &cause) == -1) {
			fprintf(stderr, "lever serve: %s\n", cause);
			free(cause);
			seat_opts_free(&sopts);
			cli_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if ((rc = cli_screen_args(argc, argv, &t.script, &t.baseline, &fresh,
	    &t.lim)) != EXIT_OK) {
		seat_opts_free(&sopts);
		return rc == -1 ? EXIT_OK : rc;	/* -1: --help, --version */
	}
	if (cli_load(t.script, t.baseline, 0, &t.lim, &t.sc, &t.bl,
	    &d) == -1) {
		rc = d.system ? EXIT_INTERNAL : EXIT_INPUT;
		diag_print(&d, stderr);
		diag_clear(&d);
		free(t.script);
		free(t.baseline);
		seat_opts_free(&sopts);
		return rc;
	}
	if (serve && seat_open(&t, &sopts, &rc, &cause) == -1) {
		fprintf(stderr, "lever serve: %s\n", cause);
		free(cause);
		seat_opts_free(&sopts);
		scenario_free(t.sc);
		baseline_free(t.bl);
		free(t.script);
		free(t.baseline);
		return rc;
	}
	seat_opts_free(&sopts);
	file_stamp(t.script, &t.script_stamp);
	file_stamp(t.bl->path, &t.base_stamp);
	tui_stamp_modules(&t);
	t.pool = tui_pool_new(&t, t.sc, t.bl);
	t.kept = kept_new(t.sc, t.bl->nrows);
	t.ahead_dir = 1;
	tui_view_start(&t);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPROF, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	tui_catch_signals(on_signal, &old);
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

	if (!tui_open_term(&t, "lever")) {
		tui_free(&t);
		return EXIT_USAGE;
	}
	/* The session only once the terminal is known to work, so that a
	 * refused terminal leaves it as it was (--fresh too). */
	t.ss = session_new(t.sc, t.script, NULL);
	{
		/* one screen owns a session; a second is read-only, says who */
		char	*lock;

		rc = session_lock(t.ss, &lock);
		if (fresh && rc != SESSION_BUSY) {
			char	*kept = session_set_aside(t.ss, "old", &cause);

			if (kept != NULL)
				tui_say(&t, "a fresh session; the previous one "
				    "is kept as %s", kept);
			free(kept);
		} else if (!fresh && session_load(t.ss, &cause) == 1 &&
		    cause == NULL && t.ss->nundo + t.ss->nopts > 0)
			tui_say(&t, "resumed the saved session (%zu option%s)",
			    t.ss->nopts, t.ss->nopts == 1 ? "" : "s");
		seat_resume(&t);
		if (lock != NULL || cause != NULL)
			tui_say(&t, "%s", lock != NULL ? lock : cause);
		free(lock);
		free(cause);
		cause = NULL;
	}
	build_help(&t);
	t.dirty = true;
	tui_schedule(&t);
	while (!t.quit && !got_hup && !got_term) {
		struct term_event	ev;
		bool			input, hangup, any = false;

		seat_sync(&t);
		save(&t);
		tui_extras_schedule(&t);
		tui_schedule_ahead(&t);
		draw(&t, &draw_mask);
		wait_events(&t, &old, &input, &hangup);
		if (hangup) {
			lost = true;
			break;
		}
		while (input && term_read(t.term, &ev)) {
			any = true;
			tui_event(&t, &ev);
			if (t.quit)
				break;
		}
		/* Readable but nothing to read, again and again: gone. */
		idle_reads = input && !any ? idle_reads + 1 : 0;
		if (idle_reads > 100) {
			lost = true;
			break;
		}
		tui_check_files(&t);
	}
	if (got_hup || lost)
		seat_hangup(&t);
	save(&t);
	util_set_fatal_hook(NULL);
	tui_free(&t);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return EXIT_OK;
}
