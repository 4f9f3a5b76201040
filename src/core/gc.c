/*
 * gc.c - the generational cycle collector (trial deletion, CPython 3.11).
 *
 * Every tracked container is on exactly one list:
 *   gen[0]    - tracked since the last collection of generation 0
 *   gen[1..2] - survived one or more collections
 *   permanent - moved there by ouro_gc_freeze(); never examined
 * and the SPACE bits of its header name that list (core.h).
 *
 * A collection of generation g, as CPython 3.11's gc_collect_main:
 *   merge_younger        generations 0..g-1 join g ("young"): list splices,
 *                        labels left stale (0..g) until move_unreachable
 *   deduce_unreachable   gc_refs = count - references from inside young, in
 *                        one walk (count_refs); what is reachable from
 *                        gc_refs > 0 survives, relabelled for its next
 *                        generation, the rest moves to `unreachable`
 *                        (and, on the way, lazily untracks surviving
 *                        tuple-like objects holding no container)
 *   promote_survivors    survivors join generation g+1 (a splice) or stay
 *   move_legacy_finalizers  objects with a legacy finalizer, and all they
 *                        reach, are uncollectable: set aside
 *   handle_weakrefs      clear weakrefs to unreachable objects; call back the
 *                        ones that are not garbage themselves
 *   finalize_garbage     safe finalizers, once per object
 *   handle_resurrected   re-run reachability inside `unreachable`: what a
 *                        finalizer made reachable again survives
 *   delete_garbage       clear slots break the remaining cycles
 *   handle_legacy        uncollectable objects go to the garbage list
 * While a collection runs, objects of young carry COLLECTING and gc_refs
 * lives in the prev word, so young is singly linked until move_unreachable
 * restores the prev pointers. Objects that die during the collection unlink
 * themselves from whichever list holds them (all lists are doubly linked
 * again from handle_weakrefs on).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core.h"

/* ------------------------------------------------------------------ */
/* Lists                                                               */
/* ------------------------------------------------------------------ */

static void list_init(OuroGCHead *list)
{
    list->next = (uintptr_t)list;
    list->prev = (uintptr_t)list;
}

static int list_is_empty(const OuroGCHead *list)
{
    return gc_next(list) == list;
}

static void list_append(OuroGCHead *node, OuroGCHead *list)
{
    OuroGCHead *last = gc_prev(list);
    gc_set_prev(node, last);
    gc_set_next(last, node);
    gc_set_next(node, list);
    gc_set_prev(list, node);
}

static void list_unlink(OuroGCHead *node)
{
    OuroGCHead *prev = gc_prev(node);
    OuroGCHead *next = gc_next(node);
    gc_set_next(prev, next);
    gc_set_prev(next, prev);
}

static void list_move(OuroGCHead *node, OuroGCHead *list)
{
    list_unlink(node);
    list_append(node, list);
}

/* Appends every node of from to the end of to; from becomes empty. */
static void list_merge(OuroGCHead *from, OuroGCHead *to)
{
    if (list_is_empty(from))
        return;
    OuroGCHead *to_tail = gc_prev(to);
    OuroGCHead *from_head = gc_next(from);
    OuroGCHead *from_tail = gc_prev(from);
    gc_set_next(to_tail, from_head);
    gc_set_prev(from_head, to_tail);
    gc_set_next(from_tail, to);
    gc_set_prev(to, from_tail);
    list_init(from);
}

static intptr_t list_size(const OuroGCHead *list)
{
    intptr_t n = 0;
    for (OuroGCHead *g = gc_next(list); g != list; g = gc_next(g))
        n++;
    return n;
}

static GCGeneration *space_gen(OuroRuntime *rt, int space)
{
    return &rt->gc.gen[space];
}

/* Moves every node of list (whose objects all belong to space `from`) to
 * the end of space `to`'s list, relabelling them. O(n). */
static intptr_t merge_into_space(OuroRuntime *rt, OuroGCHead *list, int from, int to)
{
    intptr_t n = 0;
    for (OuroGCHead *g = gc_next(list); g != list; g = gc_next(g)) {
        assert(gc_space(g) == from);
        gc_set_space(g, to);
        n++;
    }
    space_gen(rt, from)->size -= n;
    space_gen(rt, to)->size += n;
    list_merge(list, &space_gen(rt, to)->head);
    return n;
}

/* Moves one node to the end of space `to`'s list, relabelling it. */
static void move_to_space(OuroRuntime *rt, OuroGCHead *g, int to)
{
    space_gen(rt, gc_space(g))->size--;
    space_gen(rt, to)->size++;
    gc_set_space(g, to);
    list_move(g, &space_gen(rt, to)->head);
}

/* ------------------------------------------------------------------ */
/* Tracking                                                            */
/* ------------------------------------------------------------------ */

void ouro_gc_track(OuroRuntime *rt, OuroObject *obj)
{
    assert(is_gc_type(obj->type));
    OuroGCHead *g = as_gc(obj);
    if (gc_is_tracked(g))
        return;
    rt->gc.lazy_untrack_seen |= obj->type->flags;
    /* Space 0 and no UNREACHABLE bit: next is the bare pointer. */
    OuroGCHead *list = &rt->gc.gen[0].head;
    OuroGCHead *last = gc_prev(list);
    g->next = (uintptr_t)list;
    gc_set_prev(g, last);
    gc_set_next(last, g);
    gc_set_prev(list, g);
    rt->gc.gen[0].size++;
}

