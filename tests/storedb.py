"""Opening a bullpen store from the tests' Python as bullpen opens it: with
its SQL function bp_unpack (storage/textfn.c), which the store's FTS view
and triggers call, so that checking the search index or updating an article
works. Text is kept as a zlib stream where that is smaller; unpack() reads a
column either way.

    sys.path.insert(0, os.environ["BULLPEN_SRC"] + "/tests")
    from storedb import connect, unpack
"""
import sqlite3
import zlib


def unpack(v):
    """A summary or content column as text: zlib BLOB or text as it is."""
    return zlib.decompress(v).decode() if isinstance(v, bytes) else v


def connect(path, **kw):
    """sqlite3.connect(path, **kw) with bp_unpack registered."""
    c = sqlite3.connect(path, **kw)
    c.create_function("bp_unpack", 1, unpack, deterministic=True)
    return c
