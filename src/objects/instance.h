/*
 * instance.h - instances of classes (heap types): their layout, their
 * attribute storage and their lifecycle (CPython's subtype_dealloc,
 * subtype_traverse, subtype_clear, slot_tp_finalize).
 *
 * Layout of an instance of class C, from the object's start:
 *
 *   [ base struct | __slots__ members ][ dict word ][ values ... ]
 *    <------------ solid part -------->  <-- C's own, optional -->
 *
 * The solid part is what subclasses inherit as is (its size is
 * type->solid_size); the rest is laid out per class, so every offset is read
 * from the instance's own type (dict_offset, values_offset).
 *
 * Weak references take no word: a weak-referenceable class (no __slots__,
 * or '__weakref__' among them, or a weak-referenceable base) has the core's
 * OURO_TYPE_WEAKLIST_SIDE flag, and the runtime keeps the head of an
 * instance's list in its side table while the instance has weak references
 * (core.weaklist_offset is 0). Only a class whose nearest C base has its own
 * weaklist field (in the base struct) keeps that field and its offset.
 *
 * Attribute storage, when C's instances have a __dict__:
 *   - inline values (TF_INLINE_VALUES; bases of fixed size): each class has
 *     a SharedKeys table of up to INLINE_MAX attribute names, append-only
 *     and shared by its instances; an instance keeps the value of name
 *     keys[i] in values[i] (NULL: not set). The dict word is then either 0
 *     (nothing set yet), an *order word* (low bit 1) recording which values
 *     are set in the instance's own insertion order, or, once the
 *     instance's __dict__ has been asked for (or its attributes outgrew the
 *     inline room), a pointer to a real dict that from then on holds every
 *     attribute (the values are then all NULL). `__dict__` is materialised
 *     once and stays the same live object, as CPython 3.11.
 *   - a plain dict pointer (bases with items, like int and tuple, whose
 *     instances end with their items: dict_offset < 0 counts from the end;
 *     and bases that have their own dict field, like exceptions).
 * The number of inline values (type->n_inline) is fixed when the first
 * instance is made: the VM's hint (type_set_attr_hint) or INLINE_DEFAULT.
 * Values are released in key order on deallocation, as CPython 3.11 does.
 */
#ifndef OURO_OBJECTS_INSTANCE_H
#define OURO_OBJECTS_INSTANCE_H

#include "object.h"

#define INLINE_MAX 14             /* the order word has room for 14 indices */
#define INLINE_DEFAULT 6

struct SharedKeys {
    size_t n;                     /* names in use */
    Obj *names[INLINE_MAX];       /* owned interned str */
};

/* Allocates an instance of a class (or of any type: the generic
 * allocator, CPython's PyType_GenericAlloc): zeroed, the type's reference
 * taken for heap types, tracked for GC types. nitems for var-sized types. */
Obj *instance_alloc(Lang *L, TypeObject *type, size_t nitems);
/* Fixes a class's instance layout (inline value count, basic size) if it is
 * not fixed yet. Called before allocating an instance. */
void instance_fix_layout(TypeObject *type);

/* Core slots of classes' instances. */
void instance_dealloc(OuroRuntime *rt, Obj *self);
int instance_traverse(Obj *self, OuroVisitFn visit, void *arg);
int instance_clear(OuroRuntime *rt, Obj *self);

/* The instance's attribute `name` from its __dict__ storage (not the
 * type's): borrowed, or NULL when absent (no exception; a str-keyed
 * lookup runs no user code). */
Obj *instance_attr_get(Lang *L, Obj *obj, Obj *name);
/* Stores (value != NULL) or deletes (value NULL) name in obj's __dict__
 * storage. Returns 0, 1 if deleting an absent name (no exception: the
 * caller raises AttributeError), or -1 with an exception. */
int instance_attr_set(Lang *L, Obj *obj, Obj *name, Obj *value);
/* For the eval loop's attribute caches (TF_INLINE_VALUES classes only,
 * layout fixed): the inline index of name among type's shared keys, or
 * -1 (the keys only grow, so an index once found stays valid). */
intptr_t instance_key_index(Lang *L, TypeObject *type, Obj *name);
/* Sets inline value i (a valid key index) of obj to value (borrowed),
 * recording the insertion order when it was unset. Returns 0, or 1 when
 * obj's attributes live in a dict (nothing done: take the general path).
 * The old value is released last. */
int instance_inline_set(Lang *L, Obj *obj, size_t i, Obj *value);
/* The address of obj's inline values (TF_INLINE_VALUES classes). */
static inline Obj **instance_values(const Obj *obj, const TypeObject *tp)
{
    return (Obj **)((char *)obj + tp->values_offset);
}
/* Whether obj's attributes live inline (not in a materialised dict). */
static inline int instance_is_inline(const Obj *obj, const TypeObject *tp)
{
    uintptr_t w = *(const uintptr_t *)((const char *)obj + tp->dict_offset);
    return w == 0 || (w & 1) != 0;
}
/* Whether obj has __dict__ storage. */
int instance_has_dict(const Obj *obj);
/* obj.__dict__: the instance's dict, materialised on first use; new
 * reference, or NULL with an exception (AttributeError if none). */
Obj *instance_get_dict(Lang *L, Obj *obj);
/* obj.__dict__ = d (a dict). */
int instance_set_dict(Lang *L, Obj *obj, Obj *d);
/* The address of obj's dict pointer for types with a plain dict field
 * (dict_offset != 0 and no inline values), or NULL. */
Obj **instance_dict_ptr(const Obj *obj);

/* Releases a heap type whose last instance is being freed, once the
 * instance's memory is gone (see instance.c: the core reads the type after
 * the dealloc slot). Drained by obj_alloc and lang_free. */
void instance_release_pending_type(Lang *L);

/* The __dict__ and __weakref__ attributes of classes' instances. */
extern const GetSetDef instance_dict_getset, instance_weakref_getset;

/* Frees a class's shared keys (type dealloc). */
void shared_keys_free(Lang *L, SharedKeys *keys);

#endif
