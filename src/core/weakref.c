/*
 * weakref.c - weak references: the per-object list, the side table of
 * lists, clearing, callbacks, the core's own weakref type and C callback
 * objects.
 *
 * Where a list's head lives:
 *   - in a field of the referent, at type->weaklist_offset (types with
 *     OURO_TYPE_WEAKREFABLE alone);
 *   - in the runtime's side table (core.h, WeakTable), found by the
 *     referent's address (a slot holds only the head; the head's referent
 *     is the key), for OURO_TYPE_WEAKLIST_SIDE types (always GC
 *     types): the referent's PREV_WEAKLIST header bit says whether it has an
 *     entry, so an object without weak references is found out without a
 *     lookup. An entry is made with the object's first weak reference and
 *     removed when its list becomes empty (the last weakref is cleared or
 *     freed, or the object dies: every weakref is cleared before an object's
 *     memory is freed), so no entry outlives its object and a new object at
 *     the same address starts with none.
 *
 * Invariants:
 *   - a weakref with referent != NULL is on exactly that referent's list;
 *   - a cleared weakref has referent == NULL and prev == next == NULL,
 *     unless clear_all has chained it onto its private pending list;
 *   - side table: an entry exists for obj exactly when obj's PREV_WEAKLIST
 *     bit is set, and then its head is not NULL, has prev == NULL and
 *     referent == obj (the head's referent changes only as it leaves the
 *     table: mm_weakref_unlink updates the slot first);
 *   - ouro_weakref_get never returns an object whose count is zero, so an
 *     object waiting in the deferred queue, or half-way through its
 *     deallocation, reads as dead.
 * Nothing here runs code while the list or the table is half-updated: the
 * table only allocates and frees raw memory.
 */
#include <string.h>

#include "core.h"

/* ------------------------------------------------------------------ */
/* The side table                                                      */
/* ------------------------------------------------------------------ */

#define TABLE_MIN 8   /* the smallest capacity */

/* Fibonacci hashing: the top bits of the address times 2^64 / phi. Block
 * addresses differ in their low bits only by multiples of 8; the
 * multiplication spreads every bit into the top ones. */
static inline size_t table_home(const WeakTable *t, const OuroObject *obj)
{
    return (size_t)(((uint64_t)(uintptr_t)obj * UINT64_C(0x9E3779B97F4A7C15)) >> t->shift);
}

/* The slot of obj's list head, or NULL. A slot's key is its head's
 * referent, so every head in the table must name its object. */
static OuroWeakRef **table_find(const WeakTable *t, const OuroObject *obj)
{
    size_t mask = t->cap - 1;
    for (size_t i = table_home(t, obj);; i = (i + 1) & mask) {
        OuroWeakRef **slot = &t->heads[i];
        if (*slot == NULL)
            return NULL;
        if ((*slot)->referent == obj)
            return slot;
    }
}

/* Stores head, the head of obj's list, in a free slot; the table has room
 * (and obj no entry). head->referent need not be set yet. */
static void table_place(WeakTable *t, const OuroObject *obj, OuroWeakRef *head)
{
    size_t mask = t->cap - 1;
    size_t i = table_home(t, obj);
    while (t->heads[i] != NULL)
        i = (i + 1) & mask;
    t->heads[i] = head;
}

/* Moves every entry into a table of cap slots. Returns 0, or -1 if memory
 * runs out (the table is then unchanged). Runs no code. */
static int table_resize(OuroRuntime *rt, size_t cap)
{
    WeakTable *t = &rt->weak_table;
    assert(cap >= TABLE_MIN && (cap & (cap - 1)) == 0 && t->used * 4 <= cap * 3);
    OuroWeakRef **heads = ouro_mem_alloc(rt, cap * sizeof *heads);
    if (heads == NULL)
        return -1;
    memset(heads, 0, cap * sizeof *heads);
    WeakTable old = *t;
    unsigned bits = 0;
    while (((size_t)1 << bits) < cap)
        bits++;
    t->heads = heads;
    t->cap = cap;
    t->shift = 64 - bits;
    for (size_t i = 0; i < old.cap; i++) {
        if (old.heads[i] != NULL)
            table_place(t, old.heads[i]->referent, old.heads[i]);
    }
    if (old.heads != NULL)
        ouro_mem_free(rt, old.heads, old.cap * sizeof *old.heads);
    return 0;
}

/* Adds an entry for obj (which has none) with head wr and sets obj's
 * PREV_WEAKLIST bit. Returns 0, or -1 if memory runs out (nothing
 * changed). */
