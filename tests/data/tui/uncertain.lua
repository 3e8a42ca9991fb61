-- Growth with a known distribution, for the screen's bands, chance column
-- and tornado (tests/tui-uncertainty.sh). Keeping a larger share of the
-- growth is a gain exactly when growth is positive: with growth normal
-- (mean 1%, sd 1%) that is Phi(1) = 84% of worlds. The cost does not
-- depend on the lever: it moves the figure, never the chance.
scenario {
  title = "Uncertainty test", description = "Five areas.",
  baseline = "areas.csv", start = 2020, years = 3,
}

assume "growth" {
  value = 0.01, unit = "/yr", label = "Growth", source = "made up",
  distribution = { kind = "normal", mean = 0.01, sd = 0.01 },
}
assume "cost" {
  value = 100, unit = "£", label = "Running cost", source = "made up",
  distribution = { kind = "uniform", min = 50, max = 150 },
}

lever "share" {
  kind = "slider", label = "Share kept", min = 0, max = 1, step = 0.1,
  default = 0.5, display = "percent",
}

output "kept" { label = "Growth kept", unit = "£", better = "higher" }

function project(area, prev, L, year)
  local t = year - 2020
  return {
    kept = L.share * area.jobs * 1000 * ((1 + A.growth) ^ t - 1) - A.cost,
  }
end
