/*
 * listobject.c - list (listobject.h states the invariants): capacity
 * management as CPython 3.11's list_resize, creation and list(iterable),
 * the collector's slots, slice assignment and deletion with removed items
 * released back to front, sorting around listsort.c with the "list
 * modified during sort" check, comparison and repr, the methods, and the
 * two iterators.
 *
 * Every path that calls user code (comparisons, key functions, repr,
 * iteration, releasing an item) re-reads size and items afterwards and
 * holds its own references to the items it is working on: such code may
 * change or empty the list.
 */
#include <string.h>

#include "listobject.h"
#include "exceptions.h"
#include "instance.h"
#include "intobject.h"
#include "sliceobject.h"
#include "slots.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

static inline ListObject *LIST(Obj *o) { return (ListObject *)o; }

/* ------------------------------------------------------------------ */
/* Capacity                                                            */
/* ------------------------------------------------------------------ */

static size_t array_bytes(intptr_t allocated)
{
    return allocated > 0 ? (size_t)allocated * sizeof(Obj *) : 0;
}

size_t list_array_bytes(const Obj *o)
{
    return array_bytes(((const ListObject *)o)->allocated);
}

/* Replaces the item array by one of exactly `slots` slots, keeping the
 * first min(size, slots) items. 0, or -1 with MemoryError (list intact).
 * With quiet set (the caller is dropping items, not adding any), a
 * failure keeps the old array, which is big enough, and is no error. */
static int set_capacity(Lang *L, ListObject *l, size_t slots, int quiet)
{
    size_t old_bytes = l->items ? array_bytes(l->allocated) : 0;
    if (slots > (size_t)INTPTR_MAX / sizeof(Obj *)) {
        if (quiet)
            return 0;
        err_no_memory(L);
        return -1;
    }
    size_t new_bytes = slots * sizeof(Obj *);
    Obj **items = NULL;
    if (new_bytes == 0) {
        if (l->items != NULL)
            mem_free(L, l->items, old_bytes);
    } else if (new_bytes == old_bytes) {
        items = l->items;
    } else if (quiet) {
        items = l->items ? ouro_mem_realloc(L->rt, l->items, old_bytes, new_bytes)
                         : ouro_mem_alloc(L->rt, new_bytes);
        if (items == NULL)
            return 0;
    } else {
        items = l->items ? mem_realloc(L, l->items, old_bytes, new_bytes) : mem_alloc(L, new_bytes);
        if (items == NULL)
            return -1;
    }
    l->items = items;
    l->allocated = (intptr_t)slots;
    return 0;
}

/* Sets the size to newsize, reallocating as CPython 3.11's list_resize:
 * in place while allocated/2 <= newsize <= allocated, else to
 * newsize + newsize/8 + 6 rounded down to a multiple of 4 (or newsize
 * rounded up to 4 when the growth is big). New slots are not
 * initialised. 0, or -1 with MemoryError (size unchanged); never fails
 * when newsize <= size. */
static int list_resize(Lang *L, ListObject *l, intptr_t newsize)
{
    intptr_t allocated = l->allocated;
    if (allocated >= newsize && newsize >= (allocated >> 1)) {
        l->size = newsize;
        return 0;
    }
    size_t n = (size_t)newsize;
    size_t new_allocated = (n + (n >> 3) + 6) & ~(size_t)3;
    if (newsize - l->size > (intptr_t)(new_allocated - n))
        new_allocated = (n + 3) & ~(size_t)3;
    if (newsize == 0)
        new_allocated = 0;
    if (set_capacity(L, l, new_allocated, newsize <= l->size) < 0)
        return -1;
    l->size = newsize;
    return 0;
}

void list_shrink(Lang *L, Obj *o, intptr_t newsize)
{
    assert(newsize <= LIST(o)->size);
    list_resize(L, LIST(o), newsize);      /* a shrink: never fails */
}

/* Room for exactly n items (rounded up to even, as CPython 3.11.7's
 * list_preallocate_exact) in a list without an array. */
static int preallocate_exact(Lang *L, ListObject *l, size_t n)
{
    return set_capacity(L, l, (n + 1) & ~(size_t)1, 0);
}

/* ------------------------------------------------------------------ */
/* Creation                                                            */
/* ------------------------------------------------------------------ */

/* An empty exact list with room for exactly n items, not yet tracked. */
static ListObject *new_untracked(Lang *L, size_t n)
{
    ListObject *l = (ListObject *)obj_alloc(L, L->t_list);
    if (l == NULL)
        return NULL;
    if (n > 0 && set_capacity(L, l, n, 0) < 0) {
        obj_decref(L, &l->ob);
        return NULL;
    }
    if (n > 0)
        memset(l->items, 0, n * sizeof(Obj *));
    return l;
}

Obj *list_new(Lang *L, size_t n)
{
    ListObject *l = new_untracked(L, n);
    if (l == NULL)
        return NULL;
    l->size = (intptr_t)n;
    obj_track(L, &l->ob);
    return &l->ob;
}

Obj *list_from_array(Lang *L, Obj *const *items, size_t n)
{
    Obj *l = list_new(L, n);
    if (l == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++)
        list_items(l)[i] = obj_newref(items[i]);
    return l;
}

Obj *list_from_array_take(Lang *L, Obj *const *items, size_t n)
{
    Obj *l = list_new(L, n);
    if (l == NULL) {
        for (size_t i = 0; i < n; i++)
            obj_decref(L, items[i]);
        return NULL;
    }
    if (n > 0)
        memcpy(list_items(l), items, n * sizeof(Obj *));
    return l;
}

