/*
 * intstr.c - int to and from text (intobject.h): int() parsing with
 * CPython 3.11's rules (whitespace, sign, base prefixes, single
 * underscores between digits, Unicode decimal digits), decimal and
 * power-of-two radix strings, the int_max_str_digits limit, and
 * int.__format__.
 *
 * Decimal conversions are quadratic (repeated multiplication or division
 * by 10**19, one word at a time); the digit limit keeps them short unless
 * the user raises it.
 */
#include <stdio.h>
#include <string.h>

#include "intimpl.h"
#include "exceptions.h"
#include "floatobject.h"
#include "numformat.h"
#include "strobject.h"
#include "strimpl.h"
#include "unicodectype.h"

#define POW10_19 10000000000000000000ull

static const char LIMIT_TO_INT[] =
    "Exceeds the limit (%zd digits) for integer string conversion: value has %zu digits; "
    "use sys.set_int_max_str_digits() to increase the limit";
static const char LIMIT_TO_STR[] =
    "Exceeds the limit (%zd digits) for integer string conversion; "
    "use sys.set_int_max_str_digits() to increase the limit";

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

/* CPython's Py_ISSPACE: the ASCII whitespace int() and float() skip. */
static int ascii_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* CPython's _PyUnicode_TransformDecimalAndSpaceToASCII: ASCII stays, other
 * whitespace becomes ' ', decimal digits become '0'..'9', and the first
 * other character becomes '?' and ends the text. s: n bytes of UTF-8
 * with some non-ASCII; out has room for n bytes. Returns the length. */
size_t int_transform_to_ascii(const char *s, size_t n, char *out)
{
    size_t pos = 0, k = 0;
    while (pos < n) {
        uint32_t c = utf8_decode(s, &pos);
        if (c < 127) {
            out[k++] = (char)c;
        } else if (uc_is_space(c)) {
            out[k++] = ' ';
        } else {
            int d = uc_decimal(c);
            if (d < 0) {
                out[k++] = '?';
                break;
            }
            out[k++] = (char)('0' + d);
        }
    }
    return k;
}

enum { PARSE_OK, PARSE_INVALID, PARSE_LIMIT };

typedef struct Literal {
    const char *s;                /* the text, ASCII */
    size_t n;
    int base;                     /* 2..36 */
    int neg;
    size_t start, end;            /* the digits (with underscores) */
    size_t ndigits;               /* without underscores */
    int error_if_nonzero;         /* base 0 with a leading 0: "010" */
} Literal;

/* Base prefix, underscores and digits of lit->s from *i, as CPython's
 * PyLong_FromString scans them. PARSE_OK or PARSE_INVALID. */
static int scan_digits(Literal *lit, size_t i)
{
    const char *s = lit->s;
    size_t n = lit->n;
    if (lit->base == 0) {
        char p = i + 1 < n ? (char)(s[i + 1] | 0x20) : 0;
        if (i >= n || s[i] != '0')
            lit->base = 10;
        else if (p == 'x')
            lit->base = 16;
        else if (p == 'o')
            lit->base = 8;
        else if (p == 'b')
            lit->base = 2;
        else {
            lit->error_if_nonzero = 1;
            lit->base = 10;
        }
    }
    if (i + 1 < n && s[i] == '0') {
        char p = (char)(s[i + 1] | 0x20);
        if ((lit->base == 16 && p == 'x') || (lit->base == 8 && p == 'o') ||
            (lit->base == 2 && p == 'b')) {
            i += 2;
            if (i < n && s[i] == '_')
                i++;                      /* one underscore after a prefix */
        }
    }
    if (i < n && s[i] == '_')
        return PARSE_INVALID;
    lit->start = i;
    char prev = 0;
    while (i < n && (digit_value((unsigned char)s[i]) < lit->base || s[i] == '_')) {
        if (s[i] == '_') {
            if (prev == '_')
                return PARSE_INVALID;
        } else {
            lit->ndigits++;
        }
        prev = s[i++];
    }
    lit->end = i;
    if (prev == '_')
        return PARSE_INVALID;
    return PARSE_OK;
}

/* The value of the digits of a power-of-two base into w (zeroed). */
static void digits_binary(const Literal *lit, bn_word *w)
{
    int bits = __builtin_ctz((unsigned)lit->base);
    uint64_t pos = 0;
    for (size_t i = lit->end; i-- > lit->start;) {
        if (lit->s[i] == '_')
            continue;
        uint64_t d = (uint64_t)digit_value((unsigned char)lit->s[i]);
        w[pos / 64] |= d << (pos % 64);
        if (pos % 64 + (uint64_t)bits > 64)
            w[pos / 64 + 1] |= d >> (64 - pos % 64);
        pos += (uint64_t)bits;
    }
}

