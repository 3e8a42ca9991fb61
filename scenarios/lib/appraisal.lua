-- lib/appraisal.lua: the appraisal method and the assumptions shared by
-- single_pot.lua, levelling_up.lua and beyond_gdp.lua.
--
-- A scenario loads it with
--     local ap = require "lib.appraisal"
--     ap.declare { "additionality", "themes", themes = { "skills" } }
-- which declares the named groups of assumptions below in that scenario
-- (so each is shown on the screen, has its source, and can be changed
-- with --set NAME=VALUE), and then calls the functions at the end. Every
-- value lives here once, so the three scenarios cannot disagree on a
-- unit cost or an effect size. doc/appraisal.md explains the method and
-- lists every source.
--
-- The method (HM Treasury, The Green Book, 2022; Homes and Communities
-- Agency, Additionality Guide, 4th edition, 2014):
--   net additional = gross x (1 - deadweight) x (1 - leakage)
--                    x (1 - displacement) x (1 - substitution) x multiplier
-- where deadweight, leakage, displacement and the multiplier depend on
-- the place (see place() below); effects start after a lag, decay each
-- year after that (persistence), money buys 1 / (1 + optimism bias) of
-- what its plan says, and benefits and costs are discounted at the Green
-- Book's social time preference rate to a net present social value
-- (NPSV) and a benefit-cost ratio (BCR).
--
-- Every value marked "judgement" is one: a choice made for this model,
-- to be replaced by local evidence. "Not found in the guide" marks the
-- additionality factors whose Additionality Guide tables could not be
-- read: they are this model's choices, not the Guide's figures.

local M = {}

-- The six themes money can go to, in the order levers show them.
M.THEMES = { "skills", "transport", "housing", "business", "health", "net_zero" }

---------------------------------------------------------------------------
-- Assumptions, in groups. Each entry: name, value, unit, label, source
-- (and a description where the formula needs one).
---------------------------------------------------------------------------

local GB = "HM Treasury, The Green Book (2022)"
local AG = "Homes and Communities Agency, Additionality Guide, 4th edition (2014)"
-- Where the Guide's tables could not be read (see doc/appraisal.md,
-- "Checked against the Additionality Guide"), a value says so.
local NF = "judgement, not found in the guide"
local DW = "(" .. AG .. ", section 3.4, pp. 19-21, evidence on " ..
  "deadweight from evaluations, not read)"
local OB = "HM Treasury, Supplementary Green Book Guidance: Optimism Bias " ..
  "(Mott MacDonald, Review of Large Public Procurement in the UK, 2002), " ..
  "upper bound for capital expenditure"