static int table_insert(OuroRuntime *rt, OuroObject *obj, OuroWeakRef *wr)
{
    WeakTable *t = &rt->weak_table;
    if ((t->used + 1) * 4 > t->cap * 3 &&
        table_resize(rt, t->cap ? t->cap * 2 : TABLE_MIN) < 0)
        return -1;
    table_place(t, obj, wr);
    t->used++;
    as_gc(obj)->prev |= PREV_WEAKLIST;
    return 0;
}

/* Removes obj's entry, whose slot is `slot`, and clears obj's PREV_WEAKLIST
 * bit. The entries that follow in its probe run move back (backward-shift
 * deletion); a table left at most 1/8 full halves when memory allows; an
 * empty one is freed. */
static void table_remove(OuroRuntime *rt, const OuroObject *obj, OuroWeakRef **slot)
{
    WeakTable *t = &rt->weak_table;
    size_t mask = t->cap - 1;
    size_t hole = (size_t)(slot - t->heads);
    as_gc(obj)->prev &= ~PREV_WEAKLIST;
    for (size_t j = (hole + 1) & mask; t->heads[j] != NULL; j = (j + 1) & mask) {
        size_t home = table_home(t, t->heads[j]->referent);
        /* Entry j may fill the hole unless its home lies cyclically in
         * (hole, j]: it would then be placed before its home. */
        int stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
        if (!stays) {
            t->heads[hole] = t->heads[j];
            hole = j;
        }
    }
    t->heads[hole] = NULL;
    t->used--;
    if (t->used == 0) {
        /* A runtime whose objects have no weak references holds no table. */
        ouro_mem_free(rt, t->heads, t->cap * sizeof *t->heads);
        t->heads = NULL;
        t->cap = 0;
    } else if (t->cap > TABLE_MIN && t->used * 8 <= t->cap) {
        (void)table_resize(rt, t->cap / 2);   /* a failure keeps the larger table */
    }
}

size_t ouro_weakref_side_count(OuroRuntime *rt, size_t *bytes)
{
    if (bytes != NULL)
        *bytes = rt->weak_table.cap * sizeof(OuroWeakRef *);
    return rt->weak_table.used;
}

/* ------------------------------------------------------------------ */
/* Lists                                                               */
/* ------------------------------------------------------------------ */

static inline int is_side(const OuroType *type)
{
    return (type->flags & OURO_TYPE_WEAKLIST_SIDE) != 0;
}

static OuroWeakRef **field_slot(const OuroObject *obj)
{
    return (OuroWeakRef **)((char *)obj + obj->type->weaklist_offset);
}

/* The table slot holding obj's list head, or NULL if obj (of a side type)
 * has no weak references: one bit test then. */
static OuroWeakRef **side_slot(OuroRuntime *rt, const OuroObject *obj)
{
    if (!(as_gc(obj)->prev & PREV_WEAKLIST))
        return NULL;
    OuroWeakRef **slot = table_find(&rt->weak_table, obj);
    assert(slot != NULL && (*slot)->prev == NULL);
    return slot;
}

int mm_weak_table_has(OuroRuntime *rt, const OuroObject *obj)
{
    return rt->weak_table.cap != 0 && table_find(&rt->weak_table, obj) != NULL;
}

/* One entry of the heap checker's walk: slot i's head, its referent and
 * its list. Returns what is wrong, or NULL. */
static const char *check_entry(const WeakTable *t, size_t i)
{
    const OuroWeakRef *head = t->heads[i];
    const OuroObject *obj = head->referent;
    if (obj == NULL)
        return "a cleared weak reference heads a list";
    if (head->prev != NULL)
        return "a list head has a predecessor";
    if (!is_side(obj->type) || !(obj->type->flags & OURO_TYPE_GC))
        return "the referent's type keeps its own weak list";
    if (!(as_gc(obj)->prev & PREV_WEAKLIST))
        return "the referent's WEAKLIST bit is clear";
    if (table_find(t, obj) != &t->heads[i])
        return "the referent's probe run does not reach its entry";
    for (const OuroWeakRef *wr = head; wr->next != NULL; wr = wr->next) {
        if (wr->next == wr || wr->next->prev != wr)
            return "broken list link";
        if (wr->next->referent != obj)
            return "a list holds weak references to another object";
    }
    return NULL;
}

