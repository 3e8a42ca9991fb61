#!/bin/sh
# Uncertainty from the command line: distributions checked where they are
# declared, lever run --samples against theory, common random numbers,
# the same numbers on any number of workers (tests/data/samples).
# Needs LEVER and top_srcdir.
set -u
D="$top_srcdir/tests/data/samples"
. "${top_srcdir:?}/tests/scenario-lib.sh"
workdir samples
# stat FILE ID YEAR OUTPUT STAT: the value of one row
stat() {
	awk -F, -v id="$2" -v y="$3" -v o="$4" -v s="$5" \
	    '$1 == id && $3 == y && $4 == o && $5 == s { print $6 }' "$1"
}

# --- distributions are checked where they are declared -----------------------
run bad 1 check "$D/bad.lua"
expect_err bad "bad.lua:3: distribution of assumption 'a': 'sd' must be more than 0"
expect_err bad "bad.lua:4: distribution of assumption 'b': 'kind' must be normal, lognormal, triangular, uniform or empirical"
expect_err bad "bad.lua:5: distribution of assumption 'c': 'value' 1 lies outside the distribution (2 to 3)"
expect_err bad "bad.lua:6: distribution of assumption 'd': 'mode' must lie from 'min' to 'max'"
expect_err bad "bad.lua:7: distribution of assumption 'e': 'values' must list at least one number"
expect_err bad "bad.lua:8: distribution of assumption 'f': values[2] must be a finite number"
expect_err bad "bad.lua:9: distribution of assumption 'g': unknown field 'sdd'"
expect_err bad "bad.lua:10: distribution of assumption 'h': a lognormal value is more than 0"
expect_err bad "bad.lua:11: distribution of assumption 'i': write distribution = {"
expect_err bad "bad.lua:12: distribution of assumption 'j': a number 'max' is required"
expect_err bad "11 problems found"

# the central run is the declared values, distributions or not
run central 0 run "$D/growth.lua"
grep -q '^A1,Alpha,2026,x,102$' "$T/central.out" ||
    fail "central: A1 2026 x is not 100 * 1.02: $(grep '^A1,Alpha,2026,x' "$T/central.out")"

# the JSON export names each distribution
run json 0 run "$D/growth.lua" --format json
python3 - "$T/json.out" <<'PY' || fail "json: distributions are not in the JSON export"
import json, sys
a = {x["name"]: x for x in json.load(open(sys.argv[1]))["assumptions"]}
assert a["growth"]["distribution"] == {"kind": "lognormal", "meanlog": 0.02, "sdlog": 0.1}, a["growth"]
assert a["tri"]["distribution"] == {"kind": "triangular", "min": 0, "mode": 1, "max": 4}
assert a["emp"]["distribution"] == {"kind": "empirical", "values": [10, 20, 30]}
assert "distribution" not in a["fixed"]
PY

# --- quantiles of lognormal growth compounding match theory -------------------
# x = 100 G^t, log G ~ N(0.02, 0.1): the p quantile is 100 exp(0.02 t +
# 0.1 t z_p). With 1000 samples the z of an empirical quantile is within
# 4 standard errors, sqrt(p(1-p)/n) / phi(z_p), of z_p; for a fixed seed
# this either always holds or never does.
run many 0 run "$D/growth.lua" --samples 1000 --seed 11 --totals
head -n 1 "$T/many.out" | grep -qx 'id,name,year,output,stat,value' ||
    fail "many: header is '$(head -n 1 "$T/many.out")'"
[ "$(wc -l <"$T/many.out")" -eq $((1 + 6 * (3 * 4 * 3 + 4 * 2))) ] ||
    fail "many: expected $((6 * (3 * 4 * 3 + 4 * 2))) rows, got $(($(wc -l <"$T/many.out") - 1))"
for t in 1 2 3 4; do
	y=$((2025 + t))
	for s in "p5 -1.6448536 0.05" "p25 -0.6744898 0.25" "p50 0 0.5" \
	    "p75 0.6744898 0.75" "p95 1.6448536 0.95"; do
		set -- $s
		q=$(stat "$T/many.out" A1 $y x "$1")
		awk -v q="$q" -v t=$t -v z=$2 -v p=$3 -v n=1000 'BEGIN {
			zh = (log(q / 100) / t - 0.02) / 0.1
			phi = exp(-z * z / 2) / sqrt(2 * 3.141592653589793)
			tol = 4 * sqrt(p * (1 - p) / n) / phi
			d = zh - z; if (d < 0) d = -d
			exit !(q != "" && d < tol) }' ||
		    fail "many: A1 $y x $1 is $q: not within sampling error of theory"
	done
	# the mean: 100 exp(0.02 t + 0.005 t^2), relative sd sqrt(e^(0.01t^2)-1)/sqrt(n)
	m=$(stat "$T/many.out" A1 $y x mean)
	awk -v m="$m" -v t=$t -v n=1000 'BEGIN {
		e = 100 * exp(0.02 * t + 0.005 * t * t)
		tol = 4 * sqrt(exp(0.01 * t * t) - 1) / sqrt(n)
		d = m / e - 1; if (d < 0) d = -d
		exit !(m != "" && d < tol) }' ||
	    fail "many: A1 $y x mean is $m, far from theory"
