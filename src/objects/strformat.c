/*
 * strformat.c - formatting with str: format(value, spec) (obj_format),
 * the format-spec mini-language and str.__format__, str.format and
 * str.format_map (CPython's Objects/stringlib/unicode_format.h), and the
 * printf-style % operator (CPython's PyUnicode_Format), with CPython
 * 3.11's results and messages.
 *
 * Numbers are formatted by their own types: %d/%x/%o go through the int
 * type's text conversion (int_to_base_string, what CPython's
 * PyNumber_ToBase does) and %e/%f/%g through float.__format__ looked up
 * on the float type, so this file knows nothing of their representation.
 *
 * The format strings are scanned as UTF-8 bytes: every character with a
 * meaning ({, }, [, ], ., !, :, %, (, ), digits, flags) is ASCII, so a
 * byte that matches one is that character. Positions reported in errors
 * are converted to code point indices.
 */
#include <stdio.h>
#include <string.h>

#include "strimpl.h"
#include "intobject.h"
#include "slots.h"
#include "tupleobject.h"
#include "typeobject.h"
#include "unicodectype.h"

/* ------------------------------------------------------------------ */
/* format(value, spec)                                                 */
/* ------------------------------------------------------------------ */

Obj *obj_format(Lang *L, Obj *value, Obj *spec)
{
    if (spec != NULL && !str_check(spec))
        return err_format(L, EXC_SystemError, "Format specifier must be a string, not %.200s",
                          obj_type_name(spec));
    if (spec == NULL || str_nbytes(spec) == 0) {
        if (str_check_exact(L, value))
            return obj_newref(value);
        if (int_check_exact(L, value))
            return obj_str(L, value);
        spec = L->empty_str;
    }
    Obj *args[2] = {value, spec};
    int found;
    Obj *r = call_special(L, ID(L, __format__), args, 2, &found);
    if (!found)
        return err_format(L, EXC_TypeError, "Type %.100s doesn't define __format__",
                          obj_type_name(value));
    if (r != NULL && !str_check(r)) {
        err_format(L, EXC_TypeError, "__format__ must return a str, not %.200s", obj_type_name(r));
        obj_decref(L, r);
        return NULL;
    }
    return r;
}

/* ------------------------------------------------------------------ */
/* The format-spec mini-language                                       */
/* ------------------------------------------------------------------ */

/* Reads decimal digits (any Unicode decimal digit, as CPython) at *pos of
 * p[..end): the count read, or -1 with ValueError on overflow. */
static int read_number(Lang *L, const char *p, size_t *pos, size_t end, intptr_t *value)
{
    intptr_t acc = 0;
    int count = 0;
    while (*pos < end) {
        size_t next = *pos;
        int d = uc_decimal(utf8_decode(p, &next));
        if (d < 0)
            break;
        if (acc > (INTPTR_MAX - d) / 10) {
            err_format(L, EXC_ValueError, "Too many decimal digits in format string");
            return -1;
        }
        acc = acc * 10 + d;
        *pos = next;
        count++;
    }
    *value = acc;
    return count;
}

static int is_align(uint32_t c)
{
    return c == '<' || c == '>' || c == '=' || c == '^';
}

/* The ValueError for a presentation type or separator shown as
 * '\x20ac' beyond the printable ASCII range, as CPython. */
static void unknown_type(Lang *L, uint32_t type, const char *tname)
{
    if (type > 32 && type < 128)
        err_format(L, EXC_ValueError, "Unknown format code '%c' for object of type '%.200s'",
                   (int)type, tname);
    else
        err_format(L, EXC_ValueError, "Unknown format code '\\x%x' for object of type '%.200s'",
                   (unsigned)type, tname);
}

static int check_grouping(Lang *L, FormatSpec *s)
{
    switch (s->type) {
    case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case 0:
        return 0;
    case 'b': case 'o': case 'x': case 'X':
        if (s->grouping == '_')
            return 0;
        break;
    default:
        break;
    }
    if (s->type > 32 && s->type < 128)
        err_format(L, EXC_ValueError, "Cannot specify '%c' with '%c'.", (int)s->grouping,
                   (int)s->type);
    else
        err_format(L, EXC_ValueError, "Cannot specify '%c' with '\\x%x'.", (int)s->grouping,
                   (unsigned)s->type);
    return -1;
}

