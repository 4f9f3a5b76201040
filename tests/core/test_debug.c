/*
 * test_debug.c - the collector's debug flags (STATS, COLLECTABLE,
 * UNCOLLECTABLE, SAVEALL, LEAK) and their messages in CPython 3.11's
 * formats, the garbage list and its hook, and the heap checker
 * (SEMANTICS rules 45-47).
 */
#include <ctype.h>

#include "types.h"

/* Whether text holds the line "gc: done, U unreachable, N uncollectable,
 * D.DDDDs elapsed" (%.4f). */
static int has_done_line(const char *text, long long unreachable, long long uncollectable)
{
    char head[96];
    snprintf(head, sizeof head, "gc: done, %lld unreachable, %lld uncollectable, ", unreachable,
             uncollectable);
    for (const char *p = strstr(text, head); p != NULL; p = strstr(p + 1, head)) {
        if (p != text && p[-1] != '\n')
            continue;
        const char *q = p + strlen(head);
        if (!isdigit((unsigned char)*q))
            continue;
        while (isdigit((unsigned char)*q))
            q++;
        if (*q++ != '.')
            continue;
        int digits = 0;
        while (isdigit((unsigned char)q[digits]))
            digits++;
        if (digits == 4 && strncmp(q + 4, "s elapsed\n", 10) == 0)
            return 1;
    }
    return 0;
}

/* Whether the debug text holds the line "gc: KIND <TYPE ADDRESS>". Takes
 * the type's name apart: obj may be dead by now (only its address is used). */
static int has_line(const char *kind, const char *type_name, const void *obj)
{
    char line[128];
    snprintf(line, sizeof line, "gc: %s <%s %p>\n", kind, type_name, obj);
    const char *text = dbg_text();
    for (const char *p = strstr(text, line); p != NULL; p = strstr(p + 1, line))
        if (p == text || p[-1] == '\n')
            return 1;
    return 0;
}

static void make_self_cycle(OuroRuntime *rt)
{
    Pair *p = pair_new(rt, NULL);
    set_a(rt, p, OBJ(p));
    ouro_decref(rt, OBJ(p));
}

static void debug_flags(void)
{
    OuroRuntime *rt = rt_new();
    CHECK_EQ(OURO_DEBUG_STATS, 1);
    CHECK_EQ(OURO_DEBUG_COLLECTABLE, 2);
    CHECK_EQ(OURO_DEBUG_UNCOLLECTABLE, 4);
    CHECK_EQ(OURO_DEBUG_SAVEALL, 32);
    CHECK_EQ(OURO_DEBUG_LEAK, 38);
    CHECK_EQ(ouro_gc_get_debug(rt), 0);
    ouro_gc_set_debug(rt, OURO_DEBUG_STATS | OURO_DEBUG_SAVEALL);
    CHECK_EQ(ouro_gc_get_debug(rt), 33);
    ouro_gc_set_debug(rt, OURO_DEBUG_COLLECTABLE);   /* replaces the whole word */
    CHECK_EQ(ouro_gc_get_debug(rt), 2);
    ouro_gc_set_debug(rt, 0);
    CHECK_EQ(ouro_gc_collect(rt, 2), 0);
    CHECK_STREQ(dbg_text(), "");
    rt_end(rt);
}

