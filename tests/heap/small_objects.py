# Run under `-X max-heap=64M` (tests/heap/run.sh, which also checks the
# peak RSS): small strings and tuples, pool blocks whose size classes
# (8 bytes apart) round up what is asked for, fill the cap; the MemoryError is
# caught and the objects are checked. CPython has no such limit: its
# loop stops at LIMIT and it prints "no MemoryError".
LIMIT = 2000000
items = []
caught = False
try:
    while len(items) < LIMIT:
        i = len(items)
        items.append(("%d" % i, i))
except MemoryError:
    # Room first, with calls that allocate nothing: at the limit even
    # range(100) below may fail (see grow_past_limit.py).
    items.pop()
    items.pop()
    items.pop()
    caught = True
for k in range(100):
    items.pop()
print("MemoryError caught" if caught else "no MemoryError")
ok = True
for i in range(0, len(items), 3):
    if items[i] != ("%d" % i, i):
        ok = False
print("more than 300,000 pairs:", len(items) > 300000, "intact:", ok)
