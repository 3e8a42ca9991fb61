-- attack: a 5000-long chain of __index tables. expect: "chain too long" Lua error.
local t = {}
for i = 1, 5000 do t = setmetatable({}, { __index = t }) end
return { x = t.nothing or 1 }
