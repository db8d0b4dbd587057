#!/usr/bin/env python3
"""httpserver.py: a local HTTP/1.1 server for bullpen's fetcher, integration,
benchmark and fault tests. Standard library only.

Usage:
    python3 tests/httpserver.py [--root DIR] [--host 127.0.0.1] [--port 0]
                                [--port-file FILE] [--watch-stdin]
                                [--tls-cert PEM --tls-key PEM]

The chosen port is printed as the first line of stdout, and, with --port-file,
written to FILE (atomically: readers never see a partial number). With
--watch-stdin the server exits when its stdin reaches end of file, so a test
that dies cannot leave it running. With --tls-cert and --tls-key it speaks
HTTPS instead (the handshake runs in the accepting thread: fine for tests of
certificate checks, not for benchmarks).

Every response carries Content-Length or chunked encoding, so connections are
kept alive (HTTP/1.1) unless a route says otherwise. Each connection gets its
own thread (ThreadingHTTPServer).

Routes (GET; query parameters in brackets):
  /ok                   200, a small RSS feed.
  /status/NNN           status NNN with a short text body.
  /slow [s=1]           sleep s seconds, then 200 with a small RSS feed.
  /drip [every=1, bytes=100]
                        declares Content-Length bytes, then sends one byte
                        every `every` seconds (a trickle that never stalls
                        completely).
  /redirect-loop        302 to itself, forever.
  /redirect/N [to=/ok]  N redirects (302) ending at `to`, which may be any
                        URL, e.g. to=ftp://example.com/x.
  /big [mb=1 | bytes=N, nolength=0]
                        a body of that size (letters and newlines); with
                        nolength=1 it is sent chunked, so no length is
                        declared up front.
  /gzip/PATH, /deflate/PATH, /rawdeflate/PATH
                        the response of PATH (any route that is not
                        streamed, or a file), compressed, with
                        Content-Encoding set (rawdeflate: labelled
                        "deflate" but sent without the zlib wrapper, as some
                        servers do).
  /bomb [gb=1]          a gzip stream that inflates to gb GiB of zeros,
                        compressed on the fly in 1 MiB pieces and sent chunked
                        (a few KiB on the wire per GiB).
  /changing/KEY [every=1]
                        an RSS feed whose version goes up every `every`
                        requests for KEY; its ETag and Last-Modified follow the
                        version, and a conditional request for an unchanged
                        version gets 304.
  /paced/KEY [period=0, status=200, cc=, expires=, retry=, retrydate=,
              ttl=, skiphours=, skipdays=, syperiod=, syfreq=, sleep=0]
                        an RSS feed for the pacing tests. With period=P it
                        gains an item every P seconds of the server clock
                        (see /__clock), else it never changes; ETag and
                        Last-Modified follow its version and a conditional
                        request for the current one gets 304. cc is sent as
                        Cache-Control, expires=N as Expires N seconds after
                        the clock (Date is always on that clock too),
                        retry=N as Retry-After in seconds, retrydate=N as
                        Retry-After an HTTP date N seconds ahead; status
                        (e.g. 429, 503) replaces the feed with that status
                        (Retry-After still sent). ttl (minutes), skiphours
                        (comma list), skipdays (comma list), syperiod and
                        syfreq go into the channel. sleep=S waits first.
                        pad=BYTES adds about that many bytes of items after
                        the others (a body the fetcher keeps in a file);
                        late=1 puts the hints after the items instead.
  /reset [bytes=100000] declares `bytes`, sends a tenth, then resets the
                        connection (TCP RST).
  /truncated [bytes=100000]
                        declares `bytes`, sends half, then closes cleanly (FIN).
  /truncated-gzip       a gzip body cut in half (Content-Length matches what is
                        sent, so only the decoder can notice).
  /gzip-members         a gzip body of three members back to back (RFC 1952
                        allows it; the decoded body is their concatenation).
  /corrupt-gzip         a gzip body with bytes flipped mid-stream (bad data or
                        a failed CRC check, either way the decoder refuses).
  /garbage [bytes=4096] random binary bytes (fixed seed).
  /badutf8              an RSS feed with invalid UTF-8 in its text.
  /wrongtype            an RSS feed served as image/png.
  /anything-else        a file under --root (default: the current directory),
                        with ETag and Last-Modified, answering conditional
                        requests (If-None-Match, If-Modified-Since) with 304.
                        Paths outside the root are 404.

Inspection (not recorded in the log):
  /__log                JSON array of requests since the last reset, oldest
                        first: {"path", "inm" (If-None-Match or null), "ims"
                        (If-Modified-Since or null), "ae" (Accept-Encoding),
                        "ua" (User-Agent), "t" (seconds since start)}.
  /__stats              JSON {"requests", "inflight", "max_inflight",
                        "connections", "max_connections"}: inflight counts
                        requests being answered, connections counts open TCP
                        connections; the max_ values are peaks since reset.
  /__reset              clears the log, the peaks and the /changing counters.
  /__clock [t=UNIX]     sets the server clock (Date headers, /paced versions)
                        to unix time t, for tests that run in accelerated
                        time (bullpen's BULLPEN_NOW); without t, back to the
                        real clock. Answers {"now": ...}.
Every logged request also has "now": the server clock when it arrived.
"""

