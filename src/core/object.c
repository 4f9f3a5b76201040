/*
 * object.c - the runtime, object allocation and the deallocation pipeline.
 *
 * Deallocation order for an object whose count reached zero (CPython's
 * subtype_dealloc order):
 *   1. untrack it;
 *   2. run its safe finalizer once (GC types: once per object's life), with
 *      the count raised to 1 and the object tracked again meanwhile, so that
 *      weak references still see it and a cycle it creates is collectable;
 *      the FINALIZED flag is set after the call; if the finalizer
 *      resurrected the object, stop here;
 *   3. clear its weak references and run their callbacks, newest first;
 *   4. run its legacy finalizer, like the safe one (no once-only flag);
 *   5. release its fields (dealloc slot), then free its memory.
 * A GC type with no finalizer, no legacy finalizer and no weak references
 * (a "plain" type) skips steps 2-4 in ouro_dealloc_ itself; everything else
 * takes dealloc_general. Allocation likewise has an inline fast path (count,
 * pool block, header) and one out-of-line function for the rest.
 * To keep the C stack bounded (10,000,000-deep nestings), a GC object whose
 * count reaches zero more than DEALLOC_DEPTH_LIMIT deallocations deep is
 * queued on rt->deferred (its header's next field links the queue, its
 * count stays 0 so weak references read it as dead); the outermost
 * deallocation drains the queue before it returns, so everything dies
 * before control returns to the code that dropped the last reference.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

/* ------------------------------------------------------------------ */
/* Runtime                                                             */
/* ------------------------------------------------------------------ */

OuroRuntime *ouro_runtime_new(const OuroConfig *cfg)
{
    OuroConfig defaults;
    memset(&defaults, 0, sizeof defaults);
    if (cfg == NULL)
        cfg = &defaults;
    /* The runtime struct itself comes from malloc: it holds the allocator. */
    OuroRuntime *rt = calloc(1, sizeof *rt);
    if (rt == NULL)
        return NULL;
    if (mm_alloc_init(&rt->alloc, cfg->allocator, cfg->max_heap) < 0) {
        free(rt);
        return NULL;
    }
    if (cfg->max_reserved != 0)
        rt->alloc.reserve_limit = cfg->max_reserved;
    rt->hooks = cfg->hooks;
    if (mm_gc_init(rt) < 0) {
        mm_alloc_fini(&rt->alloc);
        free(rt);
        return NULL;
    }
    return rt;
}

void ouro_runtime_destroy(OuroRuntime *rt)
{
    if (rt == NULL)
        return;
    /* No code runs: every block (objects, handles, tables) goes back at
     * once with the allocator's arenas and block lists. */
    mm_alloc_fini(&rt->alloc);
    free(rt);
}

OuroHooks *ouro_runtime_hooks(OuroRuntime *rt)
{
    return &rt->hooks;
}

const char *ouro_allocator_name(OuroRuntime *rt)
{
    return mm_kind_name(&rt->alloc);
}

void ouro_report_error(OuroRuntime *rt, const char *where, OuroObject *obj)
{
    if (rt->hooks.report_error != NULL) {
        rt->hooks.report_error(rt, where, obj);
        return;
    }
    if (obj != NULL)
        fprintf(stderr, "ouro: error ignored in %s <%s %p>\n", where, obj->type->name,
                (void *)obj);
    else
        fprintf(stderr, "ouro: error ignored in %s\n", where);
}

/* ------------------------------------------------------------------ */
/* Raw memory                                                          */
/* ------------------------------------------------------------------ */

void *ouro_mem_alloc(OuroRuntime *rt, size_t size)
{
    return mm_alloc(&rt->alloc, size ? size : 1);
}

void *ouro_mem_realloc(OuroRuntime *rt, void *ptr, size_t old_size, size_t new_size)
{
    if (ptr == NULL)
        return ouro_mem_alloc(rt, new_size);
    return mm_realloc(&rt->alloc, ptr, old_size ? old_size : 1, new_size ? new_size : 1);
}

void ouro_mem_free(OuroRuntime *rt, void *ptr, size_t size)
{
    mm_free(&rt->alloc, ptr, size ? size : 1);
}