int format_spec_parse(Lang *L, Obj *value, Obj *spec, uint32_t default_type,
                      uint32_t default_align, FormatSpec *s)
{
    const char *p = str_data(spec);
    size_t end = str_nbytes(spec), pos = 0, second = 0;
    s->fill = ' ';
    s->align = default_align;
    s->sign = 0;
    s->no_neg_0 = s->alternate = 0;
    s->grouping = 0;
    s->width = s->precision = -1;
    s->type = default_type;
    int fill_given = 0, align_given = 0;
    uint32_t first = 0, c2 = 0;
    if (end > 0) {
        first = utf8_decode(p, &second);
        if (second < end) {
            size_t third = second;
            c2 = utf8_decode(p, &third);
        }
    }
    if (second < end && is_align(c2)) {
        s->fill = first;
        s->align = c2;
        fill_given = align_given = 1;
        pos = second + 1;
    } else if (end > 0 && is_align(first)) {
        s->align = first;
        align_given = 1;
        pos = 1;
    }
    if (pos < end && (p[pos] == '+' || p[pos] == '-' || p[pos] == ' '))
        s->sign = (unsigned char)p[pos++];
    if (pos < end && p[pos] == 'z') {
        s->no_neg_0 = 1;
        pos++;
    }
    if (pos < end && p[pos] == '#') {
        s->alternate = 1;
        pos++;
    }
    if (!fill_given && pos < end && p[pos] == '0') {
        s->fill = '0';
        if (!align_given && default_align == '>')
            s->align = '=';
        pos++;
    }
    intptr_t v;
    int n = read_number(L, p, &pos, end, &v);
    if (n < 0)
        return -1;
    if (n > 0)
        s->width = v;
    if (pos < end && p[pos] == ',') {
        s->grouping = ',';
        pos++;
    }
    if (pos < end && p[pos] == '_') {
        if (s->grouping != 0)
            goto both;
        s->grouping = '_';
        pos++;
    }
    if (pos < end && p[pos] == ',' && s->grouping == '_')
        goto both;
    if (pos < end && p[pos] == '.') {
        pos++;
        if ((n = read_number(L, p, &pos, end, &v)) < 0)
            return -1;
        if (n == 0) {
            err_format(L, EXC_ValueError, "Format specifier missing precision");
            return -1;
        }
        s->precision = v;
    }
    if (end - pos > 1 && utf8_count(p + pos, end - pos) > 1) {
        err_format(L, EXC_ValueError, "Invalid format specifier '%U' for object of type '%.200s'",
                   spec, obj_type_name(value));
        return -1;
    }
    if (pos < end)
        s->type = utf8_decode(p, &pos);
    if (s->grouping && check_grouping(L, s) < 0)
        return -1;
    return 0;
both:
    err_format(L, EXC_ValueError, "Cannot specify both ',' and '_'.");
    return -1;
}

int format_spec_pad(StrBuilder *sb, const FormatSpec *s, const char *text, size_t nbytes,
                    intptr_t nchars, size_t sign_chars)
{
    intptr_t padding = s->width > nchars ? s->width - nchars : 0, left, right;
    switch (s->align) {
    case '>':
        left = padding;
        right = 0;
        break;
    case '^':
        left = padding / 2;
        right = padding - left;
        break;
    case '=':
        if (sb_append(sb, text, sign_chars) < 0 || sb_append_repeat(sb, s->fill, padding) < 0)
            return -1;
        return sb_append(sb, text + sign_chars, nbytes - sign_chars);
    default:
        left = 0;
        right = padding;
        break;
    }
    if (sb_append_repeat(sb, s->fill, left) < 0 || sb_append(sb, text, nbytes) < 0)
        return -1;
    return sb_append_repeat(sb, s->fill, right);
}

/* str.__format__ with a non-empty spec (CPython's format_string_internal). */
static Obj *format_str_spec(Lang *L, Obj *self, Obj *spec)
{
    FormatSpec s;
    if (format_spec_parse(L, self, spec, 's', '<', &s) < 0)
        return NULL;
    if (s.type != 's') {
        unknown_type(L, s.type, obj_type_name(self));
        return NULL;
    }
    if (s.sign == ' ')
        return err_format(L, EXC_ValueError, "Space not allowed in string format specifier");
    if (s.sign)
        return err_format(L, EXC_ValueError, "Sign not allowed in string format specifier");
    if (s.no_neg_0)
        return err_format(L, EXC_ValueError,
                          "Negative zero coercion (z) not allowed in string format specifier");
    if (s.alternate)
        return err_format(L, EXC_ValueError,
                          "Alternate form (#) not allowed in string format specifier");
    if (s.align == '=')
        return err_format(L, EXC_ValueError,
                          "'=' alignment not allowed in string format specifier");
    intptr_t len = str_length(self);
    size_t nbytes = str_nbytes(self);
    if (s.precision >= 0 && s.precision < len) {
        len = s.precision;
        nbytes = str_offset(L, self, len);
    }
    if (s.width <= len && nbytes == str_nbytes(self) && str_check_exact(L, self))
        return obj_newref(self);
    StrBuilder sb;
    sb_init(L, &sb);
    if (format_spec_pad(&sb, &s, str_data(self), nbytes, len, 0) < 0) {
        sb_abandon(&sb);
        return NULL;
    }
    return sb_finish(&sb);
}

/* format(self, spec) for a str self. */
static Obj *format_str(Lang *L, Obj *self, Obj *spec)
{
    if (str_nbytes(spec) == 0)
        return obj_str(L, self);
    return format_str_spec(L, self, spec);
}

