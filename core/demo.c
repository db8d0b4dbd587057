/* The demo desk: market news written from templates. Each company carries a
 * slowly drifting "mood" (an AR(1) walk) that sets the odds of good or bad
 * news and nudges its price, so trends, prices and headlines agree with each
 * other the way they do on a real desk. */
#include "core/demo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/article.h"
#include "core/err.h"
#include "core/str.h"

const char *const demo_source_names[DEMO_N_SOURCES] = {
    "Market Wire", "Street Ledger", "Sector Desk", "Global Markets Daily", "Earnings Watch",
};
const char *const demo_source_slugs[DEMO_N_SOURCES] = {
    "market-wire", "street-ledger", "sector-desk", "global-markets", "earnings-watch",
};

struct company {
    const char *symbol, *name, *exchange, *product, *exec;
    double price0;
    int peer; /* index of the usual rival */
};

static const struct company companies[] = {
    {"AAPL", "Apple", "NASDAQ", "iPhone", "Tim Cook", 188.0, 1},
    {"MSFT", "Microsoft", "NASDAQ", "Azure cloud", "Satya Nadella", 405.0, 4},
    {"NVDA", "Nvidia", "NASDAQ", "data-center GPU", "Jensen Huang", 118.0, 11},
    {"AMZN", "Amazon", "NASDAQ", "AWS", "Andy Jassy", 178.0, 1},
    {"GOOGL", "Alphabet", "NASDAQ", "Google Cloud", "Sundar Pichai", 165.0, 5},
    {"META", "Meta Platforms", "NASDAQ", "advertising", "Mark Zuckerberg", 495.0, 4},
    {"TSLA", "Tesla", "NASDAQ", "Model Y", "Elon Musk", 215.0, 0},
    {"JPM", "JPMorgan", "NYSE", "investment banking", "Jamie Dimon", 198.0, 12},
    {"XOM", "Exxon Mobil", "NYSE", "Permian", "Darren Woods", 112.0, 13},
    {"JNJ", "Johnson & Johnson", "NYSE", "medtech", "Joaquin Duato", 152.0, 14},
    {"WMT", "Walmart", "NYSE", "e-commerce", "Doug McMillon", 68.0, 3},
    {"AMD", "AMD", "NASDAQ", "MI300 accelerator", "Lisa Su", 155.0, 2},
    {"GS", "Goldman Sachs", "NYSE", "trading", "David Solomon", 455.0, 7},
    {"CVX", "Chevron", "NYSE", "refining", "Mike Wirth", 152.0, 8},
    {"PFE", "Pfizer", "NYSE", "vaccine", "Albert Bourla", 28.0, 9},
};
#define N_COMPANIES (sizeof companies / sizeof companies[0])

const struct demo_position demo_positions[] = {
    {"AAPL", 120, 240}, {"NVDA", 300, 300}, {"MSFT", 60, 180},
    {"JPM", 150, 90},   {"XOM", 200, 330},  {"TSLA", 40, 60},
};
const size_t demo_n_positions = sizeof demo_positions / sizeof demo_positions[0];

const struct demo_watch demo_watchlist[] = {
    {"AAPL", "megacap"}, {"NVDA", "semis"},   {"AMD", "semis"},     {"MSFT", "megacap"},
    {"AMZN", "megacap"}, {"META", "megacap"}, {"TSLA", "autos"},    {"JPM", "banks"},
    {"XOM", "energy"},   {"WMT", "retail"},   {"GOOGL", "megacap"}, {"JNJ", "health"},
};
const size_t demo_n_watchlist = sizeof demo_watchlist / sizeof demo_watchlist[0];

static const char *const firms[] = {"Bernstein",     "Wedbush", "Needham",
                                    "Piper Sandler", "Baird",   "Oppenheimer"};

/* Headlines by tone. {N} company, {S} symbol, {P} rival, {X} product, {C}
 * chief executive, {F} broker, {Q} quarter, {PCT} a percentage, {B} billions,
 * {T} price target, {E} exchange. */
static const char *const pos_titles[] = {
    "{N} beats {Q} estimates as {X} demand accelerates",
    "{N} raises full-year guidance on strong {X} sales",
    "{F} upgrades {N} to outperform, lifts target to ${T}",
    "{N} shares jump {PCT}% after record {X} revenue",
    "{N} announces ${B} billion buyback, boosts dividend",
    "{N} wins major {X} contract, analysts see upside",
    "{N} margins expand as cost cuts pay off",
    "{C} says {N} is gaining share from {P}",
    "{N} ({E}: {S}) rallies as {X} orders surge",
    "{N} tops revenue forecasts; {X} growth beats {P}",
};
static const char *const neg_titles[] = {
    "{N} misses {Q} estimates as {X} sales slow",
    "{N} cuts outlook, warns of weaker {X} demand",
    "{F} downgrades {N} to underperform on valuation concerns",
    "{N} shares slide {PCT}% after disappointing guidance",
    "Regulators open probe into {N} {X} practices",
    "{N} faces lawsuit over {X}; shares fall",
    "{N} margins shrink as costs climb",
    "{N} ({E}: {S}) drops as {P} undercuts {X} pricing",
    "{N} announces layoffs amid {X} slowdown",
    "{N} recalls products, takes ${B} billion charge",
};
static const char *const neu_titles[] = {
    "{N} to report {Q} results next week: what to watch",
    "{N} names new head of {X} unit",
    "{N} holds annual meeting; shareholders vote on board",
    "{N} and {P} face off in {X} market",
    "{N} ({E}: {S}) trades flat ahead of Fed decision",
    "{N} files annual report with the SEC",
    "{C} to speak at industry conference on {X}",
    "{N} completes previously announced debt offering",
};

