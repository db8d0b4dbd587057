#!/usr/bin/env python3
"""bench.py: bullpen's benchmarks (run through bench/run.sh, which builds first).

    python3 bench/bench.py --build DIR [--quick] [--only PART,...] [--jobs N]

Parts: ingest (bullpen fetch against newsboat reload, then refetch with
nothing changed), store (a large store written by bigstore, then CLI query
times), tui (time to first frame, peak memory, key latency in tmux, on that
store), analysis (analyser MB/s), pg (the same on a throwaway PostgreSQL
server: bench_pg.py). Prints a table and writes
bench/results/<timestamp>.json.
"""

import argparse
import json
import os
import re
import shlex
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
        self.cpu = ru.ru_utime + ru.ru_stime
        return (time.perf_counter() - self.t0, ru.ru_maxrss, self.p.returncode, out, err)


def timed(argv, env=None):
    return Proc(argv, env=env).wait()


def timed_cpu(argv, env=None):
    """timed, with the child's CPU time (user + system) in front. What the
    runs before wrote is flushed to disk first, so that neither program's
    run pays for the other's writeback (newsboat's cache of 100,000
    articles is 150 MB the kernel would otherwise write out during the next
    run)."""
    os.sync()
    p = Proc(argv, env=env)
    r = p.wait()
    return (p.cpu,) + r


def load():
    """The machine's load average (1, 5, 15 minutes): the figures depend on
    what else runs."""
    return [round(x, 2) for x in os.getloadavg()]


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

def store_bytes(path):
    """A store's size on disk: the file and any WAL beside it."""
    return sum(os.path.getsize(f) for f in (path, path + "-wal") if os.path.exists(f))


def median_of(runs, key):
    return statistics.median(r[key] for r in runs)


def summarise(runs):
    """The median of each figure over the repeats, and how many there were."""
    whole = ("per_second", "stored", "bytes_per_article", "mentions", "refetch_conditional")
    out = {k: int(round(median_of(runs, k))) if k in whole else round(median_of(runs, k), 3)
           for k in runs[0]}
    out["runs"] = len(runs)
    return out


def tool_env(work, name):
    home = os.path.join(work, name)
    os.makedirs(home + "/.config", exist_ok=True)
    env = dict(os.environ)
    env.update(HOME=home, XDG_CONFIG_HOME=home + "/.config", XDG_DATA_HOME=home + "/.local")
    return env


def refetch(srv, argv, env):
    """Every feed fetched again with nothing changed: seconds and how many
    requests were conditional (the server answers those with 304)."""
    srv.reset()
    secs, rss, rc, out, err = timed(argv, env)
    if rc:
        raise RuntimeError("%s refetch failed: %s" % (argv[0], err.decode()[-500:]))
    return secs, sum(1 for e in srv.log() if e["inm"] or e["ims"])


def bullpen_once(args, work, d, srv, sub, rep, again=True):
    """One bullpen ingest into a fresh store: the feeds imported from OPML,
    then one timed fetch, then (with again) a refetch with nothing changed."""
    tag = "bp-%s-%d" % (sub, rep)
    env = tool_env(work, tag)
    # Every feed is on 127.0.0.1: no per-host limits, as newsboat has none.
    os.makedirs(env["HOME"] + "/.config/bullpen")
    with open(env["HOME"] + "/.config/bullpen/config", "w") as f:
        f.write("fetch.per_host = 0\nfetch.host_gap_ms = 0\n")
    db = os.path.join(work, tag + ".db")
    bp = [args.bullpen, "--db", db]
    subprocess.run(bp + ["feeds", "import", os.path.join(d, "feeds.opml")], env=env,
                   check=True, stdout=subprocess.DEVNULL)
    srv.reset()
    cpu, secs, rss, rc, out, err = timed_cpu(bp + ["fetch", "--jobs", str(args.jobs), "--quiet"],
                                             env)
    if rc:
        raise RuntimeError("bullpen fetch failed: %s" % err.decode()[-500:])
    got = count(db, "SELECT count(*) FROM articles")
    r = {"seconds": secs, "cpu_seconds": cpu, "stored": got, "per_second": got / secs,
         "peak_rss_mb": rss / 1024.0, "bytes_per_article": store_bytes(db) / max(got, 1),
         "mentions": count(db, "SELECT count(*) FROM mentions")}
    if again:
        r["refetch_seconds"], r["refetch_conditional"] = refetch(
            srv, bp + ["fetch", "--all", "--jobs", str(args.jobs), "--quiet"], env)
    return r, db