void ouro_mem_stats(OuroRuntime *rt, OuroMemStats *out)
{
    mm_stats(&rt->alloc, out);
}

void ouro_mem_fail_nth(OuroRuntime *rt, uint64_t nth)
{
    mm_fail_nth(&rt->alloc, nth);
}

void ouro_mem_fail_random(OuroRuntime *rt, double p, uint64_t seed)
{
    mm_fail_random(&rt->alloc, p, seed);
}

void ouro_mem_budget(OuroRuntime *rt, uint64_t n)
{
    mm_budget(&rt->alloc, n);
}

uint64_t ouro_mem_alloc_count(OuroRuntime *rt)
{
    return rt->alloc.nalloc;
}

int mm_vec_push(OuroRuntime *rt, PtrVec *v, void *item)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        void **items = ouro_mem_realloc(rt, v->items, v->cap * sizeof(void *),
                                        cap * sizeof(void *));
        if (items == NULL)
            return -1;
        v->items = items;
        v->cap = cap;
    }
    v->items[v->len++] = item;
    return 0;
}

void mm_vec_free(OuroRuntime *rt, PtrVec *v)
{
    if (v->items != NULL)
        ouro_mem_free(rt, v->items, v->cap * sizeof(void *));
    v->items = NULL;
    v->len = v->cap = 0;
}

/* ------------------------------------------------------------------ */
/* Allocation                                                          */
/* ------------------------------------------------------------------ */

static size_t body_size(const OuroType *type, size_t nitems)
{
    return type->basic_size + nitems * type->item_size;
}

/* Zeroes the n bytes after an object's header. The usual small sizes get
 * a memset of constant size, which the compiler turns into a store or two;
 * a call to memset costs more than that for a 16-byte body. */
static inline void zero_fields(OuroObject *obj, size_t n)
{
    void *p = obj + 1;
    switch (n) {
    case 8: memset(p, 0, 8); break;
    case 16: memset(p, 0, 16); break;
    case 24: memset(p, 0, 24); break;
    case 32: memset(p, 0, 32); break;
    default: memset(p, 0, n); break;
    }
}

/* Fills in the header of a fresh object of body bytes and zeroes the rest;
 * g is its collector header for a GC type, else NULL. */
static inline OuroObject *init_object(OuroObject *obj, OuroGCHead *g, const OuroType *type,
                                      size_t nitems, size_t body)
{
    if (g != NULL) {
        g->next = 0;   /* untracked */
        g->prev = 0;   /* not finalized */
    }
    obj->refcnt = 1;
    obj->type = type;
    zero_fields(obj, body - sizeof(OuroObject));
    if (type->item_size != 0 && type->nitems == NULL)
        ((OuroVarObject *)obj)->size = (intptr_t)nitems;
    return obj;
}

/* The rest of a GC allocation whose count is taken, when the fast path
 * cannot finish it: a collection is due (over_threshold), or the block
 * needs the allocator's full path. */
static MM_NOINLINE OuroObject *allocate_gc_slow(OuroRuntime *rt, const OuroType *type,
                                                size_t nitems, size_t body, int over_threshold)
{
    size_t size = sizeof(OuroGCHead) + body;
    /* The collection this may start runs before the memory is taken
     * (CPython 3.11 takes the memory first): what it frees can serve this
     * request under a heap cap, and the new object is in no list yet
     * either way. A failed request may thus have run a collection. */
    int collected = over_threshold ? mm_gc_threshold_reached(rt) : 0;
    OuroGCHead *g = mm_alloc(&rt->alloc, size);
    if (g == NULL) {
        /* Take the allocation back out of the count, unless the
         * collection it started has reset the count already. */
        if (!collected)
            mm_gc_on_free(rt);
        return NULL;
    }
    return init_object(from_gc(g), g, type, nitems, body);
}

/* Whether body_size(type, nitems) would pass SIZE_MAX / 2. When the three
 * numbers are below 2^28 it cannot (the sum is below 2^57), and the exact
 * test's division, the costliest instruction of an allocation, is skipped:
 * it took a tenth of a tuple-heavy program's time. */
