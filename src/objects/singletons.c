/*
 * singletons.c - NoneType, NotImplementedType and ellipsis, and their one
 * instance each per Lang (singletons.h).
 */
#include "singletons.h"
#include "exceptions.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

int singletons_init(Lang *L)
{
    L->none = obj_alloc(L, L->t_none);
    L->not_implemented = obj_alloc(L, L->t_notimplemented);
    L->ellipsis = obj_alloc(L, L->t_ellipsis);
    return L->none && L->not_implemented && L->ellipsis ? 0 : -1;
}

static int no_arguments(Lang *L, TypeObject *type, size_t nargs, Obj *kwnames)
{
    if (nargs == 0 && (kwnames == NULL || tuple_size(kwnames) == 0))
        return 0;
    err_format(L, EXC_TypeError, "%s takes no arguments", type->core.name);
    return -1;
}

static Obj *none_repr(Lang *L, Obj *self)
{
    (void)self;
    return str_from_cstr(L, "None");
}

static int none_bool(Lang *L, Obj *self)
{
    (void)L;
    (void)self;
    return 0;
}

static Obj *none_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    return no_arguments(L, type, nargs, kwnames) < 0 ? NULL : new_none(L);
}

static const NumberSlots none_nb = {.to_bool = none_bool};

const TypeSpec none_spec = {
    .name = "NoneType",
    .basic_size = sizeof(OuroObject),
    .repr = none_repr,
    .tp_new = none_new,
    .nb = &none_nb,
};

static Obj *notimpl_repr(Lang *L, Obj *self)
{
    (void)self;
    return str_from_cstr(L, "NotImplemented");
}

static Obj *notimpl_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    return no_arguments(L, type, nargs, kwnames) < 0 ? NULL : new_not_implemented(L);
}

const TypeSpec notimplemented_spec = {
    .name = "NotImplementedType",
    .basic_size = sizeof(OuroObject),
    .repr = notimpl_repr,
    .tp_new = notimpl_new,
};

static Obj *ellipsis_repr(Lang *L, Obj *self)
{
    (void)self;
    return str_from_cstr(L, "Ellipsis");
}

static Obj *ellipsis_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    (void)type;
    if (nargs != 0 || (kwnames != NULL && tuple_size(kwnames) != 0))
        return err_format(L, EXC_TypeError, "EllipsisType takes no arguments");
    return obj_newref(L->ellipsis);
}

const TypeSpec ellipsis_spec = {
    .name = "ellipsis",
    .basic_size = sizeof(OuroObject),
    .repr = ellipsis_repr,
    .tp_new = ellipsis_new,
};
