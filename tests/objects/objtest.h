/*
 * objtest.h - helpers for the object layer's C tests.
 *
 * Every case makes its own runtime and Lang (t_begin) and ends with t_end,
 * which frees the Lang and checks the strongest leak test there is: the
 * runtime's bytes_in_use must be exactly 0 afterwards.
 *
 * "tfunc" is a stand-in for the VM's Python functions: a callable C
 * function that binds like a Python function (a method descriptor whose
 * __get__ makes a bound method), so that classes with dunders written "in
 * Python" can be built without the VM. t_begin installs it as
 * L->t_function, so type_new treats it as a function (wrapping __new__ in
 * staticmethod and so on).
 */
#ifndef OURO_TESTS_OBJTEST_H
#define OURO_TESTS_OBJTEST_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "lang.h"
#include "object.h"
#include "boolobject.h"
#include "classmethod.h"
#include "descrobject.h"
#include "dictobject.h"
#include "exceptions.h"
#include "instance.h"
#include "intobject.h"
#include "methodobject.h"
#include "sliceobject.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

/* ------------------------------------------------------------------ */
/* Test functions                                                      */
/* ------------------------------------------------------------------ */

typedef Obj *(*TFn)(Lang *L, Obj *const *args, size_t nargs, Obj *kwnames, void *ctx);

typedef struct TFuncObject {
    OuroObject ob;
    TFn fn;
    void *ctx;
    Obj *name;                    /* str */
    Obj *dict;
} TFuncObject;

static inline Obj *tfunc_call(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    TFuncObject *f = (TFuncObject *)self;
    return f->fn(L, args, nargs, kwnames, f->ctx);
}

static inline Obj *tfunc_get(Lang *L, Obj *self, Obj *obj, Obj *type)
{
    (void)type;
    if (obj == NULL)
        return obj_newref(self);
    return method_new(L, self, obj);
}

static inline int tfunc_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    TFuncObject *f = (TFuncObject *)self;
    int r = f->name ? visit(f->name, arg) : 0;
    if (r == 0 && f->dict)
        r = visit(f->dict, arg);
    return r;
}

static inline int tfunc_clear(OuroRuntime *rt, Obj *self)
{
    ouro_clearref(rt, &((TFuncObject *)self)->name);
    ouro_clearref(rt, &((TFuncObject *)self)->dict);
    return 0;
}

static inline Obj *tfunc_repr(Lang *L, Obj *self)
{
    return str_from_format(L, "<function %U>", ((TFuncObject *)self)->name);
}

static inline Obj *tfunc_get_name(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(((TFuncObject *)self)->name);
}

