#!/bin/sh
# appraisal.sh: the appraisal scenarios (single_pot, levelling_up,
# beyond_gdp), their shared module lib/appraisal.lua, and require.
#
# Key numbers are worked out here, independently of the scenarios, in awk
# from the baseline CSV and the documented default assumptions, for three
# named places: Hartlepool (a deprived northern town), South
# Cambridgeshire (a high-growth southern district) and Tower Hamlets (a
# London borough). Then each lever is moved and its outputs must move the
# way doc/appraisal.md says.
#
# Environment: LEVER (the built binary), top_srcdir (the source tree).

. "${top_srcdir:-.}/tests/scenario-lib.sh"
workdir appraisal
CSV=$SC/data/england_la_appraisal.csv

HART=E06000001 SCAMBS=E07000012 TOWER=E09000030

# The baseline reader (CSVAWK, tests/scenario-lib.sh) and a clamp.
CSVAWK=$CSVAWK'
function clamp(x, lo, hi) { return x < lo ? lo : (x > hi ? hi : x) }
'

[ -x "$LEVER" ] || { echo "FAIL: no lever binary at $LEVER" >&2; exit 1; }

for s in single_pot levelling_up beyond_gdp; do
	if "$LEVER" check "$SC/$s.lua" >"$T/check.out" 2>&1; then
		pass "lever check $s.lua"
	else
		fail "lever check $s.lua: $(cat "$T/check.out")"
	fi
done

############################################################################
# require: a module from the scenario's own folder tree, and nothing else
############################################################################

R=$T/req
mkdir -p "$R/s/lib" "$R/out"
printf 'code,name,x\na,A,1\nb,B,2\n' >"$R/s/a.csv"
cat >"$R/s/lib/m.lua" <<'EOF'
local M = { loads = 0 }
function M.twice(x) return 2 * x end
return M
EOF
printf 'return { evil = true }\n' >"$R/out/evil.lua"
ln -s ../../out/evil.lua "$R/s/lib/link.lua"
mkdir -p "$R/s/.hidden"
cp "$R/s/lib/m.lua" "$R/s/.hidden/m.lua"
ln -s ../.hidden/m.lua "$R/s/lib/hid.lua"
printf 'local x = 1\nerror("boom in the module")\n' >"$R/s/lib/bad.lua"
printf '\033Lua\124\000binary' >"$R/s/lib/bin.lua"
printf 'return require "lib.loop"\n' >"$R/s/lib/loop.lua"
# req NAME MODULE: a scenario requiring MODULE
req() {
	cat >"$R/s/$1.lua" <<EOF
local m = require "$2"
local m2 = require "$2"
assert(m == m2, "require returns the cached module")
scenario { title = "t", baseline = "a.csv", id = "code", start = 2025, years = 2 }
output "y" { label = "y" }
function project(area, prev, L, year) return { y = m.twice(area.x) } end
EOF
}
req ok lib.m
if "$LEVER" run "$R/s/ok.lua" --format csv >"$T/req.csv" 2>"$T/req.err" &&
    grep -q '^b,B,2027,y,4$' "$T/req.csv"; then
	pass "require loads lib/m.lua from the scenario's folder"
else
	fail "require lib.m: $(cat "$T/req.err")"
fi
# refused: each case's message must name the problem
refused() {
	req "$1" "$2"
	if "$LEVER" check "$R/s/$1.lua" >"$T/req.out" 2>&1; then
		fail "require \"$2\" was accepted"
	elif grep -q "$3" "$T/req.out"; then
		pass "require \"$2\" refused: $(head -n 1 "$T/req.out")"
	else
		fail "require \"$2\": message lacks '$3': $(cat "$T/req.out")"
	fi
}
refused up "../out/evil" "paths are refused"
refused abs "/etc/passwd" "paths are refused"
refused dots "lib..m" "paths are refused"
refused link lib.link "leads outside the scenario's folder"
refused hidden lib.hid "or into a hidden one"
refused missing lib.nope "cannot find"
refused bad lib.bad "lib/bad.lua:2: boom in the module"
refused bin lib.bin "compiled Lua bytecode"
refused loop lib.loop "requires itself"
# require inside project (not yet loaded) is refused
cat >"$R/s/late.lua" <<'EOF'
scenario { title = "t", baseline = "a.csv", id = "code", start = 2025, years = 2 }
output "y" { label = "y" }
function project(area, prev, L, year) return { y = require("lib.m").twice(1) } end
EOF
if "$LEVER" run "$R/s/late.lua" --format csv >/dev/null 2>"$T/late.err"; then
	fail "require inside project was accepted"
elif grep -q "belongs at the top level" "$T/late.err"; then
	pass "require inside project refused"
else
	fail "require inside project: $(cat "$T/late.err")"
fi

############################################################################
# lib/appraisal.lua's functions on numbers worked out here
############################################################################

