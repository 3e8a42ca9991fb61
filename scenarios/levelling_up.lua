-- levelling_up.lua: the Levelling Up missions' metrics, and the gaps.
--
-- Each council's pay, productivity, employment, skills, healthy life
-- expectancy and wellbeing (ONS Subnational Indicators, in the baseline)
-- move with a national trend plus the effect of extra investment, which
-- can be spread evenly per head or targeted at need. After every year,
-- settle measures the gap between the best and worst places -- the mean of
-- the top tenth of councils divided by the mean of the bottom tenth -- and
-- writes it into every council's results, so "closing the gaps" shows as
-- a line on a chart.
--
-- The effects are simple and illustrative: each is a declared assumption
-- (lever run --set NAME=VALUE) to be replaced by your own evidence.

scenario {
  title = "Levelling Up missions",
  description = "Mission metrics (pay, productivity, employment, skills, " ..
    "healthy life expectancy, wellbeing) projected under investment " ..
    "levers, with the gap between the best and worst places as an output.",
  baseline = "data/england_la.csv",
  id = "code", name = "name",
  start = 2025, years = 10,
}

---------------------------------------------------------------------------
-- Assumptions: trends without extra investment (the same everywhere)
---------------------------------------------------------------------------

assume "trend_productivity" { value = 0.01, unit = "/yr", label = "Trend growth of GVA per hour",
  source = "Illustrative: UK real productivity growth of about 1% a year since 2008 (ONS productivity bulletins)" }
assume "trend_pay" { value = 0.01, unit = "/yr", label = "Trend real pay growth",
  source = "Illustrative: pay follows productivity in the long run" }
assume "trend_skills" { value = 0.5, unit = "pp/yr", label = "Trend rise in NVQ3+ share",
  source = "Illustrative: recent rise in the share of adults qualified to level 3 (ONS Annual Population Survey)" }

---------------------------------------------------------------------------
-- Assumptions: effects of £100 per head per year of extra investment
---------------------------------------------------------------------------

assume "effect_productivity" { value = 0.005, unit = "/yr per £100/head/yr",
  label = "Extra productivity growth",
  source = "Illustrative: 0.5% a year more GVA per hour for £100 a head a year on business and innovation" }
assume "pay_pass_through" { value = 0.7, unit = "ratio", label = "Pay share of productivity gains",
  source = "Illustrative: most, not all, of productivity gains reach median pay" }
assume "effect_skills" { value = 0.3, unit = "pp/yr per £100/head/yr", label = "Extra NVQ3+ rise",
  source = "Illustrative: about £25k per adult achieving level 3" }
assume "emp_per_skills_pp" { value = 0.2, unit = "pp per pp", label = "Employment gain per NVQ3+ point",
  source = "Illustrative: higher qualifications raise employment rates (ONS APS by qualification level)" }
assume "effect_health" { value = 0.05, unit = "years/yr per £100/head/yr", label = "Extra healthy life expectancy",
  source = "Illustrative: prevention and public health spending" }
assume "emp_per_hle_year" { value = 0.3, unit = "pp per year of HLE", label = "Employment gain per year of HLE",
  source = "Illustrative: ill health is a main reason for economic inactivity (ONS Labour Force Survey)" }
assume "wellbeing_per_emp_pp" { value = 0.01, unit = "points per pp", label = "Life satisfaction per employment point",
  source = "Illustrative: employment is strongly linked to life satisfaction (ONS wellbeing)" }
assume "wellbeing_per_hle_year" { value = 0.02, unit = "points per year", label = "Life satisfaction per year of HLE",
  source = "Illustrative" }
assume "max_emp_rate" { value = 90, unit = "%", label = "Ceiling on employment rate",
  source = "Highest council rate in the baseline is 89.2% (ONS APS 2022-23)" }

---------------------------------------------------------------------------
-- Assumptions: where the baseline has no value
---------------------------------------------------------------------------

assume "imd_mean" { value = 21.81, unit = "IMD score", label = "England mean IMD score",
  source = "Population-weighted mean of imd25_score over the baseline (MHCLG IoD 2025; Census 2021)" }
assume "fallback_pay" { value = 587.66, unit = "£/week", label = "Pay where none is published",
  source = "Weighted England mean of median_weekly_pay_gbp_2023 over the baseline (ONS ASHE via Subnational Indicators)" }
