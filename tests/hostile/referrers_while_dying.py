# gc.get_objects() and gc.get_referrers() called from finalizers and weak
# reference callbacks while their objects die, and objects dropped while
# the list of gc.get_objects() is walked.
import gc, weakref
class Node:
    def __init__(self, i): self.i = i
    def __del__(self):
        objs = gc.get_objects()
        refs = gc.get_referrers(self)
        print("del", self.i, "objects>0", len(objs) > 0, "referrers", type(refs).__name__)
        del objs, refs
a = Node(1); b = Node(2); a.o = b; b.o = a
del a, b
print("gc", gc.collect())
# weakref callback that walks gc.get_objects()
class T: pass
def cb(r):
    n = 0
    for o in gc.get_objects():
        n += 1
    print("cb walked", n > 0)
t = T(); t.me = t; w = weakref.ref(t, cb); del t
print("gc", gc.collect())
# get_referrers of objects inside a dying cycle, from a finalizer
holder = []
class H:
    def __del__(self):
        for r in gc.get_referrers(self):
            holder.append(type(r).__name__)
x = H(); y = [x]; y.append(y); x.y = y
del x, y
gc.collect()
print(sorted(set(holder)))
# get_objects while objects are dropped in a loop
l = [[i] for i in range(1000)]
for o in gc.get_objects():
    if l:
        l.pop()
print("left", len(l))
print("end")
