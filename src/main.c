/* lever: a terminal scenario planner for local economic policy. */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "util.h"
#include "keys.h"
#include "report.h"
#include "sweep.h"
#include "seat.h"
#include "tui.h"

/* The commands: lever NAME ... */
static const struct {
	const char	*name;
	int		(*fn)(int argc, char **argv);
} commands[] = {
	{ "run", cli_run },
	{ "serve", tui_main },
	{ "join", join_main },
	{ "check", cli_check },
	{ "report", report_main },
	{ "sweep", sweep_main },
	{ "merge", sweep_merge_main }
};

int
main(int argc, char **argv)
{
	/* with 0, 1 or 2 closed, a worker's pipe would land there */
	util_reserve_fds();
	setlocale(LC_CTYPE, "");
	/* over a file-size limit, writes fail with EFBIG and are reported */
	signal(SIGXFSZ, SIG_IGN);
	for (size_t i = 0; i < nitems(commands) && argc >= 2; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "keys") == 0) {
		/* The screen's keys, for the help screen's readers and docs. */
		const char	*fmt = argc >= 4 && strcmp(argv[2], "--format") ==
		    0 ? argv[3] : argc == 2 ? "text" : NULL;

		if (fmt == NULL || argc > 4 || (strcmp(fmt, "text") != 0 &&
		    strcmp(fmt, "md") != 0 && strcmp(fmt, "man") != 0)) {
			fputs("usage: lever keys [--format text|md|man]\n",
			    stderr);
			return EXIT_USAGE;
		}
		keys_print(stdout, strcmp(fmt, "md") == 0 ? KEYS_MARKDOWN :
		    strcmp(fmt, "man") == 0 ? KEYS_MAN : KEYS_TEXT);
		return EXIT_OK;
	}
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		cli_usage(stdout);
		return EXIT_OK;
	}
	if (argc >= 2 && (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "-V") == 0)) {
		printf("lever %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	return tui_main(argc, argv);
}
