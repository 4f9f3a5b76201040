/* test_obj_lang.c - building and tearing down a Lang: nothing left behind,
 * clean failure at every allocation, the built-in types and the exception
 * hierarchy as CPython 3.11's, per-runtime singletons. */
#include "objtest.h"

static void new_and_free_leave_zero_bytes(void)
{
    OuroRuntime *rt = ouro_runtime_new(NULL);
    CHECK_EQ(t_bytes(rt), 0);
    Lang *L = lang_new(rt);
    CHECK(L != NULL);
    CHECK(t_bytes(rt) > 0);
    lang_free(L);
    CHECK_EQ(t_bytes(rt), 0);
    /* And again in the same runtime. */
    L = lang_new(rt);
    CHECK(L != NULL);
    lang_free(L);
    CHECK_EQ(t_bytes(rt), 0);
    ouro_runtime_destroy(rt);
}

/* Every allocation lang_new makes, failed in turn: NULL, nothing left. */
static void every_failed_allocation_is_clean(void)
{
    OuroRuntime *rt = ouro_runtime_new(NULL);
    uint64_t before = ouro_mem_alloc_count(rt);
    Lang *L = lang_new(rt);
    uint64_t count = ouro_mem_alloc_count(rt) - before;
    lang_free(L);
    ouro_runtime_destroy(rt);
    CHECK(count > 100);
    /* Sanitizers and valgrind get a sample; the others every allocation. */
    uint64_t step = CHECK_ASAN ? 37 : 1;
    int leaks = 0, successes = 0;
    for (uint64_t n = 1; n <= count; n += step) {
        rt = ouro_runtime_new(NULL);
        ouro_mem_fail_nth(rt, n);
        L = lang_new(rt);
        if (L != NULL) {
            successes++;
            lang_free(L);
        }
        leaks += t_bytes(rt) != 0;
        ouro_runtime_destroy(rt);
    }
    CHECK_EQ(successes, 0);
    CHECK_EQ(leaks, 0);
}

static void two_runtimes_are_independent(void)
{
    Lang *a = t_begin(), *b = t_begin();
    CHECK(a != NULL && b != NULL);
    CHECK(a->t_int != b->t_int);
    CHECK(a->none != b->none);
    Obj *x = I(a, 7), *y = I(b, 7);
    CHECK(x != y);
    CHECK(IS_TYPE(x, a->t_int) && IS_TYPE(y, b->t_int));
    CHECK(LANG_OF(x) == a && LANG_OF(y) == b);
    obj_decref(a, x);
    obj_decref(b, y);
    t_end(a);
    t_end(b);
}

static void builtin_types_look_like_cpython(void)
{
    Lang *L = t_begin();
    CHECK_REPR_TAKE(L, obj_newref(&L->t_int->ob), "<class 'int'>");
    CHECK_REPR_TAKE(L, obj_newref(&L->t_type->ob), "<class 'type'>");
    CHECK_REPR_TAKE(L, obj_newref(&L->t_none->ob), "<class 'NoneType'>");
    CHECK_REPR_TAKE(L, obj_newref(&L->exc_types[EXC_ValueError]->ob), "<class 'ValueError'>");
    CHECK_REPR_TAKE(L, obj_newref(L->t_bool->mro), "(<class 'bool'>, <class 'int'>, <class 'object'>)");
    CHECK_REPR_TAKE(L, obj_newref(L->exc_types[EXC_TabError]->mro),
                    "(<class 'TabError'>, <class 'IndentationError'>, <class 'SyntaxError'>, "
                    "<class 'Exception'>, <class 'BaseException'>, <class 'object'>)");
    CHECK(TYPE(&L->t_type->ob) == L->t_type);
    CHECK(TYPE(&L->t_object->ob) == L->t_type);
    CHECK(L->t_object->base == NULL);
    CHECK(tuple_size(L->t_object->bases) == 0);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, &L->t_int->ob, "__name__"), "'int'");
    CHECK_REPR_TAKE(L, obj_getattr_str(L, &L->t_int->ob, "__module__"), "'builtins'");
    CHECK_REPR_TAKE(L, obj_getattr_str(L, &L->t_bool->ob, "__base__"), "<class 'int'>");
    CHECK_REPR_TAKE(L, obj_getattr_str(L, &L->t_int->ob, "__add__"), "<slot wrapper '__add__' of 'int' objects>");
    CHECK_REPR_TAKE(L, obj_getattr_str(L, &L->t_dict->ob, "get"), "<method 'get' of 'dict' objects>");
    CHECK_REPR_TAKE(L, obj_getattr_str(L, &L->t_dict->ob, "__hash__"), "None");
    CHECK_REPR_TAKE(L, obj_getattr_str(L, &L->t_type->ob, "__name__"), "'type'");
    CHECK_REPR_TAKE(L, obj_getattr_str(L, &L->t_object->ob, "__doc__"),
                    "'The base class of the class hierarchy.'");
    t_end(L);
}

