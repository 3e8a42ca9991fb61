scenario { title = "Escapes", baseline = "areas.csv", id = "code", start = 2025 }
output "v" { }
function project() print("\27[2J") error("bad \27[31m") end
