/*
 * tracebackobject.h - traceback: one entry of an exception's traceback, a
 * frame object and the instruction it was running, linked towards the
 * frame where the exception was raised (tb_next). Tracked by the
 * collector (traceback -> frame -> locals -> exception -> traceback is the
 * usual cycle).
 */
#ifndef OURO_OBJECTS_TRACEBACKOBJECT_H
#define OURO_OBJECTS_TRACEBACKOBJECT_H

#include "object.h"
#include "frameobject.h"

typedef struct TracebackObject {
    OuroObject ob;
    Obj *next;                    /* owned traceback, or NULL */
    FrameObject *frame;           /* owned */
    int lasti;                    /* instruction index */
    int lineno;                   /* its line, or -1 */
} TracebackObject;

static inline int traceback_check(Lang *L, const Obj *o)
{
    return L->t_traceback != NULL && IS_TYPE(o, L->t_traceback);
}

/* A new entry for frame fo (borrowed) at instruction lasti, in front of
 * next (borrowed, may be NULL). NULL with an exception. */
Obj *traceback_new(Lang *L, Obj *next, FrameObject *fo, int lasti, int lineno);

/* Adds an entry for the running frame f in front of the current
 * exception's traceback (CPython's PyTraceBack_Here). 0 or -1. */
int traceback_here(Lang *L, InterpFrame *f);

/* Creates L->t_traceback (VM start-up). 0 or -1. */
int traceback_init_type(Lang *L);

#endif
