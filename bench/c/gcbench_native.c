/*
 * gcbench_native.c - GCBench on a plain C heap, the baselines for libouro.
 *
 * One source, three builds:
 *   (default)       malloc/free: every tree is freed explicitly, recursively,
 *                   the moment it is dropped;
 *   -DUSE_MIMALLOC  the same code on mi_malloc/mi_free;
 *   -DUSE_BOEHM     Boehm's conservative collector: GC_MALLOC, no frees;
 *                   dropped trees are found by its mark-sweep.
 * A node is two pointers (16 bytes): no count, no type, no link header.
 */
#include "gcbench.h"

#if defined(USE_BOEHM)
#include <gc.h>
#define VARIANT "boehm"
#define FREES_EXPLICITLY 0
#elif defined(USE_MIMALLOC)
#include <mimalloc.h>
#define VARIANT "mimalloc"
#define FREES_EXPLICITLY 1
#else
#define VARIANT "malloc"
#define FREES_EXPLICITLY 1
#endif

typedef struct Node {
    struct Node *left, *right;
} Node;

static void heap_init(void)
{
#if defined(USE_BOEHM)
    GC_INIT();
#endif
}

static inline void *raw_alloc(size_t size)
{
#if defined(USE_BOEHM)
    void *p = GC_MALLOC(size);
#elif defined(USE_MIMALLOC)
    void *p = mi_malloc(size);
#else
    void *p = malloc(size);
#endif
    if (p == NULL)
        die("out of memory");
    return p;
}

/* Memory the collector need not scan (Boehm's GC_MALLOC_ATOMIC). */
static inline void *atomic_alloc(size_t size)
{
#if defined(USE_BOEHM)
    void *p = GC_MALLOC_ATOMIC(size);
    if (p == NULL)
        die("out of memory");
    return p;
#else
    return raw_alloc(size);
#endif
}

static inline void raw_free(void *p)
{
#if defined(USE_BOEHM)
    (void)p;
#elif defined(USE_MIMALLOC)
    mi_free(p);
#else
    free(p);
#endif
}

/* Takes over left and right. */
static Node *new_node(Node *left, Node *right)
{
    Node *n = raw_alloc(sizeof(Node));
    n->left = left;
    n->right = right;
    return n;
}

/* Frees a whole tree, as the owner of a malloc'd tree must. Boehm: dropping
 * the pointer is enough. */
static void drop_tree(Node *n)
{
#if FREES_EXPLICITLY
    if (n == NULL)
        return;
    drop_tree(n->left);
    drop_tree(n->right);
    raw_free(n);
#else
    (void)n;
#endif
}

/* Top-down: gives node children down to the given depth. */
static void populate(int depth, Node *node)
{
    if (depth <= 0)
        return;
    depth--;
    node->left = new_node(NULL, NULL);
    node->right = new_node(NULL, NULL);
    populate(depth, node->left);
    populate(depth, node->right);
}

/* Bottom-up: children first, then their parent. */
static Node *make_tree(int depth)
{
    if (depth <= 0)
        return new_node(NULL, NULL);
    Node *left = make_tree(depth - 1);
    Node *right = make_tree(depth - 1);
    return new_node(left, right);
}

static void time_construction(int depth)
{
    long iters = num_iters(depth);
    for (long i = 0; i < iters; i++) {
        Node *t = new_node(NULL, NULL);
        populate(depth, t);
        drop_tree(t);
    }
    for (long i = 0; i < iters; i++)
        drop_tree(make_tree(depth));
}

int main(void)
{
    heap_init();
    printf("variant=%s\nbase_rss_kb=%ld\nnode_bytes=%zu\n", VARIANT, peak_rss_kb(),
           sizeof(Node));

    drop_tree(make_tree(STRETCH_TREE_DEPTH));

    Node *long_lived = new_node(NULL, NULL);
    populate(LONG_LIVED_TREE_DEPTH, long_lived);
    double *array = atomic_alloc(ARRAY_SIZE * sizeof(double));
    fill_array(array);

    for (int d = MIN_TREE_DEPTH; d <= MAX_TREE_DEPTH; d += 2)
        time_construction(d);

    if (long_lived->left == NULL || !array_ok(array))
        die("long-lived data lost");
    printf("check=ok\n");
#if defined(USE_BOEHM)
    printf("boehm_heap_bytes=%zu\nboehm_collections=%zu\n", GC_get_heap_size(),
           (size_t)GC_get_gc_no());
#endif
    drop_tree(long_lived);
    raw_free(array);
    return 0;
}
