scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: a 5000-long chain of __index tables. expect: "chain too long" Lua error.
local t = {}
for i = 1, 5000 do t = setmetatable({}, { __index = t }) end
return { x = t.nothing or 1 }
end
