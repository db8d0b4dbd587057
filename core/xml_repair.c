/* xml_repair: an outside document's bytes made fit for libxml2, whole or a
 * piece at a time (core/xml_repair.h). */
#include "core/xml_repair.h"
#include "core/err.h"
#include "core/utf8.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>

static int add_cp(struct sbuf *b, uint32_t cp)
{
    char tmp[4];
    return sbuf_add(b, tmp, utf8_encode(cp, tmp));
}

static int xml_char_ok(uint32_t c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* Whether p (n bytes, the document's start) is UTF-16, by its BOM or by
 * the NUL pattern of "<?": 1 with *be and *bom (the BOM's length) set, or
 * 0. */
static int u16_detect(const unsigned char *p, size_t n, int *be, size_t *bom)
{
    *bom = 0;
    if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE)
        *be = 0, *bom = 2;
    else if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF)
        *be = 1, *bom = 2;
    else if (n >= 4 && p[0] == '<' && p[1] == 0 && p[2] != 0 && p[3] == 0)
        *be = 0;
    else if (n >= 4 && p[0] == 0 && p[1] == '<' && p[2] == 0 && p[3] != 0)
        *be = 1;
    else
        return 0;
    return 1;
}

/* UTF-16 (big-endian when be) to UTF-8 into out; *used is how much of p it
 * took. Unless final it stops 4 bytes short of the end, so a surrogate pair
 * is never split; at the end an odd byte is dropped. 0, or -1 on no
 * memory. */
static int u16_convert(const unsigned char *p, size_t n, int be, int final, struct sbuf *out,
                       size_t *used)
{
    size_t i = 0;
    for (; i + 1 < n && (final || n - i >= 4); i += 2) {
        uint32_t u = be ? (uint32_t)(p[i] << 8 | p[i + 1]) : (uint32_t)(p[i + 1] << 8 | p[i]);
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
            uint32_t lo =
                be ? (uint32_t)(p[i + 2] << 8 | p[i + 3]) : (uint32_t)(p[i + 3] << 8 | p[i + 2]);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        if (add_cp(out, u)) return -1;
    }
    *used = final ? n : i;
    return 0;
}

/* The encoding named in the XML declaration, lower-cased into enc. */
static void declared_encoding(const char *p, size_t n, char *enc, size_t encsz)
{
    enc[0] = '\0';
    if (n < 5 || strncmp(p, "<?xml", 5) != 0) return;
    const char *end = memchr(p, '>', n < 512 ? n : 512);
    if (!end) return;
    const char *e = p;
    while (e < end && (e = memchr(e, 'e', (size_t)(end - e))) != NULL) {
        if ((size_t)(end - e) > 8 && strncmp(e, "encoding", 8) == 0) break;
        e++;
    }
    if (!e || e >= end) return;
    e += 8;
    while (e < end && (*e == ' ' || *e == '=' || *e == '\t'))
        e++;
    if (e >= end || (*e != '"' && *e != '\'')) return;
    char q = *e++;
    size_t k = 0;
    while (e < end && *e != q && k + 1 < encsz)
        enc[k++] = (char)tolower((unsigned char)*e++);
    enc[k] = '\0';
}

static enum xenc pick_encoding(const char *enc)
{
    if (!enc[0] || strcmp(enc, "utf-8") == 0 || strcmp(enc, "utf8") == 0 ||
        strcmp(enc, "us-ascii") == 0 || strcmp(enc, "ascii") == 0 || strcmp(enc, "utf-16") == 0)
        return XENC_UTF8;
    if (strcmp(enc, "iso-8859-1") == 0 || strcmp(enc, "iso8859-1") == 0 ||
        strcmp(enc, "iso_8859-1") == 0 || strcmp(enc, "latin1") == 0 ||
        strcmp(enc, "latin-1") == 0 || strcmp(enc, "l1") == 0 || strcmp(enc, "windows-1252") == 0 ||
        strcmp(enc, "cp1252") == 0 || strcmp(enc, "x-cp1252") == 0)
        return XENC_CP1252;
    return XENC_PASS;
}

/* Where a '&' starts something XML accepts, how long it is; 0 otherwise.
 * Sets *cp for a character reference and copies an entity name into name. */
static size_t ref_len(const char *p, size_t n, uint32_t *cp, char *name, size_t namesz)
{
    size_t i = 1;
    *cp = 0;
    name[0] = '\0';
    if (i < n && p[i] == '#') {
        i++;
        int hex = i < n && (p[i] == 'x' || p[i] == 'X');
        if (hex) i++;
        size_t d = i;
        uint32_t v = 0;
        while (i < n && i - d < 8 &&
               (hex ? isxdigit((unsigned char)p[i]) : isdigit((unsigned char)p[i]))) {
            int dv = isdigit((unsigned char)p[i]) ? p[i] - '0'
                                                  : (tolower((unsigned char)p[i]) - 'a' + 10);
            v = v * (hex ? 16 : 10) + (uint32_t)dv;
            i++;
        }
        if (i == d || i >= n || p[i] != ';') return 0;
        *cp = v;
        return i + 1;
    }
    size_t d = i;
    while (i < n && i - d < 32 &&
           (isalnum((unsigned char)p[i]) || (i > d && (p[i] == '.' || p[i] == '-' || p[i] == '_'))))
        i++;
    if (i == d || i >= n || p[i] != ';' || !isalpha((unsigned char)p[d])) return 0;
    size_t k = i - d < namesz - 1 ? i - d : namesz - 1;
    memcpy(name, p + d, k);
    name[k] = '\0';
    return i + 1;
}

/* The value an entity reference stands for, for the escape scanner only. */
static uint32_t entity_value(const char *name)
{
    static const struct {
        const char *name;
        uint32_t cp;
    } xml[] = {{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
    for (size_t i = 0; i < sizeof xml / sizeof xml[0]; i++)
        if (!strcmp(name, xml[i].name)) return xml[i].cp;
    const htmlEntityDesc *ent = htmlEntityLookup((const xmlChar *)name);
    return ent ? ent->value : '&';
}

/* What repair knows between two pieces of a document. */
struct repairer {
    enum xenc enc;
    enum { TEXT, TAG, CDATA, COMMENT, DOCTYPE } state;
    char quote;          /* the quote of the attribute value being read */
    struct esc_scan esc; /* the escape sequence being dropped */
    int dt_depth;        /* '[' open in the DOCTYPE being dropped */
    char dt_quote;       /* the quote open in it */
};

/* The most a step of repair looks ahead of the byte it is on (a character
 * reference, "<![CDATA[", a UTF-8 sequence): a piece that is not the last
 * is repaired up to this far from its end, the rest waits for the next. */
#define REPAIR_AHEAD 64

/* Drops a DOCTYPE whole, internal subset included (no entity declarations,
 * no external DTD), keeping its line breaks so that the parser's line
 * numbers still count the file's lines: one byte of it. */
static int doctype_byte(struct repairer *r, char d, struct sbuf *out)
{
    if (d == '\n' && sbuf_addc(out, '\n')) return -1;
    if (r->dt_quote) {
        if (d == r->dt_quote) r->dt_quote = 0;
    } else if (d == '"' || d == '\'') {
        r->dt_quote = d;
    } else if (d == '[') {
        r->dt_depth++;
    } else if (d == ']') {
        r->dt_depth--;
    } else if (d == '>' && r->dt_depth <= 0) {
        r->state = TEXT;
    }
    return 0;
}

/* Copies the document into out, repairing it as core/xmlsafe.h describes,
 * a piece at a time: s holds the next n bytes, final says they are the
 * last; *used says how many were taken (all of them when final).
 * Escape sequences are dropped whole, but one never extends across markup:
 * it ends at every '<' (also when written "&lt;": escaped HTML is markup
 * too, one step later), and inside a tag at the quote that closes an
 * attribute value or at '>'. Otherwise a stray introducer in one title
 * (an OSC never terminated) would take the rest of the document with it. */
/* What ends a run of plain bytes in repair_step: in text, markup,
 * references and controls other than tab and line ends (RUN_TEXT); in a
 * tag, a section or a comment also what may end it, and all controls
 * (RUN_OTHER); a byte over 0x7F unless the bytes are passed as they are
 * (RUN_8BIT). */
enum { RUN_TEXT = 1, RUN_OTHER = 2, RUN_8BIT = 4 };
static const unsigned char run_stop[256] = {
    [0 ... 8] = RUN_TEXT | RUN_OTHER,
    ['\t'] = RUN_OTHER,
    ['\n'] = RUN_OTHER,
    [11 ... 12] = RUN_TEXT | RUN_OTHER,
    ['\r'] = RUN_OTHER,
    [14 ... 31] = RUN_TEXT | RUN_OTHER,
    ['&'] = RUN_TEXT | RUN_OTHER,
    ['<'] = RUN_TEXT | RUN_OTHER,
    [0x7F] = RUN_TEXT | RUN_OTHER,
    ['>'] = RUN_OTHER,
    ['"'] = RUN_OTHER,
    ['\''] = RUN_OTHER,
    [']'] = RUN_OTHER,
    ['-'] = RUN_OTHER,
    [0x80 ... 0xFF] = RUN_8BIT,
};

static int repair_step(struct repairer *r, const char *s, size_t n, int final, struct sbuf *out,
                       size_t *used)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    struct esc_scan esc = r->esc;
    char quote = r->quote;
    enum xenc enc = r->enc;
    int rc = 0;
    while (i < n && rc == 0 && (final || n - i >= REPAIR_AHEAD)) {
        if (r->state == DOCTYPE) {
            rc = doctype_byte(r, s[i++], out);
            continue;
        }
        unsigned char c = p[i];
        if (c == '<') esc_scan_end(&esc);
        if (r->state == TEXT && c == '<') {
            if (n - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
                r->state = CDATA;
                rc = sbuf_add(out, s + i, 9);
                i += 9;
            } else if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
                r->state = COMMENT;
                rc = sbuf_add(out, s + i, 4);
                i += 4;
            } else if (n - i >= 9 && memcmp(s + i, "<!DOCTYPE", 9) == 0) {
                r->state = DOCTYPE;
                r->dt_depth = 0;
                r->dt_quote = 0;
                i += 9;
            } else {
                r->state = TAG;
                quote = 0;
                rc = sbuf_addc(out, '<');
                i++;
            }
            continue;
        }
        if (r->state == TAG && (c == '"' || c == '\'' || c == '>' || c == '<')) {
            esc_scan_end(&esc);
            if (c == '<') {
                /* No '<' belongs in a tag: this one starts the next, and a
                 * stray quote cannot hide the markup after it. */
                r->state = TEXT;
                continue;
            }
            if (quote) {
                if (c == (unsigned char)quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = (char)c;
            } else {
                r->state = TEXT;
            }
            rc = sbuf_addc(out, (char)c);
            i++;
            continue;
        }
        if (r->state == CDATA && c == ']' && n - i >= 3 && memcmp(s + i, "]]>", 3) == 0) {
            r->state = TEXT;
            esc_scan_end(&esc);
            rc = sbuf_add(out, s + i, 3);
            i += 3;
            continue;
        }
        if (r->state == COMMENT && c == '-' && n - i >= 3 && memcmp(s + i, "-->", 3) == 0) {
            r->state = TEXT;
            rc = sbuf_add(out, s + i, 3);
            i += 3;
            continue;
        }
        /* Comments are never shown: their controls are dropped one by one,
         * with no sequence to follow. Elsewhere every character goes through
         * the escape scanner while a sequence is open. */
        struct esc_scan *e = r->state == COMMENT ? NULL : &esc;
        if (c == '&' && (r->state == TEXT || r->state == TAG)) {
            uint32_t cp;
            char name[40];
            size_t k = ref_len(s + i, n - i, &cp, name, sizeof name);
            if (k == 0) {
                if (!(e && esc_scan_feed(e, '&'))) rc = sbuf_adds(out, "&amp;");
                i++;
            } else if (name[0]) {
                const htmlEntityDesc *ent;
                if (!strcmp(name, "lt")) esc_scan_end(&esc); /* markup once unescaped */
                if (e && esc_scan_open(e) && esc_scan_feed(e, entity_value(name)))
                    ; /* inside a sequence */
                else if (!strcmp(name, "amp") || !strcmp(name, "lt") || !strcmp(name, "gt") ||
                         !strcmp(name, "quot") || !strcmp(name, "apos"))
                    rc = sbuf_add(out, s + i, k);
                else if ((ent = htmlEntityLookup((const xmlChar *)name)) != NULL)
                    rc = sbuf_printf(out, "&#%u;", ent->value);
                else
                    rc = sbuf_printf(out, "&amp;%s;", name);
                i += k;
            } else {
                i += k;
                if (cp >= 0x80 && cp < 0xA0) cp = utf8_cp1252((unsigned char)cp);
                if (cp == '<') esc_scan_end(&esc);
                if (e && esc_scan_feed(e, cp))
                    ; /* ESC, or inside a sequence */
                else if (xml_char_ok(cp))
                    rc = sbuf_printf(out, "&#%u;", cp);
            }
            continue;
        }
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
            if (e) esc_scan_feed(e, c);
            i++; /* not XML characters */
            continue;
        }
        if (c < 0x80 || enc == XENC_PASS) {
            if (e && esc_scan_open(e)) {
                if (c >= 0x80 || !esc_scan_feed(e, c)) rc = sbuf_addc(out, (char)c);
                i++;
                continue;
            }
            /* A run of bytes this loop would copy one at a time. */
            unsigned m =
                (r->state == TEXT ? RUN_TEXT : RUN_OTHER) | (enc == XENC_PASS ? 0 : RUN_8BIT);
            size_t j = i + 1;
            while (j < n && !(run_stop[p[j]] & m))
                j++;
            rc = sbuf_add(out, s + i, j - i);
            i = j;
            continue;
        }
        uint32_t cp = 0;
        size_t k = 1;
        if (enc == XENC_UTF8) k = utf8_decode(s + i, n - i, &cp);
        if (enc != XENC_UTF8 || (cp == UTF8_REPLACEMENT && k == 1)) {
            cp = utf8_cp1252(c); /* not UTF-8: read as Windows-1252 */
            k = 1;
        }
        i += k;
        if (cp == 0xFFFE || cp == 0xFFFF || (e && esc_scan_feed(e, cp))) continue;
        rc = k > 1 ? sbuf_add(out, s + i - k, k) : add_cp(out, cp);
    }
    r->esc = esc;
    r->quote = quote;
    *used = i;
    return rc;
}

int xml_repair(const char *s, size_t n, enum xenc enc, struct sbuf *out)
{
    struct repairer r = {.enc = enc};
    size_t used;
    /* The repaired copy is the input and a few escapes: room for that at
     * once, where doubling would leave up to half of a large feed's copy
     * unused (8 MB of a 24 MB feed). */
    if (sbuf_reserve(out, n + n / 32 + 64)) return -1;
    return repair_step(&r, s, n, 1, out, &used);
}

/* Leading white space (and NUL bytes) before the document's first
 * character: how many of p's n bytes, and the line breaks among them. */
static size_t leading_space(const char *p, size_t n, int *lines)
{
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r' || p[i] == '\0'))
        *lines += p[i++] == '\n';
    return i;
}

/* The declaration is looked for in this much of the document's start. */
#define DECL_WINDOW 512

int xml_input_read(const char *buf, size_t len, struct xml_input *in)
{
    memset(in, 0, sizeof *in);
    in->p = buf;
    in->n = len;
    int be;
    size_t bom, used;
    in->u16 = u16_detect((const unsigned char *)buf, len, &be, &bom);
    if (in->u16) {
        if (u16_convert((const unsigned char *)buf + bom, len - bom, be, 1, &in->wide, &used))
            return -1;
        in->p = in->wide.p ? in->wide.p : "", in->n = in->wide.len;
    }
    if (in->n >= 3 && memcmp(in->p, "\xEF\xBB\xBF", 3) == 0) in->p += 3, in->n -= 3;
    /* Lines skipped here are added back to the parser's line numbers. */
    size_t k = leading_space(in->p, in->n, &in->skipped_lines);
    in->p += k, in->n -= k;
    char decl[40];
    declared_encoding(in->p, in->n, decl, sizeof decl);
    in->enc = in->u16 ? XENC_UTF8 : pick_encoding(decl);
    return 0;
}

/* ---- a document repaired as it is read ------------------------------------- */

/* The input is read this much at a time. */
#define PIPE_CHUNK (64 * 1024)

struct xml_pipe {
    const struct xml_src *src;
    size_t off;      /* the next byte of src to read */
    int u16, be;     /* the document is UTF-16 (big-endian when be) */
    struct sbuf raw; /* UTF-16 bytes read and not converted yet */
    struct sbuf in;  /* prepared bytes not repaired yet, from in_pos */
    size_t in_pos;
    struct repairer rep;
    struct sbuf out; /* repaired bytes not read yet, from out_pos */
    size_t out_pos;
};

int xml_src_read(const struct xml_src *src, size_t off, char *dst, size_t n, size_t *got)
{
    *got = 0;
    if (off >= src->len) return 0;
    if (n > src->len - off) n = src->len - off;
    if (src->buf) {
        memcpy(dst, src->buf + off, n);
        *got = n;
        return 0;
    }
    while (*got < n) {
        ssize_t k = pread(src->fd, dst + *got, n - *got, (off_t)(off + *got));
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) return err_set("cannot read the document back: %s", strerror(errno));
        if (k == 0) return err_set("cannot read the document back: it is shorter than it was");
        *got += (size_t)k;
    }
    return 0;
}

