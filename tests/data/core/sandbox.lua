scenario { title = "Sandbox", baseline = "areas.csv", id = "code", start = 2025, years = 1 }
output "v" { }
function project(area, prev, L, year)
  local n = 0
  for _, name in ipairs { "os", "io", "require", "load", "loadfile", "dofile",
      "debug", "package", "coroutine", "collectgarbage", "rawset" } do
    if _G[name] ~= nil then n = n + 1 end
  end
  if string.dump ~= nil then n = n + 100 end
  if ("").dump ~= nil then n = n + 1000 end
  if math.randomseed ~= nil then n = n + 10000 end
  return { v = n }
end
