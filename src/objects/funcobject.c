/*
 * funcobject.c - functions (see funcobject.h): construction, the
 * collector's slots, binding as a method, and the __xxx__ attributes
 * (__name__, __qualname__, __defaults__, __kwdefaults__, __closure__,
 * __code__, __globals__, __dict__, __doc__, __module__, __annotations__),
 * with CPython 3.11's checks and messages.
 */
#include <assert.h>
#include <string.h>

#include "funcobject.h"
#include "codeobject.h"
#include "descrobject.h"
#include "dictobject.h"
#include "methodobject.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

/* ------------------------------------------------------------------ */
/* Lifecycle                                                           */
/* ------------------------------------------------------------------ */

Obj *func_new(Lang *L, Obj *code, Obj *globals, Obj *builtins, Obj *qualname)
{
    CodeObject *co = (CodeObject *)code;
    Obj *module = dict_getitem_str(globals, ID(L, __name__));
    FuncObject *f = (FuncObject *)obj_alloc(L, L->t_function);
    if (f == NULL)
        return NULL;
    f->code = obj_newref(code);
    f->globals = obj_newref(globals);
    f->builtins = obj_newref(builtins);
    f->name = obj_newref(co->name);
    f->qualname = obj_newref(qualname != NULL ? qualname : co->qualname);
    f->module = obj_xnewref(module);
    /* CPython's PyFunction_New: a str first constant is the docstring
     * (the compiler puts the docstring, or None, first). */
    Obj *first = tuple_size(co->consts) ? tuple_get_borrowed(co->consts, 0) : NULL;
    if (first != NULL && str_check(first))
        f->doc = obj_newref(first);
    obj_track(L, &f->ob);
    return &f->ob;
}

static int func_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    FuncObject *f = (FuncObject *)self;
    Obj *fields[] = {f->code, f->globals, f->builtins, f->name, f->qualname, f->defaults,
                     f->kwdefaults, f->closure, f->doc, f->dict, f->module, f->annotations};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (fields[i] != NULL) {
            int r = visit(fields[i], arg);
            if (r)
                return r;
        }
    }
    return 0;
}

/* Drops the references that can form cycles (as CPython's func_clear,
 * keeping code, name and qualname, which cannot). */
static int func_clear(OuroRuntime *rt, Obj *self)
{
    FuncObject *f = (FuncObject *)self;
    ouro_clearref(rt, &f->globals);
    ouro_clearref(rt, &f->builtins);
    ouro_clearref(rt, &f->module);
    ouro_clearref(rt, &f->defaults);
    ouro_clearref(rt, &f->kwdefaults);
    ouro_clearref(rt, &f->doc);
    ouro_clearref(rt, &f->dict);
    ouro_clearref(rt, &f->closure);
    ouro_clearref(rt, &f->annotations);
    return 0;
}

static void func_dealloc(OuroRuntime *rt, Obj *self)
{
    FuncObject *f = (FuncObject *)self;
    func_clear(rt, self);
    ouro_clearref(rt, &f->code);
    ouro_clearref(rt, &f->name);
    ouro_clearref(rt, &f->qualname);
}

void func_set_defaults_take(Lang *L, Obj *func, Obj *defaults)
{
    obj_setref(L, &((FuncObject *)func)->defaults, defaults);
}

void func_set_kwdefaults_take(Lang *L, Obj *func, Obj *kwdefaults)
{
    obj_setref(L, &((FuncObject *)func)->kwdefaults, kwdefaults);
}

void func_set_closure_take(Lang *L, Obj *func, Obj *closure)
{
    obj_setref(L, &((FuncObject *)func)->closure, closure);
}

void func_set_annotations_take(Lang *L, Obj *func, Obj *annotations)
{
    obj_setref(L, &((FuncObject *)func)->annotations, annotations);
}

void func_set_doc_take(Lang *L, Obj *func, Obj *doc)
{
    obj_setref(L, &((FuncObject *)func)->doc, doc);
}

/* ------------------------------------------------------------------ */
/* Binding and repr                                                    */
/* ------------------------------------------------------------------ */

static Obj *func_descr_get(Lang *L, Obj *self, Obj *obj, Obj *type)
{
    (void)type;
    if (obj == NULL || obj == L->none)
        return obj_newref(self);
    return method_new(L, self, obj);
}

static Obj *func_repr(Lang *L, Obj *self)
{
    return str_from_format(L, "<function %U at %p>", ((FuncObject *)self)->qualname,
                           (void *)self);
}

/* ------------------------------------------------------------------ */
/* Attributes                                                          */
/* ------------------------------------------------------------------ */

static Obj *or_none(Lang *L, Obj *v)
{
    return obj_newref(v != NULL ? v : L->none);
}

static Obj *get_name(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(((FuncObject *)self)->name);
}

static int set_str_field(Lang *L, Obj **field, Obj *value, const char *what)
{
    if (value == NULL || !str_check(value)) {
        err_format(L, EXC_TypeError, "%s must be set to a string object", what);
        return -1;
    }
    obj_setref(L, field, obj_newref(value));
    return 0;
}

static int set_name(Lang *L, Obj *self, Obj *value)
{
    return set_str_field(L, &((FuncObject *)self)->name, value, "__name__");
}

static Obj *get_qualname(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(((FuncObject *)self)->qualname);
}

