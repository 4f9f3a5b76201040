/*
 * strobject.c - str: creation, hashing, comparison, repr and the type's
 * slots and methods. UTF-8 with the code point count and an ASCII flag
 * cached (strobject.h states the invariants). Interning is in
 * strintern.c, building strings in strbuilder.c.
 */
#include <stdio.h>
#include <string.h>

#include "strobject.h"
#include "instance.h"
#include "intobject.h"
#include "sliceobject.h"
#include "tupleobject.h"
#include "typeobject.h"

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

/* Counts code points and sets the ASCII flag of a filled string. */
static void finish_counts(StrObject *s)
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

/* A new exact str of nbytes uninitialised bytes (NUL-terminated). */
static StrObject *str_alloc(Lang *L, size_t nbytes)
{
    StrObject *s = (StrObject *)obj_alloc_var(L, L->t_str, nbytes);
    if (s == NULL)
        return NULL;
    s->hash = -1;
    s->data[nbytes] = '\0';
    return s;
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
    finish_counts(s);
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
        finish_counts(s);
        L->ascii_chars[c] = obj_newref(&s->ob.ob);
        return &s->ob.ob;
    }
    char buf[4];
    int n = utf8_encode(c, buf);
    StrObject *s = str_alloc(L, (size_t)n);
    if (s == NULL)
        return NULL;
    memcpy(s->data, buf, (size_t)n);
    finish_counts(s);
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
    intptr_t h = (intptr_t)hash_bytes((const unsigned char *)s->data, (size_t)s->ob.size);
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

/* The byte offset count code points after byte offset pos. */
static size_t advance(Obj *s, size_t pos, intptr_t count)
{
    if (str_is_ascii(s))
        return pos + (size_t)count;
    const unsigned char *p = (const unsigned char *)str_data(s);
    while (count > 0) {
        pos++;
        while ((p[pos] & 0xC0) == 0x80)
            pos++;
        count--;
    }
    return pos;
}

Obj *str_char_at(Lang *L, Obj *s, intptr_t i)
{
    size_t pos = advance(s, 0, i);
    return str_from_codepoint(L, utf8_decode(str_data(s), &pos));
}

