/*
 * slots.c - special methods and type slots: the slotdefs table, the
 * wrappers that expose a built-in type's C slots as dunder methods, the
 * dispatchers that a class's slots point to when its dunders are written
 * in Python, and the code that keeps the two in step (slots.h).
 */
#include <string.h>

#include "slots.h"
#include "descrobject.h"
#include "dictobject.h"
#include "exceptions.h"
#include "funcobject.h"
#include "instance.h"
#include "intobject.h"
#include "methodobject.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

#define FN(f) ((AnyFn)(f))

AnyFn slot_get(const TypeObject *type, const SlotDef *sd)
{
    AnyFn fn;
    memcpy(&fn, (const char *)type + sd->offset, sizeof fn);
    return fn;
}

void slot_set(TypeObject *type, const SlotDef *sd, AnyFn fn)
{
    memcpy((char *)type + sd->offset, &fn, sizeof fn);
}

/* ------------------------------------------------------------------ */
/* Calling special methods                                             */
/* ------------------------------------------------------------------ */

/* Calls f, found in type(args[0])'s MRO, as a method of args[0]. */
static Obj *call_found(Lang *L, Obj *f, Obj *const *args, size_t nargs, Obj *kwnames)
{
    if (TYPE_HAS(TYPE(f), TF_METHOD_DESCRIPTOR))
        return obj_call(L, f, args, nargs, kwnames);
    DescrGetFn get = TYPE(f)->descr_get;
    if (get == NULL)
        return obj_call(L, f, args + 1, nargs - 1, kwnames);
    Obj *bound = get(L, f, args[0], &TYPE(args[0])->ob);
    if (bound == NULL)
        return NULL;
    Obj *r = obj_call(L, bound, args + 1, nargs - 1, kwnames);
    obj_decref(L, bound);
    return r;
}

Obj *call_special(Lang *L, Obj *name, Obj *const *args, size_t nargs, int *found)
{
    Obj *f = type_lookup(L, TYPE(args[0]), name);
    *found = f != NULL;
    if (f == NULL)
        return NULL;
    obj_incref(f);
    Obj *r = call_found(L, f, args, nargs, NULL);
    obj_decref(L, f);
    return r;
}

/* call_special for slots that require the method: AttributeError(name)
 * when it has gone (deleted behind the slot's back). */
static Obj *call_required(Lang *L, Obj *name, Obj *const *args, size_t nargs)
{
    int found;
    Obj *r = call_special(L, name, args, nargs, &found);
    if (!found)
        err_set_value(L, L->exc_types[EXC_AttributeError], name);
    return r;
}

static Obj *call1(Lang *L, Obj *self, Obj *name)
{
    return call_required(L, name, &self, 1);
}

static Obj *call2(Lang *L, Obj *self, Obj *name, Obj *a)
{
    Obj *args[2] = {self, a};
    return call_required(L, name, args, 2);
}

/* Calls self.name(*args) where the method may be missing (NotImplemented). */
static Obj *call_maybe(Lang *L, Obj *name, Obj *const *args, size_t nargs)
{
    int found;
    Obj *r = call_special(L, name, args, nargs, &found);
    return found ? r : new_not_implemented(L);
}

/* ------------------------------------------------------------------ */
/* Dispatchers: slots of classes whose dunders are Python functions    */
/* ------------------------------------------------------------------ */

static Obj *slot_tp_repr(Lang *L, Obj *self)
{
    return call1(L, self, ID(L, __repr__));
}

static Obj *slot_tp_str(Lang *L, Obj *self)
{
    return call1(L, self, ID(L, __str__));
}

static intptr_t slot_tp_hash(Lang *L, Obj *self)
{
    Obj *r = call1(L, self, ID(L, __hash__));
    if (r == NULL)
        return -1;
    if (!int_check(r)) {
        obj_decref(L, r);
        err_format(L, EXC_TypeError, "__hash__ method should return an integer");
        return -1;
    }
    int64_t v;
    intptr_t h = int_as_i64_exact(r, &v) ? (intptr_t)v : obj_hash(L, r);
    obj_decref(L, r);
    return h == -1 ? -2 : h;
}

static Obj *slot_tp_richcompare(Lang *L, Obj *a, Obj *b, int op)
{
    static const int ids[] = {ID___lt__, ID___le__, ID___eq__, ID___ne__, ID___gt__, ID___ge__};
    Obj *args[2] = {a, b};
    return call_maybe(L, L->ids[ids[op]], args, 2);
}

static Obj *slot_tp_getattro(Lang *L, Obj *self, Obj *name)
{
    return call2(L, self, ID(L, __getattribute__), name);
}

static int is_generic_getattr(Lang *L, Obj *f)
{
    return f != NULL && is_wrapper_descr(L, f) &&
           ((WrapperDescrObject *)f)->wrapped == FN(object_generic_getattr);
}

