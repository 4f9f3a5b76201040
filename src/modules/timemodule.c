/*
 * timemodule.c - the time module, as far as programs measuring and pacing
 * themselves need it: perf_counter, monotonic (CLOCK_MONOTONIC), time
 * (CLOCK_REALTIME), process_time (CLOCK_PROCESS_CPUTIME_ID), their _ns
 * forms, and sleep. Seconds are converted as CPython 3.11's pytime.c does
 * (nanosecond integers; a float argument of sleep is rounded up to the
 * next nanosecond), with its messages.
 */
#include <errno.h>
#include <math.h>
#include <time.h>

#include "modules.h"
#include "../objects/exceptions.h"
#include "../objects/floatobject.h"
#include "../objects/intobject.h"
#include "../objects/moduleobject.h"

#define NS_PER_SEC 1000000000LL

/* The clock's reading in nanoseconds. clock_gettime cannot fail for these
 * clocks on the systems we build for; a failure reads as 0. */
static int64_t clock_ns(clockid_t clock)
{
    struct timespec ts;
    if (clock_gettime(clock, &ts) != 0)
        return 0;
    return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

/* CPython's _PyTime_AsSecondsDouble: exact when the count is whole
 * seconds, one rounding otherwise. */
static Obj *seconds_float(Lang *L, int64_t ns)
{
    double d = ns % NS_PER_SEC == 0 ? (double)(ns / NS_PER_SEC) : (double)ns / 1e9;
    return float_from_double(L, d);
}

/* Each clock gives two functions, seconds as a float and nanoseconds as an
 * int, identical but for the clock: a macro writes the pair. */
#define CLOCK_FUNCTIONS(name, clock)                                                        \
    static Obj *time_##name(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)  \
    {                                                                                       \
        (void)self; (void)args; (void)nargs; (void)kw;                                      \
        return seconds_float(L, clock_ns(clock));                                          \
    }                                                                                       \
    static Obj *time_##name##_ns(Lang *L, Obj *self, Obj *const *args, size_t nargs,       \
                                 Obj *kw)                                                   \
    {                                                                                       \
        (void)self; (void)args; (void)nargs; (void)kw;                                      \
        return int_from_i64(L, clock_ns(clock));                                           \
    }

CLOCK_FUNCTIONS(perf_counter, CLOCK_MONOTONIC)
CLOCK_FUNCTIONS(monotonic, CLOCK_MONOTONIC)
CLOCK_FUNCTIONS(time, CLOCK_REALTIME)
CLOCK_FUNCTIONS(process_time, CLOCK_PROCESS_CPUTIME_ID)

/* CPython's _PyTime_FromSecondsObject with _PyTime_ROUND_TIMEOUT (up):
 * a float or an object with __index__ to nanoseconds. 0 and *ns, or -1
 * with ValueError (NaN), OverflowError (out of range) or TypeError. */
static int seconds_to_ns(Lang *L, Obj *o, int64_t *ns)
{
    if (float_check(L, o)) {
        double d = float_value(o);
        if (isnan(d)) {
            err_format(L, EXC_ValueError, "Invalid value NaN (not a number)");
            return -1;
        }
        d = ceil(d * 1e9);
        /* -2**63 <= d < 2**63, both bounds exact doubles. */
        if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) {
            err_format(L, EXC_OverflowError, "timestamp out of range for platform time_t");
            return -1;
        }
        *ns = (int64_t)d;
        return 0;
    }
    Obj *i = obj_index(L, o);
    if (i == NULL)
        return -1;
    int64_t sec;
    int fits = int_as_i64_exact(i, &sec);
    obj_decref(L, i);
    if (!fits || sec > INT64_MAX / NS_PER_SEC || sec < INT64_MIN / NS_PER_SEC) {
        err_format(L, EXC_OverflowError, "timestamp too large to convert to C _PyTime_t");
        return -1;
    }
    *ns = sec * NS_PER_SEC;
    return 0;
}

/* Sleeps until the monotonic deadline, resuming after signals. */
static void sleep_ns(int64_t ns)
{
    int64_t deadline = clock_ns(CLOCK_MONOTONIC) + ns;
    for (;;) {
        struct timespec ts = {(time_t)(ns / NS_PER_SEC), (long)(ns % NS_PER_SEC)};
        if (nanosleep(&ts, NULL) == 0 || errno != EINTR)
            return;
        ns = deadline - clock_ns(CLOCK_MONOTONIC);
        if (ns <= 0)
            return;
    }
}

static Obj *time_sleep(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    int64_t ns;
    if (seconds_to_ns(L, args[0], &ns) < 0)
        return NULL;
    if (ns < 0)
        return err_format(L, EXC_ValueError, "sleep length must be non-negative");
    if (ns > 0)
        sleep_ns(ns);
    return new_none(L);
}

static const MethodDef time_functions[] = {
    {"time", time_time, METH_NOARGS, NULL},
    {"time_ns", time_time_ns, METH_NOARGS, NULL},
    {"perf_counter", time_perf_counter, METH_NOARGS, NULL},
    {"perf_counter_ns", time_perf_counter_ns, METH_NOARGS, NULL},
    {"monotonic", time_monotonic, METH_NOARGS, NULL},
    {"monotonic_ns", time_monotonic_ns, METH_NOARGS, NULL},
    {"process_time", time_process_time, METH_NOARGS, NULL},
    {"process_time_ns", time_process_time_ns, METH_NOARGS, NULL},
    {"sleep", time_sleep, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

Obj *time_module_init(Lang *L)
{
    Obj *m = module_new_cstr(L, "time");
    if (m != NULL && module_add_functions(L, m, time_functions) < 0)
        obj_clearref(L, &m);
    return m;
}
