/*
 * sysmodule.c - the sys module as far as the interpreter itself needs it
 * (argv, exit, modules, stdout/stderr, the recursion limit, getrefcount,
 * exc_info, _getframe, version strings and version_info, implementation),
 * the text streams behind sys.stdout and sys.stderr (a small type writing a
 * str's UTF-8 to a C FILE), the struct sequence type of sys.version_info and
 * the SimpleNamespace type of sys.implementation.
 * The memory parts of sys (getsizeof, ...) belong to the modules layer
 * (src/modules/sysmem.c).
 */
#include <string.h>

#include "vm.h"
#include "../objects/dictobject.h"
#include "../objects/exceptions.h"
#include "../objects/intobject.h"
#include "../objects/listobject.h"
#include "../objects/moduleobject.h"
#include "../objects/strobject.h"
#include "../objects/tupleobject.h"
#include "../objects/typeobject.h"

/* ------------------------------------------------------------------ */
/* Streams                                                             */
/* ------------------------------------------------------------------ */

typedef struct StreamObject {
    OuroObject ob;
    FILE *fp;
    Obj *name;                    /* owned str: "<stdout>" */
} StreamObject;

#define STREAM_SLOT 9             /* in L->t_iterators: freed by lang_free */

static TypeObject *stream_type(Lang *L)
{
    return L->t_iterators[STREAM_SLOT];
}

static int stream_check(Lang *L, Obj *o)
{
    return stream_type(L) != NULL && IS_TYPE(o, stream_type(L));
}

static void stream_dealloc(OuroRuntime *rt, Obj *self)
{
    StreamObject *s = (StreamObject *)self;
    if (s->fp != NULL)
        fflush(s->fp);
    ouro_clearref(rt, &s->name);
}

static Obj *stream_write(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *text = args[0];
    if (!str_check(text))
        return err_format(L, EXC_TypeError, "write() argument must be str, not %.100s",
                          obj_type_name(text));
    StreamObject *s = (StreamObject *)self;
    fwrite(str_data(text), 1, str_nbytes(text), s->fp);
    return int_from_i64(L, str_length(text));
}

static Obj *stream_flush(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    fflush(((StreamObject *)self)->fp);
    return new_none(L);
}

static Obj *stream_repr(Lang *L, Obj *self)
{
    return str_from_format(L, "<_io.TextIOWrapper name='%U' mode='w' encoding='utf-8'>",
                           ((StreamObject *)self)->name);
}

static Obj *stream_get_name(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(((StreamObject *)self)->name);
}

