/*
 * ast_dump.c - ast.dump() for our trees: the same field order, the same
 * omission of absent optional fields, and Python's repr() of constants
 * (shortest round-trip floats, quote choice and escapes of strings).
 *
 * The output grows in a buffer from the runtime's allocator; the first
 * failure (no memory, or too deep a tree) sticks and makes ast_dump
 * return NULL.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast_dump.h"
#include "lexer.h"
#include "unicode_db.h"

typedef struct Dump {
    OuroRuntime *rt;
    char *buf;
    size_t len, cap;
    bool failed;
    bool attrs;
    int depth;
} Dump;

static void put(Dump *d, const char *s, size_t n)
{
    if (d->failed)
        return;
    if (d->len + n + 1 > d->cap) {
        size_t cap = d->cap ? d->cap : 256;
        while (cap < d->len + n + 1)
            cap *= 2;
        char *b = ouro_mem_realloc(d->rt, d->buf, d->cap, cap);
        if (b == NULL) {
            d->failed = true;
            return;
        }
        d->buf = b;
        d->cap = cap;
    }
    memcpy(d->buf + d->len, s, n);
    d->len += n;
    d->buf[d->len] = '\0';
}

static void puts_(Dump *d, const char *s) { put(d, s, strlen(s)); }

static void putf(Dump *d, const char *fmt, long long v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, fmt, v);
    put(d, tmp, (size_t)n);
}

/* ------------------------------------------------------------------ */
/* repr() of constants                                                 */
/* ------------------------------------------------------------------ */

/* Python's repr of a str held in (extended) UTF-8. */
static void repr_str(Dump *d, const char *s, size_t len)
{
    bool has_single = memchr(s, '\'', len) != NULL, has_double = memchr(s, '"', len) != NULL;
    char quote = has_single && !has_double ? '"' : '\'';
    put(d, &quote, 1);
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        char tmp[16];
        if (c < 0x80) {
            i++;
            if (c == (unsigned char)quote || c == '\\') {
                tmp[0] = '\\';
                tmp[1] = (char)c;
                put(d, tmp, 2);
            } else if (c == '\t') {
                puts_(d, "\\t");
            } else if (c == '\n') {
                puts_(d, "\\n");
            } else if (c == '\r') {
                puts_(d, "\\r");
            } else if (c < 0x20 || c == 0x7F) {
                snprintf(tmp, sizeof tmp, "\\x%02x", c);
                puts_(d, tmp);
            } else {
                put(d, (const char *)&c, 1);
            }
            continue;
        }
        int n;
        unsigned cp = lex_utf8_decode(s + i, &n);
        if (unicode_is_printable(cp)) {
            put(d, s + i, (size_t)n);
        } else {
            if (cp < 0x100)
                snprintf(tmp, sizeof tmp, "\\x%02x", cp);
            else if (cp < 0x10000)
                snprintf(tmp, sizeof tmp, "\\u%04x", cp);
            else
                snprintf(tmp, sizeof tmp, "\\U%08x", cp);
            puts_(d, tmp);
        }
        i += (size_t)n;
    }
    put(d, &quote, 1);
}

static void repr_bytes(Dump *d, const char *s, size_t len)
{
    bool has_single = memchr(s, '\'', len) != NULL, has_double = memchr(s, '"', len) != NULL;
    char quote = has_single && !has_double ? '"' : '\'';
    puts_(d, "b");
    put(d, &quote, 1);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char tmp[8];
        if (c == (unsigned char)quote || c == '\\') {
            tmp[0] = '\\';
            tmp[1] = (char)c;
            put(d, tmp, 2);
        } else if (c == '\t') {
            puts_(d, "\\t");
        } else if (c == '\n') {
            puts_(d, "\\n");
        } else if (c == '\r') {
            puts_(d, "\\r");
        } else if (c < 0x20 || c >= 0x7F) {
            snprintf(tmp, sizeof tmp, "\\x%02x", c);
            puts_(d, tmp);
        } else {
            put(d, (const char *)&c, 1);
        }
    }
    put(d, &quote, 1);
}

/* Python's repr of a float: the shortest digits that read back the same,
 * in fixed notation for exponents -4 <= e < 16, else scientific. */
