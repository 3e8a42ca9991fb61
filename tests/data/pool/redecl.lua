scenario { title = "Redeclare", baseline = "areas.csv",
  id = "code", start = 2025, years = 3 }
lever "again" { kind = "choice", options = { "none", "scenario",
  "output", "newoutput", "lever", "newlever" } }
lever "k" { kind = "slider", min = 0, max = 10, step = 1 }
output "v" { }
function project(area, prev, L, year)
  if year == 2027 and (area.id == "A1" or area.id == "C3") then
    if L.again == "scenario" then
      scenario { title = "Again", start = 2030, years = 1 }
    elseif L.again == "output" then output "v" { }
    elseif L.again == "newoutput" then output "y" { }
    elseif L.again == "lever" then lever "k" { kind = "toggle" }
    elseif L.again == "newlever" and area.id == "C3" then
      lever "x" { kind = "toggle" }
    end
  end
  return { v = (prev.v or area.pop) * (1 + L.k / 100) }
end
