/*
 * runner.c - runs each benchmark script under ouro and under CPython,
 * alternating, several times each, every run in its own process, and
 * prints one table: median wall time, its min-max, median CPU time and
 * median peak RSS for both interpreters, the ratios ouro / CPython of wall
 * time and peak RSS and whether each meets its target, and the load
 * average before and after.
 *
 * usage: runner OURO PYTHON RUNS SCRIPT.py...
 *
 * The verdicts judge wall time, as the targets are stated; the CPU time
 * (user + system, from the same rusage) is shown beside it because on a
 * busy machine it moves much less than wall time.
 *
 * PYTHON may be a bare name (it is looked up in PATH). Wall time is taken
 * around fork..wait4; peak RSS is wait4's ru_maxrss of that child alone.
 * Runs go round-robin (run 1 of every script on both interpreters, then
 * run 2, ...), and which interpreter goes first alternates from one run to
 * the next, so that a slow spell of the machine spreads over both.
 *
 * Both interpreters must do the same work: every run of a script must exit
 * with status 0 and print exactly the same stdout as the first run of
 * that script under ouro. Otherwise the runner prints both outputs, marks
 * the row FAILED, and exits with status 1 after the table.
 *
 * The targets come from the script itself, one line near its top:
 *   # target: time 1.0 rss 0.7
 * meaning ouro's median wall time at most 1.0x CPython's and its median
 * peak RSS at most 0.7x. A script without that line gets 1.0 and 1.0.
 */
#include <errno.h>
#include <fcntl.h>
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

enum { MAX_RUNS = 21, MAX_SCRIPTS = 64, OURO = 0, PY = 1 };

typedef struct Buffer {
    char *data;   /* NUL-terminated, malloc'd */
    size_t len, cap;
} Buffer;

/* Per script and interpreter: the samples of the runs that succeeded. */
typedef struct Samples {
    int n;
    double wall[MAX_RUNS], cpu[MAX_RUNS], rss_kb[MAX_RUNS];
} Samples;

typedef struct Script {
    const char *path;
    const char *name;          /* path without its directory */
    double time_target, rss_target;
    int failed;
    char *expected;            /* stdout of the first ouro run, malloc'd */
    Samples s[2];
} Script;

static const char *interp[2];
static Script scripts[MAX_SCRIPTS];
static int nscripts;

/* ------------------------------------------------------------------ */
/* Running a child                                                     */
/* ------------------------------------------------------------------ */

typedef struct RunResult {
    int exited;        /* 1: exited normally with `code`; 0: killed by signal `code` */
    int code;
    double wall, cpu, rss_kb;
    Buffer out;
} RunResult;

static void die(const char *what)
{
    perror(what);
    exit(2);
}

static void buf_append(Buffer *b, const char *data, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->data = realloc(b->data, cap);
        if (b->data == NULL)
            die("runner: realloc");
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
}

/* Reads fd until EOF into b (which it empties first). */
static void drain(int fd, Buffer *b)
{
    char chunk[8192];
    b->len = 0;
    buf_append(b, "", 0);
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        buf_append(b, chunk, (size_t)n);
    }
}

/* Runs `prog arg1 [arg2]` with stdin from /dev/null, stdout captured in
 * r->out and stderr merged into stdout when merge_stderr is set (left on
 * the runner's stderr otherwise). Exits the runner if it cannot fork. */
static void run_child(const char *prog, const char *arg1, const char *arg2, int merge_stderr,
                      RunResult *r)
{
    int fds[2];
    if (pipe(fds) < 0)
        die("runner: pipe");
    double t0 = now_s();
    pid_t pid = fork();
    if (pid < 0)
        die("runner: fork");
    if (pid == 0) {
        int null = open("/dev/null", O_RDONLY);
        if (null >= 0)
            dup2(null, STDIN_FILENO);
        dup2(fds[1], STDOUT_FILENO);
        if (merge_stderr)
            dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        close(fds[1]);
        execlp(prog, prog, arg1, arg2, (char *)NULL);
        fprintf(stderr, "runner: cannot run %s: %s\n", prog, strerror(errno));
        _exit(127);
    }
    close(fds[1]);
    drain(fds[0], &r->out);
    close(fds[0]);
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR)
            die("runner: wait4");
    }
    r->wall = now_s() - t0;
    r->cpu = tv_s(ru.ru_utime) + tv_s(ru.ru_stime);
    r->rss_kb = (double)ru.ru_maxrss;
    r->exited = WIFEXITED(status);
    r->code = r->exited ? WEXITSTATUS(status) : WTERMSIG(status);
}