Obj *list_slice(Lang *L, Obj *list, size_t lo, size_t hi)
{
    return list_from_array(L, list_items(list) + lo, hi - lo);
}

Obj *list_as_tuple(Lang *L, Obj *list)
{
    return tuple_from_array(L, list_items(list), list_size(list));
}

Obj *list_from_iterable(Lang *L, Obj *iterable)
{
    Obj *l = list_new(L, 0);
    if (l != NULL && list_extend(L, l, iterable) < 0)
        obj_clearref(L, &l);
    return l;
}

/* ------------------------------------------------------------------ */
/* Lifecycle                                                           */
/* ------------------------------------------------------------------ */

/* Back to front, as CPython's list_traverse. */
static int list_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    ListObject *l = LIST(self);
    for (intptr_t i = l->size; --i >= 0;) {
        if (l->items[i] != NULL) {
            int r = visit(l->items[i], arg);
            if (r)
                return r;
        }
    }
    return 0;
}

/* Empties the list first, then releases the items last to first: a
 * release may run code that looks at (or refills) the list. */
void list_clear(Lang *L, Obj *o)
{
    ListObject *l = LIST(o);
    Obj **items = l->items;
    if (items == NULL)
        return;
    intptr_t n = l->size;
    size_t bytes = array_bytes(l->allocated);
    l->size = 0;
    l->items = NULL;
    l->allocated = 0;
    while (--n >= 0)
        obj_xdecref(L, items[n]);
    mem_free(L, items, bytes);
}

static int list_gc_clear(OuroRuntime *rt, Obj *self)
{
    (void)rt;
    list_clear(LANG_OF(self), self);
    return 0;
}

static void list_dealloc(OuroRuntime *rt, Obj *self)
{
    (void)rt;
    list_clear(LANG_OF(self), self);
}

/* ------------------------------------------------------------------ */
/* Growing and inserting                                               */
/* ------------------------------------------------------------------ */

int list_append_take(Lang *L, Obj *o, Obj *item)
{
    ListObject *l = LIST(o);
    intptr_t n = l->size;
    if (n < l->allocated) {
        l->items[n] = item;
        l->size = n + 1;
        return 0;
    }
    if (list_resize(L, l, n + 1) < 0) {
        obj_decref(L, item);
        return -1;
    }
    l->items[n] = item;
    return 0;
}

int list_append(Lang *L, Obj *o, Obj *item)
{
    return list_append_take(L, o, obj_newref(item));
}

int list_insert(Lang *L, Obj *o, intptr_t where, Obj *item)
{
    ListObject *l = LIST(o);
    intptr_t n = l->size;
    if (list_resize(L, l, n + 1) < 0)
        return -1;
    if (where < 0 && (where += n) < 0)
        where = 0;
    if (where > n)
        where = n;
    memmove(&l->items[where + 1], &l->items[where], (size_t)(n - where) * sizeof(Obj *));
    l->items[where] = obj_newref(item);
    return 0;
}

void list_set_item(Lang *L, Obj *o, size_t i, Obj *item)
{
    obj_setref(L, &LIST(o)->items[i], obj_newref(item));
}

/* PyObject_LengthHint(o, dflt): len(o), else o.__length_hint__(), else
 * dflt. -1 with an exception on error. */
static intptr_t length_hint(Lang *L, Obj *o, intptr_t dflt)
{
    if (TYPE(o)->length != NULL) {
        intptr_t n = TYPE(o)->length(L, o);
        if (n >= 0)
            return n;
        if (!err_matches(L, EXC_TypeError))
            return -1;
        err_clear(L);
    }
    Obj *name = str_intern_cstr(L, "__length_hint__");
    if (name == NULL)
        return -1;
    int found;
    Obj *r = call_special(L, name, &o, 1, &found);
    obj_decref(L, name);
    if (!found)
        return dflt;
    if (r == NULL) {
        if (!err_matches(L, EXC_TypeError))
            return -1;
        err_clear(L);
        return dflt;
    }
    intptr_t n = dflt;
    if (r == L->not_implemented) {
        n = dflt;
    } else if (!int_check(r)) {
        err_format(L, EXC_TypeError, "__length_hint__ must be an integer, not %.100s",
                   obj_type_name(r));
        n = -1;
    } else if ((n = obj_as_ssize(L, r, EXC_OverflowError)) < 0 && !err_occurred(L)) {
        err_format(L, EXC_ValueError, "__length_hint__() should return >= 0");
        n = -1;
    }
    obj_decref(L, r);
    return n;
}

/* extend from an exact list or tuple (possibly the list itself). */
static int extend_from_array(Lang *L, ListObject *l, Obj *src)
{
    size_t n = list_check(src) ? list_size(src) : tuple_size(src);
    if (n == 0)
        return 0;
    intptr_t m = l->size;
    if (l->items == NULL) {
        if (preallocate_exact(L, l, n) < 0)
            return -1;
        l->size = (intptr_t)n;
    } else if (list_resize(L, l, m + (intptr_t)n) < 0) {
        return -1;
    }
    /* Read the source after the resize: it may be the list itself. */
    Obj **from = list_check(src) ? list_items(src) : tuple_items(src);
    for (size_t i = 0; i < n; i++)
        l->items[m + (intptr_t)i] = obj_newref(from[i]);
    return 0;
}

/* extend from any iterable: room for its length hint first, the unused
 * room given back at the end (CPython's list_extend). */
