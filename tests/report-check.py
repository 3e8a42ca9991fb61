#!/usr/bin/env python3
# report-check.py: check a report written by `lever report` (or the DOM a
# browser made of it) against `lever run` output for the same settings.
#
#   report-check.py html REPORT.html REF.csv OPT.csv [ESCAPED-TEXT...]
#
# REF.csv and OPT.csv are `lever run` results for the reference and for
# the one option compared. Checks: no scripts, no external resources;
# every table has a caption and every header cell a scope; every chart is
# an <svg role="img"> whose aria-labelledby names its <title> and <desc>;
# one chart per output that has a total; every number in the winners and
# losers tables equals the value lever run gives for that area, output and
# year, and every yearly total equals the sum or the mean over areas (to
# 1e-9; the scenarios checked have no weighted means). Each
# ESCAPED-TEXT must appear in the page's text exactly as written.
#
#   report-check.py svg FILE.svg...     each is well-formed XML with a title
#
# Prints what it checked; exits 1 on the first kind of failure found.
import csv
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.text = []
        self.tables = []      # dicts: output, caption, rows [[cells]]
        self.table = None
        self.row = None
        self.cell = None
        self.output = None
        self.svgs = []        # dicts: attrs, title_id, desc_id
        self.ids = {}
        self.bad = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.stack.append(tag)
        if "id" in a:
            self.ids[a["id"]] = tag
        if tag in ("script", "iframe", "object", "embed", "img", "link",
                   "base", "form", "input", "video", "audio"):
            self.bad.append(tag)
        for k, v in attrs:
            if k.startswith("on"):
                self.bad.append("%s %s" % (tag, k))
            if k in ("src", "href", "xlink:href") or \
                    (v is not None and "url(" in v):
                self.bad.append("%s %s=%s" % (tag, k, v))
        if tag == "section" and "data-output" in a:
            self.output = a["data-output"]
        elif tag == "table":
            self.table = {"output": self.output, "caption": "",
                          "rows": [], "header": []}
            self.tables.append(self.table)
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            if tag == "th" and a.get("scope") not in ("row", "col"):
                fail("a header cell without scope in table '%s'" %
                     self.table["caption"])
            self.cell = {"tag": tag, "text": "", "value": a.get("data-value")}
            self.row.append(self.cell)
        elif tag == "svg":
            self.svgs.append({"attrs": a})

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass
        if tag == "table":
            self.table = None
        elif tag == "tr" and self.row is not None:
            if self.table is not None:
                if all(c["tag"] == "th" for c in self.row):
                    self.table["header"] = [c["text"] for c in self.row]
                else:
                    self.table["rows"].append(self.row)
            self.row = None
        elif tag in ("td", "th"):
            self.cell = None
        elif tag == "section":
            self.output = None

    def handle_data(self, data):
        if self.stack and self.stack[-1] in ("style",):
            return
        self.text.append(data)
        if self.cell is not None:
            self.cell["text"] += data
        if self.stack and self.stack[-1] == "caption" and \
                self.table is not None:
            self.table["caption"] += data


def read_run(path):
    vals = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            vals[(row["id"], int(row["year"]), row["output"])] = \
                float(row["value"])
    return vals


def check_html(path, ref_csv, opt_csv, texts):
    with open(path, encoding="utf-8") as f:
        src = f.read()
    p = Page()
    p.feed(src)
    if p.bad:
        fail("scripts, links or external resources: %s" % p.bad[:5])
    ref, opt = read_run(ref_csv), read_run(opt_csv)
    last = max(k[1] for k in ref)
    outputs = sorted({k[2] for k in ref})
    # charts
    for s in p.svgs:
        lab = s["attrs"].get("aria-labelledby", "").split()
        if s["attrs"].get("role") != "img" or len(lab) != 2 or \
                p.ids.get(lab[0]) != "title" or p.ids.get(lab[1]) != "desc":
            fail("a chart without role=img and a title and desc: %s" %
                 s["attrs"])
    for t in p.tables:
        if not t["caption"].strip():
            fail("a table without a caption")
    print("%d charts, %d tables" % (len(p.svgs), len(p.tables)))
    # winners and losers: Area, Code, reference, option, change
    checked = 0
    for t in p.tables:
        cap = t["caption"]
        if not (cap.startswith("Gain most") or cap.startswith("Lose most")
                or cap.startswith("Largest")):
            continue
        o = t["output"]
        for row in t["rows"]:
            code = row[1]["text"]
            v0, v1, d = (float(row[i]["value"]) for i in (2, 3, 4))
            if v0 != ref[(code, last, o)] or v1 != opt[(code, last, o)]:
                fail("%s %s %s: report %r/%r, lever run %r/%r" %
                     (o, code, last, v0, v1, ref[(code, last, o)],
                      opt[(code, last, o)]))
            if d != v1 - v0:
                fail("%s %s: change %r is not %r" % (o, code, d, v1 - v0))
            checked += 1
    # yearly totals (the outputs summed over areas)
    totals = 0
    for t in p.tables:
        if not t["caption"].endswith("total of all areas by year"):
            continue
        o = t["output"]
        for row in t["rows"]:
            year = int(row[0]["text"])
            for i, run in ((1, ref), (2, opt)):
                if len(row) <= i or row[i]["value"] is None:
                    continue
                got = float(row[i]["value"])
                vals = [v for k, v in run.items()
                        if k[1] == year and k[2] == o]
                want = sum(vals)
                mean = want / len(vals)
                if abs(got - want) > 1e-9 * max(1.0, abs(want)) and \
                        abs(got - mean) > 1e-9 * max(1.0, abs(mean)):
                    fail("%s %d: total %r, lever run's sum %r, mean %r" %
                         (o, year, got, want, mean))
                totals += 1
    print("%d area values and %d totals match lever run" % (checked, totals))
    if checked == 0:
        fail("no winners or losers table to check")
    text = "".join(p.text)
    for s in texts:
        if s not in text:
            fail("the page's text lacks %r" % s)
    return outputs


def check_svg(paths):
    for path in paths:
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as e:
            fail("%s: not well-formed: %s" % (path, e))
            continue
        ns = "{http://www.w3.org/2000/svg}"
        if root.tag != ns + "svg" or root.find(ns + "title") is None or \
                root.find(ns + "desc") is None:
            fail("%s: not an SVG with a title and desc" % path)
    print("%d SVG files" % len(paths))


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "html":
        check_html(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    elif len(sys.argv) >= 3 and sys.argv[1] == "svg":
        check_svg(sys.argv[2:])
    else:
        print(__doc__ if __doc__ else "usage: see the top of this file")
        sys.exit(2)
    sys.exit(1 if failures else 0)
