scenario { title = "Read-only", baseline = "areas.csv", id = "code", start = 2025 }
lever "share" { kind = "slider", min = 0, max = 1, default = 0.5 }
output "v" { }
function project(area, prev, L, year)
  L.share = 1
  return { v = L.share }
end
