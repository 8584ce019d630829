#!/usr/bin/env bash
# DOC: interop -- a real BGP router (BIRD 2) peers with `vpcsim bgp`
#
# Usage: tests/interop/bgp.sh VPCSIM SRCDIR
#
# Starts `vpcsim bgp` on the bundled examples/hub-spoke snapshot as AWS's
# side of three sessions on 127.0.0.1 (ports the kernel picks, read from
# its JSON lines): the Direct Connect transit VIF dxvif-fgx7k2mq (its
# authKey as TCP MD5 key) and both tunnels of VPN connection
# vpn-052cd6fe161f1682b; then BIRD 2 on 127.0.0.2 with one `protocol bgp`
# per session -- the site's ASN 65010 on the VIF and tunnel 1, a wrong ASN
# on tunnel 2 -- exporting a few static prefixes.  A second run sends the
# VIF 100 prefixes, then 101.  Every expected value is the snapshot's own
# (its JSON files, read here) or the AWS / RFC behaviour cited at each
# case, never vpcsim's output.  Loopback only; every process runs under
# timeout and is killed on exit.
#
# Prints "ok   NAME" or "FAIL NAME: why" per case, then "N cases, M failed".
set -u

. "$(dirname -- "$0")/../lib/cases.sh" # pass, fail, finish; PIDS killed and $TMP removed on exit
test_args 2 "bgp.sh VPCSIM SRCDIR" "$@"
need bird bird2
need birdc bird2
. tests/lib/bgp.sh # the snapshot's BGP links and values; start_vpcsim, count, vs_has, expect_event, stop_vpcsim; start_bird, birdc_, ...
tmp_dir bgp

# bird_head: how every BIRD configuration here starts (its log, a router
# id, the device protocol BIRD needs to know the interfaces).
bird_head() {
	printf 'log "%s" all;\nrouter id 192.0.2.1;\nprotocol device { }\n' "$TMP/bird.log"
}
# bird_conf [LINES] <PROTOCOLS: $TMP/bird.conf, bird_head, `template bgp
# aws` (the site's side of a session with vpcsim: 127.0.0.2 port $BP, AS
# $SITE_ASN, retrying within 1-2 s so that a session comes back inside the
# waits below) with LINES (tab-indented, each ending in a newline) added to
# it, then PROTOCOLS.
bird_conf() {
	{
		bird_head
		cat <<EOF
template bgp aws {
	local 127.0.0.2 port $BP as $SITE_ASN;
	multihop 2;
	connect delay time 1;
	connect retry time 2;
	error wait time 1, 2;
${1:-}}
EOF
		cat
	} >"$TMP/bird.conf"
}
# stays_false SECONDS COMMAND...: COMMAND (polled every 0.1 s) did not
# succeed once in SECONDS of wall time.
stays_false() {
	local t_end=$((SECONDS + $1))
	shift
	while [ $SECONDS -lt $t_end ]; do
		"$@" && return 1
		sleep 0.1
	done
	return 0
}


# ---------------------------------------------------------------- run 0
# The README's way in (issue 14 "Done when"): `vpcsim bgp --dry-run` prints
# the customer router's BIRD configuration for the session, as AWS's
# "download router configuration" does (create-vif.html); that snippet,
# with only BIRD's own address and port changed to loopback ones, goes
# into BIRD as printed and the session comes up and exchanges routes.
start_vpcsim run0 --session "$VIF@127.0.0.1:0"
P_DX=$(port_of "$TMP/run0.out" "$VIF") || { fail "vpcsim bgp starts" "$(cat "$TMP/run0.err")"; finish; }
BP=$(free_port 127.0.0.2)
if timeout 10 "$VPCSIM" bgp "$SNAP" --session "$VIF@127.0.0.1:$P_DX" --dry-run --json >"$TMP/dry.json" 2>"$TMP/dry.err" &&
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sessions"][0]["bird"])' "$TMP/dry.json" >"$TMP/snippet.conf"; then
	pass "vpcsim bgp --dry-run prints the session's BIRD configuration"
else
	fail "--dry-run" "$(cat "$TMP/dry.err")"
