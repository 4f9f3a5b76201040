/*
 * evalops.c - the parts of instructions too long to inline in the eval
 * loop (eval.c): name lookups in namespaces, LOAD_METHOD, unpacking,
 * raise and except matching, with-statement entry, f-string pieces,
 * MAKE_FUNCTION, f(*args, **kwargs), imports. Each works on values the
 * loop passes and follows the loop's ownership rules, stated per function
 * in evalops.h.
 */
#include <string.h>

#include "evalops.h"
#include "../compiler/opcodes.h"
#include "../objects/descrobject.h"
#include "../objects/dictobject.h"
#include "../objects/exceptions.h"
#include "../objects/instance.h"
#include "../objects/intobject.h"
#include "../objects/moduleobject.h"
#include "../objects/strobject.h"
#include "../objects/tupleobject.h"
#include "../objects/typeobject.h"

/* A name in a namespace mapping: borrowed for dicts, else a new reference
 * in *owned. NULL without exception when absent. */
Obj *vmop_mapping_lookup(Lang *L, Obj *ns, Obj *name, Obj **owned)
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

Obj *vmop_load_name(Lang *L, InterpFrame *f, Obj *name)
{
    Obj *owned, *v;
    if (f->locals == NULL)
        return err_format(L, EXC_SystemError, "no locals when loading %R", name);
    v = vmop_mapping_lookup(L, f->locals, name, &owned);
    if (v != NULL)
        return owned ? owned : obj_newref(v);
    if (err_occurred(L))
        return NULL;
    v = dict_getitem_str(f->globals, name);
    if (v != NULL)
        return obj_newref(v);
    v = vmop_mapping_lookup(L, f->builtins, name, &owned);
    if (v != NULL)
        return owned ? owned : obj_newref(v);
    if (err_occurred(L))
        return NULL;
    return vm_name_error(L, name);
}

Obj *vmop_load_global(Lang *L, InterpFrame *f, Obj *name)
{
    Obj *v = dict_getitem_str(f->globals, name);
    if (v != NULL)
        return obj_newref(v);
    Obj *owned;
    v = vmop_mapping_lookup(L, f->builtins, name, &owned);
    if (v != NULL)
        return owned ? owned : obj_newref(v);
    if (err_occurred(L))
        return NULL;
    return vm_name_error(L, name);
}

Obj *vmop_load_global_cached(Lang *L, InterpFrame *f, Obj *name, InstrCache *c)
{
    Obj *g = f->globals, *b = f->builtins;
    if (!dict_check_exact(L, g))
        return vmop_load_global(L, f, name);
    intptr_t ix = dict_index_str(g, name);
    if (ix >= 0) {
        *c = (InstrCache){dict_keys_version(L, g), 0, {(uintptr_t)ix}};
        return obj_newref(dict_keys_entries(((DictObject *)g)->keys)[ix].value);
    }
    if (!dict_check_exact(L, b))
        return vmop_load_global(L, f, name);
    ix = dict_index_str(b, name);
    if (ix < 0)
        return vm_name_error(L, name);
    uint32_t gv = dict_keys_version(L, g), bv = dict_keys_version(L, b);
    if (gv != 0 && bv != 0)
        *c = (InstrCache){gv, bv, {(uintptr_t)ix}};
    return obj_newref(dict_keys_entries(((DictObject *)b)->keys)[ix].value);
}

int vmop_store_name(Lang *L, InterpFrame *f, Obj *name, Obj *v)
{
    if (f->locals == NULL) {
        err_format(L, EXC_SystemError, "no locals found when storing %R", name);
        return -1;
    }
    if (dict_check_exact(L, f->locals))
        return dict_setitem(L, f->locals, name, v);
    return obj_setitem(L, f->locals, name, v);
}

int vmop_delete_from(Lang *L, Obj *ns, Obj *name)
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
int vmop_load_method(Lang *L, Obj **sp, Obj *name)
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

/* What an attribute cache for name on instances of tp should hold (see
 * evalops.h), or an empty cache. Runs no code. */
static InstrCache attr_cache_for(Lang *L, TypeObject *tp, Obj *name)
{
    InstrCache none = {0, 0, {0}};
    if (!str_check_exact(L, name) || !str_is_interned(name))
        return none;
    Obj *descr = type_lookup(L, tp, name);
    uint32_t version = tp->version;       /* assigned by the lookup, or 0 */
    if (version == 0)
        return none;
    if (descr == NULL) {
        if (!TYPE_HAS(tp, TF_INLINE_VALUES) || !TYPE_HAS(tp, TF_LAYOUT_FIXED))
            return none;
        intptr_t i = instance_key_index(L, tp, name);
        return i < 0 ? none : (InstrCache){version, ATTR_CACHE_INLINE, {(uintptr_t)i}};
    }
    if (IS_TYPE(descr, L->t_member_descr)) {
        const MemberDef *def = ((MemberDescrObject *)descr)->def;
        /* The offset is only meaningful in instances of the descriptor's
         * class (a member copied into an unrelated class raises). */
        if (def->kind == MEMBER_OBJECT_EX && !(def->flags & MEMBER_READONLY) &&
            type_is_subtype(tp, ((DescrObject *)descr)->d_type))
            return (InstrCache){version, ATTR_CACHE_SLOT, {def->offset}};
    }
    return none;
}

