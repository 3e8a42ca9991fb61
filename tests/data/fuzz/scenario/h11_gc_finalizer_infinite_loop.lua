scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: finalizers (__gc) run with debug hooks disabled (lgc.c GCTM: "stop debug hooks during GC
-- metamethod"), so an instruction-count hook can never stop this loop; it also runs at lua_close().
-- expect: setmetatable wrapper refuses metatables that contain __gc at setmetatable time
-- (5.4 only marks objects for finalization if __gc is present then), plus an OS-level backstop.
setmetatable({}, {__gc = function() while true do end end})
collectgarbage()
return "finalizer registered"
end
