/*
 * typenew.c - making classes: type(name, bases, dict) as CPython 3.11's
 * type_new, without metaclass __prepare__ (the VM's class builder does
 * that), in named steps:
 *   check_bases         - each base a type that allows subclassing, no duplicates
 *   best_base           - the base whose instance layout the class extends
 *   parse_slots         - __slots__: names, mangled and sorted; __dict__/__weakref__
 *   set_names           - __name__, __qualname__, __doc__
 *   compute_layout      - solid part, weak references (a field or the side
 *                         table), dict word, inline values
 *   fill_dict           - slot member descriptors, __dict__/__weakref__ getsets,
 *                         staticmethod/classmethod wrapping, __hash__ = None
 *   type_compute_mro    - C3 linearisation with CPython's errors
 *   slots_fixup         - slots from the dunders of the MRO (slots.c)
 *   call_set_name, init_subclass
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
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

/* What type_new learns on the way, before the type object exists. */
typedef struct ClassSpec {
    Obj *name, *bases, *dict;     /* dict: owned copy */
    TypeObject *base;             /* best base, borrowed */
    Obj *slots;                   /* tuple of mangled sorted names, or NULL */
    int has_slots;                /* __slots__ given */
    int add_dict, add_weak;
} ClassSpec;

static int is_var_base(TypeObject *t)
{
    /* int counts as variable-sized (CPython's int is), so that int
     * subclasses are not weak-referenceable and refuse nonempty slots. */
    return t->core.item_size != 0 || TYPE_HAS(t, TF_INT_SUBCLASS);
}

/* ------------------------------------------------------------------ */
/* Bases                                                               */
/* ------------------------------------------------------------------ */

static int check_bases(Lang *L, Obj *bases)
{
    size_t n = tuple_size(bases);
    for (size_t i = 0; i < n; i++) {
        Obj *b = tuple_get_borrowed(bases, i);
        if (!type_check(b)) {
            err_format(L, EXC_TypeError, "bases must be types");
            return -1;
        }
        if (!TYPE_HAS((TypeObject *)b, TF_BASETYPE)) {
            err_format(L, EXC_TypeError, "type '%.100s' is not an acceptable base type",
                       ((TypeObject *)b)->core.name);
            return -1;
        }
        for (size_t j = 0; j < i; j++) {
            if (tuple_get_borrowed(bases, j) == b) {
                err_format(L, EXC_TypeError, "duplicate base class %U", ((TypeObject *)b)->name);
                return -1;
            }
        }
    }
    return 0;
}

/* The type whose C layout t extends: t itself if it adds fields to its
 * base's solid part, else its base's solid base. */
static TypeObject *solid_base(TypeObject *t)
{
    TypeObject *base = t->base ? solid_base(t->base) : t;
    if (t->base == NULL)
        return t;
    int extra = t->solid_size != base->solid_size || t->core.item_size != base->core.item_size;
    return extra ? t : base;
}

static TypeObject *best_base(Lang *L, Obj *bases)
{
    TypeObject *base = NULL, *winner = NULL;
    size_t n = tuple_size(bases);
    for (size_t i = 0; i < n; i++) {
        TypeObject *b = (TypeObject *)tuple_get_borrowed(bases, i);
        TypeObject *candidate = solid_base(b);
        if (winner == NULL) {
            winner = candidate;
            base = b;
        } else if (type_is_subtype(winner, candidate)) {
            /* keep winner */
        } else if (type_is_subtype(candidate, winner)) {
            winner = candidate;
            base = b;
        } else {
            err_format(L, EXC_TypeError, "multiple bases have instance lay-out conflict");
            return NULL;
        }
    }
    return base;
}

TypeObject *type_calculate_meta(Lang *L, TypeObject *meta, Obj *bases)
{
    TypeObject *winner = meta;
    size_t n = tuple_size(bases);
    for (size_t i = 0; i < n; i++) {
        TypeObject *t = TYPE(tuple_get_borrowed(bases, i));
        if (type_is_subtype(winner, t))
            continue;
        if (type_is_subtype(t, winner)) {
            winner = t;
            continue;
        }
        err_format(L, EXC_TypeError,
                   "metaclass conflict: the metaclass of a derived class must be a "
                   "(non-strict) subclass of the metaclasses of all its bases");
        return NULL;
    }
    return winner;
}

