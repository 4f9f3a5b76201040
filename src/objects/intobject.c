/*
 * intobject.c - int with a machine-word representation (intobject.h):
 * the small-int cache, conversions, parsing with int()'s rules, hashing
 * as CPython's, and the number protocol with OverflowError where a result
 * leaves int64_t (until arbitrary precision replaces this file).
 *
 * Invariant: every int whose value is in SMALL_INT_MIN..SMALL_INT_MAX and
 * whose type is exactly int is the cached object L->small_ints[v - MIN].
 */
#include <stdio.h>
#include <string.h>

#include "intobject.h"
#include "boolobject.h"
#include "exceptions.h"
#include "instance.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

typedef struct IntObject {
    OuroObject ob;
    int64_t value;
} IntObject;

static int64_t value_of(const Obj *o)
{
    return ((const IntObject *)o)->value;
}

/* ------------------------------------------------------------------ */
/* Creation and conversion                                             */
/* ------------------------------------------------------------------ */

static Obj *alloc_int(Lang *L, TypeObject *type, int64_t v)
{
    Obj *o = type == L->t_int ? obj_alloc(L, type) : instance_alloc(L, type, 0);
    if (o != NULL)
        ((IntObject *)o)->value = v;
    return o;
}

Obj *int_from_i64(Lang *L, int64_t v)
{
    if (v >= SMALL_INT_MIN && v <= SMALL_INT_MAX && L->small_ints[v - SMALL_INT_MIN] != NULL)
        return obj_newref(L->small_ints[v - SMALL_INT_MIN]);
    IntObject *o = (IntObject *)obj_alloc(L, L->t_int);
    if (o == NULL)
        return NULL;
    o->value = v;
    return &o->ob;
}

Obj *int_from_size(Lang *L, size_t v)
{
    if (v > (size_t)INT64_MAX)
        return err_format(L, EXC_OverflowError, "int too large (arbitrary precision is not implemented yet)");
    return int_from_i64(L, (int64_t)v);
}

int int_init_small(Lang *L)
{
    for (int64_t v = SMALL_INT_MIN; v <= SMALL_INT_MAX; v++) {
        Obj *o = int_from_i64(L, v);
        if (o == NULL)
            return -1;
        L->small_ints[v - SMALL_INT_MIN] = o;
    }
    return 0;
}

int64_t int_as_i64(Lang *L, Obj *o)
{
    (void)L;
    return value_of(o);
}

int int_as_i64_exact(const Obj *o, int64_t *out)
{
    *out = value_of(o);
    return 1;
}

int int_sign(const Obj *o)
{
    int64_t v = value_of(o);
    return v < 0 ? -1 : v > 0;
}

intptr_t int_hash_value(int64_t v)
{
    const uint64_t modulus = ((uint64_t)1 << 61) - 1;
    uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    intptr_t h = (intptr_t)(a % modulus);
    if (v < 0)
        h = -h;
    return h == -1 ? -2 : h;
}

Obj *int_repr(Lang *L, Obj *o)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)value_of(o));
    return str_from_utf8_trusted(L, buf, strlen(buf));
}

static Obj *overflow(Lang *L)
{
    return err_format(L, EXC_OverflowError, "int too large (arbitrary precision is not implemented yet)");
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */
/* ------------------------------------------------------------------ */

static int digit_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

static int is_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Parses s[0..n) per int()'s rules into *out. 0, -1 (invalid), -2 (too big). */
static int parse_int(const char *s, size_t n, int base, int64_t *out)
{
    size_t i = 0;
    while (i < n && is_space((unsigned char)s[i]))
        i++;
    while (n > i && is_space((unsigned char)s[n - 1]))
        n--;
    int neg = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    int prefixed = 0;
    if (i + 1 < n && s[i] == '0') {
        char p = (char)(s[i + 1] | 0x20);
        if ((p == 'x' && (base == 16 || base == 0)) || (p == 'o' && (base == 8 || base == 0)) ||
            (p == 'b' && (base == 2 || base == 0))) {
            base = p == 'x' ? 16 : p == 'o' ? 8 : 2;
            i += 2;
            prefixed = 1;
        }
    }
    int base0 = base == 0;
    if (base == 0)
        base = 10;
    if (i >= n)
        return -1;
    uint64_t acc = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    int too_big = 0, any = 0, last_underscore = prefixed;   /* "0x_1" is fine */
    int leading_zero = base0 && s[i] == '0', nonzero = 0;
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '_') {
            if (last_underscore && (any || !prefixed))
                return -1;
            if (!any && !prefixed)
                return -1;
            last_underscore = 1;
            continue;
        }
        int d = digit_value(c);
        if (d >= base)
            return -1;
        last_underscore = 0;
        any = 1;
        nonzero |= d != 0;
        if (acc > (limit - (uint64_t)d) / (uint64_t)base)
            too_big = 1;
        else
            acc = acc * (uint64_t)base + (uint64_t)d;
    }
    if (!any || last_underscore)
        return -1;
    if (leading_zero && nonzero && !prefixed)
        return -1;                     /* "010" with base 0 */
    if (too_big)
        return -2;
    *out = neg ? (int64_t)(0 - acc) : (int64_t)acc;
    return 0;
}

