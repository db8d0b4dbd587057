"""bench_pg.py: the PostgreSQL rows of bullpen's benchmarks (bench.py's part
`pg`).

A throwaway PostgreSQL server is started for the run (initdb and pg_ctl on
a fresh directory, listening only on a Unix socket there, as tests/pg.sh
does, but with the server's defaults for durability: fsync on), then:

- fixed cost: a command on an empty store, SQLite's file then a database,
  wall and CPU on both sides (what a connection costs a command);
- ingest: the same generated feeds as bench.py's ingest, fetched into a
  fresh PostgreSQL database and, taken in turn with it, into a fresh SQLite
  store: articles/s, bullpen's CPU seconds and the server's, peak resident;
- a large PostgreSQL store (1,000,000 articles; --quick 20,000), its time
  and disk estimated and printed first (and refused when the disk is too
  small): bigstore straight into the database, timed; up to
  PG_COMPARE_MAX articles also bigstore into a SQLite file then `bullpen
  store copy` into a database, timed beside it, the faster one's store
  kept;
- on it, over the local socket: the workstation's first frame in tmux and
  the same CLI queries as the SQLite large store (bench.queries), against
  the desk's targets (first frame < 100 ms, queries p95 < 30 ms).

With --pg-data DIR the server's directory is DIR, kept from run to run
(initdb only when it holds no cluster), and a large store already there
with --pg-store-size articles is measured as it is instead of written.
"""

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import bench

# The desk's targets, whole command (process start included).
PG_QUERY_P95_MS = 30
PG_FIRST_FRAME_MS = 100

# What writing the large store costs, for the estimate printed before it is
# written: bigstore straight into PostgreSQL (fsync on) wrote 1,000,000
# articles at 291/s on the two-core test machine under a load average of
# 9 to 17 (a quiet machine is faster: the estimate is an upper bound), and
# the database took 1,959 MB after VACUUM (README, Benchmarks).
PG_BUILD_PER_S = 290
PG_MB_PER_1000 = 2.0
# Up to this size the store is written both ways (straight in, and SQLite
# then store copy) to compare them; above it straight in only, the faster.
PG_COMPARE_MAX = 100000


def pg_bindir():
    """Where initdb and pg_ctl are (as tests/pg.sh looks), or None."""
    dirs = [os.environ.get("BULLPEN_PG_BIN", "")]
    try:
        dirs.append(subprocess.run(["pg_config", "--bindir"], capture_output=True,
                                   text=True).stdout.strip())
    except OSError:
        pass
    dirs += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for d in dirs:
        if d and os.path.exists(os.path.join(d, "initdb")) and \
                os.path.exists(os.path.join(d, "pg_ctl")):
            return d
    return None


