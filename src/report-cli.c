/*
 * report-cli: `lever report` and report_session. Which options a report
 * holds (a session's compared options, its saved ones, the current
 * settings, --option names), computing each on a worker, and fan bands
 * from samples on a warm pool; report.c renders them.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "batch.h"
#include "cli.h"
#include "job.h"
#include "report.h"
#include "results.h"
#include "sample.h"
#include "scenario.h"
#include "session.h"
#include "util.h"

/* Options from a session or the command line */

struct chosen {
	struct report_option	*opts;
	struct settings		**owned;	/* settings made here */
	struct results		**res;
	size_t			  n;
};

static void
chosen_add(struct chosen *c, const char *name, const struct settings *st)
{
	c->opts = xreallocarray(c->opts, c->n + 1, sizeof *c->opts);
	c->res = xreallocarray(c->res, c->n + 1, sizeof *c->res);
	c->opts[c->n].name = name;
	c->opts[c->n].st = st;
	c->opts[c->n].res = NULL;
	c->res[c->n++] = NULL;
}

static void
chosen_free(struct chosen *c)
{
	for (size_t i = 0; i < c->n; i++)
		results_free(c->res[i]);
	free(c->res);
	free(c->opts);
	memset(c, 0, sizeof *c);
}

/* The session's reference first, then its compared options, or all of
 * them, or (when it has none) its current settings. */
static void
session_choice(struct chosen *c, const struct session *ss,
    const struct settings *def)
{
	long	ref = ss->reference != NULL ?
		    session_option(ss, ss->reference) : -1;

	if (ref >= 0)
		chosen_add(c, ss->opts[ref].name, ss->opts[ref].st);
	else
		chosen_add(c, "Defaults", def);
	if (ss->ncompare > 0) {
		for (size_t i = 0; i < ss->ncompare; i++) {
			long	k = session_option(ss, ss->compare[i]);

			if (k >= 0 && k != ref)
				chosen_add(c, ss->opts[k].name, ss->opts[k].st);
		}
	} else
		for (size_t k = 0; k < ss->nopts; k++)
			if ((long)k != ref)
				chosen_add(c, ss->opts[k].name, ss->opts[k].st);
	if (c->n == 1 && !settings_equal(ss->sc, ss->cur, c->opts[0].st))
		chosen_add(c, "Current", ss->cur);
}

/* Compute every chosen option; -1 with the problems in DIAG. */
static int
chosen_compute(struct chosen *c, const struct scenario *sc,
    const struct baseline *bl, const struct limits *lim, struct diag *diag)
{
	for (size_t i = 0; i < c->n; i++) {
		if ((c->res[i] = job_project(sc, bl, c->opts[i].st, lim,
		    diag)) == NULL)
			return -1;
		c->opts[i].res = c->res[i];
	}
	return 0;
}

/*
 * N samples of every chosen option on one pool of warm workers, the same
 * seed for all (common random numbers), totals only, into STORES.
 */
static int
sample_options(const struct chosen *c, const struct scenario *sc,
    const struct baseline *bl, const struct limits *lim, size_t n,
    uint64_t seed, struct sample_store **stores, struct diag *diag)
{
	size_t		 running = batch_workers(lim);
	struct pool	*pool = pool_new(sc, bl, lim, running);
	int		 rc = 0;

	for (size_t i = 0; i < c->n && rc == 0; i++) {
		struct batch	*b;

		stores[i] = sample_store_new(sc, bl, n, false);
		b = sample_start(pool, sc, c->opts[i].st, seed, n, running,
		    stores[i]);
		rc = batch_run(b, diag);
		batch_free(b);
	}
	pool_free(pool);
	return rc;
}