Obj *int_from_string(Lang *L, const char *s, size_t n, int base)
{
    if ((base != 0 && base < 2) || base > 36)
        return err_format(L, EXC_ValueError, "int() base must be >= 2 and <= 36, or 0");
    int64_t v;
    int r = parse_int(s, n, base, &v);
    if (r == -2)
        return overflow(L);
    if (r < 0) {
        Obj *text = str_from_utf8(L, s, n);
        if (text == NULL)
            return NULL;
        err_format(L, EXC_ValueError, "invalid literal for int() with base %d: %.200R", base, text);
        obj_decref(L, text);
        return NULL;
    }
    return int_from_i64(L, v);
}

/* ------------------------------------------------------------------ */
/* Slots                                                               */
/* ------------------------------------------------------------------ */

static Obj *int_repr_slot(Lang *L, Obj *self)
{
    return int_repr(L, self);
}

static intptr_t int_hash(Lang *L, Obj *self)
{
    (void)L;
    return int_hash_value(value_of(self));
}

static Obj *int_richcompare(Lang *L, Obj *a, Obj *b, int op)
{
    if (!int_check(a) || !int_check(b))
        return new_not_implemented(L);
    int64_t x = value_of(a), y = value_of(b);
    int r;
    switch (op) {
    case CMP_LT: r = x < y; break;
    case CMP_LE: r = x <= y; break;
    case CMP_EQ: r = x == y; break;
    case CMP_NE: r = x != y; break;
    case CMP_GT: r = x > y; break;
    default: r = x >= y; break;
    }
    return new_bool(L, r);
}

#define BOTH_INTS(a, b)                       \
    do {                                      \
        if (!int_check(a) || !int_check(b))   \
            return new_not_implemented(L);    \
    } while (0)

static Obj *int_add(Lang *L, Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    int64_t r;
    if (__builtin_add_overflow(value_of(a), value_of(b), &r))
        return overflow(L);
    return int_from_i64(L, r);
}

static Obj *int_sub(Lang *L, Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    int64_t r;
    if (__builtin_sub_overflow(value_of(a), value_of(b), &r))
        return overflow(L);
    return int_from_i64(L, r);
}

static Obj *int_mul(Lang *L, Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    int64_t r;
    if (__builtin_mul_overflow(value_of(a), value_of(b), &r))
        return overflow(L);
    return int_from_i64(L, r);
}

/* Floor division and modulo with Python's signs. 0, or -1 with an error. */
static int divmod_i64(Lang *L, int64_t x, int64_t y, int64_t *q, int64_t *m, const char *zmsg)
{
    if (y == 0) {
        err_format(L, EXC_ZeroDivisionError, "%s", zmsg);
        return -1;
    }
    if (x == INT64_MIN && y == -1) {
        overflow(L);
        return -1;
    }
    int64_t qq = x / y, mm = x % y;
    if (mm != 0 && ((mm < 0) != (y < 0))) {
        mm += y;
        qq -= 1;
    }
    *q = qq;
    *m = mm;
    return 0;
}

