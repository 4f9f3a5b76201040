/* test_alloc.c - the allocator, seen through the raw-memory API: every kind
 * keeps data through alloc/realloc/free and accounts for it exactly, the pool
 * kind gives arenas back to the system, fault injection and max_heap fail
 * exactly the allocations they name, and destroying a runtime frees what is
 * still live (run under valgrind to see that). A runtime allocates a little
 * for itself, so counts are compared with those taken after creation. */
#include "check.h"

static const int kinds[] = {
    OURO_ALLOC_POOL,
    OURO_ALLOC_MALLOC,
#ifdef OURO_HAVE_MIMALLOC
    OURO_ALLOC_MIMALLOC,   /* last: left out under valgrind */
#endif
};
#define ALL_KINDS (sizeof kinds / sizeof kinds[0])

/* valgrind replaces free() in every library that exports it, and Debian's
 * mimalloc exports mi_free at the very address of its free(), so under
 * plain valgrind every free in a mimalloc heap is an "invalid free" (unless
 * run with --soname-synonyms=somalloc=nouserintercepts). valgrind cannot see
 * into mimalloc's memory anyway: leave that kind out there. */
static int under_valgrind(void)
{
    const char *preload = getenv("LD_PRELOAD");
    return preload != NULL && strstr(preload, "vgpreload") != NULL;
}

static size_t kinds_to_test(void)
{
#ifdef OURO_HAVE_MIMALLOC
    if (under_valgrind()) {
        fprintf(stderr, "  (under valgrind: the mimalloc kind is not tested)\n");
        return ALL_KINDS - 1;
    }
#endif
    return ALL_KINDS;
}

static size_t nkinds;

static OuroRuntime *runtime(int kind, size_t max_heap)
{
    OuroConfig cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.allocator = kind;
    cfg.max_heap = max_heap;
    OuroRuntime *rt = ouro_runtime_new(&cfg);
    CHECK(rt != NULL);
    return rt;
}

static OuroMemStats stats(OuroRuntime *rt)
{
    OuroMemStats st;
    ouro_mem_stats(rt, &st);
    return st;
}

static unsigned char pattern(size_t seed, size_t i)
{
    return (unsigned char)(seed * 31 + i * 7 + 1);
}

static void fill(void *p, size_t n, size_t seed)
{
    for (size_t i = 0; i < n; i++)
        ((unsigned char *)p)[i] = pattern(seed, i);
}

/* Whether the first n bytes still hold fill(p, n, seed). */
static int intact(const void *p, size_t n, size_t seed)
{
    for (size_t i = 0; i < n; i++) {
        if (((const unsigned char *)p)[i] != pattern(seed, i))
            return 0;
    }
    return 1;
}

/* ------------------------------------------------------------------ */

/* Every size 1..4096: alloc, grow, shrink, free, data kept each time. */
static void round_trip_every_size(void)
{
    for (size_t k = 0; k < nkinds; k++) {
        OuroRuntime *rt = runtime(kinds[k], 0);
        OuroMemStats base = stats(rt);
        int bad = 0;
        for (size_t size = 1; size <= 4096 && !bad; size++) {
            unsigned char *p = ouro_mem_alloc(rt, size);
            if (p == NULL) {
                bad = 1;
                break;
            }
            CHECK(((uintptr_t)p & 7) == 0);
            fill(p, size, size);
            size_t grown = size * 2 + 1, shrunk = size / 2 + 1;
            p = ouro_mem_realloc(rt, p, size, grown);
            bad |= p == NULL || !intact(p, size, size);
            if (p == NULL)
                break;
            p = ouro_mem_realloc(rt, p, grown, shrunk);
            bad |= p == NULL || !intact(p, shrunk, size);
            if (p == NULL)
                break;
            ouro_mem_free(rt, p, shrunk);
        }
        CHECK(!bad);
        OuroMemStats st = stats(rt);
        CHECK_EQ(st.bytes_in_use, base.bytes_in_use);
        CHECK_EQ(st.blocks_in_use, base.blocks_in_use);
        CHECK_EQ(st.large_blocks, base.large_blocks);
        CHECK(st.peak_bytes_in_use >= base.bytes_in_use + 8193);
        ouro_runtime_destroy(rt);
    }
}

