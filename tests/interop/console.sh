#!/usr/bin/env bash
# DOC: interop -- a real browser (headless Chromium) drives `vpcsim serve`
#
# Usage: tests/interop/console.sh VPCSIM SRCDIR [OUTDIR]
#
# Starts `vpcsim serve` on examples/two-tier on 127.0.0.1 with a port the
# kernel picks (read from its stderr), then:
#   - the JSON API answers with the CLI's --json documents, byte for byte
#     (curl-free: python3's http.client), and refuses bad requests with 400
#     and a JSON error;
#   - Chromium (--headless --dump-dom, with virtual time so the page's
#     fetches finish) loads the page with a trace in its URL, and the DOM
#     it ends with holds every VPC id of the snapshot (read from its JSON
#     here), the trace's hops, the blocked hop marked (the README's web ->
#     db flow, refused by db-1's security group: ENI_SG_RULES_MISMATCH),
#     and the blocked trace edge drawn on the diagram;
#   - a screenshot of that page is saved as OUTDIR/console.png.
# Loopback only; every step has a timeout; the server is killed on exit.
#
# Prints "ok   NAME" or "FAIL NAME: why" per case, then "N cases, M failed".
set -u

. "$(dirname -- "$0")/../lib/cases.sh" # pass, fail, finish; PIDS killed and $TMP removed on exit
test_args 3 "console.sh VPCSIM SRCDIR [OUTDIR]" "$@"
need_browser
tmp_dir console

SNAP=examples/two-tier
# --foreground: a signal to timeout(1) reaches the server once, without the
# SIGCONT timeout otherwise sends its process group, which can cancel the
# stop LeakSanitizer's exit-time check puts the process in (and hang it).
timeout --foreground 110 "$VPCSIM" serve "$SNAP" --listen 127.0.0.1:0 2>"$TMP/serve.err" &
PIDS+=($!)
if ! PORT=$(log_port "$TMP/serve.err"); then
	fail serve "did not start: $(cat "$TMP/serve.err")"
	finish
fi
BASE="http://127.0.0.1:$PORT"
WEB=i-0687c36d594007793
DB=i-0dca6359b016372e3

# get PATH OUT: the status of GET PATH, the body into OUT.
get() {
	timeout 20 python3 - "$PORT" "$1" "$2" <<'PY'
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=10)
c.request("GET", sys.argv[2])
r = c.getresponse()
open(sys.argv[3], "wb").write(r.read())
print(r.status)
PY
}

# same NAME PATH CLI-ARGS...: the API's document is the CLI's --json, byte for byte.
same() {
	local name=$1 path=$2
	shift 2
	local st
	st=$(get "$path" "$TMP/api.json")
	timeout 20 "$VPCSIM" "$@" >"$TMP/cli.json" 2>/dev/null
	if [ "$st" != 200 ]; then
		fail "$name" "status $st: $(head -c 300 "$TMP/api.json")"
	elif cmp -s "$TMP/api.json" "$TMP/cli.json"; then
		pass "$name"
	else
		fail "$name" "differs from the CLI: $(diff "$TMP/cli.json" "$TMP/api.json" | head -5)"
	fi
}
same "/api/trace is vpcsim trace --json" "/api/trace?from=$WEB&to=$DB&port=5432" \
	trace --json "$SNAP" --from $WEB --to $DB --port 5432
same "/api/check is vpcsim check --json" /api/check check --json "$SNAP"
same "/api/show/ID is vpcsim show --json ID" /api/show/subnet-061bc3f03d49348f0 \
	show --json "$SNAP" subnet-061bc3f03d49348f0
same "/api/routes/ID is vpcsim routes --json ID" /api/routes/rtb-0b041f7aaf973a03c \
	routes --json "$SNAP" rtb-0b041f7aaf973a03c

st=$(get /api/graph.svg "$TMP/api.svg")
timeout 20 "$VPCSIM" graph "$SNAP" >"$TMP/cli.svg" 2>/dev/null
if [ "$st" = 200 ] && cmp -s "$TMP/api.svg" "$TMP/cli.svg"; then
	pass "/api/graph.svg is vpcsim graph, byte for byte"
else
	fail "/api/graph.svg is vpcsim graph, byte for byte" "status $st, or the bytes differ"
fi
same "/api/graph.svg?from=..&to=.. is vpcsim graph --trace, byte for byte (a later layout in one process)" \
	"/api/graph.svg?from=$WEB&to=$DB&port=5432" graph "$SNAP" --trace $WEB $DB --port 5432