done
# a sum of areas that all scale with G: its quantiles are 390 times G^t's
awk -F, '$1 == "A1" && $4 == "x" { a[$3 "," $5] = $6 }
    $1 == "TOTAL" && $4 == "x" { tot[$3 "," $5] = $6 }
    END { for (k in a) { r = tot[k] / a[k] * 100 / 390 - 1
	if (r > 1e-12 || r < -1e-12) { print k; exit 1 } } }' "$T/many.out" ||
    fail "many: TOTAL x is not 3.9 times A1's x"
# every kind draws within its range; empirical values equally likely
# (draws = tri + 10 uni + 100 emp + 1000 fixed)
for s in p5 p95; do
	v=$(stat "$T/many.out" B2 2026 draws $s)
	awk -v v="$v" 'BEGIN { exit !(v >= 8010 && v <= 10034) }' ||
	    fail "many: B2 draws $s is $v, outside what the kinds can draw"
done
for s in "p25 8000 8100" "p50 9000 9100" "p75 10000 10100"; do
	set -- $s
	v=$(stat "$T/many.out" B2 2026 draws $1)
	awk -v v="$v" -v lo=$2 -v hi=$3 'BEGIN { exit !(v >= lo && v < hi) }' ||
	    fail "many: B2 draws $1 is $v, not in $2..$3 (empirical 10/20/30)"
done

# --- the same numbers on any number of workers, and for the same seed --------
LEVER_WORKERS=1 run w1 0 run "$D/growth.lua" --samples 64 --seed 3 --totals
LEVER_WORKERS=2 run w2 0 run "$D/growth.lua" --samples 64 --seed 3 --totals
LEVER_WORKERS=3 run w3 0 run "$D/growth.lua" --samples 64 --seed 3 --totals
cmp -s "$T/w1.out" "$T/w2.out" || fail "samples differ between 1 and 2 workers"
cmp -s "$T/w1.out" "$T/w3.out" || fail "samples differ between 1 and 3 workers"
run w1o 0 run "$D/growth.lua" --samples 64 --seed 3 --totals --max-instructions 1e9 -o "$T/w1o.csv"
cmp -s "$T/w1.out" "$T/w1o.csv" || fail "-o writes other numbers than standard output"
run s4 0 run "$D/growth.lua" --samples 64 --seed 4 --totals
cmp -s "$T/w1.out" "$T/s4.out" && fail "--seed 3 and --seed 4 gave the same samples"

# an assumption set away from its declared value is held there in every
# sample: x = 100 * 1.05^t exactly, y still spread by the shock
run held 0 run "$D/growth.lua" --samples 30 --set growth=1.05
awk -F, '$1 == "A1" && $4 == "x" { t = $3 - 2025; e = 100 * 1.05 ^ t; d = $6 / e - 1
	if (d > 1e-12 || d < -1e-12) { print; bad = 1 } }
    $1 == "A1" && $3 == 2026 && $4 == "y" { v[$5] = $6 }
    END { exit bad || !(v["p95"] - v["p5"] > 5) }' "$T/held.out" ||
    fail "held: growth set with --set is not held in every sample"

# --- common random numbers: a lever that adds 10 moves every quantile by 10 ---
run crn0 0 run "$D/growth.lua" --samples 50 --seed 5
run crn10 0 run "$D/growth.lua" --samples 50 --seed 5 --set extra=10
awk -F, 'NR == FNR { if ($4 == "y") a[$1 "," $3 "," $5] = $6; next }
    $4 == "y" { n++; d = $6 - a[$1 "," $3 "," $5] - 10
	if (d > 1e-9 || d < -1e-9) { print $0; bad = 1 } }
    END { exit bad || n != 3 * 4 * 6 }' "$T/crn0.out" "$T/crn10.out" ||
    fail "crn: moving 'extra' by 10 did not move each quantile of y by exactly 10"
# and the outputs it does not touch are the same to the bit
grep ',x,' "$T/crn0.out" >"$T/crn0.x"
grep ',x,' "$T/crn10.out" >"$T/crn10.x"
cmp -s "$T/crn0.x" "$T/crn10.x" || fail "crn: x changed with a lever it does not read"

