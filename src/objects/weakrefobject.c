/*
 * weakrefobject.c - weakref.ref, weakref.proxy and the callable proxy
 * (weakrefobject.h states the invariants), on the core's OuroWeakRef: the
 * core links each one into its referent's list, clears it when the
 * referent dies (by refcount or in a collection) and runs its callback
 * through the runtime's call_callback hook, which this file installs.
 *
 * Behaviour and messages are CPython 3.11's (Objects/weakrefobject.c):
 * a ref is called to get its referent (None once dead), hashes and
 * compares as its referent while that lives (the hash is kept once
 * computed; dead refs compare by identity); a proxy forwards attribute
 * access, operators, calls, len, items, iteration and str to its referent
 * and raises ReferenceError once the referent is dead.
 */
#include "weakrefobject.h"

#include "listobject.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

/* ------------------------------------------------------------------ */
/* The referent's list                                                 */
/* ------------------------------------------------------------------ */

/* Whether wr (on some list) is one of this Lang's weakrefs or proxies, as
 * opposed to the core's own weakref type, which the VM uses. */
static int is_lang_weakref(Lang *L, const OuroWeakRef *wr)
{
    const Obj *o = &wr->ob;
    return o->type->data == L && (weakref_check(L, o) || weakref_proxy_check(L, o));
}

static int is_basic_ref(Lang *L, const OuroWeakRef *wr)
{
    return wr->callback == NULL && IS_TYPE(&wr->ob, L->t_weakref);
}

static int is_basic_proxy(Lang *L, const OuroWeakRef *wr)
{
    return wr->callback == NULL && weakref_proxy_check(L, &wr->ob);
}

/* The shared callback-less ref (proxy: 0) or proxy (proxy: 1) of obj, or
 * NULL. Borrowed. */
static OuroWeakRef *find_basic(Lang *L, Obj *obj, int proxy)
{
    for (OuroWeakRef *wr = ouro_weakref_list(L->rt, obj); wr != NULL; wr = wr->next) {
        if (proxy ? is_basic_proxy(L, wr) : is_basic_ref(L, wr))
            return wr;
    }
    return NULL;
}

/*
 * Where a new weakref goes in its referent's list: CPython keeps the basic
 * ref first, then the basic proxy, then the others newest first. The basic
 * ref goes to the head; the basic proxy behind the basic ref; any other
 * weakref behind both. Returns the weakref to link it behind (borrowed),
 * or NULL for the head (ouro_weakref_init_after).
 */
static OuroWeakRef *place_in_list(Lang *L, Obj *referent, int basic_ref, int basic_proxy)
{
    OuroWeakRef *after = NULL;
    if (basic_ref)
        return NULL;
    for (OuroWeakRef *p = ouro_weakref_list(L->rt, referent); p != NULL; p = p->next) {
        if (is_basic_ref(L, p) || (!basic_proxy && is_basic_proxy(L, p)))
            after = p;
    }
    return after;
}

size_t weakref_count(Lang *L, Obj *obj)
{
    size_t n = 0;
    for (OuroWeakRef *wr = ouro_weakref_list(L->rt, obj); wr != NULL; wr = wr->next)
        n += is_lang_weakref(L, wr);
    return n;
}

Obj *weakref_list(Lang *L, Obj *obj)
{
    size_t n, i = 0;
    Obj *list;
    /* The allocation may run a collection that changes obj's list: count
     * again after it. Filling the list then runs no code. */
    for (;;) {
        n = weakref_count(L, obj);
        if ((list = list_new(L, n)) == NULL)
            return NULL;
        if (weakref_count(L, obj) == n)
            break;
        obj_decref(L, list);   /* items all NULL: nothing runs */
    }
    for (OuroWeakRef *wr = ouro_weakref_list(L->rt, obj); wr != NULL && i < n; wr = wr->next) {
        if (is_lang_weakref(L, wr))
            list_init_take(list, i++, obj_newref(&wr->ob));
    }
    return list;
}

/* ------------------------------------------------------------------ */
/* Creation and lifecycle                                              */
/* ------------------------------------------------------------------ */

static Obj *not_weakrefable(Lang *L, Obj *obj)
{
    return err_format(L, EXC_TypeError, "cannot create weak reference to '%s' object",
                      obj_type_name(obj));
}

