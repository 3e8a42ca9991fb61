/*
 * keys: the workshop screen's keys, in one list. The screen maps keys to
 * actions with it, its help screen shows it, and `lever keys` prints it
 * for doc/tui-keys.md and lever(1), which tests/keys.sh checks against it.
 */
#ifndef LEVER_KEYS_H
#define LEVER_KEYS_H

#include <stddef.h>
#include <stdio.h>

#undef CTRL		/* termios.h may have one */
#define CTRL(c) ((c) & 0x1f)

enum action {
	ACT_NONE, ACT_QUIT, ACT_HELP, ACT_NEXT_PANE, ACT_PREV_PANE,
	ACT_UP, ACT_DOWN, ACT_LEFT, ACT_RIGHT, ACT_INC, ACT_DEC,
	ACT_PGUP, ACT_PGDN, ACT_HOME, ACT_END, ACT_RESET, ACT_UNDO, ACT_REDO,
	ACT_SAVE, ACT_OPTIONS, ACT_COMPARE, ACT_REFERENCE, ACT_EXPORT,
	ACT_REPORT, ACT_BANDS, ACT_ATTRIB, ACT_TORNADO,
	ACT_FIND, ACT_ENTER, ACT_FOCUS, ACT_NEXT_OUTPUT, ACT_PREV_OUTPUT,
	ACT_NEXT_YEAR, ACT_PREV_YEAR, ACT_SORT, ACT_ESCAPE, ACT_REDRAW,
	ACT_LEVERS, ACT_ASSUMPTIONS, ACT_PROPOSALS, ACT_ROOM, ACT_VOTE,
	ACT_QUESTION, ACT_REVEAL
};

/* One line of the list: the keys as people write them, and what they do. */
struct key_doc {
	const char	*keys;
	const char	*does;
};

extern const struct key_doc	keys_doc[];

enum keys_format {
	KEYS_TEXT,		/* the help screen's columns */
	KEYS_MARKDOWN,		/* a table for doc/tui-keys.md */
	KEYS_MAN		/* .TP paragraphs for lever(1) */
};

size_t		keys_count(void);
/* The action of a key (a character or TERM_KEY_*); ACT_NONE for others. */
enum action	keys_lookup(int key);
/* The list, then the prompt and mouse paragraph, in FORMAT. */
void		keys_print(FILE *, enum keys_format);

#endif
