/*
 * main.c - the `ouro` program: command-line options as CPython's
 * (`ouro script.py args`, `-c CODE`, `-` for stdin, -i, -h, -V, -X), the
 * interactive prompt (with GNU readline when the build found it), then
 * the interpreter through src/vm/ouro_vm.h. The exit status is the program's:
 * 0, 1 after an uncaught exception, sys.exit's code, 2 for usage errors.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef OURO_HAVE_READLINE
#include <readline/history.h>
#include <readline/readline.h>
#endif

#include "ouro.h"
#include "../vm/ouro_vm.h"

/* -X fail-alloc=N: the Nth allocation after start-up fails (the memory
 * core's fault injection), for testing that every failure ends cleanly. */
static unsigned long long fail_alloc;
/* -X gc-stress: a collection at every allocation of a GC object once
 * start-up is over (ouro_gc_set_stress), to shake out missing traverse and
 * clear slots (tests/stress.sh). */
static int gc_stress;
/* -X leakcheck=N: leak mode, the program run N times in one interpreter
 * (ouro_vm_leakcheck_*); 0 when off. -X leakcheck-verbose prints its
 * figures even when nothing leaks. */
static int leak_runs, leak_verbose;
/* What must be known before start-up: -X max-heap=SIZE, -X alloc-stats,
 * and the fault injection of OURO_FAIL_ALLOC / OURO_FAIL_ALLOC_P, which
 * count from the runtime's creation so that a sweep reaches start-up too
 * (tests/alloc/sweep.sh). */
static OuroVMOptions vm_options;

/* A size in bytes: digits and an optional K, M or G suffix (powers of
 * 1024). -1 if s is not one or overflows. */
static int parse_size(const char *s, size_t *out)
{
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    unsigned long long v = strtoull(s, &end, 10);
    unsigned shift = 0;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    default: break;
    }
    if (*end != '\0' || v > (SIZE_MAX >> shift))
        return -1;
    *out = (size_t)v << shift;
    return 0;
}

/* splitmix64's finalizer: the core's xorshift draws tiny numbers for its
 * first steps from a small seed (1, 2, ...), which would fail the first
 * allocations whatever p is. */