same "/api/graph.json is vpcsim graph --format json" /api/graph.json graph "$SNAP" --format json
same "/api/graph.json?from=..&to=.. is vpcsim graph --format json --trace" \
	"/api/graph.json?from=$WEB&to=$DB&port=5432" graph "$SNAP" --format json --trace $WEB $DB --port 5432

# bad NAME STATUS PATH: answered STATUS with a JSON error document.
bad() {
	local st
	st=$(get "$3" "$TMP/bad.json")
	if [ "$st" != "$2" ]; then
		fail "$1" "status $st, want $2"
	elif ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["error"] and d["code"]' "$TMP/bad.json" 2>/dev/null; then
		fail "$1" "not a JSON error: $(head -c 200 "$TMP/bad.json")"
	else
		pass "$1"
	fi
}
bad "/api/trace without to: 400" 400 "/api/trace?from=$WEB"
bad "/api/trace with a bad escape: 400" 400 "/api/trace?from=%zz&to=$DB"
bad "/api/trace with an unknown parameter: 400" 400 "/api/trace?from=$WEB&to=$DB&evil=1"
bad "/api/show of a NUL: 400" 400 "/api/show/%00"
bad "/api/show of nothing: 404" 404 "/api/show/i-nope"
bad "an unknown path: 404" 404 "/etc/passwd"
# a target of up to 4 KiB is the console's to judge, however many arguments
# it has (it got no answer at all past ~700 empty ones); a longer one is 414
bad "/api/trace with 3,000 empty arguments: 400 from the console" 400 "/api/trace?$(printf '&%.0s' $(seq 3000))"
bad "/api/trace with a 5 KiB target: 414" 414 "/api/trace?$(printf '&%.0s' $(seq 5000))"
bad "/api/show/ of bytes that are not UTF-8: 404, the error still JSON" 404 "/api/show/%ff%fe"
# the API takes what the CLI takes (trace --port '', graph --port alone,
# graph --focus '' exit 2)
bad "/api/trace with an empty port: 400, as trace --port ''" 400 "/api/trace?from=$WEB&to=$DB&port="
bad "/api/graph.svg with a port and no flow: 400, as graph --port alone" 400 "/api/graph.svg?port=443"
bad "/api/graph.svg with an empty focus: 400, as graph --focus ''" 400 "/api/graph.svg?focus="

# The page in a real browser, opened on the web -> db trace.
URL="$BASE/?from=$WEB&to=$DB&proto=tcp&port=5432"
if dump_dom 15000 "$URL" "chromium dumps the console's DOM"; then
	python3 - "$TMP/dom.html" "$SNAP/snapshot.json" "$DB" >"$TMP/dom.out" 2>&1 <<'PY'
import html.parser, json, sys
dom, snap, db = sys.argv[1:4]
vpcs = [v["VpcId"] for v in json.load(open(snap))["Vpcs"]]

class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.hops, self.blocked_hops, self.trace_edges, self.blocked_edges = {}, 0, [], 0, 0
        self.expl = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if "id" in a:
            self.ids[a["id"]] = cls
        if tag == "li" and "hop" in cls:
            self.hops += 1
            if "blocked" in cls:
                self.blocked_hops.append(a.get("data-component"))
        if tag == "li" and "explanation" in cls:
            self.expl.append(a.get("data-code"))
        if tag == "g" and "trace-hop" in cls:
            self.trace_edges += 1
            self.blocked_edges += "blocked" in cls

p = P()
p.feed(open(dom, encoding="utf-8").read())
missing = [v for v in vpcs if v not in p.ids]
print("vpcs", "ok" if vpcs and not missing else "missing %s" % missing)
print("hops", "ok" if p.hops >= 3 else "only %d" % p.hops)
print("blocked-hop", "ok" if len(p.blocked_hops) == 1 and p.blocked_hops[0].startswith("eni-") else p.blocked_hops)
print("explanation", "ok" if "ENI_SG_RULES_MISMATCH" in p.expl else p.expl)
print("trace-edges", "ok" if p.trace_edges >= 2 and p.blocked_edges == 1 else "%d edges, %d blocked" % (p.trace_edges, p.blocked_edges))
print("blocked-node", "ok" if "blocked" in p.ids.get(db, []) else p.ids.get(db))
PY
	expect_ok "$TMP/dom.out" vpcs "the diagram holds every VPC id of the snapshot"
	expect_ok "$TMP/dom.out" hops "the trace's hops are listed"
	expect_ok "$TMP/dom.out" blocked-hop "the blocked hop is marked (db-1's interface)"
	expect_ok "$TMP/dom.out" explanation "its explanation code is listed (ENI_SG_RULES_MISMATCH)"
	expect_ok "$TMP/dom.out" trace-edges "the trace is drawn on the diagram, one edge blocked"
	expect_ok "$TMP/dom.out" blocked-node "db-1 is marked blocked on the diagram"
