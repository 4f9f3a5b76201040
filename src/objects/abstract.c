/*
 * abstract.c - the abstract object protocols (object.h): repr/str, hash,
 * rich comparison with reflection, truth, attributes, items, iteration,
 * calls, the number protocol with reflected operands and NotImplemented,
 * isinstance/issubclass, and the recursion and C-stack guard. Errors read
 * as CPython 3.11's.
 */
#define _GNU_SOURCE 1        /* pthread_getattr_np */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "object.h"
#include "boolobject.h"
#include "dictobject.h"
#include "exceptions.h"
#include "instance.h"
#include "intobject.h"
#include "iterobject.h"
#include "slots.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

/* ------------------------------------------------------------------ */
/* Recursion guard                                                     */
/* ------------------------------------------------------------------ */

void lang_set_stack_limit(Lang *L)
{
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    size_t size = 0;
    uintptr_t low = 0;
#if defined(__GLIBC__)
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        void *addr;
        if (pthread_attr_getstack(&attr, &addr, &size) == 0)
            low = (uintptr_t)addr;
        pthread_attr_destroy(&attr);
    }
#endif
    if (low == 0 || size == 0 || here < low || here > low + size) {
        /* Unknown stack: assume 1 MiB below the current frame. */
        low = here > ((uintptr_t)1 << 20) ? here - ((uintptr_t)1 << 20) : 0;
        size = here - low;
    }
    /* Keep a margin for the code that runs between two checks and for
     * raising the error itself (sanitizers make frames much larger). */
    size_t margin = size / 4 < ((size_t)256 << 10) ? size / 4 : ((size_t)256 << 10);
#if defined(__SANITIZE_ADDRESS__)
    margin = size / 2;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    margin = size / 2;
#endif
#endif
    L->c_stack_limit = low + margin;
}

int enter_recursive_call(Lang *L, const char *where)
{
    uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
    if (sp < L->c_stack_limit || L->recursion_depth >= L->recursion_limit) {
        err_format(L, EXC_RecursionError, "maximum recursion depth exceeded%s", where);
        return -1;
    }
    L->recursion_depth++;
    return 0;
}

/* ------------------------------------------------------------------ */
/* repr recursion (Py_ReprEnter)                                       */
/* ------------------------------------------------------------------ */

int repr_enter(Lang *L, Obj *o)
{
    for (size_t i = 0; i < L->repr_depth; i++) {
        if (L->repr_stack[i] == o)
            return 1;
    }
    if (L->repr_depth == L->repr_cap) {
        size_t cap = L->repr_cap ? L->repr_cap * 2 : 16;
        Obj **s = mem_realloc(L, L->repr_stack, L->repr_cap * sizeof(Obj *), cap * sizeof(Obj *));
        if (s == NULL)
            return -1;
        L->repr_stack = s;
        L->repr_cap = cap;
    }
    L->repr_stack[L->repr_depth++] = o;
    return 0;
}

void repr_leave(Lang *L, Obj *o)
{
    /* Usually the top; search down in case an error skipped a leave. */
    for (size_t i = L->repr_depth; i-- > 0;) {
        if (L->repr_stack[i] == o) {
            memmove(&L->repr_stack[i], &L->repr_stack[i + 1],
                    (L->repr_depth - i - 1) * sizeof(Obj *));
            L->repr_depth--;
            return;
        }
    }
}

/* ------------------------------------------------------------------ */
/* repr, str, hash                                                     */
/* ------------------------------------------------------------------ */

Obj *obj_repr(Lang *L, Obj *o)
{
    UnaryFn f = TYPE(o)->repr;
    if (f == NULL)
        return object_repr(L, o);
    if (enter_recursive_call(L, " while getting the repr of an object") < 0)
        return NULL;
    Obj *r = f(L, o);
    leave_recursive_call(L);
    if (r != NULL && !str_check(r)) {
        err_format(L, EXC_TypeError, "__repr__ returned non-string (type %.200s)",
                   obj_type_name(r));
        obj_decref(L, r);
        return NULL;
    }
    return r;
}

