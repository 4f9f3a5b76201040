/*
 * leakcheck.c - leak mode (`ouro -X leakcheck=N script.py`), as CPython's
 * `regrtest -R`: the program runs N times in one interpreter, each time in
 * a fresh __main__ module, and fails with exit status 2 when what stays
 * alive keeps growing from run to run.
 *
 * After every run (run_and_settle):
 *   1. the process-wide state a script may change and that is not its
 *      own is put back: the gc module's (gc.garbage and gc.callbacks
 *      emptied, debug flags, thresholds and the enabled flag as they were
 *      before the first run, every frozen object unfrozen) and
 *      sys.stdin/stdout/stderr (from sys.__stdin__ & co);
 *   2. __main__ is replaced by a new empty module, which drops the run's
 *      globals;
 *   3. full collections until one finds nothing (at most MAX_COLLECTS),
 *      then one of generation 1, which leaves the collector's counts as
 *      start-up leaves them;
 *   4. a sample is taken (take_sample): the allocator's blocks and bytes
 *      in use (exact: every object and every byte they own, tracked or
 *      not), and a walk of every object reachable from the collector's
 *      lists and the runtime's roots through the traverse slots, which
 *      counts the objects per type name and sums their reference counts.
 *
 * The first max(1, N/3) runs are warm-up: caches that belong to the
 * runtime (interned strings, sys.modules entries of built-in modules,
 * free lists) fill then. The check then fails if the blocks in use, the
 * bytes in use or the total of the reference counts grew in every later
 * run (CPython's rule, which it applies to blocks and references: every
 * delta >= 1; one run that does not grow is noise, not a leak). Bytes
 * catch what blocks cannot: a str or list kept in a persistent place
 * that is replaced by a longer one in every run. Exit functions (weakref.finalize's atexit) stay registered for
 * the shutdown after the last run.
 *
 * The sample's own bookkeeping uses malloc, never the runtime's
 * allocator, so that measuring does not change what is measured; the
 * collector's snapshot (ouro_gc_get_objects) is taken after the
 * allocator's figures are read and is freed before the next sample.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm.h"
#include "ouro_vm.h"
#include "../objects/dictobject.h"
#include "../objects/instance.h"
#include "../objects/listobject.h"
#include "../objects/moduleobject.h"
#include "../objects/strobject.h"

enum {
    MAX_COLLECTS = 4,     /* full collections per settle; more find nothing */
    MAX_TYPES_SHOWN = 12, /* types listed in a leak report */
};

/* Live objects of one type name (names, not type pointers: a class a
 * script defines is a new type in every run). */
typedef struct TypeCount {
    char *name;           /* malloc'd copy */
    size_t count;
} TypeCount;

/* What is alive after one run. */
typedef struct Sample {
    size_t blocks, bytes;         /* the allocator's, every block of the runtime */
    size_t objects;               /* objects the walk reached */
    intptr_t refs;                /* the sum of their reference counts */
    TypeCount *types;             /* sorted by name, ntypes of them */
    size_t ntypes;
} Sample;

/* ------------------------------------------------------------------ */
/* The walk: every object reachable from the tracked ones and the roots */
/* ------------------------------------------------------------------ */

/* An open-addressing set of objects (NULL: empty slot) and the stack of
 * those whose referents are still to visit. */
typedef struct Walk {
    OuroObject **slots;
    size_t cap, used;
    OuroObject **stack;
    size_t depth, stack_cap;
    int oom;
} Walk;

