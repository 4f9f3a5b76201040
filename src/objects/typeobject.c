/*
 * typeobject.c - type objects: built-in types made from specs, attribute
 * lookup through the MRO with the method cache, the subclass registry,
 * and `type` itself (repr, call, attribute access, lifecycle). Classes are
 * made in typenew.c.
 *
 * Method cache: L->method_cache maps (version tag, interned name) to the
 * result of an MRO lookup (borrowed). A type's tag is 0 (invalid) or
 * unique in the Lang; a type with a valid tag has valid tags on all its
 * MRO (assign_version does the bases first), so invalidation
 * (type_modified) can stop at a type whose tag is already 0, as CPython's.
 */
#include <string.h>

#include "object.h"
#include "classmethod.h"
#include "descrobject.h"
#include "dictobject.h"
#include "exceptions.h"
#include "instance.h"
#include "intobject.h"
#include "slots.h"
#include "sizeof.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

/* ------------------------------------------------------------------ */
/* Version tags and lookup                                             */
/* ------------------------------------------------------------------ */

static int assign_version(Lang *L, TypeObject *type)
{
    if (type->version != 0)
        return 1;
    if (type->mro == NULL || L->next_version == UINT32_MAX)
        return 0;
    size_t n = tuple_size(type->mro);
    for (size_t i = 1; i < n; i++) {
        if (!assign_version(L, (TypeObject *)tuple_get_borrowed(type->mro, i)))
            return 0;
    }
    type->version = ++L->next_version;
    return 1;
}

void type_modified(Lang *L, TypeObject *type)
{
    if (type->version == 0)
        return;
    type->version = 0;
    for (size_t i = 0; i < type->nsubclasses; i++) {
        Obj *sub = ouro_weakref_get(type->subclasses[i]);
        if (sub != NULL)
            type_modified(L, (TypeObject *)sub);
    }
}

static size_t cache_index(uint32_t version, Obj *name)
{
    uintptr_t h = ((uintptr_t)name >> 4) ^ ((uintptr_t)version * 2654435761u);
    return (size_t)(h ^ (h >> 11)) & (METHOD_CACHE_SIZE - 1);
}

static Obj *lookup_mro(TypeObject *type, Obj *name)
{
    Obj *mro = type->mro;
    if (mro == NULL)
        return type->dict != NULL ? dict_getitem_str(type->dict, name) : NULL;
    size_t n = tuple_size(mro);
    for (size_t i = 0; i < n; i++) {
        TypeObject *b = (TypeObject *)tuple_get_borrowed(mro, i);
        if (b->dict == NULL)
            continue;
        Obj *v = dict_getitem_str(b->dict, name);
        if (v != NULL)
            return v;
    }
    return NULL;
}

Obj *type_lookup(Lang *L, TypeObject *type, Obj *name)
{
    if (!str_is_interned(name) || !assign_version(L, type))
        return lookup_mro(type, name);
    MethodCacheEntry *e = &L->method_cache[cache_index(type->version, name)];
    if (e->version == type->version && e->name == name)
        return e->value;
    Obj *v = lookup_mro(type, name);
    e->version = type->version;
    e->name = name;
    e->value = v;
    return v;
}

/* ------------------------------------------------------------------ */
/* Subclass registry                                                   */
/* ------------------------------------------------------------------ */

/* Records sub as a direct subclass of base (a weak reference); dead
 * entries are dropped on the way. */
static int add_subclass(Lang *L, TypeObject *base, TypeObject *sub)
{
    size_t j = 0;
    for (size_t i = 0; i < base->nsubclasses; i++) {
        OuroWeakRef *wr = base->subclasses[i];
        if (ouro_weakref_get(wr) != NULL)
            base->subclasses[j++] = wr;
        else
            ouro_decref(L->rt, &wr->ob);
    }
    base->nsubclasses = j;
    if (base->nsubclasses == base->subclasses_cap) {
        size_t cap = base->subclasses_cap ? base->subclasses_cap * 2 : 4;
        OuroWeakRef **a = mem_realloc(L, base->subclasses, base->subclasses_cap * sizeof *a,
                                      cap * sizeof *a);
        if (a == NULL)
            return -1;
        base->subclasses = a;
        base->subclasses_cap = cap;
    }
    OuroWeakRef *wr = ouro_weakref_new(L->rt, &sub->ob, NULL);
    if (wr == NULL) {
        err_no_memory(L);
        return -1;
    }
    base->subclasses[base->nsubclasses++] = wr;
    return 0;
}

