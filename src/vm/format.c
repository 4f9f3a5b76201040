/*
 * format.c - format(value, spec) and ascii(o) for f-strings and the
 * builtins.
 *
 * format() calls type(value).__format__(value, spec), as CPython. The
 * object layer's str and int do not implement format specs yet; until they
 * do, the format-spec mini-language for str and int ([[fill]align][sign]
 * [#][0][width][,|_][.precision][type]) is implemented here, with
 * CPython's error messages, and used for exact str, int and bool.
 */
#include <stdio.h>
#include <string.h>

#include "vm.h"
#include "../objects/intobject.h"
#include "../objects/strobject.h"
#include "../objects/typeobject.h"

typedef struct Spec {
    uint32_t fill;
    char align;                   /* '<', '>', '^', '=' or 0 */
    char sign;                    /* '+', '-', ' ' or 0 */
    int alternate;
    int zero;
    intptr_t width;               /* -1: none */
    char grouping;                /* ',', '_' or 0 */
    intptr_t precision;           /* -1: none */
    char type;                    /* 0: none */
} Spec;

static int parse_spec(Lang *L, Obj *spec_obj, Spec *s)
{
    const char *p = str_data(spec_obj), *end = p + str_nbytes(spec_obj);
    memset(s, 0, sizeof *s);
    s->fill = ' ';
    s->width = s->precision = -1;
    /* [[fill]align]: the fill is any one character before an align char. */
    size_t pos = 0;
    uint32_t first = p < end ? utf8_decode(p, &pos) : 0;
    if (p + pos < end && strchr("<>=^", p[pos]) != NULL) {
        s->fill = first;
        s->align = p[pos];
        p += pos + 1;
    } else if (p < end && strchr("<>=^", *p) != NULL) {
        s->align = *p++;
    }
    if (p < end && (*p == '+' || *p == '-' || *p == ' '))
        s->sign = *p++;
    if (p < end && *p == '#') {
        s->alternate = 1;
        p++;
    }
    if (p < end && *p == '0') {
        s->zero = 1;
        if (!s->align) {
            s->fill = '0';
            s->align = '=';
        }
        p++;
    }
    if (p < end && *p >= '0' && *p <= '9') {
        s->width = 0;
        while (p < end && *p >= '0' && *p <= '9')
            s->width = s->width * 10 + (*p++ - '0');
    }
    if (p < end && (*p == ',' || *p == '_'))
        s->grouping = *p++;
    if (p < end && *p == '.') {
        p++;
        if (p >= end || *p < '0' || *p > '9') {
            err_format(L, EXC_ValueError, "Format specifier missing precision");
            return -1;
        }
        s->precision = 0;
        while (p < end && *p >= '0' && *p <= '9')
            s->precision = s->precision * 10 + (*p++ - '0');
    }
    if (end - p > 1) {
        err_format(L, EXC_ValueError, "Invalid format specifier '%U' for object of type '%s'",
                   spec_obj, "str");
        return -1;
    }
    if (p < end)
        s->type = *p;
    return 0;
}

/* Appends body (UTF-8, nchars characters) padded to the spec's width. */
static Obj *pad(Lang *L, const Spec *s, const char *prefix, const char *body, size_t nbytes,
                intptr_t nchars, char default_align)
{
    StrBuilder sb;
    sb_init(L, &sb);
    intptr_t plen = (intptr_t)strlen(prefix);
    intptr_t total = plen + nchars;
    intptr_t padding = s->width > total ? s->width - total : 0;
    char align = s->align ? s->align : default_align;
    intptr_t left = align == '>' ? padding : align == '^' ? padding / 2 : 0;
    intptr_t right = align == '<' ? padding : align == '^' ? padding - padding / 2 : 0;
    if (align == '=') {
        left = right = 0;
    }
    for (intptr_t i = 0; i < left; i++)
        sb_append_codepoint(&sb, s->fill);
    sb_append(&sb, prefix, (size_t)plen);
    if (align == '=') {
        for (intptr_t i = 0; i < padding; i++)
            sb_append_codepoint(&sb, s->fill);
    }
    sb_append(&sb, body, nbytes);
    for (intptr_t i = 0; i < right; i++)
        sb_append_codepoint(&sb, s->fill);
    return sb_finish(&sb);
}

static Obj *format_str(Lang *L, Obj *v, Obj *spec_obj)
{
    Spec s;
    if (parse_spec(L, spec_obj, &s) < 0)
        return NULL;
    if (s.type && s.type != 's')
        return err_format(L, EXC_ValueError, "Unknown format code '%c' for object of type 'str'",
                          s.type);
    if (s.sign)
        return err_format(L, EXC_ValueError, "Sign not allowed in string format specifier");
    if (s.alternate)
        return err_format(L, EXC_ValueError,
                          "Alternate form (#) not allowed in string format specifier");
    if (s.align == '=')
        return err_format(L, EXC_ValueError,
                          "'=' alignment not allowed in string format specifier");
    const char *data = str_data(v);
    intptr_t n = str_length(v);
    size_t nbytes = str_nbytes(v);
    if (s.precision >= 0 && s.precision < n) {
        size_t pos = 0;
        for (intptr_t i = 0; i < s.precision; i++)
            utf8_decode(data, &pos);
        nbytes = pos;
        n = s.precision;
    }
    return pad(L, &s, "", data, nbytes, n, '<');
}

