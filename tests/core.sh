#!/bin/sh
# The core: lever run and lever check on small scenarios with numbers that
# can be worked out by hand (tests/data/core). Needs LEVER and top_srcdir.
set -u
D="$top_srcdir/tests/data/core"
. "${top_srcdir:?}/tests/scenario-lib.sh"
workdir core
# value FILE ID YEAR OUTPUT: the value column of one tidy CSV row
value() {
	awk -F, -v id="$2" -v y="$3" -v o="$4" \
	    '$1 == id && $3 == y && $4 == o { print $5 }' "$1"
}

expect_value() {
	got=$(value "$1" "$2" "$3" "$4")
	[ "$got" = "$5" ] || fail "$1: $2 $3 $4 is '$got', expected '$5'"
}

# --- defaults: every lever kind as the rules see it ---------------------------
run kinds 0 run "$D/kinds.lua"
head -n 1 "$T/kinds.out" | grep -qx 'id,name,year,output,value' ||
    fail "kinds: CSV header is '$(head -n 1 "$T/kinds.out")'"
[ "$(wc -l <"$T/kinds.out")" -eq $((1 + 3 * 3 * 5)) ] ||
    fail "kinds: expected 45 data rows, got $(($(wc -l <"$T/kinds.out") - 1))"
# rv 1,200 grows 10%/yr: 1320, 1452.0000000000002 (exact double arithmetic)
expect_value "$T/kinds.out" A1 2026 rv 1320
expect_value "$T/kinds.out" A1 2027 rv 1452.0000000000002
# £800 parsed; C3's rv is missing (nil) so the rule starts from 100
expect_value "$T/kinds.out" B2 2026 rv 880.0000000000001
expect_value "$T/kinds.out" C3 2026 rv 110.00000000000001
expect_value "$T/kinds.out" A1 2026 kept 660
expect_value "$T/kinds.out" A1 2026 percap 1.32
# levers: mode high (1) + bonus off (0) + x 50 + y 30 + calendar year 2026
expect_value "$T/kinds.out" A1 2026 levers 26305001
# settle: every area holds the year's total rv
expect_value "$T/kinds.out" C3 2026 pooled 2310

# --- --set for each kind, assumptions, split rebalancing -----------------------
run set 0 run "$D/kinds.lua" --set share=0.8 --set mode=low --set bonus=true \
    --set pot.x=60 --set growth=0.2
expect_value "$T/set.out" A1 2026 rv 1440
expect_value "$T/set.out" A1 2026 kept 1152
# x fixed at 60; y and z (30:20) share the remaining 40 as 24:16
expect_value "$T/set.out" A1 2026 levers 26246010
run split2 0 run "$D/kinds.lua" --set pot.x=10 --set pot.y=70
# z takes what is left
expect_value "$T/split2.out" A1 2026 levers 26701001

run bad_name 2 run "$D/kinds.lua" --set nosuch=1
expect_err bad_name "'nosuch' is not a lever or assumption"
expect_err bad_name "(levers: share, mode, bonus, pot; assumptions: growth)"
run bad_assume_part 2 run "$D/kinds.lua" --set growth.x=1
expect_err bad_assume_part "assumption 'growth' has no parts"
run bad_range 2 run "$D/kinds.lua" --set share=1.5
expect_err bad_range "lever 'share' takes a number from 0 to 1, not '1.5'"
run bad_choice 2 run "$D/kinds.lua" --set mode=medium
expect_err bad_choice "lever 'mode' takes one of: low, high (not 'medium')"
run bad_toggle 2 run "$D/kinds.lua" --set bonus=maybe
expect_err bad_toggle "lever 'bonus' takes true or false"
run bad_part 2 run "$D/kinds.lua" --set pot.w=10
expect_err bad_part "lever 'pot' has parts x, y, z (not 'w')"
run bad_split 2 run "$D/kinds.lua" --set pot.x=70 --set pot.y=40
expect_err bad_split "must sum to 100"
run bad_assume 2 run "$D/kinds.lua" --set growth=fast
expect_err bad_assume "assumption 'growth' takes a number"

