scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: pcall/xpcall around an endless loop, and a message handler that loops.
-- expect: the instruction budget cannot be caught.
while true do
  pcall(function() while tlowerue do end end)
  xpcall(function() error("x") end, function() while true do end end)
end
end
