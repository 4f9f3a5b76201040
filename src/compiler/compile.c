/*
 * compile.c - the compiler's driver: units (one per code object), emission
 * of instructions with stack-depth tracking, labels, exception handlers,
 * constants and names, and assembly into a code object. compile_expr.c
 * and compile_stmt.c hold the code generation proper; compile_impl.h
 * describes the state.
 *
 * Assembly turns a unit into a CodeObject:
 *   1. jump arguments (label ids) become instruction indices;
 *   2. the per-instruction handler ids become the exception table: one
 *      entry per run of instructions with the same innermost handler;
 *   3. deref arguments (cell/free indices) become local-slot indices: the
 *      slots are the fast locals in order of first use (arguments first),
 *      then the cells that are not arguments, then the free variables.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile_impl.h"
#include "../objects/exceptions.h"
#include "../objects/intobject.h"
#include "../objects/strobject.h"
#include "../objects/tupleobject.h"

/* ------------------------------------------------------------------ */
/* Opcode names and stack effects                                      */
/* ------------------------------------------------------------------ */

static const char *const opnames[] = {
#define OPCODE_NAME(name, has_arg, jumps) #name,
    OPCODES(OPCODE_NAME)
#undef OPCODE_NAME
};

static const unsigned char opjumps[] = {
#define OPCODE_JUMPS(name, has_arg, jumps) jumps,
    OPCODES(OPCODE_JUMPS)
#undef OPCODE_JUMPS
};

const char *opcode_name(unsigned op)
{
    return op < OP_COUNT ? opnames[op] : "<invalid>";
}

static int popcount4(unsigned f)
{
    return (f & 1) + ((f >> 1) & 1) + ((f >> 2) & 1) + ((f >> 3) & 1);
}

/* The change in stack depth of op: when it falls through (jump == 0) or
 * when it jumps (jump == 1). */
static int stack_effect(unsigned op, unsigned arg, int jump)
{
    int n = (int)arg;
    switch (op) {
    case OP_NOP: case OP_SWAP: case OP_DELETE_FAST: case OP_DELETE_NAME:
    case OP_DELETE_GLOBAL: case OP_MAKE_CELL: case OP_COPY_FREE_VARS: case OP_DELETE_DEREF:
    case OP_LOAD_ATTR: case OP_UNARY_NEGATIVE: case OP_UNARY_POSITIVE: case OP_UNARY_INVERT:
    case OP_UNARY_NOT: case OP_LIST_TO_TUPLE: case OP_JUMP: case OP_GET_ITER:
    case OP_KW_NAMES: case OP_CHECK_EXC_MATCH: case OP_SETUP_ANNOTATIONS:
    case OP_RETURN_CONST:
        return 0;
    case OP_POP_TOP: case OP_STORE_FAST: case OP_STORE_NAME: case OP_STORE_GLOBAL:
    case OP_STORE_DEREF: case OP_DELETE_ATTR: case OP_BINARY_SUBSCR: case OP_BINARY_OP:
    case OP_COMPARE_OP: case OP_IS_OP: case OP_CONTAINS_OP: case OP_LIST_APPEND:
    case OP_SET_ADD: case OP_LIST_EXTEND: case OP_SET_UPDATE: case OP_DICT_UPDATE:
    case OP_DICT_MERGE: case OP_POP_JUMP_IF_FALSE: case OP_POP_JUMP_IF_TRUE:
    case OP_POP_JUMP_IF_NONE: case OP_POP_JUMP_IF_NOT_NONE: case OP_RETURN_VALUE:
    case OP_IMPORT_NAME: case OP_IMPORT_STAR: case OP_RERAISE: case OP_POP_EXCEPT:
    case OP_PRINT_EXPR:
        return -1;
    case OP_PUSH_NULL: case OP_COPY: case OP_LOAD_CONST: case OP_LOAD_FAST: case OP_LOAD_NAME:
    case OP_LOAD_CLOSURE: case OP_LOAD_DEREF: case OP_LOAD_CLASSDEREF: case OP_LOAD_METHOD:
    case OP_LOAD_BUILD_CLASS: case OP_IMPORT_FROM: case OP_PUSH_EXC_INFO:
    case OP_BEFORE_WITH: case OP_WITH_EXCEPT_START: case OP_LOAD_ASSERTION_ERROR:
        return 1;
    case OP_LOAD_GLOBAL:
        return 1 + (n & 1);
    case OP_STORE_ATTR: case OP_DELETE_SUBSCR: case OP_MAP_ADD:
        return -2;
    case OP_STORE_SUBSCR:
        return -3;
    case OP_BUILD_TUPLE: case OP_BUILD_LIST: case OP_BUILD_SET: case OP_BUILD_STRING:
    case OP_BUILD_SLICE:
        return 1 - n;
    case OP_BUILD_MAP:
        return 1 - 2 * n;
    case OP_BUILD_CONST_KEY_MAP:
        return -n;
    case OP_UNPACK_SEQUENCE:
        return n - 1;
    case OP_UNPACK_EX:
        return (n & 0xff) + (n >> 8);
    case OP_FORMAT_VALUE:
        return (n & FVS_HAVE_SPEC) ? -1 : 0;
    case OP_JUMP_IF_FALSE_OR_POP: case OP_JUMP_IF_TRUE_OR_POP:
        return jump ? 0 : -1;
    case OP_FOR_ITER:
        return jump ? -1 : 1;
    case OP_CALL:
        return -n - 1;
    case OP_CALL_FUNCTION_EX:
        return -2 - (n & 1);
    case OP_MAKE_FUNCTION:
        return -popcount4(arg);
    case OP_RAISE_VARARGS:
        return -n;
    default:
        return 0;
    }
}

