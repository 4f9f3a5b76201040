/*
 * errors.c - raising and handling exceptions from C (object.h's err_*),
 * with implicit chaining (__context__) as CPython's _PyErr_SetObject, the
 * preallocated MemoryError, and the "Exception ignored in" report.
 *
 * Invariant: L->exc is NULL or an exception instance (never a class);
 * functions that fail set it, and set it exactly then.
 */
#include <stdio.h>
#include <string.h>

#include "object.h"
#include "exceptions.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

/* Sets exc (taken) as the current exception, first making the exception
 * being handled its __context__, without creating a cycle in the chain
 * (CPython's loop with Floyd's cycle detection). */
static void set_chained_take(Lang *L, Obj *exc)
{
    Obj *handled = L->handled;
    if (handled != NULL && handled != L->none && handled != exc) {
        Obj *o = handled, *slow = handled, *context;
        int toggle = 0;
        while ((context = exc_context(o)) != NULL) {
            if (context == exc) {
                exc_set_context_take(L, o, NULL);
                break;
            }
            o = context;
            if (o == slow)
                break;     /* a pre-existing cycle: everything on it was checked */
            if (toggle)
                slow = exc_context(slow);
            toggle = !toggle;
        }
        exc_set_context_take(L, exc, obj_newref(handled));
    }
    Obj *old = L->exc;
    L->exc = exc;
    obj_xdecref(L, old);
}

Obj *err_set_value(Lang *L, TypeObject *type, Obj *value)
{
    Obj *args = tuple_pack(L, 1, value);
    if (args == NULL)
        return NULL;
    Obj *exc = exc_new(L, type, args);
    obj_decref(L, args);
    if (exc != NULL)
        set_chained_take(L, exc);
    return NULL;
}

Obj *err_set_object(Lang *L, Obj *exc)
{
    if (exc_is_class(exc)) {
        Obj *inst = obj_call0(L, exc);
        if (inst == NULL)
            return NULL;
        if (!exc_check(inst)) {
            err_format(L, EXC_TypeError,
                       "calling %R should have returned an instance of BaseException, not %s",
                       exc, obj_type_name(inst));
            obj_decref(L, inst);
            return NULL;
        }
        set_chained_take(L, inst);
        return NULL;
    }
    if (!exc_check(exc))
        return err_format(L, EXC_TypeError, "exceptions must derive from BaseException");
    set_chained_take(L, obj_newref(exc));
    return NULL;
}

static Obj *vformat_type(Lang *L, TypeObject *type, const char *fmt, va_list ap)
{
    /* The message may run repr() of user objects: keep the state clean. */
    err_clear(L);
    Obj *msg = str_from_vformat(L, fmt, ap);
    if (msg == NULL)
        return NULL;
    err_set_value(L, type, msg);
    obj_decref(L, msg);
    return NULL;
}

Obj *err_format(Lang *L, int kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vformat_type(L, L->exc_types[kind], fmt, ap);
    va_end(ap);
    return NULL;
}

Obj *err_format_type(Lang *L, TypeObject *type, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vformat_type(L, type, fmt, ap);
    va_end(ap);
    return NULL;
}

Obj *err_format_from_cause(Lang *L, int kind, const char *fmt, ...)
{
    Obj *cause = err_fetch(L);
    va_list ap;
    va_start(ap, fmt);
    vformat_type(L, L->exc_types[kind], fmt, ap);
    va_end(ap);
    if (cause != NULL && L->exc != NULL) {
        exc_set_context_take(L, L->exc, obj_newref(cause));
        exc_set_cause_take(L, L->exc, cause);
    } else {
        obj_xdecref(L, cause);
    }
    return NULL;
}

Obj *err_set_string(Lang *L, int kind, const char *msg)
{
    Obj *s = str_from_cstr(L, msg);
    if (s == NULL)
        return NULL;
    err_set_value(L, L->exc_types[kind], s);
    obj_decref(L, s);
    return NULL;
}

Obj *err_no_memory(Lang *L)
{
    Obj *e = L->memory_error;
    if (e == NULL)
        return NULL;    /* only while lang_new builds the Lang: it reports NULL */
    /* One shared instance: forget where it was raised last time. */
    exc_set_traceback_take(L, e, NULL);
    exc_set_context_take(L, e, NULL);
    Obj *old = L->exc;
    L->exc = obj_newref(e);
    obj_xdecref(L, old);
    return NULL;
}

int err_matches(Lang *L, int kind)
{
    return L->exc != NULL && obj_isinstance(L->exc, L->exc_types[kind]);
}

int err_given_matches(Lang *L, Obj *exc, Obj *what)
{
    if (exc == NULL || what == NULL)
        return 0;
    if (tuple_check(what)) {
        for (size_t i = 0; i < tuple_size(what); i++) {
            if (err_given_matches(L, exc, tuple_get_borrowed(what, i)))
                return 1;
        }
        return 0;
    }
    TypeObject *t = exc_is_class(exc) ? (TypeObject *)exc : TYPE(exc);
    if (!exc_is_class(what))
        return exc == what;
    return t == (TypeObject *)what || type_is_subtype(t, (TypeObject *)what);
}

Obj *err_fetch(Lang *L)
{
    Obj *e = L->exc;
    L->exc = NULL;
    return e;
}

void err_restore(Lang *L, Obj *exc)
{
    Obj *old = L->exc;
    L->exc = exc;
    obj_xdecref(L, old);
}

void err_clear(Lang *L)
{
    err_restore(L, NULL);
}

/* ------------------------------------------------------------------ */
/* Reporting                                                           */
/* ------------------------------------------------------------------ */

static void write_str(Obj *s)
{
    fwrite(str_data(s), 1, str_nbytes(s), stderr);
}

void err_print_exception_line(Lang *L, Obj *exc)
{
    Obj *saved = err_fetch(L);
    Obj *name = type_qualified_name(L, TYPE(exc));
    if (name != NULL) {
        write_str(name);
        obj_decref(L, name);
    } else {
        fputs(obj_type_name(exc), stderr);
    }
    Obj *msg = obj_str(L, exc);
    if (msg == NULL)
        fputs(": <exception str() failed>", stderr);
    else if (str_nbytes(msg) > 0) {
        fputs(": ", stderr);
        write_str(msg);
    }
    obj_xdecref(L, msg);
    fputc('\n', stderr);
    err_restore(L, saved);
}

void err_write_unraisable(Lang *L, const char *where, Obj *obj)
{
    Obj *exc = err_fetch(L);
    fprintf(stderr, "Exception ignored %s", where ? where : "in");
    if (obj != NULL) {
        Obj *r = obj_repr(L, obj);
        fputs(": ", stderr);
        if (r != NULL)
            write_str(r);
        else
            fputs("<object repr() failed>", stderr);
        obj_xdecref(L, r);
        err_clear(L);
    }
    fputc('\n', stderr);
    if (exc != NULL) {
        Obj *tb = exc_traceback(exc);
        if (tb != NULL && L->print_traceback != NULL)
            L->print_traceback(L, tb);
        err_print_exception_line(L, exc);
        obj_decref(L, exc);
    }
    fflush(stderr);
}