/* 4096 blocks live at once: none overlaps another, through a realloc of
 * each into the next class up. */
static void live_blocks_are_disjoint(void)
{
    enum { N = 4096 };
    static unsigned char *blocks[N + 1];
    for (size_t k = 0; k < nkinds; k++) {
        OuroRuntime *rt = runtime(kinds[k], 0);
        OuroMemStats base = stats(rt);
        size_t total = 0;
        for (size_t size = 1; size <= N; size++) {
            blocks[size] = ouro_mem_alloc(rt, size);
            CHECK(blocks[size] != NULL);
            fill(blocks[size], size, size);
            total += size;
        }
        OuroMemStats st = stats(rt);
        CHECK_EQ(st.bytes_in_use - base.bytes_in_use, total);
        CHECK_EQ(st.blocks_in_use - base.blocks_in_use, N);
        int bad = 0;
        for (size_t size = 1; size <= N; size++) {
            bad |= !intact(blocks[size], size, size);
            blocks[size] = ouro_mem_realloc(rt, blocks[size], size, size + 16);
            bad |= blocks[size] == NULL;
            if (blocks[size] != NULL)
                fill(blocks[size], size + 16, size + 1000);
        }
        for (size_t size = N; size >= 1; size--) {
            bad |= !intact(blocks[size], size + 16, size + 1000);
            ouro_mem_free(rt, blocks[size], size + 16);
        }
        CHECK(!bad);
        st = stats(rt);
        CHECK_EQ(st.bytes_in_use, base.bytes_in_use);
        CHECK_EQ(st.blocks_in_use, base.blocks_in_use);
        ouro_runtime_destroy(rt);
    }
}

/* bytes_in_use is the sum of the sizes asked for; blocks are counted per
 * 8-byte class and above OURO_SMALL_MAX as large; peak holds the maximum. */
static void exact_accounting(void)
{
    static const size_t sizes[] = {1, 8, 17, 100, 512, 513, 5000};
    enum { NS = sizeof sizes / sizeof sizes[0] };
    for (size_t k = 0; k < nkinds; k++) {
        OuroRuntime *rt = runtime(kinds[k], 0);
        OuroMemStats base = stats(rt), st;
        void *p[NS];
        size_t total = 0;
        for (size_t i = 0; i < NS; i++) {
            p[i] = ouro_mem_alloc(rt, sizes[i]);
            CHECK(p[i] != NULL);
            total += sizes[i];
        }
        st = stats(rt);
        CHECK_EQ(st.bytes_in_use - base.bytes_in_use, total);
        CHECK_EQ(st.blocks_in_use - base.blocks_in_use, NS);
        CHECK_EQ(st.class_blocks[0] - base.class_blocks[0], 2);     /* 1, 8 */
        CHECK_EQ(st.class_bytes[0] - base.class_bytes[0], 16);
        CHECK_EQ(st.class_blocks[2] - base.class_blocks[2], 1);     /* 17 */
        CHECK_EQ(st.class_blocks[12] - base.class_blocks[12], 1);   /* 100 */
        CHECK_EQ(st.class_bytes[12] - base.class_bytes[12], 104);
        CHECK_EQ(st.class_blocks[63] - base.class_blocks[63], 1);   /* 512 */
        CHECK_EQ(st.large_blocks - base.large_blocks, 2);           /* 513, 5000 */
        CHECK(st.peak_bytes_in_use >= st.bytes_in_use);
        CHECK(st.bytes_reserved >= st.bytes_in_use);
        /* 17 -> 24 stays in class 2; 100 -> 200 moves to class 24. */
        p[2] = ouro_mem_realloc(rt, p[2], 17, 24);
        p[3] = ouro_mem_realloc(rt, p[3], 100, 200);
        st = stats(rt);
        CHECK_EQ(st.bytes_in_use - base.bytes_in_use, total + 7 + 100);
        CHECK_EQ(st.class_blocks[2] - base.class_blocks[2], 1);
        CHECK_EQ(st.class_blocks[12] - base.class_blocks[12], 0);
        CHECK_EQ(st.class_blocks[24] - base.class_blocks[24], 1);
        size_t peak = st.peak_bytes_in_use;
        size_t now[NS] = {1, 8, 24, 200, 512, 513, 5000};
        for (size_t i = 0; i < NS; i++)
            ouro_mem_free(rt, p[i], now[i]);
        st = stats(rt);
        CHECK_EQ(st.bytes_in_use, base.bytes_in_use);
        CHECK_EQ(st.blocks_in_use, base.blocks_in_use);
        CHECK_EQ(st.large_blocks, base.large_blocks);
        for (size_t c = 0; c < OURO_SIZE_CLASSES; c++) {
            CHECK_EQ(st.class_blocks[c], base.class_blocks[c]);
            CHECK_EQ(st.class_bytes[c], base.class_bytes[c]);
        }
        CHECK_EQ(st.peak_bytes_in_use, peak);
        CHECK_EQ(st.failed_allocations, 0);
        /* Size 0 is served as 1 byte. */
        void *z = ouro_mem_alloc(rt, 0);
        CHECK(z != NULL);
        ouro_mem_free(rt, z, 0);
        CHECK_EQ(stats(rt).bytes_in_use, base.bytes_in_use);
        ouro_runtime_destroy(rt);
    }
}

