scenario { title = "Pool", baseline = "areas.csv", id = "code",
  start = 2025, years = 6 }
assume "g" { value = 0.02 }
lever "rate" { kind = "slider", min = 0, max = 1, step = 0.1,
  default = 0.3 }
lever "mode" { kind = "choice", options = { "a", "b", "c" } }
lever "boost" { kind = "toggle" }
lever "pot" { kind = "split", parts = { {"x", 60}, {"y", 40} } }
output "v" { }
output "w" { total = "mean" }
output "r" { total = "none" }
function project(area, prev, L, year)
  local v = (prev.v or area.pop) * (1 + A.g + L.rate / 10)
  if L.mode == "b" then v = v * 1.01
  elseif L.mode == "c" then v = v - 3 end
  if L.boost then v = v + 7 end
  return { v = v, w = L.pot.x * area.pop / 100 + year / 3,
    r = math.random() * 2.0 }
end
