/*
 * intobject.h - int, arbitrary precision (and the representation bool
 * shares with it).
 *
 * Representation: the value as n 64-bit words in two's complement, least
 * significant word first, sign-extended from the top word's top bit, in
 * one of two forms:
 *   - compact: the object header and one word, w0, the value itself
 *     (24 bytes). Every value of int64_t except INT64_MIN;
 *   - big: w0 == INT_BIG (INT64_MIN's bit pattern, which the compact form
 *     never holds), then n and the n words: 32 + 8n bytes. INT64_MIN
 *     itself (n == 1) and every value beyond 64 bits.
 * The core learns an int's size from the type's nitems slot (int_nitems:
 * 0 items for the compact form, n + 1 for the big one), so no size field
 * is spent on the common case. Invariants:
 *   - n >= 1 and is minimal: the top word is not a pure sign extension of
 *     the one below (0 with the next top bit clear, or ~0 with it set), and
 *     a value is compact whenever it can be. So int_is_word (compact) is
 *     the machine-word fast path, and a value fits in int64_t exactly when
 *     int_nwords == 1;
 *   - the words never change once the int is handed out;
 *   - every int of exact type int whose value is in SMALL_INT_MIN..
 *     SMALL_INT_MAX is the Lang's cached object L->small_ints[v - MIN],
 *     however it was computed.
 * Sizes: 24 bytes for any value of 64 bits but one (CPython 3.11: 28,
 * rounded to 32 by its allocator, up to 2**30, 32 up to 2**60), 48 up to
 * 2**127, and so on. True and False are compact ints of type bool
 * (boolobject.c).
 *
 * Arithmetic follows CPython 3.11 exactly: floor division and modulo,
 * two's complement semantics for bitwise operators on negative values,
 * true division correctly rounded, hash modulo 2**61 - 1, and the limit
 * on decimal conversions (int_max_str_digits, 4300 by default, as
 * sys.set_int_max_str_digits).
 */
#ifndef OURO_OBJECTS_INTOBJECT_H
#define OURO_OBJECTS_INTOBJECT_H

#include <stddef.h>
#include <stdint.h>

#include "object.h"

typedef struct IntObject {
    OuroObject ob;
    uint64_t w0;                  /* compact: the value; big: INT_BIG */
    uint64_t n;                   /* big only: words, >= 1, minimal */
    uint64_t w[1];                /* big only: the n words */
} IntObject;

#define INT_BIG ((uint64_t)1 << 63)

/* The int type's fixed part (header and w0): a compact int's whole size.
 * A big int adds 1 + n items of 8 bytes (n and the words). */
#define INT_BASIC_SIZE offsetof(IntObject, n)
#define INT_HEADER_SIZE offsetof(IntObject, w)

/* CPython 3.11's default for sys.get_int_max_str_digits(), and the
 * smallest non-zero value it accepts. */
#define INT_DEFAULT_MAX_STR_DIGITS 4300
#define INT_MAX_STR_DIGITS_THRESHOLD 640

static inline int int_check(const Obj *o)
{
    return TYPE_HAS(TYPE(o), TF_INT_SUBCLASS);
}
static inline int int_check_exact(Lang *L, const Obj *o)
{
    return IS_TYPE(o, L->t_int);
}

/* The machine-word fast path: whether the int o (any int, bool or
 * subclass instance) is compact (its value is in int64_t and is not
 * INT64_MIN), and then its value. A slow path must follow for the rest. */
static inline int int_is_word(const Obj *o)
{
    return ((const IntObject *)o)->w0 != INT_BIG;
}
static inline int64_t int_word(const Obj *o)
{
    return (int64_t)((const IntObject *)o)->w0;
}
/* The core's nitems slot of int and its subclasses. */
size_t int_nitems(const OuroObject *o);

/* ------------------------------------------------------------------ */
/* Making ints                                                         */
/* ------------------------------------------------------------------ */

/* A new reference to the int v (the cached object when small), or NULL
 * with MemoryError. */
Obj *int_from_i64(Lang *L, int64_t v);
Obj *int_from_u64(Lang *L, uint64_t v);
Obj *int_from_size(Lang *L, size_t v);
/* int(d): truncates toward zero. OverflowError "cannot convert float
 * infinity to integer", ValueError "cannot convert float NaN to integer". */
Obj *int_from_double(Lang *L, double d);
/* Parses an int literal of the given base (2..36, or 0 for Python's
 * prefixes) with int()'s rules: surrounding whitespace, a sign, single
 * underscores between digits, Unicode decimal digits. s holds n bytes of
 * UTF-8. ValueError "invalid literal for int() with base 10: 'x'", or
 * the int_max_str_digits message beyond the limit (bases not a power of
 * two). */
