/*
 * ouro.h - the public API of libouro, the memory core.
 *
 * libouro manages the memory of objects the way CPython manages Python's:
 * every object starts with a reference count and a type pointer; a count
 * reaching zero frees the object at once; containers that can form cycles
 * are tracked by a generational cycle collector (trial deletion); weak
 * references are cleared, and their callbacks run, when their referent dies.
 * The core knows nothing of any language: it reaches an object's contents
 * only through the slots of its type descriptor.
 *
 * Ownership conventions (as CPython documents them):
 *   - a "new" reference is owned by the caller, who must release it;
 *   - a "borrowed" reference is valid only while something else owns one;
 *   - a function that "steals" (takes over) an argument's reference owns it
 *     from the call on, even when it fails.
 * By default object arguments are borrowed and object results are new.
 * Every function below says so where it departs from that default.
 *
 * All state lives in an OuroRuntime. A runtime is used by one thread at a
 * time; several runtimes may live in one process. Objects never move
 * between runtimes. Every function that may free an object (and so may run
 * a finalizer, a weakref callback or a collection) takes the runtime.
 */
#ifndef OURO_H
#define OURO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define OURO_VERSION "0.1.0"

typedef struct OuroRuntime OuroRuntime;
typedef struct OuroType OuroType;

/* ------------------------------------------------------------------ */
/* Object header                                                       */
/* ------------------------------------------------------------------ */

/*
 * Every object begins with these two words (16 bytes on 64-bit targets).
 * Objects of a collector-managed type (OURO_TYPE_GC) are preceded in memory
 * by a two-word link header (OuroGCHead, 16 bytes) that the core owns.
 */
typedef struct OuroObject {
    intptr_t refcnt;        /* owned references; 0 means dead or dying */
    const OuroType *type;   /* never NULL for a live object */
} OuroObject;

/* Objects with a variable number of items (type->item_size != 0) begin
 * with this header; `size` is the number of items allocated for. */
typedef struct OuroVarObject {
    OuroObject ob;
    intptr_t size;
} OuroVarObject;

#define OURO_OBJ(p) ((OuroObject *)(p))

/* visit(obj, arg): called by a traverse slot for each owned reference.
 * obj may be NULL (the visitor ignores it). A non-zero result stops the
 * traversal and is returned by it. */
typedef int (*OuroVisitFn)(OuroObject *obj, void *arg);

/* ------------------------------------------------------------------ */
/* Type descriptors                                                    */
/* ------------------------------------------------------------------ */

enum {
    OURO_TYPE_GC = 1u << 0,            /* instances carry the collector's header */
    OURO_TYPE_WEAKREFABLE = 1u << 1,   /* weaklist_offset names the list head */
    /* Lazy untracking, as CPython does for tuples: in every collection a
     * young tracked instance that survives it and whose traverse reaches only
     * objects that cannot take part in cycles is untracked. Only for types whose
     * contents never change once tracked (an untracked instance of such a
     * type is itself treated as atomic). */
    OURO_TYPE_UNTRACK_IMMUTABLE = 1u << 2,
    /* Lazy untracking, as CPython does for dicts: surviving instances are
     * checked in full collections only; the owner re-tracks the instance
     * itself when it stores a container in it. */
    OURO_TYPE_UNTRACK_FULL = 1u << 3,
    /* Instances begin with an OuroWeakRef (weak reference types). They must
     * be GC types and tracked while they have a callback. */
    OURO_TYPE_WEAKREF = 1u << 4,
    /* With OURO_TYPE_WEAKREFABLE, on OURO_TYPE_GC types only: instances are
     * weak-referenceable without a field. The runtime keeps the head of an
     * instance's weak reference list in a side table (a hash map from the
     * object's address), and a spare bit of the collector's header says
     * whether the instance has an entry there; weaklist_offset is unused
     * (set it to 0). An instance saves a word; deallocating one that never
     * had a weak reference costs one bit test (and takes the same fast path
     * as a type that is not weak-referenceable), one that has weak
     * references a hash lookup, and making the first weak reference to an
     * instance an insertion, which may allocate (ouro_weakref_init can then
     * fail for lack of memory). Without OURO_TYPE_GC the flag makes the type
     * not weak-referenceable. */
    OURO_TYPE_WEAKLIST_SIDE = 1u << 5,
};