int
report_session(const char *path, enum report_format fmt,
    const struct scenario *sc, const struct baseline *bl,
    const struct session *ss, const struct limits *lim, char **cause)
{
	struct chosen	 c = { 0 };
	struct diag	 diag = { 0 };
	struct settings	*def = settings_new(sc);
	struct report	 r = { fmt, sc, bl, NULL, 0, NULL, NULL, 0 };
	int		 rc;

	*cause = NULL;
	session_choice(&c, ss, def);
	if (chosen_compute(&c, sc, bl, lim, &diag) == -1) {
		*cause = xstrdup(diag.n > 0 ? diag.msgs[0] :
		    "an option could not be computed");
		rc = -1;
	} else {
		r.opts = c.opts;
		r.nopts = c.n;
		rc = report_write(path, &r, cause);
	}
	diag_clear(&diag);
	chosen_free(&c);
	settings_free(def);
	return rc;
}

/* `lever report` */

/* A message on stderr, made safe for the terminal. */
#define say(...)	util_say("lever report", __VA_ARGS__)

static void
report_usage(FILE *f)
{
	fputs("usage: lever report SCENARIO.lua [--baseline FILE.csv] "
	    "[--set NAME=VALUE]...\n"
	    "                    [--session FILE] [--option NAME]... "
	    "[-f html|md] [-o FILE]\n"
	    "                    [--samples N] [--date YYYY-MM-DD] [--seed N] "
	    "[limits]\n",
	    f);
}

/*
 * Read the session file PATH for SC without touching it: a copy in a
 * private temporary folder is what session_load reads (and would set
 * aside if damaged). NULL after a message.
 */
