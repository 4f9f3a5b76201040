/*
 * strobject.c - str: creation, hashing, comparison, indexing,
 * concatenation (in place too), repr, ord/chr, and the type's slots and
 * iterator. UTF-8 with the code point count and an ASCII flag cached
 * (strobject.h states the invariants). The methods are in strmethods.c
 * and strcase.c, formatting in strformat.c, interning in strintern.c,
 * building strings in strbuilder.c.
 *
 * Indexing: ASCII strings are indexed directly. A non-ASCII string is
 * walked from the nearest known position: its start, its end, or the
 * position the Lang remembers from the last lookup (L->str_cache_*), so
 * loops that index a string forwards or backwards cost O(1) a step;
 * random access costs O(n).
 */
/* memmem (glibc declares it only for _GNU_SOURCE): linear-time search. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "strimpl.h"
#include "instance.h"
#include "intobject.h"
#include "sliceobject.h"
#include "tupleobject.h"
#include "typeobject.h"
#include "unicodectype.h"

/* ------------------------------------------------------------------ */
/* UTF-8                                                               */
/* ------------------------------------------------------------------ */

uint32_t utf8_decode(const char *s, size_t *pos)
{
    const unsigned char *p = (const unsigned char *)s + *pos;
    uint32_t c = p[0];
    if (c < 0x80) {
        *pos += 1;
        return c;
    }
    if (c < 0xE0) {
        *pos += 2;
        return ((c & 0x1F) << 6) | (p[1] & 0x3F);
    }
    if (c < 0xF0) {
        *pos += 3;
        return ((c & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    }
    *pos += 4;
    return ((c & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) | ((uint32_t)(p[2] & 0x3F) << 6) |
           (p[3] & 0x3F);
}

int utf8_encode(uint32_t c, char *buf)
{
    unsigned char *b = (unsigned char *)buf;
    if (c < 0x80) {
        b[0] = (unsigned char)c;
        return 1;
    }
    if (c < 0x800) {
        b[0] = (unsigned char)(0xC0 | (c >> 6));
        b[1] = (unsigned char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (c >> 12));
        b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    b[0] = (unsigned char)(0xF0 | (c >> 18));
    b[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
    b[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    b[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

intptr_t utf8_count(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t cont = 0;
    for (size_t i = 0; i < n; i++)
        cont += (p[i] & 0xC0) == 0x80;
    return (intptr_t)(n - cont);
}

/* Returns the offset of the first invalid byte, or n if s is valid UTF-8
 * (surrogates are refused, as CPython's strict decoder). *reason names the
 * problem in the decoder's words. */
static size_t utf8_validate(const unsigned char *s, size_t n, const char **reason)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        uint32_t min;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            min = 0x10000;
        } else {
            *reason = "invalid start byte";
            return i;
        }
        uint32_t cp = c & (0x3F >> need);
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= n) {
                *reason = "unexpected end of data";
                return i;
            }
            if ((s[i + k] & 0xC0) != 0x80) {
                *reason = "invalid continuation byte";
                return i;
            }
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            *reason = "invalid continuation byte";
            return i;
        }
        i += need + 1;
    }
    return n;
}

/* ------------------------------------------------------------------ */
/* Creation                                                            */
/* ------------------------------------------------------------------ */

/* Sets length and ascii from the bytes of a filled string. */
static void str_finish_counts(StrObject *s)
{
    size_t n = (size_t)s->ob.size;
    const unsigned char *p = (const unsigned char *)s->data;
    size_t cont = 0, high = 0;
    for (size_t i = 0; i < n; i++) {
        high |= p[i];
        cont += (p[i] & 0xC0) == 0x80;
    }
    s->ascii = high < 0x80;
    s->length = (intptr_t)(n - cont);
    s->hash = -1;
}

StrObject *str_alloc(Lang *L, size_t nbytes)
{
    if (nbytes > (size_t)INTPTR_MAX) {
        err_no_memory(L);
        return NULL;
    }
    StrObject *s = (StrObject *)obj_alloc_var(L, L->t_str, nbytes);
    if (s == NULL)
        return NULL;
    s->hash = -1;
    s->data[nbytes] = '\0';
    return s;
}

Obj *str_from_parts(Lang *L, const char *p, size_t n, intptr_t length, int ascii)
{
    if (n == 0 && L->empty_str != NULL)
        return obj_newref(L->empty_str);
    if (n == 1 && (unsigned char)p[0] < 0x80)
        return str_from_codepoint(L, (unsigned char)p[0]);
    StrObject *s = str_alloc(L, n);
    if (s == NULL)
        return NULL;
    memcpy(s->data, p, n);
    s->length = length;
    s->ascii = (uint8_t)ascii;
    return &s->ob.ob;
}

Obj *str_from_utf8_trusted(Lang *L, const char *p, size_t n)
{
    if (n == 0 && L->empty_str != NULL)
        return obj_newref(L->empty_str);
    if (n == 1 && (unsigned char)p[0] < 0x80)
        return str_from_codepoint(L, (unsigned char)p[0]);
    StrObject *s = str_alloc(L, n);
    if (s == NULL)
        return NULL;
    if (n)
        memcpy(s->data, p, n);
    str_finish_counts(s);
    return &s->ob.ob;
}

Obj *str_from_utf8(Lang *L, const char *p, size_t n)
{
    const char *reason = NULL;
    size_t bad = utf8_validate((const unsigned char *)p, n, &reason);
    if (bad != n)
        return err_format(L, EXC_UnicodeDecodeError,
                          "'utf-8' codec can't decode byte 0x%x in position %zu: %s",
                          (unsigned)(unsigned char)p[bad], bad, reason);
    return str_from_utf8_trusted(L, p, n);
}

Obj *str_from_cstr(Lang *L, const char *s)
{
    return str_from_utf8(L, s, strlen(s));
}

Obj *str_from_codepoint(Lang *L, uint32_t c)
{
    if (c < 128) {
        Obj *cached = L->ascii_chars[c];
        if (cached != NULL)
            return obj_newref(cached);
        StrObject *s = str_alloc(L, 1);
        if (s == NULL)
            return NULL;
        s->data[0] = (char)c;
        str_finish_counts(s);
        L->ascii_chars[c] = obj_newref(&s->ob.ob);
        return &s->ob.ob;
    }
    char buf[4];
    int n = utf8_encode(c, buf);
    StrObject *s = str_alloc(L, (size_t)n);
    if (s == NULL)
        return NULL;
    memcpy(s->data, buf, (size_t)n);
    s->length = 1;
    s->ascii = 0;
    return &s->ob.ob;
}

Obj *str_from_vformat(Lang *L, const char *fmt, va_list ap)
{
    StrBuilder sb;
    sb_init(L, &sb);
    if (sb_append_vformat(&sb, fmt, ap) < 0) {
        sb_abandon(&sb);
        return NULL;
    }
    return sb_finish(&sb);
}

Obj *str_from_format(Lang *L, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Obj *r = str_from_vformat(L, fmt, ap);
    va_end(ap);
    return r;
}

/* ------------------------------------------------------------------ */
/* Hash and comparison                                                 */
/* ------------------------------------------------------------------ */

static uint64_t mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* A fast, well-mixed hash of bytes (CPython randomises str hashes per
 * process, so no program may depend on their values). */
static uint64_t hash_bytes(const unsigned char *p, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0xbf58476d1ce4e5b9ULL);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0x94d049bb133111ebULL;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, p, n);
    h = (h ^ w) * 0x94d049bb133111ebULL;
    return mix64(h);
}

intptr_t str_hash(Obj *o)
{
    StrObject *s = (StrObject *)o;
    if (s->hash != -1)
        return s->hash;
    intptr_t h = (intptr_t)hash_bytes((const unsigned char *)s->data, str_nbytes(o));
    if (h == -1)
        h = -2;
    s->hash = h;
    return h;
}

int str_equal(Obj *a, Obj *b)
{
    if (a == b)
        return 1;
    size_t n = str_nbytes(a);
    if (n != str_nbytes(b))
        return 0;
    StrObject *sa = (StrObject *)a, *sb = (StrObject *)b;
    if (sa->hash != -1 && sb->hash != -1 && sa->hash != sb->hash)
        return 0;
    return memcmp(sa->data, sb->data, n) == 0;
}

int str_equal_cstr(Obj *a, const char *s)
{
    size_t n = strlen(s);
    return str_nbytes(a) == n && memcmp(str_data(a), s, n) == 0;
}

int str_compare(Obj *a, Obj *b)
{
    size_t na = str_nbytes(a), nb = str_nbytes(b);
    /* UTF-8 byte order is code point order. */
    int c = memcmp(str_data(a), str_data(b), na < nb ? na : nb);
    if (c != 0)
        return c;
    return na < nb ? -1 : na > nb ? 1 : 0;
}

/* ------------------------------------------------------------------ */
/* Code point offsets                                                  */
/* ------------------------------------------------------------------ */

size_t utf8_skip(const char *s, size_t pos, intptr_t count)
{
    const unsigned char *p = (const unsigned char *)s;
    while (count-- > 0) {
        pos++;
        while ((p[pos] & 0xC0) == 0x80)
            pos++;
    }
    return pos;
}

static size_t walk_backward(const char *s, size_t pos, intptr_t count)
{
    while (count-- > 0)
        pos = utf8_back(s, pos);
    return pos;
}

size_t str_offset(Lang *L, Obj *s, intptr_t i)
{
    if (str_is_ascii(s))
        return (size_t)i;
    const char *p = str_data(s);
    intptr_t len = str_length(s);
    /* The nearest known position: the start, the end or the cache. */
    intptr_t from = 0;
    size_t pos = 0;
    if (len - i < i) {
        from = len;
        pos = str_nbytes(s);
    }
    if (L->str_cache_str == s) {
        intptr_t d = L->str_cache_index - i, best = from > i ? from - i : i - from;
        if ((d < 0 ? -d : d) < best) {
            from = L->str_cache_index;
            pos = L->str_cache_offset;
        }
    }
    pos = i >= from ? utf8_skip(p, pos, i - from) : walk_backward(p, pos, from - i);
    L->str_cache_str = s;
    L->str_cache_index = i;
    L->str_cache_offset = pos;
    return pos;
}

intptr_t str_search(const char *hay, size_t from, size_t to, const char *needle, size_t m)
{
    if (from > to || to - from < m)
        return -1;
    if (m == 0)
        return (intptr_t)from;
    const char *hit = memmem(hay + from, to - from, needle, m);
    return hit ? (intptr_t)(hit - hay) : -1;
}

intptr_t str_rsearch(const char *hay, size_t from, size_t to, const char *needle, size_t m)
{
    if (from > to || to - from < m)
        return -1;
    if (m == 0)
        return (intptr_t)to;
    for (size_t i = to - m + 1; i-- > from;) {
        if (hay[i] == needle[0] && memcmp(hay + i, needle, m) == 0)
            return (intptr_t)i;
    }
    return -1;
}

/* ------------------------------------------------------------------ */
/* Operations                                                          */
/* ------------------------------------------------------------------ */

Obj *str_concat(Lang *L, Obj *a, Obj *b)
{
    size_t na = str_nbytes(a), nb = str_nbytes(b);
    if (nb == 0 && str_check_exact(L, a))
        return obj_newref(a);
    if (na == 0 && str_check_exact(L, b))
        return obj_newref(b);
    if (na > (size_t)INTPTR_MAX - nb)
        return err_no_memory(L);
    StrObject *s = str_alloc(L, na + nb);
    if (s == NULL)
        return NULL;
    memcpy(s->data, str_data(a), na);
    memcpy(s->data + na, str_data(b), nb);
    s->ascii = str_is_ascii(a) && str_is_ascii(b);
    s->length = str_length(a) + str_length(b);
    return &s->ob.ob;
}

/* Whether s may be changed in place: the caller holds its only reference
 * and nothing else knows it by address (interned table, caches). */
static int appendable(Lang *L, Obj *s)
{
    return s->refcnt == 1 && str_check_exact(L, s) && !str_is_interned(s) &&
           s != L->empty_str;
}

/* Records the byte count n of a STR_SPARE string in its room's tail. */
static void set_spare_nbytes(StrObject *s, size_t n)
{
    size_t room = (size_t)s->ob.size;
    memcpy(s->data + room + 1 - sizeof n, &n, sizeof n);
}

/* Appends right to the appendable string *left, growing its room by a
 * quarter when it is full. 0, or -1 with MemoryError (*left unchanged). */
static int append_in_place(Lang *L, Obj **left, Obj *right)
{
    StrObject *s = (StrObject *)*left;
    size_t na = str_nbytes(*left), nb = str_nbytes(right);
    if (nb > (size_t)INTPTR_MAX / 2 - na) {
        err_no_memory(L);
        return -1;
    }
    size_t need = na + nb;
    /* The tail holding the byte count must fit after the NUL. */
    if ((size_t)s->ob.size < need + sizeof(size_t) || !(s->state & STR_SPARE)) {
        size_t room = need + need / 4 + sizeof(size_t) + 8;
        if (L->str_cache_str == *left)
            L->str_cache_str = NULL;   /* the string may move */
        StrObject *moved = (StrObject *)ouro_resize_var(L->rt, *left, room);
        if (moved == NULL) {
            err_no_memory(L);
            return -1;
        }
        s = moved;
        *left = &s->ob.ob;
        s->state |= STR_SPARE;
    }
    memcpy(s->data + na, str_data(right), nb);
    s->data[need] = '\0';
    set_spare_nbytes(s, need);
    s->length += str_length(right);
    s->ascii = s->ascii && str_is_ascii(right);
    s->hash = -1;
    return 0;
}

int str_concat_inplace(Lang *L, Obj **left, Obj *right)
{
    Obj *a = *left;
    if (str_nbytes(right) == 0)
        return 0;
    if (str_nbytes(a) == 0) {
        *left = obj_newref(right);
        obj_decref(L, a);
        return 0;
    }
    if (appendable(L, a)) {
        if (append_in_place(L, left, right) == 0)
            return 0;
        obj_clearref(L, left);
        return -1;
    }
    Obj *r = str_concat(L, a, right);
    *left = r;
    obj_decref(L, a);
    return r == NULL ? -1 : 0;
}

uint32_t str_codepoint_at(Lang *L, Obj *s, intptr_t i)
{
    if (str_is_ascii(s))
        return (unsigned char)str_data(s)[i];
    size_t pos = str_offset(L, s, i);
    return utf8_decode(str_data(s), &pos);
}

Obj *str_char_at(Lang *L, Obj *s, intptr_t i)
{
    return str_from_codepoint(L, str_codepoint_at(L, s, i));
}

Obj *str_substring(Lang *L, Obj *s, intptr_t i, intptr_t j)
{
    if (i == 0 && j == str_length(s) && str_check_exact(L, s))
        return obj_newref(s);
    if (str_is_ascii(s))
        return str_from_parts(L, str_data(s) + i, (size_t)(j - i), j - i, 1);
    size_t a = str_offset(L, s, i);
    size_t b = utf8_skip(str_data(s), a, j - i);
    return str_from_utf8_trusted(L, str_data(s) + a, b - a);
}

/* Appends the escape of a character repr() does not show as is. */
static int append_escape(StrBuilder *sb, uint32_t c)
{
    char esc[16];
    int n;
    if (c <= 0xFF)
        n = snprintf(esc, sizeof esc, "\\x%02x", (unsigned)c);
    else if (c <= 0xFFFF)
        n = snprintf(esc, sizeof esc, "\\u%04x", (unsigned)c);
    else
        n = snprintf(esc, sizeof esc, "\\U%08x", (unsigned)c);
    return sb_append(sb, esc, (size_t)n);
}

Obj *str_repr(Lang *L, Obj *s)
{
    const char *p = str_data(s);
    size_t n = str_nbytes(s);
    /* CPython: single quotes unless the text has ' and no ". */
    int has_single = memchr(p, '\'', n) != NULL, has_double = memchr(p, '"', n) != NULL;
    char quote = (has_single && !has_double) ? '"' : '\'';
    StrBuilder sb;
    sb_init(L, &sb);
    int err = sb_append_char(&sb, quote);
    size_t pos = 0;
    while (err == 0 && pos < n) {
        uint32_t c = utf8_decode(p, &pos);
        if (c == (uint32_t)quote || c == '\\') {
            char esc[2] = {'\\', (char)c};
            err = sb_append(&sb, esc, 2);
        } else if (c == '\t') {
            err = sb_append(&sb, "\\t", 2);
        } else if (c == '\n') {
            err = sb_append(&sb, "\\n", 2);
        } else if (c == '\r') {
            err = sb_append(&sb, "\\r", 2);
        } else if (c < 0x7F && c >= 0x20) {
            err = sb_append_char(&sb, (char)c);
        } else if (uc_is_printable(c)) {
            err = sb_append_codepoint(&sb, c);
        } else {
            err = append_escape(&sb, c);
        }
    }
    if (err == 0)
        err = sb_append_char(&sb, quote);
    if (err < 0) {
        sb_abandon(&sb);
        return NULL;
    }
    return sb_finish(&sb);
}

Obj *obj_ascii(Lang *L, Obj *o)
{
    Obj *r = obj_repr(L, o);
    if (r == NULL || str_is_ascii(r))
        return r;
    StrBuilder sb;
    sb_init(L, &sb);
    const char *s = str_data(r);
    size_t pos = 0, n = str_nbytes(r);
    int err = 0;
    while (err == 0 && pos < n) {
        uint32_t c = utf8_decode(s, &pos);
        err = c < 0x80 ? sb_append_char(&sb, (char)c) : append_escape(&sb, c);
    }
    obj_decref(L, r);
    if (err < 0) {
        sb_abandon(&sb);
        return NULL;
    }
    return sb_finish(&sb);
}

Obj *str_ord(Lang *L, Obj *c)
{
    if (!str_check(c))
        return err_format(L, EXC_TypeError, "ord() expected string of length 1, but %.200s found",
                          obj_type_name(c));
    if (str_length(c) != 1)
        return err_format(L, EXC_TypeError,
                          "ord() expected a character, but string of length %zd found",
                          str_length(c));
    size_t pos = 0;
    return int_from_i64(L, utf8_decode(str_data(c), &pos));
}

Obj *str_chr(Lang *L, Obj *i)
{
    Obj *v = obj_index(L, i);
    if (v == NULL)
        return NULL;
    int64_t x = 0;
    int fits = int_as_i64_exact(v, &x);
    obj_decref(L, v);
    /* CPython converts to a C int first. */
    if (!fits || x > INT32_MAX || x < INT32_MIN)
        return err_format(L, EXC_OverflowError, "Python int too large to convert to C int");
    if (x < 0 || x > 0x10FFFF)
        return err_format(L, EXC_ValueError, "chr() arg not in range(0x110000)");
    return str_from_codepoint(L, (uint32_t)x);
}

/* ------------------------------------------------------------------ */
/* Lifecycle                                                           */
/* ------------------------------------------------------------------ */

static void str_dealloc(OuroRuntime *rt, Obj *self)
{
    (void)rt;
    Lang *L = LANG_OF(self);
    if (L->str_cache_str == self)
        L->str_cache_str = NULL;
    if (str_is_interned(self))
        intern_remove(L, self);
}

/* ------------------------------------------------------------------ */
/* Slots                                                               */
/* ------------------------------------------------------------------ */

static Obj *str_repr_slot(Lang *L, Obj *self)
{
    return str_repr(L, self);
}

static Obj *str_str(Lang *L, Obj *self)
{
    if (str_check_exact(L, self))
        return obj_newref(self);
    return str_from_utf8_trusted(L, str_data(self), str_nbytes(self));
}

static intptr_t str_hash_slot(Lang *L, Obj *self)
{
    (void)L;
    return str_hash(self);
}

static Obj *str_richcompare(Lang *L, Obj *a, Obj *b, int op)
{
    if (!str_check(a) || !str_check(b))
        return new_not_implemented(L);
    int r;
    if (op == CMP_EQ || op == CMP_NE) {
        r = str_equal(a, b) == (op == CMP_EQ);
    } else {
        int c = str_compare(a, b);
        r = op == CMP_LT ? c < 0 : op == CMP_LE ? c <= 0 : op == CMP_GT ? c > 0 : c >= 0;
    }
    return new_bool(L, r);
}

static intptr_t str_len(Lang *L, Obj *self)
{
    (void)L;
    return str_length(self);
}

static Obj *str_item(Lang *L, Obj *self, intptr_t i)
{
    if (i < 0 || i >= str_length(self))
        return err_format(L, EXC_IndexError, "string index out of range");
    return str_char_at(L, self, i);
}

/* s[start::step] for n code points, step != 1. */
static Obj *slice_stepped(Lang *L, Obj *self, intptr_t start, intptr_t step, intptr_t n)
{
    const char *p = str_data(self);
    StrBuilder sb;
    sb_init(L, &sb);
    int err = 0;
    if (str_is_ascii(self)) {
        for (intptr_t k = 0, i = start; err == 0 && k < n; k++, i += step)
            err = sb_append_char(&sb, p[i]);
    } else if (n > 0) {
        size_t pos = str_offset(L, self, start);
        for (intptr_t k = 0; err == 0 && k < n; k++) {
            size_t at = pos;
            err = sb_append_codepoint(&sb, utf8_decode(p, &at));
            if (k + 1 < n)
                pos = step > 0 ? utf8_skip(p, pos, step) : walk_backward(p, pos, -step);
        }
    }
    if (err < 0) {
        sb_abandon(&sb);
        return NULL;
    }
    return sb_finish(&sb);
}

static Obj *str_subscript(Lang *L, Obj *self, Obj *key)
{
    if (TYPE(key)->nb.index != NULL || int_check(key)) {
        intptr_t i = obj_as_ssize(L, key, EXC_IndexError);
        if (i == -1 && err_occurred(L))
            return NULL;
        if (i < 0)
            i += str_length(self);
        return str_item(L, self, i);
    }
    if (slice_check(L, key)) {
        intptr_t start, stop, step;
        if (slice_unpack(L, key, &start, &stop, &step) < 0)
            return NULL;
        intptr_t n = slice_adjust_indices(str_length(self), &start, &stop, step);
        if (step == 1 || n == 0)
            return n == 0 ? obj_newref(L->empty_str) : str_substring(L, self, start, start + n);
        return slice_stepped(L, self, start, step, n);
    }
    return err_format(L, EXC_TypeError, "string indices must be integers, not '%.200s'",
                      obj_type_name(key));
}

static int str_contains(Lang *L, Obj *self, Obj *x)
{
    if (!str_check(x)) {
        err_format(L, EXC_TypeError, "'in <string>' requires string as left operand, not %.200s",
                   obj_type_name(x));
        return -1;
    }
    return str_search(str_data(self), 0, str_nbytes(self), str_data(x), str_nbytes(x)) >= 0;
}

static Obj *str_concat_slot(Lang *L, Obj *a, Obj *b)
{
    if (!str_check(a) || !str_check(b))
        return err_format(L, EXC_TypeError, "can only concatenate str (not \"%.200s\") to str",
                          obj_type_name(str_check(a) ? b : a));
    return str_concat(L, a, b);
}

static Obj *str_repeat(Lang *L, Obj *self, intptr_t n)
{
    size_t size = str_nbytes(self);
    if (n <= 0 || size == 0)
        return obj_newref(L->empty_str);
    if (n == 1 && str_check_exact(L, self))
        return obj_newref(self);
    if (str_length(self) > INTPTR_MAX / n)
        return err_format(L, EXC_OverflowError, "repeated string is too long");
    if (size > (size_t)INTPTR_MAX / (size_t)n)
        return err_no_memory(L);
    StrObject *s = str_alloc(L, size * (size_t)n);
    if (s == NULL)
        return NULL;
    /* Doubling copies: log(n) memcpy calls. */
    size_t total = size * (size_t)n, done = size;
    memcpy(s->data, str_data(self), size);
    while (done < total) {
        size_t chunk = done < total - done ? done : total - done;
        memcpy(s->data + done, s->data, chunk);
        done += chunk;
    }
    s->ascii = str_is_ascii(self);
    s->length = str_length(self) * n;
    return &s->ob.ob;
}

/* str(object='', encoding='utf-8', errors='strict'): there is no bytes
 * type, so any encoding or errors argument is refused as CPython refuses
 * it for a non-buffer. */
static Obj *str_tp_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames)
{
    static const char *const names[] = {"object", "encoding", "errors"};
    Obj *a[3];
    if (str_bind_args(L, "str", names, 3, args, nargs, kwnames, a) < 0)
        return NULL;
    for (int k = 1; k < 3; k++) {
        if (a[k] != NULL && !str_check(a[k]))
            return err_format(L, EXC_TypeError, "str() argument '%s' must be str, not %.200s",
                              names[k], obj_type_name(a[k]));
    }
    if (a[1] != NULL || a[2] != NULL) {
        if (a[0] == NULL)
            return obj_newref(L->empty_str);
        if (str_check(a[0]))
            return err_format(L, EXC_TypeError, "decoding str is not supported");
        return err_format(L, EXC_TypeError, "decoding to str: need a bytes-like object, %.200s found",
                          obj_type_name(a[0]));
    }
    Obj *s = a[0] ? obj_str(L, a[0]) : obj_newref(L->empty_str);
    if (s == NULL || type == L->t_str)
        return s;
    size_t n = str_nbytes(s);
    StrObject *sub = (StrObject *)instance_alloc(L, type, n);
    if (sub != NULL) {
        memcpy(sub->data, str_data(s), n);
        sub->data[n] = '\0';
        str_finish_counts(sub);
    }
    obj_decref(L, s);
    return (Obj *)sub;
}

