/* The schema, as numbered migrations. A migration is never edited once
 * released: change the schema by appending a new one. */
#include "storage/internal.h"

static const char m1[] =
    /* Feeds and their fetch state: conditional-GET validators, the last
     * outcome, and exponential backoff (fail_count, next_fetch). */
    "CREATE TABLE feeds ("
    " id INTEGER PRIMARY KEY,"
    " url TEXT NOT NULL UNIQUE,"
    " name TEXT,"
    " title TEXT,"
    " format TEXT,"
    " added INTEGER NOT NULL,"
    " etag TEXT,"
    " last_modified TEXT,"
    " last_fetch INTEGER,"
    " last_ok INTEGER,"
    " status TEXT,"
    " last_error TEXT,"
    " fail_count INTEGER NOT NULL DEFAULT 0,"
    " next_fetch INTEGER NOT NULL DEFAULT 0,"
    " article_count INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE feed_tags ("
    " feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
    " tag TEXT NOT NULL,"
    " PRIMARY KEY (feed_id, tag)) WITHOUT ROWID;"
    /* Articles: unique per feed and guid so a refetch never stores twice.
     * `tickers` is a short space-separated copy of the top symbols so the
     * list can draw a row without a join. */
    "CREATE TABLE articles ("
    " id INTEGER PRIMARY KEY,"
    " feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
    " guid TEXT NOT NULL,"
    " title TEXT,"
    " link TEXT,"
    " author TEXT,"
    " published INTEGER NOT NULL,"
    " fetched INTEGER NOT NULL,"
    " summary TEXT,"
    " content TEXT,"
    " unread INTEGER NOT NULL DEFAULT 1,"
    " starred INTEGER NOT NULL DEFAULT 0,"
    " analyzer_version INTEGER NOT NULL DEFAULT 0,"
    " sentiment REAL,"
    " tickers TEXT,"
    " provider_score REAL,"
    " provider_label TEXT,"
    " UNIQUE (feed_id, guid));"
    "CREATE INDEX articles_time ON articles(published DESC, id DESC);"
    "CREATE INDEX articles_feed_time ON articles(feed_id, published DESC, id DESC);"
    "CREATE INDEX articles_stale ON articles(analyzer_version);"
    /* The index reads its text through a view: a summary found inside the
     * content (most feeds send the lead as the description) is not indexed
     * twice. The statements that write the index use the same expression,
     * so FTS5's 'rebuild' and 'integrity-check' agree with them. */
    "CREATE VIEW articles_fts_text AS SELECT id, title,"
    " CASE WHEN instr(content, summary) > 0 THEN NULL ELSE summary END AS summary, content"
    " FROM articles;"
    "CREATE VIRTUAL TABLE articles_fts USING fts5("
    " title, summary, content, content='articles_fts_text', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2');"
    /* New rows are indexed by store_article_insert itself, not by a
     * trigger: inside a trigger every insert runs under a statement
     * savepoint, and FTS5 flushes its pending terms to a new segment at each
     * savepoint, which made indexing cost a segment per article. */
    /* FTS5 needs the values a row was indexed with to delete it: the same
     * expression as the view above. */
    "CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN"
    " INSERT INTO articles_fts(articles_fts, rowid, title, summary, content)"
    " VALUES ('delete', old.id, old.title,"
    "  CASE WHEN instr(old.content, old.summary) > 0 THEN NULL ELSE old.summary END,"
    "  old.content); END;"
    "CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, summary, content ON articles BEGIN"
    " INSERT INTO articles_fts(articles_fts, rowid, title, summary, content)"
    " VALUES ('delete', old.id, old.title,"
    "  CASE WHEN instr(old.content, old.summary) > 0 THEN NULL ELSE old.summary END,"
    "  old.content);"
    " INSERT INTO articles_fts(rowid, title, summary, content)"
    " VALUES (new.id, new.title,"
    "  CASE WHEN instr(new.content, new.summary) > 0 THEN NULL ELSE new.summary END,"
    "  new.content); END;"
    "CREATE TRIGGER articles_count_ad AFTER DELETE ON articles BEGIN"
    " UPDATE feeds SET article_count = article_count - 1 WHERE id = old.feed_id; END;"
    /* The symbol directory as far as the store has met it. */
    "CREATE TABLE tickers ("
    " symbol TEXT PRIMARY KEY,"
    " name TEXT,"
    " exchange TEXT,"
    " cik INTEGER) WITHOUT ROWID;"
    /* Article x ticker. `published` is copied from the article so the
     * per-symbol timeline is one index range. */
    "CREATE TABLE mentions ("
    " article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    " symbol TEXT NOT NULL,"
    " count INTEGER NOT NULL,"
    " relevance REAL NOT NULL,"
    " sentiment REAL NOT NULL,"
    " published INTEGER NOT NULL,"
    " provider_score REAL,"
    " provider_relevance REAL,"
    " provider_label TEXT,"
    " PRIMARY KEY (article_id, symbol)) WITHOUT ROWID;"
    "CREATE INDEX mentions_symbol_time ON mentions(symbol, published DESC, article_id DESC);"
    "CREATE TABLE claims ("
    " id INTEGER PRIMARY KEY,"
    " article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    " start INTEGER NOT NULL,"
    " end INTEGER NOT NULL,"
    " kind TEXT NOT NULL,"
    " sentiment REAL NOT NULL,"
    " tickers TEXT);"
    "CREATE INDEX claims_article ON claims(article_id);"
    /* Per-ticker per-day sentiment, kept by triggers as mentions come and go,
     * so a trend reads one small range and never scans articles. day is days
     * since 1970-01-01 UTC. */
    "CREATE TABLE sentiment_daily ("
    " symbol TEXT NOT NULL,"
    " day INTEGER NOT NULL,"
    " articles INTEGER NOT NULL,"
    " weight_sum REAL NOT NULL,"
    " score_sum REAL NOT NULL,"
    " PRIMARY KEY (symbol, day)) WITHOUT ROWID;"
    /* Inserts add to the sums in storage/aggregate.c (see there why not a
     * trigger); deletes, which are rare, subtract here. A mention the
     * analyser did not find (count 0, the provider's only) is not counted. */
    "CREATE TRIGGER mentions_daily_ad AFTER DELETE ON mentions WHEN old.count > 0 BEGIN"
    " UPDATE sentiment_daily SET articles = articles - 1,"
    "  weight_sum = weight_sum - old.relevance,"
    "  score_sum = score_sum - old.relevance * old.sentiment"
    " WHERE symbol = old.symbol AND day = old.published / 86400;"
    " DELETE FROM sentiment_daily WHERE symbol = old.symbol"
    "  AND day = old.published / 86400 AND articles <= 0; END;"
    "CREATE TABLE watchlist ("
    " symbol TEXT PRIMARY KEY,"
    " note TEXT,"
    " added INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE watch_tags ("
    " symbol TEXT NOT NULL REFERENCES watchlist(symbol) ON DELETE CASCADE,"
    " tag TEXT NOT NULL,"
    " PRIMARY KEY (symbol, tag)) WITHOUT ROWID;"
    /* One row per symbol: adding to a position merges quantity and keeps a
     * quantity-weighted average cost. */
    "CREATE TABLE positions ("
    " symbol TEXT PRIMARY KEY,"
    " quantity REAL NOT NULL,"
    " cost REAL,"
    " opened TEXT,"
    " updated INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE prices ("
    " symbol TEXT NOT NULL,"
    " day TEXT NOT NULL,"
    " close REAL NOT NULL,"
    " PRIMARY KEY (symbol, day)) WITHOUT ROWID;"
    "CREATE TABLE alert_rules ("
    " id INTEGER PRIMARY KEY,"
    " spec TEXT NOT NULL,"
    " kind TEXT NOT NULL,"
    " symbol TEXT,"
    " op TEXT,"
    " threshold REAL,"
    " keyword TEXT,"
    " exec TEXT,"
    " created INTEGER NOT NULL,"
    " enabled INTEGER NOT NULL DEFAULT 1);"
    "CREATE TABLE alert_events ("
    " id INTEGER PRIMARY KEY,"
    " rule_id INTEGER NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,"
    " article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    " at INTEGER NOT NULL,"
    " detail TEXT,"
    " seen INTEGER NOT NULL DEFAULT 0,"
    " UNIQUE (rule_id, article_id));"
    "CREATE INDEX alert_events_at ON alert_events(at DESC);"
    "CREATE TABLE meta ("
    " key TEXT PRIMARY KEY,"
    " value TEXT) WITHOUT ROWID;";

