#!/bin/sh
# rates.sh: business rates retention (scenarios/business_rates.lua) worked
# by hand, authority by authority, and checked against lever's results.
#
# The hand computation below is a separate implementation of the scheme's
# method in awk, from the baseline CSV and the scenario's published
# assumptions (written out here as numbers, not read from the script):
#
#   gross = RV x (small x m_small + rest x m_std) x CPI index, the 2023
#           list with 2025-26 multipliers before 2026, the area's 2026
#           draft list with the 2026-27 multipliers from 2026
#   NDR   = gross x (1 - 0.1627 - temp) x (1 - 0.01 - 0.03),
#           temp = 0.038 in 2025-26 (RHL relief), 0 after
#   X     = NDR + s31: the temporary relief, and any multiplier held
#           below CPI, paid back
#   income = share x X - (BRB - BFL + adj), adj += share x (X - X on the
#           old list) at a revaluation; BRB, BFL, adj uprated by 2% a year
#   levy  = min(0.5, max(0, 1 - BFL/BRB)) x max(0, income - BFL)
#   safety net = max(0, 0.925 x BFL - income); 100% areas: no levy, 97%
#
# Five authorities of different classes, each through a revaluation year
# (2026, and 2029 for the later cycle), a reset year and a year with a
# frozen multiplier: Cambridge (shire district, in the Cambridgeshire
# pool with its county), Kent County Council (county), Hartlepool
# (unitary), Manchester (metropolitan, Greater Manchester 100% area) and
# Hackney (London borough).
#
# Environment: LEVER (the built binary), top_srcdir (the source tree).

. "${top_srcdir:-.}/tests/scenario-lib.sh"
workdir rates
CSV=$SC/data/england_nndr.csv
# worked by hand: within 1e-9 (or £0.001)
close_rel=1e-9 close_abs=1e-3

[ -x "$LEVER" ] || { echo "FAIL: no lever binary at $LEVER" >&2; exit 1; }
[ -r "$CSV" ] || { echo "FAIL: no baseline at $CSV" >&2; exit 1; }

# br NAME [--set ...]: lever's CSV results for business_rates.lua
br() { n=$1; shift; results "$n" business_rates.lua "$@"; }

# differs WHAT A B: the two differ by more than the tolerance of close
# (a check that the comparison could fail)
differs() {
	if awk -v e="$2" -v g="$3" 'BEGIN {
		d = e - g; if (d < 0) d = -d
		s = e < 0 ? -e : e; t = g < 0 ? -g : g; if (t > s) s = t
		exit !(d > 1e-6 * s && d > 1) }'; then
		pass "$1 ($2 vs $3)"
	else
		fail "$1: $2 and $3 do not differ: the check could not fail"
	fi
}

