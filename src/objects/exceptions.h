/*
 * exceptions.h - BaseException and CPython 3.11's built-in exception
 * hierarchy (without the exception groups).
 *
 * Every exception instance starts with ExcObject. Invariants: args is
 * always a tuple (the empty tuple by default); traceback, context and cause
 * are NULL or owned references (a traceback object, exceptions);
 * suppress_context is set by `raise ... from ...` (setting __cause__).
 * Exceptions are GC-tracked and have a __dict__; built-in exception types
 * are not weak-referenceable (their subclasses are), as in CPython.
 */
#ifndef OURO_OBJECTS_EXCEPTIONS_H
#define OURO_OBJECTS_EXCEPTIONS_H

#include "object.h"

typedef struct ExcObject {
    OuroObject ob;
    Obj *dict;                    /* __dict__ or NULL */
    Obj *args;                    /* tuple */
    Obj *traceback;               /* __traceback__ or NULL */
    Obj *context;                 /* __context__ or NULL */
    Obj *cause;                   /* __cause__ or NULL */
    char suppress_context;        /* __suppress_context__ */
} ExcObject;

/* The extra fields of some exception classes. */
typedef struct StopIterationObject {
    ExcObject exc;
    Obj *value;                   /* args[0] or None */
} StopIterationObject;

typedef struct SystemExitObject {
    ExcObject exc;
    Obj *code;                    /* None, args[0] or args */
} SystemExitObject;

typedef struct ImportErrorObject {
    ExcObject exc;
    Obj *msg, *name, *path;
} ImportErrorObject;

typedef struct NameErrorObject {
    ExcObject exc;
    Obj *name;
} NameErrorObject;

typedef struct AttributeErrorObject {
    ExcObject exc;
    Obj *obj, *name;
} AttributeErrorObject;

typedef struct SyntaxErrorObject {
    ExcObject exc;
    Obj *msg, *filename, *lineno, *offset, *text, *end_lineno, *end_offset,
        *print_file_and_line;
} SyntaxErrorObject;

typedef struct OSErrorObject {
    ExcObject exc;
    Obj *myerrno, *strerror, *filename, *filename2;
} OSErrorObject;

typedef struct UnicodeErrorObject {
    ExcObject exc;
    Obj *encoding, *object, *start, *end, *reason;
} UnicodeErrorObject;

static inline int exc_check(const Obj *o)
{
    return TYPE_HAS(TYPE(o), TF_BASE_EXC_SUBCLASS);
}
/* Whether o is an exception class. */
int exc_is_class(const Obj *o);

/* A new instance of the exception class type with args (a tuple,
 * borrowed), without calling Python-level __new__/__init__ (for built-in
 * classes raised from C). New reference or NULL. */
Obj *exc_new(Lang *L, TypeObject *type, Obj *args);
/* As exc_new with a single str message made from a C string. */
Obj *exc_new_msg(Lang *L, TypeObject *type, const char *msg);

/* Field access, borrowed (NULL when unset). */
static inline Obj *exc_args(Obj *e) { return ((ExcObject *)e)->args; }
static inline Obj *exc_traceback(Obj *e) { return ((ExcObject *)e)->traceback; }
static inline Obj *exc_context(Obj *e) { return ((ExcObject *)e)->context; }
static inline Obj *exc_cause(Obj *e) { return ((ExcObject *)e)->cause; }
/* Setters take over the reference to value (may be NULL). */
void exc_set_traceback_take(Lang *L, Obj *e, Obj *tb);
void exc_set_context_take(Lang *L, Obj *e, Obj *context);
/* Sets __cause__ and __suppress_context__ = True (`raise e from cause`). */
void exc_set_cause_take(Lang *L, Obj *e, Obj *cause);
/* The StopIteration's value (borrowed). */
Obj *exc_stop_iteration_value(Obj *e);

/* Creates every class of the hierarchy in L->exc_types and the
 * preallocated MemoryError (lang_new); -1 on failure. */
int exc_init_types(Lang *L);
/* The name of exception class kind (for tests and tables). */
const char *exc_kind_name(int kind);

#endif