/* The value of the digits of any base into w (zeroed, cap words):
 * chunks of m digits, acc = acc * base**m + chunk. Returns the length. */
static size_t digits_general(const Literal *lit, bn_word *w)
{
    uint64_t base = (uint64_t)lit->base, big = base;
    int m = 1;
    while (big <= UINT64_MAX / base) {
        big *= base;
        m++;
    }
    size_t n = 0;
    uint64_t chunk = 0, mult = 1;
    for (size_t i = lit->start; i < lit->end; i++) {
        if (lit->s[i] == '_')
            continue;
        chunk = chunk * base + (uint64_t)digit_value((unsigned char)lit->s[i]);
        mult *= base;
        if (mult == big) {
            bn_word top = bn_mul_1(w, w, n, mult, chunk);
            if (top != 0)
                w[n++] = top;
            chunk = 0;
            mult = 1;
        }
    }
    if (mult != 1) {
        bn_word top = bn_mul_1(w, w, n, mult, chunk);
        if (top != 0)
            w[n++] = top;
    }
    return n;
}

/* Parses ASCII text: PARSE_OK with *out, PARSE_INVALID, PARSE_LIMIT (with
 * lit->ndigits), or -1 with MemoryError. */
static int parse_ascii(Lang *L, const char *s, size_t n, int base, Obj **out, Literal *lit)
{
    memset(lit, 0, sizeof *lit);
    lit->s = s;
    lit->n = n;
    lit->base = base;
    size_t i = 0;
    while (i < n && ascii_space((unsigned char)s[i]))
        i++;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        lit->neg = s[i++] == '-';
    if (scan_digits(lit, i) != PARSE_OK)
        return PARSE_INVALID;
    int binary = (lit->base & (lit->base - 1)) == 0;
    intptr_t limit = int_max_str_digits(L);
    if (!binary && limit > 0 && lit->ndigits > (size_t)limit)
        return PARSE_LIMIT;
    if (lit->ndigits == 0)
        return PARSE_INVALID;
    size_t j = lit->end;
    while (j < n && ascii_space((unsigned char)s[j]))
        j++;
    if (j != n)
        return PARSE_INVALID;
    /* log2(36) < 6 bits per digit. */
    size_t cap = lit->ndigits / 10 + 2;
    Buf buf;
    bn_word *w = int_buf_get(L, &buf, cap);
    if (w == NULL)
        return -1;
    size_t nw = cap;
    if (binary)
        digits_binary(lit, w);
    else
        nw = digits_general(lit, w);
    int rc = PARSE_OK;
    if (lit->error_if_nonzero && bn_norm(w, nw) != 0)
        rc = PARSE_INVALID;
    else if ((*out = int_from_mag(L, lit->neg, w, nw)) == NULL)
        rc = -1;
    buf_free(L, &buf);
    return rc;
}

Obj *int_from_string(Lang *L, const char *s, size_t n, int base)
{
    if ((base != 0 && base < 2) || base > 36)
        return err_format(L, EXC_ValueError, "int() arg 2 must be >= 2 and <= 36");
    const char *text = s;
    char *ascii = NULL;
    size_t tn = n;
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] >= 0x80) {
            if ((ascii = mem_alloc(L, n)) == NULL)
                return NULL;
            tn = int_transform_to_ascii(s, n, ascii);
            text = ascii;
            break;
        }
    }
    Obj *r = NULL;
    Literal lit;
    int rc = parse_ascii(L, text, tn, base, &r, &lit);
    if (ascii != NULL)
        mem_free(L, ascii, n);
    if (rc == PARSE_LIMIT)
        return err_format(L, EXC_ValueError, LIMIT_TO_INT, int_max_str_digits(L), lit.ndigits);
    if (rc == PARSE_INVALID) {
        /* CPython's "%.200R": the repr cut to 200 characters. */
        Obj *orig = str_from_utf8(L, s, n);
        Obj *rep = orig ? str_repr(L, orig) : NULL;
        if (rep != NULL && str_length(rep) > 200)
            obj_setref(L, &rep, str_substring(L, rep, 0, 200));
        if (rep != NULL)
            err_format(L, EXC_ValueError, "invalid literal for int() with base %d: %U", base, rep);
        obj_xdecref(L, orig);
        obj_xdecref(L, rep);
        return NULL;
    }
    return r;
}

