scenario { title = "Crew", baseline = "many.csv", id = "code",
  start = 2025, years = 6 }
assume "g" { value = 0.03 }
lever "tax" { kind = "slider", min = 0, max = 0.5, step = 0.05,
  default = 0.1 }
lever "fail" { kind = "toggle" }
output "pop" { }
output "share" { total = "none" }
output "grant" { }
function project(area, prev, L, year)
  if L.fail and year == 2028 and area.id == "A0150" then
    error("boom in " .. area.id)
  end
  local pop = (prev.pop or area.pop) * (1 + A.g) + math.random()
  return { pop = pop, share = 0, grant = prev.grant or 0,
    tag = area.name, hist = { pop, year } }
end
function settle(year, states, L)
  local total = 0
  for _, id in ipairs(AREAS) do total = total + states[id].pop end
  local pot, n = total * L.tax, 0
  for _ in ipairs(AREAS) do n = n + 1 end
  for _, id in ipairs(AREAS) do
    local st = states[id]
    st.share = st.pop / total
    st.grant = st.grant + pot / n - L.tax * st.pop
    st.pop = st.pop + st.grant * 0.01 + st.hist[2] % 3
  end
end
