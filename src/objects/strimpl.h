/*
 * strimpl.h - what the files of the str type share and nobody else uses:
 * raw allocation, offsets of code points, searching, argument binding of
 * the methods, and the functions the method table names. strobject.h is
 * the type's public face.
 */
#ifndef OURO_OBJECTS_STRIMPL_H
#define OURO_OBJECTS_STRIMPL_H

#include "strobject.h"

/* A method of str: self is a str (or an instance of a subclass). */
#define STR_METHOD(name) Obj *name(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)

/* A new exact str of room for nbytes bytes (uninitialised, NUL written at
 * the end, hash -1); the caller writes the text and sets length and
 * ascii. NULL with MemoryError. */
StrObject *str_alloc(Lang *L, size_t nbytes);
/* A str from a StrBuilder-like buffer whose length and ASCII-ness are
 * known (no second pass over the bytes). */
Obj *str_from_parts(Lang *L, const char *p, size_t nbytes, intptr_t length, int ascii);

/* The byte offset of code point index i (0 <= i <= length) in s: O(1) for
 * ASCII text; for the rest a walk from the nearest of the start, the end
 * and the Lang's cached position (L->str_cache_*), which it updates, so
 * that walking a string forwards or backwards by index is O(1) a step. */
size_t str_offset(Lang *L, Obj *s, intptr_t i);
/* The number of code points in the UTF-8 bytes p[0..n). */
intptr_t utf8_count(const char *p, size_t n);
/* The byte offset count code points after byte offset pos (which must
 * leave that many in the text). */
size_t utf8_skip(const char *p, size_t pos, intptr_t count);
/* The byte offset of the character before pos (pos > 0). */
static inline size_t utf8_back(const char *p, size_t pos)
{
    do
        pos--;
    while (pos > 0 && ((unsigned char)p[pos] & 0xC0) == 0x80);
    return pos;
}

/* The byte offset of the first (last) occurrence of needle (m bytes) in
 * hay[from..to), or -1. An empty needle is found at from (at to). */
intptr_t str_search(const char *hay, size_t from, size_t to, const char *needle, size_t m);
intptr_t str_rsearch(const char *hay, size_t from, size_t to, const char *needle, size_t m);

/*
 * Binds the arguments of a method with optional parameters that may be
 * given by position or by name (argument clinic's rules): out[i] gets
 * args' i-th positional or the keyword value named names[i] (borrowed),
 * NULL when not given. CPython's errors: "split() takes at most 2
 * arguments (3 given)", "'x' is an invalid keyword argument for split()",
 * "argument for split() given by name ('sep') and position (1)".
 * 0, or -1 with TypeError.
 */
int str_bind_args(Lang *L, const char *fname, const char *const *names, size_t n,
                  Obj *const *args, size_t nargs, Obj *kwnames, Obj **out);
/* The TypeError of a method given too few or too many positional
 * arguments: "center expected at least 1 argument, got 0" (argument
 * clinic's _PyArg_CheckPositional). -1 if nargs is outside min..max. */
int str_check_nargs(Lang *L, const char *fname, size_t nargs, size_t min, size_t max);

/* The method table (strmethods.c) and the methods that live elsewhere. */
extern const MethodDef str_methods[];
STR_METHOD(str_lower);
STR_METHOD(str_upper);
STR_METHOD(str_capitalize);
STR_METHOD(str_title);
STR_METHOD(str_swapcase);
STR_METHOD(str_casefold);
STR_METHOD(str_isdigit);
STR_METHOD(str_isdecimal);
STR_METHOD(str_isnumeric);
STR_METHOD(str_isalpha);
STR_METHOD(str_isalnum);
STR_METHOD(str_isspace);
STR_METHOD(str_islower);
STR_METHOD(str_isupper);
STR_METHOD(str_istitle);
STR_METHOD(str_isidentifier);
STR_METHOD(str_isascii);
STR_METHOD(str_isprintable);
STR_METHOD(str_format_method);
STR_METHOD(str_format_map);
STR_METHOD(str_dunder_format);

/* str's number slots (strformat.c): `%`. */
extern const NumberSlots str_number_slots;

#endif
