/*
 * dictobject.c - dict: the compact insertion-ordered table, lookups that
 * survive a mutating __eq__, tracking as CPython 3.11, and the type's slots
 * and methods. Views and iterators are in dictviews.c. dictobject.h states
 * the invariants.
 *
 * Table layout (one block from the runtime's allocator):
 *   DictKeys header | indices[size] (1, 2, 4 or 8 bytes each) | entries[cap]
 * where size is a power of two >= 8 and cap = size * 2 / 3 (USABLE). An
 * index is EMPTY (-1), DUMMY (-2, a deleted entry's slot) or an entry
 * position. Probing is CPython's: i = (i*5 + perturb + 1) & mask.
 */
#include <string.h>

#include "dictobject.h"
#include "dictviews.h"
#include "exceptions.h"
#include "instance.h"
#include "intobject.h"
#include "slots.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

#define EMPTY (-1)
#define DUMMY (-2)
#define ERROR (-3)
#define LOG2_MINSIZE 3
#define PERTURB_SHIFT 5
#define INT_HASH_MODULUS (((uint64_t)1 << 61) - 1)   /* int's hash (intobject.c) */

#if defined(__GNUC__)
#define MM_NOINLINE_DICT __attribute__((noinline))
#else
#define MM_NOINLINE_DICT
#endif

static size_t usable_fraction(size_t n)
{
    return (n << 1) / 3;
}

static inline size_t keys_size(const DictKeys *k)
{
    return (size_t)1 << k->log2_size;
}

static size_t keys_bytes(const DictKeys *k)
{
    size_t n = keys_size(k);
    return sizeof(DictKeys) + (n << k->log2_index_bytes) + usable_fraction(n) * sizeof(DictEntry);
}

static inline DictEntry *entries(DictKeys *k)
{
    return dict_keys_entries(k);
}

static inline intptr_t get_index(const DictKeys *k, size_t i)
{
    switch (k->log2_index_bytes) {
    case 0:
        return ((const int8_t *)k->indices)[i];
    case 1:
        return ((const int16_t *)k->indices)[i];
    case 2:
        return ((const int32_t *)k->indices)[i];
    default:
        return ((const int64_t *)k->indices)[i];
    }
}

static inline void set_index(DictKeys *k, size_t i, intptr_t ix)
{
    switch (k->log2_index_bytes) {
    case 0:
        ((int8_t *)k->indices)[i] = (int8_t)ix;
        break;
    case 1:
        ((int16_t *)k->indices)[i] = (int16_t)ix;
        break;
    case 2:
        ((int32_t *)k->indices)[i] = (int32_t)ix;
        break;
    default:
        ((int64_t *)k->indices)[i] = (int64_t)ix;
        break;
    }
}

static DictKeys *new_keys(Lang *L, uint8_t log2_size)
{
    uint8_t lib = log2_size <= 7 ? 0 : log2_size <= 15 ? 1 : log2_size <= 31 ? 2 : 3;
    size_t n = (size_t)1 << log2_size;
    size_t bytes = sizeof(DictKeys) + (n << lib) + usable_fraction(n) * sizeof(DictEntry);
    DictKeys *k = mem_alloc(L, bytes);
    if (k == NULL)
        return NULL;
    k->log2_size = log2_size;
    k->log2_index_bytes = lib;
    k->str_only = 1;
    k->version = 0;
    k->usable = usable_fraction(n);
    k->nentries = 0;
    memset(k->indices, 0xff, n << lib);           /* every index EMPTY */
    return k;
}

static void free_keys(Lang *L, DictKeys *k)
{
    mem_free(L, k, keys_bytes(k));
}

/* ------------------------------------------------------------------ */
/* Lookup                                                              */
/* ------------------------------------------------------------------ */

/* Finds key: returns its entry position (and its index slot in *slot),
 * EMPTY when absent, ERROR when a comparison failed. A user __eq__ that
 * changes the table makes the search start again. */
