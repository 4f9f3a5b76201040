/*
 * gcmodule.c - the gc module: Python's view of the core's cycle collector
 * (include/ouro.h), with CPython 3.11's functions, constants, argument
 * errors and messages.
 *
 * The module is a thin layer: the collector, its counts, thresholds,
 * statistics, debug output and freezing are the core's. What this file
 * adds is CPython's per-interpreter GCState, kept in the VM (vm.h) so that
 * it outlives the module object, as CPython's does:
 *   gc.garbage   - a real list (vm->gc_garbage). The runtime's save_garbage
 *                  hook appends to it, so the core's uncollectable objects
 *                  (and every unreachable one under DEBUG_SAVEALL) land
 *                  there, and clearing it releases them;
 *   gc.callbacks - a list (vm->gc_callbacks) that one C callback registered
 *                  with the core walks at the start and stop of every
 *                  collection, calling each entry with (phase, info);
 *   debug output - the runtime's write_debug hook writes the core's "gc: ..."
 *                  lines through sys.stderr, as PySys_WriteStderr does
 *                  (C stderr when sys.stderr is missing or fails).
 * The state is made at the first import and released by vm_gc_fini after
 * the VM's last collection; both hooks are installed only when the
 * embedder set none. The hooks and the callback keep any pending exception
 * aside while they run code.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "modules.h"
#include "../objects/dictobject.h"
#include "../objects/intobject.h"
#include "../objects/listobject.h"
#include "../objects/moduleobject.h"
#include "../objects/strobject.h"
#include "../objects/tupleobject.h"

/* ------------------------------------------------------------------ */
/* Writing to sys.stderr                                               */
/* ------------------------------------------------------------------ */

/* Writes text to sys.stderr, or to C stderr when there is none or its
 * write fails (CPython's sys_write). Keeps a pending exception aside. */
static void write_stderr(Lang *L, const char *text)
{
    VM *vm = vm_of(L);
    Obj *saved = err_fetch(L);
    Obj *stream = NULL, *key = NULL, *s = NULL;
    int done = 0;
    if (vm != NULL && vm->sys_module != NULL && (key = str_intern_cstr(L, "stderr")) != NULL)
        stream = obj_xnewref(dict_getitem_str(module_dict(vm->sys_module), key));
    if (stream != NULL && stream != L->none && (s = str_from_cstr(L, text)) != NULL)
        done = vm_stream_write(L, stream, s) == 0;
    if (!done) {
        err_clear(L);
        fputs(text, stderr);
    }
    obj_xdecref(L, s);
    obj_xdecref(L, stream);
    obj_xdecref(L, key);
    err_restore(L, saved);
}

/* The runtime's write_debug hook: the core's "gc: ..." lines. */
static void hook_write_debug(OuroRuntime *rt, const char *text)
{
    Lang *L = (Lang *)ouro_runtime_hooks(rt)->ctx;
    if (L == NULL || vm_of(L) == NULL)
        fputs(text, stderr);
    else
        write_stderr(L, text);
}

/* ------------------------------------------------------------------ */
/* gc.garbage and gc.callbacks                                         */
/* ------------------------------------------------------------------ */

/* The runtime's save_garbage hook: appends obj (borrowed; the list takes
 * its reference) to gc.garbage. A failure (MemoryError) is reported here,
 * as unraisable, and 0 returned: the object then stays alive in the next
 * generation, and the pending exception is left as it was. */
static int hook_save_garbage(OuroRuntime *rt, OuroObject *obj)
{
    Lang *L = (Lang *)ouro_runtime_hooks(rt)->ctx;
    VM *vm = vm_of(L);
    Obj *saved = err_fetch(L);
    if (list_append(L, vm->gc_garbage, obj) < 0)
        err_write_unraisable(L, NULL, obj);
    err_restore(L, saved);
    return 0;
}