static inline int size_too_large(const OuroType *type, size_t nitems)
{
    if (MM_UNLIKELY(((nitems | type->item_size | type->basic_size) >> 28) != 0))
        return type->item_size != 0 &&
               nitems > (SIZE_MAX / 2 - type->basic_size) / type->item_size;
    return 0;
}

static inline OuroObject *allocate(OuroRuntime *rt, const OuroType *type, size_t nitems)
{
    if (size_too_large(type, nitems)) {
        rt->alloc.st.failed_allocations++;   /* the size would wrap */
        return NULL;
    }
    size_t body = body_size(type, nitems);
    assert(body >= sizeof(OuroObject));
    if (!is_gc_type(type)) {
        OuroObject *obj = mm_alloc(&rt->alloc, body);
        return obj != NULL ? init_object(obj, NULL, type, nitems, body) : NULL;
    }
    size_t size = sizeof(OuroGCHead) + body;
    if (mm_gc_count_alloc(rt, size))
        return allocate_gc_slow(rt, type, nitems, body, 1);
    OuroGCHead *g = mm_alloc_fast(&rt->alloc, size);
    if (MM_UNLIKELY(g == NULL))
        return allocate_gc_slow(rt, type, nitems, body, 0);
    return init_object(from_gc(g), g, type, nitems, body);
}

OuroObject *ouro_new(OuroRuntime *rt, const OuroType *type)
{
    assert(type->item_size == 0);
    if (!is_gc_type(type))
        return allocate(rt, type, 0);
    /* allocate()'s GC path for a fixed size, spelled out: the fast path
     * then makes no call (and so saves no registers). */
    size_t body = type->basic_size;
    size_t size = sizeof(OuroGCHead) + body;
    if (mm_gc_count_alloc(rt, size))
        return allocate_gc_slow(rt, type, 0, body, 1);
    OuroGCHead *g = mm_alloc_fast(&rt->alloc, size);
    if (MM_UNLIKELY(g == NULL))
        return allocate_gc_slow(rt, type, 0, body, 0);
    return init_object(from_gc(g), g, type, 0, body);
}

OuroObject *ouro_new_var(OuroRuntime *rt, const OuroType *type, size_t nitems)
{
    assert(type->item_size != 0);
    return allocate(rt, type, nitems);
}

static inline size_t object_nitems(const OuroObject *obj)
{
    const OuroType *t = obj->type;
    if (t->item_size == 0)
        return 0;
    if (t->nitems != NULL)
        return t->nitems(obj);
    return (size_t)((const OuroVarObject *)obj)->size;
}

static inline size_t object_size(const OuroObject *obj)
{
    const OuroType *t = obj->type;
    return body_size(t, object_nitems(obj)) + (is_gc_type(t) ? sizeof(OuroGCHead) : 0);
}

size_t ouro_object_size(const OuroObject *obj)
{
    return object_size(obj);
}

size_t ouro_object_nitems(const OuroObject *obj)
{
    return object_nitems(obj);
}


/* size and gc are read before the dealloc slot runs: the slot may release
 * the last reference to the object's own type (a language's heap type). */
static void object_free(OuroRuntime *rt, OuroObject *obj, size_t size, int gc)
{
    if (gc) {
        assert(!gc_is_tracked(as_gc(obj)));
        mm_gc_on_free(rt);
        mm_free(&rt->alloc, as_gc(obj), size);
    } else {
        mm_free(&rt->alloc, obj, size);
    }
}

OuroObject *ouro_object_revive(OuroRuntime *rt, OuroObject *obj)
{
    (void)rt;
    assert(obj->refcnt == 0);
    if (is_gc_type(obj->type)) {
        OuroGCHead *g = as_gc(obj);
        assert(!gc_is_tracked(g));
        g->next = 0;
        g->prev = 0;
    }
    obj->refcnt = 1;
    return obj;
}

void ouro_object_free(OuroRuntime *rt, OuroObject *obj)
{
    assert(obj->refcnt == 0);
    assert(!is_gc_type(obj->type) || !gc_is_tracked(as_gc(obj)));
    object_free(rt, obj, object_size(obj), is_gc_type(obj->type));
}