class PgServer:
    """A PostgreSQL server on a Unix socket only, for the benchmark's run: in
    a temporary directory that stop() removes, or (keep, --pg-data) in a
    directory kept from run to run: initdb there only when it holds no
    database cluster yet, the server started for the part (or used as it is
    when it already runs there) and stopped after it, the directory left.
    Run as root, the server runs as the user postgres (else nobody) through
    setpriv, as tests/pg.sh does."""

    def __init__(self, work, keep=None):
        self.bin = pg_bindir()
        if not self.bin or not shutil.which("psql"):
            raise RuntimeError("PostgreSQL is not installed (no initdb/pg_ctl or psql; "
                               "scripts/setup.sh test installs it)")
        self.kept = bool(keep)
        if keep:
            self.dir = os.path.abspath(keep)
            os.makedirs(self.dir, exist_ok=True)
        else:
            self.dir = tempfile.mkdtemp(prefix="pg-", dir=work)
        self.runas = []
        if os.getuid() == 0:
            user = os.environ.get("BULLPEN_PG_USER") or "postgres"
            try:
                import pwd
                pw = pwd.getpwnam(user)
            except KeyError:
                pw = pwd.getpwnam("nobody")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
            os.chmod(work, 0o755)
            self.runas = ["setpriv", "--reuid=%d" % pw.pw_uid, "--regid=%d" % pw.pw_gid,
                          "--clear-groups", "--reset-env", "--"]
        data = os.path.join(self.dir, "data")
        self.data = data
        self.base = "host=%s user=bullpen" % self.dir
        if not os.path.exists(os.path.join(data, "PG_VERSION")):
            self._run([os.path.join(self.bin, "initdb"), "-D", data, "-U", "bullpen", "-A",
                       "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"])
        # A kept directory's server may already run (started by hand to look
        # at the store): it is used, and left running.
        self.started = not self.running()
        if self.started:
            self._run([os.path.join(self.bin, "pg_ctl"), "-D", data, "-l",
                       os.path.join(self.dir, "server.log"), "-w", "-t", "600", "-o",
                       "-c listen_addresses='' -c unix_socket_directories='%s' "
                       "-c max_connections=40" % self.dir, "start"])

    def running(self):
        return subprocess.run(self.runas + [os.path.join(self.bin, "pg_ctl"), "-D", self.data,
                                            "status"], capture_output=True).returncode == 0

    def _run(self, argv):
        p = subprocess.run(self.runas + argv, capture_output=True, text=True)
        if p.returncode:
            raise RuntimeError("%s failed: %s" % (os.path.basename(argv[0]),
                                                  (p.stderr or p.stdout)[-500:]))

    def sql(self, dbname, sql):
        p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d",
                            "%s dbname=%s" % (self.base, dbname), "-c", sql],
                           capture_output=True, text=True)
        if p.returncode:
            raise RuntimeError("psql: %s" % p.stderr.strip()[-300:])
        return p.stdout.strip()

    def newdb(self, name):
        self.dropdb(name)
        self.sql("postgres", 'CREATE DATABASE "%s"' % name)
        return self.newdb_conninfo(name)

    def newdb_conninfo(self, name):
        return "%s dbname=%s" % (self.base, name)

    def cpu_seconds(self):
        """CPU the server has used so far: the postmaster and its live
        processes, and the children it has reaped (ended connections; a
        moment is left for the last to end)."""
        time.sleep(0.5)
        try:
            with open(os.path.join(self.data, "postmaster.pid")) as f:
                pm = int(f.readline())
        except (OSError, ValueError):
            return 0.0
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for stat in glob.glob("/proc/[0-9]*/stat"):
            try:
                with open(stat) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid, ppid = int(stat.split("/")[2]), int(fields[1])
            if pid == pm:
                total += sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
            elif ppid == pm:
                total += int(fields[11]) + int(fields[12])
        return total / tick

    def has_db(self, name):
        return self.sql("postgres", "SELECT count(*) FROM pg_database WHERE datname = '%s'" %
                        name) == "1"

    def dropdb(self, name):
        self.sql("postgres", 'DROP DATABASE IF EXISTS "%s"' % name)

    def stop(self):
        """Stops the server this run started; removes the directory unless
        it is kept."""
        if self.started and os.path.exists(os.path.join(self.data, "postmaster.pid")):
            subprocess.run(self.runas + [os.path.join(self.bin, "pg_ctl"), "-D", self.data,
                                         "-m", "fast", "-w", "-t", "600", "stop"],
                           capture_output=True)
        if not self.kept:
            shutil.rmtree(self.dir, ignore_errors=True)


def pg_ingest_once(args, pg, d, srv, sub, rep):
    """bench.bullpen_once with the store in a fresh PostgreSQL database."""
    tag = "pg-%s-%d" % (sub, rep)
    env = bench.tool_env(args.pg_work, tag)
    os.makedirs(env["HOME"] + "/.config/bullpen")
    with open(env["HOME"] + "/.config/bullpen/config", "w") as f:
        f.write("fetch.per_host = 0\nfetch.host_gap_ms = 0\n")
    dbname = tag.replace("-", "_")
    db = pg.newdb(dbname)
    bp = [args.bullpen, "--db", db]
    subprocess.run(bp + ["feeds", "import", os.path.join(d, "feeds.opml")], env=env,
                   check=True, stdout=subprocess.DEVNULL)
    srv.reset()
    server0 = pg.cpu_seconds()
    cpu, secs, rss, rc, out, err = bench.timed_cpu(
        bp + ["fetch", "--jobs", str(args.jobs), "--quiet"], env)
    if rc:
        raise RuntimeError("bullpen fetch on PostgreSQL failed: %s" % err.decode()[-500:])
    got = int(pg.sql(dbname, "SELECT count(*) FROM articles"))
    res = {"seconds": secs, "cpu_seconds": cpu, "server_cpu_seconds": pg.cpu_seconds() - server0,
           "stored": got, "per_second": got / secs, "peak_rss_mb": rss / 1024.0,
           "mentions": int(pg.sql(dbname, "SELECT count(*) FROM mentions"))}
    if pg.kept:
        pg.dropdb(dbname)  # a kept directory keeps the large store only
    return res


