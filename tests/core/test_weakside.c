/*
 * test_weakside.c - weak references to objects of an OURO_TYPE_WEAKLIST_SIDE
 * type, whose list heads live in the runtime's side table instead of a
 * field: lists and their order, clearing and callbacks on refcount death
 * and in cyclic garbage, resurrection, finalizers and legacy finalizers that
 * make weak references, the deferred-deallocation queue, many objects (the
 * table grows and shrinks), objects dying while callbacks make the table
 * grow, allocation failures, and the memory account (an empty table holds
 * no bytes).
 */
#include "types.h"

/* A GC node with two owned references and no weak reference field. */
typedef struct SNode {
    OuroObject ob;
    OuroObject *a, *b;
    const char *name;
    int (*hook)(OuroRuntime *rt, struct SNode *self);   /* run by finalizers */
    void *ctx;
} SNode;

static int snode_traverse(OuroObject *self, OuroVisitFn visit, void *arg)
{
    SNode *n = (SNode *)self;
    int r = n->a != NULL ? visit(n->a, arg) : 0;
    if (r == 0 && n->b != NULL)
        r = visit(n->b, arg);
    return r;
}

static int snode_clear(OuroRuntime *rt, OuroObject *self)
{
    SNode *n = (SNode *)self;
    ouro_clearref(rt, &n->a);
    ouro_clearref(rt, &n->b);
    return 0;
}

static void snode_dealloc(OuroRuntime *rt, OuroObject *self)
{
    SNode *n = (SNode *)self;
    if (n->name != NULL)
        log_add("dealloc %s", n->name);
    snode_clear(rt, self);
}

static int snode_finalize(OuroRuntime *rt, OuroObject *self)
{
    SNode *n = (SNode *)self;
    if (n->name != NULL)
        log_add("fin %s", n->name);
    return n->hook != NULL ? n->hook(rt, n) : 0;
}

static int snode_del(OuroRuntime *rt, OuroObject *self)
{
    SNode *n = (SNode *)self;
    if (n->name != NULL)
        log_add("del %s", n->name);
    return n->hook != NULL ? n->hook(rt, n) : 0;
}

#define SNODE_LAYOUT                                                                 \
    .basic_size = sizeof(SNode),                                                     \
    .flags = OURO_TYPE_GC | OURO_TYPE_WEAKREFABLE | OURO_TYPE_WEAKLIST_SIDE,         \
    .dealloc = snode_dealloc, .traverse = snode_traverse, .clear = snode_clear

static const OuroType snode_type = {.name = "snode", SNODE_LAYOUT};
static const OuroType sfin_type = {.name = "sfin", SNODE_LAYOUT, .finalize = snode_finalize};
static const OuroType sdel_type = {.name = "sdel", SNODE_LAYOUT, .legacy_del = snode_del};

/* The flag without OURO_TYPE_GC: not weak-referenceable. */
static const OuroType sleaf_type = {
    .name = "sleaf",
    .basic_size = sizeof(OuroObject),
    .flags = OURO_TYPE_WEAKREFABLE | OURO_TYPE_WEAKLIST_SIDE,
};

static SNode *snode_new_of(OuroRuntime *rt, const OuroType *type, const char *name)
{
    SNode *n = (SNode *)ouro_new(rt, type);
    if (n == NULL)
        return NULL;
    n->name = name;
    ouro_gc_track(rt, &n->ob);
    return n;
}

static SNode *snode_new(OuroRuntime *rt, const char *name)
{
    return snode_new_of(rt, &snode_type, name);
}

static void sset_a(OuroRuntime *rt, SNode *n, OuroObject *obj)
{
    ouro_setref(rt, &n->a, obj != NULL ? ouro_newref(obj) : NULL);
}

static size_t side_count(OuroRuntime *rt)
{
    return ouro_weakref_side_count(rt, NULL);
}

static size_t side_bytes(OuroRuntime *rt)
{
    size_t bytes;
    ouro_weakref_side_count(rt, &bytes);
    return bytes;
}

/* Whether obj's list is well formed: every weakref on it names obj, the
 * prev links mirror the next links, and it has n entries. */
static int list_ok(OuroRuntime *rt, OuroObject *obj, size_t n)
{
    size_t k = 0;
    OuroWeakRef *prev = NULL;
    for (OuroWeakRef *wr = ouro_weakref_list(rt, obj); wr != NULL; wr = wr->next) {
        if (wr->referent != obj || wr->prev != prev)
            return 0;
        prev = wr;
        k++;
    }
    return k == n;
}

/* Deterministic pseudo-random numbers (xorshift). */
static uint64_t rng_state = 88172645463325252ull;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* ------------------------------------------------------------------ */

