/*
 * Unit tests of the parts that need no worker: settings and split
 * rebalancing, number formatting, the wire format (and its framing through
 * a pipe), file stamps, reads and writes, totals.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "cli.h"
#include "file.h"
#include "job.h"
#include "results.h"
#include "scenario.h"
#include "util.h"

#include "check.h"
#include "wire.h"

static const char *const options[] = { "low", "high" };

/* A scenario with one lever of each kind, built by hand. */
static struct scenario *
make_scenario(void)
{
	struct scenario	*sc = xcalloc(1, sizeof *sc);
	static const char *const parts[] = { "a", "b", "c", "d" };
	static const double def[] = { 40, 30, 20, 10 };

	sc->path = xstrdup("dir/test.lua");
	sc->title = xstrdup("T");
	sc->description = xstrdup("");
	sc->baseline = xstrdup("data/x.csv");
	sc->id_col = xstrdup("id");
	sc->name_col = xstrdup("name");
	sc->start = 2025;
	sc->years = 10;
	sc->nlevers = 4;
	sc->levers = xcalloc(4, sizeof *sc->levers);
	for (int i = 0; i < 4; i++) {
		struct lever	*lv = &sc->levers[i];

		lv->name = xasprintf("l%d", i);
		lv->label = xstrdup("label");
		lv->group = xstrdup("");
		lv->description = xstrdup("");
		lv->unit = xstrdup("");
		lv->kind = (enum lever_kind)i;
	}
	sc->levers[0].min = 0.5;
	sc->levers[0].max = 1;
	sc->levers[0].step = 0.05;
	sc->levers[0].def = 0.5;
	sc->levers[0].percent = true;
	sc->levers[1].noptions = 2;
	sc->levers[1].options = xcalloc(2, sizeof(char *));
	sc->levers[1].options[0] = xstrdup(options[0]);
	sc->levers[1].options[1] = xstrdup(options[1]);
	sc->levers[1].def_option = 1;
	sc->levers[3].nparts = 4;
	sc->levers[3].parts = xcalloc(4, sizeof(char *));
	sc->levers[3].def_parts = xcalloc(4, sizeof(double));
	for (int j = 0; j < 4; j++) {
		sc->levers[3].parts[j] = xstrdup(parts[j]);
		sc->levers[3].def_parts[j] = def[j];
	}
	sc->nassumptions = 1;
	sc->assumptions = xcalloc(1, sizeof *sc->assumptions);
	sc->assumptions[0].name = xstrdup("g");
	sc->assumptions[0].label = xstrdup("Growth");
	sc->assumptions[0].unit = xstrdup("/yr");
	sc->assumptions[0].source = xstrdup("ONS");
	sc->assumptions[0].description = xstrdup("");
	sc->assumptions[0].value = 0.02;
	sc->noutputs = 2;
	sc->outputs = xcalloc(2, sizeof *sc->outputs);
	for (int i = 0; i < 2; i++) {
		sc->outputs[i].name = xasprintf("o%d", i);
		sc->outputs[i].label = xstrdup("out");
		sc->outputs[i].unit = xstrdup("£");
		sc->outputs[i].description = xstrdup("");
	}
	sc->outputs[1].total = TOTAL_WMEAN;
	sc->outputs[1].weight = xstrdup("pop");
	return sc;
}

