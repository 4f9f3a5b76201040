/*
 * floatstr.c - float to and from text (floatobject.h): decimal digits as
 * David Gay's dtoa gives them to CPython (mode 0: the shortest digits
 * that read back the same; mode 2: n significant digits; mode 3: n digits
 * after the point), CPython's layout of them (PyOS_double_to_string,
 * format_float_short), repr, float() parsing, round(x, n) and
 * float.__format__.
 *
 * The digits come from the C library, which must print and read doubles
 * exactly (glibc and musl do): printf's %.*e / %.*f round correctly (ties
 * of exact binary values to even, as Gay's code), and strtod is correctly
 * rounded. Both need the "C" locale's decimal point. The shortest digits
 * (repr) are computed exactly with 128-bit integers for 1e-5 <= x < 2**126
 * (shortest_fast), and otherwise found by trying 15, 16 and 17
 * significant digits and reading each candidate back (shortest_by_trial;
 * see shortest_digits for why that suffices).
 */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "floatobject.h"
#include "exceptions.h"
#include "intimpl.h"
#include "numformat.h"

/* ------------------------------------------------------------------ */
/* Digits                                                              */
/* ------------------------------------------------------------------ */

/* Decimal digits of a finite, non-negative double: d[0..len), no trailing
 * zeros, value 0.d[0]d[1]... * 10**decpt. Gay's conventions: zero is "0"
 * with decpt 1; a mode 3 result that rounds to zero is "" with decpt
 * -ndigits. */
typedef struct Digits {
    char *d;
    size_t len;
    int decpt;
    char *heap;                   /* owned buffer of heap_cap bytes, or NULL */
    size_t heap_cap;
    char local[40];
} Digits;

static void digits_free(Lang *L, Digits *g)
{
    if (g->heap != NULL)
        mem_free(L, g->heap, g->heap_cap);
    g->heap = NULL;
}

/* A buffer of cap bytes for g (its own when small). */
static char *digits_buffer(Lang *L, Digits *g, size_t cap)
{
    g->heap = NULL;
    if (cap <= sizeof g->local)
        return g->local;
    g->heap = mem_alloc(L, cap);
    g->heap_cap = cap;
    return g->heap;
}

static void strip_trailing_zeros(Digits *g)
{
    while (g->len > 0 && g->d[g->len - 1] == '0')
        g->len--;
}

/* Splits printf's "%.*e" text in place: digits to the front of buf,
 * decpt from the exponent. */
static void split_e(char *buf, Digits *g)
{
    size_t k = 0;
    char *p = buf;
    for (; *p != 'e'; p++) {
        if (*p != '.')
            buf[k++] = *p;
    }
    g->d = buf;
    g->len = k;
    g->decpt = atoi(p + 1) + 1;
}

/* Whether the digits read back as x. */
static int reads_back(const char *d, size_t len, int decpt, double x)
{
    char buf[48];
    memcpy(buf, "0.", 2);
    memcpy(buf + 2, d, len);
    snprintf(buf + 2 + len, sizeof buf - 2 - len, "e%d", decpt);
    return strtod(buf, NULL) == x;
}

/* The p-digit string next to d (dir +1 up, -1 down) in place; len stays
 * p (or the decimal point moves). */
static void step_digits(char *d, size_t p, int *decpt, int dir)
{
    size_t i = p;
    if (dir > 0) {
        while (i > 0 && d[i - 1] == '9')
            d[--i] = '0';
        if (i == 0) {                  /* 99..9 -> 100..0 */
            d[0] = '1';
            (*decpt)++;
        } else {
            d[i - 1]++;
        }
    } else {
        while (i > 0 && d[i - 1] == '0')
            d[--i] = '9';
        d[i - 1]--;
        if (d[0] == '0') {             /* 100..0 -> 99..9, one place lower */
            memmove(d, d + 1, p - 1);
            d[p - 1] = '9';
            (*decpt)--;
        }
    }
}

