#!/usr/bin/env bash
# DOC: BGP feed benchmark -- `vpcsim bgp` beside BIRD 2 receiving the same full feed, same run
#
# Usage: bench/bench_bgp_feed.sh BUILD_DIR [N]
#
# A BIRD 2 "feeder" on 127.0.0.2 holds N IPv4 /24s (default 1,000,000) as
# static routes (10.128.0.0/9's /24s, then 11.0.0.0/8's, 12.0.0.0/8's,
# ... -- outside examples/hub-spoke's VPC CIDRs) and announces them, one
# receiver after the other so they do not share the two cores, to
#   1. a second BIRD 2, the reference receiver, on 127.0.0.3;
#   2. `vpcsim bgp examples/hub-spoke` as the AWS side of the Direct
#      Connect transit VIF dxvif-fgx7k2mq (its authKey as the TCP MD5 key),
#      the quota raised for the benchmark (--dx-prefix-limit N --max-routes
#      N) and --bench-expect N, which reports when the session held N
#      routes and when the route tables were recomputed with them.
# For each: the time from the session reaching Established until all N
# prefixes are installed (BIRD: `birdc show route count` polled every
# 50 ms, Established seen by polling `show protocols` likewise; vpcsim:
# its own holding event, measured from its Established), and the memory
# per route: VmRSS with the routes minus VmRSS before the session, over N.
# Prints both and the ratios vpcsim / BIRD.  Figures only: never fails on
# them.  Loopback only; every process under timeout, killed on exit.
# Needs bird2 (scripts/setup-deps.sh installs it).
set -u
build=${1:?usage: bench_bgp_feed.sh BUILD_DIR [N]}
n=${2:-1000000}
limit=${BENCH_BGP_TIMEOUT:-300} # seconds any one receiver may take
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
vpcsim=$(realpath -- "$build/cli/vpcsim" 2>/dev/null || true)
if ! command -v bird >/dev/null 2>&1 || ! command -v birdc >/dev/null 2>&1; then
	echo "== BGP feed benchmark: skipped (bird is not installed: scripts/setup-deps.sh)"
	exit 0
fi
if [ -z "$vpcsim" ] || [ ! -x "$vpcsim" ]; then
	echo "== BGP feed benchmark: skipped ($build/cli/vpcsim is not built)"
	exit 0
fi
snap=$root/examples/hub-spoke
cfg=$snap/aws_configs/111122223333/us-east-1
vif=dxvif-fgx7k2mq
. "$root/tests/lib/proc.sh" # tmp_dir, free_port; PIDS killed and $TMP removed on exit
tmp_dir bench-bgp

read -r md5 site_asn amz_asn < <(python3 - "$cfg" <<'PY'
import json, sys
d = sys.argv[1]
v = json.load(open(d + "/VirtualInterfaces.json"))["virtualInterfaces"][0]
g = json.load(open(d + "/DirectConnectGateways.json"))["directConnectGateways"][0]
print(v["authKey"], v["asn"], g["amazonSideAsn"])
PY
)
now_ms() { local t=$EPOCHREALTIME; t=${t/[.,]/}; echo $((t / 1000)); }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
fc() { timeout 10 birdc -s "$TMP/feeder.ctl" "$@" 2>&1; }
rc_() { timeout 10 birdc -s "$TMP/ref.ctl" "$@" 2>&1; }
# routes in BIRD's master4 table ("N of N routes for N networks in table master4")
count_of() { awk '/routes for .* networks in table master4/ {print $1; exit}'; }

# wait_until SECONDS COMMAND...: poll every 50 ms; 0 once it succeeds
wait_until() {
	local end=$(($(now_ms) + $1 * 1000))
	shift
	while [ "$(now_ms)" -lt "$end" ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.05
	done
	return 1
}

fport=$(free_port 127.0.0.2)
rport=$(free_port 127.0.0.3)

# vpcsim first, so its listening port goes into the feeder's configuration
timeout --foreground $((limit * 3)) "$vpcsim" bgp "$snap" --json --session "$vif@127.0.0.1:0" \
	--dx-prefix-limit "$n" --max-routes "$n" --bench-expect "$n" --quiet-routes \
	>"$TMP/vpcsim.out" 2>"$TMP/vpcsim.err" &
tpid=$!
PIDS+=("$tpid")
vpid= # vpcsim itself: timeout's child
vport=
for _ in $(seq 100); do
	vport=$(sed -n 's/.*"event":"listen".*"port":\([0-9]*\).*/\1/p' "$TMP/vpcsim.out" | head -1)
	vpid=$(pgrep -P "$tpid" | head -1)
	[ -n "$vport" ] && [ -n "$vpid" ] && break
	sleep 0.1
done
if [ -z "$vport" ] || [ -z "$vpid" ]; then
	echo "== BGP feed benchmark: skipped (vpcsim bgp did not start: $(tr '\n' ' ' <"$TMP/vpcsim.err"))"
	exit 0
fi

# the feeder's routes: N /24s from 10.128.0.0 upwards (32,768 in 10.128/9,
# then 65,536 per /8 from 11.0.0.0/8)
awk -v n="$n" 'BEGIN {
	for (i = 0; i < n; i++) {
		if (i < 32768) { a = 10; b = 128 + int(i / 256); c = i % 256 }
		else { j = i - 32768; a = 11 + int(j / 65536); b = int(j / 256) % 256; c = j % 256 }
		printf "\troute %d.%d.%d.0/24 blackhole;\n", a, b, c
	}
}' >"$TMP/routes.conf"
cat >"$TMP/feeder.conf" <<EOF
log "$TMP/feeder.log" { warning, error, fatal };
router id 192.0.2.2;
protocol device { }
protocol static feed {
	ipv4;
	include "$TMP/routes.conf";
}
template bgp feedout {
	local 127.0.0.2 port $fport as $site_asn;
	multihop 2;
	connect delay time 1;
	connect retry time 2;
	hold time 240;
	disabled;
}
protocol bgp to_ref from feedout {
	neighbor 127.0.0.3 port $rport as 64999;
	ipv4 { import none; export where proto = "feed"; };
}
protocol bgp to_aws from feedout {
	neighbor 127.0.0.1 port $vport as $amz_asn;
	password "$md5";
	ipv4 { import none; export where proto = "feed"; };
}
EOF
cat >"$TMP/ref.conf" <<EOF
log "$TMP/ref.log" { warning, error, fatal };
router id 192.0.2.3;
protocol device { }
protocol bgp feeder {
	local 127.0.0.3 port $rport as 64999;
	neighbor 127.0.0.2 port $fport as $site_asn;
	multihop 2;
	passive on;
	hold time 240;
	ipv4 { import all; export none; };
}
EOF
timeout --foreground $((limit * 3)) bird -f -c "$TMP/feeder.conf" -s "$TMP/feeder.ctl" \
	-P "$TMP/feeder.pid" >"$TMP/feeder.stdout" 2>&1 &
