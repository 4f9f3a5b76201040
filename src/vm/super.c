/*
 * super.c - the super type. super(type, obj) looks attributes up in the
 * MRO of obj's type after `type`, binding what it finds to obj. The
 * zero-argument form reads the calling frame: its first argument and its
 * `__class__` cell (which the compiler creates for methods that mention
 * super or __class__), which is why this type lives in the VM.
 * Invariants: type is a type; obj and obj_type are both NULL (unbound) or
 * both set, obj_type being type(obj) or obj itself when obj is a class.
 */
#include <string.h>

#include "vm.h"
#include "../objects/cellobject.h"
#include "../objects/dictobject.h"
#include "../objects/exceptions.h"
#include "../objects/strobject.h"
#include "../objects/tupleobject.h"
#include "../objects/typeobject.h"

typedef struct SuperObject {
    OuroObject ob;
    TypeObject *type;             /* owned */
    Obj *obj;                     /* owned or NULL */
    TypeObject *obj_type;         /* owned or NULL */
} SuperObject;

static int super_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    SuperObject *s = (SuperObject *)self;
    int r = 0;
    if (s->type && (r = visit(&s->type->ob, arg)) != 0)
        return r;
    if (s->obj && (r = visit(s->obj, arg)) != 0)
        return r;
    return s->obj_type ? visit(&s->obj_type->ob, arg) : 0;
}

static int super_clear(OuroRuntime *rt, Obj *self)
{
    SuperObject *s = (SuperObject *)self;
    Obj *t = s->type ? &s->type->ob : NULL, *ot = s->obj_type ? &s->obj_type->ob : NULL;
    s->type = NULL;
    s->obj_type = NULL;
    ouro_clearref(rt, &s->obj);
    ouro_xdecref(rt, t);
    ouro_xdecref(rt, ot);
    return 0;
}

/* The type super() binds to for obj (CPython's supercheck). */
static TypeObject *supercheck(Lang *L, TypeObject *type, Obj *obj)
{
    if (type_check(obj) && type_is_subtype((TypeObject *)obj, type))
        return (TypeObject *)obj;
    if (obj_isinstance(obj, type))
        return TYPE(obj);
    Obj *cls = obj_lookup_attr(L, obj, ID(L, __class__));
    if (cls != NULL) {
        int ok = type_check(cls) && cls != &TYPE(obj)->ob &&
                 type_is_subtype((TypeObject *)cls, type);
        if (ok) {
            /* Borrowed from obj's __class__ (kept alive by the caller's
             * reference below). */
            obj_decref(L, cls);
            return (TypeObject *)cls;
        }
        obj_decref(L, cls);
    } else if (err_occurred(L)) {
        return NULL;
    }
    err_format(L, EXC_TypeError, "super(type, obj): obj must be an instance or subtype of type");
    return NULL;
}

/* Zero-argument super(): the calling frame's class cell and first argument. */
static int super_from_frame(Lang *L, TypeObject **type, Obj **obj)
{
    InterpFrame *f = vm_of(L)->current;
    if (f == NULL) {
        err_format(L, EXC_RuntimeError, "super(): no current frame");
        return -1;
    }
    CodeObject *co = f->code;
    if (co->argcount == 0) {
        err_format(L, EXC_RuntimeError, "super(): no arguments");
        return -1;
    }
    Obj *first = f->localsplus[0];
    if (first != NULL && (co->localskinds[0] & CO_FAST_CELL) && cell_check(L, first))
        first = cell_get_borrowed(first);
    if (first == NULL) {
        err_format(L, EXC_RuntimeError, "super(): arg[0] deleted");
        return -1;
    }
    for (int i = co->nlocalsplus - co->nfrees; i < co->nlocalsplus; i++) {
        Obj *name = tuple_get_borrowed(co->localsplusnames, (size_t)i);
        if (!str_equal_cstr(name, "__class__"))
            continue;
        Obj *cell = f->localsplus[i];
        Obj *cls = cell ? cell_get_borrowed(cell) : NULL;
        if (cls == NULL) {
            err_format(L, EXC_RuntimeError, "super(): empty __class__ cell");
            return -1;
        }
        if (!type_check(cls)) {
            err_format(L, EXC_RuntimeError, "super(): __class__ is not a type (%s)",
                       obj_type_name(cls));
            return -1;
        }
        *type = (TypeObject *)cls;
        *obj = first;
        return 0;
    }
    err_format(L, EXC_RuntimeError, "super(): __class__ cell not found");
    return -1;
}