static int extend_from_iterator(Lang *L, ListObject *l, Obj *iterable)
{
    Obj *it = obj_iter(L, iterable);
    if (it == NULL)
        return -1;
    intptr_t n = length_hint(L, iterable, 8), m = l->size;
    int r = n < 0 ? -1 : 0;
    if (r == 0 && m <= INTPTR_MAX - n) {
        if (l->items == NULL) {
            if (n > 0)
                r = preallocate_exact(L, l, (size_t)n);
        } else if ((r = list_resize(L, l, m + n)) == 0) {
            l->size = m;
        }
    }
    Obj *item;
    while (r == 0 && (item = obj_next(L, it)) != NULL)
        r = list_append_take(L, &l->ob, item);
    obj_decref(L, it);
    if (r < 0 || err_occurred(L))
        return -1;
    if (l->size < l->allocated)
        return list_resize(L, l, l->size);
    return 0;
}

int list_extend(Lang *L, Obj *o, Obj *iterable)
{
    if (list_check_exact(L, iterable) || tuple_check_exact(L, iterable) || iterable == o)
        return extend_from_array(L, LIST(o), iterable);
    return extend_from_iterator(L, LIST(o), iterable);
}

/* ------------------------------------------------------------------ */
/* Slices                                                              */
/* ------------------------------------------------------------------ */

/* v as something with an array of items: v itself if an exact list or
 * tuple, else a new list of its items. New reference, or NULL with
 * TypeError(msg) if v is not iterable. */
static Obj *as_fast_sequence(Lang *L, Obj *v, const char *msg)
{
    if (list_check_exact(L, v) || tuple_check_exact(L, v))
        return obj_newref(v);
    Obj *it = obj_iter(L, v);
    if (it == NULL) {
        if (err_matches(L, EXC_TypeError)) {
            err_clear(L);
            err_format(L, EXC_TypeError, "%s", msg);
        }
        return NULL;
    }
    Obj *l = list_from_iterable(L, it);
    obj_decref(L, it);
    return l;
}

static size_t fast_size(Obj *seq)
{
    return list_check(seq) ? list_size(seq) : tuple_size(seq);
}

static Obj **fast_items(Obj *seq)
{
    return list_check(seq) ? list_items(seq) : tuple_items(seq);
}

/* Replaces items[lo:hi] (clamped) by the n items of src (borrowed).
 * The replaced items are released last to first once the list is
 * consistent again. */
static int replace_slice(Lang *L, ListObject *l, intptr_t lo, intptr_t hi, Obj *const *src,
                         intptr_t n)
{
    if (lo < 0)
        lo = 0;
    else if (lo > l->size)
        lo = l->size;
    if (hi < lo)
        hi = lo;
    else if (hi > l->size)
        hi = l->size;
    intptr_t norig = hi - lo, d = n - norig;
    if (l->size + d == 0) {
        list_clear(L, &l->ob);
        return 0;
    }
    Obj *small[8], **recycle = small;
    if (norig > 8 && (recycle = mem_alloc(L, (size_t)norig * sizeof(Obj *))) == NULL)
        return -1;
    if (norig > 0)
        memcpy(recycle, &l->items[lo], (size_t)norig * sizeof(Obj *));
    int r = 0;
    if (d < 0) {
        size_t tail = (size_t)(l->size - hi) * sizeof(Obj *);
        memmove(&l->items[hi + d], &l->items[hi], tail);
        /* A shrink never fails (set_capacity keeps the array). */
        list_resize(L, l, l->size + d);
    } else if (d > 0) {
        intptr_t k = l->size;
        if (list_resize(L, l, k + d) < 0)
            r = -1;
        else
            memmove(&l->items[hi + d], &l->items[hi], (size_t)(k - hi) * sizeof(Obj *));
    }
    if (r == 0) {
        for (intptr_t k = 0; k < n; k++)
            l->items[lo + k] = obj_newref(src[k]);
        for (intptr_t k = norig; --k >= 0;)
            obj_decref(L, recycle[k]);
    }
    if (recycle != small)
        mem_free(L, recycle, (size_t)norig * sizeof(Obj *));
    return r;
}

int list_set_slice(Lang *L, Obj *o, intptr_t lo, intptr_t hi, Obj *v)
{
    if (v == NULL)
        return replace_slice(L, LIST(o), lo, hi, NULL, 0);
    /* a[i:j] = a copies a first. */
    Obj *seq = v == o ? list_slice(L, o, 0, list_size(o))
                      : as_fast_sequence(L, v, "can only assign an iterable");
    if (seq == NULL)
        return -1;
    int r = replace_slice(L, LIST(o), lo, hi, fast_items(seq), (intptr_t)fast_size(seq));
    obj_decref(L, seq);
    return r;
}

/* del a[start:stop:step] for step != 1 and slicelen > 0: the kept items
 * move down, then the removed ones are released in index order. */
static int delete_extended(Lang *L, ListObject *l, intptr_t start, intptr_t step, intptr_t slicelen)
{
    if (step < 0) {
        start = start + step * (slicelen - 1);
        step = -step;
    }
    Obj **garbage = mem_alloc(L, (size_t)slicelen * sizeof(Obj *));
    if (garbage == NULL)
        return -1;
    size_t cur = (size_t)start;
    for (intptr_t i = 0; i < slicelen; cur += (size_t)step, i++) {
        intptr_t lim = step - 1;
        garbage[i] = l->items[cur];
        if (cur + (size_t)step >= (size_t)l->size)
            lim = l->size - (intptr_t)cur - 1;
        memmove(&l->items[cur - (size_t)i], &l->items[cur + 1], (size_t)lim * sizeof(Obj *));
    }
    cur = (size_t)start + (size_t)slicelen * (size_t)step;
    if (cur < (size_t)l->size)
        memmove(&l->items[cur - (size_t)slicelen], &l->items[cur],
                ((size_t)l->size - cur) * sizeof(Obj *));
    list_resize(L, l, l->size - slicelen);     /* a shrink: never fails */
    for (intptr_t i = 0; i < slicelen; i++)
        obj_decref(L, garbage[i]);
    mem_free(L, garbage, (size_t)slicelen * sizeof(Obj *));
    return 0;
}

