-- A small scenario with round numbers for the workshop screen's tests.
scenario {
  title = "TUI test", description = "Five areas, round numbers.",
  baseline = "areas.csv", start = 2020, years = 5,
}

assume "bonus" {
  value = 100, unit = "jobs", label = "Pilot bonus",
  source = "made up for the tests",
}

lever "invest" {
  kind = "slider", label = "Investment", group = "Money",
  min = 0, max = 100, step = 10, default = 50, unit = "£m",
  description = "Money put in each year; each £1m adds ten jobs a year.",
}
lever "pot" {
  kind = "split", label = "Pot", group = "Money",
  parts = { { "skills", 50 }, { "roads", 50 } },
}
lever "mode" {
  kind = "choice", label = "Mode", group = "Rules",
  options = { "low", "high" }, default = "low",
}
lever "pilot" { kind = "toggle", label = "Pilot", group = "Rules", default = false }

output "jobs" { label = "Jobs", unit = "jobs", total = "sum" }
output "per_head" { label = "Jobs per 100 people", unit = "%", total = "mean" }

function project(area, prev, L, year)
  local add = L.invest * 10 + L.pot.skills * 2
  if L.mode == "high" then add = add * 2 end
  if L.pilot then add = add + A.bonus end
  local jobs = prev.jobs + add
  return { jobs = jobs, per_head = 100 * jobs / area.pop }
end
