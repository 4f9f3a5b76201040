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

#endif
