/*
 * strintern.c - the interned strings of a Lang.
 *
 * An open-addressing set (linear probing) of borrowed pointers to str
 * objects, keyed by their contents. The set does not own its strings: an
 * interned string that dies removes itself (str_dealloc calls
 * intern_remove), so interning is mortal as in CPython 3.11 and the table
 * never keeps a string alive. Invariants: size is 0 or a power of two;
 * used + deleted == filled < size; a string is in the table exactly when
 * its STR_INTERNED flag is set.
 */
#include <string.h>

#include "strobject.h"

/* The marker of a deleted slot: any address no str can have. */
static const char dummy_marker;
#define DUMMY ((Obj *)(uintptr_t)&dummy_marker)

/* The slot holding a string equal to s, or the first free one for it. */
static size_t probe(InternTable *t, Obj *s, intptr_t h)
{
    size_t mask = t->size - 1, i = (size_t)h & mask;
    size_t first_dummy = SIZE_MAX;
    for (;;) {
        Obj *e = t->slots[i];
        if (e == NULL)
            return first_dummy != SIZE_MAX ? first_dummy : i;
        if (e == DUMMY) {
            if (first_dummy == SIZE_MAX)
                first_dummy = i;
        } else if (e == s || (str_hash(e) == h && str_equal(e, s))) {
            return i;
        }
        i = (i + 1) & mask;
    }
}

static int resize(Lang *L, InternTable *t)
{
    size_t size = 64;
    while (size < (t->used + 1) * 4)
        size *= 2;
    Obj **slots = mem_alloc(L, size * sizeof(Obj *));
    if (slots == NULL)
        return -1;
    memset(slots, 0, size * sizeof(Obj *));
    Obj **old = t->slots;
    size_t old_size = t->size;
    t->slots = slots;
    t->size = size;
    t->filled = t->used;
    for (size_t i = 0; i < old_size; i++) {
        Obj *e = old[i];
        if (e != NULL && e != DUMMY) {
            size_t j = (size_t)str_hash(e) & (size - 1);
            while (slots[j] != NULL)
                j = (j + 1) & (size - 1);
            slots[j] = e;
        }
    }
    if (old != NULL)
        mem_free(L, old, old_size * sizeof(Obj *));
    return 0;
}

Obj *str_find_interned(Lang *L, Obj *s)
{
    InternTable *t = &L->interned;
    if (str_is_interned(s))
        return s;
    if (t->size == 0)
        return NULL;
    Obj *e = t->slots[probe(t, s, str_hash(s))];
    return (e == NULL || e == DUMMY) ? NULL : e;
}

Obj *str_intern_take(Lang *L, Obj *s)
{
    InternTable *t = &L->interned;
    if (str_is_interned(s))
        return s;
    if ((t->filled + 1) * 3 >= t->size * 2 && resize(L, t) < 0) {
        obj_decref(L, s);
        return NULL;
    }
    size_t i = probe(t, s, str_hash(s));
    Obj *e = t->slots[i];
    if (e != NULL && e != DUMMY) {
        obj_incref(e);
        obj_decref(L, s);
        return e;
    }
    if (e == NULL)
        t->filled++;
    t->slots[i] = s;
    t->used++;
    ((StrObject *)s)->state |= STR_INTERNED;
    return s;
}

Obj *str_intern_cstr(Lang *L, const char *cs)
{
    Obj *s = str_from_cstr(L, cs);
    if (s == NULL)
        return NULL;
    return str_intern_take(L, s);
}

/* Called by str_dealloc for an interned string. */
void intern_remove(Lang *L, Obj *s)
{
    InternTable *t = &L->interned;
    if (t->size == 0)
        return;
    size_t mask = t->size - 1, i = (size_t)str_hash(s) & mask;
    while (t->slots[i] != NULL) {
        if (t->slots[i] == s) {
            t->slots[i] = DUMMY;
            t->used--;
            return;
        }
        i = (i + 1) & mask;
    }
}

void str_intern_table_free(Lang *L)
{
    InternTable *t = &L->interned;
    for (size_t i = 0; i < t->size; i++) {
        Obj *e = t->slots[i];
        if (e != NULL && e != DUMMY)
            ((StrObject *)e)->state &= (uint8_t)~STR_INTERNED;
    }
    if (t->slots != NULL)
        mem_free(L, t->slots, t->size * sizeof(Obj *));
    memset(t, 0, sizeof *t);
}
