/*
 * bignum.h - arithmetic on natural numbers stored as arrays of 64-bit
 * words, least significant first: the loops under int (intobject.c).
 *
 * Nothing here knows about objects, the Lang or allocation: every function
 * works on memory its caller owns, and those needing working space take a
 * scratch buffer whose size a companion function gives. A number of n
 * words is "normalized" when n == 0 or its top word is non-zero; inputs
 * must be normalized where a comment says so. Outputs may overlap inputs
 * only where a comment allows it.
 *
 * Products of two words use unsigned __int128 (GCC and Clang on every
 * 64-bit target); 128-by-64-bit division uses x86-64's divq when there is
 * one.
 */
#ifndef OURO_OBJECTS_BIGNUM_H
#define OURO_OBJECTS_BIGNUM_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t bn_word;
typedef unsigned __int128 bn_dword;

#define BN_BITS 64

/* Below this many words in the shorter operand, multiplication is
 * schoolbook; from it on, Karatsuba. */
#define BN_KARATSUBA_CUTOFF 40

/* n without its top zero words. */
static inline size_t bn_norm(const bn_word *a, size_t n)
{
    while (n > 0 && a[n - 1] == 0)
        n--;
    return n;
}

/* Number of significant bits of a (normalized), 0 for zero. */
static inline uint64_t bn_bit_length(const bn_word *a, size_t n)
{
    if (n == 0)
        return 0;
    return (uint64_t)n * BN_BITS - (uint64_t)__builtin_clzll(a[n - 1]);
}

/* -1, 0 or 1 as a < b, a == b, a > b; both normalized. */
int bn_cmp(const bn_word *a, size_t na, const bn_word *b, size_t nb);

/* r[0..na) = a + b for na >= nb; returns the carry out (0 or 1). r may be
 * a. */
bn_word bn_add(bn_word *r, const bn_word *a, size_t na, const bn_word *b, size_t nb);
/* r[0..na) = a - b for a >= b (so na >= nb); returns the borrow out, 0
 * when a >= b held. r may be a. */
bn_word bn_sub(bn_word *r, const bn_word *a, size_t na, const bn_word *b, size_t nb);

/* r[0..n) = a * m + add; returns the top word. r may be a. */
bn_word bn_mul_1(bn_word *r, const bn_word *a, size_t n, bn_word m, bn_word add);
/* r[0..n) += a * m; returns the carry word. */
bn_word bn_addmul_1(bn_word *r, const bn_word *a, size_t n, bn_word m);
/* q[0..n) = a / d, returns a % d (d != 0). q may be a. */
bn_word bn_divmod_1(bn_word *q, const bn_word *a, size_t n, bn_word d);
/* a % d without the quotient. */
bn_word bn_mod_1(const bn_word *a, size_t n, bn_word d);

/* Words of scratch bn_mul needs for operands of na and nb words. */
size_t bn_mul_scratch(size_t na, size_t nb);
/* r[0..na+nb) = a * b. r must not overlap a or b; scratch holds
 * bn_mul_scratch(na, nb) words. */
void bn_mul(bn_word *r, const bn_word *a, size_t na, const bn_word *b, size_t nb,
            bn_word *scratch);

/* Words of scratch bn_divmod needs. */
static inline size_t bn_divmod_scratch(size_t na, size_t nb)
{
    return na + 1 + nb;
}
/* Long division (Knuth's algorithm D) for na >= nb >= 1, b normalized:
 * q[0..na-nb+1) = a / b (q may be NULL), r[0..nb) = a % b (r may be
 * NULL). q and r must not overlap a, b or each other. */
void bn_divmod(bn_word *q, bn_word *r, const bn_word *a, size_t na, const bn_word *b, size_t nb,
               bn_word *scratch);

/* r[0..n) = a << bits for bits < 64; returns the bits shifted out of the
 * top. r may be a. */
bn_word bn_shl(bn_word *r, const bn_word *a, size_t n, unsigned bits);
/* r[0..n) = a >> bits for bits < 64; returns the bits shifted out at the
 * bottom, in the top of the word. r may be a. */
bn_word bn_shr(bn_word *r, const bn_word *a, size_t n, unsigned bits);

/* a (normalized) mod 2**61 - 1, CPython's hash modulus. */
uint64_t bn_mod_mersenne61(const bn_word *a, size_t n);

#endif