void ouro_gc_untrack(OuroRuntime *rt, OuroObject *obj)
{
    assert(is_gc_type(obj->type));
    mm_gc_untrack(rt, as_gc(obj));
}

int ouro_gc_is_tracked(const OuroObject *obj)
{
    return is_gc_type(obj->type) && gc_is_tracked(as_gc(obj));
}

int ouro_gc_is_finalized(const OuroObject *obj)
{
    return is_gc_type(obj->type) && gc_is_finalized(as_gc(obj));
}

/* ------------------------------------------------------------------ */
/* State                                                               */
/* ------------------------------------------------------------------ */

int mm_gc_init(OuroRuntime *rt)
{
    GCState *gc = &rt->gc;
    static const intptr_t thresholds[OURO_GC_GENERATIONS] = {700, 10, 10};
    for (int i = 0; i < OURO_GC_GENERATIONS; i++) {
        list_init(&gc->gen[i].head);
        gc->gen[i].threshold = thresholds[i];
    }
    list_init(&gc->gen[OURO_GC_PERMANENT].head);
    gc->enabled = 1;
    return 0;
}

void ouro_gc_enable(OuroRuntime *rt) { rt->gc.enabled = 1; }
void ouro_gc_disable(OuroRuntime *rt) { rt->gc.enabled = 0; }
int ouro_gc_is_enabled(OuroRuntime *rt) { return rt->gc.enabled; }
unsigned ouro_gc_get_debug(OuroRuntime *rt) { return rt->gc.debug; }
void ouro_gc_set_debug(OuroRuntime *rt, unsigned flags) { rt->gc.debug = flags; }

void ouro_gc_get_count(OuroRuntime *rt, intptr_t count[OURO_GC_GENERATIONS])
{
    for (int i = 0; i < OURO_GC_GENERATIONS; i++)
        count[i] = rt->gc.gen[i].count;
}

void ouro_gc_get_threshold(OuroRuntime *rt, intptr_t threshold[OURO_GC_GENERATIONS])
{
    for (int i = 0; i < OURO_GC_GENERATIONS; i++)
        threshold[i] = rt->gc.gen[i].threshold;
}

void ouro_gc_set_threshold(OuroRuntime *rt, const intptr_t threshold[OURO_GC_GENERATIONS])
{
    for (int i = 0; i < OURO_GC_GENERATIONS; i++)
        rt->gc.gen[i].threshold = threshold[i];
}

void ouro_gc_get_stats(OuroRuntime *rt, OuroGCStats out[OURO_GC_GENERATIONS])
{
    memcpy(out, rt->gc.stats, sizeof rt->gc.stats);
}

intptr_t ouro_gc_generation_size(OuroRuntime *rt, int space)
{
    if (space < 0 || space > OURO_GC_PERMANENT)
        return -1;
    return space_gen(rt, space)->size;
}

void ouro_gc_accounts(OuroRuntime *rt, OuroGCAccounts *out)
{
    out->young_count = rt->gc.gen[0].count;
    out->bytes_since_young = rt->gc.bytes_since_young;
    out->live_bytes = rt->alloc.st.bytes_in_use;
}

void mm_gc_write_debug(OuroRuntime *rt, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (rt->hooks.write_debug != NULL)
        rt->hooks.write_debug(rt, buf);
    else
        fputs(buf, stderr);
}

/* ------------------------------------------------------------------ */
/* Trial deletion                                                      */
/* ------------------------------------------------------------------ */

static int traverse(OuroObject *op, OuroVisitFn visit, void *arg)
{
    const OuroType *t = op->type;
    return t->traverse != NULL ? t->traverse(op, visit, arg) : 0;
}

/* gc_refs = count, and COLLECTING: the object joins the set being
 * collected. */
static inline void start_refs(OuroGCHead *g)
{
    const OuroObject *op = from_gc(g);
    /* A tracked object with a zero count would be freed twice. */
    assert(op->refcnt > 0);
    g->prev = (g->prev & PREV_BITS) | PREV_COLLECTING | ((uintptr_t)op->refcnt << PREV_SHIFT);
}

/* gc_refs = count, and mark as COLLECTING, for every object of a list. */
static void update_refs(OuroGCHead *list)
{
    for (OuroGCHead *g = gc_next(list); g != list; g = gc_next(g))
        start_refs(g);
}

static int visit_decref(OuroObject *op, void *arg)
{
    (void)arg;
    if (op != NULL && is_gc_type(op->type)) {
        OuroGCHead *g = as_gc(op);
        if (gc_is_collecting(g))
            gc_dec_refs(g);   /* asserts: a traverse visiting too much */
    }
    return 0;
}

/* Subtracts the references made from inside a list whose objects are all
 * COLLECTING. */
static void subtract_refs(OuroGCHead *list)
{
    for (OuroGCHead *g = gc_next(list); g != list; g = gc_next(g))
        traverse(from_gc(g), visit_decref, NULL);
}

/* Whether a tracked or untracked object is on one of the lists merged into
 * young: tracked, with a space label at most the collected generation's
 * (`limit` is that label shifted into place). Valid from merge_younger to
 * move_unreachable, which relabels every object of young. */
static inline int in_young(const OuroGCHead *g, uintptr_t limit)
{
    return g->next != 0 && (g->next & NEXT_SPACE_MASK) <= limit;
}

