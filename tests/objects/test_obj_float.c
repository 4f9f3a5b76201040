/* test_obj_float.c - float against CPython 3.11: the FLOAT_CASES of
 * num_cases.h (repr of special, random and boundary doubles, float()
 * parsing, arithmetic mixed with ints of any size, floor division and
 * modulo signs, pow's special cases, exact comparisons with big ints,
 * hashes, round with and without ndigits, __format__), then the C API,
 * shortest repr round-tripping on many random doubles, subclasses, NaN
 * hashing by identity, and allocation failures. */
#include <float.h>
#include <math.h>

#include "numcase.h"

static void cases_match_cpython(void)
{
    nc_run_table(FLOAT_CASES, sizeof FLOAT_CASES / sizeof FLOAT_CASES[0], "float cases");
}

static void cases_survive_allocation_failures(void)
{
    nc_sweep_table(FLOAT_CASES, sizeof FLOAT_CASES / sizeof FLOAT_CASES[0], CHECK_ASAN ? 61 : 7);
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Significant digits in a repr, from the first non-zero digit to the
 * last ("1.2345e-05" -> 5, "1200.0" -> 2). */
static int significant_digits(const char *s)
{
    int n = 0, last = 0, started = 0;
    for (; *s && *s != 'e'; s++) {
        if (*s < '0' || *s > '9')
            continue;
        started |= *s != '0';
        if (!started)
            continue;
        n++;
        if (*s != '0')
            last = n;
    }
    return last;
}

/* repr(x) reads back as x, has at most 17 significant digits, and no
 * shorter %.*g string reads back (the shortest property), for random
 * bit patterns, subnormals included. */
static void repr_round_trips_and_is_shortest(void)
{
    int bad = 0, count = CHECK_ASAN ? 3000 : 100000;
    for (int i = 0; i < count; i++) {
        uint64_t bits = rng();
        if (i % 10 == 0)
            bits &= 0x000FFFFFFFFFFFFFULL;          /* subnormals */
        double x;
        memcpy(&x, &bits, sizeof x);
        if (!isfinite(x))
            continue;
        char buf[FLOAT_REPR_MAX], shorter[40];
        size_t n = float_repr_cstr(x, buf);
        int digits = significant_digits(buf);
        int ok = n < FLOAT_REPR_MAX && strtod(buf, NULL) == x && digits <= 17;
        if (ok && digits > 1) {
            snprintf(shorter, sizeof shorter, "%.*g", digits - 1, x);
            ok = strtod(shorter, NULL) != x;
        }
        if (!ok && bad++ < 5)
            fprintf(stderr, "  %a: repr %s\n", x, buf);
    }
    CHECK_EQ(bad, 0);
}

static void c_api(void)
{
    Lang *L = t_begin();
    Obj *f = float_from_double(L, 2.5);
    CHECK(f != NULL && float_check(L, f) && float_check_exact(L, f) && float_value(f) == 2.5);
    CHECK(float_as_double(L, f) == 2.5);
    Obj *big = int_from_string(L, "1" "000000000000000000000000000000000000000000000000000000000000000000", 67, 10);
    CHECK(float_as_double(L, big) == 1e66);
    Obj *huge = int_shift_left(L, big, 4000);
    CHECK(float_as_double(L, huge) == -1.0);
    CHECK_EXC(L, EXC_OverflowError, "int too large to convert to float");
    Obj *s = S(L, "2.5");
    CHECK(float_as_double(L, s) == -1.0);
    CHECK_EXC(L, EXC_TypeError, "must be real number, not str");
    Obj *parsed = float_from_string(L, s);
    CHECK(parsed != NULL && float_value(parsed) == 2.5);
    CHECK_REPR_TAKE(L, float_to_text(L, 1234.5678, 'e', 3, FLOAT_SIGN), "'+1.235e+03'");
    CHECK_REPR_TAKE(L, float_to_text(L, -0.0, 'f', 2, FLOAT_NO_NEG_0), "'0.00'");
    CHECK_REPR_TAKE(L, float_to_text(L, INFINITY, 'F', 2, 0), "'INF'");
    CHECK_REPR_TAKE(L, float_to_text(L, 1e16, 'r', 0, FLOAT_ADD_DOT_0), "'1e+16'");
    CHECK_REPR_TAKE(L, float_to_text(L, 1e15, 'r', 0, FLOAT_ADD_DOT_0), "'1000000000000000.0'");
    CHECK_REPR_TAKE(L, float_round_digits(L, 2.675, 2), "2.67");
    CHECK_REPR_TAKE(L, float_round_digits(L, 1.7976931348623157e308, -308), NULL);
    CHECK_EXC(L, EXC_OverflowError, "rounded value too large to represent");
    char buf[FLOAT_REPR_MAX];
    CHECK_EQ(float_repr_cstr(-1.7976931348623157e308, buf), 24);
    CHECK(strcmp(buf, "-1.7976931348623157e+308") == 0);
    CHECK_EQ(float_repr_cstr(-2.2250738585072014e-308, buf), 24);
    CHECK(strcmp(buf, "-2.2250738585072014e-308") == 0);
    /* ints and floats that are equal hash equal */
    Obj *one = float_from_double(L, 1.0);
    CHECK_EQ(obj_hash(L, one), obj_hash(L, L->small_ints[1 - SMALL_INT_MIN]));
    CHECK_EQ(float_hash_double(NULL, 1e300), int_hash(huge) == 0 ? 0 : float_hash_double(NULL, 1e300));
    Obj *objs[] = {f, big, huge, s, parsed, one};
    for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++)
        obj_xdecref(L, objs[i]);
    t_end(L);
}

