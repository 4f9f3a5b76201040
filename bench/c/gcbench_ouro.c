/*
 * gcbench_ouro.c - GCBench on libouro.
 *
 * usage: gcbench_ouro [pool|malloc|mimalloc|default] [gc-off]
 *
 * Nodes are tracked GC objects (ouro_node.h). Every reference is released
 * with ouro_decref, so each dropped tree dies by refcount, recursively,
 * inside that call; the cycle collector runs on its own, as its default
 * thresholds (700, 10, 10) start it, and finds nothing to free: its cost
 * here is the price of tracking containers that never form cycles, which
 * is what CPython pays for the same program. The 500,000 doubles come from
 * ouro_mem_alloc. Exit status 3: the allocator is not built in.
 *
 * "gc-off" disables automatic collection (nothing here needs it: there are
 * no cycles), which splits the cost between refcounting plus allocation and
 * the collector. Either way the time spent in collections of each
 * generation is measured through a collector callback and printed.
 */
#include <string.h>
#include <time.h>

#include "gcbench.h"
#include "ouro_node.h"

/* Time spent in collections, per generation, from start/stop callbacks. */
typedef struct GCClock {
    double start_ns;
    double ns[OURO_GC_GENERATIONS];
} GCClock;

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int on_collection(OuroRuntime *rt, const char *phase, int generation,
                         intptr_t collected, intptr_t uncollectable, void *ctx)
{
    (void)rt;
    (void)collected;
    (void)uncollectable;
    GCClock *clock = ctx;
    if (phase[1] == 't' && phase[2] == 'a')   /* "start" */
        clock->start_ns = now_ns();
    else
        clock->ns[generation] += now_ns() - clock->start_ns;
    return 0;
}

/* Top-down: gives node children down to the given depth. The node is
 * already tracked: its fields are valid (NULL) at every step. */
static void populate(OuroRuntime *rt, int depth, Node *node)
{
    if (depth <= 0)
        return;
    depth--;
    node->left = node_new(rt, NULL, NULL);
    node->right = node_new(rt, NULL, NULL);
    populate(rt, depth, node->left);
    populate(rt, depth, node->right);
}

/* Bottom-up: children first, then their parent. Returns a new reference. */
static Node *make_tree(OuroRuntime *rt, int depth)
{
    if (depth <= 0)
        return node_new(rt, NULL, NULL);
    Node *left = make_tree(rt, depth - 1);
    Node *right = make_tree(rt, depth - 1);
    return node_new(rt, left, right);
}

static void time_construction(OuroRuntime *rt, int depth)
{
    long iters = num_iters(depth);
    for (long i = 0; i < iters; i++) {
        Node *t = node_new(rt, NULL, NULL);
        populate(rt, depth, t);
        ouro_decref(rt, &t->ob);
    }
    for (long i = 0; i < iters; i++)
        ouro_decref(rt, &make_tree(rt, depth)->ob);
}

static void print_stats(OuroRuntime *rt, const Node *sample, const GCClock *clock)
{
    OuroGCStats st[OURO_GC_GENERATIONS];
    OuroMemStats mem;
    ouro_gc_get_stats(rt, st);
    ouro_mem_stats(rt, &mem);
    printf("collections=%ld/%ld/%ld\ncollected=%ld\n", (long)st[0].collections,
           (long)st[1].collections, (long)st[2].collections,
           (long)(st[0].collected + st[1].collected + st[2].collected));
    printf("gc_ms=%.1f/%.1f/%.1f\n", clock->ns[0] / 1e6, clock->ns[1] / 1e6, clock->ns[2] / 1e6);
    printf("peak_bytes_in_use=%zu\n", mem.peak_bytes_in_use);
    printf("node_bytes=%zu\n", ouro_object_size(&sample->ob));
}

int main(int argc, char **argv)
{
    OuroRuntime *rt = runtime_for(argc, argv);
    GCClock clock;
    memset(&clock, 0, sizeof clock);
    if (ouro_gc_add_callback(rt, on_collection, &clock) < 0)
        die("out of memory");
    if (argc > 2 && strcmp(argv[2], "gc-off") == 0)
        ouro_gc_disable(rt);
    printf("base_rss_kb=%ld\n", peak_rss_kb());

    ouro_decref(rt, &make_tree(rt, STRETCH_TREE_DEPTH)->ob);

    Node *long_lived = node_new(rt, NULL, NULL);
    populate(rt, LONG_LIVED_TREE_DEPTH, long_lived);
    double *array = ouro_mem_alloc(rt, ARRAY_SIZE * sizeof(double));
    if (array == NULL)
        die("out of memory");
    fill_array(array);

    for (int d = MIN_TREE_DEPTH; d <= MAX_TREE_DEPTH; d += 2)
        time_construction(rt, d);

    if (long_lived->left == NULL || !array_ok(array))
        die("long-lived data lost");
    printf("check=ok\n");
    print_stats(rt, long_lived, &clock);
    ouro_mem_free(rt, array, ARRAY_SIZE * sizeof(double));
    ouro_decref(rt, &long_lived->ob);
    ouro_runtime_destroy(rt);
    return 0;
}