static uint64_t mix_seed(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* OURO_FAIL_ALLOC=N and OURO_FAIL_ALLOC_P=p[,seed] into vm_options. -1
 * (after a message) if one is set but malformed. */
static int read_env(void)
{
    const char *n = getenv("OURO_FAIL_ALLOC");
    const char *p = getenv("OURO_FAIL_ALLOC_P");
    char *end;
    if (n != NULL && *n != '\0') {
        vm_options.fail_nth = strtoull(n, &end, 10);
        if (*end != '\0' || *n < '0' || *n > '9') {
            fprintf(stderr, "ouro: OURO_FAIL_ALLOC must be a count, not '%s'\n", n);
            return -1;
        }
    }
    if (p != NULL && *p != '\0') {
        vm_options.fail_p = strtod(p, &end);
        vm_options.fail_seed = 1;
        if (*end == ',' && end[1] >= '0' && end[1] <= '9')
            vm_options.fail_seed = strtoull(end + 1, &end, 10);
        if (*end != '\0' || !(vm_options.fail_p >= 0 && vm_options.fail_p <= 1)) {
            fprintf(stderr, "ouro: OURO_FAIL_ALLOC_P must be p[,seed] with 0 <= p <= 1, "
                    "not '%s'\n", p);
            return -1;
        }
        vm_options.fail_seed = mix_seed(vm_options.fail_seed);
    }
    return 0;
}

static OuroVM *new_vm(int argc, char **argv)
{
    OuroVM *vm = ouro_vm_new_ex(argc, argv, &vm_options);
    if (vm != NULL && fail_alloc > 0)
        ouro_mem_fail_nth(ouro_vm_runtime(vm), fail_alloc);
    if (vm != NULL && gc_stress)
        ouro_gc_set_stress(ouro_vm_runtime(vm), 1);
    return vm;
}

/* The program, in leak mode when asked. Exit status as ouro_vm_run_*. */
static int run_file(OuroVM *vm, const char *path)
{
    if (leak_runs > 0)
        return ouro_vm_leakcheck_file(vm, path, leak_runs, leak_verbose);
    return ouro_vm_run_file(vm, path);
}

static int run_source(OuroVM *vm, const char *src, size_t len, const char *filename)
{
    if (leak_runs > 0)
        return ouro_vm_leakcheck_source(vm, src, len, filename, leak_runs, leak_verbose);
    return ouro_vm_run_source(vm, src, len, filename);
}

static const char usage_line[] = "usage: ouro [option] ... [-c cmd | - | file] [arg] ...\n";

static void usage(void)
{
    fputs(usage_line, stdout);
    fputs("Options:\n"
          "-c cmd : program passed in as string (terminates option list)\n"
          "-h     : print this help message and exit (also -? or --help)\n"
          "-i     : interactive prompt even when stdin is not a terminal\n"
          "-u     : unbuffered stdout\n"
          "-V     : print the version number and exit (also --version)\n"
          "-X opt : implementation-specific option: max-heap=SIZE caps the bytes\n"
          "         the interpreter may hold (K, M or G suffix; MemoryError past it);\n"
          "         fail-alloc=N makes the Nth allocation after start-up fail\n"
          "         (testing); gc-stress runs a young collection at every allocation\n"
          "         of a collector-managed object and a full one every 1,000\n"
          "         (testing); alloc-stats prints allocation counts and the peak\n"
          "         bytes in use to stderr at exit; leakcheck=N runs the program N\n"
          "         times in one interpreter and exits with status 2 if what stays\n"
          "         alive grows in every run after the first N/3 (testing;\n"
          "         leakcheck-verbose also prints the figures); others are ignored\n"
          "file   : program read from script file\n"
          "-      : program read from stdin (default; interactive mode if a tty)\n"
          "arg ...: arguments passed to program in sys.argv[1:]\n"
          "\n"
          "Environment variables (testing):\n"
          "OURO_FAIL_ALLOC=N : the Nth allocation from the start (start-up included)\n"
          "                    fails, once\n"
          "OURO_FAIL_ALLOC_P=p[,seed] : each allocation from the start fails with\n"
          "                    probability p (0..1), drawn from seed (default 1)\n",
          stdout);
}

static int bad_option(const char *opt)
{
    fprintf(stderr, "Unknown option: %s\n%sTry `ouro -h' for more information.\n", opt,
            usage_line);
    return 2;
}

/* Reads all of a stream into malloc'd memory. */
static char *read_all(FILE *fp, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0)
            break;
        if (n + 1 == cap) {
            char *bigger = realloc(buf, cap * 2);
            if (bigger == NULL) {
                free(buf);
                return NULL;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    if (buf != NULL) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

/* ------------------------------------------------------------------ */
/* The interactive prompt                                              */
/* ------------------------------------------------------------------ */

/* One line without its newline, in malloc'd memory, or NULL at end of
 * input. With readline (and a terminal) the prompt is readline's, with
 * history; otherwise it goes to stderr, as CPython's does. */
static char *read_line(const char *prompt, int tty)
{
#ifdef OURO_HAVE_READLINE
    if (tty) {
        char *line = readline(prompt);
        if (line != NULL && *line)
            add_history(line);
        return line;
    }
#else
    (void)tty;
#endif
    fputs(prompt, stderr);
    fflush(stderr);
    size_t cap = 256, n = 0;
    char *buf = malloc(cap);
    int c;
    while (buf != NULL && (c = getchar()) != EOF && c != '\n') {
        if (n + 1 == cap) {
            char *bigger = realloc(buf, cap * 2);
            if (bigger == NULL)
                break;
            buf = bigger;
            cap *= 2;
        }
        buf[n++] = (char)c;
    }
    if (buf == NULL || (n == 0 && c == EOF)) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

static int repl(int argc, char **argv)
{
    int tty = isatty(0);
    OuroVM *vm = new_vm(argc, argv);
    if (vm == NULL)
        return 1;
    fprintf(stderr, "%s on linux\nType \"help\", \"copyright\", \"credits\" or "
                        "\"license\" for more information.\n", ouro_vm_version());
    char *src = NULL;
    size_t len = 0;
    int status = 0;
    for (;;) {
        char *line = read_line(len ? "... " : ">>> ", tty);
        if (line == NULL) {
            if (tty)
                fputc('\n', stderr);
            break;
        }
        size_t n = strlen(line);
        char *grown = realloc(src, len + n + 3);   /* "\n", the line, "\n", NUL */
        if (grown == NULL) {
            free(line);
            break;
        }
        src = grown;
        if (len)
            src[len++] = '\n';
        memcpy(src + len, line, n);
        len += n;
        /* An empty line ends a block: the command then ends in "\n". */
        if (n == 0 && len > 0)
            src[len++] = '\n';
        src[len] = '\0';
        free(line);
        int r = ouro_vm_run_interactive(vm, src, len, &status);
        fflush(stdout);
        if (r == OURO_VM_MORE)
            continue;
        len = 0;
        if (r == OURO_VM_EXIT)
            break;
    }
    free(src);
    return ouro_vm_free(vm, status);
}

static int run_stdin(int argc, char **argv)
{
    size_t len = 0;
    char *src = read_all(stdin, &len);
    if (src == NULL) {
        fprintf(stderr, "ouro: cannot read stdin\n");
        return 1;
    }
    OuroVM *vm = new_vm(argc, argv);
    int status = vm ? run_source(vm, src, len, "<stdin>") : 1;
    free(src);
    return ouro_vm_free(vm, status);
}

int main(int argc, char **argv)
{
    int i = 1, interactive = 0;
    if (read_env() < 0)
        return 2;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || strcmp(a, "-") == 0)
            break;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0 || strcmp(a, "-?") == 0) {
            usage();
            return 0;
        }
        if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
            printf("%s\n", ouro_vm_version());
            return 0;
        }
        if (strcmp(a, "-i") == 0) {
            interactive = 1;
            continue;
        }
        if (strcmp(a, "-q") == 0 || strcmp(a, "-B") == 0 || strcmp(a, "-E") == 0 ||
            strcmp(a, "-s") == 0 || strcmp(a, "-S") == 0 || strcmp(a, "-I") == 0)
            continue;
        if (strcmp(a, "-u") == 0) {
            setvbuf(stdout, NULL, _IONBF, 0);
            continue;
        }
        if (strncmp(a, "-X", 2) == 0) {
            const char *opt = a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : NULL);
            if (opt == NULL) {
                fprintf(stderr, "Argument expected for the -X option\n%s"
                        "Try `ouro -h' for more information.\n", usage_line);
                return 2;
            }
            if (strncmp(opt, "fail-alloc=", 11) == 0) {
                fail_alloc = strtoull(opt + 11, NULL, 10);
            } else if (strcmp(opt, "gc-stress") == 0) {
                gc_stress = 1;
            } else if (strncmp(opt, "leakcheck=", 10) == 0) {
                char *end;
                long n = strtol(opt + 10, &end, 10);
                if (*end != '\0' || end == opt + 10 || n < 1 || n > 1000) {
                    fprintf(stderr, "ouro: -X leakcheck: '%s' is not a number of runs "
                            "(1 to 1000)\n", opt + 10);
                    return 2;
                }
                leak_runs = (int)n;
            } else if (strcmp(opt, "leakcheck-verbose") == 0) {
                leak_verbose = 1;
            } else if (strcmp(opt, "alloc-stats") == 0) {
                vm_options.alloc_stats = 1;
            } else if (strncmp(opt, "max-heap=", 9) == 0 &&
                       parse_size(opt + 9, &vm_options.max_heap) < 0) {
                fprintf(stderr, "ouro: -X max-heap: '%s' is not a size (bytes, or a number "
                        "with a K, M or G suffix)\n", opt + 9);
                return 2;
            }
            continue;
        }
        if (strncmp(a, "-c", 2) == 0) {
            const char *code = a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : NULL);
            if (code == NULL) {
                fprintf(stderr, "Argument expected for the -c option\n%s"
                        "Try `ouro -h' for more information.\n", usage_line);
                return 2;
            }
            /* sys.argv is ['-c', args...]. */
            argv[i] = "-c";
            OuroVM *vm = new_vm(argc - i, argv + i);
            int status = vm ? run_source(vm, code, strlen(code), "<string>") : 1;
            return ouro_vm_free(vm, status);
        }
        return bad_option(a);
    }
    if (i >= argc && (interactive || isatty(0)))
        return repl(0, NULL);
    if (i >= argc || strcmp(argv[i], "-") == 0) {
        if (i >= argc)
            return run_stdin(0, NULL);
        return run_stdin(argc - i, argv + i);
    }
    OuroVM *vm = new_vm(argc - i, argv + i);
    int status = vm ? run_file(vm, argv[i]) : 1;
    return ouro_vm_free(vm, status);
}
