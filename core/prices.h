/* prices: daily closing prices read from the files quote sources serve.
 * Three shapes are understood, told apart by content:
 *   - plain CSV `symbol,date,close` (a header line is optional; with one,
 *     columns are found by name), any number of symbols;
 *   - Stooq's daily CSV `Date,Open,High,Low,Close,Volume` (or its Polish
 *     headers `Data,Otwarcie,...`), columns mapped by position, one symbol
 *     that the file does not name;
 *   - Alpha Vantage TIME_SERIES_DAILY JSON, the symbol in its Meta Data. */
#ifndef BULLPEN_CORE_PRICES_H
#define BULLPEN_CORE_PRICES_H

#include <stddef.h>
#include <stdint.h>

#include "core/symbol.h"

enum prices_format { PRICES_CSV, PRICES_STOOQ, PRICES_ALPHAVANTAGE };

struct price_row {
    char symbol[SYMBOL_MAX + 1];
    int64_t day; /* days since 1970-01-01 (the trading day, exchange date) */
    double close;
};

/* Parsed rows in file order. Free with prices_free. */
struct price_set {
    struct price_row *rows;
    size_t n;
    enum prices_format format;
};

/* The format buf looks like (the first line, or a leading '{'); a body that
 * is none of them reads as PRICES_CSV, whose parser then says why. */
enum prices_format prices_detect(const char *buf, size_t len);

/* Parses len bytes of buf. symbol (normalised, or NULL) names the series for
 * the formats that do not carry a symbol (Stooq) and overrides the one an
 * Alpha Vantage file names; a plain CSV names its own and refuses one.
 * Returns 0, or -1 with err set naming the problem and, for CSV, the line
 * ("line 7: 'abc' is not a price"). A body that is not price data at all (an
 * HTML page, Stooq's "No data" answer, an Alpha Vantage error note) is
 * refused with a message saying so. On success out owns its rows. */
int prices_parse(const char *buf, size_t len, const char *symbol, struct price_set *out);
void prices_free(struct price_set *p);

/* "csv", "stooq" or "alphavantage"; static. */
const char *prices_format_name(enum prices_format f);

/* Guesses the symbol from a Stooq-style file name: aapl_us_d.csv, aapl.us.csv,
 * aapl.us.txt and AAPL.csv all give AAPL (a trailing _d and a .us/_us market
 * suffix are dropped). Returns 0, or -1 with err set when the name holds no
 * usable symbol. */
int prices_symbol_from_path(const char *path, char out[SYMBOL_MAX + 1]);

/* Expands a quote URL template for symbol: {symbol} becomes the lower-case
 * symbol (Stooq's form), {SYMBOL} the symbol as given. Returns a malloc'd URL
 * the caller frees, or NULL with err set (no {symbol} in the template, or memory). */
char *prices_url_for(const char *tmpl, const char *symbol);

#endif