# hand [name=value ...]: the scheme worked by hand for every authority and
# year 2025-2035, written as "id year output value" lines to stdout.
# Settings: g (real RV growth), reset (none/full), reset_year, frozen
# (0/1), pool (0 or 1: county pools with their county), noadj (1: leave
# out the revaluation adjustment, to show a check can fail).
hand() {
	awk -v g=0.01 -v reset=none -v reset_year=2026 -v frozen=0 -v pool=0 \
	    -v noadj=0 "$@" "$CSVAWK"'
	function lam(bfl, brb, cap,    l) {
		if (brb <= 0) return 0
		l = 1 - bfl / brb; if (l < 0) l = 0; if (l > cap) l = cap
		return l
	}
	{
		id = s("code"); ids[++nid] = id
		pilot[id] = s("regime") == "pilot_100"
		tier[id] = s("tier"); cty[id] = s("county_code")
		b50[id] = s("bfl50_2025_gbp") == "" ? -1 : v("bfl50_2025_gbp")
		if (s("rv_2023_gbp") == "") next
		bill[id] = 1
		# a published NNDR1 figure scales the rates of the area in every year
		nndr1[id] = s("ndr_2025_gbp") == "" ? 0 : v("ndr_2025_gbp")
		rv23[id] = v("rv_2023_gbp"); ratio[id] = v("rv_2026_draft_gbp") / rv23[id]
		sm = v("rv_small_share_2023")
		m25s[id] = sm * 0.499; m25o[id] = (1 - sm) * 0.555
		sm = v("rv_small_share_2026"); hi = v("rv_high_share_2026")
		r = v("rv_retail_2023_gbp") / rv23[id]
		m26s[id] = sm * ((1 - r) * 0.432 + r * 0.382)
		m26o[id] = (1 - sm - hi) * ((1 - r) * 0.480 + r * 0.430) + hi * 0.508
		# shares today and at 50%: own, county, fire, major
		nt = split("own county fire major", tk, " ")
		for (i = 1; i <= nt; i++) {
			st[id, tk[i]] = v("share_" tk[i] "_today")
			sf[id, tk[i]] = v("share_" tk[i] "_50")
		}
		to[id, "own"] = id; to[id, "county"] = s("county_code")
		to[id, "fire"] = s("fire_code"); to[id, "major"] = s("major_code")
	}
	END {
		k = 1 - 0.01 - 0.03
		for (y = 2025; y <= 2035; y++) {
			for (i = 1; i <= nid; i++) {
				a = ids[i]; Xt[a] = Xf[a] = Pt[a] = Pf[a] = N[a] = 0
			}
			for (b in bill) {
				if (y < 2026) {
					rv = rv23[b]; idx = 1; ms = m25s[b]; mo = m25o[b]; temp = 0.038
				} else {
					rv = rv23[b] * (1 + g) ^ (y - 2025) * ratio[b]
					idx = 1.02 ^ (y - 2026); ms = m26s[b]; mo = m26o[b]; temp = 0
				}
				# later revaluations lift RV by 10% and cut the multipliers
				# by the same: they cancel in gross
				fx = frozen ? 1 : idx
				gross = rv * (ms + mo) * fx
				full = rv * (ms + mo) * idx
				ndr = gross * (1 - 0.1627 - temp) * k
				X = full * (1 - 0.1627 - temp) * k + gross * temp * k
				if (y == 2026) {
					# the same year on the 2023 list, 2025-26 multipliers
					# indexed one year
					P = rv23[b] * (1 + g) * (m25s[b] + m25o[b]) * 1.02 * (1 - 0.1627) * k
				} else P = X
				if (noadj) P = X
				if (y == 2025) sc[b] = nndr1[b] ? nndr1[b] / ndr : 1
				ndr *= sc[b]; X *= sc[b]; P *= sc[b]
				for (t = 1; t <= 4; t++) {
					u = to[b, tk[t]]
					if (u == "" || !(u in pilot)) continue
					Xt[u] += st[b, tk[t]] * X; Xf[u] += sf[b, tk[t]] * X
					Pt[u] += st[b, tk[t]] * P; N[u] += st[b, tk[t]] * ndr
					Pf[u] += sf[b, tk[t]] * P
				}
			}
			if (y == 2025) {
				bs = xs = 0
				for (i = 1; i <= nid; i++) {
					a = ids[i]
					if (b50[a] >= 0 && Xf[a] > 0) {
						bfl[a] = b50[a] * Xt[a] / Xf[a]; bs += bfl[a]; xs += Xt[a]
					} else bfl[a] = -1
				}
				c = bs / xs
				for (i = 1; i <= nid; i++) {
					a = ids[i]
					if (bfl[a] < 0) bfl[a] = c * Xt[a]
					brb[a] = c * Xt[a]; adj[a] = 0
					# the 50% scheme, for no detriment in the 100% areas
					bflf[a] = Xt[a] > 0 ? bfl[a] * Xf[a] / Xt[a] : bfl[a]
					brbf[a] = Xt[a] > 0 ? brb[a] * Xf[a] / Xt[a] : brb[a]
					adjf[a] = 0
				}
			} else {
				for (i = 1; i <= nid; i++) {
					a = ids[i]
					bfl[a] *= 1.02; brb[a] *= 1.02; adj[a] *= 1.02
					if (y == 2026 || y == 2029 || y == 2032 || y == 2035)
						adj[a] += Xt[a] - Pt[a]
					if (reset == "full" && y == reset_year) { brb[a] = Xt[a]; adj[a] = 0 }
					bflf[a] *= 1.02; brbf[a] *= 1.02; adjf[a] *= 1.02
					if (y == 2026 || y == 2029 || y == 2032 || y == 2035)
						adjf[a] += Xf[a] - Pf[a]
					# the 50% scheme has the full reset of 2026-27
					if (y == 2026) { brbf[a] = Xf[a]; adjf[a] = 0 }
				}
			}
			for (i = 1; i <= nid; i++) {
				a = ids[i]
				T[a] = brb[a] - bfl[a] + adj[a]
				R[a] = Xt[a] - T[a]
				cap = pilot[a] ? 0 : 0.5; th = pilot[a] ? 0.97 : 0.925
				lv[a] = R[a] > bfl[a] ? lam(bfl[a], brb[a], cap) * (R[a] - bfl[a]) : 0
				sn[a] = th * bfl[a] > R[a] ? th * bfl[a] - R[a] : 0
			}
			if (pool) {
				# county pools: the districts of each county and the county
				delete PR; delete PB; delete PL; delete n_in
				for (i = 1; i <= nid; i++) {
					a = ids[i]
					key = tier[a] == "county" ? a : (tier[a] == "district" ? cty[a] : "")
					if (key == "") continue
					pk[a] = key; n_in[key]++
					PR[key] += R[a]; PB[key] += brb[a]; PL[key] += bfl[a]
					up[key] += 0
				}
				delete up; delete dn
				for (a in pk) {
					key = pk[a]
					up[key] += R[a] > bfl[a] ? R[a] - bfl[a] : 0
					dn[key] += 0.925 * bfl[a] > R[a] ? 0.925 * bfl[a] - R[a] : 0
				}
				for (a in pk) {
					key = pk[a]
					if (n_in[key] < 2) continue
					L = PR[key] > PL[key] ? lam(PL[key], PB[key], 0.5) * (PR[key] - PL[key]) : 0
					S = 0.925 * PL[key] > PR[key] ? 0.925 * PL[key] - PR[key] : 0
					lv[a] = L > 0 ? L * (R[a] > bfl[a] ? R[a] - bfl[a] : 0) / up[key] : 0
					sn[a] = S > 0 ? S * (0.925 * bfl[a] > R[a] ? 0.925 * bfl[a] - R[a] : 0) / dn[key] : 0
				}
				delete pk
			}
			for (i = 1; i <= nid; i++) {
				a = ids[i]
				printf "%s %d brb %.17g\n", a, y, brb[a]
				printf "%s %d bfl %.17g\n", a, y, bfl[a]
				printf "%s %d tariff %.17g\n", a, y, T[a]
				printf "%s %d income %.17g\n", a, y, R[a]
				printf "%s %d levy %.17g\n", a, y, lv[a]
				printf "%s %d safety_net %.17g\n", a, y, sn[a]
				printf "%s %d retained %.17g\n", a, y, R[a] - lv[a] + sn[a]
				printf "%s %d s31_grant %.17g\n", a, y, Xt[a] - N[a]
				nd = 0
				if (pilot[a]) {
					Rf = Xf[a] - (brbf[a] - bflf[a] + adjf[a])
					lf = Rf > bflf[a] ? lam(bflf[a], brbf[a], 0.5) * (Rf - bflf[a]) : 0
					sf_ = 0.925 * bflf[a] > Rf ? 0.925 * bflf[a] - Rf : 0
					nd = (Rf - lf + sf_ - bflf[a]) - (R[a] - lv[a] + sn[a] - bfl[a])
					if (nd < 0) nd = 0
				}
				printf "%s %d no_detriment %.17g\n", a, y, nd
			}
		}
	}' "$CSV"
}

