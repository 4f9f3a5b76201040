/*
 * runner.c - runs every GCBench variant several times, each run in its own
 * process, and prints one table: median wall and CPU time, median peak RSS,
 * and each variant's ratios to malloc/free and to Boehm GC; then the node
 * memory the header arithmetic predicts beside what was measured; then the
 * time of a full collection per object on a 1,000,000-object heap.
 *
 * usage: runner BINDIR RUNS
 *
 * Wall time is taken around fork..wait4, CPU time (user + system) and peak
 * RSS (ru_maxrss) come from wait4's rusage of that child alone. Runs go
 * round-robin (run 1 of every variant, then run 2, ...) so that a slow
 * spell of the machine spreads over all of them. A variant whose program
 * was not built (its library is not installed) reads "not installed"; a
 * libouro allocator that ouro_runtime_new refuses reads "not built in".
 * Exit status 1 if any program that ran failed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../stats.h"

#include "gcbench.h"

enum { MAX_RUNS = 21, OUT_SIZE = 4096, EXIT_NOT_BUILT_IN = 3 };

enum Kind { K_MALLOC, K_MIMALLOC, K_BOEHM, K_OURO };
enum Status { S_PENDING, S_OK, S_NOT_INSTALLED, S_NOT_BUILT_IN, S_FAILED };

typedef struct Variant {
    const char *label;
    const char *prog;
    const char *arg1, *arg2;   /* may be NULL */
    enum Kind kind;
    int in_targets;            /* a libouro row judged against the targets */
    enum Status status;
    int nruns;
    double wall[MAX_RUNS], cpu[MAX_RUNS], rss_kb[MAX_RUNS];
    double base_rss_kb;
    long node_bytes;
    char alloc[32];            /* allocator libouro reported */
    char gc_ms[64];            /* libouro: time in collections per generation */
    char collections[64];
} Variant;

static Variant variants[] = {
    {.label = "malloc/free", .prog = "gcbench_malloc", .kind = K_MALLOC},
    {.label = "mimalloc", .prog = "gcbench_mimalloc", .kind = K_MIMALLOC},
    {.label = "Boehm GC", .prog = "gcbench_boehm", .kind = K_BOEHM},
    {.label = "libouro (pool)", .prog = "gcbench_ouro", .arg1 = "pool", .kind = K_OURO,
     .in_targets = 1},
    {.label = "libouro (malloc)", .prog = "gcbench_ouro", .arg1 = "malloc", .kind = K_OURO,
     .in_targets = 1},
    {.label = "libouro (mimalloc)", .prog = "gcbench_ouro", .arg1 = "mimalloc", .kind = K_OURO,
     .in_targets = 1},
    /* Not a target row: the same program with automatic collection off,
     * to split refcounting plus allocation from the collector's share. */
    {.label = "libouro (default), gc off", .prog = "gcbench_ouro", .arg1 = "default",
     .arg2 = "gc-off", .kind = K_OURO},
};
#define NVARIANTS (sizeof variants / sizeof variants[0])

static const char *full_allocs[] = {"pool", "malloc", "mimalloc"};
#define NFULL (sizeof full_allocs / sizeof full_allocs[0])

static const char *bindir;

/* ------------------------------------------------------------------ */
/* Running a child                                                     */
/* ------------------------------------------------------------------ */

typedef struct RunResult {
    int exited;        /* 1: exited normally with `code` */
    int code;
    double wall, cpu, rss_kb;
    char out[OUT_SIZE];
} RunResult;

/* Reads the child's stdout until EOF, keeping what fits. */
static void drain(int fd, char *buf, size_t size)
{
    size_t len = 0;
    char sink[512];
    for (;;) {
        ssize_t n = len + 1 < size ? read(fd, buf + len, size - 1 - len) : read(fd, sink, sizeof sink);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        if (len + 1 < size)
            len += (size_t)n;
    }
    buf[len] = '\0';
}

/* Runs path with up to two arguments; returns -1 if it could not start. */
static int run_child(const char *path, const char *arg1, const char *arg2, RunResult *r)
{
    int fds[2];
    if (pipe(fds) < 0)
        return -1;
    double t0 = now_s();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execl(path, path, arg1, arg2, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    drain(fds[0], r->out, sizeof r->out);
    close(fds[0]);
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR)
            return -1;
    }
    r->wall = now_s() - t0;
    r->cpu = tv_s(ru.ru_utime) + tv_s(ru.ru_stime);
    r->rss_kb = (double)ru.ru_maxrss;
    r->exited = WIFEXITED(status);
    r->code = r->exited ? WEXITSTATUS(status) : WTERMSIG(status);
    return 0;
}