static int visit_decref_young(OuroObject *op, void *arg)
{
    if (op == NULL || !is_gc_type(op->type))
        return 0;
    OuroGCHead *g = as_gc(op);
    if (!gc_is_collecting(g)) {
        if (!in_young(g, (uintptr_t)arg))
            return 0;
        start_refs(g);   /* reached before the walk got to it */
    }
    gc_dec_refs(g);   /* asserts: a traverse visiting too much */
    return 0;
}

/*
 * update_refs and subtract_refs of young in one walk: an object's gc_refs
 * starts from its count the first time either the walk or a visit from
 * another young object reaches it (COLLECTING tells which have started),
 * and every visit from inside young subtracts one. The result is the same
 * as two walks, one list traversal fewer; membership of young is read from
 * the space label, since COLLECTING is not set on all of young yet.
 */
static void count_refs(OuroGCHead *young, int generation)
{
    void *limit = (void *)((uintptr_t)generation << NEXT_SPACE_SHIFT);
    for (OuroGCHead *g = gc_next(young); g != young; g = gc_next(g)) {
        if (!gc_is_collecting(g))
            start_refs(g);
        traverse(from_gc(g), visit_decref_young, limit);
    }
}

static int visit_reachable(OuroObject *op, void *arg)
{
    OuroGCHead *young = arg;
    if (op == NULL || !is_gc_type(op->type))
        return 0;
    OuroGCHead *g = as_gc(op);
    /* Objects of other generations, and young objects already scanned,
     * have no COLLECTING flag. */
    if (!gc_is_collecting(g))
        return 0;
    if (g->next & NEXT_UNREACHABLE) {
        /* Tentatively unreachable, but reachable after all: back to young,
         * where move_unreachable will scan it. */
        list_unlink(g);
        g->next &= ~NEXT_UNREACHABLE;
        list_append(g, young);
        gc_set_refs(g, 1);
    } else if (gc_get_refs(g) == 0) {
        gc_set_refs(g, 1);
    }
    return 0;
}

/* Whether op may take part in a cycle now or later (CPython's
 * _PyObject_GC_MAY_BE_TRACKED). An untracked immutable container stays
 * untracked, so it counts as atomic. */
static inline int may_be_tracked(const OuroObject *op)
{
    if (!is_gc_type(op->type))
        return 0;
    if (op->type->flags & OURO_TYPE_UNTRACK_IMMUTABLE)
        return gc_is_tracked(as_gc(op));
    return 1;
}

typedef struct ReachAtomic {
    OuroGCHead *young;
    int may_be_tracked;   /* some visited object may be tracked */
} ReachAtomic;

/* visit_reachable, noting whether op may take part in a cycle. */
static int visit_reachable_atomic(OuroObject *op, void *arg)
{
    ReachAtomic *ra = arg;
    if (op != NULL && !ra->may_be_tracked && may_be_tracked(op))
        ra->may_be_tracked = 1;
    return visit_reachable(op, ra->young);
}

/*
 * Splits young: objects reachable from one with gc_refs > 0 stay, the rest
 * move to unreachable (flagged UNREACHABLE, still COLLECTING). Young's prev
 * pointers hold gc_refs on entry and are pointers again on exit; scanned
 * objects lose COLLECTING. The header of every object is written here
 * anyway, so the labels are set on the way: survivors get survivor_space,
 * the unreachable young_space (merge_younger left them stale).
 *
 * Survivors whose type carries a flag of `untrack` and that hold no object
 * that may be tracked are untracked on the way (CPython's untrack_tuples,
 * a walk of the survivors after this one): the walk reaches the survivors
 * in the order of the final list, so each answer is the one the later
 * walk would give; *untracked counts them (they still count in young's
 * size). Returns the number of survivors left tracked.
 */
static intptr_t move_unreachable(OuroGCHead *young, OuroGCHead *unreachable,
                                 int survivor_space, int young_space, unsigned untrack,
                                 intptr_t *untracked)
{
    uintptr_t survivor_bits = (uintptr_t)survivor_space << NEXT_SPACE_SHIFT;
    uintptr_t unreachable_bits = ((uintptr_t)young_space << NEXT_SPACE_SHIFT) | NEXT_UNREACHABLE;
    intptr_t survivors = 0;
    OuroGCHead *prev = young;
    OuroGCHead *g = gc_next(young);
    while (g != young) {
        if (gc_get_refs(g) != 0) {
            /* traverse may append to young (even right after g), so the
             * next object is read only afterwards. */
            OuroObject *op = from_gc(g);
            if (op->type->flags & untrack) {
                ReachAtomic ra = {young, 0};
                traverse(op, visit_reachable_atomic, &ra);
                if (!ra.may_be_tracked) {
                    /* Untracked: unlinked from the singly linked young. */
                    gc_set_next(prev, gc_next(g));
                    g->next = 0;
                    g->prev &= PREV_KEEP;
                    (*untracked)++;
                    g = gc_next(prev);
                    continue;
                }
            } else {
                traverse(op, visit_reachable, young);
            }
            g->next = (g->next & ~NEXT_SPACE_MASK) | survivor_bits;
            g->prev = (uintptr_t)prev | (g->prev & PREV_BITS & ~PREV_COLLECTING);
            prev = g;
            survivors++;
        } else {
            gc_set_next(prev, gc_next(g));
            OuroGCHead *last = gc_prev(unreachable);
            gc_set_next(last, g);
            gc_set_prev(g, last);
            g->next = (uintptr_t)unreachable | unreachable_bits;
            gc_set_prev(unreachable, g);
        }
        g = gc_next(prev);
    }
    gc_set_prev(young, prev);
    return survivors;
}

