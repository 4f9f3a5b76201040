/*
 * test_model.c - a randomized model test of the memory core.
 *
 * A random program creates nodes (a GC, weak-referenceable type whose
 * outgoing edges live in an item array from ouro_mem_alloc; every other
 * one keeps its weak reference list in the runtime's side table,
 * OURO_TYPE_WEAKLIST_SIDE, the rest in a field), links and
 * unlinks them, takes and drops strong references (directly and through
 * handles), creates and drops weak references and collects generations
 * 0..2. Weak references come in two kinds:
 *   - the core's own (ouro_weakref_new), held by the test alone, without a
 *     callback, with a shared C callback or with a private one
 *     (ouro_ccallback_new);
 *   - "noderef", a weakref subtype built with ouro_weakref_init/fini, which
 *     takes part in the graph: edges may point to it, so it can die by
 *     count or as cyclic garbage together with (or before) its referent.
 * The test keeps its own model beside the heap: the edge table, the
 * references it holds, and from those the count every live object must
 * have. It never asks the core's traverse slots what refers to what.
 *
 * After every step the frees the core reported (the dealloc slots of nodes
 * and noderefs log their ids) are reconciled with the model:
 *   - an object whose model count reaches zero must have been freed in that
 *     step (refcount death is immediate, cascades included);
 *   - an object freed while its model count was positive needs a collection
 *     to have run in that step, and once every free of the step is applied,
 *     no freed object may still be referenced by a live object or a root (so
 *     no collection ever frees anything reachable);
 *   - nothing is freed twice;
 *   - every weak reference to a node that died is dead, and its callback ran
 *     exactly once, within the step, if the weakref outlived the step; never
 *     if the weakref died in an earlier step; at most once if both died in
 *     the same step by count (which one went first is the core's business).
 * The model also follows the generations. When a collection starts with the
 * model settled (explicit ones, and automatic ones started by an allocation
 * at the start of a step) it computes the collection's garbage itself: the
 * objects of generations 0..g not reachable from the test's references or
 * from an edge of an older object. The collection must free exactly those
 * (plus what dies by count with them) and return their number; a weakref in
 * that garbage never calls back, and one outside it whose referent is in it
 * calls back exactly once. (A collection started mid-cascade, by an
 * allocation inside a callback, is only checked as above, and the model
 * reads the generations back from ouro_gc_get_objects afterwards.)
 * After every full collection (explicit, or automatic while allocating) the
 * test computes reachability from its roots over its own edge table and
 * checks that every unreachable object was freed, then checks each live
 * object's count and edges, its generation, every weak reference, the
 * generation sizes, the handles, bytes_in_use (every byte accounted for) and
 * ouro_heap_check with OURO_CHECK_ROOTS (the test's references are reported
 * by a root visitor).
 *
 * Weak reference callbacks sometimes drop the test's reference to their own
 * weakref, or allocate (which can start a collection in the middle of a
 * deallocation cascade). Long chains make cascades deeper than the core's
 * deferral limit.
 *
 * usage: test_model [SEED [STEPS [pool|malloc|mimalloc]]]  - one long run;
 * without arguments the fixed-seed cases that `make test` runs.
 */
#include <stdarg.h>
#include <stdint.h>
#include <time.h>

#include "check.h"

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

typedef struct IVec {
    int *v;
    size_t n, cap;
} IVec;

static void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (q == NULL) {
        fprintf(stderr, "test_model: out of memory\n");
        exit(2);
    }
    return q;
}

static void ivec_push(IVec *a, int x)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 4;
        a->v = xrealloc(a->v, a->cap * sizeof *a->v);
    }
    a->v[a->n++] = x;
}

static void ivec_free(IVec *a)
{
    free(a->v);
    a->v = NULL;
    a->n = a->cap = 0;
}

