/*
 * join: a participant's screen (lever join). It connects to a workshop's
 * socket (seat.c), takes the scenario's description, the baseline's table
 * and the room's settings and results, and shows them with the screen's
 * own panes and keys, with its own focus, output and year. Moving a lever
 * makes a private what-if: its settings go to the server, which computes
 * them and sends the results back; the room's settings are never changed
 * from here. No Lua runs in this process, and nothing is saved.
 *
 * The screen is a struct tui without workers: tui_schedule hands the
 * current settings to join_schedule, the slot of the current settings
 * shows the room's results or the what-if's, and the reference slot always
 * shows the room's.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "baseline.h"
#include "cli.h"
#include "keys.h"
#include "results.h"
#include "scenario.h"
#include "seat.h"
#include "term.h"
#include "tui-int.h"
#include "wire.h"

#define JOIN_WAIT	10	/* seconds for the server to say hello */
#define JOIN_RETRY	0.5	/* seconds between tries to join again */

struct join {
	int		 fd;
	struct buf	 in;
	struct buf	 out;
	char		*name;
	char		*host;
	struct settings	*room;		/* the room's settings */
	struct settings	*room_have;	/* what room_res was computed from */
	struct results	*room_res;
	struct settings	*asked;		/* the last what-if sent */
	bool		 ended;
	char		*why;		/* why it ended */
	char		**opts;		/* the facilitator's saved options */
	size_t		*votes;		/* votes for each */
	size_t		 nopts;
	/* Predict, then reveal: the open question (id 0: none). */
	uint32_t	 qid;
	char		*question;
	char		*qwhat;		/* "Jobs, All areas, 2030" */
	char		*qunit;
	bool		 revealed;	/* t->table holds the last reveal */
	/* The facilitator's connection dropped: connect again to PATH from
	 * RETRY on, until the workshop is back (or the participant quits). */
	char		*path;
	bool		 waiting;
	bool		 rejoined;	/* waited, and is back */
	bool		 greeted;	/* our hello is sent: others may go */
	double		 retry;
};

static void
question_clear(struct join *j)
{
	free(j->question);
	free(j->qwhat);
	free(j->qunit);
	j->question = j->qwhat = j->qunit = NULL;
	j->qid = 0;
}

static void
opts_free(struct join *j)
{
	for (size_t i = 0; i < j->nopts; i++)
		free(j->opts[i]);
	free(j->opts);
	free(j->votes);
	j->opts = NULL;
	j->votes = NULL;
	j->nopts = 0;
}

static volatile sig_atomic_t	got_signal;

static void	ask_guess(struct tui *);

static void
on_signal(int sig)
{
	(void)sig;
	got_signal = 1;
}

static void
slot_set(struct tui *t, struct slot *s, const struct settings *have,
    const struct results *res)
{
	settings_free(s->have);
	s->have = have != NULL ? settings_copy(t->sc, have) : NULL;
	results_free(s->res);
	s->res = results_copy(res);
}

/* Queue a message; false (nothing queued) while there is no workshop
 * to send it to, or before the hello of a connection made again. */
static bool
send_msg(struct join *j, enum seat_msg type, const struct buf *payload)
{
	if (j->fd == -1 || (!j->greeted && type != SEAT_HELLO))
		return false;
	wire_message(&j->out, (enum wire_type)type, payload->data,
	    payload->len);
	if (type == SEAT_HELLO)
		j->greeted = true;
	return true;
}

/* Send, or say why not. */
static bool
send_said(struct tui *t, enum seat_msg type, const struct buf *payload)
{
	if (send_msg(t->join, type, payload))
		return true;
	tui_say(t, "not sent: the workshop is not there yet (waiting for the "
	    "facilitator)");
	return false;
}

bool
join_following(const struct tui *t)
{
	return settings_equal(t->sc, t->ss->cur, t->join->room);
}
#define following join_following

