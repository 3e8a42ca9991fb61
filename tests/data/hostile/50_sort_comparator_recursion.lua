-- attack: table.sort whose comparator sorts again. expect: "C stack overflow".
local function cmp(a, b) table.sort({ 3, 2, 1 }, cmp); return a < b end
table.sort({ 3, 2, 1 }, cmp)
return { x = 1 }
