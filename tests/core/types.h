/*
 * types.h - the small object types the functional tests of the memory core
 * are built from (on the public API only), and the state the tests share.
 *
 * Types (every instance carries a name; named instances log what happens to
 * them, unnamed ones - the millions of a deep chain - stay silent):
 *   leaf    - not GC, weak-referenceable, owns nothing
 *   pair    - GC, weak-referenceable, owns a and b (visited, cleared and
 *             released in that order)
 *   fin     - a pair with a safe finalizer: logs "fin NAME", then runs the
 *             instance's hook (resurrect, drop its fields, fail, ...)
 *   legacy  - a pair with a legacy finalizer: logs "del NAME", then the hook
 *   badpair - a pair whose traverse forgets b (for the heap checker)
 *   list    - GC, weak-referenceable, an item array from ouro_mem_alloc;
 *             traverses, clears and releases its items back to front, as
 *             CPython's list does
 *   dict    - a list with OURO_TYPE_UNTRACK_FULL, not weak-referenceable
 *             (untracked by full collections; list_append re-tracks it when
 *             it stores a container)
 *   tuple   - var-sized, OURO_TYPE_UNTRACK_IMMUTABLE, no clear slot (as
 *             CPython's tuple)
 * Deallocation of a named instance logs "dealloc NAME" before its fields are
 * released, so the log shows the order in which objects go.
 *
 * Shared state, reset by rt_new() for every case:
 *   the event log (tlog), the text written through the write_debug hook
 *   (dbg), and `saved`, the global place where finalizers store the objects
 *   they resurrect (it owns a reference to each; saved_release() drops them).
 * Errors reported through report_error are logged as "error WHERE NAME".
 */
#ifndef OURO_TESTS_TYPES_H
#define OURO_TESTS_TYPES_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "check.h"

#define CHECK_STREQ(a, b)                                                           \
    do {                                                                            \
        const char *check_sa_ = (a), *check_sb_ = (b);                              \
        if (strcmp(check_sa_, check_sb_) != 0) {                                    \
            fprintf(stderr, "  %s:%d: CHECK_STREQ failed: %s == %s\n"               \
                            "    got:  \"%s\"\n    want: \"%s\"\n",                 \
                    __FILE__, __LINE__, #a, #b, check_sa_, check_sb_);              \
            check_case_failed = 1;                                                  \
        }                                                                           \
    } while (0)

/* ------------------------------------------------------------------ */
/* The event log                                                       */
/* ------------------------------------------------------------------ */

#define TLOG_CAP 4096
#define TLOG_LEN 80

static struct {
    char e[TLOG_CAP][TLOG_LEN];
    int n;
    char joined[TLOG_CAP * 8];
} tlog;

static inline void log_add(const char *fmt, ...)
{
    if (tlog.n == TLOG_CAP)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tlog.e[tlog.n++], TLOG_LEN, fmt, ap);
    va_end(ap);
}

static inline void log_reset(void)
{
    tlog.n = 0;
}

/* Index of the first entry equal to e, or -1. */
static inline int log_index(const char *e)
{
    for (int i = 0; i < tlog.n; i++)
        if (strcmp(tlog.e[i], e) == 0)
            return i;
    return -1;
}

static inline int log_count(const char *e)
{
    int n = 0;
    for (int i = 0; i < tlog.n; i++)
        n += strcmp(tlog.e[i], e) == 0;
    return n;
}

/* The entries from..end joined by ", " (a static buffer). */
static inline const char *log_from(int from)
{
    size_t pos = 0;
    tlog.joined[0] = '\0';
    for (int i = from; i < tlog.n; i++) {
        int w = snprintf(tlog.joined + pos, sizeof tlog.joined - pos, "%s%s",
                         i > from ? ", " : "", tlog.e[i]);
        if (w < 0 || (size_t)w >= sizeof tlog.joined - pos)
            break;
        pos += (size_t)w;
    }
    return tlog.joined;
}

