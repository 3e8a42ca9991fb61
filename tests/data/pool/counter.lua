scenario { title = "Counter", baseline = "areas.csv", id = "code",
  start = 2025, years = 4 }
lever "k" { kind = "slider", min = 0, max = 10, step = 1 }
output "global" { }
output "upvalue" { }
local calls = 0
function project(area, prev, L, year)
  COUNT = (COUNT or 0) + 1
  calls = calls + 1
  return { global = COUNT, upvalue = calls + L.k }
end
