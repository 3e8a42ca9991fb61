-- attack: recursion through a C function (gsub calling back into Lua). expect: "C stack overflow" with the line.
local function f(s) return (s:gsub(".", f)) end
return { x = #f("ab") }
