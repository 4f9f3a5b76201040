/*
 * tbprint.c - printing exceptions and tracebacks to stderr as CPython
 * 3.11's default excepthook does: the chain (__cause__ / __context__ with
 * their separator lines), "Traceback (most recent call last):", one
 * "  File ..., line N, in f" entry per frame with the source line and the
 * PEP 657 carets (`~~^~~` anchors for binary operators and subscripts,
 * elided when they would underline the whole line), "[Previous line
 * repeated N more times]" for recursion, then "Type: message". Syntax
 * errors get their file/line/text/caret block instead.
 *
 * Source lines are read from the file named by the code object, as
 * CPython's linecache does; "<string>" and "<stdin>" have none.
 */
#include <stdio.h>
#include <string.h>

#include "vm.h"
#include "../compiler/parser.h"
#include "../objects/exceptions.h"
#include "../objects/intobject.h"
#include "../objects/strobject.h"
#include "../objects/tracebackobject.h"
#include "../objects/tupleobject.h"
#include "../objects/typeobject.h"

#define RECURSIVE_CUTOFF 3
#define TRACEBACK_LIMIT 1000

/* ------------------------------------------------------------------ */
/* Source lines                                                        */
/* ------------------------------------------------------------------ */

/* The text of line lineno of the file (without its line break), in a
 * buffer of at most cap bytes; 0 when the file or line is not there. */
static size_t read_line(const char *filename, int lineno, char *buf, size_t cap)
{
    if (filename[0] == '<' || lineno < 1)
        return 0;
    FILE *fp = fopen(filename, "rb");
    if (fp == NULL)
        return 0;
    int line = 1, c;
    size_t n = 0;
    while ((c = fgetc(fp)) != EOF) {
        if (line == lineno) {
            if (c == '\n' || c == '\r')
                break;
            if (n + 1 < cap)
                buf[n++] = (char)c;
        } else if (c == '\n') {
            line++;
        } else if (c == '\r') {
            int d = fgetc(fp);
            if (d != '\n' && d != EOF)
                ungetc(d, fp);
            line++;
        }
    }
    fclose(fp);
    buf[n] = '\0';
    if (line != lineno)
        return 0;
    /* Skip a UTF-8 BOM on the first line. */
    if (lineno == 1 && n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
        memmove(buf, buf + 3, n - 2);
        n -= 3;
    }
    return n == 0 ? (size_t)-1 : n;
}

/* Characters (code points) in the first nbytes of s. */
static int char_count(const char *s, size_t nbytes)
{
    int n = 0;
    for (size_t i = 0; i < nbytes && s[i]; i++)
        n += ((unsigned char)s[i] & 0xc0) != 0x80;
    return n;
}

/* Byte index of the character index chars in s. */
static size_t byte_index(const char *s, size_t len, int chars)
{
    size_t i = 0;
    int k = 0;
    while (i < len && k < chars) {
        i++;
        while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
            i++;
        k++;
    }
    return i;
}

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\f';
}

/* ------------------------------------------------------------------ */
/* Carets                                                              */
/* ------------------------------------------------------------------ */

/* CPython's _extract_caret_anchors_from_line_segment: for a segment that
 * is one binary operation or subscript, the character range of the
 * operator (or of the subscript's brackets) inside it. */
static int extract_anchors(Lang *L, const char *seg, size_t len, int *left, int *right)
{
    AstArena *arena = NULL;
    AstMod *mod = NULL;
    SyntaxErrorInfo info;
    int found = 0;
    if (parse_module(L->rt, seg, len, "<anchors>", &arena, &mod, &info) != PARSE_OK)
        return 0;
    if (mod->body.len == 1 && mod->body.items[0]->kind == STMT_EXPR) {
        AstExpr *e = mod->body.items[0]->v.expr.value;
        if (e->kind == EXPR_BINOP && e->v.binop.left->end_lineno == 1 &&
            e->v.binop.right->lineno == 1) {
            int op_start = e->v.binop.left->end_col_offset;
            int op_end = e->v.binop.right->col_offset;
            int off = 0;
            while (op_start + off < op_end && is_ws(seg[op_start + off]))
                off++;
            int left_anchor = op_start + off;
            int right_anchor = left_anchor + 1;
            if (op_start + off + 1 < op_end && !is_ws(seg[op_start + off + 1]) &&
                seg[op_start + off + 1] != '\n')
                right_anchor++;
            *left = char_count(seg, (size_t)left_anchor);
            *right = char_count(seg, (size_t)right_anchor);
            found = 1;
        } else if (e->kind == EXPR_SUBSCRIPT && e->v.subscript.slice->end_lineno == 1) {
            *left = char_count(seg, (size_t)e->v.subscript.value->end_col_offset);
            *right = char_count(seg, (size_t)e->v.subscript.slice->end_col_offset + 1);
            found = 1;
        }
    }
    ast_arena_free(arena);
    return found;
}

