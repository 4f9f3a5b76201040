/*
 * symtable.c - builds the scopes of a module from its AST and resolves the
 * scope of every name (CPython 3.11's symtable.c, same rules and the same
 * SyntaxError messages). symtable.h describes the result.
 *
 * Two passes: the visit records, per scope, what the code does with each
 * name (bound, used, declared global/nonlocal, a parameter); the analysis
 * then walks the scope tree top-down with the sets of names bound by the
 * enclosing functions and bottom-up with the free names of the nested
 * ones, exactly as CPython's analyze_block.
 */
#include <stdio.h>
#include <string.h>

#include "symtable.h"

typedef struct Builder {
    SymTable *st;
    Scope *cur;
    const char *src;
    size_t len;
    SyntaxErrorInfo *err;
    int failed;                /* an error is recorded in err */
} Builder;

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

static void no_memory(Builder *b)
{
    if (b->failed)
        return;
    b->failed = 1;
    memset(b->err, 0, sizeof *b->err);
    b->err->kind = PARSE_NO_MEMORY;
    strcpy(b->err->msg, "out of memory");
}

/* The text of line lineno (1-based) of the source, and its length. */
static const char *line_text(Builder *b, int lineno, size_t *len)
{
    const char *p = b->src, *end = b->src + b->len;
    for (int l = 1; l < lineno && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL)
            return NULL;
        p = nl + 1;
    }
    if (p >= end && lineno > 1)
        return NULL;
    const char *e = p;
    while (e < end && *e != '\n' && *e != '\r')
        e++;
    *len = (size_t)(e - p);
    return p;
}

/* 1-based character column of byte column col in text. */
static int char_column(const char *text, size_t len, int col)
{
    int n = 0;
    for (size_t i = 0; i < len && (int)i < col; i++)
        n += ((unsigned char)text[i] & 0xc0) != 0x80;
    return n + 1;
}

static void syntax_error(Builder *b, int lineno, int col, int end_lineno, int end_col,
                         const char *fmt, const char *name)
{
    if (b->failed)
        return;
    b->failed = 1;
    SyntaxErrorInfo *e = b->err;
    memset(e, 0, sizeof *e);
    e->kind = PARSE_SYNTAX_ERROR;
    snprintf(e->msg, sizeof e->msg, fmt, name);
    e->lineno = lineno;
    e->end_lineno = end_lineno;
    size_t tlen = 0;
    const char *text = b->src ? line_text(b, lineno, &tlen) : NULL;
    e->text = text;
    e->text_len = tlen;
    e->offset = text ? char_column(text, tlen, col) : col + 1;
    if (end_lineno == lineno && text)
        e->end_offset = char_column(text, tlen, end_col);
    else
        e->end_offset = end_col + 1;
}

static void stmt_error(Builder *b, AstStmt *s, const char *fmt, const char *name)
{
    syntax_error(b, s->lineno, s->col_offset, s->end_lineno, s->end_col_offset, fmt, name);
}

static void expr_error(Builder *b, AstExpr *e, const char *fmt, const char *name)
{
    syntax_error(b, e->lineno, e->col_offset, e->end_lineno, e->end_col_offset, fmt, name);
}

/* ------------------------------------------------------------------ */
/* Symbols                                                             */
/* ------------------------------------------------------------------ */

static size_t hash_name(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static Symbol *find_slot(Symbol *table, size_t cap, const char *name)
{
    size_t i = hash_name(name) & (cap - 1);
    while (table[i].name != NULL && strcmp(table[i].name, name) != 0)
        i = (i + 1) & (cap - 1);
    return &table[i];
}

Symbol *symtable_lookup(Scope *scope, const char *name)
{
    if (scope->symbols_cap == 0)
        return NULL;
    Symbol *s = find_slot(scope->symbols, scope->symbols_cap, name);
    return s->name ? s : NULL;
}

NameScope symtable_scope_of(Scope *scope, const char *name)
{
    Symbol *s = symtable_lookup(scope, name);
    return s ? s->scope : SCOPE_NONE;
}

/* Appends p to a growable array of pointers in the arena. */
static int push_ptr(Builder *b, void ***items, size_t *n, size_t *cap, void *p)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        void **a = ast_arena_alloc(b->st->arena, ncap * sizeof(void *));
        if (a == NULL) {
            no_memory(b);
            return -1;
        }
        if (*n)
            memcpy(a, *items, *n * sizeof(void *));
        *items = a;
        *cap = ncap;
    }
    (*items)[(*n)++] = p;
    return 0;
}