/* The value of "key=value" in a child's output, copied into buf ("" if
 * absent). */
static const char *value_of(const char *out, const char *key, char *buf, size_t size)
{
    size_t klen = strlen(key);
    buf[0] = '\0';
    for (const char *line = out; line != NULL && *line; ) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > klen && strncmp(line, key, klen) == 0 && line[klen] == '=') {
            size_t vlen = len - klen - 1 < size - 1 ? len - klen - 1 : size - 1;
            memcpy(buf, line + klen + 1, vlen);
            buf[vlen] = '\0';
            break;
        }
        line = end ? end + 1 : NULL;
    }
    return buf;
}

static void bin_path(const char *prog, char *buf, size_t size)
{
    snprintf(buf, size, "%s/%s", bindir, prog);
}

/* ------------------------------------------------------------------ */
/* GCBench runs                                                        */
/* ------------------------------------------------------------------ */

static void record(Variant *v, const RunResult *r)
{
    char buf[64];
    if (r->exited && r->code == EXIT_NOT_BUILT_IN && v->kind == K_OURO) {
        v->status = S_NOT_BUILT_IN;
        return;
    }
    if (!r->exited || r->code != 0 || strcmp(value_of(r->out, "check", buf, sizeof buf), "ok")) {
        fprintf(stderr, "runner: %s %s failed (%s %d)\n", v->label, v->arg1 ? v->arg1 : "",
                r->exited ? "exit status" : "signal", r->code);
        v->status = S_FAILED;
        return;
    }
    v->status = S_OK;
    v->wall[v->nruns] = r->wall;
    v->cpu[v->nruns] = r->cpu;
    v->rss_kb[v->nruns] = r->rss_kb;
    v->nruns++;
    v->base_rss_kb = atof(value_of(r->out, "base_rss_kb", buf, sizeof buf));
    v->node_bytes = atol(value_of(r->out, "node_bytes", buf, sizeof buf));
    value_of(r->out, "allocator", v->alloc, sizeof v->alloc);
    value_of(r->out, "gc_ms", v->gc_ms, sizeof v->gc_ms);
    value_of(r->out, "collections", v->collections, sizeof v->collections);
}

static void run_variant(Variant *v)
{
    char path[1024];
    bin_path(v->prog, path, sizeof path);
    if (v->status == S_NOT_INSTALLED || v->status == S_NOT_BUILT_IN || v->status == S_FAILED)
        return;
    if (access(path, X_OK) != 0) {
        v->status = S_NOT_INSTALLED;
        return;
    }
    RunResult r;
    if (run_child(path, v->arg1, v->arg2, &r) < 0) {
        perror("runner");
        v->status = S_FAILED;
        return;
    }
    record(v, &r);
}

static Variant *find_kind(enum Kind kind)
{
    for (size_t i = 0; i < NVARIANTS; i++)
        if (variants[i].kind == kind && variants[i].status == S_OK)
            return &variants[i];
    return NULL;
}

/* The row's label; a "default" row names the allocator it turned out to
 * use. */
static const char *label_of(const Variant *v)
{
    static char buf[64];
    if (v->arg1 == NULL || strcmp(v->arg1, "default") != 0 || v->alloc[0] == '\0')
        return v->label;
    snprintf(buf, sizeof buf, "libouro (%s)%s", v->alloc, v->arg2 ? ", gc off" : "");
    return buf;
}

static const char *status_text(enum Status s)
{
    switch (s) {
    case S_NOT_INSTALLED: return "not installed";
    case S_NOT_BUILT_IN: return "not built in";
    case S_FAILED: return "FAILED";
    default: return "";
    }
}

/* Prints "  1.23x" or a blank column when the base is missing. */
static void print_ratio(double x, const Variant *base, double base_x)
{
    if (base == NULL)
        printf(" %9s", "-");
    else
        printf(" %8.2fx", x / base_x);
}

