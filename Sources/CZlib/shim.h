#ifndef KAARTENBAK_CZLIB_SHIM_H
#define KAARTENBAK_CZLIB_SHIM_H
/* zlib for feeds that arrive as gzip files (not as HTTP Content-Encoding, which libcurl decodes). */
#include <zlib.h>

/* gzopen's mode is a C string literal; Swift passes it more simply through this shim. */
static inline gzFile kb_gzopen_read(const char *path) {
    return gzopen(path, "rb");
}
#endif
