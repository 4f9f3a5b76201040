/*
 * floatobject.c - float (floatobject.h): creation and conversions,
 * arithmetic mixed with int as CPython 3.11's floatobject.c does it
 * (ints converted with correct rounding, OverflowError beyond the double
 * range), exact comparisons with ints, hashing, and the type (slots,
 * methods, float()). Text (repr, parsing, __format__, round) lives in
 * floatstr.c.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "floatobject.h"
#include "exceptions.h"
#include "instance.h"
#include "intimpl.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

/* ------------------------------------------------------------------ */
/* Creation and conversion                                             */
/* ------------------------------------------------------------------ */

Obj *float_from_double(Lang *L, double v)
{
    FloatObject *f = (FloatObject *)obj_alloc(L, L->t_float);
    if (f == NULL)
        return NULL;
    f->value = v;
    return &f->ob;
}

/* A float of type (float or a subclass) with value v. */
static Obj *float_alloc_typed(Lang *L, TypeObject *type, double v)
{
    if (type == L->t_float)
        return float_from_double(L, v);
    Obj *o = instance_alloc(L, type, 0);
    if (o != NULL)
        ((FloatObject *)o)->value = v;
    return o;
}

double float_as_double(Lang *L, Obj *o)
{
    if (float_check(L, o))
        return float_value(o);
    if (int_check(o))
        return int_as_double(L, o);
    TypeObject *tp = TYPE(o);
    if (tp->nb.to_float != NULL) {
        Obj *r = tp->nb.to_float(L, o);
        if (r == NULL)
            return -1.0;
        if (!float_check(L, r)) {
            err_format(L, EXC_TypeError, "%.50s.__float__ returned non-float (type %.50s)",
                       obj_type_name(o), obj_type_name(r));
            obj_decref(L, r);
            return -1.0;
        }
        double v = float_value(r);
        obj_decref(L, r);
        return v;
    }
    if (tp->nb.index != NULL) {
        Obj *i = obj_index(L, o);
        if (i == NULL)
            return -1.0;
        double v = int_as_double(L, i);
        obj_decref(L, i);
        return v;
    }
    err_format(L, EXC_TypeError, "must be real number, not %.50s", obj_type_name(o));
    return -1.0;
}

/* An operand of a float operation as a double: 1 and *out for a float or
 * an int, 0 for anything else (NotImplemented), -1 with an exception (an
 * int too large). CPython's CONVERT_TO_DOUBLE. */
static int operand(Lang *L, Obj *o, double *out)
{
    if (float_check(L, o)) {
        *out = float_value(o);
        return 1;
    }
    if (!int_check(o))
        return 0;
    *out = int_as_double(L, o);
    return *out == -1.0 && err_occurred(L) ? -1 : 1;
}

#define OPERANDS(a, b, x, y)                              \
    do {                                                  \
        int ra_ = operand(L, (a), &(x));                  \
        if (ra_ <= 0)                                     \
            return ra_ < 0 ? NULL : new_not_implemented(L); \
        int rb_ = operand(L, (b), &(y));                  \
        if (rb_ <= 0)                                     \
            return rb_ < 0 ? NULL : new_not_implemented(L); \
    } while (0)

/* ------------------------------------------------------------------ */
/* Arithmetic                                                          */
/* ------------------------------------------------------------------ */

static Obj *float_add(Lang *L, Obj *a, Obj *b)
{
    double x, y;
    OPERANDS(a, b, x, y);
    return float_from_double(L, x + y);
}

static Obj *float_sub(Lang *L, Obj *a, Obj *b)
{
    double x, y;
    OPERANDS(a, b, x, y);
    return float_from_double(L, x - y);
}

static Obj *float_mul(Lang *L, Obj *a, Obj *b)
{
    double x, y;
    OPERANDS(a, b, x, y);
    return float_from_double(L, x * y);
}