/* ------------------------------------------------------------------ */
/* C3 MRO                                                              */
/* ------------------------------------------------------------------ */

static int tail_contains(Obj *list, size_t start, Obj *o)
{
    size_t n = tuple_size(list);
    for (size_t i = start + 1; i < n; i++) {
        if (tuple_get_borrowed(list, i) == o)
            return 1;
    }
    return 0;
}

/* "Cannot create a consistent method resolution\norder (MRO) for bases
 * A, B": the heads of the lists left, each once, in list order. */
static void mro_error(Lang *L, Obj **to_merge, size_t n, const size_t *remain)
{
    StrBuilder sb;
    sb_init(L, &sb);
    int err = sb_append_cstr(&sb, "Cannot create a consistent method resolution\norder (MRO) for bases");
    Obj *seen[64];
    size_t nseen = 0;
    for (size_t i = 0; i < n && err == 0; i++) {
        if (remain[i] >= tuple_size(to_merge[i]))
            continue;
        Obj *c = tuple_get_borrowed(to_merge[i], remain[i]);
        int dup = 0;
        for (size_t k = 0; k < nseen; k++)
            dup |= seen[k] == c;
        if (dup || nseen == 64)
            continue;
        err = sb_append_format(&sb, "%s %U", nseen ? "," : "", ((TypeObject *)c)->name);
        seen[nseen++] = c;
    }
    Obj *msg = err == 0 ? sb_finish(&sb) : (sb_abandon(&sb), NULL);
    if (msg != NULL) {
        err_set_value(L, L->exc_types[EXC_TypeError], msg);
        obj_decref(L, msg);
    }
}

/* Merges the lists into acc (which holds the class already). */
static int pmerge(Lang *L, Obj **acc, size_t *nacc, Obj **to_merge, size_t n)
{
    size_t *remain = mem_alloc(L, n * sizeof(size_t));
    if (remain == NULL)
        return -1;
    memset(remain, 0, n * sizeof(size_t));
    int res = 0;
again:;
    size_t empty = 0;
    for (size_t i = 0; i < n; i++) {
        if (remain[i] >= tuple_size(to_merge[i])) {
            empty++;
            continue;
        }
        Obj *candidate = tuple_get_borrowed(to_merge[i], remain[i]);
        int in_tail = 0;
        for (size_t j = 0; j < n && !in_tail; j++)
            in_tail = tail_contains(to_merge[j], remain[j], candidate);
        if (in_tail)
            continue;
        acc[(*nacc)++] = candidate;
        for (size_t j = 0; j < n; j++) {
            if (remain[j] < tuple_size(to_merge[j]) &&
                tuple_get_borrowed(to_merge[j], remain[j]) == candidate)
                remain[j]++;
        }
        goto again;
    }
    if (empty != n) {
        mro_error(L, to_merge, n, remain);
        res = -1;
    }
    mem_free(L, remain, n * sizeof(size_t));
    return res;
}

Obj *type_compute_mro(Lang *L, TypeObject *type)
{
    Obj *bases = type->bases;
    size_t n = tuple_size(bases);
    if (n == 0)
        return tuple_pack(L, 1, &type->ob);
    if (n == 1) {
        Obj *bmro = ((TypeObject *)tuple_get_borrowed(bases, 0))->mro;
        size_t m = tuple_size(bmro);
        Obj *mro = tuple_new(L, m + 1);
        if (mro == NULL)
            return NULL;
        tuple_init_take(mro, 0, obj_newref(&type->ob));
        for (size_t i = 0; i < m; i++)
            tuple_init_take(mro, i + 1, obj_newref(tuple_get_borrowed(bmro, i)));
        return mro;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            if (tuple_get_borrowed(bases, i) == tuple_get_borrowed(bases, j))
                return err_format(L, EXC_TypeError, "duplicate base class %U",
                                  ((TypeObject *)tuple_get_borrowed(bases, i))->name);
        }
    }
    size_t total = 1 + n;
    Obj **to_merge = mem_alloc(L, (n + 1) * sizeof(Obj *));
    if (to_merge == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        to_merge[i] = ((TypeObject *)tuple_get_borrowed(bases, i))->mro;
        total += tuple_size(to_merge[i]);
    }
    to_merge[n] = bases;
    Obj *result = NULL;
    Obj **acc = mem_alloc(L, total * sizeof(Obj *));
    if (acc != NULL) {
        size_t nacc = 0;
        acc[nacc++] = &type->ob;
        if (pmerge(L, acc, &nacc, to_merge, n + 1) == 0)
            result = tuple_from_array(L, acc, nacc);
        mem_free(L, acc, total * sizeof(Obj *));
    }
    mem_free(L, to_merge, (n + 1) * sizeof(Obj *));
    return result;
}

