/*
 * alloc.c - the runtime's allocator: the pool allocator's slow paths and
 * arenas, large blocks, the malloc and mimalloc kinds, statistics and
 * fault injection. The fast paths and the pool invariants are in alloc.h.
 *
 * Arenas (pool kind) are MM_ARENA_SIZE bytes from mmap, aligned to
 * MM_POOL_SIZE by over-mapping and trimming, and hold MM_POOLS_PER_ARENA
 * pools. Invariants:
 *   - an arena's free pools are those on its free_pools list plus those
 *     never carved (index >= ncarved); nfree counts both;
 *   - every arena held is on the `arenas` list; an arena with
 *     0 < nfree < MM_POOLS_PER_ARENA is also on usable[nfree]; one with
 *     nfree == 0 is on no other list; an empty arena is either `spare` (at
 *     most one) or unmapped at once;
 *   - a new pool comes from the usable arena with the fewest free pools, as
 *     CPython's obmalloc does, so that the emptiest arenas drain and can go
 *     back to the system.
 *
 * Sizes: 16 KiB pools in 1 MiB arenas, CPython's choice on 64-bit since
 * 3.10. Measured (release build; 200,000 live blocks of skewed sizes 16..512
 * churned 4 M times, and binary trees of 32-byte nodes built and dropped):
 * 4, 8, 16 and 32 KiB pools ran alike (churn 0.25 s, trees 0.11 s, best of
 * 7), 64 KiB pools slower (churn 0.33 s). Space lost to each pool's header
 * and tail is 4.2% on average over the classes with 4 KiB pools, 2.3% with
 * 8, 1.1% with 16, 0.6% with 32 (worst class 12.5%, 6.3%, 3.1%, 1.6%);
 * against that, a runtime touching every class holds a partial pool of each,
 * 32 x 16 KiB = 512 KiB (measured with 16-byte classes; 64 now), and bigger pools empty (and free their arena) less
 * often. 16 KiB is the knee. 1 MiB arenas hold 64 pools (one bitmap word for
 * the usable lists) and return memory to the system in 1 MiB steps. For
 * reference, the same runs on the malloc kind took 0.61 s and 0.25 s, on
 * mimalloc 0.28 s and 0.16 s.
 *
 * Size classes are 8 bytes apart (64 classes up to 512 bytes), where
 * CPython's obmalloc has used 16 since 3.8 for the SSE alignment of long
 * double; no core or language object needs more than 8, and every word an
 * object needs beyond a 16-byte step would otherwise be paid twice: a
 * 24-byte int takes 24 bytes, a 72-byte instance 72. Blocks of even classes
 * stay 16-byte aligned.
 *
 * Large blocks (pool kind above OURO_SMALL_MAX, every block of the malloc
 * kind) carry a LargeHead linking them on one list, so fini frees them all.
 * bytes_reserved counts arenas and large blocks with their headers (and
 * malloc's: large_footprint); for
 * mimalloc it counts mi_usable_size of the live blocks.
 *
 * mimalloc is loaded with dlopen(RTLD_LOCAL) when a runtime asks for it,
 * not linked: Debian's libmimalloc exports malloc and free, so linking it
 * would move every malloc in the process (the embedder's, and the malloc
 * kind's, which then compares nothing) onto mimalloc. Under valgrind the
 * mimalloc kind needs --soname-synonyms=somalloc=nouserintercepts: valgrind
 * replaces free() in every library that exports it, and mi_free is the same
 * function. A mimalloc heap belongs to the thread that created it: such a
 * runtime must stay on its creating thread.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "alloc.h"

#ifdef OURO_HAVE_MIMALLOC
#include <dlfcn.h>
#include <mimalloc.h>
#endif

#if defined(OURO_DEFAULT_ALLOC_MALLOC)
#define DEFAULT_KIND OURO_ALLOC_MALLOC
#elif defined(OURO_DEFAULT_ALLOC_MIMALLOC)
#ifndef OURO_HAVE_MIMALLOC
#error "OURO_DEFAULT_ALLOC_MIMALLOC needs OURO_HAVE_MIMALLOC"
#endif
#define DEFAULT_KIND OURO_ALLOC_MIMALLOC
#else
#define DEFAULT_KIND OURO_ALLOC_POOL
#endif

_Static_assert(MM_POOL_SHIFT >= 12, "a pool spans whole pages");
_Static_assert(MM_ARENA_SIZE >= 2 * MM_POOL_SIZE, "an arena holds several pools");
/* mm_pool_push tells "was full" from "now empty" only if capacity >= 2. */
_Static_assert(MM_POOL_HDR + 2 * OURO_SMALL_MAX <= MM_POOL_SIZE, "two blocks per pool");
_Static_assert(OURO_SIZE_CLASSES * OURO_SIZE_CLASS_STEP == OURO_SMALL_MAX, "whole classes");
_Static_assert(OURO_SIZE_CLASS_STEP >= sizeof(void *), "a free block holds its link");

