scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: stop the collector, then allocate garbage until the host runs out of memory.
-- expect: 'collectgarbage' absent (or only "count"), and a capped lua_Alloc turns this into "not enough memory".
collectgarbage("stop")
local t = {}
for i = 1, 1e8 do t[#t % 1000 + 1] = {i} end
return "survived"
end
