#!/bin/sh
# lever sweep and lever merge: every point's rows are lever run's for the
# same settings; shards merged are byte-identical to the unsharded sweep;
# merge refuses shards of another scenario, baseline, grid or seed, and
# missing, doubled or incomplete shards; a sweep stopped by SIGINT leaves
# whole points and --resume finishes it byte-identical to an uninterrupted
# run; a Latin hypercube is reproducible and stratified; the summary names
# the best point. Needs LEVER and top_srcdir.
set -u
. "${top_srcdir:?}/tests/scenario-lib.sh"
workdir sweep
pid=
at_exit='if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; fi'
mkdir "$T/s"
cat >"$T/s/areas.csv" <<'EOF'
code,name,pop
A1,Alpha,100
A2,"Beta, upon ""Sea""",200
A3,=Gamma,300
EOF
cat >"$T/s/s.lua" <<'EOF'
scenario { title = "Sweep test", baseline = "areas.csv", id = "code",
           name = "name", start = 2025, years = 3 }
assume "g" { value = 0.1, source = "test" }
lever "x" { kind = "slider", min = 0, max = 10, step = 1, default = 1 }
lever "mode" { kind = "choice", options = { "low", "high" }, default = "low" }
lever "flag" { kind = "toggle" }
lever "spin" { kind = "slider", min = 0, max = 1e9, step = 1, default = 0 }
output "v" { total = "sum" }
output "w" { total = "mean", better = "lower" }
function project(area, prev, L, year)
  -- one slow point, for stopping a sweep in the middle
  if L.spin > 0 and L.x == 5 and area.code == "A1" and year == 2026 then
    local s = 0
    for i = 1, L.spin do s = s + i end
  end
  if L.x == 9 and L.mode == "high" then error("no rule for nine") end
  local v = (prev.v or area.pop) * (1 + A.g) +
    L.x * (L.mode == "high" and 2 or 1) * area.pop / 100
  return { v = v, w = L.x - area.pop / 100 + (L.flag and 1 or 0) }
end
EOF
S="$T/s/s.lua"
ROWS=18		# 3 areas x 3 years x 2 outputs
have_python=0
command -v python3 >/dev/null 2>&1 && have_python=1

# --- a grid: every point's rows are lever run's -----------------------------
run grid 0 sweep "$S" --grid x=0:4:1 --grid mode=low,high -o "$T/g.csv"
[ -s "$T/grid.err" ] && fail "grid: stderr is not a terminal, yet: $(head -c 300 "$T/grid.err")"
head -n 1 "$T/g.csv" | grep -q '^# lever-sweep 1 scenario=[0-9a-f]\{64\} baseline=[0-9a-f]\{64\} grid=[0-9a-f]\{64\} seed=[0-9]* shard=1/1 from=0 count=10 total=10 rows=18$' ||
    fail "grid: header is '$(head -n 1 "$T/g.csv")'"
sed -n 2p "$T/g.csv" | grep -qx 'x,mode,id,name,year,output,value' ||
    fail "grid: columns are '$(sed -n 2p "$T/g.csv")'"
[ "$(wc -l <"$T/g.csv")" -eq $((2 + 10 * ROWS)) ] ||
    fail "grid: $(wc -l <"$T/g.csv") lines, expected $((2 + 10 * ROWS))"
p=0
for x in 0 1 2 3 4; do
	for mode in low high; do
		"$LEVER" run "$S" --set x=$x --set mode=$mode |
		    sed 1d | sed "s/^/$x,$mode,/" >"$T/want.csv"
		sed -n "$((3 + p * ROWS)),$((2 + (p + 1) * ROWS))p" "$T/g.csv" \
		    >"$T/got.csv"
		cmp -s "$T/want.csv" "$T/got.csv" ||
		    fail "grid: point $p (x=$x mode=$mode) differs from lever run"
		p=$((p + 1))
	done
done
# the area named =Gamma is guarded as lever run guards it
grep -q "^0,low,A3,'=Gamma,2026,v," "$T/g.csv" || fail "grid: =Gamma not guarded"

