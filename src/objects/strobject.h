/*
 * strobject.h - str: immutable Unicode text stored as UTF-8.
 *
 * Invariants of a StrObject:
 *   - data holds str_nbytes() bytes of UTF-8 followed by a NUL byte (so
 *     str_data() is also a C string, though the text may contain NULs).
 *     The one liberty taken with UTF-8: a surrogate code point (which
 *     CPython's str may hold, chr(0xD800)) is encoded as three bytes like
 *     its neighbours; the decoder of outside bytes (str_from_utf8) still
 *     refuses them, as CPython's;
 *   - length is the number of code points; ascii is 1 exactly when every
 *     byte is below 0x80 (then length == nbytes and indexing is O(1));
 *   - hash is -1 until computed, then cached (never -1 once computed);
 *   - the contents never change once the string is shared: the one
 *     exception is str_concat_inplace, which appends to a string whose only
 *     reference its caller holds (CPython's PyUnicode_Append);
 *   - ob.size is the number of text bytes the block has room for (the core
 *     frees ob.size + the header). For every string but those grown in
 *     place it is the text's byte count. A string grown by
 *     str_concat_inplace keeps spare room for the next append (STR_SPARE):
 *     its byte count is then stored in the last sizeof(size_t) bytes of the
 *     room, after the NUL (ob.size >= nbytes + sizeof(size_t));
 *   - interned strings are in L->interned, which does not own them: a dying
 *     interned string removes itself (mortal interning, CPython 3.11).
 * The empty string is a per-Lang singleton (L->empty_str), and the
 * one-character ASCII strings are cached (L->ascii_chars).
 *
 * The type is spread over several files: strobject.c (creation, hashing,
 * comparison, indexing, concatenation, repr, the slots), strmethods.c (the
 * methods), strcase.c (case mapping and the is* predicates), strformat.c
 * (str.format, format(), the % operator), strbuilder.c (StrBuilder),
 * strintern.c (the interned table), unicodectype.c (character
 * properties); strimpl.h holds what they share privately.
 */
#ifndef OURO_OBJECTS_STROBJECT_H
#define OURO_OBJECTS_STROBJECT_H

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "object.h"

enum {
    STR_INTERNED = 1u << 0,       /* in L->interned */
    STR_SPARE = 1u << 1,          /* grown in place: ob.size is the room, see above */
};

typedef struct StrObject {
    OuroVarObject ob;             /* ob.size: bytes of room for text (see above) */
    intptr_t length;              /* code points */
    intptr_t hash;                /* -1: not computed yet */
    uint8_t ascii;
    uint8_t state;                /* STR_* */
    char data[];                  /* the text, then NUL */
} StrObject;

static inline int str_check(const Obj *o)
{
    return TYPE_HAS(TYPE(o), TF_STR_SUBCLASS);
}
static inline int str_check_exact(Lang *L, const Obj *o)
{
    return IS_TYPE(o, L->t_str);
}
/* The UTF-8 bytes (NUL-terminated), borrowed from s. */
static inline const char *str_data(const Obj *s) { return ((const StrObject *)s)->data; }
/* The byte count of the text. */
static inline size_t str_nbytes(const Obj *o)
{
    const StrObject *s = (const StrObject *)o;
    size_t n = (size_t)s->ob.size;
    if (s->state & STR_SPARE)
        memcpy(&n, s->data + n + 1 - sizeof n, sizeof n);
    return n;
}
static inline intptr_t str_length(const Obj *s) { return ((const StrObject *)s)->length; }
static inline int str_is_ascii(const Obj *s) { return ((const StrObject *)s)->ascii; }

/* ------------------------------------------------------------------ */
/* Creation                                                            */
/* ------------------------------------------------------------------ */

/* New strings. Each returns a new reference, or NULL with an exception
 * (MemoryError; UnicodeDecodeError for invalid UTF-8 in str_from_utf8). */
Obj *str_from_utf8(Lang *L, const char *s, size_t nbytes);
Obj *str_from_cstr(Lang *L, const char *s);
/* For bytes known to be valid UTF-8 (from another str, from the lexer):
 * not validated. */
