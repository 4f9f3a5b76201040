/*
 * numformat.c - laying out a formatted number for the numeric __format__
 * methods (int, float): padding, sign, prefix, digit grouping and zero
 * padding through the grouping, as CPython 3.11's calc_number_widths /
 * fill_number (Python/formatter_unicode.c) and its thousands grouping
 * (Objects/stringlib/localeutil.h) do. The spec itself is parsed by
 * format_spec_parse (strobject.h). Only the C locale exists here: 'n'
 * formats as 'd'/'g' without grouping.
 */
#include <string.h>

#include "numformat.h"
#include "exceptions.h"

/* ------------------------------------------------------------------ */
/* Layout                                                              */
/* ------------------------------------------------------------------ */

static intptr_t max_i(intptr_t a, intptr_t b)
{
    return a > b ? a : b;
}

static intptr_t min_i(intptr_t a, intptr_t b)
{
    return a < b ? a : b;
}

/* One group, written leftwards from *end: a separator (if sep), then the
 * last nchars of the digits left, then nzeros zeros. */
static void put_group(char **end, const char **dend, intptr_t nchars, intptr_t nzeros, char sep)
{
    if (sep)
        *--*end = sep;
    *end -= nchars;
    *dend -= nchars;
    memcpy(*end, *dend, (size_t)nchars);
    *end -= nzeros;
    memset(*end, '0', (size_t)nzeros);
}

/* CPython's _PyUnicode_InsertThousandsGrouping: digits with sep every
 * `group` digits (group 0: none), zero-padded on the left to min_width
 * characters. Writes right to left ending at end, unless end is NULL
 * (counting). Returns the number of characters. */
static intptr_t group_digits(char *end, const char *digits, intptr_t ndigits, intptr_t min_width,
                             int group, char sep)
{
    intptr_t count = 0, remaining = ndigits;
    const char *dend = digits + ndigits;
    int use_sep = 0;
    if (group > 0) {
        for (;;) {
            intptr_t l = min_i(group, max_i(max_i(remaining, min_width), 1));
            intptr_t zeros = max_i(0, l - remaining), chars = max_i(0, min_i(remaining, l));
            count += use_sep + zeros + chars;
            if (end != NULL)
                put_group(&end, &dend, chars, zeros, use_sep ? sep : 0);
            use_sep = 1;
            remaining -= chars;
            min_width -= l;
            if (remaining <= 0 && min_width <= 0)
                return count;
            min_width -= 1;
        }
    }
    intptr_t l = max_i(max_i(remaining, min_width), 1);
    intptr_t zeros = max_i(0, l - remaining), chars = max_i(0, min_i(remaining, l));
    count += zeros + chars;
    if (end != NULL)
        put_group(&end, &dend, chars, zeros, 0);
    return count;
}

static size_t count_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

Obj *fmt_number(Lang *L, const FormatSpec *f, int negative, const char *prefix,
                const char *digits, size_t ndigits, int has_decimal, const char *rest,
                size_t nrest, int upper)
{
    /* Bin/oct/hex group '_' by four digits, everything else by three. */
    int by4 = f->type == 'b' || f->type == 'o' || f->type == 'x' || f->type == 'X';
    char sign = 0;
    if (f->sign == '+')
        sign = negative ? '-' : '+';
    else if (f->sign == ' ')
        sign = negative ? '-' : ' ';
    else if (negative)
        sign = '-';
    size_t nprefix = strlen(prefix);
    intptr_t n_other = (sign != 0) + (intptr_t)nprefix + has_decimal +
                       (intptr_t)count_chars(rest, nrest);
    intptr_t min_width = f->fill == '0' && f->align == '=' ? f->width - n_other : 0;
    int group = f->grouping ? (by4 ? 4 : 3) : 0;
    intptr_t ngrouped = ndigits == 0 ? 0
                        : group_digits(NULL, digits, (intptr_t)ndigits, min_width, group, (char)f->grouping);
    intptr_t padding = f->width - (n_other + ngrouped), left = 0, inner = 0, right = 0;
    if (padding > 0) {
        switch (f->align) {
        case '<': right = padding; break;
        case '^': left = padding / 2; right = padding - left; break;
        case '=': inner = padding; break;
        default: left = padding; break;
        }
    }
    char local[256];
    char *g = (size_t)ngrouped <= sizeof local ? local : mem_alloc(L, (size_t)ngrouped);
    if (g == NULL)
        return NULL;
    if (ndigits != 0)
        group_digits(g + ngrouped, digits, (intptr_t)ndigits, min_width, group, (char)f->grouping);
    StrBuilder sb;
    sb_init(L, &sb);
    int rc = sb_append_repeat(&sb, f->fill, left);
    if (sign)
        rc |= sb_append_char(&sb, sign);
    for (size_t i = 0; i < nprefix; i++) {
        char c = prefix[i];
        rc |= sb_append_char(&sb, upper && c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c);
    }
    rc |= sb_append_repeat(&sb, f->fill, inner);
    rc |= sb_append(&sb, g, (size_t)ngrouped);
    if (has_decimal)
        rc |= sb_append_char(&sb, '.');
    rc |= sb_append(&sb, rest, nrest);
    rc |= sb_append_repeat(&sb, f->fill, right);
    if (g != local)
        mem_free(L, g, (size_t)ngrouped);
    if (rc != 0) {
        sb_abandon(&sb);
        return NULL;
    }
    return sb_finish(&sb);
}

Obj *fmt_unknown_type(Lang *L, uint32_t type, const char *type_name)
{
    if (type > 32 && type < 128)
        return err_format(L, EXC_ValueError, "Unknown format code '%c' for object of type '%.200s'",
                          (char)type, type_name);
    return err_format(L, EXC_ValueError, "Unknown format code '\\x%x' for object of type '%.200s'",
                      (unsigned)type, type_name);
}
