/*
 * builtin_types.c - the iterator classes of the builtins module:
 * enumerate, zip, map, filter and reversed, with CPython 3.11's
 * constructors and messages. Each owns its iterators (and function) and is
 * tracked by the collector. The types are kept in L->t_iterators, from the
 * end of that table (the object layer fills it from the start).
 */
#include "vm.h"
#include "../objects/dictobject.h"
#include "../objects/exceptions.h"
#include "../objects/intobject.h"
#include "../objects/slots.h"
#include "../objects/strobject.h"
#include "../objects/tupleobject.h"
#include "../objects/typeobject.h"

enum {
    SLOT_ENUMERATE = 15, SLOT_ZIP = 14, SLOT_MAP = 13, SLOT_FILTER = 12, SLOT_REVERSED = 11,
    SLOT_CALLABLE_ITER = 8,
};

/* One layout for all five: up to one function, a tuple of iterators (or
 * the sequence, for reversed), a counter and a flag. */
typedef struct IterObject {
    OuroObject ob;
    Obj *func;                    /* map / filter function, or NULL */
    Obj *iters;                   /* tuple of iterators, or the sequence (reversed) */
    int64_t index;                /* enumerate's count, reversed's position */
    int strict;                   /* zip(strict=True) */
} IterObject;

static int it_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    IterObject *it = (IterObject *)self;
    int r = 0;
    if (it->func != NULL && (r = visit(it->func, arg)) != 0)
        return r;
    return it->iters != NULL ? visit(it->iters, arg) : 0;
}

static int it_clear(OuroRuntime *rt, Obj *self)
{
    IterObject *it = (IterObject *)self;
    ouro_clearref(rt, &it->func);
    ouro_clearref(rt, &it->iters);
    return 0;
}

static Obj *self_iter(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(self);
}

static Obj *make(Lang *L, TypeObject *type, Obj *func, Obj *iters)
{
    IterObject *it = (IterObject *)obj_alloc(L, type);
    if (it == NULL) {
        obj_xdecref(L, func);
        obj_xdecref(L, iters);
        return NULL;
    }
    it->func = func;
    it->iters = iters;
    obj_track(L, &it->ob);
    return &it->ob;
}

/* A tuple of iter(x) for each of args. */
static Obj *iter_all(Lang *L, Obj *const *args, size_t n)
{
    Obj *t = tuple_new(L, n);
    if (t == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        Obj *it = obj_iter(L, args[i]);
        if (it == NULL) {
            for (size_t j = i; j < n; j++)
                tuple_init_take(t, j, new_none(L));
            obj_decref(L, t);
            return NULL;
        }
        tuple_init_take(t, i, it);
    }
    return t;
}

