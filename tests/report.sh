#!/bin/sh
# lever report: the numbers in the report are lever run's; every string
# from a script, a baseline or a session is escaped; tables have captions
# and scoped headers; charts have text alternatives; Markdown's charts are
# well-formed SVG files beside it; the footer's hashes are the files'.
# Needs LEVER and top_srcdir; the page checks need python3.
set -u
. "${top_srcdir:?}/tests/scenario-lib.sh"
workdir report
S="$top_srcdir/scenarios/business_rates.lua"
CHECK="$top_srcdir/tests/report-check.py"
have_python=0
if command -v python3 >/dev/null 2>&1; then
	have_python=1
else
	echo "python3 is not installed: the page checks are skipped"
fi

# --- the default scenario against lever run --------------------------------
run ref 0 run "$S"
run opt 0 run "$S" --set levy_cap=0.25 --set local_share=0.75
run html 0 report "$S" --set levy_cap=0.25 --set local_share=0.75 \
    --date 2026-01-02 -o "$T/r.html"
[ -s "$T/r.html" ] || fail "html: no report written"
if [ "$have_python" = 1 ]; then
	python3 "$CHECK" html "$T/r.html" "$T/ref.out" "$T/opt.out" \
	    "Gain against today's scheme" "Written by lever" ||
	    fail "html: the page check failed"
fi
grep -q '<th scope="row">Local share</th><td>50%</td><td class="changed"><strong>75%</strong></td>' \
    "$T/r.html" || fail "html: the lever table does not show local share 50% -> 75%"
grep -q '@media print' "$T/r.html" || fail "html: no print style"
grep -q 'size:A4' "$T/r.html" || fail "html: no A4 page size"
grep -q 'Written by lever [0-9.]* on 2026-01-02' "$T/r.html" ||
    fail "html: footer lacks the version and --date"
grep -q -- '--set local_share=0.75 --set levy_cap=0.25' "$T/r.html" ||
    fail "html: no lever run command to reproduce the option"
# the footer's hashes are the files'
if command -v sha256sum >/dev/null 2>&1; then
	for f in "$S" "$top_srcdir/scenarios/data/england_nndr.csv"; do
		h=$(sha256sum <"$f" | cut -d' ' -f1)
		grep -q "<td>$h</td>" "$T/r.html" ||
		    fail "html: footer lacks SHA-256 $h of $f"
	done
fi
# same again to standard output: the same page
run stdout 0 report "$S" --set levy_cap=0.25 --set local_share=0.75 \
    --date 2026-01-02
cmp -s "$T/stdout.out" "$T/r.html" || fail "stdout: differs from -o"

# --- hostile text: escaped everywhere --------------------------------------
mkdir "$T/h"
cat >"$T/h/areas.csv" <<'EOF'
code,name,pop
A1,"<img src=x onerror=alert(1)>",100
A2,"Tom & Jerry's ""place""",200
A3,Plain,300
EOF
cat >"$T/h/h.lua" <<'EOF'
scenario {
  title = "<script>alert('title')</script>\194\155", baseline = "areas.csv",
  description = "a </p><iframe src=//evil> b & c",
  id = "code", name = "name", start = 2025, years = 3,
}
assume "g" { value = 0.1, unit = "<u>", label = "<b>growth</b>",
             source = "<a href=javascript:alert(1)>src</a>" }
lever "share" { kind = "slider", label = "<i onmouseover=x>share</i>",
                min = 0, max = 1, step = 0.1, default = 0.5 }
lever "mode" { kind = "choice", options = { "<low>", "</td>high" },
               default = "<low>" }
output "v" { label = "</svg><script>x()</script>", unit = "<em>",
             total = "sum", description = "| pipe | *star* [link](x)" }
output "w" { label = "w", total = "sum", better = "lower" }
function project(area, prev, L, year)
  local v = (prev.v or area.pop) * (1 + A.g) * (L.mode == "<low>" and 1 or 2)
  return { v = v * L.share, w = v }
end
EOF
run hrun0 0 run "$T/h/h.lua"
run hrun1 0 run "$T/h/h.lua" --set share=0.8 --set 'mode=</td>high'
run hostile 0 report "$T/h/h.lua" --set share=0.8 --set 'mode=</td>high' \
    -o "$T/h.html"
for bad in '<script' '<img' '<iframe' '<i ' '<a ' '<b>' '<u>' '<em>' \
    '<low>' '</td>high' "$(printf '\302\233')"; do
	grep -q -F "$bad" "$T/h.html" && fail "hostile: '$bad' reached the page"
done
if [ "$have_python" = 1 ]; then
	python3 "$CHECK" html "$T/h.html" "$T/hrun0.out" "$T/hrun1.out" \
	    "<script>alert('title')</script>" "<img src=x onerror=alert(1)>" \
	    "Tom & Jerry's \"place\"" "<a href=javascript:alert(1)>src</a>" \
	    "</svg><script>x()</script>" "</td>high" ||
	    fail "hostile: the page check failed"
