-- attack: pcall/xpcall around an endless loop, and a message handler that loops.
-- expect: the instruction budget cannot be caught.
while true do
  pcall(function() while true do end end)
  xpcall(function() error("x") end, function() while true do end end)
end
