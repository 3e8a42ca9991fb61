# Shared by the tests that drive lever in tmux (tests/tui*.sh,
# tests/faults.sh, ...): a private server, a session "t" of fixed size, the
# screen polled until the expected text appears, lever's exit status
# recorded in a file. Sourcing it skips the test when tmux is missing and
# sets up a work folder ($work, removed at exit) holding the test scenario
# (test.lua, areas.csv) and the session state, and a private server
# ($sock); the failure count ($fails), fail and poll come from
# tests/scenario-lib.sh.
: "${LEVER:?}" "${top_srcdir:?}"
. "$top_srcdir/tests/scenario-lib.sh"
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed: skipped"; exit 77; }

work=$(mktemp -d "${TMPDIR:-/tmp}/lever-tmux.XXXXXX") || exit 99
sock=lever$$
conf=$top_srcdir/tests/tmux.conf
server_pid=
export XDG_STATE_HOME="$work/state"
unset NO_COLOR TMUX
cp "$top_srcdir/tests/data/tui/test.lua" "$top_srcdir/tests/data/tui/areas.csv" "$work/"

# T ARGS...: tmux on the private server. A target "-t NAME" is made
# "-t =NAME:", the session NAME and nothing else: tmux looks a bare NAME up
# first as a window in the current session, and a window whose name
# starts with NAME wins over the session of that name (a session "t" with
# another session current whose window is called "tmux", as a window is
# named for a moment while its command starts).
T() {
	_T_prev=
	for _T_arg do
		shift
		case $_T_prev:$_T_arg in
		-t:*[!A-Za-z0-9_-]* | -t:) ;;
		-t:*) _T_arg="=$_T_arg:" ;;
		esac
		set -- "$@" "$_T_arg"
		_T_prev=$_T_arg
	done
	tmux -L "$sock" -f "$conf" "$@"
}

cleanup() {
	T kill-server >/dev/null 2>&1
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

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
	poll T new-session -d -s t -x "$w" -y "$h" "$cmd" 2>/dev/null &&
	    return 0
	echo "cannot start tmux"
	exit 99
}

screen() { T capture-pane -p -t "${1:-t}"; }

# shows TEXT [SESSION]: the screen (of session "t" or SESSION) holds TEXT;
# hidden TEXT [SESSION]: it does not.
shows() { screen "${2:-t}" | grep -F -q -- "$1"; }
hidden() { ! shows "$@"; }

# expect TEXT [WHAT [SESSION]]: poll the screen until TEXT shows.
expect() {
	poll shows "$1" "${3:-t}" && return 0
	fail "${2:-screen}: '$1' never appeared; the screen was:"
	screen "${3:-t}"
	return 1
}

# expect_not TEXT [WHAT [SESSION]]: poll until TEXT has gone.
expect_not() {
	poll hidden "$1" "${3:-t}" && return 0
	fail "${2:-screen}: '$1' never went away; the screen was:"
	screen "${3:-t}"
	return 1
}

# changed BEFORE [WHAT]: poll until the screen differs from BEFORE.
differs() { [ "$(screen)" != "$1" ]; }
changed() {
	poll differs "$1" && return 0
	fail "${2:-screen}: the screen never changed from:"
	printf '%s\n' "$1"
	return 1
}

keys() { T send-keys -t t "$@"; }

# written FILE: FILE exists and is not empty.
written() { [ -s "$1" ]; }

# wait_exit STATUS [FILE [SESSION]]: lever ends with STATUS (recorded in
# FILE, $work/status by default); if not, the screen of SESSION ("t").
wait_exit() {
	_f=${2:-$work/status}
	poll written "$_f"
	_got=$(cat "$_f" 2>/dev/null)
	[ "$_got" = "$1" ] && return 0
	fail "exit status '$_got', expected $1; the screen was:"
	screen "${3:-t}"
}

# lever_pid [SESSION]: the lever running in session "t" (the child of the
# pane's shell), polled until it is there.
child_of() { pgrep -x -P "$1" lever 2>/dev/null | head -n 1 | grep .; }
lever_pid() {
	_sh=$(T list-panes -t "${1:-t}" -F '#{pane_pid}' 2>/dev/null) &&
	    [ -n "$_sh" ] && poll child_of "$_sh"
}

# cpu PID: the clock ticks of CPU (user and system) PID has used so far; 0
# when it has gone.
cpu() {
	_stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
	set -- ${_stat##*) }
	echo $((${12} + ${13}))
}

# ticks PID: the CPU clock ticks used so far by PID and its children (a
# lever and its workers).
ticks() {
	_total=$(cpu "$1")
	for _p in $(pgrep -P "$1"); do
		_total=$((_total + $(cpu "$_p")))
	done
	echo "$_total"
}

# at_rest PID WHAT: poll until PID and its workers use no CPU over five
# polls (half a second; the screen's timer ticks once a second). A drawing
# loop that never ends, or a screen that redraws for ever, never does.
quiet() {
	_t=$(ticks "$1")
	if [ "$_t" = "$_was" ]; then _calm=$((_calm + 1)); else _calm=0; fi
	_was=$_t
	[ "$_calm" -ge 5 ]
}
at_rest() {
	_was=$(ticks "$1") _calm=0
	poll quiet "$1" && return 0
	fail "$2: lever never came to rest; the screen was:"
	screen
	return 1
}
