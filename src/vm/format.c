/*
 * format.c - format(value, spec) and ascii(o) for f-strings and the
 * builtins.
 *
 * format() calls type(value).__format__(value, spec), as CPython
 * (PyObject_Format), with the shortcuts for an empty spec on exact str and
 * int; the format-spec languages themselves belong to the types.
 */
#include <stdio.h>
#include <string.h>

#include "vm.h"
#include "../objects/intobject.h"
#include "../objects/strobject.h"
#include "../objects/typeobject.h"

Obj *vm_format(Lang *L, Obj *value, Obj *spec)
{
    int empty = spec == NULL || str_nbytes(spec) == 0;
    if (empty && str_check_exact(L, value))
        return obj_newref(value);
    if (empty && int_check_exact(L, value))
        return obj_str(L, value);
    Obj *key = str_intern_cstr(L, "__format__");
    if (key == NULL)
        return NULL;
    Obj *meth = type_lookup(L, TYPE(value), key);
    obj_decref(L, key);
    if (meth == NULL)
        return err_format(L, EXC_TypeError, "Type %.100s doesn't define __format__",
                          obj_type_name(value));
    Obj *spec_arg = spec ? spec : L->empty_str;
    Obj *args[2] = {value, spec_arg};
    Obj *name = str_intern_cstr(L, "__format__");
    if (name == NULL)
        return NULL;
    Obj *r = obj_call_method(L, name, args, 2, NULL);
    obj_decref(L, name);
    if (r != NULL && !str_check(r)) {
        err_format(L, EXC_TypeError, "__format__ must return a str, not %.200s",
                   obj_type_name(r));
        obj_decref(L, r);
        return NULL;
    }
    return r;
}

Obj *vm_ascii(Lang *L, Obj *o)
{
    Obj *r = obj_repr(L, o);
    if (r == NULL || str_is_ascii(r))
        return r;
    StrBuilder sb;
    sb_init(L, &sb);
    const char *s = str_data(r);
    size_t pos = 0, n = str_nbytes(r);
    while (pos < n) {
        uint32_t c = utf8_decode(s, &pos);
        char buf[16];
        if (c < 0x80)
            snprintf(buf, sizeof buf, "%c", (char)c);
        else if (c < 0x100)
            snprintf(buf, sizeof buf, "\\x%02x", (unsigned)c);
        else if (c < 0x10000)
            snprintf(buf, sizeof buf, "\\u%04x", (unsigned)c);
        else
            snprintf(buf, sizeof buf, "\\U%08x", (unsigned)c);
        sb_append_cstr(&sb, buf);
    }
    obj_decref(L, r);
    return sb_finish(&sb);
}