/*
 * A type descriptor. The core reads it and never writes it; it must
 * outlive every instance. A language may embed it inside its own type
 * objects (the object's `type` then points inside that type object).
 *
 * Slots (all optional unless stated):
 *   dealloc  - releases the references the object owns (its fields). The
 *              core calls it after the finalizer and after the object's weak
 *              references are cleared, and frees the memory itself afterwards.
 *              If NULL, `clear` is used.
 *   traverse - calls visit on every owned reference exactly once; changes
 *              nothing, allocates nothing, runs no user code. Required for
 *              OURO_TYPE_GC types that own references.
 *   clear    - drops the references that can form cycles, each field updated
 *              before its old value is released; leaves the object safe to be
 *              deallocated and to be used by code still holding it.
 *   finalize - safe finalizer (PEP 442, tp_finalize). Called at most once per
 *              object for GC types (the object is then "finalized"), before
 *              its weak references are cleared. It may resurrect the object.
 *              Returns 0, or -1 after reporting trouble (the core reports it
 *              through the runtime's error hook and carries on).
 *   legacy_del - a legacy finalizer (CPython's tp_del). Runs on refcount
 *              death like finalize, but objects with one found in cyclic
 *              garbage are uncollectable: they go to the garbage list.
 *   recycle  - a free list's hook (CPython's tuple and float free lists):
 *              called after dealloc with the dead object, whose count is
 *              zero and which is untracked. Returns 1 if the type keeps the
 *              block for reuse (the core then neither frees it nor counts a
 *              free towards the collector's threshold, as CPython's free
 *              lists do not), 0 to let the core free it. A kept object is
 *              brought back with ouro_object_revive or given back with
 *              ouro_object_free; the embedder empties its lists in the
 *              clear_free_lists hook and before destroying the runtime.
 *   nitems   - for a variable-sized type that keeps its own item count (its
 *              objects need not begin with an OuroVarObject): the number of
 *              items the object was allocated or last resized with. The core
 *              then never writes or reads OuroVarObject.size; the type
 *              stores what nitems needs before the object can die.
 *              If NULL, OuroVarObject.size is the count (set by the core).
 */
struct OuroType {
    const char *name;
    size_t basic_size;       /* bytes of the object, header included */
    size_t item_size;        /* bytes per item, or 0 for fixed-size types */
    unsigned flags;          /* OURO_TYPE_* */
    size_t weaklist_offset;  /* offset of an OuroWeakRef * field, if WEAKREFABLE
                              * without WEAKLIST_SIDE */
    void (*dealloc)(OuroRuntime *rt, OuroObject *self);
    int (*traverse)(OuroObject *self, OuroVisitFn visit, void *arg);
    int (*clear)(OuroRuntime *rt, OuroObject *self);
    int (*finalize)(OuroRuntime *rt, OuroObject *self);
    int (*legacy_del)(OuroRuntime *rt, OuroObject *self);
    size_t (*nitems)(const OuroObject *self);
    int (*recycle)(OuroRuntime *rt, OuroObject *self);
    void *data;              /* free for the type's owner (e.g. a language) */
};

/* ------------------------------------------------------------------ */
/* Runtime                                                             */
/* ------------------------------------------------------------------ */

/*
 * Hooks through which the core reaches its embedder. Every member may be
 * NULL, which selects the default described beside it.
 */
