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

. "${top_srcdir:-.}/tests/scenario-lib.sh"
G=$top_srcdir/tests/data/golden

if ! command -v sha256sum >/dev/null 2>&1; then
	echo "golden: sha256sum not found; skipped"
	exit 77
fi
workdir golden

for s in "$SC"/*.lua; do
	name=$(basename "$s" .lua)
	: >"$T/$name.sha256"
	for what in "csv" "json" "csv --totals" "csv --totals --samples 4 --seed 3"; do
		# shellcheck disable=SC2086
		if ! "$LEVER" run "$s" --format $what -o "$T/out" \
		    2>"$T/err"; then
			fail "lever run $name --format $what: $(cat "$T/err")"
			continue
		fi
		# the JSON's first object names the files, wherever they are
		grep -v '^  "scenario": {' "$T/out" | sha256sum |
		    sed "s/ .*//; s/^/$what /" >>"$T/$name.sha256"
	done
	if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
		cp "$T/$name.sha256" "$G/$name.sha256"
		echo "updated: $G/$name.sha256"
	elif ! diff -u "$G/$name.sha256" "$T/$name.sha256" >&2; then
		fail "$name: output differs from tests/data/golden/$name.sha256"
	else
		pass "$name"
	fi
done
finish
