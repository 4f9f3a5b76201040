/*
 * embed.c - a tour of libouro from C: the embedding story.
 *
 * It defines a node type, builds a small tree and a cycle, holds them
 * through named handles, attaches weak references with a C callback, and
 * shows the two ways memory comes back: at once when a count reaches zero,
 * and from the cycle collector for objects that keep each other alive. It
 * ends with the collector's statistics and the runtime's destruction.
 * docs/embedding.md walks through it. The output is deterministic (no
 * addresses, no timings); `make demo` builds and runs it. To keep the story
 * short, the tour does not check for NULL after each allocation: every
 * function that allocates returns NULL (or -1) when memory runs out.
 */
#include <stdio.h>
#include <string.h>

#include <ouro.h>

/* ------------------------------------------------------------------ */
/* A node type                                                         */
/* ------------------------------------------------------------------ */

/* Two owned references (each may be NULL) and a name. The object starts
 * with OuroObject (count and type); the collector's header sits before it
 * and is the core's business. weaklist is the head of the list of weak
 * references to this node: the core reads it at type->weaklist_offset. */
typedef struct Node {
    OuroObject ob;
    OuroObject *left, *right;
    OuroWeakRef *weaklist;
    char name[16];
} Node;

/* Visits every owned reference once; changes nothing. */
static int node_traverse(OuroObject *self, OuroVisitFn visit, void *arg)
{
    Node *n = (Node *)self;
    int r = n->left ? visit(n->left, arg) : 0;
    if (r == 0 && n->right)
        r = visit(n->right, arg);
    return r;
}

/* Drops the references that can form cycles. ouro_clearref sets the field
 * to NULL before releasing the old value: the release may run code that
 * looks at this node. */
static int node_clear(OuroRuntime *rt, OuroObject *self)
{
    Node *n = (Node *)self;
    ouro_clearref(rt, &n->left);
    ouro_clearref(rt, &n->right);
    return 0;
}

/* Called when the node dies: release what it owns. The core frees the
 * node's memory afterwards. */
