#!/usr/bin/env python3
"""llmserver.py: a local server that speaks the OpenAI chat-completions
protocol, for bullpen's research-note tests. Standard library only.

Usage:
    python3 tests/llmserver.py [--script FILE] [--port-file FILE] [--watch-stdin]

POST /v1/chat/completions answers with the next reply of the script (a JSON
array, re-read at every request, so a test can rewrite it; past its end the
last reply repeats; no script: a valid note). A reply is an object:

  {"content": "..."}     the answer's text: one JSON body, or, when the request
                         asked for "stream": true, server-sent events (`data:
                         {"choices":[{"delta":{"content": "..."}}]}` in
                         `pieces` parts, `delay` seconds apart, then
                         `data: [DONE]`).
  {"note": {...}}        content = that object as JSON (a note).
  "note"                 content = a valid note naming the request's tickers.
  {"status": 401, "body": {...}|"text", "headers": {"Retry-After": "7"}}
                         that status, body and headers.
  {"sleep": S, ...}      waits S seconds first (a timeout).
  {"raw": "..."}         200 application/json with this body as is.
  {"cut": true, ...}     streams half the pieces, then drops the connection
                         without ending the chunked body.
  {"nodone": true, ...}  streams every piece, ends the body, never sends [DONE].
  {"plain": true, ...}   a plain JSON answer even to a streamed request.

GET /__log returns the requests so far (path, headers with lower-case names,
body parsed as JSON); GET /__reset clears the log and the reply counter.
"""

import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from httpserver import serve  # the same port file and stdin watch as the feed server

VALID_NOTE = {
    "summary": "The company says its chip beats rivals on price performance.",
    "analysis": "Lower accelerator costs would support cloud margins.",
    "risk": "Adoption by outside customers is unproven.",
    "contrarian": "Incumbent software lock-in may blunt the threat.",
    "sentiment": {"score": 0.4, "label": "moderately positive"},
    "tickers": [],
}


class State:
    def __init__(self, script):
        self.script = script
        self.lock = threading.Lock()
        self.log = []
        self.n = 0

    def next_reply(self, req):
        with self.lock:
            i = self.n
            self.n += 1
        replies = ["note"]
        if self.script and os.path.exists(self.script):
            with open(self.script) as f:
                replies = json.load(f) or ["note"]
        r = replies[min(i, len(replies) - 1)]
        if r == "note":
            note = dict(VALID_NOTE)
            tickers = []
            try:
                user = req["messages"][-1]["content"]
                facts = json.loads(user[user.index("(JSON):\n") + 8:])
                tickers = [{"symbol": t["symbol"], "score": 0.3} for t in facts["tickers"]]
            except (KeyError, ValueError, IndexError, TypeError):
                pass
            note["tickers"] = tickers
            r = {"note": note}
        if "note" in r:
            r = dict(r, content=json.dumps(r["note"]))
        return r


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send_json(self, status, obj, headers=None):
        body = obj.encode() if isinstance(obj, str) else json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        st = self.server.state
        if self.path == "/__log":
            with st.lock:
                self.send_json(200, st.log)
        elif self.path == "/__reset":
            with st.lock:
                st.log = []
                st.n = 0
            self.send_json(200, {"ok": True})
        else:
            self.send_json(404, {"error": {"message": "no such route"}})

    def chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def do_POST(self):
        st = self.server.state
        n = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(n)
        try:
            req = json.loads(raw)
        except ValueError:
            req = None
        with st.lock:
            st.log.append({"path": self.path,
                           "headers": {k.lower(): v for k, v in self.headers.items()},
                           "body": req})
        if self.path != "/v1/chat/completions" or not isinstance(req, dict):
            self.send_json(404 if req else 400, {"error": {"message": "bad request"}})
            return
        r = st.next_reply(req)
        if r.get("sleep"):
            time.sleep(r["sleep"])
        if "status" in r:
            self.send_json(r["status"], r.get("body", {"error": {"message": "scripted"}}),
                           r.get("headers"))
            return
        if "raw" in r:
            self.send_json(200, r["raw"])
            return
        content = r.get("content", "")
        if not req.get("stream") or r.get("plain"):
            self.send_json(200, {"id": "x", "object": "chat.completion", "model": req.get("model"),
                                 "choices": [{"index": 0, "finish_reason": "stop",
                                              "message": {"role": "assistant",
                                                          "content": content}}]})
            return
        pieces = max(1, r.get("pieces", 8))
        step = max(1, -(-len(content) // pieces))
        parts = [content[i:i + step] for i in range(0, len(content), step)] or [""]
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        cut = len(parts) // 2 if r.get("cut") else None
        for i, p in enumerate(parts):
            if cut is not None and i == cut:
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(2)
                return
            ev = {"id": "x", "object": "chat.completion.chunk",
                  "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}]}
            self.chunk(b"data: " + json.dumps(ev).encode() + b"\n\n")
            if r.get("delay"):
                time.sleep(r["delay"])
        if not r.get("nodone"):
            self.chunk(b"data: [DONE]\n\n")
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--script")
    ap.add_argument("--port-file")
    ap.add_argument("--watch-stdin", action="store_true")
    a = ap.parse_args()
    srv = Server(("127.0.0.1", 0), Handler)
    srv.state = State(a.script)
    serve(srv, a.port_file, a.watch_stdin)


if __name__ == "__main__":
    main()