int type_add_subclass_to_bases(Lang *L, TypeObject *type)
{
    size_t n = tuple_size(type->bases);
    for (size_t i = 0; i < n; i++) {
        if (add_subclass(L, (TypeObject *)tuple_get_borrowed(type->bases, i), type) < 0)
            return -1;
    }
    return 0;
}

Obj *type_subclasses(Lang *L, TypeObject *type)
{
    Obj *t = tuple_new(L, type->nsubclasses);
    if (t == NULL)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < type->nsubclasses; i++) {
        Obj *sub = ouro_weakref_get(type->subclasses[i]);
        if (sub != NULL)
            tuple_init_take(t, k++, obj_newref(sub));
    }
    if (k == type->nsubclasses)
        return t;
    Obj *r = tuple_slice(L, t, 0, k);
    obj_decref(L, t);
    return r;
}

/* ------------------------------------------------------------------ */
/* Built-in types from specs                                           */
/* ------------------------------------------------------------------ */

static void copy_spec(Lang *L, TypeObject *t, const TypeSpec *spec)
{
    t->core.name = spec->name;
    t->core.basic_size = spec->basic_size;
    t->core.item_size = spec->item_size;
    t->core.flags = spec->core_flags;
    t->core.weaklist_offset = spec->weaklist_offset;
    t->core.dealloc = spec->dealloc;
    t->core.traverse = spec->traverse;
    t->core.clear = spec->clear;
    t->core.finalize = spec->finalize;
    t->core.nitems = spec->nitems;
    t->core.recycle = spec->recycle;
    t->core.data = L;
    t->flags = spec->flags | TF_LAYOUT_FIXED;
    t->dict_offset = spec->dict_offset;
    t->solid_size = spec->basic_size;
    t->repr = spec->repr;
    t->str = spec->str;
    t->hash = spec->hash;
    t->richcompare = spec->richcompare;
    t->getattro = spec->getattro;
    t->setattro = spec->setattro;
    t->call = spec->call;
    t->iter = spec->iter;
    t->iternext = spec->iternext;
    t->length = spec->length;
    t->subscript = spec->subscript;
    t->ass_subscript = spec->ass_subscript;
    t->contains = spec->contains;
    t->descr_get = spec->descr_get;
    t->descr_set = spec->descr_set;
    t->tp_new = spec->tp_new;
    t->init = spec->init;
    if (spec->nb != NULL)
        t->nb = *spec->nb;
    if (spec->sq != NULL)
        t->sq = *spec->sq;
    t->methods = spec->methods;
    t->getsets = spec->getsets;
    t->members = spec->members;
    t->doc = spec->doc;
}

TypeObject *type_alloc_from_spec(Lang *L, const TypeSpec *spec)
{
    TypeObject *t;
    if (L->t_type == NULL) {
        /* `type` is an instance of itself: allocate it with a stand-in
         * descriptor of the same size and kind, then point it at its own
         * core. The core keeps no pointer to the stand-in. */
        OuroType boot = {.name = spec->name, .basic_size = spec->basic_size,
                         .flags = spec->core_flags, .weaklist_offset = spec->weaklist_offset};
        t = (TypeObject *)ouro_new(L->rt, &boot);
        if (t == NULL)
            return NULL;
        t->ob.type = &t->core;
    } else {
        t = (TypeObject *)ouro_new(L->rt, &L->t_type->core);
        if (t == NULL)
            return (TypeObject *)err_no_memory(L);
    }
    copy_spec(L, t, spec);
    return t;
}

/* Stores descr (taken) under the interned name, unless the dict has it. */
static int add_entry_take(Lang *L, TypeObject *t, const char *cname, Obj *descr)
{
    if (descr == NULL)
        return -1;
    Obj *name = str_intern_cstr(L, cname);
    if (name == NULL) {
        obj_decref(L, descr);
        return -1;
    }
    int r = 0;
    if (dict_getitem_str(t->dict, name) == NULL)
        r = dict_setitem(L, t->dict, name, descr);
    obj_decref(L, name);
    obj_decref(L, descr);
    return r;
}

