#!/usr/bin/env bash
# DOC: tests of what users run -- the built `vpcsim` binary, driven as a user would
#
# Usage: tests/cli/run.sh VPCSIM SRCDIR
#
# Runs from SRCDIR so that every path is relative (examples/two-tier, as the
# README types it) and the output does not depend on where the tree lives.
# Each case checks one thing about one command:
#   - the exit status convention (README "Exit status"): 0 yes, 1 no
#     (findings, unreachable), 2 could not run (usage, unreadable input);
#   - --json output parses back as JSON and has the documented keys
#     (DESIGN.md "Trace JSON" for trace);
#   - golden text output on the bundled examples/ (tests/cli/golden/*.out),
#     each reviewed against AWS's documented behaviour when it was added
#     (the commit that adds a golden says what was checked).
# VPCSIM_UPDATE_GOLDEN=1 rewrites the goldens instead of comparing: review
# the diff before committing it, never edit a golden by hand.
#
# Prints "ok   NAME" or "FAIL NAME: why" per case, then "N cases, M failed"
# (what scripts/test-summary counts); exit 1 when a case failed.
set -u

. "$(dirname -- "$0")/../lib/cases.sh" # pass, fail, finish; $TMP removed on exit
test_args 2 "run.sh VPCSIM SRCDIR" "$@"
PYTHON=${PYTHON:-python3}
GOLDEN=tests/cli/golden
JSONCHECK=tests/cli/jsoncheck.py
tmp_dir cli
# Every command is bounded: a hang is a failure, not a stuck test run.
LIMIT=${VPCSIM_CLI_TIMEOUT:-30}

OUT=$TMP/stdout
ERR=$TMP/stderr
RC=0
# a failed case shows what the last command wrote on stderr
FAIL_STDERR=$ERR

# run ARGS...: vpcsim ARGS with stdin from /dev/null; sets RC, OUT, ERR.
run() {
	timeout "$LIMIT" "$VPCSIM" "$@" </dev/null >"$OUT" 2>"$ERR"
	RC=$?
}

# run_in FILE ARGS...: the same with stdin from FILE.
run_in() {
	local in=$1
	shift
	timeout "$LIMIT" "$VPCSIM" "$@" <"$in" >"$OUT" 2>"$ERR"
	RC=$?
}

# rc_is NAME WANT: the exit status of the last run is WANT.
rc_is() {
	if [ "$RC" -eq 124 ]; then
		fail "$1" "timed out after ${LIMIT}s"
		return 1
	fi
	if [ "$RC" -ne "$2" ]; then
		fail "$1" "exit status $RC, want $2"
		return 1
	fi
	return 0
}

# run_rc NAME WANT ARGS...: run ARGS; rc_is NAME WANT.
run_rc() {
	local name=$1 want=$2
	shift 2
	run "$@"
	rc_is "$name" "$want"
}

# run_stream NAME WANT STREAM ARGS...: run_rc NAME WANT ARGS; F is the file
# of that run's STREAM (stdout or stderr).
run_stream() {
	F=$OUT
	[ "$3" = stderr ] && F=$ERR
	run_rc "$1" "$2" "${@:4}"
}

# case_rc NAME WANT ARGS...: exit status only.
case_rc() {
	run_rc "$@" && pass "$1"
}

# case_json NAME WANT KEYS -- ARGS...: exit status, then stdout is one JSON
# document with each of KEYS (space-separated dotted paths, jsoncheck.py).
case_json() {
	local name=$1 want=$2 keys=$3
	shift 4
	run_rc "$name" "$want" "$@" || return
	local why
	# shellcheck disable=SC2086
	if why=$("$PYTHON" "$JSONCHECK" "$OUT" $keys); then
		pass "$name"
	else
		fail "$name" "$why"
	fi
}

# case_out NAME WANT STREAM PATTERN ARGS...: exit status, and STREAM (stdout
# or stderr) holds a line matching the extended regex PATTERN.
case_out() {
	local name=$1 stream=$3 pat=$4
	run_stream "$1" "$2" "$3" "${@:5}" || return
	if grep -Eq -- "$pat" "$F"; then
		pass "$name"
	else
		fail "$name" "no line of $stream matches /$pat/; it has: $(head -c 400 "$F")"
	fi
}

# case_golden NAME WANT ARGS...: exit status, and stdout is byte for byte
# tests/cli/golden/NAME.out.
case_golden() {
	local name=$1 want=$2
	shift 2
	run_rc "golden $name" "$want" "$@" || return
	local g=$GOLDEN/$name.out
	if [ "${VPCSIM_UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$OUT" "$g"
		pass "golden $name (rewritten)"
	elif [ ! -f "$g" ]; then
		fail "golden $name" "no $g (VPCSIM_UPDATE_GOLDEN=1 writes it; review it first)"
	elif cmp -s "$OUT" "$g"; then
		pass "golden $name"
	else
		fail "golden $name" "output differs from $g:
$(diff -u "$g" "$OUT" | head -40)"
	fi
}

TT=examples/two-tier
HS=examples/hub-spoke
PE=examples/peering-endpoints
# two-tier instances (examples/README.md)
WEB1=i-0687c36d594007793
APP1=i-0d51e72fcfc6fde33
DB1=i-0dca6359b016372e3
# hub-spoke
SPOKE1=i-08c1bd499d39fce96
SPOKE2=i-04ffff09bc60e01e3
# peering-endpoints
PROD1=i-06de7f7d267643f0e
SHDB=i-0e6858892162054f5
EUAN=i-01b36248b0e4480ad
CONFLICT=tests/scenarios/check/subnet_conflict/snapshot.json

# ---- the front door ----
case_out "vpcsim --help: usage on stdout, exit 0" 0 stdout '^usage: vpcsim <command>' --help
case_rc "vpcsim with no command: exit 2" 2
case_out "vpcsim nosuch: unknown command, exit 2" 2 stderr "unknown command 'nosuch'" nosuch
case_out "vpcsim --version: exit 0" 0 stdout '^vpcsim [0-9]' --version

# ---- --help and usage errors of each command ----
for cmd in check show trace routes; do
	case_out "$cmd --help: usage on stdout, exit 0" 0 stdout "^usage: vpcsim $cmd " "$cmd" --help
	case_out "$cmd without SNAPSHOT: exit 2" 2 stderr "needed" "$cmd"
	case_rc "$cmd --no-such-option: exit 2" 2 "$cmd" $TT --no-such-option
	case $cmd in
	trace) extra="--from a --to b" ;;
	routes) extra="x" ;;
	*) extra="" ;;
	esac
	# shellcheck disable=SC2086
	case_out "$cmd on a missing snapshot: exit 2" 2 stderr "cannot load snapshot" \
		"$cmd" tests/cli/no-such-snapshot $extra
done
case_rc "check: two snapshots is a usage error, exit 2" 2 check $TT $HS
case_rc "check --sg-rule-limit 0: exit 2" 2 check $TT --sg-rule-limit 0
# security groups per network interface: 5 by default, adjustable up to 16 (amazon-vpc-limits.html)
SGENI=tests/scenarios/check/eni_sg_per_interface_limit/snapshot.json
case_rc "check: an ENI with 6 groups exceeds the default quota of 5, exit 1" 1 check $SGENI
case_rc "check --sg-per-eni-limit 6: the ENI with 6 groups passes, exit 0" 0 check $SGENI --sg-per-eni-limit 6
case_rc "check --sg-per-eni-limit 17: past AWS's maximum of 16, exit 2" 2 check $TT --sg-per-eni-limit 17
case_rc "show: too many arguments, exit 2" 2 show $TT a b
case_rc "trace without --from/--to: exit 2" 2 trace $TT
case_rc "trace --port 70000: exit 2" 2 trace $TT --from $WEB1 --to $DB1 --port 70000
case_rc "trace --port with a blank or a sign before the number: exit 2" 2 trace $TT --from $WEB1 --to $DB1 --port " 443"
case_rc "trace --port +443: exit 2" 2 trace $TT --from $WEB1 --to $DB1 --port +443
case_rc "trace --proto bogus: exit 2" 2 trace $TT --from $WEB1 --to $DB1 --proto bogus
# an EC2 IP name is of one Region (ec2-instance-naming.html): app-1 is in us-east-1
case_rc "trace an IP name of another Region: exit 2" 2 trace $TT --from ip-10-0-10-20.eu-west-1.compute.internal --to 8.8.8.8
case_rc "trace --size 67: exit 2" 2 trace $TT --from $WEB1 --to $DB1 --size 67
case_rc "trace --down of an instance: exit 2" 2 trace $HS --from $SPOKE1 --to dc1-db --down $SPOKE1
case_rc "routes with no RESOURCE: exit 2" 2 routes $TT
case_out "routes of an instance: not a routing table, exit 2" 2 stderr "routes are kept by" \
	routes $TT $WEB1

