#!/bin/sh
# lever report in a real browser: headless Chromium renders the report to
# PNG and to PDF and dumps the DOM it built. The page logs no console
# errors; the DOM has every chart and the tables hold lever run's numbers
# (tests/report-check.py on the DOM); every chart's lines draw a non-empty
# box (measured in a copy of the page with a script added: the report
# itself has none); the PDF is on A4. Skipped where Chromium (Debian:
# apt-get install chromium) or python3 is missing. Needs LEVER, top_srcdir.
set -u
CHROMIUM=${CHROMIUM:-}
if [ -z "$CHROMIUM" ]; then
	for c in chromium chromium-browser google-chrome; do
		if command -v "$c" >/dev/null 2>&1; then
			CHROMIUM=$c
			break
		fi
	done
fi
if [ -z "$CHROMIUM" ] || ! command -v "$CHROMIUM" >/dev/null 2>&1; then
	echo "SKIP: no chromium (Debian: apt-get install chromium): the report" \
	    "is not checked in a browser"
	exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: no python3 to read what the browser made"
	exit 77
fi
. "${top_srcdir:?}/tests/scenario-lib.sh"
workdir browser
S="$top_srcdir/scenarios/business_rates.lua"
CHECK="$top_srcdir/tests/report-check.py"
# browser NAME ARGS... URL: headless Chromium with its own profile; stdout
# and stderr (its log, console messages included) kept in $T
browser() {
	name=$1
	shift
	HOME=$T timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
	    --no-first-run --no-default-browser-check --disable-extensions \
	    --user-data-dir="$T/profile-$name" --enable-logging=stderr --v=0 \
	    "$@" >"$T/$name.out" 2>"$T/$name.err"
	got=$?
	[ "$got" -eq 0 ] || fail "chromium $name: exit status $got:" \
	    "$(tail -c 600 "$T/$name.err")"
}

"$LEVER" run "$S" >"$T/ref.csv" || fail "lever run (reference)"
"$LEVER" run "$S" --set levy_cap=0.25 --set local_share=0.75 \
    >"$T/opt.csv" || fail "lever run (option)"
"$LEVER" report "$S" --set levy_cap=0.25 --set local_share=0.75 \
    -o "$T/r.html" || fail "lever report"
outputs=$(python3 -c 'import csv, sys
print(len({r["output"] for r in csv.DictReader(open(sys.argv[1]))}))' "$T/ref.csv")

# --- the DOM the browser built: the same numbers, no console errors --------
browser dom --dump-dom "file://$T/r.html"
for e in dom; do
	if grep -E 'Uncaught|:CONSOLE|Refused to' \
	    "$T/$e.err" >"$T/$e.console"; then
		fail "chromium $e: console errors: $(head -c 600 "$T/$e.console")"
	fi
done
grep -q '<svg' "$T/dom.out" || fail "dom: no SVG in the rendered page"
n=$(grep -c '<svg' "$T/dom.out")
[ "$n" -eq "$outputs" ] || fail "dom: $n charts, expected $outputs (one per output)"
python3 "$CHECK" html "$T/dom.out" "$T/ref.csv" "$T/opt.csv" \
    "Written by lever" || fail "dom: the page check failed"

# --- every chart draws: its lines' boxes measured in a copy with a script --
sed 's|</body>|<script>\
var out = [];\
document.querySelectorAll("svg.chart").forEach(function (s, i) {\
  var r = s.getBoundingClientRect(), lines = s.querySelectorAll("polyline");\
  var w = 0, h = 0;\
  lines.forEach(function (p) { var b = p.getBBox(); w = Math.max(w, b.width); h = Math.max(h, b.height); });\
  out.push([i, Math.round(r.width), Math.round(r.height), lines.length, Math.round(w), Math.round(h)].join(" "));\
});\
var pre = document.createElement("pre"); pre.id = "measure";\
pre.textContent = out.join("\\n"); document.body.appendChild(pre);\
</script></body>|' "$T/r.html" >"$T/measure.html"
browser measure --dump-dom "file://$T/measure.html"
python3 - "$T/measure.out" "$outputs" <<'EOF' || fail "charts do not all draw"
import re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<pre id="measure">(.*?)</pre>', dom, re.S)
if not m:
    print("FAIL: no measurements in the DOM")
    sys.exit(1)
rows = [r.split() for r in m.group(1).strip().splitlines()]
bad = 0
for i, w, h, n, lw, lh in rows:
    # a chart on screen, two lines (reference and option), and lines that
    # span the years (a flat line has no height, but always a width)
    if int(w) < 300 or int(h) < 150 or int(n) != 2 or int(lw) < 300:
        print("FAIL: chart %s: box %sx%s, %s lines, widest %sx%s" %
              (i, w, h, n, lw, lh))
        bad += 1
print("%d charts measured" % len(rows))
sys.exit(1 if bad or len(rows) != int(sys.argv[2]) else 0)
EOF

# --- PNG and PDF -----------------------------------------------------------
browser png --screenshot="$T/r.png" --window-size=1200,2400 "file://$T/r.html"
if grep -E 'Uncaught|:CONSOLE|Refused to' "$T/png.err" >/dev/null; then
	fail "chromium png: console errors"
fi
python3 - "$T/r.png" <<'EOF' || fail "the screenshot is not a 1200x2400 PNG"
import struct, sys
d = open(sys.argv[1], "rb").read()
ok = d[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", d[16:24]) == (1200, 2400)
print("PNG %d bytes" % len(d))
sys.exit(0 if ok and len(d) > 20000 else 1)
EOF
browser pdf --no-pdf-header-footer --print-to-pdf="$T/r.pdf" "file://$T/r.html"
python3 - "$T/r.pdf" <<'EOF' || fail "the PDF is not on A4 pages"
import re, sys
d = open(sys.argv[1], "rb").read()
boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", d))
pages = len(re.findall(rb"/Type\s*/Page[^s]", d))
print("PDF: %d pages, media boxes %s" % (pages, boxes))
a4 = all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2 for w, h in boxes)
sys.exit(0 if d[:5] == b"%PDF-" and pages >= 2 and boxes and a4 else 1)
EOF

finish
