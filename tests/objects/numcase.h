/*
 * numcase.h - running the int and float cases of num_cases.h (written by
 * gen_num_cases.py from CPython 3.11's own answers) for test_obj_int.c
 * and test_obj_float.c.
 *
 * A case names an operation, its operands (encoded as gen_num_cases.py
 * says) and the expected outcome: the repr of the result, "#" + hex for
 * ints past the decimal digit limit, or "!Type: message". Each case must
 * give exactly that and, the second time it runs, leave bytes_in_use as
 * it found it; a sample also
 * runs with every allocation failing in turn and must end in its outcome
 * or a clean MemoryError, nothing leaked.
 */
#ifndef OURO_TESTS_NUMCASE_H
#define OURO_TESTS_NUMCASE_H

#include <stdlib.h>

#include "objtest.h"
#include "floatobject.h"
#include "intobject.h"
#include "num_cases.h"

static Obj *nc_decode(Lang *L, const char *s)
{
    switch (s[0]) {
    case 'i':
        return int_from_string(L, s + 1, strlen(s + 1), 0);
    case 'f':
        return float_from_double(L, strtod(s + 1, NULL));
    case 's':
        return str_from_utf8(L, s + 1, strlen(s + 1));
    case 'T':
        return new_bool(L, 1);
    case 'F':
        return new_bool(L, 0);
    default:
        return new_none(L);
    }
}

static const struct {
    const char *name;
    int nb;
} NC_BINARY[] = {
    {"+", NB_ADD}, {"-", NB_SUBTRACT}, {"*", NB_MULTIPLY}, {"/", NB_TRUE_DIVIDE},
    {"//", NB_FLOOR_DIVIDE}, {"%", NB_REMAINDER}, {"**", NB_POWER}, {"<<", NB_LSHIFT},
    {">>", NB_RSHIFT}, {"&", NB_AND}, {"|", NB_OR}, {"^", NB_XOR},
};

static const struct {
    const char *name;
    int op;
} NC_COMPARE[] = {
    {"<", CMP_LT}, {"<=", CMP_LE}, {"==", CMP_EQ}, {"!=", CMP_NE}, {">", CMP_GT}, {">=", CMP_GE},
};

/* divmod(a, b) as CPython's binary_op1 does it with __divmod__ and
 * __rdivmod__ (the VM's builtin is not linked into these tests). */
static Obj *nc_divmod(Lang *L, Obj *a, Obj *b)
{
    Obj *r = obj_call_method_str(L, a, "__divmod__", &b, 1);
    if (r == NULL && err_matches(L, EXC_AttributeError)) {
        err_clear(L);
        r = new_not_implemented(L);
    }
    if (r == L->not_implemented) {
        obj_decref(L, r);
        r = obj_call_method_str(L, b, "__rdivmod__", &a, 1);
        if (r == NULL && err_matches(L, EXC_AttributeError)) {
            err_clear(L);
            r = new_not_implemented(L);
        }
    }
    if (r == L->not_implemented) {
        obj_decref(L, r);
        return err_format(L, EXC_TypeError,
                          "unsupported operand type(s) for divmod(): '%s' and '%s'",
                          obj_type_name(a), obj_type_name(b));
    }
    return r;
}

static Obj *nc_hash(Lang *L, Obj *o)
{
    intptr_t h = obj_hash(L, o);
    return h == -1 && err_occurred(L) ? NULL : int_from_i64(L, h);
}

static Obj *nc_apply(Lang *L, const NumCase *c, Obj **a)
{
    const char *op = c->op;
    for (size_t i = 0; i < sizeof NC_BINARY / sizeof NC_BINARY[0]; i++) {
        if (strcmp(op, NC_BINARY[i].name) == 0)
            return obj_binary_op(L, a[0], a[1], NC_BINARY[i].nb);
    }
    for (size_t i = 0; i < sizeof NC_COMPARE / sizeof NC_COMPARE[0]; i++) {
        if (strcmp(op, NC_COMPARE[i].name) == 0)
            return obj_richcompare(L, a[0], a[1], NC_COMPARE[i].op);
    }
    if (strcmp(op, "divmod") == 0)
        return nc_divmod(L, a[0], a[1]);
    if (strcmp(op, "pow3") == 0)
        return obj_power3(L, a[0], a[1], a[2]);
    if (strcmp(op, "neg") == 0)
        return obj_negative(L, a[0]);
    if (strcmp(op, "pos") == 0)
        return obj_positive(L, a[0]);
    if (strcmp(op, "abs") == 0)
        return obj_absolute(L, a[0]);
    if (strcmp(op, "inv") == 0)
        return obj_invert(L, a[0]);
    if (strcmp(op, "bool") == 0) {
        int t = obj_is_true(L, a[0]);
        return t < 0 ? NULL : new_bool(L, t);
    }
    if (strcmp(op, "hash") == 0)
        return nc_hash(L, a[0]);
    if (strcmp(op, "repr") == 0)
        return obj_repr(L, a[0]);
    if (strcmp(op, "str") == 0)
        return obj_str(L, a[0]);
    if (strcmp(op, "int") == 0)
        return obj_call1(L, &L->t_int->ob, a[0]);
    if (strcmp(op, "intbase") == 0)
        return obj_call2(L, &L->t_int->ob, a[0], a[1]);
    if (strcmp(op, "float") == 0)
        return obj_call1(L, &L->t_float->ob, a[0]);
    if (strncmp(op, "m:", 2) == 0)
        return obj_call_method_str(L, a[0], op + 2, a + 1, (size_t)c->nargs - 1);
    if (strncmp(op, "g:", 2) == 0)
        return obj_getattr_str(L, a[0], op + 2);
    return err_format(L, EXC_SystemError, "unknown case operation %s", op);
}

