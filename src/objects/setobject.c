/*
 * setobject.c - set, frozenset and set_iterator (setobject.h states the
 * invariants): the probing table as CPython 3.11's (same probe sequence,
 * resize points and table sizes, so iteration orders match), lookups that
 * start again when a user __eq__ changes the table, the set algebra with
 * CPython's choice of which operand to walk, frozenset's hash, and the
 * type slots and methods.
 *
 * A failed allocation leaves a set as it was: an insertion whose resize
 * fails is undone (CPython keeps it), so the table can never fill up.
 */
#include <string.h>

#include "setobject.h"
#include "dictobject.h"
#include "exceptions.h"
#include "instance.h"
#include "intobject.h"
#include "listobject.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5

/* The key of a deleted slot: a unique address, never dereferenced. */
static const char dummy_mark;
#define SET_DUMMY ((Obj *)(uintptr_t)&dummy_mark)

static inline SetObject *SET(Obj *o) { return (SetObject *)o; }

static size_t table_bytes(intptr_t mask)
{
    return (size_t)(mask + 1) * sizeof(SetEntry);
}

size_t set_table_bytes(const Obj *o)
{
    const SetObject *so = (const SetObject *)o;
    return so->table != so->smalltable ? table_bytes(so->mask) : 0;
}

static void empty_to_minsize(SetObject *so)
{
    memset(so->smalltable, 0, sizeof so->smalltable);
    so->fill = 0;
    so->used = 0;
    so->mask = SET_MINSIZE - 1;
    so->table = so->smalltable;
    so->hash = -1;
}

static intptr_t hash_of(Lang *L, Obj *key)
{
    if (str_check_exact(L, key))
        return str_hash(key);
    return obj_hash(L, key);
}

/* ------------------------------------------------------------------ */
/* Probing                                                             */
/* ------------------------------------------------------------------ */

/* Equality of a stored key with key (same hash), for lookups. 1/0, -1 on
 * error, 2 when the comparison changed the table (start again). */
static int keys_equal(Lang *L, SetObject *so, SetEntry *entry, Obj *key)
{
    Obj *startkey = entry->key;
    if (startkey == key)
        return 1;
    if (str_check_exact(L, startkey) && str_check_exact(L, key))
        return str_equal(startkey, key);
    SetEntry *table = so->table;
    obj_incref(startkey);
    int cmp = obj_richcompare_bool(L, startkey, key, CMP_EQ);
    obj_decref(L, startkey);
    if (cmp < 0)
        return -1;
    if (table != so->table || entry->key != startkey)
        return 2;
    return cmp;
}

/* The active slot holding key, or the empty slot ending its probe
 * sequence (key NULL there); NULL with an exception on error. */