/* a[start:stop:step] = v for step != 1: v must have slicelen items; the
 * replaced items are released in slice order afterwards. */
static int assign_extended(Lang *L, ListObject *l, intptr_t start, intptr_t step, intptr_t slicelen,
                           Obj *v)
{
    Obj *seq = v == &l->ob ? list_slice(L, v, 0, list_size(v))
                           : as_fast_sequence(L, v, "must assign iterable to extended slice");
    if (seq == NULL)
        return -1;
    int r = -1;
    Obj **garbage = NULL;
    if ((intptr_t)fast_size(seq) != slicelen) {
        err_format(L, EXC_ValueError,
                   "attempt to assign sequence of size %zu to extended slice of size %zd",
                   fast_size(seq), slicelen);
    } else if (slicelen == 0) {
        r = 0;
    } else if ((garbage = mem_alloc(L, (size_t)slicelen * sizeof(Obj *))) != NULL) {
        Obj **src = fast_items(seq);
        intptr_t cur = start;
        for (intptr_t i = 0; i < slicelen; cur += step, i++) {
            garbage[i] = l->items[cur];
            l->items[cur] = obj_newref(src[i]);
        }
        for (intptr_t i = 0; i < slicelen; i++)
            obj_decref(L, garbage[i]);
        mem_free(L, garbage, (size_t)slicelen * sizeof(Obj *));
        r = 0;
    }
    obj_decref(L, seq);
    return r;
}

/* ------------------------------------------------------------------ */
/* Reversing and sorting                                               */
/* ------------------------------------------------------------------ */

static void reverse_items(Obj **lo, Obj **hi)
{
    for (--hi; lo < hi; lo++, hi--) {
        Obj *t = *lo;
        *lo = *hi;
        *hi = t;
    }
}

void list_reverse(Lang *L, Obj *o)
{
    (void)L;
    ListObject *l = LIST(o);
    if (l->size > 1)
        reverse_items(l->items, l->items + l->size);
}

/* key(item) for every item, in order; NULL with the computed keys
 * released (last to first) on failure. */
static Obj **compute_keys(Lang *L, Obj *key, Obj **items, intptr_t n)
{
    Obj **keys = mem_alloc(L, (size_t)n * sizeof(Obj *));
    if (keys == NULL)
        return NULL;
    for (intptr_t i = 0; i < n; i++) {
        keys[i] = obj_call1(L, key, items[i]);
        if (keys[i] == NULL) {
            while (--i >= 0)
                obj_decref(L, keys[i]);
            mem_free(L, keys, (size_t)n * sizeof(Obj *));
            return NULL;
        }
    }
    return keys;
}

/* Puts the saved items back, releasing whatever was stored in the list
 * during the sort (last to first). */
static void restore_after_sort(Lang *L, ListObject *l, Obj **saved, intptr_t size, intptr_t allocated)
{
    Obj **during = l->items;
    intptr_t n = l->size;
    size_t bytes = array_bytes(l->allocated);
    l->size = size;
    l->items = saved;
    l->allocated = allocated;
    if (during != NULL) {
        while (--n >= 0)
            obj_xdecref(L, during[n]);
        mem_free(L, during, bytes);
    }
}

int list_sort(Lang *L, Obj *o, Obj *key, int reverse)
{
    ListObject *l = LIST(o);
    if (key == L->none)
        key = NULL;
    /* The list looks empty while the sort holds its items. */
    intptr_t n = l->size, saved_allocated = l->allocated;
    Obj **saved = l->items;
    l->size = 0;
    l->items = NULL;
    l->allocated = -1;
    Obj **keys = NULL;
    int r = 0;
    if (key != NULL && n > 0 && (keys = compute_keys(L, key, saved, n)) == NULL) {
        restore_after_sort(L, l, saved, n, saved_allocated);
        return -1;
    }
    if (reverse && n > 1) {
        if (keys != NULL)
            reverse_items(keys, keys + n);
        reverse_items(saved, saved + n);
    }
    if (n > 1)
        r = keys ? listsort_run(L, keys, saved, (size_t)n) : listsort_run(L, saved, NULL, (size_t)n);
    if (keys != NULL) {
        for (intptr_t i = 0; i < n; i++)
            obj_decref(L, keys[i]);
        mem_free(L, keys, (size_t)n * sizeof(Obj *));
    }
    if (l->allocated != -1 && r == 0) {
        err_format(L, EXC_ValueError, "list modified during sort");
        r = -1;
    }
    if (reverse && n > 1)
        reverse_items(saved, saved + n);
    restore_after_sort(L, l, saved, n, saved_allocated);
    return r;
}

/* ------------------------------------------------------------------ */
/* Repr, comparison, containment                                       */
/* ------------------------------------------------------------------ */

