/*
 * compile_stmt.c - code generation for statements (CPython 3.11's
 * compiler_visit_stmt and friends): assignments, control flow, the
 * exception-handling statements (try/except/else/finally, with, raise)
 * laid out exactly as CPython 3.11 lays them out, function and class
 * definitions, imports.
 *
 * Exception handling without a block stack (see compile_impl.h): a region
 * of code is protected by push_handler(label) .. pop_handler(). The code
 * at an except label starts with the exception pushed; PUSH_EXC_INFO
 * saves the exception being handled below it and makes the new one
 * current; every path out of a handler runs POP_EXCEPT, and the "cleanup"
 * handler around the handler body (COPY 2, POP_EXCEPT, RERAISE) restores
 * it when the body raises. `except E as name` clears name on every path.
 */
#include <string.h>

#include "compile_impl.h"
#include "../objects/intobject.h"
#include "../objects/strobject.h"
#include "../objects/tupleobject.h"

#define CHECK(x)                                                               \
    do {                                                                       \
        if ((x) < 0)                                                           \
            return -1;                                                         \
    } while (0)

static int compile_stmts(Compiler *c, AstStmtSeq seq)
{
    for (size_t i = 0; i < seq.len; i++)
        CHECK(compile_stmt(c, seq.items[i]));
    return 0;
}

/* The docstring of a body: its first statement when that is a str
 * constant expression. */
static AstExpr *docstring_of(AstStmtSeq body)
{
    if (body.len == 0 || body.items[0]->kind != STMT_EXPR)
        return NULL;
    AstExpr *e = body.items[0]->v.expr.value;
    if (e->kind != EXPR_CONSTANT || e->v.constant.value.kind != AST_CONST_STR)
        return NULL;
    return e;
}

/* Whether a body has annotated assignments outside nested scopes. */
static int find_annotations(AstStmtSeq seq)
{
    for (size_t i = 0; i < seq.len; i++) {
        AstStmt *s = seq.items[i];
        switch (s->kind) {
        case STMT_ANNASSIGN:
            return 1;
        case STMT_FOR:
            if (find_annotations(s->v.for_.body) || find_annotations(s->v.for_.orelse))
                return 1;
            break;
        case STMT_WHILE:
            if (find_annotations(s->v.while_.body) || find_annotations(s->v.while_.orelse))
                return 1;
            break;
        case STMT_IF:
            if (find_annotations(s->v.if_.body) || find_annotations(s->v.if_.orelse))
                return 1;
            break;
        case STMT_WITH:
            if (find_annotations(s->v.with.body))
                return 1;
            break;
        case STMT_TRY:
            if (find_annotations(s->v.try_.body) || find_annotations(s->v.try_.orelse) ||
                find_annotations(s->v.try_.finalbody))
                return 1;
            for (size_t j = 0; j < s->v.try_.handlers.len; j++) {
                if (find_annotations(s->v.try_.handlers.items[j]->body))
                    return 1;
            }
            break;
        default:
            break;
        }
    }
    return 0;
}

/* A module or class body: __doc__ from the docstring, SETUP_ANNOTATIONS. */
int compile_body(Compiler *c, AstStmtSeq body)
{
    size_t start = 0;
    if (find_annotations(body))
        CHECK(emit(c, OP_SETUP_ANNOTATIONS, 0));
    AstExpr *doc = c->mode == COMPILE_SINGLE && c->u->parent == NULL ? NULL : docstring_of(body);
    if (doc != NULL) {
        set_loc_stmt(c, body.items[0]);
        CHECK(compile_expr(c, doc));
        CHECK(compile_nameop(c, "__doc__", AST_STORE));
        start = 1;
    }
    for (size_t i = start; i < body.len; i++)
        CHECK(compile_stmt(c, body.items[i]));
    return 0;
}

/* ------------------------------------------------------------------ */
/* Unwinding for return / break / continue                             */
/* ------------------------------------------------------------------ */

static int call_exit_with_nones(Compiler *c)
{
    CHECK(emit_none(c));
    CHECK(emit_none(c));
    CHECK(emit_none(c));
    /* [exit, None, None, None]: CALL 2 calls exit(None, None, None). */
    return emit(c, OP_CALL, 2);
}

/* Clears `except ... as name` (name = None; del name). */
static int clear_handler_name(Compiler *c, const char *name)
{
    CHECK(emit_none(c));
    CHECK(compile_nameop(c, name, AST_STORE));
    return compile_nameop(c, name, AST_DEL);
}

/* Emits what leaving block b early does; preserve_tos keeps the value on
 * top of the stack (a return value) above what is popped. */
