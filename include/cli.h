/*
 * cli: the command line. `lever run` and `lever check` are here; the TUI
 * (tui.h) uses the same loading path, so anything a facilitator sees can be
 * reproduced headlessly.
 */
#ifndef LEVER_CLI_H
#define LEVER_CLI_H

#include <stdbool.h>
#include <stddef.h>

struct baseline;
struct diag;
struct limits;
struct scenario;
struct settings;

/* Exit codes, documented in lever(1). */
enum {
	EXIT_OK = 0,
	EXIT_INPUT = 1,		/* a problem in the user's script or data */
	EXIT_USAGE = 2,		/* a bad command line */
	EXIT_INTERNAL = 3	/* the system failed us: fork, write, ... */
};

/*
 * Describe SCRIPT in a worker, then read its baseline (BASELINE if not NULL,
 * else the one the script names) and check that the scenario's columns are
 * there. DELIMITER 0 detects. On failure return -1 with problems in DIAG.
 */
int	 cli_load(const char *script, const char *baseline, char delimiter,
	    const struct limits *, struct scenario **, struct baseline **,
	    struct diag *);
/* The second half of cli_load: read the baseline SC names (or BASELINE). */
int	 cli_load_baseline(const struct scenario *sc, const char *baseline,
	    char delimiter, struct baseline **, struct diag *);
/* Parse --max-instructions / --max-memory / --timeout into LIM. */
int	 cli_limit_option(struct limits *, const char *opt, const char *arg);

/*
 * Apply NSETS "NAME=VALUE" assignments to ST as --set does (split parts set
 * together are held fixed while the others rebalance); -1 after a message
 * on stderr naming the bad one.
 */
int	 cli_apply_sets(const struct scenario *, struct settings *,
	    char **sets, size_t nsets);

/*
 * The screen's command line, with getopt_long and the one usage text:
 * --fresh, --baseline FILE, the limits, --help and --version anywhere.
 * Sets *SCRIPT (the default scenario when none is given) and *BASELINE
 * (NULL: the script's). Returns EXIT_OK, EXIT_USAGE (said on stderr) or -1
 * when --help or --version was printed.
 */
int	 cli_screen_args(int argc, char **argv, char **script, char **baseline,
	    bool *fresh, struct limits *lim);
int	 cli_run(int argc, char **argv);
int	 cli_check(int argc, char **argv);
void	 cli_usage(void *fp);

#endif
