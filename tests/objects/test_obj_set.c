/* test_obj_set.c - set and frozenset: CPython's iteration orders, sizes
 * and frozenset hashes for the cases of test_obj_set_expect.h (written
 * by gen_test_obj_set.py from CPython), pop order, tracking and weak
 * references, release order, errors, comparisons, lookups whose __eq__
 * changes the set, "Set changed size during iteration", subclasses,
 * 100,000-item operations and an allocation-failure sweep. */
#include "objtest.h"
#include "listobject.h"
#include "setobject.h"
#include "test_obj_set_expect.h"

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

/* A set of the ints in [from, to) by step, added one at a time. */
static Obj *int_set(Lang *L, int64_t from, int64_t to, int64_t step)
{
    Obj *s = set_new(L, NULL);
    for (int64_t i = from; i < to; i += step) {
        Obj *x = I(L, i);
        set_add(L, s, x);
        obj_decref(L, x);
    }
    return s;
}

static Obj *named_set(Lang *L, const char *name)
{
    for (size_t i = 0; i < NELEMS(SET_RANGES); i++) {
        if (strcmp(SET_RANGES[i].name, name) == 0)
            return int_set(L, SET_RANGES[i].start, SET_RANGES[i].stop, SET_RANGES[i].step);
    }
    return NULL;
}

/* The items of s, sorted, as a list. */
static Obj *sorted_list(Lang *L, Obj *s)
{
    Obj *l = list_from_iterable(L, s);
    list_sort(L, l, NULL, 0);
    return l;
}

/* ------------------------------------------------------------------ */
/* The generated cases                                                 */
/* ------------------------------------------------------------------ */

static Obj *apply(Lang *L, const char *op, Obj *a, Obj *b)
{
    static const struct { const char *name; int nb; int inplace; } ops[] = {
        {"or", NB_OR, 0}, {"and", NB_AND, 0}, {"sub", NB_SUBTRACT, 0}, {"xor", NB_XOR, 0},
        {"ior", NB_OR, 1}, {"iand", NB_AND, 1}, {"isub", NB_SUBTRACT, 1}, {"ixor", NB_XOR, 1},
    };
    for (size_t i = 0; i < NELEMS(ops); i++) {
        if (strcmp(op, ops[i].name) == 0)
            return ops[i].inplace ? obj_inplace_op(L, a, b, ops[i].nb)
                                  : obj_binary_op(L, a, b, ops[i].nb);
    }
    size_t pos = 0;
    Obj *x;
    if (strcmp(op, "build") == 0)
        return obj_newref(a);
    if (strcmp(op, "discard") == 0) {
        while (set_next(b, &pos, &x, NULL))
            set_discard(L, a, x);
        return obj_newref(a);
    }
    if (strcmp(op, "copy") == 0)
        return call_method(L, a, "copy", 0);
    if (strcmp(op, "frozen") == 0)
        return obj_call1(L, &L->t_frozenset->ob, a);
    if (strcmp(op, "tuples") == 0) {
        Obj *r = set_new(L, NULL);
        while (set_next(a, &pos, &x, NULL)) {
            Obj *m = I(L, int_as_i64(L, x) % 3), *t = tuple_pack(L, 2, x, m);
            set_add(L, r, t);
            obj_decref(L, t);
            obj_decref(L, m);
        }
        return r;
    }
    if (strcmp(op, "update_dict") == 0) {
        Obj *d = dict_new(L), *r = set_new(L, NULL);
        while (set_next(a, &pos, &x, NULL))
            dict_setitem(L, d, x, L->none);
        set_update(L, r, d);
        obj_decref(L, d);
        return r;
    }
    if (strcmp(op, "union_many") == 0) {
        Obj *l = list_new(L, 0), *k = I(L, 1000), *k2 = I(L, 1001), *five = I(L, 5);
        list_append(L, l, k);
        list_append(L, l, k2);
        Obj *t = tuple_pack(L, 1, five);
        Obj *r = call_method(L, a, "union", 3, b, l, t);
        obj_decref(L, t);
        obj_decref(L, five);
        obj_decref(L, k2);
        obj_decref(L, k);
        obj_decref(L, l);
        return r;
    }
    const char *method = strcmp(op, "inter_list") == 0 ? "intersection"
                         : strcmp(op, "diff_list") == 0 ? "difference"
                                                        : "symmetric_difference";
    Obj *l = sorted_list(L, b);
    Obj *r = call_method(L, a, method, 1, l);
    obj_decref(L, l);
    return r;
}

