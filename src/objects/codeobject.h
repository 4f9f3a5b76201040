/*
 * codeobject.h - code: compiled bytecode with everything needed to run it
 * (constants, names, the layout of the frame's local slots, the exception
 * table and the source position of each instruction).
 *
 * Invariants of a CodeObject (made only by code_new, never changed after):
 *   - code[0..ninstrs-1] are instruction words (compiler/opcodes.h); every
 *     jump target and handler is < ninstrs; the last instruction never
 *     falls through the end;
 *   - consts, names and localsplusnames are tuples owned by the code;
 *     consts holds only immutable objects (None, bool, int, float, str,
 *     tuples of those, code objects), so a code object cannot be part of a
 *     cycle and is not tracked by the collector;
 *   - the frame's local slots ("localsplus") are, in order: the nlocals
 *     plain locals (arguments first: argcount positional, then
 *     kwonlyargcount keyword-only, then *args, then **kwargs), the ncells
 *     cell variables, then the nfrees free variables (whose cells come
 *     from the function's closure). localskinds[i] says which (CO_FAST_*);
 *     an argument that is also a cell variable is both LOCAL and CELL and
 *     is turned into a cell by MAKE_CELL at the start;
 *   - exctable is sorted by start, its ranges do not overlap; an
 *     instruction in [start, end) that raises unwinds the stack to depth
 *     and jumps to handler with the exception pushed;
 *   - locs[i] is the source range of instruction i (line 0: none).
 */
#ifndef OURO_OBJECTS_CODEOBJECT_H
#define OURO_OBJECTS_CODEOBJECT_H

#include <stdint.h>

#include "object.h"

/* co_flags, with CPython's values. */
enum {
    CO_OPTIMIZED = 0x0001,
    CO_NEWLOCALS = 0x0002,
    CO_VARARGS = 0x0004,
    CO_VARKEYWORDS = 0x0008,
    CO_NESTED = 0x0010,
    CO_GENERATOR = 0x0020,
    CO_NOFREE = 0x0040,
};

/* Kinds of local slots (a bit set). */
enum {
    CO_FAST_LOCAL = 0x20,
    CO_FAST_CELL = 0x40,
    CO_FAST_FREE = 0x80,
};

typedef struct ExcEntry {
    uint32_t start, end;          /* instruction range [start, end) */
    uint32_t handler;             /* where to jump */
    uint32_t depth;               /* value-stack depth to unwind to */
} ExcEntry;

typedef struct CodeLoc {
    int32_t line, end_line;       /* 1-based; 0 when the instruction has none */
    int32_t col, end_col;         /* 0-based UTF-8 byte columns; -1 when unknown */
} CodeLoc;

/* The eval loop's memory of one instruction (its inline cache, kept
 * beside the code rather than in it): what the last run of a LOAD_GLOBAL,
 * LOAD_ATTR, STORE_ATTR or LOAD_METHOD found, each guarded by version tags
 * (a type's, a dict table's) that change when the answer may have. All
 * zero: nothing cached. Only the eval loop reads or writes them. */
typedef struct InstrCache {
    uint32_t version;             /* type version / globals table version */
    uint32_t aux;                 /* builtins table version, or a kind */
    union {
        uintptr_t index;          /* dict entry / inline value index / byte offset */
        Obj *obj;                 /* borrowed, guarded by version (a method) */
    } u;
} InstrCache;

typedef struct CodeObject {
    OuroObject ob;
    uint32_t *code;               /* owned array */
    InstrCache *caches;           /* owned, ninstrs entries (zeroed by code_new) */
    uint32_t ninstrs;
    CodeLoc *locs;                /* owned, ninstrs entries */
    ExcEntry *exctable;           /* owned, nexc entries */
    uint32_t nexc;
    Obj *consts;                  /* tuple */
    Obj *names;                   /* tuple of interned str (globals, attributes) */
    Obj *localsplusnames;         /* tuple of interned str */
    uint8_t *localskinds;         /* owned, one per local slot */
    int nlocalsplus, nlocals, ncells, nfrees;
    int argcount, posonlyargcount, kwonlyargcount;
    int stacksize;
    int flags;                    /* CO_* */
    int firstlineno;
    Obj *name, *qualname, *filename;   /* str */
    /* Slots of the frame (locals, cells, frees, stack): what a frame of
     * this code needs beyond its header. */
    int framesize;
    OuroWeakRef *weaklist;        /* the core's: weak references to this code */
} CodeObject;

static inline int code_check(Lang *L, const Obj *o)
{
    return L->t_code != NULL && IS_TYPE(o, L->t_code);
}

/* What code_new copies or takes over. Arrays are copied; object fields
 * are borrowed (code_new takes its own references). */
typedef struct CodeSpec {
    const uint32_t *code;
    uint32_t ninstrs;
    const CodeLoc *locs;
    const ExcEntry *exctable;
    uint32_t nexc;
    Obj *consts, *names, *localsplusnames;
    const uint8_t *localskinds;
    int nlocals, ncells, nfrees;
    int argcount, posonlyargcount, kwonlyargcount;
    int stacksize, flags, firstlineno;
    Obj *name, *qualname, *filename;
} CodeSpec;

/* A new code object from spec, or NULL with an exception. */
Obj *code_new(Lang *L, const CodeSpec *spec);

/* The source line of instruction index i, or -1 if it has none. */
int code_line_of(const CodeObject *co, int i);

/* The handler for instruction index i: its entry (borrowed), or NULL
 * when no handler covers it. */
const ExcEntry *code_find_handler(const CodeObject *co, uint32_t i);

/* Creates L->t_code (the VM calls it at start-up). 0 or -1. */
int code_init_type(Lang *L);

#endif
