/*
 * A fence: every module but the terminal (src/term.c) is compiled with this
 * folder on its include path, so including curses there stops the build.
 * The screen draws into a cell buffer (cells.h); only term.c talks to curses.
 */
#error "only src/term.c may include curses (see Makefile.am: layers)"
