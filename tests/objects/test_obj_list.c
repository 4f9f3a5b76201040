/* test_obj_list.c - list: capacity and __sizeof__ as CPython 3.11's,
 * tracking, release order, methods and their errors, slices, timsort
 * (the very comparisons CPython makes, stability, 100,000 items, "list
 * modified during sort", failing comparisons and keys), comparisons and
 * lookups whose __eq__ mutates the lists, repr recursion, iterators,
 * subclasses and weak references, and an allocation-failure sweep.
 * Expected values come from test_obj_list_expect.h, written by
 * gen_test_obj_list.py from CPython. */
#include "objtest.h"
#include "listobject.h"
#include "setobject.h"
#include "test_obj_list_expect.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

static char LOG[512];

static intptr_t sizeof_of(Lang *L, Obj *o)
{
    Obj *r = obj_call_method_str(L, o, "__sizeof__", NULL, 0);
    if (r == NULL) {
        err_clear(L);
        return -1;
    }
    int64_t v = int_as_i64(L, r);
    obj_decref(L, r);
    return (intptr_t)v;
}

/* A list of the ints from..to-1 (new reference). */
static Obj *int_list(Lang *L, int64_t from, int64_t to)
{
    Obj *l = list_new(L, 0);
    for (int64_t i = from; i < to; i++)
        list_append_take(L, l, I(L, i));
    return l;
}

static Obj *call_method(Lang *L, Obj *self, const char *name, size_t nargs, ...)
{
    Obj *args[4];
    va_list ap;
    va_start(ap, nargs);
    for (size_t i = 0; i < nargs; i++)
        args[i] = va_arg(ap, Obj *);
    va_end(ap);
    return obj_call_method_str(L, self, name, args, nargs);
}

/* ------------------------------------------------------------------ */
/* A class whose instances log their tag when they die                */
/* ------------------------------------------------------------------ */

