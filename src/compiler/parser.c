/*
 * parser.c - the parser's machinery and entry points: the token buffer, the
 * scratch stack sequences are built on, node allocation, and error
 * reporting with CPython 3.11's positions (pegen_errors.c).
 *
 * Invariants:
 *   - tokens[0..fill) were read from the lexer and never change; mark <= fill.
 *   - Once p->error is set the first error stays: later raises are ignored,
 *     and no more tokens are read.
 *   - Every byte allocated outside the arena (token blocks, the scratch
 *     stack, the prepared source) is freed before an entry point returns.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "parser_impl.h"

/* ------------------------------------------------------------------ */
/* Tokens                                                              */
/* ------------------------------------------------------------------ */

static Token *slot(Parser *p, size_t i)
{
    return &p->blocks[i / TOKEN_BLOCK][i % TOKEN_BLOCK];
}

static bool grow_blocks(Parser *p)
{
    if (p->nblocks == p->blocks_cap) {
        size_t cap = p->blocks_cap ? p->blocks_cap * 2 : 8;
        Token **blocks = ouro_mem_realloc(p->rt, p->blocks, p->blocks_cap * sizeof *blocks,
                                          cap * sizeof *blocks);
        if (blocks == NULL)
            return false;
        p->blocks = blocks;
        p->blocks_cap = cap;
    }
    Token *block = ouro_mem_alloc(p->rt, TOKEN_BLOCK * sizeof(Token));
    if (block == NULL)
        return false;
    p->blocks[p->nblocks++] = block;
    return true;
}

static void set_error_text(Parser *p, int lineno);
static void lexer_error(Parser *p);

/* Moves a token of "(expr)" to where the expression sits in the f-string,
 * as CPython's initialize_token does for its f-string sub-parsers. */
static void shift_fstring_token(Parser *p, Token *t)
{
    int line = t->lineno;
    t->lineno += p->starting_lineno - 1;
    if (line == 1 && t->col_offset >= 0)
        t->col_offset += p->starting_col_offset;
    if (t->end_lineno == 1 && t->end_col_offset >= 0)
        t->end_col_offset += p->starting_col_offset;
    t->end_lineno += p->starting_lineno - 1;
}

static bool fill_token(Parser *p)
{
    if (p->error)
        return false;
    if (p->fill == p->nblocks * TOKEN_BLOCK && !grow_blocks(p)) {
        parse_no_memory(p);
        return false;
    }
    Token *t = slot(p, p->fill);
    TokType type = lex_next(p->lx, t);
    if (type == TOK_ERROR) {
        p->lexer_failed_checking = p->checking > 0;
        lexer_error(p);
        return false;
    }
    if (type == TOK_ENDMARKER && p->mode == MODE_SINGLE && !p->endmarker_as_newline &&
        p->fill > 0) {
        /* As CPython in "single" mode: one NEWLINE ends the last statement. */
        t->type = TOK_NEWLINE;
        p->endmarker_as_newline = 1;
    }
    if (p->mode == MODE_FSTRING)
        shift_fstring_token(p, t);
    p->fill++;
    return true;
}

Token *parse_token(Parser *p, size_t i)
{
    while (i >= p->fill)
        if (!fill_token(p))
            return NULL;
    if (i + 1 > p->hwm)
        p->hwm = i + 1;
    return slot(p, i);
}

Token *parse_furthest(Parser *p)
{
    if (p->fill == 0)
        return NULL;
    return slot(p, p->fill - 1);
}

bool parse_token_is(const Token *t, const char *word)
{
    size_t n = strlen(word);
    return t != NULL && t->type == TOK_NAME && (size_t)(t->end - t->start) == n &&
           memcmp(t->start, word, n) == 0;
}

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/* Line `lineno` of the prepared text (with its '\n'), or NULL. */
static const char *text_line(const char *text, size_t text_len, int lineno, size_t *len)
{
    const char *s = text, *end = text + text_len;
    for (int n = 1; n < lineno && s < end; n++) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        if (nl == NULL)
            return NULL;
        s = nl + 1;
    }
    if (lineno < 1 || s >= end)
        return NULL;
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    *len = nl != NULL ? (size_t)(nl + 1 - s) : (size_t)(end - s);
    return s;
}

/* CPython's byte_offset_to_character_offset: characters in the first
 * `bytes` bytes of line (len bytes), clamped past the end. */
