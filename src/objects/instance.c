/*
 * instance.c - instances of classes: layout fixing, allocation, attribute
 * storage (inline values with shared keys, or a dict), __dict__ and
 * __weakref__, and the core slots (dealloc, traverse, clear, finalize).
 * instance.h draws the layout and states the invariants.
 *
 * The dict word (at type->dict_offset, for TF_INLINE_VALUES classes):
 *   0            nothing set yet (all values NULL)
 *   odd          an order word: bit 0 set, bits 1-4 the count c, and
 *                nibbles k = 0..c-1 at bits 5+4k the indices of the set
 *                values in the order they were first set;
 *   even, != 0   a dict holding every attribute (values all NULL).
 * Invariant (inline mode): values[i] != NULL exactly when i is in the
 * order word.
 *
 * A heap type cannot be released by its last instance's dealloc slot: the
 * core reads the type (for the block size) after that slot returns. So
 * the slot hands its reference to L->pending_type, whose previous occupant
 * is released then: by that time that instance's memory is gone (the core
 * frees an object right after its dealloc slot, with no code in between).
 * The next allocation (obj_alloc) and lang_free release the last one.
 */
#include <string.h>

#include "instance.h"
#include "dictobject.h"
#include "strobject.h"
#include "slots.h"
#include "typeobject.h"

/* ------------------------------------------------------------------ */
/* Shared keys and order words                                         */
/* ------------------------------------------------------------------ */

static intptr_t keys_index(SharedKeys *keys, Obj *name)
{
    for (size_t i = 0; i < keys->n; i++) {
        if (keys->names[i] == name)
            return (intptr_t)i;
    }
    return -1;
}

/* The index of name in keys, or -1. Names in keys are interned, so a name
 * that is not interned is first mapped to its interned twin. */
static intptr_t keys_find(Lang *L, SharedKeys *keys, Obj *name)
{
    intptr_t i = keys_index(keys, name);
    if (i >= 0 || str_is_interned(name))
        return i;
    Obj *twin = str_find_interned(L, name);
    return twin ? keys_index(keys, twin) : -1;
}

void shared_keys_free(Lang *L, SharedKeys *keys)
{
    for (size_t i = 0; i < keys->n; i++)
        obj_decref(L, keys->names[i]);
    mem_free(L, keys, sizeof *keys);
}

static size_t ow_count(uintptr_t w)
{
    return (w >> 1) & 15;
}

static unsigned ow_get(uintptr_t w, size_t k)
{
    return (unsigned)(w >> (5 + 4 * k)) & 15;
}

static uintptr_t ow_append(uintptr_t w, unsigned idx)
{
    if (w == 0)
        w = 1;
    size_t c = ow_count(w);
    w |= (uintptr_t)idx << (5 + 4 * c);
    return (w & ~(uintptr_t)(15 << 1)) | ((uintptr_t)(c + 1) << 1);
}

static uintptr_t ow_remove(uintptr_t w, unsigned idx)
{
    uintptr_t r = 1;
    for (size_t k = 0; k < ow_count(w); k++) {
        if (ow_get(w, k) != idx)
            r = ow_append(r, ow_get(w, k));
    }
    return r;
}

static uintptr_t *dict_word(const Obj *o, const TypeObject *tp)
{
    return (uintptr_t *)((char *)o + tp->dict_offset);
}

static Obj **values_of(const Obj *o, const TypeObject *tp)
{
    return (Obj **)((char *)o + tp->values_offset);
}

static int is_dict_mode(uintptr_t w)
{
    return w != 0 && (w & 1) == 0;
}

/* ------------------------------------------------------------------ */
/* Layout and allocation                                               */
/* ------------------------------------------------------------------ */

void instance_fix_layout(TypeObject *type)
{
    if (TYPE_HAS(type, TF_LAYOUT_FIXED))
        return;
    size_t n = type->attr_hint ? type->attr_hint : INLINE_DEFAULT;
    if (n > INLINE_MAX)
        n = INLINE_MAX;
    /* An even count: one value of room for an attribute set outside the
     * methods (`a.other = b`) when the hint is odd, which keeps such
     * instances off the materialised dict. (The room does not follow the
     * allocator's blocks: its size classes are 8 bytes apart.) */
    n += n & 1;
    if (n > INLINE_MAX)
        n = INLINE_MAX;
    type->n_inline = n;
    type->core.basic_size = type->values_offset + n * sizeof(Obj *);
    type->flags |= TF_LAYOUT_FIXED;
}

