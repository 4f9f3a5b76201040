/*
 * dictviews.c - dict_keys / dict_values / dict_items and their iterators
 * (dictviews.h). An iterator walks the dict's entries by position and
 * checks the dict's size at each step, as CPython's dictiter does.
 */
#include "dictviews.h"
#include "dictobject.h"
#include "exceptions.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

typedef struct DictViewObject {
    OuroObject ob;
    Obj *dict;                    /* owned */
} DictViewObject;

typedef struct DictIterObject {
    OuroObject ob;
    Obj *dict;                    /* owned; NULL once exhausted */
    intptr_t used;                /* the dict's size at the start (-1: broken) */
    size_t pos;                   /* next entry position */
    intptr_t len;                 /* items left to produce */
} DictIterObject;

static int kind_of(Lang *L, Obj *o, TypeObject *const *types)
{
    for (int k = 0; k < 3; k++) {
        if (IS_TYPE(o, types[k]))
            return k;
    }
    (void)L;
    return DICT_KEYS;
}

/* ------------------------------------------------------------------ */
/* Iterators                                                           */
/* ------------------------------------------------------------------ */

Obj *dictiter_new(Lang *L, Obj *d, int kind)
{
    DictIterObject *it = (DictIterObject *)obj_alloc(L, L->t_dict_iters[kind]);
    if (it == NULL)
        return NULL;
    it->dict = obj_newref(d);
    it->used = dict_size(d);
    it->len = it->used;
    obj_track(L, &it->ob);
    return &it->ob;
}

static int dictiter_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    Obj *d = ((DictIterObject *)self)->dict;
    return d ? visit(d, arg) : 0;
}

static int dictiter_clear(OuroRuntime *rt, Obj *self)
{
    ouro_clearref(rt, &((DictIterObject *)self)->dict);
    return 0;
}

static Obj *dictiter_iter(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(self);
}

static Obj *dictiter_next(Lang *L, Obj *self)
{
    DictIterObject *it = (DictIterObject *)self;
    Obj *d = it->dict;
    if (d == NULL)
        return NULL;
    if (it->used != dict_size(d)) {
        it->used = -1;    /* stays broken, as CPython's */
        return err_format(L, EXC_RuntimeError, "dictionary changed size during iteration");
    }
    Obj *key, *value;
    if (!dict_next(d, &it->pos, &key, &value)) {
        obj_clearref(L, &it->dict);
        return NULL;
    }
    if (it->len == 0) {
        obj_clearref(L, &it->dict);
        return err_format(L, EXC_RuntimeError, "dictionary keys changed during iteration");
    }
    it->len--;
    switch (kind_of(L, self, L->t_dict_iters)) {
    case DICT_KEYS:
        return obj_newref(key);
    case DICT_VALUES:
        return obj_newref(value);
    default:
        return tuple_pack(L, 2, key, value);
    }
}

#define ITER_SPEC(cname)                                   \
    {                                                      \
        .name = cname,                                     \
        .basic_size = sizeof(DictIterObject),              \
        .core_flags = OURO_TYPE_GC,                        \
        .traverse = dictiter_traverse,                     \
        .clear = dictiter_clear,                           \
        .iter = dictiter_iter,                             \
        .iternext = dictiter_next,                         \
    }

const TypeSpec dictiter_specs[3] = {
    ITER_SPEC("dict_keyiterator"),
    ITER_SPEC("dict_valueiterator"),
    ITER_SPEC("dict_itemiterator"),
};

/* ------------------------------------------------------------------ */
/* Views                                                               */
/* ------------------------------------------------------------------ */

Obj *dictview_new(Lang *L, Obj *d, int kind)
{
    DictViewObject *v = (DictViewObject *)obj_alloc(L, L->t_dict_views[kind]);
    if (v == NULL)
        return NULL;
    v->dict = obj_newref(d);
    obj_track(L, &v->ob);
    return &v->ob;
}

static int view_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    return visit(((DictViewObject *)self)->dict, arg);
}

static void view_dealloc(OuroRuntime *rt, Obj *self)
{
    ouro_clearref(rt, &((DictViewObject *)self)->dict);
}

static intptr_t view_len(Lang *L, Obj *self)
{
    (void)L;
    return dict_size(((DictViewObject *)self)->dict);
}

static Obj *view_iter(Lang *L, Obj *self)
{
    return dictiter_new(L, ((DictViewObject *)self)->dict, kind_of(L, self, L->t_dict_views));
}

static int view_contains(Lang *L, Obj *self, Obj *x)
{
    Obj *d = ((DictViewObject *)self)->dict;
    switch (kind_of(L, self, L->t_dict_views)) {
    case DICT_KEYS:
        return dict_contains(L, d, x);
    case DICT_ITEMS: {
        if (!tuple_check(x) || tuple_size(x) != 2)
            return 0;
        Obj *v = dict_getitem_borrowed(L, d, tuple_get_borrowed(x, 0));
        if (v == NULL)
            return err_occurred(L) ? -1 : 0;
        obj_incref(v);
        int r = obj_richcompare_bool(L, v, tuple_get_borrowed(x, 1), CMP_EQ);
        obj_decref(L, v);
        return r;
    }
    default: {
        Obj *it = view_iter(L, self);
        if (it == NULL)
            return -1;
        Obj *v;
        int r = 0;
        while (r == 0 && (v = dictiter_next(L, it)) != NULL) {
            r = obj_richcompare_bool(L, v, x, CMP_EQ);
            obj_decref(L, v);
        }
        obj_decref(L, it);
        return r == 0 && err_occurred(L) ? -1 : r;
    }
    }
}

/* dict_keys(['a', 'b']): the items in list display. */
static Obj *view_repr(Lang *L, Obj *self)
{
    int rec = repr_enter(L, self);
    if (rec != 0)
        return rec > 0 ? str_from_cstr(L, "...") : NULL;
    StrBuilder sb;
    sb_init(L, &sb);
    int err = sb_append_format(&sb, "%s([", obj_type_name(self));
    Obj *it = err == 0 ? view_iter(L, self) : NULL;
    Obj *v;
    int first = 1;
    while (err == 0 && it != NULL && (v = dictiter_next(L, it)) != NULL) {
        if (!first)
            err = sb_append(&sb, ", ", 2);
        first = 0;
        if (err == 0)
            err = sb_append_repr(&sb, v);
        obj_decref(L, v);
    }
    if (it == NULL || err_occurred(L))
        err = -1;
    obj_xdecref(L, it);
    if (err == 0)
        err = sb_append(&sb, "])", 2);
    repr_leave(L, self);
    if (err < 0) {
        sb_abandon(&sb);
        return NULL;
    }
    return sb_finish(&sb);
}

#define VIEW_SPEC(cname, contains_fn)                      \
    {                                                      \
        .name = cname,                                     \
        .basic_size = sizeof(DictViewObject),              \
        .core_flags = OURO_TYPE_GC,                        \
        .dealloc = view_dealloc,                           \
        .traverse = view_traverse,                         \
        .repr = view_repr,                                 \
        .length = view_len,                                \
        .iter = view_iter,                                 \
        .contains = contains_fn,                           \
    }

const TypeSpec dictview_specs[3] = {
    VIEW_SPEC("dict_keys", view_contains),
    VIEW_SPEC("dict_values", NULL),
    VIEW_SPEC("dict_items", view_contains),
};
