#!/usr/bin/env bash
# Benchmarks on the 100,000-ENI synthetic snapshot, generated into
# bench/data/ once (gitignored):
#  1. load: vpcsim's load against the bare JSON parser on the same bytes;
#  2. trace: per-trace time over 100,000 random flows (bench_trace: the
#     library calls, with the JSON line and a bare-parse reference), then the
#     real CLI end to end, `vpcsim trace SNAP --batch FILE`, on the same flows.
#  3. routes: rib_build over a synthetic hybrid network (gen_hybrid, into
#     bench/data/hybrid-5k: 5,000 VPCs, 10 TGWs, 2,000 site prefixes), next
#     to the load of the same snapshot (bench_routes).
#  4. longest-prefix match on the same route tables: lookups per second of
#     net_lpm (src/net/lpm.c) beside the sorted arrays rib.c used before it
#     and a DIR-24-8 table in the shape of DPDK's rte_lpm, in the same run
#     (bench_lpm).
#  5. load balancers: per-trace time through an ALB with 50 rules (1,000 ALBs,
#     10,000 targets) beside a trace of the same endpoints without it (bench_lb).
#  6. BGP: UPDATE messages parsed per second beside memcpy and a framing-only
#     pass over the same stream (bench_bgp).
#  7. DNS: `vpcsim dns` beside NSD under dnsperf, the same zone and query mix
#     (bench/bench_dns.sh; dnsperf and nsd installed by scripts/setup-deps.sh bench).
#  8. BGP feed: one BIRD 2 announces 1,000,000 IPv4 prefixes to `vpcsim bgp`
#     (a Direct Connect VIF session of examples/hub-spoke, quota raised) and
#     to a second BIRD 2: time from Established to all installed, bytes per
#     route (bench/bench_bgp_feed.sh; BGP_FEED_N=N for another size).
#  9. graph: `vpcsim graph --focus VPC` on the 100k-ENI snapshot and the whole
#     examples/hub-spoke beside `vpcsim show` of each (the load) in the same
#     run; the console's /api/trace (10,000 keep-alive requests on loopback:
#     median, p99) beside `vpcsim trace --batch` of the same flow per flow
#     (bench/bench_graph.sh).
# Figures only; never fails on a timing.
#
#   bench/run.sh [BUILD_DIR]        (default: build; `make bench` builds it)
#   RUNS=5 bench/run.sh             best/median over 5 runs (default 3)
#   FLOWS=N bench/run.sh            flows for the trace benchmark (default 100000)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build=${1:-build}
runs=${RUNS:-3}
flows=${FLOWS:-100000}
data=bench/data/100k-enis
flows_file=bench/data/flows-$flows.jsonl
gen_args=(--vpcs 100 --subnets-per-vpc 50 --enis 100000 --sgs-per-vpc 20 --rules-per-sg 30 --seed 1)
# Bump when gen_snapshot writes different data for the same arguments.
gen_version=2

for exe in bench/gen_snapshot bench/bench_load bench/bench_trace bench/bench_lb cli/vpcsim; do
	if [ ! -x "$build/$exe" ]; then
		echo "bench: $build/$exe is missing; run 'make bench'" >&2
		exit 2
	fi
done

# generate DIR STAMP GENERATOR ARGS...: (re)writes DIR with GENERATOR DIR
# ARGS unless DIR/.generated already says STAMP.  The stamp records the
# generator version and arguments, so changing either regenerates the data.
generate() {
	local dir=$1 stamp_text=$2 gen=$3
	shift 3
	if [ ! -f "$dir/.generated" ] || [ "$(cat "$dir/.generated")" != "$stamp_text" ]; then
		rm -rf "$dir"
		mkdir -p "$dir"
		"$build/bench/$gen" "$dir" "$@"
		echo "$stamp_text" >"$dir/.generated"
	fi
}
generate "$data" "gen v$gen_version: ${gen_args[*]}" gen_snapshot "${gen_args[@]}"

echo "== load benchmark ($(nproc) cores, $(uname -m))"
"$build/bench/bench_load" "$data" --runs "$runs"

echo
echo "== trace benchmark ($flows random flows)"
"$build/bench/bench_trace" "$data" --flows "$flows" --write-flows "$flows_file"