static void orders_sizes_and_hashes_are_cpythons(void)
{
    Lang *L = t_begin();
    for (size_t i = 0; i < NELEMS(SET_CASES); i++) {
        Obj *a = named_set(L, SET_CASES[i].a), *b = named_set(L, SET_CASES[i].b);
        Obj *r = apply(L, SET_CASES[i].op, a, b);
        Obj *rr = r ? obj_repr(L, r) : NULL;
        if (!str_is(rr, SET_CASES[i].repr)) {
            fprintf(stderr, "  case %zu (%s %s %s): %s\n  expected %s\n", i, SET_CASES[i].op,
                    SET_CASES[i].a, SET_CASES[i].b, rr ? str_data(rr) : "(null)",
                    SET_CASES[i].repr);
            check_case_failed = 1;
        }
        CHECK_EQ(sizeof_of(L, r), SET_CASES[i].size);
        if (frozenset_check(L, r))
            CHECK_EQ(obj_hash(L, r), SET_CASES[i].hash);
        CHECK_NO_EXC(L);
        obj_xdecref(L, rr);
        obj_xdecref(L, r);
        obj_decref(L, a);
        obj_decref(L, b);
    }
    /* pop: the finger walks on from the last popped slot */
    Obj *s = named_set(L, "mul8");
    for (int64_t i = 0; i < 10; i++) {
        Obj *x = I(L, i * 16);
        set_discard(L, s, x);
        obj_decref(L, x);
    }
    for (size_t i = 0; i < NELEMS(POP_ORDER); i++) {
        Obj *x = set_pop(L, s);
        CHECK(x != NULL && int_as_i64(L, x) == POP_ORDER[i]);
        obj_xdecref(L, x);
        if (i == 11) {
            Obj *seven = I(L, 7), *k = I(L, 1000);
            set_add(L, s, seven);
            set_add(L, s, k);
            obj_decref(L, seven);
            obj_decref(L, k);
        }
    }
    CHECK(set_pop(L, s) == NULL);
    CHECK_EXC(L, EXC_KeyError, "'pop from an empty set'");
    obj_decref(L, s);
    t_end(L);
}

/* ------------------------------------------------------------------ */
/* Tracking, weak references, release order                            */
/* ------------------------------------------------------------------ */

static Obj *fn_hash_tag(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)nargs;
    (void)kw;
    (void)ctx;
    return obj_getattr_str(L, args[0], "tag");
}

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