static void debug_stats_messages(void)
{
    OuroRuntime *rt = rt_new();
    Pair *frozen = pair_new(rt, NULL);
    ouro_gc_freeze(rt);
    Pair *k1 = pair_new(rt, NULL);
    ouro_gc_collect(rt, 1);
    Pair *k2 = pair_new(rt, NULL);
    ouro_gc_collect(rt, 0);
    Pair *k3 = pair_new(rt, NULL);
    Pair *x = pair_new(rt, NULL), *y = pair_new(rt, NULL);
    set_a(rt, x, OBJ(y));
    set_a(rt, y, OBJ(x));
    ouro_decref(rt, OBJ(x));
    ouro_decref(rt, OBJ(y));
    ouro_gc_set_debug(rt, OURO_DEBUG_STATS);
    CHECK_EQ(ouro_gc_collect(rt, 0), 2);
    /* sizes before the younger generations are merged */
    const char *want0 = "gc: collecting generation 0...\n"
                        "gc: objects in each generation: 3 1 1\n"
                        "gc: objects in permanent generation: 1\n";
    CHECK(strncmp(dbg_text(), want0, strlen(want0)) == 0);
    CHECK(has_done_line(dbg_text(), 2, 0));
    CHECK_EQ(dbg_count_prefix("gc: "), 4);
    dbg_reset();
    Pair *l = legacy_new(rt, NULL);
    set_a(rt, l, OBJ(l));
    ouro_decref(rt, OBJ(l));
    x = pair_new(rt, NULL);
    set_a(rt, x, OBJ(x));
    ouro_decref(rt, OBJ(x));
    CHECK_EQ(ouro_gc_collect(rt, 2), 2);
    const char *want2 = "gc: collecting generation 2...\n"
                        "gc: objects in each generation: 2 2 1\n"
                        "gc: objects in permanent generation: 1\n";
    CHECK(strncmp(dbg_text(), want2, strlen(want2)) == 0);
    CHECK(has_done_line(dbg_text(), 2, 1));
    CHECK_EQ(dbg_count_prefix("gc: "), 4);   /* STATS alone lists no object */
    if (check_case_failed)
        fprintf(stderr, "%s", dbg_text());
    ouro_gc_set_debug(rt, 0);
    ouro_gc_unfreeze(rt);
    ouro_decref(rt, OBJ(frozen));
    ouro_decref(rt, OBJ(k1));
    ouro_decref(rt, OBJ(k2));
    ouro_decref(rt, OBJ(k3));
    rt_end(rt);
}

/* Collectable lines come before weakref callbacks and finalizers run. */
static int hook_count_lines(OuroRuntime *rt, Pair *self)
{
    (void)rt;
    (void)self;
    log_add("lines %d", dbg_count_prefix("gc: collectable <"));
    return 0;
}

static void debug_collectable_messages(void)
{
    OuroRuntime *rt = rt_new();
    ouro_gc_set_debug(rt, OURO_DEBUG_COLLECTABLE);
    Pair *f = fin_new(rt, "F", hook_count_lines);
    Pair *p = pair_new(rt, "P");
    List *l = list_new(rt, "L");
    set_a(rt, f, OBJ(p));
    set_a(rt, p, OBJ(l));
    list_append(rt, l, OBJ(f));
    OuroWeakRef *w = ouro_weakref_new(rt, OBJ(p), NULL);
    set_b(rt, p, &w->ob);
    ouro_decref(rt, &w->ob);
    Pair *legacy = legacy_new(rt, "legacy");
    set_a(rt, legacy, OBJ(legacy));
    OuroObject *objs[] = {OBJ(f), OBJ(p), OBJ(l), &w->ob};
    const char *names[] = {"fin", "pair", "list", "weakref"};
    for (int i = 0; i < 4; i++)
        CHECK(!has_line("collectable", names[i], objs[i]));
    for (int i = 0; i < 3; i++)
        ouro_decref(rt, objs[i]);
    ouro_decref(rt, OBJ(legacy));
    CHECK_EQ(ouro_gc_collect(rt, 2), 5);
    CHECK_EQ(dbg_count_prefix("gc: collectable <"), 4);
    for (int i = 0; i < 4; i++)
        CHECK(has_line("collectable", names[i], objs[i]));
    CHECK(strstr(dbg_text(), "<weakref 0x") != NULL);
    CHECK_EQ(dbg_count_prefix("gc: uncollectable"), 0);   /* flag not set */
    CHECK_EQ(dbg_count_prefix("gc: collecting"), 0);
    CHECK_EQ(log_index("lines 4"), 1);
    rt_end(rt);
}

/* SAVEALL: every unreachable object goes to the garbage list instead of
 * being freed; finalizers (and weakref callbacks) still run, once. */