typedef struct MmArena {
    char *base;                 /* MM_ARENA_SIZE bytes, MM_POOL_SIZE-aligned */
    MmPool *free_pools;         /* pools given back, linked through next */
    uint32_t nfree;             /* free pools: given back plus never carved */
    uint32_t ncarved;           /* pools carved so far, from base up */
    struct MmArena *prev, *next;            /* usable[nfree] */
    struct MmArena *all_prev, *all_next;    /* every arena held */
} MmArena;

typedef struct LargeHead {
    struct LargeHead *prev, *next;
} LargeHead;

/* The header rounded up so the block after it is aligned like malloc's. */
#define LARGE_HDR \
    ((sizeof(LargeHead) + _Alignof(max_align_t) - 1) & ~(_Alignof(max_align_t) - 1))

/* The largest block: pointer differences within it, header included, fit
 * in a ptrdiff_t, and LARGE_HDR + size cannot overflow. */
#define MAX_BLOCK ((size_t)PTRDIFF_MAX - LARGE_HDR)

/* ------------------------------------------------------------------ */
/* Accounting and fault injection                                      */
/* ------------------------------------------------------------------ */

/* Accounting for blocks outside pools (pool blocks do it inline). */
static void account_alloc(MmAlloc *a, size_t size)
{
    a->st.bytes_in_use += size;
    if (size <= OURO_SMALL_MAX)
        a->st.class_blocks[mm_size_class(size)]++;
    else
        a->st.large_blocks++;
    if (a->st.bytes_in_use > a->st.peak_bytes_in_use)
        a->st.peak_bytes_in_use = a->st.bytes_in_use;
}

static void account_free(MmAlloc *a, size_t size)
{
    assert(a->st.bytes_in_use >= size);
    a->st.bytes_in_use -= size;
    if (size <= OURO_SMALL_MAX)
        a->st.class_blocks[mm_size_class(size)]--;
    else
        a->st.large_blocks--;
}

/* Whether any injection is set: fault_on's value. */
static int armed(const MmAlloc *a)
{
    return a->fail_at != 0 || a->fail_p > 0 || a->budget_at != 0;
}

/* Whether fault injection fails the attempt just counted in nalloc. */
static int inject(MmAlloc *a)
{
    if (a->budget_at != 0 && a->nalloc >= a->budget_at)
        return 1;
    if (a->fail_at != 0 && a->nalloc == a->fail_at) {
        a->fail_at = 0;
        a->fault_on = armed(a);
        return 1;
    }
    if (a->fail_p > 0) {
        a->rng ^= a->rng << 13;
        a->rng ^= a->rng >> 7;
        a->rng ^= a->rng << 17;
        return (double)(a->rng >> 11) * 0x1p-53 < a->fail_p;
    }
    return 0;
}

/* Whether an attempt for a block of size bytes, adding `extra` bytes in
 * use, must fail: injected, too big for any C object (ASan would abort in
 * malloc rather than fail), or over max_heap. */
static int refused(MmAlloc *a, size_t size, size_t extra)
{
    if (a->fault_on && inject(a))
        return 1;
    if (size > MAX_BLOCK)
        return 1;
    return extra > a->heap_limit - a->st.bytes_in_use;
}

static void *failed(MmAlloc *a)
{
    a->st.failed_allocations++;
    return NULL;
}

void mm_fail_nth(MmAlloc *a, uint64_t nth)
{
    a->fail_at = nth != 0 ? a->nalloc + nth : 0;
    a->fault_on = armed(a);
}

