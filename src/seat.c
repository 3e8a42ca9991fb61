/*
 * seat: the facilitator's side of a workshop's seats (seat.h).
 *
 * A listening socket DIR/NAME.sock and up to SEAT_MAX participants, each a
 * non-blocking socket with an input buffer (one message is at most
 * SEAT_IN_MAX bytes) and an output buffer. Who may join is decided at
 * accept from SO_PEERCRED: the facilitator's own user, a member of the
 * socket folder's group (with --dir), or a user named in --allow; anyone
 * else is sent a message and closed, as is one user past --per-user
 * connections, and a connection that sends no hello in time (checked from
 * the loop's wake-ups, never by waiting). A participant's what-ifs are
 * computed on a pool of one warm worker of their own, one at a time,
 * round robin, so they never take the facilitator's workers.
 *
 * Why one file of this length: the listening socket, the peer checks, the
 * per-participant buffers and the messages of protocol version 2 are one
 * state machine over struct seat; the room's record (votes, proposals,
 * predictions, and their lines in the session) is seat-room.c, and the
 * participant's side is join.c.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <math.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "focus.h"
#include "results.h"
#include "scenario.h"
#include "seat.h"
#include "seat-int.h"
#include "tui-int.h"
#include "wire.h"

/* Options and names */

bool
seat_name_ok(const char *s)
{
	size_t	n = strlen(s);

	if (n == 0 || n > SEAT_NAME_MAX || s[0] == '.')
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' ||
		    *s == '-'))
			return false;
	return true;
}

int
seat_args(int *argc, char **argv, struct seat_opts *o, char **cause)
{
	static const char *const names[] = { "--name", "--dir", "--allow",
	    "--per-user" };
	int	 out = 1;

	memset(o, 0, sizeof *o);
	for (int i = 1; i < *argc; i++) {
		char	**to = NULL, *val = NULL;

		if (strcmp(argv[i], "--") == 0) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		for (size_t k = 0; k < nitems(names); k++) {
			size_t	len = strlen(names[k]);

			if (strncmp(argv[i], names[k], len) != 0 ||
			    (argv[i][len] != '\0' && argv[i][len] != '='))
				continue;
			to = k == 0 ? &o->name : k == 1 ? &o->dir : k == 2 ?
			    &o->allow : &o->per_user;
			if (argv[i][len] == '=')
				val = argv[i] + len + 1;
			else if (i + 1 < *argc)
				val = argv[++i];
			else {
				*cause = xasprintf("%s needs a value",
				    names[k]);
				return -1;
			}
		}
		if (to == NULL) {
			argv[out++] = argv[i];
			continue;
		}
		free(*to);
		*to = xstrdup(val);
	}
	argv[out] = NULL;
	*argc = out;
	if (o->name == NULL) {
		*cause = xstrdup("give the workshop a --name");
		return -1;
	}
	if (!seat_name_ok(o->name)) {
		*cause = xasprintf("'%s' cannot be a workshop's name: use up "
		    "to %d letters, digits, '.', '_' and '-'", o->name,
		    SEAT_NAME_MAX);
		return -1;
	}
	return 0;
}

void
seat_opts_free(struct seat_opts *o)
{
	free(o->name);
	free(o->dir);
	free(o->allow);
	free(o->per_user);
	memset(o, 0, sizeof *o);
}

char *
seat_default_dir(bool make, char **cause)
{
	const char	*rt = getenv("XDG_RUNTIME_DIR");
	char		*dir;
	struct stat	 sb;

	if (rt != NULL && rt[0] == '/')
		dir = xasprintf("%s/lever", rt);
	else
		dir = xasprintf("/tmp/lever-%lu", (unsigned long)geteuid());
	if (!make)
		return dir;
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		*cause = xasprintf("%s: %s", dir, strerror(errno));
		free(dir);
		return NULL;
	}
	if (lstat(dir, &sb) == -1 || !S_ISDIR(sb.st_mode) ||
	    sb.st_uid != geteuid() || (sb.st_mode & 0077) != 0) {
		*cause = xasprintf("%s is not a folder of yours alone", dir);
		free(dir);
		return NULL;
	}
	return dir;
}

char *
seat_path(const char *dir, const char *name)
{
	if (strchr(name, '/') != NULL)
		return xstrdup(name);
	return xasprintf("%s/%s.sock", dir, name);
}

/* Who may join */

static char *
user_name(uid_t uid)
{
	struct passwd	*pw = getpwuid(uid);

	return pw != NULL ? xstrdup(pw->pw_name) :
	    xasprintf("uid %lu", (unsigned long)uid);
}

static bool
in_group(uid_t uid, gid_t pgid, gid_t gid)
{
	struct passwd	*pw;
	gid_t		 groups[256];
	int		 n = (int)nitems(groups);

	if (pgid == gid)
		return true;
	if ((pw = getpwuid(uid)) == NULL)
		return false;
	if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &n) == -1)
		return false;
	for (int i = 0; i < n; i++)
		if (groups[i] == gid)
			return true;
	return false;
}