static void debug_saveall(void)
{
    OuroRuntime *rt = rt_new();
    ouro_gc_set_debug(rt, OURO_DEBUG_SAVEALL);
    Pair *f1 = fin_new(rt, "F1", NULL), *f2 = fin_new(rt, "F2", NULL);
    Pair *p = pair_new(rt, "P");
    set_a(rt, f1, OBJ(f2));
    set_a(rt, f2, OBJ(f1));
    set_b(rt, f1, OBJ(p));
    OuroWeakRef *w = weakref_cb(rt, OBJ(p), "W", 0);
    OuroObject *objs[] = {OBJ(f1), OBJ(f2), OBJ(p)};
    for (int i = 0; i < 3; i++)
        ouro_decref(rt, objs[i]);
    CHECK_EQ(ouro_gc_collect(rt, 2), 3);
    CHECK_EQ(ouro_gc_garbage_count(rt), 3);
    for (int i = 0; i < 3; i++) {
        int found = 0;
        for (size_t j = 0; j < ouro_gc_garbage_count(rt); j++)
            found += ouro_gc_garbage_get(rt, j) == objs[i];
        CHECK_EQ(found, 1);
        CHECK_EQ(objs[i]->refcnt, 2);   /* one from the cycle, one from the list */
    }
    CHECK(f1->a == OBJ(f2) && f1->b == OBJ(p));   /* not cleared */
    CHECK_EQ(log_count("fin F1"), 1);
    CHECK_EQ(log_count("fin F2"), 1);
    CHECK_EQ(log_count("wrcb W"), 1);
    CHECK_EQ(tlog.n, 3);
    CHECK(ouro_weakref_get(w) == NULL);
    OuroGCStats st[3];
    ouro_gc_get_stats(rt, st);
    CHECK_EQ(st[2].collected, 3);
    CHECK_EQ(st[2].uncollectable, 0);
    /* saved objects are reachable */
    CHECK_EQ(ouro_gc_collect(rt, 2), 0);
    CHECK_EQ(ouro_gc_garbage_count(rt), 3);
    /* emptied, they are garbage again */
    ouro_gc_garbage_clear(rt);
    CHECK_EQ(ouro_gc_garbage_count(rt), 0);
    CHECK_EQ(tlog.n, 3);
    ouro_gc_set_debug(rt, 0);
    CHECK_EQ(ouro_gc_collect(rt, 2), 3);
    CHECK_EQ(log_count("fin F1"), 1);
    CHECK_EQ(log_count("fin F2"), 1);
    CHECK_EQ(log_count("dealloc F1"), 1);
    CHECK_EQ(log_count("dealloc F2"), 1);
    CHECK_EQ(log_count("dealloc P"), 1);
    ouro_decref(rt, &w->ob);
    CHECK_EQ(mem_in_use(rt), 0);

    /* with a legacy finalizer: every object of the uncollectable set saved */
    ouro_gc_set_debug(rt, OURO_DEBUG_SAVEALL);
    Pair *l = legacy_new(rt, "L");
    p = pair_new(rt, "P");
    set_a(rt, l, OBJ(p));
    set_a(rt, p, OBJ(l));
    ouro_decref(rt, OBJ(l));
    ouro_decref(rt, OBJ(p));
    CHECK_EQ(ouro_gc_collect(rt, 2), 2);
    CHECK_EQ(ouro_gc_garbage_count(rt), 2);
    ouro_gc_get_stats(rt, st);
    CHECK_EQ(st[2].uncollectable, 2);
    rt_end(rt);   /* frees the garbage list and what it holds */
}

/* DEBUG_LEAK = COLLECTABLE | UNCOLLECTABLE | SAVEALL. */
static void debug_leak(void)
{
    OuroRuntime *rt = rt_new();
    ouro_gc_set_debug(rt, OURO_DEBUG_LEAK);
    Pair *x = pair_new(rt, "X");
    set_a(rt, x, OBJ(x));
    Pair *l = legacy_new(rt, "L");
    set_a(rt, l, OBJ(l));
    ouro_decref(rt, OBJ(x));
    ouro_decref(rt, OBJ(l));
    CHECK_EQ(ouro_gc_collect(rt, 2), 2);
    CHECK(has_line("collectable", "pair", x));
    CHECK(has_line("uncollectable", "legacy", l));
    CHECK(!has_line("uncollectable", "pair", x));   /* saved, but collectable */
    CHECK(!has_line("collectable", "legacy", l));
    CHECK_EQ(dbg_count_prefix("gc: "), 2);
    CHECK_EQ(ouro_gc_garbage_count(rt), 2);
    CHECK_EQ(tlog.n, 0);
    rt_end(rt);
}

/* The save_garbage hook replaces the core's garbage list. */
static OuroObject *hooked[8];
static int nhooked;

