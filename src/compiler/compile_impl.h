/*
 * compile_impl.h - the compiler's private state, shared by compile.c (units,
 * emission, assembly), compile_expr.c and compile_stmt.c.
 *
 * One Unit per code object being built (module, class body, function,
 * lambda, comprehension); units nest as the scopes do. A unit collects
 * instructions with their source location and their innermost exception
 * handler; jumps name labels, resolved to instruction indices at assembly.
 *
 * Stack depth is tracked while emitting (each instruction's effect, and at
 * each label the depth recorded by the jumps to it), which gives the
 * frame's stack size and each handler's unwind depth.
 *
 * The exception handler of an instruction is the top of the unit's handler
 * stack when it is emitted (push_handler / pop_handler, CPython's
 * SETUP_FINALLY / POP_BLOCK); unwinding for return/break/continue emits
 * the cleanup code of each enclosing block with the handlers popped, then
 * restores them for the code that follows.
 */
#ifndef OURO_COMPILER_COMPILE_IMPL_H
#define OURO_COMPILER_COMPILE_IMPL_H

#include <stdint.h>

#include "compile.h"
#include "opcodes.h"
#include "symtable.h"
#include "../objects/codeobject.h"

/* A block the compiler is inside of, for break/continue/return. */
typedef enum FBlockKind {
    FB_WHILE_LOOP, FB_FOR_LOOP, FB_TRY_EXCEPT, FB_FINALLY_TRY, FB_FINALLY_END, FB_WITH,
    FB_HANDLER_CLEANUP, FB_POP_VALUE, FB_EXCEPTION_HANDLER,
} FBlockKind;

typedef struct FBlock {
    FBlockKind kind;
    int label;                 /* loops: the continue target */
    int exit;                  /* loops: the break target */
    const void *datum;         /* FINALLY_TRY: AstStmtSeq *; HANDLER_CLEANUP: name */
} FBlock;

#define MAX_FBLOCKS 64

/* A simple map from C strings to indices (names, locals). */
typedef struct NameMap {
    const char **keys;
    int *values;
    size_t cap, n;
    const char **order;        /* keys by index */
    size_t order_cap;
} NameMap;

typedef struct Handler {
    int label;                 /* the handler's code */
    int depth;                 /* stack depth to unwind to */
} Handler;

typedef struct Unit Unit;
struct Unit {
    Unit *parent;
    Scope *scope;
    const char *name;          /* co_name */
    const char *qualname;
    int firstlineno;

    /* Instructions, with their location and handler (-1: none). */
    uint32_t *code;
    CodeLoc *locs;
    int32_t *handler_of;
    size_t n, cap;

    int32_t *labels;           /* label -> instruction index, -1 unbound */
    int32_t *label_depth;      /* label -> expected stack depth, -1 unknown */
    size_t nlabels, labels_cap;

    Handler *handlers;
    size_t nhandlers, handlers_cap;
    int *hstack;               /* active handler ids, innermost last */
    size_t hn, hcap;

    Obj **consts;              /* owned */
    size_t nconsts, consts_cap;
    NameMap names;             /* co_names */
    NameMap varnames;          /* fast locals (functions) */
    NameMap cellvars;          /* cells of this scope */
    NameMap freevars;          /* free variables (sorted) */

    int depth, maxdepth;
    int reachable;             /* 0 after a jump/return/raise until a label */

    FBlock fblocks[MAX_FBLOCKS];
    int nfblocks;

    CodeLoc loc;               /* location given to emitted instructions */
    int argcount, posonlyargcount, kwonlyargcount;
    int flags;                 /* CO_* */
    int is_function;           /* fast locals (function, lambda, comprehension) */
    int in_class;              /* class body */
};

typedef struct Compiler {
    Lang *L;
    SymTable st;
    const char *src;
    size_t srclen;
    Obj *filename;
    Unit *u;                   /* the unit being compiled */
    int failed;                /* an exception is set */
    CompileMode mode;
    int interactive;
} Compiler;

/* --- compile.c: emission ------------------------------------------ */

