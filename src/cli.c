/*
 * cli: `lever run` and `lever check`, and the loading path they share with
 * the TUI: describe the script in a worker, read the baseline, check that
 * the columns the scenario names exist.
 */

#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "attrib.h"
#include "cli.h"
#include "export.h"
#include "job.h"
#include "results.h"
#include "sample.h"
#include "scenario.h"
#include "util.h"

#define DEFAULT_SCENARIO "scenarios/business_rates.lua"

/* A message on stderr, made safe for the terminal (it may quote a script). */
#define say(...)	util_say("lever", __VA_ARGS__)

static bool
readable(const char *path)
{
	return access(path, R_OK) == 0;
}

/*
 * The default scenario: beside the binary when lever runs uninstalled (the
 * source tree, or the link make leaves in a separate build tree), else
 * under the datadir chosen at configure time.
 */
static char *
cli_default_scenario(void)
{
	char	 exe[PATH_MAX], *slash, *p;
	ssize_t	 n;

	if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		p = xasprintf("%s/%s", exe, DEFAULT_SCENARIO);
		if (readable(p))
			return p;
		free(p);
	}
	p = xasprintf("%s/%s", LEVER_PKGDATADIR, DEFAULT_SCENARIO);
	if (readable(p))
		return p;
	free(p);
	return NULL;
}

/* Check the baseline has every column the scenario names. */
static void
check_columns(const struct scenario *sc, const struct baseline *bl,
    struct diag *diag)
{
	for (size_t i = 0; i < sc->noutputs; i++) {
		const struct output	*o = &sc->outputs[i];
		long			 c;

		if (o->estimate != NULL && scenario_output(sc, o->estimate) < 0)
			diag_add(diag, "%s:%d: output '%s': estimate names "
			    "'%s', which is not an output", sc->path, o->line,
			    o->name, o->estimate);
		if (o->weight == NULL)
			continue;
		if ((c = baseline_column(bl, o->weight)) < 0)
			diag_add(diag, "%s:%d: output '%s' is weighted by "
			    "column '%s', which %s does not have", sc->path,
			    o->line, o->name, o->weight, bl->path);
		else if (bl->type[c] != COL_NUMBER)
			diag_add(diag, "%s:%d: output '%s' is weighted by "
			    "column '%s', which holds text, not numbers",
			    sc->path, o->line, o->name, o->weight);
	}
}

int
cli_load_baseline(const struct scenario *sc, const char *baseline,
    char delimiter, struct baseline **blp, struct diag *diag)
{
	struct baseline_opts	 opts = { 0 };
	struct baseline		*bl;
	char			*path;
	size_t			 before = diag->n;

	*blp = NULL;
	if (baseline != NULL)
		path = xstrdup(baseline);
	else if ((path = scenario_baseline_path(sc)) == NULL) {
		diag_add(diag, "%s: the scenario names no baseline; add "
		    "baseline = \"FILE.csv\" to scenario { } or give "
		    "--baseline FILE.csv", sc->path);
		return -1;
	}
	if (baseline == NULL) {
		char	*real, *cause;

		/* a file the script names: only inside its folder */
		if ((real = scenario_open_path(sc->path, sc->baseline,
		    &cause)) == NULL) {
			diag_add(diag, "%s: baseline %s", sc->path, cause);
			free(cause);
			free(path);
			return -1;
		}
		free(path);
		path = real;
	}
	opts.delimiter = delimiter;
	opts.id = sc->id_col;
	opts.name = sc->name_col;
	bl = baseline_load(path, &opts, diag);
	free(path);
	if (bl != NULL)
		check_columns(sc, bl, diag);
	if (bl == NULL || diag->n > before) {
		baseline_free(bl);
		return -1;
	}
	*blp = bl;
	return 0;
}

int
cli_load(const char *script, const char *baseline, char delimiter,
    const struct limits *lim, struct scenario **scp, struct baseline **blp,
    struct diag *diag)
{
	struct scenario	*sc;

	*scp = NULL;
	*blp = NULL;
	if ((sc = job_describe(script, lim, diag)) == NULL)
		return -1;
	if (cli_load_baseline(sc, baseline, delimiter, blp, diag) == -1) {
		scenario_free(sc);
		return -1;
	}
	*scp = sc;
	return 0;
}

