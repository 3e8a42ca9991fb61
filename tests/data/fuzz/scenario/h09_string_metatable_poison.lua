scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: the metatable of ALL strings is shared by the whole lua_State; its __index is the real
-- 'string' library table. Poisoning it affects later scenarios and host code run in the same state
-- (Redis CVE-2025-46818: "Lua script can be executed in the context of another user").
-- expect: getmetatable("") returns a sentinel (host sets __metatable), or fresh lua_State per scenario.
local mt = getmetatable("")
if type(mt) ~= "table" then return "contained: getmetatable('') = " .. tostring(mt) end
mt.__index.upper = function() return "pwned" end
return ("abc"):upper()
end
