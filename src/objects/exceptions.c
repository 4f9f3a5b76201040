/*
 * exceptions.c - BaseException, its subclasses with extra fields
 * (StopIteration, SystemExit, ImportError, NameError, AttributeError,
 * SyntaxError, OSError, KeyError's str), and the table of CPython 3.11's
 * built-in exception hierarchy that lang_new turns into classes.
 * exceptions.h states the invariants.
 */
#include <string.h>

#include "exceptions.h"
#include "dictobject.h"
#include "instance.h"
#include "intobject.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

int exc_is_class(const Obj *o)
{
    return type_check(o) && TYPE_HAS((const TypeObject *)o, TF_BASE_EXC_SUBCLASS);
}

/* ------------------------------------------------------------------ */
/* Fields                                                              */
/* ------------------------------------------------------------------ */

void exc_set_traceback_take(Lang *L, Obj *e, Obj *tb)
{
    obj_setref(L, &((ExcObject *)e)->traceback, tb);
}

void exc_set_context_take(Lang *L, Obj *e, Obj *context)
{
    obj_setref(L, &((ExcObject *)e)->context, context);
}

void exc_set_cause_take(Lang *L, Obj *e, Obj *cause)
{
    ((ExcObject *)e)->suppress_context = 1;
    obj_setref(L, &((ExcObject *)e)->cause, cause);
}

Obj *exc_stop_iteration_value(Obj *e)
{
    return ((StopIterationObject *)e)->value;
}

/* The fields past ExcObject (StopIteration's value, OSError's errno...):
 * every such class appends only Obj * fields, so their number follows
 * from the C type's size. */
static size_t nextra(Obj *self)
{
    TypeObject *t = TYPE(self);
    while (TYPE_HAS(t, TF_HEAPTYPE))
        t = t->base;
    return (t->solid_size - sizeof(ExcObject)) / sizeof(Obj *);
}

static Obj **extra(Obj *self, size_t i)
{
    return (Obj **)((char *)self + sizeof(ExcObject)) + i;
}

/* ------------------------------------------------------------------ */
/* Lifecycle                                                           */
/* ------------------------------------------------------------------ */

static int exc_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    ExcObject *e = (ExcObject *)self;
    Obj *fields[] = {e->dict, e->args, e->traceback, e->context, e->cause};
    for (size_t i = 0; i < 5; i++) {
        if (fields[i] != NULL) {
            int r = visit(fields[i], arg);
            if (r)
                return r;
        }
    }
    size_t n = nextra(self);
    for (size_t i = 0; i < n; i++) {
        Obj *v = *extra(self, i);
        if (v != NULL) {
            int r = visit(v, arg);
            if (r)
                return r;
        }
    }
    return 0;
}

static int exc_clear(OuroRuntime *rt, Obj *self)
{
    ExcObject *e = (ExcObject *)self;
    ouro_clearref(rt, &e->dict);
    ouro_clearref(rt, &e->args);
    ouro_clearref(rt, &e->traceback);
    ouro_clearref(rt, &e->context);
    ouro_clearref(rt, &e->cause);
    size_t n = nextra(self);
    for (size_t i = 0; i < n; i++)
        ouro_clearref(rt, extra(self, i));
    return 0;
}

static Obj *exc_tp_new(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)kwnames;
    ExcObject *e = (ExcObject *)instance_alloc(L, type, 0);
    if (e == NULL)
        return NULL;
    e->args = tuple_from_array(L, args, nargs);
    if (e->args == NULL) {
        obj_decref(L, &e->ob);
        return NULL;
    }
    return &e->ob;
}

static int no_keywords(Lang *L, Obj *self, Obj *kwnames)
{
    if (kwnames == NULL || tuple_size(kwnames) == 0)
        return 0;
    err_format(L, EXC_TypeError, "%s() takes no keyword arguments", obj_type_name(self));
    return -1;
}

static int set_args(Lang *L, Obj *self, Obj *const *args, size_t nargs)
{
    Obj *t = tuple_from_array(L, args, nargs);
    if (t == NULL)
        return -1;
    obj_setref(L, &((ExcObject *)self)->args, t);
    return 0;
}

