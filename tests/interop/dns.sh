#!/usr/bin/env bash
# DOC: interop -- a real DNS client (dig, BIND 9's) asks `vpcsim dns`
#
# Usage: tests/interop/dns.sh VPCSIM SRCDIR
#
# Starts `vpcsim dns` on the bundled examples/dns snapshot, on 127.0.0.1
# with a port the kernel picks (read from the server's stderr), once as the
# internet's view (Route 53's authoritative answers for the public zones)
# and once as the resolver of an instance's VPC (Route 53 Resolver), and
# asks it with dig over UDP and TCP.  Every expected value is the
# snapshot's own record data (examples/dns/route53-*-records.json) and the
# AWS / RFC behaviour cited at each case.  Nothing leaves the machine;
# every dig has a 2 s timeout and one try, the servers are killed on exit.
#
# Prints "ok   NAME" or "FAIL NAME: why" per case, then "N cases, M failed".
set -u

. "$(dirname -- "$0")/../lib/cases.sh" # pass, fail, finish; PIDS killed and $TMP removed on exit
test_args 2 "dns.sh VPCSIM SRCDIR" "$@"
need dig bind9-dnsutils
tmp_dir dns

# start NAME ARGS...: run `vpcsim dns ARGS` in the background; sets PORT.
# timeout --foreground: a stop signals the server only, not timeout's process
# group, where it would also stop LeakSanitizer's tracer at the server's exit
# (which then never ends).
start() {
	local name=$1 err=$TMP/$1.err
	shift
	# --foreground: killed at the end, the server gets SIGTERM once, not
	# the SIGCONT timeout(1) otherwise sends its process group, which can
	# cancel the stop of LeakSanitizer's exit-time check and hang it there
	timeout --foreground 120 "$VPCSIM" dns "$@" --listen 127.0.0.1:0 2>"$err" &
	PIDS+=($!)
	PORT=$(log_port "$err" 50) && return 0
	echo "FAIL $name: the server did not start: $(cat "$err")"
	exit 1
}

ask() { dig +time=2 +tries=1 -p "$PORT" @127.0.0.1 "$@" 2>&1; }
kask() { kdig +time=2 +retry=0 -p "$PORT" @127.0.0.1 "$@" 2>&1; }
CLIENT=ask

# raw_dns TIMEOUT <PROGRAM: python3 runs PROGRAM, messages dig cannot send,
# after a prelude: s, a UDP socket of TIMEOUT seconds; query(id, flags,
# qname, qd=1, ar=0), a header and the question qname (wire form) A IN;
# send(m), m to the server on $PORT.
raw_dns() {
	python3 -c "import socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout($1)
def query(id, flags, qname, qd=1, ar=0):
    return struct.pack('>HHHHHH', id, flags, qd, 0, 0, ar) + qname + struct.pack('>HH', 1, 1)
def send(m):
    s.sendto(m, ('127.0.0.1', $PORT))
$(cat)"
}

# expect NAME PATTERN ARGS...: the client's output (dig's; kdig's with
# CLIENT=kask) holds a line matching PATTERN.
expect() {
	local name=$1 pat=$2
	shift 2
	local out
	out=$("$CLIENT" "$@")
	if grep -Eq -- "$pat" <<<"$out"; then
		pass "$name"
	else
		fail "$name" "no line matching '$pat' in: $(tr '\n' '|' <<<"$out" | head -c 600)"
	fi
}

# answer OWNER TTL TYPE RDATA: the pattern of dig's answer line for that
# class IN record.  The dots of the names and addresses stand for
# themselves; any other regular expression (a TTL of [0-9]+, 9[12]) keeps
# its meaning.
answer() {
	local re
	re=$(printf '^%s[[:space:]]+%s[[:space:]]+IN[[:space:]]+%s[[:space:]]+%s$' "$1" "$2" "$3" "$4")
	printf '%s' "${re//./\\.}"
}

# --- the internet: Route 53's authoritative servers for the public zones ---
start internet examples/dns
expect "public A record, authoritative (flags qr aa, no ra: Route 53's name servers do not recurse)" \
	"$(answer www.example.com. 300 A 198.51.100.80)" www.example.com A
expect "authoritative answer flags" 'flags: qr aa rd;' www.example.com A
expect "CNAME and its target in the same zone (RFC 1034 4.3.2 step 3a)" \
	"$(answer www.example.com. 300 A 198.51.100.80)" api.example.com A
