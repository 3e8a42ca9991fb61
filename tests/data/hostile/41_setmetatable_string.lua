-- attack: give strings a new metatable. expect: setmetatable takes tables only.
setmetatable("", { __index = function() return "pwned" end })
return { x = 1 }