Obj *str_substring(Lang *L, Obj *s, intptr_t i, intptr_t j)
{
    if (i == 0 && j == str_length(s) && str_check_exact(L, s))
        return obj_newref(s);
    size_t a = advance(s, 0, i);
    size_t b = advance(s, a, j - i);
    return str_from_utf8_trusted(L, str_data(s) + a, b - a);
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
        char esc[16];
        if (c == (uint32_t)quote || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            err = sb_append(&sb, esc, 2);
        } else if (c == '\t') {
            err = sb_append(&sb, "\\t", 2);
        } else if (c == '\n') {
            err = sb_append(&sb, "\\n", 2);
        } else if (c == '\r') {
            err = sb_append(&sb, "\\r", 2);
        } else if (c < 0x20 || c == 0x7F) {
            snprintf(esc, sizeof esc, "\\x%02x", (unsigned)c);
            err = sb_append(&sb, esc, 4);
        } else if (c < 0x7F) {
            err = sb_append_char(&sb, (char)c);
        } else if (unicode_is_printable(c)) {
            err = sb_append_codepoint(&sb, c);
        } else if (c <= 0xFF) {
            snprintf(esc, sizeof esc, "\\x%02x", (unsigned)c);
            err = sb_append(&sb, esc, 4);
        } else if (c <= 0xFFFF) {
            snprintf(esc, sizeof esc, "\\u%04x", (unsigned)c);
            err = sb_append(&sb, esc, 6);
        } else {
            snprintf(esc, sizeof esc, "\\U%08x", (unsigned)c);
            err = sb_append(&sb, esc, 10);
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

/* ------------------------------------------------------------------ */
/* Lifecycle                                                           */
/* ------------------------------------------------------------------ */

static void str_dealloc(OuroRuntime *rt, Obj *self)
{
    (void)rt;
    if (str_is_interned(self))
        intern_remove(LANG_OF(self), self);
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

static Obj *str_subscript(Lang *L, Obj *self, Obj *key)
{
    if (TYPE(key)->nb.index != NULL) {
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
        if (step == 1)
            return str_substring(L, self, start, start + n);
        StrBuilder sb;
        sb_init(L, &sb);
        for (intptr_t k = 0, i = start; k < n; k++, i += step) {
            size_t pos = advance(self, 0, i);
            if (sb_append_codepoint(&sb, utf8_decode(str_data(self), &pos)) < 0) {
                sb_abandon(&sb);
                return NULL;
            }
        }
        return sb_finish(&sb);
    }
    return err_format(L, EXC_TypeError, "string indices must be integers, not '%.200s'",
                      obj_type_name(key));
}

/* Byte offset of needle in s from byte offset `from`, or -1. */
static intptr_t find_bytes(Obj *s, Obj *needle, size_t from, size_t to)
{
    size_t n = str_nbytes(needle);
    const char *p = str_data(s), *q = str_data(needle);
    if (n == 0)
        return from <= to ? (intptr_t)from : -1;
    for (size_t i = from; i + n <= to; i++) {
        if (p[i] == q[0] && memcmp(p + i, q, n) == 0)
            return (intptr_t)i;
    }
    return -1;
}

static int str_contains(Lang *L, Obj *self, Obj *x)
{
    if (!str_check(x)) {
        err_format(L, EXC_TypeError, "'in <string>' requires string as left operand, not %.200s",
                   obj_type_name(x));
        return -1;
    }
    return find_bytes(self, x, 0, str_nbytes(self)) >= 0;
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
    if (size > (size_t)INTPTR_MAX / (size_t)n)
        return err_format(L, EXC_OverflowError, "repeated string is too long");
    StrObject *s = str_alloc(L, size * (size_t)n);
    if (s == NULL)
        return NULL;
    for (intptr_t k = 0; k < n; k++)
        memcpy(s->data + (size_t)k * size, str_data(self), size);
    s->ascii = str_is_ascii(self);
    s->length = str_length(self) * n;
    return &s->ob.ob;
}

static Obj *str_tp_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames)
{
    if ((kwnames != NULL && tuple_size(kwnames) > 0) || nargs > 1)
        return err_format(L, EXC_TypeError, "str() with an encoding is not supported yet");
    Obj *s = nargs ? obj_str(L, args[0]) : obj_newref(L->empty_str);
    if (s == NULL || type == L->t_str)
        return s;
    size_t n = str_nbytes(s);
    StrObject *sub = (StrObject *)instance_alloc(L, type, n);
    if (sub != NULL) {
        memcpy(sub->data, str_data(s), n);
        sub->data[n] = '\0';
        finish_counts(sub);
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
/* Methods                                                             */
/* ------------------------------------------------------------------ */

#define METHOD(name) static Obj *name(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)

static int need_str(Lang *L, Obj *o, const char *what)
{
    if (str_check(o))
        return 0;
    err_format(L, EXC_TypeError, "%s must be str, not %.200s", what, obj_type_name(o));
    return -1;
}

/* The optional start/end arguments of find-like methods as byte offsets. */
static int byte_range(Lang *L, Obj *self, Obj *const *args, size_t nargs, size_t *from, size_t *to)
{
    intptr_t len = str_length(self), start = 0, end = len;
    for (size_t k = 1; k < nargs; k++) {
        if (args[k] == L->none)
            continue;
        intptr_t v = obj_as_ssize(L, args[k], -1);
        if (v == -1 && err_occurred(L))
            return -1;
        if (v < 0 && (v += len) < 0)
            v = 0;
        if (v > len)
            v = len;
        *(k == 1 ? &start : &end) = v;
    }
    if (start > end) {
        *from = 1;
        *to = 0;
        return 0;
    }
    *from = advance(self, 0, start);
    *to = advance(self, *from, end - start);
    return 0;
}

/* The code point index of byte offset pos. */
static intptr_t index_of(Obj *s, size_t pos)
{
    if (str_is_ascii(s))
        return (intptr_t)pos;
    intptr_t n = 0;
    const unsigned char *p = (const unsigned char *)str_data(s);
    for (size_t i = 0; i < pos; i++)
        n += (p[i] & 0xC0) != 0x80;
    return n;
}

static intptr_t find_common(Lang *L, Obj *self, Obj *const *args, size_t nargs, const char *name,
                            int reverse)
{
    if (nargs < 1 || nargs > 3) {
        err_format(L, EXC_TypeError, "%s expected at least 1 argument, got %zu", name, nargs);
        return -2;
    }
    if (need_str(L, args[0], "must be str, not") < 0)
        return -2;
    size_t from, to;
    if (byte_range(L, self, args, nargs, &from, &to) < 0)
        return -2;
    if (from > to)
        return -1;
    intptr_t hit = -1;
    for (intptr_t at = find_bytes(self, args[0], from, to); at >= 0;
         at = find_bytes(self, args[0], (size_t)at + 1, to)) {
        hit = at;
        if (!reverse)
            break;
    }
    return hit < 0 ? -1 : index_of(self, (size_t)hit);
}

METHOD(str_find)
{
    (void)kwnames;
    intptr_t r = find_common(L, self, args, nargs, "find", 0);
    return r == -2 ? NULL : int_from_i64(L, r);
}

METHOD(str_rfind)
{
    (void)kwnames;
    intptr_t r = find_common(L, self, args, nargs, "rfind", 1);
    return r == -2 ? NULL : int_from_i64(L, r);
}

METHOD(str_index)
{
    (void)kwnames;
    intptr_t r = find_common(L, self, args, nargs, "index", 0);
    if (r == -1)
        return err_format(L, EXC_ValueError, "substring not found");
    return r == -2 ? NULL : int_from_i64(L, r);
}

METHOD(str_count)
{
    (void)kwnames;
    if (nargs < 1 || nargs > 3)
        return err_format(L, EXC_TypeError, "count expected at least 1 argument, got %zu", nargs);
    if (need_str(L, args[0], "must be str, not") < 0)
        return NULL;
    size_t from, to;
    if (byte_range(L, self, args, nargs, &from, &to) < 0)
        return NULL;
    if (from > to)
        return int_from_i64(L, 0);
    size_t step = str_nbytes(args[0]);
    if (step == 0)
        return int_from_i64(L, index_of(self, to) - index_of(self, from) + 1);
    int64_t count = 0;
    for (intptr_t at = find_bytes(self, args[0], from, to); at >= 0;
         at = find_bytes(self, args[0], (size_t)at + step, to))
        count++;
    return int_from_i64(L, count);
}

static Obj *starts_ends(Lang *L, Obj *self, Obj *const *args, size_t nargs, int ends)
{
    const char *name = ends ? "endswith" : "startswith";
    if (nargs < 1 || nargs > 3)
        return err_format(L, EXC_TypeError, "%s expected at least 1 argument, got %zu", name, nargs);
    size_t from, to;
    if (byte_range(L, self, args, nargs, &from, &to) < 0)
        return NULL;
    Obj *prefixes = args[0];
    size_t n = tuple_check(prefixes) ? tuple_size(prefixes) : 1;
    for (size_t i = 0; i < n; i++) {
        Obj *p = tuple_check(prefixes) ? tuple_get_borrowed(prefixes, i) : prefixes;
        if (!str_check(p))
            return err_format(L, EXC_TypeError,
                              tuple_check(prefixes)
                                  ? "tuple for %s must only contain str, not %.200s"
                                  : "%s first arg must be str or a tuple of str, not %.200s",
                              name, obj_type_name(p));
        size_t m = str_nbytes(p);
        if (from > to || to - from < m)
            continue;
        const char *at = str_data(self) + (ends ? to - m : from);
        if (memcmp(at, str_data(p), m) == 0)
            return new_bool(L, 1);
    }
    return new_bool(L, 0);
}

METHOD(str_startswith)
{
    (void)kwnames;
    return starts_ends(L, self, args, nargs, 0);
}

METHOD(str_endswith)
{
    (void)kwnames;
    return starts_ends(L, self, args, nargs, 1);
}

/* Whether code point c is whitespace (str.isspace() for the ASCII and
 * Latin-1 ranges and the common Unicode spaces). */
static int is_space_cp(uint32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Whether c is in chars (a str), or whitespace when chars is NULL. */
static int strip_match(Obj *chars, uint32_t c)
{
    if (chars == NULL)
        return is_space_cp(c);
    size_t pos = 0, n = str_nbytes(chars);
    while (pos < n) {
        if (utf8_decode(str_data(chars), &pos) == c)
            return 1;
    }
    return 0;
}

static Obj *strip_common(Lang *L, Obj *self, Obj *const *args, size_t nargs, int left, int right)
{
    if (nargs > 1)
        return err_format(L, EXC_TypeError, "strip expected at most 1 argument, got %zu", nargs);
    Obj *chars = nargs && args[0] != L->none ? args[0] : NULL;
    if (chars && need_str(L, chars, "strip arg") < 0)
        return NULL;
    const char *p = str_data(self);
    size_t a = 0, b = str_nbytes(self);
    while (left && a < b) {
        size_t pos = a;
        if (!strip_match(chars, utf8_decode(p, &pos)))
            break;
        a = pos;
    }
    while (right && b > a) {
        size_t start = b - 1;
        while (start > a && ((unsigned char)p[start] & 0xC0) == 0x80)
            start--;
        size_t pos = start;
        if (!strip_match(chars, utf8_decode(p, &pos)))
            break;
        b = start;
    }
    if (a == 0 && b == str_nbytes(self) && str_check_exact(L, self))
        return obj_newref(self);
    return str_from_utf8_trusted(L, p + a, b - a);
}

METHOD(str_strip)
{
    (void)kwnames;
    return strip_common(L, self, args, nargs, 1, 1);
}

METHOD(str_lstrip)
{
    (void)kwnames;
    return strip_common(L, self, args, nargs, 1, 0);
}

METHOD(str_rstrip)
{
    (void)kwnames;
    return strip_common(L, self, args, nargs, 0, 1);
}

/* ASCII case mapping; other letters are kept (a gap: full Unicode case
 * tables are not in yet). */
static Obj *map_case(Lang *L, Obj *self, int upper)
{
    size_t n = str_nbytes(self);
    StrObject *s = str_alloc(L, n);
    if (s == NULL)
        return NULL;
    const char *p = str_data(self);
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (upper && c >= 'a' && c <= 'z')
            c = (char)(c - 32);
        else if (!upper && c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        s->data[i] = c;
    }
    s->ascii = str_is_ascii(self);
    s->length = str_length(self);
    return &s->ob.ob;
}

METHOD(str_upper)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return map_case(L, self, 1);
}

METHOD(str_lower)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return map_case(L, self, 0);
}

METHOD(str_replace)
{
    (void)kwnames;
    if (nargs < 2 || nargs > 3)
        return err_format(L, EXC_TypeError, "replace expected at least 2 arguments, got %zu", nargs);
    Obj *old = args[0], *new_ = args[1];
    if (need_str(L, old, "replace() argument 1") < 0 || need_str(L, new_, "replace() argument 2") < 0)
        return NULL;
    intptr_t max = -1;
    if (nargs == 3 && (max = obj_as_ssize(L, args[2], -1)) == -1 && err_occurred(L))
        return NULL;
    StrBuilder sb;
    sb_init(L, &sb);
    size_t n = str_nbytes(self), on = str_nbytes(old), pos = 0;
    int err = 0;
    intptr_t done = 0;
    if (on == 0) {
        /* Insert new before every character and at the end. */
        while (err == 0 && (max < 0 || done < max) && pos <= n) {
            err = sb_append_str(&sb, new_);
            done++;
            if (pos == n)
                break;
            size_t next = pos;
            utf8_decode(str_data(self), &next);
            if (err == 0)
                err = sb_append(&sb, str_data(self) + pos, next - pos);
            pos = next;
        }
    } else {
        intptr_t at;
        while (err == 0 && (max < 0 || done < max) && (at = find_bytes(self, old, pos, n)) >= 0) {
            err = sb_append(&sb, str_data(self) + pos, (size_t)at - pos);
            if (err == 0)
                err = sb_append_str(&sb, new_);
            pos = (size_t)at + on;
            done++;
        }
    }
    if (err == 0 && pos < n)
        err = sb_append(&sb, str_data(self) + pos, n - pos);
    if (err < 0) {
        sb_abandon(&sb);
        return NULL;
    }
    return sb_finish(&sb);
}

METHOD(str_join)
{
    (void)nargs;
    (void)kwnames;
    Obj *seq = tuple_from_iterable(L, args[0]);
    if (seq == NULL)
        return NULL;
    size_t n = tuple_size(seq);
    if (n == 1 && str_check_exact(L, tuple_get_borrowed(seq, 0))) {
        Obj *r = obj_newref(tuple_get_borrowed(seq, 0));
        obj_decref(L, seq);
        return r;
    }
    StrBuilder sb;
    sb_init(L, &sb);
    int err = 0;
    for (size_t i = 0; err == 0 && i < n; i++) {
        Obj *item = tuple_get_borrowed(seq, i);
        if (!str_check(item)) {
            err_format(L, EXC_TypeError, "sequence item %zu: expected str instance, %.80s found", i,
                       obj_type_name(item));
            err = -1;
            break;
        }
        if (i > 0)
            err = sb_append_str(&sb, self);
        if (err == 0)
            err = sb_append_str(&sb, item);
    }
    obj_decref(L, seq);
    if (err < 0) {
        sb_abandon(&sb);
        return NULL;
    }
    return sb_finish(&sb);
}

static Obj *char_test(Lang *L, Obj *self, int (*pred)(uint32_t))
{
    size_t pos = 0, n = str_nbytes(self);
    if (n == 0)
        return new_bool(L, 0);
    while (pos < n) {
        if (!pred(utf8_decode(str_data(self), &pos)))
            return new_bool(L, 0);
    }
    return new_bool(L, 1);
}

static int is_digit_cp(uint32_t c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha_cp(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c != 0xD7 && c != 0xF7 && c <= 0x24F);
}

static int is_alnum_cp(uint32_t c)
{
    return is_digit_cp(c) || is_alpha_cp(c);
}

METHOD(str_isdigit)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return char_test(L, self, is_digit_cp);
}

METHOD(str_isalpha)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return char_test(L, self, is_alpha_cp);
}

METHOD(str_isalnum)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return char_test(L, self, is_alnum_cp);
}

