# Which objects accept weak references: CPython 3.11's answer for each.
import sys
import weakref


def tryref(label, o):
    try:
        weakref.ref(o)
        print(label, "ok")
    except TypeError as e:
        print(label, "TypeError |", e)


def f():
    pass


class T:
    pass


class E(Exception):
    pass


class Tu(tuple):
    pass


class I(int):
    pass


class L(list):
    pass


class D(dict):
    pass


class S(set):
    pass


class Slots:
    __slots__ = ("a",)


class SlotsSub(Slots):
    pass


class SlotsWeak:
    __slots__ = ("a", "__weakref__")


class SlotsEmpty:
    __slots__ = ()


for label, o in [("int", 1), ("float", 1.0), ("str", "s"), ("tuple", ()), ("list", []),
                 ("dict", {}), ("None", None), ("bool", False), ("object", object()),
                 ("range", range(3)), ("slice", slice(1)), ("set", set()),
                 ("frozenset", frozenset()), ("function", f), ("lambda", lambda: 0),
                 ("class", T), ("type", type), ("instance", T()), ("module", weakref),
                 ("sys", sys), ("builtin", len), ("bound method", T().__init__),
                 ("builtin method", [].append), ("exception", ValueError()),
                 ("exception class", ValueError), ("exception subclass", E()),
                 ("tuple subclass", Tu()), ("int subclass", I(3)), ("list subclass", L()),
                 ("dict subclass", D()), ("set subclass", S()), ("slots", Slots()),
                 ("slots subclass", SlotsSub()), ("slots with __weakref__", SlotsWeak()),
                 ("empty slots", SlotsEmpty()), ("ref", weakref.ref(T)),
                 ("proxy", weakref.proxy(T)), ("property", property()),
                 ("iterator", iter([])), ("dict keys", {}.keys()),
                 ("NotImplemented", NotImplemented), ("Ellipsis", ...)]:
    tryref(label, o)

print(hasattr(SlotsSub(), "__dict__"), hasattr(SlotsWeak(), "__dict__"))
w = SlotsWeak()
print(w.__weakref__)
r = weakref.ref(w)
print(w.__weakref__ is r, T().__weakref__)
print(weakref.getweakrefcount(5), weakref.getweakrefs(5), weakref.getweakrefs(Slots()))
try:
    class Bad(T):
        __slots__ = ("__weakref__",)
except TypeError as e:
    print(type(e).__name__, "|", e)
print("done")
