#!/usr/bin/env python3
"""Writes RSS feeds for the alert tests: FEEDS files of ITEMS items each,
every item saying "quarterly" (so a `keyword quarterly` rule fires on all of
them) with a unique guid and title, and optionally an OPML list of them.

  gen_feeds.py DIR --feeds N --items M [--tag T] [--words W] [--every K]
               [--opml FILE --srv URL]

Files are DIR/T-NN.xml; --words pads each description (bytes in the store);
with --every K only items 0, K, 2K... say "quarterly" (the others "annual")."""
import argparse
import os

p = argparse.ArgumentParser()
p.add_argument("dir")
p.add_argument("--feeds", type=int, default=1)
p.add_argument("--items", type=int, default=5)
p.add_argument("--tag", default="wire")
p.add_argument("--words", type=int, default=20)
p.add_argument("--every", type=int, default=1)
p.add_argument("--opml")
p.add_argument("--srv")
a = p.parse_args()
os.makedirs(a.dir, exist_ok=True)
filler = " ".join("margin%d" % (i % 97) for i in range(a.words))
urls = []
for f in range(a.feeds):
    name = "%s-%02d.xml" % (a.tag, f)
    with open(os.path.join(a.dir, name), "w") as x:
        x.write('<?xml version="1.0"?><rss version="2.0"><channel><title>%s %d</title>\n' % (a.tag, f))
        for i in range(a.items):
            word = "quarterly" if i % a.every == 0 else "annual"
            x.write("<item><guid>%s-%d-%d</guid><title>%s %d item %d: %s results</title>"
                    "<link>https://news.example.com/%s/%d/%d</link>"
                    "<pubDate>Tue, 18 Jun 2024 %02d:%02d:00 GMT</pubDate>"
                    "<description>The %s figures for unit %d-%d. %s</description></item>\n"
                    % (a.tag, f, i, a.tag, f, i, word, a.tag, f, i, (i // 60) % 24, i % 60, word,
                       f, i, filler))
        x.write("</channel></rss>\n")
    urls.append("%s/%s" % (a.srv, name) if a.srv else name)
if a.opml:
    with open(a.opml, "w") as o:
        o.write('<?xml version="1.0"?><opml version="2.0"><body>\n')
        for u in urls:
            o.write('<outline text="%s" xmlUrl="%s"/>\n' % (os.path.basename(u), u))
        o.write("</body></opml>\n")