char *xml_src_load(const struct xml_src *src)
{
    char *p = malloc(src->len + 1);
    size_t got;
    if (!p) {
        err_set("out of memory");
        return NULL;
    }
    if (xml_src_read(src, 0, p, src->len, &got)) {
        free(p);
        return NULL;
    }
    p[got] = '\0';
    return p;
}

/* Reads the next piece of the source into p->in, as UTF-8 when it is
 * UTF-16. 0, or -1 with err set. */
static int pipe_fill(struct xml_pipe *p)
{
    if (p->in_pos > 0) { /* what repair left: under REPAIR_AHEAD bytes */
        memmove(p->in.p, p->in.p + p->in_pos, p->in.len - p->in_pos);
        p->in.len -= p->in_pos;
        p->in_pos = 0;
    }
    struct sbuf *to = p->u16 ? &p->raw : &p->in;
    size_t got;
    if (sbuf_reserve(to, PIPE_CHUNK)) return err_set("out of memory");
    if (xml_src_read(p->src, p->off, to->p + to->len, PIPE_CHUNK, &got)) return -1;
    to->len += got;
    p->off += got;
    if (!p->u16) return 0;
    size_t used;
    if (u16_convert((const unsigned char *)p->raw.p, p->raw.len, p->be, p->off == p->src->len,
                    &p->in, &used))
        return err_set("out of memory");
    memmove(p->raw.p, p->raw.p + used, p->raw.len - used);
    p->raw.len -= used;
    return 0;
}