Obj *obj_str(Lang *L, Obj *o)
{
    if (str_check_exact(L, o))
        return obj_newref(o);
    UnaryFn f = TYPE(o)->str;
    if (f == NULL)
        return obj_repr(L, o);
    if (enter_recursive_call(L, " while getting the str of an object") < 0)
        return NULL;
    Obj *r = f(L, o);
    leave_recursive_call(L);
    if (r != NULL && !str_check(r)) {
        err_format(L, EXC_TypeError, "__str__ returned non-string (type %.200s)",
                   obj_type_name(r));
        obj_decref(L, r);
        return NULL;
    }
    return r;
}

int check_c_stack_slow(Lang *L)
{
    err_format(L, EXC_RecursionError, "maximum recursion depth exceeded");
    return -1;
}

intptr_t obj_hash(Lang *L, Obj *o)
{
    if (check_c_stack(L) < 0)
        return -1;
    HashFn f = TYPE(o)->hash;
    if (f == NULL)
        return hash_not_implemented(L, o);
    return f(L, o);
}

/* ------------------------------------------------------------------ */
/* Comparison                                                          */
/* ------------------------------------------------------------------ */

static const int swapped_op[] = {CMP_GT, CMP_GE, CMP_EQ, CMP_NE, CMP_LT, CMP_LE};
static const char *const op_strings[] = {"<", "<=", "==", "!=", ">", ">="};

static Obj *do_richcompare(Lang *L, Obj *v, Obj *w, int op)
{
    RichCmpFn f;
    int checked_reverse = 0;
    if (!IS_TYPE(v, TYPE(w)) && type_is_subtype(TYPE(w), TYPE(v)) &&
        (f = TYPE(w)->richcompare) != NULL) {
        checked_reverse = 1;
        Obj *r = f(L, w, v, swapped_op[op]);
        if (r != L->not_implemented)
            return r;
        obj_decref(L, r);
    }
    if ((f = TYPE(v)->richcompare) != NULL) {
        Obj *r = f(L, v, w, op);
        if (r != L->not_implemented)
            return r;
        obj_decref(L, r);
    }
    if (!checked_reverse && (f = TYPE(w)->richcompare) != NULL) {
        Obj *r = f(L, w, v, swapped_op[op]);
        if (r != L->not_implemented)
            return r;
        obj_decref(L, r);
    }
    switch (op) {
    case CMP_EQ:
        return new_bool(L, v == w);
    case CMP_NE:
        return new_bool(L, v != w);
    default:
        return err_format(L, EXC_TypeError,
                          "'%s' not supported between instances of '%.100s' and '%.100s'",
                          op_strings[op], obj_type_name(v), obj_type_name(w));
    }
}

Obj *obj_richcompare(Lang *L, Obj *a, Obj *b, int op)
{
    if (enter_recursive_call(L, " in comparison") < 0)
        return NULL;
    Obj *r = do_richcompare(L, a, b, op);
    leave_recursive_call(L);
    return r;
}

int obj_richcompare_bool(Lang *L, Obj *a, Obj *b, int op)
{
    if (a == b) {
        if (op == CMP_EQ)
            return 1;
        if (op == CMP_NE)
            return 0;
    }
    Obj *r = obj_richcompare(L, a, b, op);
    if (r == NULL)
        return -1;
    int t = r == L->true_ ? 1 : r == L->false_ ? 0 : obj_is_true(L, r);
    obj_decref(L, r);
    return t;
}

/* ------------------------------------------------------------------ */
/* Truth                                                               */
/* ------------------------------------------------------------------ */

int obj_is_true(Lang *L, Obj *o)
{
    if (o == L->true_)
        return 1;
    if (o == L->false_ || o == L->none)
        return 0;
    TypeObject *tp = TYPE(o);
    if (tp->nb.to_bool != NULL)
        return tp->nb.to_bool(L, o);
    if (tp->length != NULL) {
        intptr_t n = tp->length(L, o);
        return n < 0 ? -1 : n > 0;
    }
    return 1;
}

int obj_not(Lang *L, Obj *o)
{
    int t = obj_is_true(L, o);
    return t < 0 ? t : !t;
}

/* ------------------------------------------------------------------ */
/* Attributes                                                          */
/* ------------------------------------------------------------------ */

static int check_attr_name(Lang *L, Obj *name)
{
    if (str_check(name))
        return 0;
    err_format(L, EXC_TypeError, "attribute name must be string, not '%.200s'",
               obj_type_name(name));
    return -1;
}