/* Trial deletion inside a list whose objects all carry the label `space`
 * (the garbage, after finalizers ran). */
static void deduce_unreachable(OuroGCHead *base, OuroGCHead *unreachable, int space)
{
    update_refs(base);
    subtract_refs(base);
    list_init(unreachable);
    intptr_t untracked = 0;
    move_unreachable(base, unreachable, space, space, 0, &untracked);
}

/* Trial deletion of young, generations 0..generation merged: survivors
 * are relabelled old_space (and counted there), unreachable objects
 * `generation`; surviving tuple-like objects holding no container are
 * untracked on the way (as CPython's untrack_tuples: survivors only, an
 * unreachable tuple hanging off a cycle is garbage with it and counted).
 * Returns the number of survivors left tracked. */
static intptr_t deduce_unreachable_young(OuroRuntime *rt, int generation, int old_space,
                                         OuroGCHead *unreachable)
{
    GCState *gc = &rt->gc;
    OuroGCHead *young = &gc->gen[generation].head;
    count_refs(young, generation);
    list_init(unreachable);
    /* No untracking test at all for embedders whose types never ask. */
    unsigned untrack = gc->lazy_untrack_seen & OURO_TYPE_UNTRACK_IMMUTABLE;
    intptr_t untracked = 0;
    intptr_t survivors = move_unreachable(young, unreachable, old_space, generation, untrack,
                                          &untracked);
    gc->gen[generation].size -= survivors + untracked;
    gc->gen[old_space].size += survivors;
    return survivors;
}

static void clear_unreachable_mask(OuroGCHead *list)
{
    for (OuroGCHead *g = gc_next(list); g != list; g = gc_next(g))
        g->next &= ~NEXT_UNREACHABLE;
}

static void clear_collecting(OuroGCHead *list)
{
    for (OuroGCHead *g = gc_next(list); g != list; g = gc_next(g))
        g->prev &= ~PREV_COLLECTING;
}

/* ------------------------------------------------------------------ */
/* Lazy untracking                                                     */
/* ------------------------------------------------------------------ */

static int visit_may_be_tracked(OuroObject *op, void *arg)
{
    (void)arg;
    return op != NULL && may_be_tracked(op);
}

/* Returns the number of objects untracked. */
static intptr_t untrack_atomic(OuroRuntime *rt, OuroGCHead *list, unsigned flag)
{
    /* No walk at all for embedders whose types never ask for it. */
    if (!(rt->gc.lazy_untrack_seen & flag))
        return 0;
    intptr_t n = 0;
    OuroGCHead *next;
    for (OuroGCHead *g = gc_next(list); g != list; g = next) {
        next = gc_next(g);
        OuroObject *op = from_gc(g);
        if ((op->type->flags & flag) && traverse(op, visit_may_be_tracked, NULL) == 0) {
            ouro_gc_untrack(rt, op);
            n++;
        }
    }
    return n;
}

/* ------------------------------------------------------------------ */
/* Legacy finalizers, weakrefs, finalizers, resurrection, deletion     */
/* ------------------------------------------------------------------ */

/* Moves unreachable objects with a legacy finalizer to `finalizers`,
 * clearing UNREACHABLE on every object (unreachable becomes a plain list). */
static void move_legacy_finalizers(OuroGCHead *unreachable, OuroGCHead *finalizers)
{
    OuroGCHead *next;
    for (OuroGCHead *g = gc_next(unreachable); g != unreachable; g = next) {
        assert(g->next & NEXT_UNREACHABLE);
        g->next &= ~NEXT_UNREACHABLE;
        next = gc_next(g);
        if (from_gc(g)->type->legacy_del != NULL) {
            g->prev &= ~PREV_COLLECTING;
            list_move(g, finalizers);
        }
    }
}

static int visit_move(OuroObject *op, void *arg)
{
    OuroGCHead *to = arg;
    if (op != NULL && is_gc_type(op->type)) {
        OuroGCHead *g = as_gc(op);
        if (gc_is_collecting(g)) {
            list_move(g, to);
            g->prev &= ~PREV_COLLECTING;
        }
    }
    return 0;
}

/* Everything reachable from a legacy-finalizer object is uncollectable too.
 * Appending to the list being walked extends the walk. */
static void move_legacy_finalizer_reachable(OuroGCHead *finalizers)
{
    for (OuroGCHead *g = gc_next(finalizers); g != finalizers; g = gc_next(g))
        traverse(from_gc(g), visit_move, finalizers);
}

/*
 * Clears every weak reference to an unreachable object. A weakref that is
 * garbage itself is cleared without a callback (its callback could see
 * objects already cleared); the others call back once all are cleared.
 * Returns the number of those weakrefs freed once their callback ran.
 */