struct xml_pipe *xml_pipe_new(const struct xml_src *src, enum xenc *enc)
{
    struct xml_pipe *p = calloc(1, sizeof *p);
    if (!p) {
        err_set("out of memory");
        return NULL;
    }
    p->src = src;
    unsigned char head[4];
    size_t got, bom = 0;
    if (xml_src_read(src, 0, (char *)head, sizeof head, &got)) goto fail;
    p->u16 = u16_detect(head, got, &p->be, &bom);
    p->off = bom;
    /* The start as xml_input_read takes it: a BOM and white space
     * skipped, then the declaration's window read whole. */
    int bom_seen = 0, lines = 0;
    for (;;) {
        if (pipe_fill(p)) goto fail;
        int end = p->off == src->len;
        if (!bom_seen && (p->in.len >= 3 || end)) {
            bom_seen = 1;
            if (p->in.len >= 3 && memcmp(p->in.p, "\xEF\xBB\xBF", 3) == 0) p->in_pos = 3;
        }
        if (bom_seen)
            p->in_pos += leading_space(p->in.p + p->in_pos, p->in.len - p->in_pos, &lines);
        if (end || (bom_seen && p->in.len - p->in_pos >= DECL_WINDOW)) break;
    }
    char decl[40];
    declared_encoding(p->in.p + p->in_pos, p->in.len - p->in_pos, decl, sizeof decl);
    *enc = p->rep.enc = p->u16 ? XENC_UTF8 : pick_encoding(decl);
    return p;
fail:
    xml_pipe_free(p);
    return NULL;
}

int xml_pipe_read(void *pipe, char *buf, int len)
{
    struct xml_pipe *p = pipe;
    while (p->out_pos == p->out.len) {
        int end = p->off == p->src->len;
        if (end && p->in_pos == p->in.len) return 0;
        p->out.len = p->out_pos = 0;
        size_t used;
        if (repair_step(&p->rep, p->in.p + p->in_pos, p->in.len - p->in_pos, end, &p->out, &used))
            return -1;
        p->in_pos += used;
        if (!end && p->out_pos == p->out.len && pipe_fill(p)) return -1;
    }
    size_t k = p->out.len - p->out_pos;
    if (k > (size_t)len) k = (size_t)len;
    memcpy(buf, p->out.p + p->out_pos, k);
    p->out_pos += k;
    return (int)k;
}

void xml_pipe_free(struct xml_pipe *p)
{
    if (!p) return;
    sbuf_free(&p->raw);
    sbuf_free(&p->in);
    sbuf_free(&p->out);
    free(p);
}