static int is_terminator(unsigned op)
{
    return op == OP_RETURN_VALUE || op == OP_RETURN_CONST || op == OP_RERAISE ||
           op == OP_RAISE_VARARGS || op == OP_JUMP;
}

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

int comp_no_memory(Compiler *c)
{
    if (!c->failed) {
        c->failed = 1;
        err_no_memory(c->L);
    }
    return -1;
}

Obj *comp_raise_syntax_error(Lang *L, const SyntaxErrorInfo *info, Obj *filename)
{
    if (info->kind == PARSE_NO_MEMORY)
        return err_no_memory(L);
    int kind = info->kind == PARSE_INDENTATION_ERROR ? EXC_IndentationError
               : info->kind == PARSE_TAB_ERROR      ? EXC_TabError
                                                    : EXC_SyntaxError;
    Obj *msg = NULL, *text = NULL, *details = NULL, *args = NULL, *exc = NULL;
    Obj *nums[4] = {NULL, NULL, NULL, NULL};
    msg = str_from_cstr(L, info->msg);
    if (info->text != NULL) {
        text = str_from_utf8(L, info->text, info->text_len);
        if (text == NULL)
            err_clear(L);
    }
    nums[0] = int_from_i64(L, info->lineno);
    nums[1] = int_from_i64(L, info->offset);
    nums[2] = int_from_i64(L, info->end_lineno);
    nums[3] = int_from_i64(L, info->end_offset);
    if (msg == NULL || nums[0] == NULL || nums[1] == NULL || nums[2] == NULL || nums[3] == NULL)
        goto done;
    details = tuple_pack(L, 6, filename, nums[0], nums[1], text ? text : L->none, nums[2],
                         nums[3]);
    if (details == NULL)
        goto done;
    args = tuple_pack(L, 2, msg, details);
    if (args == NULL)
        goto done;
    exc = obj_call(L, &L->exc_types[kind]->ob, tuple_items(args), 2, NULL);
    if (exc != NULL)
        err_set_object(L, exc);
done:
    obj_xdecref(L, msg);
    obj_xdecref(L, text);
    for (int i = 0; i < 4; i++)
        obj_xdecref(L, nums[i]);
    obj_xdecref(L, details);
    obj_xdecref(L, args);
    obj_xdecref(L, exc);
    return NULL;
}

/* The bounds of line lineno in the source (without its line break). */
static const char *source_line(Compiler *c, int lineno, size_t *len)
{
    const char *p = c->src, *end = c->src + c->srclen;
    if (p == NULL || lineno < 1)
        return NULL;
    for (int l = 1; l < lineno; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL)
            return NULL;
        p = nl + 1;
    }
    const char *e = p;
    while (e < end && *e != '\n' && *e != '\r')
        e++;
    *len = (size_t)(e - p);
    return p;
}

static int char_offset(const char *text, size_t len, int byte_col)
{
    int n = 0;
    for (size_t i = 0; i < len && (int)i < byte_col; i++)
        n += ((unsigned char)text[i] & 0xc0) != 0x80;
    return n + 1;
}

int comp_error(Compiler *c, int lineno, int col, int end_lineno, int end_col, const char *fmt,
               ...)
{
    if (c->failed)
        return -1;
    c->failed = 1;
    SyntaxErrorInfo info;
    memset(&info, 0, sizeof info);
    info.kind = PARSE_SYNTAX_ERROR;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(info.msg, sizeof info.msg, fmt, ap);
    va_end(ap);
    info.lineno = lineno;
    info.end_lineno = end_lineno;
    size_t len = 0;
    info.text = source_line(c, lineno, &len);
    info.text_len = len;
    info.offset = info.text ? char_offset(info.text, len, col) : col + 1;
    size_t elen = 0;
    const char *etext = source_line(c, end_lineno, &elen);
    info.end_offset = etext ? char_offset(etext, elen, end_col) : end_col + 1;
    comp_raise_syntax_error(c->L, &info, c->filename);
    return -1;
}

/* A SyntaxWarning, printed as the warnings module's default hook does:
 * "file:line: SyntaxWarning: message" and the stripped source line when
 * the file can be read (not for "<string>" or "<stdin>"). */
void comp_warn(Compiler *c, int lineno, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fflush(stdout);
    fprintf(stderr, "%s:%d: SyntaxWarning: %s\n", str_data(c->filename), lineno, msg);
    size_t len = 0;
    const char *line = str_data(c->filename)[0] == '<' ? NULL : source_line(c, lineno, &len);
    if (line != NULL) {
        while (len > 0 && (*line == ' ' || *line == '\t' || *line == '\f')) {
            line++;
            len--;
        }
        while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
            len--;
        fprintf(stderr, "  %.*s\n", (int)len, line);
    }
}

int comp_error_expr(Compiler *c, const AstExpr *e, const char *msg)
{
    return comp_error(c, e->lineno, e->col_offset, e->end_lineno, e->end_col_offset, "%s", msg);
}

int comp_error_stmt(Compiler *c, const AstStmt *s, const char *msg)
{
    return comp_error(c, s->lineno, s->col_offset, s->end_lineno, s->end_col_offset, "%s", msg);
}

/* ------------------------------------------------------------------ */
/* Growable arrays                                                     */
/* ------------------------------------------------------------------ */

static int grow(Compiler *c, void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need)
        ncap *= 2;
    void *q = ouro_mem_realloc(c->L->rt, *p, *cap * elem, ncap * elem);
    if (q == NULL)
        return comp_no_memory(c);
    *p = q;
    *cap = ncap;
    return 0;
}

static void release(Compiler *c, void *p, size_t cap, size_t elem)
{
    if (p != NULL)
        ouro_mem_free(c->L->rt, p, cap * elem);
}

/* ------------------------------------------------------------------ */
/* Name maps                                                           */
/* ------------------------------------------------------------------ */