static int unwind_fblock(Compiler *c, FBlock *b, int preserve_tos)
{
    switch (b->kind) {
    case FB_WHILE_LOOP:
    case FB_EXCEPTION_HANDLER:
        return 0;
    case FB_FOR_LOOP:
        if (preserve_tos)
            CHECK(emit(c, OP_SWAP, 2));
        return emit(c, OP_POP_TOP, 0);
    case FB_TRY_EXCEPT:
        pop_handler(c);
        return 0;
    case FB_FINALLY_TRY:
        pop_handler(c);
        if (preserve_tos)
            CHECK(push_fblock(c, FB_POP_VALUE, -1, -1, NULL));
        CHECK(compile_stmts(c, *(const AstStmtSeq *)b->datum));
        if (preserve_tos)
            pop_fblock(c, FB_POP_VALUE);
        return 0;
    case FB_FINALLY_END:
        if (preserve_tos)
            CHECK(emit(c, OP_SWAP, 2));
        CHECK(emit(c, OP_POP_TOP, 0));          /* the exception */
        if (preserve_tos)
            CHECK(emit(c, OP_SWAP, 2));
        pop_handler(c);
        return emit(c, OP_POP_EXCEPT, 0);
    case FB_WITH:
        pop_handler(c);
        if (preserve_tos)
            CHECK(emit(c, OP_SWAP, 2));
        CHECK(call_exit_with_nones(c));
        return emit(c, OP_POP_TOP, 0);
    case FB_HANDLER_CLEANUP:
        if (b->datum != NULL)
            pop_handler(c);
        if (preserve_tos)
            CHECK(emit(c, OP_SWAP, 2));
        pop_handler(c);
        CHECK(emit(c, OP_POP_EXCEPT, 0));
        if (b->datum != NULL)
            CHECK(clear_handler_name(c, (const char *)b->datum));
        return 0;
    case FB_POP_VALUE:
        if (preserve_tos)
            CHECK(emit(c, OP_SWAP, 2));
        return emit(c, OP_POP_TOP, 0);
    }
    return 0;
}

/* Unwinds the blocks from the innermost outwards, stopping at a loop when
 * loop is given (*loop then points at it). Restores the block stack. */
static int unwind_fblock_stack(Compiler *c, int preserve_tos, FBlock *loop, int *found)
{
    Unit *u = c->u;
    if (u->nfblocks == 0)
        return 0;
    FBlock *top = &u->fblocks[u->nfblocks - 1];
    if (loop != NULL && (top->kind == FB_WHILE_LOOP || top->kind == FB_FOR_LOOP)) {
        *loop = *top;
        *found = 1;
        return 0;
    }
    FBlock copy = *top;
    u->nfblocks--;
    int r = unwind_fblock(c, &copy, preserve_tos);
    if (r == 0)
        r = unwind_fblock_stack(c, preserve_tos, loop, found);
    u->fblocks[u->nfblocks++] = copy;
    return r;
}

/* The handler stack, saved around an early exit: the unwinding pops
 * handlers for the exit path only. */
typedef struct HandlerSnapshot {
    int *items;
    size_t n;
} HandlerSnapshot;

static int save_handlers(Compiler *c, HandlerSnapshot *snap)
{
    Unit *u = c->u;
    snap->n = u->hn;
    snap->items = NULL;
    if (u->hn == 0)
        return 0;
    snap->items = ouro_mem_alloc(c->L->rt, u->hn * sizeof(int));
    if (snap->items == NULL)
        return comp_no_memory(c);
    memcpy(snap->items, u->hstack, u->hn * sizeof(int));
    return 0;
}

static void restore_handlers(Compiler *c, HandlerSnapshot *snap)
{
    Unit *u = c->u;
    if (snap->n > 0) {
        /* The stack never shrinks below capacity, so it fits. */
        memcpy(u->hstack, snap->items, snap->n * sizeof(int));
        ouro_mem_free(c->L->rt, snap->items, snap->n * sizeof(int));
    }
    u->hn = snap->n;
}

static int compile_return(Compiler *c, AstStmt *s)
{
    if (!c->u->is_function)
        return comp_error_stmt(c, s, "'return' outside function");
    AstExpr *v = s->v.return_.value;
    int preserve_tos = v != NULL && v->kind != EXPR_CONSTANT;
    if (preserve_tos)
        CHECK(compile_expr(c, v));
    HandlerSnapshot snap;
    CHECK(save_handlers(c, &snap));
    int r = unwind_fblock_stack(c, preserve_tos, NULL, NULL);
    set_loc_stmt(c, s);
    if (r == 0 && !preserve_tos)
        r = v == NULL ? emit_none(c) : compile_expr(c, v);
    if (r == 0)
        r = emit(c, OP_RETURN_VALUE, 0);
    restore_handlers(c, &snap);
    return r;
}

