scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: the host's "budget exceeded" error is an ordinary Lua error, so pcall catches it and the
-- script keeps looping (kikito/lua-sandbox PR #12, Starfall PR #64, trAInsported issue #2).
-- expect: a sticky kill: once over budget, the hook re-raises on every line/instruction
-- (Redis luaMaskCountHook switches to LUA_MASKLINE), so control can never settle inside Lua.
while true do pcall(function() while true do end end) end
end
