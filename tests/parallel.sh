#!/bin/sh
# Parallel recompute: lever run must print the same bytes with one worker
# process as with two or three (LEVER_WORKERS), on scenarios without settle,
# with settle (states meet in one worker each year), with states that cannot
# travel between workers (nested tables: lever falls back to one worker),
# and with errors in areas that a second worker projects. Needs LEVER.
set -u
. "${top_srcdir:?}/tests/scenario-lib.sh"
workdir parallel
# A baseline of 257 areas (an odd count, so slices differ in size), with
# text, integer, decimal and missing cells.
awk 'BEGIN {
	print "id,name,kind,pop,score,flag"
	for (i = 1; i <= 257; i++) {
		score = (i % 7 == 0) ? "" : sprintf("%.3f", (i * 37 % 101) / 3)
		printf "A%04d,Area %d,%s,%d,%s,%d\n", i, i,
		    (i % 3 == 0) ? "town" : "city", 1000 + i * 13, score, i % 2
	}
}' >"$T/areas.csv"

cat >"$T/nosettle.lua" <<'EOF'
scenario { title = "No settle", baseline = "areas.csv", start = 2025, years = 6 }
assume "g" { value = 0.013 }
lever "rate" { kind = "slider", min = 0, max = 1, default = 0.25 }
lever "mode" { kind = "choice", options = { "even", "town" }, default = "town" }
output "pop" { total = "sum" }
output "noise" { total = "mean" }
output "count" { total = "sum" }
function project(area, prev, L, year)
  local st = { pop = prev.pop * (1 + A.g) + (area.score or 0) * L.rate,
               count = (prev.count or 0) + 1, tag = area.kind }
  if L.mode == "town" and area.kind == "town" then st.pop = st.pop * 1.01 end
  st.noise = math.random() + math.random(1, 6)
  return st
end
EOF

cat >"$T/settle.lua" <<'EOF'
scenario { title = "Settle", baseline = "areas.csv", start = 2025, years = 6 }
lever "share" { kind = "slider", min = 0, max = 1, default = 0.3 }
lever "pool" { kind = "toggle", default = true }
output "pop" { total = "sum" }
output "got" { total = "sum" }
output "rank" { total = "none" }
output "big" { total = "sum" }
output "isint" { total = "sum" }
function project(area, prev, L, year)
  local st = { pop = prev.pop * (1.01 + math.random() / 100), kind = area.kind,
               n = (prev.n or 0) + 1, odd = area.flag == 1, big = 2^53 + 1,
               gone = "removed by settle" }
  if prev.got then st.pop = st.pop + prev.got / 2 end
  st.rank = prev.rank or 0
  st.isint = (prev.n == nil or math.type(prev.n) == "integer") and 1 or 0
  return st