/* The caret line under the source line of one traceback entry. */
static void print_carets(Lang *L, const char *line, size_t len, const CodeLoc *loc)
{
    if (loc->col < 0 || loc->end_col < 0 || loc->line <= 0)
        return;
    size_t lead = 0;
    while (lead < len && is_ws(line[lead]))
        lead++;
    int leading = char_count(line, lead);
    int stripped_len = char_count(line + lead, len - lead);
    int start = char_count(line, (size_t)loc->col);
    int end;
    int left = -1, right = -1;
    if (loc->end_line == loc->line) {
        end = char_count(line, (size_t)loc->end_col);
        size_t b0 = byte_index(line, len, start), b1 = byte_index(line, len, end);
        if (b1 > b0 && !extract_anchors(L, line + b0, b1 - b0, &left, &right))
            left = right = -1;
    } else {
        size_t i = len;
        while (i > 0 && (is_ws(line[i - 1]) || line[i - 1] == '\r'))
            i--;
        end = char_count(line, i);
    }
    int anchors = left >= 0 && right > left;
    if (end - start >= stripped_len && !anchors)
        return;
    if (end <= start)
        return;
    fputs("    ", stderr);
    for (int i = leading; i < start; i++)
        fputc(' ', stderr);
    for (int i = 0; i < end - start; i++) {
        if (!anchors)
            fputc('^', stderr);
        else
            fputc(i >= left && i < right ? '^' : '~', stderr);
    }
    fputc('\n', stderr);
}

/* ------------------------------------------------------------------ */
/* Tracebacks                                                          */
/* ------------------------------------------------------------------ */

static void write_obj(Obj *s)
{
    fwrite(str_data(s), 1, str_nbytes(s), stderr);
}

static void print_entry(Lang *L, TracebackObject *tb)
{
    InterpFrame *f = tb->frame->frame;
    CodeObject *co = f->code;
    fputs("  File \"", stderr);
    write_obj(co->filename);
    fprintf(stderr, "\", line %d, in ", tb->lineno);
    write_obj(co->name);
    fputc('\n', stderr);
    char buf[4096];
    size_t n = read_line(str_data(co->filename), tb->lineno, buf, sizeof buf);
    if (n == 0 || n == (size_t)-1)
        return;
    size_t lead = 0;
    while (lead < n && is_ws(buf[lead]))
        lead++;
    fputs("    ", stderr);
    fwrite(buf + lead, 1, n - lead, stderr);
    fputc('\n', stderr);
    if (tb->lasti >= 0 && (uint32_t)tb->lasti < co->ninstrs)
        print_carets(L, buf, n, &co->locs[tb->lasti]);
}

static void print_repeated(int count)
{
    if (count > RECURSIVE_CUTOFF) {
        count -= RECURSIVE_CUTOFF;
        fprintf(stderr, "  [Previous line repeated %d more time%s]\n", count,
                count > 1 ? "s" : "");
    }
}

void vm_print_traceback(Lang *L, Obj *tbo)
{
    size_t depth = 0;
    for (Obj *t = tbo; t != NULL; t = ((TracebackObject *)t)->next)
        depth++;
    TracebackObject *tb = (TracebackObject *)tbo;
    while (depth > TRACEBACK_LIMIT) {
        tb = (TracebackObject *)tb->next;
        depth--;
    }
    Obj *last_file = NULL, *last_name = NULL;
    int last_line = -1, count = 0;
    for (; tb != NULL; tb = (TracebackObject *)tb->next) {
        CodeObject *co = tb->frame->frame->code;
        if (last_file == NULL || !str_equal(last_file, co->filename) ||
            last_line != tb->lineno || !str_equal(last_name, co->name)) {
            print_repeated(count);
            last_file = co->filename;
            last_line = tb->lineno;
            last_name = co->name;
            count = 0;
        }
        count++;
        if (count > RECURSIVE_CUTOFF)
            continue;
        print_entry(L, tb);
    }
    print_repeated(count);
}

/* ------------------------------------------------------------------ */
/* Exceptions                                                          */
/* ------------------------------------------------------------------ */

static Obj *attr_or_null(Lang *L, Obj *o, const char *name)
{
    Obj *v = obj_getattr_str(L, o, name);
    if (v == NULL)
        err_clear(L);
    if (v == L->none) {
        obj_decref(L, v);
        return NULL;
    }
    return v;
}

static int64_t int_attr(Lang *L, Obj *o, const char *name, int64_t dflt)
{
    Obj *v = attr_or_null(L, o, name);
    int64_t r = dflt;
    if (v != NULL && int_check(v))
        int_as_i64_exact(v, &r);
    obj_xdecref(L, v);
    return r;
}

/* The file/line/text/caret block of a SyntaxError (CPython's traceback.py
 * _format_syntax_error, with the C printer's clamp for multi-line ranges). */
