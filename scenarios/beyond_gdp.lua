-- beyond_gdp.lua: growth beside wellbeing, environment and community.
--
-- GVA is one output among equals. Each council's economy grows at a rate
-- the levers choose; greenhouse gas emissions follow output and fall as
-- investment turns green; a shift towards local, community and employee
-- ownership keeps more of the income in the place; life satisfaction
-- follows income and ownership. The levers make the trade-offs explicit:
-- green investment and ownership shifts cost some growth, and growth
-- costs emissions.
--
-- Money is in £ million (£m) at 2021 prices. Every number the rules use
-- is an `assume` below (lever run --set NAME=VALUE to change it). The
-- baseline has no per-council emissions or ownership data, so those start
-- from England-wide assumptions, the same in every council.

scenario {
  title = "Beyond GDP",
  description = "Growth (GVA) beside emissions, local ownership, local " ..
    "income and wellbeing, with the trade-offs between them on levers.",
  baseline = "data/england_la.csv",
  id = "code", name = "name",
  start = 2025, years = 10,
}

---------------------------------------------------------------------------
-- Assumptions
---------------------------------------------------------------------------

assume "hours_per_worker" {
  value = 1530, unit = "hours/yr", label = "Hours worked per worker",
  source = "OECD, average annual hours actually worked per worker, UK (about 1,530 in 2022)",
  description = "GVA = GVA per hour (ONS 2021) x hours x workers, where " ..
    "workers = employment rate x residents aged 20-64 (Census 2021): a " ..
    "rough, residence-based estimate.",
}
assume "fallback_emp" { value = 75.92, unit = "%", label = "Employment rate where none is published",
  source = "Weighted England mean of employment_rate_pct_2022_23 over the baseline (ONS APS)" }
assume "fallback_wellbeing" { value = 7.44, unit = "0-10", label = "Life satisfaction where none is published",
  source = "Weighted England mean of life_satisfaction_2022_23 over the baseline (ONS APS wellbeing)" }

assume "emissions_per_head" {
  value = 5.0, unit = "tCO2e/person/yr", label = "Emissions per resident at the start",
  source = "Approximate England average of territorial greenhouse gas " ..
    "emissions per resident, DESNZ UK local authority and regional " ..
    "greenhouse gas emissions statistics (2022 data); not in the shipped " ..
    "baseline, so every council starts here -- replace with your own",
}
assume "economic_share" {
  value = 0.6, unit = "fraction", label = "Emissions from business and transport",
  source = "Illustrative: the share of local emissions that moves with " ..
    "economic output (industry, commerce, freight); the rest is homes " ..
    "and personal travel",
}
assume "intensity_decline" {
  value = 0.03, unit = "/yr", label = "Trend fall in emissions per £ of GVA",
  source = "Illustrative: UK emissions intensity of output has fallen " ..
    "by several per cent a year since 1990 (ONS environmental accounts)",
}
assume "green_effect" {
  value = 0.05, unit = "/yr at 100% green", label = "Extra fall from green investment",
  source = "Illustrative",
}
assume "household_decline" {
  value = 0.02, unit = "/yr", label = "Trend fall in household emissions per head",
  source = "Illustrative: heating and car fleet turnover",
}
assume "green_drag" {
  value = 0.2, unit = "fraction of growth at 100% green", label = "Growth cost of green investment",
  source = "Illustrative trade-off: green investment yields less " ..
    "measured GVA in the first decade",
}
assume "ownership_start" {
  value = 0.05, unit = "fraction of business profits", label = "Local ownership at the start",
  source = "Illustrative: no official statistic of local, community and " ..
    "employee ownership by council; set your own estimate",
}
assume "ownership_drag" {
  value = 0.01, unit = "growth per unit ownership shift", label = "Growth cost of an ownership shift",
  source = "Illustrative trade-off: capital for buy-outs and community " ..
    "shares is not available for expansion while the shift happens",
}
assume "labour_share" {
  value = 0.55, unit = "fraction of GVA", label = "Labour share of GVA",
  source = "ONS, labour share of UK GDP (compensation of employees, about 55%)",
  description = "Local income = GVA x (labour share + (1 - labour share) " ..
    "x local ownership): wages plus the profits of locally owned firms.",
}
assume "wellbeing_per_log_income" {
  value = 0.3, unit = "points per log unit", label = "Life satisfaction and income",
  source = "Illustrative: life satisfaction rises with the log of income (wellbeing literature)",
}
assume "wellbeing_per_ownership" {
  value = 1.0, unit = "points per unit share", label = "Life satisfaction and local ownership",
  source = "Illustrative: 0.1 points for a 10-point rise in local ownership (community agency)",
}

---------------------------------------------------------------------------
-- Levers
---------------------------------------------------------------------------