def newsboat_argv(work, d, sub, rep, jobs):
    conf = os.path.join(work, "nb-%s.conf" % sub)
    with open(conf, "w") as f:
        f.write("reload-threads %d\n" % jobs)
    cache = os.path.join(work, "nb-%s-%d.db" % (sub, rep))
    return ["newsboat", "-u", os.path.join(d, "urls"), "-c", cache, "-C", conf], cache


def newsboat_once(args, work, d, srv, sub, rep, again=True):
    """One newsboat reload (-x reload) of the same URLs into a fresh cache with
    the same parallelism, then (with again) its refetches."""
    env = tool_env(work, "nb-%s-%d" % (sub, rep))
    argv, cache = newsboat_argv(work, d, sub, rep, args.jobs)
    nb = argv + ["-x", "reload"]
    srv.reset()
    cpu, secs, rss, rc, out, err = timed_cpu(nb, env)
    if rc:
        raise RuntimeError("newsboat failed: %s" % err.decode()[-500:])
    got = count(cache, "SELECT count(*) FROM rss_item")
    r = {"seconds": secs, "cpu_seconds": cpu, "stored": got, "per_second": got / secs,
         "peak_rss_mb": rss / 1024.0, "bytes_per_article": store_bytes(cache) / max(got, 1)}
    # newsboat keeps a feed's validators only once the feed is in its cache,
    # so its first refetch is unconditional; the second is the steady state.
    if again:
        r["refetch_first_seconds"], _ = refetch(srv, nb, env)
        r["refetch_seconds"], r["refetch_conditional"] = refetch(srv, nb, env)
    return r, argv


def ingest(args, work, k, n, reps, again=True):
    log("== ingest %dx%d: %d run%s of each program, fresh stores" % (k, n, reps,
                                                                    "s" * (reps > 1)))
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
    res = {"feeds": k, "items": n, "articles": k * n, "mb": round(mb, 1), "jobs": args.jobs,
           "load_before": load()}
    bp_runs, nb_runs = [], []
    try:
        for rep in range(reps):
            r, db = bullpen_once(args, work, d, srv, sub, rep, again)
            bp_runs.append(r)
            r, nb = newsboat_once(args, work, d, srv, sub, rep, again)
            nb_runs.append(r)
        res["bullpen"], res["newsboat"] = summarise(bp_runs), summarise(nb_runs)
        res["bullpen"]["per_second_all"] = [round(r["per_second"]) for r in bp_runs]
        res["newsboat"]["per_second_all"] = [round(r["per_second"]) for r in nb_runs]
        res["ratio"] = round(res["bullpen"]["per_second"] / res["newsboat"]["per_second"], 2)
        if again:
            res["refetch_ratio"] = round(res["newsboat"]["refetch_seconds"] /
                                         max(res["bullpen"]["refetch_seconds"], 1e-6), 2)
        res["load_after"] = load()
        # The last run's stores, for opening both programs on them.
        res["_stores"] = {"bullpen": db, "newsboat": nb}
    finally:
        srv.stop()
    return res


# -- large store and queries ------------------------------------------------------

def human_bytes(n):
    return "%.1f GB" % (n / 1e9) if n >= 1e9 else "%.0f MB" % (n / 1e6)


