/*
 * intobject.h - int (and the representation bool shares with it).
 *
 * For now an int holds one machine word (int64_t); arithmetic that leaves
 * that range raises OverflowError ("int too large (arbitrary precision is
 * not implemented yet)"). Callers use only the functions below, never the
 * struct, so an arbitrary-precision representation can replace it without
 * changing them. The small ints -5..256 are per-Lang singletons
 * (L->small_ints): int_from_i64 returns them for every value in range,
 * however computed.
 */
#ifndef OURO_OBJECTS_INTOBJECT_H
#define OURO_OBJECTS_INTOBJECT_H

#include <stdint.h>

#include "object.h"

static inline int int_check(const Obj *o)
{
    return TYPE_HAS(TYPE(o), TF_INT_SUBCLASS);
}
static inline int int_check_exact(Lang *L, const Obj *o)
{
    return IS_TYPE(o, L->t_int);
}

/* A new reference to the int v (a small-int singleton when in range), or
 * NULL with MemoryError. */
Obj *int_from_i64(Lang *L, int64_t v);
/* As int_from_i64 for a size, or OverflowError. */
Obj *int_from_size(Lang *L, size_t v);
/* The value of o (an int or bool, or an instance of a subclass). Returns
 * -1 with OverflowError ("Python int too large to convert to C long") when
 * it does not fit; check err_occurred after a -1. */
int64_t int_as_i64(Lang *L, Obj *o);
/* As int_as_i64, without an exception: 1 and *out when o fits, else 0. */
int int_as_i64_exact(const Obj *o, int64_t *out);
/* Sign of o: -1, 0 or 1. */
int int_sign(const Obj *o);
/* hash(int), CPython's: value modulo 2**61 - 1, keeping the sign, -1 -> -2. */
intptr_t int_hash_value(int64_t v);
/* Parses an int literal of the given base (2..36, or 0 for Python's
 * prefixes), with CPython's int() rules for underscores and whitespace.
 * ValueError "invalid literal for int() with base 10: 'x'". */
Obj *int_from_string(Lang *L, const char *s, size_t n, int base);
/* Decimal text of o, new str. */
Obj *int_repr(Lang *L, Obj *o);
/* Creates the small ints (lang_new). -1 on failure (no exception). */
int int_init_small(Lang *L);

struct TypeSpec;
extern const struct TypeSpec int_spec;

#endif