static Obj *list_repr(Lang *L, Obj *self)
{
    ListObject *l = LIST(self);
    if (l->size == 0)
        return str_from_cstr(L, "[]");
    int rec = repr_enter(L, self);
    if (rec != 0)
        return rec > 0 ? str_from_cstr(L, "[...]") : NULL;
    StrBuilder sb;
    sb_init(L, &sb);
    int err = sb_append_char(&sb, '[');
    /* The size is re-read each round: an item's __repr__ may change it. */
    for (intptr_t i = 0; err == 0 && i < l->size; i++) {
        Obj *item = obj_newref(l->items[i]);
        if (i > 0)
            err = sb_append(&sb, ", ", 2);
        if (err == 0)
            err = sb_append_repr(&sb, item);
        obj_decref(L, item);
    }
    if (err == 0)
        err = sb_append_char(&sb, ']');
    repr_leave(L, self);
    if (err < 0) {
        sb_abandon(&sb);
        return NULL;
    }
    return sb_finish(&sb);
}

static int compare_sizes(intptr_t a, intptr_t b, int op)
{
    switch (op) {
    case CMP_LT: return a < b;
    case CMP_LE: return a <= b;
    case CMP_EQ: return a == b;
    case CMP_NE: return a != b;
    case CMP_GT: return a > b;
    default: return a >= b;
    }
}

static Obj *list_richcompare(Lang *L, Obj *v, Obj *w, int op)
{
    if (!list_check(v) || !list_check(w))
        return new_not_implemented(L);
    ListObject *a = LIST(v), *b = LIST(w);
    if (a->size != b->size && (op == CMP_EQ || op == CMP_NE))
        return new_bool(L, op == CMP_NE);
    /* The first index where the items differ; sizes are re-read as an
     * __eq__ may change either list. */
    intptr_t i;
    for (i = 0; i < a->size && i < b->size; i++) {
        Obj *x = a->items[i], *y = b->items[i];
        if (x == y)
            continue;
        obj_incref(x);
        obj_incref(y);
        int k = obj_richcompare_bool(L, x, y, CMP_EQ);
        obj_decref(L, x);
        obj_decref(L, y);
        if (k < 0)
            return NULL;
        if (!k)
            break;
    }
    if (i >= a->size || i >= b->size)
        return new_bool(L, compare_sizes(a->size, b->size, op));
    if (op == CMP_EQ || op == CMP_NE)
        return new_bool(L, op == CMP_NE);
    Obj *x = obj_newref(a->items[i]), *y = obj_newref(b->items[i]);
    Obj *r = obj_richcompare(L, x, y, op);
    obj_decref(L, x);
    obj_decref(L, y);
    return r;
}

static int list_contains(Lang *L, Obj *self, Obj *x)
{
    ListObject *l = LIST(self);
    int cmp = 0;
    for (intptr_t i = 0; cmp == 0 && i < l->size; i++) {
        Obj *item = obj_newref(l->items[i]);
        cmp = obj_richcompare_bool(L, item, x, CMP_EQ);
        obj_decref(L, item);
    }
    return cmp;
}

/* ------------------------------------------------------------------ */
/* Sequence and mapping slots                                          */
/* ------------------------------------------------------------------ */

static intptr_t list_length(Lang *L, Obj *self)
{
    (void)L;
    return LIST(self)->size;
}

static Obj *list_item(Lang *L, Obj *self, intptr_t i)
{
    if (i < 0 || i >= LIST(self)->size)
        return err_format(L, EXC_IndexError, "list index out of range");
    return obj_newref(LIST(self)->items[i]);
}

static Obj *extended_slice(Lang *L, ListObject *l, intptr_t start, intptr_t step, intptr_t n)
{
    Obj *r = list_new(L, (size_t)n);
    if (r == NULL)
        return NULL;
    for (intptr_t k = 0, i = start; k < n; k++, i += step)
        list_items(r)[k] = obj_newref(l->items[i]);
    return r;
}

static Obj *list_subscript(Lang *L, Obj *self, Obj *key)
{
    ListObject *l = LIST(self);
    if (TYPE(key)->nb.index != NULL) {
        intptr_t i = obj_as_ssize(L, key, EXC_IndexError);
        if (i == -1 && err_occurred(L))
            return NULL;
        if (i < 0)
            i += l->size;
        return list_item(L, self, i);
    }
    if (slice_check(L, key)) {
        intptr_t start, stop, step;
        if (slice_unpack(L, key, &start, &stop, &step) < 0)
            return NULL;
        intptr_t n = slice_adjust_indices(l->size, &start, &stop, step);
        if (step == 1)
            return list_slice(L, self, (size_t)start, (size_t)(start + n));
        return extended_slice(L, l, start, step, n);
    }
    return err_format(L, EXC_TypeError, "list indices must be integers or slices, not %.200s",
                      obj_type_name(key));
}

static int assign_index(Lang *L, ListObject *l, Obj *key, Obj *value)
{
    intptr_t i = obj_as_ssize(L, key, EXC_IndexError);
    if (i == -1 && err_occurred(L))
        return -1;
    if (i < 0)
        i += l->size;
    if (i < 0 || i >= l->size) {
        err_format(L, EXC_IndexError, "list assignment index out of range");
        return -1;
    }
    if (value == NULL)
        return replace_slice(L, l, i, i + 1, NULL, 0);
    list_set_item(L, &l->ob, (size_t)i, value);
    return 0;
}

