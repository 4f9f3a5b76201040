/*
 * test_parser.c - the lexer and parser against CPython 3.11.
 *
 * Run from the repository root. For every snippet in
 *   tests/compiler/corpus/NAME.py   the dump must equal NAME.ast
 *                                   (ast.dump(tree)) and NAME.attr
 *                                   (ast.dump(tree, include_attributes=True));
 *   tests/compiler/errors/NAME.py   the SyntaxError must equal NAME.err:
 *                                   "Kind lineno offset end_lineno end_offset"
 *                                   then the message on the second line;
 *   tests/compiler/unsupported/     as errors/, for what ouro rejects on
 *                                   purpose (the .err files are ours);
 *   tests/compiler/interactive.txt  parse_interactive against
 *                                   codeop.compile_command;
 *   tests/compiler/eval.txt         parse_expression against
 *                                   compile(src, "x", "eval").
 * The expected files come from tests/compiler/gen_expected.py. Each
 * snippet prints a PASS or FAIL line; then come the C cases: every
 * allocation failing in turn, deep nesting, memory accounting.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#include "../../src/compiler/ast_dump.h"
#include "../../src/compiler/parser.h"

#define DIR_CORPUS "tests/compiler/corpus"
#define DIR_ERRORS "tests/compiler/errors"
#define DIR_UNSUPPORTED "tests/compiler/unsupported"

/* ------------------------------------------------------------------ */
/* Files                                                               */
/* ------------------------------------------------------------------ */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        if (got == 0)
            break;
        n += got;
    }
    fclose(f);
    buf = realloc(buf, n + 1);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.py files of dir, sorted; *count set. */
static char **list_py(const char *dir, size_t *count)
{
    *count = 0;
    DIR *d = opendir(dir);
    if (d == NULL)
        return NULL;
    size_t cap = 64;
    char **names = malloc(cap * sizeof *names);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 3, ".py") != 0)
            continue;
        if (*count == cap) {
            cap *= 2;
            names = realloc(names, cap * sizeof *names);
        }
        names[(*count)++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, *count, sizeof *names, compare_names);
    return names;
}

static void free_names(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}

static void strip_newline(char *s, size_t *len)
{
    while (*len > 0 && (s[*len - 1] == '\n' || s[*len - 1] == '\r'))
        s[--*len] = '\0';
}

static void report(const char *label, const char *name, int ok)
{
    printf("%s %s/%s\n", ok ? "PASS" : "FAIL", label, name);
    fflush(stdout);
}

/* ------------------------------------------------------------------ */
/* Corpus: dumps                                                       */
/* ------------------------------------------------------------------ */

static size_t bytes_in_use(OuroRuntime *rt)
{
    OuroMemStats st;
    ouro_mem_stats(rt, &st);
    return st.bytes_in_use;
}

/* Compares the dump of tree with the expected file; 1 if equal. */
static int check_dump(OuroRuntime *rt, const AstMod *mod, bool attrs, const char *expected_path,
                      const char *name)
{
    size_t elen;
    char *expected = read_file(expected_path, &elen);
    if (expected == NULL) {
        fprintf(stderr, "  %s: missing %s\n", name, expected_path);
        return 0;
    }
    strip_newline(expected, &elen);
    size_t len = 0;
    char *dump = ast_dump(rt, mod, attrs, &len);
    int ok = dump != NULL && len == elen && memcmp(dump, expected, len) == 0;
    if (!ok) {
        fprintf(stderr, "  %s (%s):\n    expected: %.2000s\n    got:      %.2000s\n", name,
                attrs ? "attributes" : "dump", expected, dump ? dump : "(dump failed)");
        if (dump != NULL && len > 0) {
            size_t i = 0;
            while (i < len && i < elen && dump[i] == expected[i])
                i++;
            fprintf(stderr, "    first difference at %zu: ...%.60s\n", i, dump + (i > 20 ? i - 20 : 0));
        }
    }
    ast_dump_free(rt, dump, len);
    free(expected);
    return ok;
}

static void print_error(const char *name, const SyntaxErrorInfo *err)
{
    fprintf(stderr, "  %s: %s %d %d %d %d\n    %s\n", name, parse_error_kind_name(err->kind), err->lineno,
            err->offset, err->end_lineno, err->end_offset, err->msg);
}

