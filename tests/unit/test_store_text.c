/* The store: what an article's text and claims become on disk (packed text,
 * claim sets, the full-text index over them) and their migrations. Runs
 * against real SQLite files in a temp dir. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/analyze.h"
#include "core/article.h"
#include "core/err.h"
#include "core/str.h"
#include "core/textpack.h"
#include "storage/articles.h"
#include "storage/feeds.h"
#include "storage/internal.h"
#include "storage/store.h"
#include "storage/stories.h"
#include "storage/watch.h"

#include "store_fixture.h"
#include "store_undo.h"
#include "textpack_legacy.h"

/* A store of schema 6 (claims with a rowid and the kind as text) is
 * converted by m7 and m10 (the claims into a claim set on the article's
 * row): every claim kept, its kind read back by name, the
 * article's claims in order, and deleting the article still removes them. */
static void test_claims_migrated(void **state)
{
    struct store *s = *state;
    store_close(s);
    *state = NULL;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(tmp_path("s.db"), &db), SQLITE_OK);
    assert_int_equal(store_functions_register(db), SQLITE_OK);
    char *undo = sqlite3_mprintf(
        "%s%s%s%sCREATE INDEX articles_stale ON articles(analyzer_version);"
        "%s%sPRAGMA user_version = 6;",
        UNDO_GUID_KEY, UNDO_NARROW, undo_mention_rows(), UNDO_STORIES, old_fts(), OLD_CLAIMS);
    assert_int_equal(sqlite3_exec(db, undo, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(undo);
    assert_int_equal(
        sqlite3_exec(db,
                     "INSERT INTO feeds(id, url, added) VALUES (1, 'http://c/feed', 0);"
                     "INSERT INTO articles(id, feed_id, guid, published, fetched, content)"
                     " VALUES (7, 1, 'g', 10, 10, 'Sales rose 5%. It expects more. He said so.');"
                     "INSERT INTO claims(article_id, start, end, kind, sentiment, tickers) VALUES"
                     " (7, 15, 31, 'forecast', 0.25, 'ACME'), (7, 0, 14, 'figure', 0.5, NULL),"
                     " (7, 32, 43, 'attributed', -0.125, 'ACME BETA'),"
                     " (7, 32, 43, 'comparison', 0, NULL);"
                     "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    s = *state = store_open(tmp_path("s.db"), 0);
    assert_non_null(s);
    assert_int_equal(store_schema_version(), 18);
    struct claim_row *c;
    size_t n;
    assert_int_equal(store_article_claims(s, 7, &c, &n), 0);
    assert_int_equal(n, 4);
    assert_int_equal(c[0].start, 0);
    assert_int_equal(c[0].end, 14);
    assert_string_equal(c[0].kind, "figure");
    assert_true(c[0].sentiment == 0.5);
    assert_null(c[0].tickers);
    assert_string_equal(c[1].kind, "forecast");
    assert_string_equal(c[1].tickers, "ACME");
    assert_true(c[1].sentiment == 0.25);
    assert_int_equal(c[2].start, 32);
    assert_string_equal(c[2].kind, "attributed");
    assert_true(c[2].sentiment == -0.125);
    assert_string_equal(c[3].kind, "comparison");
    store_claims_free(c, n);
    assert_int_equal(store_feed_rm(s, 1), 1);
    assert_int_equal(store_article_claims(s, 7, &c, &n), 0);
    assert_int_equal(n, 0);
    store_claims_free(c, n);
}

static int fts_check(void)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(tmp_path("s.db"), &db), SQLITE_OK);
    assert_int_equal(store_functions_register(db), SQLITE_OK);
    /* rank 1: also compare the index with the text it was built from. */
    int rc = sqlite3_exec(
        db, "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)", NULL,
        NULL, NULL);
    sqlite3_close(db);
    return rc;
}

/* A summary repeated inside the content is indexed once; the index stays
 * consistent through inserts and deletes either way. */
static void test_fts_summary_inside_content(void **state)
{
    struct store *s = *state;
    int64_t f = add_feed(s, "http://a/feed");
    struct article a = {.feed_id = f, .published = 100, .fetched = 100};
    a.guid = xstrdup("x");
    a.title = xstrdup("Headline");
    a.summary = xstrdup("Orders rose sharply.");
    a.content = xstrdup("Orders rose sharply. Margins widened in the quarter.");
    struct analysis an = {0};
    assert_int_equal(store_begin(s), 0);
    assert_int_equal(store_article_insert(s, &a, &an), 1);
    article_clear(&a);
    a = (struct article){.feed_id = f, .published = 200, .fetched = 200};
    a.guid = xstrdup("y");
    a.title = xstrdup("Other");
    a.summary = xstrdup("A different lead about dividends.");
    a.content = xstrdup("The body says nothing of it.");
    assert_int_equal(store_article_insert(s, &a, &an), 1);
    article_clear(&a);
    assert_int_equal(store_commit(s), 0);
    assert_int_equal(fts_check(), SQLITE_OK);
    struct article_filter flt = {.query = "orders"};
    struct article_row *rows;
    size_t n;
    assert_int_equal(store_articles_page(s, &flt, NULL, 0, 10, &rows, &n), 0);
    assert_int_equal(n, 1);
    store_article_rows_free(rows, n);
    flt.query = "dividends";
    assert_int_equal(store_articles_page(s, &flt, NULL, 0, 10, &rows, &n), 0);
    assert_int_equal(n, 1);
    store_article_rows_free(rows, n);
    assert_int_equal(store_feed_rm(s, f), 1);
    assert_int_equal(fts_check(), SQLITE_OK);
    flt.query = "orders";
    assert_int_equal(store_articles_page(s, &flt, NULL, 0, 10, &rows, &n), 0);
    assert_int_equal(n, 0);
    store_article_rows_free(rows, n);
}

/* Runs one statement on a connection of its own and returns its first
 * column as text (malloc'd; NULL for none). */
static char *raw_text(const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(tmp_path("s.db"), &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    char *out = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        out = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

static void assert_raw(const char *sql, const char *want)
{
    char *got = raw_text(sql);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void assert_text(struct store *s, int64_t id, const char *summary, const char *content)
{
    struct article a;
    assert_int_equal(store_article_get(s, id, &a, NULL, NULL, NULL, NULL), 1);
    if (summary)
        assert_string_equal(a.summary, summary);
    else
        assert_null(a.summary);
    assert_string_equal(a.content, content);
    article_clear(&a);
}

static size_t search_count(struct store *s, const char *query)
{
    struct article_filter f = {.query = query};
    struct article_row *rows;
    size_t n;
    assert_int_equal(store_articles_page(s, &f, NULL, 0, 10, &rows, &n), 0);
    store_article_rows_free(rows, n);
    return n;
}

/* Text packed beside the parse (article_pack) is stored as the very bytes
 * the store would have packed itself, reads back whole and is indexed. */
static void test_text_prepacked(void **state)
{
    struct store *s = *state;
    int64_t f = add_feed(s, "http://p/feed");
    const char *lead = "Lenders gained after the central bank held rates and said inflation "
                       "was cooling faster than it had expected.";
    struct sbuf body = {0};
    for (int i = 0; i < 300; i++)
        sbuf_printf(&body, "Deposit costs eased in quarter %d as loan books grew. ", i % 4);
    struct textpack tp = {0};
    int64_t ids[2];
    for (int i = 0; i < 2; i++) {
        struct article a = {.feed_id = f, .published = 100, .fetched = 100};
        a.guid = xstrdup(i ? "plain" : "prepacked");
        a.summary = xstrdup(lead);
        a.content = xstrdup(body.p);
        if (!i) {
            assert_int_equal(article_pack(&a, &tp), 0);
            assert_non_null(a.summary_packed);
            assert_true(a.content_packed_len > 0 && a.content_packed_len < body.len / 3);
        }
        assert_int_equal(store_article_insert(s, &a, NULL), 1);
        ids[i] = a.id;
        article_clear(&a);
    }
    textpack_free(&tp);
    assert_raw("SELECT typeof(summary) || ' ' || typeof(content) FROM articles WHERE guid = "
               "'prepacked'",
               "blob blob");
    assert_raw("SELECT count(DISTINCT content) || ' ' || count(DISTINCT summary) FROM articles",
               "1 1");
    assert_text(s, ids[0], lead, body.p);
    assert_text(s, ids[1], lead, body.p);
    assert_int_equal(search_count(s, "\"deposit costs eased\""), 2);
    assert_int_equal(fts_check(), SQLITE_OK);
    sbuf_free(&body);
}

/* Summaries and bodies are stored packed and read back whole, through the
 * readers and the index; a store of schema 7 (plain text) is packed by m8
 * with its index intact; a damaged packed body is a clear error. */
static void test_text_packed(void **state)
{
    struct store *s = *state;
    int64_t f = add_feed(s, "http://p/feed");
    const char *lead = "Chipmakers rallied after the company raised its outlook for the year "
                       "on strong demand for accelerators.";
    struct sbuf body = {0};
    for (int i = 0; i < 4000; i++) /* 280 KB that packs far below a third */
        sbuf_printf(&body, "Paragraph %d says margins widened again. ", i % 7);
    struct article a = {.feed_id = f, .published = 100, .fetched = 100};
    a.guid = xstrdup("p1");
    a.title = xstrdup("Outlook raised");
    a.summary = xstrdup(lead);
    a.content = xstrdup(body.p);
    assert_int_equal(store_article_insert(s, &a, NULL), 1);
    int64_t packed = a.id;
    article_clear(&a);
    assert_raw("SELECT typeof(summary) || ' ' || typeof(content) FROM articles", "blob blob");
    char *len = raw_text("SELECT length(content) FROM articles");
    assert_true(atol(len) < (long)body.len / 3);
    free(len);
    assert_text(s, packed, lead, body.p);
    assert_int_equal(search_count(s, "accelerators"), 1);
    assert_int_equal(search_count(s, "\"margins widened\""), 1);
    assert_int_equal(fts_check(), SQLITE_OK);

    /* Back to schema 7: no stories, the text plain again, the old view and triggers,
     * and an article as bullpen wrote them then. */
    store_close(s);
    s = *state = NULL;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(tmp_path("s.db"), &db), SQLITE_OK);
    assert_int_equal(store_functions_register(db), SQLITE_OK);
    char *undo = sqlite3_mprintf(
        "%s%s%sUPDATE articles SET summary = bp_unpack(summary), content = bp_unpack(content);%s"
        "INSERT INTO articles(id, feed_id, guid, published, fetched, summary, content)"
        " VALUES (9, %lld, 'p2', 50, 50, 'Short lead.', 'Refiners slipped as crude fell for a "
        "third session, and analysts trimmed their forecasts.');"
        "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');"
        "CREATE INDEX articles_stale ON articles(analyzer_version);%s%s"
        "PRAGMA user_version = 7;",
        UNDO_GUID_KEY, undo_mention_rows(), UNDO_STORIES, old_fts(), (long long)f, OLD_CLAIMS,
        store_migrations[6]);
    assert_int_equal(sqlite3_exec(db, undo, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(undo);
    sqlite3_close(db);
    assert_raw("SELECT group_concat(typeof(content), ' ') FROM articles", "text text");
    s = *state = store_open(tmp_path("s.db"), 0);
    assert_non_null(s);
    assert_raw("SELECT group_concat(typeof(content), ' ') FROM articles", "blob blob");
    /* Too short to gain: kept as it is. */
    assert_raw("SELECT typeof(summary) FROM articles WHERE id = 9", "text");
    assert_text(s, packed, lead, body.p);
    assert_text(s, 9, "Short lead.",
                "Refiners slipped as crude fell for a third session, and analysts trimmed "
                "their forecasts.");
    assert_int_equal(fts_check(), SQLITE_OK);
    assert_int_equal(search_count(s, "refiners"), 1);
    assert_int_equal(search_count(s, "accelerators"), 1);

    /* Damaged bytes are an error naming what failed, not wrong text. */
    assert_int_equal(sqlite3_open(tmp_path("s.db"), &db), SQLITE_OK);
    assert_int_equal(store_story_functions(db), 0);
    undo = sqlite3_mprintf("INSERT INTO articles(id, feed_id, guid, guid_slot, published, fetched,"
                           " content) VALUES (10, %lld, 'bad', 0, 60, 60, x'789c0102')",
                           (long long)f);
    assert_int_equal(sqlite3_exec(db, undo, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(undo);
    sqlite3_close(db);
    assert_int_equal(store_article_get(s, 10, &a, NULL, NULL, NULL, NULL), -1);
    assert_non_null(strstr(err_msg(), "unpacking text"));

    /* Deleting reads the packed text back for the index. */
    char del[64];
    snprintf(del, sizeof del, "DELETE FROM articles WHERE id = %lld", (long long)packed);
    assert_int_equal(store_exec(s, del, "deleting"), 0);
    assert_int_equal(search_count(s, "refiners"), 1);
    assert_int_equal(search_count(s, "accelerators"), 0);
    sbuf_free(&body);
}

/* A store of schema 16 holds its text as zlib streams: it opens at 17 with
 * that text as it was, reads back, is found, and updating or deleting such
 * an article takes the old text out of the index; new text is zstd. */
static void test_zlib_text_of_schema_16(void **state)
{
    struct store *s = *state;
    int64_t f = add_feed(s, "http://z/feed");
    const char *lead = "Refiners slipped as crude fell for a third session, and analysts trimmed "
                       "their forecasts for the quarter.";
    const char *body = "Refiners slipped as crude fell for a third session, and analysts trimmed "
                       "their forecasts for the quarter. The company said margins narrowed.";
    struct article a = {.feed_id = f, .published = 100, .fetched = 100};
    a.guid = xstrdup("z1");
    a.title = xstrdup("Refiners slip");
    a.summary = xstrdup(lead);
    a.content = xstrdup(body);
    assert_int_equal(store_article_insert(s, &a, NULL), 1);
    int64_t id = a.id;
    article_clear(&a);
    store_close(s);
    s = *state = NULL;

    /* The text as the old bullpen wrote it, and the version it wrote. */
    unsigned char zs[512], zc[512];
    size_t ns = zlib_pack(lead, first_zlib(), zs, sizeof zs),
           nc = zlib_pack(body, first_zlib(), zc, sizeof zc);
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(tmp_path("s.db"), &db), SQLITE_OK);
    assert_int_equal(store_functions_register(db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "UPDATE articles SET summary = ?, content = ? WHERE id = ?",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_blob(st, 1, zs, (int)ns, SQLITE_STATIC);
    sqlite3_bind_blob(st, 2, zc, (int)nc, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, id);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    assert_int_equal(
        sqlite3_exec(db, UNDO_M17_TRIGGER "PRAGMA user_version = 16", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);

    s = *state = store_open(tmp_path("s.db"), 0);
    assert_non_null(s);
    assert_raw("PRAGMA user_version", "18");
    assert_raw("SELECT hex(substr(content, 1, 1)) FROM articles", "78");
    assert_text(s, id, lead, body);
    assert_int_equal(search_count(s, "refiners"), 1);
    assert_int_equal(fts_check(), SQLITE_OK);

    /* New text beside it is a zstd frame. */
    a = (struct article){.feed_id = f, .published = 200, .fetched = 200};
    a.guid = xstrdup("z2");
    a.title = xstrdup("Chips rally");
    a.content = xstrdup("Chipmakers rallied after the company raised its outlook for the year on "
                        "strong demand for accelerators, the chief executive said.");
    assert_int_equal(store_article_insert(s, &a, NULL), 1);
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT hex(substr(content, 1, 4)) FROM articles WHERE id = %lld",
             (long long)a.id);
    article_clear(&a);
    assert_raw(sql, "28B52FFD");

    /* Updating the old article reads its zlib text back for the index. */
    char upd[128];
    snprintf(
        upd, sizeof upd,
        "UPDATE articles SET content = bp_pack('Pipelines gained on the week.') WHERE id = %lld",
        (long long)id);
    assert_int_equal(store_exec(s, upd, "updating"), 0);
    assert_int_equal(fts_check(), SQLITE_OK);
    assert_int_equal(search_count(s, "pipelines"), 1);
    assert_int_equal(search_count(s, "margins"), 0);
    snprintf(upd, sizeof upd, "DELETE FROM articles WHERE id = %lld", (long long)id);
    assert_int_equal(store_exec(s, upd, "deleting"), 0);
    assert_int_equal(search_count(s, "refiners"), 0);
    assert_int_equal(search_count(s, "accelerators"), 1);
    assert_int_equal(fts_check(), SQLITE_OK);
}

/* An article's claims go in with it and come back in span order, a
 * repeated one once, the sentiment to four places; a new analysis replaces
 * them, and one with none leaves none. */
static void test_claims_round_trip(void **state)
{
    struct store *s = *state;
    int64_t f = add_feed(s, "http://c/feed");
    char two[2][16] = {"NVDA", "AMD"}, one[1][16] = {"NVDA"};
    struct claim cl[] = {
        {.span = {40, 52, 0, 0},
         .kind = CLAIM_FORECAST,
         .score = 1.0 / 3,
         .tickers = two,
         .n_tickers = 2},
        {.span = {3, 20, 0, 0},
         .kind = CLAIM_FIGURE,
         .score = -0.71828,
         .tickers = one,
         .n_tickers = 1},
        {.span = {40, 52, 0, 0},
         .kind = CLAIM_FORECAST,
         .score = 1.0 / 3,
         .tickers = two,
         .n_tickers = 2},
        {.span = {300, 310, 0, 0}, .kind = CLAIM_COMPARISON, .score = 0},
    };
    struct analysis an = {.score = 0.1, .claims = cl, .n_claims = 4};
    struct article a = {.feed_id = f, .published = 100, .fetched = 100};
    a.guid = xstrdup("c1");
    a.title = xstrdup("Claims");
    assert_int_equal(store_article_insert(s, &a, &an), 1);
    struct claim_row *c;
    size_t n;
    assert_int_equal(store_article_claims(s, a.id, &c, &n), 0);
    assert_int_equal(n, 3);
    assert_int_equal(c[0].start, 3);
    assert_int_equal(c[0].end, 20);
    assert_string_equal(c[0].kind, "figure");
    assert_float_equal(c[0].sentiment, -0.7183, 1e-9);
    assert_string_equal(c[0].tickers, "NVDA");
    assert_int_equal(c[1].start, 40);
    assert_string_equal(c[1].kind, "forecast");
    assert_float_equal(c[1].sentiment, 0.3333, 1e-9);
    assert_string_equal(c[1].tickers, "NVDA AMD");
    assert_int_equal(c[2].end, 310);
    assert_string_equal(c[2].kind, "comparison");
    assert_null(c[2].tickers);
    store_claims_free(c, n);
    an.claims = &cl[3];
    an.n_claims = 1;
    assert_int_equal(store_article_set_analysis(s, a.id, &an, &a), 0);
    assert_int_equal(store_article_claims(s, a.id, &c, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(c[0].start, 300);
    store_claims_free(c, n);
    an.n_claims = 0;
    assert_int_equal(store_article_set_analysis(s, a.id, &an, &a), 0);
    assert_int_equal(store_article_claims(s, a.id, &c, &n), 0);
    assert_int_equal(n, 0);
    article_clear(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fts_summary_inside_content, setup, teardown),
        cmocka_unit_test_setup_teardown(test_claims_migrated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_packed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_prepacked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zlib_text_of_schema_16, setup, teardown),
        cmocka_unit_test_setup_teardown(test_claims_round_trip, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
