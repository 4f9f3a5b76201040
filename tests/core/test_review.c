/*
 * test_review.c - cases found by an adversarial review of the memory core:
 * code run from finalizers, weakref callbacks and clear slots at awkward
 * moments of a deallocation or a collection.
 */
#include "types.h"

/* A weakref made to the object by its legacy finalizer (CPython's tp_del
 * runs after the weakrefs were cleared) must not outlive the object:
 * CPython's subtype_dealloc clears such weakrefs, without calling back,
 * before releasing the fields. Before the fix the weakref kept pointing at
 * the freed object. */
static void legacy_del_weakref_to_self(void)
{
    OuroRuntime *rt = rt_new();
    Pair *l = legacy_new(rt, "L");
    l->hook = hook_weakref_self;
    ouro_decref(rt, OBJ(l));
    CHECK_EQ(saved.n, 1);
    OuroWeakRef *wr = (OuroWeakRef *)saved.obj[0];
    CHECK(wr->referent == NULL);
    CHECK(ouro_weakref_get(wr) == NULL);
    CHECK_STREQ(log_joined(), "del L, dealloc L");
    saved_release(rt);
    CHECK_STREQ(log_joined(), "del L, dealloc L");
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* A finalizer that allocates two objects and keeps them. */
static int hook_alloc_keep(OuroRuntime *rt, Pair *self)
{
    (void)self;
    for (int i = 0; i < 2; i++) {
        Pair *p = pair_new(rt, "kept");
        if (p == NULL)
            return -1;
        save_ref(OBJ(p));
        ouro_decref(rt, OBJ(p));
    }
    return 0;
}

/* get_count()[0] is the net number of GC allocations since the last
 * collection. A GC allocation that starts a collection and then fails
 * (memory runs out after the collection) must not take back an allocation
 * the collection's finalizers made: its own count was already wiped by the
 * collection. Before the fix the count read 0 instead of 1. */
static void failed_alloc_after_collection_count(void)
{
    OuroRuntime *rt = rt_new();
    intptr_t th[3] = {3, 10, 10}, count[3];
    ouro_gc_set_threshold(rt, th);
    Pair *f = fin_new(rt, "F", hook_alloc_keep);
    set_a(rt, f, OBJ(f));
    ouro_decref(rt, OBJ(f));   /* cyclic garbage */
    Pair *x = pair_new(rt, "x"), *y = pair_new(rt, "y");
    ouro_gc_get_count(rt, count);
    CHECK_EQ(count[0], 3);
    /* The next GC allocation starts a collection (4 > 3) whose finalizer
     * allocates twice (attempts 1, 2; F is freed); the allocation itself
     * (attempt 3) fails. */
    ouro_mem_fail_nth(rt, 3);
    CHECK(ouro_new(rt, &pair_type) == NULL);
    ouro_mem_fail_nth(rt, 0);
    CHECK_EQ(log_count("fin F"), 1);
    CHECK_EQ(log_count("dealloc F"), 1);
    CHECK_EQ(saved.n, 2);
    ouro_gc_get_count(rt, count);
    CHECK_EQ(count[0], 1);       /* two allocated since the collection, F freed */
    CHECK_EQ(count[1], 1);
    ouro_decref(rt, OBJ(x));
    ouro_decref(rt, OBJ(y));
    saved_release(rt);
    ouro_gc_get_count(rt, count);
    CHECK_EQ(count[0], 0);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

int main(void)
{
    RUN(legacy_del_weakref_to_self);
    RUN(failed_alloc_after_collection_count);
    return check_exit();
}
