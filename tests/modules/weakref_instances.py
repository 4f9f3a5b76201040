# Weak references to instances of ordinary classes, many at once: ouro
# keeps their list heads in the runtime's side table (no field in the
# instance), so this exercises the table growing, shrinking and losing
# entries while objects die in every way: by refcount, in cycles, inside
# callbacks that make more weak references, after resurrection.
import gc
import weakref


class Node:
    def __init__(self, i):
        self.i = i
        self.other = None


class Slotted:
    __slots__ = ("i", "__weakref__")

    def __init__(self, i):
        self.i = i


class Sub(Node):
    pass


class NoWeak:
    __slots__ = ("i",)


# __weakref__ reads the first weak reference, or None.
n = Node(0)
print(n.__weakref__)
r1 = weakref.ref(n)
r2 = weakref.ref(n, lambda w: None)
print(n.__weakref__ is r1, weakref.getweakrefcount(n), weakref.getweakrefs(n) == [r1, r2])
del r1
print(n.__weakref__ is r2, weakref.getweakrefcount(n))
del r2, n
try:
    weakref.ref(NoWeak())
except TypeError as e:
    print(e)
print("__weakref__" in Slotted.__dict__, "__weakref__" in Sub.__dict__)

# Many objects of three classes, each with one or two weak references.
N = 20000
objs = [(Node, Slotted, Sub)[i % 3](i) for i in range(N)]
refs = [weakref.ref(o) for o in objs]
extra = [weakref.ref(o, lambda w: None) for o in objs[::2]]
print(sum(1 for r in refs if r() is not None), sum(1 for r in extra if r() is not None))
print(all(refs[i]().i == i for i in range(0, N, 997)))

# Every third dies; the rest still answer.
for i in range(0, N, 3):
    objs[i] = None
print(sum(1 for r in refs if r() is None), sum(1 for r in extra if r() is None))
print(all(refs[i]() is objs[i] for i in range(N)))

# Weak references dropped in a scrambled order, then the objects.
order = list(range(N))
k = 7
for i in range(N - 1, 0, -1):
    k = (k * 1103515245 + 12345) % 2147483648
    j = k % (i + 1)
    order[i], order[j] = order[j], order[i]
for i in order[: N // 2]:
    refs[i] = None
alive = [o for o in objs if o is not None]
print(len(alive), sum(1 for o in alive if weakref.getweakrefcount(o) > 0))
objs = alive = None
print(sum(1 for r in refs if r is not None and r() is not None))

# Callbacks that make new objects with weak references while others die.
made = []
keep = []


def churn(w):
    for j in range(5):
        o = Node(j)
        keep.append(o)
        made.append(weakref.ref(o))
    if keep:
        keep.pop(0)


chain = None
wrs = []
for i in range(3000):
    c = Node(i)
    c.other = chain
    chain = c
    wrs.append(weakref.ref(c, churn))
c = None
chain = None
print(len(made), sum(1 for w in wrs if w() is None), len(keep))
print(sum(1 for w in made if w() is not None))

# The same in cyclic garbage found by the collector.
gc.collect()
made.clear()
keep.clear()
first = Node(-1)
prev = first
wrs = [weakref.ref(first, churn)]
for i in range(2000):
    c = Node(i)
    prev.other = c
    prev = c
    wrs.append(weakref.ref(c, churn))
prev.other = first
first = prev = c = None
found = gc.collect()
print(found >= 2001, len(made), sum(1 for w in wrs if w() is None))
print(sum(1 for w in made if w() is not None), len(keep))
keep.clear()
print(sum(1 for w in made if w() is not None))

# Resurrection by __del__: refcount death keeps the weak reference alive;
# in a cycle the collector clears it before __del__ runs.
saved = []


class Phoenix:
    def __del__(self):
        saved.append(self)


p = Phoenix()
w = weakref.ref(p)
del p
print(w() is saved[0])
saved.clear()
print(w())
p = Phoenix()
p.me = p
w = weakref.ref(p)
del p
gc.collect()
print(w(), len(saved))
w2 = weakref.ref(saved[0])
print(w2() is saved[0])
saved[0].me = None
saved.clear()
print(w2())

# WeakValueDictionary and WeakSet over instances.
d = weakref.WeakValueDictionary()
s = weakref.WeakSet()
objs = [Node(i) for i in range(5000)]
for o in objs:
    d[o.i] = o
    s.add(o)
print(len(d), len(s))
del objs[::2]
print(len(d), len(s))
objs = None
print(len(d), len(s))