/* {'generation': g, 'collected': c, 'uncollectable': u}: new dict or NULL. */
static Obj *callback_info(Lang *L, int generation, intptr_t collected, intptr_t uncollectable)
{
    const char *names[3] = {"generation", "collected", "uncollectable"};
    int64_t values[3] = {generation, collected, uncollectable};
    Obj *info = dict_new(L);
    for (int i = 0; i < 3 && info != NULL; i++) {
        Obj *v = int_from_i64(L, values[i]);
        if (v == NULL || dict_setitem_cstr(L, info, names[i], v) < 0)
            obj_clearref(L, &info);
        obj_xdecref(L, v);
    }
    return info;
}

/* The core's collector callback (ctx is the Lang): calls each entry of
 * gc.callbacks with (phase, info), in list order, the list re-read at each
 * step since a callback may change it (CPython's invoke_gc_callback). An
 * error is reported as "Exception ignored in: <callback>" and the next
 * callback runs. Shutdown collections after the first call none, as
 * CPython's _PyGC_CollectNoFail. Always returns 0: errors are reported
 * here, with the callback named. */
static int run_callbacks(OuroRuntime *rt, const char *phase, int generation,
                         intptr_t collected, intptr_t uncollectable, void *ctx)
{
    (void)rt;
    Lang *L = (Lang *)ctx;
    VM *vm = vm_of(L);
    if (vm == NULL || vm->finalizing || vm->gc_callbacks == NULL ||
        list_size(vm->gc_callbacks) == 0)
        return 0;
    Obj *saved = err_fetch(L);
    Obj *callbacks = obj_newref(vm->gc_callbacks);
    Obj *args[2] = {str_from_cstr(L, phase), NULL};
    if (args[0] != NULL)
        args[1] = callback_info(L, generation, collected, uncollectable);
    if (args[1] == NULL)
        err_write_unraisable(L, NULL, NULL);
    for (size_t i = 0; args[1] != NULL && i < list_size(callbacks); i++) {
        Obj *cb = obj_newref(list_get_borrowed(callbacks, i));
        Obj *r = obj_call(L, cb, args, 2, NULL);
        if (r == NULL)
            err_write_unraisable(L, NULL, cb);
        obj_xdecref(L, r);
        obj_decref(L, cb);
    }
    obj_xdecref(L, args[0]);
    obj_xdecref(L, args[1]);
    obj_decref(L, callbacks);
    err_restore(L, saved);
    return 0;
}

/* Makes the per-interpreter state at the first import: the two lists
 * (what the core's own garbage array held so far moves into gc.garbage),
 * the collector callback and the hooks. 0, or -1 with MemoryError and
 * nothing changed. */
static int state_init(Lang *L)
{
    VM *vm = vm_of(L);
    OuroRuntime *rt = L->rt;
    if (vm->gc_garbage != NULL)
        return 0;
    Obj *garbage = list_new(L, 0);
    Obj *callbacks = garbage ? list_new(L, 0) : NULL;
    int ok = callbacks != NULL;
    for (size_t i = 0; ok && i < ouro_gc_garbage_count(rt); i++)
        ok = list_append(L, garbage, ouro_gc_garbage_get(rt, i)) == 0;
    if (ok && ouro_gc_add_callback(rt, run_callbacks, L) < 0) {
        err_no_memory(L);
        ok = 0;
    }
    if (!ok) {
        obj_xdecref(L, callbacks);
        obj_xdecref(L, garbage);
        return -1;
    }
    ouro_gc_garbage_clear(rt);    /* runs no code: the list holds them too */
    vm->gc_garbage = garbage;
    vm->gc_callbacks = callbacks;
    OuroHooks *hooks = ouro_runtime_hooks(rt);
    if (hooks->save_garbage == NULL)
        hooks->save_garbage = hook_save_garbage;
    if (hooks->write_debug == NULL)
        hooks->write_debug = hook_write_debug;
    return 0;
}

/* Writes at most 1000 bytes of "<indent><text>\n", as PySys_WriteStderr
 * truncates its output. */
static void write_truncated(Lang *L, const char *indent, const char *text)
{
    char buf[1001];
    snprintf(buf, sizeof buf, "%s%s\n", indent, text);
    write_stderr(L, buf);
}

