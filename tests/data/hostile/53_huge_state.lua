-- attack: return a state table with ten million extra fields (carried to next year). expect: memory limit.
local t = { x = 1 }
for i = 1, 1e7 do t[i] = i end
return t