/* NULL when UID may join; otherwise why not. */
static char *
refusal(const struct seat *s, uid_t uid, gid_t pgid)
{
	struct group	*gr;

	if (uid == geteuid())
		return NULL;
	for (size_t i = 0; i < s->nallow; i++)
		if (s->allow[i] == uid)
			return NULL;
	if (s->group && in_group(uid, pgid, s->gid))
		return NULL;
	if (!s->group)
		return xasprintf("workshop %s is open to its facilitator's "
		    "user and to users named with --allow only", s->name);
	gr = getgrgid(s->gid);
	return xasprintf("workshop %s is open to the group %s and to users "
	    "named with --allow only; ask the facilitator", s->name,
	    gr != NULL ? gr->gr_name : "of its folder");
}

static int
parse_allow(struct seat *s, const char *list, char **cause)
{
	char	*copy = xstrdup(list), *save = NULL;

	for (char *u = strtok_r(copy, ",", &save); u != NULL;
	    u = strtok_r(NULL, ",", &save)) {
		struct passwd	*pw = getpwnam(u);

		if (pw == NULL) {
			*cause = xasprintf("--allow: no user '%s' here", u);
			free(copy);
			return -1;
		}
		s->allow = xreallocarray(s->allow, s->nallow + 1,
		    sizeof *s->allow);
		s->allow[s->nallow++] = pw->pw_uid;
	}
	free(copy);
	return 0;
}

/* Messages */

static void
frame(struct buf *out, enum seat_msg type, const struct buf *payload)
{
	wire_message(out, (enum wire_type)type, payload->data, payload->len);
}

static void
send_to(struct client *c, enum seat_msg type, const struct buf *payload)
{
	if (c->dead)
		return;
	frame(&c->out, type, payload);
	if (c->out.len - c->out_off > c->allowance)
		c->dead = c->slow = true;	/* dropped, never waited on */
}

static void
send_text(struct client *c, const char *text)
{
	struct buf	b = { 0 };

	wire_put_str(&b, text);
	send_to(c, SEAT_TEXT, &b);
	buf_free(&b);
}

/* The room's settings, and its results when WITH_RESULTS (else the
 * participant keeps the results it has). */
static void
room_message(struct tui *t, struct buf *b, bool with_results)
{
	const struct slot	*cur = &t->slot[SLOT_CUR];
	bool			 has = with_results && cur->res != NULL &&
	    cur->have != NULL;

	wire_put_settings_sized(b, t->sc, t->ss->cur);
	wire_put_u32(b, has);
	if (has) {
		wire_put_settings_sized(b, t->sc, cur->have);
		wire_put_results(b, cur->res);
	}
}

/* The saved options (the first SEAT_PROPOSALS) and the votes for each. */
static void
options_message(struct tui *t, struct buf *b)
{
	const struct session	*ss = t->ss;
	size_t			 n = ss->nopts;

	if (n > SEAT_PROPOSALS)
		n = SEAT_PROPOSALS;
	wire_put_u32(b, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		wire_put_str(b, t->ss->opts[i].name);
		wire_put_u32(b, (uint32_t)room_votes_for(t->seat,
		    t->ss->opts[i].name));
	}
}

/* A question: its id, the question, what it asks about, the unit. */
static void
question_message(struct tui *t, struct buf *b, const struct prediction *p)
{
	char	*q = room_question(t, p);
	long	 out = scenario_output(t->sc, p->output);

	wire_put_u32(b, p->id);
	wire_put_str(b, q);
	wire_put_str(b, out >= 0 ? t->sc->outputs[out].label : p->output);
	wire_put_str(b, out >= 0 ? t->sc->outputs[out].unit : "");
	free(q);
}

/* Write what the socket takes now; never wait. */
static void
flush(struct client *c)
{
	while (!c->dead && c->out_off < c->out.len) {
		ssize_t	n = send(c->fd, c->out.data + c->out_off,
		    c->out.len - c->out_off, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n > 0)
			c->out_off += (size_t)n;
		else if (n == -1 && errno == EINTR)
			continue;
		else if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		else
			c->dead = true;
	}
	if (c->out_off == c->out.len)
		c->out.len = c->out_off = 0;
}

/* Joining and leaving */

/* SEAT_BACKLOG; tests give a smaller one (LEVER_TEST_BACKLOG, bytes). */
static size_t
backlog(void)
{
	const char	*v = getenv("LEVER_TEST_BACKLOG");
	long		 n = v != NULL ? atol(v) : 0;

	return n > 0 ? (size_t)n : SEAT_BACKLOG;
}

/* SEAT_HELLO_WAIT; tests give another (LEVER_TEST_HELLO_WAIT, seconds). */
static double
hello_wait(void)
{
	const char	*v = getenv("LEVER_TEST_HELLO_WAIT");
	double		 d = v != NULL ? atof(v) : 0;

	return d > 0 && d <= 3600 ? d : SEAT_HELLO_WAIT;
}

static void
welcome(struct tui *t, struct client *c)
{
	struct seat	*s = t->seat;
	struct buf	 b = { 0 };
	char		 host[256] = "";

	gethostname(host, sizeof host - 1);
	wire_put_str(&b, SEAT_MAGIC);
	wire_put_u32(&b, SEAT_VERSION);
	wire_put_str(&b, s->name);
	wire_put_str(&b, host);
	frame(&c->out, SEAT_HELLO, &b);
	b.len = 0;
	wire_put_scenario(&b, t->sc);
	wire_put_baseline(&b, t->bl);
	frame(&c->out, SEAT_SNAPSHOT, &b);
	b.len = 0;
	room_message(t, &b, true);
	frame(&c->out, SEAT_ROOM, &b);
	b.len = 0;
	options_message(t, &b);
	frame(&c->out, SEAT_OPTIONS, &b);
	if (room_open(s) != NULL) {
		b.len = 0;
		question_message(t, &b, room_open(s));
		frame(&c->out, SEAT_QUESTION, &b);
	}
	buf_free(&b);
	c->allowance = c->out.len + backlog();
	flush(c);
}