/* The interpreter's version line ("Python 3.11.2"), without its newline. */
static char *version_of(const char *prog)
{
    RunResult r = {0};
    run_child(prog, "-V", NULL, 1, &r);
    if (!r.exited || r.code != 0) {
        fprintf(stderr, "runner: `%s -V` failed:\n%s", prog, r.out.data);
        exit(2);
    }
    r.out.data[strcspn(r.out.data, "\n")] = '\0';
    return r.out.data;
}

/* ------------------------------------------------------------------ */
/* Scripts and their targets                                           */
/* ------------------------------------------------------------------ */

/* Reads "# target: time T rss R" from the script, if present. */
static void read_targets(Script *s)
{
    FILE *f = fopen(s->path, "r");
    if (f == NULL)
        die(s->path);
    s->time_target = 1.0;
    s->rss_target = 1.0;
    char line[512];
    while (fgets(line, sizeof line, f) != NULL) {
        double t, m;
        if (sscanf(line, "# target: time %lf rss %lf", &t, &m) == 2) {
            s->time_target = t;
            s->rss_target = m;
            break;
        }
    }
    fclose(f);
}

static void add_script(const char *path)
{
    if (nscripts == MAX_SCRIPTS) {
        fprintf(stderr, "runner: more than %d scripts\n", MAX_SCRIPTS);
        exit(2);
    }
    Script *s = &scripts[nscripts++];
    s->path = path;
    const char *slash = strrchr(path, '/');
    s->name = slash ? slash + 1 : path;
    read_targets(s);
}

/* Prints what went wrong with one run of s under interpreter `who`. */
static void report_failure(const Script *s, int who, const RunResult *r, const char *why)
{
    fprintf(stderr, "\nrunner: FAILED: %s under %s: %s\n", s->name, interp[who], why);
    if (s->expected != NULL) {
        fprintf(stderr, "---- stdout of the first run under %s ----\n%s", interp[OURO],
                s->expected);
        fprintf(stderr, "---- stdout under %s ----\n%s", interp[who], r->out.data);
    } else {
        fprintf(stderr, "---- stdout ----\n%s", r->out.data);
    }
    fprintf(stderr, "---- end ----\n");
}

static void run_script(Script *s, int who)
{
    RunResult r = {0};
    char why[64];
    if (s->failed)
        return;
    run_child(interp[who], s->path, NULL, 0, &r);
    if (!r.exited || r.code != 0) {
        snprintf(why, sizeof why, "%s %d", r.exited ? "exit status" : "killed by signal", r.code);
        report_failure(s, who, &r, why);
        s->failed = 1;
    } else if (s->expected == NULL && who == OURO) {
        s->expected = strdup(r.out.data);
    } else if (s->expected != NULL && strcmp(s->expected, r.out.data) != 0) {
        report_failure(s, who, &r, "stdout differs from ouro's first run");
        s->failed = 1;
    }
    if (!s->failed) {
        Samples *smp = &s->s[who];
        smp->wall[smp->n] = r.wall;
        smp->cpu[smp->n] = r.cpu;
        smp->rss_kb[smp->n] = r.rss_kb;
        smp->n++;
    }
    free(r.out.data);
}

/* ------------------------------------------------------------------ */
/* The table                                                           */
/* ------------------------------------------------------------------ */

/* "   1.23   1.20-1.30    1.21     11.2 |" for one interpreter's samples:
 * median wall, its min-max, median CPU, median peak RSS. */
static void print_samples(const Samples *smp)
{
    char range[32];
    snprintf(range, sizeof range, "%.2f-%.2f", min_of(smp->wall, smp->n),
             max_of(smp->wall, smp->n));
    printf(" %7.2f %11s %6.2f %8.1f |", median(smp->wall, smp->n), range,
           median(smp->cpu, smp->n), median(smp->rss_kb, smp->n) / 1024);
}

