/* test_obj_types.c - classes made by type_new: MRO, layout and __slots__,
 * attribute access and its errors, inline attribute values, special
 * methods written "in Python" (tfunc), finalizers, subclassing built-in
 * types. Expected texts come from CPython 3.11. */
#include "objtest.h"

/* ------------------------------------------------------------------ */
/* Test functions                                                      */
/* ------------------------------------------------------------------ */

static char LOG[1024];

static void log_add(const char *s)
{
    strncat(LOG, s, sizeof LOG - strlen(LOG) - 1);
}

/* Returns the str ctx. */
static Obj *fn_str(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)args;
    (void)nargs;
    (void)kw;
    return str_from_cstr(L, (const char *)ctx);
}

/* Logs ctx, returns None. */
static Obj *fn_log(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)args;
    (void)nargs;
    (void)kw;
    log_add((const char *)ctx);
    return new_none(L);
}

/* Returns the int ctx. */
static Obj *fn_int(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)args;
    (void)nargs;
    (void)kw;
    return int_from_i64(L, (int64_t)(intptr_t)ctx);
}

/* Returns the object ctx (a singleton, borrowed). */
static Obj *fn_obj(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)L;
    (void)args;
    (void)nargs;
    (void)kw;
    return obj_newref((Obj *)ctx);
}

/* Returns its arguments as a tuple. */
static Obj *fn_args(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)kw;
    (void)ctx;
    return tuple_from_array(L, args, nargs);
}

/* __init__(self, a, b): self.a = a; self.b = b */
static Obj *fn_init_ab(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)kw;
    (void)ctx;
    if (nargs != 3)
        return err_format(L, EXC_TypeError, "__init__() takes 3 positional arguments but %zu were given", nargs);
    if (obj_setattr_str(L, args[0], "a", args[1]) < 0 || obj_setattr_str(L, args[0], "b", args[2]) < 0)
        return NULL;
    return new_none(L);
}

/* Raises exc_types[ctx] with message "boom". */
static Obj *fn_raise(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)args;
    (void)nargs;
    (void)kw;
    return err_format(L, (int)(intptr_t)ctx, "boom");
}

/* __getattr__(self, name): "dyn:" + name */
static Obj *fn_getattr(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)nargs;
    (void)kw;
    (void)ctx;
    if (str_equal_cstr(args[1], "missing"))
        return err_format(L, EXC_AttributeError, "really missing");
    return str_from_format(L, "dyn:%U", args[1]);
}

/* __setattr__(self, name, value): logs the name, stores value * 2 via
 * object.__setattr__. */
static Obj *fn_setattr(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)nargs;
    (void)kw;
    (void)ctx;
    log_add(str_data(args[1]));
    Obj *two = I(L, 2);
    Obj *v = obj_binary_op(L, args[2], two, NB_MULTIPLY);
    obj_decref(L, two);
    if (v == NULL)
        return NULL;
    int r = object_generic_setattr(L, args[0], args[1], v);
    obj_decref(L, v);
    return r < 0 ? NULL : new_none(L);
}

/* __getitem__(self, key): key * 10 */
static Obj *fn_getitem(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)nargs;
    (void)kw;
    (void)ctx;
    Obj *ten = I(L, 10);
    Obj *r = obj_binary_op(L, args[1], ten, NB_MULTIPLY);
    obj_decref(L, ten);
    return r;
}

/* __next__(self): counts self.n up to 3, then StopIteration. */
static Obj *fn_next(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)nargs;
    (void)kw;
    (void)ctx;
    Obj *n = obj_getattr_str(L, args[0], "n");
    if (n == NULL)
        return NULL;
    int64_t v = int_as_i64(L, n);
    obj_decref(L, n);
    if (v >= 3)
        return err_set_object(L, &L->exc_types[EXC_StopIteration]->ob);
    Obj *next = I(L, v + 1);
    int r = obj_setattr_str(L, args[0], "n", next);
    if (r < 0) {
        obj_decref(L, next);
        return NULL;
    }
    return next;
}

/* __new__(cls, *args): returns the int 42 (so __init__ is skipped). */
static Obj *fn_new_42(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)args;
    (void)nargs;
    (void)kw;
    (void)ctx;
    return I(L, 42);
}

/* __new__(cls, *args): object.__new__(cls), logging. */
static Obj *fn_new_obj(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)nargs;
    (void)kw;
    (void)ctx;
    log_add("new;");
    return object_new(L, (TypeObject *)args[0], NULL, 0, NULL);
}

#define F(name, fn, ctx) (name), tfunc(L, (name), (fn), (void *)(ctx))
#define NOBASES ((TypeObject *const *)NULL)

/* ------------------------------------------------------------------ */
/* Cases                                                               */
/* ------------------------------------------------------------------ */

