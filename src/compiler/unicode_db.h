/*
 * unicode_db.h - the few Unicode properties the lexer and the AST dumper
 * need, as CPython 3.11 (Unicode 14.0.0) defines them. The tables live in
 * the generated unicode_db.c (see tools/gen_unicode_db.py).
 */
#ifndef OURO_COMPILER_UNICODE_DB_H
#define OURO_COMPILER_UNICODE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* May c start an identifier? (chr(c).isidentifier(), so '_' too) */
bool unicode_is_xid_start(uint32_t c);

/* May c continue an identifier? (('a' + chr(c)).isidentifier()) */
bool unicode_is_xid_continue(uint32_t c);

/* Is c printable in the sense of str.isprintable()? repr() escapes the
 * others, and the tokenizer names them by code point only. */
bool unicode_is_printable(uint32_t c);

#endif
