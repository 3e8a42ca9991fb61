-- business_rates.lua: England's business rates retention scheme, by
-- authority: billing authorities and the upper tiers that share their
-- rates (county councils, fire authorities, the GLA, and the combined
-- authorities of the 100% areas), each a row under its own ONS code.
--
-- The default scenario shipped with lever. For each authority and year it
-- works out the rates it keeps under the scheme set by the levers, and
-- what it would keep under today's scheme (50% retention, London 67%, the
-- five devolution-deal areas at 100%, the 2026-27 reset), so that winners
-- and losers show. The screen opens on that gain or loss.
--
-- The method (scenarios/data/README.md and doc/tutorial.md say more):
--
--   RV       grows by rv_growth a year; in reval_year each billing area's
--            RV is lifted by its own 2026 draft / 2023 list ratio, and at
--            each later revaluation (every reval_cycle years) by
--            reval_uplift, with the multipliers rebased to match
--   gross    = RV x multipliers (small, standard, higher; RHL from 2026),
--            indexed by CPI unless the multiplier lever freezes them
--   NDR      = gross x (1 - permanent reliefs - temporary reliefs)
--                    x (1 - collection_loss - appeals_provision)
--   X        = NDR + compensation (s31) for temporary reliefs and for
--            multipliers held below CPI: the base the scheme shares out
--   income   = share x X - T,   T = BRB - BFL + revaluation adjustments
--   s31_grant = share x (X - NDR)          (counted in income, as NNDR3)
--   levy     = min(cap, max(0, 1 - BFL/BRB)) x max(0, income - BFL)
--   safety   = max(0, theta x BFL - income)
--   retained = income - levy + safety net
--
-- BRB and BFL are uprated by CPI every year. At a revaluation the tariff
-- or top-up moves by share x (X after - X before), so the revaluation
-- alone changes no authority's income, levy or safety net. A reset moves
-- the BRB towards the measured share of X (and ends the adjustments).
--
-- The 2025-26 BFL and BRB of every authority are estimates (output
-- estimated = 1; scenarios/data/README.md says how each was made) unless
-- the baseline gives the settlement's figures: doc/tutorial.md shows an
-- officer how to put their own in and reconcile.
--
-- All money in pounds (£), cash. A year stands for the financial year that
-- starts in it: 2025 is 2025-26, the first year shown, the year of the
-- published figures the model is reconciled to.

scenario {
  title = "Business rates retention",
  description = "England's business rates retention scheme by authority " ..
    "(billing authorities, counties, fire authorities, the GLA and " ..
    "combined authorities): shares, tariffs and top-ups, levy, safety " ..
    "net, revaluations, resets, pools and s31 grant, with the gain or " ..
    "loss against today's scheme.",
  baseline = "data/england_nndr.csv",
  id = "code", name = "name",
  start = 2024, years = 11,
}

---------------------------------------------------------------------------
-- Assumptions: growth, inflation, revaluations
---------------------------------------------------------------------------

assume "rv_growth" {
  value = 0.01, unit = "/yr", label = "Real growth of rateable value (central)",
  -- a judgement, for the screen's bands (b): growth between lists has
  -- run from about -1% to +3% a year in most places
  distribution = { kind = "triangular", min = -0.01, mode = 0.01, max = 0.03 },
  source = "Estimate: new and improved property between revaluations; " ..
    "replace with your council's growth in NNDR returns",
  description = "RV grows by this fraction each year from 2026 in every " ..
    "area (RVs are fixed between revaluations, so this is physical " ..
    "growth, not inflation). The growth lever adds or takes growth_spread.",
}
assume "growth_spread" {
  value = 0.01, unit = "/yr", label = "Low/high growth spread",
  source = "Estimate: a band of one point either side of central",
}
assume "cpi" {
  value = 0.02, unit = "/yr", label = "CPI inflation",
  -- a judgement, for the bands: the 2% target give or take a point
  distribution = { kind = "normal", mean = 0.02, sd = 0.005 },
  source = "Bank of England 2% inflation target (OBR forecasts return to " ..
    "about 2%)",
  description = "Multipliers are indexed by CPI each year after the one " ..
    "they were set for, unless frozen; BRB, BFL and tariffs are uprated " ..
    "by CPI every year, and s31 grant makes up any multiplier held below it.",
}
assume "reval_year" {
  value = 2026, unit = "year", label = "Revaluation year",
  source = "VOA, Non-domestic rating: change in rateable value of rating " ..
    "lists, England and Wales, 2026 revaluation (draft), 26 Nov 2025",
  description = "The 2026 lists and the 2026-27 multipliers take effect in " ..
    "this year: each area's RV is multiplied by rv_2026_draft_gbp / " ..
    "rv_2023_gbp, and tariffs and top-ups are adjusted so that this " ..
    "changes no authority's income.",
}
assume "reval_cycle" {
  value = 3, unit = "years", label = "Years between later revaluations",
  source = "Non-Domestic Rating Act 2023: revaluations every three years " ..
    "(2029, 2032, 2035 after 2026); 0 = no later revaluations",
}
assume "reval_uplift" {
  value = 0.10, unit = "fraction", label = "RV uplift at later revaluations",
  source = "Estimate: the same in every area (no area's later list is " ..
    "known); multipliers are rebased so the list raises no more",
}