static size_t hash_ptr(const OuroObject *o, size_t cap)
{
    uintptr_t h = (uintptr_t)o >> 4;
    h ^= h >> 17;
    h *= (uintptr_t)0x9E3779B97F4A7C15u;
    return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

static int set_grow(Walk *w)
{
    size_t cap = w->cap ? w->cap * 2 : 1u << 14;
    OuroObject **slots = calloc(cap, sizeof *slots);
    if (slots == NULL)
        return -1;
    for (size_t i = 0; i < w->cap; i++) {
        OuroObject *o = w->slots[i];
        if (o == NULL)
            continue;
        size_t j = hash_ptr(o, cap);
        while (slots[j] != NULL)
            j = (j + 1) & (cap - 1);
        slots[j] = o;
    }
    free(w->slots);
    w->slots = slots;
    w->cap = cap;
    return 0;
}

static int push(Walk *w, OuroObject *o)
{
    if (w->depth == w->stack_cap) {
        size_t cap = w->stack_cap ? w->stack_cap * 2 : 1024;
        OuroObject **stack = realloc(w->stack, cap * sizeof *stack);
        if (stack == NULL)
            return -1;
        w->stack = stack;
        w->stack_cap = cap;
    }
    w->stack[w->depth++] = o;
    return 0;
}

/* Adds o to the set and the stack unless it was seen: the OuroVisitFn of
 * the walk. Non-zero (stop) only when malloc fails. */
static int visit(OuroObject *o, void *arg)
{
    Walk *w = arg;
    if (o == NULL || w->oom)
        return w->oom;
    if ((w->used + 1) * 2 > w->cap && set_grow(w) < 0)
        return w->oom = 1;
    size_t j = hash_ptr(o, w->cap);
    while (w->slots[j] != NULL) {
        if (w->slots[j] == o)
            return 0;
        j = (j + 1) & (w->cap - 1);
    }
    if (push(w, o) < 0)
        return w->oom = 1;
    w->slots[j] = o;
    w->used++;
    return 0;
}

/* Visits the referents of every object on the stack, transitively.
 * Traverse slots change nothing and run no code (include/ouro.h), so
 * walking untracked containers too is safe. */
static void drain(Walk *w)
{
    while (w->depth > 0 && !w->oom) {
        OuroObject *o = w->stack[--w->depth];
        if (o->type->traverse != NULL)
            o->type->traverse(o, visit, w);
    }
}

static int by_type(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)(*(OuroObject *const *)a)->type;
    uintptr_t y = (uintptr_t)(*(OuroObject *const *)b)->type;
    return x < y ? -1 : x > y;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const TypeCount *)a)->name, ((const TypeCount *)b)->name);
}

/* The objects of the set (compacted into its slots, which this reorders)
 * counted per type name into s. 0, or -1 if malloc fails. */
static int count_types(Walk *w, Sample *s)
{
    size_t n = 0;
    for (size_t i = 0; i < w->cap; i++) {
        if (w->slots[i] != NULL)
            w->slots[n++] = w->slots[i];
    }
    qsort(w->slots, n, sizeof *w->slots, by_type);
    s->types = calloc(n ? n : 1, sizeof *s->types);
    if (s->types == NULL)
        return -1;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && w->slots[j]->type == w->slots[i]->type)
            j++;
        const char *name = w->slots[i]->type->name ? w->slots[i]->type->name : "?";
        if ((s->types[s->ntypes].name = strdup(name)) == NULL)
            return -1;
        s->types[s->ntypes++].count = j - i;
        i = j;
    }
    /* Several types may share a name (a class of each run): merge them. */
    qsort(s->types, s->ntypes, sizeof *s->types, by_name);
    size_t k = 0;
    for (size_t i = 0; i < s->ntypes; i++) {
        if (k > 0 && strcmp(s->types[k - 1].name, s->types[i].name) == 0) {
            s->types[k - 1].count += s->types[i].count;
            free(s->types[i].name);
        } else {
            s->types[k++] = s->types[i];
        }
    }
    s->ntypes = k;
    return 0;
}

static void sample_free(Sample *s)
{
    for (size_t i = 0; i < s->ntypes; i++)
        free(s->types[i].name);
    free(s->types);
    memset(s, 0, sizeof *s);
}

/* Fills s with what is alive now. 0, or -1 if memory runs out (malloc or
 * the collector's snapshot). */
