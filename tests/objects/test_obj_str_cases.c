/* test_obj_str_cases.c - str against CPython 3.11, case by case: every
 * method, operator, conversion and formatting case of str_cases.h
 * (written by gen_str_cases.py from CPython's own results) must give
 * the same repr, or the same exception type and message. Each case runs
 * twice and must leave the runtime's bytes_in_use as it found it; then a
 * sample of the cases runs with every allocation failing in turn, each
 * run ending in its result or a clean MemoryError with nothing leaked. */
#include "objtest.h"
#include "listobject.h"
#include "str_cases.h"

/* Set when a case needs a type that is not there yet (float). */
static int skip_case;

/* ------------------------------------------------------------------ */
/* Decoding the values of a case (the encoding gen_str_cases.py writes) */
/* ------------------------------------------------------------------ */

static Obj *decode(Lang *L, const char **p);

static size_t number(const char **p)
{
    size_t n = 0;
    while (**p >= '0' && **p <= '9')
        n = n * 10 + (size_t)(*(*p)++ - '0');
    return n;
}

/* Items up to the closing character, into items[] (at most 32). */
static size_t decode_items(Lang *L, const char **p, char close, Obj **items, int *failed)
{
    size_t n = 0;
    while (**p != close) {
        Obj *v = decode(L, p);
        if (v == NULL)
            *failed = 1;
        if (n < 32)
            items[n++] = v;
        else
            obj_xdecref(L, v);
    }
    (*p)++;
    return n;
}

static void release_items(Lang *L, Obj **items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        obj_xdecref(L, items[i]);
}

static Obj *decode(Lang *L, const char **p)
{
    char tag = *(*p)++;
    Obj *items[32], *r = NULL;
    size_t n;
    int failed = 0;
    switch (tag) {
    case 's': {
        size_t len = number(p);
        (*p)++;   /* ':' */
        r = str_from_utf8_trusted(L, *p, len);
        *p += len;
        return r;
    }
    case 'i': {
        const char *start = *p;
        while (**p != ';')
            (*p)++;
        r = int_from_string(L, start, (size_t)(*p - start), 10);
        (*p)++;
        return r;
    }
    case 'f': {
        const char *start = *p;
        while (**p != ';')
            (*p)++;
        (*p)++;
        if (L->t_float == NULL) {
            skip_case = 1;
            return NULL;
        }
        Obj *text = str_from_utf8_trusted(L, start, (size_t)(*p - 1 - start));
        if (text == NULL)
            return NULL;
        r = obj_call1(L, &L->t_float->ob, text);
        obj_decref(L, text);
        return r;
    }
    case 'N':
        return new_none(L);
    case 'T':
        return new_bool(L, 1);
    case 'F':
        return new_bool(L, 0);
    case 'O':
        return obj_call0(L, &L->t_object->ob);
    case '(':
        n = decode_items(L, p, ')', items, &failed);
        if (failed) {
            release_items(L, items, n);
            return NULL;
        }
        return tuple_from_array_take(L, items, n);
    case '[':
        n = decode_items(L, p, ']', items, &failed);
        if (failed) {
            release_items(L, items, n);
            return NULL;
        }
        return list_from_array_take(L, items, n);
    case '{':
        n = decode_items(L, p, '}', items, &failed);
        if (!failed && (r = dict_new(L)) != NULL) {
            for (size_t i = 0; i + 1 < n; i += 2) {
                if (dict_setitem(L, r, items[i], items[i + 1]) < 0) {
                    obj_clearref(L, &r);
                    break;
                }
            }
        }
        release_items(L, items, n);
        return r;
    case 'l':
        n = 0;
        for (int k = 0; k < 3; k++) {
            items[n++] = decode(L, p);
            failed |= items[n - 1] == NULL;
        }
        r = failed ? NULL : slice_new(L, items[0], items[1], items[2]);
        release_items(L, items, n);
        return r;
    default:
        fprintf(stderr, "  bad encoding '%c'\n", tag);
        return NULL;
    }
}

