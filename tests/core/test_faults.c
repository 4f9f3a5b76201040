/*
 * test_faults.c - running out of memory through the public API: every
 * function that allocates fails cleanly (NULL, -1 or SIZE_MAX, nothing
 * leaked, counts unchanged), and a scenario survives a failure at each of
 * its allocations in turn, and at random ones.
 */
#include "types.h"

static void fault_objects(void)
{
    OuroRuntime *rt = rt_new();
    Pair *keep = pair_new(rt, "keep");
    size_t before = mem_in_use(rt);
    intptr_t count[3];
    ouro_mem_fail_nth(rt, 1);
    CHECK(ouro_new(rt, &pair_type) == NULL);
    ouro_gc_get_count(rt, count);
    CHECK_EQ(count[0], 1);   /* the failed allocation is not counted */
    ouro_mem_fail_nth(rt, 1);
    CHECK(ouro_new(rt, &leaf_type) == NULL);
    ouro_mem_fail_nth(rt, 1);
    CHECK(ouro_new_var(rt, &tuple_type, 3) == NULL);
    ouro_mem_fail_nth(rt, 1);
    CHECK(ouro_weakref_new(rt, OBJ(keep), NULL) == NULL);
    CHECK_EQ(ouro_weakref_count(rt, OBJ(keep)), 0);
    ouro_mem_fail_nth(rt, 1);
    CHECK(ouro_ccallback_new(rt, wrcb_log, NULL) == NULL);
    ouro_mem_fail_nth(rt, 1);
    CHECK(ouro_mem_alloc(rt, 100) == NULL);
    void *block = ouro_mem_alloc(rt, 100);
    ouro_mem_fail_nth(rt, 1);
    CHECK(ouro_mem_realloc(rt, block, 100, 1000) == NULL);   /* the old block stays */
    ouro_mem_free(rt, block, 100);
    OuroMemStats st;
    ouro_mem_stats(rt, &st);
    CHECK_EQ(st.failed_allocations, 7);
    CHECK_EQ(mem_in_use(rt), before);
    /* fault injection off: everything works again */
    ouro_mem_fail_nth(rt, 0);
    Pair *p = pair_new(rt, NULL);
    CHECK(p != NULL);
    ouro_decref(rt, OBJ(p));
    ouro_decref(rt, OBJ(keep));
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

static int gc_cb(OuroRuntime *rt, const char *phase, int generation, intptr_t collected,
                 intptr_t uncollectable, void *ctx)
{
    (void)rt, (void)phase, (void)generation, (void)collected, (void)uncollectable, (void)ctx;
    log_add("cb");
    return 0;
}

static int root_fn(OuroRuntime *rt, OuroVisitFn visit, void *arg, void *ctx)
{
    (void)rt, (void)visit, (void)arg, (void)ctx;
    return 0;
}

static void fault_tables(void)
{
    OuroRuntime *rt = rt_new();
    Pair *p = pair_new(rt, "p");
    ouro_mem_fail_nth(rt, 1);
    CHECK(ouro_handle_new(rt, OBJ(p), "owner") == NULL);
    ouro_mem_fail_nth(rt, 2);   /* the owner's name */
    CHECK(ouro_handle_new(rt, OBJ(p), "owner") == NULL);
    CHECK_EQ(ouro_handle_count(rt), 0);
    CHECK_EQ(p->ob.refcnt, 1);
    ouro_mem_fail_nth(rt, 1);
    CHECK_EQ(ouro_gc_add_callback(rt, gc_cb, NULL), -1);
    ouro_mem_fail_nth(rt, 1);
    CHECK_EQ(ouro_root_add(rt, root_fn, NULL), -1);
    CHECK_EQ(ouro_gc_collect(rt, 0), 0);
    CHECK_EQ(tlog.n, 0);   /* not registered */
    CHECK_EQ(ouro_gc_remove_callback(rt, gc_cb, NULL), -1);
    CHECK_EQ(ouro_root_remove(rt, root_fn, NULL), -1);
    ouro_decref(rt, OBJ(p));
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* Introspection arrays: a failure gives NULL with SIZE_MAX and leaves
 * every count as it was, whether the array's first allocation fails or the
 * final trim. */
static void fault_introspection(void)
{
    OuroRuntime *rt = rt_new();
    Pair *a = pair_new(rt, "a"), *b = pair_new(rt, "b"), *c = pair_new(rt, "c");
    set_a(rt, a, OBJ(b));
    set_b(rt, a, OBJ(c));
    set_a(rt, c, OBJ(b));
    size_t before = mem_in_use(rt);
    for (uint64_t nth = 1; nth <= 2; nth++) {
        size_t n = 0;
        ouro_mem_fail_nth(rt, nth);
        CHECK(ouro_gc_get_objects(rt, -1, &n) == NULL);
        CHECK_EQ(n, SIZE_MAX);
        ouro_mem_fail_nth(rt, nth);
        CHECK(ouro_gc_get_referents(rt, (OuroObject *[]){OBJ(a)}, 1, &n) == NULL);
        CHECK_EQ(n, SIZE_MAX);
        ouro_mem_fail_nth(rt, nth);
        CHECK(ouro_gc_get_referrers(rt, (OuroObject *[]){OBJ(b)}, 1, &n) == NULL);
        CHECK_EQ(n, SIZE_MAX);
    }
    ouro_mem_fail_nth(rt, 0);
    CHECK_EQ(a->ob.refcnt, 1);
    CHECK_EQ(b->ob.refcnt, 3);
    CHECK_EQ(c->ob.refcnt, 2);
    CHECK_EQ(mem_in_use(rt), before);
    ouro_decref(rt, OBJ(a));
    ouro_decref(rt, OBJ(b));
    ouro_decref(rt, OBJ(c));
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* The garbage list cannot grow during a collection: reported, and the
 * uncollectable set stays in the heap, to be found again next time. */
static void fault_save_garbage(void)
{
    OuroRuntime *rt = rt_new();
    Pair *l = legacy_new(rt, "L"), *p = pair_new(rt, "P");
    set_a(rt, l, OBJ(p));
    set_a(rt, p, OBJ(l));
    ouro_decref(rt, OBJ(l));
    ouro_decref(rt, OBJ(p));
    ouro_mem_fail_nth(rt, 1);
    CHECK_EQ(ouro_gc_collect(rt, 2), 2);
    CHECK_STREQ(log_joined(), "error saving garbage of L");
    CHECK_EQ(ouro_gc_garbage_count(rt), 0);
    CHECK_EQ(gen_size(rt, 2), 2);
    CHECK_EQ(ouro_gc_collect(rt, 2), 2);
    CHECK_EQ(ouro_gc_garbage_count(rt), 1);
    CHECK_EQ(tlog.n, 1);
    rt_end(rt);
}

/* A scenario that touches every allocating path, written to cope with any
 * allocation failing. Returns the number of failures it saw. */
static OuroHandle *scenario_handle;

static int scenario(OuroRuntime *rt)
{
    int failures = 0;
    List *l = list_new(rt, "l");
    if (l == NULL)
        return 1;
    for (int i = 0; i < 20; i++) {
        Pair *p = i % 3 ? pair_new(rt, NULL) : fin_new(rt, NULL, i % 2 ? hook_weakref_self : NULL);
        if (p == NULL) {
            failures++;
            continue;
        }
        OuroObject *leaf = leaf_new(rt, NULL);
        if (leaf != NULL) {
            p->b = leaf;
        } else {
            failures++;
        }
        if (list_append(rt, l, OBJ(p)) < 0)
            failures++;
        set_a(rt, p, OBJ(l));   /* cycles through the list */
        OuroWeakRef *w = weakref_cb(rt, OBJ(p), "w", i % 4 == 0);
        if (w != NULL) {
            if (list_append_take(rt, l, &w->ob) < 0)
                failures++;
        } else {
            failures++;
        }
        ouro_decref(rt, OBJ(p));
    }
    OuroObject *items[2] = {OBJ(l), OBJ(l)};
    Tuple *t = tuple_new(rt, NULL, 2, items);
    if (t != NULL) {
        if (list_append_take(rt, l, &t->ob.ob) < 0)
            failures++;
    } else {
        failures++;
    }
    scenario_handle = ouro_handle_new(rt, OBJ(l), "scenario");
    if (scenario_handle == NULL)
        failures++;
    ouro_decref(rt, OBJ(l));
    size_t n;
    OuroObject **objs = ouro_gc_get_objects(rt, -1, &n);
    if (objs == NULL && n == SIZE_MAX)
        failures++;
    ouro_objects_free(rt, objs, n == SIZE_MAX ? 0 : n);
    ouro_gc_collect(rt, 2);
    ouro_handle_release(rt, scenario_handle);
    ouro_gc_collect(rt, 2);
    return failures;
}

/* Allocation k fails, for every k the scenario makes: no crash, no leak,
 * a consistent heap. */
static void fault_sweep_nth(void)
{
    OuroRuntime *rt = rt_new();
    uint64_t start = ouro_mem_alloc_count(rt);
    scenario(rt);
    saved_release(rt);
    ouro_gc_collect(rt, 2);
    uint64_t total = ouro_mem_alloc_count(rt) - start;
    CHECK(total > 50);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
    int bad = 0;
    for (uint64_t k = 1; k <= total + 1; k++) {
        rt = rt_new();
        ouro_mem_fail_nth(rt, k);
        scenario(rt);
        ouro_mem_fail_nth(rt, 0);
        saved_release(rt);
        ouro_gc_collect(rt, 2);
        ouro_gc_garbage_clear(rt);
        ouro_gc_collect(rt, 2);
        if (mem_in_use(rt) != 0 || ouro_heap_check(rt, OURO_CHECK_ROOTS) != 0) {
            if (bad++ == 0)
                fprintf(stderr, "  failing allocation %llu: %zu bytes left\n",
                        (unsigned long long)k, mem_in_use(rt));
        }
        rt_end(rt);
    }
    CHECK_EQ(bad, 0);
}

static void fault_random(void)
{
    int bad = 0, failures = 0;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        OuroRuntime *rt = rt_new();
        intptr_t t[3] = {7, 2, 2};   /* automatic collections too */
        ouro_gc_set_threshold(rt, t);
        ouro_mem_fail_random(rt, 0.05, seed);
        failures += scenario(rt);
        ouro_mem_fail_random(rt, 0, 0);
        saved_release(rt);
        ouro_gc_collect(rt, 2);
        ouro_gc_garbage_clear(rt);
        ouro_gc_collect(rt, 2);
        /* the threshold table and callbacks hold nothing: all freed */
        bad += mem_in_use(rt) != 0;
        rt_end(rt);
    }
    CHECK_EQ(bad, 0);
    CHECK(failures > 0);
}

int main(void)
{
    RUN(fault_objects);
    RUN(fault_tables);
    RUN(fault_introspection);
    RUN(fault_save_garbage);
    RUN(fault_sweep_nth);
    RUN(fault_random);
    return check_exit();
}
