/*
 * object.h - the object layer's model: the language state, type objects,
 * their slots, the error convention and the abstract protocols.
 *
 * Every value of the language is an object of the memory core (OuroObject):
 * a reference count and a pointer to the core's type descriptor. A language
 * type is a TypeObject, itself an object, that embeds that descriptor
 * (`core`); an object's `type` points inside its TypeObject, and TYPE(o)
 * gets back to it.
 *
 * Per-runtime state. Type objects, None, True/False, the small ints and the
 * interned strings belong to one Lang, and a Lang to one OuroRuntime:
 * nothing mutable is global and nothing is shared between runtimes. The only
 * file-scope data are `const` tables (type specs, method tables). A slot
 * called by the core (dealloc, traverse, clear, finalize) finds its Lang
 * through the type: every language type has core.data == its Lang
 * (LANG_OF(o)).
 *
 * Conventions (as CPython's C API):
 *   - results are new references and arguments borrowed unless a name or
 *     comment says otherwise (`_take` steals, `_borrowed` borrows);
 *   - failure is NULL (pointer results) or -1 (int results) with an
 *     exception set in L->exc; an exception is set exactly when failure is
 *     returned;
 *   - allocation failure sets the preallocated MemoryError (err_no_memory);
 *   - every byte comes from the runtime's allocator (obj_alloc, mem_alloc),
 *     every count changes through ouro_incref/ouro_decref (obj_incref...).
 * Calls use a vector convention: positional arguments in args[0..nargs-1],
 * keyword argument values after them, their names in kwnames (a tuple of
 * str, or NULL). No argument tuple is built for a call to a built-in.
 *
 * Ownership of type objects: an instance of a heap type (a class made by a
 * class statement) owns a reference to its type, as in CPython; instances
 * of built-in types do not (the Lang owns the built-in types and frees them
 * last, in lang_free).
 *
 * docs/objects.md describes the layer as a whole (adding a type, slots and
 * dunders, instance layout, teardown, known gaps).
 */
#ifndef OURO_OBJECTS_OBJECT_H
#define OURO_OBJECTS_OBJECT_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "ouro.h"

typedef OuroObject Obj;
typedef struct Lang Lang;
typedef struct TypeObject TypeObject;

/* ------------------------------------------------------------------ */
/* Slot signatures                                                     */
/* ------------------------------------------------------------------ */

typedef Obj *(*UnaryFn)(Lang *L, Obj *a);
typedef Obj *(*BinaryFn)(Lang *L, Obj *a, Obj *b);
typedef Obj *(*TernaryFn)(Lang *L, Obj *a, Obj *b, Obj *c);
typedef int (*InquiryFn)(Lang *L, Obj *a);                 /* 0/1, -1 error */
typedef intptr_t (*LenFn)(Lang *L, Obj *a);                /* >= 0, -1 error */
typedef intptr_t (*HashFn)(Lang *L, Obj *a);               /* never -1 but on error */
typedef Obj *(*RichCmpFn)(Lang *L, Obj *a, Obj *b, int op);/* may return NotImplemented */
typedef Obj *(*GetAttrFn)(Lang *L, Obj *obj, Obj *name);   /* name: str */
typedef int (*SetAttrFn)(Lang *L, Obj *obj, Obj *name, Obj *value);   /* value NULL: delete */
typedef Obj *(*SizeArgFn)(Lang *L, Obj *obj, intptr_t i);  /* seq[i] (i >= 0), seq * n */
typedef int (*SetItemFn)(Lang *L, Obj *obj, Obj *key, Obj *value);    /* value NULL: delete */
typedef int (*ContainsFn)(Lang *L, Obj *container, Obj *item);        /* 0/1, -1 error */
typedef Obj *(*DescrGetFn)(Lang *L, Obj *descr, Obj *obj, Obj *type); /* obj may be NULL */
typedef int (*DescrSetFn)(Lang *L, Obj *descr, Obj *obj, Obj *value); /* value NULL: delete */
typedef Obj *(*CallFn)(Lang *L, Obj *callable, Obj *const *args, size_t nargs, Obj *kwnames);
typedef Obj *(*NewFn)(Lang *L, TypeObject *type, Obj *const *args, size_t nargs, Obj *kwnames);
typedef int (*InitFn)(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames);
/* Returns the next item (new), or NULL: with an exception set on error,
 * without one when exhausted (no StopIteration object is made). */
typedef Obj *(*IterNextFn)(Lang *L, Obj *iter);
/* A built-in function or method: self is the bound object (the instance for
 * a method, the type for a class method, the module or NULL for a module
 * function); args/nargs/kwnames as the vector convention. */
typedef Obj *(*CFunc)(Lang *L, Obj *self, Obj *const *args, size_t nargs, Obj *kwnames);

/* Rich comparison operators, in CPython's order. */
enum { CMP_LT, CMP_LE, CMP_EQ, CMP_NE, CMP_GT, CMP_GE };