int
cli_limit_option(struct limits *lim, const char *opt, const char *arg)
{
	char	*end;
	double	 v = strtod(arg, &end);

	if (*arg == '\0' || *end != '\0' || !(v > 0) || !isfinite(v)) {
		fprintf(stderr, "lever: %s takes a positive number, not '%s'\n",
		    opt, arg);
		return -1;
	}
	if (strcmp(opt, "--max-instructions") == 0)
		lim->instructions = v > 1e18 ? (uint64_t)1e18 : (uint64_t)v;
	else if (strcmp(opt, "--max-memory") == 0) {
		/* below 1 MB the sandbox cannot even start, and the failure
		 * would look like the script's; above 1 TB, 1 TB */
		if (v * 1048576.0 < (double)LIMITS_MEMORY_MIN) {
			fprintf(stderr, "lever: --max-memory takes 1 (MB) or "
			    "more, not '%s'\n", arg);
			return -1;
		}
		lim->memory = v * 1048576.0 > (double)LIMITS_MEMORY_MAX ?
		    LIMITS_MEMORY_MAX : (size_t)(v * 1048576.0);
	}
	else	/* a day at most: longer overflows the poll timeout */
		lim->seconds = v > 86400 ? 86400 : v;
	return 0;
}

void
cli_usage(void *fp)
{
	fputs(
"usage: lever [--fresh] [limits] [SCENARIO.lua]  the workshop screen (default:\n"
"                                       the shipped business rates scenario)\n"
"       lever run SCENARIO.lua [--baseline FILE.csv] [--set NAME=VALUE]...\n"
"                 [--format csv|json|table] [-o FILE] [--totals] [--group COL]\n"
"                 [--keep-formulas]\n"
"                 [--samples N [--quantiles 5,25,50,75,95] [--change]]\n"
"                 [--attribute | --sensitivity]\n"
"       lever check SCENARIO.lua [--baseline FILE.csv]\n"
"       lever report SCENARIO.lua [--set NAME=VALUE]... [--session FILE]\n"
"                 [--option NAME]... [-f html|md] [-o FILE]\n"
"       lever sweep SCENARIO.lua --grid NAME=LO:HI:STEP|NAME=V1,V2,...\n"
"                 [--grid ...] [--lhs K] [--shard K/N] [--resume] -o FILE.csv\n"
"       lever merge SHARD.csv... -o FILE.csv\n"
"       lever serve [SCENARIO.lua] --name NAME [--dir DIR] [--allow USER,...]\n"
"                 [--per-user N]\n"
"                 the screen, served to participants of workshop NAME\n"
"       lever join NAME [--dir DIR] | lever join PATH/NAME.sock\n"
"       lever --help | --version\n"
"\n"
"Options of run and check: --delimiter C (',' ';' '|' or 'tab'), --seed N.\n"
"Limits: --max-instructions N (per rule call), --max-memory MB,\n"
"  --timeout SECONDS (per evaluation).\n"
"Exit status: 0 success, 1 a problem in the scenario or data, 2 usage error,\n"
"  3 a system failure. See lever(1) and lever-scenario(5).\n", fp);
}

enum {
	OPT_BASELINE = 256, OPT_SET, OPT_FORMAT, OPT_TOTALS, OPT_GROUP,
	OPT_DELIMITER, OPT_SEED, OPT_MAXINSN, OPT_MAXMEM, OPT_TIMEOUT,
	OPT_FORMULAS, OPT_SAMPLES, OPT_QUANTILES, OPT_ATTRIBUTE, OPT_SENSITIVITY,
	OPT_CHANGE
};

static const struct option long_options[] = {
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "set", required_argument, NULL, OPT_SET },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	{ "totals", no_argument, NULL, OPT_TOTALS },
	{ "keep-formulas", no_argument, NULL, OPT_FORMULAS },
	{ "group", required_argument, NULL, OPT_GROUP },
	{ "samples", required_argument, NULL, OPT_SAMPLES },
	{ "quantiles", required_argument, NULL, OPT_QUANTILES },
	{ "attribute", no_argument, NULL, OPT_ATTRIBUTE },
	{ "change", no_argument, NULL, OPT_CHANGE },
	{ "sensitivity", no_argument, NULL, OPT_SENSITIVITY },
	{ "delimiter", required_argument, NULL, OPT_DELIMITER },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "max-instructions", required_argument, NULL, OPT_MAXINSN },
	{ "max-memory", required_argument, NULL, OPT_MAXMEM },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