typedef struct OuroHooks {
    /* Report an error raised by a finalizer, a weakref callback, a collector
     * callback or a clear slot. `where` is a short phrase ("finalizer of",
     * "weakref callback", ...) and obj the object concerned (borrowed, may be
     * NULL). Default: one line on stderr. */
    void (*report_error)(OuroRuntime *rt, const char *where, OuroObject *obj);
    /* Call a weak reference's callback object with the dead weakref as its
     * argument (both borrowed). Returns 0, or -1 on error (the core then
     * reports it). Default: calls objects made by ouro_ccallback_new() and
     * reports any other callback as an error. */
    int (*call_callback)(OuroRuntime *rt, OuroObject *callback, OuroObject *weakref);
    /* Store an object in the garbage list (borrowed; the hook takes its own
     * reference). Returns 0 or -1. Default: the core's own garbage array
     * (ouro_gc_garbage_*). */
    int (*save_garbage)(OuroRuntime *rt, OuroObject *obj);
    /* Where debug messages go (the "gc: ..." lines). Default: stderr. */
    void (*write_debug)(OuroRuntime *rt, const char *text);
    /* Called at the end of every collection of the oldest generation, as
     * CPython 3.11 clears its free lists there: the embedder gives back the
     * blocks its types' recycle slots kept. Default: nothing. */
    void (*clear_free_lists)(OuroRuntime *rt);
    void *ctx;               /* free for the embedder */
} OuroHooks;

enum OuroAllocatorKind {
    OURO_ALLOC_DEFAULT = 0,  /* whatever the build chose (see ouro_allocator_name) */
    OURO_ALLOC_POOL,         /* the small-object allocator: pools inside arenas */
    OURO_ALLOC_MALLOC,       /* plain malloc/free for every block (valgrind, ASan) */
    OURO_ALLOC_MIMALLOC,     /* a private mimalloc heap (only if built with it); a
                              * mimalloc heap belongs to the thread that made it, so
                              * the runtime must stay on the thread that created it */
};

typedef struct OuroConfig {
    int allocator;            /* enum OuroAllocatorKind */
    size_t max_heap;          /* cap on bytes in use (the sizes asked for: objects,
                               * arrays, tables alike), 0 for none */
    OuroHooks hooks;
    size_t max_reserved;      /* cap on the memory taken from the system (bytes_reserved:
                               * arenas and large blocks with their headers), checked
                               * whenever more is taken, so that the process's footprint
                               * stays under it; 0 for none. Pool and malloc kinds. */
} OuroConfig;

/* Creates a runtime. cfg may be NULL for the defaults. Returns NULL if
 * memory runs out or the requested allocator is not built in. */
OuroRuntime *ouro_runtime_new(const OuroConfig *cfg);

/* Destroys a runtime and frees every byte it holds: live objects, objects in
 * the garbage list, frozen or resurrected ones, handles. It runs no
 * finalizer, callback or dealloc slot: an embedder that wants those run
 * releases its handles and calls ouro_gc_collect() first. */
void ouro_runtime_destroy(OuroRuntime *rt);

/* The hooks in force (never NULL; members may be NULL for the defaults). */
OuroHooks *ouro_runtime_hooks(OuroRuntime *rt);

/* Reports an error through the runtime's report_error hook. */
void ouro_report_error(OuroRuntime *rt, const char *where, OuroObject *obj);

/* Name of the allocator a runtime uses: "pool", "malloc" or "mimalloc". */
const char *ouro_allocator_name(OuroRuntime *rt);

/* ------------------------------------------------------------------ */
/* Reference counting                                                  */
/* ------------------------------------------------------------------ */

/* Called when a count reaches zero: finalizes, clears weakrefs, releases
 * and frees the object (deferring nested deallocations past a fixed depth
 * so that the C stack stays bounded). Use ouro_decref instead. */
void ouro_dealloc_(OuroRuntime *rt, OuroObject *obj);

static inline void ouro_incref(OuroObject *obj)
{
    obj->refcnt++;
}

static inline void ouro_xincref(OuroObject *obj)
{
    if (obj != NULL)
        obj->refcnt++;
}

/* Releases one reference; at zero the object is freed before this returns,
 * together with everything that dies with it. May run arbitrary code. */
static inline void ouro_decref(OuroRuntime *rt, OuroObject *obj)
{
    if (--obj->refcnt == 0)
        ouro_dealloc_(rt, obj);
}