static Obj *float_div(Lang *L, Obj *a, Obj *b)
{
    double x, y;
    OPERANDS(a, b, x, y);
    if (y == 0.0)
        return err_format(L, EXC_ZeroDivisionError, "float division by zero");
    return float_from_double(L, x / y);
}

static Obj *float_rem(Lang *L, Obj *a, Obj *b)
{
    double x, y;
    OPERANDS(a, b, x, y);
    if (y == 0.0)
        return err_format(L, EXC_ZeroDivisionError, "float modulo");
    double mod = fmod(x, y);
    if (mod != 0.0) {
        /* the remainder takes the sign of the divisor */
        if ((y < 0) != (mod < 0))
            mod += y;
    } else {
        /* fmod's zero may carry either sign: give it the divisor's. */
        mod = copysign(0.0, y);
    }
    return float_from_double(L, mod);
}

/* CPython's _float_div_mod: floor(x / y) and x mod y, y != 0. */
static void div_mod(double x, double y, double *floordiv, double *mod)
{
    double m = fmod(x, y);
    /* fmod is exact, so x - m is a multiple of y; the division may still
     * round, hence the snap to an integer below. */
    double div = (x - m) / y;
    if (m != 0.0) {
        if ((y < 0) != (m < 0)) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = copysign(0.0, y);
    }
    double fd;
    if (div != 0.0) {
        fd = floor(div);
        if (div - fd > 0.5)
            fd += 1.0;
    } else {
        fd = copysign(0.0, x / y);     /* zero with the true quotient's sign */
    }
    *floordiv = fd;
    *mod = m;
}

static Obj *float_floordiv(Lang *L, Obj *a, Obj *b)
{
    double x, y, q, m;
    OPERANDS(a, b, x, y);
    if (y == 0.0)
        return err_format(L, EXC_ZeroDivisionError, "float floor division by zero");
    div_mod(x, y, &q, &m);
    return float_from_double(L, q);
}

static Obj *float_divmod(Lang *L, Obj *a, Obj *b)
{
    double x, y, q, m;
    OPERANDS(a, b, x, y);
    if (y == 0.0)
        return err_format(L, EXC_ZeroDivisionError, "float divmod()");
    div_mod(x, y, &q, &m);
    Obj *fq = float_from_double(L, q), *fm = fq ? float_from_double(L, m) : NULL;
    Obj *t = fm ? tuple_pack(L, 2, fq, fm) : NULL;
    obj_xdecref(L, fq);
    obj_xdecref(L, fm);
    return t;
}

static int is_odd_integer(double x)
{
    return fmod(fabs(x), 2.0) == 1.0;
}

/* x ** y for doubles, CPython's float_pow: the special cases of C99's pow
 * sorted out first, then libm's pow with range errors reported. */
static Obj *pow_doubles(Lang *L, double x, double y)
{
    int negate = 0;
    if (y == 0.0)
        return float_from_double(L, 1.0);          /* even 0**0 and nan**0 */
    if (isnan(x))
        return float_from_double(L, x);
    if (isnan(y))
        return float_from_double(L, x == 1.0 ? 1.0 : y);
    if (isinf(y)) {
        double ax = fabs(x);
        if (ax == 1.0)
            return float_from_double(L, 1.0);
        if ((y > 0.0) == (ax > 1.0))
            return float_from_double(L, fabs(y));
        return float_from_double(L, 0.0);
    }
    if (isinf(x)) {
        int odd = is_odd_integer(y);
        if (y > 0.0)
            return float_from_double(L, odd ? x : fabs(x));
        return float_from_double(L, odd ? copysign(0.0, x) : 0.0);
    }
    if (x == 0.0) {
        if (y < 0.0)
            return err_format(L, EXC_ZeroDivisionError, "0.0 cannot be raised to a negative power");
        return float_from_double(L, is_odd_integer(y) ? x : 0.0);
    }
    if (x < 0.0) {
        if (y != floor(y))
            /* CPython returns a complex here; ouro has none. */
            return err_format(L, EXC_ValueError,
                              "negative number cannot be raised to a fractional power");
        x = -x;
        negate = is_odd_integer(y);
    }
    if (x == 1.0)
        return float_from_double(L, negate ? -1.0 : 1.0);
    errno = 0;
    double r = pow(x, y);
    /* _Py_ADJUST_ERANGE1: overflow is an error, underflow is not. */
    if (errno == 0 && (r == HUGE_VAL || r == -HUGE_VAL))
        errno = ERANGE;
    else if (errno == ERANGE && r == 0.0)
        errno = 0;
    if (negate)
        r = -r;
    if (errno != 0) {
        int kind = errno == ERANGE ? EXC_OverflowError : EXC_ValueError;
        Obj *code = int_from_i64(L, errno);
        Obj *msg = str_from_cstr(L, strerror(errno));
        Obj *exc = code && msg ? obj_call2(L, &L->exc_types[kind]->ob, code, msg) : NULL;
        obj_xdecref(L, code);
        obj_xdecref(L, msg);
        if (exc != NULL) {
            err_set_object(L, exc);
            obj_decref(L, exc);
        }
        return NULL;
    }
    return float_from_double(L, r);
}