/* Binary operators, in the order of NumberSlots.binary[] and of the
 * bytecode's BINARY_OP argument (CPython 3.11's NB_* order); the in-place
 * form of op is BINARY_OP argument NB_INPLACE + op. */
enum {
    NB_ADD, NB_AND, NB_FLOOR_DIVIDE, NB_LSHIFT, NB_MATRIX_MULTIPLY, NB_MULTIPLY,
    NB_REMAINDER, NB_OR, NB_POWER, NB_RSHIFT, NB_SUBTRACT, NB_TRUE_DIVIDE, NB_XOR,
    NB_COUNT,
    NB_INPLACE = NB_COUNT,
    /* divmod(): a binary slot with no operator, no in-place form and no
     * BINARY_OP argument (CPython's nb_divmod); obj_binary_op takes it. */
    NB_DIVMOD = NB_COUNT,
    NB_NBINARY,
};

/*
 * The number protocol. A binary slot is called for `a op b` whichever of a
 * and b is of the slot's type (CPython's convention): it returns
 * NotImplemented (a new reference) when it does not handle the pair.
 */
typedef struct NumberSlots {
    BinaryFn binary[NB_NBINARY];  /* a op b, and divmod(a, b) at NB_DIVMOD */
    BinaryFn inplace[NB_COUNT];   /* a op= b; NULL falls back to binary */
    TernaryFn power3;             /* pow(a, b, m) */
    UnaryFn negative, positive, invert, absolute;
    UnaryFn to_int, to_float, index;
    InquiryFn to_bool;
} NumberSlots;

/* The sequence protocol's extra slots. `+` and `*` try the number slots of
 * both operands first, and these only when both gave NotImplemented
 * (CPython's sq_concat/sq_repeat), so `[1] + X()` reaches X.__radd__. */
typedef struct SequenceSlots {
    BinaryFn concat;              /* a + b */
    SizeArgFn repeat;             /* a * n */
    BinaryFn inplace_concat;
    SizeArgFn inplace_repeat;
    SizeArgFn item;               /* a[i], 0 <= i < len(a) (or raises) */
} SequenceSlots;

/* ------------------------------------------------------------------ */
/* Method, getset and member tables of built-in types                  */
/* ------------------------------------------------------------------ */

enum {
    /* Calling conventions; with none of the first three the function gets
     * the vector convention as is (positional only unless METH_KEYWORDS). */
    METH_NOARGS = 1u << 0,   /* called with nargs == 0 (checked by the caller) */
    METH_O = 1u << 1,        /* called with exactly one argument (checked) */
    METH_KEYWORDS = 1u << 2, /* accepts keyword arguments (kwnames may be set) */
    METH_CLASS = 1u << 3,    /* self is the type (a classmethod) */
    METH_STATIC = 1u << 4,   /* no self (a staticmethod) */
    /* A METH_O builtin that counts no recursion level when called, as
     * CPython 3.11's specialised call of it counts none (len: the
     * PRECALL_NO_KW_LEN instruction). See meth_counts_level. */
    METH_NO_LEVEL = 1u << 5,
};

/* Whether the VM's call of a builtin or method descriptor with these
 * flags counts a recursion level (and checks the C stack), as CPython
 * 3.11's does once the call site is specialised: METH_O and METH_NOARGS
 * functions count one (PRECALL_NO_KW_BUILTIN_O,
 * PRECALL_NO_KW_METHOD_DESCRIPTOR_O/_NOARGS), the vector ones none
 * (PRECALL_NO_KW_BUILTIN_FAST, ..._METHOD_DESCRIPTOR_FAST), nor len. What
 * they call back counts its own: a Python frame its level, repr() its
 * " while getting the repr". So `len(self)` in a `__len__` recurses about
 * 990 levels deep, as in CPython, not 500. Called from C (obj_call), a
 * builtin always counts one, as CPython's vectorcall of it does. Either
 * way the C stack stays guarded: a Python frame entered from C checks it,
 * as do repr, str, comparisons and obj_call. */
static inline int meth_counts_level(unsigned flags)
{
    return (flags & (METH_O | METH_NOARGS)) != 0 && !(flags & METH_NO_LEVEL);
}

typedef struct MethodDef {
    const char *name;
    CFunc fn;
    unsigned flags;               /* METH_* */
    const char *doc;
} MethodDef;

/* A computed attribute of a built-in type. get returns a new reference or
 * NULL with an exception; set gets value NULL for deletion. */
typedef struct GetSetDef {
    const char *name;
    Obj *(*get)(Lang *L, Obj *self);
    int (*set)(Lang *L, Obj *self, Obj *value);   /* NULL: read-only */
    const char *doc;
} GetSetDef;

/* A field of the instance struct exposed as an attribute (also what
 * `__slots__` makes). */
enum {
    MEMBER_OBJECT,      /* Obj *: NULL reads as None */
    MEMBER_OBJECT_EX,   /* Obj *: NULL raises AttributeError (slots) */
    MEMBER_BOOL,        /* char, read as a bool */
    MEMBER_INTPTR,      /* intptr_t, read as an int */
};
enum { MEMBER_READONLY = 1u << 0 };