static inline void ouro_xdecref(OuroRuntime *rt, OuroObject *obj)
{
    if (obj != NULL)
        ouro_decref(rt, obj);
}

/* Returns a new reference to obj (increments and returns it). */
static inline OuroObject *ouro_newref(OuroObject *obj)
{
    obj->refcnt++;
    return obj;
}

/* Stores value (stolen, may be NULL) in *slot, then releases the old value:
 * the field is updated before code run by the release can look at it. */
static inline void ouro_setref(OuroRuntime *rt, OuroObject **slot, OuroObject *value)
{
    OuroObject *old = *slot;
    *slot = value;
    ouro_xdecref(rt, old);
}

/* Clears *slot (to NULL) and releases what it held. */
static inline void ouro_clearref(OuroRuntime *rt, OuroObject **slot)
{
    ouro_setref(rt, slot, NULL);
}

/* ------------------------------------------------------------------ */
/* Objects                                                             */
/* ------------------------------------------------------------------ */

/*
 * Allocates an object of `type` with refcount 1 and every byte after the
 * header zeroed. It is not tracked: call ouro_gc_track() once its fields
 * are valid. For GC types the allocation counts towards the collector's
 * threshold and may run a collection (and so arbitrary code) before the
 * memory is taken. Returns a new reference, or NULL if memory runs out.
 */
OuroObject *ouro_new(OuroRuntime *rt, const OuroType *type);

/* As ouro_new, for types with item_size != 0: room for nitems items, and
 * the OuroVarObject size field set to nitems (unless the type has an
 * nitems slot: the body is then all zero). */
OuroObject *ouro_new_var(OuroRuntime *rt, const OuroType *type, size_t nitems);

/* Resizes a variable-sized object to nitems items (CPython's
 * _PyObject_GC_Resize / unicode resize), for the owner of its only
 * reference: its count must be 1, it must not be tracked and no weak
 * reference may point to it. New items are zeroed. Returns the object,
 * possibly moved (the old pointer is then invalid), or NULL if memory runs
 * out (the object is untouched). */
OuroObject *ouro_resize_var(OuroRuntime *rt, OuroObject *obj, size_t nitems);

/* Total bytes an object occupies, the collector's header included. */
size_t ouro_object_size(const OuroObject *obj);

/* A block kept by its type's recycle slot, made a live object again: the
 * count is 1, the object untracked and not finalized; its fields are as
 * the type left them (the type sets them). No allocation is counted.
 * Returns obj (a new reference). */
OuroObject *ouro_object_revive(OuroRuntime *rt, OuroObject *obj);

/* Frees a block kept by its type's recycle slot (its count is zero and
 * it is untracked; its type, and the item count the core reads, must still
 * be valid). Counts as a free, as any other. */
void ouro_object_free(OuroRuntime *rt, OuroObject *obj);

/* The items a variable-sized object has room for (the type's nitems slot,
 * else OuroVarObject.size); 0 for a fixed-size type. */
size_t ouro_object_nitems(const OuroObject *obj);

/* ------------------------------------------------------------------ */
/* Raw memory (accounted to the runtime, freed by ouro_runtime_destroy) */
/* ------------------------------------------------------------------ */

/* Item arrays, tables, string data: anything an object owns besides its
 * own block must come from here so that accounting and teardown are exact.
 * Sizes are passed back on free and realloc (no per-block header).
 * Every function returns NULL when memory runs out (nothing is freed then). */
void *ouro_mem_alloc(OuroRuntime *rt, size_t size);
void *ouro_mem_realloc(OuroRuntime *rt, void *ptr, size_t old_size, size_t new_size);
void ouro_mem_free(OuroRuntime *rt, void *ptr, size_t size);

#define OURO_SMALL_MAX 512    /* blocks up to this size come from pools */
#define OURO_SIZE_CLASS_STEP 8  /* pool block sizes are multiples of this */
#define OURO_SIZE_CLASSES (OURO_SMALL_MAX / OURO_SIZE_CLASS_STEP)

