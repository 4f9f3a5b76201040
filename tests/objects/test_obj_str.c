/* test_obj_str.c - str: UTF-8 with cached length and ASCII flag, hashing,
 * interning (mortal), repr quoting as CPython 3.11, indexing and slicing
 * (with the index cache of non-ASCII text), methods, the printf-style
 * formats of str_from_format, and in-place concatenation (str +=): its
 * results, when it may and may not reuse the left string, its linear cost
 * and its failures. The CPython comparisons case by case are in
 * test_obj_str_cases.c, the Unicode tables in test_obj_str_unicode.c. */
#include "objtest.h"
#include "strimpl.h"

static void creation_and_flags(void)
{
    Lang *L = t_begin();
    Obj *a = S(L, "hello"), *u = S(L, "h\xc3\xa9llo \xf0\x9f\x98\x80");
    CHECK(str_is_ascii(a) && !str_is_ascii(u));
    CHECK_EQ(str_length(a), 5);
    CHECK_EQ(str_length(u), 7);
    CHECK_EQ(str_nbytes(u), 11);
    CHECK_EQ(obj_length(L, u), 7);
    CHECK(str_from_utf8(L, "\xff", 1) == NULL);
    CHECK_EXC(L, EXC_UnicodeDecodeError, "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte");
    CHECK(str_from_utf8(L, "ab\xc3", 3) == NULL);
    CHECK_EXC(L, EXC_UnicodeDecodeError, "'utf-8' codec can't decode byte 0xc3 in position 2: unexpected end of data");
    CHECK(str_from_utf8(L, "\xed\xa0\x80", 3) == NULL);      /* a surrogate */
    err_clear(L);
    Obj *e = S(L, "");
    CHECK(e == L->empty_str);
    Obj *c1 = S(L, "x"), *c2 = str_from_codepoint(L, 'x');
    CHECK(c1 == c2);      /* one-character ASCII strings are cached */
    obj_decref(L, c1);
    obj_decref(L, c2);
    obj_decref(L, e);
    obj_decref(L, a);
    obj_decref(L, u);
    t_end(L);
}

static void hash_equality_and_interning(void)
{
    Lang *L = t_begin();
    Obj *a = S(L, "spam_eggs"), *b = S(L, "spam_eggs");
    CHECK(a != b);
    CHECK(str_hash(a) == str_hash(b) && str_hash(a) != -1);
    CHECK(str_equal(a, b));
    CHECK_EQ(obj_richcompare_bool(L, a, b, CMP_EQ), 1);
    Obj *ia = str_intern_take(L, obj_newref(a)), *ib = str_intern_take(L, obj_newref(b));
    CHECK(ia == a && ib == a);
    CHECK(str_is_interned(a) && !str_is_interned(b));
    CHECK(str_find_interned(L, b) == a);
    obj_decref(L, ia);
    obj_decref(L, ib);
    /* Interning is mortal: a dying interned string leaves the table. */
    obj_decref(L, a);
    CHECK(str_find_interned(L, b) == NULL);
    obj_decref(L, b);
    /* Ordering is by code point. */
    Obj *x = S(L, "abc"), *y = S(L, "abd"), *z = S(L, "ab\xc3\xa9");
    CHECK_EQ(obj_richcompare_bool(L, x, y, CMP_LT), 1);
    CHECK_EQ(obj_richcompare_bool(L, y, z, CMP_LT), 1);
    CHECK_EQ(obj_richcompare_bool(L, x, x, CMP_GE), 1);
    Obj *one = I(L, 1);
    CHECK(obj_richcompare(L, x, one, CMP_LT) == NULL);
    CHECK_EXC(L, EXC_TypeError, "'<' not supported between instances of 'str' and 'int'");
    CHECK_EQ(obj_richcompare_bool(L, x, one, CMP_EQ), 0);
    obj_decref(L, one);
    obj_decref(L, x);
    obj_decref(L, y);
    obj_decref(L, z);
    t_end(L);
}