static int take_sample(Lang *L, Sample *s)
{
    OuroMemStats ms;
    ouro_mem_stats(L->rt, &ms);
    memset(s, 0, sizeof *s);
    s->blocks = ms.blocks_in_use;
    s->bytes = ms.bytes_in_use;
    size_t ntracked = 0;
    OuroObject **tracked = ouro_gc_get_objects(L->rt, -1, &ntracked);
    if (tracked == NULL && ntracked == SIZE_MAX)
        return -1;
    Walk w = {0};
    for (size_t i = 0; i < ntracked && !w.oom; i++)
        visit(tracked[i], &w);
    if (!w.oom)
        ouro_roots_visit(L->rt, visit, &w);
    drain(&w);
    int r = w.oom ? -1 : 0;
    for (size_t i = 0; r == 0 && i < w.cap; i++) {
        if (w.slots[i] != NULL) {
            s->objects++;
            s->refs += w.slots[i]->refcnt;
        }
    }
    s->refs -= (intptr_t)ntracked;   /* the snapshot's own references */
    if (r == 0)
        r = count_types(&w, s);
    free(w.slots);
    free(w.stack);
    ouro_objects_free(L->rt, tracked, ntracked);
    return r;
}

/* ------------------------------------------------------------------ */
/* Between runs                                                        */
/* ------------------------------------------------------------------ */

/* The collector's settings before the first run. */
typedef struct GCSettings {
    intptr_t threshold[OURO_GC_GENERATIONS];
    unsigned debug;
    int enabled;
} GCSettings;

/* Puts the gc module's state back as it was before the first run. Emptying
 * gc.garbage and gc.callbacks releases what they held (may run code). */
static void reset_gc(Lang *L, const GCSettings *g)
{
    VM *vm = vm_of(L);
    ouro_gc_set_debug(L->rt, g->debug);
    ouro_gc_set_threshold(L->rt, g->threshold);
    ouro_gc_unfreeze(L->rt);
    if (g->enabled)
        ouro_gc_enable(L->rt);
    else
        ouro_gc_disable(L->rt);
    if (vm->gc_callbacks != NULL)
        list_clear(L, vm->gc_callbacks);
    if (vm->gc_garbage != NULL)
        list_clear(L, vm->gc_garbage);
    ouro_gc_garbage_clear(L->rt);
}

/* sys.stdin/stdout/stderr = sys.__stdin__/... where those exist. */
static void reset_streams(Lang *L)
{
    static const char *const names[] = {"stdin", "__stdin__", "stdout", "__stdout__",
                                        "stderr", "__stderr__"};
    Obj *sysdict = module_dict(vm_of(L)->sys_module);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i += 2) {
        Obj *key = str_intern_cstr(L, names[i + 1]);
        Obj *orig = key ? obj_xnewref(dict_getitem_str(sysdict, key)) : NULL;
        if (orig != NULL && dict_setitem_cstr(L, sysdict, names[i], orig) < 0)
            err_clear(L);
        obj_xdecref(L, orig);
        obj_xdecref(L, key);
    }
    err_clear(L);
}

/* A new empty __main__ in sys.modules and the VM, the old one released
 * (with the run's globals). 0, or -1 with an exception set. */
static int fresh_main(Lang *L)
{
    VM *vm = vm_of(L);
    Obj *m = module_new(L, ID(L, __main__));
    if (m == NULL)
        return -1;
    if (module_add_object(L, m, "__builtins__", vm->builtins_module) < 0 ||
        vm_add_module(L, m) < 0) {
        obj_decref(L, m);
        return -1;
    }
    Obj *old = vm->main_module;
    vm->main_module = m;
    obj_xdecref(L, old);   /* last: may run __del__ methods */
    return 0;
}

static void collect_fully(Lang *L)
{
    for (int i = 0; i < MAX_COLLECTS; i++) {
        intptr_t found = ouro_gc_collect(L->rt, OURO_GC_GENERATIONS - 1);
        instance_release_pending_type(L);
        if (found == 0)
            break;
    }
}

