/*
 * lexer.c - the tokenizer, transcribed from CPython 3.11's Parser/tokenizer.c
 * so that tokens, their positions and the error messages match.
 *
 * Invariants:
 *   - buf is valid UTF-8 without NUL bytes and buf[len] is '\0' (lex_prepare
 *     made it so); it ends with '\n' except for interactive input.
 *   - lineno and line_start describe the line of the last byte read: the
 *     line only changes when the byte after a '\n' is read, as in CPython,
 *     so that a NEWLINE token and an error at the end of a line belong to
 *     that line.
 *   - indstack[0..indent] holds the columns of the open blocks (tabs to
 *     multiples of 8), altindstack the same with tabs of width 1: the two
 *     must agree on every comparison or the indentation depends on the tab
 *     size (TabError).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lexer.h"
#include "unicode_db.h"

#define EOF_CHAR (-1)
#define TABSIZE 8
#define ALTTABSIZE 1

/* ------------------------------------------------------------------ */
/* UTF-8                                                               */
/* ------------------------------------------------------------------ */

unsigned lex_utf8_decode(const char *s, int *len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *len = 1;
        return u[0];
    }
    if (u[0] < 0xE0) {
        *len = 2;
        return ((unsigned)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
    }
    if (u[0] < 0xF0) {
        *len = 3;
        return ((unsigned)(u[0] & 0x0F) << 12) | ((unsigned)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
    }
    *len = 4;
    return ((unsigned)(u[0] & 0x07) << 18) | ((unsigned)(u[1] & 0x3F) << 12) |
           ((unsigned)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
}

int lex_utf8_count(const char *s, size_t nbytes)
{
    int n = 0;
    for (size_t i = 0; i < nbytes; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

/* Length of the valid UTF-8 sequence at s (n bytes available), or 0 with
 * *why set to Python's reason for rejecting it. */
static int utf8_valid(const unsigned char *s, size_t n, const char **why)
{
    unsigned char c = s[0];
    int need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        need = 1;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;   /* surrogates are not valid UTF-8 */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        *why = "invalid start byte";
        return 0;
    }
    for (int i = 1; i <= need; i++) {
        if ((size_t)i >= n) {
            *why = "unexpected end of data";
            return 0;
        }
        unsigned char b = s[i];
        if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF)) {
            *why = "invalid continuation byte";
            return 0;
        }
    }
    return need + 1;
}

/* ------------------------------------------------------------------ */
/* Preparing the source                                                */
/* ------------------------------------------------------------------ */

static void prepare_error(LexError *err, int lineno, const char *line, const char *at,
                          const char *msg)
{
    memset(err, 0, sizeof *err);
    err->kind = LEX_SYNTAX_ERROR;
    snprintf(err->msg, sizeof err->msg, "%s", msg);
    err->lineno = err->end_lineno = lineno;
    err->offset = err->end_offset = lex_utf8_count(line, (size_t)(at - line)) + 1;
    err->overrides = 1;
}

/* Checks the prepared text: no NUL, well-formed UTF-8. */
static int validate(const char *text, size_t len, LexError *err)
{
    const char *line = text;
    int lineno = 1;
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\0') {
            prepare_error(err, lineno, line, text + i, "source code cannot contain null bytes");
            /* CPython 3.11 shows the line up to the NUL and no caret. */
            err->offset = err->end_offset = 0;
            return -1;
        }
        const char *why = NULL;
        int n = utf8_valid((const unsigned char *)text + i, len - i, &why);
        if (n == 0) {
            char msg[120];
            snprintf(msg, sizeof msg,
                     "(unicode error) 'utf-8' codec can't decode byte 0x%02x in position %d: %s",
                     c, (int)(text + i - line), why);
            prepare_error(err, lineno, line, text + i, msg);
            return -1;
        }
        if (c == '\n') {
            lineno++;
            line = text + i + 1;
        }
        i += (size_t)n;
    }
    return 0;
}

int lex_prepare(OuroRuntime *rt, const char *src, size_t len, int add_newline, LexSource *out,
                LexError *err)
{
    memset(out, 0, sizeof *out);
    memset(err, 0, sizeof *err);
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) {
        src += 3;
        len -= 3;
    }
    if (len > SIZE_MAX - 2)
        return -1;
    size_t alloc = len + 2;
    char *text = ouro_mem_alloc(rt, alloc);
    if (text == NULL)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = src[i];
        if (c == '\r') {
            c = '\n';
            if (i + 1 < len && src[i + 1] == '\n')
                i++;
        }
        text[n++] = c;
    }
    if (add_newline && (n == 0 || text[n - 1] != '\n'))
        text[n++] = '\n';
    text[n] = '\0';
    out->text = text;
    out->len = n;
    out->alloc = alloc;
    if (validate(text, n, err) < 0) {
        lex_source_free(rt, out);
        return -1;
    }
    return 0;
}

