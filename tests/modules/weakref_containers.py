# WeakValueDictionary, WeakKeyDictionary and WeakSet: no strong reference to
# what they hold weakly, entries gone when their object dies, removals
# postponed while an iteration runs (also one abandoned half-way).
import weakref, sys, gc
class O:
    def __init__(self, n): self.n = n
    def __repr__(self): return "O(%d)" % self.n
d = weakref.WeakValueDictionary()
objs = [O(i) for i in range(6)]
before = sys.getrefcount(objs[0])
for i, o in enumerate(objs):
    d[i] = o
print("refcount unchanged:", sys.getrefcount(objs[0]) == before)
del o
it = iter(d.items())
k, v = next(it)
print(k, v, len(d._iterating))
del v
del objs[1:3]
print("during iteration:", len(d.data), d._pending_removals)
rest = list(it)
print(rest, len(d.data), d._pending_removals, len(d._iterating))
del rest
print(sorted(d.keys()), list(d.values()), len(d))
print(d.get(1), d.get(0), 0 in d, 1 in d)
print(d.pop(0), d.pop(0, "dflt"))
try:
    d.pop(0)
except KeyError as e:
    print("KeyError", e)
x = O(9)
print(d.setdefault(9, x) is x, d.setdefault(9, O(10)) is x)
d2 = d.copy()
print(type(d2).__name__, sorted(d2.keys()))
d.update({20: x}, y=x)
print(sorted(d.keys(), key=str))
print(len(d.valuerefs()), all(isinstance(r, weakref.KeyedRef) for r in d.itervaluerefs()))
print(repr(d).startswith("<WeakValueDictionary at 0x"))
print(d == {k: v for k, v in d.items()}, d == 3)
del d[20]
print(20 in d)
try:
    d[100] = 1
except TypeError as e:
    print(e)
d.clear(); print(len(d))
# popitem
d[1] = x
print(d.popitem())
try:
    d.popitem()
except KeyError as e:
    print("KeyError", repr(e))
# early-abandoned iterator commits removals
objs = [O(i) for i in range(3)]
w = weakref.WeakValueDictionary(enumerate(objs))
it = iter(w.values()); first = next(it)
del objs[0]
print(len(w.data), w._pending_removals)
del it
print(len(w.data), w._pending_removals, first)
# WeakKeyDictionary
class K:
    def __init__(self, n): self.n = n
    def __eq__(self, o): return isinstance(o, K) and o.n == self.n
    def __hash__(self): return hash(self.n)
    def __repr__(self): return "K(%d)" % self.n
a1 = K(1); a2 = K(1)
wk = weakref.WeakKeyDictionary()
wk[a1] = "first"
wk[a2] = "second"
print(len(wk), wk[a1], list(wk.keys())[0] is a1)
del a1
print(len(wk), a2 in wk)
ks = [K(i) for i in range(4)]
wk = weakref.WeakKeyDictionary({k: k.n for k in ks})
it = iter(wk.items()); print(next(it))
del ks[2]
print(len(wk), len(wk.data), len(wk._pending_removals))
print(sorted(v for k, v in it))
del it
print(len(wk), len(wk.data), sorted(wk.values()), wk.get(ks[0]), wk.get(K(99), "no"))
print(wk.pop(ks[0]), wk.setdefault(ks[1], 5), wk.setdefault(K(50), 5) if False else "-")
print(sorted(k.n for k in wk.keyrefs() and wk), 3 in wk, [] in wk)
print(repr(wk).startswith("<WeakKeyDictionary at 0x"))
c = wk.copy(); print(type(c).__name__, len(c))
del wk[ks[1]]; print(len(wk))
wk.update(x=1) if False else None
print(wk.popitem())
# WeakSet
ws = weakref.WeakSet()
items = [K(i) for i in range(5)]
ws.update(items)
print(len(ws), K(2) in ws, 5 in ws, [] in ws)
it = iter(ws); n0 = next(it)
del items[0:3]
print(len(ws), len(ws._pending_removals))
del n0
print(sorted(x.n for x in it), len(ws))
del it
print(len(ws))
other = weakref.WeakSet(items)
print(ws == other, ws | other == ws, len(ws & other), len(ws - other), len(ws ^ other), ws <= other, ws < other)
print(ws.issubset(items), ws.issuperset(items), ws.isdisjoint([]))
print(ws.pop() in items, len(ws))
ws.discard(items[0]); ws.discard(items[1]); print(len(ws))
try: ws.pop()
except KeyError as e: print("KeyError", e)
try: ws.remove(items[0])
except KeyError as e: print("KeyError", type(e.args[0]).__name__)
ws.add(items[0]); ws.remove(items[0]); print(len(ws))
print(repr(weakref.WeakSet()))
# refcounts
k = K(77)
rc = sys.getrefcount(k)
ws.add(k); wk[k] = 1
print("no strong refs:", sys.getrefcount(k) == rc)
# cyclic garbage in containers
c = K(5); c.me = c
ws.add(c); wv = weakref.WeakValueDictionary(); wv["c"] = c
del c
print(len(ws), len(wv))
gc.collect()
print(len(ws), len(wv))
# An iteration keeps its container alive, as a generator holds self.
objs = [O(i) for i in range(3)]
wv = weakref.WeakValueDictionary(enumerate(objs))
probe = weakref.ref(wv)
it = iter(wv.values())
print(next(it))
del wv
print("kept by its iteration:", probe() is not None)
del it
print("freed with it:", probe() is None)
print("done")
