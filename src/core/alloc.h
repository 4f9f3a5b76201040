/*
 * alloc.h - the runtime's memory allocator (internal to the core).
 *
 * Every byte a runtime uses comes through one MmAlloc: objects, item arrays,
 * tables, string data. Frees and reallocs pass the block's size back, so no
 * block carries a size header, and bytes_in_use is exact (the sum of the
 * sizes asked for). mm_alloc_fini frees everything still held.
 */
#ifndef OURO_CORE_ALLOC_H
#define OURO_CORE_ALLOC_H

#include <stddef.h>
#include <stdint.h>

#include "ouro.h"

typedef struct MmAlloc {
    int kind;                   /* OURO_ALLOC_MALLOC, ... */
    size_t max_heap;            /* 0: no cap */
    uint64_t nalloc;            /* allocations attempted */
    int fault_on;               /* fault injection armed: the only test on the fast path */
    uint64_t fail_at;           /* nalloc value that fails, 0 for none */
    double fail_p;
    uint64_t rng;
    OuroMemStats st;
    void *blocks;               /* malloc kind: every live block, for fini */
} MmAlloc;

/* Returns 0, or -1 if the kind is not built in or memory runs out. */
int mm_alloc_init(MmAlloc *a, int kind, size_t max_heap);
/* Frees every block and arena still held. */
void mm_alloc_fini(MmAlloc *a);
/* NULL on failure (injected, over max_heap, or real). size > 0. */
void *mm_alloc(MmAlloc *a, size_t size);
/* As realloc; old_size is the size the block was allocated with. On failure
 * returns NULL and the old block is untouched. ptr NULL acts as mm_alloc. */
void *mm_realloc(MmAlloc *a, void *ptr, size_t old_size, size_t new_size);
/* size must be the size the block was allocated with. ptr may be NULL. */
void mm_free(MmAlloc *a, void *ptr, size_t size);
void mm_stats(const MmAlloc *a, OuroMemStats *out);
const char *mm_kind_name(const MmAlloc *a);
void mm_fail_nth(MmAlloc *a, uint64_t nth);
void mm_fail_random(MmAlloc *a, double p, uint64_t seed);

#endif