static int list_ass_subscript(Lang *L, Obj *self, Obj *key, Obj *value)
{
    ListObject *l = LIST(self);
    if (TYPE(key)->nb.index != NULL)
        return assign_index(L, l, key, value);
    if (!slice_check(L, key)) {
        err_format(L, EXC_TypeError, "list indices must be integers or slices, not %.200s",
                   obj_type_name(key));
        return -1;
    }
    intptr_t start, stop, step;
    if (slice_unpack(L, key, &start, &stop, &step) < 0)
        return -1;
    intptr_t n = slice_adjust_indices(l->size, &start, &stop, step);
    if (step == 1)
        return list_set_slice(L, self, start, stop, value);
    if (value == NULL)
        return n > 0 ? delete_extended(L, l, start, step, n) : 0;
    return assign_extended(L, l, start, step, n, value);
}

static Obj *list_concat(Lang *L, Obj *a, Obj *b)
{
    if (!list_check(b))
        return err_format(L, EXC_TypeError, "can only concatenate list (not \"%.200s\") to list",
                          obj_type_name(b));
    size_t na = list_size(a), nb = list_size(b);
    Obj *r = list_new(L, na + nb);
    if (r == NULL)
        return NULL;
    for (size_t i = 0; i < na; i++)
        list_items(r)[i] = obj_newref(list_items(a)[i]);
    for (size_t i = 0; i < nb; i++)
        list_items(r)[na + i] = obj_newref(list_items(b)[i]);
    return r;
}

static Obj *list_repeat(Lang *L, Obj *self, intptr_t n)
{
    size_t size = list_size(self);
    if (n <= 0 || size == 0)
        return list_new(L, 0);
    if (size > (size_t)INTPTR_MAX / sizeof(Obj *) / (size_t)n)
        return err_no_memory(L);
    Obj *r = list_new(L, size * (size_t)n);
    if (r == NULL)
        return NULL;
    Obj **dst = list_items(r);
    for (intptr_t k = 0; k < n; k++) {
        for (size_t i = 0; i < size; i++)
            *dst++ = obj_newref(list_items(self)[i]);
    }
    return r;
}

static Obj *list_inplace_concat(Lang *L, Obj *self, Obj *other)
{
    if (list_extend(L, self, other) < 0)
        return NULL;
    return obj_newref(self);
}

static Obj *list_inplace_repeat(Lang *L, Obj *self, intptr_t n)
{
    ListObject *l = LIST(self);
    intptr_t size = l->size;
    if (size == 0 || n == 1)
        return obj_newref(self);
    if (n < 1) {
        list_clear(L, self);
        return obj_newref(self);
    }
    if ((size_t)size > (size_t)INTPTR_MAX / sizeof(Obj *) / (size_t)n)
        return err_no_memory(L);
    if (list_resize(L, l, size * n) < 0)
        return NULL;
    for (intptr_t k = 1; k < n; k++) {
        for (intptr_t i = 0; i < size; i++)
            l->items[k * size + i] = obj_newref(l->items[i]);
    }
    return obj_newref(self);
}

/* ------------------------------------------------------------------ */
/* Iterators                                                           */
/* ------------------------------------------------------------------ */

/* list_iterator walks up from 0, list_reverseiterator down from the
 * last index; both re-check the index against the current size at each
 * step (the list may change) and drop the list once exhausted. */
typedef struct ListIterObject {
    OuroObject ob;
    intptr_t index;
    Obj *list;                    /* owned; NULL once exhausted */
} ListIterObject;

static Obj *iter_new(Lang *L, TypeObject *type, Obj *list, intptr_t index)
{
    ListIterObject *it = (ListIterObject *)obj_alloc(L, type);
    if (it == NULL)
        return NULL;
    it->index = index;
    it->list = obj_newref(list);
    obj_track(L, &it->ob);
    return &it->ob;
}

static Obj *list_iter(Lang *L, Obj *self)
{
    return iter_new(L, L->t_list_iter, self, 0);
}

static int listiter_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    Obj *l = ((ListIterObject *)self)->list;
    return l ? visit(l, arg) : 0;
}

static int listiter_clear(OuroRuntime *rt, Obj *self)
{
    ouro_clearref(rt, &((ListIterObject *)self)->list);
    return 0;
}

static Obj *listiter_iter(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(self);
}

static Obj *listiter_next(Lang *L, Obj *self)
{
    ListIterObject *it = (ListIterObject *)self;
    if (it->list == NULL)
        return NULL;
    if (it->index < LIST(it->list)->size)
        return obj_newref(LIST(it->list)->items[it->index++]);
    obj_clearref(L, &it->list);
    return NULL;
}

static Obj *listreviter_next(Lang *L, Obj *self)
{
    ListIterObject *it = (ListIterObject *)self;
    if (it->list == NULL)
        return NULL;
    if (it->index >= 0 && it->index < LIST(it->list)->size)
        return obj_newref(LIST(it->list)->items[it->index--]);
    it->index = -1;
    obj_clearref(L, &it->list);
    return NULL;
}

static Obj *listiter_length_hint(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)args;
    (void)nargs;
    (void)kw;
    ListIterObject *it = (ListIterObject *)self;
    intptr_t n = it->list ? LIST(it->list)->size - it->index : 0;
    return int_from_i64(L, n > 0 ? n : 0);
}

static Obj *listreviter_length_hint(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)args;
    (void)nargs;
    (void)kw;
    ListIterObject *it = (ListIterObject *)self;
    intptr_t n = 0;
    if (it->list != NULL && it->index >= 0 && it->index < LIST(it->list)->size)
        n = it->index + 1;
    return int_from_i64(L, n);
}

static const MethodDef listiter_methods[] = {
    {"__length_hint__", listiter_length_hint, METH_NOARGS, "Private method returning an estimate of len(list(it))."},
    {NULL, NULL, 0, NULL},
};