expect "the CNAME itself" "$(answer api.example.com. '[0-9]+' CNAME www.example.com.)" api.example.com A
expect "NXDOMAIN with the zone's SOA, TTL the lower of its TTL and MINIMUM (RFC 2308 3, 5)" \
	"$(answer example.com. 900 SOA 'ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400')" \
	nope.example.com A
expect "NXDOMAIN status" 'status: NXDOMAIN' nope.example.com A
expect "NS of the apex (the delegation set)" "$(answer example.com. '[0-9]+' NS ns-0.awsdns-00.com.)" example.com NS
expect "a name no hosted zone holds: REFUSED (an authoritative server for other zones)" \
	'status: REFUSED' www.google.com A
expect "and the extended DNS error says why: 20 Not Authoritative (RFC 8914 4.21)" \
	'EDE: 20 \(Not Authoritative\): \(vpcsim: no hosted zone' www.google.com A
expect "REFUSED is not an authoritative answer: AA clear (flags qr rd, RFC 1035 4.1.1)" 'flags: qr rd;' www.google.com A
expect "the same answer over TCP (RFC 7766)" \
	"$(answer www.example.com. 300 A 198.51.100.80)" +tcp www.example.com A
expect "the question echoed in the client's letter case" '^;WwW\.ExAmPlE\.CoM\.[[:space:]]+IN[[:space:]]+A$' WwW.ExAmPlE.CoM A
expect "EDNS version 1: BADVERS (RFC 6891 6.1.3)" 'status: BADVERS' +edns=1 +noednsneg www.example.com A
expect "AXFR is not served: NOTIMP over TCP" 'Transfer failed|NOTIMP' +tcp example.com AXFR
expect "CHAOS class: REFUSED" 'status: REFUSED' -c CH version.bind TXT
expect "and AA clear" 'flags: qr rd;' -c CH version.bind TXT
expect "ANY over UDP: NOTIMP" 'status: NOTIMP' www.example.com ANY
expect "and AA clear, even for a name of a zone it serves" 'flags: qr rd;' www.example.com ANY

# A response sent to the server is not answered (two servers must not loop):
# dig cannot send one, so python3 does; the server then still answers.
raw_dns 1.0 >"$TMP/resp.out" 2>&1 <<'PY'
send(query(0x4242, 0x8180, b"\x03www\x07example\x03com\x00"))
try:
    s.recvfrom(4096)
    print("answered")
except socket.timeout:
    print("silent")
send(query(0x4343, 0x0100, b"\x01a\x00", qd=2))
r, _ = s.recvfrom(4096)
print("rcode", r[3] & 0xF, "id", hex(r[0] << 8 | r[1]))
print("aa", r[2] >> 2 & 1)
PY
if grep -q '^silent$' "$TMP/resp.out"; then pass "a response is not answered"; else fail "a response is not answered" "$(cat "$TMP/resp.out")"; fi
if grep -q '^rcode 1 id 0x4343$' "$TMP/resp.out"; then pass "two questions: FORMERR with the id echoed (RFC 1035 4.1.1)"; else fail "two questions: FORMERR" "$(cat "$TMP/resp.out")"; fi
if grep -q '^aa 0$' "$TMP/resp.out"; then pass "and the FORMERR is not authoritative (AA clear)"; else fail "FORMERR without AA" "$(cat "$TMP/resp.out")"; fi

# TCP clients do not hold each other up (RFC 7766 6.2: a server must not
# let one connection block others): with 20 idle clients and one that sent
# half a length prefix, dig still gets its UDP and its TCP answer at once.
python3 - "$PORT" >"$TMP/idle.out" 2>&1 <<'PY' &
import socket, sys, time
port = int(sys.argv[1])
idle = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(20)]
idle[0].sendall(b"\x00")
print("holding", flush=True)
time.sleep(4)
PY
HOLD=$!
PIDS+=("$HOLD")
wait_for 50 grep -q holding "$TMP/idle.out"
# (dig gives up after 1 s: a server serving the clients in turn, each
# until its 5 s idle limit, fails both)
expect "20 idle TCP clients: a UDP query is still answered" \
	"$(answer www.example.com. 300 A 198.51.100.80)" +time=1 www.example.com A