static void repr_quoting(void)
{
    Lang *L = t_begin();
    /* expectations printed by CPython 3.11 */
    CHECK_REPR_TAKE(L, S(L, "a'b\"c"), "'a\\'b\"c'");
    CHECK_REPR_TAKE(L, S(L, "a'b"), "\"a'b\"");
    CHECK_REPR_TAKE(L, S(L, "\""), "'\"'");
    CHECK_REPR_TAKE(L, str_from_utf8(L, "\n\0\x7f\xc3\xa9\xe2\x80\xa8", 8), "'\\n\\x00\\x7f\xc3\xa9\\u2028'");
    CHECK_REPR_TAKE(L, S(L, "\t\r\\"), "'\\t\\r\\\\'");
    CHECK_REPR_TAKE(L, S(L, "\xf0\x9f\x98\x80"), "'\xf0\x9f\x98\x80'");
    CHECK_REPR_TAKE(L, S(L, "\xf3\xa0\x80\x81"), "'\\U000e0001'");
    CHECK_REPR_TAKE(L, S(L, "\xc2\x80\xc2\xad\xc2\xa0"), "'\\x80\\xad\\xa0'");
    t_end(L);
}

static void indexing_slicing_iteration(void)
{
    Lang *L = t_begin();
    Obj *s = S(L, "h\xc3\xa9llo");
    Obj *one = I(L, 1), *m1 = I(L, -1), *ten = I(L, 10), *four = I(L, 4), *two = I(L, 2);
    CHECK_REPR_TAKE(L, obj_getitem(L, s, one), "'\xc3\xa9'");
    CHECK_REPR_TAKE(L, obj_getitem(L, s, m1), "'o'");
    CHECK(obj_getitem(L, s, ten) == NULL);
    CHECK_EXC(L, EXC_IndexError, "string index out of range");
    CHECK(obj_getitem(L, s, s) == NULL);
    CHECK_EXC(L, EXC_TypeError, "string indices must be integers, not 'str'");
    CHECK(obj_getitem(L, s, L->empty_tuple) == NULL);
    CHECK_EXC(L, EXC_TypeError, "string indices must be integers, not 'tuple'");
    Obj *sl = slice_new(L, one, four, NULL);
    CHECK_REPR_TAKE(L, obj_getitem(L, s, sl), "'\xc3\xa9ll'");
    CHECK_REPR_TAKE(L, obj_newref(sl), "slice(1, 4, None)");
    obj_decref(L, sl);
    sl = slice_new(L, NULL, NULL, m1);
    CHECK_REPR_TAKE(L, obj_getitem(L, s, sl), "'oll\xc3\xa9h'");
    obj_decref(L, sl);
    sl = slice_new(L, NULL, NULL, two);
    CHECK_REPR_TAKE(L, obj_getitem(L, s, sl), "'hlo'");
    obj_decref(L, sl);
    Obj *it = obj_iter(L, s);
    int n = 0;
    Obj *c;
    while ((c = obj_next(L, it)) != NULL) {
        n++;
        CHECK_EQ(str_length(c), 1);
        obj_decref(L, c);
    }
    CHECK_EQ(n, 5);
    obj_decref(L, it);
    CHECK_REPR_TAKE(L, obj_binary_op(L, s, s, NB_ADD), "'h\xc3\xa9lloh\xc3\xa9llo'");
    CHECK_REPR_TAKE(L, obj_binary_op(L, two, s, NB_MULTIPLY), "'h\xc3\xa9lloh\xc3\xa9llo'");
    CHECK(obj_binary_op(L, s, one, NB_ADD) == NULL);
    CHECK_EXC(L, EXC_TypeError, "can only concatenate str (not \"int\") to str");
    CHECK(obj_binary_op(L, s, s, NB_MULTIPLY) == NULL);
    CHECK_EXC(L, EXC_TypeError, "can't multiply sequence by non-int of type 'str'");
    CHECK(obj_binary_op(L, one, s, NB_ADD) == NULL);
    CHECK_EXC(L, EXC_TypeError, "unsupported operand type(s) for +: 'int' and 'str'");
    Obj *ll = S(L, "ll");
    CHECK_EQ(obj_contains(L, s, ll), 1);
    CHECK_EQ(obj_contains(L, s, one), -1);
    CHECK_EXC(L, EXC_TypeError, "'in <string>' requires string as left operand, not int");
    obj_decref(L, ll);
    obj_decref(L, one);
    obj_decref(L, m1);
    obj_decref(L, ten);
    obj_decref(L, four);
    obj_decref(L, two);
    obj_decref(L, s);
    t_end(L);
}