static void
test_settings(void)
{
	static const struct {
		const char	*set;
		int		 rc;
		const char	*msg;	/* in the message when refused */
	} sets[] = {
		{ "l0=0.75", 0, NULL },
		{ "l0=2", -1, "from 0.5 to 1" },
		{ "l1=low", 0, NULL },
		{ "l2=on", 0, NULL },
		{ "l3=5", -1, "l3.a=40" },
		{ "g=0.03", 0, NULL },
		{ "g", -1, "" },
		{ "l0=nan", -1, "" },
	};
	struct scenario	*sc = make_scenario();
	struct settings	*st = settings_new(sc), *copy;
	char		*cause = NULL, *s;
	bool		 fixed[4] = { false, false, true, false };
	double		*p;

	CHECK(st->levers[0].num == 0.5);
	CHECK(st->levers[1].choice == 1);
	CHECK(st->assumptions[0] == 0.02);
	p = st->levers[3].parts;

	/* moving one part rebalances the others proportionally */
	CHECK(settings_split(sc, st, 3, 0, 70, NULL, &cause) == 0);
	CHECK(p[0] == 70);
	CHECK(fabs(p[1] - 15) < 1e-12 && fabs(p[2] - 10) < 1e-12 &&
	    fabs(p[3] - 5) < 1e-12);
	CHECK(fabs(p[0] + p[1] + p[2] + p[3] - 100) < 1e-9);
	/* to 100: all others go to zero; back down: shared equally */
	CHECK(settings_split(sc, st, 3, 0, 100, NULL, &cause) == 0);
	CHECK(p[1] == 0 && p[2] == 0 && p[3] == 0);
	CHECK(settings_split(sc, st, 3, 0, 70, NULL, &cause) == 0);
	CHECK(fabs(p[1] - 10) < 1e-12 && fabs(p[3] - 10) < 1e-12);
	/* clamped to 0..100 */
	CHECK(settings_split(sc, st, 3, 1, 150, NULL, &cause) == 0);
	CHECK(p[1] == 100 && p[0] == 0);
	/* a fixed part stays; the impossible is refused and changes nothing */
	CHECK(settings_split(sc, st, 3, 0, 50, NULL, &cause) == 0);
	p[2] = 30;
	p[1] = 10;
	p[3] = 10;
	CHECK(settings_split(sc, st, 3, 0, 80, fixed, &cause) == -1);
	CHECK(cause != NULL && strstr(cause, "sum to 100") != NULL);
	free(cause);
	cause = NULL;
	CHECK(p[0] == 50 && p[2] == 30);
	CHECK(settings_split(sc, st, 3, 0, 60, fixed, &cause) == 0);
	CHECK(p[2] == 30 && fabs(p[1] - 5) < 1e-12 && fabs(p[3] - 5) < 1e-12);

	/* settings_set: each kind, and the messages for bad values */
	for (size_t i = 0; i < nitems(sets); i++) {
		int	rc = settings_set(sc, st, sets[i].set, &cause);

		if (rc != sets[i].rc || (rc == -1 && (cause == NULL ||
		    strstr(cause, sets[i].msg) == NULL))) {
			fprintf(stderr, "settings_set %s: %d (%s)\n",
			    sets[i].set, rc, cause != NULL ? cause : "");
			failures++;
		}
		free(cause);
		cause = NULL;
	}
	/* what was set, and nothing of what was refused */
	CHECK(st->levers[0].num == 0.75);
	CHECK(st->levers[1].choice == 0);
	CHECK(st->levers[2].on);
	CHECK(st->assumptions[0] == 0.03);

	s = settings_format(sc, st, 0);
	CHECK(strcmp(s, "75%") == 0);
	free(s);
	s = settings_format(sc, st, 1);
	CHECK(strcmp(s, "low") == 0);
	free(s);

	copy = settings_copy(sc, st);
	CHECK(settings_equal(sc, st, copy));
	copy->levers[3].parts[0] += 1;
	CHECK(!settings_equal(sc, st, copy));
	settings_free(copy);

	s = scenario_baseline_path(sc);
	CHECK(strcmp(s, "dir/data/x.csv") == 0);
	free(s);
	settings_free(st);
	scenario_free(sc);
}

static void
test_fmt_double(void)
{
	char		buf[32];
	uint64_t	x = 88172645463325252ULL;

	CHECK(strcmp(fmt_double(buf, sizeof buf, 0.1 + 0.2),
	    "0.30000000000000004") == 0);
	CHECK(strcmp(fmt_double(buf, sizeof buf, 1320), "1320") == 0);
	CHECK(strcmp(fmt_double(buf, sizeof buf, 0.5), "0.5") == 0);
	for (int i = 0; i < 100000; i++) {
		double	v;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(&v, &x, sizeof v);
		if (!isfinite(v))
			continue;
		fmt_double(buf, sizeof buf, v);
		CHECK(strtod(buf, NULL) == v);
	}
}

static void
test_wire(void)
{
	struct scenario		*sc = make_scenario(), *back;
	struct buf		 a = { 0 }, b = { 0 }, msgs = { 0 };
	struct wire_reader	 rd, payload;
	enum wire_type		 type;
	uint32_t		 len32;

	wire_put_scenario(&a, sc);
	rd = (struct wire_reader){ (const unsigned char *)a.data, a.len, false };
	back = wire_get_scenario(&rd);
	CHECK(back != NULL);
	if (back != NULL) {
		wire_put_scenario(&b, back);
		CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
		CHECK(strcmp(back->levers[3].parts[2], "c") == 0);
		CHECK(back->levers[3].def_parts[2] == 20);
		CHECK(strcmp(back->outputs[1].weight, "pop") == 0);
		scenario_free(back);
	}
	/* every truncation is refused, never read past the end */
	for (size_t n = 0; n < a.len; n++) {
		rd = (struct wire_reader){ (const unsigned char *)a.data, n,
		    false };
		back = wire_get_scenario(&rd);
		CHECK(back == NULL);
		scenario_free(back);
	}
	/* framing: complete messages only */
	wire_message(&msgs, WIRE_PROBLEM, "abc", 3);
	wire_message(&msgs, WIRE_DONE, NULL, 0);
	rd = (struct wire_reader){ (const unsigned char *)msgs.data,
	    msgs.len - 1, false };
	CHECK(wire_peek_len(&rd, &len32) && len32 == 3);
	CHECK(wire_next(&rd, &type, &payload) && type == WIRE_PROBLEM &&
	    payload.len == 3 && memcmp(payload.p, "abc", 3) == 0);
	CHECK(!wire_next(&rd, &type, &payload));
	/* the next header is not whole yet: no length */
	CHECK(rd.len == WIRE_HEADER - 1 && !wire_peek_len(&rd, &len32));
	buf_free(&a);
	buf_free(&b);
	buf_free(&msgs);
	scenario_free(sc);
}