Obj *int_from_string(Lang *L, const char *s, size_t n, int base);
/* A copy of the int o (any int subclass) as an exact int (new
 * reference; o itself when it is one). */
Obj *int_exact_copy(Lang *L, Obj *o);

/* ------------------------------------------------------------------ */
/* Reading ints                                                        */
/* ------------------------------------------------------------------ */

/* The value of o (an int, bool or subclass instance). Returns -1 with
 * OverflowError ("Python int too large to convert to C long") when it does
 * not fit; check err_occurred after a -1. */
int64_t int_as_i64(Lang *L, Obj *o);
/* As int_as_i64 without an exception: 1 and *out when o fits, else 0
 * with *out set to 0 (inline: the VM's fast paths call it on every
 * operand). */
static inline int int_as_i64_exact(const Obj *o, int64_t *out)
{
    const IntObject *i = (const IntObject *)o;
    if (i->w0 != INT_BIG) {
        *out = (int64_t)i->w0;
        return 1;
    }
    int fits = i->n == 1;                 /* INT64_MIN */
    *out = fits ? (int64_t)i->w[0] : 0;
    return fits;
}
/* As int_as_i64 for a C ssize_t ("Python int too large to convert to C
 * ssize_t"). */
intptr_t int_as_ssize(Lang *L, Obj *o);
/* float(o), correctly rounded (half to even); -1.0 with OverflowError
 * "int too large to convert to float" beyond the double range. */
double int_as_double(Lang *L, Obj *o);
/* Sign of o: -1, 0 or 1. */
int int_sign(const Obj *o);
/* Bits in abs(o) (o.bit_length()). */
uint64_t int_bit_length(const Obj *o);
/* -1, 0 or 1 as a < b, a == b, a > b (ints; no failure). */
int int_compare(const Obj *a, const Obj *b);
/* hash of a machine word, CPython's: value modulo 2**61 - 1 keeping the
 * sign, -1 -> -2. int_hash is hash(o) for any int. */
intptr_t int_hash_value(int64_t v);
intptr_t int_hash(const Obj *o);

/* ------------------------------------------------------------------ */
/* Text                                                                */
/* ------------------------------------------------------------------ */

/* str(o) in decimal (new str); ValueError "Exceeds the limit (4300
 * digits) for integer string conversion; use sys.set_int_max_str_digits()
 * to increase the limit" beyond L->int_max_str_digits. */
Obj *int_to_decimal_string(Lang *L, Obj *o);
/* The same, named as the other types' repr functions. */
Obj *int_repr(Lang *L, Obj *o);
/* o in base 2, 8, 10 or 16, with "-" and, if prefix, "0b"/"0o"/"0x";
 * upper for 'X'. New str. */
Obj *int_to_base_string(Lang *L, Obj *o, int base, int prefix, int upper);
/* format(o, spec) for an int o and a str spec: int.__format__ with the
 * format-spec mini-language (fill, align, sign, '#', '0', width, ',' or
 * '_', types b c d o x X n and, through float, e E f F g G %). New str,
 * or NULL with ValueError / OverflowError as CPython's. */
Obj *int_format(Lang *L, Obj *o, Obj *spec);

/* ------------------------------------------------------------------ */
/* Arithmetic (the number slots, callable directly)                    */
/* ------------------------------------------------------------------ */

/* Each takes two ints (NotImplemented otherwise, as the slots) and
 * returns a new int, or NULL with an exception. */
Obj *int_add(Lang *L, Obj *a, Obj *b);
Obj *int_sub(Lang *L, Obj *a, Obj *b);
Obj *int_mul(Lang *L, Obj *a, Obj *b);
Obj *int_floordiv(Lang *L, Obj *a, Obj *b);
Obj *int_mod(Lang *L, Obj *a, Obj *b);
/* a / b as a float, correctly rounded. */
Obj *int_truediv(Lang *L, Obj *a, Obj *b);
Obj *int_lshift(Lang *L, Obj *a, Obj *b);
Obj *int_rshift(Lang *L, Obj *a, Obj *b);
/* -a, ~a (ints). */
Obj *int_neg(Lang *L, Obj *a);
Obj *int_invert(Lang *L, Obj *a);
/* a << n for a count n >= 0 in a C integer. */
Obj *int_shift_left(Lang *L, Obj *a, uint64_t n);
/* divmod(a, b) of ints as a pair: *q and *r new references. -1 with
 * ZeroDivisionError "integer division or modulo by zero". */
int int_divmod(Lang *L, Obj *a, Obj *b, Obj **q, Obj **r);

/* Creates the small ints and sets the str-digits limit (lang_new). -1 on
 * failure (no exception). */
int int_init_small(Lang *L);

struct TypeSpec;
extern const struct TypeSpec int_spec;

#endif
