# Allocation-failure sweep input: weak references. ref with and without
# callbacks, proxies, WeakValueDictionary, WeakKeyDictionary, WeakSet,
# finalize, WeakMethod; callbacks that allocate. No broad `except`.
import weakref


class Obj:
    def __init__(self, name):
        self.name = name

    def method(self):
        return "method of " + self.name

    def __repr__(self):
        return "Obj(%s)" % self.name


def report(ref):
    print("callback:", ref() is None)


a = Obj("a")
r = weakref.ref(a, report)
print(r() is a, weakref.getweakrefcount(a))
p = weakref.proxy(a)
print(p.name, p.method())
del a
print(r())

objs = [Obj("o%d" % i) for i in range(6)]
wvd = weakref.WeakValueDictionary()
wkd = weakref.WeakKeyDictionary()
ws = weakref.WeakSet()
for i, o in enumerate(objs):
    wvd[o.name] = o
    wkd[o] = i * i
    ws.add(o)
print(len(wvd), len(wkd), len(ws))
del objs[::2]
print(sorted(wvd.keys()), sorted(wkd.values()), len(ws))

log = []
b = Obj("b")
f = weakref.finalize(b, log.append, "finalized b")
print(f.alive, f.peek()[0] is b)
del b
print(log, f.alive)

c = Obj("c")
wm = weakref.WeakMethod(c.method)
print(wm()())
del c
print(wm())

refs = [weakref.ref(Obj("t%d" % i), lambda ref, i=i: log.append(i)) for i in range(4)]
print(log, [x() for x in refs])
d = Obj("d")
weakref.finalize(d, print, "finalized d at exit")
print("done")
