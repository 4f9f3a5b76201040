/*
 * lexer.h - the tokenizer of the Python subset, a transcription of CPython
 * 3.11's Parser/tokenizer.c: the same tokens, the same INDENT/DEDENT rules
 * (tabs to multiples of 8, checked against tabs of width 1 for TabError),
 * the same line joining, and the same error messages and positions.
 *
 * The lexer reads a buffer prepared by lex_prepare (newlines normalized to
 * '\n', a final '\n' ensured, UTF-8 validated, NUL-terminated) and produces
 * one token per lex_next call. It allocates nothing.
 *
 * Positions: lineno is 1-based; col_offset and end_col_offset are byte
 * offsets in the line, as in CPython's tokens. INDENT, DEDENT and
 * ENDMARKER have col_offset -1 and record in cur_col where the lexer stood
 * (CPython reports errors at such tokens from the tokenizer's position).
 */
#ifndef OURO_COMPILER_LEXER_H
#define OURO_COMPILER_LEXER_H

#include <stddef.h>

#include "ouro.h"

typedef enum TokType {
    TOK_ERROR = 0,          /* lexer error: see Lexer.err */
    TOK_ENDMARKER,
    TOK_NAME,
    TOK_NUMBER,
    TOK_STRING,
    TOK_NEWLINE,
    TOK_INDENT,
    TOK_DEDENT,
    TOK_OP,                 /* a character that is no token: $ ? ! ` */

    /* operators and delimiters */
    TOK_LPAR, TOK_RPAR, TOK_LSQB, TOK_RSQB, TOK_LBRACE, TOK_RBRACE,
    TOK_COLON, TOK_COMMA, TOK_SEMI, TOK_DOT, TOK_ELLIPSIS, TOK_RARROW,
    TOK_PLUS, TOK_MINUS, TOK_STAR, TOK_SLASH, TOK_VBAR, TOK_AMPER,
    TOK_LESS, TOK_GREATER, TOK_EQUAL, TOK_PERCENT, TOK_TILDE, TOK_CIRCUMFLEX,
    TOK_AT, TOK_EQEQUAL, TOK_NOTEQUAL, TOK_LTGT /* <> (Barry as FLUFL) */,
    TOK_LESSEQUAL, TOK_GREATEREQUAL, TOK_LEFTSHIFT, TOK_RIGHTSHIFT,
    TOK_DOUBLESTAR, TOK_DOUBLESLASH, TOK_COLONEQUAL,
    TOK_PLUSEQUAL, TOK_MINEQUAL, TOK_STAREQUAL, TOK_SLASHEQUAL,
    TOK_PERCENTEQUAL, TOK_AMPEREQUAL, TOK_VBAREQUAL, TOK_CIRCUMFLEXEQUAL,
    TOK_LEFTSHIFTEQUAL, TOK_RIGHTSHIFTEQUAL, TOK_DOUBLESTAREQUAL,
    TOK_DOUBLESLASHEQUAL, TOK_ATEQUAL,

    /* keywords (soft keywords such as `match` stay NAME) */
    TOK_FALSE, TOK_NONE, TOK_TRUE, TOK_AND, TOK_AS, TOK_ASSERT, TOK_ASYNC,
    TOK_AWAIT, TOK_BREAK, TOK_CLASS, TOK_CONTINUE, TOK_DEF, TOK_DEL,
    TOK_ELIF, TOK_ELSE, TOK_EXCEPT, TOK_FINALLY, TOK_FOR, TOK_FROM,
    TOK_GLOBAL, TOK_IF, TOK_IMPORT, TOK_IN, TOK_IS, TOK_LAMBDA,
    TOK_NONLOCAL, TOK_NOT, TOK_OR, TOK_PASS, TOK_RAISE, TOK_RETURN,
    TOK_TRY, TOK_WHILE, TOK_WITH, TOK_YIELD,

    TOK__COUNT
} TokType;

typedef struct Token {
    TokType type;
    int level;              /* bracket depth after this token, as CPython's */
    const char *start;      /* text, in the lexer's buffer */
    const char *end;
    int lineno, col_offset, end_lineno, end_col_offset;
    int cur_col;            /* lexer column after the token (for col_offset -1) */
    int eof;                /* the lexer had read to the end of the input */
    unsigned char legacy_checked;   /* parser bookkeeping (parse_expr.c) */
} Token;