static const MethodDef stream_methods[] = {
    {"write", stream_write, METH_O, NULL},
    {"flush", stream_flush, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef stream_getsets[] = {
    {"name", stream_get_name, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

static const TypeSpec stream_spec = {
    .name = "_io.TextIOWrapper",
    .basic_size = sizeof(StreamObject),
    .dealloc = stream_dealloc,
    .repr = stream_repr,
    .getattro = object_generic_getattr,
    .methods = stream_methods,
    .getsets = stream_getsets,
};

Obj *vm_make_stream(Lang *L, FILE *fp, const char *name)
{
    if (stream_type(L) == NULL &&
        (L->t_iterators[STREAM_SLOT] = type_from_spec(L, &stream_spec, NULL)) == NULL)
        return NULL;
    StreamObject *s = (StreamObject *)obj_alloc(L, stream_type(L));
    if (s == NULL)
        return NULL;
    s->fp = fp;
    s->name = str_from_cstr(L, name);
    if (s->name == NULL) {
        obj_decref(L, &s->ob);
        return NULL;
    }
    return &s->ob;
}

int vm_stream_write(Lang *L, Obj *stream, Obj *s)
{
    if (stream_check(L, stream)) {
        fwrite(str_data(s), 1, str_nbytes(s), ((StreamObject *)stream)->fp);
        return 0;
    }
    Obj *r = obj_call_method_str(L, stream, "write", &s, 1);
    if (r == NULL)
        return -1;
    obj_decref(L, r);
    return 0;
}

int vm_stream_flush(Lang *L, Obj *stream)
{
    if (stream_check(L, stream)) {
        fflush(((StreamObject *)stream)->fp);
        return 0;
    }
    Obj *r = obj_call_method_str(L, stream, "flush", NULL, 0);
    if (r == NULL)
        return -1;
    obj_decref(L, r);
    return 0;
}

/* ------------------------------------------------------------------ */
/* sys.implementation: a types.SimpleNamespace                         */
/* ------------------------------------------------------------------ */

/* Attributes live in the dict (made with the object, never NULL). */
typedef struct NamespaceObject {
    OuroObject ob;
    Obj *dict;                    /* owned dict */
} NamespaceObject;

#define NAMESPACE_SLOT 7          /* in L->t_iterators: freed by lang_free */

static int namespace_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    return visit(((NamespaceObject *)self)->dict, arg);
}

static int namespace_clear(OuroRuntime *rt, Obj *self)
{
    ouro_clearref(rt, &((NamespaceObject *)self)->dict);
    return 0;
}

/* namespace(a=1, b='x'), in insertion order; "namespace(...)" when it
 * contains itself, as CPython's. */
static Obj *namespace_repr(Lang *L, Obj *self)
{
    int r = repr_enter(L, self);
    if (r != 0)
        return r < 0 ? NULL : str_from_cstr(L, "namespace(...)");
    StrBuilder sb;
    sb_init(L, &sb);
    int ok = sb_append_cstr(&sb, "namespace(") == 0;
    size_t pos = 0;
    Obj *key, *value;
    for (int first = 1; ok && dict_next(((NamespaceObject *)self)->dict, &pos, &key, &value);
         first = 0) {
        obj_incref(value);   /* repr may run code that changes the dict */
        ok = (first || sb_append_cstr(&sb, ", ") == 0) && sb_append_strof(&sb, key) == 0 &&
             sb_append_char(&sb, '=') == 0 && sb_append_repr(&sb, value) == 0;
        obj_decref(L, value);
    }
    repr_leave(L, self);
    if (!ok || sb_append_char(&sb, ')') < 0) {
        sb_abandon(&sb);
        return NULL;
    }
    return sb_finish(&sb);
}

static const TypeSpec namespace_spec = {
    .name = "types.SimpleNamespace",
    .basic_size = sizeof(NamespaceObject),
    .core_flags = OURO_TYPE_GC,
    .dict_offset = offsetof(NamespaceObject, dict),
    .traverse = namespace_traverse,
    .clear = namespace_clear,
    .repr = namespace_repr,
    .getattro = object_generic_getattr,
    .setattro = object_generic_setattr,
};

/* sys.implementation: name, cache_tag, version, hexversion (ouro's). */
static Obj *make_implementation(Lang *L)
{
    if (L->t_iterators[NAMESPACE_SLOT] == NULL &&
        (L->t_iterators[NAMESPACE_SLOT] = type_from_spec(L, &namespace_spec, NULL)) == NULL)
        return NULL;
    NamespaceObject *ns = (NamespaceObject *)obj_alloc(L, L->t_iterators[NAMESPACE_SLOT]);
    if (ns == NULL)
        return NULL;
    Obj *version = NULL, *name = str_from_cstr(L, "ouro");
    Obj *hex = int_from_i64(L, 0x000100f0);        /* 0.1.0 final */
    Obj *parts[5] = {int_from_i64(L, 0), int_from_i64(L, 1), int_from_i64(L, 0),
                     str_from_cstr(L, "final"), int_from_i64(L, 0)};
    if (parts[0] && parts[1] && parts[2] && parts[3] && parts[4])
        version = tuple_from_array(L, parts, 5);
    for (int i = 0; i < 5; i++)
        obj_xdecref(L, parts[i]);
    int ok = (ns->dict = dict_new(L)) != NULL && name && hex && version &&
             dict_setitem_cstr(L, ns->dict, "name", name) == 0 &&
             dict_setitem_cstr(L, ns->dict, "cache_tag", L->none) == 0 &&
             dict_setitem_cstr(L, ns->dict, "version", version) == 0 &&
             dict_setitem_cstr(L, ns->dict, "hexversion", hex) == 0;
    obj_xdecref(L, name);
    obj_xdecref(L, hex);
    obj_xdecref(L, version);
    obj_track(L, &ns->ob);
    if (!ok)
        obj_clearref(L, (Obj **)&ns);
    return ns != NULL ? &ns->ob : NULL;   /* &NULL->ob is undefined behaviour */
}

/* ------------------------------------------------------------------ */
/* sys.version_info: a struct sequence                                 */
/* ------------------------------------------------------------------ */

/* A tuple subclass (items, comparison, hash and slicing are tuple's) whose
 * five items are also attributes, as CPython's structseq. Not
 * instantiable from Python. */
#define VERSION_INFO_SLOT 6       /* in L->t_iterators: freed by lang_free */

#define NVERSION_FIELDS 5

/* The fields are read-only members over the items, as structseq's. */
#define VERSION_FIELD(name, i)                                                 \
    {#name, MEMBER_OBJECT, offsetof(TupleObject, items) + (i) * sizeof(Obj *), \
     MEMBER_READONLY, NULL}
static const MemberDef version_members[] = {
    VERSION_FIELD(major, 0), VERSION_FIELD(minor, 1), VERSION_FIELD(micro, 2),
    VERSION_FIELD(releaselevel, 3), VERSION_FIELD(serial, 4),
    {NULL, 0, 0, 0, NULL},
};
#undef VERSION_FIELD

/* sys.version_info(major=3, minor=11, ...), as structseq_repr. */
static Obj *version_repr(Lang *L, Obj *self)
{
    StrBuilder sb;
    sb_init(L, &sb);
    int ok = sb_append_cstr(&sb, "sys.version_info(") == 0;
    for (size_t i = 0; ok && i < NVERSION_FIELDS && i < tuple_size(self); i++) {
        ok = (i == 0 || sb_append_cstr(&sb, ", ") == 0) &&
             sb_append_cstr(&sb, version_members[i].name) == 0 &&
             sb_append_char(&sb, '=') == 0 && sb_append_repr(&sb, tuple_get_borrowed(self, i)) == 0;
    }
    if (!ok || sb_append_char(&sb, ')') < 0) {
        sb_abandon(&sb);
        return NULL;
    }
    return sb_finish(&sb);
}

static Obj *version_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs,
                        Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    return err_format(L, EXC_TypeError, "cannot create '%s' instances", type->core.name);
}

static const TypeSpec version_info_spec = {
    .name = "sys.version_info",
    .basic_size = sizeof(TupleObject),
    .item_size = sizeof(Obj *),
    .core_flags = OURO_TYPE_GC | OURO_TYPE_UNTRACK_IMMUTABLE,
    .repr = version_repr,
    .tp_new = version_new,
    .members = version_members,
};

/* The sys.version_info object, 3.11.7 final (new reference), or NULL. */
static Obj *make_version_info(Lang *L)
{
    TypeObject **slot = &L->t_iterators[VERSION_INFO_SLOT];
    if (*slot == NULL && (*slot = type_from_spec(L, &version_info_spec, L->t_tuple)) == NULL)
        return NULL;
    Obj *parts[NVERSION_FIELDS] = {int_from_i64(L, 3), int_from_i64(L, 11), int_from_i64(L, 7),
                                   str_from_cstr(L, "final"), int_from_i64(L, 0)};
    Obj *t = NULL;
    int ok = 1;
    for (size_t i = 0; i < NVERSION_FIELDS; i++)
        ok = ok && parts[i] != NULL;
    if (ok && (t = obj_alloc_var(L, *slot, NVERSION_FIELDS)) != NULL) {
        for (size_t i = 0; i < NVERSION_FIELDS; i++)
            tuple_init_take(t, i, obj_newref(parts[i]));
        obj_track(L, t);
    }
    for (size_t i = 0; i < NVERSION_FIELDS; i++)
        obj_xdecref(L, parts[i]);
    return t;
}

/* ------------------------------------------------------------------ */
/* Functions                                                           */
/* ------------------------------------------------------------------ */

static Obj *sys_exit(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)kw;
    if (nargs > 1)
        return err_format(L, EXC_TypeError, "exit expected at most 1 argument, got %zu", nargs);
    /* As CPython's PyErr_SetObject makes the exception from the value:
     * None gives no arguments, a tuple its items. */
    Obj *const *eargs = args;
    size_t n = nargs;
    if (nargs == 1 && args[0] == L->none) {
        n = 0;
    } else if (nargs == 1 && tuple_check(args[0])) {
        eargs = tuple_items(args[0]);
        n = tuple_size(args[0]);
    }
    Obj *e = obj_call(L, &L->exc_types[EXC_SystemExit]->ob, eargs, n, NULL);
    if (e != NULL) {
        err_set_object(L, e);
        obj_decref(L, e);
    }
    return NULL;
}

static Obj *sys_getrefcount(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    /* The argument's own reference (on the caller's stack) is counted, as
     * in CPython. */
    return int_from_i64(L, (int64_t)args[0]->refcnt);
}

static Obj *sys_getrecursionlimit(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)args; (void)nargs; (void)kw;
    return int_from_i64(L, L->recursion_limit);
}