# A file that is not JSON stops the load with file:line:col and exit 2
# (README "Snapshots").
printf '{"Vpcs": [\n  {"VpcId": "vpc-1",}\n]}\n' >"$TMP/malformed.json"
case_out "check of malformed JSON: file:line:col, exit 2" 2 stderr \
	"^$TMP/malformed.json:2:[0-9]+: " check "$TMP/malformed.json"
case_json "check --json of malformed JSON: a JSON error document, exit 2" 2 \
	"snapshot error findings" -- check --json "$TMP/malformed.json"

# JSON text is UTF-8 (RFC 8259 8.1): an argument that is not, echoed in an
# error, is written as U+FFFD, and the document still parses
case_json "show --json of a name that is not UTF-8: a JSON error document, exit 2" 2 \
	"error code" -- show --json $TT $'\xff\xfe'
case_json "routes --json of a name that is not UTF-8: a JSON error document, exit 2" 2 \
	"error code" -- routes --json $TT $'rtb-\xc3\x28'

# a directory with nothing usable says why: the inputs it skipped
mkdir -p "$TMP/links"
ln -sf "$TMP/links/nowhere.json" "$TMP/links/a.json"
case_out "check of a directory whose only file is a dangling link: exit 2, the link said" 2 stderr \
	"links/a.json: warning: a dangling symbolic link: skipped" check "$TMP/links"

# ---- check: 0 valid, 1 findings; AWS's message shape ----
for ex in $TT $HS $PE; do
	case_golden "check-$(basename $ex)" 0 check $ex
	case_json "check --json $(basename $ex): valid, no errors" 0 \
		"snapshot valid=true errors=0 warnings findings" -- check --json $ex
done
# DESIGN.md: a finding names the resource and, where AWS would reject it,
# AWS's error code and message shape.  CreateSubnet answers an overlapping
# CIDR with InvalidSubnet.Conflict "The CIDR '...' conflicts with another
# subnet" (EC2 API error codes).
case_golden "check-subnet-conflict" 1 check $CONFLICT
case_out "check: InvalidSubnet.Conflict in AWS's words" 1 stdout \
	"^$CONFLICT: error: InvalidSubnet\.Conflict subnet-0e9f8a7b6c5d4e3f2: The CIDR '10\.0\.1\.128/25' conflicts with another subnet" \
	check $CONFLICT
case_json "check --json with findings: exit 1, the finding's code" 1 \
	"valid=false errors=1 findings.0.code=\"InvalidSubnet.Conflict\" findings.0.resource findings.0.message findings.0.severity=\"error\"" \
	-- check --json $CONFLICT
case_out "check --quiet: only the summary line" 1 stdout \
	"^$CONFLICT: 1 VPC, 3 subnets, 1 network interface: 1 error, 0 warnings$" check --quiet $CONFLICT

# ---- show ----
for ex in $TT $HS $PE; do
	case_golden "show-$(basename $ex)" 0 show $ex
	case_json "show --json $(basename $ex): summary keys" 0 \
		"snapshot regions accounts resources defaults_added" -- show --json $ex
done
case_golden "show-two-tier-subnet" 0 show $TT subnet-061bc3f03d49348f0
case_json "show --json of a subnet: reserved addresses, usable count" 0 \
	"id=\"subnet-061bc3f03d49348f0\" type=\"subnet\" cidr reserved_addresses addresses usable_addresses route_table network_acl" \
	-- show --json $TT subnet-061bc3f03d49348f0
# subnet-sizing.html, "Subnet sizing for IPv6": the first four and the last
# address of a subnet's IPv6 CIDR are AWS's too
case_json "show --json of a dual-stack subnet: five IPv6 reserved addresses" 0 \
	"ipv6_reserved_addresses.4" -- show --json tests/scenarios/trace/egress-only/snapshot.json subnet-0f11
case_out "show of a dual-stack subnet: the last address of its IPv6 CIDR is reserved" 0 stdout \
	'^ +2600:1f18:aaaa:bb01:ffff:ffff:ffff:ffff last address$' \
	show tests/scenarios/trace/egress-only/snapshot.json subnet-0f11
case_golden "show-peering-endpoints-pcx" 0 show $PE pcx-08311813ab6165f09
case_json "show --json of a peering: both sides" 0 \
	"id=\"pcx-08311813ab6165f09\" requester.vpc accepter.vpc status" \
	-- show --json $PE pcx-08311813ab6165f09

# ---- trace: 0 reachable, 1 not ----
# DESIGN.md "Trace JSON": reachable, flow{src,dst,protocol,src_port,dst_port},
# forward/return {reachable, hops, explanations}.
TRACE_KEYS="reachable flow.src flow.dst flow.protocol flow.src_port flow.dst_port forward.reachable forward.hops forward.explanations return.reachable return.hops return.explanations"
case_golden "trace-two-tier-web-to-db" 1 trace $TT --from $WEB1 --to $DB1 --port 5432
# reviewed: private ACL rule 120 out (443) and in (1024-65535, the NAT
# gateway's ephemeral replies), NAT gateway SNAT to its private address,
# the IGW's 1:1 NAT to the NAT gateway's Elastic IP, path MTU 1500 at the
# IGW (network_mtu.html)
case_golden "trace-two-tier-app-to-internet" 0 trace $TT --from $APP1 --to 8.8.8.8 --port 443
case_json "trace --json unreachable: exit 1, the contract's keys" 1 \
	"$TRACE_KEYS reachable=false forward.explanations.0.code=\"ENI_SG_RULES_MISMATCH\" forward.explanations.0.direction=\"ingress\" forward.hops.0.seq forward.hops.0.component.id forward.hops.0.component.type forward.hops.0.action forward.hops.0.detail forward.hops.0.packet" \
	-- trace $TT --from $WEB1 --to $DB1 --port 5432 --json
case_json "trace --json reachable: exit 0" 0 "$TRACE_KEYS reachable=true" \
	-- trace $TT --from $APP1 --to 8.8.8.8 --port 443 --json
case_golden "trace-hub-spoke-spoke-to-spoke" 1 trace $HS --from $SPOKE1 --to $SPOKE2 --port 443
case_golden "trace-hub-spoke-to-dc1" 0 trace $HS --from $SPOKE1 --to dc1-db --port 443
# the DX VIF down: the VPN backup both ways, at the VPN's 1446-byte MTU
case_golden "trace-hub-spoke-to-dc1-dx-down" 0 trace $HS --from $SPOKE1 --to dc1-db --port 443 \
	--down dxvif-fgx7k2mq
case_golden "trace-peering-endpoints-sg-over-pcx" 0 trace $PE --from $PROD1 --to $SHDB --port 5432
case_golden "trace-peering-endpoints-not-transitive" 1 trace $PE --from $SHDB --to $EUAN --port 443
case_out "trace to nothing: exit 2" 2 stderr "names nothing" trace $TT --from $WEB1 --to nosuch
case_json "trace --json to nothing: a JSON error document, exit 2" 2 "error code" \
	-- trace $TT --from $WEB1 --to nosuch --json

