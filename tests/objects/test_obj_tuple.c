/* test_obj_tuple.c - tuple: lazy untracking, release order, CPython's
 * hash values, comparison, repr, sequence operations. */
#include "objtest.h"

static char LOG[256];

static Obj *fn_log_tag(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)nargs;
    (void)kw;
    (void)ctx;
    Obj *tag = obj_getattr_str(L, args[0], "tag");
    if (tag == NULL)
        return NULL;
    Obj *s = obj_str(L, tag);
    obj_decref(L, tag);
    strcat(LOG, str_data(s));
    strcat(LOG, ";");
    obj_decref(L, s);
    return new_none(L);
}

static void tracking_and_release_order(void)
{
    Lang *L = t_begin();
    Obj *one = I(L, 1), *two = I(L, 2);
    Obj *t = tuple_pack(L, 2, one, two);
    CHECK(ouro_gc_is_tracked(t));                 /* created tracked */
    ouro_gc_collect(L->rt, 0);
    CHECK(!ouro_gc_is_tracked(t));                /* only atomic items: untracked */
    Obj *outer = tuple_pack(L, 1, t);
    ouro_gc_collect(L->rt, 0);
    CHECK(!ouro_gc_is_tracked(outer));
    CHECK(!ouro_gc_is_tracked(L->empty_tuple));
    obj_decref(L, outer);
    obj_decref(L, t);
    /* items die last to first */
    TypeObject *T = t_class(L, "T", NULL, "__del__", tfunc(L, "__del__", fn_log_tag, NULL), NULL);
    t = tuple_new(L, 3);
    for (size_t i = 0; i < 3; i++) {
        Obj *o = obj_call0(L, &T->ob), *tag = I(L, (int64_t)i);
        obj_setattr_str(L, o, "tag", tag);
        obj_decref(L, tag);
        tuple_init_take(t, i, o);
    }
    LOG[0] = '\0';
    obj_decref(L, t);
    CHECK(strcmp(LOG, "2;1;0;") == 0);
    /* a long chain of tuples dies without deep C recursion */
    Obj *chain = obj_newref(L->empty_tuple);
    for (int i = 0; i < (CHECK_ASAN ? 20000 : 1000000); i++) {
        Obj *next = tuple_pack(L, 1, chain);
        obj_decref(L, chain);
        chain = next;
    }
    obj_decref(L, chain);
    obj_decref(L, &T->ob);
    obj_decref(L, one);
    obj_decref(L, two);
    t_end(L);
}

static void hash_is_cpythons(void)
{
    Lang *L = t_begin();
    Obj *one = I(L, 1), *two = I(L, 2), *three = I(L, 3), *m1 = I(L, -1);
    Obj *t123 = tuple_pack(L, 3, one, two, three), *tm1 = tuple_pack(L, 1, m1);
    Obj *t1 = tuple_pack(L, 1, one), *tt1 = tuple_pack(L, 1, t1);
    /* values printed by CPython 3.11 (64-bit) */
    CHECK(obj_hash(L, t123) == (intptr_t)529344067295497451LL);
    CHECK(obj_hash(L, L->empty_tuple) == (intptr_t)5740354900026072187LL);
    CHECK(obj_hash(L, tm1) == (intptr_t)8078679518589016365LL);
    CHECK(obj_hash(L, t1) == (intptr_t)-6644214454873602895LL);
    CHECK(obj_hash(L, tt1) == (intptr_t)-3783793495140269749LL);
    Obj *d = dict_new(L);
    Obj *bad = tuple_pack(L, 1, d);
    CHECK(obj_hash(L, bad) == -1);
    CHECK_EXC(L, EXC_TypeError, "unhashable type: 'dict'");
    obj_decref(L, bad);
    obj_decref(L, d);
    obj_decref(L, t123);
    obj_decref(L, tm1);
    obj_decref(L, t1);
    obj_decref(L, tt1);
    obj_decref(L, one);
    obj_decref(L, two);
    obj_decref(L, three);
    obj_decref(L, m1);
    t_end(L);
}