METHOD(str_isspace)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return char_test(L, self, is_space_cp);
}

METHOD(str_isascii)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return new_bool(L, str_is_ascii(self));
}

METHOD(str_isprintable)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    size_t pos = 0, n = str_nbytes(self);
    while (pos < n) {
        if (!unicode_is_printable(utf8_decode(str_data(self), &pos)))
            return new_bool(L, 0);
    }
    return new_bool(L, 1);
}

METHOD(str_sizeof)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return int_from_size(L, ouro_object_size(self));
}

METHOD(str_format_method)
{
    (void)nargs;
    (void)kwnames;
    if (need_str(L, args[0], "format() argument 2") < 0)
        return NULL;
    if (str_nbytes(args[0]) == 0)
        return str_str(L, self);
    return err_format(L, EXC_ValueError, "format specifications for str are not supported yet");
}

static const MethodDef str_methods[] = {
    {"join", str_join, METH_O, "Concatenate any number of strings."},
    {"find", str_find, 0, "Return the lowest index in S where substring sub is found."},
    {"rfind", str_rfind, 0, "Return the highest index in S where substring sub is found."},
    {"index", str_index, 0, "Return the lowest index in S where substring sub is found."},
    {"count", str_count, 0, "Return the number of non-overlapping occurrences of substring sub."},
    {"startswith", str_startswith, 0, "Return True if S starts with the specified prefix, False otherwise."},
    {"endswith", str_endswith, 0, "Return True if S ends with the specified suffix, False otherwise."},
    {"strip", str_strip, 0, "Return a copy of the string with leading and trailing whitespace removed."},
    {"lstrip", str_lstrip, 0, "Return a copy of the string with leading whitespace removed."},
    {"rstrip", str_rstrip, 0, "Return a copy of the string with trailing whitespace removed."},
    {"upper", str_upper, METH_NOARGS, "Return a copy of the string converted to uppercase."},
    {"lower", str_lower, METH_NOARGS, "Return a copy of the string converted to lowercase."},
    {"replace", str_replace, 0, "Return a copy with all occurrences of substring old replaced by new."},
    {"isdigit", str_isdigit, METH_NOARGS, "Return True if the string is a digit string, False otherwise."},
    {"isalpha", str_isalpha, METH_NOARGS, "Return True if the string is an alphabetic string, False otherwise."},
    {"isalnum", str_isalnum, METH_NOARGS, "Return True if the string is an alpha-numeric string, False otherwise."},
    {"isspace", str_isspace, METH_NOARGS, "Return True if the string is a whitespace string, False otherwise."},
    {"isascii", str_isascii, METH_NOARGS, "Return True if all characters in the string are ASCII, False otherwise."},
    {"isprintable", str_isprintable, METH_NOARGS, "Return True if the string is printable, False otherwise."},
    {"__format__", str_format_method, METH_O, "Return a formatted version of the string as described by format_spec."},
    {"__sizeof__", str_sizeof, METH_NOARGS, "Return the size of the string in memory, in bytes."},
    {NULL, NULL, 0, NULL},
};

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
    .sq = &str_sq,
    .methods = str_methods,
    .doc = "str(object='') -> str",
};