static int compile_break_continue(Compiler *c, AstStmt *s, int is_break)
{
    FBlock loop;
    int found = 0;
    HandlerSnapshot snap;
    CHECK(save_handlers(c, &snap));
    int r = unwind_fblock_stack(c, 0, &loop, &found);
    if (r == 0 && !found) {
        r = comp_error_stmt(c, s, is_break ? "'break' outside loop"
                                           : "'continue' not properly in loop");
    } else if (r == 0) {
        set_loc_stmt(c, s);
        if (is_break) {
            r = unwind_fblock(c, &loop, 0);
            if (r == 0)
                r = emit_jump(c, OP_JUMP, loop.exit);
        } else {
            r = emit_jump(c, OP_JUMP, loop.label);
        }
    }
    restore_handlers(c, &snap);
    return r;
}

/* ------------------------------------------------------------------ */
/* Loops and conditionals                                              */
/* ------------------------------------------------------------------ */

static int compile_if(Compiler *c, AstStmt *s)
{
    int end = new_label(c);
    CHECK(end);
    int next = end;
    if (s->v.if_.orelse.len) {
        next = new_label(c);
        CHECK(next);
    }
    CHECK(compile_jump_if(c, s->v.if_.test, next, 0));
    CHECK(compile_stmts(c, s->v.if_.body));
    if (s->v.if_.orelse.len) {
        CHECK(emit_jump(c, OP_JUMP, end));
        CHECK(bind_label(c, next));
        CHECK(compile_stmts(c, s->v.if_.orelse));
    }
    return bind_label(c, end);
}

static int compile_while(Compiler *c, AstStmt *s)
{
    int loop = new_label(c), anchor = new_label(c), end = new_label(c);
    CHECK(loop);
    CHECK(anchor);
    CHECK(end);
    CHECK(bind_label(c, loop));
    CHECK(compile_jump_if(c, s->v.while_.test, anchor, 0));
    CHECK(push_fblock(c, FB_WHILE_LOOP, loop, end, NULL));
    CHECK(compile_stmts(c, s->v.while_.body));
    pop_fblock(c, FB_WHILE_LOOP);
    set_loc_stmt(c, s);
    CHECK(emit_jump(c, OP_JUMP, loop));
    CHECK(bind_label(c, anchor));
    CHECK(compile_stmts(c, s->v.while_.orelse));
    return bind_label(c, end);
}

static int compile_for(Compiler *c, AstStmt *s)
{
    int start = new_label(c), cleanup = new_label(c), end = new_label(c);
    CHECK(start);
    CHECK(cleanup);
    CHECK(end);
    CHECK(compile_expr(c, s->v.for_.iter));
    CHECK(emit(c, OP_GET_ITER, 0));
    CHECK(bind_label(c, start));
    CHECK(push_fblock(c, FB_FOR_LOOP, start, end, NULL));
    CHECK(emit_jump(c, OP_FOR_ITER, cleanup));
    CHECK(compile_store(c, s->v.for_.target));
    CHECK(compile_stmts(c, s->v.for_.body));
    set_loc_stmt(c, s);
    CHECK(emit_jump(c, OP_JUMP, start));
    pop_fblock(c, FB_FOR_LOOP);
    CHECK(bind_label(c, cleanup));
    CHECK(compile_stmts(c, s->v.for_.orelse));
    return bind_label(c, end);
}

/* ------------------------------------------------------------------ */
/* Exceptions                                                          */
/* ------------------------------------------------------------------ */

static int compile_raise(Compiler *c, AstStmt *s)
{
    unsigned n = 0;
    if (s->v.raise.exc != NULL) {
        CHECK(compile_expr(c, s->v.raise.exc));
        n = 1;
        if (s->v.raise.cause != NULL) {
            CHECK(compile_expr(c, s->v.raise.cause));
            n = 2;
        }
    }
    return emit(c, OP_RAISE_VARARGS, n);
}

/* COPY 2; POP_EXCEPT; RERAISE: the cleanup handler around a handler body
 * (stack [previous exception, new exception]). */
static int pop_except_and_reraise(Compiler *c)
{
    CHECK(emit(c, OP_COPY, 2));
    CHECK(emit(c, OP_POP_EXCEPT, 0));
    return emit(c, OP_RERAISE, 0);
}