# --- totals and groups ----------------------------------------------------------
run totals 0 run "$D/kinds.lua" --totals --group region
expect_value "$T/totals.out" TOTAL 2026 rv 2310
# mean of kept (660 + 440.00000000000006 + 55.000000000000007) / 3
expect_value "$T/totals.out" TOTAL 2026 kept 385
# weighted by pop: (1.32*1000 + 0.29333*3000 + 0.22*500) / 4500 = 2310/4500
expect_value "$T/totals.out" TOTAL 2026 percap 0.5133333333333333
awk -F, '$1 == "TOTAL" && $4 == "levers"' "$T/totals.out" | grep -q . &&
    fail "totals: an output with total = none got a TOTAL row"
grep -q '^GROUP,North,2026,rv,2200$' "$T/totals.out" ||
    fail "totals: no North group row"
grep -q '^GROUP,South,2026,rv,110.00000000000001$' "$T/totals.out" ||
    fail "totals: no South group row"

# --- exact numbers: CSV values read back to the same double ---------------------
run exact 0 run "$D/exact.lua"
expect_value "$T/exact.out" A1 2021 third 333.3333333333333
expect_value "$T/exact.out" C3 2021 third 166.66666666666666
expect_value "$T/exact.out" A1 2021 sum 0.30000000000000004
expect_value "$T/exact.out" A1 2021 tiny 1e-297
# same seed, same numbers; another seed, other numbers
run seed1 0 run "$D/exact.lua" --seed 7
run seed2 0 run "$D/exact.lua" --seed 7
run seed3 0 run "$D/exact.lua" --seed 8
cmp -s "$T/seed1.out" "$T/seed2.out" || fail "seed: same seed gave different results"
cmp -s "$T/seed1.out" "$T/seed3.out" && fail "seed: different seeds gave the same random numbers"

# --- formats ----------------------------------------------------------------------
run json 0 run "$D/kinds.lua" --format json --set mode=low
if command -v python3 >/dev/null 2>&1; then
	python3 - "$T/json.out" <<'PY' || fail "json: invalid or incomplete"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["scenario"]["title"] == "Core test"
levers = {l["name"]: l for l in d["levers"]}
assert levers["mode"]["value"] == "low" and levers["mode"]["default"] == "high"
assert levers["pot"]["value"] == {"x": 50, "y": 30, "z": 20}
assert d["assumptions"][0]["name"] == "growth" and d["assumptions"][0]["source"] == "test"
assert len(d["results"]) == 45
r = [x for x in d["results"] if x["id"] == "A1" and x["year"] == 2027 and x["output"] == "rv"]
assert r[0]["value"] == 1452.0000000000002
assert any(t["id"] == "TOTAL" and t["output"] == "rv" and t["value"] == 2310 for t in d["totals"])
PY
fi
run table 0 run "$D/kinds.lua" --format table
grep -q 'Core test' "$T/table.out" || fail "table: no title"
grep -q '^2026 ' "$T/table.out" || fail "table: no 2026 row"

# -o writes the file whole, readable, and nothing on stdout
run outfile 0 run "$D/kinds.lua" -o "$T/res.csv"
[ -s "$T/outfile.out" ] && fail "outfile: -o also wrote to stdout"
cmp -s "$T/res.csv" "$T/kinds.out" || fail "outfile: -o file differs from stdout output"
ls "$T" | grep -q 'res.csv.' && fail "outfile: temporary file left behind"
# -o to a FIFO writes through it and leaves it a FIFO (devices are never
# replaced by a renamed temporary file)
mkfifo "$T/fifo"
cat "$T/fifo" >"$T/fifo.csv" &
run fifo 0 run "$D/kinds.lua" -o "$T/fifo"
wait
[ -p "$T/fifo" ] || fail "fifo: -o replaced the FIFO with a file"
cmp -s "$T/fifo.csv" "$T/kinds.out" || fail "fifo: wrong content through the FIFO"
umask 022
run outmode 0 run "$D/kinds.lua" -o "$T/mode.csv"
[ "$(stat -c %a "$T/mode.csv")" = 644 ] ||
    fail "outmode: -o file has mode $(stat -c %a "$T/mode.csv"), expected 644 under umask 022"
