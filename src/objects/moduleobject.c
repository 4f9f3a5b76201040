/*
 * moduleobject.c - modules (moduleobject.h): construction, attribute
 * access with CPython's "module 'x' has no attribute 'y'" message, repr,
 * the collector's slots.
 */
#include "moduleobject.h"
#include "descrobject.h"
#include "dictobject.h"
#include "exceptions.h"
#include "instance.h"
#include "strobject.h"
#include "typeobject.h"

Obj *module_new(Lang *L, Obj *name)
{
    ModuleObject *m = (ModuleObject *)obj_alloc(L, L->t_module);
    if (m == NULL)
        return NULL;
    m->name = obj_newref(name);
    m->dict = dict_new(L);
    if (m->dict == NULL) {
        obj_decref(L, &m->ob);
        return NULL;
    }
    obj_track(L, &m->ob);
    if (dict_setitem(L, m->dict, ID(L, __name__), name) < 0 ||
        dict_setitem(L, m->dict, ID(L, __doc__), L->none) < 0 ||
        dict_setitem_cstr(L, m->dict, "__package__", L->none) < 0 ||
        dict_setitem_cstr(L, m->dict, "__loader__", L->none) < 0 ||
        dict_setitem_cstr(L, m->dict, "__spec__", L->none) < 0) {
        obj_decref(L, &m->ob);
        return NULL;
    }
    return &m->ob;
}

Obj *module_new_cstr(Lang *L, const char *name)
{
    Obj *s = str_intern_cstr(L, name);
    if (s == NULL)
        return NULL;
    Obj *m = module_new(L, s);
    obj_decref(L, s);
    return m;
}

int module_add_functions(Lang *L, Obj *m, const MethodDef *defs)
{
    ModuleObject *mod = (ModuleObject *)m;
    for (const MethodDef *d = defs; d->name != NULL; d++) {
        Obj *f = cfunction_new(L, d, NULL, mod->name);
        if (f == NULL || dict_setitem_cstr(L, mod->dict, d->name, f) < 0) {
            obj_xdecref(L, f);
            return -1;
        }
        obj_decref(L, f);
    }
    return 0;
}

int module_add_object(Lang *L, Obj *m, const char *name, Obj *value)
{
    return dict_setitem_cstr(L, ((ModuleObject *)m)->dict, name, value);
}

static Obj *module_getattro(Lang *L, Obj *self, Obj *name)
{
    ModuleObject *m = (ModuleObject *)self;
    Obj *r = object_generic_getattr(L, self, name);
    if (r != NULL || !err_matches(L, EXC_AttributeError))
        return r;
    err_clear(L);
    return err_format(L, EXC_AttributeError, "module '%U' has no attribute '%U'", m->name, name);
}

static int module_setattro(Lang *L, Obj *self, Obj *name, Obj *value)
{
    ModuleObject *m = (ModuleObject *)self;
    if (value != NULL)
        return dict_setitem(L, m->dict, name, value);
    if (dict_delitem(L, m->dict, name) < 0) {
        if (err_matches(L, EXC_KeyError)) {
            err_clear(L);
            err_format(L, EXC_AttributeError, "module '%U' has no attribute '%U'", m->name, name);
        }
        return -1;
    }
    return 0;
}

static Obj *module_repr(Lang *L, Obj *self)
{
    ModuleObject *m = (ModuleObject *)self;
    Obj *key = str_intern_cstr(L, "__file__");
    if (key == NULL)
        return NULL;
    Obj *file = m->dict ? dict_getitem_str(m->dict, key) : NULL;
    obj_decref(L, key);
    if (file != NULL && str_check(file))
        return str_from_format(L, "<module '%U' from '%U'>", m->name, file);
    return str_from_format(L, "<module '%U' (built-in)>", m->name);
}

static int module_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    ModuleObject *m = (ModuleObject *)self;
    return m->dict != NULL ? visit(m->dict, arg) : 0;
}

static int module_clear(OuroRuntime *rt, Obj *self)
{
    ouro_clearref(rt, &((ModuleObject *)self)->dict);
    return 0;
}

static void module_dealloc(OuroRuntime *rt, Obj *self)
{
    module_clear(rt, self);
    ouro_clearref(rt, &((ModuleObject *)self)->name);
}

static Obj *get_dict(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(((ModuleObject *)self)->dict);
}

static const GetSetDef module_getsets[] = {
    {"__dict__", get_dict, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

static const TypeSpec module_spec = {
    .name = "module",
    .basic_size = sizeof(ModuleObject),
    .core_flags = OURO_TYPE_GC | OURO_TYPE_WEAKREFABLE,
    .weaklist_offset = offsetof(ModuleObject, weaklist),
    .flags = TF_BASETYPE,
    .dict_offset = offsetof(ModuleObject, dict),
    .dealloc = module_dealloc,
    .traverse = module_traverse,
    .clear = module_clear,
    .repr = module_repr,
    .getattro = module_getattro,
    .setattro = module_setattro,
    .getsets = module_getsets,
};

int module_init_type(Lang *L)
{
    if (L->t_module != NULL)
        return 0;
    L->t_module = type_from_spec(L, &module_spec, NULL);
    return L->t_module != NULL ? 0 : -1;
}