/* Alert events become an outbox: an event is written, pending, in the
 * transaction of the article that fired it, and its side effects (the
 * printed line, the rule's command) happen only after that commit, by
 * whichever process claims it first (storage/alert_outbox.c). Events stored
 * before this version had their commands run when they fired: they are
 * delivered already. The match's symbol and sentiment are kept for the
 * command's environment, since the command now runs after the analysis is
 * gone. */
static const char m2[] =
    "ALTER TABLE alert_events ADD COLUMN symbol TEXT;"
    "ALTER TABLE alert_events ADD COLUMN sentiment REAL;"
    "ALTER TABLE alert_events ADD COLUMN delivery TEXT NOT NULL DEFAULT 'delivered'"
    " CHECK (delivery IN ('pending', 'delivering', 'delivered'));"
    /* Who claimed it (a random token per connection) and when. */
    "ALTER TABLE alert_events ADD COLUMN claim INTEGER;"
    "ALTER TABLE alert_events ADD COLUMN claimed_at INTEGER;"
    "ALTER TABLE alert_events ADD COLUMN delivered_at INTEGER;"
    /* Why the rule's command could not start, when it could not. */
    "ALTER TABLE alert_events ADD COLUMN exec_error TEXT;"
    /* Both stay as small as the work waiting, whatever the log's length: the
     * runner reads the first, the workstation's unread count the second. */
    "CREATE INDEX alert_events_undelivered ON alert_events(id) WHERE delivery <> 'delivered';"
    "CREATE INDEX alert_events_unseen ON alert_events(id) WHERE NOT seen;";