static Obj *float_pow3(Lang *L, Obj *a, Obj *b, Obj *m)
{
    if (m != L->none)
        return err_format(L, EXC_TypeError,
                          "pow() 3rd argument not allowed unless all arguments are integers");
    double x, y;
    OPERANDS(a, b, x, y);
    return pow_doubles(L, x, y);
}

static Obj *float_pow(Lang *L, Obj *a, Obj *b)
{
    return float_pow3(L, a, b, L->none);
}

static Obj *float_neg(Lang *L, Obj *a)
{
    return float_from_double(L, -float_value(a));
}

static Obj *float_pos(Lang *L, Obj *a)
{
    if (float_check_exact(L, a))
        return obj_newref(a);
    return float_from_double(L, float_value(a));
}

static Obj *float_abs(Lang *L, Obj *a)
{
    return float_from_double(L, fabs(float_value(a)));
}

static int float_bool(Lang *L, Obj *a)
{
    (void)L;
    return float_value(a) != 0.0;
}

static Obj *float_trunc(Lang *L, Obj *a)
{
    return int_from_double(L, float_value(a));
}

static Obj *float_float(Lang *L, Obj *a)
{
    return float_pos(L, a);
}

/* ------------------------------------------------------------------ */
/* Comparison and hash                                                 */
/* ------------------------------------------------------------------ */

static int compare_doubles(double i, double j, int op)
{
    switch (op) {
    case CMP_EQ: return i == j;
    case CMP_NE: return i != j;
    case CMP_LE: return i <= j;
    case CMP_GE: return i >= j;
    case CMP_LT: return i < j;
    default: return i > j;
    }
}

/* v op w for a finite double v and an int w, exactly (CPython's
 * float_richcompare): 0/1, -1 with MemoryError. */
static int compare_with_int(Lang *L, double v, Obj *w, int op)
{
    int vsign = v == 0.0 ? 0 : v < 0.0 ? -1 : 1, wsign = int_sign(w);
    if (vsign != wsign)
        return compare_doubles((double)vsign, (double)wsign, op);
    uint64_t nbits = int_bit_length(w);
    if (nbits > DBL_MAX_EXP)
        /* |w| exceeds every finite double. */
        return compare_doubles((double)vsign, wsign * 2.0, op);
    if (nbits <= 48)
        return compare_doubles(v, int_as_double(L, w), op);
    int exponent;
    (void)frexp(v, &exponent);
    if (exponent < 0 || (uint64_t)exponent < nbits)
        return compare_doubles(0.0, v, op);
    if ((uint64_t)exponent > nbits)
        return compare_doubles(v, 0.0, op);
    /* Same number of bits before the point: compare the integer part of
     * v with w, adjusting op for a fractional part. */
    double intpart, frac = modf(v, &intpart);
    if (frac != 0.0) {
        switch (op) {
        case CMP_EQ: return 0;
        case CMP_NE: return 1;
        case CMP_LT: case CMP_LE: op = vsign > 0 ? CMP_LT : CMP_LE; break;
        default: op = vsign > 0 ? CMP_GE : CMP_GT; break;
        }
    }
    Obj *vv = int_from_double(L, intpart);
    if (vv == NULL)
        return -1;
    int c = int_compare(vv, w);
    obj_decref(L, vv);
    return compare_doubles((double)c, 0.0, op);
}