static Obj *fn_log_del(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
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

static TypeObject *logged_class(Lang *L)
{
    return t_class(L, "D", NULL, "__del__", tfunc(L, "__del__", fn_log_del, NULL), NULL);
}

static Obj *logged(Lang *L, TypeObject *D, int64_t tag)
{
    Obj *o = obj_call0(L, &D->ob), *t = I(L, tag);
    obj_setattr_str(L, o, "tag", t);
    obj_decref(L, t);
    return o;
}

static Obj *logged_list(Lang *L, TypeObject *D, int n)
{
    Obj *l = list_new(L, 0);
    for (int i = 0; i < n; i++)
        list_append_take(L, l, logged(L, D, i));
    return l;
}

/* ------------------------------------------------------------------ */
/* Capacity, sizes, tracking                                           */
/* ------------------------------------------------------------------ */

static void sizes_grow_as_cpython(void)
{
    Lang *L = t_begin();
    Obj *l = list_new(L, 0);
    CHECK(ouro_gc_is_tracked(l));              /* even empty, as CPython */
    CHECK_EQ(sizeof_of(L, l), 40);             /* + 16 of GC header = 56 */
    for (int64_t i = 0; i < 70; i++) {
        Obj *v = I(L, i);
        CHECK_EQ(list_append(L, l, v), 0);
        obj_decref(L, v);
        CHECK_EQ(sizeof_of(L, l), SIZEOF_APPEND[i]);
    }
    for (int i = 0; i < 70; i++) {
        Obj *v = call_method(L, l, "pop", 0);
        obj_xdecref(L, v);
        CHECK_EQ(sizeof_of(L, l), SIZEOF_POP[i]);
    }
    obj_decref(L, l);
    for (int64_t n = 0; n < 20; n++) {
        Obj *items[20];
        for (int64_t i = 0; i < n; i++)
            items[i] = I(L, i);
        Obj *t = tuple_from_array_take(L, items, (size_t)n);
        Obj *a = obj_call1(L, &L->t_list->ob, t);
        CHECK_EQ(sizeof_of(L, a), SIZEOF_FROM_TUPLE[n]);
        Obj *ab[2] = {I(L, 1), I(L, 2)};
        Obj *e = list_from_array_take(L, ab, 2);   /* [1, 2]: room for 2, as BUILD_LIST */
        CHECK_EQ(list_extend(L, e, t), 0);
        CHECK_EQ(sizeof_of(L, e), SIZEOF_EXTEND[n]);
        Obj *zero = int_list(L, 0, 1), *k = I(L, n);
        Obj *r = obj_binary_op(L, zero, k, NB_MULTIPLY);
        CHECK_EQ(sizeof_of(L, r), SIZEOF_REPEAT[n]);
        obj_decref(L, r);
        obj_decref(L, k);
        obj_decref(L, zero);
        obj_decref(L, e);
        obj_decref(L, a);
        obj_decref(L, t);
    }
    for (int64_t n = 0; n < 20; n++) {
        /* list(tuple of 40), then del l[n:] */
        Obj *items[40];
        for (int64_t i = 0; i < 40; i++)
            items[i] = I(L, i);
        Obj *t = tuple_from_array_take(L, items, 40);
        Obj *a = obj_call1(L, &L->t_list->ob, t);
        CHECK_EQ(list_set_slice(L, a, (intptr_t)n, INTPTR_MAX, NULL), 0);
        CHECK_EQ(sizeof_of(L, a), SIZEOF_DEL_TAIL[n]);
        CHECK_EQ((int64_t)list_size(a), n);
        obj_decref(L, a);
        obj_decref(L, t);
    }
    for (int64_t n = 0; n < 6; n++) {
        Obj *t = TT(L, 3, I(L, 1), I(L, 2), I(L, 3));
        Obj *a = obj_call1(L, &L->t_list->ob, t), *k = I(L, n);
        Obj *r = obj_inplace_op(L, a, k, NB_MULTIPLY);
        CHECK(r == a);                          /* in place: same identity */
        CHECK_EQ(sizeof_of(L, a), SIZEOF_IMUL[n]);
        CHECK_EQ((int64_t)list_size(a), 3 * n);
        obj_xdecref(L, r);
        obj_decref(L, k);
        obj_decref(L, a);
        obj_decref(L, t);
    }
    t_end(L);
}

/* ------------------------------------------------------------------ */
/* Release order                                                       */
/* ------------------------------------------------------------------ */

static void items_released_back_to_front(void)
{
    Lang *L = t_begin();
    TypeObject *D = logged_class(L);
    Obj *l = logged_list(L, D, 4);
    LOG[0] = '\0';
    obj_decref(L, l);
    CHECK(strcmp(LOG, "3;2;1;0;") == 0);

    l = logged_list(L, D, 5);
    LOG[0] = '\0';
    list_clear(L, l);
    CHECK(strcmp(LOG, "4;3;2;1;0;") == 0);
    obj_decref(L, l);

    l = logged_list(L, D, 6);
    LOG[0] = '\0';
    CHECK_EQ(list_set_slice(L, l, 1, 4, NULL), 0);         /* del l[1:4] */
    CHECK(strcmp(LOG, "3;2;1;") == 0);
    Obj *one = int_list(L, 1, 2);
    LOG[0] = '\0';
    CHECK_EQ(list_set_slice(L, l, 0, 2, one), 0);          /* l[0:2] = [1] */
    CHECK(strcmp(LOG, "4;0;") == 0);
    obj_decref(L, one);
    LOG[0] = '\0';
    obj_decref(L, l);
    CHECK(strcmp(LOG, "5;") == 0);

    /* del l[::2] and del l[::-2]: in index order, as CPython */
    Obj *s2 = slice_new(L, NULL, NULL, NULL), *two = I(L, 2), *m2 = I(L, -2);
    Obj *step2 = slice_new(L, NULL, NULL, two), *stepm2 = slice_new(L, NULL, NULL, m2);
    l = logged_list(L, D, 6);
    LOG[0] = '\0';
    CHECK_EQ(obj_delitem(L, l, step2), 0);
    CHECK(strcmp(LOG, "0;2;4;") == 0);
    obj_decref(L, l);
    l = logged_list(L, D, 6);
    LOG[0] = '\0';
    CHECK_EQ(obj_delitem(L, l, stepm2), 0);
    CHECK(strcmp(LOG, "1;3;5;") == 0);
    /* l[::-1] = [7, 8, 9]: replaced items go in slice order */
    Obj *m1 = I(L, -1), *stepm1 = slice_new(L, NULL, NULL, m1), *v = int_list(L, 7, 10);
    LOG[0] = '\0';
    CHECK_EQ(obj_setitem(L, l, stepm1, v), 0);
    CHECK(strcmp(LOG, "4;2;0;") == 0);
    CHECK_REPR_TAKE(L, obj_newref(l), "[9, 8, 7]");
    obj_decref(L, l);
    /* l *= 0, pop, remove, l[0] = x */
    l = logged_list(L, D, 3);
    Obj *zero = I(L, 0);
    LOG[0] = '\0';
    Obj *r = obj_inplace_op(L, l, zero, NB_MULTIPLY);
    CHECK(r == l && strcmp(LOG, "2;1;0;") == 0);
    obj_xdecref(L, r);
    obj_decref(L, l);
    l = logged_list(L, D, 3);
    LOG[0] = '\0';
    obj_xdecref(L, call_method(L, l, "pop", 1, zero));
    obj_xdecref(L, call_method(L, l, "pop", 0));
    CHECK(strcmp(LOG, "0;2;") == 0);
    LOG[0] = '\0';
    obj_xdecref(L, call_method(L, l, "remove", 1, list_get_borrowed(l, 0)));
    CHECK(strcmp(LOG, "1;") == 0);
    list_append_take(L, l, logged(L, D, 7));
    LOG[0] = '\0';
    CHECK_EQ(obj_setitem(L, l, zero, zero), 0);
    CHECK(strcmp(LOG, "7;") == 0);
    obj_decref(L, l);
    /* a long chain of nested lists dies without deep C recursion */
    Obj *chain = list_new(L, 0);
    for (int i = 0; i < (CHECK_ASAN ? 20000 : 1000000); i++) {
        Obj *next = list_new(L, 0);
        list_append_take(L, next, chain);
        chain = next;
    }
    obj_decref(L, chain);
    obj_decref(L, zero);
    obj_decref(L, m1);
    obj_decref(L, stepm1);
    obj_decref(L, v);
    obj_decref(L, s2);
    obj_decref(L, two);
    obj_decref(L, m2);
    obj_decref(L, step2);
    obj_decref(L, stepm2);
    obj_decref(L, &D->ob);
    t_end(L);
}

static void cycles_are_collected(void)
{
    Lang *L = t_begin();
    Obj *a = list_new(L, 0), *b = list_new(L, 0);
    list_append(L, a, b);
    list_append(L, b, a);
    list_append(L, a, a);
    obj_decref(L, a);
    obj_decref(L, b);
    CHECK_EQ(ouro_gc_collect(L->rt, 2), 2);
    /* a list reachable from outside survives */
    a = list_new(L, 0);
    list_append(L, a, a);
    CHECK_EQ(ouro_gc_collect(L->rt, 2), 0);
    CHECK_REPR_TAKE(L, obj_newref(a), "[[...]]");
    list_clear(L, a);
    obj_decref(L, a);
    t_end(L);
}

/* ------------------------------------------------------------------ */
/* Methods, operators and their errors                                 */
/* ------------------------------------------------------------------ */

static void methods_and_errors(void)
{
    Lang *L = t_begin();
    Obj *l = int_list(L, 1, 4);                 /* [1, 2, 3] */
    Obj *zero = I(L, 0), *one = I(L, 1), *two = I(L, 2), *five = I(L, 5), *nine = I(L, 9);
    Obj *m1 = I(L, -1), *big = I(L, 100), *a = S(L, "a");
    CHECK_REPR_TAKE(L, call_method(L, l, "insert", 2, zero, nine), "None");
    CHECK_REPR_TAKE(L, call_method(L, l, "insert", 2, m1, five), "None");
    CHECK_REPR_TAKE(L, call_method(L, l, "insert", 2, big, big), "None");
    CHECK_REPR_TAKE(L, obj_newref(l), "[9, 1, 2, 5, 3, 100]");
    CHECK_REPR_TAKE(L, call_method(L, l, "pop", 0), "100");
    CHECK_REPR_TAKE(L, call_method(L, l, "pop", 1, zero), "9");
    CHECK_REPR_TAKE(L, call_method(L, l, "pop", 1, m1), "3");
    CHECK_REPR_TAKE(L, call_method(L, l, "index", 1, two), "1");
    CHECK_REPR_TAKE(L, call_method(L, l, "count", 1, two), "1");
    CHECK_REPR_TAKE(L, call_method(L, l, "index", 2, two, two), NULL);
    CHECK_EXC(L, EXC_ValueError, "2 is not in list");
    CHECK_REPR_TAKE(L, call_method(L, l, "index", 3, five, m1, big), "2");
    CHECK_REPR_TAKE(L, call_method(L, l, "index", 2, two, a), NULL);
    CHECK_EXC(L, EXC_TypeError, "slice indices must be integers or have an __index__ method");
    CHECK_REPR_TAKE(L, call_method(L, l, "index", 0), NULL);
    CHECK_EXC(L, EXC_TypeError, "index expected at least 1 argument, got 0");
    CHECK_REPR_TAKE(L, call_method(L, l, "remove", 1, nine), NULL);
    CHECK_EXC(L, EXC_ValueError, "list.remove(x): x not in list");
    CHECK_REPR_TAKE(L, call_method(L, l, "pop", 1, big), NULL);
    CHECK_EXC(L, EXC_IndexError, "pop index out of range");
    CHECK_REPR_TAKE(L, call_method(L, l, "pop", 1, a), NULL);
    CHECK_EXC(L, EXC_TypeError, "'str' object cannot be interpreted as an integer");
    CHECK_REPR_TAKE(L, call_method(L, l, "pop", 2, a, a), NULL);
    CHECK_EXC(L, EXC_TypeError, "pop expected at most 1 argument, got 2");
    CHECK_REPR_TAKE(L, call_method(L, l, "insert", 1, a), NULL);
    CHECK_EXC(L, EXC_TypeError, "insert expected 2 arguments, got 1");
    CHECK_REPR_TAKE(L, call_method(L, l, "append", 0), NULL);
    CHECK_EXC(L, EXC_TypeError, "list.append() takes exactly one argument (0 given)");
    CHECK_REPR_TAKE(L, call_method(L, l, "extend", 1, one), NULL);
    CHECK_EXC(L, EXC_TypeError, "'int' object is not iterable");
    CHECK_REPR_TAKE(L, call_method(L, l, "copy", 1, one), NULL);
    CHECK_EXC(L, EXC_TypeError, "list.copy() takes no arguments (1 given)");
    CHECK_REPR_TAKE(L, call_method(L, l, "sort", 1, one), NULL);
    CHECK_EXC(L, EXC_TypeError, "sort() takes no positional arguments");
    CHECK_REPR_TAKE(L, call_method(L, l, "extend", 1, l), "None");   /* l.extend(l) */
    CHECK_REPR_TAKE(L, obj_newref(l), "[1, 2, 5, 1, 2, 5]");
    CHECK_REPR_TAKE(L, call_method(L, l, "reverse", 0), "None");
    CHECK_REPR_TAKE(L, obj_newref(l), "[5, 2, 1, 5, 2, 1]");
    CHECK_REPR_TAKE(L, call_method(L, l, "copy", 0), "[5, 2, 1, 5, 2, 1]");
    CHECK_REPR_TAKE(L, call_method(L, l, "clear", 0), "None");
    CHECK_REPR_TAKE(L, call_method(L, l, "pop", 0), NULL);
    CHECK_EXC(L, EXC_IndexError, "pop from empty list");
    obj_decref(L, l);

    /* operators */
    Obj *x = int_list(L, 1, 3), *y = int_list(L, 3, 4);
    CHECK_REPR_TAKE(L, obj_binary_op(L, x, y, NB_ADD), "[1, 2, 3]");
    CHECK_REPR_TAKE(L, obj_binary_op(L, x, two, NB_MULTIPLY), "[1, 2, 1, 2]");
    CHECK_REPR_TAKE(L, obj_binary_op(L, two, x, NB_MULTIPLY), "[1, 2, 1, 2]");
    CHECK_REPR_TAKE(L, obj_binary_op(L, x, m1, NB_MULTIPLY), "[]");
    CHECK_REPR_TAKE(L, obj_binary_op(L, x, one, NB_ADD), NULL);
    CHECK_EXC(L, EXC_TypeError, "can only concatenate list (not \"int\") to list");
    CHECK_REPR_TAKE(L, obj_binary_op(L, one, x, NB_ADD), NULL);
    CHECK_EXC(L, EXC_TypeError, "unsupported operand type(s) for +: 'int' and 'list'");
    CHECK_REPR_TAKE(L, obj_binary_op(L, x, a, NB_MULTIPLY), NULL);
    CHECK_EXC(L, EXC_TypeError, "can't multiply sequence by non-int of type 'str'");
    Obj *t = TT(L, 2, I(L, 7), I(L, 8));
    Obj *r = obj_inplace_op(L, x, t, NB_ADD);   /* x += (7, 8): same object */
    CHECK(r == x);
    obj_xdecref(L, r);
    CHECK_REPR_TAKE(L, obj_newref(x), "[1, 2, 7, 8]");
    CHECK_REPR_TAKE(L, obj_inplace_op(L, x, one, NB_ADD), NULL);
    CHECK_EXC(L, EXC_TypeError, "'int' object is not iterable");
    CHECK_EQ(obj_contains(L, x, two), 1);
    CHECK_EQ(obj_contains(L, x, nine), 0);
    CHECK(obj_hash(L, x) == -1);
    CHECK_EXC(L, EXC_TypeError, "unhashable type: 'list'");
    /* comparisons: lexicographic, then by length */
    Obj *p = int_list(L, 1, 3), *q = int_list(L, 1, 4);
    CHECK_EQ(obj_richcompare_bool(L, p, q, CMP_LT), 1);
    CHECK_EQ(obj_richcompare_bool(L, q, p, CMP_GT), 1);
    CHECK_EQ(obj_richcompare_bool(L, p, p, CMP_LE), 1);
    CHECK_EQ(obj_richcompare_bool(L, p, q, CMP_EQ), 0);
    CHECK_EQ(obj_richcompare_bool(L, y, p, CMP_GT), 1);
    Obj *la = list_from_array(L, &a, 1);
    CHECK(obj_richcompare(L, p, la, CMP_LT) == NULL);
    CHECK_EXC(L, EXC_TypeError, "'<' not supported between instances of 'int' and 'str'");
    CHECK(obj_richcompare(L, p, one, CMP_LT) == NULL);
    CHECK_EXC(L, EXC_TypeError, "'<' not supported between instances of 'list' and 'int'");
    CHECK_EQ(obj_richcompare_bool(L, p, t, CMP_EQ), 0);
    /* list() */
    CHECK_REPR_TAKE(L, obj_call1(L, &L->t_list->ob, t), "[7, 8]");
    CHECK_REPR_TAKE(L, obj_call1(L, &L->t_list->ob, a), "['a']");
    CHECK_REPR_TAKE(L, obj_call0(L, &L->t_list->ob), "[]");
    CHECK_REPR_TAKE(L, obj_call1(L, &L->t_list->ob, one), NULL);
    CHECK_EXC(L, EXC_TypeError, "'int' object is not iterable");
    CHECK_REPR_TAKE(L, t_call(L, &L->t_list->ob, 2, one, one), NULL);
    CHECK_EXC(L, EXC_TypeError, "list expected at most 1 argument, got 2");
    Obj *kw = TT(L, 1, S(L, "x"));
    CHECK_REPR_TAKE(L, obj_call(L, &L->t_list->ob, &one, 0, kw), NULL);
    CHECK_EXC(L, EXC_TypeError, "list() takes no keyword arguments");
    obj_decref(L, kw);
    CHECK_REPR_TAKE(L, list_as_tuple(L, p), "(1, 2)");
    obj_decref(L, la);
    obj_decref(L, p);
    obj_decref(L, q);
    obj_decref(L, t);
    obj_decref(L, x);
    obj_decref(L, y);
    obj_decref(L, zero);
    obj_decref(L, one);
    obj_decref(L, two);
    obj_decref(L, five);
    obj_decref(L, nine);
    obj_decref(L, m1);
    obj_decref(L, big);
    obj_decref(L, a);
    t_end(L);
}

static Obj *slice3(Lang *L, int64_t a, int64_t b, int64_t c)
{
    /* INT64_MIN stands for None */
    Obj *x = a == INT64_MIN ? NULL : I(L, a), *y = b == INT64_MIN ? NULL : I(L, b);
    Obj *z = c == INT64_MIN ? NULL : I(L, c);
    Obj *s = slice_new(L, x, y, z);
    obj_xdecref(L, x);
    obj_xdecref(L, y);
    obj_xdecref(L, z);
    return s;
}

#define NONE INT64_MIN

static void indexing_and_slices(void)
{
    Lang *L = t_begin();
    Obj *l = int_list(L, 0, 10);
    struct {
        int64_t a, b, c;
        const char *repr;
    } gets[] = {
        {2, 5, NONE, "[2, 3, 4]"},
        {NONE, NONE, 2, "[0, 2, 4, 6, 8]"},
        {NONE, NONE, -1, "[9, 8, 7, 6, 5, 4, 3, 2, 1, 0]"},
        {-3, NONE, NONE, "[7, 8, 9]"},
        {5, 2, NONE, "[]"},
        {1, 8, 3, "[1, 4, 7]"},
        {8, 1, -2, "[8, 6, 4, 2]"},
        {-100, 100, NONE, "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]"},
    };
    for (size_t i = 0; i < NELEMS(gets); i++) {
        Obj *s = slice3(L, gets[i].a, gets[i].b, gets[i].c);
        CHECK_REPR_TAKE(L, obj_getitem(L, l, s), gets[i].repr);
        obj_decref(L, s);
    }
    Obj *k = I(L, -1), *big = I(L, 10), *a = S(L, "a");
    CHECK_REPR_TAKE(L, obj_getitem(L, l, k), "9");
    CHECK_REPR_TAKE(L, obj_getitem(L, l, big), NULL);
    CHECK_EXC(L, EXC_IndexError, "list index out of range");
    CHECK_REPR_TAKE(L, obj_getitem(L, l, a), NULL);
    CHECK_EXC(L, EXC_TypeError, "list indices must be integers or slices, not str");
    CHECK_EQ(obj_setitem(L, l, big, a), -1);
    CHECK_EXC(L, EXC_IndexError, "list assignment index out of range");
    CHECK_EQ(obj_delitem(L, l, big), -1);
    CHECK_EXC(L, EXC_IndexError, "list assignment index out of range");
    CHECK_EQ(obj_setitem(L, l, a, a), -1);
    CHECK_EXC(L, EXC_TypeError, "list indices must be integers or slices, not str");
    CHECK_EQ(obj_delitem(L, l, a), -1);
    CHECK_EXC(L, EXC_TypeError, "list indices must be integers or slices, not str");
    /* assignments of other lengths, extended ones of the same length */
    Obj *s = slice3(L, 2, 5, NONE), *x = list_from_array(L, &a, 1);
    CHECK_EQ(obj_setitem(L, l, s, x), 0);
    CHECK_REPR_TAKE(L, obj_newref(l), "[0, 1, 'a', 5, 6, 7, 8, 9]");
    obj_decref(L, s);
    s = slice3(L, 1, 1, NONE);
    Obj *three = int_list(L, 1, 4);
    CHECK_EQ(obj_setitem(L, l, s, three), 0);
    CHECK_REPR_TAKE(L, obj_newref(l), "[0, 1, 2, 3, 1, 'a', 5, 6, 7, 8, 9]");
    obj_decref(L, s);
    s = slice3(L, NONE, NONE, 2);
    Obj *six = int_list(L, 0, 6);
    CHECK_EQ(obj_setitem(L, l, s, six), 0);
    CHECK_REPR_TAKE(L, obj_newref(l), "[0, 1, 1, 3, 2, 'a', 3, 6, 4, 8, 5]");
    CHECK_EQ(obj_setitem(L, l, s, x), -1);
    CHECK_EXC(L, EXC_ValueError, "attempt to assign sequence of size 1 to extended slice of size 6");
    CHECK_EQ(obj_setitem(L, l, s, k), -1);
    CHECK_EXC(L, EXC_TypeError, "must assign iterable to extended slice");
    obj_decref(L, s);
    s = slice3(L, 1, 2, NONE);
    CHECK_EQ(obj_setitem(L, l, s, k), -1);
    CHECK_EXC(L, EXC_TypeError, "can only assign an iterable");
    CHECK_EQ(obj_setitem(L, l, s, l), 0);           /* l[1:2] = l */
    CHECK_EQ((int64_t)list_size(l), 21);
    obj_decref(L, s);
    s = slice3(L, NONE, NONE, 0);
    CHECK_REPR_TAKE(L, obj_getitem(L, l, s), NULL);
    CHECK_EXC(L, EXC_ValueError, "slice step cannot be zero");
    obj_decref(L, s);
    s = slice3(L, NONE, NONE, -1);
    CHECK_EQ(obj_setitem(L, l, s, l), 0);           /* l[::-1] = l */
    CHECK_REPR_TAKE(L, obj_getitem(L, l, k), "0");
    obj_decref(L, s);
    s = slice3(L, 3, NONE, NONE);
    CHECK_EQ(obj_delitem(L, l, s), 0);
    CHECK_REPR_TAKE(L, obj_newref(l), "[5, 8, 4]");
    obj_decref(L, s);
    s = slice3(L, NONE, NONE, NONE);
    CHECK_EQ(obj_delitem(L, l, s), 0);
    CHECK_REPR_TAKE(L, obj_newref(l), "[]");
    obj_decref(L, s);
    obj_decref(L, six);
    obj_decref(L, three);
    obj_decref(L, x);
    obj_decref(L, k);
    obj_decref(L, big);
    obj_decref(L, a);
    obj_decref(L, l);
    t_end(L);
}

/* ------------------------------------------------------------------ */
/* Sorting                                                             */
/* ------------------------------------------------------------------ */

/* K(v, i): compares by v with `<` only, counting the comparisons and
 * folding the operands' indices into acc, as the generator's class. */
typedef struct KeyObject {
    OuroObject ob;
    int64_t v, i;
} KeyObject;

static long long cmp_count, cmp_acc;
static long long cmp_raise_after = -1;   /* comparisons after this many raise */
static Obj *cmp_mutate;               /* appended to at each comparison */

static Obj *key_richcompare(Lang *L, Obj *a, Obj *b, int op)
{
    if (op != CMP_LT || !IS_TYPE(b, TYPE(a)))
        return new_not_implemented(L);
    KeyObject *x = (KeyObject *)a, *y = (KeyObject *)b;
    cmp_count++;
    cmp_acc = (cmp_acc * 31 + x->i * 7 + y->i) % 1000000007;
    if (cmp_raise_after >= 0 && cmp_count > cmp_raise_after)
        return err_format(L, EXC_RuntimeError, "boom");
    if (cmp_mutate != NULL && list_append(L, cmp_mutate, a) < 0)
        return NULL;
    return new_bool(L, x->v < y->v);
}

static const TypeSpec key_spec = {
    .name = "K",
    .basic_size = sizeof(KeyObject),
    .richcompare = key_richcompare,
};

static Obj *new_key(Lang *L, TypeObject *K, int64_t v, int64_t i)
{
    KeyObject *k = (KeyObject *)obj_alloc(L, K);
    k->v = v;
    k->i = i;
    return &k->ob;
}

static long long lcg_seed;

static int64_t rnd(int64_t n)
{
    lcg_seed = (lcg_seed * 1103515245 + 12345) % 2147483648LL;
    return lcg_seed % n;
}

static void fill_values(int64_t *vals, int64_t n, int pattern)
{
    for (int64_t i = 0; i < n; i++) {
        switch (pattern) {
        case 0: vals[i] = rnd(1000); break;
        case 1: vals[i] = rnd(5); break;
        case 2: vals[i] = i; break;
        case 3: vals[i] = n - i; break;
        default: vals[i] = (i * 37) % 101 + (i / 300) * 1000; break;
        }
    }
    if (pattern == 2) {
        for (int64_t j = 0; j < n / 20; j++) {
            int64_t a = rnd(n), b = rnd(n), t = vals[a];
            vals[a] = vals[b];
            vals[b] = t;
        }
    }
}

static long long fold_order(Obj *l)
{
    long long order = 0;
    for (size_t i = 0; i < list_size(l); i++)
        order = (order * 131 + ((KeyObject *)list_get_borrowed(l, i))->i) % 1000000007;
    return order;
}

static void sort_compares_as_cpython(void)
{
    Lang *L = t_begin();
    TypeObject *K = type_from_spec(L, &key_spec, NULL);
    static int64_t vals[3000];
    lcg_seed = 12345;
    for (size_t c = 0; c < NELEMS(SORT_CASES); c++) {
        int64_t n = SORT_CASES[c][0];
        fill_values(vals, n, (int)SORT_CASES[c][1]);
        for (int rev = 0; rev < 2; rev++) {
            Obj *l = list_new(L, 0);
            for (int64_t i = 0; i < n; i++)
                list_append_take(L, l, new_key(L, K, vals[i], i));
            cmp_count = cmp_acc = 0;
            CHECK_EQ(list_sort(L, l, NULL, rev), 0);
            CHECK_EQ(cmp_count, SORT_CASES[c][2 + 3 * rev]);
            CHECK_EQ(cmp_acc, SORT_CASES[c][3 + 3 * rev]);
            CHECK_EQ(fold_order(l), SORT_CASES[c][4 + 3 * rev]);
            obj_decref(L, l);
        }
    }
    obj_decref(L, &K->ob);
    t_end(L);
}

/* key(x) = x // 100 (as a new int): many equal keys. */
static Obj *fn_key_div(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)nargs;
    (void)kw;
    (void)ctx;
    return I(L, int_as_i64(L, args[0]) / 100);
}

