/* test_smoke.c - a first pass over the core: a pair type, a cycle, a
 * weakref with a C callback, a handle. The detailed tests live beside it. */
#include "check.h"

typedef struct Pair {
    OuroObject ob;
    OuroObject *a, *b;
    OuroWeakRef *weaklist;
} Pair;

static int pair_traverse(OuroObject *self, OuroVisitFn visit, void *arg)
{
    Pair *p = (Pair *)self;
    int r = p->a ? visit(p->a, arg) : 0;
    if (r == 0 && p->b)
        r = visit(p->b, arg);
    return r;
}

static int pair_clear(OuroRuntime *rt, OuroObject *self)
{
    Pair *p = (Pair *)self;
    ouro_clearref(rt, &p->a);
    ouro_clearref(rt, &p->b);
    return 0;
}

static const OuroType pair_type = {
    .name = "pair",
    .basic_size = sizeof(Pair),
    .flags = OURO_TYPE_GC | OURO_TYPE_WEAKREFABLE,
    .weaklist_offset = offsetof(Pair, weaklist),
    .traverse = pair_traverse,
    .clear = pair_clear,
};

static Pair *pair_new(OuroRuntime *rt)
{
    Pair *p = (Pair *)ouro_new(rt, &pair_type);
    if (p != NULL)
        ouro_gc_track(rt, &p->ob);
    return p;
}

static int called;

static int on_dead(OuroRuntime *rt, OuroWeakRef *wr, void *ctx)
{
    (void)rt;
    (void)ctx;
    CHECK(ouro_weakref_get(wr) == NULL);
    called++;
    return 0;
}

static void smoke_cycle(void)
{
    OuroRuntime *rt = ouro_runtime_new(NULL);
    CHECK(rt != NULL);
    Pair *x = pair_new(rt), *y = pair_new(rt);
    x->a = ouro_newref(&y->ob);
    y->a = ouro_newref(&x->ob);
    OuroObject *cb = ouro_ccallback_new(rt, on_dead, NULL);
    OuroWeakRef *wr = ouro_weakref_new(rt, &x->ob, cb);
    ouro_decref(rt, cb);
    CHECK(ouro_weakref_get(wr) == &x->ob);
    ouro_decref(rt, &x->ob);
    ouro_decref(rt, &y->ob);
    CHECK_EQ(ouro_gc_collect(rt, 2), 2);
    CHECK_EQ(called, 1);
    CHECK(ouro_weakref_get(wr) == NULL);
    ouro_decref(rt, &wr->ob);
    CHECK_EQ(ouro_gc_collect(rt, 2), 0);
    CHECK_EQ(ouro_heap_check(rt, OURO_CHECK_ROOTS), 0);
    OuroMemStats st;
    ouro_mem_stats(rt, &st);
    CHECK_EQ(st.bytes_in_use, 0);
    ouro_runtime_destroy(rt);
}

static void smoke_handle(void)
{
    OuroRuntime *rt = ouro_runtime_new(NULL);
    Pair *x = pair_new(rt);
    OuroHandle *h = ouro_handle_new(rt, &x->ob, "smoke");
    ouro_decref(rt, &x->ob);
    x->a = ouro_newref(&x->ob);   /* a self-cycle held by a handle */
    CHECK_EQ(ouro_gc_collect(rt, 2), 0);
    CHECK_EQ(ouro_heap_check(rt, OURO_CHECK_ROOTS), 0);
    ouro_handle_release(rt, h);
    CHECK_EQ(ouro_gc_collect(rt, 2), 1);
    ouro_runtime_destroy(rt);
}

int main(void)
{
    RUN(smoke_cycle);
    RUN(smoke_handle);
    return check_exit();
}
