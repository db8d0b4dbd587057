#include "core/article.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "core/textpack.h"

void article_clear(struct article *a)
{
    free(a->guid);
    free(a->title);
    free(a->link);
    free(a->author);
    free(a->summary);
    free(a->content);
    free(a->provider_label);
    free(a->provider_tickers);
    free(a->summary_packed);
    free(a->content_packed);
    memset(a, 0, sizeof *a);
}

/* One text packed into a copy of its own (tp's buffer is reused). */
static int pack_one(const char *text, struct textpack *tp, unsigned char **out, size_t *len)
{
    free(*out);
    *out = NULL;
    *len = 0;
    const unsigned char *z;
    long k = text ? textpack_pack(tp, text, strlen(text), &z) : 0;
    if (k <= 0) return (int)k;
    if (!(*out = malloc((size_t)k))) return err_set("out of memory");
    memcpy(*out, z, (size_t)k);
    *len = (size_t)k;
    return 0;
}

int article_pack(struct article *a, struct textpack *tp)
{
    if (pack_one(a->summary, tp, &a->summary_packed, &a->summary_packed_len) ||
        pack_one(a->content, tp, &a->content_packed, &a->content_packed_len))
        return -1;
    return 0;
}

int article_compose_text(const struct article *a, struct sbuf *out, size_t *title_len)
{
    const char *title = a->title ? a->title : "";
    const char *body = a->content && *a->content ? a->content : a->summary;
    if (sbuf_adds(out, title)) return -1;
    *title_len = strlen(title);
    if (body && *body && (sbuf_adds(out, "\n\n") || sbuf_adds(out, body))) return -1;
    return 0;
}

const char *article_title_shown(const char *title)
{
    return title && *title ? title : "(no title)";
}
