# The collector's debug lines (DEBUG_STATS, DEBUG_COLLECTABLE, DEBUG_SAVEALL)
# go through sys.stderr as in CPython, so a script can capture them.
# Addresses, timings and generation sizes vary: they are masked here.
import gc
import sys

class Capture:
    def __init__(self):
        self.text = ""
    def write(self, s):
        self.text += s
        return len(s)
    def flush(self):
        pass

def mask(line):
    # "<list 0x7f...>" -> "<list ADDR>", "0.0001s elapsed" -> "Ts elapsed",
    # "generation: 5 0 1234" -> "generation: N N N"
    i = line.find(" 0x")
    if i >= 0:
        j = line.find(">", i)
        line = line[:i] + " ADDR" + line[j:]
    if line.endswith("s elapsed"):
        head, _, tail = line.rpartition(", ")
        line = head + ", Ts elapsed"
    if line.startswith("gc: objects in each generation:"):
        line = "gc: objects in each generation: N N N"
    return line

def run(flags, make_garbage, generation=2):
    gc.collect()
    cap = Capture()
    make_garbage()
    old = sys.stderr
    sys.stderr = cap
    gc.set_debug(flags)
    try:
        n = gc.collect(generation)
    finally:
        gc.set_debug(0)
        sys.stderr = old
    print("flags", flags, "generation", generation, "returned", n)
    for line in cap.text.splitlines():
        print("   ", mask(line))

class Node:
    pass

def two_lists():
    a = []
    b = [a]
    a.append(b)

def instance_cycle():
    n = Node()
    n.me = n

def self_dict():
    d = {}
    d["d"] = d

gc.disable()
run(gc.DEBUG_STATS, two_lists)
run(gc.DEBUG_STATS, two_lists, 0)
run(gc.DEBUG_COLLECTABLE, two_lists)
run(gc.DEBUG_COLLECTABLE, instance_cycle)
run(gc.DEBUG_COLLECTABLE, self_dict)
run(gc.DEBUG_COLLECTABLE | gc.DEBUG_STATS, lambda: None)
run(gc.DEBUG_UNCOLLECTABLE, two_lists)
run(gc.DEBUG_LEAK, self_dict)
print("garbage:", [type(o).__name__ for o in gc.garbage])
gc.garbage.clear()
print("freed once the garbage list lets go:", gc.collect())
# Debug output never reaches stdout, and stderr is empty when no flag is set.
cap = Capture()
sys.stderr = cap
two_lists()
gc.collect()
sys.stderr = sys.__stderr__
print("captured without flags:", repr(cap.text))
gc.enable()
