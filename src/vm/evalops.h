/*
 * evalops.h - instruction bodies of the eval loop that live out of line
 * (evalops.c). Unless a comment says otherwise, object arguments are
 * borrowed, results are new references, and failure is NULL / -1 with an
 * exception set, as everywhere else.
 */
#ifndef OURO_VM_EVALOPS_H
#define OURO_VM_EVALOPS_H

#include "vm.h"

/* The value of name in the namespace ns: borrowed when ns is an exact
 * dict, else a new reference also stored in *owned (NULL otherwise).
 * NULL without an exception when absent. */
Obj *vmop_mapping_lookup(Lang *L, Obj *ns, Obj *name, Obj **owned);
/* LOAD_NAME: locals, globals, builtins; NameError when absent. */
Obj *vmop_load_name(Lang *L, InterpFrame *f, Obj *name);
/* LOAD_GLOBAL: globals, builtins; NameError when absent. */
Obj *vmop_load_global(Lang *L, InterpFrame *f, Obj *name);
/* LOAD_GLOBAL, filling cache c (the instruction's) with where the name
 * was found when both namespaces are exact dicts (see eval.c). */
Obj *vmop_load_global_cached(Lang *L, InterpFrame *f, Obj *name, InstrCache *c);
/* STORE_NAME: f's namespace[name] = v. */
int vmop_store_name(Lang *L, InterpFrame *f, Obj *name, Obj *v);
/* DELETE_NAME / DELETE_GLOBAL: del ns[name], NameError when absent. */
int vmop_delete_from(Lang *L, Obj *ns, Obj *name);
/* LOAD_METHOD on the stack: [obj] becomes [method, obj] when obj's type
 * has a method descriptor of that name that no instance attribute
 * shadows, else [NULL, getattr(obj, name)]. sp[-1] is obj on entry and
 * sp[0] receives the second slot (the caller then grows the stack). The
 * stack slots keep their ownership. */
int vmop_load_method(Lang *L, Obj **sp, Obj *name);
/* The kinds of attribute caches (InstrCache.aux of LOAD_ATTR and
 * STORE_ATTR), each guarded by the owner's type version in .version:
 * a __slots__ member at byte offset u.index, or inline value u.index of
 * an instance whose class has no attribute of that name. */
enum { ATTR_CACHE_SLOT = 1, ATTR_CACHE_INLINE = 2 };
/* LOAD_ATTR: getattr(owner, name), first filling cache c when the
 * attribute is one of the kinds above. */
Obj *vmop_load_attr_cached(Lang *L, Obj *owner, Obj *name, InstrCache *c);
/* STORE_ATTR: setattr(owner, name, v), then filling cache c as above. */
int vmop_store_attr_cached(Lang *L, Obj *owner, Obj *name, Obj *v, InstrCache *c);
/* LOAD_METHOD with a cache: as vmop_load_method, and when the method
 * descriptor case applies, c remembers it (u.obj, borrowed: the type's
 * version guards it) with in aux how to check that the instance does
 * not shadow it (see method_shadowed in eval.c). */
int vmop_load_method_cached(Lang *L, Obj **sp, Obj *name, InstrCache *c);
/* aux of a LOAD_METHOD cache: 0, no instance attributes; k + 1, inline
 * value k must be unset; METHOD_CACHE_ABSENT | n, the name is not among
 * the class's n shared keys. */
#define METHOD_CACHE_ABSENT 0x80000000u

/* UNPACK_SEQUENCE: n items of seq into out[n-1] .. out[0] (the first item
 * ends on top), new references; CPython's messages for too many / too
 * few / not iterable. */
int vmop_unpack_sequence(Lang *L, Obj *seq, size_t n, Obj **out);
/* UNPACK_EX: `before` items, a list of the middle, `after` items, into
 * out[before + after] (first item) down to out[0]. */
int vmop_unpack_ex(Lang *L, Obj *seq, size_t before, size_t after, Obj **out);
/* RAISE_VARARGS 1/2: raises exc (a class or an instance) with cause
 * (NULL, None, a class or an instance). Always -1 with the exception set. */
int vmop_do_raise(Lang *L, Obj *exc, Obj *cause);
/* CHECK_EXC_MATCH's check that an except clause names exception classes. */
int vmop_check_except_type(Lang *L, Obj *type);
/* A special method bound to obj (CPython's _PyObject_LookupSpecial), or
 * NULL without an exception when obj's type has none. */
Obj *vmop_lookup_special(Lang *L, Obj *obj, Obj *name);
/* BEFORE_WITH on the stack: [mgr] becomes [bound __exit__, the value of
 * __enter__()]; sp[-1] is mgr on entry, sp[0] receives the second slot. */
int vmop_before_with(Lang *L, Obj **sp);
/* BUILD_STRING: the concatenation of the n str items (borrowed). */
Obj *vmop_build_string(Lang *L, Obj **items, size_t n);
/* FORMAT_VALUE: conv (FVC_*) then format(); takes over value and spec
 * (which may be NULL). */
Obj *vmop_format_value(Lang *L, Obj *value, Obj *spec, unsigned conv);
/* MAKE_FUNCTION: a function of code in f's globals with the extras the
 * flags announce (MAKE_FUNCTION_* order), whose references it takes over
 * even on failure. */
Obj *vmop_make_function(Lang *L, InterpFrame *f, Obj *code, unsigned flags, Obj **extras);
/* d.update(m) for f(**m), refusing a key d already has (KeyError(key)). */
int vmop_dict_merge_unique(Lang *L, Obj *d, Obj *update);
/* Rewrites the pending error of a failed DICT_MERGE into CPython's
 * messages for f(**m) (not a mapping, repeated keyword). */
void vmop_dict_merge_error(Lang *L, Obj *func, Obj *update);
/* CALL_FUNCTION_EX: func(*callargs, **kwargs); kwargs may be NULL. */
Obj *vmop_call_function_ex(Lang *L, Obj *func, Obj *callargs, Obj *kwargs);
/* IMPORT_FROM: module.name, ImportError "cannot import name ...". */
Obj *vmop_import_from(Lang *L, Obj *module, Obj *name);
/* IMPORT_STAR: the public names of module into f's namespace. */
int vmop_import_star(Lang *L, InterpFrame *f, Obj *module);
/* SETUP_ANNOTATIONS: __annotations__ = {} in f's namespace if missing. */
int vmop_setup_annotations(Lang *L, InterpFrame *f);
/* PRINT_EXPR: the interactive echo of a value (not None), kept in
 * builtins._. */
int vmop_print_expr(Lang *L, Obj *v);

#endif