static size_t hash_cstr(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static int map_find(const NameMap *m, const char *key)
{
    if (m->cap == 0)
        return -1;
    size_t i = hash_cstr(key) & (m->cap - 1);
    while (m->keys[i] != NULL) {
        if (strcmp(m->keys[i], key) == 0)
            return m->values[i];
        i = (i + 1) & (m->cap - 1);
    }
    return -1;
}

/* The index of key, added at the end if absent; -1 on no memory. */
static int map_add(Compiler *c, NameMap *m, const char *key)
{
    int found = map_find(m, key);
    if (found >= 0)
        return found;
    if ((m->n + 1) * 2 > m->cap) {
        size_t ncap = m->cap ? m->cap * 2 : 16;
        const char **keys = ouro_mem_alloc(c->L->rt, ncap * sizeof *keys);
        int *values = ouro_mem_alloc(c->L->rt, ncap * sizeof *values);
        if (keys == NULL || values == NULL) {
            release(c, keys, ncap, sizeof *keys);
            release(c, values, ncap, sizeof *values);
            return comp_no_memory(c);
        }
        memset(keys, 0, ncap * sizeof *keys);
        for (size_t i = 0; i < m->cap; i++) {
            if (m->keys[i] == NULL)
                continue;
            size_t j = hash_cstr(m->keys[i]) & (ncap - 1);
            while (keys[j] != NULL)
                j = (j + 1) & (ncap - 1);
            keys[j] = m->keys[i];
            values[j] = m->values[i];
        }
        release(c, m->keys, m->cap, sizeof *m->keys);
        release(c, m->values, m->cap, sizeof *m->values);
        m->keys = keys;
        m->values = values;
        m->cap = ncap;
    }
    if (grow(c, (void **)&m->order, &m->order_cap, m->n + 1, sizeof *m->order) < 0)
        return -1;
    size_t i = hash_cstr(key) & (m->cap - 1);
    while (m->keys[i] != NULL)
        i = (i + 1) & (m->cap - 1);
    m->keys[i] = key;
    m->values[i] = (int)m->n;
    m->order[m->n] = key;
    return (int)m->n++;
}

static void map_free(Compiler *c, NameMap *m)
{
    release(c, m->keys, m->cap, sizeof *m->keys);
    release(c, m->values, m->cap, sizeof *m->values);
    release(c, m->order, m->order_cap, sizeof *m->order);
    memset(m, 0, sizeof *m);
}

/* ------------------------------------------------------------------ */
/* Emission                                                            */
/* ------------------------------------------------------------------ */

void set_loc_expr(Compiler *c, const AstExpr *e)
{
    c->u->loc = (CodeLoc){e->lineno, e->end_lineno, e->col_offset, e->end_col_offset};
}

void set_loc_stmt(Compiler *c, const AstStmt *s)
{
    c->u->loc = (CodeLoc){s->lineno, s->end_lineno, s->col_offset, s->end_col_offset};
}

/* The instruction arrays (code, locs, handler_of) share one capacity. */
static int grow_code(Compiler *c, Unit *u)
{
    size_t ncap = u->cap ? u->cap * 2 : 64;
    OuroRuntime *rt = c->L->rt;
    uint32_t *code = ouro_mem_realloc(rt, u->code, u->cap * sizeof *code, ncap * sizeof *code);
    if (code == NULL)
        return comp_no_memory(c);
    u->code = code;
    CodeLoc *locs = ouro_mem_realloc(rt, u->locs, u->cap * sizeof *locs, ncap * sizeof *locs);
    if (locs == NULL) {
        /* Keep the capacities consistent: shrink code back. */
        u->code = ouro_mem_realloc(rt, code, ncap * sizeof *code, u->cap * sizeof *code);
        return comp_no_memory(c);
    }
    u->locs = locs;
    int32_t *h = ouro_mem_realloc(rt, u->handler_of, u->cap * sizeof *h, ncap * sizeof *h);
    if (h == NULL) {
        u->code = ouro_mem_realloc(rt, code, ncap * sizeof *code, u->cap * sizeof *code);
        u->locs = ouro_mem_realloc(rt, locs, ncap * sizeof *locs, u->cap * sizeof *locs);
        return comp_no_memory(c);
    }
    u->handler_of = h;
    u->cap = ncap;
    return 0;
}

/* labels and label_depth share one capacity. */
static int grow_labels(Compiler *c, Unit *u)
{
    size_t ncap = u->labels_cap ? u->labels_cap * 2 : 32;
    OuroRuntime *rt = c->L->rt;
    int32_t *a = ouro_mem_realloc(rt, u->labels, u->labels_cap * sizeof *a, ncap * sizeof *a);
    if (a == NULL)
        return comp_no_memory(c);
    u->labels = a;
    int32_t *b = ouro_mem_realloc(rt, u->label_depth, u->labels_cap * sizeof *b,
                                  ncap * sizeof *b);
    if (b == NULL) {
        u->labels = ouro_mem_realloc(rt, a, ncap * sizeof *a, u->labels_cap * sizeof *a);
        return comp_no_memory(c);
    }
    u->label_depth = b;
    u->labels_cap = ncap;
    return 0;
}

static void note_depth(Unit *u)
{
    if (u->depth > u->maxdepth)
        u->maxdepth = u->depth;
}

int emit(Compiler *c, unsigned op, unsigned arg)
{
    Unit *u = c->u;
    if (c->failed)
        return -1;
    if (arg > INSTR_ARG_MAX)
        return comp_error(c, u->loc.line, u->loc.col, u->loc.end_line, u->loc.end_col,
                          "code too large for ouro's bytecode");
    if (u->n == u->cap && grow_code(c, u) < 0)
        return -1;
    u->code[u->n] = INSTR_MAKE(op, arg);
    u->locs[u->n] = u->loc;
    u->handler_of[u->n] = u->hn ? u->hstack[u->hn - 1] : -1;
    u->n++;
    u->depth += stack_effect(op, arg, 0);
    note_depth(u);
    if (is_terminator(op))
        u->reachable = 0;
    return 0;
}

int new_label(Compiler *c)
{
    Unit *u = c->u;
    if (u->nlabels == u->labels_cap && grow_labels(c, u) < 0)
        return -1;
    u->labels[u->nlabels] = -1;
    u->label_depth[u->nlabels] = -1;
    return (int)u->nlabels++;
}

/* Records the depth the code at label starts with. */
static void label_expects(Unit *u, int label, int depth)
{
    if (u->label_depth[label] < 0)
        u->label_depth[label] = depth;
}

int emit_jump(Compiler *c, unsigned op, int label)
{
    if (label < 0)
        return -1;
    Unit *u = c->u;
    int before = u->depth;
    if (emit(c, op, (unsigned)label) < 0)
        return -1;
    label_expects(u, label, before + stack_effect(op, 0, 1));
    return 0;
}

int bind_label(Compiler *c, int label)
{
    Unit *u = c->u;
    if (c->failed || label < 0)
        return -1;
    u->labels[label] = (int32_t)u->n;
    if (u->label_depth[label] >= 0 && !u->reachable)
        u->depth = u->label_depth[label];
    else
        label_expects(u, label, u->depth);
    u->reachable = 1;
    note_depth(u);
    return 0;
}

int push_handler(Compiler *c, int label)
{
    Unit *u = c->u;
    if (label < 0 ||
        grow(c, (void **)&u->handlers, &u->handlers_cap, u->nhandlers + 1,
             sizeof *u->handlers) < 0 ||
        grow(c, (void **)&u->hstack, &u->hcap, u->hn + 1, sizeof *u->hstack) < 0)
        return -1;
    u->handlers[u->nhandlers] = (Handler){label, u->depth};
    label_expects(u, label, u->depth + 1);
    u->hstack[u->hn++] = (int)u->nhandlers;
    return (int)u->nhandlers++;
}

void repush_handler(Compiler *c, int id)
{
    /* Only after a pop_handler: the stack has room. */
    c->u->hstack[c->u->hn++] = id;
}

void pop_handler(Compiler *c)
{
    if (c->u->hn > 0)
        c->u->hn--;
}

/* ------------------------------------------------------------------ */
/* Constants and names                                                 */
/* ------------------------------------------------------------------ */

/* Whether two constants are interchangeable: same type and value. */
static int same_const(Lang *L, Obj *a, Obj *b)
{
    if (a == b)
        return 1;
    if (a->type != b->type)
        return 0;
    if (str_check_exact(L, a))
        return str_equal(a, b);
    if (int_check_exact(L, a)) {
        int64_t x, y;
        return int_as_i64_exact(a, &x) && int_as_i64_exact(b, &y) && x == y;
    }
    return 0;
}

int add_const_take(Compiler *c, Obj *value)
{
    Unit *u = c->u;
    if (value == NULL)
        return comp_no_memory(c);
    for (size_t i = 0; i < u->nconsts; i++) {
        if (same_const(c->L, u->consts[i], value)) {
            obj_decref(c->L, value);
            return (int)i;
        }
    }
    if (grow(c, (void **)&u->consts, &u->consts_cap, u->nconsts + 1, sizeof *u->consts) < 0) {
        obj_decref(c->L, value);
        return -1;
    }
    u->consts[u->nconsts] = value;
    return (int)u->nconsts++;
}

int emit_const_take(Compiler *c, Obj *value)
{
    int i = add_const_take(c, value);
    return i < 0 ? -1 : emit(c, OP_LOAD_CONST, (unsigned)i);
}

int emit_const(Compiler *c, Obj *value)
{
    return emit_const_take(c, obj_newref(value));
}

int emit_none(Compiler *c)
{
    return emit_const(c, c->L->none);
}

static int all_name_chars(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!(ch == '_' || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
              (ch >= 'A' && ch <= 'Z')))
            return 0;
    }
    return 1;
}

