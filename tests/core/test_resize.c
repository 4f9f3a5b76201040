/*
 * test_resize.c - ouro_resize_var: growing and shrinking a variable-sized
 * object that has one owner (string building in place), for GC and non-GC
 * types, with exact byte accounting and failure leaving the object intact;
 * and types that keep their own item count (the nitems slot).
 */
#include "check.h"

typedef struct Bytes {
    OuroVarObject ob;
    char data[];
} Bytes;

static const OuroType bytes_type = {
    .name = "bytes", .basic_size = sizeof(Bytes), .item_size = 1,
};

typedef struct Vec {
    OuroVarObject ob;
    OuroObject *items[];
} Vec;

static int vec_traverse(OuroObject *self, OuroVisitFn visit, void *arg)
{
    Vec *v = (Vec *)self;
    for (intptr_t i = 0; i < v->ob.size; i++)
        if (v->items[i] != NULL && visit(v->items[i], arg) != 0)
            return 1;
    return 0;
}

static void vec_dealloc(OuroRuntime *rt, OuroObject *self)
{
    Vec *v = (Vec *)self;
    for (intptr_t i = v->ob.size - 1; i >= 0; i--)
        ouro_clearref(rt, &v->items[i]);
}

static int vec_clear(OuroRuntime *rt, OuroObject *self)
{
    vec_dealloc(rt, self);
    return 0;
}

static const OuroType vec_type = {
    .name = "vec", .basic_size = sizeof(Vec), .item_size = sizeof(OuroObject *),
    .flags = OURO_TYPE_GC, .traverse = vec_traverse, .dealloc = vec_dealloc,
    .clear = vec_clear,
};

static size_t in_use(OuroRuntime *rt)
{
    OuroMemStats st;
    ouro_mem_stats(rt, &st);
    return st.bytes_in_use;
}

static void resize_non_gc(void)
{
    OuroRuntime *rt = ouro_runtime_new(NULL);
    Bytes *b = (Bytes *)ouro_new_var(rt, &bytes_type, 5);
    memcpy(b->data, "hello", 5);
    /* grow one piece at a time past several size classes and into malloc */
    for (size_t n = 6; n <= 2000; n++) {
        Bytes *nb = (Bytes *)ouro_resize_var(rt, &b->ob.ob, n);
        CHECK(nb != NULL);
        if (nb == NULL)
            break;
        b = nb;
        CHECK_EQ(b->data[n - 1], 0);   /* new items zeroed */
        b->data[n - 1] = 'x';
    }
    CHECK_EQ(memcmp(b->data, "hellox", 6), 0);
    CHECK_EQ(b->ob.size, 2000);
    CHECK_EQ(in_use(rt), ouro_object_size(&b->ob.ob));
    b = (Bytes *)ouro_resize_var(rt, &b->ob.ob, 3);
    CHECK_EQ(memcmp(b->data, "hel", 3), 0);
    CHECK_EQ(in_use(rt), sizeof(Bytes) + 3);
    /* failure leaves the object as it was */
    ouro_mem_fail_nth(rt, 1);
    CHECK(ouro_resize_var(rt, &b->ob.ob, 4000) == NULL);
    CHECK_EQ(b->ob.size, 3);
    CHECK_EQ(memcmp(b->data, "hel", 3), 0);
    CHECK(ouro_resize_var(rt, &b->ob.ob, SIZE_MAX / 2) == NULL);
    ouro_decref(rt, &b->ob.ob);
    CHECK_EQ(in_use(rt), 0);
    ouro_runtime_destroy(rt);
}

static void resize_gc_untracked(void)
{
    OuroRuntime *rt = ouro_runtime_new(NULL);
    Vec *v = (Vec *)ouro_new_var(rt, &vec_type, 1);
    Vec *inner = (Vec *)ouro_new_var(rt, &vec_type, 1);
    v->items[0] = &inner->ob.ob;              /* stolen */
    v = (Vec *)ouro_resize_var(rt, &v->ob.ob, 100);
    CHECK(v != NULL && v->items[0] == &inner->ob.ob && v->items[99] == NULL);
    ouro_gc_track(rt, &v->ob.ob);
    ouro_gc_track(rt, &inner->ob.ob);
    inner->items[0] = ouro_newref(&v->ob.ob); /* a cycle through the moved object */
    ouro_decref(rt, &v->ob.ob);
    CHECK_EQ(ouro_gc_collect(rt, 2), 2);
    CHECK_EQ(in_use(rt), 0);
    CHECK_EQ(ouro_heap_check(rt, 0), 0);
    ouro_runtime_destroy(rt);
}