static int hook_save(OuroRuntime *rt, OuroObject *obj)
{
    (void)rt;
    if (nhooked == 8)
        return -1;
    hooked[nhooked++] = ouro_newref(obj);
    return 0;
}

static void debug_save_garbage_hook(void)
{
    OuroRuntime *rt = rt_new();
    nhooked = 0;
    ouro_runtime_hooks(rt)->save_garbage = hook_save;
    Pair *l = legacy_new(rt, "L");
    set_a(rt, l, OBJ(l));
    ouro_decref(rt, OBJ(l));
    CHECK_EQ(ouro_gc_collect(rt, 2), 1);
    CHECK_EQ(ouro_gc_garbage_count(rt), 0);
    CHECK_EQ(nhooked, 1);
    CHECK(hooked[0] == OBJ(l));
    /* a failing hook is reported */
    nhooked = 8;
    Pair *m = legacy_new(rt, "M");
    set_a(rt, m, OBJ(m));
    ouro_decref(rt, OBJ(m));
    CHECK_EQ(ouro_gc_collect(rt, 2), 1);
    CHECK_STREQ(log_joined(), "error saving garbage of M");
    ouro_clearref(rt, &l->a);
    ouro_decref(rt, OBJ(l));
    CHECK_STREQ(log_joined(), "error saving garbage of M, del L, dealloc L");
    rt_end(rt);
}

/* ------------------------------------------------------------------ */
/* The heap checker                                                    */
/* ------------------------------------------------------------------ */

static OuroObject *rooted;

static int visit_rooted(OuroRuntime *rt, OuroVisitFn visit, void *arg, void *ctx)
{
    (void)rt;
    (void)ctx;
    return rooted != NULL ? visit(rooted, arg) : 0;
}

/* A traverse that misses a reference is caught, and the message names the
 * object whose reference nothing explains; the correct type passes. */
static void heapcheck_missing_traverse(void)
{
    OuroRuntime *rt = rt_new();
    Pair *good = pair_new(rt, "good");
    Pair *q = pair_new(rt, "q");
    set_b(rt, good, OBJ(q));
    ouro_decref(rt, OBJ(q));
    OuroHandle *h = ouro_handle_new(rt, OBJ(good), "test");
    ouro_decref(rt, OBJ(good));
    CHECK_EQ(ouro_heap_check(rt, OURO_CHECK_ROOTS), 0);
    CHECK_STREQ(dbg_text(), "");

    Pair *bad = pair_new_of(rt, &badpair_type, "bad");
    Pair *r = pair_new(rt, "r");
    set_b(rt, bad, OBJ(r));
    ouro_decref(rt, OBJ(r));
    OuroHandle *hb = ouro_handle_new(rt, OBJ(bad), "test");
    ouro_decref(rt, OBJ(bad));
    CHECK_EQ(ouro_heap_check(rt, 0), 0);   /* the structures are fine */
    CHECK_EQ(ouro_heap_check(rt, OURO_CHECK_ROOTS), 1);
    char want[160];
    snprintf(want, sizeof want,
             "heapcheck: <pair %p> has 1 reference(s) that no traverse slot or root explains\n",
             (void *)r);
    CHECK_STREQ(dbg_text(), want);
    /* the checker leaves the lists intact */
    CHECK_EQ(ouro_heap_check(rt, 0), 0);
    CHECK_EQ(ouro_gc_collect(rt, 2), 0);
    ouro_handle_release(rt, hb);

    /* a reference held from C is unexplained until a root reports it */
    dbg_reset();
    Pair *c = pair_new(rt, "c");
    CHECK_EQ(ouro_heap_check(rt, OURO_CHECK_ROOTS), 1);
    CHECK(strstr(dbg_text(), "that no traverse slot or root explains") != NULL);
    rooted = OBJ(c);
    CHECK_EQ(ouro_root_add(rt, visit_rooted, NULL), 0);
    CHECK_EQ(ouro_heap_check(rt, OURO_CHECK_ROOTS), 0);
    CHECK_EQ(ouro_root_remove(rt, visit_rooted, NULL), 0);
    CHECK_EQ(ouro_root_remove(rt, visit_rooted, NULL), -1);
    CHECK_EQ(ouro_heap_check(rt, OURO_CHECK_ROOTS), 1);
    rooted = NULL;
    ouro_decref(rt, OBJ(c));
    ouro_handle_release(rt, h);
    CHECK_EQ(ouro_heap_check(rt, OURO_CHECK_ROOTS), 0);
    CHECK_EQ(mem_in_use(rt), 0);   /* removing the last root frees its table */
    rt_end(rt);
}

