/*
 * dictviews.h - dict views (d.keys(), d.values(), d.items()) and dict
 * iterators. A view owns its dict and reflects its changes; an iterator
 * owns its dict until exhausted and raises RuntimeError ("dictionary
 * changed size during iteration", "dictionary keys changed during
 * iteration") when the dict changes under it, as CPython 3.11.
 */
#ifndef OURO_OBJECTS_DICTVIEWS_H
#define OURO_OBJECTS_DICTVIEWS_H

#include "object.h"

enum { DICT_KEYS, DICT_VALUES, DICT_ITEMS };

/* A view / an iterator of kind DICT_* over d (borrowed). */
Obj *dictview_new(Lang *L, Obj *d, int kind);
Obj *dictiter_new(Lang *L, Obj *d, int kind);

#include "typeobject.h"
extern const TypeSpec dictview_specs[3], dictiter_specs[3];

#endif
