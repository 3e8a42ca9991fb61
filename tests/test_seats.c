/*
 * test_seats: the seats protocol from outside (doc/seats.md).
 *
 *   test_seats junk SOCKET     malformed and random messages, each on its
 *                              own connection, must be answered by a close
 *                              (never a crash, never a hang); a participant
 *                              of another version gets a message; then a
 *                              good hello is still welcomed.
 *   test_seats slow SOCKET     a participant that asks for what-ifs and
 *                              never reads: the server must drop it.
 *   test_seats crowd SOCKET N SECONDS
 *                              N participants joining, asking what-ifs,
 *                              proposing and leaving at random.
 *   test_seats server SOCKET   pretend to be a server of protocol 99, for
 *                              lever join to refuse (serves one connection).
 *   test_seats mute SOCKET     connect and never say hello: the server must
 *                              close the connection, saying why.
 *   test_seats session DIR     the workshop's record in the session file:
 *                              versions 1 and 2 (without it) still load,
 *                              version 3's "seat" lines load, save and load
 *                              back the same, past the limit are left out
 *                              with a note, badly escaped are damage.
 *   test_seats cap SOCKET N    N connections of one user are welcomed, one
 *                              more is refused naming the cap N; after one
 *                              leaves, another is welcomed again.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "scenario.h"
#include "seat.h"
#include "session.h"
#include "util.h"
#include "wire.h"

static int
dial(const char *path)
{
	struct sockaddr_un	sun;
	int			fd = socket(AF_UNIX, SOCK_STREAM, 0);

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
	if (fd == -1 || connect(fd, (struct sockaddr *)&sun, sizeof sun) ==
	    -1) {
		perror(path);
		exit(99);
	}
	return fd;
}

static void
put(unsigned char **p, const void *v, size_t n)
{
	memcpy(*p, v, n);
	*p += n;
}

static void
put_u32(unsigned char **p, uint32_t v)
{
	put(p, &v, sizeof v);
}

static void
put_str(unsigned char **p, const char *s)
{
	put_u32(p, (uint32_t)strlen(s));
	put(p, s, strlen(s));
}

/* A frame of TYPE around the N bytes at BODY, into OUT; its length. */
static size_t
frame(unsigned char *out, char type, const unsigned char *body, size_t n)
{
	uint32_t	len = (uint32_t)n;

	out[0] = (unsigned char)type;
	memcpy(out + 1, &len, sizeof len);
	memcpy(out + 5, body, n);
	return 5 + n;
}

static size_t
hello(unsigned char *out, uint32_t version)
{
	unsigned char	body[64], *p = body;

	put_str(&p, "lever-seats");
	put_u32(&p, version);
	return frame(out, 'H', body, (size_t)(p - body));
}

/*
 * Send N bytes and read until the server closes; true when it closed
 * within 10 seconds. What it sent is kept in GOT (up to CAP bytes).
 */
static bool
closed_after(const char *path, const void *data, size_t n, char *got,
    size_t cap, size_t *len)
{
	int		fd = dial(path);
	struct pollfd	pfd = { fd, POLLIN, 0 };
	char		buf[65536];
	size_t		have = 0;

	if (send(fd, data, n, MSG_NOSIGNAL) == -1 && errno != EPIPE &&
	    errno != ECONNRESET) {
		close(fd);
		return false;
	}
	for (;;) {
		ssize_t	r;

		if (poll(&pfd, 1, 10000) <= 0) {
			close(fd);
			return false;
		}
		r = recv(fd, buf, sizeof buf, 0);
		if (r <= 0)
			break;
		if (got != NULL && have < cap) {
			size_t	k = (size_t)r < cap - have ? (size_t)r :
			    cap - have;

			memcpy(got + have, buf, k);
			have += k;
		}
	}
	close(fd);
	if (len != NULL)
		*len = have;
	return true;
}

static bool
holds(const char *hay, size_t n, const char *needle)
{
	size_t	k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return true;
	return false;
}

