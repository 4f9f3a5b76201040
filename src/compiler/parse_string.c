/*
 * parse_string.c - literals: numbers, and strings with their escapes,
 * adjacent-literal concatenation and f-strings, after CPython 3.11's
 * Parser/string_parser.c and _PyPegen_concatenate_strings, so that the
 * tree (how literal pieces merge, which node gets which position) and the
 * messages are the same.
 *
 * Decoded text is built in StrBufs from the runtime's allocator, freed on
 * every path; the finished text is copied into the arena.
 * An f-string's expressions are parsed by a sub-parser over "(expr)\n"
 * whose tokens are moved to where the expression sits in the source.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser_impl.h"

/* ------------------------------------------------------------------ */
/* Growable byte buffers                                               */
/* ------------------------------------------------------------------ */

typedef struct StrBuf {
    char *data;
    size_t len, cap;
} StrBuf;

static bool sb_reserve(Parser *p, StrBuf *sb, size_t extra)
{
    if (sb->len + extra <= sb->cap)
        return true;
    size_t cap = sb->cap ? sb->cap : 32;
    while (cap < sb->len + extra)
        cap *= 2;
    char *data = ouro_mem_realloc(p->rt, sb->data, sb->cap, cap);
    if (data == NULL) {
        parse_no_memory(p);
        return false;
    }
    sb->data = data;
    sb->cap = cap;
    return true;
}

static bool sb_append(Parser *p, StrBuf *sb, const char *s, size_t n)
{
    if (n == 0)
        return true;
    if (!sb_reserve(p, sb, n))
        return false;
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    return true;
}

static void sb_free(Parser *p, StrBuf *sb)
{
    if (sb->data != NULL)
        ouro_mem_free(p->rt, sb->data, sb->cap);
    sb->data = NULL;
    sb->len = sb->cap = 0;
}

/* Appends code point c in UTF-8; a surrogate gets the 3-byte form. */
static bool sb_append_code_point(Parser *p, StrBuf *sb, unsigned c)
{
    char buf[4];
    size_t n;
    if (c < 0x80) {
        buf[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        buf[0] = (char)(0xC0 | (c >> 6));
        buf[1] = (char)(0x80 | (c & 0x3F));
        n = 2;
    } else if (c < 0x10000) {
        buf[0] = (char)(0xE0 | (c >> 12));
        buf[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (c & 0x3F));
        n = 3;
    } else {
        buf[0] = (char)(0xF0 | (c >> 18));
        buf[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        buf[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        buf[3] = (char)(0x80 | (c & 0x3F));
        n = 4;
    }
    return sb_append(p, sb, buf, n);
}

/* ------------------------------------------------------------------ */
/* Numbers                                                             */
/* ------------------------------------------------------------------ */

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return 99;
}

/* strtod that ignores the C library's locale: the literal always uses '.'. */
static double to_double(const char *s, size_t len, char *tmp)
{
    const char *point = localeconv()->decimal_point;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '.' && point != NULL && point[0] != '\0' && strcmp(point, ".") != 0) {
            size_t pl = strlen(point);
            memcpy(tmp + n, point, pl);
            n += pl;
        } else {
            tmp[n++] = s[i];
        }
    }
    tmp[n] = '\0';
    return strtod(tmp, NULL);
}

