-- single_pot.lua: one pot of local growth money, by formula or by bidding.
--
-- A fixed national pot is shared among England's councils either by a
-- formula (need, population or growth potential) or by competitive
-- bidding, which costs every bidder money, starts a year later, and
-- favours councils with the capacity to bid. Each council's money is
-- split across six themes and handed to partners (local authority,
-- combined authority, growth board, business, voluntary sector), who
-- keep a share for running costs and differ in how much of what they
-- fund would have happened anyway.
--
-- Outcomes follow the Green Book method in lib/appraisal.lua, shared
-- with levelling_up.lua and beyond_gdp.lua: gross jobs, level 3
-- achievements, homes and carbon savings per £m after optimism bias;
-- net of deadweight, leakage, displacement and substitution, times a
-- multiplier, each varying by place; starting after a lag and decaying;
-- valued (GVA at the area's own productivity, pay premium of a level 3,
-- carbon at DESNZ values) and discounted at 3.5% to a net present
-- social value and a benefit-cost ratio for each council and England.
-- doc/appraisal.md explains the method and lists every source.
--
-- Money is in £ million (£m) at 2021 prices unless a unit says otherwise;
-- a year stands for the financial year that starts in it.

local ap = require "lib.appraisal"

scenario {
  title = "Single pot",
  description = "A fixed pot of growth funding allocated to councils by " ..
    "formula or competitive bidding, split across themes and partners; " ..
    "net additional jobs, GVA, skills, homes and carbon after Green Book " ..
    "additionality, with NPSV and BCR per council.",
  baseline = "data/england_la_appraisal.csv",
  id = "code", name = "name",
  start = 2025, years = 15,
}

---------------------------------------------------------------------------
-- Assumptions: this scenario's own first, then the shared ones
---------------------------------------------------------------------------

assume "pot_m" {
  value = 2600, unit = "£m", label = "Size of the pot",
  source = "Illustrative: the order of the UK Shared Prosperity Fund " ..
    "(£2.6bn UK-wide, 2022-23 to 2024-25)",
}
assume "spend_years" {
  value = 3, unit = "years", label = "Years over which the pot is spent",
  source = "Illustrative: a three-year settlement, as UKSPF 2022-25",
}
assume "gva_per_hour_england" {
  value = 36.53, unit = "£", label = "England GVA per hour",
  source = "Population-weighted mean of gva_per_hour_gbp_2021 over the " ..
    "baseline (ONS subregional productivity, 2021)",
  description = "The growth formula weights population by GVA per hour " ..
    "relative to this.",
}
assume "bid_cost_m" {
  value = 0.05, unit = "£m per bid", label = "Cost of one bid",
  source = "Judgement: officer time and consultants for one bid; use " ..
    "local figures",
}
assume "success_rate" {
  value = 0.35, unit = "fraction", label = "Average bid success rate",
  source = "Judgement: competitive rounds such as the Levelling Up Fund " ..
    "funded about a third of bids",
  description = "A council expects to submit 1 / p bids for each award, " ..
    "so its bid costs are bid_cost_m / p a spend year.",
}
assume "capacity_bias" {
  value = 0.5, unit = "ratio", label = "Capacity bias in bidding",
  source = "Judgement: better-resourced (less deprived) councils win " ..
    "more often; 0 = no bias",
  description = "p = success_rate x (1 - capacity_bias x (IMD - imd_mean) " ..
    "/ imd_mean), within 0.05..0.95.",
}
assume "competitive_delay" {
  value = 1, unit = "years", label = "Delay of a competitive round",
  source = "Judgement: prospectus, bidding and assessment take about a " ..
    "year before money flows",
}
assume "appraisal_years" {
  value = 30, unit = "years", label = "Appraisal period",
  source = "Judgement within HM Treasury, The Green Book (2022): the " ..
    "appraisal period should cover the life of the benefits; 30 years " ..
    "for a mixed programme (DfT's TAG uses 60 for transport schemes)",
  description = "npsv_horizon and bcr_horizon count benefits over this " ..
    "many years from the start, past the projection's last year, with " ..
    "every effect still decaying as it does in the projection.",
}
assume "income_elasticity" {
  value = 1.3, unit = "elasticity", label = "Elasticity of the marginal utility of income",
  source = "HM Treasury, The Green Book (2022), Annex A3 para A3.14: " ..
    "1.3, from Layard et al. (2008), The marginal utility of income",
  description = "Distributional weight of a council's benefits = " ..
    "(gdhi_england / its GDHI per head) ^ this; costs, met by taxpayers " ..
    "at large, have weight 1. The Green Book asks for weighted results " ..
    "beside unweighted ones; weighting by area averages is an approximation.",
}
assume "gdhi_england" {
  value = 22208, unit = "£/head", label = "England household income per head",
  source = "Population-weighted mean of gdhi_per_head_gbp_2021 over the " ..
    "baseline (ONS regional gross disposable household income, 2021)",
}
-- Partners: running costs and deadweight relative to the theme's value.
assume "admin_local_authority" { value = 0.05, unit = "fraction", label = "Running costs: local authority",
  source = "Judgement: UKSPF allowed lead authorities up to 4% for administration" }
