/*
 * parse_target.c - assignment, `for` and `del` targets, comprehension
 * clauses, and CPython's checks on invalid targets
 * (_PyPegen_get_invalid_target, _PyPegen_get_expr_name).
 *
 * A target is read as a primary (an atom with trailers, whose tuples and
 * lists may hold starred items) and then checked against the target
 * grammar; a primary cannot run into the `in` of a `for`, which a full
 * expression would swallow as a comparison.
 */
#include <string.h>

#include "parser_impl.h"

const char *parse_expr_name(const AstExpr *e)
{
    switch (e->kind) {
    case EXPR_ATTRIBUTE: return "attribute";
    case EXPR_SUBSCRIPT: return "subscript";
    case EXPR_STARRED: return "starred";
    case EXPR_NAME: return "name";
    case EXPR_LIST: return "list";
    case EXPR_TUPLE: return "tuple";
    case EXPR_LAMBDA: return "lambda";
    case EXPR_CALL: return "function call";
    case EXPR_BOOLOP: case EXPR_BINOP: case EXPR_UNARYOP: return "expression";
    case EXPR_GENERATOREXP: return "generator expression";
    case EXPR_YIELD: case EXPR_YIELDFROM: return "yield expression";
    case EXPR_LISTCOMP: return "list comprehension";
    case EXPR_SETCOMP: return "set comprehension";
    case EXPR_DICTCOMP: return "dict comprehension";
    case EXPR_DICT: return "dict literal";
    case EXPR_SET: return "set display";
    case EXPR_JOINEDSTR: case EXPR_FORMATTEDVALUE: return "f-string expression";
    case EXPR_CONSTANT:
        switch (e->v.constant.value.kind) {
        case AST_CONST_NONE: return "None";
        case AST_CONST_FALSE: return "False";
        case AST_CONST_TRUE: return "True";
        case AST_CONST_ELLIPSIS: return "ellipsis";
        default: return "literal";
        }
    case EXPR_COMPARE: return "comparison";
    case EXPR_IFEXP: return "conditional expression";
    case EXPR_NAMEDEXPR: return "named expression";
    default: return "expression";
    }
}

const AstExpr *parse_invalid_target(const AstExpr *e, enum TargetsType type)
{
    if (e == NULL)
        return NULL;
    switch (e->kind) {
    case EXPR_LIST:
    case EXPR_TUPLE: {
        AstExprSeq elts = e->kind == EXPR_LIST ? e->v.list.elts : e->v.tuple.elts;
        for (size_t i = 0; i < elts.len; i++) {
            const AstExpr *child = parse_invalid_target(elts.items[i], type);
            if (child != NULL)
                return child;
        }
        return NULL;
    }
    case EXPR_STARRED:
        if (type == DEL_TARGETS)
            return e;
        return parse_invalid_target(e->v.starred.value, type);
    case EXPR_COMPARE:
        /* `for a in b` reads as a comparison: look left of the `in`. */
        if (type == FOR_TARGETS) {
            if (e->v.compare.ops.items[0] == AST_IN)
                return parse_invalid_target(e->v.compare.left, type);
            return NULL;
        }
        return e;
    case EXPR_NAME:
    case EXPR_SUBSCRIPT:
    case EXPR_ATTRIBUTE:
        return NULL;
    default:
        return e;
    }
}

void *parse_raise_invalid_target(Parser *p, enum TargetsType type, const AstExpr *e)
{
    const AstExpr *bad = parse_invalid_target(e, type);
    if (bad == NULL)
        return NULL;
    return parse_raise_node(p, bad, type == DEL_TARGETS ? "cannot delete %s" : "cannot assign to %s",
                            parse_expr_name(bad));
}

void parse_set_context(AstExpr *e, AstContext ctx)
{
    switch (e->kind) {
    case EXPR_NAME: e->v.name.ctx = ctx; break;
    case EXPR_ATTRIBUTE: e->v.attribute.ctx = ctx; break;
    case EXPR_SUBSCRIPT: e->v.subscript.ctx = ctx; break;
    case EXPR_STARRED:
        e->v.starred.ctx = ctx;
        parse_set_context(e->v.starred.value, ctx);
        break;
    case EXPR_LIST:
        e->v.list.ctx = ctx;
        for (size_t i = 0; i < e->v.list.elts.len; i++)
            parse_set_context(e->v.list.elts.items[i], ctx);
        break;
    case EXPR_TUPLE:
        e->v.tuple.ctx = ctx;
        for (size_t i = 0; i < e->v.tuple.elts.len; i++)
            parse_set_context(e->v.tuple.elts.items[i], ctx);
        break;
    default:
        break;
    }
}

