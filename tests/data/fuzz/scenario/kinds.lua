-- every declaration kind, a settle and outputs of every total, on the fuzz baseline
scenario { title = "Kinds", description = "fuzz seed", id = "id", name = "name",
  start = 2025, years = 3 }
assume "growth" { value = 0.02, unit = "/yr", label = "Growth", source = "seed" }
lever "share" { kind = "slider", label = "Share", min = 0.5, max = 1, step = 0.05,
  default = 0.5, display = "percent", group = "G" }
lever "mode" { kind = "choice", options = { "none", "capped", "flat" }, default = "capped" }
lever "pool" { kind = "toggle", default = true }
lever "pot" { kind = "split", parts = { skills = 60, housing = 40 }, step = 10 }
output "pop" { label = "Population", unit = "people", total = "sum" }
output "emp" { label = "Employment", unit = "%", total = "weighted mean", weight = "pop" }
output "gap" { label = "Gap", total = "none" }
output "avg" { label = "Average", total = "mean" }
function project(area, prev, L, year)
  local g = A.growth * (L.pool and 2 or 1) * L.pot.skills / 100
  local s = { pop = prev.pop * (1 + g), emp = (area.emp or 0.6) * L.share,
    gap = 0, avg = #area.name + (L.mode == "flat" and 1 or 0) }
  for k, v in pairs(L) do s.avg = s.avg + (type(v) == "number" and v or 0) end
  return s
end
function settle(year, states, L)
  local best, worst = -math.huge, math.huge
  for _, id in ipairs(AREAS) do
    best = math.max(best, states[id].pop); worst = math.min(worst, states[id].pop)
  end
  for _, id in ipairs(AREAS) do states[id].gap = best - worst end
  states[AREAS[1]] = { pop = 1, emp = 0.5, gap = 0, avg = math.random() + year - SCENARIO.start }
end