fi
# what a customer needs is in it, from the snapshot's files
CUST_ADDR=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["virtualInterfaces"][0]["customerAddress"].split("/")[0])' "$CFG/VirtualInterfaces.json")
for want in "local $CUST_ADDR as $SITE_ASN;" "neighbor 127.0.0.1 port $P_DX as $AMZ_ASN;" "password \"$MD5KEY\";" \
	"hold time 90;" "route $SITE_PFX blackhole;"; do
	if grep -qF -- "$want" "$TMP/snippet.conf"; then
		pass "the BIRD snippet says: $want"
	else
		fail "BIRD snippet: $want" "$(tr '\n' '|' <"$TMP/snippet.conf")"
	fi
done
{
	bird_head
	sed "s/^\(\tlocal\) $CUST_ADDR as/\1 127.0.0.2 port $BP as/" "$TMP/snippet.conf"
} >"$TMP/bird.conf"
SYM=aws_dxvif_fgx7k2mq
start_bird
if wait_for 25 bird_state_is "$SYM" Established; then
	pass "BIRD with the printed snippet reaches Established with vpcsim"
else
	fail "snippet session Established" "$(birdc_ show protocols all "$SYM" | head -12 | tr '\n' '|') $(tail -3 "$TMP/bird.log" | tr '\n' '|')"
fi
wait_for 5 routes_are "$SYM" "$ALLOWED"
if [ "$(got_routes "$SYM")" = "$ALLOWED" ]; then
	pass "and learns the allowed prefixes ($ALLOWED)"
else
	fail "snippet session: AWS's routes" "BIRD has '$(got_routes "$SYM")', want '$ALLOWED'"
fi
expect_event "$TMP/run0.out" "vpcsim receives the site's $SITE_PFX with $SITE_COMM as Sites.json advertises it" \
	"e['event'] == 'received' and e['prefix'] == '$SITE_PFX' and e.get('communities', []) == '$SITE_COMM'.split(',')"
# A wrong MD5 key never establishes (RFC 2385: the kernel drops segments
# whose signature does not verify, so not even the TCP handshake is seen).
stop_bird
sed -i "s/password \"$MD5KEY\";/password \"NotTheVifAuthKey\";/" "$TMP/bird.conf"
grep -q NotTheVifAuthKey "$TMP/bird.conf" || fail "wrong MD5 config" "password not replaced"
start_bird
wait_for 5 test -S "$TMP/bird.ctl"
up=no
stays_false 8 bird_state_is "$SYM" Established || up=yes
n_est=$(count "$TMP/run0.out" "e['event'] == 'state' and e['to'] == 'Established'")
n_open=$(count "$TMP/run0.out" "e['event'] == 'state' and e['to'] == 'OpenSent'")
if [ $up = no ] && [ "$n_est" -eq 1 ] && [ "$n_open" -eq 1 ]; then
	pass "BIRD with another MD5 password never reaches Established (8 s), vpcsim sees no connection"
else
	fail "wrong MD5 key" "BIRD up=$up, vpcsim Established $n_est, OpenSent $n_open"
fi
kill -TERM "$VS_PID"
wait "$VS_PID"
stop_bird

# ---------------------------------------------------------------- run 1
start_vpcsim run1 --session "$VIF@127.0.0.1:0" --session "$VPN:1@127.0.0.1:0" \
	--session "$VPN:2@127.0.0.1:0" --routes tgw-rtb-0f126e4b6710a1fef
P_DX=$(port_of "$TMP/run1.out" "$VIF") || { fail "vpcsim bgp starts" "$(cat "$TMP/run1.err")"; finish; }
P_T1=$(port_of "$TMP/run1.out" "$VPN:1")
P_T2=$(port_of "$TMP/run1.out" "$VPN:2")
BP=$(free_port 127.0.0.2)
bird_conf $'\thold time 240;\n' <<EOF
protocol static site { ipv4; route 192.168.0.0/16 blackhole; route 192.168.10.0/24 blackhole; }
protocol static extra { ipv4; route 172.20.0.0/16 blackhole; }
protocol static looped { ipv4; route 172.31.0.0/16 blackhole; }
protocol bgp dx from aws {
	neighbor 127.0.0.1 port $P_DX as $AMZ_ASN;
	password "$MD5KEY";
	ipv4 {
		import all;
		export filter {
			if proto = "site" || proto = "extra" then {
				bgp_community.add((7224, 7300));
				bgp_med = 50;
				accept;
			}
			reject;
		};
	};
}
protocol bgp tunnel1 from aws {
	neighbor 127.0.0.1 port $P_T1 as 64512;
	ipv4 {
		import all;
		export filter {
			if proto = "looped" then { bgp_path.prepend(64512); accept; }
			if proto = "site" then accept;
			reject;
		};
	};
}
protocol bgp tunnel2 from aws {
	local 127.0.0.2 port $BP as 65099;
	neighbor 127.0.0.1 port $P_T2 as 64512;
	ipv4 { import all; export where proto = "site"; };
}
EOF
start_bird