assume "fallback_emp" { value = 75.92, unit = "%", label = "Employment rate where none is published",
  source = "Weighted England mean of employment_rate_pct_2022_23 over the baseline (ONS APS)" }
assume "fallback_nvq3" { value = 61.28, unit = "%", label = "NVQ3+ where none is published",
  source = "Weighted England mean of nvq3plus_pct_2021 over the baseline" }
assume "fallback_hle" { value = 63.30, unit = "years", label = "HLE where none is published",
  source = "Weighted England mean of the female and male HLE 2018-20 over the baseline (ONS)" }
assume "fallback_wellbeing" { value = 7.44, unit = "0-10", label = "Life satisfaction where none is published",
  source = "Weighted England mean of life_satisfaction_2022_23 over the baseline (ONS APS wellbeing)" }
assume "gap_fraction" { value = 0.1, unit = "fraction of areas", label = "Top and bottom group size",
  source = "Deciles: the gap compares the top tenth of councils with the bottom tenth" }

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
  parts = { {"productivity", 40}, {"skills", 40}, {"health", 20} },
}

---------------------------------------------------------------------------
-- Outputs
---------------------------------------------------------------------------

output "pay" { label = "Median weekly pay (real)", unit = "£/week",
  total = "weighted mean", weight = "pop_20_64_2021" }
output "gva_per_hour" { label = "GVA per hour (real)", unit = "£", total = "weighted mean", weight = "pop_2021" }
output "emp_rate" { label = "Employment rate 16-64", unit = "%",
  total = "weighted mean", weight = "pop_20_64_2021" }
output "nvq3plus" { label = "NVQ3+ share", unit = "%", total = "weighted mean", weight = "pop_20_64_2021" }
output "hle" { label = "Healthy life expectancy", unit = "years", total = "weighted mean", weight = "pop_2021" }
output "wellbeing" { label = "Life satisfaction", unit = "0-10", total = "weighted mean", weight = "pop_2021" }
output "invest_per_head" { label = "Extra investment", unit = "£/head/yr", total = "weighted mean", weight = "pop_2021" }
output "imputed" { label = "Metrics filled from England means", unit = "count", total = "sum",
  description = "How many of this council's metrics had no published value (they are left out of the gaps)." }
output "pay_gap" { label = "Pay gap (top/bottom tenth)", unit = "ratio", total = "mean",
  description = "Mean pay of the top tenth of councils / mean of the bottom tenth; the same for every council." }
output "productivity_gap" { label = "Productivity gap (top/bottom tenth)", unit = "ratio", total = "mean" }
output "hle_gap" { label = "Healthy life expectancy gap", unit = "years", total = "mean",
  description = "Mean HLE of the top tenth minus the bottom tenth." }
output "emp_gap" { label = "Employment rate gap", unit = "pp", total = "mean" }

---------------------------------------------------------------------------
-- Rules
---------------------------------------------------------------------------

-- Extra investment per head in this area (£/yr).
local function invest_here(area, L)
  if L.targeting == "none" then return 0 end
  if L.targeting == "need" then
    return L.invest * area.imd25_score / A.imd_mean
  end
  return L.invest
end

-- A metric from the baseline, or the fallback (counted in `missing`).
local function base(area, col, fallback, missing)
  local v = area[col]
  if v == nil then missing.n = missing.n + 1; return fallback end
  return v
end

local min = math.min

