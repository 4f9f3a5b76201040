/*
 * intmuldiv.c - multiplication, division and powers of ints
 * (intobject.h): the operations that work on magnitudes (Mag, intimpl.h)
 * rather than on the two's complement words, each after the machine-word
 * fast path. Floor division and modulo take Python's signs; true division
 * is correctly rounded (CPython's long_true_divide); powers square and
 * multiply, shift for powers of two, and with a modulus reduce at every
 * step (negative exponents through the modular inverse).
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "intimpl.h"
#include "exceptions.h"
#include "floatobject.h"
#include "tupleobject.h"

/* ------------------------------------------------------------------ */
/* Multiplication and division                                         */
/* ------------------------------------------------------------------ */

/* The product of two magnitudes as an int of the given sign. */
static Obj *mul_mags(Lang *L, const Mag *x, const Mag *y, int neg)
{
    if (x->n == 0 || y->n == 0)
        return int_from_i64(L, 0);
    size_t n = x->n + y->n;
    size_t ns = bn_mul_scratch(x->n, y->n);
    Buf buf;
    bn_word *r = int_buf_get(L, &buf, n + ns);
    if (r == NULL)
        return NULL;
    bn_mul(r, x->d, x->n, y->d, y->n, r + n);
    Obj *res = int_from_mag(L, neg, r, n);
    buf_free(L, &buf);
    return res;
}

Obj *int_mul(Lang *L, Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    if (int_is_word(a) && int_is_word(b)) {
        int64_t x = int_word(a), y = int_word(b), r;
        if (!__builtin_mul_overflow(x, y, &r))
            return int_from_i64(L, r);
        uint64_t ux = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
        uint64_t uy = y < 0 ? (uint64_t)0 - (uint64_t)y : (uint64_t)y;
        bn_dword p = (bn_dword)ux * uy;
        bn_word d[2] = {(bn_word)p, (bn_word)(p >> 64)};
        return int_from_mag(L, (x < 0) != (y < 0), d, 2);
    }
    Mag x, y;
    if (int_mag_get(L, a, &x) < 0)
        return NULL;
    Obj *res = NULL;
    if (int_mag_get(L, b, &y) == 0) {
        res = mul_mags(L, &x, &y, x.neg != y.neg);
        mag_free(L, &y);
    }
    mag_free(L, &x);
    return res;
}

/* Floor division of magnitudes with signs: *q = floor(a / b) and
 * *r = a - q*b (r has b's sign), either pointer may be NULL. b != 0. */
static int divmod_mags(Lang *L, const Mag *a, const Mag *b, Obj **q, Obj **r)
{
    size_t na = a->n, nb = b->n;
    size_t nq = na >= nb ? na - nb + 2 : 1;      /* room for the floor's +1 */
    Buf buf;
    bn_word *qd = int_buf_get(L, &buf, nq + nb + bn_divmod_scratch(na, nb));
    if (qd == NULL)
        return -1;
    bn_word *rd = qd + nq, *scratch = rd + nb;
    if (na >= nb)
        bn_divmod(qd, rd, a->d, na, b->d, nb, scratch);
    else
        memcpy(rd, a->d, na * sizeof(bn_word));
    /* Truncated to floored: with different signs and a remainder, the
     * quotient's magnitude grows by one and the remainder becomes
     * |b| - R. */
    int neg_q = a->neg != b->neg;
    if (neg_q && bn_norm(rd, nb) != 0) {
        bn_word one = 1;
        bn_add(qd, qd, nq, &one, 1);
        bn_sub(rd, b->d, nb, rd, nb);
    }
    int rc = 0;
    if (q != NULL && (*q = int_from_mag(L, neg_q, qd, nq)) == NULL)
        rc = -1;
    if (rc == 0 && r != NULL && (*r = int_from_mag(L, b->neg, rd, nb)) == NULL) {
        rc = -1;
        if (q != NULL)
            obj_clearref(L, q);
    }
    buf_free(L, &buf);
    return rc;
}

