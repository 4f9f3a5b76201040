# ouro only (uses the private sys._ouro_mem_in_use; its .out is written by
# hand, not by gen.sh): sys.getsizeof is exactly what the allocator holds.
# 10,000 fresh objects of several kinds are made while nothing else is
# allocated for good; the sum of their sizes must equal the growth of the
# allocator's bytes in use, and after they are dropped everything is back.
import gc
import sys

class Point:
    def __init__(self, x):
        self.x = x
        self.y = None

class Slotted:
    __slots__ = ("a", "b")

def fresh(k, i):
    if k == 0:
        return [None, None, i]          # list and its item array
    if k == 1:
        return {"a": None, "b": None}   # dict and its table
    if k == 2:
        return {None, True, 0.5}        # set (small table inside)
    if k == 3:
        return "ab" * (i % 50 + 2)      # str built at run time
    if k == 4:
        return 2 ** 100 + i             # two-word int
    if k == 5:
        return i + 0.5                  # float
    if k == 6:
        return (None, True, i)
    if k == 7:
        return Point(None)              # instance with inline values
    if k == 8:
        return Slotted()
    if k == 9:
        return lambda: None             # function (its code is shared)
    return set(range(20))               # set with an external table

N = 10000
kinds = 11
objs = [None] * N
warm = [fresh(k, 7) for k in range(kinds)]   # first instances fix the classes' layouts
small = [fresh(k, 7) for k in range(kinds)]
del small
# A full collection empties the tuple free lists (as CPython's), so the
# tuples below are fresh blocks too.
gc.collect()
i = 0
before = sys._ouro_mem_in_use()
while i < N:
    objs[i] = fresh(i % kinds, i)
    i += 1
after = sys._ouro_mem_in_use()
total = 0
for o in objs:
    total += sys.getsizeof(o)
print("objects:", len(objs))
# The ints fresh() stored inside lists and tuples (i itself) are objects
# of their own: counted through the containers' items.
inner = 0
for o in objs:
    if type(o) in (list, tuple):
        for x in o:
            if type(x) is int and x > 256:
                inner += sys.getsizeof(x)
# Two more fresh ints: i, still bound to N, and before (made after the
# reading it holds).
grown = after - before - sys.getsizeof(i) - sys.getsizeof(before)
print("sizes add up:", total + inner == grown)
if total + inner != grown:
    print(total, inner, grown)
objs = None
del o, x
print("all freed:", sys._ouro_mem_in_use() <= before)