/* s.name(*args) with args taken; repr of the result checked. */
#define CHECK_METHOD(L, s, name, expected, ...)                                             \
    do {                                                                                    \
        Obj *margs_[] = {__VA_ARGS__};                                                      \
        size_t mn_ = sizeof margs_ / sizeof margs_[0] - 1;                                  \
        CHECK_REPR_TAKE(L, obj_call_method_str(L, s, name, margs_, mn_), expected);         \
        for (size_t k_ = 0; k_ < mn_; k_++)                                                 \
            obj_decref(L, margs_[k_]);                                                      \
    } while (0)

static void methods(void)
{
    Lang *L = t_begin();
    Obj *s = S(L, "abcabc"), *u = S(L, "h\xc3\xa9llo"), *sp = S(L, "  hi  "), *x = S(L, "x");
    CHECK_METHOD(L, x, "join", "'axb'", TT(L, 2, S(L, "a"), S(L, "b")), NULL);
    CHECK_METHOD(L, s, "find", "2", S(L, "c"), NULL);
    CHECK_METHOD(L, s, "rfind", "5", S(L, "c"), NULL);
    CHECK_METHOD(L, u, "find", "2", S(L, "l"), NULL);
    CHECK_METHOD(L, s, "find", "5", S(L, "c"), I(L, 3), NULL);
    CHECK_METHOD(L, s, "find", "-1", S(L, "z"), NULL);
    CHECK_METHOD(L, s, "count", "2", S(L, "bc"), NULL);
    CHECK_METHOD(L, s, "count", "7", S(L, ""), NULL);
    CHECK_METHOD(L, sp, "strip", "'hi'", NULL);
    CHECK_METHOD(L, sp, "lstrip", "'hi  '", NULL);
    CHECK_METHOD(L, s, "strip", "'bcab'", S(L, "ac"), NULL);
    CHECK_METHOD(L, s, "replace", "'aXcabc'", S(L, "b"), S(L, "X"), I(L, 1), NULL);
    CHECK_METHOD(L, x, "replace", "'-x-'", S(L, ""), S(L, "-"), NULL);
    CHECK_METHOD(L, s, "upper", "'ABCABC'", NULL);
    CHECK_METHOD(L, s, "startswith", "True", TT(L, 2, S(L, "x"), S(L, "ab")), NULL);
    CHECK_METHOD(L, s, "endswith", "False", S(L, "bc"), I(L, 0), I(L, 2), NULL);
    CHECK_METHOD(L, s, "index", NULL, S(L, "z"), NULL);
    CHECK_EXC(L, EXC_ValueError, "substring not found");
    CHECK_METHOD(L, x, "join", NULL, TT(L, 2, S(L, "a"), I(L, 3)), NULL);
    CHECK_EXC(L, EXC_TypeError, "sequence item 1: expected str instance, int found");
    CHECK_METHOD(L, s, "isdigit", "False", NULL);
    CHECK_METHOD(L, s, "upper", NULL, I(L, 1), NULL);
    CHECK_EXC(L, EXC_TypeError, "str.upper() takes no arguments (1 given)");
    CHECK_METHOD(L, s, "join", NULL, NULL);
    CHECK_EXC(L, EXC_TypeError, "str.join() takes exactly one argument (0 given)");
    obj_decref(L, s);
    obj_decref(L, u);
    obj_decref(L, sp);
    obj_decref(L, x);
    t_end(L);
}

