/*
 * setobject.h - set and frozenset: CPython 3.11's open-addressing hash
 * table (linear probing in groups of LINEAR_PROBES slots, then perturbed
 * jumps), so that iteration orders, sizes and frozenset hashes are
 * CPython's.
 *
 * Invariants of a SetObject:
 *   - table has mask + 1 slots (a power of two >= 8); it is `smalltable`
 *     (inside the object) for 8 slots, else an owned array;
 *   - a slot is empty (key NULL, hash 0), a dummy left by a deletion
 *     (key SET_DUMMY, hash -1) or active (an owned key and its hash);
 *     `used` counts active slots and `fill` active plus dummy ones; at
 *     least one slot is always empty (searches end there);
 *   - `hash` caches a frozenset's hash (-1: not computed yet);
 *   - sets and frozensets are tracked from creation, even when empty
 *     (CPython 3.11), and are weak-referenceable.
 * Lookups that call a user __eq__ start again when the table changed
 * under them. Deallocation releases the keys in table order.
 */
#ifndef OURO_OBJECTS_SETOBJECT_H
#define OURO_OBJECTS_SETOBJECT_H

#include "object.h"

#define SET_MINSIZE 8

typedef struct SetEntry {
    Obj *key;                     /* NULL, SET_DUMMY or an owned key */
    intptr_t hash;
} SetEntry;

typedef struct SetObject {
    OuroObject ob;
    intptr_t fill;                /* active + dummy slots */
    intptr_t used;                /* active slots */
    intptr_t mask;                /* slots - 1 */
    SetEntry *table;              /* smalltable or an owned array */
    intptr_t hash;                /* frozenset only; -1 until computed */
    intptr_t finger;              /* where pop() looks first */
    SetEntry smalltable[SET_MINSIZE];
    OuroWeakRef *weaklist;
} SetObject;

/* set or frozenset, or an instance of a subclass of either. */
static inline int anyset_check(Lang *L, const Obj *o)
{
    return obj_isinstance((Obj *)o, L->t_set) || obj_isinstance((Obj *)o, L->t_frozenset);
}
static inline int set_check(Lang *L, const Obj *o)
{
    return obj_isinstance((Obj *)o, L->t_set);
}
static inline int frozenset_check(Lang *L, const Obj *o)
{
    return obj_isinstance((Obj *)o, L->t_frozenset);
}
static inline intptr_t set_size(const Obj *s) { return ((const SetObject *)s)->used; }

/* set(iterable) / frozenset(iterable): new exact objects; iterable may be
 * NULL (empty). New reference or NULL with an exception. */
Obj *set_new(Lang *L, Obj *iterable);
Obj *frozenset_new(Lang *L, Obj *iterable);

/* s.add(key) (s a set, or a fresh frozenset being filled). 0, or -1 with
 * an exception (unhashable key, a failing __eq__, MemoryError). */
int set_add(Lang *L, Obj *s, Obj *key);
/* key in s: 0/1, -1 on error. A set key is looked up as a frozenset. */
int set_contains(Lang *L, Obj *s, Obj *key);
/* s.discard(key): 1 if it was there, 0 if not, -1 on error. */
int set_discard(Lang *L, Obj *s, Obj *key);
/* s.update(iterable). 0, or -1 with an exception. */
int set_update(Lang *L, Obj *s, Obj *iterable);
/* s.pop(): a new reference, or NULL with KeyError when empty. */
Obj *set_pop(Lang *L, Obj *s);
/* s.clear(): keys released in table order once the set is empty. */
void set_clear(Lang *L, Obj *s);
/* Iteration in table order: start with *pos = 0; returns 1 with the next
 * key (borrowed, valid until the set changes or code runs) and its hash
 * (either out pointer may be NULL), 0 at the end. */
int set_next(Obj *s, size_t *pos, Obj **key, intptr_t *hash);

/* Bytes of an external table (sys.getsizeof's part beyond the object). */
size_t set_table_bytes(const Obj *s);

struct TypeSpec;
extern const struct TypeSpec set_spec, frozenset_spec, set_iter_spec;

#endif
