/*
 * object.c - allocation for the object layer, and `object`, the root of
 * every class: its slots (repr, hash, comparison, __new__/__init__ with
 * CPython's argument checks) and the generic attribute protocol
 * (descriptors, then the instance's __dict__, then non-data descriptors),
 * with CPython 3.11's AttributeError messages.
 */
#include <string.h>

#include "object.h"
#include "exceptions.h"
#include "instance.h"
#include "intobject.h"
#include "sizeof.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

/* ------------------------------------------------------------------ */
/* Allocation                                                          */
/* ------------------------------------------------------------------ */

static Obj *alloc_common(Lang *L, TypeObject *type, size_t nitems)
{
    if (L->pending_type != NULL)
        instance_release_pending_type(L);
    if (!TYPE_HAS(type, TF_LAYOUT_FIXED))
        instance_fix_layout(type);
    Obj *o = type->core.item_size ? ouro_new_var(L->rt, &type->core, nitems)
                                  : ouro_new(L->rt, &type->core);
    if (o == NULL)
        return err_no_memory(L);
    if (TYPE_HAS(type, TF_HEAPTYPE))
        obj_incref(&type->ob);
    return o;
}

Obj *obj_alloc(Lang *L, TypeObject *type)
{
    return alloc_common(L, type, 0);
}

Obj *obj_alloc_var(Lang *L, TypeObject *type, size_t nitems)
{
    return alloc_common(L, type, nitems);
}

void *mem_alloc(Lang *L, size_t size)
{
    void *p = ouro_mem_alloc(L->rt, size);
    if (p == NULL)
        err_no_memory(L);
    return p;
}

void *mem_realloc(Lang *L, void *p, size_t old_size, size_t new_size)
{
    void *q = ouro_mem_realloc(L->rt, p, old_size, new_size);
    if (q == NULL)
        err_no_memory(L);
    return q;
}

void mem_free(Lang *L, void *p, size_t size)
{
    ouro_mem_free(L->rt, p, size);
}

int obj_may_be_tracked(const Obj *o)
{
    if (!obj_is_gc(o))
        return 0;
    if (o->type->flags & OURO_TYPE_UNTRACK_IMMUTABLE)
        return ouro_gc_is_tracked(o);
    return 1;
}

/* ------------------------------------------------------------------ */
/* object's slots                                                      */
/* ------------------------------------------------------------------ */

Obj *object_repr(Lang *L, Obj *o)
{
    TypeObject *tp = TYPE(o);
    Obj *module = type_module(L, tp);
    if (module == NULL) {
        err_clear(L);
    } else if (str_check(module) && !str_equal(module, ID(L, builtins))) {
        Obj *r = str_from_format(L, "<%U.%U object at %p>", module, tp->qualname, (void *)o);
        obj_decref(L, module);
        return r;
    }
    obj_xdecref(L, module);
    return str_from_format(L, "<%s object at %p>", tp->core.name, (void *)o);
}

Obj *object_str(Lang *L, Obj *o)
{
    UnaryFn f = TYPE(o)->repr;
    return f != NULL ? f(L, o) : object_repr(L, o);
}

intptr_t object_hash(Lang *L, Obj *o)
{
    (void)L;
    /* CPython's _Py_HashPointer: the low 4 bits are always 0. */
    uintptr_t p = (uintptr_t)o;
    intptr_t h = (intptr_t)((p >> 4) | (p << (8 * sizeof(void *) - 4)));
    return h == -1 ? -2 : h;
}

intptr_t hash_not_implemented(Lang *L, Obj *o)
{
    err_format(L, EXC_TypeError, "unhashable type: '%.200s'", obj_type_name(o));
    return -1;
}

Obj *object_richcompare(Lang *L, Obj *self, Obj *other, int op)
{
    switch (op) {
    case CMP_EQ:
        /* NotImplemented rather than False: the other side gets its chance. */
        return self == other ? new_bool(L, 1) : new_not_implemented(L);
    case CMP_NE: {
        /* __ne__ inverts __eq__ unless that gives NotImplemented. */
        RichCmpFn f = TYPE(self)->richcompare;
        if (f == NULL)
            return new_not_implemented(L);
        Obj *r = f(L, self, other, CMP_EQ);
        if (r == NULL || r == L->not_implemented)
            return r;
        int t = obj_is_true(L, r);
        obj_decref(L, r);
        return t < 0 ? NULL : new_bool(L, !t);
    }
    default:
        return new_not_implemented(L);
    }
}