static int set_qualname(Lang *L, Obj *self, Obj *value)
{
    return set_str_field(L, &((FuncObject *)self)->qualname, value, "__qualname__");
}

static Obj *get_defaults(Lang *L, Obj *self)
{
    return or_none(L, ((FuncObject *)self)->defaults);
}

static int set_defaults(Lang *L, Obj *self, Obj *value)
{
    if (value == L->none)
        value = NULL;
    if (value != NULL && !tuple_check(value)) {
        err_format(L, EXC_TypeError, "__defaults__ must be set to a tuple object");
        return -1;
    }
    func_set_defaults_take(L, self, obj_xnewref(value));
    return 0;
}

static Obj *get_kwdefaults(Lang *L, Obj *self)
{
    return or_none(L, ((FuncObject *)self)->kwdefaults);
}

static int set_kwdefaults(Lang *L, Obj *self, Obj *value)
{
    if (value == L->none)
        value = NULL;
    if (value != NULL && !dict_check(value)) {
        err_format(L, EXC_TypeError, "__kwdefaults__ must be set to a dict object");
        return -1;
    }
    func_set_kwdefaults_take(L, self, obj_xnewref(value));
    return 0;
}

static Obj *get_closure(Lang *L, Obj *self)
{
    return or_none(L, ((FuncObject *)self)->closure);
}

static Obj *get_code(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(((FuncObject *)self)->code);
}

static Obj *get_globals(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(((FuncObject *)self)->globals);
}

static Obj *get_doc(Lang *L, Obj *self)
{
    return or_none(L, ((FuncObject *)self)->doc);
}

static int set_doc(Lang *L, Obj *self, Obj *value)
{
    func_set_doc_take(L, self, obj_xnewref(value));
    return 0;
}

static Obj *get_module(Lang *L, Obj *self)
{
    return or_none(L, ((FuncObject *)self)->module);
}

static int set_module(Lang *L, Obj *self, Obj *value)
{
    obj_setref(L, &((FuncObject *)self)->module, obj_xnewref(value));
    return 0;
}

static Obj *get_dict(Lang *L, Obj *self)
{
    FuncObject *f = (FuncObject *)self;
    if (f->dict == NULL) {
        f->dict = dict_new(L);
        if (f->dict == NULL)
            return NULL;
    }
    return obj_newref(f->dict);
}

static int set_dict(Lang *L, Obj *self, Obj *value)
{
    if (value == NULL) {
        err_format(L, EXC_TypeError, "cannot delete __dict__");
        return -1;
    }
    if (!dict_check(value)) {
        err_format(L, EXC_TypeError, "__dict__ must be set to a dictionary, not a '%.200s'",
                   obj_type_name(value));
        return -1;
    }
    obj_setref(L, &((FuncObject *)self)->dict, obj_newref(value));
    return 0;
}

static Obj *get_annotations(Lang *L, Obj *self)
{
    FuncObject *f = (FuncObject *)self;
    if (f->annotations == NULL) {
        f->annotations = dict_new(L);
        if (f->annotations == NULL)
            return NULL;
    }
    return obj_newref(f->annotations);
}

static int set_annotations(Lang *L, Obj *self, Obj *value)
{
    if (value == L->none)
        value = NULL;
    if (value != NULL && !dict_check(value)) {
        err_format(L, EXC_TypeError, "__annotations__ must be set to a dict object");
        return -1;
    }
    func_set_annotations_take(L, self, obj_xnewref(value));
    return 0;
}

static const GetSetDef func_getsets[] = {
    {"__name__", get_name, set_name, NULL},
    {"__qualname__", get_qualname, set_qualname, NULL},
    {"__defaults__", get_defaults, set_defaults, NULL},
    {"__kwdefaults__", get_kwdefaults, set_kwdefaults, NULL},
    {"__closure__", get_closure, NULL, NULL},
    {"__code__", get_code, NULL, NULL},
    {"__globals__", get_globals, NULL, NULL},
    {"__doc__", get_doc, set_doc, NULL},
    {"__module__", get_module, set_module, NULL},
    {"__dict__", get_dict, set_dict, NULL},
    {"__annotations__", get_annotations, set_annotations, NULL},
    {NULL, NULL, NULL, NULL},
};

/* ------------------------------------------------------------------ */
/* Type                                                                */
/* ------------------------------------------------------------------ */

static const TypeSpec function_spec = {
    .name = "function",
    .basic_size = sizeof(FuncObject),
    .core_flags = OURO_TYPE_GC | OURO_TYPE_WEAKREFABLE,
    .weaklist_offset = offsetof(FuncObject, weaklist),
    .flags = TF_METHOD_DESCRIPTOR,
    .dict_offset = offsetof(FuncObject, dict),
    .dealloc = func_dealloc,
    .traverse = func_traverse,
    .clear = func_clear,
    .repr = func_repr,
    .getattro = object_generic_getattr,
    .setattro = object_generic_setattr,
    .descr_get = func_descr_get,
    .getsets = func_getsets,
};

int func_init_type(Lang *L, CallFn call)
{
    if (L->t_function == NULL) {
        TypeObject *t = type_from_spec(L, &function_spec, NULL);
        if (t == NULL)
            return -1;
        L->t_function = t;
    }
    L->t_function->call = call;
    return 0;
}
