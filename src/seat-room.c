/*
 * seat-room: a workshop's record on the facilitator's side (seat-int.h).
 *
 * Votes (one per participant's user, for a saved option), the proposals
 * that came in (waiting, or saved as an option to compare or adopt) and
 * predictions (a question, each user's guess, the result revealed). The
 * record lives in the session as "seat" lines, one per vote, proposal,
 * prediction and guess, so that it survives the facilitator's screen
 * ending and `lever serve` resuming the session:
 *
 *	vote<TAB>UID<TAB>USER<TAB>OPTION
 *	proposal<TAB>WHEN<TAB>FROM<TAB>ADOPTED<TAB>OPTION<TAB>NAME<TAB>SETTINGS
 *	predict<TAB>ID<TAB>REVEALED<TAB>YEAR<TAB>BEFORE<TAB>RESULT<TAB>
 *	    FOCUS<TAB>COLUMN<TAB>VALUE<TAB>OUTPUT<TAB>TEXT
 *	guess<TAB>ID<TAB>UID<TAB>USER<TAB>VALUE
 *
 * Names hold no control characters (seat.c checks what participants send),
 * so a tab ends a field; the last field takes the rest of the line. A line
 * that does not read is skipped: the record is a courtesy, the session's
 * own lines are what must load.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "baseline.h"
#include "chart.h"
#include "focus.h"
#include "results.h"
#include "scenario.h"
#include "seat.h"
#include "seat-int.h"
#include "tui-int.h"
#include "view.h"

#define ROOM_PREDICTIONS	200	/* questions kept in a session */

/* Votes */

size_t
room_votes_for(const struct seat *s, const char *option)
{
	size_t	n = 0;

	for (size_t i = 0; i < s->nvotes; i++)
		n += strcmp(s->votes[i].option, option) == 0;
	return n;
}

void
room_vote(struct seat *s, uid_t uid, const char *user, char *option)
{
	struct vote	*v = NULL;

	for (size_t i = 0; i < s->nvotes; i++)
		if (s->votes[i].uid == uid)
			v = &s->votes[i];
	if (v == NULL) {
		s->votes = xreallocarray(s->votes, s->nvotes + 1,
		    sizeof *s->votes);
		v = &s->votes[s->nvotes++];
		v->uid = uid;
		v->user = xstrdup(user);
		v->option = NULL;
	}
	free(v->option);
	v->option = option;
	s->record_dirty = true;
}

/* Predictions */

static void
prediction_free(struct prediction *p)
{
	free(p->text);
	free(p->output);
	free(p->focus.column);
	free(p->focus.value);
	for (size_t i = 0; i < p->nguesses; i++)
		free(p->guesses[i].user);
	free(p->guesses);
	memset(p, 0, sizeof *p);
}

struct prediction *
room_open(struct seat *s)
{
	if (s == NULL || s->npreds == 0 || s->preds[s->npreds - 1].revealed)
		return NULL;
	return &s->preds[s->npreds - 1];
}

/* P's output on T's scenario (-1: gone after a reload). */
static long
pred_output(const struct tui *t, const struct prediction *p)
{
	return scenario_output(t->sc, p->output);
}

/* P's output, for P's focus and year, in RES (NAN when it cannot be). */
static double
pred_value(const struct tui *t, const struct prediction *p,
    const struct results *res)
{
	long	 out = pred_output(t, p);
	size_t	 n, *rows;
	double	 v;

	if (res == NULL || out < 0 || p->year < 0 || p->year >= t->sc->years)
		return NAN;
	rows = focus_rows(t->bl, &p->focus, &n);
	v = results_total(res, t->sc, t->bl, rows, n, (size_t)out,
	    (size_t)p->year);
	free(rows);
	return v;
}

char *
room_what(const struct tui *t, const struct prediction *p)
{
	long	 out = pred_output(t, p);
	char	*where = focus_name(t->bl, &p->focus), *s;

	s = xasprintf("%s, %s, %d", out >= 0 ? t->sc->outputs[out].label :
	    p->output, where, t->sc->start + 1 + p->year);
	free(where);
	return s;
}

static const char *
pred_unit(const struct tui *t, const struct prediction *p)
{
	long	out = pred_output(t, p);

	return out >= 0 ? t->sc->outputs[out].unit : "";
}

char *
room_question(struct tui *t, const struct prediction *p)
{
	long	 out = pred_output(t, p);
	char	*where = focus_name(t->bl, &p->focus), *s;

	s = xasprintf("What will happen to %s (%s, %d) if we %s?",
	    out >= 0 ? t->sc->outputs[out].label : p->output, where,
	    t->sc->start + 1 + p->year, p->text);
	free(where);
	return s;
}

