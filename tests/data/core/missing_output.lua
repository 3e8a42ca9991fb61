scenario { title = "Missing", baseline = "areas.csv", id = "code", start = 2025, years = 2 }
output "kept" { }
output "lost" { }

function project(area, prev, L, year)
  return { kept = 1 }
end