static void print_table(void)
{
    Variant *mal = find_kind(K_MALLOC), *boehm = find_kind(K_BOEHM);
    double mal_wall = mal ? median(mal->wall, mal->nruns) : 0;
    double mal_rss = mal ? median(mal->rss_kb, mal->nruns) : 0;
    double boehm_wall = boehm ? median(boehm->wall, boehm->nruns) : 0;
    double boehm_rss = boehm ? median(boehm->rss_kb, boehm->nruns) : 0;

    printf("\n%-26s %8s %15s %8s %9s | %9s %9s | %9s %9s\n", "", "wall s", "wall min-max",
           "CPU s", "peak RSS", "wall /", "wall /", "RSS /", "RSS /");
    printf("%-26s %8s %15s %8s %9s | %9s %9s | %9s %9s\n", "variant", "median", "", "median",
           "MiB", "malloc", "Boehm", "malloc", "Boehm");
    for (size_t i = 0; i < NVARIANTS; i++) {
        Variant *v = &variants[i];
        if (v->status != S_OK) {
            printf("%-26s %8s\n", label_of(v), status_text(v->status));
            continue;
        }
        double wall = median(v->wall, v->nruns), rss = median(v->rss_kb, v->nruns);
        char range[32];
        snprintf(range, sizeof range, "%.3f-%.3f", min_of(v->wall, v->nruns),
                 max_of(v->wall, v->nruns));
        printf("%-26s %8.3f %15s %8.3f %9.1f |", label_of(v), wall, range,
               median(v->cpu, v->nruns), rss / 1024);
        print_ratio(wall, mal, mal_wall);
        print_ratio(wall, boehm, boehm_wall);
        printf(" |");
        print_ratio(rss, mal, mal_rss);
        print_ratio(rss, boehm, boehm_rss);
        printf("\n");
    }
}

/* ------------------------------------------------------------------ */
/* Node memory: header arithmetic against measurement                  */
/* ------------------------------------------------------------------ */

/* glibc's chunk for a request: 8 bytes of size field, 16-byte granules,
 * 32 bytes at least. */
static long glibc_chunk(long request)
{
    long c = (request + 8 + 15) & ~15L;
    return c < 32 ? 32 : c;
}

/* Bytes a node should take, from its size and its allocator's known
 * rounding; the explanation goes to `why`. */
static long predicted_node(const Variant *v, char *why, size_t size)
{
    long n = v->node_bytes;
    if (v->kind == K_MALLOC) {
        snprintf(why, size, "%ld B node in a %ld B glibc chunk", n, glibc_chunk(n));
        return glibc_chunk(n);
    }
    if (v->kind == K_OURO && strcmp(v->alloc, "malloc") == 0) {
        /* The malloc kind puts a 16-byte link (LargeHead, src/core/alloc.c)
         * in front of every block so that teardown can free them all. */
        snprintf(why, size, "%ld B node + 16 B link in a %ld B glibc chunk", n,
                 glibc_chunk(n + 16));
        return glibc_chunk(n + 16);
    }
    if (v->kind == K_BOEHM) {
        snprintf(why, size, "%ld B node, 16 B granule; heap slack not counted", n);
        return (n + 15) & ~15L;
    }
    snprintf(why, size, "%ld B node, exact size class", n);
    return n;
}

static void print_node_memory(void)
{
    Variant *mal = find_kind(K_MALLOC);
    long nodes = tree_size(STRETCH_TREE_DEPTH);
    printf("\nNode memory. Peak RSS comes while the stretch tree (%ld nodes) is alive, so\n"
           "measured B/node = (peak RSS - RSS before the first node) / %ld. A libouro node\n"
           "is 16 (GC link) + 16 (refcount, type) + 16 (two pointers) = 48 B.\n", nodes, nodes);
    printf("%-26s %-48s %9s %9s | %9s %9s\n", "", "header arithmetic", "predicted", "measured",
           "/ malloc", "/ malloc");
    printf("%-26s %-48s %9s %9s | %9s %9s\n", "variant", "", "B/node", "B/node", "predicted",
           "measured");
    long mal_pred = 0;
    double mal_meas = 0;
    char why[80];
    if (mal != NULL) {
        mal_pred = predicted_node(mal, why, sizeof why);
        mal_meas = (median(mal->rss_kb, mal->nruns) - mal->base_rss_kb) * 1024 / nodes;
    }
    for (size_t i = 0; i < NVARIANTS; i++) {
        Variant *v = &variants[i];
        if (v->status != S_OK || v->arg2 != NULL)
            continue;
        long pred = predicted_node(v, why, sizeof why);
        double meas = (median(v->rss_kb, v->nruns) - v->base_rss_kb) * 1024 / nodes;
        printf("%-26s %-48s %9ld %9.1f |", v->label, why, pred, meas);
        if (mal != NULL)
            printf(" %8.2fx %8.2fx\n", (double)pred / mal_pred, meas / mal_meas);
        else
            printf(" %9s %9s\n", "-", "-");
    }
}

/* ------------------------------------------------------------------ */
/* Targets and the collector's share                                   */
/* ------------------------------------------------------------------ */

