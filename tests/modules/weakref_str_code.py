# Weak references to str subclass instances and to code objects, as in
# CPython 3.11 (int and tuple subclasses stay refused). ouro keeps a str
# subclass's weak list in the runtime's side table (its characters are
# inline, so there is no fixed field) and a code object's in a field.
import gc
import weakref


class S(str):
    pass


s = S("x")
r = weakref.ref(s, lambda w: print("callback: S gone"))
print(r() is s, weakref.getweakrefcount(s), s.__weakref__ is r, s == "x")
del s
print("after del:", r())


class S2(str):
    __slots__ = ("__weakref__",)


t = S2("y")
print("S2:", weakref.ref(t)() is t, hasattr(t, "__dict__"))


class S4(str):
    __slots__ = ()


try:
    weakref.ref(S4("z"))
except TypeError as e:
    print("S4:", e)


class SS(S):
    pass


ss = SS("q")
p = weakref.proxy(ss)
print("subclass of S:", weakref.ref(ss)() is ss, p.upper())

# In a cycle: the weak reference is cleared and its callback runs when the
# collector frees the string.
c = S("cycle")
c.me = c
rc = weakref.ref(c, lambda w: print("callback: cycle gone"))
del c
print("collected:", gc.collect() >= 1, rc())

for base in (int, tuple):
    class X(base):
        pass
    try:
        weakref.ref(X())
    except TypeError as e:
        print(base.__name__ + ":", e)


def f():
    pass


co = f.__code__
rco = weakref.ref(co, lambda w: print("callback: code gone"))
print("code:", rco() is co, weakref.getweakrefcount(co), weakref.proxy(co).co_name)
del co
g = lambda: 0
rg = weakref.ref(g.__code__, lambda w: print("callback: lambda code gone"))
del g
print("lambda code still in the module's constants:", rg() is not None)
