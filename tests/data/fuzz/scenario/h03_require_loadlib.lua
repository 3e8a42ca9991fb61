scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: load native code via package/require. expect: 'require'/'package' absent.
local f = package.loadlib("libc.so.6", "system")
return f and "got native function" or "no loadlib"
end