static intptr_t handle_weakrefs(OuroRuntime *rt, OuroGCHead *unreachable, int old_space)
{
    OuroGCHead wrcb_to_call;
    list_init(&wrcb_to_call);
    for (OuroGCHead *g = gc_next(unreachable); g != unreachable; g = gc_next(g)) {
        OuroObject *op = from_gc(g);
        /* Side-table objects without weak references: one bit test. */
        if (!mm_may_have_weakrefs(op))
            continue;
        OuroWeakRef *wr;
        while ((wr = ouro_weakref_list(rt, op)) != NULL) {
            mm_weakref_unlink(rt, wr);
            if (wr->callback == NULL || wr->ob.refcnt <= 0)
                continue;
            OuroGCHead *wg = as_gc(&wr->ob);
            /* Weak references with callbacks must be tracked GC objects. */
            assert(is_gc_type(wr->ob.type) && gc_is_tracked(wg));
            if (gc_is_collecting(wg))
                continue;   /* garbage itself: no callback */
            ouro_incref(&wr->ob);
            list_move(wg, &wrcb_to_call);
        }
    }
    /* Weakrefs in the garbage whose referent lives on are cleared too, so
     * their callbacks can never run (bpo-38006). */
    for (OuroGCHead *g = gc_next(unreachable); g != unreachable; g = gc_next(g)) {
        OuroObject *op = from_gc(g);
        if (op->type->flags & OURO_TYPE_WEAKREF)
            mm_weakref_unlink(rt, (OuroWeakRef *)op);
    }
    intptr_t freed = 0;
    while (!list_is_empty(&wrcb_to_call)) {
        OuroGCHead *wg = gc_next(&wrcb_to_call);
        OuroWeakRef *wr = (OuroWeakRef *)from_gc(wg);
        mm_weakref_call(rt, wr, 0);
        ouro_decref(rt, &wr->ob);
        if (gc_next(&wrcb_to_call) == wg)
            move_to_space(rt, wg, old_space);   /* still alive */
        else
            freed++;
    }
    return freed;
}

static void finalize_garbage(OuroRuntime *rt, OuroGCHead *collectable)
{
    OuroGCHead seen;
    list_init(&seen);
    /* Each object moves to `seen` before its finalizer runs, so that a
     * finalizer freeing other objects of the list cannot derail the walk. */
    while (!list_is_empty(collectable)) {
        OuroGCHead *g = gc_next(collectable);
        OuroObject *op = from_gc(g);
        list_move(g, &seen);
        if (!gc_is_finalized(g) && op->type->finalize != NULL) {
            g->prev |= PREV_FINALIZED;
            ouro_incref(op);
            if (op->type->finalize(rt, op) < 0)
                ouro_report_error(rt, "finalizer of", op);
            ouro_decref(rt, op);
        }
    }
    list_merge(&seen, collectable);
}

/* After finalizers ran: objects of unreachable now referenced from outside
 * it, and all they reach, survive into old_space; the rest stay garbage in
 * still_unreachable. */
static void handle_resurrected(OuroRuntime *rt, OuroGCHead *unreachable,
                               OuroGCHead *still_unreachable, int generation, int old_space)
{
    clear_collecting(unreachable);
    deduce_unreachable(unreachable, still_unreachable, generation);
    clear_unreachable_mask(still_unreachable);
    OuroGCHead *next;
    for (OuroGCHead *g = gc_next(unreachable); g != unreachable; g = next) {
        next = gc_next(g);
        move_to_space(rt, g, old_space);
    }
}

static int save_garbage(OuroRuntime *rt, OuroObject *op)
{
    if (rt->hooks.save_garbage != NULL)
        return rt->hooks.save_garbage(rt, op);
    if (mm_vec_push(rt, &rt->gc.garbage, op) < 0)
        return -1;
    ouro_incref(op);
    return 0;
}

/* Breaks the cycles: clear each object (or save it under SAVEALL). An
 * object still first on the list afterwards is alive: it moves to old. */
static void delete_garbage(OuroRuntime *rt, OuroGCHead *collectable, int old_space)
{
    while (!list_is_empty(collectable)) {
        OuroGCHead *g = gc_next(collectable);
        OuroObject *op = from_gc(g);
        assert(op->refcnt > 0);
        if (rt->gc.debug & OURO_DEBUG_SAVEALL) {
            if (save_garbage(rt, op) < 0)
                ouro_report_error(rt, "saving garbage of", op);
        } else if (op->type->clear != NULL) {
            ouro_incref(op);
            if (op->type->clear(rt, op) < 0)
                ouro_report_error(rt, "clear of", op);
            ouro_decref(rt, op);
        }
        if (gc_next(collectable) == g) {
            g->prev &= ~PREV_COLLECTING;
            move_to_space(rt, g, old_space);
        }
    }
}

static void handle_legacy_finalizers(OuroRuntime *rt, OuroGCHead *finalizers, int old_space)
{
    for (OuroGCHead *g = gc_next(finalizers); g != finalizers; g = gc_next(g)) {
        OuroObject *op = from_gc(g);
        if ((rt->gc.debug & OURO_DEBUG_SAVEALL) || op->type->legacy_del != NULL) {
            if (save_garbage(rt, op) < 0)
                ouro_report_error(rt, "saving garbage of", op);
        }
    }
    OuroGCHead *next;
    for (OuroGCHead *g = gc_next(finalizers); g != finalizers; g = next) {
        next = gc_next(g);
        move_to_space(rt, g, old_space);
    }
}

/* ------------------------------------------------------------------ */
/* A collection                                                        */
/* ------------------------------------------------------------------ */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void show_generations(OuroRuntime *rt)
{
    GCState *gc = &rt->gc;
    mm_gc_write_debug(rt, "gc: objects in each generation: %lld %lld %lld\n"
                          "gc: objects in permanent generation: %lld\n",
                      (long long)gc->gen[0].size, (long long)gc->gen[1].size,
                      (long long)gc->gen[2].size, (long long)gc->gen[OURO_GC_PERMANENT].size);
}

