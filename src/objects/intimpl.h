/*
 * intimpl.h - what the files of int (intobject.c, intstr.c) and float
 * share about int's representation: word access, magnitudes, scratch
 * buffers and making ints from words. Not for other types: they use
 * intobject.h.
 *
 * A Mag is abs(x) of an int as a normalized bignum (bignum.h) plus the
 * sign: for x >= 0 it points at x's own words; for x < 0 it holds a
 * negated copy (in the Mag itself when small, else allocated). A Mag must
 * not be copied (it may point into itself); mag_free releases it.
 */
#ifndef OURO_OBJECTS_INTIMPL_H
#define OURO_OBJECTS_INTIMPL_H

#include "bignum.h"
#include "intobject.h"

/* The most words an int may have: its size in bytes stays below
 * PTRDIFF_MAX (about 2**66 bits, as CPython's limit). Asking for more is
 * OverflowError "too many digits in integer". */
#define INT_MAX_WORDS (((size_t)PTRDIFF_MAX - INT_HEADER_SIZE) / sizeof(uint64_t))

static inline size_t int_nwords(const Obj *o)
{
    const IntObject *i = (const IntObject *)o;
    return i->w0 != INT_BIG ? 1 : (size_t)i->n;
}
static inline const uint64_t *int_words(const Obj *o)
{
    const IntObject *i = (const IntObject *)o;
    return i->w0 != INT_BIG ? &i->w0 : i->w;
}
static inline int int_is_negative(const Obj *o)
{
    return (int64_t)int_words(o)[int_nwords(o) - 1] < 0;
}

#define MAG_LOCAL 4
typedef struct Mag {
    const bn_word *d;             /* normalized: n == 0 or d[n-1] != 0 */
    size_t n;
    int neg;
    bn_word *heap;                /* owned, heap_n words, or NULL */
    size_t heap_n;
    bn_word local[MAG_LOCAL];
} Mag;

/* abs(o) and its sign into *m. -1 with MemoryError. */
int int_mag_get(Lang *L, const Obj *o, Mag *m);
static inline void mag_free(Lang *L, Mag *m)
{
    if (m->heap != NULL)
        mem_free(L, m->heap, m->heap_n * sizeof(bn_word));
    m->heap = NULL;
}

/* Working space: the Buf itself when small, else allocated. */
#define BUF_LOCAL 32
typedef struct Buf {
    bn_word *p;
    size_t n;
    bn_word local[BUF_LOCAL];
} Buf;

/* n zeroed words in b, or NULL with MemoryError (OverflowError "too
 * many digits in integer" beyond INT_MAX_WORDS). */
bn_word *int_buf_get(Lang *L, Buf *b, size_t n);
static inline void buf_free(Lang *L, Buf *b)
{
    if (b->p != NULL && b->p != b->local)
        mem_free(L, b->p, b->n * sizeof(bn_word));
    b->p = NULL;
}

/* The exact int -d (neg) or d, from n words of magnitude (need not be
 * normalized). New reference or NULL. */
Obj *int_from_mag(Lang *L, int neg, const bn_word *d, size_t n);
/* The exact int from n words of two's complement (need not be minimal). */
Obj *int_from_twos(Lang *L, const bn_word *t, size_t n);
/* A new int of type (int or a subclass) with the value of the int v. */
Obj *int_alloc_copy(Lang *L, TypeObject *type, Obj *v);

/* CPython's _PyUnicode_TransformDecimalAndSpaceToASCII for int() and
 * float(): n bytes of UTF-8 to ASCII in out (room for n bytes): non-ASCII
 * whitespace becomes ' ', decimal digits '0'..'9', and the first other
 * character '?' (ending the text). Returns the length (intstr.c). */
size_t int_transform_to_ascii(const char *s, size_t n, char *out);

/* The number slots take any two ints, else NotImplemented. */
#define BOTH_INTS(a, b)                       \
    do {                                      \
        if (!int_check(a) || !int_check(b))   \
            return new_not_implemented(L);    \
    } while (0)

/* OverflowError "too many digits in integer" (CPython's word for an int
 * too long to exist). Returns NULL. */
Obj *int_too_many_digits(Lang *L);

/* The slots of intmuldiv.c that intobject.c's table holds: divmod(a, b)
 * as a pair, a ** b and pow(a, b, m). */
Obj *int_divmod_tuple(Lang *L, Obj *a, Obj *b);
Obj *int_pow(Lang *L, Obj *a, Obj *b);
Obj *int_pow3(Lang *L, Obj *a, Obj *b, Obj *m);

/* The current limit on decimal digits (0: none). */
static inline intptr_t int_max_str_digits(Lang *L)
{
    return L->int_max_str_digits;
}

#endif
