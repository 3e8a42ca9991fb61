scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: replace shared library functions for whoever runs next in the same state.
-- expect: each scenario gets its own env copy (string/table/math tables copied), or read-only proxies.
string.format = function() return "poisoned" end
table.concat = nil
return "modified shared tables (harmless only if the tables are per-scenario copies)"
end