void
join_schedule(struct tui *t)
{
	struct join	*j = t->join;
	struct buf	 b = { 0 };

	slot_set(t, &t->slot[SLOT_REF], j->room_have, j->room_res);
	if (following(t)) {
		slot_set(t, &t->slot[SLOT_CUR], j->room_have, j->room_res);
		settings_free(j->asked);
		j->asked = NULL;
		return;
	}
	if (j->asked != NULL && settings_equal(t->sc, j->asked, t->ss->cur))
		return;
	wire_put_settings_sized(&b, t->sc, t->ss->cur);
	if (!send_msg(j, SEAT_WHATIF, &b)) {
		buf_free(&b);
		return;		/* sent when the workshop is back */
	}
	buf_free(&b);
	settings_free(j->asked);
	j->asked = settings_copy(t->sc, t->ss->cur);
}

bool
join_key(struct tui *t, int k)
{
	if (t->v.overlay != OVERLAY_NONE)
		return false;
	switch (keys_lookup(k)) {
	case ACT_ROOM:
		if (!following(t) && session_commit(t->ss,
		    settings_copy(t->sc, t->join->room)))
			tui_changed(t);
		tui_say(t, "following the room");
		return true;
	case ACT_BANDS:
	case ACT_ATTRIB:
	case ACT_TORNADO:
		tui_say(t, "bands, attribution and the tornado are on the facilitator's "
		    "screen");
		return true;
	case ACT_QUESTION:
		if (t->join->qid != 0)
			ask_guess(t);
		else
			tui_say(t, "no question is open: the facilitator asks "
			    "them");
		return true;
	case ACT_REVEAL:
		if (t->join->revealed) {
			t->v.overlay = OVERLAY_TABLE;
			t->v.purpose = P_REVEAL;
		} else
			tui_say(t, "nothing revealed yet");
		return true;
	case ACT_SAVE:
	case ACT_OPTIONS:
	case ACT_COMPARE:
	case ACT_REFERENCE:
	case ACT_EXPORT:
	case ACT_REPORT:
		tui_say(t, "the facilitator keeps the options; here p sends "
		    "your what-if as a proposal, R follows the room again");
		return true;
	default:
		return false;
	}
}

void
join_propose(struct tui *t, const char *name)
{
	struct buf	b = { 0 };
	size_t		n = strlen(name);

	if (n == 0)
		return;
	if (n > SEAT_NAME_MAX) {
		tui_say(t, "not sent: a proposal's name is at most %d bytes",
		    SEAT_NAME_MAX);
		return;
	}
	wire_put_str(&b, name);
	wire_put_settings_sized(&b, t->sc, t->ss->cur);
	if (send_said(t, SEAT_PROPOSE, &b))
		tui_say(t, "sending proposal '%s'...", name);
	buf_free(&b);
}

/* The prompt's title for a vote: the options, numbered, with their votes. */
char *
join_vote_title(const struct tui *t)
{
	const struct join	*j = t->join;
	struct buf		 b = { 0 };

	if (j->nopts == 0)
		return NULL;
	buf_adds(&b, "Vote for option:");
	for (size_t i = 0; i < j->nopts && b.len < 140; i++)
		buf_printf(&b, " %zu '%s' (%zu)", i + 1, j->opts[i],
		    j->votes[i]);
	buf_addc(&b, '\0');
	return b.data;
}

void
join_vote(struct tui *t, const char *text)
{
	struct join	*j = t->join;
	struct buf	 b = { 0 };
	char		*end;
	long		 i = strtol(text, &end, 10);
	const char	*name = NULL;

	if (end != text && *end == '\0' && i >= 1 && (size_t)i <= j->nopts)
		name = j->opts[i - 1];
	for (size_t k = 0; name == NULL && k < j->nopts; k++)
		if (strcmp(j->opts[k], text) == 0)
			name = j->opts[k];
	if (name == NULL) {
		tui_say(t, "no option '%s' to vote for", text);
		return;
	}
	wire_put_str(&b, name);
	if (send_said(t, SEAT_VOTE, &b))
		tui_say(t, "voting for '%s'...", name);
	buf_free(&b);
}

