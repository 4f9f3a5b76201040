/*
 * fuzz_exec.c - libFuzzer target: small programs of the Python subset,
 * built from the fuzzer's bytes by a grammar, run by a fresh interpreter
 * each. The programs make and drop objects of every kind (lists, dicts,
 * tuples, sets, instances of classes with __del__, of subclasses of
 * built-in types and of each other, closures), link them
 * into cycles, take weak references, raise and catch, and call the
 * collector. Any outcome of the program is fine (every top-level statement
 * is wrapped in try/except, so most errors stay inside); a crash, a
 * sanitizer report or a leak is not.
 *
 * The budget of VM steps is built into the grammar rather than counted at
 * run time: loops run over range(k) with k < 6, nest at most twice and
 * only at the top level; a function body is at most three simple
 * statements and calls only functions defined before it, so no program
 * recurses and every program ends after a bounded number of VM
 * instructions. An instruction is not bounded work, though (one repr of a
 * shared structure can visit 16^k nodes), nor bounded memory (`a += a`
 * doubles a list, and a program may repeat it in loop after loop), so each
 * run has two budgets in the core as well, set through the VM's options:
 * the heap is capped at FUZZ_MAX_HEAP (OuroVMOptions.max_heap, what
 * `ouro -X max-heap=64M` sets), and after FUZZ_ALLOC_BUDGET allocations
 * every allocation fails (OuroVMOptions.alloc_budget, ouro_mem_budget):
 * the work a builtin does allocates as it goes, so this bounds it. Past
 * either, an allocation fails with MemoryError, which the program's
 * try/except catches like any other error; the statements left fail at
 * their first allocation and the run ends, shutdown included, with every
 * allocation failing: that path is under test too. `make fuzz` also
 * passes libFuzzer's -rss_limit_mb, so memory that grows outside the
 * capped heap is reported as a failure.
 *
 *   make fuzz                                   (every target, 60 s each)
 *   build/fuzz/fuzz_exec -max_total_time=600 tests/fuzz/corpus/exec
 *   build/fuzz/fuzz_exec -print_final_stats=1 CRASH_FILE  (and set
 *   OURO_FUZZ_PRINT=1 to see the program built from it)
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ouro.h"
#include "../../src/vm/ouro_vm.h"

typedef struct Gen {
    const uint8_t *data;
    size_t len, pos;
    char *out;
    size_t n, cap;
    int nfuncs, nclasses;
} Gen;

static unsigned pick(Gen *g, unsigned n)
{
    unsigned v = g->pos < g->len ? g->data[g->pos++] : 0;
    return v % n;
}

static void emit(Gen *g, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int k = vsnprintf(g->out + g->n, g->cap - g->n, fmt, ap);
        va_end(ap);
        if (k < 0)
            abort();
        if ((size_t)k < g->cap - g->n) {
            g->n += (size_t)k;
            return;
        }
        g->cap = g->cap * 2 + (size_t)k + 64;
        if ((g->out = realloc(g->out, g->cap)) == NULL)
            abort();
    }
}

static void indent(Gen *g, int level)
{
    for (int i = 0; i < level; i++)
        emit(g, "    ");
}

static const char *const names[] = {"a", "b", "c", "d", "e"};
#define NNAMES 5

static void gen_expr(Gen *g, int depth);

static void gen_atom(Gen *g)
{
    switch (pick(g, 8)) {
    case 0: case 1: emit(g, "%s", names[pick(g, NNAMES)]); break;
    case 2: emit(g, "%d", (int)pick(g, 300) - 10); break;
    case 3: emit(g, "'s%u'", pick(g, 4)); break;
    case 4: emit(g, "None"); break;
    case 5: emit(g, "%u.5", pick(g, 9)); break;
    case 6: emit(g, "(10 ** %u)", pick(g, 30)); break;
    default: emit(g, "[]"); break;
    }
}

static void gen_expr(Gen *g, int depth)
{
    if (depth > 3) {
        gen_atom(g);
        return;
    }
    static const char *const ops[] = {"+", "-", "*", "//", "%", "==", "<", "is", "in", "and", "or"};
    switch (pick(g, 16)) {
    case 0: emit(g, "["); gen_expr(g, depth + 1); emit(g, ", "); gen_expr(g, depth + 1); emit(g, "]"); break;
    case 1: emit(g, "{"); gen_atom(g); emit(g, ": "); gen_expr(g, depth + 1); emit(g, "}"); break;
    case 2: emit(g, "("); gen_expr(g, depth + 1); emit(g, ", "); gen_expr(g, depth + 1); emit(g, ")"); break;
    case 3: emit(g, "{"); gen_atom(g); emit(g, ", "); gen_atom(g); emit(g, "}"); break;
    case 4:
        emit(g, "("); gen_expr(g, depth + 1);
        emit(g, " %s ", ops[pick(g, sizeof ops / sizeof ops[0])]);
        gen_expr(g, depth + 1); emit(g, ")");
        break;
    case 5:
        if (g->nclasses > 0) {
            emit(g, "C%u(", pick(g, (unsigned)g->nclasses)); gen_expr(g, depth + 1); emit(g, ")");
        } else {
            gen_atom(g);
        }
        break;
    case 6:
        if (g->nfuncs > 0) {
            emit(g, "f%u(", pick(g, (unsigned)g->nfuncs)); gen_expr(g, depth + 1); emit(g, ")");
        } else {
            gen_atom(g);
        }
        break;
    case 7: emit(g, "[x for x in range(%u)]", pick(g, 6)); break;
    case 8: emit(g, "len(%s)", names[pick(g, NNAMES)]); break;
    case 9: emit(g, "repr(%s)", names[pick(g, NNAMES)]); break;
    case 10: emit(g, "f'{%s!r}:{", names[pick(g, NNAMES)]); gen_atom(g); emit(g, "}'"); break;
    case 11: emit(g, "%s[", names[pick(g, NNAMES)]); gen_atom(g); emit(g, "]"); break;
    case 12: emit(g, "(lambda q: (q, %s))(", names[pick(g, NNAMES)]); gen_atom(g); emit(g, ")"); break;
    case 13: emit(g, "%s.v", names[pick(g, NNAMES)]); break;
    case 14: emit(g, "sorted(%s)", names[pick(g, NNAMES)]); break;
    default: gen_atom(g); break;
    }
}

/* A simple statement: no loops, no definitions. */
static void gen_simple(Gen *g, int level)
{
    const char *n = names[pick(g, NNAMES)], *m = names[pick(g, NNAMES)];
    indent(g, level);
    switch (pick(g, 14)) {
    case 0: case 1: case 2: emit(g, "%s = ", n); gen_expr(g, 0); break;
    case 3: emit(g, "%s.append(%s)", n, m); break;
    case 4: emit(g, "%s.v = %s", n, m); break;
    case 5: emit(g, "%s[", n); gen_atom(g); emit(g, "] = %s", m); break;
    case 6: emit(g, "del %s", n); break;
    case 7: emit(g, "%s += ", n); gen_expr(g, 1); break;
    case 8: emit(g, "gc.collect(%u)", pick(g, 3)); break;
    case 9: emit(g, "%s = weakref.ref(%s)", n, m); break;
    case 10: emit(g, "raise ValueError(%s)", m); break;
    case 11: emit(g, "%s = [%s, %s]; %s.append(%s)", n, n, m, n, n); break;
    case 12: emit(g, "%s.pop()", n); break;
    default: emit(g, "%s = %s", n, m); break;
    }
    emit(g, "\n");
}