static void formats(void)
{
    Lang *L = t_begin();
    Obj *s = S(L, "x'y"), *one = I(L, 1);
    CHECK_REPR_TAKE(L, str_from_format(L, "%s|%d|%zd|%zu|%c|%%|%U|%R|%S|%T|%N|%.3s|%lld", "ab", -3,
                                       (intptr_t)-4, (size_t)5, 0xe9, s, s, one, s, L->t_int, "abcdef",
                                       (long long)1 << 40),
                    "'ab|-3|-4|5|\xc3\xa9|%|x\\'y|\"x\\'y\"|1|str|int|abc|1099511627776'");
    obj_decref(L, s);
    obj_decref(L, one);
    /* The builder grows far past its first block. */
    StrBuilder sb;
    sb_init(L, &sb);
    for (int i = 0; i < 10000; i++)
        sb_append(&sb, "0123456789", 10);
    Obj *big = sb_finish(&sb);
    CHECK(big != NULL && str_length(big) == 100000 && str_is_ascii(big));
    obj_xdecref(L, big);
    t_end(L);
}

static void int_parsing_and_arithmetic(void)
{
    Lang *L = t_begin();
    Obj *s = S(L, "  0x_1f "), *zero = I(L, 0), *base = I(L, 0);
    CHECK_REPR_TAKE(L, t_call(L, &L->t_int->ob, 2, s, base), "31");
    obj_decref(L, s);
    s = S(L, "010");
    CHECK(t_call(L, &L->t_int->ob, 2, s, base) == NULL);
    CHECK_EXC(L, EXC_ValueError, "invalid literal for int() with base 0: '010'");
    obj_decref(L, s);
    s = S(L, "1__0");
    CHECK(t_call(L, &L->t_int->ob, 1, s) == NULL);
    CHECK_EXC(L, EXC_ValueError, "invalid literal for int() with base 10: '1__0'");
    obj_decref(L, s);
    s = S(L, "-1_000");
    CHECK_REPR_TAKE(L, t_call(L, &L->t_int->ob, 1, s), "-1000");
    CHECK(t_call(L, &L->t_int->ob, 1, L->none) == NULL);
    CHECK_EXC(L, EXC_TypeError, "int() argument must be a string, a bytes-like object or a real number, not 'NoneType'");
    CHECK(t_call(L, &L->t_int->ob, 2, zero, base) == NULL);
    CHECK_EXC(L, EXC_TypeError, "int() can't convert non-string with explicit base");
    obj_decref(L, s);
    Obj *seven = I(L, 7), *m2 = I(L, -2), *big = I(L, INT64_MAX);
    CHECK_REPR_TAKE(L, obj_binary_op(L, seven, m2, NB_FLOOR_DIVIDE), "-4");
    CHECK_REPR_TAKE(L, obj_binary_op(L, seven, m2, NB_REMAINDER), "-1");
    CHECK_REPR_TAKE(L, obj_binary_op(L, m2, seven, NB_POWER), "-128");
    CHECK_REPR_TAKE(L, obj_binary_op(L, seven, zero, NB_FLOOR_DIVIDE), NULL);
    CHECK_EXC(L, EXC_ZeroDivisionError, "integer division or modulo by zero");
    CHECK_REPR_TAKE(L, obj_binary_op(L, seven, zero, NB_REMAINDER), NULL);
    CHECK_EXC(L, EXC_ZeroDivisionError, "integer modulo by zero");
    CHECK_REPR_TAKE(L, obj_binary_op(L, big, seven, NB_ADD), "9223372036854775814");
    CHECK_REPR_TAKE(L, obj_power3(L, seven, seven, m2), "-1");
    CHECK_REPR_TAKE(L, obj_binary_op(L, L->true_, L->true_, NB_ADD), "2");
    CHECK_REPR_TAKE(L, obj_binary_op(L, L->true_, L->false_, NB_AND), "False");
    CHECK_REPR_TAKE(L, obj_invert(L, L->true_), "-2");
    CHECK_REPR_TAKE(L, obj_negative(L, L->none), NULL);
    CHECK_EXC(L, EXC_TypeError, "bad operand type for unary -: 'NoneType'");
    CHECK_REPR_TAKE(L, obj_absolute(L, L->none), NULL);
    CHECK_EXC(L, EXC_TypeError, "bad operand type for abs(): 'NoneType'");
    CHECK_REPR_TAKE(L, obj_binary_op(L, seven, L->none, NB_POWER), NULL);
    CHECK_EXC(L, EXC_TypeError, "unsupported operand type(s) for ** or pow(): 'int' and 'NoneType'");
    CHECK_REPR_TAKE(L, obj_inplace_op(L, seven, L->none, NB_ADD), NULL);
    CHECK_EXC(L, EXC_TypeError, "unsupported operand type(s) for +=: 'int' and 'NoneType'");
    /* hash(int) is CPython's */
    Obj *p61 = I(L, (int64_t)1 << 61), *n61 = I(L, -((int64_t)1 << 61)), *m1 = I(L, -1);
    CHECK_EQ(obj_hash(L, p61), 1);
    CHECK_EQ(obj_hash(L, n61), -2);
    CHECK_EQ(obj_hash(L, m1), -2);
    obj_decref(L, p61);
    obj_decref(L, n61);
    obj_decref(L, m1);
    obj_decref(L, seven);
    obj_decref(L, m2);
    obj_decref(L, big);
    obj_decref(L, zero);
    obj_decref(L, base);
    t_end(L);
}