static SetEntry *lookkey(Lang *L, SetObject *so, Obj *key, intptr_t hash)
{
restart:;
    size_t perturb = (size_t)hash, mask = (size_t)so->mask, i = (size_t)hash & mask;
    for (;;) {
        SetEntry *entry = &so->table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (entry->hash == 0 && entry->key == NULL)
                return entry;
            if (entry->hash == hash) {
                int eq = keys_equal(L, so, entry, key);
                if (eq < 0)
                    return NULL;
                if (eq == 2)
                    goto restart;
                if (eq)
                    return entry;
                mask = (size_t)so->mask;
            }
            entry++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

/* Puts key (already owned by the table) into the first empty slot of its
 * probe sequence: for a table with no dummies and no equal key. */
static void insert_clean(SetEntry *table, size_t mask, Obj *key, intptr_t hash)
{
    size_t perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        SetEntry *entry = &table[i];
        if (entry->key == NULL)
            goto found;
        if (i + LINEAR_PROBES <= mask) {
            for (size_t j = 0; j < LINEAR_PROBES; j++) {
                entry++;
                if (entry->key == NULL)
                    goto found;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
        continue;
    found:
        entry->key = key;
        entry->hash = hash;
        return;
    }
}

/* Rebuilds the table with the smallest power-of-two size > minused,
 * dropping the dummies. Runs no user code. 0, or -1 with MemoryError
 * (the set untouched). */
static int table_resize(Lang *L, SetObject *so, intptr_t minused)
{
    size_t newsize = SET_MINSIZE;
    while (newsize <= (size_t)minused)
        newsize <<= 1;
    SetEntry *oldtable = so->table, *newtable, small_copy[SET_MINSIZE];
    intptr_t oldmask = so->mask;
    int old_is_owned = oldtable != so->smalltable;
    if (newsize == SET_MINSIZE) {
        newtable = so->smalltable;
        if (newtable == oldtable) {
            if (so->fill == so->used)
                return 0;             /* no dummies to drop */
            memcpy(small_copy, oldtable, sizeof small_copy);
            oldtable = small_copy;
        }
    } else {
        if (newsize > SIZE_MAX / sizeof(SetEntry)) {
            err_no_memory(L);
            return -1;
        }
        newtable = mem_alloc(L, newsize * sizeof(SetEntry));
        if (newtable == NULL)
            return -1;
    }
    memset(newtable, 0, newsize * sizeof(SetEntry));
    so->mask = (intptr_t)newsize - 1;
    so->table = newtable;
    so->fill = so->used;
    for (SetEntry *e = oldtable; e <= oldtable + oldmask; e++) {
        if (e->key != NULL && e->key != SET_DUMMY)
            insert_clean(newtable, newsize - 1, e->key, e->hash);
    }
    if (old_is_owned)
        mem_free(L, oldtable, table_bytes(oldmask));
    return 0;
}

static intptr_t grown_size(intptr_t used)
{
    return used > 50000 ? used * 2 : used * 4;
}

/* Adds key (borrowed) with its hash. 0, or -1 with an exception (the
 * set without key). */
static int add_entry(Lang *L, SetObject *so, Obj *key, intptr_t hash)
{
    /* Our own reference first: an __eq__ may drop the caller's. */
    obj_incref(key);
restart:;
    size_t mask = (size_t)so->mask, i = (size_t)hash & mask, perturb = (size_t)hash;
    SetEntry *freeslot = NULL, *entry;
    for (;;) {
        entry = &so->table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (entry->hash == 0 && entry->key == NULL)
                goto found_unused_or_dummy;
            if (entry->hash == hash) {
                int eq = keys_equal(L, so, entry, key);
                if (eq == 1)
                    goto found_active;
                if (eq < 0)
                    goto fail;
                if (eq == 2)
                    goto restart;
                mask = (size_t)so->mask;
            } else if (entry->hash == -1) {
                freeslot = entry;         /* the last dummy seen, as CPython */
            }
            entry++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found_unused_or_dummy:
    if (freeslot != NULL) {
        so->used++;
        freeslot->key = key;
        freeslot->hash = hash;
        return 0;
    }
    so->fill++;
    so->used++;
    entry->key = key;
    entry->hash = hash;
    if ((size_t)so->fill * 5 < mask * 3)
        return 0;
    if (table_resize(L, so, grown_size(so->used)) == 0)
        return 0;
    /* Undo: a table this full must not stay (searches need empty slots). */
    entry->key = NULL;
    entry->hash = 0;
    so->fill--;
    so->used--;
fail:
    obj_decref(L, key);
    return -1;
found_active:
    obj_decref(L, key);
    return 0;
}

static int contains_entry(Lang *L, SetObject *so, Obj *key, intptr_t hash)
{
    SetEntry *entry = lookkey(L, so, key, hash);
    return entry == NULL ? -1 : entry->key != NULL;
}

/* 1 if key was removed, 0 if absent, -1 on error. */
static int discard_entry(Lang *L, SetObject *so, Obj *key, intptr_t hash)
{
    SetEntry *entry = lookkey(L, so, key, hash);
    if (entry == NULL)
        return -1;
    if (entry->key == NULL)
        return 0;
    Obj *old = entry->key;
    entry->key = SET_DUMMY;
    entry->hash = -1;
    so->used--;
    obj_decref(L, old);
    return 1;
}

static int add_key(Lang *L, SetObject *so, Obj *key)
{
    intptr_t hash = hash_of(L, key);
    return hash == -1 ? -1 : add_entry(L, so, key, hash);
}

static int contains_key(Lang *L, SetObject *so, Obj *key)
{
    intptr_t hash = hash_of(L, key);
    return hash == -1 ? -1 : contains_entry(L, so, key, hash);
}

static int discard_key(Lang *L, SetObject *so, Obj *key)
{
    intptr_t hash = hash_of(L, key);
    return hash == -1 ? -1 : discard_entry(L, so, key, hash);
}

int set_next(Obj *o, size_t *pos, Obj **key, intptr_t *hash)
{
    SetObject *so = SET(o);
    size_t i = *pos, mask = (size_t)so->mask;
    SetEntry *table = so->table;
    if (table == NULL)
        return 0;
    while (i <= mask && (table[i].key == NULL || table[i].key == SET_DUMMY))
        i++;
    *pos = i + 1;
    if (i > mask)
        return 0;
    if (key)
        *key = table[i].key;
    if (hash)
        *hash = table[i].hash;
    return 1;
}

/* ------------------------------------------------------------------ */
/* Creation and lifecycle                                              */
/* ------------------------------------------------------------------ */

/* An empty instance of type (set, frozenset or a subclass), tracked. */
static Obj *alloc_set(Lang *L, TypeObject *type)
{
    Obj *o;
    if (type == L->t_set || type == L->t_frozenset) {
        o = obj_alloc(L, type);
        if (o == NULL)
            return NULL;
        empty_to_minsize(SET(o));
        obj_track(L, o);
        return o;
    }
    o = instance_alloc(L, type, 0);       /* tracked; nothing runs before the fill */
    if (o != NULL)
        empty_to_minsize(SET(o));
    return o;
}

static int update_internal(Lang *L, SetObject *so, Obj *other);

static Obj *make_new_set(Lang *L, TypeObject *type, Obj *iterable)
{
    Obj *o = alloc_set(L, type);
    if (o != NULL && iterable != NULL && update_internal(L, SET(o), iterable) < 0)
        obj_clearref(L, &o);
    return o;
}

/* A new exact set (for set subclasses) or frozenset (for frozenset
 * subclasses) of iterable: what the set algebra returns. */
static Obj *make_new_set_basetype(Lang *L, TypeObject *type, Obj *iterable)
{
    if (type != L->t_set && type != L->t_frozenset)
        type = type_is_subtype(type, L->t_set) ? L->t_set : L->t_frozenset;
    return make_new_set(L, type, iterable);
}

Obj *set_new(Lang *L, Obj *iterable)
{
    return make_new_set(L, L->t_set, iterable);
}

Obj *frozenset_new(Lang *L, Obj *iterable)
{
    if (iterable != NULL && IS_TYPE(iterable, L->t_frozenset))
        return obj_newref(iterable);
    return make_new_set(L, L->t_frozenset, iterable);
}

static int set_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    size_t pos = 0;
    Obj *key;
    while (set_next(self, &pos, &key, NULL)) {
        int r = visit(key, arg);
        if (r)
            return r;
    }
    return 0;
}

/* Empties the set first, then releases the keys in table order: a
 * release may run code that looks at (or refills) the set. */
void set_clear(Lang *L, Obj *o)
{
    SetObject *so = SET(o);
    SetEntry *table = so->table, small_copy[SET_MINSIZE];
    intptr_t used = so->used, mask = so->mask;
    int owned = table != so->smalltable;
    if (table == NULL)
        return;
    if (owned) {
        empty_to_minsize(so);
    } else if (so->fill > 0) {
        memcpy(small_copy, table, sizeof small_copy);
        table = small_copy;
        empty_to_minsize(so);
    }
    for (SetEntry *e = table; used > 0; e++) {
        if (e->key != NULL && e->key != SET_DUMMY) {
            used--;
            obj_decref(L, e->key);
        }
    }
    if (owned)
        mem_free(L, table, table_bytes(mask));
}

static int set_gc_clear(OuroRuntime *rt, Obj *self)
{
    (void)rt;
    set_clear(LANG_OF(self), self);
    return 0;
}

static void set_dealloc(OuroRuntime *rt, Obj *self)
{
    (void)rt;
    set_clear(LANG_OF(self), self);
}

/* ------------------------------------------------------------------ */
/* Public operations                                                   */
/* ------------------------------------------------------------------ */

int set_add(Lang *L, Obj *s, Obj *key)
{
    return add_key(L, SET(s), key);
}

/* Runs op on key, or on frozenset(key) when key is an unhashable set (so
 * that {1} in {frozenset({1})}). */
static int with_frozen_key(Lang *L, SetObject *so, Obj *key,
                           int (*op)(Lang *, SetObject *, Obj *))
{
    int r = op(L, so, key);
    if (r >= 0 || !set_check(L, key) || !err_matches(L, EXC_TypeError))
        return r;
    err_clear(L);
    Obj *tmp = make_new_set(L, L->t_frozenset, key);
    if (tmp == NULL)
        return -1;
    r = op(L, so, tmp);
    obj_decref(L, tmp);
    return r;
}

int set_contains(Lang *L, Obj *s, Obj *key)
{
    return with_frozen_key(L, SET(s), key, contains_key);
}

int set_discard(Lang *L, Obj *s, Obj *key)
{
    return with_frozen_key(L, SET(s), key, discard_key);
}

Obj *set_pop(Lang *L, Obj *s)
{
    SetObject *so = SET(s);
    if (so->used == 0)
        return err_format(L, EXC_KeyError, "pop from an empty set");
    SetEntry *entry = so->table + (so->finger & so->mask), *limit = so->table + so->mask;
    while (entry->key == NULL || entry->key == SET_DUMMY) {
        entry++;
        if (entry > limit)
            entry = so->table;
    }
    Obj *key = entry->key;
    entry->key = SET_DUMMY;
    entry->hash = -1;
    so->used--;
    so->finger = entry - so->table + 1;
    return key;
}

/* so |= other for a set or frozenset other: one resize up front, then a
 * plain copy when so is empty. */
static int merge(Lang *L, SetObject *so, SetObject *other)
{
    if (other == so || other->used == 0)
        return 0;
    if ((so->fill + other->used) * 5 >= so->mask * 3 &&
        table_resize(L, so, (so->used + other->used) * 2) < 0)
        return -1;
    SetEntry *src = other->table, *dst = so->table;
    if (so->fill == 0 && so->mask == other->mask && other->fill == other->used) {
        for (intptr_t i = 0; i <= other->mask; i++) {
            if (src[i].key != NULL) {
                dst[i].key = obj_newref(src[i].key);
                dst[i].hash = src[i].hash;
            }
        }
        so->fill = other->fill;
        so->used = other->used;
        return 0;
    }
    if (so->fill == 0) {
        so->fill = other->used;
        so->used = other->used;
        for (intptr_t i = 0; i <= other->mask; i++) {
            if (src[i].key != NULL && src[i].key != SET_DUMMY)
                insert_clean(dst, (size_t)so->mask, obj_newref(src[i].key), src[i].hash);
        }
        return 0;
    }
    /* Entries are read afresh each round: an __eq__ may change other. */
    for (intptr_t i = 0; i <= other->mask; i++) {
        SetEntry *e = &other->table[i];
        if (e->key != NULL && e->key != SET_DUMMY && add_entry(L, so, e->key, e->hash) < 0)
            return -1;
    }
    return 0;
}

static int update_from_dict(Lang *L, SetObject *so, Obj *d)
{
    intptr_t n = dict_size(d);
    if ((so->fill + n) * 5 >= so->mask * 3 && table_resize(L, so, (so->used + n) * 2) < 0)
        return -1;
    size_t pos = 0;
    Obj *key;
    while (dict_next(d, &pos, &key, NULL)) {
        obj_incref(key);
        int r = add_key(L, so, key);
        obj_decref(L, key);
        if (r < 0)
            return -1;
    }
    return 0;
}

static int update_internal(Lang *L, SetObject *so, Obj *other)
{
    if (anyset_check(L, other))
        return merge(L, so, SET(other));
    if (dict_check_exact(L, other))
        return update_from_dict(L, so, other);
    Obj *it = obj_iter(L, other);
    if (it == NULL)
        return -1;
    Obj *key;
    int r = 0;
    while (r == 0 && (key = obj_next(L, it)) != NULL) {
        r = add_key(L, so, key);
        obj_decref(L, key);
    }
    obj_decref(L, it);
    return r < 0 || err_occurred(L) ? -1 : 0;
}

int set_update(Lang *L, Obj *s, Obj *iterable)
{
    return update_internal(L, SET(s), iterable);
}

/* ------------------------------------------------------------------ */
/* The set algebra                                                     */
/* ------------------------------------------------------------------ */

static Obj *set_copy(Lang *L, Obj *so)
{
    return make_new_set_basetype(L, TYPE(so), so);
}

/* Exchanges the contents of a and b (the hash too when both are
 * frozensets); for the in-place operators that compute a new set. */
static void swap_bodies(Lang *L, SetObject *a, SetObject *b)
{
    intptr_t t;
    t = a->fill; a->fill = b->fill; b->fill = t;
    t = a->used; a->used = b->used; b->used = t;
    t = a->mask; a->mask = b->mask; b->mask = t;
    SetEntry *u = a->table == a->smalltable ? b->smalltable : a->table;
    a->table = b->table == b->smalltable ? a->smalltable : b->table;
    b->table = u;
    if (a->table == a->smalltable || b->table == b->smalltable) {
        SetEntry tab[SET_MINSIZE];
        memcpy(tab, a->smalltable, sizeof tab);
        memcpy(a->smalltable, b->smalltable, sizeof tab);
        memcpy(b->smalltable, tab, sizeof tab);
    }
    if (frozenset_check(L, &a->ob) && frozenset_check(L, &b->ob)) {
        t = a->hash; a->hash = b->hash; b->hash = t;
    } else {
        a->hash = -1;
        b->hash = -1;
    }
}

/* Adds (key, hash) to result when `key in other` is want: 1 if added,
 * 0 if not, -1 on error. */
static int keep_if(Lang *L, SetObject *result, SetObject *other, Obj *key, intptr_t hash, int want)
{
    obj_incref(key);
    int rv = contains_entry(L, other, key, hash);
    if (rv >= 0)
        rv = rv != want ? 0 : add_entry(L, result, key, hash) < 0 ? -1 : 1;
    obj_decref(L, key);
    return rv;
}

static Obj *intersection(Lang *L, Obj *so, Obj *other)
{
    if (so == other)
        return set_copy(L, so);
    Obj *result = make_new_set_basetype(L, TYPE(so), NULL);
    if (result == NULL)
        return NULL;
    if (anyset_check(L, other)) {
        /* Walk the smaller set, probe the larger. */
        if (set_size(other) > set_size(so)) {
            Obj *t = so;
            so = other;
            other = t;
        }
        size_t pos = 0;
        Obj *key;
        intptr_t hash;
        while (set_next(other, &pos, &key, &hash)) {
            if (keep_if(L, SET(result), SET(so), key, hash, 1) < 0) {
                obj_decref(L, result);
                return NULL;
            }
        }
        return result;
    }
    Obj *it = obj_iter(L, other), *key;
    if (it == NULL) {
        obj_decref(L, result);
        return NULL;
    }
    int r = 0;
    while (r == 0 && (key = obj_next(L, it)) != NULL) {
        intptr_t hash = hash_of(L, key);
        r = hash == -1 ? -1 : keep_if(L, SET(result), SET(so), key, hash, 1);
        obj_decref(L, key);
        if (r > 0 && set_size(result) >= set_size(so))
            break;                    /* nothing more can be common */
        r = r < 0 ? -1 : 0;
    }
    obj_decref(L, it);
    if (r < 0 || err_occurred(L))
        obj_clearref(L, &result);
    return result;
}

static Obj *intersection_multi(Lang *L, Obj *so, Obj *const *others, size_t n)
{
    if (n == 0)
        return set_copy(L, so);
    Obj *result = obj_newref(so);
    for (size_t i = 0; i < n && result != NULL; i++) {
        Obj *next = intersection(L, result, others[i]);
        obj_decref(L, result);
        result = next;
    }
    return result;
}

/* so -= other, then a resize if more than a quarter of the slots are
 * dummies. */
static int difference_update_internal(Lang *L, SetObject *so, Obj *other)
{
    if (&so->ob == other) {
        set_clear(L, other);
        return 0;
    }
    if (anyset_check(L, other)) {
        obj_incref(other);
        size_t pos = 0;
        Obj *key;
        intptr_t hash;
        while (set_next(other, &pos, &key, &hash)) {
            obj_incref(key);
            int r = discard_entry(L, so, key, hash);
            obj_decref(L, key);
            if (r < 0) {
                obj_decref(L, other);
                return -1;
            }
        }
        obj_decref(L, other);
    } else {
        Obj *it = obj_iter(L, other), *key;
        if (it == NULL)
            return -1;
        int r = 0;
        while (r >= 0 && (key = obj_next(L, it)) != NULL) {
            r = discard_key(L, so, key);
            obj_decref(L, key);
        }
        obj_decref(L, it);
        if (r < 0 || err_occurred(L))
            return -1;
    }
    if ((size_t)(so->fill - so->used) <= (size_t)so->mask / 4)
        return 0;
    return table_resize(L, so, grown_size(so->used));
}

static Obj *copy_and_difference(Lang *L, Obj *so, Obj *other)
{
    Obj *result = set_copy(L, so);
    if (result != NULL && difference_update_internal(L, SET(result), other) < 0)
        obj_clearref(L, &result);
    return result;
}

static Obj *difference(Lang *L, Obj *so, Obj *other)
{
    intptr_t other_size;
    int is_dict = dict_check_exact(L, other);
    if (anyset_check(L, other))
        other_size = set_size(other);
    else if (is_dict)
        other_size = dict_size(other);
    else
        return copy_and_difference(L, so, other);
    if ((set_size(so) >> 2) > other_size)
        return copy_and_difference(L, so, other);
    Obj *result = make_new_set_basetype(L, TYPE(so), NULL);
    if (result == NULL)
        return NULL;
    size_t pos = 0;
    Obj *key;
    intptr_t hash;
    while (set_next(so, &pos, &key, &hash)) {
        int r;
        if (is_dict) {
            obj_incref(key);
            r = dict_getitem_known_hash(L, other, key, hash) != NULL;
            if (!r && err_occurred(L))
                r = -1;
            else if (!r)
                r = add_entry(L, SET(result), key, hash);
            obj_decref(L, key);
        } else {
            r = keep_if(L, SET(result), SET(other), key, hash, 0);
        }
        if (r < 0) {
            obj_decref(L, result);
            return NULL;
        }
    }
    return result;
}

static Obj *difference_multi(Lang *L, Obj *so, Obj *const *others, size_t n)
{
    if (n == 0)
        return set_copy(L, so);
    Obj *result = difference(L, so, others[0]);
    for (size_t i = 1; i < n && result != NULL; i++) {
        if (difference_update_internal(L, SET(result), others[i]) < 0)
            obj_clearref(L, &result);
    }
    return result;
}

/* Removes key if present, adds it otherwise. */
static int toggle(Lang *L, SetObject *so, Obj *key, intptr_t hash)
{
    obj_incref(key);
    int r = discard_entry(L, so, key, hash);
    if (r == 0)
        r = add_entry(L, so, key, hash);
    obj_decref(L, key);
    return r < 0 ? -1 : 0;
}

static int symmetric_difference_update(Lang *L, SetObject *so, Obj *other)
{
    if (&so->ob == other) {
        set_clear(L, other);
        return 0;
    }
    size_t pos = 0;
    Obj *key;
    if (dict_check_exact(L, other)) {
        while (dict_next(other, &pos, &key, NULL)) {
            obj_incref(key);
            intptr_t hash = hash_of(L, key);
            int r = hash == -1 ? -1 : toggle(L, so, key, hash);
            obj_decref(L, key);
            if (r < 0)
                return -1;
        }
        return 0;
    }
    Obj *otherset = anyset_check(L, other) ? obj_newref(other)
                                           : make_new_set_basetype(L, TYPE(&so->ob), other);
    if (otherset == NULL)
        return -1;
    intptr_t hash;
    int r = 0;
    while (r == 0 && set_next(otherset, &pos, &key, &hash))
        r = toggle(L, so, key, hash);
    obj_decref(L, otherset);
    return r;
}

static Obj *symmetric_difference(Lang *L, Obj *so, Obj *other)
{
    Obj *result = make_new_set_basetype(L, TYPE(so), other);
    if (result != NULL && symmetric_difference_update(L, SET(result), so) < 0)
        obj_clearref(L, &result);
    return result;
}

/* so <= other for a set or frozenset other: 0/1, -1 on error. */
static int is_subset(Lang *L, Obj *so, Obj *other)
{
    if (set_size(so) > set_size(other))
        return 0;
    size_t pos = 0;
    Obj *key;
    intptr_t hash;
    while (set_next(so, &pos, &key, &hash)) {
        obj_incref(key);
        int rv = contains_entry(L, SET(other), key, hash);
        obj_decref(L, key);
        if (rv <= 0)
            return rv;
    }
    return 1;
}

/* so >= other, other any iterable (stops at the first missing item). */
static int is_superset(Lang *L, Obj *so, Obj *other)
{
    if (anyset_check(L, other))
        return is_subset(L, other, so);
    Obj *it = obj_iter(L, other), *key;
    if (it == NULL)
        return -1;
    int rv = 1;
    while (rv == 1 && (key = obj_next(L, it)) != NULL) {
        rv = contains_key(L, SET(so), key);
        obj_decref(L, key);
    }
    obj_decref(L, it);
    return rv == 1 && err_occurred(L) ? -1 : rv;
}

static int is_disjoint(Lang *L, Obj *so, Obj *other)
{
    if (so == other)
        return set_size(so) == 0;
    if (IS_TYPE(other, L->t_set) || IS_TYPE(other, L->t_frozenset)) {
        if (set_size(other) > set_size(so)) {
            Obj *t = so;
            so = other;
            other = t;
        }
        size_t pos = 0;
        Obj *key;
        intptr_t hash;
        while (set_next(other, &pos, &key, &hash)) {
            obj_incref(key);
            int rv = contains_entry(L, SET(so), key, hash);
            obj_decref(L, key);
            if (rv != 0)
                return rv < 0 ? -1 : 0;
        }
        return 1;
    }
    Obj *it = obj_iter(L, other), *key;
    if (it == NULL)
        return -1;
    int rv = 0;
    while (rv == 0 && (key = obj_next(L, it)) != NULL) {
        rv = contains_key(L, SET(so), key);
        obj_decref(L, key);
    }
    obj_decref(L, it);
    if (rv == 0 && err_occurred(L))
        return -1;
    return rv < 0 ? -1 : !rv;
}

/* ------------------------------------------------------------------ */
/* Number slots (| & - ^ and their in-place forms)                     */
/* ------------------------------------------------------------------ */

static Obj *set_or(Lang *L, Obj *a, Obj *b)
{
    if (!anyset_check(L, a) || !anyset_check(L, b))
        return new_not_implemented(L);
    Obj *result = set_copy(L, a);
    if (result != NULL && a != b && update_internal(L, SET(result), b) < 0)
        obj_clearref(L, &result);
    return result;
}

static Obj *set_and(Lang *L, Obj *a, Obj *b)
{
    if (!anyset_check(L, a) || !anyset_check(L, b))
        return new_not_implemented(L);
    return intersection(L, a, b);
}

static Obj *set_sub(Lang *L, Obj *a, Obj *b)
{
    if (!anyset_check(L, a) || !anyset_check(L, b))
        return new_not_implemented(L);
    return difference(L, a, b);
}

static Obj *set_xor(Lang *L, Obj *a, Obj *b)
{
    if (!anyset_check(L, a) || !anyset_check(L, b))
        return new_not_implemented(L);
    return symmetric_difference(L, a, b);
}

static Obj *self_or_null(Obj *self, int r)
{
    return r < 0 ? NULL : obj_newref(self);
}

static Obj *set_ior(Lang *L, Obj *self, Obj *other)
{
    if (!anyset_check(L, other))
        return new_not_implemented(L);
    return self_or_null(self, update_internal(L, SET(self), other));
}

/* self = the new set, by exchanging contents with it. */
static Obj *swap_in(Lang *L, Obj *self, Obj *result)
{
    if (result == NULL)
        return NULL;
    swap_bodies(L, SET(self), SET(result));
    obj_decref(L, result);
    return obj_newref(self);
}

static Obj *set_iand(Lang *L, Obj *self, Obj *other)
{
    if (!anyset_check(L, other))
        return new_not_implemented(L);
    return swap_in(L, self, intersection(L, self, other));
}

static Obj *set_isub(Lang *L, Obj *self, Obj *other)
{
    if (!anyset_check(L, other))
        return new_not_implemented(L);
    return self_or_null(self, difference_update_internal(L, SET(self), other));
}

static Obj *set_ixor(Lang *L, Obj *self, Obj *other)
{
    if (!anyset_check(L, other))
        return new_not_implemented(L);
    return self_or_null(self, symmetric_difference_update(L, SET(self), other));
}

/* ------------------------------------------------------------------ */
/* Other slots                                                         */
/* ------------------------------------------------------------------ */

static Obj *set_repr(Lang *L, Obj *self)
{
    const char *name = TYPE(self)->core.name;
    int rec = repr_enter(L, self);
    if (rec != 0)
        return rec > 0 ? str_from_format(L, "%s(...)", name) : NULL;
    Obj *result = NULL, *keys = NULL, *lrepr = NULL;
    if (set_size(self) == 0) {
        result = str_from_format(L, "%s()", name);
        goto done;
    }
    if ((keys = list_from_iterable(L, self)) == NULL || (lrepr = obj_repr(L, keys)) == NULL)
        goto done;
    /* repr(list(self))[1:-1]: the brackets are one byte each. */
    StrBuilder sb;
    sb_init(L, &sb);
    int exact = IS_TYPE(self, L->t_set);
    int err = exact ? sb_append_char(&sb, '{') : sb_append_format(&sb, "%s({", name);
    if (err == 0)
        err = sb_append(&sb, str_data(lrepr) + 1, str_nbytes(lrepr) - 2);
    if (err == 0)
        err = exact ? sb_append_char(&sb, '}') : sb_append(&sb, "})", 2);
    if (err < 0)
        sb_abandon(&sb);
    else
        result = sb_finish(&sb);
done:
    obj_xdecref(L, keys);
    obj_xdecref(L, lrepr);
    repr_leave(L, self);
    return result;
}

static intptr_t set_length(Lang *L, Obj *self)
{
    (void)L;
    return set_size(self);
}

static int set_contains_slot(Lang *L, Obj *self, Obj *key)
{
    return set_contains(L, self, key);
}

static Obj *set_richcompare(Lang *L, Obj *v, Obj *w, int op)
{
    if (!anyset_check(L, w))
        return new_not_implemented(L);
    int r;
    switch (op) {
    case CMP_EQ:
    case CMP_NE:
        if (set_size(v) != set_size(w))
            r = 0;
        else if (SET(v)->hash != -1 && SET(w)->hash != -1 && SET(v)->hash != SET(w)->hash)
            r = 0;
        else
            r = is_subset(L, v, w);
        if (r >= 0 && op == CMP_NE)
            r = !r;
        break;
    case CMP_LE:
        r = is_subset(L, v, w);
        break;
    case CMP_GE:
        r = is_superset(L, v, w);
        break;
    case CMP_LT:
        r = set_size(v) < set_size(w) ? is_subset(L, v, w) : 0;
        break;
    default:
        r = set_size(v) > set_size(w) ? is_superset(L, v, w) : 0;
        break;
    }
    return r < 0 ? NULL : new_bool(L, r);
}

static uint64_t shuffle_bits(uint64_t h)
{
    return ((h ^ 89869747UL) ^ (h << 16)) * 3644798167UL;
}

/* CPython's frozenset hash: the xor of every slot's shuffled hash, with
 * the effect of empty and dummy slots taken out again, then mixed with
 * the size. Independent of insertion order; cached. */
static intptr_t frozenset_hash(Lang *L, Obj *self)
{
    (void)L;
    SetObject *so = SET(self);
    if (so->hash != -1)
        return so->hash;
    uint64_t hash = 0;
    for (SetEntry *e = so->table; e <= &so->table[so->mask]; e++)
        hash ^= shuffle_bits((uint64_t)e->hash);
    if ((so->mask + 1 - so->fill) & 1)
        hash ^= shuffle_bits(0);
    if ((so->fill - so->used) & 1)
        hash ^= shuffle_bits((uint64_t)-1);
    hash ^= ((uint64_t)so->used + 1) * 1927868237UL;
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash * 69069U + 907133923UL;
    if (hash == (uint64_t)-1)
        hash = 590923713UL;
    so->hash = (intptr_t)hash;
    return so->hash;
}

/* ------------------------------------------------------------------ */
/* Iterator                                                            */
/* ------------------------------------------------------------------ */

typedef struct SetIterObject {
    OuroObject ob;
    Obj *set;                     /* owned; NULL once exhausted */
    intptr_t used;                /* the set's size at the start (-1: broken) */
    size_t pos;
    intptr_t len;                 /* items left to produce */
} SetIterObject;

static Obj *set_iter(Lang *L, Obj *self)
{
    SetIterObject *it = (SetIterObject *)obj_alloc(L, L->t_set_iter);
    if (it == NULL)
        return NULL;
    it->set = obj_newref(self);
    it->used = set_size(self);
    it->len = it->used;
    obj_track(L, &it->ob);
    return &it->ob;
}

static int setiter_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    Obj *s = ((SetIterObject *)self)->set;
    return s ? visit(s, arg) : 0;
}

static int setiter_clear(OuroRuntime *rt, Obj *self)
{
    ouro_clearref(rt, &((SetIterObject *)self)->set);
    return 0;
}

static Obj *setiter_iter(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(self);
}

static Obj *setiter_next(Lang *L, Obj *self)
{
    SetIterObject *it = (SetIterObject *)self;
    if (it->set == NULL)
        return NULL;
    if (it->used != set_size(it->set)) {
        it->used = -1;                /* stays broken, as CPython's */
        return err_format(L, EXC_RuntimeError, "Set changed size during iteration");
    }
    Obj *key;
    if (!set_next(it->set, &it->pos, &key, NULL)) {
        obj_clearref(L, &it->set);
        return NULL;
    }
    it->len--;
    return obj_newref(key);
}

static Obj *setiter_length_hint(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)args;
    (void)nargs;
    (void)kw;
    SetIterObject *it = (SetIterObject *)self;
    intptr_t n = it->set != NULL && it->used == set_size(it->set) ? it->len : 0;
    return int_from_i64(L, n);
}

static const MethodDef setiter_methods[] = {
    {"__length_hint__", setiter_length_hint, METH_NOARGS, "Private method returning an estimate of len(list(it))."},
    {NULL, NULL, 0, NULL},
};

const TypeSpec set_iter_spec = {
    .name = "set_iterator",
    .basic_size = sizeof(SetIterObject),
    .core_flags = OURO_TYPE_GC,
    .traverse = setiter_traverse,
    .clear = setiter_clear,
    .iter = setiter_iter,
    .iternext = setiter_next,
    .methods = setiter_methods,
};

/* ------------------------------------------------------------------ */
/* Construction                                                        */
/* ------------------------------------------------------------------ */

static int no_keywords(Lang *L, const char *name, Obj *kwnames)
{
    if (kwnames != NULL && tuple_size(kwnames) > 0) {
        err_format(L, EXC_TypeError, "%s() takes no keyword arguments", name);
        return -1;
    }
    return 0;
}

static int at_most_one(Lang *L, TypeObject *type, size_t nargs)
{
    if (nargs <= 1)
        return 0;
    err_format(L, EXC_TypeError, "%s expected at most 1 argument, got %zu", type->core.name, nargs);
    return -1;
}

/* set.__new__ makes an empty set whatever the arguments: __init__
 * checks and adds them (so subclasses may take others). */
static Obj *set_tp_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return make_new_set(L, type, NULL);
}