static const char m3[] =
    /* Research notes. `digest` is the article's extractive summary as
     * character offsets into the composed text ("START-END ..."), written
     * with the analysis: a few bytes instead of a copy of the sentences. A
     * note is a language model's reading of one article, kept per model as
     * the JSON it returned (validated), so it is shown again without a new
     * request; its sentiment is the model's, beside the analyser's. */
    "ALTER TABLE articles ADD COLUMN digest TEXT;"
    "CREATE TABLE notes ("
    " article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    " model TEXT NOT NULL,"
    " created INTEGER NOT NULL,"
    " sentiment REAL,"
    " body TEXT NOT NULL,"
    " PRIMARY KEY (article_id, model)) WITHOUT ROWID;";

static const char m4[] =
    /* Each feed's own pace (core/schedule.h): its adaptive interval and what
     * decided its next fetch (next_fetch, from m1, is the due time); and
     * whether its articles' linked pages are fetched for their full text,
     * with the last pass's failure there, if any. */
    "ALTER TABLE feeds ADD COLUMN poll_interval INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE feeds ADD COLUMN poll_why TEXT;"
    "ALTER TABLE feeds ADD COLUMN full_text INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE feeds ADD COLUMN full_text_error TEXT;";

/* When the source says an article last changed (Atom updated, JSON Feed
 * date_modified); NULL when it did not say. */
static const char m5[] = "ALTER TABLE articles ADD COLUMN updated INTEGER;";

/* The unread articles, per feed: the workstation's unread counts walk this
 * index alone, as far as the count they show (storage/article_query.c). */
static const char m6[] = "CREATE INDEX articles_unread ON articles(feed_id, unread) WHERE unread;";

/* Claims, compact: a million claims took 51 MB (a rowid, the kind as text
 * and an index on article_id beside the table); keyed by their article and
 * span without a rowid, with the kind as its enum claim_kind number, they
 * take about half. The key leads with article_id, so an article's claims,
 * the brief's join and the cascade from a deleted article are one range. */
static const char m7[] = "CREATE TABLE claims_compact ("
                         " article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
                         " start INTEGER NOT NULL,"
                         " end INTEGER NOT NULL,"
                         " kind INTEGER NOT NULL," /* enum claim_kind: 0 figure, 1 forecast, 2
                                                      attributed, 3 comparison */
                         " sentiment REAL NOT NULL,"
                         " tickers TEXT,"
                         " PRIMARY KEY (article_id, start, end, kind)) WITHOUT ROWID;"
                         "INSERT OR IGNORE INTO claims_compact SELECT article_id, start, end,"
                         " CASE kind WHEN 'forecast' THEN 1 WHEN 'attributed' THEN 2 WHEN "
                         "'comparison' THEN 3 ELSE 0 END,"
                         " sentiment, tickers FROM claims ORDER BY article_id, start;"
                         "DROP TABLE claims;"
                         "ALTER TABLE claims_compact RENAME TO claims;";

/* The FTS view and the triggers that keep the index as m8 made them
 * (reading the text through bp_unpack), and m14 makes them again. */