static Obj *int_floordiv(Lang *L, Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    int64_t q, m;
    if (divmod_i64(L, value_of(a), value_of(b), &q, &m, "integer division or modulo by zero") < 0)
        return NULL;
    return int_from_i64(L, q);
}

static Obj *int_mod(Lang *L, Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    int64_t q, m;
    if (divmod_i64(L, value_of(a), value_of(b), &q, &m, "integer modulo by zero") < 0)
        return NULL;
    return int_from_i64(L, m);
}

static Obj *pow_i64(Lang *L, int64_t base, int64_t exp, int64_t mod, int has_mod)
{
    if (exp < 0) {
        if (has_mod)
            return err_format(L, EXC_ValueError, "pow() with a negative exponent and a modulus is not implemented yet");
        return err_format(L, EXC_ValueError, "negative exponent needs float (not implemented yet)");
    }
    if (has_mod && mod == 0)
        return err_format(L, EXC_ValueError, "pow() 3rd argument cannot be 0");
    int64_t result = 1;
    if (has_mod) {
        __int128 m = mod < 0 ? -(__int128)mod : mod;
        __int128 r = 1 % m, b = ((__int128)base % m + m) % m;
        while (exp > 0) {
            if (exp & 1)
                r = r * b % m;
            b = b * b % m;
            exp >>= 1;
        }
        /* The result has the sign of the modulus, as Python's. */
        if (mod < 0 && r != 0)
            r -= m;
        return int_from_i64(L, (int64_t)r);
    }
    while (exp > 0) {
        if ((exp & 1) && __builtin_mul_overflow(result, base, &result))
            return overflow(L);
        exp >>= 1;
        if (exp > 0 && __builtin_mul_overflow(base, base, &base))
            return overflow(L);
    }
    return int_from_i64(L, result);
}

static Obj *int_pow(Lang *L, Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    return pow_i64(L, value_of(a), value_of(b), 0, 0);
}

static Obj *int_pow3(Lang *L, Obj *a, Obj *b, Obj *m)
{
    if (m == L->none)
        return int_pow(L, a, b);
    if (!int_check(a) || !int_check(b) || !int_check(m))
        return new_not_implemented(L);
    return pow_i64(L, value_of(a), value_of(b), value_of(m), 1);
}

static Obj *int_lshift(Lang *L, Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    int64_t x = value_of(a), n = value_of(b);
    if (n < 0)
        return err_format(L, EXC_ValueError, "negative shift count");
    if (x == 0)
        return int_from_i64(L, 0);
    if (n >= 63 || (x > 0 ? x > (INT64_MAX >> n) : x < (INT64_MIN >> n)))
        return overflow(L);
    return int_from_i64(L, (int64_t)((uint64_t)x << n));
}

static Obj *int_rshift(Lang *L, Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    int64_t x = value_of(a), n = value_of(b);
    if (n < 0)
        return err_format(L, EXC_ValueError, "negative shift count");
    if (n >= 63)
        return int_from_i64(L, x < 0 ? -1 : 0);
    return int_from_i64(L, x >> n);   /* arithmetic shift: floor, as Python */
}

static Obj *int_and(Lang *L, Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    return int_from_i64(L, value_of(a) & value_of(b));
}

static Obj *int_or(Lang *L, Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    return int_from_i64(L, value_of(a) | value_of(b));
}

static Obj *int_xor(Lang *L, Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    return int_from_i64(L, value_of(a) ^ value_of(b));
}

static Obj *int_neg(Lang *L, Obj *a)
{
    if (value_of(a) == INT64_MIN)
        return overflow(L);
    return int_from_i64(L, -value_of(a));
}

static Obj *int_pos(Lang *L, Obj *a)
{
    if (int_check_exact(L, a))
        return obj_newref(a);
    return int_from_i64(L, value_of(a));
}

static Obj *int_abs(Lang *L, Obj *a)
{
    return value_of(a) < 0 ? int_neg(L, a) : int_pos(L, a);
}

static Obj *int_invert(Lang *L, Obj *a)
{
    return int_from_i64(L, ~value_of(a));
}

static int int_bool(Lang *L, Obj *a)
{
    (void)L;
    return value_of(a) != 0;
}

static Obj *int_int(Lang *L, Obj *a)
{
    return int_pos(L, a);
}