static int no_keywords(Lang *L, const char *name, Obj *kwnames)
{
    if (kwnames != NULL && tuple_size(kwnames) > 0) {
        err_format(L, EXC_TypeError, "%s() takes no keyword arguments", name);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* enumerate                                                           */
/* ------------------------------------------------------------------ */

static Obj *enumerate_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames)
{
    Obj *iterable = nargs > 0 ? args[0] : NULL, *start = nargs > 1 ? args[1] : NULL;
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    for (size_t i = 0; i < nkw; i++) {
        Obj *k = tuple_get_borrowed(kwnames, i);
        if (str_equal_cstr(k, "iterable") && iterable == NULL)
            iterable = args[nargs + i];
        else if (str_equal_cstr(k, "start") && start == NULL)
            start = args[nargs + i];
        else
            return err_format(L, EXC_TypeError, "'%U' is an invalid keyword argument for enumerate()",
                              k);
    }
    if (nargs > 2)
        return err_format(L, EXC_TypeError, "enumerate() takes at most 2 arguments (%zu given)",
                          nargs);
    if (iterable == NULL)
        return err_format(L, EXC_TypeError, "enumerate() missing required argument 'iterable' (pos 1)");
    int64_t n = 0;
    if (start != NULL) {
        Obj *i = obj_index(L, start);
        if (i == NULL)
            return NULL;
        n = int_as_i64(L, i);
        obj_decref(L, i);
        if (n == -1 && err_occurred(L))
            return NULL;
    }
    Obj *t = iter_all(L, &iterable, 1);
    if (t == NULL)
        return NULL;
    Obj *e = make(L, type, NULL, t);
    if (e != NULL)
        ((IterObject *)e)->index = n;
    return e;
}

static Obj *enumerate_next(Lang *L, Obj *self)
{
    IterObject *it = (IterObject *)self;
    Obj *v = obj_next(L, tuple_get_borrowed(it->iters, 0));
    if (v == NULL)
        return NULL;
    Obj *i = int_from_i64(L, it->index);
    if (i == NULL) {
        obj_decref(L, v);
        return NULL;
    }
    it->index++;
    Obj *t = tuple_pack(L, 2, i, v);
    obj_decref(L, i);
    obj_decref(L, v);
    return t;
}

/* ------------------------------------------------------------------ */
/* zip                                                                 */
/* ------------------------------------------------------------------ */

static Obj *zip_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames)
{
    int strict = 0;
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    for (size_t i = 0; i < nkw; i++) {
        Obj *k = tuple_get_borrowed(kwnames, i);
        if (!str_equal_cstr(k, "strict"))
            return err_format(L, EXC_TypeError, "zip() got an unexpected keyword argument '%U'", k);
        strict = obj_is_true(L, args[nargs + i]);
        if (strict < 0)
            return NULL;
    }
    Obj *t = iter_all(L, args, nargs);
    if (t == NULL)
        return NULL;
    Obj *z = make(L, type, NULL, t);
    if (z != NULL)
        ((IterObject *)z)->strict = strict;
    return z;
}

static Obj *zip_next(Lang *L, Obj *self)
{
    IterObject *it = (IterObject *)self;
    size_t n = tuple_size(it->iters);
    if (n == 0)
        return NULL;
    Obj *result = tuple_new(L, n);
    if (result == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        Obj *v = obj_next(L, tuple_get_borrowed(it->iters, i));
        if (v == NULL) {
            for (size_t j = i; j < n; j++)
                tuple_init_take(result, j, new_none(L));
            obj_decref(L, result);
            if (it->strict && !err_occurred(L)) {
                if (i > 0)
                    return err_format(L, EXC_ValueError, "zip() argument %zu is shorter than argument%s%zu",
                                      i + 1, i == 1 ? " " : "s 1-", i);
                for (size_t j = 1; j < n; j++) {
                    Obj *w = obj_next(L, tuple_get_borrowed(it->iters, j));
                    if (w != NULL) {
                        obj_decref(L, w);
                        return err_format(L, EXC_ValueError,
                                          "zip() argument %zu is longer than argument%s%zu",
                                          j + 1, j == 1 ? " " : "s 1-", j);
                    }
                    if (err_occurred(L))
                        return NULL;
                }
            }
            return NULL;
        }
        tuple_init_take(result, i, v);
    }
    return result;
}

/* ------------------------------------------------------------------ */
/* map and filter                                                      */
/* ------------------------------------------------------------------ */

static Obj *map_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames)
{
    if (no_keywords(L, "map", kwnames) < 0)
        return NULL;
    if (nargs < 2)
        return err_format(L, EXC_TypeError, "map() must have at least two arguments.");
    Obj *t = iter_all(L, args + 1, nargs - 1);
    if (t == NULL)
        return NULL;
    return make(L, type, obj_newref(args[0]), t);
}