static void node_dealloc(OuroRuntime *rt, OuroObject *self)
{
    printf("    freed %s\n", ((Node *)self)->name);
    node_clear(rt, self);
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

/* Returns a new reference to a fresh node, tracked by the collector, or
 * NULL if memory runs out. */
static Node *node_new(OuroRuntime *rt, const char *name)
{
    Node *n = (Node *)ouro_new(rt, &node_type);   /* count 1, fields zeroed */
    if (n == NULL)
        return NULL;
    snprintf(n->name, sizeof n->name, "%s", name);
    ouro_gc_track(rt, &n->ob);   /* only now: every field is valid */
    return n;
}

/* Stores a new reference to target in *field (which must be empty). */
static void node_link(OuroObject **field, Node *target)
{
    *field = ouro_newref(&target->ob);
}

/* ------------------------------------------------------------------ */
/* Callbacks and hooks                                                 */
/* ------------------------------------------------------------------ */

/* A weak reference callback: runs once, after the referent is gone. ctx is
 * the name we gave it (the referent cannot be looked at any more). */
static int on_gone(OuroRuntime *rt, OuroWeakRef *wr, void *ctx)
{
    (void)rt;
    printf("    callback: %s is gone (ouro_weakref_get -> %s)\n", (const char *)ctx,
           ouro_weakref_get(wr) == NULL ? "NULL" : "alive?!");
    return 0;
}

/* A collector callback: runs at the start and the end of each collection. */
static int on_collect(OuroRuntime *rt, const char *phase, int generation, intptr_t collected,
                      intptr_t uncollectable, void *ctx)
{
    (void)rt;
    (void)ctx;
    if (strcmp(phase, "start") == 0)
        printf("    collector: start, generation %d\n", generation);
    else
        printf("    collector: stop, %lld collected, %lld uncollectable\n", (long long)collected,
               (long long)uncollectable);
    return 0;
}

/* The error hook: finalizers and callbacks that fail are reported here
 * (none do in this program). */
static void report_error(OuroRuntime *rt, const char *where, OuroObject *obj)
{
    (void)rt;
    printf("    error in %s %s\n", where, obj ? obj->type->name : "");
}

static int print_handle(const OuroHandle *h, void *ctx)
{
    (void)ctx;
    const Node *n = (const Node *)ouro_handle_get(h);
    printf("    handle %-10s -> %s (count %lld)\n", ouro_handle_owner(h), n->name,
           (long long)n->ob.refcnt);
    return 0;
}

static void list_handles(OuroRuntime *rt)
{
    printf("  live handles: %zu\n", ouro_handle_count(rt));
    ouro_handles_foreach(rt, print_handle, NULL);
}

static size_t bytes_in_use(OuroRuntime *rt)
{
    OuroMemStats st;
    ouro_mem_stats(rt, &st);
    return st.bytes_in_use;
}

/* ------------------------------------------------------------------ */
/* The tour                                                            */
/* ------------------------------------------------------------------ */

/* A tree dies by reference counting alone, the moment its last reference
 * goes: no collection is involved. */
static void tree_dies_by_count(OuroRuntime *rt)
{
    printf("1. A tree: config -> leaf, held by the handle \"config\"\n");
    Node *config = node_new(rt, "config");
    Node *leaf = node_new(rt, "leaf");
    node_link(&config->left, leaf);
    ouro_decref(rt, &leaf->ob);                      /* config holds leaf now */
    OuroHandle *h = ouro_handle_new(rt, &config->ob, "config");
    ouro_decref(rt, &config->ob);                    /* the handle holds config */

    OuroObject *cb = ouro_ccallback_new(rt, on_gone, "leaf");
    OuroWeakRef *wr = ouro_weakref_new(rt, &leaf->ob, cb);
    ouro_decref(rt, cb);                             /* the weakref holds its callback */
    list_handles(rt);
    printf("  bytes in use: %zu\n", bytes_in_use(rt));

    printf("  release the handle: both die at once, before the call returns\n");
    ouro_handle_release(rt, h);
    printf("  weakref to leaf: %s\n", ouro_weakref_get(wr) ? "alive" : "dead");
    ouro_decref(rt, &wr->ob);                        /* done with the weakref */
    printf("  bytes in use: %zu\n\n", bytes_in_use(rt));
}

/* A cycle keeps its own counts above zero: it survives its last outside
 * reference and waits for the collector. */
static void cycle_waits_for_collector(OuroRuntime *rt)
{
    printf("2. A cycle: a <-> b, and b -> c; \"session\" holds a\n");
    Node *a = node_new(rt, "a");
    Node *b = node_new(rt, "b");
    Node *c = node_new(rt, "c");
    node_link(&a->left, b);
    node_link(&b->left, a);
    node_link(&b->right, c);
    OuroHandle *h = ouro_handle_new(rt, &a->ob, "session");
    OuroObject *cb = ouro_ccallback_new(rt, on_gone, "a");
    OuroWeakRef *wa = ouro_weakref_new(rt, &a->ob, cb);   /* with a callback */
    ouro_decref(rt, cb);
    OuroWeakRef *wc = ouro_weakref_new(rt, &c->ob, NULL); /* without */
    ouro_decref(rt, &a->ob);
    ouro_decref(rt, &b->ob);
    ouro_decref(rt, &c->ob);
    list_handles(rt);

    printf("  release the handle: nothing is freed, the cycle holds itself\n");
    ouro_handle_release(rt, h);
    printf("  counts: a %lld, b %lld, c %lld; weakref to a: %s\n", (long long)a->ob.refcnt,
           (long long)b->ob.refcnt, (long long)c->ob.refcnt,
           ouro_weakref_get(wa) ? "alive" : "dead");
    printf("  bytes in use: %zu\n", bytes_in_use(rt));

    printf("  ouro_gc_collect(rt, 2):\n");
    intptr_t found = ouro_gc_collect(rt, 2);
    printf("  it found %lld unreachable objects; weakrefs to a and c: %s, %s\n",
           (long long)found, ouro_weakref_get(wa) ? "alive" : "dead",
           ouro_weakref_get(wc) ? "alive" : "dead");
    ouro_decref(rt, &wa->ob);
    ouro_decref(rt, &wc->ob);
    printf("  bytes in use: %zu\n\n", bytes_in_use(rt));
}

/* One line of statistics: the value, then what it means. */
static void stat_line(const char *label, const char *value, const char *meaning)
{
    printf("  %-22s %-12s %s\n", label, value, meaning);
}

static void print_statistics(OuroRuntime *rt)
{
    printf("3. A survivor, then the collector's statistics\n");
    Node *kept = node_new(rt, "kept");
    OuroHandle *h = ouro_handle_new(rt, &kept->ob, "cache");
    ouro_decref(rt, &kept->ob);
    (void)h;   /* kept until the runtime is destroyed */
    printf("  ouro_gc_collect(rt, 0) with \"kept\" held by the handle \"cache\":\n");
    ouro_gc_collect(rt, 0);

    char v[64];
    OuroGCStats st[OURO_GC_GENERATIONS];
    ouro_gc_get_stats(rt, st);
    for (int g = 0; g < OURO_GC_GENERATIONS; g++) {
        char label[32];
        snprintf(label, sizeof label, "stats of generation %d", g);
        snprintf(v, sizeof v, "%lld/%lld/%lld", (long long)st[g].collections,
                 (long long)st[g].collected, (long long)st[g].uncollectable);
        stat_line(label, v, "collections / objects collected / uncollectable");
    }
    intptr_t count[OURO_GC_GENERATIONS], threshold[OURO_GC_GENERATIONS];
    ouro_gc_get_count(rt, count);
    ouro_gc_get_threshold(rt, threshold);
    snprintf(v, sizeof v, "%lld/%lld/%lld", (long long)count[0], (long long)count[1],
             (long long)count[2]);
    stat_line("count", v, "tracked allocations since the last collection; collections of");
    stat_line("", "", "generation 0 since the last of 1; of 1 since the last of 2");
    snprintf(v, sizeof v, "%lld/%lld/%lld", (long long)threshold[0], (long long)threshold[1],
             (long long)threshold[2]);
    stat_line("threshold", v, "a generation is collected when its count passes this");
    snprintf(v, sizeof v, "%lld/%lld/%lld", (long long)ouro_gc_generation_size(rt, 0),
             (long long)ouro_gc_generation_size(rt, 1),
             (long long)ouro_gc_generation_size(rt, 2));
    stat_line("objects per generation", v, "tracked objects: \"kept\" was promoted to 1");
    OuroMemStats ms;
    ouro_mem_stats(rt, &ms);
    snprintf(v, sizeof v, "%zu", ms.bytes_in_use);
    stat_line("bytes in use", v, "every byte held for objects, handles and tables");
    snprintf(v, sizeof v, "%zu", ms.blocks_in_use);
    stat_line("blocks in use", v, "allocations not yet freed");
    snprintf(v, sizeof v, "%zu", ms.peak_bytes_in_use);
    stat_line("peak bytes in use", v, "the most held at any time");
    snprintf(v, sizeof v, "%lld", (long long)ouro_heap_check(rt, OURO_CHECK_ROOTS));
    stat_line("heap check", v, "problems: lists, counts, every reference explained");
    printf("\n");
}

/* Destroying a runtime frees everything it holds, live objects included,
 * and runs no code: no dealloc slot, no callback. */
static void destroy(OuroRuntime *rt)
{
    printf("4. Destroying the runtime with \"kept\" and a live cycle still held\n");
    Node *x = node_new(rt, "x");
    node_link(&x->left, x);
    OuroHandle *h = ouro_handle_new(rt, &x->ob, "leftover");
    ouro_decref(rt, &x->ob);
    (void)h;   /* never released: destroy takes it */
    list_handles(rt);
    printf("  bytes in use: %zu\n", bytes_in_use(rt));
    ouro_runtime_destroy(rt);
    printf("  destroyed: all of it is freed, and no \"freed x\" line was printed\n");
}

int main(void)
{
    OuroConfig cfg;
    memset(&cfg, 0, sizeof cfg);      /* zero: the defaults */
    cfg.hooks.report_error = report_error;
    OuroRuntime *rt = ouro_runtime_new(&cfg);
    if (rt == NULL) {
        fprintf(stderr, "embed: cannot create a runtime\n");
        return 1;
    }
    if (ouro_gc_add_callback(rt, on_collect, NULL) < 0) {
        ouro_runtime_destroy(rt);
        return 1;
    }
    printf("libouro %s, allocator \"%s\"; an empty runtime holds %zu bytes\n\n", OURO_VERSION,
           ouro_allocator_name(rt), bytes_in_use(rt));

    tree_dies_by_count(rt);
    cycle_waits_for_collector(rt);
    print_statistics(rt);
    destroy(rt);
    return 0;
}