static Obj *sys_setrecursionlimit(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    if (!int_check(args[0]))
        return err_format(L, EXC_TypeError, "'%.200s' object cannot be interpreted as an integer",
                          obj_type_name(args[0]));
    int64_t n = int_as_i64(L, args[0]);
    if (n == -1 && err_occurred(L))
        return NULL;
    if (n < 1)
        return err_format(L, EXC_ValueError, "recursion limit must be greater or equal than 1");
    if (n <= L->recursion_depth)
        return err_format(L, EXC_RecursionError,
                          "cannot set the recursion limit to %d at the recursion depth %d: "
                          "the limit is too low", (int)n, L->recursion_depth);
    L->recursion_limit = n > 0x7fffffff ? 0x7fffffff : (int)n;
    return new_none(L);
}

static Obj *sys_intern(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    if (!str_check_exact(L, args[0]))
        return err_format(L, EXC_TypeError, "intern() argument must be str, not %.50s",
                          obj_type_name(args[0]));
    return str_intern_take(L, obj_newref(args[0]));
}

static Obj *sys_exc_info(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)args; (void)nargs; (void)kw;
    Obj *e = L->handled;
    if (e == NULL)
        return tuple_pack(L, 3, L->none, L->none, L->none);
    Obj *tb = exc_traceback(e);
    return tuple_pack(L, 3, &TYPE(e)->ob, e, tb ? tb : L->none);
}

