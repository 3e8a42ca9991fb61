#!/bin/sh
# Hostile scenarios: every case in tests/data/hostile must be refused or
# stopped with a clear message and exit status 1, within its limits, with
# nothing on stdout and nothing written outside the test's folder; lever
# must then still run a good scenario. Also: scripts that are not scripts
# (bytecode, 20 MB, empty, a folder, a FIFO, unreadable), a worker that
# dies, and the fuzzers' regression inputs.
#
# Needs LEVER and top_srcdir (exported by make check).

: "${LEVER:?LEVER must name the lever binary}"
: "${top_srcdir:?top_srcdir must name the source tree}"
data=$top_srcdir/tests/data/hostile
regress=$top_srcdir/tests/data/fuzz/regress

. "$top_srcdir/tests/scenario-lib.sh"
workdir hostile
tmp=$T
canary=$tmp.canary
at_exit='rm -rf "$canary"'
cd "$tmp" || exit 99

cat > base.csv <<'EOF'
id,name,pop
A1,Alpha,100
B2,Beta,200
EOF

# Under AddressSanitizer the worker has no address-space limit.
asan=no
if grep -q __asan_init "$LEVER" 2>/dev/null; then
	asan=yes
fi

# wrap PLACEMENT BODY OUT: a scenario around a hostile body.
wrap() {
	{
		echo 'scenario { title = "hostile", start = 2025, years = 2 }'
		echo 'lever "x" { kind = "slider", min = 0, max = 100, default = 1 }'
		echo 'lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }'
		echo 'assume "y" { value = 1 }'
		echo 'output "x" { label = "X" }'
		case $1 in
		top)
			echo 'function project(area, prev, L, year) return { x = 1 } end'
			echo 'do'
			sed "s|CANARY|$canary|g" "$2"
			echo 'end'
			;;
		project)
			echo 'function project(area, prev, L, year)'
			sed "s|CANARY|$canary|g" "$2"
			echo 'end'
			;;
		settle)
			echo 'function project(area, prev, L, year) return { x = 1 } end'
			echo 'function settle(year, states, L)'
			sed "s|CANARY|$canary|g" "$2"
			echo 'end'
			;;
		esac
	} > "$3"
}

listing() {
	ls -A | grep -v -e '^out\.txt$' -e '^err\.txt$'
}

# run_case NAME SCRIPT REGEX [LEVER ARGS...]: exit 1, stderr (joined into
# one line) matching REGEX with @F standing for the script's name, stdout
# empty, no canary, no new files here (the message names the limit that
# stopped it; a hang is caught by the cap on every run).
run_case() {
	name=$1 script=$2 re=$3
	shift 3
	before=$(listing)
	timeout "$run_timeout" "$LEVER" run "$script" --baseline base.csv "$@" \
	    > out.txt 2> err.txt
	rc=$?
	msg=$(tr '\n' ' ' < err.txt)
	f=$(basename "$script" | sed 's/[.[\*^$]/\\&/g')
	re=$(printf '%s' "$re" | sed "s|@F|$f|g")
	if [ "$rc" -eq 124 ]; then
		fail "$name: hung (killed after $run_timeout s)"
	elif [ "$rc" -ne 1 ]; then
		fail "$name: exit status $rc, not 1: $msg"
	elif ! printf '%s\n' "$msg" | grep -Eq -- "$re"; then
		fail "$name: message does not match /$re/: $msg"
	fi
	if [ -s out.txt ]; then
		fail "$name: wrote to stdout: $(head -c 200 out.txt)"
	fi
	if [ -e "$canary" ]; then
		fail "$name: created $canary"
		rm -f "$canary"
	fi
	after=$(listing)
	if [ "$before" != "$after" ]; then
		fail "$name: files changed here: $(echo "$after" | tr '\n' ' ')"
	fi
	echo "ok: $name: $msg" | cut -c1-200
}

