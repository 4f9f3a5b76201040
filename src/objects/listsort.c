/*
 * listsort.c - the sorting engine behind list.sort (listobject.h):
 * CPython 3.11's timsort, algorithm for algorithm, so that a sort makes
 * the same `<` comparisons in the same order as CPython's (observable
 * through a user __lt__) and is stable.
 *
 *   find runs      - count_run finds the next ascending run (or strictly
 *                    descending one, reversed in place); short runs are
 *                    extended to minrun by binary insertion;
 *   merge policy   - powersort (3.11): a new run's "power" decides which
 *                    pending runs are merged before it is pushed;
 *   merging        - merge_lo / merge_hi copy the shorter run to a
 *                    temporary area and merge, switching to galloping
 *                    when one run keeps winning (min_gallop adapts).
 *
 * The keys are sorted; when values is not NULL each value moves with its
 * key (list.sort(key=...) sorts the keys and carries the items along).
 *
 * Failure safety: a comparison can raise at any point (or run code that
 * frees nothing of ours: the caller owns every key and value). Whatever
 * happens, every key and value is back in the arrays when a merge
 * returns, so the caller can release or restore them all.
 */
#include <string.h>

#include "listobject.h"
#include "intobject.h"
#include "strobject.h"

#define MAX_MERGE_PENDING 85      /* enough for 2**64 elements */
#define MIN_GALLOP 7
#define TEMP_SLOTS 256            /* temporary area kept on the C stack */

/* A run or any stretch of the arrays: keys and, in step, values. */
typedef struct Slice {
    Obj **keys;
    Obj **values;                 /* NULL when sorting keys alone */
} Slice;

typedef struct Run {
    Slice base;
    intptr_t len;
    int power;
} Run;

typedef struct MergeState {
    Lang *L;
    int (*lt)(struct MergeState *ms, Obj *a, Obj *b);   /* 1, 0 or -1 */
    intptr_t min_gallop;
    Slice temp;                   /* room for temp_slots keys (and values) */
    intptr_t temp_slots;
    Obj *temp_array[TEMP_SLOTS];
    intptr_t n;                   /* pending runs */
    Run pending[MAX_MERGE_PENDING];
    Obj **basekeys;               /* keys[0], for the powers */
    intptr_t listlen;
} MergeState;

/* ------------------------------------------------------------------ */
/* Comparisons                                                         */
/* ------------------------------------------------------------------ */

static int lt_generic(MergeState *ms, Obj *a, Obj *b)
{
    return obj_richcompare_bool(ms->L, a, b, CMP_LT);
}

/* Exact ints that fit a word, and exact strs, are compared directly:
 * their comparison runs no user code, so nothing observable changes. */
static int lt_int(MergeState *ms, Obj *a, Obj *b)
{
    (void)ms;
    int64_t x = 0, y = 0;
    int_as_i64_exact(a, &x);
    int_as_i64_exact(b, &y);
    return x < y;
}

static int lt_str(MergeState *ms, Obj *a, Obj *b)
{
    (void)ms;
    return str_compare(a, b) < 0;
}

static void choose_compare(MergeState *ms, Obj **keys, size_t n)
{
    Lang *L = ms->L;
    int all_int = 1, all_str = 1;
    for (size_t i = 0; i < n && (all_int || all_str); i++) {
        int64_t v;
        if (!int_check_exact(L, keys[i]) || !int_as_i64_exact(keys[i], &v))
            all_int = 0;
        if (!str_check_exact(L, keys[i]))
            all_str = 0;
    }
    ms->lt = all_int ? lt_int : all_str ? lt_str : lt_generic;
}

/* ------------------------------------------------------------------ */
/* Moving slices                                                       */
/* ------------------------------------------------------------------ */

static void slice_advance(Slice *s, intptr_t n)
{
    s->keys += n;
    if (s->values != NULL)
        s->values += n;
}

/* dst[i] = src[j] for keys and values. */
static void slice_copy(Slice *dst, intptr_t i, const Slice *src, intptr_t j)
{
    dst->keys[i] = src->keys[j];
    if (dst->values != NULL)
        dst->values[i] = src->values[j];
}

