/* test_obj_int.c - int of arbitrary precision against CPython 3.11: the
 * INT_CASES of num_cases.h (operators, floor division and modulo grids,
 * shifts and bitwise operators on negatives, powers with and without a
 * modulus, hashes, int() parsing, str() and its digit limit, __format__,
 * round, bool), then the C API (the small-int cache, conversions to and
 * from C numbers and doubles, errors), subclasses, Karatsuba against
 * schoolbook, the digit limit setting, and allocation failures in big-int
 * work. */
#include <float.h>
#include <math.h>

#include "numcase.h"
#include "bignum.h"

static void cases_match_cpython(void)
{
    nc_run_table(INT_CASES, sizeof INT_CASES / sizeof INT_CASES[0], "int cases");
}

static void cases_survive_allocation_failures(void)
{
    nc_sweep_table(INT_CASES, sizeof INT_CASES / sizeof INT_CASES[0], CHECK_ASAN ? 97 : 13);
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

/* An int from decimal or 0x text (aborts the check on failure). */
static Obj *N(Lang *L, const char *text)
{
    Obj *r = int_from_string(L, text, strlen(text), 0);
    CHECK(r != NULL);
    return r;
}

static Obj *op2(Lang *L, Obj *a, Obj *b, int nb)
{
    return obj_binary_op(L, a, b, nb);
}

/* 1 if the int o's decimal text is text; takes over o. */
static int dec_is(Lang *L, Obj *o, const char *text)
{
    if (o == NULL) {
        err_clear(L);
        return 0;
    }
    Obj *s = int_to_decimal_string(L, o);
    int ok = str_is(s, text);
    if (!ok)
        fprintf(stderr, "  got %s, expected %s\n", s ? str_data(s) : "(null)", text);
    obj_xdecref(L, s);
    obj_decref(L, o);
    return ok;
}

/* ------------------------------------------------------------------ */
/* The small-int cache and the word fast path                          */
/* ------------------------------------------------------------------ */

static void small_ints_are_shared_however_made(void)
{
    Lang *L = t_begin();
    for (int64_t v = SMALL_INT_MIN; v <= SMALL_INT_MAX; v++) {
        Obj *o = int_from_i64(L, v);
        CHECK(o == L->small_ints[v - SMALL_INT_MIN]);
        obj_decref(L, o);
    }
    Obj *big = N(L, "0x10000000000000000000000000"), *x;
    /* big - big, big // big, a parsed "-5", a float's int: all cached */
    x = op2(L, big, big, NB_SUBTRACT);
    CHECK(x == L->small_ints[0 - SMALL_INT_MIN]);
    obj_decref(L, x);
    x = op2(L, big, big, NB_FLOOR_DIVIDE);
    CHECK(x == L->small_ints[1 - SMALL_INT_MIN]);
    obj_decref(L, x);
    x = int_from_string(L, " -5 ", 4, 10);
    CHECK(x == L->small_ints[-5 - SMALL_INT_MIN]);
    obj_decref(L, x);
    x = int_from_double(L, 256.9);
    CHECK(x == L->small_ints[256 - SMALL_INT_MIN]);
    obj_decref(L, x);
    x = int_from_u64(L, 7);
    CHECK(x == L->small_ints[7 - SMALL_INT_MIN]);
    obj_decref(L, x);
    /* 257 and -6 are made anew each time */
    Obj *a = int_from_i64(L, 257), *b = int_from_i64(L, 257);
    CHECK(a != b);
    obj_decref(L, a);
    obj_decref(L, b);
    obj_decref(L, big);
    t_end(L);
}

static void word_fast_path_covers_int64(void)
{
    Lang *L = t_begin();
    int64_t vals[] = {0, 1, -1, INT64_MAX, INT64_MIN, 1LL << 62, -(1LL << 62) - 1};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        Obj *o = int_from_i64(L, vals[i]);
        int64_t v = 0;
        /* the compact form: all of int64_t but INT64_MIN (intobject.h) */
        CHECK_EQ(int_is_word(o), vals[i] != INT64_MIN);
        if (vals[i] != INT64_MIN)
            CHECK_EQ(int_word(o), vals[i]);
        CHECK(int_as_i64_exact(o, &v) && v == vals[i]);
        CHECK_EQ(int_as_i64(L, o), vals[i]);
        obj_decref(L, o);
    }
    /* 2**63 and -2**63 - 1 take two words */
    Obj *o = int_from_u64(L, (uint64_t)1 << 63), *m = N(L, "-0x8000000000000001");
    int64_t v;
    CHECK(!int_is_word(o) && !int_as_i64_exact(o, &v));
    CHECK(!int_is_word(m));
    CHECK_EQ(int_as_i64(L, o), -1);
    CHECK_EXC(L, EXC_OverflowError, "Python int too large to convert to C long");
    CHECK_EQ(int_as_ssize(L, m), -1);
    CHECK_EXC(L, EXC_OverflowError, "Python int too large to convert to C ssize_t");
    CHECK(dec_is(L, obj_newref(o), "9223372036854775808"));
    CHECK(dec_is(L, int_from_u64(L, UINT64_MAX), "18446744073709551615"));
    CHECK(dec_is(L, int_from_size(L, SIZE_MAX), "18446744073709551615"));
    /* a word result of a two-word sum is one word again */
    Obj *back = op2(L, o, L->small_ints[-1 - SMALL_INT_MIN], NB_ADD);
    CHECK(back != NULL && int_is_word(back) && int_word(back) == INT64_MAX);
    obj_xdecref(L, back);
    obj_decref(L, o);
    obj_decref(L, m);
    t_end(L);
}

