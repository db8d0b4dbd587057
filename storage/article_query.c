/* Reading articles: keyset-paged lists (on PostgreSQL the unread filter steps
 * over read runs, a phrase looks among the newest ids first) and counts;
 * one article at a time is storage/article_one.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/err.h"
#include "core/str.h"
#include "storage/articles.h"
#include "storage/internal.h"

#define ROW_COLS                                                                                   \
    "a.id, a.feed_id, a.published, coalesce(fd.name, fd.title, fd.url), a.title, a.link,"          \
    " a.tickers, a.unread, a.starred, "

/* The search: FTS5's index on SQLite; on PostgreSQL the tsvector column
 * against the query in web search syntax (words, "a phrase", OR, -word). */
#define PG_QUERY "websearch_to_tsquery('simple', :query)"
#define PG_MATCH(x) x ".search @@ " PG_QUERY

/* PostgreSQL's GIN index keeps no word positions, so it answers a phrase
 * ('a' <-> 'b') with candidates that each row's search vector must confirm,
 * read and decompressed from the table: every candidate of the words, 7,383
 * for a phrase and a word at 1,000,000 articles, before the sort picks a
 * page. The same query with its phrases loosened to all their words
 * ('a' & 'b', never fewer rows) is answered by the index alone, so its
 * candidates are found, sorted by id and then confirmed one by one only
 * until the page is full (pg_phrase_walk). A query with a negation keeps
 * its phrases (a negated phrase loosened would match fewer rows). */
#define PG_LOOSE                                                                                   \
    "(CASE WHEN strpos(" PG_QUERY "::text, '!') > 0 THEN " PG_QUERY                                \
    " ELSE regexp_replace(" PG_QUERY "::text, '<(-|[0-9]+)>', '&', 'g')::tsquery END)"

/* Whether a search may hold a phrase: a quote, or a word with punctuation
 * inside ("price-target" is the phrase of its parts). Only the plan
 * depends on it: a query that has none is answered the same either way. */
/* The ids a phrase walk's first statement looks among (phrase_window). */
#define PG_PHRASE_SPAN 20000

