/*
 * builtins.c - the builtins module: the built-in functions (print, len,
 * isinstance, min, max, sorted, __build_class__, ...) with CPython 3.11's
 * signatures and error messages, and the table of names the module binds
 * (types, exception classes, constants). The iterator types enumerate,
 * zip, map, filter and reversed are in builtin_types.c.
 */
#include <string.h>

#include "vm.h"
#include "../compiler/compile.h"
#include "../objects/cellobject.h"
#include "../objects/dictobject.h"
#include "../objects/exceptions.h"
#include "../objects/intobject.h"
#include "../objects/listobject.h"
#include "../objects/moduleobject.h"
#include "../objects/slots.h"
#include "../objects/strobject.h"
#include "../objects/tupleobject.h"
#include "../objects/typeobject.h"

/* ------------------------------------------------------------------ */
/* Keyword arguments of built-in functions                             */
/* ------------------------------------------------------------------ */

/* Matches the keyword arguments of a call against names (NULL-ended);
 * out[i] gets the value (borrowed) of names[i] or stays NULL. */
static int parse_keywords(Lang *L, const char *fname, Obj *const *kwvalues, Obj *kwnames,
                          const char *const *names, Obj **out)
{
    if (kwnames == NULL)
        return 0;
    for (size_t i = 0; i < tuple_size(kwnames); i++) {
        Obj *key = tuple_get_borrowed(kwnames, i);
        int found = 0;
        for (size_t j = 0; names[j] != NULL; j++) {
            if (str_equal_cstr(key, names[j])) {
                out[j] = kwvalues[i];
                found = 1;
                break;
            }
        }
        if (!found) {
            err_format(L, EXC_TypeError, "%s() got an unexpected keyword argument '%U'", fname,
                       key);
            return -1;
        }
    }
    return 0;
}

static int check_nargs(Lang *L, const char *fname, size_t nargs, size_t min, size_t max)
{
    if (nargs < min) {
        if (min == max)
            err_format(L, EXC_TypeError, "%s expected %zu argument%s, got %zu", fname, min,
                       min == 1 ? "" : "s", nargs);
        else
            err_format(L, EXC_TypeError, "%s expected at least %zu argument%s, got %zu", fname,
                       min, min == 1 ? "" : "s", nargs);
        return -1;
    }
    if (nargs > max) {
        if (min == max)
            err_format(L, EXC_TypeError, "%s expected %zu argument%s, got %zu", fname, max,
                       max == 1 ? "" : "s", nargs);
        else
            err_format(L, EXC_TypeError, "%s expected at most %zu argument%s, got %zu", fname,
                       max, max == 1 ? "" : "s", nargs);
        return -1;
    }
    return 0;
}

static VM *vmof(Lang *L)
{
    return vm_of(L);
}

/* ------------------------------------------------------------------ */
/* print                                                               */
/* ------------------------------------------------------------------ */

static Obj *bi_print(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    static const char *const kw[] = {"sep", "end", "file", "flush", NULL};
    Obj *opt[4] = {NULL, NULL, NULL, NULL};
    if (parse_keywords(L, "print", args + nargs, kwnames, kw, opt) < 0)
        return NULL;
    Obj *sep = opt[0], *end = opt[1], *file = opt[2], *flush = opt[3];
    if (sep == L->none)
        sep = NULL;
    if (end == L->none)
        end = NULL;
    if (sep != NULL && !str_check(sep))
        return err_format(L, EXC_TypeError, "sep must be None or a string, not %.200s",
                          obj_type_name(sep));
    if (end != NULL && !str_check(end))
        return err_format(L, EXC_TypeError, "end must be None or a string, not %.200s",
                          obj_type_name(end));
    if (file == NULL || file == L->none) {
        /* sys.stdout as it is now: a program may have replaced it. */
        VM *vm = vmof(L);
        file = vm->sys_module ? dict_getitem_str(module_dict(vm->sys_module), vm->str_stdout)
                              : NULL;
        if (file == NULL || file == L->none)
            return new_none(L);
    }
    obj_incref(file);
    Obj *space = NULL, *newline = NULL, *r = NULL;
    for (size_t i = 0; i < nargs; i++) {
        if (i > 0) {
            if (sep == NULL && space == NULL && (space = str_from_cstr(L, " ")) == NULL)
                goto done;
            if (vm_stream_write(L, file, sep ? sep : space) < 0)
                goto done;
        }
        Obj *s = obj_str(L, args[i]);
        if (s == NULL)
            goto done;
        int rc = vm_stream_write(L, file, s);
        obj_decref(L, s);
        if (rc < 0)
            goto done;
    }
    if (end == NULL && (newline = str_from_cstr(L, "\n")) == NULL)
        goto done;
    if (vm_stream_write(L, file, end ? end : newline) < 0)
        goto done;
    if (flush != NULL) {
        int t = obj_is_true(L, flush);
        if (t < 0 || (t && vm_stream_flush(L, file) < 0))
            goto done;
    }
    r = new_none(L);
done:
    obj_xdecref(L, space);
    obj_xdecref(L, newline);
    obj_decref(L, file);
    return r;
}

