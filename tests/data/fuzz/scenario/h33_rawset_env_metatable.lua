scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: tamper with the sandbox env itself (rawset / setmetatable on _ENV). Harmless if the env is a fresh
-- per-scenario table; harmful if one env/global table is shared across scenarios or with host callbacks.
rawset(_ENV, "pcall", function() return true end)
setmetatable(_ENV, {__index = function(_, k) return "ghost " .. k end})
return "env modified"
end
