-- attack: table.insert(t, 1, v) shifts #t elements inside one C call, and __len may say 1e15.
-- expect: the places shifted are charged to the instruction budget first.
local t = setmetatable({}, { __len = function() return 1e15 end })
table.insert(t, 1, "x")
return { x = 1 }