/* The server's hello after joining again: the same protocol? */
static bool
hello(struct tui *t, struct wire_reader *r)
{
	struct join	*j = t->join;
	struct buf	 b = { 0 };
	char		*magic = wire_get_str(r);
	uint32_t	 version = wire_get_u32(r);

	if (magic == NULL || strcmp(magic, SEAT_MAGIC) != 0 || r->bad) {
		free(magic);
		return false;
	}
	free(magic);
	if (version != SEAT_VERSION) {
		j->ended = true;
		free(j->why);
		j->why = xasprintf("the workshop came back speaking seats "
		    "protocol %lu and this lever %d: join with the lever the "
		    "facilitator runs", (unsigned long)version, SEAT_VERSION);
		return true;
	}
	wire_put_str(&b, SEAT_MAGIC);
	wire_put_u32(&b, SEAT_VERSION);
	send_msg(j, SEAT_HELLO, &b);
	buf_free(&b);
	return true;
}

/* The prompt for a guess at the open question. */
static void
ask_guess(struct tui *t)
{
	struct join	*j = t->join;

	t->v.overlay = OVERLAY_PROMPT;
	t->v.purpose = P_GUESS;
	snprintf(t->v.title, sizeof t->v.title, "%s Your guess%s%s:",
	    j->question, j->qunit[0] != '\0' ? ", in " : "", j->qunit);
	t->v.input[0] = '\0';
	t->v.input_fresh = false;
}

/* A question from the facilitator: ask at once unless busy. */
static bool
question(struct tui *t, struct wire_reader *r)
{
	struct join	*j = t->join;

	question_clear(j);
	j->qid = wire_get_u32(r);
	j->question = wire_get_str(r);
	j->qwhat = wire_get_str(r);
	j->qunit = wire_get_str(r);
	if (r->bad || r->len != 0 || j->qid == 0 || j->qunit == NULL) {
		question_clear(j);
		return false;
	}
	if (t->v.overlay == OVERLAY_NONE || (t->v.overlay == OVERLAY_PROMPT &&
	    t->v.purpose == P_GUESS) || t->v.overlay == OVERLAY_TABLE)
		ask_guess(t);
	else
		tui_say(t, "the facilitator asks a question: Q to answer it");
	return true;
}

/* The reveal: every guess against the result. */
static bool
reveal(struct tui *t, struct wire_reader *r)
{
	struct join		*j = t->join;
	struct seat_reveal	 rv = { 0 };
	struct seat_guess	*g = NULL;
	char			*q, *what, *unit;
	size_t			 n;
	bool			 ok;

	(void)wire_get_u32(r);
	q = wire_get_str(r);
	what = wire_get_str(r);
	unit = wire_get_str(r);
	rv.before = wire_get_f64(r);
	rv.result = wire_get_f64(r);
	n = wire_get_count(r, 12);
	g = xcalloc(n + 1, sizeof *g);
	for (size_t i = 0; i < n && !r->bad; i++) {
		g[i].user = wire_get_str(r);
		g[i].value = wire_get_f64(r);
		if (g[i].user == NULL)
			r->bad = true;
	}
	ok = !r->bad && r->len == 0 && unit != NULL;
	if (ok) {
		rv = (struct seat_reveal){ q, what, unit, rv.before, rv.result,
		    g, n };
		seat_reveal_table(&rv, &t->table);
		j->revealed = true;
		question_clear(j);
		if (t->v.overlay == OVERLAY_NONE ||
		    t->v.overlay == OVERLAY_TABLE ||
		    (t->v.overlay == OVERLAY_PROMPT &&
		    t->v.purpose == P_GUESS)) {
			t->v.overlay = OVERLAY_TABLE;
			t->v.purpose = P_REVEAL;
			t->v.list_sel = 0;
		} else
			tui_say(t, "the facilitator revealed the guesses: ! "
			    "shows them");
	}
	for (size_t i = 0; i < n; i++)
		free((char *)g[i].user);
	free(g);
	free(q);
	free(what);
	free(unit);
	return ok;
}

