/*
 * methodobject.h - method: a callable bound to an instance (what
 * `obj.f` gives for a function f found in obj's class, and what
 * classmethod gives). Owns func and self; GC-tracked. Calling it calls
 * func with self prepended (no argument tuple; up to 8 arguments on the C
 * stack).
 */
#ifndef OURO_OBJECTS_METHODOBJECT_H
#define OURO_OBJECTS_METHODOBJECT_H

#include "object.h"

typedef struct MethodObject {
    OuroObject ob;
    Obj *func;                    /* owned */
    Obj *self;                    /* owned */
    OuroWeakRef *weaklist;
} MethodObject;

/* A bound method of func to self (both borrowed). */
Obj *method_new(Lang *L, Obj *func, Obj *self);

static inline int method_check(Lang *L, const Obj *o)
{
    return IS_TYPE(o, L->t_method);
}

/* Calls callable with self prepended to args (vector convention), without
 * allocating for up to 8 arguments. */
Obj *call_prepend(Lang *L, Obj *callable, Obj *self, Obj *const *args, size_t nargs,
                  Obj *kwnames);

struct TypeSpec;
extern const struct TypeSpec method_spec;

#endif