Obj *str_from_utf8_trusted(Lang *L, const char *s, size_t nbytes);
/* The one-character string for code point c (0 <= c <= 0x10FFFF). */
Obj *str_from_codepoint(Lang *L, uint32_t c);
/* A printf-style str (the formats of err_format). */
Obj *str_from_format(Lang *L, const char *fmt, ...);
Obj *str_from_vformat(Lang *L, const char *fmt, va_list ap);

/* Interning. str_intern_take returns the interned string equal to s (new
 * reference), taking over the caller's reference to s even on failure; s
 * must be an exact str. str_intern_cstr interns a C string. */
Obj *str_intern_take(Lang *L, Obj *s);
Obj *str_intern_cstr(Lang *L, const char *s);
/* The interned string equal to s, borrowed, or NULL if none is interned
 * (no exception). */
Obj *str_find_interned(Lang *L, Obj *s);
static inline int str_is_interned(const Obj *s)
{
    return (((const StrObject *)s)->state & STR_INTERNED) != 0;
}
/* Empties the table (lang_free), un-marking the strings. */
void str_intern_table_free(Lang *L);

/* ------------------------------------------------------------------ */
/* Hash, comparison, operations                                        */
/* ------------------------------------------------------------------ */

/* The hash of s (computed once). Never fails. */
intptr_t str_hash(Obj *s);
/* Equality of two str objects (any str subclass), without user code. */
int str_equal(Obj *a, Obj *b);
/* Equality with a C string. */
int str_equal_cstr(Obj *a, const char *s);
/* <0, 0, >0 as a < b, a == b, a > b (code point order). */
int str_compare(Obj *a, Obj *b);

/* a + b (both str), new reference. */
Obj *str_concat(Lang *L, Obj *a, Obj *b);
/*
 * `*left += right` for the VM's BINARY_OP +=, both exact str (CPython's
 * PyUnicode_Append): *left is an owned reference that is replaced by the
 * result. When the caller's reference is the only one to *left (count 1,
 * not interned, not a cached singleton), the text is appended in place
 * with ouro_resize_var and the object may move: *left then points to its
 * new address. The room grows geometrically (by a quarter), so building a
 * string of n bytes by appending costs O(n) bytes copied and O(log n)
 * reallocations; the string keeps up to a quarter of spare room after.
 * Otherwise a new string is made as by str_concat. Returns 0, or -1 with
 * an exception, *left released and set to NULL (as PyUnicode_Append).
 * The VM must drop the variable's own reference before the call (as
 * CPython's unicode_concatenate does for `s += t` followed by a store to
 * s), or the count is never 1.
 */
int str_concat_inplace(Lang *L, Obj **left, Obj *right);
/* repr(s) with CPython's quoting and escapes. */
Obj *str_repr(Lang *L, Obj *s);
/* ascii(o): repr(o) with the non-ASCII characters escaped (\xhh, \uhhhh,
 * \Uhhhhhhhh), as the builtin ascii() and the !a conversion. */
Obj *obj_ascii(Lang *L, Obj *o);
/* s[i] for 0 <= i < length (code point index). */
Obj *str_char_at(Lang *L, Obj *s, intptr_t i);
/* The code point s[i], 0 <= i < length. */
uint32_t str_codepoint_at(Lang *L, Obj *s, intptr_t i);
/* Code points i..j (0 <= i <= j <= length), new reference. */
Obj *str_substring(Lang *L, Obj *s, intptr_t i, intptr_t j);

/* ord(c): the code point of a one-character str as an int, or TypeError
 * ("ord() expected a character, but string of length 2 found", "ord()
 * expected string of length 1, but int found"). New reference. */
Obj *str_ord(Lang *L, Obj *c);
/* chr(i): the one-character str of code point i (an int or anything with
 * __index__), ValueError "chr() arg not in range(0x110000)", OverflowError
 * "Python int too large to convert to C int". New reference. */
Obj *str_chr(Lang *L, Obj *i);

/* Decodes the code point at *pos of s (valid UTF-8) and advances *pos. */
uint32_t utf8_decode(const char *s, size_t *pos);
/* Encodes c into buf (4 bytes at least); returns the byte count. */
int utf8_encode(uint32_t c, char *buf);

/* ------------------------------------------------------------------ */
/* Formatting (strformat.c)                                            */
/* ------------------------------------------------------------------ */