static void
say_count(struct tui *t, const char *user, const char *what)
{
	tui_say(t, "%s %s; %zu in the workshop %s", user, what, t->seat->n,
	    t->seat->name);
}

static void
drop(struct tui *t, size_t i)
{
	struct seat	*s = t->seat;
	struct client	*c = s->c[i];

	close(c->fd);
	s->c[i] = s->c[--s->n];
	say_count(t, c->user, c->slow ? "was dropped, too slow to keep up" :
	    c->mute ? "was dropped, no hello in time" :
	    c->hello ? "left" : "could not join");
	if (s->job != NULL && s->job_for == c->id) {
		job_cancel(s->job);
		s->job = NULL;
		settings_free(s->job_st);
		s->job_st = NULL;
	}
	buf_free(&c->in);
	buf_free(&c->out);
	settings_free(c->want);
	free(c->user);
	free(c);
}

static void
refuse(int fd, const char *why)
{
	struct buf	b = { 0 }, out = { 0 };
	char		sink[512];

	wire_put_str(&b, why);
	frame(&out, SEAT_REFUSED, &b);
	/* A fresh socket's buffer takes a line; if not, closing says enough. */
	(void)!send(fd, out.data, out.len, MSG_NOSIGNAL | MSG_DONTWAIT);
	/* Then no more, and a hello already sent read away (a little, never
	 * waiting): a socket closed with unread input resets its peer. */
	shutdown(fd, SHUT_WR);
	for (int i = 0; i < 8 && recv(fd, sink, sizeof sink,
	    MSG_DONTWAIT) > 0; i++)
		;
	buf_free(&b);
	buf_free(&out);
	close(fd);
}

static size_t
connections_of(const struct seat *s, uid_t uid)
{
	size_t	n = 0;

	for (size_t i = 0; i < s->n; i++)
		n += s->c[i]->uid == uid && !s->c[i]->dead;
	return n;
}

/* Take one connection, let in or refused; false when none waits. */
static bool
accept_one(struct tui *t)
{
	struct seat	*s = t->seat;
	struct ucred	 cred;
	socklen_t	 len = sizeof cred;
	struct client	*c;
	char		*why;
	int		 fd;

	fd = accept4(s->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd == -1)
		return false;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1) {
		close(fd);
		return true;
	}
	if ((why = refusal(s, cred.uid, cred.gid)) != NULL) {
		char	*who = user_name(cred.uid);

		refuse(fd, why);
		tui_say(t, "%s was refused: not allowed to join", who);
		free(who);
		free(why);
		return true;
	}
	if (s->n == SEAT_MAX) {
		refuse(fd, "the workshop is full");
		return true;
	}
	if (connections_of(s, cred.uid) >= s->per_user) {
		char	*who = user_name(cred.uid);

		why = xasprintf("%s holds %zu connections to workshop %s "
		    "already, the most one user may (lever serve "
		    "--per-user); leave one first", who, s->per_user,
		    s->name);
		refuse(fd, why);
		tui_say(t, "%s was refused: %zu connections already, the cap",
		    who, s->per_user);
		free(who);
		free(why);
		return true;
	}
	c = xcalloc(1, sizeof *c);
	c->fd = fd;
	c->since = monotonic();
	c->id = ++s->next_id;
	c->uid = cred.uid;
	c->user = user_name(cred.uid);
	s->c[s->n++] = c;
	welcome(t, c);
	return true;
}

/* What a participant sends: data only, every value checked */

/* Within the declared ranges, finite, splits summing to 100. */
static bool
settings_valid(const struct scenario *sc, const struct settings *st)
{
	if (!settings_finite(sc, st))
		return false;
	for (size_t i = 0; i < sc->nlevers; i++) {
		const struct lever		*lv = &sc->levers[i];
		const struct lever_value	*v = &st->levers[i];
		double				 sum = 0;

		if (lv->kind == LEVER_SLIDER && (v->num < lv->min - 1e-9 ||
		    v->num > lv->max + 1e-9))
			return false;
		if (lv->kind != LEVER_SPLIT)
			continue;
		for (size_t j = 0; j < lv->nparts; j++) {
			if (v->parts[j] < 0 || v->parts[j] > 100)
				return false;
			sum += v->parts[j];
		}
		if (fabs(sum - 100) > 1e-6)
			return false;
	}
	return true;
}

