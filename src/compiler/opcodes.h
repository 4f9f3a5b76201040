/*
 * opcodes.h - the instruction set of ouro's bytecode (a stack machine
 * modelled on CPython 3.11's).
 *
 * An instruction is one 32-bit word: the opcode in the low 8 bits, the
 * argument in the high 24 bits (INSTR_OP / INSTR_ARG). There is no
 * EXTENDED_ARG: the compiler refuses code that needs an argument of 2**24
 * or more. Jump arguments are absolute instruction indices.
 *
 * The value stack: each slot owns one reference. "TOS" is the top, "TOS1"
 * the one below. A call is laid out as CPython 3.11's: [NULL, callable,
 * args...] for a plain call (PUSH_NULL, or LOAD_GLOBAL with its low bit),
 * [method, self, args...] after LOAD_METHOD found a method descriptor, so
 * that self and the arguments are contiguous and no bound method or
 * argument tuple is made.
 *
 * Exceptions use a table, not a block stack (CPython 3.11's "zero-cost"
 * scheme): code.h's ExcEntry maps each range of instructions to its
 * innermost handler and the stack depth to unwind to; the handler starts
 * with the exception pushed. PUSH_EXC_INFO / POP_EXCEPT save and restore
 * the exception being handled (L->handled) on the value stack.
 */
#ifndef OURO_COMPILER_OPCODES_H
#define OURO_COMPILER_OPCODES_H

#include <stdint.h>