static void tracking_weakrefs_and_release_order(void)
{
    Lang *L = t_begin();
    Obj *s = set_new(L, NULL), *f = frozenset_new(L, NULL);
    CHECK(ouro_gc_is_tracked(s) && ouro_gc_is_tracked(f));     /* even empty */
    CHECK_EQ(sizeof_of(L, s), 200);                            /* + 16 = 216 */
    CHECK(ouro_type_is_weakrefable(&L->t_set->core));
    CHECK(ouro_type_is_weakrefable(&L->t_frozenset->core));
    OuroWeakRef *w1 = ouro_weakref_new(L->rt, s, NULL), *w2 = ouro_weakref_new(L->rt, f, NULL);
    CHECK(w1 != NULL && w2 != NULL);
    CHECK_REPR_TAKE(L, obj_newref(s), "set()");
    CHECK_REPR_TAKE(L, obj_newref(f), "frozenset()");
    Obj *f2 = frozenset_new(L, NULL);
    CHECK(f2 != f);                              /* no empty singleton in 3.11 */
    obj_decref(L, f2);
    /* weak references die with their sets */
    Obj *l = list_new(L, 0);
    list_append(L, l, s);
    CHECK(frozenset_new(L, l) == NULL);          /* frozenset([set()]) */
    CHECK_EXC(L, EXC_TypeError, "unhashable type: 'set'");
    Obj *holder = list_new(L, 0);
    list_append(L, holder, l);
    obj_decref(L, l);
    obj_decref(L, s);
    obj_decref(L, f);
    CHECK(ouro_weakref_get(w1) != NULL);         /* still held through holder */
    CHECK(ouro_weakref_get(w2) == NULL);
    obj_decref(L, holder);
    CHECK(ouro_weakref_get(w1) == NULL);
    obj_decref(L, &w1->ob);
    obj_decref(L, &w2->ob);
    /* keys are released in table order: {D(5), D(3), D(9), D(1)} dies
     * as 9, 3, 5, 1 (1 collides with 9 and probes on to slot 6) */
    TypeObject *D = t_class(L, "D", NULL, "__hash__", tfunc(L, "__hash__", fn_hash_tag, NULL),
                            "__del__", tfunc(L, "__del__", fn_log_del, NULL), NULL);
    s = set_new(L, NULL);
    int64_t tags[] = {5, 3, 9, 1};
    for (size_t i = 0; i < 4; i++) {
        Obj *o = obj_call0(L, &D->ob), *t = I(L, tags[i]);
        obj_setattr_str(L, o, "tag", t);
        set_add(L, s, o);
        obj_decref(L, t);
        obj_decref(L, o);
    }
    LOG[0] = '\0';
    obj_decref(L, s);
    CHECK(strcmp(LOG, "9;3;5;1;") == 0);
    /* a cycle through a set subclass instance is collected */
    TypeObject *const bases[] = {L->t_set, NULL};
    TypeObject *S2 = t_class(L, "S2", bases, NULL);
    Obj *x = obj_call0(L, &S2->ob);
    obj_setattr_str(L, x, "me", x);
    obj_decref(L, x);
    CHECK(ouro_gc_collect(L->rt, 2) >= 1);
    obj_decref(L, &S2->ob);
    obj_decref(L, &D->ob);
    t_end(L);
}

/* ------------------------------------------------------------------ */
/* Methods, operators, errors                                          */
/* ------------------------------------------------------------------ */