AstExpr *parse_number(Parser *p, Token *t)
{
    Pos start = {t->lineno, t->col_offset};
    size_t len = (size_t)(t->end - t->start);
    char last = t->start[len - 1];
    if (last == 'j' || last == 'J')
        return parse_unsupported(p, t, "imaginary literals are");
    /* The text without underscores, in the arena. */
    char *clean = parse_alloc(p, len * 4 + 8);
    if (clean == NULL)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (t->start[i] != '_')
            clean[n++] = t->start[i];
    clean[n] = '\0';
    AstExpr *e = parse_new_expr(p, EXPR_CONSTANT, start);
    if (e == NULL)
        return NULL;
    AstConstant *c = &e->v.constant.value;
    int base = 10;
    const char *digits = clean;
    if (n > 1 && clean[0] == '0' && strchr("xXoObB", clean[1]) != NULL) {
        base = clean[1] == 'x' || clean[1] == 'X' ? 16 : clean[1] == 'o' || clean[1] == 'O' ? 8 : 2;
        digits = clean + 2;
    } else if (strpbrk(clean, ".eE") != NULL) {
        c->kind = AST_CONST_FLOAT;
        c->v.f = to_double(clean, n, clean + n + 1);
        return e;
    } else if (n > 4300) {
        /* CPython's int max_str_digits limit on decimal conversion. */
        return parse_raise_at(p, PARSE_SYNTAX_ERROR, t->lineno, -1, t->end_lineno, -1,
                              "Exceeds the limit (4300 digits) for integer string conversion: "
                              "value has %zu digits; use sys.set_int_max_str_digits() to increase "
                              "the limit - Consider hexadecimal for huge integer literals to avoid "
                              "decimal conversion limits.",
                              n);
    }
    while (digits[0] == '0' && digits[1] != '\0')
        digits++;
    c->kind = AST_CONST_INT;
    c->v.i.digits = digits;
    c->v.i.ndigits = strlen(digits);
    c->v.i.base = base;
    uint64_t value = 0;
    int fits = 1;
    for (const char *d = digits; *d; d++) {
        uint64_t dv = (uint64_t)digit_value(*d);
        if (value > (UINT64_C(0x7FFFFFFFFFFFFFFF) - dv) / (uint64_t)base) {
            fits = 0;
            break;
        }
        value = value * (uint64_t)base + dv;
    }
    c->v.i.fits = fits;
    c->v.i.small = fits ? (int64_t)value : 0;
    return e;
}

/* ------------------------------------------------------------------ */
/* Escape sequences                                                    */
/* ------------------------------------------------------------------ */

/* The index CPython's decoder reports for byte i of s: it first turns each
 * non-ASCII character into a 10-byte \UXXXXXXXX escape (and a backslash
 * before one into \u005c). */
static size_t escaped_index(const char *s, size_t len, size_t i)
{
    size_t k = 0;
    for (size_t j = 0; j < i && j < len; j++) {
        unsigned char c = (unsigned char)s[j];
        if (c == '\\' && (j + 1 >= len || ((unsigned char)s[j + 1] & 0x80)))
            k += 6;
        else if (c < 0x80)
            k += 1;
        else if ((c & 0xC0) != 0x80)
            k += 10;
    }
    return k;
}

static void *unicode_error(Parser *p, const char *s, size_t len, size_t from, size_t to,
                           const char *why)
{
    return parse_raise(p, PARSE_SYNTAX_ERROR,
                       "(unicode error) 'unicodeescape' codec can't decode bytes in position %zu-%zu: %s",
                       escaped_index(s, len, from), escaped_index(s, len, to) - 1, why);
}

/* \x, \u or \U with `count` hex digits at s[i] (after the letter). */
static bool hex_escape(Parser *p, StrBuf *out, const char *s, size_t len, size_t *i, int count,
                       size_t backslash)
{
    unsigned value = 0;
    for (int k = 0; k < count; k++) {
        if (*i >= len || digit_value(s[*i]) > 15) {
            const char *why = count == 2 ? "truncated \\xXX escape"
                            : count == 4 ? "truncated \\uXXXX escape"
                                         : "truncated \\UXXXXXXXX escape";
            unicode_error(p, s, len, backslash, *i, why);
            return false;
        }
        value = value * 16 + (unsigned)digit_value(s[(*i)++]);
    }
    if (value > 0x10FFFF) {
        unicode_error(p, s, len, backslash, *i, "illegal Unicode character");
        return false;
    }
    return sb_append_code_point(p, out, value);
}

/* Decodes the body of a str literal with its escapes (CPython's
 * decode_unicode_with_escapes). */