static Obj *float_richcompare(Lang *L, Obj *a, Obj *b, int op)
{
    double i = float_value(a), j;
    if (float_check(L, b)) {
        j = float_value(b);
    } else if (int_check(b)) {
        if (!isfinite(i))
            /* inf beats any int; nan compares false (or != true). */
            return new_bool(L, compare_doubles(i, 0.0, op));
        int r = compare_with_int(L, i, b, op);
        return r < 0 ? NULL : new_bool(L, r);
    } else {
        return new_not_implemented(L);
    }
    return new_bool(L, compare_doubles(i, j, op));
}

#define HASH_BITS 61
#define HASH_MODULUS (((uint64_t)1 << HASH_BITS) - 1)
#define HASH_INF 314159

intptr_t float_hash_double(Obj *inst, double v)
{
    if (!isfinite(v)) {
        if (isinf(v))
            return v > 0 ? HASH_INF : -HASH_INF;
        uintptr_t p = (uintptr_t)inst;
        intptr_t h = (intptr_t)((p >> 4) | (p << (8 * sizeof(void *) - 4)));
        return h == -1 ? -2 : h;
    }
    int e, sign = 1;
    double m = frexp(v, &e);
    if (m < 0) {
        sign = -1;
        m = -m;
    }
    /* 28 bits at a time: x = m * 2**e modulo 2**61 - 1. */
    uint64_t x = 0;
    while (m != 0.0) {
        x = ((x << 28) & HASH_MODULUS) | x >> (HASH_BITS - 28);
        m *= 268435456.0;
        e -= 28;
        uint64_t y = (uint64_t)m;
        m -= (double)y;
        x += y;
        if (x >= HASH_MODULUS)
            x -= HASH_MODULUS;
    }
    e = e >= 0 ? e % HASH_BITS : HASH_BITS - 1 - ((-1 - e) % HASH_BITS);
    x = ((x << e) & HASH_MODULUS) | x >> (HASH_BITS - e);
    x = x * (uint64_t)(int64_t)sign;
    if (x == (uint64_t)-1)
        x = (uint64_t)-2;
    return (intptr_t)x;
}

static intptr_t float_hash(Lang *L, Obj *self)
{
    (void)L;
    return float_hash_double(self, float_value(self));
}

static const NumberSlots float_nb = {
    .binary = {
        [NB_ADD] = float_add,
        [NB_SUBTRACT] = float_sub,
        [NB_MULTIPLY] = float_mul,
        [NB_TRUE_DIVIDE] = float_div,
        [NB_FLOOR_DIVIDE] = float_floordiv,
        [NB_REMAINDER] = float_rem,
        [NB_POWER] = float_pow,
        [NB_DIVMOD] = float_divmod,
    },
    .power3 = float_pow3,
    .negative = float_neg,
    .positive = float_pos,
    .absolute = float_abs,
    .to_bool = float_bool,
    .to_int = float_trunc,
    .to_float = float_float,
};

/* ------------------------------------------------------------------ */
/* float(x)                                                            */
/* ------------------------------------------------------------------ */

