/* The desk's filter as the store reads it and as the status bar and the
 * list's title describe it. */
#include "tui/filter.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tui/app.h"

void app_article_filter(const struct app *app, struct article_filter *f)
{
    const struct desk_filter *d = &app->filt;
    memset(f, 0, sizeof *f);
    f->ticker = d->ticker[0] ? d->ticker : NULL;
    f->feed_id = d->feed_id;
    f->tag = d->tag[0] ? d->tag : NULL;
    f->watchlist = d->watchlist;
    f->since = d->since;
    f->until = d->until;
    f->has_range = d->has_range;
    f->smin = d->smin;
    f->smax = d->smax;
    f->query = d->query[0] ? d->query : NULL;
    f->unread_only = d->unread_only;
    f->starred_only = d->starred_only;
    f->by_relevance = app->best_match;
    f->group = !app->ungrouped;
}

static void day_str(int64_t t, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, size, "%Y-%m-%d", &tm);
}

void app_filter_text(const struct app *app, char *buf, size_t size)
{
    const struct desk_filter *d = &app->filt;
    size_t used = 0;
    buf[0] = '\0';
#define ADD(...)                                                                                   \
    do {                                                                                           \
        if (used < size) {                                                                         \
            int w_ = snprintf(buf + used, size - used, "%s", used ? ", " : "");                    \
            used += w_ > 0 ? (size_t)w_ : 0;                                                       \
        }                                                                                          \
        if (used < size) {                                                                         \
            int w_ = snprintf(buf + used, size - used, __VA_ARGS__);                               \
            used += w_ > 0 ? (size_t)w_ : 0;                                                       \
        }                                                                                          \
    } while (0)
    if (d->query[0]) ADD("search \"%s\"", d->query);
    if (d->query[0] && app->best_match) ADD("best match");
    if (d->ticker[0]) ADD("ticker %s", d->ticker);
    if (d->feed_id) ADD("feed %s", d->feed_name);
    if (d->tag[0]) ADD("tag %s", d->tag);
    if (d->watchlist) ADD("watchlist");
    if (d->has_range) ADD("sentiment %+.2f..%+.2f", d->smin, d->smax);
    if (d->since || d->until) {
        char a[16] = "", b[16] = "";
        if (d->since) day_str(d->since, a, sizeof a);
        if (d->until) day_str(d->until - 1, b, sizeof b);
        ADD("dates %s..%s", a, b);
    }
    if (d->unread_only) ADD("unread");
    if (d->starred_only) ADD("starred");
    if (app->ungrouped) ADD("every copy");
#undef ADD
    if (!used) snprintf(buf, size, "all articles");
}