/* The core's own garbage list explains the references it holds. */
static void heapcheck_garbage_list(void)
{
    OuroRuntime *rt = rt_new();
    Pair *l = legacy_new(rt, "L"), *p = pair_new(rt, "P");
    set_a(rt, l, OBJ(p));
    set_a(rt, p, OBJ(l));
    ouro_decref(rt, OBJ(l));
    ouro_decref(rt, OBJ(p));
    CHECK_EQ(ouro_gc_collect(rt, 2), 2);
    CHECK_EQ(ouro_gc_garbage_count(rt), 1);
    CHECK_EQ(ouro_heap_check(rt, OURO_CHECK_ROOTS), 0);
    CHECK_STREQ(dbg_text(), "");
    /* and under SAVEALL, for every object saved */
    ouro_gc_set_debug(rt, OURO_DEBUG_SAVEALL);
    make_self_cycle(rt);
    CHECK_EQ(ouro_gc_collect(rt, 2), 1);
    CHECK_EQ(ouro_gc_garbage_count(rt), 2);
    CHECK_EQ(ouro_heap_check(rt, OURO_CHECK_ROOTS), 0);
    CHECK_STREQ(dbg_text(), "");
    rt_end(rt);
}

/* A traverse that visits a reference twice is reported too. */
static int twice_traverse(OuroObject *self, OuroVisitFn visit, void *arg)
{
    Pair *p = (Pair *)self;
    int r = pair_traverse(self, visit, arg);
    return r == 0 && p->a != NULL ? visit(p->a, arg) : r;
}

static const OuroType twice_type = {
    .name = "twice",
    .basic_size = sizeof(Pair),
    .flags = OURO_TYPE_GC,
    .dealloc = pair_dealloc,
    .traverse = twice_traverse,
    .clear = pair_clear,
};

static int hook_heapcheck(OuroRuntime *rt, Pair *self)
{
    (void)self;
    log_add("heapcheck %lld", (long long)ouro_heap_check(rt, OURO_CHECK_ROOTS));
    return 0;
}

static void heapcheck_over_visit_and_busy(void)
{
    OuroRuntime *rt = rt_new();
    Pair *t = pair_new_of(rt, &twice_type, "t");
    Pair *q = pair_new(rt, "q");
    set_a(rt, t, OBJ(q));
    ouro_decref(rt, OBJ(q));
    OuroHandle *h = ouro_handle_new(rt, OBJ(t), "test");
    ouro_decref(rt, OBJ(t));
    CHECK_EQ(ouro_heap_check(rt, OURO_CHECK_ROOTS), 1);
    char want[128];
    snprintf(want, sizeof want,
             "heapcheck: <pair %p> has 1 reference(s) too many visited by traverse slots and "
             "roots\n",
             (void *)q);
    CHECK_STREQ(dbg_text(), want);
    ouro_handle_release(rt, h);
    CHECK_STREQ(log_joined(), "dealloc t, dealloc q");
    log_reset();
    dbg_reset();
    /* not during a collection */
    Pair *f = fin_new(rt, "F", hook_heapcheck);
    set_a(rt, f, OBJ(f));
    ouro_decref(rt, OBJ(f));
    CHECK_EQ(ouro_gc_collect(rt, 2), 1);
    CHECK_STREQ(log_joined(), "fin F, heapcheck 1, dealloc F");
    CHECK_STREQ(dbg_text(), "heapcheck: not run: a collection is running\n");
    rt_end(rt);
}

int main(void)
{
    RUN(debug_flags);
    RUN(debug_stats_messages);
    RUN(debug_collectable_messages);
    RUN(debug_saveall);
    RUN(debug_leak);
    RUN(debug_save_garbage_hook);
    RUN(heapcheck_missing_traverse);
    RUN(heapcheck_garbage_list);
    RUN(heapcheck_over_visit_and_busy);
    return check_exit();
}