end
function settle(year, states, L)
  local ids, total = {}, 0
  for id in pairs(states) do ids[#ids + 1] = id end
  table.sort(ids)
  for _, id in ipairs(ids) do total = total + states[id].pop end
  local mean = total / #ids
  for i, id in ipairs(ids) do
    local st = states[id]
    st.got = L.pool and (mean - st.pop) * L.share or 0
    st.rank = i + math.random()
    st.gone = nil
    if st.odd then st.big = st.big + year end
  end
  -- a state replaced by a new table is kept too
  local first = ids[1]
  states[first] = { pop = 1, got = 2, rank = 3, big = 4, isint = 5,
                    n = states[first].n }
end
EOF

cat >"$T/nested.lua" <<'EOF'
scenario { title = "Nested", baseline = "areas.csv", start = 2025, years = 4 }
output "pop" { total = "sum" }
function project(area, prev, L, year)
  local hist = prev.hist or {}
  hist[#hist + 1] = prev.pop
  return { pop = prev.pop + #hist, hist = hist }
end
function settle(year, states, L)
  for id, st in pairs(states) do st.pop = st.pop + #st.hist / 10 end
end
EOF

# A rule that keeps each area's state in a table of its own and reads it
# back next year instead of prev: settle's changes must reach it as they
# do in one worker, and a state settle replaces must not be changed.
cat >"$T/cached.lua" <<'EOF'
scenario { title = "Cached", baseline = "areas.csv", start = 2025, years = 5 }
output "pop" { total = "sum" }
output "bonus" { total = "sum" }
local cache = {}
function project(area, prev, L, year)
  local last = cache[area.id] or prev
  local st = { pop = last.pop + 1, bonus = last.bonus or 0, was = last.tag }
  cache[area.id] = st
  return st
end
function settle(year, states, L)
  for id, st in pairs(states) do st.bonus = st.bonus + 1; st.tag = nil end
  states.A0250 = { pop = 0, bonus = 100, tag = "new" }
  states.A0005 = { pop = 0, bonus = 100, tag = "new" }
end
EOF

cat >"$T/late_error.lua" <<'EOF'
scenario { title = "Late error", baseline = "areas.csv", start = 2025, years = 5 }
output "pop" { total = "sum" }
function project(area, prev, L, year)
  if area.id == "A0200" and year == 2028 then error("bad area 200") end
  if area.id == "A0010" and year == 2029 then error("bad area 10") end
  return { pop = prev.pop + 1 }
end
EOF
{ cat "$T/late_error.lua"; echo 'function settle(year, states, L) end'; } \
    >"$T/late_error_settle.lua"

cat >"$T/settle_output.lua" <<'EOF'
scenario { title = "Bad output", baseline = "areas.csv", start = 2025, years = 5 }
output "pop" { total = "sum" }
function project(area, prev, L, year) return { pop = prev.pop + 1 } end
function settle(year, states, L)
  if year == 2027 then states.A0250.pop = "x"; states.A0100.pop = nil end
end
EOF

# same NAME ARGS...: lever run with 1, 2 and 3 workers prints the same.
same() {
	name=$1
	shift
	for w in 1 2 3; do
		LEVER_WORKERS=$w timeout 60 "$LEVER" run "$@" --format csv \
		    >"$T/$name.$w.out" 2>"$T/$name.$w.err"
		echo $? >"$T/$name.$w.rc"
	done
	for w in 2 3; do
		cmp -s "$T/$name.1.out" "$T/$name.$w.out" ||
		    fail "$name: output with $w workers differs from 1 worker"
		cmp -s "$T/$name.1.err" "$T/$name.$w.err" ||
		    fail "$name: messages with $w workers differ: $(cat "$T/$name.$w.err")"
		cmp -s "$T/$name.1.rc" "$T/$name.$w.rc" ||
		    fail "$name: exit status with $w workers differs"
	done
}

same nosettle "$T/nosettle.lua"
same nosettle_set "$T/nosettle.lua" --set rate=0.9 --set mode=even --seed 7
same settle "$T/settle.lua"
same settle_set "$T/settle.lua" --set pool=false --seed 3
same nested "$T/nested.lua"
same cached "$T/cached.lua"
same late_error "$T/late_error.lua"
same late_error_settle "$T/late_error_settle.lua"
same settle_output "$T/settle_output.lua"

# The outputs must be real results, not an empty run that matches.
[ "$(wc -l <"$T/settle.1.out")" -eq $((257 * 6 * 5 + 1)) ] ||
    fail "settle: expected $((257 * 6 * 5)) result rows"
grep -q "^A0100,Area 100,2030,bonus,5$" "$T/cached.2.out" ||
    fail "cached: settle's changes did not reach a state kept by project"
grep -q 'bad area 200' "$T/late_error.2.err" ||
    fail "late_error: the first error (area 200, 2028) is not reported"
grep -q "^A0001,Area 1,2026,pop,1$" "$T/settle.2.out" ||
    fail "settle: a state replaced in settle is not kept"

if [ -f "$top_srcdir/scenarios/business_rates.lua" ] &&
    [ -f "$top_srcdir/scenarios/data/england_la.csv" ]; then
	same business_rates "$top_srcdir/scenarios/business_rates.lua"
	same business_rates_pool "$top_srcdir/scenarios/business_rates.lua" \
	    --set pooling=county --set local_share=0.75
fi

finish
