#!/bin/sh
# lever sweep --samples N: each point is sampled N times with the same
# draws (common random numbers) and written as lever run --samples writes
# it, with the swept values in front; shards merged are byte-identical to
# the unsharded sweep; a file cut anywhere is finished by --resume
# byte-identical; the grid's hash covers the samples and quantiles, so
# merge refuses shards sampled differently. Needs LEVER and top_srcdir.
set -u
. "${top_srcdir:?}/tests/scenario-lib.sh"
workdir sweep-samples
cp "$top_srcdir/tests/data/samples/growth.lua" \
    "$top_srcdir/tests/data/samples/areas.csv" "$T/"
S=$T/growth.lua
grid="--grid extra=0,10,20 --grid double --samples 24 --seed 5 --totals"

echo "1. each point is lever run --samples for its settings"
run sweep 0 sweep "$S" $grid -o "$T/all.csv"
sed -n 2p "$T/all.csv" | grep -qx 'extra,double,id,name,year,output,stat,value' ||
    fail "columns: $(sed -n 2p "$T/all.csv")"
for x in 0 10 20; do
	for d in false true; do
		"$LEVER" run "$S" --set extra=$x --set double=$d --samples 24 \
		    --seed 5 --totals | tail -n +2 >"$T/run.csv"
		grep "^$x,$d," "$T/all.csv" | cut -d, -f3- >"$T/point.csv"
		cmp -s "$T/run.csv" "$T/point.csv" ||
		    fail "point extra=$x double=$d is not lever run's: $(diff "$T/run.csv" "$T/point.csv" | head -4)"
	done
done

echo "2. common random numbers: a lever that adds 10 moves every quantile by 10"
a=$(grep '^0,false,TOTAL,All areas,2027,y,p25,' "$T/all.csv" | cut -d, -f8)
b=$(grep '^10,false,TOTAL,All areas,2027,y,p25,' "$T/all.csv" | cut -d, -f8)
awk -v a="$a" -v b="$b" 'BEGIN { d = b - a; exit !(d > 9.999999 && d < 10.000001) }' ||
    fail "p25 of y moved by $a -> $b, not 10"

echo "3. shards merged are the unsharded sweep"
for k in 1 2 3; do
	run shard$k 0 sweep "$S" $grid --shard $k/3 -o "$T/sh$k.csv"
done
run merge 0 merge "$T/sh1.csv" "$T/sh2.csv" "$T/sh3.csv" -o "$T/merged.csv"
cmp -s "$T/merged.csv" "$T/all.csv" || fail "merged shards differ from the sweep"
run other 0 sweep "$S" $grid --quantiles 10,90 --shard 2/3 -o "$T/q.csv"
run refuse 1 merge "$T/sh1.csv" "$T/q.csv" "$T/sh3.csv" -o "$T/bad.csv"
grep -q "grid differs" "$T/refuse.err" ||
    fail "merge of shards with other quantiles: $(cat "$T/refuse.err")"

echo "4. --resume finishes a cut file byte-identical"
size=$(wc -c <"$T/all.csv")
for cut in 1 500 $((size / 2)) $((size - 1)); do
	head -c "$cut" "$T/all.csv" >"$T/r.csv"
	run resume 0 sweep "$S" $grid --resume -o "$T/r.csv"
	cmp -s "$T/r.csv" "$T/all.csv" || fail "resume after a cut at byte $cut differs"
done

echo "5. what --samples refuses"
run q_alone 2 sweep "$S" --grid extra=0,1 --quantiles 5,95 -o "$T/x.csv"
grep -q "goes with --samples" "$T/q_alone.err" || fail "--quantiles alone: $(cat "$T/q_alone.err")"
run q_summary 2 sweep "$S" --grid extra=0,1 --samples 4 --summary x -o "$T/x.csv"
grep -q "summary" "$T/q_summary.err" || fail "--summary with --samples: $(cat "$T/q_summary.err")"
run q_zero 2 sweep "$S" --grid extra=0,1 --samples 0 -o "$T/x.csv"
run q_bad 2 sweep "$S" --grid extra=0,1 --samples 4 --quantiles 5,200 -o "$T/x.csv"

finish