/* Pool kind: a realloc within one size class keeps the block; leaving the
 * class or the pools moves it with its contents. */
static void realloc_in_class_keeps_block(void)
{
    OuroRuntime *rt = runtime(OURO_ALLOC_POOL, 0);
    CHECK(strcmp(ouro_allocator_name(rt), "pool") == 0);
    unsigned char *p = ouro_mem_alloc(rt, 17);
    fill(p, 17, 5);
    CHECK(ouro_mem_realloc(rt, p, 17, 24) == p);
    CHECK(ouro_mem_realloc(rt, p, 24, 20) == p);
    CHECK(intact(p, 17, 5));
    unsigned char *q = ouro_mem_realloc(rt, p, 20, 33);
    CHECK(q != NULL && q != p);
    CHECK(intact(q, 17, 5));
    fill(q, 33, 6);
    unsigned char *r = ouro_mem_realloc(rt, q, 33, 600);
    CHECK(r != NULL && intact(r, 33, 6));
    fill(r, 600, 7);
    r = ouro_mem_realloc(rt, r, 600, 70000);
    CHECK(r != NULL && intact(r, 600, 7));
    r = ouro_mem_realloc(rt, r, 70000, 40);
    CHECK(r != NULL && intact(r, 40, 7));
    ouro_mem_free(rt, r, 40);
    ouro_runtime_destroy(rt);
}

/* Pool kind: space freed in the middle of pools is reused before any new
 * arena; after a mass free the arenas go back to the system, at most one
 * kept. */
static void arenas_returned(void)
{
    enum { N = CHECK_ASAN ? 40000 : 100000 };
    static void *blocks[N];
    OuroRuntime *rt = runtime(OURO_ALLOC_POOL, 0);
    OuroMemStats base = stats(rt), st;
    for (size_t i = 0; i < N; i++) {
        blocks[i] = ouro_mem_alloc(rt, 16 + i % 497);
        CHECK(blocks[i] != NULL);
    }
    st = stats(rt);
    CHECK(st.arenas_allocated > base.arenas_allocated + 3);
    CHECK_EQ(st.arenas_held, st.arenas_allocated - st.arenas_freed);
    CHECK(st.bytes_reserved >= st.bytes_in_use);
    size_t held_full = st.arenas_held;
    for (size_t i = 0; i < N; i += 2)
        ouro_mem_free(rt, blocks[i], 16 + i % 497);
    /* Half the blocks are free: allocating as many again takes no arena. */
    for (size_t i = 0; i < N; i += 2) {
        blocks[i] = ouro_mem_alloc(rt, 16 + i % 497);
        CHECK(blocks[i] != NULL);
    }
    CHECK_EQ(stats(rt).arenas_held, held_full);
    for (size_t i = 0; i < N; i++)
        ouro_mem_free(rt, blocks[i], 16 + i % 497);
    st = stats(rt);
    CHECK_EQ(st.bytes_in_use, base.bytes_in_use);
    CHECK(st.arenas_freed > 0);
    CHECK(st.arenas_held <= base.arenas_held + 1);
    CHECK_EQ(st.arenas_held, st.arenas_allocated - st.arenas_freed);
    ouro_runtime_destroy(rt);
}

