/*
 * runtime.c - an interpreter's life: start-up (runtime, Lang, the VM's
 * types and modules, __main__), running a program, and shutdown in
 * CPython 3.11's order (Py_FinalizeEx):
 *   0. the exit functions run (vm_register_exit_func: CPython's atexit);
 *   1. flush sys.stdout / sys.stderr;
 *   2. a full collection, while every module is still intact (if the
 *      collector is enabled; the only one that calls gc.callbacks);
 *   3. finalize the modules: sys.last_value & co and builtins._ are
 *      cleared, every sys.modules entry becomes None and the
 *      dict is cleared, then a collection and the report of what is
 *      left in gc.garbage; the modules still alive have
 *      their dicts cleared (names with one leading underscore first, then
 *      the rest, as _PyModule_ClearDict), in reverse import order; then
 *      sys and builtins are cleared;
 *   4. the VM drops its own references and a last collection runs; the
 *      gc module's state goes (vm_gc_fini);
 *   5. lang_free releases the types and constants, and the runtime is
 *      destroyed: no Python code runs after step 4.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vm.h"
#include "ouro_vm.h"
#include "../compiler/compile.h"
#include "../compiler/parser.h"
#include "../objects/cellobject.h"
#include "../objects/dictobject.h"
#include "../objects/exceptions.h"
#include "../objects/instance.h"
#include "../objects/intobject.h"
#include "../objects/listobject.h"
#include "../objects/lang.h"
#include "../objects/moduleobject.h"
#include "../objects/rangeobject.h"
#include "../objects/strobject.h"
#include "../objects/tracebackobject.h"
#include "../objects/tupleobject.h"
#include "../objects/weakrefobject.h"

struct OuroVM {
    OuroRuntime *rt;
    Lang *L;
    VM vm;
    uint64_t allocs_base;       /* ouro_mem_alloc_count when the runtime was new */
    uint64_t allocs_startup;    /* allocations start-up attempted */
    int alloc_stats;            /* OuroVMOptions.alloc_stats */
};

const char *ouro_vm_version(void)
{
    return "ouro " OURO_VERSION " (Python 3.11.7)";
}

/* ------------------------------------------------------------------ */
/* Start-up                                                            */
/* ------------------------------------------------------------------ */

static int init_types(Lang *L)
{
    if (code_init_type(L) < 0 || cell_init_type(L) < 0 ||
        func_init_type(L, vm_call_function) < 0 || frame_init_type(L) < 0 ||
        traceback_init_type(L) < 0 || module_init_type(L) < 0 || vm_init_super(L) < 0 ||
        weakref_init_types(L) < 0)
        return -1;
    if (L->t_range == NULL && range_init_types(L) < 0)
        return -1;
    return 0;
}

static void print_traceback_hook(Lang *L, Obj *tb)
{
    if (traceback_check(L, tb)) {
        fputs("Traceback (most recent call last):\n", stderr);
        vm_print_traceback(L, tb);
    }
}

static int init_modules(OuroVM *ov, int argc, char **argv)
{
    Lang *L = ov->L;
    VM *vm = &ov->vm;
    if ((L->modules = dict_new(L)) == NULL || (vm->str_stdout = str_intern_cstr(L, "stdout")) == NULL)
        return -1;
    if ((vm->builtins_module = vm_make_builtins(L)) == NULL)
        return -1;
    L->builtins = obj_newref(module_dict(vm->builtins_module));
    if ((vm->sys_module = vm_make_sys(L, argc, argv)) == NULL ||
        vm_modules_extend_sys(L, vm->sys_module) < 0)
        return -1;
    if (vm_add_module(L, vm->builtins_module) < 0 || vm_add_module(L, vm->sys_module) < 0)
        return -1;
    vm->main_module = module_new(L, ID(L, __main__));
    if (vm->main_module == NULL || vm_add_module(L, vm->main_module) < 0)
        return -1;
    return module_add_object(L, vm->main_module, "__builtins__", vm->builtins_module);
}

OuroVM *ouro_vm_new(int argc, char **argv)
{
    return ouro_vm_new_ex(argc, argv, NULL);
}

