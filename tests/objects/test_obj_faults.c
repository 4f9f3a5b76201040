/* test_obj_faults.c - allocation-failure mode: a workload touching classes,
 * instances (inline values and materialised dicts), dicts, tuples, strs
 * and exceptions is run once per allocation it makes, with that
 * allocation failing. Every run must either finish or fail with
 * MemoryError, never crash, and leave 0 bytes after lang_free. */
#include "objtest.h"

/* __init__(self, a, b): self.a = a; self.b = b */
static Obj *fn_init(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)kw;
    (void)ctx;
    if (nargs != 3)
        return err_format(L, EXC_TypeError, "bad call");
    if (obj_setattr_str(L, args[0], "a", args[1]) < 0 || obj_setattr_str(L, args[0], "b", args[2]) < 0)
        return NULL;
    return new_none(L);
}

static Obj *fn_repr(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)nargs;
    (void)kw;
    (void)ctx;
    Obj *a = obj_getattr_str(L, args[0], "a");
    if (a == NULL)
        return NULL;
    Obj *r = str_from_format(L, "A(%R)", a);
    obj_decref(L, a);
    return r;
}

#define TRY(expr)            \
    do {                     \
        if (!(expr))         \
            goto done;       \
    } while (0)

/* Returns 0, or -1 with an exception set. */
static int workload(Lang *L)
{
    int ok = -1;
    Obj *ns = NULL, *name = NULL, *bases = NULL, *f = NULL, *a = NULL, *d = NULL, *t = NULL,
        *r = NULL, *x = NULL, *y = NULL, *dd = NULL;
    TypeObject *A = NULL, *B = NULL;
    TRY(ns = dict_new(L));
    TRY(f = tfunc(L, "__init__", fn_init, NULL));
    TRY(dict_setitem_cstr(L, ns, "__init__", f) == 0);
    obj_clearref(L, &f);
    TRY(f = tfunc(L, "__repr__", fn_repr, NULL));
    TRY(dict_setitem_cstr(L, ns, "__repr__", f) == 0);
    TRY(name = S(L, "A"));
    TRY(bases = tuple_new(L, 0));
    TRY(A = type_new(L, name, bases, ns));
    obj_clearref(L, &bases);
    TRY(bases = tuple_pack(L, 1, &A->ob));
    obj_clearref(L, &name);
    TRY(name = S(L, "B"));
    dict_clear(L, ns);
    TRY(x = TT(L, 2, S(L, "p"), S(L, "q")));
    TRY(dict_setitem_cstr(L, ns, "__slots__", x) == 0);
    obj_clearref(L, &x);
    TRY(B = type_new(L, name, bases, ns));
    /* instances with inline values, then a materialised dict */
    TRY(x = I(L, 1000));
    TRY(y = S(L, "value"));
    TRY(a = t_call(L, &B->ob, 2, x, y));
    for (int i = 0; i < 12; i++) {
        char nm[16];
        snprintf(nm, sizeof nm, "attr%d", i);
        TRY(obj_setattr_str(L, a, nm, x) == 0);
    }
    TRY(obj_setattr_str(L, a, "p", y) == 0);
    TRY(r = obj_repr(L, a));
    obj_clearref(L, &r);
    TRY(dd = obj_getattr_str(L, a, "__dict__"));
    TRY(r = obj_repr(L, dd));
    obj_clearref(L, &r);
    /* a dict that grows, loses half and is copied */
    TRY(d = dict_new(L));
    for (int64_t i = 0; i < 60; i++) {
        Obj *k = I(L, i * 1000);
        TRY(k);
        int rc = dict_setitem(L, d, k, y);
        obj_decref(L, k);
        TRY(rc == 0);
    }
    for (int64_t i = 0; i < 60; i += 2) {
        Obj *k = I(L, i * 1000);
        TRY(k);
        int rc = dict_delitem(L, d, k);
        obj_decref(L, k);
        TRY(rc == 0);
    }
    TRY(t = dict_copy(L, d));
    TRY(r = obj_repr(L, t));
    obj_clearref(L, &r);
    obj_clearref(L, &t);
    /* tuples and strs */
    TRY(t = tuple_pack(L, 4, a, d, x, y));
    TRY(r = obj_repr(L, t));
    obj_clearref(L, &r);
    TRY(r = str_concat(L, y, y));
    obj_clearref(L, &r);
    TRY(r = str_from_format(L, "%R and %S", t, x));
    obj_clearref(L, &r);
    /* an exception raised, caught and formatted */
    err_format(L, EXC_KeyError, "%R", x);
    TRY(!err_matches(L, EXC_MemoryError));
    TRY(r = err_fetch(L));
    obj_clearref(L, &r);
    ok = 0;
done:
    obj_xdecref(L, ns);
    obj_xdecref(L, name);
    obj_xdecref(L, bases);
    obj_xdecref(L, f);
    obj_xdecref(L, a);
    obj_xdecref(L, d);
    obj_xdecref(L, t);
    obj_xdecref(L, r);
    obj_xdecref(L, x);
    obj_xdecref(L, y);
    obj_xdecref(L, dd);
    obj_xdecref(L, (Obj *)A);
    obj_xdecref(L, (Obj *)B);
    return ok;
}

static void every_failed_allocation_ends_in_memory_error(void)
{
    t_fault_sweep(workload, 51, CHECK_ASAN ? 3 : 1);
}

int main(void)
{
    RUN(every_failed_allocation_ends_in_memory_error);
    return check_exit();
}
