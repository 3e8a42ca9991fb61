scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack on the compiler: deeply nested expression in the scenario source (here built and loaded at run time
-- only if 'load' exists; the same text as a scenario file hits the same limit at load time).
-- expect: "chunk has too many syntax levels" / "C stack overflow" error, never a crash.
if not load then return "no load in sandbox (test the host by loading the generated text directly)" end
return load("return " .. string.rep("(", 1e5) .. "1" .. string.rep(")", 1e5))
end