/* One change to a copy of make_scenario()'s, in place where it can be. */
static void
mutate(struct scenario *sc, int m)
{
	switch (m) {
	case 0:
		sc->title[0] = 'X';
		break;
	case 1:
		free(sc->description);
		sc->description = NULL;
		break;
	case 2:
		sc->levers[1].options[0][0] = 'X';
		break;
	case 3:
		sc->levers[3].parts[1][0] = 'X';
		break;
	case 4:
		sc->levers[3].def_parts[2] = 99;
		break;
	case 5:
		sc->levers[0].def = 0.75;
		break;
	case 6:
		sc->assumptions[0].dist.values[1] = 7;
		break;
	case 7:
		sc->assumptions[0].source[0] = 'X';
		break;
	case 8:
		sc->outputs[1].weight[0] = 'X';
		break;
	case 9:
		sc->outputs[0].line++;
		break;
	case 10:
		sc->assumptions[0].dist.p[1] = -0.0;	/* the bits differ */
		break;
	case 11:
		sc->levers[2].def_on = true;
		break;
	case 12:
		sc->modules[1][0] = 'X';
		break;
	}
}

/*
 * scenario_copy: equal to the original (its wire bytes too) and sharing
 * nothing with it; scenario_equal sees each change to a copy, and the
 * original is unchanged by it.
 */
static void
test_scenario_copy(void)
{
	struct scenario	*sc = make_scenario(), *c;
	struct buf	 a = { 0 }, b = { 0 };
	static const double draws[] = { 1, 2, 3 };

	sc->assumptions[0].dist.kind = DIST_EMPIRICAL;
	sc->assumptions[0].dist.nvalues = nitems(draws);
	sc->assumptions[0].dist.values = xcalloc(nitems(draws),
	    sizeof(double));
	memcpy(sc->assumptions[0].dist.values, draws, sizeof draws);
	sc->nmodules = 2;
	sc->modules = xcalloc(3, sizeof *sc->modules);
	sc->modules[0] = xstrdup("dir/lib/a.lua");
	sc->modules[1] = xstrdup("dir/lib/b.lua");
	wire_put_scenario(&a, sc);

	c = scenario_copy(sc);
	CHECK(scenario_equal(sc, c) && scenario_equal(c, sc));
	wire_put_scenario(&b, c);
	CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
	CHECK(c->title != sc->title && c->levers != sc->levers &&
	    c->levers[1].options != sc->levers[1].options &&
	    c->levers[1].options[1] != sc->levers[1].options[1] &&
	    c->levers[3].def_parts != sc->levers[3].def_parts &&
	    c->assumptions[0].dist.values != sc->assumptions[0].dist.values &&
	    c->outputs[1].weight != sc->outputs[1].weight &&
	    c->modules[1] != sc->modules[1] && c->modules[2] == NULL);
	CHECK(c->levers[0].options == NULL && c->levers[2].parts == NULL);
	scenario_free(c);

	for (int m = 0; m < 13; m++) {
		c = scenario_copy(sc);
		mutate(c, m);
		if (scenario_equal(sc, c)) {
			fprintf(stderr, "change %d to a copy: still equal\n",
			    m);
			failures++;
		}
		buf_free(&b);
		wire_put_scenario(&b, sc);
		if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0) {
			fprintf(stderr, "change %d to a copy changed the "
			    "original\n", m);
			failures++;
		}
		scenario_free(c);
	}
	/* an empty scenario copies too */
	c = xcalloc(1, sizeof *c);
	scenario_free(sc);
	sc = scenario_copy(c);
	CHECK(scenario_equal(sc, c) && sc->levers == NULL &&
	    sc->title == NULL);
	scenario_free(sc);
	scenario_free(c);
	buf_free(&a);
	buf_free(&b);
}

