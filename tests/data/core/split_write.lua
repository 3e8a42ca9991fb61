scenario { title = "Writes a split", baseline = "areas.csv", id = "code", start = 2025 }
lever "pot" { kind = "split", parts = { {"x", 50}, {"y", 50} } }
output "v" { }
function project(area, prev, L, year)
  if area.id == "B2" then L.pot.x = 100 end
  return { v = L.pot.x }
end
