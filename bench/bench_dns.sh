#!/usr/bin/env bash
# DOC: DNS benchmark -- `vpcsim dns` beside NSD under dnsperf, same zone, same run
#
# Usage: bench/bench_dns.sh BUILD_DIR [SECONDS]
#
# Serves the public zone of examples/dns with `vpcsim dns` (the internet's
# view: Route 53's authoritative answers) and with NSD from the same records
# as a master file (bench/dns/example.com.zone), both single-threaded on
# 127.0.0.1, and drives each with dnsperf for SECONDS (default 10) with the
# same query mix (bench/dns/queries.txt: answers, a CNAME, the apex alias,
# NS, NXDOMAIN, NODATA).  Prints queries per second, the mean latency, and
# vpcsim's throughput as a ratio of NSD's.  Figures only: never fails on
# them.  Needs dnsperf and nsd (scripts/setup-deps.sh bench).
set -u
build=${1:?usage: bench_dns.sh BUILD_DIR [SECONDS]}
secs=${2:-10}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
for p in dnsperf nsd; do
	if ! command -v "$p" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$p" ]; then
		echo "== DNS benchmark: skipped ($p is not installed: scripts/setup-deps.sh bench)"
		exit 0
	fi
done
. "$root/tests/lib/proc.sh" # tmp_dir, log_port, free_port; PIDS killed and $TMP removed on exit
tmp_dir bench-dns

# vpcsim
"$build/vpcsim" dns "$root/examples/dns" --listen 127.0.0.1:0 2>"$TMP/vpcsim.err" &
PIDS+=($!)
vport=$(log_port "$TMP/vpcsim.err" 50)
# NSD on a free port
nport=$(free_port)
cat >"$TMP/nsd.conf" <<CONF
server:
	ip-address: 127.0.0.1
	port: $nport
	server-count: 1
	username: ""
	chroot: ""
	zonesdir: "$here/dns"
	database: ""
	pidfile: "$TMP/nsd.pid"
	xfrdfile: "$TMP/xfrd.state"
	zonelistfile: "$TMP/zone.list"
	logfile: "$TMP/nsd.log"
	hide-version: yes
	# response rate limiting (on by default) would cap one client at 200 qps
	rrl-ratelimit: 0
	rrl-whitelist-ratelimit: 0
remote-control:
	control-enable: no
zone:
	name: example.com
	zonefile: example.com.zone
CONF
/usr/sbin/nsd -d -c "$TMP/nsd.conf" 2>"$TMP/nsd.err" &
PIDS+=($!)
sleep 1
if [ -z "$vport" ] || ! dig +time=1 +tries=1 -p "$nport" @127.0.0.1 www.example.com +short >/dev/null 2>&1; then
	echo "== DNS benchmark: skipped (a server did not start: $(cat "$TMP/vpcsim.err" "$TMP/nsd.err" | tr '\n' ' '))"
	exit 0
fi

run() { # name port -> "qps latency"
	dnsperf -s 127.0.0.1 -p "$2" -d "$here/dns/queries.txt" -l "$secs" -c 4 -q 100 2>/dev/null |
		awk '/Queries per second:/ {q=$4} /Average Latency/ {l=$4} END {print q, l}'
}
echo "== DNS benchmark: dnsperf ${secs}s each, same zone and queries ($(nproc) cores)"
read -r vq vl < <(run vpcsim "$vport")
read -r nq nl < <(run nsd "$nport")
printf "%-28s %12s qps  %10s s mean latency\n" "vpcsim dns (internet view)" "$vq" "$vl"
printf "%-28s %12s qps  %10s s mean latency\n" "NSD $(/usr/sbin/nsd -v 2>&1 | head -1 | awk '{print $3}')" "$nq" "$nl"
awk -v a="$vq" -v b="$nq" 'BEGIN { if (b > 0) printf "vpcsim / NSD throughput: %.2fx\n", a / b }'
exit 0
