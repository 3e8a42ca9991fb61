-- A lever shown in percent, a national figure and an output where lower
-- is better, for the screen's prompt and framing tests.
scenario {
  title = "Prompt test", description = "Five areas.",
  baseline = "areas.csv", start = 2020, years = 3,
}

assume "noise" {
  value = 0, unit = "kt", label = "Noise in emissions",
  source = "made up for the tests",
  distribution = { kind = "normal", mean = 0, sd = 10 },
}

lever "share" {
  kind = "slider", label = "Local share", group = "Money",
  min = 0.8, max = 1, step = 0.025, default = 0.925, display = "percent",
}
lever "cut" {
  kind = "slider", label = "Cut", group = "Money",
  min = 0, max = 50, step = 5, default = 0, unit = "kt",
}

output "emissions" { label = "Emissions", unit = "kt", better = "lower",
  estimate = "guessed" }
output "rate" { label = "National rate", unit = "%", total = "mean" }
output "guessed" { label = "Emissions estimated (1 = yes)", unit = "",
  better = "neither" }

function project(area, prev, L, year)
  return { emissions = area.pop / 100 - L.cut + A.noise, rate = 100 * L.share,
    guessed = area.name == "Ashby" and 1 or 0 }
end