# A scenario beside a copy of the module calls its functions and returns
# what they give; each is compared with awk.
U=$T/unit
mkdir -p "$U/lib"
cp "$SC/lib/appraisal.lua" "$U/lib/"
printf 'code,name\na,A\nb,B\n' >"$U/a.csv"
cat >"$U/u.lua" <<'EOF'
local ap = require "lib.appraisal"
scenario { title = "unit", baseline = "a.csv", id = "code", start = 2025, years = 1 }
ap.declare { "discounting", "themes" }
output "df30" { label = "df30" }
output "df31" { label = "df31" }
output "df80" { label = "df80" }
output "hi" { label = "hi" }
output "lo" { label = "lo" }
output "act" { label = "act" }
function project(area) return { df30 = 0, df31 = 0, df80 = 0, hi = 0, lo = 0, act = 0 } end
function settle(year, states)
  local hi, lo = ap.gap({ 3, 1, 2, 5, 4 }, { 10, 30, 20, 30, 10 }, FRACTION)
  for _, id in ipairs(AREAS) do
    local st = states[id]
    st.df30, st.df31, st.df80 = ap.discount(30, A), ap.discount(31, A), ap.discount(80, A)
    st.hi, st.lo = hi, lo
    st.act = ap.active("business", 6, 3, A)
  end
end
EOF
u() { awk -F, -v o="$2" '$1 == "a" && $(NF-1) == o { print $NF }' "$T/$1.csv"; }
sed 's/FRACTION/0.2/' "$U/u.lua" >"$U/u20.lua"
sed 's/FRACTION/0.35/' "$U/u.lua" >"$U/u35.lua"
if "$LEVER" run "$U/u20.lua" --format csv >"$T/u20.csv" 2>"$T/unit.err" &&
    "$LEVER" run "$U/u35.lua" --format csv >"$T/u35.csv" 2>>"$T/unit.err"; then
	close "discount factor year 30 = 1.035^-30" "$(awk 'BEGIN { printf "%.17g", 1.035 ^ -30 }')" "$(u u20 df30)"
	close "discount factor year 31 = 1.035^-30 / 1.03" "$(awk 'BEGIN { printf "%.17g", 1.035 ^ -30 / 1.03 }')" "$(u u20 df31)"
	close "discount factor year 80 = 1.035^-30 x 1.03^-45 x 1.025^-5" \
	    "$(awk 'BEGIN { printf "%.17g", 1.035 ^ -30 * 1.03 ^ -45 * 1.025 ^ -5 }')" "$(u u20 df80)"
	# business (lag 1, decay 0.15), 3 spend years, year 6: tranches of
	# years 1, 2, 3 have acted 4, 3 and 2 years
	close "active money, business, year 6" \
	    "$(awk 'BEGIN { printf "%.17g", (0.85 ^ 4 + 0.85 ^ 3 + 0.85 ^ 2) / 3 }')" "$(u u20 act)"
	# values 3 1 2 5 4 with weights 10 30 20 30 10 (100 in all): a fifth
	# (20) is all value 1 at the bottom, all value 5 at the top
	close "gap: top fifth by weight" 5 "$(u u20 hi)"
	close "gap: bottom fifth by weight" 1 "$(u u20 lo)"
	# 35 of 100 spans two places: bottom 30 at 1 + 5 at 2; top 30 at 5 + 5 at 4
	close "gap: a boundary place counted in part (bottom)" "$(awk 'BEGIN { printf "%.17g", 40 / 35 }')" "$(u u35 lo)"
	close "gap: a boundary place counted in part (top)" "$(awk 'BEGIN { printf "%.17g", 170 / 35 }')" "$(u u35 hi)"
else
	fail "the module's unit scenarios: $(cat "$T/unit.err")"
fi

# The invariants stop a run and name the council: a negative pot makes
# every award negative, and the first council checked is Hartlepool.
if "$LEVER" run "$SC/single_pot.lua" --set pot_m=-100 --format csv >/dev/null 2>"$T/inv.err"; then
	fail "single_pot with a negative pot ran"
elif grep -q "Hartlepool (E06000001): award = .* is outside" "$T/inv.err"; then
	pass "single_pot invariant names the council: $(head -c 150 "$T/inv.err")"
else
	fail "single_pot invariant message: $(cat "$T/inv.err")"
fi

############################################################################
# Place factors (lib/appraisal.lua), by hand for one council
############################################################################

# place ID: "leak disp dw_scale mult gva_per_job_m pay_year" at the
# defaults: leakage 0.25 x (147300/pop)^0.3 in 0.05..0.95; displacement
# 0.25 x (3.97/u)^0.5 in 0.05..0.9; deadweight scale (21.81/IMD)^0.3 in
# 0.5..2; multiplier 1 + 0.3 x (1 - leak)/0.75; GVA per job = GVA/hour x
# 1530 / 1e6.
PLACE='
function place(   pop, u, pay) {
	pop = v("pop_2021")
	leak = clamp(0.25 * (147300 / pop) ^ 0.3, 0.05, 0.95)
	u = s("unemployment_rate_pct_2022_23") == "" ? 3.97 : v("unemployment_rate_pct_2022_23")
	disp = clamp(0.25 * (3.97 / u) ^ 0.5, 0.05, 0.9)
	dws = clamp((21.81 / v("imd25_score")) ^ 0.3, 0.5, 2)
	mult = clamp(1 + 0.3 * (1 - leak) / 0.75, 1, 3)
	gpj = v("gva_per_hour_gbp_2021") * 1530 / 1e6
	pay = s("median_weekly_pay_gbp_2023") == "" ? 587.66 : v("median_weekly_pay_gbp_2023")
	payyr = pay * 52
}
'

