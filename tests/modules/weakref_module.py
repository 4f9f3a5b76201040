# The weakref and _weakref modules: their names and the types they share.
import _weakref
import weakref

print(sorted(weakref.__all__))
print(weakref.ref is _weakref.ref, weakref.proxy is _weakref.proxy)
print(weakref.getweakrefcount is _weakref.getweakrefcount)
print(weakref.ReferenceType, weakref.ProxyType, weakref.CallableProxyType)
print(weakref.ProxyTypes == (weakref.ProxyType, weakref.CallableProxyType))
print(weakref.KeyedRef.__mro__[1] is weakref.ref, weakref.WeakMethod.__mro__[1] is weakref.ref)
for name in ("ref", "proxy", "getweakrefcount", "getweakrefs", "ReferenceType",
             "ProxyType", "CallableProxyType", "_remove_dead_weakref"):
    print(name, hasattr(_weakref, name))
print(weakref.getweakrefcount.__name__, weakref.proxy.__name__)
try:
    weakref.getweakrefcount()
except TypeError as e:
    print(type(e).__name__, "|", e)
try:
    weakref.getweakrefs(1, 2)
except TypeError as e:
    print(type(e).__name__, "|", e)


class K:
    pass


k = K()
kr = weakref.KeyedRef(k, None, "key")
print(kr.key, kr() is k, kr is weakref.ref(k))
d = {"key": kr}
_weakref._remove_dead_weakref(d, "key")
_weakref._remove_dead_weakref(d, "missing")
print(list(d))
del k
_weakref._remove_dead_weakref(d, "key")
print(d)
try:
    _weakref._remove_dead_weakref({"x": 1}, "x")
except TypeError as e:
    print(type(e).__name__, "|", e)
print("done")
