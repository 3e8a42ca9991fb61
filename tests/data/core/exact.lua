scenario { title = "Exact", baseline = "areas.csv", id = "code", start = 2020, years = 1 }
output "third" { }
output "tiny" { }
output "sum" { }
output "rnd" { total = "none" }
function project(area, prev, L, year)
  return { third = area.pop / 3, tiny = 1e-300 * area.pop, sum = 0.1 + 0.2,
           rnd = math.random() }
end