/* __getattribute__, then __getattr__ when that raised AttributeError. */
static Obj *slot_tp_getattr_hook(Lang *L, Obj *self, Obj *name)
{
    TypeObject *tp = TYPE(self);
    Obj *getattr = type_lookup(L, tp, ID(L, __getattr__));
    Obj *getattribute = type_lookup(L, tp, ID(L, __getattribute__));
    if (getattr == NULL)
        return is_generic_getattr(L, getattribute) ? object_generic_getattr(L, self, name)
                                                   : slot_tp_getattro(L, self, name);
    obj_incref(getattr);
    Obj *r;
    if (is_generic_getattr(L, getattribute))
        r = object_generic_getattr(L, self, name);
    else
        r = slot_tp_getattro(L, self, name);
    if (r == NULL && err_matches(L, EXC_AttributeError)) {
        err_clear(L);
        Obj *args[2] = {self, name};
        r = call_found(L, getattr, args, 2, NULL);
    }
    obj_decref(L, getattr);
    return r;
}

static int discard(Lang *L, Obj *r)
{
    if (r == NULL)
        return -1;
    obj_decref(L, r);
    return 0;
}

static int slot_tp_setattro(Lang *L, Obj *self, Obj *name, Obj *value)
{
    if (value == NULL)
        return discard(L, call2(L, self, ID(L, __delattr__), name));
    Obj *args[3] = {self, name, value};
    return discard(L, call_required(L, ID(L, __setattr__), args, 3));
}

static Obj *slot_tp_call(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    Obj *f = type_lookup(L, TYPE(self), ID(L, __call__));
    if (f == NULL)
        return err_format(L, EXC_TypeError, "'%.200s' object is not callable", obj_type_name(self));
    obj_incref(f);
    Obj *r;
    if (TYPE_HAS(TYPE(f), TF_METHOD_DESCRIPTOR)) {
        r = call_prepend(L, f, self, args, nargs, kwnames);
    } else if (TYPE(f)->descr_get != NULL) {
        Obj *bound = TYPE(f)->descr_get(L, f, self, &TYPE(self)->ob);
        r = bound ? obj_call(L, bound, args, nargs, kwnames) : NULL;
        obj_xdecref(L, bound);
    } else {
        r = obj_call(L, f, args, nargs, kwnames);
    }
    obj_decref(L, f);
    return r;
}

static Obj *slot_tp_iter(Lang *L, Obj *self)
{
    Obj *f = type_lookup(L, TYPE(self), ID(L, __iter__));
    if (f == L->none)
        return err_format(L, EXC_TypeError, "'%.200s' object is not iterable", obj_type_name(self));
    return call1(L, self, ID(L, __iter__));
}

static Obj *slot_tp_iternext(Lang *L, Obj *self)
{
    Obj *r = call1(L, self, ID(L, __next__));
    if (r == NULL && err_matches(L, EXC_StopIteration))
        err_clear(L);
    return r;
}

static Obj *slot_tp_descr_get(Lang *L, Obj *self, Obj *obj, Obj *type)
{
    Obj *args[3] = {self, obj ? obj : L->none, type ? type : L->none};
    return call_required(L, ID(L, __get__), args, 3);
}

static int slot_tp_descr_set(Lang *L, Obj *self, Obj *obj, Obj *value)
{
    if (value == NULL)
        return discard(L, call2(L, self, ID(L, __delete__), obj));
    Obj *args[3] = {self, obj, value};
    return discard(L, call_required(L, ID(L, __set__), args, 3));
}

static int slot_tp_init(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    Obj *f = type_lookup(L, TYPE(self), ID(L, __init__));
    if (f == NULL) {
        err_set_value(L, L->exc_types[EXC_AttributeError], ID(L, __init__));
        return -1;
    }
    obj_incref(f);
    Obj *r;
    if (TYPE_HAS(TYPE(f), TF_METHOD_DESCRIPTOR)) {
        r = call_prepend(L, f, self, args, nargs, kwnames);
    } else {
        Obj *bound = TYPE(f)->descr_get ? TYPE(f)->descr_get(L, f, self, &TYPE(self)->ob)
                                        : obj_newref(f);
        r = bound ? obj_call(L, bound, args, nargs, kwnames) : NULL;
        obj_xdecref(L, bound);
    }
    obj_decref(L, f);
    if (r == NULL)
        return -1;
    if (r != L->none) {
        err_format(L, EXC_TypeError, "__init__() should return None, not '%.200s'",
                   obj_type_name(r));
        obj_decref(L, r);
        return -1;
    }
    obj_decref(L, r);
    return 0;
}

