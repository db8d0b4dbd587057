/* defaults: data compiled into the binary. */
#ifndef BULLPEN_CORE_DEFAULTS_H
#define BULLPEN_CORE_DEFAULTS_H

/* The built-in feed list (data/default_feeds.opml): real public finance
 * feeds, used while the user has none of their own. Static. */
extern const char bullpen_default_feeds[];
extern const unsigned long bullpen_default_feeds_len;

#endif
