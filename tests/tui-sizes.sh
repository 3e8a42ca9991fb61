#!/bin/sh
# Every shipped scenario on the real screen at the sizes a workshop uses
# (80x24, a projector at 120x40 to 240x70): opened, resized from one size
# to the next, and at each size every output cycled (]) and every year
# stepped through (< then >). After each step the screen must be live (the
# key changes it, polled) and lever must come to rest afterwards: lever and
# its workers together use no CPU for half a second (read from
# /proc/PID/stat). A drawing loop that never ends, or a screen that redraws
# for ever, fails here.
set -u
. "${top_srcdir:?}/tests/tmux-lib.sh"
[ -r /proc/self/stat ] || { echo "no /proc: skipped"; exit 77; }

sizes="80x24 120x40 132x43 160x48 240x70"

# idle WHAT: lever and its workers come to rest (tests/tmux-lib.sh).
idle() { at_rest "$lpid" "$name $size, $1"; }

# settled: the screen once two captures a poll apart agree.
same() {
	now=$(screen)
	[ "$now" = "$prev" ] && return 0
	prev=$now
	return 1
}
settled() {
	prev=$(screen)
	poll same || fail "$name $size: the screen never stopped changing"
	printf '%s\n' "$prev"
}

# year: the year of the chart's headline ("2031: £1.2m").
year() {
	screen | grep -o '[12][0-9][0-9][0-9]: ' | head -n 1 | cut -c1-4
}

# at_year Y WHAT: poll until the headline shows year Y.
in_year() { [ "$(year)" = "$1" ]; }
at_year() {
	poll in_year "$1" && return 0
	fail "$name $size, $2: the headline never showed $1; the screen was:"
	screen
	return 1
}

# sized W H: poll until the screen is drawn at W x H: H rows, the status
# row reaching the last column or the one before (trailing spaces go).
drawn_at() {
	last=$(screen | sed -n "${2}p")
	len=$(printf '%s' "$last" | wc -m)
	[ "$len" -ge $(($1 - 1)) ] && [ "$len" -le "$1" ] &&
	    [ "$(screen | wc -l)" -eq "$2" ]
}
sized() {
	poll drawn_at "$1" "$2" && return 0
	fail "$name: never drawn at ${1}x$2; the screen was:"
	screen
	return 1
}

for scenario in "$top_srcdir"/scenarios/*.lua; do
	name=$(basename "$scenario")
	size=80x24
	# The years and outputs, from lever run (from the right: names may
	# hold commas).
	"$LEVER" run "$scenario" > "$work/run.csv" 2>"$work/run.err" ||
	    { fail "$name: lever run failed: $(cat "$work/run.err")"; continue; }
	first=$(awk -F, 'NR > 1 { print $(NF - 2) }' "$work/run.csv" |
	    sort -n | head -n 1)
	last=$(awk -F, 'NR > 1 { print $(NF - 2) }' "$work/run.csv" |
	    sort -n | tail -n 1)
	nout=$(awk -F, 'NR > 1 && !seen[$(NF - 1)]++' "$work/run.csv" | wc -l)
	echo "$name: $nout outputs, $first to $last"

	start 80 24 -- --fresh "$scenario"
	lpid=$(lever_pid) || { fail "$name: no lever process"; continue; }
	expect "$last: " "$name: first screen"
	expect_not "computing" "$name: first results"
	for size in $sizes; do
		w=${size%x*} h=${size#*x}
		T resize-window -t t -x "$w" -y "$h"
		sized "$w" "$h" || continue
		# Live: help opens and closes.
		keys '?'
		expect "Esc or ? close" "$name $size: help opens" || continue
		keys Escape
		expect_not "Esc or ? close" "$name $size: help closes"
		idle "after the resize"

		# Every output, back to the first.
		before=$(settled)
		now=$before
		n=0
		while [ $n -lt "$nout" ]; do
			keys ']'
			changed "$now" "$name $size, output $((n + 1)) of $nout (])" ||
			    break
			now=$(screen)
			n=$((n + 1))
		done
		# (every press was read: the first output is back, as it was)
		now=$(settled)
		[ "$now" = "$before" ] ||
		    fail "$name $size: $nout presses of ] did not come back to the first output"
		idle "after the outputs"

		# Every year: back to the first with <, then on with >.
		y=$(year)
		[ -n "$y" ] || { fail "$name $size: no year in the headline"; continue; }
		while [ "$y" -gt "$first" ]; do
			keys '<'
			y=$((y - 1))
			at_year "$y" "<" || break
		done
		while [ "$y" -lt "$last" ]; do
			keys '>'
			y=$((y + 1))
			at_year "$y" ">" || break
		done
		idle "after the years"
	done
	keys q
	wait_exit 0
done

finish
