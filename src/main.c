/* lever: a terminal scenario planner for local economic policy. */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "tui.h"

int
main(int argc, char **argv)
{
	setlocale(LC_CTYPE, "");
	/* over a file-size limit, writes fail with EFBIG and are reported */
	signal(SIGXFSZ, SIG_IGN);
	if (argc >= 2 && strcmp(argv[1], "run") == 0)
		return cli_run(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "check") == 0)
		return cli_check(argc - 1, argv + 1);
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