/* Python's floor division of words (y != 0, not INT64_MIN / -1). */
static void divmod_words(int64_t x, int64_t y, int64_t *q, int64_t *m)
{
    int64_t qq = x / y, mm = x % y;
    if (mm != 0 && ((mm < 0) != (y < 0))) {
        mm += y;
        qq -= 1;
    }
    *q = qq;
    *m = mm;
}

/* floor(a / b) and a mod b into *q / *r (either may be NULL). -1 with
 * ZeroDivisionError(zmsg) or MemoryError. */
static int divmod_ints(Lang *L, Obj *a, Obj *b, Obj **q, Obj **r, const char *zmsg)
{
    if (int_sign(b) == 0) {
        err_format(L, EXC_ZeroDivisionError, "%s", zmsg);
        return -1;
    }
    if (int_is_word(a) && int_is_word(b) && !(int_word(a) == INT64_MIN && int_word(b) == -1)) {
        int64_t qq, mm;
        divmod_words(int_word(a), int_word(b), &qq, &mm);
        if (q != NULL && (*q = int_from_i64(L, qq)) == NULL)
            return -1;
        if (r != NULL && (*r = int_from_i64(L, mm)) == NULL) {
            if (q != NULL)
                obj_clearref(L, q);
            return -1;
        }
        return 0;
    }
    Mag x, y;
    if (int_mag_get(L, a, &x) < 0)
        return -1;
    int rc = -1;
    if (int_mag_get(L, b, &y) == 0) {
        rc = divmod_mags(L, &x, &y, q, r);
        mag_free(L, &y);
    }
    mag_free(L, &x);
    return rc;
}

Obj *int_floordiv(Lang *L, Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    Obj *q;
    if (divmod_ints(L, a, b, &q, NULL, "integer division or modulo by zero") < 0)
        return NULL;
    return q;
}

Obj *int_mod(Lang *L, Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    Obj *r;
    if (divmod_ints(L, a, b, NULL, &r, "integer modulo by zero") < 0)
        return NULL;
    return r;
}

int int_divmod(Lang *L, Obj *a, Obj *b, Obj **q, Obj **r)
{
    return divmod_ints(L, a, b, q, r, "integer division or modulo by zero");
}

Obj *int_divmod_tuple(Lang *L, Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    Obj *q, *r;
    if (int_divmod(L, a, b, &q, &r) < 0)
        return NULL;
    Obj *t = tuple_pack(L, 2, q, r);
    obj_decref(L, q);
    obj_decref(L, r);
    return t;
}

/* a / b for b != 0 and not both within 2**53: CPython's correctly rounded
 * algorithm (long_true_divide). Magnitudes; the caller applies the sign. */