############################################################################
# Single pot
############################################################################

# sp ID ALLOCATION YEAR: "jobs npsv bcr award" for one council, worked
# out in full from the baseline and the defaults (doc/appraisal.md):
# award by formula weight; partners' running costs and deadweight scale
# (the combined authority's share goes to the local authority where
# there is none); each theme's gross jobs per £m = 1000 / cost per job /
# (1 + optimism bias); net = (1 - min(0.9, dw x place scale x partner
# scale)) x (1 - leak) x (1 - disp) x 0.95 x mult; money acting in year t
# = sum over spend years s of (1 - decay)^(t - s - lag) / 3; benefits =
# GVA of jobs + level 3 pay premium + carbon; discounted at 3.5%.
sp() {
	awk -v id="$1" -v how="$2" -v year="$3" "$CSVAWK$PLACE"'
	function weight(h,   p) {
		if (h == "need") return v("pop_2021") * v("imd25_score")
		if (h == "population") return v("pop_2021")
		if (h == "growth") return v("pop_2021") * v("gva_per_hour_gbp_2021") / 36.53
		p = clamp(0.35 * (1 - 0.5 * (v("imd25_score") - 21.81) / 21.81), 0.05, 0.95)
		return v("pop_2021") * p
	}
	{ W += weight(how); if (s("code") == id) { w = weight(how); place()
		ca = s("ca_code") != ""
		bidp = clamp(0.35 * (1 - 0.5 * (v("imd25_score") - 21.81) / 21.81), 0.05, 0.95)
		gdhi = v("gdhi_per_head_gbp_2021") } }
	END {
		award = 2600 * w / W
		# partners 40/20/10/15/15: LA, CA, growth board, business, voluntary
		admin = 0.40 * 0.05 + 0.20 * (ca ? 0.05 : 0.05) + 0.10 * 0.07 + 0.15 * 0.08 + 0.15 * 0.10
		dwm = 0.40 * 1 + 0.20 * (ca ? 0.95 : 1) + 0.10 * 1.1 + 0.15 * 1.25 + 0.15 * 0.8
		split("skills transport housing business health net_zero", th, " ")
		split("0.25 0.15 0.15 0.20 0.10 0.15", sh, " ")
		split("250 200 125 50 200 125", cpj, " ")      # skills: 25 / 0.1
		split("0.41 0.44 0.24 0.41 0.41 0.24", ob, " ")
		split("0.4 0.2 0.25 0.4 0.3 0.3", dw, " ")
		split("2 3 2 1 3 1", lag, " ")
		split("0.05 0 0 0.15 0.1 0.03", dec, " ")
		delay = how == "competitive" ? 1 : 0
		money = award * (1 - admin)
		pvb = pvc = 0
		for (t = 1; t <= year - 2025; t++) {
			d = t - delay
			spend = (d >= 1 && d <= 3) ? award / 3 : 0
			bid = (how == "competitive" && d >= 1 && d <= 3) ? 0.05 / bidp : 0
			jobs = 0
			for (i = 1; i <= 6; i++) {
				act[i] = 0
				for (sy = 1; sy <= 3; sy++)
					if (d - sy - lag[i] >= 0) act[i] += (1 - dec[i]) ^ (d - sy - lag[i])
				act[i] /= 3
				dwi = dw[i] * dws * dwm; if (dwi > 0.9) dwi = 0.9
				ns = (1 - dwi) * (1 - leak) * (1 - disp) * 0.95 * mult
				jobs += money * sh[i] * act[i] * 1000 / cpj[i] / (1 + ob[i]) * ns
			}
			dws1 = 0.4 * dws * dwm; if (dws1 > 0.9) dws1 = 0.9
			l3 = money * sh[1] * act[1] * 1000 / 25 / 1.41 * (1 - dws1) * (1 - leak)
			dwz = 0.3 * dws * dwm; if (dwz > 0.9) dwz = 0.9
			carbon = money * sh[6] * act[6] * 60 / 1.24 * (1 - dwz)
			ben = jobs * gpj + l3 * 0.08 * payyr / 1e6 + carbon * 260 / 1e6
			df = 1.035 ^ -t
			pvb += ben * df; pvc += (spend + bid) * df
		}
		wt = (22208 / gdhi) ^ 1.3
		printf "%.17g %.17g %.17g %.17g %.17g\n", jobs, pvb - pvc, pvb / pvc, award, pvb * wt / pvc
	}' "$CSV"
}
field() { echo "$1" | awk -v n="$2" '{ print $n }'; }