static int run_corpus_file(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", DIR_CORPUS, name);
    size_t len;
    char *src = read_file(path, &len);
    if (src == NULL)
        return 0;
    OuroRuntime *rt = ouro_runtime_new(NULL);
    size_t before = bytes_in_use(rt);
    AstArena *arena;
    AstMod *mod;
    SyntaxErrorInfo err;
    int ok = 0;
    if (parse_module(rt, src, len, name, &arena, &mod, &err) != PARSE_OK) {
        print_error(name, &err);
    } else {
        char expected[520];
        snprintf(expected, sizeof expected, "%s/%.*s.ast", DIR_CORPUS, (int)strlen(name) - 3, name);
        ok = check_dump(rt, mod, false, expected, name);
        snprintf(expected, sizeof expected, "%s/%.*s.attr", DIR_CORPUS, (int)strlen(name) - 3, name);
        ok = check_dump(rt, mod, true, expected, name) && ok;
        ast_arena_free(arena);
    }
    if (bytes_in_use(rt) != before) {
        fprintf(stderr, "  %s: %zu bytes leaked\n", name, bytes_in_use(rt) - before);
        ok = 0;
    }
    ouro_runtime_destroy(rt);
    free(src);
    return ok;
}

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

static int run_error_file(const char *dir, const char *name)
{
    char path[512], epath[520];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(epath, sizeof epath, "%s/%.*s.err", dir, (int)strlen(name) - 3, name);
    size_t len, elen;
    char *src = read_file(path, &len);
    char *expected = read_file(epath, &elen);
    if (src == NULL || expected == NULL) {
        fprintf(stderr, "  %s: missing %s\n", name, src == NULL ? path : epath);
        free(src);
        free(expected);
        return 0;
    }
    strip_newline(expected, &elen);
    char kind[32];
    int lineno, offset, end_lineno, end_offset, consumed = 0;
    int ok = sscanf(expected, "%31s %d %d %d %d%n", kind, &lineno, &offset, &end_lineno, &end_offset,
                    &consumed) == 5;
    const char *msg = ok ? expected + consumed + 1 : "";

    OuroRuntime *rt = ouro_runtime_new(NULL);
    size_t before = bytes_in_use(rt);
    AstArena *arena;
    AstMod *mod;
    SyntaxErrorInfo err;
    if (parse_module(rt, src, len, name, &arena, &mod, &err) == PARSE_OK) {
        fprintf(stderr, "  %s: parsed, expected %s: %s\n", name, kind, msg);
        ast_arena_free(arena);
        ok = 0;
    } else {
        int same = strcmp(kind, parse_error_kind_name(err.kind)) == 0 && strcmp(msg, err.msg) == 0 &&
                   lineno == err.lineno && offset == err.offset && end_lineno == err.end_lineno &&
                   end_offset == err.end_offset;
        if (!same) {
            fprintf(stderr, "  %s: expected %s %d %d %d %d\n    %s\n", name, kind, lineno, offset,
                    end_lineno, end_offset, msg);
            print_error("     got", &err);
            ok = 0;
        }
        /* The text is the line lineno names, in the caller's buffer. */
        if (err.text != NULL && (err.text < src || err.text + err.text_len > src + len)) {
            fprintf(stderr, "  %s: error text outside the source\n", name);
            ok = 0;
        }
    }
    if (bytes_in_use(rt) != before) {
        fprintf(stderr, "  %s: %zu bytes leaked\n", name, bytes_in_use(rt) - before);
        ok = 0;
    }
    ouro_runtime_destroy(rt);
    free(src);
    free(expected);
    return ok;
}

/* ------------------------------------------------------------------ */
/* Interactive and eval input                                          */
/* ------------------------------------------------------------------ */

/* Undoes the escapes of gen_expected.py's one-line form (\n \t \\ \r). */
static size_t unescape(char *s)
{
    size_t n = 0;
    for (size_t i = 0; s[i]; i++) {
        if (s[i] == '\\' && s[i + 1]) {
            i++;
            s[n++] = s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i] == 'r' ? '\r' : s[i];
        } else {
            s[n++] = s[i];
        }
    }
    s[n] = '\0';
    return n;
}

/*
 * Lines of tests/compiler/interactive.txt and eval.txt:
 *   OK <TAB> dump <TAB> source
 *   INCOMPLETE <TAB> <TAB> source
 *   ERROR <TAB> Kind: message <TAB> source
 */