typedef struct MemberDef {
    const char *name;
    int kind;                     /* MEMBER_* */
    size_t offset;                /* from the start of the object */
    unsigned flags;               /* MEMBER_READONLY */
    const char *doc;
} MemberDef;

/* ------------------------------------------------------------------ */
/* Type objects                                                        */
/* ------------------------------------------------------------------ */

enum {
    TF_HEAPTYPE = 1u << 0,        /* made by a class statement (type_new) */
    TF_BASETYPE = 1u << 1,        /* may be subclassed */
    TF_READY = 1u << 2,           /* fully built */
    TF_IS_ABSTRACT = 1u << 3,
    /* Instances are called with self prepended rather than bound first
     * (functions, method descriptors: CPython's Py_TPFLAGS_METHOD_DESCRIPTOR):
     * a method call then allocates no bound method. */
    TF_METHOD_DESCRIPTOR = 1u << 4,
    /* Instances keep their attributes inline (see instance.h). */
    TF_INLINE_VALUES = 1u << 5,
    /* Instance layout is fixed (an instance or a subclass exists). */
    TF_LAYOUT_FIXED = 1u << 6,
    /* Fast subclass tests, as CPython's Py_TPFLAGS_*_SUBCLASS. */
    TF_INT_SUBCLASS = 1u << 8,
    TF_LIST_SUBCLASS = 1u << 9,
    TF_TUPLE_SUBCLASS = 1u << 10,
    TF_STR_SUBCLASS = 1u << 11,
    TF_DICT_SUBCLASS = 1u << 12,
    TF_BASE_EXC_SUBCLASS = 1u << 13,
    TF_TYPE_SUBCLASS = 1u << 14,
};

/* The attribute-name table shared by the instances of one class (see
 * instance.h). Owned by the type. */
typedef struct SharedKeys SharedKeys;

/*
 * A type object. Built-in types are made from a TypeSpec (typeobject.h) by
 * lang_new; classes by type_new. Invariants once TF_READY is set:
 *   - core.data is the Lang; core.name is the type's __name__ as UTF-8;
 *   - mro is a tuple starting with the type itself and ending with object;
 *     bases is a non-empty tuple (empty for object), base its solid base;
 *   - every slot is either the type's own, inherited from its bases, or (for
 *     heap types) a dispatcher calling the dunder method found in the MRO:
 *     slots always agree with the dunders visible through the MRO;
 *   - version is 0 or a tag unique in the Lang; any change to the dict of
 *     the type or of a base resets it to 0 (type_modified), which
 *     invalidates the method cache.
 */
struct TypeObject {
    OuroObject ob;                /* a type is an object (tracked) */
    OuroType core;                /* what the memory core reads; instances point here */
    Obj *name;                    /* str: __name__ */
    Obj *qualname;                /* str: __qualname__ */
    TypeObject *base;             /* __base__ (owned), NULL for object */
    Obj *bases;                   /* tuple of types */
    Obj *mro;                     /* tuple, computed by C3 */
    Obj *dict;                    /* the type's namespace (a dict) */
    OuroWeakRef *weaklist;        /* types are weak-referenceable */
    OuroWeakRef **subclasses;     /* weak references to direct subclasses */
    size_t nsubclasses, subclasses_cap;
    unsigned flags;               /* TF_* */
    uint32_t version;             /* 0: no valid tag (see above) */

    /* Instance layout beyond the C struct (see instance.h). */
    size_t solid_size;            /* bytes of the base struct plus __slots__ */
    intptr_t dict_offset;         /* __dict__ pointer: > 0 fixed, < 0 from the end, 0 none */
    size_t values_offset;         /* inline attribute values (0: none) */
    size_t n_inline;              /* capacity of the inline values */
    SharedKeys *keys;             /* attribute names of inline values, or NULL */
    size_t attr_hint;             /* expected attribute count (0: unknown) */
    MemberDef *slot_members;      /* the __slots__ members (owned array) */
    size_t nslot_members;
    Obj *slot_names;              /* tuple of their (mangled) names, or NULL */

    UnaryFn repr, str;
    HashFn hash;
    RichCmpFn richcompare;
    GetAttrFn getattro;
    SetAttrFn setattro;
    CallFn call;
    UnaryFn iter;
    IterNextFn iternext;
    LenFn length;
    BinaryFn subscript;           /* o[k] */
    SetItemFn ass_subscript;      /* o[k] = v / del o[k] */
    ContainsFn contains;
    DescrGetFn descr_get;
    DescrSetFn descr_set;
    NewFn tp_new;
    InitFn init;
    NumberSlots nb;
    SequenceSlots sq;

    const MethodDef *methods;     /* NULL-terminated; turned into dict entries */
    const GetSetDef *getsets;     /* NULL-terminated */
    const MemberDef *members;     /* NULL-terminated */
    const char *doc;
};

