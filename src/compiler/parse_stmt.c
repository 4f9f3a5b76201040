/*
 * parse_stmt.c - statements, after the STATEMENTS sections of CPython
 * 3.11's grammar, with the messages of its invalid_ rules for them:
 * "expected ':'", "expected an indented block after 'if' statement on
 * line N", the many "cannot assign to ..." of invalid_assignment, ...
 *
 * An assignment is read as an expression first and checked as a target
 * when '=', ':' or an augmented operator follows, as CPython's own
 * invalid_assignment rules do.
 */
#include <string.h>

#include "parser_impl.h"

static AstStmtSeq block(Parser *p, const char *after, int lineno, bool *ok);
static AstStmt *compound_stmt(Parser *p, bool *handled);
static AstStmtSeq simple_stmts(Parser *p, bool *ok);

static const char *token_text(Parser *p, const Token *t)
{
    return parse_strdup(p, t->start, (size_t)(t->end - t->start));
}

/* ------------------------------------------------------------------ */
/* Assignments                                                         */
/* ------------------------------------------------------------------ */

static AstOperator augassign_op(TokType t)
{
    switch (t) {
    case TOK_PLUSEQUAL: return AST_ADD;
    case TOK_MINEQUAL: return AST_SUB;
    case TOK_STAREQUAL: return AST_MULT;
    case TOK_ATEQUAL: return AST_MATMULT;
    case TOK_SLASHEQUAL: return AST_DIV;
    case TOK_PERCENTEQUAL: return AST_MOD;
    case TOK_AMPEREQUAL: return AST_BITAND;
    case TOK_VBAREQUAL: return AST_BITOR;
    case TOK_CIRCUMFLEXEQUAL: return AST_BITXOR;
    case TOK_LEFTSHIFTEQUAL: return AST_LSHIFT;
    case TOK_RIGHTSHIFTEQUAL: return AST_RSHIFT;
    case TOK_DOUBLESTAREQUAL: return AST_POW;
    case TOK_DOUBLESLASHEQUAL: return AST_FLOORDIV;
    default: return 0;
    }
}

static bool is_single_target(const AstExpr *e)
{
    return e->kind == EXPR_NAME || e->kind == EXPR_ATTRIBUTE || e->kind == EXPR_SUBSCRIPT;
}

/* Does e match star_targets? */
static bool valid_assign_target(const AstExpr *e, bool starred_ok)
{
    switch (e->kind) {
    case EXPR_NAME: case EXPR_ATTRIBUTE: case EXPR_SUBSCRIPT:
        return true;
    case EXPR_STARRED:
        return starred_ok && !e->parenthesized && valid_assign_target(e->v.starred.value, false);
    case EXPR_TUPLE:
    case EXPR_LIST: {
        AstExprSeq elts = e->kind == EXPR_LIST ? e->v.list.elts : e->v.tuple.elts;
        for (size_t i = 0; i < elts.len; i++)
            if (!valid_assign_target(elts.items[i], true))
                return false;
        return true;
    }
    default:
        return false;
    }
}

/* The rhs of an assignment: yield_expr | star_expressions. */
static AstExpr *assignment_rhs(Parser *p)
{
    if (at(p, TOK_YIELD))
        return parse_yield_expr(p);
    return parse_star_expressions(p);
}

/* invalid_assignment's messages for an annotation or augmented assignment
 * to something that cannot be a target: the first pass stops at the
 * operator; the message needs the rest to parse. */
static void *bad_target(Parser *p, AstExpr *target, bool annotation)
{
    if ((target->kind == EXPR_YIELD || target->kind == EXPR_YIELDFROM) && !target->parenthesized)
        return parse_fail(p);   /* no rule reads a bare yield there */
    if (annotation && target->kind == EXPR_STARRED && !target->parenthesized)
        return parse_fail(p);   /* nor "*x: T" */
    ParseCheck hwm = parse_check_begin(p);
    ParseTry m = parse_try_begin(p);
    advance(p);
    AstExpr *rest = annotation ? parse_expression_rule(p) : assignment_rhs(p);
    bool matched = parse_try_end(p, m, rest != NULL);
    parse_check_end(p, hwm);
    if (p->error)
        return NULL;
    if (!matched)
        return parse_fail(p);
    if (!annotation)
        return parse_raise_node(p, target, "'%s' is an illegal expression for augmented assignment",
                                parse_expr_name(target));
    if (target->kind == EXPR_LIST || (target->kind == EXPR_TUPLE && target->parenthesized))
        return parse_raise_node(p, target, "only single target (not %s) can be annotated",
                                target->kind == EXPR_LIST ? "list" : "tuple");
    if (target->kind == EXPR_TUPLE && target->v.tuple.elts.len > 0)
        return parse_raise_node(p, target->v.tuple.elts.items[0],
                                "only single target (not tuple) can be annotated");
    return parse_raise_node(p, target, "illegal target for annotation");
}

/* An annotated assignment; target was read and ':' is next. */
static AstStmt *annotated(Parser *p, Pos start, AstExpr *target)
{
    if (!is_single_target(target))
        return bad_target(p, target, true);
    advance(p);
    AstExpr *annotation = parse_expression_rule(p);
    if (annotation == NULL)
        return NULL;
    AstExpr *value = NULL;
    if (accept(p, TOK_EQUAL)) {
        value = assignment_rhs(p);
        if (value == NULL)
            return NULL;
    }
    parse_set_context(target, AST_STORE);
    AstStmt *s = parse_new_stmt(p, STMT_ANNASSIGN, start);
    if (s != NULL) {
        s->v.annassign.target = target;
        s->v.annassign.annotation = annotation;
        s->v.annassign.value = value;
        s->v.annassign.simple = target->kind == EXPR_NAME && !target->parenthesized;
    }
    return s;
}

