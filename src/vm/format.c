/*
 * format.c - format(value, spec) and ascii(o) for f-strings and the
 * builtins.
 *
 * format() calls type(value).__format__(value, spec), as CPython
 * (PyObject_Format): the object layer's obj_format, with the shortcuts for
 * an empty spec on exact str and int; the format-spec languages themselves
 * belong to the types.
 */
#include <stdio.h>
#include <string.h>

#include "vm.h"
#include "../objects/strobject.h"

Obj *vm_format(Lang *L, Obj *value, Obj *spec)
{
    /* obj_format looks __format__ up on the type, as special methods are:
     * format(int) is type.__format__(int, ''), not int.__format__(''). */
    return obj_format(L, value, spec);
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
