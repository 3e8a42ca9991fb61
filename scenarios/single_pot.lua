-- single_pot.lua: one pot of local growth money, split by theme and place.
--
-- A fixed national pot is shared among England's councils by formula
-- (need or population) or by competitive bidding, spent evenly over a few
-- years, and split across six themes. Each theme turns money into net
-- additional jobs (after deadweight) after a lag; jobs add GVA at the
-- area's own productivity; skills money adds people qualified to level 3;
-- housing money adds homes.
--
-- Money is in £ million (£m) unless a unit says otherwise. A year stands
-- for the financial year that starts in it. Every number the rules use is
-- an `assume` below (lever run --set NAME=VALUE to change it).

scenario {
  title = "Single pot",
  description = "A fixed pot of growth funding split across themes and " ..
    "allocated to councils by need, population or competitive bidding; " ..
    "jobs, GVA, skills and homes after lags and deadweight.",
  baseline = "data/england_la.csv",
  id = "code", name = "name",
  start = 2025, years = 10,
}

---------------------------------------------------------------------------
-- Assumptions
---------------------------------------------------------------------------

assume "pot_m" {
  value = 2600, unit = "£m", label = "Size of the pot",
  source = "Illustrative: the order of the UK Shared Prosperity Fund " ..
    "(£2.6bn UK-wide, 2022-23 to 2024-25)",
}
assume "spend_years" {
  value = 3, unit = "years", label = "Years over which the pot is spent",
  source = "Illustrative: a three-year settlement, as UKSPF 2022-25",
  description = "The pot is spent in equal parts in the first spend_years " ..
    "years of the projection.",
}
assume "deadweight" {
  value = 0.3, unit = "fraction", label = "Deadweight",
  source = "Illustrative mid-range value; HCA Additionality Guide " ..
    "(4th edition, 2014) gives ranges by intervention",
  description = "Share of gross outcomes that would have happened " ..
    "without the money.",
}

-- Gross jobs per £m spent, by theme: the inverse of a cost per job.
assume "jobs_per_m_skills"    { value = 10, unit = "jobs/£m", label = "Jobs per £m: skills",
  source = "Illustrative (£100k per job); HCA Calculating Cost Per Job best practice note (2015) for benchmarks" }
assume "jobs_per_m_transport" { value = 5,  unit = "jobs/£m", label = "Jobs per £m: transport",
  source = "Illustrative (£200k per job); HCA Calculating Cost Per Job best practice note (2015) for benchmarks" }
assume "jobs_per_m_housing"   { value = 8,  unit = "jobs/£m", label = "Jobs per £m: housing",
  source = "Illustrative (£125k per job); HCA Calculating Cost Per Job best practice note (2015) for benchmarks" }
assume "jobs_per_m_business"  { value = 20, unit = "jobs/£m", label = "Jobs per £m: business support",
  source = "Illustrative (£50k per job); HCA Calculating Cost Per Job best practice note (2015) for benchmarks" }
assume "jobs_per_m_health"    { value = 5,  unit = "jobs/£m", label = "Jobs per £m: health",
  source = "Illustrative (£200k per job; mainly people returning to work)" }
assume "jobs_per_m_net_zero"  { value = 8,  unit = "jobs/£m", label = "Jobs per £m: net zero",
  source = "Illustrative (£125k per job; retrofit and installation)" }

-- Years between spending and its first effect, by theme (at least 1).
assume "lag_skills"    { value = 2, unit = "years", label = "Lag: skills",    source = "Illustrative: courses take one to two years" }
assume "lag_transport" { value = 3, unit = "years", label = "Lag: transport", source = "Illustrative: schemes take years to build" }
assume "lag_housing"   { value = 2, unit = "years", label = "Lag: housing",   source = "Illustrative: build-out time" }
assume "lag_business"  { value = 1, unit = "years", label = "Lag: business support", source = "Illustrative: grants and advice act quickly" }
assume "lag_health"    { value = 3, unit = "years", label = "Lag: health",    source = "Illustrative: prevention pays back slowly" }
assume "lag_net_zero"  { value = 2, unit = "years", label = "Lag: net zero",  source = "Illustrative: procurement and installation" }