/* The runtime of opt, its fault injection armed before start-up runs. */
static OuroRuntime *new_runtime(const OuroVMOptions *opt)
{
    OuroConfig cfg;
    memset(&cfg, 0, sizeof cfg);
    /* Both caps: max_reserved bounds the footprint (each block's header
     * and rounding, partly empty arenas), max_heap the bytes in use where
     * the footprint is not known beforehand (the mimalloc kind). */
    cfg.max_heap = opt->max_heap;
    cfg.max_reserved = opt->max_heap;
    OuroRuntime *rt = ouro_runtime_new(&cfg);
    if (rt != NULL && opt->fail_p > 0)
        ouro_mem_fail_random(rt, opt->fail_p, opt->fail_seed);
    if (rt != NULL && opt->fail_nth > 0)
        ouro_mem_fail_nth(rt, opt->fail_nth);
    if (rt != NULL && opt->alloc_budget > 0)
        ouro_mem_budget(rt, opt->alloc_budget);
    return rt;
}

/* The one line a failed start-up prints. Without injected faults, a
 * start-up that fails under a heap limit failed because of it. */
static void report_startup_failure(const OuroVMOptions *opt)
{
    if (opt->max_heap != 0 && opt->fail_nth == 0 && opt->fail_p <= 0 && opt->alloc_budget == 0)
        fprintf(stderr, "ouro: could not start the interpreter: the heap limit (%zu bytes) "
                "is below what start-up needs\n", opt->max_heap);
    else
        fprintf(stderr, "ouro: could not start the interpreter (out of memory)\n");
}

OuroVM *ouro_vm_new_ex(int argc, char **argv, const OuroVMOptions *opt)
{
    static const OuroVMOptions defaults;
    if (opt == NULL)
        opt = &defaults;
    OuroVM *ov = calloc(1, sizeof *ov);
    if (ov == NULL)
        goto fail;
    ov->alloc_stats = opt->alloc_stats;   /* a failed start-up reports too */
    ov->rt = new_runtime(opt);
    if (ov->rt == NULL)
        goto fail;
    ov->allocs_base = ouro_mem_alloc_count(ov->rt);
    ov->L = lang_new(ov->rt);
    if (ov->L == NULL)
        goto fail;
    Lang *L = ov->L;
    ov->vm.L = L;
    L->vm = &ov->vm;
    L->print_traceback = print_traceback_hook;
    if (init_types(L) < 0 || init_modules(ov, argc, argv) < 0) {
        /* Running out of memory gets the one line below; anything else
         * is a bug worth its traceback. */
        if (L->exc != NULL && !err_matches(L, EXC_MemoryError))
            vm_print_exception(L, L->exc);
        goto fail;
    }
    /* The VM's and the modules' built-in types, like the Lang's, are
     * untracked (CPython's static types are). */
    lang_untrack_types(L);
    /* The start-up's objects become old, as CPython's are once its own
     * start-up collections ran: the program's first automatic collection
     * then comes after ~700 of its own allocations, not a few. */
    ouro_gc_collect(ov->rt, 1);
    ov->allocs_startup = ouro_mem_alloc_count(ov->rt) - ov->allocs_base;
    return ov;
fail:
    report_startup_failure(opt);
    if (ov != NULL)
        ouro_vm_free(ov, 1);
    return NULL;
}

OuroRuntime *ouro_vm_runtime(OuroVM *ov)
{
    return ov->rt;
}

Lang *vm_lang(OuroVM *ov)
{
    return ov->L;
}

/* ------------------------------------------------------------------ */
/* Running                                                             */
/* ------------------------------------------------------------------ */

/* The exit status for an uncaught SystemExit (CPython's
 * handle_system_exit): its code, None as 0, anything else printed. */
static int system_exit_status(Lang *L, Obj *exc)
{
    Obj *code = ((SystemExitObject *)exc)->code;
    if (code == NULL || code == L->none)
        return 0;
    if (int_check(code)) {
        int64_t v = 0;
        if (!int_as_i64_exact(code, &v))
            v = -1;
        return (int)v;
    }
    Obj *s = obj_str(L, code);
    if (s != NULL) {
        fflush(stdout);
        fwrite(str_data(s), 1, str_nbytes(s), stderr);
        fputc('\n', stderr);
        obj_decref(L, s);
    } else {
        err_clear(L);
    }
    return 1;
}

/* Reports the pending exception and returns the exit status. Like
 * CPython's PyErr_Print, keeps it in sys.last_value (so what its traceback
 * holds lives on until shutdown). */