/* ------------------------------------------------------------------ */
/* Simple functions                                                    */
/* ------------------------------------------------------------------ */

static Obj *bi_len(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    intptr_t n = obj_length(L, args[0]);
    return n < 0 ? NULL : int_from_i64(L, n);
}

static Obj *bi_repr(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return obj_repr(L, args[0]);
}

static Obj *bi_ascii(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return vm_ascii(L, args[0]);
}

static Obj *bi_id(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return int_from_i64(L, (int64_t)(uintptr_t)args[0]);
}

static Obj *bi_hash(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    intptr_t h = obj_hash(L, args[0]);
    return h == -1 && err_occurred(L) ? NULL : int_from_i64(L, h);
}

static Obj *bi_abs(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return obj_absolute(L, args[0]);
}

static Obj *bi_callable(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return new_bool(L, obj_callable(args[0]));
}

static Obj *bi_chr(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *i = obj_index(L, args[0]);
    if (i == NULL)
        return NULL;
    int64_t v = int_as_i64(L, i);
    obj_decref(L, i);
    if (v == -1 && err_occurred(L))
        return NULL;
    if (v < 0 || v > 0x10ffff)
        return err_format(L, EXC_ValueError, "chr() arg not in range(0x110000)");
    return str_from_codepoint(L, (uint32_t)v);
}

static Obj *bi_ord(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *c = args[0];
    if (!str_check(c))
        return err_format(L, EXC_TypeError,
                          "ord() expected string of length 1, but %.200s found", obj_type_name(c));
    if (str_length(c) != 1)
        return err_format(L, EXC_TypeError,
                          "ord() expected a character, but string of length %zd found",
                          (size_t)str_length(c));
    size_t pos = 0;
    return int_from_i64(L, utf8_decode(str_data(c), &pos));
}

/* hex(), oct(), bin(): index(x) in base with its prefix. */
static Obj *radix(Lang *L, Obj *x, int base)
{
    Obj *i = obj_index(L, x);
    if (i == NULL)
        return NULL;
    Obj *r = int_to_base_string(L, i, base, 1, 0);
    obj_decref(L, i);
    return r;
}

static Obj *bi_hex(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return radix(L, args[0], 16);
}

static Obj *bi_oct(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return radix(L, args[0], 8);
}

static Obj *bi_bin(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return radix(L, args[0], 2);
}

static Obj *bi_format(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)kw;
    if (check_nargs(L, "format", nargs, 1, 2) < 0)
        return NULL;
    Obj *spec = nargs > 1 ? args[1] : NULL;
    if (spec != NULL && !str_check(spec))
        return err_format(L, EXC_TypeError, "format() argument 2 must be str, not %.200s",
                          obj_type_name(spec));
    return vm_format(L, args[0], spec);
}

static Obj *bi_divmod(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)kw;
    if (check_nargs(L, "divmod", nargs, 2, 2) < 0)
        return NULL;
    return obj_binary_op(L, args[0], args[1], NB_DIVMOD);
}

static Obj *bi_pow(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    static const char *const kw[] = {"base", "exp", "mod", NULL};
    Obj *opt[3] = {NULL, NULL, NULL};
    for (size_t i = 0; i < nargs && i < 3; i++)
        opt[i] = args[i];
    if (nargs > 3)
        return err_format(L, EXC_TypeError, "pow expected at most 3 arguments, got %zu", nargs);
    if (parse_keywords(L, "pow", args + nargs, kwnames, kw, opt) < 0)
        return NULL;
    if (opt[0] == NULL || opt[1] == NULL)
        return err_format(L, EXC_TypeError, "pow() missing required argument '%s' (pos %d)",
                          opt[0] == NULL ? "base" : "exp", opt[0] == NULL ? 1 : 2);
    if (opt[2] != NULL && opt[2] != L->none)
        return obj_power3(L, opt[0], opt[1], opt[2]);
    return obj_binary_op(L, opt[0], opt[1], NB_POWER);
}

