/*
 * eval.c - the interpreter loop (CPython 3.11's _PyEval_EvalFrameDefault).
 *
 * One C activation of vm_eval_frame runs its entry frame and every Python
 * function that frame calls directly: a CALL of a function pushes the
 * callee's frame on the frame stack and jumps to its first instruction;
 * RETURN_VALUE pops it and resumes the caller. Only calls through C (a
 * class, a builtin calling back, a special method) start a new activation.
 *
 * Registers: frame, ip (the next instruction), sp (one past the stack
 * top), locals (frame->localsplus). Each stack slot owns one reference;
 * an instruction releases what it consumes before the next one starts,
 * so temporaries die exactly where CPython's do. frame->prev_instr is set
 * at the start of every instruction (tracebacks read it).
 *
 * Errors: `goto error` adds a traceback entry for the current frame then
 * unwinds; `goto exception_unwind` unwinds without one (RERAISE, bare
 * raise). Unwinding finds the handler covering prev_instr in the code's
 * exception table, pops the stack to the handler's depth, pushes the
 * exception and jumps; without a handler the frame is cleared and popped
 * and the error continues in the caller.
 *
 * Dispatch is a computed goto with GCC and Clang, a switch otherwise.
 */
#include <string.h>

#include "vm.h"
#include "../compiler/opcodes.h"
#include "../objects/cellobject.h"
#include "../objects/dictobject.h"
#include "../objects/exceptions.h"
#include "../objects/instance.h"
#include "../objects/intobject.h"
#include "../objects/methodobject.h"
#include "../objects/moduleobject.h"
#include "../objects/sliceobject.h"
#include "../objects/strobject.h"
#include "../objects/tracebackobject.h"
#include "../objects/tupleobject.h"
#include "../objects/typeobject.h"

#if defined(__GNUC__) && !defined(OURO_NO_COMPUTED_GOTO)
#define USE_COMPUTED_GOTO 1
#else
#define USE_COMPUTED_GOTO 0
#endif

/* ------------------------------------------------------------------ */
/* Helpers for instructions too long to inline                         */
/* ------------------------------------------------------------------ */

/* A name in a namespace mapping: borrowed for dicts, else a new reference
 * in *owned. NULL without exception when absent. */
static Obj *mapping_lookup(Lang *L, Obj *ns, Obj *name, Obj **owned)
{
    *owned = NULL;
    if (dict_check_exact(L, ns))
        return dict_getitem_str(ns, name);
    Obj *v = obj_getitem(L, ns, name);
    if (v == NULL && err_matches(L, EXC_KeyError))
        err_clear(L);
    *owned = v;
    return v;
}

static Obj *load_name(Lang *L, InterpFrame *f, Obj *name)
{
    Obj *owned, *v;
    if (f->locals == NULL)
        return err_format(L, EXC_SystemError, "no locals when loading %R", name);
    v = mapping_lookup(L, f->locals, name, &owned);
    if (v != NULL)
        return owned ? owned : obj_newref(v);
    if (err_occurred(L))
        return NULL;
    v = dict_getitem_str(f->globals, name);
    if (v != NULL)
        return obj_newref(v);
    v = mapping_lookup(L, f->builtins, name, &owned);
    if (v != NULL)
        return owned ? owned : obj_newref(v);
    if (err_occurred(L))
        return NULL;
    return vm_name_error(L, name);
}

static Obj *load_global(Lang *L, InterpFrame *f, Obj *name)
{
    Obj *v = dict_getitem_str(f->globals, name);
    if (v != NULL)
        return obj_newref(v);
    Obj *owned;
    v = mapping_lookup(L, f->builtins, name, &owned);
    if (v != NULL)
        return owned ? owned : obj_newref(v);
    if (err_occurred(L))
        return NULL;
    return vm_name_error(L, name);
}

static int store_name(Lang *L, InterpFrame *f, Obj *name, Obj *v)
{
    if (f->locals == NULL) {
        err_format(L, EXC_SystemError, "no locals found when storing %R", name);
        return -1;
    }
    if (dict_check_exact(L, f->locals))
        return dict_setitem(L, f->locals, name, v);
    return obj_setitem(L, f->locals, name, v);
}

static int delete_from(Lang *L, Obj *ns, Obj *name)
{
    int r = dict_check_exact(L, ns) ? dict_delitem(L, ns, name) : obj_delitem(L, ns, name);
    if (r < 0 && err_matches(L, EXC_KeyError)) {
        err_clear(L);
        vm_name_error(L, name);
    }
    return r;
}

/* LOAD_METHOD: [obj] -> [meth, obj] when obj's type has a method
 * descriptor of that name not shadowed by an instance attribute, else
 * [NULL, getattr(obj, name)]. Returns 0 or -1; sp[-1] on input is obj. */
static int load_method(Lang *L, Obj **sp, Obj *name)
{
    Obj *obj = sp[-1];
    TypeObject *tp = TYPE(obj);
    if (tp->getattro == object_generic_getattr) {
        Obj *f = type_lookup(L, tp, name);
        if (f != NULL && TYPE_HAS(TYPE(f), TF_METHOD_DESCRIPTOR) &&
            (!instance_has_dict(obj) || instance_attr_get(L, obj, name) == NULL)) {
            sp[-1] = obj_newref(f);
            sp[0] = obj;
            return 0;
        }
    }
    Obj *attr = obj_getattr(L, obj, name);
    if (attr == NULL)
        return -1;
    sp[-1] = NULL;
    sp[0] = attr;
    obj_decref(L, obj);
    return 0;
}

/* UNPACK_SEQUENCE: stores n items of seq in out[n-1] .. out[0] (first
 * item on top). Returns 0 or -1. */
static int unpack_sequence(Lang *L, Obj *seq, size_t n, Obj **out)
{
    if (tuple_check_exact(L, seq) && tuple_size(seq) == n) {
        for (size_t i = 0; i < n; i++)
            out[n - 1 - i] = obj_newref(tuple_get_borrowed(seq, i));
        return 0;
    }
    Obj *it = obj_iter(L, seq);
    if (it == NULL) {
        if (err_matches(L, EXC_TypeError) && TYPE(seq)->iter == NULL &&
            TYPE(seq)->sq.item == NULL) {
            err_clear(L);
            err_format(L, EXC_TypeError, "cannot unpack non-iterable %s object",
                       obj_type_name(seq));
        }
        return -1;
    }
    size_t i = 0;
    for (; i < n; i++) {
        Obj *v = obj_next(L, it);
        if (v == NULL) {
            if (!err_occurred(L))
                err_format(L, EXC_ValueError, "not enough values to unpack (expected %zu, got %zu)",
                           n, i);
            goto fail;
        }
        out[n - 1 - i] = v;
    }
    Obj *extra = obj_next(L, it);
    if (extra != NULL) {
        obj_decref(L, extra);
        err_format(L, EXC_ValueError, "too many values to unpack (expected %zu)", n);
        goto fail;
    }
    if (err_occurred(L))
        goto fail;
    obj_decref(L, it);
    return 0;
fail:
    for (size_t j = 0; j < i; j++)
        obj_decref(L, out[n - 1 - j]);
    obj_decref(L, it);
    return -1;
}

