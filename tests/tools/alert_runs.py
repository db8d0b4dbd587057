#!/usr/bin/env python3
"""Checks the runs of an alert command against the store, for the alert
tests. RAN holds one line per run: the BULLPEN_ARTICLE_ID it was given.

  alert_runs.py DB RAN committed   every run names a stored article, none twice
  alert_runs.py DB RAN once        and every event that is not left
                                   'delivering' has run, exactly once

Prints what is wrong and exits 1, or prints "N runs" and exits 0."""
import collections
import sqlite3
import sys

db, ran, mode = sys.argv[1], sys.argv[2], sys.argv[3]
runs = [int(l) for l in open(ran).read().split()] if ran != "-" else []
c = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
articles = {r[0] for r in c.execute("SELECT id FROM articles")}
bad = []
for aid, n in collections.Counter(runs).items():
    if aid not in articles:
        bad.append("ran for article %d, which is not stored" % aid)
    if n > 1:
        bad.append("ran %d times for article %d" % (n, aid))
if mode == "once":
    want = {r[0] for r in c.execute(
        "SELECT article_id FROM alert_events WHERE delivery <> 'delivering'")}
    missing = sorted(want - set(runs))
    if missing:
        bad.append("never ran for %d events, e.g. articles %s" % (len(missing), missing[:5]))
    pending = c.execute("SELECT count(*) FROM alert_events WHERE delivery = 'pending'").fetchone()[0]
    if pending:
        bad.append("%d events still pending" % pending)
if bad:
    print("; ".join(bad[:6]))
    sys.exit(1)
print("%d runs" % len(runs))
