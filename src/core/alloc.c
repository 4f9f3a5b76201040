/*
 * alloc.c - TEMPORARY plain-malloc allocator; replaced by the pool
 * allocator. Each block carries a hidden link so fini can free all.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

typedef struct Block {
    struct Block *prev, *next;
} Block;

#define HDR 16

static int fault(MmAlloc *a)
{
    a->nalloc++;
    if (!a->fault_on)
        return 0;
    if (a->fail_at != 0 && a->nalloc == a->fail_at) {
        a->fail_at = 0;
        a->fault_on = a->fail_p > 0;
        return 1;
    }
    if (a->fail_p > 0) {
        a->rng ^= a->rng << 13; a->rng ^= a->rng >> 7; a->rng ^= a->rng << 17;
        return (double)(a->rng >> 11) / 9007199254740992.0 < a->fail_p;
    }
    return 0;
}

int mm_alloc_init(MmAlloc *a, int kind, size_t max_heap)
{
    memset(a, 0, sizeof *a);
    if (kind != OURO_ALLOC_DEFAULT && kind != OURO_ALLOC_MALLOC)
        return -1;
    a->kind = OURO_ALLOC_MALLOC;
    a->max_heap = max_heap;
    return 0;
}

void mm_alloc_fini(MmAlloc *a)
{
    Block *b = a->blocks;
    while (b != NULL) {
        Block *next = b->next;
        free(b);
        b = next;
    }
    a->blocks = NULL;
}

void *mm_alloc(MmAlloc *a, size_t size)
{
    if (fault(a) || (a->max_heap && a->st.bytes_in_use + size > a->max_heap)) {
        a->st.failed_allocations++;
        return NULL;
    }
    Block *b = malloc(HDR + size);
    if (b == NULL) {
        a->st.failed_allocations++;
        return NULL;
    }
    b->prev = NULL;
    b->next = a->blocks;
    if (b->next)
        b->next->prev = b;
    a->blocks = b;
    a->st.bytes_in_use += size;
    a->st.blocks_in_use++;
    if (a->st.bytes_in_use > a->st.peak_bytes_in_use)
        a->st.peak_bytes_in_use = a->st.bytes_in_use;
    return (char *)b + HDR;
}

void mm_free(MmAlloc *a, void *ptr, size_t size)
{
    if (ptr == NULL)
        return;
    Block *b = (Block *)((char *)ptr - HDR);
    if (b->prev) b->prev->next = b->next; else a->blocks = b->next;
    if (b->next) b->next->prev = b->prev;
    a->st.bytes_in_use -= size;
    a->st.blocks_in_use--;
    free(b);
}

void *mm_realloc(MmAlloc *a, void *ptr, size_t old_size, size_t new_size)
{
    if (ptr == NULL)
        return mm_alloc(a, new_size);
    void *n = mm_alloc(a, new_size);
    if (n == NULL)
        return NULL;
    memcpy(n, ptr, old_size < new_size ? old_size : new_size);
    mm_free(a, ptr, old_size);
    return n;
}

void mm_stats(const MmAlloc *a, OuroMemStats *out) { *out = a->st; }
const char *mm_kind_name(const MmAlloc *a) { (void)a; return "malloc"; }
void mm_fail_nth(MmAlloc *a, uint64_t nth) { a->fail_at = nth ? a->nalloc + nth : 0; a->fault_on = nth || a->fail_p > 0; }
void mm_fail_random(MmAlloc *a, double p, uint64_t seed) { a->fail_p = p; a->rng = seed ? seed : 88172645463325252ull; a->fault_on = p > 0 || a->fail_at; }
