/*
 * core.h - the memory core's internal state: the runtime, the collector's
 * link header and its accessors. Included only by src/core/.
 *
 * The collector's header (OuroGCHead) sits immediately before the object of
 * a GC type. It is two words; the low three bits of each hold state, since
 * every block is at least 8-byte aligned:
 *
 *   next: pointer to the next header on the object's list | bits
 *         bit 0  UNREACHABLE  set only during a collection, for objects moved
 *                             to the tentatively-unreachable list
 *         bits 1-2 SPACE      which list the object is on: generation 0, 1,
 *                             2 or the permanent one (OURO_GC_PERMANENT)
 *         next == 0 exactly when the object is not tracked.
 *   prev: pointer to the previous header | bits, or during a collection
 *         gc_refs << PREV_SHIFT | bits
 *         bit 0  FINALIZED    the safe finalizer has run (never cleared)
 *         bit 1  COLLECTING   in the set being collected (collection only)
 *         bit 2  WEAKLIST     the object (of an OURO_TYPE_WEAKLIST_SIDE type)
 *                             has an entry in the runtime's side table of
 *                             weak reference lists (weakref.c); kept while
 *                             the object is untracked and through
 *                             collections, until the list becomes empty
 *
 * Invariants outside a collection:
 *   - every tracked object is on exactly one list: gen[0..2] or permanent,
 *     and its SPACE bits name that list; gen[i].size counts the list;
 *   - UNREACHABLE and COLLECTING are clear everywhere;
 *   - an untracked object has next == 0 and prev holds only flag bits
 *     (FINALIZED and WEAKLIST, which survive untracking).
 * gc_refs is read and written only through gc_get_refs/gc_set_refs/
 * gc_dec_refs, so its storage can move out of the header later.
 */
#ifndef OURO_CORE_CORE_H
#define OURO_CORE_CORE_H

#include <assert.h>
#include <stdint.h>

#include "ouro.h"
#include "alloc.h"

typedef struct OuroGCHead {
    uintptr_t next;
    uintptr_t prev;
} OuroGCHead;

#define NEXT_UNREACHABLE ((uintptr_t)1)
#define NEXT_SPACE_SHIFT 1
#define NEXT_SPACE_MASK ((uintptr_t)6)
#define NEXT_BITS ((uintptr_t)7)

#define PREV_FINALIZED ((uintptr_t)1)
#define PREV_COLLECTING ((uintptr_t)2)
#define PREV_WEAKLIST ((uintptr_t)4)
#define PREV_BITS ((uintptr_t)7)
#define PREV_SHIFT 3
/* The bits an object keeps when it is untracked. */
#define PREV_KEEP ((uintptr_t)(PREV_FINALIZED | PREV_WEAKLIST))

static inline OuroGCHead *as_gc(const OuroObject *op)
{
    return (OuroGCHead *)op - 1;
}

static inline OuroObject *from_gc(OuroGCHead *g)
{
    return (OuroObject *)(g + 1);
}

static inline int is_gc_type(const OuroType *t)
{
    return (t->flags & OURO_TYPE_GC) != 0;
}

static inline OuroGCHead *gc_next(const OuroGCHead *g)
{
    return (OuroGCHead *)(g->next & ~NEXT_BITS);
}

static inline void gc_set_next(OuroGCHead *g, OuroGCHead *n)
{
    g->next = (g->next & NEXT_BITS) | (uintptr_t)n;
}

static inline OuroGCHead *gc_prev(const OuroGCHead *g)
{
    return (OuroGCHead *)(g->prev & ~PREV_BITS);
}

static inline void gc_set_prev(OuroGCHead *g, OuroGCHead *p)
{
    g->prev = (g->prev & PREV_BITS) | (uintptr_t)p;
}

static inline int gc_space(const OuroGCHead *g)
{
    return (int)((g->next & NEXT_SPACE_MASK) >> NEXT_SPACE_SHIFT);
}

static inline void gc_set_space(OuroGCHead *g, int space)
{
    g->next = (g->next & ~NEXT_SPACE_MASK) | ((uintptr_t)space << NEXT_SPACE_SHIFT);
}