OuroObject *ouro_resize_var(OuroRuntime *rt, OuroObject *obj, size_t nitems)
{
    const OuroType *t = obj->type;
    int gc = is_gc_type(t);
    assert(t->item_size != 0);
    assert(obj->refcnt == 1);
    assert(!gc || !gc_is_tracked(as_gc(obj)));
    assert(ouro_weakref_list(rt, obj) == NULL);
    if (nitems > (SIZE_MAX / 2 - t->basic_size) / t->item_size) {
        rt->alloc.st.failed_allocations++;
        return NULL;
    }
    size_t head = gc ? sizeof(OuroGCHead) : 0;
    size_t old_size = ouro_object_size(obj);
    size_t new_size = head + body_size(t, nitems);
    char *block = mm_realloc(&rt->alloc, (char *)obj - head, old_size, new_size);
    if (block == NULL)
        return NULL;
    if (new_size > old_size)
        memset(block + old_size, 0, new_size - old_size);
    OuroObject *moved = (OuroObject *)(block + head);
    if (t->nitems == NULL)
        ((OuroVarObject *)moved)->size = (intptr_t)nitems;
    return moved;
}

/* ------------------------------------------------------------------ */
/* Deallocation                                                        */
/* ------------------------------------------------------------------ */

/* Runs one finalizer slot with the object temporarily alive. Returns 1 if
 * the object was resurrected (it then stays alive, tracked as before). */
static int call_finalizer(OuroRuntime *rt, OuroObject *obj,
                          int (*fin)(OuroRuntime *, OuroObject *), int was_tracked,
                          int mark_finalized, const char *where)
{
    int gc = is_gc_type(obj->type);
    /* The one place a count is set by hand: from 0 to the temporary
     * reference the finalizer runs under (CPython does the same). */
    obj->refcnt = 1;
    if (gc && was_tracked)
        ouro_gc_track(rt, obj);
    if (fin(rt, obj) < 0)
        ouro_report_error(rt, where, obj);
    /* After the call, as CPython 3.11's PyObject_CallFinalizer: inside a
     * finalizer run by refcount death the flag still reads false (the
     * collector sets it before its call). */
    if (gc && mark_finalized)
        as_gc(obj)->prev |= PREV_FINALIZED;
    if (--obj->refcnt != 0)
        return 1;
    if (gc)
        mm_gc_untrack(rt, as_gc(obj));
    return 0;
}

/* Steps 2-4 of the pipeline, for types with a finalizer, a legacy
 * finalizer or weak references. Returns 1 if the object was resurrected
 * (deallocation stops there), else 0. */
static int finalize_for_release(OuroRuntime *rt, OuroObject *obj, int was_tracked)
{
    const OuroType *t = obj->type;
    int gc = is_gc_type(t);
    if (t->finalize != NULL && !(gc && gc_is_finalized(as_gc(obj)))) {
        if (call_finalizer(rt, obj, t->finalize, was_tracked, 1, "finalizer of"))
            return 1;
    }
    if (t->flags & OURO_TYPE_WEAKREFABLE)
        ouro_weakref_clear_all(rt, obj);
    if (t->legacy_del != NULL) {
        if (call_finalizer(rt, obj, t->legacy_del, was_tracked, 0, "legacy finalizer of"))
            return 1;
    }
    /* Weak references made since the clearing (by the legacy finalizer)
     * must not outlive the object: cleared without calling back, as
     * CPython's subtype_dealloc does after tp_del. */
    if (t->flags & OURO_TYPE_WEAKREFABLE) {
        OuroWeakRef *wr;
        while ((wr = ouro_weakref_list(rt, obj)) != NULL)
            mm_weakref_unlink(rt, wr);
    }
    return 0;
}

/* was_tracked: whether a GC object was tracked when its count reached
 * zero (a deferred object is untracked while it waits). The order is
 * CPython's subtype_dealloc: finalize, weakrefs, legacy finalizer, fields.
 * A type with none of the three goes straight from untracking to its
 * fields: the test reads one cache line of the type. */
