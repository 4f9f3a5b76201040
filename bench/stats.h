/*
 * bench/stats.h - what both benchmark runners (bench/c/runner.c and
 * bench/py/runner.c) compute from their samples: clocks, the median and
 * the spread of up to STATS_MAX_SAMPLES values. Header-only, static.
 */
#ifndef OURO_BENCH_STATS_H
#define OURO_BENCH_STATS_H

#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

enum { STATS_MAX_SAMPLES = 64 };

/* Seconds on the monotonic clock. */
static inline double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A struct timeval (rusage times) in seconds. */
static inline double tv_s(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static inline int stats_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of xs[0..n), 1 <= n <= STATS_MAX_SAMPLES (xs unchanged). */
static inline double median(const double *xs, int n)
{
    double s[STATS_MAX_SAMPLES];
    memcpy(s, xs, (size_t)n * sizeof *xs);
    qsort(s, (size_t)n, sizeof *s, stats_cmp_double);
    return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static inline double min_of(const double *xs, int n)
{
    double m = xs[0];
    for (int i = 1; i < n; i++)
        m = xs[i] < m ? xs[i] : m;
    return m;
}

static inline double max_of(const double *xs, int n)
{
    double m = xs[0];
    for (int i = 1; i < n; i++)
        m = xs[i] > m ? xs[i] : m;
    return m;
}

#endif