# --change: an option against itself has no spread at all, and a lever's
# effect no noise: every quantile of y's change is 10, and it is better in
# every sample
run self 0 run "$D/growth.lua" --samples 50 --change --totals
awk -F, 'NR > 1 { n++; if ($6 != 0) { print; bad = 1 } }
    END { exit bad || n != 7 * (3 * 4 * 3 + 4 * 2) }' "$T/self.out" ||
    fail "self: the defaults against themselves show a spread"
run chg 0 run "$D/growth.lua" --samples 50 --change --set extra=10
awk -F, '$4 == "y" && $5 ~ /^p|mean/ { d = $6 - 10; if (d > 1e-9 || d < -1e-9) { print; bad = 1 } }
    $4 == "y" && $5 == "better" && $6 != 1 { print; bad = 1 }
    $4 == "x" && NR > 1 && $6 != 0 { print; bad = 1 }
    END { exit bad }' "$T/chg.out" ||
    fail "chg: extra=10 is not a change of exactly 10 in y, better in every sample"
run chg1 2 run "$D/growth.lua" --change
expect_err chg1 "--change goes with --samples N"

# --- choosing quantiles, and usage errors -------------------------------------
run q 0 run "$D/growth.lua" --samples 20 --quantiles 10,90,2.5
[ "$(cut -d, -f5 "$T/q.out" | sed 1d | sort -u | tr '\n' ' ')" = "mean p10 p2.5 p90 " ] ||
    fail "q: stats are $(cut -d, -f5 "$T/q.out" | sed 1d | sort -u | tr '\n' ' ')"
run q0 2 run "$D/growth.lua" --samples 20 --quantiles 5,101
expect_err q0 "--quantiles takes percentages from 0 to 100"
run q1 2 run "$D/growth.lua" --quantiles 5,95
expect_err q1 "--quantiles goes with --samples N"
run n0 2 run "$D/growth.lua" --samples 0
expect_err n0 "--samples takes a whole number from 1"
run nj 2 run "$D/growth.lua" --samples 5 --format json
expect_err nj "write CSV, without --format json"
# a scenario without distributions: said, and every sample is the central run
run nod 0 run "$D/product.lua" --samples 3
expect_err nod "no assumption declares a distribution"

# a sample whose draws break a rule: said, with the sample and its draws
run fails 1 run "$D/fails.lua" --samples 100
expect_err fails "fails.lua:7: g is -"
grep -E -q 'fails.lua: that was sample [0-9]+ of 100 \(--seed 1\), which drew g = -(0\.[5-9]|[1-9])' "$T/fails.err" ||
    fail "fails: the failing sample and its draws are not named: $(cat "$T/fails.err")"
[ -s "$T/fails.out" ] && fail "fails: rows written after a failed sample"
# the first failing sample in order, whatever the number of workers
LEVER_WORKERS=1 run fails1 1 run "$D/fails.lua" --samples 100
LEVER_WORKERS=3 run fails3 1 run "$D/fails.lua" --samples 100
cmp -s "$T/fails1.err" "$T/fails3.err" ||
    fail "fails: 1 and 3 workers name different samples: $(cat "$T/fails1.err" "$T/fails3.err")"

# --- attribution: Shapley shares that add up to the change --------------------
# prod = a b x0 is all interaction: with a=3, b=4 each lever gets half of 12 x0
run prod 0 run "$D/product.lua" --set a=3 --set b=4 --attribute --totals
head -n 1 "$T/prod.out" | grep -qx 'id,name,year,output,lever,value' ||
    fail "prod: header is '$(head -n 1 "$T/prod.out")'"
awk -F, '$4 == "prod" && $1 != "TOTAL" { n++; x0 = ($1 == "A1" ? 100 : $1 == "B2" ? 250 : 40)
	if ($6 != 6 * x0) { print; bad = 1 } }
    $4 == "prod" && $1 == "TOTAL" { t++; if ($6 != 6 * 390) { print; bad = 1 } }
    $5 != "a" && $5 != "b" && NR > 1 { print "lever " $5; bad = 1 }
    END { exit bad || n != 3 * 2 * 2 || t != 2 * 2 }' "$T/prod.out" ||
    fail "prod: a b x0 is not split evenly between a and b"
# sum = a + b + c: no interaction, each lever its own effect
awk -F, '$1 == "B2" && $3 == 2026 && $4 == "sum" { v[$5] = $6 }
    END { exit !(v["a"] == 3 && v["b"] == 4 && !("c" in v)) }' "$T/prod.out" ||
    fail "prod: sum's shares are not a's 3 and b's 4"