static inline const char *log_joined(void)
{
    return log_from(0);
}

/* ------------------------------------------------------------------ */
/* Debug text, resurrected objects                                     */
/* ------------------------------------------------------------------ */

static struct {
    char *text;   /* malloc'ed, NUL-terminated */
    size_t len, cap;
} dbg;

static inline void dbg_reset(void)
{
    free(dbg.text);
    dbg.text = NULL;
    dbg.len = dbg.cap = 0;
}

static inline const char *dbg_text(void)
{
    return dbg.text != NULL ? dbg.text : "";
}

/* Number of lines of the debug text that start with prefix. */
static inline int dbg_count_prefix(const char *prefix)
{
    int n = 0;
    size_t plen = strlen(prefix);
    for (const char *line = dbg_text(); *line != '\0';) {
        if (strncmp(line, prefix, plen) == 0)
            n++;
        const char *nl = strchr(line, '\n');
        if (nl == NULL)
            break;
        line = nl + 1;
    }
    return n;
}

#define SAVED_CAP 256

static struct {
    OuroObject *obj[SAVED_CAP];
    int n;
} saved;

/* Stores a new reference to obj in the global place. */
static inline void save_ref(OuroObject *obj)
{
    if (saved.n < SAVED_CAP)
        saved.obj[saved.n++] = ouro_newref(obj);
}

/* Releases everything saved, newest first. */
static inline void saved_release(OuroRuntime *rt)
{
    while (saved.n > 0) {
        OuroObject *obj = saved.obj[--saved.n];
        saved.obj[saved.n] = NULL;
        ouro_decref(rt, obj);
    }
}

/* ------------------------------------------------------------------ */
/* Types                                                               */
/* ------------------------------------------------------------------ */

typedef struct Leaf {
    OuroObject ob;
    const char *name;
    OuroWeakRef *weaklist;
} Leaf;

struct Pair;
/* A finalizer's behaviour: returns the finalizer's result (0 or -1). */
typedef int (*PairHook)(OuroRuntime *rt, struct Pair *self);

typedef struct Pair {
    OuroObject ob;
    OuroObject *a, *b;
    const char *name;
    OuroWeakRef *weaklist;
    PairHook hook;    /* fin and legacy only: run by the finalizer */
    void *ctx;        /* free for the hook */
} Pair;

typedef struct List {
    OuroObject ob;
    intptr_t len, cap;
    OuroObject **items;
    const char *name;
    OuroWeakRef *weaklist;
} List;

typedef struct Tuple {
    OuroVarObject ob;
    const char *name;
    OuroObject *items[];
} Tuple;

static inline const char *obj_name(const OuroObject *obj);

static void leaf_dealloc(OuroRuntime *rt, OuroObject *self)
{
    (void)rt;
    Leaf *l = (Leaf *)self;
    if (l->name != NULL)
        log_add("dealloc %s", l->name);
}

static const OuroType leaf_type = {
    .name = "leaf",
    .basic_size = sizeof(Leaf),
    .flags = OURO_TYPE_WEAKREFABLE,
    .weaklist_offset = offsetof(Leaf, weaklist),
    .dealloc = leaf_dealloc,
};

static int pair_traverse(OuroObject *self, OuroVisitFn visit, void *arg)
{
    Pair *p = (Pair *)self;
    int r = p->a != NULL ? visit(p->a, arg) : 0;
    if (r == 0 && p->b != NULL)
        r = visit(p->b, arg);
    return r;
}

static int pair_clear(OuroRuntime *rt, OuroObject *self)
{
    Pair *p = (Pair *)self;
    ouro_clearref(rt, &p->a);
    ouro_clearref(rt, &p->b);
    return 0;
}

static void pair_dealloc(OuroRuntime *rt, OuroObject *self)
{
    Pair *p = (Pair *)self;
    if (p->name != NULL)
        log_add("dealloc %s", p->name);
    pair_clear(rt, self);
}