static int true_divide_mags(Lang *L, const Mag *a, const Mag *b, double *out, int *overflow)
{
    *overflow = 0;
    int64_t diff = (int64_t)bn_bit_length(a->d, a->n) - (int64_t)bn_bit_length(b->d, b->n);
    if (diff > DBL_MAX_EXP) {
        *overflow = 1;
        return 0;
    }
    if (diff < DBL_MIN_EXP - DBL_MANT_DIG - 1) {
        *out = 0.0;
        return 0;
    }
    /* Shift a so that the quotient has DBL_MANT_DIG + 2 or + 3 bits. */
    int64_t shift = (diff > DBL_MIN_EXP ? diff : DBL_MIN_EXP) - DBL_MANT_DIG - 2;
    size_t nx = a->n + (shift < 0 ? (size_t)(-shift) / 64 + 1 : 0);
    size_t nq = nx >= b->n ? nx - b->n + 1 : 1;
    Buf buf;
    bn_word *x = int_buf_get(L, &buf, nx + nq + b->n + bn_divmod_scratch(nx, b->n));
    if (x == NULL)
        return -1;
    bn_word *q = x + nx, *rem = q + nq, *scratch = rem + b->n;
    int inexact = 0;
    if (shift <= 0) {
        size_t ws = (size_t)(-shift) / 64;
        memcpy(x + ws, a->d, a->n * sizeof(bn_word));
        bn_shl(x + ws, x + ws, nx - ws, (unsigned)((-shift) % 64));
    } else {
        size_t ws = (size_t)shift / 64;
        for (size_t i = 0; i < ws && i < a->n; i++)
            inexact |= a->d[i] != 0;
        if (ws < a->n) {
            memcpy(x, a->d + ws, (a->n - ws) * sizeof(bn_word));
            inexact |= bn_shr(x, x, a->n - ws, (unsigned)(shift % 64)) != 0;
        }
    }
    nx = bn_norm(x, nx);
    if (nx >= b->n) {
        bn_divmod(q, rem, x, nx, b->d, b->n, scratch);
        inexact |= bn_norm(rem, b->n) != 0;
    } else {
        inexact |= nx != 0;                  /* q stays 0 */
    }
    /* The quotient fits in one word: at most DBL_MANT_DIG + 3 bits. */
    uint64_t qw = q[0];
    int64_t x_bits = qw == 0 ? 0 : 64 - __builtin_clzll(qw);
    int64_t extra = (x_bits > DBL_MIN_EXP - shift ? x_bits : DBL_MIN_EXP - shift) - DBL_MANT_DIG;
    uint64_t mask = (uint64_t)1 << (extra - 1);
    uint64_t low = qw | (uint64_t)inexact;
    if ((low & mask) && (low & (3 * mask - 1)))
        low += mask;
    qw = low & ~(2 * mask - 1);
    double dx = (double)qw;
    if (shift + x_bits >= DBL_MAX_EXP &&
        (shift + x_bits > DBL_MAX_EXP || dx == ldexp(1.0, (int)x_bits))) {
        *overflow = 1;
    } else {
        *out = ldexp(dx, (int)shift);
    }
    buf_free(L, &buf);
    return 0;
}

Obj *int_truediv(Lang *L, Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    if (int_sign(b) == 0)
        return err_format(L, EXC_ZeroDivisionError, "division by zero");
    const int64_t limit = (int64_t)1 << DBL_MANT_DIG;
    if (int_is_word(a) && int_is_word(b) && int_word(a) <= limit && int_word(a) >= -limit &&
        int_word(b) <= limit && int_word(b) >= -limit)
        return float_from_double(L, (double)int_word(a) / (double)int_word(b));
    int neg = int_is_negative(a) != int_is_negative(b);
    if (int_sign(a) == 0)
        return float_from_double(L, neg ? -0.0 : 0.0);
    Mag x, y;
    if (int_mag_get(L, a, &x) < 0)
        return NULL;
    Obj *res = NULL;
    if (int_mag_get(L, b, &y) == 0) {
        double d = 0.0;
        int overflow;
        if (true_divide_mags(L, &x, &y, &d, &overflow) == 0) {
            if (overflow)
                err_format(L, EXC_OverflowError, "integer division result too large for a float");
            else
                res = float_from_double(L, neg ? -d : d);
        }
        mag_free(L, &y);
    }
    mag_free(L, &x);
    return res;
}

/* ------------------------------------------------------------------ */
/* Powers                                                              */
/* ------------------------------------------------------------------ */

/* base ** exp for a magnitude base and a machine-word exponent, by
 * squaring from the top bit. Result as an int of the given sign. */