if results sp_need single_pot.lua; then
	for id in $HART $SCAMBS $TOWER; do
		e=$(sp $id need 2032)
		close "single_pot $id jobs 2032 (need)" "$(field "$e" 1)" "$(get sp_need $id 2032 jobs)"
		e=$(sp $id need 2040)
		close "single_pot $id jobs 2040 (need)" "$(field "$e" 1)" "$(get sp_need $id 2040 jobs)"
		close "single_pot $id NPSV 2040 (need)" "$(field "$e" 2)" "$(get sp_need $id 2040 npsv)"
		close "single_pot $id BCR 2040 (need)" "$(field "$e" 3)" "$(get sp_need $id 2040 bcr)"
		close "single_pot $id weighted BCR 2040 (need)" "$(field "$e" 5)" "$(get sp_need $id 2040 bcr_weighted)"
	done
	close "single_pot England spend 2026 = 2600/3" "$(awk 'BEGIN { printf "%.17g", 2600 / 3 }')" \
	    "$(total sp_need 2026 spend)"
	holds "single_pot distributional weights favour Hartlepool" "a > b" \
	    "$(get sp_need $HART 2040 bcr_weighted)" "$(get sp_need $HART 2040 bcr)"
	holds "single_pot distributional weights count Tower Hamlets for less" "a < b" \
	    "$(get sp_need $TOWER 2040 bcr_weighted)" "$(get sp_need $TOWER 2040 bcr)"
	holds "single_pot no jobs in the first year (lags)" "a == 0" "$(get sp_need $HART 2026 jobs)" 0
fi
if results sp_comp single_pot.lua --set allocation=competitive; then
	e=$(sp $HART competitive 2040)
	close "single_pot Hartlepool NPSV 2040 (competitive)" "$(field "$e" 2)" "$(get sp_comp $HART 2040 npsv)"
	close "single_pot Hartlepool BCR 2040 (competitive)" "$(field "$e" 3)" "$(get sp_comp $HART 2040 bcr)"
	holds "single_pot competitive: Hartlepool's award falls against need" "a < 0" \
	    "$(get sp_comp $HART 2026 vs_need)" 0
	holds "single_pot competitive: South Cambridgeshire's award rises against need" "a > 0" \
	    "$(get sp_comp $SCAMBS 2026 vs_need)" 0
	holds "single_pot competitive bidding costs money" "a > 0" "$(get sp_comp $HART 2027 bid_costs)" 0
	# gain net of bids = vs_need - the bid costs paid over the round
	close "single_pot Hartlepool's gain from bidding, net of its bid costs" \
	    "$(awk -F, -v id=$HART '$1 == id && $(NF-1) == "bid_costs" { b += $NF }
	        $1 == id && $(NF-2) == 2026 && $(NF-1) == "vs_need" { v = $NF }
	        END { printf "%.17g", v - b }' "$T/sp_comp.csv")" "$(get sp_comp $HART 2026 gain_vs_need)"
	holds "single_pot competitive: no money in the first year (a round takes a year)" "a == 0" \
	    "$(get sp_comp $HART 2026 spend)" 0
	holds "single_pot competitive: England BCR falls against need" "a < b" \
	    "$(get sp_comp $HART 2040 bcr_england)" "$(get sp_need $HART 2040 bcr_england)"
	# invariants: no negative award anywhere (Isles of Scilly was -0.24)
	holds "single_pot competitive: smallest award is positive" "a > 0" \
	    "$(awk -F, '$(NF-1) == "award" && (m == "" || $NF < m) { m = $NF } END { print m }' "$T/sp_comp.csv")" 0
fi
# Over an appraisal period of 15 years the NPSV and BCR worked out in
# closed form (lib/appraisal.lua's active money x discount factors)
# must equal the projection's own by its last year, 2040.
if results sp_h15 single_pot.lua --set appraisal_years=15 --set allocation=competitive; then
	for id in $HART $SCAMBS $TOWER; do
		close "single_pot $id NPSV over 15 years = the projection's" \
		    "$(get sp_comp $id 2040 npsv)" "$(get sp_h15 $id 2026 npsv_horizon)"
		close "single_pot $id BCR over 15 years = the projection's" \
		    "$(get sp_comp $id 2040 bcr)" "$(get sp_h15 $id 2026 bcr_horizon)"
	done
	holds "single_pot a 30-year appraisal counts more benefits than 15" "a > b" \
	    "$(get sp_need $HART 2026 npsv_horizon)" "$(get sp_need $HART 2040 npsv)"
	holds "single_pot England BCR over 30 years above 1" "a > 1" "$(get sp_need $HART 2026 bcr_england_horizon)" 0
fi
if results sp_pop single_pot.lua --set allocation=population; then
	holds "single_pot per head: Hartlepool gets less than by need" "a < 0" "$(get sp_pop $HART 2026 vs_need)" 0