def store_plan(args, work, n):
    """Measures bigstore on a small store (bytes an article, articles a
    second), says how long and how much disk n articles will take, and
    refuses when the disk where the store goes has too little free."""
    probe_n = min(n, 20000)
    db = os.path.join(work, "probe.db")
    secs, rss, rc, out, err = timed([args.bigstore, db, str(probe_n)])
    if rc:
        raise RuntimeError("bigstore failed: %s" % err.decode()[-500:])
    info = json.loads(out.decode().strip().splitlines()[-1])
    per_article = store_bytes(db) / probe_n
    for f in (db, db + "-wal", db + "-shm"):
        if os.path.exists(f):
            os.remove(f)
    # The WAL and the indexes' growth need room beyond the file's own size.
    need = int(n * per_article * 1.2) + (1 << 30)
    free = shutil.disk_usage(work).free
    plan = {"articles": n, "probe_bytes_per_article": round(per_article),
            "probe_per_second": info["per_second"], "need_bytes": need, "free_bytes": free,
            "estimated_seconds": round(n / max(info["per_second"], 1))}
    log("== store: %d articles will take about %d s at %d articles/s and about %s of disk "
        "(%d bytes an article measured on %d); %s free in %s" % (
            n, plan["estimated_seconds"], info["per_second"], human_bytes(need),
            per_article, probe_n, human_bytes(free), work))
    if need > free:
        raise SystemExit("bench: a store of %d articles needs about %s in %s but only %s is "
                         "free; use --store-size with fewer articles or --work on a larger "
                         "disk" % (n, human_bytes(need), work, human_bytes(free)))
    return plan


def bigstore(args, work, n):
    plan = store_plan(args, work, n)
    db = os.path.join(work, "big.db")
    log("== store: writing %d articles with analysis (bigstore), started %s" % (
        n, time.strftime("%H:%M:%S")))
    cpu, secs, rss, rc, out, err = timed_cpu([args.bigstore, db, str(n)])
    if rc:
        raise RuntimeError("bigstore failed: %s" % err.decode()[-500:])
    info = json.loads(out.decode().strip().splitlines()[-1])
    info["cpu_seconds"] = round(cpu, 1)
    info["db_mb"] = round(store_bytes(db) / 1e6, 1)
    info["bytes_per_article"] = round(store_bytes(db) / max(info["articles"], 1))
    info["plan"] = plan
    info["load_after"] = load()
    return db, info


def reuse_store(args):
    """An existing store (--store): opened once first, which migrates an older
    one and says how long that took; its rows are counted, not written."""
    db = args.store
    log("== store: measuring %s as it is (opening it migrates an older store)" % db)
    secs, rss, rc, out, err = timed([args.bullpen, "--db", db, "feeds", "list", "--json"])
    if rc:
        raise RuntimeError("bullpen feeds list failed: %s" % err.decode()[-500:])
    n = sum(f["articles"] for f in json.loads(out.decode()))
    return db, {"articles": n, "seconds": secs, "cpu_seconds": 0, "per_second": 0,
                "db_mb": round(store_bytes(db) / 1e6, 1),
                "bytes_per_article": round(store_bytes(db) / max(n, 1)), "reused": db,
                "open_seconds": round(secs, 1), "load_after": load()}


# Targets for the large store: whole command (process start included).
QUERY_P95_MS = 20
FIRST_FRAME_MS = 50


def queries(args, db, reps):
    log("== queries on the large store (%d runs each)" % reps)
    env = dict(os.environ)
    bp = [args.bullpen, "--db", db]
    cases = [("article list, newest first", ["articles", "--limit", "50"]),
             ("ticker filter (NVDA)", ["articles", "--ticker", "NVDA", "--limit", "50"]),
             ("search, newest first", ["search", "guidance", "--limit", "50"]),
             ("search, best match (bm25)", ["search", "guidance", "--order", "relevance",
                                            "--limit", "50"]),
             ("search a phrase and a ticker", ["search", '"price target" NVDA', "--limit",
                                               "50"]),
             ("trend (NVDA, one year)", ["trend", "NVDA", "--days", "365"])]
    res = {"load_before": load()}
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
        res[name]["argv"] = " ".join(argv)
        res[name]["peak_rss_mb"] = round(peak / 1024, 1)
        res[name]["meets_target"] = res[name]["p95_ms"] < QUERY_P95_MS
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
        """Ends the server and waits (up to 3 s) for the program that ran in
        it to be gone, so that its exit (a workstation's fetcher thread
        loading libcurl, its store's last checkpoint) never overlaps the
        next start that is timed."""
        pid = self("display", "-p", "-t", "b", "#{pane_pid}", check=False).strip()
        self("kill-server", check=False)
        if not pid.isdigit():
            return
        end = time.perf_counter() + 3
        while os.path.exists("/proc/%s" % pid) and time.perf_counter() < end:
            time.sleep(0.01)


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


