/*
 * framestack.c - the per-runtime stack interpreter frames are carved from
 * (CPython 3.11's datastack): chunks of words from the runtime's
 * allocator, used strictly last-in first-out. A call pushes a frame by
 * moving `top`; no collector-managed object is allocated. A chunk emptied
 * by a pop is kept as the spare of the previous one, so a call sequence
 * at a chunk boundary does not allocate each time.
 */
#include <string.h>

#include "vm.h"

enum { CHUNK_WORDS = 16 * 1024 / sizeof(Obj *) };

static FrameChunk *chunk_new(Lang *L, size_t words)
{
    FrameChunk *c = mem_alloc(L, sizeof(FrameChunk) + words * sizeof(Obj *));
    if (c == NULL)
        return NULL;
    c->prev = NULL;
    c->spare = NULL;
    c->words = words;
    c->saved_top = NULL;
    return c;
}

static void chunk_free(Lang *L, FrameChunk *c)
{
    mem_free(L, c, sizeof(FrameChunk) + c->words * sizeof(Obj *));
}

/* Starts a new chunk with room for at least need words. */
static int push_chunk(Lang *L, VM *vm, size_t need)
{
    FrameChunk *cur = vm->chunk;
    FrameChunk *next = cur != NULL ? cur->spare : NULL;
    if (next != NULL && next->words < need) {
        chunk_free(L, next);
        cur->spare = NULL;
        next = NULL;
    }
    if (next == NULL) {
        size_t words = need > CHUNK_WORDS ? need : CHUNK_WORDS;
        next = chunk_new(L, words);
        if (next == NULL)
            return -1;
    } else {
        cur->spare = NULL;
    }
    next->prev = cur;
    next->saved_top = vm->top;
    vm->chunk = next;
    vm->top = next->data;
    vm->limit = next->data + next->words;
    return 0;
}

InterpFrame *vm_push_frame(Lang *L, Obj *func, Obj *locals)
{
    VM *vm = vm_of(L);
    FuncObject *fn = (FuncObject *)func;
    CodeObject *co = (CodeObject *)fn->code;
    size_t words = frame_words(co);
    if (vm->top == NULL || (size_t)(vm->limit - vm->top) < words) {
        if (push_chunk(L, vm, words) < 0)
            return NULL;
    }
    InterpFrame *f = (InterpFrame *)vm->top;
    vm->top += words;
    f->func = obj_newref(func);
    f->code = co;
    f->globals = fn->globals;
    f->builtins = fn->builtins;
    f->locals = obj_xnewref(locals);
    f->previous = NULL;
    f->frame_obj = NULL;
    f->prev_instr = co->code - 1;
    f->stacktop = co->nlocalsplus;
    f->owner = FRAME_OWNED_BY_THREAD;
    f->is_entry = 0;
    memset(f->localsplus, 0, (size_t)co->nlocalsplus * sizeof(Obj *));
    return f;
}

void vm_pop_frame(Lang *L, InterpFrame *f)
{
    VM *vm = vm_of(L);
    Obj **base = (Obj **)f;
    FrameChunk *c = vm->chunk;
    if (base == c->data && c->prev != NULL) {
        /* The chunk is empty again: go back to the previous one and keep
         * this one as its spare. */
        FrameChunk *prev = c->prev;
        vm->top = c->saved_top;
        vm->limit = prev->data + prev->words;
        vm->chunk = prev;
        if (prev->spare != NULL)
            chunk_free(L, prev->spare);
        if (c->spare != NULL) {
            chunk_free(L, c->spare);
            c->spare = NULL;
        }
        c->prev = NULL;
        prev->spare = c;
        return;
    }
    vm->top = base;
}

void vm_framestack_free(VM *vm)
{
    Lang *L = vm->L;
    FrameChunk *c = vm->chunk;
    while (c != NULL) {
        FrameChunk *prev = c->prev;
        if (c->spare != NULL)
            chunk_free(L, c->spare);
        chunk_free(L, c);
        c = prev;
    }
    vm->chunk = NULL;
    vm->top = vm->limit = NULL;
}
