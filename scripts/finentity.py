"""FinEntity (data/eval/finentity.json) for the evaluation scripts.

Loads the paragraphs, splits them into tune and holdout parts by a hash of the
text (the same rule as the Twitter set: SHA-1, first 32 bits mod 5, 0 is
holdout), and maps the labelled company names to symbols of our directory
where that can be done without the analyser's own name rules:

1. A Reuters instrument code right after a mention ("Apple Inc <AAPL.O>")
   with a US suffix (.O, .N, .A, .K, .P, .OQ, .N1) names its symbol when the
   directory lists it.
2. A name that some paragraph gives with such a code maps to that symbol in
   every paragraph ("Apple" with <AAPL.O> once maps everywhere).
3. Otherwise the name, stripped of legal suffixes (Inc, Corp, Co, plc...),
   must equal a directory company's legal name stripped the same way. When
   a curated alias (data/aliases.txt) spells that name too, its symbol wins:
   it names the primary listing ("Rio Tinto = RIO", not the foreign
   shares' RTNTF that comes first in the directory).

Names that map to nothing (indices, regulators, data vendors, companies
listed only abroad) are left out of company measures.
"""
import hashlib
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT = os.path.join(ROOT, "data", "eval", "finentity.json")
SEC = os.path.join(ROOT, "data", "sec_company_tickers_exchange.json")
ALIASES = os.path.join(ROOT, "data", "aliases.txt")

US_SUFFIX = re.compile(r"^([A-Z][A-Z0-9]{0,5}(?:\.[A-Z])?)\.(?:O|N|A|K|P|OQ|N1|OB|PK)$")
LEGAL = {"inc", "incorporated", "corp", "corporation", "co", "company", "cos", "ltd", "limited",
         "plc", "llc", "lp", "nv", "sa", "ag", "se", "holdings", "holding", "group", "the", "&",
         "and", "de", "new", "class", "a", "adr", "sab", "cv", "spa", "oyj", "ab", "asa"}
# Market indices and averages, which share words with funds and exchanges.
INDICES = {"s&p 500", "s&p", "nasdaq", "nasdaq composite", "dow", "dow jones",
           "dow jones industrial average", "russell 2000", "s&p 500 index"}
LABELS = {"Negative": 0, "Positive": 1, "Neutral": 2}


def part_of(text):
    h = int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16)
    return "holdout" if h % 5 == 0 else "tune"


def _stem(name):
    n = re.sub(r"/[A-Za-z]{2,4}/?", " ", name.lower())
    n = re.sub(r"[,.()']", " ", n)
    words = n.replace("’", " ").split()
    while words and words[-1] in LEGAL:
        words.pop()
    while words and words[0] == "the":
        words.pop(0)
    return " ".join(words)


def load(path=DEFAULT):
    """Paragraphs as dicts: text, part, mentions [(start, end, value, label)]."""
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    out = []
    for item in raw:
        text = item["content"]
        ms = []
        for a in item["annotations"]:
            s, e, v = a["start"], a["end"], a["value"]
            if text[s:e] != v:  # offsets off for a few: find the value near start
                best = None
                for m in re.finditer(re.escape(v), text):
                    if best is None or abs(m.start() - s) < abs(best - s):
                        best = m.start()
                if best is None:
                    continue
                s, e = best, best + len(v)
            ms.append((s, e, v, LABELS[a["tag"]]))
        out.append({"text": text, "part": part_of(text), "mentions": ms})
    return out


def curated(path=ALIASES):
    """Stemmed curated alias -> symbol (data/aliases.txt: `Alias = SYMBOL`)."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if "=" not in line:
                continue
            name, sym = (x.strip() for x in line.rsplit("=", 1))
            st = _stem(name)
            if st:
                out.setdefault(st, sym.upper().replace(".", "-"))
    return out


def symbol_map(paras, sec_path=SEC):
    """Returns map(paragraph index, mention index) -> symbol or None."""
    with open(sec_path, encoding="utf-8") as f:
        rows = json.load(f)["data"]
    syms = {}
    by_stem = {}
    for _cik, name, ticker, _exch in rows:
        if not ticker or ticker in syms:
            continue
        syms[ticker] = name
        if re.search(r"\b(ETF|FUND|TRUST|INDEX)\b", name.upper()):
            continue  # funds are not the companies FinEntity labels
        st = _stem(name)
        if st and st not in by_stem:
            by_stem[st] = ticker
    for st, sym in curated().items():
        if st in by_stem and sym in syms:
            by_stem[st] = sym
    learned = {}
    direct = {}
    for pi, p in enumerate(paras):
        for mi, (s, e, v, _l) in enumerate(p["mentions"]):
            m = re.match(r"\s*(?:\(|<)([^<>()]{1,16})(?:\)|>)", p["text"][e:e + 20])
            if not m:
                continue
            code = m.group(1).strip()
            u = US_SUFFIX.match(code)
            sym = u.group(1).replace(".", "-") if u else None
            if sym in syms:
                direct[(pi, mi)] = sym
                learned.setdefault(_stem(v), sym)
    out = {}
    for pi, p in enumerate(paras):
        for mi, (s, e, v, _l) in enumerate(p["mentions"]):
            st = _stem(v)
            if st in INDICES:
                out[(pi, mi)] = None
                continue
            out[(pi, mi)] = direct.get((pi, mi)) or learned.get(st) or by_stem.get(st)
    return out