/* ------------------------------------------------------------------ */
/* Running a case                                                      */
/* ------------------------------------------------------------------ */

typedef struct Decoded {
    Obj *recv, *args, *kwargs;
} Decoded;

static int decode_case(Lang *L, const StrCase *c, Decoded *d)
{
    const char *p = c->recv;
    d->recv = decode(L, &p);
    p = c->args;
    d->args = d->recv ? decode(L, &p) : NULL;
    p = c->kwargs;
    d->kwargs = d->args ? decode(L, &p) : NULL;
    if (d->kwargs != NULL)
        return 0;
    obj_xdecref(L, d->recv);
    obj_xdecref(L, d->args);
    return -1;
}

static int op_is(const StrCase *c, const char *op)
{
    return strcmp(c->op, op) == 0;
}

/* recv.name(*args, **kwargs) (or type(*args, **kwargs) for a type). */
static Obj *call_with(Lang *L, Obj *callable_or_name, Obj *self, Obj *args, Obj *kwargs)
{
    Obj *vec[40], *kwnames = NULL, *r = NULL;
    size_t n = 0, na = tuple_size(args), nk = (size_t)obj_length(L, kwargs);
    if (self != NULL)
        vec[n++] = self;
    for (size_t i = 0; i < na; i++)
        vec[n++] = tuple_get_borrowed(args, i);
    if (nk > 0) {
        if ((kwnames = dict_keys_tuple(L, kwargs)) == NULL)
            return NULL;
        for (size_t i = 0; i < nk; i++)
            vec[n++] = dict_getitem_borrowed(L, kwargs, tuple_get_borrowed(kwnames, i));
    }
    if (self != NULL)
        r = obj_call_method(L, callable_or_name, vec, n - nk, kwnames);
    else
        r = obj_call(L, callable_or_name, vec, n - nk, kwnames);
    obj_xdecref(L, kwnames);
    return r;
}

static int compare_op(const char *op)
{
    static const char *const ops[] = {"<", "<=", "==", "!=", ">", ">="};
    for (int i = 0; i < 6; i++) {
        if (strcmp(op, ops[i]) == 0)
            return i;
    }
    return -1;
}

/* The identity cases: whether recv.name(...) is recv, (recv % a) is a
 * (a[0] for a tuple), recv.format(a, ...) is a. */
static Obj *run_identity(Lang *L, const StrCase *c, Decoded *d)
{
    Obj *a0 = tuple_size(d->args) ? tuple_get_borrowed(d->args, 0) : NULL, *r, *want;
    if (op_is(c, "%is")) {
        r = obj_binary_op(L, d->recv, a0, NB_REMAINDER);
        want = tuple_check(a0) ? tuple_get_borrowed(a0, 0) : a0;
    } else if (op_is(c, "format-is")) {
        Obj *name = str_intern_cstr(L, "format");
        r = name ? call_with(L, name, d->recv, d->args, d->kwargs) : NULL;
        obj_xdecref(L, name);
        want = a0;
    } else {
        Obj *name = str_intern_cstr(L, c->op + 3);
        r = name ? call_with(L, name, d->recv, d->args, d->kwargs) : NULL;
        obj_xdecref(L, name);
        want = d->recv;
    }
    if (r == NULL)
        return NULL;
    Obj *b = new_bool(L, r == want);
    obj_decref(L, r);
    return b;
}

