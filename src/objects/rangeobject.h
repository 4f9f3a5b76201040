/*
 * rangeobject.h - range: an immutable arithmetic sequence, and its
 * iterator (range_iterator). Bounds are machine words for now (an int
 * beyond them raises OverflowError, as the int type itself does until
 * arbitrary precision arrives). Invariant: step != 0 and length is the
 * number of items, computed once.
 */
#ifndef OURO_OBJECTS_RANGEOBJECT_H
#define OURO_OBJECTS_RANGEOBJECT_H

#include <stdint.h>

#include "object.h"

typedef struct RangeObject {
    OuroObject ob;
    int64_t start, stop, step, length;
} RangeObject;

static inline int range_check(Lang *L, const Obj *o)
{
    return L->t_range != NULL && IS_TYPE(o, L->t_range);
}

/* Creates L->t_range and its iterator type (stored in the Lang's iterator
 * table, see rangeobject.c). 0 or -1. */
int range_init_types(Lang *L);

#endif