/* ------------------------------------------------------------------ */
/* Conversions                                                         */
/* ------------------------------------------------------------------ */

static void doubles_both_ways(void)
{
    Lang *L = t_begin();
    struct { const char *text; double d; } exact[] = {
        {"0", 0.0}, {"-1", -1.0}, {"9007199254740993", 9007199254740992.0},
        {"9007199254740995", 9007199254740996.0}, {"0x1fffffffffffff", 9007199254740991.0},
        {"0x20000000000001", 9007199254740992.0}, {"0x20000000000003", 9007199254740996.0},
        {"-0x8000000000000000", -9223372036854775808.0},
        {"0x100000000000008000000000000000000000000000000001", 0x1.0000000000001p+188},
    };
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++) {
        Obj *o = N(L, exact[i].text);
        double d = int_as_double(L, o);
        if (d != exact[i].d)
            fprintf(stderr, "  %s -> %.17g\n", exact[i].text, d);
        CHECK(d == exact[i].d);
        obj_decref(L, o);
    }
    /* the largest int below the rounding boundary, and the boundary */
    /* 2**1024 - 2**970 - 1 */
    Obj *top = N(L, "0xfffffffffffffbffffffffffffffffffffffffffffffffffffffffffffff"
                    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
                    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
                    "ffffffffffffffffffffffffffffffffffffffffffffffffffff");
    CHECK(int_as_double(L, top) == DBL_MAX);
    Obj *over = op2(L, top, L->small_ints[1 - SMALL_INT_MIN], NB_ADD);
    CHECK(int_as_double(L, over) == -1.0);
    CHECK_EXC(L, EXC_OverflowError, "int too large to convert to float");
    obj_decref(L, top);
    obj_decref(L, over);
    /* int(float) truncates; infinities and NaN refuse */
    CHECK(dec_is(L, int_from_double(L, 1e300),
                 "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864"
                 "0437044438328838781769425232353604305756447921847867069828483872009265758037378302337947880900593689"
                 "53234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160"));
    CHECK(dec_is(L, int_from_double(L, -2.5), "-2"));
    CHECK(dec_is(L, int_from_double(L, -0.0), "0"));
    CHECK(dec_is(L, int_from_double(L, -9223372036854775808.0), "-9223372036854775808"));
    CHECK(dec_is(L, int_from_double(L, 9223372036854775808.0), "9223372036854775808"));
    CHECK(int_from_double(L, INFINITY) == NULL);
    CHECK_EXC(L, EXC_OverflowError, "cannot convert float infinity to integer");
    CHECK(int_from_double(L, NAN) == NULL);
    CHECK_EXC(L, EXC_ValueError, "cannot convert float NaN to integer");
    t_end(L);
}