static void side_basic(void)
{
    OuroRuntime *rt = rt_new();
    CHECK(ouro_type_is_weakrefable(&snode_type));
    CHECK(!ouro_type_is_weakrefable(&sleaf_type));
    OuroObject *leaf = ouro_new(rt, &sleaf_type);
    CHECK(ouro_weakref_new(rt, leaf, NULL) == NULL);
    CHECK(ouro_weakref_list(rt, leaf) == NULL);
    ouro_decref(rt, leaf);
    CHECK_EQ(mem_in_use(rt), 0);

    SNode *x = snode_new(rt, "X");
    CHECK(ouro_weakref_list(rt, OBJ(x)) == NULL);
    CHECK_EQ(side_count(rt), 0);
    CHECK_EQ(side_bytes(rt), 0);
    size_t before = mem_in_use(rt);
    OuroWeakRef *w1 = ouro_weakref_new(rt, OBJ(x), NULL);
    OuroWeakRef *w2 = ouro_weakref_new(rt, OBJ(x), NULL);
    OuroWeakRef *w3 = ouro_weakref_new(rt, OBJ(x), NULL);
    CHECK(w1 != NULL && w2 != NULL && w3 != NULL);
    CHECK_EQ(side_count(rt), 1);
    CHECK(side_bytes(rt) > 0);
    /* The table is accounted: three weakrefs and the table. */
    CHECK_EQ(mem_in_use(rt) - before, 3 * ouro_object_size(&w1->ob) + side_bytes(rt));
    CHECK_EQ(ouro_weakref_count(rt, OBJ(x)), 3);
    CHECK(ouro_weakref_list(rt, OBJ(x)) == w3 && w3->next == w2 && w2->next == w1);
    CHECK(list_ok(rt, OBJ(x), 3));
    CHECK(ouro_weakref_get(w1) == OBJ(x));

    /* Freeing the head moves the table's head; the middle and the last. */
    ouro_decref(rt, &w3->ob);
    CHECK(ouro_weakref_list(rt, OBJ(x)) == w2 && list_ok(rt, OBJ(x), 2));
    ouro_decref(rt, &w1->ob);
    CHECK(ouro_weakref_list(rt, OBJ(x)) == w2 && list_ok(rt, OBJ(x), 1));
    ouro_decref(rt, &w2->ob);
    CHECK(ouro_weakref_list(rt, OBJ(x)) == NULL);
    CHECK_EQ(side_count(rt), 0);
    CHECK_EQ(side_bytes(rt), 0);
    CHECK_EQ(mem_in_use(rt), before);

    /* Again, then the object dies: nothing left behind. */
    w1 = ouro_weakref_new(rt, OBJ(x), NULL);
    CHECK_EQ(side_count(rt), 1);
    ouro_decref(rt, OBJ(x));
    CHECK_STREQ(log_joined(), "dealloc X");
    CHECK(ouro_weakref_get(w1) == NULL && w1->referent == NULL);
    CHECK_EQ(side_count(rt), 0);
    ouro_decref(rt, &w1->ob);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* ouro_weakref_init_after links behind a given weakref; after == NULL is
 * the head, which for an object without weak references makes its entry. */
typedef struct SRef {
    OuroWeakRef wr;
    const char *name;
} SRef;

static int sref_traverse(OuroObject *self, OuroVisitFn visit, void *arg)
{
    return ouro_weakref_traverse((OuroWeakRef *)self, visit, arg);
}

static void sref_dealloc(OuroRuntime *rt, OuroObject *self)
{
    ouro_weakref_fini(rt, (OuroWeakRef *)self);
}

static int sref_clear(OuroRuntime *rt, OuroObject *self)
{
    ouro_weakref_fini(rt, (OuroWeakRef *)self);
    return 0;
}

static const OuroType sref_type = {
    .name = "sref",
    .basic_size = sizeof(SRef),
    .flags = OURO_TYPE_GC | OURO_TYPE_WEAKREF,
    .dealloc = sref_dealloc,
    .traverse = sref_traverse,
    .clear = sref_clear,
};

static SRef *sref_new(OuroRuntime *rt, OuroObject *referent, OuroWeakRef *after)
{
    SRef *r = (SRef *)ouro_new(rt, &sref_type);
    CHECK(r != NULL);
    CHECK_EQ(ouro_weakref_init_after(rt, &r->wr, referent, NULL, after), 0);
    ouro_gc_track(rt, &r->wr.ob);
    return r;
}

static void side_init_after(void)
{
    OuroRuntime *rt = rt_new();
    SNode *x = snode_new(rt, "X");
    SRef *a = sref_new(rt, OBJ(x), NULL);            /* a */
    SRef *b = sref_new(rt, OBJ(x), &a->wr);          /* a b */
    SRef *c = sref_new(rt, OBJ(x), &a->wr);          /* a c b */
    SRef *d = sref_new(rt, OBJ(x), NULL);            /* d a c b */
    SRef *e = sref_new(rt, OBJ(x), &b->wr);          /* d a c b e */
    OuroWeakRef *want[] = {&d->wr, &a->wr, &c->wr, &b->wr, &e->wr};
    OuroWeakRef *wr = ouro_weakref_list(rt, OBJ(x));
    for (int i = 0; i < 5; i++, wr = wr != NULL ? wr->next : NULL)
        CHECK(wr == want[i]);
    CHECK(wr == NULL && list_ok(rt, OBJ(x), 5));
    /* The same on a fielded type. */
    Pair *p = pair_new(rt, "P");
    SRef *f = sref_new(rt, OBJ(p), NULL);
    SRef *g = sref_new(rt, OBJ(p), &f->wr);
    CHECK(ouro_weakref_list(rt, OBJ(p)) == &f->wr && f->wr.next == &g->wr);
    ouro_decref(rt, OBJ(x));
    ouro_decref(rt, OBJ(p));
    CHECK_EQ(side_count(rt), 0);
    SRef *all[] = {a, b, c, d, e, f, g};
    for (int i = 0; i < 7; i++) {
        CHECK(all[i]->wr.referent == NULL);
        ouro_decref(rt, &all[i]->wr.ob);
    }
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* Refcount death: every weakref cleared, the callbacks run newest first
 * and see them dead, then the fields go. */
static void side_refcount_callbacks(void)
{
    OuroRuntime *rt = rt_new();
    SNode *x = snode_new(rt, "X");
    OuroWeakRef *w1 = weakref_cb(rt, OBJ(x), "W1", 0);
    OuroWeakRef *plain = ouro_weakref_new(rt, OBJ(x), NULL);
    OuroWeakRef *w2 = weakref_cb(rt, OBJ(x), "W2", 0);
    OuroWeakRef *w3 = weakref_cb(rt, OBJ(x), "W3", 1);
    ouro_decref(rt, OBJ(x));
    CHECK_STREQ(log_joined(), "wrcb W3, error weakref callback ccallback, wrcb W2, wrcb W1, "
                              "dealloc X");
    CHECK(ouro_weakref_get(plain) == NULL && plain->referent == NULL);
    CHECK_EQ(side_count(rt), 0);
    ouro_decref(rt, &w1->ob);
    ouro_decref(rt, &w2->ob);
    ouro_decref(rt, &w3->ob);
    ouro_decref(rt, &plain->ob);
    CHECK_EQ(mem_in_use(rt), 0);

    /* ouro_weakref_clear_all on a live object. */
    log_reset();
    x = snode_new(rt, "Y");
    w1 = weakref_cb(rt, OBJ(x), "W1", 0);
    ouro_weakref_clear_all(rt, OBJ(x));
    CHECK_STREQ(log_joined(), "wrcb W1");
    CHECK_EQ(side_count(rt), 0);
    CHECK(ouro_weakref_list(rt, OBJ(x)) == NULL);
    ouro_decref(rt, OBJ(x));
    ouro_decref(rt, &w1->ob);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* Cyclic garbage: weakrefs to unreachable objects are cleared and called
 * back; a weakref that is itself garbage is cleared without its callback;
 * objects keep their table entries while they move through generations. */
static void side_cyclic_garbage(void)
{
    OuroRuntime *rt = rt_new();
    SNode *a = snode_new(rt, "A"), *b = snode_new(rt, "B");
    sset_a(rt, a, OBJ(b));
    sset_a(rt, b, OBJ(a));
    OuroWeakRef *wa = weakref_cb(rt, OBJ(a), "WA", 0);
    OuroWeakRef *wb = weakref_cb(rt, OBJ(b), "WB", 0);
    OuroWeakRef *inner = weakref_cb(rt, OBJ(a), "INNER", 0);
    b->b = &inner->ob;   /* steals: the weakref is part of the garbage */
    CHECK_EQ(side_count(rt), 2);
    /* Survive collections of every generation (the header bit must
     * survive gc_refs in the prev word and the relabelling). */
    CHECK_EQ(ouro_gc_collect(rt, 0), 0);
    CHECK_EQ(ouro_gc_collect(rt, 1), 0);
    CHECK_EQ(ouro_gc_collect(rt, 2), 0);
    CHECK(list_ok(rt, OBJ(a), 2) && list_ok(rt, OBJ(b), 1));
    ouro_gc_untrack(rt, OBJ(a));
    ouro_gc_track(rt, OBJ(a));
    CHECK(list_ok(rt, OBJ(a), 2));
    ouro_decref(rt, OBJ(a));
    ouro_decref(rt, OBJ(b));
    CHECK_EQ(ouro_gc_collect(rt, 2), 3);
    CHECK_EQ(log_count("wrcb INNER"), 0);
    CHECK_EQ(log_count("wrcb WA"), 1);
    CHECK_EQ(log_count("wrcb WB"), 1);
    CHECK(log_index("wrcb WA") < log_index("dealloc A"));
    CHECK(ouro_weakref_get(wa) == NULL && ouro_weakref_get(wb) == NULL);
    CHECK_EQ(side_count(rt), 0);
    ouro_decref(rt, &wa->ob);
    ouro_decref(rt, &wb->ob);
    CHECK_EQ(mem_in_use(rt), 0);

    /* A weakref in the garbage to an object that lives on: cleared, no
     * callback, and the survivor's entry goes with it. */
    log_reset();
    SNode *r = snode_new(rt, "R");
    a = snode_new(rt, "A");
    sset_a(rt, a, OBJ(a));
    OuroWeakRef *w = weakref_cb(rt, OBJ(r), "W", 0);
    a->b = &w->ob;
    ouro_decref(rt, OBJ(a));
    CHECK_EQ(side_count(rt), 1);
    CHECK_EQ(ouro_gc_collect(rt, 2), 2);
    CHECK_STREQ(log_joined(), "dealloc A");
    CHECK_EQ(side_count(rt), 0);
    CHECK(ouro_weakref_list(rt, OBJ(r)) == NULL);
    ouro_decref(rt, OBJ(r));
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

static int shook_resurrect(OuroRuntime *rt, SNode *self)
{
    (void)rt;
    save_ref(&self->ob);
    return 0;
}

static int shook_weakref_self(OuroRuntime *rt, SNode *self)
{
    OuroWeakRef *wr = weakref_cb(rt, &self->ob, "self", 0);
    if (wr == NULL)
        return -1;
    save_ref(&wr->ob);
    ouro_decref(rt, &wr->ob);
    return 0;
}

/* Resurrection. In a collection the weakrefs are cleared before the
 * finalizer runs (dead for good, PEP 442); on refcount death the
 * finalizer runs first, so the resurrected object keeps its weakrefs (and
 * its table entry, through the untrack and re-track around the call). */
static void side_resurrection(void)
{
    OuroRuntime *rt = rt_new();
    SNode *f = snode_new_of(rt, &sfin_type, "F");
    f->hook = shook_resurrect;
    sset_a(rt, f, OBJ(f));
    OuroWeakRef *w = weakref_cb(rt, OBJ(f), "W", 0);
    ouro_decref(rt, OBJ(f));
    CHECK_EQ(ouro_gc_collect(rt, 2), 0);
    CHECK_STREQ(log_joined(), "wrcb W, fin F");
    CHECK(ouro_weakref_get(w) == NULL);
    CHECK_EQ(side_count(rt), 0);
    OuroWeakRef *w2 = weakref_cb(rt, OBJ(f), "W2", 0);   /* a new entry */
    CHECK_EQ(side_count(rt), 1);
    saved_release(rt);
    CHECK_EQ(ouro_gc_collect(rt, 2), 1);
    CHECK_STREQ(log_joined(), "wrcb W, fin F, wrcb W2, dealloc F");
    CHECK_EQ(side_count(rt), 0);
    ouro_decref(rt, &w->ob);
    ouro_decref(rt, &w2->ob);
    CHECK_EQ(mem_in_use(rt), 0);

    log_reset();
    f = snode_new_of(rt, &sfin_type, "G");
    f->hook = shook_resurrect;
    w = weakref_cb(rt, OBJ(f), "W", 0);
    ouro_decref(rt, OBJ(f));               /* resurrected by its finalizer */
    CHECK_STREQ(log_joined(), "fin G");
    CHECK(ouro_weakref_get(w) == OBJ(f));
    CHECK(list_ok(rt, OBJ(f), 1));
    CHECK_EQ(side_count(rt), 1);
    CHECK(ouro_gc_is_tracked(OBJ(f)));
    saved_release(rt);                     /* finalized already: dies now */
    CHECK_STREQ(log_joined(), "fin G, wrcb W, dealloc G");
    CHECK_EQ(side_count(rt), 0);
    ouro_decref(rt, &w->ob);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* A finalizer that makes a weak reference to its own object: the entry is
 * made during deallocation, and cleared (with the callback) before the
 * memory goes. A legacy finalizer doing the same: cleared without a
 * callback. A legacy finalizer in cyclic garbage: uncollectable, its
 * weakrefs untouched. */
static void side_finalizers(void)
{
    OuroRuntime *rt = rt_new();
    SNode *f = snode_new_of(rt, &sfin_type, "F");
    f->hook = shook_weakref_self;
    ouro_decref(rt, OBJ(f));
    CHECK_STREQ(log_joined(), "fin F, wrcb self, dealloc F");
    CHECK_EQ(side_count(rt), 0);
    saved_release(rt);
    CHECK_EQ(mem_in_use(rt), 0);

    log_reset();
    f = snode_new_of(rt, &sfin_type, "G");
    f->hook = shook_weakref_self;
    sset_a(rt, f, OBJ(f));
    ouro_decref(rt, OBJ(f));
    CHECK_EQ(ouro_gc_collect(rt, 2), 1);
    CHECK_STREQ(log_joined(), "fin G, wrcb self, dealloc G");
    CHECK_EQ(side_count(rt), 0);
    saved_release(rt);
    CHECK_EQ(mem_in_use(rt), 0);

    log_reset();
    SNode *d = snode_new_of(rt, &sdel_type, "D");
    d->hook = shook_weakref_self;
    ouro_decref(rt, OBJ(d));
    CHECK_STREQ(log_joined(), "del D, dealloc D");
    CHECK_EQ(saved.n, 1);
    CHECK(((OuroWeakRef *)saved.obj[0])->referent == NULL);
    CHECK_EQ(side_count(rt), 0);
    saved_release(rt);
    CHECK_EQ(mem_in_use(rt), 0);

    log_reset();
    d = snode_new_of(rt, &sdel_type, "E");
    sset_a(rt, d, OBJ(d));
    OuroWeakRef *w = weakref_cb(rt, OBJ(d), "W", 0);
    ouro_decref(rt, OBJ(d));
    CHECK_EQ(ouro_gc_collect(rt, 2), 1);    /* uncollectable */
    CHECK_EQ(ouro_gc_garbage_count(rt), 1);
    CHECK(ouro_weakref_get(w) == OBJ(d));
    CHECK(list_ok(rt, OBJ(d), 1));
    ouro_clearref(rt, &d->a);               /* break the cycle */
    ouro_gc_garbage_clear(rt);
    CHECK_STREQ(log_joined(), "wrcb W, del E, dealloc E");
    CHECK_EQ(side_count(rt), 0);
    ouro_decref(rt, &w->ob);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* A chain far deeper than the deallocation depth limit: the deferred
 * objects keep their entries while they wait, read dead, and are cleared
 * (with callbacks) when their turn comes. */
static int count_cb(OuroRuntime *rt, OuroWeakRef *wr, void *ctx)
{
    (void)rt;
    CHECK(ouro_weakref_get(wr) == NULL);
    ++*(long *)ctx;
    return 0;
}

static void side_deferred_chain(void)
{
    OuroRuntime *rt = rt_new();
    enum { N = 1000 };
    long calls = 0;
    OuroObject *cb = ouro_ccallback_new(rt, count_cb, &calls);
    OuroWeakRef *wrs[N];
    SNode *head = NULL;
    for (int i = 0; i < N; i++) {
        SNode *n = snode_new(rt, NULL);
        n->a = head != NULL ? &head->ob : NULL;   /* takes over head */
        head = n;
        wrs[i] = ouro_weakref_new(rt, OBJ(n), i % 2 ? cb : NULL);
    }
    CHECK_EQ(side_count(rt), N);
    ouro_decref(rt, OBJ(head));
    CHECK_EQ(calls, N / 2);
    CHECK_EQ(side_count(rt), 0);
    CHECK_EQ(side_bytes(rt), 0);
    for (int i = 0; i < N; i++) {
        CHECK(wrs[i]->referent == NULL);
        ouro_decref(rt, &wrs[i]->ob);
    }
    ouro_decref(rt, cb);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* Many objects: the table grows to hold them all, every list stays right
 * through the deletions (backward shifts) and the table shrinks back. */
static void side_many(void)
{
    OuroRuntime *rt = rt_new();
    size_t n = CHECK_ASAN ? 20000 : 200000;
    SNode **objs = malloc(n * sizeof *objs);
    OuroWeakRef **wrs = malloc(3 * n * sizeof *wrs);
    size_t *nwr = malloc(n * sizeof *nwr);
    CHECK(objs != NULL && wrs != NULL && nwr != NULL);
    size_t max_bytes = 0;
    for (size_t i = 0; i < n; i++) {
        objs[i] = snode_new(rt, NULL);
        nwr[i] = 1 + i % 3;
        for (size_t k = 0; k < 3; k++)
            wrs[3 * i + k] = k < nwr[i] ? ouro_weakref_new(rt, OBJ(objs[i]), NULL) : NULL;
        if (side_bytes(rt) > max_bytes)
            max_bytes = side_bytes(rt);
    }
    CHECK_EQ(side_count(rt), n);
    /* At most 3/4 full, at least 1/8 after a growth. */
    CHECK(side_bytes(rt) / sizeof(void *) * 3 >= n * 4);
    CHECK(side_bytes(rt) / sizeof(void *) <= n * 8);
    int bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += !list_ok(rt, OBJ(objs[i]), nwr[i]);
    CHECK_EQ(bad, 0);

    /* Every other object dies. */
    for (size_t i = 0; i < n; i += 2) {
        ouro_decref(rt, OBJ(objs[i]));
        objs[i] = NULL;
    }
    CHECK_EQ(side_count(rt), n / 2);
    bad = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < nwr[i]; k++) {
            OuroObject *want = objs[i] != NULL ? OBJ(objs[i]) : NULL;
            bad += ouro_weakref_get(wrs[3 * i + k]) != want;
        }
        if (objs[i] != NULL)
            bad += !list_ok(rt, OBJ(objs[i]), nwr[i]);
    }
    CHECK_EQ(bad, 0);

    /* The survivors' weakrefs go in a shuffled order: entries leave as
     * lists empty, the table shrinks, the remaining lists stay right. */
    size_t m = 0;
    OuroWeakRef **order = malloc(3 * n * sizeof *order);
    for (size_t i = 1; i < n; i += 2)
        for (size_t k = 0; k < nwr[i]; k++)
            order[m++] = wrs[3 * i + k];
    for (size_t i = m; i > 1; i--) {
        size_t j = (size_t)(rng() % i);
        OuroWeakRef *t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
    for (size_t i = 0; i < m; i++) {
        ouro_decref(rt, &order[i]->ob);
        if (i == m - m / 10) {
            bad = 0;
            for (size_t k = 1; k < n; k += 2)
                bad += ouro_weakref_list(rt, OBJ(objs[k])) != NULL &&
                       ouro_weakref_list(rt, OBJ(objs[k]))->referent != OBJ(objs[k]);
            CHECK_EQ(bad, 0);
            CHECK(side_bytes(rt) < max_bytes);
        }
    }
    CHECK_EQ(side_count(rt), 0);
    CHECK_EQ(side_bytes(rt), 0);
    for (size_t i = 1; i < n; i += 2)
        ouro_decref(rt, OBJ(objs[i]));
    for (size_t i = 0; i < n; i += 2)
        for (size_t k = 0; k < nwr[i]; k++)
            ouro_decref(rt, &wrs[3 * i + k]->ob);
    free(order);
    free(objs);
    free(wrs);
    free(nwr);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/*
 * Objects dying while the table resizes around them: each callback makes
 * fresh objects with weak references (the table grows) and drops others
 * (entries leave, the table shrinks), while a cascade of deaths, and then a
 * collection of a large cycle, clears the lists being walked.
 */
typedef struct Churn {
    SNode **pool;        /* objects the callbacks make and drop */
    OuroWeakRef **pwr;   /* a weak reference to each, or NULL */
    size_t n;
    long calls;
} Churn;

static int churn_cb(OuroRuntime *rt, OuroWeakRef *wr, void *ctx)
{
    Churn *c = ctx;
    CHECK(ouro_weakref_get(wr) == NULL);
    c->calls++;
    for (int k = 0; k < 7; k++) {
        size_t i = (size_t)(rng() % c->n);
        if (c->pool[i] != NULL) {
            /* Dies here: its callback-less weakref is cleared. */
            SNode *old = c->pool[i];
            c->pool[i] = NULL;
            ouro_decref(rt, OBJ(old));
        } else {
            c->pool[i] = snode_new(rt, NULL);
            if (c->pwr[i] != NULL)
                ouro_decref(rt, &c->pwr[i]->ob);
            c->pwr[i] = ouro_weakref_new(rt, OBJ(c->pool[i]), NULL);
        }
    }
    return 0;
}

static void side_dying_while_resizing(void)
{
    OuroRuntime *rt = rt_new();
    Churn c = {0};
    c.n = 4096;
    c.pool = calloc(c.n, sizeof *c.pool);
    c.pwr = calloc(c.n, sizeof *c.pwr);
    OuroObject *cb = ouro_ccallback_new(rt, churn_cb, &c);
    enum { N = 3000 };
    OuroWeakRef *wrs[N];

    /* A refcount cascade (deferred past the depth limit). */
    SNode *head = NULL;
    for (int i = 0; i < N; i++) {
        SNode *n = snode_new(rt, NULL);
        n->a = head != NULL ? &head->ob : NULL;
        head = n;
        wrs[i] = ouro_weakref_new(rt, OBJ(n), cb);
    }
    ouro_decref(rt, OBJ(head));
    CHECK_EQ(c.calls, N);
    for (int i = 0; i < N; i++) {
        CHECK(wrs[i]->referent == NULL);
        ouro_decref(rt, &wrs[i]->ob);
    }

    /* A cycle of N objects found by the collector. */
    SNode *first = snode_new(rt, NULL), *prev = first;
    wrs[0] = ouro_weakref_new(rt, OBJ(first), cb);
    for (int i = 1; i < N; i++) {
        SNode *n = snode_new(rt, NULL);
        wrs[i] = ouro_weakref_new(rt, OBJ(n), cb);
        prev->a = &n->ob;   /* takes over n */
        prev = n;
    }
    sset_a(rt, prev, OBJ(first));
    ouro_decref(rt, OBJ(first));
    c.calls = 0;
    CHECK(ouro_gc_collect(rt, 2) >= N);
    CHECK_EQ(c.calls, N);
    for (int i = 0; i < N; i++) {
        CHECK(wrs[i]->referent == NULL);
        ouro_decref(rt, &wrs[i]->ob);
    }

    /* The pool's lists are all still right. */
    size_t live = 0;
    int bad = 0;
    for (size_t i = 0; i < c.n; i++) {
        if (c.pool[i] != NULL) {
            live++;
            bad += !list_ok(rt, OBJ(c.pool[i]), 1) ||
                   ouro_weakref_list(rt, OBJ(c.pool[i])) != c.pwr[i];
        } else if (c.pwr[i] != NULL) {
            bad += c.pwr[i]->referent != NULL;
        }
    }
    CHECK_EQ(bad, 0);
    CHECK_EQ(side_count(rt), live);
    for (size_t i = 0; i < c.n; i++) {
        if (c.pool[i] != NULL)
            ouro_decref(rt, OBJ(c.pool[i]));
        if (c.pwr[i] != NULL)
            ouro_decref(rt, &c.pwr[i]->ob);
    }
    CHECK_EQ(side_count(rt), 0);
    ouro_decref(rt, cb);
    free(c.pool);
    free(c.pwr);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* The first weak reference to an object needs a table entry: when the
 * table cannot be made or grown, ouro_weakref_new fails cleanly, the other
 * entries are untouched, and a later attempt succeeds. */
static void side_allocation_failure(void)
{
    OuroRuntime *rt = rt_new();
    SNode *x = snode_new(rt, "X");
    ouro_mem_fail_nth(rt, 2);   /* 1: the weakref object, 2: the table */
    CHECK(ouro_weakref_new(rt, OBJ(x), NULL) == NULL);
    CHECK_EQ(side_count(rt), 0);
    CHECK(ouro_weakref_list(rt, OBJ(x)) == NULL);
    CHECK_EQ(mem_in_use(rt), ouro_object_size(OBJ(x)));

    /* Six entries fill 3/4 of the first table; the seventh grows it. */
    SNode *objs[7];
    OuroWeakRef *wrs[7];
    for (int i = 0; i < 6; i++) {
        objs[i] = snode_new(rt, NULL);
        wrs[i] = ouro_weakref_new(rt, OBJ(objs[i]), NULL);
        CHECK(wrs[i] != NULL);
    }
    size_t bytes = side_bytes(rt);
    objs[6] = snode_new(rt, NULL);
    ouro_mem_fail_nth(rt, 2);
    CHECK(ouro_weakref_new(rt, OBJ(objs[6]), NULL) == NULL);
    CHECK_EQ(side_count(rt), 6);
    CHECK_EQ(side_bytes(rt), bytes);
    CHECK(ouro_weakref_list(rt, OBJ(objs[6])) == NULL);
    /* A second weakref to an object with an entry allocates no entry. */
    ouro_mem_fail_nth(rt, 2);
    OuroWeakRef *again = ouro_weakref_new(rt, OBJ(objs[0]), NULL);
    CHECK(again != NULL);
    ouro_mem_fail_nth(rt, 0);
    wrs[6] = ouro_weakref_new(rt, OBJ(objs[6]), NULL);
    CHECK(wrs[6] != NULL);
    CHECK(side_bytes(rt) > bytes);
    CHECK_EQ(side_count(rt), 7);
    for (int i = 0; i < 7; i++)
        CHECK(list_ok(rt, OBJ(objs[i]), i == 0 ? 2 : 1));

    /* A failed shrink keeps the larger table. */
    for (int i = 1; i < 7; i++) {
        ouro_mem_fail_nth(rt, 1);
        ouro_decref(rt, &wrs[i]->ob);
    }
    ouro_mem_fail_nth(rt, 0);
    CHECK_EQ(side_count(rt), 1);
    CHECK(list_ok(rt, OBJ(objs[0]), 2));
    ouro_decref(rt, OBJ(objs[0]));
    CHECK_EQ(side_count(rt), 0);
    CHECK_EQ(side_bytes(rt), 0);
    ouro_decref(rt, &wrs[0]->ob);
    ouro_decref(rt, &again->ob);
    for (int i = 1; i < 7; i++)
        ouro_decref(rt, OBJ(objs[i]));
    ouro_decref(rt, OBJ(x));
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* Two runtimes keep separate tables; destroying a runtime with entries
 * frees its table with everything else. */
static void side_two_runtimes(void)
{
    OuroRuntime *r1 = rt_new();
    OuroRuntime *r2 = ouro_runtime_new(NULL);
    SNode *x = snode_new(r1, "X"), *y = snode_new(r2, NULL);
    OuroWeakRef *wx = ouro_weakref_new(r1, OBJ(x), NULL);
    OuroWeakRef *wy = ouro_weakref_new(r2, OBJ(y), NULL);
    OuroWeakRef *wy2 = ouro_weakref_new(r2, OBJ(y), NULL);
    CHECK_EQ(side_count(r1), 1);
    CHECK_EQ(side_count(r2), 1);
    CHECK(ouro_weakref_list(r1, OBJ(x)) == wx);
    CHECK(ouro_weakref_list(r2, OBJ(y)) == wy2 && wy2->next == wy);
    ouro_decref(r1, OBJ(x));
    CHECK_EQ(side_count(r1), 0);
    CHECK_EQ(side_count(r2), 1);
    ouro_decref(r1, &wx->ob);
    CHECK_EQ(mem_in_use(r1), 0);
    rt_end(r1);
    ouro_runtime_destroy(r2);   /* y, its weakrefs and the table */
}

/* One damaged state: ouro_heap_check finds n problems, one named by
 * what. */
static void expect_problems(OuroRuntime *rt, intptr_t n, const char *what)
{
    dbg_reset();
    intptr_t got = ouro_heap_check(rt, 0);
    CHECK_EQ(got, n);
    CHECK(strstr(dbg_text(), what) != NULL);
    if (got != n || strstr(dbg_text(), what) == NULL)
        fprintf(stderr, "  expected '%s' in: %s", what, dbg_text());
    dbg_reset();
}

/* The heap checker walks the side table: a sound table passes, with one
 * entry or a thousand, and each damage a bug in the list code could do is
 * reported once and named. Each is undone before the next. */
static void side_heap_check(void)
{
    OuroRuntime *rt = rt_new();
    SNode *x = snode_new(rt, "X");
    SNode *y = snode_new(rt, "Y");
    OuroWeakRef *w1 = ouro_weakref_new(rt, OBJ(x), NULL);
    OuroWeakRef *w2 = ouro_weakref_new(rt, OBJ(x), NULL);
    OuroWeakRef *wy = ouro_weakref_new(rt, OBJ(y), NULL);
    CHECK(ouro_weakref_list(rt, OBJ(x)) == w2 && w2->next == w1);
    CHECK_EQ(ouro_heap_check(rt, 0), 0);
    CHECK_STREQ(dbg_text(), "");

    w1->prev = NULL;
    expect_problems(rt, 1, "broken list link: <snode ");
    w1->prev = w2;
    w1->referent = OBJ(y);
    expect_problems(rt, 1, "a list holds weak references to another object");
    w1->referent = OBJ(x);
    w2->prev = wy;
    expect_problems(rt, 1, "a list head has a predecessor");
    w2->prev = NULL;
    /* y's entry lost to a lookup: y's WEAKLIST bit names an entry that
     * cannot be found, and the slot is wrong too. */
    wy->referent = NULL;
    expect_problems(rt, 2, "a cleared weak reference heads a list");
    CHECK_EQ(ouro_heap_check(rt, 0), 2);
    CHECK(strstr(dbg_text(), "WEAKLIST set without a side-table entry: <snode ") != NULL);
    dbg_reset();
    /* y's entry claiming x: one of the two slots is not where a lookup of
     * x leads. */
    wy->referent = OBJ(x);
    expect_problems(rt, 2, "probe run does not reach its entry");
    wy->referent = OBJ(y);
    CHECK_EQ(ouro_heap_check(rt, 0), 0);

    enum { N = 1000 };
    static SNode *many[N];
    for (int i = 0; i < N; i++) {
        many[i] = snode_new(rt, NULL);
        CHECK(ouro_weakref_new(rt, OBJ(many[i]), NULL) != NULL);
    }
    CHECK_EQ(side_count(rt), N + 2);
    CHECK_EQ(ouro_heap_check(rt, 0), 0);
    for (int i = 0; i < N; i += 2)
        ouro_decref(rt, OBJ(many[i]));   /* their entries go, the runs shift back */
    CHECK_EQ(side_count(rt), N / 2 + 2);
    CHECK_EQ(ouro_heap_check(rt, 0), 0);
    CHECK_STREQ(dbg_text(), "");
    for (int i = 1; i < N; i += 2)
        ouro_decref(rt, OBJ(many[i]));
    ouro_decref(rt, OBJ(x));
    ouro_decref(rt, OBJ(y));
    CHECK_EQ(side_count(rt), 0);
    rt_end(rt);
}

int main(void)
{
    RUN(side_basic);
    RUN(side_init_after);
    RUN(side_refcount_callbacks);
    RUN(side_cyclic_garbage);
    RUN(side_resurrection);
    RUN(side_finalizers);
    RUN(side_deferred_chain);
    RUN(side_many);
    RUN(side_dying_while_resizing);
    RUN(side_allocation_failure);
    RUN(side_two_runtimes);
    RUN(side_heap_check);
    return check_exit();
}
