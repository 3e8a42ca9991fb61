scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: a raw 'load' compiles chunks whose _ENV is the REAL global table, not the sandbox env.
-- expect: 'load' absent, or a wrapper that forces mode "t" and env = sandbox env.
local f = load("return os and os.getenv and 'escaped: real _G reachable' or 'contained'")
return f()
end