if wait_for 20 bird_state_is dx Established; then
	pass "DX session with TCP MD5 (the VIF's authKey) reaches Established"
else
	fail "DX session Established" "$(birdc_ show protocols all dx | head -20 | tr '\n' '|')"
fi
if wait_for 10 bird_state_is tunnel1 Established; then
	pass "VPN tunnel 1 session reaches Established"
else
	fail "VPN tunnel 1 Established" "$(birdc_ show protocols all tunnel1 | head -20 | tr '\n' '|')"
fi
# BIRD proposes 240 s; the session uses the smaller (RFC 4271 4.2): AWS's
# 90 s on Direct Connect, 30 s on a VPN tunnel (its configuration's hold_time)
if birdc_ show protocols all dx | grep -Eq 'Hold timer:.*/90$'; then
	pass "DX hold time: min(240, AWS's 90) = 90 s (RFC 4271 4.2)"
else
	fail "DX hold time 90" "$(birdc_ show protocols all dx | grep -i timer | tr '\n' '|')"
fi
if birdc_ show protocols all tunnel1 | grep -Eq 'Hold timer:.*/30$'; then
	pass "VPN hold time: min(240, 30) = 30 s"
else
	fail "VPN hold time 30" "$(birdc_ show protocols all tunnel1 | grep -i timer | tr '\n' '|')"
fi
if birdc_ show protocols all dx | grep -q "Neighbor AS:[[:space:]]*$AMZ_ASN"; then
	pass "AWS speaks with the DX gateway's amazonSideAsn ($AMZ_ASN)"
else
	fail "DX gateway ASN" "$(birdc_ show protocols all dx | grep -i AS | tr '\n' '|')"
fi

# Bad Peer AS (RFC 4271 6.2): tunnel 2 OPENs with 65099, the customer
# gateway says $CGW_ASN.
if wait_for 15 bird_error_has tunnel2 "Bad peer AS"; then
	pass "a peer with another ASN than the customer gateway's gets NOTIFICATION 2/2 Bad Peer AS"
else
	fail "Bad Peer AS" "$(birdc_ show protocols all tunnel2 | head -8 | tr '\n' '|')"
fi
if vs_has "$TMP/run1.out" "e['session'] == '$VPN:2' and e['event'] == 'notification-sent' and e['code'] == 2 and e['subcode'] == 2"; then
	pass "vpcsim reports the 2/2 it sent"
else
	fail "vpcsim reports 2/2" "$(grep "$VPN:2" "$TMP/run1.out" | tail -5 | tr '\n' '|')"
fi

# What AWS advertises: over the transit VIF, the association's allowed prefixes
wait_for 5 routes_are dx "$ALLOWED"
if [ "$(got_routes dx)" = "$ALLOWED" ]; then
	pass "BIRD learns the DX gateway association's allowed prefixes over the VIF ($ALLOWED)"
else
	fail "allowed prefixes over the VIF" "BIRD has '$(got_routes dx)', the snapshot allows '$ALLOWED'"
fi
if birdc_ show route protocol dx all | grep -q "BGP.as_path: $AMZ_ASN\$"; then
	pass "their AS_PATH is the Amazon-side ASN alone"
else
	fail "AS_PATH of AWS's routes" "$(birdc_ show route protocol dx all | grep as_path | head -3 | tr '\n' '|')"
fi
wait_for 5 routes_are tunnel1 "$WANT_VPN"
if [ "$(got_routes tunnel1)" = "$WANT_VPN" ]; then
	pass "BIRD learns the VPN attachment's route table over tunnel 1"
else
	fail "routes over the VPN" "BIRD has '$(got_routes tunnel1)', want '$WANT_VPN'"
fi

# What vpcsim received: BIRD's exports, with the MED and community BIRD set
for p in 192.168.0.0/16 192.168.10.0/24 172.20.0.0/16; do
	if wait_for 5 vs_has "$TMP/run1.out" "e['session'] == '$VIF' and e['event'] == 'received' and e['prefix'] == '$p' and e['as_path'] == [$SITE_ASN] and e.get('med') == 50 and e.get('communities') == ['7224:7300']"; then
		pass "vpcsim received $p over the VIF (AS_PATH $SITE_ASN, MED 50, 7224:7300)"
	else
		fail "received $p" "$(grep received "$TMP/run1.out" | tr '\n' '|')"
	fi
