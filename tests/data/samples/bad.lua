scenario { title = "Bad distributions", baseline = "areas.csv", id = "code",
  name = "name", start = 2025, years = 1 }
assume "a" { value = 1, distribution = { kind = "normal", mean = 1, sd = 0 } }
assume "b" { value = 1, distribution = { kind = "gaussian", mean = 1, sd = 1 } }
assume "c" { value = 1, distribution = { kind = "uniform", min = 2, max = 3 } }
assume "d" { value = 1, distribution = { kind = "triangular", min = 0, mode = 5, max = 3 } }
assume "e" { value = 1, distribution = { kind = "empirical", values = { } } }
assume "f" { value = 1, distribution = { kind = "empirical", values = { 1, "x" } } }
assume "g" { value = 1, distribution = { kind = "normal", mean = 1, sdd = 1 } }
assume "h" { value = -1, distribution = { kind = "lognormal", meanlog = 0, sdlog = 1 } }
assume "i" { value = 1, distribution = "normal" }
assume "j" { value = 1, distribution = { kind = "uniform", min = 0 } }
output "x" { }
function project(area, prev, L, year) return { x = 1 } end