static void gen_def(Gen *g)
{
    if (pick(g, 2) == 0 && g->nfuncs < 6) {
        emit(g, "def f%d(a, b=%u):\n", g->nfuncs, pick(g, 5));
        unsigned k = 1 + pick(g, 3);
        for (unsigned i = 0; i < k; i++)
            gen_simple(g, 1);
        emit(g, "    return ");
        gen_expr(g, 1);
        emit(g, "\n");
        g->nfuncs++;
    } else if (g->nclasses < 4) {
        /* The base: object, a built-in type (the variable-sized ones keep
         * the instance dict after their items), or an earlier class. A
         * class the base refuses (__slots__ on int, a second __weakref__)
         * raises TypeError, caught: later uses of it raise NameError. */
        static const char *const bases[] = {"",      "(list)",  "(dict)", "(str)",
                                            "(int)", "(tuple)", "(set)"};
        unsigned b = pick(g, 8);
        emit(g, "try:\n    class C%d", g->nclasses);
        if (b < 7)
            emit(g, "%s:\n", bases[b]);
        else if (g->nclasses > 0)
            emit(g, "(C%u):\n", pick(g, (unsigned)g->nclasses));
        else
            emit(g, ":\n");
        emit(g, "        def __init__(self, v):\n            self.v = v\n");
        if (pick(g, 2)) {
            emit(g, "        def __del__(self):\n            try:\n");
            gen_simple(g, 4);
            emit(g, "            except Exception:\n                pass\n");
        }
        if (pick(g, 2))
            emit(g, "        def __repr__(self):\n            return 'C(' + repr(self.v) + ')'\n");
        if (pick(g, 3) == 0)
            emit(g, "        __slots__ = ('v', '__weakref__')\n");
        emit(g, "except Exception:\n    pass\n");
        g->nclasses++;
    }
}