static Obj *method_entry(Lang *L, TypeObject *t, const MethodDef *m)
{
    if (m->flags & METH_CLASS)
        return descr_new_classmethod(L, t, m);
    if (!(m->flags & METH_STATIC))
        return descr_new_method(L, t, m);
    Obj *f = cfunction_new(L, m, NULL, NULL);
    if (f == NULL)
        return NULL;
    Obj *sm = staticmethod_new(L, f);
    obj_decref(L, f);
    return sm;
}

/* One descriptor per entry of the spec's tables (CPython's add_methods,
 * add_members, add_getset). */
static int add_descriptors(Lang *L, TypeObject *t)
{
    for (const MethodDef *m = t->methods; m && m->name; m++) {
        if (add_entry_take(L, t, m->name, method_entry(L, t, m)) < 0)
            return -1;
    }
    for (const MemberDef *m = t->members; m && m->name; m++) {
        if (add_entry_take(L, t, m->name, descr_new_member(L, t, m)) < 0)
            return -1;
    }
    for (const GetSetDef *g = t->getsets; g && g->name; g++) {
        if (add_entry_take(L, t, g->name, descr_new_getset(L, t, g)) < 0)
            return -1;
    }
    return 0;
}

#define INHERIT(field)                 \
    do {                               \
        if (t->field == NULL)          \
            t->field = base->field;    \
    } while (0)

/* Copies every slot t leaves NULL from its base (CPython's inherit_slots
 * and inherit_special, for types with one base). */
static void inherit_slots(TypeObject *t, TypeObject *base)
{
    t->flags |= base->flags & (TF_INT_SUBCLASS | TF_LIST_SUBCLASS | TF_TUPLE_SUBCLASS |
                               TF_STR_SUBCLASS | TF_DICT_SUBCLASS | TF_BASE_EXC_SUBCLASS |
                               TF_TYPE_SUBCLASS);
    if (!(t->core.flags & OURO_TYPE_GC) && (base->core.flags & OURO_TYPE_GC) &&
        t->core.traverse == NULL && t->core.clear == NULL)
        t->core.flags |= OURO_TYPE_GC;
    if (!(t->core.flags & OURO_TYPE_WEAKREFABLE) && (base->core.flags & OURO_TYPE_WEAKREFABLE)) {
        t->core.flags |= OURO_TYPE_WEAKREFABLE;
        t->core.weaklist_offset = base->core.weaklist_offset;
    }
    if (t->dict_offset == 0)
        t->dict_offset = base->dict_offset;
    INHERIT(core.dealloc);
    INHERIT(core.traverse);
    INHERIT(core.clear);
    INHERIT(core.finalize);
    INHERIT(repr);
    INHERIT(str);
    INHERIT(getattro);
    INHERIT(setattro);
    INHERIT(call);
    INHERIT(iter);
    INHERIT(iternext);
    INHERIT(length);
    INHERIT(subscript);
    INHERIT(ass_subscript);
    INHERIT(contains);
    INHERIT(descr_get);
    INHERIT(descr_set);
    INHERIT(init);
    if (t->richcompare == NULL && t->hash == NULL) {
        t->richcompare = base->richcompare;
        t->hash = base->hash;
    }
    /* A static type that leaves tp_new NULL directly under object cannot be
     * instantiated ("cannot create 'X' instances"). */
    if (t->tp_new == NULL && base->base != NULL)
        t->tp_new = base->tp_new;
    for (int i = 0; i < NB_COUNT; i++) {
        INHERIT(nb.binary[i]);
        INHERIT(nb.inplace[i]);
    }
    INHERIT(nb.binary[NB_DIVMOD]);
    INHERIT(nb.power3);
    INHERIT(nb.negative);
    INHERIT(nb.positive);
    INHERIT(nb.invert);
    INHERIT(nb.absolute);
    INHERIT(nb.to_int);
    INHERIT(nb.to_float);
    INHERIT(nb.index);
    INHERIT(nb.to_bool);
    INHERIT(sq.concat);
    INHERIT(sq.repeat);
    INHERIT(sq.inplace_concat);
    INHERIT(sq.inplace_repeat);
    INHERIT(sq.item);
}

/* __name__ and __module__ from a spec name: "weakref.ReferenceType" is
 * ReferenceType in module weakref, as CPython reads tp_name. */