static void slice_copy_incr(Slice *dst, Slice *src)
{
    *dst->keys++ = *src->keys++;
    if (dst->values != NULL)
        *dst->values++ = *src->values++;
}

static void slice_copy_decr(Slice *dst, Slice *src)
{
    *dst->keys-- = *src->keys--;
    if (dst->values != NULL)
        *dst->values-- = *src->values--;
}

static void slice_memcpy(Slice *dst, intptr_t i, const Slice *src, intptr_t j, intptr_t n)
{
    memcpy(&dst->keys[i], &src->keys[j], (size_t)n * sizeof(Obj *));
    if (dst->values != NULL)
        memcpy(&dst->values[i], &src->values[j], (size_t)n * sizeof(Obj *));
}

static void slice_memmove(Slice *dst, intptr_t i, const Slice *src, intptr_t j, intptr_t n)
{
    memmove(&dst->keys[i], &src->keys[j], (size_t)n * sizeof(Obj *));
    if (dst->values != NULL)
        memmove(&dst->values[i], &src->values[j], (size_t)n * sizeof(Obj *));
}

static void reverse_array(Obj **lo, Obj **hi)
{
    for (--hi; lo < hi; lo++, hi--) {
        Obj *t = *lo;
        *lo = *hi;
        *hi = t;
    }
}

static void slice_reverse(Slice *s, intptr_t n)
{
    reverse_array(s->keys, s->keys + n);
    if (s->values != NULL)
        reverse_array(s->values, s->values + n);
}

/* ------------------------------------------------------------------ */
/* Runs                                                                */
/* ------------------------------------------------------------------ */

/* Sorts [lo, hi) by binary insertion, knowing [lo, start) is sorted. */
static int binarysort(MergeState *ms, Slice lo, Obj **hi, Obj **start)
{
    if (lo.keys == start)
        ++start;
    for (; start < hi; ++start) {
        Obj **l = lo.keys, **r = start, *pivot = *r;
        /* pivot >= all in [lo, l), pivot < all in [r, start) */
        do {
            Obj **p = l + ((r - l) >> 1);
            int k = ms->lt(ms, pivot, *p);
            if (k < 0)
                return -1;
            if (k)
                r = p;
            else
                l = p + 1;
        } while (l < r);
        for (Obj **p = start; p > l; --p)
            *p = *(p - 1);
        *l = pivot;
        if (lo.values != NULL) {
            intptr_t offset = lo.values - lo.keys;
            Obj **vl = l + offset, **vs = start + offset, *vpivot = *vs;
            for (Obj **p = vs; p > vl; --p)
                *p = *(p - 1);
            *vl = vpivot;
        }
    }
    return 0;
}

/* The length of the run starting at lo (at most hi - lo): ascending
 * (a[i] <= a[i+1]) or strictly descending (*descending = 1). -1 on error. */
static intptr_t count_run(MergeState *ms, Obj **lo, Obj **hi, int *descending)
{
    *descending = 0;
    ++lo;
    if (lo == hi)
        return 1;
    intptr_t n = 2;
    int k = ms->lt(ms, *lo, *(lo - 1));
    if (k < 0)
        return -1;
    if (k) {
        *descending = 1;
        for (lo = lo + 1; lo < hi; ++lo, ++n) {
            k = ms->lt(ms, *lo, *(lo - 1));
            if (k < 0)
                return -1;
            if (!k)
                break;
        }
    } else {
        for (lo = lo + 1; lo < hi; ++lo, ++n) {
            k = ms->lt(ms, *lo, *(lo - 1));
            if (k < 0)
                return -1;
            if (k)
                break;
        }
    }
    return n;
}

/* ------------------------------------------------------------------ */
/* Galloping                                                           */
/* ------------------------------------------------------------------ */

/* Where key belongs in the sorted a[0..n-1], left of any equal items:
 * a[k-1] < key <= a[k]. The search starts near a[hint]. -1 on error. */