done
if vs_has "$TMP/run1.out" "e['session'] == '$VPN:1' and e['event'] == 'received' and e['prefix'] == '192.168.0.0/16'"; then
	pass "vpcsim received 192.168.0.0/16 over tunnel 1"
else
	fail "received over tunnel 1" "$(grep "$VPN:1" "$TMP/run1.out" | tail -5 | tr '\n' '|')"
fi

# A withdrawal (RFC 4271 4.3): BIRD stops exporting 172.20.0.0/16
birdc_ disable extra >/dev/null
if wait_for 5 vs_has "$TMP/run1.out" "e['session'] == '$VIF' and e['event'] == 'withdrawn' and e['prefix'] == '172.20.0.0/16' and 'reason' not in e"; then
	pass "a prefix BIRD withdraws is withdrawn in vpcsim"
else
	fail "withdrawn" "$(tail -5 "$TMP/run1.out" | tr '\n' '|')"
fi
# ROUTE-REFRESH (RFC 2918 3): AWS sends its routes again
birdc_ reload in dx >/dev/null
if wait_for 5 vs_has "$TMP/run1.out" "e['session'] == '$VIF' and e['event'] == 'advertised' and e['prefix'] == '10.0.0.0/16'" 2; then
	pass "ROUTE-REFRESH from BIRD: vpcsim advertises again"
else
	fail "route refresh" "$(grep advertised "$TMP/run1.out" | tr '\n' '|')"
fi

# SIGTERM: every session ends with Cease / Administrative Shutdown (RFC 4486 4)
stop_vpcsim TERM
# What BIRD advertised feeds the route engine: the transit gateway route
# table the DX gateway attachment propagates into (TransitGatewayPropagations.json)
# holds 192.168.10.0/24 -- a prefix the snapshot names nowhere -- over that
# attachment, a Direct Connect route (how-transit-gateways-work.html).
DXGW_ATT=$(python3 -c 'import json,sys; print([a["TransitGatewayAttachmentId"] for a in json.load(open(sys.argv[1]))["TransitGatewayAttachments"] if a["ResourceType"] == "direct-connect-gateway"][0])' "$CFG/TransitGatewayAttachments.json")
if vs_has "$TMP/run1.out" "e['event'] == 'routes' and any(r['destination'] == '192.168.10.0/24' and r['installed'] and r['origin'] == 'direct-connect' and r['next_hop']['id'] == '$DXGW_ATT' for t in [e['tables']] for r in t['routes'])"; then
	pass "BIRD's 192.168.10.0/24 is in the TGW route table over the DX gateway attachment ($DXGW_ATT)"
else
	fail "learned route in the TGW route table" "$(grep '"routes"' "$TMP/run1.out" | head -c 800)"
fi
if vs_has "$TMP/run1.out" "e['event'] == 'routes' and not any(r['destination'] == '172.20.0.0/16' for t in [e['tables']] for r in t['routes'])"; then
	pass "and the prefix BIRD withdrew is not"
else
	fail "withdrawn prefix gone from the TGW route table" "$(grep '"routes"' "$TMP/run1.out" | head -c 800)"
fi
# eBGP loop prevention (RFC 4271 9.1.2): BIRD sends 172.31.0.0/16 over
# tunnel 1 with the transit gateway's own ASN 64512 in its AS_PATH; vpcsim
# says it does not use it, and the TGW route table has no route for it.
if vs_has "$TMP/run1.out" "e['event'] == 'received' and e['session'] == '$VPN:1' and e['prefix'] == '172.31.0.0/16' and e['as_path'] == [$SITE_ASN, 64512] and '9.1.2' in e.get('not_used', '')"; then
	pass "a route whose AS_PATH holds the TGW's ASN: received, said not used (AS_PATH loop)"
else
	fail "AS_PATH loop received" "$(grep 172.31 "$TMP/run1.out" | tr '\n' '|')"
fi
if vs_has "$TMP/run1.out" "e['event'] == 'routes' and not any(r['destination'] == '172.31.0.0/16' and r['installed'] for t in [e['tables']] for r in t['routes'])"; then
	pass "and the TGW route table does not install it"
