#!/bin/sh
# lever run and lever check under valgrind: no errors and nothing
# definitely lost, in the parent and (separately) in a worker. Skipped
# (77) when valgrind is not installed or lever is built with ASan.
: "${LEVER:?LEVER must name the lever binary}"
command -v valgrind > /dev/null 2>&1 || { echo "skip: no valgrind"; exit 77; }
if grep -q __asan_init "$LEVER" 2>/dev/null; then
	echo "skip: lever is built with AddressSanitizer"
	exit 77
fi

. "${top_srcdir:?}/tests/scenario-lib.sh"
workdir valgrind
cd "$T" || exit 99

# Valgrind 3.19 cannot read clang 14's DWARF 5 debug information.
if ! valgrind -q --log-file=vg.pre.log "$LEVER" --version > /dev/null 2>&1 ||
    grep -q "debuginfo reader" vg.pre.log; then
	echo "skip: valgrind cannot run this lever binary (built by clang with"
	echo "DWARF 5? configure with CFLAGS='-g -gdwarf-4'):"
	cat vg.pre.log
	exit 77
fi
rm -f vg.pre.log

cat > base.csv <<'CSV'
id,name,pop
A1,Alpha,100
B2,Beta,200
CSV
cat > good.lua <<'LUA'
scenario { title = "good", start = 2025, years = 3 }
lever "share" { kind = "slider", min = 0, max = 1, default = 0.5 }
lever "pot" { kind = "split", parts = { {"skills", 60}, {"housing", 40} } }
assume "growth" { value = 0.02 }
output "x" { label = "X" }
function project(area, prev, L, year)
  return { x = (prev.x or area.pop) * (1 + A.growth) + L.share + L.pot.skills }
end
function settle(year, states, L)
  states.A1.x = states.A1.x + 1
end
LUA
cat > bad.lua <<'LUA'
scenario { title = "bad", start = 2025, years = 3 }
output "x" { label = "X" }
function project(area, prev, L, year)
  return { x = area.nothing + 1 }
end
LUA
cat > loop.lua <<'LUA'
scenario { title = "loop", start = 2025, years = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
  while true do pcall(function() while true do end end) end
end
LUA

# bad WHAT LOG: a failure, and valgrind's log.
bad() {
	fail "$1"
	cat "$2"
}

# vg NAME ARGS...: run lever under valgrind. Valgrind follows fork()
# whatever --trace-children says, so each worker gets its own log too.
# The parent (the process that owns the screen in the TUI) must have no
# errors and nothing definitely lost. A worker ends with _exit() without
# freeing its Lua state (a fast exit on purpose), so only memory errors
# count there, not leaks.
vg() {
	name=$1
	shift
	timeout "$run_timeout" valgrind --leak-check=full --errors-for-leak-kinds=definite \
	    --error-exitcode=9 --trace-children=yes --log-file=vg.%p.log \
	    "$LEVER" "$@" > out.txt 2> err.txt
	rc=$?
	[ "$rc" -ne 124 ] || fail "$name: timed out"
	parents=0 workers=0
	for log in vg.*.log; do
		ppid=$(sed -n 's/.*Parent PID: \([0-9]*\).*/\1/p' "$log")
		if [ -f "vg.$ppid.log" ]; then
			workers=$((workers + 1))
			if grep -Eq 'Invalid (read|write|free)|uninitialised|Mismatched free|overlap|Syscall param' "$log"; then
				bad "$name: a memory error in a worker ($log)" "$log"
			fi
		else
			parents=$((parents + 1))
			grep -q 'ERROR SUMMARY: 0 errors' "$log" ||
			    bad "$name: errors in the parent ($log)" "$log"
			grep -q 'definitely lost: [1-9]' "$log" &&
			    bad "$name: a definite leak in the parent ($log)" "$log"
		fi
	done
	[ "$parents" -eq 1 ] || fail "$name: $parents parent logs"
	echo "ok: $name (exit $rc, parent and $workers worker(s) checked)"
	rm -f vg.*.log
}

vg "run" run good.lua --baseline base.csv --set share=0.7
grep -q '^B2,Beta,2028,x,' out.txt || fail "run gave no results"
vg "run --format json -o FILE" run good.lua --baseline base.csv --format json -o out.json
[ -s out.json ] || fail "run -o wrote nothing"
vg "check" check good.lua --baseline base.csv
vg "run, failing rules" run bad.lua --baseline base.csv
vg "check, failing rules" check bad.lua --baseline base.csv
vg "run, instruction budget" run loop.lua --baseline base.csv --max-instructions 1e5

finish
