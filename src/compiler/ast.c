/*
 * ast.c - the arena the syntax tree lives in, and the names of node kinds.
 *
 * The arena is a list of chunks from ouro_mem_alloc. Allocation bumps a
 * pointer in the newest chunk; a request that does not fit starts a new
 * chunk (twice the last one's size, up to CHUNK_MAX, or exactly the request
 * when it is large). Nothing is freed before ast_arena_free, which returns
 * every chunk, with its size, to the runtime.
 */
#include <stdalign.h>
#include <string.h>

#include "ast.h"

typedef struct Chunk {
    struct Chunk *prev;
    size_t size;                /* bytes of the whole block, header included */
    size_t used;                /* bytes of data handed out */
    alignas(max_align_t) unsigned char data[];
} Chunk;

struct AstArena {
    OuroRuntime *rt;
    Chunk *head;                /* newest chunk; NULL before the first allocation */
    size_t next_size;           /* size of the next ordinary chunk */
    size_t held;                /* bytes held from the runtime, this struct included */
};

enum { CHUNK_FIRST = 2048, CHUNK_MAX = 64 * 1024, ALIGN = alignof(max_align_t) };

AstArena *ast_arena_new(OuroRuntime *rt)
{
    AstArena *arena = ouro_mem_alloc(rt, sizeof *arena);
    if (arena == NULL)
        return NULL;
    arena->rt = rt;
    arena->head = NULL;
    arena->next_size = CHUNK_FIRST;
    arena->held = sizeof *arena;
    return arena;
}

void ast_arena_free(AstArena *arena)
{
    if (arena == NULL)
        return;
    OuroRuntime *rt = arena->rt;
    Chunk *c = arena->head;
    while (c != NULL) {
        Chunk *prev = c->prev;
        ouro_mem_free(rt, c, c->size);
        c = prev;
    }
    ouro_mem_free(rt, arena, sizeof *arena);
}

static Chunk *new_chunk(AstArena *arena, size_t need)
{
    size_t size = arena->next_size;
    if (need > size - sizeof(Chunk) || need > CHUNK_MAX / 4) {
        /* A large request gets a chunk of its own, so that it does not
         * waste the rest of an ordinary one. */
        if (need > SIZE_MAX - sizeof(Chunk))
            return NULL;
        size = sizeof(Chunk) + need;
    } else if (arena->next_size < CHUNK_MAX) {
        arena->next_size *= 2;
    }
    Chunk *c = ouro_mem_alloc(arena->rt, size);
    if (c == NULL)
        return NULL;
    c->size = size;
    c->used = 0;
    arena->held += size;
    return c;
}

