/*
 * weakref.c - weak references: the per-object list, clearing, callbacks,
 * the core's own weakref type and C callback objects.
 *
 * Invariants:
 *   - a weakref with referent != NULL is on exactly that referent's list,
 *     which is headed by the field at type->weaklist_offset;
 *   - a cleared weakref has referent == NULL and prev == next == NULL,
 *     unless clear_all has chained it onto its private pending list;
 *   - ouro_weakref_get never returns an object whose count is zero, so an
 *     object waiting in the deferred queue, or half-way through its
 *     deallocation, reads as dead.
 */
#include <string.h>

#include "core.h"

static OuroWeakRef **list_slot(const OuroObject *obj)
{
    return (OuroWeakRef **)((char *)obj + obj->type->weaklist_offset);
}

int ouro_type_is_weakrefable(const OuroType *type)
{
    return (type->flags & OURO_TYPE_WEAKREFABLE) != 0;
}

OuroWeakRef *ouro_weakref_list(const OuroObject *obj)
{
    if (!ouro_type_is_weakrefable(obj->type))
        return NULL;
    return *list_slot(obj);
}

size_t ouro_weakref_count(const OuroObject *obj)
{
    size_t n = 0;
    for (OuroWeakRef *wr = ouro_weakref_list(obj); wr != NULL; wr = wr->next)
        n++;
    return n;
}

int ouro_weakref_init(OuroRuntime *rt, OuroWeakRef *wr, OuroObject *referent,
                      OuroObject *callback)
{
    (void)rt;
    if (!ouro_type_is_weakrefable(referent->type))
        return -1;
    OuroWeakRef **slot = list_slot(referent);
    wr->referent = referent;
    wr->callback = callback;
    ouro_xincref(callback);
    wr->prev = NULL;
    wr->next = *slot;
    if (*slot != NULL)
        (*slot)->prev = wr;
    *slot = wr;
    return 0;
}

void mm_weakref_unlink(OuroWeakRef *wr)
{
    if (wr->referent == NULL)
        return;
    OuroWeakRef **slot = list_slot(wr->referent);
    if (wr->prev != NULL)
        wr->prev->next = wr->next;
    else
        *slot = wr->next;
    if (wr->next != NULL)
        wr->next->prev = wr->prev;
    wr->referent = NULL;
    wr->prev = wr->next = NULL;
}

void ouro_weakref_fini(OuroRuntime *rt, OuroWeakRef *wr)
{
    mm_weakref_unlink(wr);
    ouro_clearref(rt, &wr->callback);
}

int ouro_weakref_traverse(OuroWeakRef *wr, OuroVisitFn visit, void *arg)
{
    return wr->callback != NULL ? visit(wr->callback, arg) : 0;
}

OuroObject *ouro_weakref_get(const OuroWeakRef *wr)
{
    OuroObject *r = wr->referent;
    return r != NULL && r->refcnt > 0 ? r : NULL;
}

/* ------------------------------------------------------------------ */
/* Callbacks                                                           */
/* ------------------------------------------------------------------ */

typedef struct CCallback {
    OuroObject ob;
    OuroCCallbackFn fn;
    void *ctx;
} CCallback;

static const OuroType ccallback_type = {
    .name = "ccallback",
    .basic_size = sizeof(CCallback),
};

OuroObject *ouro_ccallback_new(OuroRuntime *rt, OuroCCallbackFn fn, void *ctx)
{
    CCallback *cb = (CCallback *)ouro_new(rt, &ccallback_type);
    if (cb == NULL)
        return NULL;
    cb->fn = fn;
    cb->ctx = ctx;
    return &cb->ob;
}

static int call_default(OuroRuntime *rt, OuroObject *callback, OuroObject *wr)
{
    if (callback->type != &ccallback_type)
        return -1;
    CCallback *cb = (CCallback *)callback;
    return cb->fn(rt, (OuroWeakRef *)wr, cb->ctx);
}

void mm_weakref_call(OuroRuntime *rt, OuroWeakRef *wr, int take)
{
    OuroObject *cb = wr->callback;
    if (cb == NULL)
        return;
    if (take)
        wr->callback = NULL;   /* our reference now */
    else
        ouro_incref(cb);
    int (*call)(OuroRuntime *, OuroObject *, OuroObject *) =
        rt->hooks.call_callback != NULL ? rt->hooks.call_callback : call_default;
    if (call(rt, cb, &wr->ob) < 0)
        ouro_report_error(rt, "weakref callback", cb);
    ouro_decref(rt, cb);
}

/*
 * Refcount death (and explicit use): every weakref is cleared first, then
 * the callbacks of those still alive run in list order (newest first). The
 * weakrefs to call back are held by a new reference and chained through
 * their now unused next fields.
 */
void ouro_weakref_clear_all(OuroRuntime *rt, OuroObject *obj)
{
    OuroWeakRef *pending = NULL, *tail = NULL, *wr;
    while ((wr = ouro_weakref_list(obj)) != NULL) {
        mm_weakref_unlink(wr);
        if (wr->callback == NULL)
            continue;
        if (wr->ob.refcnt <= 0) {
            /* Dying too: its callback must not run. Its own dealloc would
             * release the callback anyway; do it now, it is never called. */
            ouro_clearref(rt, &wr->callback);
            continue;
        }
        ouro_incref(&wr->ob);
        if (tail != NULL)
            tail->next = wr;
        else
            pending = wr;
        tail = wr;
    }
    while (pending != NULL) {
        wr = pending;
        pending = wr->next;
        wr->next = NULL;
        mm_weakref_call(rt, wr, 1);
        ouro_decref(rt, &wr->ob);
    }
}

/* ------------------------------------------------------------------ */
/* The core's weakref type                                             */
/* ------------------------------------------------------------------ */

static int weakref_traverse(OuroObject *self, OuroVisitFn visit, void *arg)
{
    return ouro_weakref_traverse((OuroWeakRef *)self, visit, arg);
}

static int weakref_clear(OuroRuntime *rt, OuroObject *self)
{
    ouro_weakref_fini(rt, (OuroWeakRef *)self);
    return 0;
}

static void weakref_dealloc(OuroRuntime *rt, OuroObject *self)
{
    ouro_weakref_fini(rt, (OuroWeakRef *)self);
}

static const OuroType weakref_type = {
    .name = "weakref",
    .basic_size = sizeof(OuroWeakRef),
    .flags = OURO_TYPE_GC | OURO_TYPE_WEAKREF,
    .dealloc = weakref_dealloc,
    .traverse = weakref_traverse,
    .clear = weakref_clear,
};

const OuroType *ouro_weakref_type(void)
{
    return &weakref_type;
}

OuroWeakRef *ouro_weakref_new(OuroRuntime *rt, OuroObject *referent, OuroObject *callback)
{
    if (!ouro_type_is_weakrefable(referent->type))
        return NULL;
    OuroWeakRef *wr = (OuroWeakRef *)ouro_new(rt, &weakref_type);
    if (wr == NULL)
        return NULL;
    ouro_weakref_init(rt, wr, referent, callback);
    ouro_gc_track(rt, &wr->ob);
    return wr;
}
