#ifndef KAARTENBAK_CGLIBC_SHIM_H
#define KAARTENBAK_CGLIBC_SHIM_H

/* The one way Kaartenbak reaches what glibc has and Swift's Glibc module does not show: GNU extensions, which
   its headers declare only under _GNU_SOURCE (and the Glibc module is built without it), and the allocator's
   settings. Declared here as glibc has them; `static inline`, so nothing is looked up at run time. Linux only,
   as the package is. */

#include <limits.h>
#include <malloc.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <unistd.h>

/* --- GNU extensions (string.h, fcntl.h, unistd.h under _GNU_SOURCE). int64_t is glibc's off64_t/loff_t on the
   64-bit Linux the package is built for. */

/// The last `byte` in the first `length` bytes at `bytes`, or NULL.
static inline void *kb_memrchr(const void *bytes, int byte, size_t length) {
    extern void *memrchr(const void *, int, size_t);
    return memrchr(bytes, byte, length);
}

/// Starts writing a file's range to disk without waiting (SYNC_FILE_RANGE_WRITE is 2). 0 or -1 with errno.
static inline int kb_sync_file_range(int fd, int64_t offset, int64_t count, unsigned int flags) {
    extern int sync_file_range(int, int64_t, int64_t, unsigned int);
    return sync_file_range(fd, offset, count, flags);
}

/// Copies `length` bytes inside the kernel (Linux 4.5+); the bytes copied, or -1 with errno.
static inline ssize_t kb_copy_file_range(int fd_in, int64_t *offset_in, int fd_out, int64_t *offset_out,
                                         size_t length, unsigned int flags) {
    extern ssize_t copy_file_range(int, int64_t *, int, int64_t *, size_t, unsigned int);
    return copy_file_range(fd_in, offset_in, fd_out, offset_out, length, flags);
}

/* Raises the soft limit on open files to the hard one (as Go's runtime does at start): a night holds a few files
   open per source (a normalised output and the earlier files it refers to), and cron's soft limit of 1,024
   would bound the number of sources. Returns the limit now in force, or -1. */
static inline long kb_raise_open_file_limit(void) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return -1;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0) return -1;
    }
    return (long)limit.rlim_cur;
}

/* --- The allocator (malloc.h): see Sources/kaartenbak/main.swift and the pipeline's release before dedupe. */

/// Makes glibc keep memory the process frees for its next allocations instead of handing it back
/// to the kernel: no allocation is served by its own mmap, and the heap's free top is not trimmed
/// below 2 GB. Swift does not see `mallopt` through its Glibc module. Returns 1 when both took.
static inline int kb_keep_freed_memory(void) {
    int noMmap = mallopt(M_MMAP_MAX, 0);
    int noTrim = mallopt(M_TRIM_THRESHOLD, INT_MAX);
    return noMmap == 1 && noTrim == 1;
}

/// Gives the pages of memory the process has freed back to the kernel (glibc's `malloc_trim`, which
/// also releases whole free pages inside the heap). With `kb_keep_freed_memory` nothing is given back
/// otherwise: one stage's freed memory stays resident under the next stage's peak. Returns 1 when
/// some memory was released.
static inline int kb_release_freed_memory(void) {
    return malloc_trim(0);
}

/// The glibc tunable that makes malloc ask for transparent huge pages for its heap (madvise).
#define KB_HUGE_PAGES_TUNABLE "glibc.malloc.hugetlb"

/// Runs this program again (`/proc/self/exe`, same arguments) with KB_HUGE_PAGES_TUNABLE=1 added
/// to GLIBC_TUNABLES, which glibc reads only when a program starts. Does nothing when the variable
/// already names that tunable (so a user's `glibc.malloc.hugetlb=0` stands, and the second start
/// does not start again). Returns only when it did not run the program again.
static inline void kb_restart_with_huge_pages(char *const argv[]) {
    const char *current = getenv("GLIBC_TUNABLES");
    if (current != NULL && strstr(current, KB_HUGE_PAGES_TUNABLE) != NULL) return;
    char value[4096];
    int length = (current != NULL && current[0] != '\0')
        ? snprintf(value, sizeof value, "%s:" KB_HUGE_PAGES_TUNABLE "=1", current)
        : snprintf(value, sizeof value, KB_HUGE_PAGES_TUNABLE "=1");
    if (length < 0 || (size_t)length >= sizeof value) return;
    if (setenv("GLIBC_TUNABLES", value, 1) != 0) return;
    execv("/proc/self/exe", argv);
    // Not restarted (no /proc, say): go on with the defaults, and leave the environment as it was.
    if (current != NULL) setenv("GLIBC_TUNABLES", current, 1); else unsetenv("GLIBC_TUNABLES");
}


#endif
