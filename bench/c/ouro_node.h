/*
 * ouro_node.h - GCBench's tree node as a libouro type, and the command-line
 * choice of allocator shared by the libouro benchmarks.
 *
 * A node is an OURO_TYPE_GC object: its own two fields (left, right, owned
 * references or NULL) after the two-word object header, with the
 * collector's 16-byte link header in front: 48 bytes in all. It is tracked
 * once its fields are valid, and it dies by refcount unless the collector
 * gets to it first. The slots are what an embedder writes for such a type
 * (CPython's tp_traverse, tp_clear and tp_dealloc): traverse visits both
 * children, clear drops them field by field (it may run on an object others
 * still see), dealloc just releases them (nobody sees the object then).
 */
#ifndef OURO_NODE_H
#define OURO_NODE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ouro.h"

typedef struct Node {
    OuroObject ob;
    struct Node *left, *right;   /* owned, may be NULL */
} Node;

static int node_traverse(OuroObject *self, OuroVisitFn visit, void *arg)
{
    Node *n = (Node *)self;
    int err = n->left ? visit(&n->left->ob, arg) : 0;
    if (err == 0 && n->right)
        err = visit(&n->right->ob, arg);
    return err;
}

static int node_clear(OuroRuntime *rt, OuroObject *self)
{
    Node *n = (Node *)self;
    ouro_clearref(rt, (OuroObject **)&n->left);
    ouro_clearref(rt, (OuroObject **)&n->right);
    return 0;
}

static void node_dealloc(OuroRuntime *rt, OuroObject *self)
{
    Node *n = (Node *)self;
    ouro_xdecref(rt, (OuroObject *)n->left);
    ouro_xdecref(rt, (OuroObject *)n->right);
}

static const OuroType node_type = {
    .name = "node",
    .basic_size = sizeof(Node),
    .flags = OURO_TYPE_GC,
    .dealloc = node_dealloc,
    .traverse = node_traverse,
    .clear = node_clear,
};

/* Returns a new, tracked node owning left and right (both taken over, may
 * be NULL). Exits if memory runs out: a benchmark has no way to recover. */
static inline Node *node_new(OuroRuntime *rt, Node *left, Node *right)
{
    Node *n = (Node *)ouro_new(rt, &node_type);
    if (n == NULL) {
        fprintf(stderr, "gcbench: out of memory\n");
        exit(1);
    }
    n->left = left;
    n->right = right;
    ouro_gc_track(rt, &n->ob);
    return n;
}

/* Exit status of a benchmark asked for an allocator this build lacks. */
#define EXIT_NOT_BUILT_IN 3

/* "pool", "malloc", "mimalloc" or "default" (also for a missing name). */
static inline int parse_allocator(const char *name)
{
    if (name == NULL || strcmp(name, "default") == 0)
        return OURO_ALLOC_DEFAULT;
    if (strcmp(name, "pool") == 0)
        return OURO_ALLOC_POOL;
    if (strcmp(name, "malloc") == 0)
        return OURO_ALLOC_MALLOC;
    if (strcmp(name, "mimalloc") == 0)
        return OURO_ALLOC_MIMALLOC;
    fprintf(stderr, "unknown allocator %s (pool, malloc, mimalloc, default)\n", name);
    exit(2);
}

/* A runtime on the allocator named by argv[1]; exits with
 * EXIT_NOT_BUILT_IN if ouro_runtime_new refuses it. */
static inline OuroRuntime *runtime_for(int argc, char **argv)
{
    OuroConfig cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.allocator = parse_allocator(argc > 1 ? argv[1] : NULL);
    OuroRuntime *rt = ouro_runtime_new(&cfg);
    if (rt == NULL) {
        printf("allocator=not built in\n");
        exit(EXIT_NOT_BUILT_IN);
    }
    printf("allocator=%s\n", ouro_allocator_name(rt));
    return rt;
}

#endif