/* ------------------------------------------------------------------ */
/* __slots__                                                           */
/* ------------------------------------------------------------------ */

static int is_identifier(Obj *s)
{
    const unsigned char *p = (const unsigned char *)str_data(s);
    size_t n = str_nbytes(s);
    if (n == 0 || (p[0] >= '0' && p[0] <= '9'))
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (!(c == '_' || c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9')))
            return 0;
    }
    return 1;
}

/* CPython's _Py_Mangle: __x in class _C becomes _C__x. New reference. */
static Obj *mangle(Lang *L, Obj *class_name, Obj *name)
{
    const char *p = str_data(name);
    size_t n = str_nbytes(name);
    if (n < 2 || p[0] != '_' || p[1] != '_' || (n >= 4 && p[n - 1] == '_' && p[n - 2] == '_') ||
        memchr(p, '.', n) != NULL)
        return obj_newref(name);
    const char *c = str_data(class_name);
    while (*c == '_')
        c++;
    if (*c == '\0')
        return obj_newref(name);
    return str_from_format(L, "_%s%U", c, name);
}

static void sort_names(Obj *t)
{
    Obj **items = tuple_items(t);
    size_t n = tuple_size(t);
    for (size_t i = 1; i < n; i++) {
        Obj *x = items[i];
        size_t j = i;
        while (j > 0 && str_compare(items[j - 1], x) > 0) {
            items[j] = items[j - 1];
            j--;
        }
        items[j] = x;
    }
}

/* Reads __slots__ from the class dict into cs: the member names (mangled,
 * sorted, interned) and whether __dict__ / __weakref__ are asked for. */
static int parse_slots(Lang *L, ClassSpec *cs)
{
    TypeObject *base = cs->base;
    int may_add_dict = base->dict_offset == 0;
    /* __weakref__ as CPython 3.11 allows it: not on int, tuple or bytes
     * (variable-sized there), but on str, whose instances CPython sizes
     * with tp_itemsize 0. ouro's str keeps its characters inline, but a
     * class's weak lists live in the side table, not in the instance. */
    int may_add_weak = !(base->core.flags & OURO_TYPE_WEAKREFABLE) &&
                       (!is_var_base(base) || TYPE_HAS(base, TF_STR_SUBCLASS));
    Obj *raw = dict_getitem_str(cs->dict, ID(L, __slots__));
    if (raw == NULL) {
        cs->add_dict = may_add_dict;
        cs->add_weak = may_add_weak;
        return 0;
    }
    cs->has_slots = 1;
    Obj *names = str_check(raw) ? tuple_pack(L, 1, raw) : tuple_from_iterable(L, raw);
    if (names == NULL)
        return -1;
    size_t n = tuple_size(names), nmembers = 0;
    int res = -1;
    Obj *members = tuple_new(L, n);
    if (members == NULL)
        goto done;
    for (size_t i = 0; i < n; i++) {
        Obj *s = tuple_get_borrowed(names, i);
        if (!str_check(s)) {
            err_format(L, EXC_TypeError, "__slots__ items must be strings, not '%.200s'",
                       obj_type_name(s));
            goto done;
        }
        if (!is_identifier(s)) {
            err_format(L, EXC_TypeError, "__slots__ must be identifiers");
            goto done;
        }
        if (str_equal(s, ID(L, __dict__))) {
            if (!may_add_dict || cs->add_dict) {
                err_format(L, EXC_TypeError, "__dict__ slot disallowed: we already got one");
                goto done;
            }
            cs->add_dict = 1;
            continue;
        }
        if (str_equal(s, ID(L, __weakref__))) {
            if (!may_add_weak || cs->add_weak) {
                err_format(L, EXC_TypeError,
                           "__weakref__ slot disallowed: either we already got one, or __itemsize__ != 0");
                goto done;
            }
            cs->add_weak = 1;
            continue;
        }
        Obj *m = mangle(L, cs->name, s);
        if (m == NULL || (m = str_intern_take(L, m)) == NULL)
            goto done;
        tuple_init_take(members, nmembers++, m);
        if (dict_getitem_str(cs->dict, m) != NULL) {
            err_format(L, EXC_ValueError, "%R in __slots__ conflicts with class variable", m);
            goto done;
        }
    }
    if (nmembers > 0 && is_var_base(base)) {
        err_format(L, EXC_TypeError, "nonempty __slots__ not supported for subtype of '%s'",
                   base->core.name);
        goto done;
    }
    cs->slots = tuple_slice(L, members, 0, nmembers);
    if (cs->slots == NULL)
        goto done;
    sort_names(cs->slots);
    res = 0;
done:
    obj_xdecref(L, members);
    obj_decref(L, names);
    return res;
}

/* ------------------------------------------------------------------ */
/* The new type                                                        */
/* ------------------------------------------------------------------ */

static int set_names(Lang *L, TypeObject *type, ClassSpec *cs)
{
    type->name = obj_newref(cs->name);
    type->core.name = str_data(cs->name);
    Obj *qualname = NULL;
    if (dict_pop(L, cs->dict, ID(L, __qualname__), &qualname) < 0)
        return -1;
    if (qualname != NULL && !str_check(qualname)) {
        err_format(L, EXC_TypeError, "type __qualname__ must be a str, not %s",
                   obj_type_name(qualname));
        obj_decref(L, qualname);
        return -1;
    }
    type->qualname = qualname ? qualname : obj_newref(cs->name);
    if (dict_getitem_str(cs->dict, ID(L, __doc__)) == NULL &&
        dict_setitem(L, cs->dict, ID(L, __doc__), L->none) < 0)
        return -1;
    return 0;
}

/* Where the class's instances keep their slots, weak references and
 * attributes (instance.h draws the layout). */
static int compute_layout(Lang *L, TypeObject *type, ClassSpec *cs)
{
    TypeObject *base = cs->base;
    size_t nslots = cs->slots ? tuple_size(cs->slots) : 0;
    size_t off = base->solid_size;
    if (nslots > 0) {
        type->slot_members = mem_alloc(L, nslots * sizeof(MemberDef));
        if (type->slot_members == NULL)
            return -1;
        type->nslot_members = nslots;
        for (size_t i = 0; i < nslots; i++) {
            Obj *name = tuple_get_borrowed(cs->slots, i);
            type->slot_members[i] = (MemberDef){str_data(name), MEMBER_OBJECT_EX, off, 0, NULL};
            off += sizeof(Obj *);
        }
        type->slot_names = obj_newref(cs->slots);
    }
    type->solid_size = off;
    type->core.item_size = base->core.item_size;
    type->core.nitems = base->core.nitems;
    /* A subclass of a weakref type is a weakref (WeakMethod): the collector
     * clears weakrefs found in the garbage by that flag. */
    type->core.flags = OURO_TYPE_GC | (base->core.flags & (OURO_TYPE_WEAKREFABLE | OURO_TYPE_WEAKREF));
    /* The weak reference list: kept where a C base has its field, else in
     * the core's side table (no word in the instance: OURO_TYPE_WEAKLIST_SIDE),
     * which is what every class statement's own __weakref__ uses, with or
     * without __slots__. A class is weak-referenceable when its base is, or
     * when it adds __weakref__ (implicitly without __slots__), exactly as
     * before; only where the head lives changed. */
    if ((base->core.flags & OURO_TYPE_WEAKREFABLE) &&
        !(base->core.flags & OURO_TYPE_WEAKLIST_SIDE) && base->core.weaklist_offset < base->solid_size) {
        type->core.weaklist_offset = base->core.weaklist_offset;
    } else if (cs->add_weak || (base->core.flags & OURO_TYPE_WEAKREFABLE)) {
        type->core.flags |= OURO_TYPE_WEAKREFABLE | OURO_TYPE_WEAKLIST_SIDE;
        type->core.weaklist_offset = 0;
    }
    int has_dict = cs->add_dict || base->dict_offset != 0;
    if (base->dict_offset > 0 && !TYPE_HAS(base, TF_INLINE_VALUES)) {
        type->dict_offset = base->dict_offset;           /* a C field */
    } else if (has_dict && is_var_base(base)) {
        /* After the items: room for the pointer and its alignment, whether
         * this class adds the dict or inherits it (a subclass of a str
         * subclass: basic_size must keep the word its base counted). */
        type->dict_offset = -1;
        off += sizeof(Obj *) + (base->core.item_size ? sizeof(Obj *) - 1 : 0);
    } else if (has_dict) {
        type->flags |= TF_INLINE_VALUES;
        type->dict_offset = (intptr_t)off;
        off += sizeof(Obj *);
        type->values_offset = off;
        type->keys = mem_alloc(L, sizeof(SharedKeys));
        if (type->keys == NULL)
            return -1;
        memset(type->keys, 0, sizeof(SharedKeys));
    }
    type->core.basic_size = off;
    if (!TYPE_HAS(type, TF_INLINE_VALUES))
        type->flags |= TF_LAYOUT_FIXED;
    type->core.dealloc = instance_dealloc;
    type->core.traverse = instance_traverse;
    type->core.clear = instance_clear;
    return 0;
}

static int wrap_function(Lang *L, Obj *dict, Obj *name, Obj *(*wrap)(Lang *, Obj *))
{
    Obj *f = dict_getitem_str(dict, name);
    if (f == NULL || L->t_function == NULL || !IS_TYPE(f, L->t_function))
        return 0;
    Obj *w = wrap(L, f);
    if (w == NULL)
        return -1;
    return dict_setitem_take(L, dict, obj_newref(name), w);
}

static int fill_dict(Lang *L, TypeObject *type, ClassSpec *cs)
{
    Obj *dict = cs->dict;
    if (wrap_function(L, dict, ID(L, __new__), staticmethod_new) < 0 ||
        wrap_function(L, dict, ID(L, __init_subclass__), classmethod_new) < 0 ||
        wrap_function(L, dict, ID(L, __class_getitem__), classmethod_new) < 0)
        return -1;
    for (size_t i = 0; i < type->nslot_members; i++) {
        Obj *d = descr_new_member(L, type, &type->slot_members[i]);
        if (d == NULL ||
            dict_setitem_take(L, dict, obj_newref(tuple_get_borrowed(type->slot_names, i)), d) < 0)
            return -1;
    }
    if (cs->add_dict && dict_getitem_str(dict, ID(L, __dict__)) == NULL) {
        Obj *d = descr_new_getset(L, type, &instance_dict_getset);
        if (d == NULL || dict_setitem_take(L, dict, obj_newref(ID(L, __dict__)), d) < 0)
            return -1;
    }
    if (cs->add_weak && dict_getitem_str(dict, ID(L, __weakref__)) == NULL) {
        Obj *d = descr_new_getset(L, type, &instance_weakref_getset);
        if (d == NULL || dict_setitem_take(L, dict, obj_newref(ID(L, __weakref__)), d) < 0)
            return -1;
    }
    if (dict_getitem_str(dict, ID(L, __eq__)) != NULL &&
        dict_getitem_str(dict, ID(L, __hash__)) == NULL &&
        dict_setitem(L, dict, ID(L, __hash__), L->none) < 0)
        return -1;
    return 0;
}

/* Calls value.__set_name__(type, key) for each attribute that has one;
 * errors become RuntimeError from the original, as 3.11 reports them. */
static int call_set_name(Lang *L, TypeObject *type)
{
    Obj *names = dict_copy(L, type->dict);
    if (names == NULL)
        return -1;
    size_t pos = 0;
    Obj *key, *value;
    int res = 0;
    while (res == 0 && dict_next(names, &pos, &key, &value)) {
        Obj *set_name = type_lookup(L, TYPE(value), ID(L, __set_name__));
        if (set_name == NULL)
            continue;
        Obj *args[3] = {value, &type->ob, key};
        int found;
        Obj *r = call_special(L, ID(L, __set_name__), args, 3, &found);
        if (r == NULL) {
            err_format_from_cause(L, EXC_RuntimeError,
                                  "Error calling __set_name__ on '%.100s' instance %R in '%.100s'",
                                  obj_type_name(value), key, type->core.name);
            res = -1;
        }
        obj_xdecref(L, r);
    }
    obj_decref(L, names);
    return res;
}

/* super(type, type).__init_subclass__(**kwargs). */
static int init_subclass(Lang *L, TypeObject *type, Obj *const *kwvalues, Obj *kwnames)
{
    Obj *mro = type->mro;
    Obj *func = NULL;
    for (size_t i = 1; i < tuple_size(mro) && func == NULL; i++) {
        TypeObject *b = (TypeObject *)tuple_get_borrowed(mro, i);
        func = dict_getitem_str(b->dict, ID(L, __init_subclass__));
    }
    if (func == NULL)
        return 0;
    obj_incref(func);
    Obj *bound = func;
    DescrGetFn get = TYPE(func)->descr_get;
    if (get != NULL) {
        bound = get(L, func, NULL, &type->ob);
        obj_decref(L, func);
        if (bound == NULL)
            return -1;
    }
    Obj *r = obj_call(L, bound, kwvalues, 0, kwnames);
    obj_decref(L, bound);
    if (r == NULL)
        return -1;
    obj_decref(L, r);
    return 0;
}

static TypeObject *make_type(Lang *L, TypeObject *meta, ClassSpec *cs)
{
    TypeObject *type = (TypeObject *)obj_alloc(L, meta);
    if (type == NULL)
        return NULL;
    type->core.data = L;
    type->flags = TF_HEAPTYPE | TF_BASETYPE;
    type->base = (TypeObject *)obj_newref(&cs->base->ob);
    type->bases = obj_newref(cs->bases);
    if (set_names(L, type, cs) < 0 || compute_layout(L, type, cs) < 0 ||
        fill_dict(L, type, cs) < 0)
        goto fail;
    type->dict = obj_newref(cs->dict);
    type->mro = type_compute_mro(L, type);
    if (type->mro == NULL)
        goto fail;
    type->flags |= cs->base->flags & (TF_INT_SUBCLASS | TF_LIST_SUBCLASS | TF_TUPLE_SUBCLASS |
                                      TF_STR_SUBCLASS | TF_DICT_SUBCLASS |
                                      TF_BASE_EXC_SUBCLASS | TF_TYPE_SUBCLASS);
    type->tp_new = cs->base->tp_new;
    if (slots_fixup(L, type) < 0 || type_add_subclass_to_bases(L, type) < 0)
        goto fail;
    type->flags |= TF_READY;
    ouro_gc_track(L->rt, &type->ob);
    return type;
fail:
    /* The descriptors in the namespace and the MRO hold the type: break
     * those cycles (the type is not tracked yet: the collector would not
     * see them). */
    dict_clear(L, cs->dict);
    obj_clearref(L, &type->mro);
    obj_decref(L, &type->ob);
    return NULL;
}

TypeObject *type_new_full(Lang *L, TypeObject *meta, Obj *name, Obj *bases, Obj *dict,
                          Obj *const *kwvalues, Obj *kwnames)
{
    ClassSpec cs = {0};
    TypeObject *type = NULL;
    cs.name = name;
    if (tuple_size(bases) == 0)
        cs.bases = tuple_pack(L, 1, &L->t_object->ob);
    else
        cs.bases = obj_newref(bases);
    if (cs.bases == NULL || check_bases(L, cs.bases) < 0)
        goto done;
    if ((cs.base = best_base(L, cs.bases)) == NULL)
        goto done;
    if ((cs.dict = dict_copy(L, dict)) == NULL || parse_slots(L, &cs) < 0)
        goto done;
    if ((type = make_type(L, meta, &cs)) == NULL)
        goto done;
    if (call_set_name(L, type) < 0 || init_subclass(L, type, kwvalues, kwnames) < 0)
        obj_clearref(L, (Obj **)&type);
done:
    obj_xdecref(L, cs.bases);
    obj_xdecref(L, cs.dict);
    obj_xdecref(L, cs.slots);
    return type;
}

TypeObject *type_new_meta(Lang *L, TypeObject *meta, Obj *name, Obj *bases, Obj *dict)
{
    return type_new_full(L, meta, name, bases, dict, NULL, NULL);
}

TypeObject *type_new(Lang *L, Obj *name, Obj *bases, Obj *dict)
{
    TypeObject *meta = type_calculate_meta(L, L->t_type, bases);
    if (meta == NULL)
        return NULL;
    return type_new_full(L, meta, name, bases, dict, NULL, NULL);
}

void type_set_attr_hint(TypeObject *type, size_t n)
{
    if (!TYPE_HAS(type, TF_LAYOUT_FIXED))
        type->attr_hint = n;
}