static void compare_repr_and_operations(void)
{
    Lang *L = t_begin();
    Obj *one = I(L, 1), *two = I(L, 2), *three = I(L, 3), *a = S(L, "a");
    Obj *t12 = tuple_pack(L, 2, one, two), *t13 = tuple_pack(L, 2, one, three);
    Obj *t1 = tuple_pack(L, 1, one), *ta = tuple_pack(L, 1, a);
    CHECK_EQ(obj_richcompare_bool(L, t12, t13, CMP_LT), 1);
    CHECK_EQ(obj_richcompare_bool(L, t1, t12, CMP_LT), 1);
    CHECK_EQ(obj_richcompare_bool(L, t12, t12, CMP_EQ), 1);
    CHECK_EQ(obj_richcompare_bool(L, t12, t13, CMP_EQ), 0);
    CHECK(obj_richcompare(L, t1, ta, CMP_LT) == NULL);
    CHECK_EXC(L, EXC_TypeError, "'<' not supported between instances of 'int' and 'str'");
    CHECK_REPR_TAKE(L, obj_newref(t1), "(1,)");
    CHECK_REPR_TAKE(L, obj_newref(t12), "(1, 2)");
    CHECK_REPR_TAKE(L, tuple_pack(L, 2, t1, ta), "((1,), ('a',))");
    /* a tuple that contains itself through a dict */
    Obj *d = dict_new(L);
    Obj *td = tuple_pack(L, 1, d);
    dict_setitem(L, d, a, td);
    CHECK_REPR_TAKE(L, obj_newref(td), "({'a': (...)},)");
    dict_clear(L, d);
    obj_decref(L, td);
    obj_decref(L, d);
    /* sequence operations */
    CHECK_REPR_TAKE(L, obj_binary_op(L, t12, t13, NB_ADD), "(1, 2, 1, 3)");
    CHECK_REPR_TAKE(L, obj_binary_op(L, t12, two, NB_MULTIPLY), "(1, 2, 1, 2)");
    CHECK_REPR_TAKE(L, obj_binary_op(L, t12, one, NB_ADD), NULL);
    CHECK_EXC(L, EXC_TypeError, "can only concatenate tuple (not \"int\") to tuple");
    CHECK_REPR_TAKE(L, obj_getitem(L, t12, three), NULL);
    CHECK_EXC(L, EXC_IndexError, "tuple index out of range");
    CHECK_REPR_TAKE(L, obj_getitem(L, t12, a), NULL);
    CHECK_EXC(L, EXC_TypeError, "tuple indices must be integers or slices, not str");
    Obj *sl = slice_new(L, NULL, NULL, NULL);
    CHECK_REPR_TAKE(L, obj_getitem(L, t12, sl), "(1, 2)");
    obj_decref(L, sl);
    CHECK_EQ(obj_contains(L, t12, two), 1);
    CHECK_EQ(obj_contains(L, t12, a), 0);
    Obj *args[1] = {two};
    CHECK_REPR_TAKE(L, obj_call_method_str(L, t12, "index", args, 1), "1");
    CHECK_REPR_TAKE(L, obj_call_method_str(L, t12, "count", args, 1), "1");
    args[0] = a;
    CHECK_REPR_TAKE(L, obj_call_method_str(L, t12, "index", args, 1), NULL);
    CHECK_EXC(L, EXC_ValueError, "tuple.index(x): x not in tuple");
    Obj *abc = S(L, "abc");
    CHECK_REPR_TAKE(L, obj_call1(L, &L->t_tuple->ob, abc), "('a', 'b', 'c')");
    CHECK_REPR_TAKE(L, obj_call1(L, &L->t_tuple->ob, one), NULL);
    CHECK_EXC(L, EXC_TypeError, "'int' object is not iterable");
    CHECK_EQ(obj_setitem(L, t12, one, one), -1);
    CHECK_EXC(L, EXC_TypeError, "'tuple' object does not support item assignment");
    CHECK_EQ(obj_delitem(L, t12, one), -1);
    CHECK_EXC(L, EXC_TypeError, "'tuple' object doesn't support item deletion");
    obj_decref(L, abc);
    obj_decref(L, t12);
    obj_decref(L, t13);
    obj_decref(L, t1);
    obj_decref(L, ta);
    obj_decref(L, one);
    obj_decref(L, two);
    obj_decref(L, three);
    obj_decref(L, a);
    t_end(L);
}

int main(void)
{
    RUN(tracking_and_release_order);
    RUN(hash_is_cpythons);
    RUN(compare_repr_and_operations);
    return check_exit();
}
