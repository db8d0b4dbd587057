/* curl_load: libcurl, loaded on first use (core/dynlib.h says why).
 * core/curl_load.c defines the libcurl functions bullpen calls; the first
 * call of any of them loads libcurl.so.4. */
#ifndef BULLPEN_CORE_CURL_LOAD_H
#define BULLPEN_CORE_CURL_LOAD_H

/* Loads libcurl; 0, or -1 with err set to one line naming the library and
 * the package to install. fetch_global_init calls it first, so the
 * commands that fetch say so plainly when libcurl is missing. */
int curl_load(void);

#endif
