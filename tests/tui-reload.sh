#!/bin/sh
# A module the script requires is watched like the script: an officer who
# edits lib/rate.lua during a workshop sees the screen reload with it (a
# broken edit shows the error with the module's file and line, and the
# last good numbers stay), and lever report hashes the module with the
# script and the baseline.
set -u
. "${top_srcdir:?}/tests/tmux-lib.sh"
mkdir -p "$work/lib"
cat > "$work/mod.lua" <<'LUA'
local rate = require "lib.rate"
scenario { title = "Module test", baseline = "areas.csv", start = 2024,
  years = 1 }
lever "on" { kind = "toggle", label = "On", default = true }
output "paid" { label = "Paid", unit = "" }
function project(area, prev, L, year)
  return { paid = area.jobs * rate.k }
end
LUA
echo 'return { k = 2 }' > "$work/lib/rate.lua"

echo "1. the module's numbers"
start 80 24 -- mod.lua
expect "2025: 21,000" "jobs (10,500) times 2"

echo "2. the module edited: reloaded with it"
echo 'return { k = 3 }' > "$work/lib/rate.lua"
expect "reloaded" "the screen reloads"
expect "2025: 31,500" "jobs times 3"

echo "3. the module broken: its file and line, the last numbers kept"
printf 'return {\n  k = \n' > "$work/lib/rate.lua"
expect "rate.lua:" "the error names the module's file"
expect "2025: 31,500" "the last good numbers stay"
echo 'return { k = 4 }' > "$work/lib/rate.lua"
expect "2025: 42,000" "fixed: jobs times 4"
keys q
wait_exit 0

echo "4. the report hashes the module"
(cd "$work" && "$LEVER" report mod.lua -f md -o report.md) ||
    fail "lever report"
sum=$(sha256sum "$work/lib/rate.lua" | cut -d' ' -f1)
grep "Module" "$work/report.md" | grep "lib/rate.lua" | grep -q "$sum" ||
    fail "the report's footer lacks the module's hash $sum: $(grep -A6 SHA-256 "$work/report.md")"

[ $fails -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all passed"