static struct prediction *
pred_new(struct seat *s)
{
	struct prediction	*p;

	if (s->npreds == ROOM_PREDICTIONS) {
		prediction_free(&s->preds[0]);
		memmove(s->preds, s->preds + 1, --s->npreds *
		    sizeof *s->preds);
	}
	s->preds = xreallocarray(s->preds, s->npreds + 1, sizeof *s->preds);
	p = &s->preds[s->npreds++];
	memset(p, 0, sizeof *p);
	return p;
}

struct prediction *
room_ask(struct tui *t, const char *text, char **cause)
{
	struct seat		*s = t->seat;
	struct prediction	*p, *open = room_open(s);
	const struct focus	*f = &t->ss->focus;
	struct view_model	 m;
	char			*q;
	size_t			 n;
	unsigned		 last = 0;

	if (t->slot[SLOT_CUR].res == NULL || t->sc->noutputs == 0) {
		*cause = xstrdup("not yet: the results are being computed");
		return NULL;
	}
	q = xstrdup(text + strspn(text, " "));
	n = strlen(q);
	while (n > 0 && (q[n - 1] == ' ' || q[n - 1] == '?'))
		q[--n] = '\0';
	if (n == 0) {
		*cause = xstrdup("no question asked: say what would move");
		free(q);
		return NULL;
	}
	if (open != NULL) {
		/* a new question replaces the open one; ids never repeat */
		last = open->id;
		prediction_free(open);
		s->npreds--;
	} else if (s->npreds > 0)
		last = s->preds[s->npreds - 1].id;
	tui_model(t, &m);
	p = pred_new(s);
	p->id = last + 1;
	p->text = q;
	p->output = xstrdup(t->sc->outputs[view_output(&m)].name);
	p->year = (int)view_year(&m);
	p->focus.kind = f->kind;
	p->focus.column = f->column != NULL ? xstrdup(f->column) : NULL;
	p->focus.value = f->value != NULL ? xstrdup(f->value) : NULL;
	p->before = pred_value(t, p, t->slot[SLOT_CUR].res);
	p->result = NAN;
	s->record_dirty = true;
	return p;
}

bool
room_guess(struct seat *s, uid_t uid, const char *user, double value)
{
	struct prediction	*p = room_open(s);
	struct guess		*g = NULL;

	if (p == NULL)
		return false;
	for (size_t i = 0; i < p->nguesses; i++)
		if (p->guesses[i].uid == uid)
			g = &p->guesses[i];
	if (g == NULL) {
		p->guesses = xreallocarray(p->guesses, p->nguesses + 1,
		    sizeof *p->guesses);
		g = &p->guesses[p->nguesses++];
		g->uid = uid;
		g->user = xstrdup(user);
	}
	g->value = value;
	s->record_dirty = true;
	return true;
}

struct prediction *
room_reveal(struct tui *t, char **cause)
{
	struct prediction	*p = room_open(t->seat);
	const struct slot	*cur = &t->slot[SLOT_CUR];

	if (p == NULL) {
		*cause = xstrdup("no question is open: Q asks the room one");
		return NULL;
	}
	if (cur->res == NULL || cur->have == NULL ||
	    !settings_equal(t->sc, cur->have, t->ss->cur)) {
		*cause = xstrdup("not yet: the results are being computed");
		return NULL;
	}
	p->result = pred_value(t, p, cur->res);
	p->revealed = true;
	t->seat->record_dirty = true;
	return p;
}

static int
by_error(const void *a, const void *b)
{
	const struct seat_guess	*x = a, *y = b;
	double			 d = x->error - y->error;

	return d < 0 ? -1 : d > 0 ? 1 : strcmp(x->user, y->user);
}

void
seat_reveal_table(const struct seat_reveal *r, struct view_table *tb)
{
	char			 a[48], b[48], c[48];
	struct seat_guess	*g = xcalloc(r->n + 1, sizeof *g);

	view_table_clear(tb);
	tb->title = xasprintf("Revealed: %s", r->what);
	tb->header = xstrdup("\tguessed\toff by");
	memcpy(g, r->guesses, r->n * sizeof *g);
	for (size_t i = 0; i < r->n; i++)
		g[i].error = fabs(g[i].value - r->result);
	qsort(g, r->n, sizeof *g, by_error);
	tb->rows = xcalloc(r->n + 2, sizeof *tb->rows);
	chart_number(a, sizeof a, r->result, r->unit, false);
	chart_number(b, sizeof b, r->before, r->unit, false);
	tb->rows[tb->nrows++] = xasprintf("The result (%s when asked)\t%s\t",
	    b, a);
	for (size_t i = 0; i < r->n; i++) {
		chart_number(b, sizeof b, g[i].value, r->unit, false);
		chart_number(c, sizeof c, g[i].value - r->result, r->unit,
		    true);
		tb->rows[tb->nrows++] = xasprintf("%s\t%s\t%s", g[i].user, b,
		    c);
	}
	free(g);
	tb->note = r->n == 0 ? xasprintf("%s Nobody guessed.", r->question) :
	    xstrdup(r->question);
	tb->hint = xstrdup("closest first  Esc close");
}

