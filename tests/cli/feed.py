#!/usr/bin/env python3
"""Run a command with a generated standard input; report its peak memory.

Usage: feed.py LONG OUT CMD...

Writes to CMD's standard input one line of LONG bytes 'x' with no newline
until its end (LONG may be 0: an empty first line), then a newline, then
each line read from feed.py's own standard input.  CMD's standard output
goes to the file OUT.  Prints "rc=N maxrss_kb=M" (M: CMD's peak resident
set, getrusage RUSAGE_CHILDREN) and exits 0; exits 2 when CMD cannot run.
"""
import resource
import subprocess
import sys


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    long_len, out, cmd = int(argv[1]), argv[2], argv[3:]
    rest = sys.stdin.buffer.read()
    with open(out, "wb") as o:
        try:
            p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=o)
        except OSError as e:
            print("feed.py: %s" % e, file=sys.stderr)
            return 2
        chunk = b"x" * (1 << 20)
        try:
            left = long_len
            while left > 0:
                n = min(left, len(chunk))
                p.stdin.write(chunk[:n])
                left -= n
            p.stdin.write(b"\n" + rest)
            p.stdin.close()
        except BrokenPipeError:
            pass
        rc = p.wait()
    print("rc=%d maxrss_kb=%d" % (rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
