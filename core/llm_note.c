/* llm_note: the research note's validation, its stored JSON and the
 * preview of a note still arriving. Plain cJSON, no network, so the store
 * (storage/notes.c) can use it without the chat client. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/llm.h"
#include "core/str.h"
#include "core/utf8.h"

static void round4(cJSON *o, const char *k, double v)
{
    cJSON_AddNumberToObject(o, k, round(v * 10000) / 10000);
}

void llm_note_free(struct llm_note *n)
{
    if (!n) return;
    free(n->summary);
    free(n->analysis);
    free(n->risk);
    free(n->contrarian);
    free(n->tickers);
    memset(n, 0, sizeof *n);
}

static int score_of(const cJSON *v, double *out)
{
    if (cJSON_IsObject(v)) v = cJSON_GetObjectItemCaseSensitive(v, "score");
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < -1 ||
        v->valuedouble > 1)
        return -1;
    *out = v->valuedouble;
    return 0;
}

static int text_field(const cJSON *j, const char *k, char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, k);
    if (!cJSON_IsString(v) || !*str_trim(v->valuestring))
        return err_set("the model's note has no \"%s\" text", k);
    if (!(*out = xstrdup(v->valuestring))) return err_set("out of memory");
    return 0;
}

int llm_note_parse(const char *text, size_t len, struct llm_note *out)
{
    memset(out, 0, sizeof *out);
    /* Some servers wrap JSON in a Markdown fence even when asked not to. */
    const char *s = text, *end = text + len;
    while (s < end && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t'))
        s++;
    if (end - s >= 3 && !memcmp(s, "```", 3)) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        s = nl ? nl + 1 : end;
        while (end > s && (end[-1] == ' ' || end[-1] == '\n' || end[-1] == '\r'))
            end--;
        if (end - s >= 3 && !memcmp(end - 3, "```", 3)) end -= 3;
    }
    cJSON *j = cJSON_ParseWithLength(s, (size_t)(end - s));
    if (!j) return err_set("the model's answer is not JSON");
    int rc = 0;
    if (!cJSON_IsObject(j)) rc = err_set("the model's answer is not a JSON object");
    if (!rc)
        rc = text_field(j, "summary", &out->summary) || text_field(j, "analysis", &out->analysis) ||
             text_field(j, "risk", &out->risk) || text_field(j, "contrarian", &out->contrarian);
    if (!rc && score_of(cJSON_GetObjectItemCaseSensitive(j, "sentiment"), &out->score))
        rc = err_set("the model's note has no sentiment score from -1 to 1");
    const cJSON *tk = cJSON_GetObjectItemCaseSensitive(j, "tickers");
    if (!rc && tk && !cJSON_IsArray(tk)) rc = err_set("the model's \"tickers\" is not a list");
    size_t n = tk ? (size_t)cJSON_GetArraySize(tk) : 0;
    if (!rc && n > 64) rc = err_set("the model's note names over 64 tickers");
    if (!rc && n && !(out->tickers = calloc(n, sizeof *out->tickers)))
        rc = err_set("out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        const cJSON *t = cJSON_GetArrayItem(tk, (int)i);
        const cJSON *sym = cJSON_GetObjectItemCaseSensitive(t, "symbol");
        const cJSON *sc = cJSON_GetObjectItemCaseSensitive(t, "score");
        if (!sc) sc = cJSON_GetObjectItemCaseSensitive(t, "sentiment");
        struct llm_note_ticker *o = &out->tickers[out->n_tickers];
        if (!cJSON_IsString(sym) || !*sym->valuestring ||
            strlen(sym->valuestring) >= sizeof o->symbol)
            rc = err_set("the model's ticker %zu has no usable symbol", i + 1);
        else if (score_of(sc, &o->score))
            rc = err_set("the model's ticker %s has no score from -1 to 1", sym->valuestring);
        else {
            size_t k = 0;
            for (const char *p = sym->valuestring; *p && k + 1 < sizeof o->symbol; p++)
                if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-')
                    o->symbol[k++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
            o->symbol[k] = '\0';
            if (!k)
                rc = err_set("the model's ticker %zu has no usable symbol", i + 1);
            else
                out->n_tickers++;
        }
    }
    cJSON_Delete(j);
    if (!rc) return 0;
    llm_note_free(out);
    return -1;
}

char *llm_note_json(const struct llm_note *n)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "summary", n->summary);
    cJSON_AddStringToObject(j, "analysis", n->analysis);
    cJSON_AddStringToObject(j, "risk", n->risk);
    cJSON_AddStringToObject(j, "contrarian", n->contrarian);
    cJSON *s = cJSON_AddObjectToObject(j, "sentiment");
    round4(s, "score", n->score);
    cJSON *t = cJSON_AddArrayToObject(j, "tickers");
    for (size_t i = 0; i < n->n_tickers; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "symbol", n->tickers[i].symbol);
        round4(o, "score", n->tickers[i].score);
        cJSON_AddItemToArray(t, o);
    }
    char *out = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    if (!out) err_set("out of memory");
    return out;
}

/* The string value of "key" in a partial JSON text, unescaped, up to its
 * closing quote or the end of what has arrived. */
static int partial_string(const char *s, size_t len, const char *key, struct sbuf *out)
{
    char pat[32];
    snprintf(pat, sizeof pat, "\"%s\"", key);
    size_t pl = strlen(pat);
    const char *end = s + len, *p = NULL;
    for (const char *q = s; q + pl <= end; q++)
        if (!memcmp(q, pat, pl)) {
            p = q + pl;
            break;
        }
    if (!p) return 0;
    while (p < end && (*p == ' ' || *p == ':' || *p == '\n' || *p == '\r' || *p == '\t'))
        p++;
    if (p >= end || *p != '"') return 0;
    for (p++; p < end && *p != '"'; p++) {
        int rc;
        if (*p != '\\') {
            rc = sbuf_addc(out, *p);
        } else if (p + 1 >= end) {
            break;
        } else {
            char e = *++p;
            if (e == 'u' && end - p > 4) {
                char hex[5] = {p[1], p[2], p[3], p[4], 0};
                char u8[4];
                rc = sbuf_add(out, u8, utf8_encode((uint32_t)strtoul(hex, NULL, 16), u8));
                p += 4;
            } else if (e == 'u') {
                break;
            } else {
                rc = sbuf_addc(out, e == 'n' ? '\n' : e == 't' ? ' ' : e == 'r' ? ' ' : e);
            }
        }
        if (rc) return -1;
    }
    return 1;
}

int llm_note_preview(const char *partial, size_t len, struct sbuf *out)
{
    static const struct {
        const char *key, *label;
    } f[] = {{"summary", "Summary"},
             {"analysis", "Analysis"},
             {"risk", "Risk"},
             {"contrarian", "Contrarian view"}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        struct sbuf v = {0};
        int r = partial_string(partial, len, f[i].key, &v);
        int rc = r < 0;
        if (r > 0)
            rc = sbuf_printf(out, "%s%s\n", out->len ? "\n" : "", f[i].label) ||
                 sbuf_add(out, v.p ? v.p : "", v.len) || sbuf_addc(out, '\n');
        sbuf_free(&v);
        if (rc) return -1;
    }
    return 0;
}