struct cli {
	const char	 *script;
	const char	 *baseline;
	const char	 *output;
	const char	 *group;
	char		**sets;
	size_t		  nsets;
	char		  delimiter;
	bool		  totals;
	bool		  formulas;
	bool		  seed_given;
	unsigned long long seed;
	enum format	  format;
	struct limits	  lim;
	struct sample_opts samples;	/* --samples N: n > 0 */
	bool		  attribute;
	bool		  sensitivity;
};

/* The name an option value of long_options stands for: "--set", "-o". */
static char *
option_name(int val)
{
	if (val < 256)
		return xasprintf("-%c", val);
	for (size_t i = 0; long_options[i].name != NULL; i++)
		if (long_options[i].val == val)
			return xasprintf("--%s", long_options[i].name);
	return xstrdup("?");
}

/* Parse the options shared by run and check; -1 on a usage error. */
static int
cli_parse(struct cli *c, int argc, char **argv, bool run)
{
	int	 ch;
	char	*name;

	memset(c, 0, sizeof *c);
	c->lim = limits_default;
	c->lim.print = true;
	c->format = FORMAT_CSV;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "ho:", long_options,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_BASELINE:
			c->baseline = optarg;
			break;
		case OPT_DELIMITER:
			if (strcmp(optarg, "tab") == 0 ||
			    strcmp(optarg, "\\t") == 0)
				c->delimiter = '\t';
			else if (strlen(optarg) == 1 && strchr(",;\t|",
			    optarg[0]) != NULL)
				c->delimiter = optarg[0];
			else {
				fprintf(stderr, "lever: --delimiter takes ',', "
				    "';', '|' or 'tab'\n");
				return -1;
			}
			break;
		case OPT_MAXINSN:
			if (cli_limit_option(&c->lim, "--max-instructions",
			    optarg) == -1)
				return -1;
			break;
		case OPT_MAXMEM:
			if (cli_limit_option(&c->lim, "--max-memory",
			    optarg) == -1)
				return -1;
			break;
		case OPT_TIMEOUT:
			if (cli_limit_option(&c->lim, "--timeout", optarg) == -1)
				return -1;
			break;
		case OPT_SEED: {
			char	*end;

			errno = 0;
			c->seed = strtoull(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0) {
				fprintf(stderr, "lever: --seed takes a whole "
				    "number\n");
				return -1;
			}
			c->seed_given = true;
			break;
		}
		case 'h':
			cli_usage(stdout);
			exit(EXIT_OK);
		default:
			if (!run)
				goto bad;
			switch (ch) {
			case OPT_SET:
				c->sets = xreallocarray(c->sets, c->nsets + 1,
				    sizeof *c->sets);
				c->sets[c->nsets++] = optarg;
				break;
			case OPT_FORMAT:
				if (strcmp(optarg, "csv") == 0)
					c->format = FORMAT_CSV;
				else if (strcmp(optarg, "json") == 0)
					c->format = FORMAT_JSON;
				else if (strcmp(optarg, "table") == 0)
					c->format = FORMAT_TABLE;
				else {
					fprintf(stderr, "lever: --format takes "
					    "csv, json or table\n");
					return -1;
				}
				break;
			case 'o':
				c->output = optarg;
				break;
			case OPT_TOTALS:
				c->totals = true;
				break;
			case OPT_FORMULAS:
				c->formulas = true;
				break;
			case OPT_GROUP:
				c->group = optarg;
				break;
			case OPT_SAMPLES: {
				char		*end;
				unsigned long	 v;

				errno = 0;
				v = strtoul(optarg, &end, 10);
				if (*optarg < '0' || *optarg > '9' ||
				    *end != '\0' || errno != 0 || v < 1 ||
				    v > 1000000) {
					fprintf(stderr, "lever: --samples takes "
					    "a whole number from 1 to "
					    "1000000\n");
					return -1;
				}
				c->samples.n = v;
				break;
			}
			case OPT_QUANTILES:
				c->samples.quantiles = optarg;
				break;
			case OPT_ATTRIBUTE:
				c->attribute = true;
				break;
			case OPT_CHANGE:
				c->samples.change = true;
				break;
			case OPT_SENSITIVITY:
				c->sensitivity = true;
				break;
			default:
				goto bad;
			}
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "lever: give exactly one SCENARIO.lua\n");
		cli_usage(stderr);
		return -1;
	}
	c->script = argv[optind];
	if ((c->samples.quantiles != NULL || c->samples.change) &&
	    c->samples.n == 0) {
		fprintf(stderr, "lever: --%s goes with --samples N\n",
		    c->samples.change ? "change" : "quantiles");
		return -1;
	}
	if ((c->samples.n > 0) + c->attribute + c->sensitivity > 1) {
		fprintf(stderr, "lever: --samples, --attribute and "
		    "--sensitivity are separate runs: give one\n");
		return -1;
	}
	if ((c->samples.n > 0 || c->attribute || c->sensitivity) &&
	    (c->format != FORMAT_CSV || c->group != NULL)) {
		fprintf(stderr, "lever: --samples, --attribute and "
		    "--sensitivity write CSV, without --format json or table "
		    "and without --group\n");
		return -1;
	}
	return 0;