static void sort_large_and_stable(void)
{
    Lang *L = t_begin();
    int64_t n = 100000;
    Obj *l = list_new(L, 0);
    lcg_seed = 99;
    for (int64_t i = 0; i < n; i++)
        list_append_take(L, l, I(L, rnd(1000000)));
    Obj *copy = list_slice(L, l, 0, list_size(l));
    CHECK_EQ(list_sort(L, l, NULL, 0), 0);
    int sorted = 1;
    for (int64_t i = 1; i < n; i++)
        sorted &= int_as_i64(L, list_get_borrowed(l, (size_t)i - 1)) <=
                  int_as_i64(L, list_get_borrowed(l, (size_t)i));
    CHECK(sorted);
    /* stable with a key: equal keys keep their original order, also
     * for reverse=True */
    Obj *key = tfunc(L, "key", fn_key_div, NULL);
    TypeObject *K = type_from_spec(L, &key_spec, NULL);
    for (int rev = 0; rev < 2; rev++) {
        Obj *pairs = list_new(L, 0);
        for (int64_t i = 0; i < n; i++)
            list_append(L, pairs, list_get_borrowed(copy, (size_t)i));
        CHECK_EQ(list_sort(L, pairs, key, rev), 0);
        int ok = 1;
        for (int64_t i = 1; i < n; i++) {
            int64_t a = int_as_i64(L, list_get_borrowed(pairs, (size_t)i - 1)) / 100;
            int64_t b = int_as_i64(L, list_get_borrowed(pairs, (size_t)i)) / 100;
            ok &= rev ? a >= b : a <= b;
        }
        CHECK(ok);
        obj_decref(L, pairs);
        /* stability, seen through K objects whose v has many repeats */
        Obj *ks = list_new(L, 0);
        for (int64_t i = 0; i < n; i++)
            list_append_take(L, ks, new_key(L, K, rnd(50), i));
        CHECK_EQ(list_sort(L, ks, NULL, rev), 0);
        int stable = 1;
        for (int64_t i = 1; i < n; i++) {
            KeyObject *a = (KeyObject *)list_get_borrowed(ks, (size_t)i - 1);
            KeyObject *b = (KeyObject *)list_get_borrowed(ks, (size_t)i);
            stable &= (rev ? a->v > b->v : a->v < b->v) || (a->v == b->v && a->i < b->i);
        }
        CHECK(stable);
        obj_decref(L, ks);
    }
    /* sorted input, reversed input, all equal */
    CHECK_EQ(list_sort(L, l, NULL, 1), 0);
    CHECK_EQ(list_sort(L, l, NULL, 0), 0);
    CHECK(int_as_i64(L, list_get_borrowed(l, 0)) <= int_as_i64(L, list_get_borrowed(l, 1)));
    obj_decref(L, key);
    obj_decref(L, &K->ob);
    obj_decref(L, copy);
    obj_decref(L, l);
    t_end(L);
}