def pg_ingest(args, pg, work, k, n, reps):
    bench.log("== pg ingest %dx%d: %d run%s into PostgreSQL and SQLite in turn" % (
        k, n, reps, "s" * (reps > 1)))
    root = os.path.join(work, "pg-feeds")
    os.makedirs(root, exist_ok=True)
    srv = bench.Server(root, work)
    sub = "s%dx%d" % (k, n)
    d = os.path.join(root, sub)
    subprocess.run([sys.executable, os.path.join(bench.HERE, "gen_feeds.py"), "--feeds", str(k),
                    "--items", str(n), "--out", d, "--seed", "1",
                    "--base-url", "http://127.0.0.1:%d/%s/" % (srv.port, sub)], check=True)
    res = {"feeds": k, "items": n, "articles": k * n, "jobs": args.jobs, "load_before": bench.load()}
    pg_runs, lite_runs = [], []
    try:
        for rep in range(reps):
            pg_runs.append(pg_ingest_once(args, pg, d, srv, sub, rep))
            r, _ = bench.bullpen_once(args, work, d, srv, "pg" + sub, rep)
            lite_runs.append(r)
    finally:
        srv.stop()
    res["postgresql"] = bench.summarise(pg_runs)
    res["sqlite"] = bench.summarise(lite_runs)
    res["load_after"] = bench.load()
    return res


def pg_store_kept(pg, n):
    """Whether a kept directory already holds the large store (the database
    big with n articles), to be measured as it is."""
    return pg.kept and pg.has_db("big") and \
        int(pg.sql("big", "SELECT count(*) FROM articles")) == n


def pg_store_estimate(pg, n, work):
    """The large store's time and disk, said before it is written; a
    RuntimeError when the disk under work cannot hold it (twice: the store
    and, compared, a SQLite copy and a second database). A kept store of
    that size costs nothing."""
    if pg_store_kept(pg, n):
        bench.log("== pg store: %d articles kept in %s, not written again" % (n, pg.dir))
        return {"estimated_minutes": 0, "estimated_gb": 0, "kept": pg.dir}
    ways = 2 if n <= PG_COMPARE_MAX else 1
    mb = n / 1000.0 * PG_MB_PER_1000 * ways
    minutes = n / PG_BUILD_PER_S / 60.0 * ways
    free_mb = shutil.disk_usage(pg.dir).free / 1e6
    bench.log("== pg store: %d articles take about %.1f min to write (%d way%s, at %d/s) and "
              "%.1f GB of disk (%.1f GB free under %s)" % (
                  n, minutes, ways, "s" * (ways > 1), PG_BUILD_PER_S, mb / 1000,
                  free_mb / 1000, pg.dir))
    if free_mb < mb * 1.2:
        raise RuntimeError("the PostgreSQL store of %d articles needs about %.1f GB; %s has "
                           "%.1f GB free" % (n, mb / 1000, pg.dir, free_mb / 1000))
    return {"estimated_minutes": round(minutes, 1), "estimated_gb": round(mb / 1000, 2)}


def pg_store(args, pg, work, n):
    """The large PostgreSQL store, written straight in and, up to
    PG_COMPARE_MAX articles, also via SQLite and store copy: (db, figures).
    A kept directory's store of n articles is measured as it is (opening it
    migrates an older one); one of another size is written again."""
    res = {"articles": n, "load_before": bench.load()}
    if pg_store_kept(pg, n):
        res["kept"] = pg.dir
        res["db_mb"] = round(int(pg.sql("big", "SELECT pg_database_size(current_database())"))
                             / 1e6)
        return pg.newdb_conninfo("big"), res
    bench.log("== pg store: bigstore of %d articles straight into PostgreSQL, started %s" % (
        n, time.strftime("%H:%M:%S")))
    direct = pg.newdb("big")
    s0 = pg.cpu_seconds()
    cpu, secs, rss, rc, out, err = bench.timed_cpu([args.bigstore, direct, str(n)])
    if rc:
        raise RuntimeError("bigstore into PostgreSQL failed: %s" % err.decode()[-500:])
    res["bigstore"] = {"seconds": round(secs, 1), "cpu_seconds": round(cpu, 1),
                       "server_cpu_seconds": round(pg.cpu_seconds() - s0, 1),
                       "per_second": round(n / secs), "peak_rss_mb": round(rss / 1024, 1)}
    keep = "big"
    if n <= PG_COMPARE_MAX:
        res["sqlite_then_copy"] = pg_store_copy(args, pg, work, n)
        faster = "bigstore" if secs <= res["sqlite_then_copy"]["seconds"] else "sqlite_then_copy"
        res["faster"] = faster
        keep, drop = ("big", "bigcopy") if faster == "bigstore" else ("bigcopy", "big")
        pg.sql("postgres", 'DROP DATABASE "%s"' % drop)
    pg.sql(keep, "VACUUM ANALYZE")
    res["db_mb"] = round(int(pg.sql(keep, "SELECT pg_database_size(current_database())")) / 1e6)
    res["load_after"] = bench.load()
    return pg.newdb_conninfo(keep), res


