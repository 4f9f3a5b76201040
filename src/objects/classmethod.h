/*
 * classmethod.h - staticmethod, classmethod and property: descriptors that
 * wrap a callable and change how it binds. Each owns its callable(s) and
 * a __dict__; all are GC-tracked.
 *   staticmethod(f).__get__(obj, T)  -> f
 *   classmethod(f).__get__(obj, T)   -> a bound method of f to T
 *   property(fget, fset, fdel, doc)  -> a data descriptor
 */
#ifndef OURO_OBJECTS_CLASSMETHOD_H
#define OURO_OBJECTS_CLASSMETHOD_H

#include "object.h"

/* staticmethod(callable) / classmethod(callable): new references. */
Obj *staticmethod_new(Lang *L, Obj *callable);
Obj *classmethod_new(Lang *L, Obj *callable);
/* The wrapped callable, borrowed. */
Obj *staticmethod_func(Obj *sm);
Obj *classmethod_func(Obj *cm);

struct TypeSpec;
extern const struct TypeSpec staticmethod_spec, classmethod_spec, property_spec;

#endif
