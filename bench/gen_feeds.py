#!/usr/bin/env python3
"""gen_feeds.py: a deterministic set of market-news feeds for benchmarks.

    python3 bench/gen_feeds.py --feeds K --items N --out DIR [--seed S]
                               [--base-url http://127.0.0.1:PORT/]

Writes DIR/feed-0000.xml ... (RSS 2.0 and Atom 1.0, alternating in a fixed
pattern), DIR/feeds.opml and DIR/urls (one URL a line, for newsboat) when
--base-url is given, and DIR/manifest.json ({"feeds", "items", "bytes"}).
The same seed always gives byte-identical files, so two runs, or two tools,
see the same news. Items are written like wire copy: company names and
tickers, figures, guidance and attribution, so the analyser does real work.
"""

import argparse
import json
import os
import random
import time
from email.utils import formatdate
from xml.sax.saxutils import escape

COMPANIES = [
    ("Apple", "AAPL"), ("Microsoft", "MSFT"), ("Nvidia", "NVDA"), ("Amazon", "AMZN"),
    ("Alphabet", "GOOGL"), ("Meta Platforms", "META"), ("Tesla", "TSLA"),
    ("Berkshire Hathaway", "BRK.B"), ("JPMorgan Chase", "JPM"), ("Visa", "V"),
    ("Exxon Mobil", "XOM"), ("UnitedHealth", "UNH"), ("Johnson & Johnson", "JNJ"),
    ("Walmart", "WMT"), ("Procter & Gamble", "PG"), ("Mastercard", "MA"),
    ("Chevron", "CVX"), ("Home Depot", "HD"), ("Eli Lilly", "LLY"), ("AbbVie", "ABBV"),
    ("Merck", "MRK"), ("PepsiCo", "PEP"), ("Coca-Cola", "KO"), ("Costco", "COST"),
    ("Broadcom", "AVGO"), ("Oracle", "ORCL"), ("Adobe", "ADBE"), ("Salesforce", "CRM"),
    ("Netflix", "NFLX"), ("Advanced Micro Devices", "AMD"), ("Intel", "INTC"),
    ("Qualcomm", "QCOM"), ("Texas Instruments", "TXN"), ("Cisco", "CSCO"),
    ("Bank of America", "BAC"), ("Wells Fargo", "WFC"), ("Goldman Sachs", "GS"),
    ("Morgan Stanley", "MS"), ("Citigroup", "C"), ("Boeing", "BA"), ("Caterpillar", "CAT"),
    ("Deere", "DE"), ("Lockheed Martin", "LMT"), ("General Electric", "GE"),
    ("Ford Motor", "F"), ("General Motors", "GM"), ("Pfizer", "PFE"), ("Moderna", "MRNA"),
    ("Starbucks", "SBUX"), ("McDonald's", "MCD"), ("Nike", "NKE"), ("Disney", "DIS"),
    ("Comcast", "CMCSA"), ("Verizon", "VZ"), ("AT&T", "T"), ("Uber", "UBER"),
    ("Airbnb", "ABNB"), ("PayPal", "PYPL"), ("Shopify", "SHOP"), ("Palantir", "PLTR"),
    ("Micron Technology", "MU"), ("Applied Materials", "AMAT"), ("ASML", "ASML"),
    ("Taiwan Semiconductor", "TSM"), ("ConocoPhillips", "COP"), ("Target", "TGT"),
    ("Lowe's", "LOW"), ("American Express", "AXP"), ("BlackRock", "BLK"), ("Snowflake", "SNOW"),
]
BROKERS = ["Morgan Stanley", "Goldman Sachs", "JPMorgan", "Barclays", "UBS", "Jefferies",
           "Bernstein", "Wedbush", "Evercore ISI", "Piper Sandler", "Citi", "BofA Securities"]
PEOPLE = ["chief executive", "chief financial officer", "finance chief", "spokesperson",
          "the company's president", "management"]
