# Callbacks: called once with the dead weakref, newest first, after the
# referent is gone; never for a weakref that died first; errors reported
# and ignored; in a collection weakrefs are cleared before any __del__
# runs and only those outside the garbage call back.
import gc
import weakref

log = []


class T:
    def __init__(self, name):
        self.name = name


def cb(name):
    def f(ref):
        log.append((name, ref() is None))
    return f


t = T("t")
refs = [weakref.ref(t, cb(i)) for i in range(3)]
proxy = weakref.proxy(t, lambda p: log.append("proxy"))
del t
print(log)
log.clear()

t = T("t")
kept = weakref.ref(t, cb("kept"))
dropped = weakref.ref(t, cb("dropped"))
del dropped
t = None
print(log)
log.clear()


def bad(ref):
    raise ValueError("callback failed")


t = T("t")
r1 = weakref.ref(t, cb("before"))
r2 = weakref.ref(t, bad)
r3 = weakref.ref(t, cb("after"))
try:
    raise KeyError("in flight")
except KeyError:
    del t
    print("exception still handled:", log)
log.clear()


# A callback may drop the last reference to other weakrefs.
class Holder:
    pass


t = T("t")
h = Holder()
h.r = weakref.ref(t, cb("held"))
def drop(ref):
    log.append("drop")
    del h.r
w = weakref.ref(t, drop)
del t
print(log)
log.clear()

# Cyclic garbage.
gc.disable()
gc.collect()


class D:
    def __init__(self, name):
        self.name = name
        self.me = self

    def __del__(self):
        log.append(self.name + " del, ref alive: " + str(self.ref() is not None))


d = D("d")
d.ref = weakref.ref(d, cb("inside"))
outside = weakref.ref(d, cb("outside"))
del d
gc.collect()
print(log)
log.clear()

# A __del__ that resurrects: the weakref stays dead.
saved = []


class Phoenix:
    def __del__(self):
        saved.append(self)


p = Phoenix()
p.me = p
pr = weakref.ref(p, cb("phoenix"))
del p
gc.collect()
print(log, pr(), len(saved), saved[0].me is saved[0])
gc.enable()
print("done")