static int set_static_names(Lang *L, TypeObject *t)
{
    const char *full = t->core.name, *dot = strrchr(full, '.');
    t->name = dot ? str_from_cstr(L, dot + 1) : str_intern_cstr(L, full);
    if (t->name == NULL)
        return -1;
    t->qualname = obj_newref(t->name);
    if (dot == NULL)
        return 0;
    Obj *mod = str_from_utf8(L, full, (size_t)(dot - full));
    if (mod == NULL)
        return -1;
    return dict_setitem_take(L, t->dict, obj_newref(ID(L, __module__)), mod);
}

/* __doc__ in the dict: the spec's doc, or None, unless the type's own
 * descriptors put one there (property's and function's __doc__ are the
 * instance's, as CPython's type_dict_set_doc keeps them). Runs after
 * add_descriptors: setting it first hid those descriptors, so a property's
 * or a function's docstring read as None. */
static int set_static_doc(Lang *L, TypeObject *t)
{
    if (dict_getitem_str(t->dict, ID(L, __doc__)) != NULL)
        return 0;
    Obj *doc = t->doc ? str_from_cstr(L, t->doc) : new_none(L);
    if (doc == NULL)
        return -1;
    return dict_setitem_take(L, t->dict, obj_newref(ID(L, __doc__)), doc);
}

int type_ready(Lang *L, TypeObject *t, TypeObject *base)
{
    if (base == NULL && t != L->t_object)
        base = L->t_object;
    if (base != NULL) {
        t->base = (TypeObject *)obj_newref(&base->ob);
        t->bases = tuple_pack(L, 1, &base->ob);
    } else {
        t->bases = obj_newref(L->empty_tuple);
    }
    if (t->bases == NULL)
        return -1;
    size_t nmro = base ? tuple_size(base->mro) + 1 : 1;
    t->mro = tuple_new(L, nmro);
    if (t->mro == NULL)
        return -1;
    tuple_init_take(t->mro, 0, obj_newref(&t->ob));
    for (size_t i = 1; i < nmro; i++)
        tuple_init_take(t->mro, i, obj_newref(tuple_get_borrowed(base->mro, i - 1)));
    t->dict = dict_new(L);
    if (t->dict == NULL || set_static_names(L, t) < 0 || add_descriptors(L, t) < 0 ||
        slots_add_wrappers(L, t) < 0 || set_static_doc(L, t) < 0)
        return -1;
    if (base != NULL)
        inherit_slots(t, base);
    if (t->hash == NULL) {
        t->hash = hash_not_implemented;
        if (dict_getitem_str(t->dict, ID(L, __hash__)) == NULL &&
            dict_setitem(L, t->dict, ID(L, __hash__), L->none) < 0)
            return -1;
    }
    if (base != NULL && add_subclass(L, base, t) < 0)
        return -1;
    t->flags |= TF_READY;
    ouro_gc_track(L->rt, &t->ob);
    return 0;
}

TypeObject *type_from_spec(Lang *L, const TypeSpec *spec, TypeObject *base)
{
    TypeObject *t = type_alloc_from_spec(L, spec);
    if (t == NULL)
        return NULL;
    if (type_ready(L, t, base) < 0) {
        type_clear_static(L, t);
        obj_decref(L, &t->ob);
        return NULL;
    }
    return t;
}

/* ------------------------------------------------------------------ */
/* type's attributes                                                   */
/* ------------------------------------------------------------------ */

Obj *type_module(Lang *L, TypeObject *type)
{
    if (TYPE_HAS(type, TF_HEAPTYPE) || (type->dict != NULL && strchr(type->core.name, '.'))) {
        Obj *m = type->dict ? dict_getitem_str(type->dict, ID(L, __module__)) : NULL;
        if (m == NULL)
            return err_set_value(L, L->exc_types[EXC_AttributeError], ID(L, __module__));
        return obj_newref(m);
    }
    return obj_newref(ID(L, builtins));
}

Obj *type_qualified_name(Lang *L, TypeObject *type)
{
    Obj *mod = type_module(L, type);
    if (mod == NULL) {
        err_clear(L);
    } else if (str_check(mod) && !str_equal(mod, ID(L, builtins)) &&
               !str_equal(mod, ID(L, __main__))) {
        Obj *r = str_from_format(L, "%U.%U", mod, type->qualname);
        obj_decref(L, mod);
        return r;
    }
    obj_xdecref(L, mod);
    return obj_newref(type->qualname);
}