assume "quals_per_m" {
  value = 40, unit = "people/£m", label = "Level 3 achievements per £m of skills money",
  source = "Illustrative (£25k per adult achieving a level 3 qualification)",
}
assume "homes_per_m" {
  value = 10, unit = "homes/£m", label = "Homes per £m of housing money",
  source = "Illustrative (£100k of gap funding per home)",
}
assume "hours_per_worker" {
  value = 1530, unit = "hours/yr", label = "Hours worked per worker",
  source = "OECD, average annual hours actually worked per worker, UK " ..
    "(about 1,530 in 2022)",
  description = "GVA per job = the area's GVA per hour (ONS, 2021) x this.",
}
assume "bid_cost_m" {
  value = 0.05, unit = "£m per bid", label = "Cost of one bid",
  source = "Illustrative: officer time and consultants for one bid; use " ..
    "local figures",
}
assume "success_rate" {
  value = 0.35, unit = "fraction", label = "Average bid success rate",
  source = "Illustrative: competitive rounds funded about a third of bids",
  description = "A council expects to submit 1 / p bids for each award, " ..
    "so its bid costs per year are bid_cost_m / p.",
}
assume "capacity_bias" {
  value = 0.5, unit = "ratio", label = "Capacity bias in bidding",
  source = "Illustrative: better-resourced (less deprived) councils win " ..
    "more often; 0 = no bias",
  description = "p = success_rate * (1 - capacity_bias * (IMD - imd_mean) " ..
    "/ imd_mean), kept within 0.05..0.95.",
}
assume "imd_mean" {
  value = 21.81, unit = "IMD score", label = "England mean IMD score",
  source = "Population-weighted mean of imd25_score over the baseline " ..
    "(MHCLG English Indices of Deprivation 2025; ONS Census 2021)",
}

assume "nvq3_fallback" {
  value = 61.28, unit = "%", label = "NVQ3+ where none is published",
  source = "Population-weighted England mean of nvq3plus_pct_2021 over " ..
    "the baseline (ONS Subnational Indicators, Census 2021 qualifications)",
}

---------------------------------------------------------------------------
-- Levers
---------------------------------------------------------------------------

lever "themes" {
  kind = "split", label = "Pot by theme", group = "Single pot",
  description = "How the pot is split across themes (percent).",
  parts = { {"skills", 25}, {"transport", 15}, {"housing", 15},
            {"business", 20}, {"health", 10}, {"net_zero", 15} },
}
lever "allocation" {
  kind = "choice", label = "Allocation", group = "Single pot",
  description = "need: in proportion to population x IMD score; " ..
    "population: per head; competitive: by expected bid success, less bid costs.",
  options = { "need", "population", "competitive" }, default = "need",
}

---------------------------------------------------------------------------
-- Outputs
---------------------------------------------------------------------------

output "spend"     { label = "Money spent", unit = "£m", total = "sum",
  description = "Money reaching projects this year: (award - bid costs) / spend_years in spend years." }
output "bid_costs" { label = "Bid costs", unit = "£m", total = "sum" }
output "jobs"      { label = "Net additional jobs", unit = "jobs", total = "sum" }
output "gva"       { label = "Additional GVA", unit = "£m/yr", total = "sum" }
output "nvq3plus"  { label = "Residents 20-64 qualified to level 3+", unit = "%",
  total = "weighted mean", weight = "pop_20_64_2021" }
output "homes"     { label = "Additional homes", unit = "homes", total = "sum" }

---------------------------------------------------------------------------
-- Rules
---------------------------------------------------------------------------

local THEMES = { "skills", "transport", "housing", "business", "health", "net_zero" }

-- Expected bid success of one council (competitive allocation only).
local function success(area)
  local p = A.success_rate *
    (1 - A.capacity_bias * (area.imd25_score - A.imd_mean) / A.imd_mean)
  return math.min(0.95, math.max(0.05, p))
end

-- A council's weight in the allocation formula.
local function weight(area, L)
  if L.allocation == "need" then
    return area.pop_2021 * area.imd25_score
  elseif L.allocation == "population" then
    return area.pop_2021
  end
  return area.pop_2021 * success(area)   -- competitive: expected wins
end

-- Years of spending done by the end of `year`: 0 before the first year,
-- at most spend_years. Money spent by then = alloc / spend_years x this.
local function years_spent_by(year)
  return math.max(0, math.min(A.spend_years, year - SCENARIO.start))