static void class_basics(void)
{
    Lang *L = t_begin();
    TypeObject *A = t_class(L, "A", NOBASES, NULL);
    CHECK(A != NULL);
    CHECK_REPR_TAKE(L, obj_newref(&A->ob), "<class '__main__.A'>");
    CHECK_REPR_TAKE(L, obj_getattr_str(L, &A->ob, "__mro__"), "(<class '__main__.A'>, <class 'object'>)");
    CHECK_REPR_TAKE(L, obj_getattr_str(L, &A->ob, "__bases__"), "(<class 'object'>,)");
    CHECK_REPR_TAKE(L, obj_getattr_str(L, &A->ob, "__name__"), "'A'");
    CHECK_REPR_TAKE(L, obj_getattr_str(L, &A->ob, "__doc__"), "None");
    Obj *a = obj_call0(L, &A->ob);
    CHECK(a != NULL && IS_TYPE(a, A));
    CHECK(ouro_gc_is_tracked(a));
    CHECK(ouro_type_is_weakrefable(a->type));
    Obj *r = obj_repr(L, a);
    CHECK(r && strncmp(str_data(r), "<__main__.A object at 0x", 24) == 0);
    obj_xdecref(L, r);
    Obj *one = I(L, 1);
    CHECK(obj_setattr_str(L, a, "x", one) == 0);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, a, "x"), "1");
    CHECK(obj_getattr_str(L, a, "y") == NULL);
    CHECK_EXC(L, EXC_AttributeError, "'A' object has no attribute 'y'");
    CHECK(obj_getattr_str(L, &A->ob, "y") == NULL);
    CHECK_EXC(L, EXC_AttributeError, "type object 'A' has no attribute 'y'");
    CHECK(obj_getattr_str(L, L->none, "y") == NULL);
    CHECK_EXC(L, EXC_AttributeError, "'NoneType' object has no attribute 'y'");
    CHECK(obj_setattr(L, a, one, one) < 0);
    CHECK_EXC(L, EXC_TypeError, "attribute name must be string, not 'int'");
    CHECK_EQ(obj_isinstance(a, A), 1);
    CHECK_EQ(obj_isinstance(a, L->t_object), 1);
    CHECK_EQ(obj_isinstance(a, L->t_int), 0);
    Obj *o = obj_call0(L, &L->t_object->ob);
    CHECK(obj_setattr_str(L, o, "x", one) < 0);
    CHECK_EXC(L, EXC_AttributeError, "'object' object has no attribute 'x'");
    CHECK(obj_setattr_str(L, one, "real", one) < 0);
    CHECK_EXC(L, EXC_AttributeError, "attribute 'real' of 'int' objects is not writable");
    CHECK(obj_setattr_str(L, &L->t_int->ob, "x", one) < 0);
    CHECK_EXC(L, EXC_TypeError, "cannot set 'x' attribute of immutable type 'int'");
    obj_decref(L, o);
    obj_decref(L, one);
    obj_decref(L, a);
    obj_decref(L, &A->ob);
    t_end(L);
}

static void mro_and_bases(void)
{
    Lang *L = t_begin();
    TypeObject *A = t_class(L, "A", NOBASES, NULL);
    TypeObject *B = t_class(L, "B", (TypeObject *[]){A, NULL}, NULL);
    TypeObject *C = t_class(L, "C", (TypeObject *[]){A, NULL}, NULL);
    TypeObject *D = t_class(L, "D", (TypeObject *[]){B, C, NULL}, NULL);
    CHECK(D != NULL);
    CHECK_REPR_TAKE(L, obj_newref(D->mro),
                    "(<class '__main__.D'>, <class '__main__.B'>, <class '__main__.C'>, "
                    "<class '__main__.A'>, <class 'object'>)");
    TypeObject *E = t_class(L, "E", (TypeObject *[]){A, D, NULL}, NULL);
    CHECK(E == NULL);
    CHECK_EXC(L, EXC_TypeError, "Cannot create a consistent method resolution\norder (MRO) for bases A, D");
    E = t_class(L, "E", (TypeObject *[]){A, A, NULL}, NULL);
    CHECK_EXC(L, EXC_TypeError, "duplicate base class A");
    E = t_class(L, "E", (TypeObject *[]){L->t_bool, NULL}, NULL);
    CHECK_EXC(L, EXC_TypeError, "type 'bool' is not an acceptable base type");
    E = t_class(L, "E", (TypeObject *[]){L->t_int, L->t_str, NULL}, NULL);
    CHECK_EXC(L, EXC_TypeError, "multiple bases have instance lay-out conflict");
    E = t_class(L, "E", (TypeObject *[]){L->t_int, A, NULL}, NULL);
    CHECK(E != NULL && E->base == L->t_int);
    obj_xdecref(L, &E->ob);
    CHECK(type_is_subtype(D, A) && !type_is_subtype(A, D));
    Obj *t = tuple_pack(L, 2, &C->ob, &L->t_int->ob);
    CHECK_EQ(obj_issubclass_of(L, &D->ob, t), 1);
    CHECK_EQ(obj_issubclass_of(L, &A->ob, t), 0);
    CHECK_EQ(obj_issubclass_of(L, L->none, t), -1);
    CHECK_EXC(L, EXC_TypeError, "issubclass() arg 1 must be a class");
    CHECK_EQ(obj_isinstance_of(L, L->none, L->none), -1);
    CHECK_EXC(L, EXC_TypeError, "isinstance() arg 2 must be a type, a tuple of types, or a union");
    obj_decref(L, t);
    obj_decref(L, &D->ob);
    obj_decref(L, &C->ob);
    obj_decref(L, &B->ob);
    obj_decref(L, &A->ob);
    t_end(L);
}

