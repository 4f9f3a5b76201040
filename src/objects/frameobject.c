/*
 * frameobject.c - frame objects and the end of an interpreter frame's life
 * (frameobject.h): creation on demand, taking over a finishing frame's
 * data, the collector's slots, and the f_* attributes.
 */
#include <string.h>

#include "frameobject.h"
#include "cellobject.h"
#include "dictobject.h"
#include "intobject.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

int frame_lineno(const InterpFrame *f)
{
    int i = frame_lasti(f);
    return code_line_of(f->code, i < 0 ? 0 : i);
}

/* ------------------------------------------------------------------ */
/* Frame objects for frames                                            */
/* ------------------------------------------------------------------ */

FrameObject *frame_get_object(Lang *L, InterpFrame *f)
{
    if (f->frame_obj != NULL)
        return f->frame_obj;
    FrameObject *fo = (FrameObject *)obj_alloc_var(L, L->t_frame, frame_words(f->code));
    if (fo == NULL)
        return NULL;
    fo->frame = f;
    f->frame_obj = fo;
    return fo;
}

/* Moves the data of a finishing frame into its frame object, which from
 * now on owns it (CPython's take_ownership). */
static void take_ownership(Lang *L, FrameObject *fo, InterpFrame *f)
{
    size_t n = (size_t)f->code->nlocalsplus;
    memcpy(fo->data, f, sizeof(InterpFrame) + n * sizeof(Obj *));
    InterpFrame *copy = (InterpFrame *)fo->data;
    copy->stacktop = (int)n;
    copy->owner = FRAME_OWNED_BY_FRAME_OBJECT;
    copy->frame_obj = NULL;
    fo->frame = copy;
    fo->owns = 1;
    InterpFrame *prev = f->previous;
    copy->previous = NULL;
    if (prev != NULL) {
        /* This runs while an exception unwinds through f: if there is no
         * memory for the caller's frame object, f_back stays None and the
         * exception in flight survives (err_clear alone would drop it,
         * and the caller would see "error return without exception set"). */
        Obj *in_flight = err_fetch(L);
        FrameObject *back = frame_get_object(L, prev);
        if (back != NULL)
            fo->back = (FrameObject *)obj_newref(&back->ob.ob);
        else
            err_clear(L);
        err_restore(L, in_flight);
    }
    obj_track(L, &fo->ob.ob);
}

void frame_clear(Lang *L, InterpFrame *f)
{
    if (f->frame_obj != NULL) {
        FrameObject *fo = f->frame_obj;
        f->frame_obj = NULL;
        if (fo->ob.ob.refcnt > 1) {
            take_ownership(L, fo, f);
            obj_decref(L, &fo->ob.ob);
            return;
        }
        obj_decref(L, &fo->ob.ob);
    }
    for (int i = 0; i < f->stacktop; i++) {
        Obj *v = f->localsplus[i];
        f->localsplus[i] = NULL;
        obj_xdecref(L, v);
    }
    f->stacktop = 0;
    obj_clearref(L, &f->locals);
    obj_clearref(L, &f->func);
}

/* ------------------------------------------------------------------ */
/* Lifecycle                                                           */
/* ------------------------------------------------------------------ */

static int frame_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    FrameObject *fo = (FrameObject *)self;
    int r;
    if (fo->back != NULL && (r = visit(&fo->back->ob.ob, arg)) != 0)
        return r;
    if (fo->locals_snapshot != NULL && (r = visit(fo->locals_snapshot, arg)) != 0)
        return r;
    if (!fo->owns)
        return 0;
    InterpFrame *f = fo->frame;
    if (f->func != NULL && (r = visit(f->func, arg)) != 0)
        return r;
    if (f->locals != NULL && (r = visit(f->locals, arg)) != 0)
        return r;
    for (int i = 0; i < f->stacktop; i++) {
        if (f->localsplus[i] != NULL && (r = visit(f->localsplus[i], arg)) != 0)
            return r;
    }
    return 0;
}

static int frame_tp_clear(OuroRuntime *rt, Obj *self)
{
    FrameObject *fo = (FrameObject *)self;
    ouro_clearref(rt, &fo->locals_snapshot);
    if (!fo->owns)
        return 0;
    InterpFrame *f = fo->frame;
    int n = f->stacktop;
    f->stacktop = 0;
    for (int i = 0; i < n; i++)
        ouro_clearref(rt, &f->localsplus[i]);
    ouro_clearref(rt, &f->locals);
    return 0;
}