/* Pool kind: new pools come from the arena with the fewest free pools, so
 * that a nearly empty arena drains and goes back to the system. Four arenas
 * are filled with 512-byte blocks (each found by arenas_allocated growing):
 * w keeps one block, freed to make w the spare; x keeps one block; y loses
 * half its blocks. Blocks of another class then need about ten pools: they
 * must come from y, not x, so that freeing x's last block empties x, which
 * is then unmapped (the spare is taken). */
static void fullest_arena_first(void)
{
    enum { MAXB = 40000, SZ = 512, OTHER = 496, NOTHER = 300 };
    static void *blocks[MAXB], *other[NOTHER];
    OuroRuntime *rt = runtime(OURO_ALLOC_POOL, 0);
    OuroMemStats base = stats(rt);
    size_t start[4], found = 0, n = 0;
    while (found < 4 && n < MAXB) {
        blocks[n] = ouro_mem_alloc(rt, SZ);
        CHECK(blocks[n] != NULL);
        if (stats(rt).arenas_allocated > base.arenas_allocated + found)
            start[found++] = n;
        n++;
    }
    CHECK_EQ(found, 4);
    if (found < 4) {
        ouro_runtime_destroy(rt);
        return;
    }
    size_t x = start[0], y = start[1], z = start[2], w = start[3];
    ouro_mem_free(rt, blocks[w], SZ);                  /* w: the spare */
    for (size_t i = x + 1; i < y; i++)                 /* x: one block left */
        ouro_mem_free(rt, blocks[i], SZ);
    for (size_t i = y; i < y + (z - y) / 2; i++)       /* y: half free */
        ouro_mem_free(rt, blocks[i], SZ);
    CHECK_EQ(stats(rt).arenas_freed, base.arenas_freed);
    for (size_t i = 0; i < NOTHER; i++)
        other[i] = ouro_mem_alloc(rt, OTHER);
    ouro_mem_free(rt, blocks[x], SZ);                  /* x empties */
    CHECK_EQ(stats(rt).arenas_freed, base.arenas_freed + 1);
    for (size_t i = 0; i < NOTHER; i++)
        ouro_mem_free(rt, other[i], OTHER);
    for (size_t i = y + (z - y) / 2; i < w; i++)
        ouro_mem_free(rt, blocks[i], SZ);
    for (size_t i = 0; i < x; i++)
        ouro_mem_free(rt, blocks[i], SZ);
    CHECK_EQ(stats(rt).bytes_in_use, base.bytes_in_use);
    ouro_runtime_destroy(rt);
}

/* Pool kind: one block allocated and freed over and over keeps the same
 * arena (the spare), never maps a new one. */
static void no_arena_thrash(void)
{
    OuroRuntime *rt = runtime(OURO_ALLOC_POOL, 0);
    /* A class the runtime itself does not use: its only pool empties on
     * every free. */
    for (int i = 0; i < 10000; i++) {
        void *p = ouro_mem_alloc(rt, 500);
        CHECK(p != NULL);
        ouro_mem_free(rt, p, 500);
    }
    OuroMemStats st = stats(rt);
    CHECK(st.arenas_allocated <= 2);
    CHECK_EQ(st.arenas_freed, 0);
    ouro_runtime_destroy(rt);
}

/* fail_nth(n): exactly the nth attempt from now fails, once; reallocs count
 * as attempts and a failed one leaves the block as it was. */