fi
if results sp_growth single_pot.lua --set allocation=growth; then
	holds "single_pot growth formula: Tower Hamlets gets more than per head" "a > b" \
	    "$(get sp_growth $TOWER 2026 award)" "$(get sp_pop $TOWER 2026 award)"
	e=$(sp $SCAMBS growth 2040)
	close "single_pot South Cambridgeshire BCR 2040 (growth)" "$(field "$e" 3)" "$(get sp_growth $SCAMBS 2040 bcr)"
fi
if results sp_biz single_pot.lua --set themes.business=60 --set themes.skills=5 \
    --set themes.transport=5 --set themes.housing=10 --set themes.health=10 \
    --set themes.net_zero=10; then
	holds "single_pot more business support: more jobs in 2028" "a > b" \
	    "$(get sp_biz $HART 2028 jobs)" "$(get sp_need $HART 2028 jobs)"
	holds "single_pot more business support: fewer homes" "a < b" \
	    "$(get sp_biz $HART 2035 homes)" "$(get sp_need $HART 2035 homes)"
fi
if results sp_vol single_pot.lua --set partners.voluntary=60 --set partners.business=0; then
	holds "single_pot voluntary-sector delivery: less deadweight, more jobs" "a > b" \
	    "$(get sp_vol $HART 2035 jobs)" "$(get sp_need $HART 2035 jobs)"
fi
if results sp_ob single_pot.lua --set ob_mitigation=0.5; then
	holds "single_pot less optimism bias: higher BCR" "a > b" \
	    "$(get sp_ob $HART 2040 bcr)" "$(get sp_need $HART 2040 bcr)"
fi

############################################################################
# Levelling Up
############################################################################

# lugap COLUMN [ratio]: the population-weighted gap of a baseline column
# over the councils that have it: sort by value; the bottom group is the
# lowest councils holding a tenth of their population (the council on the
# boundary counted in part), the top group likewise; top mean over (or
# minus) bottom mean. COLUMN "hle" is the mean of female and male HLE.
lugap() {
	awk -v c="$1" "$CSVAWK"'
	{ if (c == "hle") { if (s("hle_female_years_2018_20") == "") next
	      x = (v("hle_female_years_2018_20") + v("hle_male_years_2018_20")) / 2 }
	  else { if (s(c) == "") next; x = v(c) }
	  printf "%.17g %.17g\n", x, v("pop_2021") }' "$CSV" | sort -g -k1,1 |
	awk -v ratio="$2" '{ x[NR] = $1; w[NR] = $2; t += $2 }
	END {
		want = t * 0.1
		for (i = 1; got < want; i++) { u = w[i]; if (u > want - got) u = want - got; got += u; lo += u * x[i] }
		got = 0
		for (i = NR; got < want; i--) { u = w[i]; if (u > want - got) u = want - got; got += u; hi += u * x[i] }
		lo /= want; hi /= want
		printf "%.17g\n", ratio ? hi / lo : hi - lo
	}'
}

# lu ID YEAR INVEST TARGETING: "jobs nvq3plus emp_rate travel_mins" for one
# council at the default mix (business 30, skills 30, health 15,
# transport 15, housing 10). Money spent every year acts from year 1 +
# lag; jobs are a stock per theme: last year's x (1 - decay) + this year's
# money x share x gross jobs per £m (1000 / cost / (1 + OB)) x net share.
# Level 3: 0.5 pp a year + net achievers (skills £/head x pop / 1e6 x
# 1000 / 25 / 1.41 x (1 - min(0.9, 0.4 x dw scale)) x (1 - leak)) / pop
# 20-64 x 100. Travel falls 1% a year per £100/head of transport money.
lu() {
	awk -v id="$1" -v year="$2" -v invest="$3" -v how="$4" "$CSVAWK$PLACE"'
	s("code") == id {
		place()
		inv = how == "need" ? invest * v("imd25_score") / 21.81 : (how == "none" ? 0 : invest)
		pop = v("pop_2021"); p2064 = v("pop_20_64_2021")
		money = inv * pop / 1e6
		split("business skills health transport housing", th, " ")
		split("0.30 0.30 0.15 0.15 0.10", sh, " ")
		split("50 250 200 200 125", cpj, " ")
		split("0.41 0.41 0.41 0.44 0.24", ob, " ")
		split("0.4 0.4 0.3 0.2 0.25", dw, " ")
		split("1 2 3 3 2", lag, " ")
		split("0.15 0.05 0.1 0 0", dec, " ")
		nvq = v("nvq3plus_pct_2021"); travel = v("travel_mins_pt_walk_2019")
		dwsk = 0.4 * dws; if (dwsk > 0.9) dwsk = 0.9
		for (t = 1; t <= year - 2025; t++) {
			jobs = 0
			for (i = 1; i <= 5; i++) {
				dwi = dw[i] * dws; if (dwi > 0.9) dwi = 0.9
				ns = (1 - dwi) * (1 - leak) * (1 - disp) * 0.95 * mult
				stock[i] = stock[i] * (1 - dec[i])
				if (t - lag[i] >= 1) stock[i] += money * sh[i] * 1000 / cpj[i] / (1 + ob[i]) * ns
				jobs += stock[i]
			}
			if (t - 2 >= 1) nvq += inv * 0.30 * pop / 1e6 * 1000 / 25 / 1.41 * (1 - dwsk) * (1 - leak) / p2064 * 100
			nvq += 0.5
			if (t - 3 >= 1) travel *= 1 - 0.01 * inv * 0.15 / 100
		}
		emp = v("employment_rate_pct_2022_23") + jobs / p2064 * 100; if (emp > 90) emp = 90
		printf "%.17g %.17g %.17g %.17g\n", jobs, nvq, emp, travel
	}' "$CSV"
}

