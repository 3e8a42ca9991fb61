#!/bin/sh
# A lever walked step by step is answered at once: while the room looks at
# one step the next is computed ahead, and the last few results are kept,
# so moving on or back needs no worker. Shown here with every worker
# stopped (SIGSTOP): the next step and the steps back still show, and
# their figures are lever run's; a step never computed waits, with
# "computing...", until the workers go on. An edit of the script forgets
# what was kept.
set -u
. "${top_srcdir:?}/tests/tmux-lib.sh"
[ -r /proc/self/stat ] || { echo "no /proc: skipped"; exit 77; }

cat > "$work/walk.lua" <<'LUA'
scenario { title = "Walk", baseline = "areas.csv", start = 2024, years = 1 }
lever "rate" { kind = "slider", label = "Rate", min = 0, max = 10, step = 1,
  default = 2 }
output "paid" { label = "Paid", unit = "" }
function project(area, prev, L, year)
  return { paid = area.jobs * L.rate }
end
LUA

# shown RATE: the figure lever run gives for rate=RATE, as the headline
# shows it ("2025: 31,500").
shown() {
	(cd "$work" && "$LEVER" run walk.lua --set "rate=$1" --totals) |
	    awk -F, '$1 == "TOTAL" && $4 == "paid" {
		v = sprintf("%.0f", $5); s = ""
		while (length(v) > 3) { s = "," substr(v, length(v) - 2) s
		    v = substr(v, 1, length(v) - 3) }
		print "2025: " v s }'
}
workers() { pgrep -P "$lpid"; }
stop_workers() { for p in $(workers); do kill -STOP "$p"; done; }
go_on() { for p in $(workers); do kill -CONT "$p"; done; }

echo "1. opened: the steps either side computed ahead"
start 80 24 -- --fresh walk.lua
lpid=$(lever_pid) || { fail "no lever process"; finish; }
expect "$(shown 2)" "rate 2"
at_rest "$lpid" "after opening"
[ -n "$(workers)" ] || fail "no warm worker"

echo "2. every worker stopped: a step either way shows, and back"
stop_workers
keys Right
expect "$(shown 3)" "rate 3, computed ahead"
keys Left
expect "$(shown 2)" "rate 2, kept"
keys Left
expect "$(shown 1)" "rate 1, computed ahead"
expect_not "computing" "a step computed ahead computes nothing"
go_on
at_rest "$lpid" "at rate 1"

echo "3. a step not computed yet waits for a worker"
# (4 was computed ahead at 3 while the workers were stopped, and kept
# when they went on; 5 never was)
stop_workers
keys Right Right Right
expect "$(shown 4)" "rate 4, kept"
keys Right
expect "computing..." "rate 5 needs a recompute"
shows "$(shown 4)" || fail "the last figure stays while it computes"
go_on
expect "$(shown 5)" "rate 5, once the workers go on"
expect_not "computing" "rate 5 computed"

echo "4. an edited script: nothing kept from before the edit"
at_rest "$lpid" "at rate 5"
sed 's/area.jobs \* L.rate/area.jobs * L.rate * 2/' "$work/walk.lua" \
    > "$work/walk.new" && mv "$work/walk.new" "$work/walk.lua"
expect "reloaded" "the edit is seen"
expect "$(shown 5)" "rate 5, the edited rule"
keys Left
expect "$(shown 4)" "rate 4, the edited rule (not the kept figure)"

echo "5. a step that fails ahead is not tried again and again"
sed 's/^function project(area, prev, L, year)$/&\
  if L.rate == 6 then error("six is refused") end/' "$work/walk.lua" \
    > "$work/walk.new" && mv "$work/walk.new" "$work/walk.lua"
expect "reloaded" "the edit is seen"
expect "$(shown 4)" "rate 4 after the edit"
keys Right
expect "$(shown 5)" "rate 5"
at_rest "$lpid" "at rate 5, with rate 6 failing ahead"
keys Right
expect "six is refused" "rate 6 says its error when asked for"
keys q
wait_exit 0
finish