static const MethodDef listreviter_methods[] = {
    {"__length_hint__", listreviter_length_hint, METH_NOARGS, "Private method returning an estimate of len(list(it))."},
    {NULL, NULL, 0, NULL},
};

const TypeSpec list_iter_spec = {
    .name = "list_iterator",
    .basic_size = sizeof(ListIterObject),
    .core_flags = OURO_TYPE_GC,
    .traverse = listiter_traverse,
    .clear = listiter_clear,
    .iter = listiter_iter,
    .iternext = listiter_next,
    .methods = listiter_methods,
};

const TypeSpec list_reviter_spec = {
    .name = "list_reverseiterator",
    .basic_size = sizeof(ListIterObject),
    .core_flags = OURO_TYPE_GC,
    .traverse = listiter_traverse,
    .clear = listiter_clear,
    .iter = listiter_iter,
    .iternext = listreviter_next,
    .methods = listreviter_methods,
};

/* ------------------------------------------------------------------ */
/* Construction                                                        */
/* ------------------------------------------------------------------ */

static Obj *list_tp_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    if (type == L->t_list)
        return list_new(L, 0);
    return instance_alloc(L, type, 0);
}

/* list.__init__(self, iterable=()): empties the list, then extends it,
 * with room for len(iterable) made first when it has a length. */
static int list_init(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    if (kwnames != NULL && tuple_size(kwnames) > 0 &&
        (IS_TYPE(self, L->t_list) || TYPE(self)->tp_new == list_tp_new)) {
        err_format(L, EXC_TypeError, "list() takes no keyword arguments");
        return -1;
    }
    if (nargs > 1) {
        err_format(L, EXC_TypeError, "list expected at most 1 argument, got %zu", nargs);
        return -1;
    }
    list_clear(L, self);
    if (nargs == 0)
        return 0;
    Obj *iterable = args[0];
    if (TYPE(iterable)->length != NULL) {
        intptr_t n = TYPE(iterable)->length(L, iterable);
        if (n < 0) {
            if (!err_matches(L, EXC_TypeError))
                return -1;
            err_clear(L);
        } else if (n > 0 && LIST(self)->items == NULL &&
                   preallocate_exact(L, LIST(self), (size_t)n) < 0) {
            return -1;
        }
    }
    return list_extend(L, self, iterable);
}

/* ------------------------------------------------------------------ */
/* Methods                                                             */
/* ------------------------------------------------------------------ */

#define METHOD(name) static Obj *name(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)

static Obj *none_or_null(Lang *L, int r)
{
    return r < 0 ? NULL : new_none(L);
}

/* An index argument of pop/insert (clinic's Py_ssize_t converter). */
static int ssize_arg(Lang *L, Obj *o, intptr_t *out)
{
    Obj *i = obj_index(L, o);
    if (i == NULL)
        return -1;
    int64_t v;
    int fits = int_as_i64_exact(i, &v);
    obj_decref(L, i);
    if (!fits) {
        err_format(L, EXC_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    *out = (intptr_t)v;
    return 0;
}

/* A start/stop argument of index() (_PyEval_SliceIndexNotNone): clamped. */
static int slice_index_arg(Lang *L, Obj *o, intptr_t *out)
{
    if (TYPE(o)->nb.index == NULL) {
        err_format(L, EXC_TypeError, "slice indices must be integers or have an __index__ method");
        return -1;
    }
    *out = obj_as_ssize(L, o, -1);
    return *out == -1 && err_occurred(L) ? -1 : 0;
}

Obj *list_append_method(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)nargs;
    (void)kwnames;
    return none_or_null(L, list_append(L, self, args[0]));
}

METHOD(list_extend_method)
{
    (void)nargs;
    (void)kwnames;
    return none_or_null(L, list_extend(L, self, args[0]));
}

METHOD(list_insert_method)
{
    (void)kwnames;
    if (nargs != 2)
        return err_format(L, EXC_TypeError, "insert expected 2 arguments, got %zu", nargs);
    intptr_t where;
    if (ssize_arg(L, args[0], &where) < 0)
        return NULL;
    return none_or_null(L, list_insert(L, self, where, args[1]));
}

Obj *list_pop_method(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)kwnames;
    if (nargs > 1)
        return err_format(L, EXC_TypeError, "pop expected at most 1 argument, got %zu", nargs);
    intptr_t i = -1;
    if (nargs == 1 && ssize_arg(L, args[0], &i) < 0)
        return NULL;
    ListObject *l = LIST(self);
    if (l->size == 0)
        return err_format(L, EXC_IndexError, "pop from empty list");
    if (i < 0)
        i += l->size;
    if (i < 0 || i >= l->size)
        return err_format(L, EXC_IndexError, "pop index out of range");
    Obj *v = l->items[i];
    if (i == l->size - 1) {
        list_resize(L, l, l->size - 1);    /* a shrink: never fails */
        return v;                          /* the list's reference */
    }
    obj_incref(v);
    replace_slice(L, l, i, i + 1, NULL, 0);
    return v;
}

METHOD(list_remove)
{
    (void)nargs;
    (void)kwnames;
    ListObject *l = LIST(self);
    for (intptr_t i = 0; i < l->size; i++) {
        Obj *item = obj_newref(l->items[i]);
        int cmp = obj_richcompare_bool(L, item, args[0], CMP_EQ);
        obj_decref(L, item);
        if (cmp > 0)
            return none_or_null(L, replace_slice(L, l, i, i + 1, NULL, 0));
        if (cmp < 0)
            return NULL;
    }
    return err_format(L, EXC_ValueError, "list.remove(x): x not in list");
}

