#!/usr/bin/env python3
"""Makes a preset zlib dictionary for the store's packed article text
(core/textpack.c) from news wire text: the tune part of FinEntity
(data/eval/finentity.json, scripts/finentity.py's split), never its holdout.

    python3 scripts/make_pack_dict.py OUT [--size BYTES]

The dictionary is the runs of words (one to eight) that recur in three or
more paragraphs, scored by how often times how long, best last (deflate
reaches the end of its window most cheaply), up to --size bytes; a run
inside one already taken is skipped. It prints how well the result packs the
holdout paragraphs against no dictionary, zlib level 1 as the store packs.

A dictionary is frozen once a release has packed text with it: stored text
names it by its Adler-32 (zlib's DICTID), so a new one is a new file beside
the old, which the readers keep (data/README.md).
"""
import argparse
import collections
import os
import re
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import finentity  # noqa: E402


def build(paras, size, longest=8, least=3):
    seen_in = collections.Counter()
    for p in paras:
        words = re.findall(r"\S+\s*", p)
        runs = set()
        for n in range(1, longest + 1):
            for i in range(len(words) - n + 1):
                run = "".join(words[i:i + n])
                if len(run) >= 4:
                    runs.add(run)
        seen_in.update(runs)
    scored = sorted(((c * (len(r) - 3), r) for r, c in seen_in.items() if c >= least),
                    reverse=True)
    chosen, total = [], 0
    for _, run in scored:
        if any(run in c for c in chosen[-2000:]):
            continue
        chosen.append(run)
        total += len(run)
        if total >= size:
            break
    return "".join(reversed(chosen)).encode()[-size:]


def packed(texts, zdict):
    total = 0
    for t in texts:
        z = zlib.compressobj(1, zlib.DEFLATED, 15, 6, **({"zdict": zdict} if zdict else {}))
        total += len(z.compress(t) + z.flush())
    return total / len(texts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--size", type=int, default=8192)
    args = ap.parse_args()
    paras = finentity.load()
    tune = [p["text"] for p in paras if p["part"] == "tune"]
    hold = [p["text"].encode() for p in paras if p["part"] == "holdout"]
    d = build(tune, args.size)
    with open(args.out, "wb") as f:
        f.write(d)
    print("%s: %d bytes, Adler-32 %08x; holdout paragraphs pack to %.1f bytes against %.1f"
          % (args.out, len(d), zlib.adler32(d), packed(hold, d), packed(hold, None)))


if __name__ == "__main__":
    main()