void
room_reveal_table(struct tui *t, const struct prediction *p,
    struct view_table *tb)
{
	struct seat_reveal	 r;
	struct seat_guess	*g = xcalloc(p->nguesses + 1, sizeof *g);
	char			*q = room_question(t, p), *what = room_what(t, p);

	for (size_t i = 0; i < p->nguesses; i++) {
		g[i].user = p->guesses[i].user;
		g[i].value = p->guesses[i].value;
	}
	r = (struct seat_reveal){ q, what, pred_unit(t, p), p->before,
	    p->result, g, p->nguesses };
	seat_reveal_table(&r, tb);
	free(g);
	free(q);
	free(what);
}

/* The proposals list */

static bool
compared(const struct session *ss, const char *name)
{
	for (size_t i = 0; i < ss->ncompare; i++)
		if (strcmp(ss->compare[i], name) == 0)
			return true;
	return false;
}

void
room_proposals_table(struct tui *t, struct view_table *tb)
{
	view_table_clear(tb);
	tb->title = xasprintf("Proposals (%zu)", t->nprops);
	tb->header = xstrdup("Proposal\tfrom\tat\tvotes\tstate");
	tb->rows = xcalloc(t->nprops + 1, sizeof *tb->rows);
	for (size_t i = 0; i < t->nprops; i++) {
		const struct seat_proposal	*p = &t->props[i];
		struct tm			 tm;
		char				 at[16], votes[24];
		const char			*state = "waiting";

		strftime(at, sizeof at, "%H:%M", localtime_r(&p->when, &tm));
		if (p->option != NULL && session_option(t->ss, p->option) >= 0)
			snprintf(votes, sizeof votes, "%zu",
			    room_votes_for(t->seat, p->option));
		else
			snprintf(votes, sizeof votes, "-");
		if (p->adopted)
			state = "adopted";
		else if (p->option != NULL && compared(t->ss, p->option))
			state = "compared";
		else if (p->option != NULL)
			state = "an option";
		tb->rows[tb->nrows++] = xasprintf("%s\t%s\t%s\t%s\t%s",
		    p->name, p->from, at, votes, state);
	}
	tb->select = true;
	tb->note = t->nprops == 0 ? xstrdup("No proposals yet: a participant "
	    "sends one with p from their own what-if.") : NULL;
	tb->hint = xstrdup("Enter compare  a adopt (u undoes)  Esc close");
}

/* The record in the session */

/* Split LINE at its tabs into at most MAX fields; how many. */
static size_t
fields(char *line, char **f, size_t max)
{
	size_t	n = 0;

	while (n < max) {
		char	*tab = n + 1 < max ? strchr(line, '\t') : NULL;

		f[n++] = line;
		if (tab == NULL)
			break;
		*tab = '\0';
		line = tab + 1;
	}
	return n;
}

