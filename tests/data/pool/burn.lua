scenario { title = "Burn", baseline = "one.csv", id = "code",
  start = 2025, years = 1 }
assume "n" { value = 1000 }
output "v" { }
function project(area, prev, L, year)
  local s = 0
  for i = 1, A.n do s = s + i % 7 end
  return { v = s }
end
