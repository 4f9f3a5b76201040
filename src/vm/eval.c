/*
 * eval.c - the interpreter loop (CPython 3.11's _PyEval_EvalFrameDefault).
 *
 * One C activation of vm_eval_frame runs its entry frame and every Python
 * function that frame calls directly: a CALL of a function pushes the
 * callee's frame on the frame stack and jumps to its first instruction;
 * RETURN_VALUE pops it and resumes the caller. Only calls through C (a
 * class, a builtin calling back, a special method) start a new activation.
 *
 * Registers: frame, ip (the next instruction), sp (one past the stack
 * top), locals (frame->localsplus). Each stack slot owns one reference;
 * an instruction releases what it consumes before the next one starts,
 * so temporaries die exactly where CPython's do. frame->prev_instr is set
 * at the start of every instruction (tracebacks read it).
 *
 * Errors: `goto error` adds a traceback entry for the current frame then
 * unwinds; `goto exception_unwind` unwinds without one (RERAISE, bare
 * raise). Unwinding finds the handler covering prev_instr in the code's
 * exception table, pops the stack to the handler's depth, pushes the
 * exception and jumps; without a handler the frame is cleared and popped
 * and the error continues in the caller.
 *
 * Dispatch is a computed goto with GCC and Clang, a switch otherwise.
 */
#include <string.h>

#include "evalops.h"
#include "../compiler/opcodes.h"
#include "../objects/cellobject.h"
#include "../objects/descrobject.h"
#include "../objects/dictobject.h"
#include "../objects/exceptions.h"
#include "../objects/instance.h"
#include "../objects/intobject.h"
#include "../objects/listobject.h"
#include "../objects/methodobject.h"
#include "../objects/moduleobject.h"
#include "../objects/sliceobject.h"
#include "../objects/strobject.h"
#include "../objects/tracebackobject.h"
#include "../objects/tupleobject.h"
#include "../objects/typeobject.h"

/* Reference releases are inline here whatever the compiler's inlining
 * budget says: past a certain size GCC stops inlining ouro_decref into
 * vm_eval_frame and calls it (about 2% more instructions on a loop of
 * string or int operations). */
#if defined(__GNUC__)
static inline __attribute__((always_inline)) void eval_decref(Lang *L, Obj *o)
{
    if (--o->refcnt == 0)
        ouro_dealloc_(L->rt, o);
}
static inline __attribute__((always_inline)) void eval_xdecref(Lang *L, Obj *o)
{
    if (o != NULL && --o->refcnt == 0)
        ouro_dealloc_(L->rt, o);
}
#define obj_decref(L, o) eval_decref((L), (o))
#define obj_xdecref(L, o) eval_xdecref((L), (o))
#endif

#if defined(__GNUC__) && !defined(OURO_NO_COMPUTED_GOTO)
#define USE_COMPUTED_GOTO 1
#else
#define USE_COMPUTED_GOTO 0
#endif

/* a + b, a - b, a * b, a // b, a % b, a & b, a | b, a ^ b (and their
 * in-place forms) for two ints that fit a machine word (int_is_word):
 * 1 and the result in *r when it fits a machine word too, else 0 and the
 * generic path must handle it (it also raises ZeroDivisionError). */
static inline int int_op_word(Obj *a, Obj *b, unsigned op, int64_t *out)
{
    int64_t x = int_word(a), y = int_word(b), r;
    if (op >= NB_INPLACE)
        op -= NB_INPLACE;
    switch (op) {
    case NB_ADD:
        if (__builtin_add_overflow(x, y, &r))
            return 0;
        break;
    case NB_SUBTRACT:
        if (__builtin_sub_overflow(x, y, &r))
            return 0;
        break;
    case NB_MULTIPLY:
        if (__builtin_mul_overflow(x, y, &r))
            return 0;
        break;
    case NB_REMAINDER:
    case NB_FLOOR_DIVIDE:
        /* Python floors: the remainder takes the divisor's sign. y == -1
         * is left out (INT64_MIN // -1 overflows in C). */
        if (y == 0 || y == -1)
            return 0;
        {
            int64_t q = x / y, m = x % y;
            if (m != 0 && ((m < 0) != (y < 0))) {
                m += y;
                q -= 1;
            }
            r = op == NB_REMAINDER ? m : q;
        }
        break;
    case NB_AND:
        r = x & y;
        break;
    case NB_OR:
        r = x | y;
        break;
    case NB_XOR:
        r = x ^ y;
        break;
    default:
        return 0;
    }
    *out = r;
    return 1;
}

/* Gives o, an exact compact int (int_is_word) that nothing but the eval
 * loop can reach (see BINARY_OP), the value v, which is neither a small
 * int nor INT64_MIN (not compact): an int whose value no one can observe
 * is reused instead of freed while a new one is allocated. Everyone else
 * still sees ints as immutable. This knows int's compact layout
 * (intobject.h): the static assertion fails if w0 goes away. */
_Static_assert(sizeof(((IntObject *)0)->w0) == sizeof(int64_t), "compact int layout changed");
static inline Obj *int_reuse_word(Obj *o, int64_t v)
{
    assert(int_is_word(o) && o->refcnt <= 2 && v != INT64_MIN);
    ((IntObject *)o)->w0 = (uint64_t)v;
    assert(int_is_word(o) && int_word(o) == v);
    return o;
}

/* a op b for two exact ints or two exact strs: 0/1, or -1 when neither. */
static inline int compare_fast(Lang *L, Obj *a, Obj *b, int op)
{
    int c;
    if (int_check_exact(L, a) && int_check_exact(L, b)) {
        int64_t x, y;
        if (!int_as_i64_exact(a, &x) || !int_as_i64_exact(b, &y))
            return -1;
        c = x < y ? -1 : x > y;
    } else if (str_check_exact(L, a) && str_check_exact(L, b)) {
        if (op == CMP_EQ || op == CMP_NE)
            return (a == b || str_equal(a, b)) == (op == CMP_EQ);
        c = str_compare(a, b);
    } else {
        return -1;
    }
    switch (op) {
    case CMP_LT: return c < 0;
    case CMP_LE: return c <= 0;
    case CMP_EQ: return c == 0;
    case CMP_NE: return c != 0;
    case CMP_GT: return c > 0;
    default: return c >= 0;
    }
}

/* Whether a cached LOAD_METHOD may not be used for obj (of type tp, the
 * cache's): an instance attribute may shadow the method (evalops.h). */
static inline int method_shadowed(Obj *obj, TypeObject *tp, const InstrCache *c)
{
    if (c->aux == 0)
        return 0;
    if (!instance_is_inline(obj, tp))
        return 1;
    if (c->aux & METHOD_CACHE_ABSENT)
        return tp->keys->n != (c->aux & ~METHOD_CACHE_ABSENT);
    return instance_values(obj, tp)[c->aux - 1] != NULL;
}

/* Whether op stores TOS into local slot arg first (STORE_FAST or a
 * superinstruction that starts with it). A fast path that does the
 * store itself skips only that instruction word; the second half of a
 * superinstruction is the next word, which then runs on its own. */
