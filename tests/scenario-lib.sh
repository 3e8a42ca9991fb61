# Shared by the tests that run lever (tests/*.sh; the screen's tests reach
# it through tests/tmux-lib.sh): counting failures, running lever, reading
# and comparing its results, and waiting for an event. Sourcing it defines
# these and sets LEVER, top_srcdir, SC (the shipped scenarios) and the
# failure count $fails; it makes no folder until asked (workdir).
#
#   fail TEXT, pass TEXT       a check failed (counted) or passed
#   finish                     exit 1 if any check failed, 0 if none did
#   workdir NAME               a new folder $T under $TMPDIR, removed at exit
#                              (kept if KEEP_T is set)
#   run NAME STATUS ARGS...    lever ARGS must end with STATUS; its output
#                              kept in $T/NAME.out and $T/NAME.err
#   expect_err NAME TEXT       lever's stderr in that run holds TEXT
#   results NAME SCENARIO ARGS...  lever run of scenarios/SCENARIO as CSV
#                              into $T/NAME.csv; 1 (and a failure) if it
#                              failed
#   get NAME ID YEAR OUTPUT    one value of $T/NAME.csv
#   total NAME YEAR OUTPUT     its sum over the areas
#   close WHAT EXPECTED GOT    GOT within $close_rel of EXPECTED (relative,
#                              default 1e-9) or $close_abs (default 0)
#   holds WHAT CONDITION A B   A and B are numbers, and an awk CONDITION
#                              on a=A and b=B is true
#   poll COMMAND...            COMMAND again every tenth of a second until
#                              it succeeds, $polls times at most
#   $CSVAWK                    the start of an awk program that reads a
#                              CSV file with quoted fields: col["x"] is the
#                              index of column x, f[] the fields of the
#                              current row, v("x") its number in column x,
#                              s("x") its text
LEVER=${LEVER:-./lever}
top_srcdir=${top_srcdir:-.}
SC=$top_srcdir/scenarios
fails=${fails:-0}	# (sourced twice, through tmux-lib.sh, it counts on)
T=${T:-}
# How long a poll waits (tenths of a second) before it gives up: long,
# since it only catches hangs; a loaded machine is slow, not wrong.
# LEVER_TEST_POLLS changes it.
polls=${LEVER_TEST_POLLS:-600}
# A hang cap on each run of lever (seconds), as long for the same reason.
run_timeout=${LEVER_TEST_TIMEOUT:-600}
close_rel=1e-9
close_abs=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

pass() {
	echo "ok: $*"
}

finish() {
	[ "$fails" -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
	echo "all passed"
	exit 0
}

# The folder is removed at exit; a test with more to undo sets at_exit.
at_exit=:
workdir() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/lever-$1.XXXXXX") || exit 99
	trap 'eval "$at_exit"; [ -n "${KEEP_T:-}" ] || rm -rf "$T"' EXIT
	trap 'exit 99' HUP INT TERM
}

run() {
	_name=$1 _want=$2
	shift 2
	timeout "$run_timeout" "$LEVER" "$@" >"$T/$_name.out" \
	    2>"$T/$_name.err"
	_got=$?
	[ "$_got" -eq "$_want" ] && return 0
	fail "$_name: exit status $_got, expected $_want: $(head -c 400 "$T/$_name.err")"
	return 1
}

expect_err() {
	grep -F -q -- "$2" "$T/$1.err" ||
	    fail "$1: stderr lacks '$2'; it was: $(head -c 600 "$T/$1.err")"
}

results() {
	_name=$1 _scen=$2
	shift 2
	if ! timeout "$run_timeout" "$LEVER" run "$SC/$_scen" "$@" \
	    --format csv >"$T/$_name.csv" 2>"$T/$_name.err"; then
		fail "lever run $_scen $* exited non-zero: $(cat "$T/$_name.err")"
		return 1
	fi
	if [ "$(head -n 1 "$T/$_name.csv")" != "id,name,year,output,value" ]; then
		fail "lever run $_scen $*: CSV header '$(head -n 1 "$T/$_name.csv")'"
		return 1
	fi
}

# (fields counted from the end: the name may be quoted and hold commas;
# missing:OUTPUT and status 1 unless there is exactly one such row)
get() {
	awk -F, -v id="$2" -v y="$3" -v o="$4" \
	    '$1 == id && $(NF-2) == y && $(NF-1) == o { print $NF; n++ }
	     END { if (n != 1) exit 1 }' "$T/$1.csv" ||
	    { echo "missing:$4"; return 1; }
}

total() {
	awk -F, -v y="$2" -v o="$3" '$(NF-2) == y && $(NF-1) == o { t += $NF }
	    END { printf "%.17g\n", t }' "$T/$1.csv"
}

close() {
	if awk -v e="$2" -v g="$3" -v rel="$close_rel" -v abs="$close_abs" \
	    'BEGIN {
		if (e !~ /^-?[0-9.]/ || g !~ /^-?[0-9.]/) exit 1
		d = e - g; if (d < 0) d = -d
		s = e < 0 ? -e : e; t = g < 0 ? -g : g; if (t > s) s = t
		exit !(d <= rel * s || d <= abs) }'; then
		pass "$1 = $3"
	else
		fail "$1: expected $2, lever gave $3"
	fi
}

holds() {
	if awk -v a="$3" -v b="$4" "BEGIN { if (a !~ /^-?[0-9.]/ ||
	    b !~ /^-?[0-9.]/) exit 1; exit !($2) }"; then
		pass "$1 ($3 vs $4)"
	else
		fail "$1: condition $2 false for a=$3 b=$4"
	fi
}

poll() {
	_polled=0
	until "$@"; do
		_polled=$((_polled + 1))
		[ "$_polled" -lt "$polls" ] || return 1
		sleep 0.1
	done
}

CSVAWK='
function split_csv(line, f,    n, i, c, q, cur) {
	n = 0; cur = ""; q = 0
	for (i = 1; i <= length(line); i++) {
		c = substr(line, i, 1)
		if (q) {
			if (c == "\"") {
				if (substr(line, i + 1, 1) == "\"") { cur = cur "\""; i++ }
				else q = 0
			} else cur = cur c
		} else if (c == "\"") q = 1
		else if (c == ",") { f[++n] = cur; cur = "" }
		else cur = cur c
	}
	f[++n] = cur
	return n
}
NR == 1 { n = split_csv($0, h); for (i = 1; i <= n; i++) col[h[i]] = i; next }
{ split_csv($0, f) }
function v(name) { return f[col[name]] + 0 }
function s(name) { return f[col[name]] }
'
