/*
 * check.h - the tiny harness of the C tests.
 *
 * A test program is a list of cases. Each case is a function; CHECK records
 * a failure (file, line, expression) and the case goes on. main() runs the
 * cases with RUN(name) and returns check_exit(). Every case prints one line,
 * "PASS name" or "FAIL name", which tests/run.sh counts; a program that
 * crashes counts as one failure.
 * Each case should create its own runtime (check_runtime()) and destroy it,
 * so that every case starts from a fresh one.
 */
#ifndef OURO_TESTS_CHECK_H
#define OURO_TESTS_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ouro.h"

static int check_case_failed;
static int check_failures;

#define CHECK(cond)                                                                 \
    do {                                                                            \
        if (!(cond)) {                                                              \
            fprintf(stderr, "  %s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            check_case_failed = 1;                                                  \
        }                                                                           \
    } while (0)

#define CHECK_EQ(a, b)                                                              \
    do {                                                                            \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);             \
        if (check_a_ != check_b_) {                                                 \
            fprintf(stderr, "  %s:%d: CHECK_EQ failed: %s == %s (%lld != %lld)\n",  \
                    __FILE__, __LINE__, #a, #b, check_a_, check_b_);                \
            check_case_failed = 1;                                                  \
        }                                                                           \
    } while (0)

#define RUN(fn)                                                                     \
    do {                                                                            \
        check_case_failed = 0;                                                      \
        fn();                                                                       \
        printf("%s %s\n", check_case_failed ? "FAIL" : "PASS", #fn);               \
        fflush(stdout);                                                             \
        check_failures += check_case_failed;                                        \
    } while (0)

static inline int check_exit(void)
{
    return check_failures ? 1 : 0;
}

/* True when built with AddressSanitizer, or for valgrind (OURO_TEST_SMALL):
 * the big tests shrink to sizes those tools run in seconds. */
#if defined(__SANITIZE_ADDRESS__) || defined(OURO_TEST_SMALL)
#define CHECK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHECK_ASAN 1
#endif
#endif
#ifndef CHECK_ASAN
#define CHECK_ASAN 0
#endif

#endif