static Obj *pow_mag(Lang *L, const Mag *base, uint64_t exp, int neg)
{
    if (exp == 0)
        return int_from_i64(L, 1);
    if (base->n == 0)
        return int_from_i64(L, 0);
    uint64_t bits = bn_bit_length(base->d, base->n);
    /* The result has at most bits*exp bits: refuse what cannot exist. */
    if ((bn_dword)bits * exp > (bn_dword)INT_MAX_WORDS * 64)
        return err_no_memory(L);
    size_t cap = (size_t)((bits * exp) / 64 + 2);
    size_t scratch = bn_mul_scratch(cap, cap);
    Buf buf;
    bn_word *acc = int_buf_get(L, &buf, 2 * cap + scratch);
    if (acc == NULL)
        return NULL;
    bn_word *tmp = acc + cap, *sc = tmp + cap;
    memcpy(acc, base->d, base->n * sizeof(bn_word));
    size_t n = base->n;
    for (int i = 62 - __builtin_clzll(exp); i >= 0; i--) {
        bn_mul(tmp, acc, n, acc, n, sc);
        n = bn_norm(tmp, 2 * n);
        memcpy(acc, tmp, n * sizeof(bn_word));
        if ((exp >> i) & 1) {
            bn_mul(tmp, acc, n, base->d, base->n, sc);
            n = bn_norm(tmp, n + base->n);
            memcpy(acc, tmp, n * sizeof(bn_word));
        }
    }
    Obj *res = int_from_mag(L, neg, acc, n);
    buf_free(L, &buf);
    return res;
}

static int mag_is_power_of_two(const Mag *m)
{
    return m->n > 0 && (m->d[m->n - 1] & (m->d[m->n - 1] - 1)) == 0 && bn_norm(m->d, m->n - 1) == 0;
}

/* (+-2**k) ** exp as a shift. */
static Obj *pow_of_two(Lang *L, uint64_t k, uint64_t exp, int neg)
{
    if (k != 0 && exp > UINT64_MAX / k)
        return err_no_memory(L);
    Obj *one = int_from_i64(L, neg ? -1 : 1);
    if (one == NULL)
        return NULL;
    Obj *r = int_shift_left(L, one, k * exp);
    obj_decref(L, one);
    return r;
}

/* (x * y) mod m for an int x, y in [0, m). */
static Obj *mulmod(Lang *L, Obj *x, Obj *y, Obj *m)
{
    Obj *p = int_mul(L, x, y);
    if (p == NULL)
        return NULL;
    Obj *r = int_mod(L, p, m);
    obj_decref(L, p);
    return r;
}

/* base ** exp % m for word-sized m > 1, base in [0, m), exp >= 0. */
static Obj *powmod_word(Lang *L, uint64_t base, Obj *exp, uint64_t m)
{
    uint64_t r = 1 % m;
    size_t n = int_nwords(exp);
    const bn_word *e = int_words(exp);
    for (size_t i = n; i-- > 0;) {
        for (int bit = 63; bit >= 0; bit--) {
            r = (uint64_t)((bn_dword)r * r % m);
            if ((e[i] >> bit) & 1)
                r = (uint64_t)((bn_dword)r * base % m);
        }
    }
    return int_from_u64(L, r);
}

/* base ** exp % m for m > 1, base in [0, m), exp >= 0 (ints). */
static Obj *powmod(Lang *L, Obj *base, Obj *exp, Obj *m)
{
    if (int_is_word(m))
        return powmod_word(L, (uint64_t)int_word(base), exp, (uint64_t)int_word(m));
    Obj *r = int_from_i64(L, 1);
    uint64_t nbits = int_bit_length(exp);
    const bn_word *e = int_words(exp);
    for (uint64_t i = nbits; r != NULL && i-- > 0;) {
        Obj *sq = mulmod(L, r, r, m);
        obj_decref(L, r);
        r = sq;
        if (r != NULL && (e[i / 64] >> (i % 64)) & 1) {
            Obj *t = mulmod(L, r, base, m);
            obj_decref(L, r);
            r = t;
        }
    }
    return r;
}

/* The inverse of a modulo n (n > 1), CPython's long_invmod: ValueError
 * "base is not invertible for the given modulus" when gcd(a, n) != 1. */