# --batch: one line of trace JSON per input line
printf '%s\n' "{\"from\": \"$APP1\", \"to\": \"8.8.8.8\", \"port\": 443}" \
	"{\"from\": \"$WEB1\", \"to\": \"$DB1\", \"port\": 5432}" >"$TMP/flows.jsonl"
run trace $TT --batch "$TMP/flows.jsonl"
if rc_is "trace --batch: exit 1 when one flow is unreachable" 1; then
	pass "trace --batch: exit 1 when one flow is unreachable"
fi
if why=$("$PYTHON" "$JSONCHECK" --lines "$OUT" $TRACE_KEYS) && [ "$(wc -l <"$OUT")" -eq 2 ]; then
	pass "trace --batch: one JSON line per flow, the contract's keys"
else
	fail "trace --batch: one JSON line per flow, the contract's keys" "${why:-$(wc -l <"$OUT") lines}"
fi
run_in "$TMP/flows.jsonl" trace $TT --batch -
if rc_is "trace --batch - reads stdin" 1 && [ "$(wc -l <"$OUT")" -eq 2 ]; then
	pass "trace --batch - reads stdin"
elif [ "$RC" -eq 1 ]; then
	fail "trace --batch - reads stdin" "$(wc -l <"$OUT") lines, want 2"
fi
case_rc "trace --batch of a missing file: exit 2" 2 trace $TT --batch tests/cli/no-such-file

# ---- routes ----
case_golden "routes-two-tier-private-rtb" 0 routes $TT rtb-0b041f7aaf973a03c
case_golden "routes-hub-spoke-spokes-all" 0 routes $HS tgw-rtb-0170950694502b286 --all
case_golden "routes-hub-spoke-dc1-all" 0 routes $HS site:dc1 --all
# a learned route that loses to the site's own Cidrs says so, not "DX over VPN"
case_golden "routes-tgw-route-priority-dc1-all" 0 routes tests/scenarios/trace/tgw-route-priority site:dc1 --all
case_golden "routes-hub-spoke-spokes-dx-down" 0 routes $HS tgw-rtb-0170950694502b286 --all \
	--down dxvif-fgx7k2mq
case_golden "routes-hub-spoke-dxgw-all" 0 routes $HS 4e6c2a4b-7f3d-4b8e-9a21-5c0d8f1e2b73 --all
case_golden "routes-peering-endpoints-rtb" 0 routes $PE rtb-0b33a85c1159c11dd
case_json "routes --json of one table" 0 \
	"resource.id=\"tgw-rtb-0170950694502b286\" resource.type selection routes.0.destination routes.0.installed routes.0.next_hop routes.0.origin" \
	-- routes --json $HS tgw-rtb-0170950694502b286
case_json "routes --json of a transit gateway: its tables" 0 "tables.0.routes tables.1.routes" \
	-- routes --json $HS tgw-04e4e86ed1197dca2
case_out "routes to nothing: exit 2" 2 stderr "no such resource" routes $TT nosuch

# ---- issue 9: hostile and careless input ----

# (3) A batch line is read up to its limit (64 KiB) and the rest skipped to
# the next newline: a 128 MiB line costs no more memory than a short one.
FLOW_OK="{\"from\": \"$APP1\", \"to\": \"8.8.8.8\", \"port\": 443}"
base=$(echo "$FLOW_OK" | timeout "$LIMIT" "$PYTHON" tests/cli/feed.py 0 "$TMP/base.out" \
	"$VPCSIM" trace $TT --batch -)
big=$(echo "$FLOW_OK" | timeout "$LIMIT" "$PYTHON" tests/cli/feed.py $((128 << 20)) "$TMP/big.out" \
	"$VPCSIM" trace $TT --batch -)
