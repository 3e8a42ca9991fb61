scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- info leak: tostring of tables/functions prints heap addresses (Wikimedia LuaSandbox replaces tostring
-- for this reason: "easy ASLR workaround"). Low severity for a local TUI; note only.
return tostring({}) .. " " .. tostring(print)
end