/* UNPACK_EX: `before` items, a list of the middle, `after` items, stored
 * from out[before + after] (first item) down to out[0]. */
static int unpack_ex(Lang *L, Obj *seq, size_t before, size_t after, Obj **out)
{
    Obj *it = obj_iter(L, seq);
    if (it == NULL) {
        if (err_matches(L, EXC_TypeError) && TYPE(seq)->iter == NULL &&
            TYPE(seq)->sq.item == NULL) {
            err_clear(L);
            err_format(L, EXC_TypeError, "cannot unpack non-iterable %s object",
                       obj_type_name(seq));
        }
        return -1;
    }
    size_t cap = 16, n = 0;
    Obj **items = mem_alloc(L, cap * sizeof(Obj *));
    if (items == NULL) {
        obj_decref(L, it);
        return -1;
    }
    for (;;) {
        Obj *v = obj_next(L, it);
        if (v == NULL)
            break;
        if (n == cap) {
            Obj **bigger = mem_realloc(L, items, cap * sizeof(Obj *), 2 * cap * sizeof(Obj *));
            if (bigger == NULL) {
                obj_decref(L, v);
                goto fail;
            }
            items = bigger;
            cap *= 2;
        }
        items[n++] = v;
    }
    if (err_occurred(L))
        goto fail;
    if (n < before + after) {
        err_format(L, EXC_ValueError, "not enough values to unpack (expected at least %zu, got %zu)",
                   before + after, n);
        goto fail;
    }
    size_t total = before + 1 + after;
    for (size_t i = 0; i < before; i++)
        out[total - 1 - i] = items[i];
    for (size_t i = 0; i < after; i++)
        out[after - 1 - i] = items[n - after + i];
    Obj *middle = vm_new_list(L, items + before, n - before - after);
    mem_free(L, items, cap * sizeof(Obj *));
    obj_decref(L, it);
    if (middle == NULL) {
        for (size_t i = 0; i < total; i++) {
            if (i != after)
                obj_decref(L, out[i]);
        }
        return -1;
    }
    out[after] = middle;
    return 0;
fail:
    for (size_t i = 0; i < n; i++)
        obj_decref(L, items[i]);
    mem_free(L, items, cap * sizeof(Obj *));
    obj_decref(L, it);
    return -1;
}

/* RAISE_VARARGS 1 / 2: raises exc (a class or instance) with cause.
 * Always returns -1 with the exception set. */
static int do_raise(Lang *L, Obj *exc, Obj *cause)
{
    Obj *value = NULL;
    if (exc_is_class(exc)) {
        value = obj_call0(L, exc);
        if (value == NULL)
            return -1;
        if (!exc_check(value)) {
            err_format(L, EXC_TypeError,
                       "calling %R should have returned an instance of BaseException, not %s",
                       exc, obj_type_name(value));
            obj_decref(L, value);
            return -1;
        }
    } else if (exc_check(exc)) {
        value = obj_newref(exc);
    } else {
        err_format(L, EXC_TypeError, "exceptions must derive from BaseException");
        return -1;
    }
    if (cause != NULL) {
        Obj *fixed = NULL;
        if (exc_is_class(cause)) {
            fixed = obj_call0(L, cause);
            if (fixed == NULL) {
                obj_decref(L, value);
                return -1;
            }
        } else if (exc_check(cause)) {
            fixed = obj_newref(cause);
        } else if (cause != L->none) {
            err_format(L, EXC_TypeError, "exception causes must derive from BaseException");
            obj_decref(L, value);
            return -1;
        }
        exc_set_cause_take(L, value, fixed);
    }
    err_set_object(L, value);
    obj_decref(L, value);
    return -1;
}

static int check_except_type(Lang *L, Obj *type)
{
    if (tuple_check(type)) {
        for (size_t i = 0; i < tuple_size(type); i++) {
            if (!exc_is_class(tuple_get_borrowed(type, i)))
                goto bad;
        }
        return 0;
    }
    if (exc_is_class(type))
        return 0;
bad:
    err_format(L, EXC_TypeError,
               "catching classes that do not inherit from BaseException is not allowed");
    return -1;
}

/* A special method bound to obj (CPython's _PyObject_LookupSpecial), or
 * NULL without an exception when the type has none. */
static Obj *lookup_special(Lang *L, Obj *obj, Obj *name)
{
    Obj *f = type_lookup(L, TYPE(obj), name);
    if (f == NULL)
        return NULL;
    DescrGetFn get = TYPE(f)->descr_get;
    if (get == NULL)
        return obj_newref(f);
    obj_incref(f);
    Obj *r = get(L, f, obj, &TYPE(obj)->ob);
    obj_decref(L, f);
    return r;
}

/* BEFORE_WITH: [mgr] -> [bound __exit__, mgr.__enter__()]. */
static int before_with(Lang *L, Obj **sp)
{
    Obj *mgr = sp[-1];
    Obj *enter_name = str_intern_cstr(L, "__enter__");
    Obj *exit_name = str_intern_cstr(L, "__exit__");
    Obj *enter = NULL, *exit = NULL, *res = NULL;
    int rc = -1;
    if (enter_name == NULL || exit_name == NULL)
        goto done;
    enter = lookup_special(L, mgr, enter_name);
    if (enter == NULL) {
        if (!err_occurred(L))
            err_format(L, EXC_TypeError,
                       "'%.200s' object does not support the context manager protocol",
                       obj_type_name(mgr));
        goto done;
    }
    exit = lookup_special(L, mgr, exit_name);
    if (exit == NULL) {
        if (!err_occurred(L))
            err_format(L, EXC_TypeError,
                       "'%.200s' object does not support the context manager protocol "
                       "(missed __exit__ method)", obj_type_name(mgr));
        goto done;
    }
    res = obj_call0(L, enter);
    if (res == NULL)
        goto done;
    sp[-1] = exit;
    sp[0] = res;
    exit = NULL;
    obj_decref(L, mgr);
    rc = 0;
done:
    obj_xdecref(L, enter_name);
    obj_xdecref(L, exit_name);
    obj_xdecref(L, enter);
    obj_xdecref(L, exit);
    return rc;
}

