-- attack: a finalizer (runs with hooks off). expect: setmetatable refuses __gc.
setmetatable({}, { __gc = function() end })
return { x = 1 }