run outdir 3 run "$D/kinds.lua" -o "$T/no/such/dir/res.csv"
expect_err outdir "cannot write"

# --- declaration and rule errors name the file and line ---------------------------
run decl 1 check "$D/decl_errors.lua"
for msg in "decl_errors.lua:2: lever 'a': unknown kind 'dial'" \
    "decl_errors.lua:3: lever 'b': min (5) must be less than max (1)" \
    "decl_errors.lua:4: lever 'c': default 2 is outside min..max (0..1)" \
    "decl_errors.lua:5: lever 'd': parts must sum to 100 (they sum to 70)" \
    "decl_errors.lua:6: lever 'e': default 'r' is not one of the options" \
    "decl_errors.lua:7: output 'o': total must be" \
    "decl_errors.lua:8: lever 'f': unknown field 'defualt'" \
    "decl_errors.lua:9: assumption 'g': a number 'value' is required" \
    "decl_errors.lua:10: output 'o': declared twice" \
    "9 problems found"; do
	expect_err decl "$msg"
done
run missing 1 run "$D/missing_output.lua"
expect_err missing "missing_output.lua:5: output 'lost' (declared at line 3) is missing"
expect_err missing "A1 (Alpha) in 2026"
run strout 1 run "$D/string_output.lua"
expect_err strout "string_output.lua:3: output 'v' (declared at line 2) is a string, not a number"
expect_err strout "B2 (Beta)"
run rterr 1 run "$D/runtime_error.lua"
expect_err rterr "runtime_error.lua:4: attempt to perform arithmetic on a nil value (field 'rv')"
expect_err rterr "in project for C3 (Gamma), year 2026"
run syntax 1 check "$D/syntax_error.lua"
expect_err syntax "syntax_error.lua:5: '}' expected (to close '{' at line 4)"
run ro 1 run "$D/readonly.lua"
expect_err ro "readonly.lua:5: L (the lever values) is read-only"
expect_err ro "in project for A1 (Alpha), year 2026"
run ro_settle 1 run "$D/settle_writes_a.lua"
expect_err ro_settle "settle_writes_a.lua:7: A (the assumptions) is read-only"
expect_err ro_settle "in settle, year 2027"
run ro_split 1 run "$D/split_write.lua"
expect_err ro_split "split_write.lua:5: a split lever is read-only"
expect_err ro_split "B2 (Beta)"

# --- the sandbox and its limits ---------------------------------------------------
run sandbox 0 run "$D/sandbox.lua"
expect_value "$T/sandbox.out" A1 2026 v 0
run loop 1 run "$D/loop.lua" --max-instructions 1e6
expect_err loop "loop.lua:4: instruction budget exceeded"
run bomb 1 run "$D/bomb.lua" --max-memory 64
expect_err bomb "bomb.lua:4:"
run decl_max 1 check "$D/escapes.lua"
expect_err decl_max "escapes.lua:4: output 'o1001': more than 1000 outputs"
run escapes 1 run "$D/escapes2.lua"
expect_err escapes "escapes2.lua:3: bad ?[31m"
grep -q "$(printf '\033')" "$T/escapes.err" &&
    fail "escapes: an escape character from the script reached the terminal"
# after all that, the same binary still works
run after 0 run "$D/kinds.lua"
cmp -s "$T/after.out" "$T/kinds.out" || fail "after: results changed after hostile runs"