STR_METHOD(str_dunder_format)
{
    (void)nargs;
    (void)kwnames;
    if (!str_check(args[0]))
        return err_format(L, EXC_TypeError, "__format__() argument must be str, not %.200s",
                          obj_type_name(args[0]));
    return format_str(L, self, args[0]);
}

/* ------------------------------------------------------------------ */
/* str.format and str.format_map                                       */
/* ------------------------------------------------------------------ */

/* Where the fields' values come from: positional arguments (args NULL for
 * format_map), keyword arguments as the vector convention passes them,
 * or a mapping (format_map). */
typedef struct FormatArgs {
    Obj *const *args;
    size_t nargs;
    Obj *kwnames;
    Obj *const *kwvalues;
    Obj *mapping;
    int auto_state;               /* 0 not yet known, 1 automatic, 2 manual */
    intptr_t auto_next;
} FormatArgs;

/* A piece of the format string: bytes [a, b) of it. */
typedef struct Span {
    size_t a, b;
} Span;

/* The decimal value of the span's text, -1 if it is not all digits (or
 * empty), -2 with ValueError on overflow. */
static intptr_t span_integer(Lang *L, const char *p, Span sp)
{
    if (sp.a >= sp.b)
        return -1;
    size_t pos = sp.a;
    intptr_t v;
    int n = read_number(L, p, &pos, sp.b, &v);
    if (n < 0)
        return -2;
    return pos == sp.b ? v : -1;
}

static Obj *span_str(Lang *L, const char *p, Span sp)
{
    return str_from_utf8_trusted(L, p + sp.a, sp.b - sp.a);
}

static Obj *keyword_value(Lang *L, FormatArgs *fa, Obj *key)
{
    if (fa->mapping != NULL)
        return obj_getitem(L, fa->mapping, key);
    size_t nkw = fa->kwnames ? tuple_size(fa->kwnames) : 0;
    for (size_t k = 0; k < nkw; k++) {
        if (str_equal(tuple_get_borrowed(fa->kwnames, k), key))
            return obj_newref(fa->kwvalues[k]);
    }
    return err_set_value(L, L->exc_types[EXC_KeyError], key);
}

/* The object the field's first part names: an argument by index (given,
 * or the next one when the name is empty) or by keyword. */
static Obj *field_first(Lang *L, FormatArgs *fa, const char *p, Span first)
{
    intptr_t index = span_integer(L, p, first);
    if (index == -2)
        return NULL;
    int empty = first.a >= first.b;
    if (empty || index >= 0) {
        int state = empty ? 1 : 2;
        if (fa->auto_state == 0)
            fa->auto_state = state;
        if (fa->auto_state != state)
            return err_format(L, EXC_ValueError,
                              state == 1 ? "cannot switch from manual field specification to "
                                           "automatic field numbering"
                                         : "cannot switch from automatic field numbering to "
                                           "manual field specification");
        if (empty)
            index = fa->auto_next++;
    }
    if (index < 0) {
        Obj *key = span_str(L, p, first);
        if (key == NULL)
            return NULL;
        Obj *v = keyword_value(L, fa, key);
        obj_decref(L, key);
        return v;
    }
    if (fa->args == NULL)
        return err_format(L, EXC_ValueError, "Format string contains positional fields");
    if ((size_t)index >= fa->nargs)
        return err_format(L, EXC_IndexError,
                          "Replacement index %zd out of range for positional args tuple", index);
    return obj_newref(fa->args[index]);
}

/* obj.name or obj[name] for one step of a field name. */
static Obj *field_step(Lang *L, Obj *obj, const char *p, Span name, int attribute)
{
    Obj *key = NULL, *r;
    if (attribute) {
        if ((key = span_str(L, p, name)) == NULL)
            return NULL;
        r = obj_getattr(L, obj, key);
    } else {
        intptr_t index = span_integer(L, p, name);
        if (index == -2)
            return NULL;
        key = index >= 0 ? int_from_i64(L, index) : span_str(L, p, name);
        if (key == NULL)
            return NULL;
        r = obj_getitem(L, obj, key);
    }
    obj_decref(L, key);
    return r;
}

/* The value of a field name: first part, then .attr and [key] steps. */
static Obj *field_value(Lang *L, FormatArgs *fa, const char *p, Span field)
{
    size_t i = field.a;
    while (i < field.b && p[i] != '.' && p[i] != '[')
        i++;
    Obj *obj = field_first(L, fa, p, (Span){field.a, i});
    while (obj != NULL && i < field.b) {
        int attribute = p[i++] == '.';
        Span name = {i, i};
        if (attribute) {
            while (i < field.b && p[i] != '.' && p[i] != '[')
                i++;
            name.b = i;
        } else {
            while (i < field.b && p[i] != ']')
                i++;
            if (i == field.b) {
                obj_decref(L, obj);
                return err_format(L, EXC_ValueError, "Missing ']' in format string");
            }
            name.b = i++;
            if (i < field.b && p[i] != '.' && p[i] != '[') {
                obj_decref(L, obj);
                return err_format(L, EXC_ValueError,
                                  "Only '.' or '[' may follow ']' in format field specifier");
            }
        }
        if (name.a == name.b) {
            obj_decref(L, obj);
            return err_format(L, EXC_ValueError, "Empty attribute in format string");
        }
        Obj *next = field_step(L, obj, p, name, attribute);
        obj_decref(L, obj);
        obj = next;
    }
    return obj;
}