static Obj *run_op(Lang *L, const StrCase *c, Decoded *d)
{
    Obj *recv = d->recv, *a0 = tuple_size(d->args) ? tuple_get_borrowed(d->args, 0) : NULL;
    int cmp = compare_op(c->op);
    if (cmp >= 0)
        return obj_richcompare(L, recv, a0, cmp);
    if (op_is(c, "%"))
        return obj_binary_op(L, recv, a0, NB_REMAINDER);
    if (op_is(c, "[]"))
        return obj_getitem(L, recv, a0);
    if (op_is(c, "in")) {
        int r = obj_contains(L, recv, a0);
        return r < 0 ? NULL : new_bool(L, r);
    }
    if (op_is(c, "*"))
        return obj_binary_op(L, recv, a0, NB_MULTIPLY);
    if (op_is(c, "r*"))
        return obj_binary_op(L, a0, recv, NB_MULTIPLY);
    if (op_is(c, "+"))
        return obj_binary_op(L, recv, a0, NB_ADD);
    if (op_is(c, "+=")) {
        /* The VM's path for two str, the generic one otherwise. */
        if (!str_check_exact(L, a0))
            return obj_inplace_op(L, recv, a0, NB_ADD);
        Obj *left = obj_newref(recv);
        return str_concat_inplace(L, &left, a0) < 0 ? NULL : left;
    }
    if (op_is(c, "str()"))
        return call_with(L, &L->t_str->ob, NULL, d->args, d->kwargs);
    if (op_is(c, "ord()"))
        return str_ord(L, a0);
    if (op_is(c, "chr()"))
        return str_chr(L, a0);
    if (op_is(c, "repr()"))
        return obj_repr(L, recv);
    if (op_is(c, "ascii()"))
        return obj_ascii(L, recv);
    if (op_is(c, "len()")) {
        intptr_t n = obj_length(L, recv);
        return n < 0 ? NULL : int_from_i64(L, n);
    }
    if (op_is(c, "list()"))
        return list_from_iterable(L, recv);
    if (op_is(c, "format()"))
        return obj_format(L, a0, tuple_get_borrowed(d->args, 1));
    if (strncmp(c->op, "is:", 3) == 0 || op_is(c, "%is") || op_is(c, "format-is"))
        return run_identity(L, c, d);
    Obj *name = str_intern_cstr(L, c->op);
    if (name == NULL)
        return NULL;
    Obj *r = call_with(L, name, recv, d->args, d->kwargs);
    obj_decref(L, name);
    return r;
}

/* The outcome of the case as the generator writes it: repr(result), or
 * "!Type: message". New str, or NULL with an exception (while making it). */
static Obj *outcome(Lang *L, Obj *result)
{
    if (result != NULL) {
        Obj *r = obj_repr(L, result);
        obj_decref(L, result);
        return r;
    }
    Obj *e = err_fetch(L);
    if (e == NULL)
        return str_from_cstr(L, "!(NULL without an exception)");
    Obj *msg = obj_str(L, e);
    Obj *r = msg ? str_from_format(L, "!%s: %U", obj_type_name(e), msg) : NULL;
    obj_xdecref(L, msg);
    obj_decref(L, e);
    return r;
}

/* Runs case c: 1 if it gave the expected outcome, 0 if not (reported),
 * -1 if its values could not be made (a float while there is no float
 * type: no exception; allocation failure: MemoryError left set). */
static int run_case(Lang *L, const StrCase *c, int report)
{
    Decoded d;
    skip_case = 0;
    if (decode_case(L, c, &d) < 0) {
        if (skip_case)
            err_clear(L);
        return -1;
    }
    Obj *result = run_op(L, c, &d);
    obj_decref(L, d.recv);
    obj_decref(L, d.args);
    obj_decref(L, d.kwargs);
    if (result == NULL && err_matches(L, EXC_MemoryError) && !report)
        return -1;
    Obj *got = outcome(L, result);
    if (got == NULL)
        return -1;
    int ok = str_nbytes(got) == c->expect_len && memcmp(str_data(got), c->expect, c->expect_len) == 0;
    if (!ok && report)
        fprintf(stderr, "  %s\n    got      %s\n    expected %s\n", c->src, str_data(got), c->expect);
    obj_decref(L, got);
    return ok;
}

static size_t bytes_now(Lang *L)
{
    return t_bytes(L->rt);
}

