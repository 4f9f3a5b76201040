/* test_obj_dict.c - dict: insertion order through resizes and deletions,
 * release order, tracking as CPython 3.11, lookups that survive a mutating
 * __eq__, iteration errors, repr of self-containing dicts, views. */
#include "objtest.h"

static char LOG[4096];

/* __del__(self): logs self.tag and ';'. */
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
    if (s == NULL)
        return NULL;
    strncat(LOG, str_data(s), sizeof LOG - strlen(LOG) - 2);
    strcat(LOG, ";");
    obj_decref(L, s);
    return new_none(L);
}

/* A class whose instances log their tag when they die. */
static TypeObject *tagged_class(Lang *L)
{
    return t_class(L, "Tagged", NULL, "__del__", tfunc(L, "__del__", fn_log_tag, NULL), NULL);
}

static Obj *tagged(Lang *L, TypeObject *cls, int64_t tag)
{
    Obj *o = obj_call0(L, &cls->ob), *t = I(L, tag);
    obj_setattr_str(L, o, "tag", t);
    obj_decref(L, t);
    return o;
}

static void basics_and_errors(void)
{
    Lang *L = t_begin();
    Obj *d = dict_new(L), *a = S(L, "a"), *one = I(L, 1), *two = I(L, 2);
    CHECK_EQ(dict_setitem(L, d, a, one), 0);
    CHECK_EQ(dict_setitem(L, d, one, two), 0);
    CHECK_EQ(dict_size(d), 2);
    CHECK_REPR_TAKE(L, obj_getitem(L, d, a), "1");
    CHECK_REPR_TAKE(L, obj_getitem(L, d, two), NULL);
    CHECK_EXC(L, EXC_KeyError, "2");
    CHECK_EQ(obj_delitem(L, d, a), 0);
    CHECK_EQ(obj_delitem(L, d, a), -1);
    CHECK_EXC(L, EXC_KeyError, "'a'");
    CHECK_EQ(dict_contains(L, d, one), 1);
    Obj *unh = dict_new(L);
    CHECK_EQ(dict_setitem(L, d, unh, one), -1);
    CHECK_EXC(L, EXC_TypeError, "unhashable type: 'dict'");
    CHECK_EQ(obj_hash(L, d), -1);
    CHECK_EXC(L, EXC_TypeError, "unhashable type: 'dict'");
    /* get / setdefault / pop / popitem */
    Obj *args[2] = {two, a};
    CHECK_REPR_TAKE(L, obj_call_method_str(L, d, "get", args, 2), "'a'");
    CHECK_REPR_TAKE(L, obj_call_method_str(L, d, "get", args, 1), "None");
    CHECK_REPR_TAKE(L, obj_call_method_str(L, d, "setdefault", args, 2), "'a'");
    CHECK_REPR_TAKE(L, obj_call_method_str(L, d, "pop", args, 1), "'a'");
    CHECK_REPR_TAKE(L, obj_call_method_str(L, d, "pop", args, 1), NULL);
    CHECK_EXC(L, EXC_KeyError, "2");
    CHECK_REPR_TAKE(L, obj_call_method_str(L, d, "popitem", NULL, 0), "(1, 2)");
    CHECK_REPR_TAKE(L, obj_call_method_str(L, d, "popitem", NULL, 0), NULL);
    CHECK_EXC(L, EXC_KeyError, "'popitem(): dictionary is empty'");
    CHECK_REPR_TAKE(L, obj_call_method_str(L, d, "get", NULL, 0), NULL);
    CHECK_EXC(L, EXC_TypeError, "get expected at least 1 argument, got 0");
    obj_decref(L, unh);
    obj_decref(L, d);
    obj_decref(L, a);
    obj_decref(L, one);
    obj_decref(L, two);
    t_end(L);
}

static void order_survives_resizes_and_deletions(void)
{
    Lang *L = t_begin();
    Obj *d = dict_new(L);
    for (int64_t i = 0; i < 1000; i++) {
        Obj *k = I(L, i * 7919 % 1000);
        dict_setitem(L, d, k, k);
        obj_decref(L, k);
    }
    for (int64_t i = 0; i < 1000; i += 2) {
        Obj *k = I(L, i);
        CHECK_EQ(dict_delitem(L, d, k), 0);
        obj_decref(L, k);
    }
    CHECK_EQ(dict_size(d), 500);
    size_t pos = 0;
    Obj *key, *value;
    int64_t expect = 0, n = 0, ok = 1;
    while (dict_next(d, &pos, &key, &value)) {
        /* the odd keys, in insertion order */
        while ((expect * 7919 % 1000) % 2 == 0)
            expect++;
        ok &= int_as_i64(L, key) == expect * 7919 % 1000 && key == value;
        expect++;
        n++;
    }
    CHECK(ok);
    CHECK_EQ(n, 500);
    /* Re-inserting a deleted key puts it last; updating keeps the place. */
    Obj *zero = I(L, 0), *three = I(L, 3), *x = S(L, "x");
    dict_setitem(L, d, zero, x);
    dict_setitem(L, d, three, x);
    pos = 0;
    Obj *first = NULL, *last = NULL;
    while (dict_next(d, &pos, &key, NULL)) {
        if (first == NULL)
            first = key;
        last = key;
    }
    CHECK(int_as_i64(L, last) == 0);
    CHECK(int_as_i64(L, first) == 7919 % 1000);
    CHECK(dict_getitem_borrowed(L, d, three) == x);
    obj_decref(L, zero);
    obj_decref(L, three);
    obj_decref(L, x);
    obj_decref(L, d);
    t_end(L);
}

