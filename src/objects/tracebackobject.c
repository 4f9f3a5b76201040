/*
 * tracebackobject.c - traceback entries (tracebackobject.h): creation,
 * prepending to the current exception, the collector's slots and the
 * tb_* attributes.
 */
#include "tracebackobject.h"
#include "exceptions.h"
#include "intobject.h"
#include "typeobject.h"

Obj *traceback_new(Lang *L, Obj *next, FrameObject *fo, int lasti, int lineno)
{
    TracebackObject *tb = (TracebackObject *)obj_alloc(L, L->t_traceback);
    if (tb == NULL)
        return NULL;
    tb->next = obj_xnewref(next);
    tb->frame = (FrameObject *)obj_newref(&fo->ob.ob);
    tb->lasti = lasti;
    tb->lineno = lineno;
    obj_track(L, &tb->ob);
    return &tb->ob;
}

int traceback_here(Lang *L, InterpFrame *f)
{
    Obj *exc = err_fetch(L);
    if (exc == NULL)
        return 0;
    FrameObject *fo = frame_get_object(L, f);
    Obj *tb = fo ? traceback_new(L, exc_traceback(exc), fo, frame_lasti(f), frame_lineno(f))
                 : NULL;
    if (tb == NULL) {
        /* Keep the original exception rather than the MemoryError. */
        err_clear(L);
        err_restore(L, exc);
        return -1;
    }
    exc_set_traceback_take(L, exc, tb);
    err_restore(L, exc);
    return 0;
}

static int tb_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    TracebackObject *tb = (TracebackObject *)self;
    int r = 0;
    if (tb->next != NULL && (r = visit(tb->next, arg)) != 0)
        return r;
    return tb->frame != NULL ? visit(&tb->frame->ob.ob, arg) : 0;
}

static int tb_clear(OuroRuntime *rt, Obj *self)
{
    TracebackObject *tb = (TracebackObject *)self;
    ouro_clearref(rt, &tb->next);
    Obj *f = tb->frame ? &tb->frame->ob.ob : NULL;
    tb->frame = NULL;
    ouro_xdecref(rt, f);
    return 0;
}

static Obj *get_next(Lang *L, Obj *self)
{
    Obj *n = ((TracebackObject *)self)->next;
    return obj_newref(n ? n : L->none);
}

static int set_next(Lang *L, Obj *self, Obj *value)
{
    if (value == NULL) {
        err_format(L, EXC_TypeError, "can't delete tb_next attribute");
        return -1;
    }
    if (value == L->none)
        value = NULL;
    if (value != NULL && !traceback_check(L, value)) {
        err_format(L, EXC_TypeError, "expected traceback object or None, got '%s'",
                   obj_type_name(value));
        return -1;
    }
    for (Obj *cur = value; cur != NULL; cur = ((TracebackObject *)cur)->next) {
        if (cur == self) {
            err_format(L, EXC_ValueError, "traceback loop detected");
            return -1;
        }
    }
    obj_setref(L, &((TracebackObject *)self)->next, obj_xnewref(value));
    return 0;
}

static Obj *get_frame(Lang *L, Obj *self)
{
    (void)L;
    return obj_newref(&((TracebackObject *)self)->frame->ob.ob);
}

static Obj *get_lasti(Lang *L, Obj *self)
{
    return int_from_i64(L, ((TracebackObject *)self)->lasti);
}

static Obj *get_lineno(Lang *L, Obj *self)
{
    int line = ((TracebackObject *)self)->lineno;
    return line < 0 ? new_none(L) : int_from_i64(L, line);
}

static const GetSetDef tb_getsets[] = {
    {"tb_next", get_next, set_next, NULL},
    {"tb_frame", get_frame, NULL, NULL},
    {"tb_lasti", get_lasti, NULL, NULL},
    {"tb_lineno", get_lineno, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

static const TypeSpec traceback_spec = {
    .name = "traceback",
    .basic_size = sizeof(TracebackObject),
    .core_flags = OURO_TYPE_GC,
    .traverse = tb_traverse,
    .clear = tb_clear,
    .getattro = object_generic_getattr,
    .getsets = tb_getsets,
};

int traceback_init_type(Lang *L)
{
    if (L->t_traceback != NULL)
        return 0;
    L->t_traceback = type_from_spec(L, &traceback_spec, NULL);
    return L->t_traceback != NULL ? 0 : -1;
}
