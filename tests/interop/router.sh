#!/usr/bin/env bash
# DOC: interop -- FRR and BIRD run the configuration `vpcsim bgp --dry-run` prints, on the links' own addresses
#
# Usage: tests/interop/router.sh VPCSIM SRCDIR
#
# Two network namespaces this test creates and removes, joined by a veth
# pair that carries the bundled examples/hub-spoke snapshot's two BGP
# links with their own addresses: the Direct Connect transit VIF
# dxvif-fgx7k2mq (amazonAddress / customerAddress, VirtualInterfaces.json)
# and tunnel 1 of VPN connection vpn-052cd6fe161f1682b (its
# TunnelInsideCidr, VpnConnections.json: AWS's end the first address of
# the /30, the customer gateway's the second).  In the "aws" namespace
# `vpcsim bgp` holds both sessions on AWS's addresses, port 179; in the
# "customer" namespace the router runs the snippets `vpcsim bgp --dry-run`
# prints for both sessions, exactly as printed and one after the other, the
# way a customer pastes AWS's "download router configuration" into a router
# (create-vif.html; VPN: your-cgw.html): first FRR (zebra, staticd, bgpd
# as Debian installs them), then BIRD 2 (with only the log and the device
# protocol every BIRD configuration has before them); then a dual-stack
# private VIF (tests/interop/ipv6-vif.json: its IPv6 /125 and IPv4 /30 on
# the veth pair), FRR on both its BGP peers, BIRD on the IPv6 one.
# Expected values are the snapshot's own files or AWS / RFC behaviour,
# never vpcsim's output.
# Needs root (namespaces; FRR drops to its frr user).  Nothing leaves the
# two namespaces; every process runs under timeout and is killed on exit.
#
# Prints "ok   NAME" or "FAIL NAME: why" per case, then "N cases, M failed".
set -u

. "$(dirname -- "$0")/../lib/cases.sh" # pass, fail, finish; PIDS killed, $TMP removed, AT_EXIT run on exit
test_args 2 "router.sh VPCSIM SRCDIR" "$@"
need ip iproute2
need vtysh frr
need bird bird2
need birdc bird2
FRR=/usr/lib/frr
for d in zebra staticd bgpd; do
	[ -x "$FRR/$d" ] || not_installed "$d" "scripts/setup-deps.sh installs frr"
done
[ "$(id -u)" -eq 0 ] || not_installed "network namespaces" "router.sh runs as root: it creates two with ip netns"
. tests/lib/bgp.sh # the snapshot's BGP links and values; start_vpcsim, count, vs_has, expect_event, stop_vpcsim; start_bird, birdc_, ...
tmp_dir router

# The links' addresses, and what the site advertises over the tunnel, from
# the snapshot's files.
read -r DX_AWS DX_CUST T1_AWS T1_CUST T1_PREPEND TGW_ASN < <(python3 - "$CFG" <<'PY'
import ipaddress, json, sys
d = sys.argv[1]
v = json.load(open(d + "/VirtualInterfaces.json"))["virtualInterfaces"][0]
t = json.load(open(d + "/VpnConnections.json"))["VpnConnections"][0]
net = ipaddress.ip_network(t["Options"]["TunnelOptions"][0]["TunnelInsideCidr"])
s = json.load(open(d + "/Sites.json"))["Sites"][0]
a = [x for x in s["Advertise"] if x["Via"] == t["VpnConnectionId"]][0]
g = json.load(open(d + "/TransitGateways.json"))["TransitGateways"][0]
print(v["amazonAddress"], v["customerAddress"], f"{net[1]}/30", f"{net[2]}/30",
      a.get("AsPathPrepend", 0), g["Options"]["AmazonSideAsn"])
PY
)
NS_A=vpcsim-aws-$$
NS_C=vpcsim-cust-$$
net_down() {
	ip netns del "$NS_A" 2>/dev/null
	ip netns del "$NS_C" 2>/dev/null
}
AT_EXIT+=(net_down)
if ip netns add "$NS_A" && ip netns add "$NS_C" &&
	ip -n "$NS_A" link add va type veth peer name vc netns "$NS_C" &&
	ip -n "$NS_A" addr add "$DX_AWS" dev va && ip -n "$NS_A" addr add "$T1_AWS" dev va &&
	ip -n "$NS_C" addr add "$DX_CUST" dev vc && ip -n "$NS_C" addr add "$T1_CUST" dev vc &&
	ip -n "$NS_A" link set lo up && ip -n "$NS_C" link set lo up &&
	ip -n "$NS_A" link set va up && ip -n "$NS_C" link set vc up; then
	pass "two namespaces joined by the links: AWS $DX_AWS $T1_AWS, the router $DX_CUST $T1_CUST"
