scenario { title = "Hostile", baseline = "areas.csv", id = "code",
  start = 2025, years = 3 }
lever "spin" { kind = "toggle" }
lever "bomb" { kind = "toggle" }
lever "k" { kind = "slider", min = 0, max = 10, step = 1,
  default = 1 }
output "v" { }
function project(area, prev, L, year)
  if L.spin then while true do end end
  if L.bomb then
    local t = {}
    for i = 1, 1e9 do t[i] = string.rep("x", 100000) .. i end
  end
  return { v = (prev.v or area.pop) * (1 + L.k / 100) }
end