base_kb=${base##*maxrss_kb=}
big_kb=${big##*maxrss_kb=}
name="trace --batch: a 128 MiB line is refused in bounded memory"
if [ -z "$big_kb" ] || [ -z "$base_kb" ]; then
	fail "$name" "feed.py did not run: '$base' '$big'"
elif [ "$big" = "${big#rc=1 }" ]; then
	fail "$name" "want exit 1 (a bad line), got $big"
elif [ $((big_kb - base_kb)) -gt $((32 << 10)) ]; then
	fail "$name" "peak memory ${big_kb} KiB vs ${base_kb} KiB for a short line"
else
	pass "$name"
fi
name="trace --batch: the over-long line is an error line, the next line is traced"
if grep -q '^{"line":1,"error":"line too long' "$TMP/big.out" &&
	grep -q '^{"line":2,"reachable":true,' "$TMP/big.out" && [ "$(wc -l <"$TMP/big.out")" -eq 2 ]; then
	pass "$name"
else
	fail "$name" "got: $(head -c 300 "$TMP/big.out")"
fi

# An input whose line never ends (/dev/zero) is given up after 1 GiB, said
case_out "trace --batch /dev/zero: exit 2, the endless line said" 2 stderr \
	'--batch /dev/zero: a line with no end within 1 GiB' trace $TT --batch /dev/zero
# From a pipe, each answer is written before the next line is read: a
# program that sends a flow and waits for its answer gets it
name="trace --batch - from a pipe: the answer comes before the next line"
if "$PYTHON" - "$VPCSIM" "$TT" "$FLOW_OK" <<'PY'; then pass "$name"; else fail "$name" "no answer while the input stayed open"; fi
import select, subprocess, sys
p = subprocess.Popen([sys.argv[1], "trace", sys.argv[2], "--batch", "-"],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
p.stdin.write(sys.argv[3].encode() + b"\n")
p.stdin.flush()
ready, _, _ = select.select([p.stdout], [], [], 20)
line = p.stdout.readline() if ready else b""
p.stdin.close()
p.wait()
sys.exit(0 if line.startswith(b'{"line":1,') else 1)
PY

# (8) Trailing garbage after the JSON object is an error for that line, as
# the snapshot loader would give; every output line carries the input line.
printf '%s\n' "$FLOW_OK" "" "$FLOW_OK x" "$FLOW_OK {}" "$FLOW_OK   " \
	"{\"from\": \"$WEB1\", \"to\": \"$DB1\", \"port\": 5432}" >"$TMP/garbage.jsonl"
run trace $TT --batch "$TMP/garbage.jsonl"
name="trace --batch: trailing garbage after the object is an error for that line"
if rc_is "$name" 1; then
	if grep -q '^{"line":3,"error":"[^"]*after the JSON object' "$OUT" &&
		grep -q '^{"line":4,"error":"[^"]*after the JSON object' "$OUT"; then
		pass "$name"
	else
		fail "$name" "got: $(cat "$OUT")"
	fi
fi
name="trace --batch: each output line starts with its input line number"
got=$(sed -n 's/^{"line":\([0-9]*\),.*/\1/p' "$OUT" | tr '\n' ' ')
if [ "$got" = "1 3 4 5 6 " ]; then
	pass "$name"
else
	fail "$name" "line numbers '$got', want '1 3 4 5 6 '"
fi
# The rest of a batch line is the trace JSON of --json, key for key.
name="trace --batch: after \"line\", the trace JSON of trace --json"
run trace $TT --from $WEB1 --to $DB1 --port 5432 --json
cp "$OUT" "$TMP/single.json"
run trace $TT --batch "$TMP/garbage.jsonl"
if "$PYTHON" - "$OUT" "$TMP/single.json" <<'PY'; then
import json, sys
lines = open(sys.argv[1]).read().splitlines()
last = lines[-1]
assert last.startswith('{"line":6,"reachable":'), last[:40]
want = json.load(open(sys.argv[2]))
got = json.loads(last)
del got["line"]
assert got == want, "batch line differs from trace --json"
assert list(got) == list(want), "key order differs"
PY
	pass "$name"
else
	fail "$name" "see the assertion above"
fi

# (10) Text output escapes control characters in names, tags, ids and file
# names: a Name tag cannot colour a terminal or forge a report line.
EVIL='app\u001b[31m\nFORGED: reachable\r\t\u007f\u009b'
"$PYTHON" - "$TT/snapshot.json" "$TMP/evil.json" "$EVIL" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
evil = json.loads('"%s"' % sys.argv[3])
def walk(o):
    if isinstance(o, dict):
        for t in o.get("Tags", []):
            if t.get("Key") == "Name" and t["Value"] in ("two-tier-app-1", "two-tier-private-rtb-a"):
                t["Value"] = evil
        for v in o.values():
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(d)
json.dump(d, open(sys.argv[2], "w"))
PY
EVILFILE="$TMP/snap
FORGED"$'\e[31m'.json
cp "$TMP/evil.json" "$EVILFILE"
# no raw control byte (except the newlines ending lines) and no forged line
clean_output() {
	! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$OUT" "$ERR" &&
		! grep -q '^FORGED' "$OUT" "$ERR" &&
		! LC_ALL=C grep -q $'\xc2\x9b' "$OUT" "$ERR"
}

# case_escaped NAME WANT STREAM TEXT ARGS...: exit status, no raw control
# byte nor forged line in either stream, and STREAM (stdout or stderr) holds
# TEXT, the escaped form of the name, literally.
case_escaped() {
	local name=$1 stream=$3 text=$4
	run_stream "$1" "$2" "$3" "${@:5}" || return
	if clean_output && grep -qF -- "$text" "$F"; then
		pass "$name"
	else
		fail "$name" "raw control bytes or no escaped name; $stream has: $(LC_ALL=C cat -v "$F" | head -12)"
	fi
}

for args in "trace|$TMP/evil.json --from $APP1 --to 8.8.8.8 --port 443|0" \
	"show|$TMP/evil.json $APP1|0" \
	"routes|$TMP/evil.json rtb-0b041f7aaf973a03c|0"; do
	IFS='|' read -r cmd a want <<<"$args"
	# shellcheck disable=SC2086
	case_escaped "$cmd: control characters of a Name tag are escaped in text output" "$want" \
		stdout 'app\x1b[31m\nFORGED: reachable\r\t\x7f\u009b' "$cmd" $a
done
case_escaped "check: control characters of a file name are escaped" 0 \
	stdout 'snap\nFORGED\x1b[31m.json: 1 VPC' check "$EVILFILE"
case_escaped "show: control characters of a file name are escaped" 0 \
	stdout 'snap\nFORGED\x1b[31m.json' show "$EVILFILE" $APP1
printf '{"Vpcs": [\n  {"VpcId": "vpc-1",}\n]}\n' >"$EVILFILE"
case_escaped "a load error names an escaped file name on stderr" 2 \
	stderr 'snap\nFORGED\x1b[31m.json:2:' check "$EVILFILE"

# (12) A failed write or close of standard output is exit 2 with a message.
if [ -w /dev/full ]; then
	for args in "check --json $TT" "check $TT" "show $TT" "trace $TT --from $WEB1 --to $DB1 --port 5432" \
		"routes $HS tgw-rtb-0170950694502b286 --all" "trace $TT --batch $TMP/flows.jsonl" "check --help"; do
		name="vpcsim $args > /dev/full: exit 2 with a message"
		# shellcheck disable=SC2086
		timeout "$LIMIT" "$VPCSIM" $args </dev/null >/dev/full 2>"$ERR"
		RC=$?
		if rc_is "$name" 2; then
			if grep -q 'standard output' "$ERR"; then
				pass "$name"
			else
				fail "$name" "no message about standard output on stderr"
			fi
		fi
	done
fi

# (14) One convention for what cannot run: --batch DIR, --batch with flow
# options, and a resource that does not exist (exit 2 everywhere; with
# --json a JSON error document on stdout, like trace).
case_out "trace --batch DIR: exit 2 (EISDIR)" 2 stderr "Is a directory" trace $TT --batch examples
for opt in "--from $WEB1" "--to $DB1" "--port 22" "--proto udp" "--src-port 1000" "--size 9001"; do
	# shellcheck disable=SC2086
	case_out "trace --batch with $opt: usage error, exit 2" 2 stderr "batch" \
		trace $TT --batch "$TMP/flows.jsonl" $opt
done
case_out "show of no such resource: exit 2" 2 stderr "no such resource" show $TT nosuch
for args in "show --json $TT nosuch" "routes --json $TT nosuch" "trace --json $TT --from $WEB1 --to nosuch"; do
	cmd=${args%% *}
	# shellcheck disable=SC2086
	case_json "$cmd --json of no such resource: a JSON error document, exit 2" 2 "error code" \
		-- $args
	# shellcheck disable=SC2086
	case_out "$cmd --json of no such resource: code \"no such resource\"" 2 stdout \
		'"code":[[:space:]]*"no such resource"' $args
done

# (15) resolve: what a DNS query returns from a place (examples/dns). Exit 0
# on NOERROR with answers, 1 on any other answer, 2 when it cannot run.
DNS=examples/dns
APPI=i-0f3c9a2e7b5d18c46
APPVPC=vpc-0d2a6e5b9c1f03a47
case_rc "resolve --help: exit 0" 0 resolve --help
case_rc "resolve without a NAME: usage, exit 2" 2 resolve $DNS
case_out "resolve from an instance: the private zone answers like dig, exit 0" 0 stdout \
	'^www\.example\.com\.[[:space:]]+60[[:space:]]+IN[[:space:]]+A[[:space:]]+10\.20\.1\.80$' \
	resolve $DNS www.example.com --from $APPI
case_out "resolve prints dig's header" 0 stdout ';; ->>HEADER<<- status: NOERROR' \
	resolve $DNS www.example.com --from $APPI
case_golden resolve-dns-split-horizon 0 resolve $DNS www.example.com --from $APPI
case_json "resolve --json parses back with the documented keys" 0 \
	'query.name="www.example.com." query.type="A" from.vpc="vpc-0d2a6e5b9c1f03a47" rcode="NOERROR" outcome="answer" answers.0.data="10.20.1.80" answers.0.ttl=60 steps.0.kind="view"' \
	-- resolve --json $DNS www.example.com --from $APPI
case_json "resolve --json from the internet: the public answer" 0 \
	'rcode="NOERROR" answers.0.data="198.51.100.80" from.vpc=null' \
	-- resolve --json $DNS www.example.com
case_out "resolve of a name the private zone lacks: NXDOMAIN, exit 1" 1 stdout 'status: NXDOMAIN' \
	resolve $DNS nosuch.example.com --from $APPVPC
case_json "resolve --json of a forwarded name: outcome forwarded, exit 1" 1 \
	'outcome="forwarded" forwarded.rule="rslvr-rr-5f3a1b2c4d6e7f809" forwarded.targets.0="192.168.10.53"' \
	-- resolve --json $DNS ldap.corp.example.net --from $APPVPC
case_json "resolve --type AAAA at an A-only name: NODATA, exit 1" 1 'rcode="NOERROR" outcome="nodata"' \
	-- resolve --json $DNS www.example.com --type AAAA
case_out "resolve of a bad name: exit 2" 2 stderr 'not a domain name' resolve $DNS 'a..b'
case_out "resolve of a bad type: exit 2" 2 stderr 'not a DNS record type' resolve $DNS www.example.com --type BOGUS
case_out "resolve --from nothing: exit 2" 2 stderr 'not an instance' resolve $DNS www.example.com --from i-nosuch
case_out "resolve --json --from nothing: code \"no such resource\", exit 2" 2 stdout \
	'"code":[[:space:]]*"no such resource"' resolve --json $DNS www.example.com --from i-nosuch
run resolve $DNS www.example.com --from $'\x1b[31mred'
if rc_is "resolve --from with an ESC: exit 2, escaped" 2; then
	if grep -q $'\x1b' "$ERR"; then
		fail "resolve --from with an ESC: exit 2, escaped" "a raw ESC reached stderr"
	else
		pass "resolve --from with an ESC: exit 2, escaped"
	fi
fi

# A site asks through a Resolver inbound endpoint (README "resolve",
# resolver-forwarding-inbound-queries.html); trace --to a name from a site's
# host resolves it there first.
INB=tests/scenarios/dns/inbound-endpoint/snapshot.json
case_json "resolve --from site:dc1: the inbound endpoint the site reaches answers" 0 \
	'inbound.site="dc1" inbound.endpoint="rslvr-in-00000000000000open" inbound.paths.1.reachable=true answers.0.data="10.50.1.20"' \
	-- resolve --json $INB db.corp.internal --from site:dc1
case_out "resolve --from a site whose only endpoint's group keeps it out: SERVFAIL, exit 1" 1 stdout \
	'status: SERVFAIL, outcome: no-server' resolve $INB db.corp.internal --from site:dc1@rslvr-in-0000000000000closed
case_out "resolve --from an unknown site: exit 2" 2 stderr 'not a site or site host' \
	resolve $INB db.corp.internal --from site:nosuch
case_out "trace --from a site host --to a name: resolved through the inbound endpoint first" 0 stdout \
	'INBOUND from site dc1 \(172\.16\.1\.53, host dc1-dns\): enters through rslvr-in-00000000000000open' \
	trace $INB --from dc1-dns --to db.corp.internal --port 5432

# DNS Firewall values AWS's API refuses are findings with its exception name
# (FirewallRule API: Action ALLOW | BLOCK | ALERT, BlockResponse for BLOCK).
cat >"$TMP/fw-bad.json" <<'EOF_FW'
{"FirewallRules": [{"FirewallRuleGroupId": "rslvr-frg-x", "FirewallRules": [
  {"Name": "drop", "Priority": 1, "Action": "DROP", "FirewallDomainListId": "rslvr-fdl-x"},
  {"Name": "noresp", "Priority": 2, "Action": "BLOCK", "FirewallDomainListId": "rslvr-fdl-x"}]}]}
EOF_FW
case_out "check of a firewall rule with Action DROP: InvalidParameterException naming file and group, exit 1" 1 stdout \
	'fw-bad\.json: error: InvalidParameterException rslvr-frg-x: firewall rule drop of rslvr-frg-x: Action must be ALLOW, BLOCK or ALERT' \
	check "$TMP/fw-bad.json"
case_out "check of a BLOCK rule without BlockResponse: exit 1" 1 stdout 'a BLOCK rule needs a BlockResponse' \
	check "$TMP/fw-bad.json"
case_json "resolve --json names the DNS Firewall rule that blocked" 1 \
	'rcode="NXDOMAIN" steps.1.kind="firewall" steps.1.firewall_rule.name="block-bad" steps.1.firewall_rule.block_response="NXDOMAIN"' \
	-- resolve --json tests/scenarios/dns/dns-firewall/snapshot.json bad.example.com --from vpc-0f1e000000000fw01

# What Route 53 refuses is a check finding naming the file and the zone, and
# resolve leaves that zone out and says so (exit 1 here: no other zone).
cat >"$TMP/apex-cname.json" <<'EOF_DNS'
{"HostedZones": [{"Id": "/hostedzone/Z1APEX", "Name": "example.com.", "Config": {"PrivateZone": false}}],
 "HostedZoneResourceRecordSets": [{"HostedZoneId": "Z1APEX", "ResourceRecordSets": [
   {"Name": "example.com.", "Type": "CNAME", "TTL": 60, "ResourceRecords": [{"Value": "elsewhere.example.net."}]}]}]}
EOF_DNS
case_out "check of a CNAME at the zone apex: InvalidChangeBatch naming file and zone, exit 1" 1 stdout \
	'apex-cname\.json: error: InvalidChangeBatch Z1APEX: .*CNAME' check "$TMP/apex-cname.json"
case_out "resolve leaves a zone Route 53 refuses out and says so, exit 1" 1 stdout \
	'note: hosted zone Z1APEX .* left out' resolve "$TMP/apex-cname.json" example.com

# Load balancers (README "trace"): the HTTP request options reach the ALB's
# rules; a malformed one is a usage error; flow options do not mix with --batch.
LBS=examples/load-balancers
case_out "trace --path through an ALB rule to its target group: exit 0" 0 stdout \
	'rule 10 \(forward\), target group api -> 10\.2\.11\.50:9000' \
	trace $LBS --from i-0c81 --to shop-web --port 80 --path /api/orders
case_json "trace --json to an NLB's address names listener, target group and target" 0 \
	'reachable=true forward.hops.4.detail.listener.port=5432 forward.hops.4.detail.target.id="i-0c74" forward.hops.4.detail.client_ip_preserved=true' \
	-- trace --json $LBS --from i-0c81 --to 10.2.10.93 --port 5432
# by name, every node its DNS name answers (cross-zone off: the node of the
# zone without a target forwards nothing -- network-load-balancers.html,
# "Cross-zone load balancing"), exit 1: not every node reaches
case_json "trace --json to an NLB by name: each node, the one without a target in its zone blocked" 1 \
	'reachable=false nodes.0.zone="us-east-1a" nodes.0.trace.reachable=true nodes.0.trace.forward.hops.4.detail.target.id="i-0c74" nodes.1.zone="us-east-1b" nodes.1.trace.reachable=false nodes.1.trace.forward.explanations.0.code="ELBV2_NO_TARGETS_IN_AZ"' \
	-- trace --json $LBS --from i-0c81 --to shop-db --port 5432
case_out "trace to an ALB by DNS name: one trace per node, then how many reach" 0 stdout \
	'^load balancer: reachable through 2 of 2 nodes$' \
	trace $LBS --from internet --to shop-web-1234567890.us-east-1.elb.amazonaws.com --port 443 --path /api/x
case_out "trace --header without a colon: exit 2" 2 stderr 'NAME:VALUE' \
	trace $LBS --from i-0c81 --to shop-web --port 80 --header nocolon
case_out "trace --batch with --host: exit 2" 2 stderr '\-\-host' \
	trace $LBS --batch - --host a.example.com

# trace --to a DNS name: resolved from the source's place first (README "trace")
case_out "graph --trace to a DNS name: resolved as trace does, the path drawn" 0 stdout \
	'class="edge trace&#45;hop' graph $LBS --trace i-0c81 db.shop.example.com --port 5432
case_out "graph --trace to a name with no address: exit 2, said" 2 stderr \
	'nope\.example\.com has no address from i-0f3c9a2e7b5d18c46 \(NXDOMAIN\)' \
	graph examples/dns --trace i-0f3c9a2e7b5d18c46 nope.example.com
case_json "trace --to a name resolves it from the source's VPC first (the private zone's answer)" 0 \
	'flow.dst="10.2.10.93" flow.to="db.shop.example.com" reachable=true' \
	-- trace --json $LBS --from i-0c81 --to db.shop.example.com --port 5432
case_out "trace --to a name with no address from there: exit 1, said" 1 stderr \
	'nope\.example\.com has no address from i-0f3c9a2e7b5d18c46 \(NXDOMAIN\)' \
	trace examples/dns --from i-0f3c9a2e7b5d18c46 --to nope.example.com

# AWS-managed interfaces: an RDS instance by identifier, by endpoint name, and
# one whose interface the snapshot cannot single out
RDS=tests/scenarios/trace/rds/snapshot.json
case_out "trace --to an RDS endpoint name: its interface, reachable" 0 stdout \
	'^tcp 10\.9\.1\.10:49152 -> 10\.9\.2\.21:5432 \(from i-0e11, to orders\.c9akciq32\.us-east-1\.rds\.amazonaws\.com\)$' \
	trace $RDS --from i-0e11 --to orders.c9akciq32.us-east-1.rds.amazonaws.com --port 5432
case_out "resolve an RDS endpoint name: its interface's address" 0 stdout \
	'^orders\.c9akciq32\.us-east-1\.rds\.amazonaws\.com\.[[:space:]]+5[[:space:]]+IN[[:space:]]+A[[:space:]]+10\.9\.2\.21$' \
	resolve $RDS orders.c9akciq32.us-east-1.rds.amazonaws.com --from i-0e11
case_out "trace --to an RDS instance two interfaces fit: exit 2, said" 2 stderr \
	'RDS instance reports: 2 network interfaces fit it' trace $RDS --from i-0e11 --to reports --port 5432
LAMBDA=tests/scenarios/trace/managed-lambda/snapshot.json
case_out "show a replication group: the primary's interface, the replica's for its reader" 0 stdout \
	'^  reader network interfaces eni-0f32$' show tests/scenarios/trace/managed-elasticache/snapshot.json sessions
case_out "trace --to a Lambda function: exit 2, a function only sends" 2 stderr \
	'Lambda function resize only opens connections' trace $LAMBDA --from i-0f11 --to resize
case_out "trace --from a Lambda function: its Hyperplane interface, reachable" 0 stdout \
	'^tcp 10\.16\.1\.41:49152 -> 10\.16\.2\.16:8080 ' trace $LAMBDA --from resize --to i-0f16 --port 8080
case_out "resolve an OpenSearch vpc endpoint: the node interfaces' addresses" 0 stdout \
	'^vpc-logs-3kq7xw2mfz\.us-east-1\.es\.amazonaws\.com\.[[:space:]]+60[[:space:]]+IN[[:space:]]+A[[:space:]]+10\.16\.3\.22$' \
	resolve tests/scenarios/trace/managed-opensearch/snapshot.json vpc-logs-3kq7xw2mfz.us-east-1.es.amazonaws.com
case_out "resolve a service's private DNS name inside the VPC: the endpoint's interfaces" 0 stdout \
	'^ssm\.us-east-1\.amazonaws\.com\.[[:space:]]+60[[:space:]]+IN[[:space:]]+A[[:space:]]+10\.16\.2\.71$' \
	resolve tests/scenarios/trace/managed-endpoint-services/snapshot.json ssm.us-east-1.amazonaws.com --from i-0f11

# resolve: a forwarded query's paths from the outbound endpoint, traced
case_json "resolve of a forwarded name traces the outbound endpoint's paths to the targets" 1 \
	'forwarded.paths.0.interface="eni-0d9e8f7a6b5c4d3e2" forwarded.paths.0.traced=true forwarded.paths.0.reachable=false forwarded.paths.0.code="NO_ROUTE_TO_DESTINATION"' \
	-- resolve --json examples/dns ldap.corp.example.net --from vpc-0d2a6e5b9c1f03a47

# zone files: a hosted zone written as a master file, read back from a *.zone
run zone examples/dns Z0884512PUBLIC1EXMPL
if rc_is "zone writes a hosted zone as a master file: exit 0" 0; then
	mkdir -p "$TMP/zones" && cp "$OUT" "$TMP/zones/example.com.zone"
	case_out "the written master file reads back as a zone: resolve answers from it" 0 stdout \
		'^www\.example\.com\.[[:space:]]+300[[:space:]]+IN[[:space:]]+A[[:space:]]+198\.51\.100\.80$' \
		resolve "$TMP/zones" www.example.com
fi
case_out "zone by a name two zones have: exit 2" 2 stderr 'use an id' zone examples/dns example.com
case_out "zone that names nothing: exit 2" 2 stderr 'nope' zone examples/dns nope

# bgp: the sessions named must exist and be usable; errors name the session
# and the resource (tests/interop/bgp.sh runs real sessions)
HS=examples/hub-spoke
case_out "bgp --help: exit 0" 0 stdout '^usage: vpcsim bgp SNAPSHOT --session' bgp --help
case_out "bgp without a session: exit 2" 2 stderr 'no session' bgp $HS
case_out "bgp on a VIF the snapshot lacks: exit 2, named" 2 stderr \
	"session dxvif-nope: no virtual interface or VPN connection 'dxvif-nope'" bgp $HS --session dxvif-nope@0
case_out "bgp on a VPN connection without its tunnel: exit 2" 2 stderr \
	'say which tunnel of vpn-052cd6fe161f1682b' bgp $HS --session vpn-052cd6fe161f1682b@0
case_out "bgp on tunnel 3: exit 2" 2 stderr 'a tunnel is :1 or :2' bgp $HS --session vpn-052cd6fe161f1682b:3@0
# a VIF has one IPv4 and one IPv6 BGP peer (add-peer-to-vif.html):
# ID:ipv4 / ID:ipv6 name one; hub-spoke's VIF has an IPv4 peer only
case_out "bgp on a VIF's IPv6 peer it lacks: exit 2" 2 stderr 'has no IPv6 BGP peer' \
	bgp $HS --session dxvif-fgx7k2mq:ipv6@0 --dry-run
case_out "bgp on a VIF's IPv4 peer: its session" 0 stdout '^# dxvif-fgx7k2mq:ipv4: the customer router' \
	bgp $HS --session dxvif-fgx7k2mq:ipv4@17901 --dry-run
# an IPv6 peer (tests/interop/ipv6-vif.json: 2001:db8:64::2/125 the
# customer's): the BGP identifier is four octets either way (RFC 6286 2.1);
# FRR and BIRD take none from an IPv6 address
V6J=tests/interop/ipv6-vif.json
case_out "bgp --dry-run on an IPv6 peer: FRR router-id from the link's low 32 bits" 0 stdout \
	'^ bgp router-id 0\.0\.0\.2$' bgp $V6J --session 'dxvif-ffv6test1:ipv6@[2001:db8:64::1]:179' --dry-run
case_out "bgp --dry-run on an IPv6 peer: BIRD told to set a router id" 0 stdout \
	'^# BIRD takes its router id from an IPv4 address' bgp $V6J --session 'dxvif-ffv6test1:ipv6@[2001:db8:64::1]:179' --dry-run
case_out "bgp with a bad address: exit 2" 2 stderr "'127.0.0.1:99999' is not ADDR:PORT" \
	bgp $HS --session dxvif-fgx7k2mq@127.0.0.1:99999
case_out "bgp --dry-run with a bad address: exit 2, as the live run" 2 stderr "'127.0.0.1:99999' is not ADDR:PORT" \
	bgp $HS --session dxvif-fgx7k2mq@127.0.0.1:99999 --dry-run
case_out "bgp --dry-run with a session given twice: exit 2, as the live run" 2 stderr \
	'session dxvif-fgx7k2mq: given twice' bgp $HS --session dxvif-fgx7k2mq@1790 --session dxvif-fgx7k2mq@1791 --dry-run
case_out "bgp --connect without an address: exit 2" 2 stderr 'takes ID@ADDR:PORT' bgp $HS --connect dxvif-fgx7k2mq
case_out "bgp --routes of nothing: exit 2" 2 stderr 'nope' bgp $HS --session dxvif-fgx7k2mq@0 --routes nope
case_out "bgp --duration 1 with no peer: states, then exit 0" 0 stdout \
	'^dxvif-fgx7k2mq: Active -> Idle \(ManualStop\)$' bgp $HS --session dxvif-fgx7k2mq@0 --duration 1
# --dry-run: the router's configuration, as AWS's "download router
# configuration" (create-vif.html); values from hub-spoke's files: the VIF's
# asn 65010, the DX gateway's amazonSideAsn 64513, authKey, customerAddress
# 169.254.100.2; tunnel 1's inside CIDR 169.254.21.4/30 (AWS .5, customer
# .6, VPN hold time 30, no TCP MD5 on an IPsec tunnel); dc1's Advertise
# (7224:7300 over the VIF, AsPathPrepend 2 over the VPN).
case_out "bgp --dry-run: FRR neighbour with AWS's ASN" 0 stdout \
	'^ neighbor 127\.0\.0\.1 remote-as 64513$' bgp $HS --session dxvif-fgx7k2mq@127.0.0.1:17901 --dry-run
case_out "bgp --dry-run: FRR MD5 password is the VIF's authKey" 0 stdout \
	'^ neighbor 127\.0\.0\.1 password EXAMPLEbgpMd5NotASecret$' bgp $HS --session dxvif-fgx7k2mq@17901 --dry-run
case_out "bgp --dry-run: FRR route-map sets the site's community" 0 stdout \
	'^ set community 7224:7300 additive$' bgp $HS --session dxvif-fgx7k2mq@17901 --dry-run
case_out "bgp --dry-run: FRR hold time 90 on DX" 0 stdout \
	'^ neighbor 127\.0\.0\.1 timers 30 90$' bgp $HS --session dxvif-fgx7k2mq@17901 --dry-run
case_out "bgp --dry-run: BIRD local address the VIF's customerAddress" 0 stdout \
	'^	local 169\.254\.100\.2 as 65010;$' bgp $HS --session dxvif-fgx7k2mq@17901 --dry-run
case_out "bgp --dry-run: tunnel 1's customer inside address" 0 stdout \
	'^	local 169\.254\.21\.6 as 65010;$' bgp $HS --session vpn-052cd6fe161f1682b:1@17902 --dry-run
case_out "bgp --dry-run: the VPN's AsPathPrepend 2 in FRR" 0 stdout \
	'^ set as-path prepend 65010 65010$' bgp $HS --session vpn-052cd6fe161f1682b:1@17902 --dry-run
case_out "bgp --dry-run: VPN hold time 30" 0 stdout \
	'^	hold time 30;$' bgp $HS --session vpn-052cd6fe161f1682b:1@17902 --dry-run
run bgp $HS --session vpn-052cd6fe161f1682b:1@17902 --dry-run
if [ "$RC" -eq 0 ] && ! grep -q password "$OUT"; then
	pass "bgp --dry-run: no MD5 password on a VPN tunnel"
else
	fail "bgp --dry-run: no password on VPN" "exit $RC: $(grep password "$OUT")"
fi
case_out "bgp --dry-run on a VIF the snapshot lacks: exit 2, named" 2 stderr \
	"session dxvif-nope: no virtual interface" bgp $HS --session dxvif-nope@0 --dry-run

# labs: the learning labs (examples/labs, run in full by the 'labs' test);
# here the command line, and that a malformed or wrong lab is caught
case_out "labs --help: exit 0" 0 stdout '^usage: vpcsim labs \[DIR\]' labs --help
case_out "labs lists by area: exit 0" 0 stdout '^Load balancers and the edge$' labs examples/labs
case_json "labs --json lists the labs" 0 "dir labs" -- labs examples/labs --json
case_out "labs run of an unknown lab: exit 2, named" 2 stderr "no lab 'nope' in examples/labs" \
	labs run nope examples/labs
case_out "labs run of a path: exit 2" 2 stderr "is a lab's name, not a path" labs run ../x examples/labs
case_out "labs run prints the question, the answer and AWS's page: exit 0" 0 stdout \
	'^Answer: as AWS documents\.$' labs run egress-only-igw examples/labs
case_out "labs run --break runs the changed snapshot: exit 0" 0 stdout '^Broken: remove the ::/0 route' \
	labs run egress-only-igw examples/labs --break
case_json "labs run --json" 0 "lab commands.0.answer.reachable commands.0.met explanation doc" -- \
	labs run egress-only-igw examples/labs --json
case_out "labs --break without run: exit 2" 2 stderr 'goes with run' labs check --break
# a lab whose expectation is not the engine's answer: exit 1, the field said
mkdir -p "$TMP/labs/wrong" "$TMP/labs/bad" "$TMP/labs/badfield"
cp examples/labs/egress-only-igw/snapshot.json "$TMP/labs/wrong/"
sed 's/"reachable": true/"reachable": false/' examples/labs/egress-only-igw/lab.json >"$TMP/labs/wrong/lab.json"
case_out "labs check of a lab whose answer differs: exit 1, the difference said" 1 stdout \
	'^FAIL wrong \(as is\): expect\[0\]: reachable: got true, AWS documents false$' labs check "$TMP/labs"
case_out "labs run of a lab whose answer differs: exit 1" 1 stdout '^Answer: NOT what AWS documents' \
	labs run wrong "$TMP/labs"
# malformed labs: exit 2, the file, the line and the field named
printf '{\n  "area": "Gateways",\n  "question": "q",\n' >"$TMP/labs/bad/lab.json"
case_out "labs check of a lab.json that is not JSON: exit 2, file and line" 2 stdout \
	"^FAIL bad \(lab.json\): $TMP/labs/bad/lab.json:4:1: not valid JSON" labs check "$TMP/labs"
cp examples/labs/egress-only-igw/snapshot.json "$TMP/labs/badfield/"
sed 's/"codes_include"/"codes_included"/' examples/labs/egress-only-igw/lab.json >"$TMP/labs/badfield/lab.json"
case_out "labs check of a misspelt expectation key: exit 2, file, line and field" 2 stdout \
	"^FAIL badfield \(lab.json\): $TMP/labs/badfield/lab.json:[0-9]+: field 'expect\[1\]\.codes_included': not a key of a trace expectation" \
	labs check "$TMP/labs"
case_out "labs listing of a malformed lab: exit 2, named on stderr" 2 stderr \
	"badfield/lab.json:[0-9]+: field 'expect\[1\]\.codes_included'" labs "$TMP/labs"

# graph (README "graph"): the diagram as SVG (valid XML, every VPC and
# subnet id of the snapshot an element id), DOT, self-contained HTML; a
# trace drawn on it with the blocked hop marked; usage errors exit 2.
SVGCHECK=tests/cli/svgcheck.py
# svg_case NAME WANT SVGCHECK-ARGS -- VPCSIM-ARGS...: exit status, then the
# SVG on stdout passes svgcheck.py against the snapshot.
svg_case() {
	local name=$1 want=$2 snap=$3
	shift 3
	local extra=()
	while [ "$1" != -- ]; do
		extra+=("$1")
		shift
	done
	shift
	run_rc "$name" "$want" "$@" || return
	local why
	if why=$("$PYTHON" "$SVGCHECK" "$OUT" "$snap" "${extra[@]}"); then
		pass "$name"
	else
		fail "$name" "$why"
	fi
}
svg_case "graph two-tier: SVG as XML, every VPC and subnet id drawn" 0 $TT -- graph $TT
svg_case "graph hub-spoke (Batfish layout): every VPC and subnet id drawn" 0 $HS -- graph $HS --format svg
svg_case "graph peering-endpoints (two regions, two accounts): every VPC and subnet id drawn" 0 $PE -- graph $PE
svg_case "graph --trace web -> db 5432: drawn, db-1 blocked (its security group), exit 1" 1 $TT \
	--blocked i-0dca6359b016372e3 -- graph $TT --trace i-0687c36d594007793 i-0dca6359b016372e3 --port 5432
case_out "graph --trace hub-spoke to dc1: the reply's path drawn too (class return)" 0 stdout \
	'class="edge trace&#45;hop return"' graph $HS --trace i-08c1bd499d39fce96 dc1-db --port 443
case_out "graph --trace: the blocked hop names its explanation code" 1 stdout 'ENI_SG_RULES_MISMATCH' \
	graph $TT --trace i-0687c36d594007793 i-0dca6359b016372e3 --port 5432
svg_case "graph --focus spoke-1: spoke-2 is not drawn" 0 $HS --absent vpc-0df12eba19ac7268a \
	--absent vpc-0425082b729dcac79 -- graph $HS --focus vpc-0cf4f8e26a4a2314b
case_out "graph --focus spoke-1: spoke-1 and its transit gateway are" 0 stdout 'id="tgw&#45;04e4e86ed1197dca2"' \
	graph $HS --focus vpc-0cf4f8e26a4a2314b
# golden DOT: vpcsim's own text before any layout (Graphviz lays it out
# only for svg/html), so it is deterministic; the commit that added each
# says what was checked in it against the snapshot's files.
case_golden "graph-two-tier-dot" 0 graph $TT --format dot
case_golden "graph-hub-spoke-focus-spoke-1-dot" 0 graph $HS --focus vpc-0cf4f8e26a4a2314b --format dot
case_out "graph --format dot: Graphviz's text" 0 stdout '^digraph "vpcsim" \{$' graph $TT --format dot
run graph $TT --format html
if rc_is "graph --format html: one self-contained page" 0; then
	if ! grep -q '<svg' "$OUT"; then
		fail "graph --format html: one self-contained page" "no inline <svg>"
	elif grep -Eiq '<(script|link|img|iframe)[^>]* (src|href)=|@import|url\(' "$OUT"; then
		fail "graph --format html: one self-contained page" "it refers to an external asset"
	else
		pass "graph --format html: one self-contained page"
	fi
fi
# --format json: the graph as data (vpcsim/graph.h); every VPC and subnet id
# of the snapshot (read by svgcheck.py's snapshot_ids, not by vpcsim) is a
# cluster, every edge end an id of the document.
# graph_json_ok SNAP [BLOCKED-ID]: $OUT is that document; with BLOCKED-ID
# its trace's last hop goes there, blocked.
graph_json_ok() {
	"$PYTHON" - "$OUT" "$@" <<'PY'
import json, sys
sys.path.insert(0, "tests/cli")
from svgcheck import snapshot_ids
doc = json.load(open(sys.argv[1], encoding="utf-8"))
clusters = {c["id"]: c for c in doc["clusters"]}
ids = set(clusters) | {n["id"] for n in doc["nodes"]}
for i in snapshot_ids(sys.argv[2]):
    assert i in clusters, "%s is not a cluster" % i
    kind = clusters[i]["kind"].split()[0]
    assert kind == ("vpc" if i.startswith("vpc-") else "subnet"), (i, kind)
for e in doc["edges"] + doc.get("trace", []):
    assert e["from"] in ids and e["to"] in ids, e
if len(sys.argv) > 3:
    last = doc["trace"][-1]
    assert last["to"] == sys.argv[3] and last["blocked"] is True, last
else:
    assert "trace" not in doc, "a trace without --trace"
PY
}
name="graph --format json hub-spoke: one document, every VPC and subnet id a cluster"
case_json "$name (keys)" 0 "clusters.0.parent nodes.0.cluster edges.0.kind" -- graph $HS --format json
if graph_json_ok $HS; then pass "$name"; else fail "$name" "see the assertion above"; fi
name="graph --format json --trace web -> db 5432: exit 1, the last hop into db-1 blocked"
run_rc "$name" 1 graph $TT --format json --trace i-0687c36d594007793 i-0dca6359b016372e3 --port 5432 &&
	if graph_json_ok $TT i-0dca6359b016372e3; then pass "$name"; else fail "$name" "see the assertion above"; fi
case_out "graph --help lists --format json" 0 stdout 'or json \(' graph --help
run graph $HS --trace i-08c1bd499d39fce96 dc1-db
cp "$OUT" "$TMP/graph1.svg"
run graph $HS --trace i-08c1bd499d39fce96 dc1-db
if rc_is "graph is deterministic: the same input gives the same bytes" 0; then
	if cmp -s "$OUT" "$TMP/graph1.svg"; then
		pass "graph is deterministic: the same input gives the same bytes"
	else
		fail "graph is deterministic: the same input gives the same bytes" "two runs differ"
	fi
fi
run graph $TT -o "$TMP/out.svg"
if rc_is "graph -o FILE writes the SVG there, nothing on stdout" 0; then
	if [ -s "$OUT" ] || ! "$PYTHON" "$SVGCHECK" "$TMP/out.svg" $TT >/dev/null; then
		fail "graph -o FILE writes the SVG there, nothing on stdout" "stdout not empty or file not the SVG"
	else
		pass "graph -o FILE writes the SVG there, nothing on stdout"
	fi
fi
case_out "graph --help: usage on stdout, exit 0" 0 stdout '^usage: vpcsim graph SNAPSHOT' graph --help
case_out "graph --format png: exit 2, said" 2 stderr "--format takes svg, dot, html or json, not 'png'" \
	graph $TT --format png
case_out "graph of a missing snapshot: exit 2 naming it" 2 stderr "cannot load snapshot 'nope/missing'" \
	graph nope/missing
case_out "graph without a snapshot: exit 2" 2 stderr 'a SNAPSHOT' graph
case_out "graph --focus of a subnet: exit 2, said" 2 stderr 'subnet-061bc3f03d49348f0 is a subnet, not a VPC or transit gateway' \
	graph $TT --focus subnet-061bc3f03d49348f0
case_out "graph --focus of nothing: exit 2, said" 2 stderr 'vpc-nope: no such resource' graph $TT --focus vpc-nope
case_out "graph --trace with one endpoint: exit 2" 2 stderr '\-\-trace takes FROM and TO' graph $TT --trace i-0687c36d594007793
case_out "graph --port without --trace: exit 2" 2 stderr 'go with --trace' graph $TT --port 80
case_out "graph --trace from nothing: exit 2, said" 2 stderr 'vpcsim graph: --trace: ' graph $TT --trace i-nope 8.8.8.8
case_out "graph -o into a missing directory: exit 2 naming the file" 2 stderr "cannot write $TMP/no/such.svg" \
	graph $TT -o "$TMP/no/such.svg"
# -o FILE is written whole or not at all: a failed run keeps the old file,
# a device that refuses the bytes is said (exit 2) and left in place
printf 'old diagram\n' >"$TMP/keep.svg"
run graph $TT --focus vpc-nope -o "$TMP/keep.svg"
if rc_is "graph -o onto a file, the run failing: the old file is kept" 2; then
	if [ "$(cat "$TMP/keep.svg")" = "old diagram" ] && [ -z "$(ls "$TMP"/keep.svg.* 2>/dev/null)" ]; then
		pass "graph -o onto a file, the run failing: the old file is kept"
	else
		fail "graph -o onto a file, the run failing: the old file is kept" "changed, or a temporary file left"
	fi
fi
if mknod "$TMP/full" c 1 7 2>/dev/null; then
	for fmt in svg json; do
		name="graph --format $fmt -o a full device: exit 2 with a message, the device kept"
		run graph $TT --format $fmt -o "$TMP/full"
		if rc_is "$name" 2; then
			if [ -c "$TMP/full" ] && grep -q "cannot write $TMP/full" "$ERR"; then
				pass "$name"
			else
				fail "$name" "device removed, or no message: $(head -c 300 "$ERR")"
			fi
		fi
	done
fi

# serve (README "serve"): the usage errors; tests/interop/console.sh runs it
case_out "serve --help: usage on stdout, exit 0" 0 stdout '^usage: vpcsim serve SNAPSHOT' serve --help
case_out "serve --listen without a port: exit 2" 2 stderr '\-\-listen takes ADDR:PORT' serve $TT --listen 127.0.0.1
case_out "serve of a missing snapshot: exit 2 naming it" 2 stderr "cannot load snapshot 'nope/missing'" \
	serve nope/missing --listen 127.0.0.1:0

finish