static int pg_phrase_walk(const char *query)
{
    for (const char *p = query; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"') return 1;
        if (c >= 0x80 || c == ' ' || c == '\t' || (c >= '0' && c <= '9') ||
            ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
            continue;
        /* A '-' that starts a word negates it. */
        if (c == '-' && (p == query || p[-1] == ' ' || p[-1] == '\t')) continue;
        return 1;
    }
    return 0;
}

/* The filters' predicates on the article aliased x, each " AND ...". For
 * the list's row (copy 0) the FROM clause of build_page_sql has applied the
 * search and the ticker already; for another copy of its story (copy 1)
 * they are lookups too. sent is the sentiment filtered on. */
static void add_filters(struct sbuf *q, const struct article_filter *f, const char *x, int copy,
                        const char *sent, int pg)
{
    if (f->query && copy && pg)
        sbuf_printf(q, " AND %s.search @@ websearch_to_tsquery('simple', :query)", x);
    else if (f->query && copy)
        sbuf_printf(q,
                    " AND EXISTS (SELECT 1 FROM articles_fts fc WHERE fc.articles_fts"
                    " MATCH :query AND fc.rowid = %s.id)",
                    x);
    if (f->ticker && (f->query || copy))
        sbuf_printf(q,
                    " AND EXISTS (SELECT 1 FROM mentions m2 WHERE m2.article_id = %s.id"
                    " AND m2.symbol = :ticker%s)",
                    x, copy ? " AND m2.count > 0" : "");
    if (f->feed_id) sbuf_printf(q, " AND %s.feed_id = :feed", x);
    if (f->since) sbuf_printf(q, " AND %s.published >= :since", x);
    if (f->until) sbuf_printf(q, " AND %s.published < :until", x);
    if (f->has_range) sbuf_printf(q, " AND %s BETWEEN :smin AND :smax", sent);
    /* PostgreSQL keeps the flags as integers, which are no truth values,
     * and as the user's marks (schema_pg.c, m4): the starred articles are
     * found from the user's starred marks (an index of them), not by
     * looking up a mark for every article, which walked them all. */
    if (f->unread_only) sbuf_printf(q, pg ? " AND %s.unread <> 0" : " AND %s.unread", x);
    if (f->starred_only)
        sbuf_printf(q,
                    pg ? " AND %s.id IN (SELECT sm.article_id FROM article_marks sm"
                         " WHERE sm.usr = bullpen_user() AND sm.starred <> 0)"
                       : " AND %s.starred",
                    x);
    if (f->watchlist)
        sbuf_printf(q,
                    " AND EXISTS (SELECT 1 FROM mentions mw JOIN watchlist w ON w.symbol ="
                    " mw.symbol WHERE mw.article_id = %s.id AND mw.count > 0)",
                    x);
    if (f->tag)
        sbuf_printf(q,
                    " AND (EXISTS (SELECT 1 FROM mentions mt JOIN watch_tags t ON t.symbol ="
                    " mt.symbol WHERE mt.article_id = %s.id AND mt.count > 0 AND t.tag = :tag)"
                    " OR %s.feed_id IN (SELECT feed_id FROM feed_tags WHERE tag = :tag))",
                    x, x);
}

/* Grouped, a row is kept only when no copy of its story that the filters
 * let through comes before it in list order: one index range of the
 * story's copies per row (articles_story holds only articles with copies).
 * Walked (store_articles_page, see walk_grouped), the copies before the row
 * on the page are the walk's own rows, and only those up to the cursor's
 * row, on the pages before, are looked up here. */
static void add_group(struct sbuf *q, const struct article_filter *f, int walked, int pg)
{
    const char *before =
        !walked    ? (f->query ? "b.id > a.id" : "(b.published, b.id) > (a.published, a.id)")
        : f->query ? "b.id >= :cid"
                   : "(b.published, b.id) >= (:cpub, :cid)";
    sbuf_printf(q,
                " AND (a.story IS NULL OR NOT EXISTS (SELECT 1 FROM articles b"
                " WHERE b.story = a.story AND %s",
                before);
    add_filters(q, f, "b", 1,
                f->ticker ? "(SELECT m4.sentiment FROM mentions m4 WHERE m4.article_id = b.id"
                            " AND m4.symbol = :ticker)"
                          : "b.sentiment",
                pg);
    sbuf_adds(q, "))");
}

/* build_page_sql's count_only: 1 selects a constant for count(*) around
 * it, COUNT_STORIES each row's story (NULL for a story of one), WALK_STORIES
 * the row with its story after it, for walk_grouped. */
enum { COUNT_STORIES = 2, WALK_STORIES = 3 };

/* Builds the query for one combination of filters. Only the active
 * predicates appear, so each shape gets the plan that suits it: a ticker walks
 * mentions(symbol, published), a search walks the FTS index by rowid, all
 * else walks articles(published, id). Parameters are bound by name.
 *
 * Best match (by_relevance) ranks only the newest STORE_RANK_WINDOW matches:
 * the inner query is the newest-first search, stopped there, with FTS5's
 * rank (bm25, lower is better) beside each row; the outer one orders those
 * by (rank, id descending) and pages on that pair. A common word costs a
 * window's worth of ranking, not one per match in the store. PostgreSQL
 * ranks the same window with ts_rank, negated so that lower is better
 * there too, and walks the newest matches by id.
 *
 * window (PostgreSQL's phrase walk only, forward), when not 0: only the
 * candidates among the :span ids below the cursor, or the newest id
 * (phrase_window says why). */
static int build_page_sql(struct sbuf *q, const struct article_filter *f, int have_cursor,
                          int backward, int count_only, int pg, int stop, int window)
{
    int best = f->query && f->by_relevance;
    const char *cmp = backward ? ">" : "<", *ncmp = backward ? "<" : ">";
    const char *dir = backward ? "ASC" : "DESC";
    /* Under a ticker filter the sentiment shown and filtered on is that
     * ticker's in the article, not the article's overall. */
    const char *sent = !f->ticker ? "a.sentiment"
                       : !f->query
                           ? "m.sentiment"
                           : "(SELECT m3.sentiment FROM mentions m3 WHERE m3.article_id = a.id"
                             " AND m3.symbol = :ticker)";
    /* The other feeds that carry the story: counted for the rows read only,
     * so in best-match order outside the window's query. */
    const char *copies = "CASE WHEN %s IS NULL THEN 0 ELSE (SELECT count(DISTINCT c.feed_id)"
                         " FROM articles c WHERE c.story = %s AND c.feed_id <> %s) END";
    /* Best match: the window's query reads only what ranks and groups its
     * rows (rank, id, story, feed); the page's rows are read whole after
     * the sort, not the window's thousand carried through two sorts. */
    if (best) {
        sbuf_adds(q, "SELECT " ROW_COLS);
        sbuf_adds(q, sent);
        sbuf_adds(q, ", g.rk, g.qid, g.qstory, g.qfeed, ");
        sbuf_printf(q, copies, "g.qstory", "g.qstory", "g.qfeed");
        sbuf_adds(q, " FROM (SELECT * FROM (");
    }
    /* Grouped, the window's newest copy of each story stands for it. In
     * SQLite an aggregate's bare columns come from the row max() picked,
     * so one GROUP BY does it; a window function there would clear an
     * ephemeral table for each story, most of them of one row. */
    if (best && f->group)
        sbuf_adds(q, pg ? "SELECT *, row_number() OVER (PARTITION BY coalesce(qstory, -qid)"
                          " ORDER BY qid DESC) AS rn FROM ("
                        : "SELECT rk, max(qid) AS qid, qstory, qfeed FROM (");
    int walked = count_only == WALK_STORIES;
    if (walked) count_only = 0;
    if (count_only) {
        sbuf_adds(q, count_only == COUNT_STORIES ? "SELECT a.story" : "SELECT 1");
    } else if (best) {
        sbuf_adds(q, pg ? "SELECT (-ts_rank(a.search, websearch_to_tsquery('simple', :query)))"
                          "::float8 AS rk"
                        : "SELECT best_match(articles_fts) AS rk");
        sbuf_adds(q, ", a.id AS qid, a.story AS qstory, a.feed_id AS qfeed");
    } else {
        sbuf_adds(q, "SELECT " ROW_COLS);
        sbuf_adds(q, sent);
        sbuf_adds(q, ", ");
        sbuf_printf(q, copies, "a.story", "a.story", "a.feed_id");
        if (walked) sbuf_adds(q, ", a.story");
    }
    /* The feed's name is read for the rows shown: not in best match's
     * window. */
    const char *feed = best ? "" : " LEFT JOIN feeds fd ON fd.id = a.feed_id";
    if (f->query && pg && pg_phrase_walk(f->query)) {
        sbuf_adds(q, " FROM (SELECT id FROM articles WHERE search @@ " PG_LOOSE);
        if (have_cursor && !best) sbuf_printf(q, " AND id %s :cid", cmp);
        /* The window's range is given both its ends, so that the planner,
         * not knowing the newest id, still takes it for a narrow one and
         * reads only its candidates' rows (a BitmapAnd of the id and the
         * words' indexes). */
        if (window && have_cursor)
            sbuf_adds(q, " AND id >= :cid - :span");
        else if (window)
            sbuf_adds(q, " AND id > (SELECT max(id) FROM article_rows) - :span"
                         " AND id <= (SELECT max(id) FROM article_rows)");
        /* OFFSET 0 keeps the phrase's test above the sort, and reading the
         * row's search vector in a subquery keeps the planner from
         * testing it on every candidate in a scan of its own. */
        sbuf_printf(q,
                    " ORDER BY id %s OFFSET 0) AS k JOIN articles a ON a.id = k.id%s"
                    " WHERE (SELECT p.search FROM articles p WHERE p.id = k.id) @@ " PG_QUERY,
                    best ? "DESC" : dir, feed);
    } else if (f->query && pg) {
        sbuf_printf(q, " FROM articles a%s WHERE " PG_MATCH("a"), feed);
        if (have_cursor && !best) sbuf_printf(q, " AND a.id %s :cid", cmp);
    } else if (f->query) {
        sbuf_printf(q,
                    " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid%s"
                    " WHERE articles_fts MATCH :query",
                    feed);
        if (have_cursor && !best) sbuf_printf(q, " AND articles_fts.rowid %s :cid", cmp);
    } else if (f->ticker) {
        sbuf_adds(q, " FROM mentions m JOIN articles a ON a.id = m.article_id"
                     " LEFT JOIN feeds fd ON fd.id = a.feed_id WHERE m.symbol = :ticker");
        if (have_cursor) sbuf_printf(q, " AND (m.published, m.article_id) %s (:cpub, :cid)", cmp);
        if (stop) sbuf_printf(q, " AND (m.published, m.article_id) %s (:spub, :sid)", ncmp);
    } else {
        sbuf_adds(q, " FROM articles a LEFT JOIN feeds fd ON fd.id = a.feed_id WHERE 1 = 1");
        if (have_cursor) sbuf_printf(q, " AND (a.published, a.id) %s (:cpub, :cid)", cmp);
        if (stop) sbuf_printf(q, " AND (a.published, a.id) %s (:spub, :sid)", ncmp);
    }
    add_filters(q, f, "a", 0, sent, pg);
    if (f->group && !best && (!walked || have_cursor)) add_group(q, f, walked, pg);
    if (best) {
        sbuf_adds(q, pg ? " ORDER BY a.id DESC LIMIT :window)"
                        : " ORDER BY articles_fts.rowid DESC LIMIT :window)");
        sbuf_adds(q, !f->group ? " AS g0 WHERE 1 = 1"
                     : pg      ? " AS w) AS g0 WHERE rn = 1"
                               : " AS w GROUP BY coalesce(qstory, -qid)) AS g0 WHERE 1 = 1");
        if (have_cursor)
            sbuf_printf(q, " AND (rk %s :crank OR (rk = :crank AND qid %s :cid))",
                        backward ? "<" : ">", cmp);
        /* The page is picked from the window before its rows are read. */
        sbuf_printf(q, " ORDER BY rk %s, qid %s LIMIT :limit) AS g", backward ? "DESC" : "ASC",
                    dir);
        sbuf_adds(q, " JOIN articles a ON a.id = g.qid LEFT JOIN feeds fd ON fd.id = a.feed_id");
        sbuf_printf(q, " ORDER BY rk %s, qid %s", backward ? "DESC" : "ASC", dir);
    } else if (f->query)
        sbuf_printf(q, pg ? " ORDER BY a.id %s" : " ORDER BY articles_fts.rowid %s", dir);
    else if (f->ticker)
        sbuf_printf(q, " AND m.count > 0 ORDER BY m.published %s, m.article_id %s", dir, dir);
    else
        sbuf_printf(q, " ORDER BY a.published %s, a.id %s", dir, dir);
    return sbuf_adds(q, " LIMIT :limit");
}

/* Whether word w (its n bytes, any case) stands right after a '-' in
 * query q, as in "turbine -grid". */
static int minus_before(const char *q, const char *w, size_t n)
{
    for (const char *p = q; *p; p++)
        if (*p == '-' && !strncasecmp(p + 1, w, n)) return 1;
    return 0;
}

/* A search SQLite refused: its message, with what to write instead where
 * FTS5's own says little. "no such column: grid" comes both from
 * "turbine -grid" (FTS5 reads "-" before a word as a column filter) and
 * from "titel:turbine"; the query tells which. Kept short enough that the
 * remedy shows on an 80-column status line. -1 with err set. */
static int bad_query(struct store *s, const char *query)
{
    const char *m = db_errmsg(s->db);
    static const char col[] = "no such column: ";
    if (!strncmp(m, col, sizeof col - 1)) {
        const char *w = m + sizeof col - 1;
        if (query && minus_before(query, w, strlen(w)))
            return err_set(
                "bad query: to leave '%s' out, write NOT %s (-%s reads as a column name)", w, w, w);
        return err_set("bad query: no column '%s' to search in (title:, summary:, content:)", w);
    }
    return err_set("bad query: %s", m);
}

static void bind_named_text(struct db_stmt *st, const char *name, const char *v)
{
    int i = db_bind_parameter_index(st, name);
    if (i) db_bind_text(st, i, v);
}

static void bind_named_int(struct db_stmt *st, const char *name, int64_t v)
{
    int i = db_bind_parameter_index(st, name);
    if (i) db_bind_int64(st, i, v);
}

static void bind_named_double(struct db_stmt *st, const char *name, double v)
{
    int i = db_bind_parameter_index(st, name);
    if (i) db_bind_double(st, i, v);
}

static void bind_filter(struct db_stmt *st, const struct article_filter *f,
                        const struct article_cursor *cursor, size_t limit)
{
    if (f->query) bind_named_text(st, ":query", f->query);
    if (f->ticker) bind_named_text(st, ":ticker", f->ticker);
    if (f->tag) bind_named_text(st, ":tag", f->tag);
    if (cursor) {
        bind_named_int(st, ":cpub", cursor->published);
        bind_named_int(st, ":cid", cursor->id);
        bind_named_double(st, ":crank", cursor->rank);
    }
    bind_named_int(st, ":window", STORE_RANK_WINDOW);
    bind_named_int(st, ":feed", f->feed_id);
    bind_named_int(st, ":since", f->since);
    bind_named_int(st, ":until", f->until);
    bind_named_double(st, ":smin", f->smin);
    bind_named_double(st, ":smax", f->smax);
    bind_named_int(st, ":limit", (int64_t)limit);
}

/* extra: the columns after the count of other feeds (walk_grouped's
 * story). */
static void read_row(struct db_stmt *st, struct article_row *r, int extra)
{
    r->id = db_column_int64(st, 0);
    r->feed_id = db_column_int64(st, 1);
    r->published = db_column_int64(st, 2);
    r->feed_name = store_col_dup(st, 3);
    r->title = store_col_dup(st, 4);
    r->link = store_col_dup(st, 5);
    r->tickers = store_col_dup(st, 6);
    r->unread = db_column_int(st, 7);
    r->starred = db_column_int(st, 8);
    r->has_sentiment = db_column_type(st, 9) != DB_NULL;
    r->sentiment = db_column_double(st, 9);
    /* The count of other feeds comes last; best match reads FTS5's rank
     * after the row's own columns (rank, id, story, feed). */
    int last = db_column_count(st) - 1 - extra;
    r->copies = db_column_int(st, last);
    r->rank = last > 10 ? db_column_double(st, 10) : 0;
}

/* A set of story ids (open addressing, 0 free) sized for at most cap of
 * them: the stories a grouped walk has kept a row of. */
struct story_set {
    int64_t *ids;
    size_t slots;
};

static int story_set_init(struct story_set *set, size_t cap)
{
    set->slots = 64;
    while (set->slots < cap * 2 + 2)
        set->slots *= 2;
    set->ids = calloc(set->slots, sizeof *set->ids);
    return set->ids ? 0 : err_set("out of memory");
}

/* 1 when story was not in the set (and is now), 0 when it was. */
static int story_set_add(struct story_set *set, int64_t story)
{
    size_t i = (size_t)((uint64_t)story * 0x9E3779B97F4A7C15u >> 20) & (set->slots - 1);
    while (set->ids[i] && set->ids[i] != story)
        i = (i + 1) & (set->slots - 1);
    if (set->ids[i]) return 0;
    set->ids[i] = story;
    return 1;
}

/* Whether a page of f is read by walking the ungrouped rows in list order
 * and keeping each story's first row, as the grouped count does
 * (count_groups_upto): a copy before a row on its page is a row the walk
 * has already passed, so only the copies up to the cursor's row, on the
 * pages before, are looked up (add_group), and the first page looks up
 * none. Looking up every row's copies cost a full-text match per copy, set
 * up afresh each time over every segment of the index: 134 ms p95 for a
 * phrase with a ticker at 10,000,000 articles. Not backward (the copies
 * before a row come after it in that walk), not for best match (ranked
 * within its window), not on PostgreSQL (a statement's rows all come back
 * at once, so walking on would fetch every match). */
static int walk_grouped(struct store *s, const struct article_filter *f, int backward)
{
    return f->group && !backward && !(f->query && f->by_relevance) && !store_is_pg(s);
}

/* One statement of a page: its rows appended to out from *k, up to limit.
 * stop, when given, is where the statement ends (its key excluded): the
 * next read run of an unread walk. span, when not 0, makes it
 * build_page_sql's window over that many ids. */
static int page_rows(struct store *s, const struct article_filter *f,
                     const struct article_cursor *cursor, const struct article_cursor *stop,
                     int backward, int64_t span, size_t limit, struct article_row *out, size_t *k)
{
    int walk = walk_grouped(s, f, backward);
    struct sbuf q = {0};
    if (build_page_sql(&q, f, cursor != NULL, backward, walk ? WALK_STORIES : 0, store_is_pg(s),
                       stop != NULL, span != 0)) {
        sbuf_free(&q);
        return err_set("out of memory");
    }
    struct db_stmt *st = store_prep_text(s, q.p);
    sbuf_free(&q);
    if (!st) return -1;
    /* Walking, the rows skipped as copies do not count against the page. */
    bind_filter(st, f, cursor, walk ? (size_t)INT64_MAX / 2 : limit - *k);
    bind_named_int(st, ":span", span);
    if (stop) {
        bind_named_int(st, ":spub", stop->published);
        bind_named_int(st, ":sid", stop->id);
    }
    struct story_set seen = {0};
    if (walk && story_set_init(&seen, limit)) {
        db_reset(st);
        return -1;
    }
    int rc = DB_DONE;
    while (*k < limit && (rc = db_step(st)) == DB_ROW) {
        int story = db_column_count(st) - 1;
        if (walk && db_column_type(st, story) != DB_NULL &&
            !story_set_add(&seen, db_column_int64(st, story)))
            continue;
        read_row(st, &out[(*k)++], walk);
    }
    free(seen.ids);
    if (*k < limit && rc != DB_DONE) {
        /* FTS5 reports a malformed query here, e.g. "fts5: syntax error
         * near ...". */
        if (f->query)
            bad_query(s, f->query);
        else
            store_fail(s, "reading articles");
        db_reset(st);
        return -1;
    }
    db_reset(st);
    return 0;
}

/* PostgreSQL's phrase walk (pg_phrase_walk) finds every candidate of the
 * words in their index and reads each one's row for its id before the
 * sort: 7,036 table pages for '"price target" NVDA' at 1,000,000 articles,
 * most of them from disk when the store is larger than the server's
 * buffers (a p95 of 191 ms). A forward page therefore first looks among
 * the PG_PHRASE_SPAN ids below its cursor (or the newest id), reading only
 * those candidates' rows (149 pages there). When they do not fill it but
 * held some rows, a second window below its last row is sized from what
 * the first yielded, twice the ids the rest of the page should take at
 * that rate (a page of 200 there: 2 index scans and 408 pages, where
 * the whole walk read 7,036); when that does not fill it either, or the
 * first held none, the whole walk goes on below the last row (or the
 * cursor). Articles that arrive in between change nothing, and the rows a
 * later statement reads again are a window's, which the phrase turned
 * down. */
static int phrase_window(struct store *s, const struct article_filter *f, int backward)
{
    return store_is_pg(s) && f->query && !f->by_relevance && !backward && pg_phrase_walk(f->query);
}

static int window_rows(struct store *s, const struct article_filter *f,
                       const struct article_cursor *cursor, size_t limit, struct article_row *out,
                       size_t *k)
{
    struct article_cursor last = cursor ? *cursor : (struct article_cursor){0, 0, 0};
    int64_t span = PG_PHRASE_SPAN;
    for (int pass = 0; pass < 2 && span; pass++) {
        size_t had = *k;
        if (page_rows(s, f, *k || cursor ? &last : NULL, NULL, 0, span, limit, out, k)) return -1;
        if (*k == limit) return 0;
        if (*k > had) last = store_article_cursor_of(f, &out[*k - 1]);
        /* Found none: no rate to go by. */
        span = *k > had ? 2 * span * (int64_t)(limit - *k) / (int64_t)(*k - had) + 1 : 0;
    }
    return page_rows(s, f, *k || cursor ? &last : NULL, NULL, 0, 0, limit, out, k);
}

/* PostgreSQL's read runs (schema_pg.c, m6): the user's next run from pos
 * in the walk's direction, the one that holds pos or the first past it.
 * 1 found, 0 none, -1 error. */
static const char SQL_RUN_BELOW[] =
    "SELECT lo_pub, lo_id, hi_pub, hi_id FROM read_runs WHERE usr = bullpen_user()"
    " AND (lo_pub, lo_id) < (?1, ?2) ORDER BY lo_pub DESC, lo_id DESC LIMIT 1";
static const char SQL_RUN_ABOVE[] =
    "SELECT lo_pub, lo_id, hi_pub, hi_id FROM read_runs WHERE usr = bullpen_user()"
    " AND (hi_pub, hi_id) > (?1, ?2) ORDER BY hi_pub, hi_id LIMIT 1";

static int next_run(struct store *s, int backward, const struct article_cursor *pos,
                    struct article_cursor *lo, struct article_cursor *hi)
{
    struct db_stmt *st = store_prep(s, backward ? SQL_RUN_ABOVE : SQL_RUN_BELOW);
    if (!st) return -1;
    db_bind_int64(st, 1, pos->published);
    db_bind_int64(st, 2, pos->id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *lo = (struct article_cursor){db_column_int64(st, 0), db_column_int64(st, 1), 0};
        *hi = (struct article_cursor){db_column_int64(st, 2), db_column_int64(st, 3), 0};
    }
    db_reset(st);
    if (rc != DB_ROW && rc != DB_DONE) return store_fail(s, "reading read runs");
    return rc == DB_ROW;
}

static int key_cmp(const struct article_cursor *a, const struct article_cursor *b)
{
    if (a->published != b->published) return a->published < b->published ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

/* The unread filter on PostgreSQL, in list order: the rows between the
 * user's read runs, each stretch one statement that ends at the next run,
 * which is then stepped over whole. A page costs its rows and the runs it
 * crosses, not the articles read (each row's own mark is still tested, for
 * a read article outside every run). */
static int unread_walk(struct store *s, const struct article_filter *f,
                       const struct article_cursor *cursor, int backward, size_t limit,
                       struct article_row *out, size_t *k)
{
    struct article_cursor pos = cursor ? *cursor : (struct article_cursor){INT64_MAX, INT64_MAX, 0};
    int have = cursor != NULL;
    while (*k < limit) {
        struct article_cursor lo, hi;
        int r = next_run(s, backward, &pos, &lo, &hi);
        if (r < 0) return -1;
        const struct article_cursor *near = backward ? &lo : &hi, *far = backward ? &hi : &lo;
        int inside = r && (backward ? key_cmp(&lo, &pos) <= 0 : key_cmp(&hi, &pos) >= 0);
        if (!inside) {
            if (page_rows(s, f, have ? &pos : NULL, r ? near : NULL, backward, 0, limit, out, k))
                return -1;
            if (!r) break;
        }
        pos = *far;
        have = 1;
    }
    return 0;
}

int store_articles_page(struct store *s, const struct article_filter *f,
                        const struct article_cursor *cursor, int backward, size_t limit,
                        struct article_row **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    int have_cursor = cursor && (cursor->id || cursor->published);
    if (!have_cursor && backward) return 0;
    struct article_row *out = limit ? calloc(limit, sizeof *out) : NULL;
    if (limit && !out) return err_set("out of memory");
    size_t k = 0;
    const struct article_cursor *from = have_cursor ? cursor : NULL;
    int rc = store_is_pg(s) && f->unread_only && !f->query
                 ? unread_walk(s, f, from, backward, limit, out, &k)
             : phrase_window(s, f, backward)
                 ? window_rows(s, f, from, limit, out, &k)
                 : page_rows(s, f, from, NULL, backward, 0, limit, out, &k);
    if (rc) {
        store_article_rows_free(out, k);
        return -1;
    }
    if (backward) {
        for (size_t i = 0; i < k / 2; i++) {
            struct article_row t = out[i];
            out[i] = out[k - 1 - i];
            out[k - 1 - i] = t;
        }
    }
    *rows = out;
    *n = k;
    return 0;
}

struct article_cursor store_article_cursor_of(const struct article_filter *f,
                                              const struct article_row *r)
{
    struct article_cursor c = {r->published, r->id, r->rank};
    if (f->query) c.published = 0;
    if (!f->query || !f->by_relevance) c.rank = 0;
    return c;
}

void store_article_rows_free(struct article_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rows[i].feed_name);
        free(rows[i].title);
        free(rows[i].link);
        free(rows[i].tickers);
    }
    free(rows);
}

