/*
 * strcase.c - str's case mappings (lower, upper, casefold, swapcase,
 * title, capitalize) and character-class predicates (isalpha, isdigit,
 * islower, istitle, isidentifier, ...), as CPython 3.11 computes them:
 * full Unicode case mappings, one-to-many ones included ('ß'.upper() ==
 * 'SS', 'ﬁ'.upper() == 'FI', 'İ'.lower() == 'i̇'), and lower()'s
 * final-sigma rule ('ΑΣ'.lower() == 'ας'). The character data come from
 * unicodectype.h (generated from CPython's own answers); ASCII text takes
 * a byte-at-a-time path.
 */
#include "strimpl.h"
#include "unicodectype.h"

/* ------------------------------------------------------------------ */
/* Case mapping                                                        */
/* ------------------------------------------------------------------ */

enum { MAP_LOWER, MAP_UPPER, MAP_FOLD, MAP_SWAP, MAP_TITLE, MAP_CAPITALIZE };

static int ascii_upper(int c)
{
    return c >= 'a' && c <= 'z' ? c - 32 : c;
}

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int ascii_cased(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static Obj *map_ascii(Lang *L, Obj *self, int mode)
{
    size_t n = str_nbytes(self);
    if (n == 0)
        return obj_newref(L->empty_str);
    StrObject *s = str_alloc(L, n);
    if (s == NULL)
        return NULL;
    const char *p = str_data(self);
    int prev_cased = 0;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)p[i], m;
        switch (mode) {
        case MAP_LOWER:
        case MAP_FOLD:
            m = ascii_lower(c);
            break;
        case MAP_UPPER:
            m = ascii_upper(c);
            break;
        case MAP_SWAP:
            m = c >= 'a' && c <= 'z' ? c - 32 : ascii_lower(c);
            break;
        case MAP_TITLE:
            m = prev_cased ? ascii_lower(c) : ascii_upper(c);
            prev_cased = ascii_cased(c);
            break;
        default:
            m = i == 0 ? ascii_upper(c) : ascii_lower(c);
            break;
        }
        s->data[i] = (char)m;
    }
    s->length = (intptr_t)n;
    s->ascii = 1;
    /* A new string even for one character, as CPython ('x'.upper() is
     * not the cached 'X'). */
    return &s->ob.ob;
}

/* Whether the capital sigma whose bytes are p[pos..next) is final: a
 * cased letter precedes it and none follows, case-ignorable characters
 * skipped on both sides (CPython's final_sigma). */
static int final_sigma(const char *p, size_t n, size_t pos, size_t next)
{
    uint32_t c = 0;
    int found = 0;
    while (pos > 0) {
        pos = utf8_back(p, pos);
        size_t at = pos;
        c = utf8_decode(p, &at);
        if (!uc_has(c, UC_CASE_IGNORABLE)) {
            found = 1;
            break;
        }
    }
    if (!found || !uc_has(c, UC_CASED))
        return 0;
    while (next < n) {
        c = utf8_decode(p, &next);
        if (!uc_has(c, UC_CASE_IGNORABLE))
            return !uc_has(c, UC_CASED);
    }
    return 1;
}

/* lower() of the character c found at p[pos..next). */
static int lower_at(const char *p, size_t n, size_t pos, size_t next, uint32_t c, uint32_t out[3])
{
    if (c == 0x3A3) {
        out[0] = final_sigma(p, n, pos, next) ? 0x3C2 : 0x3C3;
        return 1;
    }
    return uc_mapping(c, UC_LOWER_MAP, out);
}

/* The mapping of the character c at p[pos..next) in the given mode;
 * *prev_cased carries title()'s state. */
static int map_char(const char *p, size_t n, size_t pos, size_t next, uint32_t c, int mode,
                    int *prev_cased, uint32_t out[3])
{
    unsigned flags = uc_flags(c);
    int r;
    switch (mode) {
    case MAP_LOWER:
        return lower_at(p, n, pos, next, c, out);
    case MAP_UPPER:
        return uc_mapping(c, UC_UPPER_MAP, out);
    case MAP_FOLD:
        return uc_mapping(c, UC_FOLD_MAP, out);
    case MAP_SWAP:
        if (flags & UC_UPPER)
            return lower_at(p, n, pos, next, c, out);
        if (flags & UC_LOWER)
            return uc_mapping(c, UC_UPPER_MAP, out);
        out[0] = c;
        return 1;
    case MAP_TITLE:
        r = *prev_cased ? lower_at(p, n, pos, next, c, out) : uc_mapping(c, UC_TITLE_MAP, out);
        *prev_cased = (flags & UC_CASED) != 0;
        return r;
    default:
        return pos == 0 ? uc_mapping(c, UC_TITLE_MAP, out) : lower_at(p, n, pos, next, c, out);
    }
}

static Obj *map_case(Lang *L, Obj *self, int mode)
{
    if (str_is_ascii(self))
        return map_ascii(L, self, mode);
    const char *p = str_data(self);
    size_t n = str_nbytes(self), pos = 0;
    int prev_cased = 0, err = 0;
    StrBuilder sb;
    sb_init(L, &sb);
    while (err == 0 && pos < n) {
        size_t next = pos;
        uint32_t c = utf8_decode(p, &next), out[3];
        int k = map_char(p, n, pos, next, c, mode, &prev_cased, out);
        for (int i = 0; err == 0 && i < k; i++)
            err = sb_append_codepoint(&sb, out[i]);
        pos = next;
    }
    if (err < 0) {
        sb_abandon(&sb);
        return NULL;
    }
    return sb_finish(&sb);
}

