/*
 * floatobject.h - float: an IEEE 754 double, with CPython 3.11's
 * behaviour: the shortest repr that reads back the same ('0.1', '1e+16',
 * 'inf', 'nan', '-0.0'), float() parsing, floor division and modulo with
 * Python's signs, exact comparisons with ints of any size, CPython's hash
 * (hash(1.0) == hash(1), NaNs by identity), correctly rounded round(x, n)
 * and the format-spec mini-language.
 *
 * Invariant: a FloatObject's value never changes once it is handed out.
 * A float takes 24 bytes (refcount, type, value), as CPython's.
 *
 * Where ouro differs on purpose: ouro has no complex type, so a negative
 * number raised to a non-integral power (CPython: a complex result)
 * raises ValueError "negative number cannot be raised to a fractional
 * power" (Python 2's message for the same case).
 */
#ifndef OURO_OBJECTS_FLOATOBJECT_H
#define OURO_OBJECTS_FLOATOBJECT_H

#include <stddef.h>

#include "object.h"
#include "strobject.h"

typedef struct FloatObject {
    OuroObject ob;
    double value;
} FloatObject;

static inline int float_check_exact(Lang *L, const Obj *o)
{
    return L->t_float != NULL && IS_TYPE(o, L->t_float);
}
/* float or a subclass of it. */
static inline int float_check(Lang *L, const Obj *o)
{
    return L->t_float != NULL && (IS_TYPE(o, L->t_float) || type_is_subtype(TYPE(o), L->t_float));
}
/* The value of a float (or subclass instance). */
static inline double float_value(const Obj *o)
{
    return ((const FloatObject *)o)->value;
}

/* A new float, or NULL with MemoryError. */
Obj *float_from_double(Lang *L, double v);
/* CPython's PyFloat_AsDouble: the value of a float, an int (correctly
 * rounded; OverflowError "int too large to convert to float"), or of
 * whatever __float__ / __index__ give; TypeError "must be real number,
 * not str" otherwise. Returns -1.0 with an exception on failure (check
 * err_occurred). */
double float_as_double(Lang *L, Obj *o);
/* float(s) for a str s: whitespace, a sign, digits with single
 * underscores between them, an exponent, "inf"/"infinity"/"nan" in any
 * case; Unicode digits and spaces as CPython. ValueError "could not
 * convert string to float: 'x'". */
Obj *float_from_string(Lang *L, Obj *s);
/* The hash of v, CPython's _Py_HashDouble: v's value modulo 2**61 - 1
 * for finite v (equal to the hash of an equal int), +-314159 for
 * infinities, the hash of inst's address for a NaN. */
intptr_t float_hash_double(Obj *inst, double v);

/* ------------------------------------------------------------------ */
/* Text                                                                */
/* ------------------------------------------------------------------ */

/* Flags of float_to_text (CPython's Py_DTSF_*). */
enum {
    FLOAT_SIGN = 1 << 0,          /* always a sign */
    FLOAT_ADD_DOT_0 = 1 << 1,     /* "1.0", not "1", for integral values */
    FLOAT_ALT = 1 << 2,           /* '#': keep the point and trailing zeros */
    FLOAT_NO_NEG_0 = 1 << 3,      /* 'z': no "-" on a value that rounds to 0 */
};

/* CPython's PyOS_double_to_string: v formatted by code 'e', 'f', 'g'
 * (upper case: 'E', 'F', 'G', with "INF"/"NAN"), or 'r' (repr:
 * precision 0, shortest digits), as a new str. */
Obj *float_to_text(Lang *L, double v, char code, int precision, int flags);
/* repr(v) into buf (at least FLOAT_REPR_MAX bytes, NUL-terminated);
 * returns its length. Never fails. */
#define FLOAT_REPR_MAX 32
size_t float_repr_cstr(double v, char *buf);
/* repr(o) / str(o) of a float, new str. */
Obj *float_repr(Lang *L, Obj *o);
/* format(o, spec) for a float (or int converted to float by int's
 * __format__) with an already parsed spec: CPython's
 * format_float_internal. New str, or NULL with ValueError. */
Obj *float_format_spec(Lang *L, Obj *o, const FormatSpec *spec);
/* float.__format__(o, spec) for a str spec. */
Obj *float_format(Lang *L, Obj *o, Obj *spec);
/* round(v, ndigits) correctly rounded (CPython's double_round): new
 * float, or NULL with OverflowError "rounded value too large to
 * represent". */
Obj *float_round_digits(Lang *L, double v, intptr_t ndigits);

struct TypeSpec;
extern const struct TypeSpec float_spec;

#endif
