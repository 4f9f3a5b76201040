/*
 * iterobject.h - "iterator": the iterator iter() makes for an object that
 * has __getitem__ but no __iter__ (CPython's PySeqIter). It owns the
 * sequence until exhausted (then drops it) and calls seq[0], seq[1], ...
 * until IndexError or StopIteration.
 */
#ifndef OURO_OBJECTS_ITEROBJECT_H
#define OURO_OBJECTS_ITEROBJECT_H

#include "object.h"

/* A new iterator over seq (borrowed). */
Obj *seqiter_new(Lang *L, Obj *seq);

struct TypeSpec;
extern const struct TypeSpec seqiter_spec;

#endif