expect "and so is a TCP one" "$(answer www.example.com. 300 A 198.51.100.80)" +time=1 +tcp www.example.com A
wait "$HOLD" 2>/dev/null

# --- an instance's VPC: Route 53 Resolver, private hosted zone associated ---
start vpc examples/dns --from i-0f3c9a2e7b5d18c46
expect "split horizon: the private zone's record from inside the VPC (hosted-zone-private-considerations)" \
	"$(answer www.example.com. 60 A 10.20.1.80)" www.example.com A
expect "Resolver answers recursively (flags qr rd ra, not aa)" 'flags: qr rd ra;' www.example.com A
expect "dig -x of an interface's private address: its EC2 host name (Resolver's autodefined reverse rule)" \
	"$(answer 25.1.20.10.in-addr.arpa. 60 PTR ip-10-20-1-25.ec2.internal.)" -x 10.20.1.25
expect "no fall-back to the public zone for a name the private zone lacks: NXDOMAIN" \
	'status: NXDOMAIN' api.example.com A
expect "a private-only name" "$(answer db.example.com. '[0-9]+' A 10.20.1.50)" db.example.com A

# --- names AWS answers itself: an apex alias to an ALB, the ALB's own name ---
start lb examples/load-balancers
expect "apex alias to an ALB: its nodes' public addresses" \
	"$(answer shop.example.com. 60 A '54.210.0.9[12]')" shop.example.com A
expect "the ALB's DNS name" \
	"$(answer shop-web-1234567890.us-east-1.elb.amazonaws.com. 60 A '54.210.0.9[12]')" \
	shop-web-1234567890.us-east-1.elb.amazonaws.com A

# --- CNAME chains on the wire (RFC 1034 4.3.2, RFC 2308 2.1-2.2) ---
cat >"$TMP/chains.json" <<'EOF_Z'
{"HostedZones": [{"Id": "/hostedzone/Z0CHAINS1", "Name": "chains.example.", "Config": {"PrivateZone": false}}],
 "HostedZoneResourceRecordSets": [{"HostedZoneId": "Z0CHAINS1", "ResourceRecordSets": [
  {"Name": "chains.example.", "Type": "SOA", "TTL": 900, "ResourceRecords": [{"Value": "ns-1.awsdns-00.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 60"}]},
  {"Name": "loop1.chains.example.", "Type": "CNAME", "TTL": 60, "ResourceRecords": [{"Value": "loop2.chains.example."}]},
  {"Name": "loop2.chains.example.", "Type": "CNAME", "TTL": 60, "ResourceRecords": [{"Value": "loop1.chains.example."}]},
  {"Name": "gone.chains.example.", "Type": "CNAME", "TTL": 60, "ResourceRecords": [{"Value": "missing.chains.example."}]},
  {"Name": "ext.chains.example.", "Type": "CNAME", "TTL": 60, "ResourceRecords": [{"Value": "www.example.net."}]}]}]}
EOF_Z
start chains "$TMP/chains.json"
expect "a CNAME loop: SERVFAIL" 'status: SERVFAIL' loop1.chains.example A
expect "NXDOMAIN at the end of a chain keeps the CNAME in the answer" \
	"$(answer gone.chains.example. 60 CNAME missing.chains.example.)" gone.chains.example A
expect "and its rcode is NXDOMAIN" 'status: NXDOMAIN' gone.chains.example A
expect "a CNAME out of every zone: the authoritative answer is the CNAME, NOERROR" \
	"$(answer ext.chains.example. 60 CNAME www.example.net.)" ext.chains.example A
expect "(NOERROR, not REFUSED)" 'status: NOERROR' ext.chains.example A