METHOD(list_index)
{
    (void)kwnames;
    if (nargs < 1)
        return err_format(L, EXC_TypeError, "index expected at least 1 argument, got %zu", nargs);
    if (nargs > 3)
        return err_format(L, EXC_TypeError, "index expected at most 3 arguments, got %zu", nargs);
    ListObject *l = LIST(self);
    intptr_t start = 0, stop = INTPTR_MAX;
    if (nargs > 1 && slice_index_arg(L, args[1], &start) < 0)
        return NULL;
    if (nargs > 2 && slice_index_arg(L, args[2], &stop) < 0)
        return NULL;
    if (start < 0 && (start += l->size) < 0)
        start = 0;
    if (stop < 0 && (stop += l->size) < 0)
        stop = 0;
    for (intptr_t i = start; i < stop && i < l->size; i++) {
        Obj *item = obj_newref(l->items[i]);
        int cmp = obj_richcompare_bool(L, item, args[0], CMP_EQ);
        obj_decref(L, item);
        if (cmp > 0)
            return int_from_i64(L, i);
        if (cmp < 0)
            return NULL;
    }
    return err_format(L, EXC_ValueError, "%R is not in list", args[0]);
}

METHOD(list_count)
{
    (void)nargs;
    (void)kwnames;
    ListObject *l = LIST(self);
    int64_t count = 0;
    for (intptr_t i = 0; i < l->size; i++) {
        Obj *item = l->items[i];
        if (item == args[0]) {
            count++;
            continue;
        }
        obj_incref(item);
        int cmp = obj_richcompare_bool(L, item, args[0], CMP_EQ);
        obj_decref(L, item);
        if (cmp < 0)
            return NULL;
        count += cmp;
    }
    return int_from_i64(L, count);
}

METHOD(list_clear_method)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    list_clear(L, self);
    return new_none(L);
}

METHOD(list_copy)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return list_slice(L, self, 0, list_size(self));
}

METHOD(list_reverse_method)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    list_reverse(L, self);
    return new_none(L);
}

/* sort(*, key=None, reverse=False) */
METHOD(list_sort_method)
{
    if (nargs > 0)
        return err_format(L, EXC_TypeError, "sort() takes no positional arguments");
    Obj *key = NULL;
    int reverse = 0;
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    for (size_t i = 0; i < nkw; i++) {
        Obj *name = tuple_get_borrowed(kwnames, i), *value = args[nargs + i];
        if (str_equal_cstr(name, "key")) {
            key = value;
        } else if (str_equal_cstr(name, "reverse")) {
            Obj *v = obj_index(L, value);
            if (v == NULL)
                return NULL;
            int64_t x;
            int fits = int_as_i64_exact(v, &x) && x >= INT32_MIN && x <= INT32_MAX;
            obj_decref(L, v);
            if (!fits)
                return err_format(L, EXC_OverflowError, "Python int too large to convert to C int");
            reverse = x != 0;
        } else {
            return err_format(L, EXC_TypeError, "'%U' is an invalid keyword argument for sort()",
                              name);
        }
    }
    return none_or_null(L, list_sort(L, self, key, reverse));
}

METHOD(list_reversed)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return iter_new(L, L->t_list_reviter, self, LIST(self)->size - 1);
}

METHOD(list_sizeof)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return int_from_size(L, TYPE(self)->core.basic_size + list_array_bytes(self));
}

static const MethodDef list_methods[] = {
    {"__reversed__", list_reversed, METH_NOARGS, "Return a reverse iterator over the list."},
    {"__sizeof__", list_sizeof, METH_NOARGS, "Return the size of the list in memory, in bytes."},
    {"clear", list_clear_method, METH_NOARGS, "Remove all items from list."},
    {"copy", list_copy, METH_NOARGS, "Return a shallow copy of the list."},
    {"append", list_append_method, METH_O, "Append object to the end of the list."},
    {"insert", list_insert_method, 0, "Insert object before index."},
    {"extend", list_extend_method, METH_O, "Extend list by appending elements from the iterable."},
    {"pop", list_pop_method, 0, "Remove and return item at index (default last)."},
    {"remove", list_remove, METH_O, "Remove first occurrence of value."},
    {"index", list_index, 0, "Return first index of value."},
    {"count", list_count, METH_O, "Return number of occurrences of value."},
    {"reverse", list_reverse_method, METH_NOARGS, "Reverse *IN PLACE*."},
    {"sort", list_sort_method, METH_KEYWORDS, "Sort the list in ascending order and return None."},
    {NULL, NULL, 0, NULL},
};

static const SequenceSlots list_sq = {
    .concat = list_concat,
    .repeat = list_repeat,
    .inplace_concat = list_inplace_concat,
    .inplace_repeat = list_inplace_repeat,
    .item = list_item,
};

const TypeSpec list_spec = {
    .name = "list",
    .basic_size = sizeof(ListObject),
    .core_flags = OURO_TYPE_GC,
    .flags = TF_BASETYPE | TF_LIST_SUBCLASS,
    .dealloc = list_dealloc,
    .traverse = list_traverse,
    .clear = list_gc_clear,
    .repr = list_repr,
    .hash = hash_not_implemented,
    .richcompare = list_richcompare,
    .iter = list_iter,
    .length = list_length,
    .subscript = list_subscript,
    .ass_subscript = list_ass_subscript,
    .contains = list_contains,
    .tp_new = list_tp_new,
    .init = list_init,
    .sq = &list_sq,
    .methods = list_methods,
    .doc = "Built-in mutable sequence.",
};
