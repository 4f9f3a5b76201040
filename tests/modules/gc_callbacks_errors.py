# gc.callbacks: the info dict, errors reported as "Exception ignored in"
# (the collection and the other callbacks go on), the list changed by a
# callback, collect() from a callback, automatic collections.
import gc

gc.disable()
gc.collect()
seen = []

def record(phase, info):
    seen.append((phase, list(info.items())))

def broken(phase, info):
    raise ValueError("callback failed in " + phase)

gc.callbacks.append(broken)
gc.callbacks.append(record)
a = []
a.append(a)
del a
print("collect with a failing callback:", gc.collect())
for entry in seen:
    print(entry)
seen.clear()
gc.callbacks.remove(broken)

# One info dict is shared by the callbacks of a phase.
infos = []
def keep_info(phase, info):
    infos.append(info)
gc.callbacks.append(keep_info)
gc.callbacks.append(keep_info)
gc.collect(1)
print("same dict within a phase:", infos[0] is infos[1], "across phases:", infos[0] is infos[2])
print(infos)
gc.callbacks.remove(keep_info)
gc.callbacks.remove(keep_info)
seen.clear()

# A callback that removes itself and appends another: the list is re-read.
def late(phase, info):
    seen.append(("late", phase))
def once(phase, info):
    seen.append(("once", phase))
    gc.callbacks.remove(once)
    gc.callbacks.append(late)
gc.callbacks.insert(0, once)
gc.collect()
print([e for e in seen if e[0] != "start" and e[0] != "stop"])
gc.callbacks.remove(late)
seen.clear()

# collect() from inside a callback: a collection is running, it returns 0.
def nested(phase, info):
    seen.append(("nested collect", phase, gc.collect()))
gc.callbacks.append(nested)
gc.collect()
print([e for e in seen if e[0] == "nested collect"])
gc.callbacks.remove(nested)
seen.clear()

# Replacing the module attribute does not change the list the collector uses.
mine = gc.callbacks
gc.callbacks = []
gc.collect(0)
print("still called through the original list:", len(seen))
gc.callbacks = mine
seen.clear()

# Automatic collections call them too.
gc.set_threshold(5)
gc.enable()
junk = [[] for i in range(30)]
gc.disable()
gc.set_threshold(700, 10, 10)
print("automatic:", len(seen) > 0, seen[0][0], dict(seen[0][1])["generation"])
gc.callbacks.clear()
del junk
gc.enable()
print("done")
