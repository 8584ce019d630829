#!/usr/bin/env bash
# DOC: interop -- a real browser (headless Chromium) loads `vpcsim graph --format html`
#
# Usage: tests/interop/graph_html.sh VPCSIM SRCDIR [OUTDIR]
#
# Writes the HTML export of examples/hub-spoke with the spoke-1 -> spoke-2
# trace drawn on it (tcp 443, blocked: the spokes' TGW route table holds
# 10.0.0.0/8 -> blackhole, TGW_RTB_BAD_STATE_ROUTE) into a file, opens it in
# headless Chromium as a file:// URL (--dump-dom, bounded time), and checks
# the DOM Chromium ends with:
#   - every VpcId of the snapshot's Vpcs files (read from the JSON here, not
#     from vpcsim's output) is an element id;
#   - the legend lists the trace's hops 1..N, each edge carries its hops'
#     numbers, N and each
#     hop's component taken from `vpcsim trace --json` of the same flow;
#   - the blocked hop (the one --json says dropped) is on the one edge
#     marked blocked, with its explanation code, and its component's node
#     (the transit gateway) is marked blocked;
#   - a screenshot of the page is saved as OUTDIR/graph-html.png.
# Loopback only (no network at all: a local file); every step has a timeout.
#
# Prints "ok   NAME" or "FAIL NAME: why" per case, then "N cases, M failed".
set -u

. "$(dirname -- "$0")/../lib/cases.sh" # pass, fail, finish; $TMP removed on exit
test_args 3 "graph_html.sh VPCSIM SRCDIR [OUTDIR]" "$@"
need_browser
tmp_dir graph-html

SNAP=examples/hub-spoke
SPOKE1=i-08c1bd499d39fce96
SPOKE2=i-04ffff09bc60e01e3
HTML=$TMP/hub-spoke-trace.html
rc=0
timeout 30 "$VPCSIM" graph "$SNAP" --format html --trace $SPOKE1 $SPOKE2 --port 443 \
	-o "$HTML" 2>"$TMP/graph.err" || rc=$?
# exit 1: the trace's status (not reachable)
if [ "$rc" -ne 1 ] || [ ! -s "$HTML" ]; then
	fail "vpcsim graph --format html --trace writes the page, exit 1" \
		"exit $rc: $(head -c 300 "$TMP/graph.err")"
	finish
fi
pass "vpcsim graph --format html --trace writes the page, exit 1 (blocked flow)"
timeout 30 "$VPCSIM" trace --json "$SNAP" --from $SPOKE1 --to $SPOKE2 --port 443 \
	>"$TMP/trace.json" 2>/dev/null

if dump_dom 5000 "file://$HTML" "chromium dumps the page's DOM (file:// URL)"; then
	python3 - "$TMP/dom.html" "$SNAP" "$TMP/trace.json" >"$TMP/dom.out" 2>&1 <<'PY'
import glob, html.parser, json, os, re, sys
dom, snap, trace = sys.argv[1:4]
vpcs = []
for fn in sorted(glob.glob(os.path.join(snap, "**", "*.json"), recursive=True)):
    d = json.load(open(fn))
    if isinstance(d, dict):
        vpcs += [v["VpcId"] for v in d.get("Vpcs", [])]
fwd = json.load(open(trace))["forward"]
hops = fwd["hops"]
dropped = [h for h in hops if h["action"] == "dropped"]
codes = [e["code"] for e in fwd.get("explanations", [])]

class P(html.parser.HTMLParser):
    """element ids with their classes; the text of each trace edge"""
    def __init__(self):
        super().__init__()
        self.ids, self.edges, self.stack = {}, [], []
        self.legend = {"text": []}
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if "id" in a:
            self.ids[a["id"]] = cls
        if tag == "g":
            cur = None
            if "trace-hop" in cls:
                cur = {"id": a.get("id"), "blocked": "blocked" in cls, "text": []}
                self.edges.append(cur)
            elif a.get("id") == "trace-start":
                cur = self.legend
            self.stack.append(cur)
    def handle_endtag(self, tag):
        if tag == "g" and self.stack:
            self.stack.pop()
    def handle_data(self, d):
        for e in reversed(self.stack):
            if e is not None:
                e["text"].append(d)
                break

p = P()
p.feed(open(dom, encoding="utf-8").read())
missing = [v for v in vpcs if v not in p.ids]
print("vpcs", "ok" if len(vpcs) == 4 and not missing else "of %s missing %s" % (vpcs, missing))
# the legend lists every hop "N. COMPONENT ACTION: ..."; each trace edge
# carries the numbers of its hops ("4", "1-3")
drawn = {}
for t in p.legend["text"]:
    m = re.match(r"\s*(\d+)\. (\S+) (\w+)", t)
    if m:
        drawn[int(m.group(1))] = (m.group(2), m.group(3))
edge_of = {}
for e in p.edges:
    for t in e["text"]:  # the edge's label text, not its <title>
        m = re.fullmatch(r"\s*(\d+)(?:-(\d+))?(?:\s+x\s+\S+)?\s*", t)
        if m:
            for n in range(int(m.group(1)), int(m.group(2) or m.group(1)) + 1):
                edge_of[n] = e
want = {h["seq"]: (h["component"]["id"], h["action"]) for h in hops}
bad = [(n, drawn.get(n), w) for n, w in want.items() if drawn.get(n) != w]
print("hops", "ok" if len(hops) >= 3 and sorted(drawn) == sorted(want) and not bad
      and all(n in edge_of for n in want)
      else "legend %s, want %s, differ %s, on edges %s" % (sorted(drawn), sorted(want), bad,
                                                            sorted(edge_of)))
blocked_edges = [e for e in p.edges if e["blocked"]]
ok = (len(dropped) == 1 and len(blocked_edges) == 1 and dropped[0]["seq"] in edge_of
      and edge_of[dropped[0]["seq"]] is blocked_edges[0])
print("blocked-hop", "ok" if ok else "dropped %s, %d blocked edges" % (
    [h["seq"] for h in dropped], len(blocked_edges)))
text = " ".join(" ".join(e["text"]) for e in blocked_edges)
print("explanation", "ok" if codes and all(c in text for c in codes) else "codes %s, edge text %r" % (codes, text[:200]))
# the dropping component is a TGW route table, drawn on its transit gateway
tgws = [k for k, c in p.ids.items() if "transit-gateway" in c]
print("blocked-node", "ok" if tgws and all("blocked" in p.ids[k] for k in tgws) else
      {k: p.ids[k] for k in tgws})
PY
	expect_ok "$TMP/dom.out" vpcs "the page holds every VpcId of the snapshot's Vpcs files"
	expect_ok "$TMP/dom.out" hops "the trace's hops are drawn numbered, each the component and action trace --json gives"
	expect_ok "$TMP/dom.out" blocked-hop "the dropped hop (trace --json) is on the one edge marked blocked"
	expect_ok "$TMP/dom.out" explanation "the blocked edge names the explanation code (TGW_RTB_BAD_STATE_ROUTE)"
	expect_ok "$TMP/dom.out" blocked-node "the transit gateway is marked blocked on the diagram"
fi

screenshot 5000 "file://$HTML" "$OUTDIR/graph-html.png" "a screenshot of the page"

finish
