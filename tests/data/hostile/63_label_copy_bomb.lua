-- attack: one 20 MB string used as the label of 50 outputs: the Lua heap holds it once, but the
-- declarations copy it into C memory 50 times, past the worker's address-space limit.
-- expect: the worker dies (out of memory, abort); the parent reports it and carries on.
local s = string.rep("x", 2e7)
for i = 1, 50 do output("big" .. i) { label = s } end
return
