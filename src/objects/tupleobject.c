/*
 * tupleobject.c - tuple and its iterator (tupleobject.h states the
 * invariants): creation, hashing (CPython's xxHash-based tuplehash, so
 * that sets of tuples iterate as CPython's), comparison, repr with "(...)"
 * for self-containment, indexing and slicing, concatenation and
 * repetition, count and index.
 */
#include <stdarg.h>
#include <string.h>

#include "tupleobject.h"
#include "exceptions.h"
#include "instance.h"
#include "intobject.h"
#include "sliceobject.h"
#include "strobject.h"
#include "typeobject.h"

/* ------------------------------------------------------------------ */
/* Creation                                                            */
/* ------------------------------------------------------------------ */

/* Free lists, as CPython 3.11's: a dead exact tuple of 1..20 items is
 * kept (up to 2000 of each size; the core's recycle slot) and the next
 * tuple of its size reuses it. As in CPython, neither the reuse nor the
 * keeping counts towards the collector's threshold, and every full
 * collection empties the lists (the clear_free_lists hook), so
 * gc.get_count() and the collections a tuple-heavy program runs follow
 * CPython's. The dead tuple's items are all NULL (tuple_dealloc) but the
 * first, which links the list. */
static int tuple_recycle(OuroRuntime *rt, Obj *self)
{
    (void)rt;
    Lang *L = TYPE(self)->core.data;
    size_t n = tuple_size(self);
    if (!IS_TYPE(self, L->t_tuple) || n - 1 >= LANG_TUPLE_FREE_SIZES ||
        L->tuple_nfree[n - 1] >= LANG_TUPLE_FREE_MAX || L->tuple_free_off)
        return 0;
    tuple_items(self)[0] = L->tuple_free[n - 1];
    L->tuple_free[n - 1] = self;
    L->tuple_nfree[n - 1]++;
    return 1;
}

void tuple_clear_free_lists(Lang *L)
{
    for (size_t i = 0; i < LANG_TUPLE_FREE_SIZES; i++) {
        while (L->tuple_free[i] != NULL) {
            Obj *t = L->tuple_free[i];
            L->tuple_free[i] = tuple_items(t)[0];
            tuple_items(t)[0] = NULL;
            ouro_object_free(L->rt, t);
        }
        L->tuple_nfree[i] = 0;
    }
}

/* tuple_new, inline for the creators in this file: building a tuple from
 * the VM's stack then makes one call fewer. */
static inline Obj *new_tuple(Lang *L, size_t n)
{
    if (n == 0 && L->empty_tuple != NULL)
        return obj_newref(L->empty_tuple);
    if (n - 1 < LANG_TUPLE_FREE_SIZES && L->tuple_free[n - 1] != NULL) {
        Obj *t = L->tuple_free[n - 1];
        L->tuple_free[n - 1] = tuple_items(t)[0];
        L->tuple_nfree[n - 1]--;
        tuple_items(t)[0] = NULL;
        ouro_object_revive(L->rt, t);
        ouro_gc_track(L->rt, t);
        return t;
    }
    Obj *t = obj_alloc_var_builtin(L, L->t_tuple, n);
    if (t != NULL && n > 0)
        ouro_gc_track(L->rt, t);       /* created tracked, as CPython's */
    return t;
}

Obj *tuple_new(Lang *L, size_t n)
{
    return new_tuple(L, n);
}

Obj *tuple_from_array(Lang *L, Obj *const *items, size_t n)
{
    Obj *t = new_tuple(L, n);
    if (t == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++)
        tuple_items(t)[i] = obj_newref(items[i]);
    return t;
}

Obj *tuple_from_array_take(Lang *L, Obj *const *items, size_t n)
{
    Obj *t = new_tuple(L, n);
    if (t == NULL) {
        for (size_t i = 0; i < n; i++)
            obj_decref(L, items[i]);
        return NULL;
    }
    /* Pairs are the common case: two stores, not a call to memcpy. */
    Obj **dst = tuple_items(t);
    if (n == 2) {
        dst[0] = items[0];
        dst[1] = items[1];
    } else if (n > 0) {
        memcpy(dst, items, n * sizeof(Obj *));
    }
    return t;
}

Obj *tuple_pack(Lang *L, size_t n, ...)
{
    Obj *t = tuple_new(L, n);
    if (t == NULL)
        return NULL;
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        tuple_items(t)[i] = obj_newref(va_arg(ap, Obj *));
    va_end(ap);
    return t;
}

Obj *tuple_slice(Lang *L, Obj *t, size_t lo, size_t hi)
{
    if (lo == 0 && hi == tuple_size(t) && tuple_check_exact(L, t))
        return obj_newref(t);
    return tuple_from_array(L, tuple_items(t) + lo, hi - lo);
}