static void debug_objects(OuroRuntime *rt, const char *msg, OuroGCHead *list)
{
    for (OuroGCHead *g = gc_next(list); g != list; g = gc_next(g)) {
        OuroObject *op = from_gc(g);
        mm_gc_write_debug(rt, "gc: %s <%s %p>\n", msg, op->type->name, (void *)op);
    }
}

/* Generations 0..generation-1 join generation: O(1) splices, in order.
 * Their objects keep their old labels until move_unreachable sets them;
 * nothing in between looks at a label but in_young. */
static void merge_younger(OuroRuntime *rt, int generation)
{
    GCGeneration *to = &rt->gc.gen[generation];
    for (int i = 0; i < generation; i++) {
        GCGeneration *from = &rt->gc.gen[i];
        to->size += from->size;
        from->size = 0;
        list_merge(&from->head, &to->head);
    }
}

/* The survivors (relabelled and counted in their new generation already)
 * move to the next generation's list; a full collection keeps them and
 * resets the 25% rule's accounts. Objects on `unreachable` still carry
 * young's label (and so count in its size) until they leave it. */
static void promote_survivors(OuroRuntime *rt, int generation, intptr_t survivors,
                              OuroGCHead *unreachable)
{
    GCState *gc = &rt->gc;
    OuroGCHead *young = &gc->gen[generation].head;
    if (generation < OURO_GC_GENERATIONS - 1) {
        list_merge(young, &gc->gen[generation + 1].head);
        if (generation == OURO_GC_GENERATIONS - 2)
            gc->long_lived_pending += survivors;
    } else {
        /* Only full collections untrack dict-like objects, so that building
         * a big one is not quadratic (CPython issue #14775). */
        untrack_atomic(rt, young, OURO_TYPE_UNTRACK_FULL);
        gc->long_lived_pending = 0;
        /* The survivors, without walking them: the garbage is usually the
         * smaller list. */
        gc->long_lived_total = gc->gen[generation].size - list_size(unreachable);
    }
}

typedef struct CollectResult {
    intptr_t collected;      /* m: freed, counted as CPython counts them */
    intptr_t uncollectable;  /* n */
} CollectResult;

static CollectResult collect_main(OuroRuntime *rt, int generation)
{
    GCState *gc = &rt->gc;
    CollectResult res = {0, 0};
    double t0 = 0;
    if (gc->debug & OURO_DEBUG_STATS) {
        mm_gc_write_debug(rt, "gc: collecting generation %d...\n", generation);
        show_generations(rt);
        t0 = now_seconds();
    }
    if (generation + 1 < OURO_GC_GENERATIONS)
        gc->gen[generation + 1].count += 1;
    for (int i = 0; i <= generation; i++)
        gc->gen[i].count = 0;
    gc->bytes_since_young = 0;

    merge_younger(rt, generation);
    int old_space = generation < OURO_GC_GENERATIONS - 1 ? generation + 1 : generation;
    /* Objects that survive move to old_space: the survivors of trial
     * deletion are labelled so at once; everything else taken from young
     * keeps young's label until it leaves (resurrected, uncollectable or
     * alive after its clear). */

    OuroGCHead unreachable, finalizers, final_unreachable;
    intptr_t survivors = deduce_unreachable_young(rt, generation, old_space, &unreachable);
    promote_survivors(rt, generation, survivors, &unreachable);

    list_init(&finalizers);
    move_legacy_finalizers(&unreachable, &finalizers);
    move_legacy_finalizer_reachable(&finalizers);
    if (gc->debug & OURO_DEBUG_COLLECTABLE)
        debug_objects(rt, "collectable", &unreachable);

    res.collected += handle_weakrefs(rt, &unreachable, old_space);
    finalize_garbage(rt, &unreachable);
    handle_resurrected(rt, &unreachable, &final_unreachable, generation, old_space);
    res.collected += list_size(&final_unreachable);
    delete_garbage(rt, &final_unreachable, old_space);

    res.uncollectable = list_size(&finalizers);
    if (gc->debug & OURO_DEBUG_UNCOLLECTABLE)
        debug_objects(rt, "uncollectable", &finalizers);
    if (gc->debug & OURO_DEBUG_STATS)
        mm_gc_write_debug(rt, "gc: done, %lld unreachable, %lld uncollectable, %.4fs elapsed\n",
                          (long long)(res.collected + res.uncollectable),
                          (long long)res.uncollectable, now_seconds() - t0);
    handle_legacy_finalizers(rt, &finalizers, old_space);
    /* CPython 3.11 clears its free lists here, in full collections only. */
    if (generation == OURO_GC_GENERATIONS - 1 && rt->hooks.clear_free_lists != NULL)
        rt->hooks.clear_free_lists(rt);

    gc->stats[generation].collections++;
    gc->stats[generation].collected += res.collected;
    gc->stats[generation].uncollectable += res.uncollectable;
#ifdef OURO_DEBUG
    {
        /* The lists this collection touched, but generation 2 only when it
         * was collected: the check then costs no more than the collection. */
        int upto = generation == OURO_GC_GENERATIONS - 1 ? generation : generation + 1;
        if (upto == OURO_GC_GENERATIONS - 1 && generation < upto)
            upto = generation;
        intptr_t problems = mm_heap_check_spaces(rt, 0, upto);
        assert(problems == 0);
        (void)problems;
    }
#endif
    return res;
}