# --- check, usage and missing files ----------------------------------------------
run check 0 check "$D/kinds.lua"
grep -q 'ok: "Core test", 4 levers, 1 assumptions, 5 outputs' "$T/check.out" ||
    fail "check: summary is '$(cat "$T/check.out")'"
run usage 2 run
run usage2 2 run "$D/kinds.lua" --format xml
expect_err usage2 "--format takes csv, json or table"
# a usage error names the option and what is wrong with it
run usage3 2 run "$D/kinds.lua" --baseline
expect_err usage3 "lever: --baseline needs a value"
tr -d '\n' <"$T/usage3.err" | tr -d '[:print:]' | grep -q . &&
    fail "usage3: a control character in the message"
run usage4 2 check "$D/kinds.lua" --set share=1
expect_err usage4 "lever: --set is an option of lever run, not of lever check"
run usage5 2 check "$D/kinds.lua" -o "$T/x.csv"
expect_err usage5 "lever: -o is an option of lever run"
run usage6 2 run "$D/kinds.lua" --bogus
expect_err usage6 "lever: unknown option --bogus"
run usage7 2 run "$D/kinds.lua" -o
expect_err usage7 "lever: -o needs a value"
run nofile 1 run "$T/nosuch.lua"
expect_err nofile "nosuch.lua: cannot open the scenario"
run nobase 1 run "$D/kinds.lua" --baseline "$T/nosuch.csv"
expect_err nobase "nosuch.csv"
# a baseline that changes while it is read (truncated half way) is refused:
# truncated as soon as lever has read some of it (its read position in /proc)
awk 'BEGIN { print "code,name,region,pop,rv,note"
    for (i = 0; i < 1500000; i++) printf "X%d,Area %d,North,%d,%d,x\n", i, i, i, i }' \
    >"$T/big.csv"
"$LEVER" check "$D/kinds.lua" --baseline "$T/big.csv" \
    >"$T/changing.out" 2>"$T/changing.err" &
reader=$!
# reading PID FILE: has process PID read some of FILE?
reading() {
	for fd in /proc/"$1"/fd/*; do
		[ "$(readlink "$fd" 2>/dev/null)" = "$2" ] || continue
		pos=$(sed -n 's/^pos:[[:space:]]*//p' \
		    "/proc/$1/fdinfo/${fd##*/}" 2>/dev/null)
		[ "${pos:-0}" -gt 0 ] && return 0
	done
	return 1
}
while kill -0 "$reader" 2>/dev/null && ! reading "$reader" "$T/big.csv"; do
	:
done
: >"$T/big.csv"
wait "$reader" && fail "changing: a file truncated while being read was accepted"
expect_err changing "big.csv:1:1: the file changed while it was being read"
rm -f "$T/big.csv"
# the baseline is found relative to the script, wherever lever runs from
(cd "$T" && timeout 60 "$LEVER" run "$D/kinds.lua" >cwd.out 2>cwd.err) ||
    fail "cwd: running from another directory failed: $(cat "$T/cwd.err")"
# the table never shows rounding noise or scientific notation: a total
# that is a billionth of its column's largest is 0
cat >"$T/noise.lua" <<'LUA'
scenario { title = "noise", baseline = "noise.csv", start = 2020, years = 2 }
output "x" { total = "sum" }
function project(area, prev, L, year)
  return { x = year == 2022 and 1.118e-6 or 1e9 }
end
LUA
printf 'id,name\nA,a\n' >"$T/noise.csv"
"$LEVER" run "$T/noise.lua" --totals --format table >"$T/noise.out" 2>&1 ||
    fail "noise: lever run failed: $(cat "$T/noise.out")"
grep -q 'e-0' "$T/noise.out" && fail "noise: scientific notation in a table"
grep -q '^2022 *0$' "$T/noise.out" || fail "noise: $(grep '^2022' "$T/noise.out")"
"$LEVER" --version | grep -q '^lever [0-9]' || fail "--version"
"$LEVER" --help | grep -q 'lever run SCENARIO.lua' || fail "--help"

finish
