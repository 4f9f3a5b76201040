/*
 * heapcheck.c - the heap checker: verifies the collector's invariants.
 *
 * Structural checks (every list): links agree both ways, each object's
 * space label names its list, the list sizes are right, no collection-only
 * flag is left set, every tracked object has a positive count and a GC type,
 * and its WEAKLIST bit agrees with the weak side table; ouro_heap_check
 * also walks that table (weakref.c: mm_weak_table_check).
 * Reference accounting (OURO_CHECK_ROOTS): every reference to a tracked
 * object must be explained by the traverse slot of a tracked object, by a
 * root (handles, registered root visitors) or by the core's garbage list.
 * An object with references left over is held by something the collector
 * cannot see: most often a traverse slot that misses a field. Debug builds
 * run the structural checks after every collection (gc.c).
 */
#include "core.h"

static GCGeneration *space_gen(OuroRuntime *rt, int space)
{
    return &rt->gc.gen[space];
}

static intptr_t check_list(OuroRuntime *rt, int space)
{
    GCGeneration *gen = space_gen(rt, space);
    OuroGCHead *list = &gen->head;
    intptr_t problems = 0, n = 0;
    for (OuroGCHead *g = gc_next(list); g != list; g = gc_next(g)) {
        OuroObject *op = from_gc(g);
        const char *what = NULL;
        int broken = gc_prev(gc_next(g)) != g;
        if (broken)
            what = "broken link";
        else if (gc_space(g) != space)
            what = "wrong generation label";
        else if (g->next & NEXT_UNREACHABLE)
            what = "UNREACHABLE left set";
        else if (g->prev & PREV_COLLECTING)
            what = "COLLECTING left set";
        else if (op->refcnt <= 0)
            what = "tracked object with count <= 0";
        else if (!is_gc_type(op->type))
            what = "tracked object of a non-GC type";
        else if ((g->prev & PREV_WEAKLIST) && !(op->type->flags & OURO_TYPE_WEAKLIST_SIDE))
            what = "WEAKLIST set on an object whose type keeps its own weak list";
        else if ((g->prev & PREV_WEAKLIST) && !mm_weak_table_has(rt, op))
            what = "WEAKLIST set without a side-table entry";
        if (what != NULL) {
            mm_gc_write_debug(rt, "heapcheck: space %d: %s: <%s %p>\n", space, what,
                              op->type != NULL ? op->type->name : "?", (void *)op);
            problems++;
            if (broken)
                return problems;   /* the walk cannot go on safely */
        }
        n++;
    }
    if (n != gen->size) {
        mm_gc_write_debug(rt, "heapcheck: space %d holds %lld objects, recorded %lld\n", space,
                          (long long)n, (long long)gen->size);
        problems++;
    }
    return problems;
}

intptr_t mm_heap_check_spaces(OuroRuntime *rt, int lo, int hi)
{
    intptr_t problems = 0;
    for (int s = lo; s <= hi; s++)
        problems += check_list(rt, s);
    return problems;
}

/* Reference accounting borrows the collector's gc_refs: lists are singly
 * linked meanwhile and restored afterwards. */
static int visit_account(OuroObject *op, void *arg)
{
    (void)arg;
    if (op != NULL && is_gc_type(op->type)) {
        OuroGCHead *g = as_gc(op);
        if (gc_is_tracked(g) && gc_is_collecting(g))
            gc_set_refs(g, gc_get_refs(g) - 1);
    }
    return 0;
}

static intptr_t check_references(OuroRuntime *rt)
{
    intptr_t problems = 0;
    for (int s = 0; s <= OURO_GC_PERMANENT; s++) {
        OuroGCHead *list = &space_gen(rt, s)->head;
        for (OuroGCHead *g = gc_next(list); g != list; g = gc_next(g)) {
            gc_set_refs(g, from_gc(g)->refcnt);
            g->prev |= PREV_COLLECTING;
        }
    }
    for (int s = 0; s <= OURO_GC_PERMANENT; s++) {
        OuroGCHead *list = &space_gen(rt, s)->head;
        for (OuroGCHead *g = gc_next(list); g != list; g = gc_next(g)) {
            OuroObject *op = from_gc(g);
            if (op->type->traverse != NULL)
                op->type->traverse(op, visit_account, NULL);
        }
    }
    ouro_roots_visit(rt, visit_account, NULL);
    /* The core's garbage list owns a reference to each object in it. */
    for (size_t i = 0; i < rt->gc.garbage.len; i++)
        visit_account(rt->gc.garbage.items[i], NULL);
    for (int s = 0; s <= OURO_GC_PERMANENT; s++) {
        OuroGCHead *list = &space_gen(rt, s)->head;
        OuroGCHead *prev = list;
        for (OuroGCHead *g = gc_next(list); g != list; g = gc_next(g)) {
            OuroObject *op = from_gc(g);
            intptr_t left = gc_get_refs(g);
            if (left != 0) {
                mm_gc_write_debug(rt, "heapcheck: <%s %p> has %lld reference(s) %s\n",
                                  op->type->name, (void *)op, (long long)(left > 0 ? left : -left),
                                  left > 0 ? "that no traverse slot or root explains"
                                           : "too many visited by traverse slots and roots");
                problems++;
            }
            gc_set_prev(g, prev);
            g->prev &= ~PREV_COLLECTING;
            prev = g;
        }
    }
    return problems;
}

intptr_t ouro_heap_check(OuroRuntime *rt, unsigned flags)
{
    if (rt->gc.collecting) {
        mm_gc_write_debug(rt, "heapcheck: not run: a collection is running\n");
        return 1;
    }
    intptr_t problems = mm_heap_check_spaces(rt, 0, OURO_GC_PERMANENT);
    problems += mm_weak_table_check(rt);
    if (problems == 0 && (flags & OURO_CHECK_ROOTS))
        problems += check_references(rt);
    return problems;
}
