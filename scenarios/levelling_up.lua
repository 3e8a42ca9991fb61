-- levelling_up.lua: the Levelling Up missions' metrics, and their gaps.
--
-- One output per mission metric the baseline has, labelled with the
-- mission and the metric (Levelling Up the United Kingdom, White Paper,
-- DLUHC, February 2022): pay, employment and productivity (mission 1),
-- transport connectivity (3), gigabit broadband (4), KS2 attainment (5),
-- level 3 skills (6), healthy life expectancy (7), wellbeing (8), new
-- homes (10), crime (11) and devolution (12). R&D (2), pride in place (9)
-- and the housing mission's own measures (first-time buyers, non-decent
-- homes) have no local data in the baseline and are left out.
--
-- Extra investment, spread evenly per head or targeted at need, is split
-- across five themes and turned into net additional jobs, level 3
-- achievements, homes and health gains with the unit costs, lags, decay,
-- optimism bias and place-varying additionality of lib/appraisal.lua
-- (the same as single_pot.lua and beyond_gdp.lua). After each year,
-- settle measures every metric's gap between the best and worst places --
-- the mean of the places holding the top tenth of the population over or
-- minus the mean of the bottom tenth -- as outputs ending in _gap, beside
-- the White Paper's 2030 ambitions as outputs ending in _target.
-- doc/appraisal.md explains the method and lists every source.

local ap = require "lib.appraisal"

scenario {
  title = "Levelling Up missions",
  description = "The Levelling Up missions' metrics for every council under " ..
    "investment levers, with the gaps between the best and worst places " ..
    "(population-weighted tenths) against the 2030 ambitions.",
  baseline = "data/england_la_appraisal.csv",
  id = "code", name = "name",
  start = 2025, years = 10,
}

---------------------------------------------------------------------------
-- Assumptions: trends without extra investment (the same everywhere)
---------------------------------------------------------------------------

assume "trend_productivity" { value = 0.01, unit = "/yr", label = "Trend growth of GVA per hour",
  source = "Judgement: UK real productivity growth of about 1% a year since 2008 (ONS productivity bulletins)" }
assume "trend_pay" { value = 0.01, unit = "/yr", label = "Trend real pay growth",
  source = "Judgement: pay follows productivity in the long run" }
assume "trend_skills" { value = 0.5, unit = "pp/yr", label = "Trend rise in the level 3+ share",
  source = "Judgement: recent rise in the share of adults qualified to level 3 (ONS Annual Population Survey)" }
assume "gigabit_closure" { value = 0.2, unit = "/yr", label = "Share of premises without gigabit reached a year",
  source = "Judgement: gigabit coverage rose from about 40% to 78% of " ..
    "premises in 2021-23 (Ofcom Connected Nations); Project Gigabit targets the rest" }

---------------------------------------------------------------------------
-- Assumptions: effects of investment beyond jobs, skills and homes
---------------------------------------------------------------------------

assume "effect_productivity" { value = 0.005, unit = "/yr per £100/head/yr",
  label = "Extra productivity growth from business and transport money",
  source = "Judgement: 0.5% a year more GVA per hour for £100 a head a " ..
    "year of business and transport money once it acts" }
assume "pay_pass_through" { value = 0.7, unit = "ratio", label = "Pay share of productivity gains",
  source = "Judgement: most, not all, of productivity gains reach median pay" }
assume "effect_health" { value = 0.05, unit = "years/yr per £100/head/yr", label = "Extra healthy life expectancy",
  source = "Judgement: prevention and public health spending; larger in " ..
    "deprived places (the deadweight_deprivation scale, inverted)" }
assume "effect_transport" { value = 0.01, unit = "/yr per £100/head/yr",
  label = "Fall in travel time to work from transport money",
  source = "Judgement: 1% a year shorter journeys by public transport " ..
    "for £100 a head a year once schemes open" }
assume "wellbeing_per_emp_pp" { value = 0.01, unit = "points per pp", label = "Life satisfaction per employment point",
  source = "Judgement: employment is strongly linked to life satisfaction (ONS wellbeing)" }
assume "wellbeing_per_hle_year" { value = 0.02, unit = "points per year", label = "Life satisfaction per year of HLE",
  source = "Judgement" }