static Obj *fn_key_append(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)nargs;
    (void)kw;
    if (list_append(L, (Obj *)ctx, args[0]) < 0)
        return NULL;
    return obj_newref(args[0]);
}

static Obj *fn_key_raise3(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)nargs;
    (void)kw;
    (void)ctx;
    if (int_as_i64(L, args[0]) == 3)
        return err_set_value(L, L->exc_types[EXC_KeyError], args[0]);
    return obj_negative(L, args[0]);
}

/* The key sees the list empty while the sort runs: len(l) * 1000 + x. */
static Obj *fn_key_len(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)nargs;
    (void)kw;
    return I(L, (int64_t)list_size((Obj *)ctx) * 1000 + int_as_i64(L, args[0]));
}

/* key(i) = K(v, i) with v a pseudo-random function of i. */
static Obj *fn_key_k(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)nargs;
    (void)kw;
    int64_t i = int_as_i64(L, args[0]);
    return new_key(L, (TypeObject *)ctx, (i * 7919) % 1009, i);
}

/* l.sort(name=value) */
static Obj *sort_kw(Lang *L, Obj *l, const char *name, Obj *value)
{
    Obj *m = obj_getattr_str(L, l, "sort"), *names = TT(L, 1, S(L, name));
    Obj *r = obj_call(L, m, &value, 0, names);
    obj_decref(L, names);
    obj_decref(L, m);
    return r;
}

