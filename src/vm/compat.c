/*
 * compat.c - the list and set operations of the eval loop, through the
 * object layer's list and set APIs (listobject.h, setobject.h). Kept as
 * one place so the loop does not depend on those types' internals.
 */
#include "vm.h"
#include "../objects/listobject.h"
#include "../objects/setobject.h"
#include "../objects/tupleobject.h"

Obj *vm_new_list(Lang *L, Obj **items, size_t n)
{
    return list_from_array_take(L, items, n);
}

Obj *vm_new_set(Lang *L, Obj **items, size_t n)
{
    Obj *s = set_new(L, NULL);
    size_t i = 0;
    if (s != NULL) {
        for (; i < n; i++) {
            if (set_add(L, s, items[i]) < 0)
                break;
            obj_decref(L, items[i]);
        }
        if (i < n) {
            obj_decref(L, s);
            s = NULL;
        }
    }
    for (; i < n; i++)
        obj_decref(L, items[i]);
    return s;
}

int vm_list_append(Lang *L, Obj *list, Obj *item)
{
    return list_append(L, list, item);
}

int vm_list_extend(Lang *L, Obj *list, Obj *iterable)
{
    return list_extend(L, list, iterable);
}

int vm_set_add(Lang *L, Obj *set, Obj *item)
{
    return set_add(L, set, item);
}

int vm_set_update(Lang *L, Obj *set, Obj *iterable)
{
    return set_update(L, set, iterable);
}

Obj *vm_sequence_to_tuple(Lang *L, Obj *seq)
{
    if (list_check_exact(L, seq))
        return list_as_tuple(L, seq);
    return tuple_from_iterable(L, seq);
}
