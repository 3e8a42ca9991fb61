scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: reach the metatable shared by all strings and replace its __index.
-- expect: getmetatable("") is the sentinel "string", so this is an error on a string value.
local mt = getmetatable("")
mt.__index = { upper = function() return "pwned" end }
return { x = 1 }
end