static Obj *map_next(Lang *L, Obj *self)
{
    IterObject *it = (IterObject *)self;
    size_t n = tuple_size(it->iters);
    Obj *small[8];
    Obj **vals = n <= 8 ? small : mem_alloc(L, n * sizeof(Obj *));
    if (vals == NULL)
        return NULL;
    size_t got = 0;
    Obj *r = NULL;
    for (; got < n; got++) {
        vals[got] = obj_next(L, tuple_get_borrowed(it->iters, got));
        if (vals[got] == NULL)
            goto done;
    }
    r = obj_call(L, it->func, vals, n, NULL);
done:
    for (size_t i = 0; i < got; i++)
        obj_decref(L, vals[i]);
    if (vals != small)
        mem_free(L, vals, n * sizeof(Obj *));
    return r;
}

static Obj *filter_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames)
{
    if (no_keywords(L, "filter", kwnames) < 0)
        return NULL;
    if (nargs != 2)
        return err_format(L, EXC_TypeError, "filter expected 2 arguments, got %zu", nargs);
    Obj *t = iter_all(L, args + 1, 1);
    if (t == NULL)
        return NULL;
    return make(L, type, obj_newref(args[0]), t);
}

static Obj *filter_next(Lang *L, Obj *self)
{
    IterObject *it = (IterObject *)self;
    Obj *iter = tuple_get_borrowed(it->iters, 0);
    for (;;) {
        Obj *v = obj_next(L, iter);
        if (v == NULL)
            return NULL;
        int ok;
        if (it->func == L->none || it->func == &L->t_bool->ob) {
            ok = obj_is_true(L, v);
        } else {
            Obj *r = obj_call1(L, it->func, v);
            ok = r == NULL ? -1 : obj_is_true(L, r);
            obj_xdecref(L, r);
        }
        if (ok > 0)
            return v;
        obj_decref(L, v);
        if (ok < 0)
            return NULL;
    }
}

/* ------------------------------------------------------------------ */
/* reversed                                                            */
/* ------------------------------------------------------------------ */

static Obj *reversed_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames)
{
    if (no_keywords(L, "reversed", kwnames) < 0)
        return NULL;
    if (nargs != 1)
        return err_format(L, EXC_TypeError, "reversed expected 1 argument, got %zu", nargs);
    Obj *seq = args[0];
    Obj *name = str_intern_cstr(L, "__reversed__");
    if (name == NULL)
        return NULL;
    Obj *meth = type_lookup(L, TYPE(seq), name);
    if (meth == L->none) {
        obj_decref(L, name);
        return err_format(L, EXC_TypeError, "'%.200s' object is not reversible",
                          obj_type_name(seq));
    }
    if (meth != NULL) {
        int found;   /* on the type: reversed(cls) is not cls.__reversed__() */
        Obj *r = call_special(L, name, &seq, 1, &found);
        obj_decref(L, name);
        return r;
    }
    obj_decref(L, name);
    if (TYPE(seq)->length == NULL ||
        (TYPE(seq)->sq.item == NULL && TYPE(seq)->subscript == NULL) || dict_check(seq))
        return err_format(L, EXC_TypeError, "'%.200s' object is not reversible",
                          obj_type_name(seq));
    intptr_t n = obj_length(L, seq);
    if (n < 0)
        return NULL;
    Obj *r = make(L, type, NULL, obj_newref(seq));
    if (r != NULL)
        ((IterObject *)r)->index = n - 1;
    return r;
}

static Obj *reversed_next(Lang *L, Obj *self)
{
    IterObject *it = (IterObject *)self;
    if (it->index < 0 || it->iters == NULL)
        return NULL;
    Obj *i = int_from_i64(L, it->index);
    if (i == NULL)
        return NULL;
    Obj *v = obj_getitem(L, it->iters, i);
    obj_decref(L, i);
    if (v == NULL) {
        if (err_matches(L, EXC_IndexError) || err_matches(L, EXC_StopIteration)) {
            err_clear(L);
            it->index = -1;
        }
        return NULL;
    }
    it->index--;
    return v;
}

/* ------------------------------------------------------------------ */
/* callable_iterator: iter(callable, sentinel)                         */
/* ------------------------------------------------------------------ */

