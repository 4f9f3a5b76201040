/*
 * ast_dump.h - renders a tree exactly as CPython 3.11's ast.dump(tree) does
 * (annotate_fields=True, no indent), for tests and debugging.
 */
#ifndef OURO_COMPILER_AST_DUMP_H
#define OURO_COMPILER_AST_DUMP_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"

/*
 * Returns the dump of mod as a NUL-terminated string of *len bytes,
 * allocated with ouro_mem_alloc (free it with ast_dump_free), or NULL if
 * memory runs out or the tree nests more than AST_DUMP_MAX_DEPTH deep.
 * include_attributes adds the positions, as
 * ast.dump(tree, include_attributes=True).
 */
char *ast_dump(OuroRuntime *rt, const AstMod *mod, bool include_attributes, size_t *len);

void ast_dump_free(OuroRuntime *rt, char *dump, size_t len);

#define AST_DUMP_MAX_DEPTH 10000

#endif