static inline void release(OuroRuntime *rt, OuroObject *obj, int was_tracked)
{
    const OuroType *t = obj->type;
    int gc = is_gc_type(t);
    if (gc)
        mm_gc_untrack(rt, as_gc(obj));
    if (MM_UNLIKELY(t->finalize != NULL || t->legacy_del != NULL || mm_may_have_weakrefs(obj))) {
        if (finalize_for_release(rt, obj, was_tracked))
            return;
    }
    size_t size = object_size(obj);
    int (*recycle)(OuroRuntime *, OuroObject *) = t->recycle;
    if (t->dealloc != NULL)
        t->dealloc(rt, obj);
    else if (t->clear != NULL)
        t->clear(rt, obj);
    assert(obj->refcnt == 0);
    if (recycle == NULL || !recycle(rt, obj))
        object_free(rt, obj, size, gc);
}

static void drain_deferred(OuroRuntime *rt)
{
    while (rt->deferred != NULL) {
        OuroGCHead *g = rt->deferred;
        int was_tracked = (int)(g->next & 1);
        rt->deferred = (OuroGCHead *)(g->next & ~(uintptr_t)1);
        g->next = 0;
        rt->dealloc_depth++;
        release(rt, from_gc(g), was_tracked);
        rt->dealloc_depth--;
    }
}

/* Everything but the common case of ouro_dealloc_: non-GC types, types
 * with a finalizer or weak references, and deallocations past the depth
 * limit. */
static MM_NOINLINE void dealloc_general(OuroRuntime *rt, OuroObject *obj)
{
    if (!is_gc_type(obj->type)) {
        release(rt, obj, 0);
        return;
    }
    OuroGCHead *g = as_gc(obj);
    if (rt->dealloc_depth >= DEALLOC_DEPTH_LIMIT) {
        /* The low bit of the link remembers whether it was tracked. */
        uintptr_t was_tracked = gc_is_tracked(g) ? 1 : 0;
        mm_gc_untrack(rt, g);
        g->next = (uintptr_t)rt->deferred | was_tracked;
        rt->deferred = g;
        return;
    }
    rt->dealloc_depth++;
    release(rt, obj, gc_is_tracked(g));
    if (--rt->dealloc_depth == 0 && rt->deferred != NULL)
        drain_deferred(rt);
}

/* A GC type with no finalizer, no legacy finalizer and no weak references
 * (or weak references kept in the side table, none of them to obj): its
 * deallocation is untrack, fields, free (release() reduced to what such a
 * type needs). */
static inline int is_plain_gc_type(const OuroType *t, const OuroObject *obj)
{
    unsigned f = t->flags & (OURO_TYPE_GC | OURO_TYPE_WEAKREFABLE | OURO_TYPE_WEAKLIST_SIDE);
    return (f == OURO_TYPE_GC ||
            (f == (OURO_TYPE_GC | OURO_TYPE_WEAKREFABLE | OURO_TYPE_WEAKLIST_SIDE) &&
             !(as_gc(obj)->prev & PREV_WEAKLIST))) &&
           t->finalize == NULL && t->legacy_del == NULL;
}

void ouro_dealloc_(OuroRuntime *rt, OuroObject *obj)
{
    assert(obj->refcnt == 0);
    const OuroType *t = obj->type;
    if (MM_UNLIKELY(!is_plain_gc_type(t, obj) || rt->dealloc_depth >= DEALLOC_DEPTH_LIMIT)) {
        dealloc_general(rt, obj);
        return;
    }
    mm_gc_untrack(rt, as_gc(obj));
    size_t size = object_size(obj);
    int (*recycle)(OuroRuntime *, OuroObject *) = t->recycle;
    rt->dealloc_depth++;
    if (t->dealloc != NULL)
        t->dealloc(rt, obj);
    else if (t->clear != NULL)
        t->clear(rt, obj);
    assert(obj->refcnt == 0);
    if (recycle == NULL || !recycle(rt, obj))
        object_free(rt, obj, size, 1);
    if (--rt->dealloc_depth == 0 && rt->deferred != NULL)
        drain_deferred(rt);
}
