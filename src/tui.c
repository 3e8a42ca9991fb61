/* tui: placeholder until the workshop screen lands. */
#include <stdio.h>

#include "cli.h"
#include "tui.h"

int
tui_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("lever: the workshop screen is not built yet; use lever run\n",
	    stderr);
	return EXIT_INTERNAL;
}