static uint64_t rng_next(uint64_t *s)
{
    /* splitmix64 */
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* ------------------------------------------------------------------ */
/* The types                                                           */
/* ------------------------------------------------------------------ */

#define MAGIC_ALIVE 0x4e4f4445u
#define MAGIC_DEAD 0x44454144u

/* A node: edges[0..n) are owned references, the array (cap slots) comes
 * from ouro_mem_alloc and is NULL when cap == 0. id is the model's index,
 * or -1 for scratch nodes the callbacks make. */
typedef struct Node {
    OuroObject ob;
    intptr_t id;
    uint32_t magic;
    size_t n, cap;
    OuroObject **edges;
    OuroWeakRef *weaklist;
} Node;

/* A weakref subtype that knows its model id. */
typedef struct NodeRef {
    OuroWeakRef wr;
    intptr_t id;
    uint32_t magic;
} NodeRef;

static struct Model *cur;   /* the model of the run in progress */

static void model_log_free(intptr_t id);
static void model_fail(const char *fmt, ...);

static int node_traverse(OuroObject *self, OuroVisitFn visit, void *arg)
{
    Node *nd = (Node *)self;
    for (size_t i = 0; i < nd->n; i++) {
        int r = visit(nd->edges[i], arg);
        if (r != 0)
            return r;
    }
    return 0;
}

/* Detaches the whole array before releasing anything: code run by a
 * release may look at this node and must see no edges. */
static void node_release_edges(OuroRuntime *rt, Node *nd)
{
    OuroObject **edges = nd->edges;
    size_t n = nd->n, cap = nd->cap;
    nd->edges = NULL;
    nd->n = nd->cap = 0;
    for (size_t i = 0; i < n; i++)
        ouro_decref(rt, edges[i]);
    if (edges != NULL)
        ouro_mem_free(rt, edges, cap * sizeof *edges);
}

static int node_clear(OuroRuntime *rt, OuroObject *self)
{
    node_release_edges(rt, (Node *)self);
    return 0;
}

static void node_dealloc(OuroRuntime *rt, OuroObject *self)
{
    Node *nd = (Node *)self;
    if (nd->magic != MAGIC_ALIVE)
        model_fail("dealloc of node %lld whose magic is %#x", (long long)nd->id, nd->magic);
    nd->magic = MAGIC_DEAD;
    if (nd->id >= 0)
        model_log_free(nd->id);
    node_release_edges(rt, nd);
}

static const OuroType node_type = {
    .name = "node",
    .basic_size = sizeof(Node),
    .flags = OURO_TYPE_GC | OURO_TYPE_WEAKREFABLE,
    .weaklist_offset = offsetof(Node, weaklist),
    .dealloc = node_dealloc,
    .traverse = node_traverse,
    .clear = node_clear,
};

/* The same node with its weak reference list in the runtime's side table
 * (its weaklist field unused): every other node the test makes is one. */
static const OuroType snode_type = {
    .name = "snode",
    .basic_size = sizeof(Node),
    .flags = OURO_TYPE_GC | OURO_TYPE_WEAKREFABLE | OURO_TYPE_WEAKLIST_SIDE,
    .dealloc = node_dealloc,
    .traverse = node_traverse,
    .clear = node_clear,
};

static int noderef_traverse(OuroObject *self, OuroVisitFn visit, void *arg)
{
    return ouro_weakref_traverse((OuroWeakRef *)self, visit, arg);
}

static int noderef_clear(OuroRuntime *rt, OuroObject *self)
{
    ouro_weakref_fini(rt, (OuroWeakRef *)self);
    return 0;
}

static void noderef_dealloc(OuroRuntime *rt, OuroObject *self)
{
    NodeRef *r = (NodeRef *)self;
    if (r->magic != MAGIC_ALIVE)
        model_fail("dealloc of noderef %lld whose magic is %#x", (long long)r->id, r->magic);
    r->magic = MAGIC_DEAD;
    model_log_free(r->id);
    ouro_weakref_fini(rt, &r->wr);
}

static const OuroType noderef_type = {
    .name = "noderef",
    .basic_size = sizeof(NodeRef),
    .flags = OURO_TYPE_GC | OURO_TYPE_WEAKREF,
    .dealloc = noderef_dealloc,
    .traverse = noderef_traverse,
    .clear = noderef_clear,
};

/* The model id of a node or noderef. */
static intptr_t object_id(const OuroObject *op)
{
    if (op->type == &node_type || op->type == &snode_type)
        return ((const Node *)op)->id;
    if (op->type == &noderef_type)
        return ((const NodeRef *)op)->id;
    return -2;
}

/* ------------------------------------------------------------------ */
/* The model                                                           */
/* ------------------------------------------------------------------ */

enum { K_NODE, K_NODEREF };

/* An object of the graph: a node or a noderef. */
typedef struct MObj {
    OuroObject *obj;    /* valid while !freed */
    int kind;           /* K_* */
    int rec;            /* K_NODEREF: its weakref record */
    int freed;
    int held;           /* references the test holds itself */
    int handles;        /* references held through handles */
    int rc;             /* expected count: held + handles + edges from unfreed nodes */
    int live_pos;       /* index in Model.live, -1 once freed */
    IVec edges;         /* K_NODE: targets, in the order of Node.edges */
    IVec wrs;           /* K_NODE: weakref records made on it */
    unsigned fstamp;    /* step stamp: the core reported it freed */
    unsigned kstamp;    /* step stamp: the model applied its death */
    unsigned mark;      /* reachability stamp */
    unsigned gstamp;    /* step stamp: garbage of the step's collection */
    int gen;            /* the generation the core should have it in */
} MObj;

enum { CB_NONE, CB_SHARED, CB_PRIVATE };

typedef struct WRec {
    OuroWeakRef *wr;    /* valid while alive */
    int obj;            /* its MObj for a noderef, -1 for a core weakref */
    int target;
    int cb;             /* CB_* */
    int self_drop;      /* the callback drops the test's reference to wr */
    int alloc_in_cb;    /* the callback allocates a scratch node */
    int drop_in_cb;     /* the callback drops a reference the test holds */
    int calls;
    int alive;          /* the weakref exists (core ones: the test holds it) */
    int dropped_in_cb;
    int target_dead;
    int live_pos;       /* index in Model.live_wrs */
} WRec;

typedef struct HRec {
    OuroHandle *h;
    int obj;
    size_t bytes;       /* bytes the handle took */
    long seq;           /* creation order */
} HRec;

typedef struct Stats {
    long created, noderefs, rc_freed, gc_freed, callbacks, self_drops, scratch, cb_drops;
    long collects[OURO_GC_GENERATIONS], gc_total, exact, resyncs, full_checks, garbage_wr;
    size_t max_live;
} Stats;

typedef struct Model {
    OuroRuntime *rt;
    uint64_t rng;
    uint64_t seed;
    long step;
    const char *op;
    int failed;
    size_t target_nodes;

    MObj *objs;
    size_t nobjs, capobjs;
    IVec live;          /* ids of unfreed objects */
    IVec held;          /* one entry per reference the test holds itself */
    WRec *wrecs;
    size_t nwrecs, capwrecs;
    IVec live_wrs;      /* records of weakrefs that exist */
    size_t core_wrs;    /* how many of those are core weakrefs */
    HRec *handles;
    size_t nhandles, caphandles;
    long handle_seq;
    OuroObject *shared_cb;
    unsigned mark_stamp;

    /* The current step. */
    IVec freed_log;     /* ids the dealloc slots reported */
    IVec zero;          /* ids whose model count reached zero */
    unsigned stamp;
    int gc_runs, gc_max_gen, cb_calls;
    int boundary;       /* a collection starting now finds the model settled */
    int exact;          /* the step's only collection started at a boundary */
    IVec garbage;       /* what that collection must free (gstamp set) */
    long gc_self_drops; /* weakrefs freed after their callback in it */
    int gens_unknown;   /* a collection ran mid-cascade: read them back */
    int temp_root;      /* the last held entry is a step's temporary root */
    int cb_dropped;     /* a callback dropped a reference in this step */

    size_t baseline_bytes;
    char debug_text[2048];
    Stats st;
} Model;

static void model_fail(const char *fmt, ...)
{
    Model *m = cur;
    if (m->failed < 20) {
        va_list ap;
        fprintf(stderr, "  model seed %llu step %ld (%s): ", (unsigned long long)m->seed, m->step,
                m->op != NULL ? m->op : "-");
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
    }
    m->failed++;
}

#define MCHECK(cond, ...)              \
    do {                               \
        if (!(cond))                   \
            model_fail(__VA_ARGS__);   \
    } while (0)

static void model_log_free(intptr_t id)
{
    ivec_push(&cur->freed_log, (int)id);
}

#ifdef MODEL_FUZZ
/* Under libFuzzer (tests/fuzz/fuzz_core.c) every choice is read from the
 * fuzzer's input, two bytes a choice; past its end, from the seeded
 * generator as usual. */
static const uint8_t *fuzz_data;
static size_t fuzz_len, fuzz_pos;
#endif

static unsigned rnd(Model *m, unsigned n)
{
#ifdef MODEL_FUZZ
    if (fuzz_pos + 2 <= fuzz_len) {
        unsigned v = (unsigned)fuzz_data[fuzz_pos] | (unsigned)fuzz_data[fuzz_pos + 1] << 8;
        fuzz_pos += 2;
        return v % n;
    }
#endif
    return (unsigned)(rng_next(&m->rng) % n);
}

static int chance(Model *m, unsigned percent)
{
    return rnd(m, 100) < percent;
}

static MObj *mo(Model *m, int id)
{
    return &m->objs[id];
}

static Node *node_of(Model *m, int id)
{
    return (Node *)mo(m, id)->obj;
}

static int random_live(Model *m)
{
    return m->live.v[rnd(m, (unsigned)m->live.n)];
}

/* A random live node, or -1 after a few misses (noderefs are few). */
static int random_node(Model *m)
{
    for (int tries = 0; tries < 8; tries++) {
        int id = random_live(m);
        if (mo(m, id)->kind == K_NODE)
            return id;
    }
    return -1;
}

static void live_remove(Model *m, int id)
{
    int pos = mo(m, id)->live_pos;
    int last = m->live.v[--m->live.n];
    m->live.v[pos] = last;
    mo(m, last)->live_pos = pos;
    mo(m, id)->live_pos = -1;
}

static void live_wr_remove(Model *m, int rid)
{
    int pos = m->wrecs[rid].live_pos;
    int last = m->live_wrs.v[--m->live_wrs.n];
    m->live_wrs.v[pos] = last;
    m->wrecs[last].live_pos = pos;
    m->wrecs[rid].live_pos = -1;
    m->wrecs[rid].alive = 0;
    if (m->wrecs[rid].obj < 0)
        m->core_wrs--;
}

static void model_dec(Model *m, int id)
{
    MObj *x = mo(m, id);
    x->rc--;
    MCHECK(x->rc >= 0, "model count of object %d below zero", id);
    if (x->rc == 0)
        ivec_push(&m->zero, id);
}

static size_t bytes_in_use(Model *m)
{
    OuroMemStats st;
    ouro_mem_stats(m->rt, &st);
    return st.bytes_in_use;
}

/* ------------------------------------------------------------------ */
/* Hooks and callbacks                                                 */
/* ------------------------------------------------------------------ */

static void hook_report_error(OuroRuntime *rt, const char *where, OuroObject *obj)
{
    (void)rt;
    model_fail("core reported an error in %s <%s>", where, obj ? obj->type->name : "-");
}

static void hook_write_debug(OuroRuntime *rt, const char *text)
{
    (void)rt;
    size_t len = strlen(cur->debug_text);
    snprintf(cur->debug_text + len, sizeof cur->debug_text - len, "%s", text);
}

/* Reads each live object's generation back from the core, after a
 * collection the model could not follow (one started mid-cascade). */
static void resync_generations(Model *m)
{
    for (int g = 0; g < OURO_GC_GENERATIONS; g++) {
        size_t n;
        OuroObject **objs = ouro_gc_get_objects(m->rt, g, &n);
        MCHECK(objs != NULL || n == 0, "get_objects failed");
        for (size_t i = 0; objs != NULL && i < n; i++) {
            intptr_t id = object_id(objs[i]);
            if (id >= 0)
                mo(m, (int)id)->gen = g;
        }
        ouro_objects_free(m->rt, objs, n);
    }
    m->gens_unknown = 0;
    m->st.resyncs++;
}

/* Checks that the core keeps each live object in the generation the model
 * says. */
static void check_generations(Model *m)
{
    size_t seen = 0;
    for (int g = 0; g < OURO_GC_GENERATIONS; g++) {
        size_t n;
        OuroObject **objs = ouro_gc_get_objects(m->rt, g, &n);
        for (size_t i = 0; objs != NULL && i < n; i++) {
            intptr_t id = object_id(objs[i]);
            if (id < 0)
                continue;
            seen++;
            MCHECK(mo(m, (int)id)->gen == g, "object %lld in generation %d, model %d",
                   (long long)id, g, mo(m, (int)id)->gen);
        }
        ouro_objects_free(m->rt, objs, n);
    }
    MCHECK(seen == m->live.n, "%zu objects in the generations, model %zu", seen, m->live.n);
}

/*
 * The collector's view, computed from the model when a collection of
 * generations 0..g starts with the model settled: the young objects (gen <=
 * g) reachable from the test's references or from an edge of an older
 * object survive; the other young ones are garbage and must all be freed.
 */
static void find_young_garbage(Model *m, int g)
{
    if (m->gens_unknown)
        resync_generations(m);
    unsigned s = ++m->mark_stamp;
    IVec stack = {0};
    for (size_t i = 0; i < m->live.n; i++) {
        MObj *x = mo(m, m->live.v[i]);
        if (x->gen <= g) {
            if ((x->held > 0 || x->handles > 0) && x->mark != s) {
                x->mark = s;
                ivec_push(&stack, m->live.v[i]);
            }
            continue;
        }
        for (size_t k = 0; k < x->edges.n; k++) {
            MObj *t = mo(m, x->edges.v[k]);
            if (t->gen <= g && t->mark != s) {
                t->mark = s;
                ivec_push(&stack, x->edges.v[k]);
            }
        }
    }
    while (stack.n > 0) {
        MObj *x = mo(m, stack.v[--stack.n]);
        for (size_t k = 0; k < x->edges.n; k++) {
            MObj *t = mo(m, x->edges.v[k]);
            if (t->gen <= g && t->mark != s) {
                t->mark = s;
                ivec_push(&stack, x->edges.v[k]);
            }
        }
    }
    ivec_free(&stack);
    m->garbage.n = 0;
    for (size_t i = 0; i < m->live.n; i++) {
        MObj *x = mo(m, m->live.v[i]);
        if (x->gen <= g && x->mark != s) {
            x->gstamp = m->stamp;
            ivec_push(&m->garbage, m->live.v[i]);
        }
    }
}

/* Survivors of a collection of generations 0..g move to g + 1 (a full
 * collection keeps them in 2). So does, from whatever generation, a weakref
 * with a callback to the garbage: the collector takes it off its list to
 * call it back, then puts it there (as CPython does). Objects that died in
 * the collection are moved too, harmlessly: the model drops them when the
 * step settles. */
static void promote(Model *m, int g)
{
    int to = g < OURO_GC_GENERATIONS - 1 ? g + 1 : g;
    if (!m->exact) {
        m->gens_unknown = 1;
        return;
    }
    for (size_t i = 0; i < m->live.n; i++) {
        MObj *x = mo(m, m->live.v[i]);
        if (x->gen <= g)
            x->gen = to;
    }
    for (size_t i = 0; i < m->garbage.n; i++) {
        MObj *x = mo(m, m->garbage.v[i]);
        for (size_t k = 0; k < x->wrs.n; k++) {
            WRec *r = &m->wrecs[x->wrs.v[k]];
            if (r->obj >= 0 && r->cb != CB_NONE && !r->target_dead &&
                mo(m, r->obj)->gstamp != m->stamp)
                mo(m, r->obj)->gen = to;
        }
    }
}

static int gc_cb(OuroRuntime *rt, const char *phase, int generation, intptr_t collected,
                 intptr_t uncollectable, void *ctx)
{
    (void)rt;
    (void)collected;
    (void)uncollectable;
    Model *m = ctx;
    if (strcmp(phase, "start") == 0) {
        m->gc_runs++;
        m->st.gc_total++;
        if (generation > m->gc_max_gen)
            m->gc_max_gen = generation;
        m->exact = m->boundary && m->gc_runs == 1;
        m->boundary = 0;
        if (m->exact) {
            m->st.exact++;
            find_young_garbage(m, generation);
        }
    } else {
        promote(m, generation);
    }
    return 0;
}

static int find_live_wr(Model *m, OuroWeakRef *wr)
{
    for (size_t i = 0; i < m->live_wrs.n; i++)
        if (m->wrecs[m->live_wrs.v[i]].wr == wr)
            return m->live_wrs.v[i];
    return -1;
}

/* A scratch node made and dropped inside a callback: the allocation may
 * start a collection in the middle of a deallocation cascade. */
static void scratch_node(Model *m)
{
    Node *nd = (Node *)ouro_new(m->rt, m->st.scratch & 1 ? &snode_type : &node_type);
    MCHECK(nd != NULL, "scratch allocation failed");
    if (nd == NULL)
        return;
    nd->id = -1;
    nd->magic = MAGIC_ALIVE;
    ouro_gc_track(m->rt, &nd->ob);
    m->st.scratch++;
    ouro_decref(m->rt, &nd->ob);
}

/* Drops a reference the test holds to a node from inside a callback: code
 * that frees objects (by count, with their own callbacks) in the middle of
 * a deallocation or a collection. Noderefs are left alone: one dying right
 * after its callback inside a collection would be counted by it. */
static void drop_in_callback(Model *m)
{
    size_t n = m->held.n - (m->temp_root ? 1 : 0);
    if (n == 0)
        return;
    size_t i = rnd(m, (unsigned)n);
    int id = m->held.v[i];
    if (mo(m, id)->kind != K_NODE)
        return;
    size_t last = m->held.n - 1;
    if (m->temp_root) {
        /* Keep the temporary root last: fill the hole from before it. */
        m->held.v[i] = m->held.v[last - 1];
        m->held.v[last - 1] = m->held.v[last];
    } else {
        m->held.v[i] = m->held.v[last];
    }
    m->held.n--;
    mo(m, id)->held--;
    m->st.cb_drops++;
    m->cb_dropped = 1;
    ouro_decref(m->rt, mo(m, id)->obj);
    model_dec(m, id);
}

static int weakref_cb(OuroRuntime *rt, OuroWeakRef *wr, void *ctx)
{
    Model *m = cur;
    m->cb_calls++;
    m->st.callbacks++;
    int rid = ctx != NULL ? (int)((intptr_t)ctx - 1) : find_live_wr(m, wr);
    if (rid < 0 || (size_t)rid >= m->nwrecs) {
        model_fail("callback for a weakref the model does not know (record %d)", rid);
        return 0;
    }
    WRec *r = &m->wrecs[rid];
    MCHECK(r->wr == wr, "callback of record %d got another weakref", rid);
    MCHECK(r->alive, "callback of weakref %d, which the model thinks dead", rid);
    MCHECK(wr->ob.refcnt > 0, "callback of dying weakref %d", rid);
    MCHECK(r->calls == 0, "second callback of weakref %d", rid);
    MCHECK(!r->target_dead, "callback of weakref %d after its referent was gone", rid);
    MCHECK(ouro_weakref_get(wr) == NULL, "weakref %d alive inside its callback", rid);
    r->calls++;
    if (r->alloc_in_cb)
        scratch_node(m);
    if (r->drop_in_cb)
        drop_in_callback(m);
    if (r->self_drop && r->alive) {
        live_wr_remove(m, rid);
        r->dropped_in_cb = 1;
        m->st.self_drops++;
        /* A referent that is garbage of the collection: the collector calls
         * back and counts the weakref it then frees. */
        if (m->exact && mo(m, r->target)->gstamp == m->stamp)
            m->gc_self_drops++;
        ouro_decref(rt, &wr->ob);   /* the core holds its own while calling */
    }
    return 0;
}

/* The test's own references: held objects, core weakrefs, the shared
 * callback. */
static int model_roots(OuroRuntime *rt, OuroVisitFn visit, void *arg, void *ctx)
{
    (void)rt;
    Model *m = ctx;
    for (size_t i = 0; i < m->held.n; i++) {
        int r = visit(mo(m, m->held.v[i])->obj, arg);
        if (r != 0)
            return r;
    }
    for (size_t i = 0; i < m->live_wrs.n; i++) {
        WRec *w = &m->wrecs[m->live_wrs.v[i]];
        int r = w->obj < 0 ? visit(&w->wr->ob, arg) : 0;
        if (r != 0)
            return r;
    }
    return visit(m->shared_cb, arg);
}

/* ------------------------------------------------------------------ */
/* Reconciling a step                                                  */
/* ------------------------------------------------------------------ */

static void begin_step(Model *m, const char *op)
{
    m->op = op;
    m->stamp++;
    m->freed_log.n = 0;
    m->zero.n = 0;
    m->gc_runs = 0;
    m->gc_max_gen = -1;
    m->cb_calls = 0;
    m->boundary = 0;
    m->exact = 0;
    m->garbage.n = 0;
    m->gc_self_drops = 0;
    m->cb_dropped = 0;
}

/* Applies the death of an object to the model: a node's edges release
 * their targets; a noderef's record dies. */
static void kill(Model *m, int id, int by_gc)
{
    MObj *x = mo(m, id);
    x->kstamp = m->stamp;
    x->freed = 1;
    live_remove(m, id);
    if (by_gc)
        m->st.gc_freed++;
    else
        m->st.rc_freed++;
    if (x->kind == K_NODEREF && m->wrecs[x->rec].alive)
        live_wr_remove(m, x->rec);
    for (size_t i = 0; i < x->edges.n; i++)
        model_dec(m, x->edges.v[i]);
    ivec_free(&x->edges);
}

/* Kills every object of the zero list; each must have been freed. */
static void drain_zero(Model *m)
{
    while (m->zero.n > 0) {
        int id = m->zero.v[--m->zero.n];
        MObj *x = mo(m, id);
        if (x->freed || x->rc != 0)
            continue;
        MCHECK(x->fstamp == m->stamp, "object %d lost its last reference but was not freed", id);
        kill(m, id, 0);
    }
}

/* How many callbacks a weakref owes for a referent that died in this step:
 * *lo..*hi. */
static void callbacks_owed(Model *m, const WRec *r, int *lo, int *hi)
{
    *lo = *hi = 0;
    if (r->cb == CB_NONE)
        return;
    if (r->obj < 0) {
        /* A core weakref dies only when the test drops it. */
        *lo = *hi = r->alive || r->dropped_in_cb;
        return;
    }
    const MObj *w = mo(m, r->obj);
    if (!w->freed) {
        *lo = *hi = 1;              /* it outlived its referent */
    } else if (w->kstamp != m->stamp) {
        *lo = *hi = 0;              /* it died first */
    } else if (m->exact && w->gstamp == m->stamp) {
        *lo = *hi = 0;              /* garbage itself: never calls back */
    } else if (m->exact && mo(m, r->target)->gstamp == m->stamp) {
        *lo = *hi = 1;              /* called back before the garbage was cleared */
    } else {
        *lo = 0;                    /* both died in this step */
        *hi = 1;
    }
}

/* Weak references to a node that died in this step: cleared, and called
 * back as callbacks_owed says. Adds to the step's bounds. */
static void settle_weakrefs(Model *m, int id, int *lo, int *hi)
{
    MObj *x = mo(m, id);
    for (size_t i = 0; i < x->wrs.n; i++) {
        WRec *r = &m->wrecs[x->wrs.v[i]];
        if (r->target_dead)
            continue;
        r->target_dead = 1;
        int l, h;
        callbacks_owed(m, r, &l, &h);
        *lo += l;
        *hi += h;
        if (r->obj >= 0 && mo(m, r->obj)->kstamp == m->stamp)
            m->st.garbage_wr++;
        MCHECK(r->calls >= l && r->calls <= h,
               "weakref %d to node %d: %d callback(s), expected %d..%d", x->wrs.v[i], id,
               r->calls, l, h);
        if (r->alive)
            MCHECK(ouro_weakref_get(r->wr) == NULL, "weakref %d to freed node %d is alive",
                   x->wrs.v[i], id);
    }
    ivec_free(&x->wrs);
}

/* Reconciles the step's model changes (already applied, with the counts
 * that reached zero on m->zero) with the frees the core reported. */
static void settle(Model *m)
{
    /* 1. What the core freed: each once, never an object freed before. */
    for (size_t i = 0; i < m->freed_log.n; i++) {
        int id = m->freed_log.v[i];
        if (id < 0 || (size_t)id >= m->nobjs) {
            model_fail("dealloc logged unknown id %d", id);
            continue;
        }
        MObj *x = mo(m, id);
        MCHECK(!x->freed && x->fstamp != m->stamp, "object %d freed twice", id);
        x->fstamp = m->stamp;
    }
    /* 2. Refcount death: every count that reached zero, cascades included. */
    drain_zero(m);
    /* 3. The rest died in a collection: only possible if one ran. When the
     * model knows the collection's garbage, that first; whatever else died
     * must then have lost its last reference to it. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < m->freed_log.n; i++) {
            int id = m->freed_log.v[i];
            if (id < 0 || (size_t)id >= m->nobjs || mo(m, id)->freed)
                continue;
            if (pass == 0 && m->exact && mo(m, id)->gstamp != m->stamp)
                continue;
            MCHECK(m->gc_runs > 0, "object %d (count %d) freed though no collection ran", id,
                   mo(m, id)->rc);
            MCHECK(pass == 0, "object %d (count %d) freed by a collection though not garbage in it",
                   id, mo(m, id)->rc);
            kill(m, id, 1);
        }
        drain_zero(m);
    }
    for (size_t i = 0; m->exact && i < m->garbage.n; i++)
        MCHECK(mo(m, m->garbage.v[i])->kstamp == m->stamp,
               "object %d was garbage in the collection but survived it", m->garbage.v[i]);
    /* 4. A freed object still referenced by a live one or a root: the core
     * freed something reachable. */
    int lo = 0, hi = 0;
    for (size_t i = 0; i < m->freed_log.n; i++) {
        int id = m->freed_log.v[i];
        if (id < 0 || (size_t)id >= m->nobjs || mo(m, id)->kstamp != m->stamp)
            continue;
        MObj *x = mo(m, id);
        MCHECK(x->rc == 0, "object %d freed while still referenced (count %d, held %d, handles %d)",
               id, x->rc, x->held, x->handles);
        settle_weakrefs(m, id, &lo, &hi);
    }
    MCHECK(m->cb_calls >= lo && m->cb_calls <= hi, "%d callback(s) ran, expected %d..%d",
           m->cb_calls, lo, hi);
    m->freed_log.n = 0;
    m->cb_calls = 0;
}

/* ------------------------------------------------------------------ */
/* The full check                                                      */
/* ------------------------------------------------------------------ */

/* Marks every object reachable from the test's roots over the model's
 * edges; returns the mark. */
static unsigned mark_reachable(Model *m)
{
    unsigned s = ++m->mark_stamp;
    IVec stack = {0};
    for (size_t i = 0; i < m->live.n; i++) {
        MObj *x = mo(m, m->live.v[i]);
        if ((x->held > 0 || x->handles > 0) && x->mark != s) {
            x->mark = s;
            ivec_push(&stack, m->live.v[i]);
        }
    }
    while (stack.n > 0) {
        MObj *x = mo(m, stack.v[--stack.n]);
        for (size_t i = 0; i < x->edges.n; i++) {
            MObj *t = mo(m, x->edges.v[i]);
            if (t->mark != s) {
                t->mark = s;
                ivec_push(&stack, x->edges.v[i]);
            }
        }
    }
    ivec_free(&stack);
    return s;
}

static void check_all_reachable(Model *m)
{
    unsigned s = mark_reachable(m);
    size_t unreachable = 0;
    for (size_t i = 0; i < m->live.n; i++)
        if (mo(m, m->live.v[i])->mark != s) {
            if (unreachable < 5)
                model_fail("object %d is unreachable but survived a full collection",
                           m->live.v[i]);
            unreachable++;
        }
}

static void check_node(Model *m, int id)
{
    MObj *x = mo(m, id);
    Node *nd = (Node *)x->obj;
    if (nd->magic != MAGIC_ALIVE || nd->id != id) {
        model_fail("node %d is corrupt (magic %#x, id %lld)", id, nd->magic, (long long)nd->id);
        return;
    }
    if (nd->n != x->edges.n) {
        model_fail("node %d: %zu edges, model %zu", id, nd->n, x->edges.n);
    } else {
        for (size_t k = 0; k < nd->n; k++)
            MCHECK(object_id(nd->edges[k]) == x->edges.v[k], "node %d edge %zu differs", id, k);
    }
    size_t nwr = 0;
    for (size_t k = 0; k < x->wrs.n; k++)
        nwr += m->wrecs[x->wrs.v[k]].alive;
    MCHECK(ouro_weakref_count(m->rt, &nd->ob) == nwr, "node %d: %zu weakrefs, model %zu", id,
           ouro_weakref_count(m->rt, &nd->ob), nwr);
}

/* Checks every live object; returns the bytes the nodes account for (the
 * side table of weak reference lists included: it holds an entry for each
 * side-table node with a weak reference, and nothing else). */
static size_t check_objects(Model *m)
{
    size_t bytes = 0, side = 0, side_bytes = 0;
    size_t side_entries = ouro_weakref_side_count(m->rt, &side_bytes);
    for (size_t i = 0; i < m->live.n; i++) {
        MObj *y = mo(m, m->live.v[i]);
        if (y->kind != K_NODE || y->obj->type != &snode_type)
            continue;
        size_t nwr = 0;
        for (size_t k = 0; k < y->wrs.n; k++)
            nwr += m->wrecs[y->wrs.v[k]].alive;
        side += nwr > 0;
    }
    MCHECK(side_entries == side, "side table: %zu entries, model %zu", side_entries, side);
    bytes += side_bytes;
    for (size_t i = 0; i < m->live.n; i++) {
        int id = m->live.v[i];
        MObj *x = mo(m, id);
        MCHECK(x->obj->refcnt == x->rc, "object %d: count %lld, model %d", id,
               (long long)x->obj->refcnt, x->rc);
        MCHECK(ouro_gc_is_tracked(x->obj), "object %d untracked", id);
        if (x->kind == K_NODE) {
            check_node(m, id);
            bytes += ouro_object_size(x->obj) + node_of(m, id)->cap * sizeof(OuroObject *);
        }
    }
    return bytes;
}

/* Checks every weakref that exists; returns the bytes they (and their
 * private callbacks) account for. */
static size_t check_weakrefs(Model *m)
{
    size_t bytes = 0;
    for (size_t i = 0; i < m->live_wrs.n; i++) {
        int rid = m->live_wrs.v[i];
        WRec *r = &m->wrecs[rid];
        OuroObject *want = r->target_dead ? NULL : mo(m, r->target)->obj;
        MCHECK(ouro_weakref_get(r->wr) == want, "weakref %d: referent %s, expected %s", rid,
               ouro_weakref_get(r->wr) ? "alive" : "dead", want ? "alive" : "dead");
        MCHECK(r->calls == (r->target_dead && r->cb != CB_NONE), "weakref %d: %d callback(s)",
               rid, r->calls);
        bytes += ouro_object_size(&r->wr->ob);
        /* A private callback object is owned by its weakref alone. */
        if (r->wr->callback != NULL && r->wr->callback != m->shared_cb)
            bytes += ouro_object_size(r->wr->callback);
    }
    return bytes;
}

typedef struct HandleWalk {
    Model *m;
    long last_seq;
    size_t n;
} HandleWalk;

static int check_handle(const OuroHandle *h, void *ctx)
{
    HandleWalk *w = ctx;
    Model *m = w->m;
    w->n++;
    for (size_t i = 0; i < m->nhandles; i++) {
        HRec *hr = &m->handles[i];
        if (hr->h != h)
            continue;
        MCHECK(hr->seq > w->last_seq, "handles not listed oldest first");
        w->last_seq = hr->seq;
        MCHECK(ouro_handle_get(h) == mo(m, hr->obj)->obj, "handle holds another object");
        char name[32];
        snprintf(name, sizeof name, "model-%ld", hr->seq);
        MCHECK(strcmp(ouro_handle_owner(h), name) == 0, "handle owner %s, expected %s",
               ouro_handle_owner(h), name);
        return 0;
    }
    model_fail("unknown handle listed");
    return 0;
}

/* complete: a full collection just ran with nothing after it, so every
 * live object must be reachable (unless a callback dropped a reference
 * while it ran: what that made garbage waits for the next one).
 * explicit_full: collect(2) was called. */
static void full_check(Model *m, int complete, int explicit_full)
{
    m->st.full_checks++;
    if (complete && !m->cb_dropped)
        check_all_reachable(m);
    size_t bytes = m->baseline_bytes + check_objects(m) + check_weakrefs(m);
    for (size_t i = 0; i < m->nhandles; i++)
        bytes += m->handles[i].bytes;
    MCHECK(bytes_in_use(m) == bytes, "bytes_in_use %zu, model %zu", bytes_in_use(m), bytes);

    intptr_t tracked = 0;
    for (int g = 0; g <= OURO_GC_PERMANENT; g++)
        tracked += ouro_gc_generation_size(m->rt, g);
    MCHECK((size_t)tracked == m->live.n + m->core_wrs, "%lld tracked, model %zu",
           (long long)tracked, m->live.n + m->core_wrs);
    if (explicit_full)
        MCHECK(ouro_gc_generation_size(m->rt, 0) == 0 && ouro_gc_generation_size(m->rt, 1) == 0,
               "young generations not empty after collect(2)");
    MCHECK(ouro_gc_garbage_count(m->rt) == 0, "garbage list not empty");

    HandleWalk w = {m, -1, 0};
    ouro_handles_foreach(m->rt, check_handle, &w);
    MCHECK(w.n == m->nhandles && ouro_handle_count(m->rt) == m->nhandles,
           "%zu handles listed, model %zu", w.n, m->nhandles);

    if (m->gens_unknown)
        resync_generations(m);
    else
        check_generations(m);

    m->debug_text[0] = '\0';
    intptr_t problems = ouro_heap_check(m->rt, OURO_CHECK_ROOTS);
    MCHECK(problems == 0, "heap check found %lld problem(s):\n%s", (long long)problems,
           m->debug_text);
}

/* ------------------------------------------------------------------ */
/* Operations                                                          */
/* ------------------------------------------------------------------ */

/* Registers a new object, held once by the test. */
static int add_object(Model *m, OuroObject *obj, int kind)
{
    if (m->nobjs == m->capobjs) {
        m->capobjs = m->capobjs ? m->capobjs * 2 : 1024;
        m->objs = xrealloc(m->objs, m->capobjs * sizeof *m->objs);
    }
    int id = (int)m->nobjs++;
    MObj *x = mo(m, id);
    memset(x, 0, sizeof *x);
    x->obj = obj;
    x->kind = kind;
    x->rec = -1;
    x->held = 1;
    x->rc = 1;
    x->gen = 0;   /* tracked right after */
    x->live_pos = (int)m->live.n;
    ivec_push(&m->live, id);
    ivec_push(&m->held, id);
    if (m->live.n > m->st.max_live)
        m->st.max_live = m->live.n;
    return id;
}

static void core_link(Model *m, int a, int b)
{
    Node *na = node_of(m, a);
    if (na->n == na->cap) {
        size_t cap = na->cap ? na->cap * 2 : 2;
        OuroObject **e = ouro_mem_realloc(m->rt, na->edges, na->cap * sizeof *e, cap * sizeof *e);
        MCHECK(e != NULL, "edge array allocation failed");
        if (e == NULL)
            return;
        na->edges = e;
        na->cap = cap;
    }
    na->edges[na->n++] = ouro_newref(mo(m, b)->obj);
    ivec_push(&mo(m, a)->edges, b);
    mo(m, b)->rc++;
}

/* Picks a target for an edge from a node a: a itself, a node that a points
 * to (to close a short cycle, the edge is then reversed), a recent object
 * or any. */
static void op_link(Model *m)
{
    int a = random_node(m), b;
    if (a < 0)
        return;
    unsigned how = rnd(m, 100);
    MObj *x = mo(m, a);
    if (how < 8) {
        b = a;
    } else if (how < 38 && x->edges.n > 0) {
        b = a;
        a = x->edges.v[rnd(m, (unsigned)x->edges.n)];
        if (mo(m, a)->kind != K_NODE) {
            b = a;      /* a noderef has no edges: point at it instead */
            a = (int)(x - m->objs);
        }
    } else if (how < 60) {
        size_t n = m->live.n < 16 ? m->live.n : 16;
        b = m->live.v[m->live.n - 1 - rnd(m, (unsigned)n)];
    } else {
        b = random_live(m);
    }
    core_link(m, a, b);
}

static int random_with_edges(Model *m)
{
    for (int tries = 0; tries < 8; tries++) {
        int id = random_live(m);
        if (mo(m, id)->edges.n > 0)
            return id;
    }
    return -1;
}

/* Removes edge i of a: the last edge fills the hole, the array goes when
 * empty, and the old target is released last. */
static void op_unlink(Model *m)
{
    int a = random_with_edges(m);
    if (a < 0)
        return;
    begin_step(m, "unlink");
    MObj *x = mo(m, a);
    Node *na = node_of(m, a);
    size_t i = rnd(m, (unsigned)x->edges.n);
    int old_id = x->edges.v[i];
    OuroObject *old = na->edges[i];
    na->edges[i] = na->edges[--na->n];
    if (na->n == 0) {
        ouro_mem_free(m->rt, na->edges, na->cap * sizeof *na->edges);
        na->edges = NULL;
        na->cap = 0;
    }
    x->edges.v[i] = x->edges.v[--x->edges.n];
    ouro_decref(m->rt, old);
    model_dec(m, old_id);
    settle(m);
}

/* Replaces edge i of a with an edge to c (ouro_setref). */
static void op_replace(Model *m)
{
    int a = random_with_edges(m);
    if (a < 0)
        return;
    begin_step(m, "replace");
    int c = random_live(m);
    MObj *x = mo(m, a);
    size_t i = rnd(m, (unsigned)x->edges.n);
    int old_id = x->edges.v[i];
    x->edges.v[i] = c;
    mo(m, c)->rc++;
    ouro_setref(m->rt, &node_of(m, a)->edges[i], ouro_newref(mo(m, c)->obj));
    model_dec(m, old_id);
    settle(m);
}

/* Creates a node, held by the test. Returns its id or -1. */
static int create_node(Model *m)
{
    begin_step(m, "create");
    m->boundary = 1;
    Node *nd = (Node *)ouro_new(m->rt, m->st.created & 1 ? &snode_type : &node_type);
    m->boundary = 0;
    MCHECK(nd != NULL, "allocation failed");
    if (nd == NULL)
        return -1;
    settle(m);   /* what a collection started by the allocation freed */
    int full = m->gc_max_gen == OURO_GC_GENERATIONS - 1;
    int id = add_object(m, &nd->ob, K_NODE);
    nd->id = id;
    nd->magic = MAGIC_ALIVE;
    m->st.created++;
    ouro_gc_track(m->rt, &nd->ob);
    if (full)
        full_check(m, 1, 0);
    return id;
}

static void op_create(Model *m)
{
    int id = create_node(m);
    int nedges = (int)rnd(m, 4);
    for (int k = 0; id >= 0 && k < nedges; k++)
        core_link(m, id, chance(m, 15) ? id : random_live(m));
}

static void op_hold(Model *m)
{
    int id = random_live(m);
    ouro_incref(mo(m, id)->obj);
    mo(m, id)->held++;
    mo(m, id)->rc++;
    ivec_push(&m->held, id);
}

/* Drops the reference the test holds at index i of its held list. */
static void drop_held_at(Model *m, size_t i)
{
    begin_step(m, "drop");
    int id = m->held.v[i];
    m->held.v[i] = m->held.v[--m->held.n];
    mo(m, id)->held--;
    ouro_decref(m->rt, mo(m, id)->obj);
    model_dec(m, id);
    settle(m);
}

static void op_drop(Model *m)
{
    if (m->held.n > 0)
        drop_held_at(m, rnd(m, (unsigned)m->held.n));
}

static void op_handle_new(Model *m)
{
    int id = random_live(m);
    if (m->nhandles == m->caphandles) {
        m->caphandles = m->caphandles ? m->caphandles * 2 : 16;
        m->handles = xrealloc(m->handles, m->caphandles * sizeof *m->handles);
    }
    HRec *hr = &m->handles[m->nhandles];
    char name[32];
    hr->seq = m->handle_seq++;
    snprintf(name, sizeof name, "model-%ld", hr->seq);
    size_t before = bytes_in_use(m);
    hr->h = ouro_handle_new(m->rt, mo(m, id)->obj, name);
    MCHECK(hr->h != NULL, "handle allocation failed");
    if (hr->h == NULL)
        return;
    hr->bytes = bytes_in_use(m) - before;
    hr->obj = id;
    m->nhandles++;
    mo(m, id)->handles++;
    mo(m, id)->rc++;
}

static void op_handle_release(Model *m)
{
    if (m->nhandles == 0)
        return;
    begin_step(m, "handle_release");
    size_t i = rnd(m, (unsigned)m->nhandles);
    HRec hr = m->handles[i];
    m->handles[i] = m->handles[--m->nhandles];
    mo(m, hr.obj)->handles--;
    ouro_handle_release(m->rt, hr.h);
    model_dec(m, hr.obj);
    settle(m);
}

static int new_record(Model *m, int target, int in_graph, int with_cb)
{
    if (m->nwrecs == m->capwrecs) {
        m->capwrecs = m->capwrecs ? m->capwrecs * 2 : 1024;
        m->wrecs = xrealloc(m->wrecs, m->capwrecs * sizeof *m->wrecs);
    }
    int rid = (int)m->nwrecs;
    WRec *r = &m->wrecs[rid];
    memset(r, 0, sizeof *r);
    r->obj = -1;
    r->target = target;
    unsigned kind = rnd(m, 100);
    r->cb = kind < 30 && !with_cb ? CB_NONE : kind < 65 ? CB_SHARED : CB_PRIVATE;
    /* Only core weakrefs are the test's alone to drop. */
    r->self_drop = !in_graph && r->cb != CB_NONE && chance(m, 25);
    r->alloc_in_cb = r->cb != CB_NONE && chance(m, 20);
    r->drop_in_cb = r->cb != CB_NONE && chance(m, 20);
    return rid;
}

static void activate_record(Model *m, int rid, OuroWeakRef *wr)
{
    WRec *r = &m->wrecs[rid];
    r->wr = wr;
    r->alive = 1;
    r->live_pos = (int)m->live_wrs.n;
    ivec_push(&m->live_wrs, rid);
    ivec_push(&mo(m, r->target)->wrs, rid);
    m->nwrecs++;
    if (r->obj < 0)
        m->core_wrs++;
    MCHECK(ouro_weakref_get(wr) == mo(m, r->target)->obj, "new weakref is dead");
}

/* A weak reference to node id, which the test holds strongly meanwhile (a
 * temporary root, last on the held list): the weakref's allocation may
 * start a collection. in_graph: a noderef, which joins the graph held once
 * by the test (last on the held list); else a core weakref. with_cb: never
 * without a callback. Returns the record, or -1. */
static int weakref_new_on(Model *m, int id, int in_graph, int with_cb)
{
    if (mo(m, id)->freed)   /* a callback may have dropped it */
        return -1;
    int rid = new_record(m, id, in_graph, with_cb);
    WRec *r = &m->wrecs[rid];
    begin_step(m, in_graph ? "noderef_new" : "weakref_new");
    MObj *x = mo(m, id);
    ouro_incref(x->obj);
    x->held++;
    x->rc++;
    ivec_push(&m->held, id);
    m->temp_root = 1;
    OuroObject *cb = NULL;
    if (r->cb == CB_PRIVATE) {
        cb = ouro_ccallback_new(m->rt, weakref_cb, (void *)(intptr_t)(rid + 1));
        MCHECK(cb != NULL, "callback allocation failed");
    } else if (r->cb == CB_SHARED) {
        cb = m->shared_cb;
    }
    OuroWeakRef *wr;
    m->boundary = 1;
    if (in_graph) {
        NodeRef *nr = (NodeRef *)ouro_new(m->rt, &noderef_type);
        wr = nr != NULL ? &nr->wr : NULL;
        if (nr != NULL) {
            nr->magic = MAGIC_ALIVE;
            nr->id = -1;
            MCHECK(ouro_weakref_init(m->rt, wr, x->obj, cb) == 0, "weakref_init failed");
        }
    } else {
        wr = ouro_weakref_new(m->rt, x->obj, cb);
    }
    m->boundary = 0;
    MCHECK(wr != NULL, "weakref allocation failed");
    if (r->cb == CB_PRIVATE)
        ouro_decref(m->rt, cb);   /* the weakref holds it now */
    if (wr == NULL)
        return -1;
    settle(m);
    m->temp_root = 0;   /* no code runs until it is released */
    int full = m->gc_max_gen == OURO_GC_GENERATIONS - 1;
    if (in_graph) {
        int oid = add_object(m, &wr->ob, K_NODEREF);
        mo(m, oid)->rec = rid;
        r->obj = oid;
        ((NodeRef *)wr)->id = oid;
        ouro_gc_track(m->rt, &wr->ob);
        m->st.noderefs++;
    }
    activate_record(m, rid, wr);
    if (full)
        full_check(m, 1, 0);

    begin_step(m, in_graph ? "noderef_new release" : "weakref_new release");
    size_t pos = m->held.n - 1 - (in_graph ? 1 : 0);
    MCHECK(m->held.v[pos] == id, "temporary root moved");
    m->held.v[pos] = m->held.v[--m->held.n];
    x = mo(m, id);
    x->held--;
    ouro_decref(m->rt, x->obj);
    model_dec(m, id);
    settle(m);
    return rid;
}

static void weakref_new(Model *m, int in_graph)
{
    int id = random_node(m);
    if (id >= 0)
        weakref_new_on(m, id, in_graph, 0);
}

static void op_weakref_new(Model *m)
{
    weakref_new(m, 0);
}

static void op_noderef_new(Model *m)
{
    weakref_new(m, 1);
}

/* Drops a core weakref (its only reference is the test's). */
static void drop_core_weakref(Model *m, int rid)
{
    begin_step(m, "weakref_drop");
    OuroWeakRef *wr = m->wrecs[rid].wr;
    live_wr_remove(m, rid);
    ouro_decref(m->rt, &wr->ob);
    settle(m);
}

static void op_weakref_drop(Model *m)
{
    for (int tries = 0; tries < 16 && m->core_wrs > 0; tries++) {
        int rid = m->live_wrs.v[rnd(m, (unsigned)m->live_wrs.n)];
        if (m->wrecs[rid].obj < 0) {
            drop_core_weakref(m, rid);
            return;
        }
    }
}

static void collect(Model *m, int gen)
{
    begin_step(m, gen == 0 ? "collect(0)" : gen == 1 ? "collect(1)" : "collect(2)");
    long self_drops = m->st.self_drops;
    m->boundary = 1;
    intptr_t n = ouro_gc_collect(m->rt, gen);
    size_t nfreed = m->freed_log.n;
    m->st.collects[gen]++;
    MCHECK(m->gc_runs == 1 && m->exact, "collect(%d) ran %d collection(s)", gen, m->gc_runs);
    /* The count returned: the garbage plus weakrefs freed after their
     * callback (objects of older generations that die by count when the
     * garbage releases them are not counted). */
    intptr_t want = (intptr_t)m->garbage.n + (intptr_t)m->gc_self_drops;
    /* A callback that drops a node may free, with it, a noderef waiting for
     * its own callback; the collector counts it too. */
    intptr_t slack = 0;
    for (size_t i = 0; m->cb_dropped && i < nfreed; i++) {
        int id = m->freed_log.v[i];
        slack += mo(m, id)->kind == K_NODEREF && mo(m, id)->gstamp != m->stamp;
    }
    MCHECK(n >= want && n <= want + slack, "collect(%d) returned %lld, model %lld..%lld", gen,
           (long long)n, (long long)want, (long long)(want + slack));
    MCHECK((size_t)n <= nfreed + (size_t)(m->st.self_drops - self_drops),
           "collect(%d) returned more than it freed", gen);
    settle(m);
    if (gen == OURO_GC_GENERATIONS - 1)
        full_check(m, 1, 1);
}

static void op_collect(Model *m)
{
    unsigned g = rnd(m, 10);
    collect(m, g < 5 ? 0 : g < 8 ? 1 : 2);
}

/* Drops one of the references the test holds to id, if any. */
static void drop_held_of(Model *m, int id)
{
    for (size_t i = m->held.n; i-- > 0;)
        if (m->held.v[i] == id) {
            drop_held_at(m, i);
            return;
        }
}

/* Moves a's last edge to the front, in the heap and in the model. */
static void edge_to_front(Model *m, int a)
{
    MObj *x = mo(m, a);
    Node *na = node_of(m, a);
    size_t last = x->edges.n - 1;
    int t = x->edges.v[0];
    x->edges.v[0] = x->edges.v[last];
    x->edges.v[last] = t;
    OuroObject *o = na->edges[0];
    na->edges[0] = na->edges[last];
    na->edges[last] = o;
}

/*
 * bpo-38006: a garbage weakref W (with a callback) whose referent R lives in
 * an older generation and is held only by the garbage. The collection of
 * generation 0 must unlink W first: R dies while the garbage is cleared,
 * and W must not be called back then.
 */
static void op_old_referent(Model *m)
{
    int r = create_node(m);
    if (r < 0)
        return;
    collect(m, 0);                      /* R moves to generation 1 */
    int x = create_node(m);
    if (x < 0 || mo(m, r)->freed)
        return;
    core_link(m, x, x);
    core_link(m, x, r);
    int rid = weakref_new_on(m, r, 1, 1);
    if (rid < 0 || m->wrecs[rid].obj < 0)
        return;
    int w = m->wrecs[rid].obj;
    if (mo(m, w)->freed || mo(m, x)->freed)
        return;
    core_link(m, x, w);
    drop_held_of(m, w);
    drop_held_of(m, r);
    drop_held_of(m, x);
    collect(m, 0);
}

/* In a chain, holder (three links up) gets as its first edge a noderef to
 * target: when the chain is released past the core's deferral depth, the
 * noderef waits in the deferred queue, dead, while its referent dies. */
static void chain_noderef(Model *m, int holder, int target)
{
    int rid = weakref_new_on(m, target, 1, chance(m, 80));
    if (rid < 0 || m->wrecs[rid].obj < 0)
        return;
    int w = m->wrecs[rid].obj;
    if (mo(m, holder)->freed || mo(m, w)->freed)
        return;
    core_link(m, holder, w);
    edge_to_front(m, holder);
    drop_held_of(m, w);
}

/* Many allocations in a row: most are dropped at once into small cycles
 * (garbage piles up in the young generation until it outgrows its threshold
 * and collections start while allocating), or strung into a chain held
 * from its head only (its release later cascades deeper than the core's
 * deferral limit). */
static void op_burst(Model *m)
{
    int n = 10 + (int)rnd(m, 400), prev = -1, chain = chance(m, 30);
    int back[3] = {-1, -1, -1};
    for (int k = 0; k < n && !m->failed; k++) {
        int id = create_node(m);
        if (id < 0)
            break;
        unsigned how = rnd(m, 100);
        int prev_ok = prev >= 0 && !mo(m, prev)->freed;
        if (chain) {
            if (prev_ok)
                core_link(m, prev, id);
            if (k > 0 && m->held.n > 0 && m->held.v[m->held.n - 1] == id)
                drop_held_at(m, m->held.n - 1);
            if (how < 40 && back[2] >= 0)
                chain_noderef(m, back[2], id);
            back[2] = back[1];
            back[1] = back[0];
            back[0] = id;
            prev = id;
            continue;
        }
        if (how < 50) {
            core_link(m, id, id);
        } else if (how < 80 && prev_ok) {
            core_link(m, prev, id);
            core_link(m, id, prev);
        }
        if (how < 90 && m->held.n > 0 && m->held.v[m->held.n - 1] == id)
            drop_held_at(m, m->held.n - 1);
        prev = id;
    }
}

static void op_toggle(Model *m)
{
    if (ouro_gc_is_enabled(m->rt))
        ouro_gc_disable(m->rt);
    else
        ouro_gc_enable(m->rt);
}

/* ------------------------------------------------------------------ */
/* A run                                                               */
/* ------------------------------------------------------------------ */

typedef void (*OpFn)(Model *);

static void step(Model *m)
{
    /* The population grows and shrinks in waves. */
    if (m->step % 20000 == 0)
        m->target_nodes = 200 + rnd(m, 3000);
    size_t live = m->live.n, target = m->target_nodes;
    struct {
        OpFn fn;
        unsigned weight;
    } ops[] = {
        {op_create, live < target ? 170 : live < 2 * target ? 50 : 5},
        {op_link, 220},
        {op_unlink, 170},
        {op_replace, 40},
        {op_hold, 35},
        {op_drop, 150},
        {op_weakref_new, 45},
        {op_noderef_new, 25},
        {op_weakref_drop, 35},
        {op_handle_new, 10},
        {op_handle_release, 10},
        {op_collect, 4},
        {op_burst, live < 2 * target ? 2 : 0},
        {op_old_referent, 2},
        {op_toggle, 1},
    };
    size_t nops = sizeof ops / sizeof ops[0];
    if (m->live.n == 0) {
        op_create(m);
        return;
    }
    unsigned total = 0;
    for (size_t i = 0; i < nops; i++)
        total += ops[i].weight;
    unsigned r = rnd(m, total);
    for (size_t i = 0; i < nops; i++) {
        if (r < ops[i].weight) {
            m->op = NULL;
            ops[i].fn(m);
            return;
        }
        r -= ops[i].weight;
    }
}

/* Drops every reference the test holds and collects: everything must go,
 * and the bytes with it. */
static void teardown(Model *m)
{
    while (m->nhandles > 0)
        op_handle_release(m);
    while (m->held.n > 0)
        op_drop(m);
    for (size_t i = m->live_wrs.n; i-- > 0;)
        if (i < m->live_wrs.n && m->wrecs[m->live_wrs.v[i]].obj < 0)
            drop_core_weakref(m, m->live_wrs.v[i]);
    begin_step(m, "final collect(2)");
    m->boundary = 1;
    ouro_gc_collect(m->rt, 2);
    settle(m);
    MCHECK(m->live.n == 0, "%zu object(s) survived the final collection", m->live.n);
    MCHECK(m->live_wrs.n == 0, "%zu weakref(s) survived the final collection", m->live_wrs.n);
    full_check(m, 1, 1);
    size_t cb_size = ouro_object_size(m->shared_cb);
    ouro_decref(m->rt, m->shared_cb);
    MCHECK(bytes_in_use(m) == m->baseline_bytes - cb_size, "bytes_in_use %zu after teardown",
           bytes_in_use(m));

    OuroGCStats st[OURO_GC_GENERATIONS];
    ouro_gc_get_stats(m->rt, st);
    long runs = 0;
    for (int g = 0; g < OURO_GC_GENERATIONS; g++)
        runs += (long)st[g].collections;
    MCHECK(runs == m->st.gc_total, "%ld collections counted, callbacks saw %ld", runs,
           m->st.gc_total);
}

static void model_free(Model *m)
{
    for (size_t i = 0; i < m->nobjs; i++) {
        ivec_free(&m->objs[i].edges);
        ivec_free(&m->objs[i].wrs);
    }
    free(m->objs);
    free(m->wrecs);
    free(m->handles);
    ivec_free(&m->live);
    ivec_free(&m->held);
    ivec_free(&m->live_wrs);
    ivec_free(&m->freed_log);
    ivec_free(&m->zero);
    ivec_free(&m->garbage);
}

/* One run; returns the number of failures. */
static int run_model(uint64_t seed, long steps, int allocator, int verbose)
{
    Model m;
    memset(&m, 0, sizeof m);
    cur = &m;
    m.seed = seed;
    m.rng = seed * 0x2545f4914f6cdd1dull + 1;

    OuroConfig cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.allocator = allocator;
    cfg.hooks.report_error = hook_report_error;
    cfg.hooks.write_debug = hook_write_debug;
    m.rt = ouro_runtime_new(&cfg);
    if (m.rt == NULL) {
        fprintf(stderr, "  runtime_new failed\n");
        return 1;
    }
    static const intptr_t t0s[] = {3, 10, 50, 150};
    intptr_t thr[OURO_GC_GENERATIONS] = {t0s[rnd(&m, 4)], 2 + (intptr_t)rnd(&m, 9),
                                         2 + (intptr_t)rnd(&m, 9)};
    ouro_gc_set_threshold(m.rt, thr);
    if (ouro_root_add(m.rt, model_roots, &m) < 0 || ouro_gc_add_callback(m.rt, gc_cb, &m) < 0)
        model_fail("registration failed");
    m.shared_cb = ouro_ccallback_new(m.rt, weakref_cb, NULL);
    m.baseline_bytes = bytes_in_use(&m);

    clock_t c0 = clock();
    for (m.step = 0; m.step < steps && !m.failed; m.step++)
        step(&m);
    if (!m.failed)
        teardown(&m);
    double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
    if (verbose || m.failed)
        fprintf(stderr,
                "  seed %llu: %ld steps in %.2fs (thresholds %lld/%lld/%lld), max live %zu; "
                "created %ld nodes and %ld noderefs, freed %ld by count and %ld by collection; "
                "%ld callbacks (%ld self-drops, %ld drops), %ld weakrefs died with their "
                "referent, %ld scratch nodes; collect(0,1,2) %ld/%ld/%ld, %ld automatic, %ld of all predicted "
                "exactly (%ld generation resyncs), %ld full checks\n",
                (unsigned long long)seed, m.step, secs, (long long)thr[0], (long long)thr[1],
                (long long)thr[2], m.st.max_live, m.st.created, m.st.noderefs, m.st.rc_freed,
                m.st.gc_freed, m.st.callbacks, m.st.self_drops, m.st.cb_drops, m.st.garbage_wr, m.st.scratch,
                m.st.collects[0], m.st.collects[1], m.st.collects[2],
                m.st.gc_total - m.st.collects[0] - m.st.collects[1] - m.st.collects[2] - 1,
                m.st.exact, m.st.resyncs, m.st.full_checks);
    ouro_runtime_destroy(m.rt);
    int failed = m.failed;
    model_free(&m);
    cur = NULL;
    return failed;
}

/* ------------------------------------------------------------------ */
/* Cases                                                               */
/* ------------------------------------------------------------------ */

#define DEFAULT_STEPS (CHECK_ASAN ? 200000L : 300000L)

#ifndef MODEL_FUZZ
static void model_seed_1(void)
{
    CHECK_EQ(run_model(1, DEFAULT_STEPS, OURO_ALLOC_DEFAULT, 0), 0);
}

static void model_seed_2(void)
{
    CHECK_EQ(run_model(2, DEFAULT_STEPS, OURO_ALLOC_DEFAULT, 0), 0);
}

static void model_seed_3_malloc(void)
{
    CHECK_EQ(run_model(3, DEFAULT_STEPS, OURO_ALLOC_MALLOC, 0), 0);
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        uint64_t seed = strtoull(argv[1], NULL, 0);
        long steps = argc > 2 ? strtol(argv[2], NULL, 0) : 200000;
        int allocator = OURO_ALLOC_DEFAULT;
        if (argc > 3)
            allocator = strcmp(argv[3], "malloc") == 0     ? OURO_ALLOC_MALLOC
                        : strcmp(argv[3], "mimalloc") == 0 ? OURO_ALLOC_MIMALLOC
                                                           : OURO_ALLOC_POOL;
        int failed = run_model(seed, steps, allocator, 1);
        printf("%s model_seed_%llu\n", failed ? "FAIL" : "PASS", (unsigned long long)seed);
        return failed ? 1 : 0;
    }
    RUN(model_seed_1);
    RUN(model_seed_2);
    RUN(model_seed_3_malloc);
    return check_exit();
}
#endif
