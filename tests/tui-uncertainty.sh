#!/bin/sh
# How sure we are, on the screen: with bands on, the current settings and
# the reference are both sampled (with the same draws) and banded; the
# table's chance column and the chart's headline agree with lever run's
# "better" share; the tornado (t) ranks the assumptions as lever run
# --sensitivity does, with its figures; the keys that choose the output
# and year work while it is open.
set -u
. "${top_srcdir:?}/tests/tmux-lib.sh"
cp "$top_srcdir/tests/data/tui/uncertain.lua" "$work/"
cd "$work" || exit 99

# pct X: X (a share, 0..1) as a whole percent
pct() { awk -v x="$1" 'BEGIN { printf "%d", x * 100 + 0.5 }'; }
# near A B: whole numbers A and B at most 1 apart (a share of 200 on the
# half is rounded either way)
near() { [ "$1" -ge $(($2 - 1)) ] && [ "$1" -le $(($2 + 1)) ]; }

"$LEVER" run uncertain.lua --set share=0.6 --samples 200 --change \
    --totals > samples.csv || fail "lever run --samples"
"$LEVER" run uncertain.lua --set share=0.6 --sensitivity --totals \
    > sens.csv || fail "lever run --sensitivity"

echo "1. bands around the current settings and the reference"
start 120 40 -- uncertain.lua
expect "Share kept" levers
keys +
expect "60%" "share moved to 60%"
keys b
expect "current, middle 90% of 200/200" "the current settings' band"
expect "defaults, middle 90% of 200/200" "the reference's band"

echo "2. the chance column agrees with lever run's better share"
expect "chance" "the chance column"
for area in Ashby Brill Cotes Dunham Eastwick; do
	want=$(pct "$(grep ",$area,2023,kept,better," samples.csv | cut -d, -f6)")
	got=$(screen | grep "$area" | grep -o '[0-9]*%' | tail -n 1 | tr -d %)
	[ -n "$got" ] && near "$got" "$want" ||
	    fail "$area: the screen says '$got%' better off, lever run $want%"
done
want=$(pct "$(grep "^TOTAL,.*,2023,kept,better," samples.csv | cut -d, -f6)")
got=$(screen | grep -o '[0-9]*% chance better off' | tr -dc 0-9)
[ -n "$got" ] && near "$got" "$want" ||
    fail "headline: '$got%' chance better off, lever run $want%"
# Phi(1) = 84%: 200 samples put it within 5 points
[ "$got" -ge 79 ] && [ "$got" -le 89 ] ||
    fail "the chance $got% is far from the 84% the distribution gives"

echo "3. the tornado: growth first, then the cost, lever run's figures"
keys t
expect "Which assumption matters" "the tornado"
expect "central: " "the tornado's figures"
g=$(screen | grep -n 'Growth  *[-+]£' | cut -d: -f1)
c=$(screen | grep -n 'Running cost  *[-+]£' | cut -d: -f1)
[ -n "$g" ] && [ -n "$c" ] && [ "$g" -lt "$c" ] ||
    fail "growth's swing is the larger: it comes first (rows '$g', '$c')"
# the cost at its low case (p10 = 60 of 50..150) is 40 less in each of
# five areas: +£200 in all; at its high, -£200 (the low end on the left)
line=$(screen | grep 'Running cost  *[-+]£')
echo "$line" | grep -q -- "-£200 .*+£200" ||
    fail "the cost's swing is not +£200 / -£200: $line"
# growth's, as lever run --sensitivity has it (less the central figure)
lo=$(grep "^TOTAL,.*,2023,kept,growth," sens.csv | awk -F, '{ printf "%.0f", $7 - $6 }')
hi=$(grep "^TOTAL,.*,2023,kept,growth," sens.csv | awk -F, '{ printf "%.0f", $8 - $6 }')
line=$(screen | grep 'Growth  *[-+]£' | tr -d ,)
echo "$line" | grep -q -- "-£${lo#-} .*+£$hi" ||
    fail "growth's swing is not lever run's $lo / +$hi: $line"

echo "4. the year keys work in the tornado"
keys '<'
expect "All areas, 2022" "the tornado follows the year"
keys Escape
expect_not "Which assumption matters" "Esc closes the tornado"
keys '>'

echo "5. a group: its band, its chance and its tornado, its areas added up"
keys f
expect "region: North" "the focus list"
keys Down Down Enter
expect "region: North - vs defaults" "focus on the North (Ashby, Brill)"
expect "defaults, middle 90% of 200/200" "the group's bands"
want=$(awk -F, '$3 == 2023 && $5 == "better" && ($2 == "Ashby" || $2 == "Brill") { print $6 }' samples.csv | sort -u)
[ "$(echo "$want" | wc -l)" -eq 1 ] || fail "Ashby and Brill differ in lever run: $want"
got=$(screen | grep -o '[0-9]*% chance better off' | tr -dc 0-9)
[ -n "$got" ] && near "$got" "$(pct "$want")" ||
    fail "the North: '$got%' chance better off, lever run $(pct "$want")%"
keys t
expect "Growth kept, region: North, 2023" "the group's tornado"
expect "central: " "the group's tornado's figures"
# the cost: 40 in each of two areas
screen | grep 'Running cost  *[-+]£' | grep -q -- "-£80 .*+£80" ||
    fail "the North's cost swing is not +£80 / -£80: $(screen | grep 'Running cost')"
keys Escape
keys q
wait_exit 0

echo "6. a band of rounding noise is no band: the line at 0, axis -1 to 1"
cat > noise.lua <<'LUA'
scenario { title = "Noise", baseline = "areas.csv", start = 2024, years = 3 }
assume "g" { value = 1.1, label = "Growth",
  distribution = { kind = "uniform", min = 1, max = 1.2 } }
lever "on" { kind = "toggle", label = "On", default = false }
output "gap" { label = "Gap", unit = "", total = "sum" }
function project(area, prev, L, year)
  local a = area.jobs * A.g * year
  return { gap = (a * 0.1 + a * 0.2) - a * 0.3 }
end
LUA
"$LEVER" run noise.lua --samples 200 --totals |
    grep -q '^TOTAL,All areas,2025,gap,p95,[1-9]' ||
    fail "the test's bands should be rounding noise, not 0"
start 160 48 -- --fresh noise.lua
expect "2027: 0" "the noise total shows as 0"
keys b
expect "defaults, middle 90% of 200/200" "all the noise sampled"
expect "-1┤" "the axis of a flat line"
[ "$(screen | grep -c '0┤')" -eq 1 ] ||
    fail "the axis repeats 0: a band of noise was drawn"
keys q
wait_exit 0

[ $fails -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all passed"