Obj *type_repr(Lang *L, Obj *self)
{
    TypeObject *type = (TypeObject *)self;
    Obj *mod = type_module(L, type);
    if (mod == NULL) {
        err_clear(L);
    } else if (str_check(mod) && !str_equal(mod, ID(L, builtins))) {
        Obj *r = str_from_format(L, "<class '%U.%U'>", mod, type->qualname);
        obj_decref(L, mod);
        return r;
    }
    obj_xdecref(L, mod);
    return str_from_format(L, "<class '%s'>", type->core.name);
}

static int check_heap_set(Lang *L, TypeObject *type, const char *what)
{
    if (TYPE_HAS(type, TF_HEAPTYPE))
        return 0;
    err_format(L, EXC_TypeError, "cannot set '%s' attribute of immutable type '%s'", what,
               type->core.name);
    return -1;
}

static int check_set_str(Lang *L, TypeObject *type, Obj *value, const char *what)
{
    if (check_heap_set(L, type, what) < 0)
        return -1;
    if (value == NULL) {
        err_format(L, EXC_TypeError, "cannot delete '%s' attribute of immutable type '%s'", what,
                   type->core.name);
        return -1;
    }
    if (!str_check(value)) {
        err_format(L, EXC_TypeError, "can only assign string to %s.%s, not '%s'",
                   type->core.name, what, obj_type_name(value));
        return -1;
    }
    if (memchr(str_data(value), '\0', str_nbytes(value)) != NULL) {
        err_format(L, EXC_ValueError, "type name must not contain null characters");
        return -1;
    }
    return 0;
}

static Obj *type_get_name(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(((TypeObject *)self)->name);
}

static int type_set_name(Lang *L, Obj *self, Obj *value)
{
    TypeObject *type = (TypeObject *)self;
    if (check_set_str(L, type, value, "__name__") < 0)
        return -1;
    Obj *old = type->name;
    type->name = obj_newref(value);
    type->core.name = str_data(value);
    obj_decref(L, old);
    return 0;
}

static Obj *type_get_qualname(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(((TypeObject *)self)->qualname);
}

static int type_set_qualname(Lang *L, Obj *self, Obj *value)
{
    TypeObject *type = (TypeObject *)self;
    if (check_set_str(L, type, value, "__qualname__") < 0)
        return -1;
    obj_setref(L, &type->qualname, obj_newref(value));
    return 0;
}

static Obj *type_get_module(Lang *L, Obj *self)
{
    return type_module(L, (TypeObject *)self);
}

static int type_set_module(Lang *L, Obj *self, Obj *value)
{
    TypeObject *type = (TypeObject *)self;
    if (check_heap_set(L, type, "__module__") < 0)
        return -1;
    type_modified(L, type);
    if (value == NULL)
        return dict_delitem(L, type->dict, ID(L, __module__));
    return dict_setitem(L, type->dict, ID(L, __module__), value);
}

static Obj *type_get_bases(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(((TypeObject *)self)->bases);
}

static Obj *type_get_mro(Lang *L, Obj *self)
{
    Obj *mro = ((TypeObject *)self)->mro;
    return mro ? obj_newref(mro) : new_none(L);
}

static Obj *type_get_dict(Lang *L, Obj *self)
{
    return mappingproxy_new(L, ((TypeObject *)self)->dict);
}

static Obj *type_get_doc(Lang *L, Obj *self)
{
    TypeObject *type = (TypeObject *)self;
    /* A static type's doc is its spec's even when __doc__ in its dict is
     * a descriptor for its instances (property.__doc__, as CPython). */
    if (!TYPE_HAS(type, TF_HEAPTYPE))
        return type->doc ? str_from_cstr(L, type->doc) : new_none(L);
    Obj *doc = dict_getitem_str(type->dict, ID(L, __doc__));
    if (doc == NULL)
        return new_none(L);
    DescrGetFn get = TYPE(doc)->descr_get;
    if (get != NULL)
        return get(L, doc, NULL, self);
    return obj_newref(doc);
}

