/* feed_parse_batched: the same items, fields and order as feed_parse, in
 * batches of the size asked, for every format, for documents the stream
 * reads and for those it must read whole (broken, items before the
 * channel, an Atom author after the entries), from memory and from a file
 * (feed_parse_batched_fd). */
#include "feed_same.h"
#include "feed_test.h"

/* What the batches brought, moved into one document. */
struct got {
    struct feed_doc doc;
    size_t batch, calls, lasts;
    int bad_size; /* a batch before the last was not full */
    int fail_at;  /* return -1 on this call (1-based); 0: never */
};

static int collect(void *ctx, struct feed_doc *d, int last)
{
    struct got *g = ctx;
    g->calls++;
    g->lasts += last;
    if (!last && d->n_items != g->batch) g->bad_size = 1;
    if (last && d->n_items > g->batch) g->bad_size = 1;
    if (g->fail_at && (size_t)g->fail_at == g->calls) return err_set("stop here");
    /* Take every other item one by one, the rest are freed by the parser
     * after copying their guid: both ways of taking must work. */
    for (size_t i = 0; i < d->n_items; i++) {
        struct article a = d->items[i];
        if (i % 2) a.guid = xstrdup(d->items[i].guid), a.title = xstrdup(d->items[i].title);
        if (i % 2) a.link = xstrdup(d->items[i].link), a.summary = xstrdup(d->items[i].summary);
        if (i % 2) a.content = xstrdup(d->items[i].content), a.author = xstrdup(d->items[i].author);
        if (i % 2) a.provider_label = NULL, a.provider_tickers = NULL, a.n_provider_tickers = 0;
        if (i % 2)
            a.summary_packed = a.content_packed = NULL;
        else
            memset(&d->items[i], 0, sizeof d->items[i]);
        struct article *p = realloc(g->doc.items, (g->doc.n_items + 1) * sizeof *p);
        assert_non_null(p);
        g->doc.items = p;
        p[g->doc.n_items++] = a;
    }
    if (last) feed_same_take_fields(&g->doc, d);
    return 0;
}

/* buf through feed_parse_batched in batches of `batch` gives what
 * feed_parse gives; so does buf in a file through feed_parse_batched_fd. */
static void check_same_from(const char *buf, size_t len, size_t batch, int from_file)
{
    struct feed_doc want;
    struct got g = {.batch = batch};
    int rc = feed_parse(buf, len, NOW, &want), rc2;
    if (from_file) {
        FILE *f = tmpfile();
        assert_non_null(f);
        assert_int_equal(fwrite(buf, 1, len, f), len);
        assert_int_equal(fflush(f), 0);
        rc2 = feed_parse_batched_fd(fileno(f), len, NOW, batch, collect, &g);
        fclose(f);
    } else {
        rc2 = feed_parse_batched(buf, len, NOW, batch, collect, &g);
    }
    assert_int_equal(rc, rc2);
    if (rc) {
        assert_int_equal(g.calls, 0);
        return;
    }
    assert_int_equal(g.lasts, 1);
    assert_false(g.bad_size);
    char why[512];
    if (feed_same_differ(&g.doc, &want, why, sizeof why)) fail_msg("%s", why);
    feed_doc_free(&want);
    feed_doc_free(&g.doc);
}

static void check_same(const char *buf, size_t len, size_t batch)
{
    check_same_from(buf, len, batch, 0);
    check_same_from(buf, len, batch, 1);
}

static void test_fixtures(void **state)
{
    (void)state;
    const char *names[] = {
        "rss2.xml",        "rss091.xml",    "rss092.xml",   "rdf.xml",           "atom10.xml",
        "atom03.xml",      "atom03_ns.xml", "stray_ns.xml", "dc_fallback.xml",   "jsonfeed10.json",
        "jsonfeed11.json", "hostile.xml",   "utf16le.xml",  "alphavantage.json", "not_a_feed.html"};
    for (size_t f = 0; f < sizeof names / sizeof names[0]; f++) {
        size_t len;
        char *buf = load(names[f], &len);
        for (size_t batch = 1; batch <= 4; batch++)
            check_same(buf, len, batch);
        check_same(buf, len, 256);
        /* Cut short: libxml2's recovery on the whole document decides. */
        for (size_t n = len / 3; n < len; n += 1 + len / 7)
            check_same(buf, n, 2);
        free(buf);
    }
}

/* Shapes the stream cannot read in document order, and broken documents
 * after a first batch was handed out. */