# The CLI end to end on the same flows: an empty batch gives the load and
# context build alone, so (full - empty) / N is the per-line cost of
# --batch (read line, parse, trace, JSON out, write).
now_us() { local t=$EPOCHREALTIME; echo "${t/[.,]/}"; }
run_batch() { # FILE -> prints elapsed microseconds; exit 1 (unreachable flows) is fine
	local t0 t1 rc=0
	t0=$(now_us)
	VPCSIM_TRACE_STATS=1 "$build/cli/vpcsim" trace "$data" --batch "$1" >/dev/null 2>"$data/.batch.err" || rc=$?
	t1=$(now_us)
	if [ "$rc" -ge 2 ]; then
		echo "bench: vpcsim trace --batch failed (exit $rc):" >&2
		cat "$data/.batch.err" >&2
		exit 2
	fi
	echo $((t1 - t0))
}
empty=$(mktemp)
trap 'rm -f "$empty"' EXIT
echo
echo "-- vpcsim trace $data --batch $flows_file > /dev/null (best of $runs)"
best_empty= best_full=
for _ in $(seq "$runs"); do
	e=$(run_batch "$empty")
	f=$(run_batch "$flows_file")
	if [ -z "$best_empty" ] || [ "$e" -lt "$best_empty" ]; then best_empty=$e; fi
	if [ -z "$best_full" ] || [ "$f" -lt "$best_full" ]; then best_full=$f; fi
done
stats=$(grep 'vpcsim trace:' "$data/.batch.err" || true)
awk -v e="$best_empty" -v f="$best_full" -v n="$flows" 'BEGIN {
	printf "%-46s %10.3f s\n", "empty batch (load + trace context)", e / 1e6
	printf "%-46s %10.3f s\n", "batch of " n " flows, total wall time", f / 1e6
	printf "%-46s %10.2f us\n", "per flow, total / N", f / n
	printf "%-46s %10.2f us\n", "per flow, load subtracted: (total - empty) / N", (f - e) / n
	printf "%-46s %10.2e\n", "per flow (load subtracted) / load", ((f - e) / n) / e
}'
[ -n "$stats" ] && echo "($stats)"

# Route computation on the synthetic hybrid network: 5,000 VPCs on 10 TGWs,
# 2,000 site prefixes over Direct Connect and VPN.  Skipped, not failed,
# while bench_routes is not built (it needs src/route/rib.c).
hybrid=bench/data/hybrid-5k
hybrid_args=(--vpcs 5000 --tgws 10 --site-prefixes 2000 --seed 1)
# Bump when gen_hybrid writes different data for the same arguments.
hybrid_version=1
echo
if [ -x "$build/bench/gen_hybrid" ] && [ -x "$build/bench/bench_routes" ]; then
	generate "$hybrid" "gen_hybrid v$hybrid_version: ${hybrid_args[*]}" gen_hybrid \
		"${hybrid_args[@]}"
	echo "== route computation benchmark ($(nproc) cores, $(uname -m))"
	"$build/bench/bench_routes" "$hybrid" --runs "$runs"
	if [ -x "$build/bench/bench_lpm" ]; then
		echo
		echo "== longest-prefix-match benchmark ($(nproc) cores, $(uname -m))"
		# exit 1 = the structures disagreed on an answer: say so, go on
		"$build/bench/bench_lpm" "$hybrid" --runs "$runs" ||
			echo "bench: bench_lpm found answers that differ (see above)" >&2
	fi
else
	echo "== route computation benchmark: skipped ($build/bench/bench_routes is not built;" \
		"it needs src/route/rib.c)"
fi

# Load balancers: traces through ALBs with 50 rules beside the same
# endpoints without the load balancer (bench_lb builds its own snapshot).
echo
mkdir -p bench/data
"$build/bench/bench_lb" bench/data/lb-1000.json --flows "$((flows / 5))"

# BGP: UPDATE parsing beside memcpy and a framing-only pass over the same bytes.
echo
echo "== BGP UPDATE parsing benchmark"
"$build/bench/bench_bgp" --runs "$runs"

# DNS: vpcsim dns beside NSD under dnsperf, the same zone and queries.
echo
bench/bench_dns.sh "$build" 10

# graph: rendering beside the load; the console API's trace beside the CLI's.
echo
bench/bench_graph.sh "$build" "$data" "$runs" "${GRAPH_REQUESTS:-10000}"

# BGP: a full table from one BIRD into vpcsim bgp beside a second BIRD.
echo
bench/bench_bgp_feed.sh "$build" "${BGP_FEED_N:-1000000}"
exit 0
