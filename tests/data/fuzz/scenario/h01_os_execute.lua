scenario { title = "hostile", start = 2025, years = 2 }
lever "x" { kind = "slider", min = 0, max = 100, default = 1 }
lever "pot" { kind = "split", parts = { {"skills", 50}, {"housing", 50} } }
assume "y" { value = 1 }
output "x" { label = "X" }
function project(area, prev, L, year)
-- attack: shell out of the sandbox. expect: global 'os' absent (error), nothing executed.
-- ref: every sandbox allowlist (Redis script_lua.c deny list, Wikimedia LuaSandbox library.c, kikito/lua-sandbox)
return os.execute("true")
end
