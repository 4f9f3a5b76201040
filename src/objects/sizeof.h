/*
 * sizeof.h - how many bytes an object occupies, as `__sizeof__` and
 * `sys.getsizeof` report it (CPython 3.11's rules, our layout):
 *
 *   __sizeof__      the object's own block without the collector's header
 *                   (basic size + item size * items, CPython's
 *                   object.__sizeof__), plus the memory the object owns
 *                   outright and frees with itself (a list's item array, a
 *                   dict's or set's table, a code object's arrays, a
 *                   class's member table and shared keys);
 *   sys.getsizeof   __sizeof__ as looked up on the type (so a class may
 *                   override it) plus the collector's 16-byte header for
 *                   objects of collector-managed types, as CPython adds
 *                   sizeof(PyGC_Head).
 *
 * Invariant (tests/modules/sys_getsizeof_sum.py checks it): for an object
 * whose type keeps the default __sizeof__ of its built-in base, getsizeof
 * is exactly the number of bytes the allocator holds for it and frees with
 * it. Referenced objects are never counted (sizes are shallow).
 */
#ifndef OURO_OBJECTS_SIZEOF_H
#define OURO_OBJECTS_SIZEOF_H

#include "object.h"

/* Bytes of the collector's header in front of o: 16 for objects of
 * collector-managed (OURO_TYPE_GC) types, tracked or not, else 0. */
size_t sizeof_gc_header(const Obj *o);

/* object.__sizeof__ for o: its block without the collector's header. */
size_t sizeof_basic(const Obj *o);

/* sys.getsizeof(o) without a default: calls type(o).__sizeof__(o) and
 * adds the collector's header. On success stores the size in *out and
 * returns 0. Returns -1 with an exception: whatever __sizeof__ raised,
 * TypeError "an integer is required" when it returns a non-int,
 * OverflowError beyond ssize_t, ValueError "__sizeof__() should return
 * >= 0" for a negative size, TypeError "Type T doesn't define __sizeof__"
 * when the lookup finds nothing (object's cannot be deleted, so only for
 * types that do not derive from object). */
int sizeof_getsizeof(Lang *L, Obj *o, size_t *out);

/* The __sizeof__ methods (MethodDef functions, METH_NOARGS) of object,
 * type and code, wired into their types' method tables. Each returns a
 * new int. */
Obj *sizeof_object_method(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames);
Obj *sizeof_type_method(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames);
/* code's method table: just __sizeof__ (the code type has no others). */
extern const MethodDef sizeof_code_methods[];

#endif