static void values_released_in_insertion_order(void)
{
    Lang *L = t_begin();
    TypeObject *T = tagged_class(L);
    LOG[0] = '\0';
    Obj *d = dict_new(L);
    for (int64_t i = 0; i < 5; i++) {
        Obj *k = I(L, 10 - i), *v = tagged(L, T, i);
        dict_setitem(L, d, k, v);
        obj_decref(L, k);
        obj_decref(L, v);
    }
    obj_decref(L, d);
    CHECK(strcmp(LOG, "0;1;2;3;4;") == 0);
    /* clear too */
    LOG[0] = '\0';
    d = dict_new(L);
    for (int64_t i = 0; i < 3; i++) {
        Obj *k = I(L, i), *v = tagged(L, T, i);
        dict_setitem(L, d, k, v);
        obj_decref(L, k);
        obj_decref(L, v);
    }
    dict_clear(L, d);
    CHECK(strcmp(LOG, "0;1;2;") == 0);
    CHECK_EQ(dict_size(d), 0);
    obj_decref(L, d);
    obj_decref(L, &T->ob);
    t_end(L);
}

static void tracking_follows_cpython(void)
{
    Lang *L = t_begin();
    Obj *d = dict_new(L), *one = I(L, 1), *s = S(L, "s");
    CHECK(!ouro_gc_is_tracked(d));
    dict_setitem(L, d, one, s);
    CHECK(!ouro_gc_is_tracked(d));
    Obj *t = tuple_pack(L, 1, one);        /* tuples start tracked */
    dict_setitem(L, d, s, t);
    CHECK(ouro_gc_is_tracked(d));
    obj_decref(L, t);
    ouro_gc_collect(L->rt, 2);             /* the tuple and then the dict untrack */
    ouro_gc_collect(L->rt, 2);
    CHECK(!ouro_gc_is_tracked(d));
    Obj *inner = dict_new(L);              /* an empty dict is GC: it tracks the outer */
    dict_setitem(L, d, one, inner);
    CHECK(ouro_gc_is_tracked(d) && !ouro_gc_is_tracked(inner));
    /* a self-cycle is collected */
    dict_setitem(L, inner, one, inner);
    CHECK(ouro_gc_is_tracked(inner));
    obj_decref(L, inner);
    obj_decref(L, d);
    CHECK(ouro_gc_collect(L->rt, 2) == 1);
    obj_decref(L, one);
    obj_decref(L, s);
    t_end(L);
}

/* The dict the mutating __eq__ empties (a test-wide pointer). */
static Obj *VICTIM;

static Obj *fn_eq_clears(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)args;
    (void)nargs;
    (void)kw;
    (void)ctx;
    if (VICTIM != NULL)
        dict_clear(L, VICTIM);
    return new_bool(L, 1);
}

static Obj *fn_hash_1(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)args;
    (void)nargs;
    (void)kw;
    (void)ctx;
    return I(L, 1);
}

static void lookup_restarts_when_eq_changes_the_table(void)
{
    Lang *L = t_begin();
    TypeObject *K = t_class(L, "K", NULL, "__eq__", tfunc(L, "__eq__", fn_eq_clears, NULL),
                            "__hash__", tfunc(L, "__hash__", fn_hash_1, NULL), NULL);
    Obj *d = dict_new(L);
    Obj *k1 = obj_call0(L, &K->ob), *k2 = obj_call0(L, &K->ob), *v = I(L, 5);
    CHECK_EQ(dict_setitem(L, d, k1, v), 0);
    VICTIM = d;
    /* k2 == k1 is asked (same hash); __eq__ empties d: the lookup starts
     * again on the new table and finds nothing. */
    CHECK(dict_getitem_borrowed(L, d, k2) == NULL);
    CHECK_NO_EXC(L);
    CHECK_EQ(dict_size(d), 0);
    /* Filling it again: the insertion also survives. */
    CHECK_EQ(dict_setitem(L, d, k1, v), 0);
    CHECK_EQ(dict_setitem(L, d, k2, v), 0);
    CHECK_EQ(dict_size(d), 1);
    VICTIM = NULL;
    obj_decref(L, k1);
    obj_decref(L, k2);
    obj_decref(L, v);
    obj_decref(L, d);
    obj_decref(L, &K->ob);
    t_end(L);
}

