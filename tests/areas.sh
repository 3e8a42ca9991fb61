#!/bin/sh
# areas.sh: the area tables carry only the columns a rule names, yet a rule
# sees every column as before: read by a name made at run time, through
# pairs, in prev's first year, in a state made of prev and read by settle
# in another part, and where a cell is missing. Needs LEVER and top_srcdir.
set -u
. "${top_srcdir:?}/tests/scenario-lib.sh"
workdir areas

cat >"$T/b.csv" <<'CSV'
code,name,pop,score,label,gap
A1,Alpha,100,2.5,north,
B2,Beta,200,4,south,7
C3,Gamma,300,0.5,north,1
CSV

# No column name is written whole in the script: each is made at run time.
cat >"$T/s.lua" <<'LUA'
scenario { title = "areas", baseline = "b.csv", id = "code",
  name = "name", start = 2025, years = 2 }
output "score" {}
output "fields" {}
output "prevpop" {}
output "gap" {}
output "settled" {}
local function col(a, b) return a .. b end
function project(area, prev, L, year)
  local n = 0
  for k, v in pairs(area) do
    if k == "id" or k == "name" or area[k] == v then n = n + 1 end
  end
  prev.score = area[col("sc", "ore")]
  prev.fields = n
  prev.prevpop = prev[col("po", "p")] or -1
  prev.gap = area[col("ga", "p")] or -1
  prev.settled = 0
  return prev
end
function settle(year, states, L)
  for _, id in ipairs(AREAS) do
    local s = states[id]
    s.settled = s[col("la", "bel")] == "north" and 1 or 2
  end
end
LUA

for w in 1 2; do
	if ! LEVER_WORKERS=$w "$LEVER" run "$T/s.lua" -o "$T/out$w.csv" \
	    2>"$T/err"; then
		fail "lever run ($w workers): $(cat "$T/err")"
		continue
	fi
	cat >"$T/want" <<'CSV'
id,name,year,output,value
A1,Alpha,2026,score,2.5
A1,Alpha,2026,fields,6
A1,Alpha,2026,prevpop,100
A1,Alpha,2026,gap,-1
A1,Alpha,2026,settled,1
A1,Alpha,2027,score,2.5
A1,Alpha,2027,fields,6
A1,Alpha,2027,prevpop,100
A1,Alpha,2027,gap,-1
A1,Alpha,2027,settled,1
B2,Beta,2026,score,4
B2,Beta,2026,fields,7
B2,Beta,2026,prevpop,200
B2,Beta,2026,gap,7
B2,Beta,2026,settled,2
B2,Beta,2027,score,4
B2,Beta,2027,fields,7
B2,Beta,2027,prevpop,200
B2,Beta,2027,gap,7
B2,Beta,2027,settled,2
C3,Gamma,2026,score,0.5
C3,Gamma,2026,fields,7
C3,Gamma,2026,prevpop,300
C3,Gamma,2026,gap,1
C3,Gamma,2026,settled,1
C3,Gamma,2027,score,0.5
C3,Gamma,2027,fields,7
C3,Gamma,2027,prevpop,300
C3,Gamma,2027,gap,1
C3,Gamma,2027,settled,1
CSV
	diff -u "$T/want" "$T/out$w.csv" || fail "results ($w workers)"
done

# A rule may still change its area table (only its own run sees it), but
# not the tables' metatable.
cat >"$T/m.lua" <<'LUA'
scenario { title = "areas", baseline = "b.csv", id = "code",
  name = "name", start = 2025, years = 1 }
output "x" {}
function project(area, prev, L, year)
  area.pop = area.pop + 1
  local ok = pcall(setmetatable, area, {})
  return { x = (ok and 1000 or 0) + area.pop }
end
LUA
if "$LEVER" run "$T/m.lua" -o "$T/m.csv" 2>"$T/err"; then
	grep -q '^A1,Alpha,2026,x,101$' "$T/m.csv" ||
	    fail "a changed area table, or its metatable: $(cat "$T/m.csv")"
else
	fail "lever run m.lua: $(cat "$T/err")"
fi

finish