# want FILE ID YEAR OUTPUT: one hand-worked value
want() {
	awk -v id="$2" -v y="$3" -v o="$4" \
	    '$1 == id && $2 == y && $3 == o { print $4 }' "$T/$1"
}

# compare RUN HANDFILE ID YEAR...: every output of ID in those years
compare() {
	r=$1 hf=$2 id=$3; shift 3
	for y in "$@"; do
		for o in brb bfl tariff income levy safety_net retained s31_grant no_detriment; do
			close "$r $id $y $o" "$(want "$hf" "$id" "$y" "$o")" \
			    "$(get "$r" "$id" "$y" "$o")"
		done
	done
}

AUTH="E07000008 E10000016 E06000001 E08000003 E09000012"

# 1. No reset: the 2026 revaluation (and the 2029 one) adjust tariffs.
if br noreset --set reset=none; then
	hand >"$T/h_noreset"
	for id in $AUTH; do
		compare noreset h_noreset "$id" 2025 2026 2029
	done
	# Without the adjustment the hand computation would not match.
	hand -v noadj=1 >"$T/h_noadj"
	differs "the 2026 adjustment matters: Hartlepool income with and without" \
	    "$(want h_noadj E06000001 2026 income)" "$(get noreset E06000001 2026 income)"
fi

