#!/usr/bin/env python3
"""Compiles the analyser's data files into C tables (see core/analyze_data.h).

Usage: gen_data.py DATA_DIR OUT_DIR
Writes OUT_DIR/symbols_data.c (symbol directory, aliases, ticker stoplist),
OUT_DIR/lexicon_data.c (sentiment lexicon, rules, common words, word roles) and
OUT_DIR/textpack_dict.c (the preset dictionaries of packed article text, see
core/textpack.h). Normalisation
here must match the tokeniser in core/analyze_tok.c: ASCII lower case, curly
apostrophes as ', hyphens split words, a trailing 's dropped.
"""
import json
import os
import re
import sys
import zlib

ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ\u2019", "abcdefghijklmnopqrstuvwxyz'")
WORD = r"[a-z0-9\u0080-\U0010ffff]"
TOKEN_RE = re.compile(rf"{WORD}+(?:[.&']{WORD}+)*|&")
PUNCT_CP = set(range(0x2000, 0x2070)) | {0xA0, 0xAB, 0xBB, 0xB7, 0x3000, 0xFEFF}


class DataError(Exception):
    pass


def norm_words(text):
    text = "".join(" " if ord(c) in PUNCT_CP and c != "\u2019" else c for c in text)
    words = []
    for tok in TOKEN_RE.findall(text.translate(ASCII_LOWER)):
        if len(tok) > 2 and tok.endswith("'s"):
            tok = tok[:-2]
        words.append(tok)
    return words


def c_str(s):
    out = ['"']
    for b in s.encode("utf-8"):
        ch = chr(b)
        if ch in '"\\?':
            out.append("\\" + ch)
        elif 0x20 <= b < 0x7F:
            out.append(ch)
        else:
            out.append("\\%03o" % b)
    out.append('"')
    return "".join(out)


def read_lines(path):
    """Yields (line_number, text) with comments and blank lines removed."""
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            line = line.split("#", 1)[0].rstrip()
            if line.strip():
                yield i, line


def read_words(path):
    out = set()
    for _, line in read_lines(path):
        out.update(line.split())
    return out


# ---------------------------------------------------------------- symbols

SUFFIXES = {
    "INC", "INCORPORATED", "CORP", "CORPORATION", "CO", "COMPANY", "COS", "LTD", "LIMITED", "PLC",
    "LLC", "L.P", "LP", "N.V", "NV", "S.A", "SA", "AG", "SE", "HOLDINGS", "HOLDING", "GROUP", "ADR",
    "THE", "&", "-", "AND", "CL", "CLASS", "A", "B", "TRUST", "BANCORP", "S.A.B", "DE", "CV", "C.V",
    "SPA", "S.P.A", "AB", "ASA", "OYJ", "NEW", "HLDGS", "INTL", "LTD.", "INC.", "CORP.", "CO.",
}
SINGLE_WORD_RANK = 2500  # past this rank a one-word name must be no English word
AMBIG_RANK = 500
# Words that describe a business rather than name it: "Agilent Technologies"
# is also "Agilent", "Jack Henry & Associates" is "Jack Henry". Stripped one
# at a time from the end, each stage giving a name.
DESCRIPTORS = {
    "TECHNOLOGIES", "TECHNOLOGY", "PHARMACEUTICALS", "PHARMACEUTICAL", "INDUSTRIES", "ASSOCIATES",
    "BEVERAGE", "SYSTEMS", "SOLUTIONS", "INTERNATIONAL", "ENTERPRISES", "BRANDS", "THERAPEUTICS",
    "BIOSCIENCES", "BIOTHERAPEUTICS", "BIOPHARMA", "HOLDINGS", "HOLDING", "GROUP", "PARTNERS",
    "WORLDWIDE", "GLOBAL", "LABS", "LABORATORIES", "SOFTWARE", "NETWORKS", "COMMUNICATIONS",
    "ENTERTAINMENT", "INNOVATIONS", "PLATFORMS", "SCIENCES", "HOTELS", "RESORTS", "AIRWAYS",
    "COMPANIES", "COS", "&", "AND",
}
PHARMA = {"PHARMACEUTICALS", "PHARMACEUTICAL", "BIOPHARMA"}
LEGAL_KEEP = {"INC", "CORP", "CO", "LTD", "PLC", "GROUP", "HOLDINGS"}
FIRST_WORD_RANK = 1000  # up to this rank a distinctive first word is a name too
# A one-word short form that is an English word or a proper name and begins
# this many companies' names or more ("American", "United", "First",
# "Liberty") names none of them in particular: it is no name at all.
GENERIC_STARTS = 5
# Flags of struct symdata_alias (core/analyze_data.h).
AMBIG, CURATED, LOWER, POSS, POSS_IN = 1, 2, 4, 8, 16


