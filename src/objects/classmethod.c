/*
 * classmethod.c - staticmethod, classmethod and property (classmethod.h).
 * Each keeps a __dict__ (functools.wraps and friends set attributes on
 * them) and is GC-tracked.
 */
#include "classmethod.h"
#include "exceptions.h"
#include "instance.h"
#include "methodobject.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

typedef struct WrapperObject {
    OuroObject ob;
    Obj *callable;                /* owned */
    Obj *dict;                    /* __dict__ or NULL */
} WrapperObject;

static Obj *wrapper_new(Lang *L, TypeObject *type, Obj *callable)
{
    Obj *w = instance_alloc(L, type, 0);
    if (w != NULL)
        ((WrapperObject *)w)->callable = obj_newref(callable);
    return w;
}

Obj *staticmethod_new(Lang *L, Obj *callable)
{
    return wrapper_new(L, L->t_staticmethod, callable);
}

Obj *classmethod_new(Lang *L, Obj *callable)
{
    return wrapper_new(L, L->t_classmethod, callable);
}

Obj *staticmethod_func(Obj *sm)
{
    return ((WrapperObject *)sm)->callable;
}

Obj *classmethod_func(Obj *cm)
{
    return ((WrapperObject *)cm)->callable;
}

static int wrapper_traverse(Obj *o, OuroVisitFn visit, void *arg)
{
    WrapperObject *w = (WrapperObject *)o;
    int r = w->callable ? visit(w->callable, arg) : 0;
    if (r == 0 && w->dict)
        r = visit(w->dict, arg);
    return r;
}

static int wrapper_clear(OuroRuntime *rt, Obj *o)
{
    WrapperObject *w = (WrapperObject *)o;
    ouro_clearref(rt, &w->callable);
    ouro_clearref(rt, &w->dict);
    return 0;
}

/* staticmethod(f) / classmethod(f): exactly one positional argument. */
static Obj *wrapper_tp_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames)
{
    const char *name = TYPE_HAS(type, TF_HEAPTYPE) ? type->core.name
                       : type == L->t_staticmethod ? "staticmethod" : "classmethod";
    if (kwnames != NULL && tuple_size(kwnames) > 0)
        return err_format(L, EXC_TypeError, "%s() takes no keyword arguments", name);
    if (nargs != 1)
        return err_format(L, EXC_TypeError, "%s expected 1 argument, got %zu", name, nargs);
    return wrapper_new(L, type, args[0]);
}

static Obj *wrapper_get_func(Lang *L, Obj *o)
{
    (void)L;
    return obj_newref(((WrapperObject *)o)->callable);
}

static Obj *wrapper_get_dict(Lang *L, Obj *o)
{
    return instance_get_dict(L, o);
}

static int wrapper_set_dict(Lang *L, Obj *o, Obj *v)
{
    return instance_set_dict(L, o, v);
}

static const GetSetDef wrapper_getsets[] = {
    {"__func__", wrapper_get_func, NULL, NULL},
    {"__wrapped__", wrapper_get_func, NULL, NULL},
    {"__dict__", wrapper_get_dict, wrapper_set_dict, NULL},
    {NULL, NULL, NULL, NULL},
};

static Obj *staticmethod_get(Lang *L, Obj *self, Obj *obj, Obj *type)
{
    (void)L;
    (void)obj;
    (void)type;
    return obj_newref(((WrapperObject *)self)->callable);
}

static Obj *staticmethod_call(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    return obj_call(L, ((WrapperObject *)self)->callable, args, nargs, kwnames);
}

static Obj *staticmethod_repr(Lang *L, Obj *self)
{
    return str_from_format(L, "<staticmethod(%R)>", ((WrapperObject *)self)->callable);
}

const TypeSpec staticmethod_spec = {
    .name = "staticmethod",
    .basic_size = sizeof(WrapperObject),
    .core_flags = OURO_TYPE_GC,
    .flags = TF_BASETYPE,
    .dict_offset = offsetof(WrapperObject, dict),
    .traverse = wrapper_traverse,
    .clear = wrapper_clear,
    .repr = staticmethod_repr,
    .call = staticmethod_call,
    .descr_get = staticmethod_get,
    .tp_new = wrapper_tp_new,
    .getsets = wrapper_getsets,
};

static Obj *classmethod_get(Lang *L, Obj *self, Obj *obj, Obj *type)
{
    if (type == NULL)
        type = &TYPE(obj)->ob;
    Obj *f = ((WrapperObject *)self)->callable;
    /* A wrapped descriptor binds itself to the class (3.9-3.12). */
    DescrGetFn get = TYPE(f)->descr_get;
    if (get != NULL && !TYPE_HAS(TYPE(f), TF_METHOD_DESCRIPTOR) && L->t_function != NULL &&
        !IS_TYPE(f, L->t_function))
        return get(L, f, type, type);
    return method_new(L, f, type);
}

