/*
 * fuzz_scenario: libFuzzer harness for the scenario side, in process. Each
 * input is written to a temporary file and opened as a scenario script
 * (rules_open: the sandbox, the declarations and their checks); if it
 * opens, it is projected over a small fixed baseline (rules_project: the
 * calls into project and settle and the reading of their states). Limits
 * are small so that the fuzzer spends its time in our C code, not in Lua.
 *
 * What this cannot cover: the worker process around the rules (job.c) and
 * the wall-clock watchdog; a pattern match that never returns shows up
 * here as a libFuzzer timeout, which lever handles with --timeout.
 *
 * Built by ./configure --enable-fuzzing CC=clang (see doc/fuzzing.md).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "job.h"
#include "results.h"
#include "rules.h"
#include "scenario.h"
#include "util.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char baseline_csv[] =
    "id,name,pop,emp,region\n"
    "A1,Alpha,100,0.5,North\n"
    "B2,Beta,200,,South\n"
    "C3,\"Gamma, the third\",300,0.75,\n";

static const struct limits fuzz_limits = {
	.instructions = 1000000,
	.memory = (size_t)64 << 20,
	.seconds = 10,
	.print = false,
};

static char		*dir;
static char		*script;
static struct baseline	*bl;

static void
cleanup(void)
{
	unlink(script);
	rmdir(dir);
}

/* Write the fixed baseline once and load it; make a folder for the script. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char	*tmp = getenv("TMPDIR");
	struct diag	 d = { 0 };
	char		*csv;
	FILE		*f;

	(void)argc;
	(void)argv;
	dir = xasprintf("%s/fuzz_scenario.XXXXXX", tmp != NULL && *tmp != '\0' ?
	    tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		abort();
	}
	script = xasprintf("%s/scenario.lua", dir);
	csv = xasprintf("%s/baseline.csv", dir);
	if ((f = fopen(csv, "w")) == NULL ||
	    fwrite(baseline_csv, 1, sizeof baseline_csv - 1, f) !=
	    sizeof baseline_csv - 1 || fclose(f) != 0) {
		perror(csv);
		abort();
	}
	if ((bl = baseline_load(csv, NULL, &d)) == NULL) {
		diag_print(&d, stderr);
		abort();
	}
	unlink(csv);
	free(csv);
	diag_clear(&d);
	atexit(cleanup);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag		 d = { 0 };
	struct rules		*r;
	const struct scenario	*sc;
	struct settings		*st;
	struct results		*res;
	FILE			*f;

	if ((f = fopen(script, "wb")) == NULL) {
		perror(script);
		abort();
	}
	if (size > 0 && fwrite(data, 1, size, f) != size)
		abort();
	if (fclose(f) != 0)
		abort();

	if ((r = rules_open(script, &fuzz_limits, &d)) == NULL) {
		if (d.n == 0)
			abort();	/* refused without saying why */
		diag_clear(&d);
		return 0;
	}
	if (d.n != 0)
		abort();		/* opened but complained */
	sc = rules_scenario(r);
	if (sc->years < 1 || sc->years > 100 || sc->noutputs == 0)
		abort();		/* the checks let a bad scenario through */
	/* as job_start: results larger than the memory limit are refused */
	if ((double)bl->nrows * sc->years * (double)sc->noutputs *
	    sizeof(double) <= (double)fuzz_limits.memory) {
		st = settings_new(sc);
		res = results_new(bl->nrows, (size_t)sc->years, sc->noutputs);
		if (rules_project(r, bl, st, res, &d) == -1 && d.n == 0)
			abort();	/* failed without saying why */
		results_free(res);
		settings_free(st);
	}
	rules_close(r);
	diag_clear(&d);
	return 0;
}