bad:
	if (ch != '?') {
		name = option_name(ch);
		fprintf(stderr, "lever: %s is an option of lever run, not of "
		    "lever check\n", name);
	} else if (optopt == 0) {
		name = NULL;
		fprintf(stderr, "lever: unknown option %s\n", argv[optind - 1]);
	} else {
		/* getopt_long sets optopt to a known option missing its value */
		name = option_name(optopt);
		if (optopt == 'o' || optopt >= 256)
			fprintf(stderr, "lever: %s needs a value\n", name);
		else
			fprintf(stderr, "lever: unknown option %s\n", name);
	}
	free(name);
	cli_usage(stderr);
	return -1;
}

/* Apply --set assignments; split parts set together are held fixed. */
int
cli_apply_sets(const struct scenario *sc, struct settings *st, char **sets,
    size_t nsets)
{
	bool	**fixed = xcalloc(sc->nlevers, sizeof *fixed);
	long	 *last = xcalloc(sc->nlevers, sizeof *last);
	int	  rc = 0;

	for (size_t i = 0; i < nsets && rc == 0; i++) {
		char		*cause = NULL, *dot, *eq;
		long		 lv;

		if (settings_set(sc, st, sets[i], &cause) == -1) {
			say("--set %s: %s", sets[i], cause);
			free(cause);
			rc = -1;
			break;
		}
		dot = strchr(sets[i], '.');
		eq = strchr(sets[i], '=');
		if (dot == NULL || dot > eq)
			continue;
		*dot = '\0';
		lv = scenario_lever(sc, sets[i]);
		*dot = '.';
		if (lv < 0 || sc->levers[lv].kind != LEVER_SPLIT)
			continue;
		if (fixed[lv] == NULL)
			fixed[lv] = xcalloc(sc->levers[lv].nparts, sizeof **fixed);
		for (size_t j = 0; j < sc->levers[lv].nparts; j++)
			if (strncmp(sc->levers[lv].parts[j], dot + 1,
			    (size_t)(eq - dot - 1)) == 0 &&
			    sc->levers[lv].parts[j][eq - dot - 1] == '\0') {
				fixed[lv][j] = true;
				last[lv] = (long)j;
			}
	}
	for (size_t lv = 0; lv < sc->nlevers && rc == 0; lv++) {
		char	*cause = NULL;
		size_t	 part;

		if (fixed[lv] == NULL)
			continue;
		part = (size_t)last[lv];
		fixed[lv][part] = false;
		if (settings_split(sc, st, lv, part,
		    st->levers[lv].parts[part], fixed[lv], &cause) == -1) {
			say("--set: %s", cause);
			free(cause);
			rc = -1;
		}
	}
	for (size_t lv = 0; lv < sc->nlevers; lv++)
		free(fixed[lv]);
	free(fixed);
	free(last);
	return rc;
}

