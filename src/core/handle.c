/*
 * handle.c - named handles and the root registry.
 *
 * A handle is a strong reference held from C under an owner's name. Live
 * handles form a doubly linked list, oldest first; handles and registered
 * root visitors together are the roots reported by ouro_roots_visit.
 * Handle records and owner names come from the runtime's allocator, so
 * ouro_runtime_destroy frees those still live.
 */
#include <string.h>

#include "core.h"

OuroHandle *ouro_handle_new(OuroRuntime *rt, OuroObject *obj, const char *owner)
{
    if (owner == NULL)
        owner = "";
    size_t len = strlen(owner) + 1;
    OuroHandle *h = ouro_mem_alloc(rt, sizeof *h);
    if (h == NULL)
        return NULL;
    h->owner = ouro_mem_alloc(rt, len);
    if (h->owner == NULL) {
        ouro_mem_free(rt, h, sizeof *h);
        return NULL;
    }
    memcpy(h->owner, owner, len);
    h->owner_size = len;
    h->obj = ouro_newref(obj);
    h->next = NULL;
    h->prev = rt->handles_last;
    if (h->prev != NULL)
        h->prev->next = h;
    else
        rt->handles_first = h;
    rt->handles_last = h;
    rt->nhandles++;
    return h;
}

OuroObject *ouro_handle_get(const OuroHandle *h)
{
    return h->obj;
}

const char *ouro_handle_owner(const OuroHandle *h)
{
    return h->owner;
}

void ouro_handle_release(OuroRuntime *rt, OuroHandle *h)
{
    if (h == NULL)
        return;
    if (h->prev != NULL)
        h->prev->next = h->next;
    else
        rt->handles_first = h->next;
    if (h->next != NULL)
        h->next->prev = h->prev;
    else
        rt->handles_last = h->prev;
    rt->nhandles--;
    OuroObject *obj = h->obj;
    ouro_mem_free(rt, h->owner, h->owner_size);
    ouro_mem_free(rt, h, sizeof *h);
    ouro_decref(rt, obj);   /* last: may run arbitrary code */
}

int ouro_handles_foreach(OuroRuntime *rt, OuroHandleFn fn, void *ctx)
{
    for (OuroHandle *h = rt->handles_first; h != NULL; h = h->next) {
        int r = fn(h, ctx);
        if (r != 0)
            return r;
    }
    return 0;
}

size_t ouro_handle_count(OuroRuntime *rt)
{
    return rt->nhandles;
}

int ouro_root_add(OuroRuntime *rt, OuroRootFn fn, void *ctx)
{
    if (rt->nroots == rt->cap_roots) {
        size_t cap = rt->cap_roots ? rt->cap_roots * 2 : 4;
        RootEntry *a = ouro_mem_realloc(rt, rt->roots, rt->cap_roots * sizeof *a,
                                        cap * sizeof *a);
        if (a == NULL)
            return -1;
        rt->roots = a;
        rt->cap_roots = cap;
    }
    rt->roots[rt->nroots].fn = fn;
    rt->roots[rt->nroots].ctx = ctx;
    rt->nroots++;
    return 0;
}

int ouro_root_remove(OuroRuntime *rt, OuroRootFn fn, void *ctx)
{
    for (size_t i = 0; i < rt->nroots; i++) {
        if (rt->roots[i].fn == fn && rt->roots[i].ctx == ctx) {
            memmove(&rt->roots[i], &rt->roots[i + 1], (rt->nroots - i - 1) * sizeof rt->roots[0]);
            rt->nroots--;
            if (rt->nroots == 0) {
                /* Gives the bytes back, so that an embedder that removes all
                 * it added sees bytes_in_use return to where it started. */
                ouro_mem_free(rt, rt->roots, rt->cap_roots * sizeof rt->roots[0]);
                rt->roots = NULL;
                rt->cap_roots = 0;
            }
            return 0;
        }
    }
    return -1;
}

int ouro_roots_visit(OuroRuntime *rt, OuroVisitFn visit, void *arg)
{
    for (OuroHandle *h = rt->handles_first; h != NULL; h = h->next) {
        int r = visit(h->obj, arg);
        if (r != 0)
            return r;
    }
    for (size_t i = 0; i < rt->nroots; i++) {
        int r = rt->roots[i].fn(rt, visit, arg, rt->roots[i].ctx);
        if (r != 0)
            return r;
    }
    return 0;
}
