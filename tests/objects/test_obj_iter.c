/* test_obj_iter.c - the object layer's iterators: list_iterator,
 * list_reverseiterator, set_iterator and the sequence iterator of classes
 * with only __getitem__ ("iterator"), as CPython 3.11's: the iterator
 * protocol through slots and through __next__ (StopIteration), ends that
 * drop the container, errors that do not, tracking and cycles through
 * iterators, types that cannot be instantiated, and an allocation-failure
 * sweep. (enumerate, zip, map, filter and reversed are the VM's:
 * src/vm/builtin_types.c.) */
#include "objtest.h"
#include "iterobject.h"
#include "listobject.h"
#include "setobject.h"

static Obj *call_method(Lang *L, Obj *self, const char *name, size_t nargs, ...)
{
    Obj *args[4];
    va_list ap;
    va_start(ap, nargs);
    for (size_t i = 0; i < nargs; i++)
        args[i] = va_arg(ap, Obj *);
    va_end(ap);
    return obj_call_method_str(L, self, name, args, nargs);
}

static Obj *int_list(Lang *L, int64_t from, int64_t to)
{
    Obj *l = list_new(L, 0);
    for (int64_t i = from; i < to; i++)
        list_append_take(L, l, I(L, i));
    return l;
}

/* __getitem__(self, i): i * 10 for i < 3; then IndexError, or
 * StopIteration when ctx says so, or ValueError when ctx is 2 (once). */
static Obj *fn_getitem(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)nargs;
    (void)kw;
    int *mode = ctx;
    int64_t i = int_as_i64(L, args[1]);
    if (i < 3)
        return I(L, i * 10);
    if (*mode == 2) {
        *mode = 0;
        return err_format(L, EXC_ValueError, "not now");
    }
    return err_format(L, *mode == 1 ? EXC_StopIteration : EXC_IndexError, "end");
}

static void sequence_iterator(void)
{
    Lang *L = t_begin();
    static int mode;
    TypeObject *G = t_class(L, "G", NULL, "__getitem__", tfunc(L, "__getitem__", fn_getitem, &mode),
                            NULL);
    Obj *g = obj_call0(L, &G->ob);
    for (mode = 0; mode < 2; mode++) {
        Obj *it = obj_iter(L, g);
        CHECK(strcmp(obj_type_name(it), "iterator") == 0);
        CHECK_REPR_TAKE(L, obj_next(L, it), "0");
        CHECK_REPR_TAKE(L, obj_next(L, it), "10");
        CHECK_REPR_TAKE(L, obj_next(L, it), "20");
        intptr_t before = g->refcnt;
        CHECK(obj_next(L, it) == NULL && !err_occurred(L));   /* IndexError / StopIteration end it */
        CHECK_EQ(g->refcnt, before - 1);
        CHECK(obj_next(L, it) == NULL && !err_occurred(L));
        obj_decref(L, it);
    }
    /* another error propagates and the iterator goes on afterwards */
    mode = 2;
    Obj *it = obj_iter(L, g);
    for (int i = 0; i < 3; i++)
        obj_decref(L, obj_next(L, it));
    CHECK(obj_next(L, it) == NULL);
    CHECK_EXC(L, EXC_ValueError, "not now");
    CHECK(obj_next(L, it) == NULL && !err_occurred(L));
    obj_decref(L, it);
    /* `in` and list() through the sequence protocol */
    mode = 0;
    Obj *ten = I(L, 10), *five = I(L, 5);
    CHECK_EQ(obj_contains(L, g, ten), 1);
    CHECK_EQ(obj_contains(L, g, five), 0);
    CHECK_REPR_TAKE(L, list_from_iterable(L, g), "[0, 10, 20]");
    obj_decref(L, ten);
    obj_decref(L, five);
    obj_decref(L, g);
    obj_decref(L, &G->ob);
    t_end(L);
}

