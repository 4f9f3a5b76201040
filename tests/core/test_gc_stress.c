/*
 * test_gc_stress.c - the collector's stress mode (ouro_gc_set_stress, what
 * `ouro -X gc-stress` turns on): a young collection at every allocation of
 * a GC object, a full one every 1,000th, none while disabled or with
 * threshold 0, and the counts, thresholds and enabled flag reported as
 * without it.
 */
#include "types.h"

static void stats(OuroRuntime *rt, intptr_t out[OURO_GC_GENERATIONS])
{
    OuroGCStats st[OURO_GC_GENERATIONS];
    ouro_gc_get_stats(rt, st);
    for (int i = 0; i < OURO_GC_GENERATIONS; i++)
        out[i] = st[i].collections;
}

/* An unreferenced two-pair cycle: garbage only the collector finds. */
static void make_cycle(OuroRuntime *rt, const char *a, const char *b)
{
    Pair *p = pair_new(rt, a), *q = pair_new(rt, b);
    set_a(rt, p, OBJ(q));
    set_a(rt, q, OBJ(p));
    ouro_decref(rt, OBJ(p));
    ouro_decref(rt, OBJ(q));
}

/* One young collection per GC allocation, none for other objects. */
static void stress_collects_at_allocation(void)
{
    OuroRuntime *rt = rt_new();
    ouro_gc_set_stress(rt, 1);
    intptr_t before[3], after[3];
    stats(rt, before);
    OuroObject *leaf = leaf_new(rt, "leaf");
    stats(rt, after);
    CHECK_EQ(after[0], before[0]);
    Pair *r = pair_new(rt, "r");
    stats(rt, after);
    CHECK_EQ(after[0], before[0] + 1);
    ouro_decref(rt, OBJ(pair_new(rt, NULL)));
    stats(rt, after);
    CHECK_EQ(after[0], before[0] + 2);
    ouro_gc_set_stress(rt, 0);
    ouro_decref(rt, OBJ(pair_new(rt, NULL)));
    stats(rt, after);
    CHECK_EQ(after[0], before[0] + 2);
    ouro_decref(rt, OBJ(r));
    ouro_decref(rt, leaf);
    rt_end(rt);
}

/* Every young run promotes, so a cycle made over several allocations
 * waits for the full run at the 1,000th. */
static void stress_full_every_thousand(void)
{
    OuroRuntime *rt = rt_new();
    ouro_gc_set_stress(rt, 1);
    make_cycle(rt, "p", "q");        /* runs 1 and 2 */
    intptr_t s[3];
    for (int i = 2; i < 999; i++)
        ouro_decref(rt, OBJ(pair_new(rt, NULL)));
    stats(rt, s);
    CHECK_EQ(s[0], 999);
    CHECK_EQ(s[2], 0);
    CHECK(strstr(log_joined(), "dealloc p") == NULL);
    ouro_decref(rt, OBJ(pair_new(rt, NULL)));
    stats(rt, s);
    CHECK_EQ(s[0], 999);
    CHECK_EQ(s[1], 0);
    CHECK_EQ(s[2], 1);
    CHECK(strstr(log_joined(), "dealloc p") != NULL);
    CHECK(strstr(log_joined(), "dealloc q") != NULL);
    rt_end(rt);
}

/* The same allocations with and without stress leave the same counts, and
 * the automatic collections happen at the same allocations. */
static void stress_keeps_counts(void)
{
    intptr_t count[2][3], auto_runs[2];
    for (int stress = 0; stress < 2; stress++) {
        OuroRuntime *rt = rt_new();
        intptr_t t[3] = {50, 3, 10};
        ouro_gc_set_threshold(rt, t);
        ouro_gc_set_stress(rt, stress);
        Pair *keep[120];
        for (int i = 0; i < 120; i++)
            keep[i] = pair_new(rt, NULL);
        for (int i = 0; i < 30; i++)
            ouro_decref(rt, OBJ(keep[i]));
        ouro_gc_get_count(rt, count[stress]);
        intptr_t s[3];
        stats(rt, s);
        /* Stress runs are of generations 0 and 2 only: generation 1's
         * are the automatic ones. */
        auto_runs[stress] = s[1];
        ouro_gc_get_threshold(rt, t);
        CHECK_EQ(t[0], 50);
        CHECK_EQ(t[1], 3);
        CHECK_EQ(t[2], 10);
        CHECK_EQ(ouro_gc_is_enabled(rt), 1);
        for (int i = 30; i < 120; i++)
            ouro_decref(rt, OBJ(keep[i]));
        rt_end(rt);
    }
    for (int i = 0; i < 3; i++)
        CHECK_EQ(count[1][i], count[0][i]);
    CHECK_EQ(auto_runs[1], auto_runs[0]);
}

static void stress_respects_disable_and_zero(void)
{
    OuroRuntime *rt = rt_new();
    ouro_gc_set_stress(rt, 1);
    intptr_t s[3];
    ouro_gc_disable(rt);
    for (int i = 0; i < 10; i++)
        ouro_decref(rt, OBJ(pair_new(rt, NULL)));
    stats(rt, s);
    CHECK_EQ(s[0] + s[1] + s[2], 0);
    ouro_gc_enable(rt);
    intptr_t zero[3] = {0, 10, 10};
    ouro_gc_set_threshold(rt, zero);
    for (int i = 0; i < 10; i++)
        ouro_decref(rt, OBJ(pair_new(rt, NULL)));
    stats(rt, s);
    CHECK_EQ(s[0] + s[1] + s[2], 0);
    /* Off again: back to the thresholds alone. */
    intptr_t dflt[3] = {700, 10, 10};
    ouro_gc_set_threshold(rt, dflt);
    ouro_gc_set_stress(rt, 0);
    for (int i = 0; i < 10; i++)
        ouro_decref(rt, OBJ(pair_new(rt, NULL)));
    stats(rt, s);
    CHECK_EQ(s[0] + s[1] + s[2], 0);
    rt_end(rt);
}

int main(void)
{
    RUN(stress_collects_at_allocation);
    RUN(stress_full_every_thousand);
    RUN(stress_keeps_counts);
    RUN(stress_respects_disable_and_zero);
    return check_exit();
}