/* Write the results to F; report a failure naming WHERE. */
static int
write_stream(FILE *f, const char *where, const struct export_opts *eo,
    const struct scenario *sc, const struct settings *st,
    const struct baseline *bl, const struct results *res)
{
	if (export_write(f, eo, sc, st, bl, res) == -1) {
		say("%s: writing the results failed: %s", where,
		    strerror(errno));
		return EXIT_INTERNAL;
	}
	return EXIT_OK;
}

/* Write to -o FILE, else standard output. */
static int
write_output(const struct cli *c, const struct export_opts *eo,
    const struct scenario *sc, const struct settings *st,
    const struct baseline *bl, const struct results *res)
{
	char	*cause;

	if (c->output == NULL || strcmp(c->output, "-") == 0)
		return write_stream(stdout, "standard output", eo, sc, st, bl,
		    res);
	if (export_file(c->output, eo, sc, st, bl, res, &cause) == -1) {
		say("%s", cause);
		free(cause);
		return EXIT_INTERNAL;
	}
	return EXIT_OK;
}

/* What run and check load and compute, freed together. */
struct loaded {
	struct diag	 diag;
	struct scenario	*sc;
	struct baseline	*bl;
	struct settings	*st;
	struct results	*res;
};

/* Load the scenario and its baseline; settings at their defaults. */
static int
run_load(const struct cli *c, struct loaded *r)
{
	memset(r, 0, sizeof *r);
	if (cli_load(c->script, c->baseline, c->delimiter, &c->lim, &r->sc,
	    &r->bl, &r->diag) == -1)
		return -1;
	r->st = settings_new(r->sc);
	if (c->seed_given)
		r->st->seed = c->seed;
	return 0;
}

static void
run_free(struct loaded *r)
{
	diag_clear(&r->diag);
	results_free(r->res);
	settings_free(r->st);
	baseline_free(r->bl);
	scenario_free(r->sc);
}

/* The screen's command line: lever [options] [SCENARIO.lua]. */
int
cli_screen_args(int argc, char **argv, char **script, char **baseline,
    bool *fresh, struct limits *lim)
{
	enum { O_FRESH = 256, O_BASELINE, O_INSTR, O_MEM, O_TIMEOUT, O_VERSION };
	static const struct option	opts[] = {
		{ "fresh", no_argument, NULL, O_FRESH },
		{ "baseline", required_argument, NULL, O_BASELINE },
		{ "max-instructions", required_argument, NULL, O_INSTR },
		{ "max-memory", required_argument, NULL, O_MEM },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	int				ch;

	*script = *baseline = NULL;
	*fresh = false;
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "hV", opts, NULL)) != -1) {
		switch (ch) {
		case O_FRESH:
			*fresh = true;
			break;
		case O_BASELINE:
			free(*baseline);
			*baseline = xstrdup(optarg);
			break;
		case O_INSTR:
		case O_MEM:
		case O_TIMEOUT:
			if (cli_limit_option(lim, ch == O_INSTR ?
			    "--max-instructions" : ch == O_MEM ? "--max-memory" :
			    "--timeout", optarg) == -1)
				goto fail;
			break;
		case 'h':
			cli_usage(stdout);
			goto done;
		case 'V':
		case O_VERSION:
			printf("lever %s\n", PACKAGE_VERSION);
			goto done;
		default:
			if (optopt != 0 && optopt < 256)
				fprintf(stderr, "lever: -%c is not an option of "
				    "the screen\n", optopt);
			else
				fprintf(stderr, "lever: %s: unknown option, or "
				    "one missing its value\n", argv[optind - 1]);
			goto usage;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "lever: give one SCENARIO.lua\n");
		goto usage;
	}
	if (optind < argc)
		*script = xstrdup(argv[optind]);
	else if ((*script = cli_default_scenario()) == NULL) {
		fprintf(stderr, "lever: the default scenario is not installed; "
		    "give a SCENARIO.lua\n");
		goto fail;
	}
	return EXIT_OK;
usage:
	cli_usage(stderr);
