scenario { title = "Writes A in settle", baseline = "areas.csv", id = "code", start = 2025 }
assume "growth" { value = 0.1 }
lever "pot" { kind = "split", parts = { {"x", 50}, {"y", 50} } }
output "v" { }
function project(area, prev, L, year) return { v = A.growth + L.pot.x } end
function settle(year, states, L)
  if year == 2027 then A.growth = 0.5 end
end