/* func is the callable, iters holds the sentinel; both dropped when done. */
static Obj *calliter_next(Lang *L, Obj *self)
{
    IterObject *it = (IterObject *)self;
    if (it->func == NULL)
        return NULL;
    Obj *v = obj_call0(L, it->func);
    if (v == NULL) {
        if (err_matches(L, EXC_StopIteration)) {
            err_clear(L);
            obj_clearref(L, &it->func);
            obj_clearref(L, &it->iters);
        }
        return NULL;
    }
    int eq = obj_richcompare_bool(L, it->iters, v, CMP_EQ);
    if (eq == 0)
        return v;
    obj_decref(L, v);
    if (eq > 0) {
        obj_clearref(L, &it->func);
        obj_clearref(L, &it->iters);
    }
    return NULL;
}

Obj *vm_callable_iter_new(Lang *L, Obj *callable, Obj *sentinel)
{
    if (!obj_callable(callable))
        return err_format(L, EXC_TypeError, "iter(v, w): v must be callable");
    return make(L, L->t_iterators[SLOT_CALLABLE_ITER], obj_newref(callable), obj_newref(sentinel));
}

/* ------------------------------------------------------------------ */
/* Types                                                               */
/* ------------------------------------------------------------------ */

#define ITER_SPEC(cname, pyname, newfn, nextfn)                                \
    static const TypeSpec cname = {                                            \
        .name = pyname,                                                        \
        .basic_size = sizeof(IterObject),                                      \
        .core_flags = OURO_TYPE_GC,                                            \
        .flags = TF_BASETYPE,                                                  \
        .traverse = it_traverse,                                               \
        .clear = it_clear,                                                     \
        .getattro = object_generic_getattr,                                    \
        .iter = self_iter,                                                     \
        .iternext = nextfn,                                                    \
        .tp_new = newfn,                                                       \
    }

ITER_SPEC(enumerate_spec, "enumerate", enumerate_new, enumerate_next);
ITER_SPEC(zip_spec, "zip", zip_new, zip_next);
ITER_SPEC(map_spec, "map", map_new, map_next);
ITER_SPEC(filter_spec, "filter", filter_new, filter_next);
ITER_SPEC(reversed_spec, "reversed", reversed_new, reversed_next);

static const TypeSpec calliter_spec = {
    .name = "callable_iterator",
    .basic_size = sizeof(IterObject),
    .core_flags = OURO_TYPE_GC,
    .traverse = it_traverse,
    .clear = it_clear,
    .getattro = object_generic_getattr,
    .iter = self_iter,
    .iternext = calliter_next,
};

static const struct {
    int slot;
    const TypeSpec *spec;
} iter_types[] = {
    {SLOT_ENUMERATE, &enumerate_spec}, {SLOT_ZIP, &zip_spec}, {SLOT_MAP, &map_spec},
    {SLOT_FILTER, &filter_spec}, {SLOT_REVERSED, &reversed_spec},
};

static int init_callable_iter(Lang *L)
{
    TypeObject **slot = &L->t_iterators[SLOT_CALLABLE_ITER];
    if (*slot == NULL && (*slot = type_from_spec(L, &calliter_spec, NULL)) == NULL)
        return -1;
    return 0;
}

int vm_init_builtin_types(Lang *L)
{
    if (init_callable_iter(L) < 0)
        return -1;
    for (size_t i = 0; i < sizeof iter_types / sizeof iter_types[0]; i++) {
        TypeObject **slot = &L->t_iterators[iter_types[i].slot];
        if (*slot == NULL && (*slot = type_from_spec(L, iter_types[i].spec, NULL)) == NULL)
            return -1;
    }
    return 0;
}

int vm_add_builtin_types(Lang *L, Obj *dict)
{
    for (size_t i = 0; i < sizeof iter_types / sizeof iter_types[0]; i++) {
        TypeObject *t = L->t_iterators[iter_types[i].slot];
        if (dict_setitem_cstr(L, dict, t->core.name, &t->ob) < 0)
            return -1;
    }
    return 0;
}
