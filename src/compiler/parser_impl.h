/*
 * parser_impl.h - what the parser's files share: the parser state, token
 * access, error reporting, node construction and sequence building.
 *
 * The parser is recursive descent over CPython 3.11's PEG grammar
 * (Grammar/python.gram), one function per rule, deciding with one or two
 * tokens of lookahead where the grammar allows it and backtracking (mark /
 * reset over the token buffer) where it does not. CPython's "invalid_"
 * rules, which it runs in a second pass to find a better message, are
 * checked here at the point where the first pass fails.
 *
 * Conventions of the rule functions:
 *   - They return the node, or NULL. NULL with p->error set is an error
 *     that unwinds the whole parse; NULL without it is "no match" (only
 *     the functions documented as such return it).
 *   - On "no match" the function leaves p->mark where it found it.
 *   - A generic "invalid syntax" points at the furthest token read
 *     (tokens[fill - 1]), as CPython's does.
 */
#ifndef OURO_COMPILER_PARSER_IMPL_H
#define OURO_COMPILER_PARSER_IMPL_H

#include <assert.h>
#include <stdbool.h>

#include "ast.h"
#include "lexer.h"
#include "parser.h"

enum ParseMode { MODE_FILE, MODE_EVAL, MODE_SINGLE, MODE_FSTRING };

/* Tokens live in blocks that never move, so a Token * stays valid. */
enum { TOKEN_BLOCK = 256 };

typedef struct Parser Parser;

struct Parser {
    OuroRuntime *rt;
    AstArena *arena;
    Lexer *lx;
    int mode;                   /* enum ParseMode */

    Token **blocks;             /* blocks of TOKEN_BLOCK tokens */
    size_t nblocks, blocks_cap;
    size_t fill;                /* tokens read from the lexer */
    size_t mark;                /* next token to consume */
    /* Tokens looked at by the parse proper: those read only while looking
     * for a better error message (in CPython, its second pass) do not
     * count, since "invalid syntax" goes where the first pass stopped. */
    size_t hwm;
    int in_invalid;             /* > 0: no better-message checks inside */
    int checking;               /* > 0: reading only to find a better message
                                   (what CPython's second pass reads) */
    int lexer_failed_checking;  /* the lexer failed while checking */
    int legacy_mode;            /* > 0: inside invalid_legacy_expression */
    size_t no_juxtaposition_at; /* an expression at this token skips the
                                   "forgot a comma" check */

    void **scratch;             /* stack on which sequences are built */
    size_t nscratch, scratch_cap;

    int error;                  /* an error is recorded in *err: unwinding */
    int fatal;                  /* that error survives speculation: it came from
                                   the lexer, the allocator or the depth limit */
    int generic;                /* that error is a plain "invalid syntax": a
                                   failed alternative, taken back by speculation */
    int no_rescan;              /* "unexpected indent": CPython does not look
                                   further for a tokenizer error to report */
    SyntaxErrorInfo *err;
    int depth;                  /* nesting, bounded by PARSE_MAX_DEPTH */

    const char *text;           /* the prepared source the lexer reads */
    size_t text_len;
    const char *src;            /* the caller's source, for error text */
    size_t src_len;

    /* MODE_SINGLE: the first ENDMARKER was turned into a NEWLINE. */
    int endmarker_as_newline;
    /* MODE_FSTRING: where "(expr)" sits in the enclosing source. */
    Parser *parent;
    int starting_lineno, starting_col_offset;
};

/* ------------------------------------------------------------------ */
/* Tokens                                                              */
/* ------------------------------------------------------------------ */

/* The token at absolute index i (reading tokens up to it if needed);
 * NULL after an error. */
Token *parse_token(Parser *p, size_t i);

static inline Token *peek(Parser *p) { return parse_token(p, p->mark); }

/* Type of the token at mark + k, TOK_ERROR after an error. */
static inline TokType peek_type(Parser *p, size_t k)
{
    Token *t = parse_token(p, p->mark + k);
    return t != NULL ? t->type : TOK_ERROR;
}