/*
 * A new weakref of type (t_weakref or a subclass, or a proxy type) to obj
 * with callback (borrowed; NULL or None for none). Callback-less refs of
 * the exact type, and callback-less proxies, are shared. New reference or
 * NULL with an exception.
 */
static Obj *new_weakref(Lang *L, TypeObject *type, Obj *obj, Obj *callback)
{
    if (!ouro_type_is_weakrefable(obj->type))
        return not_weakrefable(L, obj);
    if (callback == L->none)
        callback = NULL;
    int proxy = type == L->t_proxy || type == L->t_callable_proxy;
    int basic = callback == NULL && (proxy || type == L->t_weakref);
    OuroWeakRef *found = basic ? find_basic(L, obj, proxy) : NULL;
    if (found != NULL)
        return obj_newref(&found->ob);
    WeakRefObject *self = (WeakRefObject *)obj_alloc(L, type);
    if (self == NULL)
        return NULL;
    /* The allocation may have run a collection, and so callbacks and
     * finalizers that made the basic ref meanwhile: look again. */
    found = basic ? find_basic(L, obj, proxy) : NULL;
    if (found != NULL) {
        obj_decref(L, &self->wr.ob);
        return obj_newref(&found->ob);
    }
    self->hash = -1;
    OuroWeakRef *after = place_in_list(L, obj, basic && !proxy, basic && proxy);
    /* Fails only when obj's side-table entry cannot be made (the type is
     * checked above): MemoryError. */
    if (ouro_weakref_init_after(L->rt, &self->wr, obj, callback, after) < 0) {
        obj_decref(L, &self->wr.ob);
        return err_no_memory(L);
    }
    obj_track(L, &self->wr.ob);
    return &self->wr.ob;
}

Obj *weakref_new_ref(Lang *L, Obj *obj, Obj *callback)
{
    return new_weakref(L, L->t_weakref, obj, callback);
}

Obj *weakref_new_proxy(Lang *L, Obj *obj, Obj *callback)
{
    return new_weakref(L, obj_callable(obj) ? L->t_callable_proxy : L->t_proxy, obj, callback);
}

static void weakref_dealloc(OuroRuntime *rt, Obj *self)
{
    ouro_weakref_fini(rt, &((WeakRefObject *)self)->wr);
}

static int weakref_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    return ouro_weakref_traverse(&((WeakRefObject *)self)->wr, visit, arg);
}

/* CPython's gc_clear: the weakref is cleared and drops its callback. */
static int weakref_clear(OuroRuntime *rt, Obj *self)
{
    ouro_weakref_fini(rt, &((WeakRefObject *)self)->wr);
    return 0;
}

/* PyArg_UnpackTuple's message for 1 or 2 positional arguments. */
static int check_one_or_two(Lang *L, const char *name, size_t nargs)
{
    if (nargs == 0) {
        err_format(L, EXC_TypeError, "%s expected at least 1 argument, got 0", name);
        return -1;
    }
    if (nargs > 2) {
        err_format(L, EXC_TypeError, "%s expected at most 2 arguments, got %zu", name, nargs);
        return -1;
    }
    return 0;
}

/* ref.__new__(type, obj, callback=None): keyword arguments are left to
 * __init__, as CPython's. */
static Obj *weakref_tp_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs,
                           Obj *kwnames)
{
    (void)kwnames;
    if (check_one_or_two(L, "__new__", nargs) < 0)
        return NULL;
    return new_weakref(L, type, args[0], nargs > 1 ? args[1] : NULL);
}

static int weakref_init(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    (void)args;
    if (kwnames != NULL && tuple_size(kwnames) > 0) {
        err_format(L, EXC_TypeError, "ref() takes no keyword arguments");
        return -1;
    }
    return check_one_or_two(L, "__init__", nargs);
}

/* ------------------------------------------------------------------ */
/* ReferenceType                                                       */
/* ------------------------------------------------------------------ */

static Obj *weakref_call(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    if (kwnames != NULL && tuple_size(kwnames) > 0)
        return err_format(L, EXC_TypeError, "weakref() takes no keyword arguments");
    if (nargs != 0)
        return err_format(L, EXC_TypeError, "weakref expected 0 arguments, got %zu", nargs);
    Obj *o = weakref_get_borrowed(self);
    return obj_newref(o != NULL ? o : L->none);
}