static void print_syntax_error_block(Lang *L, Obj *exc)
{
    Obj *filename = attr_or_null(L, exc, "filename");
    Obj *text = attr_or_null(L, exc, "text");
    int64_t lineno = int_attr(L, exc, "lineno", -1);
    int64_t end_lineno = int_attr(L, exc, "end_lineno", lineno);
    int64_t offset = int_attr(L, exc, "offset", -1);
    int64_t end_offset = int_attr(L, exc, "end_offset", 0);
    if (lineno >= 0) {
        fputs("  File \"", stderr);
        if (filename != NULL && str_check(filename))
            write_obj(filename);
        else
            fputs("<string>", stderr);
        fprintf(stderr, "\", line %lld\n", (long long)lineno);
    }
    if (text != NULL && str_check(text)) {
        const char *t = str_data(text);
        size_t n = str_nbytes(text);
        while (n > 0 && t[n - 1] == '\n')
            n--;
        size_t lead = 0;
        while (lead < n && (t[lead] == ' ' || t[lead] == '\n' || t[lead] == '\f'))
            lead++;
        int spaces = char_count(t, lead);
        fputs("    ", stderr);
        fwrite(t + lead, 1, n - lead, stderr);
        fputc('\n', stderr);
        if (offset >= 0) {
            int64_t line_chars = char_count(t, n);
            if (end_lineno > lineno)
                end_offset = line_chars + 1;
            if (end_offset == 0 || end_offset == -1 || end_offset == offset)
                end_offset = offset + 1;
            int64_t colno = offset - 1 - spaces, end_colno = end_offset - 1 - spaces;
            if (colno >= 0) {
                fputs("    ", stderr);
                size_t pos = lead;
                for (int64_t i = 0; i < colno; i++) {
                    char c = pos < n ? t[pos] : ' ';
                    fputc(c == '\t' || c == '\f' ? c : ' ', stderr);
                    if (pos < n) {
                        pos++;
                        while (pos < n && ((unsigned char)t[pos] & 0xc0) == 0x80)
                            pos++;
                    }
                }
                for (int64_t i = colno; i < end_colno; i++)
                    fputc('^', stderr);
                fputc('\n', stderr);
            }
        }
    }
    obj_xdecref(L, filename);
    obj_xdecref(L, text);
}

static void print_exception_line(Lang *L, Obj *exc)
{
    if (!obj_isinstance(exc, L->exc_types[EXC_SyntaxError])) {
        err_print_exception_line(L, exc);
        return;
    }
    print_syntax_error_block(L, exc);
    Obj *name = type_qualified_name(L, TYPE(exc));
    if (name != NULL) {
        write_obj(name);
        obj_decref(L, name);
    } else {
        fputs(obj_type_name(exc), stderr);
    }
    Obj *msg = attr_or_null(L, exc, "msg");
    Obj *s = msg ? obj_str(L, msg) : NULL;
    if (s == NULL)
        err_clear(L);
    fputs(": ", stderr);
    if (s != NULL && str_nbytes(s) > 0)
        write_obj(s);
    else
        fputs("<no detail available>", stderr);
    fputc('\n', stderr);
    obj_xdecref(L, s);
    obj_xdecref(L, msg);
}

static void print_one(Lang *L, Obj *exc)
{
    Obj *tb = exc_traceback(exc);
    if (tb != NULL && traceback_check(L, tb)) {
        fputs("Traceback (most recent call last):\n", stderr);
        vm_print_traceback(L, tb);
    }
    print_exception_line(L, exc);
}

#define MAX_CHAIN 64

static void print_chain(Lang *L, Obj *exc, Obj **seen, size_t *nseen)
{
    if (*nseen >= MAX_CHAIN)
        return;
    seen[(*nseen)++] = exc;
    Obj *cause = exc_cause(exc), *context = exc_context(exc);
    int suppress = ((ExcObject *)exc)->suppress_context;
    int is_seen = 0;
    if (cause != NULL) {
        for (size_t i = 0; i < *nseen; i++)
            is_seen |= seen[i] == cause;
        if (!is_seen) {
            print_chain(L, cause, seen, nseen);
            fputs("\nThe above exception was the direct cause of the following exception:\n\n",
                  stderr);
        }
    } else if (context != NULL && !suppress) {
        for (size_t i = 0; i < *nseen; i++)
            is_seen |= seen[i] == context;
        if (!is_seen) {
            print_chain(L, context, seen, nseen);
            fputs("\nDuring handling of the above exception, another exception occurred:\n\n",
                  stderr);
        }
    }
    print_one(L, exc);
}

void vm_print_exception(Lang *L, Obj *exc)
{
    Obj *seen[MAX_CHAIN];
    size_t nseen = 0;
    fflush(stdout);
    Obj *saved = err_fetch(L);
    if (exc_check(exc))
        print_chain(L, exc, seen, &nseen);
    else
        err_print_exception_line(L, exc);
    err_restore(L, saved);
    fflush(stderr);
}
