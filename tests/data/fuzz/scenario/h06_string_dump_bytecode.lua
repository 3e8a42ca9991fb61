scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: obtain bytecode (string.dump) and load a binary chunk; hand-crafted bytecode is unverified since
-- Lua 5.2 and 'Loading a corrupted binary file can segfault' is a listed 5.4.4 bug.
-- expect: string.dump absent AND every load path text-only (mode "t").
return load(string.dump(function() return 1 end))()
end