static Obj *bi_round(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    static const char *const kw[] = {"number", "ndigits", NULL};
    Obj *opt[2] = {nargs > 0 ? args[0] : NULL, nargs > 1 ? args[1] : NULL};
    if (nargs > 2)
        return err_format(L, EXC_TypeError, "round() takes at most 2 arguments (%zu given)", nargs);
    if (parse_keywords(L, "round", args + nargs, kwnames, kw, opt) < 0)
        return NULL;
    if (opt[0] == NULL)
        return err_format(L, EXC_TypeError, "round() missing required argument 'number' (pos 1)");
    Obj *name = str_intern_cstr(L, "__round__");
    if (name == NULL)
        return NULL;
    Obj *callargs[2] = {opt[0], opt[1]};
    size_t n = opt[1] != NULL && opt[1] != L->none ? 2 : 1;
    /* Looked up on the type, as special methods are (round(cls) is not
     * cls.__round__()). */
    int found;
    Obj *r = call_special(L, name, callargs, n, &found);
    if (!found && int_check(opt[0]) && n == 1)
        r = obj_index(L, opt[0]);
    else if (!found)
        r = err_format(L, EXC_TypeError, "type %.100s doesn't define __round__ method",
                       obj_type_name(opt[0]));
    obj_decref(L, name);
    return r;
}

/* ------------------------------------------------------------------ */
/* Types and attributes                                                */
/* ------------------------------------------------------------------ */

static Obj *bi_isinstance(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)kw;
    if (check_nargs(L, "isinstance", nargs, 2, 2) < 0)
        return NULL;
    int r = obj_isinstance_of(L, args[0], args[1]);
    return r < 0 ? NULL : new_bool(L, r);
}

static Obj *bi_issubclass(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)kw;
    if (check_nargs(L, "issubclass", nargs, 2, 2) < 0)
        return NULL;
    int r = obj_issubclass_of(L, args[0], args[1]);
    return r < 0 ? NULL : new_bool(L, r);
}

static int attr_name_ok(Lang *L, const char *fname, Obj *name)
{
    (void)fname;
    if (str_check(name))
        return 1;
    err_format(L, EXC_TypeError, "attribute name must be string, not '%.200s'",
               obj_type_name(name));
    return 0;
}

static Obj *bi_hasattr(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)kw;
    if (check_nargs(L, "hasattr", nargs, 2, 2) < 0 || !attr_name_ok(L, "hasattr", args[1]))
        return NULL;
    int r = obj_hasattr(L, args[0], args[1]);
    return r < 0 ? NULL : new_bool(L, r);
}

static Obj *bi_getattr(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)kw;
    if (check_nargs(L, "getattr", nargs, 2, 3) < 0 || !attr_name_ok(L, "getattr", args[1]))
        return NULL;
    if (nargs == 2)
        return obj_getattr(L, args[0], args[1]);
    Obj *v = obj_lookup_attr(L, args[0], args[1]);
    if (v == NULL && !err_occurred(L))
        return obj_newref(args[2]);
    return v;
}

static Obj *bi_setattr(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)kw;
    if (check_nargs(L, "setattr", nargs, 3, 3) < 0 || !attr_name_ok(L, "setattr", args[1]))
        return NULL;
    return obj_setattr(L, args[0], args[1], args[2]) < 0 ? NULL : new_none(L);
}

static Obj *bi_delattr(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)kw;
    if (check_nargs(L, "delattr", nargs, 2, 2) < 0 || !attr_name_ok(L, "delattr", args[1]))
        return NULL;
    return obj_setattr(L, args[0], args[1], NULL) < 0 ? NULL : new_none(L);
}

static Obj *current_locals(Lang *L)
{
    InterpFrame *f = vmof(L)->current;
    if (f == NULL)
        return err_format(L, EXC_SystemError, "no current frame");
    if (f->locals != NULL)
        return obj_newref(f->locals);
    FrameObject *fo = frame_get_object(L, f);
    if (fo == NULL)
        return NULL;
    return obj_getattr_str(L, &fo->ob.ob, "f_locals");
}

static Obj *bi_globals(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)args; (void)nargs; (void)kw;
    InterpFrame *f = vmof(L)->current;
    if (f == NULL)
        return err_format(L, EXC_SystemError, "no current frame");
    return obj_newref(f->globals);
}

static Obj *bi_locals(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)args; (void)nargs; (void)kw;
    return current_locals(L);
}

static Obj *bi_vars(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)kw;
    if (check_nargs(L, "vars", nargs, 0, 1) < 0)
        return NULL;
    if (nargs == 0)
        return current_locals(L);
    Obj *d = obj_lookup_attr(L, args[0], ID(L, __dict__));
    if (d == NULL && !err_occurred(L))
        err_format(L, EXC_TypeError, "vars() argument must have __dict__ attribute");
    return d;
}

/* Adds the keys of dict d to the dict acc (used as a set). */
static int merge_keys(Lang *L, Obj *acc, Obj *d)
{
    if (d == NULL || !dict_check(d))
        return 0;
    size_t pos = 0;
    Obj *key;
    while (dict_next(d, &pos, &key, NULL)) {
        if (dict_setitem(L, acc, key, L->none) < 0)
            return -1;
    }
    return 0;
}

