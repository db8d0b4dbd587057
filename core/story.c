/* Normalised links and titles, and the keys the store groups copies by. */
#include "core/story.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Query parameters that say who sent the reader, not what the page is. */
static int is_tracking(const char *p, size_t n)
{
    static const char *const names[] = {"fbclid", "gclid", "mc_cid", "mc_eid", "ncid",
                                        "cmpid",  "ocid",  "smid",   "ref"};
    if (n >= 4 && !strncasecmp(p, "utm_", 4)) return 1;
    const char *eq = memchr(p, '=', n);
    size_t k = eq ? (size_t)(eq - p) : n;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == k && !strncasecmp(p, names[i], k)) return 1;
    return 0;
}

struct out {
    char *p;
    size_t size, len;
};

static void put(struct out *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n && o->len + 1 < o->size; i++)
        o->p[o->len++] = s[i];
    if (o->size) o->p[o->len < o->size ? o->len : o->size - 1] = '\0';
}

size_t story_link_norm(const char *link, char *out, size_t size)
{
    struct out o = {out, size, 0};
    if (size) out[0] = '\0';
    if (!link) return 0;
    while (isspace((unsigned char)*link))
        link++;
    const char *p;
    if (!strncasecmp(link, "https://", 8))
        p = link + 8;
    else if (!strncasecmp(link, "http://", 7))
        p = link + 7;
    else
        return 0;
    /* Host: lower case, without "www." and a default port. */
    size_t h = strcspn(p, "/?#");
    const char *host = p;
    if (h > 4 && !strncasecmp(host, "www.", 4)) host += 4, h -= 4;
    const char *colon = memchr(host, ':', h);
    size_t hn = h;
    if (colon) {
        size_t pl = h - (size_t)(colon - host);
        if ((pl == 3 && !strncmp(colon, ":80", 3)) || (pl == 4 && !strncmp(colon, ":443", 4)))
            hn = (size_t)(colon - host);
    }
    for (size_t i = 0; i < hn; i++) {
        char c = (char)tolower((unsigned char)host[i]);
        put(&o, &c, 1);
    }
    p = host + h;
    /* Path, without a trailing slash. */
    size_t pn = strcspn(p, "?#");
    while (pn && p[pn - 1] == '/')
        pn--;
    put(&o, p, pn);
    p += strcspn(p, "?#");
    /* Query: the parameters that name the page, in their order. */
    if (*p == '?') {
        p++;
        size_t qn = strcspn(p, "#");
        int first = 1;
        while (qn) {
            const char *amp = memchr(p, '&', qn);
            size_t n = amp ? (size_t)(amp - p) : qn;
            if (n && !is_tracking(p, n)) {
                put(&o, first ? "?" : "&", 1);
                put(&o, p, n);
                first = 0;
            }
            p += n + (amp ? 1 : 0);
            qn -= n + (amp ? 1 : 0);
        }
    }
    return o.len;
}

size_t story_title_norm(const char *title, char *out, size_t size)
{
    struct out o = {out, size, 0};
    if (size) out[0] = '\0';
    int space = 0;
    for (const unsigned char *p = (const unsigned char *)(title ? title : ""); *p; p++) {
        /* Bytes of UTF-8 sequences are kept: letters of other scripts. */
        if (isalnum(*p) || *p >= 0x80) {
            if (space && o.len) put(&o, " ", 1);
            space = 0;
            char c = (char)tolower(*p);
            put(&o, &c, 1);
        } else {
            space = 1;
        }
    }
    return o.len;
}

static int64_t fnv(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h ? (int64_t)h : 1;
}

int64_t story_link_key(const char *link)
{
    char buf[2048];
    size_t n = story_link_norm(link, buf, sizeof buf);
    return n ? fnv(buf, n) : 0;
}

int64_t story_guid_key(const char *guid)
{
    uint64_t k = (uint64_t)fnv(guid, strlen(guid)) & ~(uint64_t)(STORY_GUID_SLOTS - 1);
    return k ? (int64_t)k : STORY_GUID_SLOTS;
}

int64_t story_title_key(const char *title)
{
    char buf[1024];
    size_t n = story_title_norm(title, buf, sizeof buf);
    return n >= STORY_TITLE_MIN ? fnv(buf, n) : 0;
}
