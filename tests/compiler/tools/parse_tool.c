/*
 * parse_tool.c - prints, for each file given, the parser's result on one
 * line: "OK <ast.dump>", "INCOMPLETE", or "ERR <Kind> lineno offset
 * end_lineno end_offset <message>". Options before the files: -a adds the
 * positions (include_attributes=True), -e parses as eval input, -i as
 * interactive input. Used by fuzz_vs_cpython.py; not part of the build:
 *
 *   cc -std=c11 -O1 -g -fsanitize=address,undefined -Iinclude -D_DEFAULT_SOURCE \
 *      tests/compiler/tools/parse_tool.c src/compiler/ast.c src/compiler/ast_dump.c \
 *      src/compiler/lexer.c src/compiler/parse_*.c src/compiler/parser.c \
 *      src/compiler/unicode_db.c src/core/*.c -lm -ldl -pthread -o /tmp/parse_tool
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ouro.h"
#include "../../../src/compiler/parser.h"
#include "../../../src/compiler/ast_dump.h"
static char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb"); if (!f) return NULL;
    fseek(f, 0, SEEK_END); long n = ftell(f); fseek(f, 0, SEEK_SET);
    char *b = malloc(n + 1); *len = fread(b, 1, n, f); b[*len] = 0; fclose(f); return b;
}
int main(int argc, char **argv) {
    int attrs = 0, mode = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-a")) { attrs = 1; continue; }
        if (!strcmp(argv[i], "-e")) { mode = 1; continue; }
        if (!strcmp(argv[i], "-i")) { mode = 2; continue; }
        size_t len; char *src = read_all(argv[i], &len);
        if (src == NULL) { printf("MISSING %s\n", argv[i]); continue; }
        OuroRuntime *rt = ouro_runtime_new(NULL);
        AstArena *arena; AstMod *mod; SyntaxErrorInfo err;
        int r = mode == 0 ? parse_module(rt, src, len, "x.py", &arena, &mod, &err)
              : mode == 1 ? parse_expression(rt, src, len, "x.py", &arena, &mod, &err)
              : parse_interactive(rt, src, len, "x.py", &arena, &mod, &err);
        if (r == PARSE_OK) {
            size_t n; char *d = ast_dump(rt, mod, attrs, &n);
            printf("OK %s\n", d ? d : "(dumpfail)");
            ast_dump_free(rt, d, n); ast_arena_free(arena);
        } else if (r == PARSE_INCOMPLETE) {
            printf("INCOMPLETE\n");
        } else {
            printf("ERR %s %d %d %d %d %s\n", parse_error_kind_name(err.kind), err.lineno, err.offset, err.end_lineno, err.end_offset, err.msg);
        }
        ouro_runtime_destroy(rt); free(src);
    }
    return 0;
}