static void fault_nth(void)
{
    for (size_t k = 0; k < nkinds; k++) {
        for (uint64_t n = 1; n <= 8; n++) {
            OuroRuntime *rt = runtime(kinds[k], 0);
            OuroMemStats base = stats(rt);
            uint64_t count0 = ouro_mem_alloc_count(rt);
            ouro_mem_fail_nth(rt, n);
            void *p[8];
            for (uint64_t i = 1; i <= 8; i++) {
                p[i - 1] = ouro_mem_alloc(rt, (size_t)(i * 150));
                CHECK((p[i - 1] == NULL) == (i == n));
            }
            CHECK_EQ(ouro_mem_alloc_count(rt) - count0, 8);
            CHECK_EQ(stats(rt).failed_allocations - base.failed_allocations, 1);
            for (uint64_t i = 1; i <= 8; i++)
                ouro_mem_free(rt, p[i - 1], (size_t)(i * 150));
            CHECK_EQ(stats(rt).bytes_in_use, base.bytes_in_use);
            ouro_runtime_destroy(rt);
        }
        OuroRuntime *rt = runtime(kinds[k], 0);
        unsigned char *p = ouro_mem_alloc(rt, 40);
        fill(p, 40, 9);
        ouro_mem_fail_nth(rt, 1);
        CHECK(ouro_mem_realloc(rt, p, 40, 44) == NULL);   /* even in place */
        CHECK(intact(p, 40, 9));
        ouro_mem_fail_nth(rt, 2);
        ouro_mem_fail_nth(rt, 0);                          /* off again */
        for (int i = 0; i < 5; i++) {
            void *q = ouro_mem_alloc(rt, 24);
            CHECK(q != NULL);
            ouro_mem_free(rt, q, 24);
        }
        ouro_mem_fail_nth(rt, 1);
        static const OuroType cell = {.name = "cell", .basic_size = 32};
        CHECK(ouro_new(rt, &cell) == NULL);
        ouro_mem_free(rt, p, 40);
        ouro_runtime_destroy(rt);
    }
}

/* The failure pattern of 2000 attempts at probability p from seed. */
static void random_pattern(int kind, double p, uint64_t seed, unsigned char *failed)
{
    OuroRuntime *rt = runtime(kind, 0);
    ouro_mem_fail_random(rt, p, seed);
    for (size_t i = 0; i < 2000; i++) {
        size_t size = i % 700 + 1;
        void *q = ouro_mem_alloc(rt, size);
        failed[i] = q == NULL;
        ouro_mem_free(rt, q, size);
    }
    ouro_runtime_destroy(rt);
}

/* fail_random: the same seed fails the same attempts, on every kind; about
 * p of them; another seed fails others; p == 0 switches it off. */
static void fault_random(void)
{
    static unsigned char a[2000], b[2000], c[2000];
    random_pattern(OURO_ALLOC_POOL, 0.25, 1234, a);
    size_t nfail = 0;
    for (size_t i = 0; i < 2000; i++)
        nfail += a[i];
    CHECK(nfail > 400 && nfail < 600);
    for (size_t k = 0; k < nkinds; k++) {
        random_pattern(kinds[k], 0.25, 1234, b);
        CHECK(memcmp(a, b, sizeof a) == 0);
    }
    random_pattern(OURO_ALLOC_POOL, 0.25, 4321, c);
    CHECK(memcmp(a, c, sizeof a) != 0);
    OuroRuntime *rt = runtime(OURO_ALLOC_POOL, 0);
    OuroMemStats base = stats(rt);
    ouro_mem_fail_random(rt, 1.0, 7);
    CHECK(ouro_mem_alloc(rt, 8) == NULL);
    ouro_mem_fail_random(rt, 0, 0);
    void *q = ouro_mem_alloc(rt, 8);
    CHECK(q != NULL);
    ouro_mem_free(rt, q, 8);
    CHECK_EQ(stats(rt).failed_allocations - base.failed_allocations, 1);
    ouro_runtime_destroy(rt);
}

/* budget(n): attempts 1..n-1 from now succeed, the nth and every later
 * one fail (reallocs too, the block left as it was) even after frees; a
 * one-shot fail_nth inside the budget keeps it; 0 lifts it. */
