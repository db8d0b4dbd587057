/* Parsers for daily price files; see prices.h for the shapes. */
#include "core/prices.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "core/err.h"
#include "core/str.h"

#define MAX_FIELDS 12

const char *prices_format_name(enum prices_format f)
{
    switch (f) {
    case PRICES_STOOQ:
        return "stooq";
    case PRICES_ALPHAVANTAGE:
        return "alphavantage";
    default:
        return "csv";
    }
}

void prices_free(struct price_set *p)
{
    free(p->rows);
    p->rows = NULL;
    p->n = 0;
}

static int push(struct price_set *p, size_t *cap, const char *sym, int64_t day, double close)
{
    if (p->n == *cap) {
        size_t nc = *cap ? *cap * 2 : 256;
        struct price_row *r = realloc(p->rows, nc * sizeof *r);
        if (!r) return err_set("out of memory");
        p->rows = r;
        *cap = nc;
    }
    struct price_row *r = &p->rows[p->n++];
    memcpy(r->symbol, sym, sizeof r->symbol);
    r->day = day;
    r->close = close;
    return 0;
}

static int parse_close(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (!*s || *end || errno || !isfinite(v) || v < 0) return err_set("'%s' is not a price", s);
    *out = v;
    return 0;
}

/* Splits line on commas in place, trimming blanks and surrounding quotes. */
static int split(char *line, char **f)
{
    int n = 0;
    char *p = line;
    for (;;) {
        char *comma = strchr(p, ',');
        if (comma) *comma = '\0';
        if (n < MAX_FIELDS) {
            char *t = str_trim(p);
            size_t l = strlen(t);
            if (l >= 2 && t[0] == '"' && t[l - 1] == '"') {
                t[l - 1] = '\0';
                t++;
            }
            f[n++] = t;
        }
        if (!comma) break;
        p = comma + 1;
    }
    return n;
}

static int is_day(const char *s)
{
    int64_t d;
    return clock_day_parse(s, &d) == 0;
}

static int name_is(const char *f, const char *const *names)
{
    for (; *names; names++)
        if (!strcasecmp(f, *names)) return 1;
    return 0;
}

/* Recognises text that is plainly not a price file, to say what it is. */
static int refuse_non_prices(const char *buf, size_t len)
{
    size_t i = 0;
    while (i < len && isspace((unsigned char)buf[i]))
        i++;
    if (i == len) return err_set("empty file: no prices");
    if (buf[i] == '<') return err_set("not price data (an HTML or XML page)");
    if (len - i >= 7 && !strncasecmp(buf + i, "No data", 7))
        return err_set("no data (the source does not know this symbol)");
    return 0;
}

struct csv_layout {
    enum prices_format format;
    int sym_col, day_col, close_col; /* sym_col -1: from the caller */
    int min_fields;
};

/* Decides the layout from the first non-blank line; *header says whether
 * that line is a header to skip. */
static int csv_layout(char *first, struct csv_layout *L, int *header)
{
    static const char *const date_names[] = {"date", "data", "day", NULL};
    static const char *const sym_names[] = {"symbol", "ticker", NULL};
    static const char *const close_names[] = {"close", "zamkniecie", "price", NULL};
    char *f[MAX_FIELDS];
    int n = split(first, f);
    *header = 0;
    if (n >= 5 && name_is(f[0], date_names)) {
        *L = (struct csv_layout){PRICES_STOOQ, -1, 0, 4, 5};
        *header = 1;
        return 0;
    }
    int s = -1, d = -1, c = -1;
    for (int i = 0; i < n; i++) {
        if (s < 0 && name_is(f[i], sym_names)) s = i;
        if (d < 0 && name_is(f[i], date_names)) d = i;
        if (c < 0 && name_is(f[i], close_names)) c = i;
    }
    if (s >= 0 || d >= 0 || c >= 0) {
        if (s < 0 || d < 0 || c < 0)
            return err_set("line 1: a header needs symbol, date and close columns");
        int m = s > d ? s : d;
        m = m > c ? m : c;
        *L = (struct csv_layout){PRICES_CSV, s, d, c, m + 1};
        *header = 1;
        return 0;
    }
    if (n >= 5 && is_day(f[0])) {
        *L = (struct csv_layout){PRICES_STOOQ, -1, 0, 4, 5};
        return 0;
    }
    if (n == 3 && is_day(f[1])) {
        *L = (struct csv_layout){PRICES_CSV, 0, 1, 2, 3};
        return 0;
    }
    return err_set("not a price file (expected symbol,date,close or "
                   "Date,Open,High,Low,Close,Volume)");
}

