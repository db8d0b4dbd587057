#include "core/article.h"

#include <stdlib.h>
#include <string.h>

#include "core/str.h"

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
    memset(a, 0, sizeof *a);
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
