/*
 * descrobject.c - method, class method, getset, member and slot-wrapper
 * descriptors, bound slot wrappers (method-wrapper), and mappingproxy.
 * descrobject.h lists them; every descriptor owns its type and its name.
 * Built-in functions are in cfuncobject.c.
 */
#include <stdio.h>
#include <string.h>

#include "descrobject.h"
#include "exceptions.h"
#include "intobject.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

/* ------------------------------------------------------------------ */
/* Common to descriptors                                               */
/* ------------------------------------------------------------------ */

static Obj *descr_alloc(Lang *L, TypeObject *descrtype, TypeObject *type, const char *name,
                        Obj *name_obj)
{
    DescrObject *d = (DescrObject *)obj_alloc(L, descrtype);
    if (d == NULL)
        return NULL;
    d->d_type = (TypeObject *)obj_newref(&type->ob);
    d->d_name = name_obj ? obj_newref(name_obj) : str_intern_cstr(L, name);
    if (d->d_name == NULL) {
        obj_decref(L, &d->ob);
        return NULL;
    }
    obj_track(L, &d->ob);
    return &d->ob;
}

static int descr_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    DescrObject *d = (DescrObject *)self;
    return d->d_type ? visit(&d->d_type->ob, arg) : 0;
}

static void descr_dealloc(OuroRuntime *rt, Obj *self)
{
    DescrObject *d = (DescrObject *)self;
    ouro_clearref(rt, (Obj **)&d->d_type);
    ouro_clearref(rt, &d->d_name);
}

/* For instance access: obj must be an instance of the descriptor's type.
 * Returns 1 to go on, 0 when obj is NULL (class access: *res is the
 * descriptor), -1 on error. */
static int descr_check(Lang *L, Obj *self, Obj *obj, Obj **res)
{
    DescrObject *d = (DescrObject *)self;
    if (obj == NULL) {
        *res = obj_newref(self);
        return 0;
    }
    if (!obj_isinstance(obj, d->d_type)) {
        err_format(L, EXC_TypeError, "descriptor '%U' for '%.100s' objects doesn't apply to a '%.100s' object",
                   d->d_name, d->d_type->core.name, obj_type_name(obj));
        *res = NULL;
        return -1;
    }
    return 1;
}

static Obj *descr_get_name(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(((DescrObject *)self)->d_name);
}

static Obj *descr_get_qualname(Lang *L, Obj *self)
{
    DescrObject *d = (DescrObject *)self;
    return str_from_format(L, "%U.%U", d->d_type->qualname, d->d_name);
}

static Obj *descr_get_objclass(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(&((DescrObject *)self)->d_type->ob);
}

static Obj *doc_or_none(Lang *L, const char *doc)
{
    return doc ? str_from_cstr(L, doc) : new_none(L);
}

/* ------------------------------------------------------------------ */
/* method_descriptor                                                   */
/* ------------------------------------------------------------------ */

Obj *descr_new_method(Lang *L, TypeObject *type, const MethodDef *def)
{
    Obj *d = descr_alloc(L, L->t_method_descr, type, def->name, NULL);
    if (d != NULL)
        ((MethodDescrObject *)d)->def = def;
    return d;
}

static Obj *method_descr_get(Lang *L, Obj *self, Obj *obj, Obj *type)
{
    (void)type;
    Obj *res;
    if (descr_check(L, self, obj, &res) <= 0)
        return res;
    return cfunction_new(L, ((MethodDescrObject *)self)->def, obj, NULL);
}

static Obj *method_descr_call(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    MethodDescrObject *m = (MethodDescrObject *)self;
    const char *owner = m->d.d_type->core.name;
    if (nargs < 1)
        return err_format(L, EXC_TypeError, "unbound method %s.%s() needs an argument", owner,
                          m->def->name);
    Obj *res;
    if (descr_check(L, self, args[0], &res) < 0)
        return NULL;
    return methoddef_call(L, m->def, owner, args[0], args + 1, nargs - 1, kwnames);
}