Obj *tuple_from_iterable(Lang *L, Obj *iterable)
{
    if (tuple_check_exact(L, iterable))
        return obj_newref(iterable);
    Obj *it = obj_iter(L, iterable);
    if (it == NULL)
        return NULL;
    size_t n = 0, cap = 8;
    Obj **buf = mem_alloc(L, cap * sizeof(Obj *));
    Obj *x = NULL;
    while (buf != NULL && (x = obj_next(L, it)) != NULL) {
        if (n == cap) {
            Obj **nb = mem_realloc(L, buf, cap * sizeof(Obj *), cap * 2 * sizeof(Obj *));
            if (nb == NULL) {
                obj_decref(L, x);
                break;
            }
            buf = nb;
            cap *= 2;
        }
        buf[n++] = x;
    }
    obj_decref(L, it);
    Obj *t = NULL;
    if (buf != NULL && !err_occurred(L)) {
        t = tuple_from_array_take(L, buf, n);
    } else {
        for (size_t i = 0; i < n; i++)
            obj_decref(L, buf[i]);
    }
    if (buf != NULL)
        mem_free(L, buf, cap * sizeof(Obj *));
    return t;
}

/* ------------------------------------------------------------------ */
/* Lifecycle                                                           */
/* ------------------------------------------------------------------ */

static int tuple_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    Obj **items = tuple_items(self);
    for (size_t i = tuple_size(self); i-- > 0;) {
        if (items[i] != NULL) {
            int r = visit(items[i], arg);
            if (r)
                return r;
        }
    }
    return 0;
}

/* Items are released last to first (CPython's tupledealloc). */
static void tuple_dealloc(OuroRuntime *rt, Obj *self)
{
    Obj **items = tuple_items(self);
    for (size_t i = tuple_size(self); i-- > 0;)
        ouro_clearref(rt, &items[i]);
}

/* ------------------------------------------------------------------ */
/* Hash, comparison, repr                                              */
/* ------------------------------------------------------------------ */

#define XXPRIME_1 ((uint64_t)11400714785074694791ULL)
#define XXPRIME_2 ((uint64_t)14029467366897019727ULL)
#define XXPRIME_5 ((uint64_t)2870177450012600261ULL)
#define XXROTATE(x) (((x) << 31) | ((x) >> 33))

intptr_t tuple_hash(Lang *L, Obj *self)
{
    size_t n = tuple_size(self);
    uint64_t acc = XXPRIME_5;
    for (size_t i = 0; i < n; i++) {
        intptr_t lane = obj_hash(L, tuple_items(self)[i]);
        if (lane == -1)
            return -1;
        acc += (uint64_t)lane * XXPRIME_2;
        acc = XXROTATE(acc);
        acc *= XXPRIME_1;
    }
    acc += n ^ (XXPRIME_5 ^ 3527539UL);
    if (acc == (uint64_t)-1)
        return 1546275796;
    return (intptr_t)acc;
}

static Obj *tuple_richcompare(Lang *L, Obj *v, Obj *w, int op)
{
    if (!tuple_check(w))
        return new_not_implemented(L);
    size_t vlen = tuple_size(v), wlen = tuple_size(w), i;
    /* Find the first index where the items differ. */
    for (i = 0; i < vlen && i < wlen; i++) {
        int k = obj_richcompare_bool(L, tuple_items(v)[i], tuple_items(w)[i], CMP_EQ);
        if (k < 0)
            return NULL;
        if (!k)
            break;
    }
    if (i >= vlen || i >= wlen) {
        int r;
        switch (op) {
        case CMP_LT: r = vlen < wlen; break;
        case CMP_LE: r = vlen <= wlen; break;
        case CMP_EQ: r = vlen == wlen; break;
        case CMP_NE: r = vlen != wlen; break;
        case CMP_GT: r = vlen > wlen; break;
        default: r = vlen >= wlen; break;
        }
        return new_bool(L, r);
    }
    if (op == CMP_EQ)
        return new_bool(L, 0);
    if (op == CMP_NE)
        return new_bool(L, 1);
    return obj_richcompare(L, tuple_items(v)[i], tuple_items(w)[i], op);
}

static Obj *tuple_repr(Lang *L, Obj *self)
{
    size_t n = tuple_size(self);
    if (n == 0)
        return str_from_cstr(L, "()");
    int rec = repr_enter(L, self);
    if (rec != 0)
        return rec > 0 ? str_from_cstr(L, "(...)") : NULL;
    StrBuilder sb;
    sb_init(L, &sb);
    int err = sb_append_char(&sb, '(');
    for (size_t i = 0; err == 0 && i < n; i++) {
        if (i > 0)
            err = sb_append(&sb, ", ", 2);
        if (err == 0)
            err = sb_append_repr(&sb, tuple_items(self)[i]);
    }
    if (err == 0 && n == 1)
        err = sb_append_char(&sb, ',');
    if (err == 0)
        err = sb_append_char(&sb, ')');
    repr_leave(L, self);
    if (err < 0) {
        sb_abandon(&sb);
        return NULL;
    }
    return sb_finish(&sb);
}