Obj *comp_str(Compiler *c, const char *s, size_t len)
{
    Obj *o = str_from_utf8_trusted(c->L, s, len);
    if (o == NULL) {
        c->failed = 1;
        return NULL;
    }
    /* CPython interns constant strings made of name characters only. */
    if (all_name_chars(s, len)) {
        o = str_intern_take(c->L, o);
        if (o == NULL)
            c->failed = 1;
    }
    return o;
}

const char *comp_mangle(Compiler *c, const char *name)
{
    const char *m = symtable_mangle(c->st.arena, c->u->scope->private_name, name);
    if (m == NULL)
        comp_no_memory(c);
    return m;
}

int add_name(Compiler *c, const char *name)
{
    const char *m = comp_mangle(c, name);
    return m == NULL ? -1 : map_add(c, &c->u->names, m);
}

int emit_name_op(Compiler *c, unsigned op, const char *name)
{
    int i = add_name(c, name);
    return i < 0 ? -1 : emit(c, op, (unsigned)i);
}

/* The index of a cell or free variable in the unit's deref numbering
 * (cells first, then frees). */
int comp_deref_index(Compiler *c, const char *name, int want_free)
{
    Unit *u = c->u;
    int i;
    if (!want_free && (i = map_find(&u->cellvars, name)) >= 0)
        return i;
    if ((i = map_find(&u->freevars, name)) >= 0)
        return (int)u->cellvars.n + i;
    if ((i = map_find(&u->cellvars, name)) >= 0)
        return i;
    comp_error(c, u->loc.line, u->loc.col, u->loc.end_line, u->loc.end_col,
               "compiler: no cell for '%s'", name);
    return -1;
}