static int set_init(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    if (no_keywords(L, "set", kwnames) < 0 || at_most_one(L, TYPE(self), nargs) < 0)
        return -1;
    if (SET(self)->fill)
        set_clear(L, self);
    SET(self)->hash = -1;
    return nargs ? update_internal(L, SET(self), args[0]) : 0;
}

static Obj *frozenset_tp_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs,
                             Obj *kwnames)
{
    if ((type == L->t_frozenset || type->init == L->t_frozenset->init) &&
        no_keywords(L, "frozenset", kwnames) < 0)
        return NULL;
    if (at_most_one(L, type, nargs) < 0)
        return NULL;
    Obj *iterable = nargs ? args[0] : NULL;
    if (type == L->t_frozenset)
        return frozenset_new(L, iterable);
    return make_new_set(L, type, iterable);
}

/* ------------------------------------------------------------------ */
/* Methods                                                             */
/* ------------------------------------------------------------------ */

#define METHOD(name) static Obj *name(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
#define UNUSED_ARGS  \
    (void)args;      \
    (void)nargs;     \
    (void)kwnames

static Obj *none_or_null(Lang *L, int r)
{
    return r < 0 ? NULL : new_none(L);
}

static Obj *bool_or_null(Lang *L, int r)
{
    return r < 0 ? NULL : new_bool(L, r);
}