static int grow_symbols(Builder *b, Scope *sc)
{
    size_t ncap = sc->symbols_cap ? sc->symbols_cap * 2 : 16;
    Symbol *t = ast_arena_alloc(b->st->arena, ncap * sizeof(Symbol));
    if (t == NULL) {
        no_memory(b);
        return -1;
    }
    for (size_t i = 0; i < sc->symbols_cap; i++) {
        if (sc->symbols[i].name != NULL)
            *find_slot(t, ncap, sc->symbols[i].name) = sc->symbols[i];
    }
    sc->symbols = t;
    sc->symbols_cap = ncap;
    return 0;
}

/* The symbol for name in sc, created (flags 0) if absent; NULL on error. */
static Symbol *get_symbol(Builder *b, Scope *sc, const char *name, int lineno, int col)
{
    Symbol *s = symtable_lookup(sc, name);
    if (s != NULL)
        return s;
    if ((sc->nsymbols + 1) * 2 > sc->symbols_cap && grow_symbols(b, sc) < 0)
        return NULL;
    s = find_slot(sc->symbols, sc->symbols_cap, name);
    s->name = name;
    s->flags = 0;
    s->scope = SCOPE_NONE;
    s->lineno = lineno;
    s->col = col;
    sc->nsymbols++;
    if (push_ptr(b, (void ***)&sc->order, &sc->norder, &sc->order_cap, (void *)name) < 0)
        return NULL;
    return s;
}

const char *symtable_mangle(AstArena *arena, const char *private_name, const char *name)
{
    size_t n = strlen(name);
    if (private_name == NULL || n < 2 || name[0] != '_' || name[1] != '_')
        return name;
    /* Don't mangle __dunder__ names or dotted (import) names. */
    if ((n >= 4 && name[n - 1] == '_' && name[n - 2] == '_') || strchr(name, '.') != NULL)
        return name;
    /* Strip the class name's leading underscores; a name of underscores
     * only is not mangled. */
    while (*private_name == '_')
        private_name++;
    if (*private_name == '\0')
        return name;
    size_t pn = strlen(private_name);
    char *m = ast_arena_alloc(arena, 1 + pn + n + 1);
    if (m == NULL)
        return NULL;
    m[0] = '_';
    memcpy(m + 1, private_name, pn);
    memcpy(m + 1 + pn, name, n + 1);
    return m;
}

/* Records flag for name in scope sc (CPython's symtable_add_def_helper). */
static int add_def_in(Builder *b, Scope *sc, const char *name, unsigned flag, int lineno,
                      int col)
{
    const char *mangled = symtable_mangle(b->st->arena, sc->private_name, name);
    if (mangled == NULL) {
        no_memory(b);
        return -1;
    }
    Symbol *s = get_symbol(b, sc, mangled, lineno, col);
    if (s == NULL)
        return -1;
    if ((flag & DEF_PARAM) && (s->flags & DEF_PARAM)) {
        syntax_error(b, lineno, col, lineno, col + (int)strlen(name),
                     "duplicate argument '%s' in function definition", name);
        return -1;
    }
    s->flags |= flag;
    if (flag & DEF_PARAM) {
        if (push_ptr(b, (void ***)&sc->varnames, &sc->nvarnames, &sc->varnames_cap,
                     (void *)mangled) < 0)
            return -1;
    } else if (flag & DEF_GLOBAL) {
        /* A global declaration anywhere marks the module's symbol too. */
        Symbol *g = get_symbol(b, b->st->top, mangled, lineno, col);
        if (g == NULL)
            return -1;
        g->flags |= flag;
    }
    return 0;
}

static int add_def(Builder *b, const char *name, unsigned flag, int lineno, int col)
{
    return add_def_in(b, b->cur, name, flag, lineno, col);
}

/* ------------------------------------------------------------------ */
/* Scopes                                                              */
/* ------------------------------------------------------------------ */

static Scope *enter_scope(Builder *b, ScopeKind kind, const char *name, const void *key,
                          int lineno)
{
    Scope *sc = ast_arena_alloc(b->st->arena, sizeof(Scope));
    if (sc == NULL) {
        no_memory(b);
        return NULL;
    }
    sc->kind = kind;
    sc->name = name;
    sc->key = key;
    sc->lineno = lineno;
    sc->parent = b->cur;
    if (b->cur != NULL) {
        if (push_ptr(b, (void ***)&b->cur->children, &b->cur->nchildren,
                     &b->cur->children_cap, sc) < 0)
            return NULL;
        sc->nested = b->cur->nested || (b->cur->kind != SCOPE_MODULE &&
                                        b->cur->kind != SCOPE_CLASS);
        /* Classes keep the mangling name of their own; functions inherit. */
        sc->private_name = b->cur->private_name;
    }
    b->cur = sc;
    return sc;
}

