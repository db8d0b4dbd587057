/* SQLite's process-wide settings, made before it is first used: the page
 * cache of a command that only reads, in memory the kernel may back with
 * 2 MB pages, and no allocation statistics.
 *
 * A reading command reads a few hundred 16 KB pages, each into a buffer
 * SQLite has just allocated: four first-touch page faults a page, which on
 * a virtual machine cost 10 to 12 us each and were most of a search's time
 * (`search guidance` on 10,000,000 articles: 772 faults and 18.5 ms of
 * task-clock). Handed one region for its page buffers
 * (SQLITE_CONFIG_PAGECACHE), advised for transparent huge pages, it takes
 * one fault per 2 MB instead (229 faults, 9.0 ms; 8.9 MB resident against
 * 6.8). Where the kernel gives no huge pages the region is paged as
 * malloc's memory would be.
 *
 * Only for readers, and only 4 MB (a reader's cache is SQLite's default,
 * 2 MB): SQLite writes its free list through every slot of the region when
 * it is given, so all of it is resident at once, and it stops a cache from
 * growing once the region is nearly full instead of going to malloc, which
 * would cap a writer's larger cache (import's 32 MB) at the region's
 * size. */
#include "storage/internal.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <sys/mman.h>

#define HUGE_PAGE (2u << 20)
#define REGION (2 * HUGE_PAGE)
#define PAGE_MAX 16384 /* the largest page a store has (new stores' size) */

static void setup(void)
{
    int hdr = 0;
    if (sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &hdr) != SQLITE_OK || hdr <= 0) return;
    size_t slot = PAGE_MAX + (size_t)hdr;
    /* One huge page more than the region, to start it on a 2 MB boundary. */
    void *p =
        mmap(NULL, REGION + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return;
    char *start = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
    (void)madvise(start, REGION, MADV_HUGEPAGE); /* advice: no huge pages is no error */
    /* Refused once SQLite is in use (a caller that opened a database before
     * any store): the region is then given back, and malloc serves. */
    if (sqlite3_config(SQLITE_CONFIG_PAGECACHE, start, (int)slot, (int)(REGION / slot)) !=
        SQLITE_OK)
        munmap(p, REGION + HUGE_PAGE);
}

void store_pagecache_init(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, setup);
}

/* SQLite counts every allocation it makes under a process-wide mutex
 * (SQLITE_CONFIG_MEMSTATUS, on by default) for sqlite3_memory_used and the
 * heap limits, neither of which bullpen uses: a fetch's writer thread took
 * and released it some millions of times (1.5% of its samples in pthread's
 * lock and unlock at 200 x 500). Refused once SQLite is in use, which
 * changes nothing else. */
static void no_memstatus(void)
{
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

void store_sqlite_config(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, no_memstatus);
}
