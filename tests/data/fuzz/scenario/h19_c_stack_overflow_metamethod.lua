scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: recursion through C boundaries (__index function calling itself via t[k]).
-- expect: "C stack overflow" Lua error (LUAI_MAXCCALLS=200), host fine.
local t = setmetatable({}, {__index = function(t, k) return t[k] end})
return t.x
end
