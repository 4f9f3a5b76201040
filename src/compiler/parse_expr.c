/*
 * parse_expr.c - expressions, from `expression` down to `atom`, after the
 * EXPRESSIONS section of CPython 3.11's grammar, with the invalid_ rules
 * that give expressions their better messages (a forgotten comma, '='
 * where '==' was meant, a starred expression where none may be, ...).
 *
 * Left-recursive rules (sum, term, primary trailers, ...) are loops; each
 * turn of a loop counts as a level of nesting, since it deepens the tree
 * the compiler will walk recursively.
 */
#include <string.h>

#include "parser_impl.h"

bool parse_starts_expression(TokType type)
{
    switch (type) {
    case TOK_NAME: case TOK_NUMBER: case TOK_STRING: case TOK_LPAR: case TOK_LSQB:
    case TOK_LBRACE: case TOK_MINUS: case TOK_PLUS: case TOK_TILDE: case TOK_NOT:
    case TOK_LAMBDA: case TOK_NONE: case TOK_TRUE: case TOK_FALSE: case TOK_ELLIPSIS:
    case TOK_AWAIT:
        return true;
    default:
        return false;
    }
}

/* Tokens that, right after a complete expression, can only mean a second
 * expression was juxtaposed to it ("f(a b)"). */
static bool juxtaposed(TokType type)
{
    switch (type) {
    case TOK_NAME: case TOK_NUMBER: case TOK_STRING: case TOK_LBRACE: case TOK_TILDE:
    case TOK_NOT: case TOK_LAMBDA: case TOK_NONE: case TOK_TRUE: case TOK_FALSE:
    case TOK_ELLIPSIS: case TOK_AWAIT:
    case TOK_LPAR: case TOK_LSQB:   /* after a call or subscript that did not parse */
        return true;
    default:
        return false;
    }
}

/* CPython 3.11 compares only the token's length of each soft keyword, so
 * any prefix of "match", "case" or "_" counts ("m", "ca", ...): kept, as
 * it decides which message a juxtaposition gets. */
static bool is_soft_keyword(const Token *t)
{
    if (t->type != TOK_NAME)
        return false;
    size_t n = (size_t)(t->end - t->start);
    return (n <= 5 && memcmp("match", t->start, n) == 0) || (n <= 4 && memcmp("case", t->start, n) == 0) ||
           (n == 1 && t->start[0] == '_');
}

AstExpr *parse_name(Parser *p)
{
    Pos start = parse_pos(p);
    Token *t = accept(p, TOK_NAME);
    if (t == NULL)
        return parse_fail(p);
    AstExpr *e = parse_new_expr(p, EXPR_NAME, start);
    if (e == NULL)
        return NULL;
    e->v.name.id = parse_strdup(p, t->start, (size_t)(t->end - t->start));
    e->v.name.ctx = AST_LOAD;
    return e->v.name.id != NULL ? e : NULL;
}

static AstExpr *constant(Parser *p, AstConstKind kind)
{
    Pos start = parse_pos(p);
    advance(p);
    AstExpr *e = parse_new_expr(p, EXPR_CONSTANT, start);
    if (e != NULL)
        e->v.constant.value.kind = kind;
    return e;
}

AstArguments *parse_empty_arguments(Parser *p)
{
    return parse_alloc(p, sizeof(AstArguments));
}

/* ------------------------------------------------------------------ */
/* Displays and comprehensions                                         */
/* ------------------------------------------------------------------ */

static AstExpr *comprehension_node(Parser *p, AstExprKind kind, Pos start, AstExpr *elt,
                                   AstComprehensionSeq gens)
{
    AstExpr *e = parse_new_expr(p, kind, start);
    if (e == NULL)
        return NULL;
    if (kind == EXPR_GENERATOREXP)
        e->parenthesized = 1;   /* its own parentheses */
    if (kind == EXPR_LISTCOMP) {
        e->v.listcomp.elt = elt;
        e->v.listcomp.generators = gens;
    } else if (kind == EXPR_SETCOMP) {
        e->v.setcomp.elt = elt;
        e->v.setcomp.generators = gens;
    } else {
        e->v.generatorexp.elt = elt;
        e->v.generatorexp.generators = gens;
    }
    return e;
}

/* Comprehension clauses after `elt`, up to and including `close`. */
static AstExpr *comprehension(Parser *p, AstExprKind kind, Pos start, AstExpr *elt, TokType close)
{
    if (elt->kind == EXPR_STARRED && !elt->parenthesized)
        return parse_raise_node(p, elt, "iterable unpacking cannot be used in comprehension");
    bool ok;
    AstComprehensionSeq gens = parse_for_if_clauses(p, &ok);
    if (!ok)
        return NULL;
    if (!accept(p, close))
        return parse_fail(p);
    return comprehension_node(p, kind, start, elt, gens);
}

/*
 * CPython's invalid_comprehension for "[a, b for x in y]": elements were
 * read up to `for`; if comprehension clauses follow, the target lacks
 * parentheses. base: the elements on the scratch stack; comma: the comma
 * after the first element.
 */
static void *unparenthesized_target(Parser *p, size_t base, Token *comma)
{
    AstExpr *first = p->scratch[base];
    AstExpr *last = p->scratch[p->nscratch - 1];
    ParseTry m = parse_try_begin(p);
    ParseCheck hwm = parse_check_begin(p);
    bool ok;
    parse_for_if_clauses(p, &ok);
    ok = parse_try_end(p, m, ok);
    parse_check_end(p, hwm);
    if (!ok)
        return p->error ? NULL : parse_fail(p);
    if (p->nscratch - base == 1)
        return parse_raise_at(p, PARSE_SYNTAX_ERROR, first->lineno, first->col_offset,
                              comma->end_lineno, comma->end_col_offset,
                              "did you forget parentheses around the comprehension target?");
    return parse_raise_range(p, first, last,
                             "did you forget parentheses around the comprehension target?");
}