Obj *instance_alloc(Lang *L, TypeObject *type, size_t nitems)
{
    Obj *o = type->core.item_size ? obj_alloc_var(L, type, nitems) : obj_alloc(L, type);
    if (o != NULL && obj_is_gc(o))
        ouro_gc_track(L->rt, o);
    return o;
}

/* The nearest base that is not a class made by type_new: the C type
 * whose slots run after ours. */
static TypeObject *c_base(TypeObject *tp)
{
    while (tp->core.dealloc == instance_dealloc)
        tp = tp->base;
    return tp;
}

Obj **instance_dict_ptr(const Obj *obj)
{
    TypeObject *tp = TYPE(obj);
    if (tp->dict_offset == 0 || TYPE_HAS(tp, TF_INLINE_VALUES))
        return NULL;
    if (tp->dict_offset > 0)
        return (Obj **)((char *)obj + tp->dict_offset);
    /* After the items of a variable-sized base, aligned. */
    size_t end = tp->solid_size + ouro_object_nitems(obj) * tp->core.item_size;
    if (tp->core.item_size == 0)
        end = tp->solid_size;
    end = (end + sizeof(Obj *) - 1) & ~(sizeof(Obj *) - 1);
    return (Obj **)((char *)obj + end);
}

int instance_has_dict(const Obj *obj)
{
    return TYPE(obj)->dict_offset != 0;
}

/* ------------------------------------------------------------------ */
/* Attribute storage                                                   */
/* ------------------------------------------------------------------ */

Obj *instance_attr_get(Lang *L, Obj *obj, Obj *name)
{
    TypeObject *tp = TYPE(obj);
    if (TYPE_HAS(tp, TF_INLINE_VALUES)) {
        uintptr_t w = *dict_word(obj, tp);
        if (is_dict_mode(w))
            return dict_getitem_str((Obj *)w, name);
        intptr_t i = keys_find(L, tp->keys, name);
        if (i < 0 || (size_t)i >= tp->n_inline)
            return NULL;
        return values_of(obj, tp)[i];
    }
    Obj **dp = instance_dict_ptr(obj);
    return (dp && *dp) ? dict_getitem_str(*dp, name) : NULL;
}

/* Moves the inline values into a new dict, which becomes the instance's
 * __dict__. Borrowed result, or NULL with an exception (nothing changed). */
static Obj *materialize(Lang *L, Obj *obj, TypeObject *tp)
{
    uintptr_t *dw = dict_word(obj, tp);
    Obj **vals = values_of(obj, tp);
    Obj *d = dict_new(L);
    if (d == NULL)
        return NULL;
    uintptr_t w = *dw;
    for (size_t k = 0; w != 0 && k < ow_count(w); k++) {
        unsigned i = ow_get(w, k);
        if (dict_setitem(L, d, tp->keys->names[i], vals[i]) < 0) {
            obj_decref(L, d);
            return NULL;
        }
    }
    *dw = (uintptr_t)d;
    for (size_t i = 0; i < tp->n_inline; i++)
        obj_clearref(L, &vals[i]);     /* the dict holds them too: nothing dies */
    return d;
}

/* Sets or deletes in a dict: 0, 1 for deleting an absent key, -1. */
static int dict_store(Lang *L, Obj *d, Obj *name, Obj *value)
{
    if (value != NULL)
        return dict_setitem(L, d, name, value);
    Obj *old = NULL;
    if (dict_pop(L, d, name, &old) < 0)
        return -1;
    if (old == NULL)
        return 1;
    obj_decref(L, old);
    return 0;
}

static int inline_store(Lang *L, Obj *obj, TypeObject *tp, Obj *name, Obj *value)
{
    uintptr_t *dw = dict_word(obj, tp);
    SharedKeys *keys = tp->keys;
    intptr_t i = keys_find(L, keys, name);
    if (i < 0 && value != NULL && keys->n < tp->n_inline && str_check_exact(L, name)) {
        Obj *interned = str_intern_take(L, obj_newref(name));
        if (interned == NULL)
            return -1;
        i = (intptr_t)keys->n;
        keys->names[keys->n++] = interned;
    }
    if (i < 0 || (size_t)i >= tp->n_inline) {
        if (value == NULL)
            return 1;
        Obj *d = materialize(L, obj, tp);
        return d ? dict_store(L, d, name, value) : -1;
    }
    Obj **slot = &values_of(obj, tp)[i];
    Obj *old = *slot;
    if (value == NULL) {
        if (old == NULL)
            return 1;
        *slot = NULL;
        *dw = ow_remove(*dw, (unsigned)i);
        obj_decref(L, old);
        return 0;
    }
    *slot = obj_newref(value);
    if (old == NULL)
        *dw = ow_append(*dw, (unsigned)i);
    else
        obj_decref(L, old);
    return 0;
}

