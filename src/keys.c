/*
 * keys: which key does what on the workshop screen, and the words for it.
 * Both tables are here so that adding a key means adding its words.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "keys.h"
#include "term.h"
#include "util.h"

static const struct {
	int		key;
	enum action	action;
} bindings[] = {
	{ TERM_KEY_UP, ACT_UP }, { 'k', ACT_UP },
	{ TERM_KEY_DOWN, ACT_DOWN }, { 'j', ACT_DOWN },
	{ TERM_KEY_LEFT, ACT_LEFT }, { 'h', ACT_LEFT },
	{ TERM_KEY_RIGHT, ACT_RIGHT }, { 'l', ACT_RIGHT },
	{ '+', ACT_INC }, { '=', ACT_INC }, { '-', ACT_DEC },
	{ TERM_KEY_PGUP, ACT_PGUP }, { TERM_KEY_PGDN, ACT_PGDN },
	{ TERM_KEY_HOME, ACT_HOME }, { 'g', ACT_HOME },
	{ TERM_KEY_END, ACT_END }, { 'G', ACT_END },
	{ '0', ACT_RESET },
	{ TERM_KEY_ENTER, ACT_ENTER },
	{ '\t', ACT_NEXT_PANE }, { TERM_KEY_BTAB, ACT_PREV_PANE },
	{ 'L', ACT_LEVERS }, { 'A', ACT_ASSUMPTIONS },
	{ 'u', ACT_UNDO }, { CTRL('r'), ACT_REDO },
	{ 's', ACT_SAVE }, { 'o', ACT_OPTIONS }, { 'c', ACT_COMPARE },
	{ 'r', ACT_REFERENCE }, { 'e', ACT_EXPORT }, { 'w', ACT_REPORT },
	{ 'b', ACT_BANDS }, { 'a', ACT_ATTRIB }, { 't', ACT_TORNADO },
	{ '/', ACT_FIND },
	{ 'f', ACT_FOCUS },
	{ ']', ACT_NEXT_OUTPUT }, { '[', ACT_PREV_OUTPUT },
	{ '>', ACT_NEXT_YEAR }, { '.', ACT_NEXT_YEAR },
	{ '<', ACT_PREV_YEAR }, { ',', ACT_PREV_YEAR },
	{ 'S', ACT_SORT }, { 'p', ACT_PROPOSALS }, { 'R', ACT_ROOM },
	{ 'v', ACT_VOTE }, { 'Q', ACT_QUESTION }, { '!', ACT_REVEAL },
	{ 0x1b, ACT_ESCAPE }, { CTRL('l'), ACT_REDRAW },
	{ '?', ACT_HELP }, { TERM_KEY_F1, ACT_HELP },
	{ 'q', ACT_QUIT }, { CTRL('c'), ACT_QUIT },
};

const struct key_doc keys_doc[] = {
	{ "Up k / Down j", "the previous / next lever, part, assumption or "
	    "area; in the chart, the previous / next output" },
	{ "Left h / Right l", "the selected lever or assumption one step down "
	    "/ up; in the chart and table, the previous / next year" },
	{ "+ = / -", "the selected lever (or assumption) one step up / down, "
	    "from any pane" },
	{ "PgUp / PgDn", "the selected lever ten steps up / down; in the "
	    "table, a page up / down" },
	{ "Home g / End G", "the first / last lever, assumption or area" },
	{ "0", "the selected lever (a split: all its parts) or assumption "
	    "back to its default" },
	{ "Enter", "table: focus on the area (Enter again: all areas); "
	    "slider, split part or assumption: type a value as shown (97, "
	    "97% or 60 \xc2\xa3m); choice or toggle: next value; chart: the "
	    "focus list" },
	{ "Tab / Shift-Tab", "the next / previous pane: levers, chart, table, "
	    "assumptions" },
	{ "L / A", "the levers / assumptions pane" },
	{ "u / Ctrl-R", "undo / redo: every change, as far back as the "
	    "session goes" },
	{ "s", "save the current settings as a named option (asks to replace "
	    "one of the same name)" },
	{ "o", "the saved options: Enter loads one (u undoes that), r "
	    "renames, d deletes (asks first)" },
	{ "c", "choose up to four options to compare (Space or Enter; x "
	    "clears): each is drawn on the chart and has a column in the "
	    "table, beside the reference" },
	{ "r", "the reference every change is measured against: the defaults "
	    "or a saved option, named in the chart's title and the table" },
	{ "e", "export the current results as CSV, exactly as lever run "
	    "writes them, to a file named in a prompt (written whole or not "
	    "at all); while comparing, an option column first and the rows "
	    "of the current settings, the reference and each option" },
	{ "w", "write the workshop's report (HTML, or Markdown for a .md "
	    "name): the reference, the current settings and each compared "
	    "option, as lever report writes it" },
	{ "b", "bands: the current settings and the reference sampled over "
	    "the assumptions' distributions with the same draws, the middle "
	    "90% drawn around each line, and the table's chance that each "
	    "area is better off (scenarios whose assumptions declare a "
	    "distribution)" },
	{ "a", "which lever did it: the change from the reference split "
	    "among the levers that differ (Shapley values), for the focus "
	    "and the selected output and year" },
	{ "t", "which assumption matters: a tornado of the current settings "
	    "with each uncertain assumption at its low (p10) and high (p90) "
	    "case in turn, largest swing first, for the focus and the "
	    "selected output and year" },
	{ "/", "find an area by name or code (an exact code first, then names "
	    "and codes holding the text; again finds the next)" },
	{ "f", "focus on all areas or a group: any text column of the "
	    "baseline with a few distinct values (region, county...)" },
	{ "] / [", "the next / previous output" },
	{ "> . / < ,", "the next / previous year of the table and the chart" },
	{ "S", "sort the table: biggest gain first, biggest loss first, "
	    "highest value, name (gain and loss follow each output's better "
	    "direction)" },
	{ "p", "a workshop (lever serve): the proposals that came in, with "
	    "who sent them, when and the votes for each; Enter compares one "
	    "beside the room, a adopts it (the room takes its settings; u "
	    "undoes); a participant (lever join): send your what-if to the "
	    "facilitator as a named proposal" },
	{ "R", "a participant (lever join): back to the room's settings "
	    "from your own what-if" },
	{ "v", "a participant (lever join): vote for one of the "
	    "facilitator's saved options (one vote each; a new one replaces "
	    "it); the facilitator (lever serve): the tally so far" },
	{ "Q", "predict, then reveal: the facilitator (lever serve) asks the "
	    "room what will happen to the selected output (for the focus and "
	    "year) if the room makes a move; a participant (lever join) "
	    "answers it with a guess, a number in the output's unit" },
	{ "!", "the facilitator (lever serve): reveal every guess, by name, "
	    "against the room's result, on every screen; a participant: the "
	    "last reveal again" },
	{ "Esc", "close a list or prompt; hide the error panel" },
	{ "Ctrl-L", "redraw the whole screen" },
	{ "? F1", "the keys" },
	{ "q Ctrl-C", "quit. The session is already saved, so lever asks only "
	    "when saving has failed" },
};

static const char prompts[] = "In prompts a suggestion is selected: typing "
    "replaces it, Backspace clears it. Then type, Backspace deletes, Ctrl-U "
    "clears, Enter accepts, Esc cancels. Where the terminal reports the "
    "mouse, a click selects a pane, a lever, an assumption, an area or a "
    "list entry, and the wheel scrolls; everything works without a mouse.";

size_t
keys_count(void)
{
	return nitems(keys_doc);
}

enum action
keys_lookup(int key)
{
	for (size_t i = 0; i < nitems(bindings); i++)
		if (bindings[i].key == key)
			return bindings[i].action;
	return ACT_NONE;
}

/* S for roff: a leading '.' or '\'' and every '-' and '\\' escaped. */
static void
put_roff(FILE *f, const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", f);
	for (; *s != '\0'; s++)
		if (*s == '-')
			fputs("\\-", f);
		else if (*s == '\\')
			fputs("\\e", f);
		else
			fputc(*s, f);
}

void
keys_print(FILE *f, enum keys_format fmt)
{
	switch (fmt) {
	case KEYS_TEXT:
		for (size_t i = 0; i < nitems(keys_doc); i++)
			fprintf(f, "%-17s %s\n", keys_doc[i].keys,
			    keys_doc[i].does);
		fprintf(f, "\n%s\n", prompts);
		break;
	case KEYS_MARKDOWN:
		fputs("| key | does |\n|---|---|\n", f);
		for (size_t i = 0; i < nitems(keys_doc); i++) {
			fputs("| ", f);
			for (const char *k = keys_doc[i].keys; *k; k++)
				fputs(*k == '|' ? "\\|" : (char[]){ *k, 0 }, f);
			fprintf(f, " | %s |\n", keys_doc[i].does);
		}
		fprintf(f, "\n%s\n", prompts);
		break;
	case KEYS_MAN:
		for (size_t i = 0; i < nitems(keys_doc); i++) {
			fputs(".TP\n", f);
			put_roff(f, keys_doc[i].keys);
			fputc('\n', f);
			put_roff(f, keys_doc[i].does);
			fputc('\n', f);
		}
		fputs(".PP\n", f);
		put_roff(f, prompts);
		fputc('\n', f);
		break;
	}
}