static bool
name_printable(const char *s)
{
	size_t	n = strlen(s);

	if (n == 0 || n > SEAT_NAME_MAX || utf8_valid(s, n) != n)
		return false;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static size_t
waiting(const struct tui *t)
{
	size_t	n = 0;

	for (size_t i = 0; i < t->nprops; i++)
		n += t->props[i].option == NULL;
	return n;
}

static void
proposal(struct tui *t, struct client *c, char *name, struct settings *st)
{
	struct seat_proposal	*p;

	if (waiting(t) >= SEAT_PROPOSALS || t->nprops >= SEAT_KEPT) {
		send_text(c, "not sent: the facilitator has too many "
		    "proposals waiting");
		free(name);
		settings_free(st);
		return;
	}
	t->props = xreallocarray(t->props, t->nprops + 1, sizeof *t->props);
	p = &t->props[t->nprops++];
	memset(p, 0, sizeof *p);
	p->name = name;
	p->from = xstrdup(c->user);
	p->st = st;
	p->when = time(NULL);
	t->seat->record_dirty = true;
	tui_say(t, "proposal '%s' from %s (p: the proposals)", name, c->user);
	send_text(c, "proposal sent to the facilitator");
}

char *
seat_who(struct tui *t)
{
	struct seat	*s = t->seat;
	struct buf	 b = { 0 };
	size_t		 n = 0;

	if (s == NULL)
		return xstrdup("");
	for (size_t i = 0; i < s->n; i++)
		n += s->c[i]->hello;
	buf_printf(&b, "%zu in the workshop %s", n, s->name);
	for (size_t i = 0, k = 0; i < s->n && b.len < 200; i++)
		if (s->c[i]->hello)
			buf_printf(&b, "%s %s", k++ ? "," : ":",
			    s->c[i]->user);
	buf_addc(&b, '\0');
	return b.data;
}

char *
seat_tally(struct tui *t)
{
	struct buf	b = { 0 };
	size_t		shown = 0;

	if (t->seat == NULL)
		return xstrdup("votes come from participants of lever serve");
	buf_adds(&b, "votes:");
	for (size_t i = 0; i < t->ss->nopts && b.len < 200; i++) {
		size_t	n = room_votes_for(t->seat, t->ss->opts[i].name);

		if (n == 0)
			continue;
		buf_printf(&b, "%s '%s' %zu", shown++ ? "," : "",
		    t->ss->opts[i].name, n);
	}
	if (shown == 0)
		buf_adds(&b, " none yet");
	buf_addc(&b, '\0');
	return b.data;
}

static void
vote(struct tui *t, struct client *c, char *option)
{
	char	*tally;

	if (session_option(t->ss, option) < 0) {
		send_text(c, "no such option to vote for (renamed or "
		    "deleted?)");
		free(option);
		return;
	}
	room_vote(t->seat, c->uid, c->user, option);
	tally = seat_tally(t);
	tui_say(t, "%s voted for '%s'; %s", c->user, option, tally);
	free(tally);
	send_text(c, "vote counted (one per participant: a new vote "
	    "replaces it)");
}

/* How many users are in the room, and how many of them guessed P. */
static void
guessed(const struct seat *s, const struct prediction *p, size_t *in,
    size_t *done)
{
	*in = *done = 0;
	for (size_t i = 0; i < s->n; i++) {
		bool	seen = false;

		if (!s->c[i]->hello)
			continue;
		for (size_t k = 0; k < i && !seen; k++)
			seen = s->c[k]->hello && s->c[k]->uid == s->c[i]->uid;
		if (seen)
			continue;	/* one user, two screens */
		(*in)++;
		for (size_t k = 0; k < p->nguesses; k++)
			if (p->guesses[k].uid == s->c[i]->uid) {
				(*done)++;
				break;
			}
	}
}

static void
guess(struct tui *t, struct client *c, uint32_t id, double value)
{
	struct prediction	*p = room_open(t->seat);
	size_t			 in, done;

	if (p == NULL || p->id != id) {
		send_text(c, "not counted: that question was closed");
		return;
	}
	room_guess(t->seat, c->uid, c->user, value);
	guessed(t->seat, p, &in, &done);
	tui_say(t, "%s guessed; %zu of %zu in the workshop have guessed "
	    "(! reveals)", c->user, done, in);
	send_text(c, "guess counted: nobody sees it before the reveal (a "
	    "new guess replaces it)");
}

/* One message from C; false when C broke the protocol. */
static bool
handle(struct tui *t, struct client *c, enum seat_msg type,
    struct wire_reader *r)
{
	struct settings	*st;
	char		*magic, *name;
	uint32_t	 version;

	if (!c->hello) {
		if (type != SEAT_HELLO)
			return false;
		magic = wire_get_str(r);
		version = wire_get_u32(r);
		if (r->bad || magic == NULL || strcmp(magic, SEAT_MAGIC) != 0) {
			free(magic);
			return false;
		}
		free(magic);
		if (version != SEAT_VERSION) {
			char	*why = xasprintf("this workshop speaks seats "
			    "protocol %d, the participant's lever %lu: use "
			    "the same lever as the facilitator", SEAT_VERSION,
			    (unsigned long)version);

			struct buf	b = { 0 };

			wire_put_str(&b, why);
			send_to(c, SEAT_REFUSED, &b);
			flush(c);
			c->dead = true;
			buf_free(&b);
			free(why);
			return true;
		}
		c->hello = true;
		say_count(t, c->user, "joined");
		return true;
	}
	switch (type) {
	case SEAT_WHATIF:
		st = wire_get_settings_sized(r, t->sc);
		if (st == NULL || r->len != 0 || !settings_valid(t->sc, st)) {
			settings_free(st);
			return false;
		}
		settings_free(c->want);
		c->want = st;
		return true;
	case SEAT_PROPOSE:
		name = wire_get_str(r);
		st = name != NULL ? wire_get_settings_sized(r, t->sc) : NULL;
		if (st == NULL || r->len != 0 || !name_printable(name) ||
		    !settings_valid(t->sc, st)) {
			free(name);
			settings_free(st);
			return false;
		}
		proposal(t, c, name, st);
		return true;
	case SEAT_VOTE:
		name = wire_get_str(r);
		if (name == NULL || r->bad || r->len != 0 ||
		    !name_printable(name)) {
			free(name);
			return false;
		}
		vote(t, c, name);
		return true;
	case SEAT_GUESS: {
		uint32_t	id = wire_get_u32(r);
		double		v = wire_get_f64(r);

		if (r->bad || r->len != 0 || !isfinite(v) ||
		    fabs(v) > SEAT_GUESS_MAX)
			return false;
		guess(t, c, id, v);
		return true;
	}
	default:
		return false;
	}
}

static void
receive(struct tui *t, struct client *c)
{
	char			buf[8192];
	ssize_t			n;
	struct wire_reader	r, payload;
	enum wire_type		type;
	size_t			used;
	uint32_t		len;

	for (;;) {
		n = recv(c->fd, buf, sizeof buf, MSG_DONTWAIT);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			c->dead = true;
			return;
		}
		buf_add(&c->in, buf, (size_t)n);
		if (c->in.len > SEAT_IN_MAX + WIRE_HEADER)
			break;
	}
	r = (struct wire_reader){ (const unsigned char *)c->in.data,
	    c->in.len, false };
	while (!c->dead && wire_next(&r, &type, &payload))
		if (!handle(t, c, (enum seat_msg)type, &payload)) {
			send_text(c, "a message broke the protocol; closed");
			flush(c);
			c->dead = true;
		}
	if (wire_peek_len(&r, &len) && len > SEAT_IN_MAX)
		c->dead = true;
	used = c->in.len - r.len;
	if (used > 0)
		memmove(c->in.data, c->in.data + used, r.len);
	c->in.len = r.len;
}

