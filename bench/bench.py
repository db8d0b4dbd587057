#!/usr/bin/env python3
"""bench.py: bullpen's benchmarks (run through bench/run.sh, which builds first).

    python3 bench/bench.py --build DIR [--quick] [--only PART,...] [--jobs N]

Parts: ingest (bullpen fetch against newsboat reload, then refetch with
nothing changed), store (a large store written by bigstore, then CLI query
times), tui (time to first frame, peak memory, key latency in tmux, on that
store), analysis (analyser MB/s). Prints a table and writes
bench/results/<timestamp>.json.
"""

import argparse
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class Proc:
    """A child whose own peak RSS is read from wait4."""

    def __init__(self, argv, env=None, stdout=subprocess.PIPE, stderr=subprocess.PIPE):
        self.t0 = time.perf_counter()
        self.p = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=stdout,
                                  stderr=stderr)

    def wait(self, timeout=3600):
        out = self.p.stdout.read() if self.p.stdout else b""
        err = self.p.stderr.read() if self.p.stderr else b""
        _, status, ru = os.wait4(self.p.pid, 0)
        self.p.returncode = os.waitstatus_to_exitcode(status)
        return (time.perf_counter() - self.t0, ru.ru_maxrss, self.p.returncode, out, err)


def timed(argv, env=None):
    return Proc(argv, env=env).wait()