/* CPython's PyNumber_Float for a non-str x. */
static Obj *number_float(Lang *L, Obj *x)
{
    if (float_check_exact(L, x))
        return obj_newref(x);
    TypeObject *tp = TYPE(x);
    if (tp->nb.to_float != NULL) {
        Obj *r = tp->nb.to_float(L, x);
        if (r == NULL || float_check_exact(L, r))
            return r;
        if (!float_check(L, r)) {
            err_format(L, EXC_TypeError, "%.50s.__float__ returned non-float (type %.50s)",
                       obj_type_name(x), obj_type_name(r));
            obj_decref(L, r);
            return NULL;
        }
        double v = float_value(r);
        obj_decref(L, r);
        return float_from_double(L, v);
    }
    if (tp->nb.index != NULL) {
        Obj *i = obj_index(L, x);
        if (i == NULL)
            return NULL;
        double v = int_as_double(L, i);
        obj_decref(L, i);
        if (v == -1.0 && err_occurred(L))
            return NULL;
        return float_from_double(L, v);
    }
    if (float_check(L, x))
        return float_from_double(L, float_value(x));
    if (str_check(x))
        return float_from_string(L, x);
    return err_format(L, EXC_TypeError, "float() argument must be a string or a real number, not '%.200s'",
                      obj_type_name(x));
}

static Obj *float_tp_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames)
{
    if (kwnames != NULL && tuple_size(kwnames) > 0 && type == L->t_float)
        return err_format(L, EXC_TypeError, "float() takes no keyword arguments");
    if (nargs > 1)
        return err_format(L, EXC_TypeError, "float expected at most 1 argument, got %zu", nargs);
    Obj *r;
    if (nargs == 0)
        r = float_from_double(L, 0.0);
    else if (str_check_exact(L, args[0]))
        r = float_from_string(L, args[0]);
    else
        r = number_float(L, args[0]);
    if (r == NULL || type == L->t_float)
        return r;
    Obj *sub = float_alloc_typed(L, type, float_value(r));
    obj_decref(L, r);
    return sub;
}

/* ------------------------------------------------------------------ */
/* Methods and attributes                                              */
/* ------------------------------------------------------------------ */

#define NOARGS (void)args; (void)nargs; (void)kwnames

static Obj *float_conjugate(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    NOARGS;
    return float_pos(L, self);
}

static Obj *float_trunc_meth(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    NOARGS;
    return float_trunc(L, self);
}

static Obj *float_floor_meth(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    NOARGS;
    return int_from_double(L, floor(float_value(self)));
}

static Obj *float_ceil_meth(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    NOARGS;
    return int_from_double(L, ceil(float_value(self)));
}

static Obj *float_is_integer(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    NOARGS;
    double x = float_value(self);
    return new_bool(L, isfinite(x) && floor(x) == x);
}

/* CPython's float_as_integer_ratio. */
static Obj *float_as_integer_ratio(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    NOARGS;
    double x = float_value(self);
    if (isinf(x))
        return err_format(L, EXC_OverflowError, "cannot convert Infinity to integer ratio");
    if (isnan(x))
        return err_format(L, EXC_ValueError, "cannot convert NaN to integer ratio");
    int exponent;
    double part = frexp(x, &exponent);
    for (int i = 0; i < 300 && part != floor(part); i++) {
        part *= 2.0;
        exponent--;
    }
    Obj *num = int_from_double(L, part), *den = int_from_i64(L, 1), *t = NULL;
    if (num == NULL || den == NULL)
        goto done;
    Obj **which = exponent > 0 ? &num : &den;
    Obj *shifted = int_shift_left(L, *which, (uint64_t)(exponent > 0 ? exponent : -exponent));
    if (shifted == NULL)
        goto done;
    obj_setref(L, which, shifted);
    t = tuple_pack(L, 2, num, den);
done:
    obj_xdecref(L, num);
    obj_xdecref(L, den);
    return t;
}

/* round(x) to an int, halves to even; round(x, n) to a float. */
static Obj *float_round(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)kwnames;
    double x = float_value(self);
    if (nargs > 1)
        return err_format(L, EXC_TypeError, "__round__ expected at most 1 argument, got %zu", nargs);
    if (nargs == 0 || args[0] == L->none) {
        double r = round(x);
        if (fabs(x - r) == 0.5)
            r = 2.0 * round(x / 2.0);
        return int_from_double(L, r);
    }
    intptr_t nd = obj_as_ssize(L, args[0], -1);
    if (nd == -1 && err_occurred(L))
        return NULL;
    return float_round_digits(L, x, nd);
}

