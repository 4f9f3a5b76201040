/*
 * tupleobject.h - tuple: an immutable array of references.
 *
 * Invariants: items[0..size-1] are owned references, NULL only while a
 * fresh tuple is being filled by its creator (tuple_new, then tuple_init
 * for each item, before the tuple is shared); a tuple is created tracked
 * (CPython 3.11) and the collector untracks it lazily when every item is
 * atomic (OURO_TYPE_UNTRACK_IMMUTABLE); the empty tuple is a per-Lang
 * untracked singleton. Items are released last to first.
 */
#ifndef OURO_OBJECTS_TUPLEOBJECT_H
#define OURO_OBJECTS_TUPLEOBJECT_H

#include "object.h"

typedef struct TupleObject {
    OuroVarObject ob;             /* ob.size: number of items */
    Obj *items[];
} TupleObject;

static inline int tuple_check(const Obj *o)
{
    return TYPE_HAS(TYPE(o), TF_TUPLE_SUBCLASS);
}
static inline int tuple_check_exact(Lang *L, const Obj *o)
{
    return IS_TYPE(o, L->t_tuple);
}
static inline size_t tuple_size(const Obj *t) { return (size_t)((const OuroVarObject *)t)->size; }
/* The items, borrowed from t. */
static inline Obj **tuple_items(Obj *t) { return ((TupleObject *)t)->items; }
static inline Obj *tuple_get_borrowed(Obj *t, size_t i) { return ((TupleObject *)t)->items[i]; }
/* Stores item (stolen) in slot i of a fresh tuple whose slot is NULL. */
static inline void tuple_init_take(Obj *t, size_t i, Obj *item)
{
    ((TupleObject *)t)->items[i] = item;
}

/* A fresh tuple of n NULL items (tracked), or the empty tuple for n == 0.
 * New reference, or NULL with MemoryError. */
Obj *tuple_new(Lang *L, size_t n);
/* Gives back every tuple the free lists keep (tupleobject.c). */
void tuple_clear_free_lists(Lang *L);
/* A tuple of the n given items (borrowed: new references are taken). */
Obj *tuple_from_array(Lang *L, Obj *const *items, size_t n);
/* As tuple_from_array, taking over the n references even on failure. */
Obj *tuple_from_array_take(Lang *L, Obj *const *items, size_t n);
/* tuple_pack(L, 2, a, b): borrowed items. */
Obj *tuple_pack(Lang *L, size_t n, ...);
/* items[lo:hi] (0 <= lo <= hi <= size). */
Obj *tuple_slice(Lang *L, Obj *t, size_t lo, size_t hi);
/* tuple(iterable). */
Obj *tuple_from_iterable(Lang *L, Obj *iterable);
/* hash of a tuple, CPython's xxHash-based algorithm. */
intptr_t tuple_hash(Lang *L, Obj *t);

struct TypeSpec;
extern const struct TypeSpec tuple_spec, tuple_iter_spec;

#endif
