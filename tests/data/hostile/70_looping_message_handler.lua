-- attack: xpcall with a message handler that never returns. When the count hook raises the
-- budget error, Lua calls the handler from inside the hook, where no hook runs, so the
-- handler's loop would never be interrupted (found by fuzz_scenario).
-- expect: the handler is skipped once over budget; the budget error ends the call at once.
while true do
  xpcall(function() error("x") end, function() while true do end end)
end
