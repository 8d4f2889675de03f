#!/usr/bin/env python3
"""Sums the --summary files of parallel fuzz jobs (test/scripts/fuzz.sh) into one result."""
import collections
import json
import sys

import os

missing = [p for p in sys.argv[1:] if not os.path.exists(p)]
runs = [json.load(open(p)) for p in sys.argv[1:] if os.path.exists(p)]
if missing or not runs:
    print("fuzz FAILED: %d jobs left no summary (they stopped early): %s" % (len(missing), " ".join(missing)))
    sys.exit(1)
states = collections.Counter()
checks = collections.OrderedDict()
for r in runs:
    states.update(r["sqlstates"])
    for name, problems, known in r["checks"]:
        name = name.split(" (")[0]
        checks.setdefault(name, [0, known])
        checks[name][0] += problems
total = sum(r["statements"] for r in runs)
seconds = max(r["seconds"] for r in runs)
print("all jobs: seeds %s, %d statements in %.0f s (%.0f statements/s)" % (
    ", ".join(str(r["seed"]) for r in runs), total, seconds, total / seconds if seconds else 0))
print("outcomes by SQLSTATE: " + ", ".join("%s %d" % kv for kv in sorted(states.items())))
for name, (problems, known) in checks.items():
    print("check %-66s %s (%d)%s" % (name, "ok" if not problems else "FAILED", problems,
                                      " [known: %s]" % known if known and problems else ""))
failed = sum(1 for p, _ in checks.values() if p)
print("fuzz %s: %d jobs, %d statements, %d checks failed" % ("passed" if not failed else "FAILED", len(runs), total, failed))
sys.exit(1 if failed else 0)
