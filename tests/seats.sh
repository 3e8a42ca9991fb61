#!/bin/sh
# Workshop seats end to end: lever serve and two lever join screens, each
# in its own tmux session of one private server, their screens polled
# until the expected text appears (never slept on). Then participants who
# may not join, a server of another protocol version, and junk on the
# socket (tests/test_seats).
set -u
. "${top_srcdir:?}/tests/tmux-lib.sh"
script=$work/test.lua
export XDG_RUNTIME_DIR="$work/run"
mkdir -m 700 "$work/run"
seats=$top_builddir/tests/test_seats
me=$(id -un)

# run SESSION CMD...: a command in its own session; its exit status goes
# to $work/SESSION.status, its stderr to $work/SESSION.err.
run() {
	s=$1
	shift
	rm -f "$work/$s.status"
	cmd="trap '' HUP; cd '$work' && $* 2>'$work/$s.err'; echo \$? > '$work/$s.status'"
	T kill-session -t "$s" >/dev/null 2>&1
	if T new-session -d -s "$s" -x 100 -y 30 "$cmd" 2>/dev/null; then
		return 0
	fi
	if [ -z "$server_pid" ]; then
		T -D >/dev/null 2>&1 &
		server_pid=$!
	fi
	i=0
	while [ $i -lt "$polls" ]; do
		T new-session -d -s "$s" -x 100 -y 30 "$cmd" 2>/dev/null &&
		    return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "cannot start tmux"
	exit 99
}

# see SESSION TEXT [WHAT]: poll SESSION's screen until TEXT shows (the
# shared poll: LEVER_TEST_POLLS tenths of a second, a minute by default).
see() {
	i=0
	while [ $i -lt "$polls" ]; do
		T capture-pane -p -t "$1" | grep -F -q -- "$2" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "${3:-$1}: '$2' never appeared on $1; the screen was:"
	T capture-pane -p -t "$1"
	return 1
}

# line SESSION N: line N of SESSION's screen.
line() { T capture-pane -p -t "$1" | sed -n "$2p"; }