/* Elements of a list, set or tuple after the first, up to `close` (not
 * consumed). */
static bool more_elements(Parser *p, size_t base, TokType close, Token **first_comma)
{
    *first_comma = NULL;
    while (at(p, TOK_COMMA)) {
        Token *comma = advance(p);
        if (*first_comma == NULL)
            *first_comma = comma;
        if (at(p, close))
            break;
        if (close != TOK_RPAR && at_for(p) && !p->in_invalid) {
            unparenthesized_target(p, base, *first_comma);
            return false;
        }
        AstExpr *item = parse_star_named_expression(p);
        if (item == NULL || !parse_push(p, item))
            return false;
    }
    if (close != TOK_RPAR && at_for(p) && *first_comma != NULL && !p->in_invalid) {
        unparenthesized_target(p, base, *first_comma);
        return false;
    }
    return !p->error;
}

/* CPython's invalid_comprehension reads a display starting "[*a" as
 * '[' starred_expression, whose expression gets its checks ("[*a 1]"
 * forgot a comma). star: the index of the '*'. */
static void *starred_first(Parser *p, AstExpr *first, size_t star)
{
    TokType next = peek_type(p, 0);
    if (first->kind != EXPR_STARRED || first->parenthesized || p->in_invalid || next == TOK_COMMA ||
        next == TOK_RPAR || next == TOK_RSQB || next == TOK_RBRACE || next == TOK_FOR)
        return NULL;
    ParseCheck hwm = parse_check_begin(p);
    ParseTry m = parse_try_begin(p);
    Token *star_token = parse_token(p, star);
    p->mark = star + 1;
    AstExpr *e = parse_expression_rule(p);
    if (e != NULL && at(p, TOK_RPAR) && star > 0 &&
        parse_token(p, star - 1)->type == TOK_LPAR) {
        /* invalid_group: '(' starred_expression ')' */
        parse_try_end(p, m, true);
        parse_check_end(p, hwm);
        return parse_raise_at(p, PARSE_SYNTAX_ERROR, star_token->lineno, star_token->col_offset,
                              e->end_lineno, e->end_col_offset, "cannot use starred expression here");
    }
    if (e != NULL && at_for(p)) {
        /* invalid_comprehension: ('[' | '(' | '{') starred_expression for_if_clauses */
        bool ok;
        parse_for_if_clauses(p, &ok);
        if (ok && !p->error) {
            parse_try_end(p, m, true);
            parse_check_end(p, hwm);
            return parse_raise_at(p, PARSE_SYNTAX_ERROR, star_token->lineno, star_token->col_offset,
                                  e->end_lineno, e->end_col_offset,
                                  "iterable unpacking cannot be used in comprehension");
        }
    }
    if (parse_try_end(p, m, e != NULL))
        p->mark = m.mark;
    parse_check_end(p, hwm);
    return NULL;
}

/* '(' ... ')': tuple, group, generator expression, or parenthesized yield. */
static AstExpr *paren_atom(Parser *p)
{
    Pos start = parse_pos(p);
    advance(p);
    if (accept(p, TOK_RPAR)) {
        AstExpr *t = parse_new_expr(p, EXPR_TUPLE, start);
        if (t != NULL) {
            t->v.tuple.ctx = AST_LOAD;
            t->parenthesized = 1;
        }
        return t;
    }
    AstExpr *first;
    if (at(p, TOK_YIELD)) {
        first = parse_yield_expr(p);
        if (first == NULL)
            return NULL;
        if (!accept(p, TOK_RPAR))
            return parse_fail(p);
        if (first->parenthesized < 255)
            first->parenthesized++;
        return first;
    }
    if (at(p, TOK_DOUBLESTAR)) {
        /* invalid_group: '(' '**' expression ')' */
        Token *stars = advance(p);
        ParseCheck hwm = parse_check_begin(p);
        if (!p->in_invalid && parse_starts_expression(peek_type(p, 0))) {
            ParseTry m = parse_try_begin(p);
            AstExpr *e = parse_expression_rule(p);
            bool ok = parse_try_end(p, m, e != NULL && at(p, TOK_RPAR));
            parse_check_end(p, hwm);
            if (ok)
                return parse_raise_token(p, stars, stars, "cannot use double starred expression here");
            if (p->error)
                return NULL;
        }
        parse_check_end(p, hwm);
        return parse_fail(p);
    }
    size_t star = p->mark;
    first = parse_star_named_expression(p);
    if (first == NULL || (starred_first(p, first, star), p->error))
        return NULL;
    if (accept(p, TOK_RPAR)) {
        if (first->kind == EXPR_STARRED && !first->parenthesized)
            return parse_raise_node(p, first, "cannot use starred expression here");
        if (first->parenthesized < 255)
            first->parenthesized++;
        return first;
    }
    if (at_for(p))
        return comprehension(p, EXPR_GENERATOREXP, start, first, TOK_RPAR);
    if (!at(p, TOK_COMMA))
        return parse_fail(p);
    size_t base = seq_start(p);
    Token *comma;
    if (!parse_push(p, first) || !more_elements(p, base, TOK_RPAR, &comma))
        return NULL;
    if (!accept(p, TOK_RPAR))
        return parse_fail(p);
    AstExprSeq elts = parse_seq_exprs(p, base);
    AstExpr *t = parse_new_expr(p, EXPR_TUPLE, start);
    if (t == NULL)
        return NULL;
    t->v.tuple.elts = elts;
    t->v.tuple.ctx = AST_LOAD;
    t->parenthesized = 1;
    return t;
}