static void signs_lengths_and_comparisons(void)
{
    Lang *L = t_begin();
    const char *sorted[] = {"-0x10000000000000000000001", "-0x10000000000000000", "-0x8000000000000001",
                            "-0x8000000000000000", "-1", "0", "1", "0x7fffffffffffffff",
                            "0x8000000000000000", "0xffffffffffffffff", "0x10000000000000000"};
    size_t n = sizeof sorted / sizeof sorted[0];
    Obj *v[16];
    for (size_t i = 0; i < n; i++)
        v[i] = N(L, sorted[i]);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++)
            CHECK_EQ(int_compare(v[i], v[j]), i < j ? -1 : i > j);
        CHECK_EQ(int_sign(v[i]), i < 5 ? -1 : i > 5);
    }
    CHECK_EQ(int_bit_length(v[0]), 89);
    CHECK_EQ(int_bit_length(v[1]), 65);
    CHECK_EQ(int_bit_length(v[3]), 64);
    CHECK_EQ(int_bit_length(v[4]), 1);
    CHECK_EQ(int_bit_length(v[5]), 0);
    CHECK_EQ(int_bit_length(v[9]), 64);
    for (size_t i = 0; i < n; i++)
        obj_decref(L, v[i]);
    /* hashes as CPython's */
    struct { const char *text; intptr_t h; } hashes[] = {
        {"-1", -2}, {"0x1fffffffffffffff", 0}, {"0x2000000000000000", 1},
        {"-0x2000000000000000", -2}, {"0x10000000000000000000000000", 549755813888},
        {"-0x10000000000000000", -8},
    };
    for (size_t i = 0; i < sizeof hashes / sizeof hashes[0]; i++) {
        Obj *o = N(L, hashes[i].text);
        CHECK_EQ(int_hash(o), hashes[i].h);
        CHECK_EQ(obj_hash(L, o), hashes[i].h);
        obj_decref(L, o);
    }
    t_end(L);
}

static void text_conversions(void)
{
    Lang *L = t_begin();
    Obj *o = N(L, "-0xdeadbeefcafebabe1234");
    Obj *s = int_to_base_string(L, o, 16, 1, 1);
    CHECK(str_is(s, "-0xDEADBEEFCAFEBABE1234"));
    obj_decref(L, s);
    s = int_to_base_string(L, o, 8, 1, 0);
    CHECK(str_is(s, "-0o336533373576257727257411064"));
    obj_decref(L, s);
    s = int_to_base_string(L, o, 2, 0, 0);
    CHECK(str_is(s, "-11011110101011011011111011101111110010101111111010111010101111100001001000110100"));
    obj_decref(L, s);
    s = int_repr(L, o);
    CHECK(str_is(s, "-1051570404360395033547316"));
    obj_decref(L, s);
    obj_decref(L, o);
    /* the limit: 4300 digits by default, none at 0 */
    CHECK_EQ(L->int_max_str_digits, INT_DEFAULT_MAX_STR_DIGITS);
    Obj *ten = int_from_i64(L, 10), *e = int_from_i64(L, 5000);
    Obj *big = op2(L, ten, e, NB_POWER);
    CHECK(int_to_decimal_string(L, big) == NULL);
    CHECK_EXC(L, EXC_ValueError, "Exceeds the limit (4300 digits) for integer string conversion; "
                                 "use sys.set_int_max_str_digits() to increase the limit");
    L->int_max_str_digits = 0;
    s = int_to_decimal_string(L, big);
    CHECK(s != NULL && str_nbytes(s) == 5001 && str_data(s)[0] == '1');
    Obj *back = s ? int_from_string(L, str_data(s), str_nbytes(s), 10) : NULL;
    CHECK(back != NULL && int_compare(back, big) == 0);
    obj_xdecref(L, back);
    obj_xdecref(L, s);
    L->int_max_str_digits = 4999;
    CHECK(int_to_decimal_string(L, big) == NULL);
    CHECK_EXC(L, EXC_ValueError, "Exceeds the limit (4999 digits) for integer string conversion; "
                                 "use sys.set_int_max_str_digits() to increase the limit");
    L->int_max_str_digits = INT_DEFAULT_MAX_STR_DIGITS;
    obj_decref(L, big);
    obj_decref(L, ten);
    obj_decref(L, e);
    CHECK(int_from_string(L, "1", 1, 1) == NULL);
    CHECK_EXC(L, EXC_ValueError, "int() arg 2 must be >= 2 and <= 36");
    t_end(L);
}