/* What-ifs, one at a time on the seats' own worker */

static struct client *
client_by_id(struct seat *s, unsigned long id)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->c[i]->id == id)
			return s->c[i];
	return NULL;
}

static void
whatif_finish(struct tui *t)
{
	struct seat	*s = t->seat;
	struct client	*c = client_by_id(s, s->job_for);
	struct results	*res = NULL;
	struct diag	 d = { 0 };
	struct buf	 b = { 0 };

	if (job_finish(s->job, NULL, &res, &d) == 0 && c != NULL) {
		wire_put_settings_sized(&b, t->sc, s->job_st);
		wire_put_u32(&b, 1);
		wire_put_results(&b, res);
		send_to(c, SEAT_WHATIF, &b);
	} else if (c != NULL) {
		wire_put_settings_sized(&b, t->sc, s->job_st);
		wire_put_u32(&b, 0);
		wire_put_str(&b, d.n > 0 ? d.msgs[0] :
		    "the what-if was not computed");
		send_to(c, SEAT_WHATIF, &b);
	}
	buf_free(&b);
	results_free(res);
	diag_clear(&d);
	s->job = NULL;
	settings_free(s->job_st);
	s->job_st = NULL;
}

static void
whatif_start(struct tui *t)
{
	struct seat	*s = t->seat;
	struct diag	 d = { 0 };

	if (s->job != NULL || s->n == 0)
		return;
	for (size_t k = 0; k < s->n; k++) {
		struct client	*c = s->c[(s->rr + k) % s->n];

		if (c->want == NULL || c->dead)
			continue;
		s->rr = (s->rr + k + 1) % s->n;
		if (s->pool == NULL)
			s->pool = pool_new(t->sc, t->bl, &t->lim, 1);
		s->job = pool_start(s->pool, c->want, &d);
		if (s->job == NULL) {
			send_text(c, d.n > 0 ? d.msgs[0] :
			    "the what-if could not start");
			diag_clear(&d);
			settings_free(c->want);
			c->want = NULL;
			return;
		}
		s->job_for = c->id;
		s->job_st = c->want;
		c->want = NULL;
		return;
	}
}

/* The loop's side */