static void sort_failures(void)
{
    Lang *L = t_begin();
    TypeObject *K = type_from_spec(L, &key_spec, NULL);
    /* a key function that appends to the list */
    Obj *l = int_list(L, 1, 4);
    list_reverse(L, l);
    Obj *key = tfunc(L, "bad", fn_key_append, l);
    CHECK_EQ(list_sort(L, l, key, 0), -1);
    CHECK_EXC(L, EXC_ValueError, "list modified during sort");
    CHECK_REPR_TAKE(L, obj_newref(l), "[1, 2, 3]");   /* sorted, the additions gone */
    obj_decref(L, key);
    /* the key sees an empty list while the sort runs */
    key = tfunc(L, "len", fn_key_len, l);
    CHECK_EQ(list_sort(L, l, key, 1), 0);
    CHECK_REPR_TAKE(L, obj_newref(l), "[3, 2, 1]");
    obj_decref(L, key);
    /* a key function that raises: the list is untouched */
    key = tfunc(L, "raise3", fn_key_raise3, NULL);
    list_sort(L, l, NULL, 0);
    Obj *four = I(L, 4);
    list_append(L, l, four);
    CHECK_EQ(list_sort(L, l, key, 0), -1);
    CHECK_EXC(L, EXC_KeyError, "3");
    CHECK_REPR_TAKE(L, obj_newref(l), "[1, 2, 3, 4]");
    obj_decref(L, four);
    obj_decref(L, key);
    obj_decref(L, l);
    /* a comparison that appends: ValueError, the appended items released */
    l = list_new(L, 0);
    for (int64_t i = 0; i < 40; i++)
        list_append_take(L, l, new_key(L, K, (i * 7) % 40, i));
    cmp_mutate = l;
    CHECK_EQ(list_sort(L, l, NULL, 0), -1);
    cmp_mutate = NULL;
    CHECK_EXC(L, EXC_ValueError, "list modified during sort");
    CHECK_EQ((int64_t)list_size(l), 40);
    obj_decref(L, l);
    /* a comparison that raises at any point (finding runs, binary
     * insertion, merging, galloping): every item is still in the list.
     * The first round counts the comparisons of a whole sort. */
    long long total = 0;
    for (int k = 0; k <= 16; k++) {
        int64_t n = 2000;
        l = list_new(L, 0);
        lcg_seed = 7;
        for (int64_t i = 0; i < n; i++)
            list_append_take(L, l, new_key(L, K, rnd(i % 3 ? 1000 : 20) + (i % 500 < 50 ? i : 0), i));
        cmp_count = 0;
        if (k == 0) {
            CHECK_EQ(list_sort(L, l, NULL, 0), 0);
            total = cmp_count;
            obj_decref(L, l);
            continue;
        }
        cmp_raise_after = k == 16 ? total - 1 : total * (k - 1) / 15;
        CHECK_EQ(list_sort(L, l, NULL, 0), -1);
        cmp_raise_after = -1;
        CHECK_EXC(L, EXC_RuntimeError, "boom");
        CHECK_EQ((int64_t)list_size(l), n);
        char *seen = calloc((size_t)n, 1);
        for (int64_t i = 0; i < n; i++)
            seen[((KeyObject *)list_get_borrowed(l, (size_t)i))->i] = 1;
        int all = 1;
        for (int64_t i = 0; i < n; i++)
            all &= seen[i];
        CHECK(all);
        free(seen);
        obj_decref(L, l);
    }
    /* the same with a key function: keys and items move together, and
     * a failure leaves every item in the list */
    Obj *kkey = tfunc(L, "kkey", fn_key_k, K);
    for (int k = 0; k <= 8; k++) {
        int64_t n = 1500;
        l = int_list(L, 0, n);
        cmp_count = 0;
        cmp_raise_after = k == 0 ? -1 : total * (k - 1) / 8;
        int r = list_sort(L, l, kkey, k % 2);
        cmp_raise_after = -1;
        if (k == 0) {
            CHECK_EQ(r, 0);
            total = cmp_count;
            int ok = 1;
            for (int64_t i = 1; i < n; i++)
                ok &= (int_as_i64(L, list_get_borrowed(l, (size_t)i - 1)) * 7919) % 1009 <=
                      (int_as_i64(L, list_get_borrowed(l, (size_t)i)) * 7919) % 1009;
            CHECK(ok);
        } else {
            CHECK_EQ(r, -1);
            CHECK_EXC(L, EXC_RuntimeError, "boom");
        }
        char *seen = calloc((size_t)n, 1);
        for (int64_t i = 0; i < n && (size_t)i < list_size(l); i++)
            seen[int_as_i64(L, list_get_borrowed(l, (size_t)i))] = 1;
        int all = list_size(l) == (size_t)n;
        for (int64_t i = 0; i < n; i++)
            all &= seen[i];
        CHECK(all);
        free(seen);
        obj_decref(L, l);
    }
    obj_decref(L, kkey);
    /* sort's arguments */
    l = int_list(L, 0, 3);
    Obj *one = I(L, 1), *x = S(L, "x"), *big = I(L, 1);
    CHECK_REPR_TAKE(L, sort_kw(L, l, "reverse", one), "None");
    CHECK_REPR_TAKE(L, obj_newref(l), "[2, 1, 0]");
    CHECK_REPR_TAKE(L, sort_kw(L, l, "key", L->none), "None");
    CHECK_REPR_TAKE(L, obj_newref(l), "[0, 1, 2]");
    CHECK_REPR_TAKE(L, sort_kw(L, l, "foo", one), NULL);
    CHECK_EXC(L, EXC_TypeError, "'foo' is an invalid keyword argument for sort()");
    CHECK_REPR_TAKE(L, sort_kw(L, l, "reverse", x), NULL);
    CHECK_EXC(L, EXC_TypeError, "'str' object cannot be interpreted as an integer");
    CHECK_REPR_TAKE(L, sort_kw(L, l, "key", one), NULL);
    CHECK_EXC(L, EXC_TypeError, "'int' object is not callable");
    obj_decref(L, l);
    l = list_new(L, 0);
    CHECK_REPR_TAKE(L, sort_kw(L, l, "key", one), "None");   /* no item, no call */
    obj_decref(L, l);
    obj_decref(L, one);
    obj_decref(L, x);
    obj_decref(L, big);
    obj_decref(L, &K->ob);
    t_end(L);
}