fi
run hostile_md 0 report "$T/h/h.lua" --set share=0.8 -f md -o "$T/hmd.md"
for bad in '<script' '<img' '<iframe' '<low>'; do
	grep -q -F "$bad" "$T/hmd.md" && fail "hostile md: '$bad' reached it"
done
grep -q -F '\| pipe \|' "$T/hmd.md" || fail "hostile md: | not escaped"

# --- Markdown: charts beside it --------------------------------------------
run md 0 report "$S" --set levy_cap=0.25 -f md -o "$T/m.md"
n=$(ls "$T"/m-*.svg 2>/dev/null | wc -l)
[ "$n" -eq 19 ] || fail "md: $n chart files, expected one per output (19)"
grep -q '^!\[Retained rates: total of all areas by year, one line per option\](m-retained.svg)$' \
    "$T/m.md" || fail "md: no image line for m-retained.svg"
grep -q '^| Local share | 50% | \*\*' "$T/m.md" &&
    fail "md: local share changed though only levy_cap was set"
grep -q '^| Levy cap | 50% | \*\*25%\*\* |$' "$T/m.md" ||
    fail "md: the lever table lacks levy cap 50% -> 25%"
if [ "$have_python" = 1 ]; then
	python3 "$CHECK" svg "$T"/m-*.svg || fail "md: bad SVG files"
fi
run md_stdout 2 report "$S" -f md
grep -q 'needs -o' "$T/md_stdout.err" || fail "md to stdout: no message"

# --- fan bands: the quantiles lever run --samples gives ---------------------
G="$top_srcdir/tests/data/samples/growth.lua"
run bands 0 report "$G" --set extra=10 --samples 200 -o "$T/b.html"
n=$(grep -c '<polygon' "$T/b.html")
[ "$n" -eq 8 ] || fail "bands: $n bands, expected 8 (2 outputs x 2 options x 50%, 90%)"
run bandsrun 0 run "$G" --samples 200 --totals
lo=$(awk -F, '$1 == "TOTAL" && $3 == 2029 && $4 == "x" && $5 == "p5" { printf "%.0f", $6 }' "$T/bandsrun.out")
hi=$(awk -F, '$1 == "TOTAL" && $3 == 2029 && $4 == "x" && $5 == "p95" { printf "%.0f", $6 }' "$T/bandsrun.out")
grep -q "<tr><th scope=\"row\">2029</th>.*<td class=\"num\">$lo to $hi</td>" "$T/b.html" ||
    fail "bands: 2029's band of x is not lever run's p5 to p95, $lo to $hi"
grep -q "90% of samples from $lo to $hi" "$T/b.html" ||
    fail "bands: the chart's description lacks the band"
if [ "$have_python" = 1 ]; then
	run bref 0 run "$G"
	run bopt 0 run "$G" --set extra=10
	python3 "$CHECK" html "$T/b.html" "$T/bref.out" "$T/bopt.out" ||
	    fail "bands: the page check failed"
fi
# the scenario without its distributions: no bands to draw
sed '/distribution = {/d' "$S" > "$T/nodist.lua"
run nobands 2 report "$T/nodist.lua" --baseline \
    "$top_srcdir/scenarios/data/england_nndr.csv" --samples 10 -o "$T/n.html"
grep -q 'declares a distribution' "$T/nobands.err" ||
    fail "nobands: no message"

# --- a session's options ---------------------------------------------------
cat >"$T/s.session" <<EOF
lever-session 1
script $S
year -1
focus all
compare Option B
reference Option A
begin current
levy_cap=0.3
end
begin option Option A
local_share=0.75
end
begin option Option B
local_share=0.75
levy_cap=0
end
begin option </table><script>C
levy_cap=0.1
end
end-of-session
EOF
cp "$T/s.session" "$T/s.orig"
run sess 0 report "$S" --session "$T/s.session" -o "$T/s.html"
cmp -s "$T/s.session" "$T/s.orig" || fail "session: the file was changed"
grep -q '<th scope="col">Option A (reference)</th><th scope="col">Option B</th></tr>' \
    "$T/s.html" || fail "session: not Option B against Option A (compared)"
run sopt 0 report "$S" --session "$T/s.session" --option '</table><script>C' \
    --option 'Option B' -o "$T/o.html"
grep -q '<th scope="col">&lt;/table&gt;&lt;script&gt;C</th>' "$T/o.html" ||
    fail "session: --option with markup not shown escaped"
grep -q -F '<script' "$T/o.html" && fail "session: option name not escaped"
run snone 2 report "$S" --session "$T/s.session" --option Nope -o "$T/n.html"
grep -q 'no option of that name' "$T/snone.err" ||
    fail "session: unknown --option not reported"
[ -e "$T/n.html" ] && fail "session: a report written for a bad --option"
run nosess 2 report "$S" --option A -o "$T/n.html"
run badset 2 report "$S" --set levy_cap=7 -o "$T/n.html"
grep -q 'levy_cap' "$T/badset.err" || fail "badset: no message"

finish
