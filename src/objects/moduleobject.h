/*
 * moduleobject.h - module: a named namespace (its dict) that import
 * returns. The dict is made with the module and never replaced; module
 * attributes are its entries. Modules are tracked (a function in a module
 * dict refers back to the dict) and weak-referenceable.
 */
#ifndef OURO_OBJECTS_MODULEOBJECT_H
#define OURO_OBJECTS_MODULEOBJECT_H

#include "object.h"

typedef struct ModuleObject {
    OuroObject ob;
    Obj *dict;                    /* owned dict: the namespace */
    Obj *name;                    /* owned str */
    OuroWeakRef *weaklist;
} ModuleObject;

static inline int module_check(Lang *L, const Obj *o)
{
    return L->t_module != NULL && obj_isinstance((Obj *)o, L->t_module);
}

/* A new module named name (a str, borrowed) with __name__, __doc__
 * (None), __package__, __loader__ and __spec__ (None) in its dict. */
Obj *module_new(Lang *L, Obj *name);
Obj *module_new_cstr(Lang *L, const char *name);

/* The namespace dict, borrowed. */
static inline Obj *module_dict(Obj *m)
{
    return ((ModuleObject *)m)->dict;
}

/* Adds the built-in functions of defs (a NULL-terminated table) to m. */
int module_add_functions(Lang *L, Obj *m, const MethodDef *defs);
/* m.name = value (value borrowed). */
int module_add_object(Lang *L, Obj *m, const char *name, Obj *value);

/* Creates L->t_module (VM start-up). 0 or -1. */
int module_init_type(Lang *L);

#endif
