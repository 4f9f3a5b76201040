/*
 * codeobject.c - code objects: construction from a CodeSpec, the lookups
 * the VM needs (line of an instruction, handler of an instruction), the
 * co_* attributes, and the type. codeobject.h states the invariants.
 */
#include <string.h>

#include "codeobject.h"
#include "intobject.h"
#include "sizeof.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

/* ------------------------------------------------------------------ */
/* Lifecycle                                                           */
/* ------------------------------------------------------------------ */

static void *copy_array(Lang *L, const void *src, size_t n, size_t size)
{
    if (n == 0)
        return NULL;
    void *p = mem_alloc(L, n * size);
    if (p != NULL)
        memcpy(p, src, n * size);
    return p;
}

Obj *code_new(Lang *L, const CodeSpec *spec)
{
    CodeObject *co = (CodeObject *)obj_alloc(L, L->t_code);
    if (co == NULL)
        return NULL;
    int nlocalsplus = spec->nlocals + spec->ncells + spec->nfrees;
    co->code = copy_array(L, spec->code, spec->ninstrs, sizeof(uint32_t));
    co->locs = copy_array(L, spec->locs, spec->ninstrs, sizeof(CodeLoc));
    co->caches = spec->ninstrs ? mem_alloc(L, spec->ninstrs * sizeof(InstrCache)) : NULL;
    if (co->caches != NULL)
        memset(co->caches, 0, spec->ninstrs * sizeof(InstrCache));
    co->exctable = copy_array(L, spec->exctable, spec->nexc, sizeof(ExcEntry));
    co->localskinds = copy_array(L, spec->localskinds, (size_t)nlocalsplus, 1);
    co->ninstrs = spec->ninstrs;
    co->nexc = spec->nexc;
    co->nlocalsplus = nlocalsplus;
    co->consts = obj_newref(spec->consts);
    co->names = obj_newref(spec->names);
    co->localsplusnames = obj_newref(spec->localsplusnames);
    co->name = obj_newref(spec->name);
    co->qualname = obj_newref(spec->qualname);
    co->filename = obj_newref(spec->filename);
    if ((spec->ninstrs && (co->code == NULL || co->locs == NULL || co->caches == NULL)) ||
        (spec->nexc && co->exctable == NULL) || (nlocalsplus && co->localskinds == NULL)) {
        obj_decref(L, &co->ob);
        return NULL;
    }
    co->nlocals = spec->nlocals;
    co->ncells = spec->ncells;
    co->nfrees = spec->nfrees;
    co->argcount = spec->argcount;
    co->posonlyargcount = spec->posonlyargcount;
    co->kwonlyargcount = spec->kwonlyargcount;
    co->stacksize = spec->stacksize;
    co->flags = spec->flags;
    co->firstlineno = spec->firstlineno;
    co->framesize = nlocalsplus + spec->stacksize;
    return &co->ob;
}

static void code_dealloc(OuroRuntime *rt, Obj *self)
{
    CodeObject *co = (CodeObject *)self;
    Lang *L = LANG_OF(self);
    (void)rt;
    mem_free(L, co->code, co->ninstrs * sizeof(uint32_t));
    mem_free(L, co->locs, co->ninstrs * sizeof(CodeLoc));
    mem_free(L, co->caches, co->ninstrs * sizeof(InstrCache));
    mem_free(L, co->exctable, co->nexc * sizeof(ExcEntry));
    mem_free(L, co->localskinds, (size_t)co->nlocalsplus);
    obj_xdecref(L, co->consts);
    obj_xdecref(L, co->names);
    obj_xdecref(L, co->localsplusnames);
    obj_xdecref(L, co->name);
    obj_xdecref(L, co->qualname);
    obj_xdecref(L, co->filename);
}

/* ------------------------------------------------------------------ */
/* Lookups                                                             */
/* ------------------------------------------------------------------ */

int code_line_of(const CodeObject *co, int i)
{
    if (i < 0 || (uint32_t)i >= co->ninstrs || co->locs[i].line <= 0)
        return -1;
    return co->locs[i].line;
}