void *ast_arena_alloc(AstArena *arena, size_t size)
{
    if (size == 0)
        size = 1;
    if (size > SIZE_MAX - ALIGN)
        return NULL;
    size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    Chunk *c = arena->head;
    if (c == NULL || c->size - sizeof(Chunk) - c->used < size) {
        Chunk *fresh = new_chunk(arena, size);
        if (fresh == NULL)
            return NULL;
        if (c != NULL && fresh->size - sizeof(Chunk) == size) {
            /* A dedicated chunk goes behind the current one, which may
             * still have room for small requests. */
            fresh->prev = c->prev;
            c->prev = fresh;
            fresh->used = size;
            memset(fresh->data, 0, size);
            return fresh->data;
        }
        fresh->prev = c;
        arena->head = c = fresh;
    }
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *ast_arena_strdup(AstArena *arena, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *copy = ast_arena_alloc(arena, len + 1);
    if (copy == NULL)
        return NULL;
    if (len > 0)
        memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

size_t ast_arena_size(const AstArena *arena)
{
    return arena->held;
}

/* ------------------------------------------------------------------ */
/* Names                                                               */
/* ------------------------------------------------------------------ */

static const char *const expr_names[] = {
    [EXPR_BOOLOP] = "BoolOp", [EXPR_NAMEDEXPR] = "NamedExpr", [EXPR_BINOP] = "BinOp",
    [EXPR_UNARYOP] = "UnaryOp", [EXPR_LAMBDA] = "Lambda", [EXPR_IFEXP] = "IfExp",
    [EXPR_DICT] = "Dict", [EXPR_SET] = "Set", [EXPR_LISTCOMP] = "ListComp",
    [EXPR_SETCOMP] = "SetComp", [EXPR_DICTCOMP] = "DictComp",
    [EXPR_GENERATOREXP] = "GeneratorExp", [EXPR_YIELD] = "Yield",
    [EXPR_YIELDFROM] = "YieldFrom", [EXPR_COMPARE] = "Compare", [EXPR_CALL] = "Call",
    [EXPR_FORMATTEDVALUE] = "FormattedValue", [EXPR_JOINEDSTR] = "JoinedStr",
    [EXPR_CONSTANT] = "Constant", [EXPR_ATTRIBUTE] = "Attribute",
    [EXPR_SUBSCRIPT] = "Subscript", [EXPR_STARRED] = "Starred", [EXPR_NAME] = "Name",
    [EXPR_LIST] = "List", [EXPR_TUPLE] = "Tuple", [EXPR_SLICE] = "Slice",
};

static const char *const stmt_names[] = {
    [STMT_FUNCTIONDEF] = "FunctionDef", [STMT_CLASSDEF] = "ClassDef",
    [STMT_RETURN] = "Return", [STMT_DELETE] = "Delete", [STMT_ASSIGN] = "Assign",
    [STMT_AUGASSIGN] = "AugAssign", [STMT_ANNASSIGN] = "AnnAssign", [STMT_FOR] = "For",
    [STMT_WHILE] = "While", [STMT_IF] = "If", [STMT_WITH] = "With",
    [STMT_RAISE] = "Raise", [STMT_TRY] = "Try", [STMT_ASSERT] = "Assert",
    [STMT_IMPORT] = "Import", [STMT_IMPORTFROM] = "ImportFrom", [STMT_GLOBAL] = "Global",
    [STMT_NONLOCAL] = "Nonlocal", [STMT_EXPR] = "Expr", [STMT_PASS] = "Pass",
    [STMT_BREAK] = "Break", [STMT_CONTINUE] = "Continue",
};

static const char *const operator_names[] = {
    [AST_ADD] = "Add", [AST_SUB] = "Sub", [AST_MULT] = "Mult", [AST_MATMULT] = "MatMult",
    [AST_DIV] = "Div", [AST_MOD] = "Mod", [AST_POW] = "Pow", [AST_LSHIFT] = "LShift",
    [AST_RSHIFT] = "RShift", [AST_BITOR] = "BitOr", [AST_BITXOR] = "BitXor",
    [AST_BITAND] = "BitAnd", [AST_FLOORDIV] = "FloorDiv",
};

static const char *const unaryop_names[] = {
    [AST_INVERT] = "Invert", [AST_NOT] = "Not", [AST_UADD] = "UAdd", [AST_USUB] = "USub",
};

static const char *const cmpop_names[] = {
    [AST_EQ] = "Eq", [AST_NOTEQ] = "NotEq", [AST_LT] = "Lt", [AST_LTE] = "LtE",
    [AST_GT] = "Gt", [AST_GTE] = "GtE", [AST_IS] = "Is", [AST_ISNOT] = "IsNot",
    [AST_IN] = "In", [AST_NOTIN] = "NotIn",
};

#define NAME_OF(table, i) \
    ((size_t)(i) < sizeof(table) / sizeof(table[0]) && table[i] ? table[i] : "?")

const char *ast_expr_kind_name(AstExprKind kind) { return NAME_OF(expr_names, kind); }
const char *ast_stmt_kind_name(AstStmtKind kind) { return NAME_OF(stmt_names, kind); }
const char *ast_operator_name(AstOperator op) { return NAME_OF(operator_names, op); }
const char *ast_unaryop_name(AstUnaryOp op) { return NAME_OF(unaryop_names, op); }
const char *ast_cmpop_name(AstCmpOp op) { return NAME_OF(cmpop_names, op); }

const char *ast_boolop_name(AstBoolOp op)
{
    return op == AST_AND ? "And" : op == AST_OR ? "Or" : "?";
}

const char *ast_context_name(AstContext ctx)
{
    return ctx == AST_LOAD ? "Load" : ctx == AST_STORE ? "Store" : ctx == AST_DEL ? "Del" : "?";
}