/* ------------------------------------------------------------------ */
/* star_targets                                                        */
/* ------------------------------------------------------------------ */

/* Does e match star_target (starred allowed only as a whole item)? */
static bool valid_star_target(const AstExpr *e, bool starred_ok)
{
    switch (e->kind) {
    case EXPR_NAME: case EXPR_ATTRIBUTE: case EXPR_SUBSCRIPT:
        return true;
    case EXPR_STARRED:
        return starred_ok && !e->parenthesized && e->v.starred.value->kind != EXPR_STARRED &&
               valid_star_target(e->v.starred.value, false);
    case EXPR_TUPLE:
    case EXPR_LIST: {
        AstExprSeq elts = e->kind == EXPR_LIST ? e->v.list.elts : e->v.tuple.elts;
        for (size_t i = 0; i < elts.len; i++)
            if (!valid_star_target(elts.items[i], true))
                return false;
        return true;
    }
    default:
        return false;
    }
}

/* One star_target, read as a primary: '*' star_target | primary. */
static AstExpr *target_item(Parser *p)
{
    Pos start = parse_pos(p);
    if (!accept(p, TOK_STAR)) {
        /* t_primary starts with any atom ("'s'.x", "(1)[0]", ...) */
        TokType type = peek_type(p, 0);
        if (!parse_starts_expression(type) || type == TOK_MINUS || type == TOK_PLUS ||
            type == TOK_TILDE || type == TOK_NOT || type == TOK_LAMBDA || type == TOK_AWAIT)
            return parse_fail(p);
        return parse_primary(p);
    }
    if (at(p, TOK_STAR) || !parse_enter(p))
        return parse_fail(p);
    AstExpr *value = target_item(p);
    parse_leave(p);
    if (value == NULL)
        return NULL;
    AstExpr *e = parse_new_expr(p, EXPR_STARRED, start);
    if (e != NULL) {
        e->v.starred.value = value;
        e->v.starred.ctx = AST_STORE;
    }
    return e;
}

AstExpr *parse_star_target(Parser *p)
{
    ParseTry m = parse_try_begin(p);
    p->in_invalid++;
    AstExpr *e = target_item(p);
    p->in_invalid--;
    bool ok = e != NULL && valid_star_target(e, true);
    if (!parse_try_end(p, m, ok))
        return NULL;
    parse_set_context(e, AST_STORE);
    return e;
}

/* star_targets: star_target !',' | star_target (',' star_target)* [','] */
AstExpr *parse_star_targets(Parser *p)
{
    Pos start = parse_pos(p);
    size_t m = p->mark;
    AstExpr *first = parse_star_target(p);
    if (first == NULL || !at(p, TOK_COMMA))
        return first;
    size_t base = seq_start(p);
    if (!parse_push(p, first))
        return NULL;
    while (accept(p, TOK_COMMA)) {
        TokType type = peek_type(p, 0);
        if (type != TOK_STAR && type != TOK_NAME && type != TOK_LPAR && type != TOK_LSQB)
            break;
        size_t before = p->mark;
        AstExpr *item = parse_star_target(p);
        if (item == NULL) {
            p->mark = before;
            if (p->error)
                return NULL;
            seq_drop(p, base);
            p->mark = m;
            return NULL;
        }
        if (!parse_push(p, item))
            return NULL;
    }
    AstExprSeq elts = parse_seq_exprs(p, base);
    AstExpr *t = parse_new_expr(p, EXPR_TUPLE, start);
    if (t != NULL) {
        t->v.tuple.elts = elts;
        t->v.tuple.ctx = AST_STORE;
    }
    return t;
}

/* ------------------------------------------------------------------ */
/* del targets                                                         */
/* ------------------------------------------------------------------ */

static bool valid_del_target(const AstExpr *e)
{
    switch (e->kind) {
    case EXPR_NAME: case EXPR_ATTRIBUTE: case EXPR_SUBSCRIPT:
        return true;
    case EXPR_TUPLE:
    case EXPR_LIST: {
        AstExprSeq elts = e->kind == EXPR_LIST ? e->v.list.elts : e->v.tuple.elts;
        for (size_t i = 0; i < elts.len; i++)
            if (!valid_del_target(elts.items[i]))
                return false;
        return true;
    }
    default:
        return false;
    }
}

