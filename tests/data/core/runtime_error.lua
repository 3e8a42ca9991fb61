scenario { title = "Runtime", baseline = "areas.csv", id = "code", start = 2025 }
output "v" { }
function project(area, prev, L, year)
  local x = area.rv * 2   -- C3 has no rv
  return { v = x }
end
