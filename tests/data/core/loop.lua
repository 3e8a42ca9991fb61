scenario { title = "Loop", baseline = "areas.csv", id = "code", start = 2025 }
output "v" { }
function project(area, prev, L, year)
  while true do pcall(function() while true do end end) end
end