/* ------------------------------------------------------------------ */
/* __eq__ and __repr__ that change the lists                          */
/* ------------------------------------------------------------------ */

/* __eq__(self, other): clears the list ctx, returns False. */
static Obj *fn_eq_clear(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)args;
    (void)nargs;
    (void)kw;
    list_clear(L, *(Obj **)ctx);
    return new_bool(L, 0);
}

static Obj *fn_repr_f(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)args;
    (void)nargs;
    (void)kw;
    (void)ctx;
    return S(L, "F()");
}

/* __repr__ that clears the list ctx and returns "R". */
static Obj *fn_repr_clear(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)args;
    (void)nargs;
    (void)kw;
    list_clear(L, *(Obj **)ctx);
    return S(L, "R");
}

static void mutation_during_comparison(void)
{
    Lang *L = t_begin();
    static Obj *victim;
    TypeObject *E = t_class(L, "E", NULL, "__eq__", tfunc(L, "__eq__", fn_eq_clear, &victim),
                            "__hash__", obj_newref(L->none), "__repr__",
                            tfunc(L, "__repr__", fn_repr_f, NULL), NULL);
    Obj *a = list_new(L, 0), *b = list_new(L, 0);
    for (int i = 0; i < 2; i++) {
        list_append_take(L, a, obj_call0(L, &E->ob));
        list_append_take(L, b, obj_call0(L, &E->ob));
    }
    victim = a;
    CHECK_EQ(obj_richcompare_bool(L, a, b, CMP_EQ), 0);
    CHECK_EQ((int64_t)list_size(a), 0);
    CHECK_EQ((int64_t)list_size(b), 2);
    /* the ordering compare that found a difference, then the sizes */
    list_append_take(L, a, obj_call0(L, &E->ob));
    CHECK_EQ(obj_richcompare_bool(L, a, b, CMP_LT), 1);     /* [] < [E, E] */
    CHECK_EQ((int64_t)list_size(a), 0);
    /* in, count, index, remove with an __eq__ that empties the list */
    Obj *x = obj_call0(L, &E->ob);
    obj_decref(L, a);
    a = int_list(L, 1, 4);
    victim = a;
    CHECK_EQ(obj_contains(L, a, x), 0);
    CHECK_EQ((int64_t)list_size(a), 0);
    obj_decref(L, a);
    a = int_list(L, 1, 4);
    victim = a;
    CHECK_REPR_TAKE(L, call_method(L, a, "count", 1, x), "0");
    obj_decref(L, a);
    a = int_list(L, 5, 8);
    victim = a;
    CHECK_REPR_TAKE(L, call_method(L, a, "index", 1, x), NULL);
    CHECK_EXC(L, EXC_ValueError, "F() is not in list");
    obj_decref(L, a);
    a = int_list(L, 5, 8);
    victim = a;
    CHECK_REPR_TAKE(L, call_method(L, a, "remove", 1, x), NULL);
    CHECK_EXC(L, EXC_ValueError, "list.remove(x): x not in list");
    /* a __repr__ that empties the list being printed */
    TypeObject *R = t_class(L, "R", NULL, "__repr__", tfunc(L, "__repr__", fn_repr_clear, &victim),
                            NULL);
    list_append_take(L, a, obj_call0(L, &R->ob));
    list_append_take(L, a, I(L, 1));
    Obj *item0 = obj_call0(L, &R->ob);
    list_insert(L, a, 0, item0);
    obj_decref(L, item0);
    CHECK_REPR_TAKE(L, obj_newref(a), "[R]");
    victim = NULL;
    obj_decref(L, x);
    obj_decref(L, a);
    obj_decref(L, b);
    obj_decref(L, &E->ob);
    obj_decref(L, &R->ob);
    t_end(L);
}