/*
 * A header announcing more than WIRE_MAX is refused with EMSGSIZE, before
 * anything is allocated for it, and wire_write will not send such a
 * message; a message within the cap reads as before.
 */
static void
test_wire_cap(void)
{
	static const uint32_t	 lens[] = { WIRE_MAX + 1, UINT32_MAX };
	struct buf		 b = { 0 };
	enum wire_type		 type;
	int			 fd[2];

	for (size_t i = 0; i < nitems(lens); i++) {
		unsigned char	hdr[WIRE_HEADER] = { WIRE_STATES };

		memcpy(hdr + 1, &lens[i], sizeof lens[i]);
		if (pipe(fd) == -1) {
			CHECK(!"pipe");
			return;
		}
		CHECK(write(fd[1], hdr, sizeof hdr) == (ssize_t)sizeof hdr);
		CHECK(write(fd[1], "more", 4) == 4);
		errno = 0;
		CHECK(wire_read(fd[0], &type, &b) == -1 && errno == EMSGSIZE);
		CHECK(b.cap < 4096);
		close(fd[0]);
		close(fd[1]);
	}
	if (pipe(fd) == -1) {
		CHECK(!"pipe");
		return;
	}
	{
		unsigned char	hdr[WIRE_HEADER] = { WIRE_STATES };
		uint32_t	len = 3;

		memcpy(hdr + 1, &len, sizeof len);
		CHECK(write(fd[1], hdr, sizeof hdr) == (ssize_t)sizeof hdr);
		CHECK(write(fd[1], "abc", 3) == 3);
		CHECK(wire_read(fd[0], &type, &b) == 0 && b.len == 3);
	}
	errno = 0;
	CHECK(wire_write(fd[1], WIRE_STATES, "", (size_t)WIRE_MAX + 1) == -1 &&
	    errno == EMSGSIZE);
	close(fd[1]);
	CHECK(wire_read(fd[0], &type, &b) == -1);	/* nothing was sent */
	close(fd[0]);
	buf_free(&b);
}

/* Messages through a descriptor: whole ones back, end of file as -1. */
static void
test_wire_fd(void)
{
	struct buf	 b = { 0 };
	enum wire_type	 type;
	int		 fd[2];

	if (pipe(fd) == -1) {
		CHECK(!"pipe");
		return;
	}
	CHECK(wire_write(fd[1], WIRE_PROBLEM, "abc", 3) == 0);
	CHECK(wire_write(fd[1], WIRE_DONE, NULL, 0) == 0);
	CHECK(write(fd[1], "E\x09", 2) == 2);	/* a header cut short */
	close(fd[1]);
	CHECK(wire_read(fd[0], &type, &b) == 0 && type == WIRE_PROBLEM &&
	    b.len == 3 && strcmp(b.data, "abc") == 0);
	CHECK(wire_read(fd[0], &type, &b) == 0 && type == WIRE_DONE &&
	    b.len == 0 && b.data[0] == '\0');
	CHECK(wire_read(fd[0], &type, &b) == -1);
	close(fd[0]);
	buf_free(&b);
	test_wire_cap();
}

/* Writes whole or not at all, whole reads, and stamps (file.h). */
static void
test_file(void)
{
	const char		*t = getenv("TMPDIR");
	char			*dir, *path, *text, *bad;
	struct file_stamp	 a, b;
	struct stat		 sb;
	struct dirent		*e;
	size_t			 len, n = 0;
	FILE			*f;
	DIR			*d;

	dir = xasprintf("%s/test_core.XXXXXX", t != NULL && *t != '\0' ?
	    t : "/tmp");
	if (mkdtemp(dir) == NULL) {
		CHECK(!"mkdtemp");
		free(dir);
		return;
	}
	path = xasprintf("%s/out.csv", dir);
	CHECK(file_write_data(path, 0640, "a,b\n", 4) == 0);
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 07777) == 0640);
	file_stamp(path, &a);
	CHECK(a.ok && a.size == 4);
	/* a rewrite keeps the mode, and the stamp tells */
	CHECK(file_write_data(path, FILE_KEEP_MODE, "a,b\n1,2\n", 8) == 0);
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 07777) == 0640);
	file_stamp(path, &b);
	CHECK(b.ok && !file_stamp_same(&a, &b));
	file_stamp(path, &a);
	CHECK(file_stamp_same(&a, &b));
	if ((f = fopen(path, "rb")) != NULL) {
		text = file_read_all(f, 0, &len);
		CHECK(text != NULL && len == 8 &&
		    strcmp(text, "a,b\n1,2\n") == 0);
		free(text);
		rewind(f);
		errno = 0;
		CHECK(file_read_all(f, 7, &len) == NULL && errno == EFBIG);
		fclose(f);
	} else
		CHECK(!"fopen");
	/* nowhere to make the file: nothing tried, nothing left */
	bad = xasprintf("%s/no/such/out.csv", dir);
	CHECK(file_write_data(bad, FILE_KEEP_MODE, "x", 1) == FILE_NOT_MADE);
	free(bad);
	file_stamp(NULL, &a);
	CHECK(!a.ok);
	/* no temporary file is left beside the one written */
	if ((d = opendir(dir)) != NULL) {
		while ((e = readdir(d)) != NULL)
			n += e->d_name[0] != '.';
		closedir(d);
	}
	CHECK(n == 1);
	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
}

