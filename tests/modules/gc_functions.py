# Each gc function on its ordinary path (the argument errors are in
# gc_args.py): results that CPython 3.11 gives exactly.
import gc

print(sorted(n for n in dir(gc) if not n.startswith("__")))
print(gc.DEBUG_STATS, gc.DEBUG_COLLECTABLE, gc.DEBUG_UNCOLLECTABLE, gc.DEBUG_SAVEALL, gc.DEBUG_LEAK)
print("defaults:", gc.isenabled(), gc.get_threshold(), gc.get_debug(), gc.get_freeze_count())

gc.disable()
print("disabled:", gc.isenabled(), gc.disable(), gc.isenabled())
gc.enable()
gc.enable()
print("enabled:", gc.isenabled())
gc.disable()

# collect() counts unreachable objects; generations age.
gc.collect()
print("count after a full collection:", gc.get_count()[1:])
gc.collect(0)
gc.collect(0)
print("after two young ones:", gc.get_count()[1:])
gc.collect(1)
print("after a middle one:", gc.get_count()[1:])
ring = [[] for i in range(5)]
for i in range(5):
    ring[i].append(ring[(i + 1) % 5])
del ring
print("ring of 5 lists:", gc.collect(0))
d = {}
d["self"] = d
gc.collect(0)
gc.collect(1)
del d
print("aged into generation 2, collect(0) and (1):", gc.collect(0), gc.collect(1), "collect(2):", gc.collect(2))

# get_stats: a collection of g counts in g only.
before = gc.get_stats()
x = []
x.append(x)
del x
gc.collect(1)
after = gc.get_stats()
print([{k: after[g][k] - before[g][k] for k in after[g]} for g in range(3)])

# set_threshold keeps the ones not given.
gc.set_threshold(100)
print(gc.get_threshold())
gc.set_threshold(100, 5)
print(gc.get_threshold())
gc.set_threshold(700, 10, 10)
print(gc.get_threshold())

# get_objects by generation.
young = ["young"]
print("young in gen 0:", any(o is young for o in gc.get_objects(0)),
      "in gen 1:", any(o is young for o in gc.get_objects(1)))
gc.collect(0)
print("after collect(0), in gen 1:", any(o is young for o in gc.get_objects(generation=1)))
gc.collect()
print("after collect(), in gen 2:", any(o is young for o in gc.get_objects(2)),
      "in all:", any(o is young for o in gc.get_objects()),
      "None means all:", any(o is young for o in gc.get_objects(None)))

# referents and referrers.
inner = ["inner"]
outer = [inner, 5]
print("referents:", gc.get_referents(outer) == [inner, 5] or gc.get_referents(outer) == [5, inner],
      gc.get_referents(1, "s"), gc.get_referents())
holder = {"k": inner}
refs = gc.get_referrers(inner)
print("referrers:", any(r is outer for r in refs), any(r is holder for r in refs),
      gc.get_referrers())

# is_finalized.
class F:
    def __del__(self):
        print("in __del__: finalized =", gc.is_finalized(self))
        global saved
        saved = self
f = F()
print("before:", gc.is_finalized(f), gc.is_finalized(1))
f.me = f
del f
gc.collect()
print("resurrected, finalized:", gc.is_finalized(saved))
saved.me = None
del saved

# freeze / unfreeze.
gc.collect()
gc.freeze()
print("frozen:", gc.get_freeze_count() > 0, "generations empty:", gc.get_objects() == [])
z = []
z.append(z)
print("a frozen cycle is not collected:", gc.collect())
gc.unfreeze()
print("unfrozen:", gc.get_freeze_count(), "back in generation 2:", len(gc.get_objects(2)) > 0)
del z
print("collected once unfrozen:", gc.collect())
gc.enable()
print("done")
