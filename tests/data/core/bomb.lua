scenario { title = "Bomb", baseline = "areas.csv", id = "code", start = 2025 }
output "v" { }
function project(area, prev, L, year)
  local s = string.rep("x", 1e10)
  return { v = #s }
end
