/*
 * main.c - the `ouro` program: command-line options as CPython's
 * (`ouro script.py args`, `-c CODE`, `-` for stdin, -i, -h, -V, -X), the
 * interactive prompt (with GNU readline when the build found it), then
 * the interpreter through src/vm/ouro_vm.h. The exit status is the program's:
 * 0, 1 after an uncaught exception, sys.exit's code, 2 for usage errors.
 */
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

static OuroVM *new_vm(int argc, char **argv)
{
    OuroVM *vm = ouro_vm_new(argc, argv);
    if (vm != NULL && fail_alloc > 0)
        ouro_mem_fail_nth(ouro_vm_runtime(vm), fail_alloc);
    if (vm != NULL && gc_stress)
        ouro_gc_set_stress(ouro_vm_runtime(vm), 1);
    return vm;
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
          "-X opt : implementation-specific option: fail-alloc=N makes the Nth\n"
          "         allocation after start-up fail (testing); gc-stress runs a\n"
          "         young collection at every allocation of a collector-managed\n"
          "         object and a full one every 1,000 (testing); others are ignored\n"
          "file   : program read from script file\n"
          "-      : program read from stdin (default; interactive mode if a tty)\n"
          "arg ...: arguments passed to program in sys.argv[1:]\n",
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
    int status = vm ? ouro_vm_run_source(vm, src, len, "<stdin>") : 1;
    free(src);
    return ouro_vm_free(vm, status);
}

int main(int argc, char **argv)
{
    int i = 1, interactive = 0;
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
            if (strncmp(opt, "fail-alloc=", 11) == 0)
                fail_alloc = strtoull(opt + 11, NULL, 10);
            else if (strcmp(opt, "gc-stress") == 0)
                gc_stress = 1;
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
            int status = vm ? ouro_vm_run_source(vm, code, strlen(code), "<string>") : 1;
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
    int status = vm ? ouro_vm_run_file(vm, argv[i]) : 1;
    return ouro_vm_free(vm, status);
}
