/* libcurl's functions, forwarded to libcurl.so.4 loaded on first use.
 * Each has libcurl's own name and signature (the compiler checks them
 * against curl.h); without the library each returns libcurl's error value
 * for "could not start", and curl_easy_strerror says why. */
#define CURL_DISABLE_TYPECHECK /* curl_easy_setopt is defined here, not a macro */
#include "core/curl_load.h"

#include <curl/curl.h>
#include <stdarg.h>

#include "core/dynlib.h"

#define CURL_FUNCS(F)                                                                              \
    F(curl_global_init)                                                                            \
    F(curl_global_cleanup)                                                                         \
    F(curl_easy_init)                                                                              \
    F(curl_easy_setopt)                                                                            \
    F(curl_easy_perform)                                                                           \
    F(curl_easy_getinfo)                                                                           \
    F(curl_easy_cleanup)                                                                           \
    F(curl_easy_strerror)                                                                          \
    F(curl_free)                                                                                   \
    F(curl_multi_init)                                                                             \
    F(curl_multi_add_handle)                                                                       \
    F(curl_multi_remove_handle)                                                                    \
    F(curl_multi_perform)                                                                          \
    F(curl_multi_poll)                                                                             \
    F(curl_multi_info_read)                                                                        \
    F(curl_multi_cleanup)                                                                          \
    F(curl_multi_strerror)                                                                         \
    F(curl_slist_append)                                                                           \
    F(curl_slist_free_all)                                                                         \
    F(curl_url)                                                                                    \
    F(curl_url_set)                                                                                \
    F(curl_url_get)                                                                                \
    F(curl_url_cleanup)

DYNLIB_TABLE(curl_lib, "libcurl.so.4", "libcurl4", CURL_FUNCS);
#define DEF(...) DYNLIB_DEF(curl_lib, __VA_ARGS__)
#define VOID(...) DYNLIB_VOID(curl_lib, __VA_ARGS__)

int curl_load(void)
{
    return dynlib_load(&curl_lib);
}

DEF(CURLcode, curl_global_init, CURLE_FAILED_INIT, (long flags), (flags))
VOID(curl_global_cleanup, (void), ())
DEF(CURL *, curl_easy_init, NULL, (void), ())
DEF(CURLcode, curl_easy_perform, CURLE_FAILED_INIT, (CURL * h), (h))
VOID(curl_easy_cleanup, (CURL * h), (h))
DEF(const char *, curl_easy_strerror, curl_lib.error, (CURLcode rc), (rc))
VOID(curl_free, (void *p), (p))
DEF(CURLM *, curl_multi_init, NULL, (void), ())
DEF(CURLMcode, curl_multi_add_handle, CURLM_INTERNAL_ERROR, (CURLM * m, CURL *h), (m, h))
DEF(CURLMcode, curl_multi_remove_handle, CURLM_INTERNAL_ERROR, (CURLM * m, CURL *h), (m, h))
DEF(CURLMcode, curl_multi_perform, CURLM_INTERNAL_ERROR, (CURLM * m, int *running), (m, running))
DEF(CURLMcode, curl_multi_poll, CURLM_INTERNAL_ERROR,
    (CURLM * m, struct curl_waitfd extra[], unsigned int n, int timeout_ms, int *ret),
    (m, extra, n, timeout_ms, ret))
DEF(CURLMsg *, curl_multi_info_read, NULL, (CURLM * m, int *left), (m, left))
DEF(CURLMcode, curl_multi_cleanup, CURLM_INTERNAL_ERROR, (CURLM * m), (m))
DEF(const char *, curl_multi_strerror, curl_lib.error, (CURLMcode rc), (rc))
DEF(struct curl_slist *, curl_slist_append, NULL, (struct curl_slist * list, const char *s),
    (list, s))
VOID(curl_slist_free_all, (struct curl_slist * list), (list))
DEF(CURLU *, curl_url, NULL, (void), ())
DEF(CURLUcode, curl_url_set, CURLUE_OUT_OF_MEMORY,
    (CURLU * u, CURLUPart what, const char *part, unsigned int flags), (u, what, part, flags))
DEF(CURLUcode, curl_url_get, CURLUE_OUT_OF_MEMORY,
    (CURLU * u, CURLUPart what, char **part, unsigned int flags), (u, what, part, flags))
VOID(curl_url_cleanup, (CURLU * u), (u))

/* An option's number says the type of its one argument (curl.h,
 * CURLOPTTYPE_*): long, a pointer (object or function), or curl_off_t. */
CURLcode curl_easy_setopt(CURL *h, CURLoption opt, ...)
{
    if (dynlib_ready(&curl_lib)) return CURLE_FAILED_INIT;
    va_list ap;
    va_start(ap, opt);
    CURLcode rc;
    if (opt < CURLOPTTYPE_OBJECTPOINT)
        rc = DYNLIB_FN(curl_lib, curl_easy_setopt)(h, opt, va_arg(ap, long));
    else if (opt >= CURLOPTTYPE_OFF_T && opt < CURLOPTTYPE_BLOB)
        rc = DYNLIB_FN(curl_lib, curl_easy_setopt)(h, opt, va_arg(ap, curl_off_t));
    else
        rc = DYNLIB_FN(curl_lib, curl_easy_setopt)(h, opt, va_arg(ap, void *));
    va_end(ap);
    return rc;
}

/* Every CURLINFO_* takes a pointer to where the answer goes. */
CURLcode curl_easy_getinfo(CURL *h, CURLINFO info, ...)
{
    if (dynlib_ready(&curl_lib)) return CURLE_FAILED_INIT;
    va_list ap;
    va_start(ap, info);
    CURLcode rc = DYNLIB_FN(curl_lib, curl_easy_getinfo)(h, info, va_arg(ap, void *));
    va_end(ap);
    return rc;
}