---------------------------------------------------------------------------
-- Assumptions: multipliers (pence per pound of RV, written as £ per £)
---------------------------------------------------------------------------

assume "mult_std_2025" {
  value = 0.555, unit = "£/£RV", label = "Standard multiplier 2025-26",
  source = "MHCLG, business rates multipliers 2025-26 (55.5p)",
}
assume "mult_small_2025" {
  value = 0.499, unit = "£/£RV", label = "Small business multiplier 2025-26",
  source = "MHCLG, business rates multipliers 2025-26 (49.9p, RV below £51,000)",
}
assume "mult_std_2026" {
  value = 0.480, unit = "£/£RV", label = "Standard multiplier 2026-27",
  source = "MHCLG, business rates multipliers 2026-27 (48.0p, RV £51,000 " ..
    "to £499,999)",
}
assume "mult_small_2026" {
  value = 0.432, unit = "£/£RV", label = "Small business multiplier 2026-27",
  source = "MHCLG, business rates multipliers 2026-27 (43.2p, RV below £51,000)",
}
assume "mult_high_2026" {
  value = 0.508, unit = "£/£RV", label = "Higher multiplier 2026-27",
  source = "MHCLG, business rates multipliers 2026-27 (50.8p, RV £500,000 " ..
    "and over)",
}
assume "mult_rhl_std_2026" {
  value = 0.430, unit = "£/£RV", label = "Retail, hospitality, leisure standard 2026-27",
  source = "MHCLG, business rates multipliers 2026-27 (43.0p RHL, RV " ..
    "£51,000 to £499,999)",
}
assume "mult_rhl_small_2026" {
  value = 0.382, unit = "£/£RV", label = "Retail, hospitality, leisure small 2026-27",
  source = "MHCLG, business rates multipliers 2026-27 (38.2p RHL, RV below " ..
    "£51,000)",
  description = "The baseline has no hospitality or leisure RV, so the " ..
    "retail share of each area's RV (VOA sector 'retail', 2023 list) " ..
    "stands in for the RHL share below £500,000.",
}

---------------------------------------------------------------------------
-- Assumptions: from gross rates to net rates (NDR)
---------------------------------------------------------------------------

assume "relief_permanent" {
  value = 0.1627, unit = "fraction of gross", label = "Permanent reliefs",
  source = "MHCLG, NNDR1 2025-26 (19 Feb 2025): £5.7bn mandatory + £0.3bn " ..
    "discretionary other than RHL relief = £6.0bn, over the modelled " ..
    "2025-26 gross rates of £36.88bn (2023 lists x 55.5p/49.9p)",
  description = "Small business, charity, empty property and other " ..
    "lasting reliefs as one share of gross rates, the same everywhere.",
}
assume "relief_temporary" {
  value = 0.0380, unit = "fraction of gross", label = "Temporary RHL relief 2025-26",
  source = "MHCLG, NNDR1 2025-26: £1.4bn retail, hospitality and leisure " ..
    "relief over £36.88bn modelled gross",
  description = "Ends with 2025-26 (replaced by the lower RHL multipliers " ..
    "from the revaluation year); paid back to councils as s31 grant.",
}
assume "collection_loss" {
  value = 0.01, unit = "fraction", label = "Losses in collection",
  source = "Estimate (no NNDR3 national figure found): 1% of collectable " ..
    "rates. MHCLG, Collection rates for council tax and non-domestic " ..
    "rates in England 2024-25 (25 Jun 2025): in-year collection 97.3%, " ..
    "but most of the rest is collected later (arrears fell £156m to " ..
    "£2.3bn in the year), so the loss is well under 2.7%; replace with " ..
    "your NNDR1 line",
}
assume "appeals_provision" {
  value = 0.03, unit = "fraction", label = "Appeals provision",
  source = "Estimate (no NNDR1 national figure found): 3% of collectable " ..
    "rates; replace with your NNDR1 line",
}
assume "under_index_2025" {
  value = 0.2168, unit = "fraction of BFL", label = "s31 under-indexing against BFL 2025-26",
  source = "MHCLG, Explanatory note on Core Spending Power 2025-26: " ..
    "£2,969m against BFLs of £13,696m",
  description = "Compensation for past multiplier freezes paid against " ..
    "BFL, outside the levy and safety net (output s31_bfl).",
}

---------------------------------------------------------------------------
-- Assumptions: today's scheme
---------------------------------------------------------------------------

assume "today_share" {
  value = 0.5, unit = "fraction of NDR", label = "Today's local share",
  source = "Local Government Finance Act 2012; 50% retention since 2013-14",
}
assume "london_share_today" {
  value = 0.67, unit = "fraction of NDR", label = "London local share today",
  source = "Local Government Finance Report: London boroughs 30%, GLA 37% " ..
    "(Hackney's 2025-26 NNDR1 split, 30.2% / 36.9% / 32.9% central, agrees)",
}
assume "today_levy_cap" {
  value = 0.5, unit = "fraction", label = "Today's levy cap",
  source = "Non-Domestic Rating (Levy and Safety Net) Regulations 2013: " ..
    "levy rate at most 50p in £",
}
assume "today_safety_net" {
  value = 0.925, unit = "fraction of BFL", label = "Today's safety net",
  source = "Local Government Finance Report: safety net at 92.5% of BFL",
}
assume "pilot_safety_net" {
  value = 0.97, unit = "fraction of BFL", label = "100% areas' safety net",
  source = "MHCLG, 100% business rates retention pilots: no levy, safety " ..
    "net at 97%",
}
assume "today_reset_year" {
  value = 2026, unit = "year", label = "Today's reset",
  source = "MHCLG, Resetting the business rates retention system " ..
    "(technical consultation, 8 Apr 2025); NNDR1 2026-27 notes: a full " ..
    "reset in 2026-27",
}