#define FTS_VIEW_TRIGGERS                                                                          \
    "CREATE VIEW articles_fts_text AS SELECT id, title,"                                           \
    " CASE WHEN instr(bp_unpack(content), bp_unpack(summary)) > 0 THEN NULL"                       \
    "  ELSE bp_unpack(summary) END AS summary, bp_unpack(content) AS content"                      \
    " FROM articles;"                                                                              \
    "CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN"                                \
    " INSERT INTO articles_fts(articles_fts, rowid, title, summary, content)"                      \
    " VALUES ('delete', old.id, old.title,"                                                        \
    "  CASE WHEN instr(bp_unpack(old.content), bp_unpack(old.summary)) > 0 THEN NULL"              \
    "   ELSE bp_unpack(old.summary) END,"                                                          \
    "  bp_unpack(old.content)); END;"                                                              \
    "CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, summary, content ON articles BEGIN"     \
    " INSERT INTO articles_fts(articles_fts, rowid, title, summary, content)"                      \
    " VALUES ('delete', old.id, old.title,"                                                        \
    "  CASE WHEN instr(bp_unpack(old.content), bp_unpack(old.summary)) > 0 THEN NULL"              \
    "   ELSE bp_unpack(old.summary) END,"                                                          \
    "  bp_unpack(old.content));"                                                                   \
    " INSERT INTO articles_fts(rowid, title, summary, content)"                                    \
    " VALUES (new.id, new.title,"                                                                  \
    "  CASE WHEN instr(bp_unpack(new.content), bp_unpack(new.summary)) > 0 THEN NULL"              \
    "   ELSE bp_unpack(new.summary) END,"                                                          \
    "  bp_unpack(new.content)); END;"

/* Article text packed: the summary and the content, most of an article's
 * bytes, are stored as zlib BLOBs where that is smaller (bp_pack,
 * storage/textfn.c; wire copy packs to under half) and read through
 * bp_unpack, which passes text stored as it is through unchanged. The FTS
 * view and triggers read through it too, so the index holds the same text
 * as before and is not rebuilt. Rows already stored are packed here, with
 * the triggers dropped first so that rewriting them does not reindex them;
 * the space they give up stays in the file as free pages until `bullpen
 * store compact`. */
static const char m8[] =
    "DROP TRIGGER articles_fts_au;"
    "DROP TRIGGER articles_fts_ad;"
    "DROP VIEW articles_fts_text;"
    "UPDATE articles SET summary = bp_pack(summary), content = bp_pack(content)"
    " WHERE typeof(summary) = 'text' OR typeof(content) = 'text';" FTS_VIEW_TRIGGERS;

/* articles_stale (m1) served no query: the planner reads reanalysis's
 * "analyzer_version < ? AND id > ? ORDER BY id" along the rowid, which it
 * did with the index there too, so the index only cost 11 bytes and an
 * insert per article. */
static const char m9[] = "DROP INDEX articles_stale;";

/* Claims, packed: an article's claims are one claim set in its own row
 * (storage/claimset.h; bp_claims gathers them here), about 70 bytes for
 * ten where the rows of m7 took about 300, and written with the article
 * instead of a statement per claim. Every reader takes an article's claims
 * whole: its pane, the brief's strongest claims among its articles. */
static const char m10[] =
    "ALTER TABLE articles ADD COLUMN claims BLOB;"
    "UPDATE articles SET claims = (SELECT bp_claims(start, end, kind, sentiment, tickers)"
    " FROM claims c WHERE c.article_id = articles.id)"
    " WHERE id IN (SELECT article_id FROM claims);"
    "DROP TABLE claims;";

/* Copies of one story from several feeds (storage/stories.h): the keys of
 * each article's normalised link and title, and the story it belongs to
 * (the id of its first copy; NULL when it has none). The articles already
 * stored are keyed here (story_link_key and story_title_key are C
 * functions each connection registers) and grouped in two sorts, not a
 * lookup per article: the same link is one story; then an article in none
 * joins the story of the same title from more than one feed within the
 * same two days (172800 s, STORY_TITLE_WINDOW, counted from 1970). New articles are grouped
 * at ingest by lookups in the indexes (the title's carries the story and
 * the feed, so the lookup reads the index alone); the story index holds
 * only articles with copies, with the feed so that counting a story's
 * feeds reads the index alone. */
static const char m11[] =
    "ALTER TABLE articles ADD COLUMN link_key INTEGER;"
    "ALTER TABLE articles ADD COLUMN title_key INTEGER;"
    "ALTER TABLE articles ADD COLUMN story INTEGER;"
    "UPDATE articles SET link_key = story_link_key(link), title_key = story_title_key(title);"
    "UPDATE articles SET story = g.first FROM (SELECT id, min(id) OVER w AS first,"
    " count(*) OVER w AS n FROM articles WHERE link_key IS NOT NULL"
    " WINDOW w AS (PARTITION BY link_key)) AS g WHERE articles.id = g.id AND g.n > 1;"
    "UPDATE articles SET story = g.first FROM (SELECT id, story AS cur,"
    " min(coalesce(story, id)) OVER w AS first, min(feed_id) OVER w AS f0,"
    " max(feed_id) OVER w AS f1 FROM articles WHERE title_key IS NOT NULL"
    " WINDOW w AS (PARTITION BY title_key, published / 172800)) AS g"
    " WHERE articles.id = g.id AND g.cur IS NULL AND g.f0 <> g.f1;"
    "CREATE INDEX articles_link_key ON articles(link_key) WHERE link_key IS NOT NULL;"
    "CREATE INDEX articles_title_key ON articles(title_key, published, story, feed_id)"
    " WHERE title_key IS NOT NULL;"
    "CREATE INDEX articles_story ON articles(story, published, feed_id) WHERE story IS NOT NULL;";

