/*
 * methodobject.c - bound methods (methodobject.h) and calling with self
 * prepended without building an argument tuple.
 */
#include <string.h>

#include "methodobject.h"
#include "exceptions.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

Obj *call_prepend(Lang *L, Obj *callable, Obj *self, Obj *const *args, size_t nargs,
                  Obj *kwnames)
{
    size_t total = nargs + 1 + (kwnames ? tuple_size(kwnames) : 0);
    Obj *small[9];
    Obj **all = total <= 9 ? small : mem_alloc(L, total * sizeof(Obj *));
    if (all == NULL)
        return NULL;
    all[0] = self;
    if (total > 1)
        memcpy(all + 1, args, (total - 1) * sizeof(Obj *));
    Obj *r = obj_call(L, callable, all, nargs + 1, kwnames);
    if (all != small)
        mem_free(L, all, total * sizeof(Obj *));
    return r;
}

Obj *method_new(Lang *L, Obj *func, Obj *self)
{
    MethodObject *m = (MethodObject *)obj_alloc(L, L->t_method);
    if (m == NULL)
        return NULL;
    m->func = obj_newref(func);
    m->self = obj_newref(self);
    obj_track(L, &m->ob);
    return &m->ob;
}

static int method_traverse(Obj *o, OuroVisitFn visit, void *arg)
{
    MethodObject *m = (MethodObject *)o;
    int r = m->func ? visit(m->func, arg) : 0;
    if (r == 0 && m->self)
        r = visit(m->self, arg);
    return r;
}

static int method_clear(OuroRuntime *rt, Obj *o)
{
    MethodObject *m = (MethodObject *)o;
    ouro_clearref(rt, &m->func);
    ouro_clearref(rt, &m->self);
    return 0;
}

static Obj *method_call(Lang *L, Obj *o, Obj *const *args, size_t nargs, Obj *kwnames)
{
    MethodObject *m = (MethodObject *)o;
    return call_prepend(L, m->func, m->self, args, nargs, kwnames);
}

static Obj *method_repr(Lang *L, Obj *o)
{
    MethodObject *m = (MethodObject *)o;
    Obj *name = obj_lookup_attr(L, m->func, ID(L, __qualname__));
    if (name == NULL && !err_occurred(L))
        name = obj_lookup_attr(L, m->func, ID(L, __name__));
    if (name == NULL && err_occurred(L))
        return NULL;
    Obj *r;
    if (name != NULL && str_check(name))
        r = str_from_format(L, "<bound method %U of %R>", name, m->self);
    else
        r = str_from_format(L, "<bound method ? of %R>", m->self);
    obj_xdecref(L, name);
    return r;
}

static Obj *method_richcompare(Lang *L, Obj *a, Obj *b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !method_check(L, b))
        return new_not_implemented(L);
    MethodObject *x = (MethodObject *)a, *y = (MethodObject *)b;
    int eq = obj_richcompare_bool(L, x->func, y->func, CMP_EQ);
    if (eq < 0)
        return NULL;
    eq = eq && x->self == y->self;
    return new_bool(L, op == CMP_EQ ? eq : !eq);
}

static intptr_t method_hash(Lang *L, Obj *o)
{
    MethodObject *m = (MethodObject *)o;
    intptr_t a = object_hash(L, m->self), b = obj_hash(L, m->func);
    if (b == -1)
        return -1;
    intptr_t h = a ^ b;
    return h == -1 ? -2 : h;
}

/* Other attributes come from the function (m.__name__, m.__doc__). */
static Obj *method_getattro(Lang *L, Obj *o, Obj *name)
{
    Obj *descr = type_lookup(L, TYPE(o), name);
    if (descr != NULL) {
        DescrGetFn get = TYPE(descr)->descr_get;
        if (get != NULL)
            return get(L, descr, o, &TYPE(o)->ob);
        return obj_newref(descr);
    }
    return obj_getattr(L, ((MethodObject *)o)->func, name);
}

static Obj *method_get_func(Lang *L, Obj *o)
{
    (void)L;
    return obj_newref(((MethodObject *)o)->func);
}

static Obj *method_get_self(Lang *L, Obj *o)
{
    (void)L;
    return obj_newref(((MethodObject *)o)->self);
}

static const GetSetDef method_getsets[] = {
    {"__func__", method_get_func, NULL, "the function (or other callable) implementing a method"},
    {"__self__", method_get_self, NULL, "the instance to which a method is bound"},
    {NULL, NULL, NULL, NULL},
};

const TypeSpec method_spec = {
    .name = "method",
    .basic_size = sizeof(MethodObject),
    .core_flags = OURO_TYPE_GC | OURO_TYPE_WEAKREFABLE,
    .weaklist_offset = offsetof(MethodObject, weaklist),
    .traverse = method_traverse,
    .clear = method_clear,
    .repr = method_repr,
    .hash = method_hash,
    .richcompare = method_richcompare,
    .call = method_call,
    .getattro = method_getattro,
    .getsets = method_getsets,
};