void mm_fail_random(MmAlloc *a, double p, uint64_t seed)
{
    a->fail_p = p > 0 ? p : 0;
    a->rng = seed != 0 ? seed : 88172645463325252ull;   /* xorshift needs non-zero */
    a->fault_on = armed(a);
}

void mm_budget(MmAlloc *a, uint64_t n)
{
    a->budget_at = n != 0 ? a->nalloc + n : 0;
    a->fault_on = armed(a);
}

/* ------------------------------------------------------------------ */
/* Arenas                                                              */
/* ------------------------------------------------------------------ */

static void set_usable_bit(MmAlloc *a, uint32_t nfree, int on)
{
    uint64_t bit = (uint64_t)1 << (nfree % 64);
    if (on)
        a->usable_bits[nfree / 64] |= bit;
    else
        a->usable_bits[nfree / 64] &= ~bit;
}

/* Puts ar on usable[ar->nfree] if it belongs on a usable list. */
static void usable_insert(MmAlloc *a, MmArena *ar)
{
    if (ar->nfree == 0 || ar->nfree == MM_POOLS_PER_ARENA)
        return;
    ar->prev = NULL;
    ar->next = a->usable[ar->nfree];
    if (ar->next != NULL)
        ar->next->prev = ar;
    a->usable[ar->nfree] = ar;
    set_usable_bit(a, ar->nfree, 1);
}

/* Takes ar off its usable list, if it is on one. */
static void usable_remove(MmAlloc *a, MmArena *ar)
{
    if (ar->nfree == 0 || ar->nfree == MM_POOLS_PER_ARENA)
        return;
    if (ar->prev != NULL)
        ar->prev->next = ar->next;
    else
        a->usable[ar->nfree] = ar->next;
    if (ar->next != NULL)
        ar->next->prev = ar->prev;
    if (a->usable[ar->nfree] == NULL)
        set_usable_bit(a, ar->nfree, 0);
}

/* The usable arena with the fewest free pools, or NULL. */
static MmArena *fullest_usable(MmAlloc *a)
{
    for (size_t w = 0; w < MM_ARENA_BUCKET_WORDS; w++) {
        if (a->usable_bits[w] != 0)
            return a->usable[w * 64 + (size_t)__builtin_ctzll(a->usable_bits[w])];
    }
    return NULL;
}

/* MM_ARENA_SIZE bytes aligned to MM_POOL_SIZE, or NULL. mmap aligns to
 * the page only: map one pool more and trim both ends. */
static char *map_arena(void)
{
    size_t len = MM_ARENA_SIZE + MM_POOL_SIZE;
    char *raw = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
        return NULL;
    uintptr_t start = ((uintptr_t)raw + MM_POOL_SIZE - 1) & ~(uintptr_t)(MM_POOL_SIZE - 1);
    size_t head = start - (uintptr_t)raw;
    size_t tail = len - head - MM_ARENA_SIZE;
    if (head != 0)
        munmap(raw, head);
    if (tail != 0)
        munmap((char *)start + MM_ARENA_SIZE, tail);
    return (char *)start;
}

/* Whether taking `more` bytes from the system would pass max_reserved. */
static int over_reserve(const MmAlloc *a, size_t more)
{
    return a->st.bytes_reserved > a->reserve_limit ||
           more > a->reserve_limit - a->st.bytes_reserved;
}

static MmArena *new_arena(MmAlloc *a)
{
    if (over_reserve(a, MM_ARENA_SIZE))
        return NULL;
    MmArena *ar = malloc(sizeof *ar);
    if (ar == NULL)
        return NULL;
    ar->base = map_arena();
    if (ar->base == NULL) {
        free(ar);
        return NULL;
    }
    /* Pool headers are unpoisoned as pools are carved, blocks as handed out. */
    mm_poison(ar->base, MM_ARENA_SIZE);
    ar->free_pools = NULL;
    ar->nfree = MM_POOLS_PER_ARENA;
    ar->ncarved = 0;
    ar->all_prev = NULL;
    ar->all_next = a->arenas;
    if (ar->all_next != NULL)
        ar->all_next->all_prev = ar;
    a->arenas = ar;
    a->st.arenas_held++;
    a->st.arenas_allocated++;
    a->st.bytes_reserved += MM_ARENA_SIZE;
    return ar;
}

