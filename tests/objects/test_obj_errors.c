/* test_obj_errors.c - exceptions raised from C: formats, chaining, the
 * exception classes' str/repr/fields, the unraisable report, the
 * protocol errors of CPython 3.11, and the recursion / C-stack guard. */
#include "objtest.h"

static void exception_objects(void)
{
    Lang *L = t_begin();
    TypeObject *VE = L->exc_types[EXC_ValueError];
    Obj *x = S(L, "x"), *one = I(L, 1), *k = S(L, "k");
    CHECK_REPR_TAKE(L, obj_call0(L, &VE->ob), "ValueError()");
    CHECK_REPR_TAKE(L, obj_call1(L, &VE->ob, x), "ValueError('x')");
    CHECK_REPR_TAKE(L, t_call(L, &VE->ob, 2, x, one), "ValueError('x', 1)");
    Obj *e = t_call(L, &VE->ob, 2, x, one);
    CHECK_REPR_TAKE(L, obj_str(L, e), "\"('x', 1)\"");
    CHECK_REPR_TAKE(L, obj_getattr_str(L, e, "args"), "('x', 1)");
    obj_decref(L, e);
    Obj *ke = obj_call1(L, &L->exc_types[EXC_KeyError]->ob, k);
    CHECK_REPR_TAKE(L, obj_str(L, ke), "\"'k'\"");
    obj_decref(L, ke);
    Obj *si = obj_call1(L, &L->exc_types[EXC_StopIteration]->ob, one);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, si, "value"), "1");
    obj_decref(L, si);
    si = obj_call0(L, &L->exc_types[EXC_StopIteration]->ob);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, si, "value"), "None");
    obj_decref(L, si);
    Obj *fn = S(L, "dir/f.py"), *three = I(L, 3), *text = S(L, "x y");
    Obj *info = tuple_pack(L, 4, fn, three, one, text);
    Obj *msg = S(L, "invalid syntax");
    Obj *se = t_call(L, &L->exc_types[EXC_SyntaxError]->ob, 2, msg, info);
    CHECK_REPR_TAKE(L, obj_str(L, se), "'invalid syntax (f.py, line 3)'");
    CHECK_REPR_TAKE(L, obj_getattr_str(L, se, "text"), "'x y'");
    obj_decref(L, se);
    Obj *two = I(L, 2), *nf = S(L, "No such file or directory");
    Obj *oe = t_call(L, &L->exc_types[EXC_OSError]->ob, 3, two, nf, x);
    CHECK_REPR_TAKE(L, obj_str(L, oe), "\"[Errno 2] No such file or directory: 'x'\"");
    CHECK_REPR_TAKE(L, obj_getattr_str(L, oe, "args"), "(2, 'No such file or directory')");
    obj_decref(L, oe);
    /* attributes and the __traceback__ / __cause__ checks */
    e = obj_call1(L, &VE->ob, x);
    CHECK(obj_setattr_str(L, e, "note", one) == 0);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, e, "note"), "1");
    CHECK(obj_setattr_str(L, e, "__traceback__", one) < 0);
    CHECK_EXC(L, EXC_TypeError, "__traceback__ must be a traceback or None");
    CHECK(obj_setattr_str(L, e, "__cause__", one) < 0);
    CHECK_EXC(L, EXC_TypeError, "exception cause must be None or derive from BaseException");
    Obj *cause = obj_call0(L, &L->exc_types[EXC_KeyError]->ob);
    CHECK(obj_setattr_str(L, e, "__cause__", cause) == 0);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, e, "__suppress_context__"), "True");
    CHECK_REPR_TAKE(L, obj_getattr_str(L, e, "__cause__"), "KeyError()");
    obj_decref(L, cause);
    obj_decref(L, e);
    Obj *kw = tuple_pack(L, 1, x);
    CHECK(obj_call(L, &VE->ob, &one, 0, kw) == NULL);
    CHECK_EXC(L, EXC_TypeError, "ValueError() takes no keyword arguments");
    obj_decref(L, kw);
    obj_decref(L, msg);
    obj_decref(L, info);
    obj_decref(L, fn);
    obj_decref(L, three);
    obj_decref(L, text);
    obj_decref(L, two);
    obj_decref(L, nf);
    obj_decref(L, x);
    obj_decref(L, one);
    obj_decref(L, k);
    t_end(L);
}

