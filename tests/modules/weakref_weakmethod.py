# WeakMethod: a weak reference to a bound method that lives as long as
# both the instance and the function; a plain ref to a bound method dies
# at once.
import weakref


class C:
    def __init__(self, name):
        self.name = name

    def m(self):
        return "m of " + self.name

    @classmethod
    def cm(cls):
        return "cm of " + cls.__name__


c = C("c")
print(weakref.ref(c.m)())
wm = weakref.WeakMethod(c.m)
wm2 = weakref.WeakMethod(c.m)
print(wm()(), wm() == c.m, wm() is c.m, wm().__self__ is c)
print(wm == wm2, wm != wm2, hash(wm) == hash(wm2), wm is wm2)
print(isinstance(wm, weakref.ref), type(wm).__name__, weakref.WeakMethod.__mro__[1])
print(wm == weakref.ref(c), weakref.ref(c) == wm)
wc = weakref.WeakMethod(C.cm)
print(wc()())
log = []
wm3 = weakref.WeakMethod(c.m, lambda r: log.append(r is wm3))
del c
print(wm(), wm3(), log, wm == wm2, wm == wm)


# The function dying kills it too.
def f(self):
    return "f"


class D:
    pass


D.f = f
d = D()
wf = weakref.WeakMethod(d.f, lambda r: log.append("function gone"))
del D.f, f
print(wf(), log)

for bad in (len, 1, [].append):
    try:
        weakref.WeakMethod(bad)
    except TypeError as e:
        print(type(e).__name__, "|", e)
print("done")