static int type_set_doc(Lang *L, Obj *self, Obj *value)
{
    TypeObject *type = (TypeObject *)self;
    if (check_heap_set(L, type, "__doc__") < 0)
        return -1;
    type_modified(L, type);
    return dict_setitem(L, type->dict, ID(L, __doc__), value ? value : L->none);
}

static Obj *type_get_base(Lang *L, Obj *self)
{
    TypeObject *b = ((TypeObject *)self)->base;
    return b ? obj_newref(&b->ob) : new_none(L);
}

static const GetSetDef type_getsets[] = {
    {"__name__", type_get_name, type_set_name, NULL},
    {"__qualname__", type_get_qualname, type_set_qualname, NULL},
    {"__bases__", type_get_bases, NULL, NULL},
    {"__base__", type_get_base, NULL, NULL},
    {"__mro__", type_get_mro, NULL, NULL},
    {"__module__", type_get_module, type_set_module, NULL},
    {"__dict__", type_get_dict, NULL, NULL},
    {"__doc__", type_get_doc, type_set_doc, NULL},
    {NULL, NULL, NULL, NULL},
};

static const MemberDef type_members[] = {
    {"__basicsize__", MEMBER_INTPTR, offsetof(TypeObject, core.basic_size), MEMBER_READONLY, NULL},
    {"__itemsize__", MEMBER_INTPTR, offsetof(TypeObject, core.item_size), MEMBER_READONLY, NULL},
    {"__dictoffset__", MEMBER_INTPTR, offsetof(TypeObject, dict_offset), MEMBER_READONLY, NULL},
    {"__weakrefoffset__", MEMBER_INTPTR, offsetof(TypeObject, core.weaklist_offset), MEMBER_READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

/* ------------------------------------------------------------------ */
/* type's methods                                                      */
/* ------------------------------------------------------------------ */

static Obj *type_mro_method(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return type_compute_mro(L, (TypeObject *)self);
}

static Obj *type_subclasses_method(Lang *L, Obj *self, Obj *const *args, size_t nargs,
                                   Obj *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return type_subclasses(L, (TypeObject *)self);
}

static Obj *type_instancecheck(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)nargs;
    (void)kwnames;
    int r = obj_real_isinstance(L, args[0], self);
    return r < 0 ? NULL : new_bool(L, r);
}

static Obj *type_subclasscheck(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)nargs;
    (void)kwnames;
    int r = obj_real_issubclass(L, args[0], self);
    return r < 0 ? NULL : new_bool(L, r);
}

static Obj *type_prepare(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    (void)args;
    (void)nargs;
    (void)kwnames;
    return dict_new(L);
}

static const MethodDef type_methods[] = {
    {"mro", type_mro_method, METH_NOARGS, "Return a type's method resolution order."},
    {"__subclasses__", type_subclasses_method, METH_NOARGS,
     "Return a list of immediate subclasses."},
    {"__instancecheck__", type_instancecheck, METH_O, "Check if an object is an instance."},
    {"__subclasscheck__", type_subclasscheck, METH_O, "Check if a class is a subclass."},
    {"__prepare__", type_prepare, METH_CLASS | METH_KEYWORDS,
     "Create the namespace for the class statement"},
    {"__sizeof__", sizeof_type_method, METH_NOARGS, "Return memory consumption of the type object."},
    {NULL, NULL, 0, NULL},
};

/* ------------------------------------------------------------------ */
/* type's slots                                                        */
/* ------------------------------------------------------------------ */

static Obj *no_type_attribute(Lang *L, TypeObject *type, Obj *name)
{
    err_format(L, EXC_AttributeError, "type object '%.50s' has no attribute '%U'",
               type->core.name, name);
    if (L->exc != NULL && IS_TYPE(L->exc, L->exc_types[EXC_AttributeError])) {
        AttributeErrorObject *e = (AttributeErrorObject *)L->exc;
        obj_setref(L, &e->name, obj_newref(name));
        obj_setref(L, &e->obj, obj_newref(&type->ob));
    }
    return NULL;
}

