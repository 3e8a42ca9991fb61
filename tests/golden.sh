#!/bin/sh
# golden.sh: the shipped scenarios' output, byte for byte, against the
# SHA-256 digests stored in tests/data/golden/ (every area, year and
# output as CSV and JSON, the totals, and a few seeded samples). It holds
# the text of every number still: a change to the number formatter or the
# engine that moves a single digit fails here.
#
# When a scenario, its data or its arithmetic changes on purpose, write
# the digests anew and say why in the commit:
#     GOLDEN_UPDATE=1 make check TESTS=tests/golden.sh
#
# Environment: LEVER (the built binary), top_srcdir (the source tree).

LEVER=${LEVER:-./lever}
top_srcdir=${top_srcdir:-.}
SC=$top_srcdir/scenarios
G=$top_srcdir/tests/data/golden

tmp=${TMPDIR:-/tmp}/lever-golden.$$
mkdir "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

if ! command -v sha256sum >/dev/null 2>&1; then
	echo "golden: sha256sum not found; skipped"
	exit 77
fi

failures=0
for s in "$SC"/*.lua; do
	name=$(basename "$s" .lua)
	: >"$tmp/$name.sha256"
	for what in "csv" "json" "csv --totals" "csv --totals --samples 4 --seed 3"; do
		# shellcheck disable=SC2086
		if ! "$LEVER" run "$s" --format $what -o "$tmp/out" \
		    2>"$tmp/err"; then
			echo "FAIL: lever run $name --format $what: $(cat "$tmp/err")" >&2
			failures=$((failures + 1))
			continue
		fi
		# the JSON's first object names the files, wherever they are
		grep -v '^  "scenario": {' "$tmp/out" | sha256sum |
		    sed "s/ .*//; s/^/$what /" >>"$tmp/$name.sha256"
	done
	if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
		cp "$tmp/$name.sha256" "$G/$name.sha256"
		echo "updated: $G/$name.sha256"
	elif ! diff -u "$G/$name.sha256" "$tmp/$name.sha256" >&2; then
		echo "FAIL: $name: output differs from tests/data/golden/$name.sha256" >&2
		failures=$((failures + 1))
	else
		echo "ok: $name"
	fi
done
[ "$failures" -eq 0 ]