def tmux_baseline(tm, reps):
    """The cost of tmux itself: a program that prints a line at once."""
    base = []
    for _ in range(reps):
        tm.kill()
        t0 = time.perf_counter()
        tm.start("printf 'READY-MARK\\n'; sleep 30")
        if wait_screen(tm, lambda s: "READY-MARK" in s, 10) is None:
            break
        base.append(time.perf_counter() - t0)
    return ms_stats(base) if base else None


def first_frame(tm, cmd, pred, timeout=15):
    """Starts cmd in a fresh tmux and waits until its screen satisfies pred:
    seconds, or None after timeout seconds. The program is left running."""
    tm.kill()  # the last program gone before the clock starts
    t0 = time.perf_counter()
    tm.start(cmd)
    if wait_screen(tm, pred, timeout) is None:
        return None
    return time.perf_counter() - t0


# Started through this, a program's start is noted on CLOCK_MONOTONIC just
# before it is exec'd (python3's own start-up comes before the note), and
# bullpen, given BULLPEN_FRAME_LOG, notes the same clock once its first
# frame has gone to the terminal (tui/app.c): the difference is the
# program's own time to its first frame, with neither tmux nor a shell in it.
STAMP_EXEC = ("python3 -c 'import os, sys, time; a = sys.argv[2:]; "
              "os.environ.update(x.split(\"=\", 1) for x in a[:a.index(\"--\")]); "
              "a = a[a.index(\"--\") + 1:]; "
              "open(sys.argv[1], \"w\").write(str(time.clock_gettime_ns(time.CLOCK_MONOTONIC))); "
              "os.execvp(a[0], a)'")


def own_frame_cmd(work, env, argv):
    """The shell command that starts argv (with env, a string of NAME=value
    words, set by the python3 that execs it: an env(1) between would add
    its own exec) noted as STAMP_EXEC says, and the two files to read back
    with own_frame_ms."""
    mark, log_ = os.path.join(work, "frame.start"), os.path.join(work, "frame.log")
    for f in (mark, log_):
        if os.path.exists(f):
            os.unlink(f)
    cmd = "%s %s %s BULLPEN_FRAME_LOG=%s -- %s" % (
        STAMP_EXEC, shlex.quote(mark), env, shlex.quote(log_), " ".join(map(shlex.quote, argv)))
    return cmd, (mark, log_)


def own_frame_ms(files, timeout=5):
    """Milliseconds from the exec to the first frame, or None."""
    mark, log_ = files
    end = time.time() + timeout
    while time.time() < end:
        try:
            with open(mark) as f:
                start = int(f.read())
            with open(log_) as f:
                frame = int(f.read().split()[0])
            return (frame - start) / 1e6
        except (OSError, ValueError, IndexError):
            time.sleep(0.01)
    return None


def newest_title(args, db):
    newest = subprocess.run([args.bullpen, "--db", db, "articles", "--limit", "1", "--json"],
                            capture_output=True, text=True)
    try:
        return json.loads(newest.stdout)[0]["title"][:20]
    except (ValueError, IndexError, KeyError):
        return None