static void inline_attributes_keep_insertion_order(void)
{
    Lang *L = t_begin();
    TypeObject *A = t_class(L, "A", NOBASES, NULL);
    Obj *a = obj_call0(L, &A->ob), *b = obj_call0(L, &A->ob);
    Obj *v1 = I(L, 1), *v2 = I(L, 2);
    CHECK(TYPE_HAS(A, TF_INLINE_VALUES));
    obj_setattr_str(L, a, "x", v1);
    obj_setattr_str(L, a, "y", v2);
    obj_setattr_str(L, b, "y", v1);
    obj_setattr_str(L, b, "x", v2);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, a, "__dict__"), "{'x': 1, 'y': 2}");
    /* b's order is its own, though A's shared keys say x, y. */
    Obj *bd = obj_getattr_str(L, b, "__dict__");
    CHECK_REPR_TAKE(L, obj_newref(bd), "{'y': 1, 'x': 2}");
    Obj *bd2 = obj_getattr_str(L, b, "__dict__");
    CHECK(bd == bd2);     /* materialised once, the same live dict */
    obj_xdecref(L, bd2);
    /* The dict is the storage from now on. */
    dict_setitem_cstr(L, bd, "z", v1);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, b, "z"), "1");
    obj_setattr_str(L, b, "w", v2);
    CHECK_REPR_TAKE(L, obj_newref(bd), "{'y': 1, 'x': 2, 'z': 1, 'w': 2}");
    obj_decref(L, bd);
    /* Deleting inline, then re-adding goes to the end. */
    CHECK(obj_setattr_str(L, a, "x", NULL) == 0);
    CHECK(obj_setattr_str(L, a, "x", NULL) < 0);
    CHECK_EXC(L, EXC_AttributeError, "'A' object has no attribute 'x'");
    obj_setattr_str(L, a, "x", v2);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, a, "__dict__"), "{'y': 2, 'x': 2}");
    /* More attributes than inline room: transparent. */
    Obj *c = obj_call0(L, &A->ob);
    char name[16];
    for (int i = 0; i < 20; i++) {
        snprintf(name, sizeof name, "a%d", i);
        Obj *v = I(L, i);
        CHECK(obj_setattr_str(L, c, name, v) == 0);
        obj_decref(L, v);
    }
    for (int i = 0; i < 20; i++) {
        snprintf(name, sizeof name, "a%d", i);
        Obj *v = obj_getattr_str(L, c, name);
        CHECK(v != NULL && int_as_i64(L, v) == i);
        obj_xdecref(L, v);
    }
    Obj *cd = obj_getattr_str(L, c, "__dict__");
    CHECK_EQ(dict_size(cd), 20);
    obj_xdecref(L, cd);
    /* __dict__ assignment */
    Obj *nd = dict_new(L);
    dict_setitem_cstr(L, nd, "q", v1);
    CHECK(obj_setattr_str(L, c, "__dict__", nd) == 0);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, c, "q"), "1");
    CHECK(obj_getattr_str(L, c, "a0") == NULL);
    CHECK_EXC(L, EXC_AttributeError, "'A' object has no attribute 'a0'");
    CHECK(obj_setattr_str(L, c, "__dict__", v1) < 0);
    CHECK_EXC(L, EXC_TypeError, "__dict__ must be set to a dictionary, not a 'int'");
    obj_decref(L, nd);
    obj_decref(L, c);
    obj_decref(L, v1);
    obj_decref(L, v2);
    obj_decref(L, a);
    obj_decref(L, b);
    obj_decref(L, &A->ob);
    t_end(L);
}

static void slots(void)
{
    Lang *L = t_begin();
    TypeObject *Sl = t_class(L, "S", NOBASES, "__slots__", TT(L, 2, S(L, "y"), S(L, "x")), NULL);
    CHECK(S != NULL);
    Obj *s = obj_call0(L, &Sl->ob);
    CHECK(!ouro_type_is_weakrefable(s->type));
    CHECK(ouro_gc_is_tracked(s));
    CHECK(obj_getattr_str(L, s, "x") == NULL);
    CHECK_EXC(L, EXC_AttributeError, "'S' object has no attribute 'x'");
    CHECK(obj_setattr_str(L, s, "x", NULL) < 0);
    CHECK_EXC(L, EXC_AttributeError, "x");
    Obj *v = I(L, 5);
    CHECK(obj_setattr_str(L, s, "x", v) == 0);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, s, "x"), "5");
    CHECK(obj_setattr_str(L, s, "z", v) < 0);
    CHECK_EXC(L, EXC_AttributeError, "'S' object has no attribute 'z'");
    CHECK(obj_getattr_str(L, s, "__dict__") == NULL);
    CHECK_EXC(L, EXC_AttributeError, "'S' object has no attribute '__dict__'");
    CHECK_REPR_TAKE(L, obj_getattr_str(L, &Sl->ob, "x"), "<member 'x' of 'S' objects>");
    /* sorted: x before y in the layout */
    CHECK(Sl->nslot_members == 2 && strcmp(Sl->slot_members[0].name, "x") == 0);
    /* a subclass without __slots__ gets __dict__ and __weakref__ back */
    TypeObject *T = t_class(L, "T", (TypeObject *[]){Sl, NULL}, NULL);
    Obj *t = obj_call0(L, &T->ob);
    CHECK(ouro_type_is_weakrefable(t->type));
    CHECK(obj_setattr_str(L, t, "z", v) == 0 && obj_setattr_str(L, t, "x", v) == 0);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, t, "__dict__"), "{'z': 5}");
    /* __weakref__ and __dict__ in __slots__ */
    TypeObject *W = t_class(L, "W", NOBASES, "__slots__", TT(L, 2, S(L, "__weakref__"), S(L, "__dict__")), NULL);
    Obj *w = obj_call0(L, &W->ob);
    CHECK(ouro_type_is_weakrefable(w->type));
    CHECK(obj_setattr_str(L, w, "q", v) == 0);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, w, "__weakref__"), "None");
    /* errors */
    TypeObject *X = t_class(L, "X", NOBASES, "x", I(L, 1), "__slots__", S(L, "x"), NULL);
    CHECK(X == NULL);
    CHECK_EXC(L, EXC_ValueError, "'x' in __slots__ conflicts with class variable");
    X = t_class(L, "X", (TypeObject *[]){L->t_int, NULL}, "__slots__", S(L, "x"), NULL);
    CHECK_EXC(L, EXC_TypeError, "nonempty __slots__ not supported for subtype of 'int'");
    X = t_class(L, "X", NOBASES, "__slots__", TT(L, 1, obj_newref(v)), NULL);
    CHECK_EXC(L, EXC_TypeError, "__slots__ items must be strings, not 'int'");
    X = t_class(L, "X", (TypeObject *[]){T, NULL}, "__slots__", S(L, "__dict__"), NULL);
    CHECK_EXC(L, EXC_TypeError, "__dict__ slot disallowed: we already got one");
    X = t_class(L, "X", NOBASES, "__slots__", S(L, "1x"), NULL);
    CHECK_EXC(L, EXC_TypeError, "__slots__ must be identifiers");
    /* private names are mangled */
    X = t_class(L, "_X", NOBASES, "__slots__", S(L, "__p"), NULL);
    CHECK(X != NULL && X->nslot_members == 1 && strcmp(X->slot_members[0].name, "_X__p") == 0);
    obj_xdecref(L, &X->ob);
    obj_decref(L, w);
    obj_decref(L, &W->ob);
    obj_decref(L, t);
    obj_decref(L, &T->ob);
    obj_decref(L, v);
    obj_decref(L, s);
    obj_decref(L, &Sl->ob);
    t_end(L);
}