static void raising_chains_context(void)
{
    Lang *L = t_begin();
    Obj *handled = obj_call0(L, &L->exc_types[EXC_KeyError]->ob);
    L->handled = obj_newref(handled);
    err_format(L, EXC_TypeError, "inner %d", 5);
    CHECK(L->exc != NULL && exc_context(L->exc) == handled);
    CHECK_EXC(L, EXC_TypeError, "inner 5");
    /* raising the handled exception itself makes no cycle */
    err_set_object(L, handled);
    CHECK(L->exc == handled && exc_context(handled) == NULL);
    err_clear(L);
    obj_clearref(L, &L->handled);
    /* err_format_from_cause */
    err_format(L, EXC_ValueError, "first");
    err_format_from_cause(L, EXC_RuntimeError, "second");
    Obj *e = err_fetch(L);
    CHECK(e != NULL && exc_cause(e) != NULL && IS_TYPE(exc_cause(e), L->exc_types[EXC_ValueError]));
    obj_xdecref(L, e);
    /* matching */
    err_format(L, EXC_ZeroDivisionError, "z");
    CHECK(err_matches(L, EXC_ArithmeticError) && err_matches(L, EXC_Exception) && !err_matches(L, EXC_TypeError));
    Obj *what = tuple_pack(L, 2, &L->exc_types[EXC_TypeError]->ob, &L->exc_types[EXC_ArithmeticError]->ob);
    CHECK(err_given_matches(L, L->exc, what));
    obj_decref(L, what);
    err_clear(L);
    obj_decref(L, handled);
    t_end(L);
}

static void report(void *arg)
{
    Lang *L = arg;
    Obj *obj = S(L, "some object");
    err_format(L, EXC_ValueError, "bad value");
    err_write_unraisable(L, NULL, obj);
    TypeObject *E = t_class(L, "MyErr", (TypeObject *[]){L->exc_types[EXC_Exception], NULL}, NULL);
    Obj *m = S(L, "mod");
    obj_setattr_str(L, &E->ob, "__module__", m);
    Obj *e = obj_call0(L, &E->ob);
    err_restore(L, e);
    err_write_unraisable(L, "while testing", NULL);
    obj_decref(L, m);
    obj_decref(L, &E->ob);
    obj_decref(L, obj);
}

static void unraisable_report_format(void)
{
    Lang *L = t_begin();
    char buf[512];
    t_capture_stderr(report, L, buf, sizeof buf);
    const char *want = "Exception ignored in: 'some object'\nValueError: bad value\n"
                       "Exception ignored while testing\nmod.MyErr\n";
    CHECK(strcmp(buf, want) == 0);
    if (check_case_failed)
        fprintf(stderr, "  got:\n%s", buf);
    CHECK_NO_EXC(L);
    t_end(L);
}

static void protocol_errors(void)
{
    Lang *L = t_begin();
    Obj *one = I(L, 1), *o = obj_call0(L, &L->t_object->ob);
    CHECK(obj_call0(L, one) == NULL);
    CHECK_EXC(L, EXC_TypeError, "'int' object is not callable");
    CHECK(obj_length(L, one) == -1);
    CHECK_EXC(L, EXC_TypeError, "object of type 'int' has no len()");
    CHECK(obj_iter(L, one) == NULL);
    CHECK_EXC(L, EXC_TypeError, "'int' object is not iterable");
    CHECK(obj_next(L, one) == NULL);
    CHECK_EXC(L, EXC_TypeError, "'int' object is not an iterator");
    CHECK(obj_getitem(L, one, one) == NULL);
    CHECK_EXC(L, EXC_TypeError, "'int' object is not subscriptable");
    CHECK(obj_getitem(L, &L->t_int->ob, one) == NULL);
    CHECK_EXC(L, EXC_TypeError, "type 'int' is not subscriptable");
    CHECK(obj_contains(L, one, one) == -1);
    CHECK_EXC(L, EXC_TypeError, "argument of type 'int' is not iterable");
    CHECK(obj_index(L, o) == NULL);
    CHECK_EXC(L, EXC_TypeError, "'object' object cannot be interpreted as an integer");
    CHECK(obj_binary_op(L, one, o, NB_LSHIFT) == NULL);
    CHECK_EXC(L, EXC_TypeError, "unsupported operand type(s) for <<: 'int' and 'object'");
    CHECK(obj_richcompare(L, o, one, CMP_GE) == NULL);
    CHECK_EXC(L, EXC_TypeError, "'>=' not supported between instances of 'object' and 'int'");
    CHECK_EQ(obj_richcompare_bool(L, o, one, CMP_EQ), 0);
    CHECK_EQ(obj_richcompare_bool(L, o, o, CMP_EQ), 1);
    CHECK(obj_getattr_str(L, one, "nope") == NULL);
    CHECK_EXC(L, EXC_AttributeError, "'int' object has no attribute 'nope'");
    Obj *add = obj_getattr_str(L, &L->t_int->ob, "__add__");
    CHECK(t_call(L, add, 1, one) == NULL);
    CHECK_EXC(L, EXC_TypeError, "expected 1 argument, got 0");
    CHECK(t_call(L, add, 2, o, one) == NULL);
    CHECK_EXC(L, EXC_TypeError, "descriptor '__add__' requires a 'int' object but received a 'object'");
    CHECK_REPR_TAKE(L, t_call(L, add, 2, one, one), "2");
    obj_decref(L, add);
    Obj *get = obj_getattr_str(L, &L->t_dict->ob, "get");
    CHECK(t_call(L, get, 1, one) == NULL);
    CHECK_EXC(L, EXC_TypeError, "descriptor 'get' for 'dict' objects doesn't apply to a 'int' object");
    CHECK(obj_call0(L, get) == NULL);
    CHECK_EXC(L, EXC_TypeError, "unbound method dict.get() needs an argument");
    obj_decref(L, get);
    Obj *bound = obj_getattr_str(L, one, "__add__");
    CHECK_REPR_TAKE(L, obj_call1(L, bound, one), "2");
    obj_decref(L, bound);
    obj_decref(L, o);
    obj_decref(L, one);
    t_end(L);
}