static int report_exception(OuroVM *ov)
{
    Lang *L = ov->L;
    Obj *exc = err_fetch(L);
    if (exc == NULL)
        return 1;
    int status = 1;
    if (obj_isinstance(exc, L->exc_types[EXC_SystemExit])) {
        ov->vm.exit_requested = 1;   /* leak mode stops at sys.exit(0) too */
        status = system_exit_status(L, exc);
    } else {
        vm_print_exception(L, exc);
        Obj *tb = exc_traceback(exc);
        if (module_add_object(L, ov->vm.sys_module, "last_type", &TYPE(exc)->ob) < 0 ||
            module_add_object(L, ov->vm.sys_module, "last_value", exc) < 0 ||
            module_add_object(L, ov->vm.sys_module, "last_traceback", tb ? tb : L->none) < 0)
            err_clear(L);
    }
    obj_decref(L, exc);
    return status;
}

int ouro_vm_run_source(OuroVM *ov, const char *src, size_t len, const char *filename)
{
    Lang *L = ov->L;
    Obj *fname = str_from_cstr(L, filename);
    if (fname == NULL)
        return report_exception(ov);
    Obj *code = comp_compile_source(L, src, len, fname, COMPILE_EXEC);
    obj_decref(L, fname);
    if (code == NULL)
        return report_exception(ov);
    Obj *globals = module_dict(ov->vm.main_module);
    Obj *r = vm_eval_code(L, code, globals, globals);
    obj_decref(L, code);
    if (r == NULL)
        return report_exception(ov);
    obj_decref(L, r);
    return 0;
}

int ouro_vm_compile_check(OuroVM *ov, const char *src, size_t len, const char *filename)
{
    Lang *L = ov->L;
    Obj *fname = str_from_cstr(L, filename);
    Obj *code = fname ? comp_compile_source(L, src, len, fname, COMPILE_EXEC) : NULL;
    obj_xdecref(L, fname);
    if (code == NULL) {
        int expected = err_matches(L, EXC_SyntaxError) || err_matches(L, EXC_MemoryError);
        err_clear(L);
        return expected ? 1 : 2;
    }
    obj_decref(L, code);
    return 0;
}

int ouro_vm_run_interactive(OuroVM *ov, const char *src, size_t len, int *status)
{
    Lang *L = ov->L;
    AstArena *arena = NULL;
    AstMod *mod = NULL;
    SyntaxErrorInfo info;
    int r = parse_interactive(L->rt, src, len, "<stdin>", &arena, &mod, &info);
    if (r == PARSE_INCOMPLETE)
        return OURO_VM_MORE;
    Obj *fname = str_from_cstr(L, "<stdin>");
    Obj *code = NULL;
    if (fname != NULL) {
        if (r == PARSE_OK)
            code = comp_compile(L, mod, src, len, fname, COMPILE_SINGLE);
        else
            comp_raise_syntax_error(L, &info, fname);
        obj_decref(L, fname);
    }
    ast_arena_free(arena);
    if (code != NULL) {
        Obj *globals = module_dict(ov->vm.main_module);
        Obj *res = vm_eval_code(L, code, globals, globals);
        obj_decref(L, code);
        obj_xdecref(L, res);
        if (res != NULL)
            return OURO_VM_DONE;
    }
    if (L->exc != NULL && obj_isinstance(L->exc, L->exc_types[EXC_SystemExit])) {
        *status = report_exception(ov);
        return OURO_VM_EXIT;
    }
    report_exception(ov);
    return OURO_VM_DONE;
}

/* Reads a whole file into malloc'd memory (NUL-terminated). */
static char *read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0)
            break;
        if (n + 1 == cap) {
            char *bigger = realloc(buf, cap * 2);
            if (bigger == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    int err = ferror(fp);
    fclose(fp);
    if (buf == NULL || err) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

int ouro_vm_run_file(OuroVM *ov, const char *path)
{
    size_t len = 0;
    char *src = read_file(path, &len);
    if (src == NULL) {
        fprintf(stderr, "ouro: can't open file '%s': [Errno 2] No such file or directory\n", path);
        return 2;
    }
    Lang *L = ov->L;
    /* __file__ and the code's filename are absolute, as CPython 3.9+
     * makes them: the current directory joined with the path as given. */
    char cwd[4096];
    Obj *file = NULL;
    if (path[0] != '/' && getcwd(cwd, sizeof cwd) != NULL)
        file = str_from_format(L, "%s/%s", cwd, path);
    else
        file = str_from_cstr(L, path);
    if (file == NULL || module_add_object(L, ov->vm.main_module, "__file__", file) < 0) {
        obj_xdecref(L, file);
        free(src);
        return report_exception(ov);
    }
    int status = ouro_vm_run_source(ov, src, len, str_data(file));
    obj_decref(L, file);
    free(src);
    return status;
}

/* ------------------------------------------------------------------ */
/* Shutdown                                                            */
/* ------------------------------------------------------------------ */

/* CPython's _PyModule_ClearDict: single-underscore names first, then
 * every name but __builtins__, each set to None in insertion order. */
static void clear_module_dict(Lang *L, Obj *d)
{
    Obj *keys = dict_keys_tuple(L, d);
    if (keys == NULL) {
        err_clear(L);
        return;
    }
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < tuple_size(keys); i++) {
            Obj *key = tuple_get_borrowed(keys, i);
            if (!str_check(key))
                continue;
            const char *s = str_data(key);
            Obj *v = dict_getitem_str(d, key);
            if (v == NULL || v == L->none)
                continue;
            int underscore = s[0] == '_' && s[1] != '_';
            if (pass == 0 && !underscore)
                continue;
            if (pass == 1 && strcmp(s, "__builtins__") == 0)
                continue;
            if (dict_setitem(L, d, key, L->none) < 0)
                err_write_unraisable(L, NULL, NULL);
        }
    }
    obj_decref(L, keys);
}

