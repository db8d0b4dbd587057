#!/usr/bin/env python3
"""Makes a dictionary for the store's packed article text (core/textpack.c)
from news text: the tune part of FinEntity (data/eval/finentity.json,
scripts/finentity.py's split) and of the Twitter financial news set
(data/eval/twitter_financial_news_sentiment_train.csv, eval_sentiment.py's
split, its t.co links cut), never their holdouts.

    python3 scripts/make_pack_dict.py OUT [--size BYTES] [--id N]
    python3 scripts/make_pack_dict.py OUT --zlib [--size BYTES]

By default it is a zstd dictionary (data/textpack_dictN.zdict, N its --id)
made by zstd's own trainer (`zstd --train`, the zstd package), which is
deterministic for a given zstd release; 32 KB by default. It prints how
well the result packs the holdout paragraphs (zstd level 3, as the store
packs) against the zlib dictionary before it (level 1, as the store packed
until schema 17), so needs the zstd program.

With --zlib it makes a preset zlib dictionary as data/textpack_dict1.txt
was made (8 KB by default, the text that new stores no longer pack with but
old ones still hold). That dictionary is the runs of words (one to eight) that recur in three or
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
import subprocess
import sys
import tempfile
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


def tweets():
    """The tune part of the Twitter set, without its t.co links."""
    import eval_sentiment
    path = os.path.join(HERE, "..", "data", "eval", "twitter_financial_news_sentiment_train.csv")
    return [re.sub(r"https?://\S+", "", t).strip() for t, _ in eval_sentiment.load(path)
            if eval_sentiment.part_of(t) == "tune"]


def zstd_packed(texts, zdict, level=3):
    """Mean zstd frame size of each text alone, with the dictionary."""
    total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, t in enumerate(texts):
            path = os.path.join(tmp, "%d.txt" % i)
            with open(path, "wb") as f:
                f.write(t)
            out = subprocess.run(["zstd", "-%d" % level, "-q", "-c", "--no-check", "-D", zdict, path],
                                 check=True, capture_output=True).stdout
            total += min(len(out), len(t))
    return total / len(texts)


def make_zstd(out, size, dict_id, tune, hold):
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, t in enumerate(tune):
            paths.append(os.path.join(tmp, "%d.txt" % i))
            with open(paths[-1], "w", encoding="utf-8") as f:
                f.write(t)
        subprocess.run(["zstd", "-q", "--train", *paths, "-o", out, "--maxdict=%d" % size,
                        "--dictID=%d" % dict_id, "-f"], check=True)
    old = os.path.join(HERE, "..", "data", "textpack_dict1.txt")
    with open(old, "rb") as f:
        zd = f.read()
    print("%s: %d bytes, id %d; holdout paragraphs pack to %.1f bytes against %.1f "
          "(zlib with textpack_dict1.txt)"
          % (out, os.path.getsize(out), dict_id, zstd_packed(hold, out), packed(hold, zd)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--size", type=int)
    ap.add_argument("--id", type=int, default=2)
    ap.add_argument("--zlib", action="store_true")
    args = ap.parse_args()
    paras = finentity.load()
    tune = [p["text"] for p in paras if p["part"] == "tune"]
    hold = [p["text"].encode() for p in paras if p["part"] == "holdout"]
    if not args.zlib:
        make_zstd(args.out, args.size or 32768, args.id, tune + tweets(), hold)
        return
    d = build(tune, args.size or 8192)
    with open(args.out, "wb") as f:
        f.write(d)
    print("%s: %d bytes, Adler-32 %08x; holdout paragraphs pack to %.1f bytes against %.1f"
          % (args.out, len(d), zlib.adler32(d), packed(hold, d), packed(hold, None)))


if __name__ == "__main__":
    main()
