#!/bin/sh
# Prompts take the number as the screen shows it (percent with or without
# "%", a unit or none) and typing replaces a suggestion; an output where
# lower is better counts a fall as a gain; a figure that is the same for
# every area is shown once.
set -u
. "${top_srcdir:?}/tests/tmux-lib.sh"
cp "$top_srcdir/tests/data/tui/prompts.lua" "$work/"

echo "1. a percent lever takes 97 and 97%"
start 80 24 -- prompts.lua
expect "Local share" levers
expect "92.5%" "default shown in percent"
keys Enter
expect "Local share (80% to 100%) =" "prompt in percent"
expect "92.5%" "suggestion as shown"
keys 9 7 Enter
expect "97%" "97 typed: 97%"
keys Enter
keys 8 5 % Enter
expect "85%" "85% typed: 85%"
keys Enter
keys 0 . 9 Enter
expect "type a number from 80% to 100%" "0.9 is 0.9%, out of range"

echo "2. a unit lever takes 20 and 20 kt; typing replaces"
keys j Enter
expect "Cut (0 kt to 50 kt) =" "prompt with unit"
keys 2 0 Enter
expect "20 kt" "20 typed"
keys Enter 3 0 Space k t Enter
expect "30 kt" "30 kt typed"

echo "3. lower is better: a cut is a gain"
expect "5 gain" "emissions fall in five areas: gains"
expect "0 lose" "no losses"

echo "3b. an estimated figure is marked"
expect "* estimate" "the estimate legend"
screen | grep "Ashby" | grep -q "[0-9]\*" || fail "Ashby's estimate not marked: $(screen | grep Ashby)"
screen | grep "Brill" | grep -q "[0-9]\*" && fail "Brill marked as an estimate"
printf 'scenario { title = "t", baseline = "areas.csv", start = 2020, years = 1 }\noutput "x" { estimate = "nosuch" }\nfunction project(a, p, L, y) return { x = 1 } end\n' > "$work/bad.lua"
"$LEVER" check "$work/bad.lua" 2>&1 | grep -q "estimate names 'nosuch'" ||
    fail "lever check accepts an estimate naming no output"

echo "3c. bands and which lever did it"
keys b
expect "middle 90% of 200/200" "all 200 samples in the band"
keys a
expect "Which lever did it" "attribution overlay"
expect "Total change" "attribution done"
screen | grep "│ Cut\|| Cut" | grep -q -- "-150" || fail "Cut's share is not the whole change of -150: $(screen | grep Cut)"
keys Escape b
expect "bands off" "bands off"

echo "4. the save prompt: typing replaces the suggested name"
keys s
expect "Option A" "suggested name"
keys M i n e Enter
expect "option: Mine" "saved as Mine, not Option AMine"

echo "5. a national figure is shown once"
keys ]
expect "The same for every area" "national figure"
expect "a national figure" "said plainly"
screen | grep -q "Ashby" && fail "national figure repeated on area rows"

echo "5b. w writes the report of what is on screen"
keys [
keys w
expect "Write the report" "report prompt"
keys C-u "$work/minutes.html" Enter
expect "wrote the report of 2 options" "report written"
grep -q "<svg" "$work/minutes.html" || fail "the report has no chart"
grep -q "Zedby\|Ashby" "$work/minutes.html" || fail "the report names no area"
keys w C-u "minutes.md" Enter
expect "to minutes.md" "Markdown report"
head -c 2 "$work/minutes.md" | grep -q "#" || fail "the Markdown report has no heading"
keys q
wait_exit 0

echo "6. the screen's command line: --help anywhere, --baseline"
"$LEVER" --fresh --help > "$work/help" 2>&1 || fail "--fresh --help failed"
grep -q "^usage: lever" "$work/help" || fail "--fresh --help prints no usage"
"$LEVER" --version | grep -q "^lever " || fail "--version"
"$LEVER" prompts.lua --version | grep -q "^lever " ||
    fail "--version after the script"
"$LEVER" --bogus prompts.lua >/dev/null 2>&1
[ $? -eq 2 ] || fail "an unknown option is not a usage error"
"$LEVER" a.lua b.lua >/dev/null 2>&1
[ $? -eq 2 ] || fail "two scripts are not a usage error"
sed 's/Ashby/Zedby/' "$work/areas.csv" > "$work/other.csv"
start 80 24 -- --fresh --baseline other.csv prompts.lua
expect "Zedby" "--baseline read"
keys q
wait_exit 0

finish
