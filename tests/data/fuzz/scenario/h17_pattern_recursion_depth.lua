scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: deep recursion inside the pattern matcher (C stack). Lua 5.4 caps it (MAXCCALLS) with
-- "pattern too complex"; from lua/lua testes/cstack.lua. expect: ordinary Lua error.
local s = string.rep("a", 2000)
return string.match(s, string.rep(".?", 2000))
end
