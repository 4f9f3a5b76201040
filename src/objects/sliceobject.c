/*
 * sliceobject.c - slice objects and slice index arithmetic (sliceobject.h).
 */
#include "sliceobject.h"
#include "exceptions.h"
#include "intobject.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

Obj *slice_new(Lang *L, Obj *start, Obj *stop, Obj *step)
{
    SliceObject *s = (SliceObject *)obj_alloc(L, L->t_slice);
    if (s == NULL)
        return NULL;
    s->start = obj_newref(start ? start : L->none);
    s->stop = obj_newref(stop ? stop : L->none);
    s->step = obj_newref(step ? step : L->none);
    obj_track(L, &s->ob);
    return &s->ob;
}

/* A slice bound: None keeps *out, else an index clamped to intptr_t. */
static int slice_index(Lang *L, Obj *v, intptr_t *out)
{
    if (v == L->none)
        return 0;
    if (TYPE(v)->nb.index == NULL) {
        err_format(L, EXC_TypeError,
                   "slice indices must be integers or None or have an __index__ method");
        return -1;
    }
    intptr_t x = obj_as_ssize(L, v, -1);
    if (x == -1 && err_occurred(L))
        return -1;
    *out = x;
    return 0;
}

int slice_unpack(Lang *L, Obj *o, intptr_t *start, intptr_t *stop, intptr_t *step)
{
    SliceObject *s = (SliceObject *)o;
    *step = 1;
    if (slice_index(L, s->step, step) < 0)
        return -1;
    if (*step == 0) {
        err_format(L, EXC_ValueError, "slice step cannot be zero");
        return -1;
    }
    /* -INTPTR_MAX rather than MIN, so that -step cannot overflow. */
    if (*step < -INTPTR_MAX)
        *step = -INTPTR_MAX;
    *start = *step < 0 ? INTPTR_MAX : 0;
    *stop = *step < 0 ? INTPTR_MIN : INTPTR_MAX;
    if (slice_index(L, s->start, start) < 0 || slice_index(L, s->stop, stop) < 0)
        return -1;
    return 0;
}

intptr_t slice_adjust_indices(intptr_t len, intptr_t *start, intptr_t *stop, intptr_t step)
{
    if (*start < 0) {
        *start += len;
        if (*start < 0)
            *start = step < 0 ? -1 : 0;
    } else if (*start >= len) {
        *start = step < 0 ? len - 1 : len;
    }
    if (*stop < 0) {
        *stop += len;
        if (*stop < 0)
            *stop = step < 0 ? -1 : 0;
    } else if (*stop >= len) {
        *stop = step < 0 ? len - 1 : len;
    }
    if (step < 0) {
        if (*stop < *start)
            return (*start - *stop - 1) / (-step) + 1;
    } else if (*start < *stop) {
        return (*stop - *start - 1) / step + 1;
    }
    return 0;
}

static int slice_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    SliceObject *s = (SliceObject *)self;
    int r = s->start ? visit(s->start, arg) : 0;
    if (r == 0 && s->stop)
        r = visit(s->stop, arg);
    if (r == 0 && s->step)
        r = visit(s->step, arg);
    return r;
}

static void slice_dealloc(OuroRuntime *rt, Obj *self)
{
    SliceObject *s = (SliceObject *)self;
    ouro_clearref(rt, &s->start);
    ouro_clearref(rt, &s->stop);
    ouro_clearref(rt, &s->step);
}

static Obj *slice_repr(Lang *L, Obj *self)
{
    SliceObject *s = (SliceObject *)self;
    return str_from_format(L, "slice(%R, %R, %R)", s->start, s->stop, s->step);
}

static Obj *as_tuple(Lang *L, Obj *self)
{
    SliceObject *s = (SliceObject *)self;
    return tuple_pack(L, 3, s->start, s->stop, s->step);
}

static Obj *slice_richcompare(Lang *L, Obj *a, Obj *b, int op)
{
    if (!slice_check(L, b))
        return new_not_implemented(L);
    if (a == b && (op == CMP_EQ || op == CMP_NE))
        return new_bool(L, op == CMP_EQ);
    Obj *ta = as_tuple(L, a), *tb = ta ? as_tuple(L, b) : NULL;
    Obj *r = tb ? obj_richcompare(L, ta, tb, op) : NULL;
    obj_xdecref(L, ta);
    obj_xdecref(L, tb);
    return r;
}

static Obj *slice_tp_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)type;
    if (kwnames != NULL && tuple_size(kwnames) > 0)
        return err_format(L, EXC_TypeError, "slice() takes no keyword arguments");
    if (nargs == 0)
        return err_format(L, EXC_TypeError, "slice expected at least 1 argument, got 0");
    if (nargs > 3)
        return err_format(L, EXC_TypeError, "slice expected at most 3 arguments, got %zu", nargs);
    if (nargs == 1)
        return slice_new(L, NULL, args[0], NULL);
    return slice_new(L, args[0], args[1], nargs == 3 ? args[2] : NULL);
}

static Obj *slice_indices(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)nargs;
    (void)kwnames;
    intptr_t len = obj_as_ssize(L, args[0], EXC_OverflowError);
    if (len == -1 && err_occurred(L))
        return NULL;
    if (len < 0)
        return err_format(L, EXC_ValueError, "length should not be negative");
    intptr_t start, stop, step;
    if (slice_unpack(L, self, &start, &stop, &step) < 0)
        return NULL;
    slice_adjust_indices(len, &start, &stop, step);
    Obj *a = int_from_i64(L, start), *b = int_from_i64(L, stop), *c = int_from_i64(L, step);
    Obj *r = (a && b && c) ? tuple_pack(L, 3, a, b, c) : NULL;
    obj_xdecref(L, a);
    obj_xdecref(L, b);
    obj_xdecref(L, c);
    return r;
}

static const MethodDef slice_methods[] = {
    {"indices", slice_indices, METH_O,
     "S.indices(len) -> (start, stop, stride)"},
    {NULL, NULL, 0, NULL},
};

static const MemberDef slice_members[] = {
    {"start", MEMBER_OBJECT, offsetof(SliceObject, start), MEMBER_READONLY, NULL},
    {"stop", MEMBER_OBJECT, offsetof(SliceObject, stop), MEMBER_READONLY, NULL},
    {"step", MEMBER_OBJECT, offsetof(SliceObject, step), MEMBER_READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

const TypeSpec slice_spec = {
    .name = "slice",
    .basic_size = sizeof(SliceObject),
    .core_flags = OURO_TYPE_GC,
    .dealloc = slice_dealloc,
    .traverse = slice_traverse,
    .repr = slice_repr,
    .hash = hash_not_implemented,
    .richcompare = slice_richcompare,
    .tp_new = slice_tp_new,
    .methods = slice_methods,
    .members = slice_members,
    .doc = "slice(stop)\nslice(start, stop[, step])",
};
