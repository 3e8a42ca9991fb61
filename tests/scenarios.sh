#!/bin/sh
# scenarios.sh: run the shipped scenarios and check key numbers against
# values worked out here, independently, from the baseline CSV and the
# scenarios' declared assumptions.
#
# Environment: LEVER (the built binary), top_srcdir (the source tree).
# Exits 1 if any check failed (each is named), 0 if none did.

. "${top_srcdir:-.}/tests/scenario-lib.sh"
workdir scenarios
CSV=$SC/data/england_la.csv
# (relative, or absolute below 1)
close_rel=1e-6 close_abs=1e-6

[ -x "$LEVER" ] || { echo "FAIL: no lever binary at $LEVER" >&2; exit 1; }
[ -r "$CSV" ] || { echo "FAIL: no baseline at $CSV" >&2; exit 1; }

for s in business_rates single_pot levelling_up beyond_gdp; do
	if "$LEVER" check "$SC/$s.lua" >"$T/check.out" 2>&1; then
		pass "lever check $s.lua"
	else
		fail "lever check $s.lua: $(cat "$T/check.out")"
	fi
done

############################################################################
# Business rates retention
############################################################################
# The method is worked by hand, authority by authority, in tests/rates.sh.
# Here: the scheme's identities on every row of the shipped scenario, and
# the direction of the levers.
BR_NNDR=$SC/data/england_nndr.csv
[ -r "$BR_NNDR" ] || fail "no business rates baseline at $BR_NNDR"
BR_PILOTS=$(awk "$CSVAWK"'s("regime") == "pilot_100" { printf "%s ", s("code") }' "$BR_NNDR")

# br_identities RUN: levy = min(cap, max(0, 1 - BFL/BRB)) x max(0, income
# - BFL), safety = max(0, theta x BFL - income) for rows outside pools and
# the 100% areas (cap and theta given), retained = income - levy + safety
# everywhere; prints the number of rows that break one.
br_identities() {
	awk -F, -v cap="$2" -v theta="$3" -v pilots="$BR_PILOTS" '
	BEGIN { n = split(pilots, p, " "); for (i = 1; i <= n; i++) pilot[p[i]] = 1; n = 0 }
	FNR > 1 { k = $1 SUBSEP $(NF-2); x[k, $(NF-1)] = $NF; ks[k] = $1 }
	END { for (k in ks) {
		id = ks[k]
		inc = x[k, "income"]; bfl = x[k, "bfl"]; brb = x[k, "brb"]
		lv = x[k, "levy"]; sn = x[k, "safety_net"]; r = x[k, "retained"]
		s = bfl > 1 ? bfl : 1
		d = r - (inc - lv + sn); if (d < 0) d = -d; if (d > 1e-9 * s) n++
		if (id in pilot) continue
		lam = brb > 0 ? 1 - bfl / brb : 0; if (lam < 0) lam = 0; if (lam > cap) lam = cap
		want = inc > bfl ? lam * (inc - bfl) : 0
		d = lv - want; if (d < 0) d = -d; if (d > 1e-9 * s) n++
		want = theta * bfl > inc ? theta * bfl - inc : 0
		d = sn - want; if (d < 0) d = -d; if (d > 1e-9 * s) n++
	} print n + 0 }' "$T/$1.csv"
}

if results br_default business_rates.lua; then
	holds "business_rates defaults: identities on every row" "a == 0" \
	    "$(br_identities br_default 0.5 0.925)" 0
	# At the defaults the scheme is today's scheme: no gain anywhere.
	holds "business_rates defaults: gain is zero everywhere" "a < 1e-3" \
	    "$(awk -F, '$(NF-1) == "gain" { x = $NF < 0 ? -$NF : $NF; if (x > m) m = x } END { printf "%.17g", m + 0 }' "$T/br_default.csv")" 0
	# Cambridge (a tariff district) pays a levy once growth builds after
	# the 2026 reset.
	holds "business_rates Cambridge pays a levy in 2027" "a > 0" \
	    "$(get br_default E07000008 2027 levy)" 0
	# Upper tiers are rows of their own: Kent County Council and the GLA.
	holds "business_rates Kent County Council has a BFL" "a > 0" \
	    "$(get br_default E10000016 2030 bfl)" 0
	holds "business_rates the GLA has income" "a > 0" \
	    "$(get br_default E61000001 2030 income)" 0
