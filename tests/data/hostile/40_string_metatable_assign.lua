-- attack: reach the metatable shared by all strings and replace its __index.
-- expect: getmetatable("") is the sentinel "string", so this is an error on a string value.
local mt = getmetatable("")
mt.__index = { upper = function() return "pwned" end }
return { x = 1 }