/* Kept per feed by triggers: O(feeds), where count(*) would walk an index. */
static const char SQL_COUNT[] = "SELECT coalesce(sum(article_count), 0) FROM feeds";

int64_t store_articles_count(struct store *s)
{
    struct db_stmt *st = store_prep(s, SQL_COUNT);
    if (!st) return -1;
    int64_t n = db_step(st) == DB_ROW ? db_column_int64(st, 0) : -1;
    db_reset(st);
    return n;
}

/* A count's statement failed: a bad search is the user's query, anything
 * else the store's. Returns -1 with err set. */
static int64_t count_failed(struct store *s, const struct article_filter *f)
{
    if (f->query) return bad_query(s, f->query);
    return store_fail(s, "counting articles");
}

/* Grouped, the count walks the ungrouped matches in list order and keeps
 * a row when its story has not been seen yet: the first copy of a story
 * in that order is the one add_group keeps, and no row costs a lookup of
 * its story's other copies (a correlated full-text match per row, which
 * grew with the store: 1.5 s for a common word at 10,000,000 articles).
 * The set holds at most cap stories, so its size is bounded by cap. */
static int64_t count_groups_upto(struct store *s, const struct article_filter *f, int64_t cap)
{
    struct article_filter flat = *f;
    flat.group = 0;
    struct sbuf q = {0};
    if (build_page_sql(&q, &flat, 0, 0, COUNT_STORIES, store_is_pg(s), 0, 0)) {
        sbuf_free(&q);
        return err_set("out of memory");
    }
    struct db_stmt *st = store_prep_text(s, q.p);
    sbuf_free(&q);
    if (!st) return -1;
    struct story_set seen;
    if (story_set_init(&seen, (size_t)cap)) {
        db_reset(st);
        return -1;
    }
    bind_filter(st, &flat, NULL, (size_t)INT64_MAX / 2);
    int64_t n = 0;
    int rc = DB_DONE;
    while (n < cap && (rc = db_step(st)) == DB_ROW)
        if (db_column_type(st, 0) == DB_NULL || story_set_add(&seen, db_column_int64(st, 0))) n++;
    free(seen.ids);
    if (n < cap && rc != DB_DONE) n = count_failed(s, f);
    db_reset(st);
    return n;
}