static void invoke_callbacks(OuroRuntime *rt, const char *phase, int generation,
                             CollectResult res)
{
    GCState *gc = &rt->gc;
    /* Callbacks may add or remove callbacks: index, and re-check. */
    for (size_t i = 0; i < gc->ncallbacks; i++) {
        GCCallbackEntry e = gc->callbacks[i];
        if (e.fn(rt, phase, generation, res.collected, res.uncollectable, e.ctx) < 0)
            ouro_report_error(rt, "gc callback", NULL);
    }
}

static intptr_t collect_with_callbacks(OuroRuntime *rt, int generation)
{
    CollectResult zero = {0, 0};
    invoke_callbacks(rt, "start", generation, zero);
    CollectResult res = collect_main(rt, generation);
    invoke_callbacks(rt, "stop", generation, res);
    return res.collected + res.uncollectable;
}

/* The oldest generation whose count exceeds its threshold, held back for
 * generation 2 until pending long-lived objects exceed 25% of the total. */
static void collect_generations(OuroRuntime *rt)
{
    GCState *gc = &rt->gc;
    for (int i = OURO_GC_GENERATIONS - 1; i >= 0; i--) {
        if (gc->gen[i].count > gc->gen[i].threshold) {
            if (i == OURO_GC_GENERATIONS - 1 && gc->long_lived_pending < gc->long_lived_total / 4)
                continue;
            collect_with_callbacks(rt, i);
            break;
        }
    }
}

/* Stress mode: a young collection (full every 1000th) that leaves the
 * counts as they were, so get_count and the automatic collections keep
 * their CPython schedule. */
static int stress_collect(OuroRuntime *rt)
{
    GCState *gc = &rt->gc;
    intptr_t count[OURO_GC_GENERATIONS];
    for (int i = 0; i < OURO_GC_GENERATIONS; i++)
        count[i] = gc->gen[i].count;
    size_t bytes = gc->bytes_since_young;
    int generation = ++gc->stress_runs % 1000 == 0 ? OURO_GC_GENERATIONS - 1 : 0;
    gc->collecting = 1;
    collect_with_callbacks(rt, generation);
    gc->collecting = 0;
    for (int i = 0; i < OURO_GC_GENERATIONS; i++)
        gc->gen[i].count = count[i];
    gc->bytes_since_young = bytes;
    return 0;
}

void ouro_gc_set_stress(OuroRuntime *rt, int on)
{
    rt->gc.stress = on != 0;
}

int mm_gc_threshold_reached(OuroRuntime *rt)
{
    GCState *gc = &rt->gc;
    if (!gc->enabled || gc->gen[0].threshold == 0 || gc->collecting)
        return 0;
    if (gc->stress && gc->gen[0].count <= gc->gen[0].threshold)
        return stress_collect(rt);
    gc->collecting = 1;
    collect_generations(rt);
    gc->collecting = 0;
    return 1;
}

intptr_t ouro_gc_collect(OuroRuntime *rt, int generation)
{
    if (generation < 0 || generation >= OURO_GC_GENERATIONS)
        return -1;
    if (rt->gc.collecting)
        return 0;
    rt->gc.collecting = 1;
    intptr_t n = collect_with_callbacks(rt, generation);
    rt->gc.collecting = 0;
    return n;
}

/* ------------------------------------------------------------------ */
/* Callbacks and garbage                                               */
/* ------------------------------------------------------------------ */

int ouro_gc_add_callback(OuroRuntime *rt, OuroGCCallback cb, void *ctx)
{
    GCState *gc = &rt->gc;
    if (gc->ncallbacks == gc->cap_callbacks) {
        size_t cap = gc->cap_callbacks ? gc->cap_callbacks * 2 : 4;
        GCCallbackEntry *a = ouro_mem_realloc(rt, gc->callbacks,
                                              gc->cap_callbacks * sizeof *a, cap * sizeof *a);
        if (a == NULL)
            return -1;
        gc->callbacks = a;
        gc->cap_callbacks = cap;
    }
    gc->callbacks[gc->ncallbacks].fn = cb;
    gc->callbacks[gc->ncallbacks].ctx = ctx;
    gc->ncallbacks++;
    return 0;
}

int ouro_gc_remove_callback(OuroRuntime *rt, OuroGCCallback cb, void *ctx)
{
    GCState *gc = &rt->gc;
    for (size_t i = 0; i < gc->ncallbacks; i++) {
        if (gc->callbacks[i].fn == cb && gc->callbacks[i].ctx == ctx) {
            memmove(&gc->callbacks[i], &gc->callbacks[i + 1],
                    (gc->ncallbacks - i - 1) * sizeof gc->callbacks[0]);
            gc->ncallbacks--;
            if (gc->ncallbacks == 0) {
                /* All removed: the bytes go back (exact accounting). */
                ouro_mem_free(rt, gc->callbacks, gc->cap_callbacks * sizeof gc->callbacks[0]);
                gc->callbacks = NULL;
                gc->cap_callbacks = 0;
            }
            return 0;
        }
    }
    return -1;
}

size_t ouro_gc_garbage_count(OuroRuntime *rt)
{
    return rt->gc.garbage.len;
}

OuroObject *ouro_gc_garbage_get(OuroRuntime *rt, size_t index)
{
    return index < rt->gc.garbage.len ? rt->gc.garbage.items[index] : NULL;
}

void ouro_gc_garbage_clear(OuroRuntime *rt)
{
    /* Take the array first: releasing can run code that adds garbage. */
    PtrVec v = rt->gc.garbage;
    memset(&rt->gc.garbage, 0, sizeof rt->gc.garbage);
    for (size_t i = 0; i < v.len; i++)
        ouro_decref(rt, v.items[i]);
    mm_vec_free(rt, &v);
}

