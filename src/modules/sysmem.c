/*
 * sysmem.c - the memory parts of sys, added to the VM's sys module at
 * start-up by vm_modules_extend_sys (config.c):
 *
 *   getsizeof(object[, default])  CPython 3.11's, sizes from
 *                                 src/objects/sizeof.c;
 *   _ouro_mem_in_use()            the allocator's bytes in use (ouro's
 *                                 own, private: tests compare it with
 *                                 getsizeof sums).
 */
#include "modules.h"
#include "../objects/exceptions.h"
#include "../objects/intobject.h"
#include "../objects/moduleobject.h"
#include "../objects/sizeof.h"
#include "../objects/strobject.h"
#include "../objects/tupleobject.h"

/* Binds getsizeof's arguments (object, default) from the vector call:
 * out[0] the object, out[1] the default or NULL, borrowed. 0, or -1 with
 * CPython's argument-clinic TypeError. */
static int getsizeof_args(Lang *L, Obj *const *args, size_t nargs, Obj *kwnames, Obj *out[2])
{
    static const char *const names[2] = {"object", "default"};
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    out[0] = out[1] = NULL;
    if (nargs + nkw > 2) {
        err_format(L, EXC_TypeError, "getsizeof() takes at most 2 arguments (%zu given)",
                   nargs + nkw);
        return -1;
    }
    for (size_t i = 0; i < nargs; i++)
        out[i] = args[i];
    for (size_t k = 0; k < nkw; k++) {
        Obj *key = tuple_get_borrowed(kwnames, k);
        size_t i = str_equal_cstr(key, names[0]) ? 0 : str_equal_cstr(key, names[1]) ? 1 : 2;
        if (i == 2) {
            err_format(L, EXC_TypeError, "'%U' is an invalid keyword argument for getsizeof()",
                       key);
            return -1;
        }
        if (i < nargs) {
            err_format(L, EXC_TypeError,
                       "argument for getsizeof() given by name ('%s') and position (%zu)",
                       names[i], i + 1);
            return -1;
        }
        out[i] = args[nargs + k];
    }
    if (out[0] == NULL) {
        err_format(L, EXC_TypeError, "getsizeof() missing required argument 'object' (pos 1)");
        return -1;
    }
    return 0;
}

/* getsizeof(object, default): the default replaces a TypeError only, as
 * CPython's (a ValueError or OverflowError still propagates). */
static Obj *sys_getsizeof(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    Obj *a[2];
    if (getsizeof_args(L, args, nargs, kwnames, a) < 0)
        return NULL;
    size_t size;
    if (sizeof_getsizeof(L, a[0], &size) == 0)
        return int_from_size(L, size);
    if (a[1] != NULL && err_matches(L, EXC_TypeError)) {
        err_clear(L);
        return obj_newref(a[1]);
    }
    return NULL;
}

static Obj *sys_ouro_mem_in_use(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames)
{
    (void)self;
    (void)args;
    (void)nargs;
    (void)kwnames;
    OuroMemStats st;
    ouro_mem_stats(L->rt, &st);
    return int_from_size(L, st.bytes_in_use);
}

static const MethodDef sysmem_functions[] = {
    {"getsizeof", sys_getsizeof, METH_KEYWORDS, NULL},
    {"_ouro_mem_in_use", sys_ouro_mem_in_use, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

int sysmem_extend(Lang *L, Obj *sys)
{
    return module_add_functions(L, sys, sysmem_functions);
}
