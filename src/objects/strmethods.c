/*
 * strmethods.c - the methods of str that search, split, join, strip,
 * replace and pad, and the method table of the type. Case mapping and the
 * is* predicates are in strcase.c, formatting in strformat.c.
 *
 * Semantics and messages are CPython 3.11's, including which results are
 * the receiver itself: a method that changes nothing returns self when
 * self is an exact str ('abc'.replace('x', 'y') is the same object), and
 * split-like methods put self in the list when there is nothing to split.
 * Offsets: the search itself works on UTF-8 bytes (memmem); code point
 * indices are converted at the edges (str_offset, utf8_count).
 */
#include <string.h>

#include "strimpl.h"
#include "dictobject.h"
#include "intobject.h"
#include "listobject.h"
#include "tupleobject.h"
#include "typeobject.h"
#include "unicodectype.h"

/* ------------------------------------------------------------------ */
/* Arguments                                                           */
/* ------------------------------------------------------------------ */

static Obj *find_kw(Obj *kwnames, Obj *const *kwvalues, const char *name)
{
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    for (size_t k = 0; k < nkw; k++) {
        if (str_equal_cstr(tuple_get_borrowed(kwnames, k), name))
            return kwvalues[k];
    }
    return NULL;
}

int str_bind_args(Lang *L, const char *fname, const char *const *names, size_t n,
                  Obj *const *args, size_t nargs, Obj *kwnames, Obj **out)
{
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    if (nargs + nkw > n) {
        err_format(L, EXC_TypeError, "%s() takes at most %zu argument%s (%zu given)", fname, n,
                   n == 1 ? "" : "s", nargs + nkw);
        return -1;
    }
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        out[i] = i < nargs ? args[i] : find_kw(kwnames, args + nargs, names[i]);
        used += i >= nargs && out[i] != NULL;
    }
    if (used == nkw)
        return 0;
    for (size_t i = 0; i < nargs; i++) {
        if (find_kw(kwnames, args + nargs, names[i]) != NULL) {
            err_format(L, EXC_TypeError, "argument for %s() given by name ('%s') and position (%zu)",
                       fname, names[i], i + 1);
            return -1;
        }
    }
    for (size_t k = 0; k < nkw; k++) {
        Obj *kw = tuple_get_borrowed(kwnames, k);
        size_t i = 0;
        while (i < n && !str_equal_cstr(kw, names[i]))
            i++;
        if (i == n) {
            err_format(L, EXC_TypeError, "'%U' is an invalid keyword argument for %s()", kw, fname);
            return -1;
        }
    }
    return 0;
}

int str_check_nargs(Lang *L, const char *fname, size_t nargs, size_t min, size_t max)
{
    if (nargs < min) {
        err_format(L, EXC_TypeError, "%s expected %s%zu argument%s, got %zu", fname,
                   min == max ? "" : "at least ", min, min == 1 ? "" : "s", nargs);
        return -1;
    }
    if (nargs > max) {
        err_format(L, EXC_TypeError, "%s expected %s%zu argument%s, got %zu", fname,
                   min == max ? "" : "at most ", max, max == 1 ? "" : "s", nargs);
        return -1;
    }
    return 0;
}

/* The argument checks of the find-like methods, which CPython 3.11 words
 * differently from the others ("find() takes no keyword arguments",
 * "find() takes at least 1 argument (0 given)"). */
static int check_find_nargs(Lang *L, const char *fname, size_t nargs, Obj *kwnames)
{
    if (kwnames != NULL && tuple_size(kwnames) > 0) {
        err_format(L, EXC_TypeError, "%s() takes no keyword arguments", fname);
        return -1;
    }
    if (nargs < 1) {
        err_format(L, EXC_TypeError, "%s() takes at least 1 argument (0 given)", fname);
        return -1;
    }
    if (nargs > 3) {
        err_format(L, EXC_TypeError, "%s() takes at most 3 arguments (%zu given)", fname, nargs);
        return -1;
    }
    return 0;
}

/* An argument converted as argument clinic's Py_ssize_t ('n'): __index__,
 * OverflowError beyond the range. 0 or -1. */
