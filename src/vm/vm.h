/*
 * vm.h - the virtual machine's internal interface: its per-runtime state
 * (L->vm), the frame stack, calls, the eval loop, import, builtins and the
 * exception printer. The program (src/cli) uses only ouro_vm.h.
 *
 * Layers: the VM includes the object layer and the compiler; neither of
 * them includes the VM. The function type's call slot, the traceback
 * printer of err_write_unraisable and the builtins dict are what the VM
 * installs into the Lang at start-up.
 */
#ifndef OURO_VM_VM_H
#define OURO_VM_VM_H

#include <stdio.h>

#include "../objects/object.h"
#include "../objects/codeobject.h"
#include "../objects/frameobject.h"
#include "../objects/funcobject.h"

/* A chunk of the frame stack (CPython's _PyStackChunk). */
typedef struct FrameChunk {
    struct FrameChunk *prev;      /* older chunk, or NULL */
    struct FrameChunk *spare;     /* a freed newer chunk kept for reuse */
    size_t words;                 /* capacity of data */
    Obj **saved_top;              /* the top of prev when this chunk was started */
    Obj *data[];
} FrameChunk;

typedef struct VM {
    Lang *L;
    InterpFrame *current;         /* the innermost running frame, or NULL */
    FrameChunk *chunk;            /* the chunk frames are taken from */
    Obj **top, **limit;           /* free space of chunk */

    Obj *builtins_module;         /* owned */
    Obj *sys_module;              /* owned */
    Obj *main_module;             /* owned, or NULL */
    Obj *stdout_obj, *stderr_obj; /* owned: sys.stdout / sys.stderr */
    Obj *argv;                    /* owned: sys.argv */
    Obj *str_stdout;              /* owned interned "stdout" (print's lookup) */
    int exit_requested;           /* SystemExit reached the top (set when reported) */
    int finalizing;               /* shutdown began (after its first collection) */
    /* The gc module's per-interpreter state, as CPython's GCState (owned
     * lists, made at gc's first import, NULL before; gcmodule.c): they
     * outlive the module until vm_gc_fini. */
    Obj *gc_garbage, *gc_callbacks;
    Obj *exit_funcs;              /* owned list (vm_register_exit_func), or NULL */
} VM;

static inline VM *vm_of(Lang *L)
{
    return (VM *)L->vm;
}

/* ------------------------------------------------------------------ */
/* Frames and calls (framestack.c, call.c)                             */
/* ------------------------------------------------------------------ */

/* A frame for func (borrowed; the frame takes a reference) with its
 * local slots zeroed and locals (borrowed, may be NULL) as its namespace.
 * NULL with MemoryError. */
InterpFrame *vm_push_frame(Lang *L, Obj *func, Obj *locals);
/* Returns a cleared frame's memory to the frame stack (the frame must be
 * the most recent one pushed). */
void vm_pop_frame(Lang *L, InterpFrame *f);
/* Frees the frame stack (teardown). */
void vm_framestack_free(VM *vm);

/* Binds a call's arguments to the parameters of f's function, taking
 * over one reference to each of args[0..nargs+len(kwnames)-1] even on
 * failure. 0, or -1 with TypeError as CPython words it. */
int vm_bind_args(Lang *L, InterpFrame *f, Obj *const *args, size_t nargs, Obj *kwnames);

/* Runs frame f (pushed, arguments bound) to completion in a new C-level
 * activation of the eval loop; f is popped on return. Returns the result
 * (new) or NULL with an exception. */
Obj *vm_eval_frame(Lang *L, InterpFrame *f);

/* The call slot of functions. */
Obj *vm_call_function(Lang *L, Obj *func, Obj *const *args, size_t nargs, Obj *kwnames);

/* Runs code (a module or class body) in globals with locals as namespace
 * (both borrowed; locals may be globals). New reference or NULL. */
Obj *vm_eval_code(Lang *L, Obj *code, Obj *globals, Obj *locals);
/* Calls func (a class body's function) with locals as its namespace. */
Obj *vm_call_with_locals(Lang *L, Obj *func, Obj *locals);

/* Before cls (a class just made by a class statement from namespace ns,
 * both borrowed) has instances: sizes its inline attribute room from the
 * distinct names its methods and its bases' methods store on self
 * (`self.x = ...`, CPython 3.13's __static_attributes__). No error. */
void vm_hint_class_layout(Lang *L, Obj *cls);

/* f(*args, **kwargs) for CALL_FUNCTION_EX: args a tuple, kwargs a dict or
 * NULL (both borrowed). */
Obj *vm_call_tuple_dict(Lang *L, Obj *func, Obj *args, Obj *kwargs);

/* "name()" for a callable in call errors (CPython's _PyObject_FunctionStr):
 * new str or NULL. */
Obj *vm_function_str(Lang *L, Obj *func);

/* ------------------------------------------------------------------ */
/* Errors (errors_vm.c, traceback print)                               */
/* ------------------------------------------------------------------ */