---------------------------------------------------------------------------
-- Levers
---------------------------------------------------------------------------

lever "local_share" {
  kind = "slider", label = "Local share", group = "Retention",
  description = "Share of business rates kept by local government outside " ..
    "London and the 100% areas (50% today). BFL rises with each tier's " ..
    "share: grant is rolled in at the same time.",
  min = 0.5, max = 1, step = 0.05, default = 0.5, unit = "%",
  display = "percent",
}
lever "tier_split" {
  kind = "choice", label = "Tier split", group = "Retention",
  description = "How a higher local share is split between tiers: every " ..
    "tier in proportion to its 50% share, or fire authorities held at " ..
    "their 1% and the councils sharing the rest.",
  options = { "proportional", "fire_fixed" }, default = "proportional",
}
lever "levy_cap" {
  kind = "slider", label = "Levy cap", group = "Retention",
  description = "Highest levy rate on growth above baseline funding " ..
    "(50p in £ today; 0 = no levy).",
  min = 0, max = 1, step = 0.05, default = 0.5, unit = "%",
  display = "percent",
}
lever "safety_net_threshold" {
  kind = "slider", label = "Safety net", group = "Retention",
  description = "Income is topped up to this share of baseline funding " ..
    "(92.5% today).",
  min = 0.8, max = 1, step = 0.025, default = 0.925, unit = "%",
  display = "percent",
}
lever "honour_pilots" {
  kind = "toggle", label = "Keep 100% areas", group = "Retention",
  description = "On (today): the five devolution-deal areas (27 councils, " ..
    "regime pilot_100 in the baseline) keep 100%, no levy and a 97% " ..
    "safety net. Off: they join the scheme the sliders set.",
  default = true,
}
lever "no_detriment" {
  kind = "toggle", label = "No detriment", group = "Retention",
  description = "A 100% area is paid whatever it would lose against the " ..
    "50% scheme (output no_detriment).",
  default = true,
}
lever "reset" {
  kind = "choice", label = "Reset", group = "Resets",
  description = "In the reset year the business rates baseline moves to " ..
    "(full) or towards (partial) the rates actually measured, returning " ..
    "growth to the centre. Today: a full reset in 2026-27.",
  options = { "none", "partial", "full" }, default = "full",
}
lever "reset_year" {
  kind = "slider", label = "Reset year", group = "Resets",
  min = 2026, max = 2035, step = 1, default = 2026,
}
lever "reset_neutral" {
  kind = "toggle", label = "Neutral reset", group = "Resets",
  description = "On: at the reset every BFL is scaled so that tariffs and " ..
    "top-ups net to zero in England, paying the growth the reset returns " ..
    "to the centre back out in proportion to baseline funding. Off: the " ..
    "centre keeps it (to redistribute through the settlement, which this " ..
    "scenario does not model).",
  default = false,
}
lever "reset_fraction" {
  kind = "slider", label = "Partial reset", group = "Resets",
  description = "Fraction of the gap between baseline and measured rates " ..
    "closed by a partial reset.",
  min = 0, max = 1, step = 0.1, default = 0.5, unit = "%", display = "percent",
}
lever "pooling" {
  kind = "choice", label = "Pools", group = "Pools",
  description = "Authorities in the same pool are levied and safety " ..
    "netted as one: county (its districts and the county council), " ..
    "combined authority, region, or the pool column of the baseline " ..
    "(your own list of pools).",
  options = { "none", "county", "combined_authority", "region", "listed" },
  default = "none",
}
lever "multiplier" {
  kind = "choice", label = "Multipliers", group = "National policy",
  description = "Index the multipliers to CPI, freeze them, or freeze the " ..
    "small business multiplier only; councils are compensated by s31 " ..
    "grant, counted in their income.",
  options = { "cpi", "frozen", "small_frozen" }, default = "cpi",
}
lever "growth" {
  kind = "choice", label = "Growth", group = "National policy",
  description = "Real RV growth: rv_growth, less or plus growth_spread.",
  options = { "low", "central", "high" }, default = "central",
}
lever "disregards" {
  kind = "choice", label = "Disregards", group = "National policy",
  description = "Rates disregarded from the scheme (enterprise zones, " ..
    "designated areas, renewable energy; baseline column disregard_gbp) " ..
    "kept 100% outside the levy, or shared like other rates.",
  options = { "kept", "shared" }, default = "kept",
}

---------------------------------------------------------------------------
-- Outputs (per authority per year, £). The first is what the screen opens on.
---------------------------------------------------------------------------

output "gain" { estimate = "estimated", label = "Gain against today's scheme", unit = "£", total = "sum",
  description = "(retained + no detriment + disregards - BFL) minus the same " ..
    "under today's scheme: extra BFL at a higher share replaces rolled-in " ..
    "grant, so it is not a gain." }