static Obj *method_descr_repr(Lang *L, Obj *self)
{
    DescrObject *d = (DescrObject *)self;
    return str_from_format(L, "<method '%U' of '%s' objects>", d->d_name, d->d_type->core.name);
}

static Obj *method_descr_doc(Lang *L, Obj *self)
{
    return doc_or_none(L, ((MethodDescrObject *)self)->def->doc);
}

static const GetSetDef method_descr_getsets[] = {
    {"__name__", descr_get_name, NULL, NULL},
    {"__qualname__", descr_get_qualname, NULL, NULL},
    {"__objclass__", descr_get_objclass, NULL, NULL},
    {"__doc__", method_descr_doc, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

const TypeSpec method_descr_spec = {
    .name = "method_descriptor",
    .basic_size = sizeof(MethodDescrObject),
    .core_flags = OURO_TYPE_GC,
    .flags = TF_METHOD_DESCRIPTOR,
    .dealloc = descr_dealloc,
    .traverse = descr_traverse,
    .repr = method_descr_repr,
    .call = method_descr_call,
    .descr_get = method_descr_get,
    .getsets = method_descr_getsets,
};

/* ------------------------------------------------------------------ */
/* classmethod_descriptor                                              */
/* ------------------------------------------------------------------ */

Obj *descr_new_classmethod(Lang *L, TypeObject *type, const MethodDef *def)
{
    Obj *d = descr_alloc(L, L->t_classmethod_descr, type, def->name, NULL);
    if (d != NULL)
        ((MethodDescrObject *)d)->def = def;
    return d;
}

static Obj *classmethod_descr_get(Lang *L, Obj *self, Obj *obj, Obj *type)
{
    MethodDescrObject *m = (MethodDescrObject *)self;
    if (type == NULL)
        type = &TYPE(obj)->ob;
    if (!type_check(type))
        return err_format(L, EXC_TypeError,
                          "descriptor '%U' for type '%.100s' needs a type, not a '%.100s' as arg 2",
                          m->d.d_name, m->d.d_type->core.name, obj_type_name(type));
    if (!type_is_subtype((TypeObject *)type, m->d.d_type))
        return err_format(L, EXC_TypeError,
                          "descriptor '%U' for type '%.100s' doesn't apply to type '%.100s'",
                          m->d.d_name, m->d.d_type->core.name, ((TypeObject *)type)->core.name);
    return cfunction_new(L, m->def, type, NULL);
}

static Obj *classmethod_descr_call(Lang *L, Obj *self, Obj *const *args, size_t nargs,
                                   Obj *kwnames)
{
    MethodDescrObject *m = (MethodDescrObject *)self;
    if (nargs < 1)
        return err_format(L, EXC_TypeError,
                          "descriptor '%U' of '%.100s' object needs an argument", m->d.d_name,
                          m->d.d_type->core.name);
    Obj *bound = classmethod_descr_get(L, self, NULL, args[0]);
    if (bound == NULL)
        return NULL;
    Obj *r = obj_call(L, bound, args + 1, nargs - 1, kwnames);
    obj_decref(L, bound);
    return r;
}

const TypeSpec classmethod_descr_spec = {
    .name = "classmethod_descriptor",
    .basic_size = sizeof(MethodDescrObject),
    .core_flags = OURO_TYPE_GC,
    .dealloc = descr_dealloc,
    .traverse = descr_traverse,
    .repr = method_descr_repr,
    .call = classmethod_descr_call,
    .descr_get = classmethod_descr_get,
    .getsets = method_descr_getsets,
};

/* ------------------------------------------------------------------ */
/* getset_descriptor                                                   */
/* ------------------------------------------------------------------ */

Obj *descr_new_getset(Lang *L, TypeObject *type, const GetSetDef *def)
{
    Obj *d = descr_alloc(L, L->t_getset_descr, type, def->name, NULL);
    if (d != NULL)
        ((GetSetDescrObject *)d)->def = def;
    return d;
}

static Obj *getset_get(Lang *L, Obj *self, Obj *obj, Obj *type)
{
    (void)type;
    GetSetDescrObject *g = (GetSetDescrObject *)self;
    Obj *res;
    if (descr_check(L, self, obj, &res) <= 0)
        return res;
    if (g->def->get == NULL)
        return err_format(L, EXC_AttributeError, "attribute '%U' of '%.100s' objects is not readable",
                          g->d.d_name, g->d.d_type->core.name);
    return g->def->get(L, obj);
}

static int getset_set(Lang *L, Obj *self, Obj *obj, Obj *value)
{
    GetSetDescrObject *g = (GetSetDescrObject *)self;
    Obj *res;
    if (descr_check(L, self, obj, &res) < 0)
        return -1;
    if (g->def->set == NULL) {
        err_format(L, EXC_AttributeError, "attribute '%U' of '%.100s' objects is not writable",
                   g->d.d_name, g->d.d_type->core.name);
        return -1;
    }
    return g->def->set(L, obj, value);
}

static Obj *getset_repr(Lang *L, Obj *self)
{
    DescrObject *d = (DescrObject *)self;
    return str_from_format(L, "<attribute '%U' of '%s' objects>", d->d_name, d->d_type->core.name);
}

static Obj *getset_doc(Lang *L, Obj *self)
{
    return doc_or_none(L, ((GetSetDescrObject *)self)->def->doc);
}

static const GetSetDef getset_descr_getsets[] = {
    {"__name__", descr_get_name, NULL, NULL},
    {"__qualname__", descr_get_qualname, NULL, NULL},
    {"__objclass__", descr_get_objclass, NULL, NULL},
    {"__doc__", getset_doc, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

const TypeSpec getset_descr_spec = {
    .name = "getset_descriptor",
    .basic_size = sizeof(GetSetDescrObject),
    .core_flags = OURO_TYPE_GC,
    .dealloc = descr_dealloc,
    .traverse = descr_traverse,
    .repr = getset_repr,
    .descr_get = getset_get,
    .descr_set = getset_set,
    .getsets = getset_descr_getsets,
};

/* ------------------------------------------------------------------ */
/* member_descriptor                                                   */
/* ------------------------------------------------------------------ */

Obj *descr_new_member(Lang *L, TypeObject *type, const MemberDef *def)
{
    Obj *d = descr_alloc(L, L->t_member_descr, type, def->name, NULL);
    if (d != NULL)
        ((MemberDescrObject *)d)->def = def;
    return d;
}

Obj *member_get(Lang *L, Obj *obj, const MemberDef *def)
{
    char *addr = (char *)obj + def->offset;
    switch (def->kind) {
    case MEMBER_OBJECT: {
        Obj *v = *(Obj **)addr;
        return v ? obj_newref(v) : new_none(L);
    }
    case MEMBER_OBJECT_EX: {
        Obj *v = *(Obj **)addr;
        if (v == NULL)
            return err_format(L, EXC_AttributeError, "'%.200s' object has no attribute '%s'",
                              obj_type_name(obj), def->name);
        return obj_newref(v);
    }
    case MEMBER_BOOL:
        return new_bool(L, *addr != 0);
    case MEMBER_INTPTR: {
        intptr_t v;
        memcpy(&v, addr, sizeof v);
        return int_from_i64(L, v);
    }
    default:
        return err_format(L, EXC_SystemError, "bad memberdescr type for %s", def->name);
    }
}

int member_set(Lang *L, Obj *obj, const MemberDef *def, Obj *value)
{
    char *addr = (char *)obj + def->offset;
    if (def->flags & MEMBER_READONLY) {
        err_format(L, EXC_AttributeError, "readonly attribute");
        return -1;
    }
    switch (def->kind) {
    case MEMBER_OBJECT_EX:
        if (value == NULL && *(Obj **)addr == NULL) {
            err_set_string(L, EXC_AttributeError, def->name);
            return -1;
        }
        /* fall through */
    case MEMBER_OBJECT:
        obj_setref(L, (Obj **)addr, obj_xnewref(value));
        return 0;
    case MEMBER_BOOL:
        if (value == NULL) {
            err_format(L, EXC_TypeError, "can't delete numeric/char attribute");
            return -1;
        }
        if (value != L->true_ && value != L->false_) {
            err_format(L, EXC_TypeError, "attribute value type must be bool");
            return -1;
        }
        *addr = value == L->true_;
        return 0;
    default:
        err_format(L, EXC_TypeError, "can't set %s", def->name);
        return -1;
    }
}

static Obj *member_descr_get(Lang *L, Obj *self, Obj *obj, Obj *type)
{
    (void)type;
    Obj *res;
    if (descr_check(L, self, obj, &res) <= 0)
        return res;
    return member_get(L, obj, ((MemberDescrObject *)self)->def);
}

static int member_descr_set(Lang *L, Obj *self, Obj *obj, Obj *value)
{
    Obj *res;
    if (descr_check(L, self, obj, &res) < 0)
        return -1;
    return member_set(L, obj, ((MemberDescrObject *)self)->def, value);
}

static Obj *member_repr(Lang *L, Obj *self)
{
    DescrObject *d = (DescrObject *)self;
    return str_from_format(L, "<member '%U' of '%s' objects>", d->d_name, d->d_type->core.name);
}

static Obj *member_doc(Lang *L, Obj *self)
{
    return doc_or_none(L, ((MemberDescrObject *)self)->def->doc);
}

static const GetSetDef member_descr_getsets[] = {
    {"__name__", descr_get_name, NULL, NULL},
    {"__qualname__", descr_get_qualname, NULL, NULL},
    {"__objclass__", descr_get_objclass, NULL, NULL},
    {"__doc__", member_doc, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

const TypeSpec member_descr_spec = {
    .name = "member_descriptor",
    .basic_size = sizeof(MemberDescrObject),
    .core_flags = OURO_TYPE_GC,
    .dealloc = descr_dealloc,
    .traverse = descr_traverse,
    .repr = member_repr,
    .descr_get = member_descr_get,
    .descr_set = member_descr_set,
    .getsets = member_descr_getsets,
};

/* ------------------------------------------------------------------ */
/* wrapper_descriptor and method-wrapper                               */
/* ------------------------------------------------------------------ */

Obj *descr_new_wrapper(Lang *L, TypeObject *type, const SlotDef *slot, AnyFn wrapped)
{
    Obj *d = descr_alloc(L, L->t_wrapper_descr, type, NULL, L->ids[slot->name_id]);
    if (d != NULL) {
        ((WrapperDescrObject *)d)->slot = slot;
        ((WrapperDescrObject *)d)->wrapped = wrapped;
    }
    return d;
}

static Obj *method_wrapper_new(Lang *L, Obj *descr, Obj *self)
{
    MethodWrapperObject *w = (MethodWrapperObject *)obj_alloc(L, L->t_method_wrapper);
    if (w == NULL)
        return NULL;
    w->descr = (WrapperDescrObject *)obj_newref(descr);
    w->self = obj_newref(self);
    obj_track(L, &w->ob);
    return &w->ob;
}

static Obj *wrapper_descr_get(Lang *L, Obj *self, Obj *obj, Obj *type)
{
    (void)type;
    Obj *res;
    if (descr_check(L, self, obj, &res) <= 0)
        return res;
    return method_wrapper_new(L, self, obj);
}

static Obj *wrapper_descr_call(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    WrapperDescrObject *w = (WrapperDescrObject *)self;
    if (nargs < 1)
        return err_format(L, EXC_TypeError, "descriptor '%U' of '%.100s' object needs an argument",
                          w->d.d_name, w->d.d_type->core.name);
    if (!obj_isinstance(args[0], w->d.d_type))
        return err_format(L, EXC_TypeError, "descriptor '%U' requires a '%.100s' object but received a '%.100s'",
                          w->d.d_name, w->d.d_type->core.name, obj_type_name(args[0]));
    return w->slot->wrapper(L, args[0], args + 1, nargs - 1, kwnames, w->wrapped, w->slot);
}

static Obj *wrapper_descr_repr(Lang *L, Obj *self)
{
    DescrObject *d = (DescrObject *)self;
    return str_from_format(L, "<slot wrapper '%U' of '%s' objects>", d->d_name, d->d_type->core.name);
}

static Obj *wrapper_doc(Lang *L, Obj *self)
{
    return doc_or_none(L, ((WrapperDescrObject *)self)->slot->doc);
}

static const GetSetDef wrapper_descr_getsets[] = {
    {"__name__", descr_get_name, NULL, NULL},
    {"__qualname__", descr_get_qualname, NULL, NULL},
    {"__objclass__", descr_get_objclass, NULL, NULL},
    {"__doc__", wrapper_doc, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

const TypeSpec wrapper_descr_spec = {
    .name = "wrapper_descriptor",
    .basic_size = sizeof(WrapperDescrObject),
    .core_flags = OURO_TYPE_GC,
    .flags = TF_METHOD_DESCRIPTOR,
    .dealloc = descr_dealloc,
    .traverse = descr_traverse,
    .repr = wrapper_descr_repr,
    .call = wrapper_descr_call,
    .descr_get = wrapper_descr_get,
    .getsets = wrapper_descr_getsets,
};

static int method_wrapper_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    MethodWrapperObject *w = (MethodWrapperObject *)self;
    int r = w->descr ? visit(&w->descr->d.ob, arg) : 0;
    if (r == 0 && w->self)
        r = visit(w->self, arg);
    return r;
}

static int method_wrapper_clear(OuroRuntime *rt, Obj *self)
{
    MethodWrapperObject *w = (MethodWrapperObject *)self;
    ouro_clearref(rt, (Obj **)&w->descr);
    ouro_clearref(rt, &w->self);
    return 0;
}

static Obj *method_wrapper_call(Lang *L, Obj *self, Obj *const *args, size_t nargs,
                                Obj *kwnames)
{
    MethodWrapperObject *w = (MethodWrapperObject *)self;
    return w->descr->slot->wrapper(L, w->self, args, nargs, kwnames, w->descr->wrapped,
                                   w->descr->slot);
}

static Obj *method_wrapper_repr(Lang *L, Obj *self)
{
    MethodWrapperObject *w = (MethodWrapperObject *)self;
    return str_from_format(L, "<method-wrapper '%U' of %s object at %p>", w->descr->d.d_name,
                           obj_type_name(w->self), (void *)w->self);
}

static Obj *method_wrapper_richcompare(Lang *L, Obj *a, Obj *b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !IS_TYPE(b, L->t_method_wrapper))
        return new_not_implemented(L);
    MethodWrapperObject *x = (MethodWrapperObject *)a, *y = (MethodWrapperObject *)b;
    int eq = x->descr == y->descr && x->self == y->self;
    return new_bool(L, op == CMP_EQ ? eq : !eq);
}

static intptr_t method_wrapper_hash(Lang *L, Obj *self)
{
    MethodWrapperObject *w = (MethodWrapperObject *)self;
    intptr_t h = object_hash(L, w->self) ^ object_hash(L, &w->descr->d.ob);
    return h == -1 ? -2 : h;
}

static Obj *method_wrapper_get_self(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(((MethodWrapperObject *)self)->self);
}

static Obj *method_wrapper_get_name(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(((MethodWrapperObject *)self)->descr->d.d_name);
}

static const GetSetDef method_wrapper_getsets[] = {
    {"__self__", method_wrapper_get_self, NULL, NULL},
    {"__name__", method_wrapper_get_name, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

const TypeSpec method_wrapper_spec = {
    .name = "method-wrapper",
    .basic_size = sizeof(MethodWrapperObject),
    .core_flags = OURO_TYPE_GC,
    .traverse = method_wrapper_traverse,
    .clear = method_wrapper_clear,
    .repr = method_wrapper_repr,
    .hash = method_wrapper_hash,
    .richcompare = method_wrapper_richcompare,
    .call = method_wrapper_call,
    .getsets = method_wrapper_getsets,
};

/* ------------------------------------------------------------------ */
/* mappingproxy                                                        */
/* ------------------------------------------------------------------ */

typedef struct MappingProxyObject {
    OuroObject ob;
    Obj *mapping;                 /* owned */
} MappingProxyObject;

Obj *mappingproxy_new(Lang *L, Obj *mapping)
{
    MappingProxyObject *p = (MappingProxyObject *)obj_alloc(L, L->t_mappingproxy);
    if (p == NULL)
        return NULL;
    p->mapping = obj_newref(mapping);
    obj_track(L, &p->ob);
    return &p->ob;
}

static Obj *proxy_mapping(Obj *self)
{
    return ((MappingProxyObject *)self)->mapping;
}

static int mp_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    return visit(proxy_mapping(self), arg);
}

static void mp_dealloc(OuroRuntime *rt, Obj *self)
{
    ouro_clearref(rt, &((MappingProxyObject *)self)->mapping);
}

static Obj *mp_getitem(Lang *L, Obj *self, Obj *key)
{
    return obj_getitem(L, proxy_mapping(self), key);
}

static intptr_t mp_len(Lang *L, Obj *self)
{
    return obj_length(L, proxy_mapping(self));
}

static int mp_contains(Lang *L, Obj *self, Obj *key)
{
    return obj_contains(L, proxy_mapping(self), key);
}

static Obj *mp_iter(Lang *L, Obj *self)
{
    return obj_iter(L, proxy_mapping(self));
}

static Obj *mp_repr(Lang *L, Obj *self)
{
    return str_from_format(L, "mappingproxy(%R)", proxy_mapping(self));
}

static Obj *mp_str(Lang *L, Obj *self)
{
    return obj_str(L, proxy_mapping(self));
}

static Obj *mp_richcompare(Lang *L, Obj *a, Obj *b, int op)
{
    return obj_richcompare(L, proxy_mapping(a), b, op);
}

/* keys(), values(), items(), get(), copy(): the mapping's own. */
static Obj *mp_forward(Lang *L, Obj *self, const char *name, Obj *const *args, size_t nargs)
{
    return obj_call_method_str(L, proxy_mapping(self), name, args, nargs);
}

static Obj *mp_keys(Lang *L, Obj *self, Obj *const *a, size_t n, Obj *k)
{
    (void)k;
    return mp_forward(L, self, "keys", a, n);
}

static Obj *mp_values(Lang *L, Obj *self, Obj *const *a, size_t n, Obj *k)
{
    (void)k;
    return mp_forward(L, self, "values", a, n);
}

static Obj *mp_items(Lang *L, Obj *self, Obj *const *a, size_t n, Obj *k)
{
    (void)k;
    return mp_forward(L, self, "items", a, n);
}

static Obj *mp_get(Lang *L, Obj *self, Obj *const *a, size_t n, Obj *k)
{
    (void)k;
    return mp_forward(L, self, "get", a, n);
}

static Obj *mp_copy(Lang *L, Obj *self, Obj *const *a, size_t n, Obj *k)
{
    (void)k;
    return mp_forward(L, self, "copy", a, n);
}

static const MethodDef mp_methods[] = {
    {"keys", mp_keys, METH_NOARGS, NULL},
    {"values", mp_values, METH_NOARGS, NULL},
    {"items", mp_items, METH_NOARGS, NULL},
    {"get", mp_get, 0, NULL},
    {"copy", mp_copy, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

const TypeSpec mappingproxy_spec = {
    .name = "mappingproxy",
    .basic_size = sizeof(MappingProxyObject),
    .core_flags = OURO_TYPE_GC,
    .dealloc = mp_dealloc,
    .traverse = mp_traverse,
    .repr = mp_repr,
    .str = mp_str,
    .richcompare = mp_richcompare,
    .subscript = mp_getitem,
    .length = mp_len,
    .contains = mp_contains,
    .iter = mp_iter,
    .methods = mp_methods,
};