const ExcEntry *code_find_handler(const CodeObject *co, uint32_t i)
{
    uint32_t lo = 0, hi = co->nexc;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const ExcEntry *e = &co->exctable[mid];
        if (i < e->start)
            hi = mid;
        else if (i >= e->end)
            lo = mid + 1;
        else
            return e;
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Attributes                                                          */
/* ------------------------------------------------------------------ */

#define CODE_FIELD_GETTER(fname, expr)                                         \
    static Obj *get_##fname(Lang *L, Obj *self)                                \
    {                                                                          \
        CodeObject *co = (CodeObject *)self;                                   \
        (void)L;                                                               \
        return expr;                                                           \
    }

CODE_FIELD_GETTER(name, obj_newref(co->name))
CODE_FIELD_GETTER(qualname, obj_newref(co->qualname))
CODE_FIELD_GETTER(filename, obj_newref(co->filename))
CODE_FIELD_GETTER(consts, obj_newref(co->consts))
CODE_FIELD_GETTER(names, obj_newref(co->names))
CODE_FIELD_GETTER(argcount, int_from_i64(L, co->argcount))
CODE_FIELD_GETTER(posonlyargcount, int_from_i64(L, co->posonlyargcount))
CODE_FIELD_GETTER(kwonlyargcount, int_from_i64(L, co->kwonlyargcount))
CODE_FIELD_GETTER(nlocals, int_from_i64(L, co->nlocals))
CODE_FIELD_GETTER(flags, int_from_i64(L, co->flags))
CODE_FIELD_GETTER(firstlineno, int_from_i64(L, co->firstlineno))
CODE_FIELD_GETTER(stacksize, int_from_i64(L, co->stacksize))

/* The names of the slots of one kind, as a tuple (co_varnames,
 * co_cellvars, co_freevars). */
static Obj *names_of_kind(Lang *L, CodeObject *co, int kind)
{
    size_t n = 0;
    for (int i = 0; i < co->nlocalsplus; i++)
        n += (co->localskinds[i] & kind) != 0;
    Obj *t = tuple_new(L, n);
    if (t == NULL || n == 0)
        return t;
    size_t j = 0;
    for (int i = 0; i < co->nlocalsplus; i++) {
        if (co->localskinds[i] & kind)
            tuple_init_take(t, j++, obj_newref(tuple_get_borrowed(co->localsplusnames, (size_t)i)));
    }
    return t;
}

CODE_FIELD_GETTER(varnames, names_of_kind(L, co, CO_FAST_LOCAL))
CODE_FIELD_GETTER(cellvars, names_of_kind(L, co, CO_FAST_CELL))
CODE_FIELD_GETTER(freevars, names_of_kind(L, co, CO_FAST_FREE))

static const GetSetDef code_getsets[] = {
    {"co_name", get_name, NULL, NULL},
    {"co_qualname", get_qualname, NULL, NULL},
    {"co_filename", get_filename, NULL, NULL},
    {"co_consts", get_consts, NULL, NULL},
    {"co_names", get_names, NULL, NULL},
    {"co_argcount", get_argcount, NULL, NULL},
    {"co_posonlyargcount", get_posonlyargcount, NULL, NULL},
    {"co_kwonlyargcount", get_kwonlyargcount, NULL, NULL},
    {"co_nlocals", get_nlocals, NULL, NULL},
    {"co_flags", get_flags, NULL, NULL},
    {"co_firstlineno", get_firstlineno, NULL, NULL},
    {"co_stacksize", get_stacksize, NULL, NULL},
    {"co_varnames", get_varnames, NULL, NULL},
    {"co_cellvars", get_cellvars, NULL, NULL},
    {"co_freevars", get_freevars, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

static Obj *code_repr(Lang *L, Obj *self)
{
    CodeObject *co = (CodeObject *)self;
    return str_from_format(L, "<code object %U at %p, file \"%U\", line %d>", co->name,
                           (void *)self, co->filename, co->firstlineno);
}

/* ------------------------------------------------------------------ */
/* Type                                                                */
/* ------------------------------------------------------------------ */

static const TypeSpec code_spec = {
    .name = "code",
    .basic_size = sizeof(CodeObject),
    .core_flags = OURO_TYPE_WEAKREFABLE,
    .weaklist_offset = offsetof(CodeObject, weaklist),
    .dealloc = code_dealloc,
    .repr = code_repr,
    .getattro = object_generic_getattr,
    .methods = sizeof_code_methods,
    .getsets = code_getsets,
};

int code_init_type(Lang *L)
{
    if (L->t_code != NULL)
        return 0;
    L->t_code = type_from_spec(L, &code_spec, NULL);
    return L->t_code != NULL ? 0 : -1;
}