static void run_line_cases(const char *path, const char *label, bool interactive)
{
    size_t len;
    char *all = read_file(path, &len);
    if (all == NULL) {
        printf("FAIL %s (missing %s)\n", label, path);
        return;
    }
    int lineno = 0;
    for (char *line = strtok(all, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        lineno++;
        char *tab1 = strchr(line, '\t');
        char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        if (tab2 == NULL)
            continue;
        *tab1 = *tab2 = '\0';
        const char *status = line, *expected = tab1 + 1;
        char *src = tab2 + 1;
        size_t slen = unescape(src);
        OuroRuntime *rt = ouro_runtime_new(NULL);
        size_t before = bytes_in_use(rt);
        AstArena *arena;
        AstMod *mod;
        SyntaxErrorInfo err;
        int r = interactive ? parse_interactive(rt, src, slen, "<input>", &arena, &mod, &err)
                            : parse_expression(rt, src, slen, "<string>", &arena, &mod, &err);
        char got[600];
        const char *gstatus = r == PARSE_OK ? "OK" : r == PARSE_INCOMPLETE ? "INCOMPLETE" : "ERROR";
        got[0] = '\0';
        if (r == PARSE_OK) {
            size_t dlen;
            char *dump = ast_dump(rt, mod, false, &dlen);
            snprintf(got, sizeof got, "%s", dump ? dump : "(dump failed)");
            ast_dump_free(rt, dump, dlen);
            ast_arena_free(arena);
        } else if (r == PARSE_ERROR) {
            snprintf(got, sizeof got, "%s: %s", parse_error_kind_name(err.kind), err.msg);
        }
        int ok = strcmp(status, gstatus) == 0 && strcmp(expected, got) == 0;
        if (bytes_in_use(rt) != before)
            ok = 0;
        ouro_runtime_destroy(rt);
        if (!ok)
            fprintf(stderr, "  %s:%d: expected %s %s\n    got %s %s\n", path, lineno, status, expected, gstatus,
                    got);
        char name[64];
        snprintf(name, sizeof name, "%d", lineno);
        check_failures += !ok;
        report(label, name, ok);
    }
    free(all);
}

/* ------------------------------------------------------------------ */
/* C cases                                                             */
/* ------------------------------------------------------------------ */

/*
 * Fails every allocation of a parse in turn: each run must end in a clean
 * PARSE_NO_MEMORY (or succeed, once the failing allocation is past the
 * parse), without leaking a byte.
 */
static void sweep_failures(const char *src, int (*parse)(OuroRuntime *, const char *, size_t, const char *,
                                                         AstArena **, AstMod **, SyntaxErrorInfo *),
                           int expect_ok)
{
    OuroRuntime *rt = ouro_runtime_new(NULL);
    CHECK(rt != NULL);
    size_t len = strlen(src);
    uint64_t start = ouro_mem_alloc_count(rt);
    AstArena *arena;
    AstMod *mod;
    SyntaxErrorInfo err;
    int r = parse(rt, src, len, "x.py", &arena, &mod, &err);
    CHECK_EQ(r == PARSE_OK, expect_ok);
    if (r == PARSE_OK)
        ast_arena_free(arena);
    uint64_t total = ouro_mem_alloc_count(rt) - start;
    CHECK(total > 0);
    size_t before = bytes_in_use(rt);
    for (uint64_t nth = 1; nth <= total + 1; nth++) {
        ouro_mem_fail_nth(rt, nth);
        r = parse(rt, src, len, "x.py", &arena, &mod, &err);
        ouro_mem_fail_nth(rt, 0);
        if (r == PARSE_OK) {
            CHECK(expect_ok);
            CHECK(nth > total);
            ast_arena_free(arena);
        } else if (err.kind != PARSE_NO_MEMORY) {
            CHECK(!expect_ok);
        } else {
            CHECK(strcmp(err.msg, "out of memory") == 0);
            CHECK(arena == NULL && mod == NULL);
        }
        if (bytes_in_use(rt) != before) {
            fprintf(stderr, "  leak after failing allocation %llu\n", (unsigned long long)nth);
            check_case_failed = 1;
            break;
        }
    }
    ouro_runtime_destroy(rt);
}

static void oom_module(void)
{
    sweep_failures("import a.b as c\n"
                   "from m import (x as y, z)\n"
                   "@dec(1)\n"
                   "class C(Base, metaclass=M):\n"
                   "    def f(self, a, /, b=2, *args, c, d=4, **kw) -> int:\n"
                   "        x = [i * 2 for i in range(10) if i % 2]\n"
                   "        y = {k: v for k, v in kw.items()}\n"
                   "        s = f'{x!r:>{b}} and {y}' 'tail' \"\\x41\\u00e9\"\n"
                   "        try:\n"
                   "            return x[1:2, ::3] + (lambda q=1: q)(*args, **kw)\n"
                   "        except (ValueError, TypeError) as e:\n"
                   "            raise RuntimeError('bad') from e\n"
                   "        finally:\n"
                   "            del x, y\n"
                   "while a if b else c:\n"
                   "    with open(p) as f, g() as (h, i):\n"
                   "        a, *b = c = 0x_ff + 1.5e3 - 12345678901234567890123\n",
                   parse_module, 1);
}

static void oom_errors(void)
{
    sweep_failures("x = (1,\ny = [a b]\n", parse_module, 0);
    sweep_failures("f() = 1\n", parse_module, 0);
    sweep_failures("if x:\npass\n", parse_module, 0);
    sweep_failures("x = f'{a b}'\n", parse_module, 0);
}

static void oom_interactive_and_eval(void)
{
    sweep_failures("for i in range(3):\n    print(i)\n", parse_interactive, 1);
    sweep_failures("[x for x in y], {1: 2}\n", parse_expression, 1);
}

/* Parses src; returns the result and leaves the error in *err. */
static int parse_text(const char *src, size_t len, SyntaxErrorInfo *err)
{
    OuroRuntime *rt = ouro_runtime_new(NULL);
    AstArena *arena;
    AstMod *mod;
    int r = parse_module(rt, src, len, "x.py", &arena, &mod, err);
    if (r == PARSE_OK)
        ast_arena_free(arena);
    ouro_runtime_destroy(rt);
    return r;
}

/* Builds prefix * n + middle + suffix * n. */
static char *repeat(const char *prefix, int n, const char *middle, const char *suffix, size_t *len)
{
    size_t pl = strlen(prefix), ml = strlen(middle), sl = strlen(suffix);
    *len = pl * (size_t)n + ml + sl * (size_t)n + 1;
    char *s = malloc(*len + 1);
    size_t k = 0;
    for (int i = 0; i < n; i++, k += pl)
        memcpy(s + k, prefix, pl);
    memcpy(s + k, middle, ml);
    k += ml;
    for (int i = 0; i < n; i++, k += sl)
        memcpy(s + k, suffix, sl);
    s[k++] = '\n';
    s[k] = '\0';
    *len = k;
    return s;
}

static void expect_depth(const char *prefix, int n, const char *middle, const char *suffix, int ok,
                         const char *msg)
{
    size_t len;
    char *src = repeat(prefix, n, middle, suffix, &len);
    SyntaxErrorInfo err;
    int r = parse_text(src, len, &err);
    if ((r == PARSE_OK) != ok || (!ok && strstr(err.msg, msg) == NULL)) {
        fprintf(stderr, "  %.20s x %d: got %d %s\n", prefix, n, r, r == PARSE_OK ? "" : err.msg);
        check_case_failed = 1;
    }
    free(src);
}

/* Deep nesting gives an error, never a crash. */
static void deep_nesting(void)
{
    expect_depth("(", 200, "1", ")", 1, "");
    expect_depth("(", 201, "1", ")", 0, "too many nested parentheses");
    expect_depth("[", 5000, "", "]", 0, "too many nested parentheses");
    expect_depth("-", 900, "1", "", 1, "");
    expect_depth("-", 100000, "1", "", 0, "too complex");
    expect_depth("not ", 100000, "x", "", 0, "too complex");
    expect_depth("lambda: ", 100000, "1", "", 0, "too complex");
    expect_depth("1 if 2 else ", 100000, "1", "", 0, "too complex");
    expect_depth("2 ** ", 100000, "2", "", 0, "too complex");
    expect_depth("", 100000, "x", ".a", 0, "too complex");
    expect_depth("", 100000, "f", "()", 0, "too complex");
    expect_depth("", 100000, "x", "[0]", 0, "too complex");
    expect_depth("1 + ", 100000, "1", "", 0, "too complex");
    expect_depth("", 500, "f", "()", 1, "");
    expect_depth("f(", 150, "", ")", 1, "");
    expect_depth("x[", 150, "0", "]", 1, "");
    expect_depth("{1: ", 150, "2", "}", 1, "");
    expect_depth("f'{", 1, "x", "}'", 1, "");
    /* blocks: at most 100 levels of indentation */
    size_t len = 0;
    char *src = malloc(100000);
    for (int i = 0; i < 99; i++) {
        memset(src + len, ' ', (size_t)i);
        len += (size_t)i;
        memcpy(src + len, "if x:\n", 6);
        len += 6;
    }
    memset(src + len, ' ', 99);
    len += 99;
    memcpy(src + len, "pass\n", 5);
    len += 5;
    SyntaxErrorInfo err;
    CHECK_EQ(parse_text(src, len, &err), PARSE_OK);
    free(src);
    /* a long flat chain is fine: its tree is not deep */
    expect_depth("x and ", 100000, "y", "", 1, "");
    expect_depth("x < ", 100000, "y", "", 1, "");
    expect_depth("", 0, "[", "", 0, "never closed");
    size_t n;
    char *elems = repeat("1, ", 100000, "1", "", &n);
    CHECK_EQ(parse_text(elems, n, &err), PARSE_OK);
    free(elems);
}

/* The arena and everything else goes back to the runtime. */
static void memory_accounting(void)
{
    OuroRuntime *rt = ouro_runtime_new(NULL);
    size_t before = bytes_in_use(rt);
    const char *src = "def f(x):\n    return [y for y in x if y]\n" "print(f(range(10)))\n";
    AstArena *arena;
    AstMod *mod;
    SyntaxErrorInfo err;
    CHECK_EQ(parse_module(rt, src, strlen(src), "x.py", &arena, &mod, &err), PARSE_OK);
    CHECK(bytes_in_use(rt) > before);
    CHECK(ast_arena_size(arena) >= bytes_in_use(rt) - before);
    ast_arena_free(arena);
    CHECK_EQ(bytes_in_use(rt), before);
    ouro_runtime_destroy(rt);
}

/* Sources with NUL bytes, bad UTF-8 and other line endings. */
static void raw_bytes(void)
{
    SyntaxErrorInfo err;
    CHECK_EQ(parse_text("x = 1\0\n", 7, &err), PARSE_ERROR);
    CHECK(strcmp(err.msg, "source code cannot contain null bytes") == 0);
    CHECK_EQ(err.lineno, 1);
    /* As CPython 3.11: the text stops at the NUL (which must not reach
     * stderr) and there is no caret. */
    CHECK(err.text != NULL && err.text_len == 5 && memcmp(err.text, "x = 1", 5) == 0);
    CHECK_EQ(err.offset, 0);
    CHECK_EQ(parse_text("x = '\xff'\n", 9, &err), PARSE_ERROR);
    CHECK(strstr(err.msg, "can't decode byte 0xff") != NULL);
    CHECK_EQ(parse_text("x = 1\r\ny = 2\rz = 3", 18, &err), PARSE_OK);
    CHECK_EQ(parse_text("\xEF\xBB\xBFx = 1\n", 9, &err), PARSE_OK);
    CHECK_EQ(parse_text("x = (\r\n1 2)\r\n", 13, &err), PARSE_ERROR);
    CHECK_EQ(err.lineno, 2);
    CHECK(err.text != NULL && err.text_len == 4 && memcmp(err.text, "1 2)", 4) == 0);
    CHECK_EQ(parse_text("", 0, &err), PARSE_OK);
}

int main(void)
{
    size_t count;
    char **names = list_py(DIR_CORPUS, &count);
    if (names == NULL) {
        printf("FAIL corpus (run from the repository root)\n");
        return 1;
    }
    for (size_t i = 0; i < count; i++) {
        int ok = run_corpus_file(names[i]);
        check_failures += !ok;
        report("corpus", names[i], ok);
    }
    free_names(names, count);
    const char *error_dirs[] = {DIR_ERRORS, DIR_UNSUPPORTED};
    for (int d = 0; d < 2; d++) {
        names = list_py(error_dirs[d], &count);
        for (size_t i = 0; names != NULL && i < count; i++) {
            int ok = run_error_file(error_dirs[d], names[i]);
            check_failures += !ok;
            report(d == 0 ? "errors" : "unsupported", names[i], ok);
        }
        free_names(names, count);
    }
    run_line_cases("tests/compiler/interactive.txt", "interactive", true);
    run_line_cases("tests/compiler/eval.txt", "eval", false);
    RUN(oom_module);
    RUN(oom_errors);
    RUN(oom_interactive_and_eval);
    RUN(deep_nesting);
    RUN(memory_accounting);
    RUN(raw_bytes);
    return check_exit();
}