def case_flags(source, words):
    """LOWER when the company writes its name with a small first letter
    (eBay, lululemon, monday.com), so the text may too; POSS_IN when a word
    before the last is a possessive (Victoria's Secret); POSS when a name of
    one word is one ("Moody's": "Moody" alone is a word)."""
    flags = LOWER if source[:1].islower() else 0
    if len(words) > 1 and re.search(r"\w['\u2019]s\s", source):
        flags |= POSS_IN
    if len(words) == 1 and re.fullmatch(r"[^\s]+['\u2019]s", source.strip()):
        flags |= POSS
    return flags


def derive_aliases(legal):
    """Names a company goes by, from its legal name: (text, kind) with kind
    "full" (the name less its legal suffixes), "short" (less descriptors too),
    "first" (the first of several words: "Northrop") or "legal" (a too-short
    name with its suffix kept: "HP Inc")."""
    n = legal.upper()
    n = re.sub(r"\s*/\s*[A-Z]{2,4}\s*/?", " ", n)  # /DE/, "/ MA"
    n = re.sub(r"\\[A-Z]+\\?", " ", n)
    n = re.sub(r"\(.*?\)", " ", n)
    n = n.replace(",", " ")
    words = n.split()
    if words and words[0] == "THE":
        words = words[1:]
    suffix = None
    suffixes = SUFFIXES | {w.rstrip(".") for w in SUFFIXES}
    while words and words[-1].rstrip(".") in suffixes:
        if words[-1].rstrip(".") in LEGAL_KEEP:
            suffix = words[-1].rstrip(".")
        words.pop()
    if not words:
        return []
    out = []
    if len(words) >= 2 and words[-1] == "COM":
        out.append((" ".join(words[:-1]) + ".com", "full"))
        words = words[:-1]
    out.append((" ".join(words), "full"))
    if suffix and len(words) == 1:
        out.append((words[0] + " " + suffix, "legal"))
    if len(words) >= 2 and len(words[0]) >= 4 and words[0].isalpha():
        out.append((words[0], "first"))
    short = list(words)
    while len(short) >= 2 and short[-1] in DESCRIPTORS:
        if short[-1] in PHARMA and short[-2] not in DESCRIPTORS:
            out.append((" ".join(short[:-1]) + " PHARMA", "short"))
        short.pop()
        if short[-1] not in DESCRIPTORS:
            out.append((" ".join(short), "short"))
    return out


