/*
 * test_gc_passes.c - the collector's fused passes: gc_refs counted in one
 * walk (an object reached by a visit before the walk gets to it starts its
 * count then; membership of young is read from the space label), younger
 * generations spliced in without relabelling (move_unreachable relabels
 * them), survivors counted into their new generation as they are found.
 * Each case checks what a user sees: what is collected, what survives and
 * where, counts and generation sizes, and the heap checker.
 */
#include "types.h"

/* Every tracked object of generations 0..2 and the permanent one. */
static intptr_t tracked_total(OuroRuntime *rt)
{
    return gen_size(rt, 0) + gen_size(rt, 1) + gen_size(rt, 2) + gen_size(rt, OURO_GC_PERMANENT);
}

/* A garbage chain built children first (each child is on the young list
 * before its parent, so the walk meets it before the visit from its
 * parent) and one built parents first; both closed into cycles. */
static void passes_visit_before_and_after_walk(void)
{
    OuroRuntime *rt = rt_new();
    enum { N = 50 };
    for (int order = 0; order < 2; order++) {
        Pair *p[N];
        for (int i = 0; i < N; i++)
            p[i] = pair_new(rt, NULL);
        /* order 0: p[i] -> p[i+1] (the walk meets parents first);
         * order 1: p[i+1] -> p[i] (children first). */
        for (int i = 0; i + 1 < N; i++) {
            if (order == 0)
                set_a(rt, p[i], OBJ(p[i + 1]));
            else
                set_a(rt, p[i + 1], OBJ(p[i]));
        }
        if (order == 0)
            set_a(rt, p[N - 1], OBJ(p[0]));
        else
            set_a(rt, p[0], OBJ(p[N - 1]));
        /* One of them also held from outside: all survive. */
        for (int i = 0; i < N; i++)
            if (i != N / 2)
                ouro_decref(rt, OBJ(p[i]));
        CHECK_EQ(ouro_gc_collect(rt, 0), 0);
        CHECK_EQ(gen_size(rt, 1), N);
        CHECK_EQ(gen_size(rt, 0), 0);
        /* Dropped: the whole cycle is garbage to a collection of 1. */
        ouro_decref(rt, OBJ(p[N / 2]));
        CHECK_EQ(ouro_gc_collect(rt, 0), 0);
        CHECK_EQ(ouro_gc_collect(rt, 1), N);
        CHECK_EQ(tracked_total(rt), 0);
        CHECK_EQ(mem_in_use(rt), 0);
    }
    rt_end(rt);
}

/* References from young into older generations, into the permanent one and
 * to untracked containers must not count as internal: those objects keep
 * their counts and lists, whatever the young objects' labels. */
