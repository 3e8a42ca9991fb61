#!/bin/sh
# The keys have one list (src/keys.c): doc/tui-keys.md and lever(1) hold
# what `lever keys` prints, and the help screen (?) shows every entry.
set -u
: "${LEVER:?}" "${top_srcdir:?}"
. "$top_srcdir/tests/scenario-lib.sh"
workdir keys

# between FILE BEGIN END: the lines between the markers
between() {
	B=$2 E=$3 awk 'BEGIN { b = ENVIRON["B"]; e = ENVIRON["E"] }
	    index($0, e) == 1 { on = 0 } on { print } index($0, b) == 1 { on = 1 }' "$1"
}

"$LEVER" keys --format md > "$T/md" || fail "lever keys --format md"
between "$top_srcdir/doc/tui-keys.md" "<!-- keys:" "<!-- end keys" > "$T/md.doc"
cmp -s "$T/md" "$T/md.doc" ||
    fail "doc/tui-keys.md differs from lever keys (run scripts/update-keys): $(diff "$T/md.doc" "$T/md" | head -5)"

"$LEVER" keys --format man > "$T/man" || fail "lever keys --format man"
between "$top_srcdir/doc/lever.1" '.\" keys:' '.\" end keys' > "$T/man.doc"
cmp -s "$T/man" "$T/man.doc" ||
    fail "lever.1 differs from lever keys (run scripts/update-keys): $(diff "$T/man.doc" "$T/man" | head -5)"

[ "$(grep -c '^| ' "$T/md")" -ge 20 ] || fail "fewer than 19 keys listed"
"$LEVER" keys --format bogus >/dev/null 2>&1
[ $? -eq 2 ] || fail "a bad format is not a usage error"

# The help screen lists every entry's keys.
if command -v tmux >/dev/null 2>&1; then
	. "$top_srcdir/tests/tmux-lib.sh"
	start 200 60 -- test.lua
	expect "Investment" "first screen"
	keys "?"
	expect "Keys" "help screen"
	"$LEVER" keys --format text | sed '/^$/q' |
	    sed -n 's/^\(.\{17\}\).*/\1/p' | sed 's/ *$//' > "$T/keys"
	while IFS= read -r k; do
		screen | grep -F -q -- "$k" || fail "help screen lacks '$k'"
	done < "$T/keys"
	keys Escape q
	wait_exit 0
fi
rm -rf "$T"	# tmux-lib.sh's trap replaced ours
finish
