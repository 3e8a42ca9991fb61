#!/bin/sh
# End-to-end tests of the workshop screen: the real binary driven in a
# private tmux server, its screen read with capture-pane (polled until the
# expected text appears, never slept on), its numbers checked against
# `lever run` for the same lever values.
set -u
. "${top_srcdir:?}/tests/tmux-lib.sh"
script=$work/test.lua

# total OUTPUT YEAR [--set ...]: the sum lever run gives, as the screen
# writes it (thousands separators).
total() {
	out=$1 year=$2
	shift 2
	"$LEVER" run "$script" "$@" | awk -F, -v o="$out" -v y="$year" '
	    $3 == y && $4 == o { s += $5 }
	    END {
		t = sprintf("%d", s); r = ""
		while (length(t) > 3) {
			r = "," substr(t, length(t) - 2) r
			t = substr(t, 1, length(t) - 3)
		}
		print t r
	    }'
}

echo "1. first screen: levers, groups, numbers"
start 80 24 -- test.lua
expect "Investment" levers
expect "Money" "lever group"
expect "Pilot" levers
want=$(total jobs 2025)
expect "2025: $want jobs" "default total"
expect "Ashby" table

echo "2. moving a lever gives the numbers lever run gives"
keys l
want=$(total jobs 2025 --set invest=60)
expect "2025: $want jobs" "invest=60"
expect "60 £m" "lever value"
keys j j +
want=$(total jobs 2025 --set invest=60 --set pot.skills=55)
expect "2025: $want jobs" "pot.skills=55"
expect "45%" "split rebalanced"
keys 0
expect "2025: $(total jobs 2025 --set invest=60) jobs" "reset part"

echo "3. two options saved and compared"
keys s C-u "Low" Enter
expect "option: Low" "saved Low"
keys k k l l
keys s C-u "High" Enter
expect "option: High" "saved High"
keys c
expect "Compare options" "compare list"
keys Space Down Space Escape
expect "Low    High" "compared options get columns"
expect "vs defaults" "comparing does not move the reference"
keys r
expect "Measure changes against" "reference list"
keys Down Enter
expect "vs Low" "the reference chosen with r"
expect "Areas, 2025" "table"
screen | grep -q "+1,000" || fail "change against Low (80 vs 70 is +1,000 jobs)"
keys r Home Enter
expect "vs defaults" "back to the defaults"
want=$(total jobs 2025 --set invest=80)
expect "2025: $want jobs" "invest=80"

echo "4. undo and redo"
keys u
expect "2025: $(total jobs 2025 --set invest=70) jobs" undo
expect "option: High (modified)" "modified"
keys C-r
expect "2025: $(total jobs 2025 --set invest=80) jobs" redo

echo "5. finding an area; Enter focuses on it"
keys /
expect "Find area" prompt
keys "dun" Enter
expect "found Dunham" find
keys Enter
expect " Dunham | option" "focus on Dunham"
keys f
expect "Focus on" "focus list"
keys Home Enter
expect "All areas | option" "back to all areas"

echo "5b. a mouse click selects an area (X10 mouse report at column 41, row 17)"
keys -l "$(printf '\033[M I1\033[M#I1')"
expect "▸Brill" "clicked row"
keys Enter
expect " Brill | option" "focus on the clicked area"
keys Enter
expect "All areas | option" "Enter again: all areas"

echo "6. sizes: 60x15, too small, 200x60, 80x24"
T resize-window -t t -x 60 -y 15
expect "Levers" "60x15"
T resize-window -t t -x 50 -y 12
expect "Terminal too small" "50x12"
T resize-window -t t -x 200 -y 60
expect "Assumptions" "200x60 shows assumptions too"
expect "Pilot bonus" "200x60"
T resize-window -t t -x 80 -y 24
expect "Investment" "80x24 again"

echo "7. export writes what lever run writes; comparing, each option too"
keys e
expect "Export" prompt
keys C-u "$work/both.csv" Enter
expect "exported 4 options" "export while comparing: current, defaults, Low, High"
"$LEVER" run "$script" --set invest=80 > "$work/run.csv"
[ "$(head -n 1 "$work/both.csv")" = "option,id,name,year,output,value" ] ||
    fail "no option column: $(head -n 1 "$work/both.csv")"
sed -n 's/^current,//p' "$work/both.csv" > "$work/cur.csv"
tail -n +2 "$work/run.csv" | cmp -s - "$work/cur.csv" ||
    fail "the current option's rows differ from lever run"
"$LEVER" run "$script" --set invest=60 | tail -n +2 > "$work/low.csv"
sed -n 's/^Low,//p' "$work/both.csv" | cmp -s - "$work/low.csv" ||
    fail "option Low's rows differ from lever run --set invest=60"
"$LEVER" run "$script" | tail -n +2 > "$work/def.csv"
sed -n 's/^defaults,//p' "$work/both.csv" | cmp -s - "$work/def.csv" ||
    fail "the reference's rows differ from lever run at the defaults"
keys c x Escape
expect_not "   Low    High" "comparison cleared"
keys e
expect "Export" prompt
keys C-u "$work/out.csv" Enter
expect "exported" export
cmp -s "$work/out.csv" "$work/run.csv" || fail "export differs from lever run"

