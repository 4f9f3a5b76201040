/*
 * slots.h - the table linking special methods (dunders) to type slots,
 * CPython's slotdefs, used both ways:
 *   - a built-in type's slots appear in its dict as wrapper descriptors
 *     (`int.__add__`, `object.__repr__`) that call the C slot;
 *   - a class's slots are set from the dunders found through its MRO: the
 *     C function itself when the dunder found is a wrapper of that very
 *     function (so `class C(list)` keeps list's C slots), else a
 *     dispatcher (`slot_*`) that looks the dunder up and calls it.
 * Several dunders can share one slot (__add__/__radd__ -> nb.binary[ADD],
 * the six comparisons -> richcompare, __setitem__/__delitem__ ->
 * ass_subscript, __getattribute__/__getattr__ -> getattro).
 * Invariant (for classes): after slots_fixup / slots_update, each slot
 * agrees with the dunders visible through the MRO.
 */
#ifndef OURO_OBJECTS_SLOTS_H
#define OURO_OBJECTS_SLOTS_H

#include "object.h"

/* Any function pointer, stored in tables and converted back by the code
 * that knows the slot's real type. */
typedef void (*AnyFn)(void);

struct SlotDef;
/* Calls the C slot `wrapped` for a dunder call self.__x__(*args). */
typedef Obj *(*WrapperFn)(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames,
                          AnyFn wrapped, const struct SlotDef *sd);

typedef struct SlotDef {
    int name_id;                  /* ID_* of the dunder */
    size_t offset;                /* of the slot in TypeObject */
    WrapperFn wrapper;            /* NULL: no dunder for built-in types */
    AnyFn dispatch;               /* the slot of a class that defines the dunder */
    int arg;                      /* CMP_* for comparisons, NB_* for number slots */
    const char *doc;
} SlotDef;

extern const SlotDef slotdefs[];
extern const size_t slotdefs_count;

/* Reads / writes the slot at sd->offset of type. */
AnyFn slot_get(const TypeObject *type, const SlotDef *sd);
void slot_set(TypeObject *type, const SlotDef *sd, AnyFn fn);

/* Adds a wrapper descriptor to type's dict for each slot the type defines
 * itself and whose dunder the dict lacks, plus `__new__` for tp_new and
 * `__hash__ = None` for unhashable types (CPython's add_operators). 0 or -1. */
int slots_add_wrappers(Lang *L, TypeObject *type);
/* Sets every slot of a class from its MRO. 0 or -1. */
int slots_fixup(Lang *L, TypeObject *type);
/* After name was set or deleted in type's dict: updates the slots that
 * dunder feeds, in type and every subclass. 0 or -1. */
int slots_update(Lang *L, TypeObject *type, Obj *name);

/* Looks the special method `name` up on type(self) and calls it with
 * args[0] == self (nargs counts self), binding only when needed. *found is
 * set to 0 (and NULL returned without an exception) when the type has no
 * such method. */
Obj *call_special(Lang *L, Obj *name, Obj *const *args, size_t nargs, int *found);

/* The tp_new wrapper exposed as T.__new__ (a builtin function bound to T). */
Obj *slots_new_wrapper(Lang *L, TypeObject *type);
/* Whether o is T.__new__ as made by slots_new_wrapper. */
int slots_is_new_wrapper(Lang *L, Obj *o);

#endif