assume "max_emp_rate" { value = 90, unit = "%", label = "Ceiling on the employment rate",
  source = "Highest council rate in the baseline is 89.2% (ONS APS 2022-23)" }
assume "people_per_dwelling" { value = 2.36, unit = "people", label = "Residents per dwelling",
  source = "Census 2021: average household size in England, 2.36" }
assume "gap_fraction" { value = 0.1, unit = "fraction of population", label = "Top and bottom group size",
  source = "Tenths: the gap compares the places holding the top tenth " ..
    "of England's population with those holding the bottom tenth" }

---------------------------------------------------------------------------
-- Assumptions: where the baseline has no value (England means)
---------------------------------------------------------------------------

assume "fallback_hle" { value = 63.30, unit = "years", label = "HLE where none is published",
  source = "Weighted England mean of the female and male HLE 2018-20 over the baseline (ONS)" }
assume "fallback_ks2" { value = 60.59, unit = "%", label = "KS2 where none is published",
  source = "Weighted England mean of ks2_expected_pct_2022_23 over the " ..
    "upper-tier councils that have it (DfE); shire districts have none" }
assume "fallback_travel" { value = 11.25, unit = "minutes", label = "Travel time where none is published",
  source = "Weighted England mean of travel_mins_pt_walk_2019 (DfT)" }

-- The shared method's assumptions (lib/appraisal.lua), for the five
-- themes this scenario invests in.
ap.declare { "additionality", "themes",
  themes = { "business", "skills", "health", "transport", "housing" },
  skip = { "level3_pay_premium" } }
ap.declare { only = { "hours_per_worker", "fallback_pay", "fallback_emp",
  "fallback_nvq3", "fallback_wellbeing" } }

---------------------------------------------------------------------------
-- Levers
---------------------------------------------------------------------------

lever "invest" {
  kind = "slider", label = "Extra investment", group = "Investment",
  description = "Extra public investment per resident per year, on average over England.",
  min = 0, max = 500, step = 25, default = 100, unit = "£/head/yr",
}
lever "targeting" {
  kind = "choice", label = "Targeting", group = "Investment",
  description = "even: the same per head everywhere; need: in proportion " ..
    "to the IMD score (same England total); none: no extra investment.",
  options = { "even", "need", "none" }, default = "need",
}
lever "mix" {
  kind = "split", label = "Investment mix", group = "Investment",
  parts = { {"business", 30}, {"skills", 30}, {"health", 15},
            {"transport", 15}, {"housing", 10} },
}
lever "devolution" {
  kind = "choice", label = "Devolution deals", group = "Local leadership",
  description = "today: combined authorities as in 2023; all_by_2030: " ..
    "every council in a deal by 2030 (mission 12).",
  options = { "today", "all_by_2030" }, default = "today",
}

---------------------------------------------------------------------------
-- Outputs: the metrics
---------------------------------------------------------------------------

local POP, POP2064 = "pop_2021", "pop_20_64_2021"

output "pay" { label = "M1 Pay: median weekly pay (real)", unit = "£/week",
  total = "weighted mean", weight = POP2064 }
output "emp_rate" { label = "M1 Employment: rate aged 16-64", unit = "%",
  total = "weighted mean", weight = POP2064 }
output "gva_per_hour" { label = "M1 Productivity: GVA per hour (real)", unit = "£",
  total = "weighted mean", weight = POP }
output "travel_mins" { label = "M3 Transport: minutes to an employment centre by public transport or walking",
  unit = "minutes", total = "weighted mean", weight = POP, better = "lower" }
output "gigabit" { label = "M4 Digital: premises with gigabit broadband", unit = "%",
  total = "weighted mean", weight = POP }
output "ks2" { label = "M5 Education: KS2 pupils at the expected standard", unit = "%",
  total = "weighted mean", weight = POP }
output "nvq3plus" { label = "M6 Skills: aged 16-64 qualified to level 3+", unit = "%",
  total = "weighted mean", weight = POP2064 }
output "hle" { label = "M7 Health: healthy life expectancy", unit = "years",
  total = "weighted mean", weight = POP }
output "wellbeing" { label = "M8 Wellbeing: life satisfaction", unit = "0-10",
  total = "weighted mean", weight = POP }