/* del_target (',' del_target)* [','], each a primary; NULL if none. */
static AstExpr *del_target_list(Parser *p)
{
    Pos start = parse_pos(p);
    size_t base = seq_start(p);
    do {
        TokType type = peek_type(p, 0);
        if (p->nscratch > base && type != TOK_NAME && type != TOK_LPAR && type != TOK_LSQB)
            break;
        AstExpr *e = target_item(p);
        if (e == NULL || e->kind == EXPR_STARRED || !valid_del_target(e) || !parse_push(p, e)) {
            seq_drop(p, base);
            return NULL;
        }
    } while (accept(p, TOK_COMMA));
    if (p->nscratch - base == 1 && last_token(p)->type != TOK_COMMA) {
        AstExpr *e = p->scratch[base];
        seq_drop(p, base);
        return e;
    }
    AstExprSeq elts = parse_seq_exprs(p, base);
    AstExpr *t = parse_new_expr(p, EXPR_TUPLE, start);
    if (t != NULL) {
        t->v.tuple.elts = elts;
        t->v.tuple.ctx = AST_DEL;
    }
    return t;
}

/* del_targets: ','.del_target+ [','], followed by ';' or NEWLINE; else
 * invalid_del_stmt's "cannot delete ...". */
AstExprSeq parse_del_targets(Parser *p, bool *ok)
{
    AstExprSeq none = {NULL, 0};
    *ok = false;
    ParseTry m = parse_try_begin(p);
    p->in_invalid++;
    AstExpr *e = del_target_list(p);
    p->in_invalid--;
    bool matched = parse_try_end(p, m, e != NULL && (at(p, TOK_SEMI) || at(p, TOK_NEWLINE)));
    if (p->error)
        return none;
    if (!matched) {
        /* invalid_del_stmt: 'del' star_expressions */
        ParseCheck hwm = parse_check_begin(p);
        m = parse_try_begin(p);
        e = parse_star_expressions(p);
        if (parse_try_end(p, m, e != NULL))
            parse_raise_invalid_target(p, DEL_TARGETS, e);
        parse_check_end(p, hwm);
        if (!p->error)
            parse_fail(p);
        return none;
    }
    parse_set_context(e, AST_DEL);
    *ok = true;
    if (e->kind == EXPR_TUPLE && !e->parenthesized)
        return e->v.tuple.elts;
    return parse_seq1(p, e);
}

/* ------------------------------------------------------------------ */
/* Comprehension clauses                                               */
/* ------------------------------------------------------------------ */

/* invalid_for_target: 'for' star_expressions, at the token after 'for'. */
static void *invalid_for_target(Parser *p)
{
    ParseCheck hwm = parse_check_begin(p);
    ParseTry m = parse_try_begin(p);
    AstExpr *e = parse_star_expressions(p);
    if (parse_try_end(p, m, e != NULL) && parse_raise_invalid_target(p, FOR_TARGETS, e) == NULL &&
        !p->error)
        p->mark = m.mark;
    parse_check_end(p, hwm);
    if (p->error)
        return NULL;
    return parse_fail(p);
}

AstExpr *parse_for_target(Parser *p)
{
    size_t m = p->mark;
    AstExpr *target = parse_star_targets(p);
    if (p->error)
        return NULL;
    if (target == NULL || !at(p, TOK_IN)) {
        p->mark = m;
        return invalid_for_target(p);
    }
    advance(p);
    return target;
}

AstComprehensionSeq parse_for_if_clauses(Parser *p, bool *ok)
{
    AstComprehensionSeq none = {NULL, 0};
    *ok = false;
    size_t base = seq_start(p);
    while (at(p, TOK_FOR) || at(p, TOK_ASYNC)) {
        Token *t = advance(p);
        if (t->type == TOK_ASYNC) {
            parse_unsupported(p, t, "asynchronous comprehensions are");
            return none;
        }
        AstExpr *target = parse_for_target(p);
        if (target == NULL)
            return none;
        AstExpr *iter = parse_disjunction(p);
        if (iter == NULL)
            return none;
        size_t ifs_base = seq_start(p);
        while (accept(p, TOK_IF)) {
            AstExpr *cond = parse_disjunction(p);
            if (cond == NULL || !parse_push(p, cond))
                return none;
        }
        AstExprSeq ifs = parse_seq_exprs(p, ifs_base);
        AstComprehension *c = parse_alloc(p, sizeof *c);
        if (c == NULL)
            return none;
        c->target = target;
        c->iter = iter;
        c->ifs = ifs;
        if (!parse_push(p, c))
            return none;
    }
    AstComprehensionSeq gens = parse_seq_comprehensions(p, base);
    *ok = !p->error && gens.len > 0;
    if (!*ok && !p->error)
        parse_fail(p);
    return gens;
}