static bool decode_str(Parser *p, StrBuf *out, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        const char *bs = memchr(s + i, '\\', len - i);
        size_t plain = bs != NULL ? (size_t)(bs - (s + i)) : len - i;
        if (!sb_append(p, out, s + i, plain))
            return false;
        i += plain;
        if (i >= len)
            break;
        size_t backslash = i++;
        if (i >= len)
            return sb_append(p, out, "\\", 1);
        char c = s[i++];
        const char *simple = NULL;
        switch (c) {
        case '\n': continue;
        case '\\': simple = "\\"; break;
        case '\'': simple = "'"; break;
        case '"': simple = "\""; break;
        case 'a': simple = "\a"; break;
        case 'b': simple = "\b"; break;
        case 'f': simple = "\f"; break;
        case 'n': simple = "\n"; break;
        case 'r': simple = "\r"; break;
        case 't': simple = "\t"; break;
        case 'v': simple = "\v"; break;
        case 'x':
            if (!hex_escape(p, out, s, len, &i, 2, backslash))
                return false;
            continue;
        case 'u':
            if (!hex_escape(p, out, s, len, &i, 4, backslash))
                return false;
            continue;
        case 'U':
            if (!hex_escape(p, out, s, len, &i, 8, backslash))
                return false;
            continue;
        case 'N':
            parse_raise(p, PARSE_SYNTAX_ERROR, "(unicode error) \\N{...} escapes are not supported by ouro");
            return false;
        default:
            if (c >= '0' && c <= '7') {
                unsigned value = (unsigned)(c - '0');
                for (int k = 0; k < 2 && i < len && s[i] >= '0' && s[i] <= '7'; k++)
                    value = value * 8 + (unsigned)(s[i++] - '0');
                if (!sb_append_code_point(p, out, value))
                    return false;
                continue;
            }
            /* An unknown escape stays as written (CPython warns). */
            if (!sb_append(p, out, s + backslash, 1))
                return false;
            i = backslash + 1;
            continue;
        }
        if (!sb_append(p, out, simple, 1))
            return false;
    }
    return true;
}

