-- attack: the same backtracking through gsub, gmatch and a method call.
-- expect: stopped by the instruction budget, not the wall clock.
local s = string.rep("a", 1e5)
for _ in s:gmatch(".-.-.-b") do end
return { x = select(2, s:gsub(".-.-.-.-b", "")) }
