/*
 * sliceobject.h - slice objects (a[i:j:k]) and the index arithmetic every
 * sequence uses for them (CPython's PySlice_Unpack and
 * PySlice_AdjustIndices). A slice owns its three fields (None when
 * omitted); slices are immutable and, in 3.11, unhashable.
 */
#ifndef OURO_OBJECTS_SLICEOBJECT_H
#define OURO_OBJECTS_SLICEOBJECT_H

#include "object.h"

typedef struct SliceObject {
    OuroObject ob;
    Obj *start, *stop, *step;     /* owned, never NULL (None) */
} SliceObject;

static inline int slice_check(Lang *L, const Obj *o)
{
    return L->t_slice != NULL && IS_TYPE(o, L->t_slice);
}

/* slice(start, stop, step); NULL arguments mean None. Borrowed args. */
Obj *slice_new(Lang *L, Obj *start, Obj *stop, Obj *step);
/* Reads the slice's fields as C indices (None -> the defaults for the
 * step's direction, values clamped to the intptr_t range). 0, or -1 with
 * TypeError/ValueError ("slice step cannot be zero"). */
int slice_unpack(Lang *L, Obj *slice, intptr_t *start, intptr_t *stop, intptr_t *step);
/* Clips start/stop to a sequence of length len and returns the number of
 * items the slice selects. */
intptr_t slice_adjust_indices(intptr_t len, intptr_t *start, intptr_t *stop, intptr_t step);

struct TypeSpec;
extern const struct TypeSpec slice_spec;

#endif