output "housing" { label = "M10 Housing: net additional dwellings per 1,000", unit = "per 1,000",
  total = "weighted mean", weight = POP }
output "crime" { label = "M11 Crime: IMD crime domain score", unit = "score",
  total = "weighted mean", weight = POP, better = "lower" }
output "devolution" { label = "M12 Local leadership: in a devolution deal", unit = "%",
  total = "weighted mean", weight = POP,
  description = "100 for a council in a combined authority (a devolution deal), else 0; the England figure is the share of people covered." }
output "invest_per_head" { label = "Extra investment", unit = "£/head/yr", total = "weighted mean", weight = POP }
output "jobs" { label = "Net additional jobs", unit = "jobs", total = "sum" }
output "imputed" { label = "Metrics filled from England means", unit = "count", total = "sum",
  better = "lower",
  description = "How many of this council's metrics had no published value (they are left out of the gaps)." }

---------------------------------------------------------------------------
-- Outputs: the gaps (the same in every council's row) and the targets
---------------------------------------------------------------------------

-- metric, label, ratio (true: top / bottom; false: top - bottom), unit
local GAPS = {
  { "pay", "Pay gap (top / bottom tenth)", true, "ratio" },
  { "emp_rate", "Employment gap", false, "pp" },
  { "gva_per_hour", "Productivity gap (top / bottom tenth)", true, "ratio" },
  { "travel_mins", "Transport gap", false, "minutes" },
  { "gigabit", "Gigabit gap", false, "pp" },
  { "ks2", "KS2 gap", false, "pp" },
  { "nvq3plus", "Skills gap", false, "pp" },
  { "hle", "Healthy life expectancy gap", false, "years" },
  { "wellbeing", "Wellbeing gap", false, "points" },
  { "housing", "Housing supply gap", false, "per 1,000" },
  { "crime", "Crime gap", false, "score" },
}
for _, g in ipairs(GAPS) do
  g[5] = g[1] .. "_gap"                 -- the output's name
  output(g[5]) { label = g[2], unit = g[4], total = "mean", better = "lower",
    description = "Population-weighted: mean of the places holding the top " ..
      "tenth of people " .. (g[3] and "over" or "minus") .. " the bottom tenth." }
end
-- The gaps the White Paper says must close, with their labels and units.
local CLOSING = { pay = { "pay", "ratio" }, emp_rate = { "employment", "pp" },
  gva_per_hour = { "productivity", "ratio" }, hle = { "healthy life expectancy", "years" },
  wellbeing = { "wellbeing", "points" } }
for _, g in ipairs { "pay", "emp_rate", "gva_per_hour", "hle", "wellbeing" } do
  output(g .. "_gap_target") { label = "Target: " .. CLOSING[g][1] .. " gap below 2025's",
    unit = CLOSING[g][2], total = "mean", better = "neither",
    description = "The White Paper's missions 1, 7 and 8: the gap closes by " ..
      "2030; the line is the 2025 gap, which the _gap output should fall below." }
end
-- The gap and the ambition on one line each, for the chart.
for _, g in ipairs { "pay", "emp_rate", "gva_per_hour", "hle", "wellbeing" } do
  output(g .. "_gap_change") { label = "Change in the " .. CLOSING[g][1] ..
      " gap since 2025 (the mission: below 0 by 2030)",
    unit = CLOSING[g][2], total = "mean", better = "lower",
    description = "The _gap output minus its 2025 value: below zero, the gap is closing." }
end
for _, g in ipairs { { "gigabit", "%" }, { "ks2", "%" }, { "hle", "years" } } do
  output(g[1] .. "_to_target") { label = "Short of the " .. g[1] .. " ambition's path",
    unit = g[2], total = "weighted mean", weight = POP, better = "lower",
    description = "The _target line minus this council's value: 0 or below is on " ..
      "or ahead of the path to the ambition; the England figure is England's shortfall." }
end
output "gigabit_target" { label = "Target: nationwide gigabit by 2030", unit = "%", total = "mean",
  better = "neither", description = "Mission 4: 100% from 2030, a straight line from the 2025 England figure." }
output "ks2_target" { label = "Target: 90% at the KS2 standard by 2030", unit = "%", total = "mean",
  better = "neither", description = "Mission 5: 90% in England by 2030, a straight line from 2025." }
output "hle_target" { label = "Target: healthy life expectancy up 5 years by 2035", unit = "years",
  total = "mean", better = "neither",
  description = "Mission 7: England's HLE 5 years higher by 2035, a straight line from 2025." }
output "devolution_target" { label = "Target: every area that wants one has a deal by 2030",
  unit = "%", total = "mean", better = "neither" }

---------------------------------------------------------------------------
-- Rules
---------------------------------------------------------------------------

local THEMES = { "business", "skills", "health", "transport", "housing" }
local min, max = math.min, math.max

-- Extra investment per head in this area (£/yr).
local function invest_here(area, L)
  if L.targeting == "none" then return 0 end
  if L.targeting == "need" then return L.invest * area.imd25_score / A.imd_mean end
  return L.invest
end

-- The start values: a metric from the baseline, or the fallback
-- (counted in miss.n, and flagged so the gaps leave it out).
local function start(area, A)
  local miss, has = { n = 0 }, {}
  local function base(key, col, fallback)
    local v = area[col]
    if v == nil then miss.n = miss.n + 1; return fallback end
    has[key] = true
    return v
  end
  local hle
  if area.hle_female_years_2018_20 and area.hle_male_years_2018_20 then
    hle = (area.hle_female_years_2018_20 + area.hle_male_years_2018_20) / 2
    has.hle = true
  else
    hle = A.fallback_hle; miss.n = miss.n + 1
  end
  local s = {
    pay = base("pay", "median_weekly_pay_gbp_2023", A.fallback_pay),
    emp_rate = base("emp_rate", "employment_rate_pct_2022_23", A.fallback_emp),
    gva_per_hour = base("gva_per_hour", "gva_per_hour_gbp_2021", 0),
    travel_mins = base("travel_mins", "travel_mins_pt_walk_2019", A.fallback_travel),
    gigabit = base("gigabit", "gigabit_broadband_pct_2023", 0),
    ks2 = base("ks2", "ks2_expected_pct_2022_23", A.fallback_ks2),
    nvq3plus = base("nvq3plus", "nvq3plus_pct_2021", A.fallback_nvq3),
    hle = hle,
    wellbeing = base("wellbeing", "life_satisfaction_2022_23", A.fallback_wellbeing),
    housing = base("housing", "net_additional_dwellings_per_1000_2023", 0),
    crime = base("crime", "imd25_crime_score", 0),
  }
  return s, has, miss.n
end

-- What about a place does not change from year to year, worked out in
-- its first year (and then carried in its state, shared, not copied):
-- the start values, and per theme the net jobs per £m, the lag and the
-- share of the effect kept each year. The first year's "previous" state
-- holds the start values as this year's metrics.
local function setup(area, A)
  local base, has, nmiss = start(area, A)
  local p = ap.place(area, A)
  local f = { imputed = nmiss, has = has, base = base,
    pop = area.pop_2021, pop_20_64 = area.pop_20_64_2021,
    dwellings = area.pop_2021 / A.people_per_dwelling,
    in_ca = area.ca_code ~= nil, who = { id = area.id, name = area.name },
    -- net level 3 achievers per £m of skills money
    l3_per_m = ap.level3_per_m(A) * (1 - min(0.9, A.deadweight_skills * p.dw_scale))
      * (1 - p.leak),
    -- net homes per £m of housing money
    homes_per_m = 1000 / A.cost_per_home / (1 + ap.ob("housing", A))
      * (1 - min(0.9, A.deadweight_housing * p.dw_scale)),
    -- years of healthy life a year per £100 a head of health money
    hle_per_100 = A.effect_health / p.dw_scale,
  }
  for i, th in ipairs(THEMES) do
    f["jpm" .. i] = ap.gross_jobs_per_m(th, A) * ap.net_share(p, th, A)
    f["lag" .. i] = math.max(1, A["lag_" .. th])
    f["keep" .. i] = 1 - A["decay_" .. th]
  end
  local prev = { fixed = f, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0 }
  for k, v in pairs(base) do prev[k] = v end
  return prev
end

function project(area, prev, L, year)
  local A = A
  local t = year - SCENARIO.start
  if prev.fixed == nil then prev = setup(area, A) end
  local f = prev.fixed
  local inv = invest_here(area, L)
  local money = inv * f.pop / 1e6                  -- £m a year
  local mix = L.mix

  -- Each theme's share of the money, and its £ a head a year if acting
  -- yet (money spent every year acts from 1 + lag on).
  local sh1, sh2, sh3 = mix.business / 100, mix.skills / 100, mix.health / 100
  local sh4, sh5 = mix.transport / 100, mix.housing / 100
  local on1, on2, on3 = t - f.lag1 >= 1, t - f.lag2 >= 1, t - f.lag3 >= 1
  local on4, on5 = t - f.lag4 >= 1, t - f.lag5 >= 1

  -- Net additional jobs: a stock per theme, fed every year once the
  -- theme's lag has passed, decaying (as lib/appraisal.lua, stock()).
  local s1 = prev.s1 * f.keep1 + (on1 and money * sh1 * f.jpm1 or 0)
  local s2 = prev.s2 * f.keep2 + (on2 and money * sh2 * f.jpm2 or 0)
  local s3 = prev.s3 * f.keep3 + (on3 and money * sh3 * f.jpm3 or 0)
  local s4 = prev.s4 * f.keep4 + (on4 and money * sh4 * f.jpm4 or 0)
  local s5 = prev.s5 * f.keep5 + (on5 and money * sh5 * f.jpm5 or 0)
  local jobs = s1 + s2 + s3 + s4 + s5

  local bt = (on1 and inv * sh1 or 0) + (on4 and inv * sh4 or 0)
  local gva_per_hour = prev.gva_per_hour
    * (1 + A.trend_productivity + A.effect_productivity * bt / 100)
  local pay = prev.pay * (1 + A.trend_pay
    + A.pay_pass_through * A.effect_productivity * bt / 100)
  -- Level 3: trend, plus this year's net achievers (£25k each before
  -- optimism bias; net of deadweight and of achievers who leave).
  local l3 = on2 and inv * sh2 * f.pop / 1e6 * f.l3_per_m or 0
  local nvq3plus = min(100, prev.nvq3plus + A.trend_skills + l3 / f.pop_20_64 * 100)
  -- Health: larger where deprivation is higher.
  local d_hle = on3 and f.hle_per_100 * inv * sh3 / 100 or 0
  local hle = prev.hle + d_hle
  local emp_rate = min(A.max_emp_rate, f.base.emp_rate + jobs / f.pop_20_64 * 100)
  local wellbeing = min(10, prev.wellbeing
    + A.wellbeing_per_emp_pp * (emp_rate - prev.emp_rate)
    + A.wellbeing_per_hle_year * d_hle)
  local travel_mins = prev.travel_mins
    * (1 - A.effect_transport * (on4 and inv * sh4 or 0) / 100)
  local gigabit = prev.gigabit + A.gigabit_closure * (100 - prev.gigabit)
  -- New homes a year from housing money, per 1,000 dwellings.
  local homes = on5 and inv * sh5 * f.pop / 1e6 * f.homes_per_m or 0
  local housing = f.base.housing + homes / f.dwellings * 1000
  local devolution = (f.in_ca or (L.devolution == "all_by_2030" and year >= 2030))
    and 100 or 0

  return {
    pay = pay, emp_rate = emp_rate, gva_per_hour = gva_per_hour,
    travel_mins = travel_mins, gigabit = gigabit, ks2 = prev.ks2,
    nvq3plus = nvq3plus, hle = hle, wellbeing = wellbeing,
    housing = housing, crime = prev.crime,
    invest_per_head = inv, jobs = jobs, devolution = devolution,
    imputed = f.imputed, fixed = f, s1 = s1, s2 = s2, s3 = s3, s4 = s4, s5 = s5,
    start = prev.start,
    -- set by settle; listed so the table is made with room for them
    pay_gap = false, emp_rate_gap = false, gva_per_hour_gap = false,
    travel_mins_gap = false, gigabit_gap = false, ks2_gap = false,
    nvq3plus_gap = false, hle_gap = false, wellbeing_gap = false,
    housing_gap = false, crime_gap = false,
    pay_gap_target = false, emp_rate_gap_target = false,
    gva_per_hour_gap_target = false, hle_gap_target = false,
    wellbeing_gap_target = false, gigabit_target = false, ks2_target = false,
    hle_target = false, devolution_target = false,
    pay_gap_change = false, emp_rate_gap_change = false,
    gva_per_hour_gap_change = false, hle_gap_change = false,
    wellbeing_gap_change = false, gigabit_to_target = false,
    ks2_to_target = false, hle_to_target = false,
  }
