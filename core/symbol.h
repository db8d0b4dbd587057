/* symbol: what a ticker symbol may look like. */
#ifndef BULLPEN_CORE_SYMBOL_H
#define BULLPEN_CORE_SYMBOL_H

#define SYMBOL_MAX 15 /* characters; buffers are SYMBOL_MAX + 1 */

/* Checks and upper-cases in (a leading '$' is dropped) into out: 1 to 15 of
 * A-Z 0-9 . - starting with a letter or digit (BRK.B, BF-B, 7203.T). Returns
 * 0, or -1 with err set ("'AB CD' is not a ticker symbol"). */
int symbol_normalize(const char *in, char out[SYMBOL_MAX + 1]);

#endif
