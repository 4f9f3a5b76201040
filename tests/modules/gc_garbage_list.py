# gc.garbage is a real list: DEBUG_SAVEALL puts every unreachable object
# there (finalizers still run, once), saved objects are reachable again,
# clearing the list makes them garbage; replacing the module attribute
# does not move where the collector saves.
import gc

class Tracked:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)

gc.disable()
gc.collect()
print(type(gc.garbage).__name__, gc.garbage, gc.garbage is gc.garbage)
gc.set_debug(gc.DEBUG_SAVEALL)
a = Tracked("a")
b = Tracked("b")
a.other = b
b.other = a
del a, b
print("found:", gc.collect())
print("saved:", sorted(o.name for o in gc.garbage if isinstance(o, Tracked)))
print("again (reachable now):", gc.collect())
gc.set_debug(0)
saved = gc.garbage
gc.garbage = []
c = [1]
c.append(c)
del c
gc.set_debug(gc.DEBUG_SAVEALL)
print("found:", gc.collect())
gc.set_debug(0)
print("went to the original list:", len(saved), "new attribute:", gc.garbage)
gc.garbage = saved
print("stats uncollectable:", gc.get_stats()[2]["uncollectable"])
del saved
gc.garbage.clear()
print("after clearing, collected without __del__ again:", gc.collect())
print(gc.garbage)
gc.enable()
print("done")
