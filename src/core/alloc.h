/*
 * alloc.h - the runtime's memory allocator (internal to the core).
 *
 * Every byte a runtime uses comes through one MmAlloc: objects, item arrays,
 * tables, string data. Frees and reallocs pass the block's size back, so no
 * pool block carries a size header, and bytes_in_use is exact (the sum of
 * the sizes asked for). mm_alloc_fini frees everything still held.
 *
 * Three kinds, chosen per runtime:
 *   pool     - blocks up to OURO_SMALL_MAX bytes come from pools of one
 *              8-byte size class, carved from mmap'd arenas; larger blocks
 *              come from malloc behind a hidden link header (LargeHead in
 *              alloc.c) that keeps them on one list for fini;
 *   malloc   - every block from malloc behind that same link header;
 *   mimalloc - a private mimalloc heap (only with OURO_HAVE_MIMALLOC).
 *
 * Pool invariants (the fast paths below rely on them):
 *   - a pool is MM_POOL_SIZE bytes aligned to MM_POOL_SIZE and begins with
 *     its MmPool header, so a block's pool is its address rounded down;
 *   - a pool serves one class: blocks of (cls + 1) * 8 bytes starting
 *     MM_POOL_HDR bytes in; its free blocks are those on `free` plus those
 *     from `bump` to the end, and used + free blocks == capacity;
 *   - partial[cls] lists exactly the pools of class cls with
 *     0 < used < capacity, or used == 0 only inside the allocation that
 *     just took the pool; a full pool is on no list; an empty one goes
 *     straight back to its arena;
 *   - for every non-pool kind partial[] stays all NULL and small_max is 0,
 *     so the fast paths fall through to the kind's own code.
 * In AddressSanitizer builds every byte of an arena is poisoned except the
 * headers of carved pools and the bytes asked for of each block handed out,
 * so touching a freed block, or the slack at the end of a block, is reported
 * ("use-after-poison").
 *
 * A runtime is single-threaded: nothing here locks.
 */
#ifndef OURO_CORE_ALLOC_H
#define OURO_CORE_ALLOC_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "ouro.h"

#if defined(__SANITIZE_ADDRESS__)
#define MM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MM_ASAN 1
#endif
#endif
#ifdef MM_ASAN
#include <sanitizer/asan_interface.h>
#endif

#if defined(__GNUC__) || defined(__clang__)
#define MM_UNLIKELY(x) __builtin_expect(!!(x), 0)
/* For the cold half of a hot function: kept out of line so that the hot
 * half needs no callee-saved registers. */
#define MM_NOINLINE __attribute__((noinline))
#else
#define MM_UNLIKELY(x) (x)
#define MM_NOINLINE
#endif

/* 16 KiB pools in 1 MiB arenas: see the measurements in alloc.c. Both can be
 * overridden at build time for measuring (powers of two, pool >= the page). */
#ifndef MM_POOL_SHIFT
#define MM_POOL_SHIFT 14
#endif
#ifndef MM_ARENA_SHIFT
#define MM_ARENA_SHIFT 20
#endif
#define MM_POOL_SIZE ((size_t)1 << MM_POOL_SHIFT)
#define MM_ARENA_SIZE ((size_t)1 << MM_ARENA_SHIFT)
#define MM_POOLS_PER_ARENA (MM_ARENA_SIZE / MM_POOL_SIZE)

/* A free pool block: the link lives in the block's first word. */
typedef struct MmBlock {
    struct MmBlock *next;
} MmBlock;

struct MmArena;

typedef struct MmPool {
    MmBlock *free;              /* blocks given back, most recent first */
    char *bump;                 /* first block never handed out */
    uint32_t used;              /* blocks handed out */
    uint32_t capacity;          /* blocks that fit in the pool */
    uint32_t cls;               /* size class: blocks of (cls + 1) * 8 bytes */
    uint32_t block_size;
    struct MmPool *prev, *next; /* partial[cls] list; next alone links an
                                   arena's free pools */
    struct MmArena *arena;
} MmPool;