/* Decodes the body of a bytes literal (CPython's _PyBytes_DecodeEscape). */
static bool decode_bytes(Parser *p, StrBuf *out, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        char c = s[i++];
        if (c != '\\' || i >= len) {
            if (!sb_append(p, out, &c, 1))
                return false;
            continue;
        }
        size_t backslash = i - 1;
        c = s[i++];
        char b;
        switch (c) {
        case '\n': continue;
        case '\\': b = '\\'; break;
        case '\'': b = '\''; break;
        case '"': b = '"'; break;
        case 'a': b = '\a'; break;
        case 'b': b = '\b'; break;
        case 'f': b = '\f'; break;
        case 'n': b = '\n'; break;
        case 'r': b = '\r'; break;
        case 't': b = '\t'; break;
        case 'v': b = '\v'; break;
        case 'x':
            if (i + 1 < len + 1 && i + 2 <= len && digit_value(s[i]) < 16 && digit_value(s[i + 1]) < 16) {
                b = (char)(digit_value(s[i]) * 16 + digit_value(s[i + 1]));
                i += 2;
                break;
            }
            parse_raise(p, PARSE_SYNTAX_ERROR, "(value error) invalid \\x escape at position %zu", backslash);
            return false;
        default:
            if (c >= '0' && c <= '7') {
                unsigned value = (unsigned)(c - '0');
                for (int k = 0; k < 2 && i < len && s[i] >= '0' && s[i] <= '7'; k++)
                    value = value * 8 + (unsigned)(s[i++] - '0');
                b = (char)(value & 0xFF);
                break;
            }
            if (!sb_append(p, out, "\\", 1))
                return false;
            i--;
            continue;
        }
        if (!sb_append(p, out, &b, 1))
            return false;
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* One literal token                                                   */
/* ------------------------------------------------------------------ */

typedef struct Literal {
    bool bytes, raw, fmode;
    const char *body;           /* between the quotes */
    size_t len;
} Literal;

static void split_literal(const Token *t, Literal *lit)
{
    const char *s = t->start;
    lit->bytes = lit->raw = lit->fmode = false;
    for (;; s++) {
        char c = *s;
        if (c == 'b' || c == 'B')
            lit->bytes = true;
        else if (c == 'r' || c == 'R')
            lit->raw = true;
        else if (c == 'f' || c == 'F')
            lit->fmode = true;
        else if (c != 'u' && c != 'U')
            break;
    }
    char quote = *s++;
    size_t len = (size_t)(t->end - s) - 1;
    if (len >= 4 && s[0] == quote && s[1] == quote) {
        s += 2;
        len -= 4;
    }
    lit->body = s;
    lit->len = len;
}

/* ------------------------------------------------------------------ */
/* f-strings                                                           */
/* ------------------------------------------------------------------ */

/*
 * The pieces of a string being assembled (CPython's FstringParser):
 * text not yet turned into a Constant, and the JoinedStr values so far
 * (on the scratch stack, from `base`).
 */
typedef struct FState {
    StrBuf last;
    size_t base;
    bool fmode;
} FState;

static AstExpr *str_constant(Parser *p, const char *data, size_t len, const Token *first,
                             const Token *last)
{
    Pos start = {first->lineno, first->col_offset};
    AstExpr *e = parse_alloc(p, sizeof *e);
    if (e == NULL)
        return NULL;
    e->kind = EXPR_CONSTANT;
    e->lineno = start.lineno;
    e->col_offset = start.col;
    e->end_lineno = last->end_lineno;
    e->end_col_offset = last->end_col_offset;
    e->v.constant.value.kind = AST_CONST_STR;
    e->v.constant.value.v.s.data = parse_strdup(p, data != NULL ? data : "", len);
    e->v.constant.value.v.s.len = len;
    if (first->start[0] == 'u')
        e->v.constant.kind = "u";
    return e->v.constant.value.v.s.data != NULL ? e : NULL;
}

/* Turns the pending text into a Constant value (make_str_node_and_del). */
static bool flush_text(Parser *p, FState *st, const Token *first, const Token *last)
{
    if (st->last.len == 0)
        return true;
    AstExpr *c = str_constant(p, st->last.data, st->last.len, first, last);
    st->last.len = 0;
    return c != NULL && parse_push(p, c);
}

static bool concat_fstring(Parser *p, FState *st, const char **str, const char *end, bool raw,
                           int level, const Token *first, const Token *t, const Token *last);

/* Where the byte at q of token t's text is in the source. */
static void locate(const Token *t, const char *q, int *lineno, int *col)
{
    *lineno = t->lineno;
    *col = t->col_offset + (int)(q - t->start);
    for (const char *s = t->start; s < q; s++) {
        if (*s == '\n') {
            (*lineno)++;
            *col = (int)(q - s - 1);
        }
    }
}

/* Parses the expression text [start, end) of a replacement field. */
static AstExpr *compile_expr(Parser *p, const char *start, const char *end, const Token *t)
{
    const char *s = start;
    while (s < end && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\f'))
        s++;
    if (s == end)
        return parse_raise(p, PARSE_SYNTAX_ERROR, "f-string: empty expression not allowed");
    size_t len = (size_t)(end - start);
    size_t size = len + 4;
    char *text = ouro_mem_alloc(p->rt, size);
    if (text == NULL)
        return parse_no_memory(p);
    text[0] = '(';
    memcpy(text + 1, start, len);
    memcpy(text + 1 + len, ")\n", 3);
    int lineno, col;
    locate(t, start - 1, &lineno, &col);
    AstExpr *e = parse_fstring_expr(p, text, len + 3, lineno, col);
    ouro_mem_free(p->rt, text, size);
    return e;
}

/* CPython's fstring_find_expr: a replacement field at **str == '{'. */
static AstExpr *find_expr(Parser *p, FState *st, const char **str, const char *end, bool raw,
                          int level, const Token *first, const Token *t, const Token *last)
{
    if (level >= 2)
        return parse_raise(p, PARSE_SYNTAX_ERROR, "f-string: expressions nested too deeply");
    (*str)++;
    const char *expr_start = *str;
    char quote = 0;
    int string_type = 0;
    int depth = 0;
    char parens[LEX_MAXLEVEL];
    for (; *str < end; (*str)++) {
        char ch = **str;
        if (ch == '\\')
            return parse_raise(p, PARSE_SYNTAX_ERROR, "f-string expression part cannot include a backslash");
        if (quote) {
            if (ch == quote) {
                if (string_type == 3) {
                    if (*str + 2 < end && (*str)[1] == ch && (*str)[2] == ch) {
                        *str += 2;
                        string_type = 0;
                        quote = 0;
                    }
                } else {
                    string_type = 0;
                    quote = 0;
                }
            }
        } else if (ch == '\'' || ch == '"') {
            if (*str + 2 < end && (*str)[1] == ch && (*str)[2] == ch) {
                string_type = 3;
                *str += 2;
            } else {
                string_type = 1;
            }
            quote = ch;
        } else if (ch == '[' || ch == '{' || ch == '(') {
            if (depth >= LEX_MAXLEVEL)
                return parse_raise(p, PARSE_SYNTAX_ERROR, "f-string: too many nested parenthesis");
            parens[depth++] = ch;
        } else if (ch == '#') {
            return parse_raise(p, PARSE_SYNTAX_ERROR, "f-string expression part cannot include '#'");
        } else if (depth == 0 && (ch == '!' || ch == ':' || ch == '}' || ch == '=' || ch == '>' || ch == '<')) {
            if (*str + 1 < end) {
                char next = (*str)[1];
                if ((ch == '!' && next == '=') || (ch == '=' && next == '=') ||
                    (ch == '<' && next == '=') || (ch == '>' && next == '=')) {
                    (*str)++;
                    continue;
                }
                if (ch == '>' || ch == '<')
                    continue;
            }
            break;
        } else if (ch == ']' || ch == '}' || ch == ')') {
            if (depth == 0)
                return parse_raise(p, PARSE_SYNTAX_ERROR, "f-string: unmatched '%c'", ch);
            char opening = parens[--depth];
            if (!((opening == '(' && ch == ')') || (opening == '[' && ch == ']') ||
                  (opening == '{' && ch == '}')))
                return parse_raise(p, PARSE_SYNTAX_ERROR,
                                   "f-string: closing parenthesis '%c' does not match opening parenthesis '%c'",
                                   ch, opening);
        }
    }
    const char *expr_end = *str;
    if (quote)
        return parse_raise(p, PARSE_SYNTAX_ERROR, "f-string: unterminated string");
    if (depth > 0)
        return parse_raise(p, PARSE_SYNTAX_ERROR, "f-string: unmatched '%c'", parens[depth - 1]);
    if (*str >= end)
        return parse_raise(p, PARSE_SYNTAX_ERROR, "f-string: expecting '}'");
    AstExpr *expr = compile_expr(p, expr_start, expr_end, t);
    if (expr == NULL)
        return NULL;
    bool debug = false;
    if (**str == '=') {
        /* "{x=}": the text of the expression, '=' and blanks after it. */
        (*str)++;
        while (**str == ' ' || **str == '\t' || **str == '\n' || **str == '\r' || **str == '\f' ||
               **str == '\v')
            (*str)++;
        if (!sb_append(p, &st->last, expr_start, (size_t)(*str - expr_start)))
            return NULL;
        debug = true;
    }
    int conversion = -1;
    if (**str == '!') {
        (*str)++;
        if (*str >= end)
            return parse_raise(p, PARSE_SYNTAX_ERROR, "f-string: expecting '}'");
        conversion = (unsigned char)**str;
        (*str)++;
        if (conversion != 's' && conversion != 'r' && conversion != 'a')
            return parse_raise(p, PARSE_SYNTAX_ERROR,
                               "f-string: invalid conversion character: expected 's', 'r', or 'a'");
    }
    if (*str >= end)
        return parse_raise(p, PARSE_SYNTAX_ERROR, "f-string: expecting '}'");
    AstExpr *spec = NULL;
    if (**str == ':') {
        (*str)++;
        if (*str >= end)
            return parse_raise(p, PARSE_SYNTAX_ERROR, "f-string: expecting '}'");
        /* fstring_parse: the spec is a JoinedStr of its own. */
        FState inner = {{NULL, 0, 0}, seq_start(p), false};
        bool ok = concat_fstring(p, &inner, str, end, raw, level + 1, first, t, last) &&
                  flush_text(p, &inner, t, t);
        AstExprSeq values = parse_seq_exprs(p, inner.base);
        sb_free(p, &inner.last);
        if (!ok)
            return NULL;
        Pos start = {t->lineno, t->col_offset};
        spec = parse_alloc(p, sizeof *spec);
        if (spec == NULL)
            return NULL;
        spec->kind = EXPR_JOINEDSTR;
        spec->lineno = start.lineno;
        spec->col_offset = start.col;
        spec->end_lineno = t->end_lineno;
        spec->end_col_offset = t->end_col_offset;
        spec->v.joinedstr.values = values;
    }
    if (*str >= end || **str != '}')
        return parse_raise(p, PARSE_SYNTAX_ERROR, "f-string: expecting '}'");
    (*str)++;
    if (debug && spec == NULL && conversion == -1)
        conversion = 'r';
    AstExpr *fv = parse_alloc(p, sizeof *fv);
    if (fv == NULL)
        return NULL;
    fv->kind = EXPR_FORMATTEDVALUE;
    fv->lineno = first->lineno;
    fv->col_offset = first->col_offset;
    fv->end_lineno = last->end_lineno;
    fv->end_col_offset = last->end_col_offset;
    fv->v.formattedvalue.value = expr;
    fv->v.formattedvalue.conversion = conversion;
    fv->v.formattedvalue.format_spec = spec;
    return fv;
}

/*
 * CPython's fstring_find_literal: literal text up to a '{' or '}' (or the
 * end), decoded into st->last. Returns 1 after a doubled brace (the caller
 * loops), 0 otherwise, -1 on error.
 */
static int find_literal(Parser *p, FState *st, const char **str, const char *end, bool raw, int level)
{
    const char *s = *str, *literal_start = s;
    int result = 0;
    while (s < end) {
        char ch = *s++;
        if (!raw && ch == '\\' && s < end) {
            ch = *s++;
            if (ch == 'N') {
                if (s < end && *s++ == '{') {
                    while (s < end && *s++ != '}') {
                    }
                    continue;
                }
                break;
            }
        }
        if (ch == '{' || ch == '}') {
            if (level == 0) {
                if (s < end && *s == ch) {
                    *str = s + 1;
                    result = 1;
                    goto done;
                }
                if (ch == '}') {
                    *str = s - 1;
                    parse_raise(p, PARSE_SYNTAX_ERROR, "f-string: single '}' is not allowed");
                    return -1;
                }
            }
            s--;
            break;
        }
    }
    *str = s;
done:;
    const char *lit_end = result == 1 ? *str - 1 : s;
    if (lit_end == literal_start)
        return result;
    if (raw)
        return sb_append(p, &st->last, literal_start, (size_t)(lit_end - literal_start)) ? result : -1;
    return decode_str(p, &st->last, literal_start, (size_t)(lit_end - literal_start)) ? result : -1;
}

/* CPython's _PyPegen_FstringParser_ConcatFstring. */
static bool concat_fstring(Parser *p, FState *st, const char **str, const char *end, bool raw,
                           int level, const Token *first, const Token *t, const Token *last)
{
    st->fmode = true;
    for (;;) {
        int r = find_literal(p, st, str, end, raw, level);
        if (r < 0)
            return false;
        if (r == 1)
            continue;
        if (*str >= end || **str == '}')
            break;
        AstExpr *fv = find_expr(p, st, str, end, raw, level, first, t, last);
        if (fv == NULL || !flush_text(p, st, first, last) || !parse_push(p, fv))
            return false;
    }
    if (level == 0 && *str < end - 1) {
        parse_raise(p, PARSE_SYNTAX_ERROR, "f-string: unexpected end of string");
        return false;
    }
    if (level != 0 && (*str >= end || **str != '}')) {
        parse_raise(p, PARSE_SYNTAX_ERROR, "f-string: expecting '}'");
        return false;
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* Adjacent literals                                                   */
/* ------------------------------------------------------------------ */

static AstExpr *finish(Parser *p, FState *st, StrBuf *bytes, bool bytesmode, const Token *first,
                       const Token *last)
{
    if (bytesmode) {
        AstExpr *e = str_constant(p, bytes->data, bytes->len, first, last);
        if (e != NULL) {
            e->v.constant.value.kind = AST_CONST_BYTES;
            e->v.constant.kind = NULL;
        }
        return e;
    }
    if (!st->fmode)
        return str_constant(p, st->last.data, st->last.len, first, last);
    if (!flush_text(p, st, first, last))
        return NULL;
    AstExprSeq values = parse_seq_exprs(p, st->base);
    AstExpr *e = parse_alloc(p, sizeof *e);
    if (e == NULL)
        return NULL;
    e->kind = EXPR_JOINEDSTR;
    e->lineno = first->lineno;
    e->col_offset = first->col_offset;
    e->end_lineno = last->end_lineno;
    e->end_col_offset = last->end_col_offset;
    e->v.joinedstr.values = values;
    return e;
}

/* One literal token of a concatenation, into st (or bytes). */
static bool add_literal(Parser *p, FState *st, StrBuf *bytes, const Token *t, const Literal *lit,
                        const Token *first, const Token *last)
{
    if (lit->fmode) {
        const char *s = lit->body;
        return concat_fstring(p, st, &s, lit->body + lit->len, lit->raw, 0, first, t, last);
    }
    if (lit->bytes) {
        for (size_t i = 0; i < lit->len; i++)
            if ((unsigned char)lit->body[i] >= 0x80) {
                parse_raise_token(p, t, t, "bytes can only contain ASCII literal characters");
                return false;
            }
        if (lit->raw || memchr(lit->body, '\\', lit->len) == NULL)
            return sb_append(p, bytes, lit->body, lit->len);
        return decode_bytes(p, bytes, lit->body, lit->len);
    }
    if (lit->raw || memchr(lit->body, '\\', lit->len) == NULL)
        return sb_append(p, &st->last, lit->body, lit->len);
    return decode_str(p, &st->last, lit->body, lit->len);
}

/* strings: STRING+ */
AstExpr *parse_strings(Parser *p)
{
    size_t first_index = p->mark;
    while (at(p, TOK_STRING))
        advance(p);
    if (p->error)
        return NULL;
    Token *first = parse_token(p, first_index), *last = last_token(p);
    FState st = {{NULL, 0, 0}, seq_start(p), false};
    StrBuf bytes = {NULL, 0, 0};
    bool bytesmode = false, ok = true;
    AstExpr *result = NULL;
    for (size_t i = first_index; ok && i < p->mark; i++) {
        Token *t = parse_token(p, i);
        Literal lit;
        split_literal(t, &lit);
        if (i != first_index && lit.bytes != bytesmode) {
            parse_raise(p, PARSE_SYNTAX_ERROR, "cannot mix bytes and nonbytes literals");
            ok = false;
            break;
        }
        bytesmode = lit.bytes;
        ok = add_literal(p, &st, &bytes, t, &lit, first, last);
    }
    if (ok)
        result = finish(p, &st, &bytes, bytesmode, first, last);
    seq_drop(p, st.base);
    sb_free(p, &st.last);
    sb_free(p, &bytes);
    return p->error ? NULL : result;
}
