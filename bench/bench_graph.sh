#!/usr/bin/env bash
# DOC: graph and console benchmark -- `vpcsim graph` beside the load, /api/trace beside the CLI's trace
#
# Usage: bench/bench_graph.sh BUILD_DIR SNAPSHOT_DIR [RUNS] [REQUESTS]
#
#  1. Rendering: wall time (best of RUNS, default 3) of
#       vpcsim graph SNAPSHOT_DIR --focus VPC -o /dev/null   (VPC: its first VpcId)
#       vpcsim graph examples/hub-spoke -o /dev/null         (the whole example)
#     each beside `vpcsim show` of the same snapshot in the same run (load and
#     summary: the reference), printed with the ratio graph / show.
#  2. Console API: `vpcsim serve examples/hub-spoke` on 127.0.0.1 (a port the
#     kernel picks), REQUESTS (default 10,000) GETs of
#     /api/trace?from=i-08c1bd499d39fce96&to=dc1-db&port=443 over one
#     keep-alive connection from a python3 http.client loop; median and p99
#     per request (the client's time: request written to body read).
#     Beside it, the CLI's in-process trace of the same flow:
#     `vpcsim trace examples/hub-spoke --batch FILE` with REQUESTS copies of
#     the flow, minus an empty batch, per flow (trace + its JSON line); the
#     ratio API median / CLI per flow.
# Loopback only; every process bounded by timeout(1).  Figures only: never
# fails on them.
set -u
build=${1:?usage: bench_graph.sh BUILD_DIR SNAPSHOT_DIR [RUNS] [REQUESTS]}
snap=${2:?usage: bench_graph.sh BUILD_DIR SNAPSHOT_DIR [RUNS] [REQUESTS]}
runs=${3:-3}
nreq=${4:-10000}
root=$(cd "$(dirname "$0")/.." && pwd)
vpcsim=$(realpath -- "$build/cli/vpcsim")
hs=$root/examples/hub-spoke
. "$root/tests/lib/proc.sh" # tmp_dir, log_port; PIDS killed and $TMP removed on exit
tmp_dir bench-graph

now_us() {
	local t=$EPOCHREALTIME
	echo "${t/[.,]/}"
}
# best_us ARGS...: the best wall time over $runs runs of vpcsim ARGS, in
# microseconds (exit 1, findings or a blocked trace, is fine).
best_us() {
	local best= t0 t1 rc
	for _ in $(seq "$runs"); do
		t0=$(now_us)
		rc=0
		timeout 600 "$vpcsim" "$@" >/dev/null 2>"$TMP/err" || rc=$?
		t1=$(now_us)
		if [ "$rc" -ge 2 ]; then
			echo "bench: vpcsim $* failed (exit $rc): $(head -c 300 "$TMP/err")" >&2
			echo 0
			return
		fi
		if [ -z "$best" ] || [ $((t1 - t0)) -lt "$best" ]; then best=$((t1 - t0)); fi
	done
	echo "$best"
}

vpc=$(grep -rhom1 '"VpcId": *"vpc-[0-9a-f]*"' "$snap" | head -1 | sed 's/.*"\(vpc-[0-9a-f]*\)"/\1/')
echo "== graph benchmark (best of $runs, $(nproc) cores, $(uname -m))"
show_big=$(best_us show "$snap")
graph_big=$(best_us graph "$snap" --focus "$vpc" -o /dev/null)
show_hs=$(best_us show "$hs")
graph_hs=$(best_us graph "$hs" -o /dev/null)
nodes=$(timeout 600 "$vpcsim" graph "$snap" --focus "$vpc" --format dot 2>/dev/null | grep -c ' \[id=')
awk -v sb="$show_big" -v gb="$graph_big" -v sh="$show_hs" -v gh="$graph_hs" -v vpc="$vpc" \
	-v snap="$snap" -v nodes="$nodes" 'BEGIN {
	printf "%-58s %10.3f s\n", "vpcsim show " snap " (load: reference)", sb / 1e6
	printf "%-58s %10.3f s  (%d nodes)\n", "vpcsim graph " snap " --focus " vpc, gb / 1e6, nodes
	if (sb > 0) printf "%-58s %10.2fx\n", "  graph --focus / show", gb / sb
	printf "%-58s %10.3f s\n", "vpcsim show examples/hub-spoke (reference)", sh / 1e6
	printf "%-58s %10.3f s\n", "vpcsim graph examples/hub-spoke (whole, SVG)", gh / 1e6
	if (sh > 0) printf "%-58s %10.2fx\n", "  graph / show", gh / sh
}'

# 2. the console's /api/trace beside the CLI's trace of the same flow
FROM=i-08c1bd499d39fce96
TO=dc1-db
timeout --foreground 300 "$vpcsim" serve "$hs" --listen 127.0.0.1:0 2>"$TMP/serve.err" &
PIDS+=($!)
port=$(log_port "$TMP/serve.err")
echo
echo "== console API trace latency ($nreq requests, one keep-alive connection, loopback)"
if [ -z "$port" ]; then
	echo "skipped: vpcsim serve did not start: $(head -c 300 "$TMP/serve.err")"
	exit 0
fi
read -r api_med api_p99 api_n < <(timeout 300 python3 - "$port" "$nreq" "/api/trace?from=$FROM&to=$TO&port=443" <<'PY'
import http.client, sys, time
port, n, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
for _ in range(100):  # warm-up
    c.request("GET", path); c.getresponse().read()
lat = []
for _ in range(n):
    t0 = time.perf_counter_ns()
    c.request("GET", path)
    r = c.getresponse()
    body = r.read()
    lat.append(time.perf_counter_ns() - t0)
    if r.status != 200:
        sys.exit("status %d" % r.status)
lat.sort()
med = lat[n // 2] if n % 2 else (lat[n // 2 - 1] + lat[n // 2]) / 2
print(med / 1e3, lat[min(n - 1, int(n * 0.99))] / 1e3, len(body))
PY
)
# the CLI: REQUESTS copies of the flow through --batch, minus an empty batch
: >"$TMP/empty.jsonl"
line="{\"from\":\"$FROM\",\"to\":\"$TO\",\"port\":443}"
yes "$line" | head -n "$nreq" >"$TMP/flows.jsonl"
e=$(best_us trace "$hs" --batch "$TMP/empty.jsonl")
f=$(best_us trace "$hs" --batch "$TMP/flows.jsonl")
awk -v m="${api_med:-0}" -v p="${api_p99:-0}" -v b="${api_n:-0}" -v e="$e" -v f="$f" -v n="$nreq" \
	-v from="$FROM" -v to="$TO" 'BEGIN {
	cli = (f - e) / n
	printf "flow %s -> %s tcp 443 on examples/hub-spoke\n", from, to
	printf "%-58s %10.1f us median, %10.1f us p99 (%d-byte body)\n", "GET /api/trace (python3 http.client, keep-alive)", m, p, b
	printf "%-58s %10.1f us per flow\n", "vpcsim trace --batch, (N flows - empty) / N (in-process)", cli
	if (cli > 0) printf "%-58s %10.1fx\n", "  API median / CLI per flow", m / cli
}'
exit 0