# five levers of every kind, interacting: per id, year and output the
# shares add up to the change from the defaults, to 1e-9 of its size
sets="--set a=3 --set b=7 --set c=true --set mode=z --set pot.p=80"
run def 0 run "$D/product.lua" --totals
run cur 0 run "$D/product.lua" $sets --totals
run att 0 run "$D/product.lua" $sets --attribute --totals
awk -F, 'FILENAME == ARGV[1] && FNR > 1 { d[$1 "," $3 "," $4] = -$5; next }
    FILENAME == ARGV[2] && FNR > 1 { k = $1 "," $3 "," $4; d[k] += $5
	m = $5 < 0 ? -$5 : $5; if (m > big[k]) big[k] = m; next }
    FNR > 1 { k = $1 "," $3 "," $4; s[k] += $6; n[k]++ }
    END { for (k in d) { e = s[k] - d[k]; if (e < 0) e = -e
	tol = 1e-9 * (big[k] > 1 ? big[k] : 1)
	if (e > tol || n[k] != 5) { print k, s[k], d[k], n[k]; bad = 1 } }
	exit bad }' "$T/def.out" "$T/cur.out" "$T/att.out" ||
    fail "att: the shares do not add up to the change on every row"
LEVER_WORKERS=1 run att1 0 run "$D/product.lua" $sets --attribute --totals
LEVER_WORKERS=3 run att3 0 run "$D/product.lua" $sets --attribute --totals
cmp -s "$T/att1.out" "$T/att3.out" || fail "attribution differs between 1 and 3 workers"
cmp -s "$T/att.out" "$T/att3.out" || fail "attribution differs between the default and 3 workers"
# nothing moved: nothing to attribute
run att0 0 run "$D/product.lua" --attribute
expect_err att0 "no lever differs from its default"
[ "$(wc -l <"$T/att0.out")" -eq 1 ] || fail "att0: rows with nothing moved"

# twelve levers: sampled orders with a standard error; still adds up, and a
# lever without interaction has its own effect with no error at all
many=""
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do many="$many --set l$i=$((i % 5 + 1))"; done
run mdef 0 run "$D/many.lua" --totals
run mcur 0 run "$D/many.lua" $many --totals
run matt 0 run "$D/many.lua" $many --attribute --totals
expect_err matt "12 levers differ from their defaults: more than 10"
head -n 1 "$T/matt.out" | grep -qx 'id,name,year,output,lever,value,se' ||
    fail "matt: header is '$(head -n 1 "$T/matt.out")'"
awk -F, 'FILENAME == ARGV[1] && FNR > 1 { d[$1] = -$5; next }
    FILENAME == ARGV[2] && FNR > 1 { d[$1] += $5; next }
    FNR > 1 { s[$1] += $6 }
    FNR > 1 && $5 == "l3" && ($6 != ($1 == "TOTAL" ? 36 : 12) || $7 != 0) { print; bad = 1 }
    FNR > 1 && $5 == "l1" && !($7 > 0) { print; bad = 1 }
    END { for (k in d) { e = s[k] - d[k]; if (e < 0) e = -e
	if (e > 1e-9 * (d[k] > 1 ? d[k] : 1)) { print k, s[k], d[k]; bad = 1 } }
	exit bad }' "$T/mdef.out" "$T/mcur.out" "$T/matt.out" ||
    fail "matt: sampled shares do not add up, or l3 is not exactly 12 (se 0)"

# --- sensitivity: each assumption at its 10th and 90th percentile, sorted -----
run sens 0 run "$D/growth.lua" --sensitivity --totals
head -n 1 "$T/sens.out" | grep -qx 'id,name,year,output,assumption,central,low,high' ||
    fail "sens: header is '$(head -n 1 "$T/sens.out")'"
# draws = tri + 10 uni + 100 emp + 7000: emp 10..30 swings 2000, uni 1.2..2.8
# swings 16, tri 0.63..2.90 swings 2.27, growth and shock none (as declared)
[ "$(awk -F, '$1 == "C3" && $3 == 2027 && $4 == "draws" { printf "%s:%s:%s ", $5, $7, $8 }' "$T/sens.out")" = \
    "emp:8021:10021 uni:9013:9029 tri:9020.632455532033:9022.90455488499 growth:9021:9021 shock:9021:9021 " ] ||
    fail "sens: C3 2027 draws is $(awk -F, '$1 == "C3" && $3 == 2027 && $4 == "draws" { printf "%s:%s:%s ", $5, $7, $8 }' "$T/sens.out")"
grep -q '^TOTAL,All areas,2026,x,growth,' "$T/sens.out" || fail "sens: no TOTAL rows"
run both 2 run "$D/growth.lua" --sensitivity --attribute
expect_err both "are separate runs: give one"

finish
