/*
 * symtable.h - the scopes of a module and the scope of each name in them,
 * computed from the AST before compiling (CPython's symtable.c).
 *
 * One Scope per module, class, function, lambda and comprehension (each
 * comprehension is a function scope of its own, as in CPython 3.11). The
 * analysis gives each name used in a scope one of:
 *   SCOPE_LOCAL           bound in this function (a fast local) or in a
 *                         module/class namespace
 *   SCOPE_GLOBAL_EXPLICIT declared `global`
 *   SCOPE_GLOBAL_IMPLICIT not bound anywhere enclosing: globals, then
 *                         builtins
 *   SCOPE_FREE            bound in an enclosing function: read through a
 *                         cell from the closure
 *   SCOPE_CELL            local here and used by a nested function: kept
 *                         in a cell
 * Class bodies are not enclosing scopes for the functions inside them; a
 * free variable of a method that an enclosing function binds passes
 * through the class as a free variable of the class too (and the class
 * body reads it with LOAD_CLASSDEREF). A method that mentions `super` or
 * `__class__` gets `__class__` as a free variable and its class the
 * `__class__` cell (`needs_class_cell`).
 *
 * Everything lives in the table's own arena and is freed with it. Names
 * are the AST's strings (or arena copies for mangled names).
 */
#ifndef OURO_COMPILER_SYMTABLE_H
#define OURO_COMPILER_SYMTABLE_H

#include "ast.h"
#include "parser.h"

typedef enum ScopeKind {
    SCOPE_MODULE = 1, SCOPE_CLASS, SCOPE_FUNCTION, SCOPE_LAMBDA, SCOPE_COMPREHENSION,
} ScopeKind;

/* Symbol flags (what the code of the scope does with the name). */
enum {
    DEF_GLOBAL = 1 << 0,       /* declared global */
    DEF_LOCAL = 1 << 1,        /* bound here */
    DEF_PARAM = 1 << 2,        /* a parameter */
    DEF_NONLOCAL = 1 << 3,     /* declared nonlocal */
    USE = 1 << 4,              /* read */
    DEF_FREE_CLASS = 1 << 5,   /* free in a method, passed through the class */
    DEF_IMPORT = 1 << 6,       /* bound by import */
    DEF_COMP_ITER = 1 << 7,    /* a comprehension's iteration variable */
};
#define DEF_BOUND (DEF_LOCAL | DEF_PARAM | DEF_IMPORT)

typedef enum NameScope {
    SCOPE_NONE = 0, SCOPE_LOCAL, SCOPE_GLOBAL_EXPLICIT, SCOPE_GLOBAL_IMPLICIT,
    SCOPE_FREE, SCOPE_CELL,
} NameScope;

typedef struct Symbol {
    const char *name;
    unsigned flags;            /* DEF_* / USE */
    NameScope scope;           /* set by the analysis */
    int lineno, col;           /* first place the name appeared (for errors) */
} Symbol;

typedef struct Scope Scope;
struct Scope {
    ScopeKind kind;
    const char *name;          /* "top", the class or function name, "<lambda>", "<listcomp>"... */
    const void *key;           /* the AST node (AstStmt / AstExpr / AstMod) */
    int lineno;
    Scope *parent;
    Scope **children;          /* in source order */
    size_t nchildren, children_cap;
    Symbol *symbols;           /* open hash table by name */
    size_t symbols_cap, nsymbols;
    const char **order;        /* names in order of first appearance */
    size_t norder, order_cap;
    const char **varnames;     /* parameters, in order (functions) */
    size_t nvarnames, varnames_cap;
    int nested;                /* inside a function */
    int has_varargs, has_varkeywords;
    int needs_class_cell;      /* class: a method uses __class__ or super */
    int child_free;            /* a nested scope has free variables */
    int comp_iter_target;      /* while visiting a comprehension target */
    const char *private_name;  /* enclosing class name for mangling, or NULL */
};

typedef struct SymTable {
    AstArena *arena;           /* everything below lives here */
    Scope *top;
    const char *filename;
} SymTable;

/*
 * Builds the table for a module. Returns 0 with *st filled, or -1 with
 * err describing a SyntaxError ("no binding for nonlocal 'x' found", "name
 * 'x' is parameter and global", ...) or a MemoryError (err->kind
 * PARSE_NO_MEMORY). src is the source text the AST came from (for err's
 * text); filename may be NULL. Free with symtable_free in both cases.
 */
int symtable_build(OuroRuntime *rt, AstMod *mod, const char *src, size_t len,
                   const char *filename, SymTable *st, SyntaxErrorInfo *err);
void symtable_free(SymTable *st);

/* The scope made for the AST node key (a FunctionDef/ClassDef statement,
 * a Lambda or comprehension expression), a child of parent; NULL if none. */
Scope *symtable_lookup_child(Scope *parent, const void *key);
/* The symbol for name in scope, or NULL. */
Symbol *symtable_lookup(Scope *scope, const char *name);
/* The scope of name in scope (after analysis); SCOPE_NONE if unknown. */
NameScope symtable_scope_of(Scope *scope, const char *name);

/* CPython's _Py_Mangle: `__x` inside class C becomes `_C__x` (not for
 * dunder names or dotted names). Returns name itself when unchanged, else
 * a copy in arena; NULL if memory runs out. */
const char *symtable_mangle(AstArena *arena, const char *private_name, const char *name);

#endif