int compile_nameop(Compiler *c, const char *name, AstContext ctx)
{
    Unit *u = c->u;
    const char *mangled = comp_mangle(c, name);
    if (mangled == NULL)
        return -1;
    NameScope scope = symtable_scope_of(u->scope, mangled);
    enum { OP_NAME_KIND, OP_FAST_KIND, OP_GLOBAL_KIND, OP_DEREF_KIND } kind = OP_NAME_KIND;
    switch (scope) {
    case SCOPE_FREE:
    case SCOPE_CELL:
        kind = OP_DEREF_KIND;
        break;
    case SCOPE_LOCAL:
        if (u->is_function)
            kind = OP_FAST_KIND;
        break;
    case SCOPE_GLOBAL_IMPLICIT:
        if (u->is_function)
            kind = OP_GLOBAL_KIND;
        break;
    case SCOPE_GLOBAL_EXPLICIT:
        kind = OP_GLOBAL_KIND;
        break;
    default:
        break;
    }
    int i;
    switch (kind) {
    case OP_DEREF_KIND:
        i = comp_deref_index(c, mangled, scope == SCOPE_FREE);
        if (i < 0)
            return -1;
        if (ctx == AST_LOAD)
            return emit(c, u->in_class ? OP_LOAD_CLASSDEREF : OP_LOAD_DEREF, (unsigned)i);
        return emit(c, ctx == AST_STORE ? OP_STORE_DEREF : OP_DELETE_DEREF, (unsigned)i);
    case OP_FAST_KIND:
        i = map_add(c, &u->varnames, mangled);
        if (i < 0)
            return -1;
        return emit(c, ctx == AST_LOAD ? OP_LOAD_FAST
                       : ctx == AST_STORE ? OP_STORE_FAST : OP_DELETE_FAST, (unsigned)i);
    case OP_GLOBAL_KIND:
        i = map_add(c, &u->names, mangled);
        if (i < 0)
            return -1;
        if (ctx == AST_LOAD)
            return emit(c, OP_LOAD_GLOBAL, (unsigned)i << 1);
        return emit(c, ctx == AST_STORE ? OP_STORE_GLOBAL : OP_DELETE_GLOBAL, (unsigned)i);
    default:
        i = map_add(c, &u->names, mangled);
        if (i < 0)
            return -1;
        return emit(c, ctx == AST_LOAD ? OP_LOAD_NAME
                       : ctx == AST_STORE ? OP_STORE_NAME : OP_DELETE_NAME, (unsigned)i);
    }
}

/* ------------------------------------------------------------------ */
/* Blocks for break / continue / return                                */
/* ------------------------------------------------------------------ */

int push_fblock(Compiler *c, FBlockKind kind, int label, int exit, const void *datum)
{
    Unit *u = c->u;
    if (u->nfblocks >= MAX_FBLOCKS)
        return comp_error(c, u->loc.line, u->loc.col, u->loc.end_line, u->loc.end_col,
                          "too many statically nested blocks");
    u->fblocks[u->nfblocks++] = (FBlock){kind, label, exit, datum};
    return 0;
}

void pop_fblock(Compiler *c, FBlockKind kind)
{
    Unit *u = c->u;
    (void)kind;
    if (u->nfblocks > 0)
        u->nfblocks--;
}

/* ------------------------------------------------------------------ */
/* Units                                                               */
/* ------------------------------------------------------------------ */

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Fills the unit's cell and free variable maps from its scope (sorted by
 * name, as CPython), plus __class__ for classes that need the cell. */
static int init_derefs(Compiler *c, Unit *u)
{
    Scope *sc = u->scope;
    const char **cells = NULL, **frees = NULL;
    size_t ncells = 0, nfrees = 0, capc = 0, capf = 0;
    int rc = -1;
    for (size_t i = 0; i < sc->norder; i++) {
        Symbol *s = symtable_lookup(sc, sc->order[i]);
        if (s->scope == SCOPE_CELL) {
            if (grow(c, (void **)&cells, &capc, ncells + 1, sizeof *cells) < 0)
                goto done;
            cells[ncells++] = s->name;
        }
        if (s->scope == SCOPE_FREE || (s->flags & DEF_FREE_CLASS)) {
            if (grow(c, (void **)&frees, &capf, nfrees + 1, sizeof *frees) < 0)
                goto done;
            frees[nfrees++] = s->name;
        }
    }
    if (sc->kind == SCOPE_CLASS && sc->needs_class_cell) {
        if (grow(c, (void **)&cells, &capc, ncells + 1, sizeof *cells) < 0)
            goto done;
        cells[ncells++] = "__class__";
    }
    if (ncells)
        qsort(cells, ncells, sizeof *cells, cmp_cstr);
    if (nfrees)
        qsort(frees, nfrees, sizeof *frees, cmp_cstr);
    for (size_t i = 0; i < ncells; i++) {
        if (map_add(c, &u->cellvars, cells[i]) < 0)
            goto done;
    }
    for (size_t i = 0; i < nfrees; i++) {
        if (map_add(c, &u->freevars, frees[i]) < 0)
            goto done;
    }
    rc = 0;
done:
    release(c, cells, capc, sizeof *cells);
    release(c, frees, capf, sizeof *frees);
    return rc;
}

