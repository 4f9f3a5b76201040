/*
 * typeobject.h - type objects: built-in types made from static specs,
 * classes made by type_new, the MRO, attribute lookup through it, and
 * `type` itself (its attributes, calls, repr).
 *
 * A built-in type is described by a TypeSpec (a const table); lang_new makes
 * one TypeObject per spec and per Lang, fills its dict from the spec's
 * methods, getsets and members (as descriptors) and from its slots (as
 * slot wrappers, `int.__add__`), and inherits the slots it leaves NULL.
 * A class (type_new) gets its slots from the dunder methods of its MRO
 * (slots.h), its layout from its bases and `__slots__` (instance.h).
 *
 * Changing a type's dict must go through type_setattro (or be followed by
 * type_modified) so that slots and the method cache stay right.
 */
#ifndef OURO_OBJECTS_TYPEOBJECT_H
#define OURO_OBJECTS_TYPEOBJECT_H

#include "object.h"

/* A built-in type's static description. Fields mirror TypeObject; NULL or 0
 * means "none" (and slots left NULL are inherited from the base). */
typedef struct TypeSpec {
    const char *name;
    size_t basic_size;
    size_t item_size;
    unsigned core_flags;          /* OURO_TYPE_* */
    size_t weaklist_offset;       /* with OURO_TYPE_WEAKREFABLE */
    unsigned flags;               /* TF_* */
    intptr_t dict_offset;         /* instances' __dict__ field, 0 for none */
    /* memory core slots */
    void (*dealloc)(OuroRuntime *rt, OuroObject *self);
    int (*traverse)(OuroObject *self, OuroVisitFn visit, void *arg);
    int (*clear)(OuroRuntime *rt, OuroObject *self);
    int (*finalize)(OuroRuntime *rt, OuroObject *self);
    size_t (*nitems)(const OuroObject *self);
    int (*recycle)(OuroRuntime *rt, OuroObject *self);
    /* language slots */
    UnaryFn repr, str;
    HashFn hash;
    RichCmpFn richcompare;
    GetAttrFn getattro;
    SetAttrFn setattro;
    CallFn call;
    UnaryFn iter;
    IterNextFn iternext;
    LenFn length;
    BinaryFn subscript;
    SetItemFn ass_subscript;
    ContainsFn contains;
    DescrGetFn descr_get;
    DescrSetFn descr_set;
    NewFn tp_new;
    InitFn init;
    const NumberSlots *nb;
    const SequenceSlots *sq;
    const MethodDef *methods;
    const GetSetDef *getsets;
    const MemberDef *members;
    const char *doc;
} TypeSpec;

/* ------------------------------------------------------------------ */
/* Making types                                                        */
/* ------------------------------------------------------------------ */

/* A new built-in type from spec with the given base (borrowed; NULL means
 * object), ready for use: the Lang owns nothing of it, the caller gets the
 * only reference. For types added after lang_new (by the VM, modules,
 * tests). NULL with an exception on failure. */
TypeObject *type_from_spec(Lang *L, const TypeSpec *spec, TypeObject *base);

/* Bootstrapping (lang.c): type_alloc_from_spec allocates the type object and
 * copies the spec (no dict, MRO or inheritance yet; nothing else is made);
 * type_ready completes it once str, tuple, dict and the descriptor types
 * exist. Both return -1 / NULL with an exception or, before the
 * MemoryError instance exists, with none. */
TypeObject *type_alloc_from_spec(Lang *L, const TypeSpec *spec);
int type_ready(Lang *L, TypeObject *type, TypeObject *base);

/* type(name, bases, dict): a class. name a str, bases a tuple of types
 * (empty means (object,)), dict a dict (borrowed: copied). Computes the
 * metaclass-free parts of CPython's type_new: C3 MRO, solid base and
 * layout conflicts, `__slots__`, `__dict__`/`__weakref__`, slots from the
 * dunders, `__hash__ = None` beside a lone `__eq__`, `__new__` and
 * `__init_subclass__` wrapped in staticmethod/classmethod, `__set_name__`
 * and `__init_subclass__` calls. meta is the metaclass (NULL: type).
 * Returns a new reference or NULL with an exception. */