/* The columns of mention_rows up to the provider's, as m12 made them and
 * m15 makes them again: relevance and sentiment in ten-thousandths. */
#define MENTION_ROWS_COLUMNS                                                                       \
    " article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"                      \
    " symbol TEXT NOT NULL,"                                                                       \
    " count INTEGER NOT NULL,"                                                                     \
    " relevance INTEGER NOT NULL,"                                                                 \
    " sentiment INTEGER NOT NULL,"                                                                 \
    " published INTEGER NOT NULL,"

/* The trigger that takes a deleted mention row's share out of the per-day
 * sums, as m12 made it and m15 makes it again. */
#define MENTION_ROWS_DAILY_AD                                                                      \
    "CREATE TRIGGER mentions_daily_ad AFTER DELETE ON mention_rows WHEN old.count > 0 BEGIN"       \
    " UPDATE sentiment_daily SET articles = articles - 1,"                                         \
    "  weight_sum = weight_sum - old.relevance / 10000.0,"                                         \
    "  score_sum = score_sum - old.relevance / 10000.0 * (old.sentiment / 10000.0)"                \
    " WHERE symbol = old.symbol AND day = old.published / 86400;"                                  \
    " DELETE FROM sentiment_daily WHERE symbol = old.symbol"                                       \
    "  AND day = old.published / 86400 AND articles <= 0; END;"

/* Mentions, narrower: relevance and sentiment in ten-thousandths as
 * integers (two bytes each where a REAL took eight; a sentiment of 0 took
 * none and still does), in mention_rows. The readers' SQL, which
 * PostgreSQL's mentions table shares, reads them as before through the
 * view `mentions`, which turns them back into fractions; the writers have
 * statements of their own for this table (articles.c, copy.c). The rows
 * are copied over in key order; dropping the old table fires no trigger,
 * so the per-day sums stay as they are. */
static const char m12[] =
    "CREATE TABLE mention_rows (" MENTION_ROWS_COLUMNS " provider_score REAL,"
    " provider_relevance REAL,"
    " provider_label TEXT,"
    " PRIMARY KEY (article_id, symbol)) WITHOUT ROWID;"
    "INSERT INTO mention_rows SELECT article_id, symbol, count, round(relevance * 10000),"
    " round(sentiment * 10000), published, provider_score, provider_relevance, provider_label"
    " FROM mentions ORDER BY article_id, symbol;"
    "DROP TABLE mentions;"
    "CREATE INDEX mentions_symbol_time ON mention_rows(symbol, published DESC, article_id DESC);"
    "CREATE VIEW mentions AS SELECT article_id, symbol, count, relevance / 10000.0 AS relevance,"
    " sentiment / 10000.0 AS sentiment, published, provider_score, provider_relevance,"
    " provider_label FROM mention_rows;" MENTION_ROWS_DAILY_AD;

/* Articles, narrower (the store no larger than newsboat's for the same
 * articles):
 * - story keys keep 32 bits (storage/stories.c, key32: the low half of
 *   the 64-bit key, signed; 1 when that half is 0), four bytes in the row
 *   and in each index where they took eight; a row an index finds is
 *   checked against its link's or title's full key;
 * - the title's index keeps the story and the feed beside the key and the
 *   time, so that of the same-titled articles in the window (about 24 at
 *   200 x 500) only those the lookup wants (0.5) have their row read for
 *   the check;
 * - the time indexes leave out id: an index on a table with a rowid ends
 *   with it anyway, so naming it stored it twice; read backwards, (feed_id,
 *   published) gives published DESC, id DESC as before;
 * - the digest's offsets packed (bp_digest, core/summary.h: 5 or 6 bytes
 *   where "68-165 166-270 271-392" took 22), a BLOB the readers take as
 *   well as the text PostgreSQL keeps (storage/notes.c);
 * - claim sets in layout 2 (bp_claimset, storage/claimset.h: an article's
 *   symbols named once, not at every claim; about 97 bytes an article to 72).
 * The indexes are dropped before the rows are rewritten and made again
 * after, each in one sort, instead of moved an entry at a time. The space
 * the rows give up stays in their pages until `bullpen store compact`. */
