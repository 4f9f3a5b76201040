/*
 * bignum.c - natural-number arithmetic on 64-bit words (bignum.h):
 * addition, subtraction, multiplication (schoolbook, then Karatsuba from
 * BN_KARATSUBA_CUTOFF words), long division (Knuth's algorithm D), shifts
 * and the residue modulo 2**61 - 1 that int's hash needs.
 *
 * Every loop runs over caller-owned memory; nothing allocates.
 */
#include <assert.h>
#include <string.h>

#include "bignum.h"

int bn_cmp(const bn_word *a, size_t na, const bn_word *b, size_t nb)
{
    if (na != nb)
        return na < nb ? -1 : 1;
    for (size_t i = na; i-- > 0;) {
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    }
    return 0;
}

bn_word bn_add(bn_word *r, const bn_word *a, size_t na, const bn_word *b, size_t nb)
{
    assert(na >= nb);
    bn_word carry = 0;
    size_t i = 0;
    for (; i < nb; i++) {
        bn_word s = a[i] + carry;
        carry = s < carry;
        s += b[i];
        carry += s < b[i];
        r[i] = s;
    }
    for (; i < na; i++) {
        bn_word s = a[i] + carry;
        carry = s < carry;
        r[i] = s;
    }
    return carry;
}

bn_word bn_sub(bn_word *r, const bn_word *a, size_t na, const bn_word *b, size_t nb)
{
    assert(na >= nb);
    bn_word borrow = 0;
    size_t i = 0;
    for (; i < nb; i++) {
        bn_word x = a[i], y = b[i];
        bn_word d = x - y;
        bn_word b1 = x < y;
        bn_word d2 = d - borrow;
        borrow = b1 | (d < borrow);
        r[i] = d2;
    }
    for (; i < na; i++) {
        bn_word x = a[i];
        r[i] = x - borrow;
        borrow = x < borrow;
    }
    return borrow;
}

bn_word bn_mul_1(bn_word *r, const bn_word *a, size_t n, bn_word m, bn_word add)
{
    bn_word carry = add;
    for (size_t i = 0; i < n; i++) {
        bn_dword p = (bn_dword)a[i] * m + carry;
        r[i] = (bn_word)p;
        carry = (bn_word)(p >> BN_BITS);
    }
    return carry;
}

bn_word bn_addmul_1(bn_word *r, const bn_word *a, size_t n, bn_word m)
{
    bn_word carry = 0;
    for (size_t i = 0; i < n; i++) {
        /* a*m + r + carry < 2**128: (2**64-1)**2 + 2*(2**64-1) == 2**128-1 */
        bn_dword p = (bn_dword)a[i] * m + r[i] + carry;
        r[i] = (bn_word)p;
        carry = (bn_word)(p >> BN_BITS);
    }
    return carry;
}

