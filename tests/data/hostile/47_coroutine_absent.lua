-- attack: coroutines (Debian Lua 5.4.4 segfaults on deep coroutine.close chains).
-- expect: coroutine absent.
local co = coroutine.wrap(function() return 1 end)
return { x = co() }