static Obj *float_getnewargs(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    NOARGS;
    Obj *v = float_from_double(L, float_value(self));
    if (v == NULL)
        return NULL;
    Obj *t = tuple_pack(L, 1, v);
    obj_decref(L, v);
    return t;
}

static Obj *float_format_meth(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)nargs;
    (void)kwnames;
    if (!str_check(args[0]))
        return err_format(L, EXC_TypeError, "__format__() argument must be str, not %.200s",
                          obj_type_name(args[0]));
    return float_format(L, self, args[0]);
}

/* float.hex(): "0x1.8000000000000p+0", CPython's float_hex. */
static Obj *float_hex(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    NOARGS;
    double x = float_value(self);
    if (isnan(x) || isinf(x))
        return float_repr(L, self);
    if (x == 0.0)
        return str_from_cstr(L, copysign(1.0, x) == -1.0 ? "-0x0.0p+0" : "0x0.0p+0");
    int e;
    double m = frexp(fabs(x), &e);
    int shift = 1 - (e > DBL_MIN_EXP ? 0 : DBL_MIN_EXP - e);
    m = ldexp(m, shift);
    e -= shift;
    char buf[64];
    size_t n = 0;
    if (x < 0)
        buf[n++] = '-';
    buf[n++] = '0';
    buf[n++] = 'x';
    buf[n++] = "0123456789abcdef"[(int)m];
    m -= (int)m;
    buf[n++] = '.';
    for (int i = 0; i < (DBL_MANT_DIG - 2) / 4 + 1; i++) {
        m *= 16.0;
        buf[n++] = "0123456789abcdef"[(int)m];
        m -= (int)m;
    }
    snprintf(buf + n, sizeof buf - n, "p%+d", e);
    return str_from_cstr(L, buf);
}

static Obj *get_real(Lang *L, Obj *self)
{
    return float_pos(L, self);
}

static Obj *get_imag(Lang *L, Obj *self)
{
    (void)self;
    return float_from_double(L, 0.0);
}

static const MethodDef float_methods[] = {
    {"conjugate", float_conjugate, METH_NOARGS, "Return self, the complex conjugate of any float."},
    {"__trunc__", float_trunc_meth, METH_NOARGS, "Return the Integral closest to x between 0 and x."},
    {"__floor__", float_floor_meth, METH_NOARGS, "Return the floor as an Integral."},
    {"__ceil__", float_ceil_meth, METH_NOARGS, "Return the ceiling as an Integral."},
    {"__round__", float_round, 0, "Return the Integral closest to x, rounding half toward even.\n\n"
                                  "When an argument is passed, work like built-in round(x, ndigits)."},
    {"as_integer_ratio", float_as_integer_ratio, METH_NOARGS, "Return integer ratio."},
    {"is_integer", float_is_integer, METH_NOARGS, "Return True if the float is an integer."},
    {"hex", float_hex, METH_NOARGS, "Return a hexadecimal representation of a floating-point number."},
    {"__getnewargs__", float_getnewargs, METH_NOARGS, NULL},
    {"__format__", float_format_meth, METH_O, "Formats the float according to format_spec."},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef float_getsets[] = {
    {"real", get_real, NULL, "the real part of a complex number"},
    {"imag", get_imag, NULL, "the imaginary part of a complex number"},
    {NULL, NULL, NULL, NULL},
};

static Obj *float_repr_slot(Lang *L, Obj *self)
{
    return float_repr(L, self);
}

const TypeSpec float_spec = {
    .name = "float",
    .basic_size = sizeof(FloatObject),
    .flags = TF_BASETYPE,
    .repr = float_repr_slot,
    .hash = float_hash,
    .richcompare = float_richcompare,
    .tp_new = float_tp_new,
    .nb = &float_nb,
    .methods = float_methods,
    .getsets = float_getsets,
    .doc = "Convert a string or number to a floating point number, if possible.",
};