static int fin_finalize(OuroRuntime *rt, OuroObject *self)
{
    Pair *p = (Pair *)self;
    if (p->name != NULL)
        log_add("fin %s", p->name);
    return p->hook != NULL ? p->hook(rt, p) : 0;
}

static int legacy_del(OuroRuntime *rt, OuroObject *self)
{
    Pair *p = (Pair *)self;
    if (p->name != NULL)
        log_add("del %s", p->name);
    return p->hook != NULL ? p->hook(rt, p) : 0;
}

/* Visits a only: the b field is a reference the collector cannot see. */
static int badpair_traverse(OuroObject *self, OuroVisitFn visit, void *arg)
{
    Pair *p = (Pair *)self;
    return p->a != NULL ? visit(p->a, arg) : 0;
}

#define PAIR_LAYOUT                                                                 \
    .basic_size = sizeof(Pair), .flags = OURO_TYPE_GC | OURO_TYPE_WEAKREFABLE,      \
    .weaklist_offset = offsetof(Pair, weaklist), .dealloc = pair_dealloc,           \
    .traverse = pair_traverse, .clear = pair_clear

static const OuroType pair_type = {.name = "pair", PAIR_LAYOUT};
static const OuroType fin_type = {.name = "fin", PAIR_LAYOUT, .finalize = fin_finalize};
static const OuroType legacy_type = {.name = "legacy", PAIR_LAYOUT, .legacy_del = legacy_del};
static const OuroType badpair_type = {
    .name = "badpair",
    .basic_size = sizeof(Pair),
    .flags = OURO_TYPE_GC | OURO_TYPE_WEAKREFABLE,
    .weaklist_offset = offsetof(Pair, weaklist),
    .dealloc = pair_dealloc,
    .traverse = badpair_traverse,
    .clear = pair_clear,
};

static int list_traverse(OuroObject *self, OuroVisitFn visit, void *arg)
{
    List *l = (List *)self;
    for (intptr_t i = l->len; --i >= 0;) {
        if (l->items[i] != NULL) {
            int r = visit(l->items[i], arg);
            if (r != 0)
                return r;
        }
    }
    return 0;
}

/* Empties the list first, then releases the items back to front: code run
 * by a release sees an empty list (CPython's list_clear). */
static int list_clear(OuroRuntime *rt, OuroObject *self)
{
    List *l = (List *)self;
    OuroObject **items = l->items;
    intptr_t len = l->len, cap = l->cap;
    l->items = NULL;
    l->len = l->cap = 0;
    for (intptr_t i = len; --i >= 0;)
        ouro_xdecref(rt, items[i]);
    if (items != NULL)
        ouro_mem_free(rt, items, (size_t)cap * sizeof *items);
    return 0;
}

static void list_dealloc(OuroRuntime *rt, OuroObject *self)
{
    List *l = (List *)self;
    if (l->name != NULL)
        log_add("dealloc %s", l->name);
    list_clear(rt, self);
}

static const OuroType list_type = {
    .name = "list",
    .basic_size = sizeof(List),
    .flags = OURO_TYPE_GC | OURO_TYPE_WEAKREFABLE,
    .weaklist_offset = offsetof(List, weaklist),
    .dealloc = list_dealloc,
    .traverse = list_traverse,
    .clear = list_clear,
};

static const OuroType dict_type = {
    .name = "dict",
    .basic_size = sizeof(List),
    .flags = OURO_TYPE_GC | OURO_TYPE_UNTRACK_FULL,
    .dealloc = list_dealloc,
    .traverse = list_traverse,
    .clear = list_clear,
};

static int tuple_traverse(OuroObject *self, OuroVisitFn visit, void *arg)
{
    Tuple *t = (Tuple *)self;
    for (intptr_t i = t->ob.size; --i >= 0;) {
        if (t->items[i] != NULL) {
            int r = visit(t->items[i], arg);
            if (r != 0)
                return r;
        }
    }
    return 0;
}