static void iterator_protocol(void)
{
    Lang *L = t_begin();
    Obj *l = int_list(L, 1, 3), *s = set_new(L, l);
    Obj *its[3] = {obj_iter(L, l), call_method(L, l, "__reversed__", 0), obj_iter(L, s)};
    const char *names[3] = {"list_iterator", "list_reverseiterator", "set_iterator"};
    const char *firsts[3] = {"1", "2", "1"};
    for (int k = 0; k < 3; k++) {
        Obj *it = its[k];
        CHECK(strcmp(obj_type_name(it), names[k]) == 0);
        CHECK(ouro_gc_is_tracked(it));
        Obj *self = obj_iter(L, it);                 /* iter(it) is it */
        CHECK(self == it);
        obj_xdecref(L, self);
        CHECK_REPR_TAKE(L, call_method(L, it, "__next__", 0), firsts[k]);
        CHECK_REPR_TAKE(L, call_method(L, it, "__next__", 0), k == 1 ? "1" : "2");
        CHECK_REPR_TAKE(L, call_method(L, it, "__next__", 0), NULL);
        CHECK_EXC(L, EXC_StopIteration, "");
        CHECK_REPR_TAKE(L, call_method(L, it, "__length_hint__", 0), "0");
        /* the iterator types cannot be instantiated */
        char msg[64];
        snprintf(msg, sizeof msg, "cannot create '%s' instances", names[k]);
        CHECK_REPR_TAKE(L, obj_call0(L, &TYPE(it)->ob), NULL);
        CHECK_EXC(L, EXC_TypeError, msg);
        obj_decref(L, it);
    }
    obj_decref(L, s);
    obj_decref(L, l);
    t_end(L);
}

static void cycles_through_iterators(void)
{
    Lang *L = t_begin();
    TypeObject *O = t_class(L, "O", NULL, NULL);
    /* o -> list iterator -> list -> o, and the same through the reverse
     * iterator and a set iterator (o is hashable) */
    for (int k = 0; k < 3; k++) {
        Obj *o = obj_call0(L, &O->ob), *c, *it;
        if (k < 2) {
            c = list_new(L, 0);
            list_append(L, c, o);
            it = k == 0 ? obj_iter(L, c) : call_method(L, c, "__reversed__", 0);
        } else {
            c = set_new(L, NULL);
            set_add(L, c, o);
            it = obj_iter(L, c);
        }
        obj_setattr_str(L, o, "it", it);
        obj_decref(L, it);
        obj_decref(L, c);
        obj_decref(L, o);
        CHECK(ouro_gc_collect(L->rt, 2) >= 3);
    }
    /* an exhausted iterator holds nothing: no cycle is left */
    Obj *o = obj_call0(L, &O->ob), *c = list_new(L, 0);
    list_append(L, c, o);
    Obj *it = obj_iter(L, c);
    obj_setattr_str(L, o, "it", it);
    obj_decref(L, obj_next(L, it));
    CHECK(obj_next(L, it) == NULL);
    obj_decref(L, it);
    list_clear(L, c);
    obj_decref(L, c);
    CHECK_EQ(o->refcnt, 1);
    obj_decref(L, o);
    CHECK_EQ(ouro_gc_collect(L->rt, 2), 0);
    obj_decref(L, &O->ob);
    t_end(L);
}

#define TRY(expr)            \
    do {                     \
        if (!(expr))         \
            goto done;       \
    } while (0)

static int workload(Lang *L)
{
    int ok = -1;
    Obj *l = NULL, *s = NULL, *it = NULL, *x = NULL, *r = NULL;
    TRY(l = list_new(L, 0));
    for (int64_t i = 0; i < 20; i++) {
        TRY(x = I(L, i * 1000));
        int rc = list_append_take(L, l, x);   /* takes x, even on failure */
        x = NULL;
        TRY(rc == 0);
    }
    TRY(s = set_new(L, l));
    for (int k = 0; k < 3; k++) {
        TRY(it = k == 0 ? obj_iter(L, l) : k == 1 ? obj_iter(L, s) : call_method(L, l, "__reversed__", 0));
        TRY(r = list_from_iterable(L, it));
        obj_clearref(L, &r);
        obj_clearref(L, &it);
    }
    ok = 0;
done:
    obj_xdecref(L, l);
    obj_xdecref(L, s);
    obj_xdecref(L, it);
    obj_xdecref(L, x);
    obj_xdecref(L, r);
    return ok;
}

static void every_failed_allocation_ends_in_memory_error(void)
{
    t_fault_sweep(workload, 1, 1);
}

int main(void)
{
    RUN(sequence_iterator);
    RUN(iterator_protocol);
    RUN(cycles_through_iterators);
    RUN(every_failed_allocation_ends_in_memory_error);
    return check_exit();
}