def pct(xs, q):
    xs = sorted(xs)
    if not xs:
        return None
    k = (len(xs) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def ms_stats(xs):
    return {"p50_ms": round(pct(xs, 0.5) * 1000, 2), "p95_ms": round(pct(xs, 0.95) * 1000, 2),
            "n": len(xs)}


class Server:
    def __init__(self, root, work):
        self.port_file = os.path.join(work, "port-%d" % id(self))
        self.p = subprocess.Popen([sys.executable, os.path.join(SRC, "tests/httpserver.py"),
                                   "--root", root, "--port-file", self.port_file,
                                   "--watch-stdin"], stdin=subprocess.PIPE,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(500):
            if os.path.exists(self.port_file):
                break
            time.sleep(0.01)
        with open(self.port_file) as f:
            self.port = int(f.read().strip())

    def log(self):
        import urllib.request
        with urllib.request.urlopen("http://127.0.0.1:%d/__log" % self.port) as r:
            return json.load(r)

    def reset(self):
        import urllib.request
        urllib.request.urlopen("http://127.0.0.1:%d/__reset" % self.port).read()

    def stop(self):
        self.p.stdin.close()
        self.p.wait()


def count(db, sql):
    c = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    try:
        return c.execute(sql).fetchone()[0]
    finally:
        c.close()


# -- ingest ---------------------------------------------------------------------

def ingest(args, work, k, n):
    log("== ingest %dx%d" % (k, n))
    root = os.path.join(work, "feeds")
    os.makedirs(root, exist_ok=True)
    srv = Server(root, work)
    sub = "s%dx%d" % (k, n)
    d = os.path.join(root, sub)
    subprocess.run([sys.executable, os.path.join(HERE, "gen_feeds.py"), "--feeds", str(k),
                    "--items", str(n), "--out", d, "--seed", "1",
                    "--base-url", "http://127.0.0.1:%d/%s/" % (srv.port, sub)], check=True)
    with open(os.path.join(d, "manifest.json")) as f:
        mb = json.load(f)["bytes"] / 1e6
    res = {"feeds": k, "items": n, "articles": k * n, "mb": round(mb, 1), "jobs": args.jobs}
    env = dict(os.environ)
    try:
        # bullpen: an empty store, the feeds imported from OPML, one fetch.
        home = os.path.join(work, "bp-home-" + sub)
        os.makedirs(home)
        env.update(HOME=home, XDG_CONFIG_HOME=home + "/.config", XDG_DATA_HOME=home + "/.local")
        # Every feed is on 127.0.0.1: no per-host limits, as newsboat has none.
        os.makedirs(home + "/.config/bullpen")
        with open(home + "/.config/bullpen/config", "w") as f:
            f.write("fetch.per_host = 0\nfetch.host_gap_ms = 0\n")
        db = os.path.join(work, "bp-%s.db" % sub)
        bp = [args.bullpen, "--db", db]
        subprocess.run(bp + ["feeds", "import", os.path.join(d, "feeds.opml")], env=env,
                       check=True, stdout=subprocess.DEVNULL)
        srv.reset()
        secs, rss, rc, out, err = timed(bp + ["fetch", "--jobs", str(args.jobs), "--quiet"], env)
        if rc:
            raise RuntimeError("bullpen fetch failed: %s" % err.decode()[-500:])
        got = count(db, "SELECT count(*) FROM articles")
        mentions = count(db, "SELECT count(*) FROM mentions")
        res["bullpen"] = {"seconds": round(secs, 3), "stored": got, "mentions": mentions,
                          "per_second": round(got / secs), "peak_rss_mb": round(rss / 1024, 1)}
        refetch = []
        for _ in range(2):
            srv.reset()
            secs, rss, rc, out, err = timed(bp + ["fetch", "--all", "--jobs", str(args.jobs),
                                                  "--quiet"], env)
            cond = sum(1 for e in srv.log() if e["inm"] or e["ims"])
            refetch.append((secs, cond))
        res["bullpen_refetch"] = {"seconds": round(refetch[-1][0], 3),
                                  "conditional": refetch[-1][1], "requests": k,
                                  "first_seconds": round(refetch[0][0], 3)}
        # newsboat: the same URLs, the same parallelism, an empty cache.
        nbhome = os.path.join(work, "nb-home-" + sub)
        os.makedirs(nbhome)
        env.update(HOME=nbhome, XDG_CONFIG_HOME=nbhome + "/.config",
                   XDG_DATA_HOME=nbhome + "/.local")
        conf = os.path.join(work, "nb-%s.conf" % sub)
        with open(conf, "w") as f:
            f.write("reload-threads %d\n" % args.jobs)
        cache = os.path.join(work, "nb-%s.db" % sub)
        nb = ["newsboat", "-x", "reload", "-u", os.path.join(d, "urls"), "-c", cache, "-C", conf]
        srv.reset()
        secs, rss, rc, out, err = timed(nb, env)
        if rc:
            raise RuntimeError("newsboat failed: %s" % err.decode()[-500:])
        got = count(cache, "SELECT count(*) FROM rss_item")
        res["newsboat"] = {"seconds": round(secs, 3), "stored": got,
                           "per_second": round(got / secs), "peak_rss_mb": round(rss / 1024, 1)}
        refetch = []
        for _ in range(2):
            srv.reset()
            secs, rss, rc, out, err = timed(nb, env)
            cond = sum(1 for e in srv.log() if e["inm"] or e["ims"])
            refetch.append((secs, cond))
        # newsboat keeps a feed's validators only once the feed is in its cache,
        # so its first refetch is unconditional; the second is the steady state.
        res["newsboat_refetch"] = {"seconds": round(refetch[-1][0], 3),
                                   "conditional": refetch[-1][1], "requests": k,
                                   "first_seconds": round(refetch[0][0], 3)}
        res["ratio"] = round(res["bullpen"]["per_second"] / res["newsboat"]["per_second"], 2)
        res["refetch_ratio"] = round(res["newsboat_refetch"]["seconds"] /
                                     max(res["bullpen_refetch"]["seconds"], 1e-6), 2)
    finally:
        srv.stop()
        shutil.rmtree(d, ignore_errors=True)
    return res


# -- large store and queries ------------------------------------------------------

def bigstore(args, work, n):
    db = os.path.join(work, "big.db")
    log("== store: writing %d articles with analysis (bigstore)" % n)
    secs, rss, rc, out, err = timed([args.bigstore, db, str(n)])
    if rc:
        raise RuntimeError("bigstore failed: %s" % err.decode()[-500:])
    info = json.loads(out.decode().strip().splitlines()[-1])
    info["db_mb"] = round(os.path.getsize(db) / 1e6, 1)
    return db, info


def queries(args, db, reps):
    log("== queries on the large store (%d runs each)" % reps)
    env = dict(os.environ)
    bp = [args.bullpen, "--db", db]
    help_out = subprocess.run([args.bullpen, "--help"], capture_output=True, text=True).stdout
    cases = [("articles --limit 50", ["articles", "--limit", "50"]),
             ("articles --ticker NVDA --limit 50", ["articles", "--ticker", "NVDA", "--limit", "50"]),
             ("search guidance --limit 50", ["search", "guidance", "--limit", "50"]),
             ("search \"price target\" NVDA", ["search", '"price target" NVDA', "--limit", "50"])]
    if re.search(r"^\s+trend\b", help_out, re.M):
        cases.append(("trend NVDA --days 365", ["trend", "NVDA", "--days", "365"]))
    res = {}
    for name, argv in cases:
        times, peak, rc = [], 0, 0
        for _ in range(reps):
            secs, rss, rc, out, err = timed(bp + argv, env)
            if rc:
                break
            times.append(secs)
            peak = max(peak, rss)
        if rc:
            res[name] = {"error": err.decode().strip()[-200:]}
            continue
        res[name] = ms_stats(times)
        res[name]["peak_rss_mb"] = round(peak / 1024, 1)
    if "trend" not in " ".join(res):
        res["trend NVDA --days 365"] = {"error": "no trend command in this build"}
    return res


# -- the workstation in tmux ---------------------------------------------------

class Tmux:
    """One tmux server per session started (a fresh socket each time: a server
    still shutting down never races the next one)."""

    def __init__(self, work):
        self.work = work
        self.n = 0
        self.sock = os.path.join(work, "tmux-0.sock")

    def start(self, cmd):
        self.kill()
        self.n += 1
        self.sock = os.path.join(self.work, "tmux-%d.sock" % self.n)
        self("-f", "/dev/null", "new-session", "-d", "-s", "b", "-x", "160", "-y", "50", cmd)

    def __call__(self, *a, check=True):
        return subprocess.run(["tmux", "-S", self.sock] + list(a), capture_output=True,
                              text=True, check=check).stdout

    def capture(self, attrs=False):
        """The pane's text; with attrs, its colours and attributes too (a key
        that only moves a highlight changes nothing else)."""
        return self("capture-pane", "-p", *(["-e"] if attrs else []), "-t", "b", check=False)

    def kill(self):
        self("kill-server", check=False)


def vm_hwm_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def wait_screen(tm, pred, timeout):
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        s = tm.capture()
        if pred(s):
            return s
    return None


def tui(args, work, db, reps):
    log("== workstation on the large store (%d runs)" % reps)
    if not shutil.which("tmux"):
        return {"error": "tmux not installed"}
    newest = subprocess.run([args.bullpen, "--db", db, "articles", "--limit", "1", "--json"],
                            capture_output=True, text=True)
    try:
        title = json.loads(newest.stdout)[0]["title"][:20]
    except (ValueError, IndexError, KeyError):
        return {"error": "could not read the newest article"}
    tm = Tmux(work)
    env = "HOME=%s TERM=xterm-256color" % work
    res = {"first_frame": [], "vm_hwm_kb": [], "keys": {}}
    # The cost of tmux itself: a program that prints a line at once.
    base = []
    for _ in range(reps):
        t0 = time.perf_counter()
        tm.start("printf 'READY-MARK\\n'; sleep 30")
        if wait_screen(tm, lambda s: "READY-MARK" in s, 10) is None:
            break
        base.append(time.perf_counter() - t0)
    for i in range(reps):
        t0 = time.perf_counter()
        tm.start("env %s %s --db %s" % (env, args.bullpen, db))
        s = wait_screen(tm, lambda s: title in s, 15)
        if s is None:
            tm.kill()
            return {"error": "the workstation did not show the article list within 15 s "
                             "(is the TUI in this build?)"}
        res["first_frame"].append(time.perf_counter() - t0)
        pid = int(tm("display", "-p", "-t", "b", "#{pane_pid}").strip())
        if i == 0:
            res["keys"] = keys(tm, args, reps * 4)
        hwm = vm_hwm_kb(pid)
        if hwm:
            res["vm_hwm_kb"].append(hwm)
    tm.kill()
    out = {"first_frame": ms_stats(res["first_frame"]),
           "tmux_baseline": ms_stats(base) if base else None,
           "peak_rss_mb": round(max(res["vm_hwm_kb"]) / 1024, 1) if res["vm_hwm_kb"] else None,
           "keys": res["keys"]}
    if base:
        out["first_frame_net_p50_ms"] = round(out["first_frame"]["p50_ms"] -
                                              out["tmux_baseline"]["p50_ms"], 2)
    return out


def wait_changed(tm, before, timeout):
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        s = tm.capture(True)
        if s != before:
            return s
    return None


def key_latency(tm, key, reps, back=None, pre=None):
    """Sends key and waits until the screen changes; pre (optional) is typed
    first, untimed (a prompt and its text); back (optional) undoes it."""
    times = []
    for _ in range(reps):
        if pre:
            before = tm.capture(True)
            tm("send-keys", "-t", "b", *pre)
            wait_changed(tm, before, 5)
            settle = tm.capture(True)
            while True:  # until the typed text has been drawn
                time.sleep(0.02)
                now = tm.capture(True)
                if now == settle:
                    break
                settle = now
        before = tm.capture(True)
        t0 = time.perf_counter()
        tm("send-keys", "-t", "b", *key)
        if wait_changed(tm, before, 5) is None:
            return None
        times.append(time.perf_counter() - t0)
        if back:
            before = tm.capture(True)
            tm("send-keys", "-t", "b", *back)
            wait_changed(tm, before, 5)
    return ms_stats(times)


def keys(tm, args, reps):
    spec = json.loads(args.keys)
    res = {}
    for name, k in spec.items():
        r = key_latency(tm, k["keys"], reps, k.get("back"), k.get("pre"))
        res[name] = r if r else {"error": "the screen did not change"}
    return res


# -- analysis ---------------------------------------------------------------------

def analysis(args):
    log("== analysis throughput")
    mb = "16" if args.quick else "64"
    p = subprocess.run([args.analyze_bench, mb], capture_output=True, text=True, check=True)
    m = re.search(r"([\d.]+) MB/s wall, ([\d.]+) MB/s CPU", p.stdout)
    return {"mb_per_s": float(m.group(1)), "cpu_mb_per_s": float(m.group(2)),
            "line": p.stdout.strip()}


# -- report -----------------------------------------------------------------------

def table(r):
    rows = []
    for ing in r.get("ingest", []):
        tag = "%dx%d" % (ing["feeds"], ing["items"])
        if "error" in ing:
            rows.append(("ingest " + tag, ing["error"]))
            continue
        b, n = ing["bullpen"], ing["newsboat"]
        rows.append(("ingest %s bullpen (analysed)" % tag,
                     "%d articles/s (%.2f s, %d stored, %.0f MB peak)" % (
                         b["per_second"], b["seconds"], b["stored"], b["peak_rss_mb"])))
        rows.append(("ingest %s newsboat (no analysis)" % tag,
                     "%d articles/s (%.2f s, %d stored, %.0f MB peak)" % (
                         n["per_second"], n["seconds"], n["stored"], n["peak_rss_mb"])))
        rows.append(("ingest %s ratio" % tag, "bullpen %.2fx newsboat" % ing["ratio"]))
        rows.append(("refetch %s unchanged" % tag,
                     "bullpen %.3f s (%d/%d conditional), newsboat %.3f s (%d/%d conditional; "
                     "first refetch %.3f s): %.1fx" % (
                         ing["bullpen_refetch"]["seconds"], ing["bullpen_refetch"]["conditional"],
                         ing["bullpen_refetch"]["requests"], ing["newsboat_refetch"]["seconds"],
                         ing["newsboat_refetch"]["conditional"],
                         ing["newsboat_refetch"]["requests"],
                         ing["newsboat_refetch"]["first_seconds"], ing["refetch_ratio"])))
    if "store" in r:
        s = r["store"]
        rows.append(("store written", "%d articles in %.1f s (%d/s, %s, %.0f MB file)" % (
            s["articles"], s["seconds"], s["per_second"], s["analysis"], s["db_mb"])))
    for name, q in r.get("queries", {}).items():
        rows.append(("query " + name, q.get("error") or "p50 %.1f ms  p95 %.1f ms  peak %.1f MB" % (
            q["p50_ms"], q["p95_ms"], q["peak_rss_mb"])))
    if "tui" in r:
        t = r["tui"]
        if "error" in t:
            rows.append(("workstation", t["error"]))
        else:
            rows.append(("workstation first frame", "p50 %.1f ms  p95 %.1f ms (tmux alone p50 %.1f ms)" % (
                t["first_frame"]["p50_ms"], t["first_frame"]["p95_ms"],
                t["tmux_baseline"]["p50_ms"] if t["tmux_baseline"] else float("nan"))))
            rows.append(("workstation peak RSS", "%s MB (VmHWM)" % t["peak_rss_mb"]))
            for k, v in t["keys"].items():
                rows.append(("key " + k, v.get("error") or "p50 %.1f ms  p95 %.1f ms" % (
                    v["p50_ms"], v["p95_ms"])))
    if "analysis" in r:
        rows.append(("analysis", "%.1f MB/s (one core)" % r["analysis"]["mb_per_s"]))
    w = max(len(a) for a, _ in rows) if rows else 0
    return "\n".join("%-*s  %s" % (w, a, b) for a, b in rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", default="ingest,store,tui,analysis")
    ap.add_argument("--jobs", type=int, default=8)
    ap.add_argument("--store-size", type=int)
    ap.add_argument("--reps", type=int)
    ap.add_argument("--keys", default=json.dumps({
        "scroll (j)": {"keys": ["j"]},
        "page down": {"keys": ["NPage"], "back": ["PPage"]},
        "search (/ guidance, Enter timed)": {"pre": ["/", "guidance"], "keys": ["Enter"],
                                             "back": ["c"]},
        "filter ticker (T NVDA, Enter timed)": {"pre": ["T", "NVDA"], "keys": ["Enter"],
                                                "back": ["c"]},
        "open (Enter)": {"keys": ["Enter"], "back": ["Escape"]},
    }), help="JSON: name -> {keys: [tmux send-keys args], back: [...]}")
    args = ap.parse_args()
    args.bullpen = os.path.join(args.build, "bullpen")
    args.bigstore = os.path.join(args.build, "bench", "bigstore")
    args.analyze_bench = os.path.join(args.build, "bench", "analyze_bench")
    parts = set(args.only.split(","))
    reps = args.reps or (5 if args.quick else 20)
    size = args.store_size or (100000 if args.quick else 1000000)
    work = tempfile.mkdtemp(prefix="bullpen-bench-")
    r = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "quick": args.quick,
         "host": {"cpus": os.cpu_count(), "uname": " ".join(os.uname())}}
    try:
        if "ingest" in parts:
            r["ingest"] = []
            sizes = [(20, 100)] if args.quick else [(20, 100), (200, 500)]
            for k, n in sizes:
                r["ingest"].append(ingest(args, work, k, n))
        if "store" in parts or "tui" in parts:
            db, r["store"] = bigstore(args, work, size)
            if "store" in parts:
                r["queries"] = queries(args, db, reps)
            if "tui" in parts:
                r["tui"] = tui(args, work, db, reps)
        if "analysis" in parts:
            r["analysis"] = analysis(args)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    outdir = os.path.join(HERE, "results")
    os.makedirs(outdir, exist_ok=True)
    path = os.path.join(outdir, time.strftime("%Y%m%dT%H%M%S.json"))
    with open(path, "w") as f:
        json.dump(r, f, indent=1)
    print(table(r))
    print("results: %s" % os.path.relpath(path, SRC))


if __name__ == "__main__":
    main()
