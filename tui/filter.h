/* filter: the desk's filter (struct desk_filter in struct app) turned into
 * the store's (struct article_filter) and into words. State only. */
#ifndef BULLPEN_TUI_FILTER_H
#define BULLPEN_TUI_FILTER_H

#include <stddef.h>

struct app;
struct article_filter;

/* Fills f from the desk filter (pointers into app). */
void app_article_filter(const struct app *app, struct article_filter *f);
/* Describes the active filter ("ticker NVDA, unread") into buf. */
void app_filter_text(const struct app *app, char *buf, size_t size);

#endif