/* ------------------------------------------------------------------ */
/* Decimal                                                             */
/* ------------------------------------------------------------------ */

/* The decimal digits of u at the end of the buffer that ends at end (20
 * bytes at most): returns where they start. Written backwards, two digits
 * a step; snprintf spent more time in stdio's set-up than in the digits
 * (a quarter of a loop of str(i)). */
static char *u64_to_decimal(uint64_t u, char *end)
{
    static const char pairs[201] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    char *p = end;
    while (u >= 100) {
        unsigned r = (unsigned)(u % 100);
        u /= 100;
        *--p = pairs[2 * r + 1];
        *--p = pairs[2 * r];
    }
    if (u >= 10) {
        *--p = pairs[2 * u + 1];
        *--p = pairs[2 * u];
    } else {
        *--p = (char)('0' + u);
    }
    return p;
}

/* The decimal digits of a magnitude into a new buffer (*len bytes, not
 * NUL-terminated; "0" for zero), or NULL with an exception: MemoryError,
 * or ValueError past the digit limit (only when check_limit). */
static char *mag_to_decimal(Lang *L, const Mag *m, size_t *len, size_t *cap, int check_limit)
{
    intptr_t limit = check_limit ? int_max_str_digits(L) : 0;
    uint64_t bits = bn_bit_length(m->d, m->n);
    /* At least floor((bits - 1) * log10(2)) + 1 digits: refuse early what
     * is surely over the limit. */
    if (limit > 0 && bits > 1 && (double)(bits - 1) * 0.30102999 + 1 > (double)limit + 1) {
        err_format(L, EXC_ValueError, LIMIT_TO_STR, limit);
        return NULL;
    }
    size_t nchunks = m->n + m->n / 32 + 2;
    Buf buf;
    bn_word *t = int_buf_get(L, &buf, m->n + nchunks);
    if (t == NULL)
        return NULL;
    bn_word *chunks = t + m->n;
    memcpy(t, m->d, m->n * sizeof(bn_word));
    size_t n = m->n, k = 0;
    do {
        chunks[k++] = bn_divmod_1(t, t, n, POW10_19);
        n = bn_norm(t, n);
    } while (n > 0);
    *cap = k * 19 + 1;
    char *out = mem_alloc(L, *cap);
    if (out != NULL) {
        char first[24];
        char *f = u64_to_decimal(chunks[k - 1], first + sizeof first);
        size_t pos = (size_t)(first + sizeof first - f);
        memcpy(out, f, pos);
        for (size_t i = k - 1; i-- > 0;) {
            uint64_t c = chunks[i];
            for (int j = 18; j >= 0; j--) {
                out[pos + (size_t)j] = (char)('0' + c % 10);
                c /= 10;
            }
            pos += 19;
        }
        *len = pos;
        if (limit > 0 && pos > (size_t)limit) {
            mem_free(L, out, *cap);
            out = NULL;
            err_format(L, EXC_ValueError, LIMIT_TO_STR, limit);
        }
    }
    buf_free(L, &buf);
    return out;
}

/* abs(o)'s digits in base 2, 8 or 16 (lower or upper case) into a new
 * buffer. */
static char *mag_to_binary_base(Lang *L, const Mag *m, int base, int upper, size_t *len, size_t *cap)
{
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    unsigned bits = base == 2 ? 1 : base == 8 ? 3 : 4;
    uint64_t total = bn_bit_length(m->d, m->n);
    size_t ndig = total == 0 ? 1 : (size_t)((total + bits - 1) / bits);
    *cap = ndig + 1;
    char *out = mem_alloc(L, *cap);
    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < ndig; i++) {
        uint64_t pos = (uint64_t)i * bits;
        size_t wi = (size_t)(pos / 64);
        unsigned bi = (unsigned)(pos % 64);
        uint64_t v = wi < m->n ? m->d[wi] >> bi : 0;
        if (bi + bits > 64 && wi + 1 < m->n)
            v |= m->d[wi + 1] << (64 - bi);
        out[ndig - 1 - i] = set[v & ((1u << bits) - 1)];
    }
    *len = ndig;
    return out;
}

/* The digits of abs(o) in base (2, 8, 10, 16) and its sign. */
static char *digits_of(Lang *L, Obj *o, int base, int upper, int *neg, size_t *len, size_t *cap)
{
    Mag m;
    if (int_mag_get(L, o, &m) < 0)
        return NULL;
    *neg = m.neg;
    char *d = base == 10 ? mag_to_decimal(L, &m, len, cap, 1)
                         : mag_to_binary_base(L, &m, base, upper, len, cap);
    mag_free(L, &m);
    return d;
}