/* Each returns 0, or -1 with an exception set (c->failed). */
int emit(Compiler *c, unsigned op, unsigned arg);
int emit_jump(Compiler *c, unsigned op, int label);
int new_label(Compiler *c);
int bind_label(Compiler *c, int label);
int emit_const(Compiler *c, Obj *value);        /* LOAD_CONST value (borrowed) */
int emit_const_take(Compiler *c, Obj *value);   /* LOAD_CONST, taking the reference */
int emit_none(Compiler *c);
int add_const_take(Compiler *c, Obj *value);    /* index, or -1 */
int add_name(Compiler *c, const char *name);    /* co_names index (mangled), or -1 */
int emit_name_op(Compiler *c, unsigned op, const char *name);   /* op with add_name */
/* Handlers for the instructions emitted from now on. */
int push_handler(Compiler *c, int label);
void pop_handler(Compiler *c);
/* Makes handler id (pushed before, popped since) active again. */
void repush_handler(Compiler *c, int id);
/* Location of the instructions emitted from now on. */
void set_loc_expr(Compiler *c, const AstExpr *e);
void set_loc_stmt(Compiler *c, const AstStmt *s);

/* SyntaxError at a node: returns -1. */
int comp_error(Compiler *c, int lineno, int col, int end_lineno, int end_col,
               const char *fmt, ...);
int comp_error_expr(Compiler *c, const AstExpr *e, const char *msg);
int comp_error_stmt(Compiler *c, const AstStmt *s, const char *msg);
int comp_no_memory(Compiler *c);
/* Prints a SyntaxWarning for line lineno (CPython's compiler_warn). */
void comp_warn(Compiler *c, int lineno, const char *fmt, ...);

/* Name access (LOAD/STORE/DELETE of a variable) following the symbol table. */
int compile_nameop(Compiler *c, const char *name, AstContext ctx);
/* A str constant from UTF-8 (interned when it looks like an identifier). */
Obj *comp_str(Compiler *c, const char *s, size_t len);
const char *comp_mangle(Compiler *c, const char *name);
/* The deref index (cells, then frees) of a cell or free variable. */
int comp_deref_index(Compiler *c, const char *name, int want_free);

/* Nested code objects: enter a unit for scope key, compile, leave. */
int enter_unit(Compiler *c, const void *key, const char *name, int firstlineno);
Obj *leave_unit(Compiler *c);              /* the code object, or NULL */
/* MAKE_FUNCTION for code (taken) with its closure; flags as opcodes.h,
 * their values already pushed. */
int make_closure(Compiler *c, Obj *code, unsigned flags);
/* The qualified name for a child named name of the current unit. */
const char *child_qualname(Compiler *c, const char *name);

int push_fblock(Compiler *c, FBlockKind kind, int label, int exit, const void *datum);
void pop_fblock(Compiler *c, FBlockKind kind);

/* --- compile_expr.c ------------------------------------------------ */

int compile_expr(Compiler *c, AstExpr *e);
/* Jumps to label when e's truth equals cond (POP_JUMP_IF_*). */
int compile_jump_if(Compiler *c, AstExpr *e, int label, int cond);
/* Stores TOS into the target (Name, Attribute, Subscript, Tuple, List,
 * Starred inside those). */
int compile_store(Compiler *c, AstExpr *target);
int compile_delete(Compiler *c, AstExpr *target);
/* Function defaults etc. and the call of a class/decorators. */
int compile_call_helper(Compiler *c, int already_pushed, AstExprSeq args,
                        AstKeywordSeq keywords);
int compile_arguments_defaults(Compiler *c, AstArguments *a, unsigned *flags);
int is_constant_expr(const AstExpr *e);

/* --- compile_stmt.c ------------------------------------------------ */

int compile_stmt(Compiler *c, AstStmt *s);
int compile_body(Compiler *c, AstStmtSeq body);
/* The body of a function or class unit (docstring handling included). */
int compile_function_body(Compiler *c, AstStmt *s);
int compile_class_body(Compiler *c, AstStmt *s);

#endif