/* The header rounded up to 16: blocks of even classes are 16-byte
 * aligned, every block at least 8-byte aligned. */
#define MM_POOL_HDR ((sizeof(MmPool) + 15) & ~(size_t)15)

#define MM_ARENA_BUCKET_WORDS ((MM_POOLS_PER_ARENA + 63) / 64)

typedef struct MmAlloc {
    int kind;                   /* OURO_ALLOC_POOL, _MALLOC or _MIMALLOC */
    size_t small_max;           /* OURO_SMALL_MAX for the pool kind, else 0 */
    size_t heap_limit;          /* max_heap, or SIZE_MAX for no cap */
    size_t reserve_limit;       /* max_reserved, or SIZE_MAX: bytes_reserved never passes it */
    uint64_t nalloc;            /* allocations and reallocs attempted */
    int fault_on;               /* injection armed: the only test on the fast path */
    uint64_t fail_at;           /* nalloc value that fails, 0 for none */
    double fail_p;
    uint64_t rng;               /* xorshift64 state for fail_p */
    uint64_t budget_at;         /* from this nalloc value on every attempt fails, 0 for none */
    OuroMemStats st;            /* class_bytes and blocks_in_use are filled in
                                 * by mm_stats (blocks_in_use stays 0 here) */
    /* pool kind */
    MmPool *partial[OURO_SIZE_CLASSES];
    /* Arenas with nfree free pools, 0 < nfree < MM_POOLS_PER_ARENA, are on
     * usable[nfree]; bit nfree of usable_bits is set when that list is not
     * empty, so the fullest usable arena is found without a scan. */
    struct MmArena *usable[MM_POOLS_PER_ARENA];
    uint64_t usable_bits[MM_ARENA_BUCKET_WORDS];
    struct MmArena *arenas;     /* every arena held, for fini */
    struct MmArena *spare;      /* one empty arena kept against mmap thrash */
    /* pool kind (blocks above small_max) and malloc kind (every block) */
    struct LargeHead *large;
    /* mimalloc kind */
    void *mi;
} MmAlloc;

/* Returns 0, or -1 if the kind is not built in (or its library cannot be
 * loaded) or memory runs out. kind OURO_ALLOC_DEFAULT picks the build's
 * default; max_heap caps bytes_in_use (0: no cap). */
int mm_alloc_init(MmAlloc *a, int kind, size_t max_heap);
/* Frees every block and arena still held. */
void mm_alloc_fini(MmAlloc *a);
/* As realloc; old_size is the size the block was allocated with. On failure
 * returns NULL and the old block is untouched. ptr NULL acts as mm_alloc.
 * Counts as one attempt for fault injection even when the block could stay
 * where it is, so fault sweeps see the same sequence with every kind. Within
 * one pool size class the block stays where it is. */
void *mm_realloc(MmAlloc *a, void *ptr, size_t old_size, size_t new_size);
void mm_stats(const MmAlloc *a, OuroMemStats *out);
const char *mm_kind_name(const MmAlloc *a);
/* Fault injection, as ouro_mem_fail_nth / ouro_mem_fail_random in ouro.h. */
void mm_fail_nth(MmAlloc *a, uint64_t nth);
void mm_fail_random(MmAlloc *a, double p, uint64_t seed);
void mm_budget(MmAlloc *a, uint64_t n);

/* Slow paths of mm_alloc and mm_free, for every case the inline code does
 * not handle. mm_alloc_slow expects the attempt to be counted already. */
void *mm_alloc_slow(MmAlloc *a, size_t size);
void mm_free_slow(MmAlloc *a, void *ptr, size_t size);
/* The pool at the head of partial[p->cls] just became full. */
void mm_pool_filled(MmAlloc *a, MmPool *p);
/* A block of p was freed and p just stopped being full or became empty. */
void mm_pool_freed(MmAlloc *a, MmPool *p);

