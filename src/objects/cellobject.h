/*
 * cellobject.h - cell: the box through which a function and the functions
 * nested in it share a variable (CPython's cell). ref is NULL while the
 * variable is unbound. Cells are GC-tracked (a cell holding the function
 * whose closure holds it is a cycle).
 */
#ifndef OURO_OBJECTS_CELLOBJECT_H
#define OURO_OBJECTS_CELLOBJECT_H

#include "object.h"

typedef struct CellObject {
    OuroObject ob;
    Obj *ref;                     /* owned, or NULL (empty) */
} CellObject;

static inline int cell_check(Lang *L, const Obj *o)
{
    return IS_TYPE(o, L->t_cell);
}

/* A new cell holding value (borrowed, may be NULL), tracked. New
 * reference, or NULL with MemoryError. */
Obj *cell_new(Lang *L, Obj *value);

/* The contents, borrowed (NULL when empty). */
static inline Obj *cell_get_borrowed(Obj *cell)
{
    return ((CellObject *)cell)->ref;
}

/* Stores value (stolen, may be NULL) and releases the old contents last. */
static inline void cell_set_take(Lang *L, Obj *cell, Obj *value)
{
    obj_setref(L, &((CellObject *)cell)->ref, value);
}

/* Creates L->t_cell (VM start-up). 0 or -1. */
int cell_init_type(Lang *L);

#endif
