/*
 * descrobject.h - the descriptors that expose built-in types' C code as
 * attributes, and built-in functions:
 *   method_descriptor        list.append      (a MethodDef; binds to an instance)
 *   classmethod_descriptor   dict.fromkeys    (a METH_CLASS MethodDef)
 *   getset_descriptor        type.__name__    (a GetSetDef)
 *   member_descriptor        C.slot           (a MemberDef: struct fields, __slots__)
 *   wrapper_descriptor       int.__add__      (a slot of a built-in type, slots.h)
 *   method-wrapper           (1).__add__      (a wrapper_descriptor bound to self)
 * (builtin_function_or_method, the MethodDef bound to self, is declared
 * here too and lives in cfuncobject.c.)
 * Each descriptor owns a reference to the type it belongs to (d_type) and
 * to its name (interned str); all are GC-tracked (a descriptor in a class's
 * dict is part of the class's cycle). Calls use the vector convention and
 * make no argument tuple; errors read as CPython 3.11's
 * ("descriptor 'append' for 'list' objects doesn't apply to a 'int' object").
 */
#ifndef OURO_OBJECTS_DESCROBJECT_H
#define OURO_OBJECTS_DESCROBJECT_H

#include "object.h"
#include "slots.h"

typedef struct DescrObject {
    OuroObject ob;
    TypeObject *d_type;           /* owned */
    Obj *d_name;                  /* owned interned str */
} DescrObject;

typedef struct MethodDescrObject {
    DescrObject d;
    const MethodDef *def;
} MethodDescrObject;

typedef struct GetSetDescrObject {
    DescrObject d;
    const GetSetDef *def;
} GetSetDescrObject;

typedef struct MemberDescrObject {
    DescrObject d;
    const MemberDef *def;         /* static table, or the type's slot_members */
} MemberDescrObject;

typedef struct WrapperDescrObject {
    DescrObject d;
    const SlotDef *slot;
    AnyFn wrapped;                /* the slot's C function */
} WrapperDescrObject;

typedef struct MethodWrapperObject {
    OuroObject ob;
    WrapperDescrObject *descr;    /* owned */
    Obj *self;                    /* owned */
} MethodWrapperObject;

/* builtin_function_or_method. */
typedef struct CFunctionObject {
    OuroObject ob;
    const MethodDef *def;
    Obj *self;                    /* owned: the bound object, or NULL */
    Obj *module;                  /* owned: __module__ (a str) or NULL */
    OuroWeakRef *weaklist;
} CFunctionObject;

/* New descriptors for type; each returns a new reference or NULL. The
 * def/slot tables must outlive the descriptor (static tables, or arrays
 * owned by the type). */
Obj *descr_new_method(Lang *L, TypeObject *type, const MethodDef *def);
Obj *descr_new_classmethod(Lang *L, TypeObject *type, const MethodDef *def);
Obj *descr_new_getset(Lang *L, TypeObject *type, const GetSetDef *def);
Obj *descr_new_member(Lang *L, TypeObject *type, const MemberDef *def);
Obj *descr_new_wrapper(Lang *L, TypeObject *type, const SlotDef *slot, AnyFn wrapped);
/* A builtin_function_or_method calling def with self (borrowed, may be
 * NULL); module (borrowed, may be NULL) becomes __module__. */
Obj *cfunction_new(Lang *L, const MethodDef *def, Obj *self, Obj *module);

static inline int is_wrapper_descr(Lang *L, const Obj *o)
{
    return IS_TYPE(o, L->t_wrapper_descr);
}
static inline int is_cfunction(Lang *L, const Obj *o)
{
    return IS_TYPE(o, L->t_builtin);
}

/* Calls def with self and the arguments, checking METH_NOARGS/METH_O and
 * keyword arguments as CPython does (messages use qualname, e.g.
 * "list.append() takes exactly one argument (0 given)"). */
Obj *methoddef_call(Lang *L, const MethodDef *def, const char *qualname_prefix, Obj *self,
                    Obj *const *args, size_t nargs, Obj *kwnames);

/* mappingproxy: a read-only view of a dict (borrowed; the proxy takes a
 * reference), as type.__dict__ returns. */
Obj *mappingproxy_new(Lang *L, Obj *mapping);

/* Reading and writing a struct member (MemberDef) of obj. */
Obj *member_get(Lang *L, Obj *obj, const MemberDef *def);
int member_set(Lang *L, Obj *obj, const MemberDef *def, Obj *value);

extern const struct TypeSpec method_descr_spec, classmethod_descr_spec, getset_descr_spec,
    member_descr_spec, wrapper_descr_spec, method_wrapper_spec, cfunction_spec,
    mappingproxy_spec;

#endif
