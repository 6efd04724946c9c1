#ifndef KAARTENBAK_CMALLOC_SHIM_H
#define KAARTENBAK_CMALLOC_SHIM_H

#include <limits.h>
#include <malloc.h>

/// Makes glibc keep memory the process frees for its next allocations instead of handing it back
/// to the kernel: no allocation is served by its own mmap, and the heap's free top is not trimmed
/// below 2 GB. Swift does not see `mallopt` through its Glibc module. Returns 1 when both took.
static inline int kb_keep_freed_memory(void) {
    int noMmap = mallopt(M_MMAP_MAX, 0);
    int noTrim = mallopt(M_TRIM_THRESHOLD, INT_MAX);
    return noMmap == 1 && noTrim == 1;
}

#endif
