/*
 * ouro_vm.h - the interpreter as the `ouro` program sees it: create a
 * runtime with the language and the VM, run a file or a string as the
 * __main__ module, tear everything down in CPython's order. The program
 * includes only this header and include/ouro.h.
 */
#ifndef OURO_VM_OURO_VM_H
#define OURO_VM_OURO_VM_H

#include <stddef.h>
#include <stdint.h>

#include "ouro.h"

typedef struct OuroVM OuroVM;

/* The version line `ouro -V` prints (no newline). */
const char *ouro_vm_version(void);

/* A new interpreter whose sys.argv is argv[0..argc-1] (argc 0 gives
 * ['']). NULL if memory runs out (a message is printed to stderr). */
OuroVM *ouro_vm_new(int argc, char **argv);

/* What must be fixed before an interpreter starts. All zero (or a NULL
 * pointer to it) is ouro_vm_new's interpreter. */
typedef struct OuroVMOptions {
    size_t max_heap;        /* cap on the bytes the core holds (OuroConfig.max_reserved
                             * and max_heap): past it allocations fail with
                             * MemoryError; 0 for none */
    uint64_t fail_nth;      /* the fail_nth-th allocation from the runtime's creation
                             * (start-up included) fails, once; 0 for none */
    double fail_p;          /* each allocation from the runtime's creation fails with
                             * probability fail_p, drawn from fail_seed; 0 for none */
    uint64_t fail_seed;
    uint64_t alloc_budget;  /* the alloc_budget-th allocation from the runtime's
                             * creation (start-up included) and every later one
                             * fail with MemoryError: a bound on the work a
                             * program can do (ouro_mem_budget); 0 for none */
    int alloc_stats;        /* at ouro_vm_free, one line on stderr: allocations
                             * attempted in start-up and in all, failures, peak bytes */
} OuroVMOptions;

/* As ouro_vm_new with options (opt borrowed, may be NULL). NULL if start-up
 * fails: one line on stderr says why (out of memory, or max_heap below
 * what start-up needs). */
OuroVM *ouro_vm_new_ex(int argc, char **argv, const OuroVMOptions *opt);

/* The runtime the interpreter lives in (for the memory core's public
 * API: statistics, fault injection). Borrowed. */
OuroRuntime *ouro_vm_runtime(OuroVM *vm);

/* Runs the file at path as __main__ (its __file__ set). Returns the exit
 * status: 0, 1 after an uncaught exception (its traceback printed to
 * stderr), the code of a SystemExit, or 2 when the file cannot be read. */
int ouro_vm_run_file(OuroVM *vm, const char *path);

/* Runs len bytes of source as __main__, reporting errors under filename
 * ("<string>" for -c, "<stdin>"). Exit status as ouro_vm_run_file. */
int ouro_vm_run_source(OuroVM *vm, const char *src, size_t len, const char *filename);

/* Compiles len bytes of source as a module without running it (for
 * tools and the fuzzer): 0 when it compiles, 1 after a SyntaxError
 * (or its subclasses IndentationError, TabError) or a MemoryError, 2
 * after any other exception (a bug). The exception is cleared, not
 * printed. */
int ouro_vm_compile_check(OuroVM *vm, const char *src, size_t len, const char *filename);

/* Results of ouro_vm_run_interactive. */
enum {
    OURO_VM_DONE = 0,             /* the command ran (an error was printed, if any) */
    OURO_VM_MORE = 1,             /* incomplete: nothing ran, read another line */
    OURO_VM_EXIT = 2,             /* SystemExit: *status holds the exit status */
};

/* One command of the interactive prompt: src is the lines typed so far
 * joined with "\n" (ending in "\n" only after an empty line). Compiles
 * it as CPython's "single" mode (an expression statement prints its
 * repr) and runs it in __main__. */
int ouro_vm_run_interactive(OuroVM *vm, const char *src, size_t len, int *status);

/* Shuts the interpreter down (flushes the streams, collects, clears the
 * modules, runs the finalizers still due, frees every byte) and returns
 * status, or 120 if flushing stdout failed, as CPython does. */
int ouro_vm_free(OuroVM *vm, int status);

/* Leak mode (`ouro -X leakcheck=N`, src/vm/leakcheck.c): runs the file
 * at path (as ouro_vm_run_file), or len bytes of source (as
 * ouro_vm_run_source), `runs` times, each in a fresh __main__ module,
 * with the gc module's state and sys.stdin/stdout/stderr put back and
 * full collections after each run; the output of every run is the
 * program's. The first max(1, runs/3) runs are warm-up; if the
 * allocator's blocks or bytes in use or the total of the reference counts
 * then grew in every later run, the runs and the types that grew are reported
 * on stderr and 2 is returned. A run that fails or calls sys.exit() ends
 * it with that run's exit status (as ouro_vm_run_file's). verbose prints
 * the figures on stderr even without a leak. */
int ouro_vm_leakcheck_file(OuroVM *vm, const char *path, int runs, int verbose);
int ouro_vm_leakcheck_source(OuroVM *vm, const char *src, size_t len, const char *filename,
                             int runs, int verbose);

#endif