/* The default dir(obj) (object.__dir__ / type.__dir__ / module.__dir__):
 * the instance's __dict__ and the attributes of its class and bases. */
static int default_dir(Lang *L, Obj *obj, Obj *acc)
{
    if (module_check(L, obj))
        return merge_keys(L, acc, module_dict(obj));
    TypeObject *t = type_check(obj) ? (TypeObject *)obj : TYPE(obj);
    if (!type_check(obj)) {
        Obj *d = obj_lookup_attr(L, obj, ID(L, __dict__));
        if (d == NULL && err_occurred(L))
            return -1;
        int r = merge_keys(L, acc, d);
        obj_xdecref(L, d);
        if (r < 0)
            return -1;
    }
    Obj *mro = t->mro;
    for (size_t i = 0; mro != NULL && i < tuple_size(mro); i++) {
        if (merge_keys(L, acc, ((TypeObject *)tuple_get_borrowed(mro, i))->dict) < 0)
            return -1;
    }
    return 0;
}

static Obj *bi_dir(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)kw;
    if (check_nargs(L, "dir", nargs, 0, 1) < 0)
        return NULL;
    Obj *names = NULL, *list = NULL;
    if (nargs == 0) {
        names = current_locals(L);
    } else {
        /* type(x).__dir__(x), not x.__dir__(): dir(cls) must not call
         * the class's own __dir__. */
        Obj *name = str_intern_cstr(L, "__dir__");
        int found = 0;
        if (name != NULL)
            names = call_special(L, name, args, 1, &found);
        if (name != NULL && !found && (names = dict_new(L)) != NULL &&
            default_dir(L, args[0], names) < 0)
            obj_clearref(L, &names);
        obj_xdecref(L, name);
    }
    if (names == NULL)
        return NULL;
    list = list_from_iterable(L, names);
    obj_decref(L, names);
    if (list != NULL && list_sort(L, list, NULL, 0) < 0)
        obj_clearref(L, &list);
    return list;
}

/* ------------------------------------------------------------------ */
/* Iteration                                                           */
/* ------------------------------------------------------------------ */

static Obj *bi_iter(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)kw;
    if (check_nargs(L, "iter", nargs, 1, 2) < 0)
        return NULL;
    if (nargs == 2)
        return vm_callable_iter_new(L, args[0], args[1]);
    return obj_iter(L, args[0]);
}

static Obj *bi_next(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)kw;
    if (check_nargs(L, "next", nargs, 1, 2) < 0)
        return NULL;
    Obj *it = args[0];
    if (TYPE(it)->iternext == NULL)
        return err_format(L, EXC_TypeError, "'%.200s' object is not an iterator",
                          obj_type_name(it));
    Obj *v = TYPE(it)->iternext(L, it);
    if (v != NULL)
        return v;
    if (err_occurred(L)) {
        if (nargs < 2 || !err_matches(L, EXC_StopIteration))
            return NULL;
        err_clear(L);
    }
    if (nargs == 2)
        return obj_newref(args[1]);
    err_set_object(L, &L->exc_types[EXC_StopIteration]->ob);
    return NULL;
}

/* all() and any(): stop at the first item whose truth is `stop`. */
static Obj *all_any(Lang *L, Obj *iterable, int stop)
{
    Obj *it = obj_iter(L, iterable);
    if (it == NULL)
        return NULL;
    for (;;) {
        Obj *v = obj_next(L, it);
        if (v == NULL)
            break;
        int t = obj_is_true(L, v);
        obj_decref(L, v);
        if (t < 0) {
            obj_decref(L, it);
            return NULL;
        }
        if (t == stop) {
            obj_decref(L, it);
            return new_bool(L, stop);
        }
    }
    obj_decref(L, it);
    if (err_occurred(L))
        return NULL;
    return new_bool(L, !stop);
}

static Obj *bi_all(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return all_any(L, args[0], 0);
}

static Obj *bi_any(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return all_any(L, args[0], 1);
}

