#include "core/article.h"

#include <stdlib.h>
#include <string.h>

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
