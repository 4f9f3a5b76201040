/*
 * cfuncobject.c - builtin_function_or_method: a MethodDef bound to self (an
 * instance for `[].append`, a type for class methods, a module or nothing
 * for module functions), and the calling of MethodDefs with CPython's
 * argument-count messages. Owns self and __module__; GC-tracked and
 * weak-referenceable.
 */
#include <string.h>

#include "descrobject.h"
#include "exceptions.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

static Obj *doc_or_none(Lang *L, const char *doc)
{
    return doc ? str_from_cstr(L, doc) : new_none(L);
}

/* ------------------------------------------------------------------ */
/* Calling a MethodDef                                                 */
/* ------------------------------------------------------------------ */

Obj *methoddef_call(Lang *L, const MethodDef *def, const char *owner, Obj *self,
                    Obj *const *args, size_t nargs, Obj *kwnames)
{
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    unsigned f = def->flags;
    if (nkw > 0 && !(f & METH_KEYWORDS))
        return err_format(L, EXC_TypeError, "%s%s%s() takes no keyword arguments",
                          owner ? owner : "", owner ? "." : "", def->name);
    if ((f & METH_NOARGS) && nargs != 0)
        return err_format(L, EXC_TypeError, "%s%s%s() takes no arguments (%zu given)",
                          owner ? owner : "", owner ? "." : "", def->name, nargs);
    if ((f & METH_O) && nargs != 1)
        return err_format(L, EXC_TypeError, "%s%s%s() takes exactly one argument (%zu given)",
                          owner ? owner : "", owner ? "." : "", def->name, nargs);
    return def->fn(L, self, args, nargs, kwnames);
}

/* ------------------------------------------------------------------ */
/* builtin_function_or_method                                          */
/* ------------------------------------------------------------------ */

Obj *cfunction_new(Lang *L, const MethodDef *def, Obj *self, Obj *module)
{
    CFunctionObject *f = (CFunctionObject *)obj_alloc(L, L->t_builtin);
    if (f == NULL)
        return NULL;
    f->def = def;
    f->self = obj_xnewref(self);
    f->module = obj_xnewref(module);
    obj_track(L, &f->ob);
    return &f->ob;
}

static int is_module(Lang *L, Obj *o)
{
    return L->t_module != NULL && obj_isinstance(o, L->t_module);
}

/* The owner part of the function's qualified name: the type for methods
 * and class methods, the module for module functions other than the
 * builtins (CPython's _PyObject_FunctionStr: "sys.getrefcount()" but
 * "len()"). */
static const char *cfunction_owner(Lang *L, CFunctionObject *f)
{
    if (f->self == NULL || is_module(L, f->self)) {
        if (f->module == NULL || !str_check(f->module) || str_equal_cstr(f->module, "builtins"))
            return NULL;
        return str_data(f->module);
    }
    if (type_check(f->self))
        return ((TypeObject *)f->self)->core.name;
    return obj_type_name(f->self);
}

static Obj *cfunction_call(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    CFunctionObject *f = (CFunctionObject *)self;
    return methoddef_call(L, f->def, cfunction_owner(L, f), f->self, args, nargs, kwnames);
}

static int cfunction_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    CFunctionObject *f = (CFunctionObject *)self;
    int r = f->self ? visit(f->self, arg) : 0;
    if (r == 0 && f->module)
        r = visit(f->module, arg);
    return r;
}

static int cfunction_clear(OuroRuntime *rt, Obj *self)
{
    CFunctionObject *f = (CFunctionObject *)self;
    ouro_clearref(rt, &f->self);
    ouro_clearref(rt, &f->module);
    return 0;
}

static Obj *cfunction_repr(Lang *L, Obj *self)
{
    CFunctionObject *f = (CFunctionObject *)self;
    if (f->self == NULL || is_module(L, f->self))
        return str_from_format(L, "<built-in function %s>", f->def->name);
    return str_from_format(L, "<built-in method %s of %s object at %p>", f->def->name,
                           obj_type_name(f->self), (void *)f->self);
}

static Obj *cfunction_richcompare(Lang *L, Obj *a, Obj *b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !IS_TYPE(b, L->t_builtin))
        return new_not_implemented(L);
    CFunctionObject *x = (CFunctionObject *)a, *y = (CFunctionObject *)b;
    int eq = x->def->fn == y->def->fn && x->self == y->self;
    return new_bool(L, op == CMP_EQ ? eq : !eq);
}

static intptr_t cfunction_hash(Lang *L, Obj *self)
{
    CFunctionObject *f = (CFunctionObject *)self;
    intptr_t h = (f->self ? object_hash(L, f->self) : 0) ^ (intptr_t)((uintptr_t)f->def >> 4);
    return h == -1 ? -2 : h;
}

static Obj *cfunction_get_name(Lang *L, Obj *self)
{
    return str_from_cstr(L, ((CFunctionObject *)self)->def->name);
}

static Obj *cfunction_get_qualname(Lang *L, Obj *self)
{
    CFunctionObject *f = (CFunctionObject *)self;
    if (f->self == NULL || is_module(L, f->self))
        return str_from_cstr(L, f->def->name);
    TypeObject *t = type_check(f->self) ? (TypeObject *)f->self : TYPE(f->self);
    return str_from_format(L, "%U.%s", t->qualname, f->def->name);
}

static Obj *cfunction_get_self(Lang *L, Obj *self)
{
    CFunctionObject *f = (CFunctionObject *)self;
    return f->self ? obj_newref(f->self) : new_none(L);
}

static Obj *cfunction_get_doc(Lang *L, Obj *self)
{
    return doc_or_none(L, ((CFunctionObject *)self)->def->doc);
}

static const GetSetDef cfunction_getsets[] = {
    {"__name__", cfunction_get_name, NULL, NULL},
    {"__qualname__", cfunction_get_qualname, NULL, NULL},
    {"__self__", cfunction_get_self, NULL, NULL},
    {"__doc__", cfunction_get_doc, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

static const MemberDef cfunction_members[] = {
    {"__module__", MEMBER_OBJECT, offsetof(CFunctionObject, module), 0, NULL},
    {NULL, 0, 0, 0, NULL},
};

const TypeSpec cfunction_spec = {
    .name = "builtin_function_or_method",
    .basic_size = sizeof(CFunctionObject),
    .core_flags = OURO_TYPE_GC | OURO_TYPE_WEAKREFABLE,
    .weaklist_offset = offsetof(CFunctionObject, weaklist),
    .traverse = cfunction_traverse,
    .clear = cfunction_clear,
    .repr = cfunction_repr,
    .hash = cfunction_hash,
    .richcompare = cfunction_richcompare,
    .call = cfunction_call,
    .getsets = cfunction_getsets,
    .members = cfunction_members,
};

