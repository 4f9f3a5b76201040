# Leaks on purpose, for tests/leakcheck.sh: every run appends a new
# object to a list kept on the sys module, which outlives __main__ (as
# a cache in a persistent module would). `ouro -X leakcheck=N` must exit
# with status 2 and name the type that grows; a normal run is fine.
import sys


class Node:
    def __init__(self, payload):
        self.payload = payload


cache = getattr(sys, "_leak_on_purpose", None)
if cache is None:
    cache = sys._leak_on_purpose = []
cache.append(Node([1, 2, 3]))
print("cached", len(cache) > 0)
