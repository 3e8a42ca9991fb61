-- A known distribution: growth G = exp(N(0.02, 0.1)) each year, the same G
-- every year of a sample, so x[t] = x0 * G^t is lognormal with meanlog
-- log(x0) + 0.02 t and sdlog 0.1 t. A lever adds a fixed amount, so with
-- common random numbers its effect has no spread at all.
scenario {
  title = "Lognormal growth", baseline = "areas.csv", id = "code",
  name = "name", start = 2025, years = 4,
}
assume "growth" { value = 1.02, unit = "x/yr", source = "test",
  distribution = { kind = "lognormal", meanlog = 0.02, sdlog = 0.1 } }
assume "shock" { value = 0, source = "test",
  distribution = { kind = "normal", mean = 0, sd = 5 } }
assume "tri" { value = 1, distribution = { kind = "triangular", min = 0, mode = 1, max = 4 } }
assume "uni" { value = 2, distribution = { kind = "uniform", min = 1, max = 3 } }
assume "emp" { value = 20, distribution = { kind = "empirical", values = { 30, 10, 20 } } }
assume "fixed" { value = 7 }
lever "extra" { kind = "slider", min = 0, max = 100, step = 1, default = 0 }
lever "double" { kind = "toggle" }
output "x" { total = "sum" }
output "y" { total = "mean" }
output "draws" { total = "none" }

function project(area, prev, L, year)
  local t = year - 2025
  local x = area.x0 * A.growth ^ t
  return {
    x = x,
    y = x + A.shock + L.extra * (L.double and 2 or 1),
    draws = A.tri + 10 * A.uni + 100 * A.emp + 1000 * A.fixed,
  }
end