static const char m13[] =
    "DROP INDEX articles_link_key;"
    "DROP INDEX articles_title_key;"
    "DROP INDEX articles_time;"
    "DROP INDEX articles_feed_time;"
    "UPDATE articles SET"
    " link_key = CASE WHEN link_key & 4294967295 = 0 THEN 1"
    "  ELSE (link_key & 4294967295) - ((link_key & 2147483648) << 1) END,"
    " title_key = CASE WHEN title_key & 4294967295 = 0 THEN 1"
    "  ELSE (title_key & 4294967295) - ((title_key & 2147483648) << 1) END,"
    " digest = bp_digest(digest), claims = bp_claimset(claims);"
    "CREATE INDEX articles_time ON articles(published);"
    "CREATE INDEX articles_feed_time ON articles(feed_id, published);"
    "CREATE INDEX articles_link_key ON articles(link_key) WHERE link_key IS NOT NULL;"
    "CREATE INDEX articles_title_key ON articles(title_key, published, story, feed_id)"
    " WHERE title_key IS NOT NULL;";

/* Articles keyed by a hash of their guid (the store no larger than
 * newsboat's for the same articles): m1's UNIQUE (feed_id, guid) kept
 * every guid twice, in the row and in its index, and real feeds' guids are
 * often URLs of 50 to 100 characters. The index now holds guid_key, eight
 * bytes: story_guid_key (core/story.h), or one of the next
 * STORY_GUID_SLOTS - 1 numbers for a guid whose key another guid of the
 * feed has; the insert looks the slots up and compares the guids
 * (storage/articles.c). An inline UNIQUE cannot be dropped, so the table
 * is made again: the rows copied in id order with their ids, the old
 * table dropped (the view and the triggers that name it first, so the
 * rename finds nothing broken; foreign keys are off while a store
 * migrates, so dropping it deletes nothing it cascades to), the new one
 * renamed, and the indexes, the FTS view and the triggers made again as
 * m6, m8, m11 and m13 left them. The FTS index itself is untouched: its
 * rowids are the ids kept. */
static const char m14[] =
    "DROP TRIGGER articles_fts_au;"
    "DROP TRIGGER articles_fts_ad;"
    "DROP TRIGGER articles_count_ad;"
    "DROP VIEW articles_fts_text;"
    "CREATE TABLE articles_new ("
    " id INTEGER PRIMARY KEY,"
    " feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
    " guid TEXT NOT NULL,"
    " title TEXT,"
    " link TEXT,"
    " author TEXT,"
    " published INTEGER NOT NULL,"
    " fetched INTEGER NOT NULL,"
    " summary TEXT,"
    " content TEXT,"
    " unread INTEGER NOT NULL DEFAULT 1,"
    " starred INTEGER NOT NULL DEFAULT 0,"
    " analyzer_version INTEGER NOT NULL DEFAULT 0,"
    " sentiment REAL,"
    " tickers TEXT,"
    " provider_score REAL,"
    " provider_label TEXT,"
    " digest TEXT,"
    " updated INTEGER,"
    " claims BLOB,"
    " link_key INTEGER,"
    " title_key INTEGER,"
    " story INTEGER,"
    " guid_key INTEGER NOT NULL);"
    "INSERT INTO articles_new SELECT id, feed_id, guid, title, link, author, published, fetched,"
    " summary, content, unread, starred, analyzer_version, sentiment, tickers, provider_score,"
    " provider_label, digest, updated, claims, link_key, title_key, story, story_guid_key(guid)"
    " FROM articles ORDER BY id;"
    "DROP TABLE articles;"
    "ALTER TABLE articles_new RENAME TO articles;"
    "CREATE UNIQUE INDEX articles_guid ON articles(feed_id, guid_key);"
    "CREATE INDEX articles_time ON articles(published);"
    "CREATE INDEX articles_feed_time ON articles(feed_id, published);"
    "CREATE INDEX articles_unread ON articles(feed_id, unread) WHERE unread;"
    "CREATE INDEX articles_link_key ON articles(link_key) WHERE link_key IS NOT NULL;"
    "CREATE INDEX articles_title_key ON articles(title_key, published, story, feed_id)"
    " WHERE title_key IS NOT NULL;"
    "CREATE INDEX articles_story ON articles(story, published, feed_id) WHERE story IS NOT "
    "NULL;" FTS_VIEW_TRIGGERS "CREATE TRIGGER articles_count_ad AFTER DELETE ON articles BEGIN"
    " UPDATE feeds SET article_count = article_count - 1 WHERE id = old.feed_id; END;";

/* In m15's view: where the second comma of a mention's packed provider
 * columns is, counted from the first (0 when there is no label). */