fi

# A safety net case: falling rateable values and a 100% threshold.
if results br_safety business_rates.lua --set rv_growth=-0.1 \
    --set safety_net_threshold=1 --set reset=none; then
	holds "business_rates falling rates: identities on every row" "a == 0" \
	    "$(br_identities br_safety 0.5 1)" 0
	holds "business_rates Hartlepool gets a safety net when rates fall" "a > 0" \
	    "$(get br_safety E06000001 2028 safety_net)" 0
fi

# 100% retention without a levy: no levy anywhere.
if results br_full business_rates.lua --set local_share=1 --set levy_cap=0; then
	holds "business_rates local_share=1, levy_cap=0: total levy is 0" "a == 0" \
	    "$(awk -F, '$(NF-1) == "levy" { t += ($NF < 0 ? -$NF : $NF) } END { printf "%.17g", t + 0 }' "$T/br_full.csv")" 0
fi

# 75% retention: a unitary's BFL rises with its own share, 0.49 -> 0.735
# (every tier in proportion), and Hartlepool gains from its growth.
if results br_75 business_rates.lua --set local_share=0.75; then
	close "business_rates 75%: Hartlepool BFL scales by 0.735/0.49" \
	    "$(awk -v b="$(get br_default E06000001 2030 bfl)" 'BEGIN { printf "%.17g", b * 0.735 / 0.49 }')" \
	    "$(get br_75 E06000001 2030 bfl)"
	holds "business_rates 75%: Hartlepool gain in 2030 is positive" "a > 0" \
	    "$(get br_75 E06000001 2030 gain)" 0
fi

# A full reset in 2028 takes growth away: income = BFL in the reset year.
if results br_reset business_rates.lua --set reset=full --set reset_year=2028; then
	close "business_rates full reset in 2028: Hartlepool income = BFL" \
	    "$(get br_reset E06000001 2028 bfl)" "$(get br_reset E06000001 2028 income)"
fi
############################################################################
# Single pot
############################################################################

# Worked numbers for three places, NPSV and BCR, and every lever's
# direction are checked in tests/appraisal.sh; here, that the shipped
# scenario runs and spends the whole pot over its first three years.
if results sp_default single_pot.lua; then
	total=$(awk -F, '$(NF-1) == "spend" { t += $NF } END { printf "%.17g", t }' "$T/sp_default.csv")
	close "single_pot England spend over the settlement = the pot" 2600 "$total"
fi

############################################################################
# Levelling Up
############################################################################

# Worked numbers, the gaps and every lever's direction are checked in
# tests/appraisal.sh; here, that the gaps are the same in every row.
if results lu_default levelling_up.lua; then
	holds "levelling_up pay_gap is the same for every council" "a == b" \
	    "$(get lu_default E06000001 2030 pay_gap)" "$(get lu_default E09000033 2030 pay_gap)"
fi

############################################################################
# Beyond GDP
############################################################################

# Worked numbers for three places, the trade-offs and every lever's
# direction are checked in tests/appraisal.sh; here, the headline
# trade-off: all-green investment cuts emissions at a cost in GVA.
if results bg_default beyond_gdp.lua && results bg_green beyond_gdp.lua --set green_share=1; then
	holds "beyond_gdp all-green investment cuts 2035 emissions" "a < b" \
	    "$(get bg_green E06000001 2035 emissions)" "$(get bg_default E06000001 2035 emissions)"
	holds "beyond_gdp ... at a cost in GVA (the trade-off)" "a < b" \
	    "$(get bg_green E06000001 2035 gva)" "$(get bg_default E06000001 2035 gva)"
fi

finish
