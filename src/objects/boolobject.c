/*
 * boolobject.c - bool: int's subclass with exactly two instances per Lang,
 * True and False (boolobject.h). They share int's layout, so every int
 * operation works on them; &, | and ^ of two bools give a bool.
 */
#include <string.h>

#include "boolobject.h"
#include "exceptions.h"
#include "intobject.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

/* True and False are compact ints (intobject.h): a fixed-size type of
 * int's compact size. */
int bool_init(Lang *L)
{
    for (int v = 0; v < 2; v++) {
        IntObject *b = (IntObject *)obj_alloc(L, L->t_bool);
        if (b == NULL)
            return -1;
        b->w0 = (uint64_t)v;
        *(v ? &L->true_ : &L->false_) = &b->ob;
    }
    return 0;
}

static Obj *bool_repr(Lang *L, Obj *self)
{
    return str_from_cstr(L, self == L->true_ ? "True" : "False");
}

static Obj *bool_tp_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)type;
    if (kwnames != NULL && tuple_size(kwnames) > 0)
        return err_format(L, EXC_TypeError, "bool() takes no keyword arguments");
    if (nargs > 1)
        return err_format(L, EXC_TypeError, "bool expected at most 1 argument, got %zu", nargs);
    if (nargs == 0)
        return new_bool(L, 0);
    int t = obj_is_true(L, args[0]);
    return t < 0 ? NULL : new_bool(L, t);
}

/* a op b for two bools gives a bool; anything else is int's business. */
static Obj *bool_logic(Lang *L, Obj *a, Obj *b, int op)
{
    if (!bool_check(L, a) || !bool_check(L, b))
        return L->t_int->nb.binary[op](L, a, b);
    int x = a == L->true_, y = b == L->true_;
    int r = op == NB_AND ? (x & y) : op == NB_OR ? (x | y) : (x ^ y);
    return new_bool(L, r);
}

static Obj *bool_and(Lang *L, Obj *a, Obj *b)
{
    return bool_logic(L, a, b, NB_AND);
}

static Obj *bool_or(Lang *L, Obj *a, Obj *b)
{
    return bool_logic(L, a, b, NB_OR);
}

static Obj *bool_xor(Lang *L, Obj *a, Obj *b)
{
    return bool_logic(L, a, b, NB_XOR);
}

static const NumberSlots bool_nb = {
    .binary = {[NB_AND] = bool_and, [NB_OR] = bool_or, [NB_XOR] = bool_xor},
};

const TypeSpec bool_spec = {
    .name = "bool",
    .basic_size = INT_BASIC_SIZE,
    .repr = bool_repr,
    .tp_new = bool_tp_new,
    .nb = &bool_nb,
    .doc = "bool(x) -> bool",
};