static int super_init(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    SuperObject *su = (SuperObject *)self;
    if (kwnames != NULL && tuple_size(kwnames) > 0) {
        err_format(L, EXC_TypeError, "super() takes no keyword arguments");
        return -1;
    }
    if (nargs > 2) {
        err_format(L, EXC_TypeError, "super() takes at most 2 arguments (%zu given)", nargs);
        return -1;
    }
    TypeObject *type = NULL;
    Obj *obj = NULL;
    if (nargs == 0) {
        if (super_from_frame(L, &type, &obj) < 0)
            return -1;
    } else {
        if (!type_check(args[0])) {
            err_format(L, EXC_TypeError, "super() argument 1 must be a type, not %.200s",
                       obj_type_name(args[0]));
            return -1;
        }
        type = (TypeObject *)args[0];
        obj = nargs == 2 && args[1] != L->none ? args[1] : NULL;
    }
    TypeObject *obj_type = NULL;
    if (obj != NULL && (obj_type = supercheck(L, type, obj)) == NULL)
        return -1;
    Obj *old_t = su->type ? &su->type->ob : NULL, *old_o = su->obj;
    Obj *old_ot = su->obj_type ? &su->obj_type->ob : NULL;
    su->type = (TypeObject *)obj_newref(&type->ob);
    su->obj = obj_xnewref(obj);
    su->obj_type = obj_type ? (TypeObject *)obj_newref(&obj_type->ob) : NULL;
    obj_xdecref(L, old_t);
    obj_xdecref(L, old_o);
    obj_xdecref(L, old_ot);
    return 0;
}

static Obj *super_getattro(Lang *L, Obj *self, Obj *name)
{
    SuperObject *su = (SuperObject *)self;
    TypeObject *start = su->obj_type;
    if (start == NULL || (str_check(name) && str_equal(name, ID(L, __class__))))
        return object_generic_getattr(L, self, name);
    Obj *mro = start->mro;
    if (mro == NULL)
        return object_generic_getattr(L, self, name);
    obj_incref(mro);
    size_t n = tuple_size(mro), i = 0;
    while (i + 1 < n && tuple_get_borrowed(mro, i) != &su->type->ob)
        i++;
    for (i++; i < n; i++) {
        TypeObject *t = (TypeObject *)tuple_get_borrowed(mro, i);
        Obj *res = dict_getitem_str(t->dict, name);
        if (res == NULL)
            continue;
        obj_incref(res);
        obj_decref(L, mro);
        DescrGetFn get = TYPE(res)->descr_get;
        if (get == NULL)
            return res;
        Obj *r = get(L, res, su->obj == &start->ob ? NULL : su->obj, &start->ob);
        obj_decref(L, res);
        return r;
    }
    obj_decref(L, mro);
    return object_generic_getattr(L, self, name);
}

static Obj *super_repr(Lang *L, Obj *self)
{
    SuperObject *su = (SuperObject *)self;
    if (su->obj_type != NULL)
        return str_from_format(L, "<super: <class '%s'>, <%s object>>", su->type->core.name,
                               su->obj_type->core.name);
    return str_from_format(L, "<super: <class '%s'>, NULL>",
                           su->type ? su->type->core.name : "NULL");
}

static Obj *super_get_thisclass(Lang *L, Obj *self)
{
    SuperObject *su = (SuperObject *)self;
    return obj_newref(su->type ? &su->type->ob : L->none);
}

static Obj *super_get_self(Lang *L, Obj *self)
{
    SuperObject *su = (SuperObject *)self;
    return obj_newref(su->obj ? su->obj : L->none);
}

static Obj *super_get_self_class(Lang *L, Obj *self)
{
    SuperObject *su = (SuperObject *)self;
    return obj_newref(su->obj_type ? &su->obj_type->ob : L->none);
}

static const GetSetDef super_getsets[] = {
    {"__thisclass__", super_get_thisclass, NULL, NULL},
    {"__self__", super_get_self, NULL, NULL},
    {"__self_class__", super_get_self_class, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

static const TypeSpec super_spec = {
    .name = "super",
    .basic_size = sizeof(SuperObject),
    .core_flags = OURO_TYPE_GC,
    .flags = TF_BASETYPE,
    .traverse = super_traverse,
    .clear = super_clear,
    .repr = super_repr,
    .getattro = super_getattro,
    .init = super_init,
    .tp_new = object_new,
    .getsets = super_getsets,
};

int vm_init_super(Lang *L)
{
    if (L->t_super != NULL)
        return 0;
    L->t_super = type_from_spec(L, &super_spec, NULL);
    return L->t_super != NULL ? 0 : -1;
}