void vm_gc_report_shutdown(Lang *L)
{
    VM *vm = vm_of(L);
    unsigned debug = ouro_gc_get_debug(L->rt);
    if (vm == NULL || vm->gc_garbage == NULL || list_size(vm->gc_garbage) == 0 ||
        (debug & OURO_DEBUG_SAVEALL) || !(debug & OURO_DEBUG_UNCOLLECTABLE))
        return;
    /* CPython issues a ResourceWarning, shown only when warnings are on
     * (-W default), then the repr. ouro has no warnings filter: both lines
     * follow DEBUG_UNCOLLECTABLE (docs/gc.md). */
    char line[160];
    snprintf(line, sizeof line, "gc:0: ResourceWarning: gc: %zu uncollectable objects at shutdown\n",
             list_size(vm->gc_garbage));
    write_stderr(L, line);
    Obj *saved = err_fetch(L);
    Obj *garbage = obj_newref(vm->gc_garbage);
    Obj *repr = obj_repr(L, garbage);
    if (repr == NULL)
        err_write_unraisable(L, NULL, garbage);
    else
        write_truncated(L, "      ", str_data(repr));
    obj_xdecref(L, repr);
    obj_decref(L, garbage);
    err_restore(L, saved);
}

void vm_gc_fini(Lang *L)
{
    VM *vm = vm_of(L);
    if (vm == NULL || vm->gc_garbage == NULL)
        return;
    OuroRuntime *rt = L->rt;
    OuroHooks *hooks = ouro_runtime_hooks(rt);
    /* lang_free's collection comes after CPython's last: silent, and what
     * it would save goes to the core's own array. */
    ouro_gc_set_debug(rt, 0);
    ouro_gc_remove_callback(rt, run_callbacks, L);
    if (hooks->save_garbage == hook_save_garbage)
        hooks->save_garbage = NULL;
    if (hooks->write_debug == hook_write_debug)
        hooks->write_debug = NULL;
    obj_clearref(L, &vm->gc_callbacks);
    obj_clearref(L, &vm->gc_garbage);
}

/* ------------------------------------------------------------------ */
/* Arguments                                                           */
/* ------------------------------------------------------------------ */

/* For functions CPython declares METH_NOARGS / METH_O: their messages name
 * the function with its module ("gc.enable()"). 0, or -1 with TypeError. */
static int check_fixed(Lang *L, const char *fname, size_t nargs, Obj *kwnames, size_t want)
{
    if (kwnames != NULL && tuple_size(kwnames) > 0) {
        err_format(L, EXC_TypeError, "gc.%s() takes no keyword arguments", fname);
        return -1;
    }
    if (nargs == want)
        return 0;
    if (want == 0)
        err_format(L, EXC_TypeError, "gc.%s() takes no arguments (%zu given)", fname, nargs);
    else
        err_format(L, EXC_TypeError, "gc.%s() takes exactly one argument (%zu given)", fname,
                   nargs);
    return -1;
}

/* For functions with *args (no keywords): "f() takes no keyword arguments". */
static int check_no_keywords(Lang *L, const char *fname, Obj *kwnames)
{
    if (kwnames == NULL || tuple_size(kwnames) == 0)
        return 0;
    err_format(L, EXC_TypeError, "%s() takes no keyword arguments", fname);
    return -1;
}

/* The single optional argument `generation` of collect and get_objects,
 * positional or by keyword (Argument Clinic's messages). *out gets it
 * (borrowed) or stays NULL. 0, or -1 with TypeError. */
static int parse_generation(Lang *L, const char *fname, Obj *const *args, size_t nargs,
                            Obj *kwnames, Obj **out)
{
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    if (nargs + nkw > 1) {
        err_format(L, EXC_TypeError, "%s() takes at most 1 %sargument (%zu given)", fname,
                   nargs == 0 ? "keyword " : "", nargs + nkw);
        return -1;
    }
    if (nkw == 1) {
        Obj *key = tuple_get_borrowed(kwnames, 0);
        if (!str_equal_cstr(key, "generation")) {
            err_format(L, EXC_TypeError, "'%U' is an invalid keyword argument for %s()", key,
                       fname);
            return -1;
        }
        *out = args[0];
    } else if (nargs == 1) {
        *out = args[0];
    }
    return 0;
}