void
join_guess(struct tui *t, const char *text)
{
	struct join	*j = t->join;
	struct buf	 b = { 0 };
	char		 num[128], *end;
	size_t		 n = 0;
	double		 v;

	if (j->qid == 0) {
		tui_say(t, "not sent: the question was closed");
		return;
	}
	/* "5,100", "5100 jobs", "£60m" as "60", "12.5%": the number. */
	for (const char *p = text; *p != '\0' && n + 1 < sizeof num; p++)
		if (*p != ',' && *p != ' ')
			num[n++] = *p;
	num[n] = '\0';
	if (strncmp(num, "\xc2\xa3", 2) == 0)
		memmove(num, num + 2, strlen(num + 2) + 1);
	v = strtod(num, &end);
	if (end != num && j->qunit[0] != '\0' && strcmp(end, j->qunit) == 0)
		*end = '\0';
	else if (end != num && strcmp(j->qunit, "%") != 0 && *end == '%')
		end = num;	/* a percentage of an output not in percent */
	else if (end != num && *end == '%' && end[1] == '\0')
		*end = '\0';
	if (end == num || *end != '\0' || !isfinite(v) ||
	    fabs(v) > SEAT_GUESS_MAX) {
		tui_say(t, "not sent: type a number%s%s, like 5,100 (not "
		    "'%s'); Q asks again", j->qunit[0] != '\0' ? " in " : "",
		    j->qunit, text);
		return;
	}
	wire_put_u32(&b, j->qid);
	wire_put_f64(&b, v);
	if (send_said(t, SEAT_GUESS, &b))
		tui_say(t, "sending your guess...");
	buf_free(&b);
}