static void exit_scope(Builder *b)
{
    b->cur = b->cur->parent;
}

Scope *symtable_lookup_child(Scope *parent, const void *key)
{
    for (size_t i = 0; i < parent->nchildren; i++) {
        if (parent->children[i]->key == key)
            return parent->children[i];
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* The visit                                                           */
/* ------------------------------------------------------------------ */

static void visit_expr(Builder *b, AstExpr *e);
static void visit_stmts(Builder *b, AstStmtSeq seq);

static void visit_exprs(Builder *b, AstExprSeq seq)
{
    for (size_t i = 0; i < seq.len && !b->failed; i++) {
        if (seq.items[i] != NULL)
            visit_expr(b, seq.items[i]);
    }
}

static void visit_opt(Builder *b, AstExpr *e)
{
    if (e != NULL && !b->failed)
        visit_expr(b, e);
}

static void visit_params(Builder *b, AstArgSeq args)
{
    for (size_t i = 0; i < args.len && !b->failed; i++)
        add_def(b, args.items[i]->arg, DEF_PARAM, args.items[i]->lineno,
                args.items[i]->col_offset);
}

static void visit_annotations(Builder *b, AstArguments *a, AstExpr *returns)
{
    AstArgSeq seqs[3] = {a->posonlyargs, a->args, a->kwonlyargs};
    for (int k = 0; k < 3; k++) {
        for (size_t i = 0; i < seqs[k].len; i++)
            visit_opt(b, seqs[k].items[i]->annotation);
    }
    if (a->vararg)
        visit_opt(b, a->vararg->annotation);
    if (a->kwarg)
        visit_opt(b, a->kwarg->annotation);
    visit_opt(b, returns);
}

static void visit_arguments(Builder *b, AstArguments *a)
{
    visit_params(b, a->posonlyargs);
    visit_params(b, a->args);
    visit_params(b, a->kwonlyargs);
    if (a->vararg != NULL) {
        add_def(b, a->vararg->arg, DEF_PARAM, a->vararg->lineno, a->vararg->col_offset);
        b->cur->has_varargs = 1;
    }
    if (a->kwarg != NULL) {
        add_def(b, a->kwarg->arg, DEF_PARAM, a->kwarg->lineno, a->kwarg->col_offset);
        b->cur->has_varkeywords = 1;
    }
}

static void visit_function(Builder *b, AstStmt *s)
{
    AstArguments *a = s->v.functiondef.args;
    add_def(b, s->v.functiondef.name, DEF_LOCAL, s->lineno, s->col_offset);
    visit_exprs(b, a->defaults);
    visit_exprs(b, a->kw_defaults);
    visit_annotations(b, a, s->v.functiondef.returns);
    visit_exprs(b, s->v.functiondef.decorator_list);
    if (b->failed || enter_scope(b, SCOPE_FUNCTION, s->v.functiondef.name, s, s->lineno) == NULL)
        return;
    visit_arguments(b, a);
    visit_stmts(b, s->v.functiondef.body);
    exit_scope(b);
}

static void visit_class(Builder *b, AstStmt *s)
{
    add_def(b, s->v.classdef.name, DEF_LOCAL, s->lineno, s->col_offset);
    visit_exprs(b, s->v.classdef.bases);
    for (size_t i = 0; i < s->v.classdef.keywords.len; i++)
        visit_opt(b, s->v.classdef.keywords.items[i]->value);
    visit_exprs(b, s->v.classdef.decorator_list);
    if (b->failed)
        return;
    Scope *sc = enter_scope(b, SCOPE_CLASS, s->v.classdef.name, s, s->lineno);
    if (sc == NULL)
        return;
    sc->private_name = s->v.classdef.name;
    visit_stmts(b, s->v.classdef.body);
    exit_scope(b);
}

/* global / nonlocal: CPython's checks, in its order. */
static void visit_declaration(Builder *b, AstStmt *s, int is_global)
{
    AstIdentSeq names = is_global ? s->v.global.names : s->v.nonlocal.names;
    const char *what = is_global ? "global" : "nonlocal";
    if (!is_global && b->cur->kind == SCOPE_MODULE) {
        stmt_error(b, s, "nonlocal declaration not allowed at module level%s", "");
        return;
    }
    for (size_t i = 0; i < names.len && !b->failed; i++) {
        const char *name = names.items[i];
        const char *mangled = symtable_mangle(b->st->arena, b->cur->private_name, name);
        if (mangled == NULL) {
            no_memory(b);
            return;
        }
        Symbol *sym = symtable_lookup(b->cur, mangled);
        unsigned cur = sym ? sym->flags : 0;
        if (cur & (DEF_PARAM | DEF_LOCAL | USE)) {
            char fmt[128];
            const char *how = (cur & DEF_PARAM) ? "is parameter and"
                              : (cur & USE) && !(cur & DEF_LOCAL) ? "is used prior to"
                                                                  : "is assigned to before";
            if (cur & DEF_PARAM)
                snprintf(fmt, sizeof fmt, "name '%%s' %s %s", how, what);
            else
                snprintf(fmt, sizeof fmt, "name '%%s' %s %s declaration", how, what);
            stmt_error(b, s, fmt, name);
            return;
        }
        if (is_global && (cur & DEF_NONLOCAL)) {
            stmt_error(b, s, "name '%s' is nonlocal and global", name);
            return;
        }
        if (!is_global && (cur & DEF_GLOBAL)) {
            stmt_error(b, s, "name '%s' is nonlocal and global", name);
            return;
        }
        add_def(b, name, is_global ? DEF_GLOBAL : DEF_NONLOCAL, s->lineno, s->col_offset);
    }
}

static void visit_import(Builder *b, AstStmt *s, AstAliasSeq names, int is_from)
{
    for (size_t i = 0; i < names.len && !b->failed; i++) {
        AstAlias *a = names.items[i];
        if (strcmp(a->name, "*") == 0) {
            if (b->cur->kind != SCOPE_MODULE) {
                syntax_error(b, a->lineno, a->col_offset, a->end_lineno, a->end_col_offset,
                             "import * only allowed at module level%s", "");
            }
            continue;
        }
        const char *store = a->asname;
        if (store == NULL) {
            const char *dot = is_from ? NULL : strchr(a->name, '.');
            store = a->name;
            if (dot != NULL) {
                store = ast_arena_strdup(b->st->arena, a->name, (size_t)(dot - a->name));
                if (store == NULL) {
                    no_memory(b);
                    return;
                }
            }
        }
        add_def(b, store, DEF_IMPORT, s->lineno, s->col_offset);
    }
}

static void visit_stmt(Builder *b, AstStmt *s)
{
    switch (s->kind) {
    case STMT_FUNCTIONDEF:
        visit_function(b, s);
        break;
    case STMT_CLASSDEF:
        visit_class(b, s);
        break;
    case STMT_RETURN:
        visit_opt(b, s->v.return_.value);
        break;
    case STMT_DELETE:
        visit_exprs(b, s->v.delete_.targets);
        break;
    case STMT_ASSIGN:
        visit_exprs(b, s->v.assign.targets);
        visit_expr(b, s->v.assign.value);
        break;
    case STMT_AUGASSIGN:
        visit_expr(b, s->v.augassign.target);
        visit_expr(b, s->v.augassign.value);
        break;
    case STMT_ANNASSIGN: {
        AstExpr *t = s->v.annassign.target;
        if (t->kind == EXPR_NAME) {
            Symbol *sym = symtable_lookup(b->cur, t->v.name.id);
            if (sym && (sym->flags & (DEF_GLOBAL | DEF_NONLOCAL)) && s->v.annassign.simple) {
                stmt_error(b, s,
                           (sym->flags & DEF_GLOBAL) ? "annotated name '%s' can't be global"
                                                     : "annotated name '%s' can't be nonlocal",
                           t->v.name.id);
                break;
            }
            if (s->v.annassign.simple)
                add_def(b, t->v.name.id, DEF_LOCAL, t->lineno, t->col_offset);
            else if (s->v.annassign.value)
                add_def(b, t->v.name.id, DEF_LOCAL, t->lineno, t->col_offset);
        } else {
            visit_expr(b, t);
        }
        if (b->cur->kind == SCOPE_MODULE || b->cur->kind == SCOPE_CLASS)
            visit_opt(b, s->v.annassign.annotation);
        visit_opt(b, s->v.annassign.value);
        break;
    }
    case STMT_FOR:
        visit_expr(b, s->v.for_.target);
        visit_expr(b, s->v.for_.iter);
        visit_stmts(b, s->v.for_.body);
        visit_stmts(b, s->v.for_.orelse);
        break;
    case STMT_WHILE:
        visit_expr(b, s->v.while_.test);
        visit_stmts(b, s->v.while_.body);
        visit_stmts(b, s->v.while_.orelse);
        break;
    case STMT_IF:
        visit_expr(b, s->v.if_.test);
        visit_stmts(b, s->v.if_.body);
        visit_stmts(b, s->v.if_.orelse);
        break;
    case STMT_WITH:
        for (size_t i = 0; i < s->v.with.items.len; i++) {
            visit_expr(b, s->v.with.items.items[i]->context_expr);
            visit_opt(b, s->v.with.items.items[i]->optional_vars);
        }
        visit_stmts(b, s->v.with.body);
        break;
    case STMT_RAISE:
        visit_opt(b, s->v.raise.exc);
        visit_opt(b, s->v.raise.cause);
        break;
    case STMT_TRY:
        visit_stmts(b, s->v.try_.body);
        visit_stmts(b, s->v.try_.orelse);
        for (size_t i = 0; i < s->v.try_.handlers.len && !b->failed; i++) {
            AstExceptHandler *h = s->v.try_.handlers.items[i];
            visit_opt(b, h->type);
            if (h->name)
                add_def(b, h->name, DEF_LOCAL, h->lineno, h->col_offset);
            visit_stmts(b, h->body);
        }
        visit_stmts(b, s->v.try_.finalbody);
        break;
    case STMT_ASSERT:
        visit_expr(b, s->v.assert_.test);
        visit_opt(b, s->v.assert_.msg);
        break;
    case STMT_IMPORT:
        visit_import(b, s, s->v.import.names, 0);
        break;
    case STMT_IMPORTFROM:
        visit_import(b, s, s->v.importfrom.names, 1);
        break;
    case STMT_GLOBAL:
        visit_declaration(b, s, 1);
        break;
    case STMT_NONLOCAL:
        visit_declaration(b, s, 0);
        break;
    case STMT_EXPR:
        visit_expr(b, s->v.expr.value);
        break;
    case STMT_PASS:
    case STMT_BREAK:
    case STMT_CONTINUE:
        break;
    }
}

static void visit_stmts(Builder *b, AstStmtSeq seq)
{
    for (size_t i = 0; i < seq.len && !b->failed; i++)
        visit_stmt(b, seq.items[i]);
}

static const char *comprehension_name(AstExprKind kind)
{
    switch (kind) {
    case EXPR_LISTCOMP: return "<listcomp>";
    case EXPR_SETCOMP: return "<setcomp>";
    case EXPR_DICTCOMP: return "<dictcomp>";
    default: return "<genexpr>";
    }
}

static void visit_comprehension(Builder *b, AstExpr *e, AstComprehensionSeq gens, AstExpr *elt,
                                AstExpr *value)
{
    AstComprehension *outer = gens.items[0];
    /* The outermost iterable is evaluated in the enclosing scope. */
    visit_expr(b, outer->iter);
    if (b->failed)
        return;
    Scope *sc = enter_scope(b, SCOPE_COMPREHENSION, comprehension_name(e->kind), e, e->lineno);
    if (sc == NULL)
        return;
    add_def(b, ".0", DEF_PARAM, e->lineno, e->col_offset);
    for (size_t i = 0; i < gens.len && !b->failed; i++) {
        AstComprehension *g = gens.items[i];
        sc->comp_iter_target = 1;
        visit_expr(b, g->target);
        sc->comp_iter_target = 0;
        if (i > 0)
            visit_expr(b, g->iter);
        visit_exprs(b, g->ifs);
    }
    if (value != NULL)
        visit_expr(b, value);
    visit_opt(b, elt);
    exit_scope(b);
}

/* A walrus inside a comprehension binds in the nearest function or module
 * (CPython's symtable_extend_namedexpr_scope). */
static void visit_named_target(Builder *b, AstExpr *e)
{
    AstExpr *t = e->v.namedexpr.target;
    const char *name = t->v.name.id;
    if (b->cur->comp_iter_target) {
        expr_error(b, e, "assignment expression cannot be used in a comprehension iterable expression%s", "");
        return;
    }
    if (b->cur->kind != SCOPE_COMPREHENSION) {
        add_def(b, name, DEF_LOCAL, t->lineno, t->col_offset);
        return;
    }
    for (Scope *sc = b->cur; sc != NULL; sc = sc->parent) {
        if (sc->kind == SCOPE_COMPREHENSION) {
            Symbol *sym = symtable_lookup(sc, name);
            if (sym && (sym->flags & DEF_COMP_ITER)) {
                expr_error(b, e, "assignment expression cannot rebind comprehension iteration variable '%s'", name);
                return;
            }
            continue;
        }
        if (sc->kind == SCOPE_FUNCTION || sc->kind == SCOPE_LAMBDA) {
            Symbol *sym = symtable_lookup(sc, name);
            unsigned f = (sym && (sym->flags & DEF_GLOBAL)) ? DEF_GLOBAL : DEF_NONLOCAL;
            if (add_def(b, name, f, t->lineno, t->col_offset) < 0)
                return;
            add_def_in(b, sc, name, DEF_LOCAL, t->lineno, t->col_offset);
            return;
        }
        if (sc->kind == SCOPE_MODULE) {
            if (add_def(b, name, DEF_GLOBAL, t->lineno, t->col_offset) < 0)
                return;
            add_def_in(b, sc, name, DEF_GLOBAL, t->lineno, t->col_offset);
            return;
        }
        expr_error(b, e, "assignment expression within a comprehension cannot be used in a class body%s", "");
        return;
    }
}

static void visit_expr(Builder *b, AstExpr *e)
{
    if (b->failed)
        return;
    switch (e->kind) {
    case EXPR_BOOLOP:
        visit_exprs(b, e->v.boolop.values);
        break;
    case EXPR_NAMEDEXPR:
        visit_expr(b, e->v.namedexpr.value);
        visit_named_target(b, e);
        break;
    case EXPR_BINOP:
        visit_expr(b, e->v.binop.left);
        visit_expr(b, e->v.binop.right);
        break;
    case EXPR_UNARYOP:
        visit_expr(b, e->v.unaryop.operand);
        break;
    case EXPR_LAMBDA: {
        AstArguments *a = e->v.lambda.args;
        visit_exprs(b, a->defaults);
        visit_exprs(b, a->kw_defaults);
        if (b->failed || enter_scope(b, SCOPE_LAMBDA, "<lambda>", e, e->lineno) == NULL)
            return;
        visit_arguments(b, a);
        visit_expr(b, e->v.lambda.body);
        exit_scope(b);
        break;
    }
    case EXPR_IFEXP:
        visit_expr(b, e->v.ifexp.test);
        visit_expr(b, e->v.ifexp.body);
        visit_expr(b, e->v.ifexp.orelse);
        break;
    case EXPR_DICT:
        visit_exprs(b, e->v.dict.keys);
        visit_exprs(b, e->v.dict.values);
        break;
    case EXPR_SET:
        visit_exprs(b, e->v.set.elts);
        break;
    case EXPR_LISTCOMP:
        visit_comprehension(b, e, e->v.listcomp.generators, e->v.listcomp.elt, NULL);
        break;
    case EXPR_SETCOMP:
        visit_comprehension(b, e, e->v.setcomp.generators, e->v.setcomp.elt, NULL);
        break;
    case EXPR_GENERATOREXP:
        visit_comprehension(b, e, e->v.generatorexp.generators, e->v.generatorexp.elt, NULL);
        break;
    case EXPR_DICTCOMP:
        visit_comprehension(b, e, e->v.dictcomp.generators, e->v.dictcomp.value,
                            e->v.dictcomp.key);
        break;
    case EXPR_YIELD:
        visit_opt(b, e->v.yield.value);
        break;
    case EXPR_YIELDFROM:
        visit_expr(b, e->v.yieldfrom.value);
        break;
    case EXPR_COMPARE:
        visit_expr(b, e->v.compare.left);
        visit_exprs(b, e->v.compare.comparators);
        break;
    case EXPR_CALL:
        visit_expr(b, e->v.call.func);
        visit_exprs(b, e->v.call.args);
        for (size_t i = 0; i < e->v.call.keywords.len; i++)
            visit_expr(b, e->v.call.keywords.items[i]->value);
        break;
    case EXPR_FORMATTEDVALUE:
        visit_expr(b, e->v.formattedvalue.value);
        visit_opt(b, e->v.formattedvalue.format_spec);
        break;
    case EXPR_JOINEDSTR:
        visit_exprs(b, e->v.joinedstr.values);
        break;
    case EXPR_CONSTANT:
        break;
    case EXPR_ATTRIBUTE:
        visit_expr(b, e->v.attribute.value);
        break;
    case EXPR_SUBSCRIPT:
        visit_expr(b, e->v.subscript.value);
        visit_expr(b, e->v.subscript.slice);
        break;
    case EXPR_STARRED:
        visit_expr(b, e->v.starred.value);
        break;
    case EXPR_SLICE:
        visit_opt(b, e->v.slice.lower);
        visit_opt(b, e->v.slice.upper);
        visit_opt(b, e->v.slice.step);
        break;
    case EXPR_NAME: {
        unsigned flag = e->v.name.ctx == AST_LOAD ? USE : DEF_LOCAL;
        if (flag == DEF_LOCAL && b->cur->comp_iter_target)
            flag |= DEF_COMP_ITER;
        add_def(b, e->v.name.id, flag, e->lineno, e->col_offset);
        /* super() needs the __class__ cell of the enclosing class. */
        if (e->v.name.ctx == AST_LOAD && b->cur->kind != SCOPE_MODULE &&
            b->cur->kind != SCOPE_CLASS && strcmp(e->v.name.id, "super") == 0)
            add_def(b, "__class__", USE, e->lineno, e->col_offset);
        break;
    }
    case EXPR_LIST:
        visit_exprs(b, e->v.list.elts);
        break;
    case EXPR_TUPLE:
        visit_exprs(b, e->v.tuple.elts);
        break;
    }
}

/* ------------------------------------------------------------------ */
/* The analysis                                                        */
/* ------------------------------------------------------------------ */

/* A small set of names (the analysis' bound / free / global sets). */
typedef struct NameSet {
    const char **items;
    size_t n, cap;
} NameSet;

static int set_has(const NameSet *s, const char *name)
{
    if (s == NULL)
        return 0;
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->items[i], name) == 0)
            return 1;
    }
    return 0;
}