/* '[' ... ']': list or list comprehension. */
static AstExpr *list_atom(Parser *p)
{
    Pos start = parse_pos(p);
    advance(p);
    size_t base = seq_start(p);
    if (!at(p, TOK_RSQB)) {
        size_t star = p->mark;
        AstExpr *first = parse_star_named_expression(p);
        if (first == NULL || (starred_first(p, first, star), p->error))
            return NULL;
        if (at_for(p))
            return comprehension(p, EXPR_LISTCOMP, start, first, TOK_RSQB);
        Token *comma;
        if (!parse_push(p, first) || !more_elements(p, base, TOK_RSQB, &comma))
            return NULL;
    }
    if (!accept(p, TOK_RSQB))
        return parse_fail(p);
    AstExprSeq elts = parse_seq_exprs(p, base);
    AstExpr *l = parse_new_expr(p, EXPR_LIST, start);
    if (l == NULL)
        return NULL;
    l->v.list.elts = elts;
    l->v.list.ctx = AST_LOAD;
    return l;
}

/* The value after "key:" in a dict display, with invalid_kvpair's checks. */
static AstExpr *dict_value(Parser *p, Token *colon)
{
    if (!p->in_invalid && (at(p, TOK_RBRACE) || at(p, TOK_COMMA)))
        return parse_raise_token(p, colon, colon, "expression expected after dictionary key and ':'");
    if (!p->in_invalid && at(p, TOK_STAR)) {
        Token *star = advance(p);
        if (parse_bitwise_or(p) == NULL)
            return NULL;
        return parse_raise_at(p, PARSE_SYNTAX_ERROR, star->lineno, star->col_offset,
                              star->lineno, -5 /* CURRENT_POS */,
                              "cannot use a starred expression in a dictionary value");
    }
    return parse_expression_rule(p);
}

/* One "key: value" or "**mapping" of a dict display; key NULL for **. */
static bool dict_item(Parser *p, bool first_done)
{
    if (accept(p, TOK_DOUBLESTAR)) {
        AstExpr *v = parse_bitwise_or(p);
        return v != NULL && parse_push(p, NULL) && parse_push(p, v);
    }
    size_t saved = p->no_juxtaposition_at;
    if (first_done)
        p->no_juxtaposition_at = p->mark;
    AstExpr *k = parse_expression_rule(p);
    p->no_juxtaposition_at = saved;
    if (k == NULL)
        return false;
    Token *colon = accept(p, TOK_COLON);
    if (colon == NULL) {
        if (first_done && !p->in_invalid)
            /* invalid_kvpair: CPython points at the key's last character. */
            return parse_raise_at(p, PARSE_SYNTAX_ERROR, k->lineno, k->end_col_offset - 1,
                                  k->end_lineno, -1, "':' expected after dictionary key");
        parse_fail(p);
        return false;
    }
    AstExpr *v = dict_value(p, colon);
    return v != NULL && parse_push(p, k) && parse_push(p, v);
}

/* A dict display or dict comprehension; the first key (NULL for **) and
 * value were read. Keys and values alternate on the scratch stack. */
static AstExpr *dict_rest(Parser *p, Pos start, size_t base, Token *first_stars)
{
    if (at_for(p)) {
        AstExpr *key = p->scratch[base], *value = p->scratch[base + 1];
        seq_drop(p, base);
        if (key == NULL)
            return parse_raise_token(p, first_stars, first_stars,
                                     "dict unpacking cannot be used in dict comprehension");
        bool ok;
        AstComprehensionSeq gens = parse_for_if_clauses(p, &ok);
        if (!ok)
            return NULL;
        if (!accept(p, TOK_RBRACE))
            return parse_fail(p);
        AstExpr *e = parse_new_expr(p, EXPR_DICTCOMP, start);
        if (e != NULL) {
            e->v.dictcomp.key = key;
            e->v.dictcomp.value = value;
            e->v.dictcomp.generators = gens;
        }
        return e;
    }
    while (accept(p, TOK_COMMA)) {
        if (at(p, TOK_RBRACE))
            break;
        if (!dict_item(p, true))
            return NULL;
    }
    if (!accept(p, TOK_RBRACE))
        return parse_fail(p);
    size_t n = (p->nscratch - base) / 2;
    /* Split the alternating stack into keys, then values. */
    size_t kbase = seq_start(p);
    for (size_t i = 0; i < n; i++)
        if (!parse_push(p, p->scratch[base + 2 * i]))
            return NULL;
    AstExprSeq keys = parse_seq_exprs(p, kbase);
    for (size_t i = 0; i < n; i++)
        if (!parse_push(p, p->scratch[base + 2 * i + 1]))
            return NULL;
    AstExprSeq values = parse_seq_exprs(p, kbase);
    seq_drop(p, base);
    AstExpr *d = parse_new_expr(p, EXPR_DICT, start);
    if (d != NULL) {
        d->v.dict.keys = keys;
        d->v.dict.values = values;
    }
    return d;
}

/* '{' ... '}': dict, set, or their comprehensions. */
static AstExpr *brace_atom(Parser *p)
{
    Pos start = parse_pos(p);
    advance(p);
    size_t base = seq_start(p);
    if (accept(p, TOK_RBRACE)) {
        AstExpr *d = parse_new_expr(p, EXPR_DICT, start);
        return d;
    }
    if (at(p, TOK_DOUBLESTAR)) {
        Token *stars = peek(p);
        if (!dict_item(p, false))
            return NULL;
        return dict_rest(p, start, base, stars);
    }
    size_t star = p->mark;
    AstExpr *first = parse_star_named_expression(p);
    if (first == NULL || (starred_first(p, first, star), p->error))
        return NULL;
    Token *colon;
    if (first->kind != EXPR_STARRED && (first->kind != EXPR_NAMEDEXPR || first->parenthesized) &&
        (colon = accept(p, TOK_COLON)) != NULL) {
        AstExpr *v = dict_value(p, colon);
        if (v == NULL || !parse_push(p, first) || !parse_push(p, v))
            return NULL;
        return dict_rest(p, start, base, NULL);
    }
    if (at_for(p))
        return comprehension(p, EXPR_SETCOMP, start, first, TOK_RBRACE);
    Token *comma;
    if (!parse_push(p, first) || !more_elements(p, base, TOK_RBRACE, &comma))
        return NULL;
    if (!accept(p, TOK_RBRACE))
        return parse_fail(p);
    AstExprSeq elts = parse_seq_exprs(p, base);
    AstExpr *s = parse_new_expr(p, EXPR_SET, start);
    if (s != NULL)
        s->v.set.elts = elts;
    return s;
}

