#!/usr/bin/env python3
"""DOC: an SVG of vpcsim graph, checked as XML against its snapshot

Usage: svgcheck.py SVG SNAPSHOT [--blocked ID] [--absent ID]...

SVG must parse as XML (xml.etree) with an <svg> root; every VpcId and
SubnetId of the snapshot's JSON files (read here, not by vpcsim) must be
the id of an element; with --blocked, the element ID carries the class
"blocked" and a trace edge (class "trace-hop blocked") exists; each
--absent ID must not be drawn.  Prints why and exits 1 otherwise.
"""
import json
import os
import sys
import xml.etree.ElementTree as ET


def snapshot_ids(path):
    files = []
    if os.path.isdir(path):
        for root, _, names in os.walk(path):
            files += [os.path.join(root, n) for n in names if n.endswith(".json")]
    else:
        files = [path]
    ids = []
    for f in sorted(files):
        with open(f, encoding="utf-8") as fh:
            doc = json.load(fh)
        ids += [v["VpcId"] for v in doc.get("Vpcs", [])]
        ids += [s["SubnetId"] for s in doc.get("Subnets", [])]
    return ids


def main(argv):
    svg, snap = argv[1], argv[2]
    blocked, absent = None, []
    rest = argv[3:]
    while rest:
        if rest[0] == "--blocked":
            blocked = rest[1]
        elif rest[0] == "--absent":
            absent.append(rest[1])
        rest = rest[2:]
    try:
        root = ET.parse(svg).getroot()
    except ET.ParseError as e:
        print("not XML: %s" % e)
        return 1
    if root.tag != "{http://www.w3.org/2000/svg}svg":
        print("root element is %s, not svg" % root.tag)
        return 1
    classes = {}
    for el in root.iter():
        if "id" in el.attrib:
            classes[el.attrib["id"]] = el.attrib.get("class", "").split()
    want = snapshot_ids(snap) if not absent else []
    if not absent and not want:
        print("the snapshot names no VPC or subnet")
        return 1
    for i in want:
        if i not in classes:
            print("%s of the snapshot is not drawn" % i)
            return 1
    for i in absent:
        if i in classes:
            print("%s is drawn" % i)
            return 1
    if blocked:
        if "blocked" not in classes.get(blocked, []):
            print("%s is not marked blocked (classes %s)" % (blocked, classes.get(blocked)))
            return 1
        if not any("trace-hop" in c and "blocked" in c for c in classes.values()):
            print("no blocked trace edge")
            return 1
    return 0


if __name__ == "__main__":  # run.sh imports snapshot_ids too
    sys.exit(main(sys.argv))