static inline bool at(Parser *p, TokType type) { return peek_type(p, 0) == type; }

/* At `for` (or `async for`, which comprehension clauses reject)? */
static inline bool at_for(Parser *p)
{
    return at(p, TOK_FOR) || (at(p, TOK_ASYNC) && peek_type(p, 1) == TOK_FOR);
}

/* Consumes and returns the next token if it has the given type. */
static inline Token *accept(Parser *p, TokType type)
{
    Token *t = peek(p);
    if (t == NULL || t->type != type)
        return NULL;
    p->mark++;
    return t;
}

/* Consumes and returns the next token. */
static inline Token *advance(Parser *p)
{
    Token *t = parse_token(p, p->mark);
    if (t != NULL)
        p->mark++;
    return t;
}

/* The token just consumed (mark > 0). */
static inline Token *last_token(Parser *p)
{
    assert(p->mark > 0);
    return parse_token(p, p->mark - 1);
}

/* The furthest token read (CPython's p->tokens[p->fill - 1]). */
Token *parse_furthest(Parser *p);

/* Is t a NAME token spelling `word`? (soft keywords) */
bool parse_token_is(const Token *t, const char *word);

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/* Byte positions, 0-based columns. */
typedef struct Pos {
    int lineno, col;
} Pos;

/*
 * CPython's RAISE_ERROR_KNOWN_LOCATION: the error spans (lineno, col) to
 * (end_lineno, end_col), byte columns, 0-based; end_col -1 means none.
 * Always returns NULL.
 */
void *parse_raise_at(Parser *p, SyntaxErrorKind kind, int lineno, int col, int end_lineno,
                     int end_col, const char *fmt, ...);

/* Spanning node a (start of first to end of last). */
void *parse_raise_node(Parser *p, const AstExpr *a, const char *fmt, ...);
void *parse_raise_range(Parser *p, const AstExpr *a, const AstExpr *b, const char *fmt, ...);

/* Spanning a token, or tokens a to b. */
void *parse_raise_token(Parser *p, const Token *a, const Token *b, const char *fmt, ...);

/* CPython's RAISE_SYNTAX_ERROR (at the furthest token read). */
void *parse_raise(Parser *p, SyntaxErrorKind kind, const char *fmt, ...);

/* "invalid syntax" where CPython's first pass gave up (or "unexpected
 * indent" at an INDENT, as CPython does). Always returns NULL. */
void *parse_fail(Parser *p);

/* "<what> not supported by ouro" at token t (what: "'await' is", ...).
 * The error is fatal: speculation does not take it back. */
void *parse_unsupported(Parser *p, const Token *t, const char *what);

/* Records running out of memory. Always returns NULL. */
void *parse_no_memory(Parser *p);

/* Enters one level of nesting; false (error set) beyond PARSE_MAX_DEPTH. */
bool parse_enter(Parser *p);

static inline void parse_leave(Parser *p) { p->depth--; }

/*
 * Speculation: try an alternative and take it back if it fails.
 *   ParseTry m = parse_try_begin(p);
 *   node = alternative(p);
 *   if (!parse_try_end(p, m, node != NULL)) { ... it failed, mark restored ... }
 * On failure the token mark and the scratch stack are as they were.
 * A plain "invalid syntax" inside the alternative is forgotten, as a failed
 * PEG alternative; a specific message (what CPython's invalid_ rules
 * raise) or a fatal error stays recorded.
 */
typedef struct ParseTry {
    size_t mark, nscratch;
} ParseTry;

ParseTry parse_try_begin(Parser *p);
bool parse_try_end(Parser *p, ParseTry t, bool ok);

/*
 * Reading done only to find a better message: CPython does it in its
 * second pass, so it counts neither for where "invalid syntax" goes nor
 * for "incomplete input".
 *   ParseCheck c = parse_check_begin(p); ... parse_check_end(p, c);
 * parse_check_end may be called again on another path: it restores.
 */