/* ------------------------------------------------------------------ */
/* Atoms and primaries                                                 */
/* ------------------------------------------------------------------ */

static AstExpr *atom(Parser *p)
{
    Token *t = peek(p);
    if (t == NULL)
        return NULL;
    switch (t->type) {
    case TOK_NAME: return parse_name(p);
    case TOK_TRUE: return constant(p, AST_CONST_TRUE);
    case TOK_FALSE: return constant(p, AST_CONST_FALSE);
    case TOK_NONE: return constant(p, AST_CONST_NONE);
    case TOK_ELLIPSIS: return constant(p, AST_CONST_ELLIPSIS);
    case TOK_STRING: return parse_strings(p);
    case TOK_NUMBER: advance(p); return parse_number(p, t);
    case TOK_LPAR: return paren_atom(p);
    case TOK_LSQB: return list_atom(p);
    case TOK_LBRACE: return brace_atom(p);
    default: return parse_fail(p);
    }
}

static AstExpr *trailer(Parser *p, AstExpr *value, Pos start)
{
    if (accept(p, TOK_DOT)) {
        Token *name = accept(p, TOK_NAME);
        if (name == NULL)
            return parse_fail(p);
        AstExpr *e = parse_new_expr(p, EXPR_ATTRIBUTE, start);
        if (e == NULL)
            return NULL;
        e->v.attribute.value = value;
        e->v.attribute.attr = parse_strdup(p, name->start, (size_t)(name->end - name->start));
        e->v.attribute.ctx = AST_LOAD;
        return e->v.attribute.attr != NULL ? e : NULL;
    }
    if (accept(p, TOK_LPAR)) {
        AstExpr *call = parse_new_expr(p, EXPR_CALL, start);
        if (call == NULL)
            return NULL;
        call->v.call.func = value;
        if (!parse_call_arguments(p, call))
            return NULL;
        if (!accept(p, TOK_RPAR))
            return parse_fail(p);
        parse_set_end(p, &call->end_lineno, &call->end_col_offset);
        return call;
    }
    advance(p);   /* '[' */
    AstExpr *slice = parse_slices(p);
    if (slice == NULL)
        return NULL;
    if (!accept(p, TOK_RSQB))
        return parse_fail(p);
    AstExpr *e = parse_new_expr(p, EXPR_SUBSCRIPT, start);
    if (e == NULL)
        return NULL;
    e->v.subscript.value = value;
    e->v.subscript.slice = slice;
    e->v.subscript.ctx = AST_LOAD;
    return e;
}

/* primary: atom followed by any number of .name, (args) and [slices]. */
AstExpr *parse_primary(Parser *p)
{
    Pos start = parse_pos(p);
    AstExpr *e = atom(p);
    int levels = 0;
    while (e != NULL) {
        TokType type = peek_type(p, 0);
        if (type != TOK_DOT && type != TOK_LPAR && type != TOK_LSQB)
            break;
        if (!parse_enter(p)) {
            e = NULL;
            break;
        }
        levels++;
        /* A trailer that does not parse leaves the primary as it was (a
         * PEG alternative failing), for the better messages to look at. */
        ParseTry m = parse_try_begin(p);
        AstExpr *t = trailer(p, e, start);
        if (!parse_try_end(p, m, t != NULL)) {
            if (p->error)
                e = NULL;
            break;
        }
        e = t;
    }
    p->depth -= levels;
    return e;
}

/* await_primary: 'await' is rejected. */
static AstExpr *await_primary(Parser *p)
{
    Token *t = peek(p);
    if (t != NULL && t->type == TOK_AWAIT)
        return parse_unsupported(p, t, "'await' is");
    return parse_primary(p);
}

static AstExpr *factor(Parser *p);

/* power: await_primary ['**' factor] */
static AstExpr *power(Parser *p)
{
    Pos start = parse_pos(p);
    AstExpr *left = await_primary(p);
    if (left == NULL || !at(p, TOK_DOUBLESTAR))
        return left;
    if (!parse_enter(p))
        return NULL;
    ParseTry m = parse_try_begin(p);
    advance(p);
    AstExpr *right = factor(p);
    parse_leave(p);
    if (!parse_try_end(p, m, right != NULL))
        return p->error ? NULL : left;
    AstExpr *e = parse_new_expr(p, EXPR_BINOP, start);
    if (e != NULL) {
        e->v.binop.left = left;
        e->v.binop.op = AST_POW;
        e->v.binop.right = right;
    }
    return e;
}

/* factor: ('+' | '-' | '~') factor | power */
static AstExpr *factor(Parser *p)
{
    TokType type = peek_type(p, 0);
    AstUnaryOp op = type == TOK_PLUS ? AST_UADD : type == TOK_MINUS ? AST_USUB
                  : type == TOK_TILDE ? AST_INVERT : 0;
    if (op == 0)
        return power(p);
    Pos start = parse_pos(p);
    if (!parse_enter(p))
        return NULL;
    advance(p);
    AstExpr *operand = factor(p);
    parse_leave(p);
    if (operand == NULL)
        return NULL;
    AstExpr *e = parse_new_expr(p, EXPR_UNARYOP, start);
    if (e != NULL) {
        e->v.unaryop.op = op;
        e->v.unaryop.operand = operand;
    }
    return e;
}

/* ------------------------------------------------------------------ */
/* Binary operators                                                    */
/* ------------------------------------------------------------------ */

