/*
 * lang.c - building and tearing down a Lang (lang.h).
 *
 * lang_new, in steps:
 *   alloc_types     - one TypeObject per built-in spec, `type` first (it is
 *                     its own type); only the core descriptors are filled;
 *   make_constants  - the empty str, the interned identifiers, the empty
 *                     tuple, None/NotImplemented/Ellipsis, True/False, the
 *                     small ints (they need only their types' descriptors);
 *   ready_types     - names, dicts, MROs and inherited slots, bases first;
 *   exc_init_types  - the exception hierarchy and the MemoryError instance;
 *   install         - the runtime's report_error hook;
 *   lang_untrack_types - the collector stops scanning the types made so far.
 * Any failure runs teardown on what exists, which is also lang_free's last
 * step: release every reference the types hold, then the constants, then
 * the types themselves, `type` last (every type object's descriptor lives
 * inside it). Adding a built-in type is one line in BUILTINS.
 */
#include <stdio.h>
#include <string.h>

#include "lang.h"
#include "boolobject.h"
#include "classmethod.h"
#include "descrobject.h"
#include "dictobject.h"
#include "dictviews.h"
#include "exceptions.h"
#include "floatobject.h"
#include "instance.h"
#include "intobject.h"
#include "iterobject.h"
#include "listobject.h"
#include "methodobject.h"
#include "setobject.h"
#include "singletons.h"
#include "sliceobject.h"
#include "strobject.h"
#include "tupleobject.h"
#include "typeobject.h"

#define FIELD(f) offsetof(Lang, f)
#define NO_BASE ((size_t)-1)

typedef struct Builtin {
    size_t field;                 /* where the Lang keeps the type */
    const TypeSpec *spec;
    size_t base;                  /* field of the base, NO_BASE for object */
} Builtin;

/* Bases come before their subclasses; `type` is allocated first anyway. */
static const Builtin BUILTINS[] = {
    {FIELD(t_object), &object_spec, NO_BASE},
    {FIELD(t_type), &type_spec, FIELD(t_object)},
    {FIELD(t_str), &str_spec, FIELD(t_object)},
    {FIELD(t_tuple), &tuple_spec, FIELD(t_object)},
    {FIELD(t_dict), &dict_spec, FIELD(t_object)},
    {FIELD(t_int), &int_spec, FIELD(t_object)},
    {FIELD(t_bool), &bool_spec, FIELD(t_int)},
    {FIELD(t_float), &float_spec, FIELD(t_object)},
    {FIELD(t_none), &none_spec, FIELD(t_object)},
    {FIELD(t_notimplemented), &notimplemented_spec, FIELD(t_object)},
    {FIELD(t_ellipsis), &ellipsis_spec, FIELD(t_object)},
    {FIELD(t_slice), &slice_spec, FIELD(t_object)},
    {FIELD(t_method_descr), &method_descr_spec, FIELD(t_object)},
    {FIELD(t_classmethod_descr), &classmethod_descr_spec, FIELD(t_object)},
    {FIELD(t_getset_descr), &getset_descr_spec, FIELD(t_object)},
    {FIELD(t_member_descr), &member_descr_spec, FIELD(t_object)},
    {FIELD(t_wrapper_descr), &wrapper_descr_spec, FIELD(t_object)},
    {FIELD(t_method_wrapper), &method_wrapper_spec, FIELD(t_object)},
    {FIELD(t_builtin), &cfunction_spec, FIELD(t_object)},
    {FIELD(t_mappingproxy), &mappingproxy_spec, FIELD(t_object)},
    {FIELD(t_staticmethod), &staticmethod_spec, FIELD(t_object)},
    {FIELD(t_classmethod), &classmethod_spec, FIELD(t_object)},
    {FIELD(t_property), &property_spec, FIELD(t_object)},
    {FIELD(t_method), &method_spec, FIELD(t_object)},
    {FIELD(t_seqiter), &seqiter_spec, FIELD(t_object)},
    {FIELD(t_tuple_iter), &tuple_iter_spec, FIELD(t_object)},
    {FIELD(t_str_iter), &str_iter_spec, FIELD(t_object)},
    {FIELD(t_list), &list_spec, FIELD(t_object)},
    {FIELD(t_list_iter), &list_iter_spec, FIELD(t_object)},
    {FIELD(t_list_reviter), &list_reviter_spec, FIELD(t_object)},
    {FIELD(t_set), &set_spec, FIELD(t_object)},
    {FIELD(t_frozenset), &frozenset_spec, FIELD(t_object)},
    {FIELD(t_set_iter), &set_iter_spec, FIELD(t_object)},
    {FIELD(t_dict_views[0]), &dictview_specs[0], FIELD(t_object)},
    {FIELD(t_dict_views[1]), &dictview_specs[1], FIELD(t_object)},
    {FIELD(t_dict_views[2]), &dictview_specs[2], FIELD(t_object)},
    {FIELD(t_dict_iters[0]), &dictiter_specs[0], FIELD(t_object)},
    {FIELD(t_dict_iters[1]), &dictiter_specs[1], FIELD(t_object)},
    {FIELD(t_dict_iters[2]), &dictiter_specs[2], FIELD(t_object)},
};