static intptr_t gallop_left(MergeState *ms, Obj *key, Obj **a, intptr_t n, intptr_t hint)
{
    intptr_t ofs = 1, lastofs = 0;
    int k;
    a += hint;
    if ((k = ms->lt(ms, *a, key)) < 0)
        return -1;
    if (k) {
        /* a[hint] < key: gallop right until a[hint+lastofs] < key <= a[hint+ofs] */
        intptr_t maxofs = n - hint;
        while (ofs < maxofs) {
            if ((k = ms->lt(ms, a[ofs], key)) < 0)
                return -1;
            if (!k)
                break;
            lastofs = ofs;
            ofs = (ofs << 1) + 1;
        }
        if (ofs > maxofs)
            ofs = maxofs;
        lastofs += hint;
        ofs += hint;
    } else {
        /* key <= a[hint]: gallop left until a[hint-ofs] < key <= a[hint-lastofs] */
        intptr_t maxofs = hint + 1;
        while (ofs < maxofs) {
            if ((k = ms->lt(ms, *(a - ofs), key)) < 0)
                return -1;
            if (k)
                break;
            lastofs = ofs;
            ofs = (ofs << 1) + 1;
        }
        if (ofs > maxofs)
            ofs = maxofs;
        intptr_t t = lastofs;
        lastofs = hint - ofs;
        ofs = hint - t;
    }
    a -= hint;
    /* a[lastofs] < key <= a[ofs]: binary search in between. */
    ++lastofs;
    while (lastofs < ofs) {
        intptr_t m = lastofs + ((ofs - lastofs) >> 1);
        if ((k = ms->lt(ms, a[m], key)) < 0)
            return -1;
        if (k)
            lastofs = m + 1;
        else
            ofs = m;
    }
    return ofs;
}

/* As gallop_left, right of any equal items: a[k-1] <= key < a[k]. */
static intptr_t gallop_right(MergeState *ms, Obj *key, Obj **a, intptr_t n, intptr_t hint)
{
    intptr_t ofs = 1, lastofs = 0;
    int k;
    a += hint;
    if ((k = ms->lt(ms, key, *a)) < 0)
        return -1;
    if (k) {
        /* key < a[hint]: gallop left until a[hint-ofs] <= key < a[hint-lastofs] */
        intptr_t maxofs = hint + 1;
        while (ofs < maxofs) {
            if ((k = ms->lt(ms, key, *(a - ofs))) < 0)
                return -1;
            if (!k)
                break;
            lastofs = ofs;
            ofs = (ofs << 1) + 1;
        }
        if (ofs > maxofs)
            ofs = maxofs;
        intptr_t t = lastofs;
        lastofs = hint - ofs;
        ofs = hint - t;
    } else {
        /* a[hint] <= key: gallop right until a[hint+lastofs] <= key < a[hint+ofs] */
        intptr_t maxofs = n - hint;
        while (ofs < maxofs) {
            if ((k = ms->lt(ms, key, a[ofs])) < 0)
                return -1;
            if (k)
                break;
            lastofs = ofs;
            ofs = (ofs << 1) + 1;
        }
        if (ofs > maxofs)
            ofs = maxofs;
        lastofs += hint;
        ofs += hint;
    }
    a -= hint;
    ++lastofs;
    while (lastofs < ofs) {
        intptr_t m = lastofs + ((ofs - lastofs) >> 1);
        if ((k = ms->lt(ms, key, a[m])) < 0)
            return -1;
        if (k)
            ofs = m;
        else
            lastofs = m + 1;
    }
    return ofs;
}

/* ------------------------------------------------------------------ */
/* Merging                                                             */
/* ------------------------------------------------------------------ */

static void free_temp(MergeState *ms)
{
    if (ms->temp.keys != ms->temp_array) {
        size_t per = ms->temp.values != NULL ? 2 : 1;
        mem_free(ms->L, ms->temp.keys, (size_t)ms->temp_slots * per * sizeof(Obj *));
    }
}