/* The correctly rounded p-digit string of x if it reads back, else the
 * one beside it that does (the round-trip interval is asymmetric at
 * powers of two), else 0. */
static int try_precision(double x, int p, char *buf, Digits *g)
{
    snprintf(buf, 40, "%.*e", p - 1, x);
    split_e(buf, g);
    if (reads_back(g->d, g->len, g->decpt, x))
        return 1;
    char alt[24];
    for (int dir = -1; dir <= 1; dir += 2) {
        int decpt = g->decpt;
        memcpy(alt, g->d, g->len);
        step_digits(alt, g->len, &decpt, dir);
        if (reads_back(alt, g->len, decpt, x)) {
            memcpy(g->d, alt, g->len);
            g->decpt = decpt;
            return 1;
        }
    }
    return 0;
}

/* The shortest digits by trying printf's correctly rounded strings of 15,
 * 16 and 17 digits (every length for subnormals), reading each back. */
static void shortest_by_trial(double x, char *buf, Digits *g)
{
    if (x >= DBL_MIN) {
        if (!try_precision(x, 15, buf, g) && !try_precision(x, 16, buf, g))
            try_precision(x, 17, buf, g);
    } else {
        for (int p = 1; p <= 17; p++) {
            if (try_precision(x, p, buf, g))
                break;
        }
    }
    strip_trailing_zeros(g);
}

typedef unsigned __int128 u128;

static const uint64_t POW10[20] = {
    1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull, 100000000ull,
    1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull, 10000000000000ull,
    100000000000000ull, 1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
    1000000000000000000ull, 10000000000000000000ull,
};

static u128 pow10_128(int k)
{
    return k < 20 ? (u128)POW10[k] : (u128)POW10[19] * POW10[k - 19];
}