Obj *obj_getattr(Lang *L, Obj *o, Obj *name)
{
    if (check_attr_name(L, name) < 0)
        return NULL;
    GetAttrFn f = TYPE(o)->getattro;
    if (f != NULL)
        return f(L, o, name);
    return err_format(L, EXC_AttributeError, "'%.50s' object has no attribute '%U'",
                      obj_type_name(o), name);
}

Obj *obj_lookup_attr(Lang *L, Obj *o, Obj *name)
{
    Obj *r = obj_getattr(L, o, name);
    if (r == NULL && err_matches(L, EXC_AttributeError))
        err_clear(L);
    return r;
}

Obj *obj_getattr_str(Lang *L, Obj *o, const char *name)
{
    Obj *s = str_intern_cstr(L, name);
    if (s == NULL)
        return NULL;
    Obj *r = obj_getattr(L, o, s);
    obj_decref(L, s);
    return r;
}

int obj_hasattr(Lang *L, Obj *o, Obj *name)
{
    Obj *r = obj_lookup_attr(L, o, name);
    if (r == NULL)
        return err_occurred(L) ? -1 : 0;
    obj_decref(L, r);
    return 1;
}

int obj_setattr(Lang *L, Obj *o, Obj *name, Obj *value)
{
    if (check_attr_name(L, name) < 0)
        return -1;
    TypeObject *tp = TYPE(o);
    if (tp->setattro == NULL) {
        if (tp->getattro == NULL)
            err_format(L, EXC_TypeError, "'%.100s' object has no attributes (%s .%U)",
                       tp->core.name, value ? "assign to" : "del", name);
        else
            err_format(L, EXC_TypeError, "'%.100s' object has only read-only attributes (%s .%U)",
                       tp->core.name, value ? "assign to" : "del", name);
        return -1;
    }
    /* Names are interned, as CPython does, so that instance keys and the
     * method cache compare them by identity. */
    obj_incref(name);
    if (str_check_exact(L, name) && (name = str_intern_take(L, name)) == NULL)
        return -1;
    int r = tp->setattro(L, o, name, value);
    obj_decref(L, name);
    return r;
}

int obj_setattr_str(Lang *L, Obj *o, const char *name, Obj *value)
{
    Obj *s = str_intern_cstr(L, name);
    if (s == NULL)
        return -1;
    int r = obj_setattr(L, o, s, value);
    obj_decref(L, s);
    return r;
}

/* ------------------------------------------------------------------ */
/* Items                                                               */
/* ------------------------------------------------------------------ */

intptr_t obj_length(Lang *L, Obj *o)
{
    LenFn f = TYPE(o)->length;
    if (f != NULL)
        return f(L, o);
    err_format(L, EXC_TypeError, "object of type '%.200s' has no len()", obj_type_name(o));
    return -1;
}

Obj *obj_getitem(Lang *L, Obj *o, Obj *key)
{
    TypeObject *tp = TYPE(o);
    if (tp->subscript != NULL)
        return tp->subscript(L, o, key);
    if (tp->sq.item != NULL) {
        if (TYPE(key)->nb.index == NULL)
            return err_format(L, EXC_TypeError, "sequence index must be integer, not '%.200s'",
                              obj_type_name(key));
        intptr_t i = obj_as_ssize(L, key, EXC_IndexError);
        if (i == -1 && err_occurred(L))
            return NULL;
        if (i < 0 && tp->length != NULL) {
            intptr_t n = tp->length(L, o);
            if (n < 0)
                return NULL;
            i += n;
        }
        return tp->sq.item(L, o, i);
    }
    if (type_check(o)) {
        Obj *meth = obj_lookup_attr(L, o, ID(L, __class_getitem__));
        if (meth != NULL) {
            Obj *r = obj_call1(L, meth, key);
            obj_decref(L, meth);
            return r;
        }
        if (err_occurred(L))
            return NULL;
        return err_format(L, EXC_TypeError, "type '%.200s' is not subscriptable",
                          ((TypeObject *)o)->core.name);
    }
    return err_format(L, EXC_TypeError, "'%.200s' object is not subscriptable", obj_type_name(o));
}

int obj_setitem(Lang *L, Obj *o, Obj *key, Obj *value)
{
    SetItemFn f = TYPE(o)->ass_subscript;
    if (f != NULL)
        return f(L, o, key, value);
    err_format(L, EXC_TypeError, "'%.200s' object does not support item assignment",
               obj_type_name(o));
    return -1;
}