static int
junk(const char *path)
{
	static unsigned char	msg[1 << 20], body[1024];
	static char		got[1 << 16];
	unsigned char		*p;
	size_t			 n, len;
	uint64_t		 seed = 12345;

	/* Not even a frame, then a frame of an unknown type. */
	CHECK(closed_after(path, "GET / HTTP/1.0\r\n\r\n", 18, NULL, 0, NULL));
	n = frame(msg, 'Z', (const unsigned char *)"xx", 2);
	CHECK(closed_after(path, msg, n, NULL, 0, NULL));
	/* A length past any message a participant may send. */
	memcpy(msg, "H\xff\xff\xff\x7f", 5);
	CHECK(closed_after(path, msg, 5, NULL, 0, NULL));
	/* A what-if before the hello. */
	n = frame(msg, 'W', (const unsigned char *)"\0\0\0\0", 4);
	CHECK(closed_after(path, msg, n, NULL, 0, NULL));
	/* A hello of the wrong magic, and of another version. */
	p = body;
	put_str(&p, "lever-seatz");
	put_u32(&p, SEAT_VERSION);
	n = frame(msg, 'H', body, (size_t)(p - body));
	CHECK(closed_after(path, msg, n, NULL, 0, NULL));
	n = hello(msg, 99);
	CHECK(closed_after(path, msg, n, got, sizeof got, &len));
	CHECK(holds(got, len, "speaks seats protocol"));
	/* A good hello, then settings that are short, or far out of range. */
	n = hello(msg, SEAT_VERSION);
	p = body;
	put_u32(&p, 4);
	put_u32(&p, 0);
	n += frame(msg + n, 'W', body, (size_t)(p - body));
	CHECK(closed_after(path, msg, n, NULL, 0, NULL));
	n = hello(msg, SEAT_VERSION);
	memset(body, 0xff, 200);
	p = body;
	put_u32(&p, 196);
	n += frame(msg + n, 'W', body, 200);
	CHECK(closed_after(path, msg, n, NULL, 0, NULL));
	/* A proposal with a name of control characters. */
	n = hello(msg, SEAT_VERSION);
	p = body;
	put_str(&p, "\x1b[2J");
	put_u32(&p, 0);
	n += frame(msg + n, 'P', body, (size_t)(p - body));
	CHECK(closed_after(path, msg, n, NULL, 0, NULL));
	/* Random frames after a good hello. */
	for (int round = 0; round < 200; round++) {
		size_t	k = hello(msg, SEAT_VERSION), blen;

		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		blen = (size_t)(seed >> 33) % sizeof body;
		for (size_t i = 0; i < blen; i++) {
			seed = seed * 6364136223846793005ULL +
			    1442695040888963407ULL;
			body[i] = (unsigned char)(seed >> 56);
		}
		/* A type the server knows, mostly, and a true length. */
		k += frame(msg + k, "WPHZGV"[round % 6], body, blen);
		CHECK(closed_after(path, msg, k, NULL, 0, NULL));
	}
	/* Still serving: a good hello is welcomed with the server's. */
	{
		int		fd = dial(path);
		struct pollfd	pfd = { fd, POLLIN, 0 };
		char		buf[64];

		n = hello(msg, SEAT_VERSION);
		CHECK(send(fd, msg, n, MSG_NOSIGNAL) == (ssize_t)n);
		CHECK(poll(&pfd, 1, 10000) == 1);
		CHECK(recv(fd, buf, sizeof buf, 0) > 5 && buf[0] == 'H');
		close(fd);
	}
	return failures == 0 ? 0 : 1;
}