static void collect(Lang *L)
{
    ouro_gc_collect(L->rt, 2);
    instance_release_pending_type(L);
}

/* CPython's finalize_modules_delete_special: the places where user
 * values hide (the last uncaught exception and its traceback, builtins._)
 * are cleared before the modules, so that what they hold dies first. */
static void delete_special(OuroVM *ov)
{
    static const char *const sys_deletes[] = {
        "path", "argv", "ps1", "ps2", "last_type", "last_value", "last_traceback",
        "path_hooks", "path_importer_cache", "meta_path", "__interactivehook__", NULL,
    };
    static const char *const sys_files[] = {
        "stdin", "__stdin__", "stdout", "__stdout__", "stderr", "__stderr__", NULL,
    };
    Lang *L = ov->L;
    VM *vm = &ov->vm;
    /* The preallocated MemoryError outlives everything: drop the traceback
     * and context of its last use, with the rest of the user's values. */
    if (L->memory_error != NULL) {
        exc_set_traceback_take(L, L->memory_error, NULL);
        exc_set_context_take(L, L->memory_error, NULL);
        exc_set_cause_take(L, L->memory_error, NULL);
    }
    if (vm->builtins_module != NULL && dict_setitem_cstr(L, module_dict(vm->builtins_module), "_",
                                                         L->none) < 0)
        err_clear(L);
    if (vm->sys_module == NULL)
        return;
    Obj *sysdict = module_dict(vm->sys_module);
    for (size_t i = 0; sys_deletes[i] != NULL; i++) {
        if (dict_setitem_cstr(L, sysdict, sys_deletes[i], L->none) < 0)
            err_clear(L);
    }
    for (size_t i = 0; sys_files[i] != NULL; i += 2) {
        Obj *key = str_intern_cstr(L, sys_files[i + 1]);
        Obj *orig = key ? dict_getitem_str(sysdict, key) : NULL;
        if (orig != NULL && dict_setitem_cstr(L, sysdict, sys_files[i], orig) < 0)
            err_clear(L);
        obj_xdecref(L, key);
    }
    err_clear(L);
}

static void finalize_modules(OuroVM *ov)
{
    Lang *L = ov->L;
    VM *vm = &ov->vm;
    if (L->modules == NULL)
        return;
    delete_special(ov);
    /* Weak references to every module, then sys.modules emptied. */
    Obj *keys = dict_keys_tuple(L, L->modules);
    size_t n = keys ? tuple_size(keys) : 0;
    OuroWeakRef **weak = n ? calloc(n, sizeof *weak) : NULL;
    for (size_t i = 0; i < n && weak != NULL; i++) {
        Obj *key = tuple_get_borrowed(keys, i);
        Obj *m = dict_getitem_str(L->modules, key);
        if (m != NULL && module_check(L, m))
            weak[i] = ouro_weakref_new(L->rt, m, NULL);
        if (dict_setitem(L, L->modules, key, L->none) < 0)
            err_clear(L);
    }
    obj_xdecref(L, keys);
    err_clear(L);
    dict_clear(L, L->modules);
    obj_clearref(L, &vm->main_module);
    collect(L);
    vm_gc_report_shutdown(L);
    /* Modules still alive: clear their globals, last imported first. */
    for (size_t i = n; i-- > 0 && weak != NULL;) {
        if (weak[i] == NULL)
            continue;
        Obj *m = ouro_weakref_get(weak[i]);
        if (m != NULL && m != vm->sys_module && m != vm->builtins_module) {
            obj_incref(m);
            clear_module_dict(L, module_dict(m));
            obj_decref(L, m);
        }
    }
    for (size_t i = 0; i < n && weak != NULL; i++) {
        if (weak[i] != NULL)
            ouro_decref(L->rt, &weak[i]->ob);
    }
    free(weak);
    if (vm->sys_module != NULL)
        clear_module_dict(L, module_dict(vm->sys_module));
    if (vm->builtins_module != NULL)
        clear_module_dict(L, module_dict(vm->builtins_module));
    collect(L);
}