static void repr_float(Dump *d, double x)
{
    if (isinf(x)) {
        puts_(d, x > 0 ? "inf" : "-inf");
        return;
    }
    if (isnan(x)) {
        puts_(d, "nan");
        return;
    }
    char tmp[64];
    for (int prec = 0; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec, x);
        if (strtod(tmp, NULL) == x)
            break;
    }
    /* tmp is [-]d[.ddd]e[+-]XX (the point is the locale's). */
    char digits[32];
    size_t nd = 0;
    const char *s = tmp;
    bool neg = *s == '-';
    if (neg)
        s++;
    for (; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9')
            digits[nd++] = *s;
    int exp = atoi(s + 1);
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    digits[nd] = '\0';
    int decpt = exp + 1;
    if (neg)
        puts_(d, "-");
    if (decpt > -4 && decpt <= 16) {
        if (decpt <= 0) {
            puts_(d, "0.");
            for (int i = 0; i < -decpt; i++)
                puts_(d, "0");
            put(d, digits, nd);
        } else if ((size_t)decpt >= nd) {
            put(d, digits, nd);
            for (size_t i = nd; i < (size_t)decpt; i++)
                puts_(d, "0");
            puts_(d, ".0");
        } else {
            put(d, digits, (size_t)decpt);
            puts_(d, ".");
            put(d, digits + decpt, nd - (size_t)decpt);
        }
        return;
    }
    put(d, digits, 1);
    if (nd > 1) {
        puts_(d, ".");
        put(d, digits + 1, nd - 1);
    }
    snprintf(tmp, sizeof tmp, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    puts_(d, tmp);
}

/* Decimal digits of an integer given in another base (schoolbook, in
 * base 10^9 limbs). */
static void repr_int(Dump *d, const AstConstant *c)
{
    if (c->v.i.fits) {
        putf(d, "%lld", (long long)c->v.i.small);
        return;
    }
    if (c->v.i.base == 10) {
        put(d, c->v.i.digits, c->v.i.ndigits);
        return;
    }
    size_t cap = c->v.i.ndigits / 2 + 2;   /* limbs: 4 bits per hex digit < 30 per limb */
    uint32_t *limbs = ouro_mem_alloc(d->rt, cap * sizeof *limbs);
    if (limbs == NULL) {
        d->failed = true;
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < c->v.i.ndigits; i++) {
        char ch = c->v.i.digits[i];
        uint64_t carry = (uint64_t)(ch <= '9' ? ch - '0' : (ch | 0x20) - 'a' + 10);
        for (size_t k = 0; k < n; k++) {
            uint64_t v = (uint64_t)limbs[k] * (uint64_t)c->v.i.base + carry;
            limbs[k] = (uint32_t)(v % 1000000000u);
            carry = v / 1000000000u;
        }
        while (carry > 0 && n < cap) {
            limbs[n++] = (uint32_t)(carry % 1000000000u);
            carry /= 1000000000u;
        }
    }
    if (n == 0)
        puts_(d, "0");
    else {
        putf(d, "%lld", (long long)limbs[n - 1]);
        for (size_t k = n - 1; k > 0; k--)
            putf(d, "%09lld", (long long)limbs[k - 1]);
    }
    ouro_mem_free(d->rt, limbs, cap * sizeof *limbs);
}

static void repr_constant(Dump *d, const AstConstant *c)
{
    switch (c->kind) {
    case AST_CONST_NONE: puts_(d, "None"); break;
    case AST_CONST_TRUE: puts_(d, "True"); break;
    case AST_CONST_FALSE: puts_(d, "False"); break;
    case AST_CONST_ELLIPSIS: puts_(d, "Ellipsis"); break;
    case AST_CONST_INT: repr_int(d, c); break;
    case AST_CONST_FLOAT: repr_float(d, c->v.f); break;
    case AST_CONST_STR: repr_str(d, c->v.s.data, c->v.s.len); break;
    case AST_CONST_BYTES: repr_bytes(d, c->v.s.data, c->v.s.len); break;
    }
}

/* ------------------------------------------------------------------ */
/* Nodes                                                               */
/* ------------------------------------------------------------------ */

/* The fields of a node are written "name=value", separated by ", ";
 * `first` tracks whether a separator is due. */
typedef struct Fields {
    Dump *d;
    bool first;
} Fields;

static Fields open_node(Dump *d, const char *name)
{
    puts_(d, name);
    puts_(d, "(");
    Fields f = {d, true};
    return f;
}

static void field(Fields *f, const char *name)
{
    if (!f->first)
        puts_(f->d, ", ");
    f->first = false;
    puts_(f->d, name);
    puts_(f->d, "=");
}

static void close_node(Dump *d) { puts_(d, ")"); }

static void expr(Dump *d, const AstExpr *e);
static void stmt(Dump *d, const AstStmt *s);

static void attributes(Fields *f, int lineno, int col, int end_lineno, int end_col)
{
    if (!f->d->attrs)
        return;
    field(f, "lineno");
    putf(f->d, "%lld", lineno);
    field(f, "col_offset");
    putf(f->d, "%lld", col);
    field(f, "end_lineno");
    putf(f->d, "%lld", end_lineno);
    field(f, "end_col_offset");
    putf(f->d, "%lld", end_col);
}

static void str_field(Fields *f, const char *name, const char *value)
{
    if (value == NULL)
        return;
    field(f, name);
    repr_str(f->d, value, strlen(value));
}

static void int_field(Fields *f, const char *name, long long value)
{
    field(f, name);
    putf(f->d, "%lld", value);
}

/* An optional expression field: omitted when absent. */
static void expr_field(Fields *f, const char *name, const AstExpr *e)
{
    if (e == NULL)
        return;
    field(f, name);
    expr(f->d, e);
}

/* A list of expressions; NULL items print as None. */
static void expr_list(Fields *f, const char *name, AstExprSeq seq)
{
    field(f, name);
    puts_(f->d, "[");
    for (size_t i = 0; i < seq.len; i++) {
        if (i > 0)
            puts_(f->d, ", ");
        if (seq.items[i] == NULL)
            puts_(f->d, "None");
        else
            expr(f->d, seq.items[i]);
    }
    puts_(f->d, "]");
}

static void stmt_list(Fields *f, const char *name, AstStmtSeq seq)
{
    field(f, name);
    puts_(f->d, "[");
    for (size_t i = 0; i < seq.len; i++) {
        if (i > 0)
            puts_(f->d, ", ");
        stmt(f->d, seq.items[i]);
    }
    puts_(f->d, "]");
}

static void simple_node(Fields *f, const char *name, const char *value)
{
    field(f, name);
    puts_(f->d, value);
    puts_(f->d, "()");
}

static void arg_node(Dump *d, const AstArg *a)
{
    Fields f = open_node(d, "arg");
    str_field(&f, "arg", a->arg);
    expr_field(&f, "annotation", a->annotation);
    attributes(&f, a->lineno, a->col_offset, a->end_lineno, a->end_col_offset);
    close_node(d);
}

static void arg_list(Fields *f, const char *name, AstArgSeq seq)
{
    field(f, name);
    puts_(f->d, "[");
    for (size_t i = 0; i < seq.len; i++) {
        if (i > 0)
            puts_(f->d, ", ");
        arg_node(f->d, seq.items[i]);
    }
    puts_(f->d, "]");
}

static void arguments_node(Dump *d, const AstArguments *a)
{
    Fields f = open_node(d, "arguments");
    arg_list(&f, "posonlyargs", a->posonlyargs);
    arg_list(&f, "args", a->args);
    if (a->vararg != NULL) {
        field(&f, "vararg");
        arg_node(d, a->vararg);
    }
    arg_list(&f, "kwonlyargs", a->kwonlyargs);
    expr_list(&f, "kw_defaults", a->kw_defaults);
    if (a->kwarg != NULL) {
        field(&f, "kwarg");
        arg_node(d, a->kwarg);
    }
    expr_list(&f, "defaults", a->defaults);
    close_node(d);
}

static void keyword_list(Fields *f, const char *name, AstKeywordSeq seq)
{
    field(f, name);
    puts_(f->d, "[");
    for (size_t i = 0; i < seq.len; i++) {
        const AstKeyword *k = seq.items[i];
        if (i > 0)
            puts_(f->d, ", ");
        Fields kf = open_node(f->d, "keyword");
        str_field(&kf, "arg", k->arg);
        expr_field(&kf, "value", k->value);
        attributes(&kf, k->lineno, k->col_offset, k->end_lineno, k->end_col_offset);
        close_node(f->d);
    }
    puts_(f->d, "]");
}

static void comprehension_list(Fields *f, AstComprehensionSeq seq)
{
    field(f, "generators");
    puts_(f->d, "[");
    for (size_t i = 0; i < seq.len; i++) {
        const AstComprehension *c = seq.items[i];
        if (i > 0)
            puts_(f->d, ", ");
        Fields cf = open_node(f->d, "comprehension");
        expr_field(&cf, "target", c->target);
        expr_field(&cf, "iter", c->iter);
        expr_list(&cf, "ifs", c->ifs);
        int_field(&cf, "is_async", c->is_async);
        close_node(f->d);
    }
    puts_(f->d, "]");
}

static void expr_fields(Fields *f, const AstExpr *e)
{
    switch (e->kind) {
    case EXPR_BOOLOP:
        simple_node(f, "op", ast_boolop_name(e->v.boolop.op));
        expr_list(f, "values", e->v.boolop.values);
        break;
    case EXPR_NAMEDEXPR:
        expr_field(f, "target", e->v.namedexpr.target);
        expr_field(f, "value", e->v.namedexpr.value);
        break;
    case EXPR_BINOP:
        expr_field(f, "left", e->v.binop.left);
        simple_node(f, "op", ast_operator_name(e->v.binop.op));
        expr_field(f, "right", e->v.binop.right);
        break;
    case EXPR_UNARYOP:
        simple_node(f, "op", ast_unaryop_name(e->v.unaryop.op));
        expr_field(f, "operand", e->v.unaryop.operand);
        break;
    case EXPR_LAMBDA:
        field(f, "args");
        arguments_node(f->d, e->v.lambda.args);
        expr_field(f, "body", e->v.lambda.body);
        break;
    case EXPR_IFEXP:
        expr_field(f, "test", e->v.ifexp.test);
        expr_field(f, "body", e->v.ifexp.body);
        expr_field(f, "orelse", e->v.ifexp.orelse);
        break;
    case EXPR_DICT:
        expr_list(f, "keys", e->v.dict.keys);
        expr_list(f, "values", e->v.dict.values);
        break;
    case EXPR_SET:
        expr_list(f, "elts", e->v.set.elts);
        break;
    case EXPR_LISTCOMP:
        expr_field(f, "elt", e->v.listcomp.elt);
        comprehension_list(f, e->v.listcomp.generators);
        break;
    case EXPR_SETCOMP:
        expr_field(f, "elt", e->v.setcomp.elt);
        comprehension_list(f, e->v.setcomp.generators);
        break;
    case EXPR_GENERATOREXP:
        expr_field(f, "elt", e->v.generatorexp.elt);
        comprehension_list(f, e->v.generatorexp.generators);
        break;
    case EXPR_DICTCOMP:
        expr_field(f, "key", e->v.dictcomp.key);
        expr_field(f, "value", e->v.dictcomp.value);
        comprehension_list(f, e->v.dictcomp.generators);
        break;
    case EXPR_YIELD:
        expr_field(f, "value", e->v.yield.value);
        break;
    case EXPR_YIELDFROM:
        expr_field(f, "value", e->v.yieldfrom.value);
        break;
    case EXPR_COMPARE:
        expr_field(f, "left", e->v.compare.left);
        field(f, "ops");
        puts_(f->d, "[");
        for (size_t i = 0; i < e->v.compare.ops.len; i++) {
            if (i > 0)
                puts_(f->d, ", ");
            puts_(f->d, ast_cmpop_name(e->v.compare.ops.items[i]));
            puts_(f->d, "()");
        }
        puts_(f->d, "]");
        expr_list(f, "comparators", e->v.compare.comparators);
        break;
    case EXPR_CALL:
        expr_field(f, "func", e->v.call.func);
        expr_list(f, "args", e->v.call.args);
        keyword_list(f, "keywords", e->v.call.keywords);
        break;
    case EXPR_FORMATTEDVALUE:
        expr_field(f, "value", e->v.formattedvalue.value);
        int_field(f, "conversion", e->v.formattedvalue.conversion);
        expr_field(f, "format_spec", e->v.formattedvalue.format_spec);
        break;
    case EXPR_JOINEDSTR:
        expr_list(f, "values", e->v.joinedstr.values);
        break;
    case EXPR_CONSTANT:
        field(f, "value");
        repr_constant(f->d, &e->v.constant.value);
        str_field(f, "kind", e->v.constant.kind);
        break;
    case EXPR_ATTRIBUTE:
        expr_field(f, "value", e->v.attribute.value);
        str_field(f, "attr", e->v.attribute.attr);
        simple_node(f, "ctx", ast_context_name(e->v.attribute.ctx));
        break;
    case EXPR_SUBSCRIPT:
        expr_field(f, "value", e->v.subscript.value);
        expr_field(f, "slice", e->v.subscript.slice);
        simple_node(f, "ctx", ast_context_name(e->v.subscript.ctx));
        break;
    case EXPR_STARRED:
        expr_field(f, "value", e->v.starred.value);
        simple_node(f, "ctx", ast_context_name(e->v.starred.ctx));
        break;
    case EXPR_NAME:
        str_field(f, "id", e->v.name.id);
        simple_node(f, "ctx", ast_context_name(e->v.name.ctx));
        break;
    case EXPR_LIST:
        expr_list(f, "elts", e->v.list.elts);
        simple_node(f, "ctx", ast_context_name(e->v.list.ctx));
        break;
    case EXPR_TUPLE:
        expr_list(f, "elts", e->v.tuple.elts);
        simple_node(f, "ctx", ast_context_name(e->v.tuple.ctx));
        break;
    case EXPR_SLICE:
        expr_field(f, "lower", e->v.slice.lower);
        expr_field(f, "upper", e->v.slice.upper);
        expr_field(f, "step", e->v.slice.step);
        break;
    }
}

static void expr(Dump *d, const AstExpr *e)
{
    if (++d->depth > AST_DUMP_MAX_DEPTH) {
        d->failed = true;
        return;
    }
    Fields f = open_node(d, ast_expr_kind_name(e->kind));
    expr_fields(&f, e);
    attributes(&f, e->lineno, e->col_offset, e->end_lineno, e->end_col_offset);
    close_node(d);
    d->depth--;
}

static void alias_list(Fields *f, AstAliasSeq seq)
{
    field(f, "names");
    puts_(f->d, "[");
    for (size_t i = 0; i < seq.len; i++) {
        const AstAlias *a = seq.items[i];
        if (i > 0)
            puts_(f->d, ", ");
        Fields af = open_node(f->d, "alias");
        str_field(&af, "name", a->name);
        str_field(&af, "asname", a->asname);
        attributes(&af, a->lineno, a->col_offset, a->end_lineno, a->end_col_offset);
        close_node(f->d);
    }
    puts_(f->d, "]");
}

static void ident_list(Fields *f, AstIdentSeq seq)
{
    field(f, "names");
    puts_(f->d, "[");
    for (size_t i = 0; i < seq.len; i++) {
        if (i > 0)
            puts_(f->d, ", ");
        repr_str(f->d, seq.items[i], strlen(seq.items[i]));
    }
    puts_(f->d, "]");
}

static void handler_list(Fields *f, AstHandlerSeq seq)
{
    field(f, "handlers");
    puts_(f->d, "[");
    for (size_t i = 0; i < seq.len; i++) {
        const AstExceptHandler *h = seq.items[i];
        if (i > 0)
            puts_(f->d, ", ");
        Fields hf = open_node(f->d, "ExceptHandler");
        expr_field(&hf, "type", h->type);
        str_field(&hf, "name", h->name);
        stmt_list(&hf, "body", h->body);
        attributes(&hf, h->lineno, h->col_offset, h->end_lineno, h->end_col_offset);
        close_node(f->d);
    }
    puts_(f->d, "]");
}

static void withitem_list(Fields *f, AstWithItemSeq seq)
{
    field(f, "items");
    puts_(f->d, "[");
    for (size_t i = 0; i < seq.len; i++) {
        if (i > 0)
            puts_(f->d, ", ");
        Fields wf = open_node(f->d, "withitem");
        expr_field(&wf, "context_expr", seq.items[i]->context_expr);
        expr_field(&wf, "optional_vars", seq.items[i]->optional_vars);
        close_node(f->d);
    }
    puts_(f->d, "]");
}

static void stmt_fields(Fields *f, const AstStmt *s)
{
    switch (s->kind) {
    case STMT_FUNCTIONDEF:
        str_field(f, "name", s->v.functiondef.name);
        field(f, "args");
        arguments_node(f->d, s->v.functiondef.args);
        stmt_list(f, "body", s->v.functiondef.body);
        expr_list(f, "decorator_list", s->v.functiondef.decorator_list);
        expr_field(f, "returns", s->v.functiondef.returns);
        break;
    case STMT_CLASSDEF:
        str_field(f, "name", s->v.classdef.name);
        expr_list(f, "bases", s->v.classdef.bases);
        keyword_list(f, "keywords", s->v.classdef.keywords);
        stmt_list(f, "body", s->v.classdef.body);
        expr_list(f, "decorator_list", s->v.classdef.decorator_list);
        break;
    case STMT_RETURN:
        expr_field(f, "value", s->v.return_.value);
        break;
    case STMT_DELETE:
        expr_list(f, "targets", s->v.delete_.targets);
        break;
    case STMT_ASSIGN:
        expr_list(f, "targets", s->v.assign.targets);
        expr_field(f, "value", s->v.assign.value);
        break;
    case STMT_AUGASSIGN:
        expr_field(f, "target", s->v.augassign.target);
        simple_node(f, "op", ast_operator_name(s->v.augassign.op));
        expr_field(f, "value", s->v.augassign.value);
        break;
    case STMT_ANNASSIGN:
        expr_field(f, "target", s->v.annassign.target);
        expr_field(f, "annotation", s->v.annassign.annotation);
        expr_field(f, "value", s->v.annassign.value);
        int_field(f, "simple", s->v.annassign.simple);
        break;
    case STMT_FOR:
        expr_field(f, "target", s->v.for_.target);
        expr_field(f, "iter", s->v.for_.iter);
        stmt_list(f, "body", s->v.for_.body);
        stmt_list(f, "orelse", s->v.for_.orelse);
        break;
    case STMT_WHILE:
        expr_field(f, "test", s->v.while_.test);
        stmt_list(f, "body", s->v.while_.body);
        stmt_list(f, "orelse", s->v.while_.orelse);
        break;
    case STMT_IF:
        expr_field(f, "test", s->v.if_.test);
        stmt_list(f, "body", s->v.if_.body);
        stmt_list(f, "orelse", s->v.if_.orelse);
        break;
    case STMT_WITH:
        withitem_list(f, s->v.with.items);
        stmt_list(f, "body", s->v.with.body);
        break;
    case STMT_RAISE:
        expr_field(f, "exc", s->v.raise.exc);
        expr_field(f, "cause", s->v.raise.cause);
        break;
    case STMT_TRY:
        stmt_list(f, "body", s->v.try_.body);
        handler_list(f, s->v.try_.handlers);
        stmt_list(f, "orelse", s->v.try_.orelse);
        stmt_list(f, "finalbody", s->v.try_.finalbody);
        break;
    case STMT_ASSERT:
        expr_field(f, "test", s->v.assert_.test);
        expr_field(f, "msg", s->v.assert_.msg);
        break;
    case STMT_IMPORT:
        alias_list(f, s->v.import.names);
        break;
    case STMT_IMPORTFROM:
        str_field(f, "module", s->v.importfrom.module);
        alias_list(f, s->v.importfrom.names);
        int_field(f, "level", s->v.importfrom.level);
        break;
    case STMT_GLOBAL:
        ident_list(f, s->v.global.names);
        break;
    case STMT_NONLOCAL:
        ident_list(f, s->v.nonlocal.names);
        break;
    case STMT_EXPR:
        expr_field(f, "value", s->v.expr.value);
        break;
    case STMT_PASS:
    case STMT_BREAK:
    case STMT_CONTINUE:
        break;
    }
}

static void stmt(Dump *d, const AstStmt *s)
{
    if (++d->depth > AST_DUMP_MAX_DEPTH) {
        d->failed = true;
        return;
    }
    Fields f = open_node(d, ast_stmt_kind_name(s->kind));
    stmt_fields(&f, s);
    attributes(&f, s->lineno, s->col_offset, s->end_lineno, s->end_col_offset);
    close_node(d);
    d->depth--;
}

char *ast_dump(OuroRuntime *rt, const AstMod *mod, bool include_attributes, size_t *len)
{
    Dump d = {rt, NULL, 0, 0, false, include_attributes, 0};
    if (mod->kind == MOD_EXPRESSION) {
        Fields f = open_node(&d, "Expression");
        expr_field(&f, "body", mod->expr);
        close_node(&d);
    } else {
        Fields f = open_node(&d, mod->kind == MOD_MODULE ? "Module" : "Interactive");
        stmt_list(&f, "body", mod->body);
        if (mod->kind == MOD_MODULE) {
            field(&f, "type_ignores");
            puts_(&d, "[]");
        }
        close_node(&d);
    }
    if (d.failed) {
        if (d.buf != NULL)
            ouro_mem_free(rt, d.buf, d.cap);
        return NULL;
    }
    /* Shrink to len + 1 so that the caller frees with the length alone. */
    char *out = ouro_mem_realloc(rt, d.buf, d.cap, d.len + 1);
    if (out == NULL) {
        ouro_mem_free(rt, d.buf, d.cap);
        return NULL;
    }
    *len = d.len;
    return out;
}

void ast_dump_free(OuroRuntime *rt, char *dump, size_t len)
{
    if (dump != NULL)
        ouro_mem_free(rt, dump, len + 1);
}
