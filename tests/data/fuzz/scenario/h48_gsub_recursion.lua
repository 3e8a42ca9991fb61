scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: recursion through a C function (gsub calling back into Lua). expect: "C stack overflow" with the line.
local function f(s) return (s:gsub(".", f)) end
return { x = #f("ab") }
end