static void init_temp(MergeState *ms, int has_values)
{
    ms->temp.keys = ms->temp_array;
    ms->temp_slots = TEMP_SLOTS;
    ms->temp.values = NULL;
    if (has_values) {
        ms->temp_slots = TEMP_SLOTS / 2;
        ms->temp.values = ms->temp_array + TEMP_SLOTS / 2;
    }
}

/* Makes the temporary area hold at least need keys (and values). */
static int get_temp(MergeState *ms, intptr_t need)
{
    if (need <= ms->temp_slots)
        return 0;
    int has_values = ms->temp.values != NULL;
    free_temp(ms);
    init_temp(ms, has_values);
    size_t per = has_values ? 2 : 1;
    if ((size_t)need > SIZE_MAX / sizeof(Obj *) / per) {
        err_no_memory(ms->L);
        return -1;
    }
    Obj **block = mem_alloc(ms->L, (size_t)need * per * sizeof(Obj *));
    if (block == NULL)
        return -1;
    ms->temp.keys = block;
    ms->temp.values = has_values ? block + need : NULL;
    ms->temp_slots = need;
    return 0;
}

/* Merges the adjacent runs a (na items) and b (nb items), na <= nb, a's
 * first item belonging first and b's last last. a goes to the temporary
 * area. 0, or -1 with every item back in place (in some order). */
static int merge_lo(MergeState *ms, Slice ssa, intptr_t na, Slice ssb, intptr_t nb)
{
    int result = -1;
    if (get_temp(ms, na) < 0)
        return -1;
    slice_memcpy(&ms->temp, 0, &ssa, 0, na);
    Slice dest = ssa;
    ssa = ms->temp;
    slice_copy_incr(&dest, &ssb);
    --nb;
    if (nb == 0)
        goto succeed;
    if (na == 1)
        goto copy_b;
    intptr_t min_gallop = ms->min_gallop;
    for (;;) {
        intptr_t acount = 0, bcount = 0;   /* wins in a row */
        /* One pair at a time until a run wins min_gallop times in a row. */
        for (;;) {
            int k = ms->lt(ms, ssb.keys[0], ssa.keys[0]);
            if (k < 0)
                goto fail;
            if (k) {
                slice_copy_incr(&dest, &ssb);
                ++bcount;
                acount = 0;
                if (--nb == 0)
                    goto succeed;
                if (bcount >= min_gallop)
                    break;
            } else {
                slice_copy_incr(&dest, &ssa);
                ++acount;
                bcount = 0;
                if (--na == 1)
                    goto copy_b;
                if (acount >= min_gallop)
                    break;
            }
        }
        /* Gallop while either run keeps winning by MIN_GALLOP or more. */
        ++min_gallop;
        do {
            min_gallop -= min_gallop > 1;
            ms->min_gallop = min_gallop;
            intptr_t k = gallop_right(ms, ssb.keys[0], ssa.keys, na, 0);
            acount = k;
            if (k) {
                if (k < 0)
                    goto fail;
                slice_memcpy(&dest, 0, &ssa, 0, k);
                slice_advance(&dest, k);
                slice_advance(&ssa, k);
                na -= k;
                if (na == 1)
                    goto copy_b;
                if (na == 0)              /* only with an inconsistent __lt__ */
                    goto succeed;
            }
            slice_copy_incr(&dest, &ssb);
            if (--nb == 0)
                goto succeed;
            k = gallop_left(ms, ssa.keys[0], ssb.keys, nb, 0);
            bcount = k;
            if (k) {
                if (k < 0)
                    goto fail;
                slice_memmove(&dest, 0, &ssb, 0, k);
                slice_advance(&dest, k);
                slice_advance(&ssb, k);
                nb -= k;
                if (nb == 0)
                    goto succeed;
            }
            slice_copy_incr(&dest, &ssa);
            if (--na == 1)
                goto copy_b;
        } while (acount >= MIN_GALLOP || bcount >= MIN_GALLOP);
        ++min_gallop;                     /* leaving galloping costs */
        ms->min_gallop = min_gallop;
    }
succeed:
    result = 0;
fail:
    if (na)
        slice_memcpy(&dest, 0, &ssa, 0, na);
    return result;
copy_b:
    /* a's last item belongs after what is left of b. */
    slice_memmove(&dest, 0, &ssb, 0, nb);
    slice_copy(&dest, nb, &ssa, 0);
    return 0;
}