static void methods_and_errors(void)
{
    Lang *L = t_begin();
    Obj *s = int_set(L, 1, 3, 1), *one = I(L, 1), *five = I(L, 5), *l = list_new(L, 0);
    Obj *t12 = TT(L, 2, I(L, 1), I(L, 2));
    CHECK_REPR_TAKE(L, call_method(L, s, "remove", 1, five), NULL);
    CHECK_EXC(L, EXC_KeyError, "5");
    CHECK_REPR_TAKE(L, call_method(L, s, "remove", 1, t12), NULL);
    CHECK_EXC(L, EXC_KeyError, "(1, 2)");            /* not unpacked */
    CHECK_REPR_TAKE(L, call_method(L, s, "add", 1, l), NULL);
    CHECK_EXC(L, EXC_TypeError, "unhashable type: 'list'");
    CHECK_EQ(obj_contains(L, s, l), -1);
    CHECK_EXC(L, EXC_TypeError, "unhashable type: 'list'");
    CHECK_REPR_TAKE(L, call_method(L, s, "add", 0), NULL);
    CHECK_EXC(L, EXC_TypeError, "set.add() takes exactly one argument (0 given)");
    CHECK_REPR_TAKE(L, call_method(L, s, "union", 1, one), NULL);
    CHECK_EXC(L, EXC_TypeError, "'int' object is not iterable");
    CHECK_REPR_TAKE(L, call_method(L, s, "issubset", 1, one), NULL);
    CHECK_EXC(L, EXC_TypeError, "'int' object is not iterable");
    CHECK_REPR_TAKE(L, obj_binary_op(L, s, l, NB_OR), NULL);
    CHECK_EXC(L, EXC_TypeError, "unsupported operand type(s) for |: 'set' and 'list'");
    CHECK_REPR_TAKE(L, obj_inplace_op(L, s, l, NB_OR), NULL);
    CHECK_EXC(L, EXC_TypeError, "unsupported operand type(s) for |=: 'set' and 'list'");
    CHECK_REPR_TAKE(L, obj_binary_op(L, s, one, NB_SUBTRACT), NULL);
    CHECK_EXC(L, EXC_TypeError, "unsupported operand type(s) for -: 'set' and 'int'");
    CHECK(obj_richcompare(L, s, l, CMP_LT) == NULL);
    CHECK_EXC(L, EXC_TypeError, "'<' not supported between instances of 'set' and 'list'");
    CHECK_EQ(obj_richcompare_bool(L, s, l, CMP_EQ), 0);
    CHECK(obj_hash(L, s) == -1);
    CHECK_EXC(L, EXC_TypeError, "unhashable type: 'set'");
    CHECK_REPR_TAKE(L, obj_call1(L, &L->t_set->ob, one), NULL);
    CHECK_EXC(L, EXC_TypeError, "'int' object is not iterable");
    CHECK_REPR_TAKE(L, t_call(L, &L->t_set->ob, 2, one, one), NULL);
    CHECK_EXC(L, EXC_TypeError, "set expected at most 1 argument, got 2");
    CHECK_REPR_TAKE(L, t_call(L, &L->t_frozenset->ob, 2, one, one), NULL);
    CHECK_EXC(L, EXC_TypeError, "frozenset expected at most 1 argument, got 2");
    Obj *kw = TT(L, 1, S(L, "x"));
    CHECK_REPR_TAKE(L, obj_call(L, &L->t_set->ob, &one, 0, kw), NULL);
    CHECK_EXC(L, EXC_TypeError, "set() takes no keyword arguments");
    CHECK_REPR_TAKE(L, obj_call(L, &L->t_frozenset->ob, &one, 0, kw), NULL);
    CHECK_EXC(L, EXC_TypeError, "frozenset() takes no keyword arguments");
    obj_decref(L, kw);
    Obj *f = obj_call1(L, &L->t_frozenset->ob, s);
    CHECK_REPR_TAKE(L, call_method(L, f, "add", 1, one), NULL);
    CHECK_EXC(L, EXC_AttributeError, "'frozenset' object has no attribute 'add'");
    /* frozenset(f) and f.copy() are f itself; set keys are looked up as
     * frozensets */
    CHECK_REPR_TAKE(L, obj_newref(f), "frozenset({1, 2})");
    Obj *g = obj_call1(L, &L->t_frozenset->ob, f), *c = call_method(L, f, "copy", 0);
    CHECK(g == f && c == f);
    obj_decref(L, g);
    obj_decref(L, c);
    Obj *sf = set_new(L, NULL);
    set_add(L, sf, f);
    CHECK_EQ(obj_contains(L, sf, s), 1);
    CHECK_REPR_TAKE(L, obj_newref(sf), "{frozenset({1, 2})}");
    CHECK_REPR_TAKE(L, call_method(L, sf, "remove", 1, s), "None");
    CHECK_EQ(set_size(sf), 0);
    /* comparisons are subset tests */
    Obj *big = int_set(L, 0, 5, 1);
    CHECK_EQ(obj_richcompare_bool(L, s, big, CMP_LE), 1);
    CHECK_EQ(obj_richcompare_bool(L, s, big, CMP_LT), 1);
    CHECK_EQ(obj_richcompare_bool(L, big, s, CMP_GT), 1);
    CHECK_EQ(obj_richcompare_bool(L, s, s, CMP_LT), 0);
    CHECK_EQ(obj_richcompare_bool(L, s, f, CMP_EQ), 1);        /* {1, 2} == frozenset({1, 2}) */
    CHECK_EQ(obj_richcompare_bool(L, f, big, CMP_NE), 1);
    CHECK_REPR_TAKE(L, call_method(L, s, "issuperset", 1, t12), "True");
    CHECK_REPR_TAKE(L, call_method(L, s, "isdisjoint", 1, l), "True");
    CHECK_REPR_TAKE(L, call_method(L, big, "isdisjoint", 1, f), "False");
    CHECK_REPR_TAKE(L, call_method(L, big, "intersection", 0), "{0, 1, 2, 3, 4}");
    CHECK_REPR_TAKE(L, call_method(L, big, "difference", 2, t12, f), "{0, 3, 4}");
    CHECK_REPR_TAKE(L, call_method(L, big, "intersection_update", 2, t12, s), "None");
    CHECK_REPR_TAKE(L, obj_newref(big), "{1, 2}");
    CHECK_REPR_TAKE(L, call_method(L, big, "symmetric_difference_update", 1, big), "None");
    CHECK_REPR_TAKE(L, obj_newref(big), "set()");
    CHECK_REPR_TAKE(L, call_method(L, big, "update", 2, t12, l), "None");
    CHECK_REPR_TAKE(L, obj_newref(big), "{1, 2}");
    CHECK_REPR_TAKE(L, call_method(L, big, "difference_update", 1, big), "None");
    CHECK_REPR_TAKE(L, obj_newref(big), "set()");
    /* frozenset | set is a frozenset, set | frozenset a set */
    CHECK_REPR_TAKE(L, obj_binary_op(L, f, big, NB_OR), "frozenset({1, 2})");
    CHECK_REPR_TAKE(L, obj_binary_op(L, big, f, NB_OR), "{1, 2}");
    Obj *r = obj_inplace_op(L, f, s, NB_OR);     /* no in-place form: a new frozenset */
    CHECK(r != NULL && r != f && frozenset_check(L, r));
    obj_xdecref(L, r);
    r = obj_inplace_op(L, big, s, NB_AND);       /* in place: the same set */
    CHECK(r == big);
    obj_xdecref(L, r);
    CHECK_REPR_TAKE(L, call_method(L, big, "clear", 0), "None");
    obj_decref(L, big);
    obj_decref(L, sf);
    obj_decref(L, f);
    obj_decref(L, t12);
    obj_decref(L, l);
    obj_decref(L, one);
    obj_decref(L, five);
    obj_decref(L, s);
    t_end(L);
}