static Obj *bi_sum(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    static const char *const kw[] = {"start", NULL};
    Obj *opt[1] = {nargs > 1 ? args[1] : NULL};
    if (nargs == 0)
        return err_format(L, EXC_TypeError, "sum() takes at least 1 positional argument (0 given)");
    if (nargs > 2)
        return err_format(L, EXC_TypeError, "sum() takes at most 2 arguments (%zu given)", nargs);
    if (parse_keywords(L, "sum", args + nargs, kwnames, kw, opt) < 0)
        return NULL;
    Obj *start = opt[0];
    if (start != NULL && str_check(start))
        return err_format(L, EXC_TypeError, "sum() can't sum strings [use ''.join(seq) instead]");
    Obj *acc = start ? obj_newref(start) : int_from_i64(L, 0);
    Obj *it = acc ? obj_iter(L, args[0]) : NULL;
    if (it == NULL) {
        obj_xdecref(L, acc);
        return NULL;
    }
    for (;;) {
        Obj *v = obj_next(L, it);
        if (v == NULL)
            break;
        Obj *r = obj_binary_op(L, acc, v, NB_ADD);
        obj_decref(L, v);
        obj_decref(L, acc);
        acc = r;
        if (acc == NULL)
            break;
    }
    obj_decref(L, it);
    if (err_occurred(L)) {
        obj_xdecref(L, acc);
        return NULL;
    }
    return acc;
}

/* min() and max() (CPython's min_max): op is CMP_LT for min, CMP_GT for max. */
static Obj *min_max(Lang *L, Obj *const *args, size_t nargs, Obj *kwnames, int op,
                    const char *name)
{
    static const char *const kw[] = {"key", "default", NULL};
    Obj *opt[2] = {NULL, NULL};
    if (parse_keywords(L, name, args + nargs, kwnames, kw, opt) < 0)
        return NULL;
    Obj *key = opt[0] == L->none ? NULL : opt[0], *deflt = opt[1];
    if (nargs == 0)
        return err_format(L, EXC_TypeError, "%s expected at least 1 argument, got 0", name);
    if (nargs > 1 && deflt != NULL)
        return err_format(L, EXC_TypeError,
                          "Cannot specify a default for %s() with multiple positional arguments",
                          name);
    Obj *seq = NULL;
    if (nargs == 1) {
        seq = obj_newref(args[0]);
    } else {
        seq = tuple_from_array(L, args, nargs);
        if (seq == NULL)
            return NULL;
    }
    Obj *it = obj_iter(L, seq);
    obj_decref(L, seq);
    if (it == NULL)
        return NULL;
    Obj *best = NULL, *bestkey = NULL;
    for (;;) {
        Obj *v = obj_next(L, it);
        if (v == NULL)
            break;
        Obj *k = key ? obj_call1(L, key, v) : obj_newref(v);
        if (k == NULL) {
            obj_decref(L, v);
            goto fail;
        }
        if (best == NULL) {
            best = v;
            bestkey = k;
            continue;
        }
        int c = obj_richcompare_bool(L, k, bestkey, op);
        if (c < 0) {
            obj_decref(L, v);
            obj_decref(L, k);
            goto fail;
        }
        if (c) {
            obj_decref(L, best);
            obj_decref(L, bestkey);
            best = v;
            bestkey = k;
        } else {
            obj_decref(L, v);
            obj_decref(L, k);
        }
    }
    if (err_occurred(L))
        goto fail;
    obj_decref(L, it);
    obj_xdecref(L, bestkey);
    if (best == NULL) {
        if (deflt != NULL)
            return obj_newref(deflt);
        return err_format(L, EXC_ValueError, "%s() arg is an empty sequence", name);
    }
    return best;
fail:
    obj_decref(L, it);
    obj_xdecref(L, best);
    obj_xdecref(L, bestkey);
    return NULL;
}

static Obj *bi_min(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    return min_max(L, args, nargs, kwnames, CMP_LT, "min");
}

static Obj *bi_max(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    return min_max(L, args, nargs, kwnames, CMP_GT, "max");
}

static Obj *bi_sorted(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    if (nargs != 1)
        return err_format(L, EXC_TypeError, "sorted expected 1 argument, got %zu", nargs);
    Obj *list = list_from_iterable(L, args[0]);
    if (list == NULL)
        return NULL;
    /* list.sort(**keywords): self then the keyword values. */
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    Obj *small[8];
    Obj **vec = nkw + 1 <= 8 ? small : mem_alloc(L, (nkw + 1) * sizeof(Obj *));
    if (vec == NULL) {
        obj_decref(L, list);
        return NULL;
    }
    vec[0] = list;
    for (size_t i = 0; i < nkw; i++)
        vec[1 + i] = args[nargs + i];
    Obj *name = str_intern_cstr(L, "sort");
    Obj *r = name ? obj_call_method(L, name, vec, 1, kwnames) : NULL;
    obj_xdecref(L, name);
    if (vec != small)
        mem_free(L, vec, (nkw + 1) * sizeof(Obj *));
    if (r == NULL) {
        obj_decref(L, list);
        return NULL;
    }
    obj_decref(L, r);
    return list;
}

/* ------------------------------------------------------------------ */
/* Classes and imports                                                 */
/* ------------------------------------------------------------------ */

