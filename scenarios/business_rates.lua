-- business_rates.lua: England's business rates retention scheme, by council.
--
-- The default scenario shipped with lever. One row of the baseline is one
-- billing authority (the council that collects business rates). For each
-- authority and year it projects the rates collected in its area, the part
-- the authority keeps under the retention scheme, and what it would have
-- kept under today's 50% scheme, so that winners and losers show.
--
-- The method follows the government's scheme as summarised in the project's
-- design notes:
--
--   RV[t]    = RV[t-1] * (1 + rv_growth), times the authority's own
--              2026 revaluation uplift (2026 draft list / 2023 list) in 2026
--   gross    = RV * effective multiplier (a mix of the small, standard and
--              higher multipliers by the share of RV in each band)
--   NDR      = gross * (1 - relief_share) * (collection_rate - appeals_provision)
--   R        = share * NDR - T, with T = BRB - BFL (tariff if > 0, top-up if < 0)
--   levy     = lambda * max(0, R - BFL), lambda = min(levy_cap, max(0, 1 - BFL/BRB))
--   safety   = max(0, threshold * BFL - R)
--   retained = R - levy + safety
--
-- All money is in pounds (£), cash terms (prices rise with cpi). A year
-- stands for the financial year that starts in it: 2026 is 2026-27. The
-- start year 2025 (2025-26) is the year the baselines are measured in.
--
-- Each number the rules use is an `assume` below, with its unit and source,
-- so that it can be questioned and changed (lever run --set NAME=VALUE).

scenario {
  title = "Business rates retention",
  description = "England's business rates retention scheme by billing " ..
    "authority: local share, tier split, tariffs and top-ups, levy, " ..
    "safety net, resets and pools, with winners and losers against " ..
    "today's 50% scheme.",
  baseline = "data/england_la.csv",
  id = "code", name = "name",
  start = 2025, years = 10,
}

---------------------------------------------------------------------------
-- Assumptions: the tax base
---------------------------------------------------------------------------

assume "rv_growth" {
  value = 0.01, unit = "/yr", label = "Real growth of rateable value",
  source = "Illustrative: new and improved property between revaluations; " ..
    "replace with your council's growth in NNDR returns",
  description = "RV grows by this fraction each year in every area " ..
    "(rateable values are fixed between revaluations, so this is " ..
    "physical growth, not inflation).",
}

assume "reval_year" {
  value = 2026, unit = "year", label = "Revaluation year",
  source = "VOA, Non-domestic rating: change in rateable value of rating " ..
    "lists, England and Wales, 2026 revaluation (draft), 26 Nov 2025",
  description = "The 2026 lists take effect on 1 April 2026. In this year " ..
    "each area's RV is multiplied by its own rv_2026_draft_gbp / " ..
    "rv_2023_gbp. Later revaluations (2029, 2032, 2035) are assumed to " ..
    "move every area alike and be offset by the multiplier, so they are " ..
    "not modelled.",
}

