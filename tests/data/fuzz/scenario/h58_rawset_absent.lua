scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: rawset around a read-only proxy. expect: rawset absent.
rawset(L, "x", 99)
return { x = 1 }
end
