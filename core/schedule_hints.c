/* The pace a feed document asks for: RSS <ttl>, <skipHours>, <skipDays> and
 * the RSS 1.0 syndication module (sy:updatePeriod, sy:updateFrequency).
 * Kept apart from the feed parsers: the hints are about the channel, not its
 * items, and only the scheduler wants them. */
#include "core/schedule.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/err.h"
#include "core/xmlsafe.h"

#define NS_SY "http://purl.org/rss/1.0/modules/syndication/"
#define NS_RSS1 "http://purl.org/rss/1.0/"
#define NS_ATOM "http://www.w3.org/2005/Atom"

/* A whole number in a node's text, or -1. */
static long node_long(xmlNode *n)
{
    int markup;
    char *t = xml_node_text(n, &markup);
    if (!t || markup) {
        free(t);
        return -1;
    }
    char *p = t;
    while (isspace((unsigned char)*p))
        p++;
    char *end;
    long v = isdigit((unsigned char)*p) ? strtol(p, &end, 10) : -1;
    if (v >= 0) {
        while (isspace((unsigned char)*end))
            end++;
        if (*end) v = -1;
    }
    free(t);
    return v;
}

static int local_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name && !strcmp((const char *)n->name, name);
}

/* Channel-level elements of RSS 0.9x/2.0 and RSS 1.0 carry no namespace or
 * the RSS 1.0 one; an Atom feed has no such elements of its own. */
static int rss_is(const xmlNode *n, const char *name)
{
    return xml_is(n, NULL, name, NULL) || xml_is(n, NS_RSS1, name, NULL);
}

static void read_skip_hours(xmlNode *n, struct schedule_hints *h)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (!local_is(c, "hour")) continue;
        long v = node_long(c);
        /* The spec says 0-23; some publishers count 1-24. */
        if (v == 24) v = 0;
        if (v >= 0 && v <= 23) h->skip_hours |= 1u << v;
    }
}

static void read_skip_days(xmlNode *n, struct schedule_hints *h)
{
    static const char *const days[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                       "Thursday", "Friday", "Saturday"};
    for (xmlNode *c = n->children; c; c = c->next) {
        if (!local_is(c, "day")) continue;
        int markup;
        char *t = xml_node_text(c, &markup);
        if (!t) continue;
        char *p = t;
        while (isspace((unsigned char)*p))
            p++;
        size_t len = strlen(p);
        while (len && isspace((unsigned char)p[len - 1]))
            len--;
        for (int d = 0; d < 7; d++)
            if (len == strlen(days[d]) && !strncasecmp(p, days[d], len))
                h->skip_days |= (uint8_t)(1u << d);
        free(t);
    }
}

static int64_t period_seconds(xmlNode *n)
{
    int markup;
    char *t = xml_node_text(n, &markup);
    if (!t) return 0;
    static const struct {
        const char *name;
        int64_t secs;
    } periods[] = {{"hourly", 3600},
                   {"daily", 86400},
                   {"weekly", 7 * 86400},
                   {"monthly", 30 * 86400},
                   {"yearly", 365 * 86400}};
    char *p = t;
    while (isspace((unsigned char)*p))
        p++;
    size_t len = strlen(p);
    while (len && isspace((unsigned char)p[len - 1]))
        len--;
    int64_t v = 0;
    for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++)
        if (len == strlen(periods[i].name) && !strncasecmp(p, periods[i].name, len))
            v = periods[i].secs;
    free(t);
    return v;
}

/* Looks at the children of one container (the channel, or the root for
 * RDF and Atom, which keep sy:* there). */
static void scan(xmlNode *parent, struct schedule_hints *h, int64_t *period, long *freq)
{
    for (xmlNode *c = parent->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (rss_is(c, "ttl")) {
            long v = node_long(c);
            /* Minutes; a week at most (beyond that it is a typo). */
            if (v > 0) h->ttl = (v < 7L * 24 * 60 ? v : 7L * 24 * 60) * 60;
        } else if (rss_is(c, "skipHours")) {
            read_skip_hours(c, h);
        } else if (rss_is(c, "skipDays")) {
            read_skip_days(c, h);
        } else if (xml_is(c, NS_SY, "updatePeriod", "sy:updatePeriod")) {
            *period = period_seconds(c);
        } else if (xml_is(c, NS_SY, "updateFrequency", "sy:updateFrequency")) {
            long v = node_long(c);
            if (v > 0) *freq = v;
        }
    }
}

/* Whether name occurs as an element's name: right after '<' or a prefix's
 * ':', and followed by '>', '/' or white space. Words in the text ("little"
 * holds "ttl") do not count, so most documents are not parsed twice. */
static int names_element(const char *buf, size_t len, const char *name)
{
    size_t n = strlen(name);
    const char *p = buf, *end = buf + len;
    while ((p = memmem(p, (size_t)(end - p), name, n)) != NULL) {
        const char *after = p + n;
        if (p > buf && (p[-1] == '<' || p[-1] == ':') && after < end &&
            (*after == '>' || *after == '/' || *after == ' ' || *after == '\t' || *after == '\n' ||
             *after == '\r'))
            return 1;
        p = after;
    }
    return 0;
}

static int mentions_any(const char *buf, size_t len)
{
    static const char *const words[] = {"ttl", "skipHours", "skipDays", "updatePeriod",
                                        "updateFrequency"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (names_element(buf, len, words[i])) return 1;
    return 0;
}

int schedule_hints_parse(const char *buf, size_t len, struct schedule_hints *out)
{
    memset(out, 0, sizeof *out);
    if (!buf || !len || !mentions_any(buf, len)) return 0;
    xmlDoc *doc = xml_read_safe(buf, len);
    if (!doc) {
        /* Not XML (JSON Feed, an error page): no hints, and not our error
         * to report; the feed parser says what is wrong with it. */
        err_clear();
        return 0;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    int64_t period = 0;
    long freq = 0;
    if (root) {
        scan(root, out, &period, &freq);
        for (xmlNode *c = root->children; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE &&
                (rss_is(c, "channel") || xml_is(c, NS_ATOM, "channel", NULL)))
                scan(c, out, &period, &freq);
    }
    xmlFreeDoc(doc);
    /* sy:updatePeriod defaults to daily and sy:updateFrequency to 1 when
     * only the other is given (RSS 1.0 syndication module). */
    if (period || freq) out->update_period = (period ? period : 86400) / (freq ? freq : 1);
    return 0;
}