end

-- The gap of one metric over the councils with published data: of this
-- year's values (BASE false) or of 2025's (BASE true).
local function gap_of(states, g, base)
  local vals, wts, n, k = {}, {}, 0, g[1]
  for _, id in ipairs(AREAS) do
    local st = states[id]
    local f = st.fixed
    if f.has[k] then
      n = n + 1
      vals[n] = base and f.base[k] or st[k]
      wts[n] = f.pop
    end
  end
  local hi, lo = ap.gap(vals, wts, A.gap_fraction)
  if g[3] then return hi / lo end
  return hi - lo
end

-- England's population-weighted mean of a metric in 2025.
local function mean_of(states, k)
  local s, w = 0, 0
  for _, id in ipairs(AREAS) do
    local f = states[id].fixed
    if f.has[k] then s, w = s + f.base[k] * f.pop, w + f.pop end
  end
  return s / w
end

local function check(st)
  local who = st.fixed.who
  ap.check(who, "pay", st.pay, 0, 1e5)
  ap.check(who, "emp_rate", st.emp_rate, 0, 100)
  ap.check(who, "gva_per_hour", st.gva_per_hour, 0, 1e4)
  ap.check(who, "travel_mins", st.travel_mins, 0, 1e3)
  ap.check(who, "gigabit", st.gigabit, 0, 100)
  ap.check(who, "ks2", st.ks2, 0, 100)
  ap.check(who, "nvq3plus", st.nvq3plus, 0, 100)
  ap.check(who, "hle", st.hle, 0, 120)
  ap.check(who, "wellbeing", st.wellbeing, 0, 10)
  ap.check(who, "jobs", st.jobs, 0, 1e7)