static inline int gc_is_tracked(const OuroGCHead *g)
{
    return g->next != 0;
}

static inline int gc_is_finalized(const OuroGCHead *g)
{
    return (g->prev & PREV_FINALIZED) != 0;
}

static inline int gc_is_collecting(const OuroGCHead *g)
{
    return (g->prev & PREV_COLLECTING) != 0;
}

/* gc_refs: the object's count minus references from inside the set being
 * collected. Valid only while COLLECTING is set. */
static inline intptr_t gc_get_refs(const OuroGCHead *g)
{
    /* Arithmetic shift (gcc and clang): the heap checker lets it go
     * negative to report over-counting. */
    return (intptr_t)g->prev >> PREV_SHIFT;
}

static inline void gc_set_refs(OuroGCHead *g, intptr_t refs)
{
    g->prev = (g->prev & PREV_BITS) | ((uintptr_t)refs << PREV_SHIFT);
}

static inline void gc_dec_refs(OuroGCHead *g)
{
    assert(gc_get_refs(g) > 0);
    g->prev -= (uintptr_t)1 << PREV_SHIFT;
}

/* A generation: a circular list with a sentinel head, its size, and
 * CPython 3.11's count (allocations for generation 0, collections of the
 * younger generation for the others) and threshold. */
typedef struct GCGeneration {
    OuroGCHead head;
    intptr_t size;
    intptr_t count;
    intptr_t threshold;
} GCGeneration;

typedef struct GCCallbackEntry {
    OuroGCCallback fn;
    void *ctx;
} GCCallbackEntry;

typedef struct RootEntry {
    OuroRootFn fn;
    void *ctx;
} RootEntry;

/* A growable array of pointers allocated from the runtime. */
typedef struct PtrVec {
    void **items;
    size_t len, cap;
} PtrVec;

typedef struct GCState {
    /* Indexed by space label: generations 0..2, then the permanent
     * generation at [OURO_GC_PERMANENT] (only its head and size are used),
     * so that finding an object's list from its label takes no branch. */
    GCGeneration gen[OURO_GC_PERMANENT + 1];
    int enabled;
    int collecting;
    /* Type flags of every object ever tracked: lazy-untracking passes are
     * skipped while no tracked type asked for them. */
    unsigned lazy_untrack_seen;
    unsigned debug;
    intptr_t long_lived_total;  /* survivors of the last full collection */
    intptr_t long_lived_pending;/* promoted into generation 2 since then */
    OuroGCStats stats[OURO_GC_GENERATIONS];
    size_t bytes_since_young;
    PtrVec garbage;             /* owned references; see ouro_gc_garbage_* */
    GCCallbackEntry *callbacks;
    size_t ncallbacks, cap_callbacks;
    int stress;                 /* ouro_gc_set_stress: collect at every allocation */
    uint64_t stress_runs;       /* stress collections so far (every 1000th is full) */
} GCState;

struct OuroHandle {
    OuroObject *obj;            /* owned */
    char *owner;                /* allocated from the runtime */
    size_t owner_size;
    OuroHandle *prev, *next;    /* oldest first */
};

/* The side table of weak reference lists (weakref.c): the heads of the
 * lists of objects of OURO_TYPE_WEAKLIST_SIDE types that have at least one
 * weak reference, found by object address; PREV_WEAKLIST is set on exactly
 * those objects. A slot holds only the head (8 bytes): its referent is the
 * key. Open addressing with linear probing and backward-shift deletion (no
 * tombstones); the capacity is 0 or a power of two, at most 3/4 full.
 * Allocated on first use from the runtime's raw memory (accounted, freed
 * with the allocator by ouro_runtime_destroy). */
typedef struct WeakTable {
    OuroWeakRef **heads;        /* NULL: a free slot */
    size_t cap;                 /* 0 or a power of two >= 8 */
    size_t used;
    unsigned shift;             /* 64 - log2(cap): the hash's top bits index */
} WeakTable;