static void print_collector_share(void)
{
    printf("\nlibouro's collections (gen0/gen1/gen2), from the last run of each:\n");
    for (size_t i = 0; i < NVARIANTS; i++) {
        Variant *v = &variants[i];
        if (v->status == S_OK && v->kind == K_OURO)
            printf("  %-26s allocator %-9s collections %-16s ms in them %s\n", label_of(v),
                   v->alloc, v->collections, v->gc_ms);
    }
}

static void print_targets(void)
{
    Variant *mal = find_kind(K_MALLOC), *boehm = find_kind(K_BOEHM);
    printf("\nTargets: time within 1.5x of malloc/free and below Boehm's; peak RSS at or "
           "below Boehm's.\n");
    for (size_t i = 0; i < NVARIANTS; i++) {
        Variant *v = &variants[i];
        if (v->status != S_OK || !v->in_targets)
            continue;
        double wall = median(v->wall, v->nruns), rss = median(v->rss_kb, v->nruns);
        printf("  %-26s", v->label);
        if (mal != NULL)
            printf(" time %.2fx malloc: %-4s", wall / median(mal->wall, mal->nruns),
                   wall <= 1.5 * median(mal->wall, mal->nruns) ? "met" : "MISSED");
        if (boehm != NULL) {
            printf("  time %.2fx Boehm: %-4s", wall / median(boehm->wall, boehm->nruns),
                   wall < median(boehm->wall, boehm->nruns) ? "met" : "MISSED");
            printf("  RSS %.2fx Boehm: %s", rss / median(boehm->rss_kb, boehm->nruns),
                   rss <= median(boehm->rss_kb, boehm->nruns) ? "met" : "MISSED");
        } else {
            printf("  (Boehm GC not installed: its targets not judged)");
        }
        printf("\n");
    }
}

/* ------------------------------------------------------------------ */
/* Full collection per object                                          */
/* ------------------------------------------------------------------ */

static int run_full(void)
{
    char path[1024], ns[32], runs[128];
    int failed = 0;
    bin_path("gcfull", path, sizeof path);
    printf("\nFull collection (ouro_gc_collect(rt, 2)) of a live heap of 1,000,000 tracked\n"
           "nodes held by a handle; median of 7 collections in one process:\n");
    for (size_t i = 0; i < NFULL; i++) {
        RunResult r;
        if (run_child(path, full_allocs[i], NULL, &r) < 0) {
            perror("runner");
            return 1;
        }
        if (r.exited && r.code == EXIT_NOT_BUILT_IN) {
            printf("  libouro (%s)%*s not built in\n", full_allocs[i],
                   (int)(10 - strlen(full_allocs[i])), "");
            continue;
        }
        if (!r.exited || r.code != 0) {
            printf("  libouro (%s) FAILED\n", full_allocs[i]);
            failed = 1;
            continue;
        }
        value_of(r.out, "ns_per_object", ns, sizeof ns);
        value_of(r.out, "runs_ns_per_object", runs, sizeof runs);
        printf("  libouro (%s)%*s %6s ns/object  = %6.1f ms per collection   (runs: %s)\n",
               full_allocs[i], (int)(10 - strlen(full_allocs[i])), "", ns, atof(ns), runs);
    }
    return failed;
}

int main(int argc, char **argv)
{
    if (argc != 3 || atoi(argv[2]) < 1 || atoi(argv[2]) > MAX_RUNS) {
        fprintf(stderr, "usage: runner BINDIR RUNS (1..%d)\n", MAX_RUNS);
        return 2;
    }
    bindir = argv[1];
    int runs = atoi(argv[2]);
    printf("GCBench (stretch tree depth %d, long-lived tree depth %d, %d doubles,\n"
           "trees of depth %d..%d top-down and bottom-up): %d run%s of each variant,\n"
           "each in its own process, round-robin.\n", STRETCH_TREE_DEPTH,
           LONG_LIVED_TREE_DEPTH, ARRAY_SIZE, MIN_TREE_DEPTH, MAX_TREE_DEPTH, runs,
           runs == 1 ? "" : "s");
    fflush(stdout);
    for (int r = 0; r < runs; r++) {
        for (size_t i = 0; i < NVARIANTS; i++)
            run_variant(&variants[i]);
        fprintf(stderr, "  run %d of %d done\n", r + 1, runs);
    }
    print_table();
    print_node_memory();
    print_collector_share();
    print_targets();
    int failed = run_full();
    for (size_t i = 0; i < NVARIANTS; i++)
        failed |= variants[i].status == S_FAILED;
    return failed;
}