def open_compare(args, work, ing, reps):
    """Both programs opened on the stores their ingest left (the same
    articles): time until the list is drawn, and peak memory."""
    log("== opening both programs on %d articles (%d runs)" % (ing["articles"], reps))
    if not shutil.which("tmux"):
        return {"error": "tmux not installed"}
    stores = ing["_stores"]
    title = newest_title(args, stores["bullpen"])
    if not title:
        return {"error": "could not read the newest article"}
    tm = Tmux(work)
    progs = {
        "bullpen": ("env HOME=%s TERM=xterm-256color %s --db %s" % (work, args.bullpen,
                                                                    stores["bullpen"]),
                    lambda s: title in s),
        # newsboat's feed list shows each feed's (unread/total) once its
        # cache is read.
        "newsboat": ("env HOME=%s TERM=xterm-256color %s" % (work, " ".join(stores["newsboat"])),
                     lambda s: "/%d)" % ing["items"] in s),
    }
    res = {"articles": ing["articles"], "tmux_baseline": tmux_baseline(tm, reps),
           "load_before": load()}
    for name, (cmd, pred) in progs.items():
        times, hwm = [], []
        for _ in range(reps):
            # newsboat reads its whole cache before drawing: seconds, not
            # milliseconds, at 100,000 articles; three runs are enough then
            # (one in a quick run, 15 s to a minute each).
            t = first_frame(tm, cmd, pred, 180)
            if t is None:
                break
            times.append(t)
            if sum(times) > 30 and len(times) >= (1 if args.quick else 3):
                break
            pid = int(tm("display", "-p", "-t", "b", "#{pane_pid}").strip())
            h = vm_hwm_kb(pid)
            if h:
                hwm.append(h)
        if not times:
            res[name] = {"error": "%s drew nothing expected within 180 s" % name}
            continue
        res[name] = ms_stats(times)
        res[name]["peak_rss_mb"] = round(max(hwm) / 1024, 1) if hwm else None
    tm.kill()
    return res


def tui(args, work, db, reps):
    log("== workstation on the large store (%d runs)" % reps)
    if not shutil.which("tmux"):
        return {"error": "tmux not installed"}
    title = newest_title(args, db)
    if not title:
        return {"error": "could not read the newest article"}
    tm = Tmux(work)
    env = "HOME=%s TERM=xterm-256color" % work
    res = {"first_frame": [], "own_first_frame": [], "vm_hwm_kb": [], "keys": {}}
    base = tmux_baseline(tm, reps)
    load_before = load()
    for i in range(reps):
        t = first_frame(tm, "env %s %s --db %s" % (env, args.bullpen, shlex.quote(db)),
                        lambda s: title in s)
        if t is None:
            tm.kill()
            return {"error": "the workstation did not show the article list within 15 s "
                             "(is the TUI in this build?)"}
        res["first_frame"].append(t)
        # The same start again, timed by the program's own note of its
        # first frame (no tmux in it). The harness waits on the note's file,
        # not by asking tmux for the screen as it does above (a process
        # and tmux's work every few ms, on the same cores as the start it
        # times), and checks the screen once after.
        cmd, files = own_frame_cmd(work, env, [args.bullpen, "--db", db])
        tm.start(cmd)
        own = own_frame_ms(files, 15)
        if own is not None and wait_screen(tm, lambda s: title in s, 5) is not None:
            res["own_first_frame"].append(own / 1000)
        pid = int(tm("display", "-p", "-t", "b", "#{pane_pid}").strip())
        if i == 0:
            res["keys"] = keys(tm, args, reps * 4)
        hwm = vm_hwm_kb(pid)
        if hwm:
            res["vm_hwm_kb"].append(hwm)
    tm.kill()
    out = {"first_frame": ms_stats(res["first_frame"]), "tmux_baseline": base,
           "peak_rss_mb": round(max(res["vm_hwm_kb"]) / 1024, 1) if res["vm_hwm_kb"] else None,
           "keys": res["keys"], "load_before": load_before}
    out["first_frame"]["meets_target"] = out["first_frame"]["p95_ms"] < FIRST_FRAME_MS
    if res["own_first_frame"]:
        out["own_first_frame"] = ms_stats(res["own_first_frame"])
        out["own_first_frame"]["meets_target"] = out["own_first_frame"]["p95_ms"] < FIRST_FRAME_MS
    if base:
        out["first_frame_net_p50_ms"] = round(out["first_frame"]["p50_ms"] - base["p50_ms"], 2)
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

