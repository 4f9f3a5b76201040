/*
 * frameobject.h - interpreter frames and frame objects (CPython 3.11's
 * _PyInterpreterFrame and PyFrameObject).
 *
 * An InterpFrame is the activation record of a running code object. It
 * lives in the VM's per-runtime frame stack (contiguous chunks, see
 * vm/framestack.c), not on the collector's heap: a call allocates no
 * object. Its layout is a fixed header followed by the local slots and the
 * value stack, all in one block, so that the whole frame can be copied
 * elsewhere (into a frame object when it outlives its call, later into a
 * generator) by one memcpy.
 *
 * Ownership: a frame owns func and locals, and one reference in each
 * non-NULL localsplus slot (locals, cells, free variables, then the value
 * stack up to stacktop). code, globals and builtins are borrowed from func
 * (their fields cannot change).
 *
 * A FrameObject is made only when something asks for one (a traceback, a
 * frame introspection): the frame then holds a reference to it. When the
 * frame finishes while others still hold the frame object, the frame's
 * data moves into the frame object (frame_take_ownership), which from then
 * on owns the locals and links its f_back; otherwise the frame object dies
 * with its last reference. Frame objects are tracked by the collector only
 * once they own their data: a live frame is a root.
 */
#ifndef OURO_OBJECTS_FRAMEOBJECT_H
#define OURO_OBJECTS_FRAMEOBJECT_H

#include <stdint.h>

#include "object.h"
#include "codeobject.h"

enum {
    FRAME_OWNED_BY_THREAD = 0,        /* on the VM's frame stack */
    FRAME_OWNED_BY_FRAME_OBJECT = 1,  /* copied into its frame object */
};

typedef struct FrameObject FrameObject;

typedef struct InterpFrame {
    Obj *func;                    /* owned: the function being run */
    CodeObject *code;             /* borrowed from func */
    Obj *globals;                 /* borrowed from func */
    Obj *builtins;                /* borrowed from func */
    Obj *locals;                  /* owned or NULL: module/class namespace */
    struct InterpFrame *previous; /* the caller (NULL at the bottom / once owned) */
    FrameObject *frame_obj;       /* owned or NULL */
    const uint32_t *prev_instr;   /* the instruction being run (code->code - 1 before the first) */
    int stacktop;                 /* used slots of localsplus (locals + stack) when not running */
    uint8_t owner;                /* FRAME_OWNED_BY_* */
    uint8_t is_entry;             /* returning from it returns from the C eval call */
    Obj *localsplus[];            /* code->nlocalsplus locals, then code->stacksize */
} InterpFrame;

/* Number of pointer-sized words a frame of code occupies. */
static inline size_t frame_words(const CodeObject *co)
{
    return (sizeof(InterpFrame) + sizeof(Obj *) - 1) / sizeof(Obj *) + (size_t)co->framesize;
}

/* The index of the instruction being run (-1 before the first). */
static inline int frame_lasti(const InterpFrame *f)
{
    return (int)(f->prev_instr - f->code->code);
}

/* Its current line, or -1. */
int frame_lineno(const InterpFrame *f);

struct FrameObject {
    OuroVarObject ob;             /* ob.size: words available in data */
    InterpFrame *frame;           /* the live frame, or (InterpFrame *)data once owned */
    FrameObject *back;            /* owned: f_back once owned, else NULL */
    Obj *locals_snapshot;         /* owned: f_locals of a function frame, or NULL */
    uint8_t owns;                 /* data holds the frame */
    Obj *data[];
};

static inline int frame_object_check(Lang *L, const Obj *o)
{
    return L->t_frame != NULL && IS_TYPE(o, L->t_frame);
}

/* The frame object of f, made on first use (the frame keeps a reference;
 * the result is borrowed from it). NULL with an exception. */
FrameObject *frame_get_object(Lang *L, InterpFrame *f);

/* Releases what frame f owns as it finishes (CPython's _PyFrame_Clear):
 * if a frame object outlives it, the data moves there; otherwise every
 * local slot is released in slot order, then the locals and the function.
 * The frame must already be unlinked from the VM (finalizers may run). */
void frame_clear(Lang *L, InterpFrame *f);

/* Creates L->t_frame (VM start-up). 0 or -1. */
int frame_init_type(Lang *L);

#endif