output "retained" { estimate = "estimated", label = "Retained rates", unit = "£", total = "sum",
  description = "income - levy + safety net." }
output "income" { estimate = "estimated", label = "Rates income", unit = "£", total = "sum",
  description = "share x NDR + s31 grant - tariff: before levy and safety net." }
output "levy" { estimate = "estimated", label = "Levy", better = "lower", unit = "£", total = "sum" }
output "safety_net" { estimate = "estimated", label = "Safety net", better = "neither", unit = "£", total = "sum" }
output "s31_grant" { label = "s31 grant in income", better = "neither", unit = "£", total = "sum",
  description = "Share of compensation for temporary reliefs and for " ..
    "multipliers below CPI; counted in income." }
output "brb" { estimate = "estimated", label = "Business rates baseline", better = "neither", unit = "£", total = "sum" }
output "bfl" { estimate = "estimated", label = "Baseline funding level", better = "neither", unit = "£", total = "sum" }
output "tariff" { estimate = "estimated", label = "Tariff (+) / top-up (-)", better = "neither", unit = "£", total = "sum",
  description = "BRB - BFL + revaluation adjustments." }
output "reval_adj" { label = "Revaluation adjustment", better = "neither", unit = "£", total = "sum",
  description = "Added to the tariff at revaluations so they change no income." }
output "ndr" { label = "Net rates collected", unit = "£", total = "sum",
  description = "Billing authorities: net rates in the area, all shares." }
output "local_ndr" { label = "Own share of net rates", unit = "£", total = "sum" }
output "central_share" { label = "Central share", better = "neither", unit = "£", total = "sum",
  description = "Billing authorities: NDR paid to government." }
output "appeals" { label = "Appeals provision", better = "lower", unit = "£", total = "sum",
  description = "Own share of the year's provision for appeals." }
output "collection_fund" { label = "Collection fund surplus (+) / deficit (-)",
  unit = "£", total = "sum",
  description = "Own share of last year's NDR above (below) its NNDR1 " ..
    "estimate made without growth; outside income." }
output "no_detriment" { estimate = "estimated", label = "No-detriment payment", better = "neither", unit = "£", total = "sum" }
output "disregards" { label = "Disregarded rates kept", unit = "£", total = "sum" }
output "s31_bfl" { estimate = "estimated", label = "s31 under-indexing against BFL", better = "neither", unit = "£", total = "sum",
  description = "Past freezes' compensation (Core Spending Power), outside the levy." }
output "estimated" { label = "Estimated BFL/BRB (1 = yes)", better = "neither", unit = "count",
  total = "sum",
  description = "1 where BFL or BRB is the model's estimate, 0 where the " ..
    "baseline gives the settlement figures (2025-26 columns for 2025, " ..
    "2026-27 columns from 2026); the total counts estimates." }

---------------------------------------------------------------------------
-- Helpers
---------------------------------------------------------------------------

local max, min = math.max, math.min
local SCHEMES = { "s", "t", "f" }      -- scenario, today, 50% (no detriment)

-- Shares of a billing area's rates, from the baseline columns (or, for a
-- baseline without them, from la_type): own, county, fire, major (GLA or
-- combined authority), at 50% and today.
local function base_shares(area, which)
  local own = area["share_own_" .. which]
  if own then
    return own, area["share_county_" .. which] or 0,
      area["share_fire_" .. which] or 0, area["share_major_" .. which] or 0
  end
  local t = area.la_type
  if t == "NMD" then return 0.40, 0.09, 0.01, 0 end
  if t == "LB" then return 0.30, 0, 0, which == "today" and 0.37 or 0.20 end
  return 0.49, 0, 0.01, 0
end

-- Shares under the levers: the 50% shares scaled to local share s
-- (London: 67% at s = 0.5 rising to 100%), or today's for a 100% area.
local function lever_shares(area, L)
  if area.regime == "pilot_100" and L.honour_pilots then
    return base_shares(area, "today")
  end
  local london = area.regime == "london" or area.la_type == "LB"
  local own, cty, fire, major = base_shares(area, london and "today" or "50")
  local tot = own + cty + fire + major
  local want = L.local_share
  if london then
    local lt = A.london_share_today
    want = lt + (L.local_share - A.today_share) / (1 - A.today_share) * (1 - lt)
  end
  if L.tier_split == "fire_fixed" and fire > 0 then
    local k = (want - fire) / (tot - fire)
    return own * k, cty * k, fire, major * k
  end
  local k = want / tot
  return own * k, cty * k, fire * k, major * k
end

-- Effective multipliers (£ per £ RV) before indexation: the small part and
-- the rest, for the list in force in `year`.
local function multipliers(area, year)
  local A = A
  if year < A.reval_year then
    local s = area.rv_small_share_2023
    return s * A.mult_small_2025, (1 - s) * A.mult_std_2025
  end
  local small, high = area.rv_small_share_2026, area.rv_high_share_2026
  local std = 1 - small - high
  local rhl = area.rv_retail_2023_gbp / area.rv_2023_gbp
  return small * ((1 - rhl) * A.mult_small_2026 + rhl * A.mult_rhl_small_2026),
    std * ((1 - rhl) * A.mult_std_2026 + rhl * A.mult_rhl_std_2026)
      + high * A.mult_high_2026