TypeObject *type_new(Lang *L, Obj *name, Obj *bases, Obj *dict);
TypeObject *type_new_meta(Lang *L, TypeObject *meta, Obj *name, Obj *bases, Obj *dict);
/* As type_new_meta, with the class statement's keyword arguments (values
 * kwvalues[0..], names in kwnames, may be NULL) passed on to
 * __init_subclass__. */
TypeObject *type_new_full(Lang *L, TypeObject *meta, Obj *name, Obj *bases, Obj *dict,
                          Obj *const *kwvalues, Obj *kwnames);
/* The most derived metaclass of meta and the types of bases (a tuple), or
 * NULL with "metaclass conflict: ..." (TypeError). Borrowed. */
TypeObject *type_calculate_meta(Lang *L, TypeObject *meta, Obj *bases);
/* The C3 linearisation of type's bases, a new tuple starting with type, or
 * NULL with TypeError ("Cannot create a consistent method resolution\n
 * order (MRO) for bases A, B", "duplicate base class A"). */
Obj *type_compute_mro(Lang *L, TypeObject *type);
/* Records type as a subclass of each of its bases (weakly). */
int type_add_subclass_to_bases(Lang *L, TypeObject *type);
/* The VM may tell a class how many attributes its instances are expected
 * to get (from `self.x = ...` in its methods) before its first instance is
 * made; it sizes the inline values. */
void type_set_attr_hint(TypeObject *type, size_t n);

/* ------------------------------------------------------------------ */
/* Lookup and changes                                                  */
/* ------------------------------------------------------------------ */

/* Looks name (a str) up in the dicts of type's MRO; borrowed result, or
 * NULL when absent (no exception is ever set). Uses the method cache
 * when name is interned. The result is valid until the next change of any
 * of those dicts: take a reference before running code. */
Obj *type_lookup(Lang *L, TypeObject *type, Obj *name);
/* Invalidates type's version tag and its subclasses' (call after changing
 * type->dict directly). */
void type_modified(Lang *L, TypeObject *type);
/* type.__setattr__: stores in the dict, updates slots when a dunder
 * changes (in subclasses too). value NULL deletes. Built-in types refuse:
 * "cannot set 'x' attribute of immutable type 'int'". */
int type_setattro(Lang *L, Obj *type, Obj *name, Obj *value);
/* type.__getattribute__. */
Obj *type_getattro(Lang *L, Obj *type, Obj *name);
/* Calls type (as `T(...)`): tp_new then init, CPython's type_call. */
Obj *type_call(Lang *L, Obj *type, Obj *const *args, size_t nargs, Obj *kwnames);
/* repr(type): "<class 'module.qualname'>" ("<class 'int'>" for builtins). */
Obj *type_repr(Lang *L, Obj *type);
/* __module__ of a type (new reference: a str, or whatever the class set). */
Obj *type_module(Lang *L, TypeObject *type);
/* __qualname__ joined with the module for display: "mod.Q" (borrowed
 * pieces, new str). */
Obj *type_qualified_name(Lang *L, TypeObject *type);

static inline int type_check(const Obj *o)
{
    return TYPE_HAS(TYPE(o), TF_TYPE_SUBCLASS);
}

/* The live direct subclasses of type, as a new tuple (__subclasses__). */
Obj *type_subclasses(Lang *L, TypeObject *type);

/* Releases every reference a built-in type holds (dict, MRO, bases, base,
 * name): the first phase of lang_free. */
void type_clear_static(Lang *L, TypeObject *type);

extern const TypeSpec type_spec;
extern const TypeSpec object_spec;

/* object's own slots, for types that delegate to them. */
Obj *object_generic_getattr(Lang *L, Obj *obj, Obj *name);
int object_generic_setattr(Lang *L, Obj *obj, Obj *name, Obj *value);
Obj *object_repr(Lang *L, Obj *o);
Obj *object_str(Lang *L, Obj *o);
intptr_t object_hash(Lang *L, Obj *o);
Obj *object_richcompare(Lang *L, Obj *a, Obj *b, int op);
Obj *object_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames);
int object_init(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames);
/* The hash slot of unhashable types (`__hash__ = None`). */
intptr_t hash_not_implemented(Lang *L, Obj *o);

#endif