static const struct {
    const char *name, *base;
} HIERARCHY[] = {
    /* generated from CPython 3.11's builtins (exception groups left out) */
    {"ArithmeticError", "Exception"}, {"AssertionError", "Exception"},
    {"AttributeError", "Exception"}, {"BaseException", "object"},
    {"BlockingIOError", "OSError"}, {"BrokenPipeError", "ConnectionError"},
    {"BufferError", "Exception"}, {"BytesWarning", "Warning"},
    {"ChildProcessError", "OSError"}, {"ConnectionAbortedError", "ConnectionError"},
    {"ConnectionError", "OSError"}, {"ConnectionRefusedError", "ConnectionError"},
    {"ConnectionResetError", "ConnectionError"}, {"DeprecationWarning", "Warning"},
    {"EOFError", "Exception"}, {"EncodingWarning", "Warning"},
    {"Exception", "BaseException"}, {"FileExistsError", "OSError"},
    {"FileNotFoundError", "OSError"}, {"FloatingPointError", "ArithmeticError"},
    {"FutureWarning", "Warning"}, {"GeneratorExit", "BaseException"},
    {"ImportError", "Exception"}, {"ImportWarning", "Warning"},
    {"IndentationError", "SyntaxError"}, {"IndexError", "LookupError"},
    {"InterruptedError", "OSError"}, {"IsADirectoryError", "OSError"},
    {"KeyError", "LookupError"}, {"KeyboardInterrupt", "BaseException"},
    {"LookupError", "Exception"}, {"MemoryError", "Exception"},
    {"ModuleNotFoundError", "ImportError"}, {"NameError", "Exception"},
    {"NotADirectoryError", "OSError"}, {"NotImplementedError", "RuntimeError"},
    {"OSError", "Exception"}, {"OverflowError", "ArithmeticError"},
    {"PendingDeprecationWarning", "Warning"}, {"PermissionError", "OSError"},
    {"ProcessLookupError", "OSError"}, {"RecursionError", "RuntimeError"},
    {"ReferenceError", "Exception"}, {"ResourceWarning", "Warning"},
    {"RuntimeError", "Exception"}, {"RuntimeWarning", "Warning"},
    {"StopAsyncIteration", "Exception"}, {"StopIteration", "Exception"},
    {"SyntaxError", "Exception"}, {"SyntaxWarning", "Warning"},
    {"SystemError", "Exception"}, {"SystemExit", "BaseException"},
    {"TabError", "IndentationError"}, {"TimeoutError", "OSError"},
    {"TypeError", "Exception"}, {"UnboundLocalError", "NameError"},
    {"UnicodeDecodeError", "UnicodeError"}, {"UnicodeEncodeError", "UnicodeError"},
    {"UnicodeError", "ValueError"}, {"UnicodeTranslateError", "UnicodeError"},
    {"UnicodeWarning", "Warning"}, {"UserWarning", "Warning"},
    {"ValueError", "Exception"}, {"Warning", "Exception"},
    {"ZeroDivisionError", "ArithmeticError"},
};

