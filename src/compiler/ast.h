/*
 * ast.h - the abstract syntax tree of the Python subset, modelled node for
 * node and field for field on CPython 3.11's `ast` module (Parser/Python.asdl),
 * so that the compiler can be written against CPython's documentation.
 *
 * Every node lives in an AstArena and is freed with it, all at once; nothing
 * in a tree is reference counted or freed on its own. Strings in the tree
 * (identifiers, string constants) are NUL-terminated UTF-8 copies in the
 * arena, so they outlive the source text.
 *
 * Invariants:
 *   - Optional fields (`expr?` in the ASDL) are NULL when absent; every
 *     other pointer field is non-NULL.
 *   - A sequence is {items, len}; items is NULL exactly when len is 0.
 *     Items are never NULL, except Dict keys (NULL for `**mapping`) and
 *     Arguments.kw_defaults (NULL for a keyword-only parameter without
 *     default), as in CPython.
 *   - lineno/end_lineno are 1-based; col_offset/end_col_offset are 0-based
 *     offsets in UTF-8 bytes, as CPython's.
 */
#ifndef OURO_COMPILER_AST_H
#define OURO_COMPILER_AST_H

#include <stddef.h>
#include <stdint.h>

#include "ouro.h"

typedef struct AstExpr AstExpr;
typedef struct AstStmt AstStmt;
typedef struct AstArg AstArg;
typedef struct AstKeyword AstKeyword;
typedef struct AstAlias AstAlias;
typedef struct AstWithItem AstWithItem;
typedef struct AstComprehension AstComprehension;
typedef struct AstExceptHandler AstExceptHandler;
typedef struct AstArguments AstArguments;

/* ------------------------------------------------------------------ */
/* Arena                                                               */
/* ------------------------------------------------------------------ */

/* A list of chunks taken from ouro_mem_alloc; see ast.c. */
typedef struct AstArena AstArena;

/* Creates an empty arena. Returns NULL if memory runs out. */
AstArena *ast_arena_new(OuroRuntime *rt);

/* Frees the arena and every node, sequence and string allocated in it.
 * arena may be NULL. */
void ast_arena_free(AstArena *arena);

/* Returns size zeroed bytes aligned for any node, or NULL if memory runs
 * out. The memory belongs to the arena. */
void *ast_arena_alloc(AstArena *arena, size_t size);

/* Copies len bytes and a terminating NUL into the arena. NULL if memory
 * runs out. */
char *ast_arena_strdup(AstArena *arena, const char *s, size_t len);

/* Bytes held from the runtime's allocator (for tests and statistics). */
size_t ast_arena_size(const AstArena *arena);

/* ------------------------------------------------------------------ */
/* Sequences                                                           */
/* ------------------------------------------------------------------ */

typedef struct { AstExpr **items; size_t len; } AstExprSeq;
typedef struct { AstStmt **items; size_t len; } AstStmtSeq;
typedef struct { AstArg **items; size_t len; } AstArgSeq;
typedef struct { AstKeyword **items; size_t len; } AstKeywordSeq;
typedef struct { AstAlias **items; size_t len; } AstAliasSeq;
typedef struct { AstWithItem **items; size_t len; } AstWithItemSeq;
typedef struct { AstComprehension **items; size_t len; } AstComprehensionSeq;
typedef struct { AstExceptHandler **items; size_t len; } AstHandlerSeq;
typedef struct { const char **items; size_t len; } AstIdentSeq;
typedef struct { int *items; size_t len; } AstCmpOpSeq;   /* AstCmpOp values */

/* ------------------------------------------------------------------ */
/* Small enumerations                                                  */
/* ------------------------------------------------------------------ */

typedef enum AstContext { AST_LOAD = 1, AST_STORE, AST_DEL } AstContext;

typedef enum AstBoolOp { AST_AND = 1, AST_OR } AstBoolOp;

/* In the order of the ASDL `operator` type. */
typedef enum AstOperator {
    AST_ADD = 1, AST_SUB, AST_MULT, AST_MATMULT, AST_DIV, AST_MOD, AST_POW,
    AST_LSHIFT, AST_RSHIFT, AST_BITOR, AST_BITXOR, AST_BITAND, AST_FLOORDIV,
} AstOperator;

typedef enum AstUnaryOp { AST_INVERT = 1, AST_NOT, AST_UADD, AST_USUB } AstUnaryOp;

typedef enum AstCmpOp {
    AST_EQ = 1, AST_NOTEQ, AST_LT, AST_LTE, AST_GT, AST_GTE,
    AST_IS, AST_ISNOT, AST_IN, AST_NOTIN,
} AstCmpOp;

/* ------------------------------------------------------------------ */
/* Constants                                                           */
/* ------------------------------------------------------------------ */

typedef enum AstConstKind {
    AST_CONST_NONE = 1, AST_CONST_TRUE, AST_CONST_FALSE, AST_CONST_ELLIPSIS,
    AST_CONST_INT, AST_CONST_FLOAT, AST_CONST_STR, AST_CONST_BYTES,
} AstConstKind;