/* The Lang an object of a language type belongs to. */
#define LANG_OF(o) ((Lang *)((o)->type->data))

/* The TypeObject of an object of the language (not for core-only objects
 * such as the core's own weakref type). Borrowed. */
static inline TypeObject *TYPE(const Obj *o)
{
    return (TypeObject *)((char *)o->type - offsetof(TypeObject, core));
}

static inline int IS_TYPE(const Obj *o, const TypeObject *t)
{
    return o->type == &t->core;
}

static inline int TYPE_HAS(const TypeObject *t, unsigned flag)
{
    return (t->flags & flag) != 0;
}

/* ------------------------------------------------------------------ */
/* Interned identifiers                                                */
/* ------------------------------------------------------------------ */

/* Strings the object layer looks up by identity: each is interned once by
 * lang_new and held by the Lang (L->ids). Add new ones here. */
#define LANG_IDS(X)                                                            \
    X(__abs__) X(__add__) X(__and__) X(__bases__) X(__bool__) X(__call__)      \
    X(__class__) X(__class_getitem__) X(__contains__) X(__del__)               \
    X(__delattr__) X(__delete__) X(__delitem__) X(__dict__) X(__divmod__)      \
    X(__doc__) X(__eq__) X(__floordiv__) X(__float__) X(__ge__) X(__get__)     \
    X(__getattr__) X(__format__) X(__getattribute__) X(__getitem__) X(__gt__)  \
    X(__hash__) X(__iadd__) X(__iand__) X(__ifloordiv__) X(__ilshift__)        \
    X(__imatmul__) X(__imod__) X(__imul__) X(__index__) X(__init__)            \
    X(__init_subclass__) X(__instancecheck__) X(__int__) X(__invert__)         \
    X(__ior__) X(__ipow__) X(__irshift__) X(__isub__) X(__iter__)              \
    X(__itruediv__) X(__ixor__) X(__le__) X(__len__) X(__lshift__) X(__lt__)   \
    X(__matmul__) X(__missing__) X(__mod__) X(__module__) X(__mro__)           \
    X(__mul__) X(__name__) X(__ne__) X(__neg__) X(__new__) X(__next__)         \
    X(__or__) X(__pos__) X(__pow__) X(__qualname__) X(__radd__) X(__rand__)    \
    X(__rdivmod__) X(__repr__) X(__rfloordiv__) X(__rlshift__) X(__rmatmul__)  \
    X(__rmod__) X(__rmul__) X(__ror__) X(__rpow__) X(__rrshift__)              \
    X(__rshift__) X(__rsub__) X(__rtruediv__) X(__rxor__) X(__set__)           \
    X(__set_name__) X(__setattr__) X(__setitem__) X(__slots__) X(__str__)      \
    X(__sub__) X(__subclasscheck__) X(__truediv__) X(__weakref__) X(__xor__)   \
    X(builtins) X(__main__) X(mro) X(keys)

enum {
#define LANG_ID_ENUM(name) ID_##name,
    LANG_IDS(LANG_ID_ENUM)
#undef LANG_ID_ENUM
    ID_COUNT
};

/* The interned str for an identifier, borrowed: ID(L, __init__). */
#define ID(L, name) ((L)->ids[ID_##name])

/* ------------------------------------------------------------------ */
/* The language state                                                  */
/* ------------------------------------------------------------------ */

/* Exception classes created at start-up, indexed by EXC_*; exceptions.c
 * holds the table of names and bases (CPython 3.11's hierarchy). */
enum {
    EXC_BaseException, EXC_Exception, EXC_TypeError, EXC_ValueError, EXC_NameError,
    EXC_UnboundLocalError, EXC_AttributeError, EXC_KeyError, EXC_IndexError,
    EXC_LookupError, EXC_ZeroDivisionError, EXC_ArithmeticError, EXC_OverflowError,
    EXC_MemoryError, EXC_RecursionError, EXC_RuntimeError, EXC_NotImplementedError,
    EXC_StopIteration, EXC_AssertionError, EXC_ImportError, EXC_ModuleNotFoundError,
    EXC_SyntaxError, EXC_IndentationError, EXC_TabError, EXC_ReferenceError,
    EXC_SystemExit, EXC_KeyboardInterrupt, EXC_UnicodeError, EXC_UnicodeDecodeError,
    EXC_OSError, EXC_EOFError, EXC_GeneratorExit, EXC_FloatingPointError,
    EXC_Warning, EXC_ResourceWarning, EXC_DeprecationWarning, EXC_RuntimeWarning,
    EXC_UserWarning,
    /* the rest of CPython 3.11's built-in exceptions */
    EXC_StopAsyncIteration, EXC_BufferError, EXC_SystemError,
    EXC_UnicodeEncodeError, EXC_UnicodeTranslateError,
    EXC_BlockingIOError, EXC_ChildProcessError, EXC_ConnectionError,
    EXC_BrokenPipeError, EXC_ConnectionAbortedError, EXC_ConnectionRefusedError,
    EXC_ConnectionResetError, EXC_FileExistsError, EXC_FileNotFoundError,
    EXC_InterruptedError, EXC_IsADirectoryError, EXC_NotADirectoryError,
    EXC_PermissionError, EXC_ProcessLookupError, EXC_TimeoutError,
    EXC_SyntaxWarning, EXC_FutureWarning, EXC_PendingDeprecationWarning,
    EXC_ImportWarning, EXC_UnicodeWarning, EXC_BytesWarning, EXC_EncodingWarning,
    EXC_COUNT
};