/* A parsed replacement field {name!conversion:spec}. */
typedef struct Field {
    Span name, spec;
    uint32_t conversion;          /* 0 for none */
    int spec_nested;              /* the spec holds fields to expand */
} Field;

/* Parses the field starting after its '{' at *pos; *pos ends after its
 * closing '}' (CPython's parse_field). 0 or -1. */
static int parse_field(Lang *L, const char *p, size_t *pos, size_t end, Field *f)
{
    size_t i = *pos;
    char c = 0;
    memset(f, 0, sizeof *f);
    f->name.a = i;
    while (i < end) {
        c = p[i++];
        if (c == '{') {
            err_format(L, EXC_ValueError, "unexpected '{' in field name");
            return -1;
        }
        if (c == '[') {
            while (i < end && p[i] != ']')
                i++;
            continue;
        }
        if (c == '}' || c == ':' || c == '!')
            break;
    }
    f->name.b = i - 1;
    if (c != '!' && c != ':') {
        if (c != '}' || i > end) {
            err_format(L, EXC_ValueError, "expected '}' before end of string");
            return -1;
        }
        *pos = i;
        return 0;
    }
    if (c == '!') {
        if (i >= end) {
            err_format(L, EXC_ValueError, "end of string while looking for conversion specifier");
            return -1;
        }
        f->conversion = utf8_decode(p, &i);
        if (i < end) {
            c = p[i++];
            if (c == '}') {
                *pos = i;
                return 0;
            }
            if (c != ':') {
                err_format(L, EXC_ValueError, "expected ':' after conversion specifier");
                return -1;
            }
        }
    }
    f->spec.a = i;
    int depth = 1;
    while (i < end) {
        c = p[i++];
        if (c == '{') {
            f->spec_nested = 1;
            depth++;
        } else if (c == '}' && --depth == 0) {
            f->spec.b = i - 1;
            *pos = i;
            return 0;
        }
    }
    err_format(L, EXC_ValueError, "unmatched '{' in format spec");
    return -1;
}

static Obj *convert(Lang *L, Obj *v, uint32_t conversion)
{
    switch (conversion) {
    case 'r':
        return obj_repr(L, v);
    case 's':
        return obj_str(L, v);
    case 'a':
        return obj_ascii(L, v);
    default:
        if (conversion > 32 && conversion < 127)
            return err_format(L, EXC_ValueError, "Unknown conversion specifier %c", (int)conversion);
        return err_format(L, EXC_ValueError, "Unknown conversion specifier \\x%x",
                          (unsigned)conversion);
    }
}

static int build_format(Lang *L, StrBuilder *sb, Obj *fmt, Span in, FormatArgs *fa, int depth,
                        Obj **whole);

/* The text of one field (new reference). */
static Obj *render_field(Lang *L, Obj *fmt, const Field *f, FormatArgs *fa, int depth)
{
    const char *p = str_data(fmt);
    Obj *v = NULL, *spec = NULL, *text = NULL;
    if ((v = field_value(L, fa, p, f->name)) == NULL)
        goto done;
    if (f->conversion) {
        Obj *c = convert(L, v, f->conversion);
        obj_decref(L, v);
        if ((v = c) == NULL)
            goto done;
    }
    if (f->spec_nested) {
        StrBuilder inner;
        sb_init(L, &inner);
        if (build_format(L, &inner, fmt, f->spec, fa, depth - 1, NULL) < 0) {
            sb_abandon(&inner);
            goto done;
        }
        spec = sb_finish(&inner);
    } else {
        spec = span_str(L, p, f->spec);
    }
    if (spec == NULL)
        goto done;
    text = str_check_exact(L, v) ? format_str(L, v, spec) : obj_format(L, v, spec);
done:
    obj_xdecref(L, v);
    obj_xdecref(L, spec);
    return text;
}

/* Formats the bytes in of fmt into sb (CPython's build_string: depth 2
 * at the top, one less for each nested spec). With whole given, a last
 * field that finds sb still empty is not copied but handed back in
 * *whole (CPython's writer keeps such a string as is, so
 * '{}'.format(s) is s). */
