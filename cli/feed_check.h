/* feed_check: what `feeds add URL` subscribes to. The URL is fetched once:
 * a feed is taken as it is; a web page is searched for the feeds it
 * announces (core/discover.h). Used by cmd_feeds.c only. */
#ifndef BULLPEN_CLI_FEED_CHECK_H
#define BULLPEN_CLI_FEED_CHECK_H

struct cli;

/* Fetches url with the config's fetch settings and decides the feed URL.
 * On success returns EXIT_OK and sets *feed to a malloc'd URL the caller
 * frees: url itself when it is a feed (or could not be fetched: a note goes
 * to stderr and the URL is taken on trust, as feeds may be down for a
 * while), else the first feed the page announces (the others are named on
 * stderr). With list set, prints every feed found (URL, kind, title, one a
 * line, tab-separated) to stdout instead, sets *feed to NULL and returns
 * EXIT_OK, or EXIT_FAIL when none was found or the fetch failed. A page
 * that is neither a feed nor announces one is EXIT_FAIL with the reason
 * printed. */
int cli_feed_check(struct cli *c, const char *url, int list, char **feed);

#endif
