// Typed wrappers over libcurl's variadic calls, which Swift cannot import.
// Each wrapper fixes the argument type that the option or info expects, so a
// wrong pairing is a compile error in Swift instead of undefined behaviour in C.
#ifndef KAARTENBAK_CCURL_SHIM_H
#define KAARTENBAK_CCURL_SHIM_H

#include <curl/curl.h>

typedef size_t (*kb_curl_data_callback)(char *data, size_t size, size_t count, void *user);
typedef int (*kb_curl_xferinfo_callback)(void *user, curl_off_t dltotal, curl_off_t dlnow,
                                         curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode kb_curl_global_init(void) {
    return curl_global_init(CURL_GLOBAL_ALL);
}

static inline CURLcode kb_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode kb_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/// libcurl copies string options (since 7.17), so the Swift string may die after the call.
static inline CURLcode kb_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/// For CURLOPT_*DATA and CURLOPT_ERRORBUFFER: the pointer must outlive the transfer.
static inline CURLcode kb_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

/// For CURLOPT_HTTPHEADER: the list is not copied and must outlive the transfer.
static inline CURLcode kb_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/// For CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION.
static inline CURLcode kb_easy_setopt_data_callback(CURL *handle, CURLoption option, kb_curl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode kb_easy_setopt_xferinfo_callback(CURL *handle, kb_curl_xferinfo_callback value) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, value);
}

static inline CURLcode kb_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode kb_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode kb_easy_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    return curl_easy_getinfo(handle, info, value);
}

/// The string belongs to the handle and is valid until the next call on it.
static inline CURLcode kb_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