else
	fail "network namespaces" "ip netns / veth setup failed"
	finish
fi
DX_PEER=${DX_AWS%/*}
T1_PEER=${T1_AWS%/*}
SESSIONS=(--session "$VIF@$DX_PEER:179" --session "$VPN:1@$T1_PEER:179")

# The FRR and BIRD configurations of both sessions, as printed, one after
# the other.
snippets() {
	python3 -c 'import json,sys; print("\n".join(s[sys.argv[2]] for s in json.load(open(sys.argv[1]))["sessions"]))' \
		"$TMP/dry.json" "$1"
}
if timeout 10 "$VPCSIM" bgp "$SNAP" "${SESSIONS[@]}" --dry-run --json >"$TMP/dry.json" 2>"$TMP/dry.err" &&
	snippets frr >"$TMP/frr.conf" && snippets bird >"$TMP/bird.snippets" && [ -s "$TMP/frr.conf" ] &&
	[ -s "$TMP/bird.snippets" ]; then
	pass "vpcsim bgp --dry-run prints both sessions' FRR and BIRD configuration"
else
	fail "--dry-run" "$(cat "$TMP/dry.err")"
	finish
fi

VS_IN=(ip netns exec "$NS_A")
# aws_up RUN: `vpcsim bgp` on $SNAP holds the SESSIONS (pairs of --session
# and its ID@ADDR:PORT) in the aws namespace, its JSON lines in $TMP/RUN.out.
aws_up() {
	start_vpcsim "$1" "${SESSIONS[@]}"
	listening() { [ "$(count "$TMP/$1.out" "e['event'] == 'listen'")" -eq $((${#SESSIONS[@]} / 2)) ]; }
	wait_for 10 listening "$1" || {
		fail "vpcsim bgp listens on the links" "$(cat "$TMP/$1.err")"
		finish
	}
}
# aws_received OUT ROUTER: what vpcsim received from ROUTER: the site's
# prefix with Sites.json's community over the VIF, over the tunnel with its
# AS_PATH prepended AsPathPrepend times, and nothing else: no route the
# router learned from AWS over one link is sent back over the other (the
# site's Advertise names one prefix per link).
aws_received() {
	expect_event "$1" "vpcsim receives $SITE_PFX from $2 over the VIF, AS_PATH $SITE_ASN, communities $SITE_COMM" \
		"e['event'] == 'received' and e['session'] == '$VIF' and e['prefix'] == '$SITE_PFX' and e['as_path'] == [$SITE_ASN] and e.get('communities', []) == '$SITE_COMM'.split(',')"
	expect_event "$1" "and over tunnel 1 with AS_PATH $SITE_ASN prepended $T1_PREPEND times" \
		"e['event'] == 'received' and e['session'] == '$VPN:1' and e['prefix'] == '$SITE_PFX' and e['as_path'] == [$SITE_ASN] * (1 + $T1_PREPEND)"
	if [ "$(count "$1" "e['event'] == 'received'")" -eq 2 ]; then
		pass "nothing else comes back: $2 sends AWS's routes to neither link"
	else
		fail "only the site's prefix from $2" "$(grep received "$1" | tr '\n' '|')"
	fi
}

# ------------------------------------------------------------------- FRR
aws_up run

# frr_up NAME CONF: FRR as its Debian package installs it (zebra, staticd,
# bgpd) on configuration file CONF, in the customer namespace, in $TMP/NAME
# (F): its daemons drop to the frr user, so the directory is frr's.
frr_up() {
	F=$TMP/$1
	mkdir "$F" && cp "$2" "$F/frr.conf" && chown -R frr:frr "$F" && chmod 711 "$TMP"
	FRR_PIDS=()
	local d extra
	for d in zebra staticd bgpd; do
		# bgpd only connects (-p 0: no listener); AWS's side is vpcsim
		extra=()
		[ $d = bgpd ] && extra=(-p 0)
		ip netns exec "$NS_C" timeout 90 "$FRR/$d" -f "$F/frr.conf" -z "$F/zserv.api" --vty_socket "$F" \
			-i "$F/$d.pid" -u frr -g frr --log "file:$F/$d.log" "${extra[@]}" >"$F/$d.out" 2>&1 &
		PIDS+=($!)
		FRR_PIDS+=($!)
		wait_for 10 test -S "$F/$d.vty" || fail "FRR $d starts" "$(tail -3 "$F/$d.out" "$F/$d.log" 2>/dev/null | tr '\n' '|')"
	done
}
frr_down() {
	for p in "${FRR_PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait "${FRR_PIDS[@]}" 2>/dev/null
}
frr_up frr "$TMP/frr.conf"
vty() { timeout 5 vtysh --vty_socket "$F" -c "$1" 2>&1; }
# nbr ADDR PYTHON-EXPR: the expression on FRR's `show bgp neighbors ADDR
# json` (n bound to the neighbour's object) is true.
nbr() {
	vty "show bgp neighbors $1 json" | python3 -c '
import json, sys
n = json.load(sys.stdin).get(sys.argv[1], {})
sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2"
}
nbr_says() { vty "show bgp neighbors $1 json" | head -c 600 | tr '\n' ' '; }

if wait_for 30 nbr "$DX_PEER" "n.get('bgpState') == 'Established'"; then
	pass "FRR with the printed configuration reaches Established over the VIF ($DX_PEER, TCP MD5)"
else
	fail "VIF session Established" "$(nbr_says "$DX_PEER") $(grep -i -E 'error|notif' "$F/bgpd.log" | tail -3 | tr '\n' '|')"
fi
if wait_for 10 nbr "$T1_PEER" "n.get('bgpState') == 'Established'"; then
	pass "and over VPN tunnel 1 ($T1_PEER)"
else
	fail "tunnel 1 session Established" "$(nbr_says "$T1_PEER")"
fi
# Hold time: the smaller of the two OPENs' (RFC 4271 4.2): AWS's 90 s on
# Direct Connect, 30 s on a VPN tunnel; the configuration proposes the same.
for x in "$DX_PEER 90 VIF" "$T1_PEER 30 tunnel"; do
	set -- $x
	if nbr "$1" "n.get('bgpTimerHoldTimeMsecs') == $2 * 1000"; then
		pass "$3 hold time $2 s"
	else
		fail "$3 hold time $2" "$(nbr_says "$1")"
	fi
done
if nbr "$DX_PEER" "n.get('remoteAs') == $AMZ_ASN" && nbr "$T1_PEER" "n.get('remoteAs') == $TGW_ASN"; then
	pass "AWS's ASNs: the DX gateway's amazonSideAsn ($AMZ_ASN), the transit gateway's AmazonSideAsn ($TGW_ASN)"
else
	fail "remote ASNs" "$(nbr_says "$DX_PEER")"
fi

# What FRR learns from each neighbour: NLRI and AS_PATH.
# learned ADDR: "PREFIX:ASPATH" of the routes FRR received from ADDR, sorted.
learned() {
	vty "show bgp ${2:-ipv4} unicast neighbors $1 routes json" | python3 -c '
import json, sys
r = json.load(sys.stdin).get("routes", {})
print(" ".join(sorted(p for p in r)) + " |" + " ".join(sorted({x.get("path", "") for v in r.values() for x in v})))'
}
learned_is() { [ "$(learned "$1" "${3:-}")" = "$2" ]; }
for x in "$DX_PEER|$ALLOWED|$AMZ_ASN|the DX gateway association's allowed prefixes over the VIF" \
	"$T1_PEER|$WANT_VPN|$TGW_ASN|the VPN attachment's route table over tunnel 1"; do
	IFS='|' read -r peer want path what <<<"$x"
	if wait_for 10 learned_is "$peer" "$want |$path"; then
		pass "FRR learns $what ($want), AS_PATH $path"
	else
		fail "FRR learns $what" "got '$(learned "$peer")', want '$want |$path'"
	fi
done
# ... and installs them in its namespace's kernel table (zebra: proto bgp),
# each through an AWS address on the link.
in_fib() {
	local p
	for p in $ALLOWED $WANT_VPN; do
		ip -n "$NS_C" route show "$p" proto bgp | grep -Eq "via ($DX_PEER|$T1_PEER) " || return 1
	done
}
if wait_for 10 in_fib; then
	pass "zebra installs every learned prefix in the router's kernel table, via $DX_PEER or $T1_PEER"
else
	fail "routes in the kernel" "$(ip -n "$NS_C" route show proto bgp | tr '\n' '|')"
fi

aws_received "$TMP/run.out" FRR

# vpcsim stops: each session ends with NOTIFICATION Cease / Administrative
# Shutdown (RFC 4486 3), which FRR reports as the reason it went down.
stop_vpcsim TERM
cease() { nbr "$DX_PEER" "'Administrative Shutdown' in n.get('lastNotificationReason', '') and n.get('bgpState') != 'Established'"; }
if wait_for 10 cease; then
	pass "FRR's last NOTIFICATION from AWS: Cease / Administrative Shutdown"
else
	fail "Cease seen by FRR" "$(nbr_says "$DX_PEER")"
fi
frr_down

# ------------------------------------------------------------------ BIRD
# BIRD in the customer namespace with the printed snippets after what any
# BIRD configuration starts with; its router ID is its own choice.
printf 'log "%s" all;\nprotocol device { }\n' "$TMP/bird.log" | cat - "$TMP/bird.snippets" >"$TMP/bird.conf"
aws_up run2
BIRD_IN=(ip netns exec "$NS_C")
start_bird
DX_SYM=aws_${VIF//-/_}
T1_SYM=aws_${VPN//-/_}_1
for x in "$DX_SYM VIF" "$T1_SYM tunnel"; do
	set -- $x
	if wait_for 20 bird_state_is "$1" Established; then
		pass "BIRD with the printed snippets reaches Established over the $2 ($1)"
	else
		fail "BIRD $2 Established" "$(birdc_ show protocols all "$1" | head -12 | tr '\n' '|') $(tail -3 "$TMP/bird.log" | tr '\n' '|')"
	fi
done
for x in "$DX_SYM|$ALLOWED|VIF" "$T1_SYM|$WANT_VPN|tunnel"; do
	IFS='|' read -r sym want what <<<"$x"
	wait_for 5 routes_are "$sym" "$want"
	if [ "$(got_routes "$sym")" = "$want" ]; then
		pass "BIRD learns $want over the $what"
	else
		fail "BIRD learns over the $what" "got '$(got_routes "$sym")', want '$want'"
	fi
done
aws_received "$TMP/run2.out" BIRD
stop_bird
stop_vpcsim TERM

# ------------------------------------------------------------------ IPv6
# A dual-stack private VIF (tests/interop/ipv6-vif.json: an IPv4 and an
# IPv6 BGP peer; the VGW's VPC has an IPv4 and an IPv6 CIDR, the site
# advertises an IPv6 prefix with a MED).  A VIF's IPv4 and IPv6 peers are
# separate sessions, multiprotocol BGP is not supported
# (add-peer-to-vif.html): over each AWS sends the VPC's CIDR of that family
# only.  FRR holds both (ID:ipv4, ID:ipv6), BIRD the IPv6 one alone.
SNAP=tests/interop/ipv6-vif.json
read -r V6_VIF V6_AWS V6_CUST V4_AWS V4_CUST V6_ASN V6_VPC V6_VPC4 V6_PFX V6_MED < <(python3 - "$SNAP" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
v = d["virtualInterfaces"][0]
p = [x for x in v["bgpPeers"] if x["addressFamily"] == "ipv6"][0]
p4 = [x for x in v["bgpPeers"] if x["addressFamily"] == "ipv4"][0]
g = d["VpnGateways"][0]
vpc = d["Vpcs"][0]
a = d["Sites"][0]["Advertise"][0]
print(v["virtualInterfaceId"], p["amazonAddress"], p["customerAddress"], p4["amazonAddress"],
      p4["customerAddress"], g["AmazonSideAsn"],
      vpc["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"], vpc["CidrBlock"], a["Prefix"], a["Med"])
PY
)
V6_PEER=${V6_AWS%/*}
V4_PEER=${V4_AWS%/*}
ip -n "$NS_A" addr add "$V6_AWS" dev va nodad && ip -n "$NS_C" addr add "$V6_CUST" dev vc nodad &&
	ip -n "$NS_A" addr add "$V4_AWS" dev va && ip -n "$NS_C" addr add "$V4_CUST" dev vc ||
	fail "dual-stack link addresses" "ip addr add failed"
V6_ONLY=(--session "$V6_VIF:ipv6@[$V6_PEER]:179")
DUAL=("${V6_ONLY[@]}" --session "$V6_VIF:ipv4@$V4_PEER:179")
SESSIONS=("${DUAL[@]}")
if timeout 10 "$VPCSIM" bgp "$SNAP" "${DUAL[@]}" --dry-run --json >"$TMP/dry.json" 2>"$TMP/dry.err" &&
	snippets frr >"$TMP/frr6.conf" &&
	timeout 10 "$VPCSIM" bgp "$SNAP" "${V6_ONLY[@]}" --dry-run --json >"$TMP/dry.json" 2>"$TMP/dry.err" &&
	snippets bird >"$TMP/bird6.snippets"; then
	pass "vpcsim bgp --dry-run prints the dual-stack VIF's sessions' FRR and BIRD configuration"
else
	fail "--dry-run IPv6" "$(cat "$TMP/dry.err")"
fi
# v6_received OUT ROUTER: vpcsim received the site's IPv6 prefix with its
# MED from ROUTER, and advertised it the VPC's IPv6 CIDR alone.
v6_received() {
	expect_event "$1" "vpcsim receives $V6_PFX from $2 over the IPv6 peer, MED $V6_MED" \
		"e['event'] == 'received' and e['prefix'] == '$V6_PFX' and e.get('med') == $V6_MED and 'not_used' not in e"
	if [ "$(count "$1" "e['event'] == 'advertised' and e['session'] == '$V6_VIF:ipv6' and e['prefix'] == '$V6_VPC'")" -eq 1 ] &&
		[ "$(count "$1" "e['event'] == 'advertised' and e['session'] == '$V6_VIF:ipv6'")" -eq 1 ]; then
		pass "AWS advertises $2 the VPC's IPv6 CIDR $V6_VPC alone, not its IPv4 $V6_VPC4"
	else
		fail "IPv6 session: what AWS advertises" "$(grep advertised "$1" | tr '\n' '|')"
	fi
}
aws_up run3
frr_up frr6 "$TMP/frr6.conf"
if wait_for 30 nbr "$V6_PEER" "n.get('bgpState') == 'Established'"; then
	pass "FRR with the printed configuration reaches Established with AWS's IPv6 peer ($V6_PEER, TCP MD5)"
else
	fail "IPv6 session Established" "$(nbr_says "$V6_PEER")"
fi
if wait_for 10 learned_is "$V6_PEER" "$V6_VPC |$V6_ASN" ipv6; then
	pass "FRR learns $V6_VPC, AS_PATH $V6_ASN"
else
	fail "FRR learns over IPv6" "got '$(learned "$V6_PEER" ipv6)'"
fi
in_fib6() { ip -n "$NS_C" -6 route show "$V6_VPC" proto bgp | grep -q "via $V6_PEER "; }
if wait_for 10 in_fib6; then
	pass "zebra installs it via $V6_PEER"
else
	fail "IPv6 route in the kernel" "$(ip -n "$NS_C" -6 route show proto bgp | tr '\n' '|')"
fi
v6_received "$TMP/run3.out" FRR
# the IPv4 peer of the same VIF: its own session, the VPC's IPv4 CIDR
if wait_for 10 nbr "$V4_PEER" "n.get('bgpState') == 'Established'" &&
	wait_for 10 learned_is "$V4_PEER" "$V6_VPC4 |$V6_ASN"; then
	pass "and with its IPv4 peer ($V4_PEER): FRR learns $V6_VPC4 there"
else
	fail "dual-stack IPv4 peer" "$(nbr_says "$V4_PEER") $(learned "$V4_PEER")"
fi
if [ "$(count "$TMP/run3.out" "e['event'] == 'advertised' and e['session'] == '$V6_VIF:ipv4'")" -eq 1 ]; then
	pass "over the IPv4 peer AWS advertises $V6_VPC4 alone"
else
	fail "IPv4 peer: what AWS advertises" "$(grep advertised "$TMP/run3.out" | tr '\n' '|')"
fi
frr_down
stop_vpcsim TERM

# BIRD: an IPv6-only router has no IPv4 address to take its router ID
# from, so its head sets one besides the log and the device protocol.
printf 'log "%s" all;\nrouter id 192.0.2.2;\nprotocol device { }\n' "$TMP/bird.log" | cat - "$TMP/bird6.snippets" >"$TMP/bird.conf"
SESSIONS=("${V6_ONLY[@]}")
aws_up run4
start_bird
V6_SYM=aws_${V6_VIF//-/_}_ipv6
if wait_for 20 bird_state_is "$V6_SYM" Established; then
	pass "BIRD with the printed snippet reaches Established with AWS's IPv6 peer"
else
	fail "BIRD IPv6 Established" "$(birdc_ show protocols all "$V6_SYM" | head -12 | tr '\n' '|')"
fi
if wait_for 5 routes_are "$V6_SYM" "$V6_VPC"; then
	pass "BIRD learns $V6_VPC"
else
	fail "BIRD learns over IPv6" "got '$(got_routes "$V6_SYM")'"
fi
v6_received "$TMP/run4.out" BIRD
stop_bird
finish