static inline int is_store_fast(unsigned op)
{
    return op == OP_STORE_FAST || op == OP_STORE_FAST__LOAD_FAST ||
           op == OP_STORE_FAST__STORE_FAST;
}

/* ------------------------------------------------------------------ */
/* Frames of the common call                                           */
/* ------------------------------------------------------------------ */

/* Pushes a frame for func (a function taking exactly nargs positional
 * parameters and nothing else) when the current chunk has room, moving
 * into it the caller's references to func and to args[0..nargs-1]:
 * vm_push_frame + vm_bind_args without the checks this case does not
 * need. NULL (nothing moved) when the general path must do it. */
static inline InterpFrame *push_simple_frame(VM *vm, Obj *func, Obj **args, size_t nargs)
{
    FuncObject *fn = (FuncObject *)func;
    CodeObject *co = (CodeObject *)fn->code;
    size_t words = frame_words(co);
    if ((size_t)co->argcount != nargs || co->kwonlyargcount != 0 ||
        (co->flags & (CO_VARARGS | CO_VARKEYWORDS)) != 0 || vm->top == NULL ||
        (size_t)(vm->limit - vm->top) < words)
        return NULL;
    InterpFrame *f = (InterpFrame *)vm->top;
    vm->top += words;
    f->func = func;
    f->code = co;
    f->globals = fn->globals;
    f->builtins = fn->builtins;
    f->locals = NULL;
    f->previous = NULL;
    f->frame_obj = NULL;
    f->prev_instr = co->code - 1;
    f->stacktop = co->nlocalsplus;
    f->owner = FRAME_OWNED_BY_THREAD;
    f->is_entry = 0;
    for (size_t i = 0; i < nargs; i++)
        f->localsplus[i] = args[i];
    for (size_t i = nargs; i < (size_t)co->nlocalsplus; i++)
        f->localsplus[i] = NULL;
    return f;
}

/* frame_clear + vm_pop_frame for a finished frame: the common case (no
 * frame object, no namespace, not the first frame of a chunk) here, the
 * rest by them. Releases in frame_clear's order. */
static inline void pop_finished_frame(Lang *L, VM *vm, InterpFrame *f)
{
    if (f->frame_obj != NULL || f->locals != NULL || (Obj **)f == vm->chunk->data) {
        frame_clear(L, f);
        vm_pop_frame(L, f);
        return;
    }
    int n = f->stacktop;
    f->stacktop = 0;
    for (int i = 0; i < n; i++) {
        Obj *v = f->localsplus[i];
        f->localsplus[i] = NULL;
        obj_xdecref(L, v);
    }
    Obj *func = f->func;
    f->func = NULL;
    obj_decref(L, func);
    vm->top = (Obj **)f;
}

/* container[key] for an exact list or tuple and an exact int in range
 * (negative counting from the end): a new reference to the item, or NULL
 * (no error) for the general path, which also raises IndexError. */
static inline Obj *subscr_fast(Lang *L, Obj *container, Obj *key)
{
    if (!int_check_exact(L, key) || !int_is_word(key))
        return NULL;
    int64_t i = int_word(key);
    Obj *const *items;
    int64_t n;
    if (list_check_exact(L, container)) {
        items = list_items(container);
        n = (int64_t)list_size(container);
    } else if (tuple_check_exact(L, container)) {
        items = tuple_items(container);
        n = (int64_t)tuple_size(container);
    } else {
        return NULL;
    }
    if (i < 0)
        i += n;
    if (i < 0 || i >= n)
        return NULL;
    return obj_newref(items[i]);
}

/* The call of a method descriptor of a C type on an instance of exactly
 * that type, with the argument count its flags ask for (CPython 3.11's
 * PRECALL_NO_KW_METHOD_DESCRIPTOR_O / _NOARGS / _FAST): the C function
 * at once, with obj_call's recursion guard where meth_counts_level says
 * CPython's counts one. args[0] is self. Returns the
 * result, or NULL with *handled 0 when the general path must run (it
 * checks and reports everything this skips). */
static inline Obj *call_method_descr_fast(Lang *L, Obj *callable, Obj *const *args,
                                          size_t total, int *handled)
{
    const MethodDescrObject *m = (const MethodDescrObject *)callable;
    unsigned f = m->def->flags;
    *handled = 0;
    if (total == 0 || TYPE(args[0]) != m->d.d_type || (f & (METH_CLASS | METH_STATIC)) ||
        ((f & METH_NOARGS) && total != 1) || ((f & METH_O) && total != 2))
        return NULL;
    *handled = 1;
    if (!meth_counts_level(f))
        return m->def->fn(L, args[0], args + 1, total - 1, NULL);
    if (enter_recursive_call(L, " while calling a Python object") < 0)
        return NULL;
    Obj *res = m->def->fn(L, args[0], args + 1, total - 1, NULL);
    leave_recursive_call(L);
    return res;
}

/* ------------------------------------------------------------------ */
/* The loop                                                            */
/* ------------------------------------------------------------------ */

/* GCC merges the identical tails of instructions (cross-jumping) into a
 * few shared indirect jumps, which undoes what computed goto is for: each
 * instruction's dispatch having its own branch-prediction history. Only
 * the loop follows this point in the file. Clang does not merge them.
 * GCC also turns push_simple_frame's loop that clears the few locals
 * after the arguments into a call to memset, which costs more than the
 * two or three stores it replaces (2% of a recursive program). */
#if USE_COMPUTED_GOTO && defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-crossjumping", "no-tree-loop-distribute-patterns")
#endif

#define PUSH(v) (*sp++ = (v))
#define POP() (*--sp)
#define TOP() (sp[-1])
#define SECOND() (sp[-2])
#define PEEK(n) (sp[-(ptrdiff_t)(n)])
#define STACK_BASE() (frame->localsplus + frame->code->nlocalsplus)
/* The cache of the instruction being run. */
#define CACHE() (&caches[ip - 1 - first_instr])