PRODUCTS = ["data-centre chips", "cloud services", "advertising", "subscriptions",
            "electric vehicles", "weight-loss drugs", "smartphones", "software licences",
            "credit card volumes", "refining margins", "streaming", "AI accelerators"]
QUARTERS = ["first quarter", "second quarter", "third quarter", "fourth quarter",
            "fiscal year", "holiday quarter"]
UP = ["rose", "jumped", "climbed", "surged", "gained", "advanced"]
DOWN = ["fell", "slid", "dropped", "sank", "declined", "tumbled"]
FEED_NAMES = ["Markets Wire", "Street Desk", "Earnings Daily", "Tech Tape", "Energy Brief",
              "Health Ledger", "Bank Notes", "Retail Watch", "Chip Report", "Macro Monitor"]


def money(r):
    v = r.choice([r.uniform(0.1, 9.9), r.uniform(10, 99), r.uniform(100, 950)])
    unit = r.choice(["million", "billion"])
    return "$%.1f %s" % (v, unit)


def pct(r):
    return "%.1f%%" % r.uniform(0.3, 38)


def sentence(r, a, b):
    """One sentence about company a (name, ticker), sometimes naming b."""
    (an, at), (bn, bt) = a, b
    k = r.randrange(14)
    if k == 0:
        return "%s (NASDAQ: %s) reported %s revenue of %s, up %s from a year earlier." % (
            an, at, r.choice(QUARTERS), money(r), pct(r))
    if k == 1:
        return "Shares of %s %s %s in early trading after the results beat estimates." % (
            an, r.choice(UP), pct(r))
    if k == 2:
        return "Shares of %s %s %s after the company cut its %s guidance." % (
            an, r.choice(DOWN), pct(r), r.choice(QUARTERS))
    if k == 3:
        return "%s expects %s revenue between %s and %s, ahead of the consensus of %s." % (
            an, r.choice(QUARTERS), money(r), money(r), money(r))
    if k == 4:
        return "Analysts at %s raised their price target on $%s to $%d, citing strong demand for %s." % (
            r.choice(BROKERS), at, r.randrange(40, 900), r.choice(PRODUCTS))
    if k == 5:
        return "%s downgraded %s to underweight, warning that margins will narrow next year." % (
            r.choice(BROKERS), an)
    if k == 6:
        return "The %s of %s said the company plans to spend as much as %s on %s." % (
            r.choice(PEOPLE), an, money(r), r.choice(PRODUCTS))
    if k == 7:
        return "%s said demand for %s was weaker than expected and inventories rose %s." % (
            an, r.choice(PRODUCTS), pct(r))
    if k == 8:
        return "%s now holds a %s share of the market for %s, well ahead of %s (%s)." % (
            an, pct(r), r.choice(PRODUCTS), bn, bt)
    if k == 9:
        return "Operating margin improved to %s from %s a year ago, the company said." % (
            pct(r), pct(r))
    if k == 10:
        return "%s faces an antitrust probe over %s, and the stock lost %s on the news." % (
            an, r.choice(PRODUCTS), pct(r))
    if k == 11:
        return "Net income fell to %s, or $%.2f a share, missing estimates of $%.2f." % (
            money(r), r.uniform(0.1, 9), r.uniform(0.2, 10))
    if k == 12:
        return "%s will buy back up to %s of stock and raised its dividend by %s." % (
            an, money(r), pct(r))
    return "Investors compared the update with %s, whose shares were little changed at $%.2f." % (
        bn, r.uniform(5, 600))