/* CPython 3.11's slot_tp_finalize: __del__ looked up on the type and
 * called with the exception in flight, if any, kept out of its way; an
 * exception it raises is reported ("Exception ignored in") and dropped.
 * The call is made as CPython's call_unbound_noarg makes it: a Python
 * function goes straight to its frame, whose entry counts the recursion
 * level and checks the C stack (_PyFunction_Vectorcall counts nothing
 * itself), so a finalizer gets the depth CPython gives it; anything else
 * goes through obj_call's guard (CPython's _PyObject_MakeTpCall and C
 * functions count one level too). Through call_special (obj_call) a
 * Python __del__ counted one level more than CPython's ("[Previous line
 * repeated 994 more times]" where CPython says 995). */
static int slot_tp_finalize(OuroRuntime *rt, Obj *self)
{
    Lang *L = LANG_OF(self);
    (void)rt;
    Obj *del = type_lookup(L, TYPE(self), ID(L, __del__));
    if (del == NULL)
        return 0;
    obj_incref(del);
    Obj *saved = err_fetch(L);
    Obj *r;
    if (func_check(L, del) && TYPE(del)->call != NULL)
        r = TYPE(del)->call(L, del, &self, 1, NULL);
    else
        r = call_found(L, del, &self, 1, NULL);
    if (r == NULL && err_occurred(L))
        err_write_unraisable(L, NULL, del);
    obj_xdecref(L, r);
    err_restore(L, saved);
    obj_decref(L, del);
    return 0;
}

static Obj *slot_tp_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames)
{
    /* type.__new__ goes through the staticmethod to the function. */
    Obj *f = type_getattro(L, &type->ob, ID(L, __new__));
    if (f == NULL)
        return NULL;
    Obj *r = call_prepend(L, f, &type->ob, args, nargs, kwnames);
    obj_decref(L, f);
    return r;
}

static intptr_t slot_mp_length(Lang *L, Obj *self)
{
    Obj *r = call1(L, self, ID(L, __len__));
    if (r == NULL)
        return -1;
    Obj *idx = obj_index(L, r);
    obj_decref(L, r);
    if (idx == NULL)
        return -1;
    if (int_sign(idx) < 0) {
        obj_decref(L, idx);
        err_format(L, EXC_ValueError, "__len__() should return >= 0");
        return -1;
    }
    intptr_t n = obj_as_ssize(L, idx, EXC_OverflowError);
    obj_decref(L, idx);
    return n;
}

static Obj *slot_mp_subscript(Lang *L, Obj *self, Obj *key)
{
    return call2(L, self, ID(L, __getitem__), key);
}

static int slot_mp_ass_subscript(Lang *L, Obj *self, Obj *key, Obj *value)
{
    if (value == NULL)
        return discard(L, call2(L, self, ID(L, __delitem__), key));
    Obj *args[3] = {self, key, value};
    return discard(L, call_required(L, ID(L, __setitem__), args, 3));
}

static int slot_sq_contains(Lang *L, Obj *self, Obj *value)
{
    Obj *f = type_lookup(L, TYPE(self), ID(L, __contains__));
    if (f == L->none) {
        err_format(L, EXC_TypeError, "'%.200s' object is not a container", obj_type_name(self));
        return -1;
    }
    Obj *r = call2(L, self, ID(L, __contains__), value);
    if (r == NULL)
        return -1;
    int t = obj_is_true(L, r);
    obj_decref(L, r);
    return t;
}

static int slot_nb_bool(Lang *L, Obj *self)
{
    Obj *r = call1(L, self, ID(L, __bool__));
    if (r == NULL)
        return -1;
    int t = r == L->true_ ? 1 : r == L->false_ ? 0 : -2;
    if (t == -2) {
        err_format(L, EXC_TypeError, "__bool__ should return bool, returned %.200s",
                   obj_type_name(r));
        t = -1;
    }
    obj_decref(L, r);
    return t;
}

#define UNARY_SLOT(fname, id)                       \
    static Obj *fname(Lang *L, Obj *self)           \
    {                                               \
        return call1(L, self, ID(L, id));           \
    }
UNARY_SLOT(slot_nb_negative, __neg__)
UNARY_SLOT(slot_nb_positive, __pos__)
UNARY_SLOT(slot_nb_absolute, __abs__)
UNARY_SLOT(slot_nb_invert, __invert__)
UNARY_SLOT(slot_nb_int, __int__)
UNARY_SLOT(slot_nb_float, __float__)
UNARY_SLOT(slot_nb_index, __index__)

/* Whether type(other).__rop__ differs from type(self).__rop__. */
static int method_is_overloaded(Lang *L, Obj *self, Obj *other, Obj *rname)
{
    Obj *a = type_lookup(L, TYPE(other), rname);
    if (a == NULL)
        return 0;
    Obj *b = type_lookup(L, TYPE(self), rname);
    return a != b;
}

/* a op b for a class defining __op__ and/or __rop__ (CPython's
 * SLOT1BINFULL): the reflected method first when b's type is a subclass
 * of a's that overrides it. */