if results lu_need levelling_up.lua; then
	for id in $HART $SCAMBS $TOWER; do
		e=$(lu $id 2030 100 need)
		close "levelling_up $id jobs 2030" "$(field "$e" 1)" "$(get lu_need $id 2030 jobs)"
		close "levelling_up $id level 3+ 2030" "$(field "$e" 2)" "$(get lu_need $id 2030 nvq3plus)"
		e=$(lu $id 2035 100 need)
		close "levelling_up $id employment rate 2035" "$(field "$e" 3)" "$(get lu_need $id 2035 emp_rate)"
		close "levelling_up $id travel time 2035" "$(field "$e" 4)" "$(get lu_need $id 2035 travel_mins)"
	done
	holds "levelling_up gaps are the same in every row" "a == b" \
	    "$(get lu_need $HART 2030 hle_gap)" "$(get lu_need $TOWER 2030 hle_gap)"
	close "levelling_up gigabit target 2030" 100 "$(get lu_need $HART 2030 gigabit_target)"
	close "levelling_up KS2 target 2030" 90 "$(get lu_need $HART 2030 ks2_target)"
	close "levelling_up pay gap target = the 2025 gap" "$(lugap median_weekly_pay_gbp_2023 1)" \
	    "$(get lu_need $HART 2030 pay_gap_target)"
	close "levelling_up pay gap change 2035 = gap - 2025 gap" \
	    "$(awk -v a="$(get lu_need $HART 2035 pay_gap)" -v b="$(get lu_need $HART 2035 pay_gap_target)" 'BEGIN { printf "%.17g", a - b }')" \
	    "$(get lu_need $HART 2035 pay_gap_change)"
	holds "levelling_up targeted investment closes the pay gap (change below 0)" "a < 0" \
	    "$(get lu_need $HART 2035 pay_gap_change)" 0
	close "levelling_up Hartlepool short of the gigabit path in 2030 = 100 - its coverage" \
	    "$(awk -v g="$(get lu_need $HART 2030 gigabit)" 'BEGIN { printf "%.17g", 100 - g }')" \
	    "$(get lu_need $HART 2030 gigabit_to_target)"
	holds "levelling_up need-targeted investment: Hartlepool gets more than £100 a head" "a > 100" \
	    "$(get lu_need $HART 2026 invest_per_head)" 0
fi
if results lu_none levelling_up.lua --set targeting=none; then
	# with no investment every council's pay grows alike: the gap stays
	close "levelling_up pay gap 2035, no investment" "$(lugap median_weekly_pay_gbp_2023 1)" \
	    "$(get lu_none $HART 2035 pay_gap)"
	close "levelling_up HLE gap 2035, no investment" "$(lugap hle)" "$(get lu_none $HART 2035 hle_gap)"
	close "levelling_up employment gap 2035, no investment" "$(lugap employment_rate_pct_2022_23)" \
	    "$(get lu_none $HART 2035 emp_rate_gap)"
	holds "levelling_up investment narrows the pay gap (need vs none)" "a < b" \
	    "$(get lu_need $HART 2035 pay_gap)" "$(get lu_none $HART 2035 pay_gap)"
	holds "levelling_up investment narrows the employment gap (need vs none)" "a < b" \
	    "$(get lu_need $HART 2035 emp_rate_gap)" "$(get lu_none $HART 2035 emp_rate_gap)"
fi
if results lu_even levelling_up.lua --set targeting=even; then
	e=$(lu $TOWER 2035 100 even)
	close "levelling_up Tower Hamlets jobs 2035 (even)" "$(field "$e" 1)" "$(get lu_even $TOWER 2035 jobs)"
	holds "levelling_up targeting need narrows the pay gap more than even" "a < b" \
	    "$(get lu_need $HART 2035 pay_gap)" "$(get lu_even $HART 2035 pay_gap)"
	holds "levelling_up targeting need: more jobs in Hartlepool than even" "a > b" \
	    "$(get lu_need $HART 2035 jobs)" "$(get lu_even $HART 2035 jobs)"