# 2. A full reset in 2028 (the 2026 revaluation adjusted before it).
if br reset28 --set reset=full --set reset_year=2028; then
	hand -v reset=full -v reset_year=2028 >"$T/h_reset28"
	for id in $AUTH; do
		compare reset28 h_reset28 "$id" 2027 2028
	done
	differs "the reset matters: Kent BRB in 2028 with and without" \
	    "$(want h_noreset E10000016 2028 brb)" "$(get reset28 E10000016 2028 brb)"
fi

# 3. Frozen multipliers (with today's full reset in 2026): s31 grant makes
# up the frozen rates and counts in income.
if br frozen --set multiplier=frozen; then
	hand -v reset=full -v reset_year=2026 -v frozen=1 >"$T/h_frozen"
	for id in $AUTH; do
		compare frozen h_frozen "$id" 2026 2028
	done
	holds "frozen: Hartlepool s31 grant in 2028 is positive" "a > 0" \
	    "$(get frozen E06000001 2028 s31_grant)" 0
	# Income is what it would be with indexed multipliers: no safety net
	# is paid for a freeze.
	if br indexed; then
		close "frozen: Manchester income 2030 = indexed income" \
		    "$(get indexed E08000003 2030 income)" "$(get frozen E08000003 2030 income)"
		holds "frozen: no safety net anywhere in 2035" "a == 0" \
		    "$(awk -F, '$(NF-2) == 2035 && $(NF-1) == "safety_net" { t += $NF } END { printf "%.17g", t + 0 }' "$T/frozen.csv")" 0
	fi
fi

# 4. Cambridge in the Cambridgeshire pool, with the county in it.
if br pool --set pooling=county --set reset=none; then
	hand -v pool=1 >"$T/h_pool"
	compare pool h_pool E07000008 2026 2027
	compare pool h_pool E10000003 2027
	# Alone, Cambridgeshire County Council (a top-up authority) pays no
	# levy; in the pool it pays its part of the pool's levy.
	differs "the pool matters: Cambridgeshire's levy 2027 pooled and alone" \
	    "$(want h_noreset E10000003 2027 levy)" "$(get pool E10000003 2027 levy)"
fi

