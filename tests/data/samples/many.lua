-- Twelve levers: more than attribution runs exactly, so it samples orders.
-- Each adds itself; l1 and l2 also interact.
scenario { title = "Many levers", baseline = "areas.csv", id = "code",
  name = "name", start = 2025, years = 1 }
lever "l1" { kind = "slider", min = 0, max = 10, step = 1, default = 0 }
lever "l2" { kind = "slider", min = 0, max = 10, step = 1, default = 0 }
lever "l3" { kind = "slider", min = 0, max = 10, step = 1, default = 0 }
lever "l4" { kind = "slider", min = 0, max = 10, step = 1, default = 0 }
lever "l5" { kind = "slider", min = 0, max = 10, step = 1, default = 0 }
lever "l6" { kind = "slider", min = 0, max = 10, step = 1, default = 0 }
lever "l7" { kind = "slider", min = 0, max = 10, step = 1, default = 0 }
lever "l8" { kind = "slider", min = 0, max = 10, step = 1, default = 0 }
lever "l9" { kind = "slider", min = 0, max = 10, step = 1, default = 0 }
lever "l10" { kind = "slider", min = 0, max = 10, step = 1, default = 0 }
lever "l11" { kind = "slider", min = 0, max = 10, step = 1, default = 0 }
lever "l12" { kind = "slider", min = 0, max = 10, step = 1, default = 0 }
output "out" { total = "sum" }
function project(area, prev, L, year)
  local s = 0
  for i = 1, 12 do s = s + L["l" .. i] * i end
  return { out = s + L.l1 * L.l2 * area.x0 }
end