/* One message from the server; false when it makes no sense. */
static bool
handle(struct tui *t, enum seat_msg type, struct wire_reader *r)
{
	struct join	*j = t->join;
	struct settings	*room, *have = NULL, *st;
	struct results	*res = NULL;
	char		*text;
	const struct results_shape {
		size_t	a, y, o;
	} shape = { t->bl->nrows, (size_t)t->sc->years, t->sc->noutputs };

	switch (type) {
	case SEAT_SNAPSHOT: {
		struct scenario	*sc = wire_get_scenario(r);
		struct baseline	*bl = sc != NULL ? wire_get_baseline(r) : NULL;

		if (bl == NULL || r->len != 0) {
			scenario_free(sc);
			baseline_free(bl);
			return false;
		}
		/* The facilitator's script changed, or the workshop came
		 * back: a what-if is carried over by name, else start from
		 * the room. */
		bool	own = j->room != NULL && !following(t);

		session_rebind(t->ss, sc);
		if (!own) {
			settings_free(t->ss->cur);
			t->ss->cur = settings_new(sc);
		}
		for (size_t k = 0; k < NSLOTS; k++)
			tui_slot_reset(&t->slot[k], false);
		settings_free(j->room);
		settings_free(j->room_have);
		results_free(j->room_res);
		settings_free(j->asked);
		j->room_have = j->asked = NULL;
		j->room_res = NULL;
		j->room = settings_new(sc);
		scenario_free(t->sc);
		baseline_free(t->bl);
		t->sc = sc;
		t->bl = bl;
		view_bind(&t->v, sc, bl);
		return true;
	}
	case SEAT_ROOM:
		if ((room = wire_get_settings_sized(r, t->sc)) == NULL)
			return false;
		if (wire_get_u32(r) != 0) {
			have = wire_get_settings_sized(r, t->sc);
			res = wire_get_results(r, shape.a, shape.y, shape.o);
		}
		if (r->bad || (have == NULL) != (res == NULL)) {
			settings_free(room);
			settings_free(have);
			results_free(res);
			return false;
		}
		if (res != NULL) {
			settings_free(j->room_have);
			results_free(j->room_res);
			j->room_have = have;
			j->room_res = res;
		}
		if (following(t)) {
			settings_free(t->ss->cur);
			t->ss->cur = settings_copy(t->sc, room);
		}
		settings_free(j->room);
		j->room = room;
		join_schedule(t);
		if (j->rejoined) {
			j->rejoined = false;
			free(t->save_cause);
			t->save_cause = NULL;
			tui_say(t, "the facilitator is back: rejoined workshop %s",
			    j->name != NULL ? j->name : "");
		}
		return true;
	case SEAT_WHATIF:
		if ((st = wire_get_settings_sized(r, t->sc)) == NULL)
			return false;
		if (wire_get_u32(r) != 0)
			res = wire_get_results(r, shape.a, shape.y, shape.o);
		else if ((text = wire_get_str(r)) != NULL) {
			diag_clear(&t->errors);
			diag_add(&t->errors, "%s", text);
			t->v.hide_errors = false;
			free(text);
		}
		if (r->bad) {
			settings_free(st);
			results_free(res);
			return false;
		}
		if (res != NULL && !following(t) &&
		    settings_equal(t->sc, st, t->ss->cur)) {
			diag_clear(&t->errors);
			settings_free(t->slot[SLOT_CUR].have);
			t->slot[SLOT_CUR].have = st;
			results_free(t->slot[SLOT_CUR].res);
			t->slot[SLOT_CUR].res = res;
			return true;
		}
		settings_free(st);
		results_free(res);
		return true;
	case SEAT_OPTIONS: {
		size_t	n = wire_get_count(r, 8);

		opts_free(j);
		j->opts = xcalloc(n + 1, sizeof *j->opts);
		j->votes = xcalloc(n + 1, sizeof *j->votes);
		for (size_t i = 0; i < n && !r->bad; i++) {
			j->opts[i] = wire_get_str(r);
			j->votes[i] = wire_get_u32(r);
			j->nopts = i + 1;
			if (j->opts[i] == NULL)
				r->bad = true;
		}
		return !r->bad && r->len == 0;
	}
	case SEAT_HELLO:
		return hello(t, r);
	case SEAT_QUESTION:
		return question(t, r);
	case SEAT_REVEAL:
		return reveal(t, r);
	case SEAT_TEXT:
	case SEAT_REFUSED:
		if ((text = wire_get_str(r)) == NULL)
			return false;
		if (type == SEAT_REFUSED || strstr(text, "ended") != NULL) {
			j->ended = true;
			free(j->why);
			j->why = text;
			return true;
		}
		tui_say(t, "%s", text);
		free(text);
		return true;
	default:
		return false;
	}
}

static void	parse(struct tui *);

/* Read what is there; false when the connection is over. */
static bool
receive(struct tui *t)
{
	struct join		*j = t->join;
	char			 buf[65536];
	ssize_t			 n;

	for (;;) {
		n = recv(j->fd, buf, sizeof buf, MSG_DONTWAIT);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			parse(t);	/* the last words first */
			return false;
		}
		buf_add(&j->in, buf, (size_t)n);
	}
	parse(t);
	return true;
}

/* Act on every whole message received. */
static void
parse(struct tui *t)
{
	struct join		*j = t->join;
	struct wire_reader	 r, payload;
	enum wire_type		 type;

	r = (struct wire_reader){ (const unsigned char *)j->in.data,
	    j->in.len, false };
	while (!j->ended && wire_next(&r, &type, &payload))
		if (!handle(t, (enum seat_msg)type, &payload)) {
			j->ended = true;
			free(j->why);
			j->why = xstrdup("the workshop sent a message this "
			    "lever cannot read");
		}
	memmove(j->in.data, j->in.data + (j->in.len - r.len), r.len);
	j->in.len = r.len;
}

