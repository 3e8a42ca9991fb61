scenario { title = "Sandbox", baseline = "areas.csv", id = "code", start = 2025, years = 1 }
output "v" { }
function project(area, prev, L, year)
  local n = 0
  for _, name in ipairs { "os", "io", "load", "loadfile", "dofile",
      "debug", "package", "coroutine", "collectgarbage", "rawset" } do
    if _G[name] ~= nil then n = n + 1 end
  end
  if string.dump ~= nil then n = n + 100 end
  if ("").dump ~= nil then n = n + 1000 end
  if math.randomseed ~= nil then n = n + 10000 end
  -- require is lever's own: no standard module, and not from a rule
  if type(require) ~= "function" or pcall(require, "os") then n = n + 10000000 end
  -- pcall and xpcall still work as Lua's own do
  local ok, m = xpcall(function() error("boom", 0) end,
                       function(e) return "handled " .. e end)
  if ok or m ~= "handled boom" then n = n + 100000 end
  local ok2, a, b = pcall(function(x, y) return x + y, x * y end, 2, 3)
  if not ok2 or a ~= 5 or b ~= 6 then n = n + 1000000 end
  return { v = n }
end