# ended SESSION STATUS: SESSION's command ended with STATUS.
ended() {
	i=0
	while [ $i -lt "$polls" ] && [ ! -s "$work/$1.status" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	got=$(cat "$work/$1.status" 2>/dev/null)
	[ "$got" = "$2" ] || fail "$1 ended with '$got', expected $2"
}

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

echo "1. a facilitator and two participants"
run f "env LEVER_TEST_BACKLOG=65536 '$LEVER' serve test.lua --name council --per-user 40"
see f "Investment" "facilitator's screen"
run a "'$LEVER' join council"
see f "joined; 1 in the workshop council" "first participant seen"
run b "'$LEVER' join council"
see f "joined; 2 in the workshop council" "second participant seen"
T send-keys -t f p
see f "no proposals have come in; 2 in the workshop council: $me, $me" "who is in the room"
want=$(total jobs 2025)
see a "2025: $want jobs" "room's results at a"
see b "2025: $want jobs" "room's results at b"
see a "vs the room"

echo "2. each seat has its own focus"
T send-keys -t a f
see a "Focus on"
T send-keys -t a Down Down Enter
see a "region: North" "a's focus"
line b 2 | grep -q "All areas" || fail "b's focus moved with a's: $(line b 2)"
line f 2 | grep -q "All areas" || fail "the room's focus moved: $(line f 2)"

echo "3. a lever moved by the facilitator reaches both"
T send-keys -t f l
want=$(total jobs 2025 --set invest=60)
see f "2025: $want jobs" "facilitator's move"
see b "2025: $want jobs" "b follows the room"
see b "60 £m" "b's lever"
see a "60 £m" "a's lever"
see a "region: North" "a keeps its focus"

echo "4. a private what-if leaves the room alone; a proposal is adopted"
T send-keys -t b l l
mine=$(total jobs 2025 --set invest=80)
see b "2025: $mine jobs" "b's what-if computed on the server"
see b "vs the room" "b's reference"
see f "2025: $want jobs" "the room unchanged"
see a "60 £m" "a unchanged"
T send-keys -t b p
see b "Propose your what-if"
T send-keys -t b C-u "Skills first" Enter
see b "proposal sent" "b's proposal sent"
see f "proposal 'Skills first' from $me" "proposal arrived"
T send-keys -t f p
see f "Proposals (1)" "the proposals list"
# the list whole at the smallest and a large screen: its row and its keys
for size in "80 24" "240 70" "100 30"; do
	T resize-window -t f -x ${size% *} -y ${size#* }
	see f "Enter compare  a adopt (u undoes)  Esc close" "the list's keys at $size"
	T capture-pane -p -t f | grep -E -q "Skills first +$me +[0-9]{2}:[0-9]{2} +- +waiting" ||
	    fail "the proposal's row at $size: $(T capture-pane -p -t f | grep 'Skills first')"
done
T send-keys -t f Enter
see f "comparing 'Skills first ($me)' beside the room" "Enter compares it"
see f "2025: $want jobs" "comparing leaves the room's settings"
T send-keys -t f o
see f "Skills first ($me)" "compared as a saved option"
T send-keys -t f Escape
T send-keys -t f p
see f "compared" "the list says it is compared"
T send-keys -t f a
see f "the room takes 'Skills first ($me)' (u undoes)" "a adopts it"
see b "2025: $mine jobs" "the room took b's proposal"
see a "80 £m" "a follows the adopted proposal"
T send-keys -t f u
see f "2025: $want jobs" "u undoes the adoption"
see a "60 £m" "a follows the undo"
T send-keys -t b R
see b "2025: $want jobs" "b back with the room"

echo "4b. votes: one per participant, tallied"
T send-keys -t f s C-u "Room plan" Enter
see f "option: Room plan" "the facilitator saves an option"
T send-keys -t a v
see a "Vote for option: 1 'Skills first ($me)' (0) 2 'Room plan' (0)" "a's ballot"
T send-keys -t a 2 Enter
see a "vote counted" "a's vote"
see f "$me voted for 'Room plan'; votes: 'Room plan' 1" "the tally"
T send-keys -t b v
see b "2 'Room plan' (1)" "b sees the tally"
T send-keys -t b 1 Enter
see f "$me voted for 'Skills first ($me)'" "b's vote"
T send-keys -t f v
see f "| votes: 'Skills first ($me)' 1" "the facilitator's v"
T capture-pane -p -t f | grep -q "'Room plan' 1" &&
    fail "the same user voted twice: $(line f 30)"

echo "4c. predict, then reveal"
T send-keys -t f Q
see f "Ask the room: What will happen to Jobs (All areas, 2025) if we..." "the facilitator's question prompt"
T send-keys -t f "try something" Enter
see a "if we try something?" "a sees the first question"
T send-keys -t f Q
see f "0 of 1 have guessed the open question" "a second question, over the open one"
T send-keys -t f "put Investment up to 90" Enter
see a "What will happen to Jobs (All areas, 2025) if we put" "a sees the question"
see a "Your guess, in jobs:" "a is asked to guess"
see b "Your guess, in jobs:" "b is asked to guess"
T send-keys -t a "lots" Enter
see a "not sent: type a number in jobs" "a's guess is checked"
T send-keys -t a Q
see a "Your guess, in jobs:" "Q asks a again"
T send-keys -t a "31,234 jobs" Enter
see a "guess counted: nobody sees it before the reveal" "a's guess"
# a and b are one user here: the workshop counts users, one guess each
see f "$me guessed; 1 of 1 in the workshop have guessed" "the facilitator counts"
T capture-pane -p -t b | grep -q "31,234" && fail "b sees a's guess before the reveal"
T send-keys -t b 29000 Enter
see b "guess counted" "b's guess (the same user's: it replaces a's)"
T send-keys -t f Q
see f "1 of 1 have guessed the open question" "Q shows the count while a question is open"
T send-keys -t f Escape
T send-keys -t f l l l
want90=$(total jobs 2025 --set invest=90)
see f "2025: $want90 jobs" "the facilitator makes the move"
T send-keys -t f '!'
see f "Revealed: Jobs, All areas, 2025" "the reveal on the facilitator's screen"
see f "The result ($want jobs when asked)" "the result against the value when asked"
see f "$want90 jobs" "the result"
see a "Revealed: Jobs, All areas, 2025" "the reveal at a"
see a "$me " "a sees who guessed"
see a "29,000 jobs" "a sees the guess"
see b "29,000 jobs" "b sees the guess"
T capture-pane -p -t a | grep -q "31,234" && fail "a guess replaced still counts"
T send-keys -t f Escape h h h
see f "2025: $want jobs" "the facilitator moves back"
T send-keys -t a Escape
T send-keys -t b Escape

echo "5. the facilitator's script edited on disk reaches the participants"
cp "$script" "$work/good.lua"
sed 's/"Investment"/"Spending"/' "$work/good.lua" > "$work/new.lua"
grep -q Spending "$work/new.lua" || fail "the test scenario has no Investment label"
cp "$work/new.lua" "$script"
touch "$script"
see f "Spending" "the facilitator reloads"
see a "Spending" "a takes the new scenario"
see b "Spending" "b takes the new scenario"
see a "Spending  60 £m" "a's levers after the reload"
see a "region: North" "a's focus kept over the reload"
see b "2025: $want jobs" "b's results after the reload"
T send-keys -t b l
see b "2025: $(total jobs 2025 --set invest=70) jobs" "b's what-if after the reload"
T send-keys -t b R
cp "$work/good.lua" "$script"
touch "$script"
see a "Investment" "a takes the old scenario back"

echo "6. a participant killed mid-session disturbs nobody"
pid=$(T display-message -p -t b '#{pane_pid}')
# the shell in the pane runs lever; kill lever itself
lever_pid=$(ps -o pid= --ppid "$pid" | head -1)
[ -n "$lever_pid" ] && kill -9 $lever_pid
see f "left; 1 in the workshop council" "the killed participant left"
T send-keys -t f l
want=$(total jobs 2025 --set invest=70)
see f "2025: $want jobs" "facilitator goes on"
see a "70 £m" "a still follows"

echo "6b. a participant whose terminal goes away ends, never spins"
run c "'$LEVER' join council"
see f "joined; 2 in the workshop council" "c joins"
T kill-session -t c
ended c 0
see f "left; 1 in the workshop council" "c's leaving is seen"

echo "7. junk on the socket is refused, the server lives on"
"$seats" junk "$work/run/lever/council.sock" || fail "junk on the socket"
see f "Investment" "the facilitator after the junk"
T send-keys -t f h
see a "60 £m" "a still follows after the junk"

echo "7b. a participant who never reads is dropped; a crowd comes and goes"
"$seats" slow "$work/run/lever/council.sock" || fail "the slow participant was never dropped"
see f "was dropped, too slow to keep up" "the facilitator sees the drop"
"$seats" crowd "$work/run/lever/council.sock" 30 4 &
crowd=$!
T send-keys -t f l
see f "70 £m" "the facilitator's keys among the crowd"
see a "70 £m" "a follows among the crowd"
wait $crowd || fail "the crowd"
see f "left; 1 in the workshop council" "the crowd has gone"
T send-keys -t f h
see a "60 £m" "a follows after the crowd"

echo "7c. a connection that never says hello is closed; one user holds at most 4"
run h "env XDG_STATE_HOME='$work/state3' LEVER_TEST_HELLO_WAIT=1 '$LEVER' serve test.lua --name capped"
see h "Investment" "the capped workshop"
"$seats" mute "$work/run/lever/capped.sock" &
mute=$!
T send-keys -t h l
see h "60 £m" "the facilitator's keys while a connection says nothing"
wait $mute || fail "the connection that never said hello was not closed"
see h "was dropped, no hello in time" "the facilitator sees the mute one go"
"$seats" cap "$work/run/lever/capped.sock" 4 || fail "the per-user cap"
"$LEVER" serve "$script" --name x --per-user 0 </dev/null 2>"$work/err"; rc=$?
[ $rc = 2 ] || fail "--per-user 0: status $rc"
grep -q "per-user: give a number" "$work/err" || fail "--per-user 0: $(cat "$work/err")"
T send-keys -t h q
ended h 0

echo "7d. the record in the session file: old versions load, version 3 round trips"
mkdir -m 700 "$work/sess"
"$seats" session "$work/sess" || fail "the session's record (tests/test_seats session)"

echo "8. who may not join is told so, never kept waiting"
"$LEVER" join nosuch </dev/null 2>"$work/err"; rc=$?
[ $rc = 1 ] || fail "no such workshop: status $rc"
grep -q "no workshop nosuch" "$work/err" || fail "no such workshop: $(cat "$work/err")"
"$LEVER" join 'bad name!' </dev/null 2>"$work/err"; rc=$?
[ $rc = 2 ] || fail "bad name: status $rc"
"$LEVER" serve "$script" --name council </dev/null 2>"$work/err"; rc=$?
[ $rc = 1 ] || fail "served twice: status $rc"
grep -q "served already" "$work/err" || fail "served twice: $(cat "$work/err")"
"$seats" server "$work/future.sock" >"$work/fs.out" &
fs=$!
i=0
while [ $i -lt "$polls" ] && ! grep -q listening "$work/fs.out"; do sleep 0.1; i=$((i + 1)); done
"$LEVER" join "$work/future.sock" </dev/null 2>"$work/err"; rc=$?
[ $rc = 1 ] || fail "another version: status $rc"
grep -q "speaks seats protocol 99" "$work/err" || fail "another version: $(cat "$work/err")"
wait $fs || fail "the pretend server"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 &&
    id nobody >/dev/null 2>&1 && id daemon >/dev/null 2>&1; then
	# Peer credentials: a folder others can reach, daemon allowed,
	# nobody not.
	mkdir -m 755 "$work/room"
	chmod 755 "$work"
	run g "env XDG_STATE_HOME='$work/state2' '$LEVER' serve test.lua --name open --dir '$work/room' --allow daemon"
	see g "Investment" "the open workshop"
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    "$LEVER" join open --dir "$work/room" </dev/null 2>"$work/err"
	rc=$?
	[ $rc = 1 ] || fail "nobody: status $rc"
	grep -q "refused: workshop open is open to" "$work/err" ||
	    fail "nobody: $(cat "$work/err")"
	see g "nobody was refused" "the facilitator sees the refusal"
	run d "setpriv --reuid=daemon --regid=daemon --clear-groups '$LEVER' join open --dir '$work/room'"
	see d "vs the room" "daemon, allowed, joins"
	see g "daemon joined" "the facilitator sees daemon"
	T send-keys -t g s C-u "Plan A" Enter
	see g "option: Plan A"
	T send-keys -t d v
	see d "1 'Plan A' (0)" "daemon's ballot"
	T send-keys -t d 1 Enter
	see g "daemon voted for 'Plan A'; votes: 'Plan A' 1" "daemon's vote"
	T send-keys -t g q
	ended g 0
	ended d 0
	grep -q "ended the workshop" "$work/d.err" || fail "d: $(cat "$work/d.err")"
else
	echo "   (peer credentials skipped: needs root and setpriv)"
fi

echo "8b. the facilitator's terminal hangs up: participants wait, then rejoin"
T send-keys -t a l l p
see a "Propose your what-if"
T send-keys -t a C-u "Before the drop" Enter
see f "proposal 'Before the drop' from $me" "a proposal before the drop"
T send-keys -t a R
T kill-session -t f
see a "facilitator disconnected" "a is told, and keeps its screen"
see a "waiting" "a waits"
see a "60 £m" "a keeps the room's levers"
T send-keys -t a l
see a "70 £m" "a moves a lever while waiting"
T send-keys -t a p
see a "Propose your what-if"
T send-keys -t a C-u "Lost" Enter
see a "not sent: the workshop is not there yet" "a proposal while waiting is refused, said so"
run f "env LEVER_TEST_BACKLOG=65536 '$LEVER' serve test.lua --name council --per-user 40"
see a "the facilitator is back: rejoined workshop council" "a rejoins by itself"
see f "joined; 1 in the workshop council" "the facilitator sees a again"
# a's focus is region North (two areas): its what-if is +£10m there
see a "+1,000 jobs vs the room" "a's what-if is computed once back"
T send-keys -t a R
see a "same as the room" "a follows the resumed room"
T send-keys -t f v
see f "votes: 'Skills first ($me)' 1" "the votes survived the restart"
T send-keys -t f p
see f "Before the drop" "the proposal survived the restart"
see f "Skills first" "the compared one too"
T send-keys -t f Escape '!'
see f "Revealed: Jobs, All areas, 2025" "the reveal survived the restart"
see f "29,000 jobs" "the guesses survived the restart"
T send-keys -t f Escape l
see a "70 £m" "a follows the resumed room"

echo "9. the facilitator quits: participants are told, the socket goes"
T send-keys -t f q
ended f 0
ended a 0
grep -q "ended the workshop" "$work/a.err" || fail "a: $(cat "$work/a.err")"
[ -e "$work/run/lever/council.sock" ] && fail "the socket was left behind"

[ $fails = 0 ] || { echo "$fails failed"; exit 1; }
echo "all passed"