static int
server(const char *path)
{
	struct sockaddr_un	sun;
	unsigned char		msg[256], body[128], *p = body;
	int			lfd = socket(AF_UNIX, SOCK_STREAM, 0), fd;
	size_t			n;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
	unlink(path);
	if (lfd == -1 || bind(lfd, (struct sockaddr *)&sun, sizeof sun) == -1 ||
	    listen(lfd, 1) == -1) {
		perror(path);
		return 99;
	}
	printf("listening\n");
	fflush(stdout);
	if ((fd = accept(lfd, NULL, NULL)) == -1)
		return 99;
	put_str(&p, "lever-seats");
	put_u32(&p, 99);
	put_str(&p, "future");
	put_str(&p, "host");
	n = frame(msg, 'H', body, (size_t)(p - body));
	CHECK(send(fd, msg, n, MSG_NOSIGNAL) == (ssize_t)n);
	/* Wait for the participant to hang up. */
	while (recv(fd, msg, sizeof msg, 0) > 0)
		;
	close(fd);
	close(lfd);
	unlink(path);
	return failures == 0 ? 0 : 1;
}

/* Read a whole frame from FD (blocking); its type, or -1. */
static int
read_frame(int fd, struct buf *payload)
{
	unsigned char	head[5];
	uint32_t	len;
	size_t		got = 0;

	while (got < 5) {
		ssize_t	n = recv(fd, head + got, 5 - got, 0);

		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	memcpy(&len, head + 1, sizeof len);
	payload->len = 0;
	while (payload->len < len) {
		char	buf[65536];
		size_t	want = len - payload->len < sizeof buf ?
		    len - payload->len : sizeof buf;
		ssize_t	n = recv(fd, buf, want, 0);

		if (n <= 0)
			return -1;
		buf_add(payload, buf, (size_t)n);
	}
	return head[0];
}

/* Join: hello, then the server's hello and snapshot; the scenario. */
static struct scenario *
join(const char *path, int *fdp)
{
	unsigned char		 msg[64];
	struct buf		 b = { 0 };
	struct wire_reader	 r;
	struct scenario		*sc = NULL;
	int			 fd = dial(path);
	size_t			 n = hello(msg, SEAT_VERSION);

	if (send(fd, msg, n, MSG_NOSIGNAL) != (ssize_t)n ||
	    read_frame(fd, &b) != 'H' || read_frame(fd, &b) != 'N') {
		buf_free(&b);
		close(fd);
		return NULL;
	}
	r = (struct wire_reader){ (const unsigned char *)b.data, b.len,
	    false };
	sc = wire_get_scenario(&r);
	buf_free(&b);
	*fdp = fd;
	return sc;
}

#define SEATS_CAP_MAX	16

static uint64_t	rng = 88172645463325252ULL;

static double
uniform(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

/* A frame of TYPE: [str NAME], settings at random within the ranges. */
static void
random_settings(struct buf *out, const struct scenario *sc, char type,
    const char *name)
{
	struct settings	*st = settings_new(sc);
	struct buf	 inner = { 0 }, body = { 0 };
	uint32_t	 len;

	for (size_t i = 0; i < sc->nlevers; i++) {
		const struct lever	*lv = &sc->levers[i];

		if (lv->kind == LEVER_SLIDER)
			st->levers[i].num = lv->min + uniform() *
			    (lv->max - lv->min);
	}
	wire_put_settings(&inner, sc, st);
	if (name != NULL)
		wire_put_str(&body, name);
	len = (uint32_t)inner.len;
	buf_add(&body, &len, sizeof len);
	buf_add(&body, inner.data, inner.len);
	wire_message(out, (enum wire_type)type, body.data, body.len);
	buf_free(&inner);
	buf_free(&body);
	settings_free(st);
}

/* Ask for what-ifs for up to 60 seconds without reading: dropped? */
static int
slow(const char *path)
{
	struct scenario	*sc;
	int		 fd;
	double		 end = monotonic() + 60;

	if ((sc = join(path, &fd)) == NULL)
		return 99;
	while (monotonic() < end) {
		struct buf	b = { 0 };
		ssize_t		n;
		struct timespec	ts = { 0, 2000000 };

		random_settings(&b, sc, 'W', NULL);
		n = send(fd, b.data, b.len, MSG_NOSIGNAL | MSG_DONTWAIT);
		buf_free(&b);
		if (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK)
			break;		/* dropped */
		nanosleep(&ts, NULL);
	}
	CHECK(monotonic() < end);
	close(fd);
	scenario_free(sc);
	printf("slow participant dropped\n");
	return failures == 0 ? 0 : 1;
}

/*
 * N participants for SECONDS: each joins, reads what comes, and at random
 * asks for a what-if, proposes, or leaves (and joins again).
 */
static int
crowd(const char *path, int n, double seconds)
{
	struct pollfd	 pfd[256];
	struct scenario	*sc[256];
	double		 end = monotonic() + seconds;
	long		 joins = 0, whatifs = 0, proposals = 0, results = 0;

	if (n < 1 || n > 256)
		return 2;
	for (int i = 0; i < n; i++) {
		sc[i] = join(path, &pfd[i].fd);
		CHECK(sc[i] != NULL);
		if (sc[i] == NULL)
			return 1;
		pfd[i].events = POLLIN;
		joins++;
	}
	while (monotonic() < end) {
		if (poll(pfd, (nfds_t)n, 20) == -1)
			break;
		for (int i = 0; i < n; i++) {
			struct buf	b = { 0 };
			double		u;

			if (pfd[i].revents & POLLIN) {
				int	type = read_frame(pfd[i].fd, &b);

				CHECK(type != -1 && type != 'X');
				results += type == 'W';
			}
			buf_free(&b);
			u = uniform();
			if (u < 0.02) {
				random_settings(&b, sc[i], 'W', NULL);
				whatifs++;
			} else if (u < 0.021) {
				random_settings(&b, sc[i], 'P', "crowd");
				proposals++;
			} else if (u < 0.026) {
				close(pfd[i].fd);
				scenario_free(sc[i]);
				sc[i] = join(path, &pfd[i].fd);
				CHECK(sc[i] != NULL);
				if (sc[i] == NULL)
					return 1;
				joins++;
				continue;
			}
			if (b.len > 0)
				CHECK(send(pfd[i].fd, b.data, b.len,
				    MSG_NOSIGNAL) == (ssize_t)b.len);
			buf_free(&b);
		}
	}
	for (int i = 0; i < n; i++) {
		close(pfd[i].fd);
		scenario_free(sc[i]);
	}
	printf("crowd: %d participants, %ld joins, %ld what-ifs asked, %ld "
	    "computed and received, %ld proposals\n", n, joins, whatifs,
	    results, proposals);
	return failures == 0 ? 0 : 1;
}

/*
 * Say nothing: the server must close, saying why, within a minute (the
 * bound catches a server that never closes, not a slow one).
 */
static int
mute(const char *path)
{
	int		 fd = dial(path);
	struct pollfd	 pfd = { fd, POLLIN, 0 };
	char		 got[4096];
	size_t		 have = 0;
	double		 end = monotonic() + 60;

	for (;;) {
		ssize_t	n;

		if (monotonic() >= end || poll(&pfd, 1, 1000) == -1)
			break;
		if (pfd.revents == 0)
			continue;
		if ((n = recv(fd, got + have, sizeof got - have, 0)) <= 0)
			break;
		have += (size_t)n;
		if (have == sizeof got)
			break;
	}
	CHECK(monotonic() < end);
	CHECK(holds(got, have, "no hello in time"));
	close(fd);
	printf("a participant that never said hello was closed\n");
	return failures == 0 ? 0 : 1;
}

/*
 * The server's first frame, and our hello after its own, as lever join
 * does (a refusal comes first and the socket closes: a hello sent before
 * reading it would meet a broken pipe): the frame's type, or -1.
 */
static int
greet(int fd, struct buf *b)
{
	unsigned char	msg[64];
	size_t		n = hello(msg, SEAT_VERSION);
	int		type = read_frame(fd, b);

	if (type == SEAT_HELLO && send(fd, msg, n, MSG_NOSIGNAL) !=
	    (ssize_t)n)
		return -1;
	return type;
}

static int
cap(const char *path, int n)
{
	int		 fd[SEATS_CAP_MAX + 1], extra;
	struct buf	 b = { 0 };
	char		*why;
	char		 want[64];

	if (n < 1 || n > SEATS_CAP_MAX)
		return 2;
	for (int i = 0; i < n; i++) {
		fd[i] = dial(path);
		CHECK(greet(fd[i], &b) == 'H');
	}
	fd[n] = dial(path);
	CHECK(greet(fd[n], &b) == 'X');
	{
		struct wire_reader	r = { (const unsigned char *)b.data,
		    b.len, false };

		why = wire_get_str(&r);
	}
	snprintf(want, sizeof want, "holds %d connections", n);
	CHECK(why != NULL && strstr(why, want) != NULL);
	CHECK(why != NULL && strstr(why, "--per-user") != NULL);
	if (why != NULL)
		printf("refused: %s\n", why);
	free(why);
	close(fd[n]);
	/* One leaves; the server sees it at its next wake, so keep trying
	 * (each try is refused or welcomed, never left waiting). */
	close(fd[0]);
	for (int tries = 0;; tries++) {
		int	type;

		extra = dial(path);
		type = greet(extra, &b);
		if (type == 'H' || tries == 600)
			break;
		close(extra);
		extra = -1;
		CHECK(type == 'X');
		poll(NULL, 0, 100);
	}
	CHECK(extra != -1);
	if (extra != -1)
		close(extra);
	for (int i = 1; i < n; i++)
		close(fd[i]);
	buf_free(&b);
	return failures == 0 ? 0 : 1;
}

static struct scenario *
tiny_scenario(void)
{
	struct scenario	*s = xcalloc(1, sizeof *s);
	struct lever	*lv;

	s->path = xstrdup("/nonexistent/tiny.lua");
	s->title = xstrdup("tiny");
	s->start = 2025;
	s->years = 2;
	s->nlevers = 1;
	s->levers = lv = xcalloc(1, sizeof *s->levers);
	lv->name = xstrdup("invest");
	lv->kind = LEVER_SLIDER;
	lv->max = 100;
	lv->step = 10;
	lv->def = 50;
	lv->label = xstrdup("Investment");
	lv->group = xstrdup("");
	lv->description = xstrdup("");
	lv->unit = xstrdup("");
	s->noutputs = 1;
	s->outputs = xcalloc(1, sizeof *s->outputs);
	s->outputs[0].name = xstrdup("jobs");
	s->outputs[0].label = xstrdup("Jobs");
	s->outputs[0].unit = xstrdup("jobs");
	s->outputs[0].description = xstrdup("");
	return s;
}

static void
spit(const char *path, const char *text)
{
	FILE	*f = fopen(path, "w");

	if (f == NULL) {
		perror(path);
		exit(99);
	}
	fputs(text, f);
	fclose(f);
}

/* Load the session file of SC in DIR as TEXT: its status, the session. */
static int
load_as(const struct scenario *sc, const char *dir, const char *text,
    struct session **ssp, char **note)
{
	struct session	*ss = session_new(sc, sc->path, dir);
	int		 rc;

	spit(ss->path, text);
	rc = session_load(ss, note);
	*ssp = ss;
	return rc;
}

static int
session_record(const char *base)
{
	struct scenario	*sc = tiny_scenario();
	struct session	*ss, *back;
	struct buf	 big = { 0 };
	char		*dir = xasprintf("%s/state", base), *note = NULL;

	CHECK(mkdir(dir, 0700) == 0);
	/* Versions 1 and 2, written before the record: they load. */
	CHECK(load_as(sc, dir, "lever-session 2\nyear -1\nbegin current\n"
	    "invest=70\nend\nbegin option Plan"
	    "\ninvest=20\nend\nend-of-session\n", &ss, &note) == 1);
	CHECK(note == NULL && ss->nseat == 0 && ss->nopts == 1 &&
	    ss->cur->levers[0].num == 70);
	free(note);
	note = NULL;
	session_free(ss);
	CHECK(load_as(sc, dir, "lever-session 1\nbegin current\ninvest=30\n"
	    "end\nend-of-session\n", &ss, &note) == 1);
	CHECK(ss->nseat == 0 && ss->cur->levers[0].num == 30);
	free(note);
	note = NULL;
	session_free(ss);
	/* Version 3: the record, escaped, loads, saves and loads back. */
	CHECK(load_as(sc, dir, "lever-session 3\nbegin current\ninvest=40\n"
	    "end\nseat vote\\t1000\\tjo\\tPlan\nseat proposal\\t1\\tjo"
	    "\\t0\\t\\tMore\\tinvest=60\\n\nend-of-session\n", &ss,
	    &note) == 1);
	CHECK(note == NULL && ss->nseat == 2);
	free(note);
	note = NULL;
	CHECK(ss->nseat == 2 && strcmp(ss->seat[0], "vote\t1000\tjo\tPlan")
	    == 0);
	CHECK(ss->nseat == 2 && strcmp(ss->seat[1],
	    "proposal\t1\tjo\t0\t\tMore\tinvest=60\n") == 0);
	CHECK(session_save(ss, &note) == 0);
	free(note);
	note = NULL;
	{
		FILE	*f = fopen(ss->path, "r");
		char	 line[64] = "";

		CHECK(f != NULL && fgets(line, sizeof line, f) != NULL);
		CHECK(strcmp(line, "lever-session 3\n") == 0);
		if (f != NULL)
			fclose(f);
	}
	back = session_new(sc, sc->path, dir);
	CHECK(session_load(back, &note) == 1);
	free(note);
	note = NULL;
	CHECK(back->nseat == ss->nseat);
	for (size_t i = 0; i < back->nseat && i < ss->nseat; i++)
		CHECK(strcmp(back->seat[i], ss->seat[i]) == 0);
	session_free(back);
	session_free(ss);
	/* Past the limit: left out, with a note. */
	buf_adds(&big, "lever-session 3\n");
	for (int i = 0; i < SESSION_MAX_SEAT + 5; i++)
		buf_printf(&big, "seat vote\\t%d\\tu%d\\tPlan\n", i, i);
	buf_adds(&big, "end-of-session\n");
	buf_addc(&big, '\0');
	CHECK(load_as(sc, dir, big.data, &ss, &note) == 1);
	CHECK(ss->nseat == SESSION_MAX_SEAT);
	CHECK(note != NULL && strstr(note, "left out") != NULL);
	free(note);
	note = NULL;
	session_free(ss);
	buf_free(&big);
	/* A record line badly escaped is damage, said so and set aside. */
	CHECK(load_as(sc, dir, "lever-session 3\nseat vote\\q\n"
	    "end-of-session\n", &ss, &note) == -1);
	CHECK(note != NULL && strstr(note, "damaged") != NULL);
	free(note);
	session_free(ss);
	free(dir);
	scenario_free(sc);
	return failures == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "session") == 0)
		return session_record(argv[2]);
	if (argc == 3 && strcmp(argv[1], "mute") == 0)
		return mute(argv[2]);
	if (argc == 4 && strcmp(argv[1], "cap") == 0)
		return cap(argv[2], atoi(argv[3]));
	if (argc == 3 && strcmp(argv[1], "slow") == 0)
		return slow(argv[2]);
	if (argc == 5 && strcmp(argv[1], "crowd") == 0)
		return crowd(argv[2], atoi(argv[3]), atof(argv[4]));
	if (argc == 3 && strcmp(argv[1], "junk") == 0)
		return junk(argv[2]);
	if (argc == 3 && strcmp(argv[1], "server") == 0)
		return server(argv[2]);
	fprintf(stderr, "usage: test_seats junk|server|slow|mute SOCKET, crowd SOCKET N S, cap SOCKET N\n");
	return 2;
}