static int exc_init(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    if (no_keywords(L, self, kwnames) < 0)
        return -1;
    return set_args(L, self, args, nargs);
}

Obj *exc_new(Lang *L, TypeObject *type, Obj *args)
{
    TypeObject *c = type;
    while (TYPE_HAS(c, TF_HEAPTYPE))
        c = c->base;
    Obj *const *items = tuple_items(args);
    size_t n = tuple_size(args);
    Obj *e = c->tp_new(L, type, items, n, NULL);
    if (e == NULL)
        return NULL;
    if (c->init != NULL && c->init(L, e, items, n, NULL) < 0) {
        obj_decref(L, e);
        return NULL;
    }
    return e;
}

Obj *exc_new_msg(Lang *L, TypeObject *type, const char *msg)
{
    Obj *s = str_from_cstr(L, msg);
    if (s == NULL)
        return NULL;
    Obj *args = tuple_pack(L, 1, s);
    obj_decref(L, s);
    if (args == NULL)
        return NULL;
    Obj *e = exc_new(L, type, args);
    obj_decref(L, args);
    return e;
}

/* ------------------------------------------------------------------ */
/* str and repr                                                        */
/* ------------------------------------------------------------------ */

static Obj *exc_str(Lang *L, Obj *self)
{
    Obj *args = ((ExcObject *)self)->args;
    switch (tuple_size(args)) {
    case 0:
        return obj_newref(L->empty_str);
    case 1:
        return obj_str(L, tuple_get_borrowed(args, 0));
    default:
        return obj_str(L, args);
    }
}

static Obj *exc_repr(Lang *L, Obj *self)
{
    Obj *args = ((ExcObject *)self)->args;
    const char *name = obj_type_name(self);
    if (tuple_size(args) == 1)
        return str_from_format(L, "%s(%R)", name, tuple_get_borrowed(args, 0));
    return str_from_format(L, "%s%R", name, args);
}

/* KeyError shows its key's repr: str(KeyError('k')) == "'k'". */
static Obj *key_error_str(Lang *L, Obj *self)
{
    Obj *args = ((ExcObject *)self)->args;
    if (tuple_size(args) == 1)
        return obj_repr(L, tuple_get_borrowed(args, 0));
    return exc_str(L, self);
}

/* ------------------------------------------------------------------ */
/* Attributes                                                          */
/* ------------------------------------------------------------------ */

static Obj *get_args(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(((ExcObject *)self)->args);
}

static int set_args_attr(Lang *L, Obj *self, Obj *value)
{
    if (value == NULL) {
        err_format(L, EXC_TypeError, "args may not be deleted");
        return -1;
    }
    Obj *t = tuple_from_iterable(L, value);
    if (t == NULL)
        return -1;
    obj_setref(L, &((ExcObject *)self)->args, t);
    return 0;
}

static Obj *get_or_none(Lang *L, Obj *v)
{
    return v ? obj_newref(v) : new_none(L);
}

static Obj *get_traceback(Lang *L, Obj *self)
{
    return get_or_none(L, ((ExcObject *)self)->traceback);
}

static int set_traceback(Lang *L, Obj *self, Obj *value)
{
    if (value == NULL) {
        err_format(L, EXC_TypeError, "__traceback__ may not be deleted");
        return -1;
    }
    if (value != L->none && (L->t_traceback == NULL || !IS_TYPE(value, L->t_traceback))) {
        err_format(L, EXC_TypeError, "__traceback__ must be a traceback or None");
        return -1;
    }
    exc_set_traceback_take(L, self, value == L->none ? NULL : obj_newref(value));
    return 0;
}

static Obj *get_context(Lang *L, Obj *self)
{
    return get_or_none(L, ((ExcObject *)self)->context);
}

static int check_exc_or_none(Lang *L, Obj *value, const char *attr, const char *what)
{
    if (value == NULL) {
        err_format(L, EXC_TypeError, "%s may not be deleted", attr);
        return -1;
    }
    if (value != L->none && !exc_check(value)) {
        err_format(L, EXC_TypeError, "exception %s must be None or derive from BaseException",
                   what);
        return -1;
    }
    return 0;
}

