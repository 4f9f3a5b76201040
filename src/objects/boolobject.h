/*
 * boolobject.h - bool, the subclass of int with the two instances True and
 * False (per Lang: L->true_, L->false_; they share int's representation).
 */
#ifndef OURO_OBJECTS_BOOLOBJECT_H
#define OURO_OBJECTS_BOOLOBJECT_H

#include "object.h"

static inline int bool_check(Lang *L, const Obj *o)
{
    return IS_TYPE(o, L->t_bool);
}

/* Creates True and False (lang_new). -1 on failure. */
int bool_init(Lang *L);

struct TypeSpec;
extern const struct TypeSpec bool_spec;

#endif