static int set_add(Builder *b, NameSet *s, const char *name)
{
    if (set_has(s, name))
        return 0;
    return push_ptr(b, (void ***)&s->items, &s->n, &s->cap, (void *)name);
}

static void set_discard(NameSet *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->items[i], name) == 0) {
            s->items[i] = s->items[--s->n];
            return;
        }
    }
}

static int set_update(Builder *b, NameSet *dst, const NameSet *src)
{
    for (size_t i = 0; src != NULL && i < src->n; i++) {
        if (set_add(b, dst, src->items[i]) < 0)
            return -1;
    }
    return 0;
}

static void name_error_at(Builder *b, Symbol *s, const char *fmt)
{
    syntax_error(b, s->lineno, s->col, s->lineno, s->col + (int)strlen(s->name), fmt, s->name);
}

/* CPython's analyze_name. */
static int analyze_name(Builder *b, Scope *sc, Symbol *s, NameSet *bound, NameSet *local,
                        NameSet *free, NameSet *global, int *has_free)
{
    unsigned flags = s->flags;
    if (flags & DEF_GLOBAL) {
        s->scope = SCOPE_GLOBAL_EXPLICIT;
        if (set_add(b, global, s->name) < 0)
            return -1;
        if (bound != NULL)
            set_discard(bound, s->name);
        return 0;
    }
    if (flags & DEF_NONLOCAL) {
        if (bound == NULL || !set_has(bound, s->name)) {
            name_error_at(b, s, "no binding for nonlocal '%s' found");
            return -1;
        }
        s->scope = SCOPE_FREE;
        *has_free = 1;
        return set_add(b, free, s->name);
    }
    if (flags & DEF_BOUND) {
        s->scope = SCOPE_LOCAL;
        if (set_add(b, local, s->name) < 0)
            return -1;
        set_discard(global, s->name);
        return 0;
    }
    if (bound != NULL && set_has(bound, s->name)) {
        s->scope = SCOPE_FREE;
        *has_free = 1;
        return set_add(b, free, s->name);
    }
    (void)sc;
    s->scope = SCOPE_GLOBAL_IMPLICIT;
    return 0;
}