static void unit_free(Compiler *c, Unit *u)
{
    release(c, u->code, u->cap, sizeof *u->code);
    release(c, u->locs, u->cap, sizeof *u->locs);
    release(c, u->handler_of, u->cap, sizeof *u->handler_of);
    release(c, u->labels, u->labels_cap, sizeof *u->labels);
    release(c, u->label_depth, u->labels_cap, sizeof *u->label_depth);
    release(c, u->handlers, u->handlers_cap, sizeof *u->handlers);
    release(c, u->hstack, u->hcap, sizeof *u->hstack);
    for (size_t i = 0; i < u->nconsts; i++)
        obj_decref(c->L, u->consts[i]);
    release(c, u->consts, u->consts_cap, sizeof *u->consts);
    map_free(c, &u->names);
    map_free(c, &u->varnames);
    map_free(c, &u->cellvars);
    map_free(c, &u->freevars);
    ouro_mem_free(c->L->rt, u, sizeof *u);
}

const char *child_qualname(Compiler *c, const char *name)
{
    Unit *u = c->u;
    if (u->scope->kind == SCOPE_MODULE)
        return name;
    int parent_function = u->scope->kind == SCOPE_FUNCTION || u->scope->kind == SCOPE_LAMBDA ||
                          u->scope->kind == SCOPE_COMPREHENSION;
    size_t n = strlen(u->qualname) + strlen(name) + 16;
    char *q = ast_arena_alloc(c->st.arena, n);
    if (q == NULL) {
        comp_no_memory(c);
        return NULL;
    }
    snprintf(q, n, "%s%s.%s", u->qualname, parent_function ? ".<locals>" : "", name);
    return q;
}

/* The qualname of a def/class named name in the current unit: a global
 * declaration of the name makes it top-level (CPython's
 * compiler_set_qualname). */
static const char *qualname_for(Compiler *c, Scope *child, const char *name)
{
    if ((child->kind == SCOPE_FUNCTION || child->kind == SCOPE_CLASS) &&
        c->u->scope->kind != SCOPE_MODULE) {
        const char *mangled = comp_mangle(c, name);
        if (mangled == NULL)
            return NULL;
        if (symtable_scope_of(c->u->scope, mangled) == SCOPE_GLOBAL_EXPLICIT)
            return name;
    }
    return child_qualname(c, name);
}

static Unit *unit_new(Compiler *c, Scope *scope, const char *name, const char *qualname,
                      int firstlineno)
{
    Unit *u = ouro_mem_alloc(c->L->rt, sizeof *u);
    if (u == NULL) {
        comp_no_memory(c);
        return NULL;
    }
    memset(u, 0, sizeof *u);
    u->scope = scope;
    u->name = name;
    u->qualname = qualname;
    u->firstlineno = firstlineno;
    u->reachable = 1;
    u->is_function = scope->kind == SCOPE_FUNCTION || scope->kind == SCOPE_LAMBDA ||
                     scope->kind == SCOPE_COMPREHENSION;
    u->in_class = scope->kind == SCOPE_CLASS;
    u->loc = (CodeLoc){firstlineno, firstlineno, -1, -1};
    return u;
}

/* Starts the unit's code: MAKE_CELL for each cell, COPY_FREE_VARS. */
static int unit_prologue(Compiler *c)
{
    Unit *u = c->u;
    if (u->scope->kind == SCOPE_FUNCTION || u->scope->kind == SCOPE_LAMBDA ||
        u->scope->kind == SCOPE_COMPREHENSION) {
        /* Parameters are the first locals, in order. */
        for (size_t i = 0; i < u->scope->nvarnames; i++) {
            if (map_add(c, &u->varnames, u->scope->varnames[i]) < 0)
                return -1;
        }
    }
    for (size_t i = 0; i < u->cellvars.n; i++) {
        if (emit(c, OP_MAKE_CELL, (unsigned)i) < 0)
            return -1;
    }
    if (u->freevars.n && emit(c, OP_COPY_FREE_VARS, (unsigned)u->freevars.n) < 0)
        return -1;
    return 0;
}

int enter_unit(Compiler *c, const void *key, const char *name, int firstlineno)
{
    Scope *scope = c->u ? symtable_lookup_child(c->u->scope, key) : c->st.top;
    if (scope == NULL)
        return comp_error(c, firstlineno, 0, firstlineno, 0, "compiler: unknown scope");
    const char *qualname = c->u ? qualname_for(c, scope, name) : name;
    if (qualname == NULL)
        return -1;
    Unit *u = unit_new(c, scope, name, qualname, firstlineno);
    if (u == NULL)
        return -1;
    u->parent = c->u;
    c->u = u;
    if (init_derefs(c, u) < 0 || unit_prologue(c) < 0)
        return -1;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Assembly                                                            */
/* ------------------------------------------------------------------ */

static int is_deref_op(unsigned op)
{
    return op == OP_MAKE_CELL || op == OP_LOAD_CLOSURE || op == OP_LOAD_DEREF ||
           op == OP_LOAD_CLASSDEREF || op == OP_STORE_DEREF || op == OP_DELETE_DEREF;
}

static Obj *names_tuple(Compiler *c, const NameMap *m)
{
    Obj *t = tuple_new(c->L, m->n);
    if (t == NULL)
        return NULL;
    for (size_t i = 0; i < m->n; i++) {
        Obj *s = str_intern_cstr(c->L, m->order[i]);
        if (s == NULL) {
            obj_decref(c->L, t);
            return NULL;
        }
        tuple_init_take(t, i, s);
    }
    return t;
}

/* The exception table from the per-instruction handler ids. */
static ExcEntry *build_exctable(Compiler *c, uint32_t *count)
{
    Unit *u = c->u;
    size_t n = 0, cap = 0;
    ExcEntry *t = NULL;
    for (size_t i = 0; i < u->n;) {
        int h = u->handler_of[i];
        size_t j = i + 1;
        while (j < u->n && u->handler_of[j] == h)
            j++;
        if (h >= 0) {
            if (grow(c, (void **)&t, &cap, n + 1, sizeof *t) < 0)
                return NULL;
            Handler *hd = &u->handlers[h];
            t[n++] = (ExcEntry){(uint32_t)i, (uint32_t)j, (uint32_t)u->labels[hd->label],
                                (uint32_t)hd->depth};
        }
        i = j;
    }
    /* Shrink to the exact size code_new copies from: simpler to copy. */
    *count = (uint32_t)n;
    if (t != NULL && cap != n) {
        ExcEntry *exact = ouro_mem_alloc(c->L->rt, n * sizeof *t);
        if (exact == NULL) {
            release(c, t, cap, sizeof *t);
            comp_no_memory(c);
            return NULL;
        }
        memcpy(exact, t, n * sizeof *t);
        release(c, t, cap, sizeof *t);
        t = exact;
    }
    return t;
}

/* CPython 3.11's superinstructions: the first of two instructions that
 * are often run together becomes one that runs both (the eval loop then
 * dispatches once for the pair). The second instruction is left as it
 * is, so a jump to it, the exception table and the locations all stay
 * valid; a first instruction is only the first of one pair. Done last:
 * nothing in the compiler sees the new opcodes. */
static void make_superinstructions(uint32_t *code, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        unsigned op = INSTR_OP(code[i]), next = INSTR_OP(code[i + 1]), super = 0;
        if (op == OP_LOAD_FAST && next == OP_LOAD_FAST)
            super = OP_LOAD_FAST__LOAD_FAST;
        else if (op == OP_LOAD_FAST && next == OP_LOAD_CONST)
            super = OP_LOAD_FAST__LOAD_CONST;
        else if (op == OP_LOAD_CONST && next == OP_LOAD_FAST)
            super = OP_LOAD_CONST__LOAD_FAST;
        else if (op == OP_STORE_FAST && next == OP_LOAD_FAST)
            super = OP_STORE_FAST__LOAD_FAST;
        else if (op == OP_STORE_FAST && next == OP_STORE_FAST)
            super = OP_STORE_FAST__STORE_FAST;
        if (super != 0) {
            code[i] = INSTR_MAKE(super, INSTR_ARG(code[i]));
            i++;                /* the second is not the first of another */
        }
    }
}

