scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: coroutines (Debian Lua 5.4.4 segfaults on deep coroutine.close chains).
-- expect: coroutine absent.
local co = coroutine.wrap(function() return 1 end)
return { x = co() }
end
