-- Every lever kind, an assumption and settle, with numbers easy to check.
scenario {
  title = "Core test", baseline = "areas.csv", id = "code", name = "name",
  start = 2025, years = 3,
}
assume "growth" { value = 0.1, unit = "/yr", source = "test" }
lever "share" { kind = "slider", min = 0, max = 1, step = 0.1, default = 0.5,
                display = "percent", group = "G" }
lever "mode" { kind = "choice", options = { "low", "high" }, default = "high" }
lever "bonus" { kind = "toggle" }
lever "pot" { kind = "split", parts = { {"x", 50}, {"y", 30}, {"z", 20} } }
output "rv" { label = "Rateable value", unit = "£", total = "sum" }
output "kept" { total = "mean" }
output "percap" { total = "weighted mean", weight = "pop" }
output "levers" { total = "none" }
output "pooled" { }

function project(area, prev, L, year)
  local rv = (prev.rv or 100) * (1 + A.growth)
  return {
    rv = rv,
    kept = rv * L.share,
    percap = rv / area.pop,
    -- encodes the other levers and the year in one number
    levers = (L.mode == "high" and 1 or 0) + (L.bonus and 10 or 0)
             + L.pot.x * 100 + L.pot.y * 10000 + (year - 2000) * 1e6,
    pooled = 0,
  }
end

-- every area gets the total rv of the year
function settle(year, states, L)
  local total = 0
  for _, id in ipairs(AREAS) do total = total + states[id].rv end
  for _, id in ipairs(AREAS) do states[id].pooled = total end
end