M.GROUPS = {
  discounting = {
    { "discount_rate", 0.035, "/yr", "Discount rate, years 1-30",
      GB .. ", social time preference rate: 3.5% a year for years 0-30" },
    { "discount_rate_31", 0.03, "/yr", "Discount rate, years 31-75",
      GB .. ", declining schedule: 3.0% for years 31-75 (2.5% after 75 " ..
      "is built in)" },
  },

  additionality = {
    { "leakage", 0.25, "fraction", "Leakage at the median council's size",
      "Leakage (" .. AG .. ", section 4.2, pp. 22-27): share of benefits " ..
      "going to people outside the target area. 25% is a " .. NF ..
      "'s tables; so is the variation with size",
      "leakage = leakage x (ref_pop / population) ^ leakage_size, kept " ..
      "within 0.05..0.95: small councils lose more jobs to in-commuters." },
    { "leakage_size", 0.3, "elasticity", "How leakage falls with size",
      "Judgement: a council twice the median size leaks about a fifth less" },
    { "ref_pop", 147300, "people", "Median council population",
      "Median of pop_2021 over the 296 councils (ONS Census 2021)" },
    { "displacement", 0.25, "fraction", "Displacement at England's unemployment rate",
      "Displacement (" .. AG .. ", section 4.3, pp. 28-30): share of " ..
      "outputs that take market share or labour from other local firms. " ..
      "25% is a " .. NF .. "'s tables; so is the variation with slack",
      "displacement = displacement x (u_england / u_area) ^ " ..
      "displacement_slack, within 0.05..0.9: where the labour market is " ..
      "tight, new jobs draw workers from existing ones." },
    { "displacement_slack", 0.5, "elasticity", "How displacement falls with slack",
      "Judgement" },
    { "unemployment_england", 3.97, "%", "England unemployment rate",
      "Weighted mean of unemployment_rate_pct_2022_23 over the baseline " ..
      "(ONS Annual Population Survey via the Subnational Indicators); " ..
      "also used where a council has none" },
    { "substitution", 0.05, "fraction", "Substitution",
      "Substitution (" .. AG .. ", section 4.4, pp. 31-32): firms " ..
      "swapping one activity for a similar one to take the support. 5% " ..
      "is a " .. NF .. "'s tables" },
    { "multiplier", 1.3, "ratio", "Composite multiplier at the median council's size",
      "Composite multiplier (" .. AG .. ", section 4.5, pp. 33-36): " ..
      "supply-chain and income effects, larger for larger areas. 1.3 for " ..
      "a median council is a " .. NF .. "'s tables (no range by " ..
      "size of area was found either)",
      "multiplier = 1 + (multiplier - 1) x (1 - leakage here) / (1 - " ..
      "leakage): spending that stays in the area goes round again." },
    { "deadweight_deprivation", 0.3, "elasticity", "How deadweight falls with deprivation",
      "Judgement: in more deprived places less of the outcome would " ..
      "have happened anyway (" .. AG .. ", chapter 3 on the reference " ..
      "case; the elasticity is not from the guide)",
      "deadweight = theme deadweight x (imd_mean / IMD score) ^ this, " ..
      "within 0.5..2 times the theme's value and at most 0.9." },
    { "imd_mean", 21.81, "IMD score", "England mean IMD score",
      "Population-weighted mean of imd25_score over the baseline " ..
      "(MHCLG English Indices of Deprivation 2025; ONS Census 2021)" },
  },

  themes = {
    -- Gross cost per gross job, by theme (£ thousand).
    -- (skills: cost_per_level3 / jobs_per_level3, below)
    { "cost_per_job_transport", 200, "£k/job", "Cost per gross job: transport",
      "Judgement, of the order of the HCA Calculating Cost Per Job " ..
      "best practice note (2015) benchmarks for infrastructure" },
    { "cost_per_job_housing", 125, "£k/job", "Cost per gross job: housing",
      "Judgement: construction and occupation of gap-funded homes" },
    { "cost_per_job_business", 50, "£k/job", "Cost per gross job: business support",
      "Judgement, of the order of the HCA Calculating Cost Per Job " ..
      "best practice note (2015) benchmarks for business support" },
    { "cost_per_job_health", 200, "£k/job", "Cost per gross job: health",
      "Judgement: people helped back into work by prevention and " ..
      "work-and-health programmes" },
    { "cost_per_job_net_zero", 125, "£k/job", "Cost per gross job: net zero",
      "Judgement: retrofit and installation work" },
    -- Deadweight by theme (before the place adjustment).
    { "deadweight_skills", 0.4, "fraction", "Deadweight: skills",
      "Judgement, not found in the guide: much adult training would have happened anyway " .. DW },
    { "deadweight_transport", 0.2, "fraction", "Deadweight: transport",
      "Judgement, not found in the guide: schemes rarely happen without public money " .. DW },
    { "deadweight_housing", 0.25, "fraction", "Deadweight: housing",
      "Judgement, not found in the guide: some gap-funded sites would have been built later " .. DW },
    { "deadweight_business", 0.4, "fraction", "Deadweight: business support",
      "Judgement, not found in the guide: many supported firms would have grown anyway " .. DW },
    { "deadweight_health", 0.3, "fraction", "Deadweight: health",
      "Judgement, not found in the guide " .. DW },
    { "deadweight_net_zero", 0.3, "fraction", "Deadweight: net zero",
      "Judgement, not found in the guide: some owners would have retrofitted anyway " .. DW },
    -- Years from spending to the first effect.
    { "lag_skills", 2, "years", "Lag: skills", "Judgement: courses take one to two years" },
    { "lag_transport", 3, "years", "Lag: transport", "Judgement: schemes take years to build" },
    { "lag_housing", 2, "years", "Lag: housing", "Judgement: build-out time" },
    { "lag_business", 1, "years", "Lag: business support", "Judgement: grants and advice act quickly" },
    { "lag_health", 3, "years", "Lag: health", "Judgement: prevention pays back slowly" },
    { "lag_net_zero", 1, "years", "Lag: net zero", "Judgement: procurement and installation" },
    -- Persistence: the share of an effect lost each year after it starts.
    { "decay_skills", 0.05, "/yr", "Decay: skills",
      "Judgement: qualifications keep most of their value; " .. AG .. ", persistence" },
    { "decay_transport", 0, "/yr", "Decay: transport",
      "Judgement: an asset lasts beyond the horizon; " .. AG .. ", persistence" },
    { "decay_housing", 0, "/yr", "Decay: housing",
      "Judgement: homes last beyond the horizon; " .. AG .. ", persistence" },
    { "decay_business", 0.15, "/yr", "Decay: business support",
      "Judgement: supported firms' extra jobs fade as markets adjust; " .. AG .. ", persistence" },
    { "decay_health", 0.1, "/yr", "Decay: health",
      "Judgement; " .. AG .. ", persistence" },
    { "decay_net_zero", 0.03, "/yr", "Decay: net zero",
      "Judgement: retrofits wear slowly; " .. AG .. ", persistence" },
    -- Optimism bias: money buys 1 / (1 + ob) of what the plan says.
    { "ob_skills", 0.41, "fraction", "Optimism bias: skills", OB .. ": outsourcing, 41%" },
    { "ob_transport", 0.44, "fraction", "Optimism bias: transport", OB .. ": standard civil engineering, 44%" },
    { "ob_housing", 0.24, "fraction", "Optimism bias: housing", OB .. ": standard buildings, 24%" },
    { "ob_business", 0.41, "fraction", "Optimism bias: business support", OB .. ": outsourcing, 41%" },
    { "ob_health", 0.41, "fraction", "Optimism bias: health", OB .. ": outsourcing, 41%" },
    { "ob_net_zero", 0.24, "fraction", "Optimism bias: net zero", OB .. ": standard buildings, 24%" },
    { "ob_mitigation", 0, "fraction", "Optimism bias removed by risk management",
      GB .. ", Annex A5: reduce optimism bias only with evidence that risks " ..
      "are managed; 0 keeps the upper bounds" },
    -- Other unit costs and effects.
    { "cost_per_level3", 25, "£k", "Cost per adult achieving level 3",
      "Judgement: course funding plus support, about £25k per adult " ..
      "achieving a level 3 qualification; the same figure in every scenario" },
    { "jobs_per_level3", 0.1, "jobs", "Gross jobs per level 3 achievement",
      "Judgement informed by DfE, Measuring the net present value of " ..
      "further education in England (employment returns to level 3)" },
    { "level3_pay_premium", 0.08, "fraction of pay", "Pay premium of a level 3",
      "Judgement informed by DfE, Measuring the net present value of " ..
      "further education in England (earnings returns to level 3)" },
    { "cost_per_home", 100, "£k", "Gap funding per additional home",
      "Judgement: public gap funding per home on a brownfield site" },
    { "carbon_per_m_net_zero", 60, "tCO2e/yr per £m", "Emissions saved by net zero money",
      "Judgement: a whole-house retrofit of about £17k saving about 1 " ..
      "tCO2e a year" },
  },

  values = {
    { "carbon_value", 260, "£/tCO2e", "Value of a tonne of CO2e",
      "DESNZ, Valuation of greenhouse gas emissions for policy appraisal " ..
      "and evaluation (2021 series), central value for the mid-2020s, " ..
      "2020 prices (about £241 in 2020 rising to £280 in 2030)" },
    { "wellby_value", 13000, "£", "Value of one WELLBY",
      GB .. ", supplementary guidance Wellbeing guidance for appraisal " ..
      "(2021): one point of life satisfaction for one person for one " ..
      "year, central £13,000 (2019 prices; range £10,000-£16,000)" },
  },

  place = {
    { "hours_per_worker", 1530, "hours/yr", "Hours worked per worker",
      "OECD, average annual hours actually worked per worker, UK (about " ..
      "1,530 in 2022)",
      "GVA per job = the area's GVA per hour (ONS, 2021, workplace) x this." },
    { "gva_per_rv", 29.18, "£ GVA per £ RV", "GVA per £ of rateable value",
      "Calibrated: ONS regional GVA (balanced) by local authority, 2021, " ..
      "for Trafford, Stockport, Bury, Warrington, Cheshire West and " ..
      "Chester and Halton (£45.6bn, as republished by Trafford Data Lab) " ..
      "over their 2023 rateable value (VOA); each council within 13%",
      "Workplace GVA = rateable value x this (x london_rent in London): " ..
      "RV measures the business floorspace where GVA " ..
      "is produced, so the City and Westminster come out large." },
    { "london_rent", 0.8, "ratio", "London adjustment of GVA per £ RV",
      "Judgement: London rents per job are higher, so RV overstates " ..
      "London GVA; 0.8 brings London to about the ONS regional total " ..
      "(about half a trillion pounds in 2021); check against the ONS table" },
    { "fallback_pay", 587.66, "£/week", "Pay where none is published",
      "Weighted England mean of median_weekly_pay_gbp_2023 (ONS ASHE)" },
    { "fallback_emp", 75.92, "%", "Employment rate where none is published",
      "Weighted England mean of employment_rate_pct_2022_23 (ONS APS)" },
    { "fallback_nvq3", 61.28, "%", "NVQ3+ where none is published",
      "Weighted England mean of nvq3plus_pct_2021 (Census 2021)" },
    { "fallback_wellbeing", 7.44, "0-10", "Life satisfaction where none is published",
      "Weighted England mean of life_satisfaction_2022_23 (ONS APS)" },
  },
}

