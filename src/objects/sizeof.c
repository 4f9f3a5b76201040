/*
 * sizeof.c - object sizes: object.__sizeof__, type.__sizeof__,
 * code.__sizeof__ and the computation behind sys.getsizeof (sizeof.h
 * states the rules and the invariant they keep).
 *
 * The object's own block is read from the memory core (ouro_object_size,
 * the very size the allocator was asked for and is given back), so the
 * numbers follow the layout wherever it changes (inline values of
 * instances, spare room of strings, var-sized objects). The types that own
 * more memory add it here, or in their own file when only that file knows
 * the layout: list (listobject.c, its item array), dict (dictobject.c, its
 * table), set and frozenset (setobject.c, an external table), int and str
 * (var-sized, their own __sizeof__ is the block).
 */
#include "sizeof.h"

#include "codeobject.h"
#include "exceptions.h"
#include "instance.h"
#include "intobject.h"
#include "slots.h"
#include "strobject.h"
#include "typeobject.h"

/* ------------------------------------------------------------------ */
/* Blocks                                                              */
/* ------------------------------------------------------------------ */

static size_t body_size(const Obj *o)
{
    const OuroType *t = o->type;
    return t->basic_size + ouro_object_nitems(o) * t->item_size;
}

size_t sizeof_gc_header(const Obj *o)
{
    /* Whatever the core puts in front of the body: its size is not in the
     * public API, the difference is exact by definition. */
    return ouro_object_size(o) - body_size(o);
}

size_t sizeof_basic(const Obj *o)
{
    return body_size(o);
}

/* ------------------------------------------------------------------ */
/* Per-type extras                                                     */
/* ------------------------------------------------------------------ */

/* A class owns its __slots__ member table, its shared attribute keys and
 * the array of weak references to its subclasses (typeobject.c frees
 * them with the type). The dict, mro and bases are objects of their own. */
static size_t type_owned_bytes(const TypeObject *t)
{
    size_t n = t->subclasses_cap * sizeof(OuroWeakRef *);
    if (t->keys != NULL)
        n += sizeof(SharedKeys);
    if (t->slot_members != NULL)
        n += t->nslot_members * sizeof(MemberDef);
    return n;
}

/* The arrays code_new allocates (codeobject.c frees them with the code):
 * instructions, their source positions and inline caches, the exception
 * table, the kinds of the local slots. */
static size_t code_owned_bytes(const CodeObject *co)
{
    size_t per_instr = sizeof(uint32_t) + sizeof(CodeLoc) + sizeof(InstrCache);
    return co->ninstrs * per_instr + co->nexc * sizeof(ExcEntry) + (size_t)co->nlocalsplus;
}

/* ------------------------------------------------------------------ */
/* Methods                                                             */
/* ------------------------------------------------------------------ */

Obj *sizeof_object_method(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return int_from_size(L, sizeof_basic(self));
}

Obj *sizeof_type_method(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return int_from_size(L, sizeof_basic(self) + type_owned_bytes((TypeObject *)self));
}

static Obj *code_sizeof(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return int_from_size(L, sizeof_basic(self) + code_owned_bytes((CodeObject *)self));
}

const MethodDef sizeof_code_methods[] = {
    {"__sizeof__", code_sizeof, METH_NOARGS, "Return the size of the code object in memory."},
    {NULL, NULL, 0, NULL},
};

/* ------------------------------------------------------------------ */
/* sys.getsizeof                                                       */
/* ------------------------------------------------------------------ */

/* type(o).__sizeof__(o), looked up on the type as CPython's
 * _PyObject_LookupSpecial: an instance attribute does not count. */
static Obj *call_sizeof(Lang *L, Obj *o)
{
    Obj *name = str_intern_cstr(L, "__sizeof__");
    if (name == NULL)
        return NULL;
    int found;
    Obj *r = call_special(L, name, &o, 1, &found);
    obj_decref(L, name);
    if (!found)
        return err_format(L, EXC_TypeError, "Type %.100s doesn't define __sizeof__",
                          obj_type_name(o));
    return r;
}

int sizeof_getsizeof(Lang *L, Obj *o, size_t *out)
{
    Obj *r = call_sizeof(L, o);
    if (r == NULL)
        return -1;
    if (!int_check(r)) {
        obj_decref(L, r);
        err_format(L, EXC_TypeError, "an integer is required");
        return -1;
    }
    intptr_t n = int_as_ssize(L, r);
    obj_decref(L, r);
    if (n == -1 && err_occurred(L))
        return -1;
    if (n < 0) {
        err_format(L, EXC_ValueError, "__sizeof__() should return >= 0");
        return -1;
    }
    *out = (size_t)n + sizeof_gc_header(o);
    return 0;
}