# The catalogue and lever's own cases: file, placement, message, options.
# Placement "raw" runs the file as it is.
nil_global='@F:[0-9]+: attempt to (index|call) a nil value \((global|field) '
not_table='@F:[0-9]+: project must return a table of outputs, but for A1 \(Alpha\) in 2026 it returned a string'
memory='@F: memory limit of 64 MB reached \(raise it with --max-memory\)'
budget='@F:[0-9]+: instruction budget exceeded: a rule call ran more than 1000000 instructions'
cstack='@F:[0-9]+: C stack overflow'
cases() {
while IFS='|' read -r file place re opts; do
	case $file in '#'*|'') continue ;; esac
	case $file in
	*.luac) script=${file%.luac}.luac ;;
	*) script=$file ;;
	esac
	if [ "$place" = raw ]; then
		cp "$data/$file" "$script"
	else
		wrap "$place" "$data/$file" "$script"
	fi
	eval "re=\"$re\""
	# shellcheck disable=SC2086
	run_case "$file" "$script" "$re" $opts
	rm -f "$script" out.txt err.txt
done
}
cases <<'EOF'
01_os_execute.lua|project|${nil_global}'os'\)|
02_io_read_file.lua|project|${nil_global}'io'\)|
03_require_loadlib.lua|project|${nil_global}'package'\)|
04_dofile_loadfile.lua|project|${nil_global}'loadfile'\)|
05_load_reaches_real_globals.lua|project|${nil_global}'load'\)|
06_string_dump_bytecode.lua|project|${nil_global}'dump'\)|
07_binary_chunk_as_scenario.luac|raw|@F: this is compiled Lua bytecode, not a scenario script|
08_debug_library.lua|project|${nil_global}'debug'\)|
09_string_metatable_poison.lua|project|${not_table}|
10_global_env_poison.lua|project|${not_table}|
11_gc_finalizer_infinite_loop.lua|project|@F:[0-9]+: metatables with __gc are not allowed in scenarios|
12_collectgarbage_stop_then_allocate.lua|project|${nil_global}'collectgarbage'\)|
13_string_rep_bomb.lua|project|${memory} +\(in project for A1 \(Alpha\), year 2026\)|--max-memory 64
14_concat_doubling.lua|top|${memory}|--max-memory 64
15_table_fill.lua|project|${memory}|--max-memory 64
17_pattern_recursion_depth.lua|project|@F:[0-9]+: pattern too complex|
18_lua_stack_overflow.lua|project|@F:[0-9]+: stack overflow|
19_c_stack_overflow_metamethod.lua|project|${cstack}|
21_pcall_swallows_kill.lua|project|${budget}|--max-instructions 1e6
23_close_handler_loops.lua|top|${budget}|--max-instructions 1e6
24_error_object_tostring_trap.lua|project|@F:[0-9]+: error object is a table value|
26_tostring_address_leak.lua|project|${not_table}|
27_os_exit.lua|project|${nil_global}'os'\)|
28_print_to_stdout.lua|project|smashed the screen.*${not_table}|
29_unpack_huge_range.lua|project|@F:[0-9]+: too many results to unpack|
30_string_pack_width.lua|project|${not_table}|
31_parser_nesting.lua|project|${not_table}|
31b_parser_nesting_generated.lua|top|@F: C stack overflow \(nesting or recursion|
31c_table_constructor_nesting_generated.lua|top|@F: C stack overflow \(nesting or recursion|
32_yield_across_host.lua|project|${nil_global}'coroutine'\)|
33_rawset_env_metatable.lua|top|${nil_global}'rawset'\)|
34_infinite_loop.lua|project|${budget}|--max-instructions 1e6
40_string_metatable_assign.lua|project|@F:[0-9]+: attempt to index a string value \(local 'mt'\)|
41_setmetatable_string.lua|project|@F:[0-9]+: bad argument #1 to 'setmetatable' \(table expected, got string\)|
42_lever_proxy_unprotect.lua|project|@F:[0-9]+: cannot change a protected metatable|
43_lever_write.lua|project|@F:[0-9]+: L \(the lever values\) is read-only in rules|
44_assumption_write.lua|project|@F:[0-9]+: A \(the assumptions\) is read-only in rules|
45_split_write.lua|project|@F:[0-9]+: a split lever is read-only in rules|
46_pairs_leaks_proxy_table.lua|project|@F:[0-9]+: L \(the lever values\) is read-only in rules|
47_coroutine_absent.lua|project|${nil_global}'coroutine'\)|
48_gsub_recursion.lua|project|${cstack}|
49_tostring_recursion.lua|project|${cstack}|
50_sort_comparator_recursion.lua|project|${cstack}|
51_index_chain.lua|project|@F:[0-9]+: '__index' chain too long|
52_pattern_backtracking.lua|project|${budget}|--max-instructions 1e6 --timeout 20
71_gsub_gmatch_backtracking.lua|project|${budget}|--max-instructions 1e6 --timeout 20
72_rep_empty_string.lua|project|${budget}|--max-instructions 1e6 --timeout 20
73_table_move_huge.lua|project|${budget}|--max-instructions 1e6 --timeout 20
74_plain_find_quadratic.lua|project|${budget}|--max-instructions 1e6 --timeout 20
75_table_insert_len.lua|project|${budget}|--max-instructions 1e6 --timeout 20
53_huge_state.lua|project|${memory} +\(in project for A1 \(Alpha\), year 2026\)|--max-memory 64
54_output_nan.lua|project|@F:[0-9]+: output 'x' \(declared at line 5\) is -?nan, not a finite number in the state project returned for A1 \(Alpha\) in 2026|
55_output_inf.lua|project|@F:[0-9]+: output 'x' \(declared at line 5\) is inf, not a finite number in the state project returned for A1 \(Alpha\) in 2026|
56_settle_error.lua|settle|@F:[0-9]+: redistribution failed +\(in settle, year 2026\)|
57_error_table_tostring.lua|project|@F:[0-9]+: error object is a table value|
58_rawset_absent.lua|project|${nil_global}'rawset'\)|
59_gc_metatable.lua|project|@F:[0-9]+: metatables with __gc are not allowed in scenarios|
60_string_dump_method.lua|project|${nil_global}'dump'\)|
61_load_absent.lua|project|${nil_global}'load'\)|
62_deep_lua_recursion.lua|project|@F:[0-9]+: stack overflow|
63_label_copy_bomb.lua|top|@F:[0-9]+: output 'big1': 'label' is longer than 64 KB|--max-memory 64
64_outputs_bomb.lua|raw|@F: the results would hold 2 areas x 100 years x 900 outputs, more than the memory limit of 1 MB allows|--max-memory 1
69_declarations_bomb.lua|raw|@F:[0-9]+: output 'o1001': more than 1000 outputs; a scenario may declare at most 1000|
65_pcall_budget_loop.lua|project|${budget}|--max-instructions 1e6
66_escape_in_error.lua|project|@F:[0-9]+: .*boom|
67_io_write_canary.lua|project|${nil_global}'io'\)|
68_os_execute_canary.lua|project|${nil_global}'os'\)|
70_looping_message_handler.lua|project|${budget}|--max-instructions 1e6
EOF