static int compile_try_except(Compiler *c, AstStmt *s)
{
    AstHandlerSeq handlers = s->v.try_.handlers;
    int except = new_label(c), end = new_label(c), cleanup = new_label(c);
    CHECK(except);
    CHECK(end);
    CHECK(cleanup);
    CHECK(push_handler(c, except));
    CHECK(push_fblock(c, FB_TRY_EXCEPT, -1, -1, NULL));
    CHECK(compile_stmts(c, s->v.try_.body));
    pop_fblock(c, FB_TRY_EXCEPT);
    pop_handler(c);
    CHECK(compile_stmts(c, s->v.try_.orelse));
    CHECK(emit_jump(c, OP_JUMP, end));

    /* [exc] */
    CHECK(bind_label(c, except));
    int cleanup_handler = push_handler(c, cleanup);
    CHECK(cleanup_handler);
    CHECK(emit(c, OP_PUSH_EXC_INFO, 0));        /* [prev, exc] */
    CHECK(push_fblock(c, FB_EXCEPTION_HANDLER, -1, -1, NULL));
    for (size_t i = 0; i < handlers.len; i++) {
        AstExceptHandler *h = handlers.items[i];
        c->u->loc = (CodeLoc){h->lineno, h->end_lineno, h->col_offset, h->end_col_offset};
        if (h->type == NULL && i + 1 < handlers.len)
            return comp_error(c, h->lineno, h->col_offset, h->end_lineno, h->end_col_offset,
                              "default 'except:' must be last");
        int next = new_label(c);
        CHECK(next);
        if (h->type != NULL) {
            CHECK(compile_expr(c, h->type));
            CHECK(emit(c, OP_CHECK_EXC_MATCH, 0));
            CHECK(emit_jump(c, OP_POP_JUMP_IF_FALSE, next));
        }
        if (h->name != NULL) {
            int cleanup_end = new_label(c);
            CHECK(cleanup_end);
            CHECK(compile_nameop(c, h->name, AST_STORE));     /* [prev] */
            CHECK(push_handler(c, cleanup_end));
            CHECK(push_fblock(c, FB_HANDLER_CLEANUP, -1, -1, h->name));
            CHECK(compile_stmts(c, h->body));
            pop_fblock(c, FB_HANDLER_CLEANUP);
            pop_handler(c);
            pop_handler(c);
            CHECK(emit(c, OP_POP_EXCEPT, 0));
            CHECK(clear_handler_name(c, h->name));
            CHECK(emit_jump(c, OP_JUMP, end));
            /* The body raised: [prev, exc2]. */
            CHECK(bind_label(c, cleanup_end));
            /* cleanup_end runs under the outer cleanup handler again. */
            repush_handler(c, cleanup_handler);
            CHECK(clear_handler_name(c, h->name));
            CHECK(emit(c, OP_RERAISE, 0));
        } else {
            CHECK(emit(c, OP_POP_TOP, 0));                    /* [prev] */
            CHECK(push_fblock(c, FB_HANDLER_CLEANUP, -1, -1, NULL));
            CHECK(compile_stmts(c, h->body));
            pop_fblock(c, FB_HANDLER_CLEANUP);
            pop_handler(c);
            CHECK(emit(c, OP_POP_EXCEPT, 0));
            CHECK(emit_jump(c, OP_JUMP, end));
            repush_handler(c, cleanup_handler);
        }
        CHECK(bind_label(c, next));
    }
    pop_fblock(c, FB_EXCEPTION_HANDLER);
    /* No handler matched: [prev, exc]. */
    CHECK(emit(c, OP_RERAISE, 0));
    pop_handler(c);
    CHECK(bind_label(c, cleanup));
    CHECK(pop_except_and_reraise(c));
    return bind_label(c, end);
}

static int compile_try_finally(Compiler *c, AstStmt *s)
{
    int finally_exc = new_label(c), exit = new_label(c), cleanup = new_label(c);
    CHECK(finally_exc);
    CHECK(exit);
    CHECK(cleanup);
    CHECK(push_handler(c, finally_exc));
    CHECK(push_fblock(c, FB_FINALLY_TRY, -1, -1, &s->v.try_.finalbody));
    if (s->v.try_.handlers.len)
        CHECK(compile_try_except(c, s));
    else
        CHECK(compile_stmts(c, s->v.try_.body));
    pop_handler(c);
    pop_fblock(c, FB_FINALLY_TRY);
    CHECK(compile_stmts(c, s->v.try_.finalbody));
    CHECK(emit_jump(c, OP_JUMP, exit));

    /* The finally body on the exceptional path: [exc]. */
    CHECK(bind_label(c, finally_exc));
    CHECK(push_handler(c, cleanup));
    CHECK(emit(c, OP_PUSH_EXC_INFO, 0));
    CHECK(push_fblock(c, FB_FINALLY_END, -1, -1, NULL));
    CHECK(compile_stmts(c, s->v.try_.finalbody));
    pop_fblock(c, FB_FINALLY_END);
    CHECK(emit(c, OP_RERAISE, 0));
    pop_handler(c);
    CHECK(bind_label(c, cleanup));
    CHECK(pop_except_and_reraise(c));
    return bind_label(c, exit);
}

static int compile_try(Compiler *c, AstStmt *s)
{
    if (s->v.try_.finalbody.len)
        return compile_try_finally(c, s);
    return compile_try_except(c, s);
}