intptr_t mm_weak_table_check(OuroRuntime *rt)
{
    const WeakTable *t = &rt->weak_table;
    if ((t->cap == 0) != (t->heads == NULL) || (t->cap & (t->cap - 1)) != 0 ||
        (t->cap != 0 && (t->cap < TABLE_MIN || t->shift + __builtin_ctzll(t->cap) != 64)) ||
        t->used * 4 > t->cap * 3) {
        mm_gc_write_debug(rt, "heapcheck: weak side table: capacity %zu, %zu used: malformed\n",
                          t->cap, t->used);
        return 1;
    }
    intptr_t problems = 0;
    size_t n = 0;
    for (size_t i = 0; i < t->cap; i++) {
        if (t->heads[i] == NULL)
            continue;
        n++;
        const char *what = check_entry(t, i);
        if (what != NULL) {
            const OuroObject *obj = t->heads[i]->referent;
            mm_gc_write_debug(rt, "heapcheck: weak side table slot %zu: %s: <%s %p>\n", i, what,
                              obj != NULL ? obj->type->name : "?", (const void *)obj);
            problems++;
        }
    }
    if (n != t->used) {
        mm_gc_write_debug(rt, "heapcheck: weak side table holds %zu entries, recorded %zu\n", n,
                          t->used);
        problems++;
    }
    return problems;
}

int ouro_type_is_weakrefable(const OuroType *type)
{
    unsigned f = type->flags;
    return (f & OURO_TYPE_WEAKREFABLE) && (!(f & OURO_TYPE_WEAKLIST_SIDE) || (f & OURO_TYPE_GC));
}

OuroWeakRef *ouro_weakref_list(OuroRuntime *rt, const OuroObject *obj)
{
    if (!mm_may_have_weakrefs(obj))
        return NULL;
    if (!is_side(obj->type))
        return *field_slot(obj);
    OuroWeakRef **slot = side_slot(rt, obj);
    return slot != NULL ? *slot : NULL;
}

size_t ouro_weakref_count(OuroRuntime *rt, const OuroObject *obj)
{
    size_t n = 0;
    for (OuroWeakRef *wr = ouro_weakref_list(rt, obj); wr != NULL; wr = wr->next)
        n++;
    return n;
}

int ouro_weakref_init_after(OuroRuntime *rt, OuroWeakRef *wr, OuroObject *referent,
                            OuroObject *callback, OuroWeakRef *after)
{
    if (!ouro_type_is_weakrefable(referent->type))
        return -1;
    if (after != NULL) {
        assert(after->referent == referent);
        wr->prev = after;
        wr->next = after->next;
        if (after->next != NULL)
            after->next->prev = wr;
        after->next = wr;
    } else if (!is_side(referent->type)) {
        OuroWeakRef **slot = field_slot(referent);
        wr->prev = NULL;
        wr->next = *slot;
        if (*slot != NULL)
            (*slot)->prev = wr;
        *slot = wr;
    } else {
        OuroWeakRef **slot = side_slot(rt, referent);
        if (slot != NULL) {
            wr->next = *slot;
            (*slot)->prev = wr;
            *slot = wr;   /* the key stays: wr->referent is set below */
        } else {
            if (table_insert(rt, referent, wr) < 0)
                return -1;   /* wr untouched */
            wr->next = NULL;
        }
        wr->prev = NULL;
    }
    wr->referent = referent;
    wr->callback = callback;
    ouro_xincref(callback);
    return 0;
}

int ouro_weakref_init(OuroRuntime *rt, OuroWeakRef *wr, OuroObject *referent,
                      OuroObject *callback)
{
    return ouro_weakref_init_after(rt, wr, referent, callback, NULL);
}

void mm_weakref_unlink(OuroRuntime *rt, OuroWeakRef *wr)
{
    OuroObject *obj = wr->referent;
    if (obj == NULL)
        return;
    if (wr->prev != NULL) {
        wr->prev->next = wr->next;
    } else if (!is_side(obj->type)) {
        assert(*field_slot(obj) == wr);
        *field_slot(obj) = wr->next;
    } else {
        OuroWeakRef **slot = side_slot(rt, obj);
        assert(slot != NULL && *slot == wr);
        if (wr->next != NULL)
            *slot = wr->next;           /* same referent: same key */
        else
            table_remove(rt, obj, slot);   /* the list is empty */
    }
    if (wr->next != NULL)
        wr->next->prev = wr->prev;
    wr->referent = NULL;
    wr->prev = wr->next = NULL;
}

void ouro_weakref_fini(OuroRuntime *rt, OuroWeakRef *wr)
{
    mm_weakref_unlink(rt, wr);
    ouro_clearref(rt, &wr->callback);
}

int ouro_weakref_traverse(OuroWeakRef *wr, OuroVisitFn visit, void *arg)
{
    return wr->callback != NULL ? visit(wr->callback, arg) : 0;
}

