#!/bin/sh
# The terminal lever is given: one that cannot move the cursor (TERM=dumb,
# a terminfo entry without cup) or is unknown is refused with a message
# that points to lever run --format table, before anything is drawn, with
# the usage status 2 (lever(1)); escape sequences curses does not know
# (a function key of another terminal, a report, a title string) are
# dropped whole and never act as keys.
set -u
. "${top_srcdir:?}/tests/tmux-lib.sh"

# The pane's text with wrapped lines joined, history included.
all() { T capture-pane -p -J -S - -t t; }

# expect_all TEXT WHAT: TEXT is in all (lever has ended: no polling).
expect_all() {
	all | grep -F -q -- "$1" && return 0
	fail "$2: '$1' not shown; the pane was:"
	all
}

# refused WHAT ENV...: lever ends with status 2 and the message.
refused() {
	what=$1
	shift
	start 80 24 "$@" -- test.lua
	wait_exit 2
	expect_all "or use lever run SCENARIO.lua --format table" "$what"
	screen | grep -q "Levers" && fail "$what: the screen was drawn"
}

echo "1. TERM=dumb is refused"
refused "TERM=dumb" TERM=dumb
expect_all "'dumb' cannot move the cursor" "TERM=dumb"

echo "2. a terminal type without cursor addressing is refused"
if command -v tic >/dev/null 2>&1; then
	printf 'nocup|no cursor addressing,\n\tam, cols#80, lines#24,\n\tbel=^G, clear=\\E[H\\E[2J, cr=\\r, cud1=\\n, ind=\\n,\n' \
	    > "$work/nocup.ti"
	if tic -o "$work/terminfo" "$work/nocup.ti" 2>/dev/null; then
		refused "no cup" TERM=nocup "TERMINFO=$work/terminfo"
		expect_all "'nocup' cannot move the cursor" "no cup"
	else
		echo "tic failed: skipped"
	fi
else
	echo "tic not installed: skipped"
fi

echo "3. an unknown terminal type is refused"
# (ncurses keeps a little memory when it fails to open a terminal)
refused "unknown TERM" TERM=no-such-terminal-type ASAN_OPTIONS=detect_leaks=0
expect_all "cannot use terminal type 'no-such-terminal-type'" \
    "unknown TERM"

echo "4. escape sequences curses does not know do not act as keys"
# shown: the screen once help has opened and closed again, so that every
# key sent before has been read.
shown() {
	keys '?'
	expect "Esc or ? close" "help opens"
	keys Escape
	expect_not "Esc or ? close" "help closes"
	screen
}
start 80 24 -- test.lua
expect "2025:" "first screen"
before=$(shown)
for seq in '\033[5;7;9~' '\033[99x' '\033[1;5P' '\033Oz' \
    '\033]2;a title [ ] 0\007' '\033]2;x\033\\' '\033P1$r0m\033\\' \
    '\033[<0;3;3M' '\033[?1;2c' '\033[12;40R'; do
	keys -l "$(printf "$seq")"
done
after=$(shown)
if [ "$before" != "$after" ]; then
	fail "escape sequences changed the screen; before:"
	echo "$before"
	echo "after:"
	echo "$after"
fi
# The Esc key alone still closes a window, and a key typed at once after
# it still counts.
keys '?'
expect "Esc or ? close" "help opens"
keys Escape o
expect "Saved options" "Esc and o at once: help closes, options open"
screen | grep -q "Esc or ? close" && fail "help still open"
keys Escape
expect_not "Saved options" "Esc closes"
# Esc and ] at once (ESC ] also starts a string sequence): both count,
# the window closes and the next output shows.
before=$(shown)
keys '?'
expect "Esc or ? close" "help opens"
keys Escape ']'
expect_not "Esc or ? close" "Esc and ] at once: help closes"
changed "$before" "Esc and ] at once: ] was lost"
keys q
wait_exit 0

finish