static Obj *assemble(Compiler *c)
{
    Unit *u = c->u;
    Lang *L = c->L;
    Obj *consts = NULL, *names = NULL, *lpnames = NULL, *name = NULL, *qualname = NULL;
    Obj *result = NULL;
    uint8_t *kinds = NULL;
    ExcEntry *exctable = NULL;
    uint32_t nexc = 0;
    int32_t *cellslot = NULL;
    size_t nlocals = u->varnames.n, ncells = u->cellvars.n, nfrees = u->freevars.n;
    size_t nslots = 0;

    /* Local slots: locals, cells that are not arguments, frees. */
    size_t nderef = ncells + nfrees;
    cellslot = ouro_mem_alloc(L->rt, (nderef + 1) * sizeof *cellslot);
    kinds = ouro_mem_alloc(L->rt, nlocals + nderef + 1);
    lpnames = tuple_new(L, nlocals + nderef);
    if (cellslot == NULL || kinds == NULL || lpnames == NULL) {
        comp_no_memory(c);
        goto done;
    }
    for (size_t i = 0; i < nlocals; i++) {
        kinds[nslots] = CO_FAST_LOCAL;
        Obj *s = str_intern_cstr(L, u->varnames.order[i]);
        if (s == NULL)
            goto done;
        tuple_init_take(lpnames, nslots++, s);
    }
    for (size_t i = 0; i < ncells; i++) {
        int arg = map_find(&u->varnames, u->cellvars.order[i]);
        if (arg >= 0) {
            cellslot[i] = arg;
            kinds[arg] |= CO_FAST_CELL;
            continue;
        }
        cellslot[i] = (int32_t)nslots;
        kinds[nslots] = CO_FAST_CELL;
        Obj *s = str_intern_cstr(L, u->cellvars.order[i]);
        if (s == NULL)
            goto done;
        tuple_init_take(lpnames, nslots++, s);
    }
    for (size_t i = 0; i < nfrees; i++) {
        cellslot[ncells + i] = (int32_t)nslots;
        kinds[nslots] = CO_FAST_FREE;
        Obj *s = str_intern_cstr(L, u->freevars.order[i]);
        if (s == NULL)
            goto done;
        tuple_init_take(lpnames, nslots++, s);
    }
    if (nslots != nlocals + nderef) {
        /* Argument cells share their argument's slot: a shorter tuple. */
        Obj *t = tuple_slice(L, lpnames, 0, nslots);
        if (t == NULL)
            goto done;
        obj_decref(L, lpnames);
        lpnames = t;
    }

    /* Jump targets and deref slots. */
    for (size_t i = 0; i < u->n; i++) {
        unsigned op = INSTR_OP(u->code[i]), arg = INSTR_ARG(u->code[i]);
        if (opjumps[op])
            u->code[i] = INSTR_MAKE(op, (unsigned)u->labels[arg]);
        else if (is_deref_op(op))
            u->code[i] = INSTR_MAKE(op, (unsigned)cellslot[arg]);
    }
    exctable = build_exctable(c, &nexc);
    if (c->failed)
        goto done;
    make_superinstructions(u->code, u->n);

    consts = tuple_new(L, u->nconsts);
    if (consts == NULL)
        goto done;
    for (size_t i = 0; i < u->nconsts; i++) {
        tuple_init_take(consts, i, u->consts[i]);
        u->consts[i] = NULL;
    }
    u->nconsts = 0;
    names = names_tuple(c, &u->names);
    name = str_intern_cstr(L, u->name);
    qualname = str_from_cstr(L, u->qualname);
    if (names == NULL || name == NULL || qualname == NULL)
        goto done;

    int flags = 0;
    Scope *sc = u->scope;
    if (u->is_function) {
        flags |= CO_OPTIMIZED | CO_NEWLOCALS;
        if (sc->has_varargs)
            flags |= CO_VARARGS;
        if (sc->has_varkeywords)
            flags |= CO_VARKEYWORDS;
        if (sc->nested)
            flags |= CO_NESTED;
    }
    if (nfrees == 0 && ncells == 0)
        flags |= CO_NOFREE;
    CodeSpec spec = {
        .code = u->code,
        .ninstrs = (uint32_t)u->n,
        .locs = u->locs,
        .exctable = exctable,
        .nexc = nexc,
        .consts = consts,
        .names = names,
        .localsplusnames = lpnames,
        .localskinds = kinds,
        .nlocals = (int)nlocals,
        .ncells = (int)(nslots - nlocals - nfrees),
        .nfrees = (int)nfrees,
        .argcount = u->argcount,
        .posonlyargcount = u->posonlyargcount,
        .kwonlyargcount = u->kwonlyargcount,
        .stacksize = u->maxdepth + 1,
        .flags = flags,
        .firstlineno = u->firstlineno,
        .name = name,
        .qualname = qualname,
        .filename = c->filename,
    };
    result = code_new(L, &spec);
    if (result == NULL)
        c->failed = 1;
done:
    if (cellslot)
        ouro_mem_free(L->rt, cellslot, (nderef + 1) * sizeof *cellslot);
    if (kinds)
        ouro_mem_free(L->rt, kinds, nlocals + nderef + 1);
    if (exctable)
        ouro_mem_free(L->rt, exctable, nexc * sizeof *exctable);
    obj_xdecref(L, consts);
    obj_xdecref(L, names);
    obj_xdecref(L, lpnames);
    obj_xdecref(L, name);
    obj_xdecref(L, qualname);
    if (result == NULL)
        c->failed = 1;
    return result;
}