static void test_odd_shapes(void **state)
{
    (void)state;
    const char *docs[] = {
        /* the feed's author after its first entries */
        "<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>1</id></entry>"
        "<entry><id>2</id><author><name>Own</name></author></entry><entry><id>3</id></entry>"
        "<author><name>Desk</name></author><title>T</title><entry><id>4</id></entry></feed>",
        /* items beside the channel, before and after it */
        "<rss><item><guid>r1</guid></item><channel><title>C</title><item><guid>c1</guid></item>"
        "<item><guid>c2</guid></item></channel><item><guid>r2</guid></item></rss>",
        /* RDF items in the channel's own namespace, one before it */
        "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns='urn:odd'>"
        "<item rdf:about='http://e/1'/><channel rdf:about='http://e/'><title>T</title></channel>"
        "<item rdf:about='http://e/2'/><item rdf:about='http://e/3'/></rdf:RDF>",
        /* broken after three items: recovery decides, nothing doubled */
        "<rss><channel><title>T</title><item><guid>1</guid></item><item><guid>2</guid></item>"
        "<item><guid>3</guid></item><item><guid>4</guid><title>x</tilte></item>"
        "<item><guid>5</guid></item></channel></rss>",
        /* two channels: only the first one's items, then those beside */
        "<rss><channel><item><guid>a</guid></item><title>Late</title></channel>"
        "<channel><item><guid>b</guid></item></channel><item><guid>c</guid></item></rss>",
        /* RDF whose odd namespace only a second channel gives: the first
         * channel alone says, whole or in batches */
        "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'"
        " xmlns='http://purl.org/rss/1.0/'><channel rdf:about='http://e/'><title>T</title>"
        "</channel><item rdf:about='http://e/1'><title>one</title></item>"
        "<item xmlns='urn:odd' rdf:about='http://e/2'><title>two</title></item>"
        "<channel xmlns='urn:odd' rdf:about='http://e/c2'/><item rdf:about='http://e/3'/>"
        "<item xmlns='urn:odd' rdf:about='http://e/4'><title>four</title></item></rdf:RDF>",
        /* xml:base from the feed down to the entry */
        "<feed xmlns='http://www.w3.org/2005/Atom' xml:base='http://ex.com/a/'>"
        "<entry xml:base='sub/'><id>1</id><link href='p.html'/></entry>"
        "<entry><id>2</id><link href='/q'/></entry></feed>",
    };
    for (size_t k = 0; k < sizeof docs / sizeof docs[0]; k++)
        for (size_t batch = 1; batch <= 3; batch++)
            check_same(docs[k], strlen(docs[k]), batch);
    /* The entries before the feed's author get it, as in a whole parse. */
    struct got g = {.batch = 1};
    assert_int_equal(feed_parse_batched(docs[0], strlen(docs[0]), NOW, 1, collect, &g), 0);
    assert_int_equal(g.doc.n_items, 4);
    assert_string_equal(g.doc.items[0].author, "Desk");
    assert_string_equal(g.doc.items[1].author, "Own");
    assert_string_equal(g.doc.items[3].author, "Desk");
    assert_string_equal(g.doc.items[2].author, "Desk");
    feed_doc_free(&g.doc);
    /* The second RDF channel's namespace is not the feed's: items 1 and 3
     * only, whether read whole or in batches after an item was handed. */
    struct feed_doc d;
    assert_int_equal(feed_parse(docs[5], strlen(docs[5]), NOW, &d), 0);
    assert_int_equal(d.n_items, 2);
    assert_string_equal(d.items[0].title, "one");
    assert_string_equal(d.items[1].link, "http://e/3");
    feed_doc_free(&d);
    /* The first channel's namespace is the feed's, for items before it too. */
    assert_int_equal(feed_parse(docs[2], strlen(docs[2]), NOW, &d), 0);
    assert_int_equal(d.n_items, 3);
    assert_string_equal(d.items[0].link, "http://e/1");
    feed_doc_free(&d);
}

/* An Atom feed broken past its first entries (well past what the reader
 * reads ahead), its author after the break: recovery finds the author, and
 * the entries handed out before the break was met have it too. */
static void test_author_after_break(void **state)
{
    (void)state;
    struct sbuf b = {0};
    assert_int_equal(sbuf_adds(&b, "<feed xmlns='http://www.w3.org/2005/Atom'><title>T</title>"),
                     0);
    for (int i = 0; i < 100; i++)
        assert_int_equal(
            sbuf_printf(&b, "<entry><id>e%d</id><summary>%0200d</summary></entry>", i, i), 0);
    assert_int_equal(sbuf_adds(&b, "<entry><id>x</id><title>x</tilte></entry>"
                                   "<author><name>Desk</name></author></feed>"),
                     0);
    struct got g = {.batch = 1};
    assert_int_equal(feed_parse_batched(b.p, b.len, NOW, 1, collect, &g), 0);
    assert_true(g.doc.n_items >= 100);
    assert_string_equal(g.doc.items[0].author, "Desk");
    assert_string_equal(g.doc.items[99].author, "Desk");
    feed_doc_free(&g.doc);
    for (size_t batch = 1; batch <= 3; batch++)
        check_same(b.p, b.len, batch);
    sbuf_free(&b);
}

/* 1000 items in batches of 256: four calls, the last one with 232 and the
 * feed's fields; a failing fn stops the parse with its error. */
static void test_batches(void **state)
{
    (void)state;
    struct sbuf b = {0};
    assert_int_equal(sbuf_adds(&b, "<rss><channel><title>Big</title>"), 0);
    for (int i = 0; i < 1000; i++) {
        char item[96];
        snprintf(item, sizeof item, "<item><guid>g%d</guid><title>Item %d</title></item>", i, i);
        assert_int_equal(sbuf_adds(&b, item), 0);
    }
    assert_int_equal(sbuf_adds(&b, "</channel></rss>"), 0);
    struct got g = {.batch = 256};
    assert_int_equal(feed_parse_batched(b.p, b.len, NOW, 256, collect, &g), 0);
    assert_int_equal(g.calls, 4);
    assert_int_equal(g.doc.n_items, 1000);
    assert_string_equal(g.doc.items[999].guid, "g999");
    assert_string_equal(g.doc.title, "Big");
    feed_doc_free(&g.doc);
    struct got f = {.batch = 256, .fail_at = 2};
    assert_int_equal(feed_parse_batched(b.p, b.len, NOW, 256, collect, &f), -1);
    assert_string_equal(err_msg(), "stop here");
    assert_int_equal(f.calls, 2);
    assert_int_equal(f.doc.n_items, 256);
    feed_doc_free(&f.doc);
    check_same(b.p, b.len, 256);
    sbuf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures),
        cmocka_unit_test(test_odd_shapes),
        cmocka_unit_test(test_author_after_break),
        cmocka_unit_test(test_batches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