static int compile_with(Compiler *c, AstStmt *s, size_t pos)
{
    AstWithItem *item = s->v.with.items.items[pos];
    int final = new_label(c), exit = new_label(c), cleanup = new_label(c), suppress = new_label(c);
    CHECK(final);
    CHECK(exit);
    CHECK(cleanup);
    CHECK(suppress);
    CHECK(compile_expr(c, item->context_expr));
    set_loc_stmt(c, s);
    CHECK(emit(c, OP_BEFORE_WITH, 0));            /* [exit, value] */
    /* The handler keeps [exit] and gets the exception above it. */
    c->u->depth--;
    CHECK(push_handler(c, final));
    c->u->depth++;
    CHECK(push_fblock(c, FB_WITH, -1, -1, NULL));
    if (item->optional_vars != NULL)
        CHECK(compile_store(c, item->optional_vars));
    else
        CHECK(emit(c, OP_POP_TOP, 0));
    if (pos + 1 < s->v.with.items.len)
        CHECK(compile_with(c, s, pos + 1));
    else
        CHECK(compile_stmts(c, s->v.with.body));
    pop_fblock(c, FB_WITH);
    pop_handler(c);
    set_loc_stmt(c, s);
    CHECK(call_exit_with_nones(c));
    CHECK(emit(c, OP_POP_TOP, 0));
    CHECK(emit_jump(c, OP_JUMP, exit));

    /* [exit, exc] */
    CHECK(bind_label(c, final));
    CHECK(push_handler(c, cleanup));
    CHECK(emit(c, OP_PUSH_EXC_INFO, 0));          /* [exit, prev, exc] */
    CHECK(emit(c, OP_WITH_EXCEPT_START, 0));      /* [exit, prev, exc, res] */
    CHECK(emit_jump(c, OP_POP_JUMP_IF_TRUE, suppress));
    CHECK(emit(c, OP_RERAISE, 0));
    CHECK(bind_label(c, suppress));               /* [exit, prev, exc] */
    CHECK(emit(c, OP_POP_TOP, 0));
    pop_handler(c);
    CHECK(emit(c, OP_POP_EXCEPT, 0));
    CHECK(emit(c, OP_POP_TOP, 0));
    CHECK(emit_jump(c, OP_JUMP, exit));
    CHECK(bind_label(c, cleanup));
    CHECK(pop_except_and_reraise(c));
    return bind_label(c, exit);
}

static int compile_assert(Compiler *c, AstStmt *s)
{
    AstExpr *test = s->v.assert_.test;
    if (test->kind == EXPR_TUPLE && test->v.tuple.elts.len > 0)
        comp_warn(c, s->lineno, "assertion is always true, perhaps remove parentheses?");
    int end = new_label(c);
    CHECK(end);
    CHECK(compile_jump_if(c, s->v.assert_.test, end, 1));
    CHECK(emit(c, OP_LOAD_ASSERTION_ERROR, 0));
    if (s->v.assert_.msg != NULL) {
        CHECK(compile_expr(c, s->v.assert_.msg));
        CHECK(emit(c, OP_CALL, 0));
    }
    CHECK(emit(c, OP_RAISE_VARARGS, 1));
    return bind_label(c, end);
}

/* ------------------------------------------------------------------ */
/* Assignment                                                          */
/* ------------------------------------------------------------------ */

static int compile_assign(Compiler *c, AstStmt *s)
{
    AstExprSeq targets = s->v.assign.targets;
    CHECK(compile_expr(c, s->v.assign.value));
    for (size_t i = 0; i < targets.len; i++) {
        if (i + 1 < targets.len)
            CHECK(emit(c, OP_COPY, 1));
        CHECK(compile_store(c, targets.items[i]));
    }
    return 0;
}

static int aug_op(AstOperator op)
{
    switch (op) {
    case AST_ADD: return NB_ADD;
    case AST_SUB: return NB_SUBTRACT;
    case AST_MULT: return NB_MULTIPLY;
    case AST_MATMULT: return NB_MATRIX_MULTIPLY;
    case AST_DIV: return NB_TRUE_DIVIDE;
    case AST_MOD: return NB_REMAINDER;
    case AST_POW: return NB_POWER;
    case AST_LSHIFT: return NB_LSHIFT;
    case AST_RSHIFT: return NB_RSHIFT;
    case AST_BITOR: return NB_OR;
    case AST_BITXOR: return NB_XOR;
    case AST_BITAND: return NB_AND;
    case AST_FLOORDIV: return NB_FLOOR_DIVIDE;
    }
    return NB_ADD;
}