/* ------------------------------------------------------------------ */
/* __eq__ that changes the set, changes during iteration               */
/* ------------------------------------------------------------------ */

static Obj *the_set;

/* H.__hash__: 1 for all. H.__eq__(self, other): adds 99 + self.v to the
 * set, then compares v. */
static Obj *fn_hash_one(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)args;
    (void)nargs;
    (void)kw;
    (void)ctx;
    return I(L, 1);
}

static Obj *fn_eq_grow(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)nargs;
    (void)kw;
    (void)ctx;
    Obj *v = obj_getattr_str(L, args[0], "v");
    if (v == NULL)
        return NULL;
    Obj *k = I(L, 99 + int_as_i64(L, v)), *res = NULL;
    if (set_add(L, the_set, k) == 0) {
        Obj *ov = obj_getattr_str(L, args[1], "v");
        if (ov != NULL)
            res = obj_richcompare(L, v, ov, CMP_EQ);
        obj_xdecref(L, ov);
    }
    obj_decref(L, k);
    obj_decref(L, v);
    return res;
}

/* __eq__ that empties the set and says False. */
static Obj *fn_eq_clear(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)args;
    (void)nargs;
    (void)kw;
    (void)ctx;
    set_clear(L, the_set);
    return new_bool(L, 0);
}

static Obj *fn_eq_raise(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)args;
    (void)nargs;
    (void)kw;
    (void)ctx;
    return err_format(L, EXC_RuntimeError, "no");
}

static Obj *new_h(Lang *L, TypeObject *H, int64_t v)
{
    Obj *o = obj_call0(L, &H->ob), *x = I(L, v);
    obj_setattr_str(L, o, "v", x);
    obj_decref(L, x);
    return o;
}