static void repr_of_containing_lists(void)
{
    Lang *L = t_begin();
    Obj *a = list_new(L, 0), *b = list_new(L, 0);
    list_append(L, a, a);
    CHECK_REPR_TAKE(L, obj_newref(a), "[[...]]");
    list_clear(L, a);
    list_append(L, a, b);
    list_append(L, b, a);
    Obj *one = I(L, 1);
    list_append(L, b, one);
    CHECK_REPR_TAKE(L, obj_newref(a), "[[[...], 1]]");
    CHECK_REPR_TAKE(L, obj_newref(b), "[[[...]], 1]");
    list_clear(L, a);
    /* a deeply nested list: RecursionError, not a crash */
    Obj *deep = list_new(L, 0);
    for (int i = 0; i < 5000; i++) {
        Obj *next = list_new(L, 0);
        list_append_take(L, next, deep);
        deep = next;
    }
    CHECK_REPR_TAKE(L, obj_repr(L, deep), NULL);
    CHECK_EXC(L, EXC_RecursionError, "maximum recursion depth exceeded while getting the repr of an object");
    Obj *deep2 = list_new(L, 0);
    for (int i = 0; i < 5000; i++) {
        Obj *next = list_new(L, 0);
        list_append_take(L, next, deep2);
        deep2 = next;
    }
    CHECK_EQ(obj_richcompare_bool(L, deep, deep2, CMP_LT), -1);
    CHECK_EXC(L, EXC_RecursionError, "maximum recursion depth exceeded in comparison");
    obj_decref(L, deep);
    obj_decref(L, deep2);
    obj_decref(L, one);
    obj_decref(L, a);
    obj_decref(L, b);
    t_end(L);
}

/* ------------------------------------------------------------------ */
/* Iterators                                                           */
/* ------------------------------------------------------------------ */

static void iterators_follow_the_list(void)
{
    Lang *L = t_begin();
    Obj *l = int_list(L, 1, 4);
    Obj *it = obj_iter(L, l);
    CHECK(strcmp(obj_type_name(it), "list_iterator") == 0);
    CHECK_REPR_TAKE(L, obj_next(L, it), "1");
    CHECK_REPR_TAKE(L, call_method(L, it, "__length_hint__", 0), "2");
    Obj *nine = I(L, 9);
    list_append(L, l, nine);                     /* seen by the iterator */
    CHECK_REPR_TAKE(L, obj_next(L, it), "2");
    CHECK_REPR_TAKE(L, obj_next(L, it), "3");
    CHECK_REPR_TAKE(L, obj_next(L, it), "9");
    intptr_t before = l->refcnt;
    CHECK(obj_next(L, it) == NULL && !err_occurred(L));
    CHECK_EQ(l->refcnt, before - 1);             /* exhausted: the list is dropped */
    list_append(L, l, nine);
    CHECK(obj_next(L, it) == NULL && !err_occurred(L));   /* and stays exhausted */
    CHECK_REPR_TAKE(L, call_method(L, it, "__length_hint__", 0), "0");
    obj_decref(L, it);
    /* reversed */
    Obj *r = call_method(L, l, "__reversed__", 0);
    CHECK(strcmp(obj_type_name(r), "list_reverseiterator") == 0);
    CHECK_REPR_TAKE(L, call_method(L, r, "__length_hint__", 0), "5");
    CHECK_REPR_TAKE(L, obj_next(L, r), "9");
    CHECK_REPR_TAKE(L, obj_next(L, r), "9");
    list_set_slice(L, l, 1, INTPTR_MAX, NULL);   /* l = [1] */
    CHECK(obj_next(L, r) == NULL && !err_occurred(L));
    obj_decref(L, r);
    /* an iterator in a cycle with its list is garbage */
    it = obj_iter(L, l);
    list_append(L, l, it);
    obj_decref(L, it);
    obj_decref(L, l);
    CHECK_EQ(ouro_gc_collect(L->rt, 2), 2);
    obj_decref(L, nine);
    t_end(L);
}