/* As merge_lo for na > nb: b goes to the temporary area and the merge
 * runs from the right. */
static int merge_hi(MergeState *ms, Slice ssa, intptr_t na, Slice ssb, intptr_t nb)
{
    int result = -1;
    if (get_temp(ms, nb) < 0)
        return -1;
    Slice dest = ssb;
    slice_advance(&dest, nb - 1);
    slice_memcpy(&ms->temp, 0, &ssb, 0, nb);
    Slice basea = ssa, baseb = ms->temp;
    ssb = ms->temp;
    slice_advance(&ssb, nb - 1);
    slice_advance(&ssa, na - 1);
    slice_copy_decr(&dest, &ssa);
    --na;
    if (na == 0)
        goto succeed;
    if (nb == 1)
        goto copy_a;
    intptr_t min_gallop = ms->min_gallop;
    for (;;) {
        intptr_t acount = 0, bcount = 0;
        for (;;) {
            int k = ms->lt(ms, ssb.keys[0], ssa.keys[0]);
            if (k < 0)
                goto fail;
            if (k) {
                slice_copy_decr(&dest, &ssa);
                ++acount;
                bcount = 0;
                if (--na == 0)
                    goto succeed;
                if (acount >= min_gallop)
                    break;
            } else {
                slice_copy_decr(&dest, &ssb);
                ++bcount;
                acount = 0;
                if (--nb == 1)
                    goto copy_a;
                if (bcount >= min_gallop)
                    break;
            }
        }
        ++min_gallop;
        do {
            min_gallop -= min_gallop > 1;
            ms->min_gallop = min_gallop;
            intptr_t k = gallop_right(ms, ssb.keys[0], basea.keys, na, na - 1);
            if (k < 0)
                goto fail;
            k = na - k;
            acount = k;
            if (k) {
                slice_advance(&dest, -k);
                slice_advance(&ssa, -k);
                slice_memmove(&dest, 1, &ssa, 1, k);
                na -= k;
                if (na == 0)
                    goto succeed;
            }
            slice_copy_decr(&dest, &ssb);
            if (--nb == 1)
                goto copy_a;
            k = gallop_left(ms, ssa.keys[0], baseb.keys, nb, nb - 1);
            if (k < 0)
                goto fail;
            k = nb - k;
            bcount = k;
            if (k) {
                slice_advance(&dest, -k);
                slice_advance(&ssb, -k);
                slice_memcpy(&dest, 1, &ssb, 1, k);
                nb -= k;
                if (nb == 1)
                    goto copy_a;
                if (nb == 0)              /* only with an inconsistent __lt__ */
                    goto succeed;
            }
            slice_copy_decr(&dest, &ssa);
            if (--na == 0)
                goto succeed;
        } while (acount >= MIN_GALLOP || bcount >= MIN_GALLOP);
        ++min_gallop;
        ms->min_gallop = min_gallop;
    }
succeed:
    result = 0;
fail:
    if (nb)
        slice_memcpy(&dest, -(nb - 1), &baseb, 0, nb);
    return result;
copy_a:
    /* b's first item belongs before what is left of a. */
    slice_memmove(&dest, 1 - na, &ssa, 1 - na, na);
    slice_advance(&dest, -na);
    slice_advance(&ssa, -na);
    slice_copy(&dest, 0, &ssb, 0);
    return 0;
}

