/*
 * config.c - the modules layer's table of built-in modules, which the VM
 * finds by name at link time (vm_module_table, declared in src/vm/vm.h),
 * and the parts of sys that belong to this layer. A module of this layer
 * is one file, src/modules/NAME.c, whose init function is listed here.
 */
#include "modules.h"

const VMModuleDef vm_module_table[] = {
    {"gc", gc_module_init},
    {"time", time_module_init},
    {"_weakref", weakref_c_module_init},
    {"weakref", weakref_module_init},
    {NULL, NULL},
};

int vm_modules_extend_sys(Lang *L, Obj *sys)
{
    return sysmem_extend(L, sys);
}
