/*
 * intobject.c - int of arbitrary precision (intobject.h): creation and the
 * small-int cache, conversions to and from C numbers and doubles,
 * addition, subtraction, bitwise operators and shifts, hashing and
 * comparison, and the type (slots, methods, int()). Multiplication,
 * division and powers live in intmuldiv.c, text conversions in intstr.c,
 * the word loops in bignum.c.
 *
 * The representation is two's complement in 64-bit words (intobject.h).
 * Addition, subtraction, shifts and bitwise operators work on it
 * directly; multiplication, division and powers work on magnitudes (Mag,
 * intimpl.h) and convert back. Every operation first tries the machine-
 * word fast path: both operands one word and the result fitting in one.
 *
 * Invariant (restated from intobject.h): results are built only through
 * int_from_i64 / int_from_twos / int_from_mag, which keep the length
 * minimal and return the cached object for small values.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "intimpl.h"
#include "boolobject.h"
#include "exceptions.h"
#include "floatobject.h"
#include "instance.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

/* ------------------------------------------------------------------ */
/* Words, magnitudes and buffers                                       */
/* ------------------------------------------------------------------ */

static inline uint64_t sign_word(const Obj *o)
{
    return int_is_negative(o) ? ~(uint64_t)0 : 0;
}

/* dst[0..n) = -src[0..n) modulo 2**(64n). dst may be src. */
static void negate_words(bn_word *dst, const bn_word *src, size_t n)
{
    bn_word carry = 1;
    for (size_t i = 0; i < n; i++) {
        bn_word x = ~src[i] + carry;
        carry = carry && x == 0;
        dst[i] = x;
    }
}

int int_mag_get(Lang *L, const Obj *o, Mag *m)
{
    size_t n = int_nwords(o);
    const bn_word *w = int_words(o);
    m->heap = NULL;
    m->neg = int_is_negative(o);
    if (!m->neg) {
        m->d = w;
        m->n = bn_norm(w, n);
        return 0;
    }
    bn_word *buf = m->local;
    if (n > MAG_LOCAL) {
        buf = mem_alloc(L, n * sizeof(bn_word));
        if (buf == NULL)
            return -1;
        m->heap = buf;
        m->heap_n = n;
    }
    /* -x fits in n unsigned words, even for x == -2**(64n-1). */
    negate_words(buf, w, n);
    m->d = buf;
    m->n = bn_norm(buf, n);
    return 0;
}

Obj *int_too_many_digits(Lang *L)
{
    return err_format(L, EXC_OverflowError, "too many digits in integer");
}

bn_word *int_buf_get(Lang *L, Buf *b, size_t n)
{
    b->n = n;
    if (n <= BUF_LOCAL) {
        b->p = b->local;
        memset(b->local, 0, n * sizeof(bn_word));
        return b->p;
    }
    b->p = NULL;
    if (n > INT_MAX_WORDS) {
        int_too_many_digits(L);
        return NULL;
    }
    b->p = mem_alloc(L, n * sizeof(bn_word));
    if (b->p != NULL)
        memset(b->p, 0, n * sizeof(bn_word));
    return b->p;
}

/* ------------------------------------------------------------------ */
/* Making ints                                                         */
/* ------------------------------------------------------------------ */

size_t int_nitems(const OuroObject *o)
{
    const IntObject *i = (const IntObject *)o;
    return i->w0 != INT_BIG ? 0 : (size_t)i->n + 1;
}

/* Sets up the big form of n words in o (allocated with n + 1 items). */
static uint64_t *set_big(IntObject *o, size_t n)
{
    o->w0 = INT_BIG;
    o->n = n;
    return o->w;
}

/* A new big int of type int with room for n words (their values to be
 * written by the caller): only for values that need the big form. */
static IntObject *alloc_words(Lang *L, size_t n)
{
    if (n > INT_MAX_WORDS) {
        int_too_many_digits(L);
        return NULL;
    }
    IntObject *o = (IntObject *)obj_alloc_var(L, L->t_int, n + 1);
    if (o != NULL)
        set_big(o, n);
    return o;
}

Obj *int_from_i64(Lang *L, int64_t v)
{
    if (v >= SMALL_INT_MIN && v <= SMALL_INT_MAX && L->small_ints[v - SMALL_INT_MIN] != NULL)
        return obj_newref(L->small_ints[v - SMALL_INT_MIN]);
    if (v == INT64_MIN) {
        IntObject *o = alloc_words(L, 1);
        if (o != NULL)
            o->w[0] = (uint64_t)v;
        return (Obj *)o;
    }
    IntObject *o = (IntObject *)obj_alloc_var(L, L->t_int, 0);
    if (o == NULL)
        return NULL;
    o->w0 = (uint64_t)v;
    return (Obj *)o;
}