static int analyze_scope(Builder *b, Scope *sc, NameSet *bound, NameSet *free, NameSet *global);

/* Analyzes a child with copies of the sets, adding its free names to
 * child_free. */
static int analyze_child(Builder *b, Scope *child, NameSet *bound, NameSet *global,
                         NameSet *child_free)
{
    NameSet cbound = {0}, cfree = {0}, cglobal = {0};
    if (set_update(b, &cbound, bound) < 0 || set_update(b, &cglobal, global) < 0)
        return -1;
    if (analyze_scope(b, child, &cbound, &cfree, &cglobal) < 0)
        return -1;
    return set_update(b, child_free, &cfree);
}

/* Marks locals that nested scopes use as cells (CPython's analyze_cells). */
static void analyze_cells(Scope *sc, NameSet *free)
{
    for (size_t i = 0; i < sc->symbols_cap; i++) {
        Symbol *s = &sc->symbols[i];
        if (s->name == NULL || s->scope != SCOPE_LOCAL || !set_has(free, s->name))
            continue;
        s->scope = SCOPE_CELL;
        set_discard(free, s->name);
    }
}

/* CPython's update_symbols: records the free names of nested scopes. */
static int update_symbols(Builder *b, Scope *sc, NameSet *bound, NameSet *free)
{
    for (size_t i = 0; i < free->n; i++) {
        const char *name = free->items[i];
        Symbol *s = symtable_lookup(sc, name);
        if (s != NULL) {
            if (sc->kind == SCOPE_CLASS && (s->flags & (DEF_BOUND | DEF_GLOBAL)))
                s->flags |= DEF_FREE_CLASS;
            continue;
        }
        if (bound != NULL && !set_has(bound, name))
            continue;
        s = get_symbol(b, sc, name, sc->lineno, 0);
        if (s == NULL)
            return -1;
        s->scope = SCOPE_FREE;
    }
    return 0;
}