def build_symbols(data_dir, common, dict_words, dict_names, not_names=frozenset(),
                  need_context=frozenset()):
    with open(os.path.join(data_dir, "sec_company_tickers_exchange.json"), encoding="utf-8") as f:
        rows = json.load(f)["data"]
    syms = {}
    rank = {}
    for i, (_cik, name, ticker, exch) in enumerate(rows):
        if not ticker or ticker in syms:
            continue
        syms[ticker] = (name, exch or "")
        rank[ticker] = i
    order = sorted(syms)
    index = {s: i for i, s in enumerate(order)}
    if len(order) >= 65536:
        raise DataError("too many symbols for uint16 indices")

    aliases = {}  # text -> (sym, flags)
    path = os.path.join(data_dir, "aliases.txt")
    for ln, line in read_lines(path):
        if "=" not in line:
            raise DataError(f"{path}:{ln}: expected 'Alias Name = SYMBOL'")
        name, sym = (x.strip() for x in line.rsplit("=", 1))
        sym = sym.upper().replace(".", "-")
        if sym not in index:
            raise DataError(f"{path}:{ln}: unknown symbol {sym}")
        words = norm_words(name)
        if not words:
            raise DataError(f"{path}:{ln}: empty alias")
        text = " ".join(words)
        if text in aliases:
            raise DataError(f"{path}:{ln}: duplicate alias {name!r}")
        flags = CURATED | case_flags(name, words)
        if len(words) == 1 and words[0] in common:
            flags |= AMBIG
        aliases[text] = (index[sym], flags)

    # How many companies' names start with each word: a short form another
    # company's name starts with too ("Acadia") needs context. A company's
    # other listings (preferred shares, warrants) share its name and count once.
    firsts = {}
    for ticker in syms:
        full = [a for a, k in derive_aliases(syms[ticker][0]) if k == "full"]
        if full:
            w = norm_words(full[-1])
            if w:
                firsts.setdefault(w[0], set()).add(" ".join(w))
    starts = {w: len(names) for w, names in firsts.items()}
    # Largest companies first: a name two companies share goes to the larger.
    possessive = {}
    for ticker in sorted(syms, key=lambda t: rank[t]):
        legal = syms[ticker][0]
        r = rank[ticker]
        for alias, kind in derive_aliases(legal):
            words = norm_words(alias)
            if not words or all(w.isdigit() for w in words):
                continue
            text = " ".join(words)
            if text in aliases or text in not_names:
                continue
            flags = case_flags(re.sub(r"^the\s+", "", legal, flags=re.I), words)
            if kind == "first":
                # "Northrop", "Schlumberger": only a word that is no English
                # word, no proper name (Taiwan, Texas) and starts no other
                # company's name.
                w = words[0]
                if (r >= FIRST_WORD_RANK or w in dict_words or w in dict_names or w in common or
                        starts.get(w, 0) > 1):
                    continue
            elif len(words) == 1:
                w = words[0]
                if len(w) < 3:
                    continue
                if w in common:
                    if r >= SINGLE_WORD_RANK:
                        continue
                    flags |= AMBIG
                elif r >= SINGLE_WORD_RANK:
                    # A small company's one-word name is taken only when it is
                    # no English word or proper name (Chegg, Yext, Eventbrite).
                    if w in dict_words or len(w) < 4:
                        continue
                    if w in dict_names:
                        flags |= AMBIG
                elif r >= AMBIG_RANK and w in dict_words:
                    flags |= AMBIG
                if kind == "short" and r >= AMBIG_RANK and starts.get(w, 0) > 1:
                    flags |= AMBIG
                if (flags & AMBIG) and starts.get(w, 0) >= GENERIC_STARTS:
                    continue
            elif kind == "short" and all(w in dict_words for w in words):
                continue  # "General Industries" less its descriptor says nothing
            if text in need_context:
                flags |= AMBIG
            aliases[text] = (index[ticker], flags)
            # A name filed in capitals lost its apostrophe: KOHLS is "Kohl's",
            # DICKS SPORTING GOODS "Dick's Sporting Goods". The form without
            # the s is taken only as a possessive.
            w = words[0]
            stem = " ".join([w[:-1]] + words[1:])
            if (legal.isupper() and r < SINGLE_WORD_RANK and len(w) >= 5 and w.endswith("s") and
                    not w.endswith(("ss", "us", "is")) and
                    not {w[:-1]} & (common | dict_words | dict_names | not_names)):
                possessive.setdefault(stem, (index[ticker], (flags & ~AMBIG) | POSS))
    for text, v in possessive.items():
        if text not in aliases and text not in not_names:
            aliases[text] = v
    return order, syms, aliases


def read_sections(path, names):
    """Words of a file in [section] form, lower case, as sets by section."""
    sets = {n: set() for n in names}
    cur = None
    for ln, line in read_lines(path):
        m = re.fullmatch(r"\s*\[([a-z-]+)\]\s*", line)
        if m:
            if m.group(1) not in sets:
                raise DataError(f"{path}:{ln}: unknown section [{m.group(1)}]")
            cur = sets[m.group(1)]
            continue
        if cur is None:
            raise DataError(f"{path}:{ln}: entry before any [section]")
        cur.update(w.lower().replace("_", " ") for w in line.split())
    return sets