static void mutation_during_lookup(void)
{
    Lang *L = t_begin();
    TypeObject *H = t_class(L, "H", NULL, "__hash__", tfunc(L, "__hash__", fn_hash_one, NULL),
                            "__eq__", tfunc(L, "__eq__", fn_eq_grow, NULL), NULL);
    the_set = set_new(L, NULL);
    for (int64_t v = 1; v <= 3; v++) {
        Obj *h = new_h(L, H, v);
        CHECK_EQ(set_add(L, the_set, h), 0);
        obj_decref(L, h);
    }
    /* as CPython: H1, H2, H3, and 100 (H1 == H2, H1 == H3) and 101 (H2 == H3) */
    CHECK_EQ(set_size(the_set), 5);
    Obj *k100 = I(L, 100), *k101 = I(L, 101);
    CHECK_EQ(set_contains(L, the_set, k100), 1);
    CHECK_EQ(set_contains(L, the_set, k101), 1);
    /* growing the table from __eq__ makes the lookup start again */
    Obj *h2 = new_h(L, H, 2);
    for (int64_t i = 200; i < 260; i++) {
        Obj *x = I(L, i);
        set_add(L, the_set, x);
        obj_decref(L, x);
    }
    CHECK_EQ(set_contains(L, the_set, h2), 1);
    obj_decref(L, h2);
    obj_decref(L, the_set);
    /* an __eq__ that empties the set: the lookup ends cleanly */
    TypeObject *C = t_class(L, "C", NULL, "__hash__", tfunc(L, "__hash__", fn_hash_one, NULL),
                            "__eq__", tfunc(L, "__eq__", fn_eq_clear, NULL), NULL);
    the_set = set_new(L, NULL);
    Obj *c1 = obj_call0(L, &C->ob), *c2 = obj_call0(L, &C->ob);
    set_add(L, the_set, c1);
    set_add(L, the_set, k100);
    CHECK_EQ(set_contains(L, the_set, c2), 0);
    CHECK_EQ(set_size(the_set), 0);
    set_add(L, the_set, c1);
    CHECK_EQ(set_add(L, the_set, c2), 0);        /* c1 went: c2 is added */
    CHECK_EQ(set_size(the_set), 1);
    obj_decref(L, the_set);
    /* an __eq__ that raises */
    TypeObject *R = t_class(L, "R", NULL, "__hash__", tfunc(L, "__hash__", fn_hash_one, NULL),
                            "__eq__", tfunc(L, "__eq__", fn_eq_raise, NULL), NULL);
    Obj *r1 = obj_call0(L, &R->ob), *r2 = obj_call0(L, &R->ob);
    the_set = set_new(L, NULL);
    set_add(L, the_set, r1);
    CHECK_EQ(set_add(L, the_set, r2), -1);
    CHECK_EXC(L, EXC_RuntimeError, "no");
    CHECK_EQ(set_size(the_set), 1);
    CHECK_EQ(set_discard(L, the_set, r2), -1);
    CHECK_EXC(L, EXC_RuntimeError, "no");
    obj_decref(L, the_set);
    the_set = NULL;
    obj_decref(L, r1);
    obj_decref(L, r2);
    obj_decref(L, c1);
    obj_decref(L, c2);
    obj_decref(L, k100);
    obj_decref(L, k101);
    obj_decref(L, &H->ob);
    obj_decref(L, &C->ob);
    obj_decref(L, &R->ob);
    t_end(L);
}