static void special_methods(void)
{
    Lang *L = t_begin();
    TypeObject *A = t_class(L, "A", NOBASES,
                            F("__repr__", fn_str, "<an A>"),
                            F("__len__", fn_int, 3),
                            F("__getitem__", fn_getitem, 0),
                            F("__call__", fn_args, 0),
                            F("__add__", fn_str, "A.add"),
                            F("__radd__", fn_str, "A.radd"),
                            F("__init__", fn_init_ab, 0),
                            NULL);
    CHECK(A != NULL);
    Obj *one = I(L, 1), *two = I(L, 2);
    Obj *a = t_call(L, &A->ob, 2, one, two);
    CHECK(a != NULL);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, a, "b"), "2");
    CHECK_REPR_TAKE(L, obj_newref(a), "<an A>");
    CHECK_EQ(obj_length(L, a), 3);
    CHECK_EQ(obj_is_true(L, a), 1);
    CHECK_REPR_TAKE(L, obj_getitem(L, a, two), "20");
    CHECK_REPR_TAKE(L, t_call(L, a, 2, one, two), "(<an A>, 1, 2)");
    CHECK_REPR_TAKE(L, obj_binary_op(L, a, one, NB_ADD), "'A.add'");
    CHECK_REPR_TAKE(L, obj_binary_op(L, one, a, NB_ADD), "'A.radd'");
    CHECK(obj_binary_op(L, a, a, NB_SUBTRACT) == NULL);
    CHECK_EXC(L, EXC_TypeError, "unsupported operand type(s) for -: 'A' and 'A'");
    CHECK(obj_richcompare(L, a, one, CMP_LT) == NULL);
    CHECK_EXC(L, EXC_TypeError, "'<' not supported between instances of 'A' and 'int'");
    CHECK(t_call(L, &A->ob, 1, one) == NULL);
    CHECK_EXC(L, EXC_TypeError, "__init__() takes 3 positional arguments but 2 were given");
    /* A's hash is object's; a class with __eq__ and no __hash__ is unhashable */
    CHECK(obj_hash(L, a) != -1);
    TypeObject *E = t_class(L, "E", NOBASES, F("__eq__", fn_obj, L->true_), NULL);
    Obj *e = obj_call0(L, &E->ob);
    CHECK(obj_hash(L, e) == -1);
    CHECK_EXC(L, EXC_TypeError, "unhashable type: 'E'");
    CHECK_EQ(obj_richcompare_bool(L, e, one, CMP_EQ), 1);
    CHECK_EQ(obj_richcompare_bool(L, e, one, CMP_NE), 0);   /* __ne__ inverts __eq__ */
    CHECK_EQ(obj_richcompare_bool(L, one, e, CMP_EQ), 1);   /* reflected */
    /* __bool__ wins over __len__; a non-bool result is an error */
    TypeObject *B = t_class(L, "B", NOBASES, F("__bool__", fn_obj, L->false_), F("__len__", fn_int, 3), NULL);
    Obj *b = obj_call0(L, &B->ob);
    CHECK_EQ(obj_is_true(L, b), 0);
    TypeObject *BB = t_class(L, "BB", NOBASES, F("__bool__", fn_int, 1), NULL);
    Obj *bb = obj_call0(L, &BB->ob);
    CHECK_EQ(obj_is_true(L, bb), -1);
    CHECK_EXC(L, EXC_TypeError, "__bool__ should return bool, returned int");
    TypeObject *N = t_class(L, "N", NOBASES, F("__len__", fn_int, -1), NULL);
    Obj *n = obj_call0(L, &N->ob);
    CHECK_EQ(obj_length(L, n), -1);
    CHECK_EXC(L, EXC_ValueError, "__len__() should return >= 0");
    obj_decref(L, n);
    obj_decref(L, &N->ob);
    obj_decref(L, bb);
    obj_decref(L, &BB->ob);
    obj_decref(L, b);
    obj_decref(L, &B->ob);
    obj_decref(L, e);
    obj_decref(L, &E->ob);
    obj_decref(L, a);
    obj_decref(L, one);
    obj_decref(L, two);
    obj_decref(L, &A->ob);
    t_end(L);
}

static void reflected_operand_of_subclass_goes_first(void)
{
    Lang *L = t_begin();
    TypeObject *A = t_class(L, "A", NOBASES, F("__add__", fn_str, "A.add"), F("__radd__", fn_str, "A.radd"), NULL);
    TypeObject *B = t_class(L, "B", (TypeObject *[]){A, NULL}, F("__radd__", fn_str, "B.radd"), NULL);
    TypeObject *C = t_class(L, "C", (TypeObject *[]){A, NULL}, NULL);
    Obj *a = obj_call0(L, &A->ob), *b = obj_call0(L, &B->ob), *c = obj_call0(L, &C->ob);
    CHECK_REPR_TAKE(L, obj_binary_op(L, a, b, NB_ADD), "'B.radd'");
    CHECK_REPR_TAKE(L, obj_binary_op(L, a, c, NB_ADD), "'A.add'");   /* not overridden */
    CHECK_REPR_TAKE(L, obj_binary_op(L, b, a, NB_ADD), "'A.add'");
    obj_decref(L, a);
    obj_decref(L, b);
    obj_decref(L, c);
    obj_decref(L, &C->ob);
    obj_decref(L, &B->ob);
    obj_decref(L, &A->ob);
    t_end(L);
}