OuroObject *ouro_weakref_get(const OuroWeakRef *wr)
{
    OuroObject *r = wr->referent;
    return r != NULL && r->refcnt > 0 ? r : NULL;
}

/* ------------------------------------------------------------------ */
/* Callbacks                                                           */
/* ------------------------------------------------------------------ */

typedef struct CCallback {
    OuroObject ob;
    OuroCCallbackFn fn;
    void *ctx;
} CCallback;

static const OuroType ccallback_type = {
    .name = "ccallback",
    .basic_size = sizeof(CCallback),
};

OuroObject *ouro_ccallback_new(OuroRuntime *rt, OuroCCallbackFn fn, void *ctx)
{
    CCallback *cb = (CCallback *)ouro_new(rt, &ccallback_type);
    if (cb == NULL)
        return NULL;
    cb->fn = fn;
    cb->ctx = ctx;
    return &cb->ob;
}

static int call_default(OuroRuntime *rt, OuroObject *callback, OuroObject *wr)
{
    if (callback->type != &ccallback_type)
        return -1;
    CCallback *cb = (CCallback *)callback;
    return cb->fn(rt, (OuroWeakRef *)wr, cb->ctx);
}

void mm_weakref_call(OuroRuntime *rt, OuroWeakRef *wr, int take)
{
    OuroObject *cb = wr->callback;
    if (cb == NULL)
        return;
    if (take)
        wr->callback = NULL;   /* our reference now */
    else
        ouro_incref(cb);
    int (*call)(OuroRuntime *, OuroObject *, OuroObject *) =
        rt->hooks.call_callback != NULL ? rt->hooks.call_callback : call_default;
    if (call(rt, cb, &wr->ob) < 0)
        ouro_report_error(rt, "weakref callback", cb);
    ouro_decref(rt, cb);
}

/*
 * Refcount death (and explicit use): every weakref is cleared first, then
 * the callbacks of those still alive run in list order (newest first). The
 * weakrefs to call back are held by a new reference and chained through
 * their now unused next fields.
 */
void ouro_weakref_clear_all(OuroRuntime *rt, OuroObject *obj)
{
    OuroWeakRef *pending = NULL, *tail = NULL, *wr;
    while ((wr = ouro_weakref_list(rt, obj)) != NULL) {
        mm_weakref_unlink(rt, wr);
        if (wr->callback == NULL)
            continue;
        if (wr->ob.refcnt <= 0) {
            /* Dying too: its callback must not run. Its own dealloc would
             * release the callback anyway; do it now, it is never called. */
            ouro_clearref(rt, &wr->callback);
            continue;
        }
        ouro_incref(&wr->ob);
        if (tail != NULL)
            tail->next = wr;
        else
            pending = wr;
        tail = wr;
    }
    while (pending != NULL) {
        wr = pending;
        pending = wr->next;
        wr->next = NULL;
        mm_weakref_call(rt, wr, 1);
        ouro_decref(rt, &wr->ob);
    }
}

/* ------------------------------------------------------------------ */
/* The core's weakref type                                             */
/* ------------------------------------------------------------------ */

static int weakref_traverse(OuroObject *self, OuroVisitFn visit, void *arg)
{
    return ouro_weakref_traverse((OuroWeakRef *)self, visit, arg);
}

static int weakref_clear(OuroRuntime *rt, OuroObject *self)
{
    ouro_weakref_fini(rt, (OuroWeakRef *)self);
    return 0;
}

static void weakref_dealloc(OuroRuntime *rt, OuroObject *self)
{
    ouro_weakref_fini(rt, (OuroWeakRef *)self);
}

static const OuroType weakref_type = {
    .name = "weakref",
    .basic_size = sizeof(OuroWeakRef),
    .flags = OURO_TYPE_GC | OURO_TYPE_WEAKREF,
    .dealloc = weakref_dealloc,
    .traverse = weakref_traverse,
    .clear = weakref_clear,
};

const OuroType *ouro_weakref_type(void)
{
    return &weakref_type;
}

OuroWeakRef *ouro_weakref_new(OuroRuntime *rt, OuroObject *referent, OuroObject *callback)
{
    if (!ouro_type_is_weakrefable(referent->type))
        return NULL;
    OuroWeakRef *wr = (OuroWeakRef *)ouro_new(rt, &weakref_type);
    if (wr == NULL)
        return NULL;
    if (ouro_weakref_init(rt, wr, referent, callback) < 0) {
        ouro_decref(rt, &wr->ob);   /* untracked, unlinked, no callback: runs no code */
        return NULL;
    }
    ouro_gc_track(rt, &wr->ob);
    return wr;
}