/* __build_class__(func, name, *bases, metaclass=None, **kwds). */
static Obj *bi_build_class(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    if (nargs < 2)
        return err_format(L, EXC_TypeError, "__build_class__: not enough arguments");
    Obj *func = args[0], *name = args[1];
    if (!func_check(L, func))
        return err_format(L, EXC_TypeError, "__build_class__: func must be a function");
    if (!str_check(name))
        return err_format(L, EXC_TypeError, "__build_class__: name is not a string");
    Obj *bases = tuple_from_array(L, args + 2, nargs - 2);
    if (bases == NULL)
        return NULL;
    /* Keywords other than metaclass go to the class creation. */
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    Obj *meta = NULL, *kwn = NULL, *ns = NULL, *cell = NULL, *cls = NULL;
    Obj *kwvals[16];
    size_t nrest = 0;
    if (nkw > 16) {
        err_format(L, EXC_TypeError, "__build_class__: too many keyword arguments");
        goto done;
    }
    for (size_t i = 0; i < nkw; i++) {
        if (str_equal_cstr(tuple_get_borrowed(kwnames, i), "metaclass"))
            meta = args[nargs + i];
        else
            kwvals[nrest++] = args[nargs + i];
    }
    if (nrest) {
        kwn = tuple_new(L, nrest);
        if (kwn == NULL)
            goto done;
        for (size_t i = 0, k = 0; i < nkw; i++) {
            Obj *kname = tuple_get_borrowed(kwnames, i);
            if (!str_equal_cstr(kname, "metaclass"))
                tuple_init_take(kwn, k++, obj_newref(kname));
        }
    }
    TypeObject *metatype;
    if (meta != NULL && !type_check(meta)) {
        err_format(L, EXC_TypeError, "metaclass is not a type (not supported by ouro)");
        goto done;
    }
    if (meta == NULL)
        meta = tuple_size(bases) ? &TYPE(tuple_get_borrowed(bases, 0))->ob : &L->t_type->ob;
    metatype = type_calculate_meta(L, (TypeObject *)meta, bases);
    if (metatype == NULL)
        goto done;
    ns = dict_new(L);
    if (ns == NULL)
        goto done;
    cell = vm_call_with_locals(L, func, ns);
    if (cell == NULL)
        goto done;
    Obj *classcell = str_intern_cstr(L, "__classcell__");
    if (classcell == NULL)
        goto done;
    Obj *popped = NULL;
    int r = dict_pop(L, ns, classcell, &popped);
    obj_decref(L, classcell);
    obj_xdecref(L, popped);
    if (r < 0)
        goto done;
    if (metatype == L->t_type || !TYPE_HAS(metatype, TF_HEAPTYPE)) {
        cls = (Obj *)type_new_full(L, metatype, name, bases, ns, kwvals, kwn);
    } else {
        Obj *callargs[3 + 16] = {name, bases, ns};
        for (size_t i = 0; i < nrest; i++)
            callargs[3 + i] = kwvals[i];
        cls = obj_call(L, &metatype->ob, callargs, 3, kwn);
    }
    if (cls != NULL)
        vm_hint_class_layout(L, cls);
    if (cls != NULL && cell != L->none && cell_check(L, cell))
        cell_set_take(L, cell, obj_newref(cls));
done:
    obj_xdecref(L, cell);
    obj_xdecref(L, ns);
    obj_xdecref(L, kwn);
    obj_decref(L, bases);
    return cls;
}

static Obj *bi_import(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    static const char *const kw[] = {"name", "globals", "locals", "fromlist", "level", NULL};
    Obj *opt[5] = {NULL, NULL, NULL, NULL, NULL};
    for (size_t i = 0; i < nargs && i < 5; i++)
        opt[i] = args[i];
    if (parse_keywords(L, "__import__", args + nargs, kwnames, kw, opt) < 0)
        return NULL;
    if (opt[0] == NULL || !str_check(opt[0]))
        return err_format(L, EXC_TypeError, "__import__() argument 1 must be str");
    Obj *level = opt[4] ? obj_newref(opt[4]) : int_from_i64(L, 0);
    if (level == NULL)
        return NULL;
    Obj *r = vm_import(L, opt[0], opt[3] ? opt[3] : L->none, level);
    obj_decref(L, level);
    return r;
}

/* eval() and exec(): source (str) or a code object, run in globals and
 * locals (the caller's when omitted). */