/* ------------------------------------------------------------------ */
/* Bool and subclasses                                                 */
/* ------------------------------------------------------------------ */

static void bool_is_a_one_word_int(void)
{
    Lang *L = t_begin();
    CHECK(int_check(L->true_) && int_is_word(L->true_) && int_word(L->true_) == 1);
    CHECK(int_is_word(L->false_) && int_word(L->false_) == 0);
    CHECK_EQ(int_hash(L->true_), 1);
    CHECK_REPR_TAKE(L, op2(L, L->true_, L->true_, NB_ADD), "2");
    CHECK_REPR_TAKE(L, op2(L, L->true_, L->false_, NB_OR), "True");
    CHECK_REPR_TAKE(L, op2(L, L->true_, L->small_ints[3 - SMALL_INT_MIN], NB_XOR), "2");
    CHECK_REPR_TAKE(L, obj_negative(L, L->true_), "-1");
    CHECK_REPR_TAKE(L, obj_positive(L, L->true_), "1");
    Obj *t = obj_positive(L, L->true_);
    CHECK(t == L->small_ints[1 - SMALL_INT_MIN]);
    obj_xdecref(L, t);
    t_end(L);
}

static void subclasses_give_exact_results(void)
{
    Lang *L = t_begin();
    TypeObject *bases[] = {L->t_int, NULL};
    TypeObject *MyInt = t_class(L, "MyInt", bases, NULL);
    CHECK(MyInt != NULL);
    Obj *big = N(L, "0x123456789abcdef0123456789abcdef");
    Obj *m = t_call(L, &MyInt->ob, 1, big);
    CHECK(m != NULL && IS_TYPE(m, MyInt) && int_compare(m, big) == 0);
    CHECK_EQ(int_hash(m), int_hash(big));
    CHECK_REPR_TAKE(L, obj_newref(m), "1512366075204170929049582354406559215");
    Obj *r = op2(L, m, L->small_ints[1 - SMALL_INT_MIN], NB_ADD);
    CHECK(r != NULL && int_check_exact(L, r));
    CHECK(dec_is(L, r, "1512366075204170929049582354406559216"));
    r = obj_positive(L, m);
    CHECK(r != NULL && int_check_exact(L, r));
    obj_xdecref(L, r);
    r = t_call(L, &L->t_int->ob, 1, m);
    CHECK(r != NULL && int_check_exact(L, r));
    obj_xdecref(L, r);
    /* attributes live after the words */
    CHECK(obj_setattr_str(L, m, "tag", big) == 0);
    Obj *tag = obj_getattr_str(L, m, "tag");
    CHECK(tag == big);
    obj_xdecref(L, tag);
    obj_xdecref(L, m);
    obj_decref(L, big);
    obj_decref(L, &MyInt->ob);
    t_end(L);
}