/* The outcome of a result (taken over), in the expectation's terms: a
 * new str, or NULL with MemoryError. */
static Obj *nc_outcome(Lang *L, Obj *result, int hex)
{
    if (result != NULL) {
        Obj *r;
        if (hex && int_check(result)) {
            Obj *h = int_to_base_string(L, result, 16, 1, 0);
            r = h ? str_from_format(L, "#%U", h) : NULL;
            obj_xdecref(L, h);
        } else {
            r = obj_repr(L, result);
        }
        obj_decref(L, result);
        return r;
    }
    Obj *e = err_fetch(L);
    if (e == NULL)
        return str_from_cstr(L, "!(no exception)");
    Obj *msg = obj_str(L, e);
    Obj *r = msg ? str_from_format(L, "!%s: %U", obj_type_name(e), msg) : NULL;
    obj_xdecref(L, msg);
    obj_decref(L, e);
    return r;
}

/* Runs case c: 1 if it gave its expected outcome, 0 if not (reported
 * when report), -1 with MemoryError set if memory ran out. */
static int nc_run(Lang *L, const NumCase *c, int report)
{
    Obj *a[3] = {NULL, NULL, NULL};
    int failed = 0;
    for (int i = 0; i < c->nargs; i++)
        failed |= (a[i] = nc_decode(L, c->args[i])) == NULL;
    Obj *result = failed ? NULL : nc_apply(L, c, a);
    for (int i = 0; i < c->nargs; i++)
        obj_xdecref(L, a[i]);
    if (result == NULL && err_matches(L, EXC_MemoryError) && !report)
        return -1;
    Obj *got = nc_outcome(L, result, c->expect[0] == '#');
    if (got == NULL)
        return -1;
    int ok = strcmp(str_data(got), c->expect) == 0;
    if (!ok && report) {
        fprintf(stderr, "  %s(%s%s%s%s%s)\n    got      %.300s\n    expected %.300s\n", c->op,
                c->args[0] ? c->args[0] : "", c->nargs > 1 ? ", " : "", c->nargs > 1 ? c->args[1] : "",
                c->nargs > 2 ? ", " : "", c->nargs > 2 ? c->args[2] : "", str_data(got), c->expect);
    }
    obj_decref(L, got);
    return ok;
}

/* Every case must match and, run a second time (caches such as interned
 * names and one-character strings are warm then), leave no bytes
 * behind. */
static void nc_run_table(const NumCase *cases, size_t n, const char *what)
{
    Lang *L = t_begin();
    int failures = 0, leaks = 0;
    for (size_t i = 0; i < n; i++) {
        if (nc_run(L, &cases[i], 0) < 0)
            err_clear(L);
        size_t before = t_bytes(L->rt);
        int r = nc_run(L, &cases[i], 1);
        if (r != 1) {
            if (r < 0)
                err_clear(L);
            failures++;
        }
        if (t_bytes(L->rt) != before && leaks++ < 10)
            fprintf(stderr, "  case %zu (%s): %zd bytes leaked\n", i, cases[i].op,
                    (intptr_t)(t_bytes(L->rt) - before));
    }
    printf("  %zu %s, %d failed\n", n, what, failures);
    CHECK_EQ(failures, 0);
    CHECK_EQ(leaks, 0);
    t_end(L);
}

/* Every `step`th case, with each of its allocations failing in turn: its
 * outcome or MemoryError, never anything else, nothing leaked. */
static void nc_sweep_table(const NumCase *cases, size_t n, size_t step)
{
    Lang *L = t_begin();
    int bad = 0, leaks = 0, memory_errors = 0;
    for (size_t i = 0; i < n; i += step) {
        const NumCase *c = &cases[i];
        uint64_t before_count = ouro_mem_alloc_count(L->rt);
        if (nc_run(L, c, 0) < 0)
            err_clear(L);
        uint64_t count = ouro_mem_alloc_count(L->rt) - before_count;
        for (uint64_t k = 1; k <= count; k++) {
            size_t before = t_bytes(L->rt);
            ouro_mem_fail_nth(L->rt, k);
            int r = nc_run(L, c, 0);
            ouro_mem_fail_nth(L->rt, 0);
            if (r < 0) {
                if (err_matches(L, EXC_MemoryError)) {
                    memory_errors++;
                } else if (bad++ < 10) {
                    fprintf(stderr, "  %s, allocation %llu: not a MemoryError\n", c->op,
                            (unsigned long long)k);
                }
                err_clear(L);
            } else if (r == 0 && bad++ < 10) {
                fprintf(stderr, "  %s(%.60s), allocation %llu: wrong outcome\n", c->op,
                        c->args[0] ? c->args[0] : "", (unsigned long long)k);
            }
            if (t_bytes(L->rt) != before && leaks++ < 10)
                fprintf(stderr, "  %s, allocation %llu: %zd bytes leaked\n", c->op,
                        (unsigned long long)k, (intptr_t)(t_bytes(L->rt) - before));
        }
    }
    printf("  %d runs ended in MemoryError\n", memory_errors);
    CHECK(memory_errors > 100);
    CHECK_EQ(bad, 0);
    CHECK_EQ(leaks, 0);
    t_end(L);
}

#endif