else
	fail "looped route installed" "$(grep '"routes"' "$TMP/run1.out" | head -c 800)"
fi
if wait_for 5 bird_error_has dx "Administrative shutdown"; then
	pass "BIRD receives NOTIFICATION 6/2 Administrative Shutdown"
else
	fail "administrative shutdown" "$(birdc_ show protocols all dx | head -8 | tr '\n' '|')"
fi
stop_bird

# ---------------------------------------------------------------- run 2
# Direct Connect quota: 100 prefixes per BGP session on a private or
# transit VIF; more and AWS takes the session down (limits.html).
start_vpcsim run2 --session "$VIF@127.0.0.1:0" --duration 60 --quota-idle 6
P_DX=$(port_of "$TMP/run2.out" "$VIF") || { fail "vpcsim bgp starts again" "$(cat "$TMP/run2.err")"; finish; }
statics() {
	local i
	for i in $(seq 0 $(($1 - 1))); do echo "	route 10.200.$i.0/24 blackhole;"; done
}
write_conf() {
	bird_conf <<EOF
protocol static many {
	ipv4;
$(statics "$1")
}
protocol bgp dx from aws {
	neighbor 127.0.0.1 port $P_DX as $AMZ_ASN;
	password "$MD5KEY";
	ipv4 { import all; export where proto = "many"; };
}
EOF
}
write_conf 100
start_bird
if wait_for 20 vs_has "$TMP/run2.out" "e['event'] == 'received'" 100; then
	pass "100 prefixes over the transit VIF: received"
else
	fail "100 prefixes" "$(count "$TMP/run2.out" "e['event'] == 'received'") received"
fi
sleep 1
if bird_state_is dx Established && ! vs_has "$TMP/run2.out" "e['event'] == 'notification-sent'"; then
	pass "at the quota (100) the session stays up"
else
	fail "100 stays up" "$(birdc_ show protocols all dx | head -6 | tr '\n' '|')"
fi
write_conf 101
birdc_ configure >/dev/null
if wait_for 10 bird_error_has dx "Maximum number of prefixes reached"; then
	pass "the 101st prefix: NOTIFICATION 6/1 Maximum Number of Prefixes Reached (RFC 4486)"
else
	fail "6/1" "$(birdc_ show protocols all dx | head -8 | tr '\n' '|') $(tail -3 "$TMP/run2.out" | tr '\n' '|')"
fi
if vs_has "$TMP/run2.out" "e['event'] == 'quota' and '101' in e['message'] and '100-prefix' in e['message']"; then
	pass "vpcsim says the session went down over the 100-prefix quota"
else
	fail "quota message" "$(grep quota "$TMP/run2.out" | tr '\n' '|')"
fi
# AWS leaves a session over its quota down ("idle") until the prefixes
# are reduced (limits.html); vpcsim stays Idle --quota-idle seconds (6
# here) refusing the peer, which retries every 1-2 s (error wait time).
established() { count "$TMP/run2.out" "e['event'] == 'state' and e['to'] == 'Established'"; }
session_back() { bird_state_is dx Established || [ "$(established)" -gt 1 ]; }
up_again=no
stays_false 4 session_back || up_again=yes
if [ $up_again = no ]; then
	pass "over the quota the session stays down (Idle): not Established again within 4 s of BIRD's retries"
else
	fail "quota: stays down" "$(grep '"state"' "$TMP/run2.out" | tail -4 | tr '\n' '|')"
fi
write_conf 100
birdc_ configure >/dev/null
twice_up() { [ "$(established)" -ge 2 ]; }
if wait_for 20 twice_up; then
	pass "with the prefixes reduced to 100, the session comes back after the Idle time"
else
	fail "quota: back after reduction" "$(grep '"state"' "$TMP/run2.out" | tail -4 | tr '\n' '|')"
fi
stop_bird

# ---------------------------------------------------------------- run 3
# The active side: BIRD waits (passive), vpcsim connects (RFC 4271 8.2.2
# Connect state), with the VIF's MD5 key on the outgoing connection.
{
	bird_head
	cat
} >"$TMP/bird.conf" <<EOF
protocol static site { ipv4; route 192.168.0.0/16 blackhole; }
protocol bgp dx {
	local 127.0.0.2 port $BP as $SITE_ASN;
	neighbor 127.0.0.1 as $AMZ_ASN;
	passive on;
	password "$MD5KEY";
	multihop 2;
	ipv4 { import all; export where proto = "site"; };
}
EOF
start_bird
wait_for 5 test -S "$TMP/bird.ctl"
sleep 0.5
start_vpcsim run3 --connect "$VIF@127.0.0.2:$BP" --duration 30
if wait_for 15 bird_state_is dx Established; then
	pass "vpcsim --connect reaches Established with a passive BIRD (TCP MD5 on the connect)"