struct OuroRuntime {
    MmAlloc alloc;
    OuroHooks hooks;
    GCState gc;
    /* Deallocation depth and the deferred list (linked through the GC
     * headers of dead objects, next field) that bound C stack use. */
    int dealloc_depth;
    OuroGCHead *deferred;
    OuroHandle *handles_first, *handles_last;
    size_t nhandles;
    RootEntry *roots;
    size_t nroots, cap_roots;
    WeakTable weak_table;
};

/* Nesting depth past which deallocation of GC objects is deferred. */
#define DEALLOC_DEPTH_LIMIT 64

/* gc.c */
int mm_gc_init(OuroRuntime *rt);
/* The slow half of allocation counting: generation 0's count has just
 * passed its threshold, or stress mode is on. Returns 1 if a collection ran
 * and reset the count, else 0 (a stress collection restores the count). */
int mm_gc_threshold_reached(OuroRuntime *rt);

/* Called by ouro_new for GC types before the memory is taken: counts the
 * allocation. Returns 1 if mm_gc_threshold_reached must run now (it may
 * collect), else 0. Inline, and split from the call, so that allocation's
 * fast path makes no call. */
static inline int mm_gc_count_alloc(OuroRuntime *rt, size_t size)
{
    GCState *gc = &rt->gc;
    gc->bytes_since_young += size;
    return MM_UNLIKELY(++gc->gen[0].count > gc->gen[0].threshold || gc->stress);
}

/* Called when a GC object's memory is freed: the count never goes below
 * zero (CPython 3.11's gc_dealloc). */
static inline void mm_gc_on_free(OuroRuntime *rt)
{
    if (rt->gc.gen[0].count > 0)
        rt->gc.gen[0].count--;
}

/* Unlinks g from its list if it is tracked; FINALIZED and WEAKLIST
 * survive. */
static inline void mm_gc_untrack(OuroRuntime *rt, OuroGCHead *g)
{
    if (!gc_is_tracked(g))
        return;
    rt->gc.gen[gc_space(g)].size--;
    OuroGCHead *prev = gc_prev(g);
    OuroGCHead *next = gc_next(g);
    gc_set_next(prev, next);
    gc_set_prev(next, prev);
    g->next = 0;
    g->prev &= PREV_KEEP;
}

void mm_gc_write_debug(OuroRuntime *rt, const char *fmt, ...);


/* weakref.c */
/* Calls wr's callback, if any; take: also remove it from wr (as refcount
 * death does; the collector leaves it). Errors are reported. */
void mm_weakref_call(OuroRuntime *rt, OuroWeakRef *wr, int take);
/* Unlinks wr from its referent's list (a no-op once cleared) and clears
 * the referent; keeps the callback. Runs no code, allocates nothing. */
void mm_weakref_unlink(OuroRuntime *rt, OuroWeakRef *wr);

/* Whether obj (of a side-table type) has an entry in the side table. */
int mm_weak_table_has(OuroRuntime *rt, const OuroObject *obj);
/* The heap checker's walk of the side table: each entry's head is a live
 * list head, its referent has WEAKLIST set and is found by a lookup, its
 * list is linked both ways and names one referent; the count is right.
 * Returns the problems found (each written with mm_gc_write_debug). */
intptr_t mm_weak_table_check(OuroRuntime *rt);

/* Whether obj may have weak references: its type is weak-referenceable
 * and, for an OURO_TYPE_WEAKLIST_SIDE type, obj has a side-table entry.
 * For a side-table object without weak references this is one bit test. */
static inline int mm_may_have_weakrefs(const OuroObject *obj)
{
    unsigned f = obj->type->flags;
    if (!(f & OURO_TYPE_WEAKREFABLE))
        return 0;
    if (!(f & OURO_TYPE_WEAKLIST_SIDE))
        return 1;
    return (f & OURO_TYPE_GC) && (as_gc(obj)->prev & PREV_WEAKLIST) != 0;
}

/* vec.c-like helpers in object.c */
int mm_vec_push(OuroRuntime *rt, PtrVec *v, void *item);
void mm_vec_free(OuroRuntime *rt, PtrVec *v);

/* heapcheck.c */
/* Structural checks of spaces lo..hi (OURO_GC_PERMANENT is 3). */
intptr_t mm_heap_check_spaces(OuroRuntime *rt, int lo, int hi);

#endif
