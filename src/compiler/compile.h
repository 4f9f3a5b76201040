/*
 * compile.h - turns a module's AST into a code object (CPython 3.11's
 * compile.c, for ouro's instruction set: opcodes.h).
 *
 * The compiler runs no Python code: it makes only constants (ints, strs,
 * tuples of constants, code objects) and the code objects themselves.
 * Errors that CPython reports at compile time ("'return' outside
 * function", "'break' outside loop", the symbol table's) are raised as
 * SyntaxError instances carrying filename, line, offset and text, like the
 * parser's.
 */
#ifndef OURO_COMPILER_COMPILE_H
#define OURO_COMPILER_COMPILE_H

#include "ast.h"
#include "parser.h"
#include "../objects/object.h"

typedef enum CompileMode {
    COMPILE_EXEC = 0,         /* a module: the value is None */
    COMPILE_EVAL,             /* an expression: its value is returned */
    COMPILE_SINGLE,           /* interactive: expression statements print via sys.displayhook */
} CompileMode;

/*
 * Compiles mod (parsed from src, len bytes: kept for error texts) into a
 * code object for the module named "<module>". filename (a str, borrowed)
 * is recorded in every code object. Returns a new reference, or NULL with
 * an exception (SyntaxError, MemoryError).
 */
Obj *comp_compile(Lang *L, AstMod *mod, const char *src, size_t len, Obj *filename,
                  CompileMode mode);

/* Parses and compiles source text in one step (CPython's compile()),
 * raising the parser's SyntaxError as an exception. */
Obj *comp_compile_source(Lang *L, const char *src, size_t len, Obj *filename,
                         CompileMode mode);

/* Raises the SyntaxError (or IndentationError, TabError, MemoryError)
 * described by info, with filename (borrowed str). Returns NULL. */
Obj *comp_raise_syntax_error(Lang *L, const SyntaxErrorInfo *info, Obj *filename);

#endif