else
	fail "active connect" "$(birdc_ show protocols all dx | head -8 | tr '\n' '|') $(tail -3 "$TMP/run3.out" | tr '\n' '|')"
fi
if wait_for 5 vs_has "$TMP/run3.out" "e['event'] == 'received' and e['prefix'] == '192.168.0.0/16'"; then
	pass "and receives BIRD's prefix"
else
	fail "active connect: received" "$(tail -3 "$TMP/run3.out" | tr '\n' '|')"
fi
stop_vpcsim INT
stop_bird

# ---------------------------------------------------------------- run 4
# Live state from outside (--control): a copy of hub-spoke with a second
# transit VIF on the same Direct Connect gateway; BIRD announces the
# site's 192.168.0.0/16 over both VIFs and tunnel 1.  The DX gateway
# chooses among its VIFs by local preference (7224:7100/7200/7300, 200
# without one), then AS_PATH length (routing-and-bgp.html, "Routing
# policies and BGP communities"); a transit gateway prefers a Direct
# Connect route to a VPN one and falls back to the VPN when it goes
# (tgw-route-tables.html, "Route evaluation order").  Every answer is
# `vpcsim bgp --query` on the control socket.
HS2=$TMP/hs2
cp -r "$SNAP" "$HS2"
python3 - "$HS2/aws_configs/111122223333/us-east-1" <<'PY'
import copy, json, sys
d = sys.argv[1]
f = d + "/VirtualInterfaces.json"
j = json.load(open(f))
v = copy.deepcopy(j["virtualInterfaces"][0])
v.update(virtualInterfaceId="dxvif-second01", virtualInterfaceName="dc1-transit-vif-2", vlan=102,
         authKey="SecondVifMd5Key", amazonAddress="169.254.101.1/30", customerAddress="169.254.101.2/30")
v["bgpPeers"][0].update(bgpPeerId="dxpeer-second01", authKey="SecondVifMd5Key",
                        amazonAddress="169.254.101.1/30", customerAddress="169.254.101.2/30")
v["tags"] = [{"key": "Name", "value": "dc1-transit-vif-2"}]
j["virtualInterfaces"].append(v)
json.dump(j, open(f, "w"))
PY
VIF2=dxvif-second01
DXGW=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["directConnectGateways"][0]["directConnectGatewayId"])' "$CFG/DirectConnectGateways.json")
VPN_ATT=$(python3 -c 'import json,sys; print([a["TransitGatewayAttachmentId"] for a in json.load(open(sys.argv[1]))["TransitGatewayAttachments"] if a["ResourceType"] == "vpn"][0])' "$CFG/TransitGatewayAttachments.json")
CTL=$TMP/ctl.sock
timeout --foreground 90 "$VPCSIM" bgp "$HS2" --json --session "$VIF@127.0.0.1:0" --session "$VIF2@127.0.0.1:0" \
	--session "$VPN:1@127.0.0.1:0" --control "$CTL" >"$TMP/run4.out" 2>"$TMP/run4.err" &
VS_PID=$!
PIDS+=("$VS_PID")
P_DX=$(port_of "$TMP/run4.out" "$VIF") || { fail "vpcsim bgp --control starts" "$(cat "$TMP/run4.err")"; finish; }
P_DX2=$(port_of "$TMP/run4.out" "$VIF2")
P_T1=$(port_of "$TMP/run4.out" "$VPN:1")
if [ "$(stat -c %a "$CTL" 2>/dev/null)" = 600 ]; then
	pass "the control socket is mode 0600"
else
	fail "control socket mode" "$(ls -l "$CTL" 2>&1)"