static int parse_csv(char *buf, const char *symbol, struct price_set *out)
{
    struct csv_layout L = {0};
    size_t cap = 0;
    int lineno = 0, have_layout = 0;
    char *p = buf;
    while (p && *p) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        char *line = p;
        p = nl ? nl + 1 : NULL;
        lineno++;
        if (!*str_trim(line) || line[0] == '#') continue;
        if (!have_layout) {
            char *copy = xstrdup(line);
            if (!copy) return err_set("out of memory");
            int header;
            int rc = csv_layout(copy, &L, &header);
            free(copy);
            if (rc) return -1;
            have_layout = 1;
            if (L.format == PRICES_STOOQ && !symbol)
                return err_set("a Stooq file does not name its symbol: give --symbol or name "
                               "the file like aapl_us_d.csv");
            if (L.format == PRICES_CSV && symbol)
                return err_set("this CSV names its own symbols (drop --symbol)");
            out->format = L.format;
            if (header) continue;
        }
        char *f[MAX_FIELDS];
        int n = split(line, f);
        if (n < L.min_fields)
            return err_set("line %d: expected %d fields, found %d", lineno, L.min_fields, n);
        char sym[SYMBOL_MAX + 1];
        if (L.sym_col < 0)
            snprintf(sym, sizeof sym, "%s", symbol);
        else if (symbol_normalize(f[L.sym_col], sym))
            return err_prefix("line %d", lineno);
        int64_t day;
        double close = 0;
        if (clock_day_parse(f[L.day_col], &day) || parse_close(f[L.close_col], &close))
            return err_prefix("line %d", lineno);
        if (push(out, &cap, sym, day, close)) return -1;
    }
    if (!have_layout || out->n == 0) return err_set("no prices in the file");
    return 0;
}