static int compile_augassign(Compiler *c, AstStmt *s)
{
    AstExpr *t = s->v.augassign.target;
    CodeLoc saved = c->u->loc;
    set_loc_expr(c, t);
    switch (t->kind) {
    case EXPR_ATTRIBUTE:
        CHECK(compile_expr(c, t->v.attribute.value));
        CHECK(emit(c, OP_COPY, 1));
        CHECK(emit_name_op(c, OP_LOAD_ATTR, t->v.attribute.attr));
        break;
    case EXPR_SUBSCRIPT:
        CHECK(compile_expr(c, t->v.subscript.value));
        CHECK(compile_expr(c, t->v.subscript.slice));
        CHECK(emit(c, OP_COPY, 2));
        CHECK(emit(c, OP_COPY, 2));
        CHECK(emit(c, OP_BINARY_SUBSCR, 0));
        break;
    case EXPR_NAME:
        CHECK(compile_nameop(c, t->v.name.id, AST_LOAD));
        break;
    default:
        return comp_error_expr(c, t, "'expression' is an illegal expression for augmented assignment");
    }
    c->u->loc = saved;
    CHECK(compile_expr(c, s->v.augassign.value));
    CHECK(emit(c, OP_BINARY_OP, (unsigned)(NB_INPLACE + aug_op(s->v.augassign.op))));
    set_loc_expr(c, t);
    int r;
    switch (t->kind) {
    case EXPR_ATTRIBUTE:
        CHECK(emit(c, OP_SWAP, 2));
        r = emit_name_op(c, OP_STORE_ATTR, t->v.attribute.attr);
        break;
    case EXPR_SUBSCRIPT:
        CHECK(emit(c, OP_SWAP, 3));
        CHECK(emit(c, OP_SWAP, 2));
        r = emit(c, OP_STORE_SUBSCR, 0);
        break;
    default:
        r = compile_nameop(c, t->v.name.id, AST_STORE);
        break;
    }
    c->u->loc = saved;
    return r;
}

static int compile_annassign(Compiler *c, AstStmt *s)
{
    AstExpr *t = s->v.annassign.target;
    int top_level = c->u->scope->kind == SCOPE_MODULE || c->u->scope->kind == SCOPE_CLASS;
    if (s->v.annassign.value != NULL) {
        CHECK(compile_expr(c, s->v.annassign.value));
        CHECK(compile_store(c, t));
    }
    if (t->kind == EXPR_NAME && s->v.annassign.simple && top_level) {
        CHECK(compile_expr(c, s->v.annassign.annotation));
        CHECK(compile_nameop(c, "__annotations__", AST_LOAD));
        const char *m = comp_mangle(c, t->v.name.id);
        if (m == NULL)
            return -1;
        CHECK(emit_const_take(c, comp_str(c, m, strlen(m))));
        return emit(c, OP_STORE_SUBSCR, 0);
    }
    if (top_level && !s->v.annassign.simple) {
        CHECK(compile_expr(c, s->v.annassign.annotation));
        return emit(c, OP_POP_TOP, 0);
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Imports                                                             */
/* ------------------------------------------------------------------ */

static int emit_str_const(Compiler *c, const char *s)
{
    return emit_const_take(c, comp_str(c, s, strlen(s)));
}

static int compile_import(Compiler *c, AstStmt *s)
{
    AstAliasSeq names = s->v.import.names;
    for (size_t i = 0; i < names.len; i++) {
        AstAlias *a = names.items[i];
        CHECK(emit_const_take(c, int_from_i64(c->L, 0)));
        CHECK(emit_none(c));
        CHECK(emit_name_op(c, OP_IMPORT_NAME, a->name));
        if (a->asname != NULL) {
            /* import a.b.c as d: d is a.b.c itself. */
            const char *dot = strchr(a->name, '.');
            while (dot != NULL) {
                const char *next = strchr(dot + 1, '.');
                size_t n = next ? (size_t)(next - dot - 1) : strlen(dot + 1);
                char *part = ast_arena_strdup(c->st.arena, dot + 1, n);
                if (part == NULL)
                    return comp_no_memory(c);
                CHECK(emit_name_op(c, OP_IMPORT_FROM, part));
                CHECK(emit(c, OP_SWAP, 2));
                CHECK(emit(c, OP_POP_TOP, 0));
                dot = next;
            }
            CHECK(compile_nameop(c, a->asname, AST_STORE));
        } else {
            const char *dot = strchr(a->name, '.');
            const char *store = a->name;
            if (dot != NULL) {
                store = ast_arena_strdup(c->st.arena, a->name, (size_t)(dot - a->name));
                if (store == NULL)
                    return comp_no_memory(c);
            }
            CHECK(compile_nameop(c, store, AST_STORE));
        }
    }
    return 0;
}

static int compile_import_from(Compiler *c, AstStmt *s)
{
    AstAliasSeq names = s->v.importfrom.names;
    /* The level first: failing after the tuple is built would leak it. */
    CHECK(emit_const_take(c, int_from_i64(c->L, s->v.importfrom.level)));
    Obj *fromlist = tuple_new(c->L, names.len);
    if (fromlist == NULL)
        return comp_no_memory(c);
    for (size_t i = 0; i < names.len; i++) {
        Obj *n = comp_str(c, names.items[i]->name, strlen(names.items[i]->name));
        if (n == NULL) {
            for (size_t j = i; j < names.len; j++)
                tuple_init_take(fromlist, j, new_none(c->L));
            obj_decref(c->L, fromlist);
            return -1;
        }
        tuple_init_take(fromlist, i, n);
    }
    CHECK(emit_const_take(c, fromlist));
    CHECK(emit_name_op(c, OP_IMPORT_NAME, s->v.importfrom.module ? s->v.importfrom.module : ""));
    for (size_t i = 0; i < names.len; i++) {
        AstAlias *a = names.items[i];
        if (strcmp(a->name, "*") == 0)
            return emit(c, OP_IMPORT_STAR, 0);
        CHECK(emit_name_op(c, OP_IMPORT_FROM, a->name));
        CHECK(compile_nameop(c, a->asname ? a->asname : a->name, AST_STORE));
    }
    return emit(c, OP_POP_TOP, 0);
}

/* ------------------------------------------------------------------ */
/* Definitions                                                         */
/* ------------------------------------------------------------------ */

static int compile_decorators(Compiler *c, AstExprSeq decos)
{
    for (size_t i = 0; i < decos.len; i++)
        CHECK(compile_expr(c, decos.items[i]));
    return 0;
}

/* [deco..., obj]: each CALL 0 calls deco(obj) (the method-call layout). */
static int apply_decorators(Compiler *c, AstExprSeq decos)
{
    for (size_t i = decos.len; i-- > 0;) {
        set_loc_expr(c, decos.items[i]);
        CHECK(emit(c, OP_CALL, 0));
    }
    return 0;
}

static int annotation_pair(Compiler *c, const char *name, AstExpr *ann, size_t *n)
{
    if (ann == NULL)
        return 0;
    const char *m = comp_mangle(c, name);
    if (m == NULL)
        return -1;
    CHECK(emit_str_const(c, m));
    CHECK(compile_expr(c, ann));
    (*n)++;
    return 0;
}

static int compile_annotations(Compiler *c, AstArguments *a, AstExpr *returns, unsigned *flags)
{
    size_t n = 0;
    AstArgSeq seqs[2] = {a->posonlyargs, a->args};
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < seqs[k].len; i++)
            CHECK(annotation_pair(c, seqs[k].items[i]->arg, seqs[k].items[i]->annotation, &n));
    }
    if (a->vararg)
        CHECK(annotation_pair(c, a->vararg->arg, a->vararg->annotation, &n));
    for (size_t i = 0; i < a->kwonlyargs.len; i++)
        CHECK(annotation_pair(c, a->kwonlyargs.items[i]->arg, a->kwonlyargs.items[i]->annotation,
                              &n));
    if (a->kwarg)
        CHECK(annotation_pair(c, a->kwarg->arg, a->kwarg->annotation, &n));
    if (returns != NULL) {
        CHECK(emit_str_const(c, "return"));
        CHECK(compile_expr(c, returns));
        n++;
    }
    if (n) {
        CHECK(emit(c, OP_BUILD_TUPLE, (unsigned)(2 * n)));
        *flags |= MAKE_FUNCTION_ANNOTATIONS;
    }
    return 0;
}