METHOD(set_add_method)
{
    UNUSED_ARGS;
    return none_or_null(L, set_add(L, self, args[0]));
}

METHOD(set_clear_method)
{
    UNUSED_ARGS;
    set_clear(L, self);
    return new_none(L);
}

METHOD(set_contains_method)
{
    UNUSED_ARGS;
    return bool_or_null(L, set_contains(L, self, args[0]));
}

METHOD(set_copy_method)
{
    UNUSED_ARGS;
    return set_copy(L, self);
}

METHOD(frozenset_copy_method)
{
    UNUSED_ARGS;
    if (IS_TYPE(self, L->t_frozenset))
        return obj_newref(self);
    return set_copy(L, self);
}

METHOD(set_discard_method)
{
    UNUSED_ARGS;
    return none_or_null(L, set_discard(L, self, args[0]));
}

METHOD(set_remove_method)
{
    UNUSED_ARGS;
    int r = set_discard(L, self, args[0]);
    if (r == 0)
        return err_set_value(L, L->exc_types[EXC_KeyError], args[0]);
    return none_or_null(L, r);
}

METHOD(set_pop_method)
{
    UNUSED_ARGS;
    return set_pop(L, self);
}

METHOD(set_update_method)
{
    (void)kwnames;
    for (size_t i = 0; i < nargs; i++) {
        if (update_internal(L, SET(self), args[i]) < 0)
            return NULL;
    }
    return new_none(L);
}