static Obj *run_source(Lang *L, Obj *const *args, size_t nargs, Obj *kwnames, const char *fname,
                       CompileMode mode)
{
    static const char *const kw[] = {"source", "globals", "locals", NULL};
    Obj *opt[3] = {NULL, NULL, NULL};
    for (size_t i = 0; i < nargs && i < 3; i++)
        opt[i] = args[i];
    if (nargs > 3)
        return err_format(L, EXC_TypeError, "%s expected at most 3 arguments, got %zu", fname, nargs);
    if (parse_keywords(L, fname, args + nargs, kwnames, kw + 1, opt + 1) < 0)
        return NULL;
    if (opt[0] == NULL)
        return err_format(L, EXC_TypeError, "%s expected at least 1 argument, got 0", fname);
    Obj *globals = opt[1] == L->none ? NULL : opt[1];
    Obj *locals = opt[2] == L->none ? NULL : opt[2];
    if (globals != NULL && !dict_check(globals))
        return err_format(L, EXC_TypeError, "%s() globals must be a dict, not %.100s", fname,
                          obj_type_name(globals));
    InterpFrame *f = vmof(L)->current;
    Obj *owned_locals = NULL;
    if (globals == NULL) {
        if (f == NULL)
            return err_format(L, EXC_SystemError, "no current frame");
        globals = f->globals;
        if (locals == NULL && (locals = owned_locals = current_locals(L)) == NULL)
            return NULL;
    } else if (locals == NULL) {
        locals = globals;
    }
    Obj *code = NULL;
    if (code_check(L, opt[0])) {
        code = obj_newref(opt[0]);
    } else if (str_check(opt[0])) {
        Obj *name = str_from_cstr(L, "<string>");
        if (name != NULL) {
            const char *src = str_data(opt[0]);
            size_t n = str_nbytes(opt[0]);
            /* eval() ignores leading spaces and tabs, as CPython's. */
            while (mode == COMPILE_EVAL && n > 0 && (*src == ' ' || *src == '\t')) {
                src++;
                n--;
            }
            code = comp_compile_source(L, src, n, name, mode);
            obj_decref(L, name);
        }
    } else {
        err_format(L, EXC_TypeError, "%s() arg 1 must be a string, bytes or code object", fname);
    }
    Obj *r = NULL;
    if (code != NULL) {
        /* globals get '__builtins__' if they lack it, as CPython does. */
        Obj *key = str_intern_cstr(L, "__builtins__");
        if (key != NULL && dict_getitem_str(globals, key) == NULL)
            dict_setitem(L, globals, key, vmof(L)->builtins_module);
        obj_xdecref(L, key);
        if (!err_occurred(L))
            r = vm_eval_code(L, code, globals, locals);
        obj_decref(L, code);
    }
    obj_xdecref(L, owned_locals);
    if (r != NULL && mode == COMPILE_EXEC) {
        obj_decref(L, r);
        r = new_none(L);
    }
    return r;
}

static Obj *bi_eval(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    return run_source(L, args, nargs, kwnames, "eval", COMPILE_EVAL);
}

static Obj *bi_exec(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    return run_source(L, args, nargs, kwnames, "exec", COMPILE_EXEC);
}

/* input([prompt]): the prompt to sys.stdout, one line from the process's
 * standard input without its newline; EOFError at end of input. */
static Obj *bi_input(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)kw;
    if (check_nargs(L, "input", nargs, 0, 1) < 0)
        return NULL;
    VM *vm = vmof(L);
    Obj *out = vm->sys_module ? dict_getitem_str(module_dict(vm->sys_module), vm->str_stdout)
                              : NULL;
    if (nargs == 1 && out != NULL && out != L->none) {
        obj_incref(out);
        Obj *p = obj_str(L, args[0]);
        int r = p ? vm_stream_write(L, out, p) : -1;
        obj_xdecref(L, p);
        if (r == 0)
            r = vm_stream_flush(L, out);
        obj_decref(L, out);
        if (r < 0)
            return NULL;
    }
    fflush(stdout);
    StrBuilder sb;
    sb_init(L, &sb);
    int c, any = 0;
    while ((c = getchar()) != EOF) {
        any = 1;
        if (c == '\n')
            break;
        if (sb_append_char(&sb, (char)c) < 0) {
            sb_abandon(&sb);
            return NULL;
        }
    }
    if (!any) {
        sb_abandon(&sb);
        return err_set_string(L, EXC_EOFError, "EOF when reading a line");
    }
    return sb_finish(&sb);
}

static Obj *bi_exit(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)kw;
    Obj *t = tuple_from_array(L, args, nargs);
    if (t == NULL)
        return NULL;
    Obj *e = obj_call(L, &L->exc_types[EXC_SystemExit]->ob, tuple_items(t), nargs, NULL);
    obj_decref(L, t);
    if (e != NULL) {
        err_set_object(L, e);
        obj_decref(L, e);
    }
    return NULL;
}

