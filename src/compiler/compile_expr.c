/*
 * compile_expr.c - code generation for expressions, assignment targets and
 * calls (CPython 3.11's compiler_visit_expr and friends), with CPython's
 * constant folding of literals, tuples of constants and operators on
 * constants (the AST optimizer's), so that `-1`, `(1, 2)` and `2 ** 10`
 * are single constants.
 *
 * Each function leaves exactly the documented values on the stack and
 * returns 0, or -1 with an exception set.
 */
#include <stdio.h>
#include <string.h>

#include "compile_impl.h"
#include "../objects/floatobject.h"
#include "../objects/intobject.h"
#include "../objects/strobject.h"
#include "../objects/tupleobject.h"

#define CHECK(x)                                                               \
    do {                                                                       \
        if ((x) < 0)                                                           \
            return -1;                                                         \
    } while (0)

/* ------------------------------------------------------------------ */
/* Constants                                                           */
/* ------------------------------------------------------------------ */

static Obj *make_float(Compiler *c, double v)
{
    Obj *f = float_from_double(c->L, v);
    if (f == NULL)
        c->failed = 1;
    return f;
}

/* The object for a Constant node, new reference (NULL: error set). */
static Obj *constant_value(Compiler *c, const AstExpr *e)
{
    Lang *L = c->L;
    const AstConstant *k = &e->v.constant.value;
    switch (k->kind) {
    case AST_CONST_NONE:
        return new_none(L);
    case AST_CONST_TRUE:
        return new_bool(L, 1);
    case AST_CONST_FALSE:
        return new_bool(L, 0);
    case AST_CONST_ELLIPSIS:
        return obj_newref(L->ellipsis);
    case AST_CONST_INT: {
        Obj *o = k->v.i.fits ? int_from_i64(L, k->v.i.small)
                             : int_from_string(L, k->v.i.digits, k->v.i.ndigits, k->v.i.base);
        if (o == NULL)
            c->failed = 1;
        return o;
    }
    case AST_CONST_FLOAT:
        return make_float(c, k->v.f);
    case AST_CONST_STR:
        return comp_str(c, k->v.s.data, k->v.s.len);
    case AST_CONST_BYTES:
    default:
        comp_error_expr(c, e, "bytes literals are not supported by ouro yet");
        return NULL;
    }
}

static Obj *fold(Compiler *c, const AstExpr *e);

/* A tuple of constants for elts, or NULL (no error) if some are not. */
static Obj *fold_tuple(Compiler *c, AstExprSeq elts)
{
    Obj *t = tuple_new(c->L, elts.len);
    if (t == NULL) {
        c->failed = 1;
        return NULL;
    }
    for (size_t i = 0; i < elts.len; i++) {
        Obj *v = fold(c, elts.items[i]);
        if (v == NULL) {
            /* Fill the rest so the tuple can be released. */
            for (size_t j = i; j < elts.len; j++)
                tuple_init_take(t, j, new_none(c->L));
            obj_decref(c->L, t);
            return NULL;
        }
        tuple_init_take(t, i, v);
    }
    return t;
}

static int nb_of(AstOperator op)
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

static int foldable_operand(Compiler *c, Obj *o)
{
    Lang *L = c->L;
    return int_check_exact(L, o) || IS_TYPE(o, L->t_bool) || float_check_exact(L, o);
}

/* The folded value of a binary operation on constants, or NULL (no
 * error): only numbers, and str + str / str * small int, as CPython's
 * safe_* limits allow. A failing operation (1 / 0) is left to run time. */
static Obj *fold_binop(Compiler *c, const AstExpr *e)
{
    Lang *L = c->L;
    Obj *a = fold(c, e->v.binop.left);
    if (a == NULL)
        return NULL;
    Obj *b = fold(c, e->v.binop.right);
    if (b == NULL) {
        obj_decref(L, a);
        return NULL;
    }
    int op = nb_of(e->v.binop.op);
    int ok = 0;
    if (foldable_operand(c, a) && foldable_operand(c, b) && op != NB_MATRIX_MULTIPLY)
        ok = 1;
    else if (str_check_exact(L, a) && str_check_exact(L, b) && op == NB_ADD)
        ok = str_length(a) + str_length(b) <= 4096;
    else if (str_check_exact(L, a) && int_check_exact(L, b) && op == NB_MULTIPLY) {
        int64_t n;
        ok = int_as_i64_exact(b, &n) && n >= 0 && n <= 4096 &&
             (str_length(a) == 0 || n <= 4096 / str_length(a));
    }
    if (ok && op == NB_POWER) {
        int64_t n;
        ok = int_check_exact(L, b) && int_as_i64_exact(b, &n) && n >= 0 && n <= 128;
    }
    if (ok && (op == NB_LSHIFT)) {
        int64_t n;
        ok = int_check_exact(L, b) && int_as_i64_exact(b, &n) && n >= 0 && n <= 64;
    }
    Obj *r = NULL;
    if (ok) {
        r = obj_binary_op(L, a, b, op);
        if (r == NULL)
            err_clear(L);
    }
    obj_decref(L, a);
    obj_decref(L, b);
    return r;
}

static Obj *fold_unary(Compiler *c, const AstExpr *e)
{
    Lang *L = c->L;
    AstUnaryOp op = e->v.unaryop.op;
    if (op == AST_NOT)
        return NULL;
    Obj *v = fold(c, e->v.unaryop.operand);
    if (v == NULL)
        return NULL;
    Obj *r = NULL;
    if (foldable_operand(c, v)) {
        r = op == AST_USUB ? obj_negative(L, v) : op == AST_UADD ? obj_positive(L, v)
                                                                 : obj_invert(L, v);
        if (r == NULL)
            err_clear(L);
    }
    obj_decref(L, v);
    return r;
}

