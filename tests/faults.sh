#!/bin/sh
# Faults under the real screen: writes over the file-size limit and a full
# disk give a message and keep the session in memory; nothing crashes; a
# second screen on the same session is read-only and says who has it.
# (SIGKILL during saves is tests/test_faults.)
set -u
mounted=
. "${top_srcdir:?}/tests/tmux-lib.sh"

unmount() { [ -n "$mounted" ] && umount "$mounted" 2>/dev/null; mounted=; }
trap 'unmount; cleanup' EXIT INT TERM

echo "1. writes over the file-size limit fail with a message, not SIGXFSZ"
# a file-size limit of 0: no session can be written
T kill-session -t t >/dev/null 2>&1
rm -f "$work/status"
T new-session -d -s t -x 80 -y 24 \
    "cd '$work' && (ulimit -f 0 && exec '$LEVER' test.lua); echo \$? > '$work/status'"
expect "Investment" "starts under ulimit -f"
keys l
expect "cannot save" "a failed save is said on the status line"
keys q
expect "Quit" "q asks, since the session could not be saved"
keys y
wait_exit 0
# (the limit would stop the message reaching a file too: pass it through a pipe)
{ (cd "$work" && ulimit -f 0 && exec "$LEVER" run test.lua -o big.csv) 2>&1
    echo "status $?"; } | cat >"$work/fsize.err"
grep -q "^status 3$" "$work/fsize.err" ||
    fail "lever run -o over the file-size limit: exit status not 3"
grep -q "big.csv: writing failed" "$work/fsize.err" ||
    fail "lever run -o over the limit: message was '$(cat "$work/fsize.err")'"
[ -e "$work/big.csv" ] && fail "lever run -o left a partial file"
ls "$work" | grep -q 'big.csv.' && fail "lever run -o left its temporary file"

echo "2. a full disk: a message, the session in memory, saved once there is room"
if [ "$(id -u)" = 0 ] && mkdir -p "$work/full" &&
    mount -t tmpfs -o size=64k tmpfs "$work/full" 2>/dev/null; then
	mounted=$work/full
	# given to each lever: a tmux server still running from before
	# would hand it the old one
	export XDG_STATE_HOME="$work/full"
	mkdir -p "$work/full/lever"
	dd if=/dev/zero of="$work/full/filler" bs=1k count=64 2>/dev/null
	# XDG_STATE_HOME given to lever itself: a tmux server still ending
	# from before would start it with the old one
	start 80 24 XDG_STATE_HOME="$XDG_STATE_HOME" -- test.lua
	expect "Investment" "starts on a full disk"
	# the first save, at start, fails: said at once (a key clears it)
	expect "cannot save" "a full disk is said on the status line"
	keys l
	expect "60 £m" "the change is kept in memory"
	rm -f "$work/full/filler"
	keys l
	expect "70 £m" "keeps working"
	keys q
	wait_exit 0
	grep -q 'invest' "$work"/full/lever/*.session 2>/dev/null ||
	    fail "the session was not saved once there was room"
	start 80 24 XDG_STATE_HOME="$XDG_STATE_HOME" -- test.lua
	expect "70 £m" "resumed after the disk was full"
	keys q
	wait_exit 0
	unmount
else
	echo "   (skipped: cannot mount a small tmpfs here)"
fi

echo "3. two screens on one session: the second says who has it, saves nothing"
export XDG_STATE_HOME="$work/two"
start 120 30 XDG_STATE_HOME="$XDG_STATE_HOME" -- test.lua
expect "Investment" "the first screen starts"
rm -f "$work/status2"
T new-session -d -s u -x 160 -y 30 \
    "cd '$work' && XDG_STATE_HOME='$XDG_STATE_HOME' '$LEVER' test.lua; echo \$? > '$work/status2'"
expect "read-only: another lever has it (pid " \
    "the second screen says who has the session" u
# D saved in the first screen, E in the second: E is refused aloud
keys s
expect "Save" "the first screen asks for a name"
keys C-u D Enter
T send-keys -t u s C-u E Enter
T send-keys -t u q
expect "Quit and lose it" "the read-only screen asks before it quits" u
T send-keys -t u y
wait_exit 0 "$work/status2"
keys q
wait_exit 0
grep -q "^begin option D$" "$work"/two/lever/*.session ||
    fail "the first screen's option D was not saved"
grep -q "^begin option E$" "$work"/two/lever/*.session &&
    fail "the read-only screen wrote its option E"
start 120 30 XDG_STATE_HOME="$XDG_STATE_HOME" -- test.lua
expect "Investment" "the first screen again, alone"
expect_not "read-only" "no other lever holds it now"
keys q
wait_exit 0

finish