# 4b. Falling rates (5% a year, no reset): safety nets, 92.5% of BFL and
# 97% in the 100% areas.
if br fall --set rv_growth=-0.05 --set reset=none; then
	hand -v g=-0.05 >"$T/h_fall"
	for id in $AUTH; do
		compare fall h_fall "$id" 2028 2030
	done
	holds "falling rates: Hartlepool gets a safety net in 2030" "a > 0" \
	    "$(get fall E06000001 2030 safety_net)" 0
	holds "falling rates: Manchester (97%) gets a safety net in 2028" "a > 0" \
	    "$(get fall E08000003 2028 safety_net)" 0
	# No detriment: a 100% area is paid up to what it would keep at 50%.
	holds "falling rates: no-detriment payments in England in 2027" "a > 0" \
	    "$(awk -F, '$(NF-2) == 2027 && $(NF-1) == "no_detriment" { t += $NF } END { printf "%.17g", t }' "$T/fall.csv")" 0
	for id in E08000001 E08000025 E06000052; do
		compare fall h_fall "$id" 2027 2028
	done
fi

# 5. Identities on every row of every run: retained = income - levy +
# safety net; outside pools and the 100% areas, levy = min(cap, max(0,
# 1 - BFL/BRB)) x max(0, income - BFL) and safety net = max(0, theta x
# BFL - income); in the 100% areas no levy and theta = 0.97.
pilots=$(awk -F, 'NR > 1 && /,pilot_100,/ { print $1 }' "$CSV" | tr '\n' ' ')
for r in noreset reset28 frozen indexed fall; do
	[ -f "$T/$r.csv" ] || continue
	bad=$(awk -F, -v pilots="$pilots" '
	BEGIN { n = split(pilots, p, " "); for (i = 1; i <= n; i++) pil[p[i]] = 1; n = 0 }
	FNR > 1 { k = $1 SUBSEP $(NF-2); x[k, $(NF-1)] = $NF; ks[k] = $1 }
	END { for (k in ks) {
		id = ks[k]; rows++
		inc = x[k, "income"]; bfl = x[k, "bfl"]; brb = x[k, "brb"]
		lv = x[k, "levy"]; sn = x[k, "safety_net"]; r = x[k, "retained"]
		s = bfl > 1 ? bfl : 1
		d = r - (inc - lv + sn); if (d < 0) d = -d; if (d > 1e-9 * s) n++
		cap = (id in pil) ? 0 : 0.5; th = (id in pil) ? 0.97 : 0.925
		lam = brb > 0 ? 1 - bfl / brb : 0; if (lam < 0) lam = 0; if (lam > cap) lam = cap
		w = inc > bfl ? lam * (inc - bfl) : 0
		d = lv - w; if (d < 0) d = -d; if (d > 1e-9 * s) n++
		w = th * bfl > inc ? th * bfl - inc : 0
		d = sn - w; if (d < 0) d = -d; if (d > 1e-9 * s) n++
	} if (rows != 349 * 11) n = -1; print n + 0 }' "$T/$r.csv")
	holds "identities on all 349 x 11 rows ($r)" "a == 0" "$bad" 0
done

# 6. Revaluation neutrality: with no real growth and no reset, the 2026
# and 2029 revaluations change no authority's income, levy or safety net
# beyond the 2% uprating of the year.
if br neutral --set rv_growth=0 --set reset=none; then
	bad=$(awk -F, 'FNR > 1 && ($(NF-1) == "levy" || $(NF-1) == "safety_net" || $(NF-1) == "income") {
		x[$1, $(NF-2), $(NF-1)] = $NF; ids[$1] = 1 }
	END { split("levy safety_net income", os, " ")
		for (id in ids) for (i = 1; i <= 3; i++) for (y = 2026; y <= 2035; y++) {
			o = os[i]; a = x[id, y, o]; b = 1.02 * x[id, y - 1, o]
			d = a - b; if (d < 0) d = -d; s = b < 0 ? -b : b; if (s < 1) s = 1
			if (d > 1e-9 * s) n++
		}
		print n + 0 }' "$T/neutral.csv")
	holds "revaluation neutrality: every authority, 2026-2035" "a == 0" "$bad" 0
	# The check could fail: authorities pay a levy at the start, so a
	# revaluation paid out as growth would change it.
	holds "revaluation neutrality: levies are paid (the check can fail)" "a > 0" \
	    "$(awk -F, '$(NF-2) == 2025 && $(NF-1) == "levy" { t += $NF } END { printf "%.17g", t }' "$T/neutral.csv")" 0
fi

# 6b. Moving the revaluation to 2028 moves its adjustment with it: none
# before 2028, one in 2028, and still no change in income, levy or safety
# net beyond the uprating, in every year (later cycle: 2031, 2034).
if br neutral28 --set rv_growth=0 --set reset=none --set reval_year=2028; then
	bad=$(awk -F, 'FNR > 1 && ($(NF-1) == "levy" || $(NF-1) == "safety_net" || $(NF-1) == "income") {
		x[$1, $(NF-2), $(NF-1)] = $NF; ids[$1] = 1 }
	END { split("levy safety_net income", os, " ")
		for (id in ids) for (i = 1; i <= 3; i++) for (y = 2026; y <= 2035; y++) {
			o = os[i]; a = x[id, y, o]; b = 1.02 * x[id, y - 1, o]
			d = a - b; if (d < 0) d = -d; s = b < 0 ? -b : b; if (s < 1) s = 1
			if (d > 1e-9 * s) n++
		}
		print n + 0 }' "$T/neutral28.csv")
	holds "revaluation in 2028: neutral for every authority" "a == 0" "$bad" 0
	close "revaluation in 2028: no adjustment in 2027" 0 "$(get neutral28 E06000001 2027 reval_adj)"
	holds "revaluation in 2028: Hartlepool's tariff adjusted in 2028" "a > 0" \
	    "$(get neutral28 E06000001 2028 reval_adj)" 0
fi

# 7. Reconciliation: national totals in 2025-26.
if [ -f "$T/noreset.csv" ]; then
	# NNDR1 2025-26: non-domestic rating income £27.7bn (MHCLG, 19 Feb
	# 2025). Tolerance 5%: losses in collection and the appeals
	# provision are estimates, and cost of collection, disregards and
	# transitional relief are not modelled.
	holds "2025-26 national NDR within 5% of NNDR1's £27.7bn" \
	    "a > 0.95 * b && a < 1.05 * b" "$(total noreset 2025 ndr)" 27.7e9
	# Every pound of NDR is someone's: local shares plus the central share.
	close "2025-26 NDR = local shares + central share" "$(total noreset 2025 ndr)" \
	    "$(awk -v a="$(total noreset 2025 local_ndr)" -v b="$(total noreset 2025 central_share)" 'BEGIN { printf "%.17g", a + b }')"
	# Core Spending Power 2025-26: £2,969m s31 against BFLs of £13,696m.
	holds "2025-26 s31 against BFL within 0.1% of CSP's £2,969m" \
	    "a > 0.999 * b && a < 1.001 * b" "$(total noreset 2025 s31_bfl)" 2969e6
	# Tariffs and top-ups net to zero in 2025-26 (the BRB estimate).
	holds "2025-26 tariffs net of top-ups under £1m" "a < 1e6 && a > -1e6" \
	    "$(total noreset 2025 tariff)" 0
	holds "every authority's BFL is marked estimated" "a == 349" \
	    "$(total noreset 2025 estimated)" 0
fi

# 7b. Hackney's published 2025-26 NNDR1 figure (£208,868,663: the council's
# Council Taxbase and Local Business Rates Income Report, 27 Jan 2025)
# is in the baseline: its NDR is that figure, and its 30% and the GLA's
# 37% are within £0.5m of the report's £63,092,743 and £77,052,987.
if [ -f "$T/noreset.csv" ]; then
	close "Hackney 2025-26 NDR = its NNDR1 figure" 208868663 "$(get noreset E09000012 2025 ndr)"
	holds "Hackney's own share within £0.5m of its report's £63.09m" \
	    "a - b < 5e5 && b - a < 5e5" "$(get noreset E09000012 2025 local_ndr)" 63092743
	holds "the GLA's share of Hackney within £0.5m of the report's £77.05m" \
	    "a - b < 5e5 && b - a < 5e5" \
	    "$(awk -v n="$(get noreset E09000012 2025 ndr)" 'BEGIN { printf "%.17g", 0.37 * n }')" 77052987
fi

# 8. An officer's own figures: BFL and BRB from the settlement replace the
# estimates for that authority and are marked so.
awk -F, 'BEGIN { OFS = "," }
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
	$1 == "E06000001" { $c["bfl_2025_gbp"] = 30000000; $c["brb_2025_gbp"] = 25000000 }
	{ print }' "$CSV" >"$T/own_baseline.csv"
if br own --baseline "$T/own_baseline.csv" --set reset=none; then
	close "own figures: Hartlepool BFL 2025" 30000000 "$(get own E06000001 2025 bfl)"
	close "own figures: Hartlepool BRB 2025" 25000000 "$(get own E06000001 2025 brb)"
	close "own figures: Hartlepool not estimated" 0 "$(get own E06000001 2025 estimated)"
	close "own figures: Hartlepool BFL 2027 uprated twice" 31212000 "$(get own E06000001 2027 bfl)"
fi
# ... and 2026-27 settlement figures, which replace the model's for 2026
# (after the reset and the revaluation) and are uprated after.
awk -F, 'BEGIN { OFS = "," }
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
	$1 == "E06000001" { $c["bfl_2026_gbp"] = 40000000; $c["tariff_2026_gbp"] = -21000000 }
	{ print }' "$CSV" >"$T/own26_baseline.csv"
if br own26 --baseline "$T/own26_baseline.csv"; then
	close "own 2026-27 figures: Hartlepool BFL 2026" 40000000 "$(get own26 E06000001 2026 bfl)"
	close "own 2026-27 figures: Hartlepool tariff 2026" -21000000 "$(get own26 E06000001 2026 tariff)"
	close "own 2026-27 figures: Hartlepool BRB 2027" 19380000 "$(get own26 E06000001 2027 brb)"
	close "own 2026-27 figures: estimated in 2025, not from 2026" 1 "$(get own26 E06000001 2025 estimated)"
	close "own 2026-27 figures: not estimated in 2030" 0 "$(get own26 E06000001 2030 estimated)"
	close "own 2026-27 figures: income = own share + s31 - tariff" \
	    "$(awk -v a="$(get own26 E06000001 2027 local_ndr)" -v b="$(get own26 E06000001 2027 s31_grant)" 'BEGIN { printf "%.17g", a + b + 21000000 * 1.02 }')" \
	    "$(get own26 E06000001 2027 income)"
	close "own 2026-27 figures: no gain at the defaults" 0 "$(get own26 E06000001 2027 gain)"
fi

# 9. Levers: a neutral reset pays the centre's gain back through BFL; the
# fire authority's share held at 1% at 100% retention; pools listed in
# the baseline.
if br neutral_reset --set reset_neutral=on; then
	holds "neutral reset: tariffs net of top-ups in 2026 under £1m" \
	    "a < 1e6 && a > -1e6" "$(total neutral_reset 2026 tariff)" 0
	holds "plain reset: the centre keeps over £1bn of tariffs in 2026" \
	    "a > 1e9" "$(total indexed 2026 tariff)" 0
	close "neutral reset: England's gain in 2026 = the BFL paid out" \
	    "$(awk -v a="$(total neutral_reset 2026 bfl)" -v b="$(total indexed 2026 bfl)" 'BEGIN { printf "%.17g", a - b }')" \
	    "$(total neutral_reset 2026 gain)"
fi
if br fire_fixed --set local_share=1 --set tier_split=fire_fixed; then
	close "fire_fixed at 100%: Cambridge keeps 0.40 x 0.99 / 0.49 of NDR" \
	    "$(awk -v n="$(get fire_fixed E07000008 2027 ndr)" 'BEGIN { printf "%.17g", n * 0.40 * 0.99 / 0.49 }')" \
	    "$(get fire_fixed E07000008 2027 local_ndr)"
	close "fire_fixed at 100%: no central share in Cambridge" 0 \
	    "$(get fire_fixed E07000008 2027 central_share)"
fi
awk -F, 'BEGIN { OFS = "," }
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
	$1 == "E07000008" || $1 == "E10000003" { $c["pool"] = "Cambridge and county" }
	{ print }' "$CSV" >"$T/pool_baseline.csv"
if br listed --baseline "$T/pool_baseline.csv" --set pooling=listed --set reset=none; then
	# A pool of two: the pool's levy, shared by growth, worked by hand.
	set -- $(awk -F, '$(NF-2) == 2027 && ($1 == "E07000008" || $1 == "E10000003") {
		x[$1, $(NF-1)] = $NF }
	END {
		R = x["E07000008", "income"] + x["E10000003", "income"]
		B = x["E07000008", "brb"] + x["E10000003", "brb"]
		F = x["E07000008", "bfl"] + x["E10000003", "bfl"]
		lam = 1 - F / B; if (lam < 0) lam = 0; if (lam > 0.5) lam = 0.5
		levy = R > F ? lam * (R - F) : 0
		g1 = x["E07000008", "income"] - x["E07000008", "bfl"]; if (g1 < 0) g1 = 0
		g2 = x["E10000003", "income"] - x["E10000003", "bfl"]; if (g2 < 0) g2 = 0
		printf "%.17g %.17g\n", levy * g1 / (g1 + g2), levy * g2 / (g1 + g2) }' "$T/listed.csv")
	close "listed pool: Cambridge's part of the pool levy 2027" "$1" "$(get listed E07000008 2027 levy)"
	close "listed pool: Cambridgeshire's part of the pool levy 2027" "$2" "$(get listed E10000003 2027 levy)"
fi

# 10. Disregarded rates (enterprise zones, renewables): £5m for Cambridge
# in 2025-26. Kept (today): outside income, levy and safety net. Shared:
# in the scheme like other rates, and still neutral at the revaluation.
awk -F, 'BEGIN { OFS = "," }
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
	$1 == "E07000008" { $c["disregard_gbp"] = 5000000 }
	{ print }' "$CSV" >"$T/dis_baseline.csv"
if br dis_kept --baseline "$T/dis_baseline.csv" --set reset=none; then
	close "disregards kept: Cambridge keeps £5m in 2025" 5000000 "$(get dis_kept E07000008 2025 disregards)"
	close "disregards kept: Cambridge's income as without them" \
	    "$(get noreset E07000008 2027 income)" "$(get dis_kept E07000008 2027 income)"
	close "disregards kept: the gain as without them (kept today too)" \
	    "$(get noreset E07000008 2027 gain)" "$(get dis_kept E07000008 2027 gain)"
fi
if br dis_shared --baseline "$T/dis_baseline.csv" --set reset=none \
    --set disregards=shared --set rv_growth=0; then
	close "disregards shared: none kept outside" 0 "$(get dis_shared E07000008 2027 disregards)"
	br dis_kept0 --baseline "$T/dis_baseline.csv" --set reset=none \
	    --set rv_growth=0 &&
	holds "disregards shared: Cambridge gains less than keeping them" "a < b" \
	    "$(get dis_shared E07000008 2027 gain)" "$(get dis_kept0 E07000008 2027 gain)"
	close "disregards shared: the 2026 revaluation is still neutral for Cambridge's levy" \
	    "$(awk -v l="$(get dis_shared E07000008 2025 levy)" 'BEGIN { printf "%.17g", 1.02 * l }')" \
	    "$(get dis_shared E07000008 2026 levy)"
fi

finish