static int analyze_scope(Builder *b, Scope *sc, NameSet *bound, NameSet *free, NameSet *global)
{
    NameSet local = {0}, newbound = {0}, newfree = {0}, newglobal = {0}, allfree = {0};
    int has_free = 0;
    int is_function = sc->kind == SCOPE_FUNCTION || sc->kind == SCOPE_LAMBDA ||
                      sc->kind == SCOPE_COMPREHENSION;
    if (sc->kind == SCOPE_CLASS) {
        if (set_update(b, &newglobal, global) < 0 || set_update(b, &newbound, bound) < 0)
            return -1;
    }
    for (size_t i = 0; i < sc->norder; i++) {
        Symbol *s = symtable_lookup(sc, sc->order[i]);
        if (analyze_name(b, sc, s, bound, &local, free, global, &has_free) < 0)
            return -1;
    }
    if (sc->kind != SCOPE_CLASS) {
        if (is_function && set_update(b, &newbound, &local) < 0)
            return -1;
        if (set_update(b, &newbound, bound) < 0 || set_update(b, &newglobal, global) < 0)
            return -1;
    } else if (set_add(b, &newbound, "__class__") < 0) {
        return -1;
    }
    for (size_t i = 0; i < sc->nchildren; i++) {
        Scope *child = sc->children[i];
        if (analyze_child(b, child, &newbound, &newglobal, &allfree) < 0)
            return -1;
    }
    if (allfree.n)
        sc->child_free = 1;
    if (set_update(b, &newfree, &allfree) < 0)
        return -1;
    if (is_function) {
        analyze_cells(sc, &newfree);
    } else if (sc->kind == SCOPE_CLASS && set_has(&newfree, "__class__")) {
        sc->needs_class_cell = 1;
        set_discard(&newfree, "__class__");
    }
    if (update_symbols(b, sc, bound, &newfree) < 0)
        return -1;
    (void)has_free;
    return set_update(b, free, &newfree);
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */
/* ------------------------------------------------------------------ */

int symtable_build(OuroRuntime *rt, AstMod *mod, const char *src, size_t len,
                   const char *filename, SymTable *st, SyntaxErrorInfo *err)
{
    Builder b = {st, NULL, src, len, err, 0};
    memset(st, 0, sizeof *st);
    st->filename = filename;
    st->arena = ast_arena_new(rt);
    if (st->arena == NULL) {
        no_memory(&b);
        return -1;
    }
    st->top = enter_scope(&b, SCOPE_MODULE, "top", mod, 0);
    if (st->top == NULL)
        return -1;
    if (mod->kind == MOD_EXPRESSION)
        visit_expr(&b, mod->expr);
    else
        visit_stmts(&b, mod->body);
    if (b.failed)
        return -1;
    NameSet free = {0}, global = {0};
    if (analyze_scope(&b, st->top, NULL, &free, &global) < 0) {
        if (!b.failed)
            no_memory(&b);
        return -1;
    }
    return 0;
}

void symtable_free(SymTable *st)
{
    ast_arena_free(st->arena);
    st->arena = NULL;
    st->top = NULL;
}
