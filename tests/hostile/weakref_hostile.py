# Weak reference callbacks that keep their weakref, raise, collect, drop
# other objects, try to make weakrefs to the (dead) weakref, or drop the other
# weakrefs of the same referent; a __del__ that makes a weakref with a callback
# to its dying object; callbacks on a collected cycle; a WeakValueDictionary
# emptied while its keys are iterated.
import gc, weakref, sys
class T:
    def __init__(self, n): self.n = n
keep = []
# callback that resurrects... the referent is gone; callback keeps the ref
def cb_keep(ref):
    print("cb keep, referent", ref())
    keep.append(ref)
t = T(1); r = weakref.ref(t, cb_keep); del t
print("kept", len(keep), keep[0]() is None)
# callback that raises
def cb_raise(ref):
    raise RuntimeError("cb")
t = T(2); r2 = weakref.ref(t, cb_raise); del t
print("after raising callback")
# callback that collects
def cb_collect(ref):
    print("cb collect", gc.collect() >= 0)
t = T(3); t.me = t; r3 = weakref.ref(t, cb_collect); del t
print("gc", gc.collect())
# callback drops other objects, including other weakrefs' referents
class L:
    def __init__(self, i): self.i = i
    def __del__(self): print("L del", self.i)
others = [L(1), L(2)]
def cb_drop(ref):
    print("cb drop")
    others.clear()
t = T(4); r4 = weakref.ref(t, cb_drop); del t
# callback creates new weakrefs to the dying object (referent already None)
t = T(5)
made = []
def cb_new(ref):
    print("cb new, referent", ref())
    try:
        made.append(weakref.ref(ref))
    except TypeError as e:
        print("TypeError", e)
r5 = weakref.ref(t, cb_new); del t
print("made", len(made))
# __del__ that creates weakrefs to self, with callbacks
class Self:
    def __del__(self):
        print("Self del makes weakref")
        global wself
        wself = weakref.ref(self, lambda r: print("wself cb"))
s = Self(); del s
print("wself alive?", wself() is not None)
gc.collect()
# many weakrefs with callbacks to one object, each callback drops the next ref
t = T(6)
refs = []
def chain_cb(ref):
    if refs:
        refs.pop()
    print("chain cb")
for i in range(5):
    refs.append(weakref.ref(t, chain_cb))
del t
print("refs left", len(refs))
# weakref callbacks on a cycle, where callback resurrects cycle peer
class P:
    pass
a = P(); b = P(); a.b = b; b.a = a
got = []
def cb_peer(ref):
    print("cb peer", ref() is None)
wa = weakref.ref(a, cb_peer); wb = weakref.ref(b, cb_peer)
del a, b
print("gc", gc.collect())
d = weakref.WeakValueDictionary()
class V: pass
vals = [V() for i in range(100)]
for i, v in enumerate(vals): d[i] = v
for k in list(d.keys()):
    vals.pop()
print("wvd len", len(d))
print("end")