typedef AstExpr *(*Rule)(Parser *p);

static AstOperator term_op(TokType t)
{
    switch (t) {
    case TOK_STAR: return AST_MULT;
    case TOK_SLASH: return AST_DIV;
    case TOK_DOUBLESLASH: return AST_FLOORDIV;
    case TOK_PERCENT: return AST_MOD;
    case TOK_AT: return AST_MATMULT;
    default: return 0;
    }
}

static AstOperator sum_op(TokType t)
{
    return t == TOK_PLUS ? AST_ADD : t == TOK_MINUS ? AST_SUB : 0;
}

static AstOperator shift_op(TokType t)
{
    return t == TOK_LEFTSHIFT ? AST_LSHIFT : t == TOK_RIGHTSHIFT ? AST_RSHIFT : 0;
}

static AstOperator and_op(TokType t) { return t == TOK_AMPER ? AST_BITAND : 0; }
static AstOperator xor_op(TokType t) { return t == TOK_CIRCUMFLEX ? AST_BITXOR : 0; }
static AstOperator or_op(TokType t) { return t == TOK_VBAR ? AST_BITOR : 0; }

/* A left-associative chain: operand (op operand)*. */
static AstExpr *binop_chain(Parser *p, Rule operand, AstOperator (*op_of)(TokType))
{
    Pos start = parse_pos(p);
    AstExpr *left = operand(p);
    int levels = 0;
    while (left != NULL) {
        AstOperator op = op_of(peek_type(p, 0));
        if (op == 0)
            break;
        if (!parse_enter(p)) {
            left = NULL;
            break;
        }
        levels++;
        ParseTry m = parse_try_begin(p);
        advance(p);
        AstExpr *right = operand(p);
        if (!parse_try_end(p, m, right != NULL)) {
            /* No operand: the chain ends before the operator. */
            if (p->error)
                left = NULL;
            break;
        }
        AstExpr *e = parse_new_expr(p, EXPR_BINOP, start);
        if (e != NULL) {
            e->v.binop.left = left;
            e->v.binop.op = op;
            e->v.binop.right = right;
        }
        left = e;
    }
    p->depth -= levels;
    return left;
}

static AstExpr *term(Parser *p) { return binop_chain(p, factor, term_op); }
static AstExpr *sum(Parser *p) { return binop_chain(p, term, sum_op); }
static AstExpr *shift_expr(Parser *p) { return binop_chain(p, sum, shift_op); }
static AstExpr *bitwise_and(Parser *p) { return binop_chain(p, shift_expr, and_op); }
static AstExpr *bitwise_xor(Parser *p) { return binop_chain(p, bitwise_and, xor_op); }

AstExpr *parse_bitwise_or(Parser *p)
{
    return binop_chain(p, bitwise_xor, or_op);
}

/* ------------------------------------------------------------------ */
/* Comparisons and boolean operators                                   */
/* ------------------------------------------------------------------ */

/* The comparison operator at the next token(s), consumed; 0 if none. */
static AstCmpOp comparison_op(Parser *p)
{
    switch (peek_type(p, 0)) {
    case TOK_EQEQUAL: advance(p); return AST_EQ;
    case TOK_NOTEQUAL: advance(p); return AST_NOTEQ;
    case TOK_LESSEQUAL: advance(p); return AST_LTE;
    case TOK_LESS: advance(p); return AST_LT;
    case TOK_GREATEREQUAL: advance(p); return AST_GTE;
    case TOK_GREATER: advance(p); return AST_GT;
    case TOK_IN: advance(p); return AST_IN;
    case TOK_NOT:
        if (peek_type(p, 1) != TOK_IN)
            return 0;
        advance(p);
        advance(p);
        return AST_NOTIN;
    case TOK_IS:
        advance(p);
        if (accept(p, TOK_NOT))
            return AST_ISNOT;
        return AST_IS;
    default:
        return 0;
    }
}

static AstExpr *comparison(Parser *p)
{
    Pos start = parse_pos(p);
    AstExpr *left = parse_bitwise_or(p);
    if (left == NULL)
        return NULL;
    size_t ops_base = seq_start(p);
    AstCmpOp op;
    size_t n = 0;
    for (;;) {
        ParseTry m = parse_try_begin(p);
        op = comparison_op(p);
        AstExpr *right = op != 0 ? parse_bitwise_or(p) : NULL;
        if (!parse_try_end(p, m, right != NULL)) {
            if (p->error)
                return NULL;
            break;
        }
        /* ops are pushed as small integers cast to pointers, and each
         * followed by its operand */
        if (!parse_push(p, (void *)(uintptr_t)op) || !parse_push(p, right))
            return NULL;
        n++;
    }
    if (n == 0 || p->error)
        return p->error ? NULL : left;
    int *ops = parse_alloc(p, n * sizeof *ops);
    size_t cbase = seq_start(p);
    for (size_t i = 0; ops != NULL && i < n; i++) {
        ops[i] = (int)(uintptr_t)p->scratch[ops_base + 2 * i];
        parse_push(p, p->scratch[ops_base + 2 * i + 1]);
    }
    AstExprSeq comparators = parse_seq_exprs(p, cbase);
    seq_drop(p, ops_base);
    AstExpr *e = parse_new_expr(p, EXPR_COMPARE, start);
    if (e == NULL)
        return NULL;
    e->v.compare.left = left;
    e->v.compare.ops.items = ops;
    e->v.compare.ops.len = n;
    e->v.compare.comparators = comparators;
    return e;
}

/* inversion: 'not' inversion | comparison */
static AstExpr *inversion(Parser *p)
{
    if (!at(p, TOK_NOT))
        return comparison(p);
    Pos start = parse_pos(p);
    if (!parse_enter(p))
        return NULL;
    advance(p);
    AstExpr *operand = inversion(p);
    parse_leave(p);
    if (operand == NULL)
        return NULL;
    AstExpr *e = parse_new_expr(p, EXPR_UNARYOP, start);
    if (e != NULL) {
        e->v.unaryop.op = AST_NOT;
        e->v.unaryop.operand = operand;
    }
    return e;
}