def grid(head, rows):
    w = [max(len(str(x[i])) for x in [head] + rows) for i in range(len(head))]
    line = lambda x: "  ".join("%-*s" % (w[i], x[i]) for i in range(len(x))).rstrip()
    return "\n".join([line(head), line(["-" * n for n in w])] + [line(x) for x in rows])


def fmt_load(ld):
    return "load %s" % " ".join("%.2f" % x for x in ld) if ld else ""


def ratio(x):
    """bullpen / newsboat: 2.25x, or 1/463 when bullpen's figure is far the
    smaller."""
    return "%.2fx" % x if x >= 0.1 else "1/%.0f" % (1 / x) if x > 0 else "-"


def compare_rows(r):
    """The side-by-side rows: measure, bullpen, newsboat, bullpen/newsboat."""
    rows = []
    for ing in r.get("ingest", []):
        tag = "%dx%d" % (ing["feeds"], ing["items"])
        if "error" in ing:
            rows.append(["ingest " + tag, ing["error"], "", ""])
            continue
        b, n = ing["bullpen"], ing["newsboat"]
        rows.append(["ingest %s, articles/s (median of %d)" % (tag, b["runs"]),
                     "{:,} (analysed; {:.1f} s CPU)".format(b["per_second"], b["cpu_seconds"]),
                     "{:,} ({:.1f} s CPU)".format(n["per_second"], n["cpu_seconds"]),
                     ratio(ing["ratio"])])
        rows.append(["ingest %s, peak resident" % tag, "%.1f MB" % b["peak_rss_mb"],
                     "%.1f MB" % n["peak_rss_mb"],
                     ratio(b["peak_rss_mb"] / max(n["peak_rss_mb"], 0.1))])
        rows.append(["ingest %s, store bytes/article" % tag, "{:,}".format(b["bytes_per_article"]),
                     "{:,}".format(n["bytes_per_article"]),
                     ratio(b["bytes_per_article"] / max(n["bytes_per_article"], 1))])
        if "refetch_seconds" not in b:
            rows.append(["refetch %s, all unchanged" % tag, "not run (--quick)", "", ""])
            continue
        rows.append(["refetch %s, all unchanged" % tag,
                     "%.3f s (%d/%d conditional)" % (b["refetch_seconds"],
                                                     b["refetch_conditional"], ing["feeds"]),
                     "%.3f s (%d/%d; first %.2f s)" % (n["refetch_seconds"],
                                                       n["refetch_conditional"], ing["feeds"],
                                                       n["refetch_first_seconds"]),
                     ratio(b["refetch_seconds"] / max(n["refetch_seconds"], 1e-6))])
    o = r.get("open")
    if o and "error" not in o:
        cell = lambda x: x.get("error") or "%.1f ms p50 (%.1f p95), %s MB" % (
            x["p50_ms"], x["p95_ms"], x["peak_rss_mb"])
        b, n = o.get("bullpen", {}), o.get("newsboat", {})
        rows.append(["open, first frame at {:,} articles".format(o["articles"]), cell(b), cell(n),
                     ratio(b["p50_ms"] / n["p50_ms"]) if "p50_ms" in b and "p50_ms" in n
                     else ""])
        if o.get("tmux_baseline"):
            rows.append(["  (tmux alone)", "%.1f ms p50" % o["tmux_baseline"]["p50_ms"], "", ""])
    elif o:
        rows.append(["open", o["error"], "", ""])
    return rows


