-- attack: __tostring that calls tostring on itself. expect: "C stack overflow".
local t = setmetatable({}, { __tostring = function(self) return tostring(self) end })
return { x = #tostring(t) }