static void frame_dealloc(OuroRuntime *rt, Obj *self)
{
    FrameObject *fo = (FrameObject *)self;
    frame_tp_clear(rt, self);
    if (fo->owns)
        ouro_clearref(rt, &fo->frame->func);
    Obj *back = fo->back ? &fo->back->ob.ob : NULL;
    fo->back = NULL;
    ouro_xdecref(rt, back);
}

/* ------------------------------------------------------------------ */
/* Attributes                                                          */
/* ------------------------------------------------------------------ */

static InterpFrame *frame_of(Obj *self)
{
    return ((FrameObject *)self)->frame;
}

static Obj *get_lineno(Lang *L, Obj *self)
{
    int line = frame_lineno(frame_of(self));
    return line < 0 ? new_none(L) : int_from_i64(L, line);
}

static Obj *get_lasti(Lang *L, Obj *self)
{
    return int_from_i64(L, frame_lasti(frame_of(self)));
}

static Obj *get_code(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(&frame_of(self)->code->ob);
}

static Obj *get_globals(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(frame_of(self)->globals);
}

static Obj *get_builtins(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(frame_of(self)->builtins);
}

/* f_locals: the namespace of a module/class frame, else a snapshot of the
 * fast locals (CPython's PyFrame_FastToLocals), refreshed on each read. */
static Obj *get_locals(Lang *L, Obj *self)
{
    FrameObject *fo = (FrameObject *)self;
    InterpFrame *f = fo->frame;
    if (f->locals != NULL)
        return obj_newref(f->locals);
    if (fo->locals_snapshot == NULL && (fo->locals_snapshot = dict_new(L)) == NULL)
        return NULL;
    CodeObject *co = f->code;
    for (int i = 0; i < co->nlocalsplus; i++) {
        Obj *name = tuple_get_borrowed(co->localsplusnames, (size_t)i);
        Obj *v = f->localsplus[i];
        uint8_t kind = co->localskinds[i];
        if (v != NULL && (kind & (CO_FAST_CELL | CO_FAST_FREE)) && cell_check(L, v))
            v = cell_get_borrowed(v);
        if (v != NULL) {
            if (dict_setitem(L, fo->locals_snapshot, name, v) < 0)
                return NULL;
            continue;
        }
        Obj *old = NULL;
        if (dict_pop(L, fo->locals_snapshot, name, &old) < 0)
            return NULL;
        obj_xdecref(L, old);
    }
    return obj_newref(fo->locals_snapshot);
}

static Obj *get_back(Lang *L, Obj *self)
{
    FrameObject *fo = (FrameObject *)self;
    if (fo->back != NULL)
        return obj_newref(&fo->back->ob.ob);
    InterpFrame *prev = fo->owns ? NULL : fo->frame->previous;
    if (prev == NULL)
        return new_none(L);
    FrameObject *b = frame_get_object(L, prev);
    return b != NULL ? obj_newref(&b->ob.ob) : NULL;
}

static const GetSetDef frame_getsets[] = {
    {"f_lineno", get_lineno, NULL, NULL},
    {"f_lasti", get_lasti, NULL, NULL},
    {"f_code", get_code, NULL, NULL},
    {"f_globals", get_globals, NULL, NULL},
    {"f_builtins", get_builtins, NULL, NULL},
    {"f_locals", get_locals, NULL, NULL},
    {"f_back", get_back, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

static Obj *frame_repr(Lang *L, Obj *self)
{
    InterpFrame *f = frame_of(self);
    return str_from_format(L, "<frame at %p, file '%U', line %d, code %U>", (void *)self,
                           f->code->filename, frame_lineno(f), f->code->name);
}

static const TypeSpec frame_spec = {
    .name = "frame",
    .basic_size = sizeof(FrameObject),
    .item_size = sizeof(Obj *),
    .core_flags = OURO_TYPE_GC,
    .dealloc = frame_dealloc,
    .traverse = frame_traverse,
    .clear = frame_tp_clear,
    .repr = frame_repr,
    .getattro = object_generic_getattr,
    .getsets = frame_getsets,
};

int frame_init_type(Lang *L)
{
    if (L->t_frame != NULL)
        return 0;
    L->t_frame = type_from_spec(L, &frame_spec, NULL);
    return L->t_frame != NULL ? 0 : -1;
}
