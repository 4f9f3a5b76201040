/*
 * parse_call.c - the argument list of a call and the parameter list of a
 * function or lambda (CPython 3.11's `arguments` and `params` rules), with
 * the messages of invalid_arguments, invalid_kwarg, invalid_parameters and
 * friends.
 *
 * Call arguments come in three zones, in order: positional ones (and
 * *iterables); then keywords mixed with *iterables; then, after the first
 * **mapping, only keywords and **mappings.
 */
#include <string.h>

#include "parser_impl.h"

/* ------------------------------------------------------------------ */
/* Call arguments                                                      */
/* ------------------------------------------------------------------ */

enum { ZONE_POSITIONAL, ZONE_KEYWORDS, ZONE_DOUBLE };

static AstKeyword *new_keyword(Parser *p, Pos start, const char *arg, AstExpr *value)
{
    AstKeyword *k = parse_alloc(p, sizeof *k);
    if (k == NULL)
        return NULL;
    k->arg = arg;
    k->value = value;
    k->lineno = start.lineno;
    k->col_offset = start.col;
    parse_set_end(p, &k->end_lineno, &k->end_col_offset);
    return k;
}

/* The expression whose end closes a comprehension: its last `if`, else
 * its iterable (CPython's _PyPegen_get_last_comprehension_item). */
static AstExpr *last_comprehension_item(AstComprehensionSeq gens)
{
    AstComprehension *c = gens.items[gens.len - 1];
    return c->ifs.len > 0 ? c->ifs.items[c->ifs.len - 1] : c->iter;
}

/* An argument followed by `for`: a generator expression, which must be
 * the only argument unless parenthesized. */
static AstExpr *generator_argument(Parser *p, AstExpr *elt, Token *lpar, size_t nargs_before,
                                   size_t nkw_before)
{
    bool ok;
    if (nargs_before > 0 || nkw_before > 0) {
        /* invalid_arguments: args (',' expression)? for_if_clauses - read
         * only to find the message. */
        ParseCheck hwm = parse_check_begin(p);
        ParseTry m = parse_try_begin(p);
        AstComprehensionSeq gens = parse_for_if_clauses(p, &ok);
        ok = parse_try_end(p, m, ok);
        parse_check_end(p, hwm);
        if (p->error)
            return NULL;
        if (!ok)
            return parse_fail(p);
        return parse_raise_range(p, elt, last_comprehension_item(gens),
                                 "Generator expression must be parenthesized");
    }
    AstComprehensionSeq gens = parse_for_if_clauses(p, &ok);
    if (!ok)
        return NULL;
    if (at(p, TOK_COMMA))
        return parse_raise_range(p, elt, last_comprehension_item(gens),
                                 "Generator expression must be parenthesized");
    if (!at(p, TOK_RPAR))
        return parse_fail(p);
    Pos start = {lpar->lineno, lpar->col_offset};
    AstExpr *g = parse_new_expr(p, EXPR_GENERATOREXP, start);
    if (g == NULL)
        return NULL;
    /* The generator's parentheses are the call's. */
    Token *rpar = peek(p);
    g->end_lineno = rpar->end_lineno;
    g->end_col_offset = rpar->end_col_offset;
    g->parenthesized = 1;
    g->v.generatorexp.elt = elt;
    g->v.generatorexp.generators = gens;
    return g;
}

/* `name=value`, with invalid_kwarg's "Maybe you meant '=='" for a
 * comprehension after it. */