def headline(r, a, b):
    (an, at), (bn, bt) = a, b
    k = r.randrange(8)
    return [
        "%s beats estimates as %s revenue jumps %s" % (an, r.choice(PRODUCTS), pct(r)),
        "%s (%s) shares slide after weak guidance" % (an, at),
        "%s raises outlook; analysts see more upside" % an,
        "%s cuts forecast, citing softer demand for %s" % (an, r.choice(PRODUCTS)),
        "%s upgrades %s to buy with $%d target" % (r.choice(BROKERS), at, r.randrange(40, 900)),
        "%s and %s battle for share in %s" % (an, bn, r.choice(PRODUCTS)),
        "%s to invest %s in %s expansion" % (an, money(r), r.choice(PRODUCTS)),
        "Why %s stock %s %s today" % (an, r.choice(UP + DOWN), pct(r)),
    ][k]


def item(r, fi, ii, t):
    a, b = r.sample(COMPANIES, 2)
    title = headline(r, a, b)
    n = r.randrange(3, 8)
    paras = []
    for _ in range(r.randrange(1, 4)):
        paras.append(" ".join(sentence(r, a, b) for _ in range(n)))
    html = r.random() < 0.5
    if html:
        body = "".join("<p>%s</p>" % escape(p) for p in paras)
    else:
        body = "\n\n".join(paras)
    return {"title": title, "body": body, "html": html, "guid": "bench-%04d-%06d" % (fi, ii),
            "link": "https://news.example.com/%04d/%06d" % (fi, ii), "t": t}


def rss(name, items):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
           "<title>%s</title><link>https://news.example.com/</link>"
           "<description>%s market news</description>" % (escape(name), escape(name))]
    for it in items:
        out.append("<item><title>%s</title><link>%s</link><guid isPermaLink=\"false\">%s</guid>"
                   "<pubDate>%s</pubDate><description>%s</description></item>" % (
                       escape(it["title"]), it["link"], it["guid"],
                       formatdate(it["t"], usegmt=True), escape(it["body"])))
    out.append("</channel></rss>\n")
    return "\n".join(out)


def atom(name, items):
    iso = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
           "<title>%s</title><id>urn:bench:%s</id><updated>%s</updated>"
           '<link href="https://news.example.com/"/>' % (escape(name), escape(name),
                                                          iso(items[0]["t"]))]
    for it in items:
        ctype = "html" if it["html"] else "text"
        out.append('<entry><title>%s</title><id>%s</id><link href="%s"/><updated>%s</updated>'
                   '<content type="%s">%s</content></entry>' % (
                       escape(it["title"]), it["guid"], it["link"], iso(it["t"]), ctype,
                       escape(it["body"])))
    out.append("</feed>\n")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, required=True)
    ap.add_argument("--items", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--base-url")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    r = random.Random(a.seed)
    end = 1735689600  # 2025-01-01: fixed, so output never depends on the clock
    total = 0
    names = []
    for fi in range(a.feeds):
        name = "%s %d" % (FEED_NAMES[fi % len(FEED_NAMES)], fi)
        # Newest first, a few minutes apart, each feed on its own offset.
        items = [item(r, fi, ii, end - ii * 317 - fi * 7) for ii in range(a.items)]
        doc = atom(name, items) if fi % 3 == 2 else rss(name, items)
        fn = "feed-%04d.xml" % fi
        data = doc.encode()
        with open(os.path.join(a.out, fn), "wb") as f:
            f.write(data)
        total += len(data)
        names.append((name, fn))
    if a.base_url:
        base = a.base_url.rstrip("/") + "/"
        with open(os.path.join(a.out, "urls"), "w") as f:
            for _, fn in names:
                f.write(base + fn + "\n")
        with open(os.path.join(a.out, "feeds.opml"), "w") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head>'
                    "<title>bench</title></head><body>\n")
            for name, fn in names:
                f.write('<outline type="rss" text="%s" xmlUrl="%s"/>\n' % (
                    escape(name, {'"': "&quot;"}), base + fn))
            f.write("</body></opml>\n")
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump({"feeds": a.feeds, "items": a.items, "bytes": total, "seed": a.seed}, f)


if __name__ == "__main__":
    main()
