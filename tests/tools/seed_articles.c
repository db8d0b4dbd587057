/* seed_articles: stores hand-made analysed articles for the script tests, so
 * trends, portfolio figures and alerts can be checked against exact numbers
 * without depending on the analyser's judgement.
 *
 *   seed_articles DB [--feed URL] [--alerts] < LINES
 *
 * Each line: PUBLISHED <TAB> TITLE <TAB> TICKERS [<TAB> CONTENT], where
 * PUBLISHED is unix seconds or YYYY-MM-DDTHH:MM:SSZ, TICKERS is "-" or
 * SYMBOL:RELEVANCE:SCORE[,...] and the article's own score is the first
 * ticker's; "\\n" in CONTENT is a line break. The title is the guid, so a line seeded twice is a
 * duplicate. With --alerts each new article is checked against the alert rules inside the same
 * transaction, the way the fetch pass does, and after the commit every event is delivered and
 * printed as "fired RULE ARTICLE SYMBOL DETAIL". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/analyze.h"
#include "core/article.h"
#include "core/err.h"
#include "core/str.h"
#include "storage/alerts.h"
#include "storage/articles.h"
#include "storage/feeds.h"
#include "storage/store.h"

static void fired(void *ctx, const struct alert_delivered *d)
{
    (void)ctx;
    printf("fired %lld %lld %s %s%s%s\n", (long long)d->rule_id, (long long)d->article_id,
           d->symbol ? d->symbol : "-", d->detail, d->exec_error ? " exec-error: " : "",
           d->exec_error ? d->exec_error : "");
}

static int64_t parse_time(const char *s)
{
    struct tm tm = {0};
    if (strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm)) return (int64_t)timegm(&tm);
    return strtoll(s, NULL, 10);
}

/* Turns each backslash-n into a line break, in place. */
static char *unescape(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if (r[0] == '\\' && r[1] == 'n') {
            *w++ = '\n';
            r++;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return s;
}

static int seed_line(struct store *s, int64_t feed, char *line, int alerts)
{
    char *f[4] = {0};
    int n = 0;
    for (char *p = line; n < 4 && p; n++) {
        f[n] = p;
        p = strchr(p, '\t');
        if (p) *p++ = '\0';
    }
    if (n < 3) return err_set("expected PUBLISHED, TITLE and TICKERS");
    struct ticker_hit hits[16];
    size_t nh = 0;
    if (strcmp(f[2], "-")) {
        char *save, *t = strtok_r(f[2], ",", &save);
        for (; t && nh < 16; t = strtok_r(NULL, ",", &save)) {
            struct ticker_hit *h = &hits[nh];
            memset(h, 0, sizeof *h);
            char sym[16];
            if (sscanf(t, "%15[^:]:%lf:%lf", sym, &h->relevance, &h->score) != 3)
                return err_set("'%s' is not SYMBOL:RELEVANCE:SCORE", t);
            snprintf(h->symbol, sizeof h->symbol, "%s", sym);
            h->mentions = 1;
            nh++;
        }
    }
    struct analysis an = {.score = nh ? hits[0].score : 0, .tickers = hits, .n_tickers = nh};
    struct article a = {.feed_id = feed, .published = parse_time(f[0])};
    a.fetched = a.published;
    a.guid = xstrdup(f[1]);
    a.title = xstrdup(f[1]);
    a.link = xstrdup("https://example.com/news");
    a.content = xstrdup(n > 3 ? unescape(f[3]) : "");
    int rc = store_article_insert(s, &a, &an);
    if (rc == 1 && alerts && store_alerts_check(s, &a, &an) < 0) rc = -1;
    article_clear(&a);
    return rc < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: seed_articles DB [--feed URL] [--alerts] < LINES\n");
        return 2;
    }
    const char *url = "https://example.com/seed.xml";
    int alerts = 0;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--alerts"))
            alerts = 1;
        else if (!strcmp(argv[i], "--feed") && i + 1 < argc)
            url = argv[++i];
    }
    struct store *s = store_open(argv[1], 0);
    if (!s) {
        fprintf(stderr, "seed_articles: %s\n", err_msg());
        return 1;
    }
    int64_t feed = 0;
    int rc = store_feed_find(s, url, &feed) == 1 || store_feed_add(s, url, "Seed", 1, &feed) >= 0
                 ? 0
                 : -1;
    if (!rc) rc = store_begin(s);
    char line[8192];
    int lineno = 0;
    while (!rc && fgets(line, sizeof line, stdin)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!*line || line[0] == '#') continue;
        if (seed_line(s, feed, line, alerts)) {
            err_prefix("line %d", lineno);
            rc = -1;
        }
    }
    if (!rc)
        rc = store_commit(s);
    else
        store_rollback(s);
    /* The events go out after the commit, as the fetch pass delivers them. */
    if (!rc && alerts && store_alerts_deliver(s, fired, NULL) < 0) rc = -1;
    if (rc) fprintf(stderr, "seed_articles: %s\n", err_msg());
    store_close(s);
    return rc ? 1 : 0;
}