static void run_table(const StrCase *cases, size_t n, const char *what)
{
    Lang *L = t_begin();
    int failures = 0, skipped = 0, leaks = 0;
    for (size_t i = 0; i < n; i++) {
        int r = run_case(L, &cases[i], 1);
        if (r < 0) {
            /* Values this build cannot make yet (see run_case). */
            skipped++;
            err_clear(L);
            continue;
        }
        failures += r == 0;
        /* The second run must leave memory as the first left it. */
        size_t before = bytes_now(L);
        run_case(L, &cases[i], 0);
        if (bytes_now(L) != before && leaks++ < 10)
            fprintf(stderr, "  leak: %s (%zd bytes)\n", cases[i].src,
                    (intptr_t)(bytes_now(L) - before));
        CHECK_NO_EXC(L);
    }
    printf("  %s: %zu cases, %d failed, %d skipped\n", what, n, failures, skipped);
    CHECK_EQ(failures, 0);
    CHECK_EQ(leaks, 0);
    t_end(L);
}

static void cases_match_cpython(void)
{
    run_table(STR_CASES, sizeof STR_CASES / sizeof STR_CASES[0], "str cases");
}

static void float_cases_match_cpython(void)
{
    Lang *L = t_begin();
    int have_float = L->t_float != NULL;
    t_end(L);
    if (!have_float) {
        printf("  float formatting cases skipped: no float type in this build\n");
        return;
    }
    run_table(STR_FLOAT_CASES, sizeof STR_FLOAT_CASES / sizeof STR_FLOAT_CASES[0], "float formatting cases");
}

/* Every allocation of a case fails in turn: the case either still gives
 * its outcome or fails with MemoryError, and leaves no bytes behind. */
static void cases_survive_allocation_failures(void)
{
    size_t n = sizeof STR_CASES / sizeof STR_CASES[0];
    size_t stride = CHECK_ASAN ? 23 : 3;
    Lang *L = t_begin();
    int bad = 0, leaks = 0, runs = 0, memory_errors = 0;
    for (size_t i = 0; i < n; i += stride) {
        const StrCase *c = &STR_CASES[i];
        if (run_case(L, c, 0) < 0) {
            err_clear(L);
            continue;
        }
        uint64_t before_count = ouro_mem_alloc_count(L->rt);
        run_case(L, c, 0);
        uint64_t count = ouro_mem_alloc_count(L->rt) - before_count;
        for (uint64_t k = 1; k <= count; k++) {
            size_t before = bytes_now(L);
            ouro_mem_fail_nth(L->rt, k);
            int r = run_case(L, c, 0);
            ouro_mem_fail_nth(L->rt, 0);
            runs++;
            if (r < 0) {
                if (err_matches(L, EXC_MemoryError)) {
                    memory_errors++;
                } else if (bad++ < 10) {
                    Obj *e = err_fetch(L);
                    fprintf(stderr, "  %s, allocation %llu: %s instead of MemoryError\n", c->src,
                            (unsigned long long)k, e ? obj_type_name(e) : "nothing");
                    obj_xdecref(L, e);
                }
                err_clear(L);
            } else if (r == 0 && bad++ < 10) {
                fprintf(stderr, "  %s, allocation %llu: wrong outcome\n", c->src, (unsigned long long)k);
            }
            if (bytes_now(L) != before && leaks++ < 10)
                fprintf(stderr, "  %s, allocation %llu: %zd bytes leaked\n", c->src,
                        (unsigned long long)k, (intptr_t)(bytes_now(L) - before));
        }
    }
    printf("  %d failing runs, %d ended in MemoryError\n", runs, memory_errors);
    CHECK(memory_errors > 100);
    CHECK_EQ(bad, 0);
    CHECK_EQ(leaks, 0);
    t_end(L);
}

int main(void)
{
    RUN(cases_match_cpython);
    RUN(float_cases_match_cpython);
    RUN(cases_survive_allocation_failures);
    return check_exit();
}