#define SMALL_INT_MIN (-5)
#define SMALL_INT_MAX 256

/* A per-Lang cache of type attribute lookups (CPython's method cache):
 * entry = hash(version, name) & (METHOD_CACHE_SIZE - 1). value is borrowed
 * from the type's MRO dicts; the version tag guards it. */
#define METHOD_CACHE_SIZE 1024
typedef struct MethodCacheEntry {
    uint32_t version;
    Obj *name;                    /* interned str (compared by identity) */
    Obj *value;                   /* borrowed, may be NULL (not found) */
} MethodCacheEntry;

/* The interned strings: an open-addressing set of borrowed str pointers
 * (a str removes itself when it dies: interning is mortal, as in 3.11). */
typedef struct InternTable {
    Obj **slots;                  /* NULL: empty; INTERN_DUMMY: deleted */
    size_t size;                  /* power of two, or 0 */
    size_t used;                  /* live entries */
    size_t filled;                /* live + deleted */
} InternTable;

#define LANG_TUPLE_FREE_SIZES 20     /* CPython 3.11's PyTuple_MAXSAVESIZE */
#define LANG_TUPLE_FREE_MAX 2000     /* and PyTuple_MAXFREELIST */

struct Lang {
    OuroRuntime *rt;

    /* The exception being raised, or NULL. Its traceback is attached to it. */
    Obj *exc;
    /* The exception being handled (sys.exc_info()), or NULL. The VM keeps
     * the stack of handled exceptions; this is its top. */
    Obj *handled;

    /* Singletons and caches, owned. */
    Obj *none, *true_, *false_, *ellipsis, *not_implemented;
    Obj *empty_tuple, *empty_str;
    /* Tuple free lists (tupleobject.c): dead tuples of 1..LANG_TUPLE_FREE_SIZES
     * items kept for reuse, linked through their first item. */
    Obj *tuple_free[LANG_TUPLE_FREE_SIZES];
    uint32_t tuple_nfree[LANG_TUPLE_FREE_SIZES];
    int tuple_free_off;           /* set for good at teardown */
    Obj *small_ints[SMALL_INT_MAX - SMALL_INT_MIN + 1];
    Obj *ascii_chars[128];        /* one-character strings, made on first use */
    Obj *ids[ID_COUNT];           /* interned identifiers (LANG_IDS) */
    InternTable interned;
    Obj *memory_error;            /* preallocated MemoryError instance */
    Obj *builtins;                /* the builtins module's dict (VM), or NULL */
    Obj *modules;                 /* dict: name -> module (VM), or NULL */

    /* Built-in types, owned. Those this layer does not create yet are NULL
     * until the layer that implements them fills them in. */
    TypeObject *t_object, *t_type, *t_none, *t_bool, *t_int, *t_float, *t_str, *t_tuple,
        *t_list, *t_dict, *t_set, *t_frozenset, *t_range, *t_slice, *t_ellipsis,
        *t_notimplemented, *t_function, *t_method, *t_builtin, *t_module, *t_cell,
        *t_code, *t_frame, *t_traceback, *t_property, *t_staticmethod, *t_classmethod,
        *t_super, *t_weakref, *t_proxy, *t_callable_proxy, *t_iterators[16];
    TypeObject *t_method_descr, *t_classmethod_descr, *t_getset_descr, *t_member_descr,
        *t_wrapper_descr, *t_method_wrapper, *t_mappingproxy, *t_seqiter;
    TypeObject *t_dict_views[3], *t_dict_iters[3];   /* by DICT_KEYS/VALUES/ITEMS */
    TypeObject *t_tuple_iter, *t_str_iter;
    TypeObject *t_list_iter, *t_list_reviter, *t_set_iter;
    TypeObject *exc_types[EXC_COUNT];

    /* Recursion: depth counts nested calls through enter_recursive_call
     * (Python calls too); c_stack_limit is the lowest C stack address the
     * guard lets code reach (lang_set_stack_limit). */
    int recursion_depth;
    int recursion_limit;
    uintptr_t c_stack_limit;

    /* Indexing non-ASCII str (strobject.c): the byte offset of code point
     * str_cache_index in str_cache_str, borrowed (a string that dies or
     * moves clears it). */
    Obj *str_cache_str;
    intptr_t str_cache_index;
    size_t str_cache_offset;

    /* Objects whose repr is in progress (repr_enter): borrowed. */
    Obj **repr_stack;
    size_t repr_depth, repr_cap;