/* The constant value of e if it is a constant expression, else NULL
 * without an error (c->failed tells errors apart). */
static Obj *fold(Compiler *c, const AstExpr *e)
{
    if (c->failed)
        return NULL;
    switch (e->kind) {
    case EXPR_CONSTANT:
        return constant_value(c, e);
    case EXPR_TUPLE:
        if (e->v.tuple.ctx != AST_LOAD)
            return NULL;
        for (size_t i = 0; i < e->v.tuple.elts.len; i++) {
            if (e->v.tuple.elts.items[i]->kind == EXPR_STARRED)
                return NULL;
        }
        return fold_tuple(c, e->v.tuple.elts);
    case EXPR_UNARYOP:
        return fold_unary(c, e);
    case EXPR_BINOP:
        return fold_binop(c, e);
    default:
        return NULL;
    }
}

int is_constant_expr(const AstExpr *e)
{
    return e->kind == EXPR_CONSTANT;
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

/* Visits e with its own location, restoring the current one after (so
 * the instruction that consumes e's value carries the parent's). */
int compile_expr(Compiler *c, AstExpr *e);

static int has_starred(AstExprSeq elts)
{
    for (size_t i = 0; i < elts.len; i++) {
        if (elts.items[i]->kind == EXPR_STARRED)
            return 1;
    }
    return 0;
}

/* A list, tuple or set display (CPython's starunpack_helper): n items,
 * or with starred items a list built up by extend then converted. */
static int starunpack(Compiler *c, AstExprSeq elts, unsigned build, unsigned add,
                      unsigned extend, int tuple)
{
    if (!has_starred(elts)) {
        for (size_t i = 0; i < elts.len; i++)
            CHECK(compile_expr(c, elts.items[i]));
        return emit(c, build, (unsigned)elts.len);
    }
    CHECK(emit(c, build, 0));
    for (size_t i = 0; i < elts.len; i++) {
        AstExpr *elt = elts.items[i];
        if (elt->kind == EXPR_STARRED) {
            CHECK(compile_expr(c, elt->v.starred.value));
            CHECK(emit(c, extend, 1));
        } else {
            CHECK(compile_expr(c, elt));
            CHECK(emit(c, add, 1));
        }
    }
    if (tuple)
        CHECK(emit(c, OP_LIST_TO_TUPLE, 0));
    return 0;
}

/* ------------------------------------------------------------------ */
/* Compile-time warnings (CPython's check_caller, check_subscripter,   */
/* check_index, check_compare)                                         */
/* ------------------------------------------------------------------ */

/* The type name a literal expression evaluates to, or NULL. */
static const char *infer_type(const AstExpr *e)
{
    switch (e->kind) {
    case EXPR_TUPLE: return "tuple";
    case EXPR_LIST: case EXPR_LISTCOMP: return "list";
    case EXPR_DICT: case EXPR_DICTCOMP: return "dict";
    case EXPR_SET: case EXPR_SETCOMP: return "set";
    case EXPR_GENERATOREXP: return "generator";
    case EXPR_LAMBDA: return "function";
    case EXPR_JOINEDSTR: case EXPR_FORMATTEDVALUE: return "str";
    case EXPR_CONSTANT:
        switch (e->v.constant.value.kind) {
        case AST_CONST_NONE: return "NoneType";
        case AST_CONST_TRUE: case AST_CONST_FALSE: return "bool";
        case AST_CONST_ELLIPSIS: return "ellipsis";
        case AST_CONST_INT: return "int";
        case AST_CONST_FLOAT: return "float";
        case AST_CONST_STR: return "str";
        case AST_CONST_BYTES: return "bytes";
        }
        return NULL;
    default:
        return NULL;
    }
}

static void check_caller(Compiler *c, const AstExpr *call, const AstExpr *f)
{
    switch (f->kind) {
    case EXPR_CONSTANT: case EXPR_TUPLE: case EXPR_LIST: case EXPR_LISTCOMP: case EXPR_DICT:
    case EXPR_DICTCOMP: case EXPR_SET: case EXPR_SETCOMP: case EXPR_GENERATOREXP:
    case EXPR_JOINEDSTR: case EXPR_FORMATTEDVALUE:
        comp_warn(c, call->lineno, "'%s' object is not callable; perhaps you missed a comma?",
                  infer_type(f));
        break;
    default:
        break;
    }
}

static void check_subscript(Compiler *c, const AstExpr *e)
{
    const AstExpr *v = e->v.subscript.value, *k = e->v.subscript.slice;
    AstConstKind kind = v->kind == EXPR_CONSTANT ? v->v.constant.value.kind : 0;
    switch (v->kind) {
    case EXPR_CONSTANT:
        if (kind != AST_CONST_NONE && kind != AST_CONST_ELLIPSIS && kind != AST_CONST_INT &&
            kind != AST_CONST_FLOAT && kind != AST_CONST_TRUE && kind != AST_CONST_FALSE)
            break;
        /* fall through */
    case EXPR_SET: case EXPR_SETCOMP: case EXPR_GENERATOREXP: case EXPR_LAMBDA:
        comp_warn(c, e->lineno, "'%s' object is not subscriptable; perhaps you missed a comma?",
                  infer_type(v));
        return;
    default:
        break;
    }
    const char *index_type = infer_type(k);
    if (index_type == NULL || strcmp(index_type, "int") == 0 || strcmp(index_type, "bool") == 0)
        return;
    switch (v->kind) {
    case EXPR_CONSTANT:
        if (kind != AST_CONST_STR && kind != AST_CONST_BYTES)
            return;
        /* fall through */
    case EXPR_TUPLE: case EXPR_LIST: case EXPR_LISTCOMP: case EXPR_JOINEDSTR:
    case EXPR_FORMATTEDVALUE:
        comp_warn(c, e->lineno,
                  "%s indices must be integers or slices, not %s; perhaps you missed a comma?",
                  infer_type(v), index_type);
        break;
    default:
        break;
    }
}

/* Whether `x is e` is fine for e: not a literal, or a singleton one. */
static int is_arg_ok(const AstExpr *e)
{
    if (e->kind != EXPR_CONSTANT)
        return 1;
    AstConstKind k = e->v.constant.value.kind;
    return k == AST_CONST_NONE || k == AST_CONST_TRUE || k == AST_CONST_FALSE ||
           k == AST_CONST_ELLIPSIS;
}

static void check_compare(Compiler *c, const AstExpr *e)
{
    int left = is_arg_ok(e->v.compare.left);
    for (size_t i = 0; i < e->v.compare.ops.len; i++) {
        int op = e->v.compare.ops.items[i];
        int right = is_arg_ok(e->v.compare.comparators.items[i]);
        if ((op == AST_IS || op == AST_ISNOT) && (!left || !right)) {
            comp_warn(c, e->lineno, op == AST_IS ? "\"is\" with a literal. Did you mean \"==\"?"
                                                 : "\"is not\" with a literal. Did you mean \"!=\"?");
            return;
        }
        left = right;
    }
}

/* ------------------------------------------------------------------ */
/* Conditions                                                          */
/* ------------------------------------------------------------------ */

static int cmp_op(Compiler *c, int op)
{
    switch (op) {
    case AST_EQ: return emit(c, OP_COMPARE_OP, CMP_EQ);
    case AST_NOTEQ: return emit(c, OP_COMPARE_OP, CMP_NE);
    case AST_LT: return emit(c, OP_COMPARE_OP, CMP_LT);
    case AST_LTE: return emit(c, OP_COMPARE_OP, CMP_LE);
    case AST_GT: return emit(c, OP_COMPARE_OP, CMP_GT);
    case AST_GTE: return emit(c, OP_COMPARE_OP, CMP_GE);
    case AST_IS: return emit(c, OP_IS_OP, 0);
    case AST_ISNOT: return emit(c, OP_IS_OP, 1);
    case AST_IN: return emit(c, OP_CONTAINS_OP, 0);
    case AST_NOTIN: return emit(c, OP_CONTAINS_OP, 1);
    }
    return -1;
}

/* The truth of a constant expression: 1/0, or -1 if e is not constant. */
static int constant_truth(Compiler *c, AstExpr *e)
{
    if (e->kind != EXPR_CONSTANT)
        return -1;
    const AstConstant *k = &e->v.constant.value;
    switch (k->kind) {
    case AST_CONST_NONE:
    case AST_CONST_FALSE:
        return 0;
    case AST_CONST_TRUE:
    case AST_CONST_ELLIPSIS:
        return 1;
    case AST_CONST_INT:
        return !(k->v.i.fits && k->v.i.small == 0);
    case AST_CONST_STR:
    case AST_CONST_BYTES:
        return k->v.s.len != 0;
    default:
        (void)c;
        return -1;
    }
}

int compile_jump_if(Compiler *c, AstExpr *e, int label, int cond)
{
    switch (e->kind) {
    case EXPR_UNARYOP:
        if (e->v.unaryop.op == AST_NOT)
            return compile_jump_if(c, e->v.unaryop.operand, label, !cond);
        break;
    case EXPR_BOOLOP: {
        AstExprSeq vals = e->v.boolop.values;
        int is_or = e->v.boolop.op == AST_OR;
        int next = label;
        if (is_or != cond) {
            next = new_label(c);
            CHECK(next);
        }
        for (size_t i = 0; i + 1 < vals.len; i++)
            CHECK(compile_jump_if(c, vals.items[i], next, is_or));
        CHECK(compile_jump_if(c, vals.items[vals.len - 1], label, cond));
        if (next != label)
            CHECK(bind_label(c, next));
        return 0;
    }
    case EXPR_IFEXP: {
        int end = new_label(c), next2 = new_label(c);
        CHECK(end);
        CHECK(next2);
        CHECK(compile_jump_if(c, e->v.ifexp.test, next2, 0));
        CHECK(compile_jump_if(c, e->v.ifexp.body, label, cond));
        CHECK(emit_jump(c, OP_JUMP, end));
        CHECK(bind_label(c, next2));
        CHECK(compile_jump_if(c, e->v.ifexp.orelse, label, cond));
        return bind_label(c, end);
    }
    case EXPR_COMPARE:
        if (e->v.compare.ops.len > 1) {
            /* a < b < c: jump from each link (CPython's compiler_jump_if). */
            set_loc_expr(c, e);
            size_t n = e->v.compare.ops.len - 1;
            check_compare(c, e);
            int cleanup = new_label(c);
            CHECK(cleanup);
            CHECK(compile_expr(c, e->v.compare.left));
            for (size_t i = 0; i < n; i++) {
                CHECK(compile_expr(c, e->v.compare.comparators.items[i]));
                CHECK(emit(c, OP_SWAP, 2));
                CHECK(emit(c, OP_COPY, 2));
                CHECK(cmp_op(c, e->v.compare.ops.items[i]));
                CHECK(emit_jump(c, OP_POP_JUMP_IF_FALSE, cleanup));
            }
            CHECK(compile_expr(c, e->v.compare.comparators.items[n]));
            CHECK(cmp_op(c, e->v.compare.ops.items[n]));
            CHECK(emit_jump(c, cond ? OP_POP_JUMP_IF_TRUE : OP_POP_JUMP_IF_FALSE, label));
            int end = new_label(c);
            CHECK(end);
            CHECK(emit_jump(c, OP_JUMP, end));
            CHECK(bind_label(c, cleanup));
            CHECK(emit(c, OP_POP_TOP, 0));
            if (!cond)
                CHECK(emit_jump(c, OP_JUMP, label));
            CHECK(bind_label(c, end));
            /* CPython 3.11 leaves the comparison's location in force: the
             * code after the jump (an assert's raise) reports it. */
            return 0;
        }
        if ((e->v.compare.ops.items[0] == AST_IS || e->v.compare.ops.items[0] == AST_ISNOT) &&
            e->v.compare.comparators.items[0]->kind == EXPR_CONSTANT &&
            e->v.compare.comparators.items[0]->v.constant.value.kind == AST_CONST_NONE) {
            /* `x is None` / `x is not None` as a test: one conditional
             * jump on x (CPython 3.11's POP_JUMP_IF_[NOT_]NONE). */
            int jump_if_none = (e->v.compare.ops.items[0] == AST_IS) == cond;
            check_compare(c, e);
            CHECK(compile_expr(c, e->v.compare.left));
            set_loc_expr(c, e);
            return emit_jump(c, jump_if_none ? OP_POP_JUMP_IF_NONE : OP_POP_JUMP_IF_NOT_NONE,
                             label);
        }
        CHECK(compile_expr(c, e));
        set_loc_expr(c, e);
        return emit_jump(c, cond ? OP_POP_JUMP_IF_TRUE : OP_POP_JUMP_IF_FALSE, label);
    default: {
        int t = constant_truth(c, e);
        if (t >= 0)
            return t == cond ? emit_jump(c, OP_JUMP, label) : 0;
        break;
    }
    }
    CHECK(compile_expr(c, e));
    return emit_jump(c, cond ? OP_POP_JUMP_IF_TRUE : OP_POP_JUMP_IF_FALSE, label);
}

/* ------------------------------------------------------------------ */
/* Calls                                                               */
/* ------------------------------------------------------------------ */

static int check_keywords(Compiler *c, AstKeywordSeq kws)
{
    for (size_t i = 0; i < kws.len; i++) {
        const char *a = kws.items[i]->arg;
        if (a == NULL)
            continue;
        for (size_t j = i + 1; j < kws.len; j++) {
            const char *b = kws.items[j]->arg;
            if (b != NULL && strcmp(a, b) == 0) {
                AstKeyword *k = kws.items[j];
                return comp_error(c, k->lineno, k->col_offset, k->end_lineno, k->end_col_offset,
                                  "keyword argument repeated: %s", a);
            }
        }
    }
    return 0;
}

/* The keyword arguments of a call as a dict on the stack (CALL_FUNCTION_EX). */
static int compile_kwargs_dict(Compiler *c, AstKeywordSeq kws)
{
    size_t pending = 0;
    int have_dict = 0;
    for (size_t i = 0; i < kws.len; i++) {
        AstKeyword *k = kws.items[i];
        if (k->arg == NULL) {
            if (pending || !have_dict) {
                CHECK(emit(c, OP_BUILD_MAP, (unsigned)pending));
                if (have_dict)
                    CHECK(emit(c, OP_DICT_MERGE, 1));
                have_dict = 1;
                pending = 0;
            }
            CHECK(compile_expr(c, k->value));
            CHECK(emit(c, OP_DICT_MERGE, 1));
            continue;
        }
        CHECK(emit_const_take(c, comp_str(c, k->arg, strlen(k->arg))));
        CHECK(compile_expr(c, k->value));
        pending++;
    }
    if (pending || !have_dict) {
        CHECK(emit(c, OP_BUILD_MAP, (unsigned)pending));
        if (have_dict)
            CHECK(emit(c, OP_DICT_MERGE, 1));
    }
    return 0;
}

/* Pushes the arguments and emits the call, with `already_pushed`
 * positional arguments on the stack above [NULL|meth, callable|self]
 * (CPython's compiler_call_helper). */
int compile_call_helper(Compiler *c, int already_pushed, AstExprSeq args, AstKeywordSeq kws)
{
    CHECK(check_keywords(c, kws));
    int ex = has_starred(args);
    for (size_t i = 0; i < kws.len && !ex; i++)
        ex = kws.items[i]->arg == NULL;
    if (!ex) {
        for (size_t i = 0; i < args.len; i++)
            CHECK(compile_expr(c, args.items[i]));
        /* The values before the names' tuple: a failure in one of them
         * would leak the tuple. */
        for (size_t i = 0; i < kws.len; i++)
            CHECK(compile_expr(c, kws.items[i]->value));
        if (kws.len) {
            Obj *names = tuple_new(c->L, kws.len);
            if (names == NULL)
                return comp_no_memory(c);
            for (size_t i = 0; i < kws.len; i++) {
                Obj *s = comp_str(c, kws.items[i]->arg, strlen(kws.items[i]->arg));
                if (s == NULL) {
                    for (size_t j = i; j < kws.len; j++)
                        tuple_init_take(names, j, new_none(c->L));
                    obj_decref(c->L, names);
                    return -1;
                }
                tuple_init_take(names, i, s);
            }
            int k = add_const_take(c, names);
            CHECK(k);
            CHECK(emit(c, OP_KW_NAMES, (unsigned)k));
        }
        return emit(c, OP_CALL, (unsigned)(already_pushed + (int)args.len + (int)kws.len));
    }
    /* f(*a, **k): a tuple of the positional arguments, a dict of the rest. */
    if (already_pushed == 0 && args.len == 1 && args.items[0]->kind == EXPR_STARRED) {
        CHECK(compile_expr(c, args.items[0]->v.starred.value));
        /* CALL_FUNCTION_EX converts a non-tuple itself. */
    } else if (!has_starred(args)) {
        for (size_t i = 0; i < args.len; i++)
            CHECK(compile_expr(c, args.items[i]));
        CHECK(emit(c, OP_BUILD_TUPLE, (unsigned)(already_pushed + (int)args.len)));
    } else {
        CHECK(emit(c, OP_BUILD_LIST, (unsigned)already_pushed));
        for (size_t i = 0; i < args.len; i++) {
            AstExpr *a = args.items[i];
            if (a->kind == EXPR_STARRED) {
                CHECK(compile_expr(c, a->v.starred.value));
                CHECK(emit(c, OP_LIST_EXTEND, 1));
            } else {
                CHECK(compile_expr(c, a));
                CHECK(emit(c, OP_LIST_APPEND, 1));
            }
        }
        CHECK(emit(c, OP_LIST_TO_TUPLE, 0));
    }
    if (kws.len) {
        CHECK(compile_kwargs_dict(c, kws));
        return emit(c, OP_CALL_FUNCTION_EX, 1);
    }
    return emit(c, OP_CALL_FUNCTION_EX, 0);
}

static int is_global_name(Compiler *c, AstExpr *e)
{
    if (e->kind != EXPR_NAME || !c->u->is_function)
        return 0;
    const char *m = comp_mangle(c, e->v.name.id);
    if (m == NULL)
        return 0;
    NameScope s = symtable_scope_of(c->u->scope, m);
    return s == SCOPE_GLOBAL_IMPLICIT || s == SCOPE_GLOBAL_EXPLICIT;
}

static int compile_call(Compiler *c, AstExpr *e)
{
    AstExpr *func = e->v.call.func;
    check_caller(c, e, func);
    AstExprSeq args = e->v.call.args;
    AstKeywordSeq kws = e->v.call.keywords;
    int simple = !has_starred(args);
    for (size_t i = 0; i < kws.len && simple; i++)
        simple = kws.items[i]->arg != NULL;
    if (func->kind == EXPR_ATTRIBUTE && func->v.attribute.ctx == AST_LOAD && simple) {
        /* obj.m(...): LOAD_METHOD, no bound method. */
        CHECK(compile_expr(c, func->v.attribute.value));
        CodeLoc saved = c->u->loc;
        set_loc_expr(c, func);
        CHECK(emit_name_op(c, OP_LOAD_METHOD, func->v.attribute.attr));
        c->u->loc = saved;
        return compile_call_helper(c, 0, args, kws);
    }
    if (is_global_name(c, func)) {
        int i = add_name(c, func->v.name.id);
        CHECK(i);
        CodeLoc saved = c->u->loc;
        set_loc_expr(c, func);
        CHECK(emit(c, OP_LOAD_GLOBAL, ((unsigned)i << 1) | 1));
        c->u->loc = saved;
    } else {
        CHECK(emit(c, OP_PUSH_NULL, 0));
        CHECK(compile_expr(c, func));
    }
    return compile_call_helper(c, 0, args, kws);
}

/* ------------------------------------------------------------------ */
/* Displays and comprehensions                                         */
/* ------------------------------------------------------------------ */

static int compile_dict(Compiler *c, AstExpr *e)
{
    AstExprSeq keys = e->v.dict.keys, values = e->v.dict.values;
    size_t n = values.len, pending = 0;
    int have_dict = 0;
    for (size_t i = 0; i < n; i++) {
        if (keys.items[i] == NULL) {
            if (!have_dict) {
                CHECK(emit(c, OP_BUILD_MAP, (unsigned)pending));
                have_dict = 1;
                pending = 0;
            }
            CHECK(compile_expr(c, values.items[i]));
            CHECK(emit(c, OP_DICT_UPDATE, 1));
            continue;
        }
        CHECK(compile_expr(c, keys.items[i]));
        CHECK(compile_expr(c, values.items[i]));
        if (have_dict)
            CHECK(emit(c, OP_MAP_ADD, 1));
        else if (++pending == 16) {
            CHECK(emit(c, OP_BUILD_MAP, 16));
            have_dict = 1;
            pending = 0;
        }
    }
    if (!have_dict)
        CHECK(emit(c, OP_BUILD_MAP, (unsigned)pending));
    return 0;
}

/* The loops of a comprehension, inside its own function: generator gi of
 * gens, then the element (CPython's compiler_comprehension_generator). */
static int comprehension_loop(Compiler *c, AstComprehensionSeq gens, size_t gi, AstExprKind kind,
                              AstExpr *elt, AstExpr *value)
{
    AstComprehension *g = gens.items[gi];
    int start = new_label(c), anchor = new_label(c);
    CHECK(start);
    CHECK(anchor);
    if (gi == 0) {
        CHECK(emit(c, OP_LOAD_FAST, 0));      /* .0, the outermost iterator */
    } else {
        CHECK(compile_expr(c, g->iter));
        CHECK(emit(c, OP_GET_ITER, 0));
    }
    CHECK(bind_label(c, start));
    CHECK(emit_jump(c, OP_FOR_ITER, anchor));
    CHECK(compile_store(c, g->target));
    for (size_t i = 0; i < g->ifs.len; i++)
        CHECK(compile_jump_if(c, g->ifs.items[i], start, 0));
    if (gi + 1 < gens.len) {
        CHECK(comprehension_loop(c, gens, gi + 1, kind, elt, value));
    } else {
        /* The container is below one iterator per generator. */
        unsigned depth = (unsigned)gens.len + 1;
        switch (kind) {
        case EXPR_LISTCOMP:
        case EXPR_GENERATOREXP:
            CHECK(compile_expr(c, elt));
            CHECK(emit(c, OP_LIST_APPEND, depth));
            break;
        case EXPR_SETCOMP:
            CHECK(compile_expr(c, elt));
            CHECK(emit(c, OP_SET_ADD, depth));
            break;
        default:
            CHECK(compile_expr(c, elt));       /* the key */
            CHECK(compile_expr(c, value));
            CHECK(emit(c, OP_MAP_ADD, depth));
            break;
        }
    }
    CHECK(emit_jump(c, OP_JUMP, start));
    return bind_label(c, anchor);
}

/* A comprehension is a function called with the outermost iterator (its
 * own scope, as CPython 3.11). A generator expression is evaluated the
 * same way into a list and iterated: ouro has no generators yet. */
static int compile_comprehension(Compiler *c, AstExpr *e, AstComprehensionSeq gens,
                                 AstExpr *elt, AstExpr *value)
{
    static const char *const names[] = {"<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>"};
    const char *name = e->kind == EXPR_LISTCOMP   ? names[0]
                       : e->kind == EXPR_SETCOMP  ? names[1]
                       : e->kind == EXPR_DICTCOMP ? names[2] : names[3];
    CodeLoc saved = c->u->loc;
    CHECK(enter_unit(c, e, name, e->lineno));
    c->u->argcount = 1;
    set_loc_expr(c, e);
    unsigned build = e->kind == EXPR_SETCOMP    ? OP_BUILD_SET
                     : e->kind == EXPR_DICTCOMP ? OP_BUILD_MAP : OP_BUILD_LIST;
    if (emit(c, build, 0) < 0 ||
        comprehension_loop(c, gens, 0, e->kind, elt, value) < 0 ||
        emit(c, OP_RETURN_VALUE, 0) < 0) {
        leave_unit(c);
        return -1;
    }
    Obj *code = leave_unit(c);
    if (code == NULL)
        return -1;
    c->u->loc = saved;
    CHECK(make_closure(c, code, 0));
    CHECK(compile_expr(c, gens.items[0]->iter));
    CHECK(emit(c, OP_GET_ITER, 0));
    set_loc_expr(c, e);
    CHECK(emit(c, OP_CALL, 0));
    if (e->kind == EXPR_GENERATOREXP)
        CHECK(emit(c, OP_GET_ITER, 0));
    c->u->loc = saved;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Lambda                                                              */
/* ------------------------------------------------------------------ */

int compile_arguments_defaults(Compiler *c, AstArguments *a, unsigned *flags)
{
    if (a->defaults.len) {
        AstExprSeq d = a->defaults;
        Obj *t = NULL;
        int all_const = 1;
        for (size_t i = 0; i < d.len && all_const; i++)
            all_const = d.items[i]->kind == EXPR_CONSTANT;
        if (all_const && (t = fold_tuple(c, d)) != NULL) {
            CHECK(emit_const_take(c, t));
        } else {
            if (c->failed)
                return -1;
            for (size_t i = 0; i < d.len; i++)
                CHECK(compile_expr(c, d.items[i]));
            CHECK(emit(c, OP_BUILD_TUPLE, (unsigned)d.len));
        }
        *flags |= MAKE_FUNCTION_DEFAULTS;
    }
    size_t nkw = 0;
    for (size_t i = 0; i < a->kwonlyargs.len; i++) {
        AstExpr *d = a->kw_defaults.items[i];
        if (d == NULL)
            continue;
        const char *m = comp_mangle(c, a->kwonlyargs.items[i]->arg);
        if (m == NULL)
            return -1;
        CHECK(emit_const_take(c, comp_str(c, m, strlen(m))));
        CHECK(compile_expr(c, d));
        nkw++;
    }
    if (nkw) {
        CHECK(emit(c, OP_BUILD_MAP, (unsigned)nkw));
        *flags |= MAKE_FUNCTION_KWDEFAULTS;
    }
    return 0;
}

static void set_arg_counts(Compiler *c, AstArguments *a)
{
    c->u->argcount = (int)(a->posonlyargs.len + a->args.len);
    c->u->posonlyargcount = (int)a->posonlyargs.len;
    c->u->kwonlyargcount = (int)a->kwonlyargs.len;
}

static int compile_lambda(Compiler *c, AstExpr *e)
{
    unsigned flags = 0;
    CodeLoc saved = c->u->loc;
    CHECK(compile_arguments_defaults(c, e->v.lambda.args, &flags));
    CHECK(enter_unit(c, e, "<lambda>", e->lineno));
    set_arg_counts(c, e->v.lambda.args);
    /* None first: a lambda has no docstring. */
    if (add_const_take(c, new_none(c->L)) < 0) {
        leave_unit(c);
        return -1;
    }
    set_loc_expr(c, e->v.lambda.body);
    if (compile_expr(c, e->v.lambda.body) < 0 || emit(c, OP_RETURN_VALUE, 0) < 0) {
        leave_unit(c);
        return -1;
    }
    Obj *code = leave_unit(c);
    if (code == NULL)
        return -1;
    c->u->loc = saved;
    return make_closure(c, code, flags);
}

/* ------------------------------------------------------------------ */
/* f-strings                                                           */
/* ------------------------------------------------------------------ */

static int compile_formatted(Compiler *c, AstExpr *e)
{
    CHECK(compile_expr(c, e->v.formattedvalue.value));
    unsigned arg = 0;
    switch (e->v.formattedvalue.conversion) {
    case 's': arg = FVC_STR; break;
    case 'r': arg = FVC_REPR; break;
    case 'a': arg = FVC_ASCII; break;
    default: arg = FVC_NONE; break;
    }
    if (e->v.formattedvalue.format_spec != NULL) {
        CHECK(compile_expr(c, e->v.formattedvalue.format_spec));
        arg |= FVS_HAVE_SPEC;
    }
    return emit(c, OP_FORMAT_VALUE, arg);
}

static int compile_joined(Compiler *c, AstExpr *e)
{
    AstExprSeq vals = e->v.joinedstr.values;
    if (vals.len == 0)
        return emit_const(c, c->L->empty_str);
    for (size_t i = 0; i < vals.len; i++)
        CHECK(compile_expr(c, vals.items[i]));
    if (vals.len == 1 && vals.items[0]->kind == EXPR_FORMATTEDVALUE)
        return 0;
    if (vals.len == 1)
        return 0;
    return emit(c, OP_BUILD_STRING, (unsigned)vals.len);
}

/* ------------------------------------------------------------------ */
/* Expressions                                                         */
/* ------------------------------------------------------------------ */

static int compile_compare(Compiler *c, AstExpr *e)
{
    size_t n = e->v.compare.ops.len - 1;
    check_compare(c, e);
    CHECK(compile_expr(c, e->v.compare.left));
    if (n == 0) {
        CHECK(compile_expr(c, e->v.compare.comparators.items[0]));
        return cmp_op(c, e->v.compare.ops.items[0]);
    }
    int cleanup = new_label(c), end = new_label(c);
    CHECK(cleanup);
    CHECK(end);
    for (size_t i = 0; i < n; i++) {
        CHECK(compile_expr(c, e->v.compare.comparators.items[i]));
        CHECK(emit(c, OP_SWAP, 2));
        CHECK(emit(c, OP_COPY, 2));
        CHECK(cmp_op(c, e->v.compare.ops.items[i]));
        CHECK(emit_jump(c, OP_JUMP_IF_FALSE_OR_POP, cleanup));
    }
    CHECK(compile_expr(c, e->v.compare.comparators.items[n]));
    CHECK(cmp_op(c, e->v.compare.ops.items[n]));
    CHECK(emit_jump(c, OP_JUMP, end));
    CHECK(bind_label(c, cleanup));
    CHECK(emit(c, OP_SWAP, 2));
    CHECK(emit(c, OP_POP_TOP, 0));
    return bind_label(c, end);
}

static int compile_boolop(Compiler *c, AstExpr *e)
{
    AstExprSeq vals = e->v.boolop.values;
    unsigned jump = e->v.boolop.op == AST_AND ? OP_JUMP_IF_FALSE_OR_POP : OP_JUMP_IF_TRUE_OR_POP;
    int end = new_label(c);
    CHECK(end);
    for (size_t i = 0; i + 1 < vals.len; i++) {
        CHECK(compile_expr(c, vals.items[i]));
        CHECK(emit_jump(c, jump, end));
    }
    CHECK(compile_expr(c, vals.items[vals.len - 1]));
    return bind_label(c, end);
}

static int compile_slice(Compiler *c, AstExpr *e)
{
    unsigned n = 2;
    if (e->v.slice.lower)
        CHECK(compile_expr(c, e->v.slice.lower));
    else
        CHECK(emit_none(c));
    if (e->v.slice.upper)
        CHECK(compile_expr(c, e->v.slice.upper));
    else
        CHECK(emit_none(c));
    if (e->v.slice.step) {
        CHECK(compile_expr(c, e->v.slice.step));
        n = 3;
    }
    return emit(c, OP_BUILD_SLICE, n);
}

static unsigned unary_opcode(AstUnaryOp op)
{
    switch (op) {
    case AST_INVERT: return OP_UNARY_INVERT;
    case AST_NOT: return OP_UNARY_NOT;
    case AST_UADD: return OP_UNARY_POSITIVE;
    default: return OP_UNARY_NEGATIVE;
    }
}

static int compile_expr_inner(Compiler *c, AstExpr *e)
{
    switch (e->kind) {
    case EXPR_BOOLOP:
        return compile_boolop(c, e);
    case EXPR_NAMEDEXPR:
        CHECK(compile_expr(c, e->v.namedexpr.value));
        CHECK(emit(c, OP_COPY, 1));
        return compile_store(c, e->v.namedexpr.target);
    case EXPR_BINOP: {
        Obj *k = fold(c, e);
        if (k != NULL)
            return emit_const_take(c, k);
        if (c->failed)
            return -1;
        CHECK(compile_expr(c, e->v.binop.left));
        CHECK(compile_expr(c, e->v.binop.right));
        return emit(c, OP_BINARY_OP, (unsigned)nb_of(e->v.binop.op));
    }
    case EXPR_UNARYOP: {
        Obj *k = fold(c, e);
        if (k != NULL)
            return emit_const_take(c, k);
        if (c->failed)
            return -1;
        CHECK(compile_expr(c, e->v.unaryop.operand));
        return emit(c, unary_opcode(e->v.unaryop.op), 0);
    }
    case EXPR_LAMBDA:
        return compile_lambda(c, e);
    case EXPR_IFEXP: {
        int orelse = new_label(c), end = new_label(c);
        CHECK(orelse);
        CHECK(end);
        CHECK(compile_jump_if(c, e->v.ifexp.test, orelse, 0));
        CHECK(compile_expr(c, e->v.ifexp.body));
        CHECK(emit_jump(c, OP_JUMP, end));
        CHECK(bind_label(c, orelse));
        CHECK(compile_expr(c, e->v.ifexp.orelse));
        return bind_label(c, end);
    }
    case EXPR_DICT:
        return compile_dict(c, e);
    case EXPR_SET:
        return starunpack(c, e->v.set.elts, OP_BUILD_SET, OP_SET_ADD, OP_SET_UPDATE, 0);
    case EXPR_LISTCOMP:
        return compile_comprehension(c, e, e->v.listcomp.generators, e->v.listcomp.elt, NULL);
    case EXPR_SETCOMP:
        return compile_comprehension(c, e, e->v.setcomp.generators, e->v.setcomp.elt, NULL);
    case EXPR_DICTCOMP:
        return compile_comprehension(c, e, e->v.dictcomp.generators, e->v.dictcomp.key,
                                     e->v.dictcomp.value);
    case EXPR_GENERATOREXP:
        return compile_comprehension(c, e, e->v.generatorexp.generators,
                                     e->v.generatorexp.elt, NULL);
    case EXPR_YIELD:
    case EXPR_YIELDFROM:
        return comp_error_expr(c, e, "generators ('yield') are not supported by ouro yet");
    case EXPR_COMPARE:
        return compile_compare(c, e);
    case EXPR_CALL:
        return compile_call(c, e);
    case EXPR_FORMATTEDVALUE:
        return compile_formatted(c, e);
    case EXPR_JOINEDSTR:
        return compile_joined(c, e);
    case EXPR_CONSTANT: {
        Obj *k = constant_value(c, e);
        return k == NULL ? -1 : emit_const_take(c, k);
    }
    case EXPR_ATTRIBUTE:
        if (e->v.attribute.ctx != AST_LOAD)
            return comp_error_expr(c, e, "compiler: attribute target in load context");
        CHECK(compile_expr(c, e->v.attribute.value));
        return emit_name_op(c, OP_LOAD_ATTR, e->v.attribute.attr);
    case EXPR_SUBSCRIPT:
        check_subscript(c, e);
        CHECK(compile_expr(c, e->v.subscript.value));
        CHECK(compile_expr(c, e->v.subscript.slice));
        return emit(c, OP_BINARY_SUBSCR, 0);
    case EXPR_STARRED:
        return comp_error_expr(c, e, "can't use starred expression here");
    case EXPR_SLICE:
        return compile_slice(c, e);
    case EXPR_NAME:
        return compile_nameop(c, e->v.name.id, AST_LOAD);
    case EXPR_LIST:
        return starunpack(c, e->v.list.elts, OP_BUILD_LIST, OP_LIST_APPEND, OP_LIST_EXTEND, 0);
    case EXPR_TUPLE: {
        Obj *k = fold(c, e);
        if (k != NULL)
            return emit_const_take(c, k);
        if (c->failed)
            return -1;
        if (has_starred(e->v.tuple.elts))
            return starunpack(c, e->v.tuple.elts, OP_BUILD_LIST, OP_LIST_APPEND,
                              OP_LIST_EXTEND, 1);
        return starunpack(c, e->v.tuple.elts, OP_BUILD_TUPLE, 0, 0, 0);
    }
    }
    return comp_error_expr(c, e, "compiler: unknown expression");
}

int compile_expr(Compiler *c, AstExpr *e)
{
    if (c->failed)
        return -1;
    CodeLoc saved = c->u->loc;
    set_loc_expr(c, e);
    int r = compile_expr_inner(c, e);
    c->u->loc = saved;
    return r;
}

/* ------------------------------------------------------------------ */
/* Targets                                                             */
/* ------------------------------------------------------------------ */

static int compile_unpack(Compiler *c, AstExpr *e, AstExprSeq elts)
{
    size_t n = elts.len, star = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        if (elts.items[i]->kind != EXPR_STARRED)
            continue;
        if (star != (size_t)-1)
            return comp_error_expr(c, elts.items[i], "multiple starred expressions in assignment");
        star = i;
    }
    if (star == (size_t)-1) {
        CHECK(emit(c, OP_UNPACK_SEQUENCE, (unsigned)n));
    } else {
        size_t after = n - star - 1;
        if (star >= 256 || after >= (1u << 16))
            return comp_error_expr(c, e, "too many expressions in star-unpacking assignment");
        CHECK(emit(c, OP_UNPACK_EX, (unsigned)(star | (after << 8))));
    }
    for (size_t i = 0; i < n; i++) {
        AstExpr *t = elts.items[i];
        CHECK(compile_store(c, t->kind == EXPR_STARRED ? t->v.starred.value : t));
    }
    return 0;
}

int compile_store(Compiler *c, AstExpr *t)
{
    CodeLoc saved = c->u->loc;
    set_loc_expr(c, t);
    int r = -1;
    switch (t->kind) {
    case EXPR_NAME:
        r = compile_nameop(c, t->v.name.id, AST_STORE);
        break;
    case EXPR_ATTRIBUTE:
        if (compile_expr(c, t->v.attribute.value) == 0)
            r = emit_name_op(c, OP_STORE_ATTR, t->v.attribute.attr);
        break;
    case EXPR_SUBSCRIPT:
        if (compile_expr(c, t->v.subscript.value) == 0 &&
            compile_expr(c, t->v.subscript.slice) == 0)
            r = emit(c, OP_STORE_SUBSCR, 0);
        break;
    case EXPR_TUPLE:
        r = compile_unpack(c, t, t->v.tuple.elts);
        break;
    case EXPR_LIST:
        r = compile_unpack(c, t, t->v.list.elts);
        break;
    case EXPR_STARRED:
        r = comp_error_expr(c, t, "starred assignment target must be in a list or tuple");
        break;
    default:
        r = comp_error_expr(c, t, "cannot assign to expression");
        break;
    }
    c->u->loc = saved;
    return r;
}

int compile_delete(Compiler *c, AstExpr *t)
{
    CodeLoc saved = c->u->loc;
    set_loc_expr(c, t);
    int r = -1;
    switch (t->kind) {
    case EXPR_NAME:
        r = compile_nameop(c, t->v.name.id, AST_DEL);
        break;
    case EXPR_ATTRIBUTE:
        if (compile_expr(c, t->v.attribute.value) == 0)
            r = emit_name_op(c, OP_DELETE_ATTR, t->v.attribute.attr);
        break;
    case EXPR_SUBSCRIPT:
        if (compile_expr(c, t->v.subscript.value) == 0 &&
            compile_expr(c, t->v.subscript.slice) == 0)
            r = emit(c, OP_DELETE_SUBSCR, 0);
        break;
    case EXPR_TUPLE:
    case EXPR_LIST: {
        AstExprSeq elts = t->kind == EXPR_TUPLE ? t->v.tuple.elts : t->v.list.elts;
        r = 0;
        for (size_t i = 0; i < elts.len && r == 0; i++)
            r = compile_delete(c, elts.items[i]);
        break;
    }
    default:
        r = comp_error_expr(c, t, "cannot delete expression");
        break;
    }
    c->u->loc = saved;
    return r;
}