/*
 * The value of a Constant node.
 *   INT   - digits holds the literal's digits in `base` (2, 8, 10 or 16),
 *           without prefix or underscores, at least one digit; when the value
 *           fits in int64_t, fits is 1 and small holds it (always >= 0: a
 *           minus sign is a UnaryOp).
 *   FLOAT - the double strtod gives for the literal (may be inf).
 *   STR   - the decoded text in UTF-8, len bytes plus a NUL (the text may
 *           itself contain NULs). A lone surrogate from an escape such as
 *           "\ud800" is stored in the 3-byte form UTF-8 would give it
 *           (as CPython's "surrogatepass").
 *   BYTES - the decoded bytes, len bytes plus a NUL.
 */
typedef struct AstConstant {
    AstConstKind kind;
    union {
        struct {
            const char *digits;
            size_t ndigits;
            int base;
            int fits;
            int64_t small;
        } i;
        double f;
        struct {
            const char *data;
            size_t len;
        } s;
    } v;
} AstConstant;

/* ------------------------------------------------------------------ */
/* Expressions                                                         */
/* ------------------------------------------------------------------ */

typedef enum AstExprKind {
    EXPR_BOOLOP = 1, EXPR_NAMEDEXPR, EXPR_BINOP, EXPR_UNARYOP, EXPR_LAMBDA,
    EXPR_IFEXP, EXPR_DICT, EXPR_SET, EXPR_LISTCOMP, EXPR_SETCOMP,
    EXPR_DICTCOMP, EXPR_GENERATOREXP, EXPR_YIELD, EXPR_YIELDFROM,
    EXPR_COMPARE, EXPR_CALL, EXPR_FORMATTEDVALUE, EXPR_JOINEDSTR,
    EXPR_CONSTANT, EXPR_ATTRIBUTE, EXPR_SUBSCRIPT, EXPR_STARRED, EXPR_NAME,
    EXPR_LIST, EXPR_TUPLE, EXPR_SLICE,
} AstExprKind;

struct AstExpr {
    AstExprKind kind;
    int lineno, col_offset, end_lineno, end_col_offset;
    /* Parser bookkeeping, not part of CPython's tree: how many pairs of
     * parentheses the source put around this very node (up to 255), the
     * tuple's or generator's own included: `(x): int` (AnnAssign simple=0),
     * `(a, b)` versus `a, b`. Consumers may ignore it. */
    unsigned char parenthesized;
    union {
        struct { AstBoolOp op; AstExprSeq values; } boolop;
        struct { AstExpr *target, *value; } namedexpr;
        struct { AstExpr *left; AstOperator op; AstExpr *right; } binop;
        struct { AstUnaryOp op; AstExpr *operand; } unaryop;
        struct { AstArguments *args; AstExpr *body; } lambda;
        struct { AstExpr *test, *body, *orelse; } ifexp;
        struct { AstExprSeq keys, values; } dict;          /* a key is NULL for **m */
        struct { AstExprSeq elts; } set;
        struct { AstExpr *elt; AstComprehensionSeq generators; } listcomp;
        struct { AstExpr *elt; AstComprehensionSeq generators; } setcomp;
        struct { AstExpr *key, *value; AstComprehensionSeq generators; } dictcomp;
        struct { AstExpr *elt; AstComprehensionSeq generators; } generatorexp;
        struct { AstExpr *value; } yield;                  /* value may be NULL */
        struct { AstExpr *value; } yieldfrom;
        struct { AstExpr *left; AstCmpOpSeq ops; AstExprSeq comparators; } compare;
        struct { AstExpr *func; AstExprSeq args; AstKeywordSeq keywords; } call;
        /* conversion: -1, or 's', 'r', 'a'; format_spec is a JoinedStr or NULL */
        struct { AstExpr *value; int conversion; AstExpr *format_spec; } formattedvalue;
        struct { AstExprSeq values; } joinedstr;           /* Constant(str) and FormattedValue */
        struct { AstConstant value; const char *kind; } constant;   /* kind: "u" or NULL */
        struct { AstExpr *value; const char *attr; AstContext ctx; } attribute;
        struct { AstExpr *value; AstExpr *slice; AstContext ctx; } subscript;
        struct { AstExpr *value; AstContext ctx; } starred;
        struct { const char *id; AstContext ctx; } name;
        struct { AstExprSeq elts; AstContext ctx; } list;
        struct { AstExprSeq elts; AstContext ctx; } tuple;
        struct { AstExpr *lower, *upper, *step; } slice;   /* each may be NULL */
    } v;
};

/* ------------------------------------------------------------------ */
/* Statements                                                          */
/* ------------------------------------------------------------------ */

