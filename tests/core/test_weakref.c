/*
 * test_weakref.c - weak references: the per-object list, clearing, and
 * callbacks under refcount death and under the collector (SEMANTICS rules
 * 43, 44, 53, 56, 57), errors in callbacks, weakref subtypes and the
 * call_callback hook.
 */
#include "types.h"

static void weakref_basic(void)
{
    OuroRuntime *rt = rt_new();
    CHECK_STREQ(ouro_weakref_type()->name, "weakref");
    CHECK(ouro_type_is_weakrefable(&leaf_type));
    CHECK(ouro_type_is_weakrefable(&pair_type));
    CHECK(!ouro_type_is_weakrefable(&tuple_type));
    CHECK(!ouro_type_is_weakrefable(&dict_type));
    CHECK(!ouro_type_is_weakrefable(ouro_weakref_type()));

    OuroObject *l = leaf_new(rt, "L");
    OuroWeakRef *w1 = ouro_weakref_new(rt, l, NULL);
    OuroWeakRef *w2 = ouro_weakref_new(rt, l, NULL);
    CHECK(w1 != NULL && w2 != NULL && w1 != w2);
    CHECK_EQ(l->refcnt, 1);   /* weak references do not own */
    CHECK(ouro_weakref_get(w1) == l && ouro_weakref_get(w2) == l);
    CHECK_EQ(ouro_weakref_count(rt, l), 2);
    CHECK(ouro_weakref_list(rt, l) == w2 && w2->next == w1 && w1->prev == w2);
    CHECK(ouro_gc_is_tracked(&w1->ob));

    /* not weak-referenceable: no weakref, no list */
    Tuple *t = tuple_new(rt, NULL, 0, NULL);
    CHECK(ouro_weakref_new(rt, &t->ob.ob, NULL) == NULL);
    CHECK(ouro_weakref_new(rt, &w1->ob, NULL) == NULL);
    CHECK(ouro_weakref_list(rt, &t->ob.ob) == NULL);
    CHECK_EQ(ouro_weakref_count(rt, &t->ob.ob), 0);
    ouro_decref(rt, &t->ob.ob);

    /* a weakref that dies first leaves the list */
    OuroWeakRef *w3 = weakref_cb(rt, l, "W3", 0);
    CHECK_EQ(ouro_weakref_count(rt, l), 3);
    ouro_decref(rt, &w3->ob);
    CHECK_EQ(ouro_weakref_count(rt, l), 2);
    CHECK(ouro_weakref_list(rt, l) == w2);

    ouro_decref(rt, l);
    CHECK_STREQ(log_joined(), "dealloc L");   /* no callback from the dead W3 */
    CHECK(ouro_weakref_get(w1) == NULL && w1->referent == NULL);
    CHECK(ouro_weakref_get(w2) == NULL && w2->referent == NULL);
    ouro_decref(rt, &w1->ob);
    ouro_decref(rt, &w2->ob);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* Callbacks get the dead weakref, newest first; callback-less weakrefs in
 * between are just cleared. */
static OuroWeakRef *seen_wr[4];
static int nseen;

static int wrcb_seen(OuroRuntime *rt, OuroWeakRef *wr, void *ctx)
{
    (void)rt;
    if (nseen < 4)
        seen_wr[nseen++] = wr;
    log_add("wrcb %s %s", (const char *)ctx, ouro_weakref_get(wr) == NULL ? "dead" : "alive");
    return 0;
}

static void weakref_refcount_callbacks(void)
{
    OuroRuntime *rt = rt_new();
    nseen = 0;
    Pair *x = pair_new(rt, "X");
    static const char *names[3] = {"W1", "W2", "W3"};
    OuroWeakRef *w[3], *plain[3];
    for (int i = 0; i < 3; i++) {
        OuroObject *cb = ouro_ccallback_new(rt, wrcb_seen, (void *)names[i]);
        w[i] = ouro_weakref_new(rt, OBJ(x), cb);
        ouro_decref(rt, cb);
        plain[i] = ouro_weakref_new(rt, OBJ(x), NULL);
    }
    ouro_decref(rt, OBJ(x));
    CHECK_STREQ(log_joined(), "wrcb W3 dead, wrcb W2 dead, wrcb W1 dead, dealloc X");
    CHECK(seen_wr[0] == w[2] && seen_wr[1] == w[1] && seen_wr[2] == w[0]);
    for (int i = 0; i < 3; i++) {
        CHECK(ouro_weakref_get(plain[i]) == NULL);
        ouro_decref(rt, &w[i]->ob);
        ouro_decref(rt, &plain[i]->ob);
    }
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* The collector clears weakrefs to garbage and calls back those that are
 * not garbage themselves, before any finalizer runs (rule 44). */
static void weakref_collector_callbacks(void)
{
    OuroRuntime *rt = rt_new();
    Pair *x = fin_new(rt, "X", NULL), *y = fin_new(rt, "Y", NULL);
    set_a(rt, x, OBJ(y));
    set_a(rt, y, OBJ(x));
    OuroWeakRef *wx = weakref_cb(rt, OBJ(x), "WX", 0);
    OuroWeakRef *wy = weakref_cb(rt, OBJ(y), "WY", 0);
    OuroWeakRef *plain = ouro_weakref_new(rt, OBJ(x), NULL);
    ouro_decref(rt, OBJ(x));
    ouro_decref(rt, OBJ(y));
    CHECK_EQ(ouro_gc_collect(rt, 2), 2);
    CHECK_EQ(log_count("wrcb WX"), 1);
    CHECK_EQ(log_count("wrcb WY"), 1);
    CHECK(log_index("wrcb WX") < 2 && log_index("wrcb WY") < 2);   /* dead in the callbacks, first */
    CHECK(log_index("fin X") >= 2 && log_index("fin Y") >= 2);
    CHECK_EQ(tlog.n, 6);
    CHECK(ouro_weakref_get(wx) == NULL && ouro_weakref_get(plain) == NULL);
    /* the collector leaves the callback on a weakref that lives on */
    CHECK(wx->callback != NULL);
    CHECK_EQ(space_of(rt, &wx->ob), 2);
    ouro_decref(rt, &wx->ob);
    ouro_decref(rt, &wy->ob);
    ouro_decref(rt, &plain->ob);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* A weakref freed by the release that follows its callback is counted in
 * collect()'s result (CPython 3.11 gives 2 here). */
static int wrcb_drop_saved(OuroRuntime *rt, OuroWeakRef *wr, void *ctx)
{
    (void)wr;
    (void)ctx;
    log_add("wrcb");
    saved_release(rt);
    return 0;
}

static void weakref_callback_frees_weakref(void)
{
    OuroRuntime *rt = rt_new();
    Pair *a = pair_new(rt, "A");
    set_a(rt, a, OBJ(a));
    OuroObject *cb = ouro_ccallback_new(rt, wrcb_drop_saved, NULL);
    OuroWeakRef *w = ouro_weakref_new(rt, OBJ(a), cb);
    ouro_decref(rt, cb);
    save_ref(&w->ob);
    ouro_decref(rt, &w->ob);
    ouro_decref(rt, OBJ(a));
    CHECK_EQ(ouro_gc_collect(rt, 2), 2);
    CHECK_STREQ(log_joined(), "wrcb, dealloc A");
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* A weakref that is part of the garbage is cleared without its callback,
 * whether its referent is garbage too or lives on (rule 57). */
static void weakref_inside_garbage(void)
{
    OuroRuntime *rt = rt_new();
    Pair *a = pair_new(rt, "A"), *b = pair_new(rt, "B");
    set_a(rt, a, OBJ(b));
    set_a(rt, b, OBJ(a));
    OuroWeakRef *w = weakref_cb(rt, OBJ(b), "W", 0);
    a->b = &w->ob;   /* steals */
    ouro_decref(rt, OBJ(a));
    ouro_decref(rt, OBJ(b));
    CHECK_EQ(ouro_gc_collect(rt, 2), 3);
    CHECK_EQ(log_count("wrcb W"), 0);
    CHECK_EQ(tlog.n, 2);
    CHECK_EQ(mem_in_use(rt), 0);

    log_reset();
    OuroObject *r = leaf_new(rt, "R");
    a = pair_new(rt, "A");
    set_a(rt, a, OBJ(a));
    w = weakref_cb(rt, r, "W", 0);
    a->b = &w->ob;
    ouro_decref(rt, OBJ(a));
    CHECK_EQ(ouro_weakref_count(rt, r), 1);
    CHECK_EQ(ouro_gc_collect(rt, 2), 2);
    CHECK_STREQ(log_joined(), "dealloc A");
    CHECK_EQ(ouro_weakref_count(rt, r), 0);
    ouro_decref(rt, r);
    CHECK_STREQ(log_joined(), "dealloc A, dealloc R");
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* Read from a finalizer: dead when the object is cyclic garbage (cleared
 * before finalizers), alive under refcount death (cleared after). */
static void weakref_read_in_finalizer(void)
{
    OuroRuntime *rt = rt_new();
    Pair *f = fin_new(rt, "F", hook_read_weakref);
    OuroWeakRef *w = ouro_weakref_new(rt, OBJ(f), NULL);
    f->ctx = w;
    ouro_decref(rt, OBJ(f));
    CHECK_STREQ(log_joined(), "fin F, read alive, dealloc F");
    ouro_decref(rt, &w->ob);
    log_reset();

    f = fin_new(rt, "G", hook_read_weakref);
    set_a(rt, f, OBJ(f));
    w = weakref_cb(rt, OBJ(f), "W", 0);
    f->ctx = w;
    ouro_decref(rt, OBJ(f));
    CHECK_EQ(ouro_gc_collect(rt, 2), 1);
    CHECK_STREQ(log_joined(), "wrcb W, fin G, read dead, dealloc G");
    ouro_decref(rt, &w->ob);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* In the collector weakrefs are cleared before finalizers run, so a
 * weakref to an object its finalizer resurrects is dead for good (PEP 442);
 * on refcount death the same resurrection leaves it alive. */
static void weakref_cleared_despite_resurrection(void)
{
    OuroRuntime *rt = rt_new();
    Pair *f = fin_new(rt, "F", hook_resurrect);
    set_a(rt, f, OBJ(f));
    OuroWeakRef *w = weakref_cb(rt, OBJ(f), "W", 0);
    ouro_decref(rt, OBJ(f));
    CHECK_EQ(ouro_gc_collect(rt, 2), 0);
    CHECK_STREQ(log_joined(), "wrcb W, fin F");
    CHECK_EQ(f->ob.refcnt, 2);
    CHECK(ouro_weakref_get(w) == NULL);
    CHECK_EQ(ouro_weakref_count(rt, OBJ(f)), 0);
    OuroWeakRef *w2 = weakref_cb(rt, OBJ(f), "W2", 0);   /* a new one works */
    saved_release(rt);
    CHECK_EQ(ouro_gc_collect(rt, 2), 1);
    CHECK_STREQ(log_joined(), "wrcb W, fin F, wrcb W2, dealloc F");
    ouro_decref(rt, &w->ob);
    ouro_decref(rt, &w2->ob);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* A weakref created by a finalizer to its own object is cleared after it,
 * and its callback runs. */
static void weakref_created_in_finalizer(void)
{
    OuroRuntime *rt = rt_new();
    Pair *f = fin_new(rt, "F", hook_weakref_self);
    ouro_decref(rt, OBJ(f));
    CHECK_STREQ(log_joined(), "fin F, wrcb self, dealloc F");
    CHECK_EQ(saved.n, 1);
    OuroWeakRef *w = (OuroWeakRef *)saved.obj[0];
    CHECK(w->referent == NULL && ouro_weakref_get(w) == NULL);
    saved_release(rt);
    CHECK_EQ(mem_in_use(rt), 0);
    log_reset();

    f = fin_new(rt, "G", hook_weakref_self);
    set_a(rt, f, OBJ(f));
    ouro_decref(rt, OBJ(f));
    CHECK_EQ(ouro_gc_collect(rt, 2), 1);
    CHECK_STREQ(log_joined(), "fin G, wrcb self, dealloc G");
    CHECK_EQ(saved.n, 1);
    w = (OuroWeakRef *)saved.obj[0];
    CHECK(w->referent == NULL && ouro_weakref_get(w) == NULL);
    saved_release(rt);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* A failing callback is reported; the others still run. */
static void weakref_failing_callback(void)
{
    OuroRuntime *rt = rt_new();
    Pair *x = pair_new(rt, "X");
    OuroWeakRef *w1 = weakref_cb(rt, OBJ(x), "W1", 0);
    OuroWeakRef *w2 = weakref_cb(rt, OBJ(x), "W2", 1);
    OuroWeakRef *w3 = weakref_cb(rt, OBJ(x), "W3", 0);
    ouro_decref(rt, OBJ(x));
    CHECK_STREQ(log_joined(),
                "wrcb W3, wrcb W2, error weakref callback ccallback, wrcb W1, dealloc X");
    ouro_decref(rt, &w1->ob);
    ouro_decref(rt, &w2->ob);
    ouro_decref(rt, &w3->ob);
    log_reset();

    x = pair_new(rt, "Y");
    set_a(rt, x, OBJ(x));
    w1 = weakref_cb(rt, OBJ(x), "W1", 0);
    w2 = weakref_cb(rt, OBJ(x), "W2", 1);
    w3 = weakref_cb(rt, OBJ(x), "W3", 0);
    ouro_decref(rt, OBJ(x));
    CHECK_EQ(ouro_gc_collect(rt, 2), 1);
    CHECK_STREQ(log_joined(),
                "wrcb W3, wrcb W2, error weakref callback ccallback, wrcb W1, dealloc Y");
    ouro_decref(rt, &w1->ob);
    ouro_decref(rt, &w2->ob);
    ouro_decref(rt, &w3->ob);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* ouro_weakref_clear_all on a live object: cleared and called back now,
 * nothing left for its death. */
static void weakref_clear_all_explicit(void)
{
    OuroRuntime *rt = rt_new();
    OuroObject *l = leaf_new(rt, "L");
    OuroWeakRef *w1 = weakref_cb(rt, l, "W1", 0);
    OuroWeakRef *w2 = ouro_weakref_new(rt, l, NULL);
    ouro_weakref_clear_all(rt, l);
    CHECK_STREQ(log_joined(), "wrcb W1");
    CHECK_EQ(ouro_weakref_count(rt, l), 0);
    CHECK(ouro_weakref_get(w1) == NULL && ouro_weakref_get(w2) == NULL);
    CHECK_EQ(l->refcnt, 1);
    ouro_decref(rt, l);
    CHECK_STREQ(log_joined(), "wrcb W1, dealloc L");
    ouro_decref(rt, &w1->ob);
    ouro_decref(rt, &w2->ob);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* A weakref subtype built on ouro_weakref_init/_fini/_traverse. */
typedef struct NamedRef {
    OuroWeakRef wr;
    const char *name;
} NamedRef;

static int namedref_traverse(OuroObject *self, OuroVisitFn visit, void *arg)
{
    return ouro_weakref_traverse((OuroWeakRef *)self, visit, arg);
}

static int namedref_clear(OuroRuntime *rt, OuroObject *self)
{
    ouro_weakref_fini(rt, (OuroWeakRef *)self);
    return 0;
}

static void namedref_dealloc(OuroRuntime *rt, OuroObject *self)
{
    log_add("dealloc %s", ((NamedRef *)self)->name);
    ouro_weakref_fini(rt, (OuroWeakRef *)self);
}

static const OuroType namedref_type = {
    .name = "namedref",
    .basic_size = sizeof(NamedRef),
    .flags = OURO_TYPE_GC | OURO_TYPE_WEAKREF,
    .dealloc = namedref_dealloc,
    .traverse = namedref_traverse,
    .clear = namedref_clear,
};

static int wrcb_named(OuroRuntime *rt, OuroWeakRef *wr, void *ctx)
{
    (void)rt;
    (void)ctx;
    log_add("wrcb %s", ((NamedRef *)wr)->name);
    return 0;
}

static NamedRef *namedref_new(OuroRuntime *rt, OuroObject *referent, const char *name)
{
    NamedRef *r = (NamedRef *)ouro_new(rt, &namedref_type);
    OuroObject *cb = ouro_ccallback_new(rt, wrcb_named, NULL);
    CHECK_EQ(ouro_weakref_init(rt, &r->wr, referent, cb), 0);
    ouro_decref(rt, cb);
    r->name = name;
    ouro_gc_track(rt, &r->wr.ob);
    return r;
}

static void weakref_subtype(void)
{
    OuroRuntime *rt = rt_new();
    Pair *x = pair_new(rt, "X");
    NamedRef *r1 = namedref_new(rt, OBJ(x), "R1");
    NamedRef *r2 = namedref_new(rt, OBJ(x), "R2");
    Tuple *t = tuple_new(rt, NULL, 0, NULL);
    NamedRef *bad = (NamedRef *)ouro_new(rt, &namedref_type);
    bad->name = "bad";
    CHECK_EQ(ouro_weakref_init(rt, &bad->wr, &t->ob.ob, NULL), -1);
    ouro_decref(rt, &bad->wr.ob);
    ouro_decref(rt, &t->ob.ob);
    ouro_decref(rt, OBJ(x));
    CHECK_STREQ(log_joined(), "dealloc bad, wrcb R2, wrcb R1, dealloc X");
    log_reset();
    /* in a cycle with its referent: cleared without a callback */
    x = pair_new(rt, "Y");
    set_b(rt, x, OBJ(x));
    set_a(rt, x, &namedref_new(rt, OBJ(x), "R3")->wr.ob);
    ouro_decref(rt, x->a);
    ouro_decref(rt, OBJ(x));
    CHECK_EQ(ouro_gc_collect(rt, 2), 2);
    CHECK_EQ(log_count("wrcb R3"), 0);
    CHECK_EQ(log_count("dealloc R3"), 1);
    CHECK_EQ(log_count("dealloc Y"), 1);
    ouro_decref(rt, &r1->wr.ob);
    ouro_decref(rt, &r2->wr.ob);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* The call_callback hook decides how callback objects are called; the
 * default one reports callbacks that are not ccallback objects. */
static int hook_call(OuroRuntime *rt, OuroObject *callback, OuroObject *weakref)
{
    (void)rt;
    log_add("call %s %s", obj_name(callback),
            ouro_weakref_get((OuroWeakRef *)weakref) == NULL ? "dead" : "alive");
    return 0;
}

static void weakref_call_callback_hook(void)
{
    OuroRuntime *rt = rt_new();
    OuroObject *cb = leaf_new(rt, "cb");
    Pair *x = pair_new(rt, "X");
    OuroWeakRef *w = ouro_weakref_new(rt, OBJ(x), cb);
    CHECK_EQ(cb->refcnt, 2);
    ouro_decref(rt, OBJ(x));
    CHECK_STREQ(log_joined(), "error weakref callback cb, dealloc X");
    CHECK_EQ(cb->refcnt, 1);   /* released after the call */
    ouro_decref(rt, &w->ob);
    log_reset();
    ouro_runtime_hooks(rt)->call_callback = hook_call;
    x = pair_new(rt, "Y");
    w = ouro_weakref_new(rt, OBJ(x), cb);
    ouro_decref(rt, OBJ(x));
    CHECK_STREQ(log_joined(), "call cb dead, dealloc Y");
    ouro_decref(rt, &w->ob);
    ouro_decref(rt, cb);
    CHECK_STREQ(log_joined(), "call cb dead, dealloc Y, dealloc cb");
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

int main(void)
{
    RUN(weakref_basic);
    RUN(weakref_refcount_callbacks);
    RUN(weakref_collector_callbacks);
    RUN(weakref_callback_frees_weakref);
    RUN(weakref_inside_garbage);
    RUN(weakref_read_in_finalizer);
    RUN(weakref_cleared_despite_resurrection);
    RUN(weakref_created_in_finalizer);
    RUN(weakref_failing_callback);
    RUN(weakref_clear_all_explicit);
    RUN(weakref_subtype);
    RUN(weakref_call_callback_hook);
    return check_exit();
}