/* A number in the shape of the interpreter's int: a compact form with the
 * value in the word after the header, or, when that word is BIG, a count
 * and the words. The core learns the size from nitems alone. */
typedef struct Num {
    OuroObject ob;
    uint64_t w0;
    uint64_t n;
    uint64_t w[];
} Num;

#define BIG ((uint64_t)1 << 63)

static size_t num_nitems(const OuroObject *self)
{
    const Num *x = (const Num *)self;
    return x->w0 == BIG ? (size_t)x->n + 1 : 0;
}

static const OuroType num_type = {
    .name = "num", .basic_size = offsetof(Num, n), .item_size = sizeof(uint64_t),
    .nitems = num_nitems,
};

/* The same with the collector's header, resized while it grows. */
static const OuroType gc_num_type = {
    .name = "gcnum", .basic_size = offsetof(Num, n), .item_size = sizeof(uint64_t),
    .flags = OURO_TYPE_GC, .nitems = num_nitems,
};

static void own_item_count(void)
{
    OuroRuntime *rt = ouro_runtime_new(NULL);
    size_t base = in_use(rt);
    /* Compact: 24 bytes, no size field written (the body is all zero). */
    Num *a = (Num *)ouro_new_var(rt, &num_type, 0);
    CHECK(a != NULL);
    CHECK_EQ(a->w0, 0);
    a->w0 = 42;
    CHECK_EQ(in_use(rt) - base, 24);
    CHECK_EQ(ouro_object_size(&a->ob), 24);
    CHECK_EQ(ouro_object_nitems(&a->ob), 0);
    /* Big, three words: 24 + (1 + 3) * 8. */
    Num *b = (Num *)ouro_new_var(rt, &num_type, 4);
    CHECK(b != NULL);
    CHECK_EQ(b->w0, 0);          /* the core did not write a count there */
    b->w0 = BIG;
    b->n = 3;
    for (int i = 0; i < 3; i++)
        b->w[i] = (uint64_t)i;
    CHECK_EQ(in_use(rt) - base, 24 + 56);
    CHECK_EQ(ouro_object_size(&b->ob), 56);
    CHECK_EQ(ouro_object_nitems(&b->ob), 4);
    /* Freed with the size nitems gives: the pool checks it (alloc.h). */
    ouro_decref(rt, &b->ob);
    CHECK_EQ(in_use(rt) - base, 24);
    ouro_decref(rt, &a->ob);
    CHECK_EQ(in_use(rt), base);
    /* A GC type: resize leaves the count to the type. */
    Num *g = (Num *)ouro_new_var(rt, &gc_num_type, 0);
    CHECK(g != NULL);
    g->w0 = 7;
    size_t head = ouro_object_size(&g->ob) - 24;    /* the collector's header */
    for (uint64_t n = 1; n <= 40; n++) {
        Num *m = (Num *)ouro_resize_var(rt, &g->ob, (size_t)n + 1);
        CHECK(m != NULL);
        g = m;
        g->w0 = BIG;
        g->n = n;
        g->w[n - 1] = n;
        CHECK_EQ(ouro_object_nitems(&g->ob), n + 1);
        CHECK_EQ(in_use(rt) - base, head + 24 + 8 * (n + 1));
    }
    for (uint64_t n = 1; n <= 40; n++)
        CHECK_EQ(g->w[n - 1], n);
    ouro_decref(rt, &g->ob);
    CHECK_EQ(in_use(rt), base);
    ouro_runtime_destroy(rt);
}

int main(void)
{
    RUN(resize_non_gc);
    RUN(resize_gc_untracked);
    RUN(own_item_count);
    return check_exit();
}