static MM_NOINLINE_DICT intptr_t lookup_general(Lang *L, DictObject *d, Obj *key, intptr_t hash,
                                               size_t *slot)
{
start:;
    DictKeys *k = d->keys;
    if (k == NULL)
        return EMPTY;
    size_t mask = keys_size(k) - 1, perturb = (size_t)hash, i = (size_t)hash & mask;
    /* Exact strs and exact word-sized ints compare without a call: their
     * __eq__ cannot be overridden and runs no user code. */
    int key_is_str = str_check_exact(L, key);
    int key_is_word = !key_is_str && int_check_exact(L, key) && int_is_word(key);
    for (;;) {
        intptr_t ix = get_index(k, i);
        if (ix == EMPTY)
            return EMPTY;
        if (ix >= 0) {
            DictEntry *e = &entries(k)[ix];
            if (e->key == key) {
                *slot = i;
                return ix;
            }
            if (e->hash == hash) {
                Obj *startkey = e->key;
                if (key_is_str && str_check_exact(L, startkey)) {
                    if (str_equal(startkey, key)) {
                        *slot = i;
                        return ix;
                    }
                } else if (key_is_word && int_check_exact(L, startkey)) {
                    /* Minimal representation: equal ints have equal words. */
                    if (int_is_word(startkey) && int_word(startkey) == int_word(key)) {
                        *slot = i;
                        return ix;
                    }
                } else {
                    obj_incref(startkey);
                    int cmp = obj_richcompare_bool(L, startkey, key, CMP_EQ);
                    obj_decref(L, startkey);
                    if (cmp < 0)
                        return ERROR;
                    if (d->keys != k || e->key != startkey)
                        goto start;           /* the table changed under us */
                    if (cmp > 0) {
                        *slot = i;
                        return ix;
                    }
                }
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* lookup for any key; the common keys, an exact str or an exact int
 * that fits a machine word, take an inline loop that compares them
 * without a call, and the general one only when an entry with the same
 * hash holds a key of another type (True for 1, 1.0, a user class with a
 * matching __hash__). */
static inline intptr_t lookup(Lang *L, DictObject *d, Obj *key, intptr_t hash, size_t *slot)
{
    DictKeys *k = d->keys;
    if (k == NULL)
        return EMPTY;
    if (!int_check_exact(L, key) || !int_is_word(key))
        return lookup_general(L, d, key, hash, slot);
    int64_t v = int_word(key);
    size_t mask = keys_size(k) - 1, perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        intptr_t ix = get_index(k, i);
        if (ix == EMPTY)
            return EMPTY;
        if (ix >= 0) {
            DictEntry *e = &entries(k)[ix];
            if (e->key == key) {
                *slot = i;
                return ix;
            }
            if (e->hash == hash) {
                if (!int_check_exact(L, e->key))
                    return lookup_general(L, d, key, hash, slot);
                /* Minimal representation: equal ints have equal words. */
                if (int_is_word(e->key) && int_word(e->key) == v) {
                    *slot = i;
                    return ix;
                }
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* hash(key); exact strs and machine-word ints without a call through the
 * type (int's hash: the value modulo 2**61 - 1 keeping the sign, -1 made
 * -2, which is the value itself below the modulus). */
static inline intptr_t hash_of(Lang *L, Obj *key)
{
    if (str_check_exact(L, key))
        return str_hash(key);
    if (int_check_exact(L, key) && int_is_word(key)) {
        int64_t v = int_word(key);
        if (v > -(int64_t)INT_HASH_MODULUS && v < (int64_t)INT_HASH_MODULUS)
            return v == -1 ? -2 : (intptr_t)v;
        return int_hash_value(v);
    }
    return obj_hash(L, key);
}

Obj *dict_getitem_known_hash(Lang *L, Obj *o, Obj *key, intptr_t hash)
{
    DictObject *d = (DictObject *)o;
    size_t slot;
    intptr_t ix = lookup(L, d, key, hash, &slot);
    return ix >= 0 ? entries(d->keys)[ix].value : NULL;
}

Obj *dict_getitem_borrowed(Lang *L, Obj *d, Obj *key)
{
    intptr_t hash = hash_of(L, key);
    if (hash == -1)
        return NULL;
    return dict_getitem_known_hash(L, d, key, hash);
}

Obj *dict_getitem_str(Obj *o, Obj *key)
{
    DictKeys *k = ((DictObject *)o)->keys;
    if (k == NULL)
        return NULL;
    intptr_t hash = str_hash(key);
    size_t mask = keys_size(k) - 1, perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        intptr_t ix = get_index(k, i);
        if (ix == EMPTY)
            return NULL;
        if (ix >= 0) {
            DictEntry *e = &entries(k)[ix];
            if (e->key == key ||
                (e->hash == hash && str_check(e->key) && str_equal(e->key, key)))
                return e->value;
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

intptr_t dict_index_str(Obj *o, Obj *key)
{
    DictKeys *k = ((DictObject *)o)->keys;
    if (k == NULL)
        return -1;
    intptr_t hash = str_hash(key);
    size_t mask = keys_size(k) - 1, perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        intptr_t ix = get_index(k, i);
        if (ix == EMPTY)
            return -1;
        if (ix >= 0) {
            DictEntry *e = &entries(k)[ix];
            if (e->key == key ||
                (e->hash == hash && str_check(e->key) && str_equal(e->key, key)))
                return ix;
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

uint32_t dict_keys_version(Lang *L, Obj *o)
{
    DictKeys *k = ((DictObject *)o)->keys;
    if (k == NULL)
        return 0;
    if (k->version == 0 && L->next_keys_version != UINT32_MAX)
        k->version = ++L->next_keys_version;
    return k->version;
}

int dict_contains(Lang *L, Obj *d, Obj *key)
{
    intptr_t hash = hash_of(L, key);
    if (hash == -1)
        return -1;
    size_t slot;
    intptr_t ix = lookup(L, (DictObject *)d, key, hash, &slot);
    return ix == ERROR ? -1 : ix >= 0;
}

/* ------------------------------------------------------------------ */
/* Insertion and deletion                                              */
/* ------------------------------------------------------------------ */

/* The index slot where a new entry for hash goes (EMPTY or DUMMY). */
static inline size_t find_empty_slot(DictKeys *k, intptr_t hash)
{
    size_t mask = keys_size(k) - 1, perturb = (size_t)hash, i = (size_t)hash & mask;
    while (get_index(k, i) >= 0) {
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
    return i;
}

/* Fills the index of a fresh table (every slot EMPTY) for its entries
 * e[0..n-1], one loop per index width. */
#define BUILD_INDICES(T)                                                       \
    do {                                                                       \
        T *ix = (T *)k->indices;                                               \
        for (size_t j = 0; j < n; j++) {                                       \
            size_t perturb = (size_t)e[j].hash, i = perturb & mask;            \
            while (ix[i] != EMPTY) {                                           \
                perturb >>= PERTURB_SHIFT;                                     \
                i = (i * 5 + perturb + 1) & mask;                              \
            }                                                                  \
            ix[i] = (T)j;                                                      \
        }                                                                      \
    } while (0)

static void build_indices(DictKeys *k, const DictEntry *e, size_t n)
{
    size_t mask = keys_size(k) - 1;
    switch (k->log2_index_bytes) {
    case 0:
        BUILD_INDICES(int8_t);
        break;
    case 1:
        BUILD_INDICES(int16_t);
        break;
    case 2:
        BUILD_INDICES(int32_t);
        break;
    default:
        BUILD_INDICES(int64_t);
        break;
    }
}
#undef BUILD_INDICES

/* Rebuilds the table with room for `minused` entries: live entries keep
 * their order, deleted ones go. */
static int resize(Lang *L, DictObject *d, size_t minsize)
{
    uint8_t log2 = LOG2_MINSIZE;
    while (((size_t)1 << log2) < minsize)
        log2++;
    DictKeys *nk = new_keys(L, log2);
    if (nk == NULL)
        return -1;
    DictKeys *old = d->keys;
    if (old != NULL) {
        DictEntry *src = entries(old), *dst = entries(nk);
        size_t n = 0;
        for (size_t i = 0; i < old->nentries; i++) {
            if (src[i].key != NULL)
                dst[n++] = src[i];
        }
        nk->nentries = n;
        nk->usable -= n;
        nk->str_only = old->str_only;
        free_keys(L, old);
        build_indices(nk, dst, n);
    }
    d->keys = nk;
    return 0;
}

static void maintain_tracking(Lang *L, DictObject *d, Obj *key, Obj *value)
{
    if (!ouro_gc_is_tracked(&d->ob) && (obj_may_be_tracked(key) || obj_may_be_tracked(value)))
        ouro_gc_track(L->rt, &d->ob);
}

static int insert(Lang *L, DictObject *d, Obj *key, intptr_t hash, Obj *value)
{
    size_t slot;
    intptr_t ix = lookup(L, d, key, hash, &slot);
    if (ix == ERROR)
        return -1;
    maintain_tracking(L, d, key, value);
    if (ix >= 0) {
        DictEntry *e = &entries(d->keys)[ix];
        Obj *old = e->value;
        e->value = obj_newref(value);
        d->version++;
        obj_decref(L, old);
        return 0;
    }
    if (d->keys == NULL || d->keys->usable == 0) {
        size_t want = (size_t)d->used * 3;
        if (resize(L, d, want < 8 ? 8 : want) < 0)
            return -1;
    }
    DictKeys *k = d->keys;
    size_t n = k->nentries;
    set_index(k, find_empty_slot(k, hash), (intptr_t)n);
    entries(k)[n] = (DictEntry){hash, obj_newref(key), obj_newref(value)};
    if (!str_check_exact(L, key))
        k->str_only = 0;            /* for good: resizes keep it */
    k->version = 0;                 /* a new key: caches of this table are stale */
    k->nentries++;
    k->usable--;
    d->used++;
    d->version++;
    return 0;
}

int dict_setitem(Lang *L, Obj *d, Obj *key, Obj *value)
{
    intptr_t hash = hash_of(L, key);
    if (hash == -1)
        return -1;
    return insert(L, (DictObject *)d, key, hash, value);
}

int dict_setitem_take(Lang *L, Obj *d, Obj *key, Obj *value)
{
    int r = -1;
    if (key != NULL && value != NULL)
        r = dict_setitem(L, d, key, value);
    obj_xdecref(L, key);
    obj_xdecref(L, value);
    return r;
}

int dict_setitem_cstr(Lang *L, Obj *d, const char *key, Obj *value)
{
    Obj *k = str_intern_cstr(L, key);
    if (k == NULL)
        return -1;
    int r = dict_setitem(L, d, k, value);
    obj_decref(L, k);
    return r;
}

/* Removes entry ix found at index slot `slot`; the caller gets the key
 * and value references to release (after the dict is consistent). */
static inline void remove_entry(DictObject *d, size_t slot, intptr_t ix, Obj **key,
                                Obj **value)
{
    DictEntry *e = &entries(d->keys)[ix];
    set_index(d->keys, slot, DUMMY);
    d->keys->version = 0;           /* a key gone: caches of this table are stale */
    *key = e->key;
    *value = e->value;
    e->key = NULL;
    e->value = NULL;
    d->used--;
    d->version++;
}

int dict_pop(Lang *L, Obj *o, Obj *key, Obj **out)
{
    DictObject *d = (DictObject *)o;
    *out = NULL;
    if (d->used == 0)
        return 0;
    intptr_t hash = hash_of(L, key);
    if (hash == -1)
        return -1;
    size_t slot;
    intptr_t ix = lookup(L, d, key, hash, &slot);
    if (ix == ERROR)
        return -1;
    if (ix == EMPTY)
        return 0;
    Obj *old_key;
    remove_entry(d, slot, ix, &old_key, out);
    obj_decref(L, old_key);
    return 0;
}

int dict_delitem(Lang *L, Obj *o, Obj *key)
{
    DictObject *d = (DictObject *)o;
    intptr_t hash = hash_of(L, key);
    if (hash == -1)
        return -1;
    size_t slot;
    intptr_t ix = lookup(L, d, key, hash, &slot);
    if (ix == ERROR)
        return -1;
    if (ix == EMPTY) {
        err_set_value(L, L->exc_types[EXC_KeyError], key);
        return -1;
    }
    Obj *old_key, *old_value;
    remove_entry(d, slot, ix, &old_key, &old_value);
    obj_decref(L, old_key);
    obj_decref(L, old_value);
    return 0;
}

Obj *dict_setdefault(Lang *L, Obj *o, Obj *key, Obj *deflt)
{
    intptr_t hash = hash_of(L, key);
    if (hash == -1)
        return NULL;
    DictObject *d = (DictObject *)o;
    size_t slot;
    intptr_t ix = lookup(L, d, key, hash, &slot);
    if (ix == ERROR)
        return NULL;
    if (ix >= 0)
        return entries(d->keys)[ix].value;
    if (insert(L, d, key, hash, deflt) < 0)
        return NULL;
    return deflt;
}

int dict_next(Obj *o, size_t *pos, Obj **key, Obj **value)
{
    DictKeys *k = ((DictObject *)o)->keys;
    if (k == NULL)
        return 0;
    DictEntry *e = entries(k);
    size_t i = *pos;
    while (i < k->nentries && e[i].key == NULL)
        i++;
    if (i >= k->nentries)
        return 0;
    if (key)
        *key = e[i].key;
    if (value)
        *value = e[i].value;
    *pos = i + 1;
    return 1;
}

/* Releases a detached table's keys and values in insertion order. */
static void release_keys(Lang *L, DictKeys *k)
{
    if (k == NULL)
        return;
    DictEntry *e = entries(k);
    for (size_t i = 0; i < k->nentries; i++) {
        if (e[i].key != NULL) {
            obj_decref(L, e[i].key);
            obj_decref(L, e[i].value);
        }
    }
    free_keys(L, k);
}

void dict_clear(Lang *L, Obj *o)
{
    DictObject *d = (DictObject *)o;
    DictKeys *k = d->keys;
    d->keys = NULL;
    d->used = 0;
    d->version++;
    release_keys(L, k);
}

size_t dict_table_bytes(const Obj *o)
{
    DictKeys *k = ((const DictObject *)o)->keys;
    return k ? keys_bytes(k) : 0;
}

/* ------------------------------------------------------------------ */
/* Creation, copy, update                                              */
/* ------------------------------------------------------------------ */

Obj *dict_new(Lang *L)
{
    return obj_alloc(L, L->t_dict);
}

int dict_merge(Lang *L, Obj *a, Obj *b, int override)
{
    DictObject *src = (DictObject *)b;
    if (a == b || src->used == 0)
        return 0;
    DictObject *dst = (DictObject *)a;
    if (dst->keys == NULL || dst->keys->usable < (size_t)src->used) {
        size_t want = (size_t)(dst->used + src->used) * 3 / 2 + 1;
        if (resize(L, dst, want < 8 ? 8 : want) < 0)
            return -1;
    }
    /* Entries are read afresh each round: __eq__ may change b. */
    for (size_t i = 0; src->keys != NULL && i < src->keys->nentries; i++) {
        DictEntry *e = &entries(src->keys)[i];
        if (e->key == NULL)
            continue;
        Obj *key = obj_newref(e->key), *value = obj_newref(e->value);
        intptr_t hash = e->hash;
        int r = 0;
        if (override) {
            r = insert(L, dst, key, hash, value);
        } else {
            size_t slot;
            intptr_t ix = lookup(L, dst, key, hash, &slot);
            r = ix == ERROR ? -1 : ix == EMPTY ? insert(L, dst, key, hash, value) : 0;
        }
        obj_decref(L, key);
        obj_decref(L, value);
        if (r < 0)
            return -1;
    }
    return 0;
}

Obj *dict_copy(Lang *L, Obj *o)
{
    Obj *c = dict_new(L);
    if (c == NULL)
        return NULL;
    if (dict_merge(L, c, o, 1) < 0) {
        obj_decref(L, c);
        return NULL;
    }
    return c;
}

/* Adds the pairs of an iterable of 2-sequences. */
static int merge_from_seq2(Lang *L, Obj *d, Obj *seq)
{
    Obj *it = obj_iter(L, seq);
    if (it == NULL)
        return -1;
    Obj *item;
    size_t i = 0;
    int r = 0;
    while (r == 0 && (item = obj_next(L, it)) != NULL) {
        Obj *pair = tuple_from_iterable(L, item);
        if (pair == NULL) {
            if (err_matches(L, EXC_TypeError))
                err_format(L, EXC_TypeError,
                           "cannot convert dictionary update sequence element #%zu to a sequence", i);
            r = -1;
        } else if (tuple_size(pair) != 2) {
            err_format(L, EXC_ValueError,
                       "dictionary update sequence element #%zu has length %zu; 2 is required", i,
                       tuple_size(pair));
            r = -1;
        } else {
            r = dict_setitem(L, d, tuple_get_borrowed(pair, 0), tuple_get_borrowed(pair, 1));
        }
        obj_xdecref(L, pair);
        obj_decref(L, item);
        i++;
    }
    obj_decref(L, it);
    return r < 0 || err_occurred(L) ? -1 : 0;
}

/* Adds other's items, for other a mapping with keys() and __getitem__. */
static int merge_from_mapping(Lang *L, Obj *d, Obj *other)
{
    Obj *keys = obj_call_method_str(L, other, "keys", NULL, 0);
    if (keys == NULL)
        return -1;
    Obj *it = obj_iter(L, keys);
    obj_decref(L, keys);
    if (it == NULL)
        return -1;
    Obj *key;
    int r = 0;
    while (r == 0 && (key = obj_next(L, it)) != NULL) {
        Obj *value = obj_getitem(L, other, key);
        r = value ? dict_setitem(L, d, key, value) : -1;
        obj_xdecref(L, value);
        obj_decref(L, key);
    }
    obj_decref(L, it);
    return r < 0 || err_occurred(L) ? -1 : 0;
}

int dict_update(Lang *L, Obj *d, Obj *other)
{
    if (dict_check(other) && TYPE(other)->iter == L->t_dict->iter)
        return dict_merge(L, d, other, 1);
    int has_keys = obj_hasattr(L, other, ID(L, keys));
    if (has_keys < 0)
        return -1;
    return has_keys ? merge_from_mapping(L, d, other) : merge_from_seq2(L, d, other);
}

Obj *dict_keys_tuple(Lang *L, Obj *o)
{
    DictObject *d = (DictObject *)o;
    Obj *t = tuple_new(L, (size_t)d->used);
    if (t == NULL)
        return NULL;
    size_t pos = 0, i = 0;
    Obj *key;
    while (dict_next(o, &pos, &key, NULL))
        tuple_init_take(t, i++, obj_newref(key));
    return t;
}

/* ------------------------------------------------------------------ */
/* Lifecycle                                                           */
/* ------------------------------------------------------------------ */

/* As CPython 3.11's: the values only in a table of exact str keys (a str
 * cannot be part of a cycle), else each value and then its key. What
 * gc.get_referents and gc.get_referrers report follows. */
static int dict_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    DictKeys *k = ((DictObject *)self)->keys;
    if (k == NULL)
        return 0;
    DictEntry *e = entries(k);
    for (size_t i = 0; i < k->nentries; i++) {
        if (e[i].key == NULL)
            continue;
        int r = visit(e[i].value, arg);
        if (r == 0 && !k->str_only)
            r = visit(e[i].key, arg);
        if (r)
            return r;
    }
    return 0;
}

static int dict_gc_clear(OuroRuntime *rt, Obj *self)
{
    (void)rt;
    dict_clear(LANG_OF(self), self);
    return 0;
}

static void dict_dealloc(OuroRuntime *rt, Obj *self)
{
    (void)rt;
    DictObject *d = (DictObject *)self;
    DictKeys *k = d->keys;
    d->keys = NULL;
    d->used = 0;
    release_keys(LANG_OF(self), k);
}

/* ------------------------------------------------------------------ */
/* Slots                                                               */
/* ------------------------------------------------------------------ */

static Obj *dict_repr(Lang *L, Obj *self)
{
    DictObject *d = (DictObject *)self;
    int rec = repr_enter(L, self);
    if (rec != 0)
        return rec > 0 ? str_from_cstr(L, "{...}") : NULL;
    if (d->used == 0) {
        repr_leave(L, self);
        return str_from_cstr(L, "{}");
    }
    StrBuilder sb;
    sb_init(L, &sb);
    int err = sb_append_char(&sb, '{');
    int first = 1;
    /* Entries are re-read each round: a __repr__ may change the dict. */
    for (size_t i = 0; err == 0 && d->keys != NULL && i < d->keys->nentries; i++) {
        DictEntry *e = &entries(d->keys)[i];
        if (e->key == NULL)
            continue;
        Obj *key = obj_newref(e->key), *value = obj_newref(e->value);
        if (!first)
            err = sb_append(&sb, ", ", 2);
        first = 0;
        if (err == 0)
            err = sb_append_repr(&sb, key);
        if (err == 0)
            err = sb_append(&sb, ": ", 2);
        if (err == 0)
            err = sb_append_repr(&sb, value);
        obj_decref(L, key);
        obj_decref(L, value);
    }
    if (err == 0)
        err = sb_append_char(&sb, '}');
    repr_leave(L, self);
    if (err < 0) {
        sb_abandon(&sb);
        return NULL;
    }
    return sb_finish(&sb);
}

static intptr_t dict_length(Lang *L, Obj *self)
{
    (void)L;
    return ((DictObject *)self)->used;
}

static Obj *dict_subscript(Lang *L, Obj *self, Obj *key)
{
    intptr_t hash = hash_of(L, key);
    if (hash == -1)
        return NULL;
    Obj *v = dict_getitem_known_hash(L, self, key, hash);
    if (v != NULL)
        return obj_newref(v);
    if (err_occurred(L))
        return NULL;
    if (!dict_check_exact(L, self)) {
        /* Subclasses may define __missing__. */
        Obj *args[2] = {self, key};
        int found;
        Obj *r = call_special(L, ID(L, __missing__), args, 2, &found);
        if (found)
            return r;
    }
    return err_set_value(L, L->exc_types[EXC_KeyError], key);
}

static int dict_ass_subscript(Lang *L, Obj *self, Obj *key, Obj *value)
{
    if (value == NULL)
        return dict_delitem(L, self, key);
    return dict_setitem(L, self, key, value);
}

static int dict_contains_slot(Lang *L, Obj *self, Obj *key)
{
    return dict_contains(L, self, key);
}

/* d == other: same length and equal values for every key of d. */
static int dict_equal(Lang *L, DictObject *a, DictObject *b)
{
    if (a->used != b->used)
        return 0;
    for (size_t i = 0; a->keys != NULL && i < a->keys->nentries; i++) {
        DictEntry *e = &entries(a->keys)[i];
        if (e->key == NULL)
            continue;
        Obj *key = obj_newref(e->key), *aval = obj_newref(e->value);
        intptr_t hash = e->hash;
        size_t slot;
        intptr_t ix = lookup(L, b, key, hash, &slot);
        int cmp;
        if (ix == ERROR) {
            cmp = -1;
        } else if (ix == EMPTY) {
            cmp = 0;
        } else {
            Obj *bval = obj_newref(entries(b->keys)[ix].value);
            cmp = obj_richcompare_bool(L, aval, bval, CMP_EQ);
            obj_decref(L, bval);
        }
        obj_decref(L, key);
        obj_decref(L, aval);
        if (cmp <= 0)
            return cmp;
    }
    return 1;
}

static Obj *dict_richcompare(Lang *L, Obj *a, Obj *b, int op)
{
    if (!dict_check(b) || (op != CMP_EQ && op != CMP_NE))
        return new_not_implemented(L);
    int eq = dict_equal(L, (DictObject *)a, (DictObject *)b);
    if (eq < 0)
        return NULL;
    return new_bool(L, op == CMP_EQ ? eq : !eq);
}

/* dict(...) and dict.update(...): one optional positional argument, then
 * keyword arguments. */
static int update_common(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames,
                         const char *fname)
{
    if (nargs > 1) {
        err_format(L, EXC_TypeError, "%s expected at most 1 argument, got %zu", fname, nargs);
        return -1;
    }
    if (nargs == 1 && dict_update(L, self, args[0]) < 0)
        return -1;
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    for (size_t i = 0; i < nkw; i++) {
        if (dict_setitem(L, self, tuple_get_borrowed(kwnames, i), args[nargs + i]) < 0)
            return -1;
    }
    return 0;
}

static Obj *dict_tp_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    if (type == L->t_dict)
        return dict_new(L);
    return instance_alloc(L, type, 0);
}

static int dict_init(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    return update_common(L, self, args, nargs, kwnames, "dict");
}

/* ------------------------------------------------------------------ */
/* Methods                                                             */
/* ------------------------------------------------------------------ */

#define METHOD(name) static Obj *name(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)

static int check_nargs(Lang *L, const char *name, size_t nargs, size_t min, size_t max)
{
    if (nargs >= min && nargs <= max)
        return 0;
    if (min == max)
        err_format(L, EXC_TypeError, "%s expected %zu argument%s, got %zu", name, min,
                   min == 1 ? "" : "s", nargs);
    else if (nargs < min)
        err_format(L, EXC_TypeError, "%s expected at least %zu argument%s, got %zu", name, min,
                   min == 1 ? "" : "s", nargs);
    else
        err_format(L, EXC_TypeError, "%s expected at most %zu argument%s, got %zu", name, max,
                   max == 1 ? "" : "s", nargs);
    return -1;
}

METHOD(dict_get)
{
    (void)kwnames;
    if (check_nargs(L, "get", nargs, 1, 2) < 0)
        return NULL;
    Obj *v = dict_getitem_borrowed(L, self, args[0]);
    if (v == NULL && err_occurred(L))
        return NULL;
    return obj_newref(v ? v : nargs == 2 ? args[1] : L->none);
}

METHOD(dict_setdefault_method)
{
    (void)kwnames;
    if (check_nargs(L, "setdefault", nargs, 1, 2) < 0)
        return NULL;
    Obj *v = dict_setdefault(L, self, args[0], nargs == 2 ? args[1] : L->none);
    return obj_xnewref(v);
}

METHOD(dict_pop_method)
{
    (void)kwnames;
    if (check_nargs(L, "pop", nargs, 1, 2) < 0)
        return NULL;
    Obj *v;
    if (dict_pop(L, self, args[0], &v) < 0)
        return NULL;
    if (v != NULL)
        return v;
    if (nargs == 2)
        return obj_newref(args[1]);
    return err_set_value(L, L->exc_types[EXC_KeyError], args[0]);
}

METHOD(dict_popitem)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    DictObject *d = (DictObject *)self;
    if (d->used == 0)
        return err_format(L, EXC_KeyError, "popitem(): dictionary is empty");
    DictKeys *k = d->keys;
    size_t i = k->nentries;
    while (entries(k)[i - 1].key == NULL)
        i--;
    DictEntry *e = &entries(k)[i - 1];
    Obj *pair = tuple_new(L, 2);
    if (pair == NULL)
        return NULL;
    /* The last entry goes (LIFO), and its slot becomes free again. */
    size_t mask = keys_size(k) - 1, perturb = (size_t)e->hash, slot = (size_t)e->hash & mask;
    while (get_index(k, slot) != (intptr_t)(i - 1)) {
        perturb >>= PERTURB_SHIFT;
        slot = (slot * 5 + perturb + 1) & mask;
    }
    Obj *key, *value;
    remove_entry(d, slot, (intptr_t)(i - 1), &key, &value);
    k->nentries = i - 1;
    k->usable++;
    tuple_init_take(pair, 0, key);
    tuple_init_take(pair, 1, value);
    return pair;
}

METHOD(dict_update_method)
{
    if (update_common(L, self, args, nargs, kwnames, "update") < 0)
        return NULL;
    return new_none(L);
}

METHOD(dict_copy_method)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return dict_copy(L, self);
}

METHOD(dict_clear_method)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    dict_clear(L, self);
    return new_none(L);
}

METHOD(dict_fromkeys)
{
    (void)kwnames;
    if (check_nargs(L, "fromkeys", nargs, 1, 2) < 0)
        return NULL;
    Obj *value = nargs == 2 ? args[1] : L->none;
    Obj *d = obj_call0(L, self);
    if (d == NULL)
        return NULL;
    Obj *it = obj_iter(L, args[0]);
    if (it == NULL) {
        obj_decref(L, d);
        return NULL;
    }
    Obj *key;
    int r = 0;
    while (r == 0 && (key = obj_next(L, it)) != NULL) {
        r = obj_setitem(L, d, key, value);
        obj_decref(L, key);
    }
    obj_decref(L, it);
    if (r < 0 || err_occurred(L)) {
        obj_decref(L, d);
        return NULL;
    }
    return d;
}

METHOD(dict_contains_method)
{
    (void)nargs;
    (void)kwnames;
    int r = dict_contains(L, self, args[0]);
    return r < 0 ? NULL : new_bool(L, r);
}

METHOD(dict_getitem_method)
{
    (void)nargs;
    (void)kwnames;
    return dict_subscript(L, self, args[0]);
}

METHOD(dict_sizeof)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return int_from_size(L, TYPE(self)->core.basic_size + dict_table_bytes(self));
}

METHOD(dict_keys_method)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return dictview_new(L, self, DICT_KEYS);
}

METHOD(dict_values_method)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return dictview_new(L, self, DICT_VALUES);
}

METHOD(dict_items_method)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return dictview_new(L, self, DICT_ITEMS);
}

static Obj *dict_iter(Lang *L, Obj *self)
{
    return dictiter_new(L, self, DICT_KEYS);
}

static const MethodDef dict_methods[] = {
    {"__contains__", dict_contains_method, METH_O, "True if the dictionary has the specified key, else False."},
    {"__getitem__", dict_getitem_method, METH_O, "x.__getitem__(y) <==> x[y]"},
    {"__sizeof__", dict_sizeof, METH_NOARGS, "D.__sizeof__() -> size of D in memory, in bytes"},
    {"get", dict_get, 0, "Return the value for key if key is in the dictionary, else default."},
    {"setdefault", dict_setdefault_method, 0, "Insert key with a value of default if key is not in the dictionary."},
    {"pop", dict_pop_method, 0, "D.pop(k[,d]) -> v, remove specified key and return the corresponding value."},
    {"popitem", dict_popitem, METH_NOARGS, "Remove and return a (key, value) pair as a 2-tuple."},
    {"keys", dict_keys_method, METH_NOARGS, "D.keys() -> a set-like object providing a view on D's keys"},
    {"items", dict_items_method, METH_NOARGS, "D.items() -> a set-like object providing a view on D's items"},
    {"values", dict_values_method, METH_NOARGS, "D.values() -> an object providing a view on D's values"},
    {"update", dict_update_method, METH_KEYWORDS, "D.update([E, ]**F) -> None.  Update D from dict/iterable E and F."},
    {"fromkeys", dict_fromkeys, METH_CLASS, "Create a new dictionary with keys from iterable and values set to value."},
    {"clear", dict_clear_method, METH_NOARGS, "D.clear() -> None.  Remove all items from D."},
    {"copy", dict_copy_method, METH_NOARGS, "D.copy() -> a shallow copy of D"},
    {NULL, NULL, 0, NULL},
};

const TypeSpec dict_spec = {
    .name = "dict",
    .basic_size = sizeof(DictObject),
    .core_flags = OURO_TYPE_GC | OURO_TYPE_UNTRACK_FULL,
    .flags = TF_BASETYPE | TF_DICT_SUBCLASS,
    .dealloc = dict_dealloc,
    .traverse = dict_traverse,
    .clear = dict_gc_clear,
    .repr = dict_repr,
    .hash = hash_not_implemented,
    .richcompare = dict_richcompare,
    .iter = dict_iter,
    .length = dict_length,
    .subscript = dict_subscript,
    .ass_subscript = dict_ass_subscript,
    .contains = dict_contains_slot,
    .tp_new = dict_tp_new,
    .init = dict_init,
    .methods = dict_methods,
    .doc = "dict() -> new empty dictionary",
};