/* A fresh string nobody else holds (count 1), unlike S() of one
 * character (cached) or "". */
static Obj *fresh(Lang *L, const char *text)
{
    return str_from_utf8(L, text, strlen(text));
}

static void concat_in_place(void)
{
    Lang *L = t_begin();
    Obj *cd = S(L, "cd"), *e_acute = S(L, "\xc3\xa9\xf0\x9f\x92\xa9");
    /* Appended in place: same text as a + b, flags and hash right. */
    Obj *s = fresh(L, "ab");
    str_hash(s);
    CHECK_EQ(str_concat_inplace(L, &s, cd), 0);
    CHECK(str_is(s, "abcd") && str_length(s) == 4 && str_is_ascii(s));
    Obj *same = fresh(L, "abcd");
    CHECK(str_hash(s) == str_hash(same) && str_equal(s, same));
    obj_decref(L, same);
    CHECK_EQ(str_concat_inplace(L, &s, e_acute), 0);
    CHECK(str_is(s, "abcd\xc3\xa9\xf0\x9f\x92\xa9") && str_length(s) == 6 && !str_is_ascii(s));
    CHECK_EQ(str_nbytes(s), 10);
    CHECK_EQ(str_codepoint_at(L, s, 5), 0x1F4A9);
    CHECK_REPR_TAKE(L, obj_newref(s), "'abcd\xc3\xa9\xf0\x9f\x92\xa9'");
    /* A string with spare room still compares, hashes, slices as text. */
    Obj *copy = str_from_utf8(L, str_data(s), str_nbytes(s));
    CHECK(str_equal(s, copy) && str_hash(s) == str_hash(copy) && str_compare(s, copy) == 0);
    CHECK_REPR_TAKE(L, str_substring(L, s, 3, 5), "'d\xc3\xa9'");
    obj_decref(L, copy);
    /* Shared: the left string is left alone. */
    Obj *keep = obj_newref(s), *before = s;
    CHECK_EQ(str_concat_inplace(L, &s, cd), 0);
    CHECK(s != before && str_is(keep, "abcd\xc3\xa9\xf0\x9f\x92\xa9"));
    CHECK(str_is(s, "abcd\xc3\xa9\xf0\x9f\x92\xa9" "cd"));
    obj_decref(L, keep);
    obj_decref(L, s);
    /* Interned: never changed in place. */
    s = str_intern_take(L, fresh(L, "interned_left"));
    before = s;
    CHECK_EQ(str_concat_inplace(L, &s, cd), 0);
    CHECK(s != before && str_is(s, "interned_leftcd"));
    obj_decref(L, s);
    /* "" += t gives t itself; s += "" gives s itself. */
    s = obj_newref(L->empty_str);
    CHECK_EQ(str_concat_inplace(L, &s, cd), 0);
    CHECK(s == cd);
    CHECK_EQ(str_concat_inplace(L, &s, L->empty_str), 0);
    CHECK(s == cd);
    obj_decref(L, s);
    obj_decref(L, cd);
    obj_decref(L, e_acute);
    t_end(L);
}