static void
flush(struct join *j)
{
	size_t	off = 0;

	while (off < j->out.len) {
		ssize_t	n = send(j->fd, j->out.data + off, j->out.len - off,
		    MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n > 0)
			off += (size_t)n;
		else if (n == -1 && errno == EINTR)
			continue;
		else
			break;
	}
	memmove(j->out.data, j->out.data + off, j->out.len - off);
	j->out.len -= off;
}

/* Before the screen: connecting and the first messages */

/* Read one whole message, waiting at most until DEADLINE. */
static int
read_message(struct join *j, double deadline, enum seat_msg *type,
    struct buf *payload)
{
	for (;;) {
		struct wire_reader	r = { (const unsigned char *)j->in.data,
		    j->in.len, false }, p;
		enum wire_type		wt;
		struct pollfd		pfd = { j->fd, POLLIN, 0 };
		char			buf[65536];
		double			left = deadline - monotonic();
		ssize_t			n;

		if (wire_next(&r, &wt, &p)) {
			*type = (enum seat_msg)wt;
			payload->len = 0;
			buf_add(payload, p.p, p.len);
			memmove(j->in.data, j->in.data + (j->in.len - r.len),
			    r.len);
			j->in.len = r.len;
			return 0;
		}
		if (left <= 0)
			return -1;
		if (poll(&pfd, 1, (int)(left * 1000) + 1) <= 0)
			continue;
		n = recv(j->fd, buf, sizeof buf, 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf_add(&j->in, buf, (size_t)n);
	}
}

void
join_close(struct tui *t)
{
	struct join	*j = t->join;

	if (j == NULL)
		return;
	t->join = NULL;
	if (j->fd != -1)
		close(j->fd);
	buf_free(&j->in);
	buf_free(&j->out);
	free(j->name);
	free(j->host);
	settings_free(j->room);
	settings_free(j->room_have);
	results_free(j->room_res);
	settings_free(j->asked);
	free(j->why);
	opts_free(j);
	question_clear(j);
	free(j->path);
	free(j);
}

static int
usage(const char *msg)
{
	if (msg != NULL)
		fprintf(stderr, "lever join: %s\n", msg);
	fprintf(stderr, "usage: lever join NAME [--dir DIR]\n"
	    "       lever join PATH/NAME.sock\n");
	return EXIT_USAGE;
}

/* Connect and take the hello, the snapshot and the room; -1 and a message
 * on stderr when it cannot (*STATUS the exit code). */
static int
connect_to(struct tui *t, const char *path, const char *name, int *status)
{
	struct join		*j = t->join;
	struct sockaddr_un	 sun;
	struct buf		 b = { 0 };
	struct wire_reader	 r;
	enum seat_msg		 type;
	double			 deadline = monotonic() + JOIN_WAIT;
	char			*magic = NULL, *text;
	uint32_t		 version;

	*status = EXIT_INPUT;
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun.sun_path) {
		fprintf(stderr, "lever join: %s: too long a path for a "
		    "socket\n", path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	if ((j->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    connect(j->fd, (struct sockaddr *)&sun, sizeof sun) == -1) {
		if (errno == ENOENT || errno == ECONNREFUSED)
			fprintf(stderr, "lever join: no workshop %s is being "
			    "served at %s\n", name, path);
		else if (errno == EACCES || errno == EPERM)
			fprintf(stderr, "lever join: %s: permission denied: "
			    "the workshop's folder is open to its group only; "
			    "ask the facilitator to add you\n", path);
		else
			fprintf(stderr, "lever join: %s: %s\n", path,
			    strerror(errno));
		return -1;
	}
	if (read_message(j, deadline, &type, &b) == -1) {
		fprintf(stderr, "lever join: %s did not answer as a lever "
		    "workshop\n", path);
		goto fail;
	}
	r = (struct wire_reader){ (const unsigned char *)b.data, b.len, false };
	if (type == SEAT_REFUSED) {
		text = wire_get_str(&r);
		fprintf(stderr, "lever join: refused: %s\n", text != NULL ?
		    text : "no reason given");
		free(text);
		goto fail;
	}
	if (type != SEAT_HELLO || (magic = wire_get_str(&r)) == NULL ||
	    strcmp(magic, SEAT_MAGIC) != 0) {
		fprintf(stderr, "lever join: %s is not a lever workshop\n",
		    path);
		goto fail;
	}
	version = wire_get_u32(&r);
	if (r.bad || version != SEAT_VERSION) {
		fprintf(stderr, "lever join: the workshop speaks seats "
		    "protocol %lu and this lever %d: join with the lever the "
		    "facilitator runs\n", (unsigned long)version, SEAT_VERSION);
		goto fail;
	}
	j->name = wire_get_str(&r);
	j->host = wire_get_str(&r);
	b.len = 0;
	wire_put_str(&b, SEAT_MAGIC);
	wire_put_u32(&b, SEAT_VERSION);
	send_msg(j, SEAT_HELLO, &b);
	flush(j);
	if (read_message(j, deadline + 60, &type, &b) == -1 ||
	    type != SEAT_SNAPSHOT) {
		fprintf(stderr, "lever join: the workshop did not send its "
		    "scenario\n");
		goto fail;
	}
	r = (struct wire_reader){ (const unsigned char *)b.data, b.len, false };
	/* The description's own framing: a nested scenario then a table. */
	if ((t->sc = wire_get_scenario(&r)) == NULL ||
	    (t->bl = wire_get_baseline(&r)) == NULL || r.len != 0) {
		fprintf(stderr, "lever join: the workshop's scenario could "
		    "not be read\n");
		goto fail;
	}
	j->room = settings_new(t->sc);
	free(magic);
	buf_free(&b);
	return 0;
fail:
	free(magic);
	buf_free(&b);
	return -1;
}

/*
 * The connection closed without the facilitator ending the workshop
 * (their terminal hung up, or lever serve was killed): keep the screen,
 * say so until the workshop is back, and connect again from time to time.
 */
static void
lost(struct tui *t)
{
	struct join	*j = t->join;

	if (j->fd != -1)
		close(j->fd);
	j->fd = -1;
	j->greeted = false;
	j->in.len = j->out.len = 0;
	settings_free(j->asked);
	j->asked = NULL;
	j->waiting = true;
	j->retry = monotonic() + JOIN_RETRY;
	/* The line stays on the status line (participants save nothing). */
	free(t->save_cause);
	t->save_cause = xasprintf("facilitator disconnected %s waiting; "
	    "rejoins by itself when the workshop is back (q quits)",
	    t->utf8 ? "\xe2\x80\x94" : "-");
	free(t->message);
	t->message = NULL;
}

/* Try to connect again; the hello and the rest come through the loop. */
static void
rejoin(struct tui *t)
{
	struct join		*j = t->join;
	struct sockaddr_un	 sun;
	int			 fd;

	j->retry = monotonic() + JOIN_RETRY;
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof sun.sun_path, "%s", j->path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd == -1)
		return;
	if (connect(fd, (struct sockaddr *)&sun, sizeof sun) == -1) {
		close(fd);
		return;
	}
	j->fd = fd;
	j->greeted = false;
	j->in.len = j->out.len = 0;
	j->waiting = false;
	j->rejoined = true;
}

static void
draw(struct tui *t)
{
	struct view_model	m;

	tui_fit_cells(t);
	tui_model(t, &m);
	view_render(&t->v, &m, &t->cells);
	term_draw(t->term, &t->cells);
}

int
join_main(int argc, char **argv)
{
	struct tui		 t;
	struct sigaction	 sa;
	sigset_t		 old;
	const char		*name = NULL, *dir = NULL;
	char			*path, *cause = NULL, *defdir = NULL;
	int			 status, idle_reads = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			printf("usage: lever join NAME [--dir DIR]\n"
			    "       lever join PATH/NAME.sock\n");
			return EXIT_OK;
		} else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
			dir = argv[++i];
		else if (strncmp(argv[i], "--dir=", 6) == 0)
			dir = argv[i] + 6;
		else if (argv[i][0] == '-')
			return usage("unknown option, or one missing its "
			    "value");
		else if (name != NULL)
			return usage("give one workshop");
		else
			name = argv[i];
	}
	if (name == NULL)
		return usage("give the workshop's name");
	if (strchr(name, '/') == NULL && !seat_name_ok(name))
		return usage("not a workshop's name");
	if (dir == NULL && strchr(name, '/') == NULL)
		dir = defdir = seat_default_dir(false, &cause);
	path = seat_path(dir, name);
	free(defdir);