def store_rows(r):
    rows = []
    s = r["store"]
    if s.get("reused"):
        rows.append(["store measured as it was (--store)",
                     "{:,} articles, {}, {:,} bytes/article; first open {:.1f} s".format(
                         s["articles"], human_bytes(s["db_mb"] * 1e6), s["bytes_per_article"],
                         s["open_seconds"]), ""])
    else:
        rows.append(["store written (bigstore, analysed)",
                     "{:,} articles in {:.0f} s ({:.0f} s CPU): {:,.0f}/s, {}, {:,} bytes/article"
                     .format(
                         s["articles"], s["seconds"], s["cpu_seconds"], s["per_second"],
                         human_bytes(s["db_mb"] * 1e6), s["bytes_per_article"]), ""])
    return rows + query_rows(r, QUERY_P95_MS, FIRST_FRAME_MS)


def query_rows(r, query_p95_ms, first_frame_ms):
    """The rows of a large store's queries and workstation (r's "queries"
    and "tui"), against the targets given (bench_pg.py's store too)."""
    rows = []
    ok = lambda met: "met" if met else "MISSED"
    for name, q in r.get("queries", {}).items():
        if name.startswith("load"):
            continue
        rows.append(["query: " + name, q.get("error") or "p50 %.1f ms  p95 %.1f ms  %.0f MB" % (
            q["p50_ms"], q["p95_ms"], q["peak_rss_mb"]),
            "" if "error" in q else "p95 < %d ms: %s" % (query_p95_ms, ok(q["meets_target"]))])
    t = r.get("tui")
    if t and "error" in t:
        rows.append(["workstation", t["error"], ""])
    elif t:
        f = t["first_frame"]
        rows.append(["workstation first frame",
                     "p50 %.1f ms  p95 %.1f ms (tmux alone p50 %.1f ms)" % (
                         f["p50_ms"], f["p95_ms"],
                         t["tmux_baseline"]["p50_ms"] if t["tmux_baseline"] else float("nan")),
                     "p95 < %d ms: %s" % (first_frame_ms, ok(f["meets_target"]))])
        o = t.get("own_first_frame")
        if o:
            rows.append(["  exec to first frame, the program's own",
                         "p50 %.1f ms  p95 %.1f ms (no tmux in it)" % (o["p50_ms"], o["p95_ms"]),
                         "p95 < %d ms: %s" % (first_frame_ms, ok(o["meets_target"]))])
        rows.append(["workstation peak resident", "%s MB (VmHWM)" % t["peak_rss_mb"], ""])
        for k, v in t["keys"].items():
            rows.append(["key " + k, v.get("error") or "p50 %.1f ms  p95 %.1f ms" % (
                v["p50_ms"], v["p95_ms"]), ""])
    return rows


def table(r):
    out = ["%d CPUs; %s at the start (the machine may be shared: compare CPU seconds)" % (
        r["host"]["cpus"], fmt_load(r["load_start"]))]
    rows = compare_rows(r)
    if rows:
        out += ["", grid(["measure", "bullpen", "newsboat", "bullpen/newsboat"], rows)]
    if "store" in r:
        out += ["", grid(["large store: {:,} articles".format(r["store"]["articles"]), "result",
                          "target"], store_rows(r))]
    if "analysis" in r:
        out += ["", "analysis (tickers, claims, sentiment): %.1f MB/s, one core" %
                r["analysis"]["mb_per_s"]]
    if "pg" in r:
        import bench_pg
        out += ["", bench_pg.table(r["pg"])]
    if r.get("quick"):
        out += ["", QUICK_NOTE]
    if r.get("part_seconds"):
        out += ["", "time by part: " + ", ".join("%s %.0f s" % kv for kv in
                                                  r["part_seconds"].items())]
    out.append("%s at the end" % fmt_load(r["load_end"]))
    return "\n".join(out)


# What --quick leaves out, printed under its table: the ratios it gives are
# the full run's, on fewer repeats.
QUICK_NOTE = ("quick run: the same feeds and the same ratios as the full run (200x500 is the "
              "ingest the targets are set on), on fewer repeats: 20x100 three times, 200x500 "
              "once and without its refetch (newsboat's first refetch of it reloads all "
              "100,000 articles again; the refetch is compared on 20x100), each program "
              "opened on those articles 5 times or until 30 s have passed (newsboat, seconds "
              "an open: once or twice), 5 query and key repeats, a 100,000-article store instead of 10,000,000.")