static intptr_t weakref_hash(Lang *L, Obj *self)
{
    WeakRefObject *r = (WeakRefObject *)self;
    if (r->hash != -1)
        return r->hash;
    Obj *o = weakref_get_borrowed(self);
    if (o == NULL) {
        err_format(L, EXC_TypeError, "weak object has gone away");
        return -1;
    }
    obj_incref(o);   /* hashing runs code that may drop the referent */
    r->hash = obj_hash(L, o);
    obj_decref(L, o);
    return r->hash;
}

static Obj *weakref_richcompare(Lang *L, Obj *a, Obj *b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !(weakref_check(L, a) || weakref_proxy_check(L, a)) ||
        !(weakref_check(L, b) || weakref_proxy_check(L, b)))
        return new_not_implemented(L);
    Obj *x = weakref_get_borrowed(a), *y = weakref_get_borrowed(b);
    if (x == NULL || y == NULL)
        return new_bool(L, (a == b) == (op == CMP_EQ));
    obj_incref(x);
    obj_incref(y);
    Obj *r = obj_richcompare(L, x, y, op);
    obj_decref(L, x);
    obj_decref(L, y);
    return r;
}

static Obj *weakref_repr(Lang *L, Obj *self)
{
    Obj *o = weakref_get_borrowed(self);
    if (o == NULL)
        return str_from_format(L, "<weakref at %p; dead>", (void *)self);
    obj_incref(o);
    Obj *name = obj_lookup_attr(L, o, ID(L, __name__)), *r = NULL;
    if (name == NULL && err_occurred(L))
        goto done;
    if (name != NULL && str_check(name))
        r = str_from_format(L, "<weakref at %p; to '%s' at %p (%U)>", (void *)self,
                            obj_type_name(o), (void *)o, name);
    else
        r = str_from_format(L, "<weakref at %p; to '%s' at %p>", (void *)self, obj_type_name(o),
                            (void *)o);
done:
    obj_xdecref(L, name);
    obj_decref(L, o);
    return r;
}

static Obj *get_callback(Lang *L, Obj *self)
{
    Obj *cb = ((WeakRefObject *)self)->wr.callback;
    return obj_newref(cb != NULL ? cb : L->none);
}