void lex_source_free(OuroRuntime *rt, LexSource *source)
{
    if (source->text != NULL)
        ouro_mem_free(rt, source->text, source->alloc);
    source->text = NULL;
}

/* ------------------------------------------------------------------ */
/* Reading characters                                                  */
/* ------------------------------------------------------------------ */

void lex_init(Lexer *lx, const char *text, size_t len)
{
    memset(lx, 0, sizeof *lx);
    lx->buf = lx->cur = lx->line_start = text;
    lx->end = text + len;
    lx->lineno = 0;
    lx->at_line_end = 1;   /* reading the first byte starts line 1 */
    lx->atbol = 1;
}

static int nextc(Lexer *lx)
{
    if (lx->cur >= lx->end) {
        lx->hit_eof = 1;
        return EOF_CHAR;
    }
    if (lx->at_line_end) {
        lx->at_line_end = 0;
        lx->lineno++;
        lx->line_start = lx->cur;
    }
    int c = (unsigned char)*lx->cur++;
    if (c == '\n')
        lx->at_line_end = 1;
    return c;
}

static void backup(Lexer *lx, int c)
{
    if (c == EOF_CHAR)
        return;
    lx->cur--;
    if (c == '\n')
        lx->at_line_end = 0;
}

static int is_digit(int c) { return c >= '0' && c <= '9'; }