int
seat_open(struct tui *t, const struct seat_opts *o, int *status, char **cause)
{
	struct seat		*s;
	struct sockaddr_un	 sun;
	struct stat		 sb;
	char			*dir;
	int			 fd;

	*status = EXIT_INPUT;
	if (o->dir != NULL) {
		if (mkdir(o->dir, 0770) == -1 && errno != EEXIST) {
			*cause = xasprintf("%s: %s", o->dir, strerror(errno));
			return -1;
		}
		if (lstat(o->dir, &sb) == -1 || !S_ISDIR(sb.st_mode)) {
			*cause = xasprintf("%s is not a folder", o->dir);
			return -1;
		}
		if ((sb.st_mode & 0002) != 0) {
			*cause = xasprintf("%s is writable by everyone: give "
			    "a folder of the workshop's group, mode 0770",
			    o->dir);
			return -1;
		}
		dir = xstrdup(o->dir);
	} else if ((dir = seat_default_dir(true, cause)) == NULL)
		return -1;
	s = xcalloc(1, sizeof *s);
	s->lfd = -1;
	s->name = xstrdup(o->name);
	s->path = seat_path(dir, o->name);
	if (o->dir != NULL) {
		s->group = true;
		s->gid = sb.st_gid;
	}
	free(dir);
	t->seat = s;
	s->hello_wait = hello_wait();
	s->per_user = SEAT_PER_USER;
	if (o->per_user != NULL) {
		char	*end;
		long	 n = strtol(o->per_user, &end, 10);

		if (end == o->per_user || *end != '\0' || n < 1 ||
		    n > SEAT_MAX) {
			*cause = xasprintf("--per-user: give a number of "
			    "connections from 1 to %d, not '%s'", SEAT_MAX,
			    o->per_user);
			*status = EXIT_USAGE;
			goto fail;
		}
		s->per_user = (size_t)n;
	}
	if (o->allow != NULL && parse_allow(s, o->allow, cause) == -1) {
		*status = EXIT_USAGE;
		goto fail;
	}
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(s->path) >= sizeof sun.sun_path) {
		*cause = xasprintf("%s: too long a path for a socket", s->path);
		goto fail;
	}
	strcpy(sun.sun_path, s->path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		goto sys;
	if (lstat(s->path, &sb) == 0) {
		/* A socket left by a workshop that ended, or one running. */
		if (!S_ISSOCK(sb.st_mode)) {
			*cause = xasprintf("%s exists and is not a socket",
			    s->path);
			close(fd);
			goto fail;
		}
		if (connect(fd, (struct sockaddr *)&sun, sizeof sun) == 0) {
			*cause = xasprintf("workshop %s is being served "
			    "already (%s)", s->name, s->path);
			close(fd);
			goto fail;
		}
		unlink(s->path);
		close(fd);
		if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC,
		    0)) == -1)
			goto sys;
	}
	s->lfd = fd;
	if (bind(fd, (struct sockaddr *)&sun, sizeof sun) == -1 ||
	    (s->group && chown(s->path, (uid_t)-1, s->gid) == -1) ||
	    chmod(s->path, s->nallow > 0 ? 0666 : o->dir != NULL ? 0660 :
	    0600) == -1 ||
	    listen(fd, 16) == -1 ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == -1)
		goto sys;
	return 0;
sys:
	*cause = xasprintf("%s: %s", s->path, strerror(errno));
	*status = EXIT_INTERNAL;
fail:
	if (s->lfd != -1 && access(s->path, F_OK) == 0)
		unlink(s->path);
	seat_close(t);
	return -1;
}

static void
proposal_free(struct seat_proposal *p)
{
	free(p->name);
	free(p->from);
	free(p->option);
	settings_free(p->st);
}

void
seat_close(struct tui *t)
{
	struct seat	*s = t->seat;

	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++) {
		send_text(s->c[i], s->hangup ? "the facilitator's connection "
		    "dropped: waiting for the workshop to resume" :
		    "the facilitator ended the workshop");
		flush(s->c[i]);
	}
	while (s->n > 0)
		drop(t, s->n - 1);
	job_cancel(s->job);
	settings_free(s->job_st);
	pool_free(s->pool);
	if (s->lfd != -1) {
		close(s->lfd);
		unlink(s->path);
	}
	settings_free(s->sent_cur);
	settings_free(s->sent_have);
	room_free(s);
	buf_free(&s->sent_opts);
	free(s->allow);
	free(s->name);
	free(s->path);
	free(s);
	t->seat = NULL;
	for (size_t i = 0; i < t->nprops; i++)
		proposal_free(&t->props[i]);
	free(t->props);
	t->props = NULL;
	t->nprops = 0;
}

void
seat_hangup(struct tui *t)
{
	if (t->seat != NULL)
		t->seat->hangup = true;
}

void
seat_resume(struct tui *t)
{
	if (t->seat == NULL)
		return;
	room_load(t);
	if (t->seat->nvotes + t->nprops + t->seat->npreds > 0)
		tui_say(t, "workshop %s resumed: %zu vote%s, %zu proposal%s, "
		    "%zu question%s kept", t->seat->name, t->seat->nvotes,
		    t->seat->nvotes == 1 ? "" : "s", t->nprops,
		    t->nprops == 1 ? "" : "s", t->seat->npreds,
		    t->seat->npreds == 1 ? "" : "s");
}

size_t
seat_pollfds(struct tui *t, struct pollfd *pfd, double *timeout)
{
	struct seat	*s = t->seat;
	size_t		 n = 0;

	if (s == NULL)
		return 0;
	pfd[n++] = (struct pollfd){ s->lfd, POLLIN, 0 };
	pfd[n++] = (struct pollfd){ s->job != NULL ? job_fd(s->job) : -1,
	    POLLIN, 0 };
	if (s->job != NULL && job_remaining(s->job) < *timeout)
		*timeout = job_remaining(s->job);
	for (size_t i = 0; i < s->n; i++) {
		const struct client	*c = s->c[i];

		pfd[n++] = (struct pollfd){ c->fd, POLLIN |
		    (c->out.len > c->out_off ? POLLOUT : 0), 0 };
		if (!c->hello && c->since + s->hello_wait - monotonic() <
		    *timeout)
			*timeout = c->since + s->hello_wait - monotonic();
	}
	return n;
}