static void getattr_setattr_iter_new(void)
{
    Lang *L = t_begin();
    LOG[0] = '\0';
    TypeObject *G = t_class(L, "G", NOBASES, F("__getattr__", fn_getattr, 0),
                            F("__setattr__", fn_setattr, 0), "k", I(L, 7), NULL);
    Obj *g = obj_call0(L, &G->ob);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, g, "k"), "7");          /* found normally */
    CHECK_REPR_TAKE(L, obj_getattr_str(L, g, "zz"), "'dyn:zz'");  /* fallback */
    CHECK(obj_getattr_str(L, g, "missing") == NULL);
    CHECK_EXC(L, EXC_AttributeError, "really missing");
    Obj *three = I(L, 3);
    CHECK(obj_setattr_str(L, g, "v", three) == 0);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, g, "v"), "6");
    CHECK(strcmp(LOG, "v") == 0);
    CHECK_EQ(obj_hasattr(L, g, ID(L, __init__)), 1);
    obj_decref(L, three);
    obj_decref(L, g);
    obj_decref(L, &G->ob);
    /* __new__ returning something else skips __init__ */
    TypeObject *N = t_class(L, "N", NOBASES, F("__new__", fn_new_42, 0), F("__init__", fn_log, "init;"), NULL);
    LOG[0] = '\0';
    CHECK_REPR_TAKE(L, obj_call0(L, &N->ob), "42");
    CHECK(LOG[0] == '\0');
    CHECK(IS_TYPE(dict_getitem_str(N->dict, ID(L, __new__)), L->t_staticmethod));
    TypeObject *M = t_class(L, "M", NOBASES, F("__new__", fn_new_obj, 0), F("__init__", fn_log, "init;"), NULL);
    Obj *m = obj_call0(L, &M->ob);
    CHECK(m != NULL && IS_TYPE(m, M));
    CHECK(strcmp(LOG, "new;init;") == 0);
    obj_xdecref(L, m);
    obj_decref(L, &M->ob);
    obj_decref(L, &N->ob);
    t_end(L);
}

static void iteration(void)
{
    Lang *L = t_begin();
    /* __iter__ returning self */
    TypeObject *It = t_class(L, "It", NOBASES, F("__next__", fn_next, 0), "n", I(L, 0), NULL);
    Obj *it = obj_call0(L, &It->ob);
    CHECK(obj_iter(L, it) == NULL);
    CHECK_EXC(L, EXC_TypeError, "'It' object is not iterable");
    int64_t sum = 0;
    Obj *x;
    while ((x = obj_next(L, it)) != NULL) {
        sum += int_as_i64(L, x);
        obj_decref(L, x);
    }
    CHECK_NO_EXC(L);
    CHECK_EQ(sum, 6);
    /* __getitem__ only: the sequence iterator (stops at IndexError) */
    TypeObject *Sq = t_class(L, "Sq", NOBASES, F("__getitem__", fn_raise, EXC_IndexError), NULL);
    Obj *sq = obj_call0(L, &Sq->ob);
    Obj *si = obj_iter(L, sq);
    CHECK(si != NULL);
    CHECK(obj_next(L, si) == NULL);
    CHECK_NO_EXC(L);
    obj_xdecref(L, si);
    obj_decref(L, sq);
    obj_decref(L, &Sq->ob);
    obj_decref(L, it);
    obj_decref(L, &It->ob);
    t_end(L);
}

static void finalizers(void)
{
    Lang *L = t_begin();
    LOG[0] = '\0';
    TypeObject *D = t_class(L, "D", NOBASES, F("__del__", fn_log, "del;"), NULL);
    Obj *d = obj_call0(L, &D->ob);
    obj_decref(L, d);
    CHECK(strcmp(LOG, "del;") == 0);
    /* in a cycle: only the collector frees it, once */
    d = obj_call0(L, &D->ob);
    obj_setattr_str(L, d, "me", d);
    obj_decref(L, d);
    CHECK(strcmp(LOG, "del;") == 0);
    CHECK(ouro_gc_collect(L->rt, 2) >= 1);
    CHECK(strcmp(LOG, "del;del;") == 0);
    obj_decref(L, &D->ob);
    t_end(L);
}

static void raise_in_del(void *arg)
{
    Lang *L = arg;
    TypeObject *D = t_class(L, "D", NOBASES, F("__del__", fn_raise, EXC_ZeroDivisionError), NULL);
    Obj *d = obj_call0(L, &D->ob);
    obj_decref(L, d);
    obj_decref(L, &D->ob);
}

static void exception_in_del_is_reported(void)
{
    Lang *L = t_begin();
    char buf[512];
    t_capture_stderr(raise_in_del, L, buf, sizeof buf);
    CHECK(strcmp(buf, "Exception ignored in: <function __del__>\nZeroDivisionError: boom\n") == 0);
    if (check_case_failed)
        fprintf(stderr, "  got: %s", buf);
    CHECK_NO_EXC(L);
    t_end(L);
}

static void dunders_assigned_later(void)
{
    Lang *L = t_begin();
    TypeObject *A = t_class(L, "A", NOBASES, NULL);
    TypeObject *B = t_class(L, "B", (TypeObject *[]){A, NULL}, NULL);
    Obj *b = obj_call0(L, &B->ob);
    Obj *f = tfunc(L, "__repr__", fn_str, (void *)"late");
    CHECK(obj_setattr_str(L, &A->ob, "__repr__", f) == 0);
    CHECK_REPR_TAKE(L, obj_newref(b), "late");
    CHECK(obj_setattr_str(L, &A->ob, "__repr__", NULL) == 0);
    Obj *r = obj_repr(L, b);
    CHECK(r && strncmp(str_data(r), "<__main__.B object", 18) == 0);
    obj_xdecref(L, r);
    CHECK(obj_setattr_str(L, &A->ob, "__repr__", NULL) < 0);
    CHECK_EXC(L, EXC_AttributeError, "type object 'A' has no attribute '__repr__'");
    /* the method cache follows changes of a base's dict */
    Obj *one = I(L, 1), *two = I(L, 2);
    obj_setattr_str(L, &A->ob, "x", one);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, b, "x"), "1");
    obj_setattr_str(L, &A->ob, "x", two);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, b, "x"), "2");
    obj_setattr_str(L, &B->ob, "x", one);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, b, "x"), "1");
    obj_decref(L, one);
    obj_decref(L, two);
    obj_decref(L, f);
    obj_decref(L, b);
    obj_decref(L, &B->ob);
    obj_decref(L, &A->ob);
    t_end(L);
}