#define NBUILTINS (sizeof BUILTINS / sizeof BUILTINS[0])

/* Type fields that other layers fill after lang_new (type_from_spec):
 * lang_free releases them too, before the built-in types. */
static const size_t EXTRA_TYPES[] = {
    FIELD(t_range),
    FIELD(t_function), FIELD(t_module), FIELD(t_cell), FIELD(t_code), FIELD(t_frame),
    FIELD(t_traceback), FIELD(t_super), FIELD(t_weakref), FIELD(t_proxy),
    FIELD(t_callable_proxy),
    FIELD(t_iterators[0]), FIELD(t_iterators[1]), FIELD(t_iterators[2]), FIELD(t_iterators[3]),
    FIELD(t_iterators[4]), FIELD(t_iterators[5]), FIELD(t_iterators[6]), FIELD(t_iterators[7]),
    FIELD(t_iterators[8]), FIELD(t_iterators[9]), FIELD(t_iterators[10]), FIELD(t_iterators[11]),
    FIELD(t_iterators[12]), FIELD(t_iterators[13]), FIELD(t_iterators[14]), FIELD(t_iterators[15]),
};

#define NEXTRA (sizeof EXTRA_TYPES / sizeof EXTRA_TYPES[0])

static void lang_teardown(Lang *L);

static TypeObject **slot_of(Lang *L, size_t field)
{
    return (TypeObject **)((char *)L + field);
}

static const char *const ID_NAMES[ID_COUNT] = {
#define LANG_ID_NAME(name) #name,
    LANG_IDS(LANG_ID_NAME)
#undef LANG_ID_NAME
};

/* ------------------------------------------------------------------ */
/* Building                                                            */
/* ------------------------------------------------------------------ */

static int alloc_types(Lang *L)
{
    if ((L->t_type = type_alloc_from_spec(L, &type_spec)) == NULL)
        return -1;
    for (size_t i = 0; i < NBUILTINS; i++) {
        TypeObject **slot = slot_of(L, BUILTINS[i].field);
        if (*slot == NULL && (*slot = type_alloc_from_spec(L, BUILTINS[i].spec)) == NULL)
            return -1;
    }
    return 0;
}

static int make_constants(Lang *L)
{
    if ((L->empty_str = str_from_utf8_trusted(L, "", 0)) == NULL)
        return -1;
    for (int i = 0; i < ID_COUNT; i++) {
        if ((L->ids[i] = str_intern_cstr(L, ID_NAMES[i])) == NULL)
            return -1;
    }
    if ((L->empty_tuple = obj_alloc_var(L, L->t_tuple, 0)) == NULL)
        return -1;
    if (singletons_init(L) < 0 || bool_init(L) < 0 || int_init_small(L) < 0)
        return -1;
    return 0;
}