static void gen_top(Gen *g, int level, int loops)
{
    unsigned what = pick(g, 10);
    if (level == 0 && what == 0) {
        gen_def(g);
        return;
    }
    indent(g, level);
    emit(g, "try:\n");
    if (what == 1 && loops < 2) {
        indent(g, level + 1);
        emit(g, "for %s in range(%u):\n", names[pick(g, NNAMES)], pick(g, 6));
        unsigned k = 1 + pick(g, 3);
        for (unsigned i = 0; i < k; i++)
            gen_top(g, level + 2, loops + 1);
    } else if (what == 2) {
        indent(g, level + 1);
        emit(g, "if ");
        gen_expr(g, 1);
        emit(g, ":\n");
        gen_simple(g, level + 2);
        indent(g, level + 1);
        emit(g, "else:\n");
        gen_simple(g, level + 2);
    } else {
        gen_simple(g, level + 1);
    }
    indent(g, level);
    emit(g, "except Exception:\n");
    indent(g, level + 1);
    emit(g, "pass\n");
}

static void build_program(Gen *g)
{
    /* gc and weakref are used when the build has them. */
    emit(g, "try:\n    import gc\n    import weakref\nexcept ImportError:\n    pass\n"
            "a = b = c = d = e = None\n");
    while (g->pos < g->len && g->n < 16384)
        gen_top(g, 0, 0);
    emit(g, "try:\n    gc.collect()\nexcept Exception:\n    pass\n");
}

/* Each run's memory budget: the interpreter's heap (start-up takes about
 * 330 KB of it), ample for any program the grammar builds that does not
 * grow without bound. */
#define FUZZ_MAX_HEAP ((size_t)2 << 20)
/* Each run's work budget, in allocations: start-up makes about 3,100 and
 * the seed programs 5,000 more each; a name rebound in a loop to a
 * literal that holds it several times makes a shared structure whose repr
 * grows exponentially (tests/fuzz/regress/exec/exp-repr): under the heap
 * cap alone it made 4.8 million allocations and took 6 s under ASan (at a
 * 64 MiB cap, over 100 s: a CI timeout), under this budget 1 s. -D may
 * set another to try the failing path across a corpus. */
#ifndef FUZZ_ALLOC_BUDGET
#define FUZZ_ALLOC_BUDGET 1000000
#endif

static int started;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!started) {
        /* The programs print nothing on purpose, but what the interpreter
         * writes to stdout is not what is tested: send it away. stderr
         * stays, for the sanitizers' reports. */
        if (freopen("/dev/null", "w", stdout) == NULL)
            abort();
        started = 1;
    }
    Gen g = {.data = data, .len = size};
    g.cap = 4096;
    if ((g.out = malloc(g.cap)) == NULL)
        abort();
    build_program(&g);
    int print = getenv("OURO_FUZZ_PRINT") != NULL;
    if (print)
        fwrite(g.out, 1, g.n, stderr);
    OuroVMOptions opt = {.max_heap = FUZZ_MAX_HEAP, .alloc_budget = FUZZ_ALLOC_BUDGET,
                         .alloc_stats = print};
    OuroVM *vm = ouro_vm_new_ex(0, NULL, &opt);
    if (vm == NULL)
        abort();
    ouro_vm_run_source(vm, g.out, g.n, "<fuzz>");
    ouro_vm_free(vm, 0);
    free(g.out);
    return 0;
}