static void object_init_and_new_errors(void)
{
    Lang *L = t_begin();
    Obj *one = I(L, 1);
    TypeObject *A = t_class(L, "A", NOBASES, NULL);
    CHECK(t_call(L, &A->ob, 1, one) == NULL);
    CHECK_EXC(L, EXC_TypeError, "A() takes no arguments");
    TypeObject *B = t_class(L, "B", NOBASES, F("__init__", fn_log, ""), NULL);
    Obj *b = t_call(L, &B->ob, 1, one);
    CHECK(b != NULL);
    Obj *init = obj_getattr_str(L, &L->t_object->ob, "__init__");
    CHECK(t_call(L, init, 2, b, one) == NULL);
    CHECK_EXC(L, EXC_TypeError, "object.__init__() takes exactly one argument (the instance to initialize)");
    Obj *onew = obj_getattr_str(L, &L->t_object->ob, "__new__");
    CHECK(t_call(L, onew, 2, &A->ob, one) == NULL);
    CHECK_EXC(L, EXC_TypeError, "A() takes no arguments");
    CHECK(t_call(L, onew, 1, &L->t_int->ob) == NULL);
    CHECK_EXC(L, EXC_TypeError, "object.__new__(int) is not safe, use int.__new__()");
    CHECK(t_call(L, onew, 1, one) == NULL);
    CHECK_EXC(L, EXC_TypeError, "object.__new__(X): X is not a type object (int)");
    Obj *inew = obj_getattr_str(L, &L->t_int->ob, "__new__");
    CHECK(t_call(L, inew, 1, &L->t_bool->ob) == NULL);
    CHECK_EXC(L, EXC_TypeError, "int.__new__(bool) is not safe, use bool.__new__()");
    CHECK(obj_call0(L, &L->t_method_descr->ob) == NULL);
    CHECK_EXC(L, EXC_TypeError, "cannot create 'method_descriptor' instances");
    obj_decref(L, inew);
    obj_decref(L, onew);
    obj_decref(L, init);
    obj_decref(L, b);
    obj_decref(L, &B->ob);
    obj_decref(L, &A->ob);
    obj_decref(L, one);
    t_end(L);
}

static void subclasses_of_builtins(void)
{
    Lang *L = t_begin();
    Obj *one = I(L, 1), *five = I(L, 5);
    /* int */
    TypeObject *In = t_class(L, "In", (TypeObject *[]){L->t_int, NULL}, NULL);
    Obj *i = t_call(L, &In->ob, 1, five);
    CHECK(i != NULL && IS_TYPE(i, In));
    CHECK(!ouro_type_is_weakrefable(i->type));
    CHECK(obj_setattr_str(L, i, "tag", one) == 0);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, i, "tag"), "1");
    CHECK_REPR_TAKE(L, obj_binary_op(L, i, one, NB_ADD), "6");
    CHECK_REPR_TAKE(L, obj_newref(i), "5");
    /* dict with __missing__ */
    TypeObject *Dd = t_class(L, "Dd", (TypeObject *[]){L->t_dict, NULL}, F("__missing__", fn_str, "missing!"), NULL);
    Obj *d = obj_call0(L, &Dd->ob);
    CHECK(ouro_type_is_weakrefable(d->type));
    CHECK(obj_setitem(L, d, one, five) == 0);
    CHECK_REPR_TAKE(L, obj_getitem(L, d, one), "5");
    CHECK_REPR_TAKE(L, obj_getitem(L, d, five), "'missing!'");
    CHECK_REPR_TAKE(L, obj_newref(d), "{1: 5}");
    obj_setattr_str(L, d, "attr", one);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, d, "attr"), "1");
    /* tuple */
    TypeObject *Tu = t_class(L, "Tu", (TypeObject *[]){L->t_tuple, NULL}, NULL);
    Obj *items = tuple_pack(L, 2, one, five);
    Obj *t = t_call(L, &Tu->ob, 1, items);
    CHECK(t != NULL && IS_TYPE(t, Tu) && tuple_size(t) == 2);
    obj_setattr_str(L, t, "x", one);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, t, "x"), "1");
    CHECK_REPR_TAKE(L, obj_newref(t), "(1, 5)");
    /* str */
    TypeObject *St = t_class(L, "St", (TypeObject *[]){L->t_str, NULL}, NULL);
    Obj *hello = S(L, "hello");
    Obj *s = t_call(L, &St->ob, 1, hello);
    CHECK(s != NULL && IS_TYPE(s, St) && str_equal(s, hello));
    obj_setattr_str(L, s, "x", five);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, s, "x"), "5");
    CHECK(obj_hash(L, s) == obj_hash(L, hello));
    /* exceptions */
    TypeObject *Er = t_class(L, "Er", (TypeObject *[]){L->exc_types[EXC_ValueError], NULL}, NULL);
    Obj *er = t_call(L, &Er->ob, 1, hello);
    CHECK_REPR_TAKE(L, obj_newref(er), "Er('hello')");
    obj_setattr_str(L, er, "code", five);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, er, "code"), "5");
    CHECK(ouro_type_is_weakrefable(er->type));
    obj_decref(L, er);
    obj_decref(L, &Er->ob);
    obj_decref(L, s);
    obj_decref(L, hello);
    obj_decref(L, &St->ob);
    obj_decref(L, t);
    obj_decref(L, items);
    obj_decref(L, &Tu->ob);
    obj_decref(L, d);
    obj_decref(L, &Dd->ob);
    obj_decref(L, i);
    obj_decref(L, &In->ob);
    obj_decref(L, one);
    obj_decref(L, five);
    t_end(L);
}

