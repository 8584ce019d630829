#!/usr/bin/env python3
"""Check that a file holds JSON with the given keys.

Usage: jsoncheck.py [--lines] FILE KEY...

FILE must parse as one JSON document (with --lines: each non-empty line as
one document, JSON Lines).  Each KEY is a dotted path that must exist in
every document: "forward.hops", "findings", "tables.0.routes".  A KEY of
the form PATH=VALUE also compares the value (VALUE read as JSON: true, 2,
"text").  Prints what is wrong and exits 1; exits 0 when all is well.
"""
import json
import sys


def lookup(doc, path):
    cur = doc
    for part in path.split("."):
        if isinstance(cur, list):
            try:
                cur = cur[int(part)]
            except (ValueError, IndexError):
                raise KeyError(path)
        elif isinstance(cur, dict) and part in cur:
            cur = cur[part]
        else:
            raise KeyError(path)
    return cur


def check(doc, keys, where):
    ok = True
    for k in keys:
        path, _, want = k.partition("=")
        try:
            got = lookup(doc, path)
        except KeyError:
            print("%s: no key %s" % (where, path))
            ok = False
            continue
        if want and got != json.loads(want):
            print("%s: %s is %s, not %s" % (where, path, json.dumps(got), want))
            ok = False
    return ok


def main(argv):
    lines = len(argv) > 1 and argv[1] == "--lines"
    args = argv[2:] if lines else argv[1:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    path, keys = args[0], args[1:]
    try:
        # strict: bytes must be UTF-8, no NaN/Infinity
        text = open(path, "rb").read().decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        print("%s: %s" % (path, e))
        return 1

    def strict(c):
        raise ValueError("not JSON: " + c)

    docs = []
    try:
        if lines:
            for i, ln in enumerate(text.split("\n"), 1):
                if ln.strip():
                    docs.append(("line %d" % i, json.loads(ln, parse_constant=strict)))
        else:
            docs.append(("document", json.loads(text, parse_constant=strict)))
    except ValueError as e:
        print("%s: not valid JSON: %s" % (path, e))
        return 1
    if not docs:
        print("%s: no JSON document" % path)
        return 1
    ok = True
    for where, d in docs:
        ok = check(d, keys, where) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