static int set_context(Lang *L, Obj *self, Obj *value)
{
    if (check_exc_or_none(L, value, "__context__", "context") < 0)
        return -1;
    exc_set_context_take(L, self, value == L->none ? NULL : obj_newref(value));
    return 0;
}

static Obj *get_cause(Lang *L, Obj *self)
{
    return get_or_none(L, ((ExcObject *)self)->cause);
}

static int set_cause(Lang *L, Obj *self, Obj *value)
{
    if (check_exc_or_none(L, value, "__cause__", "cause") < 0)
        return -1;
    exc_set_cause_take(L, self, value == L->none ? NULL : obj_newref(value));
    return 0;
}

static Obj *get_dict(Lang *L, Obj *self)
{
    return instance_get_dict(L, self);
}

static int set_dict(Lang *L, Obj *self, Obj *value)
{
    return instance_set_dict(L, self, value);
}

static Obj *with_traceback(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)nargs;
    (void)kwnames;
    if (set_traceback(L, self, args[0]) < 0)
        return NULL;
    return obj_newref(self);
}

static const MethodDef exc_methods[] = {
    {"with_traceback", with_traceback, METH_O,
     "Exception.with_traceback(tb) --\n    set self.__traceback__ to tb and return self."},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef exc_getsets[] = {
    {"__dict__", get_dict, set_dict, NULL},
    {"args", get_args, set_args_attr, NULL},
    {"__traceback__", get_traceback, set_traceback, NULL},
    {"__context__", get_context, set_context, "exception context"},
    {"__cause__", get_cause, set_cause, "exception cause"},
    {NULL, NULL, NULL, NULL},
};

static const MemberDef exc_members[] = {
    {"__suppress_context__", MEMBER_BOOL, offsetof(ExcObject, suppress_context), 0, NULL},
    {NULL, 0, 0, 0, NULL},
};

/* ------------------------------------------------------------------ */
/* Subclasses with fields                                              */
/* ------------------------------------------------------------------ */

static int stop_iteration_init(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    if (exc_init(L, self, args, nargs, kw) < 0)
        return -1;
    obj_setref(L, &((StopIterationObject *)self)->value, obj_newref(nargs ? args[0] : L->none));
    return 0;
}

static int system_exit_init(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    if (exc_init(L, self, args, nargs, kw) < 0)
        return -1;
    Obj *code = nargs == 0 ? L->none : nargs == 1 ? args[0] : ((ExcObject *)self)->args;
    obj_setref(L, &((SystemExitObject *)self)->code, obj_newref(code));
    return 0;
}

/* Takes the keyword arguments named in allowed (NULL-terminated) into
 * the fields at `fields`; any other name is an error. */
static int take_keywords(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames,
                         const char *const *allowed, Obj **fields)
{
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    for (size_t i = 0; i < nkw; i++) {
        Obj *name = tuple_get_borrowed(kwnames, i);
        size_t k = 0;
        while (allowed[k] != NULL && !str_equal_cstr(name, allowed[k]))
            k++;
        if (allowed[k] == NULL) {
            err_format(L, EXC_TypeError, "%s() got an unexpected keyword argument '%U'",
                       obj_type_name(self), name);
            return -1;
        }
        obj_setref(L, &fields[k], obj_newref(args[nargs + i]));
    }
    return 0;
}

static int import_error_init(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    static const char *const allowed[] = {"name", "path", NULL};
    ImportErrorObject *e = (ImportErrorObject *)self;
    if (set_args(L, self, args, nargs) < 0)
        return -1;
    Obj *fields[2] = {NULL, NULL};
    if (take_keywords(L, self, args, nargs, kw, allowed, fields) < 0) {
        obj_xdecref(L, fields[0]);
        obj_xdecref(L, fields[1]);
        return -1;
    }
    obj_setref(L, &e->name, fields[0]);
    obj_setref(L, &e->path, fields[1]);
    obj_setref(L, &e->msg, nargs == 1 ? obj_newref(args[0]) : NULL);
    return 0;
}

static Obj *import_error_str(Lang *L, Obj *self)
{
    ImportErrorObject *e = (ImportErrorObject *)self;
    if (e->msg != NULL && e->msg != L->none)
        return obj_str(L, e->msg);
    return exc_str(L, self);
}

static int name_error_init(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    static const char *const allowed[] = {"name", NULL};
    if (set_args(L, self, args, nargs) < 0)
        return -1;
    Obj *fields[1] = {NULL};
    if (take_keywords(L, self, args, nargs, kw, allowed, fields) < 0)
        return -1;
    obj_setref(L, &((NameErrorObject *)self)->name, fields[0]);
    return 0;
}

static int attribute_error_init(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    static const char *const allowed[] = {"name", "obj", NULL};
    AttributeErrorObject *e = (AttributeErrorObject *)self;
    if (set_args(L, self, args, nargs) < 0)
        return -1;
    Obj *fields[2] = {NULL, NULL};
    if (take_keywords(L, self, args, nargs, kw, allowed, fields) < 0) {
        obj_xdecref(L, fields[0]);
        obj_xdecref(L, fields[1]);
        return -1;
    }
    obj_setref(L, &e->name, fields[0]);
    obj_setref(L, &e->obj, fields[1]);
    return 0;
}

static int syntax_error_init(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    SyntaxErrorObject *e = (SyntaxErrorObject *)self;
    if (exc_init(L, self, args, nargs, kw) < 0)
        return -1;
    if (nargs >= 1)
        obj_setref(L, &e->msg, obj_newref(args[0]));
    if (nargs == 2) {
        Obj *info = tuple_from_iterable(L, args[1]);
        if (info == NULL)
            return -1;
        size_t n = tuple_size(info);
        if (n < 4 || n > 6) {
            obj_decref(L, info);
            err_format(L, EXC_IndexError, "tuple index out of range");
            return -1;
        }
        Obj **dst[6] = {&e->filename, &e->lineno, &e->offset, &e->text, &e->end_lineno,
                        &e->end_offset};
        for (size_t i = 0; i < n; i++)
            obj_setref(L, dst[i], obj_newref(tuple_get_borrowed(info, i)));
        obj_decref(L, info);
    }
    return 0;
}

static Obj *syntax_error_str(Lang *L, Obj *self)
{
    SyntaxErrorObject *e = (SyntaxErrorObject *)self;
    Obj *msg = e->msg ? e->msg : L->none;
    Obj *filename = e->filename && str_check(e->filename) ? e->filename : NULL;
    int64_t lineno = 0;
    int have_lineno = e->lineno && int_check_exact(L, e->lineno) &&
                      int_as_i64_exact(e->lineno, &lineno);
    if (filename == NULL && !have_lineno)
        return obj_str(L, msg);
    const char *base = NULL;
    if (filename != NULL) {
        const char *f = str_data(filename), *slash = strrchr(f, '/');
        base = slash ? slash + 1 : f;
    }
    if (base && have_lineno)
        return str_from_format(L, "%S (%s, line %lld)", msg, base, (long long)lineno);
    if (base)
        return str_from_format(L, "%S (%s)", msg, base);
    return str_from_format(L, "%S (line %lld)", msg, (long long)lineno);
}

static int os_error_init(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kw)
{
    OSErrorObject *e = (OSErrorObject *)self;
    if (exc_init(L, self, args, nargs, kw) < 0)
        return -1;
    if (nargs >= 2 && nargs <= 5) {
        obj_setref(L, &e->myerrno, obj_newref(args[0]));
        obj_setref(L, &e->strerror, obj_newref(args[1]));
        if (nargs >= 3) {
            obj_setref(L, &e->filename, obj_newref(args[2]));
            if (nargs == 5)
                obj_setref(L, &e->filename2, obj_newref(args[4]));
            /* args keeps (errno, strerror) only, as CPython */
            if (set_args(L, self, args, 2) < 0)
                return -1;
        }
    }
    return 0;
}

static Obj *os_error_str(Lang *L, Obj *self)
{
    OSErrorObject *e = (OSErrorObject *)self;
    if (e->filename != NULL && e->filename2 != NULL)
        return str_from_format(L, "[Errno %S] %S: %R -> %R", e->myerrno, e->strerror, e->filename,
                               e->filename2);
    if (e->filename != NULL)
        return str_from_format(L, "[Errno %S] %S: %R", e->myerrno, e->strerror, e->filename);
    if (e->myerrno != NULL && e->strerror != NULL)
        return str_from_format(L, "[Errno %S] %S", e->myerrno, e->strerror);
    return exc_str(L, self);
}

#define M(type, field, name) {name, MEMBER_OBJECT, offsetof(type, field), 0, NULL}
#define END {NULL, 0, 0, 0, NULL}

static const MemberDef stop_iteration_members[] = {M(StopIterationObject, value, "value"), END};
static const MemberDef system_exit_members[] = {M(SystemExitObject, code, "code"), END};
static const MemberDef import_error_members[] = {
    M(ImportErrorObject, msg, "msg"), M(ImportErrorObject, name, "name"),
    M(ImportErrorObject, path, "path"), END};
static const MemberDef name_error_members[] = {M(NameErrorObject, name, "name"), END};
static const MemberDef attribute_error_members[] = {
    M(AttributeErrorObject, name, "name"), M(AttributeErrorObject, obj, "obj"), END};
static const MemberDef syntax_error_members[] = {
    M(SyntaxErrorObject, msg, "msg"), M(SyntaxErrorObject, filename, "filename"),
    M(SyntaxErrorObject, lineno, "lineno"), M(SyntaxErrorObject, offset, "offset"),
    M(SyntaxErrorObject, text, "text"), M(SyntaxErrorObject, end_lineno, "end_lineno"),
    M(SyntaxErrorObject, end_offset, "end_offset"),
    M(SyntaxErrorObject, print_file_and_line, "print_file_and_line"), END};
static const MemberDef os_error_members[] = {
    M(OSErrorObject, myerrno, "errno"), M(OSErrorObject, strerror, "strerror"),
    M(OSErrorObject, filename, "filename"), M(OSErrorObject, filename2, "filename2"), END};

/* ------------------------------------------------------------------ */
/* Specs and the hierarchy                                             */
/* ------------------------------------------------------------------ */

static const TypeSpec base_exception_spec = {
    .name = "BaseException",
    .basic_size = sizeof(ExcObject),
    .core_flags = OURO_TYPE_GC,
    .flags = TF_BASETYPE | TF_BASE_EXC_SUBCLASS,
    .dict_offset = offsetof(ExcObject, dict),
    .traverse = exc_traverse,
    .clear = exc_clear,
    .repr = exc_repr,
    .str = exc_str,
    .getattro = object_generic_getattr,
    .setattro = object_generic_setattr,
    .tp_new = exc_tp_new,
    .init = exc_init,
    .methods = exc_methods,
    .getsets = exc_getsets,
    .members = exc_members,
};

#define FIELD_SPEC(var, structname, initfn, strfn, membersv)                  \
    static const TypeSpec var = {                                             \
        .name = "?",                                                          \
        .basic_size = sizeof(structname),                                     \
        .core_flags = OURO_TYPE_GC,                                           \
        .flags = TF_BASETYPE,                                                 \
        .traverse = exc_traverse,                                             \
        .clear = exc_clear,                                                   \
        .str = strfn,                                                         \
        .init = initfn,                                                       \
        .members = membersv,                                                  \
    }
FIELD_SPEC(stop_iteration_spec, StopIterationObject, stop_iteration_init, NULL,
           stop_iteration_members);
FIELD_SPEC(system_exit_spec, SystemExitObject, system_exit_init, NULL, system_exit_members);
FIELD_SPEC(import_error_spec, ImportErrorObject, import_error_init, import_error_str,
           import_error_members);
FIELD_SPEC(name_error_spec, NameErrorObject, name_error_init, NULL, name_error_members);
FIELD_SPEC(attribute_error_spec, AttributeErrorObject, attribute_error_init, NULL,
           attribute_error_members);
FIELD_SPEC(syntax_error_spec, SyntaxErrorObject, syntax_error_init, syntax_error_str,
           syntax_error_members);
FIELD_SPEC(os_error_spec, OSErrorObject, os_error_init, os_error_str, os_error_members);

static const TypeSpec key_error_spec = {
    .name = "?", .basic_size = sizeof(ExcObject), .flags = TF_BASETYPE, .str = key_error_str,
};

/* A subclass that adds nothing: everything is inherited. */
static const TypeSpec plain_spec = {.name = "?", .flags = TF_BASETYPE};

typedef struct ExcDef {
    int kind;
    int base;                     /* EXC_* of the base, -1 for BaseException */
    const TypeSpec *spec;         /* NULL: plain_spec */
    const char *name;
    const char *doc;
} ExcDef;

#define E(kind, base, spec, doc) {EXC_##kind, base, spec, #kind, doc}
/* In an order where every base comes before its subclasses. */
static const ExcDef exc_defs[] = {
    E(BaseException, -1, &base_exception_spec, "Common base class for all exceptions"),
    E(Exception, EXC_BaseException, NULL, "Common base class for all non-exit exceptions."),
    E(GeneratorExit, EXC_BaseException, NULL, "Request that a generator exit."),
    E(KeyboardInterrupt, EXC_BaseException, NULL, "Program interrupted by user."),
    E(SystemExit, EXC_BaseException, &system_exit_spec, "Request to exit from the interpreter."),
    E(ArithmeticError, EXC_Exception, NULL, "Base class for arithmetic errors."),
    E(FloatingPointError, EXC_ArithmeticError, NULL, "Floating point operation failed."),
    E(OverflowError, EXC_ArithmeticError, NULL, "Result too large to be represented."),
    E(ZeroDivisionError, EXC_ArithmeticError, NULL,
      "Second argument to a division or modulo operation was zero."),
    E(AssertionError, EXC_Exception, NULL, "Assertion failed."),
    E(AttributeError, EXC_Exception, &attribute_error_spec, "Attribute not found."),
    E(BufferError, EXC_Exception, NULL, "Buffer error."),
    E(EOFError, EXC_Exception, NULL, "Read beyond end of file."),
    E(ImportError, EXC_Exception, &import_error_spec,
      "Import can't find module, or can't find name in module."),
    E(ModuleNotFoundError, EXC_ImportError, NULL, "Module not found."),
    E(LookupError, EXC_Exception, NULL, "Base class for lookup errors."),
    E(IndexError, EXC_LookupError, NULL, "Sequence index out of range."),
    E(KeyError, EXC_LookupError, &key_error_spec, "Mapping key not found."),
    E(MemoryError, EXC_Exception, NULL, "Out of memory."),
    E(NameError, EXC_Exception, &name_error_spec, "Name not found globally."),
    E(UnboundLocalError, EXC_NameError, NULL, "Local name referenced but not bound to a value."),
    E(OSError, EXC_Exception, &os_error_spec, "Base class for I/O related errors."),
    E(BlockingIOError, EXC_OSError, NULL, "I/O operation would block."),
    E(ChildProcessError, EXC_OSError, NULL, "Child process error."),
    E(ConnectionError, EXC_OSError, NULL, "Connection error."),
    E(BrokenPipeError, EXC_ConnectionError, NULL, "Broken pipe."),
    E(ConnectionAbortedError, EXC_ConnectionError, NULL, "Connection aborted."),
    E(ConnectionRefusedError, EXC_ConnectionError, NULL, "Connection refused."),
    E(ConnectionResetError, EXC_ConnectionError, NULL, "Connection reset."),
    E(FileExistsError, EXC_OSError, NULL, "File already exists."),
    E(FileNotFoundError, EXC_OSError, NULL, "File not found."),
    E(InterruptedError, EXC_OSError, NULL, "Interrupted by signal."),
    E(IsADirectoryError, EXC_OSError, NULL, "Operation doesn't work on directories."),
    E(NotADirectoryError, EXC_OSError, NULL, "Operation only works on directories."),
    E(PermissionError, EXC_OSError, NULL, "Not enough permissions."),
    E(ProcessLookupError, EXC_OSError, NULL, "Process not found."),
    E(TimeoutError, EXC_OSError, NULL, "Timeout expired."),
    E(ReferenceError, EXC_Exception, NULL, "Weak ref proxy used after referent went away."),
    E(RuntimeError, EXC_Exception, NULL, "Unspecified run-time error."),
    E(NotImplementedError, EXC_RuntimeError, NULL, "Method or function hasn't been implemented yet."),
    E(RecursionError, EXC_RuntimeError, NULL, "Recursion limit exceeded."),
    E(StopAsyncIteration, EXC_Exception, NULL, "Signal the end from iterator.__anext__()."),
    E(StopIteration, EXC_Exception, &stop_iteration_spec, "Signal the end from iterator.__next__()."),
    E(SyntaxError, EXC_Exception, &syntax_error_spec, "Invalid syntax."),
    E(IndentationError, EXC_SyntaxError, NULL, "Improper indentation."),
    E(TabError, EXC_IndentationError, NULL, "Improper mixture of spaces and tabs."),
    E(SystemError, EXC_Exception, NULL,
      "Internal error in the Python interpreter.\n\nPlease report this to the Python "
      "maintainer, along with the traceback,\nthe Python version, and the hardware/OS "
      "platform and version."),
    E(TypeError, EXC_Exception, NULL, "Inappropriate argument type."),
    E(ValueError, EXC_Exception, NULL, "Inappropriate argument value (of correct type)."),
    E(UnicodeError, EXC_ValueError, NULL, "Unicode related error."),
    E(UnicodeDecodeError, EXC_UnicodeError, NULL, "Unicode decoding error."),
    E(UnicodeEncodeError, EXC_UnicodeError, NULL, "Unicode encoding error."),
    E(UnicodeTranslateError, EXC_UnicodeError, NULL, "Unicode translation error."),
    E(Warning, EXC_Exception, NULL, "Base class for warning categories."),
    E(BytesWarning, EXC_Warning, NULL,
      "Base class for warnings about bytes and buffer related problems, mostly\nrelated to "
      "conversion from str or comparing to str."),
    E(DeprecationWarning, EXC_Warning, NULL, "Base class for warnings about deprecated features."),
    E(EncodingWarning, EXC_Warning, NULL, "Base class for warnings about encodings."),
    E(FutureWarning, EXC_Warning, NULL,
      "Base class for warnings about constructs that will change semantically\nin the future."),
    E(ImportWarning, EXC_Warning, NULL,
      "Base class for warnings about probable mistakes in module imports"),
    E(PendingDeprecationWarning, EXC_Warning, NULL,
      "Base class for warnings about features which will be deprecated\nin the future."),
    E(ResourceWarning, EXC_Warning, NULL, "Base class for warnings about resource usage."),
    E(RuntimeWarning, EXC_Warning, NULL,
      "Base class for warnings about dubious runtime behavior."),
    E(SyntaxWarning, EXC_Warning, NULL, "Base class for warnings about dubious syntax."),
    E(UnicodeWarning, EXC_Warning, NULL,
      "Base class for warnings about Unicode related problems, mostly\nrelated to conversion "
      "problems."),
    E(UserWarning, EXC_Warning, NULL, "Base class for warnings generated by user code."),
};

#define NDEFS (sizeof exc_defs / sizeof exc_defs[0])

const char *exc_kind_name(int kind)
{
    for (size_t i = 0; i < NDEFS; i++) {
        if (exc_defs[i].kind == kind)
            return exc_defs[i].name;
    }
    return "?";
}

int exc_init_types(Lang *L)
{
    for (size_t i = 0; i < NDEFS; i++) {
        const ExcDef *d = &exc_defs[i];
        TypeObject *base = d->base < 0 ? NULL : L->exc_types[d->base];
        const TypeSpec *spec = d->spec ? d->spec : &plain_spec;
        TypeObject *t = type_alloc_from_spec(L, spec);
        if (t == NULL)
            return -1;
        L->exc_types[d->kind] = t;
        t->core.name = d->name;
        t->doc = d->doc;
        if (t->core.basic_size == 0)
            t->core.basic_size = t->solid_size = base->core.basic_size;
        if (type_ready(L, t, base) < 0)
            return -1;
    }
    L->memory_error = exc_new(L, L->exc_types[EXC_MemoryError], L->empty_tuple);
    return L->memory_error ? 0 : -1;
}