end

local function in_spend_years(year)
  return year - SCENARIO.start >= 1 and year - SCENARIO.start <= A.spend_years
end

-- The state is built as one table (cheaper than adding its fields one at
-- a time, which makes Lua enlarge it again and again).
function project(area, prev, L, year)
  -- Bid costs: competitive only, in spend years, bid_cost_m / p a year.
  local bid_costs = 0
  if L.allocation == "competitive" and in_spend_years(year) then
    bid_costs = A.bid_cost_m / success(area)
  end
  return {
    w = weight(area, L), alloc = prev.alloc,     -- alloc: set in settle
    bid_costs = bid_costs,
    gva_per_job_m = area.gva_per_hour_gbp_2021 * A.hours_per_worker / 1e6,
    -- Two areas (Isles of Scilly, City of London) have no published value.
    nvq3_base = area.nvq3plus_pct_2021 or A.nvq3_fallback,
    pop_20_64 = area.pop_20_64_2021,
    -- Set by settle every year (false until then): listed here so that
    -- the table is made with room for them.
    spend = false, jobs = false, homes = false, gva = false, nvq3plus = false,
  }
end

-- This year's figures of each theme, in THEMES order; they are the same
-- for every area, so settle works them out once a year:
--   share      = the theme's part of the money (fraction)
--   years      = years of spending that have had time to act: spending
--                up to the end of year - lag(theme), lag at least 1
--   jobs_per_m = gross jobs per £m
local function theme_plan(L, year)
  local plan = {}
  for i, t in ipairs(THEMES) do
    local lag = math.max(1, A["lag_" .. t])
    plan[i] = { theme = t, share = L.themes[t] / 100,
                years = years_spent_by(year - lag),
                jobs_per_m = A["jobs_per_m_" .. t] }
  end
  return plan
end

-- Outcomes of one area in one year, once its allocation is known.
--   money_t(theme) = theme share x money spent by year - lag(theme)
--   jobs  = sum over themes of money_t x jobs_per_m x (1 - deadweight)
--   gva   = jobs x GVA per job (£m)
--   quals = skills money_t x quals_per_m x (1 - deadweight)
--   nvq3plus = baseline % + quals / population 20-64 x 100
--   homes = housing money_t x homes_per_m x (1 - deadweight)
-- `plan` is this year's theme_plan; `spending` says whether this is one
-- of the spend years.
local function outcomes(st, plan, spending)
  local per_year = st.alloc / A.spend_years   -- money that reaches projects, a year
  st.spend = spending and per_year or 0
  local additional = 1 - A.deadweight         -- share of outcomes not deadweight
  local jobs, quals, homes = 0, 0, 0
  for i = 1, #plan do
    local p = plan[i]
    local money = p.share * (per_year * p.years)   -- money_t(theme)
    jobs = jobs + money * p.jobs_per_m * additional
    if p.theme == "skills" then quals = money * A.quals_per_m * additional end
    if p.theme == "housing" then homes = money * A.homes_per_m * additional end
  end
  st.jobs, st.homes = jobs, homes
  st.gva = jobs * st.gva_per_job_m
  st.nvq3plus = math.min(100, st.nvq3_base + quals / st.pop_20_64 * 100)
end

-- settle: in the first year share the pot by weight; competitive bid
-- costs come out of each council's award (money that never reaches a
-- project). Then outcomes for every area.
function settle(year, states, L)
  local first = next(states)
  if states[first].alloc == nil then
    -- sum in sorted id order so every run gives the same total
    local ids = {}
    for id in pairs(states) do ids[#ids + 1] = id end
    table.sort(ids)
    local wsum = 0
    for _, id in ipairs(ids) do wsum = wsum + states[id].w end
    for _, st in pairs(states) do
      local award = A.pot_m * st.w / wsum
      -- bid costs over the spend years are paid out of the award
      local costs = (L.allocation == "competitive")
        and st.bid_costs * A.spend_years or 0
      st.alloc = award - costs
    end
  end
  local plan, spending = theme_plan(L, year), in_spend_years(year)
  for _, st in pairs(states) do outcomes(st, plan, spending) end
end