end

function settle(year, states, L)
  local t = year - SCENARIO.start
  local gaps = {}
  for i, g in ipairs(GAPS) do gaps[i] = gap_of(states, g, false) end
  -- 2025's gaps and means, for the targets: worked out in the first year
  -- and carried in every state (project passes the table on).
  local start = states[AREAS[1]].start
  if start == nil then
    start = { gaps = {}, means = {} }
    for _, g in ipairs(GAPS) do start.gaps[g[1]] = gap_of(states, g, true) end
    for _, k in ipairs { "gigabit", "ks2", "hle" } do start.means[k] = mean_of(states, k) end
  end
  local by2030 = min(1, t / 5)
  local gigabit_target = start.means.gigabit + (100 - start.means.gigabit) * by2030
  local ks2_target = start.means.ks2 + (90 - start.means.ks2) * by2030
  local hle_target = start.means.hle + 5 * min(1, t / 10)
  local sg = start.gaps
  for _, id in ipairs(AREAS) do
    local st = states[id]
    for i = 1, #GAPS do st[GAPS[i][5]] = gaps[i] end
    st.pay_gap_target, st.emp_rate_gap_target = sg.pay, sg.emp_rate
    st.gva_per_hour_gap_target, st.hle_gap_target = sg.gva_per_hour, sg.hle
    st.wellbeing_gap_target = sg.wellbeing
    st.gigabit_target, st.ks2_target, st.hle_target = gigabit_target, ks2_target, hle_target
    st.pay_gap_change = st.pay_gap - sg.pay
    st.emp_rate_gap_change = st.emp_rate_gap - sg.emp_rate
    st.gva_per_hour_gap_change = st.gva_per_hour_gap - sg.gva_per_hour
    st.hle_gap_change = st.hle_gap - sg.hle
    st.wellbeing_gap_change = st.wellbeing_gap - sg.wellbeing
    st.gigabit_to_target = gigabit_target - st.gigabit
    st.ks2_to_target = ks2_target - st.ks2
    st.hle_to_target = hle_target - st.hle
    st.devolution_target = 100
    st.start = start
    check(st)
  end
end
