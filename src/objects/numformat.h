/*
 * numformat.h - the layout of a formatted number, shared by the numeric
 * __format__ methods (int, float), after CPython 3.11's
 * formatter_unicode.c. Specs are parsed by format_spec_parse (strobject.h).
 */
#ifndef OURO_OBJECTS_NUMFORMAT_H
#define OURO_OBJECTS_NUMFORMAT_H

#include <stddef.h>

#include "object.h"
#include "strobject.h"

/* The formatted number, a new str. negative says whether a '-' goes in
 * front (else the sign char f->sign asks for); prefix ("0x"...) follows
 * the sign; digits[0..ndigits) are the integer part, grouped per f ('_'
 * by four for the types b, o, x, X) and zero-padded through the grouping
 * when f's fill is '0' with '=' alignment; then '.' if has_decimal, then
 * rest[0..nrest) as is (UTF-8: the fraction, an exponent, '%', or the
 * character of 'c'). upper makes the prefix upper case. */
Obj *fmt_number(Lang *L, const FormatSpec *f, int negative, const char *prefix,
                const char *digits, size_t ndigits, int has_decimal, const char *rest,
                size_t nrest, int upper);

/* ValueError "Unknown format code 'c' for object of type 'T'" (or
 * '\x..' for a code outside printable ASCII). Returns NULL. */
Obj *fmt_unknown_type(Lang *L, uint32_t type, const char *type_name);

#endif