typedef struct OuroMemStats {
    size_t bytes_in_use;      /* sum of the sizes asked for and not yet freed */
    size_t blocks_in_use;
    size_t peak_bytes_in_use;
    size_t bytes_reserved;    /* arenas and large blocks held from the system */
    size_t arenas_held;
    size_t arenas_allocated;  /* over the runtime's life */
    size_t arenas_freed;      /* returned to the system */
    size_t large_blocks;      /* blocks above OURO_SMALL_MAX in use */
    size_t failed_allocations;
    size_t class_blocks[OURO_SIZE_CLASSES];  /* blocks in use per 8-byte class */
    size_t class_bytes[OURO_SIZE_CLASSES];   /* block bytes in use per class */
} OuroMemStats;

void ouro_mem_stats(OuroRuntime *rt, OuroMemStats *out);

/* Fault injection, compiled into every build, free when off:
 * fail the nth allocation from now on (1 = the next one), once;
 * or fail each allocation with probability p, from a seed. nth == 0 and
 * p == 0 switch it off. */
void ouro_mem_fail_nth(OuroRuntime *rt, uint64_t nth);
void ouro_mem_fail_random(OuroRuntime *rt, double p, uint64_t seed);
/* An allocation budget, a bound on the work a program can do (a fuzzer's
 * or a sandbox's): the nth allocation from now on (1 = the next one) and
 * every one after it fail, until the budget is set again; n == 0 switches
 * it off. Reallocations count and fail alike. */
void ouro_mem_budget(OuroRuntime *rt, uint64_t n);
/* Allocations attempted since the runtime was created (for fault sweeps). */
uint64_t ouro_mem_alloc_count(OuroRuntime *rt);

/* ------------------------------------------------------------------ */
/* Cycle collector                                                     */
/* ------------------------------------------------------------------ */

#define OURO_GC_GENERATIONS 3

enum {
    OURO_DEBUG_STATS = 1,
    OURO_DEBUG_COLLECTABLE = 2,
    OURO_DEBUG_UNCOLLECTABLE = 4,
    OURO_DEBUG_SAVEALL = 32,
    OURO_DEBUG_LEAK = 2 | 4 | 32,
};

/* Starts tracking obj (a GC type whose fields are all valid): it joins the
 * youngest generation. Tracking a tracked object is a no-op. */
void ouro_gc_track(OuroRuntime *rt, OuroObject *obj);
/* Stops tracking obj; a no-op if it is not tracked. */
void ouro_gc_untrack(OuroRuntime *rt, OuroObject *obj);
int ouro_gc_is_tracked(const OuroObject *obj);
int ouro_gc_is_finalized(const OuroObject *obj);

void ouro_gc_enable(OuroRuntime *rt);
void ouro_gc_disable(OuroRuntime *rt);
int ouro_gc_is_enabled(OuroRuntime *rt);

/* Stress mode (`ouro -X gc-stress`), for shaking out missing traverse and
 * clear slots: while on, every allocation of a GC object that does not
 * reach the threshold runs a young collection instead (a full one every
 * 1,000th), unless the collector is disabled, threshold 0 is set or a
 * collection is running. These extra collections leave the counts
 * (ouro_gc_get_count) as they found them; thresholds and the enabled flag
 * are never touched. They do run callbacks, count in the statistics and
 * promote survivors, as any collection. Off by default; free when off. */
void ouro_gc_set_stress(OuroRuntime *rt, int on);

/* Collects generations 0..generation (0 <= generation <= 2) and returns the
 * number of unreachable objects found (collected + uncollectable), or 0 at
 * once if a collection is already running. Returns -1 for a bad generation.
 * Runs finalizers and callbacks. */
intptr_t ouro_gc_collect(OuroRuntime *rt, int generation);

/* CPython's get_count(): [0] net GC allocations since the last collection,
 * [1] generation-0 collections since the last generation-1 one, [2]
 * generation-1 collections since the last full one. */