static void unmap_arena(MmArena *ar)
{
    /* Stale poison would trip whoever maps these addresses next. */
    mm_unpoison(ar->base, MM_ARENA_SIZE);
    munmap(ar->base, MM_ARENA_SIZE);
    free(ar);
}

/* ar has just become empty: keep it as the spare, or give it back. */
static void release_arena(MmAlloc *a, MmArena *ar)
{
    if (a->spare == NULL) {
        a->spare = ar;
        return;
    }
    if (ar->all_prev != NULL)
        ar->all_prev->all_next = ar->all_next;
    else
        a->arenas = ar->all_next;
    if (ar->all_next != NULL)
        ar->all_next->all_prev = ar->all_prev;
    unmap_arena(ar);
    a->st.arenas_held--;
    a->st.arenas_freed++;
    a->st.bytes_reserved -= MM_ARENA_SIZE;
}

/* A free pool from the fullest usable arena (else the spare, else a new
 * arena), or NULL if the system has no memory. */
static MmPool *take_pool(MmAlloc *a)
{
    MmArena *ar = fullest_usable(a);
    if (ar != NULL) {
        usable_remove(a, ar);
    } else if (a->spare != NULL) {
        ar = a->spare;
        a->spare = NULL;
    } else {
        ar = new_arena(a);
        if (ar == NULL)
            return NULL;
    }
    MmPool *p = ar->free_pools;
    if (p != NULL) {
        ar->free_pools = p->next;
    } else {
        p = (MmPool *)(ar->base + (size_t)ar->ncarved++ * MM_POOL_SIZE);
        mm_unpoison(p, sizeof *p);
    }
    ar->nfree--;
    usable_insert(a, ar);
    p->arena = ar;
    return p;
}

/* Returns an empty pool to its arena. */
static void give_pool(MmAlloc *a, MmPool *p)
{
    MmArena *ar = p->arena;
    usable_remove(a, ar);
    p->next = ar->free_pools;
    ar->free_pools = p;
    ar->nfree++;
    if (ar->nfree == MM_POOLS_PER_ARENA)
        release_arena(a, ar);
    else
        usable_insert(a, ar);
}

/* ------------------------------------------------------------------ */
/* Pools                                                               */
/* ------------------------------------------------------------------ */

static void init_pool(MmPool *p, unsigned cls)
{
    p->cls = cls;
    p->block_size = (cls + 1) * OURO_SIZE_CLASS_STEP;
    p->capacity = (uint32_t)((MM_POOL_SIZE - MM_POOL_HDR) / p->block_size);
    p->used = 0;
    p->free = NULL;
    p->bump = (char *)p + MM_POOL_HDR;
}

static void link_partial(MmAlloc *a, MmPool *p)
{
    p->prev = NULL;
    p->next = a->partial[p->cls];
    if (p->next != NULL)
        p->next->prev = p;
    a->partial[p->cls] = p;
}

static void unlink_partial(MmAlloc *a, MmPool *p)
{
    if (p->prev != NULL)
        p->prev->next = p->next;
    else
        a->partial[p->cls] = p->next;
    if (p->next != NULL)
        p->next->prev = p->prev;
}

void mm_pool_filled(MmAlloc *a, MmPool *p)
{
    assert(a->partial[p->cls] == p);
    unlink_partial(a, p);
}

void mm_pool_freed(MmAlloc *a, MmPool *p)
{
    if (p->used == 0) {
        unlink_partial(a, p);
        give_pool(a, p);
    } else {
        /* It was full: at the head, so the next allocation of its class
         * reuses the block just freed, which is likely still in cache. */
        link_partial(a, p);
    }
}

/* A pool block of size bytes, taking a new pool if the class has none. */
static void *pool_take(MmAlloc *a, size_t size)
{
    unsigned cls = mm_size_class(size);
    MmPool *p = a->partial[cls];
    if (p == NULL) {
        p = take_pool(a);
        if (p == NULL)
            return NULL;
        init_pool(p, cls);
        link_partial(a, p);
    }
    return mm_pool_pop(a, p, size);
}

