# At exit, objects left in gc.garbage are reported under
# DEBUG_UNCOLLECTABLE. CPython issues "gc: N uncollectable objects at
# shutdown" as a ResourceWarning, shown only with warnings enabled; ouro has
# no warnings filter and shows it whenever the flag is set, so the expected
# stderr is CPython's under `python3 -W default` (docs/gc.md).
# python3 flags: -W default
import gc

class Kept:
    pass

gc.set_debug(gc.DEBUG_SAVEALL)
k = Kept()
k.me = k
del k
print("saved:", gc.collect())
gc.set_debug(gc.DEBUG_UNCOLLECTABLE)
print("exiting with", len(gc.garbage), "object in gc.garbage")
