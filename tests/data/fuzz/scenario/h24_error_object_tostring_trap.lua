scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: error value is a table whose __tostring loops/errors. A host that calls luaL_tolstring on the
-- error after lua_pcall returned (hook already removed, no protection) hangs or panics.
-- expect: host only formats string errors; other types reported as "(error object of type X)".
error(setmetatable({}, {__tostring = function() while true do end end}))
end
