-- attack: a plain find whose every candidate almost matches: quadratic inside one C call.
-- expect: each place tried is charged; stopped by the instruction budget.
local s = string.rep("a", 4e6)
for i = 1, 100 do s:find(string.rep("a", 2e6) .. "b", 1, true) end
return { x = 1 }