# --- shards merged are byte-identical --------------------------------------
for k in 1 2 3; do
	run shard$k 0 sweep "$S" --grid x=0:4:1 --grid mode=low,high \
	    --shard $k/3 -o "$T/sh$k.csv"
done
run merge3 0 merge "$T/sh3.csv" "$T/sh1.csv" "$T/sh2.csv" -o "$T/m3.csv"
cmp -s "$T/m3.csv" "$T/g.csv" || fail "merge of 3 shards differs from the sweep"
# more shards than points: some are empty
i=1
set --
while [ $i -le 12 ]; do
	run shard12_$i 0 sweep "$S" --grid x=0:4:1 --grid mode=low,high \
	    --shard $i/12 -o "$T/t$i.csv"
	set -- "$@" "$T/t$i.csv"
	i=$((i + 1))
done
run merge12 0 merge "$@" -o "$T/m12.csv"
cmp -s "$T/m12.csv" "$T/g.csv" || fail "merge of 12 shards differs from the sweep"

# --- merge refuses shards of other sweeps ----------------------------------
refuse() {
	name=$1 what=$2
	shift 2
	rm -f "$T/bad.csv"
	run "$name" 1 merge "$@" -o "$T/bad.csv"
	expect_err "$name" "$what"
	[ -e "$T/bad.csv" ] && fail "$name: an output was written"
}
run og 0 sweep "$S" --grid x=0:4:2 --grid mode=low,high --shard 2/3 \
    -o "$T/other-grid.csv"
refuse r_grid "grid differs" "$T/sh1.csv" "$T/other-grid.csv" "$T/sh3.csv"
run os 0 sweep "$S" --grid x=0:4:1 --grid mode=low,high --shard 2/3 \
    --seed 99 -o "$T/other-seed.csv"
refuse r_seed "seed differs" "$T/sh1.csv" "$T/other-seed.csv" "$T/sh3.csv"
cp "$S" "$T/s/s2.lua"
echo "-- edited" >>"$T/s/s2.lua"
run osc 0 sweep "$T/s/s2.lua" --grid x=0:4:1 --grid mode=low,high \
    --shard 2/3 -o "$T/other-scenario.csv"
refuse r_scenario "scenario differs" "$T/sh1.csv" "$T/other-scenario.csv" \
    "$T/sh3.csv"
sed 's/^A3,=Gamma,300$/A3,=Gamma,301/' "$T/s/areas.csv" >"$T/s/areas2.csv"
run obl 0 sweep "$S" --baseline "$T/s/areas2.csv" --grid x=0:4:1 \
    --grid mode=low,high --shard 2/3 -o "$T/other-baseline.csv"
refuse r_baseline "baseline differs" "$T/sh1.csv" "$T/other-baseline.csv" \
    "$T/sh3.csv"
run osets 0 sweep "$S" --set flag=true --grid x=0:4:1 --grid mode=low,high \
    --shard 2/3 -o "$T/other-set.csv"
refuse r_set "grid differs" "$T/sh1.csv" "$T/other-set.csv" "$T/sh3.csv"
refuse r_missing "shard 2/3 is missing" "$T/sh1.csv" "$T/sh3.csv"
refuse r_twice "shard 1/3 is given more than once" "$T/sh1.csv" \
    "$T/sh1.csv" "$T/sh2.csv" "$T/sh3.csv"
refuse r_count "shard count" "$T/sh1.csv" "$T/t2.csv"
head -c $(($(wc -c <"$T/sh2.csv") - 7)) "$T/sh2.csv" >"$T/cut.csv"
refuse r_incomplete "incomplete" "$T/sh1.csv" "$T/cut.csv" "$T/sh3.csv"
"$LEVER" run "$S" >"$T/plain.csv"
refuse r_notsweep "not the output of lever sweep" "$T/plain.csv"

# --- resume: a file cut anywhere is finished byte-identical ---------------
for cut in 1 100 $((400 + 17)) $(($(wc -c <"$T/g.csv") - 1)); do
	head -c "$cut" "$T/g.csv" >"$T/r.csv"
	run resume_cut 0 sweep "$S" --grid x=0:4:1 --grid mode=low,high \
	    --resume -o "$T/r.csv"
	cmp -s "$T/r.csv" "$T/g.csv" || fail "resume after a cut at byte $cut differs"
