scenario { title = "Split", baseline = "areas.csv",
  id = "code", start = 2025, years = 2 }
for k = 1, 40 do
  local parts = {}
  for i = 1, 1000 do parts[i] = { "p" .. i, 0.1 } end
  lever ("s" .. k) { kind = "split", parts = parts }
end
output "v" { }
function project(area, prev, L, year)
  return { v = (prev.v or area.pop) + L.s1.p1 +
    2 * L.s40.p1000 + L.s20.p500 / 3 }
end