int obj_delitem(Lang *L, Obj *o, Obj *key)
{
    SetItemFn f = TYPE(o)->ass_subscript;
    if (f != NULL)
        return f(L, o, key, NULL);
    err_format(L, EXC_TypeError, "'%.200s' object doesn't support item deletion",
               obj_type_name(o));
    return -1;
}

int obj_contains(Lang *L, Obj *container, Obj *item)
{
    ContainsFn f = TYPE(container)->contains;
    if (f != NULL)
        return f(L, container, item);
    Obj *it = obj_iter(L, container);
    if (it == NULL) {
        if (err_matches(L, EXC_TypeError)) {
            err_clear(L);
            err_format(L, EXC_TypeError, "argument of type '%.200s' is not iterable",
                       obj_type_name(container));
        }
        return -1;
    }
    int found = 0;
    Obj *x;
    while (found == 0 && (x = obj_next(L, it)) != NULL) {
        found = obj_richcompare_bool(L, x, item, CMP_EQ);
        obj_decref(L, x);
    }
    obj_decref(L, it);
    if (found == 0 && err_occurred(L))
        return -1;
    return found;
}

/* ------------------------------------------------------------------ */
/* Iteration                                                           */
/* ------------------------------------------------------------------ */

Obj *obj_iter(Lang *L, Obj *o)
{
    UnaryFn f = TYPE(o)->iter;
    if (f == NULL) {
        if (TYPE(o)->sq.item != NULL || (TYPE(o)->subscript != NULL && !dict_check(o)))
            return seqiter_new(L, o);
        return err_format(L, EXC_TypeError, "'%.200s' object is not iterable", obj_type_name(o));
    }
    Obj *it = f(L, o);
    if (it != NULL && TYPE(it)->iternext == NULL) {
        err_format(L, EXC_TypeError, "iter() returned non-iterator of type '%.100s'",
                   obj_type_name(it));
        obj_decref(L, it);
        return NULL;
    }
    return it;
}

Obj *obj_next(Lang *L, Obj *iter)
{
    IterNextFn f = TYPE(iter)->iternext;
    if (f == NULL)
        return err_format(L, EXC_TypeError, "'%.200s' object is not an iterator",
                          obj_type_name(iter));
    return f(L, iter);
}

/* ------------------------------------------------------------------ */
/* Calls                                                               */
/* ------------------------------------------------------------------ */

Obj *obj_call(Lang *L, Obj *callable, Obj *const *args, size_t nargs, Obj *kwnames)
{
    CallFn f = TYPE(callable)->call;
    if (f == NULL)
        return err_format(L, EXC_TypeError, "'%.200s' object is not callable",
                          obj_type_name(callable));
    /* A Python function, directly or bound, counts its recursion level
     * (and checks the C stack) when its frame is pushed: counting here too
     * would make special methods called from C recurse one level less deep
     * than CPython's, whose vectorcall of functions and methods counts only
     * the frame. Other callables count here, as _PyObject_MakeTpCall. */
    if (IS_TYPE(callable, L->t_function) || IS_TYPE(callable, L->t_method))
        return f(L, callable, args, nargs, kwnames);
    if (enter_recursive_call(L, " while calling a Python object") < 0)
        return NULL;
    Obj *r = f(L, callable, args, nargs, kwnames);
    leave_recursive_call(L);
    return r;
}

Obj *obj_call0(Lang *L, Obj *callable)
{
    return obj_call(L, callable, NULL, 0, NULL);
}

Obj *obj_call1(Lang *L, Obj *callable, Obj *arg)
{
    return obj_call(L, callable, &arg, 1, NULL);
}

Obj *obj_call2(Lang *L, Obj *callable, Obj *a, Obj *b)
{
    Obj *args[2] = {a, b};
    return obj_call(L, callable, args, 2, NULL);
}

int obj_callable(Obj *o)
{
    return TYPE(o)->call != NULL;
}