# The default budget (and any of 100 million or more) is counted lazily: a
# call runs without the count hook until a CPU timer finds it still running
# (src/rules-sandbox.c). The endless loops must still be stopped by it, with
# the budget's message, and nothing may swallow it.
budget='@F:[0-9]+: instruction budget exceeded: a rule call ran more than 100000000 instructions'
cases <<'EOF'
21_pcall_swallows_kill.lua|project|${budget}|
23_close_handler_loops.lua|top|${budget}|
34_infinite_loop.lua|project|${budget}|
52_pattern_backtracking.lua|project|${budget}|--timeout 60
65_pcall_budget_loop.lua|project|${budget}|
70_looping_message_handler.lua|project|${budget}|
72_rep_empty_string.lua|project|${budget}|--timeout 60
EOF

# Every hostile file is in the table above.
for f in "$data"/*.lua "$data"/*.luac; do
	b=$(basename "$f")
	grep -q "^$b|" "$top_srcdir/tests/hostile.sh" || fail "$b is not run by tests/hostile.sh"
done

# Scripts that are not scenario scripts.
: > empty.lua
run_case "empty script" empty.lua \
    '@F:1: no scenario \{ ... \} declaration.*@F:1: no output declared.*@F:1: no function project\(area, prev, L, year\) defined'
rm -f empty.lua out.txt err.txt

# 20 MB: padding comments, refused by size before being read.
awk 'BEGIN { for (i = 0; i < 327680; i++) printf "-- %060d\n", i }' > big.lua
run_case "20 MB script" big.lua \
    '@F: the scenario is 20 MB, larger than the 8 MB limit'
rm -f big.lua out.txt err.txt

mkdir folder.lua
run_case "a folder as the script" folder.lua \
    '@F: this is a folder, not a scenario script'
rmdir folder.lua
rm -f out.txt err.txt

if mkfifo fifo.lua 2>/dev/null; then
	run_case "a FIFO as the script" fifo.lua \
	    '@F: this is a pipe, device or socket, not a scenario script' \
	    --timeout 5
	rm -f fifo.lua out.txt err.txt
fi

run_case "a missing script" missing.lua \
    '@F: cannot open the scenario: No such file or directory'
rm -f out.txt err.txt

if [ "$(id -u)" -ne 0 ]; then
	echo 'scenario { title = "x", start = 2025 }' > secret.lua
	chmod 000 secret.lua
	run_case "an unreadable script" secret.lua \
	    '@F: cannot open the scenario: Permission denied'
	rm -f secret.lua out.txt err.txt
else
	echo "skip: unreadable script (running as root)"
fi

# run_cmd NAME RC REGEX ARGS...: lever ARGS exits RC with stderr (joined)
# matching REGEX and nothing on stdout unless RC is 0 (or stdout_ok is set).
run_cmd() {
	name=$1 want=$2 re=$3
	shift 3
	timeout "$run_timeout" "$LEVER" "$@" > out.txt 2> err.txt
	rc=$?
	msg=$(tr '\n' ' ' < err.txt)
	if [ "$rc" -ne "$want" ]; then
		fail "$name: exit status $rc, not $want: $msg"
	elif ! printf '%s\n' "$msg" | grep -Eq -- "$re"; then
		fail "$name: message does not match /$re/: $msg"
	elif [ "$want" -ne 0 ] && [ -z "${stdout_ok:-}" ] && [ -s out.txt ]; then
		fail "$name: wrote to stdout: $(head -c 200 out.txt)"
	else
		echo "ok: $name: $msg" | cut -c1-200
	fi
}

# A script names files only in its own folder tree (not hidden ones) or
# lever's data folder; anything else needs --baseline.
mkdir -p names/sub names/.hidden
printf 'id,name,pop\nS1,Secret,1\n' > secret.csv
cp base.csv names/sub/base.csv
cp base.csv names/.hidden/base.csv
ln -s ../secret.csv names/link.csv
ln -s sub/base.csv names/inside.csv
for b in ../secret.csv "$tmp/secret.csv" link.csv .hidden/base.csv \
    sub/../../secret.csv; do
	cat > names/s.lua <<EOF
scenario { title = "names", start = 2025, years = 1, baseline = "$b" }
output "x" { label = "X" }
function project(area, prev, L, year) return { x = 1 } end
EOF
	run_cmd "baseline \"$b\" refused" 1 \
	    "names/s.lua: baseline '.*' \(.*\) is (outside|hidden in) the script's folder .*--baseline /" \
	    run names/s.lua
	grep -q Secret out.txt err.txt && fail "baseline \"$b\": the file was read"
	run_cmd "baseline \"$b\" refused by check" 1 "is (outside|hidden in)" \
	    check names/s.lua
done
for b in sub/base.csv inside.csv "$tmp/names/sub/base.csv"; do
	sed "s|baseline = \"[^\"]*\"|baseline = \"$b\"|" names/s.lua > names/t.lua
	run_cmd "baseline \"$b\" inside the folder" 0 '^ *$' run names/t.lua
done
run_cmd "a baseline outside, given with --baseline" 0 '^ *$' \
    run names/s.lua --baseline secret.csv
grep -q '^S1,Secret,2026,x,1$' out.txt ||
    fail "--baseline secret.csv: wrong results: $(cat out.txt)"
rm -rf names secret.csv out.txt err.txt

# Terminal escapes: whatever a script or a baseline holds (ESC, 8-bit C1
# controls as UTF-8, bytes that are not UTF-8) reaches no terminal as it
# is, from lever check, --format table, print, error messages or baseline
# problems; the CSV keeps the baseline's bytes exactly.
# no_escapes NAME FILE...: none of ESC, DEL, C1 as UTF-8, a lone 0x9b.
no_escapes() {
	name=$1
	shift
	if LC_ALL=C grep -q "$(printf '[\033\177\233\235]')" "$@" ||
	    LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$@"; then
		fail "$name: a control character reached the terminal: $(od -c "$@" | head -5)"
	else
		echo "ok: $name: no escapes"
	fi
}
esc=$(printf '\033]0;owned\007\033[2J')
c1=$(printf '\302\2332J\302\2350;owned\302\234')
bad=$(printf '\377\376\233')
cat > esc.lua <<EOF
scenario { title = "T$esc$c1$bad", start = 2025, years = 1,
  description = "D$esc" }
lever "x" { kind = "choice", label = "L$esc$c1", options = { "o$esc$c1$bad", "p" },
  unit = "u$c1", group = "g$esc" }
lever "s" { kind = "slider", label = "S$c1", min = 0, max = 1, unit = "u$esc$c1" }
assume "a" { value = 1, label = "A$esc", unit = "u$c1", source = "s$esc" }
output "y" { label = "Y$esc", unit = "u$esc$c1$bad" }
function project(area, prev, L, year)
  print("p$esc$c1$bad", area.name)
  return { y = 1 }
end
EOF
printf 'id,name,pop\nE1,N%s%s,1\n' "$esc" "$c1" > esc.csv
"$LEVER" check esc.lua --baseline esc.csv > out.txt 2> err.txt ||
    fail "lever check on escapes: exit $?: $(cat err.txt)"
no_escapes "lever check" out.txt err.txt
"$LEVER" run esc.lua --baseline esc.csv --format table > out.txt 2> err.txt ||
    fail "--format table on escapes: exit $?"
grep -q 'owned' out.txt || fail "--format table: the title is not shown"
no_escapes "--format table and print" out.txt err.txt
"$LEVER" run esc.lua --baseline esc.csv --format table --set "x=nope$esc$c1" \
    > out.txt 2> err.txt
no_escapes "--set naming a script's options" out.txt err.txt
"$LEVER" run esc.lua --baseline esc.csv > out.txt 2> err.txt
LC_ALL=C grep -q "$(printf 'E1,N\033]0;owned\007\033\\[2J\302\2332J')" out.txt ||
    fail "the CSV did not keep the baseline's bytes: $(od -c out.txt | head)"
no_escapes "print in lever run" err.txt
cat > esc2.lua <<EOF
scenario { title = "T", start = 2025, years = 1 }
output "y" { label = "Y" }
function project(area, prev, L, year) error("E$esc$c1$bad") end
EOF
"$LEVER" run esc2.lua --baseline esc.csv > out.txt 2> err.txt
no_escapes "an error message" out.txt err.txt
printf 'id,name,pop\nE1,N%s,1\nE1,M%s,x%s\n' "$esc" "$c1" "$c1" > esc3.csv
"$LEVER" run esc2.lua --baseline esc3.csv > out.txt 2> err.txt
grep -q 'esc3.csv:3' err.txt || fail "no problem reported for esc3.csv: $(cat err.txt)"
no_escapes "baseline problems" out.txt err.txt
LC_ALL=C "$LEVER" check esc.lua --baseline esc.csv > out.txt 2> err.txt
LC_ALL=C grep -q "$(printf '[\200-\377]')" out.txt err.txt &&
    fail "lever check in the C locale: bytes past ASCII reached the terminal"
rm -f esc.lua esc2.lua esc.csv esc3.csv out.txt err.txt

# CSV export: text a spreadsheet would run as a formula starts with ' by
# default (numbers never change); --keep-formulas and JSON keep it exact.
cat > formula.csv <<'EOF'
id,name,pop
=1+1,"=HYPERLINK(""http://x"",""y"")",1
@A,+SUM(A1),2
-5,-2.5,3
B,-cmd|' /C calc'!A0,4
EOF
cat > formula.lua <<'EOF'
scenario { title = "formulas", start = 2025, years = 1 }
output "x" { label = "X" }
function project(area, prev, L, year) return { x = -area.pop } end
EOF
"$LEVER" run formula.lua --baseline formula.csv > out.txt 2> err.txt ||
    fail "formulas: exit $?: $(cat err.txt)"
for want in "'=1+1,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",2026,x,-1" \
    "'@A,'+SUM(A1),2026,x,-2" "-5,-2.5,2026,x,-3" \
    "B,'-cmd|' /C calc'!A0,2026,x,-4"; do
	grep -qxF -- "$want" out.txt || fail "formulas: no line $want in: $(cat out.txt)"
done
"$LEVER" run formula.lua --baseline formula.csv --keep-formulas > out.txt
grep -qxF -- '=1+1,"=HYPERLINK(""http://x"",""y"")",2026,x,-1' out.txt ||
    fail "--keep-formulas: changed the text: $(cat out.txt)"
"$LEVER" run formula.lua --baseline formula.csv --format json > out.txt
grep -qF -- '"id": "=1+1"' out.txt || fail "JSON: changed the text"
echo "ok: formulas neutralised in CSV text only"
# -o replacing a file keeps its mode
: > kept.csv
chmod 600 kept.csv
"$LEVER" run formula.lua --baseline formula.csv -o kept.csv ||
    fail "-o kept.csv: exit $?"
[ "$(stat -c %a kept.csv)" = 600 ] ||
    fail "-o replacing a 0600 file made it $(stat -c %a kept.csv)"
echo "ok: -o keeps a replaced file's mode"
# -o to a FIFO nobody reads: an error at once, not a wait
if mkfifo nobody.fifo 2>/dev/null; then
	run_cmd "-o to a FIFO nobody reads" 3 "nobody.fifo: cannot write: it is a pipe that no program is reading" \
	    run formula.lua --baseline formula.csv -o nobody.fifo
	rm -f nobody.fifo
fi
rm -f formula.csv formula.lua kept.csv out.txt err.txt

# Numbers: math.random over the whole integer range, a choice past the
# limit, totals beyond the largest double, a flood of declaration problems.
cat > rnd.lua <<'EOF'
scenario { title = "random", start = 2025, years = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
  local a = math.random(math.mininteger, math.maxinteger)
  local b = math.random(math.mininteger, -1) + math.random(0) * 0
  local c = math.random(-3, math.maxinteger)
  assert(math.type(a) == "integer" and b < 0 and c >= -3)
  assert(math.random(5, 5) == 5)
  return { x = 1 }
end
EOF
run_cmd "math.random over the whole integer range" 0 '^ *$' \
    run rnd.lua --baseline base.csv
{
	echo 'scenario { title = "choices", start = 2025, years = 1 }'
	printf 'lever "c" { kind = "choice", options = {'
	i=0; while [ $i -lt 1200 ]; do printf '"o%d",' $i; i=$((i + 1)); done
	echo '} }'
	echo 'output "x" { label = "X" }'
	echo 'function project(area, prev, L, year) return { x = 1 } end'
} > choices.lua
run_cmd "a choice of 1200 options" 1 \
    "choices.lua:2: lever 'c': more than 1000 options; a scenario may declare at most 1000" \
    check choices.lua --baseline base.csv
cat > big.lua <<'EOF'
scenario { title = "big", start = 2025, years = 1 }
output "x" { label = "X", unit = "u" }
output "m" { label = "M", total = "mean" }
function project(area, prev, L, year) return { x = 1e308, m = 1e300 } end
EOF
stdout_ok=1
run_cmd "a total beyond the largest number" 1 \
    "big.lua: output 'x': the total for all areas in 2026 is beyond the largest number.*written with no value" \
    run big.lua --baseline base.csv --totals
grep -qx 'TOTAL,All areas,2026,x,' out.txt || fail "overflowed total: $(cat out.txt)"
grep -qx 'TOTAL,All areas,2026,m,1e+300' out.txt || fail "the mean: $(cat out.txt)"
run_cmd "a total beyond the largest number, as a table" 1 \
    "shown as 'overflow'" run big.lua --baseline base.csv --format table
grep -q '^2026 *overflow' out.txt || fail "table: no overflow marker: $(cat out.txt)"
printf 'id,name,region\nA1,Alpha,North\nB2,Beta,North\n' > regions.csv
run_cmd "a group total beyond the largest number" 1 \
    "output 'x': the total for North in 2026" \
    run big.lua --baseline regions.csv --group region
grep -qx 'GROUP,North,2026,x,' out.txt || fail "group overflow: $(cat out.txt)"
stdout_ok=
run_cmd "no totals asked for: no overflow" 0 '^ *$' run big.lua --baseline base.csv
{
	echo 'scenario { title = "flood", start = 2025, years = 1 }'
	printf 'lever "x" { kind = "slider", min = 0, max = 1'
	i=0; while [ $i -lt 5000 ]; do printf ', f%d = 1' $i; i=$((i + 1)); done
	echo ' }'
	echo 'output "x" { label = "X" }'
	echo 'function project(area, prev, L, year) return { x = 1 } end'
} > flood.lua
run_cmd "a flood of declaration problems" 1 \
    "flood.lua: \.\.\. and 4900 more problems in the declarations" \
    check flood.lua --baseline base.csv
[ "$(grep -c "unknown field" err.txt)" -eq 100 ] ||
    fail "flood: $(grep -c "unknown field" err.txt) problems listed, not 100"
rm -f rnd.lua choices.lua big.lua flood.lua regions.csv out.txt err.txt

# Isolation: the worker dies; the parent says so and carries on.
cat > good.lua <<'EOF'
scenario { title = "good", start = 2025, years = 3 }
output "x" { label = "X" }
function project(area, prev, L, year)
  return { x = (prev.x or area.pop) + 1 }
end
EOF

# Baselines are held by the process that owns the screen, and a script
# chooses its baseline: too many columns, values or bytes of text are
# refused with a message, before they take the memory.
awk 'BEGIN { printf "id,name"; for (i = 0; i < 70000; i++) printf ",c%d", i;
    print ""; print "A1,Alpha" }' > wide.csv
run_cmd "a baseline of 70,000 columns" 1 \
    "wide.csv:1:65537: the header has more than 65536 columns" \
    run good.lua --baseline wide.csv
awk 'BEGIN { printf "id,name"; for (i = 0; i < 40000; i++) printf ",c%d", i;
    print ""; for (r = 0; r < 300; r++) { printf "A%d,N", r;
    for (i = 0; i < 40000; i++) printf ","; print "" } }' > cells.csv
run_cmd "a baseline of 12 million values" 1 \
    "cells.csv:211:1: the baseline is too large: 210 rows of 40002 columns are more than the 8 million values lever holds" \
    run good.lua --baseline cells.csv
rm -f wide.csv cells.csv out.txt err.txt

# Faults that are not the script's. A memory cap the sandbox cannot start
# under is a usage error, not a crash blamed on the script.
run_cmd "--max-memory 0.001" 2 "--max-memory takes 1 \(MB\) or more, not '0.001'" \
    run good.lua --baseline base.csv --max-memory 0.001
run_cmd "--max-memory 1 is enough" 0 '^ *$' \
    run good.lua --baseline base.csv --max-memory 1
# With stdin and stdout closed, the worker's pipe must not land on 0 or 1.
"$LEVER" run good.lua --baseline base.csv -o closed.csv <&- >&- 2> err.txt
rc=$?
if [ "$rc" -ne 0 ] || ! grep -q '^B2,Beta,2028,x,203$' closed.csv; then
	fail "stdin and stdout closed: exit $rc: $(cat err.txt)"
else
	echo "ok: stdin and stdout closed"
fi
"$LEVER" check good.lua --baseline base.csv <&- 2> err.txt > out.txt ||
    fail "stdin closed: lever check: $(cat err.txt)"
rm -f closed.csv
# A worker that cannot start is a system failure: exit status 3.
(ulimit -n 4 && exec "$LEVER" run good.lua --baseline base.csv) \
    > out.txt 2> err.txt
rc=$?
if [ "$rc" -ne 3 ] || ! grep -q "good.lua: cannot start a worker: Too many open files" err.txt; then
	fail "no descriptors for a worker: exit $rc, not 3: $(cat err.txt)"
else
	echo "ok: a worker that cannot start: exit 3"
fi
# A worker killed from outside (the OOM killer, an administrator) is not
# the script's fault: said so, exit status 3.
cat > spin.lua <<'EOF'
scenario { title = "spin", start = 2025, years = 1 }
output "x" { label = "X" }
function project(area, prev, L, year) while true do end end
EOF
"$LEVER" run spin.lua --baseline base.csv --max-instructions 1e18 \
    --timeout 120 > out.txt 2> err.txt &
lever_pid=$!
worker_of() { pgrep -P "$1" 2>/dev/null | head -n 1 | grep .; }
if worker=$(poll worker_of "$lever_pid"); then
	kill -KILL "$worker"
	wait "$lever_pid"
	rc=$?
	if [ "$rc" -ne 3 ] || ! grep -q "spin.lua: the rules process was killed from outside lever (Killed" err.txt; then
		fail "worker killed from outside: exit $rc: $(cat err.txt)"
	else
		echo "ok: a worker killed from outside: exit 3"
	fi
else
	kill "$lever_pid" 2>/dev/null
	fail "the spinning worker never appeared"
fi
rm -f spin.lua out.txt err.txt

# Fuzzing regressions: whatever they are, lever answers 0 or 1.
for f in "$regress"/*; do
	[ -f "$f" ] || continue
	case $f in
	*.csv)	set -- run good.lua --baseline "$f" ;;
	*)	set -- run "$f" --baseline base.csv ;;
	esac
	timeout "$run_timeout" "$LEVER" "$@" --max-instructions 1e6 \
	    --max-memory 64 --timeout 5 > /dev/null 2> err.txt
	rc=$?
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
		fail "regress $(basename "$f"): exit status $rc: $(head -c 300 err.txt)"
	else
		echo "ok: regress $(basename "$f") (exit $rc)"
	fi
	rm -f err.txt
done

# After all that, lever still works.
if ! timeout "$run_timeout" "$LEVER" run good.lua --baseline base.csv > out.txt 2> err.txt; then
	fail "the good scenario failed afterwards: $(cat err.txt)"
elif [ "$(grep -c . out.txt)" -ne 7 ] || ! grep -q '^B2,Beta,2028,x,203$' out.txt; then
	fail "the good scenario gave wrong results afterwards: $(cat out.txt)"
else
	echo "ok: a good scenario runs afterwards"
fi
if ! timeout "$run_timeout" "$LEVER" check good.lua --baseline base.csv > /dev/null 2>&1; then
	fail "lever check failed on the good scenario afterwards"
fi

finish
