/*
 * weakrefobject.h - the language's weak references on top of the memory
 * core's (OuroWeakRef): weakref.ref (ReferenceType, subclassable: KeyedRef
 * and WeakMethod derive from it), weakref.proxy (ProxyType) and the proxy
 * of callables (CallableProxyType), with CPython 3.11's behaviour.
 *
 * Invariants:
 *   - a WeakRefObject begins with an OuroWeakRef: the core keeps it on its
 *     referent's list, clears it when the referent dies and runs its
 *     callback (the Lang's call_callback hook, installed by
 *     weakref_init_types, calls it with the dead weakref);
 *   - at most one "basic" ref (exact ReferenceType, no callback) and one
 *     basic proxy exist per referent: ref(o) and proxy(o) return them again;
 *     they come before the referent's other language weakrefs in its list,
 *     which otherwise runs newest first (so callbacks run newest first);
 *   - hash is -1 until computed from a live referent, then kept;
 *   - weakrefs are tracked by the collector from creation (their callback
 *     may form cycles; the core requires it of weakrefs with callbacks).
 * The list may also hold the core's own weakrefs (the VM's: a class's list
 * of subclasses, shutdown): they are not language objects and the
 * functions below skip them.
 */
#ifndef OURO_OBJECTS_WEAKREFOBJECT_H
#define OURO_OBJECTS_WEAKREFOBJECT_H

#include "object.h"

typedef struct WeakRefObject {
    OuroWeakRef wr;               /* core part: referent, callback, list links */
    intptr_t hash;                /* -1: not computed yet */
} WeakRefObject;

/* Creates L->t_weakref, L->t_proxy and L->t_callable_proxy (VM start-up)
 * and installs the runtime's call_callback hook, which calls language
 * callbacks with the dead weakref. 0, or -1 with an exception. */
int weakref_init_types(Lang *L);

/* isinstance(o, weakref.ref) / a proxy of either kind. */
static inline int weakref_check(Lang *L, const Obj *o)
{
    return L->t_weakref != NULL && obj_isinstance((Obj *)o, L->t_weakref);
}
static inline int weakref_proxy_check(Lang *L, const Obj *o)
{
    return L->t_proxy != NULL && (IS_TYPE(o, L->t_proxy) || IS_TYPE(o, L->t_callable_proxy));
}

/* weakref.ref(obj, callback): callback borrowed, NULL or None for none.
 * Returns the shared basic ref when there is no callback. New reference,
 * or NULL with TypeError "cannot create weak reference to 'T' object" or
 * MemoryError. */
Obj *weakref_new_ref(Lang *L, Obj *obj, Obj *callback);
/* weakref.proxy(obj, callback): as weakref_new_ref, a CallableProxyType
 * when obj is callable. */
Obj *weakref_new_proxy(Lang *L, Obj *obj, Obj *callback);

/* The referent of a ref or proxy (borrowed), or NULL when it is dead. */
static inline Obj *weakref_get_borrowed(const Obj *ref)
{
    return ouro_weakref_get(&((const WeakRefObject *)ref)->wr);
}

/* getweakrefcount(obj): the number of language weakrefs and proxies to
 * obj (0 for objects that cannot be weakly referenced). */
size_t weakref_count(Lang *L, Obj *obj);
/* getweakrefs(obj): a new list of them, in list order; NULL with an
 * exception on MemoryError. */
Obj *weakref_list(Lang *L, Obj *obj);

#endif