static const char *const pos_body[] = {
    "{N} said {X} revenue rose {PCT}% from a year earlier, well ahead of what analysts had "
    "expected.",
    "Management raised its full-year outlook and said demand remains strong across regions.",
    "Analysts at {F} raised their price target to ${T}, citing improving margins and robust "
    "cash flow.",
    "{C} said the company expects growth to accelerate in the coming quarters.",
    "Gross margin improved to {PCT}%, the best level in two years, helped by a richer mix.",
    "The company returned ${B} billion to shareholders through buybacks and dividends.",
    "Shares of {N} ({E}: {S}) climbed in early trading and are near a record high.",
    "{F} said {N} is better positioned than {P} to benefit from the upgrade cycle.",
};
static const char *const neg_body[] = {
    "{N} said {X} revenue fell {PCT}% from a year earlier, short of analyst estimates.",
    "Management cut its full-year outlook, citing weaker demand and rising costs.",
    ("Analysts at {F} lowered their price target to ${T}, warning that margins could shrink "
     "further."),
    "{C} acknowledged that competition from {P} has intensified and pricing pressure persists.",
    "The company will take a ${B} billion charge tied to restructuring and job cuts.",
    "Shares of {N} ({E}: {S}) fell sharply and are down for the year.",
    "Investors worry that slowing growth and a costly investment cycle will weigh on profits.",
    "{F} said the risks to earnings are skewed to the downside after the disappointing quarter.",
};
static const char *const neu_body[] = {
    "{N} is scheduled to report {Q} results after the close next Tuesday.",
    "Analysts polled by the company expect revenue of about ${B} billion for the quarter.",
    "{C} is expected to discuss the {X} roadmap and capital spending plans.",
    "Shares of {N} ({E}: {S}) were little changed in morning trading.",
    "The company did not comment on the report.",
    "{F} kept its rating unchanged and said it is waiting for more detail on {X}.",
    "{P} is also expected to update investors on its plans later this month.",
};

/* splitmix64: a small, well-mixed generator whose output is the same on
 * every platform, which keeps the demo reproducible. */
static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double rng_unit(uint64_t *s)
{
    return (double)(rng_next(s) >> 11) / 9007199254740992.0;
}

static int rng_below(uint64_t *s, int n)
{
    return (int)(rng_unit(s) * n);
}

/* Roughly normal noise (sum of uniforms); enough for a price walk. */
static double rng_noise(uint64_t *s)
{
    return rng_unit(s) + rng_unit(s) + rng_unit(s) - 1.5;
}

struct fill_ctx {
    const struct company *c;
    int64_t day;
    double price;
    uint64_t *rng;
};

static void add_var(struct sbuf *b, const char *name, size_t len, const struct fill_ctx *f)
{
    const struct company *c = f->c;
    if (len == 1 && *name == 'N')
        sbuf_adds(b, c->name);
    else if (len == 1 && *name == 'S')
        sbuf_adds(b, c->symbol);
    else if (len == 1 && *name == 'P')
        sbuf_adds(b, companies[c->peer].name);
    else if (len == 1 && *name == 'X')
        sbuf_adds(b, c->product);
    else if (len == 1 && *name == 'C')
        sbuf_adds(b, c->exec);
    else if (len == 1 && *name == 'E')
        sbuf_adds(b, c->exchange);
    else if (len == 1 && *name == 'F')
        sbuf_adds(b, firms[rng_below(f->rng, (int)(sizeof firms / sizeof firms[0]))]);
    else if (len == 1 && *name == 'Q') {
        static const char *const q[] = {"first-quarter", "second-quarter", "third-quarter",
                                        "fourth-quarter"};
        sbuf_adds(b, q[(f->day / 91) % 4]);
    } else if (len == 3 && !memcmp(name, "PCT", 3))
        sbuf_printf(b, "%d", 2 + rng_below(f->rng, 18));
    else if (len == 1 && *name == 'B')
        sbuf_printf(b, "%d.%d", 1 + rng_below(f->rng, 20), rng_below(f->rng, 10));
    else if (len == 1 && *name == 'T')
        sbuf_printf(b, "%.0f", f->price * (0.9 + 0.3 * rng_unit(f->rng)));
    else
        sbuf_add(b, name - 1, len + 2);
}

