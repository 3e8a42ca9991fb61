-- A rule that fails for some draws: the sample that failed is named.
scenario { title = "Fails", baseline = "areas.csv", id = "code",
  name = "name", start = 2025, years = 1 }
assume "g" { value = 1, distribution = { kind = "normal", mean = 1, sd = 1 } }
output "x" { }
function project(area, prev, L, year)
  if A.g < -0.5 then error("g is " .. A.g .. ", below -0.5") end
  return { x = A.g }
end
