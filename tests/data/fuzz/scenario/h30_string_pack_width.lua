scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: string.pack/format size tricks. expect: Lua errors ("invalid format"/"out of limits") or allocator cap.
local ok1, e1 = pcall(string.pack, "i17", 1)
local ok2, e2 = pcall(string.format, "%099999d", 1)
local ok3, e3 = pcall(string.rep, "x", 1e9, "yy")
return tostring(e1) .. " | " .. tostring(e2) .. " | " .. tostring(e3)
end