/* ------------------------------------------------------------------ */
/* Sequence protocol                                                   */
/* ------------------------------------------------------------------ */

static intptr_t tuple_length(Lang *L, Obj *self)
{
    (void)L;
    return (intptr_t)tuple_size(self);
}

static Obj *tuple_item(Lang *L, Obj *self, intptr_t i)
{
    if (i < 0 || (size_t)i >= tuple_size(self))
        return err_format(L, EXC_IndexError, "tuple index out of range");
    return obj_newref(tuple_items(self)[i]);
}

static Obj *tuple_subscript(Lang *L, Obj *self, Obj *key)
{
    if (TYPE(key)->nb.index != NULL) {
        intptr_t i = obj_as_ssize(L, key, EXC_IndexError);
        if (i == -1 && err_occurred(L))
            return NULL;
        if (i < 0)
            i += (intptr_t)tuple_size(self);
        return tuple_item(L, self, i);
    }
    if (slice_check(L, key)) {
        intptr_t start, stop, step;
        if (slice_unpack(L, key, &start, &stop, &step) < 0)
            return NULL;
        intptr_t n = slice_adjust_indices((intptr_t)tuple_size(self), &start, &stop, step);
        if (step == 1)
            return tuple_slice(L, self, (size_t)start, (size_t)(start + n));
        Obj *t = tuple_new(L, (size_t)n);
        if (t == NULL)
            return NULL;
        for (intptr_t k = 0, i = start; k < n; k++, i += step)
            tuple_items(t)[k] = obj_newref(tuple_items(self)[i]);
        return t;
    }
    return err_format(L, EXC_TypeError, "tuple indices must be integers or slices, not %.200s",
                      obj_type_name(key));
}

static int tuple_contains(Lang *L, Obj *self, Obj *x)
{
    int r = 0;
    for (size_t i = 0; r == 0 && i < tuple_size(self); i++)
        r = obj_richcompare_bool(L, tuple_items(self)[i], x, CMP_EQ);
    return r;
}

static Obj *tuple_concat(Lang *L, Obj *a, Obj *b)
{
    if (!tuple_check(b))
        return err_format(L, EXC_TypeError, "can only concatenate tuple (not \"%.200s\") to tuple",
                          obj_type_name(b));
    size_t na = tuple_size(a), nb = tuple_size(b);
    if (nb == 0 && tuple_check_exact(L, a))
        return obj_newref(a);
    if (na == 0 && tuple_check_exact(L, b))
        return obj_newref(b);
    Obj *t = tuple_new(L, na + nb);
    if (t == NULL)
        return NULL;
    for (size_t i = 0; i < na; i++)
        tuple_items(t)[i] = obj_newref(tuple_items(a)[i]);
    for (size_t i = 0; i < nb; i++)
        tuple_items(t)[na + i] = obj_newref(tuple_items(b)[i]);
    return t;
}

static Obj *tuple_repeat(Lang *L, Obj *self, intptr_t n)
{
    size_t size = tuple_size(self);
    if (n <= 0 || size == 0)
        return obj_newref(L->empty_tuple);
    if (n == 1 && tuple_check_exact(L, self))
        return obj_newref(self);
    if (size > (size_t)INTPTR_MAX / sizeof(Obj *) / (size_t)n)
        return err_no_memory(L);
    Obj *t = tuple_new(L, size * (size_t)n);
    if (t == NULL)
        return NULL;
    for (intptr_t k = 0; k < n; k++) {
        for (size_t i = 0; i < size; i++)
            tuple_items(t)[(size_t)k * size + i] = obj_newref(tuple_items(self)[i]);
    }
    return t;
}

/* ------------------------------------------------------------------ */
/* Iterator                                                            */
/* ------------------------------------------------------------------ */

typedef struct TupleIterObject {
    OuroObject ob;
    size_t index;
    Obj *tuple;                   /* owned; NULL once exhausted */
} TupleIterObject;

static Obj *tuple_iter(Lang *L, Obj *self)
{
    TupleIterObject *it = (TupleIterObject *)obj_alloc(L, L->t_tuple_iter);
    if (it == NULL)
        return NULL;
    it->tuple = obj_newref(self);
    obj_track(L, &it->ob);
    return &it->ob;
}

static Obj *tupleiter_next(Lang *L, Obj *self)
{
    TupleIterObject *it = (TupleIterObject *)self;
    if (it->tuple == NULL)
        return NULL;
    if (it->index < tuple_size(it->tuple))
        return obj_newref(tuple_items(it->tuple)[it->index++]);
    obj_clearref(L, &it->tuple);
    return NULL;
}