/* operand ('and'|'or' operand)+ as one BoolOp, or the operand alone. */
static AstExpr *boolop_chain(Parser *p, Rule operand, TokType keyword, AstBoolOp op)
{
    Pos start = parse_pos(p);
    AstExpr *first = operand(p);
    if (first == NULL || !at(p, keyword))
        return first;
    size_t base = seq_start(p);
    if (!parse_push(p, first))
        return NULL;
    while (at(p, keyword)) {
        ParseTry m = parse_try_begin(p);
        advance(p);
        AstExpr *next = operand(p);
        if (!parse_try_end(p, m, next != NULL)) {
            if (p->error)
                return NULL;
            break;
        }
        if (!parse_push(p, next))
            return NULL;
    }
    if (p->nscratch - base == 1) {
        seq_drop(p, base);
        return first;
    }
    AstExprSeq values = parse_seq_exprs(p, base);
    AstExpr *e = parse_new_expr(p, EXPR_BOOLOP, start);
    if (e != NULL) {
        e->v.boolop.op = op;
        e->v.boolop.values = values;
    }
    return e;
}

static AstExpr *conjunction(Parser *p) { return boolop_chain(p, inversion, TOK_AND, AST_AND); }

AstExpr *parse_disjunction(Parser *p)
{
    return boolop_chain(p, conjunction, TOK_OR, AST_OR);
}

/* ------------------------------------------------------------------ */
/* expression                                                          */
/* ------------------------------------------------------------------ */

static AstExpr *lambdef(Parser *p)
{
    Pos start = parse_pos(p);
    advance(p);
    AstArguments *args;
    if (at(p, TOK_COLON))
        args = parse_empty_arguments(p);
    else
        args = parse_parameters(p, true);
    if (args == NULL)
        return NULL;
    if (!accept(p, TOK_COLON))
        return parse_fail(p);
    AstExpr *body = parse_expression_rule(p);
    if (body == NULL)
        return NULL;
    AstExpr *e = parse_new_expr(p, EXPR_LAMBDA, start);
    if (e != NULL) {
        e->v.lambda.args = args;
        e->v.lambda.body = body;
    }
    return e;
}

static bool is_legacy_name(const AstExpr *e)
{
    return e->kind == EXPR_NAME && !e->parenthesized &&
           (strcmp(e->v.name.id, "print") == 0 || strcmp(e->v.name.id, "exec") == 0);
}

/* expression_without_invalid: as expression, no better messages inside. */
static AstExpr *expression_without_invalid(Parser *p)
{
    p->in_invalid++;
    AstExpr *e = parse_expression_rule(p);
    p->in_invalid--;
    return e;
}

/*
 * CPython's invalid_legacy_expression at token `first`: NAME !'('
 * star_expressions, "Missing parentheses in call to 'print'" if the name is
 * print or exec. Whatever the name, the expressions after it are read with
 * their own checks, and with this one at each expression they start: CPython
 * finds `a print b` and `z print [0]` so. Each position is tried once, its
 * outcome being always the same. NULL, with an error if one was found.
 */
void *parse_legacy_expression(Parser *p, size_t first)
{
    Token *t0 = parse_token(p, first), *t1 = parse_token(p, first + 1);
    if (t0 == NULL || t1 == NULL || t0->type != TOK_NAME || t1->type == TOK_LPAR || t0->legacy_checked)
        return NULL;
    t0->legacy_checked = 1;
    ParseCheck hwm = parse_check_begin(p);
    ParseTry m = parse_try_begin(p);
    p->mark = first + 1;
    p->legacy_mode++;
    AstExpr *b = parse_star_expressions(p);
    p->legacy_mode--;
    bool ok = parse_try_end(p, m, b != NULL);
    parse_check_end(p, hwm);
    if (!ok)
        return NULL;
    p->mark = m.mark;
    bool print = parse_token_is(t0, "print");
    if (!print && !parse_token_is(t0, "exec"))
        return NULL;
    const char *name = print ? "print" : "exec";
    return parse_raise_at(p, PARSE_SYNTAX_ERROR, t0->lineno, t0->col_offset, b->end_lineno,
                          b->end_col_offset, "Missing parentheses in call to '%s'. Did you mean %s(...)?",
                          name, name);
}

/*
 * CPython's invalid_expression (first alternative) and
 * invalid_legacy_expression, run where an expression `a`, read from token
 * `first`, is followed by something that starts another expression.
 */
static void *juxtaposition(Parser *p, AstExpr *a, size_t first)
{
    Token *t0 = parse_token(p, first), *t1 = parse_token(p, first + 1);
    if (t0 == NULL || t1 == NULL)
        return NULL;
    /* !(NAME STRING | SOFT_KEYWORD) a=disjunction b=expression_without_invalid:
     * "Perhaps you forgot a comma?" inside brackets */
    if (!is_legacy_name(a) && !(t0->type == TOK_NAME && t1->type == TOK_STRING) && !is_soft_keyword(t0)) {
        ParseTry m = parse_try_begin(p);
        AstExpr *b = expression_without_invalid(p);
        if (parse_try_end(p, m, b != NULL)) {
            if (last_token(p)->level > 0)
                return parse_raise_range(p, a, b, "invalid syntax. Perhaps you forgot a comma?");
            p->mark = m.mark;
        }
        if (p->error)
            return NULL;
    }
    return parse_legacy_expression(p, first);
}

/* The rest of a conditional expression whose body `a` was read, at 'if'.
 * If it does not parse, the expression is `a` alone (a failed PEG
 * alternative) and NULL comes back without an error. */