static AstStmt *augmented(Parser *p, Pos start, AstExpr *target, AstOperator op)
{
    if (!is_single_target(target))
        return bad_target(p, target, false);
    advance(p);
    AstExpr *value = assignment_rhs(p);
    if (value == NULL)
        return NULL;
    parse_set_context(target, AST_STORE);
    AstStmt *s = parse_new_stmt(p, STMT_AUGASSIGN, start);
    if (s != NULL) {
        s->v.augassign.target = target;
        s->v.augassign.op = op;
        s->v.augassign.value = value;
    }
    return s;
}

/* Is e the Name of a single NAME token (no parentheses)? */
static bool single_name(const AstExpr *e)
{
    return e->kind == EXPR_NAME && !e->parenthesized;
}

/*
 * Some target of `t1 = ... = value` is invalid: find CPython's message.
 * eq1 is the index of the first '='; k the number of targets.
 */
static void *invalid_assignment(Parser *p, size_t base, size_t k, size_t eq1, size_t first)
{
    AstExpr *t1 = p->scratch[base];
    /* The first expression, read again by invalid_assignment, may be
     * `print x` (invalid_legacy_expression). */
    ParseCheck hwm0 = parse_check_begin(p);
    parse_legacy_expression(p, first);
    parse_check_end(p, hwm0);
    if (p->error)
        return NULL;
    /* After a trailing comma ("a, = ...") no item is followed by '='. */
    if (!(eq1 > 0 && parse_token(p, eq1 - 1)->type == TOK_COMMA)) {
        /* invalid_named_expression, reached through invalid_assignment's
         * star_named_expression: the last item before the '=' and a
         * bitwise_or after it. */
        AstExpr *last = t1;
        if (t1->kind == EXPR_TUPLE && !t1->parenthesized && t1->v.tuple.elts.len > 0)
            last = t1->v.tuple.elts.items[t1->v.tuple.elts.len - 1];
        bool name = single_name(last);
        bool yield = (t1->kind == EXPR_YIELD || t1->kind == EXPR_YIELDFROM) && !t1->parenthesized;
        if (!yield && last->kind != EXPR_STARRED &&
            (name || (parse_is_bitwise_or(last) && !parse_starts_with_display(last)))) {
            ParseCheck hwm = parse_check_begin(p);
            size_t mark = p->mark;
            ParseTry m = parse_try_begin(p);
            p->mark = eq1 + 1;
            AstExpr *b = parse_starts_expression(peek_type(p, 0)) ? parse_bitwise_or(p) : NULL;
            bool ok = b != NULL && !at(p, TOK_EQUAL) && !at(p, TOK_COLONEQUAL);
            if (parse_try_end(p, m, ok)) {
                parse_check_end(p, hwm);
                if (name)
                    return parse_raise_range(p, last, b,
                                             "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
                return parse_raise_node(p, last, "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                                        parse_expr_name(last));
            }
            parse_check_end(p, hwm);
            if (p->error)
                return NULL;
            p->mark = mark;
        }
    }
    for (size_t i = 0; i < k; i++) {
        AstExpr *t = p->scratch[base + i];
        if ((t->kind == EXPR_YIELD || t->kind == EXPR_YIELDFROM) && !t->parenthesized)
            return parse_raise_node(p, t, "assignment to yield expression not possible");
        if (!valid_assign_target(t, true)) {
            if (parse_raise_invalid_target(p, STAR_TARGETS, t) == NULL && p->error)
                return NULL;
            break;
        }
    }
    return parse_fail(p);
}

/* `targets = ... = value`: `first` was read from token index `first_index`
 * and '=' is next. */
static AstStmt *assignment(Parser *p, Pos start, AstExpr *first, size_t first_index)
{
    size_t base = seq_start(p);
    size_t eq1 = p->mark;
    AstExpr *value = first;
    while (accept(p, TOK_EQUAL)) {
        if (!parse_push(p, value))
            return NULL;
        /* The first pass stops at the '=' after an invalid target. */
        if (!valid_assign_target(value, true))
            return invalid_assignment(p, base, p->nscratch - base, eq1, first_index);
        ParseTry m = parse_try_begin(p);
        value = assignment_rhs(p);
        if (!parse_try_end(p, m, value != NULL)) {
            if (p->error)
                return NULL;
            /* invalid_assignment needs no right-hand side. */
            size_t k = p->nscratch - base;
            for (size_t i = 0; i < k; i++)
                if (!valid_assign_target(p->scratch[base + i], true))
                    return invalid_assignment(p, base, k, eq1, first_index);
            return parse_fail(p);
        }
    }
    size_t k = p->nscratch - base;
    for (size_t i = 0; i < k; i++) {
        AstExpr *t = p->scratch[base + i];
        if (!valid_assign_target(t, true))
            return invalid_assignment(p, base, k, eq1, first_index);
    }
    for (size_t i = 0; i < k; i++)
        parse_set_context(p->scratch[base + i], AST_STORE);
    AstExprSeq targets = parse_seq_exprs(p, base);
    AstStmt *s = parse_new_stmt(p, STMT_ASSIGN, start);
    if (s != NULL) {
        s->v.assign.targets = targets;
        s->v.assign.value = value;
    }
    return s;
}

/* assignment | star_expressions | yield_stmt */
static AstStmt *expression_statement(Parser *p)
{
    Pos start = parse_pos(p);
    size_t first_index = p->mark;
    AstExpr *e = assignment_rhs(p);
    if (e == NULL)
        return NULL;
    TokType next = peek_type(p, 0);
    if (next == TOK_COLONEQUAL) {
        /* invalid_assignment reads the statement as star_named_expressions:
         * the last one may meet invalid_named_expression. */
        AstExpr *last = e->kind == EXPR_TUPLE && !e->parenthesized && e->v.tuple.elts.len > 0
                            ? e->v.tuple.elts.items[e->v.tuple.elts.len - 1] : e;
        if (last->kind != EXPR_STARRED && last->kind != EXPR_YIELD && last->kind != EXPR_YIELDFROM &&
            !single_name(last)) {
            ParseCheck hwm = parse_check_begin(p);
            parse_invalid_named_expression(p, last, 0);
            parse_check_end(p, hwm);
            if (p->error)
                return NULL;
        }
        return parse_fail(p);
    }
    if (next == TOK_COLON && !((e->kind == EXPR_YIELD || e->kind == EXPR_YIELDFROM) && !e->parenthesized))
        return annotated(p, start, e);
    AstOperator op = augassign_op(next);
    if (op != 0)
        return augmented(p, start, e, op);
    if (next == TOK_EQUAL)
        return assignment(p, start, e, first_index);
    AstStmt *s = parse_new_stmt(p, STMT_EXPR, start);
    if (s != NULL)
        s->v.expr.value = e;
    return s;
}

/* ------------------------------------------------------------------ */
/* Other simple statements                                             */
/* ------------------------------------------------------------------ */

static AstStmt *return_stmt(Parser *p)
{
    Pos start = parse_pos(p);
    advance(p);
    AstExpr *value = NULL;
    TokType t = peek_type(p, 0);
    if (t == TOK_STAR || parse_starts_expression(t)) {
        value = parse_star_expressions(p);
        if (value == NULL)
            return NULL;
    }
    AstStmt *s = parse_new_stmt(p, STMT_RETURN, start);
    if (s != NULL)
        s->v.return_.value = value;
    return s;
}

static AstStmt *raise_stmt(Parser *p)
{
    Pos start = parse_pos(p);
    advance(p);
    AstExpr *exc = NULL, *cause = NULL;
    if (parse_starts_expression(peek_type(p, 0))) {
        exc = parse_expression_rule(p);
        if (exc == NULL)
            return NULL;
        if (accept(p, TOK_FROM)) {
            cause = parse_expression_rule(p);
            if (cause == NULL)
                return NULL;
        }
    }
    AstStmt *s = parse_new_stmt(p, STMT_RAISE, start);
    if (s != NULL) {
        s->v.raise.exc = exc;
        s->v.raise.cause = cause;
    }
    return s;
}

static AstStmt *assert_stmt(Parser *p)
{
    Pos start = parse_pos(p);
    advance(p);
    AstExpr *test = parse_expression_rule(p), *msg = NULL;
    if (test == NULL)
        return NULL;
    if (accept(p, TOK_COMMA)) {
        msg = parse_expression_rule(p);
        if (msg == NULL)
            return NULL;
    }
    AstStmt *s = parse_new_stmt(p, STMT_ASSERT, start);
    if (s != NULL) {
        s->v.assert_.test = test;
        s->v.assert_.msg = msg;
    }
    return s;
}

/* 'global' / 'nonlocal' NAME (',' NAME)* */
static AstStmt *names_stmt(Parser *p, AstStmtKind kind)
{
    Pos start = parse_pos(p);
    advance(p);
    size_t base = seq_start(p);
    do {
        Token *name = accept(p, TOK_NAME);
        if (name == NULL)
            return parse_fail(p);
        const char *id = token_text(p, name);
        if (id == NULL || !parse_push(p, (void *)id))
            return NULL;
    } while (accept(p, TOK_COMMA));
    AstIdentSeq names = parse_seq_idents(p, base);
    AstStmt *s = parse_new_stmt(p, kind, start);
    if (s != NULL) {
        if (kind == STMT_GLOBAL)
            s->v.global.names = names;
        else
            s->v.nonlocal.names = names;
    }
    return s;
}

static AstStmt *del_stmt(Parser *p)
{
    Pos start = parse_pos(p);
    advance(p);
    bool ok;
    AstExprSeq targets = parse_del_targets(p, &ok);
    if (!ok)
        return NULL;
    AstStmt *s = parse_new_stmt(p, STMT_DELETE, start);
    if (s != NULL)
        s->v.delete_.targets = targets;
    return s;
}

static AstAlias *new_alias(Parser *p, Pos start, const char *name, const char *asname)
{
    AstAlias *a = parse_alloc(p, sizeof *a);
    if (a == NULL)
        return NULL;
    a->name = name;
    a->asname = asname;
    a->lineno = start.lineno;
    a->col_offset = start.col;
    parse_set_end(p, &a->end_lineno, &a->end_col_offset);
    return a;
}

/* dotted_name: NAME ('.' NAME)*, joined with dots. */
static const char *dotted_name(Parser *p)
{
    Token *first = accept(p, TOK_NAME);
    if (first == NULL)
        return parse_fail(p);
    size_t base = seq_start(p);
    size_t len = (size_t)(first->end - first->start);
    if (!parse_push(p, first))
        return NULL;
    while (at(p, TOK_DOT) && peek_type(p, 1) == TOK_NAME) {
        advance(p);
        Token *t = advance(p);
        len += 1 + (size_t)(t->end - t->start);
        if (!parse_push(p, t))
            return NULL;
    }
    if (at(p, TOK_DOT)) {
        advance(p);
        return parse_fail(p);
    }
    char *name = parse_alloc(p, len + 1);
    if (name == NULL)
        return NULL;
    size_t n = 0;
    for (size_t i = base; i < p->nscratch; i++) {
        Token *t = p->scratch[i];
        if (i > base)
            name[n++] = '.';
        memcpy(name + n, t->start, (size_t)(t->end - t->start));
        n += (size_t)(t->end - t->start);
    }
    name[n] = '\0';
    seq_drop(p, base);
    return name;
}

/* ['as' NAME] */
static bool as_name(Parser *p, const char **asname)
{
    *asname = NULL;
    if (!accept(p, TOK_AS))
        return true;
    Token *t = accept(p, TOK_NAME);
    if (t == NULL) {
        parse_fail(p);
        return false;
    }
    *asname = token_text(p, t);
    return *asname != NULL;
}

static AstStmt *import_name(Parser *p)
{
    Pos start = parse_pos(p);
    advance(p);
    size_t base = seq_start(p);
    do {
        Pos astart = parse_pos(p);
        const char *name = dotted_name(p), *asname;
        if (name == NULL || !as_name(p, &asname))
            return NULL;
        AstAlias *a = new_alias(p, astart, name, asname);
        if (a == NULL || !parse_push(p, a))
            return NULL;
    } while (accept(p, TOK_COMMA));
    AstAliasSeq names = parse_seq_aliases(p, base);
    AstStmt *s = parse_new_stmt(p, STMT_IMPORT, start);
    if (s != NULL)
        s->v.import.names = names;
    return s;
}

/* import_from_as_names: NAME ['as' NAME] (',' ...)* */
static bool import_from_names(Parser *p, bool parenthesized)
{
    for (;;) {
        Pos astart = parse_pos(p);
        Token *t = accept(p, TOK_NAME);
        if (t == NULL) {
            parse_fail(p);
            return false;
        }
        const char *name = token_text(p, t), *asname;
        if (name == NULL || !as_name(p, &asname))
            return false;
        AstAlias *a = new_alias(p, astart, name, asname);
        if (a == NULL || !parse_push(p, a))
            return false;
        if (!at(p, TOK_COMMA))
            return true;
        advance(p);
        if (parenthesized && at(p, TOK_RPAR))
            return true;
        if (!parenthesized && at(p, TOK_NEWLINE)) {
            parse_raise(p, PARSE_SYNTAX_ERROR, "trailing comma not allowed without surrounding parentheses");
            return false;
        }
    }
}

static AstStmt *import_from(Parser *p)
{
    Pos start = parse_pos(p);
    advance(p);
    int level = 0;
    for (;;) {
        if (accept(p, TOK_DOT))
            level++;
        else if (accept(p, TOK_ELLIPSIS))
            level += 3;
        else
            break;
    }
    const char *module = NULL;
    if (level == 0 || !at(p, TOK_IMPORT)) {
        module = dotted_name(p);
        if (module == NULL)
            return NULL;
    }
    if (!accept(p, TOK_IMPORT))
        return parse_fail(p);
    size_t base = seq_start(p);
    if (at(p, TOK_STAR)) {
        Pos sstart = parse_pos(p);
        advance(p);
        AstAlias *a = new_alias(p, sstart, "*", NULL);
        if (a == NULL || !parse_push(p, a))
            return NULL;
    } else if (accept(p, TOK_LPAR)) {
        if (!import_from_names(p, true))
            return NULL;
        if (!accept(p, TOK_RPAR))
            return parse_fail(p);
    } else if (!import_from_names(p, false)) {
        return NULL;
    }
    AstAliasSeq names = parse_seq_aliases(p, base);
    AstStmt *s = parse_new_stmt(p, STMT_IMPORTFROM, start);
    if (s != NULL) {
        s->v.importfrom.module = module;
        s->v.importfrom.names = names;
        s->v.importfrom.level = level;
    }
    return s;
}

static AstStmt *keyword_stmt(Parser *p, AstStmtKind kind)
{
    Pos start = parse_pos(p);
    advance(p);
    return parse_new_stmt(p, kind, start);
}

static AstStmt *simple_stmt(Parser *p)
{
    Token *t = peek(p);
    if (t == NULL)
        return NULL;
    switch (t->type) {
    case TOK_RETURN: return return_stmt(p);
    case TOK_IMPORT: return import_name(p);
    case TOK_FROM: return import_from(p);
    case TOK_RAISE: return raise_stmt(p);
    case TOK_PASS: return keyword_stmt(p, STMT_PASS);
    case TOK_BREAK: return keyword_stmt(p, STMT_BREAK);
    case TOK_CONTINUE: return keyword_stmt(p, STMT_CONTINUE);
    case TOK_DEL: return del_stmt(p);
    case TOK_ASSERT: return assert_stmt(p);
    case TOK_GLOBAL: return names_stmt(p, STMT_GLOBAL);
    case TOK_NONLOCAL: return names_stmt(p, STMT_NONLOCAL);
    default:
        if (t->type != TOK_YIELD && t->type != TOK_STAR && !parse_starts_expression(t->type))
            return parse_fail(p);
        return expression_statement(p);
    }
}

/* simple_stmts: simple_stmt (';' simple_stmt)* [';'] NEWLINE */
static AstStmtSeq simple_stmts(Parser *p, bool *ok)
{
    AstStmtSeq none = {NULL, 0};
    *ok = false;
    size_t base = seq_start(p);
    for (;;) {
        AstStmt *s = simple_stmt(p);
        if (s == NULL || !parse_push(p, s))
            return none;
        if (!accept(p, TOK_SEMI) || at(p, TOK_NEWLINE))
            break;
    }
    if (!accept(p, TOK_NEWLINE)) {
        parse_fail(p);
        return none;
    }
    AstStmtSeq seq = parse_seq_stmts(p, base);
    *ok = !p->error;
    return seq;
}

/* ------------------------------------------------------------------ */
/* Blocks                                                              */
/* ------------------------------------------------------------------ */

AstStmtSeq parse_statements(Parser *p, bool *ok)
{
    AstStmtSeq none = {NULL, 0};
    *ok = false;
    size_t base = seq_start(p);
    while (!at(p, TOK_ENDMARKER) && !at(p, TOK_DEDENT)) {
        if (p->error)
            return none;
        bool handled;
        AstStmt *s = compound_stmt(p, &handled);
        if (handled) {
            if (s == NULL || !parse_push(p, s))
                return none;
            continue;
        }
        bool sok;
        AstStmtSeq seq = simple_stmts(p, &sok);
        if (!sok)
            return none;
        for (size_t i = 0; i < seq.len; i++)
            if (!parse_push(p, seq.items[i]))
                return none;
    }
    if (p->error)
        return none;
    AstStmtSeq seq = parse_seq_stmts(p, base);
    *ok = !p->error;
    return seq;
}

/*
 * block: NEWLINE INDENT statements DEDENT | simple_stmts; with
 * "expected an indented block after <after> on line <lineno>" when the
 * INDENT is missing.
 */
static AstStmtSeq block(Parser *p, const char *after, int lineno, bool *ok)
{
    AstStmtSeq none = {NULL, 0};
    *ok = false;
    if (!at(p, TOK_NEWLINE))
        return simple_stmts(p, ok);
    advance(p);
    if (!at(p, TOK_INDENT)) {
        if (!p->error)
            parse_raise(p, PARSE_INDENTATION_ERROR, "expected an indented block after %s on line %d",
                        after, lineno);
        return none;
    }
    advance(p);
    if (!parse_enter(p))
        return none;
    bool sok;
    AstStmtSeq body = parse_statements(p, &sok);
    parse_leave(p);
    if (!sok)
        return none;
    if (!accept(p, TOK_DEDENT)) {
        parse_fail(p);
        return none;
    }
    *ok = true;
    return body;
}

/* The ':' after a compound statement's header. With `forced`, CPython
 * says "expected ':'" whatever comes instead (its &&':'); otherwise only
 * before the end of the line. */
static bool colon(Parser *p, bool forced)
{
    if (accept(p, TOK_COLON))
        return true;
    Token *t = peek(p);
    if (t == NULL)
        return false;
    if (forced)
        parse_raise_token(p, t, t, "expected ':'");
    else if (t->type == TOK_NEWLINE)
        parse_raise(p, PARSE_SYNTAX_ERROR, "expected ':'");
    else
        parse_fail(p);
    return false;
}

/* 'else' &&':' block, if there. */
static bool else_block(Parser *p, AstStmtSeq *orelse)
{
    orelse->items = NULL;
    orelse->len = 0;
    if (!at(p, TOK_ELSE))
        return true;
    Token *kw = advance(p);
    if (!colon(p, true))
        return false;
    bool ok;
    *orelse = block(p, "'else' statement", kw->lineno, &ok);
    return ok;
}

/* ------------------------------------------------------------------ */
/* Compound statements                                                 */
/* ------------------------------------------------------------------ */

/* 'if' or 'elif' (at the keyword) ... */
static AstStmt *if_stmt(Parser *p)
{
    Pos start = parse_pos(p);
    Token *kw = advance(p);
    bool elif = kw->type == TOK_ELIF;
    AstExpr *test = parse_named_expression(p);
    if (test == NULL || !colon(p, false))
        return NULL;
    bool ok;
    AstStmtSeq body = block(p, elif ? "'elif' statement" : "'if' statement", kw->lineno, &ok);
    if (!ok)
        return NULL;
    AstStmtSeq orelse = {NULL, 0};
    if (at(p, TOK_ELIF)) {
        if (!parse_enter(p))
            return NULL;
        AstStmt *inner = if_stmt(p);
        parse_leave(p);
        if (inner == NULL)
            return NULL;
        size_t base = seq_start(p);
        parse_push(p, inner);
        orelse = parse_seq_stmts(p, base);
    } else if (!else_block(p, &orelse)) {
        return NULL;
    }
    AstStmt *s = parse_new_stmt(p, STMT_IF, start);
    if (s != NULL) {
        s->v.if_.test = test;
        s->v.if_.body = body;
        s->v.if_.orelse = orelse;
    }
    return s;
}

static AstStmt *while_stmt(Parser *p)
{
    Pos start = parse_pos(p);
    Token *kw = advance(p);
    AstExpr *test = parse_named_expression(p);
    if (test == NULL || !colon(p, false))
        return NULL;
    bool ok;
    AstStmtSeq body = block(p, "'while' statement", kw->lineno, &ok), orelse;
    if (!ok || !else_block(p, &orelse))
        return NULL;
    AstStmt *s = parse_new_stmt(p, STMT_WHILE, start);
    if (s != NULL) {
        s->v.while_.test = test;
        s->v.while_.body = body;
        s->v.while_.orelse = orelse;
    }
    return s;
}

static AstStmt *for_stmt(Parser *p)
{
    Pos start = parse_pos(p);
    Token *kw = advance(p);
    AstExpr *target = parse_for_target(p);
    if (target == NULL)
        return NULL;
    AstExpr *iter = parse_star_expressions(p);
    if (iter == NULL || !colon(p, false))
        return NULL;
    bool ok;
    AstStmtSeq body = block(p, "'for' statement", kw->lineno, &ok), orelse;
    if (!ok || !else_block(p, &orelse))
        return NULL;
    AstStmt *s = parse_new_stmt(p, STMT_FOR, start);
    if (s != NULL) {
        s->v.for_.target = target;
        s->v.for_.iter = iter;
        s->v.for_.body = body;
        s->v.for_.orelse = orelse;
    }
    return s;
}

/* with_item: expression ['as' star_target &(',' | ')' | ':')] */
static AstWithItem *with_item(Parser *p)
{
    AstExpr *e = parse_expression_rule(p);
    if (e == NULL)
        return NULL;
    AstExpr *target = NULL;
    if (accept(p, TOK_AS)) {
        size_t m = p->mark;
        target = parse_star_target(p);
        TokType next = peek_type(p, 0);
        /* A NEWLINE, for invalid_with_stmt's "expected ':'". */
        if (target == NULL ||
            (next != TOK_COMMA && next != TOK_RPAR && next != TOK_COLON && next != TOK_NEWLINE)) {
            if (p->error)
                return NULL;
            /* invalid_with_item: 'as' expression &(',' | ')' | ':') */
            p->mark = m;
            ParseCheck hwm = parse_check_begin(p);
            ParseTry t = parse_try_begin(p);
            AstExpr *bad = parse_expression_rule(p);
            next = peek_type(p, 0);
            bool ok = bad != NULL && (next == TOK_COMMA || next == TOK_RPAR || next == TOK_COLON);
            if (parse_try_end(p, t, ok) && parse_raise_invalid_target(p, STAR_TARGETS, bad) == NULL &&
                !p->error)
                p->mark = m;
            parse_check_end(p, hwm);
            if (p->error)
                return NULL;
            return parse_fail(p);
        }
    }
    AstWithItem *item = parse_alloc(p, sizeof *item);
    if (item != NULL) {
        item->context_expr = e;
        item->optional_vars = target;
    }
    return item;
}

/* ','.with_item+ up to (not including) `close`; a trailing comma only
 * before a ')'. */
static bool with_items(Parser *p, size_t base, bool parenthesized)
{
    do {
        if (parenthesized && at(p, TOK_RPAR) && p->nscratch > base)
            return true;
        AstWithItem *item = with_item(p);
        if (item == NULL || !parse_push(p, item))
            return false;
    } while (accept(p, TOK_COMMA));
    return true;
}

static AstStmt *with_stmt(Parser *p)
{
    Pos start = parse_pos(p);
    Token *kw = advance(p);
    size_t base = seq_start(p);
    bool parsed = false;
    if (at(p, TOK_LPAR)) {
        /* 'with' '(' ','.with_item+ ','? ')' ':' - else a parenthesized
         * expression starts the first item. */
        ParseTry m = parse_try_begin(p);
        advance(p);
        bool ok = with_items(p, base, true) && accept(p, TOK_RPAR) != NULL;
        if (ok && at(p, TOK_NEWLINE)) {
            parse_try_end(p, m, true);
            return parse_raise(p, PARSE_SYNTAX_ERROR, "expected ':'");
        }
        ok = ok && at(p, TOK_COLON);
        parsed = parse_try_end(p, m, ok);
        if (!parsed) {
            if (p->error)
                return NULL;
            seq_drop(p, base);
        }
    }
    if (!parsed && !with_items(p, base, false))
        return NULL;
    if (!colon(p, false))
        return NULL;
    AstWithItemSeq items = parse_seq_withitems(p, base);
    bool ok;
    AstStmtSeq body = block(p, "'with' statement", kw->lineno, &ok);
    if (!ok)
        return NULL;
    AstStmt *s = parse_new_stmt(p, STMT_WITH, start);
    if (s != NULL) {
        s->v.with.items = items;
        s->v.with.body = body;
    }
    return s;
}

static AstExceptHandler *except_block(Parser *p)
{
    Pos start = parse_pos(p);
    Token *kw = advance(p);
    if (at(p, TOK_STAR)) {
        parse_raise_token(p, kw, peek(p), "'except*' is not supported by ouro");
        p->fatal = 1;
        return NULL;
    }
    AstExpr *type = NULL;
    const char *name = NULL;
    if (!at(p, TOK_COLON)) {
        if (!parse_starts_expression(peek_type(p, 0))) {
            if (at(p, TOK_NEWLINE))
                return parse_raise(p, PARSE_SYNTAX_ERROR, "expected ':'");
            return parse_fail(p);
        }
        type = parse_expression_rule(p);
        if (type == NULL)
            return NULL;
        if (at(p, TOK_COMMA) && !p->in_invalid) {
            /* invalid_except_stmt: 'except' expression ',' expressions ':' */
            ParseTry m = parse_try_begin(p);
    ParseCheck hwm = parse_check_begin(p);
            advance(p);
            AstExpr *rest = parse_star_expressions(p);
            bool ok = rest != NULL;
            if (ok && accept(p, TOK_AS) && !accept(p, TOK_NAME))
                ok = false;
            ok = ok && at(p, TOK_COLON);
            bool matched = parse_try_end(p, m, ok);
            parse_check_end(p, hwm);
            if (matched)
                return parse_raise_at(p, PARSE_SYNTAX_ERROR, type->lineno, type->col_offset,
                                      type->lineno, -5 /* CURRENT_POS */,
                                      "multiple exception types must be parenthesized");
            if (p->error)
                return NULL;
        }
        if (accept(p, TOK_AS)) {
            Token *t = accept(p, TOK_NAME);
            if (t == NULL)
                return parse_fail(p);
            name = token_text(p, t);
            if (name == NULL)
                return NULL;
        }
    }
    if (!colon(p, false))
        return NULL;
    bool ok;
    AstStmtSeq body = block(p, "'except' statement", kw->lineno, &ok);
    if (!ok)
        return NULL;
    AstExceptHandler *h = parse_alloc(p, sizeof *h);
    if (h == NULL)
        return NULL;
    h->type = type;
    h->name = name;
    h->body = body;
    h->lineno = start.lineno;
    h->col_offset = start.col;
    parse_set_end(p, &h->end_lineno, &h->end_col_offset);
    return h;
}

/* `try: except ...` on one line: CPython's invalid_try_stmt reads it as
 * a try without body and an except, and invalid_except_stmt says "expected
 * ':'" if the except's header ends the line. */
static void *except_without_body(Parser *p)
{
    ParseCheck hwm = parse_check_begin(p);
    ParseTry m = parse_try_begin(p);
    advance(p);
    bool header = true;
    if (!at(p, TOK_NEWLINE)) {
        AstExpr *type = parse_expression_rule(p);
        header = type != NULL;
        if (header && accept(p, TOK_AS))
            header = accept(p, TOK_NAME) != NULL;
    }
    header = header && at(p, TOK_NEWLINE);
    parse_try_end(p, m, header);
    parse_check_end(p, hwm);
    if (header)
        return parse_raise(p, PARSE_SYNTAX_ERROR, "expected ':'");
    return p->error ? NULL : parse_fail(p);
}

static AstStmt *try_stmt(Parser *p)
{
    Pos start = parse_pos(p);
    Token *kw = advance(p);
    if (!colon(p, true))
        return NULL;
    if (at(p, TOK_EXCEPT))
        return except_without_body(p);
    bool ok;
    AstStmtSeq body = block(p, "'try' statement", kw->lineno, &ok);
    if (!ok)
        return NULL;
    size_t base = seq_start(p);
    while (at(p, TOK_EXCEPT)) {
        AstExceptHandler *h = except_block(p);
        if (h == NULL || !parse_push(p, h))
            return NULL;
    }
    AstHandlerSeq handlers = parse_seq_handlers(p, base);
    AstStmtSeq orelse = {NULL, 0}, finalbody = {NULL, 0};
    if (handlers.len > 0 && !else_block(p, &orelse))
        return NULL;
    if (at(p, TOK_FINALLY)) {
        Token *fkw = advance(p);
        if (!colon(p, true))
            return NULL;
        finalbody = block(p, "'finally' statement", fkw->lineno, &ok);
        if (!ok)
            return NULL;
    } else if (handlers.len == 0) {
        return parse_raise(p, PARSE_SYNTAX_ERROR, "expected 'except' or 'finally' block");
    }
    AstStmt *s = parse_new_stmt(p, STMT_TRY, start);
    if (s != NULL) {
        s->v.try_.body = body;
        s->v.try_.handlers = handlers;
        s->v.try_.orelse = orelse;
        s->v.try_.finalbody = finalbody;
    }
    return s;
}

/* 'def' NAME &&'(' [params] ')' ['->' expression] &&':' block */
static AstStmt *function_def(Parser *p, AstExprSeq decorators)
{
    Pos start = parse_pos(p);
    Token *kw = advance(p);
    Token *name = accept(p, TOK_NAME);
    if (name == NULL)
        return parse_fail(p);
    Token *t = peek(p);
    if (t == NULL)
        return NULL;
    if (t->type != TOK_LPAR)
        return parse_raise_token(p, t, t, "expected '('");
    advance(p);
    AstArguments *args = at(p, TOK_RPAR) ? parse_empty_arguments(p) : parse_parameters(p, false);
    if (args == NULL)
        return NULL;
    if (!accept(p, TOK_RPAR))
        return parse_fail(p);
    AstExpr *returns = NULL;
    if (at(p, TOK_RARROW)) {
        /* ['->' expression]: without an expression, the arrow is left
         * for &&':' to complain about */
        ParseTry m = parse_try_begin(p);
        advance(p);
        returns = parse_expression_rule(p);
        if (!parse_try_end(p, m, returns != NULL) && p->error)
            return NULL;
    }
    if (!colon(p, true))
        return NULL;
    bool ok;
    AstStmtSeq body = block(p, "function definition", kw->lineno, &ok);
    if (!ok)
        return NULL;
    AstStmt *s = parse_new_stmt(p, STMT_FUNCTIONDEF, start);
    if (s != NULL) {
        s->v.functiondef.name = token_text(p, name);
        s->v.functiondef.args = args;
        s->v.functiondef.body = body;
        s->v.functiondef.decorator_list = decorators;
        s->v.functiondef.returns = returns;
    }
    return s != NULL && s->v.functiondef.name != NULL ? s : NULL;
}

/* 'class' NAME ['(' [arguments] ')'] ':' block */
static AstStmt *class_def(Parser *p, AstExprSeq decorators)
{
    Pos start = parse_pos(p);
    Token *kw = advance(p);
    Token *name = accept(p, TOK_NAME);
    if (name == NULL)
        return parse_fail(p);
    AstExpr call;
    memset(&call, 0, sizeof call);
    if (accept(p, TOK_LPAR)) {
        if (!parse_call_arguments(p, &call))
            return NULL;
        if (!accept(p, TOK_RPAR))
            return parse_fail(p);
    }
    if (!colon(p, false))
        return NULL;
    bool ok;
    AstStmtSeq body = block(p, "class definition", kw->lineno, &ok);
    if (!ok)
        return NULL;
    AstStmt *s = parse_new_stmt(p, STMT_CLASSDEF, start);
    if (s != NULL) {
        s->v.classdef.name = token_text(p, name);
        s->v.classdef.bases = call.v.call.args;
        s->v.classdef.keywords = call.v.call.keywords;
        s->v.classdef.body = body;
        s->v.classdef.decorator_list = decorators;
    }
    return s != NULL && s->v.classdef.name != NULL ? s : NULL;
}

/* ('@' named_expression NEWLINE)+ then a def or class. */
static AstStmt *decorated(Parser *p)
{
    size_t base = seq_start(p);
    while (accept(p, TOK_AT)) {
        AstExpr *d = parse_named_expression(p);
        if (d == NULL || !parse_push(p, d))
            return NULL;
        if (!accept(p, TOK_NEWLINE))
            return parse_fail(p);
    }
    AstExprSeq decorators = parse_seq_exprs(p, base);
    Token *t = peek(p);
    if (t == NULL)
        return NULL;
    if (t->type == TOK_DEF)
        return function_def(p, decorators);
    if (t->type == TOK_CLASS)
        return class_def(p, decorators);
    if (t->type == TOK_ASYNC)
        return parse_unsupported(p, t, "'async' is");
    return parse_fail(p);
}

/* Is this `match subject:` (a match statement)? Looks ahead and rewinds. */
static bool match_statement_ahead(Parser *p)
{
    size_t read = p->hwm;
    ParseTry m = parse_try_begin(p);
    advance(p);
    p->in_invalid++;
    AstExpr *subject = NULL;
    TokType t = peek_type(p, 0);
    if (t == TOK_STAR || parse_starts_expression(t))
        subject = parse_star_named_expression(p);
    if (subject != NULL && accept(p, TOK_COMMA)) {
        while (parse_starts_expression(peek_type(p, 0)) || at(p, TOK_STAR)) {
            if (parse_star_named_expression(p) == NULL || !accept(p, TOK_COMMA))
                break;
        }
    }
    p->in_invalid--;
    bool ok = subject != NULL && at(p, TOK_COLON) && !p->error;
    parse_try_discard(p, m);
    if (!ok)
        p->hwm = read;
    return ok;
}

/* A compound statement, if the next token starts one (*handled). */
static AstStmt *compound_stmt(Parser *p, bool *handled)
{
    *handled = true;
    Token *t = peek(p);
    if (t == NULL)
        return NULL;
    AstExprSeq none = {NULL, 0};
    switch (t->type) {
    case TOK_DEF: return function_def(p, none);
    case TOK_AT: return decorated(p);
    case TOK_IF: return if_stmt(p);
    case TOK_CLASS: return class_def(p, none);
    case TOK_WITH: return with_stmt(p);
    case TOK_FOR: return for_stmt(p);
    case TOK_TRY: return try_stmt(p);
    case TOK_WHILE: return while_stmt(p);
    case TOK_ASYNC: return parse_unsupported(p, t, "'async' is");
    case TOK_NAME:
        if (parse_token_is(t, "match") && match_statement_ahead(p))
            return parse_unsupported(p, t, "the 'match' statement is");
        break;
    default:
        break;
    }
    *handled = false;
    return NULL;
}

/*
 * statement_newline (interactive input):
 *     compound_stmt NEWLINE | simple_stmts | NEWLINE | ENDMARKER
 */
AstStmtSeq parse_statement_newline(Parser *p, bool *ok)
{
    AstStmtSeq none = {NULL, 0};
    *ok = false;
    bool handled;
    AstStmt *s = compound_stmt(p, &handled);
    if (handled) {
        if (s == NULL)
            return none;
        if (!accept(p, TOK_NEWLINE)) {
            parse_fail(p);
            return none;
        }
        AstStmtSeq seq = {NULL, 0};
        size_t base = seq_start(p);
        if (parse_push(p, s))
            seq = parse_seq_stmts(p, base);
        *ok = !p->error;
        return seq;
    }
    if (p->error)
        return none;
    if (at(p, TOK_NEWLINE) || at(p, TOK_ENDMARKER)) {
        Pos start = parse_pos(p);
        advance(p);
        s = parse_new_stmt(p, STMT_PASS, start);
        size_t base = seq_start(p);
        AstStmtSeq seq = {NULL, 0};
        if (s != NULL && parse_push(p, s))
            seq = parse_seq_stmts(p, base);
        *ok = !p->error;
        return seq;
    }
    return simple_stmts(p, ok);
}