static int ready_types(Lang *L)
{
    for (size_t i = 0; i < NBUILTINS; i++) {
        TypeObject *base = BUILTINS[i].base == NO_BASE ? NULL : *slot_of(L, BUILTINS[i].base);
        if (type_ready(L, *slot_of(L, BUILTINS[i].field), base) < 0)
            return -1;
    }
    return 0;
}

/* Reports an error the core caught (a finalizer or callback returned -1)
 * the way CPython reports unraisable exceptions. */
static void report_error(OuroRuntime *rt, const char *where, OuroObject *obj)
{
    Lang *L = (Lang *)ouro_runtime_hooks(rt)->ctx;
    if (L == NULL || (obj != NULL && obj->type->data != L)) {
        fprintf(stderr, "Exception ignored in %s <%s object at %p>\n", where,
                obj ? obj->type->name : "?", (void *)obj);
        return;
    }
    if (L->exc == NULL)
        err_format(L, EXC_SystemError, "error return without exception set");
    err_write_unraisable(L, NULL, obj);
}

/* The i-th type the Lang holds, counting BUILTINS, then EXTRA_TYPES, then
 * the exception classes (borrowed; NULL where not made yet). */
static TypeObject *held_type(Lang *L, size_t i)
{
    if (i < NBUILTINS)
        return *slot_of(L, BUILTINS[i].field);
    if (i < NBUILTINS + NEXTRA)
        return *slot_of(L, EXTRA_TYPES[i - NBUILTINS]);
    return L->exc_types[i - NBUILTINS - NEXTRA];
}

/* A type the Lang holds: the Lang's reference, and once the type is
 * untracked (lang_untrack_types) the references it holds, since no tracked
 * object's traverse reports them any more. */
static int visit_type(TypeObject *t, OuroVisitFn visit, void *arg)
{
    int r = visit(&t->ob, arg);
    if (r == 0 && !ouro_gc_is_tracked(&t->ob))
        r = t->ob.type->traverse(&t->ob, visit, arg);
    return r;
}

int lang_visit_roots(OuroRuntime *rt, OuroVisitFn visit, void *arg, void *ctx)
{
    (void)rt;
    Lang *L = (Lang *)ctx;
    Obj *fixed[] = {L->exc, L->handled, L->none, L->true_, L->false_, L->ellipsis,
                    L->not_implemented, L->empty_tuple, L->empty_str, L->memory_error,
                    L->builtins, L->modules,
                    L->pending_type ? &L->pending_type->ob : NULL};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        if (fixed[i] != NULL) {
            int r = visit(fixed[i], arg);
            if (r)
                return r;
        }
    }
    Obj **arrays[] = {L->small_ints, L->ascii_chars, L->ids};
    size_t lens[] = {SMALL_INT_MAX - SMALL_INT_MIN + 1, 128, ID_COUNT};
    for (size_t a = 0; a < 3; a++) {
        for (size_t i = 0; i < lens[a]; i++) {
            if (arrays[a][i] != NULL) {
                int r = visit(arrays[a][i], arg);
                if (r)
                    return r;
            }
        }
    }
    for (size_t i = 0; i < NBUILTINS + NEXTRA + EXC_COUNT; i++) {
        TypeObject *t = held_type(L, i);
        if (t != NULL) {
            int r = visit_type(t, visit, arg);
            if (r)
                return r;
        }
    }
    return 0;
}

void lang_untrack_types(Lang *L)
{
    for (size_t i = 0; i < NBUILTINS + NEXTRA + EXC_COUNT; i++) {
        TypeObject *t = held_type(L, i);
        if (t != NULL && TYPE_HAS(t, TF_READY) && !TYPE_HAS(t, TF_HEAPTYPE))
            ouro_gc_untrack(L->rt, &t->ob);
    }
}

/* The core calls it at the end of each full collection. */
static void clear_free_lists(OuroRuntime *rt)
{
    tuple_clear_free_lists((Lang *)ouro_runtime_hooks(rt)->ctx);
}