assume "admin_combined_authority" { value = 0.05, unit = "fraction", label = "Running costs: combined authority",
  source = "Judgement" }
assume "admin_growth_board" { value = 0.07, unit = "fraction", label = "Running costs: growth board / LEP",
  source = "Judgement" }
assume "admin_business" { value = 0.08, unit = "fraction", label = "Running costs: business-led delivery",
  source = "Judgement" }
assume "admin_voluntary" { value = 0.1, unit = "fraction", label = "Running costs: voluntary sector",
  source = "Judgement: small organisations carry higher overheads per £" }
assume "dw_local_authority" { value = 1, unit = "ratio", label = "Deadweight: local authority",
  source = "Judgement: the reference" }
assume "dw_combined_authority" { value = 0.95, unit = "ratio", label = "Deadweight: combined authority",
  source = "Judgement: strategic scale targets what markets do not" }
assume "dw_growth_board" { value = 1.1, unit = "ratio", label = "Deadweight: growth board / LEP",
  source = "Judgement" }
assume "dw_business" { value = 1.25, unit = "ratio", label = "Deadweight: business-led delivery",
  source = "Judgement: support tends to reach firms that would invest anyway " ..
    "(Additionality Guide 2014 on business support)" }
assume "dw_voluntary" { value = 0.8, unit = "ratio", label = "Deadweight: voluntary sector",
  source = "Judgement: reaches people and places markets do not " ..
    "(the growth coalitions argument)" }

-- The shared method's assumptions (lib/appraisal.lua).
ap.declare { "discounting", "additionality", "themes" }
ap.declare { only = { "carbon_value", "hours_per_worker", "fallback_pay", "fallback_nvq3" } }

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
  description = "need: population x IMD score; population: per head; " ..
    "competitive: bidding (expected wins, bid costs, a year's delay); " ..
    "growth: population x GVA per hour.",
  options = { "need", "population", "competitive", "growth" }, default = "need",
}
lever "partners" {
  kind = "split", label = "Delivery partners", group = "Single pot",
  description = "Who spends the money (percent). Where a council is in " ..
    "no combined authority, that share goes to the local authority.",
  parts = { {"local_authority", 40}, {"combined_authority", 20},
            {"growth_board", 10}, {"business", 15}, {"voluntary", 15} },
}

---------------------------------------------------------------------------
-- Outputs
---------------------------------------------------------------------------

output "spend" { label = "Money spent", unit = "£m", total = "sum",
  description = "Money reaching projects this year: award / spend_years in each spend year." }
output "award" { label = "Award over the settlement", unit = "£m", total = "sum" }
output "vs_need" { label = "Award compared with the need formula", unit = "£m", total = "sum",
  description = "Positive: this allocation gives the council more than the need formula would." }
output "gain_vs_need" { label = "Gain against the need formula, net of bid costs", unit = "£m", total = "sum",
  description = "vs_need less the council's bid costs over the whole round: who really wins and loses from bidding." }
output "bid_costs" { label = "Bid costs", unit = "£m", total = "sum", better = "lower" }
output "jobs" { label = "Net additional jobs", unit = "jobs", total = "sum" }
output "gva" { label = "Net additional GVA", unit = "£m/yr", total = "sum" }
output "nvq3plus" { label = "Residents 20-64 qualified to level 3+", unit = "%",
  total = "weighted mean", weight = "pop_20_64_2021" }