class Parts:
    """Wall seconds each part of the run took, to see what a run's time is
    made of."""

    def __init__(self, r):
        self.r = r
        r["part_seconds"] = {}

    def __call__(self, name, fn, *a):
        t0 = time.perf_counter()
        try:
            return fn(*a)
        finally:
            self.r["part_seconds"][name] = time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", default="ingest,open,store,tui,analysis,pg")
    ap.add_argument("--jobs", type=int, default=8)
    ap.add_argument("--store-size", type=int)
    ap.add_argument("--reps", type=int)
    ap.add_argument("--ingest-reps", type=int)
    ap.add_argument("--feeds", help="the ingest sets as FEEDSxITEMS:RUNS,... "
                    "(default 20x100:5,200x500:3; --quick 20x100:3,200x500:1)")
    ap.add_argument("--store", help="measure this existing store (written by bigstore, kept) "
                    "instead of writing one")
    ap.add_argument("--work", help="where the stores go (default: the system's temp dir)")
    ap.add_argument("--pg-store-size", type=int,
                    help="the PostgreSQL store's articles (default 1,000,000; --quick 20,000)")
    ap.add_argument("--pg-data", help="keep the PostgreSQL server's directory here and reuse "
                    "it: initdb when empty, the large store written only when it does not "
                    "have --pg-store-size articles yet")
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
    size = args.store_size or (100000 if args.quick else 10000000)
    # (feeds, items, runs): the 200 x 500 set is the 100,000 articles both
    # programs are then opened on.
    sizes = [(20, 100, 3), (200, 500, 1)] if args.quick else [(20, 100, 5), (200, 500, 3)]
    if args.feeds:
        sizes = [tuple(int(x) for x in re.split("[x:]", f)) for f in args.feeds.split(",")]
    work = tempfile.mkdtemp(prefix="bullpen-bench-", dir=args.work)
    r = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "quick": args.quick,
         "host": {"cpus": os.cpu_count(), "uname": " ".join(os.uname())},
         "load_start": load()}
    part = Parts(r)
    try:
        if "ingest" in parts or "open" in parts:
            # --quick refetches only the first (small) set.
            r["ingest"] = [part("ingest %dx%d" % (k, n), ingest, args, work, k, n,
                                args.ingest_reps or runs, not args.quick or i == 0)
                           for i, (k, n, runs) in enumerate(sizes)]
            if "open" in parts:
                r["open"] = part("open", open_compare, args, work, r["ingest"][-1], reps)
            for ing in r["ingest"]:
                ing.pop("_stores", None)
        if "store" in parts or "tui" in parts:
            db, r["store"] = (part("store", reuse_store, args) if args.store
                              else part("store", bigstore, args, work, size))
            if "store" in parts:
                r["queries"] = part("queries", queries, args, db, reps)
            if "tui" in parts:
                r["tui"] = part("tui", tui, args, work, db, reps)
        if "analysis" in parts:
            r["analysis"] = part("analysis", analysis, args)
        if "pg" in parts:
            import bench_pg
            args.pg_sizes = sizes[:1] if args.quick else sizes
            args.pg_store_size = args.pg_store_size or (20000 if args.quick else 1000000)
            args.pg_reps = reps
            r["pg"] = part("pg", bench_pg.run, args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    r["load_end"] = load()
    outdir = os.path.join(HERE, "results")
    os.makedirs(outdir, exist_ok=True)
    path = os.path.join(outdir, time.strftime("%Y%m%dT%H%M%S.json"))
    with open(path, "w") as f:
        json.dump(r, f, indent=1)
    print(table(r))
    print("results: %s" % os.path.relpath(path, SRC))


if __name__ == "__main__":
    main()