# --- a delegation to name servers outside the snapshot: Route 53's name
# server for the parent answers with a referral (RFC 1034 4.3.2 step 3b) ---
cat >"$TMP/deleg.json" <<'EOF_Z'
{"HostedZones": [{"Id": "/hostedzone/Z0DELEG01", "Name": "deleg.example.", "Config": {"PrivateZone": false}}],
 "HostedZoneResourceRecordSets": [{"HostedZoneId": "Z0DELEG01", "ResourceRecordSets": [
  {"Name": "deleg.example.", "Type": "SOA", "TTL": 900, "ResourceRecords": [{"Value": "ns-1.awsdns-00.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 60"}]},
  {"Name": "deleg.example.", "Type": "NS", "TTL": 172800, "ResourceRecords": [{"Value": "ns-1.awsdns-00.com."}]},
  {"Name": "dev.deleg.example.", "Type": "NS", "TTL": 300, "ResourceRecords": [{"Value": "ns1.dev.deleg.example."}, {"Value": "ns2.elsewhere.net."}]},
  {"Name": "ns1.dev.deleg.example.", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.53"}]},
  {"Name": "ns1.dev.deleg.example.", "Type": "AAAA", "TTL": 300, "ResourceRecords": [{"Value": "2001:db8::53"}]}]}]}
EOF_Z
start deleg "$TMP/deleg.json"
expect "below a delegation: a referral, NOERROR with no answer (RFC 1034 4.3.2 step 3b)" \
	'status: NOERROR' www.dev.deleg.example A
expect "a referral is not authoritative: AA clear (flags qr rd, RFC 1035 4.1.1)" \
	'flags: qr rd; QUERY: 1, ANSWER: 0, AUTHORITY: 2, ADDITIONAL: 3$' www.dev.deleg.example A
expect "the delegation's NS RRset in the authority section" \
	"$(answer dev.deleg.example. 300 NS ns1.dev.deleg.example.)" www.dev.deleg.example A
expect "both of its name servers" \
	"$(answer dev.deleg.example. 300 NS ns2.elsewhere.net.)" www.dev.deleg.example A
expect "the zone's glue A record in the additional section" \
	"$(answer ns1.dev.deleg.example. 300 A 192.0.2.53)" www.dev.deleg.example A
expect "and its AAAA" "$(answer ns1.dev.deleg.example. 300 AAAA 2001:db8::53)" www.dev.deleg.example A

# --- IP-based routing from the EDNS client subnet (routing-policy-ipbased.html,
# RFC 7871) ---
start ipbased tests/scenarios/dns/ip-based-routing/snapshot.json
expect "ECS 192.0.2.200/32: the most specific block's location (lab)" \
	"$(answer app.example.com. 60 A 198.51.100.30)" +subnet=192.0.2.200/32 app.example.com A
expect "the client-subnet option comes back with its scope (RFC 7871 7.2.1)" \
	'^; CLIENT-SUBNET: 192\.0\.2\.200/32/32$' +subnet=192.0.2.200/32 app.example.com A
expect "ECS in no block: the default location's record" \
	"$(answer app.example.com. 60 A 198.51.100.99)" +subnet=198.18.0.0/16 app.example.com A
expect "no client subnet: SERVFAIL, the extended error says what is missing" \
	'EDE: 0 \(Other\): \(vpcsim: latency, geolocation or IP-based routing needs' app.example.com A
# RFC 7871 6: a SCOPE other than 0 in a query, or address bits beyond the
# SOURCE PREFIX-LENGTH, is FORMERR (dig cannot send either: python3 does)
raw_dns 2.0 >"$TMP/ecs.out" 2>&1 <<'PY'
def ask(opt):
    q = query(0x0ec5, 0x0100, b"\x03app\x07example\x03com\x00", ar=1)
    q += b"\x00" + struct.pack(">HHIH", 41, 1232, 0, 4 + len(opt)) + struct.pack(">HH", 8, len(opt)) + opt
    send(q)
    r, _ = s.recvfrom(4096)
    return r[3] & 0xF
print("scope", ask(struct.pack(">HBB", 1, 24, 8) + bytes([192, 0, 2])))
print("bits", ask(struct.pack(">HBB", 1, 23, 0) + bytes([192, 0, 3])))
print("good", ask(struct.pack(">HBB", 1, 24, 0) + bytes([192, 0, 2])))
PY
if grep -q '^scope 1$' "$TMP/ecs.out" && grep -q '^bits 1$' "$TMP/ecs.out" && grep -q '^good 0$' "$TMP/ecs.out"; then
	pass "a malformed client-subnet option (scope set, bits past the prefix): FORMERR; a good one: NOERROR"
else
	fail "malformed client-subnet option" "$(cat "$TMP/ecs.out")"
fi

# --- DNS Firewall on the wire (resolver-dns-firewall-rule-actions.html) ---
start firewall tests/scenarios/dns/dns-firewall/snapshot.json --from vpc-0f1e000000000fw01
expect "a BLOCK rule with NXDOMAIN: status NXDOMAIN" 'status: NXDOMAIN' bad.example.com A
expect "and the extended error is 15 Blocked, naming the rule (RFC 8914 4.16)" \
	'EDE: 15 \(Blocked\): \(vpcsim: DNS Firewall rule block-bad \(priority 10\) of rslvr-frg-a blocks it\)' bad.example.com A
expect "OVERRIDE: the CNAME to the override domain with the rule's TTL" \
	"$(answer walled.example.com. 30 CNAME walled-garden.example.com.)" walled.example.com A
expect "ALLOW: answered" "$(answer www.example.com. 60 A 198.51.100.10)" www.example.com A

# --- kdig (Knot's client): truncation and TCP fallback (RFC 1035 4.2.1,
# RFC 7766 5), EDNS (RFC 6891), on an answer of three 200-octet TXT strings ---
if ! command -v kdig >/dev/null 2>&1; then
	fail "kdig" "not installed (scripts/setup-deps.sh installs knot-dnsutils)"
else
	start big tests/interop/big-txt.json
	CLIENT=kask
	expect "kdig, no EDNS, UDP only: over 512 octets the reply is truncated (flags tc)" \
		'^;; Flags: qr aa tc rd;' +noedns +notcp +ignore txt.big.example TXT
	expect "kdig retries a truncated reply over TCP and gets it whole" \
		'From 127\.0\.0\.1@[0-9]+\(TCP\)' +noedns txt.big.example TXT
	expect "over TCP all three strings arrive" \
		'ANSWER: 3;' +noedns txt.big.example TXT
	expect "with EDNS (1232-octet buffer) the whole answer fits UDP" \
		'From 127\.0\.0\.1@[0-9]+\(UDP\)' +bufsize=1232 txt.big.example TXT
	expect "EDNS version 1: BADVERS (RFC 6891 6.1.3)" 'status: BADVERS' +edns=1 +notcp txt.big.example TXT
	CLIENT=ask
fi

# --- two listeners, each a place's resolver, and the query log ---
timeout --foreground 60 "$VPCSIM" dns examples/dns --listen 127.0.0.1:0=i-0f3c9a2e7b5d18c46 \
	--listen 127.0.0.1:0=internet --query-log "$TMP/query.log" 2>"$TMP/two.err" &
PIDS+=($!)
both_listen() { [ "$(grep -c ' port ' "$TMP/two.err")" -ge 2 ]; }
wait_for 5 both_listen
P_VPC=$(sed -n 's/.* port \([0-9][0-9]*\) .* as the resolver of i-0f3c9a2e7b5d18c46$/\1/p' "$TMP/two.err")
P_NET=$(sed -n 's/.* port \([0-9][0-9]*\) .* as the resolver of internet$/\1/p' "$TMP/two.err")
if [ -z "$P_VPC" ] || [ -z "$P_NET" ]; then
	fail "two listeners start" "$(cat "$TMP/two.err")"
else
	PORT=$P_VPC
	expect "listener 1 answers as the instance's Resolver: the private zone (split horizon)" \
		"$(answer www.example.com. 60 A 10.20.1.80)" www.example.com A
	PORT=$P_NET
	expect "listener 2 answers as the internet's Route 53: the public zone" \
		"$(answer www.example.com. 300 A 198.51.100.80)" www.example.com A
	# resolver-query-logs-format.html: one JSON object per query
	if python3 - "$TMP/query.log" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert len(lines) == 2, lines
a, b = lines
assert a["vpc_id"] == "vpc-0d2a6e5b9c1f03a47" and a["account_id"] == "111122223333" and a["region"] == "us-east-1", a
assert a["query_name"] == "www.example.com." and a["query_type"] == "A" and a["query_class"] == "IN", a
assert a["rcode"] == "NOERROR" and a["answers"] == [{"Rdata": "10.20.1.80", "Type": "A", "Class": "IN"}], a
assert a["srcaddr"] == "127.0.0.1" and a["transport"] == "UDP" and a["srcids"] == {"instance": "i-0f3c9a2e7b5d18c46"}, a
assert b["vpc_id"] is None and b["answers"][0]["Rdata"] == "198.51.100.80", b
PY
	then
		pass "the query log holds one Resolver query-log record per answer, with its VPC, instance and answers"
	else
		fail "the query log" "$(head -c 800 "$TMP/query.log")"
	fi
fi

# --- forwarded queries to a real DNS server (Unbound as the on-premises one) ---
# Resolver sends a FORWARD rule's queries from the outbound endpoint to the
# rule's target IPs (resolver-forwarding-outbound-queries.html); with
# --forward TARGET=ADDR:PORT vpcsim relays them to a real server standing in
# for the target when the trace engine finds the endpoint reaches it.
if ! command -v unbound >/dev/null 2>&1; then
	fail "forwarding to Unbound" "unbound not installed (scripts/setup-deps.sh installs it)"
else
	mkdir -p "$TMP/ub"
	# the site's side: vpcsim answers as the inbound endpoint the site reaches
	start inbound tests/scenarios/dns/inbound-endpoint/snapshot.json --from site:dc1
	IN_PORT=$PORT
	UB_PORT=$(free_port)
	cat >"$TMP/ub/unbound.conf" <<EOF_UB
server:
	interface: 127.0.0.1
	port: $UB_PORT
	do-daemonize: no
	chroot: ""
	username: ""
	directory: "$TMP/ub"
	pidfile: ""
	use-syslog: no
	logfile: ""
	do-not-query-localhost: no
	access-control: 127.0.0.0/8 allow
	module-config: "iterator"
	local-zone: "corp.example.net." static
	local-data: "ldap.corp.example.net. 300 IN A 192.168.10.5"
	local-zone: "lab.example.net." static
	local-data: "ldap.lab.example.net. 300 IN A 192.168.20.5"
forward-zone:
	name: "corp.internal."
	forward-addr: 127.0.0.1@$IN_PORT
remote-control:
	control-enable: no
EOF_UB
	timeout --foreground 120 unbound -d -c "$TMP/ub/unbound.conf" >"$TMP/ub/log" 2>&1 &
	PIDS+=($!)
	ub_answers() { dig +time=1 +tries=1 -p "$UB_PORT" @127.0.0.1 ldap.corp.example.net A 2>/dev/null | grep -q 192.168.10.5; }
	if ! wait_for 5 ub_answers; then
		fail "Unbound starts" "$(head -c 600 "$TMP/ub/log")"
	else
		# resolver-forwarding-inbound-queries.html: the on-premises resolver
		# forwards a domain to the inbound endpoint, which answers from the
		# private hosted zone of its VPC
		PORT=$UB_PORT
		expect "Unbound on the site forwards to the inbound endpoint: the private zone's answer" \
			"$(answer db.corp.internal. '[0-9]+' A 10.50.1.20)" db.corp.internal A
		PORT=$IN_PORT
		expect "asked directly, the inbound endpoint answers as Route 53 Resolver (ra, not aa)" 'flags: qr rd ra;' db.corp.internal A
		start closed tests/scenarios/dns/inbound-endpoint/snapshot.json \
			--from site:dc1@rslvr-in-0000000000000closed
		expect "an inbound endpoint whose security group does not admit the site: SERVFAIL with why" \
			'EDE: 0 \(Other\): \(vpcsim: no inbound endpoint address is reachable from site dc1 .*ENI_SG_RULES_MISMATCH' db.corp.internal A
		FW=tests/scenarios/dns/resolver-forward-paths/snapshot.json
		start forward "$FW" --from vpc-0f1 --forward 10.50.1.53=127.0.0.1:$UB_PORT \
			--forward 10.50.1.54=127.0.0.1:$UB_PORT
		expect "a forwarded query reaches the target and its answer comes back (relayed to Unbound)" \
			"$(answer ldap.corp.example.net. 300 A 192.168.10.5)" ldap.corp.example.net A
		expect "the same over TCP" \
			"$(answer ldap.corp.example.net. 300 A 192.168.10.5)" +tcp ldap.corp.example.net A
		expect "a target the endpoint cannot reach (its security group admits nothing): SERVFAIL, not Unbound's answer" \
			'status: SERVFAIL' ldap.lab.example.net A
		expect "and the extended error names the rule and the trace code" \
			'EDE: 0 \(Other\): \(vpcsim: Resolver rule rslvr-rr-lab .*ENI_SG_RULES_MISMATCH' ldap.lab.example.net A
	fi
fi

finish