static int install(Lang *L)
{
    OuroHooks *hooks = ouro_runtime_hooks(L->rt);
    L->saved_hooks = *hooks;
    if (hooks->ctx == NULL) {
        hooks->ctx = L;
        if (hooks->report_error == NULL)
            hooks->report_error = report_error;
        if (hooks->clear_free_lists == NULL)
            hooks->clear_free_lists = clear_free_lists;
    }
    return 0;
}

Lang *lang_new(OuroRuntime *rt)
{
    Lang *L = ouro_mem_alloc(rt, sizeof(Lang));
    if (L == NULL)
        return NULL;
    memset(L, 0, sizeof *L);
    L->rt = rt;
    L->recursion_limit = 1000;
    lang_set_stack_limit(L);
    L->saved_hooks = *ouro_runtime_hooks(rt);
    if (alloc_types(L) < 0 || make_constants(L) < 0 || ready_types(L) < 0 ||
        exc_init_types(L) < 0 || install(L) < 0) {
        lang_teardown(L);
        return NULL;
    }
    lang_untrack_types(L);
    return L;
}

/* ------------------------------------------------------------------ */
/* Tearing down                                                        */
/* ------------------------------------------------------------------ */

static void release_constants(Lang *L)
{
    obj_clearref(L, &L->memory_error);
    for (int i = 0; i < SMALL_INT_MAX - SMALL_INT_MIN + 1; i++)
        obj_clearref(L, &L->small_ints[i]);
    for (int i = 0; i < 128; i++)
        obj_clearref(L, &L->ascii_chars[i]);
    for (int i = 0; i < ID_COUNT; i++)
        obj_clearref(L, &L->ids[i]);
    obj_clearref(L, &L->true_);
    obj_clearref(L, &L->false_);
    obj_clearref(L, &L->none);
    obj_clearref(L, &L->not_implemented);
    obj_clearref(L, &L->ellipsis);
    obj_clearref(L, &L->empty_tuple);
    obj_clearref(L, &L->empty_str);
}

/* Calls fn on every type the Lang owns, `type` last. */
static void each_type(Lang *L, void (*fn)(Lang *, TypeObject **))
{
    for (size_t i = NEXTRA; i-- > 0;) {
        TypeObject **slot = slot_of(L, EXTRA_TYPES[i]);
        if (*slot != NULL)
            fn(L, slot);
    }
    for (int i = EXC_COUNT; i-- > 0;) {
        if (L->exc_types[i] != NULL)
            fn(L, &L->exc_types[i]);
    }
    for (size_t i = NBUILTINS; i-- > 0;) {
        TypeObject **slot = slot_of(L, BUILTINS[i].field);
        if (*slot != NULL && slot != &L->t_type)
            fn(L, slot);
    }
    if (L->t_type != NULL)
        fn(L, &L->t_type);
}

static void clear_type(Lang *L, TypeObject **slot)
{
    type_clear_static(L, *slot);
}

static void release_type(Lang *L, TypeObject **slot)
{
    obj_clearref(L, (Obj **)slot);
}

static void lang_teardown(Lang *L)
{
    OuroRuntime *rt = L->rt;
    *ouro_runtime_hooks(rt) = L->saved_hooks;
    /* Tuples that die from here on are freed: nothing is left kept. */
    L->tuple_free_off = 1;
    tuple_clear_free_lists(L);
    instance_release_pending_type(L);
    obj_clearref(L, &L->exc);
    obj_clearref(L, &L->handled);
    obj_clearref(L, &L->builtins);
    obj_clearref(L, &L->modules);
    each_type(L, clear_type);
    release_constants(L);
    instance_release_pending_type(L);
    str_intern_table_free(L);
    if (L->repr_stack != NULL)
        mem_free(L, L->repr_stack, L->repr_cap * sizeof(Obj *));
    each_type(L, release_type);
    ouro_mem_free(rt, L, sizeof *L);
}

void lang_free(Lang *L)
{
    if (L == NULL)
        return;
    /* Cycles (classes, instances, exceptions) die now, finalizers and all,
     * while every type still works. */
    ouro_gc_collect(L->rt, 2);
    instance_release_pending_type(L);
    lang_teardown(L);
}
