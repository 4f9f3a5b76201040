/*
 * gcbench.h - the shape of Hans Boehm's GCBench, shared by every variant.
 *
 * One run: a "stretch" tree of depth 18 is built and dropped; a long-lived
 * tree of depth 16 and an array of 500,000 doubles stay alive to the end;
 * then for depths 4, 6, ..., 16 trees are built top-down (Populate: a node
 * is made, then its children are filled in) and bottom-up (MakeTree: the
 * children are made first), NumIters(depth) of each, and each is dropped
 * as soon as it is complete. Every depth allocates about the same number
 * of nodes (2 * TreeSize(18) per direction), 15.3 million nodes in all.
 *
 * Each program prints "key=value" lines on stdout that the runner reads:
 *   base_rss_kb  the process's peak RSS just before the first tree (after
 *                the allocator or runtime is set up), so the runner can
 *                subtract it and divide the rest by the stretch tree's nodes;
 *   node_bytes   the bytes a node asks of its allocator (headers included);
 *   check        "ok" once the long-lived tree and the array are verified.
 */
#ifndef GCBENCH_H
#define GCBENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

enum {
    STRETCH_TREE_DEPTH = 18,
    LONG_LIVED_TREE_DEPTH = 16,
    ARRAY_SIZE = 500000,
    MIN_TREE_DEPTH = 4,
    MAX_TREE_DEPTH = 16,
};

/* Nodes in a complete binary tree of the given depth (depth 0: one node). */
static inline long tree_size(int depth)
{
    return (1L << (depth + 1)) - 1;
}

/* Trees of the given depth built per direction: about as many nodes as two
 * stretch trees, whatever the depth. */
static inline long num_iters(int depth)
{
    return 2 * tree_size(STRETCH_TREE_DEPTH) / tree_size(depth);
}

/* Peak resident set so far, in KiB (Linux reports ru_maxrss in KiB). */
static inline long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static inline void die(const char *what)
{
    fprintf(stderr, "gcbench: %s\n", what);
    exit(1);
}

/* Fills the first half of the array as GCBench does (the second half is
 * never touched), so every variant holds the same resident pages. */
static inline void fill_array(double *array)
{
    for (int i = 1; i < ARRAY_SIZE / 2; i++)
        array[i] = 1.0 / i;
}

static inline int array_ok(const double *array)
{
    return array[1000] == 1.0 / 1000;
}

#endif