/* ------------------------------------------------------------------ */
/* Subclasses and weak references                                      */
/* ------------------------------------------------------------------ */

static void subclasses_and_weakrefs(void)
{
    Lang *L = t_begin();
    TypeObject *const bases[] = {L->t_list, NULL};
    TypeObject *LL = t_class(L, "LL", bases, NULL);
    Obj *t = TT(L, 2, I(L, 1), I(L, 2));
    Obj *x = obj_call1(L, &LL->ob, t);
    CHECK(x != NULL && IS_TYPE(x, LL) && list_check(x) && !list_check_exact(L, x));
    CHECK(ouro_gc_is_tracked(x));
    Obj *three = I(L, 3);
    CHECK_REPR_TAKE(L, call_method(L, x, "append", 1, three), "None");
    CHECK_REPR_TAKE(L, obj_newref(x), "[1, 2, 3]");
    Obj *sl = slice_new(L, NULL, NULL, NULL);
    Obj *c = obj_getitem(L, x, sl);
    CHECK(c != NULL && list_check_exact(L, c));   /* slices are plain lists */
    obj_xdecref(L, c);
    c = obj_binary_op(L, x, x, NB_ADD);
    CHECK(c != NULL && list_check_exact(L, c));
    obj_xdecref(L, c);
    /* list.__init__ again: replaces the contents */
    Obj *init = obj_getattr_str(L, &L->t_list->ob, "__init__");
    Obj *args[2] = {x, three};
    CHECK_REPR_TAKE(L, obj_call(L, init, args, 2, NULL), NULL);
    CHECK_EXC(L, EXC_TypeError, "'int' object is not iterable");
    args[1] = t;
    CHECK_REPR_TAKE(L, obj_call(L, init, args, 2, NULL), "None");
    CHECK_REPR_TAKE(L, obj_newref(x), "[1, 2]");
    obj_decref(L, init);
    CHECK(sizeof_of(L, x) > 40);                 /* the subclass's own size */
    /* weak references: not to lists, yes to subclass instances */
    CHECK(!ouro_type_is_weakrefable(&L->t_list->core));
    CHECK(ouro_type_is_weakrefable(&LL->core));
    OuroWeakRef *wr = ouro_weakref_new(L->rt, x, NULL);
    CHECK(wr != NULL && ouro_weakref_get(wr) == x);
    /* a subclass instance in a cycle is collected, the weakref cleared */
    list_append(L, x, x);
    obj_decref(L, x);
    CHECK(ouro_gc_collect(L->rt, 2) >= 1);
    CHECK(ouro_weakref_get(wr) == NULL);
    obj_decref(L, &wr->ob);
    obj_decref(L, sl);
    obj_decref(L, three);
    obj_decref(L, t);
    obj_decref(L, &LL->ob);
    t_end(L);
}

/* ------------------------------------------------------------------ */
/* Allocation failures                                                 */
/* ------------------------------------------------------------------ */

#define TRY(expr)            \
    do {                     \
        if (!(expr))         \
            goto done;       \
    } while (0)

/* Returns 0, or -1 with an exception set. */
static int workload(Lang *L)
{
    int ok = -1;
    Obj *l = NULL, *m = NULL, *x = NULL, *t = NULL, *r = NULL, *key = NULL, *it = NULL,
        *sl = NULL, *two = NULL;
    TRY(l = list_new(L, 0));
    for (int64_t i = 0; i < 100; i++) {
        TRY(x = I(L, (i * 37) % 101 + 1000));
        int rc = list_append_take(L, l, x);
        x = NULL;
        TRY(rc == 0);
    }
    TRY(x = S(L, "inserted"));
    TRY(list_insert(L, l, 5, x) == 0);
    obj_clearref(L, &x);
    TRY(m = list_slice(L, l, 10, 60));
    TRY(list_extend(L, l, m) == 0);
    TRY(list_set_slice(L, l, 10, 20, m) == 0);
    TRY(list_set_slice(L, l, 0, 30, NULL) == 0);
    TRY(list_set_slice(L, l, 3, 4, NULL) == 0);
    TRY(two = I(L, 2));
    TRY(sl = slice_new(L, NULL, NULL, two));
    TRY(r = obj_getitem(L, l, sl));
    obj_clearref(L, &r);
    TRY(obj_delitem(L, l, sl) == 0);
    TRY(list_sort(L, l, NULL, 1) == 0);
    TRY(key = tfunc(L, "key", fn_key_div, NULL));
    TRY(list_sort(L, l, key, 0) == 0);
    TRY(r = obj_repr(L, l));
    obj_clearref(L, &r);
    TRY(t = list_as_tuple(L, l));
    TRY(r = obj_call1(L, &L->t_list->ob, t));
    obj_clearref(L, &r);
    TRY(r = obj_binary_op(L, l, m, NB_ADD));
    obj_clearref(L, &r);
    TRY(r = obj_inplace_op(L, m, two, NB_MULTIPLY));
    obj_clearref(L, &r);
    TRY(it = obj_iter(L, m));
    while ((x = obj_next(L, it)) != NULL)
        obj_clearref(L, &x);
    TRY(!err_occurred(L));
    TRY(r = call_method(L, m, "__reversed__", 0));
    ok = 0;
done:
    obj_xdecref(L, l);
    obj_xdecref(L, m);
    obj_xdecref(L, x);
    obj_xdecref(L, t);
    obj_xdecref(L, r);
    obj_xdecref(L, key);
    obj_xdecref(L, it);
    obj_xdecref(L, sl);
    obj_xdecref(L, two);
    return ok;
}

static void every_failed_allocation_ends_in_memory_error(void)
{
    t_fault_sweep(workload, 51, 1);
}

int main(void)
{
    RUN(sizes_grow_as_cpython);
    RUN(items_released_back_to_front);
    RUN(cycles_are_collected);
    RUN(methods_and_errors);
    RUN(indexing_and_slices);
    RUN(sort_compares_as_cpython);
    RUN(sort_large_and_stable);
    RUN(sort_failures);
    RUN(mutation_during_comparison);
    RUN(repr_of_containing_lists);
    RUN(iterators_follow_the_list);
    RUN(subclasses_and_weakrefs);
    RUN(every_failed_allocation_ends_in_memory_error);
    return check_exit();
}