static int arg_ssize(Lang *L, Obj *o, intptr_t *out)
{
    Obj *v = obj_index(L, o);
    if (v == NULL)
        return -1;
    int64_t x = 0;
    int fits = int_as_i64_exact(v, &x);
    obj_decref(L, v);
    if (!fits) {
        err_format(L, EXC_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    *out = (intptr_t)x;
    return 0;
}

/* A start/end argument of the find-like methods (CPython's
 * _PyEval_SliceIndex): None keeps *out; values beyond the range clamp. */
static int slice_index(Lang *L, Obj *o, intptr_t *out)
{
    if (o == NULL || o == L->none)
        return 0;
    if (!int_check(o) && TYPE(o)->nb.index == NULL) {
        err_format(L, EXC_TypeError,
                   "slice indices must be integers or None or have an __index__ method");
        return -1;
    }
    intptr_t v = obj_as_ssize(L, o, -1);
    if (v == -1 && err_occurred(L))
        return -1;
    *out = v;
    return 0;
}

static int need_str(Lang *L, Obj *o)
{
    if (str_check(o))
        return 0;
    err_format(L, EXC_TypeError, "must be str, not %.200s", obj_type_name(o));
    return -1;
}

/* ------------------------------------------------------------------ */
/* Ranges: start/end in code points, and their byte offsets            */
/* ------------------------------------------------------------------ */

typedef struct Range {
    intptr_t start, end;          /* code points, CPython's ADJUST_INDICES */
    size_t from, to;              /* byte offsets, when start <= end */
} Range;

/* Reads optional start (args[0]) and end (args[1]) for self, as
 * ADJUST_INDICES does: end clamped to the length, negatives counted from
 * the end; start may stay beyond the length (then start > end). */
static int get_range(Lang *L, Obj *self, Obj *startobj, Obj *endobj, Range *r)
{
    intptr_t len = str_length(self);
    r->start = 0;
    r->end = INTPTR_MAX;
    if (slice_index(L, startobj, &r->start) < 0 || slice_index(L, endobj, &r->end) < 0)
        return -1;
    if (r->end > len)
        r->end = len;
    else if (r->end < 0 && (r->end += len) < 0)
        r->end = 0;
    if (r->start < 0 && (r->start += len) < 0)
        r->start = 0;
    if (r->start <= r->end) {
        r->from = str_offset(L, self, r->start);
        r->to = str_offset(L, self, r->end);
    } else {
        r->from = r->to = 0;
    }
    return 0;
}

/* The code point index of byte offset pos within the range. */
static intptr_t index_in_range(Obj *self, const Range *r, size_t pos)
{
    if (str_is_ascii(self))
        return (intptr_t)pos;
    return r->start + utf8_count(str_data(self) + r->from, pos - r->from);
}

/* ------------------------------------------------------------------ */
/* find, rfind, index, rindex, count                                   */
/* ------------------------------------------------------------------ */

/* The code point index of sub in self[start:end] (from the right if
 * reverse), -1 when absent, -2 on error. */
static intptr_t find_common(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames,
                            const char *name, int reverse)
{
    if (check_find_nargs(L, name, nargs, kwnames) < 0 || need_str(L, args[0]) < 0)
        return -2;
    Range r;
    if (get_range(L, self, nargs > 1 ? args[1] : NULL, nargs > 2 ? args[2] : NULL, &r) < 0)
        return -2;
    Obj *sub = args[0];
    if (r.end - r.start < str_length(sub))
        return -1;
    intptr_t at = (reverse ? str_rsearch : str_search)(str_data(self), r.from, r.to,
                                                       str_data(sub), str_nbytes(sub));
    return at < 0 ? -1 : index_in_range(self, &r, (size_t)at);
}

static STR_METHOD(str_find)
{
    intptr_t i = find_common(L, self, args, nargs, kwnames, "find", 0);
    return i == -2 ? NULL : int_from_i64(L, i);
}

static STR_METHOD(str_rfind)
{
    intptr_t i = find_common(L, self, args, nargs, kwnames, "rfind", 1);
    return i == -2 ? NULL : int_from_i64(L, i);
}

static Obj *index_result(Lang *L, intptr_t i)
{
    if (i == -1)
        return err_format(L, EXC_ValueError, "substring not found");
    return i == -2 ? NULL : int_from_i64(L, i);
}

static STR_METHOD(str_index)
{
    return index_result(L, find_common(L, self, args, nargs, kwnames, "index", 0));
}

static STR_METHOD(str_rindex)
{
    return index_result(L, find_common(L, self, args, nargs, kwnames, "rindex", 1));
}

static STR_METHOD(str_count)
{
    if (check_find_nargs(L, "count", nargs, kwnames) < 0 || need_str(L, args[0]) < 0)
        return NULL;
    Range r;
    if (get_range(L, self, nargs > 1 ? args[1] : NULL, nargs > 2 ? args[2] : NULL, &r) < 0)
        return NULL;
    Obj *sub = args[0];
    size_t m = str_nbytes(sub);
    if (r.end - r.start < str_length(sub))
        return int_from_i64(L, 0);
    if (m == 0)
        return int_from_i64(L, r.end - r.start + 1);
    int64_t count = 0;
    for (intptr_t at = str_search(str_data(self), r.from, r.to, str_data(sub), m); at >= 0;
         at = str_search(str_data(self), (size_t)at + m, r.to, str_data(sub), m))
        count++;
    return int_from_i64(L, count);
}

/* ------------------------------------------------------------------ */
/* startswith, endswith, removeprefix, removesuffix                    */
/* ------------------------------------------------------------------ */

static Obj *starts_ends(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames,
                        int ends)
{
    const char *name = ends ? "endswith" : "startswith";
    if (check_find_nargs(L, name, nargs, kwnames) < 0)
        return NULL;
    Range r;
    if (get_range(L, self, nargs > 1 ? args[1] : NULL, nargs > 2 ? args[2] : NULL, &r) < 0)
        return NULL;
    Obj *subs = args[0];
    int is_tuple = tuple_check(subs);
    size_t n = is_tuple ? tuple_size(subs) : 1;
    for (size_t i = 0; i < n; i++) {
        Obj *p = is_tuple ? tuple_get_borrowed(subs, i) : subs;
        if (!str_check(p))
            return err_format(L, EXC_TypeError,
                              is_tuple ? "tuple for %s must only contain str, not %.200s"
                                       : "%s first arg must be str or a tuple of str, not %.200s",
                              name, obj_type_name(p));
        size_t m = str_nbytes(p);
        if (r.end - r.start < str_length(p) || r.to - r.from < m)
            continue;
        const char *at = str_data(self) + (ends ? r.to - m : r.from);
        if (memcmp(at, str_data(p), m) == 0)
            return new_bool(L, 1);
    }
    return new_bool(L, 0);
}

static STR_METHOD(str_startswith)
{
    return starts_ends(L, self, args, nargs, kwnames, 0);
}

static STR_METHOD(str_endswith)
{
    return starts_ends(L, self, args, nargs, kwnames, 1);
}

static Obj *unchanged(Lang *L, Obj *self)
{
    if (str_check_exact(L, self))
        return obj_newref(self);
    return str_from_parts(L, str_data(self), str_nbytes(self), str_length(self),
                          str_is_ascii(self));
}

static Obj *remove_affix(Lang *L, Obj *self, Obj *affix, int suffix)
{
    if (!str_check(affix))
        return err_format(L, EXC_TypeError, "%s() argument must be str, not %.200s",
                          suffix ? "removesuffix" : "removeprefix", obj_type_name(affix));
    size_t n = str_nbytes(self), m = str_nbytes(affix);
    const char *p = str_data(self);
    if (m == 0 || m > n || memcmp(suffix ? p + n - m : p, str_data(affix), m) != 0)
        return unchanged(L, self);
    return str_from_parts(L, suffix ? p : p + m, n - m, str_length(self) - str_length(affix),
                          str_is_ascii(self));
}

static STR_METHOD(str_removeprefix)
{
    (void)nargs;
    (void)kwnames;
    return remove_affix(L, self, args[0], 0);
}

static STR_METHOD(str_removesuffix)
{
    (void)nargs;
    (void)kwnames;
    return remove_affix(L, self, args[0], 1);
}

/* ------------------------------------------------------------------ */
/* split, rsplit, splitlines, partition, rpartition                    */
/* ------------------------------------------------------------------ */

/* Appends self's bytes [a, b) to list as a str (a fresh one, or self when
 * that is the whole of an exact str). */
static int append_piece(Lang *L, Obj *list, Obj *self, size_t a, size_t b)
{
    Obj *piece;
    if (a == 0 && b == str_nbytes(self) && str_check_exact(L, self))
        piece = obj_newref(self);
    else if (str_is_ascii(self))
        piece = str_from_parts(L, str_data(self) + a, b - a, (intptr_t)(b - a), 1);
    else
        piece = str_from_utf8_trusted(L, str_data(self) + a, b - a);
    if (piece == NULL)
        return -1;
    return list_append_take(L, list, piece);
}

/* Whether the character at byte pos of p is whitespace; *next gets the
 * offset after it. */
static int space_at(const char *p, size_t pos, size_t *next)
{
    uint32_t c = (unsigned char)p[pos];
    if (c < 0x80) {
        *next = pos + 1;
        return uc_is_space(c);
    }
    *next = pos;
    return uc_is_space(utf8_decode(p, next));
}

/* The same for the character ending at byte pos (pos > 0); *prev gets its
 * start. */
static int space_before(const char *p, size_t pos, size_t *prev)
{
    *prev = utf8_back(p, pos);
    size_t at = *prev;
    return uc_is_space(utf8_decode(p, &at));
}

static int split_whitespace(Lang *L, Obj *list, Obj *self, intptr_t maxsplit)
{
    const char *p = str_data(self);
    size_t n = str_nbytes(self), i = 0, next;
    while (1) {
        while (i < n && space_at(p, i, &next))
            i = next;
        if (i >= n)
            return 0;
        if (maxsplit-- == 0)
            return append_piece(L, list, self, i, n);
        size_t j = i;
        while (j < n && !space_at(p, j, &next))
            j = next;
        if (append_piece(L, list, self, i, j) < 0)
            return -1;
        i = j;
    }
}

static int rsplit_whitespace(Lang *L, Obj *list, Obj *self, intptr_t maxsplit)
{
    const char *p = str_data(self);
    size_t i = str_nbytes(self), prev;
    while (1) {
        while (i > 0 && space_before(p, i, &prev))
            i = prev;
        if (i == 0)
            return 0;
        if (maxsplit-- == 0)
            return append_piece(L, list, self, 0, i);
        size_t j = i;
        while (j > 0 && !space_before(p, j, &prev))
            j = prev;
        if (append_piece(L, list, self, j, i) < 0)
            return -1;
        i = j;
    }
}

static int split_sep(Lang *L, Obj *list, Obj *self, Obj *sep, intptr_t maxsplit)
{
    const char *p = str_data(self), *s = str_data(sep);
    size_t n = str_nbytes(self), m = str_nbytes(sep), i = 0;
    intptr_t at;
    while (maxsplit-- != 0 && (at = str_search(p, i, n, s, m)) >= 0) {
        if (append_piece(L, list, self, i, (size_t)at) < 0)
            return -1;
        i = (size_t)at + m;
    }
    return append_piece(L, list, self, i, n);
}

static int rsplit_sep(Lang *L, Obj *list, Obj *self, Obj *sep, intptr_t maxsplit)
{
    const char *p = str_data(self), *s = str_data(sep);
    size_t m = str_nbytes(sep), j = str_nbytes(self);
    intptr_t at;
    while (maxsplit-- != 0 && (at = str_rsearch(p, 0, j, s, m)) >= 0) {
        if (append_piece(L, list, self, (size_t)at + m, j) < 0)
            return -1;
        j = (size_t)at;
    }
    return append_piece(L, list, self, 0, j);
}

static Obj *split_common(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames,
                         int reverse)
{
    static const char *const names[] = {"sep", "maxsplit"};
    const char *fname = reverse ? "rsplit" : "split";
    Obj *a[2];
    intptr_t maxsplit = -1;
    if (str_bind_args(L, fname, names, 2, args, nargs, kwnames, a) < 0)
        return NULL;
    Obj *sep = a[0] == L->none ? NULL : a[0];
    if (sep != NULL && !str_check(sep))
        return err_format(L, EXC_TypeError, "must be str or None, not %.200s", obj_type_name(sep));
    if (sep != NULL && str_nbytes(sep) == 0)
        return err_format(L, EXC_ValueError, "empty separator");
    if (a[1] != NULL && arg_ssize(L, a[1], &maxsplit) < 0)
        return NULL;
    if (maxsplit < 0)
        maxsplit = -1;
    Obj *list = list_new(L, 0);
    if (list == NULL)
        return NULL;
    int err;
    if (sep == NULL)
        err = (reverse ? rsplit_whitespace : split_whitespace)(L, list, self, maxsplit);
    else
        err = (reverse ? rsplit_sep : split_sep)(L, list, self, sep, maxsplit);
    if (err == 0 && reverse)
        list_reverse(L, list);
    if (err < 0)
        obj_clearref(L, &list);
    return list;
}

static STR_METHOD(str_split)
{
    return split_common(L, self, args, nargs, kwnames, 0);
}

static STR_METHOD(str_rsplit)
{
    return split_common(L, self, args, nargs, kwnames, 1);
}

/* The length of the line break at byte pos (0 if none): \r\n, \n, \r,
 * \v, \f, \x1c-\x1e, \x85, \u2028, \u2029. */
static size_t linebreak_at(const char *p, size_t pos, size_t n)
{
    unsigned char c = (unsigned char)p[pos];
    if (c == '\r')
        return pos + 1 < n && p[pos + 1] == '\n' ? 2 : 1;
    if (c == '\n' || c == 0x0B || c == 0x0C || (c >= 0x1C && c <= 0x1E))
        return 1;
    if (c < 0x80)
        return 0;
    size_t next = pos;
    return uc_has(utf8_decode(p, &next), UC_LINEBREAK) ? next - pos : 0;
}

static STR_METHOD(str_splitlines)
{
    static const char *const names[] = {"keepends"};
    Obj *a[1];
    if (str_bind_args(L, "splitlines", names, 1, args, nargs, kwnames, a) < 0)
        return NULL;
    int keepends = 0;
    if (a[0] != NULL) {
        intptr_t v;
        if (arg_ssize(L, a[0], &v) < 0)
            return NULL;
        keepends = v != 0;
    }
    Obj *list = list_new(L, 0);
    if (list == NULL)
        return NULL;
    const char *p = str_data(self);
    size_t n = str_nbytes(self), i = 0;
    while (i < n) {
        size_t j = i, brk = 0;
        while (j < n && (brk = linebreak_at(p, j, n)) == 0)
            j++;
        if (append_piece(L, list, self, i, keepends ? j + brk : j) < 0) {
            obj_decref(L, list);
            return NULL;
        }
        i = j + brk;
    }
    return list;
}

static Obj *partition_common(Lang *L, Obj *self, Obj *sep, int reverse)
{
    if (need_str(L, sep) < 0)
        return NULL;
    size_t n = str_nbytes(self), m = str_nbytes(sep);
    if (m == 0)
        return err_format(L, EXC_ValueError, "empty separator");
    const char *p = str_data(self);
    intptr_t at = (reverse ? str_rsearch : str_search)(p, 0, n, str_data(sep), m);
    Obj *whole = NULL, *parts[3] = {NULL, NULL, NULL};
    if (at < 0) {
        if ((whole = unchanged(L, self)) == NULL)
            return NULL;
        parts[reverse ? 2 : 0] = whole;
        parts[1] = obj_newref(L->empty_str);
        parts[reverse ? 0 : 2] = obj_newref(L->empty_str);
        return tuple_from_array_take(L, parts, 3);
    }
    parts[0] = str_from_utf8_trusted(L, p, (size_t)at);
    parts[1] = obj_newref(sep);
    parts[2] = str_from_utf8_trusted(L, p + at + m, n - (size_t)at - m);
    if (parts[0] == NULL || parts[2] == NULL) {
        for (int k = 0; k < 3; k++)
            obj_xdecref(L, parts[k]);
        return NULL;
    }
    return tuple_from_array_take(L, parts, 3);
}

static STR_METHOD(str_partition)
{
    (void)nargs;
    (void)kwnames;
    return partition_common(L, self, args[0], 0);
}

static STR_METHOD(str_rpartition)
{
    (void)nargs;
    (void)kwnames;
    return partition_common(L, self, args[0], 1);
}

/* ------------------------------------------------------------------ */
/* join                                                                */
/* ------------------------------------------------------------------ */

/* The items of iterable as a borrowed array (*items, *n): a list's or
 * tuple's own, or those of a tuple made from it (*holder, to release).
 * 0, or -1 with "can only join an iterable" for what is not iterable. */
static int sequence_items(Lang *L, Obj *iterable, Obj **holder, Obj *const **items, size_t *n)
{
    *holder = NULL;
    if (list_check(iterable)) {
        *n = list_size(iterable);
        *items = list_items(iterable);
        return 0;
    }
    if (tuple_check(iterable)) {
        *n = tuple_size(iterable);
        *items = tuple_items(iterable);
        return 0;
    }
    Obj *it = obj_iter(L, iterable);
    if (it == NULL) {
        if (err_matches(L, EXC_TypeError)) {
            err_clear(L);
            err_format(L, EXC_TypeError, "can only join an iterable");
        }
        return -1;
    }
    *holder = tuple_from_iterable(L, it);
    obj_decref(L, it);
    if (*holder == NULL)
        return -1;
    *n = tuple_size(*holder);
    *items = tuple_items(*holder);
    return 0;
}

static STR_METHOD(str_join)
{
    (void)nargs;
    (void)kwnames;
    Obj *holder, *result = NULL;
    Obj *const *items;
    size_t n;
    if (sequence_items(L, args[0], &holder, &items, &n) < 0)
        return NULL;
    if (n == 1 && str_check_exact(L, items[0])) {
        result = obj_newref(items[0]);
        goto done;
    }
    /* Sizes first: one allocation, no user code in between. */
    size_t total = 0, sepn = str_nbytes(self);
    intptr_t length = 0;
    int ascii = str_is_ascii(self);
    for (size_t i = 0; i < n; i++) {
        if (!str_check(items[i])) {
            err_format(L, EXC_TypeError, "sequence item %zu: expected str instance, %.80s found", i,
                       obj_type_name(items[i]));
            goto done;
        }
        size_t add = str_nbytes(items[i]) + (i ? sepn : 0);
        if (add > (size_t)INTPTR_MAX - total) {
            err_no_memory(L);
            goto done;
        }
        total += add;
        length += str_length(items[i]) + (i ? str_length(self) : 0);
        ascii &= str_is_ascii(items[i]);
    }
    if (total == 0) {
        result = obj_newref(L->empty_str);
        goto done;
    }
    StrObject *s = str_alloc(L, total);
    if (s == NULL)
        goto done;
    char *w = s->data;
    for (size_t i = 0; i < n; i++) {
        if (i) {
            memcpy(w, str_data(self), sepn);
            w += sepn;
        }
        memcpy(w, str_data(items[i]), str_nbytes(items[i]));
        w += str_nbytes(items[i]);
    }
    s->length = length;
    s->ascii = (uint8_t)ascii;
    result = &s->ob.ob;
done:
    obj_xdecref(L, holder);
    return result;
}

/* ------------------------------------------------------------------ */
/* strip, lstrip, rstrip                                               */
/* ------------------------------------------------------------------ */

/* Whether c is in chars (a str), or whitespace when chars is NULL. */
static int strip_match(Obj *chars, uint32_t c)
{
    if (chars == NULL)
        return uc_is_space(c);
    const char *p = str_data(chars);
    size_t pos = 0, n = str_nbytes(chars);
    if (c < 0x80)
        return memchr(p, (int)c, n) != NULL;
    while (pos < n) {
        if (utf8_decode(p, &pos) == c)
            return 1;
    }
    return 0;
}

static Obj *strip_common(Lang *L, Obj *self, Obj *const *args, size_t nargs, const char *name,
                         int left, int right)
{
    if (str_check_nargs(L, name, nargs, 0, 1) < 0)
        return NULL;
    Obj *chars = nargs && args[0] != L->none ? args[0] : NULL;
    if (chars && !str_check(chars))
        return err_format(L, EXC_TypeError, "%s arg must be None or str", name);
    const char *p = str_data(self);
    size_t a = 0, b = str_nbytes(self);
    while (left && a < b) {
        size_t pos = a;
        if (!strip_match(chars, utf8_decode(p, &pos)))
            break;
        a = pos;
    }
    while (right && b > a) {
        size_t start = utf8_back(p, b), pos = start;
        if (!strip_match(chars, utf8_decode(p, &pos)))
            break;
        b = start;
    }
    if (a == 0 && b == str_nbytes(self))
        return unchanged(L, self);
    return str_from_utf8_trusted(L, p + a, b - a);
}

static STR_METHOD(str_strip)
{
    (void)kwnames;
    return strip_common(L, self, args, nargs, "strip", 1, 1);
}

static STR_METHOD(str_lstrip)
{
    (void)kwnames;
    return strip_common(L, self, args, nargs, "lstrip", 1, 0);
}

static STR_METHOD(str_rstrip)
{
    (void)kwnames;
    return strip_common(L, self, args, nargs, "rstrip", 0, 1);
}

/* ------------------------------------------------------------------ */
/* replace                                                             */
/* ------------------------------------------------------------------ */

/* Inserts new before every character and at the end, at most max times. */
static int replace_empty(StrBuilder *sb, Obj *self, Obj *new_, intptr_t max)
{
    const char *p = str_data(self);
    size_t n = str_nbytes(self), pos = 0;
    for (intptr_t done = 0; max < 0 || done < max; done++) {
        if (sb_append_str(sb, new_) < 0)
            return -1;
        if (pos == n)
            break;
        size_t next = pos;
        utf8_decode(p, &next);
        if (sb_append(sb, p + pos, next - pos) < 0)
            return -1;
        pos = next;
    }
    return sb_append(sb, p + pos, n - pos);
}

static STR_METHOD(str_replace)
{
    (void)kwnames;
    if (str_check_nargs(L, "replace", nargs, 2, 3) < 0)
        return NULL;
    Obj *old = args[0], *new_ = args[1];
    for (int k = 0; k < 2; k++) {
        if (!str_check(args[k]))
            return err_format(L, EXC_TypeError, "replace() argument %d must be str, not %.200s",
                              k + 1, obj_type_name(args[k]));
    }
    intptr_t max = -1;
    if (nargs == 3 && arg_ssize(L, args[2], &max) < 0)
        return NULL;
    const char *p = str_data(self);
    size_t n = str_nbytes(self), m = str_nbytes(old);
    if (max == 0 || (m > 0 && str_search(p, 0, n, str_data(old), m) < 0) ||
        (m == 0 && str_nbytes(new_) == 0) || str_equal(old, new_))
        return unchanged(L, self);
    StrBuilder sb;
    sb_init(L, &sb);
    int err = 0;
    if (m == 0) {
        err = replace_empty(&sb, self, new_, max);
    } else {
        size_t pos = 0;
        intptr_t at;
        for (intptr_t done = 0; err == 0 && (max < 0 || done < max) &&
                                (at = str_search(p, pos, n, str_data(old), m)) >= 0;
             done++) {
            err = sb_append(&sb, p + pos, (size_t)at - pos);
            if (err == 0)
                err = sb_append_str(&sb, new_);
            pos = (size_t)at + m;
        }
        if (err == 0)
            err = sb_append(&sb, p + pos, n - pos);
    }
    if (err < 0) {
        sb_abandon(&sb);
        return NULL;
    }
    return sb_finish(&sb);
}

/* ------------------------------------------------------------------ */
/* center, ljust, rjust, zfill, expandtabs                             */
/* ------------------------------------------------------------------ */

/* The fill character argument (default ' '). */
static int fill_char(Lang *L, Obj *const *args, size_t nargs, uint32_t *fill)
{
    *fill = ' ';
    if (nargs < 2)
        return 0;
    Obj *f = args[1];
    if (!str_check(f)) {
        err_format(L, EXC_TypeError, "The fill character must be a unicode character, not %.200s",
                   obj_type_name(f));
        return -1;
    }
    if (str_length(f) != 1) {
        err_format(L, EXC_TypeError, "The fill character must be exactly one character long");
        return -1;
    }
    size_t pos = 0;
    *fill = utf8_decode(str_data(f), &pos);
    return 0;
}

static Obj *pad(Lang *L, Obj *self, intptr_t left, intptr_t right, uint32_t fill)
{
    StrBuilder sb;
    sb_init(L, &sb);
    if (sb_append_repeat(&sb, fill, left) < 0 || sb_append_str(&sb, self) < 0 ||
        sb_append_repeat(&sb, fill, right) < 0) {
        sb_abandon(&sb);
        return NULL;
    }
    return sb_finish(&sb);
}

/* how: '<' ljust, '>' rjust, '^' center. */
static Obj *justify(Lang *L, Obj *self, Obj *const *args, size_t nargs, const char *name, char how)
{
    intptr_t width;
    uint32_t fill;
    if (str_check_nargs(L, name, nargs, 1, 2) < 0 || arg_ssize(L, args[0], &width) < 0 ||
        fill_char(L, args, nargs, &fill) < 0)
        return NULL;
    intptr_t len = str_length(self);
    if (width <= len)
        return unchanged(L, self);
    intptr_t marg = width - len, left;
    if (how == '<')
        left = 0;
    else if (how == '>')
        left = marg;
    else
        left = marg / 2 + (marg & width & 1);
    return pad(L, self, left, marg - left, fill);
}

static STR_METHOD(str_center)
{
    (void)kwnames;
    return justify(L, self, args, nargs, "center", '^');
}

static STR_METHOD(str_ljust)
{
    (void)kwnames;
    return justify(L, self, args, nargs, "ljust", '<');
}

static STR_METHOD(str_rjust)
{
    (void)kwnames;
    return justify(L, self, args, nargs, "rjust", '>');
}

static STR_METHOD(str_zfill)
{
    (void)nargs;
    (void)kwnames;
    intptr_t width;
    if (arg_ssize(L, args[0], &width) < 0)
        return NULL;
    intptr_t len = str_length(self);
    if (width <= len)
        return unchanged(L, self);
    const char *p = str_data(self);
    size_t sign = str_nbytes(self) > 0 && (p[0] == '+' || p[0] == '-');
    StrBuilder sb;
    sb_init(L, &sb);
    if (sb_append(&sb, p, sign) < 0 || sb_append_repeat(&sb, '0', width - len) < 0 ||
        sb_append(&sb, p + sign, str_nbytes(self) - sign) < 0) {
        sb_abandon(&sb);
        return NULL;
    }
    return sb_finish(&sb);
}

static STR_METHOD(str_expandtabs)
{
    static const char *const names[] = {"tabsize"};
    Obj *a[1];
    if (str_bind_args(L, "expandtabs", names, 1, args, nargs, kwnames, a) < 0)
        return NULL;
    intptr_t tabsize = 8;
    if (a[0] != NULL) {
        if (arg_ssize(L, a[0], &tabsize) < 0)
            return NULL;
        if (tabsize > INT32_MAX || tabsize < INT32_MIN)
            return err_format(L, EXC_OverflowError, "Python int too large to convert to C int");
    }
    const char *p = str_data(self);
    size_t n = str_nbytes(self), pos = 0;
    if (memchr(p, '\t', n) == NULL)
        return unchanged(L, self);
    StrBuilder sb;
    sb_init(L, &sb);
    intptr_t column = 0;
    int err = 0;
    while (err == 0 && pos < n) {
        size_t start = pos;
        uint32_t c = utf8_decode(p, &pos);
        if (c == '\t') {
            if (tabsize > 0) {
                intptr_t incr = tabsize - column % tabsize;
                column += incr;
                err = sb_append_repeat(&sb, ' ', incr);
            }
        } else {
            column = (c == '\n' || c == '\r') ? 0 : column + 1;
            err = sb_append(&sb, p + start, pos - start);
        }
    }
    if (err < 0) {
        sb_abandon(&sb);
        return NULL;
    }
    return sb_finish(&sb);
}

/* ------------------------------------------------------------------ */
/* translate, maketrans                                                */
/* ------------------------------------------------------------------ */

/* Appends what table maps c to: table[c] (None deletes, an int is a code
 * point, a str is inserted), c itself when the lookup raises LookupError. */
static int translate_char(Lang *L, StrBuilder *sb, Obj *table, uint32_t c)
{
    Obj *key = int_from_i64(L, c);
    if (key == NULL)
        return -1;
    Obj *v = obj_getitem(L, table, key);
    obj_decref(L, key);
    if (v == NULL) {
        if (!err_matches(L, EXC_LookupError))
            return -1;
        err_clear(L);
        return sb_append_codepoint(sb, c);
    }
    int err = 0;
    if (v == L->none) {
        err = 0;
    } else if (int_check(v)) {
        int64_t x = 0;
        if (!int_as_i64_exact(v, &x) || x < 0 || x > 0x10FFFF) {
            err_format(L, EXC_ValueError, "character mapping must be in range(0x110000)");
            err = -1;
        } else {
            err = sb_append_codepoint(sb, (uint32_t)x);
        }
    } else if (str_check(v)) {
        err = sb_append_str(sb, v);
    } else {
        err_format(L, EXC_TypeError, "character mapping must return integer, None or str");
        err = -1;
    }
    obj_decref(L, v);
    return err;
}

static STR_METHOD(str_translate)
{
    (void)nargs;
    (void)kwnames;
    Obj *table = args[0];
    const char *p = str_data(self);
    size_t n = str_nbytes(self), pos = 0;
    StrBuilder sb;
    sb_init(L, &sb);
    while (pos < n) {
        if (translate_char(L, &sb, table, utf8_decode(p, &pos)) < 0) {
            sb_abandon(&sb);
            return NULL;
        }
    }
    return sb_finish(&sb);
}

/* maketrans(dict): keys made ints (a one-character str key becomes its
 * code point). */
static Obj *maketrans_dict(Lang *L, Obj *x)
{
    Obj *result = dict_new(L), *keys = NULL;
    if (result == NULL || (keys = dict_keys_tuple(L, x)) == NULL)
        goto fail;
    for (size_t i = 0; i < tuple_size(keys); i++) {
        Obj *k = tuple_get_borrowed(keys, i), *v = dict_getitem_borrowed(L, x, k), *key;
        if (v == NULL) {
            if (!err_occurred(L))
                continue;
            goto fail;
        }
        if (str_check(k)) {
            if (str_length(k) != 1) {
                err_format(L, EXC_ValueError, "string keys in translate table must be of length 1");
                goto fail;
            }
            size_t pos = 0;
            key = int_from_i64(L, utf8_decode(str_data(k), &pos));
        } else if (int_check(k)) {
            key = obj_newref(k);
        } else {
            err_format(L, EXC_TypeError, "keys in translate table must be strings or integers");
            goto fail;
        }
        if (key == NULL || dict_setitem_take(L, result, key, obj_newref(v)) < 0)
            goto fail;
    }
    obj_decref(L, keys);
    return result;
fail:
    obj_xdecref(L, keys);
    obj_xdecref(L, result);
    return NULL;
}

/* maketrans(x, y[, z]): x[i] -> y[i], and every character of z -> None. */
static Obj *maketrans_strings(Lang *L, Obj *x, Obj *y, Obj *z)
{
    if (!str_check(x) || !str_check(y) || (z != NULL && !str_check(z)))
        return err_format(L, EXC_TypeError, "maketrans() argument %d must be str, not %.200s",
                          !str_check(x) ? 1 : !str_check(y) ? 2 : 3,
                          obj_type_name(!str_check(x) ? x : !str_check(y) ? y : z));
    if (str_length(x) != str_length(y))
        return err_format(L, EXC_ValueError,
                          "the first two maketrans arguments must have equal length");
    Obj *result = dict_new(L);
    if (result == NULL)
        return NULL;
    size_t px = 0, py = 0, pz = 0, nx = str_nbytes(x);
    while (px < nx) {
        Obj *k = int_from_i64(L, utf8_decode(str_data(x), &px));
        Obj *v = int_from_i64(L, utf8_decode(str_data(y), &py));
        if (k == NULL || v == NULL) {
            obj_xdecref(L, k);
            obj_xdecref(L, v);
            goto fail;
        }
        if (dict_setitem_take(L, result, k, v) < 0)
            goto fail;
    }
    while (z != NULL && pz < str_nbytes(z)) {
        Obj *k = int_from_i64(L, utf8_decode(str_data(z), &pz));
        if (k == NULL || dict_setitem_take(L, result, k, new_none(L)) < 0)
            goto fail;
    }
    return result;
fail:
    obj_decref(L, result);
    return NULL;
}

/* A static method: self is unused. */
static STR_METHOD(str_maketrans)
{
    (void)self;
    (void)kwnames;
    if (str_check_nargs(L, "maketrans", nargs, 1, 3) < 0)
        return NULL;
    if (nargs == 1) {
        if (!TYPE_HAS(TYPE(args[0]), TF_DICT_SUBCLASS))
            return err_format(L, EXC_TypeError,
                              "if you give only one argument to maketrans it must be a dict");
        return maketrans_dict(L, args[0]);
    }
    return maketrans_strings(L, args[0], args[1], nargs == 3 ? args[2] : NULL);
}

/* ------------------------------------------------------------------ */
/* Small ones                                                          */
/* ------------------------------------------------------------------ */

static STR_METHOD(str_getnewargs)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    Obj *copy = str_from_parts(L, str_data(self), str_nbytes(self), str_length(self),
                               str_is_ascii(self));
    return copy ? tuple_from_array_take(L, &copy, 1) : NULL;
}

static STR_METHOD(str_sizeof)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return int_from_size(L, ouro_object_size(self));
}