static void
test_totals(void)
{
	struct scenario	*sc = make_scenario();
	struct baseline	 bl = { 0 };
	struct results	*r = results_new(3, 1, 2);
	char		 h0[] = "id", h1[] = "name", h2[] = "pop";
	char		*header[] = { h0, h1, h2 };
	enum col_type	 type[] = { COL_TEXT, COL_TEXT, COL_NUMBER };
	double		 num[] = { NAN, NAN, 1, NAN, NAN, 3, NAN, NAN, NAN };
	size_t		 rows[] = { 0, 2 };

	bl.ncols = 3;
	bl.nrows = 3;
	bl.header = header;
	bl.type = type;
	bl.num = num;
	for (size_t i = 0; i < 3; i++) {
		*results_at(r, i, 0, 0) = (double)(i + 1);
		*results_at(r, i, 0, 1) = (double)(10 * (i + 1));
	}
	CHECK(results_total(r, sc, &bl, NULL, 0, 0, 0) == 6);
	CHECK(results_total(r, sc, &bl, rows, 2, 0, 0) == 4);
	/* weighted by pop; the area without a weight is left out */
	CHECK(results_total(r, sc, &bl, NULL, 0, 1, 0) == (10 + 60) / 4.0);
	sc->outputs[0].total = TOTAL_MEAN;
	CHECK(results_total(r, sc, &bl, NULL, 0, 0, 0) == 2);
	sc->outputs[0].total = TOTAL_NONE;
	CHECK(isnan(results_total(r, sc, &bl, NULL, 0, 0, 0)));
	results_free(r);
	scenario_free(sc);
}

/* The limit an option sets, as a number. */
static double
limit_of(const struct limits *lim, const char *opt)
{
	if (strcmp(opt, "--timeout") == 0)
		return lim->seconds;
	if (strcmp(opt, "--max-instructions") == 0)
		return (double)lim->instructions;
	return (double)lim->memory;
}

/* Limit options: positive numbers only, each clamped to what fits. */
static void
test_limit_options(void)
{
	static const struct {
		const char	*opt, *value;
		int		 rc;
		double		 want;	/* the limit after it, if accepted */
	} cases[] = {
		{ "--timeout", "2.5", 0, 2.5 },
		{ "--timeout", "1e300", 0, 86400 },
		{ "--timeout", "0", -1, 0 },
		{ "--timeout", "inf", -1, 0 },
		{ "--max-instructions", "1e300", 0, 1e18 },
		{ "--max-memory", "1e300", 0, (double)((size_t)1 << 40) },
		/* below 1 MB the sandbox cannot start: a usage error */
		{ "--max-memory", "0.001", -1, 0 },
		{ "--max-memory", "1", 0, (double)((size_t)1 << 20) },
	};

	for (size_t i = 0; i < nitems(cases); i++) {
		struct limits	lim = limits_default;
		int		rc = cli_limit_option(&lim, cases[i].opt,
				    cases[i].value);

		if (rc != cases[i].rc || (rc == 0 &&
		    limit_of(&lim, cases[i].opt) != cases[i].want)) {
			fprintf(stderr, "%s %s: %d, limit %g\n", cases[i].opt,
			    cases[i].value, rc, limit_of(&lim, cases[i].opt));
			failures++;
		}
	}
}

int
main(void)
{
	static void (*const tests[])(void) = { test_settings,
	    test_fmt_double, test_wire, test_scenario_copy, test_wire_fd,
	    test_file, test_totals, test_limit_options };

	for (size_t i = 0; i < nitems(tests); i++)
		tests[i]();
	if (failures > 0) {
		fprintf(stderr, "%d checks failed\n", failures);
		return 1;
	}
	printf("all unit checks passed\n");
	return 0;
}