class StrPool:
    """The strings of one generated file in one char array, each ended by a
    NUL and named by its offset: a table of offsets needs no relocation when
    the program starts (a table of pointers is written by the loader into
    pages of its own, some 50,000 of them, on every start of every command),
    and stays in read-only pages no command touches unless it reads it."""

    def __init__(self):
        self.off = {}
        self.parts = []
        self.size = 0

    def __call__(self, s):
        if s not in self.off:
            self.off[s] = self.size
            self.parts.append(s)
            self.size += len(s.encode("utf-8")) + 1
        return self.off[s]

    def write(self, f, name):
        f.write(f"const char {name}[] =\n")
        line = []
        width = 0
        for s in self.parts:
            piece = c_str(s)[:-1] + '\\0"'
            if width + len(piece) > 96 and line:
                f.write("    " + " ".join(line) + "\n")
                line, width = [], 0
            line.append(piece)
            width += len(piece) + 1
        f.write("    " + " ".join(line) + ";\n")

    def write_file(self, out, name, body):
        """A generated C file: the pool as NAME, then the tables in body (a
        list of text), whose strings are offsets into it."""
        with open(out, "w", encoding="ascii") as f:
            f.write("/* Generated by data/gen_data.py from data/; do not edit. */\n")
            f.write('#include "core/analyze_data.h"\n\n')
            self.write(f, name)
            f.write("\n")
            f.write("".join(body))


def write_symbols(out, order, syms, aliases, stop, context):
    pool = StrPool()
    body = []
    body.append("const struct symdata_sym symdata_syms[] = {\n")
    for s in order:
        name, exch = syms[s]
        body.append(f"    {{{pool(s)}, {pool(name)}, {pool(exch)}}},\n")
    body.append("};\n")
    body.append(f"const size_t symdata_n_syms = {len(order)};\n\n")
    body.append("const struct symdata_alias symdata_aliases[] = {\n")
    for text in sorted(aliases):
        sym, flags = aliases[text]
        body.append(f"    {{{pool(text)}, {sym}, {flags}}},\n")
    body.append("};\n")
    body.append(f"const size_t symdata_n_aliases = {len(aliases)};\n")
    for name, words in (("ticker_stop", stop),
                        ("name_not_after", context["not-company-after"]),
                        ("name_cue_after", context["company-after"]),
                        ("name_cue_before", context["company-before"]),
                        ("name_cue_before_pair", context["company-before-pair"])):
        body.append(f"\nconst uint32_t symdata_{name}[] = {{\n")
        for w in sorted(words):
            body.append(f"    {pool(w)},\n")
        body.append("};\n")
        body.append(f"const size_t symdata_n_{name} = {len(words)};\n")
    pool.write_file(out, "symdata_names", body)


# ---------------------------------------------------------------- lexicon

FLAGS = {
    "sent": 1 << 0, "negators": 1 << 1, "intensifiers": 1 << 2, "diminishers": 1 << 2,
    "hedges": 1 << 3, "contrast": 1 << 4, "concession": 1 << 5, "directions": (1 << 6) | 1,
    "bad-quantities": 1 << 7, "forecast": 1 << 8, "attribution": 1 << 9, "comparison": 1 << 10,
    "scale": 1 << 11, "abbreviations": 1 << 12, "corporate": 1 << 13, "exchanges-us": 1 << 14,
    "exchanges-other": 1 << 15, "common": 1 << 16, "vague-numbers": 1 << 17,
    "up-down": (1 << 18) | (1 << 6) | 1, "good-quantities": 1 << 19,
    "expectation-verbs": 1 << 20, "expectations": 1 << 21, "rating-actions": 1 << 22,
    "ratings": 1 << 23, "neutral-quantities": 1 << 24, "subject-stops": 1 << 25,
    "object-stops": 1 << 26, "comparison-base": 1 << 27, "base-fillers": 1 << 28,
    "approximations": 1 << 29, "adjectival": 1 << 30, "evaluative": 1 << 31,
}
WEIGHTED = {"sent", "directions", "up-down"}
MULTIPLIED = {"intensifiers", "diminishers", "hedges", "expectation-verbs"}


def inflect(word):
    """Forms of a word marked with a trailing '*' (regular inflections)."""
    w = word[:-1]
    forms = {w, w + "s", w + "ed", w + "ing"}
    if w.endswith("e"):
        forms |= {w + "d", w[:-1] + "ing"}
    if w.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(w + "es")
    if w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        forms |= {w[:-1] + "ies", w[:-1] + "ied"}
    if re.search(r"[^aeiou][aeiou][bdgmnprt]$", w) and len(w) <= 5:
        forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    return sorted(forms)


