# gc.callbacks that raise (reported, the collection completes), collect
# (a nested gc.collect() returns 0), change gc.callbacks while it is being
# called, or allocate new cycles.
import gc
def raiser(phase, info):
    if phase == "stop":
        raise ValueError("from gc callback")
gc.callbacks.append(raiser)
x = []; x.append(x); del x
print("collect", gc.collect())
gc.callbacks.remove(raiser)
depth = 0
def collector(phase, info):
    global depth
    if phase == "start" and depth < 3:
        depth += 1
        print("nested collect from callback", gc.collect())
gc.callbacks.append(collector)
x = []; x.append(x); del x
print("collect", gc.collect())
gc.callbacks.remove(collector)
def mutator(phase, info):
    gc.callbacks.append(lambda p, i: None)
    if len(gc.callbacks) > 5:
        gc.callbacks.clear()
gc.callbacks.append(mutator)
for i in range(4):
    gc.collect()
print("callbacks left", len(gc.callbacks))
def allocator(phase, info):
    global junk
    junk = [[j] for j in range(1000)]
    for j in junk: j.append(j)
gc.callbacks.append(allocator)
print(gc.collect() >= 0)
gc.callbacks.clear()
print(gc.collect() >= 1000)
print("end")