/* ------------------------------------------------------------------ */
/* The table                                                           */
/* ------------------------------------------------------------------ */

/* In the order of CPython's table (str.__dict__ lists them so). str.encode
 * is missing: there is no bytes type. */
const MethodDef str_methods[] = {
    {"replace", str_replace, 0, "Return a copy with all occurrences of substring old replaced by new."},
    {"split", str_split, METH_KEYWORDS, "Return a list of the substrings in the string, using sep as the separator string."},
    {"rsplit", str_rsplit, METH_KEYWORDS, "Return a list of the substrings in the string, using sep as the separator string."},
    {"join", str_join, METH_O, "Concatenate any number of strings."},
    {"capitalize", str_capitalize, METH_NOARGS, "Return a capitalized version of the string."},
    {"casefold", str_casefold, METH_NOARGS, "Return a version of the string suitable for caseless comparisons."},
    {"title", str_title, METH_NOARGS, "Return a version of the string where each word is titlecased."},
    {"center", str_center, 0, "Return a centered string of length width."},
    {"count", str_count, METH_KEYWORDS, "Return the number of non-overlapping occurrences of substring sub in string S[start:end]."},
    {"expandtabs", str_expandtabs, METH_KEYWORDS, "Return a copy where all tab characters are expanded using spaces."},
    {"find", str_find, METH_KEYWORDS, "Return the lowest index in S where substring sub is found, such that sub is contained within S[start:end]."},
    {"partition", str_partition, METH_O, "Partition the string into three parts using the given separator."},
    {"index", str_index, METH_KEYWORDS, "Return the lowest index in S where substring sub is found, such that sub is contained within S[start:end]."},
    {"ljust", str_ljust, 0, "Return a left-justified string of length width."},
    {"lower", str_lower, METH_NOARGS, "Return a copy of the string converted to lowercase."},
    {"lstrip", str_lstrip, 0, "Return a copy of the string with leading whitespace removed."},
    {"rfind", str_rfind, METH_KEYWORDS, "Return the highest index in S where substring sub is found, such that sub is contained within S[start:end]."},
    {"rindex", str_rindex, METH_KEYWORDS, "Return the highest index in S where substring sub is found, such that sub is contained within S[start:end]."},
    {"rjust", str_rjust, 0, "Return a right-justified string of length width."},
    {"rstrip", str_rstrip, 0, "Return a copy of the string with trailing whitespace removed."},
    {"rpartition", str_rpartition, METH_O, "Partition the string into three parts using the given separator."},
    {"splitlines", str_splitlines, METH_KEYWORDS, "Return a list of the lines in the string, breaking at line boundaries."},
    {"strip", str_strip, 0, "Return a copy of the string with leading and trailing whitespace removed."},
    {"swapcase", str_swapcase, METH_NOARGS, "Convert uppercase characters to lowercase and lowercase characters to uppercase."},
    {"translate", str_translate, METH_O, "Replace each character in the string using the given translation table."},
    {"upper", str_upper, METH_NOARGS, "Return a copy of the string converted to uppercase."},
    {"startswith", str_startswith, METH_KEYWORDS, "Return True if S starts with the specified prefix, False otherwise."},
    {"endswith", str_endswith, METH_KEYWORDS, "Return True if S ends with the specified suffix, False otherwise."},
    {"removeprefix", str_removeprefix, METH_O, "Return a str with the given prefix string removed if present."},
    {"removesuffix", str_removesuffix, METH_O, "Return a str with the given suffix string removed if present."},
    {"isascii", str_isascii, METH_NOARGS, "Return True if all characters in the string are ASCII, False otherwise."},
    {"islower", str_islower, METH_NOARGS, "Return True if the string is a lowercase string, False otherwise."},
    {"isupper", str_isupper, METH_NOARGS, "Return True if the string is an uppercase string, False otherwise."},
    {"istitle", str_istitle, METH_NOARGS, "Return True if the string is a title-cased string, False otherwise."},
    {"isspace", str_isspace, METH_NOARGS, "Return True if the string is a whitespace string, False otherwise."},
    {"isdecimal", str_isdecimal, METH_NOARGS, "Return True if the string is a decimal string, False otherwise."},
    {"isdigit", str_isdigit, METH_NOARGS, "Return True if the string is a digit string, False otherwise."},
    {"isnumeric", str_isnumeric, METH_NOARGS, "Return True if the string is a numeric string, False otherwise."},
    {"isalpha", str_isalpha, METH_NOARGS, "Return True if the string is an alphabetic string, False otherwise."},
    {"isalnum", str_isalnum, METH_NOARGS, "Return True if the string is an alpha-numeric string, False otherwise."},
    {"isidentifier", str_isidentifier, METH_NOARGS, "Return True if the string is a valid Python identifier, False otherwise."},
    {"isprintable", str_isprintable, METH_NOARGS, "Return True if the string is printable, False otherwise."},
    {"zfill", str_zfill, METH_O, "Pad a numeric string with zeros on the left, to fill a field of the given width."},
    {"format", str_format_method, METH_KEYWORDS, "Return a formatted version of S, using substitutions from args and kwargs."},
    {"format_map", str_format_map, METH_O, "Return a formatted version of S, using substitutions from mapping."},
    {"__format__", str_dunder_format, METH_O, "Return a formatted version of the string as described by format_spec."},
    {"maketrans", str_maketrans, METH_STATIC, "Return a translation table usable for str.translate()."},
    {"__sizeof__", str_sizeof, METH_NOARGS, "Return the size of the string in memory, in bytes."},
    {"__getnewargs__", str_getnewargs, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};
