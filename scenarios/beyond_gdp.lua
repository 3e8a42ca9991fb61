-- beyond_gdp.lua: growth beside wellbeing, emissions, nature, who gains,
-- and local ownership.
--
-- The Alternative LEP argument: GVA is one output among equals. Each
-- council's workplace GVA grows on trend plus what the levers pursue:
-- inward investment ("economic hunting") adds growth that outside owners
-- take the profits of, that emits, and that takes land from nature; a
-- shift to local, community and employee ownership ("economic
-- gardening") keeps profits in the place at some cost in growth; green
-- investment cuts emissions at some cost in measured growth; land kept
-- for nature restores it; and focusing effort on deprived places narrows
-- the income gap between deprived and affluent places while adding less
-- GVA (deprived places are less productive). Wages and profits, the
-- profits kept locally, household income and the income gap between the
-- most and least deprived fifths of England are outputs beside GVA, as
-- are life satisfaction and its value in WELLBYs, emissions and their
-- carbon value, and a nature index.
--
-- The place effects (workplace GVA from rateable value, commuting
-- leakage) and the values of carbon and wellbeing come from
-- lib/appraisal.lua, shared with single_pot.lua and levelling_up.lua.
-- The baseline has no per-council emissions or nature data: emissions
-- are estimated from England's per-head figure, workplace GVA and the
-- share of industrial floorspace, and nature is an index (2025 = 100).
-- doc/appraisal.md explains the method and lists every source.

local ap = require "lib.appraisal"

scenario {
  title = "Beyond GDP",
  description = "Workplace GVA beside emissions, nature, wellbeing, who " ..
    "gains (wages and profits, deprived and affluent places) and local " ..
    "ownership, with levers that pull them different ways.",
  baseline = "data/england_la_appraisal.csv",
  id = "code", name = "name",
  start = 2025, years = 10,
}

local GB_WB = "HM Treasury, Green Book supplementary guidance, Wellbeing " ..
  "guidance for appraisal (2021): one point of life satisfaction for one " ..
  "person for one year, central £13,000 (2019 prices)"

---------------------------------------------------------------------------
-- Assumptions
---------------------------------------------------------------------------

assume "trend_growth" { value = 0.01, unit = "/yr", label = "Trend real GVA growth",
  source = "Judgement: about the UK's real GVA growth per year since 2008 (ONS)" }
assume "labour_share" { value = 0.55, unit = "fraction of GVA", label = "Labour share of GVA",
  source = "ONS, labour share of UK GDP (compensation of employees, about 55%)" }
assume "ownership_start" { value = 0.05, unit = "fraction of profits", label = "Local ownership at the start",
  source = "Judgement: no official statistic of local, community and " ..
    "employee ownership by council; set your own estimate" }
assume "ownership_drag" { value = 0.01, unit = "growth per unit shift", label = "Growth cost of an ownership shift",
  source = "Judgement: capital for buy-outs and community shares is not " ..
    "available for expansion while the shift happens" }
assume "emissions_per_head" { value = 5.0, unit = "tCO2e/person/yr", label = "England emissions per resident at the start",
  source = "Approximate England average of territorial greenhouse gas " ..
    "emissions per resident, DESNZ UK local authority and regional " ..
    "greenhouse gas emissions statistics (2022); not in the baseline" }
assume "economic_share" { value = 0.5, unit = "fraction", label = "Emissions that move with output",
  source = "Judgement from the DESNZ local authority sector split: " ..
    "industry, commerce, public sector, agriculture and freight about " ..
    "half; homes and personal travel the rest" }
assume "industry_weight" { value = 0.8, unit = "fraction", label = "Weight of industry in emissions per £ of GVA",
  source = "Judgement: emissions per £ of GVA = emissions_intensity x " ..
    "(1 - w + w x industry share of RV / England's 0.27); offices emit little per £" }
assume "industry_share_england" { value = 0.2701, unit = "fraction", label = "England's industrial share of rateable value",
  source = "rv_industry_2023_gbp / rv_2023_gbp summed over the baseline (VOA 2023 list)" }
assume "emissions_intensity" { value = 73.10, unit = "tCO2e per £m GVA", label = "Economic emissions per £m of GVA",
  source = "Calibrated so that England's economic emissions are " ..
    "economic_share x emissions_per_head x population at the start, " ..
    "with workplace GVA from lib/appraisal.lua" }
assume "intensity_decline" { value = 0.03, unit = "/yr", label = "Trend fall in emissions per £ of GVA",
  source = "Judgement: UK emissions per £ of output have fallen by " ..
    "several per cent a year since 1990 (ONS environmental accounts)" }
assume "household_decline" { value = 0.02, unit = "/yr", label = "Trend fall in household emissions per head",
  source = "Judgement: heating and car fleet turnover" }
assume "green_effect" { value = 0.05, unit = "/yr at 100% green", label = "Extra fall from green investment",
  source = "Judgement" }
assume "green_drag" { value = 0.2, unit = "fraction of pursued growth at 100% green", label = "Growth cost of green investment",
  source = "Judgement: green investment yields less measured GVA in the first decade" }
assume "nature_restore" { value = 1.0, unit = "points/yr at full protection", label = "Nature recovery on protected land",
  source = "Judgement: nature index rises when land is kept or restored " ..
    "for nature (Environment Act 2021: local nature recovery strategies, " ..
    "10% biodiversity net gain)" }
assume "nature_take" { value = 50, unit = "points per unit of growth", label = "Nature lost to land-taking growth",
  source = "Judgement: 1.5% growth a year on unprotected land costs " ..
    "about 0.75 index points a year" }
assume "nature_density" { value = 0.5, unit = "elasticity", label = "How land take falls with density",
  source = "Judgement: in dense councils growth is mostly on brownfield " ..
    "land and by intensification, in sparse ones on greenfield",
  description = "Nature lost = nature_take x growth x (density_median / " ..
    "density) ^ this, the scale within 0.2..5." }
assume "density_median" { value = 887.5, unit = "people/km²", label = "Median council density",
  source = "Median of density_per_km2_2021 over the baseline (ONS Census 2021)" }
assume "nature_drag" { value = 0.002, unit = "growth at full protection", label = "Growth cost of keeping land for nature",
  source = "Judgement" }
assume "wellbeing_per_log_income" { value = 0.3, unit = "points per log unit", label = "Life satisfaction and income",
  source = "Judgement: life satisfaction rises with the log of income (wellbeing literature; " .. GB_WB .. ")" }
assume "wellbeing_per_ownership" { value = 1.0, unit = "points per unit share", label = "Life satisfaction and local ownership",
  source = "Judgement: 0.1 points for a 10-point rise in local ownership (community agency)" }
assume "wellbeing_per_nature" { value = 0.005, unit = "points per index point", label = "Life satisfaction and nature",
  source = "Judgement: green space and nature are linked to life " ..
    "satisfaction (Defra and ONS natural capital accounts)" }
assume "fifth" { value = 0.2, unit = "fraction of population", label = "Deprived and affluent groups",
  source = "Fifths: the income gap compares the places holding the most " ..
    "deprived fifth of England's people (by IMD 2025) with the least deprived fifth" }

-- The shared assumptions this scenario uses (lib/appraisal.lua): workplace
-- GVA, commuting leakage, and the values of carbon and wellbeing.
ap.declare { only = { "leakage", "leakage_size", "ref_pop", "imd_mean",
  "gva_per_rv", "london_rent", "fallback_wellbeing", "carbon_value", "wellby_value" } }

---------------------------------------------------------------------------
-- Levers: each pulls some outputs up and others down
---------------------------------------------------------------------------

lever "growth" {
  kind = "slider", label = "Inward investment pursued", group = "Trade-offs",
  description = "Extra GVA growth a year sought by attracting outside " ..
    "investors (economic hunting): more GVA, more emissions, less nature, " ..
    "and profits owned elsewhere.",
  min = 0, max = 0.03, step = 0.0025, default = 0.005, unit = "%/yr",
  display = "percent",
}
lever "green_share" {
  kind = "slider", label = "Green share of investment", group = "Trade-offs",
  description = "Cuts emissions per £ of GVA faster, at some cost in growth.",
  min = 0, max = 1, step = 0.05, default = 0.3, unit = "%", display = "percent",
}
lever "ownership_target" {
  kind = "slider", label = "Local ownership by the last year", group = "Trade-offs",
  description = "Share of business profits in local, community or employee " ..
    "ownership reached by the final year (economic gardening): more " ..
    "income kept and more wellbeing, a little less growth.",
  min = 0, max = 0.5, step = 0.05, default = 0.1, unit = "%", display = "percent",
}
lever "nature_land" {
  kind = "slider", label = "Land kept for nature", group = "Trade-offs",
  description = "Share of development land kept or restored for nature: " ..
    "nature and wellbeing up, a little less growth.",
  min = 0, max = 1, step = 0.05, default = 0.2, unit = "%", display = "percent",
}
lever "focus" {
  kind = "choice", label = "Where growth is pursued", group = "Trade-offs",
  description = "everywhere: the same extra growth in every place; " ..
    "deprived: in proportion to the IMD score (the same on average) -- " ..
    "a narrower income gap, less GVA.",
  options = { "everywhere", "deprived" }, default = "everywhere",
}

---------------------------------------------------------------------------
-- Outputs
---------------------------------------------------------------------------

output "gva" { label = "GVA (workplace)", unit = "£m", total = "sum",
  description = "Estimated from rateable value (lib/appraisal.lua), 2021 prices." }
output "growth_rate" { label = "GVA growth achieved", unit = "/yr", total = "weighted mean", weight = "pop_2021" }
output "emissions" { label = "Greenhouse gas emissions", unit = "ktCO2e", total = "sum", better = "lower" }
output "emissions_per_head" { label = "Emissions per resident", unit = "tCO2e",
  total = "weighted mean", weight = "pop_2021", better = "lower" }
output "carbon_cost" { label = "Carbon value of emissions", unit = "£m/yr", total = "sum", better = "lower" }
output "nature" { label = "Nature index", unit = "2025 = 100", total = "weighted mean", weight = "pop_2021" }
output "wages" { label = "Wages paid in the place", unit = "£m", total = "sum" }
output "profits" { label = "Profits", unit = "£m", total = "sum", better = "neither" }
output "profits_kept" { label = "Profits kept locally", unit = "£m", total = "sum" }
output "local_ownership" { label = "Local ownership of profits", unit = "%",
  total = "weighted mean", weight = "pop_2021",
  description = "Share of all profits in local, community or employee ownership (outside-owned growth dilutes it)." }
output "local_income" { label = "Income kept locally", unit = "£m", total = "sum",
  description = "Wages of residents (net of commuting leakage) plus locally owned profits." }
output "gdhi_per_head" { label = "Household income per head", unit = "£",
  total = "weighted mean", weight = "pop_2021" }
output "income_gap" { label = "Income gap: least / most deprived fifth", unit = "ratio",
  total = "mean", better = "lower",
  description = "Household income per head in the places holding the least deprived fifth of people over the most deprived fifth; the same in every row." }
output "wellbeing" { label = "Life satisfaction", unit = "0-10", total = "weighted mean", weight = "pop_2021" }
output "wellbeing_value" { label = "Wellbeing gained (WELLBYs)", unit = "£m/yr", total = "sum",
  description = "Change in life satisfaction since 2025 x residents x the WELLBY value." }

---------------------------------------------------------------------------
-- Rules (population is held at Census 2021)
---------------------------------------------------------------------------

local min, max, log = math.min, math.max, math.log

-- The place's fixed figures, worked out in its first year.
local function setup(area, A)
  local gva0 = ap.workplace_gva(area, A)
  local ind = area.rv_industry_2023_gbp / area.rv_2023_gbp
  local w = A.industry_weight
  local leak = ap.leakage(area, A)
  local own0 = A.ownership_start
  -- residents' share of wages: the commuting leakage of lib/appraisal.lua
  local income0 = gva0 * (A.labour_share * (1 - leak) + (1 - A.labour_share) * own0)
  return {
    gva0 = gva0, income0 = income0, leak = leak,
    intensity = A.emissions_intensity * (1 - w + w * ind / A.industry_share_england),
    wellbeing0 = area.life_satisfaction_2022_23 or A.fallback_wellbeing,
    gdhi0 = area.gdhi_per_head_gbp_2021, imd = area.imd25_score,
    land_take = A.nature_take * ap.clamp((A.density_median
      / area.density_per_km2_2021) ^ A.nature_density, 0.2, 5),
    pop = area.pop_2021, who = { id = area.id, name = area.name },
    gva = gva0, hunted = 0, own = own0, nature = 100,
  }
end

function project(area, prev, L, year)
  local A = A
  local t = year - SCENARIO.start                 -- 1, 2, ...
  if prev.gva0 == nil then prev = setup(area, A) end

  -- Local ownership of organically grown business moves in equal steps
  -- from its start to the target.
  local step = (L.ownership_target - A.ownership_start) / SCENARIO.years
  local own = prev.own + step

  -- Growth achieved = trend + pursued x focus x (1 - green_drag x green)
  --   - ownership_drag x |step| - nature_drag x land kept for nature.
  local focus = L.focus == "deprived" and prev.imd / A.imd_mean or 1
  local pursued = L.growth * focus * (1 - A.green_drag * L.green_share)
  local growth_rate = A.trend_growth * (1 - A.green_drag * L.green_share)
    + pursued - A.ownership_drag * math.abs(step) - A.nature_drag * L.nature_land
  local gva = prev.gva * (1 + growth_rate)
  -- GVA brought by inward investment is owned elsewhere.
  local hunted = prev.hunted * (1 + growth_rate) + prev.gva * pursued

  -- Emissions: economic part with GVA and a falling intensity; household
  -- part per head on its own trend.
  local econ = prev.intensity * gva
    * (1 - A.intensity_decline - A.green_effect * L.green_share) ^ t
  local home = A.emissions_per_head * (1 - A.economic_share) * prev.pop
    * (1 - A.household_decline) ^ t
  local emissions = (econ + home) / 1000                          -- kt

  -- Nature: restored on protected land, taken by growth elsewhere, more
-- where land is sparse (greenfield) than where it is dense.
  local nature = max(0, prev.nature + A.nature_restore * L.nature_land
    - prev.land_take * max(0, growth_rate) * (1 - L.nature_land))

  -- Who gains: wages and profits; profits kept are the locally owned
  -- share of profits from the GVA not brought in from outside.
  local wages = A.labour_share * gva
  local profits = gva - wages
  local kept = (1 - A.labour_share) * (gva - hunted) * own
  local local_income = wages * (1 - prev.leak) + kept
  local gdhi = prev.gdhi0 * local_income / prev.income0

  local wellbeing = min(10, max(0, prev.wellbeing0
    + A.wellbeing_per_log_income * log(local_income / prev.income0)
    + A.wellbeing_per_ownership * (own - A.ownership_start)
    + A.wellbeing_per_nature * (nature - 100)))

  return {
    gva = gva, growth_rate = growth_rate, emissions = emissions,
    emissions_per_head = emissions * 1000 / prev.pop,
    carbon_cost = emissions * 1000 * A.carbon_value / 1e6,
    nature = nature, wages = wages, profits = profits, profits_kept = kept,
    local_ownership = profits > 0 and kept / profits * 100 or 0,
    local_income = local_income, gdhi_per_head = gdhi,
    wellbeing = wellbeing,
    wellbeing_value = (wellbeing - prev.wellbeing0) * prev.pop * A.wellby_value / 1e6,
    income_gap = false,                              -- set by settle
    -- carried forward
    gva0 = prev.gva0, income0 = prev.income0, leak = prev.leak,
    intensity = prev.intensity, wellbeing0 = prev.wellbeing0,
    gdhi0 = prev.gdhi0, imd = prev.imd, pop = prev.pop, who = prev.who,
    land_take = prev.land_take,
    hunted = hunted, own = own, in_deprived = prev.in_deprived,
    in_affluent = prev.in_affluent,
  }
end

-- Each place's share of its people in England's most deprived fifth
-- (by IMD score, population-weighted; the place on the boundary in part)
-- and in the least deprived fifth. Worked out once, carried in the states.
local function fifths(states)
  local order, total = {}, 0
  for i, id in ipairs(AREAS) do order[i] = id; total = total + states[id].pop end
  table.sort(order, function(a, b)
    local x, y = states[a].imd, states[b].imd
    if x ~= y then return x > y end
    return a < b
  end)
  local want = total * A.fifth
  local function mark(first, last, stepv, key)
    local got = 0
    for k = first, last, stepv do
      local st = states[order[k]]
      local take = min(st.pop, want - got)
      if take <= 0 then break end
      st[key] = take / st.pop
      got = got + take
    end
  end
  for _, id in ipairs(AREAS) do
    states[id].in_deprived, states[id].in_affluent = 0, 0
  end
  mark(1, #order, 1, "in_deprived")
  mark(#order, 1, -1, "in_affluent")
end

local function check(st)
  local who = st.who
  ap.check(who, "gva", st.gva, 0, 1e7)
  ap.check(who, "emissions", st.emissions, 0, 1e6)
  ap.check(who, "nature", st.nature, 0, 1e3)
  ap.check(who, "local_ownership", st.local_ownership, 0, 100)
  ap.check(who, "profits_kept", st.profits_kept, 0, st.profits + 1e-9)
  ap.check(who, "wellbeing", st.wellbeing, 0, 10)
end

function settle(year, states, L)
  if states[AREAS[1]].in_deprived == nil then fifths(states) end
  local dn, dd, an, ad = 0, 0, 0, 0
  for _, id in ipairs(AREAS) do
    local st = states[id]
    local wd, wa = st.in_deprived * st.pop, st.in_affluent * st.pop
    dn, dd = dn + wd * st.gdhi_per_head, dd + wd
    an, ad = an + wa * st.gdhi_per_head, ad + wa
  end
  local gap = (an / ad) / (dn / dd)
  for _, id in ipairs(AREAS) do
    local st = states[id]
    st.income_gap = gap
    check(st)
  end
end