int obj_get_method(Lang *L, Obj *obj, Obj *name, Obj **method)
{
    TypeObject *tp = TYPE(obj);
    *method = NULL;
    if (tp->getattro != object_generic_getattr || !str_check(name)) {
        *method = obj_getattr(L, obj, name);
        return *method ? 0 : -1;
    }
    Obj *descr = type_lookup(L, tp, name);
    DescrGetFn get = NULL;
    int is_method = 0;
    if (descr != NULL) {
        obj_incref(descr);
        if (TYPE_HAS(TYPE(descr), TF_METHOD_DESCRIPTOR)) {
            is_method = 1;
        } else {
            get = TYPE(descr)->descr_get;
            if (get != NULL && TYPE(descr)->descr_set != NULL) {
                *method = get(L, descr, obj, &tp->ob);
                obj_decref(L, descr);
                return *method ? 0 : -1;
            }
        }
    }
    if (instance_has_dict(obj)) {
        Obj *v = instance_attr_get(L, obj, name);
        if (v != NULL) {
            *method = obj_newref(v);
            obj_xdecref(L, descr);
            return 0;
        }
    }
    if (is_method) {
        *method = descr;
        return 1;
    }
    if (get != NULL) {
        *method = get(L, descr, obj, &tp->ob);
        obj_decref(L, descr);
        return *method ? 0 : -1;
    }
    if (descr != NULL) {
        *method = descr;
        return 0;
    }
    /* The generic path raises the error with its name and obj set. */
    *method = object_generic_getattr(L, obj, name);
    return *method ? 0 : -1;
}

Obj *obj_call_method(Lang *L, Obj *name, Obj *const *args, size_t nargs, Obj *kwnames)
{
    Obj *m;
    int unbound = obj_get_method(L, args[0], name, &m);
    if (unbound < 0)
        return NULL;
    Obj *r = unbound ? obj_call(L, m, args, nargs, kwnames)
                     : obj_call(L, m, args + 1, nargs - 1, kwnames);
    obj_decref(L, m);
    return r;
}

Obj *obj_call_method_str(Lang *L, Obj *self, const char *name, Obj *const *args, size_t nargs)
{
    Obj *s = str_intern_cstr(L, name);
    if (s == NULL)
        return NULL;
    Obj *small[8];
    Obj **all = nargs + 1 <= 8 ? small : mem_alloc(L, (nargs + 1) * sizeof(Obj *));
    Obj *r = NULL;
    if (all != NULL) {
        all[0] = self;
        if (nargs)
            memcpy(all + 1, args, nargs * sizeof(Obj *));
        r = obj_call_method(L, s, all, nargs + 1, NULL);
        if (all != small)
            mem_free(L, all, (nargs + 1) * sizeof(Obj *));
    }
    obj_decref(L, s);
    return r;
}

/* ------------------------------------------------------------------ */
/* Number protocol                                                     */
/* ------------------------------------------------------------------ */

static const char *const op_symbols[NB_NBINARY] = {
    "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^", "divmod()",
};

/* CPython's binary_op1: the left operand's slot, unless the right
 * operand's type is a subclass with its own slot, which goes first.
 * Returns NotImplemented (new) when neither handles the pair. */
static Obj *binary_op1(Lang *L, Obj *v, Obj *w, int op)
{
    BinaryFn slotv = TYPE(v)->nb.binary[op], slotw = NULL;
    if (!IS_TYPE(w, TYPE(v))) {
        slotw = TYPE(w)->nb.binary[op];
        if (slotw == slotv)
            slotw = NULL;
    }
    if (slotv != NULL) {
        if (slotw != NULL && type_is_subtype(TYPE(w), TYPE(v))) {
            Obj *x = slotw(L, v, w);
            if (x != L->not_implemented)
                return x;
            obj_decref(L, x);
            slotw = NULL;
        }
        Obj *x = slotv(L, v, w);
        if (x != L->not_implemented)
            return x;
        obj_decref(L, x);
    }
    if (slotw != NULL)
        return slotw(L, v, w);
    return new_not_implemented(L);
}

static Obj *binop_type_error(Lang *L, Obj *v, Obj *w, const char *opname)
{
    return err_format(L, EXC_TypeError, "unsupported operand type(s) for %.100s: '%.100s' and '%.100s'",
                      opname, obj_type_name(v), obj_type_name(w));
}

