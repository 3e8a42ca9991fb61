scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- error object that is a table with a friendly __tostring. expect: the host never calls __tostring,
-- reports the type and the line.
error(setmetatable({}, { __tostring = function() return "pretty" end }))
end
