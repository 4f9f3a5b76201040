/*
 * lang.h - creating and destroying the language state of one runtime.
 *
 * lang_new builds, inside a runtime, everything the object layer needs
 * before any code runs: the built-in type objects (from their static
 * specs), the exception hierarchy, None/True/False/Ellipsis/NotImplemented,
 * the empty tuple and str, the small ints, the interned identifiers and the
 * preallocated MemoryError. lang_free releases all of it: a runtime in
 * which every object made through the Lang has been released holds 0 bytes
 * after lang_free.
 */
#ifndef OURO_OBJECTS_LANG_H
#define OURO_OBJECTS_LANG_H

#include "object.h"

/* A new language state in rt, or NULL if memory runs out (nothing is left
 * allocated then). Installs the runtime's report_error hook when the
 * embedder has none (the previous hooks come back with lang_free). One
 * Lang per runtime. */
Lang *lang_new(OuroRuntime *rt);

/* A root visitor (OuroRootFn, ctx = the Lang) reporting every reference
 * the Lang holds, for ouro_heap_check(OURO_CHECK_ROOTS). Not registered by
 * lang_new: registering grows the runtime's root table, which the core
 * keeps allocated until the runtime is destroyed. */
int lang_visit_roots(OuroRuntime *rt, OuroVisitFn visit, void *arg, void *ctx);

/* Untracks every type the Lang holds and has made so far (built-in types,
 * the exception classes, the types other layers stored in its t_* fields),
 * as CPython's static types are untracked: gc.is_tracked(int) is False.
 * Safe because the Lang keeps them alive until lang_free, which breaks
 * their cycles itself (teardown); the collector then counts what they
 * hold as referenced from outside, which it is, and lang_visit_roots
 * reports it. lang_new calls it; the VM again once its types exist.
 * Classes made by type_new are never untracked. */
void lang_untrack_types(Lang *L);

/* Runs a full collection (so that cycles of classes, instances and
 * exceptions die with their finalizers), then releases everything the Lang
 * owns, built-in types last and `type` itself at the very end. Objects the
 * embedder still holds must not be used afterwards (their types are gone):
 * release them first, or destroy the runtime. L may be NULL. */
void lang_free(Lang *L);

#endif