Obj *vm_eval_frame(Lang *L, InterpFrame *entry)
{
    VM *vm = vm_of(L);
    InterpFrame *frame = entry;
    const uint32_t *ip;
    Obj **sp;
    Obj **locals;
    Obj *const *consts;
    Obj *const *names;
    const uint32_t *first_instr;  /* frame->code->code */
    InstrCache *caches;           /* frame->code->caches */
    Obj *kwnames = NULL;
    Obj *retval = NULL;
    uint32_t word;
    unsigned oparg;

#if USE_COMPUTED_GOTO
    static const void *const targets[OP_COUNT] = {
#define OPCODE_TARGET(name, has_arg, jumps) [OP_##name] = &&TARGET_##name,
        OPCODES(OPCODE_TARGET)
#undef OPCODE_TARGET
    };
#define TARGET(name) TARGET_##name:
#define DISPATCH()                                                             \
    do {                                                                       \
        frame->prev_instr = ip;                                                \
        word = *ip++;                                                          \
        oparg = INSTR_ARG(word);                                               \
        goto *targets[INSTR_OP(word)];                                         \
    } while (0)
#else
#define TARGET(name) case OP_##name:
#define DISPATCH() goto dispatch
#endif

    entry->is_entry = 1;
    entry->previous = vm->current;
    vm->current = entry;
    if ((uintptr_t)__builtin_frame_address(0) < L->c_stack_limit) {
        err_format(L, EXC_RecursionError, "maximum recursion depth exceeded");
        goto exit_unwind;
    }

start_frame:
    if (L->recursion_depth >= L->recursion_limit) {
        err_format(L, EXC_RecursionError, "maximum recursion depth exceeded");
        goto exit_unwind;
    }
    L->recursion_depth++;

    ip = frame->prev_instr + 1;
    locals = frame->localsplus;
    sp = locals + frame->stacktop;
    consts = tuple_items(frame->code->consts);
    names = tuple_items(frame->code->names);
    first_instr = frame->code->code;
    caches = frame->code->caches;
    DISPATCH();

#if !USE_COMPUTED_GOTO
dispatch:
    frame->prev_instr = ip;
    word = *ip++;
    oparg = INSTR_ARG(word);
    switch (INSTR_OP(word)) {
#endif

    TARGET(NOP)
    {
        DISPATCH();
    }

    TARGET(POP_TOP)
    {
        Obj *v = POP();
        obj_decref(L, v);
        DISPATCH();
    }

    TARGET(PUSH_NULL)
    {
        PUSH(NULL);
        DISPATCH();
    }

    TARGET(COPY)
    {
        Obj *v = PEEK(oparg);
        PUSH(obj_newref(v));
        DISPATCH();
    }

    TARGET(SWAP)
    {
        Obj *top = TOP();
        sp[-1] = PEEK(oparg);
        sp[-(int)oparg] = top;
        DISPATCH();
    }

    TARGET(LOAD_CONST)
    {
        PUSH(obj_newref(consts[oparg]));
        DISPATCH();
    }

    TARGET(LOAD_FAST)
    {
        Obj *v = locals[oparg];
        if (v == NULL) {
            vm_unbound_error(L, frame->code, (int)oparg);
            goto error;
        }
        PUSH(obj_newref(v));
        DISPATCH();
    }

    TARGET(STORE_FAST)
    {
        Obj *v = POP();
        Obj *old = locals[oparg];
        locals[oparg] = v;
        obj_xdecref(L, old);
        DISPATCH();
    }

    /* Superinstructions: the first half, then the next instruction's
     * argument for the second, with one dispatch. prev_instr moves to the
     * second instruction before anything there can be seen: at once after
     * a store (whose finalizer may look at the frame), only on the error
     * path after a load (nothing else sees it). */
#define NEXT_ARG_NO_DISPATCH()                                                 \
    do {                                                                       \
        frame->prev_instr = ip;                                                \
        oparg = INSTR_ARG(*ip++);                                              \
    } while (0)

    TARGET(LOAD_FAST__LOAD_FAST)
    {
        Obj *v = locals[oparg];
        if (v == NULL) {
            vm_unbound_error(L, frame->code, (int)oparg);
            goto error;
        }
        PUSH(obj_newref(v));
        oparg = INSTR_ARG(*ip++);
        v = locals[oparg];
        if (v == NULL) {
            frame->prev_instr = ip - 1;
            vm_unbound_error(L, frame->code, (int)oparg);
            goto error;
        }
        PUSH(obj_newref(v));
        DISPATCH();
    }

    TARGET(LOAD_FAST__LOAD_CONST)
    {
        Obj *v = locals[oparg];
        if (v == NULL) {
            vm_unbound_error(L, frame->code, (int)oparg);
            goto error;
        }
        PUSH(obj_newref(v));
        oparg = INSTR_ARG(*ip++);
        PUSH(obj_newref(consts[oparg]));
        DISPATCH();
    }

    TARGET(LOAD_CONST__LOAD_FAST)
    {
        PUSH(obj_newref(consts[oparg]));
        oparg = INSTR_ARG(*ip++);
        Obj *v = locals[oparg];
        if (v == NULL) {
            frame->prev_instr = ip - 1;
            vm_unbound_error(L, frame->code, (int)oparg);
            goto error;
        }
        PUSH(obj_newref(v));
        DISPATCH();
    }

    TARGET(STORE_FAST__LOAD_FAST)
    {
        Obj *v = POP();
        Obj *old = locals[oparg];
        locals[oparg] = v;
        obj_xdecref(L, old);
        NEXT_ARG_NO_DISPATCH();
        v = locals[oparg];
        if (v == NULL) {
            vm_unbound_error(L, frame->code, (int)oparg);
            goto error;
        }
        PUSH(obj_newref(v));
        DISPATCH();
    }

    TARGET(STORE_FAST__STORE_FAST)
    {
        Obj *v = POP();
        Obj *old = locals[oparg];
        locals[oparg] = v;
        obj_xdecref(L, old);
        NEXT_ARG_NO_DISPATCH();
        v = POP();
        old = locals[oparg];
        locals[oparg] = v;
        obj_xdecref(L, old);
        DISPATCH();
    }
#undef NEXT_ARG_NO_DISPATCH

    TARGET(DELETE_FAST)
    {
        Obj *old = locals[oparg];
        if (old == NULL) {
            vm_unbound_error(L, frame->code, (int)oparg);
            goto error;
        }
        locals[oparg] = NULL;
        obj_decref(L, old);
        DISPATCH();
    }

    TARGET(LOAD_NAME)
    {
        Obj *v = vmop_load_name(L, frame, names[oparg]);
        if (v == NULL)
            goto error;
        PUSH(v);
        DISPATCH();
    }

    TARGET(STORE_NAME)
    {
        Obj *v = POP();
        int r = vmop_store_name(L, frame, names[oparg], v);
        obj_decref(L, v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(DELETE_NAME)
    {
        if (frame->locals == NULL) {
            err_format(L, EXC_SystemError, "no locals when deleting %R", names[oparg]);
            goto error;
        }
        if (vmop_delete_from(L, frame->locals, names[oparg]) < 0)
            goto error;
        DISPATCH();
    }

    TARGET(LOAD_GLOBAL)
    {
        if (oparg & 1)
            PUSH(NULL);
        /* Cached: the entry found last time, while neither the globals'
         * table nor (for a builtin) the builtins' table gained or lost a
         * key (CPython 3.11's LOAD_GLOBAL_MODULE / LOAD_GLOBAL_BUILTIN). */
        InstrCache *c = CACHE();
        DictKeys *gk = ((DictObject *)frame->globals)->keys;
        if (c->version != 0 && gk != NULL && gk->version == c->version) {
            DictKeys *k = gk;
            if (c->aux != 0) {
                k = dict_check_exact(L, frame->builtins)
                    ? ((DictObject *)frame->builtins)->keys : NULL;
                if (k == NULL || k->version != c->aux)
                    goto load_global_slow;
            }
            PUSH(obj_newref(dict_keys_entries(k)[c->u.index].value));
            DISPATCH();
        }
    load_global_slow:;
        Obj *v = vmop_load_global_cached(L, frame, names[oparg >> 1], c);
        if (v == NULL)
            goto error;
        PUSH(v);
        DISPATCH();
    }

    TARGET(STORE_GLOBAL)
    {
        Obj *v = POP();
        int r = dict_setitem(L, frame->globals, names[oparg], v);
        obj_decref(L, v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(DELETE_GLOBAL)
    {
        if (vmop_delete_from(L, frame->globals, names[oparg]) < 0)
            goto error;
        DISPATCH();
    }

    TARGET(MAKE_CELL)
    {
        Obj *v = locals[oparg];
        Obj *cell = cell_new(L, v);
        if (cell == NULL)
            goto error;
        locals[oparg] = cell;
        obj_xdecref(L, v);
        DISPATCH();
    }

    TARGET(COPY_FREE_VARS)
    {
        Obj *closure = ((FuncObject *)frame->func)->closure;
        int offset = frame->code->nlocalsplus - (int)oparg;
        for (unsigned i = 0; i < oparg; i++)
            locals[offset + (int)i] = obj_newref(tuple_get_borrowed(closure, i));
        DISPATCH();
    }

    TARGET(LOAD_CLOSURE)
    {
        PUSH(obj_newref(locals[oparg]));
        DISPATCH();
    }

    TARGET(LOAD_DEREF)
    {
        Obj *v = cell_get_borrowed(locals[oparg]);
        if (v == NULL) {
            vm_unbound_error(L, frame->code, (int)oparg);
            goto error;
        }
        PUSH(obj_newref(v));
        DISPATCH();
    }

    TARGET(LOAD_CLASSDEREF)
    {
        Obj *name = tuple_get_borrowed(frame->code->localsplusnames, oparg);
        Obj *owned = NULL, *v = NULL;
        if (frame->locals != NULL)
            v = vmop_mapping_lookup(L, frame->locals, name, &owned);
        if (v == NULL && err_occurred(L))
            goto error;
        if (v != NULL) {
            PUSH(owned ? owned : obj_newref(v));
            DISPATCH();
        }
        v = cell_get_borrowed(locals[oparg]);
        if (v == NULL) {
            vm_unbound_error(L, frame->code, (int)oparg);
            goto error;
        }
        PUSH(obj_newref(v));
        DISPATCH();
    }

    TARGET(STORE_DEREF)
    {
        Obj *v = POP();
        cell_set_take(L, locals[oparg], v);
        DISPATCH();
    }

    TARGET(DELETE_DEREF)
    {
        Obj *cell = locals[oparg];
        if (cell_get_borrowed(cell) == NULL) {
            vm_unbound_error(L, frame->code, (int)oparg);
            goto error;
        }
        cell_set_take(L, cell, NULL);
        DISPATCH();
    }

    TARGET(LOAD_ATTR)
    {
        Obj *owner = TOP();
        InstrCache *c = CACHE();
        TypeObject *tp = TYPE(owner);
        if (c->version != 0 && tp->version == c->version) {
            /* A __slots__ member or an inline value (CPython 3.11's
             * LOAD_ATTR_SLOT / LOAD_ATTR_INSTANCE_VALUE); unset, or the
             * attributes in a dict (inline values then all NULL): the
             * general path. */
            Obj *v = c->aux == ATTR_CACHE_SLOT ? *(Obj **)((char *)owner + c->u.index)
                                                : instance_values(owner, tp)[c->u.index];
            if (v != NULL) {
                sp[-1] = obj_newref(v);
                obj_decref(L, owner);
                DISPATCH();
            }
        }
        Obj *res = vmop_load_attr_cached(L, owner, names[oparg], c);
        if (res == NULL)
            goto error;
        sp[-1] = res;
        obj_decref(L, owner);
        DISPATCH();
    }

    TARGET(STORE_ATTR)
    {
        Obj *owner = POP();
        Obj *v = POP();
        InstrCache *c = CACHE();
        TypeObject *tp = TYPE(owner);
        if (c->version != 0 && tp->version == c->version) {
            int done = 1;
            if (c->aux == ATTR_CACHE_SLOT) {
                Obj **slot = (Obj **)((char *)owner + c->u.index);
                Obj *old = *slot;
                *slot = v;                      /* the stack's reference moves */
                obj_xdecref(L, old);            /* then owner, as obj_setattr's path */
                obj_decref(L, owner);
            } else if (instance_inline_set(L, owner, c->u.index, v) == 0) {
                obj_decref(L, v);
                obj_decref(L, owner);
            } else {
                done = 0;
            }
            if (done)
                DISPATCH();
        }
        int r = vmop_store_attr_cached(L, owner, names[oparg], v, c);
        obj_decref(L, v);
        obj_decref(L, owner);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(DELETE_ATTR)
    {
        Obj *owner = POP();
        int r = obj_setattr(L, owner, names[oparg], NULL);
        obj_decref(L, owner);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(LOAD_METHOD)
    {
        Obj *owner = TOP();
        InstrCache *c = CACHE();
        TypeObject *tp = TYPE(owner);
        if (c->version != 0 && tp->version == c->version && !method_shadowed(owner, tp, c)) {
            /* CPython 3.11's LOAD_METHOD_NO_DICT / _WITH_VALUES. */
            sp[-1] = obj_newref(c->u.obj);
            sp[0] = owner;
            sp++;
            DISPATCH();
        }
        if (vmop_load_method_cached(L, sp, names[oparg], c) < 0)
            goto error;
        sp++;
        DISPATCH();
    }

    TARGET(BINARY_SUBSCR)
    {
        Obj *key = POP();
        Obj *container = TOP();
        Obj *res = subscr_fast(L, container, key);
        if (res != NULL) {
            /* CPython 3.11's BINARY_SUBSCR_LIST_INT / _TUPLE_INT. */
            obj_decref(L, key);
            sp[-1] = res;
            obj_decref(L, container);
            DISPATCH();
        }
        res = obj_getitem(L, container, key);
        obj_decref(L, key);
        if (res == NULL)
            goto error;
        sp[-1] = res;
        obj_decref(L, container);
        DISPATCH();
    }

    TARGET(STORE_SUBSCR)
    {
        Obj *key = POP();
        Obj *container = POP();
        Obj *v = POP();
        /* CPython 3.11's STORE_SUBSCR_DICT: an exact dict skips the
         * ass_subscript slot (same errors). */
        int r = dict_check_exact(L, container) ? dict_setitem(L, container, key, v)
                                               : obj_setitem(L, container, key, v);
        obj_decref(L, v);
        obj_decref(L, container);
        obj_decref(L, key);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(DELETE_SUBSCR)
    {
        Obj *key = POP();
        Obj *container = POP();
        /* An exact dict skips the ass_subscript slot (same KeyError). */
        int r = dict_check_exact(L, container) ? dict_delitem(L, container, key)
                                               : obj_delitem(L, container, key);
        obj_decref(L, container);
        obj_decref(L, key);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(BINARY_OP)
    {
        Obj *rhs = POP();
        Obj *lhs = TOP();
        int64_t value;
        if (int_check_exact(L, lhs) && int_check_exact(L, rhs) && int_is_word(lhs) &&
            int_is_word(rhs) && int_op_word(lhs, rhs, oparg, &value)) {
            /* CPython 3.11's BINARY_OP_ADD_INT & co. The result is a
             * small int, or an operand that only the stack holds (a
             * temporary, as in `(a * b + c) % m`), or the left operand
             * when only the stack and the local that the next
             * instruction rebinds hold it (`n += 1`, `n = n * 3`): no
             * one else can see the value change. Else a new int. */
            if (value >= SMALL_INT_MIN && value <= SMALL_INT_MAX &&
                L->small_ints[value - SMALL_INT_MIN] != NULL) {
                sp[-1] = obj_newref(L->small_ints[value - SMALL_INT_MIN]);
                obj_decref(L, rhs);
                obj_decref(L, lhs);
                DISPATCH();
            }
            if (value == INT64_MIN) {
                /* not compact: a new int, below */
            } else if (lhs->refcnt == 1) {
                int_reuse_word(lhs, value);
                obj_decref(L, rhs);
                DISPATCH();
            } else if (rhs->refcnt == 1) {
                sp[-1] = int_reuse_word(rhs, value);
                obj_decref(L, lhs);
                DISPATCH();
            } else if (lhs->refcnt == 2 && is_store_fast(INSTR_OP(*ip)) &&
                       locals[INSTR_ARG(*ip)] == lhs) {
                int_reuse_word(lhs, value);
                obj_decref(L, rhs);
                DISPATCH();
            }
            Obj *res = int_from_i64(L, value);
            obj_decref(L, rhs);
            if (res == NULL)
                goto error;
            sp[-1] = res;
            obj_decref(L, lhs);
            DISPATCH();
        }
        if ((oparg == NB_ADD || oparg == NB_INPLACE + NB_ADD) && str_check_exact(L, lhs) &&
            str_check_exact(L, rhs)) {
            /* `s = s + t` / `s += t` into the same local or cell (CPython's
             * BINARY_OP_INPLACE_ADD_UNICODE, and 3.10's cells too): drop
             * the variable's reference first, so that a string only it
             * held is extended in place and string building is linear. */
            uint32_t next = *ip;
            Obj **target = NULL;
            if (is_store_fast(INSTR_OP(next)) && locals[INSTR_ARG(next)] == lhs)
                target = &locals[INSTR_ARG(next)];
            else if (INSTR_OP(next) == OP_STORE_DEREF &&
                     cell_get_borrowed(locals[INSTR_ARG(next)]) == lhs)
                target = &((CellObject *)locals[INSTR_ARG(next)])->ref;
            if (target != NULL) {
                *target = NULL;
                obj_decref(L, lhs);     /* the stack's reference keeps it alive */
                sp--;
                Obj *left = lhs;
                int r = str_concat_inplace(L, &left, rhs);
                obj_decref(L, rhs);
                if (r < 0)
                    goto error;
                *target = left;
                frame->prev_instr = ip++;
                DISPATCH();
            }
        }
        Obj *res = oparg >= NB_INPLACE ? obj_inplace_op(L, lhs, rhs, (int)oparg - NB_INPLACE)
                                       : obj_binary_op(L, lhs, rhs, (int)oparg);
        obj_decref(L, rhs);
        if (res == NULL)
            goto error;
        sp[-1] = res;
        obj_decref(L, lhs);
        DISPATCH();
    }

    TARGET(UNARY_NEGATIVE)
    {
        Obj *v = TOP();
        Obj *res = obj_negative(L, v);
        if (res == NULL)
            goto error;
        sp[-1] = res;
        obj_decref(L, v);
        DISPATCH();
    }

    TARGET(UNARY_POSITIVE)
    {
        Obj *v = TOP();
        Obj *res = obj_positive(L, v);
        if (res == NULL)
            goto error;
        sp[-1] = res;
        obj_decref(L, v);
        DISPATCH();
    }

    TARGET(UNARY_INVERT)
    {
        Obj *v = TOP();
        Obj *res = obj_invert(L, v);
        if (res == NULL)
            goto error;
        sp[-1] = res;
        obj_decref(L, v);
        DISPATCH();
    }

    TARGET(UNARY_NOT)
    {
        Obj *v = TOP();
        int t = obj_is_true(L, v);
        if (t < 0)
            goto error;
        sp[-1] = new_bool(L, !t);
        obj_decref(L, v);
        DISPATCH();
    }

    TARGET(COMPARE_OP)
    {
        Obj *right = POP();
        Obj *left = TOP();
        int fast = compare_fast(L, left, right, (int)oparg);
        if (fast >= 0) {
            /* Exact ints and strs: no user code, no recursion check (as
             * CPython 3.11's specialized COMPARE_OP). Followed by a
             * conditional jump, the jump is taken here and no bool is
             * pushed (its COMPARE_OP_INT_JUMP / _STR_JUMP). */
            obj_decref(L, right);
            obj_decref(L, left);
            uint32_t next = *ip;
            if (INSTR_OP(next) == OP_POP_JUMP_IF_FALSE || INSTR_OP(next) == OP_POP_JUMP_IF_TRUE) {
                sp--;
                if (fast == (INSTR_OP(next) == OP_POP_JUMP_IF_TRUE))
                    ip = first_instr + INSTR_ARG(next);
                else
                    ip++;
                DISPATCH();
            }
            sp[-1] = new_bool(L, fast);
            DISPATCH();
        }
        Obj *res = obj_richcompare(L, left, right, (int)oparg);
        obj_decref(L, right);
        if (res == NULL)
            goto error;
        sp[-1] = res;
        obj_decref(L, left);
        DISPATCH();
    }

    TARGET(IS_OP)
    {
        Obj *right = POP();
        Obj *left = TOP();
        int res = (left == right) ^ (int)oparg;
        sp[-1] = new_bool(L, res);
        obj_decref(L, right);
        obj_decref(L, left);
        DISPATCH();
    }

    TARGET(CONTAINS_OP)
    {
        Obj *right = POP();
        Obj *left = TOP();
        int res = obj_contains(L, right, left);
        obj_decref(L, right);
        if (res < 0)
            goto error;
        sp[-1] = new_bool(L, res ^ (int)oparg);
        obj_decref(L, left);
        DISPATCH();
    }

    TARGET(BUILD_TUPLE)
    {
        Obj *t = tuple_from_array_take(L, sp - oparg, oparg);
        sp -= oparg;
        if (t == NULL)
            goto error;
        PUSH(t);
        DISPATCH();
    }

    TARGET(BUILD_LIST)
    {
        Obj *l = vm_new_list(L, sp - oparg, oparg);
        sp -= oparg;
        if (l == NULL)
            goto error;
        PUSH(l);
        DISPATCH();
    }

    TARGET(BUILD_SET)
    {
        Obj *s = vm_new_set(L, sp - oparg, oparg);
        sp -= oparg;
        if (s == NULL)
            goto error;
        PUSH(s);
        DISPATCH();
    }

    TARGET(BUILD_MAP)
    {
        Obj *d = dict_new(L);
        Obj **items = sp - 2 * oparg;
        int failed = d == NULL;
        for (unsigned i = 0; i < oparg && !failed; i++)
            failed = dict_setitem(L, d, items[2 * i], items[2 * i + 1]) < 0;
        for (unsigned i = 0; i < 2 * oparg; i++)
            obj_decref(L, items[i]);
        sp = items;
        if (failed) {
            obj_xdecref(L, d);
            goto error;
        }
        PUSH(d);
        DISPATCH();
    }

    TARGET(BUILD_CONST_KEY_MAP)
    {
        Obj *keys = POP();
        Obj **values = sp - oparg;
        Obj *d = dict_new(L);
        int failed = d == NULL;
        for (unsigned i = 0; i < oparg && !failed; i++)
            failed = dict_setitem(L, d, tuple_get_borrowed(keys, i), values[i]) < 0;
        for (unsigned i = 0; i < oparg; i++)
            obj_decref(L, values[i]);
        obj_decref(L, keys);
        sp = values;
        if (failed) {
            obj_xdecref(L, d);
            goto error;
        }
        PUSH(d);
        DISPATCH();
    }

    TARGET(BUILD_STRING)
    {
        Obj *s = vmop_build_string(L, sp - oparg, oparg);
        for (unsigned i = 0; i < oparg; i++)
            obj_decref(L, sp[-1 - (int)i]);
        sp -= oparg;
        if (s == NULL)
            goto error;
        PUSH(s);
        DISPATCH();
    }

    TARGET(BUILD_SLICE)
    {
        Obj *step = oparg == 3 ? POP() : NULL;
        Obj *stop = POP();
        Obj *start = POP();
        Obj *s = slice_new(L, start, stop, step);
        obj_decref(L, start);
        obj_decref(L, stop);
        obj_xdecref(L, step);
        if (s == NULL)
            goto error;
        PUSH(s);
        DISPATCH();
    }

    TARGET(LIST_APPEND)
    {
        Obj *v = POP();
        int r = vm_list_append(L, PEEK(oparg), v);
        obj_decref(L, v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(SET_ADD)
    {
        Obj *v = POP();
        int r = vm_set_add(L, PEEK(oparg), v);
        obj_decref(L, v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(MAP_ADD)
    {
        Obj *value = POP();
        Obj *key = POP();
        int r = dict_setitem(L, PEEK(oparg), key, value);
        obj_decref(L, key);
        obj_decref(L, value);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(LIST_EXTEND)
    {
        Obj *iterable = POP();
        int r = vm_list_extend(L, PEEK(oparg), iterable);
        if (r < 0 && err_matches(L, EXC_TypeError) && TYPE(iterable)->iter == NULL &&
            TYPE(iterable)->sq.item == NULL) {
            err_clear(L);
            err_format(L, EXC_TypeError, "Value after * must be an iterable, not %.200s",
                       obj_type_name(iterable));
        }
        obj_decref(L, iterable);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(SET_UPDATE)
    {
        Obj *iterable = POP();
        int r = vm_set_update(L, PEEK(oparg), iterable);
        obj_decref(L, iterable);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(DICT_UPDATE)
    {
        Obj *update = POP();
        int r;
        if (!dict_check(update) && (r = obj_hasattr(L, update, ID(L, keys))) <= 0) {
            /* {**m} takes mappings only (dict.update would take pairs). */
            if (r == 0)
                err_format(L, EXC_TypeError, "'%.200s' object is not a mapping",
                           obj_type_name(update));
            r = -1;
        } else {
            r = dict_update(L, PEEK(oparg), update);
        }
        obj_decref(L, update);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(DICT_MERGE)
    {
        Obj *update = POP();
        int r = vmop_dict_merge_unique(L, PEEK(oparg), update);
        if (r < 0)
            vmop_dict_merge_error(L, PEEK(oparg + 2), update);
        obj_decref(L, update);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(LIST_TO_TUPLE)
    {
        Obj *list = TOP();
        Obj *t = vm_sequence_to_tuple(L, list);
        if (t == NULL)
            goto error;
        sp[-1] = t;
        obj_decref(L, list);
        DISPATCH();
    }

    TARGET(UNPACK_SEQUENCE)
    {
        Obj *seq = POP();
        if (tuple_check_exact(L, seq) && tuple_size(seq) == oparg) {
            /* CPython 3.11's UNPACK_SEQUENCE_TUPLE / _TWO_TUPLE. */
            Obj *const *items = tuple_items(seq);
            for (unsigned i = 0; i < oparg; i++)
                sp[oparg - 1 - i] = obj_newref(items[i]);
            obj_decref(L, seq);
            sp += oparg;
            DISPATCH();
        }
        int r = vmop_unpack_sequence(L, seq, oparg, sp);
        obj_decref(L, seq);
        if (r < 0)
            goto error;
        sp += oparg;
        DISPATCH();
    }

    TARGET(UNPACK_EX)
    {
        size_t before = oparg & 0xff, after = oparg >> 8;
        Obj *seq = POP();
        int r = vmop_unpack_ex(L, seq, before, after, sp);
        obj_decref(L, seq);
        if (r < 0)
            goto error;
        sp += before + after + 1;
        DISPATCH();
    }

    TARGET(FORMAT_VALUE)
    {
        Obj *spec = (oparg & FVS_HAVE_SPEC) ? POP() : NULL;
        Obj *value = POP();
        Obj *res = vmop_format_value(L, value, spec, oparg & FVC_MASK);
        if (res == NULL)
            goto error;
        PUSH(res);
        DISPATCH();
    }

    TARGET(JUMP)
    {
        ip = frame->code->code + oparg;
        DISPATCH();
    }

    TARGET(POP_JUMP_IF_FALSE)
    {
        Obj *v = POP();
        if (v == L->false_) {
            obj_decref(L, v);
            ip = frame->code->code + oparg;
        } else if (v != L->true_) {
            int t = obj_is_true(L, v);
            obj_decref(L, v);
            if (t < 0)
                goto error;
            if (!t)
                ip = frame->code->code + oparg;
        } else {
            obj_decref(L, v);
        }
        DISPATCH();
    }

    TARGET(POP_JUMP_IF_TRUE)
    {
        Obj *v = POP();
        if (v == L->true_) {
            obj_decref(L, v);
            ip = frame->code->code + oparg;
        } else if (v != L->false_) {
            int t = obj_is_true(L, v);
            obj_decref(L, v);
            if (t < 0)
                goto error;
            if (t)
                ip = frame->code->code + oparg;
        } else {
            obj_decref(L, v);
        }
        DISPATCH();
    }

    TARGET(POP_JUMP_IF_NONE)
    {
        Obj *v = POP();
        if (v == L->none)
            ip = frame->code->code + oparg;
        obj_decref(L, v);
        DISPATCH();
    }

    TARGET(POP_JUMP_IF_NOT_NONE)
    {
        Obj *v = POP();
        if (v != L->none)
            ip = frame->code->code + oparg;
        obj_decref(L, v);
        DISPATCH();
    }

    TARGET(JUMP_IF_FALSE_OR_POP)
    {
        Obj *v = TOP();
        int t = v == L->true_ ? 1 : v == L->false_ ? 0 : obj_is_true(L, v);
        if (t < 0)
            goto error;
        if (!t) {
            ip = frame->code->code + oparg;
        } else {
            sp--;
            obj_decref(L, v);
        }
        DISPATCH();
    }

    TARGET(JUMP_IF_TRUE_OR_POP)
    {
        Obj *v = TOP();
        int t = v == L->true_ ? 1 : v == L->false_ ? 0 : obj_is_true(L, v);
        if (t < 0)
            goto error;
        if (t) {
            ip = frame->code->code + oparg;
        } else {
            sp--;
            obj_decref(L, v);
        }
        DISPATCH();
    }

    TARGET(GET_ITER)
    {
        Obj *iterable = TOP();
        Obj *it = obj_iter(L, iterable);
        if (it == NULL)
            goto error;
        sp[-1] = it;
        obj_decref(L, iterable);
        DISPATCH();
    }

    TARGET(FOR_ITER)
    {
        Obj *it = TOP();
        Obj *next = TYPE(it)->iternext(L, it);
        if (next != NULL) {
            PUSH(next);
            DISPATCH();
        }
        if (err_occurred(L)) {
            if (!err_matches(L, EXC_StopIteration))
                goto error;
            err_clear(L);
        }
        sp--;
        obj_decref(L, it);
        ip = frame->code->code + oparg;
        DISPATCH();
    }

    TARGET(KW_NAMES)
    {
        kwnames = consts[oparg];
        DISPATCH();
    }

    TARGET(CALL)
    {
        int is_meth = PEEK(oparg + 2) != NULL;
        size_t total = oparg + (size_t)is_meth;
        Obj *callable = PEEK(total + 1);
        Obj **args = sp - total;
        size_t nkw = kwnames ? tuple_size(kwnames) : 0;
        if (!is_meth && method_check(L, callable)) {
            /* A bound method: call its function with self prepended. */
            MethodObject *m = (MethodObject *)callable;
            PEEK(oparg + 2) = obj_newref(m->func);
            PEEK(oparg + 1) = obj_newref(m->self);
            obj_decref(L, callable);
            callable = PEEK(oparg + 2);
            is_meth = 1;
            total++;
            args = sp - total;
        }
        if (IS_TYPE(callable, L->t_function)) {
            /* A Python function: run it in this activation. */
            InterpFrame *nf = kwnames == NULL ? push_simple_frame(vm, callable, args, total)
                                              : NULL;
            if (nf != NULL) {
                sp -= oparg + 2;
                frame->stacktop = (int)(sp - locals);
                nf->previous = frame;
                vm->current = nf;
                frame = nf;
                goto start_frame;
            }
            nf = vm_push_frame(L, callable, NULL);
            if (nf == NULL)
                goto error;
            obj_decref(L, callable);        /* the frame has its own reference */
            Obj *kw = kwnames;
            kwnames = NULL;
            sp -= oparg + 2;
            frame->stacktop = (int)(sp - locals);
            if (vm_bind_args(L, nf, args, total - nkw, kw) < 0) {
                frame_clear(L, nf);
                vm_pop_frame(L, nf);
                goto error;
            }
            nf->previous = frame;
            vm->current = nf;
            frame = nf;
            goto start_frame;
        }
        if (nkw == 0 && IS_TYPE(callable, L->t_method_descr)) {
            CFunc fn = ((const MethodDescrObject *)callable)->def->fn;
            Obj *self = args[0];
            if (fn == list_append_method && total == 2 && list_check_exact(L, self)) {
                /* CPython 3.11's PRECALL_NO_KW_LIST_APPEND: the item's
                 * reference moves into the list; no recursion check, and
                 * a POP_TOP that follows drops the None with it. */
                int r = list_append_take_inline(L, self, args[1]);
                sp -= oparg + 2;
                obj_decref(L, self);
                obj_decref(L, callable);
                if (r < 0)
                    goto error;
                if (INSTR_OP(*ip) == OP_POP_TOP)
                    ip++;
                else
                    PUSH(new_none(L));
                DISPATCH();
            }
            if (fn == list_pop_method && total == 1 && list_check_exact(L, self) &&
                list_size(self) > 0 && L->recursion_depth < L->recursion_limit) {
                /* list.pop() (CPython 3.11's
                 * PRECALL_NO_KW_METHOD_DESCRIPTOR_FAST): the last item. */
                Obj *item = list_pop_last(L, self);
                sp -= oparg + 2;
                obj_decref(L, self);
                obj_decref(L, callable);
                PUSH(item);
                DISPATCH();
            }
        }
        Obj *res;
        if (callable == &L->t_str->ob && total == 1 && nkw == 0) {
            /* str(x): straight to obj_str, as CPython 3.11's
             * PRECALL_NO_KW_STR_1 (which also skips the call's
             * recursion check: obj_str makes its own). */
            res = obj_str(L, args[0]);
        } else {
            int handled = 0;
            res = nkw == 0 && IS_TYPE(callable, L->t_method_descr)
                      ? call_method_descr_fast(L, callable, args, total, &handled)
                      : NULL;
            if (!handled && is_cfunction(L, callable) &&
                !meth_counts_level(((CFunctionObject *)callable)->def->flags)) {
                /* A builtin whose specialised call CPython 3.11 makes
                 * without counting a recursion level
                 * (PRECALL_NO_KW_BUILTIN_FAST, ..._WITH_KEYWORDS,
                 * PRECALL_NO_KW_LEN); called from C, obj_call counts it,
                 * as CPython's vectorcall does. */
                res = TYPE(callable)->call(L, callable, args, total - nkw, kwnames);
                handled = 1;
            }
            if (!handled)
                res = obj_call(L, callable, args, total - nkw, kwnames);
        }
        kwnames = NULL;
        for (size_t i = 0; i < total; i++)
            obj_decref(L, args[i]);
        sp -= oparg + 2;
        obj_decref(L, callable);
        if (res == NULL)
            goto error;
        PUSH(res);
        DISPATCH();
    }

    TARGET(CALL_FUNCTION_EX)
    {
        Obj *kwargs = (oparg & 1) ? POP() : NULL;
        Obj *callargs = POP();
        Obj *func = TOP();
        Obj *res = vmop_call_function_ex(L, func, callargs, kwargs);
        obj_xdecref(L, kwargs);
        obj_decref(L, callargs);
        sp--;
        obj_decref(L, func);
        Obj *null_slot = POP();
        obj_xdecref(L, null_slot);
        if (res == NULL)
            goto error;
        PUSH(res);
        DISPATCH();
    }

    TARGET(MAKE_FUNCTION)
    {
        Obj *code = POP();
        int n = ((oparg & 1) != 0) + ((oparg & 2) != 0) + ((oparg & 4) != 0) + ((oparg & 8) != 0);
        sp -= n;
        Obj *func = vmop_make_function(L, frame, code, oparg, sp);
        obj_decref(L, code);
        if (func == NULL)
            goto error;
        PUSH(func);
        DISPATCH();
    }

    TARGET(RETURN_VALUE)
    {
        retval = POP();
        goto do_return;
    }

    TARGET(RETURN_CONST)
    {
        retval = obj_newref(consts[oparg]);
        goto do_return;
    }

    TARGET(LOAD_BUILD_CLASS)
    {
        Obj *key = str_intern_cstr(L, "__build_class__");
        Obj *owned = NULL;
        Obj *bc = key ? vmop_mapping_lookup(L, frame->builtins, key, &owned) : NULL;
        obj_xdecref(L, key);
        if (bc == NULL) {
            if (!err_occurred(L))
                err_format(L, EXC_NameError, "__build_class__ not found");
            goto error;
        }
        PUSH(owned ? owned : obj_newref(bc));
        DISPATCH();
    }

    TARGET(IMPORT_NAME)
    {
        Obj *fromlist = POP();
        Obj *level = TOP();
        Obj *res = vm_import(L, names[oparg], fromlist, level);
        obj_decref(L, fromlist);
        if (res == NULL)
            goto error;
        sp[-1] = res;
        obj_decref(L, level);
        DISPATCH();
    }

    TARGET(IMPORT_FROM)
    {
        Obj *v = vmop_import_from(L, TOP(), names[oparg]);
        if (v == NULL)
            goto error;
        PUSH(v);
        DISPATCH();
    }

    TARGET(IMPORT_STAR)
    {
        Obj *module = POP();
        int r = vmop_import_star(L, frame, module);
        obj_decref(L, module);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(RAISE_VARARGS)
    {
        Obj *cause = NULL, *exc = NULL;
        switch (oparg) {
        case 2:
            cause = POP();
            /* fall through */
        case 1:
            exc = POP();
            vmop_do_raise(L, exc, cause);
            obj_decref(L, exc);
            obj_xdecref(L, cause);
            goto error;
        default:
            if (L->handled == NULL) {
                err_format(L, EXC_RuntimeError, "No active exception to reraise");
                goto error;
            }
            err_restore(L, obj_newref(L->handled));
            goto exception_unwind;
        }
    }

    TARGET(RERAISE)
    {
        Obj *exc = POP();
        err_restore(L, exc);
        goto exception_unwind;
    }

    TARGET(PUSH_EXC_INFO)
    {
        Obj *exc = TOP();
        Obj *prev = L->handled != NULL ? L->handled : obj_newref(L->none);
        L->handled = obj_newref(exc);
        sp[-1] = prev;
        PUSH(exc);
        DISPATCH();
    }

    TARGET(POP_EXCEPT)
    {
        Obj *prev = POP();
        Obj *old = L->handled;
        if (prev == L->none) {
            L->handled = NULL;
            obj_decref(L, prev);
        } else {
            L->handled = prev;
        }
        obj_xdecref(L, old);
        DISPATCH();
    }

    TARGET(CHECK_EXC_MATCH)
    {
        Obj *type = TOP();
        if (vmop_check_except_type(L, type) < 0)
            goto error;
        int res = err_given_matches(L, SECOND(), type);
        sp[-1] = new_bool(L, res);
        obj_decref(L, type);
        DISPATCH();
    }

    TARGET(BEFORE_WITH)
    {
        if (vmop_before_with(L, sp) < 0)
            goto error;
        sp++;
        DISPATCH();
    }

    TARGET(WITH_EXCEPT_START)
    {
        Obj *exit = PEEK(3);
        Obj *val = TOP();
        Obj *tb = exc_traceback(val);
        Obj *args[3] = {&TYPE(val)->ob, val, tb ? tb : L->none};
        Obj *res = obj_call(L, exit, args, 3, NULL);
        if (res == NULL)
            goto error;
        PUSH(res);
        DISPATCH();
    }

    TARGET(LOAD_ASSERTION_ERROR)
    {
        PUSH(obj_newref(&L->exc_types[EXC_AssertionError]->ob));
        DISPATCH();
    }

    TARGET(SETUP_ANNOTATIONS)
    {
        if (vmop_setup_annotations(L, frame) < 0)
            goto error;
        DISPATCH();
    }

    TARGET(PRINT_EXPR)
    {
        Obj *v = POP();
        int r = vmop_print_expr(L, v);
        obj_decref(L, v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

#if !USE_COMPUTED_GOTO
    default:
        err_format(L, EXC_SystemError, "unknown opcode %u", INSTR_OP(word));
        goto error;
    }
#endif

do_return:
    {
        InterpFrame *prev = frame->previous;
        int was_entry = frame->is_entry;
        L->recursion_depth--;
        vm->current = prev;
        frame->stacktop = frame->code->nlocalsplus;
        pop_finished_frame(L, vm, frame);
        if (was_entry)
            return retval;
        frame = prev;
        ip = frame->prev_instr + 1;
        locals = frame->localsplus;
        sp = locals + frame->stacktop;
        consts = tuple_items(frame->code->consts);
        names = tuple_items(frame->code->names);
        first_instr = frame->code->code;
        caches = frame->code->caches;
        PUSH(retval);
        retval = NULL;
        DISPATCH();
    }

error:
    kwnames = NULL;
    if (!err_occurred(L))
        err_format(L, EXC_SystemError, "error return without exception set");
    traceback_here(L, frame);

exception_unwind:
    {
        const ExcEntry *h = code_find_handler(frame->code, (uint32_t)frame_lasti(frame));
        if (h != NULL) {
            Obj **target = STACK_BASE() + h->depth;
            while (sp > target) {
                Obj *v = POP();
                obj_xdecref(L, v);
            }
            Obj *exc = err_fetch(L);
            PUSH(exc);
            ip = frame->code->code + h->handler;
            DISPATCH();
        }
        Obj **base = STACK_BASE();
        while (sp > base) {
            Obj *v = POP();
            obj_xdecref(L, v);
        }
        L->recursion_depth--;
    }

exit_unwind:
    {
        InterpFrame *prev = frame->previous;
        int was_entry = frame->is_entry;
        vm->current = prev;
        frame->stacktop = frame->code->nlocalsplus;
        frame_clear(L, frame);
        vm_pop_frame(L, frame);
        if (was_entry)
            return NULL;
        frame = prev;
        ip = frame->prev_instr + 1;
        locals = frame->localsplus;
        sp = locals + frame->stacktop;
        consts = tuple_items(frame->code->consts);
        names = tuple_items(frame->code->names);
        first_instr = frame->code->code;
        caches = frame->code->caches;
        goto error;
    }
}