int compile_function_body(Compiler *c, AstStmt *s)
{
    AstStmtSeq body = s->v.functiondef.body;
    AstExpr *doc = docstring_of(body);
    Obj *first = doc ? comp_str(c, doc->v.constant.value.v.s.data, doc->v.constant.value.v.s.len)
                     : new_none(c->L);
    CHECK(add_const_take(c, first));
    for (size_t i = doc ? 1 : 0; i < body.len; i++)
        CHECK(compile_stmt(c, body.items[i]));
    if (c->u->reachable) {
        /* The implicit `return None` belongs to the last line. */
        CHECK(emit_none(c));
        CHECK(emit(c, OP_RETURN_VALUE, 0));
    }
    return 0;
}

static int compile_functiondef(Compiler *c, AstStmt *s)
{
    AstArguments *a = s->v.functiondef.args;
    AstExprSeq decos = s->v.functiondef.decorator_list;
    unsigned flags = 0;
    CHECK(compile_decorators(c, decos));
    CHECK(compile_arguments_defaults(c, a, &flags));
    CHECK(compile_annotations(c, a, s->v.functiondef.returns, &flags));
    int firstlineno = decos.len ? decos.items[0]->lineno : s->lineno;
    CodeLoc saved = c->u->loc;
    CHECK(enter_unit(c, s, s->v.functiondef.name, firstlineno));
    c->u->argcount = (int)(a->posonlyargs.len + a->args.len);
    c->u->posonlyargcount = (int)a->posonlyargs.len;
    c->u->kwonlyargcount = (int)a->kwonlyargs.len;
    if (compile_function_body(c, s) < 0) {
        leave_unit(c);
        return -1;
    }
    Obj *code = leave_unit(c);
    if (code == NULL)
        return -1;
    c->u->loc = saved;
    CHECK(make_closure(c, code, flags));
    CHECK(apply_decorators(c, decos));
    c->u->loc = saved;
    return compile_nameop(c, s->v.functiondef.name, AST_STORE);
}