static int build_format(Lang *L, StrBuilder *sb, Obj *fmt, Span in, FormatArgs *fa, int depth,
                        Obj **whole)
{
    const char *p = str_data(fmt);
    if (depth <= 0) {
        err_format(L, EXC_ValueError, "Max string recursion exceeded");
        return -1;
    }
    size_t i = in.a;
    while (i < in.b) {
        size_t start = i;
        while (i < in.b && p[i] != '{' && p[i] != '}')
            i++;
        if (sb_append(sb, p + start, i - start) < 0)
            return -1;
        if (i >= in.b)
            break;
        char c = p[i++];
        if (i < in.b && p[i] == c) {
            /* {{ or }} */
            if (sb_append_char(sb, c) < 0)
                return -1;
            i++;
            continue;
        }
        if (c == '}') {
            err_format(L, EXC_ValueError, "Single '}' encountered in format string");
            return -1;
        }
        if (i >= in.b) {
            err_format(L, EXC_ValueError, "Single '{' encountered in format string");
            return -1;
        }
        Field f;
        Obj *text;
        if (parse_field(L, p, &i, in.b, &f) < 0 || (text = render_field(L, fmt, &f, fa, depth)) == NULL)
            return -1;
        if (whole != NULL && sb->len == 0 && i >= in.b) {
            *whole = text;
            return 0;
        }
        int err = sb_append_str(sb, text);
        obj_decref(L, text);
        if (err < 0)
            return -1;
    }
    return 0;
}

static Obj *format_with(Lang *L, Obj *fmt, FormatArgs *fa)
{
    StrBuilder sb;
    Obj *whole = NULL;
    size_t n = str_nbytes(fmt);
    /* Text alone is the result as is (a str subclass instance too, as
     * CPython's writer hands it back). */
    if (memchr(str_data(fmt), '{', n) == NULL && memchr(str_data(fmt), '}', n) == NULL)
        return obj_newref(fmt);
    sb_init(L, &sb);
    if (build_format(L, &sb, fmt, (Span){0, str_nbytes(fmt)}, fa, 2, &whole) < 0) {
        sb_abandon(&sb);
        return NULL;
    }
    if (whole != NULL) {
        sb_abandon(&sb);
        return whole;
    }
    return sb_finish(&sb);
}

Obj *str_format_vector(Lang *L, Obj *fmt, Obj *const *args, size_t nargs, Obj *kwnames)
{
    FormatArgs fa = {args, nargs, kwnames, args + nargs, NULL, 0, 0};
    return format_with(L, fmt, &fa);
}

STR_METHOD(str_format_method)
{
    return str_format_vector(L, self, args, nargs, kwnames);
}

STR_METHOD(str_format_map)
{
    (void)nargs;
    (void)kwnames;
    FormatArgs fa = {NULL, 0, NULL, NULL, args[0], 0, 0};
    return format_with(L, self, &fa);
}

/* ------------------------------------------------------------------ */
/* printf-style formatting: format % args                              */
/* ------------------------------------------------------------------ */

enum { F_LJUST = 1, F_SIGN = 2, F_BLANK = 4, F_ALT = 8, F_ZERO = 16 };

typedef struct Printf {
    Lang *L;
    Obj *fmt;
    const char *p;
    size_t pos, end;              /* bytes of fmt */
    Obj *args;                    /* the current argument source (owned if args_owned) */
    int args_owned;
    intptr_t arglen, argidx;      /* arglen -1: a single argument */
    Obj *dict;                    /* args when it is a mapping, else NULL */
    StrBuilder sb;
    Obj *whole;                   /* the result as is, when it is one string (see printf_conv) */
} Printf;

typedef struct Conv {
    uint32_t ch;                  /* the conversion character */
    int flags;
    intptr_t width;               /* -1: none */
    intptr_t prec;                /* -1: none */
    int sign;                     /* numeric: the sign and prefix are handled */
} Conv;

/* The next argument, borrowed. */
static Obj *next_arg(Printf *pf)
{
    if (pf->argidx < pf->arglen) {
        intptr_t i = pf->argidx++;
        return pf->arglen < 0 ? pf->args : tuple_get_borrowed(pf->args, (size_t)i);
    }
    return err_format(pf->L, EXC_TypeError, "not enough arguments for format string");
}

/* Reads the next character of the format (*ch), or returns 0 at the end. */
static int read_ch(Printf *pf, uint32_t *ch)
{
    if (pf->pos >= pf->end)
        return 0;
    *ch = utf8_decode(pf->p, &pf->pos);
    return 1;
}

/* %(key): replaces the argument source with dict[key]. */
static int mapping_key(Printf *pf)
{
    Lang *L = pf->L;
    if (pf->dict == NULL) {
        err_format(L, EXC_TypeError, "format requires a mapping");
        return -1;
    }
    size_t start = ++pf->pos, i = start;
    int depth = 1;
    while (i < pf->end && depth > 0) {
        depth += pf->p[i] == '(';
        depth -= pf->p[i] == ')';
        i++;
    }
    if (depth > 0) {
        err_format(L, EXC_ValueError, "incomplete format key");
        return -1;
    }
    pf->pos = i;
    Obj *key = str_from_utf8_trusted(L, pf->p + start, i - 1 - start);
    if (key == NULL)
        return -1;
    Obj *v = obj_getitem(L, pf->dict, key);
    obj_decref(L, key);
    if (v == NULL)
        return -1;
    if (pf->args_owned)
        obj_decref(L, pf->args);
    pf->args = v;
    pf->args_owned = 1;
    pf->arglen = -1;
    pf->argidx = -2;
    return 0;
}

