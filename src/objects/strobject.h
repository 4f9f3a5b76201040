/*
 * strobject.h - str: immutable Unicode text stored as UTF-8.
 *
 * Invariants of a StrObject:
 *   - data holds ob.size bytes of valid UTF-8 followed by a NUL byte (so
 *     str_data() is also a C string, though the text may contain NULs);
 *   - length is the number of code points; ascii is 1 exactly when every
 *     byte is below 0x80 (then length == ob.size and indexing is O(1));
 *   - hash is -1 until computed, then cached (never -1 once computed);
 *   - the contents never change once the string is handed out;
 *   - interned strings are in L->interned, which does not own them: a dying
 *     interned string removes itself (mortal interning, CPython 3.11).
 * The empty string is a per-Lang singleton (L->empty_str).
 */
#ifndef OURO_OBJECTS_STROBJECT_H
#define OURO_OBJECTS_STROBJECT_H

#include <stdarg.h>
#include <stdint.h>

#include "object.h"

typedef struct StrObject {
    OuroVarObject ob;             /* ob.size: bytes of UTF-8 */
    intptr_t length;              /* code points */
    intptr_t hash;                /* -1: not computed yet */
    uint8_t ascii;
    uint8_t interned;
    char data[];                  /* ob.size bytes, then NUL */
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
static inline size_t str_nbytes(const Obj *s) { return (size_t)((const OuroVarObject *)s)->size; }
static inline intptr_t str_length(const Obj *s) { return ((const StrObject *)s)->length; }
static inline int str_is_ascii(const Obj *s) { return ((const StrObject *)s)->ascii; }

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
static inline int str_is_interned(const Obj *s) { return ((const StrObject *)s)->interned; }
/* Empties the table (lang_free), un-marking the strings. */
void str_intern_table_free(Lang *L);

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
/* repr(s) with CPython's quoting and escapes. */
Obj *str_repr(Lang *L, Obj *s);
/* s[i] for 0 <= i < length (code point index). */
Obj *str_char_at(Lang *L, Obj *s, intptr_t i);
/* Code points i..j (0 <= i <= j <= length), new reference. */
Obj *str_substring(Lang *L, Obj *s, intptr_t i, intptr_t j);
/* Whether code point c is printable (str.isprintable()). */
int unicode_is_printable(uint32_t c);
/* Decodes the code point at *pos of s (valid UTF-8) and advances *pos. */
uint32_t utf8_decode(const char *s, size_t *pos);
/* Encodes c into buf (4 bytes at least); returns the byte count. */
int utf8_encode(uint32_t c, char *buf);

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