int vm_register_exit_func(Lang *L, Obj *func)
{
    VM *vm = vm_of(L);
    if (vm->exit_funcs == NULL && (vm->exit_funcs = list_new(L, 0)) == NULL)
        return -1;
    return list_append(L, vm->exit_funcs, func);
}

/* Step 0 of shutdown (CPython's _PyAtExit_Call): the exit functions, last
 * registered first; one registered meanwhile runs too. */
static void run_exit_funcs(Lang *L)
{
    VM *vm = vm_of(L);
    size_t n;
    while (vm->exit_funcs != NULL && (n = list_size(vm->exit_funcs)) > 0) {
        Obj *f = obj_newref(list_get_borrowed(vm->exit_funcs, n - 1));
        if (list_set_slice(L, vm->exit_funcs, (intptr_t)n - 1, (intptr_t)n, NULL) < 0) {
            err_clear(L);   /* a deletion only fails if memory runs out */
            obj_decref(L, f);
            return;
        }
        Obj *r = obj_call0(L, f);
        if (r == NULL)
            err_write_unraisable(L, "in atexit callback", f);
        obj_xdecref(L, r);
        obj_decref(L, f);
    }
}

static void release_vm(OuroVM *ov)
{
    Lang *L = ov->L;
    VM *vm = &ov->vm;
    obj_clearref(L, &vm->main_module);
    obj_clearref(L, &vm->exit_funcs);
    obj_clearref(L, &vm->argv);
    obj_clearref(L, &vm->stdout_obj);
    obj_clearref(L, &vm->stderr_obj);
    obj_clearref(L, &vm->str_stdout);
    obj_clearref(L, &L->builtins);
    obj_clearref(L, &L->modules);
    obj_clearref(L, &vm->sys_module);
    obj_clearref(L, &vm->builtins_module);
    err_clear(L);
    obj_clearref(L, &L->handled);
    /* gc.callbacks are not called at shutdown (vm->finalizing): dropping
     * the list before the last collection lets what a callback keeps
     * alive (its module's globals, and what they hold) be collected while
     * finalizers can still run, not in lang_free's collection, where a
     * __del__ only reports that the interpreter is shut down. */
    obj_clearref(L, &vm->gc_callbacks);
    collect(L);
    vm_gc_fini(L);
}

/* -X alloc-stats: what a fault sweep needs (how many allocations to
 * sweep) and what a heap limit must leave room for. */
static void print_alloc_stats(OuroVM *ov)
{
    OuroMemStats st;
    ouro_mem_stats(ov->rt, &st);
    unsigned long long all = ouro_mem_alloc_count(ov->rt) - ov->allocs_base;
    fprintf(stderr, "ouro: allocations: %llu in start-up, %llu in all, %zu failed; "
            "peak %zu bytes in use; %zu blocks (%zu bytes) left at exit\n",
            (unsigned long long)ov->allocs_startup, all, st.failed_allocations,
            st.peak_bytes_in_use, st.blocks_in_use, st.bytes_in_use);
}

int ouro_vm_free(OuroVM *ov, int status)
{
    if (ov == NULL)
        return status;
    if (ov->L != NULL) {
        Lang *L = ov->L;
        if (L->vm != NULL)
            run_exit_funcs(L);
        if (fflush(stdout) != 0 && status == 0)
            status = 120;
        fflush(stderr);
        if (L->vm != NULL) {
            /* CPython's PyGC_Collect: only when enabled, with gc.callbacks;
             * the later ones are _PyGC_CollectNoFail: always, without. */
            if (ouro_gc_is_enabled(L->rt))
                collect(L);
            ov->vm.finalizing = 1;
            finalize_modules(ov);
            release_vm(ov);
            vm_framestack_free(&ov->vm);
            fflush(stdout);
            fflush(stderr);
        }
        L->vm = NULL;
        L->print_traceback = NULL;
        lang_free(L);
    }
    if (ov->alloc_stats && ov->rt != NULL)
        print_alloc_stats(ov);
    if (ov->rt != NULL)
        ouro_runtime_destroy(ov->rt);
    free(ov);
    return status;
}