/* seq * n for a sequence and an index-like n. */
static Obj *sequence_repeat(Lang *L, SizeArgFn repeat, Obj *seq, Obj *n)
{
    if (TYPE(n)->nb.index == NULL)
        return err_format(L, EXC_TypeError, "can't multiply sequence by non-int of type '%.200s'",
                          obj_type_name(n));
    intptr_t count = obj_as_ssize(L, n, EXC_OverflowError);
    if (count == -1 && err_occurred(L))
        return NULL;
    return repeat(L, seq, count);
}

/* After both number slots declined: + and * of sequences. */
static Obj *sequence_fallback(Lang *L, Obj *v, Obj *w, int op, int inplace)
{
    SequenceSlots *sv = &TYPE(v)->sq, *sw = &TYPE(w)->sq;
    if (op == NB_ADD) {
        BinaryFn f = inplace && sv->inplace_concat ? sv->inplace_concat : sv->concat;
        if (f != NULL)
            return f(L, v, w);
    } else if (op == NB_MULTIPLY) {
        SizeArgFn f = inplace && sv->inplace_repeat ? sv->inplace_repeat : sv->repeat;
        if (f != NULL)
            return sequence_repeat(L, f, v, w);
        if (!inplace && sw->repeat != NULL)
            return sequence_repeat(L, sw->repeat, w, v);
    }
    return NULL;
}

Obj *obj_binary_op(Lang *L, Obj *a, Obj *b, int op)
{
    Obj *r = binary_op1(L, a, b, op);
    if (r != L->not_implemented)
        return r;
    obj_decref(L, r);
    r = sequence_fallback(L, a, b, op, 0);
    if (r != NULL || err_occurred(L))
        return r;
    if (op == NB_POWER)
        return binop_type_error(L, a, b, "** or pow()");
    return binop_type_error(L, a, b, op_symbols[op]);
}

Obj *obj_inplace_op(Lang *L, Obj *a, Obj *b, int op)
{
    BinaryFn f = TYPE(a)->nb.inplace[op];
    if (f != NULL) {
        Obj *r = f(L, a, b);
        if (r != L->not_implemented)
            return r;
        obj_decref(L, r);
    }
    Obj *r = binary_op1(L, a, b, op);
    if (r != L->not_implemented)
        return r;
    obj_decref(L, r);
    r = sequence_fallback(L, a, b, op, 1);
    if (r != NULL || err_occurred(L))
        return r;
    char name[8];
    snprintf(name, sizeof name, "%s=", op_symbols[op]);
    return binop_type_error(L, a, b, name);
}

Obj *obj_power3(Lang *L, Obj *a, Obj *b, Obj *m)
{
    if (m == L->none)
        return obj_binary_op(L, a, b, NB_POWER);
    /* CPython's ternary_op: the first operand's slot, then the second's,
     * then the modulus's. */
    TernaryFn fa = TYPE(a)->nb.power3, fb = TYPE(b)->nb.power3, fm = TYPE(m)->nb.power3;
    TernaryFn tried[3] = {fa, fb != fa ? fb : NULL, (fm != fa && fm != fb) ? fm : NULL};
    for (int i = 0; i < 3; i++) {
        if (tried[i] == NULL)
            continue;
        Obj *r = tried[i](L, a, b, m);
        if (r != L->not_implemented)
            return r;
        obj_decref(L, r);
    }
    return err_format(L, EXC_TypeError,
                      "unsupported operand type(s) for ** or pow(): '%.100s', '%.100s', '%.100s'",
                      obj_type_name(a), obj_type_name(b), obj_type_name(m));
}

static Obj *unary(Lang *L, Obj *o, UnaryFn f, const char *what)
{
    if (f != NULL)
        return f(L, o);
    return err_format(L, EXC_TypeError, "bad operand type for %s: '%.200s'", what, obj_type_name(o));
}

Obj *obj_negative(Lang *L, Obj *o)
{
    return unary(L, o, TYPE(o)->nb.negative, "unary -");
}

Obj *obj_positive(Lang *L, Obj *o)
{
    return unary(L, o, TYPE(o)->nb.positive, "unary +");
}

Obj *obj_invert(Lang *L, Obj *o)
{
    return unary(L, o, TYPE(o)->nb.invert, "unary ~");
}

Obj *obj_absolute(Lang *L, Obj *o)
{
    return unary(L, o, TYPE(o)->nb.absolute, "abs()");
}