    uint32_t next_version;        /* next type version tag */
    uint32_t next_keys_version;   /* next dict table version tag (dictobject.h) */
    /* sys.set_int_max_str_digits(): the most decimal digits int <-> str
     * conversions accept, 0 for no limit (intobject.h). */
    intptr_t int_max_str_digits;
    /* A class whose last instance is being freed (see instance.c). */
    TypeObject *pending_type;
    MethodCacheEntry method_cache[METHOD_CACHE_SIZE];

    /* Printing a traceback object to stderr, for err_write_unraisable:
     * installed by the VM (NULL: tracebacks are not printed). */
    void (*print_traceback)(Lang *L, Obj *tb);

    OuroHooks saved_hooks;        /* the runtime's hooks before lang_new */
    void *vm;                     /* the VM layer's state (frames, ...) */
};

/* ------------------------------------------------------------------ */
/* References                                                          */
/* ------------------------------------------------------------------ */

static inline void obj_incref(Obj *o) { ouro_incref(o); }
static inline void obj_xincref(Obj *o) { ouro_xincref(o); }
static inline void obj_decref(Lang *L, Obj *o) { ouro_decref(L->rt, o); }
static inline void obj_xdecref(Lang *L, Obj *o) { ouro_xdecref(L->rt, o); }
static inline Obj *obj_newref(Obj *o) { return ouro_newref(o); }
static inline Obj *obj_xnewref(Obj *o) { ouro_xincref(o); return o; }
/* Stores value (stolen, may be NULL) in *slot and releases the old value last. */
static inline void obj_setref(Lang *L, Obj **slot, Obj *value) { ouro_setref(L->rt, slot, value); }
static inline void obj_clearref(Lang *L, Obj **slot) { ouro_clearref(L->rt, slot); }

/* Borrowed singletons. */
static inline Obj *obj_none(Lang *L) { return L->none; }
static inline Obj *obj_bool(Lang *L, int v) { return v ? L->true_ : L->false_; }
/* New references to them. */
static inline Obj *new_none(Lang *L) { return obj_newref(L->none); }
static inline Obj *new_bool(Lang *L, int v) { return obj_newref(v ? L->true_ : L->false_); }
static inline Obj *new_not_implemented(Lang *L) { return obj_newref(L->not_implemented); }

/* ------------------------------------------------------------------ */
/* Allocation (object.c)                                               */
/* ------------------------------------------------------------------ */

/* A new instance of type (refcount 1, fields zeroed, not tracked), or NULL
 * with MemoryError. An instance of a heap type owns a reference to it
 * (taken here). Tracks nothing: callers track once fields are valid. */
Obj *obj_alloc(Lang *L, TypeObject *type);
/* As obj_alloc for types with items (core.item_size != 0). */
Obj *obj_alloc_var(Lang *L, TypeObject *type, size_t nitems);
void instance_release_pending_type(Lang *L);   /* instance.h */
Obj *err_no_memory(Lang *L);                  /* below, errors */
/* obj_alloc_var for a built-in type (not a heap type, layout fixed), inline
 * so that creating a tuple makes one call fewer (ouro_new_var's). */
static inline Obj *obj_alloc_var_builtin(Lang *L, TypeObject *type, size_t nitems)
{
    assert(!TYPE_HAS(type, TF_HEAPTYPE) && TYPE_HAS(type, TF_LAYOUT_FIXED));
    if (L->pending_type != NULL)
        instance_release_pending_type(L);
    Obj *o = ouro_new_var(L->rt, &type->core, nitems);
    return o != NULL ? o : err_no_memory(L);
}
/* Raw memory from the runtime, MemoryError on failure (NULL). Sizes are
 * passed back on free and realloc. */
void *mem_alloc(Lang *L, size_t size);
void *mem_realloc(Lang *L, void *p, size_t old_size, size_t new_size);
void mem_free(Lang *L, void *p, size_t size);

/* Tracks / untracks a GC object with the collector. */
static inline void obj_track(Lang *L, Obj *o) { ouro_gc_track(L->rt, o); }
static inline void obj_untrack(Lang *L, Obj *o) { ouro_gc_untrack(L->rt, o); }
static inline int obj_is_gc(const Obj *o) { return (o->type->flags & OURO_TYPE_GC) != 0; }
/* Whether o may hold references that form cycles (CPython's
 * _PyObject_GC_MAY_BE_TRACKED): a GC object that is tracked, or of a type
 * that is not lazily untracked when immutable. */
int obj_may_be_tracked(const Obj *o);

/* ------------------------------------------------------------------ */
/* Errors (errors.c)                                                   */
/* ------------------------------------------------------------------ */

/* Raises an instance of exc_types[kind] with a printf-style message
 * (%s, %d, %i, %u, %ld, %lld, %zd, %zu, %c, %x, %p, %%, and for objects:
 * %U a str, %R repr(obj), %S str(obj), %T the type name of an object,
 * %N the __name__ of a type). Returns NULL, for `return err_format(...)`. */
