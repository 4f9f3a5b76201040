/*
 * unicodectype.h - the character properties of str's methods, exactly as
 * CPython 3.11 (Unicode 14.0.0) has them: the classes behind isalpha,
 * isdecimal, isdigit, isnumeric, isspace, islower, isupper, istitle,
 * isidentifier, isprintable and splitlines, the digit values, and the full
 * case mappings of upper, lower, title and casefold (one-to-many ones
 * included: 'ß'.upper() == 'SS'). The tables are generated
 * (tools/gen_unicodectype.py writes unicodectype.c from the interpreter's
 * own answers); nothing here is computed by hand.
 */
#ifndef OURO_OBJECTS_UNICODECTYPE_H
#define OURO_OBJECTS_UNICODECTYPE_H

#include <stdint.h>

enum {
    UC_ALPHA = 1 << 0,            /* str.isalpha */
    UC_DECIMAL = 1 << 1,          /* str.isdecimal (Nd) */
    UC_DIGIT = 1 << 2,            /* str.isdigit */
    UC_NUMERIC = 1 << 3,          /* str.isnumeric */
    UC_SPACE = 1 << 4,            /* str.isspace, split() */
    UC_LOWER = 1 << 5,            /* the Lowercase property */
    UC_UPPER = 1 << 6,            /* the Uppercase property */
    UC_TITLE = 1 << 7,            /* category Lt */
    UC_CASED = 1 << 8,            /* Lowercase, Uppercase or Lt */
    UC_CASE_IGNORABLE = 1 << 9,   /* skipped by the final-sigma rule */
    UC_XID_START = 1 << 10,       /* may start an identifier ('_' too) */
    UC_XID_CONTINUE = 1 << 11,    /* may continue one */
    UC_PRINTABLE = 1 << 12,       /* str.isprintable, repr */
    UC_LINEBREAK = 1 << 13,       /* splitlines() breaks there */
    UC_EXTENDED = 1 << 14,        /* mapping[] indexes the one-to-many table */
};

/* Which case mapping uc_mapping gives. */
enum { UC_UPPER_MAP, UC_LOWER_MAP, UC_TITLE_MAP, UC_FOLD_MAP };

typedef struct UnicodeRecord {
    uint16_t flags;               /* UC_* */
    int8_t digit;                 /* digit value (isdigit), or -1 */
    int32_t mapping[4];           /* by UC_*_MAP: deltas, or see UC_EXTENDED */
} UnicodeRecord;

/* The record of code point c (any value: beyond 0x10FFFF, none of the
 * properties). Never NULL. */
const UnicodeRecord *uc_record(uint32_t c);

/* The full case mapping `which` (UC_*_MAP) of c into out: returns the
 * number of code points written, 1 to 3. Lower-casing a capital sigma
 * here gives the medial form; str.lower applies the final-sigma rule. */
int uc_mapping(uint32_t c, int which, uint32_t out[3]);

static inline unsigned uc_flags(uint32_t c)
{
    return uc_record(c)->flags;
}

static inline int uc_has(uint32_t c, unsigned flag)
{
    return (uc_record(c)->flags & flag) != 0;
}

/* The decimal value of c (0-9) when it is a decimal digit (int() accepts
 * it), else -1. */
static inline int uc_decimal(uint32_t c)
{
    const UnicodeRecord *r = uc_record(c);
    return (r->flags & UC_DECIMAL) ? r->digit : -1;
}

/* Whether c is whitespace as str.isspace and str.split see it. */
static inline int uc_is_space(uint32_t c)
{
    if (c < 128)
        return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
    return uc_has(c, UC_SPACE);
}

/* Whether repr() shows c as is (str.isprintable). */
static inline int uc_is_printable(uint32_t c)
{
    if (c < 128)
        return c >= 0x20 && c < 0x7F;
    return uc_has(c, UC_PRINTABLE);
}

#endif
