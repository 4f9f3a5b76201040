/*
 * rangeobject.c - range and range_iterator (rangeobject.h): construction
 * with CPython's argument checks, length, indexing and slicing, `in`,
 * equality and hash as sequences, count/index, repr, iteration both ways.
 * The iterator type lives in L->t_iterators[RANGE_ITER_SLOT].
 */
#include "rangeobject.h"
#include "exceptions.h"
#include "intobject.h"
#include "sliceobject.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

#define RANGE_ITER_SLOT 10

typedef struct RangeIterObject {
    OuroObject ob;
    int64_t next, step, remaining;
} RangeIterObject;

static int64_t range_len(int64_t start, int64_t stop, int64_t step)
{
    if (step > 0 && start < stop)
        return (int64_t)(((uint64_t)stop - (uint64_t)start - 1) / (uint64_t)step + 1);
    if (step < 0 && start > stop)
        return (int64_t)(((uint64_t)start - (uint64_t)stop - 1) / (0 - (uint64_t)step) + 1);
    return 0;
}

static Obj *range_make(Lang *L, TypeObject *type, int64_t start, int64_t stop, int64_t step)
{
    RangeObject *r = (RangeObject *)obj_alloc(L, type);
    if (r == NULL)
        return NULL;
    r->start = start;
    r->stop = stop;
    r->step = step;
    r->length = range_len(start, stop, step);
    return &r->ob;
}

static int as_bound(Lang *L, Obj *o, int64_t *out)
{
    Obj *i = obj_index(L, o);
    if (i == NULL)
        return -1;
    *out = int_as_i64(L, i);
    obj_decref(L, i);
    return (*out == -1 && err_occurred(L)) ? -1 : 0;
}

static Obj *range_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames)
{
    if (kwnames != NULL && tuple_size(kwnames) > 0)
        return err_format(L, EXC_TypeError, "range() takes no keyword arguments");
    int64_t start = 0, stop = 0, step = 1;
    switch (nargs) {
    case 1:
        if (as_bound(L, args[0], &stop) < 0)
            return NULL;
        break;
    case 2:
    case 3:
        if (as_bound(L, args[0], &start) < 0 || as_bound(L, args[1], &stop) < 0)
            return NULL;
        if (nargs == 3 && as_bound(L, args[2], &step) < 0)
            return NULL;
        if (step == 0)
            return err_format(L, EXC_ValueError, "range() arg 3 must not be zero");
        break;
    case 0:
        return err_format(L, EXC_TypeError, "range expected at least 1 argument, got 0");
    default:
        return err_format(L, EXC_TypeError, "range expected at most 3 arguments, got %zu", nargs);
    }
    return range_make(L, type, start, stop, step);
}

static intptr_t range_length(Lang *L, Obj *self)
{
    (void)L;
    return (intptr_t)((RangeObject *)self)->length;
}

static int range_bool(Lang *L, Obj *self)
{
    (void)L;
    return ((RangeObject *)self)->length != 0;
}

static Obj *range_item(Lang *L, Obj *self, intptr_t i)
{
    RangeObject *r = (RangeObject *)self;
    if (i < 0 || i >= r->length)
        return err_format(L, EXC_IndexError, "range object index out of range");
    return int_from_i64(L, r->start + (int64_t)i * r->step);
}

static Obj *range_subscript(Lang *L, Obj *self, Obj *key)
{
    RangeObject *r = (RangeObject *)self;
    if (slice_check(L, key)) {
        intptr_t start, stop, step;
        if (slice_unpack(L, key, &start, &stop, &step) < 0)
            return NULL;
        intptr_t n = slice_adjust_indices((intptr_t)r->length, &start, &stop, step);
        int64_t s = r->start + (int64_t)start * r->step;
        int64_t st = r->step * (int64_t)step;
        return range_make(L, TYPE(self), s, s + (int64_t)n * st, st);
    }
    Obj *idx = obj_index(L, key);
    if (idx == NULL) {
        err_clear(L);
        return err_format(L, EXC_TypeError, "range indices must be integers or slices, not %.200s",
                          obj_type_name(key));
    }
    int64_t i = int_as_i64(L, idx);
    obj_decref(L, idx);
    if (i == -1 && err_occurred(L))
        return NULL;
    if (i < 0)
        i += r->length;
    return range_item(L, self, (intptr_t)i);
}

/* The index of int value v in r, or -1. */
static int64_t index_of(RangeObject *r, int64_t v)
{
    if (r->length == 0)
        return -1;
    int64_t off = v - r->start;
    if (off % r->step != 0)
        return -1;
    int64_t i = off / r->step;
    return i >= 0 && i < r->length ? i : -1;
}

static int range_contains(Lang *L, Obj *self, Obj *item)
{
    RangeObject *r = (RangeObject *)self;
    if (int_check_exact(L, item) || IS_TYPE(item, L->t_bool)) {
        int64_t v;
        if (!int_as_i64_exact(item, &v))
            return 0;
        return index_of(r, v) >= 0;
    }
    for (int64_t i = 0; i < r->length; i++) {
        Obj *x = int_from_i64(L, r->start + i * r->step);
        if (x == NULL)
            return -1;
        int eq = obj_richcompare_bool(L, x, item, CMP_EQ);
        obj_decref(L, x);
        if (eq != 0)
            return eq;
    }
    return 0;
}

