# DOC: what the BGP interop tests share (tests/interop/bgp.sh with BIRD, frr.sh with FRR)
#
# Sourced after cases.sh.  The bundled examples/hub-spoke snapshot's BGP
# links (the Direct Connect transit VIF, the VPN connection's tunnels) and
# the values a peer must see on them, read from the snapshot's own JSON
# files, never from vpcsim; starting `vpcsim bgp` in the background and
# reading its JSON lines (count, vs_has, expect_event).
SNAP=examples/hub-spoke
CFG=$SNAP/aws_configs/111122223333/us-east-1
VIF=dxvif-fgx7k2mq
VPN=vpn-052cd6fe161f1682b

# The snapshot's values, read from its files (not from vpcsim).
read -r MD5KEY SITE_ASN AMZ_ASN < <(python3 - "$CFG" <<'PY'
import json, sys
d = sys.argv[1]
v = json.load(open(d + "/VirtualInterfaces.json"))["virtualInterfaces"][0]
g = json.load(open(d + "/DirectConnectGateways.json"))["directConnectGateways"][0]
print(v["authKey"], v["asn"], g["amazonSideAsn"])
PY
)
# AWS advertises over a transit VIF the allowed prefixes of the DX
# gateway's transit gateway association (allowed-to-prefixes.html).
ALLOWED=$(python3 - "$CFG" <<'PY'
import json, sys
a = json.load(open(sys.argv[1] + "/DirectConnectGatewayAssociations.json"))
print(" ".join(sorted(p["cidr"] for x in a["directConnectGatewayAssociations"]
                      for p in x["allowedPrefixesToDirectConnectGateway"])))
PY
)
CGW_ASN=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["CustomerGateways"][0]["BgpAsn"])' "$CFG/CustomerGateways.json")
# The site's prefix and communities over the VIF are Sites.json's.
read -r SITE_PFX SITE_COMM < <(python3 - "$CFG" <<'PY'
import json, sys
s = json.load(open(sys.argv[1] + "/Sites.json"))["Sites"][0]
a = [x for x in s["Advertise"] if x["Via"] == "dxvif-fgx7k2mq"][0]
print(a["Prefix"], ",".join(a.get("Communities", [])))
PY
)
# Over the VPN to the transit gateway, the routes of the attachment's
# associated route table tgw-rtb-0f126e4b6710a1fef (TransitGatewayAttachments.json):
# its static 0.0.0.0/0 (TransitGatewayStaticRoutes.json) and the four VPC
# CIDRs it propagates (TransitGatewayPropagations.json, Vpcs.json).
WANT_VPN="0.0.0.0/0 10.0.0.0/16 10.1.0.0/16 10.2.0.0/16 10.3.0.0/16"

# VS_IN: a command vpcsim runs under (`ip netns exec NS` for frr.sh); none
# by default.
VS_IN=()

# start_vpcsim NAME ARGS...: `vpcsim bgp --json ARGS` in the background,
# its JSON lines in $TMP/NAME.out; sets VS_PID.
start_vpcsim() {
	local name=$1
	shift
	# --foreground: a stop signals vpcsim only, not timeout's process group,
	# where it would also stop LeakSanitizer's tracer at vpcsim's exit
	"${VS_IN[@]}" timeout --foreground 90 "$VPCSIM" bgp "$SNAP" --json "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" &
	VS_PID=$!
	PIDS+=("$VS_PID")
}

# port_of FILE SESSION: the port the session listens on (its listen line).
port_of() {
	local p
	for _ in $(seq 50); do
		p=$(python3 - "$1" "$2" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e["session"] == sys.argv[2] and e["event"] == "listen":
        print(e["port"])
        break
PY
)
		[ -n "$p" ] && { echo "$p"; return 0; }
		sleep 0.1
	done
	return 1
}

# jq-like checks on vpcsim's JSON lines: count FILE PYTHON-EXPR (e bound).
count() {
	python3 - "$1" "$2" <<'PY'
import json, sys
n = 0
for l in open(sys.argv[1]):
    e = json.loads(l)
    if eval(sys.argv[2]):
        n += 1
print(n)
PY
}
vs_has() { [ "$(count "$1" "$2")" -ge "${3:-1}" ]; }
# stop_vpcsim SIG: SIG to the `vpcsim bgp` started last; it exits 0 (a case).
stop_vpcsim() {
	kill -"$1" "$VS_PID"
	wait "$VS_PID"
	local rc=$?
	if [ "$rc" -eq 0 ]; then pass "vpcsim bgp exits 0 on SIG$1"; else fail "exit on SIG$1" "exit $rc"; fi
}
# expect_event OUT NAME EXPR [GREP]: within 5 s one of vpcsim's JSON lines
# in OUT makes EXPR true (vs_has): case NAME passes, else it fails showing
# OUT's lines that match GREP (default: the routes received).
expect_event() {
	if wait_for 5 vs_has "$1" "$3"; then
		pass "$2"
	else
		fail "$2" "$(grep -e "${4:-received}" "$1" | tr '\n' '|')"
	fi
}

# BIRD (bgp.sh, router.sh): BIRD_IN a command it runs under, as VS_IN;
# $TMP/bird.conf its configuration, $TMP/bird.ctl its control socket.
BIRD_IN=()
BIRD_PID=
start_bird() {
	"${BIRD_IN[@]}" timeout --foreground 90 bird -f -c "$TMP/bird.conf" -s "$TMP/bird.ctl" -P "$TMP/bird.pid" >"$TMP/bird.stdout" 2>&1 &
	BIRD_PID=$!
	PIDS+=("$BIRD_PID")
}
stop_bird() {
	[ -n "$BIRD_PID" ] && kill "$BIRD_PID" 2>/dev/null
	wait "$BIRD_PID" 2>/dev/null
	BIRD_PID=
}
birdc_() { timeout 5 birdc -s "$TMP/bird.ctl" "$@" 2>&1; }
bird_state_is() { birdc_ show protocols all "$1" | grep -q "BGP state:[[:space:]]*$2"; }
bird_error_has() { birdc_ show protocols all "$1" | grep -qi "Last error:.*$2"; }
# got_routes PROTO: the prefixes (IPv4 or IPv6) BIRD's protocol PROTO
# learned, sorted, on one line.
got_routes() { birdc_ show route protocol "$1" | awk '$1 ~ /^[0-9a-f.:]+\/[0-9]+$/ {print $1}' | sort | tr '\n' ' ' | sed 's/ $//'; }
routes_are() { [ "$(got_routes "$1")" = "$2" ]; }