#define NOARGS_UNUSED \
    (void)args;       \
    (void)nargs;      \
    (void)kwnames

STR_METHOD(str_lower)
{
    NOARGS_UNUSED;
    return map_case(L, self, MAP_LOWER);
}

STR_METHOD(str_upper)
{
    NOARGS_UNUSED;
    return map_case(L, self, MAP_UPPER);
}

STR_METHOD(str_casefold)
{
    NOARGS_UNUSED;
    return map_case(L, self, MAP_FOLD);
}

STR_METHOD(str_swapcase)
{
    NOARGS_UNUSED;
    return map_case(L, self, MAP_SWAP);
}

STR_METHOD(str_title)
{
    NOARGS_UNUSED;
    return map_case(L, self, MAP_TITLE);
}

STR_METHOD(str_capitalize)
{
    NOARGS_UNUSED;
    return map_case(L, self, MAP_CAPITALIZE);
}

/* ------------------------------------------------------------------ */
/* Predicates                                                          */
/* ------------------------------------------------------------------ */

/* Whether self is non-empty and every character has one of the flags. */
static Obj *all_chars(Lang *L, Obj *self, unsigned flags)
{
    const char *p = str_data(self);
    size_t n = str_nbytes(self), pos = 0;
    if (n == 0)
        return new_bool(L, 0);
    while (pos < n) {
        if (!(uc_flags(utf8_decode(p, &pos)) & flags))
            return new_bool(L, 0);
    }
    return new_bool(L, 1);
}

STR_METHOD(str_isdigit)
{
    NOARGS_UNUSED;
    return all_chars(L, self, UC_DIGIT);
}

STR_METHOD(str_isdecimal)
{
    NOARGS_UNUSED;
    return all_chars(L, self, UC_DECIMAL);
}

STR_METHOD(str_isnumeric)
{
    NOARGS_UNUSED;
    return all_chars(L, self, UC_NUMERIC);
}

STR_METHOD(str_isalpha)
{
    NOARGS_UNUSED;
    return all_chars(L, self, UC_ALPHA);
}

STR_METHOD(str_isalnum)
{
    NOARGS_UNUSED;
    return all_chars(L, self, UC_ALPHA | UC_DECIMAL | UC_DIGIT | UC_NUMERIC);
}

STR_METHOD(str_isspace)
{
    NOARGS_UNUSED;
    return all_chars(L, self, UC_SPACE);
}

/* islower (upper == 0) and isupper: no character of the opposite case or
 * title case, and at least one of the case asked for. */
static Obj *is_case(Lang *L, Obj *self, int upper)
{
    const char *p = str_data(self);
    size_t n = str_nbytes(self), pos = 0;
    unsigned want = upper ? UC_UPPER : UC_LOWER, refuse = (upper ? UC_LOWER : UC_UPPER) | UC_TITLE;
    int cased = 0;
    while (pos < n) {
        unsigned f = uc_flags(utf8_decode(p, &pos));
        if (f & refuse)
            return new_bool(L, 0);
        cased |= (f & want) != 0;
    }
    return new_bool(L, cased);
}

STR_METHOD(str_islower)
{
    NOARGS_UNUSED;
    return is_case(L, self, 0);
}

STR_METHOD(str_isupper)
{
    NOARGS_UNUSED;
    return is_case(L, self, 1);
}

STR_METHOD(str_istitle)
{
    NOARGS_UNUSED;
    const char *p = str_data(self);
    size_t n = str_nbytes(self), pos = 0;
    int cased = 0, prev_cased = 0;
    while (pos < n) {
        unsigned f = uc_flags(utf8_decode(p, &pos));
        if (f & (UC_UPPER | UC_TITLE)) {
            if (prev_cased)
                return new_bool(L, 0);
            prev_cased = cased = 1;
        } else if (f & UC_LOWER) {
            if (!prev_cased)
                return new_bool(L, 0);
            prev_cased = cased = 1;
        } else {
            prev_cased = 0;
        }
    }
    return new_bool(L, cased);
}

STR_METHOD(str_isidentifier)
{
    NOARGS_UNUSED;
    const char *p = str_data(self);
    size_t n = str_nbytes(self), pos = 0;
    if (n == 0 || !uc_has(utf8_decode(p, &pos), UC_XID_START))
        return new_bool(L, 0);
    while (pos < n) {
        if (!uc_has(utf8_decode(p, &pos), UC_XID_CONTINUE))
            return new_bool(L, 0);
    }
    return new_bool(L, 1);
}

STR_METHOD(str_isascii)
{
    NOARGS_UNUSED;
    return new_bool(L, str_is_ascii(self));
}

STR_METHOD(str_isprintable)
{
    NOARGS_UNUSED;
    const char *p = str_data(self);
    size_t n = str_nbytes(self), pos = 0;
    while (pos < n) {
        if (!uc_is_printable(utf8_decode(p, &pos)))
            return new_bool(L, 0);
    }
    return new_bool(L, 1);
}