PIDS+=($!)
timeout --foreground $((limit * 3)) bird -f -c "$TMP/ref.conf" -s "$TMP/ref.ctl" \
	-P "$TMP/ref.pid" >"$TMP/ref.stdout" 2>&1 &
rpid=$!
PIDS+=("$rpid")

feeder_full() { [ "$(fc show route count | count_of)" = "$n" ]; }
if ! wait_until "$limit" feeder_full; then
	echo "== BGP feed benchmark: skipped (the feeder BIRD did not load $n routes in ${limit}s:" \
		"$(tail -3 "$TMP/feeder.stdout" "$TMP/feeder.log" 2>/dev/null | tr '\n' ' '))"
	exit 0
fi
sleep 1
echo "== BGP feed benchmark: one BIRD feeds $n IPv4 prefixes to BIRD, then to vpcsim bgp" \
	"($(nproc) cores, $(bird --version 2>&1 | awk '{print $3}'))"

# 1. the reference BIRD
ref_rss0=$(rss_kb "$(cat "$TMP/ref.pid")")
ref_est() { rc_ show protocols feeder | grep -q Established; }
ref_full() { [ "$(rc_ show route count | count_of)" = "$n" ]; }
fc enable to_ref >/dev/null
ref_time=
if wait_until 30 ref_est; then
	t0=$(now_ms)
	if wait_until "$limit" ref_full; then
		ref_time=$(($(now_ms) - t0))
	fi
fi
ref_rss1=$(rss_kb "$(cat "$TMP/ref.pid")")
fc disable to_ref >/dev/null
if [ -z "$ref_time" ]; then
	echo "BIRD reference: did not hold $n routes in ${limit}s ($(rc_ show route count | tail -1))"
fi

# 2. vpcsim
vs_rss0=$(rss_kb "$vpid")
vs_time=
vs_rx=
holding() { grep -q '"event":"holding"' "$TMP/vpcsim.out"; }
fc enable to_aws >/dev/null
if wait_until "$limit" holding; then
	line=$(grep '"event":"holding"' "$TMP/vpcsim.out" | head -1)
	vs_time=$(sed -n 's/.*"installed_ms":\([0-9]*\).*/\1/p' <<<"$line")
	vs_rx=$(sed -n 's/.*"received_ms":\([0-9]*\).*/\1/p' <<<"$line")
else
	echo "vpcsim: did not hold $n routes in ${limit}s:" \
		"$(grep -v '"received"' "$TMP/vpcsim.out" | tail -3 | tr '\n' ' ')"
fi
vs_rss1=$(rss_kb "$vpid")
fc disable to_aws >/dev/null

awk -v n="$n" -v rt="$ref_time" -v vt="$vs_time" -v vr="$vs_rx" \
	-v r0="$ref_rss0" -v r1="$ref_rss1" -v v0="$vs_rss0" -v v1="$vs_rss1" 'BEGIN {
	rb = (r1 - r0) * 1024 / n; vb = (v1 - v0) * 1024 / n
	if (rt != "")
		printf "%-34s %9.3f s to install %d routes, %7.1f bytes/route (RSS %d -> %d kB)\n",
			"BIRD 2 (reference receiver)", rt / 1000, n, rb, r0, r1
	if (vt != "") {
		printf "%-34s %9.3f s to install %d routes, %7.1f bytes/route (RSS %d -> %d kB)\n",
			"vpcsim bgp (DX VIF, hub-spoke)", vt / 1000, n, vb, v0, v1
		printf "%-34s %9.3f s to receive them (route tables not yet recomputed)\n", "", vr / 1000
	}
	if (rt != "" && vt != "" && rt > 0 && rb > 0)
		printf "vpcsim / BIRD: time %.2fx, bytes per route %.2fx\n", vt / rt, vb / rb
}'
exit 0
