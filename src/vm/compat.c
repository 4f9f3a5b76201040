/*
 * compat.c - lists and sets for the eval loop, made through their types'
 * public protocols (list(tuple), list.append...) so that the VM works with
 * whatever the object layer provides. When a type is missing the
 * operation raises SystemError naming it.
 */
#include "vm.h"
#include "../objects/tupleobject.h"

static Obj *call_type(Lang *L, TypeObject *t, const char *what, Obj *arg)
{
    if (t == NULL)
        return err_format(L, EXC_SystemError, "%s is not available in this build yet", what);
    return arg ? obj_call1(L, &t->ob, arg) : obj_call0(L, &t->ob);
}

static Obj *from_items(Lang *L, TypeObject *t, const char *what, Obj **items, size_t n)
{
    Obj *tuple = tuple_from_array_take(L, items, n);
    if (tuple == NULL)
        return NULL;
    Obj *r = call_type(L, t, what, n ? tuple : NULL);
    obj_decref(L, tuple);
    return r;
}

Obj *vm_new_list(Lang *L, Obj **items, size_t n)
{
    return from_items(L, L->t_list, "list", items, n);
}

Obj *vm_new_set(Lang *L, Obj **items, size_t n)
{
    return from_items(L, L->t_set, "set", items, n);
}

static int call_method1(Lang *L, Obj *self, const char *name, Obj *arg)
{
    Obj *r = obj_call_method_str(L, self, name, &arg, 1);
    if (r == NULL)
        return -1;
    obj_decref(L, r);
    return 0;
}

int vm_list_append(Lang *L, Obj *list, Obj *item)
{
    return call_method1(L, list, "append", item);
}

int vm_list_extend(Lang *L, Obj *list, Obj *iterable)
{
    return call_method1(L, list, "extend", iterable);
}

int vm_set_add(Lang *L, Obj *set, Obj *item)
{
    return call_method1(L, set, "add", item);
}

int vm_set_update(Lang *L, Obj *set, Obj *iterable)
{
    return call_method1(L, set, "update", iterable);
}

Obj *vm_sequence_to_tuple(Lang *L, Obj *seq)
{
    return tuple_from_iterable(L, seq);
}