Obj *err_format(Lang *L, int kind, const char *fmt, ...);
Obj *err_format_type(Lang *L, TypeObject *type, const char *fmt, ...);
/* As err_format, with the current exception as the new one's __cause__
 * (and __context__), as CPython's _PyErr_FormatFromCause. */
Obj *err_format_from_cause(Lang *L, int kind, const char *fmt, ...);
/* Raises exc_types[kind] with the message msg (a C string). */
Obj *err_set_string(Lang *L, int kind, const char *msg);
/* Raises exc: an exception instance, or an exception class (instantiated
 * without arguments). Borrowed. Sets __context__ from L->handled, as
 * CPython does for every raised exception. Returns NULL. */
Obj *err_set_object(Lang *L, Obj *exc);
/* Raises an instance of type made from the single argument value
 * (borrowed), as PyErr_SetObject does (KeyError(key)). Returns NULL. */
Obj *err_set_value(Lang *L, TypeObject *type, Obj *value);
/* Sets the preallocated MemoryError. Returns NULL. */
Obj *err_no_memory(Lang *L);
static inline int err_occurred(Lang *L) { return L->exc != NULL; }
/* Whether the current exception is an instance of exc_types[kind]. */
int err_matches(Lang *L, int kind);
/* Whether exc (an exception instance or class) matches what: a class or a
 * tuple of classes (for `except`). */
int err_given_matches(Lang *L, Obj *exc, Obj *what);
/* Takes the current exception out (new reference, or NULL), clearing it. */
Obj *err_fetch(Lang *L);
/* Makes exc (stolen, may be NULL) the current exception, as is (no
 * context chaining). */
void err_restore(Lang *L, Obj *exc);
void err_clear(Lang *L);
/* Reports the current exception as CPython's unraisable hook does, and
 * clears it: "Exception ignored in: <repr(obj)>" (or "Exception ignored
 * <where>: <repr(obj)>" when where is given, without ": ..." when obj is
 * NULL), the traceback if the VM installed a printer, then the exception's
 * "Type: message" line, all on stderr. For finalizers and callbacks. */
void err_write_unraisable(Lang *L, const char *where, Obj *obj);
/* Writes "Type: message" (or "Type") for exception exc to stderr: the last
 * line of a traceback. Module-qualified for classes outside builtins and
 * __main__ (CPython's format). */
void err_print_exception_line(Lang *L, Obj *exc);

/* ------------------------------------------------------------------ */
/* Abstract protocols (abstract.c)                                     */
/* ------------------------------------------------------------------ */

Obj *obj_repr(Lang *L, Obj *o);
Obj *obj_str(Lang *L, Obj *o);
/* "unhashable type: 'T'" for unhashable objects. */
intptr_t obj_hash(Lang *L, Obj *o);
/* Returns a new reference to a bool or to whatever __eq__ etc. return. */
Obj *obj_richcompare(Lang *L, Obj *a, Obj *b, int op);
/* -1 error, 0 false, 1 true. Identity implies equality for EQ (and
 * non-identity for NE), as CPython's PyObject_RichCompareBool. */
int obj_richcompare_bool(Lang *L, Obj *a, Obj *b, int op);
/* Truth: __bool__, then __len__, else true. -1 on error. */
int obj_is_true(Lang *L, Obj *o);
int obj_not(Lang *L, Obj *o);
/* Attribute access; name must be a str. */
Obj *obj_getattr(Lang *L, Obj *o, Obj *name);
/* As obj_getattr, but an AttributeError is cleared and NULL returned with
 * no exception set (for hasattr, getattr with a default). */
Obj *obj_lookup_attr(Lang *L, Obj *o, Obj *name);
Obj *obj_getattr_str(Lang *L, Obj *o, const char *name);
/* value NULL deletes. */
int obj_setattr(Lang *L, Obj *o, Obj *name, Obj *value);
int obj_setattr_str(Lang *L, Obj *o, const char *name, Obj *value);
int obj_hasattr(Lang *L, Obj *o, Obj *name);   /* 0/1, -1 error (not AttributeError) */
intptr_t obj_length(Lang *L, Obj *o);
Obj *obj_getitem(Lang *L, Obj *o, Obj *key);
int obj_setitem(Lang *L, Obj *o, Obj *key, Obj *value);
int obj_delitem(Lang *L, Obj *o, Obj *key);
/* `item in container`: __contains__, else iteration. 0/1, -1 error. */
int obj_contains(Lang *L, Obj *container, Obj *item);
Obj *obj_iter(Lang *L, Obj *o);
/* Next item (new), or NULL: exception set on error, none when exhausted. */
Obj *obj_next(Lang *L, Obj *iter);
Obj *obj_call(Lang *L, Obj *callable, Obj *const *args, size_t nargs, Obj *kwnames);
Obj *obj_call0(Lang *L, Obj *callable);
Obj *obj_call1(Lang *L, Obj *callable, Obj *arg);
Obj *obj_call2(Lang *L, Obj *callable, Obj *a, Obj *b);
/* CPython's method lookup (_PyObject_GetMethod), for `obj.name(...)`
 * without a bound method: *method gets a new reference and the result
 * says how to call it: 1, an unbound method descriptor found on the type
 * (call it with obj prepended); 0, any other attribute value (call it as
 * is); -1 on error (*method NULL, AttributeError as getattr's). */
