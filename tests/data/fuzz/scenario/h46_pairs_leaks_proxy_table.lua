scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: pairs() on a read-only proxy used to return the table behind it as its
-- second result, which the script could then write. expect: the second result is the proxy (read-only).
local _, t = pairs(L)
t.x = 99
return { x = L.x }
end