/* ------------------------------------------------------------------ */
/* Iterator                                                            */
/* ------------------------------------------------------------------ */

typedef struct StrIterObject {
    OuroObject ob;
    size_t pos;                   /* byte offset of the next character */
    Obj *str;                     /* owned; NULL once exhausted */
} StrIterObject;

static Obj *str_iter(Lang *L, Obj *self)
{
    StrIterObject *it = (StrIterObject *)obj_alloc(L, L->t_str_iter);
    if (it == NULL)
        return NULL;
    it->str = obj_newref(self);
    obj_track(L, &it->ob);
    return &it->ob;
}

static Obj *striter_next(Lang *L, Obj *self)
{
    StrIterObject *it = (StrIterObject *)self;
    if (it->str == NULL)
        return NULL;
    if (it->pos >= str_nbytes(it->str)) {
        obj_clearref(L, &it->str);
        return NULL;
    }
    return str_from_codepoint(L, utf8_decode(str_data(it->str), &it->pos));
}

static Obj *striter_iter(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(self);
}

static int striter_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    Obj *s = ((StrIterObject *)self)->str;
    return s ? visit(s, arg) : 0;
}

static int striter_clear(OuroRuntime *rt, Obj *self)
{
    ouro_clearref(rt, &((StrIterObject *)self)->str);
    return 0;
}