def pg_store_copy(args, pg, work, n):
    """bigstore into a SQLite file, then store copy into the database
    bigcopy: the figures."""
    bench.log("== pg store: bigstore into SQLite, then store copy into PostgreSQL")
    lite = os.path.join(work, "pg-big.db")
    cpu1, secs1, rss1, rc, out, err = bench.timed_cpu([args.bigstore, lite, str(n)])
    if rc:
        raise RuntimeError("bigstore failed: %s" % err.decode()[-500:])
    copy = pg.newdb("bigcopy")
    s0 = pg.cpu_seconds()
    cpu2, secs2, rss2, rc, out, err = bench.timed_cpu([args.bullpen, "store", "copy", lite, copy])
    if rc:
        raise RuntimeError("store copy failed: %s" % err.decode()[-500:])
    for f in (lite, lite + "-wal", lite + "-shm"):
        if os.path.exists(f):
            os.remove(f)
    return {"bigstore_seconds": round(secs1, 1), "copy_seconds": round(secs2, 1),
            "seconds": round(secs1 + secs2, 1), "copy_cpu_seconds": round(cpu2, 1),
            "copy_server_cpu_seconds": round(pg.cpu_seconds() - s0, 1),
            "copy_per_second": round(n / secs2), "copy_peak_rss_mb": round(rss2 / 1024, 1)}


def pg_fixed_cost(args, pg, work, reps):
    """What every command pays for its store being PostgreSQL's: a command
    on an empty store (one feed, no articles), SQLite's file then a
    database: wall p50 / p95, bullpen's CPU and (PostgreSQL)
    the server's CPU per command, a backend started for each connection.
    SQLite's is process start and the open; PostgreSQL's adds loading libpq
    and what it links (TLS, Kerberos, LDAP), the connection, the store's
    probe and planning the statement in a new backend."""
    bench.log("== pg fixed cost: an empty store, %d runs each" % reps)
    env = bench.tool_env(work, "pg-fixed")
    stores = {"sqlite": os.path.join(work, "pg-fixed.db"), "postgresql": pg.newdb("fixed_cost")}
    cases = [("feeds list", ["feeds", "list"]), ("articles --limit 50", ["articles", "--limit",
                                                                           "50"])]
    out = {}
    try:
        for db in stores.values():
            subprocess.run([args.bullpen, "--db", db, "feeds", "add", "http://127.0.0.1:9/f.xml"],
                           env=env, check=True, capture_output=True)
        for name, argv in cases:
            res = {}
            for engine, db in stores.items():
                times, cpu = [], []
                server0 = pg.cpu_seconds()
                for _ in range(reps):
                    c, secs, rss, rc, o, err = bench.timed_cpu([args.bullpen, "--db", db] + argv,
                                                               env)
                    if rc:
                        raise RuntimeError("%s on %s failed: %s" % (name, engine,
                                                                    err.decode()[-300:]))
                    times.append(secs)
                    cpu.append(c)
                res[engine] = bench.ms_stats(times)
                res[engine]["cpu_ms"] = round(bench.pct(cpu, 0.5) * 1000, 2)
                if engine == "postgresql":
                    res[engine]["server_cpu_ms"] = round(
                        (pg.cpu_seconds() - server0) * 1000 / reps, 2)
            out[name] = res
    finally:
        pg.dropdb("fixed_cost")
    return out