static void fault_budget(void)
{
    for (size_t k = 0; k < nkinds; k++) {
        OuroRuntime *rt = runtime(kinds[k], 0);
        OuroMemStats base = stats(rt);
        unsigned char *p = ouro_mem_alloc(rt, 40);
        fill(p, 40, 5);
        ouro_mem_budget(rt, 6);
        ouro_mem_fail_nth(rt, 2);
        void *q[5];
        for (int i = 0; i < 5; i++) {
            q[i] = ouro_mem_alloc(rt, (size_t)(i + 1) * 100);
            CHECK((q[i] == NULL) == (i == 1));
        }
        for (int i = 0; i < 5; i++)
            ouro_mem_free(rt, q[i], (size_t)(i + 1) * 100);
        for (int i = 0; i < 20; i++)
            CHECK(ouro_mem_alloc(rt, 8) == NULL);
        CHECK(ouro_mem_realloc(rt, p, 40, 24) == NULL);
        CHECK(intact(p, 40, 5));
        static const OuroType cell = {.name = "cell", .basic_size = 32};
        CHECK(ouro_new(rt, &cell) == NULL);
        CHECK_EQ(stats(rt).failed_allocations - base.failed_allocations, 1 + 20 + 1 + 1);
        ouro_mem_budget(rt, 0);
        void *r = ouro_mem_alloc(rt, 8);
        CHECK(r != NULL);
        ouro_mem_free(rt, r, 8);
        ouro_mem_free(rt, p, 40);
        CHECK_EQ(stats(rt).bytes_in_use, base.bytes_in_use);
        ouro_runtime_destroy(rt);
    }
}

/* max_heap caps bytes_in_use: the request that would pass it fails (an
 * alloc, a growing realloc), anything that fits succeeds. */
static void max_heap(void)
{
    for (size_t k = 0; k < nkinds; k++) {
        const size_t cap = 64 * 1024;
        OuroRuntime *rt = runtime(kinds[k], cap);
        OuroMemStats base = stats(rt);
        CHECK(base.bytes_in_use < cap / 4);
        void *blocks[100];
        size_t n = 0;
        while (n < 100 && (blocks[n] = ouro_mem_alloc(rt, 1000)) != NULL)
            n++;
        OuroMemStats st = stats(rt);
        CHECK(n < 100);
        CHECK(st.bytes_in_use <= cap && st.bytes_in_use + 1000 > cap);
        CHECK_EQ(st.failed_allocations - base.failed_allocations, 1);
        size_t room = cap - st.bytes_in_use;
        void *small = NULL;
        if (room > 0) {
            small = ouro_mem_alloc(rt, room);   /* exactly up to the cap */
            CHECK(small != NULL);
        }
        fill(blocks[0], 1000, 3);
        CHECK(ouro_mem_realloc(rt, blocks[0], 1000, 1001) == NULL);
        CHECK(intact(blocks[0], 1000, 3));
        blocks[0] = ouro_mem_realloc(rt, blocks[0], 1000, 10);   /* shrinking fits */
        CHECK(blocks[0] != NULL && intact(blocks[0], 10, 3));
        ouro_mem_free(rt, blocks[0], 10);
        blocks[0] = ouro_mem_alloc(rt, 990);
        CHECK(blocks[0] != NULL);
        CHECK(ouro_mem_alloc(rt, cap) == NULL);
        ouro_mem_free(rt, small, room);
        for (size_t i = 0; i < n; i++)
            ouro_mem_free(rt, blocks[i], i == 0 ? 990 : 1000);
        CHECK_EQ(stats(rt).bytes_in_use, base.bytes_in_use);
        ouro_runtime_destroy(rt);
    }
}

/* max_reserved caps the memory taken from the system: blocks come until
 * the next arena or large block would pass it, bytes_reserved never
 * does, the failure is counted once, and what is freed serves again. */
