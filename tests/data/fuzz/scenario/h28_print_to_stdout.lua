scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- nuisance: the stock print writes to stdout and corrupts the ncurses screen.
-- expect: host replaces print with a function that appends to a log pane / buffer (with length cap).
print("\27[2J\27[Hsmashed the screen")
return "printed"
end
