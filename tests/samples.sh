#!/bin/sh
# Uncertainty from the command line: distributions checked where they are
# declared, lever run --samples against theory, common random numbers,
# the same numbers on any number of workers (tests/data/samples).
# Needs LEVER and top_srcdir.
set -u
D="$top_srcdir/tests/data/samples"
T=$(mktemp -d "${TMPDIR:-/tmp}/lever-samples.XXXXXX")
trap 'rm -rf "$T"' EXIT
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# run NAME EXPECTED-STATUS ARGS...: run lever, keep stdout/stderr in $T
run() {
	name=$1 want=$2
	shift 2
	timeout 120 "$LEVER" "$@" >"$T/$name.out" 2>"$T/$name.err"
	got=$?
	[ "$got" -eq "$want" ] ||
	    fail "$name: exit status $got, expected $want: $(head -c 400 "$T/$name.err")"
}

expect_err() {
	grep -F -q -- "$2" "$T/$1.err" ||
	    fail "$1: stderr lacks '$2'; it was: $(head -c 600 "$T/$1.err")"
}

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
expect_err nj "--samples writes CSV"
# a scenario without distributions: said, and every sample is the central run
run nod 0 run "$D/product.lua" --samples 3
expect_err nod "no assumption declares a distribution"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "samples: all passed"