/* format(value, spec): type(value).__format__(value, spec), as CPython's
 * PyObject_Format (spec NULL means ''): exact str and int with an empty
 * spec skip the call; "Type X doesn't define __format__"; "__format__ must
 * return a str, not int". New reference. */
Obj *obj_format(Lang *L, Obj *value, Obj *spec);
/* format % args (str's % operator; format a str, args anything): CPython's
 * PyUnicode_Format. New reference. */
Obj *str_mod(Lang *L, Obj *format, Obj *args);
/* format.format(*args, **kwargs) with the vector convention (args[0..nargs)
 * positional, keyword values after them named by kwnames). */
Obj *str_format_vector(Lang *L, Obj *format, Obj *const *args, size_t nargs, Obj *kwnames);

/*
 * The format-spec mini-language ([[fill]align][sign][z][#][0][width]
 * [grouping][.precision][type]), parsed as CPython 3.11 does, for the
 * __format__ of str and of the numeric types. Characters are code points;
 * a field not given reads as the defaults passed in (width and precision
 * -1, sign/grouping 0).
 */
typedef struct FormatSpec {
    uint32_t fill;                /* ' ' unless given (or '0' from a leading 0) */
    uint32_t align;               /* '<', '>', '^', '=' or the default */
    uint32_t sign;                /* '+', '-', ' ' or 0 */
    int no_neg_0;                 /* 'z' */
    int alternate;                /* '#' */
    uint32_t grouping;            /* ',', '_' or 0 */
    intptr_t width;               /* -1: none */
    intptr_t precision;           /* -1: none */
    uint32_t type;                /* the presentation type, or the default */
} FormatSpec;

/* Parses spec (a str) for a value of value's type. ValueError with
 * CPython's messages ("Invalid format specifier 'xx' for object of type
 * 'str'", "Format specifier missing precision", "Cannot specify ',' with
 * 's'.", "Too many decimal digits in format string"). 0 or -1. */
int format_spec_parse(Lang *L, Obj *value, Obj *spec, uint32_t default_type,
                      uint32_t default_align, FormatSpec *out);
/* Appends text (nbytes of UTF-8, nchars code points) to sb padded to the
 * spec's width with its fill and alignment ('=' pads after the first
 * `sign_chars` code points, which must be ASCII). 0 or -1 (MemoryError). */
struct StrBuilder;
int format_spec_pad(struct StrBuilder *sb, const FormatSpec *spec, const char *text,
                    size_t nbytes, intptr_t nchars, size_t sign_chars);

/* ------------------------------------------------------------------ */
/* Building strings                                                    */
/* ------------------------------------------------------------------ */

/* A growable UTF-8 buffer from the runtime's allocator. Append functions
 * return 0, or -1 with MemoryError (the buffer stays valid). finish
 * returns the str (new reference, or NULL) and frees the buffer; abandon
 * frees it without making a string. */
typedef struct StrBuilder {
    Lang *L;
    char *buf;
    size_t len, cap;
    int ascii;                    /* every byte so far < 0x80 */
} StrBuilder;

void sb_init(Lang *L, StrBuilder *sb);
int sb_append(StrBuilder *sb, const char *s, size_t n);
int sb_append_cstr(StrBuilder *sb, const char *s);
int sb_append_char(StrBuilder *sb, char c);
int sb_append_codepoint(StrBuilder *sb, uint32_t c);
/* Appends c n times (n <= 0: nothing). */
int sb_append_repeat(StrBuilder *sb, uint32_t c, intptr_t n);
int sb_append_str(StrBuilder *sb, Obj *s);          /* s: a str */
/* Appends repr(o) / str(o): may run user code; -1 with its exception. */
int sb_append_repr(StrBuilder *sb, Obj *o);
int sb_append_strof(StrBuilder *sb, Obj *o);
int sb_append_vformat(StrBuilder *sb, const char *fmt, va_list ap);
int sb_append_format(StrBuilder *sb, const char *fmt, ...);
Obj *sb_finish(StrBuilder *sb);
void sb_abandon(StrBuilder *sb);

/* Removes a dying interned string from the table (str_dealloc). */
void intern_remove(Lang *L, Obj *s);

/* The str type's spec and its iterator's (lang.c). */
struct TypeSpec;
extern const struct TypeSpec str_spec, str_iter_spec;

#endif
