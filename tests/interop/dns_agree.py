#!/usr/bin/env python3
"""DOC: interop -- `vpcsim resolve` and dig against `vpcsim dns` give the same answer

Usage: tests/interop/dns_agree.py VPCSIM SRCDIR

For every query of the DNS scenarios (tests/scenarios/dns/*/queries.json),
asks the same name, type and place twice: once with `vpcsim resolve --json`
(the offline answer), once with dig against `vpcsim dns --from PLACE` on
127.0.0.1 (one server per snapshot and place, port chosen by the kernel).
Where resolve gives a definite answer (outcome answer, nodata or nxdomain),
the wire must carry the same rcode and the same records (type and data,
compared without letter case and trailing dots); where the snapshot cannot
answer (forwarded, outside, ...), the wire must not claim an answer of its
own (SERVFAIL or REFUSED, or NOERROR with the CNAME chain as far as the
zones go).  Issue 12's "resolve and dig give the same answer".  Nothing
leaves the machine; every dig has a 2 s timeout and one try.

Prints "ok"/"FAIL" per query and "N cases, M failed"; exits 1 on a failure.
"""
import glob
import json
import os
import re
import subprocess
import sys
import time

if len(sys.argv) != 3:
    print("usage: dns_agree.py VPCSIM SRCDIR", file=sys.stderr)
    sys.exit(2)
VPCSIM = os.path.realpath(sys.argv[1])
os.chdir(sys.argv[2])

DEFINITE = {"answer", "nodata", "nxdomain"}


def snapshot_of(d):
    for name in ("snapshot.json", "snapshot"):
        if os.path.exists(os.path.join(d, name)):
            return os.path.join(d, name)
    p = os.path.join(d, "snapshot.path")
    with open(p) as f:
        return os.path.normpath(os.path.join(d, f.read().strip()))


def norm(t, data):
    data = re.sub(r"\s+", " ", data.strip()).lower()
    if t in ("CNAME", "NS", "PTR", "MX", "SRV"):
        data = " ".join(w.rstrip(".") for w in data.split(" "))
    return (t, data)


class Server:
    def __init__(self, snap, place):
        self.p = subprocess.Popen(
            ["timeout", "--foreground", "120", VPCSIM, "dns", snap, "--from", place,
             "--listen", "127.0.0.1:0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        line = self.p.stderr.readline()
        m = re.search(r" port (\d+) ", line)
        if not m:
            raise RuntimeError("vpcsim dns did not start: " + line + self.p.stderr.read())
        self.port = m.group(1)

    def ask(self, name, qtype):
        out = subprocess.run(
            ["dig", "+time=2", "+tries=1", "-p", self.port, "@127.0.0.1", name, qtype,
             "+noall", "+comments", "+answer"],
            capture_output=True, text=True, timeout=10).stdout
        m = re.search(r"status: (\w+)", out)
        recs = []
        for line in out.splitlines():
            if not line or line.startswith(";"):
                continue
            f = line.split(None, 4)
            if len(f) == 5 and f[2] == "IN":
                recs.append(norm(f[3], f[4]))
        return (m.group(1) if m else "NO-REPLY"), sorted(recs)

    def stop(self):
        self.p.terminate()
        try:
            self.p.wait(5)
        except subprocess.TimeoutExpired:
            self.p.kill()


cases = failed = 0


def report(ok, name, why=""):
    global cases, failed
    cases += 1
    if ok:
        print("ok   " + name)
    else:
        failed += 1
        print("FAIL %s: %s" % (name, why))


for qfile in sorted(glob.glob("tests/scenarios/dns/*/queries.json")):
    d = os.path.dirname(qfile)
    scen = os.path.basename(d)
    snap = snapshot_of(d)
    with open(qfile) as f:
        queries = json.load(f)
    servers = {}
    try:
        for i, q in enumerate(queries):
            place = q.get("from", "internet")
            qtype = q.get("type", "A")
            name = "%s #%d %s %s from %s" % (scen, i, q["qname"], qtype, place)
            r = subprocess.run([VPCSIM, "resolve", "--json", snap, q["qname"], "--type", qtype,
                                "--from", place], capture_output=True, text=True, timeout=30)
            try:
                res = json.loads(r.stdout)
            except ValueError:
                report(False, name, "resolve printed no JSON: " + r.stderr[:300])
                continue
            if place not in servers:
                servers[place] = Server(snap, place)
            status, recs = servers[place].ask(q["qname"], qtype)
            want = sorted(norm(a["type"], a["data"] or "") for a in res["answers"])
            if res["outcome"] in DEFINITE:
                ok = status == res["rcode"] and recs == want
                report(ok, name, "resolve %s %s, dig %s %s" % (res["rcode"], want, status, recs))
            else:
                ok = status in ("SERVFAIL", "REFUSED") or (status == "NOERROR" and recs == want)
                report(ok, name + " (%s: no answer of the wire's own)" % res["outcome"],
                       "dig %s %s" % (status, recs))
    finally:
        for s in servers.values():
            s.stop()

print("%d cases, %d failed" % (cases, failed))
sys.exit(1 if failed else 0)
