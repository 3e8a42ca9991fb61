/* tui: the workshop screen. */
#ifndef LEVER_TUI_H
#define LEVER_TUI_H

/* Run the TUI; ARGV as given after the program name. Returns an exit code. */
int	tui_main(int argc, char **argv);

#endif