def expand(phrase):
    """All word sequences a lexicon phrase stands for ('*' inflects)."""
    seqs = [[]]
    for word in phrase.split(" "):
        alts = inflect(word) if word.endswith("*") else [word]
        seqs = [s + [a] for s in seqs for a in alts]
    return [" ".join(s) for s in seqs]


def parse_weight(path, ln, text):
    try:
        return float(text)
    except ValueError:
        raise DataError(f"{path}:{ln}: bad number {text!r}") from None


def build_lexicon(data_dir, common):
    entries = {}  # text -> [flags, sent, mult, explicit]

    def add(path, ln, phrase, section, value):
        words = []
        for w in phrase.split():
            star = w.endswith("*")
            nw = norm_words(w.rstrip("*"))
            if not nw:
                raise DataError(f"{path}:{ln}: no words in {phrase!r}")
            if star:
                nw[-1] += "*"
            words.extend(nw)
        norm = " ".join(words)
        for text in expand(norm):
            explicit = "*" not in norm
            e = entries.setdefault(text, [0, 0.0, 1.0, False])
            e[0] |= FLAGS[section]
            if section in WEIGHTED and (explicit or not e[3]):
                if not -1.0 <= value <= 1.0:
                    raise DataError(f"{path}:{ln}: weight outside [-1, 1]")
                e[1] = value
                e[3] = e[3] or explicit
            if section in MULTIPLIED:
                e[2] = value

    path = os.path.join(data_dir, "lexicon.txt")
    for ln, line in read_lines(path):
        if "\t" not in line:
            raise DataError(f"{path}:{ln}: expected 'phrase<TAB>weight'")
        phrase, w = line.rsplit("\t", 1)
        add(path, ln, phrase.strip(), "sent", parse_weight(path, ln, w.strip()))

    path = os.path.join(data_dir, "rules.txt")
    section = None
    for ln, line in read_lines(path):
        m = re.fullmatch(r"\s*\[([a-z-]+)\]\s*", line)
        if m:
            section = m.group(1)
            if section not in FLAGS or section in ("sent", "common"):
                raise DataError(f"{path}:{ln}: unknown section [{section}]")
            continue
        if section is None:
            raise DataError(f"{path}:{ln}: entry before any [section]")
        if section in WEIGHTED or section in MULTIPLIED:
            if "\t" not in line:
                raise DataError(f"{path}:{ln}: [{section}] needs 'phrase<TAB>number'")
            phrase, w = line.rsplit("\t", 1)
            add(path, ln, phrase.strip(), section, parse_weight(path, ln, w.strip()))
        else:
            for item in line.split("\t") if "\t" in line else [line]:
                if item.strip():
                    add(path, ln, item.strip(), section, 0.0)
    for w in common:
        add("common_words.txt", 0, w, "common", 0.0)
    return entries


# Roles of data/word_roles.txt's sections: the WR_* bits of core/analyze_data.h.
ROLES = {
    "reporters": 1 << 16, "officials": 1 << 17, "trades": 1 << 18, "research": 1 << 19,
    "firms": 1 << 20, "data": 1 << 21, "broker-actions": 1 << 22, "verbs": 1 << 23,
    "subjects": 1 << 24, "contrast": 1 << 25, "concession": 1 << 26, "holdings": 1 << 27,
    "relative": 1 << 28, "beaten": 1 << 29, "rivalry": 1 << 30,
}


def build_roles(data_dir):
    """Each word of data/word_roles.txt with the OR of its sections' bits."""
    sets = read_sections(os.path.join(data_dir, "word_roles.txt"), ROLES)
    roles = {}
    for name, words in sets.items():
        for w in words:
            if " " in w or norm_words(w) != [w]:
                raise DataError(f"word_roles.txt: [{name}] {w!r} is not one normalised word")
            roles[w] = roles.get(w, 0) | ROLES[name]
    return roles


def write_lexicon(out, entries, roles):
    pool = StrPool()
    body = ["const struct symdata_lex symdata_lex[] = {\n"]
    for text in sorted(entries):
        flags, sent, mult, _ = entries[text]
        body.append(f"    {{{pool(text)}, {flags}u, {sent:.4f}f, {mult:.4f}f}},\n")
    body.append("};\n")
    body.append(f"const size_t symdata_n_lex = {len(entries)};\n\n")
    body.append("const struct symdata_role symdata_roles[] = {\n")
    for w in sorted(roles):
        body.append(f"    {{{pool(w)}, {roles[w]}u}},\n")
    body.append("};\n")
    body.append(f"const size_t symdata_n_roles = {len(roles)};\n")
    pool.write_file(out, "symdata_words", body)