METHOD(set_union)
{
    (void)kwnames;
    Obj *result = set_copy(L, self);
    for (size_t i = 0; i < nargs && result != NULL; i++) {
        if (args[i] != self && update_internal(L, SET(result), args[i]) < 0)
            obj_clearref(L, &result);
    }
    return result;
}

METHOD(set_intersection_method)
{
    (void)kwnames;
    return intersection_multi(L, self, args, nargs);
}

METHOD(set_intersection_update)
{
    (void)kwnames;
    Obj *tmp = intersection_multi(L, self, args, nargs);
    if (tmp == NULL)
        return NULL;
    swap_bodies(L, SET(self), SET(tmp));
    obj_decref(L, tmp);
    return new_none(L);
}

METHOD(set_difference_method)
{
    (void)kwnames;
    return difference_multi(L, self, args, nargs);
}

METHOD(set_difference_update)
{
    (void)kwnames;
    for (size_t i = 0; i < nargs; i++) {
        if (difference_update_internal(L, SET(self), args[i]) < 0)
            return NULL;
    }
    return new_none(L);
}

METHOD(set_symmetric_difference_method)
{
    UNUSED_ARGS;
    return symmetric_difference(L, self, args[0]);
}

METHOD(set_symmetric_difference_update)
{
    UNUSED_ARGS;
    return none_or_null(L, symmetric_difference_update(L, SET(self), args[0]));
}