void ouro_gc_get_count(OuroRuntime *rt, intptr_t count[OURO_GC_GENERATIONS]);
void ouro_gc_get_threshold(OuroRuntime *rt, intptr_t threshold[OURO_GC_GENERATIONS]);
/* Threshold 0 of 0 disables automatic collection. */
void ouro_gc_set_threshold(OuroRuntime *rt, const intptr_t threshold[OURO_GC_GENERATIONS]);
unsigned ouro_gc_get_debug(OuroRuntime *rt);
void ouro_gc_set_debug(OuroRuntime *rt, unsigned flags);

typedef struct OuroGCStats {
    intptr_t collections;
    intptr_t collected;
    intptr_t uncollectable;
} OuroGCStats;

/* Per-generation statistics since the runtime was created. */
void ouro_gc_get_stats(OuroRuntime *rt, OuroGCStats out[OURO_GC_GENERATIONS]);

/* Number of objects on a generation's list (0..2), or on the permanent
 * generation for OURO_GC_PERMANENT. During a collection (from a finalizer
 * or callback) the objects being collected still count in their generation
 * although get_objects no longer lists them. */
#define OURO_GC_PERMANENT 3
intptr_t ouro_gc_generation_size(OuroRuntime *rt, int space);

/* Collector callbacks run at the start and stop of every collection, in the
 * order registered. phase is "start" or "stop". Return 0, or -1 to have the
 * error reported (the collection goes on). */
typedef int (*OuroGCCallback)(OuroRuntime *rt, const char *phase, int generation,
                              intptr_t collected, intptr_t uncollectable, void *ctx);
/* Returns 0, or -1 if memory runs out. */
int ouro_gc_add_callback(OuroRuntime *rt, OuroGCCallback cb, void *ctx);
/* Removes the first registration of (cb, ctx); returns 0, or -1 if absent. */
int ouro_gc_remove_callback(OuroRuntime *rt, OuroGCCallback cb, void *ctx);

/* The core's garbage list (used when hooks.save_garbage is NULL): objects
 * found uncollectable, or every unreachable object under DEBUG_SAVEALL.
 * The list owns a reference to each. get returns a borrowed reference. */
size_t ouro_gc_garbage_count(OuroRuntime *rt);
OuroObject *ouro_gc_garbage_get(OuroRuntime *rt, size_t index);
/* Empties the list, releasing its references (may run arbitrary code). */
void ouro_gc_garbage_clear(OuroRuntime *rt);

/*
 * Snapshots of the collector's view. Each returns an array of new
 * references, allocated from the runtime, with its length in *count; free it
 * with ouro_objects_free(). Returns NULL with *count == 0 when there is
 * nothing to report, and NULL with *count == SIZE_MAX if memory runs out.
 *   get_objects: the tracked objects of one generation (0..2), or of all
 *                three for generation -1 (never the frozen ones);
 *   get_referents: what the traverse slots of objs visit;
 *   get_referrers: tracked objects (not frozen) whose traverse visits one
 *                of objs.
 */
OuroObject **ouro_gc_get_objects(OuroRuntime *rt, int generation, size_t *count);
OuroObject **ouro_gc_get_referents(OuroRuntime *rt, OuroObject *const *objs, size_t nobjs,
                                   size_t *count);
OuroObject **ouro_gc_get_referrers(OuroRuntime *rt, OuroObject *const *objs, size_t nobjs,
                                   size_t *count);
/* Releases each reference in the array, then the array. */
void ouro_objects_free(OuroRuntime *rt, OuroObject **objs, size_t count);

/* Moves every tracked object into the permanent generation, which
 * collections never examine; unfreeze moves them all into generation 2.
 * Both may be called from finalizers and callbacks during a collection, as
 * in CPython: the objects being collected are not on a generation then. */
void ouro_gc_freeze(OuroRuntime *rt);
void ouro_gc_unfreeze(OuroRuntime *rt);
intptr_t ouro_gc_get_freeze_count(OuroRuntime *rt);

/* O(1) accounts kept for schedulers: GC objects allocated and bytes asked
 * for since the last collection of generation 0, and bytes in use. */
