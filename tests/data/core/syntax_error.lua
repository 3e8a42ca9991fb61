scenario { title = "Syntax", baseline = "areas.csv", id = "code", start = 2025 }
output "v" { }
function project(area, prev, L, year)
  return { v = 1 
end