end

-- Number of later revaluations (after reval_year) up to `year`.
local function later_revals(year)
  local c = A.reval_cycle
  if c <= 0 or year <= A.reval_year then return 0 end
  return (year - A.reval_year) // c
end

local function growth(L)
  if L.growth == "low" then return A.rv_growth - A.growth_spread end
  if L.growth == "high" then return A.rv_growth + A.growth_spread end
  return A.rv_growth
end


---------------------------------------------------------------------------
-- project: one billing area's rates for a year (upper tiers carry state)
---------------------------------------------------------------------------

-- Rates of a billing area with RV `rv` on the list in force in
-- `list_year`, in `year`, with `nreb` later revaluations rebasing the
-- multipliers: NDR, the base X (NDR plus s31 compensation), the appeals
-- provision.
local function rates(I, rv, list_year, year, L, nreb)
  local A = A
  local ms, mo
  local set
  if list_year < A.reval_year then
    ms, mo, set = I.m_old_s, I.m_old_o, SCENARIO.start + 1
  else
    ms, mo, set = I.m_new_s, I.m_new_o, A.reval_year
  end
  local cpi = (1 + A.cpi) ^ max(0, year - set)
  local rebase = (1 + A.reval_uplift) ^ nreb
  local m = L.multiplier
  local fs = (m == "cpi") and cpi or 1
  local fo = (m == "frozen") and 1 or cpi
  local gross = rv * (ms * fs + mo * fo) / rebase
  local full = (m == "cpi") and gross or rv * (ms + mo) * cpi / rebase
  local temp = (year < A.reval_year) and A.relief_temporary or 0
  local keep = 1 - A.collection_loss - A.appeals_provision
  local c = 1 - A.relief_permanent - temp
  return gross * c * keep, (full * c + gross * temp) * keep,
    gross * c * A.appeals_provision
end

-- What does not change from year to year: the authority's tier, codes,
-- shares and published figures, worked out in the first year and carried
-- forward by reference (prev.I).
local function info(area, L)
  local I = {
    tier = area.tier, regime = area.regime, region = area.region,
    county_code = area.county_code, fire_code = area.fire_code,
    major_code = area.major_code, ca_code = area.ca_code, pool = area.pool,
    bfl50_2025 = area.bfl50_2025_gbp, bfl_2025 = area.bfl_2025_gbp,
    brb_2025 = area.brb_2025_gbp, tariff_2025 = area.tariff_2025_gbp,
    bfl_2026 = area.bfl_2026_gbp, brb_2026 = area.brb_2026_gbp,
    tariff_2026 = area.tariff_2026_gbp,
    bill = area.rv_2023_gbp ~= nil,
  }
  if I.bill then
    -- Shares: under the levers (s), today (t), the 50% scheme (f).
    I.own_s, I.cty_s, I.fire_s, I.maj_s = lever_shares(area, L)
    I.own_t, I.cty_t, I.fire_t, I.maj_t = base_shares(area, "today")
    I.own_f, I.cty_f, I.fire_f, I.maj_f = base_shares(area, "50")
    I.local_s = I.own_s + I.cty_s + I.fire_s + I.maj_s
    -- effective multipliers (small part, the rest) on the old and new lists
    I.m_old_s, I.m_old_o = multipliers(area, A.reval_year - 1)
    I.m_new_s, I.m_new_o = multipliers(area, A.reval_year)
    I.disregard = area.disregard_gbp or 0
  end
  return I
end