static Obj *classmethod_repr(Lang *L, Obj *self)
{
    return str_from_format(L, "<classmethod(%R)>", ((WrapperObject *)self)->callable);
}

const TypeSpec classmethod_spec = {
    .name = "classmethod",
    .basic_size = sizeof(WrapperObject),
    .core_flags = OURO_TYPE_GC,
    .flags = TF_BASETYPE,
    .dict_offset = offsetof(WrapperObject, dict),
    .traverse = wrapper_traverse,
    .clear = wrapper_clear,
    .repr = classmethod_repr,
    .descr_get = classmethod_get,
    .tp_new = wrapper_tp_new,
    .getsets = wrapper_getsets,
};

/* ------------------------------------------------------------------ */
/* property                                                            */
/* ------------------------------------------------------------------ */

typedef struct PropertyObject {
    OuroObject ob;
    Obj *fget, *fset, *fdel, *doc;   /* owned or NULL */
    Obj *name;                       /* set by __set_name__, or NULL */
    int getter_doc;                  /* doc came from fget.__doc__ */
} PropertyObject;

static int property_traverse(Obj *o, OuroVisitFn visit, void *arg)
{
    PropertyObject *p = (PropertyObject *)o;
    Obj *f[] = {p->fget, p->fset, p->fdel, p->doc, p->name};
    for (int i = 0; i < 5; i++) {
        if (f[i] != NULL) {
            int r = visit(f[i], arg);
            if (r)
                return r;
        }
    }
    return 0;
}

static int property_clear(OuroRuntime *rt, Obj *o)
{
    PropertyObject *p = (PropertyObject *)o;
    ouro_clearref(rt, &p->fget);
    ouro_clearref(rt, &p->fset);
    ouro_clearref(rt, &p->fdel);
    ouro_clearref(rt, &p->doc);
    ouro_clearref(rt, &p->name);
    return 0;
}

/* "property 'x' of 'C' object has no setter" (3.11). */
static void property_error(Lang *L, Obj *self, Obj *obj, const char *what)
{
    Obj *name = ((PropertyObject *)self)->name;
    if (name != NULL)
        err_format(L, EXC_AttributeError, "property %R of '%.100s' object has no %s", name,
                   obj_type_name(obj), what);
    else
        err_format(L, EXC_AttributeError, "property of '%.100s' object has no %s",
                   obj_type_name(obj), what);
}

static Obj *or_null(Lang *L, Obj *v)
{
    return v == L->none ? NULL : v;
}

/* The doc of a new property, as CPython 3.11's property_init: doc if
 * given (not None); else, when fget has a __doc__ attribute, that (even
 * None), remembered by getter_doc. A subclass instance keeps the getter's
 * doc in its __dict__, where the __doc__ of the subclass's own dict does
 * not hide it (an explicit doc stays in the slot, hidden, as in 3.11).
 * doc may be NULL. */
static int set_doc(Lang *L, PropertyObject *p, Obj *doc)
{
    if (doc != NULL || p->fget == NULL) {
        p->doc = obj_xnewref(doc);
        return 0;
    }
    Obj *d = obj_lookup_attr(L, p->fget, ID(L, __doc__));
    if (d == NULL)
        return err_occurred(L) ? -1 : 0;
    p->getter_doc = 1;
    if (TYPE(&p->ob) == L->t_property) {
        p->doc = d;
        return 0;
    }
    int r = obj_setattr(L, &p->ob, ID(L, __doc__), d);
    obj_decref(L, d);
    return r;
}

static Obj *property_tp_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs,
                            Obj *kwnames)
{
    static const char *const names[] = {"fget", "fset", "fdel", "doc"};
    Obj *v[4] = {NULL, NULL, NULL, NULL};
    if (nargs > 4)
        return err_format(L, EXC_TypeError, "property() takes at most 4 arguments (%zu given)", nargs);
    for (size_t i = 0; i < nargs; i++)
        v[i] = args[i];
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    for (size_t i = 0; i < nkw; i++) {
        Obj *name = tuple_get_borrowed(kwnames, i);
        int k = 0;
        while (k < 4 && !str_equal_cstr(name, names[k]))
            k++;
        if (k == 4)
            return err_format(L, EXC_TypeError, "property() got an unexpected keyword argument '%U'", name);
        v[k] = args[nargs + i];
    }
    PropertyObject *p = (PropertyObject *)instance_alloc(L, type, 0);
    if (p == NULL)
        return NULL;
    p->fget = obj_xnewref(or_null(L, v[0]));
    p->fset = obj_xnewref(or_null(L, v[1]));
    p->fdel = obj_xnewref(or_null(L, v[2]));
    if (set_doc(L, p, or_null(L, v[3])) < 0) {
        obj_decref(L, &p->ob);
        return NULL;
    }
    return &p->ob;
}

