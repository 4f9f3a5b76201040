/*
 * dictobject.h - dict: an insertion-ordered hash table (CPython's compact
 * layout: a sparse index array over a dense array of entries).
 *
 * Invariants of a DictObject:
 *   - keys is NULL (no storage yet) or a table whose entries[0..nentries-1]
 *     are in insertion order; a deleted entry has key NULL; `used` counts
 *     the live entries;
 *   - every index slot is EMPTY, DUMMY (deleted) or the position of an
 *     entry whose hash maps to a probe sequence through that slot;
 *   - a live entry owns its key and value;
 *   - the dict is created untracked and tracked as soon as a key or value
 *     that may be tracked is stored (obj_may_be_tracked); only a full
 *     collection untracks it again (OURO_TYPE_UNTRACK_FULL);
 *   - `version` changes on every mutation (iterators and lookups compare it).
 * Lookups that call a user __eq__ restart when the table changed under
 * them, so a mutating __eq__ never makes them read freed entries.
 * Deallocation releases each key then its value, in insertion order.
 */
#ifndef OURO_OBJECTS_DICTOBJECT_H
#define OURO_OBJECTS_DICTOBJECT_H

#include "object.h"

typedef struct DictEntry {
    intptr_t hash;
    Obj *key;                     /* NULL: deleted */
    Obj *value;                   /* never NULL in a live entry */
} DictEntry;

/* The table (dictobject.c draws its layout). `version` is 0 or a tag
 * unique in the Lang (dict_keys_version); adding or removing a key, or
 * replacing the table, leaves a table whose version is 0, so a cache
 * holding (version, entry index) stays valid exactly while the version
 * matches: the entry still holds the same key, its value read afresh.
 * A table belongs to one dict. */
typedef struct DictKeys {
    uint8_t log2_size;
    uint8_t log2_index_bytes;
    uint8_t str_only;             /* every key this table and those it was
                                   * resized from held was an exact str
                                   * (CPython's DICT_KEYS_UNICODE): the
                                   * traverse skips the keys */
    uint32_t version;             /* 0: no tag */
    size_t usable;                /* insertions left before a resize */
    size_t nentries;              /* entries used, deleted ones included */
    char indices[];               /* then the entries */
} DictKeys;

static inline DictEntry *dict_keys_entries(DictKeys *k)
{
    return (DictEntry *)(k->indices + (((size_t)1 << k->log2_size) << k->log2_index_bytes));
}

typedef struct DictObject {
    OuroObject ob;
    intptr_t used;                /* live entries */
    uint64_t version;             /* bumped by every change */
    DictKeys *keys;               /* NULL while empty and never filled */
} DictObject;

static inline int dict_check(const Obj *o)
{
    return TYPE_HAS(TYPE(o), TF_DICT_SUBCLASS);
}
static inline int dict_check_exact(Lang *L, const Obj *o)
{
    return IS_TYPE(o, L->t_dict);
}
static inline intptr_t dict_size(const Obj *d) { return ((const DictObject *)d)->used; }

/* A new empty dict (untracked). New reference or NULL with MemoryError. */
Obj *dict_new(Lang *L);

/* The value for key, borrowed (valid until the dict changes or code runs),
 * or NULL: with an exception set when hashing or comparing failed, without
 * one when the key is absent. */
Obj *dict_getitem_borrowed(Lang *L, Obj *d, Obj *key);
/* As dict_getitem_borrowed for a key whose hash is known. */
Obj *dict_getitem_known_hash(Lang *L, Obj *d, Obj *key, intptr_t hash);
/* For a str key: never runs user code, never fails (str keys of other
 * types in the dict are compared by contents). Borrowed or NULL. */
Obj *dict_getitem_str(Obj *d, Obj *key);
/* The entry position of a str key (as dict_getitem_str), or -1. */
intptr_t dict_index_str(Obj *d, Obj *key);
/* The version tag of d's table, assigned on first request: 0 when d has
 * no table or the tags ran out (then nothing may be cached). */
uint32_t dict_keys_version(Lang *L, Obj *d);
/* The value of entry ix of d when its table still has version v (v != 0),
 * borrowed; else NULL. For the eval loop's caches. */
static inline Obj *dict_cached_value(Obj *d, uint32_t v, uint32_t ix)
{
    DictKeys *k = ((DictObject *)d)->keys;
    if (k == NULL || k->version != v)
        return NULL;
    return dict_keys_entries(k)[ix].value;
}

/* d[key] = value; key and value borrowed (the dict takes references).
 * 0, or -1 with an exception (unhashable key, MemoryError, __eq__ error). */
int dict_setitem(Lang *L, Obj *d, Obj *key, Obj *value);
/* As dict_setitem, taking over the references to key and value even on
 * failure. */
int dict_setitem_take(Lang *L, Obj *d, Obj *key, Obj *value);
int dict_setitem_cstr(Lang *L, Obj *d, const char *key, Obj *value);
/* del d[key]: 0, or -1 with KeyError(key) when absent. */
int dict_delitem(Lang *L, Obj *d, Obj *key);
/* Removes key if present: *out gets the value (new reference) or NULL.
 * 0 (found or not), -1 on error. */
int dict_pop(Lang *L, Obj *d, Obj *key, Obj **out);
/* key in d: 0/1, -1 on error. */
int dict_contains(Lang *L, Obj *d, Obj *key);
/* d.setdefault(key, deflt): borrowed result, or NULL with an exception. */
Obj *dict_setdefault(Lang *L, Obj *d, Obj *key, Obj *deflt);
/* Iteration in insertion order: start with *pos = 0; returns 1 and the
 * next key and value (borrowed, valid until the dict changes or code
 * runs; either out pointer may be NULL), or 0 at the end. The dict must
 * not change during the walk. */
int dict_next(Obj *d, size_t *pos, Obj **key, Obj **value);
/* Removes every item (values released in insertion order). */
void dict_clear(Lang *L, Obj *d);
/* A shallow copy (an exact dict), new reference. */
Obj *dict_copy(Lang *L, Obj *d);
/* d.update(other) for other a dict (fast) or any mapping with keys(). */
int dict_update(Lang *L, Obj *d, Obj *other);
/* d.update(other) for other a dict only, no user code except __eq__/__hash__. */
int dict_merge(Lang *L, Obj *d, Obj *other, int override);
/* New tuples/lists are not this layer's: the keys as a new tuple. */
Obj *dict_keys_tuple(Lang *L, Obj *d);

/* Bytes used by the table (sys.getsizeof's part beyond the object). */
size_t dict_table_bytes(const Obj *d);

struct TypeSpec;
extern const struct TypeSpec dict_spec;

#endif
