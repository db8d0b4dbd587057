"""Opening a bullpen store from the tests' Python as bullpen opens it: with
its SQL function bp_unpack (storage/textfn.c), which the store's FTS view
and triggers call, so that checking the search index or updating an article
works. Text is kept as a zlib stream where that is smaller; unpack() reads a
column either way.

    sys.path.insert(0, os.environ["BULLPEN_SRC"] + "/tests")
    from storedb import connect, unpack
"""
import glob
import os
import sqlite3
import zlib

# The preset dictionaries packed text may name (core/textpack.h), by their
# Adler-32 as a zlib header gives it.
DICTS = {}
for _p in glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data",
                                 "textpack_dict*.txt")):
    with open(_p, "rb") as _f:
        _d = _f.read()
    DICTS[zlib.adler32(_d)] = _d


def unpack(v):
    """A summary or content column as text: zlib BLOB (with the dictionary
    its header names, if any) or text as it is."""
    if not isinstance(v, bytes):
        return v
    if len(v) >= 6 and v[1] & 0x20:
        z = zlib.decompressobj(zdict=DICTS[int.from_bytes(v[2:6], "big")])
        return (z.decompress(v) + z.flush()).decode()
    return zlib.decompress(v).decode()


def connect(path, **kw):
    """sqlite3.connect(path, **kw) with bp_unpack registered."""
    c = sqlite3.connect(path, **kw)
    c.create_function("bp_unpack", 1, unpack, deterministic=True)
    return c