static struct session *
load_session(const struct scenario *sc, const char *script, const char *path)
{
	char		 dir[] = "/tmp/lever-report.XXXXXX", *copy, *cause;
	struct session	*ss;
	FILE		*in, *out;
	char		 chunk[8192];
	size_t		 n;
	int		 rc;

	if ((in = fopen(path, "r")) == NULL) {
		say("--session %s: %s", path, strerror(errno));
		return NULL;
	}
	if (mkdtemp(dir) == NULL) {
		say("cannot make a temporary folder: %s", strerror(errno));
		fclose(in);
		return NULL;
	}
	copy = xasprintf("%s/session", dir);
	if ((out = fopen(copy, "w")) == NULL) {
		say("%s: %s", copy, strerror(errno));
		fclose(in);
		free(copy);
		rmdir(dir);
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
		fwrite(chunk, 1, n, out);
	fclose(in);
	fclose(out);
	ss = session_new(sc, script, dir);
	free(ss->path);
	ss->path = copy;
	ss->readonly = true;
	rc = session_load(ss, &cause);
	unlink(copy);
	rmdir(dir);
	if (rc != 1) {
		say("--session %s: %s", path, rc == 0 ? "no session there" :
		    cause != NULL ? cause : "damaged");
		free(cause);
		session_free(ss);
		return NULL;
	}
	if (cause != NULL) {
		say("--session %s: %s", path, cause);
		free(cause);
	}
	return ss;
}

/*
 * The next option of ARGV at *I: its name in *OPT and, when it takes one,
 * its value in *ARG ("--name value", "--name=value", "-o value"). 0 when
 * ARGV[*I] is not an option (an operand), -1 on a missing value. TAKES
 * lists the options that take values, each followed by a space.
 */
static int
next_opt(int argc, char **argv, int *i, const char *takes, char *opt,
    size_t optlen, const char **arg)
{
	const char	*a = argv[*i], *eq;
	char		 key[80];
	size_t		 n;

	*arg = NULL;
	if (a[0] != '-' || a[1] == '\0' || strcmp(a, "--") == 0)
		return 0;
	eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
	n = eq != NULL ? (size_t)(eq - a) : strlen(a);
	snprintf(opt, optlen, "%.*s", (int)n, a);
	snprintf(key, sizeof key, "%s ", opt);
	(*i)++;
	if (strstr(takes, key) == NULL || (strstr(takes, key) != takes &&
	    strstr(takes, key)[-1] != ' '))
		return eq != NULL ? -1 : 1;
	if (eq != NULL)
		*arg = eq + 1;
	else if (*i < argc)
		*arg = argv[(*i)++];
	else
		return -1;
	return 1;
}

int
report_main(int argc, char **argv)
{
	const char	 *baseline = NULL, *sessfile = NULL, *out = NULL,
			 *date = NULL, *script = NULL, *optarg;
	char		**sets = NULL, **names = NULL, *cause = NULL, opt[64];
	size_t		  nsets = 0, nnames = 0;
	struct limits	  lim = limits_default;
	struct report	  r = { REPORT_HTML, NULL, NULL, NULL, 0, NULL, NULL,
			    0 };
	struct diag	  diag = { 0 };
	struct scenario	 *sc = NULL;
	struct baseline	 *bl = NULL;
	struct session	 *ss = NULL;
	struct settings	 *def = NULL, *cur = NULL;
	struct chosen	  c = { 0 };
	unsigned long long seed = 0;
	bool		  seeded = false;
	int		  i = 1, k, rc = EXIT_USAGE;
	static const char takes[] = "--baseline --set --session --option -f "
	    "--format -o --output --date --seed --samples --max-instructions "
	    "--max-memory --timeout ";
	size_t		  nsamples = 0;
	struct sample_store **stores = NULL;

	lim.print = true;
	while (i < argc) {
		if ((k = next_opt(argc, argv, &i, takes, opt, sizeof opt,
		    &optarg)) == 0) {
			if (script != NULL) {
				say("give exactly one SCENARIO.lua");
				report_usage(stderr);
				goto out;
			}
			script = argv[i++];
			continue;
		}
		if (k == -1) {
			say("%s needs a value", opt);
			goto out;
		}
		if (strcmp(opt, "--baseline") == 0)
			baseline = optarg;
		else if (strcmp(opt, "--set") == 0) {
			sets = xreallocarray(sets, nsets + 1, sizeof *sets);
			sets[nsets++] = (char *)(uintptr_t)optarg;
		} else if (strcmp(opt, "--session") == 0)
			sessfile = optarg;
		else if (strcmp(opt, "--option") == 0) {
			names = xreallocarray(names, nnames + 1, sizeof *names);
			names[nnames++] = (char *)(uintptr_t)optarg;
		} else if (strcmp(opt, "-f") == 0 ||
		    strcmp(opt, "--format") == 0) {
			if (strcmp(optarg, "html") == 0)
				r.format = REPORT_HTML;
			else if (strcmp(optarg, "md") == 0 ||
			    strcmp(optarg, "markdown") == 0)
				r.format = REPORT_MARKDOWN;
			else {
				say("-f takes html or md, not '%s'", optarg);
				goto out;
			}
		} else if (strcmp(opt, "-o") == 0 ||
		    strcmp(opt, "--output") == 0)
			out = optarg;
		else if (strcmp(opt, "--date") == 0)
			date = optarg;
		else if (strcmp(opt, "--samples") == 0) {
			char	*end;

			errno = 0;
			nsamples = (size_t)strtoull(optarg, &end, 10);
			if (optarg[0] < '0' || optarg[0] > '9' ||
			    *end != '\0' || errno != 0 || nsamples < 2 ||
			    nsamples > 100000) {
				say("--samples takes a number from 2 to 100000");
				goto out;
			}
		}
		else if (strcmp(opt, "--seed") == 0) {
			char	*end;

			errno = 0;
			seed = strtoull(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0) {
				say("--seed takes a whole number");
				goto out;
			}
			seeded = true;
		} else if (strcmp(opt, "--max-instructions") == 0 ||
		    strcmp(opt, "--max-memory") == 0 ||
		    strcmp(opt, "--timeout") == 0) {
			if (cli_limit_option(&lim, opt, optarg) == -1)
				goto out;
		} else if (strcmp(opt, "-h") == 0 ||
		    strcmp(opt, "--help") == 0) {
			report_usage(stdout);
			rc = EXIT_OK;
			goto out;
		} else {
			say("unknown option %s", opt);
			report_usage(stderr);
			goto out;
		}
	}
	if (script == NULL) {
		say("give exactly one SCENARIO.lua");
		report_usage(stderr);
		goto out;
	}
	if (r.format == REPORT_MARKDOWN && (out == NULL ||
	    strcmp(out, "-") == 0)) {
		say("a Markdown report needs -o FILE.md: its charts are "
		    "written beside it");
		goto out;
	}
	if (nnames > 0 && sessfile == NULL) {
		say("--option names an option saved in a session: give "
		    "--session FILE too");
		goto out;
	}
	rc = EXIT_INPUT;
	if (cli_load(script, baseline, 0, &lim, &sc, &bl, &diag) == -1)
		goto out;
	def = settings_new(sc);
	if (sessfile != NULL && (ss = load_session(sc, script,
	    sessfile)) == NULL)
		goto out;
	cur = settings_copy(sc, ss != NULL ? ss->cur : def);
	if (seeded)
		cur->seed = seed;
	if (cli_apply_sets(sc, cur, sets, nsets) == -1) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (ss != NULL && nnames > 0) {
		long	ref = ss->reference != NULL ?
			    session_option(ss, ss->reference) : -1;

		if (ref >= 0)
			chosen_add(&c, ss->opts[ref].name, ss->opts[ref].st);
		else
			chosen_add(&c, "Defaults", def);
		for (size_t j = 0; j < nnames; j++) {
			long	o = session_option(ss, names[j]);

			if (o < 0) {
				say("--option %s: %s has no option of that "
				    "name", names[j], sessfile);
				rc = EXIT_USAGE;
				goto out;
			}
			if (o != ref)
				chosen_add(&c, ss->opts[o].name,
				    ss->opts[o].st);
		}
		if (nsets > 0)
			chosen_add(&c, "Current", cur);
	} else if (ss != NULL) {
		session_choice(&c, ss, def);
		if (c.n > 1 && c.opts[c.n - 1].st == ss->cur)
			c.opts[c.n - 1].st = cur;	/* with --set */
		else if (nsets > 0 || (c.n == 1 &&
		    !settings_equal(sc, cur, c.opts[0].st)))
			chosen_add(&c, "Current", cur);
	} else {
		chosen_add(&c, "Defaults", def);
		if (!settings_equal(sc, cur, def))
			chosen_add(&c, "Current", cur);
	}
	if (chosen_compute(&c, sc, bl, &lim, &diag) == -1)
		goto out;
	if (nsamples > 0) {
		if (sample_uncertain(sc) == 0) {
			say("--samples: no assumption of %s declares a "
			    "distribution, so there is nothing to sample",
			    script);
			rc = EXIT_USAGE;
			goto out;
		}
		stores = xcalloc(c.n, sizeof *stores);
		if (sample_options(&c, sc, bl, &lim, nsamples, seeded ? seed :
		    def->seed, stores, &diag) == -1)
			goto out;
		r.samples = (const struct sample_store *const *)stores;
		r.nsamples = nsamples;
	}
	r.sc = sc;
	r.bl = bl;
	r.opts = c.opts;
	r.nopts = c.n;
	r.date = date;
	if (out == NULL || strcmp(out, "-") == 0) {
		if (report_write_stream(stdout, &r, &cause) == -1) {
			say("standard output: %s", cause);
			rc = EXIT_INTERNAL;
			goto out;
		}
	} else if (report_write(out, &r, &cause) == -1) {
		say("%s", cause);
		rc = EXIT_INTERNAL;
		goto out;
	}
	rc = EXIT_OK;
out:
	diag_print(&diag, stderr);
	diag_clear(&diag);
	free(cause);
	for (size_t j = 0; stores != NULL && j < c.n; j++)
		sample_store_free(stores[j]);
	free(stores);
	chosen_free(&c);
	settings_free(cur);
	settings_free(def);
	session_free(ss);
	baseline_free(bl);
	scenario_free(sc);
	free(sets);
	free(names);
	return rc;
}
