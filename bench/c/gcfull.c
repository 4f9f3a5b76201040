/*
 * gcfull.c - the time of one full collection per tracked object, on a live
 * heap of 1,000,000 tracked nodes.
 *
 * usage: gcfull [pool|malloc|mimalloc|default]
 *
 * The nodes form one binary tree (node i's children are nodes 2i+1 and
 * 2i+2, allocated in index order) whose root is held by a handle, so every
 * collection finds all of them reachable and frees nothing: this is the
 * pure cost of a full collection's passes over a live heap (update refs,
 * subtract internal refs, move the unreachable, move the reachable back).
 * Automatic collection is off while the heap is built; one untimed full
 * collection moves everything into generation 2, then RUNS timed ones
 * follow. Prints the median (and every run) in ns per tracked object.
 * Exit status 3: the allocator is not built in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ouro_node.h"

enum { OBJECTS = 1000000, RUNS = 7 };

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Returns a handle on the root of a tree of n tracked nodes. */
static OuroHandle *build_heap(OuroRuntime *rt, long n)
{
    Node **nodes = malloc((size_t)n * sizeof *nodes);
    if (nodes == NULL) {
        fprintf(stderr, "gcfull: out of memory\n");
        exit(1);
    }
    for (long i = 0; i < n; i++)
        nodes[i] = node_new(rt, NULL, NULL);
    /* Each child's one reference passes from the array to its parent. */
    for (long i = 0; i < n; i++) {
        if (2 * i + 1 < n)
            nodes[i]->left = nodes[2 * i + 1];
        if (2 * i + 2 < n)
            nodes[i]->right = nodes[2 * i + 2];
    }
    OuroHandle *h = ouro_handle_new(rt, &nodes[0]->ob, "gcfull root");
    if (h == NULL) {
        fprintf(stderr, "gcfull: out of memory\n");
        exit(1);
    }
    ouro_decref(rt, &nodes[0]->ob);
    free(nodes);
    return h;
}

int main(int argc, char **argv)
{
    OuroRuntime *rt = runtime_for(argc, argv);
    ouro_gc_disable(rt);
    OuroHandle *h = build_heap(rt, OBJECTS);
    if (ouro_gc_collect(rt, 2) != 0) {
        fprintf(stderr, "gcfull: a live object was collected\n");
        return 1;
    }
    intptr_t tracked = ouro_gc_generation_size(rt, 2);
    double ns[RUNS];
    for (int r = 0; r < RUNS; r++) {
        double t0 = now_ns();
        intptr_t found = ouro_gc_collect(rt, 2);
        ns[r] = (now_ns() - t0) / (double)tracked;
        if (found != 0) {
            fprintf(stderr, "gcfull: a live object was collected\n");
            return 1;
        }
    }
    printf("objects=%ld\n", (long)tracked);
    printf("runs_ns_per_object=");
    for (int r = 0; r < RUNS; r++)
        printf("%s%.2f", r ? "," : "", ns[r]);
    qsort(ns, RUNS, sizeof ns[0], cmp_double);
    printf("\nns_per_object=%.2f\nms_per_collection=%.2f\n", ns[RUNS / 2],
           ns[RUNS / 2] * (double)tracked / 1e6);
    ouro_handle_release(rt, h);
    ouro_runtime_destroy(rt);
    return 0;
}