static Obj *range_richcompare(Lang *L, Obj *a, Obj *b, int op)
{
    if (!range_check(L, b) || (op != CMP_EQ && op != CMP_NE))
        return new_not_implemented(L);
    RangeObject *x = (RangeObject *)a, *y = (RangeObject *)b;
    int eq = x->length == y->length &&
             (x->length == 0 ||
              (x->start == y->start && (x->length == 1 || x->step == y->step)));
    return new_bool(L, op == CMP_EQ ? eq : !eq);
}

static intptr_t range_hash(Lang *L, Obj *self)
{
    RangeObject *r = (RangeObject *)self;
    Obj *t = NULL;
    Obj *len = int_from_i64(L, r->length);
    Obj *start = r->length ? int_from_i64(L, r->start) : new_none(L);
    Obj *step = r->length > 1 ? int_from_i64(L, r->step) : new_none(L);
    intptr_t h = -1;
    if (len && start && step && (t = tuple_pack(L, 3, len, start, step)) != NULL)
        h = obj_hash(L, t);
    obj_xdecref(L, t);
    obj_xdecref(L, len);
    obj_xdecref(L, start);
    obj_xdecref(L, step);
    return h;
}

static Obj *range_repr(Lang *L, Obj *self)
{
    RangeObject *r = (RangeObject *)self;
    if (r->step == 1)
        return str_from_format(L, "range(%lld, %lld)", (long long)r->start, (long long)r->stop);
    return str_from_format(L, "range(%lld, %lld, %lld)", (long long)r->start,
                           (long long)r->stop, (long long)r->step);
}

static Obj *make_iter(Lang *L, int64_t next, int64_t step, int64_t n)
{
    RangeIterObject *it = (RangeIterObject *)obj_alloc(L, L->t_iterators[RANGE_ITER_SLOT]);
    if (it == NULL)
        return NULL;
    it->next = next;
    it->step = step;
    it->remaining = n;
    return &it->ob;
}

static Obj *range_iter(Lang *L, Obj *self)
{
    RangeObject *r = (RangeObject *)self;
    return make_iter(L, r->start, r->step, r->length);
}

static Obj *range_reversed(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    RangeObject *r = (RangeObject *)self;
    int64_t last = r->start + (r->length - 1) * r->step;
    return make_iter(L, r->length ? last : 0, -r->step, r->length);
}

static Obj *range_count(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    RangeObject *r = (RangeObject *)self;
    if (int_check_exact(L, args[0])) {
        int64_t v;
        return int_from_i64(L, int_as_i64_exact(args[0], &v) && index_of(r, v) >= 0);
    }
    int c = range_contains(L, self, args[0]);
    return c < 0 ? NULL : int_from_i64(L, c);
}

static Obj *range_index(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    RangeObject *r = (RangeObject *)self;
    int64_t v;
    if (int_check_exact(L, args[0]) && int_as_i64_exact(args[0], &v)) {
        int64_t i = index_of(r, v);
        if (i >= 0)
            return int_from_i64(L, i);
    }
    return err_format(L, EXC_ValueError, "%R is not in range", args[0]);
}

static Obj *get_start(Lang *L, Obj *self) { return int_from_i64(L, ((RangeObject *)self)->start); }
static Obj *get_stop(Lang *L, Obj *self) { return int_from_i64(L, ((RangeObject *)self)->stop); }
static Obj *get_step(Lang *L, Obj *self) { return int_from_i64(L, ((RangeObject *)self)->step); }

static const GetSetDef range_getsets[] = {
    {"start", get_start, NULL, NULL},
    {"stop", get_stop, NULL, NULL},
    {"step", get_step, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

static const MethodDef range_methods[] = {
    {"__reversed__", range_reversed, METH_NOARGS, NULL},
    {"count", range_count, METH_O, NULL},
    {"index", range_index, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static const NumberSlots range_number = {.to_bool = range_bool};
static const SequenceSlots range_sequence = {.item = range_item};

static const TypeSpec range_spec = {
    .name = "range",
    .basic_size = sizeof(RangeObject),
    .repr = range_repr,
    .hash = range_hash,
    .richcompare = range_richcompare,
    .getattro = object_generic_getattr,
    .iter = range_iter,
    .length = range_length,
    .subscript = range_subscript,
    .contains = range_contains,
    .tp_new = range_new,
    .nb = &range_number,
    .sq = &range_sequence,
    .methods = range_methods,
    .getsets = range_getsets,
};

static Obj *rangeiter_next(Lang *L, Obj *self)
{
    RangeIterObject *it = (RangeIterObject *)self;
    if (it->remaining <= 0)
        return NULL;
    int64_t v = it->next;
    it->next += it->step;
    it->remaining--;
    return int_from_i64(L, v);
}

static Obj *self_iter(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(self);
}

static Obj *rangeiter_length_hint(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    RangeIterObject *it = (RangeIterObject *)self;
    return int_from_i64(L, it->remaining > 0 ? it->remaining : 0);
}

static const MethodDef rangeiter_methods[] = {
    {"__length_hint__", rangeiter_length_hint, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static const TypeSpec rangeiter_spec = {
    .name = "range_iterator",
    .basic_size = sizeof(RangeIterObject),
    .getattro = object_generic_getattr,
    .iter = self_iter,
    .iternext = rangeiter_next,
    .methods = rangeiter_methods,
};

int range_init_types(Lang *L)
{
    if (L->t_range == NULL && (L->t_range = type_from_spec(L, &range_spec, NULL)) == NULL)
        return -1;
    if (L->t_iterators[RANGE_ITER_SLOT] == NULL &&
        (L->t_iterators[RANGE_ITER_SLOT] = type_from_spec(L, &rangeiter_spec, NULL)) == NULL)
        return -1;
    return 0;
}