fi
if results lu_more levelling_up.lua --set invest=300; then
	holds "levelling_up more investment: more jobs" "a > b" "$(get lu_more $SCAMBS 2030 jobs)" "$(get lu_need $SCAMBS 2030 jobs)"
	holds "levelling_up more investment: more level 3" "a > b" "$(get lu_more $SCAMBS 2030 nvq3plus)" "$(get lu_need $SCAMBS 2030 nvq3plus)"
	holds "levelling_up more investment: higher HLE" "a > b" "$(get lu_more $HART 2035 hle)" "$(get lu_need $HART 2035 hle)"
	holds "levelling_up more investment: more homes" "a > b" "$(get lu_more $HART 2035 housing)" "$(get lu_need $HART 2035 housing)"
	holds "levelling_up more investment: shorter journeys" "a < b" "$(get lu_more $HART 2035 travel_mins)" "$(get lu_need $HART 2035 travel_mins)"
fi
if results lu_skills levelling_up.lua --set mix.skills=70; then
	holds "levelling_up more skills money: more level 3" "a > b" "$(get lu_skills $HART 2030 nvq3plus)" "$(get lu_need $HART 2030 nvq3plus)"
	holds "levelling_up more skills money: less productivity growth" "a < b" \
	    "$(get lu_skills $HART 2030 gva_per_hour)" "$(get lu_need $HART 2030 gva_per_hour)"
fi
if results lu_dev levelling_up.lua --set devolution=all_by_2030; then
	holds "levelling_up devolution today: Blackpool in no deal" "a == 0" "$(get lu_need E06000009 2030 devolution)" 0
	holds "levelling_up all deals by 2030: Blackpool in one in 2030" "a == 100" "$(get lu_dev E06000009 2030 devolution)" 0
	holds "levelling_up all deals by 2030: not before" "a == 0" "$(get lu_dev E06000009 2029 devolution)" 0
fi
# the invariants hold at the levers' extremes
if results lu_max levelling_up.lua --set invest=500 --set mix.skills=100; then
	holds "levelling_up at the extremes: level 3 share at most 100" "a <= 100" \
	    "$(awk -F, '$(NF-1) == "nvq3plus" && $NF > m { m = $NF } END { print m + 0 }' "$T/lu_max.csv")" 0
fi

############################################################################
# Beyond GDP
############################################################################

# bg ID YEAR: "gva emissions local_income wellbeing" at the defaults
# (inward growth 0.5%, green 30%, ownership 10% by 2035, nature 20%,
# everywhere). Workplace GVA0 = RV x 29.18 (x 0.8 in London) / 1e6;
# growth = (0.01 + 0.005) x (1 - 0.2 x 0.3) - 0.01 x step - 0.002 x 0.2,
# step = (0.10 - 0.05) / 10; hunted GVA grows with the rest plus last
# year's GVA x 0.005 x (1 - 0.2 x 0.3). Emissions = 73.10 x (0.2 + 0.8 x
# industry RV share / 0.2701) x GVA x (1 - 0.03 - 0.05 x 0.3)^t + 5.0 x
# 0.5 x pop x 0.98^t (t). Local income = 0.55 x GVA x (1 - leak) + 0.45
# x (GVA - hunted) x ownership. Wellbeing = start + 0.3 ln(income /
# income0) + (ownership - 0.05) + 0.005 x (nature - 100), nature falling
# by 50 x (887.5 / density)^0.5 (within 0.2..5) x growth x 0.8 and rising
# by 0.2 a year.
bg() {
	awk -v id="$1" -v year="$2" "$CSVAWK$PLACE"'
	s("code") == id {
		place()
		gva = v("rv_2023_gbp") * 29.18 * (s("region") == "London" ? 0.8 : 1) / 1e6
		ind = v("rv_industry_2023_gbp") / v("rv_2023_gbp")
		inten = 73.10 * (0.2 + 0.8 * ind / 0.2701)
		pop = v("pop_2021")
		own = 0.05; step = (0.10 - 0.05) / 10; hunted = 0; nature = 100
		inc0 = gva * (0.55 * (1 - leak) + 0.45 * own)
		wb0 = s("life_satisfaction_2022_23") == "" ? 7.44 : v("life_satisfaction_2022_23")
		pursued = 0.005 * (1 - 0.2 * 0.3)
		g = 0.01 * (1 - 0.2 * 0.3) + pursued - 0.01 * step - 0.002 * 0.2
		for (t = 1; t <= year - 2025; t++) {
			own += step
			hunted = hunted * (1 + g) + gva * pursued
			gva = gva * (1 + g)
			nature = nature + 1.0 * 0.2 - 50 * clamp((887.5 / v("density_per_km2_2021")) ^ 0.5, 0.2, 5) * g * 0.8
		}
		t = year - 2025
		em = (inten * gva * (1 - 0.03 - 0.05 * 0.3) ^ t + 5.0 * 0.5 * pop * 0.98 ^ t) / 1000
		inc = 0.55 * gva * (1 - leak) + 0.45 * (gva - hunted) * own
		wb = wb0 + 0.3 * log(inc / inc0) + (own - 0.05) + 0.005 * (nature - 100)
		printf "%.17g %.17g %.17g %.17g\n", gva, em, inc, wb
	}' "$CSV"
}