static void exception_hierarchy_is_cpythons(void)
{
    Lang *L = t_begin();
    size_t n = sizeof HIERARCHY / sizeof HIERARCHY[0];
    CHECK_EQ(n, EXC_COUNT);
    for (size_t i = 0; i < n; i++) {
        TypeObject *t = NULL;
        for (int k = 0; k < EXC_COUNT; k++) {
            if (strcmp(L->exc_types[k]->core.name, HIERARCHY[i].name) == 0)
                t = L->exc_types[k];
        }
        if (t == NULL) {
            fprintf(stderr, "  missing %s\n", HIERARCHY[i].name);
            check_case_failed = 1;
            continue;
        }
        if (strcmp(t->base->core.name, HIERARCHY[i].base) != 0) {
            fprintf(stderr, "  %s has base %s, expected %s\n", HIERARCHY[i].name,
                    t->base->core.name, HIERARCHY[i].base);
            check_case_failed = 1;
        }
        CHECK(TYPE_HAS(t, TF_BASE_EXC_SUBCLASS));
    }
    CHECK(L->memory_error != NULL && IS_TYPE(L->memory_error, L->exc_types[EXC_MemoryError]));
    t_end(L);
}

static void singletons_and_small_ints(void)
{
    Lang *L = t_begin();
    for (int64_t v = -5; v <= 256; v++) {
        Obj *a = I(L, v), *b = I(L, v * 2 - v);
        CHECK(a == b);
        obj_decref(L, a);
        obj_decref(L, b);
    }
    Obj *a = I(L, 257), *b = I(L, 257), *c = I(L, -6), *d = I(L, -6);
    CHECK(a != b && c != d);
    obj_decref(L, a);
    obj_decref(L, b);
    obj_decref(L, c);
    obj_decref(L, d);
    CHECK(IS_TYPE(L->true_, L->t_bool) && IS_TYPE(L->none, L->t_none));
    CHECK_REPR_TAKE(L, new_bool(L, 1), "True");
    CHECK_REPR_TAKE(L, new_none(L), "None");
    CHECK_REPR_TAKE(L, obj_newref(L->ellipsis), "Ellipsis");
    CHECK_REPR_TAKE(L, new_not_implemented(L), "NotImplemented");
    CHECK_REPR_TAKE(L, obj_newref(L->empty_tuple), "()");
    CHECK_REPR_TAKE(L, obj_newref(L->empty_str), "''");
    /* Calling the singletons' types gives the singletons. */
    Obj *n = obj_call0(L, &L->t_none->ob);
    CHECK(n == L->none);
    obj_xdecref(L, n);
    n = t_call(L, &L->t_none->ob, 1, L->none);
    CHECK(n == NULL);
    CHECK_EXC(L, EXC_TypeError, "NoneType takes no arguments");
    n = t_call(L, &L->t_ellipsis->ob, 1, L->none);
    CHECK_EXC(L, EXC_TypeError, "EllipsisType takes no arguments");
    n = obj_call0(L, &L->t_bool->ob);
    CHECK(n == L->false_);
    obj_xdecref(L, n);
    /* Interned identifiers are shared. */
    Obj *s = str_intern_cstr(L, "__init__");
    CHECK(s == ID(L, __init__));
    obj_decref(L, s);
    t_end(L);
}

static void no_memory_sets_the_preallocated_error(void)
{
    Lang *L = t_begin();
    ouro_mem_fail_nth(L->rt, 1);
    Obj *t = tuple_new(L, 3);
    CHECK(t == NULL);
    CHECK(L->exc == L->memory_error);
    CHECK_EXC(L, EXC_MemoryError, "");
    ouro_mem_fail_nth(L->rt, 1);
    Obj *s = str_from_cstr(L, "a longer string, not cached");
    CHECK(s == NULL && L->exc == L->memory_error);
    err_clear(L);
    t_end(L);
}

int main(void)
{
    RUN(new_and_free_leave_zero_bytes);
    RUN(every_failed_allocation_is_clean);
    RUN(two_runtimes_are_independent);
    RUN(builtin_types_look_like_cpython);
    RUN(exception_hierarchy_is_cpythons);
    RUN(singletons_and_small_ints);
    RUN(no_memory_sets_the_preallocated_error);
    return check_exit();
}
