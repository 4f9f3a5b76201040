/*
 * test_resize.c - ouro_resize_var: growing and shrinking a variable-sized
 * object that has one owner (string building in place), for GC and non-GC
 * types, with exact byte accounting and failure leaving the object intact.
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

int main(void)
{
    RUN(resize_non_gc);
    RUN(resize_gc_untracked);
    return check_exit();
}