static AstExpr *conditional(Parser *p, Pos start, AstExpr *a, bool checks)
{
    ParseTry m = parse_try_begin(p);
    advance(p);
    AstExpr *b = parse_disjunction(p), *c = NULL;
    if (b != NULL && !at(p, TOK_ELSE) && !at(p, TOK_COLON) && !p->in_invalid && checks) {
        /* invalid_expression: disjunction 'if' disjunction !('else'|':') */
        parse_try_end(p, m, true);
        return parse_raise_range(p, a, b, "expected 'else' after 'if' expression");
    }
    if (b != NULL && accept(p, TOK_ELSE))
        c = parse_expression_rule(p);
    if (!parse_try_end(p, m, c != NULL))
        return NULL;
    AstExpr *e = parse_new_expr(p, EXPR_IFEXP, start);
    if (e != NULL) {
        e->v.ifexp.test = b;
        e->v.ifexp.body = a;
        e->v.ifexp.orelse = c;
    }
    return e;
}

AstExpr *parse_expression_rule(Parser *p)
{
    if (!parse_enter(p))
        return NULL;
    if (at(p, TOK_LAMBDA)) {
        AstExpr *l = lambdef(p);
        parse_leave(p);
        return l;
    }
    Pos start = parse_pos(p);
    size_t first = p->mark;
    if (p->legacy_mode > 0 && !p->in_invalid && at(p, TOK_NAME)) {
        parse_legacy_expression(p, first);
        if (p->error) {
            parse_leave(p);
            return NULL;
        }
    }
    AstExpr *a = parse_disjunction(p);
    bool plain = true;
    if (a != NULL && at(p, TOK_IF)) {
        AstExpr *e = conditional(p, start, a, first != p->no_juxtaposition_at);
        if (e != NULL || p->error) {
            a = e;
            plain = false;
        }
    }
    /* (a conditional expression's last part had this check already; a
     * dict key after the first has it not, in CPython) */
    if (a != NULL && plain && !p->in_invalid && first != p->no_juxtaposition_at &&
        juxtaposed(peek_type(p, 0))) {
        /* Tokens read while looking for a better message do not count as
         * read by the parse proper (see Parser.hwm). */
        ParseCheck hwm = parse_check_begin(p);
        juxtaposition(p, a, first);
        parse_check_end(p, hwm);
        if (p->error)
            a = NULL;
    }
    parse_leave(p);
    return a;
}

/* ------------------------------------------------------------------ */
/* named_expression and star expressions                               */
/* ------------------------------------------------------------------ */

/* Is e, as parsed, a bitwise_or (so an atom-like operand)? */
bool parse_is_bitwise_or(const AstExpr *e)
{
    if (e->parenthesized)
        return true;
    switch (e->kind) {
    case EXPR_BOOLOP: case EXPR_COMPARE: case EXPR_IFEXP: case EXPR_LAMBDA: case EXPR_NAMEDEXPR:
    case EXPR_YIELD: case EXPR_YIELDFROM: case EXPR_STARRED:
        return false;
    case EXPR_UNARYOP:
        return e->v.unaryop.op != AST_NOT;
    default:
        return true;
    }
}

/* Does the source of e start with a list display, a tuple, a generator
 * expression, True, None or False (CPython's lookahead in the third
 * alternative of invalid_named_expression)? */
bool parse_starts_with_display(const AstExpr *e)
{
    for (;;) {
        int own = e->kind == EXPR_TUPLE || e->kind == EXPR_GENERATOREXP ? 1 : 0;
        if (e->parenthesized > own)
            return false;   /* a group: starts with '(' of no tuple */
        switch (e->kind) {
        case EXPR_BINOP: e = e->v.binop.left; break;
        case EXPR_ATTRIBUTE: e = e->v.attribute.value; break;
        case EXPR_SUBSCRIPT: e = e->v.subscript.value; break;
        case EXPR_CALL: e = e->v.call.func; break;
        case EXPR_LIST: return true;
        case EXPR_TUPLE: case EXPR_GENERATOREXP: return e->parenthesized == 1;
        case EXPR_CONSTANT: {
            AstConstKind k = e->v.constant.value.kind;
            return k == AST_CONST_TRUE || k == AST_CONST_FALSE || k == AST_CONST_NONE;
        }
        default: return false;
        }
    }
}