/* NameError "name 'x' is not defined" with its name attribute. Returns NULL. */
Obj *vm_name_error(Lang *L, Obj *name);
/* UnboundLocalError / free-variable NameError for local slot i of co. */
void vm_unbound_error(Lang *L, CodeObject *co, int i);

/* Prints an exception with its chain and tracebacks to stderr as
 * CPython's default excepthook does (SyntaxError in its own format). */
void vm_print_exception(Lang *L, Obj *exc);
/* Prints the entries of a traceback (without the header line). */
void vm_print_traceback(Lang *L, Obj *tb);

/* ------------------------------------------------------------------ */
/* Modules (import.c, builtins.c, sysmodule.c)                         */
/* ------------------------------------------------------------------ */

/* IMPORT_NAME: the module name (str), fromlist and level (borrowed).
 * Built-in modules only. New reference or NULL with ImportError /
 * ModuleNotFoundError. */
Obj *vm_import(Lang *L, Obj *name, Obj *fromlist, Obj *level);
/* Registers a module in sys.modules (L->modules). 0 or -1. */
int vm_add_module(Lang *L, Obj *module);

/* The modules layer (src/modules/) above the VM. As CPython's
 * _PyImport_Inittab, the VM reaches it by name at link time and never
 * includes its headers: src/modules/config.c defines both symbols. */
typedef Obj *(*VMModuleInit)(Lang *L);  /* the new module, new reference, or NULL */
typedef struct VMModuleDef {
    const char *name;
    VMModuleInit init;
} VMModuleDef;
/* The built-in modules made on first import, ended by {NULL, NULL}. */
extern const VMModuleDef vm_module_table[];
/* Adds the modules layer's parts of sys (getsizeof, ...) to the sys
 * module (borrowed) at start-up. 0 or -1 with an exception set. */
int vm_modules_extend_sys(Lang *L, Obj *sys);

/* CPython's atexit: func (borrowed) is called without arguments first
 * thing at shutdown, while every module is intact; the functions run last
 * registered first, an error in one is reported ("Exception ignored in
 * atexit callback: ...") and the others still run. 0, or -1 (MemoryError). */
int vm_register_exit_func(Lang *L, Obj *func);

/* The gc module's parts of shutdown (src/modules/gcmodule.c, found at
 * link time too); both do nothing if gc was never imported.
 * vm_gc_report_shutdown is CPython's _PyGC_DumpShutdownStats: under
 * DEBUG_UNCOLLECTABLE the objects left in gc.garbage are reported on
 * stderr. vm_gc_fini is _PyGC_Fini, after the last collection of the VM:
 * gc.garbage and gc.callbacks are released, the debug flags cleared and
 * the runtime's own hooks restored. */
void vm_gc_report_shutdown(Lang *L);
void vm_gc_fini(Lang *L);

/* The Lang of an interpreter made by ouro_vm_new (runtime.c; for
 * leakcheck.c, which works on the VM's state between runs). Borrowed. */
struct OuroVM;
Lang *vm_lang(struct OuroVM *ov);

Obj *vm_make_builtins(Lang *L);          /* the builtins module, new reference */
/* enumerate, zip, map, filter, reversed (builtin_types.c): creates the
 * types / binds them in the builtins dict. 0 or -1. */
int vm_init_builtin_types(Lang *L);
int vm_add_builtin_types(Lang *L, Obj *dict);
/* iter(callable, sentinel). */
Obj *vm_callable_iter_new(Lang *L, Obj *callable, Obj *sentinel);
Obj *vm_make_sys(Lang *L, int argc, char **argv);
/* A text stream writing to a C FILE (sys.stdout / sys.stderr). */
Obj *vm_make_stream(Lang *L, FILE *fp, const char *name);
/* Writes str s to a stream object: a VM stream directly, else s.write(). */
int vm_stream_write(Lang *L, Obj *stream, Obj *s);
int vm_stream_flush(Lang *L, Obj *stream);

/* The super type (super.c). */
int vm_init_super(Lang *L);
/* range and its iterator (when the object layer does not provide them). */
int vm_init_range(Lang *L);

/* format(value, spec) (format.c): spec may be NULL (''). */
Obj *vm_format(Lang *L, Obj *value, Obj *spec);
/* ascii(o). */
Obj *vm_ascii(Lang *L, Obj *o);

/* The list and set operations of the eval loop (compat.c, over
 * listobject.h and setobject.h). vm_new_list / vm_new_set take over the n
 * references even on failure; the others borrow their arguments. */
Obj *vm_new_list(Lang *L, Obj **items, size_t n);
Obj *vm_new_set(Lang *L, Obj **items, size_t n);
int vm_list_append(Lang *L, Obj *list, Obj *item);
int vm_list_extend(Lang *L, Obj *list, Obj *iterable);
int vm_set_add(Lang *L, Obj *set, Obj *item);
int vm_set_update(Lang *L, Obj *set, Obj *iterable);
Obj *vm_sequence_to_tuple(Lang *L, Obj *seq);

#endif