void
seat_events(struct tui *t, const struct pollfd *pfd, size_t n)
{
	struct seat	*s = t->seat;
	size_t		 nc;

	if (s == NULL || n < 2)
		return;
	nc = n - 2 < s->n ? n - 2 : s->n;
	for (size_t i = 0; i < nc; i++) {
		struct client	*c = s->c[i];

		if (c->fd != pfd[2 + i].fd)
			continue;
		if (pfd[2 + i].revents & (POLLIN | POLLHUP | POLLERR))
			receive(t, c);
		if (pfd[2 + i].revents & POLLOUT)
			flush(c);
	}
	if (s->job != NULL && (pfd[1].revents != 0 ||
	    job_remaining(s->job) <= 0) && (job_poll(s->job) ||
	    job_remaining(s->job) <= 0))
		whatif_finish(t);
	for (size_t i = 0; i < s->n; i++) {
		struct client	*c = s->c[i];

		if (!c->hello && !c->dead &&
		    monotonic() - c->since >= s->hello_wait) {
			/* a hello already waiting, unread because this step
			 * came late (a loaded server), is in time */
			receive(t, c);
			if (c->hello || c->dead)
				continue;
			send_text(c, "closed: no hello in time (is this a "
			    "lever join?)");
			flush(c);
			c->dead = c->mute = true;
		}
	}
	if (pfd[0].revents & POLLIN)
		for (int k = 0; k < 8 && accept_one(t); k++)
			;
	seat_sync(t);
}

void
seat_sync(struct tui *t)
{
	struct seat		*s = t->seat;
	const struct slot	*cur;
	struct buf		 b = { 0 };

	if (s == NULL)
		return;
	cur = &t->slot[SLOT_CUR];
	if (s->resend) {
		wire_put_scenario(&b, t->sc);
		wire_put_baseline(&b, t->bl);
		for (size_t i = 0; i < s->n; i++) {
			if (!s->c[i]->hello)
				continue;
			s->c[i]->allowance += b.len;
			send_to(s->c[i], SEAT_SNAPSHOT, &b);
			send_text(s->c[i], "the facilitator's scenario changed "
			    "and was loaded again");
		}
		b.len = 0;
		s->resend = false;
		s->sent = false;
	}
	if (!s->sent || !settings_equal(t->sc, s->sent_cur, t->ss->cur) ||
	    s->sent_gen != t->res_gen) {
		room_message(t, &b, !s->sent || s->sent_gen != t->res_gen);
		for (size_t i = 0; i < s->n; i++)
			if (s->c[i]->hello)
				send_to(s->c[i], SEAT_ROOM, &b);
		buf_free(&b);
		settings_free(s->sent_cur);
		s->sent_cur = settings_copy(t->sc, t->ss->cur);
		s->sent_gen = t->res_gen;
		s->sent = true;
		(void)cur;
	}
	options_message(t, &b);
	if (b.len != s->sent_opts.len ||
	    memcmp(b.data, s->sent_opts.data, b.len) != 0) {
		for (size_t i = 0; i < s->n; i++)
			if (s->c[i]->hello)
				send_to(s->c[i], SEAT_OPTIONS, &b);
		s->sent_opts.len = 0;
		buf_add(&s->sent_opts, b.data, b.len);
	}
	buf_free(&b);
	if (t->v.overlay == OVERLAY_TABLE && t->v.purpose == P_PROPOSALS)
		room_proposals_table(t, &t->table);
	room_save(t);
	whatif_start(t);
	for (size_t i = 0; i < s->n; i++)
		flush(s->c[i]);
	for (size_t i = s->n; i-- > 0;)
		if (s->c[i]->dead)
			drop(t, i);
}

/*
 * The facilitator's script changed on disk and loaded as SC and BL; the
 * old ones are still T's. Carry the proposals over by name, stop the
 * what-ifs (their worker holds the old scenario), and send participants
 * the new snapshot at the next seat_sync.
 */
void
seat_reload(struct tui *t, const struct scenario *sc)
{
	struct seat	*s = t->seat;

	if (s == NULL)
		return;
	for (size_t i = 0; i < t->nprops; i++) {
		char	*text = session_settings_text(t->sc, t->props[i].st,
		    NULL);

		settings_free(t->props[i].st);
		t->props[i].st = settings_new(sc);
		session_settings_apply(sc, t->props[i].st, text);
		free(text);
	}
	job_cancel(s->job);
	s->job = NULL;
	settings_free(s->job_st);
	s->job_st = NULL;
	pool_free(s->pool);
	s->pool = NULL;
	for (size_t i = 0; i < s->n; i++) {
		settings_free(s->c[i]->want);
		s->c[i]->want = NULL;
	}
	settings_free(s->sent_cur);
	s->sent_cur = NULL;
	s->sent = false;
	s->resend = true;
}

/* Proposal P as a saved option (made so without moving the room's
 * settings): its index, or -1 when the session holds all it may. */
static long
as_option(struct tui *t, struct seat_proposal *p)
{
	struct settings	*keep;
	char		*name, *loaded;
	long		 i;
	bool		 ok;

	if (p->option != NULL && (i = session_option(t->ss, p->option)) >= 0)
		return i;
	name = xasprintf("%s (%s)", p->name, p->from);
	for (int k = 2; session_option(t->ss, name) >= 0 && k < 1000; k++) {
		free(name);
		name = xasprintf("%s (%s) %d", p->name, p->from, k);
	}
	loaded = t->ss->loaded;
	t->ss->loaded = NULL;
	keep = t->ss->cur;
	t->ss->cur = settings_copy(t->sc, p->st);
	ok = session_option_save(t->ss, name);
	settings_free(t->ss->cur);
	t->ss->cur = keep;
	free(t->ss->loaded);
	t->ss->loaded = loaded;
	if (!ok) {
		tui_say(t, "not saved: a session holds at most %d options; "
		    "delete one (o, then d) first", SESSION_MAX_OPTIONS);
		free(name);
		return -1;
	}
	free(p->option);
	p->option = name;
	t->seat->record_dirty = true;
	t->dirty = true;
	return session_option(t->ss, name);
}

