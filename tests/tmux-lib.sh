# Shared by the tests that drive lever in tmux (tests/tui.sh,
# tests/faults.sh): a private server, a session "t" of fixed size, the
# screen polled until the expected text appears, lever's exit status
# recorded in a file. Sourcing it skips the test when tmux is missing and
# sets up a work folder ($work, removed at exit) holding the test scenario
# (test.lua, areas.csv) and the session state, a private server ($sock)
# and the failure count ($fails).
: "${LEVER:?}" "${top_srcdir:?}"
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed: skipped"; exit 77; }

work=$(mktemp -d "${TMPDIR:-/tmp}/lever-tmux.XXXXXX") || exit 99
sock=lever$$
conf=$top_srcdir/tests/tmux.conf
server_pid=
fails=0
# How long a poll waits (tenths of a second) before it calls the screen
# stuck: long, since it only catches hangs; a loaded machine is slow, not
# wrong. LEVER_TEST_POLLS changes it.
polls=${LEVER_TEST_POLLS:-600}
export XDG_STATE_HOME="$work/state"
unset NO_COLOR TMUX
cp "$top_srcdir/tests/data/tui/test.lua" "$top_srcdir/tests/data/tui/areas.csv" "$work/"

T() { tmux -L "$sock" -f "$conf" "$@"; }

cleanup() {
	T kill-server >/dev/null 2>&1
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# start W H [ENV=VALUE...] -- [LEVER ARGS...]: lever in session "t".
start() {
	w=$1 h=$2
	shift 2
	envs=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do envs="$envs $1"; shift; done
	[ $# -gt 0 ] && shift
	rm -f "$work/status"
	# The shell ignores SIGHUP so that it outlives lever and records how
	# lever ended; lever sets its own handler.
	cmd="trap '' HUP; cd '$work' && env$envs '$LEVER' $*; echo \$? > '$work/status'"
	T kill-session -t t >/dev/null 2>&1
	if T new-session -d -s t -x "$w" -y "$h" "$cmd" 2>/dev/null; then
		return 0
	fi
	# Some sandboxes cannot daemonize tmux (no /dev/null device): run the
	# server in the foreground, in the background.
	if [ -z "$server_pid" ]; then
		T -D >/dev/null 2>&1 &
		server_pid=$!
	fi
	i=0
	while [ $i -lt 50 ]; do
		T new-session -d -s t -x "$w" -y "$h" "$cmd" 2>/dev/null &&
		    return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "cannot start tmux"
	exit 99
}

screen() { T capture-pane -p -t t; }

# expect TEXT [WHAT]: poll the screen until TEXT shows (60 s at most).
expect() {
	i=0
	while [ $i -lt "$polls" ]; do
		screen | grep -F -q -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "${2:-screen}: '$1' never appeared; the screen was:"
	screen
	return 1
}

# expect_not TEXT [WHAT]: poll until TEXT has gone.
expect_not() {
	i=0
	while [ $i -lt "$polls" ]; do
		screen | grep -F -q -- "$1" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "${2:-screen}: '$1' never went away; the screen was:"
	screen
	return 1
}

keys() { T send-keys -t t "$@"; }

# wait_exit STATUS: lever ends with STATUS.
wait_exit() {
	i=0
	while [ $i -lt "$polls" ] && [ ! -s "$work/status" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	got=$(cat "$work/status" 2>/dev/null)
	[ "$got" = "$1" ] || fail "exit status '$got', expected $1"
}

