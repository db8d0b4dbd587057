/* libFuzzer target: every feed format through feed_parse (format detection,
 * XML repair, RSS/RDF/Atom, JSON Feed, Alpha Vantage). */
#include <stddef.h>
#include <stdint.h>

#include "core/feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct feed_doc doc = {0};
    if (feed_parse((const char *)data, size, 1700000000, &doc) == 0) feed_doc_free(&doc);
    return 0;
}