static Obj *invmod(Lang *L, Obj *a, Obj *n)
{
    Obj *b = int_from_i64(L, 1), *c = int_from_i64(L, 0);
    Obj *x = obj_newref(a), *y = obj_newref(n), *res = NULL;
    if (b == NULL || c == NULL)
        goto done;
    while (int_sign(y) != 0) {
        Obj *q, *r;
        if (int_divmod(L, x, y, &q, &r) < 0)
            goto done;
        obj_setref(L, &x, y);
        y = r;
        Obj *qc = int_mul(L, q, c);
        obj_decref(L, q);
        if (qc == NULL)
            goto done;
        Obj *t = int_sub(L, b, qc);
        obj_decref(L, qc);
        if (t == NULL)
            goto done;
        obj_setref(L, &b, c);
        c = t;
    }
    if (!(int_is_word(x) && int_word(x) == 1)) {
        err_format(L, EXC_ValueError, "base is not invertible for the given modulus");
        goto done;
    }
    res = int_mod(L, b, n);
done:
    obj_xdecref(L, b);
    obj_xdecref(L, c);
    obj_decref(L, x);
    obj_decref(L, y);
    return res;
}

/* pow(a, b, m) for ints with m != None (CPython's long_pow with c). */
static Obj *pow_modular(Lang *L, Obj *a, Obj *b, Obj *m)
{
    if (int_sign(m) == 0)
        return err_format(L, EXC_ValueError, "pow() 3rd argument cannot be 0");
    int negative_output = int_is_negative(m);
    Obj *mod = NULL, *base = NULL, *exp = NULL, *r = NULL;
    if ((mod = negative_output ? int_neg(L, m) : int_exact_copy(L, m)) == NULL)
        goto done;
    if (int_is_word(mod) && int_word(mod) == 1) {
        r = int_from_i64(L, 0);
        goto done;
    }
    if ((base = int_mod(L, a, mod)) == NULL)
        goto done;
    if (int_is_negative(b)) {
        Obj *inv = invmod(L, base, mod);
        if (inv == NULL)
            goto done;
        obj_setref(L, &base, inv);
        exp = int_neg(L, b);
    } else {
        exp = int_exact_copy(L, b);
    }
    if (exp == NULL || (r = powmod(L, base, exp, mod)) == NULL)
        goto done;
    if (negative_output && int_sign(r) != 0) {
        Obj *t = int_sub(L, r, mod);
        obj_setref(L, &r, t);
    }
done:
    obj_xdecref(L, mod);
    obj_xdecref(L, base);
    obj_xdecref(L, exp);
    return r;
}

Obj *int_pow(Lang *L, Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    if (int_is_negative(b))
        return L->t_float->nb.power3(L, a, b, L->none);   /* a float result */
    if (int_is_word(a) && int_is_word(b)) {
        /* Small results without magnitudes. */
        int64_t x = int_word(a), r = 1;
        uint64_t e = (uint64_t)int_word(b);
        int ok = 1;
        while (e > 0 && ok) {
            if (e & 1)
                ok = !__builtin_mul_overflow(r, x, &r);
            e >>= 1;
            if (e > 0 && ok)
                ok = !__builtin_mul_overflow(x, x, &x);
        }
        if (ok)
            return int_from_i64(L, r);
    }
    Mag x;
    if (int_mag_get(L, a, &x) < 0)
        return NULL;
    Obj *res;
    int odd = (int_words(b)[0] & 1) != 0, neg = x.neg && odd;
    if (x.n == 0 || (x.n == 1 && x.d[0] == 1))
        /* 0, 1 and -1 to any power, even one beyond a machine word. */
        res = int_from_i64(L, x.n == 0 ? 0 : (neg ? -1 : 1));
    else if (!int_is_word(b))
        res = err_no_memory(L);          /* at least 2**(2**63) */
    else if (mag_is_power_of_two(&x))
        res = pow_of_two(L, bn_bit_length(x.d, x.n) - 1, (uint64_t)int_word(b), neg);
    else
        res = pow_mag(L, &x, (uint64_t)int_word(b), neg);
    mag_free(L, &x);
    return res;
}

Obj *int_pow3(Lang *L, Obj *a, Obj *b, Obj *m)
{
    if (m == L->none)
        return int_pow(L, a, b);
    if (!int_check(a) || !int_check(b) || !int_check(m))
        return new_not_implemented(L);
    return pow_modular(L, a, b, m);
}

