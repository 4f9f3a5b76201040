/*
 * call.c - calling functions: binding arguments to parameters with
 * CPython 3.11's rules and messages (its initialize_locals), the call slot
 * of the function type, running module and class bodies, f(*args,
 * **kwargs), and the name errors of the eval loop.
 *
 * Arguments arrive in the vector convention (object.h). Binding takes
 * over one reference per argument, so the eval loop moves its stack slots
 * into the new frame's locals without touching the counts.
 */
#include <string.h>

#include "vm.h"
#include "../compiler/opcodes.h"
#include "../objects/dictobject.h"
#include "../objects/exceptions.h"
#include "../objects/instance.h"
#include "../objects/intobject.h"
#include "../objects/moduleobject.h"
#include "../objects/strobject.h"
#include "../objects/tupleobject.h"
#include "../objects/typeobject.h"

/* ------------------------------------------------------------------ */
/* Argument errors                                                     */
/* ------------------------------------------------------------------ */

static Obj *qualname_of(InterpFrame *f)
{
    return ((FuncObject *)f->func)->qualname;
}

static Obj *slot_name(CodeObject *co, int i)
{
    return tuple_get_borrowed(co->localsplusnames, (size_t)i);
}

/* Missing arguments among slots [start, end): "f() missing 2 required
 * positional arguments: 'a' and 'b'" (CPython's format_missing). */
static void missing_arguments(Lang *L, InterpFrame *f, int start, int end, const char *kind)
{
    CodeObject *co = f->code;
    int n = 0;
    for (int i = start; i < end; i++)
        n += f->localsplus[i] == NULL;
    StrBuilder sb;
    sb_init(L, &sb);
    int k = 0;
    for (int i = start; i < end; i++) {
        if (f->localsplus[i] != NULL)
            continue;
        k++;
        if (k > 1) {
            if (n == 2)
                sb_append_cstr(&sb, " and ");
            else if (k == n)
                sb_append_cstr(&sb, ", and ");
            else
                sb_append_cstr(&sb, ", ");
        }
        sb_append_format(&sb, "'%U'", slot_name(co, i));
    }
    Obj *names = sb_finish(&sb);
    if (names == NULL)
        return;
    err_format(L, EXC_TypeError, "%U() missing %d required %s argument%s: %U", qualname_of(f),
               n, kind, n == 1 ? "" : "s", names);
    obj_decref(L, names);
}

static void too_many_positional(Lang *L, InterpFrame *f, size_t given)
{
    CodeObject *co = f->code;
    FuncObject *fn = (FuncObject *)f->func;
    int kwonly_given = 0;
    for (int i = co->argcount; i < co->argcount + co->kwonlyargcount; i++)
        kwonly_given += f->localsplus[i] != NULL;
    size_t defcount = fn->defaults ? tuple_size(fn->defaults) : 0;
    Obj *sig = defcount ? str_from_format(L, "from %zd to %d", (size_t)co->argcount - defcount,
                                          co->argcount)
                        : str_from_format(L, "%d", co->argcount);
    int plural = defcount ? 1 : co->argcount != 1;
    Obj *kwonly_sig = kwonly_given
        ? str_from_format(L, " positional argument%s (and %d keyword-only argument%s)",
                          given != 1 ? "s" : "", kwonly_given, kwonly_given != 1 ? "s" : "")
        : str_from_cstr(L, "");
    if (sig != NULL && kwonly_sig != NULL)
        err_format(L, EXC_TypeError, "%U() takes %U positional argument%s but %zu%U %s given",
                   qualname_of(f), sig, plural ? "s" : "", given, kwonly_sig,
                   given == 1 && !kwonly_given ? "was" : "were");
    obj_xdecref(L, sig);
    obj_xdecref(L, kwonly_sig);
}

/* A keyword naming a positional-only parameter, without **kwargs. */
static int posonly_as_keyword(Lang *L, InterpFrame *f, Obj *kwnames)
{
    CodeObject *co = f->code;
    StrBuilder sb;
    int n = 0;
    sb_init(L, &sb);
    for (int k = 0; k < co->posonlyargcount; k++) {
        Obj *pname = slot_name(co, k);
        for (size_t j = 0; j < tuple_size(kwnames); j++) {
            Obj *kw = tuple_get_borrowed(kwnames, j);
            if (kw == pname || (str_check(kw) && str_equal(kw, pname))) {
                if (n++)
                    sb_append_cstr(&sb, ", ");
                sb_append_str(&sb, kw);
            }
        }
    }
    Obj *names = sb_finish(&sb);
    if (names == NULL)
        return -1;
    if (n)
        err_format(L, EXC_TypeError,
                   "%U() got some positional-only arguments passed as keyword arguments: '%U'",
                   qualname_of(f), names);
    obj_decref(L, names);
    return n;
}