Obj *int_from_u64(Lang *L, uint64_t v)
{
    if (v <= (uint64_t)INT64_MAX)
        return int_from_i64(L, (int64_t)v);
    IntObject *o = alloc_words(L, 2);
    if (o == NULL)
        return NULL;
    o->w[0] = v;
    return (Obj *)o;
}

Obj *int_from_size(Lang *L, size_t v)
{
    return int_from_u64(L, (uint64_t)v);
}

/* Length of the minimal two's complement form of t[0..n). */
static size_t twos_len(const bn_word *t, size_t n)
{
    while (n > 1) {
        bn_word top = t[n - 1], below = t[n - 2] >> 63;
        if (!((top == 0 && below == 0) || (top == ~(bn_word)0 && below == 1)))
            break;
        n--;
    }
    return n;
}

Obj *int_from_twos(Lang *L, const bn_word *t, size_t n)
{
    n = twos_len(t, n);
    if (n == 1)
        return int_from_i64(L, (int64_t)t[0]);
    IntObject *r = alloc_words(L, n);
    if (r == NULL)
        return NULL;
    memcpy(r->w, t, n * sizeof(bn_word));
    return (Obj *)r;
}

Obj *int_from_mag(Lang *L, int neg, const bn_word *d, size_t n)
{
    n = bn_norm(d, n);
    if (n == 0)
        return int_from_i64(L, 0);
    if (n == 1 && d[0] <= (uint64_t)INT64_MAX)
        return int_from_i64(L, neg ? -(int64_t)d[0] : (int64_t)d[0]);
    size_t len = n;
    if (d[n - 1] >> 63) {
        /* The top bit is the sign's: one more word, except for exactly
         * -2**(64n-1), which n words hold. */
        int exact_min = neg && d[n - 1] == (uint64_t)1 << 63 && bn_norm(d, n - 1) == 0;
        if (!exact_min)
            len++;
    }
    if (len == 1)
        return int_from_i64(L, INT64_MIN);
    IntObject *r = alloc_words(L, len);
    if (r == NULL)
        return NULL;
    memcpy(r->w, d, n * sizeof(bn_word));
    if (neg)
        negate_words(r->w, r->w, len);
    return (Obj *)r;
}

Obj *int_alloc_copy(Lang *L, TypeObject *type, Obj *v)
{
    if (type == L->t_int && int_check_exact(L, v))
        return obj_newref(v);
    /* Subclasses have the instance layout (dict after the items). The
     * form is set before anything can ask the object its size. */
    size_t items = int_nitems(v);
    IntObject *o = (IntObject *)(type == L->t_int ? obj_alloc_var(L, type, items)
                                                  : instance_alloc(L, type, items));
    if (o == NULL)
        return NULL;
    if (items == 0)
        o->w0 = ((const IntObject *)v)->w0;
    else
        memcpy(set_big(o, int_nwords(v)), int_words(v), int_nwords(v) * sizeof(bn_word));
    return (Obj *)o;
}

Obj *int_exact_copy(Lang *L, Obj *o)
{
    if (int_check_exact(L, o))
        return obj_newref(o);
    if (int_is_word(o))
        return int_from_i64(L, int_word(o));
    return int_from_twos(L, int_words(o), int_nwords(o));
}

