# Built-in types are not tracked by the collector (CPython's static types
# are not); classes made by a class statement are, and are collected.
import gc
import sys
import weakref

builtin = [object, type, int, bool, float, str, tuple, list, dict, set, frozenset,
           range, slice, type(None), type(len), type(lambda: 0), type(sys),
           ValueError, BaseException, KeyError, StopIteration, weakref.ref,
           type(iter([])), type(iter(range(3))), type(sys.version_info),
           type(sys.implementation), enumerate, zip, map, filter, reversed,
           staticmethod, classmethod, property, super]
print([t.__name__ for t in builtin if gc.is_tracked(t)])


class C:
    pass


class E(ValueError):
    pass


print(gc.is_tracked(C), gc.is_tracked(E), gc.is_tracked(type("D", (), {})))

# Built-in types still work as bases and in cycles that the collector
# clears: a class cycle through its MRO dies in a collection.
gc.collect()
r = weakref.ref(C)
del C
print(r() is not None)
print(gc.collect() > 0, r())

# What built-in types hold stays alive.
print(int.__add__(2, 3), len(dict.__dict__) > 10, ValueError("x").args)
for _ in range(3):
    gc.collect()
print(str.upper("ok"), issubclass(E, Exception), [k for k in vars(bool) if k == "__and__"])
