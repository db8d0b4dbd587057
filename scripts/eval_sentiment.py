#!/usr/bin/env python3
"""Measures `bullpen score` on the labelled finance headlines in data/eval/.

The set is split deterministically by a hash of each text: 80% "tune" (look
at it, tune the lexicon on it), 20% "holdout" (only ever report on it). Scores
map to classes by a threshold T: bearish if score <= -T, bullish if >= T,
neutral otherwise. T is chosen on the tune part (best macro-F1) unless given.

It also reports, with the same T, on data/eval/handwritten*.tsv: sentences
written for this project as a generalisation check (never used to pick T),
and on FinEntity (data/eval/finentity.json, split by the same hash rule):
- paragraphs: gold is positive when some company in the paragraph is labelled
  positive and none negative, negative the other way round, neutral when all
  are neutral; paragraphs with both are left out; scored with `bullpen score`;
- companies: one row per (paragraph, labelled name) with a single label,
  scored with `bullpen score --target` (the name as target); "mixed" are the
  rows of paragraphs that hold both a positive and a negative company.

Usage: scripts/eval_sentiment.py [--bullpen PATH] [--threshold T]
                                 [--errors N] [--data CSV] [--hand TSV]
                                 [--hand-errors N] [--fin-errors N]
Python 3 standard library only.
"""
import argparse
import csv
import hashlib
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import finentity  # noqa: E402

LABELS = ["bearish", "bullish", "neutral"]  # dataset codes 0, 1, 2
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def part_of(text):
    h = int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16)
    return "holdout" if h % 5 == 0 else "tune"


def load(path):
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            text = " ".join(row["text"].split())
            rows.append((text, int(row["label"])))
    return rows