/* o as a C int (Argument Clinic's `int`, _PyLong_AsInt). */
static int as_c_int(Lang *L, Obj *o, int *out)
{
    Obj *i = obj_index(L, o);
    if (i == NULL)
        return -1;
    int64_t v = 0;
    int fits = int_as_i64_exact(i, &v) && v >= INT_MIN && v <= INT_MAX;
    obj_decref(L, i);
    if (!fits) {
        err_format(L, EXC_OverflowError, "Python int too large to convert to C int");
        return -1;
    }
    *out = (int)v;
    return 0;
}

/* o as a C int for PyArg_ParseTuple's "i": a C long first, then the
 * range of int, each with its own message. */
static int as_parsetuple_int(Lang *L, Obj *o, int *out)
{
    Obj *i = obj_index(L, o);
    if (i == NULL)
        return -1;
    int64_t v = 0;
    int fits = int_as_i64_exact(i, &v);
    obj_decref(L, i);
    if (!fits)
        err_format(L, EXC_OverflowError, "Python int too large to convert to C long");
    else if (v > INT_MAX)
        err_format(L, EXC_OverflowError, "signed integer is greater than maximum");
    else if (v < INT_MIN)
        err_format(L, EXC_OverflowError, "signed integer is less than minimum");
    else
        *out = (int)v;
    return fits && v >= INT_MIN && v <= INT_MAX ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* Functions                                                           */
/* ------------------------------------------------------------------ */

/* As every MethodDef function: the arguments are borrowed, the result is
 * a new reference, or NULL with an exception set. */

static Obj *gc_enable(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self; (void)args;
    if (check_fixed(L, "enable", nargs, kwnames, 0) < 0)
        return NULL;
    ouro_gc_enable(L->rt);
    return new_none(L);
}

static Obj *gc_disable(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self; (void)args;
    if (check_fixed(L, "disable", nargs, kwnames, 0) < 0)
        return NULL;
    ouro_gc_disable(L->rt);
    return new_none(L);
}

static Obj *gc_isenabled(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self; (void)args;
    if (check_fixed(L, "isenabled", nargs, kwnames, 0) < 0)
        return NULL;
    return new_bool(L, ouro_gc_is_enabled(L->rt));
}

/* collect(generation=2): the number of unreachable objects found (0 when
 * called while a collection runs, from a finalizer or callback). */
static Obj *gc_collect(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    Obj *arg = NULL;
    int generation = OURO_GC_GENERATIONS - 1;
    if (parse_generation(L, "collect", args, nargs, kwnames, &arg) < 0)
        return NULL;
    if (arg != NULL && as_c_int(L, arg, &generation) < 0)
        return NULL;
    if (generation < 0 || generation >= OURO_GC_GENERATIONS)
        return err_format(L, EXC_ValueError, "invalid generation");
    intptr_t n = ouro_gc_collect(L->rt, generation);
    return int_from_i64(L, n);
}

/* A tuple of the three values: new reference or NULL. */
static Obj *triple(Lang *L, const intptr_t v[OURO_GC_GENERATIONS])
{
    Obj *items[OURO_GC_GENERATIONS];
    for (int i = 0; i < OURO_GC_GENERATIONS; i++)
        items[i] = int_from_i64(L, v[i]);
    for (int i = 0; i < OURO_GC_GENERATIONS; i++) {
        if (items[i] == NULL) {
            for (int j = 0; j < OURO_GC_GENERATIONS; j++)
                obj_xdecref(L, items[j]);
            return NULL;
        }
    }
    return tuple_from_array_take(L, items, OURO_GC_GENERATIONS);
}

static Obj *gc_get_count(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self; (void)args;
    if (check_fixed(L, "get_count", nargs, kwnames, 0) < 0)
        return NULL;
    intptr_t count[OURO_GC_GENERATIONS];
    ouro_gc_get_count(L->rt, count);
    return triple(L, count);
}

static Obj *gc_get_threshold(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self; (void)args;
    if (check_fixed(L, "get_threshold", nargs, kwnames, 0) < 0)
        return NULL;
    intptr_t threshold[OURO_GC_GENERATIONS];
    ouro_gc_get_threshold(L->rt, threshold);
    return triple(L, threshold);
}

/* set_threshold(threshold0[, threshold1[, threshold2]]): the ones not
 * given keep their value; nothing changes unless all convert. */
static Obj *gc_set_threshold(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    if (check_no_keywords(L, "set_threshold", kwnames) < 0)
        return NULL;
    if (nargs < 1)
        return err_format(L, EXC_TypeError, "set_threshold() takes at least 1 argument (0 given)");
    if (nargs > OURO_GC_GENERATIONS)
        return err_format(L, EXC_TypeError, "set_threshold() takes at most 3 arguments (%zu given)",
                          nargs);
    intptr_t threshold[OURO_GC_GENERATIONS];
    ouro_gc_get_threshold(L->rt, threshold);
    for (size_t i = 0; i < nargs; i++) {
        int v = 0;
        if (as_parsetuple_int(L, args[i], &v) < 0)
            return NULL;
        threshold[i] = v;
    }
    ouro_gc_set_threshold(L->rt, threshold);
    return new_none(L);
}

/* The flags are a C int in CPython: set_debug(-1) reads back as -1. */
static Obj *gc_get_debug(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self; (void)args;
    if (check_fixed(L, "get_debug", nargs, kwnames, 0) < 0)
        return NULL;
    return int_from_i64(L, (int)ouro_gc_get_debug(L->rt));
}

static Obj *gc_set_debug(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    int flags = 0;
    if (check_fixed(L, "set_debug", nargs, kwnames, 1) < 0 || as_c_int(L, args[0], &flags) < 0)
        return NULL;
    ouro_gc_set_debug(L->rt, (unsigned)flags);
    return new_none(L);
}

/* A dict of one generation's statistics: new reference or NULL. */
static Obj *stats_dict(Lang *L, const OuroGCStats *st)
{
    const char *names[3] = {"collections", "collected", "uncollectable"};
    intptr_t values[3] = {st->collections, st->collected, st->uncollectable};
    Obj *d = dict_new(L);
    for (int i = 0; i < 3 && d != NULL; i++) {
        Obj *v = int_from_i64(L, values[i]);
        if (v == NULL || dict_setitem_cstr(L, d, names[i], v) < 0)
            obj_clearref(L, &d);
        obj_xdecref(L, v);
    }
    return d;
}

static Obj *gc_get_stats(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self; (void)args;
    if (check_fixed(L, "get_stats", nargs, kwnames, 0) < 0)
        return NULL;
    /* A copy first: building the dicts can run a collection. */
    OuroGCStats stats[OURO_GC_GENERATIONS];
    ouro_gc_get_stats(L->rt, stats);
    Obj *items[OURO_GC_GENERATIONS] = {NULL, NULL, NULL};
    for (int i = 0; i < OURO_GC_GENERATIONS; i++) {
        items[i] = stats_dict(L, &stats[i]);
        if (items[i] == NULL) {
            for (int j = 0; j < i; j++)
                obj_decref(L, items[j]);
            return NULL;
        }
    }
    return list_from_array_take(L, items, OURO_GC_GENERATIONS);
}

/* A list made from one of the core's snapshot arrays (which it releases):
 * new reference, or NULL with MemoryError. Objects that are not the
 * language's (the core's own weak references, which types use for their
 * subclass lists, and any C embedder's objects) are left out: Python code
 * cannot use them, as CPython's gc module never shows C-internal blocks. */
static Obj *list_from_snapshot(Lang *L, OuroObject **objs, size_t count)
{
    if (objs == NULL && count == SIZE_MAX)
        return err_no_memory(L);
    if (objs == NULL)
        return list_new(L, 0);
    size_t keep = 0;
    for (size_t i = 0; i < count; i++) {
        if (objs[i]->type->data == L)
            keep++;
    }
    Obj *list = list_new(L, keep);
    if (list != NULL) {
        size_t k = 0;
        for (size_t i = 0; i < count; i++) {
            if (objs[i]->type->data == L)
                list_init_take(list, k++, obj_newref(objs[i]));
        }
    }
    ouro_objects_free(L->rt, objs, count);
    return list;
}

/* get_objects(generation=None): None (or -1, CPython's internal default)
 * for all three generations; frozen objects are never listed. */
static Obj *gc_get_objects(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    Obj *arg = NULL;
    intptr_t generation = -1;
    if (parse_generation(L, "get_objects", args, nargs, kwnames, &arg) < 0)
        return NULL;
    if (arg != NULL && arg != L->none) {
        if (TYPE(arg)->nb.index == NULL)
            return err_format(L, EXC_TypeError, "argument should be integer or None, not '%.200s'",
                              obj_type_name(arg));
        generation = obj_as_ssize(L, arg, EXC_OverflowError);
        if (generation == -1 && err_occurred(L))
            return NULL;
    }
    if (generation >= OURO_GC_GENERATIONS)
        return err_format(L, EXC_ValueError,
                          "generation parameter must be less than the number of available "
                          "generations (%d)", OURO_GC_GENERATIONS);
    if (generation < -1)
        return err_format(L, EXC_ValueError, "generation parameter cannot be negative");
    size_t count = 0;
    OuroObject **objs = ouro_gc_get_objects(L->rt, (int)generation, &count);
    return list_from_snapshot(L, objs, count);
}

static Obj *gc_get_referrers(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    if (check_no_keywords(L, "get_referrers", kwnames) < 0)
        return NULL;
    size_t count = 0;
    OuroObject **objs = ouro_gc_get_referrers(L->rt, args, nargs, &count);
    return list_from_snapshot(L, objs, count);
}

static Obj *gc_get_referents(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    if (check_no_keywords(L, "get_referents", kwnames) < 0)
        return NULL;
    size_t count = 0;
    OuroObject **objs = ouro_gc_get_referents(L->rt, args, nargs, &count);
    return list_from_snapshot(L, objs, count);
}

static Obj *gc_is_tracked(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    if (check_fixed(L, "is_tracked", nargs, kwnames, 1) < 0)
        return NULL;
    return new_bool(L, ouro_gc_is_tracked(args[0]));
}

static Obj *gc_is_finalized(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    if (check_fixed(L, "is_finalized", nargs, kwnames, 1) < 0)
        return NULL;
    return new_bool(L, ouro_gc_is_finalized(args[0]));
}

static Obj *gc_freeze(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self; (void)args;
    if (check_fixed(L, "freeze", nargs, kwnames, 0) < 0)
        return NULL;
    ouro_gc_freeze(L->rt);
    return new_none(L);
}

static Obj *gc_unfreeze(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self; (void)args;
    if (check_fixed(L, "unfreeze", nargs, kwnames, 0) < 0)
        return NULL;
    ouro_gc_unfreeze(L->rt);
    return new_none(L);
}

static Obj *gc_get_freeze_count(Lang *L, Obj *self, Obj *const *args, size_t nargs,
                                Obj *kwnames)
{
    (void)self; (void)args;
    if (check_fixed(L, "get_freeze_count", nargs, kwnames, 0) < 0)
        return NULL;
    return int_from_i64(L, ouro_gc_get_freeze_count(L->rt));
}

/* Every function checks its own arguments (flags METH_KEYWORDS), so that
 * the messages are CPython's, module-qualified where CPython's are. */
static const MethodDef gc_functions[] = {
    {"enable", gc_enable, METH_KEYWORDS, "Enable automatic garbage collection."},
    {"disable", gc_disable, METH_KEYWORDS, "Disable automatic garbage collection."},
    {"isenabled", gc_isenabled, METH_KEYWORDS,
     "Returns true if automatic garbage collection is enabled."},
    {"collect", gc_collect, METH_KEYWORDS, "Run the garbage collector."},
    {"get_count", gc_get_count, METH_KEYWORDS,
     "Return a three-tuple of the current collection counts."},
    {"get_threshold", gc_get_threshold, METH_KEYWORDS,
     "Return the current collection thresholds."},
    {"set_threshold", gc_set_threshold, METH_KEYWORDS, "Sets the collection thresholds."},
    {"get_debug", gc_get_debug, METH_KEYWORDS, "Get the garbage collection debugging flags."},
    {"set_debug", gc_set_debug, METH_KEYWORDS, "Set the garbage collection debugging flags."},
    {"get_stats", gc_get_stats, METH_KEYWORDS,
     "Return a list of dictionaries containing per-generation statistics."},
    {"get_objects", gc_get_objects, METH_KEYWORDS,
     "Return a list of objects tracked by the collector (excluding the list returned)."},
    {"get_referrers", gc_get_referrers, METH_KEYWORDS,
     "Return the list of objects that directly refer to any of objs."},
    {"get_referents", gc_get_referents, METH_KEYWORDS,
     "Return the list of objects that are directly referred to by objs."},
    {"is_tracked", gc_is_tracked, METH_KEYWORDS,
     "Returns true if the object is tracked by the garbage collector."},
    {"is_finalized", gc_is_finalized, METH_KEYWORDS,
     "Returns true if the object has been already finalized by the GC."},
    {"freeze", gc_freeze, METH_KEYWORDS,
     "Freeze all current tracked objects and ignore them for future collections."},
    {"unfreeze", gc_unfreeze, METH_KEYWORDS,
     "Unfreeze all objects in the permanent generation."},
    {"get_freeze_count", gc_get_freeze_count, METH_KEYWORDS,
     "Return the number of objects in the permanent generation."},
    {NULL, NULL, 0, NULL},
};

/* ------------------------------------------------------------------ */
/* The module                                                          */
/* ------------------------------------------------------------------ */

static int add_int(Lang *L, Obj *m, const char *name, int64_t value)
{
    Obj *v = int_from_i64(L, value);
    int r = v ? module_add_object(L, m, name, v) : -1;
    obj_xdecref(L, v);
    return r;
}

static int add_doc(Lang *L, Obj *m)
{
    Obj *doc = str_from_cstr(L, "This module provides access to the garbage collector for "
                                "reference cycles.");
    int r = doc ? module_add_object(L, m, "__doc__", doc) : -1;
    obj_xdecref(L, doc);
    return r;
}

Obj *gc_module_init(Lang *L)
{
    if (state_init(L) < 0)
        return NULL;
    VM *vm = vm_of(L);
    Obj *m = module_new_cstr(L, "gc");
    if (m == NULL)
        return NULL;
    if (add_doc(L, m) < 0 || module_add_functions(L, m, gc_functions) < 0 ||
        module_add_object(L, m, "garbage", vm->gc_garbage) < 0 ||
        module_add_object(L, m, "callbacks", vm->gc_callbacks) < 0 ||
        add_int(L, m, "DEBUG_STATS", OURO_DEBUG_STATS) < 0 ||
        add_int(L, m, "DEBUG_COLLECTABLE", OURO_DEBUG_COLLECTABLE) < 0 ||
        add_int(L, m, "DEBUG_UNCOLLECTABLE", OURO_DEBUG_UNCOLLECTABLE) < 0 ||
        add_int(L, m, "DEBUG_SAVEALL", OURO_DEBUG_SAVEALL) < 0 ||
        add_int(L, m, "DEBUG_LEAK", OURO_DEBUG_LEAK) < 0) {
        obj_decref(L, m);
        return NULL;
    }
    return m;
}