/* The block stays where it is: only the accounting and poisoning change. */
static void *pool_resize_in_place(MmAlloc *a, void *ptr, size_t old_size, size_t new_size)
{
    account_free(a, old_size);
    account_alloc(a, new_size);
    mm_poison(ptr, mm_pool_of(ptr)->block_size);
    mm_unpoison(ptr, new_size);
    return ptr;
}

/* ------------------------------------------------------------------ */
/* Large blocks                                                        */
/* ------------------------------------------------------------------ */

static LargeHead *large_head(void *ptr)
{
    return (LargeHead *)((char *)ptr - LARGE_HDR);
}

static void large_link(MmAlloc *a, LargeHead *h)
{
    h->prev = NULL;
    h->next = a->large;
    if (h->next != NULL)
        h->next->prev = h;
    a->large = h;
}

static void large_unlink(MmAlloc *a, LargeHead *h)
{
    if (h->prev != NULL)
        h->prev->next = h->next;
    else
        a->large = h->next;
    if (h->next != NULL)
        h->next->prev = h->prev;
}

/* What a large block of size bytes holds of the system's memory, as
 * bytes_reserved counts it: the header, and malloc's own (glibc's: an
 * 8-byte chunk header, 16-byte rounding), so that max_reserved bounds the
 * footprint for blocks of any size. */
static size_t large_footprint(size_t size)
{
    return (LARGE_HDR + size + 8 + 15) & ~(size_t)15;
}

static void *large_take(MmAlloc *a, size_t size)
{
    if (over_reserve(a, large_footprint(size)))
        return NULL;
    LargeHead *h = malloc(LARGE_HDR + size);
    if (h == NULL)
        return NULL;
    large_link(a, h);
    a->st.bytes_reserved += large_footprint(size);
    account_alloc(a, size);
    return (char *)h + LARGE_HDR;
}

static void large_give(MmAlloc *a, void *ptr, size_t size)
{
    LargeHead *h = large_head(ptr);
    large_unlink(a, h);
    free(h);
    a->st.bytes_reserved -= large_footprint(size);
    account_free(a, size);
}

static void *large_resize(MmAlloc *a, void *ptr, size_t old_size, size_t new_size)
{
    if (new_size > old_size &&
        over_reserve(a, large_footprint(new_size) - large_footprint(old_size)))
        return NULL;
    LargeHead *h = realloc(large_head(ptr), LARGE_HDR + new_size);
    if (h == NULL)
        return NULL;
    /* The neighbours may still point at the old address: relink. */
    if (h->prev != NULL)
        h->prev->next = h;
    else
        a->large = h;
    if (h->next != NULL)
        h->next->prev = h;
    a->st.bytes_reserved += large_footprint(new_size);
    a->st.bytes_reserved -= large_footprint(old_size);
    account_free(a, old_size);
    account_alloc(a, new_size);
    return (char *)h + LARGE_HDR;
}

static void large_free_all(MmAlloc *a)
{
    LargeHead *h = a->large;
    while (h != NULL) {
        LargeHead *next = h->next;
        free(h);
        h = next;
    }
    a->large = NULL;
}

/* ------------------------------------------------------------------ */
/* mimalloc                                                            */
/* ------------------------------------------------------------------ */

#ifdef OURO_HAVE_MIMALLOC
typedef struct Mimalloc {
    void *lib;                  /* dlopen handle */
    mi_heap_t *heap;
    void (*heap_destroy)(mi_heap_t *);
    void *(*heap_malloc)(mi_heap_t *, size_t);
    void *(*heap_realloc)(mi_heap_t *, void *, size_t);
    void (*free)(void *);
    size_t (*usable_size)(const void *);
} Mimalloc;

/* Loads the library (never unloaded: mimalloc keeps thread-exit hooks) and
 * its entry points. Returns 0 or -1. */