-- The theme an assumption belongs to, from its name's ending, or nil.
local function theme_of(name)
  for _, th in ipairs(M.THEMES) do
    if name:sub(-#th - 1) == "_" .. th then return th end
  end
  return nil
end

---------------------------------------------------------------------------
-- Ranges: how sure the values above are, for the screen's bands (b), its
-- tornado (t) and lever run --samples. Each is a triangular distribution
-- around the value (its mode, so the central run is unchanged). Every
-- range is a judgement, made for this model, except where a source is
-- named; replace them with local evidence as the values.
---------------------------------------------------------------------------

-- A triangle from LO to HI with its peak at the value V.
local function around(lo, hi)
  return function(v) return { kind = "triangular", min = lo, mode = v, max = hi } end
end

M.RANGES = {
  -- additionality (judgement: about the spread of factors evaluations
  -- report; the Guide's tables could not be read)
  leakage = around(0.10, 0.40),
  displacement = around(0.10, 0.50),
  substitution = around(0.00, 0.15),
  multiplier = around(1.10, 1.50),
  -- deadweight by theme: 15 points either side (judgement)
  deadweight_skills = around(0.25, 0.55),
  deadweight_transport = around(0.05, 0.35),
  deadweight_housing = around(0.10, 0.40),
  deadweight_business = around(0.25, 0.55),
  deadweight_health = around(0.15, 0.45),
  deadweight_net_zero = around(0.15, 0.45),
  -- DESNZ publishes low and high carbon value series at half and one and
  -- a half times the central one; the triangle between them is a judgement
  carbon_value = around(130, 390),
  -- the Wellbeing guidance's range, £10,000 to £16,000
  wellby_value = around(10000, 16000),
}

-- The range note added to an assumption's source.
local function range_note(name, d)
  local judged = name ~= "wellby_value"
  return string.format(" Range for bands and the tornado: %s to %s, " ..
    "triangular%s.", d.min, d.max, judged and " (judgement)" or "")
end

-- Declare shared assumptions in the calling scenario, at its top level,
-- once. OPTS lists group names; OPTS.themes, if given, keeps only the
-- theme entries of those themes (a scenario should not show a facilitator
-- assumptions that change nothing); OPTS.only, if given, declares just
-- those names, from any group; OPTS.skip leaves those names out.
function M.declare(opts)
  local keep_theme, only, skip = nil, nil, {}
  for _, n in ipairs(opts.skip or {}) do skip[n] = true end
  if opts.themes then
    keep_theme = {}
    for _, th in ipairs(opts.themes) do keep_theme[th] = true end
  end
  if opts.only then
    only = {}
    for _, n in ipairs(opts.only) do only[n] = true end
  end
  local groups = {}
  for _, g in ipairs(opts) do groups[#groups + 1] = g end
  if only then
    for g in pairs(M.GROUPS) do groups[#groups + 1] = g end
    table.sort(groups)
  end
  local seen = {}
  for _, g in ipairs(groups) do
    local group = M.GROUPS[g]
    if group == nil then error("lib.appraisal: no assumption group " .. g, 2) end
    for _, a in ipairs(group) do
      local th = theme_of(a[1])
      local wanted = (only == nil or only[a[1]]) and
        (keep_theme == nil or th == nil or keep_theme[th])
      if wanted and not seen[a[1]] and not skip[a[1]] then
        local range = M.RANGES[a[1]] and M.RANGES[a[1]](a[2])
        seen[a[1]] = true
        assume(a[1]) { value = a[2], unit = a[3], label = a[4],
                       source = a[5] .. (range and range_note(a[1], range) or ""),
                       description = a[6], distribution = range }
      end
    end
  end
end

---------------------------------------------------------------------------
-- Checks
---------------------------------------------------------------------------

-- Stop the run if V is not a number within LO..HI; names the area.
function M.check(area, what, v, lo, hi)
  if v ~= v or v < lo or v > hi then
    error(string.format("%s (%s): %s = %s is outside %s..%s",
      area.name or "?", area.id or "?", what, tostring(v),
      tostring(lo), tostring(hi)), 1)
  end
  return v
end

local function clamp(x, lo, hi)
  if x < lo then return lo elseif x > hi then return hi end
  return x
end
M.clamp = clamp

---------------------------------------------------------------------------
-- Places
---------------------------------------------------------------------------

-- Workplace GVA (£m, 2021): rateable value x GVA per £ of RV.
function M.workplace_gva(area, A)
  local k = A.gva_per_rv
  if area.region == "London" then k = k * A.london_rent end
  return area.rv_2023_gbp * k / 1e6
end

-- Leakage of one place: the share of its new jobs taken by people who
-- live elsewhere (and so of its wages that leave it).
function M.leakage(area, A)
  return clamp(A.leakage * (A.ref_pop / area.pop_2021) ^ A.leakage_size, 0.05, 0.95)
end

-- The additionality factors of one place (they do not change over time):
--   leak, disp, dw_scale, mult as in the assumptions' descriptions;
--   gva_per_job_m: £m of GVA a year per job at the area's productivity.
function M.place(area, A)
  local leak = M.leakage(area, A)
  local u = area.unemployment_rate_pct_2022_23 or A.unemployment_england
  local disp = clamp(A.displacement * (A.unemployment_england / u)
                     ^ A.displacement_slack, 0.05, 0.9)
  local dw_scale = clamp((A.imd_mean / area.imd25_score)
                         ^ A.deadweight_deprivation, 0.5, 2)
  local mult = clamp(1 + (A.multiplier - 1) * (1 - leak) / (1 - A.leakage), 1, 3)
  return {
    leak = leak, disp = disp, dw_scale = dw_scale, mult = mult,
    gva_per_job_m = area.gva_per_hour_gbp_2021 * A.hours_per_worker / 1e6,
    pay_year = (area.median_weekly_pay_gbp_2023 or A.fallback_pay) * 52,
  }
end

-- Net additional share of a gross output of THEME in place P, with the
-- theme's deadweight scaled by DW_MOD (1 for none: partners change it).
function M.net_share(p, theme, A, dw_mod)
  local dw = math.min(0.9, A["deadweight_" .. theme] * p.dw_scale * (dw_mod or 1))
  return (1 - dw) * (1 - p.leak) * (1 - p.disp) * (1 - A.substitution) * p.mult
end

-- Optimism bias of THEME after mitigation.
function M.ob(theme, A)
  return A["ob_" .. theme] * (1 - A.ob_mitigation)
end

-- Gross jobs per £m of THEME money actually spent, after optimism bias.
-- Skills money buys level 3 achievements, and jobs through them.
function M.gross_jobs_per_m(theme, A)
  local cost = theme == "skills" and A.cost_per_level3 / A.jobs_per_level3
    or A["cost_per_job_" .. theme]
  return 1000 / cost / (1 + M.ob(theme, A))
end

-- Gross level 3 achievements per £m of skills money, after optimism bias.
function M.level3_per_m(A)
  return 1000 / A.cost_per_level3 / (1 + M.ob("skills", A))
end

---------------------------------------------------------------------------
-- Time: lags, persistence and discounting
---------------------------------------------------------------------------

-- Weight of money spent in years 1..spend_years (equal parts) that is
-- acting in year t (1 = the first projection year), for THEME: the sum
-- over spend years s with s + lag <= t of (1 - decay)^(t - s - lag),
-- divided by spend_years. Effect in year t = money x weight x effect/£m.
function M.active(theme, t, spend_years, A)
  local lag = math.max(1, A["lag_" .. theme])
  local keep = 1 - A["decay_" .. theme]
  local w = 0
  for s = 1, spend_years do
    local age = t - s - lag
    if age >= 0 then w = w + keep ^ age end
  end
  return w / spend_years
end

-- A stock of effects fed by a flow that lasts: last year's stock, decayed,
-- plus this year's FLOW once the theme's lag has passed (t is the year,
-- 1 = the first projection year; money spent in year s acts from s + lag,
-- so a flow that starts in year 1 first acts in year 1 + lag).
function M.stock(prev, theme, t, flow, A)
  local lag = math.max(1, A["lag_" .. theme])
  local s = (prev or 0) * (1 - A["decay_" .. theme])
  if t - lag >= 1 then s = s + flow end
  return s
end

-- Is money spent every year acting yet in year t (1 after the lag)?
function M.acting(theme, t, A)
  return t - math.max(1, A["lag_" .. theme]) >= 1 and 1 or 0
end

-- Population-weighted gap between the top and bottom FRACTION of places:
-- VALUES and WEIGHTS are lists of the places with data. The places are
-- sorted by value; the bottom group is the lowest places holding FRACTION
-- of the weight (the place on the boundary counted in part), the top
-- group likewise. Returns the group means hi, lo. (Equal values are
-- merged first, so the sort needs no comparator function.)
function M.gap(values, weights, fraction)
  local wsum, uniq, total = {}, {}, 0
  for i = 1, #values do
    local v, w = values[i], weights[i]
    local had = wsum[v]
    if had == nil then uniq[#uniq + 1] = v; had = 0 end
    wsum[v] = had + w
    total = total + w
  end
  table.sort(uniq)
  local want = total * fraction
  local function mean(first, last, step)
    local got, sum = 0, 0
    for k = first, last, step do
      local v = uniq[k]
      local w = math.min(wsum[v], want - got)
      got, sum = got + w, sum + w * v
      if got >= want then break end
    end
    return sum / got
  end
  return mean(#uniq, 1, -1), mean(1, #uniq, 1)
end

-- Discount factor for year t (t = 1 the first projection year; the start
-- year is year 0 and is not discounted): 3.5% a year to year 30, 3.0%
-- to year 75, 2.5% after.
function M.discount(t, A)
  local r1, r2 = A.discount_rate, A.discount_rate_31
  if t <= 30 then return (1 + r1) ^ -t end
  if t <= 75 then return (1 + r1) ^ -30 * (1 + r2) ^ -(t - 30) end
  return (1 + r1) ^ -30 * (1 + r2) ^ -45 * 1.025 ^ -(t - 75)
end

return M