intptr_t instance_key_index(Lang *L, TypeObject *type, Obj *name)
{
    intptr_t i = keys_find(L, type->keys, name);
    return i >= 0 && (size_t)i < type->n_inline ? i : -1;
}

int instance_inline_set(Lang *L, Obj *obj, size_t i, Obj *value)
{
    TypeObject *tp = TYPE(obj);
    uintptr_t *dw = dict_word(obj, tp);
    if (is_dict_mode(*dw))
        return 1;
    Obj **slot = &values_of(obj, tp)[i];
    Obj *old = *slot;
    *slot = obj_newref(value);
    if (old == NULL)
        *dw = ow_append(*dw, (unsigned)i);
    else
        obj_decref(L, old);
    return 0;
}

int instance_attr_set(Lang *L, Obj *obj, Obj *name, Obj *value)
{
    TypeObject *tp = TYPE(obj);
    if (TYPE_HAS(tp, TF_INLINE_VALUES)) {
        uintptr_t w = *dict_word(obj, tp);
        if (is_dict_mode(w))
            return dict_store(L, (Obj *)w, name, value);
        return inline_store(L, obj, tp, name, value);
    }
    Obj **dp = instance_dict_ptr(obj);
    if (*dp == NULL) {
        if (value == NULL)
            return 1;
        if ((*dp = dict_new(L)) == NULL)
            return -1;
    }
    return dict_store(L, *dp, name, value);
}

Obj *instance_get_dict(Lang *L, Obj *obj)
{
    TypeObject *tp = TYPE(obj);
    if (TYPE_HAS(tp, TF_INLINE_VALUES)) {
        uintptr_t w = *dict_word(obj, tp);
        Obj *d = is_dict_mode(w) ? (Obj *)w : materialize(L, obj, tp);
        return d ? obj_newref(d) : NULL;
    }
    Obj **dp = instance_dict_ptr(obj);
    if (dp == NULL)
        return err_format(L, EXC_AttributeError, "This object has no __dict__");
    if (*dp == NULL && (*dp = dict_new(L)) == NULL)
        return NULL;
    return obj_newref(*dp);
}