/* The list's own query under a count: the same plan, stopped at cap rows, so
 * it costs what reading cap rows of the list costs, whatever the store's
 * size. */
int64_t store_articles_count_upto(struct store *s, const struct article_filter *f, int64_t cap)
{
    /* The same matches in either order: counted newest first, where a
     * count is not bounded by the ranking window. */
    struct article_filter newest = *f;
    newest.by_relevance = 0;
    f = &newest;
    /* On PostgreSQL a statement's rows all come back at once, so walking
     * the matches would fetch every one of them; the story check there is
     * an index probe and a test of that row's own search vector. */
    if (f->group && !store_is_pg(s)) return count_groups_upto(s, f, cap);
    struct sbuf q = {0};
    sbuf_adds(&q, "SELECT count(*) FROM (");
    if (build_page_sql(&q, f, 0, 0, 1, store_is_pg(s), 0, 0) || sbuf_adds(&q, ") AS page")) {
        sbuf_free(&q);
        return err_set("out of memory");
    }
    struct db_stmt *st = store_prep_text(s, q.p);
    sbuf_free(&q);
    if (!st) return -1;
    bind_filter(st, f, NULL, cap > 0 ? (size_t)cap : 0);
    int64_t n = db_step(st) == DB_ROW ? db_column_int64(st, 0) : count_failed(s, f);
    db_reset(st);
    return n;
}