typedef struct ParseCheck {
    size_t hwm;
    int checking;
} ParseCheck;

static inline ParseCheck parse_check_begin(Parser *p)
{
    ParseCheck c = {p->hwm, p->checking};
    p->checking++;
    return c;
}

static inline void parse_check_end(Parser *p, ParseCheck c)
{
    p->hwm = c.hwm;
    p->checking = c.checking;
}

/* Ends a lookahead: back to where parse_try_begin was, any error but a
 * fatal one forgotten. */
void parse_try_discard(Parser *p, ParseTry t);

/* ------------------------------------------------------------------ */
/* Nodes                                                               */
/* ------------------------------------------------------------------ */

/* Where the next token starts. */
Pos parse_pos(Parser *p);

/* A new expression node from `start` to the end of the last token
 * consumed; NULL (error set) if memory runs out. */
AstExpr *parse_new_expr(Parser *p, AstExprKind kind, Pos start);
AstStmt *parse_new_stmt(Parser *p, AstStmtKind kind, Pos start);

/* Sets the end of a node to the end of the last non-whitespace token
 * consumed (CPython's EXTRA). */
void parse_set_end(Parser *p, int *end_lineno, int *end_col_offset);

/* Copies bytes into the arena; NULL (error set) if memory runs out. */
char *parse_strdup(Parser *p, const char *s, size_t len);

/* Allocates zeroed memory in the arena; NULL (error set) on failure. */
void *parse_alloc(Parser *p, size_t size);

/* ------------------------------------------------------------------ */
/* Sequences                                                           */
/* ------------------------------------------------------------------ */

/* A sequence is built by pushing its items on the scratch stack from a
 * recorded height, then copied into the arena with parse_seq_*. */
static inline size_t seq_start(Parser *p) { return p->nscratch; }

/* Pushes an item; false (error set) if memory runs out. */
bool parse_push(Parser *p, void *item);

/* Copies the items above `base` into the arena and pops them. */
AstExprSeq parse_seq_exprs(Parser *p, size_t base);
AstStmtSeq parse_seq_stmts(Parser *p, size_t base);
AstArgSeq parse_seq_args(Parser *p, size_t base);
AstKeywordSeq parse_seq_keywords(Parser *p, size_t base);
AstAliasSeq parse_seq_aliases(Parser *p, size_t base);
AstWithItemSeq parse_seq_withitems(Parser *p, size_t base);
AstComprehensionSeq parse_seq_comprehensions(Parser *p, size_t base);
AstHandlerSeq parse_seq_handlers(Parser *p, size_t base);
AstIdentSeq parse_seq_idents(Parser *p, size_t base);

/* Drops the items above base (after an error or a failed alternative). */
static inline void seq_drop(Parser *p, size_t base) { p->nscratch = base; }

/* A one-item expression sequence. */
AstExprSeq parse_seq1(Parser *p, AstExpr *e);

/* ------------------------------------------------------------------ */
/* Rules used across files                                             */
/* ------------------------------------------------------------------ */

/*
 * parse_expr.c: the rules of the grammar's EXPRESSIONS section, named as
 * there (`expression` is parse_expression_rule). Each reads one construct
 * from the next token and returns its node, or NULL with p->error set:
 * the caller checks first that the next token can start the construct
 * (parse_starts_expression), or takes "invalid syntax" there.
 */
AstExpr *parse_expression_rule(Parser *p);
AstExpr *parse_named_expression(Parser *p);
AstExpr *parse_star_expressions(Parser *p);
AstExpr *parse_star_named_expression(Parser *p);
AstExpr *parse_bitwise_or(Parser *p);
AstExpr *parse_primary(Parser *p);
AstExpr *parse_disjunction(Parser *p);
/* at 'yield' */
AstExpr *parse_yield_expr(Parser *p);
/* inside '[' ... ']' (neither consumed) */
AstExpr *parse_slices(Parser *p);
/* a NAME token as Name(Load) */
AstExpr *parse_name(Parser *p);
/* arguments() with every list empty, for `def f()` and `lambda:` */
AstArguments *parse_empty_arguments(Parser *p);
/* CPython's invalid_named_expression for e, read from token index
 * `first`, with ':=' or '=' next: raises its message if it applies;
 * NULL either way. */