/* Deep structures: RecursionError, never a crash (ouro guards the C stack
 * even where CPython would crash). */
static void recursion_guard(void)
{
    Lang *L = t_begin();
#ifdef OURO_TEST_SMALL
    int depth = 20000;       /* valgrind: slow, but its stack is large */
#else
    int depth = 200000;
#endif
    Obj *t = obj_newref(L->empty_tuple), *u = obj_newref(L->empty_tuple);
    for (int i = 0; i < depth; i++) {
        Obj *n = tuple_pack(L, 1, t), *m = tuple_pack(L, 1, u);
        obj_decref(L, t);
        obj_decref(L, u);
        t = n;
        u = m;
    }
    CHECK(obj_repr(L, t) == NULL);
    CHECK_EXC(L, EXC_RecursionError, "maximum recursion depth exceeded while getting the repr of an object");
    CHECK_EQ(L->recursion_depth, 0);
    CHECK_EQ(obj_richcompare_bool(L, t, u, CMP_EQ), -1);
    CHECK_EXC(L, EXC_RecursionError, "maximum recursion depth exceeded in comparison");
    /* hash has no recursion limit; the C stack guard stops it if needed */
    if (obj_hash(L, t) == -1)
        CHECK_EXC(L, EXC_RecursionError, "maximum recursion depth exceeded");
    /* With no recursion limit, the C stack guard alone stops it. */
    L->recursion_limit = 2000000000;
    Obj *r = obj_repr(L, t);
    CHECK(r == NULL ? err_matches(L, EXC_RecursionError) : depth < 100000);
    obj_xdecref(L, r);
    err_clear(L);
    int eq = obj_richcompare_bool(L, t, u, CMP_EQ);
    CHECK(eq == -1 ? err_matches(L, EXC_RecursionError) : depth < 100000);
    err_clear(L);
    L->recursion_limit = 1000;
    CHECK_EQ(L->recursion_depth, 0);
    obj_decref(L, t);
    obj_decref(L, u);
    t_end(L);
}

static void heap_check_accounts_for_everything(void)
{
    Lang *L = t_begin();
    TypeObject *A = t_class(L, "A", NULL, NULL);
    Obj *a = obj_call0(L, &A->ob), *d = dict_new(L);
    obj_setattr_str(L, a, "d", d);
    dict_setitem(L, d, ID(L, __init__), a);
    ouro_root_add(L->rt, lang_visit_roots, L);
    ouro_handle_release(L->rt, ouro_handle_new(L->rt, a, "test"));
    OuroHandle *ha = ouro_handle_new(L->rt, a, "a"), *hd = ouro_handle_new(L->rt, d, "d"),
               *hA = ouro_handle_new(L->rt, &A->ob, "A");
    obj_decref(L, a);
    obj_decref(L, d);
    obj_decref(L, &A->ob);
    CHECK_EQ(ouro_heap_check(L->rt, OURO_CHECK_ROOTS), 0);
    ouro_handle_release(L->rt, ha);
    ouro_handle_release(L->rt, hd);
    ouro_handle_release(L->rt, hA);
    CHECK_EQ(ouro_heap_check(L->rt, OURO_CHECK_ROOTS), 0);
    ouro_root_remove(L->rt, lang_visit_roots, L);
    /* the core keeps its root table allocated: measure from here */
    OuroRuntime *rt = L->rt;
    lang_free(L);
    CHECK(t_bytes(rt) <= 256);
    ouro_runtime_destroy(rt);
}

int main(void)
{
    RUN(exception_objects);
    RUN(raising_chains_context);
    RUN(unraisable_report_format);
    RUN(protocol_errors);
    RUN(recursion_guard);
    RUN(heap_check_accounts_for_everything);
    return check_exit();
}