/* Unread articles are the entries of the partial index articles_unread
 * (feed_id, unread) WHERE unread (unread in it makes it covering): the
 * count walks that index alone, at most cap
 * entries, so its cost is bounded by cap whatever the store's size. */
static const char SQL_UNREAD_ALL[] =
    "SELECT count(*) FROM (SELECT 1 FROM articles WHERE unread LIMIT ?)";
static const char SQL_UNREAD_FEED[] =
    "SELECT count(*) FROM (SELECT 1 FROM articles WHERE unread AND feed_id = ? LIMIT ?)";
/* PostgreSQL: the articles less those the user has read (read_counts,
 * kept by a trigger on the marks), O(feeds). */
static const char SQL_UNREAD_ALL_PG[] =
    "SELECT least(?1, greatest(0, (SELECT coalesce(sum(article_count), 0) FROM feeds)"
    " - (SELECT coalesce(sum(n), 0) FROM read_counts WHERE usr = bullpen_user())))::bigint";
static const char SQL_UNREAD_FEED_PG[] =
    "SELECT least(?2, greatest(0, (SELECT article_count FROM feeds WHERE id = ?1)"
    " - coalesce((SELECT n FROM read_counts WHERE usr = bullpen_user() AND feed_id = ?1), 0)))";

int64_t store_articles_unread(struct store *s, int64_t feed_id, int64_t cap)
{
    struct db_stmt *st =
        store_prep(s, feed_id ? STORE_SQL(s, SQL_UNREAD_FEED) : STORE_SQL(s, SQL_UNREAD_ALL));
    if (!st) return -1;
    int k = 1;
    if (feed_id) db_bind_int64(st, k++, feed_id);
    db_bind_int64(st, k, cap);
    int64_t n = db_step(st) == DB_ROW ? db_column_int64(st, 0) : -1;
    if (n < 0) store_fail(s, "counting unread articles");
    db_reset(st);
    return n;
}