static const GetSetDef tfunc_getsets[] = {
    {"__name__", tfunc_get_name, NULL, NULL},
    {"__qualname__", tfunc_get_name, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

static const TypeSpec tfunc_spec = {
    .name = "function",
    .basic_size = sizeof(TFuncObject),
    .core_flags = OURO_TYPE_GC,
    .flags = TF_METHOD_DESCRIPTOR,
    .dict_offset = offsetof(TFuncObject, dict),
    .traverse = tfunc_traverse,
    .clear = tfunc_clear,
    .repr = tfunc_repr,
    .call = tfunc_call,
    .descr_get = tfunc_get,
    .getsets = tfunc_getsets,
};

static inline Obj *tfunc(Lang *L, const char *name, TFn fn, void *ctx)
{
    TFuncObject *f = (TFuncObject *)obj_alloc(L, L->t_function);
    if (f == NULL)
        return NULL;
    f->fn = fn;
    f->ctx = ctx;
    f->name = str_from_cstr(L, name);
    obj_track(L, &f->ob);
    return &f->ob;
}

/* ------------------------------------------------------------------ */
/* Set-up and checks                                                   */
/* ------------------------------------------------------------------ */

static inline Lang *t_begin(void)
{
    OuroRuntime *rt = ouro_runtime_new(NULL);
    if (rt == NULL)
        return NULL;
    Lang *L = lang_new(rt);
    if (L == NULL) {
        ouro_runtime_destroy(rt);
        return NULL;
    }
    L->t_function = type_from_spec(L, &tfunc_spec, NULL);
    return L;
}

static inline size_t t_bytes(OuroRuntime *rt)
{
    OuroMemStats st;
    ouro_mem_stats(rt, &st);
    return st.bytes_in_use;
}

#define t_end(L)                                         \
    do {                                                 \
        OuroRuntime *t_rt_ = (L)->rt;                    \
        CHECK((L)->exc == NULL);                         \
        lang_free(L);                                    \
        CHECK_EQ(t_bytes(t_rt_), 0);                     \
        ouro_runtime_destroy(t_rt_);                     \
    } while (0)

/* A new str (aborts the case's checks if memory runs out). */
static inline Obj *S(Lang *L, const char *s)
{
    return str_from_cstr(L, s);
}

static inline Obj *I(Lang *L, int64_t v)
{
    return int_from_i64(L, v);
}

/* A tuple of the n given items, taking over their references. */
static inline Obj *TT(Lang *L, size_t n, ...)
{
    Obj *items[16];
    int missing = 0;
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        missing |= (items[i] = va_arg(ap, Obj *)) == NULL;
    va_end(ap);
    if (missing) {
        for (size_t i = 0; i < n; i++)
            obj_xdecref(L, items[i]);
        return NULL;
    }
    return tuple_from_array_take(L, items, n);
}

/* Whether s (a str) is exactly text. */
static inline int str_is(Obj *s, const char *text)
{
    return s != NULL && str_check(s) && str_equal_cstr(s, text);
}

/* repr(o) equals text; takes over o's reference (may be NULL). With text
 * NULL, o must be NULL (a failure), and its exception is left set. */
#define CHECK_REPR_TAKE(L, o, text)                                                    \
    do {                                                                               \
        Obj *o_ = (o);                                                                 \
        const char *t_ = (text);                                                       \
        if (t_ == NULL) {                                                              \
            if (o_ != NULL) {                                                          \
                fprintf(stderr, "  %s:%d: expected a failure\n", __FILE__, __LINE__);  \
                check_case_failed = 1;                                                 \
                obj_decref((L), o_);                                                   \
            }                                                                          \
            break;                                                                     \
        }                                                                              \
        Obj *r_ = o_ ? obj_repr((L), o_) : NULL;                                       \
        if (!str_is(r_, t_)) {                                                         \
            fprintf(stderr, "  %s:%d: repr is '%s', expected '%s'\n", __FILE__, __LINE__, \
                    r_ ? str_data(r_) : "(null)", t_);                                 \
            check_case_failed = 1;                                                     \
        }                                                                              \
        if (r_ == NULL)                                                                \
            err_clear(L);                                                              \
        obj_xdecref((L), r_);                                                          \
        obj_xdecref((L), o_);                                                          \
    } while (0)

/* The current exception is exc_types[kind] with str() == msg; clears it. */
#define CHECK_EXC(L, kind, msg)                                                        \
    do {                                                                               \
        Obj *e_ = err_fetch(L);                                                        \
        if (e_ == NULL) {                                                              \
            fprintf(stderr, "  %s:%d: no exception, expected %s\n", __FILE__, __LINE__, #kind); \
            check_case_failed = 1;                                                     \
        } else {                                                                       \
            Obj *s_ = obj_str((L), e_);                                                \
            if (!IS_TYPE(e_, (L)->exc_types[kind]) || !str_is(s_, msg)) {              \
                fprintf(stderr, "  %s:%d: got %s: %s\n  expected %s: %s\n", __FILE__, __LINE__, \
                        obj_type_name(e_), s_ ? str_data(s_) : "?", exc_kind_name(kind), msg); \
                check_case_failed = 1;                                                 \
            }                                                                          \
            if (s_ == NULL)                                                            \
                err_clear(L);                                                          \
            obj_xdecref((L), s_);                                                      \
            obj_decref((L), e_);                                                       \
        }                                                                              \
    } while (0)

/* Reports (and clears) an unexpected exception. */
#define CHECK_NO_EXC(L)                                                                \
    do {                                                                               \
        if ((L)->exc != NULL) {                                                        \
            Obj *e_ = err_fetch(L);                                                    \
            Obj *s_ = obj_str((L), e_);                                                \
            fprintf(stderr, "  %s:%d: unexpected %s: %s\n", __FILE__, __LINE__,         \
                    obj_type_name(e_), s_ ? str_data(s_) : "?");                       \
            err_clear(L);                                                              \
            obj_xdecref((L), s_);                                                      \
            obj_decref((L), e_);                                                       \
            check_case_failed = 1;                                                     \
        }                                                                              \
    } while (0)

/* ------------------------------------------------------------------ */
/* Classes                                                             */
/* ------------------------------------------------------------------ */

/* A class made by type_new: name, bases (NULL-terminated, borrowed), and
 * a namespace built from (name, value) pairs (values taken), ending with
 * NULL. */
static inline TypeObject *t_class(Lang *L, const char *name, TypeObject *const *bases, ...)
{
    size_t nb = 0;
    while (bases && bases[nb])
        nb++;
    Obj *tb = tuple_new(L, nb);
    for (size_t i = 0; i < nb; i++)
        tuple_init_take(tb, i, obj_newref(&bases[i]->ob));
    Obj *ns = dict_new(L);
    Obj *mod = S(L, "__main__");
    dict_setitem_cstr(L, ns, "__module__", mod);
    obj_decref(L, mod);
    va_list ap;
    va_start(ap, bases);
    const char *key;
    while ((key = va_arg(ap, const char *)) != NULL) {
        Obj *v = va_arg(ap, Obj *);
        dict_setitem_cstr(L, ns, key, v);
        obj_decref(L, v);
    }
    va_end(ap);
    Obj *n = S(L, name);
    TypeObject *t = type_new(L, n, tb, ns);
    obj_decref(L, n);
    obj_decref(L, tb);
    obj_decref(L, ns);
    return t;
}

/* Calls a type (or anything) with positional arguments (borrowed). */
static inline Obj *t_call(Lang *L, Obj *callable, size_t nargs, ...)
{
    Obj *args[8];
    va_list ap;
    va_start(ap, nargs);
    for (size_t i = 0; i < nargs; i++)
        args[i] = va_arg(ap, Obj *);
    va_end(ap);
    return obj_call(L, callable, args, nargs, NULL);
}

/* Runs fn with stderr redirected to a buffer (for unraisable reports). */
static inline void t_capture_stderr(void (*fn)(void *), void *arg, char *buf, size_t cap)
{
    fflush(stderr);
    FILE *tmp = tmpfile();
    int saved = dup(2);
    dup2(fileno(tmp), 2);
    fn(arg);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(tmp);
    size_t n = fread(buf, 1, cap - 1, tmp);
    buf[n] = '\0';
    fclose(tmp);
}

/* The allocation-failure sweep the object tests share: runs workload
 * (0 on success, -1 with an exception) once to count its allocations
 * (at least min_count), then once per allocation n = 1, 1 + step, ...
 * (a few past the end), in a fresh Lang, with allocation n failing. Every
 * failing run must end in MemoryError, and every run must give back every
 * byte. The first five offenders of each kind are named on stderr. */
static inline void t_fault_sweep(int (*workload)(Lang *L), uint64_t min_count, uint64_t step)
{
    Lang *L = t_begin();
    uint64_t before = ouro_mem_alloc_count(L->rt);
    CHECK_EQ(workload(L), 0);
    CHECK_NO_EXC(L);
    uint64_t count = ouro_mem_alloc_count(L->rt) - before;
    t_end(L);
    CHECK(count >= min_count);
    int bad_errors = 0, leaks = 0, failures = 0;
    for (uint64_t n = 1; n <= count + 5; n += step) {
        L = t_begin();
        ouro_mem_fail_nth(L->rt, n);
        if (workload(L) < 0) {
            failures++;
            if (!err_matches(L, EXC_MemoryError) && bad_errors++ < 5)
                fprintf(stderr, "  allocation %llu: not a MemoryError\n", (unsigned long long)n);
            err_clear(L);
        }
        ouro_mem_fail_nth(L->rt, 0);
        OuroRuntime *rt = L->rt;
        lang_free(L);
        if (t_bytes(rt) != 0 && leaks++ < 5)
            fprintf(stderr, "  allocation %llu: %zu bytes left\n", (unsigned long long)n,
                    t_bytes(rt));
        ouro_runtime_destroy(rt);
    }
    CHECK(failures > 0);
    CHECK_EQ(bad_errors, 0);
    CHECK_EQ(leaks, 0);
}

#endif