/* Merges pending runs i and i+1 (i is the second- or third-last run). */
static int merge_at(MergeState *ms, intptr_t i)
{
    Slice ssa = ms->pending[i].base, ssb = ms->pending[i + 1].base;
    intptr_t na = ms->pending[i].len, nb = ms->pending[i + 1].len;
    ms->pending[i].len = na + nb;
    if (i == ms->n - 3)
        ms->pending[i + 1] = ms->pending[i + 2];
    --ms->n;
    /* a's items before b's first one are in place already. */
    intptr_t k = gallop_right(ms, *ssb.keys, ssa.keys, na, 0);
    if (k < 0)
        return -1;
    slice_advance(&ssa, k);
    na -= k;
    if (na == 0)
        return 0;
    /* So are b's items after a's last one. */
    nb = gallop_left(ms, ssa.keys[na - 1], ssb.keys, nb, nb - 1);
    if (nb <= 0)
        return (int)nb;
    return na <= nb ? merge_lo(ms, ssa, na, ssb, nb) : merge_hi(ms, ssa, na, ssb, nb);
}

/* Powersort's node power of the boundary between the run at s1 (n1
 * items) and the next (n2 items), in a list of n. */
static int powerloop(intptr_t s1, intptr_t n1, intptr_t n2, intptr_t n)
{
    int result = 0;
    intptr_t a = 2 * s1 + n1;        /* twice the first run's midpoint */
    intptr_t b = a + n1 + n2;        /* twice the second's */
    for (;;) {
        ++result;
        if (a >= n) {
            a -= n;
            b -= n;
        } else if (b >= n) {
            break;
        }
        a <<= 1;
        b <<= 1;
    }
    return result;
}

/* A run of n2 items follows the last pending one: merge what the power
 * ordering asks for, then record the power of the new boundary. */
static int found_new_run(MergeState *ms, intptr_t n2)
{
    if (ms->n == 0)
        return 0;
    Run *p = ms->pending;
    intptr_t s1 = p[ms->n - 1].base.keys - ms->basekeys, n1 = p[ms->n - 1].len;
    int power = powerloop(s1, n1, n2, ms->listlen);
    while (ms->n > 1 && p[ms->n - 2].power > power) {
        if (merge_at(ms, ms->n - 2) < 0)
            return -1;
    }
    p[ms->n - 1].power = power;
    return 0;
}

static int merge_force_collapse(MergeState *ms)
{
    Run *p = ms->pending;
    while (ms->n > 1) {
        intptr_t n = ms->n - 2;
        if (n > 0 && p[n - 1].len < p[n + 1].len)
            --n;
        if (merge_at(ms, n) < 0)
            return -1;
    }
    return 0;
}

/* The shortest run length worth making, between 32 and 64 (see
 * CPython's listsort.txt). */
static intptr_t compute_minrun(intptr_t n)
{
    intptr_t r = 0;
    while (n >= 64) {
        r |= n & 1;
        n >>= 1;
    }
    return n + r;
}

/* ------------------------------------------------------------------ */
/* Entry point                                                         */
/* ------------------------------------------------------------------ */

static int sort_runs(MergeState *ms, Slice lo, intptr_t nremaining)
{
    intptr_t minrun = compute_minrun(nremaining);
    do {
        int descending;
        intptr_t n = count_run(ms, lo.keys, lo.keys + nremaining, &descending);
        if (n < 0)
            return -1;
        if (descending)
            slice_reverse(&lo, n);
        if (n < minrun) {
            intptr_t force = nremaining <= minrun ? nremaining : minrun;
            if (binarysort(ms, lo, lo.keys + force, lo.keys + n) < 0)
                return -1;
            n = force;
        }
        if (found_new_run(ms, n) < 0)
            return -1;
        ms->pending[ms->n].base = lo;
        ms->pending[ms->n].len = n;
        ++ms->n;
        slice_advance(&lo, n);
        nremaining -= n;
    } while (nremaining);
    return merge_force_collapse(ms);
}

int listsort_run(Lang *L, Obj **keys, Obj **values, size_t n)
{
    if (n < 2)
        return 0;
    MergeState ms;
    ms.L = L;
    ms.min_gallop = MIN_GALLOP;
    ms.n = 0;
    ms.basekeys = keys;
    ms.listlen = (intptr_t)n;
    init_temp(&ms, values != NULL);
    choose_compare(&ms, keys, n);
    int r = sort_runs(&ms, (Slice){keys, values}, (intptr_t)n);
    free_temp(&ms);
    return r;
}