static AstKeyword *keyword_argument(Parser *p)
{
    Pos start = parse_pos(p);
    Token *name = advance(p);
    Token *eq = advance(p);
    AstExpr *value = parse_expression_rule(p);
    if (value == NULL)
        return NULL;
    if (at_for(p) && !p->in_invalid) {
        /* invalid_kwarg: NAME '=' expression for_if_clauses */
        ParseCheck hwm = parse_check_begin(p);
        ParseTry m = parse_try_begin(p);
        bool ok;
        parse_for_if_clauses(p, &ok);
        ok = parse_try_end(p, m, ok);
        parse_check_end(p, hwm);
        if (ok)
            return parse_raise_token(p, name, eq, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
        if (p->error)
            return NULL;
    }
    const char *arg = parse_strdup(p, name->start, (size_t)(name->end - name->start));
    return arg != NULL ? new_keyword(p, start, arg, value) : NULL;
}

/* A positional argument (assignment_expression | expression !':='). */
static AstExpr *positional_argument(Parser *p)
{
    if (at(p, TOK_NAME) && peek_type(p, 1) == TOK_COLONEQUAL)
        return parse_named_expression(p);
    AstExpr *e = parse_expression_rule(p);
    if (e == NULL)
        return NULL;
    if (at(p, TOK_EQUAL) && !p->in_invalid) {
        /* invalid_kwarg: !(NAME '=') expression '=' */
        Token *eq = peek(p);
        return parse_raise_at(p, PARSE_SYNTAX_ERROR, e->lineno, e->col_offset, eq->end_lineno,
                              eq->end_col_offset,
                              "expression cannot contain assignment, perhaps you meant \"==\"?");
    }
    if (at(p, TOK_COLONEQUAL))
        return parse_fail(p);
    return e;
}

bool parse_call_arguments(Parser *p, AstExpr *call)
{
    Token *lpar = last_token(p);
    /* Positional arguments (and *x) go on one stack, keywords on another:
     * build them interleaved and separate at the end. */
    size_t base = seq_start(p);
    size_t nargs = 0, nkw = 0;
    int zone = ZONE_POSITIONAL;
    const char *misplaced = NULL;
    bool plain_positional = false;   /* a positional argument that is no *x */
    while (!at(p, TOK_RPAR)) {
        if (p->error)
            return false;
        Pos start = parse_pos(p);
        Token *t = peek(p);
        TokType type = t->type;
        if (type == TOK_STAR) {
            Token *star = advance(p);
            if (!parse_starts_expression(peek_type(p, 0)) && !p->in_invalid &&
                (zone != ZONE_POSITIONAL || (nargs > 0 && !plain_positional)))
                /* invalid_arguments: (positional ',' kwargs | kwargs) ',' '*',
                 * CPython's message even for a '*' alone */
                return parse_raise_token(p, star, star,
                                         "iterable argument unpacking follows keyword argument unpacking");
            AstExpr *value = parse_expression_rule(p);
            if (value == NULL)
                return false;
            if (zone == ZONE_DOUBLE && !p->in_invalid)
                return parse_raise_token(p, star, star,
                                         "iterable argument unpacking follows keyword argument unpacking");
            AstExpr *s = parse_new_expr(p, EXPR_STARRED, start);
            if (s == NULL)
                return false;
            s->v.starred.value = value;
            s->v.starred.ctx = AST_LOAD;
            if (!parse_push(p, s) || !parse_push(p, NULL))
                return false;
            nargs++;
        } else if (type == TOK_DOUBLESTAR) {
            advance(p);
            AstExpr *value = parse_expression_rule(p);
            if (value == NULL)
                return false;
            AstKeyword *k = new_keyword(p, start, NULL, value);
            if (k == NULL || !parse_push(p, NULL) || !parse_push(p, k))
                return false;
            nkw++;
            zone = ZONE_DOUBLE;
        } else if (type == TOK_NAME && peek_type(p, 1) == TOK_EQUAL) {
            AstKeyword *k = keyword_argument(p);
            if (k == NULL || !parse_push(p, NULL) || !parse_push(p, k))
                return false;
            nkw++;
            if (zone == ZONE_POSITIONAL)
                zone = ZONE_KEYWORDS;
        } else if ((type == TOK_TRUE || type == TOK_FALSE || type == TOK_NONE) &&
                   peek_type(p, 1) == TOK_EQUAL && !p->in_invalid) {
            Token *eq = parse_token(p, p->mark + 1);
            parse_raise_token(p, t, eq, "cannot assign to %s", lex_token_name(type));
            return false;
        } else {
            AstExpr *e = positional_argument(p);
            if (e == NULL)
                return false;
            if (at_for(p)) {
                e = generator_argument(p, e, lpar, nargs, nkw);
                if (e == NULL)
                    return false;
            } else if (zone != ZONE_POSITIONAL && misplaced == NULL && !p->in_invalid) {
                /* Reported once the rest of the arguments is read (CPython
                 * reports it at the furthest token read). */
                misplaced = "positional argument follows keyword argument";
                for (size_t i = base + 1; i < p->nscratch; i += 2)
                    if (p->scratch[i] != NULL && ((AstKeyword *)p->scratch[i])->arg == NULL)
                        misplaced = "positional argument follows keyword argument unpacking";
            }
            if (!parse_push(p, e) || !parse_push(p, NULL))
                return false;
            nargs++;
            plain_positional = true;
        }
        if (!accept(p, TOK_COMMA))
            break;
    }
    if (p->error)
        return false;
    if (misplaced != NULL) {
        peek(p);
        parse_raise(p, PARSE_SYNTAX_ERROR, "%s", misplaced);
        return false;
    }
    /* Separate: even slots hold arguments, odd ones keywords. */
    size_t n = (p->nscratch - base) / 2;
    size_t abase = seq_start(p);
    for (size_t i = 0; i < n; i++)
        if (p->scratch[base + 2 * i] != NULL && !parse_push(p, p->scratch[base + 2 * i]))
            return false;
    call->v.call.args = parse_seq_exprs(p, abase);
    for (size_t i = 0; i < n; i++)
        if (p->scratch[base + 2 * i + 1] != NULL && !parse_push(p, p->scratch[base + 2 * i + 1]))
            return false;
    call->v.call.keywords = parse_seq_keywords(p, abase);
    seq_drop(p, base);
    return !p->error;
}

/* ------------------------------------------------------------------ */
/* Parameters                                                          */
/* ------------------------------------------------------------------ */

/* param: NAME [':' expression] (no annotation in a lambda). */
static AstArg *param(Parser *p, bool lambda, bool star_annotation)
{
    Pos start = parse_pos(p);
    Token *name = accept(p, TOK_NAME);
    if (name == NULL)
        return parse_fail(p);
    AstExpr *annotation = NULL;
    if (!lambda && accept(p, TOK_COLON)) {
        if (star_annotation && at(p, TOK_STAR)) {
            Pos sstart = parse_pos(p);
            advance(p);
            AstExpr *value = parse_expression_rule(p);
            if (value == NULL)
                return NULL;
            annotation = parse_new_expr(p, EXPR_STARRED, sstart);
            if (annotation == NULL)
                return NULL;
            annotation->v.starred.value = value;
            annotation->v.starred.ctx = AST_LOAD;
        } else {
            annotation = parse_expression_rule(p);
            if (annotation == NULL)
                return NULL;
        }
    }
    AstArg *a = parse_alloc(p, sizeof *a);
    if (a == NULL)
        return NULL;
    a->arg = parse_strdup(p, name->start, (size_t)(name->end - name->start));
    a->annotation = annotation;
    a->lineno = start.lineno;
    a->col_offset = start.col;
    parse_set_end(p, &a->end_lineno, &a->end_col_offset);
    return a->arg != NULL ? a : NULL;
}

/* The raise helpers want an expression for a location; a parameter is
 * reported at its own span. */
static void *raise_at_arg(Parser *p, const AstArg *a, const char *msg)
{
    return parse_raise_at(p, PARSE_SYNTAX_ERROR, a->lineno, a->col_offset, a->end_lineno,
                          a->end_col_offset, "%s", msg);
}

static void *raise_at_token(Parser *p, const Token *t, const char *msg)
{
    return parse_raise_token(p, t, t, "%s", msg);
}

/* '=' default, with invalid_default's message for a missing value
 * ('=' &(')'|','), for a lambda too). */
static AstExpr *default_value(Parser *p)
{
    Token *eq = advance(p);
    if (at(p, TOK_COMMA) || at(p, TOK_RPAR))
        return raise_at_token(p, eq, "expected default value expression");
    return parse_expression_rule(p);
}

typedef struct ParamState {
    size_t posonly, args, defaults, kwonly, kw_defaults;   /* scratch bases */
    AstArg *vararg, *kwarg;
    bool slash, star;
} ParamState;

/* '(' param, ... ')' inside a parameter list: CPython's message. */
static void *parenthesized_params(Parser *p, bool lambda)
{
    Token *lpar = peek(p);
    ParseCheck hwm = parse_check_begin(p);
    ParseTry m = parse_try_begin(p);
    advance(p);
    bool ok = true;
    do {
        if (!accept(p, TOK_NAME)) {
            ok = false;
            break;
        }
    } while (accept(p, TOK_COMMA) && at(p, TOK_NAME));
    Token *rpar = ok ? accept(p, TOK_RPAR) : NULL;
    ok = parse_try_end(p, m, rpar != NULL);
    parse_check_end(p, hwm);
    if (!ok)
        return parse_fail(p);
    return parse_raise_token(p, lpar, rpar, lambda ? "Lambda expression parameters cannot be parenthesized"
                                                   : "Function parameters cannot be parenthesized");
}

/* Parameters are kept on the scratch stack in five runs while they are
 * read; we read them into per-kind temporary runs by pushing
 * (kind, item) pairs and sorting them out at the end. */
enum { PK_POSONLY_MARK = 1, PK_ARG, PK_DEFAULT, PK_KWONLY, PK_KWDEFAULT };

static bool push_pair(Parser *p, int kind, void *item)
{
    return parse_push(p, (void *)(uintptr_t)kind) && parse_push(p, item);
}

/* Collects the items of one kind from the pairs above base. */
static size_t collect(Parser *p, size_t base, size_t top, int kind, int upto_kind, bool *seen)
{
    size_t out = seq_start(p);
    for (size_t i = base; i < top; i += 2) {
        int k = (int)(uintptr_t)p->scratch[i];
        if (upto_kind != 0 && k == upto_kind)
            break;
        if (k == kind && !parse_push(p, p->scratch[i + 1]))
            return out;
    }
    if (seen != NULL)
        *seen = true;
    return out;
}

AstArguments *parse_parameters(Parser *p, bool lambda)
{
    TokType closer = lambda ? TOK_COLON : TOK_RPAR;
    size_t base = seq_start(p);
    AstArg *vararg = NULL, *kwarg = NULL;
    bool slash = false, star = false, any_default = false;
    size_t npos = 0;
    while (!at(p, closer)) {
        if (p->error)
            return NULL;
        Token *t = peek(p);
        if (kwarg != NULL) {
            /* invalid_kwds: nothing may follow **kwargs */
            if (t->type == TOK_NAME) {
                AstArg *a = param(p, lambda, false);
                return a == NULL ? NULL : raise_at_arg(p, a, "arguments cannot follow var-keyword argument");
            }
            if (t->type == TOK_STAR || t->type == TOK_DOUBLESTAR || t->type == TOK_SLASH)
                return raise_at_token(p, t, "arguments cannot follow var-keyword argument");
            return parse_fail(p);
        }
        if (t->type == TOK_SLASH) {
            if (npos == 0 && !slash && !star) {
                ParseCheck hwm = parse_check_begin(p);
                if (peek_type(p, 1) == TOK_COMMA)
                    return raise_at_token(p, t, "at least one argument must precede /");
                parse_check_end(p, hwm);
                return parse_fail(p);
            }
            if (slash)
                return raise_at_token(p, t, "/ may appear only once");
            if (star)
                return raise_at_token(p, t, "/ must be ahead of *");
            advance(p);
            slash = true;
            if (!push_pair(p, PK_POSONLY_MARK, NULL))
                return NULL;
        } else if (t->type == TOK_STAR) {
            if (star) {
                return raise_at_token(p, t, "* argument may appear only once");
            }
            advance(p);
            star = true;
            if (at(p, TOK_COMMA) || at(p, closer)) {
                TokType after = at(p, closer) ? closer : peek_type(p, 1);
                if (after == closer || after == TOK_DOUBLESTAR) {
                    /* CPython: at the '*' for a def, at the furthest token
                     * for a lambda. */
                    if (lambda)
                        return parse_raise(p, PARSE_SYNTAX_ERROR, "named arguments must follow bare *");
                    return raise_at_token(p, t, "named arguments must follow bare *");
                }
            } else {
                vararg = param(p, lambda, true);
                if (vararg == NULL)
                    return NULL;
                if (at(p, TOK_EQUAL))
                    return raise_at_token(p, peek(p), "var-positional argument cannot have default value");
            }
        } else if (t->type == TOK_DOUBLESTAR) {
            advance(p);
            kwarg = param(p, lambda, false);
            if (kwarg == NULL)
                return NULL;
            if (at(p, TOK_EQUAL))
                return raise_at_token(p, peek(p), "var-keyword argument cannot have default value");
        } else if (t->type == TOK_LPAR) {
            /* invalid_parameters: only after plain parameters */
            if (any_default || slash || star)
                return parse_fail(p);
            return parenthesized_params(p, lambda);
        } else {
            AstArg *a = param(p, lambda, false);
            if (a == NULL)
                return NULL;
            AstExpr *def = NULL;
            if (at(p, TOK_EQUAL)) {
                def = default_value(p);
                if (def == NULL)
                    return NULL;
            }
            if (star) {
                if (!push_pair(p, PK_KWONLY, a) || !push_pair(p, PK_KWDEFAULT, def))
                    return NULL;
            } else {
                /* invalid_parameters: the parameter must be followed by ',' or
                 * the closer (param_no_default) */
                if (def == NULL && any_default && (at(p, TOK_COMMA) || at(p, closer)))
                    return raise_at_arg(p, a, "non-default argument follows default argument");
                if (!push_pair(p, PK_ARG, a))
                    return NULL;
                if (def != NULL) {
                    any_default = true;
                    if (!push_pair(p, PK_DEFAULT, def))
                        return NULL;
                }
                npos++;
            }
        }
        if (!accept(p, TOK_COMMA)) {
            if (at(p, TOK_STAR) && slash && !star && last_token(p)->type == TOK_SLASH)
                return raise_at_token(p, peek(p), "expected comma between / and *");
            break;
        }
    }
    if (p->error)
        return NULL;
    if (!at(p, closer))
        return parse_fail(p);

    AstArguments *args = parse_alloc(p, sizeof *args);
    if (args == NULL)
        return NULL;
    size_t top = p->nscratch;
    /* Positional parameters before the '/' are positional-only. */
    size_t b = collect(p, base, top, PK_ARG, slash ? PK_POSONLY_MARK : 0, NULL);
    if (slash)
        args->posonlyargs = parse_seq_args(p, b);
    else
        seq_drop(p, b);
    b = seq_start(p);
    bool after_slash = !slash;
    for (size_t i = base; i < top; i += 2) {
        int k = (int)(uintptr_t)p->scratch[i];
        if (k == PK_POSONLY_MARK)
            after_slash = true;
        else if (k == PK_ARG && after_slash && !parse_push(p, p->scratch[i + 1]))
            return NULL;
    }
    args->args = parse_seq_args(p, b);
    b = collect(p, base, top, PK_DEFAULT, 0, NULL);
    args->defaults = parse_seq_exprs(p, b);
    b = collect(p, base, top, PK_KWONLY, 0, NULL);
    args->kwonlyargs = parse_seq_args(p, b);
    /* kw_defaults may hold NULLs: copy them by hand. */
    size_t nkw = args->kwonlyargs.len;
    if (nkw > 0) {
        AstExpr **kd = parse_alloc(p, nkw * sizeof *kd);
        if (kd == NULL)
            return NULL;
        size_t j = 0;
        for (size_t i = base; i < top; i += 2)
            if ((int)(uintptr_t)p->scratch[i] == PK_KWDEFAULT)
                kd[j++] = p->scratch[i + 1];
        args->kw_defaults.items = kd;
        args->kw_defaults.len = nkw;
    }
    args->vararg = vararg;
    args->kwarg = kwarg;
    seq_drop(p, base);
    return p->error ? NULL : args;
}
