/*
 * test_finalizer.c - safe finalizers (PEP 442) and legacy finalizers:
 * called once, resurrection under refcount death and under the collector,
 * the finalized flag, finalizers that drop other objects or fail, and the
 * uncollectable sets that legacy finalizers make (SEMANTICS rules 38-42,
 * 45, 47).
 */
#include "types.h"

/* Refcount death: the finalizer resurrects the object; at its next death
 * the finalizer is not called again, its weakrefs call back then. */
static void fin_once_refcount_resurrect(void)
{
    OuroRuntime *rt = rt_new();
    Pair *f = fin_new(rt, "F", hook_resurrect);
    Pair *child = pair_new(rt, "child");
    set_a(rt, f, OBJ(child));
    ouro_decref(rt, OBJ(child));
    OuroWeakRef *w = weakref_cb(rt, OBJ(f), "W", 0);
    CHECK(!ouro_gc_is_finalized(OBJ(f)));
    ouro_decref(rt, OBJ(f));
    CHECK_STREQ(log_joined(), "fin F");
    CHECK_EQ(saved.n, 1);
    CHECK_EQ(f->ob.refcnt, 1);
    CHECK(ouro_gc_is_finalized(OBJ(f)));
    CHECK(ouro_gc_is_tracked(OBJ(f)));   /* it was tracked, so it stays tracked */
    CHECK(ouro_weakref_get(w) == OBJ(f));
    CHECK(f->a == OBJ(child));
    saved_release(rt);
    CHECK_STREQ(log_joined(), "fin F, wrcb W, dealloc F, dealloc child");
    ouro_decref(rt, &w->ob);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* Cyclic garbage: a finalizer resurrects its object; it and everything it
 * reaches (a peer already finalized included) survive, collect() counts
 * nothing; the next collection frees them without finalizing again. */
static void fin_once_gc_resurrect(void)
{
    OuroRuntime *rt = rt_new();
    Pair *f = fin_new(rt, "F", hook_resurrect);
    Pair *g = fin_new(rt, "G", NULL);
    Pair *x = pair_new(rt, "X"), *p = pair_new(rt, "P");
    set_a(rt, f, OBJ(g));
    set_a(rt, g, OBJ(f));
    set_b(rt, f, OBJ(x));
    set_a(rt, x, OBJ(p));
    OuroObject *objs[] = {OBJ(f), OBJ(g), OBJ(x), OBJ(p)};
    for (int i = 0; i < 4; i++)
        ouro_decref(rt, objs[i]);
    CHECK_EQ(ouro_gc_collect(rt, 2), 0);
    CHECK_EQ(log_count("fin F"), 1);
    CHECK_EQ(log_count("fin G"), 1);
    CHECK_EQ(tlog.n, 2);   /* nothing deallocated */
    CHECK(ouro_gc_is_finalized(OBJ(f)));
    CHECK(ouro_gc_is_finalized(OBJ(g)));
    CHECK(f->a == OBJ(g) && g->a == OBJ(f) && f->b == OBJ(x) && x->a == OBJ(p));
    for (int i = 0; i < 4; i++)
        CHECK_EQ(space_of(rt, objs[i]), 2);
    /* still reachable from the global place: nothing to find */
    CHECK_EQ(ouro_gc_collect(rt, 2), 0);
    CHECK_EQ(tlog.n, 2);
    log_reset();
    saved_release(rt);
    CHECK_EQ(tlog.n, 0);
    CHECK_EQ(ouro_gc_collect(rt, 2), 4);
    CHECK_EQ(log_count("fin F"), 0);
    CHECK_EQ(log_count("fin G"), 0);
    CHECK_EQ(log_count("dealloc F"), 1);
    CHECK_EQ(log_count("dealloc G"), 1);
    CHECK_EQ(log_count("dealloc X"), 1);
    CHECK_EQ(log_count("dealloc P"), 1);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* Resurrected by the collector, then dying by refcount: no second call.
 * The cycle that held it is collected meanwhile (2, the resurrected object
 * not counted). */
static void fin_gc_resurrect_then_refcount_death(void)
{
    OuroRuntime *rt = rt_new();
    Pair *a = pair_new(rt, "A"), *b = pair_new(rt, "B");
    Pair *f = fin_new(rt, "F", hook_resurrect);
    set_a(rt, a, OBJ(b));
    set_a(rt, b, OBJ(a));
    set_b(rt, a, OBJ(f));
    ouro_decref(rt, OBJ(a));
    ouro_decref(rt, OBJ(b));
    ouro_decref(rt, OBJ(f));
    CHECK_EQ(ouro_gc_collect(rt, 2), 2);
    CHECK_EQ(log_count("fin F"), 1);
    CHECK_EQ(log_count("dealloc A"), 1);
    CHECK_EQ(log_count("dealloc B"), 1);
    CHECK_EQ(log_count("dealloc F"), 0);
    CHECK_EQ(f->ob.refcnt, 1);
    log_reset();
    saved_release(rt);
    CHECK_STREQ(log_joined(), "dealloc F");
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* Every member of a ring of 100 finalizer objects is finalized once. */
static void fin_ring_each_once(void)
{
    OuroRuntime *rt = rt_new();
    Pair *first = fin_new(rt, "R", NULL), *prev = first;
    for (int i = 1; i < 100; i++) {
        Pair *p = fin_new(rt, "R", NULL);
        prev->a = OBJ(p);
        prev = p;
    }
    set_a(rt, prev, OBJ(first));
    ouro_decref(rt, OBJ(first));
    CHECK_EQ(ouro_gc_collect(rt, 2), 100);
    CHECK_EQ(log_count("fin R"), 100);
    CHECK_EQ(log_count("dealloc R"), 100);
    /* all finalizers ran before the first object was cleared */
    CHECK_EQ(log_index("dealloc R"), 100);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* As CPython 3.11 (checked on python3): the collector sets the flag before
 * the call, refcount death after it, so inside a finalizer run by refcount
 * death it reads false (CPYTHON-SEMANTICS.md rule 39 says "before" for
 * both: it is right only for the collector). Calling the slot directly does
 * not set it, and the implicit call still happens. */
static void fin_is_finalized(void)
{
    OuroRuntime *rt = rt_new();
    Pair *f = fin_new(rt, "F", hook_log_finalized);
    CHECK_EQ(ouro_gc_is_finalized(OBJ(f)), 0);
    fin_type.finalize(rt, OBJ(f));
    CHECK_EQ(ouro_gc_is_finalized(OBJ(f)), 0);
    ouro_decref(rt, OBJ(f));
    CHECK_STREQ(log_joined(), "fin F, finalized 0, fin F, finalized 0, dealloc F");
    log_reset();
    f = fin_new(rt, "G", hook_log_finalized);
    set_a(rt, f, OBJ(f));
    ouro_decref(rt, OBJ(f));
    CHECK_EQ(ouro_gc_collect(rt, 2), 1);
    CHECK_STREQ(log_joined(), "fin G, finalized 1, dealloc G");
    OuroObject *leaf = leaf_new(rt, NULL);
    CHECK_EQ(ouro_gc_is_finalized(leaf), 0);
    CHECK_EQ(ouro_gc_is_tracked(leaf), 0);
    ouro_decref(rt, leaf);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* A finalizer of cyclic garbage drops other objects: they die at once by
 * refcount and are not counted; the collection carries on. */
static int hook_drop_b(OuroRuntime *rt, Pair *self)
{
    ouro_clearref(rt, &self->b);
    return 0;
}

static void fin_drops_others_in_collection(void)
{
    OuroRuntime *rt = rt_new();
    /* drops a side object, stays in its self-cycle: 1 (CPython: 1) */
    Pair *f = fin_new(rt, "F", hook_drop_b);
    set_a(rt, f, OBJ(f));
    f->b = OBJ(pair_new(rt, "P"));
    ouro_decref(rt, OBJ(f));
    CHECK_EQ(ouro_gc_collect(rt, 2), 1);
    CHECK_STREQ(log_joined(), "fin F, dealloc P, dealloc F");
    CHECK_EQ(mem_in_use(rt), 0);
    log_reset();
    /* drops everything, its own cycle included: it dies during the
     * finalizer pass and nothing is left to count (CPython: 0) */
    f = fin_new(rt, "F", hook_drop);
    set_a(rt, f, OBJ(f));
    f->b = OBJ(pair_new(rt, "P"));
    ouro_decref(rt, OBJ(f));
    CHECK_EQ(ouro_gc_collect(rt, 2), 0);
    CHECK_STREQ(log_joined(), "fin F, dealloc P, dealloc F");
    CHECK_EQ(mem_in_use(rt), 0);
    log_reset();
    /* a finalizer frees a peer that has not been finalized yet: the peer's
     * finalizer runs during its refcount death, once */
    Pair *a = fin_new(rt, "A", hook_drop), *b = fin_new(rt, "B", NULL);
    set_a(rt, a, OBJ(b));
    set_a(rt, b, OBJ(a));
    ouro_decref(rt, OBJ(b));
    ouro_decref(rt, OBJ(a));
    ouro_gc_collect(rt, 2);
    CHECK_EQ(log_count("fin A"), 1);
    CHECK_EQ(log_count("fin B"), 1);
    CHECK_EQ(log_count("dealloc A"), 1);
    CHECK_EQ(log_count("dealloc B"), 1);
    CHECK_EQ(mem_in_use(rt), 0);
    CHECK_EQ(ouro_gc_collect(rt, 2), 0);
    rt_end(rt);
}

/* A failing finalizer is reported; the deallocation goes on. */
static void fin_error_reported(void)
{
    OuroRuntime *rt = rt_new();
    Pair *f = fin_new(rt, "F", hook_fail);
    ouro_decref(rt, OBJ(f));
    CHECK_STREQ(log_joined(), "fin F, error finalizer of F, dealloc F");
    log_reset();
    f = fin_new(rt, "G", hook_fail);
    set_a(rt, f, OBJ(f));
    ouro_decref(rt, OBJ(f));
    CHECK_EQ(ouro_gc_collect(rt, 2), 1);
    CHECK_STREQ(log_joined(), "fin G, error finalizer of G, dealloc G");
    log_reset();
    Pair *l = legacy_new(rt, "L");
    l->hook = hook_fail;
    ouro_decref(rt, OBJ(l));
    CHECK_STREQ(log_joined(), "del L, error legacy finalizer of L, dealloc L");
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* ------------------------------------------------------------------ */
/* Legacy finalizers                                                   */
/* ------------------------------------------------------------------ */

/* Refcount death runs a legacy finalizer like a safe one, but after the
 * weakrefs are cleared (CPython's subtype_dealloc order: tp_finalize,
 * weakrefs, tp_del). */
static void legacy_refcount_death(void)
{
    OuroRuntime *rt = rt_new();
    Pair *l = legacy_new(rt, "L");
    set_a(rt, l, OBJ(pair_new(rt, "child")));
    ouro_decref(rt, l->a);
    OuroWeakRef *w = weakref_cb(rt, OBJ(l), "W", 0);
    ouro_decref(rt, OBJ(l));
    CHECK_STREQ(log_joined(), "wrcb W, del L, dealloc L, dealloc child");
    ouro_decref(rt, &w->ob);
    /* resurrection by a legacy finalizer */
    log_reset();
    l = legacy_new(rt, "M");
    l->hook = hook_resurrect;
    ouro_decref(rt, OBJ(l));
    CHECK_STREQ(log_joined(), "del M");
    CHECK_EQ(l->ob.refcnt, 1);
    l->hook = NULL;
    saved_release(rt);
    CHECK_STREQ(log_joined(), "del M, del M, dealloc M");
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* A cycle through a legacy-finalizer object, and everything reachable
 * from it, is uncollectable: kept whole, counted, the legacy object in the
 * garbage list; no weakref cleared, no finalizer run. */
static void legacy_cycle_uncollectable(void)
{
    OuroRuntime *rt = rt_new();
    ouro_gc_set_debug(rt, OURO_DEBUG_UNCOLLECTABLE);
    Pair *l = legacy_new(rt, "L"), *p = pair_new(rt, "P"), *q = pair_new(rt, "Q");
    Pair *f = fin_new(rt, "F", NULL);
    set_a(rt, l, OBJ(p));
    set_a(rt, p, OBJ(l));
    set_b(rt, p, OBJ(q));
    set_a(rt, q, OBJ(f));
    OuroWeakRef *wq = weakref_cb(rt, OBJ(q), "WQ", 0);
    OuroWeakRef *wl = weakref_cb(rt, OBJ(l), "WL", 0);
    OuroObject *objs[] = {OBJ(l), OBJ(p), OBJ(q), OBJ(f)};
    for (int i = 0; i < 4; i++)
        ouro_decref(rt, objs[i]);
    /* collectable garbage in the same run */
    Pair *r = pair_new(rt, "R");
    set_a(rt, r, OBJ(r));
    ouro_decref(rt, OBJ(r));

    CHECK_EQ(ouro_gc_collect(rt, 2), 5);
    CHECK_STREQ(log_joined(), "dealloc R");
    CHECK_EQ(ouro_gc_garbage_count(rt), 1);
    CHECK(ouro_gc_garbage_get(rt, 0) == OBJ(l));
    CHECK(ouro_gc_garbage_get(rt, 1) == NULL);
    CHECK(ouro_weakref_get(wq) == OBJ(q));
    CHECK(ouro_weakref_get(wl) == OBJ(l));
    CHECK(!ouro_gc_is_finalized(OBJ(f)));
    CHECK(l->a == OBJ(p) && p->a == OBJ(l) && p->b == OBJ(q) && q->a == OBJ(f));
    OuroGCStats st[3];
    ouro_gc_get_stats(rt, st);
    CHECK_EQ(st[2].collected, 1);
    CHECK_EQ(st[2].uncollectable, 4);
    CHECK_EQ(dbg_count_prefix("gc: uncollectable <"), 4);
    char line[128];
    for (int i = 0; i < 4; i++) {
        snprintf(line, sizeof line, "gc: uncollectable <%s %p>\n", objs[i]->type->name,
                 (void *)objs[i]);
        CHECK(strstr(dbg_text(), line) != NULL);
    }
    /* the garbage list holds them: nothing to find */
    CHECK_EQ(ouro_gc_collect(rt, 2), 0);
    /* emptied, they are found uncollectable again */
    ouro_gc_garbage_clear(rt);
    CHECK_EQ(ouro_gc_garbage_count(rt), 0);
    CHECK_EQ(ouro_gc_collect(rt, 2), 4);
    CHECK_EQ(ouro_gc_garbage_count(rt), 1);
    CHECK_STREQ(log_joined(), "dealloc R");
    ouro_gc_get_stats(rt, st);
    CHECK_EQ(st[2].uncollectable, 8);
    /* the runtime's teardown frees them (checked by ASan and valgrind) */
    ouro_decref(rt, &wq->ob);
    ouro_decref(rt, &wl->ob);
    rt_end(rt);
}

/* Breaking the cycle by hand (what an embedder does with gc.garbage)
 * lets refcounting free the set, running the legacy finalizer. */
static void legacy_garbage_broken_by_hand(void)
{
    OuroRuntime *rt = rt_new();
    Pair *l = legacy_new(rt, "L"), *p = pair_new(rt, "P");
    set_a(rt, l, OBJ(p));
    set_a(rt, p, OBJ(l));
    ouro_decref(rt, OBJ(l));
    ouro_decref(rt, OBJ(p));
    CHECK_EQ(ouro_gc_collect(rt, 0), 2);
    CHECK_EQ(space_of(rt, OBJ(l)), 1);
    CHECK_EQ(space_of(rt, OBJ(p)), 1);
    Pair *g = (Pair *)ouro_gc_garbage_get(rt, 0);
    CHECK(g == l);
    ouro_clearref(rt, &g->a);
    CHECK_STREQ(log_joined(), "dealloc P");
    ouro_gc_garbage_clear(rt);
    CHECK_STREQ(log_joined(), "dealloc P, del L, dealloc L");
    CHECK_EQ(mem_in_use(rt), 0);
    CHECK_EQ(gen_size(rt, 1), 0);
    rt_end(rt);
}

int main(void)
{
    RUN(fin_once_refcount_resurrect);
    RUN(fin_once_gc_resurrect);
    RUN(fin_gc_resurrect_then_refcount_death);
    RUN(fin_ring_each_once);
    RUN(fin_is_finalized);
    RUN(fin_drops_others_in_collection);
    RUN(fin_error_reported);
    RUN(legacy_refcount_death);
    RUN(legacy_cycle_uncollectable);
    RUN(legacy_garbage_broken_by_hand);
    return check_exit();
}