static void class_assignment(void)
{
    Lang *L = t_begin();
    TypeObject *A = t_class(L, "A", NOBASES, NULL);
    TypeObject *B = t_class(L, "B", NOBASES, NULL);
    TypeObject *Sl = t_class(L, "S", NOBASES, "__slots__", S(L, "x"), NULL);
    Obj *b = obj_call0(L, &B->ob), *one = I(L, 1);
    obj_setattr_str(L, b, "v", one);
    CHECK(obj_setattr_str(L, b, "__class__", &A->ob) == 0);
    CHECK(IS_TYPE(b, A));
    CHECK_REPR_TAKE(L, obj_getattr_str(L, b, "v"), "1");
    CHECK(obj_setattr_str(L, b, "__class__", &L->t_int->ob) < 0);
    CHECK_EXC(L, EXC_TypeError, "__class__ assignment only supported for mutable types or ModuleType subclasses");
    CHECK(obj_setattr_str(L, b, "__class__", &Sl->ob) < 0);
    CHECK_EXC(L, EXC_TypeError, "__class__ assignment: 'S' object layout differs from 'A'");
    obj_decref(L, one);
    obj_decref(L, b);
    obj_decref(L, &Sl->ob);
    obj_decref(L, &B->ob);
    obj_decref(L, &A->ob);
    t_end(L);
}

static void descriptors(void)
{
    Lang *L = t_begin();
    Obj *one = I(L, 1);
    Obj *getter = tfunc(L, "x", fn_int, (void *)(intptr_t)99);
    Obj *prop = t_call(L, &L->t_property->ob, 1, getter);
    Obj *sm = t_call(L, &L->t_staticmethod->ob, 1, getter);
    Obj *cf = tfunc(L, "c", fn_args, 0);
    Obj *cm = t_call(L, &L->t_classmethod->ob, 1, cf);
    obj_decref(L, cf);
    obj_decref(L, getter);
    TypeObject *A = t_class(L, "A", NOBASES, "x", prop, "s", sm, "c", cm, NULL);
    Obj *a = obj_call0(L, &A->ob);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, a, "x"), "99");
    CHECK(obj_setattr_str(L, a, "x", one) < 0);
    CHECK_EXC(L, EXC_AttributeError, "property 'x' of 'A' object has no setter");
    Obj *s = obj_getattr_str(L, a, "s");
    CHECK_REPR_TAKE(L, obj_call0(L, s), "99");
    obj_xdecref(L, s);
    Obj *c = obj_getattr_str(L, a, "c");
    CHECK_REPR_TAKE(L, obj_call1(L, c, one), "(<class '__main__.A'>, 1)");
    obj_xdecref(L, c);
    obj_decref(L, a);
    obj_decref(L, &A->ob);
    obj_decref(L, one);
    t_end(L);
}

static void type_called_as_function(void)
{
    Lang *L = t_begin();
    Obj *one = I(L, 1);
    CHECK_REPR_TAKE(L, obj_call1(L, &L->t_type->ob, one), "<class 'int'>");
    Obj *name = S(L, "Z"), *bases = tuple_pack(L, 1, &L->t_int->ob), *ns = dict_new(L);
    Obj *z = t_call(L, &L->t_type->ob, 3, name, bases, ns);
    CHECK(z != NULL && type_check(z));
    CHECK_REPR_TAKE(L, obj_newref(z), "<class 'Z'>");
    CHECK(t_call(L, &L->t_type->ob, 2, name, bases) == NULL);
    CHECK_EXC(L, EXC_TypeError, "type() takes 1 or 3 arguments");
    CHECK(t_call(L, &L->t_type->ob, 3, one, bases, ns) == NULL);
    CHECK_EXC(L, EXC_TypeError, "type.__new__() argument 1 must be str, not int");
    obj_xdecref(L, z);
    obj_decref(L, name);
    obj_decref(L, bases);
    obj_decref(L, ns);
    obj_decref(L, one);
    t_end(L);
}

/* __init_subclass__(cls, **kw): logs the class name and kw names. */
static Obj *fn_init_subclass(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)ctx;
    log_add(((TypeObject *)args[0])->core.name);
    for (size_t i = 0; kw != NULL && i < tuple_size(kw); i++) {
        log_add(":");
        log_add(str_data(tuple_get_borrowed(kw, i)));
    }
    (void)nargs;
    return new_none(L);
}

/* __set_name__(self, owner, name): logs name. */
static Obj *fn_set_name(Lang *L, Obj *const *args, size_t nargs, Obj *kw, void *ctx)
{
    (void)kw;
    (void)ctx;
    (void)nargs;
    log_add(str_data(args[2]));
    log_add(";");
    return new_none(L);
}