METHOD(set_isdisjoint)
{
    UNUSED_ARGS;
    return bool_or_null(L, is_disjoint(L, self, args[0]));
}

/* 3.11 turns a non-set argument into a set first (consuming it all). */
METHOD(set_issubset)
{
    UNUSED_ARGS;
    if (anyset_check(L, args[0]))
        return bool_or_null(L, is_subset(L, self, args[0]));
    Obj *tmp = make_new_set(L, L->t_set, args[0]);
    if (tmp == NULL)
        return NULL;
    int r = is_subset(L, self, tmp);
    obj_decref(L, tmp);
    return bool_or_null(L, r);
}

METHOD(set_issuperset)
{
    UNUSED_ARGS;
    return bool_or_null(L, is_superset(L, self, args[0]));
}

METHOD(set_sizeof)
{
    UNUSED_ARGS;
    return int_from_size(L, TYPE(self)->core.basic_size + set_table_bytes(self));
}

#define COMMON_METHODS                                                                            \
    {"__contains__", set_contains_method, METH_O, "x.__contains__(y) <==> y in x."},               \
    {"difference", set_difference_method, 0, "Return the difference of two or more sets as a new set."}, \
    {"intersection", set_intersection_method, 0, "Return the intersection of two sets as a new set."}, \
    {"isdisjoint", set_isdisjoint, METH_O, "Return True if two sets have a null intersection."},   \
    {"issubset", set_issubset, METH_O, "Report whether another set contains this set."},          \
    {"issuperset", set_issuperset, METH_O, "Report whether this set contains another set."},      \
    {"__sizeof__", set_sizeof, METH_NOARGS, "S.__sizeof__() -> size of S in memory, in bytes"},   \
    {"symmetric_difference", set_symmetric_difference_method, METH_O, "Return the symmetric difference of two sets as a new set."}, \
    {"union", set_union, 0, "Return the union of sets as a new set."}