echo "8. a dropped connection (SIGHUP) loses nothing"
T kill-session -t t
wait_exit 0
start 80 24 -- test.lua
expect "option: High" "resumed option"
expect "80 £m" "resumed lever"
expect "2025: $(total jobs 2025 --set invest=80) jobs" "resumed numbers"
keys o
expect "Low" "options kept"
keys Escape
keys u
expect "2025: $(total jobs 2025 --set invest=70) jobs" "undo history kept"
keys C-r

echo "9. the script broken on disk: error with file and line, old results kept"
cp "$script" "$work/good.lua"
old=$(total jobs 2025 --set invest=80)
fixed=$(total jobs 2025 --set invest=90)
echo "this is not lua" >> "$script"
line=$(wc -l < "$script")
expect "test.lua:$line" "error names file and line"
expect "2025: $old jobs" "old results kept"
keys l
expect "90 £m" "levers still move"
expect "2025: $old jobs" "old results kept after a lever move"
# a top level that never ends: reloading it must not freeze the keys
cp "$work/good.lua" "$script"
echo "while true do end" >> "$script"
touch "$script"
keys h
expect "80 £m" "levers move while an endless script reloads"
expect "instruction budget exceeded" "the endless script is stopped"
cp "$work/good.lua" "$script"
touch "$script"
expect_not "Script problem" "error cleared after the fix"
keys l
expect "2025: $fixed jobs" "recomputed after the fix"
keys q
wait_exit 0

echo "10. LANG=C and plain terminals"
start 80 24 LANG=C LC_ALL=C -- test.lua
expect "Investment" "LANG=C"
expect "GBPm" "LANG=C transliterates"
screen | LC_ALL=C grep -q '[^ -~]' && fail "LANG=C screen has non-ASCII"
keys q
wait_exit 0
for term in vt100 linux screen; do
	start 80 24 TERM=$term -- test.lua
	expect "Investment" "TERM=$term"
	keys q
	wait_exit 0
done
start 80 24 NO_COLOR=1 -- test.lua
expect "Investment" "NO_COLOR"
keys q
wait_exit 0

echo "11. a damaged session file is set aside"
for f in "$XDG_STATE_HOME"/lever/*.session; do
	head -c 100 "$f" > "$f.tmp" && mv "$f.tmp" "$f"
done
start 80 24 -- test.lua
expect "damaged" "damaged session"
expect "option: defaults" "fresh session"
keys q
wait_exit 0
ls "$XDG_STATE_HOME"/lever/*.corrupt >/dev/null 2>&1 || fail "no .corrupt file"

echo "12. --fresh starts anew"
start 80 24 -- --fresh test.lua
expect "option: defaults" "--fresh"
keys q
wait_exit 0

echo "13. a state directory that can't be written: a message, and q asks"
: > "$work/blocker"
start 80 24 XDG_STATE_HOME="$work/blocker" -- test.lua
expect "session kept in memory, not saved" "save failure on the status line"
keys l
expect "60 £m" "still works"
keys q
expect "Quit and lose it" "quit asks"
keys n
expect_not "Quit and lose it" "n stays"
keys q y
wait_exit 0

# spun PID: a worker of lever PID has used a second of CPU more than it
# had when $before (pid:ticks pairs) was taken by "workers PID".
workers() {
	for p in $(pgrep -P "$1"); do echo "$p:$(cpu "$p")"; done
}
spun() {
	for p in $(pgrep -P "$1"); do
		was=0
		for b in $before; do [ "${b%%:*}" = "$p" ] && was=${b#*:}; done
		[ $(($(cpu "$p") - was)) -ge "$(getconf CLK_TCK)" ] && return 0
	done
	return 1
}

echo "14. a burst of keys ends on the last value's numbers; a stuck recompute is overtaken"
cp "$work/good.lua" "$script"
start 80 24 -- --fresh test.lua
expect "2025: $(total jobs 2025) jobs" "defaults"
keys l l l l h l h l l h
expect "2025: $(total jobs 2025 --set invest=90) jobs" "after a burst of keys"
keys q
wait_exit 0
# invest = 0 makes project loop until the time limit (an hour, longer
# than any poll waits): moving on must not wait for it. A recompute that
# is young yet (include/tui-int.h, YOUNG_MIN) runs on, so the next key
# comes once a worker has spun for a second of CPU, which takes at least a
# second.
sed 's/^function project(area, prev, L, year)$/&\
  if L.invest == 0 then while true do end end/' "$work/good.lua" > "$script"
start 80 24 -- --fresh --max-instructions 1e15 --timeout 3600 test.lua
expect "2025: $(total jobs 2025) jobs" "defaults, stuck script"
lpid=$(lever_pid) || fail "no lever process"
before=$(workers "$lpid")
keys h h h h h
expect "0 £m" "lever at 0"
poll spun "$lpid" || fail "no worker spun on the stuck script"
keys l
expect "2025: $(total jobs 2025 --set invest=10) jobs" "the stuck recompute overtaken"
keys q
wait_exit 0
cp "$work/good.lua" "$script"

finish
