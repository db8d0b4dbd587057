#!/usr/bin/env python3
"""A TCP front for a PostgreSQL server on a Unix socket, that can go quiet:
the server a workstation sees on a bad network day.

  pg_proxy.py SOCKET PORT_FILE

Listens on 127.0.0.1 (a free port, written to PORT_FILE) and forwards each
connection to SOCKET. On SIGUSR1 it goes quiet: the connections it forwards
are cut, and new ones are taken (the TCP handshake completes) but never
answered, as a host behind a dead link or a hung server would. On SIGUSR2
it forwards again. Runs until killed."""
import os
import signal
import socket
import sys
import threading

sock_path, port_file = sys.argv[1], sys.argv[2]
quiet = threading.Event()
lock = threading.Lock()
open_pairs = []  # (client, server) sockets being forwarded
silent = []  # clients taken while quiet, held unanswered


def close(*socks):
    for s in socks:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()


def pump(src, dst):
    try:
        while True:
            b = src.recv(65536)
            if not b:
                break
            dst.sendall(b)
    except OSError:
        pass
    close(src, dst)


def settle():
    """Brings the connections in line with the mode after each signal: cut
    the forwarded ones when quiet, let the held ones go when not. Done here,
    not in the handlers, which run on the accepting thread between any two
    of its steps: one taking the lock it holds would wait for ever."""
    while True:
        changed.wait()
        changed.clear()
        with lock:
            if quiet.is_set():
                doomed = [s for pair in open_pairs for s in pair]
                open_pairs.clear()
            else:
                doomed = list(silent)
                silent.clear()
        close(*doomed)


def signalled(going_quiet):
    def handler(*_):
        (quiet.set if going_quiet else quiet.clear)()
        changed.set()

    return handler


changed = threading.Event()
threading.Thread(target=settle, daemon=True).start()
signal.signal(signal.SIGUSR1, signalled(True))
signal.signal(signal.SIGUSR2, signalled(False))

lsn = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
lsn.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
lsn.bind(("127.0.0.1", 0))
lsn.listen(64)
tmp = port_file + ".tmp"
with open(tmp, "w") as f:
    f.write("%d\n" % lsn.getsockname()[1])
os.rename(tmp, port_file)

while True:
    try:
        c, _ = lsn.accept()
    except InterruptedError:
        continue
    # Under the lock, so that settle() sees every connection taken in the
    # mode it was taken in.
    with lock:
        if quiet.is_set():
            silent.append(c)
            continue
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(sock_path)
        except OSError:
            close(c, s)
            continue
        open_pairs.append((c, s))
    threading.Thread(target=pump, args=(c, s), daemon=True).start()
    threading.Thread(target=pump, args=(s, c), daemon=True).start()
