/*
 * import.c - `import M` / `from M import x` for the built-in modules: a
 * module is looked up in sys.modules (L->modules), else made once by its
 * entry in the table of built-in modules and registered there. There are
 * no packages and no files: a dotted name can only name a module already
 * registered under that name. Messages as CPython's.
 */
#include <string.h>

#include "vm.h"
#include "../objects/dictobject.h"
#include "../objects/exceptions.h"
#include "../objects/intobject.h"
#include "../objects/moduleobject.h"
#include "../objects/strobject.h"
#include "../objects/tupleobject.h"

/* Built-in modules made on first import. `sys` and `builtins` exist from
 * start-up (runtime.c); __future__ is the VM's own, the others come from
 * the modules layer's table (vm_module_table, src/modules/config.c). */

/* __future__: the feature names exist (`from __future__ import
 * annotations` works); ouro does not change behaviour for them. */
static Obj *make_future(Lang *L)
{
    static const char *const features[] = {
        "nested_scopes", "generators", "division", "absolute_import", "with_statement",
        "print_function", "unicode_literals", "barry_as_FLUFL", "generator_stop",
        "annotations", NULL,
    };
    Obj *m = module_new_cstr(L, "__future__");
    for (size_t i = 0; m != NULL && features[i] != NULL; i++) {
        if (module_add_object(L, m, features[i], L->true_) < 0)
            obj_clearref(L, &m);
    }
    return m;
}

static const VMModuleDef vm_own_modules[] = {
    {"__future__", make_future},
    {NULL, NULL},
};

int vm_add_module(Lang *L, Obj *module)
{
    Obj *name = ((ModuleObject *)module)->name;
    return dict_setitem(L, L->modules, name, module);
}

static Obj *find_or_make(Lang *L, Obj *name)
{
    Obj *m = dict_getitem_str(L->modules, name);
    if (m != NULL) {
        if (m == L->none)
            return err_format(L, EXC_ModuleNotFoundError, "import of %U halted; None in sys.modules",
                              name);
        return obj_newref(m);
    }
    const VMModuleDef *tables[] = {vm_own_modules, vm_module_table};
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        for (const VMModuleDef *d = tables[t]; d->name != NULL; d++) {
            if (!str_equal_cstr(name, d->name))
                continue;
            m = d->init(L);
            if (m == NULL)
                return NULL;
            if (vm_add_module(L, m) < 0) {
                obj_decref(L, m);
                return NULL;
            }
            return m;
        }
    }
    return NULL;
}

static Obj *not_found(Lang *L, Obj *name)
{
    Obj *e = NULL;
    err_format(L, EXC_ModuleNotFoundError, "No module named '%U'", name);
    e = L->exc;
    if (e != NULL)
        obj_setref(L, &((ImportErrorObject *)e)->name, obj_newref(name));
    return NULL;
}

Obj *vm_import(Lang *L, Obj *name, Obj *fromlist, Obj *level)
{
    int64_t lv = 0;
    if (level != NULL && int_check(level) && !int_as_i64_exact(level, &lv))
        lv = 0;
    if (lv > 0)
        return err_format(L, EXC_ImportError,
                          "attempted relative import with no known parent package");
    if (str_nbytes(name) == 0)
        return err_format(L, EXC_ValueError, "Empty module name");
    Obj *m = find_or_make(L, name);
    if (m != NULL || err_occurred(L))
        return m;
    const char *s = str_data(name), *dot = strchr(s, '.');
    if (dot == NULL)
        return not_found(L, name);
    /* a.b: report like CPython, by the first missing part. */
    Obj *top = str_from_utf8_trusted(L, s, (size_t)(dot - s));
    if (top == NULL)
        return NULL;
    Obj *tm = find_or_make(L, top);
    if (tm == NULL) {
        if (!err_occurred(L))
            not_found(L, top);
        obj_decref(L, top);
        return NULL;
    }
    obj_decref(L, tm);
    err_format(L, EXC_ModuleNotFoundError, "No module named '%U'; '%U' is not a package", name,
               top);
    obj_decref(L, top);
    (void)fromlist;
    return NULL;
}