static void max_reserved(void)
{
    enum { MAXN = 200000 };
    static void *blocks[MAXN];
    for (size_t k = 0; k < nkinds; k++) {
        if (kinds[k] != OURO_ALLOC_POOL && kinds[k] != OURO_ALLOC_MALLOC)
            continue;   /* mimalloc's footprint is known only after the fact */
        const size_t cap = (size_t)4 << 20;
        OuroConfig cfg;
        memset(&cfg, 0, sizeof cfg);
        cfg.allocator = kinds[k];
        cfg.max_reserved = cap;
        OuroRuntime *rt = ouro_runtime_new(&cfg);
        CHECK(rt != NULL);
        OuroMemStats base = stats(rt);
        size_t n = 0;
        /* Pool blocks and, one in eight, a block above OURO_SMALL_MAX. */
        while (n < MAXN && (blocks[n] = ouro_mem_alloc(rt, n % 8 ? 48 : 1000)) != NULL)
            n++;
        OuroMemStats st = stats(rt);
        CHECK(n < MAXN);
        CHECK(st.bytes_reserved <= cap && st.bytes_reserved > cap / 2);
        CHECK(st.bytes_in_use <= st.bytes_reserved);
        CHECK_EQ(st.failed_allocations - base.failed_allocations, 1);
        for (size_t i = n - 64; i < n; i++)
            ouro_mem_free(rt, blocks[i], i % 8 ? 48 : 1000);
        for (size_t i = n - 64; i < n; i++) {
            blocks[i] = ouro_mem_alloc(rt, i % 8 ? 48 : 1000);
            CHECK(blocks[i] != NULL);
        }
        CHECK(stats(rt).bytes_reserved <= cap);
        for (size_t i = 0; i < n; i++)
            ouro_mem_free(rt, blocks[i], i % 8 ? 48 : 1000);
        CHECK_EQ(stats(rt).bytes_in_use, base.bytes_in_use);
        ouro_runtime_destroy(rt);
    }
}

/* Requests no C object can satisfy fail cleanly on every kind. */
static void huge_requests_fail(void)
{
    for (size_t k = 0; k < nkinds; k++) {
        OuroRuntime *rt = runtime(kinds[k], 0);
        OuroMemStats base = stats(rt);
        CHECK(ouro_mem_alloc(rt, SIZE_MAX) == NULL);
        CHECK(ouro_mem_alloc(rt, (size_t)PTRDIFF_MAX + 1) == NULL);
        unsigned char *p = ouro_mem_alloc(rt, 600);
        fill(p, 600, 4);
        CHECK(ouro_mem_realloc(rt, p, 600, SIZE_MAX - 8) == NULL);
        CHECK(intact(p, 600, 4));
        ouro_mem_free(rt, p, 600);
        OuroMemStats st = stats(rt);
        CHECK_EQ(st.failed_allocations - base.failed_allocations, 3);
        CHECK_EQ(st.bytes_in_use, base.bytes_in_use);
        ouro_runtime_destroy(rt);
    }
}

/* Each kind is selectable and names itself; mimalloc only when built in;
 * an unknown kind is refused. */
static void kinds_selectable(void)
{
    OuroRuntime *rt = runtime(OURO_ALLOC_POOL, 0);
    CHECK(strcmp(ouro_allocator_name(rt), "pool") == 0);
    ouro_runtime_destroy(rt);
    rt = runtime(OURO_ALLOC_MALLOC, 0);
    CHECK(strcmp(ouro_allocator_name(rt), "malloc") == 0);
    ouro_runtime_destroy(rt);
    OuroConfig cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.allocator = OURO_ALLOC_MIMALLOC;
#ifdef OURO_HAVE_MIMALLOC
    if (!under_valgrind()) {
        rt = ouro_runtime_new(&cfg);
        CHECK(rt != NULL && strcmp(ouro_allocator_name(rt), "mimalloc") == 0);
        ouro_runtime_destroy(rt);
    }
#else
    CHECK(ouro_runtime_new(&cfg) == NULL);
#endif
    rt = runtime(OURO_ALLOC_DEFAULT, 0);
#if defined(OURO_DEFAULT_ALLOC_MALLOC)
    CHECK(strcmp(ouro_allocator_name(rt), "malloc") == 0);
#elif defined(OURO_DEFAULT_ALLOC_MIMALLOC)
    CHECK(strcmp(ouro_allocator_name(rt), "mimalloc") == 0);
#else
    CHECK(strcmp(ouro_allocator_name(rt), "pool") == 0);
#endif
    ouro_runtime_destroy(rt);
    cfg.allocator = 99;
    CHECK(ouro_runtime_new(&cfg) == NULL);
}