static Obj *property_get(Lang *L, Obj *self, Obj *obj, Obj *type)
{
    (void)type;
    PropertyObject *p = (PropertyObject *)self;
    if (obj == NULL)
        return obj_newref(self);
    if (p->fget == NULL) {
        property_error(L, self, obj, "getter");
        return NULL;
    }
    return obj_call1(L, p->fget, obj);
}

static int property_set(Lang *L, Obj *self, Obj *obj, Obj *value)
{
    PropertyObject *p = (PropertyObject *)self;
    Obj *f = value ? p->fset : p->fdel;
    if (f == NULL) {
        property_error(L, self, obj, value ? "setter" : "deleter");
        return -1;
    }
    Obj *r = value ? obj_call2(L, f, obj, value) : obj_call1(L, f, obj);
    if (r == NULL)
        return -1;
    obj_decref(L, r);
    return 0;
}

/* getter/setter/deleter: a copy of the property with one function replaced. */
static Obj *property_copy(Lang *L, Obj *self, int which, Obj *f)
{
    PropertyObject *p = (PropertyObject *)self;
    Obj *v[4] = {p->fget, p->fset, p->fdel, p->doc};
    v[which] = f;
    /* A doc taken from the getter is taken again from the copy's getter. */
    if (p->getter_doc && v[0] != NULL && v[0] != L->none)
        v[3] = NULL;
    for (int i = 0; i < 4; i++)
        if (v[i] == NULL)
            v[i] = L->none;
    Obj *copy = obj_call(L, &TYPE(self)->ob, v, 4, NULL);
    if (copy != NULL && obj_isinstance(copy, L->t_property) && p->name != NULL)
        obj_setref(L, &((PropertyObject *)copy)->name, obj_newref(p->name));
    return copy;
}

static Obj *property_getter(Lang *L, Obj *self, Obj *const *args, size_t n, Obj *k)
{
    (void)n;
    (void)k;
    return property_copy(L, self, 0, args[0]);
}

static Obj *property_setter(Lang *L, Obj *self, Obj *const *args, size_t n, Obj *k)
{
    (void)n;
    (void)k;
    return property_copy(L, self, 1, args[0]);
}

static Obj *property_deleter(Lang *L, Obj *self, Obj *const *args, size_t n, Obj *k)
{
    (void)n;
    (void)k;
    return property_copy(L, self, 2, args[0]);
}

static Obj *property_set_name(Lang *L, Obj *self, Obj *const *args, size_t n, Obj *k)
{
    (void)k;
    if (n != 2)
        return err_format(L, EXC_TypeError, "__set_name__() takes 2 positional arguments but %zu were given", n);
    obj_setref(L, &((PropertyObject *)self)->name, obj_newref(args[1]));
    return new_none(L);
}

static const MethodDef property_methods[] = {
    {"__set_name__", property_set_name, 0, "Method to set name of a property."},
    {"getter", property_getter, METH_O, "Descriptor to obtain a copy of the property with a different getter."},
    {"setter", property_setter, METH_O, "Descriptor to obtain a copy of the property with a different setter."},
    {"deleter", property_deleter, METH_O, "Descriptor to obtain a copy of the property with a different deleter."},
    {NULL, NULL, 0, NULL},
};

static const MemberDef property_members[] = {
    {"fget", MEMBER_OBJECT, offsetof(PropertyObject, fget), MEMBER_READONLY, NULL},
    {"fset", MEMBER_OBJECT, offsetof(PropertyObject, fset), MEMBER_READONLY, NULL},
    {"fdel", MEMBER_OBJECT, offsetof(PropertyObject, fdel), MEMBER_READONLY, NULL},
    {"__doc__", MEMBER_OBJECT, offsetof(PropertyObject, doc), 0, NULL},
    {NULL, 0, 0, 0, NULL},
};

const TypeSpec property_spec = {
    .name = "property",
    .basic_size = sizeof(PropertyObject),
    .core_flags = OURO_TYPE_GC,
    .flags = TF_BASETYPE,
    .traverse = property_traverse,
    .clear = property_clear,
    .descr_get = property_get,
    .descr_set = property_set,
    .tp_new = property_tp_new,
    .methods = property_methods,
    .members = property_members,
};