/* Token text for messages: "(" for TOK_LPAR, "if" for TOK_IF, ... */
const char *lex_token_name(TokType type);

/* Error kinds, as CPython's exception classes. */
enum { LEX_SYNTAX_ERROR = 1, LEX_INDENTATION_ERROR, LEX_TAB_ERROR };

/* A lexer error. Offsets are final (1-based characters, CPython's
 * SyntaxError.offset / end_offset, which may be 0 or -1). */
typedef struct LexError {
    int kind;
    char msg[160];
    int lineno, offset, end_lineno, end_offset;
    /* 1 when CPython reports this error through the tokenizer's own
     * exception (it then overrides a parser error found earlier); 0 for
     * the errors CPython raises later from the tokenizer's state
     * (IndentationError, TabError, unexpected EOF, line continuation). */
    int overrides;
    /* 1 for an end of input inside brackets, a triple-quoted string or
     * after a line continuation: more input could complete it. */
    int at_eof;
    /* 1 for "'(' was never closed" (lineno is the bracket's line). */
    int unclosed;
} LexError;

enum { LEX_MAXINDENT = 100, LEX_MAXLEVEL = 200 };

typedef struct Lexer {
    const char *buf, *end;          /* buf[end - buf] == '\0' */
    const char *cur;                /* next byte */
    const char *line_start;         /* start of the line cur is in */
    const char *tok_start;          /* start of the token being read */
    int lineno;
    int at_line_end;                /* the last byte read was '\n' */
    int atbol;                      /* at the beginning of a line */
    int pendin;                     /* pending INDENT (> 0) or DEDENT (< 0) tokens */
    int indent;                     /* top of indstack */
    int indstack[LEX_MAXINDENT];
    int altindstack[LEX_MAXINDENT];
    int level;                      /* bracket depth */
    char parenstack[LEX_MAXLEVEL];
    int parenlineno[LEX_MAXLEVEL];
    int parencol[LEX_MAXLEVEL];
    int hit_eof;                    /* the end of the buffer was read */
    int failed;                     /* an error was reported: no more tokens */
    int first_lineno;               /* of the string being read */
    const char *multi_line_start;   /* line start of that string */
    LexError err;
} Lexer;

/* Prepared source: `text` (len bytes, NUL-terminated) holds the source
 * with "\r\n" and "\r" turned into "\n", a UTF-8 BOM removed and, for
 * file and eval input, a final "\n" added if missing (even to an empty
 * source), as CPython does. Interactive and eval input keep their last
 * line open. */
typedef struct LexSource {
    char *text;
    size_t len;
    size_t alloc;                   /* bytes allocated, for ouro_mem_free */
} LexSource;

/*
 * Copies src (len bytes) into out->text, allocated with ouro_mem_alloc.
 * Returns 0; or -1 with *err filled: a NUL byte ("source code cannot
 * contain null bytes") or malformed UTF-8 (a "(unicode error)" message) is
 * a SyntaxError, and running out of memory leaves err->kind 0. Free the
 * text with lex_source_free.
 */
int lex_prepare(OuroRuntime *rt, const char *src, size_t len, int add_newline, LexSource *out,
                LexError *err);

void lex_source_free(OuroRuntime *rt, LexSource *source);

/* Starts lexing text (len bytes, text[len] == '\0'). At the end of the
 * text the open blocks get their DEDENT tokens if the text ends with a
 * line break; a last line without one just stops with ENDMARKER. */
void lex_init(Lexer *lx, const char *text, size_t len);

/* Reads the next token into *tok and returns its type. On TOK_ERROR
 * lx->err says why; every later call returns TOK_ERROR again. */
TokType lex_next(Lexer *lx, Token *tok);

/* Decodes one UTF-8 sequence of valid UTF-8 at s; stores its length. */
unsigned lex_utf8_decode(const char *s, int *len);

/* Number of characters (code points) in the first nbytes of valid UTF-8 s. */
int lex_utf8_count(const char *s, size_t nbytes);

#endif