void *parse_invalid_named_expression(Parser *p, AstExpr *e, size_t first);
/* CPython's invalid_legacy_expression at token index `first` ("Missing
 * parentheses in call to 'print'"); NULL, with an error if it applies. */
void *parse_legacy_expression(Parser *p, size_t first);
/* Does the token type start an expression? */
bool parse_starts_expression(TokType type);
/* Is e, as parsed, at the level of a bitwise_or (an operand)? */
bool parse_is_bitwise_or(const AstExpr *e);
/* Does e's source start with a list display, a tuple, a generator
 * expression, True, None or False? (a lookahead in CPython's
 * invalid_named_expression) */
bool parse_starts_with_display(const AstExpr *e);

/* parse_call.c: call arguments after '(' (consumed), up to ')' (not
 * consumed): fills call.args and call.keywords of `call`. */
bool parse_call_arguments(Parser *p, AstExpr *call);
/* `def` parameters after '(' up to ')' (not consumed); lambda parameters
 * up to ':' (not consumed). */
AstArguments *parse_parameters(Parser *p, bool lambda);

/*
 * parse_target.c: star_targets and star_target return the target with its
 * context set to Store, or NULL without an error (mark unchanged) when
 * what follows is no target; parse_del_targets the targets of `del` (after
 * the keyword) with Del set, *ok false after an error; parse_for_if_clauses
 * one or more `for ... in ... if ...` clauses, *ok false after an error.
 */
AstExpr *parse_star_targets(Parser *p);
AstExpr *parse_star_target(Parser *p);
AstExprSeq parse_del_targets(Parser *p, bool *ok);
AstComprehensionSeq parse_for_if_clauses(Parser *p, bool *ok);
/* Sets ctx to Store (or Del) through e, Tuple/List elements and Starred. */
void parse_set_context(AstExpr *e, AstContext ctx);
/* CPython's _PyPegen_get_invalid_target; NULL if e is a valid target. */
enum TargetsType { STAR_TARGETS, DEL_TARGETS, FOR_TARGETS };
const AstExpr *parse_invalid_target(const AstExpr *e, enum TargetsType type);
/* "cannot assign to %s" / "cannot delete %s" at the invalid part of e;
 * returns NULL (error set) or, if e is valid, NULL without error. */
void *parse_raise_invalid_target(Parser *p, enum TargetsType type, const AstExpr *e);
/* CPython's _PyPegen_get_expr_name ("function call", "literal", ...). */
const char *parse_expr_name(const AstExpr *e);

/* The target of a `for` after the keyword, up to and including `in`;
 * CPython's invalid_for_target message if there is none. */
AstExpr *parse_for_target(Parser *p);

/* parse_string.c: one or more adjacent STRING tokens. */
AstExpr *parse_strings(Parser *p);
/* NUMBER token to Constant. */
AstExpr *parse_number(Parser *p, Token *t);

/* parser.c: parses the expression of an f-string replacement field,
 * text "(expr)" (len bytes, text[len] == '\0'), which starts at (lineno,
 * col) of the enclosing source. NULL with parent->error set on failure. */
AstExpr *parse_fstring_expr(Parser *parent, const char *text, size_t len, int lineno, int col);

/* parse_stmt.c: statements up to a DEDENT or the end (`statements`), and
 * the one statement of interactive input (`statement_newline`); *ok false
 * after an error. */
AstStmtSeq parse_statements(Parser *p, bool *ok);
AstStmtSeq parse_statement_newline(Parser *p, bool *ok);

#endif