/* ------------------------------------------------------------------ */
/* Introspection                                                       */
/* ------------------------------------------------------------------ */

void ouro_objects_free(OuroRuntime *rt, OuroObject **objs, size_t count)
{
    if (objs == NULL)
        return;
    for (size_t i = 0; i < count; i++)
        ouro_decref(rt, objs[i]);
    /* Arrays from the introspection calls are trimmed to their length. */
    ouro_mem_free(rt, objs, count * sizeof *objs);
}

/* Trims a result array to its length, so that the caller can free it
 * knowing only the count. */
static OuroObject **finish(OuroRuntime *rt, PtrVec *v, size_t *count)
{
    if (v->len == 0) {
        mm_vec_free(rt, v);
        *count = 0;
        return NULL;
    }
    if (v->cap != v->len) {
        void **items = ouro_mem_realloc(rt, v->items, v->cap * sizeof(void *),
                                        v->len * sizeof(void *));
        if (items == NULL) {
            for (size_t i = 0; i < v->len; i++)
                ouro_decref(rt, v->items[i]);
            mm_vec_free(rt, v);
            *count = SIZE_MAX;
            return NULL;
        }
        v->items = items;
        v->cap = v->len;
    }
    *count = v->len;
    return (OuroObject **)v->items;
}

static int push_ref(OuroRuntime *rt, PtrVec *v, OuroObject *op)
{
    if (mm_vec_push(rt, v, op) < 0)
        return -1;
    ouro_incref(op);
    return 0;
}

static OuroObject **fail_vec(OuroRuntime *rt, PtrVec *v, size_t *count)
{
    for (size_t i = 0; i < v->len; i++)
        ouro_decref(rt, v->items[i]);
    mm_vec_free(rt, v);
    *count = SIZE_MAX;
    return NULL;
}

OuroObject **ouro_gc_get_objects(OuroRuntime *rt, int generation, size_t *count)
{
    PtrVec v = {0};
    *count = 0;
    if (generation >= OURO_GC_GENERATIONS || generation < -1)
        return NULL;
    int lo = generation < 0 ? 0 : generation;
    int hi = generation < 0 ? OURO_GC_GENERATIONS - 1 : generation;
    for (int i = lo; i <= hi; i++) {
        OuroGCHead *list = &rt->gc.gen[i].head;
        for (OuroGCHead *g = gc_next(list); g != list; g = gc_next(g))
            if (push_ref(rt, &v, from_gc(g)) < 0)
                return fail_vec(rt, &v, count);
    }
    return finish(rt, &v, count);
}

typedef struct ReferentsArg {
    OuroRuntime *rt;
    PtrVec *v;
} ReferentsArg;

static int visit_collect(OuroObject *op, void *arg)
{
    ReferentsArg *a = arg;
    if (op == NULL)
        return 0;
    return push_ref(a->rt, a->v, op) < 0 ? -1 : 0;
}

OuroObject **ouro_gc_get_referents(OuroRuntime *rt, OuroObject *const *objs, size_t nobjs,
                                   size_t *count)
{
    PtrVec v = {0};
    ReferentsArg a = {rt, &v};
    for (size_t i = 0; i < nobjs; i++) {
        OuroObject *op = objs[i];
        if (!is_gc_type(op->type))
            continue;
        if (traverse(op, visit_collect, &a) < 0)
            return fail_vec(rt, &v, count);
    }
    return finish(rt, &v, count);
}

typedef struct ReferrersArg {
    OuroObject *const *objs;
    size_t nobjs;
} ReferrersArg;

static int visit_is_target(OuroObject *op, void *arg)
{
    ReferrersArg *a = arg;
    for (size_t i = 0; i < a->nobjs; i++)
        if (op == a->objs[i])
            return 1;
    return 0;
}

OuroObject **ouro_gc_get_referrers(OuroRuntime *rt, OuroObject *const *objs, size_t nobjs,
                                   size_t *count)
{
    PtrVec v = {0};
    ReferrersArg a = {objs, nobjs};
    for (int i = 0; i < OURO_GC_GENERATIONS; i++) {
        OuroGCHead *list = &rt->gc.gen[i].head;
        for (OuroGCHead *g = gc_next(list); g != list; g = gc_next(g)) {
            OuroObject *op = from_gc(g);
            if (traverse(op, visit_is_target, &a) == 1 && push_ref(rt, &v, op) < 0)
                return fail_vec(rt, &v, count);
        }
    }
    return finish(rt, &v, count);
}

/* ------------------------------------------------------------------ */
/* Freezing                                                            */
/* ------------------------------------------------------------------ */

void ouro_gc_freeze(OuroRuntime *rt)
{
    /* Safe from finalizers and callbacks too: user code runs only while the
     * collection's own objects sit on private lists, off the generations. */
    for (int i = 0; i < OURO_GC_GENERATIONS; i++)
        merge_into_space(rt, &rt->gc.gen[i].head, i, OURO_GC_PERMANENT);
    rt->gc.gen[0].count = 0;
}

void ouro_gc_unfreeze(OuroRuntime *rt)
{
    merge_into_space(rt, &rt->gc.gen[OURO_GC_PERMANENT].head, OURO_GC_PERMANENT, OURO_GC_GENERATIONS - 1);
}

intptr_t ouro_gc_get_freeze_count(OuroRuntime *rt)
{
    return rt->gc.gen[OURO_GC_PERMANENT].size;
}