static void iteration_and_views(void)
{
    Lang *L = t_begin();
    Obj *d = dict_new(L), *one = I(L, 1), *two = I(L, 2), *a = S(L, "a");
    dict_setitem(L, d, one, a);
    dict_setitem(L, d, two, a);
    Obj *it = obj_iter(L, d);
    Obj *k = obj_next(L, it);
    CHECK(k == one);
    obj_xdecref(L, k);
    dict_setitem(L, d, a, a);
    CHECK(obj_next(L, it) == NULL);
    CHECK_EXC(L, EXC_RuntimeError, "dictionary changed size during iteration");
    CHECK(obj_next(L, it) == NULL);
    CHECK_EXC(L, EXC_RuntimeError, "dictionary changed size during iteration");
    obj_decref(L, it);
    /* same size, other keys */
    it = obj_iter(L, d);
    k = obj_next(L, it);
    obj_xdecref(L, k);
    dict_delitem(L, d, one);
    dict_setitem(L, d, one, a);
    k = obj_next(L, it);
    obj_xdecref(L, k);
    k = obj_next(L, it);
    obj_xdecref(L, k);
    CHECK(obj_next(L, it) == NULL);
    CHECK_EXC(L, EXC_RuntimeError, "dictionary keys changed during iteration");
    obj_decref(L, it);
    CHECK_REPR_TAKE(L, obj_call_method_str(L, d, "keys", NULL, 0), "dict_keys([2, 'a', 1])");
    CHECK_REPR_TAKE(L, obj_call_method_str(L, d, "values", NULL, 0), "dict_values(['a', 'a', 'a'])");
    CHECK_REPR_TAKE(L, obj_call_method_str(L, d, "items", NULL, 0),
                    "dict_items([(2, 'a'), ('a', 'a'), (1, 'a')])");
    Obj *items = obj_call_method_str(L, d, "items", NULL, 0);
    Obj *pair = tuple_pack(L, 2, two, a);
    CHECK_EQ(obj_contains(L, items, pair), 1);
    CHECK_EQ(obj_length(L, items), 3);
    obj_decref(L, pair);
    obj_decref(L, items);
    obj_decref(L, d);
    obj_decref(L, one);
    obj_decref(L, two);
    obj_decref(L, a);
    t_end(L);
}

static void repr_equality_and_construction(void)
{
    Lang *L = t_begin();
    Obj *d = dict_new(L), *self = S(L, "self"), *one = I(L, 1);
    dict_setitem(L, d, self, d);
    dict_setitem(L, d, one, L->none);
    CHECK_REPR_TAKE(L, obj_newref(d), "{'self': {...}, 1: None}");
    Obj *e = dict_copy(L, d);
    CHECK_REPR_TAKE(L, obj_newref(e), "{'self': {'self': {...}, 1: None}, 1: None}");
    CHECK_EQ(obj_richcompare_bool(L, d, d, CMP_EQ), 1);
    Obj *f = dict_new(L), *g = dict_new(L);
    dict_setitem(L, f, one, one);
    dict_setitem(L, g, one, one);
    CHECK_EQ(obj_richcompare_bool(L, f, g, CMP_EQ), 1);
    dict_setitem(L, g, one, self);
    CHECK_EQ(obj_richcompare_bool(L, f, g, CMP_NE), 1);
    CHECK(obj_richcompare(L, f, g, CMP_LT) == NULL);
    CHECK_EXC(L, EXC_TypeError, "'<' not supported between instances of 'dict' and 'dict'");
    /* dict(pairs, **kw) */
    Obj *pairs = TT(L, 2, TT(L, 2, S(L, "a"), I(L, 1)), TT(L, 2, S(L, "b"), I(L, 2)));
    Obj *kwnames = TT(L, 1, S(L, "c"));
    Obj *args[2] = {pairs, one};
    CHECK_REPR_TAKE(L, obj_call(L, &L->t_dict->ob, args, 1, kwnames), "{'a': 1, 'b': 2, 'c': 1}");
    Obj *bad = TT(L, 1, TT(L, 1, I(L, 1)));
    CHECK_REPR_TAKE(L, obj_call1(L, &L->t_dict->ob, bad), NULL);
    CHECK_EXC(L, EXC_ValueError, "dictionary update sequence element #0 has length 1; 2 is required");
    obj_decref(L, bad);
    obj_decref(L, kwnames);
    obj_decref(L, pairs);
    obj_decref(L, f);
    obj_decref(L, g);
    obj_decref(L, e);
    dict_clear(L, d);
    obj_decref(L, d);
    obj_decref(L, self);
    obj_decref(L, one);
    t_end(L);
}

int main(void)
{
    RUN(basics_and_errors);
    RUN(order_survives_resizes_and_deletions);
    RUN(values_released_in_insertion_order);
    RUN(tracking_follows_cpython);
    RUN(lookup_restarts_when_eq_changes_the_table);
    RUN(iteration_and_views);
    RUN(repr_equality_and_construction);
    return check_exit();
}