int int_init_small(Lang *L)
{
    L->int_max_str_digits = INT_DEFAULT_MAX_STR_DIGITS;
    for (int64_t v = SMALL_INT_MIN; v <= SMALL_INT_MAX; v++) {
        Obj *o = int_from_i64(L, v);
        if (o == NULL)
            return -1;
        L->small_ints[v - SMALL_INT_MIN] = o;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Reading ints                                                        */
/* ------------------------------------------------------------------ */

int64_t int_as_i64(Lang *L, Obj *o)
{
    if (int_is_word(o))
        return int_word(o);
    if (int_nwords(o) == 1)
        return (int64_t)int_words(o)[0];     /* INT64_MIN */
    err_format(L, EXC_OverflowError, "Python int too large to convert to C long");
    return -1;
}

intptr_t int_as_ssize(Lang *L, Obj *o)
{
    if (int_nwords(o) == 1 && (int64_t)int_words(o)[0] >= INTPTR_MIN &&
        (int64_t)int_words(o)[0] <= INTPTR_MAX)
        return (intptr_t)int_words(o)[0];
    err_format(L, EXC_OverflowError, "Python int too large to convert to C ssize_t");
    return -1;
}

int int_sign(const Obj *o)
{
    if (int_is_negative(o))
        return -1;
    return int_nwords(o) > 1 || int_words(o)[0] != 0;
}

/* The magnitude of o in out (at most cap words), without allocating;
 * returns its normalized length, or (size_t)-1 if it needs more. */
static size_t mag_into(const Obj *o, bn_word *out, size_t cap)
{
    size_t n = int_nwords(o);
    if (n > cap)
        return (size_t)-1;
    if (int_is_negative(o))
        negate_words(out, int_words(o), n);
    else
        memcpy(out, int_words(o), n * sizeof(bn_word));
    return bn_norm(out, n);
}

uint64_t int_bit_length(const Obj *o)
{
    size_t n = int_nwords(o);
    const bn_word *w = int_words(o);
    if (!int_is_negative(o))
        return bn_bit_length(w, bn_norm(w, n));
    /* abs(x) = ~x + 1, word by word from the bottom. */
    bn_word carry = 1, top_word = 0;
    size_t top = 0;
    for (size_t i = 0; i < n; i++) {
        bn_word x = ~w[i] + carry;
        carry = carry && x == 0;
        if (x != 0) {
            top = i + 1;
            top_word = x;
        }
    }
    return top == 0 ? 0 : (uint64_t)top * 64 - (uint64_t)__builtin_clzll(top_word);
}

int int_compare(const Obj *a, const Obj *b)
{
    int na_neg = int_is_negative(a), nb_neg = int_is_negative(b);
    if (na_neg != nb_neg)
        return na_neg ? -1 : 1;
    size_t na = int_nwords(a), nb = int_nwords(b);
    if (na != nb)
        return (na < nb) != na_neg ? -1 : 1;
    /* Same sign and width: the unsigned order of the words is the order. */
    const bn_word *x = int_words(a), *y = int_words(b);
    for (size_t i = na; i-- > 0;) {
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    }
    return 0;
}

#define HASH_MODULUS (((uint64_t)1 << 61) - 1)

intptr_t int_hash_value(int64_t v)
{
    uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    /* Most values are below the modulus: skip the 64-bit division, which
     * was most of the cost of hashing an int key. */
    intptr_t h = (intptr_t)(a < HASH_MODULUS ? a : a % HASH_MODULUS);
    if (v < 0)
        h = -h;
    return h == -1 ? -2 : h;
}

intptr_t int_hash(const Obj *o)
{
    if (int_is_word(o))
        return int_hash_value(int_word(o));
    size_t n = int_nwords(o);
    const bn_word *w = int_words(o);
    uint64_t h;
    if (!int_is_negative(o)) {
        h = bn_mod_mersenne61(w, n);
    } else {
        /* abs(x) = 2**(64n) - W with W the words read unsigned, and
         * 2**(64n) = 8**n = 2**(3n mod 61) modulo 2**61 - 1. */
        uint64_t p = (uint64_t)1 << ((3 * (n % 61)) % 61);
        uint64_t wm = bn_mod_mersenne61(w, n);
        h = p >= wm ? p - wm : p + HASH_MODULUS - wm;
        if (h == HASH_MODULUS)
            h = 0;
    }
    intptr_t r = (intptr_t)h;
    if (int_is_negative(o))
        r = -r;
    return r == -1 ? -2 : r;
}

/* The double nearest to the magnitude d[0..n) (normalized), half to
 * even; 0 and *overflow set when it exceeds the double range. */
static double mag_to_double(const bn_word *d, size_t n, int *overflow)
{
    *overflow = 0;
    if (n == 0)
        return 0.0;
    uint64_t bits = bn_bit_length(d, n);
    if (bits <= 64)
        return (double)d[0];
    if (bits > DBL_MAX_EXP) {
        *overflow = 1;
        return 0.0;
    }
    /* The top 64 bits, with a sticky bit for anything below: 64 > 53 + 2,
     * so the hardware's rounding of the 64-bit value is the right one. */
    uint64_t shift = bits - 64;
    size_t wi = (size_t)(shift / 64);
    unsigned bi = (unsigned)(shift % 64);
    uint64_t top = d[wi] >> bi;
    if (bi != 0)
        top |= d[wi + 1] << (64 - bi);
    int sticky = bi != 0 && (d[wi] & (((uint64_t)1 << bi) - 1)) != 0;
    for (size_t i = 0; i < wi && !sticky; i++)
        sticky = d[i] != 0;
    double r = ldexp((double)(top | (uint64_t)sticky), (int)shift);
    if (isinf(r)) {
        *overflow = 1;
        return 0.0;
    }
    return r;
}

double int_as_double(Lang *L, Obj *o)
{
    if (int_is_word(o))
        return (double)int_word(o);
    bn_word buf[DBL_MAX_EXP / 64 + 2];
    size_t n = mag_into(o, buf, sizeof buf / sizeof buf[0]);
    int overflow = n == (size_t)-1;
    double r = overflow ? 0.0 : mag_to_double(buf, n, &overflow);
    if (overflow) {
        err_format(L, EXC_OverflowError, "int too large to convert to float");
        return -1.0;
    }
    return int_is_negative(o) ? -r : r;
}

Obj *int_from_double(Lang *L, double d)
{
    if (isinf(d))
        return err_format(L, EXC_OverflowError, "cannot convert float infinity to integer");
    if (isnan(d))
        return err_format(L, EXC_ValueError, "cannot convert float NaN to integer");
    if (d > -9223372036854775808.0 && d < 9223372036854775808.0)
        return int_from_i64(L, (int64_t)d);
    int e;
    double m = frexp(fabs(d), &e);            /* |d| = m * 2**e, e > 63 */
    uint64_t mant = (uint64_t)ldexp(m, DBL_MANT_DIG);
    Obj *base = int_from_u64(L, mant);
    if (base == NULL)
        return NULL;
    Obj *r = int_shift_left(L, base, (uint64_t)(e - DBL_MANT_DIG));
    obj_decref(L, base);
    if (r != NULL && d < 0) {
        Obj *neg = int_neg(L, r);
        obj_decref(L, r);
        r = neg;
    }
    return r;
}

/* ------------------------------------------------------------------ */
/* Addition, subtraction, bitwise operators, shifts                    */
/* ------------------------------------------------------------------ */

/* a + (b ^ mask) + carry_in on two's complement words: a + b for mask 0,
 * a - b for mask ~0 and carry_in 1. */
static Obj *add_twos(Lang *L, const Obj *a, const Obj *b, bn_word mask)
{
    size_t na = int_nwords(a), nb = int_nwords(b);
    size_t n = (na > nb ? na : nb) + 1;
    const bn_word *x = int_words(a), *y = int_words(b);
    bn_word sa = sign_word(a), sb = sign_word(b);
    Buf buf;
    bn_word *r = int_buf_get(L, &buf, n);
    if (r == NULL)
        return NULL;
    bn_word carry = mask & 1;
    for (size_t i = 0; i < n; i++) {
        bn_word u = i < na ? x[i] : sa;
        bn_word v = (i < nb ? y[i] : sb) ^ mask;
        bn_word s = u + carry;
        bn_word c1 = s < carry;
        s += v;
        carry = c1 | (s < v);
        r[i] = s;
    }
    Obj *res = int_from_twos(L, r, n);
    buf_free(L, &buf);
    return res;
}

Obj *int_add(Lang *L, Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    int64_t r;
    if (int_is_word(a) && int_is_word(b) && !__builtin_add_overflow(int_word(a), int_word(b), &r))
        return int_from_i64(L, r);
    return add_twos(L, a, b, 0);
}

Obj *int_sub(Lang *L, Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    int64_t r;
    if (int_is_word(a) && int_is_word(b) && !__builtin_sub_overflow(int_word(a), int_word(b), &r))
        return int_from_i64(L, r);
    return add_twos(L, a, b, ~(bn_word)0);
}

enum { OP_AND, OP_OR, OP_XOR };

static Obj *bitwise(Lang *L, Obj *a, Obj *b, int op)
{
    BOTH_INTS(a, b);
    if (int_is_word(a) && int_is_word(b)) {
        int64_t x = int_word(a), y = int_word(b);
        return int_from_i64(L, op == OP_AND ? x & y : op == OP_OR ? x | y : x ^ y);
    }
    size_t na = int_nwords(a), nb = int_nwords(b), n = na > nb ? na : nb;
    const bn_word *x = int_words(a), *y = int_words(b);
    bn_word sa = sign_word(a), sb = sign_word(b);
    Buf buf;
    bn_word *r = int_buf_get(L, &buf, n);
    if (r == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        bn_word u = i < na ? x[i] : sa, v = i < nb ? y[i] : sb;
        r[i] = op == OP_AND ? u & v : op == OP_OR ? u | v : u ^ v;
    }
    Obj *res = int_from_twos(L, r, n);
    buf_free(L, &buf);
    return res;
}

static Obj *int_and(Lang *L, Obj *a, Obj *b)
{
    return bitwise(L, a, b, OP_AND);
}

static Obj *int_or(Lang *L, Obj *a, Obj *b)
{
    return bitwise(L, a, b, OP_OR);
}

static Obj *int_xor(Lang *L, Obj *a, Obj *b)
{
    return bitwise(L, a, b, OP_XOR);
}

Obj *int_invert(Lang *L, Obj *a)
{
    if (int_is_word(a))
        return int_from_i64(L, ~int_word(a));
    size_t n = int_nwords(a);
    if (n == 1)                       /* ~INT64_MIN */
        return int_from_i64(L, ~(int64_t)int_words(a)[0]);
    IntObject *r = alloc_words(L, n);
    if (r == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++)
        r->w[i] = ~int_words(a)[i];
    return (Obj *)r;                  /* ~ keeps the length minimal */
}

Obj *int_neg(Lang *L, Obj *a)
{
    if (int_is_word(a) && int_word(a) != INT64_MIN)
        return int_from_i64(L, -int_word(a));
    size_t n = int_nwords(a) + 1;
    Buf buf;
    bn_word *r = int_buf_get(L, &buf, n);
    if (r == NULL)
        return NULL;
    memcpy(r, int_words(a), (n - 1) * sizeof(bn_word));
    r[n - 1] = sign_word(a);
    negate_words(r, r, n);
    Obj *res = int_from_twos(L, r, n);
    buf_free(L, &buf);
    return res;
}

Obj *int_shift_left(Lang *L, Obj *a, uint64_t count)
{
    if (int_is_word(a) && count < 63) {
        int64_t x = int_word(a);
        if (x == 0)
            return int_from_i64(L, 0);
        int64_t shifted = (int64_t)((uint64_t)x << count);
        if (shifted >> count == x)
            return int_from_i64(L, shifted);
    }
    if (int_sign(a) == 0)
        return int_from_i64(L, 0);
    uint64_t wshift = count / 64;
    unsigned bits = (unsigned)(count % 64);
    size_t na = int_nwords(a);
    if (wshift > INT_MAX_WORDS - na - 1)
        return int_too_many_digits(L);
    size_t n = na + (size_t)wshift + 1;
    Buf buf;
    bn_word *r = int_buf_get(L, &buf, n);
    if (r == NULL)
        return NULL;
    bn_word *t = r + wshift;
    memcpy(t, int_words(a), na * sizeof(bn_word));
    t[na] = sign_word(a);
    /* The bits shifted out of the sign word are copies of the sign. */
    bn_shl(t, t, na + 1, bits);
    Obj *res = int_from_twos(L, r, n);
    buf_free(L, &buf);
    return res;
}

/* a >> count, arithmetic (floor division by 2**count). */
static Obj *shift_right(Lang *L, Obj *a, uint64_t count)
{
    if (int_is_word(a))
        return int_from_i64(L, count >= 63 ? (int_word(a) < 0 ? -1 : 0) : int_word(a) >> count);
    size_t na = int_nwords(a);
    uint64_t wshift = count / 64;
    if (wshift >= na)
        return int_from_i64(L, int_is_negative(a) ? -1 : 0);
    unsigned bits = (unsigned)(count % 64);
    size_t n = na - (size_t)wshift;
    const bn_word *w = int_words(a) + wshift;
    bn_word s = sign_word(a);
    Buf buf;
    bn_word *r = int_buf_get(L, &buf, n);
    if (r == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        bn_word hi = i + 1 < n ? w[i + 1] : s;
        r[i] = bits == 0 ? w[i] : (w[i] >> bits) | (hi << (64 - bits));
    }
    Obj *res = int_from_twos(L, r, n);
    buf_free(L, &buf);
    return res;
}

/* The shift count b as a C number: 0 and *count, 1 when it is too big for
 * one, -1 with ValueError when negative. */
static int shift_count(Lang *L, Obj *b, uint64_t *count)
{
    if (int_is_negative(b)) {
        err_format(L, EXC_ValueError, "negative shift count");
        return -1;
    }
    if (!int_is_word(b))
        return 1;
    *count = (uint64_t)int_word(b);
    return 0;
}

/* Whether CPython 3.11 refuses a << b (b >= 0, a != 0) with "too many
 * digits in integer": when its 30-bit digit count would pass
 * MAX_LONG_DIGITS (shift counts from about 2**66). Smaller shifts that
 * cannot be allocated are MemoryError, there as here. */
static int shift_too_many_digits(const Obj *a, const Obj *b)
{
    const uint64_t max_digits = ((uint64_t)INT64_MAX - 24) / 4;
    size_t nb = int_nwords(b);
    if (nb > 2)
        return 1;
    bn_dword count = int_words(b)[0];
    if (nb == 2)
        count |= (bn_dword)int_words(b)[1] << 64;
    bn_dword wordshift = count / 30;
    if (wordshift >= (bn_dword)(INT64_MAX / 4))
        return 1;                     /* CPython clips it to that */
    uint64_t size_a = (int_bit_length(a) + 29) / 30;
    return wordshift + size_a + (count % 30 != 0) > max_digits;
}

Obj *int_lshift(Lang *L, Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    uint64_t count;
    int r = shift_count(L, b, &count);
    if (r < 0)
        return NULL;
    if (int_sign(a) == 0)
        return int_from_i64(L, 0);
    if (shift_too_many_digits(a, b))
        return int_too_many_digits(L);
    if (r > 0)
        return err_no_memory(L);      /* 2**63 bits and more */
    return int_shift_left(L, a, count);
}

Obj *int_rshift(Lang *L, Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    uint64_t count;
    int r = shift_count(L, b, &count);
    if (r < 0)
        return NULL;
    if (r > 0)
        return int_from_i64(L, int_is_negative(a) ? -1 : 0);
    return shift_right(L, a, count);
}

/* ------------------------------------------------------------------ */
/* Unary slots, comparison, hash                                       */
/* ------------------------------------------------------------------ */

static Obj *int_pos(Lang *L, Obj *a)
{
    return int_exact_copy(L, a);
}

static Obj *int_abs(Lang *L, Obj *a)
{
    return int_is_negative(a) ? int_neg(L, a) : int_exact_copy(L, a);
}

static int int_bool(Lang *L, Obj *a)
{
    (void)L;
    return int_sign(a) != 0;
}

static Obj *int_float(Lang *L, Obj *a)
{
    double d = int_as_double(L, a);
    if (d == -1.0 && err_occurred(L))
        return NULL;
    return float_from_double(L, d);
}

static Obj *int_richcompare(Lang *L, Obj *a, Obj *b, int op)
{
    if (!int_check(a) || !int_check(b))
        return new_not_implemented(L);
    int c = int_compare(a, b), r;
    switch (op) {
    case CMP_LT: r = c < 0; break;
    case CMP_LE: r = c <= 0; break;
    case CMP_EQ: r = c == 0; break;
    case CMP_NE: r = c != 0; break;
    case CMP_GT: r = c > 0; break;
    default: r = c >= 0; break;
    }
    return new_bool(L, r);
}

static intptr_t int_hash_slot(Lang *L, Obj *self)
{
    (void)L;
    return int_hash(self);
}

static Obj *int_repr_slot(Lang *L, Obj *self)
{
    return int_to_decimal_string(L, self);
}

static const NumberSlots int_nb = {
    .binary = {
        [NB_ADD] = int_add,
        [NB_SUBTRACT] = int_sub,
        [NB_MULTIPLY] = int_mul,
        [NB_FLOOR_DIVIDE] = int_floordiv,
        [NB_TRUE_DIVIDE] = int_truediv,
        [NB_REMAINDER] = int_mod,
        [NB_POWER] = int_pow,
        [NB_LSHIFT] = int_lshift,
        [NB_RSHIFT] = int_rshift,
        [NB_AND] = int_and,
        [NB_OR] = int_or,
        [NB_XOR] = int_xor,
        [NB_DIVMOD] = int_divmod_tuple,
    },
    .power3 = int_pow3,
    .negative = int_neg,
    .positive = int_pos,
    .absolute = int_abs,
    .invert = int_invert,
    .to_bool = int_bool,
    .to_int = int_pos,
    .to_float = int_float,
    .index = int_pos,
};

/* ------------------------------------------------------------------ */
/* int(x), int(s, base)                                                */
/* ------------------------------------------------------------------ */

/* An int (new reference) from what a __int__/__index__/__trunc__ returned:
 * TypeError unless it is an int. */
static Obj *check_int_result(Lang *L, Obj *r, const char *what)
{
    if (r == NULL || int_check(r))
        return r;
    err_format(L, EXC_TypeError, "%s returned non-int (type %.200s)", what, obj_type_name(r));
    obj_decref(L, r);
    return NULL;
}

/* int(x) for one argument. */
static Obj *int_from_object(Lang *L, Obj *x)
{
    if (int_check_exact(L, x))
        return obj_newref(x);
    TypeObject *tp = TYPE(x);
    if (tp->nb.to_int != NULL) {
        Obj *r = check_int_result(L, tp->nb.to_int(L, x), "__int__");
        if (r != NULL && !int_check_exact(L, r)) {
            Obj *exact = int_exact_copy(L, r);
            obj_decref(L, r);
            r = exact;
        }
        return r;
    }
    if (tp->nb.index != NULL)
        return obj_index(L, x);
    if (str_check(x))
        return int_from_string(L, str_data(x), str_nbytes(x), 10);
    Obj *name = str_intern_cstr(L, "__trunc__");
    if (name == NULL)
        return NULL;
    Obj *trunc = type_lookup(L, tp, name);
    if (trunc != NULL) {
        Obj *r = obj_call_method(L, name, &x, 1, NULL);
        obj_decref(L, name);
        if (r == NULL || int_check(r))
            return r;
        Obj *i = obj_index(L, r);
        if (i == NULL && err_matches(L, EXC_TypeError)) {
            err_clear(L);
            err_format(L, EXC_TypeError, "__trunc__ returned non-Integral (type %.200s)",
                       obj_type_name(r));
        }
        obj_decref(L, r);
        return i;
    }
    obj_decref(L, name);
    return err_format(L, EXC_TypeError,
                      "int() argument must be a string, a bytes-like object or a real number, not '%.200s'",
                      obj_type_name(x));
}

static Obj *int_tp_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames)
{
    Obj *x = nargs > 0 ? args[0] : NULL, *base = nargs > 1 ? args[1] : NULL;
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    if (nargs > 2)
        return err_format(L, EXC_TypeError, "int() takes at most 2 arguments (%zu given)", nargs + nkw);
    for (size_t i = 0; i < nkw; i++) {
        Obj *name = tuple_get_borrowed(kwnames, i);
        if (!str_equal_cstr(name, "base"))
            return err_format(L, EXC_TypeError, "'%U' is an invalid keyword argument for int()", name);
        if (base != NULL)
            return err_format(L, EXC_TypeError, "argument for int() given by name ('base') and position (2)");
        base = args[nargs + i];
    }
    Obj *r;
    if (base == NULL) {
        r = x ? int_from_object(L, x) : int_from_i64(L, 0);
    } else {
        if (x == NULL)
            return err_format(L, EXC_TypeError, "int() missing string argument");
        intptr_t b = obj_as_ssize(L, base, -1);
        if (b == -1 && err_occurred(L))
            return NULL;
        if (b != 0 && (b < 2 || b > 36))
            return err_format(L, EXC_ValueError, "int() base must be >= 2 and <= 36, or 0");
        if (!str_check(x))
            return err_format(L, EXC_TypeError, "int() can't convert non-string with explicit base");
        r = int_from_string(L, str_data(x), str_nbytes(x), (int)b);
    }
    if (r == NULL || type == L->t_int)
        return r;
    Obj *sub = int_alloc_copy(L, type, r);
    obj_decref(L, r);
    return sub;
}

/* ------------------------------------------------------------------ */
/* Methods and attributes                                              */
/* ------------------------------------------------------------------ */

static Obj *int_bit_length_meth(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return int_from_u64(L, int_bit_length(self));
}

static Obj *int_bit_count(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    Mag m;
    if (int_mag_get(L, self, &m) < 0)
        return NULL;
    uint64_t count = 0;
    for (size_t i = 0; i < m.n; i++)
        count += (uint64_t)__builtin_popcountll(m.d[i]);
    mag_free(L, &m);
    return int_from_u64(L, count);
}

static Obj *int_self(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return int_exact_copy(L, self);
}

static Obj *int_sizeof(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return int_from_size(L, INT_BASIC_SIZE + int_nitems(self) * sizeof(uint64_t));
}

static Obj *int_as_integer_ratio(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    Obj *n = int_exact_copy(L, self);
    if (n == NULL)
        return NULL;
    Obj *t = tuple_pack(L, 2, n, L->small_ints[1 - SMALL_INT_MIN]);
    obj_decref(L, n);
    return t;
}

static Obj *int_getnewargs(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    Obj *n = int_exact_copy(L, self);
    if (n == NULL)
        return NULL;
    Obj *t = tuple_pack(L, 1, n);
    obj_decref(L, n);
    return t;
}

/* round(self, ndigits): for ndigits < 0, to a multiple of 10**-ndigits,
 * halves to even (CPython's _PyLong_Round). */
static Obj *int_round(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)kwnames;
    if (nargs > 1)
        return err_format(L, EXC_TypeError, "__round__ expected at most 1 argument, got %zu", nargs);
    if (nargs == 0 || args[0] == L->none)
        return int_exact_copy(L, self);
    Obj *nd = obj_index(L, args[0]);
    if (nd == NULL)
        return NULL;
    Obj *r = NULL, *ten = NULL, *pow10 = NULL, *q = NULL, *rem = NULL, *twice = NULL, *negnd = NULL;
    if (!int_is_negative(nd)) {
        r = int_exact_copy(L, self);
        goto done;
    }
    /* pow10 = 10 ** -ndigits; q, rem = divmod(self, pow10); round rem. */
    if ((negnd = int_neg(L, nd)) == NULL || (ten = int_from_i64(L, 10)) == NULL ||
        (pow10 = int_pow(L, ten, negnd)) == NULL || int_divmod(L, self, pow10, &q, &rem) < 0)
        goto done;
    if ((twice = int_add(L, rem, rem)) == NULL)
        goto done;
    int c = int_compare(twice, pow10);
    int up = c > 0 || (c == 0 && (int_words(q)[0] & 1));
    Obj *adj = q;
    if (up && (adj = int_add(L, q, L->small_ints[1 - SMALL_INT_MIN])) == NULL)
        goto done;
    r = int_mul(L, adj, pow10);
    if (adj != q)
        obj_decref(L, adj);
done:
    obj_decref(L, nd);
    obj_xdecref(L, negnd);
    obj_xdecref(L, ten);
    obj_xdecref(L, pow10);
    obj_xdecref(L, q);
    obj_xdecref(L, rem);
    obj_xdecref(L, twice);
    return r;
}