Obj *int_to_decimal_string(Lang *L, Obj *o)
{
    if (int_is_word(o)) {
        char buf[24];
        char *end = buf + sizeof buf;
        int64_t v = int_word(o);
        /* The magnitude as unsigned: -INT64_MIN does not fit an int64_t. */
        char *p = u64_to_decimal(v < 0 ? 0 - (uint64_t)v : (uint64_t)v, end);
        if (v < 0)
            *--p = '-';
        size_t n = (size_t)(end - p);
        return str_from_parts(L, p, n, (intptr_t)n, 1);
    }
    return int_to_base_string(L, o, 10, 0, 0);
}

Obj *int_repr(Lang *L, Obj *o)
{
    return int_to_decimal_string(L, o);
}

Obj *int_to_base_string(Lang *L, Obj *o, int base, int prefix, int upper)
{
    int neg;
    size_t len, cap;
    char *d = digits_of(L, o, base, upper, &neg, &len, &cap);
    if (d == NULL)
        return NULL;
    StrBuilder sb;
    sb_init(L, &sb);
    int rc = neg ? sb_append_char(&sb, '-') : 0;
    if (prefix && base != 10) {
        const char *p = base == 2 ? "0b" : base == 8 ? "0o" : "0x";
        rc |= sb_append(&sb, p, 2);
    }
    rc |= sb_append(&sb, d, len);
    mem_free(L, d, cap);
    if (rc != 0) {
        sb_abandon(&sb);
        return NULL;
    }
    return sb_finish(&sb);
}

/* ------------------------------------------------------------------ */
/* __format__                                                          */
/* ------------------------------------------------------------------ */

/* The 'c' presentation: the character with code point o. */
static Obj *format_char(Lang *L, Obj *o, const FormatSpec *f)
{
    if (f->sign)
        return err_format(L, EXC_ValueError, "Sign not allowed with integer format specifier 'c'");
    if (f->alternate)
        return err_format(L, EXC_ValueError,
                          "Alternate form (#) not allowed with integer format specifier 'c'");
    int64_t x = int_as_i64(L, o);
    if (x == -1 && err_occurred(L))
        return NULL;
    if (x < 0 || x > 0x10ffff)
        return err_format(L, EXC_OverflowError, "%%c arg not in range(0x110000)");
    char buf[4];
    int n = utf8_encode((uint32_t)x, buf);
    return fmt_number(L, f, 0, "", "", 0, 0, buf, (size_t)n, 0);
}

/* CPython's format_long_internal. */
static Obj *format_long(Lang *L, Obj *o, const FormatSpec *f)
{
    if (f->precision != -1)
        return err_format(L, EXC_ValueError, "Precision not allowed in integer format specifier");
    if (f->no_neg_0)
        return err_format(L, EXC_ValueError,
                          "Negative zero coercion (z) not allowed in integer format specifier");
    if (f->type == 'c')
        return format_char(L, o, f);
    int base = f->type == 'b' ? 2 : f->type == 'o' ? 8 : f->type == 'x' || f->type == 'X' ? 16 : 10;
    const char *prefix = !f->alternate || base == 10 ? "" : base == 2 ? "0b" : base == 8 ? "0o" : "0x";
    int neg;
    size_t len, cap;
    char *d = digits_of(L, o, base, f->type == 'X', &neg, &len, &cap);
    if (d == NULL)
        return NULL;
    Obj *r = fmt_number(L, f, neg, prefix, d, len, 0, "", 0, f->type == 'X');
    mem_free(L, d, cap);
    return r;
}

Obj *int_format(Lang *L, Obj *o, Obj *spec)
{
    if (str_nbytes(spec) == 0)
        return int_check_exact(L, o) ? int_to_decimal_string(L, o) : obj_str(L, o);
    FormatSpec f;
    if (format_spec_parse(L, o, spec, 'd', '>', &f) < 0)
        return NULL;
    switch (f.type) {
    case 'b': case 'c': case 'd': case 'o': case 'x': case 'X': case 'n':
        return format_long(L, o, &f);
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%': {
        /* PyNumber_Float(o): __float__ of its type. */
        Obj *fl = TYPE(o)->nb.to_float(L, o);
        if (fl == NULL)
            return NULL;
        Obj *r = float_format_spec(L, fl, &f);
        obj_decref(L, fl);
        return r;
    }
    default:
        return fmt_unknown_type(L, f.type, obj_type_name(o));
    }
}