/* X(name, has_arg, jumps): jumps is 1 when the argument is a jump target. */
#define OPCODES(X)                                                             \
    X(NOP, 0, 0)                                                               \
    X(POP_TOP, 0, 0)                                                           \
    X(PUSH_NULL, 0, 0)                                                         \
    X(COPY, 1, 0)              /* push a new reference to stack[-arg] */       \
    X(SWAP, 1, 0)              /* swap TOS and stack[-arg] */                  \
    X(LOAD_CONST, 1, 0)                                                        \
    X(LOAD_FAST, 1, 0)         /* UnboundLocalError when unset */              \
    X(STORE_FAST, 1, 0)                                                        \
    X(DELETE_FAST, 1, 0)                                                       \
    X(LOAD_NAME, 1, 0)         /* locals, globals, builtins */                 \
    X(STORE_NAME, 1, 0)                                                        \
    X(DELETE_NAME, 1, 0)                                                       \
    X(LOAD_GLOBAL, 1, 0)       /* arg>>1: name index; arg&1: push NULL first */ \
    X(STORE_GLOBAL, 1, 0)                                                      \
    X(DELETE_GLOBAL, 1, 0)                                                     \
    X(MAKE_CELL, 1, 0)         /* localsplus[arg] = cell(localsplus[arg]) */   \
    X(COPY_FREE_VARS, 1, 0)    /* the closure's arg cells into the frame */    \
    X(LOAD_CLOSURE, 1, 0)      /* push the cell itself */                      \
    X(LOAD_DEREF, 1, 0)                                                        \
    X(LOAD_CLASSDEREF, 1, 0)   /* class body: its namespace, then the cell */  \
    X(STORE_DEREF, 1, 0)                                                       \
    X(DELETE_DEREF, 1, 0)                                                      \
    X(LOAD_ATTR, 1, 0)                                                         \
    X(STORE_ATTR, 1, 0)        /* TOS.name = TOS1 */                           \
    X(DELETE_ATTR, 1, 0)                                                       \
    X(LOAD_METHOD, 1, 0)       /* [obj] -> [meth, obj] or [NULL, attr] */      \
    X(BINARY_SUBSCR, 0, 0)                                                     \
    X(STORE_SUBSCR, 0, 0)      /* TOS1[TOS] = TOS2 */                          \
    X(DELETE_SUBSCR, 0, 0)                                                     \
    X(BINARY_OP, 1, 0)         /* arg: NB_* (NB_INPLACE + op: in place) */     \
    X(UNARY_NEGATIVE, 0, 0)                                                    \
    X(UNARY_POSITIVE, 0, 0)                                                    \
    X(UNARY_INVERT, 0, 0)                                                      \
    X(UNARY_NOT, 0, 0)                                                         \
    X(COMPARE_OP, 1, 0)        /* arg: CMP_* */                                \
    X(IS_OP, 1, 0)             /* arg 1: is not */                             \
    X(CONTAINS_OP, 1, 0)       /* arg 1: not in */                             \
    X(BUILD_TUPLE, 1, 0)                                                       \
    X(BUILD_LIST, 1, 0)                                                        \
    X(BUILD_SET, 1, 0)                                                         \
    X(BUILD_MAP, 1, 0)         /* arg pairs key, value */                      \
    X(BUILD_CONST_KEY_MAP, 1, 0) /* arg values, then a tuple of keys */        \
    X(BUILD_STRING, 1, 0)      /* concatenates arg str */                      \
    X(BUILD_SLICE, 1, 0)       /* 2 or 3 */                                    \
    X(LIST_APPEND, 1, 0)       /* stack[-arg-1].append(TOS), pop */            \
    X(SET_ADD, 1, 0)                                                           \
    X(MAP_ADD, 1, 0)           /* stack[-arg-2][TOS1] = TOS, pop both */       \
    X(LIST_EXTEND, 1, 0)                                                       \
    X(SET_UPDATE, 1, 0)                                                        \
    X(DICT_UPDATE, 1, 0)                                                       \
    X(DICT_MERGE, 1, 0)        /* as DICT_UPDATE, duplicate keys are errors */ \
    X(LIST_TO_TUPLE, 0, 0)                                                     \
    X(UNPACK_SEQUENCE, 1, 0)                                                   \
    X(UNPACK_EX, 1, 0)         /* arg: before | after << 8 */                  \
    X(FORMAT_VALUE, 1, 0)      /* arg&3: conversion, arg&4: spec on TOS */     \
    X(JUMP, 1, 1)                                                              \
    X(POP_JUMP_IF_FALSE, 1, 1)                                                 \
    X(POP_JUMP_IF_TRUE, 1, 1)                                                  \
    X(POP_JUMP_IF_NONE, 1, 1)                                                  \
    X(POP_JUMP_IF_NOT_NONE, 1, 1)                                              \
    X(JUMP_IF_FALSE_OR_POP, 1, 1)                                              \
    X(JUMP_IF_TRUE_OR_POP, 1, 1)                                               \
    X(GET_ITER, 0, 0)                                                          \
    X(FOR_ITER, 1, 1)          /* next(TOS), or pop it and jump */             \
    X(KW_NAMES, 1, 0)          /* the next CALL's keyword names: consts[arg] */ \
    X(CALL, 1, 0)              /* [NULL|meth, callable|self, args...] */       \
    X(CALL_FUNCTION_EX, 1, 0)  /* [NULL, callable, args tuple, (kwargs)] */    \
    X(MAKE_FUNCTION, 1, 0)     /* arg: MAKE_FUNCTION_* flags */                \
    X(RETURN_VALUE, 0, 0)                                                      \
    X(LOAD_BUILD_CLASS, 0, 0)                                                  \
    X(IMPORT_NAME, 1, 0)       /* [level, fromlist] -> module */               \
    X(IMPORT_FROM, 1, 0)       /* [module] -> [module, attr] */                \
    X(IMPORT_STAR, 0, 0)                                                       \
    X(RAISE_VARARGS, 1, 0)     /* 0: re-raise, 1: raise TOS, 2: from */        \
    X(RERAISE, 0, 0)           /* raise TOS again, no new traceback entry */   \
    X(PUSH_EXC_INFO, 0, 0)     /* [exc] -> [previous handled, exc] */          \
    X(POP_EXCEPT, 0, 0)        /* [previous] -> [], restores L->handled */     \
    X(CHECK_EXC_MATCH, 0, 0)   /* [exc, type] -> [exc, bool] */                \
    X(BEFORE_WITH, 0, 0)       /* [mgr] -> [bound __exit__, __enter__()] */    \
    X(WITH_EXCEPT_START, 0, 0) /* [exit, prev, exc] -> [..., exit(t, e, tb)] */ \
    X(LOAD_ASSERTION_ERROR, 0, 0)                                              \
    X(SETUP_ANNOTATIONS, 0, 0)                                                 \
    X(RETURN_CONST, 1, 0)      /* return consts[arg] */                        \
    X(PRINT_EXPR, 0, 0)        /* interactive: sys.displayhook(TOS), pop */ \
    /* Superinstructions (CPython 3.11's): the assembler turns the first of  \
     * two instructions into one of these, which runs both; the second      \
     * stays as it was, for jumps to it and for its argument. */            \
    X(LOAD_FAST__LOAD_FAST, 1, 0)                                              \
    X(LOAD_FAST__LOAD_CONST, 1, 0)                                             \
    X(LOAD_CONST__LOAD_FAST, 1, 0)                                             \
    X(STORE_FAST__LOAD_FAST, 1, 0)                                             \
    X(STORE_FAST__STORE_FAST, 1, 0)

enum {
#define OPCODE_ENUM(name, has_arg, jumps) OP_##name,
    OPCODES(OPCODE_ENUM)
#undef OPCODE_ENUM
    OP_COUNT
};

/* MAKE_FUNCTION flags: which of these were pushed, in this order, below
 * the code object. */
enum {
    MAKE_FUNCTION_DEFAULTS = 0x01,     /* a tuple */
    MAKE_FUNCTION_KWDEFAULTS = 0x02,   /* a dict */
    MAKE_FUNCTION_ANNOTATIONS = 0x04,  /* a tuple of name, value pairs */
    MAKE_FUNCTION_CLOSURE = 0x08,      /* a tuple of cells */
};

/* FORMAT_VALUE argument. */
enum {
    FVC_MASK = 0x3, FVC_NONE = 0x0, FVC_STR = 0x1, FVC_REPR = 0x2, FVC_ASCII = 0x3,
    FVS_HAVE_SPEC = 0x4,
};

#define INSTR_OP(w) ((unsigned)((w) & 0xffu))
#define INSTR_ARG(w) ((unsigned)((w) >> 8))
#define INSTR_MAKE(op, arg) ((uint32_t)(op) | ((uint32_t)(arg) << 8))
#define INSTR_ARG_MAX 0xffffffu

/* The opcode's name ("LOAD_FAST"), for disassembly and errors. */
const char *opcode_name(unsigned op);

#endif