/* Inserts the grouping separator every `every` digits of digits[0..n). */
static size_t group_digits(char *out, const char *digits, size_t n, char sep, int every)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && sep && (n - i) % (size_t)every == 0)
            out[k++] = sep;
        out[k++] = digits[i];
    }
    return k;
}

static Obj *format_int(Lang *L, Obj *v, Obj *spec_obj)
{
    Spec s;
    if (parse_spec(L, spec_obj, &s) < 0)
        return NULL;
    int64_t x = int_as_i64(L, v);
    if (x == -1 && err_occurred(L))
        return NULL;
    if (s.precision >= 0)
        return err_format(L, EXC_ValueError, "Precision not allowed in integer format specifier");
    char type = s.type ? s.type : 'd';
    if (type == 'c') {
        if (s.sign)
            return err_format(L, EXC_ValueError, "Sign not allowed with integer format specifier 'c'");
        if (x < 0 || x > 0x10ffff)
            return err_format(L, EXC_OverflowError, "%%c arg not in range(0x110000)");
        char buf[4];
        int nb = utf8_encode((uint32_t)x, buf);
        return pad(L, &s, "", buf, (size_t)nb, 1, '<');
    }
    int base = 10;
    const char *alt = "";
    switch (type) {
    case 'd': case 'n': base = 10; break;
    case 'b': base = 2; alt = "0b"; break;
    case 'o': base = 8; alt = "0o"; break;
    case 'x': base = 16; alt = "0x"; break;
    case 'X': base = 16; alt = "0X"; break;
    default:
        return err_format(L, EXC_ValueError, "Unknown format code '%c' for object of type '%s'",
                          type, obj_type_name(v));
    }
    uint64_t mag = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
    char digits[80];
    size_t n = 0;
    const char *set = type == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        digits[n++] = set[mag % (uint64_t)base];
        mag /= (uint64_t)base;
    } while (mag);
    for (size_t i = 0; i < n / 2; i++) {
        char t = digits[i];
        digits[i] = digits[n - 1 - i];
        digits[n - 1 - i] = t;
    }
    char grouped[160];
    int every = base == 10 ? 3 : 4;
    if (s.grouping == ',' && base != 10)
        return err_format(L, EXC_ValueError, "Cannot specify ',' with '%c'.", type);
    size_t glen = group_digits(grouped, digits, n, s.grouping, every);
    char prefix[8] = "";
    if (x < 0)
        strcat(prefix, "-");
    else if (s.sign == '+')
        strcat(prefix, "+");
    else if (s.sign == ' ')
        strcat(prefix, " ");
    if (s.alternate)
        strcat(prefix, alt);
    return pad(L, &s, prefix, grouped, glen, (intptr_t)glen, '>');
}

Obj *vm_format(Lang *L, Obj *value, Obj *spec)
{
    int empty = spec == NULL || str_nbytes(spec) == 0;
    if (empty && str_check_exact(L, value))
        return obj_newref(value);
    if (empty && int_check_exact(L, value))
        return obj_str(L, value);
    Obj *key = str_intern_cstr(L, "__format__");
    if (key == NULL)
        return NULL;
    Obj *meth = type_lookup(L, TYPE(value), key);
    obj_decref(L, key);
    if (!empty && str_check_exact(L, value))
        return format_str(L, value, spec);
    if (!empty && (int_check_exact(L, value) || IS_TYPE(value, L->t_bool)))
        return format_int(L, value, spec);
    if (meth == NULL)
        return err_format(L, EXC_TypeError, "Type %.100s doesn't define __format__",
                          obj_type_name(value));
    Obj *spec_arg = spec ? spec : L->empty_str;
    Obj *args[2] = {value, spec_arg};
    Obj *name = str_intern_cstr(L, "__format__");
    if (name == NULL)
        return NULL;
    Obj *r = obj_call_method(L, name, args, 2, NULL);
    obj_decref(L, name);
    if (r != NULL && !str_check(r)) {
        err_format(L, EXC_TypeError, "__format__ must return a str, not %.200s",
                   obj_type_name(r));
        obj_decref(L, r);
        return NULL;
    }
    return r;
}

Obj *vm_ascii(Lang *L, Obj *o)
{
    Obj *r = obj_repr(L, o);
    if (r == NULL || str_is_ascii(r))
        return r;
    StrBuilder sb;
    sb_init(L, &sb);
    const char *s = str_data(r);
    size_t pos = 0, n = str_nbytes(r);
    while (pos < n) {
        uint32_t c = utf8_decode(s, &pos);
        char buf[16];
        if (c < 0x80)
            snprintf(buf, sizeof buf, "%c", (char)c);
        else if (c < 0x100)
            snprintf(buf, sizeof buf, "\\x%02x", (unsigned)c);
        else if (c < 0x10000)
            snprintf(buf, sizeof buf, "\\u%04x", (unsigned)c);
        else
            snprintf(buf, sizeof buf, "\\U%08x", (unsigned)c);
        sb_append_cstr(&sb, buf);
    }
    obj_decref(L, r);
    return sb_finish(&sb);
}