static const MethodDef set_methods[] = {
    {"add", set_add_method, METH_O, "Add an element to a set."},
    {"clear", set_clear_method, METH_NOARGS, "Remove all elements from this set."},
    {"copy", set_copy_method, METH_NOARGS, "Return a shallow copy of a set."},
    {"discard", set_discard_method, METH_O, "Remove an element from a set if it is a member."},
    {"difference_update", set_difference_update, 0, "Remove all elements of another set from this set."},
    {"intersection_update", set_intersection_update, 0, "Update a set with the intersection of itself and another."},
    {"pop", set_pop_method, METH_NOARGS, "Remove and return an arbitrary set element."},
    {"remove", set_remove_method, METH_O, "Remove an element from a set; it must be a member."},
    {"symmetric_difference_update", set_symmetric_difference_update, METH_O, "Update a set with the symmetric difference of itself and another."},
    {"update", set_update_method, 0, "Update a set with the union of itself and others."},
    COMMON_METHODS,
    {NULL, NULL, 0, NULL},
};

static const MethodDef frozenset_methods[] = {
    {"copy", frozenset_copy_method, METH_NOARGS, "Return a shallow copy of a set."},
    COMMON_METHODS,
    {NULL, NULL, 0, NULL},
};

static const NumberSlots set_nb = {
    .binary = {[NB_SUBTRACT] = set_sub, [NB_AND] = set_and, [NB_XOR] = set_xor, [NB_OR] = set_or},
    .inplace = {[NB_SUBTRACT] = set_isub, [NB_AND] = set_iand, [NB_XOR] = set_ixor, [NB_OR] = set_ior},
};