Obj *obj_index(Lang *L, Obj *o)
{
    if (int_check(o))
        return obj_newref(o);
    UnaryFn f = TYPE(o)->nb.index;
    if (f == NULL)
        return err_format(L, EXC_TypeError, "'%.200s' object cannot be interpreted as an integer",
                          obj_type_name(o));
    Obj *r = f(L, o);
    if (r != NULL && !int_check(r)) {
        err_format(L, EXC_TypeError, "__index__ returned non-int (type %.200s)", obj_type_name(r));
        obj_decref(L, r);
        return NULL;
    }
    return r;
}

intptr_t obj_as_ssize(Lang *L, Obj *o, int err_kind)
{
    Obj *i = obj_index(L, o);
    if (i == NULL)
        return -1;
    int64_t v;
    int fits = int_as_i64_exact(i, &v);
    int sign = fits ? 0 : int_sign(i);   /* read before the release: i may die */
    obj_decref(L, i);
    if (fits)
        return (intptr_t)v;
    if (err_kind < 0)
        return sign < 0 ? INTPTR_MIN : INTPTR_MAX;
    err_format(L, err_kind, "cannot fit '%.200s' into an index-sized integer", obj_type_name(o));
    return -1;
}

/* ------------------------------------------------------------------ */
/* Subtypes, isinstance, issubclass                                    */
/* ------------------------------------------------------------------ */

int type_is_subtype(const TypeObject *a, const TypeObject *b)
{
    if (a == b)
        return 1;
    Obj *mro = a->mro;
    if (mro != NULL) {
        size_t n = tuple_size(mro);
        for (size_t i = 0; i < n; i++) {
            if (tuple_get_borrowed(mro, i) == &b->ob)
                return 1;
        }
        return 0;
    }
    /* While a type is being made: follow the base chain. */
    for (const TypeObject *t = a; t != NULL; t = t->base) {
        if (t == b)
            return 1;
    }
    return b == LANG_OF(&a->ob)->t_object;
}

/* type(cls).name bound to cls and called with arg, under the recursion
 * guard, as a truth value (CPython's checker call in object_isinstance and
 * object_issubclass). *found 0 when type(cls) has no such method. */
static int call_checker(Lang *L, Obj *cls, Obj *name, Obj *arg, const char *where, int *found)
{
    *found = type_lookup(L, TYPE(cls), name) != NULL;
    if (!*found)
        return 0;
    if (enter_recursive_call(L, where) < 0)
        return -1;
    Obj *args[2] = {cls, arg};
    Obj *r = call_special(L, name, args, 2, found);
    leave_recursive_call(L);
    if (r == NULL)
        return -1;
    int t = obj_is_true(L, r);
    obj_decref(L, r);
    return t;
}

/* Whether o's __class__ is plainly its type: the common case, known
 * without running the attribute lookup (object's __class__ descriptor
 * found by the generic getattr; a data descriptor, so no instance
 * attribute can hide it). */
static int class_is_type(Lang *L, Obj *o)
{
    TypeObject *tp = TYPE(o);
    if (tp->getattro != object_generic_getattr)
        return 0;
    Obj *d = type_lookup(L, tp, ID(L, __class__));
    return d != NULL && d == dict_getitem_str(L->t_object->dict, ID(L, __class__));
}

/* cls.__bases__ when it is a tuple (new reference), else NULL, with an
 * exception only for errors other than AttributeError (CPython's
 * abstract_get_bases: any object with such a tuple counts as a class). */
static Obj *abstract_bases(Lang *L, Obj *cls)
{
    Obj *bases = obj_lookup_attr(L, cls, ID(L, __bases__));
    if (bases != NULL && !tuple_check(bases))
        obj_clearref(L, &bases);
    return bases;
}

/* 0 when cls is a class in that sense; -1 with TypeError(msg) when it is
 * not, or with the error of the lookup. */
static int check_class(Lang *L, Obj *cls, const char *msg)
{
    Obj *bases = abstract_bases(L, cls);
    if (bases == NULL) {
        if (!err_occurred(L))
            err_format(L, EXC_TypeError, "%s", msg);
        return -1;
    }
    obj_decref(L, bases);
    return 0;
}

/* CPython's abstract_issubclass: cls reached from derived through
 * __bases__. 0/1, -1 error. */