void *parse_invalid_named_expression(Parser *p, AstExpr *e, size_t first)
{
    if (at(p, TOK_COLONEQUAL)) {
        ParseTry m = parse_try_begin(p);
        advance(p);
        AstExpr *v = parse_starts_expression(peek_type(p, 0)) ? parse_expression_rule(p) : NULL;
        if (!parse_try_end(p, m, v != NULL))
            return NULL;
        return parse_raise_node(p, e, "cannot use assignment expressions with %s", parse_expr_name(e));
    }
    bool single_name = e->kind == EXPR_NAME && !e->parenthesized && p->mark == first + 1;
    if (!single_name && (!parse_is_bitwise_or(e) || parse_starts_with_display(e)))
        return NULL;
    ParseTry m = parse_try_begin(p);
    advance(p);   /* '=' */
    AstExpr *b = parse_starts_expression(peek_type(p, 0)) ? parse_bitwise_or(p) : NULL;
    bool ok = b != NULL && !at(p, TOK_EQUAL) && !at(p, TOK_COLONEQUAL);
    if (!parse_try_end(p, m, ok))
        return NULL;
    if (single_name)
        return parse_raise_range(p, e, b, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
    return parse_raise_node(p, e, "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                            parse_expr_name(e));
}

AstExpr *parse_named_expression(Parser *p)
{
    Pos start = parse_pos(p);
    if (at(p, TOK_NAME) && peek_type(p, 1) == TOK_COLONEQUAL) {
        AstExpr *target = parse_name(p);
        if (target == NULL)
            return NULL;
        target->v.name.ctx = AST_STORE;
        advance(p);
        AstExpr *value = parse_expression_rule(p);
        if (value == NULL)
            return NULL;
        AstExpr *e = parse_new_expr(p, EXPR_NAMEDEXPR, start);
        if (e != NULL) {
            e->v.namedexpr.target = target;
            e->v.namedexpr.value = value;
        }
        return e;
    }
    size_t first = p->mark;
    AstExpr *e = parse_expression_rule(p);
    if (e == NULL || p->in_invalid)
        return e;
    if (at(p, TOK_COLONEQUAL) || at(p, TOK_EQUAL)) {
        ParseCheck hwm = parse_check_begin(p);
        parse_invalid_named_expression(p, e, first);
        parse_check_end(p, hwm);
        if (p->error)
            return NULL;
    }
    return e;
}

static AstExpr *starred(Parser *p, Rule operand)
{
    Pos start = parse_pos(p);
    advance(p);
    AstExpr *value = operand(p);
    if (value == NULL)
        return NULL;
    AstExpr *e = parse_new_expr(p, EXPR_STARRED, start);
    if (e != NULL) {
        e->v.starred.value = value;
        e->v.starred.ctx = AST_LOAD;
    }
    return e;
}

/* star_named_expression: '*' bitwise_or | named_expression */
AstExpr *parse_star_named_expression(Parser *p)
{
    if (at(p, TOK_STAR))
        return starred(p, parse_bitwise_or);
    return parse_named_expression(p);
}

/* star_expression: '*' bitwise_or | expression */
static AstExpr *star_expression(Parser *p)
{
    if (at(p, TOK_STAR))
        return starred(p, parse_bitwise_or);
    return parse_expression_rule(p);
}

/* star_expressions: star_expression (',' star_expression)* [','] */
AstExpr *parse_star_expressions(Parser *p)
{
    Pos start = parse_pos(p);
    AstExpr *first = star_expression(p);
    if (first == NULL || !at(p, TOK_COMMA))
        return first;
    size_t base = seq_start(p);
    if (!parse_push(p, first))
        return NULL;
    while (accept(p, TOK_COMMA)) {
        TokType type = peek_type(p, 0);
        if (type != TOK_STAR && !parse_starts_expression(type))
            break;
        AstExpr *item = star_expression(p);
        if (item == NULL || !parse_push(p, item))
            return NULL;
    }
    AstExprSeq elts = parse_seq_exprs(p, base);
    AstExpr *t = parse_new_expr(p, EXPR_TUPLE, start);
    if (t != NULL) {
        t->v.tuple.elts = elts;
        t->v.tuple.ctx = AST_LOAD;
    }
    return t;
}

/* yield_expr: 'yield' 'from' expression | 'yield' [star_expressions] */
AstExpr *parse_yield_expr(Parser *p)
{
    Pos start = parse_pos(p);
    advance(p);
    if (accept(p, TOK_FROM)) {
        AstExpr *value = parse_expression_rule(p);
        if (value == NULL)
            return NULL;
        AstExpr *e = parse_new_expr(p, EXPR_YIELDFROM, start);
        if (e != NULL)
            e->v.yieldfrom.value = value;
        return e;
    }
    AstExpr *value = NULL;
    TokType type = peek_type(p, 0);
    if (type == TOK_STAR || parse_starts_expression(type)) {
        value = parse_star_expressions(p);
        if (value == NULL)
            return NULL;
    }
    AstExpr *e = parse_new_expr(p, EXPR_YIELD, start);
    if (e != NULL)
        e->v.yield.value = value;
    return e;
}

/* ------------------------------------------------------------------ */
/* Slices                                                              */
/* ------------------------------------------------------------------ */

/* An optional expression before ':' or ']' in a slice. */
static bool optional_expression(Parser *p, AstExpr **out)
{
    *out = NULL;
    if (!parse_starts_expression(peek_type(p, 0)))
        return true;
    *out = parse_expression_rule(p);
    return *out != NULL;
}

/* slice | starred_expression */
static AstExpr *slice_item(Parser *p)
{
    Pos start = parse_pos(p);
    if (at(p, TOK_STAR))
        return starred(p, parse_expression_rule);
    AstExpr *lower = NULL;
    if (!at(p, TOK_COLON)) {
        lower = parse_named_expression(p);
        if (lower == NULL)
            return NULL;
        if (!at(p, TOK_COLON))
            return lower;
        if (lower->kind == EXPR_NAMEDEXPR && !lower->parenthesized)
            return parse_fail(p);
    }
    advance(p);   /* ':' */
    AstExpr *upper, *step = NULL;
    if (!optional_expression(p, &upper))
        return NULL;
    if (accept(p, TOK_COLON) && !optional_expression(p, &step))
        return NULL;
    AstExpr *e = parse_new_expr(p, EXPR_SLICE, start);
    if (e != NULL) {
        e->v.slice.lower = lower;
        e->v.slice.upper = upper;
        e->v.slice.step = step;
    }
    return e;
}

/* slices: slice !',' | ','.(slice | starred_expression)+ [','] */
AstExpr *parse_slices(Parser *p)
{
    Pos start = parse_pos(p);
    AstExpr *first = slice_item(p);
    if (first == NULL)
        return NULL;
    if (!at(p, TOK_COMMA) && first->kind != EXPR_STARRED)
        return first;
    size_t base = seq_start(p);
    if (!parse_push(p, first))
        return NULL;
    while (accept(p, TOK_COMMA)) {
        if (at(p, TOK_RSQB))
            break;
        AstExpr *item = slice_item(p);
        if (item == NULL || !parse_push(p, item))
            return NULL;
    }
    AstExprSeq elts = parse_seq_exprs(p, base);
    AstExpr *t = parse_new_expr(p, EXPR_TUPLE, start);
    if (t != NULL) {
        t->v.tuple.elts = elts;
        t->v.tuple.ctx = AST_LOAD;
    }
    return t;
}