/* ASan's manual poisoning; nothing in other builds. */
static inline void mm_poison(const volatile void *p, size_t n)
{
#ifdef MM_ASAN
    ASAN_POISON_MEMORY_REGION(p, n);
#else
    (void)p;
    (void)n;
#endif
}

static inline void mm_unpoison(const volatile void *p, size_t n)
{
#ifdef MM_ASAN
    ASAN_UNPOISON_MEMORY_REGION(p, n);
#else
    (void)p;
    (void)n;
#endif
}

static inline MmPool *mm_pool_of(const void *block)
{
    return (MmPool *)((uintptr_t)block & ~(uintptr_t)(MM_POOL_SIZE - 1));
}

static inline unsigned mm_size_class(size_t size)
{
    return (unsigned)((size - 1) / OURO_SIZE_CLASS_STEP);
}

/* Hands out a block of size bytes from p, the head of partial[cls]. */
static inline void *mm_pool_pop(MmAlloc *a, MmPool *p, size_t size)
{
    MmBlock *b = p->free;
    if (b != NULL) {
        mm_unpoison(b, sizeof *b);
        p->free = b->next;
        mm_poison(b, sizeof *b);
    } else {
        b = (MmBlock *)p->bump;
        p->bump += p->block_size;
    }
    if (++p->used == p->capacity)
        mm_pool_filled(a, p);
    mm_unpoison(b, size);
    a->st.bytes_in_use += size;
    a->st.class_blocks[p->cls]++;
    if (a->st.bytes_in_use > a->st.peak_bytes_in_use)
        a->st.peak_bytes_in_use = a->st.bytes_in_use;
    return b;
}

/* Gives a pool block of size bytes back to its pool. */
static inline void mm_pool_push(MmAlloc *a, void *ptr, size_t size)
{
    MmPool *p = mm_pool_of(ptr);
    assert(p->cls == mm_size_class(size) && p->used > 0);   /* wrong size, double free */
    MmBlock *b = ptr;
    mm_unpoison(b, sizeof *b);
    b->next = p->free;
    p->free = b;
    mm_poison(b, p->block_size);
    a->st.bytes_in_use -= size;
    a->st.class_blocks[p->cls]--;
    uint32_t was_used = p->used--;
    if (was_used == p->capacity || was_used == 1)
        mm_pool_freed(a, p);
}

/* The inline half of mm_alloc: a block from the partial pool of its class
 * when there is one and nothing else needs looking at (no fault injection
 * armed, under the heap cap); else NULL, with nothing changed, and the
 * caller goes to mm_alloc. Counts the attempt only when it succeeds. */
static inline void *mm_alloc_fast(MmAlloc *a, size_t size)
{
    assert(size > 0);
    if (size > a->small_max || MM_UNLIKELY(a->fault_on) ||
        a->st.bytes_in_use + size > a->heap_limit)
        return NULL;
    MmPool *p = a->partial[mm_size_class(size)];
    if (p == NULL)
        return NULL;
    a->nalloc++;
    return mm_pool_pop(a, p, size);
}

/*
 * Returns a block of size bytes (size > 0), or NULL on failure (injected,
 * over max_heap, or real). The block is 8-byte aligned (16-byte for the
 * malloc kind and blocks of a multiple of 16 bytes) and not zeroed. Inline: the common case is a pool
 * block of a class that has a partial pool.
 */
static inline void *mm_alloc(MmAlloc *a, size_t size)
{
    void *b = mm_alloc_fast(a, size);
    if (b != NULL)
        return b;
    a->nalloc++;
    return mm_alloc_slow(a, size);
}

/* Frees a block; size must be the size it was allocated (or last
 * reallocated) with. ptr may be NULL. */
static inline void mm_free(MmAlloc *a, void *ptr, size_t size)
{
    if (size > a->small_max || ptr == NULL)
        mm_free_slow(a, ptr, size);
    else
        mm_pool_push(a, ptr, size);
}

#endif