static int char_offset(const char *line, size_t len, int bytes)
{
    if (bytes <= 0 || line == NULL)
        return bytes;
    if ((size_t)bytes > len)
        return lex_utf8_count(line, len) + 1;
    return lex_utf8_count(line, (size_t)bytes);
}

/* Finds line `lineno` of the caller's source (any line ending) for err->text. */
static void set_error_text(Parser *p, int lineno)
{
    while (p->parent != NULL)
        p = p->parent;
    SyntaxErrorInfo *err = p->err;
    err->text = NULL;
    err->text_len = 0;
    const char *s = p->src, *end = p->src + p->src_len;
    if (p->src_len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3;
    for (int n = 1; n < lineno; n++) {
        while (s < end && *s != '\n' && *s != '\r')
            s++;
        if (s >= end)
            return;
        s += (*s == '\r' && s + 1 < end && s[1] == '\n') ? 2 : 1;
    }
    if (lineno < 1 || s > end)
        return;
    const char *e = s;
    /* A NUL ends the line, as in CPython's C-string text (and the NUL
     * must not reach the printed line). */
    while (e < end && *e != '\n' && *e != '\r' && *e != '\0')
        e++;
    err->text = s;
    err->text_len = (size_t)(e - s);
}

#define CURRENT_POS (-5)

/*
 * CPython's _PyPegen_raise_error_known_location: col1 and end_col1 are
 * 1-based byte columns (or <= 0), turned into character columns with the
 * text of line `lineno`.
 */
static void *raise_final(Parser *p, SyntaxErrorKind kind, int lineno, int col1, int end_lineno,
                         int end_col1, const char *fmt, va_list ap)
{
    if (p->error)
        return NULL;
    p->error = 1;
    p->generic = 0;
    p->no_rescan = 0;
    SyntaxErrorInfo *err = p->err;
    memset(err, 0, sizeof *err);
    err->kind = kind;
    size_t pre = 0;
    if (p->mode == MODE_FSTRING) {
        pre = (size_t)snprintf(err->msg, sizeof err->msg, "f-string: ");
        col1 -= p->starting_col_offset;
        if (end_col1 != CURRENT_POS)
            end_col1 -= p->starting_col_offset;
    }
    vsnprintf(err->msg + pre, sizeof err->msg - pre, fmt, ap);
    if (end_col1 == CURRENT_POS)
        end_col1 = (int)(p->lx->cur - p->lx->line_start);
    size_t len = 0;
    int text_lineno = lineno - (p->mode == MODE_FSTRING ? p->starting_lineno - 1 : 0);
    const char *line = text_line(p->text, p->text_len, text_lineno, &len);
    /* CPython converts with the tokenizer's current line, '\n' included,
     * or else with the line taken from the source, without it. */
    if (line != NULL && text_lineno < p->lx->lineno && len > 0 && line[len - 1] == '\n')
        len--;
    err->lineno = lineno;
    err->end_lineno = end_lineno;
    err->offset = char_offset(line, len, col1);
    err->end_offset = end_col1 > 0 ? char_offset(line, len, end_col1) : end_col1;
    set_error_text(p, lineno);
    return NULL;
}

void *parse_raise_at(Parser *p, SyntaxErrorKind kind, int lineno, int col, int end_lineno,
                     int end_col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    raise_final(p, kind, lineno, col + 1, end_lineno, end_col == CURRENT_POS ? end_col : end_col + 1,
                fmt, ap);
    va_end(ap);
    return NULL;
}

void *parse_raise_node(Parser *p, const AstExpr *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    raise_final(p, PARSE_SYNTAX_ERROR, a->lineno, a->col_offset + 1, a->end_lineno,
                a->end_col_offset + 1, fmt, ap);
    va_end(ap);
    return NULL;
}

void *parse_raise_range(Parser *p, const AstExpr *a, const AstExpr *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    raise_final(p, PARSE_SYNTAX_ERROR, a->lineno, a->col_offset + 1, b->end_lineno,
                b->end_col_offset + 1, fmt, ap);
    va_end(ap);
    return NULL;
}

void *parse_raise_token(Parser *p, const Token *a, const Token *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    raise_final(p, PARSE_SYNTAX_ERROR, a->lineno, a->col_offset + 1, b->end_lineno,
                b->end_col_offset + 1, fmt, ap);
    va_end(ap);
    return NULL;
}

/* CPython's _PyPegen_raise_error: at the furthest token read. */
static void *raise_last_v(Parser *p, SyntaxErrorKind kind, const char *fmt, va_list ap)
{
    Token *t = parse_furthest(p);
    if (t == NULL)
        return raise_final(p, kind, 0, 0, 0, -1, fmt, ap);
    int col1 = t->col_offset == -1 ? t->cur_col : t->col_offset + 1;
    int end1 = t->end_col_offset == -1 ? -1 : t->end_col_offset + 1;
    return raise_final(p, kind, t->lineno, col1, t->end_lineno, end1, fmt, ap);
}

void *parse_raise(Parser *p, SyntaxErrorKind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    raise_last_v(p, kind, fmt, ap);
    va_end(ap);
    return NULL;
}

void *parse_fail(Parser *p)
{
    if (p->error)
        return NULL;
    Token *t = p->hwm > 0 ? slot(p, p->hwm - 1) : NULL;
    if (t == NULL)
        return parse_raise(p, PARSE_SYNTAX_ERROR, "invalid syntax");
    if (t->type == TOK_INDENT || t->type == TOK_DEDENT) {
        parse_raise(p, PARSE_INDENTATION_ERROR,
                    t->type == TOK_INDENT ? "unexpected indent" : "unexpected unindent");
        p->generic = 1;
        p->no_rescan = 1;
        return NULL;
    }
    else
        parse_raise_at(p, PARSE_SYNTAX_ERROR, t->lineno, t->col_offset, t->end_lineno,
                       t->end_col_offset, "invalid syntax");
    p->generic = 1;
    return NULL;
}

void *parse_unsupported(Parser *p, const Token *t, const char *what)
{
    parse_raise_token(p, t, t, "%s not supported by ouro", what);
    p->fatal = 1;
    return NULL;
}

void *parse_no_memory(Parser *p)
{
    if (p->error && p->fatal)
        return NULL;
    p->error = 1;
    p->fatal = 1;
    memset(p->err, 0, sizeof *p->err);
    p->err->kind = PARSE_NO_MEMORY;
    snprintf(p->err->msg, sizeof p->err->msg, "out of memory");
    return NULL;
}

/* Copies the lexer's error (positions already final). */
static void lexer_error(Parser *p)
{
    if (p->error)
        return;
    const LexError *e = &p->lx->err;
    SyntaxErrorInfo *err = p->err;
    memset(err, 0, sizeof *err);
    err->kind = e->kind == LEX_TAB_ERROR           ? PARSE_TAB_ERROR
                : e->kind == LEX_INDENTATION_ERROR ? PARSE_INDENTATION_ERROR
                                                   : PARSE_SYNTAX_ERROR;
    snprintf(err->msg, sizeof err->msg, "%s", e->msg);
    err->lineno = e->lineno + (p->mode == MODE_FSTRING ? p->starting_lineno - 1 : 0);
    err->end_lineno = e->end_lineno + (p->mode == MODE_FSTRING ? p->starting_lineno - 1 : 0);
    err->offset = e->offset;
    err->end_offset = e->end_offset;
    set_error_text(p, err->lineno);
    p->error = 1;
    p->fatal = 1;
}

bool parse_enter(Parser *p)
{
    if (++p->depth <= PARSE_MAX_DEPTH)
        return true;
    if (!p->error) {
        Token *t = peek(p);
        if (t != NULL)
            parse_raise_token(p, t, t, "too complex: nesting deeper than %d levels", PARSE_MAX_DEPTH);
        p->fatal = 1;
    }
    p->depth--;
    return false;
}

ParseTry parse_try_begin(Parser *p)
{
    ParseTry t = {p->mark, p->nscratch};
    return t;
}

bool parse_try_end(Parser *p, ParseTry t, bool ok)
{
    if (ok && !p->error)
        return true;
    if (p->error && (p->fatal || !p->generic))
        return false;
    p->error = 0;
    memset(p->err, 0, sizeof *p->err);
    p->mark = t.mark;
    p->nscratch = t.nscratch;
    return false;
}

void parse_try_discard(Parser *p, ParseTry t)
{
    if (p->error && p->fatal)
        return;
    p->error = 0;
    memset(p->err, 0, sizeof *p->err);
    p->mark = t.mark;
    p->nscratch = t.nscratch;
}

/* ------------------------------------------------------------------ */
/* Nodes and sequences                                                 */
/* ------------------------------------------------------------------ */

void *parse_alloc(Parser *p, size_t size)
{
    if (p->error)
        return NULL;
    void *mem = ast_arena_alloc(p->arena, size);
    if (mem == NULL)
        return parse_no_memory(p);
    return mem;
}

char *parse_strdup(Parser *p, const char *s, size_t len)
{
    if (p->error)
        return NULL;
    char *copy = ast_arena_strdup(p->arena, s, len);
    if (copy == NULL)
        return parse_no_memory(p);
    return copy;
}

Pos parse_pos(Parser *p)
{
    Token *t = peek(p);
    Pos pos = {1, 0};
    if (t != NULL) {
        pos.lineno = t->lineno;
        pos.col = t->col_offset;
    }
    return pos;
}

void parse_set_end(Parser *p, int *end_lineno, int *end_col_offset)
{
    Token *t = NULL;
    for (size_t m = p->mark; m > 0; m--) {
        t = slot(p, m - 1);
        if (t->type != TOK_ENDMARKER && t->type != TOK_NEWLINE && t->type != TOK_INDENT &&
            t->type != TOK_DEDENT)
            break;
    }
    if (t == NULL) {
        *end_lineno = 1;
        *end_col_offset = 0;
        return;
    }
    *end_lineno = t->end_lineno;
    *end_col_offset = t->end_col_offset;
}

AstExpr *parse_new_expr(Parser *p, AstExprKind kind, Pos start)
{
    AstExpr *e = parse_alloc(p, sizeof *e);
    if (e == NULL)
        return NULL;
    e->kind = kind;
    e->lineno = start.lineno;
    e->col_offset = start.col;
    parse_set_end(p, &e->end_lineno, &e->end_col_offset);
    return e;
}

AstStmt *parse_new_stmt(Parser *p, AstStmtKind kind, Pos start)
{
    AstStmt *s = parse_alloc(p, sizeof *s);
    if (s == NULL)
        return NULL;
    s->kind = kind;
    s->lineno = start.lineno;
    s->col_offset = start.col;
    parse_set_end(p, &s->end_lineno, &s->end_col_offset);
    return s;
}

bool parse_push(Parser *p, void *item)
{
    if (p->error)
        return false;
    if (p->nscratch == p->scratch_cap) {
        size_t cap = p->scratch_cap ? p->scratch_cap * 2 : 64;
        void **s = ouro_mem_realloc(p->rt, p->scratch, p->scratch_cap * sizeof *s, cap * sizeof *s);
        if (s == NULL) {
            parse_no_memory(p);
            return false;
        }
        p->scratch = s;
        p->scratch_cap = cap;
    }
    p->scratch[p->nscratch++] = item;
    return true;
}

/* Copies the items above base into an arena array of n pointers. */
static void **take(Parser *p, size_t base, size_t elem_size, size_t *len)
{
    size_t n = p->nscratch - base;
    *len = 0;
    if (n == 0 || p->error) {
        p->nscratch = base;
        return NULL;
    }
    void **items = parse_alloc(p, n * elem_size);
    if (items != NULL)
        *len = n;
    return items;
}

/* Each typed copy converts the void * items back to their own type. */
#define DEFINE_SEQ(fn, SeqType, ItemType)                                   \
    SeqType fn(Parser *p, size_t base)                                      \
    {                                                                       \
        SeqType seq = {NULL, 0};                                            \
        size_t n;                                                           \
        ItemType *items = (ItemType *)take(p, base, sizeof(ItemType), &n);  \
        if (items != NULL) {                                                \
            for (size_t i = 0; i < n; i++)                                  \
                items[i] = (ItemType)p->scratch[base + i];                  \
            seq.items = items;                                              \
            seq.len = n;                                                    \
        }                                                                   \
        p->nscratch = base;                                                 \
        return seq;                                                         \
    }

DEFINE_SEQ(parse_seq_exprs, AstExprSeq, AstExpr *)
DEFINE_SEQ(parse_seq_stmts, AstStmtSeq, AstStmt *)
DEFINE_SEQ(parse_seq_args, AstArgSeq, AstArg *)
DEFINE_SEQ(parse_seq_keywords, AstKeywordSeq, AstKeyword *)
DEFINE_SEQ(parse_seq_aliases, AstAliasSeq, AstAlias *)
DEFINE_SEQ(parse_seq_withitems, AstWithItemSeq, AstWithItem *)
DEFINE_SEQ(parse_seq_comprehensions, AstComprehensionSeq, AstComprehension *)
DEFINE_SEQ(parse_seq_handlers, AstHandlerSeq, AstExceptHandler *)
DEFINE_SEQ(parse_seq_idents, AstIdentSeq, const char *)

AstExprSeq parse_seq1(Parser *p, AstExpr *e)
{
    size_t base = seq_start(p);
    parse_push(p, e);
    return parse_seq_exprs(p, base);
}

/* ------------------------------------------------------------------ */
/* After a failed parse                                                */
/* ------------------------------------------------------------------ */

/*
 * CPython's _PyPegen_tokenize_full_source_to_check_for_errors: a parser
 * error gives way to a tokenizer error further on (an unterminated
 * string, an invalid character, ...), and to an unclosed bracket opened on
 * a line before the one the parser stopped at.
 */
static void check_rest_for_lexer_errors(Parser *p)
{
    if (p->fatal || p->lx->failed || p->no_rescan)
        return;
    Token *last = parse_furthest(p);
    int err_line = last != NULL ? last->lineno : 0;
    Token t;
    for (;;) {
        TokType type = lex_next(p->lx, &t);
        if (type == TOK_ENDMARKER)
            return;
        if (type == TOK_ERROR)
            break;
    }
    const LexError *e = &p->lx->err;
    if (e->overrides || (e->unclosed && err_line > e->lineno)) {
        p->error = 0;
        lexer_error(p);
    }
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */
/* ------------------------------------------------------------------ */

const char *parse_error_kind_name(SyntaxErrorKind kind)
{
    switch (kind) {
    case PARSE_SYNTAX_ERROR: return "SyntaxError";
    case PARSE_INDENTATION_ERROR: return "IndentationError";
    case PARSE_TAB_ERROR: return "TabError";
    case PARSE_NO_MEMORY: return "MemoryError";
    default: return "";
    }
}

static AstMod *new_mod(Parser *p, AstModKind kind)
{
    AstMod *mod = parse_alloc(p, sizeof *mod);
    if (mod != NULL)
        mod->kind = kind;
    return mod;
}

/* file: [statements] ENDMARKER */
static AstMod *file_rule(Parser *p)
{
    bool ok;
    AstStmtSeq body = parse_statements(p, &ok);
    if (!ok)
        return NULL;
    if (!at(p, TOK_ENDMARKER))
        return parse_fail(p);
    AstMod *mod = new_mod(p, MOD_MODULE);
    if (mod != NULL)
        mod->body = body;
    return mod;
}

/* eval: expressions NEWLINE* ENDMARKER */
static AstMod *eval_rule(Parser *p)
{
    Pos start = parse_pos(p);
    if (p->error)
        return NULL;
    AstExpr *e = parse_expression_rule(p);
    if (e == NULL)
        return NULL;
    if (at(p, TOK_COMMA)) {
        size_t base = seq_start(p);
        parse_push(p, e);
        while (accept(p, TOK_COMMA)) {
            if (!parse_starts_expression(peek_type(p, 0)))
                break;
            AstExpr *item = parse_expression_rule(p);
            if (item == NULL || !parse_push(p, item))
                return NULL;
        }
        AstExprSeq elts = parse_seq_exprs(p, base);
        AstExpr *t = parse_new_expr(p, EXPR_TUPLE, start);
        if (t == NULL)
            return NULL;
        t->v.tuple.elts = elts;
        t->v.tuple.ctx = AST_LOAD;
        e = t;
    }
    while (accept(p, TOK_NEWLINE))
        ;
    if (!at(p, TOK_ENDMARKER))
        return parse_fail(p);
    AstMod *mod = new_mod(p, MOD_EXPRESSION);
    if (mod != NULL)
        mod->expr = e;
    return mod;
}

/* Only blanks, comments and line breaks from s on? (CPython's
 * bad_single_statement, negated.) */
static bool only_blanks_and_comments(const char *s, const char *end)
{
    while (s < end) {
        if (*s == '#') {
            while (s < end && *s != '\n')
                s++;
        } else if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\014') {
            s++;
        } else {
            return false;
        }
    }
    return true;
}

/* interactive: statement_newline */
static AstMod *interactive_rule(Parser *p)
{
    bool ok;
    AstStmtSeq body = parse_statement_newline(p, &ok);
    if (!ok)
        return NULL;
    if (!only_blanks_and_comments(p->lx->cur, p->lx->end)) {
        parse_raise(p, PARSE_SYNTAX_ERROR, "multiple statements found while compiling a single statement");
        p->no_rescan = 1;   /* CPython raises it after a successful parse */
        return NULL;
    }
    AstMod *mod = new_mod(p, MOD_INTERACTIVE);
    if (mod != NULL)
        mod->body = body;
    return mod;
}

static void free_parser(Parser *p)
{
    for (size_t i = 0; i < p->nblocks; i++)
        ouro_mem_free(p->rt, p->blocks[i], TOKEN_BLOCK * sizeof(Token));
    if (p->blocks != NULL)
        ouro_mem_free(p->rt, p->blocks, p->blocks_cap * sizeof *p->blocks);
    if (p->scratch != NULL)
        ouro_mem_free(p->rt, p->scratch, p->scratch_cap * sizeof *p->scratch);
}

static void no_memory(SyntaxErrorInfo *err)
{
    memset(err, 0, sizeof *err);
    err->kind = PARSE_NO_MEMORY;
    snprintf(err->msg, sizeof err->msg, "out of memory");
}

/* Turns an error of lex_prepare into *err. */
static void prepare_failed(const char *src, size_t len, const LexError *e, SyntaxErrorInfo *err)
{
    if (e->kind == 0) {
        no_memory(err);
        return;
    }
    Parser fake = {0};
    fake.src = src;
    fake.src_len = len;
    fake.err = err;
    memset(err, 0, sizeof *err);
    err->kind = PARSE_SYNTAX_ERROR;
    snprintf(err->msg, sizeof err->msg, "%s", e->msg);
    err->lineno = e->lineno;
    err->end_lineno = e->end_lineno;
    err->offset = e->offset;
    err->end_offset = e->end_offset;
    set_error_text(&fake, e->lineno);
}

/*
 * Parses src in the given mode. For MODE_SINGLE, *at_eof tells whether a
 * failure happened where the input ran out (CPython's "incomplete input":
 * a lexer error at the end, or the first pass stopping at a token read at
 * the end).
 */
static int run(OuroRuntime *rt, const char *src, size_t len, int mode, AstArena **arena_out,
               AstMod **out, SyntaxErrorInfo *err, bool *at_eof)
{
    *arena_out = NULL;
    *out = NULL;
    if (at_eof != NULL)
        *at_eof = false;
    memset(err, 0, sizeof *err);
    LexSource source;
    LexError lerr;
    /* Only file input gets a final newline, as in CPython. */
    if (lex_prepare(rt, src, len, mode == MODE_FILE, &source, &lerr) < 0) {
        prepare_failed(src, len, &lerr, err);
        return PARSE_ERROR;
    }
    AstArena *arena = ast_arena_new(rt);
    if (arena == NULL) {
        lex_source_free(rt, &source);
        no_memory(err);
        return PARSE_ERROR;
    }
    Lexer lx;
    lex_init(&lx, source.text, source.len);
    Parser p = {0};
    p.rt = rt;
    p.arena = arena;
    p.lx = &lx;
    p.mode = mode;
    p.err = err;
    p.text = source.text;
    p.text_len = source.len;
    p.src = src;
    p.src_len = len;
    p.no_juxtaposition_at = SIZE_MAX;

    AstMod *mod = mode == MODE_FILE ? file_rule(&p) : mode == MODE_EVAL ? eval_rule(&p) : interactive_rule(&p);
    if (mod == NULL) {
        if (!p.error)
            parse_fail(&p);
        if (at_eof != NULL && err->kind != PARSE_NO_MEMORY) {
            Token *stop = p.hwm > 0 ? slot(&p, p.hwm - 1) : NULL;
            /* the lexer's state when the first pass stopped */
            if (lx.failed && !p.lexer_failed_checking)
                *at_eof = lx.err.at_eof;
            else
                *at_eof = (!p.fatal || lx.failed) && stop != NULL && stop->eof;
        }
        check_rest_for_lexer_errors(&p);
    }
    free_parser(&p);
    lex_source_free(rt, &source);
    if (mod == NULL) {
        ast_arena_free(arena);
        return PARSE_ERROR;
    }
    *arena_out = arena;
    *out = mod;
    return PARSE_OK;
}

int parse_module(OuroRuntime *rt, const char *src, size_t len, const char *filename,
                 AstArena **arena, AstMod **out, SyntaxErrorInfo *err)
{
    (void)filename;
    return run(rt, src, len, MODE_FILE, arena, out, err, NULL);
}

int parse_expression(OuroRuntime *rt, const char *src, size_t len, const char *filename,
                     AstArena **arena, AstMod **out, SyntaxErrorInfo *err)
{
    (void)filename;
    return run(rt, src, len, MODE_EVAL, arena, out, err, NULL);
}

/* codeop's first check: only blank lines and comments. */
static bool blank_command(const char *src, size_t len)
{
    size_t i = 0;
    while (i < len) {
        while (i < len && (src[i] == ' ' || src[i] == '\t' || src[i] == '\014' || src[i] == '\v'))
            i++;
        if (i < len && src[i] != '\n' && src[i] != '\r' && src[i] != '#')
            return false;
        while (i < len && src[i] != '\n')
            i++;
        i++;
    }
    return true;
}

static int empty_interactive(OuroRuntime *rt, AstArena **arena, AstMod **out, SyntaxErrorInfo *err)
{
    *out = NULL;
    memset(err, 0, sizeof *err);
    *arena = ast_arena_new(rt);
    if (*arena != NULL)
        *out = ast_arena_alloc(*arena, sizeof **out);
    if (*out == NULL) {
        ast_arena_free(*arena);
        *arena = NULL;
        no_memory(err);
        return PARSE_ERROR;
    }
    (*out)->kind = MOD_INTERACTIVE;
    return PARSE_OK;
}

/*
 * codeop.compile_command: the command is complete if it parses; it is
 * incomplete if it fails but parses, or fails only at its end, once a line
 * break is added (the empty line that ends a block); otherwise the first
 * parse's error stands.
 */
int parse_interactive(OuroRuntime *rt, const char *src, size_t len, const char *filename,
                      AstArena **arena, AstMod **out, SyntaxErrorInfo *err)
{
    (void)filename;
    if (blank_command(src, len))
        return empty_interactive(rt, arena, out, err);
    int r = run(rt, src, len, MODE_SINGLE, arena, out, err, NULL);
    if (r == PARSE_OK || err->kind == PARSE_NO_MEMORY)
        return r;
    char *more = ouro_mem_alloc(rt, len + 1);
    if (more == NULL) {
        no_memory(err);
        return PARSE_ERROR;
    }
    memcpy(more, src, len);
    more[len] = '\n';
    SyntaxErrorInfo err2;
    AstArena *arena2;
    AstMod *mod2;
    bool at_eof;
    int r2 = run(rt, more, len + 1, MODE_SINGLE, &arena2, &mod2, &err2, &at_eof);
    ouro_mem_free(rt, more, len + 1);
    if (r2 == PARSE_OK)
        ast_arena_free(arena2);
    if (err2.kind == PARSE_NO_MEMORY) {
        *err = err2;
        return PARSE_ERROR;
    }
    if (r2 == PARSE_OK || at_eof) {
        memset(err, 0, sizeof *err);
        return PARSE_INCOMPLETE;
    }
    /* err (and its text) still describes the first parse, of src. */
    return PARSE_ERROR;
}

AstExpr *parse_fstring_expr(Parser *parent, const char *text, size_t len, int lineno, int col)
{
    Lexer lx;
    lex_init(&lx, text, len);
    Parser p = {0};
    p.rt = parent->rt;
    p.arena = parent->arena;
    p.lx = &lx;
    p.mode = MODE_FSTRING;
    p.err = parent->err;
    p.text = text;
    p.text_len = len;
    p.parent = parent;
    p.starting_lineno = lineno;
    p.starting_col_offset = col;
    p.depth = parent->depth;
    p.no_juxtaposition_at = SIZE_MAX;

    /* fstring: star_expressions */
    AstExpr *e = parse_star_expressions(&p);
    if (e != NULL && !at(&p, TOK_NEWLINE) && !at(&p, TOK_ENDMARKER))
        e = parse_fail(&p);
    if (e == NULL && !p.error)
        parse_fail(&p);
    if (e == NULL) {
        parent->error = 1;
        parent->fatal = 1;
    }
    free_parser(&p);
    return e;
}
