"""Opening a bullpen store from the tests' Python as bullpen opens it: with
its SQL functions bp_unpack (storage/textfn.c), which the store's FTS view
and triggers call, and story_guid_key32 (storage/stories.c), which the
index on an article's guid is made of, so that checking the store or its
search index, or storing or updating an article, works. Text is kept packed
where that is smaller (core/textpack.h): a zstd frame naming its dictionary,
or, in stores from before schema 17, a zlib stream; unpack() reads a column
either way, zstd through libzstd (ctypes; Python has no zstd of its own).

    sys.path.insert(0, os.environ["BULLPEN_SRC"] + "/tests")
    from storedb import connect, unpack
"""
import ctypes
import ctypes.util
import glob
import os
import sqlite3
import zlib

_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")
# The dictionaries packed text may name (core/textpack.h): zlib ones by
# their Adler-32 as a zlib header gives it, zstd ones by the ID in their
# header, as a frame gives it.
DICTS = {}
ZDICTS = {}
for _p in glob.glob(os.path.join(_DATA, "textpack_dict*.*")):
    with open(_p, "rb") as _f:
        _d = _f.read()
    if _p.endswith(".txt"):
        DICTS[zlib.adler32(_d)] = _d
    elif _p.endswith(".zdict"):
        ZDICTS[int.from_bytes(_d[4:8], "little")] = _d

_zstd = ctypes.CDLL(ctypes.util.find_library("zstd") or "libzstd.so.1")
for _name, _res, _args in (
        ("ZSTD_createDCtx", ctypes.c_void_p, []),
        ("ZSTD_decompress_usingDict", ctypes.c_size_t,
         [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t,
          ctypes.c_char_p, ctypes.c_size_t]),
        ("ZSTD_getFrameContentSize", ctypes.c_ulonglong, [ctypes.c_char_p, ctypes.c_size_t]),
        ("ZSTD_getDictID_fromFrame", ctypes.c_uint, [ctypes.c_char_p, ctypes.c_size_t]),
        ("ZSTD_isError", ctypes.c_uint, [ctypes.c_size_t])):
    getattr(_zstd, _name).restype = _res
    getattr(_zstd, _name).argtypes = _args
_dctx = _zstd.ZSTD_createDCtx()


def _unzstd(v):
    size = _zstd.ZSTD_getFrameContentSize(v, len(v))
    if size >= 2**63:
        raise ValueError("not a whole zstd frame")
    d = ZDICTS.get(_zstd.ZSTD_getDictID_fromFrame(v, len(v)), b"")
    out = ctypes.create_string_buffer(size + 1)
    k = _zstd.ZSTD_decompress_usingDict(_dctx, out, size, v, len(v), d, len(d))
    if _zstd.ZSTD_isError(k) or k != size:
        raise ValueError("bad zstd frame")
    return out.raw[:k]


def unpack(v):
    """A summary or content column as text: a zstd frame or zlib stream
    (with the dictionary it names, if any), or text as it is."""
    if not isinstance(v, bytes):
        return v
    if v[:4] == b"\x28\xb5\x2f\xfd":
        return _unzstd(v).decode()
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