int compile_class_body(Compiler *c, AstStmt *s)
{
    Unit *u = c->u;
    CHECK(compile_nameop(c, "__name__", AST_LOAD));
    CHECK(compile_nameop(c, "__module__", AST_STORE));
    CHECK(emit_const_take(c, str_from_cstr(c->L, u->qualname)));
    CHECK(compile_nameop(c, "__qualname__", AST_STORE));
    CHECK(compile_body(c, s->v.classdef.body));
    if (u->scope->needs_class_cell) {
        int i = comp_deref_index(c, "__class__", 0);
        CHECK(i);
        CHECK(emit(c, OP_LOAD_CLOSURE, (unsigned)i));
        CHECK(emit(c, OP_COPY, 1));
        CHECK(compile_nameop(c, "__classcell__", AST_STORE));
    } else {
        CHECK(emit_none(c));
    }
    return emit(c, OP_RETURN_VALUE, 0);
}

static int compile_classdef(Compiler *c, AstStmt *s)
{
    AstExprSeq decos = s->v.classdef.decorator_list;
    CHECK(compile_decorators(c, decos));
    int firstlineno = decos.len ? decos.items[0]->lineno : s->lineno;
    CodeLoc saved = c->u->loc;
    CHECK(enter_unit(c, s, s->v.classdef.name, firstlineno));
    set_loc_stmt(c, s);
    if (compile_class_body(c, s) < 0) {
        leave_unit(c);
        return -1;
    }
    Obj *code = leave_unit(c);
    if (code == NULL)
        return -1;
    c->u->loc = saved;
    if (emit(c, OP_PUSH_NULL, 0) < 0 || emit(c, OP_LOAD_BUILD_CLASS, 0) < 0) {
        obj_decref(c->L, code);   /* make_closure would have taken it over */
        return -1;
    }
    CHECK(make_closure(c, code, 0));
    CHECK(emit_str_const(c, s->v.classdef.name));
    CHECK(compile_call_helper(c, 2, s->v.classdef.bases, s->v.classdef.keywords));
    CHECK(apply_decorators(c, decos));
    c->u->loc = saved;
    return compile_nameop(c, s->v.classdef.name, AST_STORE);
}

/* ------------------------------------------------------------------ */
/* Statements                                                          */
/* ------------------------------------------------------------------ */

static int compile_expr_stmt(Compiler *c, AstStmt *s)
{
    AstExpr *v = s->v.expr.value;
    if (c->mode == COMPILE_SINGLE && c->u->parent == NULL) {
        CHECK(compile_expr(c, v));
        return emit(c, OP_PRINT_EXPR, 0);
    }
    /* A constant statement (a docstring elsewhere) does nothing. */
    if (v->kind == EXPR_CONSTANT)
        return emit(c, OP_NOP, 0);
    CHECK(compile_expr(c, v));
    return emit(c, OP_POP_TOP, 0);
}

int compile_stmt(Compiler *c, AstStmt *s)
{
    if (c->failed)
        return -1;
    set_loc_stmt(c, s);
    switch (s->kind) {
    case STMT_FUNCTIONDEF:
        return compile_functiondef(c, s);
    case STMT_CLASSDEF:
        return compile_classdef(c, s);
    case STMT_RETURN:
        return compile_return(c, s);
    case STMT_DELETE:
        for (size_t i = 0; i < s->v.delete_.targets.len; i++)
            CHECK(compile_delete(c, s->v.delete_.targets.items[i]));
        return 0;
    case STMT_ASSIGN:
        return compile_assign(c, s);
    case STMT_AUGASSIGN:
        return compile_augassign(c, s);
    case STMT_ANNASSIGN:
        return compile_annassign(c, s);
    case STMT_FOR:
        return compile_for(c, s);
    case STMT_WHILE:
        return compile_while(c, s);
    case STMT_IF:
        return compile_if(c, s);
    case STMT_WITH:
        return compile_with(c, s, 0);
    case STMT_RAISE:
        return compile_raise(c, s);
    case STMT_TRY:
        return compile_try(c, s);
    case STMT_ASSERT:
        return compile_assert(c, s);
    case STMT_IMPORT:
        return compile_import(c, s);
    case STMT_IMPORTFROM:
        return compile_import_from(c, s);
    case STMT_GLOBAL:
    case STMT_NONLOCAL:
        return 0;
    case STMT_EXPR:
        return compile_expr_stmt(c, s);
    case STMT_PASS:
        return emit(c, OP_NOP, 0);
    case STMT_BREAK:
        return compile_break_continue(c, s, 1);
    case STMT_CONTINUE:
        return compile_break_continue(c, s, 0);
    }
    return comp_error_stmt(c, s, "compiler: unknown statement");
}
