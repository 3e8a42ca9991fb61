-- attack: 5000 output declarations: each is checked against the others, and all of them
-- would be copied to the parent.
-- expect: refused after the 1000th, with one message.
scenario { title = "declarations bomb", start = 2025 }
for i = 1, 5000 do output("o" .. i) {} end
function project(area, prev, L, year) return {} end