static const NumberSlots frozenset_nb = {
    .binary = {[NB_SUBTRACT] = set_sub, [NB_AND] = set_and, [NB_XOR] = set_xor, [NB_OR] = set_or},
};

const TypeSpec set_spec = {
    .name = "set",
    .basic_size = sizeof(SetObject),
    .core_flags = OURO_TYPE_GC | OURO_TYPE_WEAKREFABLE,
    .weaklist_offset = offsetof(SetObject, weaklist),
    .flags = TF_BASETYPE,
    .dealloc = set_dealloc,
    .traverse = set_traverse,
    .clear = set_gc_clear,
    .repr = set_repr,
    .hash = hash_not_implemented,
    .richcompare = set_richcompare,
    .iter = set_iter,
    .length = set_length,
    .contains = set_contains_slot,
    .tp_new = set_tp_new,
    .init = set_init,
    .nb = &set_nb,
    .methods = set_methods,
    .doc = "set() -> new empty set object\nset(iterable) -> new set object\n\nBuild an unordered collection of unique elements.",
};

const TypeSpec frozenset_spec = {
    .name = "frozenset",
    .basic_size = sizeof(SetObject),
    .core_flags = OURO_TYPE_GC | OURO_TYPE_WEAKREFABLE,
    .weaklist_offset = offsetof(SetObject, weaklist),
    .flags = TF_BASETYPE,
    .dealloc = set_dealloc,
    .traverse = set_traverse,
    .clear = set_gc_clear,
    .repr = set_repr,
    .hash = frozenset_hash,
    .richcompare = set_richcompare,
    .iter = set_iter,
    .length = set_length,
    .contains = set_contains_slot,
    .tp_new = frozenset_tp_new,
    .nb = &frozenset_nb,
    .methods = frozenset_methods,
    .doc = "frozenset() -> empty frozenset object\nfrozenset(iterable) -> frozenset object\n\nBuild an immutable unordered collection of unique elements.",
};