static int mi_load(Mimalloc *m)
{
    static const char *const names[] = {"libmimalloc.so.2", "libmimalloc.so"};
    for (size_t i = 0; i < sizeof names / sizeof names[0] && m->lib == NULL; i++)
        m->lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (m->lib == NULL)
        return -1;
    /* POSIX guarantees these object-to-function pointer conversions. */
    mi_heap_t *(*heap_new)(void) = (mi_heap_t *(*)(void))dlsym(m->lib, "mi_heap_new");
    m->heap_destroy = (void (*)(mi_heap_t *))dlsym(m->lib, "mi_heap_destroy");
    m->heap_malloc = (void *(*)(mi_heap_t *, size_t))dlsym(m->lib, "mi_heap_malloc");
    m->heap_realloc = (void *(*)(mi_heap_t *, void *, size_t))dlsym(m->lib, "mi_heap_realloc");
    m->free = (void (*)(void *))dlsym(m->lib, "mi_free");
    m->usable_size = (size_t (*)(const void *))dlsym(m->lib, "mi_usable_size");
    if (heap_new == NULL || m->heap_destroy == NULL || m->heap_malloc == NULL ||
        m->heap_realloc == NULL || m->free == NULL || m->usable_size == NULL)
        return -1;
    m->heap = heap_new();
    return m->heap != NULL ? 0 : -1;
}

static int mi_open(MmAlloc *a)
{
    Mimalloc *m = calloc(1, sizeof *m);
    if (m == NULL)
        return -1;
    if (mi_load(m) < 0) {
        if (m->lib != NULL)
            dlclose(m->lib);
        free(m);
        return -1;
    }
    a->mi = m;
    return 0;
}

static void mi_close(MmAlloc *a)
{
    Mimalloc *m = a->mi;
    if (m == NULL)
        return;
    m->heap_destroy(m->heap);   /* frees every block still in the heap */
    dlclose(m->lib);
    free(m);
    a->mi = NULL;
}

static void *mi_take(MmAlloc *a, size_t size)
{
    Mimalloc *m = a->mi;
    void *p = m->heap_malloc(m->heap, size);
    if (p == NULL)
        return NULL;
    a->st.bytes_reserved += m->usable_size(p);
    account_alloc(a, size);
    return p;
}

static void mi_give(MmAlloc *a, void *ptr, size_t size)
{
    Mimalloc *m = a->mi;
    a->st.bytes_reserved -= m->usable_size(ptr);
    m->free(ptr);
    account_free(a, size);
}

static void *mi_resize(MmAlloc *a, void *ptr, size_t old_size, size_t new_size)
{
    Mimalloc *m = a->mi;
    size_t old_usable = m->usable_size(ptr);
    void *p = m->heap_realloc(m->heap, ptr, new_size);
    if (p == NULL)
        return NULL;
    a->st.bytes_reserved += m->usable_size(p);
    a->st.bytes_reserved -= old_usable;
    account_free(a, old_size);
    account_alloc(a, new_size);
    return p;
}
#else
static int mi_open(MmAlloc *a)
{
    (void)a;
    return -1;
}

static void mi_close(MmAlloc *a)
{
    (void)a;
}

/* Never reached: no runtime of this kind can be created. */
static void *mi_take(MmAlloc *a, size_t size)
{
    (void)a;
    (void)size;
    return NULL;
}

static void mi_give(MmAlloc *a, void *ptr, size_t size)
{
    (void)a;
    (void)ptr;
    (void)size;
}

static void *mi_resize(MmAlloc *a, void *ptr, size_t old_size, size_t new_size)
{
    (void)a;
    (void)ptr;
    (void)old_size;
    (void)new_size;
    return NULL;
}
#endif

/* ------------------------------------------------------------------ */
/* Dispatch by kind                                                    */
/* ------------------------------------------------------------------ */

/* A block from the kind's own source, accounted; no checks. */
static void *take(MmAlloc *a, size_t size)
{
    switch (a->kind) {
    case OURO_ALLOC_POOL:
        return size <= OURO_SMALL_MAX ? pool_take(a, size) : large_take(a, size);
    case OURO_ALLOC_MALLOC:
        return large_take(a, size);
    default:
        return mi_take(a, size);
    }
}

static void give(MmAlloc *a, void *ptr, size_t size)
{
    switch (a->kind) {
    case OURO_ALLOC_POOL:
        if (size <= OURO_SMALL_MAX)
            mm_pool_push(a, ptr, size);
        else
            large_give(a, ptr, size);
        break;
    case OURO_ALLOC_MALLOC:
        large_give(a, ptr, size);
        break;
    default:
        mi_give(a, ptr, size);
        break;
    }
}