def run(args, work):
    """The whole PostgreSQL part: a dict for the results file."""
    out = {"load_start": bench.load()}
    try:
        pg = PgServer(work, args.pg_data)
    except RuntimeError as e:
        out["error"] = str(e)
        return out
    args.pg_work = work
    try:
        # Said before anything else runs: the store is most of the part.
        out["estimate"] = pg_store_estimate(pg, args.pg_store_size, work)
        out["fixed_cost"] = pg_fixed_cost(args, pg, work, args.pg_reps)
        out["ingest"] = [pg_ingest(args, pg, work, k, n, runs) for k, n, runs in args.pg_sizes]
        db, out["store"] = pg_store(args, pg, work, args.pg_store_size)
        out["queries"] = bench.queries(args, db, args.pg_reps)
        for name, q in out["queries"].items():
            if isinstance(q, dict) and "p95_ms" in q:
                q["meets_target"] = q["p95_ms"] < PG_QUERY_P95_MS
        out["tui"] = bench.tui(args, work, db, args.pg_reps)
        f = out["tui"].get("first_frame")
        if f:
            f["meets_target"] = f["p95_ms"] < PG_FIRST_FRAME_MS
    except (RuntimeError, subprocess.CalledProcessError) as e:
        out["error"] = str(e)
    finally:
        pg.stop()
    out["load_end"] = bench.load()
    return out


def table(p):
    """The PostgreSQL rows, beside SQLite's where both were measured."""
    lines = ["PostgreSQL (a local server on a Unix socket, fsync on; %s at the start)" %
             bench.fmt_load(p.get("load_start"))]
    rows = []
    for name, r in p.get("fixed_cost", {}).items():
        g, s = r["postgresql"], r["sqlite"]
        rows.append(["empty store: %s, p50 / p95 (CPU)" % name,
                     "%.1f / %.1f ms (%.1f + server %.1f ms)" % (
                         g["p50_ms"], g["p95_ms"], g["cpu_ms"], g["server_cpu_ms"]),
                     "%.1f / %.1f ms (%.1f ms)" % (s["p50_ms"], s["p95_ms"], s["cpu_ms"])])
    for ing in p.get("ingest", []):
        tag = "%dx%d" % (ing["feeds"], ing["items"])
        g, s = ing["postgresql"], ing["sqlite"]
        rows.append(["ingest %s, articles/s (median of %d)" % (tag, g["runs"]),
                     "{:,} ({:.1f} s CPU + server {:.1f} s)".format(
                         g["per_second"], g["cpu_seconds"], g["server_cpu_seconds"]),
                     "{:,} ({:.1f} s CPU)".format(s["per_second"], s["cpu_seconds"])])
        rows.append(["ingest %s, peak resident" % tag, "%.1f MB" % g["peak_rss_mb"],
                     "%.1f MB" % s["peak_rss_mb"]])
    st, est = p.get("store"), p.get("estimate", {})
    if st and "kept" in st:
        rows.append(["store of {:,}: kept".format(st["articles"]), "%d MB" % st["db_mb"],
                     st["kept"]])
    elif st:
        b, c = st["bigstore"], st.get("sqlite_then_copy")
        rows.append(["store of {:,}: bigstore into PostgreSQL".format(st["articles"]),
                     "{:.0f} s ({:,}/s; {:.0f} s CPU + server {:.0f} s)".format(
                         b["seconds"], b["per_second"], b["cpu_seconds"],
                         b["server_cpu_seconds"]),
                     "estimated {:.0f} min".format(est.get("estimated_minutes", 0))])
        if c:
            rows.append(["  or bigstore into SQLite + store copy",
                         "{:.0f} s + {:.0f} s (copy {:,}/s, {:.0f} s CPU + server {:.0f} s, "
                         "{:.0f} MB)".format(c["bigstore_seconds"], c["copy_seconds"],
                                             c["copy_per_second"], c["copy_cpu_seconds"],
                                             c["copy_server_cpu_seconds"], c["copy_peak_rss_mb"]),
                         "faster: " + st["faster"]])
        rows.append(["  database size", "%d MB" % st["db_mb"],
                     "estimated %.1f GB" % est.get("estimated_gb", 0)])
    rows += bench.query_rows(p, PG_QUERY_P95_MS, PG_FIRST_FRAME_MS)
    if rows:
        lines.append(bench.grid(["measure", "PostgreSQL", "SQLite / target"], rows))
    if "error" in p:
        lines.append("PostgreSQL part stopped: %s" % p["error"])
    lines.append("PostgreSQL part: %s at its end" % bench.fmt_load(p.get("load_end")))
    return "\n".join(lines)