static void sizes_in_memory(void)
{
    Lang *L = t_begin();
    struct { const char *text; int64_t size; } sizes[] = {
        {"0", 24}, {"1", 24}, {"-0x7fffffffffffffff", 24}, {"0x7fffffffffffffff", 24},
        {"-0x8000000000000000", 40}, {"0x8000000000000000", 48},
        {"0x7fffffffffffffffffffffffffffffff", 48}, {"0x80000000000000000000000000000000", 56},
    };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        Obj *o = N(L, sizes[i].text);
        Obj *s = obj_call_method_str(L, o, "__sizeof__", NULL, 0);
        int64_t v = s ? int_as_i64(L, s) : -1;
        CHECK_EQ(v, sizes[i].size);
        CHECK_EQ(ouro_object_size(o), sizes[i].size);
        obj_xdecref(L, s);
        obj_decref(L, o);
    }
    t_end(L);
}

/* ------------------------------------------------------------------ */
/* Big multiplication and division                                     */
/* ------------------------------------------------------------------ */

static uint64_t rng_state = 88172645463325252ULL;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Karatsuba (from BN_KARATSUBA_CUTOFF words) against the schoolbook
 * product, balanced and lopsided, then division undoing the product. */
static void karatsuba_matches_schoolbook(void)
{
    size_t sizes[][2] = {{40, 40}, {41, 40}, {79, 40}, {80, 40}, {81, 40}, {100, 77},
                         {300, 299}, {1000, 45}, {513, 257}};
    int bad = 0;
    for (size_t t = 0; t < sizeof sizes / sizeof sizes[0]; t++) {
        size_t na = sizes[t][0], nb = sizes[t][1];
        bn_word *a = calloc(na, 8), *b = calloc(nb, 8), *r1 = calloc(na + nb, 8),
                *r2 = calloc(na + nb, 8), *sc = calloc(bn_mul_scratch(na, nb) + 1, 8),
                *q = calloc(na + 1, 8), *rem = calloc(nb, 8),
                *dsc = calloc(bn_divmod_scratch(na + nb, nb), 8);
        for (size_t i = 0; i < na; i++)
            a[i] = t % 3 == 0 ? ~(bn_word)0 : rng();
        for (size_t i = 0; i < nb; i++)
            b[i] = t % 3 == 0 ? ~(bn_word)0 : rng();
        b[nb - 1] |= 1;
        bn_mul(r1, a, na, b, nb, sc);
        memset(r2, 0, (na + nb) * 8);
        for (size_t j = 0; j < nb; j++)
            r2[j + na] = bn_addmul_1(r2 + j, a, na, b[j]);
        bad += memcmp(r1, r2, (na + nb) * 8) != 0;
        size_t np = bn_norm(r1, na + nb);
        bn_divmod(q, rem, r1, np, b, nb, dsc);
        bad += memcmp(q, a, na * 8) != 0 || bn_norm(rem, nb) != 0;
        free(a); free(b); free(r1); free(r2); free(sc); free(q); free(rem); free(dsc);
    }
    CHECK_EQ(bad, 0);
}

