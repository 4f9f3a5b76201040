/*
 * test_threads.c - several runtimes in one process, one per thread, all
 * working at once: no state is shared, so each thread's counts, collections
 * and statistics are exactly what it would see alone.
 */
#include <pthread.h>

#include "check.h"
#include "types.h"

#define THREADS 4

typedef struct Work {
    int seed;
    intptr_t found;        /* unreachable objects found by the collections */
    intptr_t expected;
    size_t bytes_left;     /* bytes in use after the last collection */
    intptr_t problems;
} Work;

/* Builds rings of pairs (cycles only the collector frees) and drops them. */
static void *worker(void *arg)
{
    Work *w = arg;
    OuroRuntime *rt = ouro_runtime_new(NULL);
    if (rt == NULL)
        return NULL;
    int rounds = CHECK_ASAN ? 20 : 200;
    for (int r = 0; r < rounds; r++) {
        int n = 10 + (w->seed * 7 + r) % 50;
        Pair *first = pair_new(rt, NULL), *prev = first;
        for (int i = 1; i < n; i++) {
            Pair *p = pair_new(rt, NULL);
            set_a(rt, prev, OBJ(p));
            ouro_decref(rt, OBJ(p));
            prev = p;
        }
        set_a(rt, prev, OBJ(first));
        ouro_decref(rt, OBJ(first));
        w->expected += n;
    }
    w->found = ouro_gc_collect(rt, 2);
    OuroGCStats st[OURO_GC_GENERATIONS];
    ouro_gc_get_stats(rt, st);
    /* Automatic collections may have freed some rings before the explicit one. */
    w->found = st[0].collected + st[1].collected + st[2].collected;
    w->problems = ouro_heap_check(rt, OURO_CHECK_ROOTS);
    OuroMemStats ms;
    ouro_mem_stats(rt, &ms);
    w->bytes_left = ms.bytes_in_use;
    ouro_runtime_destroy(rt);
    return NULL;
}

static void runtimes_in_threads(void)
{
    pthread_t th[THREADS];
    Work w[THREADS];
    memset(w, 0, sizeof w);
    for (int i = 0; i < THREADS; i++) {
        w[i].seed = i + 1;
        CHECK_EQ(pthread_create(&th[i], NULL, worker, &w[i]), 0);
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < THREADS; i++) {
        CHECK(w[i].expected > 0);
        CHECK_EQ(w[i].found, w[i].expected);
        CHECK_EQ(w[i].problems, 0);
        CHECK_EQ(w[i].bytes_left, 0);
    }
}

int main(void)
{
    RUN(runtimes_in_threads);
    return check_exit();
}
