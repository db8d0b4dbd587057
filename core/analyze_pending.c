/* Interim definitions until the analyser lands; removed at that merge. */
#include <stdlib.h>

#include "core/analyze.h"
#include "core/err.h"

struct analyzer *analyzer_new(const char *alias_path)
{
    (void)alias_path;
    err_set("the analyser is not part of this build");
    return NULL;
}

void analyzer_free(struct analyzer *an)
{
    (void)an;
}

const char *sentiment_label(double s)
{
    return s <= -0.5    ? "negative"
           : s <= -0.15 ? "moderately negative"
           : s >= 0.5   ? "positive"
           : s >= 0.15  ? "moderately positive"
                        : "neutral";
}

const char *claim_kind_name(enum claim_kind k)
{
    static const char *names[] = {"figure", "forecast", "attributed", "comparison"};
    return (unsigned)k < 4 ? names[k] : "figure";
}