lever "growth" {
  kind = "slider", label = "Growth pursued", group = "Trade-offs",
  description = "Real GVA growth a year that the strategy aims for.",
  min = 0, max = 0.04, step = 0.0025, default = 0.015, unit = "%/yr",
  display = "percent",
}
lever "green_share" {
  kind = "slider", label = "Green share of investment", group = "Trade-offs",
  description = "Cuts emissions per £ of GVA faster, at some cost in growth.",
  min = 0, max = 1, step = 0.05, default = 0.3, unit = "%", display = "percent",
}
lever "ownership_target" {
  kind = "slider", label = "Local ownership by the last year", group = "Trade-offs",
  description = "Share of business profits in local, community or " ..
    "employee ownership reached by the final year (moving in equal steps).",
  min = 0, max = 0.5, step = 0.05, default = 0.1, unit = "%", display = "percent",
}

---------------------------------------------------------------------------
-- Outputs
---------------------------------------------------------------------------

output "gva" { label = "GVA", unit = "£m", total = "sum" }
output "growth_rate" { label = "GVA growth achieved", unit = "/yr", total = "mean" }
output "emissions" { label = "Greenhouse gas emissions", unit = "ktCO2e", total = "sum" }
output "emissions_per_head" { label = "Emissions per resident", unit = "tCO2e",
  total = "weighted mean", weight = "pop_2021" }
output "local_ownership" { label = "Local ownership", unit = "fraction", total = "mean" }
output "local_income" { label = "Income kept locally", unit = "£m", total = "sum" }
output "wellbeing" { label = "Life satisfaction", unit = "0-10", total = "weighted mean", weight = "pop_2021" }

---------------------------------------------------------------------------
-- Rules (population is held at Census 2021)
---------------------------------------------------------------------------

-- The state is built as one table at the end (cheaper than adding its
-- fields one at a time), so each value is first worked out into a local.
-- `local A = A` makes each A.name below one lookup instead of two (A is
-- only set once the projection starts, so not at the top of the file).
function project(area, prev, L, year)
  local A = A
  local t = year - SCENARIO.start          -- years since the start: 1, 2, ...

  -- Start values (first year: prev is the baseline row).
  local gva0 = prev.gva0
  if gva0 == nil then
    local emp = area.employment_rate_pct_2022_23 or A.fallback_emp
    gva0 = area.gva_per_hour_gbp_2021 * A.hours_per_worker
         * emp / 100 * area.pop_20_64_2021 / 1e6
  end
  local wellbeing0 = prev.wellbeing0 or area.life_satisfaction_2022_23 or A.fallback_wellbeing

  -- Local ownership moves in equal steps from its start to the target.
  local own_prev = prev.local_ownership or A.ownership_start
  local step = (L.ownership_target - A.ownership_start) / SCENARIO.years
  local local_ownership = own_prev + step

  -- Growth achieved = growth pursued x (1 - green_drag x green share)
  --                   - ownership_drag x this year's ownership shift.
  local growth_rate = L.growth * (1 - A.green_drag * L.green_share)
                    - A.ownership_drag * math.abs(step)
  local gva = (prev.gva or gva0) * (1 + growth_rate)

  -- Emissions per resident: an economic part that moves with GVA and a
  -- falling intensity, and a household part that falls on trend.
  --   economic  = E0 x economic_share x (GVA / GVA0)
  --               x (1 - intensity_decline - green_effect x green)^t
  --   household = E0 x (1 - economic_share) x (1 - household_decline)^t
  local econ = A.emissions_per_head * A.economic_share * (gva / gva0)
             * (1 - A.intensity_decline - A.green_effect * L.green_share) ^ t
  local home = A.emissions_per_head * (1 - A.economic_share)
             * (1 - A.household_decline) ^ t
  local emissions_per_head = econ + home

  -- Income kept locally: wages plus profits of locally owned business.
  local labour = A.labour_share
  local local_income = gva * (labour + (1 - labour) * local_ownership)

  -- Life satisfaction: start value, plus the log of local income growth
  -- (per resident: population is fixed), plus the ownership change.
  local income0 = gva0 * (labour + (1 - labour) * A.ownership_start)
  local wellbeing = math.min(10, wellbeing0
    + A.wellbeing_per_log_income * math.log(local_income / income0)
    + A.wellbeing_per_ownership * (local_ownership - A.ownership_start))

  return {
    gva = gva, growth_rate = growth_rate,
    emissions = emissions_per_head * area.pop_2021 / 1000,    -- kt
    emissions_per_head = emissions_per_head,
    local_ownership = local_ownership, local_income = local_income,
    wellbeing = wellbeing,
    gva0 = gva0, wellbeing0 = wellbeing0,         -- start values, carried forward
  }
end
