/*
 * test_recycle.c - free lists on the core: a type's recycle slot keeps dead
 * blocks, ouro_object_revive brings one back, ouro_object_free gives one
 * back, and the clear_free_lists hook runs at the end of every collection
 * of the oldest generation (CPython 3.11's free lists, which neither count
 * towards the collector's threshold when reused nor when kept).
 */
#include "check.h"

typedef struct Pair {
    OuroObject ob;
    OuroObject *a, *b;
} Pair;

enum { KEEP_MAX = 3 };

/* The free list: blocks linked through `a`, at most KEEP_MAX. */
static Pair *kept;
static int nkept, nclears, off;

static int pair_traverse(OuroObject *self, OuroVisitFn visit, void *arg)
{
    Pair *p = (Pair *)self;
    if (p->a != NULL && visit(p->a, arg) != 0)
        return 1;
    return p->b != NULL ? visit(p->b, arg) : 0;
}

static void pair_dealloc(OuroRuntime *rt, OuroObject *self)
{
    Pair *p = (Pair *)self;
    ouro_clearref(rt, &p->b);
    ouro_clearref(rt, &p->a);
}

static int pair_clear(OuroRuntime *rt, OuroObject *self)
{
    pair_dealloc(rt, self);
    return 0;
}

static int pair_recycle(OuroRuntime *rt, OuroObject *self)
{
    (void)rt;
    if (off || nkept >= KEEP_MAX)
        return 0;
    Pair *p = (Pair *)self;
    CHECK(p->a == NULL && p->b == NULL && self->refcnt == 0);
    CHECK(!ouro_gc_is_tracked(self));
    p->a = (OuroObject *)kept;
    kept = p;
    nkept++;
    return 1;
}

static const OuroType pair_type = {
    .name = "pair", .basic_size = sizeof(Pair), .flags = OURO_TYPE_GC,
    .traverse = pair_traverse, .dealloc = pair_dealloc, .clear = pair_clear,
    .recycle = pair_recycle,
};

static void clear_kept(OuroRuntime *rt)
{
    nclears++;
    while (kept != NULL) {
        Pair *p = kept;
        kept = (Pair *)p->a;
        p->a = NULL;
        ouro_object_free(rt, &p->ob);
        nkept--;
    }
}

/* A pair from the free list, else a new one; tracked. */
static Pair *pair_new(OuroRuntime *rt)
{
    Pair *p;
    if (kept != NULL) {
        p = kept;
        kept = (Pair *)p->a;
        nkept--;
        p->a = NULL;
        ouro_object_revive(rt, &p->ob);
    } else {
        p = (Pair *)ouro_new(rt, &pair_type);
        CHECK(p != NULL);
    }
    ouro_gc_track(rt, &p->ob);
    return p;
}

static size_t in_use(OuroRuntime *rt)
{
    OuroMemStats st;
    ouro_mem_stats(rt, &st);
    return st.bytes_in_use;
}

static intptr_t young_count(OuroRuntime *rt)
{
    intptr_t c[OURO_GC_GENERATIONS];
    ouro_gc_get_count(rt, c);
    return c[0];
}

static OuroRuntime *fresh(void)
{
    kept = NULL;
    nkept = nclears = off = 0;
    OuroRuntime *rt = ouro_runtime_new(NULL);
    ouro_runtime_hooks(rt)->clear_free_lists = clear_kept;
    return rt;
}

static void kept_blocks_are_reused_uncounted(void)
{
    OuroRuntime *rt = fresh();
    ouro_gc_disable(rt);
    size_t base = in_use(rt);
    intptr_t count0 = young_count(rt);
    Pair *p[5];
    for (int i = 0; i < 5; i++)
        p[i] = pair_new(rt);
    CHECK_EQ(young_count(rt) - count0, 5);
    size_t five = in_use(rt) - base;
    for (int i = 0; i < 5; i++)
        ouro_decref(rt, &p[i]->ob);
    /* Three kept (neither freed nor uncounted), two freed (uncounted). */
    CHECK_EQ(nkept, KEEP_MAX);
    CHECK_EQ(in_use(rt) - base, five / 5 * 3);
    CHECK_EQ(young_count(rt) - count0, 3);
    /* Reuse: no allocation, no count; the object is alive and fresh. */
    Pair *q = pair_new(rt);
    CHECK_EQ(nkept, 2);
    CHECK_EQ(young_count(rt) - count0, 3);
    CHECK_EQ(q->ob.refcnt, 1);
    CHECK(ouro_gc_is_tracked(&q->ob));
    CHECK(q->a == NULL && q->b == NULL);
    q->a = &pair_new(rt)->ob;         /* the last kept one */
    CHECK_EQ(nkept, 1);
    ouro_decref(rt, &q->ob);          /* both go back */
    CHECK_EQ(nkept, KEEP_MAX);
    /* Giving them back counts as frees. */
    clear_kept(rt);
    CHECK_EQ(nkept, 0);
    CHECK_EQ(in_use(rt), base);
    CHECK_EQ(young_count(rt), count0 > 0 ? count0 : 0);
    ouro_runtime_destroy(rt);
}

static void full_collections_clear_the_lists(void)
{
    OuroRuntime *rt = fresh();
    ouro_gc_disable(rt);
    size_t base = in_use(rt);
    Pair *p = pair_new(rt);
    ouro_decref(rt, &p->ob);
    CHECK_EQ(nkept, 1);
    ouro_gc_collect(rt, 0);
    ouro_gc_collect(rt, 1);
    CHECK_EQ(nclears, 0);
    CHECK_EQ(nkept, 1);
    ouro_gc_collect(rt, OURO_GC_GENERATIONS - 1);
    CHECK_EQ(nclears, 1);
    CHECK_EQ(nkept, 0);
    CHECK_EQ(in_use(rt), base);
    ouro_runtime_destroy(rt);
}

/* Cyclic garbage is freed through the same slot: the collector's clear
 * breaks the cycle, the refcount death recycles the blocks. */
static void cyclic_garbage_is_recycled(void)
{
    OuroRuntime *rt = fresh();
    ouro_gc_disable(rt);
    size_t base = in_use(rt);
    Pair *a = pair_new(rt), *b = pair_new(rt);
    a->a = ouro_newref(&b->ob);
    b->a = ouro_newref(&a->ob);
    ouro_decref(rt, &a->ob);
    ouro_decref(rt, &b->ob);
    CHECK_EQ(ouro_gc_collect(rt, 0), 2);
    CHECK_EQ(nkept, 2);
    off = 1;                          /* as at teardown: free, keep nothing */
    clear_kept(rt);
    Pair *c = pair_new(rt);
    ouro_decref(rt, &c->ob);
    CHECK_EQ(nkept, 0);
    CHECK_EQ(in_use(rt), base);
    ouro_runtime_destroy(rt);
}

int main(void)
{
    RUN(kept_blocks_are_reused_uncounted);
    RUN(full_collections_clear_the_lists);
    RUN(cyclic_garbage_is_recycled);
    return check_exit();
}