output "homes" { label = "Net additional homes", unit = "homes", total = "sum" }
output "carbon_saved" { label = "Emissions saved", unit = "ktCO2e/yr", total = "sum" }
output "pv_benefits" { label = "Present value of benefits to date", unit = "£m", total = "sum" }
output "pv_costs" { label = "Present value of costs to date", unit = "£m", total = "sum",
  better = "lower" }
output "npsv" { label = "Net present social value to date", unit = "£m", total = "sum" }
output "bcr" { label = "Benefit-cost ratio to date", unit = "ratio", total = "none" }
output "npsv_horizon" { label = "NPSV over the appraisal period", unit = "£m", total = "sum",
  description = "Benefits and costs over appraisal_years (default 30), beyond the projection's last year; the same in every year." }
output "bcr_horizon" { label = "BCR over the appraisal period", unit = "ratio", total = "none" }
output "bcr_england_horizon" { label = "BCR over the appraisal period, England", unit = "ratio", total = "mean" }
output "npsv_weighted" { label = "NPSV, distributionally weighted", unit = "£m", total = "sum",
  description = "Benefits weighted by (England / council household income per head) ^ 1.3 (Green Book Annex A3)." }
output "bcr_weighted" { label = "BCR, distributionally weighted", unit = "ratio", total = "none" }
output "bcr_england_weighted" { label = "BCR, England, distributionally weighted", unit = "ratio", total = "mean" }
output "bcr_england" { label = "Benefit-cost ratio, England", unit = "ratio", total = "mean",
  description = "All councils' PV benefits over all their PV costs; the same in every row." }

---------------------------------------------------------------------------
-- Rules
---------------------------------------------------------------------------

local THEMES = ap.THEMES
local PARTNERS = { "local_authority", "combined_authority", "growth_board",
                   "business", "voluntary" }

-- Expected bid success of one council.
local function success(area)
  local p = A.success_rate *
    (1 - A.capacity_bias * (area.imd25_score - A.imd_mean) / A.imd_mean)
  return ap.clamp(p, 0.05, 0.95)
end

-- A council's weight in an allocation.
local function weight(area, how)
  if how == "need" then return area.pop_2021 * area.imd25_score end
  if how == "population" then return area.pop_2021 end
  if how == "growth" then
    return area.pop_2021 * area.gva_per_hour_gbp_2021 / A.gva_per_hour_england
  end
  return area.pop_2021 * success(area)       -- competitive: expected wins
end

-- Partners' running-cost share and deadweight scale for one council.
local function partner_mix(area, L)
  local admin, dw = 0, 0
  for _, k in ipairs(PARTNERS) do
    local share = L.partners[k] / 100
    local who = k
    if k == "combined_authority" and area.ca_code == nil then
      who = "local_authority"
    end
    admin = admin + share * A["admin_" .. who]
    dw = dw + share * A["dw_" .. who]
  end
  return admin, dw
end

function project(area, prev, L, year)
  local st = prev.place and prev or nil
  if st == nil then
    -- First year: everything about the place that does not change.
    local p = ap.place(area, A)
    local admin, dw_mod = partner_mix(area, L)
    local ns = {}
    for i, t in ipairs(THEMES) do ns[i] = ap.net_share(p, t, A, dw_mod) end
    st = {
      who = { id = area.id, name = area.name },
      place = p, ns = ns, admin = admin, dw_mod = dw_mod,
      w = weight(area, L.allocation), w_need = weight(area, "need"),
      bid_p = success(area),
      nvq3_base = area.nvq3plus_pct_2021 or A.fallback_nvq3,
      pop_20_64 = area.pop_20_64_2021,
      pvb = 0, pvc = 0, pvbw = 0,
      dist_weight = (A.gdhi_england / area.gdhi_per_head_gbp_2021) ^ A.income_elasticity,
      -- set by settle; listed so the table is made with room for them
      alloc = false, alloc_need = false, spend = false, award = false,
      vs_need = false, gain_vs_need = false, bid_costs = false, jobs = false, gva = false,
      nvq3plus = false, homes = false, carbon_saved = false,
      pv_benefits = false, pv_costs = false, npsv = false, bcr = false,
      bcr_england = false, npsv_weighted = false, bcr_weighted = false,
      bcr_england_weighted = false, npsv_horizon = false, bcr_horizon = false,
      bcr_england_horizon = false,
    }
  end
  return st