static const NumberSlots int_nb = {
    .binary = {
        [NB_ADD] = int_add,
        [NB_SUBTRACT] = int_sub,
        [NB_MULTIPLY] = int_mul,
        [NB_FLOOR_DIVIDE] = int_floordiv,
        [NB_REMAINDER] = int_mod,
        [NB_POWER] = int_pow,
        [NB_LSHIFT] = int_lshift,
        [NB_RSHIFT] = int_rshift,
        [NB_AND] = int_and,
        [NB_OR] = int_or,
        [NB_XOR] = int_xor,
    },
    .power3 = int_pow3,
    .negative = int_neg,
    .positive = int_pos,
    .absolute = int_abs,
    .invert = int_invert,
    .to_bool = int_bool,
    .to_int = int_int,
    .index = int_int,
};

/* ------------------------------------------------------------------ */
/* int(x), int(s, base)                                                */
/* ------------------------------------------------------------------ */

/* int(x) for one argument that is not a str. */
static Obj *int_from_object(Lang *L, Obj *x)
{
    if (int_check(x))
        return int_from_i64(L, value_of(x));
    if (str_check(x))
        return int_from_string(L, str_data(x), str_nbytes(x), 10);
    TypeObject *tp = TYPE(x);
    if (tp->nb.to_int != NULL) {
        Obj *r = tp->nb.to_int(L, x);
        if (r != NULL && !int_check(r)) {
            err_format(L, EXC_TypeError, "__int__ returned non-int (type %.200s)", obj_type_name(r));
            obj_decref(L, r);
            return NULL;
        }
        return r;
    }
    if (tp->nb.index != NULL)
        return obj_index(L, x);
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
        if (!str_equal_cstr(name, "base") || base != NULL)
            return err_format(L, EXC_TypeError, "'%U' is an invalid keyword argument for int()", name);
        base = args[nargs + i];
    }
    Obj *r;
    if (base == NULL) {
        r = x ? int_from_object(L, x) : int_from_i64(L, 0);
    } else {
        intptr_t b = obj_as_ssize(L, base, -1);
        if (b == -1 && err_occurred(L))
            return NULL;
        if (x == NULL)
            return err_format(L, EXC_TypeError, "int() missing string argument");
        if (!str_check(x))
            return err_format(L, EXC_TypeError, "int() can't convert non-string with explicit base");
        if (b != 0 && (b < 2 || b > 36))
            return err_format(L, EXC_ValueError, "int() base must be >= 2 and <= 36, or 0");
        r = int_from_string(L, str_data(x), str_nbytes(x), (int)b);
    }
    if (r == NULL || type == L->t_int)
        return r;
    Obj *sub = alloc_int(L, type, value_of(r));
    obj_decref(L, r);
    return sub;
}

/* ------------------------------------------------------------------ */
/* Methods and attributes                                              */
/* ------------------------------------------------------------------ */

static Obj *int_bit_length(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    int64_t v = value_of(self);
    uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    return int_from_i64(L, a ? 64 - __builtin_clzll(a) : 0);
}

static Obj *int_bit_count(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    int64_t v = value_of(self);
    uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    return int_from_i64(L, __builtin_popcountll(a));
}

static Obj *int_conjugate(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return int_int(L, self);
}

static Obj *int_sizeof(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return int_from_size(L, TYPE(self)->core.basic_size);
}

static Obj *get_self_int(Lang *L, Obj *self)
{
    return int_int(L, self);
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
    {"bit_length", int_bit_length, METH_NOARGS, "Number of bits necessary to represent self in binary."},
    {"bit_count", int_bit_count, METH_NOARGS, "Number of ones in the binary representation of the absolute value of self."},
    {"conjugate", int_conjugate, METH_NOARGS, "Returns self, the complex conjugate of any int."},
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
    .basic_size = sizeof(IntObject),
    .flags = TF_BASETYPE | TF_INT_SUBCLASS,
    .repr = int_repr_slot,
    .hash = int_hash,
    .richcompare = int_richcompare,
    .tp_new = int_tp_new,
    .nb = &int_nb,
    .methods = int_methods,
    .getsets = int_getsets,
    .doc = "int([x]) -> integer\nint(x, base=10) -> integer",
};