/* Proposal I (into *P) as a saved option: its index, or -1. */
static long
proposal_option(struct tui *t, size_t i, struct seat_proposal **p)
{
	if (t->seat == NULL || i >= t->nprops)
		return -1;
	*p = &t->props[i];
	return as_option(t, *p);
}

bool
seat_compare(struct tui *t, size_t i)
{
	struct seat_proposal	*p;
	long			 k;

	if ((k = proposal_option(t, i, &p)) < 0)
		return false;
	for (size_t j = 0; j < t->ss->ncompare; j++)
		if (strcmp(t->ss->compare[j], p->option) == 0) {
			tui_say(t, "'%s' is compared already (c: the "
			    "comparison)", p->option);
			return true;
		}
	if (!session_compare_toggle(t->ss, (size_t)k)) {
		tui_say(t, "four options are compared already: c, then x "
		    "clears them");
		return false;
	}
	tui_changed(t);
	tui_say(t, "comparing '%s' beside the room (a in the list adopts it)",
	    p->option);
	return true;
}

bool
seat_adopt(struct tui *t, size_t i)
{
	struct seat_proposal	*p;
	long			 k;

	if ((k = proposal_option(t, i, &p)) < 0)
		return false;
	if (session_option_load(t->ss, (size_t)k))
		tui_changed(t);
	t->dirty = true;
	p->adopted = true;
	t->seat->record_dirty = true;
	tui_say(t, "the room takes '%s' (u undoes)", p->option);
	return true;
}

void
seat_proposals(struct tui *t)
{
	if (t->seat == NULL) {
		tui_say(t, "proposals come from participants of lever serve");
		return;
	}
	room_proposals_table(t, &t->table);
	t->v.overlay = OVERLAY_TABLE;
	t->v.purpose = P_PROPOSALS;
	t->v.list_sel = t->nprops > 0 ? t->nprops - 1 : 0;
}

void
seat_ask(struct tui *t, const char *text)
{
	struct seat		*s = t->seat;
	struct prediction	*p;
	struct buf		 b = { 0 };
	char			*cause = NULL, *q;

	if (s == NULL)
		return;
	if ((p = room_ask(t, text, &cause)) == NULL) {
		tui_say(t, "%s", cause);
		free(cause);
		return;
	}
	question_message(t, &b, p);
	for (size_t i = 0; i < s->n; i++)
		if (s->c[i]->hello)
			send_to(s->c[i], SEAT_QUESTION, &b);
	buf_free(&b);
	q = room_question(t, p);
	tui_say(t, "asked the room; 0 have guessed (! reveals): %s", q);
	free(q);
}

void
seat_reveal(struct tui *t)
{
	struct seat		*s = t->seat;
	struct prediction	*p;
	struct buf		 b = { 0 };
	char			*cause = NULL, *q, *what;
	long			 out;

	if (s == NULL) {
		tui_say(t, "questions are asked of the participants of lever "
		    "serve");
		return;
	}
	if (room_open(s) == NULL && s->npreds > 0) {
		/* the last reveal again */
		room_reveal_table(t, &s->preds[s->npreds - 1], &t->table);
		t->v.overlay = OVERLAY_TABLE;
		t->v.purpose = P_REVEAL;
		t->v.list_sel = 0;
		return;
	}
	if ((p = room_reveal(t, &cause)) == NULL) {
		tui_say(t, "%s", cause);
		free(cause);
		return;
	}
	q = room_question(t, p);
	out = scenario_output(t->sc, p->output);
	what = room_what(t, p);
	room_reveal_table(t, p, &t->table);
	wire_put_u32(&b, p->id);
	wire_put_str(&b, q);
	wire_put_str(&b, what);
	wire_put_str(&b, out >= 0 ? t->sc->outputs[out].unit : "");
	wire_put_f64(&b, p->before);
	wire_put_f64(&b, p->result);
	wire_put_u32(&b, (uint32_t)p->nguesses);
	for (size_t i = 0; i < p->nguesses; i++) {
		wire_put_str(&b, p->guesses[i].user);
		wire_put_f64(&b, p->guesses[i].value);
	}
	for (size_t i = 0; i < s->n; i++)
		if (s->c[i]->hello)
			send_to(s->c[i], SEAT_REVEAL, &b);
	buf_free(&b);
	free(q);
	free(what);
	t->v.overlay = OVERLAY_TABLE;
	t->v.purpose = P_REVEAL;
	t->v.list_sel = 0;
	tui_say(t, "revealed to the room");
}

char *
seat_ask_title(struct tui *t)
{
	struct prediction	*p = room_open(t->seat);
	struct view_model	 m;
	char			*where, *title, *open = NULL;
	size_t			 in, done;

	tui_model(t, &m);
	where = focus_name(t->bl, &t->ss->focus);
	if (p != NULL) {
		guessed(t->seat, p, &in, &done);
		open = xasprintf("%zu of %zu have guessed the open question (Esc, "
		    "then ! reveals it). Or ask another: ", done, in);
	}
	title = xasprintf("%sWhat will happen to %s (%s, %d) if we...",
	    open != NULL ? open : "Ask the room: ", t->sc->noutputs > 0 ?
	    t->sc->outputs[view_output(&m)].label : "?", where,
	    t->sc->start + 1 + (int)view_year(&m));
	free(open);
	free(where);
	return title;
}