	memset(&t, 0, sizeof t);
	t.join = xcalloc(1, sizeof *t.join);
	t.join->fd = -1;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	if (connect_to(&t, path, name, &status) == -1) {
		free(path);
		tui_free(&t);
		return status;
	}
	t.join->path = path;
	t.script = xstrdup(t.sc->path != NULL ? t.sc->path : "workshop");
	t.ss = session_new(t.sc, t.script, "/nonexistent");
	t.ss->temporary = true;
	free(t.ss->reference);
	t.ss->reference = xstrdup("the room");
	tui_view_start(&t);
	tui_help_keys(&t, 1);
	t.help[t.nhelp++] = xasprintf("A participant of workshop %s on %s: "
	    "moving a lever is your own what-if; the room is the reference.",
	    t.join->name != NULL ? t.join->name : name,
	    t.join->host != NULL ? t.join->host : "the server");

	tui_catch_signals(on_signal, &old);
	if (!tui_open_term(&t, "lever join")) {
		tui_free(&t);
		return EXIT_USAGE;
	}
	tui_say(&t, "joined workshop %s: p proposes your what-if, R follows "
	    "the room", t.join->name != NULL ? t.join->name : name);
	parse(&t);
	join_schedule(&t);
	while (!t.quit && !got_signal && !t.join->ended) {
		struct pollfd		pfd[2] = {
			{ STDIN_FILENO, POLLIN, 0 },
			{ t.join->fd, POLLIN, 0 }
		};
		struct term_event	ev;
		struct timespec		ts = { 1, 0 };
		bool			any;

		if (t.join->waiting && monotonic() >= t.join->retry)
			rejoin(&t);
		if (t.join->waiting) {
			double	left = t.join->retry - monotonic();

			left = left < 0 ? 0 : left > 1 ? 1 : left;
			ts.tv_sec = (time_t)left;
			ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
		}
		pfd[1].fd = t.join->fd;
		flush(t.join);
		if (t.join->out.len > 0)
			pfd[1].events |= POLLOUT;
		draw(&t);
		if (ppoll(pfd, 2, &ts, &old) == -1) {
			if (errno != EINTR)
				break;
			pfd[0].revents = POLLIN;	/* a resize, as a key */
			pfd[1].revents = 0;
		}
		if (pfd[1].fd != -1 &&
		    (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)) &&
		    !receive(&t) && !t.join->ended)
			lost(&t);
		if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL) &&
		    !(pfd[0].revents & POLLIN))
			break;
		any = false;
		while ((pfd[0].revents & POLLIN) && term_read(t.term, &ev)) {
			any = true;
			tui_event(&t, &ev);
			if (t.quit)
				break;
		}
		/* Readable but nothing to read, again and again: the
		 * terminal is gone (as the screen's own loop decides). */
		idle_reads = (pfd[0].revents & POLLIN) && !any ?
		    idle_reads + 1 : 0;
		if (idle_reads > 100)
			break;
	}
	flush(t.join);
	util_set_fatal_hook(NULL);
	term_close(t.term);
	free(t.term);
	t.term = NULL;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (t.join->ended) {
		fprintf(stderr, "lever join: %s\n", t.join->why != NULL ?
		    t.join->why : "the workshop ended");
		status = EXIT_OK;
	} else
		status = EXIT_OK;
	tui_free(&t);
	return status;
}
