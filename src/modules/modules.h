/*
 * modules.h - the modules layer: built-in modules over the VM and the
 * object layer (gc, weakref, time and the memory parts of sys). It may
 * include every lower layer; no lower layer includes it (the VM reaches
 * config.c's table at link time).
 */
#ifndef OURO_MODULES_MODULES_H
#define OURO_MODULES_MODULES_H

#include "../vm/vm.h"

/* Each returns a new module (new reference) or NULL with an exception. */
Obj *gc_module_init(Lang *L);                  /* gcmodule.c */
Obj *time_module_init(Lang *L);                /* timemodule.c */
Obj *weakref_c_module_init(Lang *L);           /* weakrefmodule.c: _weakref */
Obj *weakref_module_init(Lang *L);             /* weakrefmodule.c: weakref */

/* Adds getsizeof and _ouro_mem_in_use to sys (borrowed); 0, or -1 with
 * an exception (sysmem.c). */
int sysmem_extend(Lang *L, Obj *sys);

#endif