static Obj *int_format_meth(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)nargs;
    (void)kwnames;
    if (!str_check(args[0]))
        return err_format(L, EXC_TypeError, "__format__() argument must be str, not %.200s",
                          obj_type_name(args[0]));
    return int_format(L, self, args[0]);
}

static Obj *get_self_int(Lang *L, Obj *self)
{
    return int_exact_copy(L, self);
}

static Obj *get_zero(Lang *L, Obj *self)
{
    (void)self;
    return int_from_i64(L, 0);
}

static Obj *get_one(Lang *L, Obj *self)
{
    (void)self;
    return int_from_i64(L, 1);
}

static const MethodDef int_methods[] = {
    {"bit_length", int_bit_length_meth, METH_NOARGS, "Number of bits necessary to represent self in binary."},
    {"bit_count", int_bit_count, METH_NOARGS, "Number of ones in the binary representation of the absolute value of self."},
    {"conjugate", int_self, METH_NOARGS, "Returns self, the complex conjugate of any int."},
    {"as_integer_ratio", int_as_integer_ratio, METH_NOARGS, "Return integer ratio."},
    {"__trunc__", int_self, METH_NOARGS, "Truncating an Integral returns itself."},
    {"__floor__", int_self, METH_NOARGS, "Flooring an Integral returns itself."},
    {"__ceil__", int_self, METH_NOARGS, "Ceiling of an Integral returns itself."},
    {"__round__", int_round, 0, "Rounding an Integral returns itself.\n\nRounding with an ndigits argument also returns an integer."},
    {"__getnewargs__", int_getnewargs, METH_NOARGS, NULL},
    {"__format__", int_format_meth, METH_O, "Convert to a string according to format_spec."},
    {"__sizeof__", int_sizeof, METH_NOARGS, "Returns size in memory, in bytes."},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef int_getsets[] = {
    {"real", get_self_int, NULL, "the real part of a complex number"},
    {"imag", get_zero, NULL, "the imaginary part of a complex number"},
    {"numerator", get_self_int, NULL, "the numerator of a rational number in lowest terms"},
    {"denominator", get_one, NULL, "the denominator of a rational number in lowest terms"},
    {NULL, NULL, NULL, NULL},
};

const TypeSpec int_spec = {
    .name = "int",
    .basic_size = INT_BASIC_SIZE,
    .item_size = sizeof(uint64_t),
    .nitems = int_nitems,
    .flags = TF_BASETYPE | TF_INT_SUBCLASS,
    .repr = int_repr_slot,
    .hash = int_hash_slot,
    .richcompare = int_richcompare,
    .tp_new = int_tp_new,
    .nb = &int_nb,
    .methods = int_methods,
    .getsets = int_getsets,
    .doc = "int([x]) -> integer\nint(x, base=10) -> integer\n\n"
           "Convert a number or string to an integer, or return 0 if no arguments\n"
           "are given.",
};