static Obj *sys_exception(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)args; (void)nargs; (void)kw;
    return obj_newref(L->handled ? L->handled : L->none);
}

static Obj *sys_getframe(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    (void)self; (void)kw;
    int64_t depth = 0;
    if (nargs > 1)
        return err_format(L, EXC_TypeError, "_getframe expected at most 1 argument, got %zu", nargs);
    if (nargs == 1) {
        depth = int_as_i64(L, args[0]);
        if (depth == -1 && err_occurred(L))
            return NULL;
    }
    InterpFrame *f = vm_of(L)->current;
    while (f != NULL && depth-- > 0)
        f = f->previous;
    if (f == NULL)
        return err_format(L, EXC_ValueError, "call stack is not deep enough");
    FrameObject *fo = frame_get_object(L, f);
    return fo ? obj_newref(&fo->ob.ob) : NULL;
}

static const MethodDef sys_functions[] = {
    {"exit", sys_exit, 0, NULL},
    {"getrefcount", sys_getrefcount, METH_O, NULL},
    {"getrecursionlimit", sys_getrecursionlimit, METH_NOARGS, NULL},
    {"setrecursionlimit", sys_setrecursionlimit, METH_O, NULL},
    {"intern", sys_intern, METH_O, NULL},
    {"exc_info", sys_exc_info, METH_NOARGS, NULL},
    {"exception", sys_exception, METH_NOARGS, NULL},
    {"_getframe", sys_getframe, 0, NULL},
    {NULL, NULL, 0, NULL},
};

