# A tour of automatic memory management, as ouro (and CPython) does it.
#
#   build/ouro examples/tour.py        (`make demo` runs it)
#   python3 examples/tour.py           (the same tour on CPython 3.11)
#
# Each part prints what it shows. Nothing here is simulated: the counts
# are the objects' real reference counts, the sizes their real sizes and
# the collections real runs of the cycle collector.

import gc
import sys
import weakref


def part(title):
    print()
    print("== " + title)


class Tracked:
    """An object that says when it is reclaimed."""

    def __init__(self, name):
        self.name = name
        self.other = None

    def __repr__(self):
        return "Tracked(" + repr(self.name) + ")"

    def __del__(self):
        print("   __del__ of", self.name)


# ---------------------------------------------------------------------
part("1. Names hold references, not values")
a = Tracked("a")
# getrefcount counts its own argument too: one name plus the argument is 2.
print("a fresh object bound to one name: getrefcount =", sys.getrefcount(a))
box = [a, a]
print("after putting it twice in a list:  getrefcount =", sys.getrefcount(a))
del box
print("after deleting the list:           getrefcount =", sys.getrefcount(a))

# ---------------------------------------------------------------------
part("2. Assignment and argument passing share the object")
b = a
print("b = a: same object?", b is a, "- getrefcount =", sys.getrefcount(a))


def rename(obj, new):
    obj.name = new  # the parameter is one more reference to the caller's object


rename(b, "a/b")
print("renamed through a function's parameter, seen through a:", a)
del b

# ---------------------------------------------------------------------
part("3. Rebinding a name drops the old object's count")
print("binding a to something else:")
a = Tracked("second")
print("   (the first object was reclaimed on the line above, before this print)")

# ---------------------------------------------------------------------
part("4. Reclamation is immediate: the last reference goes, __del__ runs")
print("before del")
del a
print("after del")
print("a temporary dies as soon as the call that used it returns:")
print("   len of a temporary's name:", len(Tracked("temp").name))

# ---------------------------------------------------------------------
part("5. Containers grow in steps and shrink again")
items = []
last = sys.getsizeof(items)
print("empty list:", last, "bytes")
for i in range(20):
    items.append(i)
    size = sys.getsizeof(items)
    if size != last:
        print("   at length", len(items), "the list grows to", size, "bytes")
        last = size
while len(items) > 2:
    items.pop()
    size = sys.getsizeof(items)
    if size != last:
        print("   at length", len(items), "it shrinks to", size, "bytes")
        last = size
d = {}
last = sys.getsizeof(d)
for i in range(12):
    d[i] = i
    if sys.getsizeof(d) != last:
        last = sys.getsizeof(d)
        print("   at", len(d), "key(s) the dict's table grows to", last, "bytes")

# ---------------------------------------------------------------------
part("6. A reference cycle: counting alone never frees it")
x = Tracked("x")
y = Tracked("y")
x.other = y
y.other = x  # x -> y -> x
print("x and y refer to each other; dropping both names...")
del x, y
print("...runs no __del__: each still has a count of one, from the other")
print("the cycle collector finds them (trial deletion):")
found = gc.collect()
print("gc.collect() found", found, "unreachable objects")

# ---------------------------------------------------------------------
part("7. The collector runs by itself, and can be tuned or switched off")
print("thresholds (generation 0, 1, 2):", gc.get_threshold())
gc.collect()
before = gc.get_count()[0]
keep = [[] for _ in range(100)]
print("allocating 100 lists moved generation 0's count by", gc.get_count()[0] - before)
del keep
gc.disable()
print("gc.disable(): automatic collection is off; isenabled() =", gc.isenabled())
p = Tracked("p")
p.other = p  # a cycle of one
del p
print("a cycle made while the collector is off stays, until collected by hand:")
gc.collect()
gc.enable()
print("gc.enable(): isenabled() =", gc.isenabled())

# ---------------------------------------------------------------------
part("8. Hunting a leak: DEBUG_SAVEALL keeps what the collector found")
gc.set_debug(gc.DEBUG_SAVEALL)
leak = []
leak.append(leak)  # a list that contains itself
del leak
n = gc.collect()
print("collected", n, "object(s); gc.garbage now holds", len(gc.garbage), "of them:")
for obj in gc.garbage:
    print("   a", type(obj).__name__, "of length", len(obj), "that contains itself:",
          obj[0] is obj)
gc.set_debug(0)
gc.garbage.clear()
print("gc.garbage cleared; DEBUG_LEAK (= COLLECTABLE | UNCOLLECTABLE | SAVEALL)",
      "also prints each object found to stderr")

# ---------------------------------------------------------------------
part("9. Weak references do not keep their object alive")
t = Tracked("target")
r = weakref.ref(t, lambda ref: print("   callback: the weakref is now dead:", ref() is None))
print("weakref alive, r() is t:", r() is t, "- getrefcount(t) =", sys.getrefcount(t))
del t
print("after del t, r() returns", r())

part("10. A cache that forgets what nobody uses: WeakValueDictionary")


class Image:
    def __init__(self, name):
        self.name = name


cache = weakref.WeakValueDictionary()


def load(name):
    img = cache.get(name)
    if img is None:
        print("   loading", name)
        img = Image(name)
        cache[name] = img
    return img


first = load("logo")
again = load("logo")
print("second load came from the cache:", first is again, "- entries:", len(cache))
del first, again
print("after the last user drops it the entry is gone: entries =", len(cache))

print()
print("End of the tour.")
