scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: debug library breaks every sandbox (getregistry, getupvalue/setupvalue, sethook to remove
-- the host's instruction hook, setmetatable on any type). expect: 'debug' absent.
debug.sethook()            -- remove the host's count hook
while true do end
end