import argparse
import email.utils
import gzip
import hashlib
import json
import mimetypes
import os
import random
import socket
import ssl
import struct
import sys
import threading
import time
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

START = time.monotonic()
FEED_TYPE = "application/rss+xml; charset=utf-8"


def rss(title, items):
    """A minimal RSS 2.0 document with the given (title, text[, guid]) items."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>',
             "<title>%s</title><link>http://127.0.0.1/</link>" % title,
             "<description>bullpen test feed</description>"]
    for i, item in enumerate(items):
        t, d = item[0], item[1]
        guid = item[2] if len(item) > 2 else "%s-%d" % (title, i)
        parts.append("<item><title>%s</title><link>http://127.0.0.1/item/%d</link>"
                     "<guid>%s</guid><description>%s</description></item>" % (t, i, guid, d))
    parts.append("</channel></rss>\n")
    return "".join(parts).encode()


class State:
    """Everything the handlers share, behind one lock."""

    def __init__(self, root):
        self.root = os.path.realpath(root)
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.log = []
            self.requests = 0
            # Requests from before a reset (a handler still sleeping after its
            # client gave up) no longer count: each belongs to a generation.
            self.gen = getattr(self, "gen", 0) + 1
            self.inflight = 0
            self.max_inflight = 0
            self.connections = getattr(self, "connections", 0)
            self.max_connections = self.connections
            self.counters = {}
            self.clock = None  # None: real time; else a fixed unix time

    def now(self):
        return self.clock if self.clock is not None else time.time()


class Response:
    def __init__(self, status, body=b"", ctype="text/plain; charset=utf-8", headers=None):
        self.status = status
        self.body = body
        self.ctype = ctype
        self.headers = headers or {}


def etag_matches(header, etag):
    """If-None-Match: a list of tags or *, weak or strong (weak comparison)."""
    if header.strip() == "*":
        return True
    strip = lambda t: t.strip()[2:] if t.strip().startswith("W/") else t.strip()
    return any(strip(t) == strip(etag) for t in header.split(","))


def not_modified(req_headers, etag, mtime):
    """RFC 9110: If-None-Match wins over If-Modified-Since."""
    inm = req_headers.get("If-None-Match")
    if inm is not None:
        return etag is not None and etag_matches(inm, etag)
    ims = req_headers.get("If-Modified-Since")
    if ims is not None and mtime is not None:
        try:
            since = email.utils.parsedate_to_datetime(ims).timestamp()
        except (TypeError, ValueError):
            return False
        return int(mtime) <= since
    return False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "bullpen-testserver/1"
    # Headers and body go out in separate writes; with Nagle on, each small
    # response would wait ~40 ms for the client's delayed ACK.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):  # quiet: the tests read /__log instead
        pass

    def date_time_string(self, timestamp=None):
        # Date headers follow the server clock, which /__clock may pin.
        return email.utils.formatdate(self.st.now() if timestamp is None else timestamp,
                                      usegmt=True)

    @property
    def st(self):
        return self.server.state

    # -- connection and request accounting -----------------------------------
    def setup(self):
        super().setup()
        with self.st.lock:
            self.st.connections += 1
            self.st.max_connections = max(self.st.max_connections, self.st.connections)

    def finish(self):
        try:
            super().finish()
        except OSError:
            pass
        with self.st.lock:
            self.st.connections -= 1

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        self.q = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query).items()}
        path = url.path
        if path.startswith("/__"):
            return self.inspect(path)
        with self.st.lock:
            gen = self.st.gen
            self.st.requests += 1
            self.st.inflight += 1
            self.st.max_inflight = max(self.st.max_inflight, self.st.inflight)
            h = self.headers
            self.st.log.append({"path": self.path, "inm": h.get("If-None-Match"),
                                "ims": h.get("If-Modified-Since"),
                                "ae": h.get("Accept-Encoding"), "ua": h.get("User-Agent"),
                                "t": round(time.monotonic() - START, 3),
                                "now": self.st.now()})
        try:
            self.route(path)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            with self.st.lock:
                if self.st.gen == gen:
                    self.st.inflight -= 1

    def inspect(self, path):
        if path == "/__log":
            with self.st.lock:
                body = json.dumps(self.st.log)
        elif path == "/__stats":
            with self.st.lock:
                s = self.st
                body = json.dumps({"requests": s.requests, "inflight": s.inflight,
                                   "max_inflight": s.max_inflight,
                                   "connections": s.connections,
                                   "max_connections": s.max_connections})
        elif path == "/__reset":
            self.st.reset()
            body = "{}"
        elif path == "/__clock":
            with self.st.lock:
                self.st.clock = float(self.q["t"]) if "t" in self.q else None
            body = json.dumps({"now": self.st.now()})
        else:
            return self.send(Response(404, b"no such inspection route\n"))
        self.send(Response(200, body.encode(), "application/json"))

    # -- routing --------------------------------------------------------------
    def route(self, path):
        streamed = {"/slow": self.slow, "/drip": self.drip, "/big": self.big,
                    "/bomb": self.bomb, "/reset": self.reset_conn,
                    "/truncated": self.truncated}
        if path in streamed:
            return streamed[path]()
        for enc in ("gzip", "deflate", "rawdeflate"):
            if path.startswith("/%s/" % enc):
                return self.send(self.compressed(enc, self.simple(path[len(enc) + 1:])))
        self.send(self.simple(path))

    def simple(self, path):
        """Routes whose whole response is known before sending."""
        q = self.q
        if path == "/ok":
            return Response(200, rss("ok", [("hello", "a small feed")]), FEED_TYPE)
        if path.startswith("/status/"):
            try:
                code = int(path[len("/status/"):])
            except ValueError:
                return Response(400, b"bad status\n")
            return Response(code, ("status %d\n" % code).encode())
        if path == "/redirect-loop":
            return Response(302, b"", headers={"Location": "/redirect-loop"})
        if path.startswith("/redirect/"):
            try:
                n = int(path[len("/redirect/"):])
            except ValueError:
                return Response(400, b"bad count\n")
            to = q.get("to", "/ok")
            if n > 1:
                loc = "/redirect/%d?%s" % (n - 1, urllib.parse.urlencode({"to": to}))
            else:
                loc = to
            return Response(302, b"", headers={"Location": loc})
        if path.startswith("/changing/"):
            return self.changing(path[len("/changing/"):])
        if path.startswith("/paced/"):
            return self.paced(path[len("/paced/"):])
        if path == "/truncated-gzip":
            body = gzip.compress(rss("truncated", [("item %d" % i, "x" * 200) for i in range(50)]))
            return Response(200, body[: len(body) // 2], FEED_TYPE,
                            {"Content-Encoding": "gzip"})
        if path == "/gzip-members":
            parts = [b"<rss><channel><title>members</title>", b"<item><title>two</title></item>",
                     b"</channel></rss>\n"]
            return Response(200, b"".join(gzip.compress(p) for p in parts), FEED_TYPE,
                            {"Content-Encoding": "gzip"})
        if path == "/corrupt-gzip":
            body = bytearray(gzip.compress(rss("corrupt", [("item %d" % i, "y" * 100)
                                                           for i in range(50)])))
            for i in range(len(body) // 2, len(body) // 2 + 8):
                body[i] ^= 0x55
            return Response(200, bytes(body), FEED_TYPE, {"Content-Encoding": "gzip"})
        if path == "/garbage":
            n = int(q.get("bytes", 4096))
            return Response(200, random.Random(7).randbytes(n), "application/octet-stream")
        if path == "/badutf8":
            body = rss("bad utf8", [("caf\u00e9", "ok")]).replace(b"caf\xc3\xa9", b"caf\xe9\xff\xfe")
            return Response(200, body, FEED_TYPE)
        if path == "/wrongtype":
            return Response(200, rss("wrong type", [("png?", "no")]), "image/png")
        return self.file(path)

    def compressed(self, enc, r):
        if r.status != 200:
            return r
        if enc == "gzip":
            r.body = gzip.compress(r.body)
        elif enc == "deflate":
            r.body = zlib.compress(r.body)  # HTTP "deflate" is the zlib format
        else:  # what some servers send as "deflate": no zlib wrapper
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            r.body = c.compress(r.body) + c.flush()
            enc = "deflate"
        r.headers["Content-Encoding"] = enc
        r.headers["Vary"] = "Accept-Encoding"
        return r

    def file(self, path):
        rel = urllib.parse.unquote(path).lstrip("/")
        full = os.path.realpath(os.path.join(self.st.root, rel))
        if not (full == self.st.root or full.startswith(self.st.root + os.sep)) \
                or not os.path.isfile(full):
            return Response(404, b"not found\n")
        with open(full, "rb") as f:
            body = f.read()
        mtime = os.stat(full).st_mtime
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        hdrs = {"ETag": etag, "Last-Modified": email.utils.formatdate(mtime, usegmt=True)}
        if not_modified(self.headers, etag, mtime):
            return Response(304, b"", None, hdrs)
        ctype = mimetypes.guess_type(full)[0] or "application/octet-stream"
        if ctype.endswith("xml"):
            ctype = FEED_TYPE if full.endswith((".rss", ".xml")) else ctype
        return Response(200, body, ctype, hdrs)

    def changing(self, key):
        every = max(1, int(self.q.get("every", 1)))
        with self.st.lock:
            n = self.st.counters.get(key, 0) + 1
            self.st.counters[key] = n
        version = (n - 1) // every + 1
        etag = '"%s-v%d"' % (key, version)
        mtime = 1700000000 + version * 60  # a fixed epoch keeps dates comparable
        hdrs = {"ETag": etag, "Last-Modified": email.utils.formatdate(mtime, usegmt=True)}
        if not_modified(self.headers, etag, mtime):
            return Response(304, b"", None, hdrs)
        # Each version adds one item, as a news feed grows.
        body = rss("changing %s" % key, [("version %d" % v, "key %s" % key, "%s-v%d" % (key, v))
                                         for v in range(version, 0, -1)])
        return Response(200, body, FEED_TYPE, hdrs)

    def paced(self, key):
        q = self.q
        if float(q.get("sleep", 0)) > 0:
            time.sleep(float(q["sleep"]))
        now = self.st.now()
        hdrs = {}
        if "cc" in q:
            hdrs["Cache-Control"] = q["cc"]
        if "expires" in q:
            hdrs["Expires"] = email.utils.formatdate(now + float(q["expires"]), usegmt=True)
        if "retry" in q:
            hdrs["Retry-After"] = q["retry"]
        if "retrydate" in q:
            hdrs["Retry-After"] = email.utils.formatdate(now + float(q["retrydate"]),
                                                         usegmt=True)
        status = int(q.get("status", 200))
        if status != 200:
            return Response(status, ("status %d\n" % status).encode(), headers=hdrs)
        period = float(q.get("period", 0))
        version = int(now // period) if period > 0 else 1
        etag = '"%s-%d"' % (key, version)
        hdrs["ETag"] = etag
        if not_modified(self.headers, etag, None):
            return Response(304, b"", None, hdrs)
        extra = []
        if "ttl" in q:
            extra.append("<ttl>%s</ttl>" % q["ttl"])
        if "skiphours" in q:
            extra.append("<skipHours>%s</skipHours>" % "".join(
                "<hour>%s</hour>" % h for h in q["skiphours"].split(",")))
        if "skipdays" in q:
            extra.append("<skipDays>%s</skipDays>" % "".join(
                "<day>%s</day>" % d for d in q["skipdays"].split(",")))
        if "syperiod" in q:
            extra.append("<sy:updatePeriod>%s</sy:updatePeriod>" % q["syperiod"])
        if "syfreq" in q:
            extra.append("<sy:updateFrequency>%s</sy:updateFrequency>" % q["syfreq"])
        items = "".join("<item><title>%s item %d</title><guid>%s-%d</guid>"
                        "<link>http://127.0.0.1/%s/%d</link><description>v%d</description></item>"
                        % (key, v, key, v, key, v, v) for v in range(version, max(0, version - 20), -1))
        items += "".join("<item><guid>%s-pad-%d</guid><description>%s</description></item>"
                         % (key, i, "x" * 900) for i in range(int(q.get("pad", 0)) // 1000))
        body = ('<?xml version="1.0"?>\n<rss version="2.0" '
                'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel>'
                "<title>paced %s</title><link>http://127.0.0.1/</link>%s%s</channel></rss>\n"
                % ((key, items, "".join(extra)) if q.get("late") == "1"
                   else (key, "".join(extra), items))).encode()
        return Response(200, body, FEED_TYPE, hdrs)

    # -- sending --------------------------------------------------------------
    def send(self, r):
        self.send_response(r.status)
        if r.ctype and r.status != 304:
            self.send_header("Content-Type", r.ctype)
        for k, v in r.headers.items():
            self.send_header(k, v)
        body = r.body if r.status not in (204, 304) and r.status >= 200 else b""
        if r.status not in (204, 304):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def head(self, status, ctype, length=None, extra=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        if length is None:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(length))
        self.end_headers()

    def chunk(self, data):
        if data:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def slow(self):
        time.sleep(float(self.q.get("s", 1)))
        self.send(Response(200, rss("slow", [("late", "slept")]), FEED_TYPE))

    def drip(self):
        every = float(self.q.get("every", 1))
        n = int(self.q.get("bytes", 100))
        self.head(200, "text/plain", n)
        for _ in range(n):
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(every)

    def big(self):
        n = int(self.q["bytes"]) if "bytes" in self.q else int(float(self.q.get("mb", 1)) * 2**20)
        chunked = self.q.get("nolength", "0") == "1"
        self.head(200, "text/plain", None if chunked else n)
        line = (b"abcdefghijklmnopqrstuvwxyz" * 3 + b"\n") * 800  # ~63 KiB
        left = n
        while left > 0:
            piece = line[:left]
            (self.chunk if chunked else self.wfile.write)(piece)
            left -= len(piece)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def bomb(self):
        total = int(float(self.q.get("gb", 1)) * 1024)  # in MiB
        self.head(200, FEED_TYPE, None, {"Content-Encoding": "gzip"})
        c = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: gzip wrapper
        zeros = bytes(2**20)
        for _ in range(total):
            self.chunk(c.compress(zeros))
        self.chunk(c.flush())
        self.wfile.write(b"0\r\n\r\n")

    def reset_conn(self):
        n = int(self.q.get("bytes", 100000))
        self.head(200, "text/plain", n)
        self.wfile.write(b"r" * (n // 10))
        self.wfile.flush()
        time.sleep(0.05)  # let the client read what was sent before the RST
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        os.close(self.connection.detach())  # linger 0: close sends RST, not FIN

    def truncated(self):
        n = int(self.q.get("bytes", 100000))
        self.head(200, "text/plain", n)
        self.wfile.write(b"t" * (n // 2))
        self.close_connection = True


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # benchmarks open hundreds of connections at once
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # A client hanging up mid-response is normal here (size caps, timeouts).
        exc = sys.exc_info()[1]
        if not isinstance(exc, OSError):
            super().handle_error(request, client_address)


def serve(srv, port_file, watch_stdin):
    """Prints srv's port (and writes it to port_file, atomically), exits when
    stdin closes if watch_stdin (so a test's end stops the server), and
    serves until interrupted. Shared with tests/llmserver.py."""
    port = srv.server_address[1]
    print(port, flush=True)
    if port_file:
        tmp = port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, port_file)
    if watch_stdin:
        def watch():
            while sys.stdin.buffer.read(4096):
                pass
            os._exit(0)
        threading.Thread(target=watch, daemon=True).start()
    try:
        srv.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=".")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--watch-stdin", action="store_true")
    ap.add_argument("--tls-cert", help="serve HTTPS with this PEM certificate")
    ap.add_argument("--tls-key", help="and this PEM private key")
    a = ap.parse_args()

    srv = Server((a.host, a.port), Handler)
    if a.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.tls_cert, a.tls_key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    srv.state = State(a.root)
    serve(srv, a.port_file, a.watch_stdin)


if __name__ == "__main__":
    main()
