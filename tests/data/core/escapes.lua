-- A script that tries to write terminal escapes through print and errors,
-- and declares more outputs than allowed.
scenario { title = "Escapes", baseline = "areas.csv", id = "code", start = 2025 }
for i = 1, 1001 do output ("o" .. i) { } end
function project() print("\27[2J") error("bad \27[31m") end