static const char *json_text(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int parse_alphavantage(const char *buf, size_t len, const char *symbol,
                              struct price_set *out)
{
    cJSON *root = cJSON_ParseWithLength(buf, len);
    if (!root) return err_set("not valid JSON");
    int rc = -1;
    const char *note;
    if (!cJSON_IsObject(root)) {
        err_set("not an Alpha Vantage TIME_SERIES_DAILY response");
        goto done;
    }
    /* Alpha Vantage answers errors and rate limits with 200 and a note. */
    if ((note = json_text(root, "Error Message")) || (note = json_text(root, "Note")) ||
        (note = json_text(root, "Information"))) {
        err_set("the source answered: %.200s", note);
        goto done;
    }
    const cJSON *meta = cJSON_GetObjectItemCaseSensitive(root, "Meta Data");
    const cJSON *series = cJSON_GetObjectItemCaseSensitive(root, "Time Series (Daily)");
    if (!cJSON_IsObject(series)) {
        err_set("not an Alpha Vantage TIME_SERIES_DAILY response (no \"Time Series (Daily)\")");
        goto done;
    }
    char sym[SYMBOL_MAX + 1];
    if (symbol) {
        snprintf(sym, sizeof sym, "%s", symbol);
    } else {
        const char *ms = cJSON_IsObject(meta) ? json_text(meta, "2. Symbol") : NULL;
        if (!ms) {
            err_set("no \"2. Symbol\" in \"Meta Data\": give --symbol");
            goto done;
        }
        if (symbol_normalize(ms, sym)) {
            err_prefix("Meta Data");
            goto done;
        }
    }
    size_t cap = 0;
    const cJSON *day_o;
    cJSON_ArrayForEach(day_o, series)
    {
        int64_t day;
        double close = 0;
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(day_o, "4. close");
        if (clock_day_parse(day_o->string ? day_o->string : "", &day)) goto done;
        if (cJSON_IsNumber(c)) {
            close = c->valuedouble;
        } else if (!cJSON_IsString(c)) {
            err_set("%s: no \"4. close\"", day_o->string);
            goto done;
        } else if (parse_close(c->valuestring, &close)) {
            err_prefix("%s", day_o->string);
            goto done;
        }
        if (push(out, &cap, sym, day, close)) goto done;
    }
    if (out->n == 0) {
        err_set("no prices in the file");
        goto done;
    }
    out->format = PRICES_ALPHAVANTAGE;
    rc = 0;
done:
    cJSON_Delete(root);
    return rc;
}

enum prices_format prices_detect(const char *buf, size_t len)
{
    size_t i = 0;
    while (i < len && isspace((unsigned char)buf[i]))
        i++;
    if (i < len && buf[i] == '{') return PRICES_ALPHAVANTAGE;
    const char *nl = memchr(buf + i, '\n', len - i);
    char *line = xstrndup(buf + i, nl ? (size_t)(nl - buf - i) : len - i);
    if (!line) return PRICES_CSV;
    struct csv_layout L = {0};
    int header;
    int rc = csv_layout(line, &L, &header);
    free(line);
    return rc ? PRICES_CSV : L.format;
}

static int cmp_row(const void *a, const void *b)
{
    const struct price_row *x = a, *y = b;
    int c = strcmp(x->symbol, y->symbol);
    if (c) return c;
    return (x->day > y->day) - (x->day < y->day);
}

int prices_parse(const char *buf, size_t len, const char *symbol, struct price_set *out)
{
    memset(out, 0, sizeof *out);
    if (memchr(buf, '\0', len)) return err_set("not a price file (binary data)");
    if (refuse_non_prices(buf, len)) return -1;
    size_t i = 0;
    while (i < len && isspace((unsigned char)buf[i]))
        i++;
    int rc;
    if (buf[i] == '{') {
        rc = parse_alphavantage(buf, len, symbol, out);
    } else {
        char *copy = xstrndup(buf, len);
        if (!copy) return err_set("out of memory");
        rc = parse_csv(copy, symbol, out);
        free(copy);
    }
    if (rc) {
        prices_free(out);
        return -1;
    }
    /* Oldest first per symbol, so the last row of a symbol is its last close. */
    qsort(out->rows, out->n, sizeof *out->rows, cmp_row);
    return 0;
}

int prices_symbol_from_path(const char *path, char out[SYMBOL_MAX + 1])
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char name[64];
    size_t l = strlen(base);
    if (l >= sizeof name) return err_set("'%s': no symbol in the file name", base);
    memcpy(name, base, l + 1);
    static const char *const exts[] = {".csv", ".txt", ".json", NULL};
    for (const char *const *e = exts; *e; e++) {
        size_t el = strlen(*e);
        if (l > el && !strcasecmp(name + l - el, *e)) {
            name[l -= el] = '\0';
            break;
        }
    }
    if (l > 2 && !strcasecmp(name + l - 2, "_d")) name[l -= 2] = '\0';
    if (l > 3 && (!strcasecmp(name + l - 3, ".us") || !strcasecmp(name + l - 3, "_us")))
        name[l -= 3] = '\0';
    if (symbol_normalize(name, out)) return err_set("'%s': no symbol in the file name", base);
    return 0;
}

char *prices_url_for(const char *tmpl, const char *symbol)
{
    if (!strstr(tmpl, "{symbol}") && !strstr(tmpl, "{SYMBOL}")) {
        err_set("prices.url '%s' does not contain {symbol}", tmpl);
        return NULL;
    }
    struct sbuf b = {0};
    const char *p = tmpl;
    while (*p) {
        int lower = !strncmp(p, "{symbol}", 8), upper = !strncmp(p, "{SYMBOL}", 8);
        if (lower || upper) {
            for (const char *s = symbol; *s; s++)
                if (sbuf_addc(&b, lower ? (char)tolower((unsigned char)*s) : *s)) goto oom;
            p += 8;
        } else if (sbuf_addc(&b, *p++)) {
            goto oom;
        }
    }
    return sbuf_take(&b);
oom:
    sbuf_free(&b);
    err_set("out of memory");
    return NULL;
}