fi
q() { timeout 10 "$VPCSIM" bgp --query "$CTL" "$@"; }
# choice RESOURCE PREFIX: "NEXT-HOP-ID VIA" of its installed route
choice() {
	q routes "$1" --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
for t in d.get("tables", [d]):
    for r in t["routes"]:
        if r["destination"] == sys.argv[1] and r["installed"]:
            print(r["next_hop"]["id"], r.get("via", "-"))
            sys.exit(0)
print("none")' "$2"
}
write_conf4() { # $1: BIRD filter statements for the route over the first VIF
	bird_conf <<EOF
protocol static site { ipv4; route 192.168.0.0/16 blackhole; }
protocol bgp dx1 from aws {
	neighbor 127.0.0.1 port $P_DX as $AMZ_ASN;
	password "$MD5KEY";
	ipv4 { import all; export filter { if proto = "site" then { $1 accept; } reject; }; };
}
protocol bgp dx2 from aws {
	neighbor 127.0.0.1 port $P_DX2 as $AMZ_ASN;
	password "SecondVifMd5Key";
	ipv4 { import all; export where proto = "site"; };
}
protocol bgp tunnel1 from aws {
	neighbor 127.0.0.1 port $P_T1 as 64512;
	ipv4 { import all; export where proto = "site"; };
}
EOF
}
write_conf4 "bgp_path.prepend($SITE_ASN); bgp_path.prepend($SITE_ASN); bgp_community.add((7224, 7300));"
start_bird
wait_for 20 bird_state_is dx1 Established
wait_for 10 bird_state_is dx2 Established
wait_for 10 bird_state_is tunnel1 Established
dxgw_is() { [ "$(choice "$DXGW" 192.168.0.0/16)" = "$1 $1" ]; }
if wait_for 10 dxgw_is "$VIF"; then
	pass "$VIF with 7224:7300 and a longer AS_PATH: high local preference wins, the DX gateway prefers $VIF (--query routes)"
else
	fail "community: the DX gateway's choice" "$(choice "$DXGW" 192.168.0.0/16)"
fi
# the router drops the community (birdc configure): AS_PATH length decides
write_conf4 "bgp_path.prepend($SITE_ASN); bgp_path.prepend($SITE_ASN);"
birdc_ configure >/dev/null
if wait_for 10 dxgw_is "$VIF2"; then
	pass "BIRD keeps only the prepends on $VIF: the DX gateway now prefers $VIF2 (shorter AS_PATH)"
else
	fail "prepend changes the DX gateway's choice" "$(choice "$DXGW" 192.168.0.0/16)"
fi
if [ "$(choice tgw-rtb-0f126e4b6710a1fef 192.168.0.0/16 | cut -d' ' -f1)" = "$DXGW_ATT" ]; then
	pass "the TGW route table sends 192.168.0.0/16 to the DX gateway attachment"
else
	fail "TGW over DX" "$(choice tgw-rtb-0f126e4b6710a1fef 192.168.0.0/16)"
fi
trace_vias() { q trace i-08c1bd499d39fce96 dc1-db --port 443 --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("reachable" if d["reachable"] else "unreachable", " ".join(h["component"]["id"] for h in d["forward"]["hops"] if "component" in h))'; }
if trace_vias | grep -q "^reachable .*$DXGW_ATT .*$VIF2 "; then
	pass "--query trace: the flow to dc1-db goes over the DX gateway attachment and $VIF2"
else
	fail "trace over DX" "$(trace_vias)"
fi
# both Direct Connect sessions go down: the TGW falls back to the VPN
birdc_ disable dx1 >/dev/null
birdc_ disable dx2 >/dev/null
tgw_is() { [ "$(choice tgw-rtb-0f126e4b6710a1fef 192.168.0.0/16 | cut -d' ' -f1)" = "$1" ]; }
if wait_for 10 tgw_is "$VPN_ATT"; then
	pass "both DX sessions down (BIRD disables them): the TGW route fails over to the VPN attachment ($VPN_ATT)"
else
	fail "failover to the VPN" "$(choice tgw-rtb-0f126e4b6710a1fef 192.168.0.0/16)"
fi
if trace_vias | grep -q "^reachable .*$VPN_ATT .*$VPN"; then
	pass "--query trace: the flow now goes over the VPN"
else
	fail "trace over the VPN" "$(trace_vias)"
fi
q routes nope >/dev/null 2>"$TMP/q.out"
rc=$?
if [ "$rc" -eq 2 ]; then
	pass "--query routes of an unknown resource: exit 2"
else
	fail "--query unknown resource" "exit $rc"
fi
kill -TERM "$VS_PID"
wait "$VS_PID"
if [ ! -e "$CTL" ]; then
	pass "the control socket is removed at exit"
else
	fail "control socket removed" "still there"
fi
stop_bird
finish