static int is_xdigit(int c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int is_potential_identifier_start(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 128;
}

static int is_potential_identifier_char(int c)
{
    return is_potential_identifier_start(c) || is_digit(c);
}

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/* Just past the line cur is in (its '\n' included). */
static const char *line_end(const Lexer *lx)
{
    const char *nl = memchr(lx->cur, '\n', (size_t)(lx->end - lx->cur));
    return nl != NULL ? nl + 1 : lx->end;
}

static int chars_to(const Lexer *lx, const char *p)
{
    return lex_utf8_count(lx->line_start, (size_t)(p - lx->line_start));
}

static void set_error(Lexer *lx, int kind, int overrides, const char *fmt, va_list ap)
{
    LexError *e = &lx->err;
    e->kind = kind;
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    e->overrides = overrides;
    lx->failed = 1;
}

/* CPython's syntaxerror(): the caret after the last byte read. */
static TokType syntax_error(Lexer *lx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_error(lx, LEX_SYNTAX_ERROR, 1, fmt, ap);
    va_end(ap);
    lx->err.lineno = lx->err.end_lineno = lx->lineno;
    lx->err.offset = lx->err.end_offset = chars_to(lx, lx->cur);
    return TOK_ERROR;
}

/* CPython's syntaxerror_known_range(): byte columns given. */
static TokType syntax_error_range(Lexer *lx, int col, int end_col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_error(lx, LEX_SYNTAX_ERROR, 1, fmt, ap);
    va_end(ap);
    lx->err.lineno = lx->err.end_lineno = lx->lineno;
    lx->err.offset = col;
    lx->err.end_offset = end_col;
    return TOK_ERROR;
}

/* The errors CPython raises from the tokenizer's state once the parser
 * sees the error token. `offset` is final; end_offset as given. */
static TokType state_error(Lexer *lx, int kind, int offset, int end_offset, const char *msg)
{
    LexError *e = &lx->err;
    e->kind = kind;
    snprintf(e->msg, sizeof e->msg, "%s", msg);
    e->overrides = 0;
    e->lineno = e->end_lineno = lx->lineno;
    e->offset = offset;
    e->end_offset = end_offset;
    lx->failed = 1;
    return TOK_ERROR;
}

/* The end of the input inside brackets: "'(' was never closed". */
static TokType unclosed_error(Lexer *lx)
{
    int i = lx->level - 1;
    const char *line = lx->buf;
    for (int n = 1; n < lx->parenlineno[i]; n++)
        line = strchr(line, '\n') + 1;
    char msg[40];
    snprintf(msg, sizeof msg, "'%c' was never closed", lx->parenstack[i]);
    state_error(lx, LEX_SYNTAX_ERROR, lex_utf8_count(line, (size_t)lx->parencol[i]) + 1, 0, msg);
    lx->err.lineno = lx->err.end_lineno = lx->parenlineno[i];
    lx->err.at_eof = 1;
    lx->err.unclosed = 1;
    return TOK_ERROR;
}

static TokType indent_error(Lexer *lx)
{
    lx->cur = line_end(lx);
    return state_error(lx, LEX_TAB_ERROR, 1, 0, "inconsistent use of tabs and spaces in indentation");
}

/* ------------------------------------------------------------------ */
/* Numbers                                                             */
/* ------------------------------------------------------------------ */

/* Reads the chars of `test` if they come next and are not followed by an
 * identifier character; puts everything back either way. */
static int lookahead(Lexer *lx, const char *test)
{
    const char *s = test;
    for (;;) {
        int c = nextc(lx);
        int res = 0;
        if (*s == '\0') {
            res = !is_potential_identifier_char(c);
        } else if (c == *s) {
            s++;
            continue;
        }
        backup(lx, c);
        while (s != test)
            backup(lx, *--s);
        return res;
    }
}

/* A number may not run into an identifier ("1abc"), but "1if x else y"
 * and friends are accepted (CPython warns). Returns 0 after an error. */
static int verify_end_of_number(Lexer *lx, int c, const char *kind)
{
    int r = 0;
    if (c == 'a') {
        r = lookahead(lx, "nd");
    } else if (c == 'e') {
        r = lookahead(lx, "lse");
    } else if (c == 'f') {
        r = lookahead(lx, "or");
    } else if (c == 'i') {
        int c2 = nextc(lx);
        if (c2 == 'f' || c2 == 'n' || c2 == 's')
            r = 1;
        backup(lx, c2);
    } else if (c == 'o') {
        r = lookahead(lx, "r");
    } else if (c == 'n') {
        r = lookahead(lx, "ot");
    }
    if (r)
        return 1;
    /* (non-ASCII after a number is left to the parser, as CPython 3.11.7 does) */
    if (c < 128 && is_potential_identifier_char(c)) {
        backup(lx, c);
        syntax_error(lx, "invalid %s literal", kind);
        return 0;
    }
    return 1;
}

/* Digits and single underscores after a digit; returns the character
 * after them, or 0 after an error. */
static int decimal_tail(Lexer *lx)
{
    int c;
    for (;;) {
        do {
            c = nextc(lx);
        } while (is_digit(c));
        if (c != '_')
            return c;
        c = nextc(lx);
        if (!is_digit(c)) {
            backup(lx, c);
            syntax_error(lx, "invalid decimal literal");
            return 0;
        }
    }
}

static int imaginary(Lexer *lx)
{
    int c = nextc(lx);
    if (!verify_end_of_number(lx, c, "imaginary"))
        return -1;
    backup(lx, c);
    return 0;
}

static int exponent(Lexer *lx, int e)
{
    int c = nextc(lx);
    if (c == '+' || c == '-') {
        c = nextc(lx);
        if (!is_digit(c)) {
            backup(lx, c);
            syntax_error(lx, "invalid decimal literal");
            return -1;
        }
    } else if (!is_digit(c)) {
        /* "1else": the 'e' starts a keyword, not an exponent */
        backup(lx, c);
        if (!verify_end_of_number(lx, e, "decimal"))
            return -1;
        backup(lx, e);
        return 0;
    }
    c = decimal_tail(lx);
    if (c == 0)
        return -1;
    if (c == 'j' || c == 'J')
        return imaginary(lx);
    if (!verify_end_of_number(lx, c, "decimal"))
        return -1;
    backup(lx, c);
    return 0;
}

/* After the integer part and the fraction (if any), with c read. */
static int number_end(Lexer *lx, int c)
{
    if (c == 'e' || c == 'E')
        return exponent(lx, c);
    if (c == 'j' || c == 'J')
        return imaginary(lx);
    if (!verify_end_of_number(lx, c, "decimal"))
        return -1;
    backup(lx, c);
    return 0;
}

/* c: the character after the '.'. */
static int fraction(Lexer *lx, int c)
{
    if (is_digit(c)) {
        c = decimal_tail(lx);
        if (c == 0)
            return -1;
    }
    return number_end(lx, c);
}

/* Hexadecimal, octal or binary digits after the prefix. */
static int radix_digits(Lexer *lx, int radix, const char *kind)
{
    int c = nextc(lx);
    do {
        if (c == '_')
            c = nextc(lx);
        int ok = radix == 16 ? is_xdigit(c) : (c >= '0' && c < '0' + radix);
        if (!ok) {
            if (radix != 16 && is_digit(c)) {
                syntax_error(lx, "invalid digit '%c' in %s literal", c, kind);
                return -1;
            }
            backup(lx, c);
            syntax_error(lx, "invalid %s literal", kind);
            return -1;
        }
        do {
            c = nextc(lx);
        } while (radix == 16 ? is_xdigit(c) : (c >= '0' && c < '0' + radix));
    } while (c == '_');
    if (radix != 16 && is_digit(c)) {
        syntax_error(lx, "invalid digit '%c' in %s literal", c, kind);
        return -1;
    }
    if (!verify_end_of_number(lx, c, kind))
        return -1;
    backup(lx, c);
    return 0;
}

/* A number starting with '0' (read). */
static int zero_number(Lexer *lx)
{
    int c = nextc(lx);
    if (c == 'x' || c == 'X')
        return radix_digits(lx, 16, "hexadecimal");
    if (c == 'o' || c == 'O')
        return radix_digits(lx, 8, "octal");
    if (c == 'b' || c == 'B')
        return radix_digits(lx, 2, "binary");
    int nonzero = 0;
    for (;;) {
        if (c == '_') {
            c = nextc(lx);
            if (!is_digit(c)) {
                backup(lx, c);
                syntax_error(lx, "invalid decimal literal");
                return -1;
            }
        }
        if (c != '0')
            break;
        c = nextc(lx);
    }
    const char *zeros_end = lx->cur;
    if (is_digit(c)) {
        nonzero = 1;
        c = decimal_tail(lx);
        if (c == 0)
            return -1;
    }
    if (c == '.')
        return fraction(lx, nextc(lx));
    if (c == 'e' || c == 'E')
        return exponent(lx, c);
    if (c == 'j' || c == 'J')
        return imaginary(lx);
    if (nonzero) {
        backup(lx, c);
        syntax_error_range(lx, (int)(lx->tok_start + 1 - lx->line_start),
                           (int)(zeros_end - lx->line_start),
                           "leading zeros in decimal integer literals are not permitted; "
                           "use an 0o prefix for octal integers");
        return -1;
    }
    if (!verify_end_of_number(lx, c, "decimal"))
        return -1;
    backup(lx, c);
    return 0;
}

/* A number whose first character c (a digit) was read. */
static int number(Lexer *lx, int c)
{
    if (c == '0')
        return zero_number(lx);
    c = decimal_tail(lx);
    if (c == 0)
        return -1;
    if (c == '.')
        return fraction(lx, nextc(lx));
    return number_end(lx, c);
}

/* ------------------------------------------------------------------ */
/* Strings and identifiers                                             */
/* ------------------------------------------------------------------ */

/* The rest of a string literal whose opening quote was read. */
static TokType string(Lexer *lx, int quote)
{
    int quote_size = 1, end_quote_size = 0;
    lx->first_lineno = lx->lineno;
    lx->multi_line_start = lx->line_start;
    int c = nextc(lx);
    if (c == quote) {
        c = nextc(lx);
        if (c == quote)
            quote_size = 3;
        else
            end_quote_size = 1;   /* empty string */
    }
    if (c != quote)
        backup(lx, c);
    while (end_quote_size != quote_size) {
        c = nextc(lx);
        if (c == EOF_CHAR || (quote_size == 1 && c == '\n')) {
            /* Report from the opening quote. */
            int detected = lx->lineno;
            lx->cur = lx->tok_start + 1;
            lx->line_start = lx->multi_line_start;
            lx->lineno = lx->first_lineno;
            if (quote_size == 3)
                syntax_error(lx, "unterminated triple-quoted string literal (detected at line %d)",
                             detected);
            else
                syntax_error(lx, "unterminated string literal (detected at line %d)", detected);
            lx->err.at_eof = c == EOF_CHAR;
            return TOK_ERROR;
        }
        if (c == quote) {
            end_quote_size++;
        } else {
            end_quote_size = 0;
            if (c == '\\')
                nextc(lx);   /* the escaped character */
        }
    }
    return TOK_STRING;
}

/* Checks a NAME with non-ASCII characters; CPython's verify_identifier. */
static int verify_identifier(Lexer *lx)
{
    const char *s = lx->tok_start;
    int first = 1;
    while (s < lx->cur) {
        int n;
        unsigned ch = lex_utf8_decode(s, &n);
        int ok = first ? unicode_is_xid_start(ch) : unicode_is_xid_continue(ch);
        if (!ok) {
            lx->cur = s + n;
            if (unicode_is_printable(ch)) {
                char utf8[5];
                memcpy(utf8, s, (size_t)n);
                utf8[n] = '\0';
                syntax_error(lx, "invalid character '%s' (U+%04X)", utf8, ch);
            } else {
                syntax_error(lx, "invalid non-printable character U+%04X", ch);
            }
            return 0;
        }
        first = 0;
        s += n;
    }
    return 1;
}

static const struct {
    const char *name;
    TokType type;
} keywords[] = {
    {"False", TOK_FALSE}, {"None", TOK_NONE}, {"True", TOK_TRUE}, {"and", TOK_AND},
    {"as", TOK_AS}, {"assert", TOK_ASSERT}, {"async", TOK_ASYNC}, {"await", TOK_AWAIT},
    {"break", TOK_BREAK}, {"class", TOK_CLASS}, {"continue", TOK_CONTINUE},
    {"def", TOK_DEF}, {"del", TOK_DEL}, {"elif", TOK_ELIF}, {"else", TOK_ELSE},
    {"except", TOK_EXCEPT}, {"finally", TOK_FINALLY}, {"for", TOK_FOR},
    {"from", TOK_FROM}, {"global", TOK_GLOBAL}, {"if", TOK_IF}, {"import", TOK_IMPORT},
    {"in", TOK_IN}, {"is", TOK_IS}, {"lambda", TOK_LAMBDA}, {"nonlocal", TOK_NONLOCAL},
    {"not", TOK_NOT}, {"or", TOK_OR}, {"pass", TOK_PASS}, {"raise", TOK_RAISE},
    {"return", TOK_RETURN}, {"try", TOK_TRY}, {"while", TOK_WHILE}, {"with", TOK_WITH},
    {"yield", TOK_YIELD},
};

static TokType keyword_or_name(const char *s, size_t len)
{
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (strlen(keywords[i].name) == len && memcmp(keywords[i].name, s, len) == 0)
            return keywords[i].type;
    return TOK_NAME;
}

/* An identifier or a prefixed string; c, its first character, was read. */
static TokType name_or_string(Lexer *lx, int c)
{
    int saw_b = 0, saw_r = 0, saw_u = 0, saw_f = 0;
    for (;;) {
        if (!(saw_b || saw_u || saw_f) && (c == 'b' || c == 'B'))
            saw_b = 1;
        else if (!(saw_b || saw_u || saw_r || saw_f) && (c == 'u' || c == 'U'))
            saw_u = 1;
        else if (!(saw_r || saw_u) && (c == 'r' || c == 'R'))
            saw_r = 1;
        else if (!(saw_f || saw_b || saw_u) && (c == 'f' || c == 'F'))
            saw_f = 1;
        else
            break;
        c = nextc(lx);
        if (c == '"' || c == '\'')
            return string(lx, c);
    }
    int nonascii = 0;
    while (is_potential_identifier_char(c)) {
        if (c >= 128)
            nonascii = 1;
        c = nextc(lx);
    }
    backup(lx, c);
    if (nonascii) {
        if (!verify_identifier(lx))
            return TOK_ERROR;
        return TOK_NAME;
    }
    return keyword_or_name(lx->tok_start, (size_t)(lx->cur - lx->tok_start));
}

/* ------------------------------------------------------------------ */
/* Operators                                                           */
/* ------------------------------------------------------------------ */

static TokType one_char(int c)
{
    switch (c) {
    case '%': return TOK_PERCENT;
    case '&': return TOK_AMPER;
    case '(': return TOK_LPAR;
    case ')': return TOK_RPAR;
    case '*': return TOK_STAR;
    case '+': return TOK_PLUS;
    case ',': return TOK_COMMA;
    case '-': return TOK_MINUS;
    case '.': return TOK_DOT;
    case '/': return TOK_SLASH;
    case ':': return TOK_COLON;
    case ';': return TOK_SEMI;
    case '<': return TOK_LESS;
    case '=': return TOK_EQUAL;
    case '>': return TOK_GREATER;
    case '@': return TOK_AT;
    case '[': return TOK_LSQB;
    case ']': return TOK_RSQB;
    case '^': return TOK_CIRCUMFLEX;
    case '{': return TOK_LBRACE;
    case '|': return TOK_VBAR;
    case '}': return TOK_RBRACE;
    case '~': return TOK_TILDE;
    default: return TOK_OP;
    }
}

static TokType two_chars(int c1, int c2)
{
    switch (c1) {
    case '!': return c2 == '=' ? TOK_NOTEQUAL : TOK_OP;
    case '%': return c2 == '=' ? TOK_PERCENTEQUAL : TOK_OP;
    case '&': return c2 == '=' ? TOK_AMPEREQUAL : TOK_OP;
    case '*': return c2 == '*' ? TOK_DOUBLESTAR : c2 == '=' ? TOK_STAREQUAL : TOK_OP;
    case '+': return c2 == '=' ? TOK_PLUSEQUAL : TOK_OP;
    case '-': return c2 == '=' ? TOK_MINEQUAL : c2 == '>' ? TOK_RARROW : TOK_OP;
    case '/': return c2 == '/' ? TOK_DOUBLESLASH : c2 == '=' ? TOK_SLASHEQUAL : TOK_OP;
    case ':': return c2 == '=' ? TOK_COLONEQUAL : TOK_OP;
    case '<':
        return c2 == '<' ? TOK_LEFTSHIFT : c2 == '=' ? TOK_LESSEQUAL : c2 == '>' ? TOK_LTGT : TOK_OP;
    case '=': return c2 == '=' ? TOK_EQEQUAL : TOK_OP;
    case '>': return c2 == '=' ? TOK_GREATEREQUAL : c2 == '>' ? TOK_RIGHTSHIFT : TOK_OP;
    case '@': return c2 == '=' ? TOK_ATEQUAL : TOK_OP;
    case '^': return c2 == '=' ? TOK_CIRCUMFLEXEQUAL : TOK_OP;
    case '|': return c2 == '=' ? TOK_VBAREQUAL : TOK_OP;
    default: return TOK_OP;
    }
}

static TokType three_chars(int c1, int c2, int c3)
{
    if (c3 != '=')
        return TOK_OP;
    if (c1 == '*' && c2 == '*') return TOK_DOUBLESTAREQUAL;
    if (c1 == '/' && c2 == '/') return TOK_DOUBLESLASHEQUAL;
    if (c1 == '<' && c2 == '<') return TOK_LEFTSHIFTEQUAL;
    if (c1 == '>' && c2 == '>') return TOK_RIGHTSHIFTEQUAL;
    return TOK_OP;
}

/* Bracket bookkeeping for an opening or closing bracket c. */
static TokType track_bracket(Lexer *lx, int c)
{
    if (c == '(' || c == '[' || c == '{') {
        if (lx->level >= LEX_MAXLEVEL)
            return syntax_error(lx, "too many nested parentheses");
        lx->parenstack[lx->level] = (char)c;
        lx->parenlineno[lx->level] = lx->lineno;
        lx->parencol[lx->level] = (int)(lx->tok_start - lx->line_start);
        lx->level++;
    } else if (c == ')' || c == ']' || c == '}') {
        if (lx->level == 0)
            return syntax_error(lx, "unmatched '%c'", c);
        lx->level--;
        int opening = lx->parenstack[lx->level];
        if (!((opening == '(' && c == ')') || (opening == '[' && c == ']') ||
              (opening == '{' && c == '}'))) {
            if (lx->parenlineno[lx->level] != lx->lineno)
                return syntax_error(lx, "closing parenthesis '%c' does not match opening "
                                        "parenthesis '%c' on line %d",
                                    c, opening, lx->parenlineno[lx->level]);
            return syntax_error(lx, "closing parenthesis '%c' does not match opening parenthesis '%c'",
                                c, opening);
        }
    }
    return TOK_OP;
}

/* ------------------------------------------------------------------ */
/* The tokenizer                                                       */
/* ------------------------------------------------------------------ */

/* After a backslash: the next character must end the line. */
static int continuation_line(Lexer *lx)
{
    int c = nextc(lx);
    if (c != '\n') {
        state_error(lx, LEX_SYNTAX_ERROR, chars_to(lx, lx->cur), 0,
                    "unexpected character after line continuation character");
        return -1;
    }
    c = nextc(lx);
    if (c == EOF_CHAR) {
        lx->cur = lx->end;
        if (lx->level > 0) {
            unclosed_error(lx);
        } else {
            state_error(lx, LEX_SYNTAX_ERROR, chars_to(lx, lx->cur), -1,
                        "unexpected EOF while parsing");
            lx->err.at_eof = 1;
        }
        return -1;
    }
    backup(lx, c);
    return c;
}

/*
 * Measures the indentation at the start of a line and queues INDENT or
 * DEDENT tokens. Sets *blankline for lines holding only blanks and a
 * comment. Returns TOK_OP when all is well, TOK_ERROR after an error.
 */
static TokType indentation(Lexer *lx, int *blankline)
{
    int col = 0, altcol = 0, cont_line_col = 0, c;
    lx->atbol = 0;
    for (;;) {
        c = nextc(lx);
        if (c == ' ') {
            col++;
            altcol++;
        } else if (c == '\t') {
            col = (col / TABSIZE + 1) * TABSIZE;
            altcol = (altcol / ALTTABSIZE + 1) * ALTTABSIZE;
        } else if (c == '\014') {   /* form feed */
            col = altcol = 0;
        } else if (c == '\\') {
            /* The first backslash decides the indentation of what follows. */
            cont_line_col = cont_line_col ? cont_line_col : col;
            if (continuation_line(lx) < 0)
                return TOK_ERROR;
        } else {
            break;
        }
    }
    backup(lx, c);
    if (c == '#' || c == '\n')
        *blankline = 1;
    if (*blankline || lx->level != 0)
        return TOK_OP;
    if (cont_line_col) {
        col = cont_line_col;
        altcol = cont_line_col;
    }
    if (col == lx->indstack[lx->indent]) {
        if (altcol != lx->altindstack[lx->indent])
            return indent_error(lx);
    } else if (col > lx->indstack[lx->indent]) {
        if (lx->indent + 1 >= LEX_MAXINDENT) {
            lx->cur = line_end(lx);
            return state_error(lx, LEX_INDENTATION_ERROR, 1, 0, "too many levels of indentation");
        }
        if (altcol <= lx->altindstack[lx->indent])
            return indent_error(lx);
        lx->pendin++;
        lx->indent++;
        lx->indstack[lx->indent] = col;
        lx->altindstack[lx->indent] = altcol;
    } else {
        while (lx->indent > 0 && col < lx->indstack[lx->indent]) {
            lx->pendin--;
            lx->indent--;
        }
        if (col != lx->indstack[lx->indent]) {
            lx->cur = line_end(lx);
            return state_error(lx, LEX_INDENTATION_ERROR, chars_to(lx, lx->cur), -1,
                               "unindent does not match any outer indentation level");
        }
        if (altcol != lx->altindstack[lx->indent])
            return indent_error(lx);
    }
    return TOK_OP;
}

/* One token; *start and *end are set for tokens with text. */
static TokType get(Lexer *lx, const char **start, const char **end)
{
    int c, blankline = 0;
    *start = *end = NULL;
nextline:
    lx->tok_start = NULL;
    blankline = 0;
    if (lx->atbol && indentation(lx, &blankline) == TOK_ERROR)
        return TOK_ERROR;
    lx->tok_start = lx->cur;
    if (lx->pendin != 0) {
        if (lx->pendin < 0) {
            lx->pendin++;
            return TOK_DEDENT;
        }
        lx->pendin--;
        return TOK_INDENT;
    }
again:
    lx->tok_start = NULL;
    do {
        c = nextc(lx);
    } while (c == ' ' || c == '\t' || c == '\014');
    lx->tok_start = lx->cur - (c == EOF_CHAR ? 0 : 1);
    if (c == '#') {
        while (c != EOF_CHAR && c != '\n')
            c = nextc(lx);
    }
    if (c == EOF_CHAR) {
        if (lx->level > 0)
            return unclosed_error(lx);
        return TOK_ENDMARKER;
    }
    if (is_potential_identifier_start(c)) {
        TokType t = name_or_string(lx, c);
        *start = lx->tok_start;
        *end = lx->cur;
        return t;
    }
    if (c == '\n') {
        lx->atbol = 1;
        if (blankline || lx->level > 0)
            goto nextline;
        *start = lx->tok_start;
        *end = lx->cur - 1;   /* the '\n' is not part of the token */
        return TOK_NEWLINE;
    }
    if (c == '.') {
        c = nextc(lx);
        if (is_digit(c)) {
            if (fraction(lx, c) < 0)
                return TOK_ERROR;
            *start = lx->tok_start;
            *end = lx->cur;
            return TOK_NUMBER;
        }
        if (c == '.') {
            c = nextc(lx);
            if (c == '.') {
                *start = lx->tok_start;
                *end = lx->cur;
                return TOK_ELLIPSIS;
            }
            backup(lx, c);
            backup(lx, '.');
        } else {
            backup(lx, c);
        }
        *start = lx->tok_start;
        *end = lx->cur;
        return TOK_DOT;
    }
    if (is_digit(c)) {
        if (number(lx, c) < 0)
            return TOK_ERROR;
        *start = lx->tok_start;
        *end = lx->cur;
        return TOK_NUMBER;
    }
    if (c == '\'' || c == '"') {
        TokType t = string(lx, c);
        *start = lx->tok_start;
        *end = lx->cur;
        return t;
    }
    if (c == '\\') {
        if (continuation_line(lx) < 0)
            return TOK_ERROR;
        goto again;
    }
    int c2 = nextc(lx);
    TokType t = two_chars(c, c2);
    if (t != TOK_OP) {
        int c3 = nextc(lx);
        TokType t3 = three_chars(c, c2, c3);
        if (t3 != TOK_OP)
            t = t3;
        else
            backup(lx, c3);
        *start = lx->tok_start;
        *end = lx->cur;
        return t;
    }
    backup(lx, c2);
    if (track_bracket(lx, c) == TOK_ERROR)
        return TOK_ERROR;
    if (!unicode_is_printable((unsigned)c))
        return syntax_error(lx, "invalid non-printable character U+%04X", c);
    *start = lx->tok_start;
    *end = lx->cur;
    return one_char(c);
}

TokType lex_next(Lexer *lx, Token *tok)
{
    memset(tok, 0, sizeof *tok);
    if (lx->failed)
        return tok->type = TOK_ERROR;
    const char *start, *end;
    TokType type = get(lx, &start, &end);
    tok->type = type;
    if (type == TOK_ERROR) {
        lx->failed = 1;
        return type;
    }
    const char *line_start = type == TOK_STRING ? lx->multi_line_start : lx->line_start;
    tok->start = start;
    tok->end = end;
    tok->level = lx->level;
    tok->lineno = type == TOK_STRING ? lx->first_lineno : lx->lineno;
    tok->end_lineno = lx->lineno;
    tok->col_offset = start != NULL ? (int)(start - line_start) : -1;
    tok->end_col_offset = end != NULL ? (int)(end - lx->line_start) : -1;
    tok->cur_col = (int)(lx->cur - lx->line_start);
    tok->eof = lx->hit_eof;
    return type;   /* (an empty eval source gives ENDMARKER on line 0, as CPython) */
}

static const char *const token_names[TOK__COUNT] = {
    [TOK_ERROR] = "<error>", [TOK_ENDMARKER] = "<end>", [TOK_NAME] = "<name>",
    [TOK_NUMBER] = "<number>", [TOK_STRING] = "<string>", [TOK_NEWLINE] = "<newline>",
    [TOK_INDENT] = "<indent>", [TOK_DEDENT] = "<dedent>", [TOK_OP] = "<op>",
    [TOK_LPAR] = "(", [TOK_RPAR] = ")", [TOK_LSQB] = "[", [TOK_RSQB] = "]",
    [TOK_LBRACE] = "{", [TOK_RBRACE] = "}", [TOK_COLON] = ":", [TOK_COMMA] = ",",
    [TOK_SEMI] = ";", [TOK_DOT] = ".", [TOK_ELLIPSIS] = "...", [TOK_RARROW] = "->",
    [TOK_PLUS] = "+", [TOK_MINUS] = "-", [TOK_STAR] = "*", [TOK_SLASH] = "/",
    [TOK_VBAR] = "|", [TOK_AMPER] = "&", [TOK_LESS] = "<", [TOK_GREATER] = ">",
    [TOK_EQUAL] = "=", [TOK_PERCENT] = "%", [TOK_TILDE] = "~", [TOK_CIRCUMFLEX] = "^",
    [TOK_AT] = "@", [TOK_EQEQUAL] = "==", [TOK_NOTEQUAL] = "!=", [TOK_LTGT] = "<>",
    [TOK_LESSEQUAL] = "<=", [TOK_GREATEREQUAL] = ">=", [TOK_LEFTSHIFT] = "<<",
    [TOK_RIGHTSHIFT] = ">>", [TOK_DOUBLESTAR] = "**", [TOK_DOUBLESLASH] = "//",
    [TOK_COLONEQUAL] = ":=", [TOK_PLUSEQUAL] = "+=", [TOK_MINEQUAL] = "-=",
    [TOK_STAREQUAL] = "*=", [TOK_SLASHEQUAL] = "/=", [TOK_PERCENTEQUAL] = "%=",
    [TOK_AMPEREQUAL] = "&=", [TOK_VBAREQUAL] = "|=", [TOK_CIRCUMFLEXEQUAL] = "^=",
    [TOK_LEFTSHIFTEQUAL] = "<<=", [TOK_RIGHTSHIFTEQUAL] = ">>=",
    [TOK_DOUBLESTAREQUAL] = "**=", [TOK_DOUBLESLASHEQUAL] = "//=", [TOK_ATEQUAL] = "@=",
    [TOK_FALSE] = "False", [TOK_NONE] = "None", [TOK_TRUE] = "True", [TOK_AND] = "and",
    [TOK_AS] = "as", [TOK_ASSERT] = "assert", [TOK_ASYNC] = "async", [TOK_AWAIT] = "await",
    [TOK_BREAK] = "break", [TOK_CLASS] = "class", [TOK_CONTINUE] = "continue",
    [TOK_DEF] = "def", [TOK_DEL] = "del", [TOK_ELIF] = "elif", [TOK_ELSE] = "else",
    [TOK_EXCEPT] = "except", [TOK_FINALLY] = "finally", [TOK_FOR] = "for",
    [TOK_FROM] = "from", [TOK_GLOBAL] = "global", [TOK_IF] = "if", [TOK_IMPORT] = "import",
    [TOK_IN] = "in", [TOK_IS] = "is", [TOK_LAMBDA] = "lambda", [TOK_NONLOCAL] = "nonlocal",
    [TOK_NOT] = "not", [TOK_OR] = "or", [TOK_PASS] = "pass", [TOK_RAISE] = "raise",
    [TOK_RETURN] = "return", [TOK_TRY] = "try", [TOK_WHILE] = "while", [TOK_WITH] = "with",
    [TOK_YIELD] = "yield",
};

const char *lex_token_name(TokType type)
{
    if ((int)type < 0 || type >= TOK__COUNT || token_names[type] == NULL)
        return "?";
    return token_names[type];
}