fail:
	free(*baseline);
	*baseline = NULL;
	return EXIT_USAGE;
done:
	free(*baseline);
	*baseline = NULL;
	return -1;
}

int
cli_run(int argc, char **argv)
{
	struct cli		 c;
	struct loaded	 r;
	struct export_opts	 eo = { .format = FORMAT_CSV, .group_col = -1,
	    .special = true };
	int			 rc = EXIT_INPUT;

	if (cli_parse(&c, argc, argv, true) == -1) {
		free(c.sets);
		return EXIT_USAGE;
	}
	if (run_load(&c, &r) == -1)
		goto out;
	if (cli_apply_sets(r.sc, r.st, c.sets, c.nsets) == -1) {
		rc = EXIT_USAGE;
		goto out;
	}
	eo.format = c.format;
	eo.totals = c.totals;
	eo.formulas = c.formulas;
	if (c.group != NULL &&
	    (eo.group_col = baseline_column(r.bl, c.group)) < 0) {
		say("--group %s: %s has no such column", c.group, r.bl->path);
		rc = EXIT_USAGE;
		goto out;
	}
	if (c.samples.n > 0) {
		c.samples.output = c.output;
		c.samples.totals = c.totals;
		c.samples.formulas = c.formulas;
		rc = sample_cli(&c.samples, r.sc, r.bl, r.st, &c.lim, &r.diag);
		goto out;
	}
	if (c.attribute || c.sensitivity) {
		struct attrib_opts	ao = { c.totals, c.output, c.formulas,
		    0 };

		rc = c.attribute ? attrib_cli(&ao, r.sc, r.bl, r.st, &c.lim,
		    &r.diag) : attrib_sensitivity_cli(&ao, r.sc, r.bl, r.st,
		    &c.lim, &r.diag);
		goto out;
	}
	if ((r.res = job_project(r.sc, r.bl, r.st, &c.lim, &r.diag)) == NULL)
		goto out;
	rc = write_output(&c, &eo, r.sc, r.st, r.bl, r.res);
	{
		char	*over = export_overflow(&eo, r.sc, r.bl, r.res);

		/* a total too large to be a number: said, and a failure */
		if (over != NULL) {
			diag_add(&r.diag, "%s: %s", r.sc->path, over);
			free(over);
			if (rc == EXIT_OK)
				rc = EXIT_INPUT;
		}
	}
out:
	/* a worker that could not start, or was killed from outside: the
	 * system failed, not the scenario (lever(1): exit status 3) */
	if (rc == EXIT_INPUT && r.diag.system)
		rc = EXIT_INTERNAL;
	diag_print(&r.diag, stderr);
	run_free(&r);
	free(c.sets);
	return rc;
}

int
cli_check(int argc, char **argv)
{
	struct cli		 c;
	struct loaded	 r;
	int			 rc = EXIT_INPUT;

	if (cli_parse(&c, argc, argv, false) == -1)
		return EXIT_USAGE;
	if (run_load(&c, &r) == -1 ||
	    (r.res = job_project(r.sc, r.bl, r.st, &c.lim, &r.diag)) == NULL)
		goto out;
	{
		/* the title is the script's: made safe for the terminal */
		char	*path = safe_text(r.sc->path, 0);
		char	*title = safe_text(r.sc->title, 0);
		char	*bpath = safe_text(r.bl->path, 0);

		printf("%s: ok: \"%s\", %zu levers, %zu assumptions, %zu "
		    "outputs, %d years from %d\n%s: ok: %zu areas, %zu "
		    "columns\n", path, title, r.sc->nlevers,
		    r.sc->nassumptions, r.sc->noutputs, r.sc->years,
		    r.sc->start, bpath, r.bl->nrows, r.bl->ncols);
		free(path);
		free(title);
		free(bpath);
	}
	rc = EXIT_OK;
out:
	if (rc == EXIT_INPUT && r.diag.system)
		rc = EXIT_INTERNAL;
	if (r.diag.n > 0) {
		diag_print(&r.diag, stderr);
		fprintf(stderr, "%zu problem%s found\n", r.diag.n,
		    r.diag.n == 1 ? "" : "s");
	}
	run_free(&r);
	return rc;
}