Obj *vmop_load_attr_cached(Lang *L, Obj *owner, Obj *name, InstrCache *c)
{
    TypeObject *tp = TYPE(owner);
    if (tp->getattro == object_generic_getattr)
        *c = attr_cache_for(L, tp, name);
    return obj_getattr(L, owner, name);
}

int vmop_store_attr_cached(Lang *L, Obj *owner, Obj *name, Obj *v, InstrCache *c)
{
    int r = obj_setattr(L, owner, name, v);
    /* After the store: a first store adds the name to the shared keys.
     * The type is read again (a finalizer run by the store may have
     * changed the class of owner, or the class). */
    TypeObject *tp = TYPE(owner);
    if (r == 0 && tp->setattro == object_generic_setattr)
        *c = attr_cache_for(L, tp, name);
    return r;
}

int vmop_load_method_cached(Lang *L, Obj **sp, Obj *name, InstrCache *c)
{
    Obj *obj = sp[-1];
    TypeObject *tp = TYPE(obj);
    c->version = 0;
    if (tp->getattro == object_generic_getattr && str_is_interned(name)) {
        Obj *f = type_lookup(L, tp, name);
        uint32_t version = tp->version;
        if (f != NULL && version != 0 && TYPE_HAS(TYPE(f), TF_METHOD_DESCRIPTOR)) {
            uint32_t aux = 0;
            int ok = 1;
            if (TYPE_HAS(tp, TF_INLINE_VALUES) && TYPE_HAS(tp, TF_LAYOUT_FIXED)) {
                intptr_t i = instance_key_index(L, tp, name);
                aux = i >= 0 ? (uint32_t)i + 1 : METHOD_CACHE_ABSENT | (uint32_t)tp->keys->n;
            } else if (instance_has_dict(obj)) {
                ok = 0;
            }
            if (ok)
                *c = (InstrCache){version, aux, {.obj = f}};
        }
    }
    return vmop_load_method(L, sp, name);
}

/* UNPACK_SEQUENCE: stores n items of seq in out[n-1] .. out[0] (first
 * item on top). Returns 0 or -1. */
int vmop_unpack_sequence(Lang *L, Obj *seq, size_t n, Obj **out)
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
int vmop_unpack_ex(Lang *L, Obj *seq, size_t before, size_t after, Obj **out)
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
int vmop_do_raise(Lang *L, Obj *exc, Obj *cause)
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

int vmop_check_except_type(Lang *L, Obj *type)
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
Obj *vmop_lookup_special(Lang *L, Obj *obj, Obj *name)
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
int vmop_before_with(Lang *L, Obj **sp)
{
    Obj *mgr = sp[-1];
    Obj *enter_name = str_intern_cstr(L, "__enter__");
    Obj *exit_name = str_intern_cstr(L, "__exit__");
    Obj *enter = NULL, *exit = NULL, *res = NULL;
    int rc = -1;
    if (enter_name == NULL || exit_name == NULL)
        goto done;
    enter = vmop_lookup_special(L, mgr, enter_name);
    if (enter == NULL) {
        if (!err_occurred(L))
            err_format(L, EXC_TypeError,
                       "'%.200s' object does not support the context manager protocol",
                       obj_type_name(mgr));
        goto done;
    }
    exit = vmop_lookup_special(L, mgr, exit_name);
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
Obj *vmop_build_string(Lang *L, Obj **items, size_t n)
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
Obj *vmop_format_value(Lang *L, Obj *value, Obj *spec, unsigned conv)
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
Obj *vmop_make_function(Lang *L, InterpFrame *f, Obj *code, unsigned flags, Obj **extras)
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
void vmop_dict_merge_error(Lang *L, Obj *func, Obj *update)
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
int vmop_dict_merge_unique(Lang *L, Obj *d, Obj *update)
{
    if (!dict_check(update)) {
        Obj *tmp = dict_new(L);
        if (tmp == NULL)
            return -1;
        if (dict_update(L, tmp, update) < 0) {
            obj_decref(L, tmp);
            return -1;
        }
        int r = vmop_dict_merge_unique(L, d, tmp);
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
Obj *vmop_call_function_ex(Lang *L, Obj *func, Obj *callargs, Obj *kwargs)
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
        if (d == NULL || vmop_dict_merge_unique(L, d, kwargs) < 0) {
            if (d != NULL)
                vmop_dict_merge_error(L, func, kwargs);
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

Obj *vmop_import_from(Lang *L, Obj *module, Obj *name)
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

int vmop_import_star(Lang *L, InterpFrame *f, Obj *module)
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
            rc = vmop_store_name(L, f, key, value);
    }
    (void)pos;
    obj_decref(L, keys);
    return rc;
}

int vmop_setup_annotations(Lang *L, InterpFrame *f)
{
    Obj *key = str_intern_cstr(L, "__annotations__");
    if (key == NULL)
        return -1;
    int rc = 0;
    Obj *owned;
    Obj *v = vmop_mapping_lookup(L, f->locals, key, &owned);
    obj_xdecref(L, owned);
    if (v == NULL && !err_occurred(L)) {
        Obj *d = dict_new(L);
        rc = d ? vmop_store_name(L, f, key, d) : -1;
        obj_xdecref(L, d);
    } else if (v == NULL) {
        rc = -1;
    }
    obj_decref(L, key);
    return rc;
}

int vmop_print_expr(Lang *L, Obj *v)
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