def write_pack_dicts(out, data_dir):
    """Each textpack_dictN.txt (zlib, named by its Adler-32) and
    textpack_dictN.zdict (zstd, named by the ID in its header, which must be
    N) as a byte array, in the order of N: the dictionaries stored text may
    name, the last the one new text uses."""
    names = sorted((f for f in os.listdir(data_dir)
                    if re.fullmatch(r"textpack_dict\d+\.(txt|zdict)", f)),
                   key=lambda f: int(re.sub(r"\D", "", f)))
    if not names:
        raise DataError("no textpack_dict1.txt in %s" % data_dir)
    dicts = []
    for n in names:
        with open(os.path.join(data_dir, n), "rb") as f:
            b = f.read()
        if n.endswith(".zdict"):
            # A zstd dictionary: magic 0xEC30A437, then its ID (RFC 8878).
            if len(b) < 8 or int.from_bytes(b[:4], "little") != 0xEC30A437:
                raise DataError("%s: not a zstd dictionary" % n)
            ident = int.from_bytes(b[4:8], "little")
            if ident != int(re.sub(r"\D", "", n)):
                raise DataError("%s: its ID is %d, not the number in its name" % (n, ident))
            dicts.append((b, ident, 1))
        else:
            dicts.append((b, zlib.adler32(b), 0))
    if not dicts[-1][2]:
        raise DataError("the newest textpack dictionary must be a zstd one (.zdict)")
    with open(out, "w", encoding="ascii") as f:
        f.write("/* Generated by data/gen_data.py from data/textpack_dict*. */\n")
        f.write('#include "core/textpack.h"\n\n')
        for i, (b, _, _) in enumerate(dicts):
            f.write("static const unsigned char d%d[] = {\n" % i)
            for k in range(0, len(b), 16):
                f.write("    " + ", ".join(str(x) for x in b[k:k + 16]) + ",\n")
            f.write("};\n")
        f.write("const struct textpack_dict textpack_dicts[] = {\n")
        for i, (b, ident, zstd) in enumerate(dicts):
            f.write("    {d%d, %d, 0x%08xul, %d},\n" % (i, len(b), ident, zstd))
        f.write("};\n")
        f.write("const int textpack_n_dicts = %d;\n" % len(dicts))


def main(argv):
    if len(argv) != 3:
        print("usage: gen_data.py DATA_DIR OUT_DIR", file=sys.stderr)
        return 2
    data_dir, out_dir = argv[1], argv[2]
    try:
        common = {w.lower() for w in read_words(os.path.join(data_dir, "common_words.txt"))}
        stop = {w.upper() for w in read_words(os.path.join(data_dir, "ticker_stoplist.txt"))}
        nw = read_sections(os.path.join(data_dir, "name_words.txt"), ("words", "names"))
        dict_words, dict_names = nw["words"], nw["names"]
        context = read_sections(os.path.join(data_dir, "name_context.txt"),
                                ("not-company-after", "company-after", "company-before",
                                 "company-before-pair", "not-names",
                                 "needs-context"))
        order, syms, aliases = build_symbols(data_dir, common, dict_words, dict_names,
                                             context["not-names"], context["needs-context"])
        stop |= {w.upper() for w in common if w.upper() in syms}
        # A symbol that spells an English word or a proper name (NET, FUN,
        # TECH, YORK) is never taken bare: only as $NET, (NYSE: NET) or after
        # the company's name.
        stop |= {s for s in syms if s.isalpha() and s.lower() in dict_words | dict_names}
        entries = build_lexicon(data_dir, common)
        roles = build_roles(data_dir)
    except (OSError, DataError, ValueError) as e:
        print(f"gen_data.py: {e}", file=sys.stderr)
        return 1
    os.makedirs(out_dir, exist_ok=True)
    write_symbols(os.path.join(out_dir, "symbols_data.c"), order, syms, aliases, stop,
                  context)
    write_lexicon(os.path.join(out_dir, "lexicon_data.c"), entries, roles)
    try:
        write_pack_dicts(os.path.join(out_dir, "textpack_dict.c"), data_dir)
    except (OSError, DataError) as e:
        print(f"gen_data.py: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