typedef struct OuroGCAccounts {
    intptr_t young_count;
    size_t bytes_since_young;
    size_t live_bytes;
} OuroGCAccounts;
void ouro_gc_accounts(OuroRuntime *rt, OuroGCAccounts *out);

/* ------------------------------------------------------------------ */
/* Roots                                                               */
/* ------------------------------------------------------------------ */

/* A root visitor reports references held outside any tracked object (a
 * module table, an interpreter's value stacks): visit(obj, arg) for each.
 * Handles are roots already. Used by the heap checker and by tools that
 * explain why an object is alive. */
typedef int (*OuroRootFn)(OuroRuntime *rt, OuroVisitFn visit, void *arg, void *ctx);
int ouro_root_add(OuroRuntime *rt, OuroRootFn fn, void *ctx);      /* 0 or -1 */
int ouro_root_remove(OuroRuntime *rt, OuroRootFn fn, void *ctx);   /* 0 or -1 */
/* Visits every root reference (handles included); stops at the first
 * non-zero result and returns it. */
int ouro_roots_visit(OuroRuntime *rt, OuroVisitFn visit, void *arg);

/* ------------------------------------------------------------------ */
/* Heap checker                                                        */
/* ------------------------------------------------------------------ */

enum {
    /* Also require every reference to a tracked object to be explained by a
     * tracked object's traverse, by a root or by the core's garbage list:
     * finds traverse slots that miss a reference (and references held from C
     * outside handles and roots). */
    OURO_CHECK_ROOTS = 1,
};

/* Verifies the collector's invariants (list links, generation codes and
 * sizes, flags, positive counts, the weak side table; with OURO_CHECK_ROOTS
 * the accounting of references). Returns the number of problems found,
 * each described by one line written through the debug hook. Debug builds
 * (OURO_DEBUG) run the structural checks on the lists a collection touched
 * after every one. */
intptr_t ouro_heap_check(OuroRuntime *rt, unsigned flags);

/* ------------------------------------------------------------------ */
/* Weak references                                                     */
/* ------------------------------------------------------------------ */

/*
 * A weak reference. Language-level weakref types extend it (basic_size >=
 * sizeof(OuroWeakRef), OURO_TYPE_GC) and call ouro_weakref_init,
 * ouro_weakref_traverse and ouro_weakref_fini from their slots; the core's
 * own weakref type (ouro_weakref_new) does exactly that.
 * The referent's list is doubly linked through prev/next from its head (a
 * field of the referent, or the runtime's side table for
 * OURO_TYPE_WEAKLIST_SIDE types); new references are added at the head, so
 * callbacks run newest first. The links may be read (from
 * ouro_weakref_list) but are changed only through the functions below.
 */
typedef struct OuroWeakRef {
    OuroObject ob;
    OuroObject *referent;       /* not owned; NULL once cleared */
    OuroObject *callback;       /* owned, may be NULL */
    struct OuroWeakRef *prev;
    struct OuroWeakRef *next;
} OuroWeakRef;

/* Returns the core's weak reference type ("weakref"). */
const OuroType *ouro_weakref_type(void);

/* Creates a weak reference to referent (borrowed; it must be of a
 * weak-referenceable type) with an optional callback (borrowed; the weakref
 * takes its own reference). Returns a new reference, or NULL if memory runs
 * out or the type is not weak-referenceable. May run code (it allocates a
 * GC object). */
OuroWeakRef *ouro_weakref_new(OuroRuntime *rt, OuroObject *referent, OuroObject *callback);

/* For weakref subtypes: links wr (freshly allocated, fields zero) at the head
 * of referent's list (borrowed: no reference is taken to it) and stores
 * callback (borrowed; wr takes its own reference). Returns 0, or -1 if
 * referent's type is not weak-referenceable or, for an
 * OURO_TYPE_WEAKLIST_SIDE referent, memory for its side-table entry runs
 * out; wr is then left untouched. Runs no code. The caller tracks wr
 * afterwards. */
int ouro_weakref_init(OuroRuntime *rt, OuroWeakRef *wr, OuroObject *referent,
                      OuroObject *callback);