static void class_creation_hooks(void)
{
    Lang *L = t_begin();
    LOG[0] = '\0';
    TypeObject *Base = t_class(L, "Base", NOBASES, F("__init_subclass__", fn_init_subclass, 0), NULL);
    CHECK(Base != NULL && strcmp(LOG, "") == 0);   /* not called for Base itself */
    CHECK(IS_TYPE(dict_getitem_str(Base->dict, ID(L, __init_subclass__)), L->t_classmethod));
    TypeObject *Sub = t_class(L, "Sub", (TypeObject *[]){Base, NULL}, NULL);
    CHECK(strcmp(LOG, "Sub") == 0);
    /* keyword arguments of the class statement reach __init_subclass__ */
    LOG[0] = '\0';
    Obj *name = S(L, "Kw"), *bases = tuple_pack(L, 1, &Base->ob), *ns = dict_new(L), *one = I(L, 1);
    Obj *kwnames = TT(L, 1, S(L, "flag"));
    TypeObject *Kw = type_new_full(L, L->t_type, name, bases, ns, &one, kwnames);
    CHECK(Kw != NULL && strcmp(LOG, "Kw:flag") == 0);
    /* object.__init_subclass__ refuses keywords */
    TypeObject *Plain = type_new_full(L, L->t_type, name, L->empty_tuple, ns, &one, kwnames);
    CHECK(Plain == NULL);
    CHECK_EXC(L, EXC_TypeError, "Kw.__init_subclass__() takes no keyword arguments");
    /* __set_name__ of the namespace's values */
    LOG[0] = '\0';
    TypeObject *Desc = t_class(L, "Desc", NOBASES, F("__set_name__", fn_set_name, 0), NULL);
    TypeObject *Owner = t_class(L, "Owner", NOBASES, "attr", obj_call0(L, &Desc->ob), NULL);
    CHECK(Owner != NULL && strcmp(LOG, "attr;") == 0);
    /* a metaclass */
    TypeObject *Meta = t_class(L, "Meta", (TypeObject *[]){L->t_type, NULL}, F("__repr__", fn_str, "<meta-made>"), NULL);
    CHECK(Meta != NULL);
    Obj *mname = S(L, "WithMeta");
    Obj *margs[3] = {mname, L->empty_tuple, ns};
    Obj *wm = obj_call(L, &Meta->ob, margs, 3, NULL);
    CHECK(wm != NULL && IS_TYPE(wm, Meta));
    CHECK_REPR_TAKE(L, obj_newref(wm), "<meta-made>");
    Obj *inst = obj_call0(L, wm);
    CHECK(inst != NULL && IS_TYPE(inst, (TypeObject *)wm));
    CHECK(obj_setattr_str(L, wm, "cls_attr", one) == 0);
    CHECK_REPR_TAKE(L, obj_getattr_str(L, inst, "cls_attr"), "1");
    /* a subclass of a class with a metaclass gets the metaclass */
    TypeObject *Child = t_class(L, "Child", (TypeObject *[]){(TypeObject *)wm, NULL}, NULL);
    CHECK(Child != NULL && IS_TYPE(&Child->ob, Meta));
    TypeObject *Meta2 = t_class(L, "Meta2", (TypeObject *[]){L->t_type, NULL}, NULL);
    Obj *wm2 = obj_call(L, &Meta2->ob, margs, 3, NULL);
    TypeObject *Conflict = t_class(L, "Conflict", (TypeObject *[]){(TypeObject *)wm, (TypeObject *)wm2, NULL}, NULL);
    CHECK(Conflict == NULL);
    CHECK_EXC(L, EXC_TypeError, "metaclass conflict: the metaclass of a derived class must be a "
                                "(non-strict) subclass of the metaclasses of all its bases");
    obj_xdecref(L, wm2);
    obj_decref(L, &Meta2->ob);
    obj_xdecref(L, &Child->ob);
    obj_xdecref(L, inst);
    obj_xdecref(L, wm);
    obj_decref(L, mname);
    obj_decref(L, &Meta->ob);
    obj_xdecref(L, &Owner->ob);
    obj_decref(L, &Desc->ob);
    obj_xdecref(L, &Kw->ob);
    obj_decref(L, kwnames);
    obj_decref(L, one);
    obj_decref(L, ns);
    obj_decref(L, bases);
    obj_decref(L, name);
    obj_decref(L, &Sub->ob);
    obj_decref(L, &Base->ob);
    t_end(L);
}

static intptr_t gc_allocations(Lang *L)
{
    OuroGCAccounts acc;
    ouro_gc_accounts(L->rt, &acc);
    return acc.young_count;
}

static void method_calls_make_no_bound_method(void)
{
    Lang *L = t_begin();
    TypeObject *A = t_class(L, "A", NOBASES, F("m", fn_args, 0), NULL);
    Obj *a = obj_call0(L, &A->ob), *name = str_intern_cstr(L, "m"), *m = NULL, *one = I(L, 1);
    CHECK_EQ(obj_get_method(L, a, name, &m), 1);
    CHECK(m != NULL && IS_TYPE(m, L->t_function));
    obj_xdecref(L, m);
    intptr_t before = gc_allocations(L);
    Obj *args[2] = {a, one};
    Obj *r = obj_call_method(L, name, args, 2, NULL);
    CHECK(gc_allocations(L) - before == 1);      /* the result tuple, nothing else */
    Obj *rr = r ? obj_repr(L, r) : NULL;
    CHECK(rr != NULL && strncmp(str_data(rr), "(<__main__.A object at 0x", 25) == 0);
    obj_xdecref(L, rr);
    obj_xdecref(L, r);
    /* an instance attribute shadows the method */
    obj_setattr(L, a, name, one);
    CHECK_EQ(obj_get_method(L, a, name, &m), 0);
    CHECK(m == one);
    obj_xdecref(L, m);
    /* built-in methods too: (1).bit_length */
    Obj *bl = str_intern_cstr(L, "bit_length");
    CHECK_EQ(obj_get_method(L, one, bl, &m), 1);
    CHECK(m != NULL && IS_TYPE(m, L->t_method_descr));
    obj_xdecref(L, m);
    CHECK_REPR_TAKE(L, obj_call_method(L, bl, &one, 1, NULL), "1");
    CHECK_EQ(obj_get_method(L, one, name, &m), -1);
    CHECK_EXC(L, EXC_AttributeError, "'int' object has no attribute 'm'");
    obj_decref(L, bl);
    obj_decref(L, one);
    obj_decref(L, name);
    obj_decref(L, a);
    obj_decref(L, &A->ob);
    t_end(L);
}

int main(void)
{
    RUN(class_basics);
    RUN(mro_and_bases);
    RUN(inline_attributes_keep_insertion_order);
    RUN(slots);
    RUN(special_methods);
    RUN(reflected_operand_of_subclass_goes_first);
    RUN(getattr_setattr_iter_new);
    RUN(iteration);
    RUN(finalizers);
    RUN(exception_in_del_is_reported);
    RUN(dunders_assigned_later);
    RUN(object_init_and_new_errors);
    RUN(subclasses_of_builtins);
    RUN(class_assignment);
    RUN(descriptors);
    RUN(type_called_as_function);
    RUN(class_creation_hooks);
    RUN(method_calls_make_no_bound_method);
    return check_exit();
}
