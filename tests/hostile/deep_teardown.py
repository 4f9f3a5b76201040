# Tearing down deep nestings: lists, dicts, tuples, instances and __slots__
# instances, each N deep (N = the first argument; 1,000,000 by default, what
# gen.sh runs CPython with: the output does not depend on N). run.sh passes
# the size of each mode below: the optimized build (`make MODE=release
# test-run`, in `make ci`) tears down 10,000,000-deep nestings of each kind
# (about 20 s and 2.2 GB peak: docs/reliability.md).
# Nothing may overflow the C stack or hit the recursion limit, and the last
# node's finalizer runs before the next statement.
# debug args: 500000
# release args: 10000000
# asan args: 300000
# valgrind args: 20000
import sys
N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
class Node:
    pass
class Slot:
    __slots__ = ("next",)
class Tail:
    def __del__(self): print("  tail finalized")
def build(kind):
    x = Tail()
    if kind == "list":
        for i in range(N): x = [x]
    elif kind == "dict":
        for i in range(N): x = {0: x}
    elif kind == "tuple":
        for i in range(N): x = (x,)
    elif kind == "inst":
        for i in range(N):
            n = Node(); n.next = x; x = n
    elif kind == "slots":
        for i in range(N):
            n = Slot(); n.next = x; x = n
    return x
for kind in ("list", "dict", "tuple", "inst", "slots"):
    x = build(kind)
    del x
    print(kind, "torn down")