Obj *leave_unit(Compiler *c)
{
    Unit *u = c->u;
    Obj *code = c->failed ? NULL : assemble(c);
    c->u = u->parent;
    unit_free(c, u);
    return code;
}

int make_closure(Compiler *c, Obj *code, unsigned flags)
{
    CodeObject *co = (CodeObject *)code;
    if (co->nfrees > 0) {
        /* The child's free variables, in its order, from our cells. */
        for (int i = 0; i < co->nfrees; i++) {
            Obj *nm = tuple_get_borrowed(co->localsplusnames,
                                         (size_t)(co->nlocalsplus - co->nfrees + i));
            const char *name = str_data(nm);
            Unit *u = c->u;
            int idx;
            /* A class passes __class__ from its own cell; other names a
             * class passes through come from its free variables. */
            if (u->in_class && strcmp(name, "__class__") == 0)
                idx = map_find(&u->cellvars, name);
            else if (u->in_class)
                idx = map_find(&u->freevars, name) >= 0
                          ? (int)u->cellvars.n + map_find(&u->freevars, name)
                          : map_find(&u->cellvars, name);
            else
                idx = comp_deref_index(c, name, symtable_scope_of(u->scope, name) == SCOPE_FREE);
            if (idx < 0) {
                obj_decref(c->L, code);
                return comp_error(c, u->loc.line, 0, u->loc.line, 0,
                                  "compiler: no closure cell for '%s'", name);
            }
            if (emit(c, OP_LOAD_CLOSURE, (unsigned)idx) < 0) {
                obj_decref(c->L, code);
                return -1;
            }
        }
        if (emit(c, OP_BUILD_TUPLE, (unsigned)co->nfrees) < 0) {
            obj_decref(c->L, code);
            return -1;
        }
        flags |= MAKE_FUNCTION_CLOSURE;
    }
    if (emit_const_take(c, code) < 0)
        return -1;
    return emit(c, OP_MAKE_FUNCTION, flags);
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */
/* ------------------------------------------------------------------ */

static void compiler_cleanup(Compiler *c)
{
    while (c->u != NULL) {
        Unit *u = c->u;
        c->u = u->parent;
        unit_free(c, u);
    }
    symtable_free(&c->st);
}

Obj *comp_compile(Lang *L, AstMod *mod, const char *src, size_t len, Obj *filename,
                  CompileMode mode)
{
    Compiler c;
    memset(&c, 0, sizeof c);
    c.L = L;
    c.src = src;
    c.srclen = len;
    c.filename = filename;
    c.mode = mode;
    SyntaxErrorInfo info;
    if (symtable_build(L->rt, mod, src, len, str_data(filename), &c.st, &info) < 0) {
        comp_raise_syntax_error(L, &info, filename);
        symtable_free(&c.st);
        return NULL;
    }
    Obj *code = NULL;
    if (enter_unit(&c, mod, "<module>", 1) == 0) {
        if (mode == COMPILE_EVAL) {
            if (compile_expr(&c, mod->expr) == 0)
                emit(&c, OP_RETURN_VALUE, 0);
        } else if (compile_body(&c, mod->body) == 0) {
            if (emit_none(&c) == 0)
                emit(&c, OP_RETURN_VALUE, 0);
        }
        code = leave_unit(&c);
    }
    compiler_cleanup(&c);
    return code;
}

Obj *comp_compile_source(Lang *L, const char *src, size_t len, Obj *filename, CompileMode mode)
{
    AstArena *arena = NULL;
    AstMod *mod = NULL;
    SyntaxErrorInfo info;
    int rc = mode == COMPILE_EVAL
                 ? parse_expression(L->rt, src, len, str_data(filename), &arena, &mod, &info)
                 : parse_module(L->rt, src, len, str_data(filename), &arena, &mod, &info);
    if (rc != PARSE_OK)
        return comp_raise_syntax_error(L, &info, filename);
    Obj *code = comp_compile(L, mod, src, len, filename, mode);
    ast_arena_free(arena);
    return code;
}