static int excess_args(size_t nargs, Obj *kwnames)
{
    return nargs > 0 || (kwnames != NULL && tuple_size(kwnames) > 0);
}

Obj *object_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    if (excess_args(nargs, kwnames)) {
        if (type->tp_new != object_new)
            return err_format(L, EXC_TypeError,
                              "object.__new__() takes exactly one argument (the type to instantiate)");
        if (type->init == object_init)
            return err_format(L, EXC_TypeError, "%.200s() takes no arguments", type->core.name);
    }
    if (TYPE_HAS(type, TF_IS_ABSTRACT))
        return err_format(L, EXC_TypeError, "Can't instantiate abstract class %s",
                          type->core.name);
    return instance_alloc(L, type, 0);
}

int object_init(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    TypeObject *type = TYPE(self);
    if (excess_args(nargs, kwnames)) {
        if (type->init != object_init) {
            err_format(L, EXC_TypeError,
                       "object.__init__() takes exactly one argument (the instance to initialize)");
            return -1;
        }
        if (type->tp_new == object_new) {
            err_format(L, EXC_TypeError, "%.200s() takes no arguments", type->core.name);
            return -1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Generic attribute access                                            */
/* ------------------------------------------------------------------ */

/* Raises AttributeError with its name and obj attributes set (3.10+). */
static Obj *no_attribute(Lang *L, Obj *obj, Obj *name)
{
    err_format(L, EXC_AttributeError, "'%.50s' object has no attribute '%U'",
               obj_type_name(obj), name);
    if (L->exc != NULL && IS_TYPE(L->exc, L->exc_types[EXC_AttributeError])) {
        AttributeErrorObject *e = (AttributeErrorObject *)L->exc;
        obj_setref(L, &e->name, obj_newref(name));
        obj_setref(L, &e->obj, obj_newref(obj));
    }
    return NULL;
}

static int check_name(Lang *L, Obj *name)
{
    if (str_check(name))
        return 0;
    err_format(L, EXC_TypeError, "attribute name must be string, not '%.200s'",
               obj_type_name(name));
    return -1;
}

Obj *object_generic_getattr(Lang *L, Obj *obj, Obj *name)
{
    if (check_name(L, name) < 0)
        return NULL;
    TypeObject *tp = TYPE(obj);
    Obj *descr = type_lookup(L, tp, name);
    DescrGetFn get = NULL;
    if (descr != NULL) {
        obj_incref(descr);
        get = TYPE(descr)->descr_get;
        if (get != NULL && TYPE(descr)->descr_set != NULL) {
            Obj *r = get(L, descr, obj, &tp->ob);
            obj_decref(L, descr);
            return r;
        }
    }
    if (instance_has_dict(obj)) {
        Obj *v = instance_attr_get(L, obj, name);
        if (v != NULL) {
            obj_incref(v);
            obj_xdecref(L, descr);
            return v;
        }
    }
    if (get != NULL) {
        Obj *r = get(L, descr, obj, &tp->ob);
        obj_decref(L, descr);
        return r;
    }
    if (descr != NULL)
        return descr;
    return no_attribute(L, obj, name);
}

int object_generic_setattr(Lang *L, Obj *obj, Obj *name, Obj *value)
{
    if (check_name(L, name) < 0)
        return -1;
    TypeObject *tp = TYPE(obj);
    Obj *descr = type_lookup(L, tp, name);
    if (descr != NULL) {
        DescrSetFn set = TYPE(descr)->descr_set;
        if (set != NULL) {
            obj_incref(descr);
            int r = set(L, descr, obj, value);
            obj_decref(L, descr);
            return r;
        }
    }
    if (instance_has_dict(obj)) {
        int r = instance_attr_set(L, obj, name, value);
        if (r == 1) {
            no_attribute(L, obj, name);
            return -1;
        }
        return r;
    }
    if (descr == NULL)
        err_format(L, EXC_AttributeError, "'%.100s' object has no attribute '%U'",
                   obj_type_name(obj), name);
    else
        err_format(L, EXC_AttributeError, "'%.50s' object attribute '%U' is read-only",
                   obj_type_name(obj), name);
    return -1;
}

/* ------------------------------------------------------------------ */
/* __class__                                                           */
/* ------------------------------------------------------------------ */

static Obj *object_get_class(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(&TYPE(self)->ob);
}

/* Whether instances of a can become instances of b: same memory layout. */
static int same_layout(TypeObject *a, TypeObject *b)
{
    instance_fix_layout(a);
    instance_fix_layout(b);
    if (a->core.basic_size != b->core.basic_size || a->core.item_size != b->core.item_size ||
        a->dict_offset != b->dict_offset || a->core.weaklist_offset != b->core.weaklist_offset ||
        a->solid_size != b->solid_size || a->n_inline != b->n_inline ||
        (a->core.flags & (OURO_TYPE_GC | OURO_TYPE_WEAKREFABLE)) !=
            (b->core.flags & (OURO_TYPE_GC | OURO_TYPE_WEAKREFABLE)) ||
        a->core.dealloc != b->core.dealloc || a->nslot_members != b->nslot_members)
        return 0;
    for (size_t i = 0; i < a->nslot_members; i++) {
        if (a->slot_members[i].offset != b->slot_members[i].offset ||
            a->slot_members[i].kind != b->slot_members[i].kind)
            return 0;
    }
    return 1;
}

static int object_set_class(Lang *L, Obj *self, Obj *value)
{
    if (value == NULL) {
        err_format(L, EXC_TypeError, "can't delete __class__ attribute");
        return -1;
    }
    if (!type_check(value)) {
        err_format(L, EXC_TypeError, "__class__ must be set to a class, not '%s' object",
                   obj_type_name(value));
        return -1;
    }
    TypeObject *old = TYPE(self), *new_type = (TypeObject *)value;
    if (!TYPE_HAS(old, TF_HEAPTYPE) || !TYPE_HAS(new_type, TF_HEAPTYPE)) {
        err_format(L, EXC_TypeError,
                   "__class__ assignment only supported for mutable types or ModuleType subclasses");
        return -1;
    }
    if (!same_layout(old, new_type)) {
        err_format(L, EXC_TypeError, "__class__ assignment: '%s' object layout differs from '%s'",
                   new_type->core.name, old->core.name);
        return -1;
    }
    /* Inline values are indexed by the old class's keys: move them into a
     * real dict first. */
    if (TYPE_HAS(old, TF_INLINE_VALUES)) {
        Obj *d = instance_get_dict(L, self);
        if (d == NULL)
            return -1;
        obj_decref(L, d);
    }
    obj_incref(&new_type->ob);
    self->type = &new_type->core;
    obj_decref(L, &old->ob);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Methods                                                             */
/* ------------------------------------------------------------------ */

static Obj *object_format(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)nargs;
    (void)kwnames;
    Obj *spec = args[0];
    if (!str_check(spec))
        return err_format(L, EXC_TypeError, "format() argument 2 must be str, not %T", spec);
    if (str_nbytes(spec) > 0)
        return err_format(L, EXC_TypeError, "unsupported format string passed to %.200s.__format__",
                          obj_type_name(self));
    return obj_str(L, self);
}

static Obj *object_init_subclass(Lang *L, Obj *cls, Obj *const *args, size_t nargs,
                                 Obj *kwnames)
{
    (void)args;
    (void)nargs;
    if (kwnames != NULL && tuple_size(kwnames) > 0)
        return err_format(L, EXC_TypeError, "%s.__init_subclass__() takes no keyword arguments",
                          ((TypeObject *)cls)->core.name);
    return new_none(L);
}

static Obj *object_subclasshook(Lang *L, Obj *cls, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)cls;
    (void)args;
    (void)nargs;
    (void)kwnames;
    return new_not_implemented(L);
}

static const MethodDef object_methods[] = {
    {"__format__", object_format, METH_O, "Default object formatter."},
    {"__sizeof__", sizeof_object_method, METH_NOARGS, "Size of object in memory, in bytes."},
    {"__init_subclass__", object_init_subclass, METH_CLASS | METH_KEYWORDS,
     "This method is called when a class is subclassed."},
    {"__subclasshook__", object_subclasshook, METH_CLASS, "Abstract classes can override this."},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef object_getsets[] = {
    {"__class__", object_get_class, object_set_class, "the object's class"},
    {NULL, NULL, NULL, NULL},
};

const TypeSpec object_spec = {
    .name = "object",
    .basic_size = sizeof(OuroObject),
    .flags = TF_BASETYPE,
    .repr = object_repr,
    .str = object_str,
    .hash = object_hash,
    .richcompare = object_richcompare,
    .getattro = object_generic_getattr,
    .setattro = object_generic_setattr,
    .tp_new = object_new,
    .init = object_init,
    .methods = object_methods,
    .getsets = object_getsets,
    .doc = "The base class of the class hierarchy.",
};

