/*
 * main.c - the `ouro` program: command-line options as CPython's
 * (`ouro script.py args`, `-c CODE`, `-` for stdin, -h, -V, -X), then the
 * interpreter through src/vm/ouro_vm.h. The exit status is the program's:
 * 0, 1 after an uncaught exception, sys.exit's code, 2 for usage errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ouro.h"
#include "../vm/ouro_vm.h"

static const char usage_line[] = "usage: ouro [option] ... [-c cmd | - | file] [arg] ...\n";

static void usage(void)
{
    fputs(usage_line, stdout);
    fputs("Options:\n"
          "-c cmd : program passed in as string (terminates option list)\n"
          "-h     : print this help message and exit (also -? or --help)\n"
          "-V     : print the version number and exit (also --version)\n"
          "-X opt : set implementation-specific option (accepted, none defined yet)\n"
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

static int run_stdin(int argc, char **argv)
{
    size_t len = 0;
    char *src = read_all(stdin, &len);
    if (src == NULL) {
        fprintf(stderr, "ouro: cannot read stdin\n");
        return 1;
    }
    OuroVM *vm = ouro_vm_new(argc, argv);
    int status = vm ? ouro_vm_run_source(vm, src, len, "<stdin>") : 1;
    free(src);
    return ouro_vm_free(vm, status);
}

int main(int argc, char **argv)
{
    int i = 1;
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
        if (strcmp(a, "-X") == 0) {
            if (++i >= argc) {
                fprintf(stderr, "Argument expected for the -X option\n%s"
                        "Try `ouro -h' for more information.\n", usage_line);
                return 2;
            }
            continue;
        }
        if (strncmp(a, "-X", 2) == 0)
            continue;
        if (strncmp(a, "-c", 2) == 0) {
            const char *code = a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : NULL);
            if (code == NULL) {
                fprintf(stderr, "Argument expected for the -c option\n%s"
                        "Try `ouro -h' for more information.\n", usage_line);
                return 2;
            }
            /* sys.argv is ['-c', args...]. */
            argv[i] = "-c";
            OuroVM *vm = ouro_vm_new(argc - i, argv + i);
            int status = vm ? ouro_vm_run_source(vm, code, strlen(code), "<string>") : 1;
            return ouro_vm_free(vm, status);
        }
        return bad_option(a);
    }
    if (i >= argc || strcmp(argv[i], "-") == 0) {
        if (i >= argc && isatty(0)) {
            fprintf(stderr, "ouro: the interactive prompt is not available yet; "
                            "run `ouro script.py` or `ouro -c CODE`\n");
            return 2;
        }
        if (i >= argc)
            return run_stdin(0, NULL);
        return run_stdin(argc - i, argv + i);
    }
    OuroVM *vm = ouro_vm_new(argc - i, argv + i);
    int status = vm ? ouro_vm_run_file(vm, argv[i]) : 1;
    return ouro_vm_free(vm, status);
}
