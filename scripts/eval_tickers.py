#!/usr/bin/env python3
"""Measures the tickers `bullpen analyze --json` finds.

1. Feeds: tests/fixtures/tickers/feeds.txt, articles written for bullpen in
   the style of the feeds it reads, each with the symbols it is about. Counts
   false tickers (found, not expected) and missed ones, and how many articles
   about no company came out with no ticker.
2. Names: tests/fixtures/tickers/names.tsv, sentences written for bullpen
   that name companies as news does, by case (small-letter, possessive,
   short-form, name; none for texts naming no company): recall per case and
   false tickers.
3. FinEntity (data/eval/finentity.json, see scripts/finentity.py): company
   recall, the share of labelled company mentions (mapped to our symbols)
   whose symbol the paragraph's analysis names; once on the text as given
   (with Reuters codes such as <AAPL.O>) and once with the codes removed, so
   that only names can be found ("by name"). Reported on the tune and
   holdout parts, in all and by the mention's form (mention_case); look at
   the tune part's misses only.

Usage: scripts/eval_tickers.py [--bullpen PATH] [--show N] [--skip-finentity]
Python 3 standard library only.
"""
import argparse
import json
import os
import re
import subprocess
import tempfile
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import finentity  # noqa: E402

ROOT = finentity.ROOT


def analyze_many(bullpen, texts):
    """The analyses of texts, in order: each text a file, read by one
    `analyze --json` per 500 files (one object a line, naming its file)."""
    env = dict(os.environ)
    env.setdefault("XDG_CONFIG_HOME", "/nonexistent-bullpen-eval")
    out = []
    with tempfile.TemporaryDirectory(prefix="bullpen-eval.") as d:
        paths = []
        for i, text in enumerate(texts):
            paths.append(os.path.join(d, "%06d.txt" % i))
            with open(paths[-1], "w", encoding="utf-8") as f:
                f.write(text)
        for k in range(0, len(paths), 500):
            chunk = paths[k:k + 500]
            res = subprocess.run([bullpen, "analyze", "--json"] + chunk, capture_output=True,
                                 text=True, check=True, env=env).stdout.splitlines()
            got = [json.loads(line) for line in res]
            if [g.pop("file") for g in got] != chunk:
                raise SystemExit("eval_tickers: analyze --json answered out of order")
            out += got
    return out