#define PROVIDER_COMMA2 "instr(substr(provider, instr(provider, ',') + 1), ',')"

/* The view the readers' SQL reads mentions through (m15, m17): relevance
 * and sentiment as fractions, the provider's columns unpacked. */
#define MENTIONS_VIEW                                                                              \
    "CREATE VIEW mentions AS SELECT article_id, symbol, count, relevance / 10000.0 AS relevance,"  \
    " sentiment / 10000.0 AS sentiment, published,"                                                \
    " CAST(nullif(substr(provider, 1, instr(provider, ',') - 1), '') AS REAL) AS provider_score,"  \
    " CAST(nullif(substr(provider, instr(provider, ',') + 1,"                                      \
    "  coalesce(nullif(" PROVIDER_COMMA2 ", 0) - 1, length(provider))), '') AS REAL)"              \
    " AS provider_relevance,"                                                                      \
    " CASE WHEN " PROVIDER_COMMA2                                                                  \
    " > 0 THEN substr(provider, instr(provider, ',') + " PROVIDER_COMMA2                           \
    " + 1) END AS provider_label FROM mention_rows;"

/* Articles and mentions, narrower again (the store no larger than
 * newsboat's for the same articles):
 * - the row keeps the guid's slot (0 to STORY_GUID_SLOTS - 1; 0 and 1 take
 *   no byte) where m14 kept the whole 64-bit key, eight bytes; the unique
 *   index holds the 32-bit key plus the slot, an expression of the row
 *   (story_guid_key32, storage/stories.h), four bytes where it held eight.
 *   Guids whose 64-bit keys differ may meet in 32 bits, so every guid's
 *   slot is counted again, in id order within its feed and key;
 * - the article's sentiment in ten-thousandths (two bytes where a REAL
 *   took eight: SQLite keeps a whole REAL as an integer), in sentiment_e4,
 *   which the ingest writes (storage/articles.c, rounded to four decimals
 *   on both engines, as m12 did for mentions); the readers' SQL, which
 *   PostgreSQL shares, reads the column sentiment as before, now a
 *   virtual column (stored nowhere) that turns it back into a fraction;
 * - claim sets in layout 3 (bp_claimset, storage/claimset.h: a claim's
 *   sentiment a varint, one byte where it is 0);
 * - a mention's three provider columns (empty but for a news API's
 *   articles, a byte each in every row even so) are one, packed by
 *   bp_provider (storage/textfn.c: "SCORE,RELEVANCE[,LABEL]") and read
 *   back through the view as before, in SQL alone, so that any SQLite
 *   reads the view. The mention rows are copied in key order into a new
 *   table, as m12 did.
 * The column of the key is renamed and rewritten in place, the table
 * otherwise as m14 left it; the space the rows give up stays in their
 * pages until `bullpen store compact`. */
static const char m15[] =
    "DROP INDEX articles_guid;"
    "ALTER TABLE articles RENAME COLUMN guid_key TO guid_slot;"
    "ALTER TABLE articles RENAME COLUMN sentiment TO sentiment_e4;"
    "UPDATE articles SET guid_slot = g.slot, sentiment_e4 = round(sentiment_e4 * 10000),"
    " claims = bp_claimset(claims)"
    " FROM (SELECT id, row_number() OVER (PARTITION BY feed_id, story_guid_key32(guid)"
    " ORDER BY id) - 1 AS slot FROM articles) AS g WHERE articles.id = g.id;"
    "ALTER TABLE articles ADD COLUMN sentiment REAL"
    " GENERATED ALWAYS AS (sentiment_e4 / 10000.0) VIRTUAL;"
    "CREATE UNIQUE INDEX articles_guid ON articles(feed_id, story_guid_key32(guid) + guid_slot);"
    "DROP VIEW mentions;"
    "CREATE TABLE mention_rows_new (" MENTION_ROWS_COLUMNS " provider TEXT," /* bp_provider */
    " PRIMARY KEY (article_id, symbol)) WITHOUT ROWID;"
    "INSERT INTO mention_rows_new SELECT article_id, symbol, count, relevance, sentiment,"
    " published, bp_provider(provider_score, provider_relevance, provider_label)"
    " FROM mention_rows ORDER BY article_id, symbol;"
    "DROP TABLE mention_rows;"
    "ALTER TABLE mention_rows_new RENAME TO mention_rows;"
    "CREATE INDEX mentions_symbol_time ON mention_rows(symbol, published DESC, article_id "
    "DESC);" MENTIONS_VIEW MENTION_ROWS_DAILY_AD;