/* The digits of c (no trailing zeros) into g, value c * 10**p * 10**-K. */
static void set_digits(Digits *g, char *buf, uint64_t c, int p, int K)
{
    char tmp[24];
    int n = 0;
    while (c % 10 == 0) {
        c /= 10;
        p++;
    }
    do {
        tmp[n++] = (char)('0' + c % 10);
        c /= 10;
    } while (c != 0);
    for (int i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    g->d = buf;
    g->len = (size_t)n;
    g->decpt = n + p - K;
}

/* The shortest digits of x (normal, 1e-5 <= x < 2**126, not an integer
 * below 2**53) exactly, with 128-bit integers: 1, or 0 to leave x to the
 * slow path. With K chosen so that V = x * 10**K has 17 digits, the
 * doubles that read back as x are those within half an ulp of it (a
 * quarter below a power of two; the ends count when x's mantissa is even,
 * as round-half-even reading has it). In units of 10**-K that interval is
 * [LO, HI] (integers); the shortest strings are the multiples of the
 * largest power 10**p it contains, and Gay's mode 0 picks the one nearest
 * V, halves to even. */
static int shortest_fast(double x, char *buf, Digits *g)
{
    int E;
    double f = frexp(x, &E);
    if (x < 1e-5 || E > 126)
        return 0;
    uint64_t m = (uint64_t)ldexp(f, 53);
    int e = E - 53;
    int d = (int)floor(log10(x)) + 1;
    for (int attempt = 0; attempt < 3; attempt++) {
        int K = 17 - d;
        if (K > 21 || K < -21)
            return 0;
        /* V = N / D; one ulp of x is G / D. */
        u128 G = (e >= 0 ? (u128)1 << e : 1) * (K >= 0 ? pow10_128(K) : 1);
        u128 D = (e < 0 ? (u128)1 << -e : 1) * (K < 0 ? pow10_128(-K) : 1);
        u128 N = (u128)m * G;
        /* D is a power of two below 2**53, a power of ten above. */
        int shift = e < 0 ? -e : -1;
        u128 V = shift >= 0 ? N >> shift : N / D;
        if (V < POW10[16]) {
            d--;
            continue;
        }
        if (V >= POW10[17]) {
            d++;
            continue;
        }
        int inclusive = (m & 1) == 0;
        u128 D4 = 4 * D;
        u128 lower = 4 * N - (m == (uint64_t)1 << 52 ? G : 2 * G), upper = 4 * N + 2 * G;
        u128 lq = shift >= 0 ? lower >> (shift + 2) : lower / D4;
        u128 uq = shift >= 0 ? upper >> (shift + 2) : upper / D4;
        int lexact = lq * D4 == lower, uexact = uq * D4 == upper;
        uint64_t LO = (uint64_t)(lexact && inclusive ? lq : lq + 1);
        uint64_t HI = (uint64_t)(uexact && !inclusive ? uq - 1 : uq);
        if (LO > HI)
            return 0;
        /* The largest p with a multiple of 10**p in [LO, HI]: one exists
         * for the p with 10**p <= HI - LO + 1; try above it. */
        uint64_t width = HI - LO + 1;
        int p = 0;
        while (p < 19 && POW10[p + 1] <= width)
            p++;
        uint64_t clo, chi;
        while (p < 18 && (LO + POW10[p + 1] - 1) / POW10[p + 1] <= HI / POW10[p + 1])
            p++;
        clo = (LO + POW10[p] - 1) / POW10[p];
        chi = HI / POW10[p];
        /* The candidate nearest V / 10**p, halves to even, kept inside. */
        uint64_t vq = (uint64_t)V, c = vq / POW10[p], r = vq % POW10[p];
        u128 vr = N - V * D;                       /* V's fraction: vr / D */
        int cmp;
        if (p == 0) {
            cmp = 2 * vr > D ? 1 : 2 * vr == D ? 0 : -1;
        } else {
            uint64_t half = POW10[p] / 2;
            cmp = r > half ? 1 : r < half ? -1 : (vr != 0 ? 1 : 0);
        }
        if (cmp > 0 || (cmp == 0 && (c & 1)))
            c++;
        if (c < clo)
            c = clo;
        if (c > chi)
            c = chi;
        set_digits(g, buf, c, p, K);
        return 1;
    }
    return 0;
}

/* round(x * 10**n) (halves to even) into *q and floor(x * 10**n) into
 * *fl, exactly, for a positive double x and 0 <= n <= 21: 1, or 0 when
 * the numbers do not fit 128 bits. */
static int scaled_round(double x, int n, u128 *q, u128 *fl)
{
    if (n < 0 || n > 21)
        return 0;
    int E;
    double f = frexp(x, &E);
    uint64_t m = (uint64_t)ldexp(f, 53);
    int e = E - 53;
    u128 N = (u128)m * pow10_128(n);             /* < 2**53 * 2**73 */
    if (e >= 0) {
        if (e >= 127 || (N >> (127 - e)) != 0)
            return 0;                             /* N * 2**e >= 2**127 */
        *q = *fl = N << e;
        return 1;
    }
    if (e < -125)
        return 0;
    int s = -e;
    u128 r = N >> s, rem = N & (((u128)1 << s) - 1), half = (u128)1 << (s - 1);
    *fl = r;
    if (rem > half || (rem == half && (r & 1)))
        r++;
    *q = r;
    return 1;
}

/* Decimal digits of q (below 10**38) into tmp (40 bytes), most
 * significant first; returns their count. */
static int u128_digits(u128 q, char *tmp)
{
    char rev[40];
    int n = 0;
    while (q >= (u128)POW10[19]) {
        uint64_t low = (uint64_t)(q % POW10[19]);
        q /= POW10[19];
        for (int i = 0; i < 19; i++) {
            rev[n++] = (char)('0' + low % 10);
            low /= 10;
        }
    }
    uint64_t v = (uint64_t)q;
    do {
        rev[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    for (int i = 0; i < n; i++)
        tmp[i] = rev[n - 1 - i];
    return n;
}

/* q * 10**-n as Digits in buf (40 bytes): no trailing zeros, "" with
 * decpt -n for zero (Gay's convention for mode 3). */
static void scaled_digits(u128 q, int n, char *buf, Digits *g)
{
    g->d = buf;
    if (q == 0) {
        g->len = 0;
        g->decpt = -n;
        return;
    }
    int len = u128_digits(q, buf);
    g->len = (size_t)len;
    g->decpt = len - n;
    strip_trailing_zeros(g);
}

/* Mode 3 (n digits after the point) exactly with 128-bit integers: 1, or
 * 0 to leave it to printf. */
static int fixed_fast(double x, int n, char *buf, Digits *g)
{
    u128 q, fl;
    if (!scaled_round(x, n, &q, &fl))
        return 0;
    scaled_digits(q, n, buf, g);
    return 1;
}

/* Mode 2 (p significant digits) the same way. */
static int significant_fast(double x, int p, char *buf, Digits *g)
{
    if (p > 17)
        return 0;
    int d = (int)floor(log10(x)) + 1;
    for (int attempt = 0; attempt < 3; attempt++) {
        u128 q, fl;
        if (!scaled_round(x, p - d, &q, &fl))
            return 0;
        if (fl >= POW10[p]) {
            d++;
            continue;
        }
        if (fl < POW10[p - 1]) {
            d--;
            continue;
        }
        scaled_digits(q, p - d, buf, g);   /* q == 10**p: "1", one place up */
        return 1;
    }
    return 0;
}

/* Mode 0 into buf (40 bytes): shortest_fast where it applies, else by
 * trial with the C library. For a normal double x, any string of at most
 * 15 significant digits within half an ulp of x (relative distance at
 * most 2**-53) is also x rounded to 15 digits (the 15-digit grid is at
 * least 10**-15 relative wide), so 15 digits rounded and stripped give
 * the shortest when any string that short reads back; else the shortest
 * has 16 or 17 digits and is x rounded to them, or at 16 digits the
 * rounded string's neighbour. Subnormals have fewer bits, so every length
 * is tried. */
static void shortest_digits(double x, char *buf, Digits *g)
{
    if (x < 9007199254740992.0 && x == floor(x)) {
        /* Integers below 2**53: their own digits (any shorter string is
         * another integer, at least 1 away). */
        uint64_t v = (uint64_t)x;
        set_digits(g, buf, v, 0, 0);
        return;
    }
    if (x >= DBL_MIN && shortest_fast(x, buf, g))
        return;
    shortest_by_trial(x, buf, g);
}

/* Mode 3 with ndigits < 0: rounded to a multiple of 10**-ndigits, halves
 * to even, from x's exact decimal expansion. buf: 800 bytes at least. */
static void round_to_tens(double x, int ndigits, char *buf, Digits *g)
{
    /* 767 significant digits hold any double exactly. */
    snprintf(buf, 800, "%.780e", x);
    split_e(buf, g);
    strip_trailing_zeros(g);
    intptr_t keep = (intptr_t)g->decpt + ndigits;        /* digits kept */
    if (keep < 0 || (keep == 0 && !(g->d[0] > '5' || (g->d[0] == '5' && g->len > 1)))) {
        g->len = 0;
        g->decpt = -ndigits;
        return;
    }
    if (keep == 0) {                   /* rounds up to 10**-ndigits */
        g->d[0] = '1';
        g->len = 1;
        g->decpt = 1 - ndigits;
        return;
    }
    if ((size_t)keep >= g->len)
        return;                        /* already a multiple */
    char next = g->d[keep];
    int rest = (size_t)keep + 1 < g->len;
    int up = next > '5' || (next == '5' && (rest || (g->d[keep - 1] - '0') % 2 == 1));
    g->len = (size_t)keep;
    if (up)
        step_digits(g->d, g->len, &g->decpt, 1);
    strip_trailing_zeros(g);
}

/* Gay's _Py_dg_dtoa(|x|, mode, ndigits) for finite x. -1 with MemoryError. */
static int dtoa(Lang *L, double x, int mode, int ndigits, Digits *g)
{
    x = fabs(x);
    g->heap = NULL;
    if (x == 0.0) {
        g->d = g->local;
        g->local[0] = '0';
        g->len = 1;
        g->decpt = 1;
        return 0;
    }
    if (mode == 0) {
        shortest_digits(x, g->local, g);
        return 0;
    }
    if (mode == 2) {
        int p = ndigits < 1 ? 1 : ndigits;
        if (significant_fast(x, p, g->local, g))
            return 0;
        char *buf = digits_buffer(L, g, (size_t)p + 16);
        if (buf == NULL)
            return -1;
        snprintf(buf, (size_t)p + 16, "%.*e", p - 1, x);
        split_e(buf, g);
        strip_trailing_zeros(g);
        return 0;
    }
    if (ndigits < 0) {
        char *buf = digits_buffer(L, g, 800);
        if (buf == NULL)
            return -1;
        round_to_tens(x, ndigits, buf, g);
        return 0;
    }
    if (fixed_fast(x, ndigits, g->local, g))
        return 0;
    size_t cap = (size_t)ndigits + DBL_MAX_10_EXP + 8;
    char *buf = digits_buffer(L, g, cap);
    if (buf == NULL)
        return -1;
    int n = snprintf(buf, cap, "%.*f", ndigits, x);
    /* "iii.fff": drop the point and the leading zeros. */
    size_t int_len = ndigits > 0 ? (size_t)(n - ndigits - 1) : (size_t)n;
    if (ndigits > 0)
        memmove(buf + int_len, buf + int_len + 1, (size_t)ndigits);
    size_t len = (size_t)n - (ndigits > 0), lead = 0;
    while (lead < len && buf[lead] == '0')
        lead++;
    g->d = buf + lead;
    g->len = len - lead;
    g->decpt = (int)int_len - (int)lead;
    strip_trailing_zeros(g);
    if (g->len == 0)
        g->decpt = -ndigits;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Layout (PyOS_double_to_string)                                      */
/* ------------------------------------------------------------------ */

static intptr_t max_ip(intptr_t a, intptr_t b)
{
    return a > b ? a : b;
}

/* The room format_digits needs. */
static size_t layout_size(const Digits *g, int code, int precision)
{
    size_t n = g->len + 16;
    if (code == 'f')
        n += (size_t)precision + (size_t)(g->decpt > 0 ? g->decpt : -g->decpt);
    else
        n += (size_t)precision + 24;
    return n;
}

/* CPython's format_float_short after the digits: writes into out (room
 * from layout_size) and returns the length. */
static size_t format_digits(char *out, const Digits *g, int negative, int code, int precision,
                            int flags, int upper)
{
    intptr_t decpt = g->decpt, len = (intptr_t)g->len, vend = len, exp = 0;
    int use_exp = 0, alt = (flags & FLOAT_ALT) != 0, dot0 = (flags & FLOAT_ADD_DOT_0) != 0;
    if ((flags & FLOAT_NO_NEG_0) && negative && (len == 0 || (len == 1 && g->d[0] == '0')))
        negative = 0;
    switch (code) {
    case 'e':
        use_exp = 1;
        vend = precision;
        break;
    case 'f':
        vend = decpt + precision;
        break;
    case 'g':
        if (decpt <= -4 || decpt > (dot0 ? precision - 1 : precision))
            use_exp = 1;
        if (alt)
            vend = precision;
        break;
    default: /* 'r' */
        if (decpt <= -4 || decpt > 16)
            use_exp = 1;
        break;
    }
    if (use_exp) {
        exp = decpt - 1;
        decpt = 1;
    }
    intptr_t vstart = decpt <= 0 ? decpt - 1 : 0;
    vend = !use_exp && dot0 ? max_ip(vend, decpt + 1) : max_ip(vend, decpt);
    char *p = out;
    if (negative)
        *p++ = '-';
    else if (flags & FLOAT_SIGN)
        *p++ = '+';
    if (decpt <= 0) {
        memset(p, '0', (size_t)(decpt - vstart));
        p += decpt - vstart;
        *p++ = '.';
        memset(p, '0', (size_t)-decpt);
        p += -decpt;
    }
    if (decpt > 0 && decpt <= len) {
        memcpy(p, g->d, (size_t)decpt);
        p += decpt;
        *p++ = '.';
        memcpy(p, g->d + decpt, (size_t)(len - decpt));
        p += len - decpt;
    } else {
        memcpy(p, g->d, (size_t)len);
        p += len;
    }
    if (len < decpt) {
        memset(p, '0', (size_t)(decpt - len));
        p += decpt - len;
        *p++ = '.';
        memset(p, '0', (size_t)(vend - decpt));
        p += vend - decpt;
    } else {
        memset(p, '0', (size_t)(vend - len));
        p += vend - len;
    }
    if (p[-1] == '.' && !alt)
        p--;
    if (use_exp) {
        *p++ = upper ? 'E' : 'e';
        p += sprintf(p, "%+.02d", (int)exp);
    }
    *p = '\0';
    return (size_t)(p - out);
}

/* "inf", "-inf", "nan" (upper case: "INF"...), with '+' per flags. */
static size_t format_special(char *out, double v, int flags, int upper)
{
    char *p = out;
    if (isinf(v) && v < 0)
        *p++ = '-';
    else if (flags & FLOAT_SIGN)
        *p++ = '+';
    strcpy(p, isnan(v) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"));
    return (size_t)(p - out) + 3;
}

/* Mode and precision for a format code, as PyOS_double_to_string maps
 * them. */
static int mode_for(int code, int *precision)
{
    switch (code) {
    case 'e':
        (*precision)++;
        return 2;
    case 'f':
        return 3;
    case 'g':
        if (*precision == 0)
            *precision = 1;
        return 2;
    default:
        return 0;
    }
}

/* The text of v into a new buffer (*cap bytes, *len used). */
static char *double_to_text(Lang *L, double v, char code, int precision, int flags, size_t *len,
                            size_t *cap)
{
    int upper = code >= 'A' && code <= 'Z';
    if (upper)
        code = (char)(code - 'A' + 'a');
    if (!isfinite(v)) {
        *cap = 8;
        char *out = mem_alloc(L, *cap);
        if (out != NULL)
            *len = format_special(out, v, flags, upper);
        return out;
    }
    int mode = mode_for(code, &precision);
    Digits g;
    if (dtoa(L, v, mode, precision, &g) < 0)
        return NULL;
    *cap = layout_size(&g, code, precision);
    char *out = mem_alloc(L, *cap);
    if (out != NULL)
        *len = format_digits(out, &g, signbit(v) != 0, code, precision, flags, upper);
    digits_free(L, &g);
    return out;
}

Obj *float_to_text(Lang *L, double v, char code, int precision, int flags)
{
    size_t len, cap;
    char *t = double_to_text(L, v, code, precision, flags, &len, &cap);
    if (t == NULL)
        return NULL;
    Obj *s = str_from_utf8_trusted(L, t, len);
    mem_free(L, t, cap);
    return s;
}

size_t float_repr_cstr(double v, char *buf)
{
    if (!isfinite(v))
        return format_special(buf, v, 0, 0);
    Digits g;
    g.heap = NULL;
    if (v == 0.0) {
        g.d = g.local;
        g.local[0] = '0';
        g.len = 1;
        g.decpt = 1;
    } else {
        shortest_digits(fabs(v), g.local, &g);
    }
    return format_digits(buf, &g, signbit(v) != 0, 'r', 0, FLOAT_ADD_DOT_0, 0);
}

Obj *float_repr(Lang *L, Obj *o)
{
    char buf[FLOAT_REPR_MAX];
    size_t n = float_repr_cstr(float_value(o), buf);
    return str_from_utf8_trusted(L, buf, n);
}

/* ------------------------------------------------------------------ */
/* round(x, n)                                                         */
/* ------------------------------------------------------------------ */

/* The most and fewest digits that matter: beyond NDIGITS_MAX x rounds to
 * itself, below NDIGITS_MIN to a zero (CPython's float___round___impl). */
#define NDIGITS_MAX ((int)((DBL_MANT_DIG - DBL_MIN_EXP) * 0.30103))
#define NDIGITS_MIN (-(int)((DBL_MAX_EXP + 1) * 0.30103))

Obj *float_round_digits(Lang *L, double v, intptr_t ndigits)
{
    if (!isfinite(v) || ndigits > NDIGITS_MAX)
        return float_from_double(L, v);
    if (ndigits < NDIGITS_MIN)
        return float_from_double(L, 0.0 * v);
    /* CPython's double_round: mode 3 digits, read back. */
    Digits g;
    if (dtoa(L, v, 3, (int)ndigits, &g) < 0)
        return NULL;
    size_t cap = g.len + 32;
    char local[64];
    char *buf = cap <= sizeof local ? local : mem_alloc(L, cap);
    Obj *r = NULL;
    if (buf != NULL) {
        size_t k = 0;
        if (signbit(v))
            buf[k++] = '-';
        buf[k++] = '0';
        memcpy(buf + k, g.d, g.len);
        k += g.len;
        snprintf(buf + k, cap - k, "e%d", g.decpt - (int)g.len);
        errno = 0;
        double rounded = strtod(buf, NULL);
        if (errno == ERANGE && fabs(rounded) >= 1.0)
            err_format(L, EXC_OverflowError, "rounded value too large to represent");
        else
            r = float_from_double(L, rounded);
        if (buf != local)
            mem_free(L, buf, cap);
    }
    digits_free(L, &g);
    return r;
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */
/* ------------------------------------------------------------------ */

static int ascii_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* CPython's _Py_string_to_number_with_underscores: copies s[0..n) to out
 * without underscores, each of which must sit between two digits.
 * Returns the length, or -1. */
static intptr_t drop_underscores(const char *s, size_t n, char *out)
{
    char prev = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '_') {
            if (!is_digit(prev))
                return -1;
        } else {
            out[k++] = s[i];
            if (prev == '_' && !is_digit(s[i]))
                return -1;
        }
        prev = s[i];
    }
    return prev == '_' ? -1 : (intptr_t)k;
}

static int match_word(const char *s, size_t n, const char *word)
{
    size_t k = strlen(word);
    if (n != k)
        return 0;
    for (size_t i = 0; i < k; i++) {
        if (tolower((unsigned char)s[i]) != word[i])
            return 0;
    }
    return 1;
}

/* Whether s[0..n) (no sign) is a decimal float: digits with an optional
 * point (at least one digit), then an optional exponent. */
static int is_decimal(const char *s, size_t n)
{
    size_t i = 0, digits = 0;
    while (i < n && is_digit(s[i])) {
        i++;
        digits++;
    }
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && is_digit(s[i])) {
            i++;
            digits++;
        }
    }
    if (digits == 0)
        return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t start = i;
        while (i < n && is_digit(s[i]))
            i++;
        if (i == start)
            return 0;
    }
    return i == n;
}

/* The value of ASCII text t[0..n) (NUL at t[n]), or 0 when invalid. */
static int parse_text(char *t, size_t n, double *out)
{
    size_t i = 0;
    while (i < n && ascii_space((unsigned char)t[i]))
        i++;
    while (n > i && ascii_space((unsigned char)t[n - 1]))
        n--;
    t[n] = '\0';
    char *s = t + i;
    size_t len = n - i;
    if (memchr(s, '_', len) != NULL) {
        intptr_t k = drop_underscores(s, len, s);
        if (k < 0)
            return 0;
        len = (size_t)k;
        s[len] = '\0';
    }
    int neg = len > 0 && s[0] == '-';
    size_t j = len > 0 && (s[0] == '-' || s[0] == '+');
    if (match_word(s + j, len - j, "inf") || match_word(s + j, len - j, "infinity")) {
        *out = neg ? -INFINITY : INFINITY;
        return 1;
    }
    if (match_word(s + j, len - j, "nan")) {
        *out = neg ? -NAN : NAN;
        return 1;
    }
    if (!is_decimal(s + j, len - j))
        return 0;
    *out = strtod(s, NULL);
    return 1;
}

Obj *float_from_string(Lang *L, Obj *str)
{
    const char *s = str_data(str);
    size_t n = str_nbytes(str);
    char local[64];
    char *t = n < sizeof local ? local : mem_alloc(L, n + 1);
    if (t == NULL)
        return NULL;
    size_t tn = str_is_ascii(str) ? n : int_transform_to_ascii(s, n, t);
    if (str_is_ascii(str))
        memcpy(t, s, n);
    double v;
    int ok = parse_text(t, tn, &v);
    if (t != local)
        mem_free(L, t, n + 1);
    if (!ok)
        return err_format(L, EXC_ValueError, "could not convert string to float: %R", str);
    return float_from_double(L, v);
}

/* ------------------------------------------------------------------ */
/* __format__                                                          */
/* ------------------------------------------------------------------ */

/* Splits formatted text (no sign) into the integer digits, a decimal
 * point and the rest, as CPython's parse_number. */
static size_t leading_digits(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && is_digit(s[i]))
        i++;
    return i;
}