static const MethodDef builtin_functions[] = {
    {"__build_class__", bi_build_class, METH_KEYWORDS, NULL},
    {"__import__", bi_import, METH_KEYWORDS, NULL},
    {"abs", bi_abs, METH_O, NULL},
    {"all", bi_all, METH_O, NULL},
    {"any", bi_any, METH_O, NULL},
    {"ascii", bi_ascii, METH_O, NULL},
    {"bin", bi_bin, METH_O, NULL},
    {"callable", bi_callable, METH_O, NULL},
    {"chr", bi_chr, METH_O, NULL},
    {"delattr", bi_delattr, 0, NULL},
    {"dir", bi_dir, 0, NULL},
    {"divmod", bi_divmod, 0, NULL},
    {"eval", bi_eval, METH_KEYWORDS, NULL},
    {"exec", bi_exec, METH_KEYWORDS, NULL},
    {"exit", bi_exit, 0, NULL},
    {"format", bi_format, 0, NULL},
    {"getattr", bi_getattr, 0, NULL},
    {"globals", bi_globals, METH_NOARGS, NULL},
    {"hasattr", bi_hasattr, 0, NULL},
    {"hash", bi_hash, METH_O, NULL},
    {"hex", bi_hex, METH_O, NULL},
    {"id", bi_id, METH_O, NULL},
    {"input", bi_input, 0, NULL},
    {"isinstance", bi_isinstance, 0, NULL},
    {"issubclass", bi_issubclass, 0, NULL},
    {"iter", bi_iter, 0, NULL},
    {"len", bi_len, METH_O | METH_NO_LEVEL, NULL},
    {"locals", bi_locals, METH_NOARGS, NULL},
    {"max", bi_max, METH_KEYWORDS, NULL},
    {"min", bi_min, METH_KEYWORDS, NULL},
    {"next", bi_next, 0, NULL},
    {"oct", bi_oct, METH_O, NULL},
    {"ord", bi_ord, METH_O, NULL},
    {"pow", bi_pow, METH_KEYWORDS, NULL},
    {"print", bi_print, METH_KEYWORDS, NULL},
    {"quit", bi_exit, 0, NULL},
    {"repr", bi_repr, METH_O, NULL},
    {"round", bi_round, METH_KEYWORDS, NULL},
    {"setattr", bi_setattr, 0, NULL},
    {"sorted", bi_sorted, METH_KEYWORDS, NULL},
    {"sum", bi_sum, METH_KEYWORDS, NULL},
    {"vars", bi_vars, 0, NULL},
    {NULL, NULL, 0, NULL},
};

/* ------------------------------------------------------------------ */
/* The module                                                          */
/* ------------------------------------------------------------------ */

static int add_type(Lang *L, Obj *dict, TypeObject *t)
{
    if (t == NULL)
        return 0;
    return dict_setitem(L, dict, t->name, &t->ob);
}

Obj *vm_make_builtins(Lang *L)
{
    if (vm_init_builtin_types(L) < 0)
        return NULL;
    Obj *m = module_new_cstr(L, "builtins");
    if (m == NULL)
        return NULL;
    Obj *d = module_dict(m);
    if (module_add_functions(L, m, builtin_functions) < 0)
        goto fail;
    TypeObject *types[] = {
        L->t_object, L->t_type, L->t_int, L->t_bool, L->t_str, L->t_tuple, L->t_dict,
        L->t_list, L->t_set, L->t_frozenset, L->t_float, L->t_range, L->t_slice, L->t_super,
        L->t_property, L->t_staticmethod, L->t_classmethod,
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        if (add_type(L, d, types[i]) < 0)
            goto fail;
    }
    if (vm_add_builtin_types(L, d) < 0)
        goto fail;
    for (int i = 0; i < EXC_COUNT; i++) {
        if (add_type(L, d, L->exc_types[i]) < 0)
            goto fail;
    }
    if (dict_setitem_cstr(L, d, "None", L->none) < 0 ||
        dict_setitem_cstr(L, d, "Ellipsis", L->ellipsis) < 0 ||
        dict_setitem_cstr(L, d, "NotImplemented", L->not_implemented) < 0 ||
        dict_setitem_cstr(L, d, "True", L->true_) < 0 ||
        dict_setitem_cstr(L, d, "False", L->false_) < 0 ||
        dict_setitem_cstr(L, d, "__debug__", L->true_) < 0)
        goto fail;
    /* EnvironmentError and IOError are OSError in Python 3. */
    if (dict_setitem_cstr(L, d, "EnvironmentError", &L->exc_types[EXC_OSError]->ob) < 0 ||
        dict_setitem_cstr(L, d, "IOError", &L->exc_types[EXC_OSError]->ob) < 0)
        goto fail;
    return m;
fail:
    obj_decref(L, m);
    return NULL;
}
