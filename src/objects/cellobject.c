/*
 * cellobject.c - cells (see cellobject.h): construction, the collector's
 * slots, cell_contents, comparison and repr as CPython's.
 */
#include "cellobject.h"
#include "strobject.h"
#include "typeobject.h"

Obj *cell_new(Lang *L, Obj *value)
{
    CellObject *c = (CellObject *)obj_alloc(L, L->t_cell);
    if (c == NULL)
        return NULL;
    c->ref = obj_xnewref(value);
    obj_track(L, &c->ob);
    return &c->ob;
}

static void cell_dealloc(OuroRuntime *rt, Obj *self)
{
    ouro_clearref(rt, &((CellObject *)self)->ref);
}

static int cell_traverse(Obj *self, OuroVisitFn visit, void *arg)
{
    CellObject *c = (CellObject *)self;
    return c->ref != NULL ? visit(c->ref, arg) : 0;
}

static int cell_clear(OuroRuntime *rt, Obj *self)
{
    ouro_clearref(rt, &((CellObject *)self)->ref);
    return 0;
}

static Obj *get_contents(Lang *L, Obj *self)
{
    Obj *v = ((CellObject *)self)->ref;
    if (v == NULL)
        return err_format(L, EXC_ValueError, "Cell is empty");
    return obj_newref(v);
}

static int set_contents(Lang *L, Obj *self, Obj *value)
{
    cell_set_take(L, self, obj_xnewref(value));
    return 0;
}

static const GetSetDef cell_getsets[] = {
    {"cell_contents", get_contents, set_contents, NULL},
    {NULL, NULL, NULL, NULL},
};

static Obj *cell_repr(Lang *L, Obj *self)
{
    Obj *v = ((CellObject *)self)->ref;
    if (v == NULL)
        return str_from_format(L, "<cell at %p: empty>", (void *)self);
    return str_from_format(L, "<cell at %p: %s object at %p>", (void *)self, obj_type_name(v),
                           (void *)v);
}

static const TypeSpec cell_spec = {
    .name = "cell",
    .basic_size = sizeof(CellObject),
    .core_flags = OURO_TYPE_GC,
    .dealloc = cell_dealloc,
    .traverse = cell_traverse,
    .clear = cell_clear,
    .repr = cell_repr,
    .getattro = object_generic_getattr,
    .getsets = cell_getsets,
};

int cell_init_type(Lang *L)
{
    if (L->t_cell != NULL)
        return 0;
    L->t_cell = type_from_spec(L, &cell_spec, NULL);
    return L->t_cell != NULL ? 0 : -1;
}