static void tuple_dealloc(OuroRuntime *rt, OuroObject *self)
{
    Tuple *t = (Tuple *)self;
    if (t->name != NULL)
        log_add("dealloc %s", t->name);
    for (intptr_t i = t->ob.size; --i >= 0;)
        ouro_clearref(rt, &t->items[i]);
}

static const OuroType tuple_type = {
    .name = "tuple",
    .basic_size = sizeof(Tuple),
    .item_size = sizeof(OuroObject *),
    .flags = OURO_TYPE_GC | OURO_TYPE_UNTRACK_IMMUTABLE,
    .dealloc = tuple_dealloc,
    .traverse = tuple_traverse,
};

/* ------------------------------------------------------------------ */
/* Constructors (new references; NULL when memory runs out)            */
/* ------------------------------------------------------------------ */

static inline OuroObject *leaf_new(OuroRuntime *rt, const char *name)
{
    Leaf *l = (Leaf *)ouro_new(rt, &leaf_type);
    if (l == NULL)
        return NULL;
    l->name = name;
    return &l->ob;
}

/* A tracked instance of a pair-layout type (pair, fin, legacy, badpair). */
static inline Pair *pair_new_of(OuroRuntime *rt, const OuroType *type, const char *name)
{
    Pair *p = (Pair *)ouro_new(rt, type);
    if (p == NULL)
        return NULL;
    p->name = name;
    ouro_gc_track(rt, &p->ob);
    return p;
}

static inline Pair *pair_new(OuroRuntime *rt, const char *name)
{
    return pair_new_of(rt, &pair_type, name);
}

static inline Pair *fin_new(OuroRuntime *rt, const char *name, PairHook hook)
{
    Pair *p = pair_new_of(rt, &fin_type, name);
    if (p != NULL)
        p->hook = hook;
    return p;
}

static inline Pair *legacy_new(OuroRuntime *rt, const char *name)
{
    return pair_new_of(rt, &legacy_type, name);
}

#define OBJ(p) (&(p)->ob)

/* p->a = obj (borrowed; a new reference is stored, the old one released). */
static inline void set_a(OuroRuntime *rt, Pair *p, OuroObject *obj)
{
    ouro_setref(rt, &p->a, obj != NULL ? ouro_newref(obj) : NULL);
}

static inline void set_b(OuroRuntime *rt, Pair *p, OuroObject *obj)
{
    ouro_setref(rt, &p->b, obj != NULL ? ouro_newref(obj) : NULL);
}

static inline List *list_new_of(OuroRuntime *rt, const OuroType *type, const char *name)
{
    List *l = (List *)ouro_new(rt, type);
    if (l == NULL)
        return NULL;
    l->name = name;
    ouro_gc_track(rt, &l->ob);
    return l;
}

static inline List *list_new(OuroRuntime *rt, const char *name)
{
    return list_new_of(rt, &list_type, name);
}

/* Appends item, taking over the caller's reference even on failure. */
static inline int list_append_take(OuroRuntime *rt, List *l, OuroObject *item)
{
    if (l->len == l->cap) {
        intptr_t cap = l->cap ? l->cap * 2 : 1;
        OuroObject **items = ouro_mem_realloc(rt, l->items, (size_t)l->cap * sizeof *items,
                                              (size_t)cap * sizeof *items);
        if (items == NULL) {
            ouro_decref(rt, item);
            return -1;
        }
        l->items = items;
        l->cap = cap;
    }
    l->items[l->len++] = item;
    /* A dict-like re-tracks itself when it receives a container. */
    if (l->ob.type == &dict_type && (item->type->flags & OURO_TYPE_GC) &&
        !ouro_gc_is_tracked(&l->ob))
        ouro_gc_track(rt, &l->ob);
    return 0;
}

/* Appends a new reference to item (borrowed). */
static inline int list_append(OuroRuntime *rt, List *l, OuroObject *item)
{
    return list_append_take(rt, l, ouro_newref(item));
}