static void changes_during_iteration(void)
{
    Lang *L = t_begin();
    Obj *s = int_set(L, 1, 4, 1), *nine = I(L, 9), *one = I(L, 1);
    Obj *it = obj_iter(L, s);
    CHECK(strcmp(obj_type_name(it), "set_iterator") == 0);
    CHECK_REPR_TAKE(L, call_method(L, it, "__length_hint__", 0), "3");
    CHECK_REPR_TAKE(L, obj_next(L, it), "1");
    CHECK_REPR_TAKE(L, call_method(L, it, "__length_hint__", 0), "2");
    set_add(L, s, nine);
    set_discard(L, s, nine);                     /* same size: goes on */
    CHECK_REPR_TAKE(L, obj_next(L, it), "2");
    set_discard(L, s, one);
    CHECK(obj_next(L, it) == NULL);
    CHECK_EXC(L, EXC_RuntimeError, "Set changed size during iteration");
    set_add(L, s, one);                          /* back to the old size: still broken */
    CHECK(obj_next(L, it) == NULL);
    CHECK_EXC(L, EXC_RuntimeError, "Set changed size during iteration");
    CHECK_REPR_TAKE(L, call_method(L, it, "__length_hint__", 0), "0");
    obj_decref(L, it);
    /* exhausted iterators drop the set */
    it = obj_iter(L, s);
    intptr_t before = s->refcnt;
    for (int i = 0; i < 3; i++)
        obj_xdecref(L, obj_next(L, it));
    CHECK(obj_next(L, it) == NULL && !err_occurred(L));
    CHECK_EQ(s->refcnt, before - 1);
    obj_decref(L, it);
    /* o -> iterator -> frozenset -> o: garbage the collector finds */
    TypeObject *O = t_class(L, "O", NULL, NULL);
    Obj *o = obj_call0(L, &O->ob);
    Obj *f = frozenset_new(L, NULL);
    set_add(L, f, o);                            /* still being filled: allowed */
    it = obj_iter(L, f);
    obj_setattr_str(L, o, "it", it);
    obj_decref(L, it);
    obj_decref(L, f);
    obj_decref(L, o);
    CHECK(ouro_gc_collect(L->rt, 2) >= 3);
    obj_decref(L, &O->ob);
    obj_decref(L, s);
    obj_decref(L, nine);
    obj_decref(L, one);
    t_end(L);
}

/* ------------------------------------------------------------------ */
/* Subclasses, large sets                                              */
/* ------------------------------------------------------------------ */

static void subclasses(void)
{
    Lang *L = t_begin();
    TypeObject *const sb[] = {L->t_set, NULL}, *const fb[] = {L->t_frozenset, NULL};
    TypeObject *S1 = t_class(L, "S1", sb, NULL), *F1 = t_class(L, "F1", fb, NULL);
    Obj *t = TT(L, 1, I(L, 1)), *t2 = TT(L, 1, I(L, 2));
    Obj *a = obj_call1(L, &S1->ob, t), *b = obj_call1(L, &F1->ob, t);
    CHECK_REPR_TAKE(L, obj_newref(a), "S1({1})");
    CHECK_REPR_TAKE(L, obj_newref(b), "F1({1})");
    CHECK_REPR_TAKE(L, obj_call0(L, &S1->ob), "S1()");
    CHECK_REPR_TAKE(L, obj_binary_op(L, a, t2, NB_OR), NULL);
    CHECK_EXC(L, EXC_TypeError, "unsupported operand type(s) for |: 'S1' and 'tuple'");
    Obj *s2 = set_new(L, t2);
    CHECK_REPR_TAKE(L, obj_binary_op(L, a, s2, NB_OR), "{1, 2}");      /* an exact set */
    CHECK_REPR_TAKE(L, obj_binary_op(L, b, s2, NB_OR), "frozenset({1, 2})");
    CHECK_REPR_TAKE(L, call_method(L, b, "copy", 0), "frozenset({1})");
    CHECK(ouro_type_is_weakrefable(&S1->core) && ouro_type_is_weakrefable(&F1->core));
    Obj *plain = frozenset_new(L, t);
    CHECK(obj_hash(L, b) == obj_hash(L, plain));   /* the same hash as frozenset({1}) */
    obj_decref(L, plain);
    CHECK_EQ(obj_richcompare_bool(L, a, b, CMP_EQ), 1);
    obj_decref(L, s2);
    obj_decref(L, a);
    obj_decref(L, b);
    obj_decref(L, t);
    obj_decref(L, t2);
    obj_decref(L, &S1->ob);
    obj_decref(L, &F1->ob);
    t_end(L);
}