int instance_set_dict(Lang *L, Obj *obj, Obj *d)
{
    if (d == NULL) {
        err_format(L, EXC_TypeError, "cannot delete __dict__");
        return -1;
    }
    if (!dict_check(d)) {
        err_format(L, EXC_TypeError, "__dict__ must be set to a dictionary, not a '%.200s'",
                   obj_type_name(d));
        return -1;
    }
    TypeObject *tp = TYPE(obj);
    if (!TYPE_HAS(tp, TF_INLINE_VALUES)) {
        Obj **dp = instance_dict_ptr(obj);
        if (dp == NULL) {
            err_format(L, EXC_AttributeError, "This object has no __dict__");
            return -1;
        }
        obj_setref(L, dp, obj_newref(d));
        return 0;
    }
    uintptr_t *dw = dict_word(obj, tp);
    uintptr_t old = *dw;
    *dw = (uintptr_t)obj_newref(d);
    if (is_dict_mode(old)) {
        obj_decref(L, (Obj *)old);
    } else {
        Obj **vals = values_of(obj, tp);
        for (size_t i = 0; i < tp->n_inline; i++)
            obj_clearref(L, &vals[i]);
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* __dict__ and __weakref__                                            */
/* ------------------------------------------------------------------ */

static Obj *get_dict(Lang *L, Obj *self)
{
    return instance_get_dict(L, self);
}

static int set_dict(Lang *L, Obj *self, Obj *value)
{
    return instance_set_dict(L, self, value);
}

static Obj *get_weakref(Lang *L, Obj *self)
{
    OuroWeakRef *wr = ouro_weakref_list(L->rt, self);
    return wr ? obj_newref(&wr->ob) : new_none(L);
}

const GetSetDef instance_dict_getset = {"__dict__", get_dict, set_dict,
                                        "dictionary for instance variables (if defined)"};
const GetSetDef instance_weakref_getset = {"__weakref__", get_weakref, NULL,
                                           "list of weak references to the object (if defined)"};

/* ------------------------------------------------------------------ */
/* Core slots                                                          */
/* ------------------------------------------------------------------ */

static int visit_slots(Obj *self, OuroVisitFn visit, void *arg)
{
    for (TypeObject *t = TYPE(self); t->core.traverse == instance_traverse; t = t->base) {
        for (size_t i = 0; i < t->nslot_members; i++) {
            Obj *v = *(Obj **)((char *)self + t->slot_members[i].offset);
            if (v != NULL) {
                int r = visit(v, arg);
                if (r)
                    return r;
            }
        }
    }
    return 0;
}

static int visit_attributes(Obj *self, TypeObject *tp, OuroVisitFn visit, void *arg)
{
    if (TYPE_HAS(tp, TF_INLINE_VALUES)) {
        uintptr_t w = *dict_word(self, tp);
        if (is_dict_mode(w))
            return visit((Obj *)w, arg);
        /* The bound is read once: visit is an opaque call, after which
         * the compiler would reload tp->n_inline on every round. */
        Obj **v = values_of(self, tp), **end = v + tp->n_inline;
        for (; v < end; v++) {
            if (*v != NULL) {
                int r = visit(*v, arg);
                if (r)
                    return r;
            }
        }
        return 0;
    }
    if (tp->dict_offset != 0 && c_base(tp)->dict_offset == 0) {
        Obj *d = *instance_dict_ptr(self);
        if (d != NULL)
            return visit(d, arg);
    }
    return 0;
}

int instance_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    TypeObject *tp = TYPE(self);
    int r = visit_slots(self, visit, arg);
    if (r == 0)
        r = visit_attributes(self, tp, visit, arg);
    if (r == 0 && TYPE_HAS(tp, TF_HEAPTYPE))
        r = visit(&tp->ob, arg);
    TypeObject *cb = c_base(tp);
    if (r == 0 && cb->core.traverse != NULL)
        r = cb->core.traverse(self, visit, arg);
    return r;
}

static void clear_slots(Lang *L, Obj *self)
{
    for (TypeObject *t = TYPE(self); t->core.dealloc == instance_dealloc; t = t->base) {
        for (size_t i = 0; i < t->nslot_members; i++)
            obj_clearref(L, (Obj **)((char *)self + t->slot_members[i].offset));
    }
}

/* Releases the attributes: inline values in key order, or the dict. */
static void clear_attributes(Lang *L, Obj *self, TypeObject *tp)
{
    if (TYPE_HAS(tp, TF_INLINE_VALUES)) {
        uintptr_t *dw = dict_word(self, tp);
        uintptr_t w = *dw;
        if (is_dict_mode(w)) {
            *dw = 0;
            obj_decref(L, (Obj *)w);
            return;
        }
        /* Forget the order first: code run by a release may still read the
         * remaining values (each slot is NULL before its value goes), but
         * __dict__ of a dying instance is empty. */
        *dw = 0;
        Obj **vals = values_of(self, tp);
        for (size_t i = 0; i < tp->n_inline; i++)
            obj_clearref(L, &vals[i]);
        return;
    }
    if (tp->dict_offset != 0 && c_base(tp)->dict_offset == 0)
        obj_clearref(L, instance_dict_ptr(self));
}

int instance_clear(OuroRuntime *rt, Obj *self)
{
    Lang *L = LANG_OF(self);
    TypeObject *tp = TYPE(self);
    clear_slots(L, self);
    clear_attributes(L, self, tp);
    TypeObject *cb = c_base(tp);
    if (cb->core.clear != NULL)
        return cb->core.clear(rt, self);
    return 0;
}

/* Drops the instance's reference to its class, last (see the top). */
static void release_type(Lang *L, TypeObject *tp)
{
    if (tp->ob.refcnt > 1) {
        obj_decref(L, &tp->ob);
        return;
    }
    /* Release the earlier one first (that can run code, which may park
     * other types here), and park tp last: no code runs after that before
     * the core frees this instance. */
    instance_release_pending_type(L);
    L->pending_type = tp;
}

void instance_release_pending_type(Lang *L)
{
    while (L->pending_type != NULL) {
        TypeObject *t = L->pending_type;
        L->pending_type = NULL;
        obj_decref(L, &t->ob);
    }
}

void instance_dealloc(OuroRuntime *rt, Obj *self)
{
    Lang *L = LANG_OF(self);
    TypeObject *tp = TYPE(self);
    clear_slots(L, self);
    clear_attributes(L, self, tp);
    TypeObject *cb = c_base(tp);
    if (cb->core.dealloc != NULL)
        cb->core.dealloc(rt, self);
    else if (cb->core.clear != NULL)
        cb->core.clear(rt, self);
    if (TYPE_HAS(tp, TF_HEAPTYPE))
        release_type(L, tp);
}
