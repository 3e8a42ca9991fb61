#!/bin/sh
# The screen always ends on a hangup or terminate, even in the middle of a
# drawing that never finishes, and the saved session loads afterwards; a
# drawing that runs away is stopped by its CPU watchdog; a resize redraws at
# once, not on the next timer tick. LEVER_TEST_HANG_DRAW makes every drawing
# spin for ever; LEVER_TEST_TICK=3600 makes the timer tick once an hour, so
# only the resize itself can redraw.
set -u
. "${top_srcdir:?}/tests/tmux-lib.sh"

# spinning PID: wait until the process has used some CPU (it is drawing).
drawing() { [ "$(cpu "$1")" -gt 5 ]; }
spinning() {
	poll drawing "$1" && return 0
	fail "lever $1 never started drawing"
	return 1
}

echo "1. an option saved in a normal session"
start 80 24 -- test.lua
expect "Investment" "first screen"
keys l s C-u "Kept" Enter
expect "option: Kept" "saved Kept"
keys q
wait_exit 0

for sig in TERM HUP; do
	echo "2. SIG$sig in the middle of a drawing that never ends"
	start 80 24 LEVER_TEST_HANG_DRAW=1 -- test.lua
	pid=$(lever_pid) || { fail "no lever process"; continue; }
	spinning "$pid"
	kill -s "$sig" "$pid"
	case $sig in TERM) want=143 ;; HUP) want=129 ;; esac
	wait_exit $want
	kill -0 "$pid" 2>/dev/null && { fail "lever still running"; kill -9 "$pid"; }
done

echo "3. the session loads afterwards"
start 80 24 -- test.lua
expect "option: Kept" "resumed after the kills"
keys q
wait_exit 0

echo "3b. a refused terminal leaves the session as it was, --fresh too"
start 80 24 TERM=dumb -- --fresh test.lua
wait_exit 2
ls "$XDG_STATE_HOME"/lever/*.old* >/dev/null 2>&1 &&
    fail "TERM=dumb --fresh set the session aside before refusing"
start 80 24 -- test.lua
expect "option: Kept" "the session still there"
keys q
wait_exit 0

echo "4. the drawing watchdog"
start 80 24 LEVER_TEST_HANG_DRAW=1 -- test.lua "2>$work/err"
wait_exit 3
grep -q "drawing the screen took over" "$work/err" ||
    fail "no watchdog message: $(cat "$work/err")"

echo "5. a resize redraws at once"
start 80 24 LEVER_TEST_TICK=3600 -- test.lua
expect "Investment" "first screen"
expect_not "Assumptions" "80x24 has no assumptions pane"
T resize-window -t t -x 200 -y 60
expect "Assumptions" "200x60 drawn after the resize"
T resize-window -t t -x 80 -y 24
expect_not "Assumptions" "80x24 drawn after the resize"
keys q
wait_exit 0

echo "6. two screens on one session: the second is read-only and says so"
start 120 30 -- test.lua
expect "Investment" "first screen"
cmd2="cd '$work' && '$LEVER' test.lua; echo \$? > '$work/status2'"
T new-session -d -s t2 -x 120 -y 30 "$cmd2"
expect "READ-ONLY" "the second screen says it is read-only" t2
shows "READ-ONLY" && fail "the first screen is read-only too"
keys s C-u "Dee" Enter
expect "option: Dee" "the first saves D"
T send-keys -t t2 s C-u "Eee" Enter
T send-keys -t t2 q y
wait_exit 0 "$work/status2" t2
keys q
wait_exit 0
start 120 30 -- test.lua
keys o
expect "Dee" "the owner's option kept"
keys Escape q
wait_exit 0

finish
