scenario { title = "Broken", baseline = "areas.csv", id = "code", start = 2025 }
lever "a" { kind = "dial" }
lever "b" { kind = "slider", min = 5, max = 1 }
lever "c" { kind = "slider", min = 0, max = 1, default = 2 }
lever "d" { kind = "split", parts = { {"x", 50}, {"y", 20} } }
lever "e" { kind = "choice", options = { "p", "q" }, default = "r" }
output "o" { total = "median" }
lever "f" { kind = "toggle", defualt = true }
assume "g" { unit = "%" }
output "o" { }
function project(area, prev, L, year) return { o = 1 } end