typedef enum AstStmtKind {
    STMT_FUNCTIONDEF = 1, STMT_CLASSDEF, STMT_RETURN, STMT_DELETE, STMT_ASSIGN,
    STMT_AUGASSIGN, STMT_ANNASSIGN, STMT_FOR, STMT_WHILE, STMT_IF, STMT_WITH,
    STMT_RAISE, STMT_TRY, STMT_ASSERT, STMT_IMPORT, STMT_IMPORTFROM,
    STMT_GLOBAL, STMT_NONLOCAL, STMT_EXPR, STMT_PASS, STMT_BREAK, STMT_CONTINUE,
} AstStmtKind;

struct AstStmt {
    AstStmtKind kind;
    int lineno, col_offset, end_lineno, end_col_offset;
    union {
        struct {
            const char *name;
            AstArguments *args;
            AstStmtSeq body;
            AstExprSeq decorator_list;
            AstExpr *returns;                              /* may be NULL */
        } functiondef;
        struct {
            const char *name;
            AstExprSeq bases;
            AstKeywordSeq keywords;
            AstStmtSeq body;
            AstExprSeq decorator_list;
        } classdef;
        struct { AstExpr *value; } return_;                /* value may be NULL */
        struct { AstExprSeq targets; } delete_;
        struct { AstExprSeq targets; AstExpr *value; } assign;
        struct { AstExpr *target; AstOperator op; AstExpr *value; } augassign;
        /* simple: 1 for a bare name target (not parenthesized) */
        struct { AstExpr *target, *annotation, *value; int simple; } annassign;
        struct { AstExpr *target, *iter; AstStmtSeq body, orelse; } for_;
        struct { AstExpr *test; AstStmtSeq body, orelse; } while_;
        struct { AstExpr *test; AstStmtSeq body, orelse; } if_;
        struct { AstWithItemSeq items; AstStmtSeq body; } with;
        struct { AstExpr *exc, *cause; } raise;            /* both may be NULL */
        struct {
            AstStmtSeq body;
            AstHandlerSeq handlers;
            AstStmtSeq orelse, finalbody;
        } try_;
        struct { AstExpr *test, *msg; } assert_;           /* msg may be NULL */
        struct { AstAliasSeq names; } import;
        /* module may be NULL (`from . import x`); level counts the dots */
        struct { const char *module; AstAliasSeq names; int level; } importfrom;
        struct { AstIdentSeq names; } global;
        struct { AstIdentSeq names; } nonlocal;
        struct { AstExpr *value; } expr;
    } v;
};

/* ------------------------------------------------------------------ */
/* Other nodes                                                         */
/* ------------------------------------------------------------------ */

struct AstArguments {
    AstArgSeq posonlyargs, args;
    AstArg *vararg;                 /* may be NULL */
    AstArgSeq kwonlyargs;
    AstExprSeq kw_defaults;         /* one per kwonlyarg, NULL where none */
    AstArg *kwarg;                  /* may be NULL */
    AstExprSeq defaults;            /* for the last len(defaults) positional params */
};

struct AstArg {
    const char *arg;
    AstExpr *annotation;            /* may be NULL */
    int lineno, col_offset, end_lineno, end_col_offset;
};

struct AstKeyword {
    const char *arg;                /* NULL for **mapping */
    AstExpr *value;
    int lineno, col_offset, end_lineno, end_col_offset;
};

struct AstAlias {
    const char *name;               /* dotted for `import a.b`; "*" for `from m import *` */
    const char *asname;             /* may be NULL */
    int lineno, col_offset, end_lineno, end_col_offset;
};

struct AstWithItem {
    AstExpr *context_expr;
    AstExpr *optional_vars;         /* may be NULL */
};

struct AstComprehension {
    AstExpr *target, *iter;
    AstExprSeq ifs;
    int is_async;                   /* always 0: async comprehensions are rejected */
};

struct AstExceptHandler {
    AstExpr *type;                  /* may be NULL */
    const char *name;               /* may be NULL */
    AstStmtSeq body;
    int lineno, col_offset, end_lineno, end_col_offset;
};

/* ------------------------------------------------------------------ */
/* Roots                                                               */
/* ------------------------------------------------------------------ */

typedef enum AstModKind { MOD_MODULE = 1, MOD_INTERACTIVE, MOD_EXPRESSION } AstModKind;

/* Module(body, type_ignores=[]), Interactive(body) or Expression(body). */
typedef struct AstMod {
    AstModKind kind;
    AstStmtSeq body;                /* MOD_MODULE, MOD_INTERACTIVE */
    AstExpr *expr;                  /* MOD_EXPRESSION */
} AstMod;

/* ------------------------------------------------------------------ */
/* Names, for the dumper and error messages                            */
/* ------------------------------------------------------------------ */

/* CPython's class names ("BinOp", "Add", "Load", ...). */
const char *ast_expr_kind_name(AstExprKind kind);
const char *ast_stmt_kind_name(AstStmtKind kind);
const char *ast_operator_name(AstOperator op);
const char *ast_unaryop_name(AstUnaryOp op);
const char *ast_cmpop_name(AstCmpOp op);
const char *ast_boolop_name(AstBoolOp op);
const char *ast_context_name(AstContext ctx);

#endif
