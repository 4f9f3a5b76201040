/*
 * test_handles.c - named handles and roots, and the runtime's teardown:
 * ouro_runtime_destroy frees every byte whatever is left (objects in the
 * garbage list, resurrected, frozen, held by handles). Leaks are caught by
 * ASan (LeakSanitizer) and by valgrind --leak-check=full.
 */
#include "types.h"

static void handles_basic(void)
{
    OuroRuntime *rt = rt_new();
    Pair *a = pair_new(rt, "A"), *b = pair_new(rt, "B");
    char owner[16] = "alpha";
    OuroHandle *h1 = ouro_handle_new(rt, OBJ(a), owner);
    OuroHandle *h2 = ouro_handle_new(rt, OBJ(b), "beta");
    OuroHandle *h3 = ouro_handle_new(rt, OBJ(a), "alpha");
    OuroHandle *h4 = ouro_handle_new(rt, OBJ(b), NULL);
    strcpy(owner, "changed");   /* the name was copied */
    CHECK_STREQ(ouro_handle_owner(h1), "alpha");
    CHECK_STREQ(ouro_handle_owner(h4), "");
    CHECK(ouro_handle_get(h1) == OBJ(a) && ouro_handle_get(h3) == OBJ(a));
    CHECK(ouro_handle_get(h2) == OBJ(b));
    CHECK_EQ(ouro_handle_count(rt), 4);
    CHECK_EQ(a->ob.refcnt, 3);
    CHECK_EQ(b->ob.refcnt, 3);
    ouro_handle_release(rt, h4);
    ouro_handle_release(rt, NULL);   /* a no-op */
    CHECK_EQ(ouro_handle_count(rt), 3);
    CHECK_EQ(b->ob.refcnt, 2);
    ouro_decref(rt, OBJ(a));
    ouro_decref(rt, OBJ(b));
    /* the last reference goes with the handle, before release returns */
    ouro_handle_release(rt, h2);
    CHECK_STREQ(log_joined(), "dealloc B");
    ouro_handle_release(rt, h1);
    CHECK_EQ(a->ob.refcnt, 1);
    ouro_handle_release(rt, h3);
    CHECK_STREQ(log_joined(), "dealloc B, dealloc A");
    CHECK_EQ(ouro_handle_count(rt), 0);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* Listing: oldest first, by owner name, stopping at a non-zero result. */
typedef struct Listing {
    const char *owner;   /* NULL: every handle */
    const OuroHandle *found[8];
    int n;
    int stop_after;      /* 0: never */
} Listing;

static int list_handle(const OuroHandle *h, void *ctx)
{
    Listing *l = ctx;
    if (l->owner != NULL && strcmp(ouro_handle_owner(h), l->owner) != 0)
        return 0;
    if (l->n < 8)
        l->found[l->n++] = h;
    return l->stop_after != 0 && l->n == l->stop_after ? 42 : 0;
}

static void handles_list_by_owner(void)
{
    OuroRuntime *rt = rt_new();
    OuroObject *objs[5];
    OuroHandle *h[5];
    static const char *owners[5] = {"vm", "module", "vm", "ext", "vm"};
    for (int i = 0; i < 5; i++) {
        objs[i] = leaf_new(rt, NULL);
        h[i] = ouro_handle_new(rt, objs[i], owners[i]);
        ouro_decref(rt, objs[i]);
    }
    Listing all = {NULL, {0}, 0, 0};
    CHECK_EQ(ouro_handles_foreach(rt, list_handle, &all), 0);
    CHECK_EQ(all.n, 5);
    for (int i = 0; i < 5 && i < all.n; i++)
        CHECK(all.found[i] == h[i]);
    Listing vm = {"vm", {0}, 0, 0};
    CHECK_EQ(ouro_handles_foreach(rt, list_handle, &vm), 0);
    CHECK_EQ(vm.n, 3);
    CHECK(vm.found[0] == h[0] && vm.found[1] == h[2] && vm.found[2] == h[4]);
    Listing stop = {"vm", {0}, 0, 2};
    CHECK_EQ(ouro_handles_foreach(rt, list_handle, &stop), 42);
    CHECK_EQ(stop.n, 2);
    /* releasing from the middle, the ends */
    ouro_handle_release(rt, h[2]);
    ouro_handle_release(rt, h[0]);
    ouro_handle_release(rt, h[4]);
    Listing rest = {NULL, {0}, 0, 0};
    ouro_handles_foreach(rt, list_handle, &rest);
    CHECK_EQ(rest.n, 2);
    CHECK(rest.found[0] == h[1] && rest.found[1] == h[3]);
    ouro_handle_release(rt, h[1]);
    ouro_handle_release(rt, h[3]);
    Listing none = {NULL, {0}, 0, 0};
    CHECK_EQ(ouro_handles_foreach(rt, list_handle, &none), 0);
    CHECK_EQ(none.n, 0);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* Handles are roots: what they hold survives collections, and the heap
 * checker's reference accounting finds every reference explained. */
static int visit_log(OuroObject *obj, void *arg)
{
    (void)arg;
    log_add("root %s", obj_name(obj));
    return strcmp(obj_name(obj), "stop") == 0 ? 7 : 0;
}

static void handles_are_roots(void)
{
    OuroRuntime *rt = rt_new();
    List *l = list_new(rt, "list");
    Pair *x = pair_new(rt, "x"), *y = pair_new(rt, "y");
    set_a(rt, x, OBJ(y));
    set_a(rt, y, OBJ(x));
    list_append(rt, l, OBJ(x));
    list_append(rt, l, OBJ(l));
    OuroObject *leaf = leaf_new(rt, "leaf");
    set_b(rt, y, leaf);
    OuroWeakRef *w = weakref_cb(rt, OBJ(x), "W", 0);
    list_append(rt, l, &w->ob);
    OuroHandle *hl = ouro_handle_new(rt, OBJ(l), "test");
    OuroHandle *hleaf = ouro_handle_new(rt, leaf, "test");
    ouro_decref(rt, leaf);
    ouro_decref(rt, &w->ob);
    ouro_decref(rt, OBJ(x));
    ouro_decref(rt, OBJ(y));
    ouro_decref(rt, OBJ(l));
    for (int g = 0; g < 3; g++)
        CHECK_EQ(ouro_gc_collect(rt, g), 0);
    CHECK_EQ(ouro_heap_check(rt, OURO_CHECK_ROOTS), 0);
    CHECK_STREQ(dbg_text(), "");
    CHECK_EQ(tlog.n, 0);

    /* ouro_roots_visit: handles oldest first, stopping at non-zero */
    CHECK_EQ(ouro_roots_visit(rt, visit_log, NULL), 0);
    CHECK_STREQ(log_joined(), "root list, root leaf");
    log_reset();
    OuroObject *stop = leaf_new(rt, "stop");
    OuroHandle *hs = ouro_handle_new(rt, stop, "test");
    OuroHandle *hafter = ouro_handle_new(rt, stop, "test");
    ouro_decref(rt, stop);
    CHECK_EQ(ouro_roots_visit(rt, visit_log, NULL), 7);
    CHECK_STREQ(log_joined(), "root list, root leaf, root stop");
    log_reset();
    ouro_handle_release(rt, hs);
    ouro_handle_release(rt, hafter);

    /* released, the whole structure is cyclic garbage: list, x, y, w */
    ouro_handle_release(rt, hl);
    CHECK_EQ(tlog.n, 1);   /* "dealloc stop" */
    CHECK_EQ(ouro_gc_collect(rt, 2), 4);
    CHECK_EQ(log_count("dealloc list"), 1);
    CHECK_EQ(log_count("dealloc x"), 1);
    CHECK_EQ(log_count("dealloc y"), 1);
    CHECK_EQ(log_count("wrcb W"), 0);   /* the weakref was garbage too */
    CHECK_EQ(log_count("dealloc leaf"), 0);
    ouro_handle_release(rt, hleaf);
    CHECK_EQ(log_count("dealloc leaf"), 1);
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

/* A finalizer that resurrects its object by taking a handle to it. */
static OuroHandle *fin_handle;

static int hook_handle_self(OuroRuntime *rt, Pair *self)
{
    fin_handle = ouro_handle_new(rt, &self->ob, "resurrector");
    return 0;
}

static void handles_resurrection(void)
{
    OuroRuntime *rt = rt_new();
    Pair *f = fin_new(rt, "F", hook_handle_self);
    ouro_decref(rt, OBJ(f));
    CHECK_STREQ(log_joined(), "fin F");
    CHECK_EQ(ouro_handle_count(rt), 1);
    CHECK(ouro_handle_get(fin_handle) == OBJ(f));
    CHECK_EQ(ouro_heap_check(rt, OURO_CHECK_ROOTS), 0);
    ouro_handle_release(rt, fin_handle);
    CHECK_STREQ(log_joined(), "fin F, dealloc F");
    log_reset();
    f = fin_new(rt, "G", hook_handle_self);
    set_a(rt, f, OBJ(f));
    ouro_decref(rt, OBJ(f));
    CHECK_EQ(ouro_gc_collect(rt, 2), 0);
    CHECK_STREQ(log_joined(), "fin G");
    CHECK_EQ(ouro_heap_check(rt, OURO_CHECK_ROOTS), 0);
    ouro_handle_release(rt, fin_handle);
    CHECK_EQ(ouro_gc_collect(rt, 2), 1);
    CHECK_STREQ(log_joined(), "fin G, dealloc G");
    CHECK_EQ(mem_in_use(rt), 0);
    rt_end(rt);
}

static int gc_cb_noop(OuroRuntime *rt, const char *phase, int generation, intptr_t collected,
                      intptr_t uncollectable, void *ctx)
{
    (void)rt, (void)phase, (void)generation, (void)collected, (void)uncollectable, (void)ctx;
    return 0;
}

static int root_noop(OuroRuntime *rt, OuroVisitFn visit, void *arg, void *ctx)
{
    (void)rt, (void)visit, (void)arg, (void)ctx;
    return 0;
}

/* Destroying a runtime frees everything it holds, whatever state the
 * objects are in; no finalizer, callback or dealloc slot runs. */
static void destroy_frees_everything(void)
{
    OuroRuntime *rt = rt_new();
    /* in the garbage list */
    Pair *l = legacy_new(rt, "L");
    set_a(rt, l, OBJ(l));
    ouro_decref(rt, OBJ(l));
    /* resurrected by a collection */
    Pair *f = fin_new(rt, "F", hook_resurrect);
    set_a(rt, f, OBJ(f));
    List *big = list_new(rt, "big");
    for (int i = 0; i < 100; i++)
        list_append_take(rt, big, leaf_new(rt, NULL));
    set_b(rt, f, OBJ(big));
    ouro_decref(rt, OBJ(big));
    ouro_decref(rt, OBJ(f));
    CHECK_EQ(ouro_gc_collect(rt, 2), 1);
    CHECK_EQ(ouro_gc_garbage_count(rt), 1);
    CHECK_EQ(saved.n, 1);
    /* frozen */
    Pair *z = pair_new(rt, "Z");
    set_a(rt, z, OBJ(z));
    ouro_decref(rt, OBJ(z));
    ouro_gc_freeze(rt);
    /* held by handles, with weakrefs and callbacks */
    Pair *h = pair_new(rt, "H");
    OuroWeakRef *w = weakref_cb(rt, OBJ(h), "W", 0);
    set_a(rt, h, &w->ob);
    ouro_decref(rt, &w->ob);
    ouro_handle_new(rt, OBJ(h), "owner");
    ouro_decref(rt, OBJ(h));
    /* young cyclic garbage, the collector's and the roots' tables */
    Pair *y = pair_new(rt, "Y");
    set_a(rt, y, OBJ(y));
    ouro_decref(rt, OBJ(y));
    CHECK_EQ(ouro_gc_add_callback(rt, gc_cb_noop, NULL), 0);
    CHECK_EQ(ouro_root_add(rt, root_noop, NULL), 0);
    ouro_gc_set_debug(rt, OURO_DEBUG_SAVEALL);
    CHECK(mem_in_use(rt) > 0);
    log_reset();
    rt_end(rt);
    CHECK_EQ(tlog.n, 0);
}

/* Several runtimes live side by side. */
static void runtimes_side_by_side(void)
{
    OuroRuntime *rt1 = rt_new();
    OuroRuntime *rt2 = ouro_runtime_new(NULL);
    Pair *a = pair_new(rt1, "a");
    set_a(rt1, a, OBJ(a));
    Pair *b = pair_new(rt2, NULL);
    set_a(rt2, b, OBJ(b));
    ouro_decref(rt1, OBJ(a));
    CHECK_EQ(gen_size(rt2, 0), 1);
    CHECK_EQ(ouro_gc_collect(rt1, 2), 1);
    CHECK_EQ(gen_size(rt2, 0), 1);
    ouro_runtime_destroy(rt2);
    CHECK_EQ(mem_in_use(rt1), 0);
    CHECK(strcmp(ouro_allocator_name(rt1), "pool") == 0 ||
          strcmp(ouro_allocator_name(rt1), "malloc") == 0 ||
          strcmp(ouro_allocator_name(rt1), "mimalloc") == 0);
    rt_end(rt1);
    ouro_runtime_destroy(NULL);   /* a no-op */
}

int main(void)
{
    RUN(handles_basic);
    RUN(handles_list_by_owner);
    RUN(handles_are_roots);
    RUN(handles_resurrection);
    RUN(destroy_frees_everything);
    RUN(runtimes_side_by_side);
    return check_exit();
}