static const GetSetDef weakref_getsets[] = {
    {"__callback__", get_callback, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

static const TypeSpec weakref_spec = {
    .name = "weakref.ReferenceType",
    .basic_size = sizeof(WeakRefObject),
    .core_flags = OURO_TYPE_GC | OURO_TYPE_WEAKREF,
    .flags = TF_BASETYPE,
    .dealloc = weakref_dealloc,
    .traverse = weakref_traverse,
    .clear = weakref_clear,
    .repr = weakref_repr,
    .hash = weakref_hash,
    .richcompare = weakref_richcompare,
    .call = weakref_call,
    .tp_new = weakref_tp_new,
    .init = weakref_init,
    .getsets = weakref_getsets,
};

/* ------------------------------------------------------------------ */
/* ProxyType and CallableProxyType                                     */
/* ------------------------------------------------------------------ */

/* The referent of a proxy, as a new reference, or NULL with
 * ReferenceError; any other object is returned as is (new reference):
 * CPython's UNWRAP, which lets an operator see through both operands. */
static Obj *unwrap(Lang *L, Obj *o)
{
    if (!weakref_proxy_check(L, o))
        return obj_newref(o);
    Obj *r = weakref_get_borrowed(o);
    if (r == NULL)
        return err_format(L, EXC_ReferenceError, "weakly-referenced object no longer exists");
    return obj_newref(r);
}

static Obj *proxy_getattro(Lang *L, Obj *self, Obj *name)
{
    Obj *o = unwrap(L, self);
    if (o == NULL)
        return NULL;
    Obj *r = obj_getattr(L, o, name);
    obj_decref(L, o);
    return r;
}

static int proxy_setattro(Lang *L, Obj *self, Obj *name, Obj *value)
{
    Obj *o = unwrap(L, self);
    if (o == NULL)
        return -1;
    int r = obj_setattr(L, o, name, value);
    obj_decref(L, o);
    return r;
}

static Obj *proxy_str(Lang *L, Obj *self)
{
    Obj *o = unwrap(L, self);
    if (o == NULL)
        return NULL;
    Obj *r = obj_str(L, o);
    obj_decref(L, o);
    return r;
}

/* CPython 3.11 names the referent's type even once it is dead (NoneType). */
static Obj *proxy_repr(Lang *L, Obj *self)
{
    Obj *o = weakref_get_borrowed(self);
    if (o == NULL)
        o = L->none;
    return str_from_format(L, "<weakproxy at %p to %s at %p>", (void *)self, obj_type_name(o),
                           (void *)o);
}

static Obj *proxy_call(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    Obj *o = unwrap(L, self);
    if (o == NULL)
        return NULL;
    Obj *r = obj_call(L, o, args, nargs, kwnames);
    obj_decref(L, o);
    return r;
}

static Obj *proxy_richcompare(Lang *L, Obj *a, Obj *b, int op)
{
    Obj *x = unwrap(L, a), *y = x ? unwrap(L, b) : NULL, *r = NULL;
    if (y != NULL)
        r = obj_richcompare(L, x, y, op);
    obj_xdecref(L, x);
    obj_xdecref(L, y);
    return r;
}

static intptr_t proxy_length(Lang *L, Obj *self)
{
    Obj *o = unwrap(L, self);
    if (o == NULL)
        return -1;
    intptr_t n = obj_length(L, o);
    obj_decref(L, o);
    return n;
}

static int proxy_contains(Lang *L, Obj *self, Obj *item)
{
    Obj *o = unwrap(L, self);
    if (o == NULL)
        return -1;
    int r = obj_contains(L, o, item);
    obj_decref(L, o);
    return r;
}

static Obj *proxy_subscript(Lang *L, Obj *self, Obj *key)
{
    Obj *o = unwrap(L, self);
    if (o == NULL)
        return NULL;
    Obj *r = obj_getitem(L, o, key);
    obj_decref(L, o);
    return r;
}

static int proxy_ass_subscript(Lang *L, Obj *self, Obj *key, Obj *value)
{
    Obj *o = unwrap(L, self);
    if (o == NULL)
        return -1;
    int r = value != NULL ? obj_setitem(L, o, key, value) : obj_delitem(L, o, key);
    obj_decref(L, o);
    return r;
}

static Obj *proxy_iter(Lang *L, Obj *self)
{
    Obj *o = unwrap(L, self);
    if (o == NULL)
        return NULL;
    Obj *r = obj_iter(L, o);
    obj_decref(L, o);
    return r;
}

static Obj *proxy_iternext(Lang *L, Obj *self)
{
    Obj *o = unwrap(L, self);
    if (o == NULL)
        return NULL;
    Obj *r = NULL;
    if (TYPE(o)->iternext == NULL)
        err_format(L, EXC_TypeError, "Weakref proxy referenced a non-iterator '%.200s' object",
                   obj_type_name(o));
    else
        r = obj_next(L, o);
    obj_decref(L, o);
    return r;
}

static int proxy_bool(Lang *L, Obj *self)
{
    Obj *o = unwrap(L, self);
    if (o == NULL)
        return -1;
    int r = obj_is_true(L, o);
    obj_decref(L, o);
    return r;
}

/* Unary operators: op(referent). */
static Obj *proxy_unary(Lang *L, Obj *self, UnaryFn op)
{
    Obj *o = unwrap(L, self);
    if (o == NULL)
        return NULL;
    Obj *r = op(L, o);
    obj_decref(L, o);
    return r;
}

static Obj *to_int(Lang *L, Obj *o) { return obj_call1(L, &L->t_int->ob, o); }
static Obj *to_float(Lang *L, Obj *o) { return obj_call1(L, &L->t_float->ob, o); }

static Obj *proxy_neg(Lang *L, Obj *s) { return proxy_unary(L, s, obj_negative); }
static Obj *proxy_pos(Lang *L, Obj *s) { return proxy_unary(L, s, obj_positive); }
static Obj *proxy_invert(Lang *L, Obj *s) { return proxy_unary(L, s, obj_invert); }
static Obj *proxy_abs(Lang *L, Obj *s) { return proxy_unary(L, s, obj_absolute); }
static Obj *proxy_int(Lang *L, Obj *s) { return proxy_unary(L, s, to_int); }
static Obj *proxy_float(Lang *L, Obj *s) { return proxy_unary(L, s, to_float); }
static Obj *proxy_index(Lang *L, Obj *s) { return proxy_unary(L, s, obj_index); }

/* Binary operators: both operands unwrapped, then the operator applied
 * again (in place for the augmented forms), as CPython's WRAP_BINARY. */
static Obj *proxy_binary(Lang *L, Obj *a, Obj *b, int op, int inplace)
{
    Obj *x = unwrap(L, a), *y = x ? unwrap(L, b) : NULL, *r = NULL;
    if (y != NULL)
        r = inplace ? obj_inplace_op(L, x, y, op) : obj_binary_op(L, x, y, op);
    obj_xdecref(L, x);
    obj_xdecref(L, y);
    return r;
}

static Obj *proxy_pow3(Lang *L, Obj *a, Obj *b, Obj *m)
{
    Obj *x = unwrap(L, a), *y = x ? unwrap(L, b) : NULL, *z = y ? unwrap(L, m) : NULL, *r = NULL;
    if (z != NULL)
        r = obj_power3(L, x, y, z);
    obj_xdecref(L, x);
    obj_xdecref(L, y);
    obj_xdecref(L, z);
    return r;
}

/* One slot function per operator: the slot signature does not carry it. */
#define PROXY_BINARY(name, op)                                                         \
    static Obj *proxy_##name(Lang *L, Obj *a, Obj *b) { return proxy_binary(L, a, b, op, 0); } \
    static Obj *proxy_i##name(Lang *L, Obj *a, Obj *b) { return proxy_binary(L, a, b, op, 1); }
PROXY_BINARY(add, NB_ADD)
PROXY_BINARY(and, NB_AND)
PROXY_BINARY(floordiv, NB_FLOOR_DIVIDE)
PROXY_BINARY(lshift, NB_LSHIFT)
PROXY_BINARY(matmul, NB_MATRIX_MULTIPLY)
PROXY_BINARY(mul, NB_MULTIPLY)
PROXY_BINARY(mod, NB_REMAINDER)
PROXY_BINARY(or, NB_OR)
PROXY_BINARY(pow, NB_POWER)
PROXY_BINARY(rshift, NB_RSHIFT)
PROXY_BINARY(sub, NB_SUBTRACT)
PROXY_BINARY(truediv, NB_TRUE_DIVIDE)
PROXY_BINARY(xor, NB_XOR)
#undef PROXY_BINARY

/* divmod has a slot but no in-place form. */
static Obj *proxy_divmod(Lang *L, Obj *a, Obj *b)
{
    return proxy_binary(L, a, b, NB_DIVMOD, 0);
}

static const NumberSlots proxy_nb = {
    .binary = {
        [NB_ADD] = proxy_add, [NB_AND] = proxy_and, [NB_FLOOR_DIVIDE] = proxy_floordiv,
        [NB_LSHIFT] = proxy_lshift, [NB_MATRIX_MULTIPLY] = proxy_matmul,
        [NB_MULTIPLY] = proxy_mul, [NB_REMAINDER] = proxy_mod, [NB_OR] = proxy_or,
        [NB_POWER] = proxy_pow, [NB_RSHIFT] = proxy_rshift, [NB_SUBTRACT] = proxy_sub,
        [NB_TRUE_DIVIDE] = proxy_truediv, [NB_XOR] = proxy_xor, [NB_DIVMOD] = proxy_divmod,
    },
    .inplace = {
        [NB_ADD] = proxy_iadd, [NB_AND] = proxy_iand, [NB_FLOOR_DIVIDE] = proxy_ifloordiv,
        [NB_LSHIFT] = proxy_ilshift, [NB_MATRIX_MULTIPLY] = proxy_imatmul,
        [NB_MULTIPLY] = proxy_imul, [NB_REMAINDER] = proxy_imod, [NB_OR] = proxy_ior,
        [NB_POWER] = proxy_ipow, [NB_RSHIFT] = proxy_irshift, [NB_SUBTRACT] = proxy_isub,
        [NB_TRUE_DIVIDE] = proxy_itruediv, [NB_XOR] = proxy_ixor,
    },
    .power3 = proxy_pow3,
    .negative = proxy_neg,
    .positive = proxy_pos,
    .invert = proxy_invert,
    .absolute = proxy_abs,
    .to_int = proxy_int,
    .to_float = proxy_float,
    .index = proxy_index,
    .to_bool = proxy_bool,
};

/* __reversed__: the referent's. */
static Obj *proxy_call_method(Lang *L, Obj *self, const char *name, Obj *const *args,
                              size_t nargs)
{
    Obj *o = unwrap(L, self);
    if (o == NULL)
        return NULL;
    Obj *argv[2] = {o, nargs > 0 ? args[0] : NULL};
    Obj *r = obj_call_method_str(L, o, name, argv, 1 + nargs);
    obj_decref(L, o);
    return r;
}

static Obj *proxy_reversed(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)kwnames;
    return proxy_call_method(L, self, "__reversed__", args, nargs);
}

static const MethodDef proxy_methods[] = {
    {"__reversed__", proxy_reversed, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

#define PROXY_SPEC_COMMON                                          \
    .basic_size = sizeof(WeakRefObject),                           \
    .core_flags = OURO_TYPE_GC | OURO_TYPE_WEAKREF,                \
    .dealloc = weakref_dealloc, .traverse = weakref_traverse,      \
    .clear = weakref_clear, .repr = proxy_repr, .str = proxy_str,  \
    .hash = hash_not_implemented, .richcompare = proxy_richcompare, \
    .getattro = proxy_getattro, .setattro = proxy_setattro,        \
    .iter = proxy_iter, .iternext = proxy_iternext,                \
    .length = proxy_length, .subscript = proxy_subscript,          \
    .ass_subscript = proxy_ass_subscript, .contains = proxy_contains, \
    .nb = &proxy_nb, .methods = proxy_methods

static const TypeSpec proxy_spec = {
    .name = "weakref.ProxyType",
    PROXY_SPEC_COMMON,
};

static const TypeSpec callable_proxy_spec = {
    .name = "weakref.CallableProxyType",
    PROXY_SPEC_COMMON,
    .call = proxy_call,
};

/* ------------------------------------------------------------------ */
/* Callbacks and start-up                                              */
/* ------------------------------------------------------------------ */

/*
 * The runtime's call_callback hook: callback(weakref). A callback can run
 * between any two operations (a dealloc), so the exception being raised,
 * if any, is kept out of its way; an error in it is reported as CPython
 * reports it ("Exception ignored in: <function cb ...>") and not
 * propagated. Objects that are not this Lang's (the core's C callbacks)
 * are not callable here: -1, which the core reports.
 */
static int call_callback(OuroRuntime *rt, OuroObject *callback, OuroObject *weakref)
{
    Lang *L = (Lang *)ouro_runtime_hooks(rt)->ctx;
    if (callback->type->data != L)
        return -1;
    Obj *saved = err_fetch(L);
    Obj *r = obj_call1(L, callback, weakref);
    if (r == NULL)
        err_write_unraisable(L, NULL, callback);
    obj_xdecref(L, r);
    err_restore(L, saved);
    return 0;
}

int weakref_init_types(Lang *L)
{
    if (L->t_weakref == NULL && (L->t_weakref = type_from_spec(L, &weakref_spec, NULL)) == NULL)
        return -1;
    if (L->t_proxy == NULL && (L->t_proxy = type_from_spec(L, &proxy_spec, NULL)) == NULL)
        return -1;
    if (L->t_callable_proxy == NULL &&
        (L->t_callable_proxy = type_from_spec(L, &callable_proxy_spec, NULL)) == NULL)
        return -1;
    /* The Lang owns the hooks when it is their context (lang.c's install);
     * lang_free puts the previous ones back. */
    OuroHooks *hooks = ouro_runtime_hooks(L->rt);
    if (hooks->ctx == L && hooks->call_callback == NULL)
        hooks->call_callback = call_callback;
    return 0;
}
