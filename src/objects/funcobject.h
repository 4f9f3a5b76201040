/*
 * funcobject.h - function: a code object with the globals it runs in, its
 * default values and its closure (CPython's PyFunctionObject).
 *
 * Invariants: code is a code object and globals a dict (both always set);
 * builtins is the builtins dict found through globals when the function
 * was made; defaults is NULL or a tuple, kwdefaults NULL or a dict,
 * closure NULL or a tuple of cells, one per free variable of code, in
 * code's order; name and qualname are str; dict is NULL until first used.
 * Functions are GC-tracked (a function in its own globals is a cycle) and
 * weak-referenceable.
 *
 * Calling a function runs the VM: the type's call slot is installed by the
 * VM at start-up (func_set_call), so this layer holds no interpreter.
 * Instances are method descriptors (TF_METHOD_DESCRIPTOR): `obj.f(...)`
 * calls f with obj prepended and makes no bound method.
 */
#ifndef OURO_OBJECTS_FUNCOBJECT_H
#define OURO_OBJECTS_FUNCOBJECT_H

#include "object.h"

typedef struct FuncObject {
    OuroObject ob;
    Obj *code;                    /* CodeObject */
    Obj *globals;                 /* dict */
    Obj *builtins;                /* dict */
    Obj *name, *qualname;         /* str */
    Obj *defaults;                /* tuple or NULL */
    Obj *kwdefaults;              /* dict or NULL */
    Obj *closure;                 /* tuple of cells or NULL */
    Obj *doc;                     /* NULL reads as None */
    Obj *dict;                    /* __dict__, NULL until used */
    Obj *module;                  /* __module__, NULL reads as None */
    Obj *annotations;             /* dict or NULL */
    OuroWeakRef *weaklist;
} FuncObject;

static inline int func_check(Lang *L, const Obj *o)
{
    return IS_TYPE(o, L->t_function);
}

/* A new function running code in globals (both borrowed), with qualname
 * (borrowed, NULL: code's). Its name comes from code, __module__ from
 * globals['__name__'], __doc__ from code's first constant when that is a
 * str and docstring is set. builtins (borrowed) is what LOAD_GLOBAL falls
 * back to. New reference or NULL with an exception. */
Obj *func_new(Lang *L, Obj *code, Obj *globals, Obj *builtins, Obj *qualname);

/* Setters for MAKE_FUNCTION: each takes over the reference (may be NULL). */
void func_set_defaults_take(Lang *L, Obj *func, Obj *defaults);
void func_set_kwdefaults_take(Lang *L, Obj *func, Obj *kwdefaults);
void func_set_closure_take(Lang *L, Obj *func, Obj *closure);
void func_set_annotations_take(Lang *L, Obj *func, Obj *annotations);
void func_set_doc_take(Lang *L, Obj *func, Obj *doc);

/* Creates L->t_function with call as its call slot (the VM's). 0 or -1. */
int func_init_type(Lang *L, CallFn call);

#endif