Obj *float_format_spec(Lang *L, Obj *o, const FormatSpec *f)
{
    if (f->precision > 0x7fffffff)
        return err_format(L, EXC_ValueError, "precision too big");
    int precision = (int)f->precision, flags = 0, default_precision = 6, add_pct = 0;
    uint32_t type = f->type;
    if (f->alternate)
        flags |= FLOAT_ALT;
    if (f->no_neg_0)
        flags |= FLOAT_NO_NEG_0;
    if (type == 0) {
        /* repr without a precision, else 'g' keeping a digit after the
         * point. */
        flags |= FLOAT_ADD_DOT_0;
        type = 'r';
        default_precision = 0;
    }
    if (type == 'n')
        type = 'g';
    double v = float_value(o);
    if (type == '%') {
        type = 'f';
        v *= 100;
        add_pct = 1;
    }
    if (precision < 0)
        precision = default_precision;
    else if (type == 'r')
        type = 'g';
    size_t len, cap;
    char *t = double_to_text(L, v, (char)type, precision, flags, &len, &cap);
    if (t == NULL)
        return NULL;
    int negative = t[0] == '-';
    const char *body = t + negative;
    size_t blen = len - (size_t)negative;
    size_t nint = leading_digits(body, blen);
    int has_decimal = nint < blen && body[nint] == '.';
    const char *rest = body + nint + has_decimal;
    size_t nrest = blen - nint - (size_t)has_decimal;
    Obj *r;
    if (add_pct) {
        char *pct = mem_alloc(L, nrest + 1);
        r = NULL;
        if (pct != NULL) {
            memcpy(pct, rest, nrest);
            pct[nrest] = '%';
            r = fmt_number(L, f, negative, "", body, nint, has_decimal, pct, nrest + 1, 0);
            mem_free(L, pct, nrest + 1);
        }
    } else {
        r = fmt_number(L, f, negative, "", body, nint, has_decimal, rest, nrest, 0);
    }
    mem_free(L, t, cap);
    return r;
}

Obj *float_format(Lang *L, Obj *o, Obj *spec)
{
    if (str_nbytes(spec) == 0)
        return obj_str(L, o);
    FormatSpec f;
    if (format_spec_parse(L, o, spec, 0, '>', &f) < 0)
        return NULL;
    switch (f.type) {
    case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n': case '%':
        return float_format_spec(L, o, &f);
    default:
        return fmt_unknown_type(L, f.type, obj_type_name(o));
    }
}
