-- attack: pairs() on a read-only proxy used to return the table behind it as its
-- second result, which the script could then write. expect: the second result is the proxy (read-only).
local _, t = pairs(L)
t.x = 99
return { x = L.x }
