/* tui: the workshop screen. */
#ifndef LEVER_TUI_H
#define LEVER_TUI_H

/* Run the TUI; ARGV[0] is the program. Returns an exit code (cli.h). */
int	tui_main(int argc, char **argv);

#endif