assume "cpi" {
  value = 0.02, unit = "/yr", label = "CPI inflation",
  source = "Bank of England 2% inflation target (OBR forecasts return to " ..
    "about 2%)",
  description = "Multipliers are indexed by CPI from the year after the " ..
    "revaluation, unless frozen; the business rates baseline and baseline " ..
    "funding level are uprated by CPI in the same years.",
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

assume "relief_share" {
  value = 0.24, unit = "fraction of gross", label = "Reliefs",
  source = "MHCLG, National non-domestic rates to be collected by local " ..
    "authorities in England 2024-25 (NNDR1): £8.3bn reliefs against " ..
    "£26.3bn income, 8.3 / (26.3 + 8.3) = 0.24",
  description = "Mandatory and discretionary reliefs (small business, " ..
    "charity, retail/hospitality/leisure ...) as one share of gross rates, " ..
    "the same in every area.",
}
assume "collection_rate" {
  value = 0.98, unit = "fraction", label = "Collection rate",
  source = "MHCLG, Collection rates for council tax and non-domestic " ..
    "rates in England (in-year NNDR collection about 97-98% in recent " ..
    "years; rounded)",
}
assume "appeals_provision" {
  value = 0.03, unit = "fraction of net rates", label = "Appeals provision",
  source = "Illustrative: typical provision for appeals and losses in " ..
    "NNDR1 returns; use your own council's",
}

---------------------------------------------------------------------------
-- Assumptions: who gets which share of the rates (the tier split)
---------------------------------------------------------------------------

assume "today_share" {
  value = 0.5, unit = "fraction of NDR", label = "Today's local share",
  source = "Local Government Finance Act 2012; 50% retention since 2013-14",
}
assume "district_fraction" {
  value = 0.8, unit = "fraction of local share", label = "District part (two-tier)",
  source = "Non-Domestic Rating (Rates Retention) Regulations 2013: " ..
    "district 40% / county 10% of 50%, 0.40 / 0.50 = 0.8",
  description = "In two-tier areas the district keeps this part of the " ..
    "local share; the county (with fire) has the rest.",
}
assume "fire_share" {
  value = 0.01, unit = "fraction of NDR", label = "Fire authority share",
  source = "Rates Retention Regulations 2013: single tier 49% + fire 1%",
  description = "Outside two-tier areas and London the council keeps " ..
    "local share minus this (0.49 at 50%, 0.99 at 100%).",
}
assume "london_share_today" {
  value = 0.67, unit = "fraction of NDR", label = "London local share today",
  source = "MHCLG, London retains 67% since 2018-19 (borough 30%, GLA 37%)",
  description = "London's share rises in step with the local share lever " ..
    "from 67% (at 50%) to 100% (at 100%).",
}
assume "london_borough_share" {
  value = 0.30, unit = "fraction of NDR", label = "London borough share today",
  source = "MHCLG, London 67% scheme: boroughs 30%, GLA 37%",
  description = "The borough keeps 0.30 / 0.67 of London's share.",
}

---------------------------------------------------------------------------
-- Assumptions: baselines, levy and safety net
---------------------------------------------------------------------------

assume "imd_weight" {
  value = 2, unit = "per IMD point / 100", label = "Deprivation weight in need",
  source = "Illustrative needs formula (no public table of each council's " ..
    "BFL was found): need = population 2021 * (1 + imd_weight * " ..
    "IMD 2025 score / 100); ONS Census 2021, MHCLG English Indices of " ..
    "Deprivation 2025",
  description = "Residents of the most deprived places (score about 45) " ..
    "count about 1.9, those of the least deprived (about 5) 1.1.",
}
assume "bfl_ratio" {
  value = 1, unit = "ratio", label = "National BFL / BRB",
  source = "Estimate: at a reset tariffs and top-ups net to zero, so " ..
    "baseline funding equals the business rates baseline nationally",
  description = "Each class of council (London boroughs, other single " ..
    "tier, shire districts) shares bfl_ratio times its total BRB in " ..
    "proportion to need.",
}
assume "today_levy_cap" {
  value = 0.5, unit = "fraction", label = "Today's levy cap",
  source = "Rates Retention Regulations 2013: levy rate at most 50p in £",
}
assume "today_safety_net" {
  value = 0.925, unit = "fraction of BFL", label = "Today's safety net",
  source = "MHCLG, Local Government Finance Report: safety net at 92.5% " ..
    "of baseline funding level",
}
assume "pilot_safety_net" {
  value = 0.97, unit = "fraction of BFL", label = "100% pilot safety net",
  source = "MHCLG, 100% business rates retention pilots: safety net 97%, no levy",
}
assume "freeze_compensation" {
  value = 1, unit = "fraction", label = "Compensation for a frozen multiplier",
  source = "HM Treasury / MHCLG: councils compensated by section 31 grant " ..
    "for multiplier freezes since 2017",
  description = "Share of the income lost to a freeze that government " ..
    "pays back as section 31 grant (outside the retention scheme).",
}

---------------------------------------------------------------------------
-- Levers
---------------------------------------------------------------------------

lever "local_share" {
  kind = "slider", label = "Local share", group = "Retention",
  description = "Share of business rates kept by local government " ..
    "(50% today; 75% and 100% pilots). Baseline funding rises with it: " ..
    "grant is rolled in at the same time.",
  min = 0.5, max = 1, step = 0.05, default = 0.5, unit = "%",
  display = "percent",
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
    "(92.5% today; 95% and 97% in pilots).",
  min = 0.8, max = 1, step = 0.025, default = 0.925, unit = "%",
  display = "percent",
}
lever "reset" {
  kind = "choice", label = "Reset", group = "Resets",
  description = "In the reset year the business rates baseline is moved " ..
    "towards the rates actually measured, returning growth to the centre.",
  options = { "none", "partial", "full" }, default = "none",
}
lever "reset_year" {
  kind = "slider", label = "Reset year", group = "Resets",
  min = 2026, max = 2035, step = 1, default = 2026,
}
lever "reset_fraction" {
  kind = "slider", label = "Partial reset", group = "Resets",
  description = "Fraction of the gap between baseline and measured rates " ..
    "closed by a partial reset.",
  min = 0, max = 1, step = 0.1, default = 0.5, unit = "%", display = "percent",
}
lever "pooling" {
  kind = "choice", label = "Pools", group = "Pools",
  description = "Authorities in the same group are levied (and safety " ..
    "netted) as one: combined authority, county (its districts) or region.",
  options = { "none", "combined_authority", "county", "region" },
  default = "none",
}
lever "multiplier" {
  kind = "choice", label = "Multipliers", group = "National policy",
  description = "Index the multipliers to CPI each year after 2026, or " ..
    "freeze them (councils compensated by section 31 grant).",
  options = { "cpi", "frozen" }, default = "cpi",
}
lever "honour_pilots" {
  kind = "toggle", label = "Keep 100% pilots", group = "National policy",
  description = "Authorities marked pilot_100pct in the baseline keep " ..
    "100%, no levy and a 97% safety net, whatever the sliders say.",
  default = false,
}

---------------------------------------------------------------------------
-- Outputs (per authority per year, £). The first two are what a workshop
-- looks at first, so the screen opens on them.
---------------------------------------------------------------------------

output "retained" { label = "Retained rates", unit = "£", total = "sum",
  description = "income - levy + safety net." }
output "gain_vs_50" { label = "Gain against today's 50%", unit = "£", total = "sum",
  description = "(retained + s31 - BFL) minus the same under today's 50% scheme " ..
    "with the same rates: the extra BFL at a higher share replaces rolled-in grant, so it is not a gain." }
output "ndr" { label = "Net rates collected", unit = "£", total = "sum",
  description = "Net non-domestic rates collectable in the area (all tiers and the centre)." }
output "brb" { label = "Business rates baseline", unit = "£", total = "sum",
  description = "The authority's share of estimated rates at the start year, uprated; moved by resets." }
output "bfl" { label = "Baseline funding level", unit = "£", total = "sum",
  description = "Needs-based funding level (population and IMD), scaled to the BRB total of its class." }
output "tariff" { label = "Tariff (+) / top-up (-)", unit = "£", total = "sum",
  description = "T = BRB - BFL." }
output "income" { label = "Rates income", unit = "£", total = "sum",
  description = "share * NDR - T: after tariff or top-up, before levy and safety net." }
output "levy" { label = "Levy", unit = "£", total = "sum" }
output "safety_net" { label = "Safety net", unit = "£", total = "sum" }
output "s31_grant" { label = "Freeze compensation", unit = "£", total = "sum",
  description = "Section 31 grant for a frozen multiplier (0 when indexed)." }
output "other_tiers" { label = "County, fire or GLA share", unit = "£", total = "sum",
  description = "Local share of NDR that goes to the other local tiers (before their own tariffs)." }

---------------------------------------------------------------------------
-- Helpers
---------------------------------------------------------------------------

local max, min = math.max, math.min

-- The helpers run for every area and year (base_multiplier, cpi_index,
-- net_rates) start with `local A = A`: each A.name after it is then one
-- lookup instead of two. A is only set once the projection starts, so it
-- cannot be copied like this at the top of the file.

-- The authority's own share of NDR when local government keeps `s`.
--   London boroughs: London keeps 0.67 at s = 0.5, rising linearly to 1 at
--                    s = 1; the borough has 0.30/0.67 of that.
--   Shire districts: district_fraction of s (0.40 at 50%).
--   Other single tier: s less the fire authority's share (0.49 at 50%).
local function own_share(area, s)
  if area.la_type == "LB" then
    local london = A.london_share_today
      + (s - A.today_share) / (1 - A.today_share) * (1 - A.london_share_today)
    return london * A.london_borough_share / A.london_share_today
  elseif area.la_type == "NMD" then
    return s * A.district_fraction
  else
    return s - A.fire_share
  end
end

-- Whole local-government share of NDR in the area at local share `s`
-- (council plus county, fire or GLA).
local function local_total(area, s)
  if area.la_type == "LB" then
    return A.london_share_today
      + (s - A.today_share) / (1 - A.today_share) * (1 - A.london_share_today)
  end
  return s
end

-- Is this authority a 100% pilot kept on its own deal?
local function is_pilot(area, L)
  return L.honour_pilots and area.brr_regime == "pilot_100pct"
end

-- The retention settings that apply to this authority: local share, levy
-- cap, safety-net threshold.
local function regime(area, L)
  if is_pilot(area, L) then return 1, 0, A.pilot_safety_net end
  return L.local_share, L.levy_cap, L.safety_net_threshold
end

-- Effective multiplier (£ per £ of RV) in a year, before CPI indexation.
-- 2025: small multiplier on the share of RV below £51,000 (regional, VOA
-- 2023 list), standard on the rest.
-- 2026 on: small, standard and higher (£500,000+) bands by the regional
-- shares in the 2026 draft lists; below £500,000 the retail share of the
-- area's RV pays the RHL multipliers.
local function base_multiplier(area, year)
  local A = A
  if year < A.reval_year then
    local s = area.rv_small_share_2023
    return s * A.mult_small_2025 + (1 - s) * A.mult_std_2025
  end
  local small, high = area.rv_small_share_2026, area.rv_high_share_2026
  local std = 1 - small - high
  local rhl = area.rv_retail_2023_gbp / area.rv_2023_gbp
  return small * ((1 - rhl) * A.mult_small_2026 + rhl * A.mult_rhl_small_2026)
       + std   * ((1 - rhl) * A.mult_std_2026   + rhl * A.mult_rhl_std_2026)
       + high  * A.mult_high_2026
end

-- CPI index since the revaluation year: (1 + cpi)^(years after it).
local function cpi_index(year)
  local A = A
  return (1 + A.cpi) ^ max(0, year - A.reval_year)
end

-- Net rates from RV and a multiplier.
local function net_rates(rv, mult)
  local A = A
  return rv * mult * (1 - A.relief_share) * (A.collection_rate - A.appeals_provision)
end

-- Need for the baseline funding formula.
local function need(area)
  return area.pop_2021 * (1 + A.imd_weight * area.imd25_score / 100)
end

-- Class of council for scaling BFL: BFL totals match BRB totals in each.
local function class(area)
  if area.la_type == "LB" then return "LB" end
  if area.la_type == "NMD" then return "NMD" end
  return "ST"
end

---------------------------------------------------------------------------
-- project: the area's tax base and business rates baseline, one year
---------------------------------------------------------------------------

-- The state is built as one table at the end (cheaper than adding its
-- fields one at a time), so each value is first worked out into a local.
function project(area, prev, L, year)
  -- The authority's shares of NDR and the area's net rates in the start
  -- year are the same every year: worked out in the first year (when prev
  -- is the baseline row) and carried forward in the state.
  local share, share50 = prev.share, prev.share50
  local other_share, ndr0 = prev.other_share, prev.ndr0
  if ndr0 == nil then
    local s = regime(area, L)
    share, share50 = own_share(area, s), own_share(area, A.today_share)
    other_share = local_total(area, s) - share    -- county, fire or GLA
    -- NDR in the start year: 2023 list, 2025-26 multipliers.
    ndr0 = net_rates(area.rv_2023_gbp, base_multiplier(area, SCENARIO.start))
  end

  -- Rateable value: last year's (the 2023 list in the start year) grown by
  -- rv_growth, and in the revaluation year lifted by this area's own
  -- 2026 draft / 2023 list ratio.
  local rv = (prev.rv or area.rv_2023_gbp) * (1 + A.rv_growth)
  if year == A.reval_year then
    rv = rv * area.rv_2026_draft_gbp / area.rv_2023_gbp
  end

  -- Multipliers: indexed by CPI after the revaluation, unless frozen.
  local idx = cpi_index(year)
  local mult_idx = (L.multiplier == "frozen") and 1 or idx
  local mult = base_multiplier(area, year) * mult_idx
  local ndr = net_rates(rv, mult)

  -- Section 31 compensation for a freeze: the share of the rates lost by
  -- not indexing, times freeze_compensation (0 when indexed).
  local lost = ndr * (idx / mult_idx - 1)

  -- Business rates baseline: the authority's share of NDR in the start
  -- year, uprated by CPI; computed the same way for today's 50% scheme.
  local brb = (prev.brb_base or share * ndr0) * idx

  -- A reset in the reset year moves the baseline towards the measured
  -- share of this year's NDR by the reset fraction (full = 1).
  if year == L.reset_year and L.reset ~= "none" then
    local p = (L.reset == "full") and 1 or L.reset_fraction
    brb = (1 - p) * brb + p * share * ndr
  end

  return {
    rv = rv, mult = mult, ndr = ndr,
    s31_grant = A.freeze_compensation * share * lost,
    s31_50 = A.freeze_compensation * share50 * lost,
    brb = brb,
    brb50 = share50 * ndr0 * idx,
    brb_base = brb / idx,               -- carried forward in start-year prices

    -- Fields settle needs from the baseline row (settle sees only states).
    la_type = area.la_type, region = area.region, ca_code = area.ca_code,
    county_code = area.county_code, brr_regime = area.brr_regime,
    pop_2021 = area.pop_2021, imd25_score = area.imd25_score,

    share = share, share50 = share50, other_share = other_share, ndr0 = ndr0,
    other_tiers = other_share * ndr,
    idx = idx,
    bfl_base = prev.bfl_base,           -- set by settle in the first year
    bfl50_base = prev.bfl50_base,
  }
end

---------------------------------------------------------------------------
-- settle: baseline funding levels, levy, safety net, pools
---------------------------------------------------------------------------

-- Levy and safety net of one authority (or one pool) from its sums.
local function levy_and_safety(R, brb, bfl, cap, theta)
  local lambda = min(cap, max(0, 1 - bfl / brb))
  local levy = lambda * max(0, R - bfl)
  local safety = max(0, theta * bfl - R)
  return levy, safety
end

-- Pool key of an authority under the pooling lever (nil: not pooled).
local function pool_key(area, L)
  if is_pilot(area, L) then return nil end
  if L.pooling == "combined_authority" and area.ca_code then
    return area.ca_code
  elseif L.pooling == "county" and area.county_code then
    return area.county_code
  elseif L.pooling == "region" then
    return area.region
  end
  return nil
end

function settle(year, states, L)
  -- Sums run over the areas in baseline order (AREAS), so that they come
  -- out the same in every run: pairs() order can differ between runs.
  local ids = AREAS
  -- First year: baseline funding levels from need, scaled in each class
  -- so that sum(BFL) = bfl_ratio * sum(BRB at 50%), in start-year prices.
  -- At a higher local share BFL grows with the authority's own share.
  local first = next(states)
  if states[first].bfl_base == nil then
    local needsum, brbsum = {}, {}
    for _, id in ipairs(ids) do
      local st = states[id]
      local a = st
      local c = class(a)
      needsum[c] = (needsum[c] or 0) + need(a)
      brbsum[c] = (brbsum[c] or 0) + st.brb50 / st.idx
    end
    for id, st in pairs(states) do
      local a = st
      local c = class(a)
      st.bfl50_base = A.bfl_ratio * brbsum[c] * need(a) / needsum[c]
      st.bfl_base = st.bfl50_base * st.share / st.share50
    end
  end

  -- Each authority on its own.
  local cap50, theta50 = A.today_levy_cap, A.today_safety_net
  for id, st in pairs(states) do
    local _, cap, theta = regime(st, L)
    local idx, ndr, brb = st.idx, st.ndr, st.brb
    local bfl = st.bfl_base * idx
    local tariff = brb - bfl
    local income = st.share * ndr - tariff
    st.bfl, st.tariff, st.income = bfl, tariff, income
    st.levy, st.safety_net = levy_and_safety(income, brb, bfl, cap, theta)

    -- Today's 50% scheme with the same rates: no reset, no pool, no pilot.
    local brb50, bfl50 = st.brb50, st.bfl50_base * idx
    local inc50 = st.share50 * ndr - (brb50 - bfl50)
    local levy50, safety50 = levy_and_safety(inc50, brb50, bfl50, cap50, theta50)
    st.retained50 = inc50 - levy50 + safety50
    st.bfl50 = bfl50
  end

  -- Pools: sums of income, BRB and BFL levied and safety-netted as one.
  -- The pool's levy is shared among members in proportion to their own
  -- growth above BFL; its safety net in proportion to their own shortfall
  -- below the threshold.
  if L.pooling ~= "none" then
    local pools = {}
    for _, id in ipairs(ids) do
      local st = states[id]
      local key = pool_key(st, L)
      if key then
        local p = pools[key]
        if not p then p = { ids = {}, R = 0, brb = 0, bfl = 0 }; pools[key] = p end
        p.ids[#p.ids + 1] = id
        p.R, p.brb, p.bfl = p.R + st.income, p.brb + st.brb, p.bfl + st.bfl
      end
    end
    for _, p in pairs(pools) do
      if #p.ids > 1 then
        local levy, safety = levy_and_safety(p.R, p.brb, p.bfl,
          L.levy_cap, L.safety_net_threshold)
        local up, down = 0, 0
        for _, id in ipairs(p.ids) do
          local st = states[id]
          up = up + max(0, st.income - st.bfl)
          down = down + max(0, L.safety_net_threshold * st.bfl - st.income)
        end
        for _, id in ipairs(p.ids) do
          local st = states[id]
          st.levy = (levy > 0) and
            levy * max(0, st.income - st.bfl) / up or 0
          st.safety_net = (safety > 0) and
            safety * max(0, L.safety_net_threshold * st.bfl - st.income) / down or 0
        end
      end
    end
  end

  -- Retained income, and the gain against today's scheme net of the
  -- rolled-in grant (the difference in BFL).
  for id, st in pairs(states) do
    st.retained = st.income - st.levy + st.safety_net
    st.gain_vs_50 = (st.retained + st.s31_grant - st.bfl)
                  - (st.retained50 + st.s31_50 - st.bfl50)
  end
end