end

-- Years after the start in which money is spent: 1..spend_years, a
-- competitive_delay later for bidding.
local function delay(L)
  return L.allocation == "competitive" and A.competitive_delay or 0
end

-- This year's figures of each theme, the same for every council:
--   share  = the theme's part of the pot
--   active = money acting this year per £ of award (lags, decay)
--   jpm    = gross jobs per £m spent, after optimism bias
local function theme_plan(L, t)
  local plan = {}
  for i, th in ipairs(THEMES) do
    plan[i] = { share = L.themes[th] / 100,
                active = ap.active(th, t - delay(L), A.spend_years, A),
                jpm = ap.gross_jobs_per_m(th, A) }
  end
  return plan
end

-- One council's outcomes in year t (1 = first projection year).
local function outcomes(st, plan, t, L, df)
  local p = st.place
  local d = t - delay(L)
  local spending = d >= 1 and d <= A.spend_years
  st.spend = spending and st.alloc / A.spend_years or 0
  st.bid_costs = (L.allocation == "competitive" and spending)
    and A.bid_cost_m / st.bid_p or 0
  local money = st.alloc * (1 - st.admin)     -- what reaches projects
  local jobs = 0
  for i = 1, #plan do
    local q = plan[i]
    jobs = jobs + money * q.share * q.active * q.jpm * st.ns[i]
  end
  -- skills (theme 1): level 3 achievements, net of deadweight and of
  -- achievers who leave; housing (theme 3): homes net of deadweight;
  -- net zero (theme 6): carbon saved.
  local skills = money * plan[1].share * plan[1].active
  local l3 = skills * ap.level3_per_m(A)
    * (1 - math.min(0.9, A.deadweight_skills * p.dw_scale * st.dw_mod))
    * (1 - p.leak)
  local housing = money * plan[3].share * plan[3].active
  local homes = housing * 1000 / A.cost_per_home / (1 + ap.ob("housing", A))
    * (1 - math.min(0.9, A.deadweight_housing * p.dw_scale * st.dw_mod))
  local nz = money * plan[6].share * plan[6].active
  local carbon = nz * A.carbon_per_m_net_zero / (1 + ap.ob("net_zero", A))
    * (1 - math.min(0.9, A.deadweight_net_zero * p.dw_scale * st.dw_mod))
  st.jobs, st.homes, st.carbon_saved = jobs, homes, carbon / 1000
  st.gva = jobs * p.gva_per_job_m
  st.nvq3plus = math.min(100, st.nvq3_base + l3 / st.pop_20_64 * 100)
  local benefits = st.gva + l3 * A.level3_pay_premium * p.pay_year / 1e6
    + carbon * A.carbon_value / 1e6
  st.pvb = st.pvb + benefits * df
  st.pvc = st.pvc + (st.spend + st.bid_costs) * df
  st.pv_benefits, st.pv_costs = st.pvb, st.pvc
  st.pvbw = st.pvbw + benefits * df * st.dist_weight
  st.npsv = st.pvb - st.pvc
  st.bcr = st.pvc > 0 and st.pvb / st.pvc or 0
  st.npsv_weighted = st.pvbw - st.pvc
  st.bcr_weighted = st.pvc > 0 and st.pvbw / st.pvc or 0
end

-- Present values over the appraisal period per £ of a council's award,
-- the same for every council: W[i] = sum over years t = 1..appraisal_years
-- of theme i's money acting in year t (lags, decay) x the discount
-- factor; C = the discount factors of the spend years summed.
local function horizon(L)
  local W, C = {}, 0
  for i, th in ipairs(THEMES) do
    local w = 0
    for t = 1, A.appraisal_years do
      w = w + ap.active(th, t - delay(L), A.spend_years, A) * ap.discount(t, A)
    end
    W[i] = w
  end
  for t = 1, A.appraisal_years do
    local d = t - delay(L)
    if d >= 1 and d <= A.spend_years then C = C + ap.discount(t, A) end
  end
  return W, C