static void passes_refs_out_of_young(void)
{
    OuroRuntime *rt = rt_new();
    Pair *frozen = pair_new(rt, "frozen");
    ouro_gc_freeze(rt);
    Pair *old2 = pair_new(rt, "old2");
    ouro_gc_collect(rt, 1);   /* old2 -> generation 2 */
    Pair *old1 = pair_new(rt, "old1");
    ouro_gc_collect(rt, 0);   /* old1 -> generation 1 */
    Pair *untracked = (Pair *)ouro_new(rt, &pair_type);
    untracked->name = "untracked";
    CHECK_EQ(space_of(rt, OBJ(frozen)), OURO_GC_PERMANENT);
    CHECK_EQ(space_of(rt, OBJ(old2)), 2);
    CHECK_EQ(space_of(rt, OBJ(old1)), 1);
    CHECK_EQ(space_of(rt, OBJ(untracked)), -1);

    /* A young garbage cycle x -> y -> z -> w -> x referring to all four. */
    Pair *x = pair_new(rt, "x"), *y = pair_new(rt, "y");
    Pair *z = pair_new(rt, "z"), *w = pair_new(rt, "w");
    set_a(rt, x, OBJ(y));
    set_a(rt, y, OBJ(z));
    set_a(rt, z, OBJ(w));
    set_a(rt, w, OBJ(x));
    set_b(rt, x, OBJ(frozen));
    set_b(rt, y, OBJ(old2));
    set_b(rt, z, OBJ(old1));
    set_b(rt, w, OBJ(untracked));
    ouro_decref(rt, OBJ(x));
    ouro_decref(rt, OBJ(y));
    ouro_decref(rt, OBJ(z));
    ouro_decref(rt, OBJ(w));
    CHECK_EQ(ouro_gc_collect(rt, 0), 4);
    CHECK_EQ(OBJ(frozen)->refcnt, 1);
    CHECK_EQ(OBJ(old2)->refcnt, 1);
    CHECK_EQ(OBJ(old1)->refcnt, 1);
    CHECK_EQ(OBJ(untracked)->refcnt, 1);
    CHECK_EQ(space_of(rt, OBJ(frozen)), OURO_GC_PERMANENT);
    CHECK_EQ(space_of(rt, OBJ(old2)), 2);
    CHECK_EQ(space_of(rt, OBJ(old1)), 1);
    CHECK_EQ(ouro_gc_get_freeze_count(rt), 1);

    /* A cycle through the permanent generation is never found. */
    set_a(rt, frozen, OBJ(old2));
    set_a(rt, old2, OBJ(frozen));
    ouro_decref(rt, OBJ(untracked));
    ouro_decref(rt, OBJ(old1));
    ouro_decref(rt, OBJ(old2));
    ouro_decref(rt, OBJ(frozen));
    CHECK_EQ(ouro_gc_collect(rt, 2), 0);
    CHECK_EQ(ouro_gc_get_freeze_count(rt), 1);
    ouro_gc_unfreeze(rt);
    CHECK_EQ(ouro_gc_collect(rt, 2), 2);
    CHECK_EQ(tracked_total(rt), 0);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* A cycle spread over generations 0, 1 and 2, merged into one young set
 * by a full collection: its members' labels differ until move_unreachable
 * sets them. Survivors end in generation 2 with the right sizes, the
 * garbage is counted once. */
static void passes_merged_generations(void)
{
    OuroRuntime *rt = rt_new();
    Pair *a = pair_new(rt, "a");
    Pair *keep2 = pair_new(rt, "keep2");
    ouro_gc_collect(rt, 1);   /* a, keep2 -> 2 */
    Pair *b = pair_new(rt, "b");
    Pair *keep1 = pair_new(rt, "keep1");
    ouro_gc_collect(rt, 0);   /* b, keep1 -> 1 */
    Pair *c = pair_new(rt, "c");
    Pair *keep0 = pair_new(rt, "keep0");
    CHECK_EQ(gen_size(rt, 0), 2);
    CHECK_EQ(gen_size(rt, 1), 2);
    CHECK_EQ(gen_size(rt, 2), 2);
    /* garbage: a -> b -> c -> a; alive: keep0 -> keep1 -> keep2 -> keep0,
     * held from C through keep0 only. */
    set_a(rt, a, OBJ(b));
    set_a(rt, b, OBJ(c));
    set_a(rt, c, OBJ(a));
    set_a(rt, keep0, OBJ(keep1));
    set_a(rt, keep1, OBJ(keep2));
    set_a(rt, keep2, OBJ(keep0));
    ouro_decref(rt, OBJ(a));
    ouro_decref(rt, OBJ(b));
    ouro_decref(rt, OBJ(c));
    ouro_decref(rt, OBJ(keep1));
    ouro_decref(rt, OBJ(keep2));
    /* A young collection sees only c and keep0: nothing is garbage. */
    CHECK_EQ(ouro_gc_collect(rt, 0), 0);
    CHECK_EQ(gen_size(rt, 1), 4);
    /* Collecting 1 merges 0 into it; a in 2 still holds b. */
    CHECK_EQ(ouro_gc_collect(rt, 1), 0);
    CHECK_EQ(gen_size(rt, 1), 0);
    CHECK_EQ(gen_size(rt, 2), 6);
    CHECK_EQ(ouro_gc_collect(rt, 2), 3);
    CHECK_EQ(gen_size(rt, 0), 0);
    CHECK_EQ(gen_size(rt, 1), 0);
    CHECK_EQ(gen_size(rt, 2), 3);
    CHECK_EQ(space_of(rt, OBJ(keep0)), 2);
    CHECK_EQ(space_of(rt, OBJ(keep1)), 2);
    CHECK_EQ(space_of(rt, OBJ(keep2)), 2);

    /* Now the same spread, collected all at once by collect(2) straight
     * from generations 0, 1 and 2. */
    Pair *d = pair_new(rt, "d");
    ouro_gc_collect(rt, 0);   /* d -> 1 */
    Pair *e = pair_new(rt, "e");
    set_a(rt, d, OBJ(e));
    set_a(rt, e, OBJ(keep2));
    set_b(rt, keep2, OBJ(d));   /* keep2 (2) -> d (1) -> e (0) -> keep2 */
    ouro_decref(rt, OBJ(d));
    ouro_decref(rt, OBJ(e));
    CHECK_EQ(ouro_gc_collect(rt, 2), 0);
    CHECK_EQ(gen_size(rt, 2), 5);
    CHECK_EQ(space_of(rt, OBJ(e)), 2);
    ouro_decref(rt, OBJ(keep0));
    CHECK_EQ(ouro_gc_collect(rt, 2), 5);
    CHECK_EQ(tracked_total(rt), 0);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

static int last_started = -1;

static int record_start(OuroRuntime *rt, const char *phase, int generation,
                        intptr_t collected, intptr_t uncollectable, void *ctx)
{
    (void)rt;
    (void)collected;
    (void)uncollectable;
    (void)ctx;
    if (strcmp(phase, "start") == 0)
        last_started = generation;
    return 0;
}

/* Objects promoted into generation 2 by a collection of generation 1 count
 * towards the 25% rule; objects that collection untracks (immutable ones
 * whose contents were untracked meanwhile) do not. With 40 long-lived
 * objects, 10 pending objects allow a full collection and 9 do not. */
static void run_pending_case(int pairs, int untracked_tuples, int want_generation)
{
    OuroRuntime *rt = rt_new();
    enum { LIVE = 40 };
    Pair *keep[LIVE];
    for (int i = 0; i < LIVE; i++)
        keep[i] = pair_new(rt, NULL);
    CHECK_EQ(ouro_gc_collect(rt, 2), 0);   /* 40 long-lived survivors */
    Pair *young[16];
    Tuple *outer[16];
    OuroObject *leaf = leaf_new(rt, NULL);
    for (int i = 0; i < pairs; i++)
        young[i] = pair_new(rt, NULL);
    for (int i = 0; i < untracked_tuples; i++) {
        /* outer holds inner, which only outer holds: inner comes back to
         * young behind outer, so the young collection untracks inner but
         * not outer; the collection of generation 1 then untracks outer. */
        Tuple *inner = tuple_new(rt, NULL, 1, &leaf);
        outer[i] = tuple_new(rt, NULL, 1, (OuroObject *[]){&inner->ob.ob});
        ouro_decref(rt, &inner->ob.ob);
    }
    CHECK_EQ(ouro_gc_collect(rt, 0), 0);
    for (int i = 0; i < untracked_tuples; i++)
        CHECK(ouro_gc_is_tracked(&outer[i]->ob.ob));
    CHECK_EQ(ouro_gc_collect(rt, 1), 0);
    for (int i = 0; i < untracked_tuples; i++)
        CHECK(!ouro_gc_is_tracked(&outer[i]->ob.ob));
    CHECK_EQ(gen_size(rt, 2), LIVE + pairs);
    /* gen[2].count is 1 now: the next automatic collection is the full one
     * if the rule allows it, else one of generation 0. */
    intptr_t th[OURO_GC_GENERATIONS] = {1, 0, 0};
    ouro_gc_set_threshold(rt, th);
    CHECK_EQ(ouro_gc_add_callback(rt, record_start, NULL), 0);
    last_started = -1;
    Pair *x = pair_new(rt, NULL), *y = pair_new(rt, NULL);
    CHECK_EQ(last_started, want_generation);
    CHECK_EQ(ouro_gc_remove_callback(rt, record_start, NULL), 0);
    ouro_decref(rt, OBJ(x));
    ouro_decref(rt, OBJ(y));
    for (int i = 0; i < untracked_tuples; i++)
        ouro_decref(rt, &outer[i]->ob.ob);
    for (int i = 0; i < pairs; i++)
        ouro_decref(rt, OBJ(young[i]));
    for (int i = 0; i < LIVE; i++)
        ouro_decref(rt, OBJ(keep[i]));
    ouro_decref(rt, leaf);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

static void passes_long_lived_accounts(void)
{
    run_pending_case(10, 0, 2);
    run_pending_case(9, 0, 0);
    run_pending_case(9, 5, 0);   /* 14 survived, 5 of them untracked */
}

int main(void)
{
    RUN(passes_visit_before_and_after_walk);
    RUN(passes_refs_out_of_young);
    RUN(passes_merged_generations);
    RUN(passes_long_lived_accounts);
    return check_exit();
}
