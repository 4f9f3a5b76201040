/*
 * singletons.h - None, NotImplemented and Ellipsis: the one instance of
 * each of their types, per Lang (L->none, L->not_implemented,
 * L->ellipsis). Their types cannot be subclassed; calling them with no
 * arguments returns the singleton, as CPython 3.11.
 */
#ifndef OURO_OBJECTS_SINGLETONS_H
#define OURO_OBJECTS_SINGLETONS_H

#include "object.h"

/* Creates the three singletons (lang_new). -1 on failure. */
int singletons_init(Lang *L);

struct TypeSpec;
extern const struct TypeSpec none_spec, notimplemented_spec, ellipsis_spec;

#endif
