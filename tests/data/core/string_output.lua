scenario { title = "Text", baseline = "areas.csv", id = "code", start = 2025, years = 2 }
output "v" { }
function project(area, prev, L, year)
  if area.id == "B2" then return { v = "12" } end
  return { v = 1 }
end