/* (a * b + r) // b == a and % b == r for random big a, b, r < b. */
static void division_undoes_multiplication(void)
{
    Lang *L = t_begin();
    int bad = 0;
    for (int round = 0; round < 60; round++) {
        char buf[3][600];
        size_t lens[3] = {(size_t)(1 + rng() % 120), (size_t)(1 + rng() % 60), 0};
        for (int k = 0; k < 2; k++) {
            buf[k][0] = '0';
            buf[k][1] = 'x';
            for (size_t i = 0; i < lens[k]; i++)
                buf[k][2 + i] = "0123456789abcdef"[rng() % 16];
            buf[k][2 + lens[k]] = '\0';
            buf[k][2] = buf[k][2] == '0' ? '7' : buf[k][2];
        }
        Obj *a = N(L, buf[0]), *b = N(L, buf[1]);
        if (round % 2) {
            Obj *na = obj_negative(L, a);
            obj_decref(L, a);
            a = na;
        }
        Obj *r = op2(L, a, b, NB_REMAINDER);
        Obj *p = op2(L, a, b, NB_MULTIPLY);
        Obj *pr = op2(L, p, r, NB_ADD);
        Obj *q = op2(L, pr, b, NB_FLOOR_DIVIDE), *m = op2(L, pr, b, NB_REMAINDER);
        bad += int_compare(q, a) != 0 || int_compare(m, r) != 0;
        Obj *objs[] = {a, b, r, p, pr, q, m};
        for (size_t i = 0; i < 7; i++)
            obj_decref(L, objs[i]);
    }
    CHECK_EQ(bad, 0);
    t_end(L);
}

/* ------------------------------------------------------------------ */
/* Allocation failures in big-int work                                 */
/* ------------------------------------------------------------------ */

#define TRY(x)              \
    do {                    \
        if (!(x))           \
            goto done;      \
    } while (0)

/* 300!, its digits and back, divmod, a modular power and an inverse, a
 * shift, bitwise operators on negatives, a grouped format: 0 or -1 with
 * an exception. */
static int big_workload(Lang *L)
{
    int ok = -1;
    Obj *f = NULL, *i = NULL, *t = NULL, *s = NULL, *q = NULL, *r = NULL, *spec = NULL;
    TRY(f = int_from_i64(L, 1));
    for (int64_t k = 2; k <= 300; k++) {
        TRY(i = int_from_i64(L, k));
        TRY(t = op2(L, f, i, NB_MULTIPLY));
        obj_setref(L, &f, t);
        t = NULL;
        obj_clearref(L, &i);
    }
    TRY(s = int_to_decimal_string(L, f));
    TRY(t = int_from_string(L, str_data(s), str_nbytes(s), 10));
    TRY(int_compare(t, f) == 0);
    obj_clearref(L, &t);
    TRY(i = int_from_string(L, "-123456789012345678901234567890123", 34, 10));
    TRY(int_divmod(L, f, i, &q, &r) == 0);
    TRY(t = int_from_i64(L, 65537));
    obj_setref(L, &t, obj_power3(L, f, t, i));
    TRY(t);
    obj_clearref(L, &t);
    TRY(t = int_shift_left(L, i, 1000));
    obj_clearref(L, &q);
    TRY(q = op2(L, t, i, NB_XOR));
    obj_clearref(L, &t);
    TRY(t = obj_invert(L, q));
    obj_clearref(L, &t);
    TRY(spec = str_from_cstr(L, "_x"));
    TRY(t = int_format(L, f, spec));
    obj_clearref(L, &t);
    TRY(t = op2(L, i, f, NB_TRUE_DIVIDE));
    ok = 0;
done:
    obj_xdecref(L, f);
    obj_xdecref(L, i);
    obj_xdecref(L, t);
    obj_xdecref(L, s);
    obj_xdecref(L, q);
    obj_xdecref(L, r);
    obj_xdecref(L, spec);
    return ok;
}

static void big_int_work_fails_cleanly(void)
{
    t_fault_sweep(big_workload, 301, CHECK_ASAN ? 7 : 1);
}

int main(void)
{
    RUN(cases_match_cpython);
    RUN(cases_survive_allocation_failures);
    RUN(small_ints_are_shared_however_made);
    RUN(word_fast_path_covers_int64);
    RUN(doubles_both_ways);
    RUN(signs_lengths_and_comparisons);
    RUN(text_conversions);
    RUN(bool_is_a_one_word_int);
    RUN(subclasses_give_exact_results);
    RUN(sizes_in_memory);
    RUN(karatsuba_matches_schoolbook);
    RUN(division_undoes_multiplication);
    RUN(big_int_work_fails_cleanly);
    return check_exit();
}