/* BUILD_STRING: the concatenation of n str. */
static Obj *build_string(Lang *L, Obj **items, size_t n)
{
    StrBuilder sb;
    sb_init(L, &sb);
    for (size_t i = 0; i < n; i++) {
        if (sb_append_str(&sb, items[i]) < 0) {
            sb_abandon(&sb);
            return NULL;
        }
    }
    return sb_finish(&sb);
}

/* FORMAT_VALUE. Takes over value and spec. */
static Obj *format_value(Lang *L, Obj *value, Obj *spec, unsigned conv)
{
    Obj *v = value, *r = NULL;
    switch (conv) {
    case FVC_STR:
        v = obj_str(L, value);
        break;
    case FVC_REPR:
        v = obj_repr(L, value);
        break;
    case FVC_ASCII:
        v = vm_ascii(L, value);
        break;
    default:
        obj_incref(v);
        break;
    }
    obj_decref(L, value);
    if (v == NULL)
        goto done;
    if (spec == NULL && str_check_exact(L, v)) {
        r = v;
        v = NULL;
        goto done;
    }
    r = vm_format(L, v, spec);
done:
    obj_xdecref(L, v);
    obj_xdecref(L, spec);
    return r;
}

/* MAKE_FUNCTION: the function for code with the extras pushed below it. */
static Obj *make_function(Lang *L, InterpFrame *f, Obj *code, unsigned flags, Obj **extras)
{
    Obj *func = func_new(L, code, f->globals, f->builtins, NULL);
    size_t k = 0;
    Obj *defaults = (flags & MAKE_FUNCTION_DEFAULTS) ? extras[k++] : NULL;
    Obj *kwdefaults = (flags & MAKE_FUNCTION_KWDEFAULTS) ? extras[k++] : NULL;
    Obj *annotations = (flags & MAKE_FUNCTION_ANNOTATIONS) ? extras[k++] : NULL;
    Obj *closure = (flags & MAKE_FUNCTION_CLOSURE) ? extras[k++] : NULL;
    if (func == NULL) {
        obj_xdecref(L, defaults);
        obj_xdecref(L, kwdefaults);
        obj_xdecref(L, annotations);
        obj_xdecref(L, closure);
        return NULL;
    }
    func_set_defaults_take(L, func, defaults);
    func_set_kwdefaults_take(L, func, kwdefaults);
    func_set_closure_take(L, func, closure);
    if (annotations != NULL) {
        Obj *d = dict_new(L);
        for (size_t i = 0; d != NULL && i + 1 < tuple_size(annotations); i += 2) {
            if (dict_setitem(L, d, tuple_get_borrowed(annotations, i),
                             tuple_get_borrowed(annotations, i + 1)) < 0) {
                obj_decref(L, d);
                d = NULL;
            }
        }
        obj_decref(L, annotations);
        if (d == NULL) {
            obj_decref(L, func);
            return NULL;
        }
        func_set_annotations_take(L, func, d);
    }
    return func;
}

/* DICT_MERGE's errors for f(**m): not a mapping, or a repeated key. */
static void dict_merge_error(Lang *L, Obj *func, Obj *update)
{
    if (err_matches(L, EXC_AttributeError) || (err_matches(L, EXC_TypeError) &&
                                               !dict_check(update))) {
        err_clear(L);
        Obj *fs = vm_function_str(L, func);
        if (fs != NULL) {
            err_format(L, EXC_TypeError, "%U argument after ** must be a mapping, not %.200s",
                       fs, obj_type_name(update));
            obj_decref(L, fs);
        }
    } else if (err_matches(L, EXC_KeyError)) {
        Obj *exc = err_fetch(L);
        Obj *args = exc_args(exc);
        if (args != NULL && tuple_size(args) == 1 && str_check(tuple_get_borrowed(args, 0))) {
            Obj *fs = vm_function_str(L, func);
            if (fs != NULL) {
                err_format(L, EXC_TypeError, "%U got multiple values for keyword argument '%S'",
                           fs, tuple_get_borrowed(args, 0));
                obj_decref(L, fs);
            }
            obj_decref(L, exc);
        } else {
            err_restore(L, exc);
        }
    }
}

/* d.update(m) for f(**m), refusing repeated keys. */
static int dict_merge_unique(Lang *L, Obj *d, Obj *update)
{
    if (!dict_check(update)) {
        Obj *tmp = dict_new(L);
        if (tmp == NULL)
            return -1;
        if (dict_update(L, tmp, update) < 0) {
            obj_decref(L, tmp);
            return -1;
        }
        int r = dict_merge_unique(L, d, tmp);
        obj_decref(L, tmp);
        return r;
    }
    size_t pos = 0;
    Obj *key, *value;
    while (dict_next(update, &pos, &key, &value)) {
        int has = dict_contains(L, d, key);
        if (has < 0)
            return -1;
        if (has) {
            err_set_value(L, L->exc_types[EXC_KeyError], key);
            return -1;
        }
        obj_incref(key);
        obj_incref(value);
        if (dict_setitem_take(L, d, key, value) < 0)
            return -1;
    }
    return 0;
}

/* CALL_FUNCTION_EX: func(*callargs, **kwargs). */
static Obj *call_function_ex(Lang *L, Obj *func, Obj *callargs, Obj *kwargs)
{
    Obj *args = NULL, *r = NULL;
    if (tuple_check_exact(L, callargs)) {
        args = obj_newref(callargs);
    } else {
        if (TYPE(callargs)->iter == NULL && TYPE(callargs)->sq.item == NULL) {
            Obj *fs = vm_function_str(L, func);
            if (fs != NULL) {
                err_format(L, EXC_TypeError, "%U argument after * must be an iterable, not %.200s",
                           fs, obj_type_name(callargs));
                obj_decref(L, fs);
            }
            return NULL;
        }
        args = tuple_from_iterable(L, callargs);
        if (args == NULL)
            return NULL;
    }
    if (kwargs != NULL && !dict_check_exact(L, kwargs)) {
        Obj *d = dict_new(L);
        if (d == NULL || dict_merge_unique(L, d, kwargs) < 0) {
            if (d != NULL)
                dict_merge_error(L, func, kwargs);
            obj_xdecref(L, d);
            obj_decref(L, args);
            return NULL;
        }
        r = vm_call_tuple_dict(L, func, args, d);
        obj_decref(L, d);
    } else {
        r = vm_call_tuple_dict(L, func, args, kwargs);
    }
    obj_decref(L, args);
    return r;
}