/* Expands the {NAME} fields of tpl onto b. */
static void fill(struct sbuf *b, const char *tpl, const struct fill_ctx *f)
{
    for (const char *p = tpl; *p;) {
        const char *open = strchr(p, '{');
        const char *close = open ? strchr(open, '}') : NULL;
        if (!open || !close) {
            sbuf_adds(b, p);
            break;
        }
        sbuf_add(b, p, (size_t)(open - p));
        add_var(b, open + 1, (size_t)(close - open - 1), f);
        p = close + 1;
    }
}

#define PICK(arr) arr[rng_below(rng, (int)(sizeof arr / sizeof arr[0]))]

/* Writes one article about company ci with the given tone (-1, 0, 1). */
static int make_article(struct article *a, struct sbuf *tb, struct sbuf *bb, int ci, int tone,
                        int64_t day, int k, double price, uint64_t *rng, int source)
{
    struct fill_ctx f = {&companies[ci], day, price, rng};
    const char *const *body = tone > 0 ? pos_body : tone < 0 ? neg_body : neu_body;
    size_t nbody = tone > 0   ? sizeof pos_body / sizeof *pos_body
                   : tone < 0 ? sizeof neg_body / sizeof *neg_body
                              : sizeof neu_body / sizeof *neu_body;
    sbuf_reset(tb);
    sbuf_reset(bb);
    if (tone > 0)
        fill(tb, PICK(pos_titles), &f);
    else if (tone < 0)
        fill(tb, PICK(neg_titles), &f);
    else
        fill(tb, PICK(neu_titles), &f);
    /* Three or four distinct sentences, as a wire story's lead paragraph. */
    int n = 3 + rng_below(rng, 2), used = 0;
    for (int i = 0; i < n; i++) {
        int j = rng_below(rng, (int)nbody);
        while (used & (1 << j))
            j = (j + 1) % (int)nbody;
        used |= 1 << j;
        if (i) sbuf_addc(bb, ' ');
        fill(bb, body[j], &f);
    }
    if (tb->p == NULL || bb->p == NULL) return err_set("out of memory");
    static char guid[48], link[128];
    snprintf(guid, sizeof guid, "demo-%lld-%d", (long long)day, k);
    snprintf(link, sizeof link, "https://demo.bullpen.invalid/%s/%s", demo_source_slugs[source],
             guid);
    memset(a, 0, sizeof *a);
    a->guid = guid;
    a->link = link;
    a->title = tb->p;
    a->content = bb->p;
    a->published = day * 86400 + 12 * 3600 + rng_below(rng, 10 * 3600);
    a->fetched = a->published;
    return 0;
}

int demo_generate(int64_t now, int days, const struct demo_sink *sink)
{
    int64_t end_day = now / 86400;
    /* The latest a story can be is 22:00 on end_day; never after now. */
    int64_t shift = end_day * 86400 + 22 * 3600 - now;
    if (shift < 0) shift = 0;
    uint64_t rng = 0x62756c6c70656e; /* fixed seed: the same desk every time */
    double mood[N_COMPANIES], price[N_COMPANIES];
    for (size_t i = 0; i < N_COMPANIES; i++) {
        mood[i] = rng_noise(&rng) * 0.6;
        price[i] = companies[i].price0;
    }
    struct sbuf tb = {0}, bb = {0};
    int rc = 0;
    for (int64_t day = end_day - days + 1; day <= end_day && !rc; day++) {
        int weekday = (int)((day + 4) % 7); /* 1970-01-01 was a Thursday */
        int weekend = weekday == 0 || weekday == 6;
        for (size_t i = 0; i < N_COMPANIES && !rc; i++) {
            mood[i] = 0.97 * mood[i] + 0.09 * rng_noise(&rng);
            if (mood[i] > 1) mood[i] = 1;
            if (mood[i] < -1) mood[i] = -1;
            if (weekend) continue;
            price[i] *= exp(0.004 * mood[i] + 0.018 * rng_noise(&rng));
            if (sink->price) rc = sink->price(sink->ctx, companies[i].symbol, day, price[i]);
        }
        /* About ten stories a weekday, a few at weekends. */
        int stories = weekend ? 2 + rng_below(&rng, 3) : 8 + rng_below(&rng, 6);
        for (int k = 0; k < stories && !rc; k++) {
            int ci = rng_below(&rng, (int)N_COMPANIES);
            double p = 0.5 + 0.45 * mood[ci];
            double u = rng_unit(&rng);
            int tone = u < 0.2 ? 0 : rng_unit(&rng) < p ? 1 : -1;
            int source = rng_below(&rng, DEMO_N_SOURCES);
            struct article a;
            if (make_article(&a, &tb, &bb, ci, tone, day, k, price[ci], &rng, source)) {
                rc = -1;
                break;
            }
            a.published -= shift;
            a.fetched = a.published;
            rc = sink->article(sink->ctx, &a, source);
        }
    }
    sbuf_free(&tb);
    sbuf_free(&bb);
    return rc;
}