/* (hi:lo) / d for hi < d: the quotient, the remainder in *rem. */
static inline bn_word div_2by1(bn_word hi, bn_word lo, bn_word d, bn_word *rem)
{
#if defined(__x86_64__)
    bn_word q, r;
    __asm__("divq %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "rm"(d));
    *rem = r;
    return q;
#else
    bn_dword n = ((bn_dword)hi << BN_BITS) | lo;
    *rem = (bn_word)(n % d);
    return (bn_word)(n / d);
#endif
}

bn_word bn_divmod_1(bn_word *q, const bn_word *a, size_t n, bn_word d)
{
    assert(d != 0);
    bn_word rem = 0;
    for (size_t i = n; i-- > 0;)
        q[i] = div_2by1(rem, a[i], d, &rem);
    return rem;
}

bn_word bn_mod_1(const bn_word *a, size_t n, bn_word d)
{
    assert(d != 0);
    bn_word rem = 0;
    for (size_t i = n; i-- > 0;)
        (void)div_2by1(rem, a[i], d, &rem);
    return rem;
}

/* ------------------------------------------------------------------ */
/* Multiplication                                                      */
/* ------------------------------------------------------------------ */

static void schoolbook(bn_word *r, const bn_word *a, size_t na, const bn_word *b, size_t nb)
{
    memset(r, 0, (na + nb) * sizeof(bn_word));
    for (size_t j = 0; j < nb; j++) {
        if (b[j] != 0)
            r[j + na] = bn_addmul_1(r + j, a, na, b[j]);
    }
}

size_t bn_mul_scratch(size_t na, size_t nb)
{
    size_t n = na > nb ? na : nb;
    if ((na < nb ? na : nb) < BN_KARATSUBA_CUTOFF)
        return 0;
    /* Per Karatsuba level 4*(n/2 + 2) words, then the same for n/2 + 2:
     * under 8n plus a constant per level (at most 64 levels). A lopsided
     * product adds 2*nb words before recursing on nb <= n/2. */
    return 8 * n + 64 * 16;
}

static void kmul(bn_word *r, const bn_word *a, size_t na, const bn_word *b, size_t nb,
                 bn_word *scratch);

/* a much longer than b: a in slices of b's length. */
static void lopsided(bn_word *r, const bn_word *a, size_t na, const bn_word *b, size_t nb,
                     bn_word *scratch)
{
    memset(r, 0, (na + nb) * sizeof(bn_word));
    bn_word *t = scratch;
    for (size_t i = 0; i < na; i += nb) {
        size_t len = na - i < nb ? na - i : nb;
        if (len >= nb)
            kmul(t, a + i, len, b, nb, scratch + 2 * nb);
        else
            kmul(t, b, nb, a + i, len, scratch + 2 * nb);
        bn_word carry = bn_add(r + i, r + i, na + nb - i, t, len + nb);
        assert(carry == 0);
        (void)carry;
    }
}

/* a*b = z2*B^2h + z1*B^h + z0 with z1 = (a0+a1)(b0+b1) - z0 - z2. */
static void karatsuba(bn_word *r, const bn_word *a, size_t na, const bn_word *b, size_t nb,
                      bn_word *scratch)
{
    size_t h = na / 2;
    assert(nb > h && na - h >= h);
    const bn_word *a0 = a, *a1 = a + h, *b0 = b, *b1 = b + h;
    size_t na1 = na - h, nb1 = nb - h;
    kmul(r, a0, h, b0, h, scratch);
    kmul(r + 2 * h, a1, na1, b1, nb1, scratch);

    size_t len1 = na1 + 1, len2 = (nb1 > h ? nb1 : h) + 1;
    bn_word *t1 = scratch, *t2 = t1 + len1, *z1 = t2 + len2, *rest = z1 + len1 + len2;
    t1[na1] = bn_add(t1, a1, na1, a0, h);
    if (nb1 >= h)
        t2[len2 - 1] = bn_add(t2, b1, nb1, b0, h);
    else
        t2[len2 - 1] = bn_add(t2, b0, h, b1, nb1);
    if (len1 >= len2)
        kmul(z1, t1, len1, t2, len2, rest);
    else
        kmul(z1, t2, len2, t1, len1, rest);
    size_t nz = len1 + len2;
    bn_word borrow = bn_sub(z1, z1, nz, r, 2 * h);
    borrow |= bn_sub(z1, z1, nz, r + 2 * h, na + nb - 2 * h);
    assert(borrow == 0);
    (void)borrow;
    nz = bn_norm(z1, nz);
    assert(nz <= na + nb - h);
    bn_word carry = bn_add(r + h, r + h, na + nb - h, z1, nz);
    assert(carry == 0);
    (void)carry;
}

/* na >= nb. */
static void kmul(bn_word *r, const bn_word *a, size_t na, const bn_word *b, size_t nb,
                 bn_word *scratch)
{
    assert(na >= nb);
    if (nb < BN_KARATSUBA_CUTOFF)
        schoolbook(r, a, na, b, nb);
    else if (na >= 2 * nb)
        lopsided(r, a, na, b, nb, scratch);
    else
        karatsuba(r, a, na, b, nb, scratch);
}

void bn_mul(bn_word *r, const bn_word *a, size_t na, const bn_word *b, size_t nb,
            bn_word *scratch)
{
    if (na >= nb)
        kmul(r, a, na, b, nb, scratch);
    else
        kmul(r, b, nb, a, na, scratch);
}

/* ------------------------------------------------------------------ */
/* Division                                                            */
/* ------------------------------------------------------------------ */

/* The quotient digit of (u[n]:u[n-1]:u[n-2]) / (v[n-1]:v[n-2]), at most one
 * too large (Knuth's step D3). */
static bn_word estimate_q(const bn_word *u, const bn_word *v, size_t n)
{
    bn_word top = v[n - 1], rhat;
    bn_word qhat;
    if (u[n] >= top) {
        /* u[n] == top: qhat would be B or more; B - 1 is the bound. */
        qhat = ~(bn_word)0;
        rhat = u[n - 1] + top;
        if (rhat < top)
            return qhat;          /* rhat >= B: the test below cannot fail */
    } else {
        qhat = div_2by1(u[n], u[n - 1], top, &rhat);
    }
    if (n >= 2) {
        for (;;) {
            bn_dword lhs = (bn_dword)qhat * v[n - 2];
            bn_dword rhs = ((bn_dword)rhat << BN_BITS) | u[n - 2];
            if (lhs <= rhs)
                break;
            qhat--;
            bn_word old = rhat;
            rhat += top;
            if (rhat < old)
                break;            /* rhat >= B */
        }
    }
    return qhat;
}

/* u[0..n] -= qhat * v[0..n); returns 1 if the result went negative. */
static int mul_sub(bn_word *u, const bn_word *v, size_t n, bn_word qhat)
{
    bn_word carry = 0, borrow = 0;
    for (size_t i = 0; i < n; i++) {
        bn_dword p = (bn_dword)qhat * v[i] + carry;
        carry = (bn_word)(p >> BN_BITS);
        bn_word lo = (bn_word)p, x = u[i];
        bn_word d = x - lo;
        bn_word b1 = x < lo;
        bn_word d2 = d - borrow;
        borrow = b1 | (d < borrow);
        u[i] = d2;
    }
    bn_word x = u[n];
    bn_word d = x - carry;
    bn_word b1 = x < carry;
    bn_word d2 = d - borrow;
    borrow = b1 | (d < borrow);
    u[n] = d2;
    return borrow != 0;
}

void bn_divmod(bn_word *q, bn_word *r, const bn_word *a, size_t na, const bn_word *b, size_t nb,
               bn_word *scratch)
{
    assert(nb >= 1 && na >= nb && b[nb - 1] != 0);
    if (nb == 1) {
        bn_word rem;
        if (q != NULL)
            rem = bn_divmod_1(q, a, na, b[0]);
        else
            rem = bn_mod_1(a, na, b[0]);
        if (r != NULL)
            r[0] = rem;
        return;
    }
    /* D1: normalize so that v's top bit is set. */
    unsigned s = (unsigned)__builtin_clzll(b[nb - 1]);
    bn_word *u = scratch, *v = scratch + na + 1;
    bn_shl(v, b, nb, s);
    u[na] = bn_shl(u, a, na, s);
    /* D2..D7 */
    for (size_t j = na - nb + 1; j-- > 0;) {
        bn_word qhat = estimate_q(u + j, v, nb);
        if (mul_sub(u + j, v, nb, qhat)) {
            /* D6: qhat was one too large; add v back. */
            qhat--;
            u[j + nb] += bn_add(u + j, u + j, nb, v, nb);
        }
        if (q != NULL)
            q[j] = qhat;
    }
    /* D8: the remainder is u >> s. */
    if (r != NULL)
        bn_shr(r, u, nb, s);
}

/* ------------------------------------------------------------------ */
/* Shifts and residues                                                 */
/* ------------------------------------------------------------------ */

bn_word bn_shl(bn_word *r, const bn_word *a, size_t n, unsigned bits)
{
    assert(bits < BN_BITS);
    if (bits == 0) {
        if (r != a)
            memmove(r, a, n * sizeof(bn_word));
        return 0;
    }
    bn_word out = 0;
    for (size_t i = 0; i < n; i++) {
        bn_word w = a[i];
        r[i] = (w << bits) | out;
        out = w >> (BN_BITS - bits);
    }
    return out;
}

bn_word bn_shr(bn_word *r, const bn_word *a, size_t n, unsigned bits)
{
    assert(bits < BN_BITS);
    if (bits == 0) {
        if (r != a)
            memmove(r, a, n * sizeof(bn_word));
        return 0;
    }
    bn_word out = 0;
    for (size_t i = n; i-- > 0;) {
        bn_word w = a[i];
        r[i] = (w >> bits) | out;
        out = w << (BN_BITS - bits);
    }
    return out;
}

#define MERSENNE61 (((uint64_t)1 << 61) - 1)

uint64_t bn_mod_mersenne61(const bn_word *a, size_t n)
{
    /* 2**64 == 8 (mod 2**61 - 1), so h*2**64 + w == 8h + w. */
    uint64_t h = 0;
    for (size_t i = n; i-- > 0;) {
        bn_dword t = (bn_dword)h * 8 + a[i];
        t = (t & MERSENNE61) + (t >> 61);
        t = (t & MERSENNE61) + (t >> 61);
        h = (uint64_t)t;
        if (h >= MERSENNE61)
            h -= MERSENNE61;
    }
    return h;
}