/* The full-text index merges its segments 16 at a time instead of FTS5's
 * default 4. A fetch then stored each feed under a savepoint, and FTS5
 * writes its pending terms out as a new segment at every savepoint:
 * with 4, every fourth feed's segment set off a merge, and each term was
 * rewritten about log4(feeds) times; with 16, about half as often. A fresh
 * 200 x 500 fetch's writer thread took 6.9 to 7.1 s of CPU instead of 7.8
 * to 8.1; the index keeps up to 15 segments a level instead of 3 (20 for
 * that fetch instead of 13; crisismerge, 16, still bounds a level), and
 * searches on a 1,000,000-article store took 0.1 to 0.7 ms longer (README,
 * "Benchmarks and fuzzing"). The setting lives in the index's own config
 * table, so it holds for every connection; PostgreSQL's index has none. */
static const char m16[] = "INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 16);";

/* New article text is packed with zstd and a trained dictionary from here
 * on (core/textpack.h) instead of zlib; the text already stored stays as it
 * is and still reads, and the version keeps a bullpen from before it, which
 * cannot read the new text, from opening the store.
 *
 * And the title index keeps only the articles a later copy can join by
 * title: first copies (story = id) and articles with no copy yet (story
 * NULL), which is all that story_find's title half asks for. A title
 * carried by many feeds was a run of index entries that every new copy
 * scanned and skipped (up to 200 at 200 x 500); now it is one. The finds
 * of that fetch took 0.9-1.1 s instead of 1.3-1.6, and the index holds 59%
 * of the articles (9 bytes an article less). The stories made are the same
 * (every article's story compared equal, one transfer at a time so that the
 * order was).
 *
 * And a mention row no longer names its article as a foreign key: the
 * check that the article exists, a lookup of the articles table for each
 * of the 294,000 rows of a 200 x 500 fetch, was 0.25-0.28 s of its
 * writer's time. What the key did on a delete (ON DELETE CASCADE) a
 * trigger on articles does, the same statement SQLite ran for it; the ingest
 * writes an article's mentions only after the article. The rows are copied
 * in key order into a new table, as m15 did (dropping the old one fires no
 * trigger, so the per-day sums stay as they are). */
static const char m17[] =
    "DROP INDEX articles_title_key;"
    "CREATE INDEX articles_title_key ON articles(title_key, published, story, feed_id)"
    " WHERE title_key IS NOT NULL AND (story IS NULL OR story = id);"
    "DROP VIEW mentions;"
    "CREATE TABLE mention_rows_new (article_id INTEGER NOT NULL,"
    " symbol TEXT NOT NULL, count INTEGER NOT NULL, relevance INTEGER NOT NULL,"
    " sentiment INTEGER NOT NULL, published INTEGER NOT NULL, provider TEXT,"
    " PRIMARY KEY (article_id, symbol)) WITHOUT ROWID;"
    "INSERT INTO mention_rows_new SELECT article_id, symbol, count, relevance, sentiment,"
    " published, provider FROM mention_rows ORDER BY article_id, symbol;"
    "DROP TABLE mention_rows;"
    "ALTER TABLE mention_rows_new RENAME TO mention_rows;"
    "CREATE INDEX mentions_symbol_time ON mention_rows(symbol, published DESC, article_id "
    "DESC);" MENTIONS_VIEW MENTION_ROWS_DAILY_AD
    "CREATE TRIGGER articles_mentions_ad AFTER DELETE ON articles BEGIN"
    " DELETE FROM mention_rows WHERE article_id = old.id; END;";

/* A title's key keeps 46 bits from here on (storage/stories.c,
 * title_key46) instead of 32, so the lookup takes a copy it finds by title
 * from the index alone instead of reading the copy's row to check its full
 * key: at 200 x 500 those rows were half the pages the writer read from
 * outside its cache (47,900 of 95,000). The keys already stored stay as
 * they are (rewriting every row would be the whole store's size in
 * writes); the newest time among them is kept here (articles_time's
 * last entry: max() inside a subquery scanned the whole index, 1 to 7 s at
 * 10,000,000 articles, where this reads one entry), and a lookup whose
 * window reaches it looks for the 32-bit key as well, with its check. The
 * version keeps a bullpen from before it, which would take the 46-bit keys
 * for 32-bit ones and never find them, from opening the store. */
static const char m18[] =
    "INSERT INTO meta(key, value) SELECT 'title_key32_until', published FROM articles"
    " ORDER BY published DESC LIMIT 1;";

const char *const store_migrations[] = {m1,  m2,  m3,  m4,  m5,  m6,  m7,  m8,  m9,
                                        m10, m11, m12, m13, m14, m15, m16, m17, m18};
const int store_n_migrations = (int)(sizeof store_migrations / sizeof store_migrations[0]);
