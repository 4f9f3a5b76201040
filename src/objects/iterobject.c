/*
 * iterobject.c - the sequence iterator (iterobject.h).
 * Invariant: seq is NULL once the iterator is exhausted.
 */
#include "iterobject.h"
#include "exceptions.h"
#include "intobject.h"
#include "typeobject.h"

typedef struct SeqIterObject {
    OuroObject ob;
    intptr_t index;
    Obj *seq;                     /* owned, NULL when exhausted */
} SeqIterObject;

Obj *seqiter_new(Lang *L, Obj *seq)
{
    SeqIterObject *it = (SeqIterObject *)obj_alloc(L, L->t_seqiter);
    if (it == NULL)
        return NULL;
    it->seq = obj_newref(seq);
    obj_track(L, &it->ob);
    return &it->ob;
}

static int seqiter_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    Obj *seq = ((SeqIterObject *)self)->seq;
    return seq ? visit(seq, arg) : 0;
}

static int seqiter_clear(OuroRuntime *rt, Obj *self)
{
    ouro_clearref(rt, &((SeqIterObject *)self)->seq);
    return 0;
}

static Obj *seqiter_iter(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(self);
}

static Obj *seqiter_next(Lang *L, Obj *self)
{
    SeqIterObject *it = (SeqIterObject *)self;
    if (it->seq == NULL)
        return NULL;
    Obj *i = int_from_i64(L, it->index);
    if (i == NULL)
        return NULL;
    Obj *r = obj_getitem(L, it->seq, i);
    obj_decref(L, i);
    if (r != NULL) {
        it->index++;
        return r;
    }
    if (err_matches(L, EXC_IndexError) || err_matches(L, EXC_StopIteration)) {
        err_clear(L);
        obj_clearref(L, &it->seq);
    }
    return NULL;
}

const TypeSpec seqiter_spec = {
    .name = "iterator",
    .basic_size = sizeof(SeqIterObject),
    .core_flags = OURO_TYPE_GC,
    .traverse = seqiter_traverse,
    .clear = seqiter_clear,
    .getattro = object_generic_getattr,
    .iter = seqiter_iter,
    .iternext = seqiter_next,
};