/* Steps 1-3 of the file comment. 0, or -1 if a new __main__ cannot be
 * made (the exception is printed). */
static int settle(Lang *L, const GCSettings *g)
{
    reset_gc(L, g);
    reset_streams(L);
    if (fresh_main(L) < 0) {
        vm_print_exception(L, L->exc);
        err_clear(L);
        return -1;
    }
    collect_fully(L);
    /* What the collection released can land in gc.garbage again only
     * under DEBUG_SAVEALL or a legacy finalizer: empty it once more. */
    reset_gc(L, g);
    /* The counts as start-up leaves them (ouro_vm_new ends with a
     * collection of generation 1: (0, 0, 1)), so that the next run's
     * automatic collections come when the first run's came. */
    ouro_gc_collect(L->rt, 1);
    return 0;
}

/* ------------------------------------------------------------------ */
/* The report                                                          */
/* ------------------------------------------------------------------ */

static long long delta(size_t now, size_t before)
{
    return (long long)now - (long long)before;
}

static size_t type_count(const Sample *s, const char *name)
{
    size_t lo = 0, hi = s->ntypes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(s->types[mid].name, name);
        if (c == 0)
            return s->types[mid].count;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static void print_table(const Sample *samples, int runs, int warmup)
{
    fprintf(stderr, "  run     blocks      bytes    objects references\n");
    for (int i = 0; i < runs; i++) {
        const Sample *s = &samples[i];
        if (i < warmup) {
            fprintf(stderr, "  %3d %10zu %10zu %10zu %10zd  (warm-up)\n", i + 1, s->blocks,
                    s->bytes, s->objects, s->refs);
        } else {
            const Sample *p = &samples[i - 1];
            fprintf(stderr, "  %3d %+10lld %+10lld %+10lld %+10lld\n", i + 1,
                    delta(s->blocks, p->blocks), delta(s->bytes, p->bytes),
                    delta(s->objects, p->objects), (long long)(s->refs - p->refs));
        }
    }
}

/* The types whose count grew in every checked run (all that grew between
 * the end of the warm-up and the last run if none did so every time),
 * with the growth per run. */
static void print_types(const Sample *samples, int runs, int warmup)
{
    const Sample *last = &samples[runs - 1], *base = &samples[warmup - 1];
    int every = 0, shown = 0;
    for (size_t t = 0; t < last->ntypes; t++) {
        int all = 1;
        for (int i = warmup; i < runs && all; i++)
            all = type_count(&samples[i], last->types[t].name) >
                  type_count(&samples[i - 1], last->types[t].name);
        every += all;
    }
    fprintf(stderr, "  types whose count grew%s (per checked run):\n",
            every ? " in every checked run" : " after the warm-up");
    for (size_t t = 0; t < last->ntypes && shown < MAX_TYPES_SHOWN; t++) {
        const char *name = last->types[t].name;
        int all = 1;
        for (int i = warmup; i < runs && all; i++)
            all = type_count(&samples[i], name) > type_count(&samples[i - 1], name);
        if (every ? !all : last->types[t].count <= type_count(base, name))
            continue;
        fprintf(stderr, "    %-24s", name);
        for (int i = warmup; i < runs; i++)
            fprintf(stderr, " %+lld", delta(type_count(&samples[i], name),
                                            type_count(&samples[i - 1], name)));
        fprintf(stderr, "  (%zu alive)\n", last->types[t].count);
        shown++;
    }
    if (shown == 0)
        fprintf(stderr, "    none (objects already alive grew, or memory that no object "
                        "reachable from the collector's lists and the roots accounts for)\n");
}

/* The measures the check looks at. */
enum { BLOCKS, BYTES, REFS, NMEASURES };
static const char *const measure_names[NMEASURES] = {"blocks", "bytes", "references"};

/* CPython's check_rc_deltas: every delta after the warm-up >= 1. */
static int grew_every_run(const Sample *samples, int runs, int warmup, int which)
{
    for (int i = warmup; i < runs; i++) {
        const Sample *s = &samples[i], *p = &samples[i - 1];
        long long d = which == BLOCKS ? delta(s->blocks, p->blocks)
                      : which == BYTES ? delta(s->bytes, p->bytes)
                                       : (long long)(s->refs - p->refs);
        if (d < 1)
            return 0;
    }
    return 1;
}

/* "blocks, bytes and references" for the measures that grew, into buf. */
static int grown_measures(const Sample *samples, int runs, int warmup, char *buf, size_t size)
{
    int n = 0;
    buf[0] = '\0';
    for (int m = 0; m < NMEASURES; m++) {
        if (!grew_every_run(samples, runs, warmup, m))
            continue;
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s", n ? ", " : "", measure_names[m]);
        n++;
    }
    return n;
}

/* ------------------------------------------------------------------ */
/* Leak mode                                                           */
/* ------------------------------------------------------------------ */

/* What to run: a file (path) or source text. */
typedef struct LeakRun {
    const char *path;
    const char *src;
    size_t len;
    const char *filename;
} LeakRun;

static int leakcheck(OuroVM *ov, const LeakRun *run, int runs, int verbose)
{
    Lang *L = vm_lang(ov);
    VM *vm = vm_of(L);
    if (runs < 1)
        runs = 1;
    GCSettings g;
    ouro_gc_get_threshold(L->rt, g.threshold);
    g.debug = ouro_gc_get_debug(L->rt);
    g.enabled = ouro_gc_is_enabled(L->rt);
    Sample *samples = calloc((size_t)runs, sizeof *samples);
    if (samples == NULL) {
        fprintf(stderr, "ouro: leak mode: out of memory\n");
        return 1;
    }
    int status = 0, done = 0, warmup = runs / 3 > 1 ? runs / 3 : 1;
    for (; done < runs; done++) {
        vm->exit_requested = 0;
        status = run->path ? ouro_vm_run_file(ov, run->path)
                           : ouro_vm_run_source(ov, run->src, run->len, run->filename);
        fflush(stdout);
        /* An error or sys.exit() ends leak mode as it ends a normal run. */
        if (status != 0 || vm->exit_requested)
            break;
        if (settle(L, &g) < 0 || take_sample(L, &samples[done]) < 0) {
            fprintf(stderr, "ouro: leak mode: out of memory after run %d\n", done + 1);
            status = 1;
            break;
        }
    }
    if (done == runs && runs > warmup) {
        const char *what = run->path ? run->path : run->filename;
        char grown[64];
        if (grown_measures(samples, runs, warmup, grown, sizeof grown) > 0) {
            fprintf(stderr, "ouro: leak mode: %s leaks: %s grew in each of runs %d..%d "
                            "(%d warm-up run%s, then %d checked)\n",
                    what, grown, warmup + 1, runs, warmup, warmup > 1 ? "s" : "", runs - warmup);
            print_table(samples, runs, warmup);
            print_types(samples, runs, warmup);
            status = 2;
        } else if (verbose) {
            fprintf(stderr, "ouro: leak mode: %s: no leak in %d runs (%d warm-up)\n", what,
                    runs, warmup);
            print_table(samples, runs, warmup);
        }
    }
    for (int i = 0; i < runs; i++)
        sample_free(&samples[i]);
    free(samples);
    return status;
}

int ouro_vm_leakcheck_file(OuroVM *ov, const char *path, int runs, int verbose)
{
    LeakRun run = {path, NULL, 0, NULL};
    return leakcheck(ov, &run, runs, verbose);
}

int ouro_vm_leakcheck_source(OuroVM *ov, const char *src, size_t len, const char *filename,
                             int runs, int verbose)
{
    LeakRun run = {NULL, src, len, filename};
    return leakcheck(ov, &run, runs, verbose);
}