def load_hand(path):
    """label<TAB>text lines; '#' starts a comment line."""
    codes = {"negative": 0, "positive": 1, "neutral": 2}
    rows = []
    with open(path, encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            label, _, text = line.partition("\t")
            if label not in codes or not text.strip():
                raise SystemExit(f"eval: {path}:{ln}: expected 'label<TAB>text'")
            rows.append((text.strip(), codes[label]))
    return rows


def score_all(bullpen, texts):
    env = dict(os.environ)
    env.setdefault("XDG_CONFIG_HOME", "/nonexistent-bullpen-eval")
    out = subprocess.run([bullpen, "score"], input="\n".join(texts) + "\n", capture_output=True,
                         text=True, check=True, env=env).stdout.split("\n")
    scores = [float(x) for x in out if x.strip()]
    if len(scores) != len(texts):
        raise SystemExit(f"eval: got {len(scores)} scores for {len(texts)} texts")
    return scores


def score_targets(bullpen, pairs):
    env = dict(os.environ)
    env.setdefault("XDG_CONFIG_HOME", "/nonexistent-bullpen-eval")
    lines = [f"{t}\t{x}" for t, x in pairs]
    out = subprocess.run([bullpen, "score", "--target"], input="\n".join(lines) + "\n",
                         capture_output=True, text=True, check=True, env=env).stdout.split("\n")
    scores = [float(x) for x in out if x.strip()]
    if len(scores) != len(pairs):
        raise SystemExit(f"eval: got {len(scores)} scores for {len(pairs)} targets")
    return scores


def finentity_rows(path):
    """(paragraph rows, company rows, mixed company rows) per part."""
    paras = finentity.load(path)
    out = {"tune": ([], [], []), "holdout": ([], [], [])}
    for p in paras:
        text = " ".join(p["text"].split())
        labels = {m[3] for m in p["mentions"]}
        para, comp, mixed = out[p["part"]]
        if not (0 in labels and 1 in labels):
            para.append((text, 1 if 1 in labels else 0 if 0 in labels else 2))
        by_name = {}
        for m in p["mentions"]:
            by_name.setdefault(m[2], set()).add(m[3])
        for name, ls in by_name.items():
            if len(ls) != 1:
                continue
            row = (name, text, ls.pop())
            comp.append(row)
            if 0 in labels and 1 in labels:
                mixed.append(row)
    return out


def classify(score, t):
    if score <= -t:
        return 0
    if score >= t:
        return 1
    return 2


def metrics(gold, pred):
    cm = [[0] * 3 for _ in range(3)]
    for g, p in zip(gold, pred):
        cm[g][p] += 1
    acc = sum(cm[i][i] for i in range(3)) / max(1, len(gold))
    f1s = []
    for c in range(3):
        tp = cm[c][c]
        fp = sum(cm[g][c] for g in range(3)) - tp
        fn = sum(cm[c]) - tp
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return acc, sum(f1s) / 3, f1s, cm


def pearson(gold, scores):
    """Pearson r of the scores with the gold class read as -1, +1, 0: a proxy
    for how the continuous score follows strength (no graded set here)."""
    ys = [{0: -1.0, 1: 1.0, 2: 0.0}[g] for g in gold]
    n = len(ys)
    mx, my = sum(scores) / max(1, n), sum(ys) / max(1, n)
    sxy = sum((x - mx) * (y - my) for x, y in zip(scores, ys))
    sxx = sum((x - mx) ** 2 for x in scores)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / (sxx * syy) ** 0.5 if sxx and syy else 0.0


def report(name, gold, scores, t):
    acc, mf1, f1s, cm = metrics(gold, [classify(s, t) for s in scores])
    print(f"{name}: n={len(gold)}  T={t:.2f}  accuracy={acc:.4f}  macro-F1={mf1:.4f}  "
          f"(F1 bearish {f1s[0]:.3f}, bullish {f1s[1]:.3f}, neutral {f1s[2]:.3f})  "
          f"r={pearson(gold, scores):.3f}")
    print("  confusion (rows gold, columns predicted):")
    print("  " + " " * 10 + "".join(f"{l:>10}" for l in LABELS))
    for i, l in enumerate(LABELS):
        print("  " + f"{l:>10}" + "".join(f"{cm[i][j]:>10}" for j in range(3)))
    return acc, mf1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bullpen", default=os.path.join(ROOT, "build", "bullpen"))
    ap.add_argument("--data", default=os.path.join(ROOT, "data", "eval",
                                                   "twitter_financial_news_sentiment_train.csv"))
    ap.add_argument("--hand", action="append",
                    help="label<TAB>text file to report on (default: data/eval/handwritten*.tsv)")
    ap.add_argument("--hand-errors", type=int, default=0,
                    help="show N misclassified handwritten sentences (never the blind set)")
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--errors", type=int, default=0, help="show N misclassified tune texts")
    ap.add_argument("--finentity", default=finentity.DEFAULT)
    ap.add_argument("--fin-errors", type=int, default=0,
                    help="show N misclassified FinEntity tune companies")
    ap.add_argument("--tune-only", action="store_true",
                    help="score and report the tune parts and the handwritten set only: "
                         "no holdout, no blind set (for working on the rules)")
    args = ap.parse_args()

    rows = load(args.data)
    tune = [r for r in rows if part_of(r[0]) == "tune"]
    hold = [r for r in rows if part_of(r[0]) == "holdout"]
    s_tune = score_all(args.bullpen, [r[0] for r in tune])
    g_tune = [r[1] for r in tune]

    t = args.threshold
    if t is None:
        best = None
        for k in range(1, 80):
            cand = k / 100
            _, mf1, _, _ = metrics(g_tune, [classify(s, cand) for s in s_tune])
            if best is None or mf1 > best[0]:
                best = (mf1, cand)
        t = best[1]
    report("tune", g_tune, s_tune, t)
    if args.errors:
        shown = 0
        for (text, g), s in zip(tune, s_tune):
            p = classify(s, t)
            if p != g and shown < args.errors:
                print(f"  gold={LABELS[g]:<8} pred={LABELS[p]:<8} {s:+.3f}  {text}")
                shown += 1
    if not args.tune_only:
        s_hold = score_all(args.bullpen, [r[0] for r in hold])
        report("holdout", [r[1] for r in hold], s_hold, t)
    hands = args.hand or [os.path.join(ROOT, "data", "eval", f)
                          for f in ("handwritten.tsv", "handwritten_blind.tsv")]
    for path in hands:
        if not os.path.exists(path):
            continue
        name = os.path.splitext(os.path.basename(path))[0]
        if args.tune_only and name.endswith("_blind"):
            continue  # not even scored
        hand = load_hand(path)
        s_hand = score_all(args.bullpen, [r[0] for r in hand])
        report(name, [r[1] for r in hand], s_hand, t)
        if name.endswith("_blind"):
            continue  # a blind check: its errors are never shown
        shown = 0
        for (text, g), s in zip(hand, s_hand):
            p = classify(s, t)
            if p != g and shown < args.hand_errors:
                print(f"  gold={LABELS[g]:<8} pred={LABELS[p]:<8} {s:+.3f}  {text}")
                shown += 1
    if os.path.exists(args.finentity):
        rows = finentity_rows(args.finentity)
        for part in ("tune",) if args.tune_only else ("tune", "holdout"):
            para, comp, mixed = rows[part]
            report(f"finentity {part} paragraphs", [r[1] for r in para],
                   score_all(args.bullpen, [r[0] for r in para]), t)
            sc = score_targets(args.bullpen, [(r[0], r[1]) for r in comp])
            report(f"finentity {part} companies", [r[2] for r in comp], sc, t)
            ms = score_targets(args.bullpen, [(r[0], r[1]) for r in mixed])
            report(f"finentity {part} companies in mixed paragraphs", [r[2] for r in mixed], ms, t)
            if part == "tune" and args.fin_errors:
                shown = 0
                for (name, text, g), sv in zip(comp, sc):
                    p = classify(sv, t)
                    if p != g and shown < args.fin_errors:
                        print(f"  gold={LABELS[g]:<8} pred={LABELS[p]:<8} {sv:+.3f}  [{name}] {text[:300]}")
                        shown += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