int obj_get_method(Lang *L, Obj *obj, Obj *name, Obj **method);
/* Calls the method `name` of self: args[0] must be self, nargs counts it.
 * Uses obj_get_method (no bound method made for functions and method
 * descriptors). AttributeError if there is none. */
Obj *obj_call_method(Lang *L, Obj *name, Obj *const *args, size_t nargs, Obj *kwnames);
Obj *obj_call_method_str(Lang *L, Obj *self, const char *name, Obj *const *args, size_t nargs);
int obj_callable(Obj *o);
/* a op b for op in NB_* (NB_DIVMOD: divmod(a, b)), with reflected operands
 * and NotImplemented, as CPython's binary_op; inplace for augmented
 * assignment (a op= b, op < NB_COUNT). */
Obj *obj_binary_op(Lang *L, Obj *a, Obj *b, int op);
Obj *obj_inplace_op(Lang *L, Obj *a, Obj *b, int op);
Obj *obj_power3(Lang *L, Obj *a, Obj *b, Obj *m);
Obj *obj_negative(Lang *L, Obj *o);
Obj *obj_positive(Lang *L, Obj *o);
Obj *obj_invert(Lang *L, Obj *o);
Obj *obj_absolute(Lang *L, Obj *o);
/* operator.index(o): an int (new reference) or TypeError
 * "'T' object cannot be interpreted as an integer". */
Obj *obj_index(Lang *L, Obj *o);
/* o as a C index: obj_index then int_as_ssize; overflow raises err_kind
 * (-1 for none: clamp), as PyNumber_AsSsize_t. Returns -1 with an exception
 * on error (check err_occurred). */
intptr_t obj_as_ssize(Lang *L, Obj *o, int err_kind);
/* Type tests (no __instancecheck__ hooks): the MRO of a contains b. */
int type_is_subtype(const TypeObject *a, const TypeObject *b);
static inline int obj_isinstance(Obj *o, const TypeObject *t)
{
    return IS_TYPE(o, t) || type_is_subtype(TYPE(o), t);
}
/* isinstance(o, cls) / issubclass(derived, cls), as CPython's
 * PyObject_IsInstance / PyObject_IsSubclass: an exact type match first,
 * tuples (nested) item by item, then type(cls).__instancecheck__ /
 * __subclasscheck__ when cls is not exactly a `type`, else the real test
 * below. Calls run user code. 0/1, -1 with an exception. */
int obj_isinstance_of(Lang *L, Obj *o, Obj *cls);
int obj_issubclass_of(Lang *L, Obj *derived, Obj *cls);
/* The tests without hooks (type.__instancecheck__ / __subclasscheck__):
 * the MRO for types; isinstance also accepts o whose __class__ names a
 * subclass of cls (proxies); any object with a __bases__ tuple counts as a
 * class, searched through __bases__ (CPython's abstract classes); anything
 * else is a TypeError with CPython's messages. 0/1, -1 with an exception. */
int obj_real_isinstance(Lang *L, Obj *o, Obj *cls);
int obj_real_issubclass(Lang *L, Obj *derived, Obj *cls);
/* The type name of o as a C string (borrowed, valid while the type lives). */
static inline const char *obj_type_name(const Obj *o) { return o->type->name; }

/* C-stack and recursion guard: returns -1 with RecursionError
 * ("maximum recursion depth exceeded" + where, e.g. " while calling a
 * Python object") when the recursion limit or the C stack limit is
 * reached. Every successful enter is paired with a leave. */
int enter_recursive_call(Lang *L, const char *where);
static inline void leave_recursive_call(Lang *L) { L->recursion_depth--; }
/* The C-stack half of the guard alone, for recursive C paths that the
 * recursion limit does not count (hash of nested tuples): 0, or -1 with
 * RecursionError. One comparison when all is well. */
int check_c_stack_slow(Lang *L);
static inline int check_c_stack(Lang *L)
{
    if ((uintptr_t)__builtin_frame_address(0) >= L->c_stack_limit)
        return 0;
    return check_c_stack_slow(L);
}
/* Recomputes c_stack_limit for the calling thread's stack (lang_new does it
 * for the thread that creates the Lang). */
void lang_set_stack_limit(Lang *L);

/* Guards repr (and the like) of containers against self-containment:
 * returns 1 if o is already being repr'd (the caller prints "[...]"), 0 if
 * it was entered (call repr_leave after), -1 on error. */
int repr_enter(Lang *L, Obj *o);
void repr_leave(Lang *L, Obj *o);

#endif