fi
# A flow that arrives (app-1 -> the internet, 443): the page lists the
# reply's hops too (class "hop return", numbered r1..) and the diagram draws
# its edges (class "trace-hop return").
APP1=i-0d51e72fcfc6fde33
if dump_dom 15000 "$BASE/?from=$APP1&to=8.8.8.8&proto=tcp&port=443" "chromium dumps the console's DOM (a reachable flow)"; then
	python3 - "$TMP/dom.html" >"$TMP/ret.out" 2>&1 <<'PY'
import html.parser, sys

class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.fwd, self.ret, self.ret_edges, self.li, self.text = 0, 0, 0, None, []
    def handle_starttag(self, tag, attrs):
        cls = (dict(attrs).get("class") or "").split()
        if tag == "li" and "hop" in cls:
            self.li = "ret" if "return" in cls else "fwd"
            if self.li == "ret":
                self.ret += 1
            else:
                self.fwd += 1
        if tag == "g" and "trace-hop" in cls and "return" in cls:
            self.ret_edges += 1
    def handle_endtag(self, tag):
        self.li = None if tag == "li" else self.li
    def handle_data(self, d):
        if self.li == "ret":
            self.text.append(d)

p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
print("return-hops", "ok" if p.fwd >= 3 and p.ret >= 3 and all(t.startswith("r") for t in p.text) else "%d forward, %d return: %s" % (p.fwd, p.ret, p.text[:3]))
print("return-edges", "ok" if p.ret_edges >= 1 else "none drawn")
PY
	expect_ok "$TMP/ret.out" return-hops "the reply's hops are listed after the forward ones, r1.."
	expect_ok "$TMP/ret.out" return-edges "the reply's path is drawn on the diagram"
fi
# Selecting a resource (what a click does): its show and routes documents.
SUBNET=subnet-061bc3f03d49348f0
browser 15000 --dump-dom "$BASE/?select=$SUBNET" >"$TMP/sel.html" 2>>"$TMP/chrome.err"
python3 - "$TMP/sel.html" "$SUBNET" >"$TMP/sel.out" 2>&1 <<'PY'
import html.parser, json, sys
dom, subnet = sys.argv[1:3]

class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.where, self.text = None, {"show": "", "routes": ""}
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "pre" and a.get("id") in self.text:
            self.where = a["id"]
    def handle_endtag(self, tag):
        if tag == "pre":
            self.where = None
    def handle_data(self, d):
        if self.where:
            self.text[self.where] += d

p = P()
p.feed(open(dom, encoding="utf-8").read())
show = json.loads(p.text["show"]) if p.text["show"].strip() else {}
routes = json.loads(p.text["routes"]) if p.text["routes"].strip().startswith("{") else {}
print("show", "ok" if json.dumps(show).find(subnet) >= 0 else p.text["show"][:200])
# the subnet's explicit route table (examples/README.md: the public subnets' table)
print("routes", "ok" if "rtb-0ca58d13466cd83ff" in json.dumps(routes) else p.text["routes"][:200])
PY
for k in show routes; do
	expect_ok "$TMP/sel.out" $k "selecting $SUBNET shows its $k document"
done

screenshot 15000 "$URL" "$OUTDIR/console.png" "a screenshot of the console"

# SIGTERM stops the server, exit 0, within 20 s (timeout(1) passes it on)
kill -TERM "${PIDS[0]}"
for _ in $(seq 200); do
	kill -0 "${PIDS[0]}" 2>/dev/null || break
	sleep 0.1
done
if kill -0 "${PIDS[0]}" 2>/dev/null; then
	fail "SIGTERM stops vpcsim serve" "still running 20 s after SIGTERM"
	kill -KILL "${PIDS[0]}" 2>/dev/null
else
	rc=0
	wait "${PIDS[0]}" || rc=$?
	PIDS=()
	if [ "$rc" -eq 0 ]; then pass "SIGTERM stops vpcsim serve, exit 0"; else fail "SIGTERM stops vpcsim serve" "exit $rc"; fi
fi

finish
