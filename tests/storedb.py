"""Opening a bullpen store from the tests' Python as bullpen opens it: with
its SQL functions bp_unpack (storage/textfn.c), which the store's FTS view
and triggers call, and story_guid_key32 (storage/stories.c), which the
index on an article's guid is made of, so that checking the store or its
search index, or storing or updating an article, works. Text is kept as a zlib stream where that is smaller; unpack() reads a
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


def guid_key32(guid):
    """story_guid_key (core/story.c: FNV-1a, the low bits of the 8 slots
    cleared, never 0) cut to its low 32 bits, signed."""
    h = 1469598103934665603
    for b in guid.encode():
        h = ((h ^ b) * 1099511628211) & (2**64 - 1)
    k = (h or 1) & ~7 or 8
    low = k & 0xFFFFFFFF
    return low - 2**32 if low >= 2**31 else low


def connect(path, **kw):
    """sqlite3.connect(path, **kw) with bp_unpack and story_guid_key32
    registered."""
    c = sqlite3.connect(path, **kw)
    c.create_function("bp_unpack", 1, unpack, deterministic=True)
    c.create_function("story_guid_key32", 1, guid_key32, deterministic=True)
    return c