static Obj *tupleiter_iter(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(self);
}

static int tupleiter_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    Obj *t = ((TupleIterObject *)self)->tuple;
    return t ? visit(t, arg) : 0;
}

static int tupleiter_clear(OuroRuntime *rt, Obj *self)
{
    ouro_clearref(rt, &((TupleIterObject *)self)->tuple);
    return 0;
}

const TypeSpec tuple_iter_spec = {
    .name = "tuple_iterator",
    .basic_size = sizeof(TupleIterObject),
    .core_flags = OURO_TYPE_GC,
    .traverse = tupleiter_traverse,
    .clear = tupleiter_clear,
    .iter = tupleiter_iter,
    .iternext = tupleiter_next,
};

/* ------------------------------------------------------------------ */
/* Construction and methods                                            */
/* ------------------------------------------------------------------ */

static Obj *tuple_tp_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames)
{
    if (kwnames != NULL && tuple_size(kwnames) > 0)
        return err_format(L, EXC_TypeError, "tuple() takes no keyword arguments");
    if (nargs > 1)
        return err_format(L, EXC_TypeError, "tuple expected at most 1 argument, got %zu", nargs);
    Obj *t = nargs ? tuple_from_iterable(L, args[0]) : obj_newref(L->empty_tuple);
    if (t == NULL || type == L->t_tuple)
        return t;
    /* A subclass: copy the items into an instance of it. */
    size_t n = tuple_size(t);
    Obj *sub = instance_alloc(L, type, n);
    if (sub != NULL) {
        for (size_t i = 0; i < n; i++)
            tuple_items(sub)[i] = obj_newref(tuple_items(t)[i]);
    }
    obj_decref(L, t);
    return sub;
}

static Obj *tuple_count(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)nargs;
    (void)kwnames;
    int64_t count = 0;
    for (size_t i = 0; i < tuple_size(self); i++) {
        int r = obj_richcompare_bool(L, tuple_items(self)[i], args[0], CMP_EQ);
        if (r < 0)
            return NULL;
        count += r;
    }
    return int_from_i64(L, count);
}

static Obj *tuple_index(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)kwnames;
    if (nargs < 1 || nargs > 3)
        return err_format(L, EXC_TypeError, "index expected at least 1 argument, got %zu", nargs);
    intptr_t n = (intptr_t)tuple_size(self), start = 0, stop = n;
    for (size_t k = 1; k < nargs; k++) {
        intptr_t v = obj_as_ssize(L, args[k], -1);
        if (v == -1 && err_occurred(L))
            return NULL;
        if (v < 0 && (v += n) < 0)
            v = 0;
        *(k == 1 ? &start : &stop) = v;
    }
    for (intptr_t i = start; i < stop && i < (intptr_t)tuple_size(self); i++) {
        int r = obj_richcompare_bool(L, tuple_items(self)[i], args[0], CMP_EQ);
        if (r < 0)
            return NULL;
        if (r)
            return int_from_i64(L, i);
    }
    return err_format(L, EXC_ValueError, "tuple.index(x): x not in tuple");
}

static Obj *tuple_getnewargs(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    Obj *copy = tuple_slice(L, self, 0, tuple_size(self));
    if (copy == NULL)
        return NULL;
    Obj *r = tuple_pack(L, 1, copy);
    obj_decref(L, copy);
    return r;
}

static const MethodDef tuple_methods[] = {
    {"count", tuple_count, METH_O, "Return number of occurrences of value."},
    {"index", tuple_index, 0, "Return first index of value."},
    {"__getnewargs__", tuple_getnewargs, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static const SequenceSlots tuple_sq = {
    .concat = tuple_concat,
    .repeat = tuple_repeat,
    .item = tuple_item,
};

const TypeSpec tuple_spec = {
    .name = "tuple",
    .basic_size = sizeof(TupleObject),
    .item_size = sizeof(Obj *),
    .core_flags = OURO_TYPE_GC | OURO_TYPE_UNTRACK_IMMUTABLE,
    .flags = TF_BASETYPE | TF_TUPLE_SUBCLASS,
    .dealloc = tuple_dealloc,
    .traverse = tuple_traverse,
    .recycle = tuple_recycle,
    .repr = tuple_repr,
    .hash = tuple_hash,
    .richcompare = tuple_richcompare,
    .iter = tuple_iter,
    .length = tuple_length,
    .subscript = tuple_subscript,
    .contains = tuple_contains,
    .tp_new = tuple_tp_new,
    .sq = &tuple_sq,
    .methods = tuple_methods,
    .doc = "Built-in immutable sequence.",
};