/* " 1.46x <=1.0x MISSED"; `last` leaves out the padding at the end. */
static void print_verdict(double ratio, double target, int last)
{
    printf(" %6.2fx <=%.1fx %-*s", ratio, target, last ? 0 : 7, ratio <= target ? "met" : "MISSED");
}

static int print_table(void)
{
    int failed = 0;
    printf("\n%-16s | %-35s | %-35s | %-22s | %s\n", "", "ouro", "CPython",
           "wall time ouro/CPython", "peak RSS ouro/CPython");
    printf("%-16s |", "script");
    for (int i = 0; i < 2; i++)
        printf(" %7s %11s %6s %8s |", "wall s", "min-max", "CPU s", "RSS MiB");
    printf(" %7s %6s %-7s | %7s %6s %s\n", "ratio", "target", "verdict", "ratio", "target",
           "verdict");
    for (int i = 0; i < nscripts; i++) {
        Script *s = &scripts[i];
        if (s->failed || s->s[OURO].n == 0 || s->s[PY].n == 0) {
            printf("%-16s | FAILED (see the messages above)\n", s->name);
            failed = 1;
            continue;
        }
        printf("%-16s |", s->name);
        print_samples(&s->s[OURO]);
        print_samples(&s->s[PY]);
        double wall = median(s->s[OURO].wall, s->s[OURO].n) / median(s->s[PY].wall, s->s[PY].n);
        double rss = median(s->s[OURO].rss_kb, s->s[OURO].n) /
                     median(s->s[PY].rss_kb, s->s[PY].n);
        print_verdict(wall, s->time_target, 0);
        printf(" |");
        print_verdict(rss, s->rss_target, 1);
        printf("\n");
    }
    return failed;
}

/* The 1-minute load average from /proc/loadavg, or -1 where there is
 * none: printed so that a table taken on a busy machine says so. */
static double load_average(void)
{
    double load = -1;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f != NULL) {
        if (fscanf(f, "%lf", &load) != 1)
            load = -1;
        fclose(f);
    }
    return load;
}

static void print_load(const char *when)
{
    double load = load_average();
    if (load >= 0)
        printf("load average %s: %.2f on %ld CPUs\n", when, load, sysconf(_SC_NPROCESSORS_ONLN));
}

int main(int argc, char **argv)
{
    if (argc < 5 || atoi(argv[3]) < 1 || atoi(argv[3]) > MAX_RUNS) {
        fprintf(stderr, "usage: runner OURO PYTHON RUNS(1..%d) SCRIPT.py...\n", MAX_RUNS);
        return 2;
    }
    interp[OURO] = argv[1];
    interp[PY] = argv[2];
    int runs = atoi(argv[3]);
    for (int i = 4; i < argc; i++)
        add_script(argv[i]);

    char *ouro_version = version_of(interp[OURO]);
    char *py_version = version_of(interp[PY]);
    printf("ouro:    %s (%s)\nCPython: %s (%s)\n", interp[OURO], ouro_version, interp[PY],
           py_version);
    printf("%d run%s of each script under each, each in its own process, round-robin,\n"
           "the interpreter that goes first alternating. Wall time, CPU time (user +\n"
           "system) and peak RSS are medians; min-max is the spread of wall time. The\n"
           "verdicts judge wall time and peak RSS.\n", runs, runs == 1 ? "" : "s");
    print_load("before");
    fflush(stdout);
    for (int r = 0; r < runs; r++) {
        for (int i = 0; i < nscripts; i++) {
            int first = r % 2 == 0 ? OURO : PY;
            /* ouro's first run sets the expected stdout: it goes first in run 1. */
            run_script(&scripts[i], first);
            run_script(&scripts[i], 1 - first);
        }
        fprintf(stderr, "  run %d of %d done\n", r + 1, runs);
    }
    int failed = print_table();
    print_load("after");
    if (failed)
        fprintf(stderr, "runner: some scripts FAILED: the two interpreters did not do the same "
                        "work\n");
    free(ouro_version);
    free(py_version);
    return failed;
}