/* Replaces item i with a new reference to item (borrowed). */
static inline void list_set(OuroRuntime *rt, List *l, intptr_t i, OuroObject *item)
{
    ouro_setref(rt, &l->items[i], ouro_newref(item));
}

/* A tracked tuple of new references to items[0..n-1] (borrowed). */
static inline Tuple *tuple_new(OuroRuntime *rt, const char *name, size_t n,
                               OuroObject *const *items)
{
    Tuple *t = (Tuple *)ouro_new_var(rt, &tuple_type, n);
    if (t == NULL)
        return NULL;
    t->name = name;
    for (size_t i = 0; i < n; i++)
        t->items[i] = ouro_newref(items[i]);
    ouro_gc_track(rt, &t->ob.ob);
    return t;
}

static inline const char *obj_name(const OuroObject *obj)
{
    const OuroType *t = obj->type;
    const char *name = NULL;
    if (t == &leaf_type)
        name = ((const Leaf *)obj)->name;
    else if (t == &pair_type || t == &fin_type || t == &legacy_type || t == &badpair_type)
        name = ((const Pair *)obj)->name;
    else if (t == &list_type || t == &dict_type)
        name = ((const List *)obj)->name;
    else if (t == &tuple_type)
        name = ((const Tuple *)obj)->name;
    return name != NULL ? name : t->name;
}

/* ------------------------------------------------------------------ */
/* Weak reference callbacks                                            */
/* ------------------------------------------------------------------ */

/* Logs "wrcb NAME" (NAME = ctx) and whether the weakref reads dead. */
static int wrcb_log(OuroRuntime *rt, OuroWeakRef *wr, void *ctx)
{
    (void)rt;
    log_add("wrcb %s%s", (const char *)ctx, ouro_weakref_get(wr) != NULL ? " ALIVE" : "");
    return 0;
}

static int wrcb_fail(OuroRuntime *rt, OuroWeakRef *wr, void *ctx)
{
    wrcb_log(rt, wr, ctx);
    return -1;
}

/* A weak reference to referent whose callback logs "wrcb NAME" (or fails,
 * after logging, when fail is set). New reference. */
static inline OuroWeakRef *weakref_cb(OuroRuntime *rt, OuroObject *referent, const char *name,
                                      int fail)
{
    OuroObject *cb = ouro_ccallback_new(rt, fail ? wrcb_fail : wrcb_log, (void *)name);
    if (cb == NULL)
        return NULL;
    OuroWeakRef *wr = ouro_weakref_new(rt, referent, cb);
    ouro_decref(rt, cb);
    return wr;
}

/* ------------------------------------------------------------------ */
/* Finalizer hooks                                                     */
/* ------------------------------------------------------------------ */

/* Resurrects the object: a new reference goes to the global place. */
static inline int hook_resurrect(OuroRuntime *rt, Pair *self)
{
    (void)rt;
    save_ref(&self->ob);
    return 0;
}

/* Drops the objects the finalizer's object holds. */
static inline int hook_drop(OuroRuntime *rt, Pair *self)
{
    ouro_clearref(rt, &self->a);
    ouro_clearref(rt, &self->b);
    return 0;
}

static inline int hook_fail(OuroRuntime *rt, Pair *self)
{
    (void)rt;
    (void)self;
    return -1;
}

/* Asks for a collection from inside the finalizer; logs the result. */
static inline int hook_collect(OuroRuntime *rt, Pair *self)
{
    (void)self;
    log_add("collect %lld", (long long)ouro_gc_collect(rt, 2));
    return 0;
}

/* Logs whether the weak reference in ctx reads alive or dead. */
static inline int hook_read_weakref(OuroRuntime *rt, Pair *self)
{
    (void)rt;
    log_add("read %s", ouro_weakref_get(self->ctx) != NULL ? "alive" : "dead");
    return 0;
}

/* Logs whether the object is marked finalized inside its finalizer. */
static inline int hook_log_finalized(OuroRuntime *rt, Pair *self)
{
    (void)rt;
    log_add("finalized %d", ouro_gc_is_finalized(&self->ob));
    return 0;
}