static Obj *import_from(Lang *L, Obj *module, Obj *name)
{
    Obj *v = obj_lookup_attr(L, module, name);
    if (v != NULL || err_occurred(L))
        return v;
    Obj *modname = obj_lookup_attr(L, module, ID(L, __name__));
    if (modname == NULL && err_occurred(L))
        err_clear(L);
    if (modname != NULL && str_check(modname))
        err_format(L, EXC_ImportError, "cannot import name '%U' from '%U' (unknown location)",
                   name, modname);
    else
        err_format(L, EXC_ImportError, "cannot import name '%U'", name);
    obj_xdecref(L, modname);
    return NULL;
}

static int import_star(Lang *L, InterpFrame *f, Obj *module)
{
    if (f->locals == NULL) {
        err_format(L, EXC_SystemError, "no locals found during 'import *'");
        return -1;
    }
    Obj *dict = module_check(L, module) ? module_dict(module) : NULL;
    if (dict == NULL) {
        err_format(L, EXC_ImportError, "from-import-* object has no __dict__ and no __all__");
        return -1;
    }
    size_t pos = 0;
    Obj *key, *value;
    Obj *keys = dict_keys_tuple(L, dict);
    if (keys == NULL)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < tuple_size(keys) && rc == 0; i++) {
        key = tuple_get_borrowed(keys, i);
        if (!str_check(key) || str_data(key)[0] == '_')
            continue;
        value = dict_getitem_str(dict, key);
        if (value != NULL)
            rc = store_name(L, f, key, value);
    }
    (void)pos;
    obj_decref(L, keys);
    return rc;
}

static int setup_annotations(Lang *L, InterpFrame *f)
{
    Obj *key = str_intern_cstr(L, "__annotations__");
    if (key == NULL)
        return -1;
    int rc = 0;
    Obj *owned;
    Obj *v = mapping_lookup(L, f->locals, key, &owned);
    obj_xdecref(L, owned);
    if (v == NULL && !err_occurred(L)) {
        Obj *d = dict_new(L);
        rc = d ? store_name(L, f, key, d) : -1;
        obj_xdecref(L, d);
    } else if (v == NULL) {
        rc = -1;
    }
    obj_decref(L, key);
    return rc;
}

static int print_expr(Lang *L, Obj *v)
{
    VM *vm = vm_of(L);
    if (v == L->none)
        return 0;
    Obj *key = str_intern_cstr(L, "_");
    if (key == NULL || dict_setitem(L, L->builtins, key, L->none) < 0) {
        obj_xdecref(L, key);
        return -1;
    }
    Obj *r = obj_repr(L, v);
    int rc = -1;
    if (r != NULL && vm_stream_write(L, vm->stdout_obj, r) == 0) {
        Obj *nl = str_from_cstr(L, "\n");
        rc = nl ? vm_stream_write(L, vm->stdout_obj, nl) : -1;
        obj_xdecref(L, nl);
    }
    obj_xdecref(L, r);
    if (rc == 0)
        rc = dict_setitem(L, L->builtins, key, v);
    obj_decref(L, key);
    return rc;
}

/* ------------------------------------------------------------------ */
/* The loop                                                            */
/* ------------------------------------------------------------------ */

#define PUSH(v) (*sp++ = (v))
#define POP() (*--sp)
#define TOP() (sp[-1])
#define SECOND() (sp[-2])
#define PEEK(n) (sp[-(ptrdiff_t)(n)])
#define STACK_BASE() (frame->localsplus + frame->code->nlocalsplus)

