/*
 * parser.h - turns source text into an AST (ast.h), or into a SyntaxError
 * that reads like CPython 3.11's: same message, line and column for the
 * common mistakes.
 *
 * The parser runs no code and creates no objects: every byte it uses comes
 * from the runtime's allocator (ouro_mem_alloc), the tree in an AstArena
 * the caller frees with ast_arena_free, the rest freed before returning.
 * Running out of memory gives a clean PARSE_ERROR with kind
 * PARSE_NO_MEMORY, nothing leaked.
 *
 * The grammar is Python 3.11's minus what docs/language.md ("Syntax") lists
 * as rejected; those constructs give a SyntaxError saying
 * "... not supported by ouro".
 */
#ifndef OURO_COMPILER_PARSER_H
#define OURO_COMPILER_PARSER_H

#include <stddef.h>

#include "ast.h"

/* Results of the parse_* functions. */
enum {
    PARSE_OK = 0,
    PARSE_ERROR = -1,
    PARSE_INCOMPLETE = 1,       /* parse_interactive only: more lines needed */
};

/* SyntaxErrorInfo.kind: the exception class CPython would raise. */
typedef enum SyntaxErrorKind {
    PARSE_NO_ERROR = 0,
    PARSE_SYNTAX_ERROR,         /* SyntaxError */
    PARSE_INDENTATION_ERROR,    /* IndentationError */
    PARSE_TAB_ERROR,            /* TabError */
    PARSE_NO_MEMORY,            /* MemoryError: the allocator failed */
} SyntaxErrorKind;

/*
 * A syntax error, with the attributes of CPython's SyntaxError:
 *   msg                  the message ("invalid syntax", "expected ':'", ...)
 *   lineno, end_lineno   1-based lines
 *   offset, end_offset   1-based columns in characters (code points), as
 *                        CPython reports them; CPython sometimes reports 0
 *                        or -1 for end_offset (or offset), and so do we
 *   text, text_len       the line lineno refers to, without its line break,
 *                        pointing into the caller's source buffer (valid as
 *                        long as it is); NULL if there is no such line
 */
typedef struct SyntaxErrorInfo {
    SyntaxErrorKind kind;
    char msg[256];
    int lineno, offset, end_lineno, end_offset;
    const char *text;
    size_t text_len;
} SyntaxErrorInfo;

/* Returns "SyntaxError", "IndentationError", "TabError" or "MemoryError". */
const char *parse_error_kind_name(SyntaxErrorKind kind);

/*
 * Parses a module (CPython's "exec" mode, `compile(src, filename, "exec")`).
 * src holds len bytes of UTF-8 (a UTF-8 BOM is skipped; any line ending
 * works; no NUL bytes). filename is only recorded for the caller's own
 * messages and may be NULL.
 * On PARSE_OK, *arena holds a new arena owning the tree and *out points to
 * the AstMod (kind MOD_MODULE) in it; free it with ast_arena_free(*arena).
 * On PARSE_ERROR, *arena and *out are NULL and *err describes the error.
 */
int parse_module(OuroRuntime *rt, const char *src, size_t len, const char *filename,
                 AstArena **arena, AstMod **out, SyntaxErrorInfo *err);

/*
 * Parses an expression (CPython's "eval" mode): expressions, blank lines
 * and comments around it allowed. *out has kind MOD_EXPRESSION. As
 * parse_module otherwise.
 */
int parse_expression(OuroRuntime *rt, const char *src, size_t len, const char *filename,
                     AstArena **arena, AstMod **out, SyntaxErrorInfo *err);

/*
 * Parses one interactive command the way Python's REPL (codeop.compile_command)
 * does: src is the lines typed so far joined with "\n", with no final "\n"
 * unless the user just entered an empty line. Returns
 *   PARSE_OK          a complete statement (or only blanks and comments):
 *                     *out has kind MOD_INTERACTIVE (its body is empty
 *                     for blanks and comments)
 *   PARSE_INCOMPLETE  more lines could make it valid (an open bracket,
 *                     a triple-quoted string, a backslash at the end, a
 *                     block not yet ended by an empty line); *arena and
 *                     *out are NULL and err->kind is PARSE_NO_ERROR
 *   PARSE_ERROR       a syntax error (or no memory) in *err
 */
int parse_interactive(OuroRuntime *rt, const char *src, size_t len, const char *filename,
                      AstArena **arena, AstMod **out, SyntaxErrorInfo *err);

/* The deepest nesting the parser accepts (brackets, operators, blocks);
 * beyond it, a SyntaxError instead of a C stack overflow. */
#define PARSE_MAX_DEPTH 1000

#endif
