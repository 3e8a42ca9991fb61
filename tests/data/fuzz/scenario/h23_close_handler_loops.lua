scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: to-be-closed variable whose __close never returns, run while unwinding an error.
-- expect: hooks stay active in __close (unlike __gc), so the sticky kill ends it.
do
  local x <close> = setmetatable({}, {__close = function() while true do end end})
  error("unwind")
end
end