-- The state is built as one table at the end (cheaper than adding its
-- fields one at a time), so each value is first worked out into a local.
-- `local A = A` makes each A.name below one lookup instead of two (A is
-- only set once the projection starts, so not at the top of the file).
function project(area, prev, L, year)
  local A = A
  -- First year: start from the baseline columns (prev is the baseline row).
  if prev.pay == nil then
    local miss = { n = 0 }
    prev = {
      pay = base(area, "median_weekly_pay_gbp_2023", A.fallback_pay, miss),
      gva_per_hour = area.gva_per_hour_gbp_2021,
      emp_rate = base(area, "employment_rate_pct_2022_23", A.fallback_emp, miss),
      nvq3plus = base(area, "nvq3plus_pct_2021", A.fallback_nvq3, miss),
      hle = (area.hle_female_years_2018_20 and area.hle_male_years_2018_20)
        and (area.hle_female_years_2018_20 + area.hle_male_years_2018_20) / 2
        or base(area, "hle_female_years_2018_20", A.fallback_hle, miss),
      wellbeing = base(area, "life_satisfaction_2022_23", A.fallback_wellbeing, miss),
      imputed = miss.n,
      -- which metrics are real data (used for the gaps)
      has_pay = area.median_weekly_pay_gbp_2023 ~= nil,
      has_emp = area.employment_rate_pct_2022_23 ~= nil,
      has_hle = area.hle_female_years_2018_20 ~= nil,
    }
  end

  -- This year's extra investment, by theme, in units of £100 a head.
  local inv = invest_here(area, L)
  local units = inv / 100
  local mix = L.mix
  local prod_u = units * mix.productivity / 100
  local skills_u = units * mix.skills / 100
  local health_u = units * mix.health / 100

  -- Productivity: trend plus the investment effect.
  local g_prod = A.trend_productivity + A.effect_productivity * prod_u
  local gva_per_hour = prev.gva_per_hour * (1 + g_prod)
  -- Pay: trend plus a share of the extra productivity growth.
  local pay = prev.pay * (1 + A.trend_pay + A.pay_pass_through * A.effect_productivity * prod_u)
  -- Skills: trend rise plus investment, at most 100%.
  local d_skills_extra = A.effect_skills * skills_u
  local nvq3plus = min(100, prev.nvq3plus + A.trend_skills + d_skills_extra)
  -- Healthy life expectancy: investment only (no trend assumed).
  local d_hle = A.effect_health * health_u
  local hle = prev.hle + d_hle
  -- Employment: gains from extra skills and from better health, capped.
  local d_emp = A.emp_per_skills_pp * d_skills_extra + A.emp_per_hle_year * d_hle
  local emp_rate = min(A.max_emp_rate, prev.emp_rate + d_emp)
  -- Wellbeing: follows employment and health, at most 10.
  local wellbeing = min(10, prev.wellbeing
    + A.wellbeing_per_emp_pp * (emp_rate - prev.emp_rate)
    + A.wellbeing_per_hle_year * d_hle)

  return {
    pay = pay, gva_per_hour = gva_per_hour, emp_rate = emp_rate,
    nvq3plus = nvq3plus, hle = hle, wellbeing = wellbeing,
    invest_per_head = inv,
    imputed = prev.imputed,
    has_pay = prev.has_pay, has_emp = prev.has_emp, has_hle = prev.has_hle,
  }
end

-- Mean of the top group of the values in `v` over (or minus) the mean of
-- the bottom group; the groups are the gap_fraction of the values (at
-- least one). Sorts `v`.
local function gap(v, ratio)
  table.sort(v)
  local k = math.max(1, math.floor(#v * A.gap_fraction))
  local lo, hi = 0, 0
  for i = 1, k do
    lo = lo + v[i]
    hi = hi + v[#v - k + i]
  end
  lo, hi = lo / k, hi / k
  if ratio then return hi / lo end
  return hi - lo
end

-- settle: the gaps, measured over all councils with published data, and
-- written into every council's state.
function settle(year, states, L)
  -- One pass over the councils collects each metric where the council has
  -- published data (has_pay, has_hle, has_emp); productivity counts all.
  local pay, prod, hle, emp = {}, {}, {}, {}
  local npay, nprod, nhle, nemp = 0, 0, 0, 0
  for _, st in pairs(states) do
    if st.has_pay then npay = npay + 1; pay[npay] = st.pay end
    nprod = nprod + 1; prod[nprod] = st.gva_per_hour
    if st.has_hle then nhle = nhle + 1; hle[nhle] = st.hle end
    if st.has_emp then nemp = nemp + 1; emp[nemp] = st.emp_rate end
  end
  local pay_gap, prod_gap = gap(pay, true), gap(prod, true)
  local hle_gap, emp_gap = gap(hle, false), gap(emp, false)
  for _, st in pairs(states) do
    st.pay_gap, st.productivity_gap, st.hle_gap, st.emp_gap =
      pay_gap, prod_gap, hle_gap, emp_gap
  end
end
