-- Attribution: out = a * b is all interaction from the defaults (0, 0),
-- split evenly; sum = a + b + c has none.
scenario { title = "Product", baseline = "areas.csv", id = "code",
  name = "name", start = 2025, years = 2 }
lever "a" { kind = "slider", min = 0, max = 10, step = 1, default = 0 }
lever "b" { kind = "slider", min = 0, max = 10, step = 1, default = 0 }
lever "c" { kind = "toggle" }
lever "mode" { kind = "choice", options = { "x", "y", "z" }, default = "x" }
lever "pot" { kind = "split", parts = { {"p", 50}, {"q", 50} } }
output "prod" { total = "sum" }
output "sum" { total = "sum" }
output "mixed" { total = "mean" }

function project(area, prev, L, year)
  local t = year - 2025
  local c = L.c and 1 or 0
  local m = ({ x = 0, y = 1, z = 2 })[L.mode]
  return {
    prod = L.a * L.b * area.x0,
    sum = L.a + L.b + c,
    mixed = (L.a + 1) * (c + 1) * (m + 1) * L.pot.p / 50 + t * area.x0 * 1e-3 + math.sqrt(L.b + 0.5),
  }
end