/* Building a long string piece by piece costs O(log n) reallocations and
 * O(n) bytes copied (each reallocation may copy the whole string). */
static void concat_in_place_is_linear(void)
{
    Lang *L = t_begin();
    const size_t n = CHECK_ASAN ? 100000 : 1000000;
    Obj *x = S(L, "x"), *e = S(L, "\xc3\xa9");
    Obj *s = fresh(L, "start");
    uint64_t allocs = ouro_mem_alloc_count(L->rt);
    size_t copied = 0, size = ouro_object_size(s);
    for (size_t i = 0; i < n && s != NULL; i++) {
        str_concat_inplace(L, &s, (i % 1000 == 999) ? e : x);
        if (s != NULL && ouro_object_size(s) != size) {
            copied += size;
            size = ouro_object_size(s);
        }
    }
    allocs = ouro_mem_alloc_count(L->rt) - allocs;
    CHECK(s != NULL);
    CHECK_EQ(str_length(s), (intptr_t)n + 5);
    CHECK_EQ(str_nbytes(s), n + 5 + n / 1000);
    CHECK(allocs < 100);
    CHECK(copied < 6 * n);
    /* The spare room is at most a quarter (plus a few bytes). */
    CHECK(ouro_object_size(s) < str_nbytes(s) + str_nbytes(s) / 4 + 128);
    CHECK_EQ(str_codepoint_at(L, s, 5 + 999), 0xE9);
    CHECK_EQ(str_codepoint_at(L, s, (intptr_t)n + 4), 0xE9);
    Obj *count = obj_call_method_str(L, s, "count", &e, 1);
    CHECK_REPR_TAKE(L, count, CHECK_ASAN ? "100" : "1000");
    obj_xdecref(L, s);
    obj_decref(L, x);
    obj_decref(L, e);
    t_end(L);
}

/* An append that cannot get memory: -1, MemoryError, *left released and
 * NULL, nothing leaked. */
static void concat_in_place_failures(void)
{
    Lang *L = t_begin();
    Obj *piece = fresh(L, "0123456789abcdef0123456789abcdef0123456789abcdef");
    int failures = 0;
    for (uint64_t k = 1; k <= 4; k++) {
        size_t before = t_bytes(L->rt);
        Obj *s = fresh(L, "left");
        for (int i = 0; i < 40 && s != NULL; i++) {
            if (i == 20)
                ouro_mem_fail_nth(L->rt, k);
            if (str_concat_inplace(L, &s, piece) < 0) {
                CHECK(s == NULL && err_matches(L, EXC_MemoryError));
                err_clear(L);
                failures++;
            }
        }
        ouro_mem_fail_nth(L->rt, 0);
        obj_xdecref(L, s);
        CHECK_EQ(t_bytes(L->rt), before);
    }
    CHECK(failures > 0);
    obj_decref(L, piece);
    t_end(L);
}

/* Indexing non-ASCII text forwards, backwards and at random gives the
 * characters a decoding walk gives (the index cache never goes stale,
 * even when the cached string dies and another takes its place). */