if results bg_default beyond_gdp.lua; then
	for id in $HART $SCAMBS $TOWER; do
		for y in 2026 2035; do
			e=$(bg $id $y)
			close "beyond_gdp $id GVA $y" "$(field "$e" 1)" "$(get bg_default $id $y gva)"
			close "beyond_gdp $id emissions $y" "$(field "$e" 2)" "$(get bg_default $id $y emissions)"
			close "beyond_gdp $id local income $y" "$(field "$e" 3)" "$(get bg_default $id $y local_income)"
			close "beyond_gdp $id wellbeing $y" "$(field "$e" 4)" "$(get bg_default $id $y wellbeing)"
		done
	done
	# workplace GVA: the City and Westminster are among England's largest
	holds "beyond_gdp City of London GVA is over £40bn" "a > 40000" "$(get bg_default E09000001 2026 gva)" 0
	holds "beyond_gdp Westminster GVA is over £40bn" "a > 40000" "$(get bg_default E09000033 2026 gva)" 0
	holds "beyond_gdp England GVA is £1.7-2.1tn" "a > 1.7e6 && a < 2.1e6" "$(total bg_default 2026 gva)" 0
	holds "beyond_gdp England emissions 4-6 t a head" "a > 4 && a < 6" \
	    "$(awk -v e="$(total bg_default 2026 emissions)" 'BEGIN { print e * 1000 / 56489800 }')" 0
	holds "beyond_gdp growth takes more nature in sparse South Cambridgeshire than dense Tower Hamlets" "a < b" \
	    "$(get bg_default $SCAMBS 2035 nature)" "$(get bg_default $TOWER 2035 nature)"
fi
if results bg_hunt beyond_gdp.lua --set growth=0.03; then
	holds "beyond_gdp more inward investment: more GVA" "a > b" "$(total bg_hunt 2035 gva)" "$(total bg_default 2035 gva)"
	holds "beyond_gdp ... more emissions" "a > b" "$(total bg_hunt 2035 emissions)" "$(total bg_default 2035 emissions)"
	holds "beyond_gdp ... less nature" "a < b" "$(get bg_hunt $HART 2035 nature)" "$(get bg_default $HART 2035 nature)"
	holds "beyond_gdp ... less of the profits owned locally" "a < b" \
	    "$(get bg_hunt $HART 2035 local_ownership)" "$(get bg_default $HART 2035 local_ownership)"
fi
if results bg_green beyond_gdp.lua --set green_share=1; then
	holds "beyond_gdp all-green: fewer emissions" "a < b" "$(total bg_green 2035 emissions)" "$(total bg_default 2035 emissions)"
	holds "beyond_gdp all-green: less GVA" "a < b" "$(total bg_green 2035 gva)" "$(total bg_default 2035 gva)"
	holds "beyond_gdp all-green: lower carbon cost" "a < b" "$(total bg_green 2035 carbon_cost)" "$(total bg_default 2035 carbon_cost)"
fi
if results bg_own beyond_gdp.lua --set ownership_target=0.5; then
	holds "beyond_gdp local ownership: more profits kept" "a > b" "$(total bg_own 2035 profits_kept)" "$(total bg_default 2035 profits_kept)"
	holds "beyond_gdp local ownership: higher wellbeing" "a > b" "$(get bg_own $HART 2035 wellbeing)" "$(get bg_default $HART 2035 wellbeing)"
	holds "beyond_gdp local ownership: a little less GVA" "a < b" "$(total bg_own 2035 gva)" "$(total bg_default 2035 gva)"
fi
if results bg_nature beyond_gdp.lua --set nature_land=1; then
	holds "beyond_gdp land for nature: nature recovers" "a > 100" "$(get bg_nature $HART 2035 nature)" 0
	holds "beyond_gdp land for nature: higher wellbeing" "a > b" "$(get bg_nature $HART 2035 wellbeing)" "$(get bg_default $HART 2035 wellbeing)"
	holds "beyond_gdp land for nature: less GVA" "a < b" "$(total bg_nature 2035 gva)" "$(total bg_default 2035 gva)"
fi
if results bg_dep beyond_gdp.lua --set focus=deprived; then
	holds "beyond_gdp growth in deprived places: narrower income gap" "a < b" \
	    "$(get bg_dep $HART 2035 income_gap)" "$(get bg_default $HART 2035 income_gap)"
	holds "beyond_gdp growth in deprived places: more GVA in Hartlepool" "a > b" \
	    "$(get bg_dep $HART 2035 gva)" "$(get bg_default $HART 2035 gva)"
	holds "beyond_gdp growth in deprived places: less GVA in South Cambridgeshire" "a < b" \
	    "$(get bg_dep $SCAMBS 2035 gva)" "$(get bg_default $SCAMBS 2035 gva)"
fi

finish
