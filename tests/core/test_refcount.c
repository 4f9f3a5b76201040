/*
 * test_refcount.c - reference counting: count transitions, the order of a
 * deallocation (finalizer, weakrefs and their callbacks, fields, memory),
 * ouro_setref's order, and the teardown of very deep chains without stack
 * overflow (CPython's trashcan; SEMANTICS rules 1, 6, 7, 43).
 */
#include "types.h"

static void refcount_transitions(void)
{
    OuroRuntime *rt = rt_new();
    OuroObject *leaf = leaf_new(rt, "L");
    CHECK_EQ(leaf->refcnt, 1);
    CHECK_EQ(mem_in_use(rt), ouro_object_size(leaf));
    CHECK_EQ(ouro_object_size(leaf), sizeof(Leaf));
    ouro_incref(leaf);
    CHECK_EQ(leaf->refcnt, 2);
    CHECK(ouro_newref(leaf) == leaf);
    CHECK_EQ(leaf->refcnt, 3);
    ouro_xincref(NULL);
    ouro_xdecref(rt, NULL);
    ouro_decref(rt, leaf);
    ouro_xdecref(rt, leaf);
    CHECK_EQ(leaf->refcnt, 1);
    CHECK_EQ(tlog.n, 0);
    ouro_decref(rt, leaf);
    CHECK_STREQ(log_joined(), "dealloc L");
    CHECK_EQ(mem_in_use(rt), 0);

    /* A GC object: its size includes the collector's header; it is not
     * tracked until asked, and untracked again when it dies. */
    Pair *p = (Pair *)ouro_new(rt, &pair_type);
    CHECK_EQ(ouro_object_size(OBJ(p)), sizeof(Pair) + 16);
    CHECK_EQ(mem_in_use(rt), ouro_object_size(OBJ(p)));
    CHECK(!ouro_gc_is_tracked(OBJ(p)));
    ouro_gc_track(rt, OBJ(p));
    ouro_gc_track(rt, OBJ(p));   /* a no-op */
    CHECK(ouro_gc_is_tracked(OBJ(p)));
    CHECK_EQ(gen_size(rt, 0), 1);
    ouro_decref(rt, OBJ(p));
    CHECK_EQ(gen_size(rt, 0), 0);
    CHECK_EQ(mem_in_use(rt), 0);

    /* A var-sized object. */
    OuroObject *items[3] = {leaf_new(rt, NULL), leaf_new(rt, NULL), leaf_new(rt, NULL)};
    Tuple *t = tuple_new(rt, "T", 3, items);
    CHECK_EQ(t->ob.size, 3);
    CHECK_EQ(ouro_object_size(&t->ob.ob), sizeof(Tuple) + 3 * sizeof(OuroObject *) + 16);
    for (int i = 0; i < 3; i++) {
        CHECK_EQ(items[i]->refcnt, 2);
        ouro_decref(rt, items[i]);
    }
    ouro_decref(rt, &t->ob.ob);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* Containers release their items back to front (rule 6). */
static void refcount_release_order(void)
{
    OuroRuntime *rt = rt_new();
    static const char *names[4] = {"i0", "i1", "i2", "i3"};
    List *l = list_new(rt, "list");
    for (int i = 0; i < 4; i++)
        list_append_take(rt, l, leaf_new(rt, names[i]));
    OuroObject *items[4];
    for (int i = 0; i < 4; i++)
        items[i] = leaf_new(rt, names[i]);
    Tuple *t = tuple_new(rt, "tuple", 4, items);
    for (int i = 0; i < 4; i++)
        ouro_decref(rt, items[i]);
    ouro_decref(rt, OBJ(l));
    CHECK_STREQ(log_joined(), "dealloc list, dealloc i3, dealloc i2, dealloc i1, dealloc i0");
    log_reset();
    ouro_decref(rt, &t->ob.ob);
    CHECK_STREQ(log_joined(), "dealloc tuple, dealloc i3, dealloc i2, dealloc i1, dealloc i0");
    log_reset();

    /* clear() empties the list before releasing anything. */
    l = list_new(rt, "list");
    for (int i = 0; i < 2; i++)
        list_append_take(rt, l, leaf_new(rt, names[i]));
    list_clear(rt, OBJ(l));
    CHECK_EQ(l->len, 0);
    CHECK_STREQ(log_joined(), "dealloc i1, dealloc i0");
    ouro_decref(rt, OBJ(l));
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

static OuroWeakRef *order_wr[3];

/* Inside the finalizer every weak reference still reads the object. */
static int hook_count_alive(OuroRuntime *rt, Pair *self)
{
    (void)rt;
    int alive = 0;
    for (int i = 0; i < 3; i++)
        alive += ouro_weakref_get(order_wr[i]) == &self->ob;
    log_add("alive %d", alive);
    return 0;
}

/* By the time any callback runs, every weak reference is cleared. */
static int wrcb_count_dead(OuroRuntime *rt, OuroWeakRef *wr, void *ctx)
{
    (void)rt;
    (void)wr;
    int dead = 0;
    for (int i = 0; i < 3; i++)
        dead += ouro_weakref_get(order_wr[i]) == NULL && order_wr[i]->referent == NULL;
    log_add("wrcb %s dead %d", (const char *)ctx, dead);
    return 0;
}

/* Refcount death: finalizer (weakrefs alive), then weakrefs cleared and
 * their callbacks run newest first, then the fields, then the memory. */
static void refcount_dealloc_order(void)
{
    OuroRuntime *rt = rt_new();
    static const char *names[3] = {"W1", "W2", "W3"};
    Pair *x = fin_new(rt, "X", hook_count_alive);
    Pair *c = pair_new(rt, "C");
    OuroObject *d = leaf_new(rt, "D");
    set_a(rt, x, OBJ(c));
    set_b(rt, x, d);
    ouro_decref(rt, OBJ(c));
    ouro_decref(rt, d);
    for (int i = 0; i < 3; i++) {
        OuroObject *cb = ouro_ccallback_new(rt, wrcb_count_dead, (void *)names[i]);
        order_wr[i] = ouro_weakref_new(rt, OBJ(x), cb);
        ouro_decref(rt, cb);
    }
    CHECK_EQ(ouro_weakref_count(rt, OBJ(x)), 3);
    CHECK(ouro_weakref_list(rt, OBJ(x)) == order_wr[2]);   /* newest first */
    size_t before = mem_in_use(rt);
    size_t xsize = ouro_object_size(OBJ(x)), csize = ouro_object_size(OBJ(c));
    size_t dsize = ouro_object_size(d);
    ouro_decref(rt, OBJ(x));
    CHECK_STREQ(log_joined(), "fin X, alive 3, wrcb W3 dead 3, wrcb W2 dead 3, wrcb W1 dead 3, "
                              "dealloc X, dealloc C, dealloc D");
    /* The callbacks were released with the calls (the weakrefs stay). */
    for (int i = 0; i < 3; i++) {
        CHECK(order_wr[i]->callback == NULL);
        CHECK(ouro_weakref_get(order_wr[i]) == NULL);
    }
    CHECK(before - mem_in_use(rt) >= xsize + csize + dsize);
    for (int i = 0; i < 3; i++)
        ouro_decref(rt, &order_wr[i]->ob);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* ouro_setref stores the new value before releasing the old one: a
 * finalizer run by the release already sees the new value. */
static int hook_look_at_holder(OuroRuntime *rt, Pair *self)
{
    (void)rt;
    Pair *holder = self->ctx;
    log_add("holder.a %s", holder->a != NULL ? obj_name(holder->a) : "NULL");
    return 0;
}

static void refcount_setref_order(void)
{
    OuroRuntime *rt = rt_new();
    Pair *holder = pair_new(rt, "H");
    Pair *old = fin_new(rt, "old", hook_look_at_holder);
    old->ctx = holder;
    holder->a = OBJ(old);   /* steals */
    ouro_setref(rt, &holder->a, leaf_new(rt, "new"));
    CHECK_STREQ(log_joined(), "fin old, holder.a new, dealloc old");
    log_reset();
    Pair *old2 = fin_new(rt, "old2", hook_look_at_holder);
    old2->ctx = holder;
    ouro_setref(rt, &holder->a, OBJ(old2));   /* releases "new" */
    ouro_clearref(rt, &holder->a);
    CHECK_STREQ(log_joined(), "dealloc new, fin old2, holder.a NULL, dealloc old2");
    ouro_decref(rt, OBJ(holder));
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* A non-GC object may be resurrected too: its finalizer runs again at its
 * next death (only GC objects remember that they were finalized). */
typedef struct Phoenix {
    OuroObject ob;
    int lives;
} Phoenix;

static int phoenix_finalize(OuroRuntime *rt, OuroObject *self)
{
    (void)rt;
    Phoenix *p = (Phoenix *)self;
    log_add("fin phoenix %d", p->lives);
    if (p->lives-- > 0)
        save_ref(self);
    return 0;
}

static const OuroType phoenix_type = {
    .name = "phoenix",
    .basic_size = sizeof(Phoenix),
    .finalize = phoenix_finalize,
};

static void refcount_resurrect_non_gc(void)
{
    OuroRuntime *rt = rt_new();
    Phoenix *p = (Phoenix *)ouro_new(rt, &phoenix_type);
    p->lives = 1;
    ouro_decref(rt, &p->ob);
    CHECK_STREQ(log_joined(), "fin phoenix 1");
    CHECK_EQ(saved.n, 1);
    CHECK_EQ(p->ob.refcnt, 1);
    saved_release(rt);
    CHECK_STREQ(log_joined(), "fin phoenix 1, fin phoenix 0");
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* The tail of a deep chain: logs its finalizer call. */
static void deep_chain_pairs(void)
{
    OuroRuntime *rt = rt_new();
    long depth = test_depth();
    ouro_gc_disable(rt);   /* building only; collections of 10^7 objects are not the point */
    Pair *tail = fin_new(rt, "tail", NULL);
    OuroObject *head = OBJ(tail);
    for (long i = 0; i < depth; i++) {
        Pair *p = pair_new(rt, NULL);
        if (p == NULL) {
            CHECK(p != NULL);
            break;
        }
        p->a = head;   /* steals */
        head = OBJ(p);
    }
    CHECK_EQ(gen_size(rt, 0), depth + 1);
    ouro_gc_enable(rt);
    ouro_decref(rt, head);
    /* Everything died before the outermost decref returned. */
    CHECK_STREQ(log_joined(), "fin tail, dealloc tail");
    CHECK_EQ(mem_in_use(rt), 0);
    CHECK_EQ(gen_size(rt, 0), 0);
    intptr_t count[3];
    ouro_gc_get_count(rt, count);
    CHECK_EQ(count[0], 0);
    rt_end(rt);
}

static void deep_chain_lists(void)
{
    OuroRuntime *rt = rt_new();
    long depth = test_depth();
    ouro_gc_disable(rt);
    Pair *tail = fin_new(rt, "tail", NULL);
    List *head = list_new(rt, "head");
    list_append_take(rt, head, OBJ(tail));
    for (long i = 1; i < depth; i++) {
        List *l = list_new(rt, NULL);
        if (l == NULL || list_append_take(rt, l, OBJ(head)) < 0) {
            CHECK(!"out of memory");
            break;
        }
        head = l;
    }
    ouro_gc_enable(rt);
    ouro_decref(rt, OBJ(head));
    CHECK_STREQ(log_joined(), "dealloc head, fin tail, dealloc tail");
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* A deep chain of pairs, node.a = a side object X_i (weakly referenced),
 * node.b = the next node; a finalizer object at the tail. Deallocation past
 * the depth limit is deferred: when the tail's finalizer runs, some X_i
 * still wait for their deallocation (their weakrefs are not cleared yet),
 * and every one of them already reads dead. */
#define SIDE_N 2000
static OuroWeakRef *side_wr[SIDE_N];

static int hook_scan_side(OuroRuntime *rt, Pair *self)
{
    (void)rt;
    (void)self;
    int dead = 0, pending = 0, zero = 0;
    for (int i = 0; i < SIDE_N; i++) {
        dead += ouro_weakref_get(side_wr[i]) == NULL;
        if (side_wr[i]->referent != NULL) {
            pending++;
            zero += side_wr[i]->referent->refcnt == 0;
        }
    }
    log_add("dead %d", dead);
    log_add("pending %s", pending > 0 && zero == pending ? "yes" : "no");
    /* a collection in the middle of the teardown finds nothing to do */
    log_add("collect %lld", (long long)ouro_gc_collect(rt, 2));
    return 0;
}

static void deep_chain_deferred_read_dead(void)
{
    OuroRuntime *rt = rt_new();
    Pair *tail = fin_new(rt, "tail", hook_scan_side);
    OuroObject *next = OBJ(tail);
    for (int i = SIDE_N - 1; i >= 0; i--) {
        Pair *node = pair_new(rt, NULL);
        Pair *side = pair_new(rt, NULL);
        side_wr[i] = ouro_weakref_new(rt, OBJ(side), NULL);
        node->a = OBJ(side);
        node->b = next;
        next = OBJ(node);
    }
    ouro_decref(rt, next);
    CHECK_STREQ(log_joined(), "fin tail, dead 2000, pending yes, collect 0, dealloc tail");
    int cleared = 0;
    for (int i = 0; i < SIDE_N; i++) {
        cleared += side_wr[i]->referent == NULL;
        ouro_decref(rt, &side_wr[i]->ob);
    }
    CHECK_EQ(cleared, SIDE_N);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* A deep chain whose tail resurrects itself: it stays alive, tracked as
 * it was (the deferred queue remembers that), and is not finalized again. */
static void deep_chain_tail_resurrects(void)
{
    OuroRuntime *rt = rt_new();
    for (int tracked = 1; tracked >= 0; tracked--) {
        log_reset();
        Pair *tail = (Pair *)ouro_new(rt, &fin_type);
        tail->name = "tail";
        tail->hook = hook_resurrect;
        if (tracked)
            ouro_gc_track(rt, OBJ(tail));
        OuroObject *head = OBJ(tail);
        for (int i = 0; i < 1000; i++) {
            Pair *p = pair_new(rt, NULL);
            p->a = head;
            head = OBJ(p);
        }
        ouro_decref(rt, head);
        CHECK_STREQ(log_joined(), "fin tail");
        CHECK_EQ(saved.n, 1);
        CHECK_EQ(tail->ob.refcnt, 1);
        CHECK_EQ(ouro_gc_is_tracked(OBJ(tail)), tracked);
        CHECK_EQ(gen_size(rt, 0), tracked);
        CHECK_EQ(mem_in_use(rt), ouro_object_size(OBJ(tail)));   /* the chain is gone */
        saved_release(rt);
        CHECK_STREQ(log_joined(), "fin tail, dealloc tail");
        CHECK_EQ(mem_in_use(rt), 0);
    }
    rt_end(rt);
}

/* Automatic collections run while a deep chain is torn down (the tail's
 * finalizer allocates): nothing breaks, everything is freed. */
static int hook_allocate(OuroRuntime *rt, Pair *self)
{
    (void)self;
    for (int i = 0; i < 100; i++) {
        Pair *p = pair_new(rt, NULL);
        set_a(rt, p, OBJ(p));
        ouro_decref(rt, OBJ(p));
    }
    return 0;
}

static int gc_count_runs(OuroRuntime *rt, const char *phase, int generation, intptr_t collected,
                         intptr_t uncollectable, void *ctx)
{
    (void)rt, (void)generation, (void)collected, (void)uncollectable;
    if (strcmp(phase, "stop") == 0)
        ++*(int *)ctx;
    return 0;
}

static void deep_chain_collections_during_teardown(void)
{
    OuroRuntime *rt = rt_new();
    int runs = 0;
    ouro_gc_add_callback(rt, gc_count_runs, &runs);
    intptr_t t[3] = {5, 2, 2};
    ouro_gc_set_threshold(rt, t);
    ouro_gc_disable(rt);
    Pair *tail = fin_new(rt, "tail", hook_allocate);
    OuroObject *head = OBJ(tail);
    for (int i = 0; i < 10000; i++) {
        Pair *p = pair_new(rt, NULL);
        Pair *side = fin_new(rt, NULL, hook_allocate);
        p->a = head;
        p->b = OBJ(side);
        head = OBJ(p);
    }
    ouro_gc_enable(rt);
    ouro_decref(rt, head);
    CHECK_STREQ(log_joined(), "fin tail, dealloc tail");
    CHECK(runs > 1000);
    ouro_gc_collect(rt, 2);
    for (int g = 0; g < 3; g++)
        CHECK_EQ(gen_size(rt, g), 0);
    CHECK_EQ(ouro_heap_check(rt, OURO_CHECK_ROOTS), 0);
    ouro_gc_remove_callback(rt, gc_count_runs, &runs);
    rt_end(rt);
}

int main(void)
{
    RUN(refcount_transitions);
    RUN(refcount_release_order);
    RUN(refcount_dealloc_order);
    RUN(refcount_setref_order);
    RUN(refcount_resurrect_non_gc);
    RUN(deep_chain_pairs);
    RUN(deep_chain_lists);
    RUN(deep_chain_deferred_read_dead);
    RUN(deep_chain_tail_resurrects);
    RUN(deep_chain_collections_during_teardown);
    return check_exit();
}