/* ------------------------------------------------------------------ */
/* Binding                                                             */
/* ------------------------------------------------------------------ */

/* The local slot of keyword name among the parameters that accept
 * keywords, or -1. */
static int find_keyword(CodeObject *co, Obj *name, int total)
{
    for (int j = co->posonlyargcount; j < total; j++) {
        if (slot_name(co, j) == name)
            return j;
    }
    for (int j = co->posonlyargcount; j < total; j++) {
        if (str_equal(slot_name(co, j), name))
            return j;
    }
    return -1;
}

static void release_args(Lang *L, Obj *const *args, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        obj_decref(L, args[i]);
}

int vm_bind_args(Lang *L, InterpFrame *f, Obj *const *args, size_t nargs, Obj *kwnames)
{
    CodeObject *co = f->code;
    /* The common case: exactly the positional parameters, nothing else. */
    if (kwnames == NULL && nargs == (size_t)co->argcount && co->kwonlyargcount == 0 &&
        !(co->flags & (CO_VARARGS | CO_VARKEYWORDS))) {
        for (size_t i = 0; i < nargs; i++)
            f->localsplus[i] = args[i];
        return 0;
    }
    FuncObject *fn = (FuncObject *)f->func;
    Obj **locals = f->localsplus;
    int total = co->argcount + co->kwonlyargcount;
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    Obj *kwdict = NULL;
    size_t i;

    if (co->flags & CO_VARKEYWORDS) {
        kwdict = dict_new(L);
        if (kwdict == NULL)
            goto fail_all;
        int slot = total + ((co->flags & CO_VARARGS) ? 1 : 0);
        locals[slot] = kwdict;
    }
    size_t n = nargs > (size_t)co->argcount ? (size_t)co->argcount : nargs;
    for (i = 0; i < n; i++)
        locals[i] = args[i];
    if (co->flags & CO_VARARGS) {
        Obj *u = tuple_from_array_take(L, args + n, nargs - n);
        if (u == NULL) {
            release_args(L, args, nargs, nargs + nkw);
            return -1;
        }
        locals[total] = u;
    } else if (nargs > n) {
        /* Checked once the keywords are in place (CPython's order). */
    }

    for (i = 0; i < nkw; i++) {
        Obj *key = tuple_get_borrowed(kwnames, i);
        Obj *value = args[nargs + i];
        if (!str_check(key)) {
            err_format(L, EXC_TypeError, "%U() keywords must be strings", fn->qualname);
            goto fail_kw;
        }
        int j = find_keyword(co, key, total);
        if (j < 0) {
            if (kwdict == NULL) {
                if (co->posonlyargcount && posonly_as_keyword(L, f, kwnames) != 0)
                    goto fail_kw;
                err_format(L, EXC_TypeError, "%U() got an unexpected keyword argument '%S'",
                           fn->qualname, key);
                goto fail_kw;
            }
            if (dict_setitem(L, kwdict, key, value) < 0)
                goto fail_kw;
            obj_decref(L, value);
            continue;
        }
        if (locals[j] != NULL) {
            err_format(L, EXC_TypeError, "%U() got multiple values for argument '%S'",
                       fn->qualname, key);
            goto fail_kw;
        }
        locals[j] = value;
    }

    if (nargs > (size_t)co->argcount && !(co->flags & CO_VARARGS)) {
        too_many_positional(L, f, nargs);
        release_args(L, args, n, nargs);
        return -1;
    }
    if (nargs < (size_t)co->argcount) {
        size_t defcount = fn->defaults ? tuple_size(fn->defaults) : 0;
        int m = co->argcount - (int)defcount;
        for (int k = (int)nargs; k < m; k++) {
            if (locals[k] == NULL) {
                missing_arguments(L, f, 0, m, "positional");
                return -1;
            }
        }
        for (int k = (int)nargs > m ? (int)nargs : m; k < co->argcount; k++) {
            if (locals[k] == NULL)
                locals[k] = obj_newref(tuple_get_borrowed(fn->defaults, (size_t)(k - m)));
        }
    }
    if (co->kwonlyargcount > 0) {
        int missing = 0;
        for (int k = co->argcount; k < total; k++) {
            if (locals[k] != NULL)
                continue;
            Obj *d = fn->kwdefaults ? dict_getitem_str(fn->kwdefaults, slot_name(co, k)) : NULL;
            if (d != NULL)
                locals[k] = obj_newref(d);
            else
                missing++;
        }
        if (missing) {
            missing_arguments(L, f, co->argcount, total, "keyword-only");
            return -1;
        }
    }
    return 0;

fail_kw:
    /* Keyword values from i on were not stored anywhere. */
    release_args(L, args, nargs + i, nargs + nkw);
    if (!(co->flags & CO_VARARGS) && nargs > n)
        release_args(L, args, n, nargs);
    return -1;
fail_all:
    release_args(L, args, 0, nargs + nkw);
    return -1;
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */
/* ------------------------------------------------------------------ */

Obj *vm_call_function(Lang *L, Obj *func, Obj *const *args, size_t nargs, Obj *kwnames)
{
    if (L->vm == NULL)
        return err_format(L, EXC_RuntimeError, "cannot call Python code: the interpreter is shut down");
    InterpFrame *f = vm_push_frame(L, func, NULL);
    if (f == NULL)
        return NULL;
    size_t total = nargs + (kwnames ? tuple_size(kwnames) : 0);
    for (size_t i = 0; i < total; i++)
        obj_incref(args[i]);
    if (vm_bind_args(L, f, args, nargs, kwnames) < 0) {
        frame_clear(L, f);
        vm_pop_frame(L, f);
        return NULL;
    }
    return vm_eval_frame(L, f);
}

Obj *vm_call_with_locals(Lang *L, Obj *func, Obj *locals)
{
    InterpFrame *f = vm_push_frame(L, func, locals);
    if (f == NULL)
        return NULL;
    return vm_eval_frame(L, f);
}

/* The builtins a function made in globals sees: globals['__builtins__']
 * (a module's dict, or a dict), else the runtime's. Borrowed. */
static Obj *builtins_from_globals(Lang *L, Obj *globals)
{
    Obj *key = str_intern_cstr(L, "__builtins__");
    Obj *b = key ? dict_getitem_str(globals, key) : NULL;
    if (key == NULL)
        err_clear(L);
    obj_xdecref(L, key);
    if (b != NULL && module_check(L, b))
        return module_dict(b);
    if (b != NULL && dict_check(b))
        return b;
    return L->builtins;
}

Obj *vm_eval_code(Lang *L, Obj *code, Obj *globals, Obj *locals)
{
    Obj *func = func_new(L, code, globals, builtins_from_globals(L, globals), NULL);
    if (func == NULL)
        return NULL;
    Obj *r = vm_call_with_locals(L, func, locals);
    obj_decref(L, func);
    return r;
}

/* Adds to names[*n] (at most cap) the attribute names function func
 * stores on its first parameter: STORE_ATTR right after LOAD_FAST 0. */
static void self_stores(Lang *L, Obj *func, Obj **names, size_t *n, size_t cap)
{
    CodeObject *co = (CodeObject *)((FuncObject *)func)->code;
    if (co->argcount < 1 || (co->localskinds[0] & CO_FAST_CELL))
        return;
    for (uint32_t i = 1; i < co->ninstrs; i++) {
        uint32_t w = co->code[i], prev = co->code[i - 1];
        if (INSTR_OP(w) != OP_STORE_ATTR || INSTR_OP(prev) != OP_LOAD_FAST || INSTR_ARG(prev) != 0)
            continue;
        Obj *name = tuple_get_borrowed(co->names, INSTR_ARG(w));
        size_t k = 0;
        while (k < *n && names[k] != name)
            k++;
        if (k == *n && *n < cap)
            names[(*n)++] = name;
    }
    (void)L;
}

void vm_hint_class_layout(Lang *L, Obj *cls)
{
    if (!type_check(cls))
        return;
    TypeObject *tp = (TypeObject *)cls;
    if (!TYPE_HAS(tp, TF_INLINE_VALUES) || TYPE_HAS(tp, TF_LAYOUT_FIXED) || tp->mro == NULL)
        return;
    Obj *names[INLINE_MAX];
    size_t n = 0;
    for (size_t i = 0; i < tuple_size(tp->mro); i++) {
        TypeObject *t = (TypeObject *)tuple_get_borrowed(tp->mro, i);
        if (!TYPE_HAS(t, TF_HEAPTYPE) || t->dict == NULL || !dict_check_exact(L, t->dict))
            continue;
        size_t pos = 0;
        Obj *value;
        while (dict_next(t->dict, &pos, NULL, &value)) {
            if (func_check(L, value))
                self_stores(L, value, names, &n, INLINE_MAX);
        }
    }
    if (n > 0)
        type_set_attr_hint(tp, n);
}

Obj *vm_function_str(Lang *L, Obj *func)
{
    Obj *qualname = obj_lookup_attr(L, func, ID(L, __qualname__));
    if (qualname == NULL) {
        if (err_occurred(L))
            return NULL;
        return obj_str(L, func);
    }
    Obj *r = NULL;
    Obj *module = obj_lookup_attr(L, func, ID(L, __module__));
    if (module == NULL && err_occurred(L))
        goto done;
    if (module != NULL && str_check(module) && !str_equal(module, ID(L, builtins)))
        r = str_from_format(L, "%U.%U()", module, qualname);
    else
        r = str_from_format(L, "%S()", qualname);
done:
    obj_xdecref(L, module);
    obj_decref(L, qualname);
    return r;
}

Obj *vm_call_tuple_dict(Lang *L, Obj *func, Obj *args, Obj *kwargs)
{
    size_t nargs = tuple_size(args);
    size_t nkw = kwargs ? (size_t)dict_size(kwargs) : 0;
    if (nkw == 0)
        return obj_call(L, func, tuple_items(args), nargs, NULL);
    Obj *small[16];
    Obj **vec = nargs + nkw <= 16 ? small : mem_alloc(L, (nargs + nkw) * sizeof(Obj *));
    Obj *kwnames = tuple_new(L, nkw);
    Obj *r = NULL;
    if (vec == NULL || kwnames == NULL)
        goto done;
    for (size_t i = 0; i < nargs; i++)
        vec[i] = tuple_get_borrowed(args, i);
    size_t pos = 0, k = 0;
    Obj *key, *value;
    while (dict_next(kwargs, &pos, &key, &value)) {
        if (!str_check(key)) {
            for (size_t j = k; j < nkw; j++)
                tuple_init_take(kwnames, j, new_none(L));
            err_format(L, EXC_TypeError, "keywords must be strings");
            goto done;
        }
        tuple_init_take(kwnames, k, obj_newref(key));
        vec[nargs + k] = value;
        k++;
    }
    /* The values are borrowed from kwargs, which the caller keeps alive
     * and which no code changes before the callee took its references. */
    r = obj_call(L, func, vec, nargs, kwnames);
done:
    obj_xdecref(L, kwnames);
    if (vec != NULL && vec != small)
        mem_free(L, vec, (nargs + nkw) * sizeof(Obj *));
    return r;
}

/* ------------------------------------------------------------------ */
/* Name errors                                                         */
/* ------------------------------------------------------------------ */

static void set_name_attr(Lang *L, Obj *name)
{
    if (L->exc != NULL && obj_isinstance(L->exc, L->exc_types[EXC_NameError])) {
        NameErrorObject *e = (NameErrorObject *)L->exc;
        obj_setref(L, &e->name, obj_newref(name));
    }
}

Obj *vm_name_error(Lang *L, Obj *name)
{
    err_format(L, EXC_NameError, "name '%U' is not defined", name);
    set_name_attr(L, name);
    return NULL;
}

void vm_unbound_error(Lang *L, CodeObject *co, int i)
{
    Obj *name = tuple_get_borrowed(co->localsplusnames, (size_t)i);
    if (co->localskinds[i] & CO_FAST_FREE)
        err_format(L, EXC_NameError,
                   "cannot access free variable '%U' where it is not associated with a value"
                   " in enclosing scope", name);
    else
        err_format(L, EXC_UnboundLocalError,
                   "cannot access local variable '%U' where it is not associated with a value",
                   name);
    set_name_attr(L, name);
}