/* S without tabs or control characters, for a field. */
static char *
field(const char *s)
{
	char	*c = xstrdup(s != NULL ? s : "");

	for (char *p = c; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return c;
}

static void
add_line(char ***v, size_t *n, char *line)
{
	if ((*n & (*n - 1)) == 0)
		*v = xreallocarray(*v, *n ? 2 * *n : 1, sizeof **v);
	(*v)[(*n)++] = line;
}

void
room_save(struct tui *t)
{
	struct seat	 *s = t->seat;
	char		**v = NULL;
	size_t		  n = 0;

	if (s == NULL || !s->record_dirty)
		return;
	s->record_dirty = false;
	for (size_t i = 0; i < s->nvotes; i++) {
		char	*u = field(s->votes[i].user);

		add_line(&v, &n, xasprintf("vote\t%lu\t%s\t%s",
		    (unsigned long)s->votes[i].uid, u, s->votes[i].option));
		free(u);
	}
	for (size_t i = 0; i < t->nprops; i++) {
		const struct seat_proposal	*p = &t->props[i];
		char				*st, *from = field(p->from);

		st = session_settings_text(t->sc, p->st, NULL);
		add_line(&v, &n, xasprintf("proposal\t%lld\t%s\t%d\t%s\t%s\t%s",
		    (long long)p->when, from, p->adopted, p->option != NULL ?
		    p->option : "", p->name, st));
		free(st);
		free(from);
	}
	for (size_t i = 0; i < s->npreds; i++) {
		const struct prediction	*p = &s->preds[i];
		char			*col = field(p->focus.column);
		char			*val = field(p->focus.value);

		add_line(&v, &n, xasprintf("predict\t%u\t%d\t%d\t%.17g\t%.17g\t"
		    "%d\t%s\t%s\t%s\t%s", p->id, p->revealed, p->year,
		    p->before, p->result, (int)p->focus.kind, col, val,
		    p->output, p->text));
		free(col);
		free(val);
		for (size_t k = 0; k < p->nguesses; k++) {
			char	*u = field(p->guesses[k].user);

			add_line(&v, &n, xasprintf("guess\t%u\t%lu\t%s\t%.17g",
			    p->id, (unsigned long)p->guesses[k].uid, u,
			    p->guesses[k].value));
			free(u);
		}
	}
	session_seat_set(t->ss, v, n);
	t->dirty = true;
}

static bool
number(const char *s, double *v)
{
	char	*end;

	*v = strtod(s, &end);
	return end != s && *end == '\0';
}

static bool
whole(const char *s, unsigned long *v)
{
	char	*end;

	*v = strtoul(s, &end, 10);
	return end != s && *end == '\0' && s[0] != '-';
}

/* One "proposal" line's fields. */
static void
load_proposal(struct tui *t, char **f)
{
	struct seat_proposal	*p;
	double			 when;

	if (!number(f[1], &when) || f[5][0] == '\0' ||
	    strlen(f[5]) > SEAT_NAME_MAX || t->nprops >= SEAT_KEPT)
		return;
	t->props = xreallocarray(t->props, t->nprops + 1, sizeof *t->props);
	p = &t->props[t->nprops++];
	memset(p, 0, sizeof *p);
	p->when = (time_t)when;
	p->from = xstrdup(f[2]);
	p->adopted = strcmp(f[3], "1") == 0;
	p->option = f[4][0] != '\0' ? xstrdup(f[4]) : NULL;
	p->name = xstrdup(f[5]);
	p->st = settings_new(t->sc);
	session_settings_apply(t->sc, p->st, f[6]);
}

void
room_load(struct tui *t)
{
	struct seat	*s = t->seat;

	for (size_t i = 0; s != NULL && i < t->ss->nseat; i++) {
		char		*line = xstrdup(t->ss->seat[i]), *f[11];
		size_t		 n = fields(line, f, nitems(f));
		unsigned long	 id, uid, year, kind;
		double		 value;

		if (strcmp(f[0], "vote") == 0 && n == 4 && whole(f[1], &uid) &&
		    f[3][0] != '\0')
			room_vote(s, (uid_t)uid, f[2], xstrdup(f[3]));
		else if (strcmp(f[0], "proposal") == 0 && n == 7)
			load_proposal(t, f);
		else if (strcmp(f[0], "predict") == 0 && n == 11 &&
		    whole(f[1], &id) && whole(f[3], &year) &&
		    whole(f[6], &kind) && kind <= FOCUS_AREA &&
		    year < (unsigned long)t->sc->years) {
			struct prediction	*p = pred_new(s);

			p->id = (unsigned)id;
			p->revealed = strcmp(f[2], "1") == 0;
			p->year = (int)year;
			if (!number(f[4], &p->before))
				p->before = NAN;
			if (!number(f[5], &p->result))
				p->result = NAN;
			p->focus.kind = (enum focus_kind)kind;
			p->focus.column = kind == FOCUS_GROUP ?
			    xstrdup(f[7]) : NULL;
			p->focus.value = kind != FOCUS_ALL ? xstrdup(f[8]) :
			    NULL;
			p->output = xstrdup(f[9]);
			p->text = xstrdup(f[10]);
		} else if (strcmp(f[0], "guess") == 0 && n == 5 &&
		    whole(f[1], &id) && whole(f[2], &uid) &&
		    number(f[4], &value) && isfinite(value) && s->npreds > 0 &&
		    s->preds[s->npreds - 1].id == id) {
			struct prediction	*p = &s->preds[s->npreds - 1];
			bool			 was = p->revealed;

			/* a revealed one takes its guesses back too */
			p->revealed = false;
			room_guess(s, (uid_t)uid, f[3], value);
			p->revealed = was;
		}
		free(line);
	}
	if (s != NULL)
		s->record_dirty = false;
}

void
room_free(struct seat *s)
{
	for (size_t i = 0; i < s->nvotes; i++) {
		free(s->votes[i].user);
		free(s->votes[i].option);
	}
	free(s->votes);
	for (size_t i = 0; i < s->npreds; i++)
		prediction_free(&s->preds[i]);
	free(s->preds);
}
