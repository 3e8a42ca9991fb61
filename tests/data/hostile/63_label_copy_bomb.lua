-- attack: one 20 MB string used as the label of 50 outputs: the Lua heap holds it once, but the
-- declarations would copy it into C memory 50 times, and on to the parent.
-- expect: refused: labels and descriptions are limited to 64 KB.
local s = string.rep("x", 2e7)
for i = 1, 50 do output("big" .. i) { label = s } end
return