-- Figures carried from year to year besides the outputs, in one array
-- (kept small: a state table with more than 32 fields takes twice the
-- memory, and the screen recomputes every area and year on each key):
--   c[1..3]  today's BFL, BRB, revaluation adjustment
--   c[4..6]  the same under the 50% scheme (for no detriment)
--   c[7]     the neutral reset's scaling of BFL
--   c[8]     RV   c[9] NNDR1 scale   c[10] X in 2025-26
--   c[11]    collection fund surplus to share out next year
function project(area, prev, L, year)
  local I = prev.I or info(area, L)
  local c = prev.c
  local first = c == nil
  if first then c = { 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0 } end
  local st = {
    I = I, c = c,
    -- under the levers BFL, BRB, the revaluation adjustment and the
    -- estimate mark are carried in the outputs bfl, brb, reval_adj and
    -- estimated; settle moves them
    bfl = prev.bfl or 0, brb = prev.brb or 0, reval_adj = prev.reval_adj or 0,
    estimated = prev.estimated or 1, surplus = c[11],
    X_pre = false, ndr = 0, X = 0, appeals_all = 0, disregard = 0,
    dsh = 0, dsh_pre = 0, dis_t = 0,
    -- the other outputs
    gain = 0, retained = 0, income = 0, levy = 0, safety_net = 0,
    s31_grant = 0, tariff = 0, local_ndr = 0, central_share = 0,
    appeals = 0, collection_fund = 0, no_detriment = 0, disregards = 0,
    s31_bfl = 0,
  }
  if not I.bill then return st end   -- an upper tier

  -- Rateable value: the 2023 list as at November 2025 in 2025-26, then
  -- growth; the area's own 2026 list in reval_year; a uniform uplift at
  -- later revaluations.
  local A = A
  local g = growth(L)
  local rv = first and area.rv_2023_gbp or c[8] * (1 + g)
  local rv_pre = rv
  local reval = false
  local reval_year = A.reval_year
  local nreb = later_revals(year)
  if year == reval_year then
    rv = rv * area.rv_2026_draft_gbp / area.rv_2023_gbp
    reval = true
  elseif nreb > later_revals(year - 1) then
    rv = rv * (1 + A.reval_uplift)
    reval = true
  end
  local list_year = (year >= reval_year) and reval_year or year
  local ndr, X, appeals = rates(I, rv, list_year, year, L, nreb)
  -- An officer's own NNDR1 figure for 2025-26 scales the area's rates.
  local scale = c[9]
  if first then
    scale = area.ndr_2025_gbp and (area.ndr_2025_gbp / ndr) or 1
  end
  if reval then
    -- The same year without the revaluation: on the old list with the
    -- old multipliers (indexed), or before the later uplift.
    local _, Xp
    if year == reval_year then
      _, Xp = rates(I, rv_pre, year - 1, year, L, nreb)
    else
      _, Xp = rates(I, rv_pre, list_year, year, L, nreb - 1)
    end
    st.X_pre = Xp * scale
  end
  ndr, X, appeals = ndr * scale, X * scale, appeals * scale

  -- Disregarded rates (given for 2025-26) move with the area's rates.
  -- Kept 100% by the billing authority today; under the levers, kept or
  -- shared like other rates (dsh: the part shared, which today's and the
  -- 50% scheme leave out again).
  local X0 = first and X or c[10]
  local disregard = I.disregard * X / X0
  st.dis_t = disregard
  if L.disregards == "shared" and disregard ~= 0 then
    X, ndr = X + disregard, ndr + disregard
    st.dsh, disregard = disregard, 0
    if st.X_pre then
      st.dsh_pre = I.disregard * st.X_pre / X0
      st.X_pre = st.X_pre + st.dsh_pre
    end
  end

  st.ndr, st.X, st.appeals_all, st.disregard = ndr, X, appeals, disregard
  -- NNDR1 estimates assume no growth in the year: the difference is the
  -- collection fund surplus (deficit) shared out next year.
  c[8], c[9], c[10] = rv, scale, X0
  c[11] = first and 0 or X * g / (1 + g)
  return st
end

---------------------------------------------------------------------------
-- settle: upper tiers' shares, BFL and BRB, tariffs, levy, safety net,
-- pools, no detriment, gain
---------------------------------------------------------------------------

local function levy_safety(R, brb, bfl, cap, theta)
  local lambda = (brb > 0) and min(cap, max(0, 1 - bfl / brb)) or 0
  return lambda * max(0, R - bfl), max(0, theta * bfl - R)
end

local function pool_key(I, id, L)
  if I.regime == "pilot_100" and L.honour_pilots then return nil end
  local p = L.pooling
  if p == "county" then
    if I.tier == "county" then return id end
    return I.tier == "district" and I.county_code or nil
  elseif p == "combined_authority" then
    return I.tier ~= "combined_authority" and I.ca_code or nil
  elseif p == "region" then
    return I.tier ~= "fire" and I.tier ~= "gla" and I.region or nil
  elseif p == "listed" then
    return I.pool
  end
  return nil
end

-- Add a billing area's rates to authority number i (u its state) at
-- shares s, t, f: X (today and at 50%, Xo: without disregards brought
-- in), the disregards brought in, NDR, the appeals provision, last year's
-- collection fund surplus, and X before a revaluation (P, Po) if any.
-- S holds settle's sums, one array per figure.
local function add(S, i, u, s, t, f, X, Xo, dsh, ndr, app, sur, P, Po)
  local Xs, Xt, Xf = S.Xs, S.Xt, S.Xf
  Xs[i], Xt[i], Xf[i] = Xs[i] + s * X, Xt[i] + t * Xo, Xf[i] + f * Xo
  S.Ds[i] = S.Ds[i] + s * dsh
  u.local_ndr = u.local_ndr + s * ndr
  u.appeals = u.appeals + s * app
  u.collection_fund = u.collection_fund + s * sur
  if P then
    local Ps, Pt, Pf = S.Ps, S.Pt, S.Pf
    Ps[i], Pt[i], Pf[i] = Ps[i] + s * P, Pt[i] + t * Po, Pf[i] + f * Po
    S.reval[i] = true
  end
end

local function zeros(n)
  local t = {}
  for i = 1, n do t[i] = 0 end
  return t
end