/* Two NaN objects hash by identity (CPython 3.10+), so a dict can hold
 * both; one NaN hashes the same every time. */
static void nan_hashes_by_identity(void)
{
    Lang *L = t_begin();
    Obj *a = float_from_double(L, NAN), *b = float_from_double(L, NAN);
    intptr_t ha = obj_hash(L, a), hb = obj_hash(L, b);
    CHECK(ha != hb);
    CHECK_EQ(obj_hash(L, a), ha);
    CHECK_EQ(ha, float_hash_double(a, NAN));
    CHECK_EQ(obj_richcompare_bool(L, a, a, CMP_EQ), 1);   /* identity */
    CHECK_REPR_TAKE(L, obj_richcompare(L, a, a, CMP_EQ), "False");
    Obj *d = dict_new(L);
    CHECK(dict_setitem(L, d, a, a) == 0 && dict_setitem(L, d, b, b) == 0);
    CHECK_EQ(dict_size(d), 2);
    obj_decref(L, d);
    obj_decref(L, a);
    obj_decref(L, b);
    t_end(L);
}

static void subclasses(void)
{
    Lang *L = t_begin();
    TypeObject *bases[] = {L->t_float, NULL};
    TypeObject *F = t_class(L, "F", bases, NULL);
    CHECK(F != NULL);
    Obj *s = S(L, " 2.5 ");
    Obj *x = t_call(L, &F->ob, 1, s);
    CHECK(x != NULL && IS_TYPE(x, F) && float_check(L, x) && !float_check_exact(L, x));
    CHECK_REPR_TAKE(L, obj_newref(x), "2.5");
    CHECK_REPR_TAKE(L, obj_binary_op(L, x, L->small_ints[1 - SMALL_INT_MIN], NB_ADD), "3.5");
    Obj *p = obj_positive(L, x);
    CHECK(p != NULL && float_check_exact(L, p));
    obj_xdecref(L, p);
    Obj *fl = t_call(L, &L->t_float->ob, 1, x);
    CHECK(fl != NULL && float_check_exact(L, fl) && float_value(fl) == 2.5);
    obj_xdecref(L, fl);
    CHECK(obj_setattr_str(L, x, "unit", s) == 0);
    obj_xdecref(L, x);
    obj_decref(L, s);
    obj_decref(L, &F->ob);
    t_end(L);
}

#define TRY(x)              \
    do {                    \
        if (!(x))           \
            goto done;      \
    } while (0)

/* Parsing a long literal, formatting with a big precision and grouping,
 * reprs, rounding to tens, big-int comparisons and ratios. */
static int float_workload(Lang *L)
{
    int ok = -1;
    Obj *s = NULL, *f = NULL, *t = NULL, *spec = NULL, *big = NULL;
    char text[700];
    memset(text, '7', sizeof text - 1);
    text[3] = '.';
    text[sizeof text - 1] = '\0';
    TRY(s = S(L, text));
    TRY(f = float_from_string(L, s));
    TRY(spec = S(L, "*^+900,.600f"));
    TRY(t = float_format(L, f, spec));
    obj_clearref(L, &t);
    TRY(t = float_repr(L, f));
    obj_clearref(L, &t);
    TRY(t = float_round_digits(L, 123456.789, -3));
    obj_clearref(L, &t);
    TRY(big = int_from_string(L, "0x20000000000001", 16, 0));
    TRY(t = obj_richcompare(L, f, big, CMP_LT));
    obj_clearref(L, &t);
    TRY(t = obj_call_method_str(L, f, "as_integer_ratio", NULL, 0));
    obj_clearref(L, &t);
    TRY(t = obj_binary_op(L, f, big, NB_FLOOR_DIVIDE));
    ok = 0;
done:
    obj_xdecref(L, s);
    obj_xdecref(L, f);
    obj_xdecref(L, t);
    obj_xdecref(L, spec);
    obj_xdecref(L, big);
    return ok;
}

static void float_work_fails_cleanly(void)
{
    t_fault_sweep(float_workload, 11, 1);
}

int main(void)
{
    RUN(cases_match_cpython);
    RUN(cases_survive_allocation_failures);
    RUN(repr_round_trips_and_is_shortest);
    RUN(c_api);
    RUN(nan_hashes_by_identity);
    RUN(subclasses);
    RUN(float_work_fails_cleanly);
    return check_exit();
}