done
cp "$T/g.csv" "$T/r.csv"
run resume_done 0 sweep "$S" --grid x=0:4:1 --grid mode=low,high --resume \
    -o "$T/r.csv"
cmp -s "$T/r.csv" "$T/g.csv" || fail "resume of a finished sweep changed it"
cp "$T/sh2.csv" "$T/r.csv"
run resume_other 2 sweep "$S" --grid x=0:4:1 --grid mode=low,high --resume \
    -o "$T/r.csv"
expect_err resume_other "not this sweep's output"
cmp -s "$T/r.csv" "$T/sh2.csv" || fail "resume changed another sweep's file"

# --- SIGINT in the middle, then --resume ------------------------------------
# point 5 (x=5) spins for a while; points 0-4 are written before it ends
SLOW="--set spin=150000000 --max-instructions 1e11 --timeout 600"
run slow_full 0 sweep "$S" $SLOW --grid x=0:9:1 -o "$T/full.csv"
# (one worker: point 5 starts once points 0-4 are written, so the
# interrupt lands while it spins; on two, it may be done by then)
timeout 600 "$LEVER" sweep "$S" $SLOW --workers 1 --grid x=0:9:1 \
    -o "$T/int.csv" 2>"$T/int.err" &
pid=$!
# five points written (or the sweep gone): point 5 is spinning
five() {
	! kill -0 "$pid" 2>/dev/null ||
	    [ "$({ wc -l <"$T/int.csv"; } 2>/dev/null || echo 0)" -ge $((2 + 5 * ROWS)) ]
}
poll five
kill -INT "$pid" 2>/dev/null
wait "$pid"
st=$?
pid=
if [ "$st" -eq 0 ]; then
	fail "sigint: the sweep ended before it could be stopped"
else
	[ "$st" -eq 130 ] || fail "sigint: exit status $st, expected 130"
	grep -q -- '--resume' "$T/int.err" ||
	    fail "sigint: no word of --resume: $(cat "$T/int.err")"
	lines=$(wc -l <"$T/int.csv")
	[ $(((lines - 2) % ROWS)) -eq 0 ] && [ "$lines" -lt $((2 + 10 * ROWS)) ] ||
	    fail "sigint: $lines lines: not whole points of an unfinished sweep"
	head -c "$(wc -c <"$T/int.csv")" "$T/full.csv" | cmp -s - "$T/int.csv" ||
	    fail "sigint: the points written differ from the full sweep's"
	run resume_int 0 sweep "$S" $SLOW --grid x=0:9:1 --resume -o "$T/int.csv"
	cmp -s "$T/int.csv" "$T/full.csv" ||
	    fail "sigint: resumed sweep differs from the uninterrupted one"
fi

# --- one writer at a time: a file another process has locked is refused ----
if [ "$have_python" = 1 ]; then
	cp "$T/g.csv" "$T/lk.csv"
	python3 -c 'import fcntl, subprocess, sys
f = open(sys.argv[1], "r+")
fcntl.lockf(f, fcntl.LOCK_EX)
sys.exit(subprocess.call(sys.argv[2:]))' "$T/lk.csv" "$LEVER" sweep "$S" \
	    --grid x=0:4:1 --grid mode=low,high -o "$T/lk.csv" \
	    >/dev/null 2>"$T/locked.err"
	[ $? -eq 2 ] || fail "locked: a sweep wrote a file another one holds"
	expect_err locked "another lever sweep is writing it"
	cmp -s "$T/lk.csv" "$T/g.csv" || fail "locked: the file was changed"
fi

# --- a point that fails: the file and line, and whole points kept ----------
run failing 1 sweep "$S" --grid mode=low,high --grid x=8:9:1 -o "$T/f.csv"
expect_err failing "s.lua:16: no rule for nine"
lines=$(wc -l <"$T/f.csv")
[ $(((lines - 2) % ROWS)) -eq 0 ] && [ "$lines" -lt $((2 + 3 * ROWS + 1)) ] ||
    fail "failing: $lines lines: not whole points before the failing one"

