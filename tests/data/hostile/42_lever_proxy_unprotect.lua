-- attack: strip the read-only metatable off L. expect: "cannot change a protected metatable".
setmetatable(L, nil)
L.x = 99
return { x = L.x }
