# Allocation-failure sweep input: the cycle collector. Cycles of
# instances, lists and dicts; __del__ in cycles (resurrection too);
# gc.collect, gc.callbacks, gc.get_count/thresholds, gc.garbage.
# No broad `except`.
import gc


class Node:
    def __init__(self, name):
        self.name = name
        self.links = []

    def __repr__(self):
        return "Node(%s)" % self.name


class Finalized(Node):
    def __del__(self):
        print("del", self.name)


saved = []


class Phoenix(Node):
    def __del__(self):
        saved.append(self)


def ring(cls, n, tag):
    nodes = [cls("%s%d" % (tag, i)) for i in range(n)]
    for i, node in enumerate(nodes):
        node.links.append(nodes[(i + 1) % n])
    return nodes[0]


phases = []


def on_gc(phase, info):
    phases.append((phase, info["generation"]))


gc.callbacks.append(on_gc)
gc.collect()
phases.clear()
r = ring(Node, 5, "n")
del r
print("plain ring:", gc.collect())
r = ring(Finalized, 3, "f")
del r
print("finalized ring:", gc.collect())
p = ring(Phoenix, 2, "p")
del p
print("phoenix ring:", gc.collect(), len(saved), sorted(n.name for n in saved))
saved.clear()
print("after clearing:", gc.collect())
d = {"self": None}
d["self"] = d
lst = [d]
lst.append(lst)
del d, lst
print("dict and list cycle:", gc.collect())
print("callbacks:", phases[:4])
gc.callbacks.remove(on_gc)
old = gc.get_threshold()
gc.set_threshold(50, 5, 5)
for i in range(300):
    a = Node(i)
    a.links.append(a)
gc.set_threshold(*old)
del a
gc.collect()
print("garbage:", gc.garbage, gc.isenabled())
keep = ring(Finalized, 2, "end")
print("done")
