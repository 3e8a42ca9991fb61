-- attack: 900 outputs over 100 years: the results array (areas x years x outputs) would be
-- allocated in the parent process too, and used to abort it. A whole scenario, not a body.
-- expect: refused before the worker starts, naming the memory limit.
scenario { title = "outputs bomb", start = 2025, years = 100 }
for i = 1, 900 do output("o" .. i) {} end
function project(area, prev, L, year) return {} end