Obj *type_getattro(Lang *L, Obj *self, Obj *name)
{
    TypeObject *type = (TypeObject *)self, *meta = TYPE(self);
    if (!str_check(name))
        return err_format(L, EXC_TypeError, "attribute name must be string, not '%.200s'",
                          obj_type_name(name));
    DescrGetFn meta_get = NULL;
    Obj *meta_attr = type_lookup(L, meta, name);
    if (meta_attr != NULL) {
        obj_incref(meta_attr);
        meta_get = TYPE(meta_attr)->descr_get;
        if (meta_get != NULL && TYPE(meta_attr)->descr_set != NULL) {
            Obj *r = meta_get(L, meta_attr, self, &meta->ob);
            obj_decref(L, meta_attr);
            return r;
        }
    }
    Obj *attr = type_lookup(L, type, name);
    if (attr != NULL) {
        obj_incref(attr);
        obj_xdecref(L, meta_attr);
        DescrGetFn local_get = TYPE(attr)->descr_get;
        if (local_get != NULL) {
            Obj *r = local_get(L, attr, NULL, self);
            obj_decref(L, attr);
            return r;
        }
        return attr;
    }
    if (meta_get != NULL) {
        Obj *r = meta_get(L, meta_attr, self, &meta->ob);
        obj_decref(L, meta_attr);
        return r;
    }
    if (meta_attr != NULL)
        return meta_attr;
    return no_type_attribute(L, type, name);
}

int type_setattro(Lang *L, Obj *self, Obj *name, Obj *value)
{
    TypeObject *type = (TypeObject *)self;
    if (!str_check(name)) {
        err_format(L, EXC_TypeError, "attribute name must be string, not '%.200s'",
                   obj_type_name(name));
        return -1;
    }
    if (!TYPE_HAS(type, TF_HEAPTYPE)) {
        err_format(L, EXC_TypeError, "cannot set '%U' attribute of immutable type '%s'", name,
                   type->core.name);
        return -1;
    }
    /* Data descriptors of the metatype (__name__, __doc__, ...) first. */
    Obj *meta_attr = type_lookup(L, TYPE(self), name);
    if (meta_attr != NULL && TYPE(meta_attr)->descr_set != NULL) {
        obj_incref(meta_attr);
        int r = TYPE(meta_attr)->descr_set(L, meta_attr, self, value);
        obj_decref(L, meta_attr);
        return r;
    }
    obj_incref(name);
    if (str_check_exact(L, name) && (name = str_intern_take(L, name)) == NULL)
        return -1;
    int r;
    type_modified(L, type);
    if (value != NULL) {
        r = dict_setitem(L, type->dict, name, value);
    } else {
        Obj *old = NULL;
        r = dict_pop(L, type->dict, name, &old);
        if (r == 0 && old == NULL) {
            no_type_attribute(L, type, name);
            r = -1;
        }
        obj_xdecref(L, old);
    }
    if (r == 0 && str_nbytes(name) > 4 && memcmp(str_data(name), "__", 2) == 0)
        r = slots_update(L, type, name);
    obj_decref(L, name);
    return r;
}

Obj *type_call(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    TypeObject *type = (TypeObject *)self;
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    if (type == L->t_type && nargs == 1 && nkw == 0)
        return obj_newref(&TYPE(args[0])->ob);
    if (type->tp_new == NULL)
        return err_format(L, EXC_TypeError, "cannot create '%s' instances", type->core.name);
    Obj *obj = type->tp_new(L, type, args, nargs, kwnames);
    if (obj == NULL)
        return NULL;
    /* If __new__ returned something else, __init__ is not called. */
    if (!obj_isinstance(obj, type))
        return obj;
    InitFn init = TYPE(obj)->init;
    if (init != NULL && init(L, obj, args, nargs, kwnames) < 0) {
        obj_decref(L, obj);
        return NULL;
    }
    return obj;
}

static Obj *type_tp_new(Lang *L, TypeObject *meta, Obj *const *args, size_t nargs, Obj *kwnames)
{
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    if (meta == L->t_type && nargs == 1 && nkw == 0)
        return obj_newref(&TYPE(args[0])->ob);
    if (nargs != 3)
        return err_format(L, EXC_TypeError, "type() takes 1 or 3 arguments");
    if (!str_check(args[0]))
        return err_format(L, EXC_TypeError, "type.__new__() argument 1 must be str, not %T", args[0]);
    if (!tuple_check(args[1]))
        return err_format(L, EXC_TypeError, "type.__new__() argument 2 must be tuple, not %T",
                          args[1]);
    if (!dict_check(args[2]))
        return err_format(L, EXC_TypeError, "type.__new__() argument 3 must be dict, not %T",
                          args[2]);
    TypeObject *winner = type_calculate_meta(L, meta, args[1]);
    if (winner == NULL)
        return NULL;
    if (winner != meta && winner->tp_new != type_tp_new)
        return winner->tp_new(L, winner, args, nargs, kwnames);
    return (Obj *)type_new_full(L, winner, args[0], args[1], args[2], args + 3, kwnames);
}