/* ------------------------------------------------------------------ */
/* The module                                                          */
/* ------------------------------------------------------------------ */

static int add_str(Lang *L, Obj *m, const char *name, const char *value)
{
    Obj *s = str_from_cstr(L, value);
    int r = s ? module_add_object(L, m, name, s) : -1;
    obj_xdecref(L, s);
    return r;
}

static int add_int(Lang *L, Obj *m, const char *name, int64_t value)
{
    Obj *i = int_from_i64(L, value);
    int r = i ? module_add_object(L, m, name, i) : -1;
    obj_xdecref(L, i);
    return r;
}

static Obj *make_argv(Lang *L, int argc, char **argv)
{
    Obj *t = tuple_new(L, (size_t)(argc > 0 ? argc : 1));
    if (t == NULL)
        return NULL;
    if (argc <= 0) {
        tuple_init_take(t, 0, obj_newref(L->empty_str));
    } else {
        for (int i = 0; i < argc; i++) {
            Obj *s = str_from_utf8(L, argv[i], strlen(argv[i]));
            if (s == NULL) {
                err_clear(L);
                s = str_from_cstr(L, "?");
            }
            if (s == NULL) {
                for (int j = i; j < argc; j++)
                    tuple_init_take(t, (size_t)j, new_none(L));
                obj_decref(L, t);
                return NULL;
            }
            tuple_init_take(t, (size_t)i, s);
        }
    }
    Obj *list = list_from_iterable(L, t);
    obj_decref(L, t);
    return list;
}

Obj *vm_make_sys(Lang *L, int argc, char **argv)
{
    VM *vm = vm_of(L);
    Obj *m = module_new_cstr(L, "sys");
    if (m == NULL)
        return NULL;
    vm->argv = make_argv(L, argc, argv);
    vm->stdout_obj = vm_make_stream(L, stdout, "<stdout>");
    vm->stderr_obj = vm_make_stream(L, stderr, "<stderr>");
    Obj *path = list_new(L, 0);
    Obj *impl = make_implementation(L);
    Obj *vinfo = make_version_info(L);
    int ok = vm->argv && vm->stdout_obj && vm->stderr_obj && path && impl && vinfo &&
             module_add_functions(L, m, sys_functions) == 0 &&
             module_add_object(L, m, "argv", vm->argv) == 0 &&
             module_add_object(L, m, "modules", L->modules) == 0 &&
             module_add_object(L, m, "path", path) == 0 &&
             module_add_object(L, m, "stdout", vm->stdout_obj) == 0 &&
             module_add_object(L, m, "stderr", vm->stderr_obj) == 0 &&
             module_add_object(L, m, "__stdout__", vm->stdout_obj) == 0 &&
             module_add_object(L, m, "__stderr__", vm->stderr_obj) == 0 &&
             module_add_object(L, m, "stdin", L->none) == 0 &&
             module_add_object(L, m, "version_info", vinfo) == 0 &&
             module_add_object(L, m, "implementation", impl) == 0 &&
             add_int(L, m, "hexversion", 0x030b07f0) == 0 &&
             add_str(L, m, "version", "3.11.7 (ouro " OURO_VERSION ")") == 0 &&
             add_str(L, m, "platform", "linux") == 0 &&
             add_str(L, m, "byteorder", "little") == 0 &&
             add_str(L, m, "executable", "") == 0 &&
             add_int(L, m, "maxsize", INT64_MAX) == 0;
    obj_xdecref(L, path);
    obj_xdecref(L, impl);
    obj_xdecref(L, vinfo);
    if (!ok) {
        obj_decref(L, m);
        return NULL;
    }
    return m;
}