function settle(year, states, L)
  local A = A
  local ids = AREAS
  local first = year == SCENARIO.start + 1

  -- Where each authority is in AREAS, and where its county, fire
  -- authority and GLA or combined authority are (worked out once).
  if first then
    local pos = {}
    for i, id in ipairs(ids) do pos[id] = i end
    for i, id in ipairs(ids) do
      local I = states[id].I
      I.i = i
      I.cty_i = I.county_code and pos[I.county_code]
      I.fire_i = I.fire_code and pos[I.fire_code]
      I.maj_i = I.major_code and pos[I.major_code]
    end
  end

  -- Each authority's share of the base X (and of X before a revaluation,
  -- NDR, the appeals provision and the collection fund), summed from the
  -- billing areas. List: the states in AREAS order.
  -- (AREAS is read-only: # does not see through it, ipairs does.)
  local list, n = {}, 0
  for i, id in ipairs(ids) do list[i], n = states[id], i end
  local S = { Xs = zeros(n), Xt = zeros(n), Xf = zeros(n), Ds = zeros(n),
              Ps = zeros(n), Pt = zeros(n), Pf = zeros(n), reval = {} }
  local Xs, Xt, Xf, Ds, Ps, Pt, Pf, RV =
    S.Xs, S.Xt, S.Xf, S.Ds, S.Ps, S.Pt, S.Pf, S.reval
  for i = 1, n do
    local st = list[i]
    local I = st.I
    if I.bill then
      local X, dsh, P = st.X, st.dsh, st.X_pre
      local Xo, Po = X - dsh, P and P - st.dsh_pre
      local ndr, app, sur = st.ndr, st.appeals_all, st.surplus
      add(S, i, st, I.own_s, I.own_t, I.own_f, X, Xo, dsh, ndr, app, sur, P, Po)
      local j = I.cty_i
      if j then add(S, j, list[j], I.cty_s, I.cty_t, I.cty_f, X, Xo, dsh, ndr, app, sur, P, Po) end
      j = I.fire_i
      if j then add(S, j, list[j], I.fire_s, I.fire_t, I.fire_f, X, Xo, dsh, ndr, app, sur, P, Po) end
      j = I.maj_i
      if j then add(S, j, list[j], I.maj_s, I.maj_t, I.maj_f, X, Xo, dsh, ndr, app, sur, P, Po) end
    end
  end

  if first then
    -- BFL and BRB in 2025-26. Today's: the settlement figure where the
    -- baseline gives one, else the 50%-basis estimate scaled to today's
    -- share; BRB where not given: its share of X times the national ratio
    -- of BFL to X, so tariffs and top-ups net to zero nationally.
    local given = {}
    local bsum, xsum = 0, 0
    for i = 1, n do
      local I = list[i].I
      local bfl = I.bfl_2025
      if not bfl then
        local b50 = I.bfl50_2025
        if b50 and Xf[i] > 0 then bfl = b50 * Xt[i] / Xf[i] end
      end
      given[i] = bfl or false
      if bfl then bsum, xsum = bsum + bfl, xsum + Xt[i] end
    end
    local k = (xsum > 0) and bsum / xsum or 1
    for i = 1, n do
      local st = list[i]
      local I, c = st.I, st.c
      st.estimated = (I.bfl_2025 and (I.brb_2025 or I.tariff_2025)) and 0 or 1
      local x = Xt[i]
      local bfl = given[i] or k * x
      local brb = I.brb_2025 or (I.tariff_2025 and bfl + I.tariff_2025)
        or k * x
      -- Under the levers, shares scale BFL and BRB; disregarded rates
      -- brought into the scheme join the BRB (not the BFL: they are not
      -- grant rolled in).
      local ks = (x > 0) and (Xs[i] - Ds[i]) / x or 1
      local kf = (x > 0) and Xf[i] / x or 1
      c[1], c[2], c[3] = bfl, brb, 0
      st.bfl, st.brb, st.reval_adj = bfl * ks, brb * ks + Ds[i], 0
      c[4], c[5], c[6] = bfl * kf, brb * kf, 0
    end
  else
    -- Uprating by CPI; revaluation adjustments; resets.
    local u = 1 + A.cpi
    local rs = (year == L.reset_year and L.reset ~= "none")
    local p = (L.reset == "full") and 1 or L.reset_fraction
    local rt = (year == A.today_reset_year)
    for i = 1, n do
      local st = list[i]
      local c = st.c
      local bfl_s, brb_s, adj_s = st.bfl * u, st.brb * u, st.reval_adj * u
      local bfl_t, brb_t, adj_t = c[1] * u, c[2] * u, c[3] * u
      local bfl_f, brb_f, adj_f = c[4] * u, c[5] * u, c[6] * u
      if RV[i] then
        adj_s = adj_s + Xs[i] - Ps[i]
        adj_t = adj_t + Xt[i] - Pt[i]
        adj_f = adj_f + Xf[i] - Pf[i]
      end
      if rs then
        brb_s = (1 - p) * (brb_s + adj_s) + p * Xs[i]
        adj_s = 0
      end
      if rt then
        brb_t, adj_t = Xt[i], 0
        brb_f, adj_f = Xf[i], 0
      end
      -- An officer's own 2026-27 settlement figures replace today's BFL
      -- and BRB (tariff) for 2026; the levers' and the 50% scheme's move
      -- with them in proportion. They include any revaluation adjustment.
      local I = st.I
      if year == 2026 and I.bfl_2026 then
        local bfl = I.bfl_2026
        local k = (bfl_t ~= 0) and bfl / bfl_t or 1
        bfl_s, bfl_t, bfl_f = bfl_s * k, bfl, bfl_f * k
        local brb = I.brb_2026 or (I.tariff_2026 and bfl + I.tariff_2026)
        if brb then
          local kb = (brb_t ~= 0) and brb / brb_t or 1
          brb_s, brb_t, brb_f = brb_s * kb, brb, brb_f * kb
          adj_s, adj_t, adj_f = 0, 0, 0
          st.estimated = 0
        end
      elseif year == 2026 then
        st.estimated = 1
      end
      st.bfl, st.brb, st.reval_adj = bfl_s, brb_s, adj_s
      c[1], c[2], c[3], c[4], c[5], c[6] = bfl_t, brb_t, adj_t, bfl_f, brb_f, adj_f
    end
    -- A neutral reset pays the growth it returns to the centre back out
    -- through baseline funding: every BFL is scaled so that tariffs and
    -- top-ups net to zero in England. The scaling is kept (c[7]) so that
    -- the gain counts it, unlike grant rolled in with a higher share.
    if rs and L.reset_neutral then
      local bs, ls = 0, 0
      for i = 1, n do
        local st = list[i]
        bs, ls = bs + st.brb + st.reval_adj, ls + st.bfl
      end
      local k = (ls > 0) and bs / ls or 1
      for i = 1, n do
        local st = list[i]
        st.bfl, st.c[7] = st.bfl * k, st.c[7] * k
      end
    end
  end

  -- Income, levy and safety net under each scheme, authority by authority:
  -- s (the levers), t (today), f (50%, for no detriment). Of t and f only
  -- what the gain needs is kept: today's retained + no detriment - BFL
  -- (rest), and the 50% scheme's retained - BFL (floor).
  local cap_s, theta_s = L.levy_cap, L.safety_net_threshold
  local cap50, theta50, theta100 =
    A.today_levy_cap, A.today_safety_net, A.pilot_safety_net
  local keep, nodet = L.honour_pilots, L.no_detriment
  local rest, floor = {}, {}
  for i = 1, n do
    local st = list[i]
    local c = st.c
    local pilot = st.I.regime == "pilot_100"
    local bfl, brb = st.bfl, st.brb
    local R = Xs[i] - (brb - bfl + st.reval_adj)
    st.income = R
    if pilot and keep then
      st.levy, st.safety_net = levy_safety(R, brb, bfl, 0, theta100)
    else
      st.levy, st.safety_net = levy_safety(R, brb, bfl, cap_s, theta_s)
    end
    local levy, safety
    local fl = 0
    if pilot and nodet then
      bfl, brb = c[4], c[5]
      R = Xf[i] - (brb - bfl + c[6])
      levy, safety = levy_safety(R, brb, bfl, cap50, theta50)
      fl = R - levy + safety - bfl
    end
    bfl, brb = c[1], c[2]
    R = Xt[i] - (brb - bfl + c[3])
    if pilot then
      levy, safety = levy_safety(R, brb, bfl, 0, theta100)
    else
      levy, safety = levy_safety(R, brb, bfl, cap50, theta50)
    end
    local r = R - levy + safety - bfl
    -- No detriment: a 100% area is no worse off than at 50%.
    if pilot and nodet then r = max(r, fl) end
    rest[i], floor[i] = r, fl
  end

  -- Pools (scenario only): sums of income, BRB and BFL levied and safety
  -- netted as one; shared out in proportion to each member's own growth
  -- above BFL (levy) or shortfall below the threshold (safety net).
  if L.pooling ~= "none" then
    local pools, order = {}, {}
    for i = 1, n do
      local st = list[i]
      local key = pool_key(st.I, ids[i], L)
      if key then
        local p = pools[key]
        if not p then
          p = { ids = {}, R = 0, brb = 0, bfl = 0 }
          pools[key] = p
          order[#order + 1] = key
        end
        p.ids[#p.ids + 1] = i
        p.R, p.brb, p.bfl = p.R + st.income, p.brb + st.brb, p.bfl + st.bfl
      end
    end
    local theta = theta_s
    for _, key in ipairs(order) do
      local p = pools[key]
      if #p.ids > 1 then
        local levy, safety = levy_safety(p.R, p.brb, p.bfl, cap_s, theta)
        local up, down = 0, 0
        for _, i in ipairs(p.ids) do
          local st = list[i]
          up = up + max(0, st.income - st.bfl)
          down = down + max(0, theta * st.bfl - st.income)
        end
        for _, i in ipairs(p.ids) do
          local st = list[i]
          st.levy = (levy > 0) and levy * max(0, st.income - st.bfl) / up or 0
          st.safety_net = (safety > 0) and
            safety * max(0, theta * st.bfl - st.income) / down or 0
        end
      end
    end
  end

  local ui = A.under_index_2025
  for i = 1, n do
    local st = list[i]
    local I, c = st.I, st.c
    local ret_s = st.income - st.levy + st.safety_net
    local nd_s = 0
    if nodet and keep and I.regime == "pilot_100" then
      nd_s = max(0, floor[i] - (ret_s - st.bfl))
    end
    st.retained = ret_s
    st.tariff = st.brb - st.bfl + st.reval_adj
    st.s31_grant = Xs[i] - st.local_ndr
    st.no_detriment = nd_s
    st.disregards = st.disregard
    st.s31_bfl = ui * c[4]              -- paid on the 50%-basis BFL
    st.gain = (ret_s + nd_s + st.disregard - st.bfl / c[7])
      - (rest[i] + st.dis_t)
    -- Billing areas: the central share of their rates. Upper tiers report
    -- no NDR of their own (it is the billing areas').
    if I.bill then
      st.central_share = st.ndr * (1 - I.local_s)
    else
      st.central_share, st.ndr = 0, 0
    end
  end
end