end

-- One council's NPSV and BCR over the appraisal period: each theme's
-- benefit per £m acting (GVA of its net jobs; for skills the level 3 pay
-- premium too; for net zero the carbon saved) x its share of the money
-- x W; costs are the award and bid costs over the spend years.
local function over_horizon(st, W, C, L)
  local p, money = st.place, st.alloc * (1 - st.admin)
  local dw_mod = st.dw_mod
  local pvb = 0
  for i, th in ipairs(THEMES) do
    local u = ap.gross_jobs_per_m(th, A) * st.ns[i] * p.gva_per_job_m
    if th == "skills" then
      u = u + ap.level3_per_m(A)
        * (1 - math.min(0.9, A.deadweight_skills * p.dw_scale * dw_mod))
        * (1 - p.leak) * A.level3_pay_premium * p.pay_year / 1e6
    elseif th == "net_zero" then
      u = u + A.carbon_per_m_net_zero / (1 + ap.ob("net_zero", A))
        * (1 - math.min(0.9, A.deadweight_net_zero * p.dw_scale * dw_mod))
        * A.carbon_value / 1e6
    end
    pvb = pvb + money * L.themes[th] / 100 * W[i] * u
  end
  local bids = L.allocation == "competitive" and A.bid_cost_m / st.bid_p or 0
  local pvc = (st.alloc / A.spend_years + bids) * C
  st.npsv_horizon = pvb - pvc
  st.bcr_horizon = pvc > 0 and pvb / pvc or 0
  return pvb, pvc
end

-- Invariants, checked every year for every council (WHO names it).
local function check(area, st)
  ap.check(area, "award", st.alloc, 0, A.pot_m)
  ap.check(area, "spend", st.spend, 0, A.pot_m)
  ap.check(area, "jobs", st.jobs, 0, 1e7)
  ap.check(area, "homes", st.homes, 0, 1e7)
  ap.check(area, "nvq3plus", st.nvq3plus, 0, 100)
  ap.check(area, "bcr", st.bcr, 0, 1e3)
  ap.check(area, "bcr_weighted", st.bcr_weighted, 0, 1e3)
  ap.check(area, "bcr_horizon", st.bcr_horizon, 0, 1e3)
end

-- settle: in the first year share the pot by weight (weights are
-- positive, so no award is negative); every year, outcomes.
function settle(year, states, L)
  local ids = AREAS
  if states[ids[1]].alloc == false then
    local wsum, nsum = 0, 0
    for _, id in ipairs(ids) do
      wsum = wsum + states[id].w
      nsum = nsum + states[id].w_need
    end
    for _, id in ipairs(ids) do
      local st = states[id]
      st.alloc = A.pot_m * st.w / wsum
      st.alloc_need = A.pot_m * st.w_need / nsum
      st.award, st.vs_need = st.alloc, st.alloc - st.alloc_need
      local bids = L.allocation == "competitive"
        and A.bid_cost_m / st.bid_p * A.spend_years or 0
      st.gain_vs_need = st.vs_need - bids
    end
    local W, C = horizon(L)
    local hb, hc = 0, 0
    for _, id in ipairs(ids) do
      local b, c = over_horizon(states[id], W, C, L)
      hb, hc = hb + b, hc + c
    end
    for _, id in ipairs(ids) do states[id].bcr_england_horizon = hb / hc end
  end
  local t = year - SCENARIO.start
  local plan, df = theme_plan(L, t), ap.discount(t, A)
  local pvb, pvc, pvbw = 0, 0, 0
  for _, id in ipairs(ids) do
    local st = states[id]
    outcomes(st, plan, t, L, df)
    pvb, pvc, pvbw = pvb + st.pvb, pvc + st.pvc, pvbw + st.pvbw
  end
  local bcr = pvc > 0 and pvb / pvc or 0
  local bcrw = pvc > 0 and pvbw / pvc or 0
  for _, id in ipairs(ids) do
    local st = states[id]
    st.bcr_england, st.bcr_england_weighted = bcr, bcrw
    check(st.who, st)
  end
end
