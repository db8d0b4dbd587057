/* xml_pipe: a document repaired a piece at a time, from memory or a file,
 * gives the very bytes (and encoding) of the whole document repaired at
 * once, whatever falls on the boundaries of its pieces: references,
 * escape sequences, CDATA, comments, a DOCTYPE, UTF-8 and UTF-16 code
 * units, a byte order mark, leading space before the declaration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/str.h"
#include "core/xml_repair.h"
#include "core/xmlsafe.h"

/* What a document is made of: every kind of thing repair looks at. */
static const char *const pieces[] = {
    "&nbsp;",
    "&amp;",
    "&lt;b&gt;x&lt;/b&gt;",
    "&#x1b;[31m",
    "\x1b[0m",
    "\x1b]0;t\x07",
    "&mdash;",
    "&bogus;",
    "& stray",
    "&#150;",
    "&#x9B;2J",
    "caf\xc3\xa9",
    "caf\xe9",
    "\x80\xff",
    "\xe2\x82\xac",
    "\xf0\x9f\x98\x80",
    "\x7f\x01",
    "<![CDATA[ a & b ]]>",
    "<!-- \x1b[1m -->",
    "\r\n",
    "]]",
    "--",
    "'\"",
    "&apos;",
    "&#65;&#x42;",
    "words ",
    "<b a='x&y'>t</b>",
    "&verylongentitynamethatgoesonandon;",
};

/* A document of about n bytes, varied by seed, whose first line is decl. */
static void make_doc(struct sbuf *b, unsigned seed, size_t n, const char *decl, int doctype)
{
    srand(seed);
    sbuf_reset(b);
    for (int i = rand() % 700; i > 0; i--) /* leading space, past the declaration's window */
        assert_int_equal(sbuf_addc(b, i % 3 ? ' ' : '\n'), 0);
    assert_int_equal(sbuf_adds(b, decl), 0);
    if (doctype) assert_int_equal(sbuf_adds(b, "<!DOCTYPE rss [\n<!ENTITY x \"]>\">\n]>"), 0);
    assert_int_equal(sbuf_adds(b, "<rss><channel>"), 0);
    while (b->len < n) {
        assert_int_equal(sbuf_adds(b, "<item><title>"), 0);
        for (int k = rand() % 20; k >= 0; k--)
            assert_int_equal(sbuf_adds(b, pieces[rand() % (sizeof pieces / sizeof pieces[0])]), 0);
        assert_int_equal(sbuf_adds(b, "</title></item>\n"), 0);
    }
    assert_int_equal(sbuf_adds(b, "</channel></rss>"), 0);
}

/* The same text as UTF-16 (with a BOM when bom), each byte a code unit. */
static void widen(struct sbuf *out, const struct sbuf *in, int be, int bom)
{
    sbuf_reset(out);
    if (bom) assert_int_equal(sbuf_add(out, be ? "\xFE\xFF" : "\xFF\xFE", 2), 0);
    for (size_t i = 0; i < in->len; i++) {
        char u[2] = {be ? 0 : in->p[i], be ? in->p[i] : 0};
        assert_int_equal(sbuf_add(out, u, 2), 0);
    }
}

/* src through the pipe, read `step` bytes at a time. */
static void through_pipe(const struct xml_src *src, int step, struct sbuf *out, enum xenc *enc)
{
    struct xml_pipe *p = xml_pipe_new(src, enc);
    assert_non_null(p);
    sbuf_reset(out);
    char buf[8192];
    int k;
    while ((k = xml_pipe_read(p, buf, step)) > 0)
        assert_int_equal(sbuf_add(out, buf, (size_t)k), 0);
    assert_int_equal(k, 0);
    xml_pipe_free(p);
}

/* doc repaired whole, and through the pipe from memory and from a file. */
static void check_doc(const char *doc, size_t len)
{
    struct xml_input in;
    struct sbuf whole = {0}, piece = {0};
    assert_int_equal(xml_input_read(doc, len, &in), 0);
    assert_int_equal(xml_repair(in.p, in.n, in.enc, &whole), 0);
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(fwrite(doc, 1, len, f), len);
    assert_int_equal(fflush(f), 0);
    struct xml_src mem = {.buf = doc, .len = len, .fd = -1};
    struct xml_src file = {.len = len, .fd = fileno(f)};
    const struct xml_src *srcs[] = {&mem, &file};
    for (size_t s = 0; s < 2; s++) {
        enum xenc enc;
        /* libxml2 asks for 4000 bytes at a time; any count must do. */
        through_pipe(srcs[s], s == 0 ? 4000 : len < 100000 ? 1 : 8192, &piece, &enc);
        assert_int_equal(enc, in.enc);
        assert_int_equal(piece.len, whole.len);
        assert_memory_equal(piece.p, whole.p, whole.len);
    }
    fclose(f);
    sbuf_free(&in.wide);
    sbuf_free(&whole);
    sbuf_free(&piece);
}

static void test_pieces(void **state)
{
    (void)state;
    const char *decls[] = {
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
        "<?xml version=\"1.0\" encoding=\"koi8-r\"?>",
        "\xEF\xBB\xBF<?xml version=\"1.0\"?>",
        "",
    };
    struct sbuf doc = {0}, wide = {0};
    for (unsigned seed = 1; seed <= 40; seed++) {
        /* Three pieces of 64 KiB and some, or a small one in one. */
        size_t n = seed % 8 ? 200000 + seed * 37 : 3000;
        make_doc(&doc, seed, n, decls[seed % 5], seed % 3 == 0);
        check_doc(doc.p, doc.len);
        if (seed % 4 == 0) {
            widen(&wide, &doc, seed % 8 == 0, seed % 3 != 0);
            check_doc(wide.p, wide.len);
        }
    }
    /* Nothing, only space, a BOM alone. */
    check_doc("", 0);
    check_doc(" \n \n", 4);
    check_doc("\xEF\xBB\xBF", 3);
    check_doc("\xFF\xFE<\0r\0/\0>", 9);
    sbuf_free(&doc);
    sbuf_free(&wide);
}

/* A file that cannot be read is an error said in one line. */
static void test_unreadable(void **state)
{
    (void)state;
    struct xml_src src = {.len = 100, .fd = -1};
    enum xenc enc;
    assert_null(xml_pipe_new(&src, &enc));
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    close(fds[1]);
    src.fd = fds[0]; /* a pipe: pread fails */
    assert_null(xml_pipe_new(&src, &enc));
    close(fds[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pieces),
        cmocka_unit_test(test_unreadable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