# --- Latin hypercube ---------------------------------------------------------
run lhs1 0 sweep "$S" --grid x --grid mode --grid flag --lhs 8 --seed 3 \
    --output v -o "$T/l1.csv"
run lhs2 0 sweep "$S" --grid x --grid mode --grid flag --lhs 8 --seed 3 \
    --output v -o "$T/l2.csv"
cmp -s "$T/l1.csv" "$T/l2.csv" || fail "lhs: the same seed gave other points"
run lhs3 0 sweep "$S" --grid x --grid mode --grid flag --lhs 8 --seed 4 \
    --output v -o "$T/l3.csv"
cmp -s "$T/l1.csv" "$T/l3.csv" && fail "lhs: another seed gave the same points"
# x in 0..10: one point in each eighth; mode and flag half and half
awk -F, 'NR > 2 && $4 == "A1" && $6 == 2026 { print $1, $2, $3 }' "$T/l1.csv" |
    awk '{ s = int($1 / 10 * 8); if (s == 8) s = 7; seen[s]++; m[$2]++; f[$3]++ }
    END { for (i = 0; i < 8; i++) if (seen[i] != 1) bad = 1
          if (m["low"] != 4 || m["high"] != 4 || f["true"] != 4 || f["false"] != 4) bad = 1
          exit bad }' || fail "lhs: not one point per stratum: $(awk -F, 'NR > 2 && $4 == "A1" && $6 == 2026 { print $1, $2, $3 }' "$T/l1.csv" | tr '\n' ';')"
head -n 1 "$T/l1.csv" | grep -q ' seed=3 ' || fail "lhs: seed not in the header"

# --- summary -----------------------------------------------------------------
run summary 0 sweep "$S" --grid x=0:4:1 --grid mode=low,high --summary v \
    -o "$T/sum.csv"
cmp -s "$T/sum.csv" "$T/g.csv" || fail "summary: changed the output"
grep -q '^  highest .* at x=4, mode=high$' "$T/summary.out" ||
    fail "summary: highest not at x=4, mode=high: $(cat "$T/summary.out")"
grep -q '^  lowest .* at x=0, mode=low$' "$T/summary.out" ||
    fail "summary: lowest not at x=0, mode=low"
grep -q '^  x=4, mode=high: 3 areas (Alpha, Beta, upon "Sea", =Gamma)$' \
    "$T/summary.out" || fail "summary: areas: $(cat "$T/summary.out")"

run summary_t 0 sweep "$S" --grid x=0:4:1 --grid mode=low,high --summary v \
    --totals-only -o "$T/sumt.csv"
head -n 3 "$T/summary_t.out" >"$T/st.txt"
head -n 3 "$T/summary.out" | cmp -s - "$T/st.txt" ||
    fail "summary from totals: $(cat "$T/summary_t.out")"
run summary_w 0 sweep "$S" --grid x=0:4:1 --grid flag --summary w \
    --totals -o "$T/sumw.csv"
grep -q '^  highest .* at x=4, flag=true$' "$T/summary_w.out" ||
    fail "summary of a mean: $(cat "$T/summary_w.out")"
grep -q '(lower is better' "$T/summary_w.out" ||
    fail "summary of w: better = lower not said"
grep -q '^  x=0, flag=false: 3 areas' "$T/summary_w.out" ||
    fail "summary of w: lowest is best for every area: $(cat "$T/summary_w.out")"

# --- usage --------------------------------------------------------------------
run u_nogrid 2 sweep "$S" -o "$T/u.csv"
expect_err u_nogrid "--grid"
run u_range 2 sweep "$S" --grid x=0:20:1 -o "$T/u.csv"
expect_err u_range "from 0 to 10"
run u_name 2 sweep "$S" --grid nosuch=1,2 -o "$T/u.csv"
expect_err u_name "no lever or assumption 'nosuch'"
run u_shard 2 sweep "$S" --grid x=0:4:1 --shard 4/3 -o "$T/u.csv"
run u_choice 2 sweep "$S" --grid mode=low,mid -o "$T/u.csv"
expect_err u_choice "takes one of"
run u_noout 2 sweep "$S" --grid x=0:4:1

finish