static Obj *binary_dispatch(Lang *L, Obj *self, Obj *other, int op, BinaryFn me, Obj *name,
                            Obj *rname)
{
    int do_other = !IS_TYPE(self, TYPE(other)) && TYPE(other)->nb.binary[op] == me;
    if (TYPE(self)->nb.binary[op] == me) {
        if (do_other && type_is_subtype(TYPE(other), TYPE(self)) &&
            method_is_overloaded(L, self, other, rname)) {
            Obj *args[2] = {other, self};
            Obj *r = call_maybe(L, rname, args, 2);
            if (r != L->not_implemented)
                return r;
            obj_decref(L, r);
            do_other = 0;
        }
        Obj *args[2] = {self, other};
        Obj *r = call_maybe(L, name, args, 2);
        if (r != L->not_implemented || IS_TYPE(other, TYPE(self)))
            return r;
        obj_decref(L, r);
    }
    if (do_other) {
        Obj *args[2] = {other, self};
        return call_maybe(L, rname, args, 2);
    }
    return new_not_implemented(L);
}

#define BINARY_SLOT(op, lname, rname, iname)                                         \
    static Obj *slot_nb_##lname(Lang *L, Obj *a, Obj *b)                             \
    {                                                                                \
        return binary_dispatch(L, a, b, op, slot_nb_##lname, ID(L, __##lname##__),   \
                               ID(L, __##rname##__));                                \
    }                                                                                \
    static Obj *slot_nb_i##lname(Lang *L, Obj *a, Obj *b)                            \
    {                                                                                \
        Obj *args[2] = {a, b};                                                       \
        return call_maybe(L, ID(L, __##iname##__), args, 2);                         \
    }
BINARY_SLOT(NB_ADD, add, radd, iadd)
BINARY_SLOT(NB_AND, and, rand, iand)
BINARY_SLOT(NB_FLOOR_DIVIDE, floordiv, rfloordiv, ifloordiv)
BINARY_SLOT(NB_LSHIFT, lshift, rlshift, ilshift)
BINARY_SLOT(NB_MATRIX_MULTIPLY, matmul, rmatmul, imatmul)
BINARY_SLOT(NB_MULTIPLY, mul, rmul, imul)
BINARY_SLOT(NB_REMAINDER, mod, rmod, imod)
BINARY_SLOT(NB_OR, or, ror, ior)
BINARY_SLOT(NB_POWER, pow, rpow, ipow)
BINARY_SLOT(NB_RSHIFT, rshift, rrshift, irshift)
BINARY_SLOT(NB_SUBTRACT, sub, rsub, isub)
BINARY_SLOT(NB_TRUE_DIVIDE, truediv, rtruediv, itruediv)
BINARY_SLOT(NB_XOR, xor, rxor, ixor)

/* divmod(a, b): a binary slot without an in-place form. */
static Obj *slot_nb_divmod(Lang *L, Obj *a, Obj *b)
{
    return binary_dispatch(L, a, b, NB_DIVMOD, slot_nb_divmod, ID(L, __divmod__),
                           ID(L, __rdivmod__));
}

static Obj *slot_nb_power3(Lang *L, Obj *self, Obj *other, Obj *mod)
{
    if (mod == L->none)
        return slot_nb_pow(L, self, other);
    if (TYPE(self)->nb.power3 == slot_nb_power3) {
        Obj *args[3] = {self, other, mod};
        return call_maybe(L, ID(L, __pow__), args, 3);
    }
    return new_not_implemented(L);
}

/* ------------------------------------------------------------------ */
/* Wrappers: dunders of built-in types calling their C slots           */
/* ------------------------------------------------------------------ */

static int check_args(Lang *L, const SlotDef *sd, size_t nargs, size_t want, Obj *kwnames)
{
    if (kwnames != NULL && tuple_size(kwnames) > 0) {
        err_format(L, EXC_TypeError, "wrapper %U() takes no keyword arguments",
                   L->ids[sd->name_id]);
        return -1;
    }
    if (nargs != want) {
        err_format(L, EXC_TypeError, "expected %zu argument%s, got %zu", want,
                   want == 1 ? "" : "s", nargs);
        return -1;
    }
    return 0;
}

#define WRAPPER(name) \
    static Obj *name(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames, \
                     AnyFn wrapped, const SlotDef *sd)

static Obj *none_or_null(Lang *L, int r)
{
    return r < 0 ? NULL : new_none(L);
}

WRAPPER(wrap_unary)
{
    (void)args;
    if (check_args(L, sd, nargs, 0, kwnames) < 0)
        return NULL;
    return ((UnaryFn)wrapped)(L, self);
}

WRAPPER(wrap_binary_l)
{
    if (check_args(L, sd, nargs, 1, kwnames) < 0)
        return NULL;
    return ((BinaryFn)wrapped)(L, self, args[0]);
}

WRAPPER(wrap_binary_r)
{
    if (check_args(L, sd, nargs, 1, kwnames) < 0)
        return NULL;
    return ((BinaryFn)wrapped)(L, args[0], self);
}

/* The power3 slot of the type in self's MRO whose binary power slot is
 * `binary` (the type that owns the __pow__ wrapper). */
static TernaryFn owner_power3(Obj *self, AnyFn binary)
{
    Obj *mro = TYPE(self)->mro;
    for (size_t i = 0; mro != NULL && i < tuple_size(mro); i++) {
        TypeObject *t = (TypeObject *)tuple_get_borrowed(mro, i);
        if (FN(t->nb.binary[NB_POWER]) == binary && t->nb.power3 != NULL &&
            FN(t->nb.power3) != FN(slot_nb_power3))
            return t->nb.power3;
    }
    return NULL;
}

WRAPPER(wrap_pow)
{
    if (nargs == 2 && (kwnames == NULL || tuple_size(kwnames) == 0) && args[1] != L->none) {
        TernaryFn f = owner_power3(self, wrapped);
        if (f == NULL)
            return new_not_implemented(L);
        return f(L, self, args[0], args[1]);
    }
    if (nargs == 2)
        nargs = 1;
    if (check_args(L, sd, nargs, 1, kwnames) < 0)
        return NULL;
    return ((BinaryFn)wrapped)(L, self, args[0]);
}

WRAPPER(wrap_richcmp)
{
    if (check_args(L, sd, nargs, 1, kwnames) < 0)
        return NULL;
    return ((RichCmpFn)wrapped)(L, self, args[0], sd->arg);
}

WRAPPER(wrap_hash)
{
    (void)args;
    if (check_args(L, sd, nargs, 0, kwnames) < 0)
        return NULL;
    intptr_t h = ((HashFn)wrapped)(L, self);
    if (h == -1 && err_occurred(L))
        return NULL;
    return int_from_i64(L, h);
}

WRAPPER(wrap_len)
{
    (void)args;
    if (check_args(L, sd, nargs, 0, kwnames) < 0)
        return NULL;
    intptr_t n = ((LenFn)wrapped)(L, self);
    return n < 0 ? NULL : int_from_i64(L, n);
}

WRAPPER(wrap_call)
{
    (void)sd;
    return ((CallFn)wrapped)(L, self, args, nargs, kwnames);
}

WRAPPER(wrap_init)
{
    (void)sd;
    return none_or_null(L, ((InitFn)wrapped)(L, self, args, nargs, kwnames));
}

WRAPPER(wrap_next)
{
    (void)args;
    if (check_args(L, sd, nargs, 0, kwnames) < 0)
        return NULL;
    Obj *r = ((IterNextFn)wrapped)(L, self);
    if (r == NULL && !err_occurred(L))
        err_set_object(L, &L->exc_types[EXC_StopIteration]->ob);
    return r;
}

WRAPPER(wrap_descr_get)
{
    (void)sd;
    if ((kwnames != NULL && tuple_size(kwnames) > 0) || nargs < 1 || nargs > 2)
        return err_format(L, EXC_TypeError, "__get__ expected at least 1 argument, got %zu", nargs);
    Obj *obj = args[0] == L->none ? NULL : args[0];
    Obj *type = (nargs == 2 && args[1] != L->none) ? args[1] : NULL;
    if (obj == NULL && type == NULL)
        return err_format(L, EXC_TypeError, "__get__(None, None) is invalid");
    return ((DescrGetFn)wrapped)(L, self, obj, type);
}

WRAPPER(wrap_descr_set)
{
    if (check_args(L, sd, nargs, 2, kwnames) < 0)
        return NULL;
    return none_or_null(L, ((DescrSetFn)wrapped)(L, self, args[0], args[1]));
}

WRAPPER(wrap_descr_delete)
{
    if (check_args(L, sd, nargs, 1, kwnames) < 0)
        return NULL;
    return none_or_null(L, ((DescrSetFn)wrapped)(L, self, args[0], NULL));
}

WRAPPER(wrap_setattr)
{
    if (check_args(L, sd, nargs, 2, kwnames) < 0)
        return NULL;
    return none_or_null(L, ((SetAttrFn)wrapped)(L, self, args[0], args[1]));
}

WRAPPER(wrap_delattr)
{
    if (check_args(L, sd, nargs, 1, kwnames) < 0)
        return NULL;
    return none_or_null(L, ((SetAttrFn)wrapped)(L, self, args[0], NULL));
}

WRAPPER(wrap_setitem)
{
    if (check_args(L, sd, nargs, 2, kwnames) < 0)
        return NULL;
    return none_or_null(L, ((SetItemFn)wrapped)(L, self, args[0], args[1]));
}

WRAPPER(wrap_delitem)
{
    if (check_args(L, sd, nargs, 1, kwnames) < 0)
        return NULL;
    return none_or_null(L, ((SetItemFn)wrapped)(L, self, args[0], NULL));
}

WRAPPER(wrap_contains)
{
    if (check_args(L, sd, nargs, 1, kwnames) < 0)
        return NULL;
    int r = ((ContainsFn)wrapped)(L, self, args[0]);
    return r < 0 ? NULL : new_bool(L, r);
}

WRAPPER(wrap_inquiry)
{
    (void)args;
    if (check_args(L, sd, nargs, 0, kwnames) < 0)
        return NULL;
    int r = ((InquiryFn)wrapped)(L, self);
    return r < 0 ? NULL : new_bool(L, r);
}

WRAPPER(wrap_sq_item)
{
    if (check_args(L, sd, nargs, 1, kwnames) < 0)
        return NULL;
    intptr_t i = obj_as_ssize(L, args[0], EXC_OverflowError);
    if (i == -1 && err_occurred(L))
        return NULL;
    if (i < 0 && TYPE(self)->length != NULL) {
        intptr_t n = TYPE(self)->length(L, self);
        if (n < 0)
            return NULL;
        i += n;
    }
    return ((SizeArgFn)wrapped)(L, self, i);
}

WRAPPER(wrap_indexarg)
{
    if (check_args(L, sd, nargs, 1, kwnames) < 0)
        return NULL;
    intptr_t i = obj_as_ssize(L, args[0], EXC_OverflowError);
    if (i == -1 && err_occurred(L))
        return NULL;
    return ((SizeArgFn)wrapped)(L, self, i);
}

/* ------------------------------------------------------------------ */
/* The table                                                           */
/* ------------------------------------------------------------------ */

#define OFF(field) offsetof(TypeObject, field)
#define TP(name, field, wrap, disp) {ID_##name, OFF(field), wrap, FN(disp), 0, NULL}
#define CMP(name, op) {ID_##name, OFF(richcompare), wrap_richcmp, FN(slot_tp_richcompare), op, NULL}
#define BIN(op, l, r)                                                                         \
    {ID___##l##__, OFF(nb.binary[op]), wrap_binary_l, FN(slot_nb_##l), op, NULL},            \
    {ID___##r##__, OFF(nb.binary[op]), wrap_binary_r, FN(slot_nb_##l), op, NULL}
#define IBIN(op, l) {ID___i##l##__, OFF(nb.inplace[op]), wrap_binary_l, FN(slot_nb_i##l), op, NULL}

const SlotDef slotdefs[] = {
    TP(__getattribute__, getattro, wrap_binary_l, slot_tp_getattr_hook),
    TP(__getattr__, getattro, NULL, slot_tp_getattr_hook),
    TP(__setattr__, setattro, wrap_setattr, slot_tp_setattro),
    TP(__delattr__, setattro, wrap_delattr, slot_tp_setattro),
    TP(__repr__, repr, wrap_unary, slot_tp_repr),
    TP(__hash__, hash, wrap_hash, slot_tp_hash),
    TP(__call__, call, wrap_call, slot_tp_call),
    TP(__str__, str, wrap_unary, slot_tp_str),
    CMP(__lt__, CMP_LT),
    CMP(__le__, CMP_LE),
    CMP(__eq__, CMP_EQ),
    CMP(__ne__, CMP_NE),
    CMP(__gt__, CMP_GT),
    CMP(__ge__, CMP_GE),
    TP(__iter__, iter, wrap_unary, slot_tp_iter),
    TP(__next__, iternext, wrap_next, slot_tp_iternext),
    TP(__get__, descr_get, wrap_descr_get, slot_tp_descr_get),
    TP(__set__, descr_set, wrap_descr_set, slot_tp_descr_set),
    TP(__delete__, descr_set, wrap_descr_delete, slot_tp_descr_set),
    TP(__init__, init, wrap_init, slot_tp_init),
    TP(__new__, tp_new, NULL, slot_tp_new),
    TP(__del__, core.finalize, NULL, slot_tp_finalize),
    BIN(NB_ADD, add, radd),
    BIN(NB_SUBTRACT, sub, rsub),
    BIN(NB_MULTIPLY, mul, rmul),
    BIN(NB_REMAINDER, mod, rmod),
    BIN(NB_DIVMOD, divmod, rdivmod),
    {ID___pow__, OFF(nb.binary[NB_POWER]), wrap_pow, FN(slot_nb_pow), NB_POWER, NULL},
    {ID___rpow__, OFF(nb.binary[NB_POWER]), wrap_binary_r, FN(slot_nb_pow), NB_POWER, NULL},
    TP(__neg__, nb.negative, wrap_unary, slot_nb_negative),
    TP(__pos__, nb.positive, wrap_unary, slot_nb_positive),
    TP(__abs__, nb.absolute, wrap_unary, slot_nb_absolute),
    TP(__bool__, nb.to_bool, wrap_inquiry, slot_nb_bool),
    TP(__invert__, nb.invert, wrap_unary, slot_nb_invert),
    BIN(NB_LSHIFT, lshift, rlshift),
    BIN(NB_RSHIFT, rshift, rrshift),
    BIN(NB_AND, and, rand),
    BIN(NB_XOR, xor, rxor),
    BIN(NB_OR, or, ror),
    TP(__int__, nb.to_int, wrap_unary, slot_nb_int),
    TP(__float__, nb.to_float, wrap_unary, slot_nb_float),
    IBIN(NB_ADD, add),
    IBIN(NB_SUBTRACT, sub),
    IBIN(NB_MULTIPLY, mul),
    IBIN(NB_REMAINDER, mod),
    IBIN(NB_POWER, pow),
    IBIN(NB_LSHIFT, lshift),
    IBIN(NB_RSHIFT, rshift),
    IBIN(NB_AND, and),
    IBIN(NB_XOR, xor),
    IBIN(NB_OR, or),
    BIN(NB_FLOOR_DIVIDE, floordiv, rfloordiv),
    BIN(NB_TRUE_DIVIDE, truediv, rtruediv),
    IBIN(NB_FLOOR_DIVIDE, floordiv),
    IBIN(NB_TRUE_DIVIDE, truediv),
    TP(__index__, nb.index, wrap_unary, slot_nb_index),
    BIN(NB_MATRIX_MULTIPLY, matmul, rmatmul),
    IBIN(NB_MATRIX_MULTIPLY, matmul),
    TP(__len__, length, wrap_len, slot_mp_length),
    TP(__getitem__, subscript, wrap_binary_l, slot_mp_subscript),
    TP(__setitem__, ass_subscript, wrap_setitem, slot_mp_ass_subscript),
    TP(__delitem__, ass_subscript, wrap_delitem, slot_mp_ass_subscript),
    TP(__add__, sq.concat, wrap_binary_l, NULL),
    TP(__mul__, sq.repeat, wrap_indexarg, NULL),
    TP(__rmul__, sq.repeat, wrap_indexarg, NULL),
    TP(__getitem__, sq.item, wrap_sq_item, NULL),
    TP(__contains__, contains, wrap_contains, slot_sq_contains),
    TP(__iadd__, sq.inplace_concat, wrap_binary_l, NULL),
    TP(__imul__, sq.inplace_repeat, wrap_indexarg, NULL),
    {ID___pow__, OFF(nb.power3), NULL, FN(slot_nb_power3), 0, NULL},
};

const size_t slotdefs_count = sizeof slotdefs / sizeof slotdefs[0];

/* ------------------------------------------------------------------ */
/* __new__                                                             */
/* ------------------------------------------------------------------ */

/* T.__new__(S, *args): checks that S is a subtype of T whose nearest
 * built-in base allocates as T does, then calls T's tp_new for S. */
static Obj *tp_new_wrapper(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    TypeObject *type = (TypeObject *)self;
    if (nargs < 1)
        return err_format(L, EXC_TypeError, "%s.__new__(): not enough arguments", type->core.name);
    Obj *arg0 = args[0];
    if (!type_check(arg0))
        return err_format(L, EXC_TypeError, "%s.__new__(X): X is not a type object (%s)",
                          type->core.name, obj_type_name(arg0));
    TypeObject *subtype = (TypeObject *)arg0;
    if (!type_is_subtype(subtype, type))
        return err_format(L, EXC_TypeError, "%s.__new__(%s): %s is not a subtype of %s",
                          type->core.name, subtype->core.name, subtype->core.name,
                          type->core.name);
    TypeObject *staticbase = subtype;
    while (staticbase != NULL && staticbase->tp_new == slot_tp_new)
        staticbase = staticbase->base;
    if (staticbase != NULL && staticbase->tp_new != type->tp_new)
        return err_format(L, EXC_TypeError, "%s.__new__(%s) is not safe, use %s.__new__()",
                          type->core.name, subtype->core.name, staticbase->core.name);
    return type->tp_new(L, subtype, args + 1, nargs - 1, kwnames);
}

static const MethodDef new_def = {"__new__", tp_new_wrapper, METH_KEYWORDS,
                                  "Create and return a new object."};

Obj *slots_new_wrapper(Lang *L, TypeObject *type)
{
    return cfunction_new(L, &new_def, &type->ob, NULL);
}

int slots_is_new_wrapper(Lang *L, Obj *o)
{
    return is_cfunction(L, o) && ((CFunctionObject *)o)->def == &new_def;
}

/* ------------------------------------------------------------------ */
/* Built-in types: wrappers in the dict                                */
/* ------------------------------------------------------------------ */

int slots_add_wrappers(Lang *L, TypeObject *type)
{
    for (size_t i = 0; i < slotdefs_count; i++) {
        const SlotDef *sd = &slotdefs[i];
        AnyFn fn = slot_get(type, sd);
        if (sd->wrapper == NULL || fn == NULL)
            continue;
        Obj *name = L->ids[sd->name_id];
        if (dict_getitem_str(type->dict, name) != NULL)
            continue;
        Obj *d;
        if (sd->offset == OFF(hash) && fn == FN(hash_not_implemented))
            d = new_none(L);
        else
            d = descr_new_wrapper(L, type, sd, fn);
        if (d == NULL || dict_setitem_take(L, type->dict, obj_newref(name), d) < 0)
            return -1;
    }
    if (type->tp_new != NULL && dict_getitem_str(type->dict, ID(L, __new__)) == NULL) {
        Obj *w = slots_new_wrapper(L, type);
        if (w == NULL || dict_setitem_take(L, type->dict, obj_newref(ID(L, __new__)), w) < 0)
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Classes: slots from the MRO                                         */
/* ------------------------------------------------------------------ */

/* The first non-NULL value of a slot along type's MRO after type. */
static AnyFn inherited(TypeObject *type, const SlotDef *sd)
{
    Obj *mro = type->mro;
    for (size_t i = 1; mro != NULL && i < tuple_size(mro); i++) {
        AnyFn fn = slot_get((TypeObject *)tuple_get_borrowed(mro, i), sd);
        if (fn != NULL)
            return fn;
    }
    return NULL;
}

/* Sets the slot at first->offset from every dunder feeding it
 * (CPython's update_one_slot). */
static void update_one_slot(Lang *L, TypeObject *type, const SlotDef *first)
{
    AnyFn specific = NULL, generic = NULL;
    int use_generic = 0, any = 0;
    for (size_t i = 0; i < slotdefs_count; i++) {
        const SlotDef *sd = &slotdefs[i];
        if (sd->offset != first->offset)
            continue;
        if (sd->dispatch != NULL)
            generic = sd->dispatch;
        Obj *descr = type_lookup(L, type, L->ids[sd->name_id]);
        if (descr == NULL)
            continue;
        any = 1;
        AnyFn fn = NULL;
        if (is_wrapper_descr(L, descr)) {
            WrapperDescrObject *w = (WrapperDescrObject *)descr;
            if (sd->offset == OFF(nb.power3))
                fn = FN(w->d.d_type->nb.power3);
            else if (w->slot->offset == sd->offset && type_is_subtype(type, w->d.d_type))
                fn = w->wrapped;
        } else if (descr == L->none && sd->offset == OFF(hash)) {
            fn = FN(hash_not_implemented);
        } else if (sd->offset == OFF(tp_new) && slots_is_new_wrapper(L, descr)) {
            fn = FN(((TypeObject *)((CFunctionObject *)descr)->self)->tp_new);
        }
        if (fn == NULL || (specific != NULL && specific != fn))
            use_generic = 1;
        else
            specific = fn;
    }
    AnyFn value;
    if (generic == NULL)
        value = inherited(type, first);      /* sequence slots: no dispatcher */
    else if (!any)
        value = NULL;
    else
        value = use_generic ? generic : specific;
    slot_set(type, first, value);
}

/* Whether sd is the first entry of the table for its offset. */
static int first_of_offset(const SlotDef *sd)
{
    for (const SlotDef *p = slotdefs; p < sd; p++) {
        if (p->offset == sd->offset)
            return 0;
    }
    return 1;
}

int slots_fixup(Lang *L, TypeObject *type)
{
    for (size_t i = 0; i < slotdefs_count; i++) {
        if (first_of_offset(&slotdefs[i]))
            update_one_slot(L, type, &slotdefs[i]);
    }
    return 0;
}

static void update_subtree(Lang *L, TypeObject *type, const SlotDef *first)
{
    update_one_slot(L, type, first);
    for (size_t i = 0; i < type->nsubclasses; i++) {
        Obj *sub = ouro_weakref_get(type->subclasses[i]);
        if (sub != NULL)
            update_subtree(L, (TypeObject *)sub, first);
    }
}

int slots_update(Lang *L, TypeObject *type, Obj *name)
{
    for (size_t i = 0; i < slotdefs_count; i++) {
        const SlotDef *sd = &slotdefs[i];
        if (L->ids[sd->name_id] != name)
            continue;
        for (size_t j = 0; j < slotdefs_count; j++) {
            if (slotdefs[j].offset == sd->offset && first_of_offset(&slotdefs[j]))
                update_subtree(L, type, &slotdefs[j]);
        }
    }
    return 0;
}
