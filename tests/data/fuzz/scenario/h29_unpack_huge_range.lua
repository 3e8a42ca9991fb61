scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: push a huge number of values onto the stack in one C call. expect: "too many results to unpack".
-- (Redis CVE-2025-46817 was an integer overflow in its Lua 5.1 unpack.)
return select("#", table.unpack({}, 1, 1e8))
end