static int abstract_issubclass(Lang *L, Obj *derived, Obj *cls)
{
    obj_incref(derived);
    int r = 0;
    for (;;) {
        if (derived == cls) {
            r = 1;
            break;
        }
        Obj *bases = abstract_bases(L, derived);
        if (bases == NULL) {
            r = err_occurred(L) ? -1 : 0;
            break;
        }
        size_t n = tuple_size(bases);
        if (n == 1) {   /* the common case, without recursion */
            obj_setref(L, &derived, obj_newref(tuple_get_borrowed(bases, 0)));
            obj_decref(L, bases);
            continue;
        }
        if (enter_recursive_call(L, " in __issubclass__") < 0) {
            obj_decref(L, bases);
            r = -1;
            break;
        }
        for (size_t i = 0; r == 0 && i < n; i++)
            r = abstract_issubclass(L, tuple_get_borrowed(bases, i), cls);
        leave_recursive_call(L);
        obj_decref(L, bases);
        break;
    }
    obj_decref(L, derived);
    return r;
}

int obj_real_isinstance(Lang *L, Obj *o, Obj *cls)
{
    if (!type_check(cls)) {
        /* An "abstract" class: o.__class__ reaches cls through __bases__. */
        if (check_class(L, cls, "isinstance() arg 2 must be a type, a tuple of types, "
                                "or a union") < 0)
            return -1;
        Obj *icls = obj_lookup_attr(L, o, ID(L, __class__));
        if (icls == NULL)
            return err_occurred(L) ? -1 : 0;
        int r = abstract_issubclass(L, icls, cls);
        obj_decref(L, icls);
        return r;
    }
    if (obj_isinstance(o, (TypeObject *)cls))
        return 1;
    if (class_is_type(L, o))
        return 0;
    /* CPython's object_isinstance: o.__class__, for objects standing in
     * for others (weakref proxies, mocks). */
    Obj *icls = obj_lookup_attr(L, o, ID(L, __class__));
    if (icls == NULL)
        return err_occurred(L) ? -1 : 0;
    int r = icls != &TYPE(o)->ob && type_check(icls) &&
            type_is_subtype((TypeObject *)icls, (TypeObject *)cls);
    obj_decref(L, icls);
    return r;
}

int obj_isinstance_of(Lang *L, Obj *o, Obj *cls)
{
    if (IS_TYPE(o, (TypeObject *)cls))
        return 1;
    if (IS_TYPE(cls, L->t_type))   /* type.__instancecheck__ is known */
        return obj_real_isinstance(L, o, cls);
    if (tuple_check(cls)) {
        if (enter_recursive_call(L, " in __instancecheck__") < 0)
            return -1;
        int r = 0;
        for (size_t i = 0; r == 0 && i < tuple_size(cls); i++)
            r = obj_isinstance_of(L, o, tuple_get_borrowed(cls, i));
        leave_recursive_call(L);
        return r;
    }
    int found;
    int r = call_checker(L, cls, ID(L, __instancecheck__), o, " in __instancecheck__", &found);
    return found ? r : obj_real_isinstance(L, o, cls);
}

int obj_real_issubclass(Lang *L, Obj *derived, Obj *cls)
{
    if (type_check(derived) && type_check(cls))
        return type_is_subtype((TypeObject *)derived, (TypeObject *)cls);
    if (check_class(L, derived, "issubclass() arg 1 must be a class") < 0 ||
        check_class(L, cls, "issubclass() arg 2 must be a class, a tuple of classes, "
                            "or a union") < 0)
        return -1;
    return abstract_issubclass(L, derived, cls);
}

int obj_issubclass_of(Lang *L, Obj *derived, Obj *cls)
{
    if (IS_TYPE(cls, L->t_type)) {   /* type.__subclasscheck__ is known */
        if (derived == cls)
            return 1;
        return obj_real_issubclass(L, derived, cls);
    }
    if (tuple_check(cls)) {
        if (enter_recursive_call(L, " in __subclasscheck__") < 0)
            return -1;
        int r = 0;
        for (size_t i = 0; r == 0 && i < tuple_size(cls); i++)
            r = obj_issubclass_of(L, derived, tuple_get_borrowed(cls, i));
        leave_recursive_call(L);
        return r;
    }
    int found;
    int r = call_checker(L, cls, ID(L, __subclasscheck__), derived, " in __subclasscheck__",
                         &found);
    return found ? r : obj_real_issubclass(L, derived, cls);
}