/* A new block, the contents copied, the old block freed; or NULL. */
static void *move(MmAlloc *a, void *ptr, size_t old_size, size_t new_size)
{
    void *n = take(a, new_size);
    if (n == NULL)
        return NULL;
    memcpy(n, ptr, old_size < new_size ? old_size : new_size);
    give(a, ptr, old_size);
    return n;
}

static void *resize(MmAlloc *a, void *ptr, size_t old_size, size_t new_size)
{
    switch (a->kind) {
    case OURO_ALLOC_POOL:
        if (old_size <= OURO_SMALL_MAX && new_size <= OURO_SMALL_MAX &&
            mm_size_class(old_size) == mm_size_class(new_size))
            return pool_resize_in_place(a, ptr, old_size, new_size);
        if (old_size > OURO_SMALL_MAX && new_size > OURO_SMALL_MAX)
            return large_resize(a, ptr, old_size, new_size);
        return move(a, ptr, old_size, new_size);
    case OURO_ALLOC_MALLOC:
        return large_resize(a, ptr, old_size, new_size);
    default:
        return mi_resize(a, ptr, old_size, new_size);
    }
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */
/* ------------------------------------------------------------------ */

int mm_alloc_init(MmAlloc *a, int kind, size_t max_heap)
{
    memset(a, 0, sizeof *a);
    if (kind == OURO_ALLOC_DEFAULT)
        kind = DEFAULT_KIND;
    a->kind = kind;
    a->heap_limit = max_heap != 0 ? max_heap : SIZE_MAX;
    a->reserve_limit = SIZE_MAX;   /* ouro_runtime_new sets max_reserved */
    switch (kind) {
    case OURO_ALLOC_POOL:
        a->small_max = OURO_SMALL_MAX;
        return 0;
    case OURO_ALLOC_MALLOC:
        return 0;
    case OURO_ALLOC_MIMALLOC:
        return mi_open(a);
    default:
        return -1;
    }
}

void mm_alloc_fini(MmAlloc *a)
{
    MmArena *ar = a->arenas;
    while (ar != NULL) {
        MmArena *next = ar->all_next;
        unmap_arena(ar);
        ar = next;
    }
    a->arenas = a->spare = NULL;
    memset(a->partial, 0, sizeof a->partial);
    memset(a->usable, 0, sizeof a->usable);
    memset(a->usable_bits, 0, sizeof a->usable_bits);
    large_free_all(a);
    mi_close(a);
}

void *mm_alloc_slow(MmAlloc *a, size_t size)
{
    assert(size > 0);
    if (refused(a, size, size))
        return failed(a);
    void *p = take(a, size);
    return p != NULL ? p : failed(a);
}

void mm_free_slow(MmAlloc *a, void *ptr, size_t size)
{
    if (ptr != NULL)
        give(a, ptr, size);
}

void *mm_realloc(MmAlloc *a, void *ptr, size_t old_size, size_t new_size)
{
    assert(new_size > 0);
    if (ptr == NULL)
        return mm_alloc(a, new_size);
    a->nalloc++;
    if (refused(a, new_size, new_size > old_size ? new_size - old_size : 0))
        return failed(a);
    void *p = resize(a, ptr, old_size, new_size);
    return p != NULL ? p : failed(a);
}

void mm_stats(const MmAlloc *a, OuroMemStats *out)
{
    *out = a->st;
    /* blocks_in_use is not kept: the sum of the per-class and large counts,
     * one counter fewer on every allocation and free. */
    out->blocks_in_use = a->st.large_blocks;
    for (size_t c = 0; c < OURO_SIZE_CLASSES; c++) {
        out->blocks_in_use += a->st.class_blocks[c];
        out->class_bytes[c] = a->st.class_blocks[c] * (c + 1) * OURO_SIZE_CLASS_STEP;
    }
}

const char *mm_kind_name(const MmAlloc *a)
{
    switch (a->kind) {
    case OURO_ALLOC_POOL:
        return "pool";
    case OURO_ALLOC_MALLOC:
        return "malloc";
    default:
        return "mimalloc";
    }
}