def load_feeds(path):
    arts, cur = [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") and cur is None:
                continue
            if line.startswith("=== "):
                cur = {"want": set(), "maybe": set(), "lines": []}
                for w in line[4:].split():
                    if w == "-":
                        continue
                    (cur["maybe"] if w.startswith("?") else cur["want"]).add(w.lstrip("?"))
                arts.append(cur)
            elif cur is not None:
                cur["lines"].append(line)
    for a in arts:
        a["text"] = "".join(a["lines"]).strip("\n") + "\n"
    return arts


def feeds(args):
    arts = load_feeds(args.feeds)
    false = missed = found = want = 0
    empty = empty_ok = 0
    shown = []
    for a, res in zip(arts, analyze_many(args.bullpen, [a["text"] for a in arts])):
        got = {t["symbol"] for t in res["tickers"]}
        fp = got - a["want"] - a["maybe"]
        fn = a["want"] - got
        false += len(fp)
        missed += len(fn)
        want += len(a["want"])
        found += len(a["want"] & got)
        if not a["want"]:
            empty += 1
            empty_ok += not got
        if fp or fn:
            shown.append(f"  {a['text'].splitlines()[0][:70]!r}: false {sorted(fp)} missed {sorted(fn)}")
    print(f"feeds: {len(arts)} articles, {want} expected tickers: found {found} "
          f"({found / max(1, want):.1%}), false {false}, missed {missed}; "
          f"no-company articles with no ticker {empty_ok}/{empty}")
    for s in shown[: args.show]:
        print(s)


def names(args):
    tot, hit, false = {}, {}, {}
    shown = []
    rows = []
    with open(args.names, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            rows.append(line.rstrip("\n").split("\t"))
    results = analyze_many(args.bullpen, [text + "\n" for _, _, text in rows])
    for (case, syms, text), res in zip(rows, results):
        want = set() if syms == "-" else set(syms.split())
        got = {t["symbol"] for t in res["tickers"]}
        tot[case] = tot.get(case, 0) + 1
        ok = not got if case == "none" else want <= got
        hit[case] = hit.get(case, 0) + ok
        false[case] = false.get(case, 0) + len(got - want)
        if (not ok or got - want) and len(shown) < args.show:
            shown.append(f"  {case}: {text[:70]!r}: false {sorted(got - want)} "
                         f"missed {sorted(want - got)}")
    named = [c for c in tot if c != "none"]
    a, b = sum(hit[c] for c in named), sum(tot[c] for c in named)
    print(f"names: {b} texts naming companies, all found in {a} ({a / max(1, b):.1%}); "
          + "; ".join(f"{c} {hit[c]}/{tot[c]}" for c in sorted(tot))
          + f"; false tickers {sum(false.values())}")
    for s in shown:
        print(s)


LEGAL_WORDS = {"inc", "corp", "co", "ltd", "plc", "llc", "group", "holdings", "sa", "ag", "nv",
               "se", "corporation", "company", "incorporated", "limited"}


def mention_case(text, start, end):
    """How a mention names its company: small-letter (eBay), possessive
    (Apple's), legal (Apple Inc), one-word (Apple) or several-words."""
    value = text[start:end]
    words = value.replace(".", " ").replace(",", " ").split()
    if value[:1].islower():
        return "small-letter"
    if re.match(r"['\u2019]s\b", text[end:end + 3]) or re.search(r"['\u2019]s$", value):
        return "possessive"
    if any(w.lower() in LEGAL_WORDS for w in words[1:]):
        return "legal"
    return "one-word" if len(words) == 1 else "several-words"


def fin(args):
    paras = finentity.load(args.finentity)
    smap = finentity.symbol_map(paras)
    for part in ("tune", "holdout"):
        for mode in ("as given", "by name"):
            tot = hit = 0
            extra = 0
            misses = {}
            by_case = {}
            picked, texts = [], []
            for pi, p in enumerate(paras):
                if p["part"] != part:
                    continue
                gold = {smap[(pi, mi)] for mi in range(len(p["mentions"])) if smap[(pi, mi)]}
                if not gold:
                    continue
                text = p["text"]
                if mode == "by name":
                    text = re.sub(r"\s*<[^<>]{1,20}>", "", text)
                picked.append((pi, p, gold))
                texts.append(text)
            for (pi, p, gold), res in zip(picked, analyze_many(args.bullpen, texts)):
                got = {t["symbol"] for t in res["tickers"]}
                for mi, m in enumerate(p["mentions"]):
                    s = smap[(pi, mi)]
                    if not s:
                        continue
                    tot += 1
                    c = by_case.setdefault(mention_case(p["text"], m[0], m[1]), [0, 0])
                    c[0] += 1
                    if s in got:
                        hit += 1
                        c[1] += 1
                    else:
                        misses[(m[2], s)] = misses.get((m[2], s), 0) + 1
                extra += len(got - gold)
            print(f"finentity {part} ({mode}): company mentions {tot}, found {hit} "
                  f"({hit / max(1, tot):.1%}); tickers beyond the labelled ones {extra}")
            print("  by form: " + "; ".join(f"{k} {v[1]}/{v[0]}" for k, v in sorted(by_case.items())))
            if part == "tune" and args.show:
                top = sorted(misses.items(), key=lambda kv: -kv[1])[: args.show]
                print("  missed: " + ", ".join(f"{v}={s} x{n}" for (v, s), n in top))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bullpen", default=os.path.join(ROOT, "build", "bullpen"))
    ap.add_argument("--feeds", default=os.path.join(ROOT, "tests", "fixtures", "tickers",
                                                    "feeds.txt"))
    ap.add_argument("--names", default=os.path.join(ROOT, "tests", "fixtures", "tickers",
                                                    "names.tsv"))
    ap.add_argument("--finentity", default=finentity.DEFAULT)
    ap.add_argument("--show", type=int, default=0, help="show N mistakes (feeds; FinEntity tune)")
    ap.add_argument("--skip-finentity", action="store_true")
    args = ap.parse_args()
    feeds(args)
    names(args)
    if not args.skip_finentity:
        fin(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