const TypeSpec str_iter_spec = {
    .name = "str_ascii_iterator",
    .basic_size = sizeof(StrIterObject),
    .core_flags = OURO_TYPE_GC,
    .traverse = striter_traverse,
    .clear = striter_clear,
    .iter = striter_iter,
    .iternext = striter_next,
};

/* ------------------------------------------------------------------ */
/* The type                                                            */
/* ------------------------------------------------------------------ */

static const SequenceSlots str_sq = {
    .concat = str_concat_slot,
    .repeat = str_repeat,
    .item = str_item,
};

const TypeSpec str_spec = {
    .name = "str",
    .basic_size = offsetof(StrObject, data) + 1,
    .item_size = 1,
    .flags = TF_BASETYPE | TF_STR_SUBCLASS,
    .dealloc = str_dealloc,
    .repr = str_repr_slot,
    .str = str_str,
    .hash = str_hash_slot,
    .richcompare = str_richcompare,
    .iter = str_iter,
    .length = str_len,
    .subscript = str_subscript,
    .contains = str_contains,
    .tp_new = str_tp_new,
    .nb = &str_number_slots,
    .sq = &str_sq,
    .methods = str_methods,
    .doc = "str(object='') -> str\nstr(bytes_or_buffer[, encoding[, errors]]) -> str\n\n"
           "Create a new string object from the given object.",
};