typedef struct Node {
    OuroObject ob;
    OuroObject *next;
    char payload[40];
} Node;

static int node_traverse(OuroObject *self, OuroVisitFn visit, void *arg)
{
    Node *n = (Node *)self;
    return n->next != NULL ? visit(n->next, arg) : 0;
}

static int node_clear(OuroRuntime *rt, OuroObject *self)
{
    ouro_clearref(rt, &((Node *)self)->next);
    return 0;
}

static const OuroType node_type = {
    .name = "node",
    .basic_size = sizeof(Node),
    .flags = OURO_TYPE_GC,
    .traverse = node_traverse,
    .clear = node_clear,
};

/* Destroying a runtime with blocks, large blocks and objects (a cycle
 * among them) still live frees them all: valgrind reports nothing lost. */
static void destroy_with_live_blocks(void)
{
    for (size_t k = 0; k < nkinds; k++) {
        OuroRuntime *rt = runtime(kinds[k], 0);
        for (size_t i = 0; i < 20000; i++)
            CHECK(ouro_mem_alloc(rt, i % 2000 + 1) != NULL);
        void *grown = ouro_mem_alloc(rt, 3000);
        CHECK(ouro_mem_realloc(rt, grown, 3000, 300000) != NULL);   /* relinked */
        Node *first = (Node *)ouro_new(rt, &node_type), *prev = first;
        ouro_gc_track(rt, &first->ob);
        for (int i = 0; i < 1000; i++) {
            Node *n = (Node *)ouro_new(rt, &node_type);
            ouro_gc_track(rt, &n->ob);
            prev->next = &n->ob;
            prev = n;
        }
        prev->next = ouro_newref(&first->ob);
        OuroMemStats st = stats(rt);
        CHECK(st.blocks_in_use > 21000);
        CHECK(st.large_blocks > 1000);
        ouro_runtime_destroy(rt);
    }
}

/* The process's mapped bytes (Linux), or 0 where unknown. */
static size_t mapped_bytes(void)
{
    size_t pages = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f == NULL)
        return 0;
    if (fscanf(f, "%zu", &pages) != 1)
        pages = 0;
    fclose(f);
    return pages * 4096;
}

/* Pool kind: destroying a runtime unmaps its arenas, which valgrind cannot
 * see (they come from mmap): the address space comes back. Not under ASan,
 * whose shadow memory moves the count. */
static void destroy_unmaps_arenas(void)
{
    if (CHECK_ASAN || mapped_bytes() == 0)
        return;
    size_t before = mapped_bytes();
    OuroRuntime *rt = runtime(OURO_ALLOC_POOL, 0);
    for (size_t i = 0; i < 100000; i++)
        CHECK(ouro_mem_alloc(rt, i % 512 + 1) != NULL);
    OuroMemStats st = stats(rt);
    CHECK(st.arenas_held >= 20);
    CHECK(mapped_bytes() >= before + st.arenas_held * 1024 * 1024);
    ouro_runtime_destroy(rt);
    CHECK(mapped_bytes() < before + 1024 * 1024);
}

int main(void)
{
    nkinds = kinds_to_test();
    RUN(round_trip_every_size);
    RUN(live_blocks_are_disjoint);
    RUN(exact_accounting);
    RUN(realloc_in_class_keeps_block);
    RUN(arenas_returned);
    RUN(fullest_arena_first);
    RUN(no_arena_thrash);
    RUN(fault_nth);
    RUN(fault_random);
    RUN(fault_budget);
    RUN(max_heap);
    RUN(max_reserved);
    RUN(huge_requests_fail);
    RUN(kinds_selectable);
    RUN(destroy_with_live_blocks);
    RUN(destroy_unmaps_arenas);
    return check_exit();
}