static void index_cache(void)
{
    Lang *L = t_begin();
    StrBuilder sb;
    sb_init(L, &sb);
    uint32_t cps[500];
    for (int i = 0; i < 500; i++) {
        cps[i] = i % 3 == 0 ? 'a' + (uint32_t)(i % 26) : i % 3 == 1 ? 0xE0 + (uint32_t)(i % 20) : 0x1F600 + (uint32_t)i;
        sb_append_codepoint(&sb, cps[i]);
    }
    Obj *s = sb_finish(&sb);
    int bad = 0;
    for (intptr_t i = 0; i < 500; i++)
        bad += str_codepoint_at(L, s, i) != cps[i];
    for (intptr_t i = 499; i >= 0; i--)
        bad += str_codepoint_at(L, s, i) != cps[i];
    for (intptr_t k = 0; k < 2000; k++) {
        intptr_t i = (k * 7919) % 500;
        bad += str_codepoint_at(L, s, i) != cps[i];
    }
    CHECK_EQ(bad, 0);
    obj_decref(L, s);
    CHECK(L->str_cache_str == NULL);   /* the dying string cleared it */
    Obj *t = S(L, "\xc3\xa9t\xc3\xa9");
    CHECK_EQ(str_codepoint_at(L, t, 2), 0xE9);
    CHECK_EQ(str_codepoint_at(L, t, 1), 't');
    obj_decref(L, t);
    t_end(L);
}

static Obj *fn_sub_str(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)args;
    (void)nargs;
    (void)kw;
    (void)ctx;
    return S(L, "custom");
}

/* Instances of a str subclass: the methods give exact strs, str() and
 * format() go through __str__ / the str value as CPython. */
static void subclass_instances(void)
{
    Lang *L = t_begin();
    TypeObject *bases[] = {L->t_str, NULL};
    TypeObject *Sub = t_class(L, "Sub", bases, NULL);
    TypeObject *Custom = t_class(L, "Custom", bases, "__str__", tfunc(L, "__str__", fn_sub_str, NULL), NULL);
    Obj *text = S(L, "h\xc3\xa9llo"), *empty = S(L, ""), *spec = S(L, ">7");
    Obj *a = t_call(L, &Sub->ob, 1, text), *c = t_call(L, &Custom->ob, 1, text);
    CHECK(a != NULL && IS_TYPE(a, Sub) && str_length(a) == 5);
    Obj *u = obj_call_method_str(L, a, "upper", NULL, 0);
    CHECK(u != NULL && str_check_exact(L, u) && str_is(u, "H\xc3\x89LLO"));
    obj_xdecref(L, u);
    CHECK_REPR_TAKE(L, obj_call_method_str(L, a, "strip", NULL, 0), "'h\xc3\xa9llo'");
    Obj *st = obj_str(L, a);
    CHECK(st != NULL && str_check_exact(L, st) && st != a);
    obj_xdecref(L, st);
    CHECK_REPR_TAKE(L, obj_format(L, a, empty), "'h\xc3\xa9llo'");
    CHECK_REPR_TAKE(L, obj_format(L, a, spec), "'  h\xc3\xa9llo'");
    CHECK_REPR_TAKE(L, obj_format(L, c, empty), "'custom'");
    CHECK_REPR_TAKE(L, obj_binary_op(L, a, a, NB_ADD), "'h\xc3\xa9lloh\xc3\xa9llo'");
    CHECK_REPR_TAKE(L, obj_getitem(L, a, L->small_ints[1 - SMALL_INT_MIN]), "'\xc3\xa9'");
    /* Text alone formats to itself, subclass and all (CPython's writer). */
    Obj *f = obj_call_method_str(L, a, "format", NULL, 0);
    CHECK(f == a);
    obj_xdecref(L, f);
    f = obj_binary_op(L, a, L->empty_tuple, NB_REMAINDER);
    CHECK(f == a);
    obj_xdecref(L, f);
    obj_xdecref(L, a);
    obj_xdecref(L, c);
    obj_decref(L, text);
    obj_decref(L, empty);
    obj_decref(L, spec);
    obj_decref(L, (Obj *)Sub);
    obj_decref(L, (Obj *)Custom);
    t_end(L);
}

int main(void)
{
    RUN(creation_and_flags);
    RUN(hash_equality_and_interning);
    RUN(repr_quoting);
    RUN(indexing_slicing_iteration);
    RUN(methods);
    RUN(formats);
    RUN(int_parsing_and_arithmetic);
    RUN(concat_in_place);
    RUN(concat_in_place_is_linear);
    RUN(concat_in_place_failures);
    RUN(index_cache);
    RUN(subclass_instances);
    return check_exit();
}
