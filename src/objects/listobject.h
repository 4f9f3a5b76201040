/*
 * listobject.h - list: a growable array of owned references, and its two
 * iterators (list_iterator, list_reverseiterator).
 *
 * Invariants of a ListObject:
 *   - items[0..size-1] are owned references; a slot is NULL only while a
 *     fresh list made by list_new is being filled by its creator, before
 *     the list is shared;
 *   - 0 <= size <= allocated, and items holds exactly `allocated` slots
 *     (items is NULL when allocated is 0);
 *   - allocated == -1 only while list_sort runs: the items are then held
 *     by the sort and the list looks empty (size 0, items NULL), so any
 *     change made by a key function or a comparison is detected ("list
 *     modified during sort") and never touches the array being sorted;
 *   - capacity follows CPython 3.11's list_resize, so sys.getsizeof of a
 *     list (40 + 8 * allocated, plus the collector's header) grows and
 *     shrinks exactly as CPython's;
 *   - a list is tracked from creation (CPython's PyList_New) and never
 *     untracked while alive.
 * Items are released last to first (dealloc, clear, slice deletion, and
 * the items a slice assignment replaces), as CPython does.
 */
#ifndef OURO_OBJECTS_LISTOBJECT_H
#define OURO_OBJECTS_LISTOBJECT_H

#include "object.h"

typedef struct ListObject {
    OuroObject ob;
    intptr_t size;                /* number of items */
    Obj **items;                  /* owned array of `allocated` slots */
    intptr_t allocated;           /* slots in items; -1 during a sort */
} ListObject;

static inline int list_check(const Obj *o)
{
    return TYPE_HAS(TYPE(o), TF_LIST_SUBCLASS);
}
static inline int list_check_exact(Lang *L, const Obj *o)
{
    return IS_TYPE(o, L->t_list);
}
static inline size_t list_size(const Obj *l) { return (size_t)((const ListObject *)l)->size; }
/* The items, borrowed: valid until the list changes or code runs. */
static inline Obj **list_items(Obj *l) { return ((ListObject *)l)->items; }
static inline Obj *list_get_borrowed(Obj *l, size_t i) { return ((ListObject *)l)->items[i]; }
/* Stores item (stolen) in slot i of a fresh list (list_new) whose slot is
 * NULL. */
static inline void list_init_take(Obj *l, size_t i, Obj *item)
{
    ((ListObject *)l)->items[i] = item;
}

/* ------------------------------------------------------------------ */
/* Creation                                                            */
/* ------------------------------------------------------------------ */

/* A new list of n NULL items (room for exactly n), tracked; the creator
 * fills every slot with list_init_take before sharing it. New reference,
 * or NULL with MemoryError. */
Obj *list_new(Lang *L, size_t n);
/* A list of the n given items (borrowed), room for exactly n (CPython's
 * _PyList_FromArraySteal: what BUILD_LIST makes). */
Obj *list_from_array(Lang *L, Obj *const *items, size_t n);
/* As list_from_array, taking over the n references even on failure. */
Obj *list_from_array_take(Lang *L, Obj *const *items, size_t n);
/* list(iterable): a new exact list. */
Obj *list_from_iterable(Lang *L, Obj *iterable);
/* items[lo:hi] as a new exact list (0 <= lo <= hi <= size). */
Obj *list_slice(Lang *L, Obj *list, size_t lo, size_t hi);
/* tuple(list): a new tuple of the items. */
Obj *list_as_tuple(Lang *L, Obj *list);

/* ------------------------------------------------------------------ */
/* Changes (list must be a list or an instance of a subclass)          */
/* ------------------------------------------------------------------ */

/* list.append(item): item borrowed. 0, or -1 with MemoryError. */
int list_append(Lang *L, Obj *list, Obj *item);
/* As list_append, taking over the reference to item even on failure. */
int list_append_take(Lang *L, Obj *list, Obj *item);
/* list_append_take with its common case (room left) inline. */
static inline int list_append_take_inline(Lang *L, Obj *o, Obj *item)
{
    ListObject *l = (ListObject *)o;
    intptr_t n = l->size;
    if (n < l->allocated) {
        l->items[n] = item;
        l->size = n + 1;
        return 0;
    }
    return list_append_take(L, o, item);
}
/* Sets the size of a list to newsize <= its size, giving the array back
 * as CPython's list_resize does (the items past newsize are the caller's
 * to release). Never fails. */
void list_shrink(Lang *L, Obj *list, intptr_t newsize);
/* list.pop() of a list with at least one item: the last item (the
 * list's reference passes to the caller). */
static inline Obj *list_pop_last(Lang *L, Obj *o)
{
    ListObject *l = (ListObject *)o;
    intptr_t n = l->size - 1;
    Obj *v = l->items[n];
    if (n >= (l->allocated >> 1))
        l->size = n;
    else
        list_shrink(L, o, n);
    return v;
}
/* The C functions of the methods list.append and list.pop: the eval loop
 * recognises their method descriptors by them. */
Obj *list_append_method(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames);
Obj *list_pop_method(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames);
/* list.extend(iterable). 0, or -1 with an exception. */
int list_extend(Lang *L, Obj *list, Obj *iterable);
/* list.insert(where, item) with Python's clamping of where. */
int list_insert(Lang *L, Obj *list, intptr_t where, Obj *item);
/* list[i] = item for 0 <= i < size, item borrowed; the old item is
 * released last. */
void list_set_item(Lang *L, Obj *list, size_t i, Obj *item);
/* list[lo:hi] = v (v any iterable), or del list[lo:hi] for v NULL; lo and
 * hi are clamped to the list. Removed items are released last to first,
 * after the list is consistent. 0, or -1 with an exception. */
int list_set_slice(Lang *L, Obj *list, intptr_t lo, intptr_t hi, Obj *v);
/* list.clear(): items released last to first. */
void list_clear(Lang *L, Obj *list);
/* list.reverse(). */
void list_reverse(Lang *L, Obj *list);
/* list.sort(key=key, reverse=reverse): a stable sort (CPython's timsort,
 * listsort.c) using only `<`; key may be NULL (or None). 0, or -1 with an
 * exception (a comparison's, a key function's, or ValueError "list
 * modified during sort"); on failure every item is still in the list. */
int list_sort(Lang *L, Obj *list, Obj *key, int reverse);

/* Bytes of the item array (sys.getsizeof's part beyond the object). */
size_t list_array_bytes(const Obj *list);

/* The sorting engine (listsort.c): sorts n keys in place with the values
 * (NULL, or n items moved with their keys) following them. Runs user
 * code; 0, or -1 with an exception, every key and value still present
 * (in some order) after a failure. */
int listsort_run(Lang *L, Obj **keys, Obj **values, size_t n);

struct TypeSpec;
extern const struct TypeSpec list_spec, list_iter_spec, list_reviter_spec;

#endif