/* A '*' width or precision from the arguments. */
static int star_arg(Printf *pf, intptr_t *out)
{
    Obj *v = next_arg(pf);
    if (v == NULL)
        return -1;
    if (!int_check(v)) {
        err_format(pf->L, EXC_TypeError, "* wants int");
        return -1;
    }
    int64_t x = 0;
    if (!int_as_i64_exact(v, &x)) {
        err_format(pf->L, EXC_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    *out = (intptr_t)x;
    return 0;
}

/* Digits of a width or precision (the first already in *ch). */
static int digits(Printf *pf, uint32_t *ch, intptr_t limit, const char *too_big, intptr_t *out,
                  int *more)
{
    intptr_t v = (intptr_t)(*ch - '0');
    while ((*more = read_ch(pf, ch)) && *ch >= '0' && *ch <= '9') {
        if (v > (limit - (intptr_t)(*ch - '0')) / 10) {
            err_format(pf->L, EXC_ValueError, "%s", too_big);
            return -1;
        }
        v = v * 10 + (intptr_t)(*ch - '0');
    }
    *out = v;
    return 0;
}

/* Parses a conversion after its '%' (CPython's unicode_format_arg_parse):
 * mapping key, flags, width, precision, length modifier; c->ch ends up
 * as the conversion character. */
static int parse_conv(Printf *pf, Conv *c)
{
    Lang *L = pf->L;
    int more;
    if (pf->p[pf->pos] == '(' && mapping_key(pf) < 0)
        return -1;
    while ((more = read_ch(pf, &c->ch))) {
        int f = c->ch == '-' ? F_LJUST : c->ch == '+' ? F_SIGN : c->ch == ' ' ? F_BLANK
              : c->ch == '#' ? F_ALT : c->ch == '0' ? F_ZERO : 0;
        if (!f)
            break;
        c->flags |= f;
    }
    if (more && c->ch == '*') {
        if (star_arg(pf, &c->width) < 0)
            return -1;
        if (c->width < 0) {
            c->flags |= F_LJUST;
            c->width = -c->width;
        }
        more = read_ch(pf, &c->ch);
    } else if (more && c->ch >= '0' && c->ch <= '9') {
        if (digits(pf, &c->ch, INTPTR_MAX, "width too big", &c->width, &more) < 0)
            return -1;
    }
    if (more && c->ch == '.') {
        c->prec = 0;
        more = read_ch(pf, &c->ch);
        if (more && c->ch == '*') {
            if (star_arg(pf, &c->prec) < 0)
                return -1;
            if (c->prec > INT32_MAX || c->prec < INT32_MIN) {
                err_format(L, EXC_OverflowError, "Python int too large to convert to C int");
                return -1;
            }
            if (c->prec < 0)
                c->prec = 0;
            more = read_ch(pf, &c->ch);
        } else if (more && c->ch >= '0' && c->ch <= '9') {
            if (digits(pf, &c->ch, INT32_MAX, "precision too big", &c->prec, &more) < 0)
                return -1;
        }
    }
    if (more && (c->ch == 'h' || c->ch == 'l' || c->ch == 'L'))
        more = read_ch(pf, &c->ch);
    if (!more) {
        err_format(L, EXC_ValueError, "incomplete format");
        return -1;
    }
    return 0;
}

/* Whether v is a number for %d (CPython's PyNumber_Check). */
static int is_number(Obj *v)
{
    const NumberSlots *nb = &TYPE(v)->nb;
    return int_check(v) || nb->index != NULL || nb->to_int != NULL || nb->to_float != NULL;
}

/* %d %i %u %o %x %X: "-", the "0x"/"0o" prefix with '#', at least prec
 * digits (CPython's mainformatlong and _PyUnicode_FormatLong). */
static Obj *format_long(Lang *L, Obj *v, Conv *c)
{
    uint32_t type = c->ch;
    int hexoct = type == 'o' || type == 'x' || type == 'X';
    Obj *iobj = NULL, *digits = NULL;
    if (!is_number(v))
        goto wrongtype;
    if (int_check(v))
        iobj = obj_newref(v);
    else if (hexoct)
        iobj = obj_index(L, v);
    else
        iobj = obj_call1(L, &L->t_int->ob, v);
    if (iobj == NULL) {
        if (err_matches(L, EXC_TypeError)) {
            err_clear(L);
            goto wrongtype;
        }
        return NULL;
    }
    digits = int_to_base_string(L, iobj, type == 'o' ? 8 : hexoct ? 16 : 10, 0, type == 'X');
    obj_decref(L, iobj);
    if (digits == NULL)
        return NULL;
    const char *d = str_data(digits);
    size_t nd = str_nbytes(digits), neg = d[0] == '-';
    StrBuilder sb;
    sb_init(L, &sb);
    int err = sb_append(&sb, "-", neg);
    if (err == 0 && (c->flags & F_ALT) && hexoct)
        err = sb_append(&sb, type == 'o' ? "0o" : type == 'x' ? "0x" : "0X", 2);
    if (err == 0 && c->prec > (intptr_t)(nd - neg))
        err = sb_append_repeat(&sb, '0', c->prec - (intptr_t)(nd - neg));
    if (err == 0)
        err = sb_append(&sb, d + neg, nd - neg);
    obj_decref(L, digits);
    if (err < 0) {
        sb_abandon(&sb);
        return NULL;
    }
    c->sign = 1;
    return sb_finish(&sb);
wrongtype:
    if (hexoct)
        return err_format(L, EXC_TypeError, "%%%c format: an integer is required, not %.200s",
                          (int)type, obj_type_name(v));
    return err_format(L, EXC_TypeError, "%%%c format: a real number is required, not %.200s",
                      (int)type, obj_type_name(v));
}

/* %e %E %f %F %g %G: float.__format__ of float(v) with "[#].{prec}{type}",
 * the same conversion CPython's formatfloat makes. */
static Obj *format_float(Lang *L, Obj *v, Conv *c)
{
    TypeObject *ft = L->t_float;
    if (ft == NULL)
        return err_format(L, EXC_SystemError, "the float type is not available");
    const NumberSlots *nb = &TYPE(v)->nb;
    if (!obj_isinstance(v, ft) && nb->to_float == NULL && nb->index == NULL)
        return err_format(L, EXC_TypeError, "must be real number, not %.200s", obj_type_name(v));
    Obj *x = obj_isinstance(v, ft) ? obj_newref(v) : obj_call1(L, &ft->ob, v);
    if (x == NULL)
        return NULL;
    Obj *spec = str_from_format(L, "%s.%zd%c", (c->flags & F_ALT) ? "#" : "",
                                c->prec < 0 ? (intptr_t)6 : c->prec, (int)c->ch);
    Obj *meth = type_lookup(L, ft, ID(L, __format__)), *r = NULL;
    if (spec != NULL && meth != NULL) {
        Obj *margs[2] = {x, spec};
        obj_incref(meth);
        r = obj_call(L, meth, margs, 2, NULL);
        obj_decref(L, meth);
    } else if (spec != NULL) {
        err_format(L, EXC_SystemError, "float has no __format__");
    }
    obj_decref(L, x);
    obj_xdecref(L, spec);
    if (r != NULL && !str_check(r)) {
        err_format(L, EXC_TypeError, "__format__ must return a str, not %.200s", obj_type_name(r));
        obj_clearref(L, &r);
    }
    c->sign = 1;
    return r;
}

/* %c: a one-character str or an int code point (CPython's formatchar). */
static Obj *format_char(Lang *L, Obj *v)
{
    if (str_check(v)) {
        if (str_length(v) == 1)
            return str_substring(L, v, 0, 1);
        return err_format(L, EXC_TypeError, "%%c requires int or char");
    }
    Obj *i = obj_index(L, v);
    if (i == NULL) {
        if (err_matches(L, EXC_TypeError)) {
            err_clear(L);
            err_format(L, EXC_TypeError, "%%c requires int or char");
        }
        return NULL;
    }
    int64_t x = 0;
    int fits = int_as_i64_exact(i, &x);
    obj_decref(L, i);
    if (!fits || x < 0 || x > 0x10FFFF)
        return err_format(L, EXC_OverflowError, "%%c arg not in range(0x110000)");
    return str_from_codepoint(L, (uint32_t)x);
}

/* The text of one conversion, before padding. */
static Obj *format_conv(Printf *pf, Conv *c)
{
    Lang *L = pf->L;
    Obj *v = next_arg(pf);
    if (v == NULL)
        return NULL;
    switch (c->ch) {
    case 's':
        return obj_str(L, v);
    case 'r':
        return obj_repr(L, v);
    case 'a':
        return obj_ascii(L, v);
    case 'i': case 'd': case 'u': case 'o': case 'x': case 'X':
        return format_long(L, v, c);
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
        return format_float(L, v, c);
    case 'c':
        return format_char(L, v);
    default:
        /* The index of the conversion character, in code points. */
        return err_format(L, EXC_ValueError, "unsupported format character '%c' (0x%x) at index %zd",
                          c->ch >= 32 && c->ch <= 126 ? (int)c->ch : '?', (unsigned)c->ch,
                          utf8_count(pf->p, pf->pos) - 1);
    }
}

/* Writes the conversion's text with sign, prefix, fill and width
 * (CPython's unicode_format_arg_output). */
static int output_conv(Printf *pf, Conv *c, Obj *str)
{
    StrBuilder *sb = &pf->sb;
    const char *s = str_data(str);
    intptr_t len = str_length(str);
    size_t at = 0;                /* bytes of s already taken (sign, prefix) */
    uint32_t fill = c->sign && (c->flags & F_ZERO) ? '0' : ' ';
    char signchar = 0;
    if ((c->ch == 's' || c->ch == 'r' || c->ch == 'a') && c->prec >= 0 && len > c->prec)
        len = c->prec;
    if (c->sign) {
        if (s[0] == '-' || s[0] == '+') {
            signchar = s[0];
            len--;
            at++;
        } else if (c->flags & F_SIGN) {
            signchar = '+';
        } else if (c->flags & F_BLANK) {
            signchar = ' ';
        } else {
            c->sign = 0;
        }
    }
    intptr_t width = c->width < len ? len : c->width;
    int prefix = (c->flags & F_ALT) && (c->ch == 'x' || c->ch == 'X' || c->ch == 'o');
    if (c->sign) {
        if (fill != ' ' && sb_append_char(sb, signchar) < 0)
            return -1;
        if (width > len)
            width--;
    }
    if (prefix) {
        if (fill != ' ') {
            if (sb_append(sb, s + at, 2) < 0)
                return -1;
            at += 2;
        }
        width = width - 2 < 0 ? 0 : width - 2;
        len -= 2;
    }
    if (width > len && !(c->flags & F_LJUST)) {
        if (sb_append_repeat(sb, fill, width - len) < 0)
            return -1;
        width = len;
    }
    if (fill == ' ') {
        if (c->sign && sb_append_char(sb, signchar) < 0)
            return -1;
        if (prefix) {
            if (sb_append(sb, s + at, 2) < 0)
                return -1;
            at += 2;
        }
    }
    /* The text itself: len code points from byte at. */
    size_t nbytes = str_is_ascii(str) ? (size_t)len : utf8_skip(s, at, len) - at;
    if (sb_append(sb, s + at, nbytes) < 0)
        return -1;
    if (width > len && sb_append_repeat(sb, ' ', width - len) < 0)
        return -1;
    return 0;
}

/* One conversion after a '%' (the '%' consumed). */
static int printf_conv(Printf *pf)
{
    if (pf->pos < pf->end && pf->p[pf->pos] == '%') {
        pf->pos++;
        return sb_append_char(&pf->sb, '%');
    }
    Conv c = {0, 0, -1, -1, 0};
    if (parse_conv(pf, &c) < 0)
        return -1;
    Obj *str = format_conv(pf, &c);
    if (str == NULL)
        return -1;
    int err = 0;
    intptr_t len = str_length(str);
    if (pf->sb.len == 0 && pf->pos >= pf->end && c.width <= len && (c.prec < 0 || c.prec >= len) &&
        !(c.flags & (F_SIGN | F_BLANK))) {
        /* The last conversion, nothing written before and the text to be
         * written as is: the result is that string ('%s' % s is s, as
         * CPython's writer makes it). */
        pf->whole = str;
    } else {
        err = output_conv(pf, &c, str);
        obj_decref(pf->L, str);
    }
    if (err == 0 && pf->dict != NULL && pf->argidx < pf->arglen) {
        err_format(pf->L, EXC_TypeError, "not all arguments converted during string formatting");
        err = -1;
    }
    return err;
}

Obj *str_mod(Lang *L, Obj *fmt, Obj *args)
{
    Printf pf = {L, fmt, str_data(fmt), 0, str_nbytes(fmt), args, 0, -1, -2, NULL, {0}, NULL};
    if (tuple_check(args)) {
        pf.arglen = (intptr_t)tuple_size(args);
        pf.argidx = 0;
    }
    if (TYPE(args)->subscript != NULL && !tuple_check(args) && !str_check(args))
        pf.dict = args;
    sb_init(L, &pf.sb);
    int err = 0;
    if (memchr(pf.p, '%', pf.end) == NULL) {
        /* Text alone is the result as is, as in format_with. */
        if (pf.argidx < pf.arglen && pf.dict == NULL)
            return err_format(L, EXC_TypeError, "not all arguments converted during string formatting");
        return obj_newref(fmt);
    }
    while (err == 0 && pf.pos < pf.end) {
        size_t start = pf.pos;
        const char *pct = memchr(pf.p + pf.pos, '%', pf.end - pf.pos);
        pf.pos = pct ? (size_t)(pct - pf.p) : pf.end;
        err = sb_append(&pf.sb, pf.p + start, pf.pos - start);
        if (err == 0 && pct != NULL) {
            pf.pos++;
            err = printf_conv(&pf);
        }
    }
    if (err == 0 && pf.argidx < pf.arglen && pf.dict == NULL) {
        err_format(L, EXC_TypeError, "not all arguments converted during string formatting");
        err = -1;
    }
    if (pf.args_owned)
        obj_decref(L, pf.args);
    if (err < 0) {
        obj_xdecref(L, pf.whole);
        sb_abandon(&pf.sb);
        return NULL;
    }
    if (pf.whole != NULL) {
        sb_abandon(&pf.sb);
        return pf.whole;
    }
    return sb_finish(&pf.sb);
}

/* The % operator: str % anything; NotImplemented when the left operand
 * is not a str (so `5 % 'x'` reaches int, then fails as CPython). */
static Obj *str_remainder(Lang *L, Obj *a, Obj *b)
{
    if (!str_check(a))
        return new_not_implemented(L);
    return str_mod(L, a, b);
}

const NumberSlots str_number_slots = {
    .binary = {[NB_REMAINDER] = str_remainder},
};