static int type_init(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    (void)args;
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    if (nargs == 1 && nkw != 0) {
        err_format(L, EXC_TypeError, "type.__init__() takes no keyword arguments");
        return -1;
    }
    if (nargs != 1 && nargs != 3) {
        err_format(L, EXC_TypeError, "type.__init__() takes 1 or 3 arguments");
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Lifecycle                                                           */
/* ------------------------------------------------------------------ */

static int type_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    TypeObject *t = (TypeObject *)self;
    Obj *fields[] = {t->dict, t->mro, t->bases, t->base ? &t->base->ob : NULL, t->name,
                     t->qualname, t->slot_names};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (fields[i] != NULL) {
            int r = visit(fields[i], arg);
            if (r)
                return r;
        }
    }
    for (size_t i = 0; i < t->nsubclasses; i++) {
        int r = visit(&t->subclasses[i]->ob, arg);
        if (r)
            return r;
    }
    if (t->keys != NULL) {
        for (size_t i = 0; i < t->keys->n; i++) {
            int r = visit(t->keys->names[i], arg);
            if (r)
                return r;
        }
    }
    return 0;
}

/* Breaks the cycles a class is part of: its dict and its MRO (which holds
 * the class itself). Its shared keys stay: instances may still use them. */
static int type_clear(OuroRuntime *rt, Obj *self)
{
    TypeObject *t = (TypeObject *)self;
    Lang *L = LANG_OF(self);
    (void)rt;
    type_modified(L, t);
    if (t->dict != NULL)
        dict_clear(L, t->dict);
    obj_clearref(L, &t->mro);
    return 0;
}

void type_clear_static(Lang *L, TypeObject *t)
{
    t->version = 0;
    obj_clearref(L, &t->dict);
    obj_clearref(L, &t->mro);
    obj_clearref(L, &t->bases);
    obj_clearref(L, (Obj **)&t->base);
    obj_clearref(L, &t->qualname);
    obj_clearref(L, &t->slot_names);
    /* core.name of a built-in type is its static spec name: keep it. */
    if (TYPE_HAS(t, TF_HEAPTYPE))
        t->core.name = "?";
    obj_clearref(L, &t->name);
    for (size_t i = 0; i < t->nsubclasses; i++)
        ouro_decref(L->rt, &t->subclasses[i]->ob);
    if (t->subclasses != NULL)
        mem_free(L, t->subclasses, t->subclasses_cap * sizeof(OuroWeakRef *));
    t->subclasses = NULL;
    t->nsubclasses = t->subclasses_cap = 0;
}

static void type_dealloc(OuroRuntime *rt, Obj *self)
{
    TypeObject *t = (TypeObject *)self;
    Lang *L = (Lang *)self->type->data;
    (void)rt;
    type_clear_static(L, t);
    if (t->keys != NULL)
        shared_keys_free(L, t->keys);
    t->keys = NULL;
    if (t->slot_members != NULL)
        mem_free(L, t->slot_members, t->nslot_members * sizeof(MemberDef));
    t->slot_members = NULL;
}

const TypeSpec type_spec = {
    .name = "type",
    .basic_size = sizeof(TypeObject),
    .core_flags = OURO_TYPE_GC | OURO_TYPE_WEAKREFABLE,
    .weaklist_offset = offsetof(TypeObject, weaklist),
    .flags = TF_BASETYPE | TF_TYPE_SUBCLASS,
    .dict_offset = offsetof(TypeObject, dict),
    .dealloc = type_dealloc,
    .traverse = type_traverse,
    .clear = type_clear,
    .repr = type_repr,
    .call = type_call,
    .getattro = type_getattro,
    .setattro = type_setattro,
    .tp_new = type_tp_new,
    .init = type_init,
    .methods = type_methods,
    .getsets = type_getsets,
    .members = type_members,
    .doc = "type(object) -> the object's type\ntype(name, bases, dict, **kwds) -> a new type",
};