Obj *vm_eval_frame(Lang *L, InterpFrame *entry)
{
    VM *vm = vm_of(L);
    InterpFrame *frame = entry;
    const uint32_t *ip;
    Obj **sp;
    Obj **locals;
    Obj *const *consts;
    Obj *const *names;
    Obj *kwnames = NULL;
    Obj *retval = NULL;
    uint32_t word;
    unsigned oparg;

#if USE_COMPUTED_GOTO
    static const void *const targets[OP_COUNT] = {
#define OPCODE_TARGET(name, has_arg, jumps) [OP_##name] = &&TARGET_##name,
        OPCODES(OPCODE_TARGET)
#undef OPCODE_TARGET
    };
#define TARGET(name) TARGET_##name:
#define DISPATCH()                                                             \
    do {                                                                       \
        frame->prev_instr = ip;                                                \
        word = *ip++;                                                          \
        oparg = INSTR_ARG(word);                                               \
        goto *targets[INSTR_OP(word)];                                         \
    } while (0)
#else
#define TARGET(name) case OP_##name:
#define DISPATCH() goto dispatch
#endif

    entry->is_entry = 1;
    entry->previous = vm->current;
    vm->current = entry;
    if ((uintptr_t)__builtin_frame_address(0) < L->c_stack_limit) {
        err_format(L, EXC_RecursionError, "maximum recursion depth exceeded");
        goto exit_unwind;
    }

start_frame:
    if (L->recursion_depth >= L->recursion_limit) {
        err_format(L, EXC_RecursionError, "maximum recursion depth exceeded");
        goto exit_unwind;
    }
    L->recursion_depth++;

    ip = frame->prev_instr + 1;
    locals = frame->localsplus;
    sp = locals + frame->stacktop;
    consts = tuple_items(frame->code->consts);
    names = tuple_items(frame->code->names);
    DISPATCH();

#if !USE_COMPUTED_GOTO
dispatch:
    frame->prev_instr = ip;
    word = *ip++;
    oparg = INSTR_ARG(word);
    switch (INSTR_OP(word)) {
#endif

    TARGET(NOP)
    {
        DISPATCH();
    }

    TARGET(POP_TOP)
    {
        Obj *v = POP();
        obj_decref(L, v);
        DISPATCH();
    }

    TARGET(PUSH_NULL)
    {
        PUSH(NULL);
        DISPATCH();
    }

    TARGET(COPY)
    {
        Obj *v = PEEK(oparg);
        PUSH(obj_newref(v));
        DISPATCH();
    }

    TARGET(SWAP)
    {
        Obj *top = TOP();
        sp[-1] = PEEK(oparg);
        sp[-(int)oparg] = top;
        DISPATCH();
    }

    TARGET(LOAD_CONST)
    {
        PUSH(obj_newref(consts[oparg]));
        DISPATCH();
    }

    TARGET(LOAD_FAST)
    {
        Obj *v = locals[oparg];
        if (v == NULL) {
            vm_unbound_error(L, frame->code, (int)oparg);
            goto error;
        }
        PUSH(obj_newref(v));
        DISPATCH();
    }

    TARGET(STORE_FAST)
    {
        Obj *v = POP();
        Obj *old = locals[oparg];
        locals[oparg] = v;
        obj_xdecref(L, old);
        DISPATCH();
    }

    TARGET(DELETE_FAST)
    {
        Obj *old = locals[oparg];
        if (old == NULL) {
            vm_unbound_error(L, frame->code, (int)oparg);
            goto error;
        }
        locals[oparg] = NULL;
        obj_decref(L, old);
        DISPATCH();
    }

    TARGET(LOAD_NAME)
    {
        Obj *v = load_name(L, frame, names[oparg]);
        if (v == NULL)
            goto error;
        PUSH(v);
        DISPATCH();
    }

    TARGET(STORE_NAME)
    {
        Obj *v = POP();
        int r = store_name(L, frame, names[oparg], v);
        obj_decref(L, v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(DELETE_NAME)
    {
        if (frame->locals == NULL) {
            err_format(L, EXC_SystemError, "no locals when deleting %R", names[oparg]);
            goto error;
        }
        if (delete_from(L, frame->locals, names[oparg]) < 0)
            goto error;
        DISPATCH();
    }

    TARGET(LOAD_GLOBAL)
    {
        if (oparg & 1)
            PUSH(NULL);
        Obj *v = load_global(L, frame, names[oparg >> 1]);
        if (v == NULL)
            goto error;
        PUSH(v);
        DISPATCH();
    }

    TARGET(STORE_GLOBAL)
    {
        Obj *v = POP();
        int r = dict_setitem(L, frame->globals, names[oparg], v);
        obj_decref(L, v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(DELETE_GLOBAL)
    {
        if (delete_from(L, frame->globals, names[oparg]) < 0)
            goto error;
        DISPATCH();
    }

    TARGET(MAKE_CELL)
    {
        Obj *v = locals[oparg];
        Obj *cell = cell_new(L, v);
        if (cell == NULL)
            goto error;
        locals[oparg] = cell;
        obj_xdecref(L, v);
        DISPATCH();
    }

    TARGET(COPY_FREE_VARS)
    {
        Obj *closure = ((FuncObject *)frame->func)->closure;
        int offset = frame->code->nlocalsplus - (int)oparg;
        for (unsigned i = 0; i < oparg; i++)
            locals[offset + (int)i] = obj_newref(tuple_get_borrowed(closure, i));
        DISPATCH();
    }

    TARGET(LOAD_CLOSURE)
    {
        PUSH(obj_newref(locals[oparg]));
        DISPATCH();
    }

    TARGET(LOAD_DEREF)
    {
        Obj *v = cell_get_borrowed(locals[oparg]);
        if (v == NULL) {
            vm_unbound_error(L, frame->code, (int)oparg);
            goto error;
        }
        PUSH(obj_newref(v));
        DISPATCH();
    }

    TARGET(LOAD_CLASSDEREF)
    {
        Obj *name = tuple_get_borrowed(frame->code->localsplusnames, oparg);
        Obj *owned = NULL, *v = NULL;
        if (frame->locals != NULL)
            v = mapping_lookup(L, frame->locals, name, &owned);
        if (v == NULL && err_occurred(L))
            goto error;
        if (v != NULL) {
            PUSH(owned ? owned : obj_newref(v));
            DISPATCH();
        }
        v = cell_get_borrowed(locals[oparg]);
        if (v == NULL) {
            vm_unbound_error(L, frame->code, (int)oparg);
            goto error;
        }
        PUSH(obj_newref(v));
        DISPATCH();
    }

    TARGET(STORE_DEREF)
    {
        Obj *v = POP();
        cell_set_take(L, locals[oparg], v);
        DISPATCH();
    }

    TARGET(DELETE_DEREF)
    {
        Obj *cell = locals[oparg];
        if (cell_get_borrowed(cell) == NULL) {
            vm_unbound_error(L, frame->code, (int)oparg);
            goto error;
        }
        cell_set_take(L, cell, NULL);
        DISPATCH();
    }

    TARGET(LOAD_ATTR)
    {
        Obj *owner = TOP();
        Obj *res = obj_getattr(L, owner, names[oparg]);
        if (res == NULL)
            goto error;
        sp[-1] = res;
        obj_decref(L, owner);
        DISPATCH();
    }

    TARGET(STORE_ATTR)
    {
        Obj *owner = POP();
        Obj *v = POP();
        int r = obj_setattr(L, owner, names[oparg], v);
        obj_decref(L, v);
        obj_decref(L, owner);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(DELETE_ATTR)
    {
        Obj *owner = POP();
        int r = obj_setattr(L, owner, names[oparg], NULL);
        obj_decref(L, owner);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(LOAD_METHOD)
    {
        if (load_method(L, sp, names[oparg]) < 0)
            goto error;
        sp++;
        DISPATCH();
    }

    TARGET(BINARY_SUBSCR)
    {
        Obj *key = POP();
        Obj *container = TOP();
        Obj *res = obj_getitem(L, container, key);
        obj_decref(L, key);
        if (res == NULL)
            goto error;
        sp[-1] = res;
        obj_decref(L, container);
        DISPATCH();
    }

    TARGET(STORE_SUBSCR)
    {
        Obj *key = POP();
        Obj *container = POP();
        Obj *v = POP();
        int r = obj_setitem(L, container, key, v);
        obj_decref(L, v);
        obj_decref(L, container);
        obj_decref(L, key);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(DELETE_SUBSCR)
    {
        Obj *key = POP();
        Obj *container = POP();
        int r = obj_delitem(L, container, key);
        obj_decref(L, container);
        obj_decref(L, key);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(BINARY_OP)
    {
        Obj *rhs = POP();
        Obj *lhs = TOP();
        Obj *res = oparg >= NB_INPLACE ? obj_inplace_op(L, lhs, rhs, (int)oparg - NB_INPLACE)
                                       : obj_binary_op(L, lhs, rhs, (int)oparg);
        obj_decref(L, rhs);
        if (res == NULL)
            goto error;
        sp[-1] = res;
        obj_decref(L, lhs);
        DISPATCH();
    }

    TARGET(UNARY_NEGATIVE)
    {
        Obj *v = TOP();
        Obj *res = obj_negative(L, v);
        if (res == NULL)
            goto error;
        sp[-1] = res;
        obj_decref(L, v);
        DISPATCH();
    }

    TARGET(UNARY_POSITIVE)
    {
        Obj *v = TOP();
        Obj *res = obj_positive(L, v);
        if (res == NULL)
            goto error;
        sp[-1] = res;
        obj_decref(L, v);
        DISPATCH();
    }

    TARGET(UNARY_INVERT)
    {
        Obj *v = TOP();
        Obj *res = obj_invert(L, v);
        if (res == NULL)
            goto error;
        sp[-1] = res;
        obj_decref(L, v);
        DISPATCH();
    }

    TARGET(UNARY_NOT)
    {
        Obj *v = TOP();
        int t = obj_is_true(L, v);
        if (t < 0)
            goto error;
        sp[-1] = new_bool(L, !t);
        obj_decref(L, v);
        DISPATCH();
    }

    TARGET(COMPARE_OP)
    {
        Obj *right = POP();
        Obj *left = TOP();
        Obj *res = obj_richcompare(L, left, right, (int)oparg);
        obj_decref(L, right);
        if (res == NULL)
            goto error;
        sp[-1] = res;
        obj_decref(L, left);
        DISPATCH();
    }

    TARGET(IS_OP)
    {
        Obj *right = POP();
        Obj *left = TOP();
        int res = (left == right) ^ (int)oparg;
        sp[-1] = new_bool(L, res);
        obj_decref(L, right);
        obj_decref(L, left);
        DISPATCH();
    }

    TARGET(CONTAINS_OP)
    {
        Obj *right = POP();
        Obj *left = TOP();
        int res = obj_contains(L, right, left);
        obj_decref(L, right);
        if (res < 0)
            goto error;
        sp[-1] = new_bool(L, res ^ (int)oparg);
        obj_decref(L, left);
        DISPATCH();
    }

    TARGET(BUILD_TUPLE)
    {
        Obj *t = tuple_from_array_take(L, sp - oparg, oparg);
        sp -= oparg;
        if (t == NULL)
            goto error;
        PUSH(t);
        DISPATCH();
    }

    TARGET(BUILD_LIST)
    {
        Obj *l = vm_new_list(L, sp - oparg, oparg);
        sp -= oparg;
        if (l == NULL)
            goto error;
        PUSH(l);
        DISPATCH();
    }

    TARGET(BUILD_SET)
    {
        Obj *s = vm_new_set(L, sp - oparg, oparg);
        sp -= oparg;
        if (s == NULL)
            goto error;
        PUSH(s);
        DISPATCH();
    }

    TARGET(BUILD_MAP)
    {
        Obj *d = dict_new(L);
        Obj **items = sp - 2 * oparg;
        int failed = d == NULL;
        for (unsigned i = 0; i < oparg && !failed; i++)
            failed = dict_setitem(L, d, items[2 * i], items[2 * i + 1]) < 0;
        for (unsigned i = 0; i < 2 * oparg; i++)
            obj_decref(L, items[i]);
        sp = items;
        if (failed) {
            obj_xdecref(L, d);
            goto error;
        }
        PUSH(d);
        DISPATCH();
    }

    TARGET(BUILD_CONST_KEY_MAP)
    {
        Obj *keys = POP();
        Obj **values = sp - oparg;
        Obj *d = dict_new(L);
        int failed = d == NULL;
        for (unsigned i = 0; i < oparg && !failed; i++)
            failed = dict_setitem(L, d, tuple_get_borrowed(keys, i), values[i]) < 0;
        for (unsigned i = 0; i < oparg; i++)
            obj_decref(L, values[i]);
        obj_decref(L, keys);
        sp = values;
        if (failed) {
            obj_xdecref(L, d);
            goto error;
        }
        PUSH(d);
        DISPATCH();
    }

    TARGET(BUILD_STRING)
    {
        Obj *s = build_string(L, sp - oparg, oparg);
        for (unsigned i = 0; i < oparg; i++)
            obj_decref(L, sp[-1 - (int)i]);
        sp -= oparg;
        if (s == NULL)
            goto error;
        PUSH(s);
        DISPATCH();
    }

    TARGET(BUILD_SLICE)
    {
        Obj *step = oparg == 3 ? POP() : NULL;
        Obj *stop = POP();
        Obj *start = POP();
        Obj *s = slice_new(L, start, stop, step);
        obj_decref(L, start);
        obj_decref(L, stop);
        obj_xdecref(L, step);
        if (s == NULL)
            goto error;
        PUSH(s);
        DISPATCH();
    }

    TARGET(LIST_APPEND)
    {
        Obj *v = POP();
        int r = vm_list_append(L, PEEK(oparg), v);
        obj_decref(L, v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(SET_ADD)
    {
        Obj *v = POP();
        int r = vm_set_add(L, PEEK(oparg), v);
        obj_decref(L, v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(MAP_ADD)
    {
        Obj *value = POP();
        Obj *key = POP();
        int r = dict_setitem(L, PEEK(oparg), key, value);
        obj_decref(L, key);
        obj_decref(L, value);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(LIST_EXTEND)
    {
        Obj *iterable = POP();
        int r = vm_list_extend(L, PEEK(oparg), iterable);
        if (r < 0 && err_matches(L, EXC_TypeError) && TYPE(iterable)->iter == NULL &&
            TYPE(iterable)->sq.item == NULL) {
            err_clear(L);
            err_format(L, EXC_TypeError, "Value after * must be an iterable, not %.200s",
                       obj_type_name(iterable));
        }
        obj_decref(L, iterable);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(SET_UPDATE)
    {
        Obj *iterable = POP();
        int r = vm_set_update(L, PEEK(oparg), iterable);
        obj_decref(L, iterable);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(DICT_UPDATE)
    {
        Obj *update = POP();
        int r = dict_update(L, PEEK(oparg), update);
        if (r < 0 && err_matches(L, EXC_AttributeError)) {
            err_clear(L);
            err_format(L, EXC_TypeError, "'%.200s' object is not a mapping",
                       obj_type_name(update));
        }
        obj_decref(L, update);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(DICT_MERGE)
    {
        Obj *update = POP();
        int r = dict_merge_unique(L, PEEK(oparg), update);
        if (r < 0)
            dict_merge_error(L, PEEK(oparg + 2), update);
        obj_decref(L, update);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(LIST_TO_TUPLE)
    {
        Obj *list = TOP();
        Obj *t = vm_sequence_to_tuple(L, list);
        if (t == NULL)
            goto error;
        sp[-1] = t;
        obj_decref(L, list);
        DISPATCH();
    }

    TARGET(UNPACK_SEQUENCE)
    {
        Obj *seq = POP();
        int r = unpack_sequence(L, seq, oparg, sp);
        obj_decref(L, seq);
        if (r < 0)
            goto error;
        sp += oparg;
        DISPATCH();
    }

    TARGET(UNPACK_EX)
    {
        size_t before = oparg & 0xff, after = oparg >> 8;
        Obj *seq = POP();
        int r = unpack_ex(L, seq, before, after, sp);
        obj_decref(L, seq);
        if (r < 0)
            goto error;
        sp += before + after + 1;
        DISPATCH();
    }

    TARGET(FORMAT_VALUE)
    {
        Obj *spec = (oparg & FVS_HAVE_SPEC) ? POP() : NULL;
        Obj *value = POP();
        Obj *res = format_value(L, value, spec, oparg & FVC_MASK);
        if (res == NULL)
            goto error;
        PUSH(res);
        DISPATCH();
    }

    TARGET(JUMP)
    {
        ip = frame->code->code + oparg;
        DISPATCH();
    }

    TARGET(POP_JUMP_IF_FALSE)
    {
        Obj *v = POP();
        if (v == L->false_) {
            obj_decref(L, v);
            ip = frame->code->code + oparg;
        } else if (v != L->true_) {
            int t = obj_is_true(L, v);
            obj_decref(L, v);
            if (t < 0)
                goto error;
            if (!t)
                ip = frame->code->code + oparg;
        } else {
            obj_decref(L, v);
        }
        DISPATCH();
    }

    TARGET(POP_JUMP_IF_TRUE)
    {
        Obj *v = POP();
        if (v == L->true_) {
            obj_decref(L, v);
            ip = frame->code->code + oparg;
        } else if (v != L->false_) {
            int t = obj_is_true(L, v);
            obj_decref(L, v);
            if (t < 0)
                goto error;
            if (t)
                ip = frame->code->code + oparg;
        } else {
            obj_decref(L, v);
        }
        DISPATCH();
    }

    TARGET(POP_JUMP_IF_NONE)
    {
        Obj *v = POP();
        if (v == L->none)
            ip = frame->code->code + oparg;
        obj_decref(L, v);
        DISPATCH();
    }

    TARGET(POP_JUMP_IF_NOT_NONE)
    {
        Obj *v = POP();
        if (v != L->none)
            ip = frame->code->code + oparg;
        obj_decref(L, v);
        DISPATCH();
    }

    TARGET(JUMP_IF_FALSE_OR_POP)
    {
        Obj *v = TOP();
        int t = v == L->true_ ? 1 : v == L->false_ ? 0 : obj_is_true(L, v);
        if (t < 0)
            goto error;
        if (!t) {
            ip = frame->code->code + oparg;
        } else {
            sp--;
            obj_decref(L, v);
        }
        DISPATCH();
    }

    TARGET(JUMP_IF_TRUE_OR_POP)
    {
        Obj *v = TOP();
        int t = v == L->true_ ? 1 : v == L->false_ ? 0 : obj_is_true(L, v);
        if (t < 0)
            goto error;
        if (t) {
            ip = frame->code->code + oparg;
        } else {
            sp--;
            obj_decref(L, v);
        }
        DISPATCH();
    }

    TARGET(GET_ITER)
    {
        Obj *iterable = TOP();
        Obj *it = obj_iter(L, iterable);
        if (it == NULL)
            goto error;
        sp[-1] = it;
        obj_decref(L, iterable);
        DISPATCH();
    }

    TARGET(FOR_ITER)
    {
        Obj *it = TOP();
        Obj *next = TYPE(it)->iternext(L, it);
        if (next != NULL) {
            PUSH(next);
            DISPATCH();
        }
        if (err_occurred(L)) {
            if (!err_matches(L, EXC_StopIteration))
                goto error;
            err_clear(L);
        }
        sp--;
        obj_decref(L, it);
        ip = frame->code->code + oparg;
        DISPATCH();
    }

    TARGET(KW_NAMES)
    {
        kwnames = consts[oparg];
        DISPATCH();
    }

    TARGET(CALL)
    {
        int is_meth = PEEK(oparg + 2) != NULL;
        size_t total = oparg + (size_t)is_meth;
        Obj *callable = PEEK(total + 1);
        Obj **args = sp - total;
        size_t nkw = kwnames ? tuple_size(kwnames) : 0;
        if (!is_meth && method_check(L, callable)) {
            /* A bound method: call its function with self prepended. */
            MethodObject *m = (MethodObject *)callable;
            PEEK(oparg + 2) = obj_newref(m->func);
            PEEK(oparg + 1) = obj_newref(m->self);
            obj_decref(L, callable);
            callable = PEEK(oparg + 2);
            is_meth = 1;
            total++;
            args = sp - total;
        }
        if (IS_TYPE(callable, L->t_function)) {
            /* A Python function: run it in this activation. */
            InterpFrame *nf = vm_push_frame(L, callable, NULL);
            if (nf == NULL)
                goto error;
            obj_decref(L, callable);        /* the frame has its own reference */
            Obj *kw = kwnames;
            kwnames = NULL;
            sp -= oparg + 2;
            frame->stacktop = (int)(sp - locals);
            if (vm_bind_args(L, nf, args, total - nkw, kw) < 0) {
                frame_clear(L, nf);
                vm_pop_frame(L, nf);
                goto error;
            }
            nf->previous = frame;
            vm->current = nf;
            frame = nf;
            goto start_frame;
        }
        Obj *res = obj_call(L, callable, args, total - nkw, kwnames);
        kwnames = NULL;
        for (size_t i = 0; i < total; i++)
            obj_decref(L, args[i]);
        sp -= oparg + 2;
        obj_decref(L, callable);
        if (res == NULL)
            goto error;
        PUSH(res);
        DISPATCH();
    }

    TARGET(CALL_FUNCTION_EX)
    {
        Obj *kwargs = (oparg & 1) ? POP() : NULL;
        Obj *callargs = POP();
        Obj *func = TOP();
        Obj *res = call_function_ex(L, func, callargs, kwargs);
        obj_xdecref(L, kwargs);
        obj_decref(L, callargs);
        sp--;
        obj_decref(L, func);
        Obj *null_slot = POP();
        obj_xdecref(L, null_slot);
        if (res == NULL)
            goto error;
        PUSH(res);
        DISPATCH();
    }

    TARGET(MAKE_FUNCTION)
    {
        Obj *code = POP();
        int n = ((oparg & 1) != 0) + ((oparg & 2) != 0) + ((oparg & 4) != 0) + ((oparg & 8) != 0);
        sp -= n;
        Obj *func = make_function(L, frame, code, oparg, sp);
        obj_decref(L, code);
        if (func == NULL)
            goto error;
        PUSH(func);
        DISPATCH();
    }

    TARGET(RETURN_VALUE)
    {
        retval = POP();
        goto do_return;
    }

    TARGET(RETURN_CONST)
    {
        retval = obj_newref(consts[oparg]);
        goto do_return;
    }

    TARGET(LOAD_BUILD_CLASS)
    {
        Obj *key = str_intern_cstr(L, "__build_class__");
        Obj *owned = NULL;
        Obj *bc = key ? mapping_lookup(L, frame->builtins, key, &owned) : NULL;
        obj_xdecref(L, key);
        if (bc == NULL) {
            if (!err_occurred(L))
                err_format(L, EXC_NameError, "__build_class__ not found");
            goto error;
        }
        PUSH(owned ? owned : obj_newref(bc));
        DISPATCH();
    }

    TARGET(IMPORT_NAME)
    {
        Obj *fromlist = POP();
        Obj *level = TOP();
        Obj *res = vm_import(L, names[oparg], fromlist, level);
        obj_decref(L, fromlist);
        if (res == NULL)
            goto error;
        sp[-1] = res;
        obj_decref(L, level);
        DISPATCH();
    }

    TARGET(IMPORT_FROM)
    {
        Obj *v = import_from(L, TOP(), names[oparg]);
        if (v == NULL)
            goto error;
        PUSH(v);
        DISPATCH();
    }

    TARGET(IMPORT_STAR)
    {
        Obj *module = POP();
        int r = import_star(L, frame, module);
        obj_decref(L, module);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(RAISE_VARARGS)
    {
        Obj *cause = NULL, *exc = NULL;
        switch (oparg) {
        case 2:
            cause = POP();
            /* fall through */
        case 1:
            exc = POP();
            do_raise(L, exc, cause);
            obj_decref(L, exc);
            obj_xdecref(L, cause);
            goto error;
        default:
            if (L->handled == NULL) {
                err_format(L, EXC_RuntimeError, "No active exception to reraise");
                goto error;
            }
            err_restore(L, obj_newref(L->handled));
            goto exception_unwind;
        }
    }

    TARGET(RERAISE)
    {
        Obj *exc = POP();
        err_restore(L, exc);
        goto exception_unwind;
    }

    TARGET(PUSH_EXC_INFO)
    {
        Obj *exc = TOP();
        Obj *prev = L->handled != NULL ? L->handled : obj_newref(L->none);
        L->handled = obj_newref(exc);
        sp[-1] = prev;
        PUSH(exc);
        DISPATCH();
    }

    TARGET(POP_EXCEPT)
    {
        Obj *prev = POP();
        Obj *old = L->handled;
        if (prev == L->none) {
            L->handled = NULL;
            obj_decref(L, prev);
        } else {
            L->handled = prev;
        }
        obj_xdecref(L, old);
        DISPATCH();
    }

    TARGET(CHECK_EXC_MATCH)
    {
        Obj *type = TOP();
        if (check_except_type(L, type) < 0)
            goto error;
        int res = err_given_matches(L, SECOND(), type);
        sp[-1] = new_bool(L, res);
        obj_decref(L, type);
        DISPATCH();
    }

    TARGET(BEFORE_WITH)
    {
        if (before_with(L, sp) < 0)
            goto error;
        sp++;
        DISPATCH();
    }

    TARGET(WITH_EXCEPT_START)
    {
        Obj *exit = PEEK(3);
        Obj *val = TOP();
        Obj *tb = exc_traceback(val);
        Obj *args[3] = {&TYPE(val)->ob, val, tb ? tb : L->none};
        Obj *res = obj_call(L, exit, args, 3, NULL);
        if (res == NULL)
            goto error;
        PUSH(res);
        DISPATCH();
    }

    TARGET(LOAD_ASSERTION_ERROR)
    {
        PUSH(obj_newref(&L->exc_types[EXC_AssertionError]->ob));
        DISPATCH();
    }

    TARGET(SETUP_ANNOTATIONS)
    {
        if (setup_annotations(L, frame) < 0)
            goto error;
        DISPATCH();
    }

    TARGET(PRINT_EXPR)
    {
        Obj *v = POP();
        int r = print_expr(L, v);
        obj_decref(L, v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

#if !USE_COMPUTED_GOTO
    default:
        err_format(L, EXC_SystemError, "unknown opcode %u", INSTR_OP(word));
        goto error;
    }
#endif

do_return:
    {
        InterpFrame *prev = frame->previous;
        int was_entry = frame->is_entry;
        L->recursion_depth--;
        vm->current = prev;
        frame->stacktop = frame->code->nlocalsplus;
        frame_clear(L, frame);
        vm_pop_frame(L, frame);
        if (was_entry)
            return retval;
        frame = prev;
        ip = frame->prev_instr + 1;
        locals = frame->localsplus;
        sp = locals + frame->stacktop;
        consts = tuple_items(frame->code->consts);
        names = tuple_items(frame->code->names);
        PUSH(retval);
        retval = NULL;
        DISPATCH();
    }

error:
    kwnames = NULL;
    if (!err_occurred(L))
        err_format(L, EXC_SystemError, "error return without exception set");
    traceback_here(L, frame);

exception_unwind:
    {
        const ExcEntry *h = code_find_handler(frame->code, (uint32_t)frame_lasti(frame));
        if (h != NULL) {
            Obj **target = STACK_BASE() + h->depth;
            while (sp > target) {
                Obj *v = POP();
                obj_xdecref(L, v);
            }
            Obj *exc = err_fetch(L);
            PUSH(exc);
            ip = frame->code->code + h->handler;
            DISPATCH();
        }
        Obj **base = STACK_BASE();
        while (sp > base) {
            Obj *v = POP();
            obj_xdecref(L, v);
        }
        L->recursion_depth--;
    }

exit_unwind:
    {
        InterpFrame *prev = frame->previous;
        int was_entry = frame->is_entry;
        vm->current = prev;
        frame->stacktop = frame->code->nlocalsplus;
        frame_clear(L, frame);
        vm_pop_frame(L, frame);
        if (was_entry)
            return NULL;
        frame = prev;
        ip = frame->prev_instr + 1;
        locals = frame->localsplus;
        sp = locals + frame->stacktop;
        consts = tuple_items(frame->code->consts);
        names = tuple_items(frame->code->names);
        goto error;
    }
}