/* Creates a weak reference to the object itself, with a callback logging
 * "wrcb self", and keeps it in the global place. */
static inline int hook_weakref_self(OuroRuntime *rt, Pair *self)
{
    OuroWeakRef *wr = weakref_cb(rt, &self->ob, "self", 0);
    if (wr == NULL)
        return -1;
    save_ref(&wr->ob);
    ouro_decref(rt, &wr->ob);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Runtimes                                                            */
/* ------------------------------------------------------------------ */

static void hook_report_error(OuroRuntime *rt, const char *where, OuroObject *obj)
{
    (void)rt;
    log_add("error %s %s", where, obj != NULL ? obj_name(obj) : "-");
}

static void hook_write_debug(OuroRuntime *rt, const char *text)
{
    (void)rt;
    size_t n = strlen(text);
    if (dbg.len + n + 1 > dbg.cap) {
        size_t cap = dbg.cap ? dbg.cap : 4096;
        while (cap < dbg.len + n + 1)
            cap *= 2;
        char *p = realloc(dbg.text, cap);
        if (p == NULL)
            return;
        dbg.text = p;
        dbg.cap = cap;
    }
    memcpy(dbg.text + dbg.len, text, n + 1);
    dbg.len += n;
}

/* A fresh runtime whose report_error and write_debug hooks feed the log and
 * the debug text; every piece of shared state starts empty. */
static inline OuroRuntime *rt_new(void)
{
    OuroConfig cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.hooks.report_error = hook_report_error;
    cfg.hooks.write_debug = hook_write_debug;
    log_reset();
    dbg_reset();
    memset(&saved, 0, sizeof saved);
    OuroRuntime *rt = ouro_runtime_new(&cfg);
    if (rt == NULL) {
        fprintf(stderr, "ouro_runtime_new failed\n");
        exit(2);
    }
    return rt;
}

/* Checks the collector's structures, then destroys the runtime (which frees
 * whatever the case left behind: saved objects, garbage, handles). */
static inline void rt_end(OuroRuntime *rt)
{
    CHECK_EQ(ouro_heap_check(rt, 0), 0);
    ouro_runtime_destroy(rt);
    memset(&saved, 0, sizeof saved);
    dbg_reset();
}

/* Depth of the deep-structure cases: 10,000,000; 1,000,000 under ASan;
 * 100,000 in builds with OURO_TEST_SMALL (valgrind). The environment
 * variable OURO_TEST_DEPTH overrides it. */
static inline long test_depth(void)
{
    const char *env = getenv("OURO_TEST_DEPTH");
    if (env != NULL && atol(env) > 0)
        return atol(env);
#ifdef OURO_TEST_SMALL
    return 100000L;
#else
    return CHECK_ASAN ? 1000000L : 10000000L;
#endif
}

static inline size_t mem_in_use(OuroRuntime *rt)
{
    OuroMemStats st;
    ouro_mem_stats(rt, &st);
    return st.bytes_in_use;
}

static inline intptr_t gen_size(OuroRuntime *rt, int space)
{
    return ouro_gc_generation_size(rt, space);
}

/* Which generation (0..2) holds obj, found through ouro_gc_get_objects;
 * OURO_GC_PERMANENT for a tracked object in none of them (frozen), -1 for
 * an untracked one. */
static inline int space_of(OuroRuntime *rt, OuroObject *obj)
{
    for (int g = 0; g < OURO_GC_GENERATIONS; g++) {
        size_t n;
        OuroObject **objs = ouro_gc_get_objects(rt, g, &n);
        int found = 0;
        for (size_t i = 0; objs != NULL && i < n; i++)
            found |= objs[i] == obj;
        ouro_objects_free(rt, objs, n);
        if (found)
            return g;
    }
    return ouro_gc_is_tracked(obj) ? OURO_GC_PERMANENT : -1;
}

#endif