static void large_sets(void)
{
    Lang *L = t_begin();
    Obj *b = int_set(L, 0, 100000, 1), *c = int_set(L, 50000, 150000, 1);
    CHECK_EQ(sizeof_of(L, b), 4194504);
    Obj *r = obj_binary_op(L, b, c, NB_OR);
    CHECK_EQ(set_size(r), 150000);
    CHECK_EQ(sizeof_of(L, r), 8388808);
    obj_decref(L, r);
    r = obj_binary_op(L, b, c, NB_AND);
    CHECK_EQ(set_size(r), 50000);
    obj_decref(L, r);
    r = obj_binary_op(L, b, c, NB_SUBTRACT);
    CHECK_EQ(set_size(r), 50000);
    obj_decref(L, r);
    r = obj_binary_op(L, b, c, NB_XOR);
    CHECK_EQ(set_size(r), 100000);
    int64_t sum = 0;
    size_t pos = 0;
    Obj *k;
    while (set_next(r, &pos, &k, NULL))
        sum += int_as_i64(L, k);
    CHECK_EQ(sum, (int64_t)49999 * 50000 / 2 + ((int64_t)100000 + 149999) * 50000 / 2);
    obj_decref(L, r);
    Obj *l = list_from_iterable(L, b);
    CHECK_REPR_TAKE(L, call_method(L, b, "difference_update", 1, l), "None");
    CHECK_EQ(set_size(b), 0);
    CHECK_EQ(sizeof_of(L, b), 200);              /* the dummies resized away */
    CHECK_REPR_TAKE(L, call_method(L, c, "issuperset", 1, l), "False");
    obj_decref(L, l);
    obj_decref(L, b);
    obj_decref(L, c);
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

static int workload(Lang *L)
{
    int ok = -1;
    Obj *a = NULL, *b = NULL, *f = NULL, *r = NULL, *x = NULL, *it = NULL, *l = NULL, *d = NULL;
    TRY(a = set_new(L, NULL));
    for (int64_t i = 0; i < 60; i++) {
        TRY(x = I(L, i * 1000));
        TRY(set_add(L, a, x) == 0);
        obj_clearref(L, &x);
    }
    TRY(l = list_new(L, 0));
    for (int64_t i = 0; i < 40; i++) {
        TRY(x = I(L, i * 3000));
        int rc = list_append_take(L, l, x);   /* takes x, even on failure */
        x = NULL;
        TRY(rc == 0);
    }
    TRY(b = set_new(L, l));
    TRY(f = frozenset_new(L, b));
    TRY(obj_hash(L, f) != -1);
    TRY(r = obj_binary_op(L, a, b, NB_OR));
    obj_clearref(L, &r);
    TRY(r = obj_binary_op(L, a, f, NB_AND));
    obj_clearref(L, &r);
    TRY(r = obj_binary_op(L, a, b, NB_XOR));
    obj_clearref(L, &r);
    TRY(r = obj_binary_op(L, f, a, NB_SUBTRACT));
    obj_clearref(L, &r);
    TRY(r = call_method(L, a, "intersection", 1, l));
    obj_clearref(L, &r);
    TRY(r = call_method(L, a, "symmetric_difference_update", 1, l));
    obj_clearref(L, &r);
    TRY(r = obj_inplace_op(L, a, b, NB_AND));
    obj_clearref(L, &r);
    TRY(d = dict_new(L));
    TRY(dict_setitem(L, d, f, f) == 0);
    TRY(set_update(L, a, d) == 0);
    TRY(r = obj_repr(L, a));
    obj_clearref(L, &r);
    TRY(it = obj_iter(L, b));
    while ((x = obj_next(L, it)) != NULL) {
        int rc = set_discard(L, a, x);
        obj_clearref(L, &x);
        TRY(rc >= 0);
    }
    TRY(!err_occurred(L));
    TRY(r = set_pop(L, b));
    ok = 0;
done:
    obj_xdecref(L, a);
    obj_xdecref(L, b);
    obj_xdecref(L, f);
    obj_xdecref(L, r);
    obj_xdecref(L, x);
    obj_xdecref(L, it);
    obj_xdecref(L, l);
    obj_xdecref(L, d);
    return ok;
}

static void every_failed_allocation_ends_in_memory_error(void)
{
    t_fault_sweep(workload, 31, 1);
}

int main(void)
{
    RUN(orders_sizes_and_hashes_are_cpythons);
    RUN(tracking_weakrefs_and_release_order);
    RUN(methods_and_errors);
    RUN(mutation_during_lookup);
    RUN(changes_during_iteration);
    RUN(subclasses);
    RUN(large_sets);
    RUN(every_failed_allocation_ends_in_memory_error);
    return check_exit();
}