/* As ouro_weakref_init, but links wr right behind `after` (borrowed), a
 * weakref on referent's list; after == NULL means at the head. For
 * languages that keep an order of their own (CPython keeps its shared
 * callback-less ref and proxy first). Returns 0 or -1 as ouro_weakref_init
 * (with after != NULL it cannot run out of memory). */
int ouro_weakref_init_after(OuroRuntime *rt, OuroWeakRef *wr, OuroObject *referent,
                            OuroObject *callback, OuroWeakRef *after);
/* Unlinks wr from its referent and releases its callback. For dealloc and
 * clear slots of weakref subtypes. May run code (the callback's release). */
void ouro_weakref_fini(OuroRuntime *rt, OuroWeakRef *wr);
int ouro_weakref_traverse(OuroWeakRef *wr, OuroVisitFn visit, void *arg);

/* The referent, borrowed, or NULL when it is dead (including while its count
 * is zero and it waits for release or is being deallocated). */
OuroObject *ouro_weakref_get(const OuroWeakRef *wr);

/* The first weak reference to obj (borrowed; follow ->next), or NULL. Takes
 * the runtime because the head may be in its side table. Runs no code. */
OuroWeakRef *ouro_weakref_list(OuroRuntime *rt, const OuroObject *obj);
/* The length of obj's weak reference list. Runs no code. */
size_t ouro_weakref_count(OuroRuntime *rt, const OuroObject *obj);
/* Whether instances of type can be weakly referenced: OURO_TYPE_WEAKREFABLE,
 * and OURO_TYPE_GC as well if OURO_TYPE_WEAKLIST_SIDE is set. */
int ouro_type_is_weakrefable(const OuroType *type);
/* The number of objects that have an entry in the runtime's side table of
 * weak reference lists (objects of OURO_TYPE_WEAKLIST_SIDE types with at
 * least one weak reference), and in *bytes (if bytes is not NULL) the bytes
 * the table holds, which ouro_mem_stats counts in bytes_in_use; an empty
 * table holds none. */
size_t ouro_weakref_side_count(OuroRuntime *rt, size_t *bytes);

/* Clears every weak reference to obj and runs the callbacks of those that
 * have one and are still alive, newest first. Deallocation does this by
 * itself; types that need it earlier may call it. */
void ouro_weakref_clear_all(OuroRuntime *rt, OuroObject *obj);

/* A callback object wrapping a C function, for use as a weakref callback
 * with the default call_callback hook. fn receives the dead weakref
 * (borrowed) and ctx; it returns 0 or -1 (reported). Returns a new
 * reference or NULL. */
typedef int (*OuroCCallbackFn)(OuroRuntime *rt, OuroWeakRef *wr, void *ctx);
OuroObject *ouro_ccallback_new(OuroRuntime *rt, OuroCCallbackFn fn, void *ctx);

/* ------------------------------------------------------------------ */
/* Named handles                                                       */
/* ------------------------------------------------------------------ */

/* A strong reference held from C under an owner's name, so that references
 * from outside the heap are not anonymous. Handles are roots. */
typedef struct OuroHandle OuroHandle;

/* Takes a new reference to obj under the name owner (copied). Returns the
 * handle, or NULL if memory runs out. */
OuroHandle *ouro_handle_new(OuroRuntime *rt, OuroObject *obj, const char *owner);
/* The object held (borrowed: valid while the handle lives). */
OuroObject *ouro_handle_get(const OuroHandle *h);
const char *ouro_handle_owner(const OuroHandle *h);
/* Releases the handle and its reference (may run arbitrary code). */
void ouro_handle_release(OuroRuntime *rt, OuroHandle *h);
/* Calls fn for each live handle, oldest first; stops at a non-zero result
 * and returns it. fn must not release handles. */
typedef int (*OuroHandleFn)(const OuroHandle *h, void *ctx);
int ouro_handles_foreach(OuroRuntime *rt, OuroHandleFn fn, void *ctx);
size_t ouro_handle_count(OuroRuntime *rt);

#ifdef __cplusplus
}
#endif

#endif /* OURO_H */
